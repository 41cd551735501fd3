//! The audit log as the host reads it: one line per op a judge's device sent (with the
//! outcome it got) and per host action, oldest first. The server only ever appends to the
//! records behind it.

use super::receipt::Receipt;
use super::score::Score;
use super::show::Move;
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

/// What an audit line records: `sync` for an op from a judge's device, else the host's
/// action. The names are the ones the log has always stored (`AuditEntry::action` stays
/// text, so an old data dir, or an action this build does not know, still reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Sync,
    StartReport,
    StartDefence,
    OpenScoring,
    Reveal,
    ForcedReveal,
    Next,
    Undo,
    Reorder,
    Amend,
    ReissueLink,
    ImportEvent,
    ReplaceConfig,
    NextQuarter,
    CreatedFrom,
    /// The `leitai` command line imported a backup.
    Restore,
    StartRehearsal,
    /// A rehearsal ended: what it wiped is in the entry's detail.
    EndRehearsal,
    /// Judges and presenters from a roster file.
    ImportRoster,
    /// A paper sheet entered for a judge, with who entered it.
    PaperSheet,
    /// The event became the current one.
    MakeCurrent,
    /// A follow-up item (局长直通车) raised at the event.
    RaiseItem,
    /// A step of an item: a move, an extension, a note, the behind-plan flag, a vote.
    ItemStep,
    /// A new event made on the events page: blank, from the demo, or a copy.
    CreateEvent,
    /// After the start, a correction that cannot change a result (a name, the title).
    CorrectConfig,
    /// A unit's own link issued (or issued again: the old one stops working).
    UnitLink,
    /// 回头看 began on the screen, before the first presenter was called.
    StartReview,
    /// The open items of the previous session carried over into this one (`next`).
    CarryItems,
}

impl AuditAction {
    /// Every action, in the order the audit log's filter lists them.
    pub const ALL: [AuditAction; 28] = [
        AuditAction::Sync,
        AuditAction::StartReport,
        AuditAction::StartDefence,
        AuditAction::OpenScoring,
        AuditAction::Reveal,
        AuditAction::ForcedReveal,
        AuditAction::Next,
        AuditAction::Undo,
        AuditAction::Reorder,
        AuditAction::Amend,
        AuditAction::ReissueLink,
        AuditAction::ImportEvent,
        AuditAction::ReplaceConfig,
        AuditAction::NextQuarter,
        AuditAction::CreatedFrom,
        AuditAction::Restore,
        AuditAction::StartRehearsal,
        AuditAction::EndRehearsal,
        AuditAction::ImportRoster,
        AuditAction::PaperSheet,
        AuditAction::MakeCurrent,
        AuditAction::RaiseItem,
        AuditAction::ItemStep,
        AuditAction::CreateEvent,
        AuditAction::CorrectConfig,
        AuditAction::UnitLink,
        AuditAction::StartReview,
        AuditAction::CarryItems,
    ];

    /// The name stored and sent, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Sync => "sync",
            AuditAction::StartReport => "start_report",
            AuditAction::StartDefence => "start_defence",
            AuditAction::OpenScoring => "open_scoring",
            AuditAction::Reveal => "reveal",
            AuditAction::ForcedReveal => "forced_reveal",
            AuditAction::Next => "next",
            AuditAction::Undo => "undo",
            AuditAction::Reorder => "reorder",
            AuditAction::Amend => "amend",
            AuditAction::ReissueLink => "reissue_link",
            AuditAction::ImportEvent => "import_event",
            AuditAction::ReplaceConfig => "replace_config",
            AuditAction::NextQuarter => "next_quarter",
            AuditAction::CreatedFrom => "created_from",
            AuditAction::Restore => "restore",
            AuditAction::StartRehearsal => "start_rehearsal",
            AuditAction::EndRehearsal => "end_rehearsal",
            AuditAction::ImportRoster => "import_roster",
            AuditAction::PaperSheet => "paper_sheet",
            AuditAction::MakeCurrent => "make_current",
            AuditAction::RaiseItem => "raise_item",
            AuditAction::ItemStep => "item_step",
            AuditAction::CreateEvent => "create_event",
            AuditAction::CorrectConfig => "correct_config",
            AuditAction::UnitLink => "unit_link",
            AuditAction::StartReview => "start_review",
            AuditAction::CarryItems => "carry_items",
        }
    }

    /// The action a stored name stands for; `None` for one this build does not know.
    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The action a move of the run of show is recorded as (its `action` on the wire).
    pub fn of_move(mv: &Move) -> AuditAction {
        match mv {
            Move::Reorder { .. } => AuditAction::Reorder,
            Move::StartReport => AuditAction::StartReport,
            Move::StartDefence => AuditAction::StartDefence,
            Move::OpenScoring => AuditAction::OpenScoring,
            Move::Next => AuditAction::Next,
            Move::Undo => AuditAction::Undo,
            Move::StartReview => AuditAction::StartReview,
        }
    }

    /// A reveal's action: forced below quorum or not.
    pub fn of_reveal(forced: bool) -> AuditAction {
        if forced {
            AuditAction::ForcedReveal
        } else {
            AuditAction::Reveal
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
    /// `sync` for an op, else the host's action: an `AuditAction`'s name.
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
    /// For a paper sheet the host entered for the judge: who entered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn each_action_is_stored_under_its_serde_name_and_reads_back() {
        for action in AuditAction::ALL {
            let json = serde_json::to_value(action).unwrap();
            assert_eq!(json, action.as_str(), "{action:?}");
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            let back: AuditAction = serde_json::from_value(json).unwrap();
            assert_eq!(back, action);
        }
        let names: std::collections::BTreeSet<_> =
            AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            names.len(),
            AuditAction::ALL.len(),
            "each action listed once"
        );
        assert_eq!(AuditAction::parse("test"), None);
    }

    #[test]
    fn a_move_is_recorded_under_the_action_it_was_sent_as() {
        let moves = [
            Move::Reorder {
                order: vec![Id::parse("a").unwrap()],
            },
            Move::StartReport,
            Move::StartDefence,
            Move::OpenScoring,
            Move::Next,
            Move::Undo,
            Move::StartReview,
        ];
        for mv in moves {
            let sent = serde_json::to_value(&mv).unwrap();
            assert_eq!(sent["action"], AuditAction::of_move(&mv).as_str(), "{mv:?}");
        }
        assert_eq!(AuditAction::of_reveal(true).as_str(), "forced_reveal");
        assert_eq!(AuditAction::of_reveal(false).as_str(), "reveal");
    }
}
