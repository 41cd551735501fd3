//! The audit log as the host reads it: one line per op a judge's device sent (with the
//! outcome it got) and per host action, oldest first. The server only ever appends to the
//! records behind it.

use super::receipt::Receipt;
use super::score::Score;
use super::wire::WireError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// An op from a judge's device, as decided once and for all.
    Op,
    /// Something the host (or the `leitai` command line) did.
    Host,
}

impl AuditKind {
    pub fn parse(text: &str) -> Option<AuditKind> {
        match text {
            "op" => Some(AuditKind::Op),
            "host" => Some(AuditKind::Host),
            _ => None,
        }
    }
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub kind: AuditKind,
    /// An op's `server_seq`, or a host action's number in the event's audit log.
    pub seq: u64,
    /// The server's time.
    pub at: String,
    /// `sync` for an op; for the host: `start_report`, `start_defence`, `open_scoring`,
    /// `next`, `undo`, `reorder`, `reveal`, `forced_reveal`, `amend`, `reissue_link`,
    /// `import_event`, `replace_config`, `next_quarter`, `created_from`, `restore`.
    pub action: String,
    /// `host`, `cli`, or for an op the judge's id.
    pub actor: String,
    #[serde(default)]
    pub judge: Option<String>,
    #[serde(default)]
    pub presenter: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    /// `applied`, `rejected`, `late` or `superseded`, for an op.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Why an op was rejected.
    #[serde(default)]
    pub error: Option<WireError>,
    #[serde(default)]
    pub op_id: Option<String>,
    #[serde(default)]
    pub rev: Option<u64>,
    /// The op's values as sent.
    #[serde(default)]
    pub values: Option<serde_json::Value>,
    #[serde(default)]
    pub submitted: Option<bool>,
    /// The sheet's total, when the op was applied or late and every value is there.
    #[serde(default)]
    pub total: Option<Score>,
    /// The receipt of a recorded sheet (applied or late).
    #[serde(default)]
    pub receipt: Option<Receipt>,
    /// The device's clock when the judge made the change (informational only).
    #[serde(default)]
    pub client_time: Option<String>,
    /// A host action's particulars (a reason, a judge, a phase, …).
    #[serde(default)]
    pub detail: serde_json::Value,
    /// The entry's place in the whole log, oldest first from 1: the one number a reader
    /// goes by (`seq` counts ops and host actions apart).
    #[serde(default)]
    pub n: u64,
}

/// `GET /api/v1/events/{event}/audit` (host).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub audit: Vec<AuditEntry>,
    /// Entries matching the filters, before `offset` and `limit`.
    pub total: u64,
    pub offset: u64,
}
