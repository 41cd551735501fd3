//! The one module that knows sled: the data dir, its keys, its writes and its flushes.
//!
//! Everything lives in sled's default tree under text keys (`event/<id>`,
//! `judge/<event>/<judge>`, `show/<event>`, `amend/<event>/<presenter>/<n>`,
//! `lineage/<event>`, the audit log's `audit/<event>/<n>`, …) with JSON values, and the whole
//! data dir can be read back by prefix (`store/dump.rs` does, for backups). Sync and reveal
//! write one record each: a sync request's decided ops are one record
//! (`log/<event>/<seq>`), a reveal one lock (`lock/<event>/<presenter>`). A single insert is
//! atomic without `apply_batch`, whose global lock would stall the writer behind every
//! flush. What those records imply now is the ledger, kept in memory and snapshotted
//! (`snap/<event>`) so that opening a data dir reads the snapshot and replays only the
//! records after it. Which op is where is an index in memory (`OpIndex`), for the events
//! synced lately only, read from their records when first needed: an op sent again reads
//! its recorded result from its record on disk.

use crate::ledger::decide::decide_sync;
pub use crate::ledger::decide::{OpResult, SyncRefusal, SyncRequest};
pub use crate::ledger::AmendmentRecord;
use crate::ledger::{
    LateRecord, Ledger, LockRecord, PaperMark, Recorded, SheetNote, SheetRecord, SyncRecord,
    PAPER_DEVICE,
};
use app::domain::event::Judge;
use app::domain::scoring::{presenter_result, rank, Quorum};
use app::domain::sheet::Sheet;
use app::domain::show::Show;
use app::domain::sync::RawOp;
use app::domain::{EventConfig, Id};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

mod published;
pub use published::Mark;
use subtle::ConstantTimeEq;

/// sled's page cache. Its default (1 GiB) lets the process grow with every record ever
/// written; what the server reads often (configs, the ledger) is in its own memory anyway.
const SLED_CACHE_BYTES: u64 = 32 * 1024 * 1024;

/// A ledger is snapshotted once this many sequence numbers were given out after the last
/// snapshot, so a restart replays at most about this many ops.
const SNAPSHOT_EVERY: u64 = 20_000;

/// The marker that makes a directory a Leitai data dir.
pub const MARKER_FILE: &str = "leitai-data";
const MARKER_TEXT: &str = "leitai data directory, format 2\n";
/// Format 1 kept one key per op and per sheet; its sync records are not read any more.
const MARKER_TEXT_1: &str = "leitai data directory, format 1\n";

mod audit;
mod dump;
mod items;
mod op_index;
mod round;
mod units;
pub mod votes;
pub use audit::AuditRecord;
pub use dump::{EventDump, RestoreRefusal};
use op_index::{OpIndex, REHEARSED};
pub use round::{RehearsalRefusal, Round};
pub use units::{unit_key_part, UnitToken};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} is in use by another Leitai process (its database is locked); stop that process or pick another --data directory")]
    Locked(PathBuf),
    #[error("cannot write to {0}: {1}")]
    Unwritable(PathBuf, std::io::Error),
    #[error("{0} is not a Leitai data directory: {1}; pass an empty or new directory, or one Leitai made")]
    NotLeitai(PathBuf, String),
    #[error("{0} was made by an earlier build of Leitai (data format 1), whose sync records this build does not read; pass a new --data directory")]
    OldFormat(PathBuf),
    #[error("the database failed: {0}")]
    Db(#[from] sled::Error),
    #[error("stored record {key} is unreadable: {message}")]
    Corrupt { key: String, message: String },
    /// The event changed under a request (a config replaced meanwhile): sent again, the
    /// request meets the event as it is now.
    #[error("{0}")]
    Changed(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Why an imported config was not stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportRefusal {
    #[error("an event with this id exists already")]
    Exists,
    #[error("this event has started (a score, a reveal or a move of the run of show), so its config can no longer be replaced")]
    Started,
    #[error("a rehearsal of this event is on: end it first (its scores are wiped then)")]
    Rehearsal,
}

/// Where an event came from: the finished event it was made from as the next quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    pub previous: Id,
    pub created_at: String,
}

fn lineage_key(event: &Id) -> String {
    format!("lineage/{event}")
}

/// A judge's sign-in, found by the hash of the token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JudgeToken {
    pub event: Id,
    pub judge: Id,
    pub token: String,
}

#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    /// Each event's ledger as readers see it: only records already flushed to disk (see
    /// [`Store::publish`]), so nothing is shown that a crash could still erase.
    ledgers: Arc<RwLock<HashMap<Id, Ledger>>>,
    /// Each event's ledger as the writer decides against it: every record written, flushed
    /// or not. Only the writer thread and config imports (under `gate`) use it.
    head: Arc<Mutex<HashMap<Id, Ledger>>>,
    /// Each event's config as readers see it (on disk): read on every request, so parsed
    /// once.
    configs: Arc<RwLock<HashMap<Id, Arc<EventConfig>>>>,
    /// Each event's config as the writer sees it, a replacement not yet flushed included.
    head_configs: Arc<Mutex<HashMap<Id, Arc<EventConfig>>>>,
    /// What readers see of keys written but not flushed yet (`store/published.rs`).
    shadow: Arc<RwLock<published::Shadow>>,
    /// Where each op of the events synced lately was recorded; the writer's alone.
    op_index: Arc<Mutex<OpIndex>>,
    /// Each event's round as readers see it (on disk), read from sled once: every sync
    /// answer carries it, and a read of sled's hot page on every request made sled rewrite
    /// that page more often.
    rounds: Arc<RwLock<HashMap<Id, Round>>>,
    /// Each event's round as the writer sees it.
    head_rounds: Arc<Mutex<HashMap<Id, Round>>>,
}

/// A fresh random token of 128 bits, hex-encoded.
pub fn new_token() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}

fn token_key(token: &str) -> String {
    format!("jtok/{}", hex::encode(Sha256::digest(token.as_bytes())))
}

impl Store {
    /// Opens (or initialises) the data dir; `true` when it was new.
    pub fn open(dir: &Path) -> Result<(Store, bool)> {
        let fresh = prepare_dir(dir)?;
        let db = sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(SLED_CACHE_BYTES)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked(dir.to_path_buf())
                }
                sled::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                    StoreError::Unwritable(dir.to_path_buf(), io)
                }
                other => StoreError::Db(other),
            })?;
        let mut ledgers = load_ledgers(&db)?;
        for (event, ledger) in ledgers.iter_mut() {
            write_snapshot(&db, event, ledger)?;
            ledger.snapshot_seq = ledger.seq;
        }
        db.flush()?;
        let store = Store {
            db,
            head: Arc::new(Mutex::new(ledgers.clone())),
            ledgers: Arc::new(RwLock::new(ledgers)),
            configs: Arc::default(),
            head_configs: Arc::default(),
            shadow: Arc::default(),
            op_index: Arc::default(),
            rounds: Arc::default(),
            head_rounds: Arc::default(),
        };
        let configs: Vec<Arc<EventConfig>> = store
            .scan::<EventConfig>("event/")?
            .into_iter()
            .map(Arc::new)
            .collect();
        store
            .head_configs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(configs.iter().map(|c| (c.id.clone(), c.clone())));
        store
            .configs
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(configs.into_iter().map(|c| (c.id.clone(), c)));
        Ok((store, fresh))
    }

    /// Waits until every earlier write is on disk. Not sled's `flush_async`: that waits on
    /// sled's own I/O threads, and a dozen at once (parallel host requests) took every one
    /// of them, leaving none to write the buffers they waited for; the server hung.
    /// What was written before it becomes readable (but not the writer's ledger records:
    /// those the writer publishes itself).
    pub async fn flush(&self) -> Result<()> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.flush_blocking())
            .await
            .map_err(|e| StoreError::Db(sled::Error::Unsupported(e.to_string())))?
    }

    pub fn flush_blocking(&self) -> Result<()> {
        let mark = self.mark();
        self.db.flush()?;
        self.flushed(mark);
        Ok(())
    }

    /// The generated host token of this data dir, made on first use.
    pub fn host_token(&self) -> Result<String> {
        if let Some(token) = self.get::<String>("meta/host_token")? {
            return Ok(token);
        }
        let token = new_token();
        let encoded = serde_json::to_vec(&token).expect("a string serialises");
        // Two starts racing would each make one; compare-and-swap keeps the first.
        match self
            .db
            .compare_and_swap("meta/host_token", None as Option<&[u8]>, Some(encoded))?
        {
            Ok(()) => Ok(token),
            Err(_) => Ok(self.get::<String>("meta/host_token")?.unwrap_or(token)),
        }
    }

    /// Stores a new event with a fresh sign-in token for each of its judges, and flushes (the
    /// demo seed, before the writer starts).
    pub fn create_event(&self, config: &EventConfig) -> Result<()> {
        let audit = AuditRecord {
            actor: "server".into(),
            ..AuditRecord::host("import_event", None, serde_json::json!({"seeded": true}))
        };
        match self.import_event(config, false, audit)? {
            Ok(()) => self.flush_blocking(),
            Err(refusal) => Err(StoreError::Corrupt {
                key: format!("event/{}", config.id),
                message: refusal.to_string(),
            }),
        }
    }

    /// Stores an event a host imported and makes it the current one. With `replace`, an
    /// event of the same id is overwritten while nothing has been scored in it yet; judges
    /// who stay keep their sign-in links, new ones get one, removed ones lose theirs.
    /// One sled transaction with its audit entry, so two imports never interleave and a
    /// crash leaves either the old event or the new one.
    pub fn import_event(
        &self,
        config: &EventConfig,
        replace: bool,
        audit: AuditRecord,
    ) -> Result<std::result::Result<(), ImportRefusal>> {
        self.write_event(
            config,
            replace,
            !replace,
            vec![(config.id.clone(), audit)],
            Vec::new(),
        )
    }

    /// Stores a new event made on the host's events page, leaving the current event be (the
    /// screen keeps today's event while the host sets up the next). The writer's thread only.
    pub fn add_event(
        &self,
        config: &EventConfig,
        audit: AuditRecord,
    ) -> Result<std::result::Result<(), ImportRefusal>> {
        self.write_event(
            config,
            false,
            false,
            vec![(config.id.clone(), audit)],
            Vec::new(),
        )
    }

    /// Stores `config` in place of a started event's own when it corrects only words that
    /// cannot change a result (a name, the title: `starter::correction` decides against the
    /// config as the writer has it), with its audit entry; the fields it changed, or `None`
    /// when it is more than such a correction. The writer's thread only.
    pub fn correct_event(
        &self,
        config: &EventConfig,
        audit: impl FnOnce(&[String]) -> AuditRecord,
    ) -> Result<Option<Vec<String>>> {
        let old = self.config_now(&config.id)?;
        let Some(fields) = app::domain::starter::correction(&old, config) else {
            return Ok(None);
        };
        let mut writes = vec![(format!("event/{}", config.id), Some(encode(config)))];
        writes.extend(self.audit_writes(&config.id, audit(&fields))?);
        self.write_batch(writes)?;
        self.stage_config(config);
        Ok(Some(fields))
    }

    /// The previous event this one was made from, if any.
    pub fn lineage(&self, event: &Id) -> Result<Option<Lineage>> {
        self.get(&lineage_key(event))
    }

    fn write_event(
        &self,
        config: &EventConfig,
        replace: bool,
        make_current: bool,
        audits: Vec<(Id, AuditRecord)>,
        extra: Vec<(String, Vec<u8>)>,
    ) -> Result<std::result::Result<(), ImportRefusal>> {
        use sled::transaction::{ConflictableTransactionError, TransactionError};
        let id = &config.id;
        let mut turn = self.audit_turn();
        let mut puts = extra;
        for (event, entry) in audits {
            puts.extend(turn.writes(&event, entry)?);
        }
        // Started at its first score or reveal, or at the host's first move of the run of
        // show, whichever comes first: then the run of show and the sheets refer to this
        // config (README: "Your own event"). The writer decides one change at a time, so no
        // score slips in meanwhile.
        let scored = self.head_started(id)?;
        if self.head_round(id)?.rehearsal {
            return Ok(Err(ImportRefusal::Rehearsal));
        }
        let existing: Vec<JudgeToken> = self.head_scan(&format!("judge/{id}/"))?;
        let mut removes = Vec::new();
        for old in &existing {
            if config.judge(old.judge.as_str()).is_none() {
                removes.push(format!("judge/{id}/{}", old.judge));
                removes.push(token_key(&old.token));
            }
        }
        for j in &config.judges {
            if !existing.iter().any(|t| t.judge == j.id) {
                let token = new_token();
                let record = encode(&JudgeToken {
                    event: id.clone(),
                    judge: j.id.clone(),
                    token: token.clone(),
                });
                puts.push((format!("judge/{id}/{}", j.id), record.clone()));
                puts.push((token_key(&token), record));
            }
        }
        let event_key = format!("event/{id}");
        puts.push((event_key.clone(), encode(config)));
        // An imported event becomes the current one; a replaced config leaves the current
        // event be (a host preparing next week's event must not switch the screen away).
        if make_current {
            puts.push(("meta/current_event".into(), encode(id)));
        }
        let keys: Vec<&[u8]> = puts
            .iter()
            .map(|(k, _)| k.as_bytes())
            .chain(removes.iter().map(|k| k.as_bytes()))
            .collect();
        let outcome = self.write_keys(&keys, || {
            Ok(self.db.transaction(|tx| {
                if tx.get(event_key.as_bytes())?.is_some() {
                    if !replace {
                        return Err(ConflictableTransactionError::Abort(ImportRefusal::Exists));
                    }
                    if scored || tx.get(format!("show/{id}").as_bytes())?.is_some() {
                        return Err(ConflictableTransactionError::Abort(ImportRefusal::Started));
                    }
                }
                for key in &removes {
                    tx.remove(key.as_bytes())?;
                }
                for (key, value) in &puts {
                    tx.insert(key.as_bytes(), value.clone())?;
                }
                Ok(())
            }))
        })?;
        match outcome {
            Ok(()) => {
                self.stage_config(config);
                Ok(Ok(()))
            }
            Err(TransactionError::Abort(refusal)) => Ok(Err(refusal)),
            Err(TransactionError::Storage(e)) => Err(StoreError::Db(e)),
        }
    }

    /// Every event in this data dir, by id.
    pub fn events(&self) -> Result<Vec<EventConfig>> {
        self.scan("event/")
    }

    pub fn event(&self, id: &str) -> Result<Option<Arc<EventConfig>>> {
        let configs = self.configs.read().unwrap_or_else(PoisonError::into_inner);
        Ok(configs.get(id).cloned())
    }

    /// Makes an event the current one (the screen's, the console's, the judges' default),
    /// with its audit entry. The writer's thread only.
    pub fn make_current(&self, event: &Id, audit: AuditRecord) -> Result<()> {
        let mut writes = vec![("meta/current_event".to_string(), Some(encode(event)))];
        writes.extend(self.audit_writes(event, audit)?);
        self.write_batch(writes)
    }

    /// The event shown when none is named: the one created last.
    pub fn current_event(&self) -> Result<Option<Arc<EventConfig>>> {
        match self.get::<Id>("meta/current_event")? {
            Some(id) => self.event(id.as_str()),
            None => Ok(None),
        }
    }

    pub fn judge_tokens(&self, event: &str) -> Result<Vec<JudgeToken>> {
        self.scan(&format!("judge/{event}/"))
    }

    /// The judge a token signs in, if any; the stored token is compared in constant time.
    pub fn judge_by_token(&self, token: &str) -> Result<Option<JudgeToken>> {
        let found: Option<JudgeToken> = self.get(&token_key(token))?;
        Ok(found.filter(|t| bool::from(t.token.as_bytes().ct_eq(token.as_bytes()))))
    }
}

pub struct RevealRequest {
    pub event: Arc<EventConfig>,
    pub presenter: Id,
    pub force: bool,
    pub at: String,
}

/// A record written and waiting for its flush: readers see it once it is on disk.
#[derive(Debug)]
pub enum Unpublished {
    Sync(Id, SyncRecord),
    Lock(Id, Box<LockRecord>),
    /// A rehearsal started: the event's round.
    Round(Id, Round),
    /// An ended rehearsal: the event's ledger empty again, at this sequence number, and the
    /// round after it.
    Reset(Id, u64, Round),
}

/// A decision of the writer, with what it wrote for readers to see after the flush.
pub struct Written<T> {
    pub answer: T,
    pub unpublished: Option<Unpublished>,
}

impl<T> Written<T> {
    fn nothing(answer: T) -> Written<T> {
        Written {
            answer,
            unpublished: None,
        }
    }
}

/// An op id (a UUID, lower-cased at the edge) as the number it writes; any other text as
/// the first 128 bits of its SHA-256.
fn op_number(op_id: &str) -> u128 {
    // The text without its dashes, on the stack: this runs for every op the writer looks up
    // or records.
    let mut hex = [0u8; 32];
    let mut digits = op_id.bytes().filter(|b| *b != b'-');
    let filled = hex
        .iter_mut()
        .zip(&mut digits)
        .map(|(slot, b)| *slot = b)
        .count();
    let whole = filled == hex.len() && digits.next().is_none();
    let parsed = std::str::from_utf8(&hex).map(|h| u128::from_str_radix(h, 16));
    match (whole, parsed) {
        (true, Ok(Ok(n))) => n,
        _ => {
            let digest = Sha256::digest(op_id.as_bytes());
            let mut first = [0u8; 16];
            first.copy_from_slice(&digest[..16]);
            u128::from_be_bytes(first)
        }
    }
}

/// Where an event's ledger snapshot lives: before the log in key order (`ledger/` <
/// `log/`), apart from the end of the log where every sync record is appended. sled keeps up
/// to 16 neighbouring keys in a leaf and rewrites the whole leaf as it changes; a leaf over
/// 128 KiB (a quarter of a segment) goes to a file of its own. Beside the log's end, as
/// `snap/` sorted, a snapshot of some hundred KiB made every leaf rewrite there such a file:
/// 180 files of 330 KiB a second under the sync load (docs/perf.md).
fn snapshot_key(event: &Id) -> String {
    format!("ledger/{event}")
}

/// Where an earlier build kept the snapshot: still read, removed when a new one is written.
fn old_snapshot_key(event: &Id) -> String {
    format!("snap/{event}")
}

/// The writes that store `ledger` as `event`'s snapshot (and drop one in the old place).
fn snapshot_writes(event: &Id, ledger: &Ledger) -> [(String, Option<Vec<u8>>); 2] {
    [
        (snapshot_key(event), Some(encode(ledger))),
        (old_snapshot_key(event), None),
    ]
}

fn write_snapshot(db: &sled::Db, event: &Id, ledger: &Ledger) -> Result<()> {
    if ledger.snapshot_seq == ledger.seq {
        return Ok(());
    }
    db.apply_batch(batch_of(snapshot_writes(event, ledger)))?;
    Ok(())
}

/// Writes (`Some`) and removals (`None`) as one sled batch.
fn batch_of(writes: impl IntoIterator<Item = (String, Option<Vec<u8>>)>) -> sled::Batch {
    let mut batch = sled::Batch::default();
    for (key, value) in writes {
        match value {
            Some(value) => batch.insert(key.as_bytes(), value),
            None => batch.remove(key.as_bytes()),
        }
    }
    batch
}

fn log_key(event: &Id, first_seq: u64) -> String {
    format!("log/{event}/{first_seq:020}")
}

fn lock_key(event: &Id, presenter: &Id) -> String {
    format!("lock/{event}/{presenter}")
}

/// A stored record read back; one that does not parse is reported with its key.
fn decode<T: DeserializeOwned>(key: &[u8], bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message: e.to_string(),
    })
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("records serialise")
}

impl Store {
    /// Runs `f` on an event's ledger as readers see it (an empty one for an event with no
    /// records yet).
    fn with_ledger<T>(&self, event: &str, f: impl FnOnce(&Ledger) -> T) -> T {
        let ledgers = self.ledgers.read().unwrap_or_else(PoisonError::into_inner);
        match ledgers.get(event) {
            Some(ledger) => f(ledger),
            None => f(&Ledger::default()),
        }
    }

    /// Runs `f` on an event's ledger as the writer sees it, unflushed records included.
    fn with_head<T>(&self, event: &Id, f: impl FnOnce(&mut Ledger) -> T) -> T {
        let mut head = self.head.lock().unwrap_or_else(PoisonError::into_inner);
        f(head.entry(event.clone()).or_default())
    }

    /// The last sequence number given out in an event, written or not yet flushed.
    #[cfg(test)]
    fn head_seq(&self, event: &str) -> u64 {
        let head = self.head.lock().unwrap_or_else(PoisonError::into_inner);
        head.get(event).map_or(0, |l| l.seq)
    }

    /// The last sequence number readers can see in an event: on disk.
    pub fn server_seq(&self, event: &str) -> Result<u64> {
        Ok(self.with_ledger(event, |l| l.seq))
    }

    /// Shows readers what the writer wrote, once a flush has made it durable. Called by the
    /// flusher in the order the records were written.
    /// Shows readers what the writer wrote, once a flush has made it durable. Called by the
    /// flusher in the order the records were written.
    pub fn publish(&self, records: impl IntoIterator<Item = Unpublished>) {
        let mut ledgers = self.ledgers.write().unwrap_or_else(PoisonError::into_inner);
        for record in records {
            match record {
                Unpublished::Sync(event, sync) => ledgers
                    .entry(event.clone())
                    .or_default()
                    .record(&event, &sync),
                Unpublished::Lock(event, lock) => ledgers.entry(event).or_default().lock(*lock),
                Unpublished::Round(event, round) => self.publish_round(event, round),
                Unpublished::Reset(event, seq, round) => {
                    ledgers.insert(event.clone(), Ledger::empty_at(seq));
                    self.publish_round(event, round);
                }
            }
        }
    }

    /// Decides every op of a request by the contract's rules and writes the ops decided now,
    /// with their outcomes and effects, as one record under one key: atomic without a
    /// batch. Only the writer thread calls this, so requests never interleave; the caller
    /// flushes before acknowledging, and publishes the record to readers after the flush.
    pub fn apply_sync(
        &self,
        req: &SyncRequest,
    ) -> Result<std::result::Result<Written<Vec<OpResult>>, SyncRefusal>> {
        let event = &req.event.id;
        let config = self.config_now(event)?;
        if config.judge(req.judge.id.as_str()).is_none() {
            return Err(StoreError::Changed(format!(
                "judge '{}' is no longer in the event",
                req.judge.id
            )));
        }
        // A lookup that fails (an unreadable record) is an error of the whole request, not an
        // op taken for new.
        let failed: std::cell::RefCell<Option<StoreError>> = Default::default();
        let recorded = |op_id: &str| match self.recorded(event, op_id) {
            Ok(found) => found,
            Err(e) => {
                failed.borrow_mut().get_or_insert(e);
                None
            }
        };
        // An op of an ended rehearsal: sent again after it (its id kept from the wipe), or
        // made in it and sent only now (tagged with its round by the device).
        let round = self.head_round(event)?;
        // (An event never rehearsed has no rehearsal's ops to look for.)
        let over = |op: &RawOp| {
            op.round().is_some_and(|r| round.is_over(r))
                || round.number > 0
                    && self.was_rehearsed(event, &op.op_id).unwrap_or_else(|e| {
                        failed.borrow_mut().get_or_insert(e);
                        false
                    })
        };
        let decided = self.with_head(event, |l| decide_sync(req, &config, l, recorded, over));
        if let Some(e) = failed.into_inner() {
            return Err(e);
        }
        let (record, results) = match decided {
            Ok(decided) => decided,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let Some(first) = record.ops.first() else {
            return Ok(Ok(Written::nothing(results)));
        };
        self.db
            .insert(log_key(event, first.server_seq), encode(&record))?;
        let mut index = self.op_index.lock().unwrap_or_else(PoisonError::into_inner);
        let ops = index.of(&self.db, event)?;
        for op in &record.ops {
            ops.insert(op_number(&op.op_id), op.server_seq);
        }
        drop(index);
        self.with_head(event, |l| l.record(event, &record));
        Ok(Ok(Written {
            answer: results,
            unpublished: Some(Unpublished::Sync(event.clone(), record)),
        }))
    }

    /// Records a judge's paper sheet for one presenter, entered by the host, as an op of
    /// its own (from [`PAPER_DEVICE`]) one revision above the judge's sheet as the writer
    /// sees it: it then wins over every device's copy so far, and is decided by the rules
    /// of any op (late after a reveal, once per `op_id`). The writer's thread only.
    #[allow(clippy::too_many_arguments)]
    pub fn apply_paper(
        &self,
        event: &EventConfig,
        judge: &Judge,
        presenter: &Id,
        op_id: String,
        values: serde_json::Value,
        submitted: bool,
        paper: PaperMark,
        at: String,
    ) -> Result<Written<std::result::Result<Vec<OpResult>, SyncRefusal>>> {
        let rev = self.with_head(&event.id, |l| {
            l.sheet(presenter, &judge.id).map_or(0, |s| s.rev)
        });
        let body = serde_json::json!({
            "op_id": op_id,
            "presenter": presenter,
            "rev": rev.saturating_add(1),
            "values": values,
            "submitted": submitted,
            "client_time": at,
        });
        let req = SyncRequest {
            event: Arc::new(event.clone()),
            judge: judge.clone(),
            device: PAPER_DEVICE.into(),
            ops: vec![RawOp::with_text(op_id, body.clone(), &body.to_string())],
            received_at: at,
            paper: Some(paper),
        };
        Ok(match self.apply_sync(&req)? {
            Ok(w) => Written {
                answer: Ok(w.answer),
                unpublished: w.unpublished,
            },
            Err(refusal) => Written::nothing(Err(refusal)),
        })
    }

    /// The result recorded for an op of `event`, if it was ever decided (written, flushed or
    /// not: only the writer asks).
    fn recorded(&self, event: &Id, op_id: &str) -> Result<Option<Recorded>> {
        let seq = {
            let mut index = self.op_index.lock().unwrap_or_else(PoisonError::into_inner);
            index.of(&self.db, event)?.get(op_number(op_id))
        };
        let Some(seq) = seq.filter(|&s| s != REHEARSED) else {
            return Ok(None);
        };
        let record = self
            .log_record_at(event, seq)?
            .ok_or_else(|| StoreError::Corrupt {
                key: log_key(event, seq),
                message: format!("op {op_id} was recorded at {seq}, and no record holds it"),
            })?;
        let found = record
            .recorded(event)
            .find(|(id, _)| *id == op_id)
            .map(|(_, recorded)| recorded);
        Ok(found)
    }

    /// Whether an op id was an ended rehearsal's (and not recorded since).
    fn was_rehearsed(&self, event: &Id, op_id: &str) -> Result<bool> {
        let mut index = self.op_index.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(index.of(&self.db, event)?.get(op_number(op_id)) == Some(REHEARSED))
    }

    /// The sync record holding sequence number `seq`, written (flushed or not) or not.
    pub(crate) fn log_record_at(&self, event: &Id, seq: u64) -> Result<Option<SyncRecord>> {
        let start = format!("log/{event}/");
        let Some(item) = self
            .db
            .range(start.as_bytes()..=log_key(event, seq).as_bytes())
            .next_back()
        else {
            return Ok(None);
        };
        let (key, bytes) = item?;
        let record: SyncRecord = decode(&key, &bytes)?;
        Ok(record
            .ops
            .iter()
            .any(|op| op.server_seq == seq)
            .then_some(record))
    }

    /// Snapshots every published ledger that moved on by `SNAPSHOT_EVERY` since its last
    /// snapshot (every one that moved at all when `all`, at shutdown), so that opening the
    /// data dir replays only what came after. Published means flushed: a snapshot never
    /// covers a record a crash could still erase. Not a state change (the records are), so
    /// the flusher may write it; the next flush makes it durable.
    pub fn snapshot(&self, all: bool) -> Result<()> {
        let mut ledgers = self.ledgers.write().unwrap_or_else(PoisonError::into_inner);
        for (event, ledger) in ledgers.iter_mut() {
            let due = ledger.seq.saturating_sub(ledger.snapshot_seq);
            if due >= SNAPSHOT_EVERY || (all && due > 0) {
                write_snapshot(&self.db, event, ledger)?;
                ledger.snapshot_seq = ledger.seq;
            }
        }
        Ok(())
    }

    /// The submitted-or-not sheets of one presenter, by judge.
    pub fn presenter_sheets(&self, event: &Id, presenter: &Id) -> Result<BTreeMap<Id, Sheet>> {
        Ok(self.with_ledger(event.as_str(), |l| l.presenter_sheets(presenter)))
    }

    /// Every sheet of one judge in an event.
    pub fn judge_sheets(&self, event: &Id, judge: &Id) -> Result<Vec<SheetRecord>> {
        Ok(self.with_ledger(event.as_str(), |l| l.judge_sheets(judge)))
    }

    pub fn locks(&self, event: &Id) -> Result<Vec<LockRecord>> {
        Ok(self.with_ledger(event.as_str(), |l| l.locks().cloned().collect()))
    }

    pub fn lock(&self, event: &Id, presenter: &Id) -> Result<Option<LockRecord>> {
        Ok(self.with_ledger(event.as_str(), |l| l.lock_of(presenter).cloned()))
    }

    pub fn late(&self, event: &Id) -> Result<Vec<LateRecord>> {
        Ok(self.with_ledger(event.as_str(), |l| l.late().to_vec()))
    }

    /// The judges' written points, the latest of each sheet that has one (host only).
    pub fn sheet_notes(&self, event: &Id) -> Result<Vec<SheetNote>> {
        Ok(self.with_ledger(event.as_str(), |l| l.notes()))
    }

    /// Locks a presenter with its result, unless it is locked already (then the lock as
    /// it stands) or short of quorum without `force` (then the quorum, and nothing locked).
    /// Only the writer thread calls this, so no sync op slips between snapshot and lock.
    pub fn apply_reveal(
        &self,
        req: &RevealRequest,
    ) -> Result<Written<std::result::Result<LockRecord, Quorum>>> {
        let event = &req.event.id;
        let config = self.config_now(event)?;
        if config.presenter(req.presenter.as_str()).is_none() {
            return Err(StoreError::Changed(format!(
                "'{}' is no longer a presenter of the event",
                req.presenter
            )));
        }
        enum Decided {
            Standing(LockRecord),
            Short(Quorum),
            New(LockRecord),
        }
        let decided = self.with_head(event, |ledger| {
            if let Some(lock) = ledger.lock_of(&req.presenter) {
                return Decided::Standing(lock.clone());
            }
            let sheets = ledger.presenter_sheets(&req.presenter);
            let result = presenter_result(&config, &req.presenter, &sheets);
            if !result.quorum.met && !req.force {
                return Decided::Short(result.quorum);
            }
            let mut entries: Vec<_> = ledger.locks().map(|l| (&l.result, None)).collect();
            entries.push((&result, None));
            let place = rank(&config, &entries)
                .into_iter()
                .find(|p| p.presenter == req.presenter)
                .map(|p| p.place)
                .unwrap_or(1);
            Decided::New(LockRecord {
                presenter: req.presenter.clone(),
                result_hash: result.hash(),
                final_score: result.final_rounded(config.aggregation.display_decimals),
                rank: place,
                revealed_at: req.at.clone(),
                server_seq: ledger.seq + 1,
                forced: !result.quorum.met,
                result,
            })
        });
        let lock = match decided {
            Decided::Standing(lock) => return Ok(Written::nothing(Ok(lock))),
            Decided::Short(quorum) => return Ok(Written::nothing(Err(quorum))),
            Decided::New(lock) => lock,
        };
        self.db
            .insert(lock_key(event, &req.presenter), encode(&lock))?;
        self.with_head(event, |l| l.lock(lock.clone()));
        Ok(Written {
            answer: Ok(lock.clone()),
            unpublished: Some(Unpublished::Lock(event.clone(), Box::new(lock))),
        })
    }
}

/// The first answer to a host's step, as kept for its repeats (`api/once.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// SHA-256 of the method, path and body it answered.
    pub request: String,
    pub status: u16,
    #[serde(default)]
    pub content_type: Option<String>,
    pub body: String,
}

impl Store {
    /// The first answer to a host's step with this idempotency key (`api/once.rs`).
    pub fn answer(&self, key: &str) -> Result<Option<Answer>> {
        self.get(&format!("once/{key}"))
    }

    /// Keeps a step's answer for its repeats. The writer's thread only.
    pub fn keep_answer(&self, key: &str, answer: &Answer) -> Result<()> {
        self.write_batch(vec![(format!("once/{key}"), Some(encode(answer)))])
    }

    /// The event's run of show; a fresh one in the config's order until the host moves.
    pub fn show(&self, config: &EventConfig) -> Result<Show> {
        Ok(self
            .get(&format!("show/{}", config.id))?
            .unwrap_or_else(|| Show::new(config)))
    }

    /// The run of show as the writer sees it, the moves not flushed yet included.
    pub fn head_show(&self, config: &EventConfig) -> Result<Show> {
        Ok(self
            .head_get(&format!("show/{}", config.id))?
            .unwrap_or_else(|| Show::new(config)))
    }

    /// Writes the run of show and the audit entry of the move that made it, atomically.
    /// The writer's thread only.
    pub fn save_show(&self, event: &Id, show: &Show, audit: AuditRecord) -> Result<()> {
        let mut writes = vec![(format!("show/{event}"), Some(encode(show)))];
        writes.extend(self.audit_writes(event, audit)?);
        self.write_batch(writes)
    }

    /// Applies puts (`Some`) and removals (`None`) as one atomic batch, readable once
    /// flushed. The writer's thread only.
    pub(super) fn write_batch(&self, writes: Vec<(String, Option<Vec<u8>>)>) -> Result<()> {
        let keys: Vec<Vec<u8>> = writes.iter().map(|(k, _)| k.as_bytes().to_vec()).collect();
        let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
        let batch = batch_of(writes);
        self.write_keys(&keys, || {
            self.db.apply_batch(batch)?;
            Ok(())
        })
    }

    /// Revokes a judge's sign-in link and issues a new one, with its audit entry, atomically;
    /// `None` for an unknown judge. The old token is read under the audit turn, the lock that
    /// orders every write of judges' links (imports take it too): two reissues at once take
    /// turns, the second reads the first one's token, and however many there are, exactly
    /// one link of the judge works afterwards.
    pub fn reissue_token(
        &self,
        event: &Id,
        judge: &Id,
        audit: AuditRecord,
    ) -> Result<Option<JudgeToken>> {
        let key = format!("judge/{event}/{judge}");
        let Some(old) = self.head_get::<JudgeToken>(&key)? else {
            return Ok(None);
        };
        let token = new_token();
        let record = JudgeToken {
            event: event.clone(),
            judge: judge.clone(),
            token: token.clone(),
        };
        let mut writes = vec![
            (token_key(&old.token), None),
            (key, Some(encode(&record))),
            (token_key(&token), Some(encode(&record))),
        ];
        writes.extend(self.audit_writes(event, audit)?);
        self.write_batch(writes)?;
        Ok(Some(record))
    }

    /// Records an amendment of a revealed result, with its audit entry, atomically.
    pub fn add_amendment(
        &self,
        event: &Id,
        amendment: &AmendmentRecord,
        audit: AuditRecord,
    ) -> Result<()> {
        let mut writes = vec![(
            format!("amend/{event}/{}/{:06}", amendment.presenter, amendment.n),
            Some(encode(amendment)),
        )];
        writes.extend(self.audit_writes(event, audit)?);
        self.write_batch(writes)
    }

    /// Every amendment in the event, oldest first within each presenter.
    pub fn amendments(&self, event: &Id) -> Result<Vec<AmendmentRecord>> {
        self.scan(&format!("amend/{event}/"))
    }

    /// The amendments as the writer sees them, those not flushed yet included.
    pub fn head_amendments(&self, event: &Id) -> Result<Vec<AmendmentRecord>> {
        self.head_scan(&format!("amend/{event}/"))
    }

    /// Every judge's sheet in the event, for the host's progress grid.
    pub fn event_sheets(&self, event: &Id) -> Result<Vec<SheetRecord>> {
        Ok(self.with_ledger(event.as_str(), |l| l.all_sheets()))
    }
}

/// Rebuilds every event's ledger: its snapshot, then the sync records after it in sequence
/// order, then the locks. A data dir without snapshots (an earlier build's) is replayed whole, once.
fn load_ledgers(db: &sled::Db) -> Result<HashMap<Id, Ledger>> {
    let mut ledgers: HashMap<Id, Ledger> = HashMap::new();
    let corrupt = |key: &[u8], message: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message,
    };
    let event_of = |key: &[u8]| -> Result<Id> {
        let text = String::from_utf8_lossy(key);
        text.split('/')
            .nth(1)
            .ok_or_else(|| corrupt(key, "the key names no event".into()))
            .and_then(|e| Id::parse(e).map_err(|m| corrupt(key, m)))
    };
    // An earlier build's snapshots first, so that one in the new place wins.
    for prefix in ["snap/", "ledger/"] {
        for item in db.scan_prefix(prefix) {
            let (key, bytes) = item?;
            let event = event_of(&key)?;
            let mut ledger: Ledger =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(&key, e.to_string()))?;
            ledger.snapshot_seq = ledger.seq;
            ledgers.insert(event, ledger);
        }
    }
    let mut events: Vec<Id> = Vec::new();
    for item in db.scan_prefix("event/") {
        let (key, _) = item?;
        events.push(event_of(&key)?);
    }
    for event in events {
        let ledger = ledgers.entry(event.clone()).or_default();
        let from = log_key(&event, ledger.snapshot_seq.saturating_add(1));
        let end = format!("log/{event}0");
        for item in db.range(from.as_bytes()..end.as_bytes()) {
            let (key, bytes) = item?;
            let record: SyncRecord =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(&key, e.to_string()))?;
            ledger.record(&event, &record);
        }
        for item in db.scan_prefix(format!("lock/{event}/")) {
            let (key, bytes) = item?;
            let lock: LockRecord =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(&key, e.to_string()))?;
            ledger.lock(lock);
        }
    }
    Ok(ledgers)
}

/// Makes sure `dir` is a Leitai data dir, creating and marking it when new or empty.
fn prepare_dir(dir: &Path) -> Result<bool> {
    let unwritable = |e| StoreError::Unwritable(dir.to_path_buf(), e);
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    let marker = dir.join(MARKER_FILE);
    match std::fs::read_to_string(&marker) {
        Ok(text) if text == MARKER_TEXT => return Ok(false),
        Ok(text) if text == MARKER_TEXT_1 => return Err(StoreError::OldFormat(dir.to_path_buf())),
        Ok(_) => {
            return Err(StoreError::NotLeitai(
                dir.to_path_buf(),
                format!("its {MARKER_FILE} file is of an unknown format"),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(unwritable(e)),
    }
    let mut entries = std::fs::read_dir(dir).map_err(unwritable)?;
    if entries.next().is_some() {
        return Err(StoreError::NotLeitai(
            dir.to_path_buf(),
            "it already holds other files".into(),
        ));
    }
    write_durably(&marker, MARKER_TEXT).map_err(unwritable)?;
    Ok(true)
}

fn write_durably(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::sync::{Outcome, RawOp};

    /// Opens a data dir this process just closed: sled's own threads let go of its lock a
    /// moment after the last handle is dropped (on a loaded machine, a few milliseconds).
    fn reopen(dir: &Path) -> (Store, bool) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match Store::open(dir) {
                Err(StoreError::Locked(_)) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                opened => return opened.unwrap(),
            }
        }
    }

    #[test]
    fn a_new_dir_is_marked_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (store, fresh) = Store::open(&data).unwrap();
        assert!(fresh);
        let token = store.host_token().unwrap();
        assert_eq!(token.len(), 32);
        store.flush_blocking().unwrap();
        drop(store);
        let (store, fresh) = reopen(&data);
        assert!(!fresh);
        assert_eq!(
            store.host_token().unwrap(),
            token,
            "the host token is kept in the data dir"
        );
    }

    #[test]
    fn a_foreign_dir_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = Store::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::NotLeitai(..)), "{err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing was written"
        );
    }

    #[test]
    fn a_second_open_reports_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let (_first, _) = Store::open(dir.path()).unwrap();
        let err = Store::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::Locked(..)), "{err}");
        assert!(err.to_string().contains("another Leitai process"));
    }

    #[test]
    fn a_path_under_a_file_is_unwritable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = Store::open(&file.join("data")).err().unwrap();
        assert!(matches!(err, StoreError::Unwritable(..)), "{err}");
    }

    #[test]
    fn judge_tokens_sign_in_their_judge_only() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let demo = app::domain::demo_event();
        store.create_event(&demo).unwrap();
        let tokens = store.judge_tokens("demo").unwrap();
        assert_eq!(tokens.len(), 15);
        let first = &tokens[0];
        let found = store.judge_by_token(&first.token).unwrap().unwrap();
        assert_eq!(found.judge, first.judge);
        assert!(store.judge_by_token("0000").unwrap().is_none());
        assert_eq!(store.current_event().unwrap().unwrap().id.as_str(), "demo");
    }

    /// A sync written, flushed and published, as the writer does it.
    fn sync_now(store: &Store, req: &SyncRequest) -> Result<Vec<OpResult>> {
        let written = store.apply_sync(req)?.expect("within the limits");
        store.flush_blocking()?;
        store.publish(written.unpublished);
        Ok(written.answer)
    }

    fn reveal_now(
        store: &Store,
        req: &RevealRequest,
    ) -> Result<std::result::Result<LockRecord, Quorum>> {
        let written = store.apply_reveal(req)?;
        store.flush_blocking()?;
        store.publish(written.unpublished);
        Ok(written.answer)
    }

    fn op(n: u64, presenter: &str, rev: u64, results: f64) -> RawOp {
        let op_id = format!("00000000-0000-4000-8000-{n:012x}");
        let body = serde_json::json!({"op_id": op_id, "presenter": presenter, "rev": rev,
            "values": {"results": results, "defence": 20, "satisfaction": 10}, "submitted": true});
        RawOp::with_text(op_id, body.clone(), &body.to_string())
    }

    #[test]
    fn a_reopened_store_rebuilds_the_same_ledger_from_its_records() {
        let dir = tempfile::tempdir().unwrap();
        let demo = app::domain::demo_event();
        let (store, _) = Store::open(dir.path()).unwrap();
        store.create_event(&demo).unwrap();
        let sync = |judge: usize, ops: Vec<RawOp>| SyncRequest {
            event: Arc::new(demo.clone()),
            judge: demo.judges[judge].clone(),
            device: "00000000-0000-4000-8000-00000000000a".into(),
            ops,
            received_at: "2026-07-06T14:00:00Z".into(),
            paper: None,
        };
        let first = sync_now(
            &store,
            &sync(
                0,
                vec![op(1, "jiaozhou", 2, 40.0), op(2, "jiaozhou", 1, 41.0)],
            ),
        )
        .unwrap();
        assert_eq!(first[1].outcome, Outcome::Superseded);
        sync_now(
            &store,
            &sync(
                1,
                vec![op(3, "jiaozhou", 1, 30.0), op(4, "shinan", 1, 35.5)],
            ),
        )
        .unwrap();
        let reveal = RevealRequest {
            event: Arc::new(demo.clone()),
            presenter: Id::parse("jiaozhou").unwrap(),
            force: true,
            at: "2026-07-06T15:00:00Z".into(),
        };
        let lock = reveal_now(&store, &reveal).unwrap().unwrap();
        let late = sync_now(&store, &sync(2, vec![op(5, "jiaozhou", 1, 49.0)])).unwrap();
        assert_eq!(late[0].outcome, Outcome::Late);
        let event = &demo.id;
        let snapshot = |s: &Store| {
            let judges: Vec<_> = demo
                .judges
                .iter()
                .map(|j| s.judge_sheets(event, &j.id).unwrap())
                .collect();
            let late: Vec<_> = s
                .late(event)
                .unwrap()
                .iter()
                .map(|l| (l.op_id.clone(), l.server_seq))
                .collect();
            let locks: Vec<_> = s
                .locks(event)
                .unwrap()
                .iter()
                .map(|l| (l.result_hash.clone(), l.server_seq))
                .collect();
            (judges, late, locks, s.server_seq(event.as_str()).unwrap())
        };
        let before = snapshot(&store);
        assert_eq!(before.3, 6, "five ops and a reveal");
        store.flush_blocking().unwrap();
        drop(store);

        let (store, fresh) = reopen(dir.path());
        assert!(!fresh);
        assert_eq!(snapshot(&store), before);
        assert_eq!(
            store
                .lock(event, &reveal.presenter)
                .unwrap()
                .unwrap()
                .result_hash,
            lock.result_hash
        );
        // Replays get the recorded results, whatever they carry now.
        let again = sync_now(
            &store,
            &sync(0, vec![op(2, "shinan", 9, 1.0), op(1, "laixi", 9, 1.0)]),
        )
        .unwrap();
        assert_eq!(again, vec![first[1].clone(), first[0].clone()]);
        assert_eq!(store.server_seq(event.as_str()).unwrap(), 6);
    }

    #[test]
    fn an_op_id_is_the_number_it_always_was() {
        // What the writer recorded (rehearsed ops on disk) was numbered by the text without
        // dashes read as hex when it had 32 characters, else by a digest.
        let before = |id: &str| {
            let hex: String = id.chars().filter(|c| *c != '-').collect();
            match (hex.len(), u128::from_str_radix(&hex, 16)) {
                (32, Ok(n)) => n,
                _ => u128::from_be_bytes(Sha256::digest(id.as_bytes())[..16].try_into().unwrap()),
            }
        };
        for id in [
            "00000001-00ae-4000-8000-000000000238",
            "ffffffff-ffff-4fff-bfff-ffffffffffff",
            "ABCDEF01-00ae-4000-8000-000000000238",
            "+0000001-00ae-4000-8000-000000000238",
            "00000001-00ae-4000-8000-0000000002389",
            "00000001-00ae-4000-8000-00000000023",
            "0000000g-00ae-4000-8000-000000000238",
            "丁000001-00ae-4000-8000-000000000238",
            "paper-1",
            "",
        ] {
            assert_eq!(op_number(id), before(id), "{id}");
        }
    }

    #[test]
    fn a_snapshot_where_an_earlier_build_kept_it_is_read_and_moved_by_the_next_one() {
        let dir = tempfile::tempdir().unwrap();
        let demo = app::domain::demo_event();
        let event = &demo.id;
        let sync = |n: u64, value: f64| SyncRequest {
            event: Arc::new(demo.clone()),
            judge: demo.judges[0].clone(),
            device: "00000000-0000-4000-8000-00000000000a".into(),
            ops: vec![op(n, "laixi", n, value)],
            received_at: "2026-07-06T14:00:00Z".into(),
            paper: None,
        };
        let (store, _) = Store::open(dir.path()).unwrap();
        store.create_event(&demo).unwrap();
        sync_now(&store, &sync(1, 40.0)).unwrap();
        store.snapshot(true).unwrap();
        // As an earlier build left it: the snapshot under `snap/` only.
        let bytes = store.db.remove(snapshot_key(event)).unwrap().unwrap();
        store.db.insert(old_snapshot_key(event), bytes).unwrap();
        store.flush_blocking().unwrap();
        drop(store);

        let (store, _) = reopen(dir.path());
        let sheet = |s: &Store| s.judge_sheets(event, &demo.judges[0].id).unwrap();
        assert_eq!(sheet(&store)[0].rev, 1);
        // Read, so nothing was replayed and the opening had no snapshot to write.
        assert!(store.db.contains_key(old_snapshot_key(event)).unwrap());
        assert!(!store.db.contains_key(snapshot_key(event)).unwrap());
        assert_eq!(store.server_seq(event.as_str()).unwrap(), 1);
        sync_now(&store, &sync(2, 30.0)).unwrap();
        store.snapshot(true).unwrap();
        let moved: Ledger = store.get(&snapshot_key(event)).unwrap().unwrap();
        assert_eq!(moved.seq, 2);
        assert!(!store.db.contains_key(old_snapshot_key(event)).unwrap());
        store.flush_blocking().unwrap();
        drop(store);
        let (store, _) = reopen(dir.path());
        assert_eq!(sheet(&store)[0].rev, 2);
    }

    #[test]
    fn a_reopened_store_reads_its_snapshot_replays_the_records_after_it_and_finds_old_ops_on_disk()
    {
        let dir = tempfile::tempdir().unwrap();
        let demo = app::domain::demo_event();
        let event = &demo.id;
        let sync = |judge: usize, ops: Vec<RawOp>| SyncRequest {
            event: Arc::new(demo.clone()),
            judge: demo.judges[judge].clone(),
            device: "00000000-0000-4000-8000-00000000000a".into(),
            ops,
            received_at: "2026-07-06T14:00:00Z".into(),
            paper: None,
        };
        let view = |s: &Store| {
            let sheets: Vec<_> = s
                .event_sheets(event)
                .unwrap()
                .into_iter()
                .map(|r| (r.judge, r.presenter, r.rev, r.server_seq, r.receipt))
                .collect();
            (sheets, s.server_seq(event.as_str()).unwrap())
        };
        let (store, _) = Store::open(dir.path()).unwrap();
        store.create_event(&demo).unwrap();
        let old = sync_now(&store, &sync(0, vec![op(1, "jiaozhou", 1, 40.0)])).unwrap();
        store.snapshot(true).unwrap();
        store.flush_blocking().unwrap();
        // After the snapshot: a record a reopening must replay.
        let tail = sync_now(&store, &sync(1, vec![op(2, "shinan", 1, 30.0)])).unwrap();
        let before = view(&store);
        drop(store);

        let (store, _) = reopen(dir.path());
        let ledger_snapshot: Ledger = store.get(&snapshot_key(event)).unwrap().unwrap();
        assert_eq!(
            ledger_snapshot.seq, 2,
            "the reopening snapshotted the replayed tail"
        );
        assert_eq!(view(&store), before);
        // Both ops replay to their recorded results, read from their records: the old one's
        // record lies before the snapshot, so this opening never replayed it.
        let again = sync_now(&store, &sync(0, vec![op(1, "laixi", 9, 1.0)])).unwrap();
        assert_eq!(again, old);
        let again = sync_now(&store, &sync(1, vec![op(2, "laixi", 9, 1.0)])).unwrap();
        assert_eq!(again, tail);
        let next = sync_now(&store, &sync(2, vec![op(3, "laixi", 1, 20.0)])).unwrap();
        assert_eq!(
            next[0].server_seq, 3,
            "numbering goes on after the snapshot"
        );
        assert_eq!(next[0].outcome, Outcome::Applied);
    }

    #[test]
    fn a_decided_sync_is_readable_only_once_published_after_its_flush() {
        let dir = tempfile::tempdir().unwrap();
        let demo = app::domain::demo_event();
        let (store, _) = Store::open(dir.path()).unwrap();
        store.create_event(&demo).unwrap();
        let req = SyncRequest {
            event: Arc::new(demo.clone()),
            judge: demo.judges[0].clone(),
            device: "00000000-0000-4000-8000-00000000000a".into(),
            ops: vec![op(1, "jiaozhou", 1, 40.0)],
            received_at: "2026-07-06T14:00:00Z".into(),
            paper: None,
        };
        let written = store.apply_sync(&req).unwrap().unwrap();
        let seen = |s: &Store| {
            (
                s.judge_sheets(&demo.id, &demo.judges[0].id).unwrap().len(),
                s.server_seq("demo").unwrap(),
                s.sync_log(&demo.id).unwrap().len(),
            )
        };
        assert_eq!(seen(&store), (0, 0, 0), "written, not yet on disk");
        assert_eq!(store.head_seq("demo"), 1, "the writer sees it");
        store.flush_blocking().unwrap();
        store.publish(written.unpublished);
        assert_eq!(seen(&store), (1, 1, 1));
    }

    #[test]
    fn a_change_other_than_a_sync_is_readable_only_once_flushed() {
        let dir = tempfile::tempdir().unwrap();
        let demo = app::domain::demo_event();
        let (store, _) = Store::open(dir.path()).unwrap();
        store.create_event(&demo).unwrap();
        let audit = || AuditRecord::host("test", None, serde_json::Value::Null);
        let mut renamed = demo.clone();
        renamed.title = "Renamed".into();
        store
            .import_event(&renamed, true, audit())
            .unwrap()
            .unwrap();
        let fresh = store.show(&demo).unwrap();
        let mut moved = fresh.clone();
        moved.version += 1;
        store.save_show(&demo.id, &moved, audit()).unwrap();
        let judge = demo.judges[0].id.clone();
        let tokens = store.judge_tokens("demo").unwrap();
        let old = tokens.into_iter().find(|t| t.judge == judge).unwrap();
        let new = store
            .reissue_token(&demo.id, &judge, audit())
            .unwrap()
            .unwrap();

        // Readers: as on disk, before any of it.
        assert_eq!(store.show(&demo).unwrap(), fresh);
        assert!(store.judge_by_token(&old.token).unwrap().is_some());
        assert!(store.judge_by_token(&new.token).unwrap().is_none());
        assert_eq!(store.event("demo").unwrap().unwrap().title, demo.title);
        assert_eq!(
            store.audit(&demo.id).unwrap().len(),
            1,
            "the seed's entry only"
        );
        // The writer: everything.
        assert_eq!(store.head_show(&demo).unwrap(), moved);
        assert_eq!(store.config_now(&demo.id).unwrap().title, "Renamed");
        assert_eq!(store.head_audit(&demo.id).unwrap().len(), 4);

        store.flush_blocking().unwrap();
        assert_eq!(store.show(&demo).unwrap(), moved);
        assert!(store.judge_by_token(&old.token).unwrap().is_none());
        assert!(store.judge_by_token(&new.token).unwrap().is_some());
        assert_eq!(store.event("demo").unwrap().unwrap().title, "Renamed");
        assert_eq!(store.audit(&demo.id).unwrap().len(), 4);
    }

    #[test]
    fn a_format_1_dir_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER_FILE), MARKER_TEXT_1).unwrap();
        let err = Store::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::OldFormat(..)), "{err}");
        assert!(err.to_string().contains("earlier build"), "{err}");
    }
}
