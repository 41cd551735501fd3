//! The representatives' vote on items at the 回头看: which ballot an item is on, what outcome
//! a vote op gets (the sync rules of `sync.rs`, for a choice on an item instead of a sheet),
//! and a ballot's tally.
//!
//! A ballot is an item's vote after its latest acceptance (已办结). Ballots are numbered by the
//! count of `Voted` entries in the item's history before them: the first vote an item takes
//! is on ballot 0; if that vote reopens it and it is accepted again, ballot 1 opens, and no
//! vote of ballot 0 ever counts in it. A ballot is open while the item is `accepted`, and
//! closed by the vote step that ends it (the host's close, which takes the phones' tally, or
//! a tally typed by hand). An item is on an event's ballot while its ballot is open, or once
//! its latest ballot was closed in that event (the store knows which: the close is recorded
//! there); else a vote on it is `rejected` (`not_on_ballot`).
//!
//! Each op is decided by the first rule that matches, as a sheet's op is:
//! 1. replay: a recorded `op_id` gets its recorded result, whatever it carries now;
//! 2. `rejected`: an unknown item, `rev` 0, an item not on the ballot, an op not readable;
//! 3. `late`: the item's ballot is closed; kept in the late list for the host, never counted;
//! 4. `superseded`: the judge's stored vote on the ballot has a greater `(rev, device)`;
//! 5. `applied`: the op becomes the judge's vote on the ballot.
//!
//! The tally of a ballot is each judge's stored vote, that is the latest applied one.

use super::event::Judge;
use super::ids::Id;
use super::item_terms::{Choice, EntryKind, ItemStatus, Tally};
use super::items::Item;
use super::limits::{cut, MAX_KEPT_CHARS, MAX_LATE_PER_JUDGE};
use super::sync::{Outcome, Rejection, Version};
use super::wire::VoteOp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an item stands with the representatives' vote in one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BallotState {
    /// Votes are taken on this ballot.
    Open { ballot: u32 },
    /// This ballot was closed in the event, with this tally.
    Closed { ballot: u32, tally: Tally },
    /// Not on the event's ballot: not accepted, and not voted on in the event.
    Off,
}

impl BallotState {
    /// The item's state in an event; `closed_here(n)` says whether ballot `n` of the item
    /// was closed in that event.
    pub fn of(item: &Item, closed_here: impl FnOnce(u32) -> bool) -> BallotState {
        let voted = ballots_taken(item);
        if item.status() == ItemStatus::Accepted {
            return BallotState::Open { ballot: voted };
        }
        match (voted.checked_sub(1), item.vote()) {
            (Some(last), Some(tally)) if closed_here(last) => BallotState::Closed {
                ballot: last,
                tally,
            },
            _ => BallotState::Off,
        }
    }

    /// The ballot the state is about, if the item is on the ballot.
    pub fn ballot(&self) -> Option<u32> {
        match *self {
            BallotState::Open { ballot } | BallotState::Closed { ballot, .. } => Some(ballot),
            BallotState::Off => None,
        }
    }
}

/// How many votes the item has taken: the number of its next ballot.
pub fn ballots_taken(item: &Item) -> u32 {
    let n = item
        .history()
        .iter()
        .filter(|e| e.kind == EntryKind::Voted)
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the unit reported done: the latest note or reason before the acceptance in force.
pub fn report(item: &Item) -> Option<String> {
    let history = item.history();
    let accepted = history
        .iter()
        .rposition(|e| e.kind == EntryKind::Moved && e.to == ItemStatus::Accepted)
        .unwrap_or(history.len());
    history[..accepted].iter().rev().find_map(|e| {
        e.note
            .as_ref()
            .map(|n| n.to_string())
            .or_else(|| e.reason.as_ref().map(|r| r.to_string()))
    })
}

/// One judge's vote on one ballot, as the store holds it: the latest applied op's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredVote {
    pub item: Id,
    pub ballot: u32,
    pub judge: Id,
    pub rev: u64,
    pub device: String,
    pub choice: Choice,
    pub op_id: String,
    pub server_seq: u64,
    /// The server's time when it was received.
    pub at: String,
}

/// A vote op's result, recorded once by its `op_id` and replayed as it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedVote {
    pub op_id: String,
    pub judge: Id,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub server_seq: u64,
}

/// A vote that came after its item's ballot was closed: kept for the host, never counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateVote {
    pub item: Id,
    pub ballot: u32,
    pub judge: Id,
    pub rev: u64,
    pub device: String,
    pub choice: Choice,
    pub op_id: String,
    pub server_seq: u64,
    pub received_at: String,
    /// The device's clock, cut to [`MAX_KEPT_CHARS`] (informational only).
    pub client_time: String,
}

/// An op as the request carried it: its `op_id` (a UUID, checked at the edge), and its body
/// read into a vote, or why it could not be (then it is rejected alone).
#[derive(Clone, Debug, PartialEq)]
pub struct SentVote {
    pub op_id: String,
    pub op: Result<VoteOp, Rejection>,
}

/// What the batch reads of the records written before it (the writer's view).
pub trait VoteRecords {
    /// The recorded result of an op, for a replay.
    fn recorded(&self, op_id: &str) -> Option<RecordedVote>;
    /// The item's state on the event's ballot; `None` for an item the event does not have.
    fn ballot(&self, item: &Id) -> Option<BallotState>;
    /// The judge's stored vote on a ballot of an item.
    fn stored(&self, item: &Id, ballot: u32, judge: &Id) -> Option<StoredVote>;
    /// How many late votes of the judge are kept.
    fn late_kept(&self, judge: &Id) -> usize;
}

/// A batch decided: each op's result in request order, and what to write for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VoteBatch {
    pub results: Vec<RecordedVote>,
    /// The results of the ops not recorded before (not replays), to record.
    pub recorded: Vec<RecordedVote>,
    /// The judges' votes the batch stores (each replaces the one of its judge and ballot).
    pub votes: Vec<StoredVote>,
    pub late: Vec<LateVote>,
    /// The event's vote sequence after the batch.
    pub last_seq: u64,
}

fn reject(code: &str, message: String) -> Outcome {
    Outcome::Rejected {
        error: Rejection {
            code: code.into(),
            message,
        },
    }
}

/// Rules 2 to 5 for one readable op: the outcome and the ballot it is about.
pub fn decide(
    op: &VoteOp,
    device: &str,
    state: Option<BallotState>,
    stored: impl FnOnce(u32) -> Option<(u64, String)>,
    late_kept: usize,
) -> (Outcome, Option<u32>) {
    let item = cut(&op.item, MAX_KEPT_CHARS);
    let Some(state) = state else {
        return (
            reject(
                "unknown_item",
                format!("'{item}' is not an item of this event"),
            ),
            None,
        );
    };
    if op.rev == 0 {
        return (reject("invalid_rev", "rev must be at least 1".into()), None);
    }
    match state {
        BallotState::Off => (
            reject(
                "not_on_ballot",
                format!("'{item}' is not on this session's ballot"),
            ),
            None,
        ),
        BallotState::Closed { .. } if late_kept >= MAX_LATE_PER_JUDGE => (
            reject(
                "too_many_late",
                format!("this judge already has {MAX_LATE_PER_JUDGE} late votes kept, the most there can be"),
            ),
            None,
        ),
        BallotState::Closed { ballot, .. } => (Outcome::Late, Some(ballot)),
        BallotState::Open { ballot } => {
            let newer = stored(ballot).is_some_and(|(rev, held)| {
                Version { rev, device: &held }.is_newer_than(&Version {
                    rev: op.rev,
                    device,
                })
            });
            match newer {
                true => (Outcome::Superseded, Some(ballot)),
                false => (Outcome::Applied, Some(ballot)),
            }
        }
    }
}

/// Decides a judge's batch of ops in order, each seeing what the ones before it did; rule 1
/// (replay) included. `last_seq` is the event's vote sequence before the batch.
pub fn decide_batch(
    records: &impl VoteRecords,
    judge: &Judge,
    device: &str,
    ops: &[SentVote],
    last_seq: u64,
    received_at: &str,
) -> VoteBatch {
    let mut batch = VoteBatch {
        last_seq,
        ..VoteBatch::default()
    };
    let mut recorded: BTreeMap<String, RecordedVote> = BTreeMap::new();
    let mut stored: BTreeMap<(Id, u32), StoredVote> = BTreeMap::new();
    let mut late_kept = records.late_kept(&judge.id);
    for sent in ops {
        let replay = recorded
            .get(&sent.op_id)
            .cloned()
            .or_else(|| records.recorded(&sent.op_id));
        if let Some(result) = replay {
            batch.results.push(result);
            continue;
        }
        batch.last_seq = batch.last_seq.saturating_add(1);
        let server_seq = batch.last_seq;
        let outcome = match &sent.op {
            Err(error) => Outcome::Rejected {
                error: error.clone(),
            },
            Ok(op) => {
                let item = Id::parse(&op.item).ok();
                let state = item.as_ref().and_then(|id| records.ballot(id));
                let held = |ballot: u32| {
                    let id = item.as_ref()?;
                    stored
                        .get(&(id.clone(), ballot))
                        .cloned()
                        .or_else(|| records.stored(id, ballot, &judge.id))
                        .map(|v| (v.rev, v.device))
                };
                let (outcome, ballot) = decide(op, device, state, held, late_kept);
                if let (Some(item), Some(ballot)) = (item, ballot) {
                    match outcome {
                        Outcome::Applied => {
                            let vote = StoredVote {
                                item: item.clone(),
                                ballot,
                                judge: judge.id.clone(),
                                rev: op.rev,
                                device: device.to_string(),
                                choice: op.choice,
                                op_id: sent.op_id.clone(),
                                server_seq,
                                at: received_at.to_string(),
                            };
                            stored.insert((item, ballot), vote.clone());
                            batch.votes.push(vote);
                        }
                        Outcome::Late => {
                            late_kept += 1;
                            batch.late.push(LateVote {
                                item,
                                ballot,
                                judge: judge.id.clone(),
                                rev: op.rev,
                                device: device.to_string(),
                                choice: op.choice,
                                op_id: sent.op_id.clone(),
                                server_seq,
                                received_at: received_at.to_string(),
                                client_time: cut(&op.client_time, MAX_KEPT_CHARS).into_owned(),
                            });
                        }
                        _ => {}
                    }
                }
                outcome
            }
        };
        let result = RecordedVote {
            op_id: sent.op_id.clone(),
            judge: judge.id.clone(),
            outcome,
            server_seq,
        };
        recorded.insert(sent.op_id.clone(), result.clone());
        batch.recorded.push(result.clone());
        batch.results.push(result);
    }
    batch
}

/// The tally of a ballot: each judge's stored vote.
pub fn tally<'a>(votes: impl IntoIterator<Item = &'a StoredVote>) -> Tally {
    Tally::of(votes.into_iter().map(|v| v.choice))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_event;
    use crate::items::{Actor, Change, Move, Stamp, Transition, Vote};
    use crate::wire::NewItem;
    use proptest::prelude::*;

    const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
    const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";

    fn op_id(n: u64) -> String {
        format!("00000000-0000-4000-8000-{n:012x}")
    }

    /// The records of one event in memory: what the store keeps in sled.
    #[derive(Default, Clone, Debug)]
    struct Records {
        recorded: BTreeMap<String, RecordedVote>,
        ballots: BTreeMap<Id, BallotState>,
        votes: BTreeMap<(Id, u32, Id), StoredVote>,
        late: Vec<LateVote>,
        seq: u64,
    }

    impl VoteRecords for Records {
        fn recorded(&self, op_id: &str) -> Option<RecordedVote> {
            self.recorded.get(op_id).cloned()
        }
        fn ballot(&self, item: &Id) -> Option<BallotState> {
            self.ballots.get(item).copied()
        }
        fn stored(&self, item: &Id, ballot: u32, judge: &Id) -> Option<StoredVote> {
            self.votes
                .get(&(item.clone(), ballot, judge.clone()))
                .cloned()
        }
        fn late_kept(&self, judge: &Id) -> usize {
            self.late.iter().filter(|l| &l.judge == judge).count()
        }
    }

    impl Records {
        fn with_item(item: &str, state: BallotState) -> Records {
            let mut r = Records::default();
            r.ballots.insert(Id::parse(item).unwrap(), state);
            r
        }

        /// Decides and writes a batch, as the store does: the results.
        fn send(&mut self, judge: &Judge, device: &str, ops: &[SentVote]) -> Vec<RecordedVote> {
            let batch = decide_batch(self, judge, device, ops, self.seq, "2026-07-06T10:00:00Z");
            for r in batch.recorded {
                self.recorded.insert(r.op_id.clone(), r);
            }
            for v in batch.votes {
                self.votes
                    .insert((v.item.clone(), v.ballot, v.judge.clone()), v);
            }
            self.late.extend(batch.late);
            self.seq = batch.last_seq;
            batch.results
        }

        fn tally(&self, item: &str, ballot: u32) -> Tally {
            let item = Id::parse(item).unwrap();
            tally(
                self.votes
                    .values()
                    .filter(|v| v.item == item && v.ballot == ballot),
            )
        }
    }

    fn vote(n: u64, item: &str, rev: u64, choice: Choice) -> SentVote {
        SentVote {
            op_id: op_id(n),
            op: Ok(VoteOp {
                op_id: op_id(n),
                item: item.into(),
                rev,
                choice,
                client_time: String::new(),
            }),
        }
    }

    fn judge(i: usize) -> Judge {
        demo_event().judges[i].clone()
    }

    fn code(outcome: &Outcome) -> &str {
        match outcome {
            Outcome::Rejected { error } => &error.code,
            other => other.name(),
        }
    }

    const ITEM: &str = "2026q2-001";

    #[test]
    fn each_rule_gives_its_outcome_in_the_contract_order() {
        let open = BallotState::Open { ballot: 0 };
        let closed = BallotState::Closed {
            ballot: 0,
            tally: Tally::default(),
        };
        let op = |rev| VoteOp {
            op_id: op_id(1),
            item: ITEM.into(),
            rev,
            choice: Choice::Satisfied,
            client_time: String::new(),
        };
        let held = |rev: u64, device: &str| {
            let device = device.to_string();
            move |_| Some((rev, device))
        };
        let run = |state, rev, stored: Option<(u64, &str)>| {
            let stored = stored.map(|(r, d)| (r, d.to_string()));
            decide(&op(rev), DEV_A, state, |_| stored, 0).0
        };
        assert_eq!(code(&run(None, 1, None)), "unknown_item");
        assert_eq!(code(&run(Some(open), 0, None)), "invalid_rev");
        assert_eq!(code(&run(Some(BallotState::Off), 1, None)), "not_on_ballot");
        // Rejected before late, late before superseded.
        assert_eq!(code(&run(Some(closed), 0, None)), "invalid_rev");
        assert_eq!(run(Some(closed), 1, Some((9, DEV_B))), Outcome::Late);
        assert_eq!(run(Some(open), 2, Some((3, DEV_A))), Outcome::Superseded);
        assert_eq!(run(Some(open), 3, Some((3, DEV_B))), Outcome::Superseded);
        assert_eq!(run(Some(open), 3, Some((3, DEV_A))), Outcome::Applied);
        assert_eq!(run(Some(open), 4, Some((3, DEV_B))), Outcome::Applied);
        let (late, ballot) = decide(&op(1), DEV_A, Some(closed), held(1, DEV_A), 0);
        assert_eq!((late, ballot), (Outcome::Late, Some(0)));
        let past_limit = decide(
            &op(1),
            DEV_A,
            Some(closed),
            held(1, DEV_A),
            MAX_LATE_PER_JUDGE,
        );
        assert_eq!(code(&past_limit.0), "too_many_late");
    }

    #[test]
    fn a_replay_gets_its_recorded_result_whatever_it_carries_now() {
        let mut records = Records::with_item(ITEM, BallotState::Open { ballot: 0 });
        let j = judge(0);
        let first = records.send(&j, DEV_A, &[vote(1, ITEM, 1, Choice::Unsatisfied)]);
        assert_eq!(first[0].outcome, Outcome::Applied);
        // The same op id with another choice, and after the ballot closed: the same result.
        records.ballots.insert(
            Id::parse(ITEM).unwrap(),
            BallotState::Closed {
                ballot: 0,
                tally: Tally::default(),
            },
        );
        let again = records.send(&j, DEV_B, &[vote(1, ITEM, 9, Choice::Satisfied)]);
        assert_eq!(again, first);
        assert_eq!(records.tally(ITEM, 0).unsatisfied, 1);
        assert!(records.late.is_empty());
        // Twice in one batch: the second is a replay of the first.
        let twice = records.send(
            &j,
            DEV_A,
            &[
                vote(2, ITEM, 2, Choice::Satisfied),
                vote(2, ITEM, 3, Choice::Abstain),
            ],
        );
        assert_eq!(twice[0], twice[1]);
        assert_eq!(records.late.len(), 1);
    }

    #[test]
    fn a_rejected_op_stands_alone_and_the_rest_goes_on() {
        let mut records = Records::with_item(ITEM, BallotState::Open { ballot: 0 });
        let unreadable = SentVote {
            op_id: op_id(2),
            op: Err(Rejection {
                code: "invalid_op".into(),
                message: "no choice".into(),
            }),
        };
        let results = records.send(
            &judge(0),
            DEV_A,
            &[
                vote(1, ITEM, 1, Choice::Satisfied),
                unreadable,
                vote(3, "2026q2-999", 1, Choice::Satisfied),
                vote(4, "NOT AN ID", 1, Choice::Satisfied),
                vote(5, ITEM, 2, Choice::BasicallySatisfied),
            ],
        );
        let codes: Vec<&str> = results.iter().map(|r| code(&r.outcome)).collect();
        assert_eq!(
            codes,
            [
                "applied",
                "invalid_op",
                "unknown_item",
                "unknown_item",
                "applied"
            ]
        );
        let seqs: Vec<u64> = results.iter().map(|r| r.server_seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert_eq!(records.tally(ITEM, 0).basically_satisfied, 1);
    }

    fn at(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn step(item: &mut Item, change: Change, time: &str) {
        item.step(Transition {
            change,
            by: Actor::Host,
            at: at(time),
        })
        .unwrap();
    }

    fn moved(to: ItemStatus) -> Change {
        Change::Move(Move::new(to, None, None).unwrap())
    }

    #[test]
    fn a_ballot_opens_with_each_acceptance_and_is_numbered_by_the_votes_before_it() {
        let body = NewItem {
            number: "2026Q2-001".into(),
            presenter: Some("jiaozhou".into()),
            title: "社区养老服务站夜间无人值守".into(),
            detail: String::new(),
            source: crate::item_terms::ItemSource::Representative,
            raised_by: None,
            owner: "王强".into(),
            assigned_on: "2026-04-10".into(),
            due: "2026-06-30".into(),
            key: false,
        };
        let demo = demo_event();
        let mut item = Item::raise(
            Id::parse("q2").unwrap(),
            body.validated(&demo).unwrap(),
            at("2026-04-10T09:00:00Z"),
        );
        let never = |_| false;
        let always = |_| true;
        assert_eq!(BallotState::of(&item, always), BallotState::Off);
        step(
            &mut item,
            Change::Note(crate::items::Prose::parse("已增设夜班").unwrap()),
            "2026-05-01T09:00:00Z",
        );
        step(
            &mut item,
            moved(ItemStatus::Reported),
            "2026-05-02T09:00:00Z",
        );
        step(
            &mut item,
            moved(ItemStatus::Accepted),
            "2026-05-03T09:00:00Z",
        );
        assert_eq!(report(&item).as_deref(), Some("已增设夜班"));
        assert_eq!(
            BallotState::of(&item, never),
            BallotState::Open { ballot: 0 }
        );
        let against = Tally {
            unsatisfied: 3,
            ..Tally::default()
        };
        let settings = crate::items::ItemSettings::default();
        step(
            &mut item,
            Change::Vote(Vote::decide(against, &settings)),
            "2026-07-06T10:00:00Z",
        );
        assert_eq!(item.status(), ItemStatus::Reopened);
        // Closed here: late votes; closed elsewhere: not on this event's ballot.
        assert_eq!(
            BallotState::of(&item, |n| n == 0),
            BallotState::Closed {
                ballot: 0,
                tally: against
            }
        );
        assert_eq!(BallotState::of(&item, never), BallotState::Off);
        step(
            &mut item,
            moved(ItemStatus::Reported),
            "2026-08-01T09:00:00Z",
        );
        step(
            &mut item,
            moved(ItemStatus::Accepted),
            "2026-08-02T09:00:00Z",
        );
        assert_eq!(
            BallotState::of(&item, always),
            BallotState::Open { ballot: 1 }
        );
    }

    /// One judge's op as a property test draws it: from device A or B, a rev, a choice.
    fn arb_op() -> impl Strategy<Value = (bool, u64, Choice)> {
        let choice = prop_oneof![
            Just(Choice::Satisfied),
            Just(Choice::BasicallySatisfied),
            Just(Choice::Unsatisfied),
            Just(Choice::Abstain),
        ];
        (any::<bool>(), 1..6u64, choice)
    }

    /// Sends ops one request each, in the order given; the stored vote at the end.
    fn arrive(ops: &[(u64, bool, u64, Choice)]) -> (Records, Option<StoredVote>) {
        let mut records = Records::with_item(ITEM, BallotState::Open { ballot: 0 });
        let j = judge(0);
        for &(n, on_b, rev, choice) in ops {
            let device = if on_b { DEV_B } else { DEV_A };
            records.send(&j, device, &[vote(n, ITEM, rev, choice)]);
        }
        let kept = records.stored(&Id::parse(ITEM).unwrap(), 0, &j.id);
        (records, kept)
    }

    proptest! {
        #[test]
        fn two_devices_converge_on_the_same_vote_in_any_order(
            ops in prop::collection::vec(arb_op(), 1..8),
            order in prop::collection::vec(any::<prop::sample::Index>(), 8),
        ) {
            // A (rev, device) pair is one version: a device never sends two choices under one.
            let mut seen = std::collections::BTreeSet::new();
            let ops: Vec<(u64, bool, u64, Choice)> = ops
                .into_iter()
                .enumerate()
                .filter(|(_, (b, rev, _))| seen.insert((*b, *rev)))
                .map(|(i, (b, rev, c))| (i as u64 + 1, b, rev, c))
                .collect();
            let mut shuffled = ops.clone();
            for (i, index) in order.iter().enumerate().take(shuffled.len()) {
                let j = index.index(shuffled.len());
                shuffled.swap(i, j);
            }
            let (_, a) = arrive(&ops);
            let (_, b) = arrive(&shuffled);
            let pick = |v: Option<StoredVote>| v.map(|v| (v.rev, v.device, v.choice));
            // The greatest (rev, device) wins, whichever came first.
            let best = ops
                .iter()
                .max_by_key(|(_, b, rev, _)| (*rev, if *b { DEV_B } else { DEV_A }))
                .map(|(_, b, rev, c)| (*rev, if *b { DEV_B } else { DEV_A }.to_string(), *c));
            prop_assert_eq!(pick(a.clone()), best);
            prop_assert_eq!(pick(a), pick(b));
        }

        #[test]
        fn replaying_any_prefix_changes_nothing(
            ops in prop::collection::vec(arb_op(), 1..8),
            prefix in 0..8usize,
        ) {
            let ops: Vec<(u64, bool, u64, Choice)> = ops
                .into_iter()
                .enumerate()
                .map(|(i, (b, rev, c))| (i as u64 + 1, b, rev, c))
                .collect();
            let (mut records, _) = arrive(&ops);
            let before = (records.recorded.clone(), records.votes.clone(), records.seq);
            let j = judge(0);
            let again: Vec<SentVote> = ops
                .iter()
                .take(prefix)
                .map(|&(n, _, rev, c)| vote(n, ITEM, rev + 1, c))
                .collect();
            let results = records.send(&j, DEV_B, &again);
            for (r, sent) in results.iter().zip(&again) {
                prop_assert_eq!(Some(r), before.0.get(&sent.op_id));
            }
            prop_assert_eq!((records.recorded, records.votes, records.seq), before);
        }

        #[test]
        fn the_tally_is_each_judges_latest_applied_vote_and_late_votes_never_count(
            ops in prop::collection::vec((0..5usize, 1..4u64, arb_op()), 1..30),
            close_after in 0..30usize,
        ) {
            let mut records = Records::with_item(ITEM, BallotState::Open { ballot: 0 });
            // The model: per judge, the choice of the greatest (rev, device) sent while open.
            let mut model: BTreeMap<usize, (u64, &str, Choice)> = BTreeMap::new();
            let mut tally_at_close = None;
            for (n, (j, _, (on_b, rev, choice))) in ops.iter().enumerate() {
                if n == close_after {
                    let t = records.tally(ITEM, 0);
                    tally_at_close = Some(t);
                    records.ballots.insert(
                        Id::parse(ITEM).unwrap(),
                        BallotState::Closed { ballot: 0, tally: t },
                    );
                }
                let device = if *on_b { DEV_B } else { DEV_A };
                let result = records.send(&judge(*j), device, &[vote(n as u64 + 1, ITEM, *rev, *choice)]);
                if tally_at_close.is_none() {
                    let newer = model.get(j).is_some_and(|&(r, d, _)| (r, d) > (*rev, device));
                    prop_assert_eq!(result[0].outcome.name(), if newer { "superseded" } else { "applied" });
                    if !newer {
                        model.insert(*j, (*rev, device, *choice));
                    }
                } else {
                    prop_assert_eq!(&result[0].outcome, &Outcome::Late);
                }
            }
            let expected = Tally::of(model.values().map(|(_, _, c)| *c));
            prop_assert_eq!(records.tally(ITEM, 0), expected);
            if let Some(t) = tally_at_close {
                prop_assert_eq!(t, expected);
            }
        }
    }
}
