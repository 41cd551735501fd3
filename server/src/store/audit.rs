//! The audit log's host actions in sled: `audit/<event>/<seq>` entries and the
//! `auditseq/<event>` counter. Entries are only ever added: every write of one goes through
//! an `AuditTurn`, which hands out the next number while no other entry can be added.

use super::{encode, Result, Store, StoreError};
use app::domain::Id;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

/// Numbers audit entries for one write; the writer's thread only, so no other entry is
/// added meanwhile.
pub(super) struct AuditTurn<'a> {
    store: &'a Store,
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
            None => {
                self.store
                    .head_get::<u64>(&audit_seq_key(event))?
                    .unwrap_or(0)
                    + 1
            }
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
}

impl Store {
    pub(super) fn audit_turn(&self) -> AuditTurn<'_> {
        AuditTurn {
            store: self,
            next: HashMap::new(),
        }
    }

    /// The writes (for `write_batch`) that append `entry` to `event`'s log.
    pub(super) fn audit_writes(
        &self,
        event: &Id,
        entry: AuditRecord,
    ) -> Result<Vec<(String, Option<Vec<u8>>)>> {
        let writes = self.audit_turn().writes(event, entry)?;
        Ok(writes.into_iter().map(|(k, v)| (k, Some(v))).collect())
    }

    /// Appends an audit entry on its own. The writer's thread only.
    pub fn append_audit(&self, event: &Id, entry: AuditRecord) -> Result<()> {
        self.write_batch(self.audit_writes(event, entry)?)
    }

    /// The host actions of the audit log, oldest first.
    pub fn audit(&self, event: &Id) -> Result<Vec<AuditRecord>> {
        self.scan(&format!("audit/{event}/"))
    }

    /// The audit log as the writer sees it, entries not flushed yet included.
    pub fn head_audit(&self, event: &Id) -> Result<Vec<AuditRecord>> {
        self.head_scan(&format!("audit/{event}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn entries_sent_at_once_from_many_tasks_each_get_their_own_number() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let writer = crate::writer::Writer::start(store.clone());
        let event = Id::parse("demo").unwrap();
        let mut tasks = Vec::new();
        for t in 0..8 {
            let (writer, event) = (writer.clone(), event.clone());
            tasks.push(tokio::spawn(async move {
                for i in 0..25 {
                    let (event, detail) = (event.clone(), serde_json::json!({"thread": t, "i": i}));
                    writer
                        .apply(move |store| {
                            store.append_audit(&event, AuditRecord::host("test", None, detail))
                        })
                        .await
                        .unwrap()
                        .unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
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
        store.flush_blocking().unwrap();
        assert_eq!(store.audit(&event).unwrap().len(), 2);
    }
}
