//! The audit log's host actions in sled: `audit/<event>/<seq>` entries and the
//! `auditseq/<event>` counter. Entries are only ever added: every write of one goes through
//! an `AuditTurn`, which hands out the next number while no other entry can be added.

use super::{encode, Result, Store, StoreError};
use app::domain::Id;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{MutexGuard, PoisonError};

/// A host's action, kept for the audit log; entries are only ever added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Given when the entry is written.
    pub seq: u64,
    pub at: String,
    /// `host`, or `cli` for the `leitai` command line.
    pub actor: String,
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenter: Option<Id>,
    #[serde(default)]
    pub detail: serde_json::Value,
}

impl AuditRecord {
    /// A host's action now, to be numbered when written.
    pub fn host(action: &str, presenter: Option<Id>, detail: serde_json::Value) -> AuditRecord {
        AuditRecord {
            seq: 0,
            at: crate::clock::now_rfc3339(),
            actor: "host".into(),
            action: action.into(),
            presenter,
            detail,
        }
    }
}

pub(super) fn audit_key(event: &Id, seq: u64) -> String {
    format!("audit/{event}/{seq:020}")
}

pub(super) fn audit_seq_key(event: &Id) -> String {
    format!("auditseq/{event}")
}

/// The right to add audit entries, held until the write that carries them is applied.
pub(super) struct AuditTurn<'a> {
    store: &'a Store,
    _gate: MutexGuard<'a, ()>,
    next: HashMap<Id, u64>,
}

impl AuditTurn<'_> {
    /// The keys and values that append `entry` to `event`'s log, numbered.
    pub(super) fn writes(
        &mut self,
        event: &Id,
        mut entry: AuditRecord,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let seq = match self.next.get(event) {
            Some(seq) => *seq,
            None => self.store.get::<u64>(&audit_seq_key(event))?.unwrap_or(0) + 1,
        };
        // Never overwrite: a counter behind its entries means the data dir was tampered with.
        if self.store.db.contains_key(audit_key(event, seq))? {
            return Err(StoreError::Corrupt {
                key: audit_seq_key(event),
                message: format!("audit entry {seq} exists already"),
            });
        }
        self.next.insert(event.clone(), seq + 1);
        entry.seq = seq;
        Ok(vec![
            (audit_seq_key(event), encode(&seq)),
            (audit_key(event, seq), encode(&entry)),
        ])
    }

    /// Adds `entry` to a batch.
    pub(super) fn add(
        &mut self,
        batch: &mut sled::Batch,
        event: &Id,
        entry: AuditRecord,
    ) -> Result<()> {
        for (key, value) in self.writes(event, entry)? {
            batch.insert(key.as_bytes(), value);
        }
        Ok(())
    }
}

impl Store {
    pub(super) fn audit_turn(&self) -> AuditTurn<'_> {
        AuditTurn {
            store: self,
            _gate: self
                .audit_gate
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
            next: HashMap::new(),
        }
    }

    /// Appends an audit entry on its own.
    pub fn append_audit(&self, event: &Id, entry: AuditRecord) -> Result<()> {
        let mut turn = self.audit_turn();
        let mut batch = sled::Batch::default();
        turn.add(&mut batch, event, entry)?;
        self.db.apply_batch(batch)?;
        Ok(())
    }

    /// The host actions of the audit log, oldest first.
    pub fn audit(&self, event: &Id) -> Result<Vec<AuditRecord>> {
        self.scan(&format!("audit/{event}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_written_at_once_from_many_threads_each_get_their_own_number() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let event = Id::parse("demo").unwrap();
        std::thread::scope(|s| {
            for t in 0..8 {
                let (store, event) = (&store, &event);
                s.spawn(move || {
                    for i in 0..25 {
                        let detail = serde_json::json!({"thread": t, "i": i});
                        store
                            .append_audit(event, AuditRecord::host("test", None, detail))
                            .unwrap();
                    }
                });
            }
        });
        let log = store.audit(&event).unwrap();
        let numbers: Vec<u64> = log.iter().map(|e| e.seq).collect();
        assert_eq!(numbers, (1..=200).collect::<Vec<_>>(), "none overwritten");
    }

    #[test]
    fn a_counter_behind_its_entries_is_refused_rather_than_overwriting_one() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let event = Id::parse("demo").unwrap();
        let entry = || AuditRecord::host("test", None, serde_json::Value::Null);
        store.append_audit(&event, entry()).unwrap();
        store.append_audit(&event, entry()).unwrap();
        store
            .db
            .insert(audit_seq_key(&event), encode(&1u64))
            .unwrap();
        let err = store.append_audit(&event, entry()).unwrap_err();
        assert!(err.to_string().contains("exists already"), "{err}");
        assert_eq!(store.audit(&event).unwrap().len(), 2);
    }
}
