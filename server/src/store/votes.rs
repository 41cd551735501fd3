//! The representatives' votes on items in sled (the rules in `domain/votes.rs`):
//! - `vote/<event>/<item>/<ballot>/<judge>`: each judge's vote on a ballot (the latest applied);
//! - `voteop/<event>/<op_id>`: every vote op's recorded result, for replays;
//! - `votelate/<event>/<server_seq>`: the votes that came after their ballot was closed;
//! - `voteclose/<event>/<item>/<ballot>`: a ballot closed in the event, and its tally;
//! - `voteseq/<event>`: the event's vote sequence, the ops' `server_seq`.
//!
//! A batch of ops, and a close with the item's vote step and its audit entry, are each one
//! sled batch, written by the writer's thread only.

use super::audit::AuditRecord;
use super::items::item_key;
use super::{encode, Result, Store};
use app::domain::event::Judge;
use app::domain::item_terms::Tally;
use app::domain::items::{Actor, Change, Item, ItemSettings, Stamp, StepRefusal, Transition, Vote};
use app::domain::votes::{
    self, BallotState, LateVote, RecordedVote, SentVote, StoredVote, VoteRecords,
};
use app::domain::Id;
use serde::{Deserialize, Serialize};

/// How a ballot was closed: the host took the phones' tally, or typed one from paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedBy {
    Phones,
    Paper,
}

/// A ballot closed in an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedBallot {
    pub item: Id,
    pub ballot: u32,
    pub tally: Tally,
    pub by: ClosedBy,
    pub at: String,
}

/// Every vote record of one event, for a backup.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VoteDump {
    #[serde(default)]
    pub votes: Vec<StoredVote>,
    #[serde(default)]
    pub recorded: Vec<RecordedVote>,
    #[serde(default)]
    pub late: Vec<LateVote>,
    #[serde(default)]
    pub closed: Vec<ClosedBallot>,
    #[serde(default)]
    pub seq: u64,
}

impl VoteDump {
    pub fn is_empty(&self) -> bool {
        *self == VoteDump::default()
    }
}

/// Why a ballot was not closed (nothing written). `code` is the API's error code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CloseRefusal {
    #[error("this item is not on this session's ballot: it is not 已办结 and its vote was not taken here")]
    NotOnBallot,
    #[error("{0}")]
    Step(StepRefusal),
}

impl CloseRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            CloseRefusal::NotOnBallot => "not_on_ballot",
            CloseRefusal::Step(refusal) => refusal.code(),
        }
    }
}

fn vote_key(event: &Id, item: &Id, ballot: u32, judge: &Id) -> String {
    format!("{}{judge}", ballot_prefix(event, item, ballot))
}

fn ballot_prefix(event: &Id, item: &Id, ballot: u32) -> String {
    format!("vote/{event}/{item}/{ballot:06}/")
}

fn op_key(event: &Id, op_id: &str) -> String {
    format!("voteop/{event}/{op_id}")
}

fn late_key(event: &Id, seq: u64) -> String {
    format!("votelate/{event}/{seq:020}")
}

fn closed_key(event: &Id, item: &Id, ballot: u32) -> String {
    format!("voteclose/{event}/{item}/{ballot:06}")
}

pub(super) fn seq_key(event: &Id) -> String {
    format!("voteseq/{event}")
}

/// The prefixes of an event's vote records but its sequence (a restore refuses to write over
/// any of them).
pub(super) fn vote_prefixes(event: &Id) -> Vec<String> {
    ["vote", "voteop", "votelate", "voteclose"]
        .iter()
        .map(|p| format!("{p}/{event}/"))
        .collect()
}

/// The event's records as the writer sees them, for the domain's batch.
struct Head<'a> {
    store: &'a Store,
    event: &'a Id,
    /// A read that failed: the batch is then refused whole.
    failed: std::cell::RefCell<Option<super::StoreError>>,
}

impl Head<'_> {
    fn read<T>(&self, r: Result<T>) -> Option<T> {
        match r {
            Ok(value) => Some(value),
            Err(e) => {
                self.failed.borrow_mut().get_or_insert(e);
                None
            }
        }
    }
}

impl VoteRecords for Head<'_> {
    fn recorded(&self, op_id: &str) -> Option<RecordedVote> {
        self.read(self.store.head_get(&op_key(self.event, op_id)))?
    }

    fn ballot(&self, item: &Id) -> Option<BallotState> {
        let found = self.read(self.store.head_ballot(self.event, item))??;
        Some(found.1)
    }

    fn stored(&self, item: &Id, ballot: u32, judge: &Id) -> Option<StoredVote> {
        self.read(
            self.store
                .head_get(&vote_key(self.event, item, ballot, judge)),
        )?
    }

    fn late_kept(&self, judge: &Id) -> usize {
        let late: Vec<LateVote> = self
            .read(self.store.head_scan(&format!("votelate/{}/", self.event)))
            .unwrap_or_default();
        late.iter().filter(|l| &l.judge == judge).count()
    }
}

impl Store {
    /// Decides a judge's vote ops in order and writes them in one batch: each op's result,
    /// in request order. The writer's thread only.
    pub fn apply_votes(
        &self,
        event: &Id,
        judge: &Judge,
        device: &str,
        ops: &[SentVote],
        received_at: &str,
    ) -> Result<Vec<RecordedVote>> {
        let head = Head {
            store: self,
            event,
            failed: Default::default(),
        };
        let last_seq: u64 = self.head_get(&seq_key(event))?.unwrap_or(0);
        let batch = votes::decide_batch(&head, judge, device, ops, last_seq, received_at);
        if let Some(e) = head.failed.into_inner() {
            return Err(e);
        }
        let mut writes = Vec::new();
        for r in &batch.recorded {
            writes.push((op_key(event, &r.op_id), Some(encode(r))));
        }
        for v in &batch.votes {
            writes.push((
                vote_key(event, &v.item, v.ballot, &v.judge),
                Some(encode(v)),
            ));
        }
        for l in &batch.late {
            writes.push((late_key(event, l.server_seq), Some(encode(l))));
        }
        if batch.last_seq != last_seq {
            writes.push((seq_key(event), Some(encode(&batch.last_seq))));
        }
        if !writes.is_empty() {
            self.write_batch(writes)?;
        }
        Ok(batch.results)
    }

    /// Whether ballot `ballot` of an item was closed in the event, as the writer sees it.
    fn head_closed(&self, event: &Id, item: &Id, ballot: u32) -> Result<bool> {
        Ok(self.db.contains_key(closed_key(event, item, ballot))?)
    }

    /// The item's state on the event's ballot as the writer sees it (`None`: no such item).
    fn head_ballot(&self, event: &Id, id: &Id) -> Result<Option<(Item, BallotState)>> {
        let Some(item) = self.head_get::<Item>(&item_key(event, id))? else {
            return Ok(None);
        };
        let voted = votes::ballots_taken(&item);
        let closed = match voted.checked_sub(1) {
            Some(last) => self.head_closed(event, id, last)?,
            None => false,
        };
        let state = BallotState::of(&item, |_| closed);
        Ok(Some((item, state)))
    }

    /// Closes the item's open ballot: its tally (each judge's vote) becomes the item's vote
    /// step, written with the close and its audit entry in one batch. A ballot already closed
    /// in the event answers the item unchanged; `None` for an unknown item. The writer's
    /// thread only.
    pub fn close_ballot(
        &self,
        event: &Id,
        id: &Id,
        settings: &ItemSettings,
        at: Stamp,
        audit: impl FnOnce(&Item, u32) -> AuditRecord,
    ) -> Result<Option<std::result::Result<Item, CloseRefusal>>> {
        let Some((item, state)) = self.head_ballot(event, id)? else {
            return Ok(None);
        };
        let ballot = match state {
            BallotState::Off => return Ok(Some(Err(CloseRefusal::NotOnBallot))),
            BallotState::Closed { .. } => return Ok(Some(Ok(item))),
            BallotState::Open { ballot } => ballot,
        };
        let held: Vec<StoredVote> = self.head_scan(&ballot_prefix(event, id, ballot))?;
        let vote = Vote::decide(votes::tally(&held), settings);
        Ok(Some(
            self.write_vote_step(event, item, (ballot, ClosedBy::Phones), vote, at, audit)?
                .map_err(CloseRefusal::Step),
        ))
    }

    /// A tally typed by hand (paper votes): the item's vote step, which closes its ballot
    /// like the host's close does (votes after it are late). `None` for an unknown item.
    /// The writer's thread only.
    pub fn vote_by_hand(
        &self,
        event: &Id,
        id: &Id,
        vote: Vote,
        at: Stamp,
        audit: impl FnOnce(&Item, u32) -> AuditRecord,
    ) -> Result<Option<std::result::Result<Item, StepRefusal>>> {
        let Some(item) = self.head_get::<Item>(&item_key(event, id))? else {
            return Ok(None);
        };
        let ballot = votes::ballots_taken(&item);
        Ok(Some(self.write_vote_step(
            event,
            item,
            (ballot, ClosedBy::Paper),
            vote,
            at,
            audit,
        )?))
    }

    /// The vote step that closes ballot `ballot` of the item, with the close and its audit
    /// entry, in one batch; or the domain's refusal with nothing written.
    fn write_vote_step(
        &self,
        event: &Id,
        mut item: Item,
        (ballot, by): (u32, ClosedBy),
        vote: Vote,
        at: Stamp,
        audit: impl FnOnce(&Item, u32) -> AuditRecord,
    ) -> Result<std::result::Result<Item, StepRefusal>> {
        let closed = ClosedBallot {
            item: item.id(),
            ballot,
            tally: vote.tally(),
            by,
            at: at.to_string(),
        };
        let step = Transition {
            change: Change::Vote(vote),
            by: Actor::Host,
            at,
        };
        if let Err(refusal) = item.step(step) {
            return Ok(Err(refusal));
        }
        let mut writes = vec![
            (item_key(event, &item.id()), Some(encode(&item))),
            (closed_key(event, &item.id(), ballot), Some(encode(&closed))),
        ];
        writes.extend(self.audit_writes(event, audit(&item, ballot))?);
        self.write_batch(writes)?;
        Ok(Ok(item))
    }

    /// The item's state on the event's ballot as readers see it.
    pub fn ballot_state(&self, event: &Id, item: &Item) -> Result<BallotState> {
        let voted = votes::ballots_taken(item);
        let closed = match voted.checked_sub(1) {
            Some(last) => self
                .get::<ClosedBallot>(&closed_key(event, &item.id(), last))?
                .is_some(),
            None => false,
        };
        Ok(BallotState::of(item, |_| closed))
    }

    /// Each judge's vote on a ballot of an item.
    pub fn ballot_votes(&self, event: &Id, item: &Id, ballot: u32) -> Result<Vec<StoredVote>> {
        self.scan(&ballot_prefix(event, item, ballot))
    }

    /// Every vote held in the event, of every ballot.
    pub fn event_votes(&self, event: &Id) -> Result<Vec<StoredVote>> {
        self.scan(&format!("vote/{event}/"))
    }

    /// The late votes of the event, in the order they came.
    pub fn late_votes(&self, event: &Id) -> Result<Vec<LateVote>> {
        self.scan(&format!("votelate/{event}/"))
    }

    /// Every vote record of the event, for a backup.
    pub(super) fn dump_votes(&self, event: &Id) -> Result<VoteDump> {
        Ok(VoteDump {
            votes: self.event_votes(event)?,
            recorded: self.scan(&format!("voteop/{event}/"))?,
            late: self.late_votes(event)?,
            closed: self.scan(&format!("voteclose/{event}/"))?,
            seq: self.get(&seq_key(event))?.unwrap_or(0),
        })
    }
}

/// The writes that restore a dump's vote records.
pub(super) fn restore_writes(event: &Id, dump: &VoteDump) -> Vec<(String, Vec<u8>)> {
    let mut writes = Vec::new();
    for v in &dump.votes {
        writes.push((vote_key(event, &v.item, v.ballot, &v.judge), encode(v)));
    }
    for r in &dump.recorded {
        writes.push((op_key(event, &r.op_id), encode(r)));
    }
    for l in &dump.late {
        writes.push((late_key(event, l.server_seq), encode(l)));
    }
    for c in &dump.closed {
        writes.push((closed_key(event, &c.item, c.ballot), encode(c)));
    }
    if dump.seq > 0 {
        writes.push((seq_key(event), encode(&dump.seq)));
    }
    writes
}
