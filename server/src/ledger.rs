//! The records the store keeps for sync and reveal, as they are written to sled, and the
//! ledger: what those records imply now (sheets, late ops, locks, each judge's tally), held in
//! memory. Its size is bounded by the event (presenters × judges sheets, the late-op limit),
//! not by the ops ever recorded: each op's recorded result is kept on disk, and the ledger is
//! snapshotted there so that opening a data dir replays only the records after the snapshot.

pub mod decide;
pub mod standing;

use app::domain::receipt::{Receipt, RecordedSheet};
use app::domain::scoring::PresenterResult;
use app::domain::sheet::Sheet;
use app::domain::sync::{Note, Outcome};
use app::domain::{Id, Score};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One sync request as the log keeps it: every op it decided for the first time, with the
/// outcome each was given once and for all. One record is one sled key, so it is written
/// atomically without a batch.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SyncRecord {
    pub judge: Id,
    pub device: String,
    pub received_at: String,
    pub ops: Vec<OpRecord>,
    /// A paper sheet the host entered for the judge, and who entered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<PaperMark>,
}

/// A sheet a judge filled in on paper, entered on the judge's behalf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperMark {
    /// Who typed it in, as they gave their name (the host's link is shared by helpers).
    pub entered_by: String,
}

/// The device a paper sheet is recorded from: not a phone's (those are random UUIDs). The
/// highest a UUID can be, so that a phone's op at the paper sheet's revision, made before
/// the phone saw it, loses to it (`(rev, device)` decides); a change made later wins.
pub const PAPER_DEVICE: &str = "ffffffff-ffff-4fff-bfff-ffffffffffff";

/// An op with its outcome.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OpRecord {
    pub op_id: String,
    /// The op as sent, less its `op_id`.
    pub body: Value,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub server_seq: u64,
    /// The sheet the op carries, when it was applied or late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<OpSheet>,
    /// The sheet's receipt as the decision computed it, so that the writer's ledger and the
    /// readers' do not hash the sheet again. Not written: it follows from the record, and a
    /// record read from disk computes it ([`OpRecord::receipt`]).
    #[serde(skip)]
    pub receipt: Option<Receipt>,
}

impl OpRecord {
    /// The receipt of the op's sheet, if it carries one.
    fn receipt(&self, event: &Id, judge: &Id, device: &str) -> Option<Receipt> {
        let sheet = self.sheet.as_ref()?;
        let computed = || sheet.receipt(event, judge, device, &self.op_id, self.server_seq);
        // The tests' builds check that the decision's receipt is the record's.
        debug_assert!(self.receipt.is_none_or(|r| r == computed()));
        Some(self.receipt.unwrap_or_else(computed))
    }
}

/// The sheet of an op that passed the event's rules, as it was read then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpSheet {
    pub presenter: Id,
    pub rev: u64,
    pub values: BTreeMap<Id, Option<Score>>,
    pub submitted: bool,
    /// The judge's written point, when the op had one (not part of the receipt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

impl OpSheet {
    /// The receipt of this sheet as recorded by `op_id` at `server_seq`.
    pub fn receipt(
        &self,
        event: &Id,
        judge: &Id,
        device: &str,
        op_id: &str,
        server_seq: u64,
    ) -> Receipt {
        RecordedSheet {
            event: event.as_str(),
            presenter: self.presenter.as_str(),
            judge: judge.as_str(),
            device,
            op_id,
            rev: self.rev,
            values: &self.values,
            submitted: self.submitted,
            server_seq,
        }
        .receipt()
    }
}

/// A judge's current sheet for one presenter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetRecord {
    pub judge: Id,
    pub presenter: Id,
    pub rev: u64,
    pub device: String,
    pub values: BTreeMap<Id, Option<Score>>,
    pub submitted: bool,
    pub op_id: String,
    pub server_seq: u64,
    pub updated_at: String,
    pub receipt: Receipt,
    /// Entered from a paper sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<PaperMark>,
    /// The judge's written point, shown to the host only: the applied op's, like the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

/// A judge's written point on a presenter as the host's list reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetNote {
    pub presenter: Id,
    pub judge: Id,
    pub note: Note,
    /// When the op that carried it was received.
    pub at: String,
}

/// A revealed presenter: the result locked at the reveal.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LockRecord {
    pub presenter: Id,
    pub result: PresenterResult,
    pub result_hash: String,
    /// The final score as shown (rounded to the event's display decimals).
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    /// The place at the moment of the reveal.
    pub rank: u32,
    pub revealed_at: String,
    pub server_seq: u64,
    pub forced: bool,
}

/// An op that arrived after its presenter's reveal: kept for the host, never counted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LateRecord {
    pub op_id: String,
    pub judge: Id,
    pub presenter: Id,
    pub values: BTreeMap<Id, Option<Score>>,
    pub submitted: bool,
    pub received_at: String,
    pub server_seq: u64,
    pub receipt: Receipt,
    /// Entered from a paper sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<PaperMark>,
    /// The judge's written point the late op carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

/// The result an op was given, as a replay returns it (read back from the op's record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub outcome: Outcome,
    pub server_seq: u64,
    /// For an op whose sheet was recorded (applied or late).
    pub receipt: Option<Receipt>,
}

impl SyncRecord {
    /// Every op of this record of `event` with the result a replay of it gets.
    pub fn recorded<'a>(&'a self, event: &'a Id) -> impl Iterator<Item = (&'a str, Recorded)> + 'a {
        self.ops.iter().map(move |op| {
            let receipt = op.receipt(event, &self.judge, &self.device);
            let recorded = Recorded {
                outcome: op.outcome.clone(),
                server_seq: op.server_seq,
                receipt,
            };
            (op.op_id.as_str(), recorded)
        })
    }
}

/// What one judge has made the server keep, counted against the limits of
/// `app::domain::limits`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Ops recorded, whatever their outcome.
    pub ops: usize,
    /// Late ops kept.
    pub late: usize,
    /// The devices the judge's ops came from.
    pub devices: BTreeSet<String>,
}

/// What one event's records imply. Only the store changes it, and only after the record
/// that implies the change is written, so replaying the records at open (from the last
/// snapshot on) rebuilds it exactly.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// The last sequence number given out.
    pub seq: u64,
    /// The `seq` of the last snapshot written of this ledger (not part of a snapshot).
    #[serde(skip)]
    pub snapshot_seq: u64,
    /// Presenter, then judge.
    sheets: BTreeMap<Id, BTreeMap<Id, SheetRecord>>,
    late: Vec<LateRecord>,
    locks: BTreeMap<Id, LockRecord>,
    tallies: HashMap<Id, Tally>,
}

impl Ledger {
    /// Takes in a sync record of `event`: its ops' results and their effects. By reference:
    /// the writer's ledger and the readers' each take in the same record, and keep only
    /// the sheets of it (not the ops as sent).
    pub fn record(&mut self, event: &Id, sync: &SyncRecord) {
        let tally = self.tallies.entry(sync.judge.clone()).or_default();
        tally.ops += sync.ops.len();
        tally.late += sync
            .ops
            .iter()
            .filter(|op| op.outcome == Outcome::Late)
            .count();
        if !tally.devices.contains(&sync.device) {
            tally.devices.insert(sync.device.clone());
        }
        for op in &sync.ops {
            self.seq = self.seq.max(op.server_seq);
            let receipt = op.receipt(event, &sync.judge, &sync.device);
            if let (Some(sheet), Some(receipt)) = (&op.sheet, receipt) {
                match op.outcome {
                    Outcome::Applied => {
                        let record = SheetRecord {
                            judge: sync.judge.clone(),
                            presenter: sheet.presenter.clone(),
                            rev: sheet.rev,
                            device: sync.device.clone(),
                            values: sheet.values.clone(),
                            submitted: sheet.submitted,
                            op_id: op.op_id.clone(),
                            server_seq: op.server_seq,
                            updated_at: sync.received_at.clone(),
                            receipt,
                            paper: sync.paper.clone(),
                            note: sheet.note.clone(),
                        };
                        self.sheets
                            .entry(sheet.presenter.clone())
                            .or_default()
                            .insert(sync.judge.clone(), record);
                    }
                    Outcome::Late => self.late.push(LateRecord {
                        op_id: op.op_id.clone(),
                        judge: sync.judge.clone(),
                        presenter: sheet.presenter.clone(),
                        values: sheet.values.clone(),
                        submitted: sheet.submitted,
                        received_at: sync.received_at.clone(),
                        server_seq: op.server_seq,
                        receipt,
                        paper: sync.paper.clone(),
                        note: sheet.note.clone(),
                    }),
                    _ => {}
                }
            }
        }
    }

    /// Takes in a reveal.
    pub fn lock(&mut self, lock: LockRecord) {
        self.seq = self.seq.max(lock.server_seq);
        self.locks.insert(lock.presenter.clone(), lock);
    }

    pub fn sheet(&self, presenter: &Id, judge: &Id) -> Option<&SheetRecord> {
        self.sheets.get(presenter).and_then(|s| s.get(judge))
    }

    /// One presenter's sheets, submitted or not, by judge.
    pub fn presenter_sheets(&self, presenter: &Id) -> BTreeMap<Id, Sheet> {
        self.sheets
            .get(presenter)
            .into_iter()
            .flatten()
            .map(|(judge, r)| {
                let sheet = Sheet {
                    values: r.values.clone(),
                    submitted: r.submitted,
                };
                (judge.clone(), sheet)
            })
            .collect()
    }

    /// One judge's sheets, by presenter id.
    pub fn judge_sheets(&self, judge: &Id) -> Vec<SheetRecord> {
        self.sheets
            .values()
            .filter_map(|by_judge| by_judge.get(judge).cloned())
            .collect()
    }

    /// Every sheet, by presenter id, then judge id.
    pub fn all_sheets(&self) -> Vec<SheetRecord> {
        self.sheets
            .values()
            .flat_map(|s| s.values().cloned())
            .collect()
    }

    /// The latest written point of each (presenter, judge) that has one: the applied
    /// sheet's, or a late op's recorded after it, so that a point written after the reveal
    /// still reaches the host (a late op without one erases nothing: it changes no sheet).
    /// By presenter id, then judge id.
    pub fn notes(&self) -> Vec<SheetNote> {
        let applied = self.sheets.iter().flat_map(|(presenter, by_judge)| {
            by_judge.iter().filter_map(move |(judge, s)| {
                let note = s.note.as_ref()?;
                Some((
                    (presenter, judge),
                    (s.server_seq, note, s.updated_at.as_str()),
                ))
            })
        });
        let mut latest: BTreeMap<(&Id, &Id), (u64, &Note, &str)> = applied.collect();
        for late in &self.late {
            let Some(note) = late.note.as_ref() else {
                continue;
            };
            let newer = (late.server_seq, note, late.received_at.as_str());
            let held = latest
                .entry((&late.presenter, &late.judge))
                .or_insert(newer);
            if held.0 < newer.0 {
                *held = newer;
            }
        }
        latest
            .into_iter()
            .map(|((presenter, judge), (_, note, at))| SheetNote {
                presenter: presenter.clone(),
                judge: judge.clone(),
                note: note.clone(),
                at: at.to_string(),
            })
            .collect()
    }

    /// Late ops in the order they arrived.
    pub fn late(&self) -> &[LateRecord] {
        &self.late
    }

    /// Revealed presenters, by presenter id.
    pub fn locks(&self) -> impl Iterator<Item = &LockRecord> {
        self.locks.values()
    }

    pub fn lock_of(&self, presenter: &Id) -> Option<&LockRecord> {
        self.locks.get(presenter)
    }

    /// An event with nothing recorded, its sequence numbers going on from `seq`.
    pub fn empty_at(seq: u64) -> Ledger {
        Ledger {
            seq,
            snapshot_seq: seq,
            ..Ledger::default()
        }
    }

    /// Whether any op was recorded or any presenter revealed.
    pub fn has_records(&self) -> bool {
        !self.tallies.is_empty() || !self.locks.is_empty()
    }

    /// What a judge has made the server keep so far.
    pub fn tally(&self, judge: &Id) -> Option<&Tally> {
        self.tallies.get(judge)
    }
}

/// A revealed result changed by the host, with the written reason; the lock itself stays
/// as it was revealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AmendmentRecord {
    pub presenter: Id,
    /// 1 for the first amendment of this presenter.
    pub n: u32,
    pub at: String,
    pub reason: String,
    /// Late ops counted by this amendment.
    pub include_late: Vec<String>,
    pub previous_final: Option<app::domain::Score>,
    pub previous_hash: String,
    #[serde(rename = "final")]
    pub final_score: Option<app::domain::Score>,
    pub result_hash: String,
    pub result: app::domain::scoring::PresenterResult,
}
