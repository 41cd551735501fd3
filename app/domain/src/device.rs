//! What a judge's device keeps: the event as the server last described it, the sheets as
//! entered here, the outbox of ops the server has not acknowledged, and the server's word
//! on each sheet; and likewise the representatives' ballot (回头看测评) and this judge's
//! votes on it. Plain data with no I/O: the browser stores it whole after every change.

use super::item_terms::Choice;
use super::receipt::Receipt;
use super::score::Score;
use super::wire::{
    CriterionInfo, EventInfo, EventRef, JudgeInfo, LockInfo, Op, OpResult, OwnVote, PresenterInfo,
    RoundInfo, State, Values, VoteOp, WireError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most ops a device sends in one request (the contract allows 500).
pub const BATCH: usize = 100;

/// The longest written point on a sheet (意见建议), in characters, as the server keeps it.
pub const NOTE_MAX: usize = 200;

/// The server's word on the last op this device sent for a sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged (serde's default): an internally tagged enum costs the judge's
// bundle kilobytes of buffering code.
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Applied {
        server_seq: u64,
    },
    /// Another device of this judge holds a newer version of the sheet.
    Superseded,
    /// The op arrived after the presenter's reveal: kept for the host, not counted.
    Late,
    Rejected {
        code: String,
        message: String,
    },
}

/// One sheet as this device knows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalSheet {
    /// What the judge sees and edits.
    pub values: Values,
    /// Whether the judge has submitted the sheet (确认提交).
    pub submitted: bool,
    /// The values of the last op made for the sheet, or of the server's copy.
    pub sent: Values,
    /// The highest rev seen for this sheet, from this device or from the server.
    pub rev: u64,
    /// The server's word on this device's last op, once it has answered.
    pub verdict: Option<Verdict>,
    /// The server's copy has caught up with what this device holds.
    pub synced: bool,
    /// The server's confirmation of the sheet it holds, to compare with the host's.
    #[serde(default)]
    pub receipt: Option<SheetReceipt>,
    /// The judge's written point (意见建议), shown to the host only; edited like a value.
    #[serde(default)]
    pub note: Option<String>,
    /// The note of the last op made for the sheet, or of the server's copy.
    #[serde(default)]
    pub sent_note: Option<String>,
}

/// What the server recorded for a sheet: its sequence number and the record's short hash
/// (see `receipt.rs`); the host looks the same pair up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetReceipt {
    pub server_seq: u64,
    pub receipt: Receipt,
}

/// A ballot item (`wire::BallotItem`) as the phone keeps it: what the judge reads, without
/// the counts and tally, which the phone never shows (each type serde reads costs the
/// judge's bundle kilobytes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BallotEntry {
    pub id: String,
    pub number: String,
    #[serde(default)]
    pub unit_name: Option<String>,
    pub title: String,
    #[serde(default)]
    pub report: Option<String>,
    pub open: bool,
}

/// `GET …/ballot` (`wire::Ballot`) as the phone reads it: the same body, fewer fields.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PhoneBallot {
    pub items: Vec<BallotEntry>,
    #[serde(default)]
    pub votes: BTreeMap<String, OwnVote>,
}

/// This judge's vote on one ballot item as this device knows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalVote {
    /// The choice the judge made last, here or (as the server says) on another device.
    pub choice: Option<Choice>,
    /// The highest rev seen for this vote, from this device or from the server.
    pub rev: u64,
    /// The server's word on this device's last vote op, once it has answered.
    pub verdict: Option<Verdict>,
    /// The server holds the choice shown.
    pub synced: bool,
}

impl LocalSheet {
    /// A submitted sheet the judge changed but has not submitted again: these changes
    /// stay on the device until the judge confirms them.
    pub fn is_editing(&self) -> bool {
        self.submitted && (self.values != self.sent || self.note != self.sent_note)
    }

    pub fn has_values(&self) -> bool {
        self.values.values().any(Option::is_some)
    }
}

/// How a presenter stands for this judge, in the order a sheet goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    /// Scored in part or in full but not submitted: a draft, which never counts.
    Draft,
    /// Submitted on this device, not yet confirmed by the server.
    Submitted,
    /// Submitted and recorded by the server.
    Synced,
    /// Revealed, with this judge's sheet counted.
    Counted,
    /// Revealed; this judge's sheet reached the server only after the reveal.
    Late,
    /// Revealed without a sheet of this judge's (none, or never submitted).
    NotCounted,
}

impl Status {
    pub fn is_revealed(self) -> bool {
        matches!(self, Status::Counted | Status::Late | Status::NotCounted)
    }
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownPresenter,
    UnknownCriterion,
    Recused,
    Revealed,
    /// The item is not on this device's ballot.
    UnknownItem,
    /// The host has closed the vote on the item.
    VoteClosed,
    OutOfRange {
        min: Score,
        max: Score,
        step: Score,
    },
    Incomplete {
        missing: Vec<String>,
    },
}

/// The device's whole book for one judge in one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Book {
    pub event: EventInfo,
    pub judge: JudgeInfo,
    pub sheets: BTreeMap<String, LocalSheet>,
    /// Ops still to reach the server: at most one per presenter, since each carries the
    /// whole sheet and a newer one makes an older unsent one pointless.
    pub outbox: Vec<Op>,
    pub locks: BTreeMap<String, LockInfo>,
    /// The server's clock at the last successful sync.
    pub last_sync: Option<String>,
    pub server_seq: u64,
    /// The event's round as last heard: new ops are tagged with it.
    #[serde(default)]
    pub round: RoundInfo,
    /// Set when a rehearsal ended and this device dropped what it held of it, until the
    /// judge has read the notice.
    #[serde(default)]
    pub rehearsal_dropped: bool,
    /// The items the representatives vote on (回头看测评), as the server last listed them.
    #[serde(default)]
    pub ballot: Vec<BallotEntry>,
    /// This judge's votes, by item id.
    #[serde(default)]
    pub votes: BTreeMap<String, LocalVote>,
    /// Vote ops still to reach the server: at most one per item, as for sheets.
    #[serde(default)]
    pub vote_outbox: Vec<VoteOp>,
    /// The event the room is on now, when the server last said it is another one.
    #[serde(default)]
    pub now_on: Option<EventRef>,
}

impl Book {
    /// A book built from the server's `state`: what a new or wiped device starts from.
    pub fn from_state(state: State, device: &str) -> Book {
        let mut book = Book {
            event: state.event.clone(),
            judge: state.judge.clone(),
            sheets: BTreeMap::new(),
            outbox: Vec::new(),
            locks: BTreeMap::new(),
            last_sync: None,
            server_seq: 0,
            round: RoundInfo::default(),
            rehearsal_dropped: false,
            ballot: Vec::new(),
            votes: BTreeMap::new(),
            vote_outbox: Vec::new(),
            now_on: None,
        };
        book.merge_state(state, device);
        book
    }

    pub fn criteria(&self) -> &[CriterionInfo] {
        &self.event.criteria
    }

    pub fn presenters(&self) -> &[PresenterInfo] {
        &self.event.presenters
    }

    pub fn sheet(&self, presenter: &str) -> Option<&LocalSheet> {
        self.sheets.get(presenter)
    }

    pub fn is_recused(&self, presenter: &str) -> bool {
        self.judge.recused.iter().any(|p| p == presenter)
    }

    /// What has not reached the server yet: sheets' ops and votes.
    pub fn pending(&self) -> usize {
        self.outbox.len() + self.vote_outbox.len()
    }

    /// The sum of the entered values; `None` until every criterion has one.
    pub fn total(&self, presenter: &str) -> Option<Score> {
        let sheet = self.sheets.get(presenter)?;
        self.criteria().iter().try_fold(Score::ZERO, |sum, c| {
            sum.checked_add(sheet.values.get(&c.id).copied().flatten()?)
        })
    }

    /// The sum of what is entered so far, for the running total.
    pub fn running_total(&self, presenter: &str) -> Score {
        let Some(sheet) = self.sheets.get(presenter) else {
            return Score::ZERO;
        };
        self.criteria()
            .iter()
            .filter_map(|c| sheet.values.get(&c.id).copied().flatten())
            .fold(Score::ZERO, |sum, v| sum.checked_add(v).unwrap_or(sum))
    }

    pub fn status(&self, presenter: &str) -> Status {
        let sheet = self.sheets.get(presenter);
        if let Some(lock) = self.locks.get(presenter) {
            return if lock.counted {
                Status::Counted
            } else if sheet.is_some_and(|s| s.verdict == Some(Verdict::Late)) {
                Status::Late
            } else {
                Status::NotCounted
            };
        }
        let Some(sheet) = sheet else {
            return Status::NotStarted;
        };
        let queued = self.outbox.iter().any(|op| op.presenter == presenter);
        match (sheet.submitted, queued || !sheet.synced) {
            (true, false) => Status::Synced,
            (true, true) => Status::Submitted,
            (false, _) if sheet.has_values() => Status::Draft,
            (false, _) => Status::NotStarted,
        }
    }

    /// Sheets the judge has touched but not submitted (drafts, and changes to a submitted
    /// sheet not confirmed yet), for presenters still open: the sync bar never says
    /// "all done" while there is one.
    pub fn unsubmitted(&self) -> usize {
        self.sheets
            .iter()
            .filter(|(p, s)| {
                !self.locks.contains_key(p.as_str())
                    && !self.is_recused(p)
                    && ((!s.submitted && s.has_values()) || s.is_editing())
            })
            .count()
    }

    fn check_editable(&self, presenter: &str) -> Result<(), EditError> {
        if !self.presenters().iter().any(|p| p.id == presenter) {
            return Err(EditError::UnknownPresenter);
        }
        if self.is_recused(presenter) {
            return Err(EditError::Recused);
        }
        if self.locks.contains_key(presenter) {
            return Err(EditError::Revealed);
        }
        Ok(())
    }

    /// Sets one criterion's value (or clears it). On a sheet not yet submitted, the change
    /// goes straight into the outbox; on a submitted one it waits for [`Book::submit`].
    pub fn set_value(
        &mut self,
        presenter: &str,
        criterion: &str,
        value: Option<Score>,
        op_id: String,
        now: String,
    ) -> Result<(), EditError> {
        self.check_editable(presenter)?;
        let c = self
            .criteria()
            .iter()
            .find(|c| c.id == criterion)
            .ok_or(EditError::UnknownCriterion)?;
        if let Some(v) = value {
            if !c.allows(v) {
                return Err(EditError::OutOfRange {
                    min: c.min,
                    max: c.max,
                    step: c.step,
                });
            }
        }
        let sheet = self.sheets.entry(presenter.to_string()).or_default();
        sheet.values.insert(criterion.to_string(), value);
        if !sheet.submitted {
            self.queue(presenter, false, op_id, now);
        }
        Ok(())
    }

    /// Sets the sheet's written point (意见建议): trimmed, cut to [`NOTE_MAX`] characters,
    /// none when empty. Saved and sent as a change of a value is.
    pub fn set_note(
        &mut self,
        presenter: &str,
        text: &str,
        op_id: String,
        now: String,
    ) -> Result<(), EditError> {
        self.check_editable(presenter)?;
        let note: String = text.trim().chars().take(NOTE_MAX).collect();
        let note = Some(note.trim_end().to_string()).filter(|n| !n.is_empty());
        let sheet = self.sheets.entry(presenter.to_string()).or_default();
        if sheet.note == note {
            return Ok(());
        }
        sheet.note = note;
        if !sheet.submitted {
            self.queue(presenter, false, op_id, now);
        }
        Ok(())
    }

    /// Submits the sheet as it stands (确认提交); every criterion needs a value.
    pub fn submit(&mut self, presenter: &str, op_id: String, now: String) -> Result<(), EditError> {
        self.check_editable(presenter)?;
        let sheet = self.sheets.get(presenter);
        let missing: Vec<String> = self
            .criteria()
            .iter()
            .filter(|c| {
                sheet
                    .and_then(|s| s.values.get(&c.id).copied().flatten())
                    .is_none()
            })
            .map(|c| c.id.clone())
            .collect();
        if !missing.is_empty() {
            return Err(EditError::Incomplete { missing });
        }
        // A second tap on a submitted, unchanged sheet submits nothing new.
        if sheet.is_some_and(|s| s.submitted && !s.is_editing()) {
            return Ok(());
        }
        self.queue(presenter, true, op_id, now);
        Ok(())
    }

    /// Drops unconfirmed changes to a submitted sheet.
    pub fn discard_edit(&mut self, presenter: &str) {
        if let Some(sheet) = self.sheets.get_mut(presenter) {
            sheet.values = sheet.sent.clone();
            sheet.note = sheet.sent_note.clone();
        }
    }

    fn queue(&mut self, presenter: &str, submitted: bool, op_id: String, now: String) {
        let sheet = self.sheets.entry(presenter.to_string()).or_default();
        sheet.rev += 1;
        sheet.submitted = submitted;
        sheet.sent = sheet.values.clone();
        sheet.sent_note = sheet.note.clone();
        sheet.verdict = None;
        sheet.synced = false;
        let op = Op {
            op_id,
            presenter: presenter.to_string(),
            rev: sheet.rev,
            values: sheet.values.clone(),
            submitted,
            client_time: now,
            round: Some(self.round.number),
            note: sheet.note.clone(),
        };
        self.outbox.retain(|o| o.presenter != presenter);
        self.outbox.push(op);
    }

    /// The next batch to send.
    pub fn outgoing(&self) -> Vec<Op> {
        self.outbox.iter().take(BATCH).cloned().collect()
    }

    /// Takes in the server's answers to a batch. Returns whether the device should read
    /// `state` again (a sheet was superseded, or a presenter was revealed meanwhile).
    pub fn apply_results(&mut self, sent: &[Op], results: &[OpResult], server_time: &str) -> bool {
        let mut refresh = false;
        for op in sent {
            let Some(result) = results.iter().find(|r| r.op_id == op.op_id) else {
                continue;
            };
            // The server has recorded this op whatever it said: never send it again.
            let still_latest = self.outbox.iter().any(|o| o.op_id == op.op_id);
            self.outbox.retain(|o| o.op_id != op.op_id);
            if !still_latest {
                // A newer change of the same sheet is queued; its verdict will count.
                continue;
            }
            let verdict = verdict_of(result);
            refresh |= matches!(verdict, Verdict::Superseded | Verdict::Late);
            if let Some(sheet) = self.sheets.get_mut(&op.presenter) {
                sheet.synced = matches!(verdict, Verdict::Applied { .. });
                sheet.verdict = Some(verdict);
                if let Some(receipt) = result.receipt {
                    sheet.receipt = Some(SheetReceipt {
                        server_seq: result.server_seq,
                        receipt,
                    });
                }
            }
        }
        self.last_sync = Some(server_time.to_string());
        refresh
    }

    /// Takes in the round the server is in. When it says the rehearsal this device knew has
    /// ended, every sheet, unsent op and reveal of it goes: none of it can ever count.
    pub fn learn_round(&mut self, now: RoundInfo) {
        if self.round.rehearsal_ended_by(&now) {
            self.sheets.clear();
            self.outbox.clear();
            self.locks.clear();
            self.server_seq = 0;
            self.rehearsal_dropped = true;
        }
        self.round = now;
    }

    /// Takes in the server's `state`: the event as it is now, reveals, and the judge's
    /// sheets as recorded. A sheet with a change still waiting here keeps that change; any
    /// other sheet follows the server (another device of this judge may have moved it on).
    pub fn merge_state(&mut self, state: State, device: &str) {
        self.learn_round(state.round);
        self.now_on = state.now_on;
        self.event = state.event;
        self.judge = state.judge;
        self.locks = state.locks;
        self.server_seq = self.server_seq.max(state.server_seq);
        if !state.server_time.is_empty() {
            self.last_sync = Some(state.server_time);
        }
        for (presenter, server) in state.sheets {
            let queued = self.outbox.iter().any(|op| op.presenter == presenter);
            let sheet = self.sheets.entry(presenter).or_default();
            let newer = server.rev > sheet.rev || !sheet.synced;
            sheet.rev = sheet.rev.max(server.rev);
            if queued {
                continue;
            }
            if let Some(receipt) = server.receipt {
                sheet.receipt = Some(SheetReceipt {
                    server_seq: server.server_seq,
                    receipt,
                });
            }
            if !newer && sheet.sent == server.values && sheet.submitted == server.submitted {
                sheet.synced = true;
                continue;
            }
            let editing = sheet.is_editing();
            if !editing {
                sheet.values = server.values.clone();
                sheet.note = server.note.clone();
            }
            sheet.sent = server.values;
            sheet.sent_note = server.note;
            sheet.submitted = server.submitted;
            sheet.synced = true;
            if server.device != device {
                // The server's copy came from another device: say so if this device's
                // own last op lost to it.
                if !matches!(sheet.verdict, Some(Verdict::Superseded)) {
                    sheet.verdict = None;
                }
            } else if sheet.verdict.is_none() {
                sheet.verdict = Some(Verdict::Applied {
                    server_seq: server.server_seq,
                });
            }
        }
    }
}

/// The representatives' vote on items (回头看测评): the same exactly-once rules as sheets,
/// with one op per item at most waiting in `vote_outbox`.
impl Book {
    pub fn ballot_item(&self, item: &str) -> Option<&BallotEntry> {
        self.ballot.iter().find(|i| i.id == item)
    }

    /// Votes `choice` on `item`. A newer choice replaces an unsent older one; the same
    /// choice again (a double tap) makes no new op.
    pub fn vote(
        &mut self,
        item: &str,
        choice: Choice,
        op_id: String,
        now: String,
    ) -> Result<(), EditError> {
        match self.ballot_item(item) {
            None => return Err(EditError::UnknownItem),
            Some(i) if !i.open => return Err(EditError::VoteClosed),
            Some(_) => {}
        }
        let vote = self.votes.entry(item.to_string()).or_default();
        let refused = matches!(vote.verdict, Some(Verdict::Rejected { .. }));
        if vote.choice == Some(choice) && !refused {
            return Ok(());
        }
        vote.rev += 1;
        vote.choice = Some(choice);
        vote.verdict = None;
        vote.synced = false;
        let op = VoteOp {
            op_id,
            item: item.to_string(),
            rev: vote.rev,
            choice,
            client_time: now,
        };
        self.vote_outbox.retain(|o| o.item != item);
        self.vote_outbox.push(op);
        Ok(())
    }

    /// Whether a vote on `item` waits on this device for the server.
    pub fn vote_queued(&self, item: &str) -> bool {
        self.vote_outbox.iter().any(|o| o.item == item)
    }

    /// The next batch of vote ops to send.
    pub fn outgoing_votes(&self) -> Vec<VoteOp> {
        self.vote_outbox.iter().take(BATCH).cloned().collect()
    }

    /// Takes in the server's answers to a batch of vote ops, as [`Book::apply_results`]
    /// does for sheets. A `late` vote means the host closed the item's vote meanwhile.
    pub fn apply_vote_results(&mut self, sent: &[VoteOp], results: &[OpResult]) {
        for op in sent {
            let Some(result) = results.iter().find(|r| r.op_id == op.op_id) else {
                continue;
            };
            let still_latest = self.vote_outbox.iter().any(|o| o.op_id == op.op_id);
            self.vote_outbox.retain(|o| o.op_id != op.op_id);
            let verdict = verdict_of(result);
            if verdict == Verdict::Late {
                if let Some(item) = self.ballot.iter_mut().find(|i| i.id == op.item) {
                    item.open = false;
                }
            }
            if !still_latest {
                continue;
            }
            if let Some(vote) = self.votes.get_mut(&op.item) {
                vote.synced = matches!(verdict, Verdict::Applied { .. });
                vote.verdict = Some(verdict);
            }
        }
    }

    /// Takes in the server's ballot: its items, and this judge's votes as recorded. A vote
    /// still waiting here is kept; any other follows the server (another device of this
    /// judge may have voted since), and one the server no longer holds (a new ballot after
    /// the item was reopened) goes. A late vote keeps its word but shows no choice the
    /// server does not hold: nothing is marked chosen that was never counted.
    pub fn merge_ballot(&mut self, ballot: PhoneBallot, device: &str) {
        let own = ballot.votes;
        let queued: Vec<String> = self.vote_outbox.iter().map(|o| o.item.clone()).collect();
        self.votes.retain(|item, v| {
            if own.contains_key(item) || queued.contains(item) {
                return true;
            }
            if v.verdict == Some(Verdict::Late) {
                v.choice = None;
            }
            !v.synced
        });
        for (item, server) in own {
            let vote = self.votes.entry(item.clone()).or_default();
            let newer = server.rev > vote.rev || !vote.synced;
            vote.rev = vote.rev.max(server.rev);
            if queued.contains(&item) || !newer && vote.choice == Some(server.choice) {
                continue;
            }
            vote.choice = Some(server.choice);
            vote.synced = true;
            if server.device != device {
                if vote.verdict != Some(Verdict::Superseded) {
                    vote.verdict = None;
                }
            } else if vote.verdict.is_none() {
                // A late or refused op keeps its word: the choice shown is the one counted.
                vote.verdict = Some(Verdict::Applied { server_seq: 0 });
            }
        }
        self.ballot = ballot.items;
    }
}

/// The server's word on one op, as a device keeps it.
fn verdict_of(result: &OpResult) -> Verdict {
    match result.outcome.as_str() {
        "applied" => Verdict::Applied {
            server_seq: result.server_seq,
        },
        "superseded" => Verdict::Superseded,
        "late" => Verdict::Late,
        _ => {
            let WireError { code, message } = result.error.clone().unwrap_or_else(|| WireError {
                code: result.outcome.clone(),
                message: String::new(),
            });
            Verdict::Rejected { code, message }
        }
    }
}

/// The judge's token in what a judge pasted: a whole join link (`https://…/j/TOKEN`), its
/// path (`/j/TOKEN`), or the token alone. An installed iPhone app opens without the link
/// Safari had, so a judge may have to paste it there.
pub fn token_in_link(text: &str) -> Option<&str> {
    let text = text.trim();
    let text = text.split(['?', '#']).next().unwrap_or_default();
    let token = match text.rfind("/j/") {
        Some(at) => text[at + 3..].trim_end_matches('/'),
        None if !text.contains('/') => text,
        None => return None,
    };
    let fits = (8..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    fits.then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ServerSheet;

    #[test]
    fn a_pasted_join_link_path_or_bare_token_gives_the_token() {
        let token = "0123456789abcdef0123456789abcdef";
        for pasted in [
            format!("https://score.example.org/j/{token}"),
            format!("  https://score.example.org:8443/j/{token}/ \n"),
            format!("http://192.168.8.10:3000/j/{token}?utm=x#top"),
            format!("/j/{token}"),
            token.to_string(),
        ] {
            assert_eq!(token_in_link(&pasted), Some(token), "{pasted:?}");
        }
    }

    #[test]
    fn what_is_not_a_judge_link_gives_no_token() {
        for pasted in [
            "",
            "   ",
            "https://score.example.org/host#token=0123456789abcdef",
            "https://score.example.org/j/",
            "https://score.example.org/j/abc/def",
            "short",
            "0123456789 abcdef",
            "请打开评委链接",
        ] {
            assert_eq!(token_in_link(pasted), None, "{pasted:?}");
        }
    }

    const DEV: &str = "00000000-0000-4000-8000-00000000000a";
    const OTHER: &str = "00000000-0000-4000-8000-00000000000b";

    fn s(x: f64) -> Score {
        Score::from_f64(x).unwrap()
    }

    fn state() -> State {
        serde_json::from_value(serde_json::json!({
            "event": {"id": "demo", "title": "T",
                "criteria": [{"id": "a", "name": "A", "min": 0, "max": 50, "step": 0.5},
                             {"id": "b", "name": "B", "min": 0, "max": 30, "step": 0.5}],
                "presenters": [{"id": "p1", "name": "P1", "unit": "U", "order": 1},
                               {"id": "p2", "name": "P2", "unit": "U", "order": 2},
                               {"id": "p3", "name": "P3", "unit": "U", "order": 3}]},
            "judge": {"id": "j01", "name": "J", "group": "g", "recused": ["p3"]},
            "sheets": {}, "locks": {}, "server_seq": 0, "server_time": "t0"
        }))
        .unwrap()
    }

    fn book() -> Book {
        Book::from_state(state(), DEV)
    }

    #[test]
    fn a_book_knows_when_the_room_is_on_another_event_and_forgets_it_when_it_is_not() {
        let mut b = book();
        assert_eq!(b.now_on, None);
        let mut st = state();
        st.now_on = Some(EventRef {
            id: "q3".into(),
            title: "Q3".into(),
        });
        b.merge_state(st, DEV);
        assert_eq!(b.now_on.as_ref().map(|e| e.title.as_str()), Some("Q3"));
        // A book kept by an earlier build, without the field, reads as "this one is on".
        let stored = serde_json::to_value(&b).unwrap();
        let mut old = stored.clone();
        old.as_object_mut().unwrap().remove("now_on");
        assert_eq!(serde_json::from_value::<Book>(old).unwrap().now_on, None);
        b.merge_state(state(), DEV);
        assert_eq!(b.now_on, None);
    }

    fn applied(op: &Op, seq: u64) -> OpResult {
        OpResult {
            op_id: op.op_id.clone(),
            outcome: "applied".into(),
            server_seq: seq,
            error: None,
            receipt: None,
        }
    }

    #[test]
    fn ops_carry_their_round_and_an_ended_rehearsal_drops_what_the_phone_held_of_it() {
        let mut b = book();
        let rehearsal = RoundInfo {
            number: 1,
            rehearsal: true,
        };
        b.learn_round(rehearsal);
        assert!(!b.rehearsal_dropped, "a rehearsal starting drops nothing");
        b.set_value("p1", "a", Some(s(30.0)), "o1".into(), "t0".into())
            .unwrap();
        assert_eq!(b.outgoing()[0].round, Some(1));
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 3)], "t1");
        b.set_value("p2", "a", Some(s(20.0)), "o2".into(), "t1".into())
            .unwrap();

        // The same round again, or a later real round after a real one: nothing goes.
        b.learn_round(rehearsal);
        assert_eq!(b.pending(), 1);
        b.learn_round(RoundInfo {
            number: 2,
            rehearsal: false,
        });
        assert!(b.rehearsal_dropped);
        assert_eq!(b.pending(), 0, "the rehearsal's unsent op is gone");
        assert!(b.sheet("p1").is_none() && b.sheet("p2").is_none());
        b.set_value("p1", "a", Some(s(31.0)), "o3".into(), "t2".into())
            .unwrap();
        assert_eq!(b.outgoing()[0].round, Some(2));
        assert_eq!(
            b.outgoing()[0].rev,
            1,
            "the real round's sheet starts afresh"
        );
        b.rehearsal_dropped = false;
        b.learn_round(RoundInfo {
            number: 4,
            rehearsal: false,
        });
        assert!(
            !b.rehearsal_dropped,
            "only a rehearsal's end drops anything"
        );
        assert_eq!(b.pending(), 1);
    }

    #[test]
    fn a_sheet_keeps_the_receipt_of_what_the_server_recorded() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(30.0)), "o1".into(), "t0".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(20.0)), "o2".into(), "t0".into())
            .unwrap();
        b.submit("p1", "o3".into(), "t0".into()).unwrap();
        let sent = b.outgoing();
        let mut result = applied(&sent[0], 12);
        result.receipt = Some(Receipt(0x0a1b_2c3d));
        b.apply_results(&sent, &[result], "t1");
        let expected = SheetReceipt {
            server_seq: 12,
            receipt: Receipt(0x0a1b_2c3d),
        };
        assert_eq!(b.sheets["p1"].receipt, Some(expected));

        // Another device's newer record, through `state`, brings its own receipt.
        let mut st = state();
        st.sheets.insert(
            "p1".into(),
            ServerSheet {
                rev: 9,
                device: OTHER.into(),
                values: [
                    ("a".to_string(), Some(s(31.0))),
                    ("b".into(), Some(s(20.0))),
                ]
                .into(),
                submitted: true,
                server_seq: 14,
                receipt: Some(Receipt(0xdead_beef)),
                note: None,
            },
        );
        b.merge_state(st, DEV);
        assert_eq!(
            b.sheets["p1"].receipt.map(|r| (r.server_seq, r.receipt.0)),
            Some((14, 0xdead_beef))
        );
    }

    #[test]
    fn each_change_of_an_open_sheet_replaces_its_queued_op_with_a_higher_rev() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(40.0)), "op1".into(), "t".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(25.5)), "op2".into(), "t".into())
            .unwrap();
        assert_eq!(b.outbox.len(), 1);
        assert_eq!(b.outbox[0].op_id, "op2");
        assert_eq!(b.outbox[0].rev, 2);
        assert!(!b.outbox[0].submitted);
        assert_eq!(b.status("p1"), Status::Draft);
        assert_eq!(b.running_total("p1"), s(65.5));
        assert_eq!(b.total("p1"), Some(s(65.5)));
    }

    #[test]
    fn submitting_needs_every_criterion_and_then_waits_for_the_server() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(40.0)), "op1".into(), "t".into())
            .unwrap();
        assert_eq!(
            b.submit("p1", "op2".into(), "t".into()),
            Err(EditError::Incomplete {
                missing: vec!["b".into()]
            })
        );
        b.set_value("p1", "b", Some(s(20.0)), "op3".into(), "t".into())
            .unwrap();
        b.submit("p1", "op4".into(), "t".into()).unwrap();
        assert_eq!(b.status("p1"), Status::Submitted);
        let sent = b.outgoing();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].submitted);
        let refresh = b.apply_results(&sent, &[applied(&sent[0], 7)], "t1");
        assert!(!refresh);
        assert!(b.outbox.is_empty());
        assert_eq!(b.status("p1"), Status::Synced);
        assert_eq!(
            b.sheet("p1").unwrap().verdict,
            Some(Verdict::Applied { server_seq: 7 })
        );
        assert_eq!(b.last_sync.as_deref(), Some("t1"));
    }

    #[test]
    fn a_submitted_sheet_changes_only_when_the_judge_confirms_again() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(40.0)), "o1".into(), "t".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(20.0)), "o2".into(), "t".into())
            .unwrap();
        b.submit("p1", "o3".into(), "t".into()).unwrap();
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 3)], "t1");

        b.set_value("p1", "a", Some(s(45.0)), "o4".into(), "t".into())
            .unwrap();
        assert!(b.outbox.is_empty(), "an unconfirmed edit is not sent");
        assert!(b.sheet("p1").unwrap().is_editing());
        b.discard_edit("p1");
        assert_eq!(b.total("p1"), Some(s(60.0)));

        b.set_value("p1", "a", Some(s(45.0)), "o5".into(), "t".into())
            .unwrap();
        b.submit("p1", "o6".into(), "t".into()).unwrap();
        assert_eq!(b.outbox[0].rev, 4);
        assert_eq!(b.outbox[0].values["a"], Some(s(45.0)));
    }

    #[test]
    fn edits_are_refused_when_recused_revealed_or_off_the_rubric() {
        let mut b = book();
        assert_eq!(
            b.set_value("p3", "a", Some(s(1.0)), "o".into(), "t".into()),
            Err(EditError::Recused)
        );
        assert!(matches!(
            b.set_value("p1", "a", Some(s(50.5)), "o".into(), "t".into()),
            Err(EditError::OutOfRange { .. })
        ));
        assert!(matches!(
            b.set_value("p1", "a", Some(s(10.25)), "o".into(), "t".into()),
            Err(EditError::OutOfRange { .. })
        ));
        assert_eq!(
            b.set_value("p1", "zz", Some(s(1.0)), "o".into(), "t".into()),
            Err(EditError::UnknownCriterion)
        );
        let mut st = state();
        st.locks.insert("p2".into(), lock(false));
        b.merge_state(st, DEV);
        assert_eq!(
            b.set_value("p2", "a", Some(s(1.0)), "o".into(), "t".into()),
            Err(EditError::Revealed)
        );
        assert_eq!(b.status("p2"), Status::NotCounted);
        assert!(b.outbox.is_empty());
    }

    fn lock(counted: bool) -> LockInfo {
        LockInfo {
            revealed_at: "r".into(),
            result_hash: "h".into(),
            final_score: Some(s(80.0)),
            counted,
        }
    }

    #[test]
    fn a_draft_is_never_done_and_keeps_the_sync_bar_from_saying_so() {
        let mut b = book();
        assert_eq!(b.unsubmitted(), 0);
        b.set_value("p1", "a", Some(s(40.0)), "o1".into(), "t".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(20.0)), "o2".into(), "t".into())
            .unwrap();
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 1)], "t1");
        // Complete, on the server, nothing pending: still a draft until submitted.
        assert_eq!(b.pending(), 0);
        assert_eq!(b.status("p1"), Status::Draft);
        assert_eq!(b.unsubmitted(), 1);
        b.submit("p1", "o3".into(), "t".into()).unwrap();
        assert_eq!(b.unsubmitted(), 0);
        // A change to a submitted sheet is unsubmitted again until confirmed.
        b.set_value("p1", "a", Some(s(41.0)), "o4".into(), "t".into())
            .unwrap();
        assert_eq!(b.unsubmitted(), 1);
        b.discard_edit("p1");
        assert_eq!(b.unsubmitted(), 0);
    }

    #[test]
    fn a_second_tap_on_submit_sends_nothing_new() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(40.0)), "o1".into(), "t".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(20.0)), "o2".into(), "t".into())
            .unwrap();
        b.submit("p1", "o3".into(), "t".into()).unwrap();
        b.submit("p1", "o4".into(), "t".into()).unwrap();
        assert_eq!(b.outbox.len(), 1);
        assert_eq!(b.outbox[0].op_id, "o3");
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 1)], "t1");
        b.submit("p1", "o5".into(), "t".into()).unwrap();
        assert!(
            b.outbox.is_empty(),
            "a synced sheet submitted again queues nothing"
        );
        assert_eq!(b.sheets["p1"].rev, 3);
    }

    #[test]
    fn a_revealed_sheet_says_whether_it_was_counted_or_came_late() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(40.0)), "o1".into(), "t".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(20.0)), "o2".into(), "t".into())
            .unwrap();
        b.submit("p1", "o3".into(), "t".into()).unwrap();
        let sent = b.outgoing();
        let late = OpResult {
            outcome: "late".into(),
            ..applied(&sent[0], 9)
        };
        b.apply_results(&sent, &[late], "t1");
        let mut st = state();
        st.locks.insert("p1".into(), lock(false));
        st.locks.insert("p2".into(), lock(true));
        b.merge_state(st, DEV);
        assert_eq!(b.status("p1"), Status::Late);
        assert_eq!(b.status("p2"), Status::Counted);
        let mut st = state();
        st.locks.insert("p1".into(), lock(false));
        let mut fresh = book();
        fresh.merge_state(st, DEV);
        assert_eq!(fresh.status("p1"), Status::NotCounted);
        assert!(Status::Late.is_revealed() && !Status::Synced.is_revealed());
    }

    #[test]
    fn an_answer_to_an_op_already_replaced_only_clears_that_op() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(10.0)), "o1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing();
        // While the request is in flight the judge changes the sheet again.
        b.set_value("p1", "a", Some(s(11.0)), "o2".into(), "t".into())
            .unwrap();
        b.apply_results(&sent, &[applied(&sent[0], 1)], "t1");
        assert_eq!(b.outbox.len(), 1);
        assert_eq!(b.outbox[0].op_id, "o2");
        assert_eq!(b.sheet("p1").unwrap().verdict, None);
    }

    #[test]
    fn superseded_and_late_ask_for_state_and_rejected_keeps_the_reason() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(10.0)), "o1".into(), "t".into())
            .unwrap();
        b.set_value("p2", "a", Some(s(10.0)), "o2".into(), "t".into())
            .unwrap();
        let sent = b.outgoing();
        let results = vec![
            OpResult {
                op_id: "o1".into(),
                outcome: "superseded".into(),
                server_seq: 4,
                error: None,
                receipt: None,
            },
            OpResult {
                op_id: "o2".into(),
                outcome: "rejected".into(),
                server_seq: 5,
                error: Some(WireError {
                    code: "value_off_step".into(),
                    message: "a: off step".into(),
                }),
                receipt: None,
            },
        ];
        assert!(b.apply_results(&sent, &results, "t1"));
        assert!(b.outbox.is_empty());
        assert_eq!(b.sheet("p1").unwrap().verdict, Some(Verdict::Superseded));
        assert!(matches!(
            b.sheet("p2").unwrap().verdict,
            Some(Verdict::Rejected { ref code, .. }) if code == "value_off_step"
        ));
    }

    #[test]
    fn a_wiped_device_rebuilds_its_sheets_from_state() {
        let mut st = state();
        st.sheets.insert(
            "p1".into(),
            ServerSheet {
                rev: 5,
                device: OTHER.into(),
                values: [
                    ("a".to_string(), Some(s(40.0))),
                    ("b".into(), Some(s(20.0))),
                ]
                .into(),
                submitted: true,
                server_seq: 9,
                receipt: None,
                note: None,
            },
        );
        let mut b = Book::from_state(st, DEV);
        assert_eq!(b.status("p1"), Status::Synced);
        assert_eq!(b.total("p1"), Some(s(60.0)));
        // The next change continues from the server's rev.
        b.set_value("p1", "a", Some(s(41.0)), "o".into(), "t".into())
            .unwrap();
        b.submit("p1", "o2".into(), "t".into()).unwrap();
        assert_eq!(b.outbox[0].rev, 6);
    }

    #[test]
    fn state_from_another_device_wins_over_a_sheet_with_nothing_queued() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(10.0)), "o1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 1)], "t1");

        let mut st = state();
        st.sheets.insert(
            "p1".into(),
            ServerSheet {
                rev: 2,
                device: OTHER.into(),
                values: [("a".to_string(), Some(s(30.0)))].into(),
                submitted: false,
                server_seq: 2,
                receipt: None,
                note: None,
            },
        );
        b.merge_state(st.clone(), DEV);
        assert_eq!(b.sheet("p1").unwrap().values["a"], Some(s(30.0)));

        // But a change still queued here is kept, to be sent (and decided) in turn.
        b.set_value("p1", "a", Some(s(12.0)), "o3".into(), "t".into())
            .unwrap();
        st.sheets.get_mut("p1").unwrap().rev = 3;
        b.merge_state(st, DEV);
        assert_eq!(b.sheet("p1").unwrap().values["a"], Some(s(12.0)));
        assert_eq!(b.outbox.len(), 1);
    }

    #[test]
    fn the_book_survives_a_round_trip_through_storage() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(10.5)), "o1".into(), "t".into())
            .unwrap();
        let text = serde_json::to_string(&b).unwrap();
        let back: Book = serde_json::from_str(&text).unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn steppers_stay_in_range_and_on_the_step() {
        let c = &book().event.criteria[0];
        assert_eq!(c.stepped(None, true), s(0.0));
        assert_eq!(c.stepped(None, false), s(50.0));
        assert_eq!(c.stepped(Some(s(49.5)), true), s(50.0));
        assert_eq!(c.stepped(Some(s(50.0)), true), s(50.0));
        assert_eq!(c.stepped(Some(s(0.0)), false), s(0.0));
        assert_eq!(c.stepped(Some(s(10.0)), false), s(9.5));
    }

    // ---- The sheet's written point (意见建议) ----

    #[test]
    fn a_note_on_an_open_sheet_is_queued_trimmed_and_cut_to_its_length() {
        let mut b = book();
        b.set_note("p1", "  请加强夜间值守  ", "o1".into(), "t".into())
            .unwrap();
        assert_eq!(b.outbox.len(), 1);
        assert_eq!(b.outbox[0].note.as_deref(), Some("请加强夜间值守"));
        assert_eq!(b.outbox[0].rev, 1);
        // The same text again changes nothing; a value then carries the note along.
        b.set_note("p1", "请加强夜间值守", "o2".into(), "t".into())
            .unwrap();
        assert_eq!(b.outbox[0].op_id, "o1");
        b.set_value("p1", "a", Some(s(30.0)), "o3".into(), "t".into())
            .unwrap();
        assert_eq!(b.outbox[0].note.as_deref(), Some("请加强夜间值守"));
        let long = "长".repeat(NOTE_MAX + 30);
        b.set_note("p1", &long, "o4".into(), "t".into()).unwrap();
        assert_eq!(
            b.outbox[0].note.as_ref().map(|n| n.chars().count()),
            Some(NOTE_MAX)
        );
        b.set_note("p1", "   ", "o5".into(), "t".into()).unwrap();
        assert_eq!(b.outbox[0].note, None, "a blank note is no note");
        assert_eq!(b.outbox.len(), 1);
        b.set_note("p3", "x", "o6".into(), "t".into())
            .expect_err("recused");
    }

    #[test]
    fn a_note_changed_on_a_submitted_sheet_waits_for_confirmation_like_a_value() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(40.0)), "o1".into(), "t".into())
            .unwrap();
        b.set_value("p1", "b", Some(s(20.0)), "o2".into(), "t".into())
            .unwrap();
        b.submit("p1", "o3".into(), "t".into()).unwrap();
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 3)], "t1");

        b.set_note("p1", "答辩很扎实", "o4".into(), "t".into())
            .unwrap();
        assert!(b.outbox.is_empty(), "an unconfirmed change is not sent");
        assert!(b.sheets["p1"].is_editing());
        assert_eq!(b.unsubmitted(), 1);
        b.discard_edit("p1");
        assert_eq!(b.sheets["p1"].note, None);
        assert!(!b.sheets["p1"].is_editing());

        b.set_note("p1", "答辩很扎实", "o5".into(), "t".into())
            .unwrap();
        b.submit("p1", "o6".into(), "t".into()).unwrap();
        assert_eq!(b.outbox[0].note.as_deref(), Some("答辩很扎实"));
        assert!(b.outbox[0].submitted);
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 4)], "t2");
        assert_eq!(b.status("p1"), Status::Synced);
    }

    #[test]
    fn a_sheet_rebuilt_from_state_keeps_the_servers_note() {
        let server = |rev: u64, note: Option<&str>| ServerSheet {
            rev,
            device: OTHER.into(),
            values: [
                ("a".to_string(), Some(s(40.0))),
                ("b".into(), Some(s(20.0))),
            ]
            .into(),
            submitted: true,
            server_seq: 9,
            receipt: None,
            note: note.map(str::to_string),
        };
        let mut st = state();
        st.sheets
            .insert("p1".into(), server(5, Some("建议多讲成效")));
        let mut b = Book::from_state(st.clone(), DEV);
        assert_eq!(b.sheets["p1"].note.as_deref(), Some("建议多讲成效"));
        assert!(!b.sheets["p1"].is_editing());
        // Another device's newer sheet brings its note; the next op carries it on.
        st.sheets
            .insert("p1".into(), server(6, Some("改为：成效讲得清楚")));
        b.merge_state(st, DEV);
        assert_eq!(b.sheets["p1"].note.as_deref(), Some("改为：成效讲得清楚"));
        b.set_value("p1", "a", Some(s(41.0)), "o1".into(), "t".into())
            .unwrap();
        b.submit("p1", "o2".into(), "t".into()).unwrap();
        assert_eq!(b.outbox[0].rev, 7);
        assert_eq!(b.outbox[0].note.as_deref(), Some("改为：成效讲得清楚"));
    }

    #[test]
    fn a_note_applied_is_kept_when_the_server_echoes_the_sheet_without_one() {
        // A server that does not keep notes yet must not wipe the judge's text.
        let mut b = book();
        b.set_note("p1", "请关注群众反映", "o1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing();
        b.apply_results(&sent, &[applied(&sent[0], 2)], "t1");
        let mut st = state();
        st.sheets.insert(
            "p1".into(),
            ServerSheet {
                rev: 1,
                device: DEV.into(),
                values: Values::new(),
                submitted: false,
                server_seq: 2,
                receipt: None,
                note: None,
            },
        );
        b.merge_state(st, DEV);
        assert_eq!(b.sheets["p1"].note.as_deref(), Some("请关注群众反映"));
    }

    // ---- The representatives' vote (回头看测评) ----

    fn item(id: &str, open: bool) -> crate::wire::BallotItem {
        crate::wire::BallotItem {
            id: id.into(),
            number: id.to_uppercase(),
            presenter: Some("p1".into()),
            unit_name: Some("U".into()),
            title: format!("item {id}"),
            report: None,
            open,
            votes: 0,
            tally: None,
            status: None,
        }
    }

    /// The server's body, read as the phone reads it.
    fn ballot(votes: &[(&str, u64, &str, Choice)]) -> PhoneBallot {
        let wire = crate::wire::Ballot {
            items: vec![item("i1", true), item("i2", true)],
            votes: votes
                .iter()
                .map(|(i, rev, device, choice)| {
                    (
                        i.to_string(),
                        crate::wire::OwnVote {
                            rev: *rev,
                            device: device.to_string(),
                            choice: *choice,
                        },
                    )
                })
                .collect(),
            server_time: "t".into(),
        };
        serde_json::from_value(serde_json::to_value(wire).unwrap()).unwrap()
    }

    fn voting() -> Book {
        let mut b = book();
        b.merge_ballot(ballot(&[]), DEV);
        b
    }

    fn result(op_id: &str, outcome: &str, seq: u64) -> OpResult {
        OpResult {
            op_id: op_id.into(),
            outcome: outcome.into(),
            server_seq: seq,
            error: None,
            receipt: None,
        }
    }

    #[test]
    fn a_vote_waits_in_the_outbox_and_a_newer_choice_replaces_the_unsent_one() {
        let mut b = voting();
        b.vote("i1", Choice::Satisfied, "v1".into(), "t".into())
            .unwrap();
        // A double tap on the same choice makes no second op.
        b.vote("i1", Choice::Satisfied, "v2".into(), "t".into())
            .unwrap();
        assert_eq!(b.vote_outbox.len(), 1);
        assert_eq!(b.vote_outbox[0].op_id, "v1");
        b.vote("i1", Choice::Unsatisfied, "v3".into(), "t".into())
            .unwrap();
        b.vote("i2", Choice::Abstain, "v4".into(), "t".into())
            .unwrap();
        let ops = b.outgoing_votes();
        assert_eq!(ops.len(), 2, "one unsent op per item");
        assert_eq!((ops[0].op_id.as_str(), ops[0].rev), ("v3", 2));
        assert_eq!(ops[0].choice, Choice::Unsatisfied);
        assert_eq!(b.pending(), 2, "votes count as not on the server yet");
        assert!(b.vote_queued("i1"));

        b.apply_vote_results(
            &ops,
            &[result("v3", "applied", 5), result("v4", "applied", 6)],
        );
        assert!(b.vote_outbox.is_empty());
        assert!(b.votes["i1"].synced);
        assert_eq!(
            b.votes["i1"].verdict,
            Some(Verdict::Applied { server_seq: 5 })
        );
        // Tapping the recorded choice again sends nothing.
        b.vote("i1", Choice::Unsatisfied, "v5".into(), "t".into())
            .unwrap();
        assert!(b.vote_outbox.is_empty());
    }

    #[test]
    fn an_answer_to_a_vote_already_replaced_only_clears_that_op() {
        let mut b = voting();
        b.vote("i1", Choice::Satisfied, "v1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing_votes();
        b.vote("i1", Choice::BasicallySatisfied, "v2".into(), "t".into())
            .unwrap();
        b.apply_vote_results(&sent, &[result("v1", "applied", 1)]);
        assert_eq!(b.vote_outbox.len(), 1);
        assert_eq!(b.vote_outbox[0].op_id, "v2");
        assert_eq!(b.vote_outbox[0].rev, 2);
        assert_eq!(b.votes["i1"].verdict, None);
        assert!(!b.votes["i1"].synced);
        // The ballot read meanwhile keeps the choice still waiting here.
        b.merge_ballot(ballot(&[("i1", 1, DEV, Choice::Satisfied)]), DEV);
        assert_eq!(b.votes["i1"].choice, Some(Choice::BasicallySatisfied));
        assert_eq!(b.vote_outbox.len(), 1);
    }

    #[test]
    fn a_late_vote_closes_the_item_here_and_keeps_its_word() {
        let mut b = voting();
        b.vote("i1", Choice::Satisfied, "v1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing_votes();
        b.apply_vote_results(&sent, &[result("v1", "applied", 1)]);
        // The host closed the vote while this phone was offline; the judge changed theirs.
        b.vote("i1", Choice::Unsatisfied, "v2".into(), "t".into())
            .unwrap();
        let sent = b.outgoing_votes();
        b.apply_vote_results(&sent, &[result("v2", "late", 2)]);
        assert_eq!(b.votes["i1"].verdict, Some(Verdict::Late));
        assert!(!b.ballot_item("i1").unwrap().open);
        assert_eq!(
            b.vote("i1", Choice::Abstain, "v3".into(), "t".into()),
            Err(EditError::VoteClosed)
        );
        // The ballot read next shows the counted choice, and still says the last one came late.
        let mut closed = ballot(&[("i1", 1, DEV, Choice::Satisfied)]);
        closed.items[0].open = false;
        b.merge_ballot(closed, DEV);
        assert_eq!(b.votes["i1"].choice, Some(Choice::Satisfied));
        assert_eq!(b.votes["i1"].verdict, Some(Verdict::Late));
        assert!(b.vote_outbox.is_empty());
        // A first vote that came late: the server holds none, so none shows as chosen.
        b.vote("i2", Choice::Abstain, "v4".into(), "t".into())
            .unwrap();
        let sent = b.outgoing_votes();
        b.apply_vote_results(&sent, &[result("v4", "late", 3)]);
        let mut closed = ballot(&[("i1", 1, DEV, Choice::Satisfied)]);
        closed.items[1].open = false;
        b.merge_ballot(closed, DEV);
        assert_eq!(b.votes["i2"].choice, None);
        assert_eq!(b.votes["i2"].verdict, Some(Verdict::Late));
    }

    #[test]
    fn votes_are_refused_on_items_off_the_ballot_and_a_refusal_can_be_tried_again() {
        let mut b = voting();
        assert_eq!(
            b.vote("zz", Choice::Satisfied, "v".into(), "t".into()),
            Err(EditError::UnknownItem)
        );
        b.vote("i2", Choice::Satisfied, "v1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing_votes();
        let mut refused = result("v1", "rejected", 0);
        refused.error = Some(WireError {
            code: "not_on_ballot".into(),
            message: "m".into(),
        });
        b.apply_vote_results(&sent, &[refused]);
        assert!(matches!(
            b.votes["i2"].verdict,
            Some(Verdict::Rejected { ref code, .. }) if code == "not_on_ballot"
        ));
        b.vote("i2", Choice::Satisfied, "v2".into(), "t".into())
            .unwrap();
        assert_eq!(
            b.vote_outbox.len(),
            1,
            "the same choice after a refusal is sent again"
        );
        assert_eq!(b.vote_outbox[0].rev, 2);
    }

    #[test]
    fn a_wiped_device_rebuilds_its_votes_from_the_ballot_and_counts_on() {
        let mut b = book();
        assert!(b.ballot.is_empty());
        b.merge_ballot(ballot(&[("i1", 3, OTHER, Choice::BasicallySatisfied)]), DEV);
        assert_eq!(b.ballot.len(), 2);
        assert_eq!(b.votes["i1"].choice, Some(Choice::BasicallySatisfied));
        assert!(b.votes["i1"].synced);
        b.vote("i1", Choice::Satisfied, "v1".into(), "t".into())
            .unwrap();
        assert_eq!(
            b.vote_outbox[0].rev, 4,
            "one more than the highest rev seen"
        );
    }

    #[test]
    fn another_devices_newer_vote_wins_and_a_vote_of_an_ended_ballot_goes() {
        let mut b = voting();
        b.vote("i1", Choice::Satisfied, "v1".into(), "t".into())
            .unwrap();
        let sent = b.outgoing_votes();
        b.apply_vote_results(&sent, &[result("v1", "superseded", 1)]);
        assert_eq!(b.votes["i1"].verdict, Some(Verdict::Superseded));
        b.merge_ballot(ballot(&[("i1", 2, OTHER, Choice::Unsatisfied)]), DEV);
        assert_eq!(b.votes["i1"].choice, Some(Choice::Unsatisfied));
        assert_eq!(b.votes["i1"].verdict, Some(Verdict::Superseded));
        assert_eq!(b.votes["i1"].rev, 2);
        // The item was reopened and accepted again: a new ballot, with no vote of this judge.
        b.merge_ballot(ballot(&[]), DEV);
        assert!(!b.votes.contains_key("i1"));
        b.vote("i1", Choice::Satisfied, "v2".into(), "t".into())
            .unwrap();
        assert_eq!(b.vote_outbox[0].rev, 1);
    }

    #[test]
    fn a_book_stored_before_votes_and_notes_still_loads() {
        let mut b = book();
        b.set_value("p1", "a", Some(s(10.5)), "o1".into(), "t".into())
            .unwrap();
        let mut stored = serde_json::to_value(&b).unwrap();
        let fields = stored.as_object_mut().unwrap();
        for key in ["ballot", "votes", "vote_outbox"] {
            fields.remove(key).unwrap();
        }
        let sheet = fields["sheets"]["p1"].as_object_mut().unwrap();
        sheet.remove("note").unwrap();
        sheet.remove("sent_note").unwrap();
        let back: Book = serde_json::from_value(stored).unwrap();
        assert_eq!(back, b);
        let mut v = voting();
        v.vote("i1", Choice::Abstain, "v".into(), "t".into())
            .unwrap();
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<Book>(&text).unwrap(), v);
    }
}
