//! The records the store keeps for sync and reveal, as they are written to sled.

use app::domain::scoring::PresenterResult;
use app::domain::sync::Outcome;
use app::domain::{Id, Score};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Every op ever received, with the outcome it was given once and for all.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OpRecord {
    pub op_id: String,
    pub judge: Id,
    pub device: String,
    /// The op as sent, less its `op_id`.
    pub body: Value,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub server_seq: u64,
    pub received_at: String,
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
}
