//! The sync decision: a request's ops against the ledger as it stands, pure (the store
//! writes what this returns).

use super::{Ledger, OpRecord, OpSheet, PaperMark, Recorded, SyncRecord};
use app::domain::event::Judge;
use app::domain::limits::{MAX_DEVICES_PER_JUDGE, MAX_OPS_PER_JUDGE};
use app::domain::receipt::Receipt;
use app::domain::sync::{decide, Outcome, RawOp};
use app::domain::{EventConfig, Id};
use std::collections::HashMap;

/// One sync request, decided in order and written as one atomic batch.
pub struct SyncRequest {
    pub event: std::sync::Arc<EventConfig>,
    pub judge: Judge,
    pub device: String,
    pub ops: Vec<RawOp>,
    pub received_at: String,
    /// A paper sheet entered by the host for the judge.
    pub paper: Option<PaperMark>,
}

/// What one op got: the same every time the op is sent again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpResult {
    pub op_id: String,
    pub outcome: Outcome,
    pub server_seq: u64,
    /// The receipt of the sheet recorded (applied or late).
    pub receipt: Option<Receipt>,
}

/// Why a whole sync request was refused, with nothing written: the judge is past a limit
/// of `app::domain::limits`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncRefusal {
    #[error("judge '{judge}' has synced from {MAX_DEVICES_PER_JUDGE} devices already, the most one judge may use; sync from one of those")]
    TooManyDevices { judge: Id },
    #[error("judge '{judge}' would have more than {MAX_OPS_PER_JUDGE} ops recorded, the most one judge may send; no new op is taken")]
    TooManyOps { judge: Id },
}

impl SyncRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            SyncRefusal::TooManyDevices { .. } => "too_many_devices",
            SyncRefusal::TooManyOps { .. } => "too_many_ops",
        }
    }
}

/// The rejection of an op made in a rehearsal that has ended: it never counts.
pub fn rehearsal_over_rejection() -> app::domain::sync::Rejection {
    app::domain::sync::Rejection {
        code: "rehearsal_over".into(),
        message: "this score was made in the rehearsal, which has ended; it does not count".into(),
    }
}

/// Decides a request's ops against the ledger as it stands: the record of the ops decided
/// now, and every op's result in request order; or the limit the request would break.
pub fn decide_sync(
    req: &SyncRequest,
    config: &EventConfig,
    ledger: &Ledger,
    recorded: impl Fn(&str) -> Option<Recorded>,
    rehearsal_over: impl Fn(&RawOp) -> bool,
) -> std::result::Result<(SyncRecord, Vec<OpResult>), SyncRefusal> {
    let judge = || req.judge.id.clone();
    let tally = ledger.tally(&req.judge.id);
    let devices = tally.map_or(0, |t| t.devices.len());
    let known_device = tally.is_some_and(|t| t.devices.contains(&req.device));
    if !known_device && devices >= MAX_DEVICES_PER_JUDGE {
        return Err(SyncRefusal::TooManyDevices { judge: judge() });
    }
    let mut late_kept = tally.map_or(0, |t| t.late);
    let mut seq = ledger.seq;
    let mut ops: Vec<OpRecord> = Vec::new();
    // Ops decided earlier in this request (their index in `results`), by op_id: a repeat
    // gets the same result.
    let mut earlier: HashMap<&str, usize> = HashMap::new();
    // Sheets applied earlier in this request, which the ledger does not hold yet.
    let mut written: HashMap<Id, (u64, String)> = HashMap::new();
    let mut results = Vec::with_capacity(req.ops.len());
    for op in &req.ops {
        let repeat = earlier.get(op.op_id.as_str()).map(|&i| {
            let first: &OpResult = &results[i];
            Recorded {
                outcome: first.outcome.clone(),
                server_seq: first.server_seq,
                receipt: first.receipt,
            }
        });
        if let Some(done) = repeat.or_else(|| recorded(&op.op_id)) {
            results.push(OpResult {
                op_id: op.op_id.clone(),
                outcome: done.outcome,
                server_seq: done.server_seq,
                receipt: done.receipt,
            });
            continue;
        }
        let (outcome, valid) = if rehearsal_over(op) {
            (
                Outcome::Rejected {
                    error: rehearsal_over_rejection(),
                },
                None,
            )
        } else {
            decide(
                config,
                &req.judge,
                &req.device,
                op,
                late_kept,
                |p| ledger.lock_of(p).is_some(),
                |p| {
                    written.get(p).cloned().or_else(|| {
                        ledger
                            .sheet(p, &req.judge.id)
                            .map(|s| (s.rev, s.device.clone()))
                    })
                },
            )
        };
        seq += 1;
        let sheet = match (&outcome, valid) {
            (Outcome::Applied | Outcome::Late, Some(v)) => {
                if outcome == Outcome::Applied {
                    written.insert(v.presenter.clone(), (v.rev, req.device.clone()));
                } else {
                    late_kept += 1;
                }
                Some(OpSheet {
                    presenter: v.presenter,
                    rev: v.rev,
                    values: v.sheet.values,
                    submitted: v.sheet.submitted,
                    note: v.note,
                })
            }
            _ => None,
        };
        let receipt = sheet
            .as_ref()
            .map(|sheet| sheet.receipt(&config.id, &req.judge.id, &req.device, &op.op_id, seq));
        earlier.insert(op.op_id.as_str(), results.len());
        results.push(OpResult {
            op_id: op.op_id.clone(),
            outcome: outcome.clone(),
            server_seq: seq,
            receipt,
        });
        ops.push(OpRecord {
            op_id: op.op_id.clone(),
            body: op.kept(),
            outcome,
            server_seq: seq,
            sheet,
            receipt,
        });
    }
    let recorded = tally.map_or(0, |t| t.ops);
    if recorded.saturating_add(ops.len()) > MAX_OPS_PER_JUDGE {
        return Err(SyncRefusal::TooManyOps { judge: judge() });
    }
    let record = SyncRecord {
        judge: req.judge.id.clone(),
        device: req.device.clone(),
        received_at: req.received_at.clone(),
        ops,
        paper: req.paper.clone(),
    };
    Ok((record, results))
}
