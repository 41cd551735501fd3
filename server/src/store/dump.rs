//! A whole event out of sled and back in, record for record: what `leitai export` writes
//! and `leitai import` loads (see `backup.rs` for the file around it).

use super::audit::{audit_key, audit_seq_key, AuditRecord};
use super::items::{item_key, item_seq_key};
use super::votes::{self, VoteDump};
use super::{
    encode, lineage_key, lock_key, log_key, snapshot_key, token_key, AmendmentRecord, JudgeToken,
    Lineage, Result, Store, StoreError,
};
use crate::ledger::{Ledger, LockRecord, SyncRecord};
use app::domain::items::Item;
use app::domain::show::Show;
use app::domain::{EventConfig, Id};
use serde::{Deserialize, Serialize};

/// Every record of one event.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventDump {
    pub config: EventConfig,
    /// The judges' sign-in links, so phones keep working against a restored server.
    pub judges: Vec<JudgeToken>,
    /// Sync records in sequence order: every op with its outcome.
    pub log: Vec<SyncRecord>,
    /// Reveals, by presenter id.
    pub locks: Vec<LockRecord>,
    pub amendments: Vec<AmendmentRecord>,
    /// The host actions of the audit log, oldest first.
    pub audit: Vec<AuditRecord>,
    /// The run of show, once the host has moved it.
    #[serde(default)]
    pub show: Option<Show>,
    #[serde(default)]
    pub lineage: Option<Lineage>,
    /// The follow-up items raised at the event (局长直通车), each with its history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// The representatives' votes on items, with every vote op's recorded result.
    #[serde(default, skip_serializing_if = "VoteDump::is_empty")]
    pub votes: VoteDump,
}

/// Why a restore stored nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestoreRefusal {
    #[error("this data dir already holds records of an event '{0}'; import into another data dir, or export the event under another id")]
    Exists(Id),
    #[error("judge '{0}''s sign-in token is already used by another event in this data dir")]
    TokenInUse(Id),
}

fn event_prefixes(event: &Id) -> Vec<String> {
    ["judge", "log", "lock", "amend", "audit", "item"]
        .iter()
        .map(|p| format!("{p}/{event}/"))
        .chain(votes::vote_prefixes(event))
        .collect()
}

impl Store {
    /// Every record of an event, or `None` for an unknown event.
    pub fn dump(&self, event: &Id) -> Result<Option<EventDump>> {
        let Some(config) = self.get::<EventConfig>(&format!("event/{event}"))? else {
            return Ok(None);
        };
        Ok(Some(EventDump {
            config,
            judges: self.judge_tokens(event.as_str())?,
            log: self.sync_log(event)?,
            locks: self.locks(event)?,
            amendments: self.amendments(event)?,
            audit: self.audit(event)?,
            show: self.get(&format!("show/{event}"))?,
            lineage: self.lineage(event)?,
            items: self.items(event)?,
            votes: self.dump_votes(event)?,
        }))
    }

    /// Writes every record of a dump, plus `audit` (numbered after the dump's own entries),
    /// in one transaction, and makes the event the current one. Refused, with nothing
    /// written, when the data dir holds anything of an event with the same id.
    pub fn restore(
        &self,
        dump: &EventDump,
        mut audit: AuditRecord,
    ) -> Result<std::result::Result<(), RestoreRefusal>> {
        use sled::transaction::{ConflictableTransactionError, TransactionError};
        let id = &dump.config.id;
        let taken = event_prefixes(id)
            .iter()
            .any(|prefix| self.db.scan_prefix(prefix).next().is_some())
            || [
                format!("event/{id}"),
                audit_seq_key(id),
                format!("show/{id}"),
                lineage_key(id),
                item_seq_key(id),
                votes::seq_key(id),
            ]
            .iter()
            .map(|key| self.db.contains_key(key))
            .collect::<std::result::Result<Vec<bool>, _>>()?
            .contains(&true);
        if taken {
            return Ok(Err(RestoreRefusal::Exists(id.clone())));
        }

        let mut writes: Vec<(String, Vec<u8>)> =
            vec![(format!("event/{id}"), encode(&dump.config))];
        for judge in &dump.judges {
            writes.push((format!("judge/{id}/{}", judge.judge), encode(judge)));
        }
        for record in &dump.log {
            if let Some(first) = record.ops.first() {
                writes.push((log_key(id, first.server_seq), encode(record)));
            }
        }
        for lock in &dump.locks {
            writes.push((lock_key(id, &lock.presenter), encode(lock)));
        }
        // What the records imply, and its snapshot, as the writer would have left them.
        let mut ledger = Ledger::default();
        for record in &dump.log {
            ledger.record(id, record);
        }
        for lock in &dump.locks {
            ledger.lock(lock.clone());
        }
        writes.push((snapshot_key(id), encode(&ledger)));
        ledger.snapshot_seq = ledger.seq;
        for a in &dump.amendments {
            writes.push((format!("amend/{id}/{}/{:06}", a.presenter, a.n), encode(a)));
        }
        for entry in &dump.audit {
            writes.push((audit_key(id, entry.seq), encode(entry)));
        }
        audit.seq = dump.audit.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
        writes.push((audit_key(id, audit.seq), encode(&audit)));
        writes.push((audit_seq_key(id), encode(&audit.seq)));
        if let Some(show) = &dump.show {
            writes.push((format!("show/{id}"), encode(show)));
        }
        if let Some(lineage) = &dump.lineage {
            writes.push((lineage_key(id), encode(lineage)));
        }
        for item in &dump.items {
            writes.push((item_key(id, &item.id()), encode(item)));
        }
        if !dump.items.is_empty() {
            writes.push((item_seq_key(id), encode(&dump.items.len())));
        }
        writes.extend(votes::restore_writes(id, &dump.votes));
        writes.push(("meta/current_event".into(), encode(id)));

        let outcome = self.db.transaction(|tx| {
            for judge in &dump.judges {
                let key = token_key(&judge.token);
                if tx.get(key.as_bytes())?.is_some() {
                    return Err(ConflictableTransactionError::Abort(
                        RestoreRefusal::TokenInUse(judge.judge.clone()),
                    ));
                }
                tx.insert(key.as_bytes(), encode(judge))?;
            }
            for (key, value) in &writes {
                tx.insert(key.as_bytes(), value.clone())?;
            }
            Ok(())
        });
        match outcome {
            Ok(()) => {}
            Err(TransactionError::Abort(refusal)) => return Ok(Err(refusal)),
            Err(TransactionError::Storage(e)) => return Err(StoreError::Db(e)),
        }
        // Restored records come from a file, not from the writer (`leitai import` runs with
        // no server), and are readable at once.
        self.install_restored(&dump.config, ledger);
        Ok(Ok(()))
    }

    /// The sync record that holds the op with sequence number `seq`, if readers may see
    /// it: one read, however long the log.
    pub fn sync_record_of(&self, event: &Id, seq: u64) -> Result<Option<SyncRecord>> {
        if seq == 0 || seq > self.server_seq(event.as_str())? {
            return Ok(None);
        }
        self.log_record_at(event, seq)
    }

    /// Every sync record of an event that readers may see (on disk: see `Store::publish`),
    /// in sequence order.
    pub fn sync_log(&self, event: &Id) -> Result<Vec<SyncRecord>> {
        let published = self.server_seq(event.as_str())?;
        let mut log: Vec<SyncRecord> = self.scan(&format!("log/{event}/"))?;
        log.retain(|r| r.ops.first().is_some_and(|op| op.server_seq <= published));
        Ok(log)
    }
}
