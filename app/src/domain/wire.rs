//! The judge-facing wire types of `shared/design/protocol.md`, as a device reads and
//! writes them: `state`, and `sync`'s request and response.

use super::score::Score;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sheet's values by criterion id; `None` is a criterion not scored yet.
pub type Values = BTreeMap<String, Option<Score>>;

/// `GET /api/v1/events/{event}/state`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub event: EventInfo,
    pub judge: JudgeInfo,
    #[serde(default)]
    pub sheets: BTreeMap<String, ServerSheet>,
    #[serde(default)]
    pub locks: BTreeMap<String, LockInfo>,
    #[serde(default)]
    pub server_seq: u64,
    #[serde(default)]
    pub server_time: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventInfo {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub language: Option<String>,
    pub criteria: Vec<CriterionInfo>,
    pub presenters: Vec<PresenterInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionInfo {
    pub id: String,
    pub name: String,
    pub min: Score,
    pub max: Score,
    pub step: Score,
    #[serde(default)]
    pub description: Option<String>,
}

impl CriterionInfo {
    /// Whether `value` is allowed: inside `[min, max]` and on the step counted from `min`.
    pub fn allows(&self, value: Score) -> bool {
        value.fits(self.min, self.max, self.step)
    }

    /// One step up or down from `value` (from `min` or `max` when nothing is entered yet),
    /// kept inside the range.
    pub fn stepped(&self, value: Option<Score>, up: bool) -> Score {
        let step = self.step.hundredths().max(1);
        let next = match value {
            None if up => self.min.hundredths(),
            None => self.max.hundredths(),
            Some(v) if up => v.hundredths() + step,
            Some(v) => v.hundredths() - step,
        };
        Score::from_hundredths(next.clamp(self.min.hundredths(), self.max.hundredths()))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresenterInfo {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgeInfo {
    pub id: String,
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub recused: Vec<String>,
}

/// The server's copy of one of the judge's sheets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerSheet {
    pub rev: u64,
    pub device: String,
    #[serde(default)]
    pub values: Values,
    pub submitted: bool,
    #[serde(default)]
    pub server_seq: u64,
}

/// A revealed presenter, as a judge may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LockInfo {
    pub revealed_at: String,
    pub result_hash: String,
    #[serde(default, rename = "final")]
    pub final_score: Option<Score>,
    /// Whether this judge's sheet was counted in the locked result.
    #[serde(default)]
    pub counted: bool,
}

/// One op: the judge's whole sheet for one presenter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Op {
    pub op_id: String,
    pub presenter: String,
    pub rev: u64,
    pub values: Values,
    pub submitted: bool,
    pub client_time: String,
}

/// `POST /api/v1/events/{event}/sync`'s body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncRequest {
    pub device: String,
    pub ops: Vec<Op>,
    /// How many changes the device holds unsent, for the host's view (beyond the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
}

/// `sync`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncResponse {
    pub results: Vec<OpResult>,
    #[serde(default)]
    pub server_time: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpResult {
    pub op_id: String,
    pub outcome: String,
    #[serde(default)]
    pub server_seq: u64,
    #[serde(default)]
    pub error: Option<WireError>,
}

/// The contract's error body, `{"error": {"code", "message"}}`, and a rejection's reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireError {
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: WireError,
}

/// `GET /api/v1/me` for a judge's token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub role: String,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub judge: Option<String>,
}
