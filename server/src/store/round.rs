//! Rehearsals: which round an event is in (`round/<event>`), and the wipe that ends a
//! rehearsal. A rehearsal is a round like the real one, with scores, reveals and moves of the
//! run of show; ending it removes every record of it, keeps the ids of its ops
//! (`rehearsed/<event>`, 16 bytes an op) so that none of them counts if sent again, and
//! leaves the event as it was before: the config and the judges' links untouched.

use super::{
    audit::AuditRecord, encode, op_number, snapshot_writes, Result, Store, Unpublished, Written,
};
use crate::ledger::{Ledger, SyncRecord};
use app::domain::wire::{EventState, Wiped};
use app::domain::{EventConfig, Id};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::PoisonError;

/// The round an event is in. Each rehearsal takes an odd number and the round after it the
/// next even one, so an op tagged with an odd round lower than the event's is a rehearsal's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub number: u32,
    pub rehearsal: bool,
    #[serde(default)]
    pub started_at: Option<String>,
}

impl Round {
    /// Whether an op a device tagged with `round` was made in a rehearsal that has ended.
    pub fn is_over(&self, round: u32) -> bool {
        round % 2 == 1 && round < self.number
    }
}

/// Why a rehearsal cannot start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RehearsalRefusal {
    /// Scored, revealed or moved for real: a rehearsal would mix with what counts.
    Started,
}

fn round_key(event: &Id) -> String {
    format!("round/{event}")
}

pub(super) fn rehearsed_key(event: &Id) -> String {
    format!("rehearsed/{event}")
}

/// The op ids of ended rehearsals, as stored: 16 bytes each, big-endian.
pub(super) fn read_rehearsed(db: &sled::Db, event: &Id) -> Result<HashSet<u128>> {
    Ok(db
        .get(rehearsed_key(event))?
        .map(|bytes| {
            bytes
                .chunks_exact(16)
                .map(|c| u128::from_be_bytes(c.try_into().expect("16 bytes")))
                .collect()
        })
        .unwrap_or_default())
}

impl Store {
    /// The event's round as readers see it.
    pub fn round(&self, event: &Id) -> Result<Round> {
        if let Some(round) = self
            .rounds
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(event)
        {
            return Ok(round.clone());
        }
        let round: Round = self.get(&round_key(event))?.unwrap_or_default();
        // A change published meanwhile stands over what was read before it.
        self.rounds
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(event.clone())
            .or_insert_with(|| round.clone());
        Ok(round)
    }

    /// A round written and flushed, for readers (the flusher's).
    pub(super) fn publish_round(&self, event: Id, round: Round) {
        self.rounds
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(event, round);
    }

    /// The round as the writer sees it.
    pub(super) fn head_round(&self, event: &Id) -> Result<Round> {
        let mut rounds = self
            .head_rounds
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(round) = rounds.get(event) {
            return Ok(round.clone());
        }
        let round: Round = self.head_get(&round_key(event))?.unwrap_or_default();
        rounds.insert(event.clone(), round.clone());
        Ok(round)
    }

    fn set_head_round(&self, event: &Id, round: &Round) {
        self.head_rounds
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(event.clone(), round.clone());
    }

    /// Whether anything has happened in the event, as the writer sees it: an op recorded, a
    /// reveal or a move of the run of show (a rehearsal's included).
    pub(super) fn head_started(&self, event: &Id) -> Result<bool> {
        Ok(self.with_head(event, |l| l.has_records())
            || self.db.contains_key(format!("show/{event}"))?)
    }

    /// Where the event is, as readers see it.
    pub fn event_state(&self, config: &EventConfig) -> Result<EventState> {
        if self.round(&config.id)?.rehearsal {
            return Ok(EventState::Rehearsal);
        }
        let (records, locks) =
            self.with_ledger(config.id.as_str(), |l| (l.has_records(), l.locks().count()));
        if !config.presenters.is_empty() && locks >= config.presenters.len() {
            return Ok(EventState::Finished);
        }
        let moved = self
            .get::<serde_json::Value>(&format!("show/{}", config.id))?
            .is_some();
        Ok(if records || moved {
            EventState::Live
        } else {
            EventState::Draft
        })
    }

    /// Starts a rehearsal: the round it is (the standing one when already rehearsing), or why
    /// not. The writer's thread only.
    pub fn start_rehearsal(
        &self,
        event: &Id,
        at: &str,
        audit: AuditRecord,
    ) -> Result<Written<std::result::Result<Round, RehearsalRefusal>>> {
        let round = self.head_round(event)?;
        if round.rehearsal {
            return Ok(Written::nothing(Ok(round)));
        }
        if self.head_started(event)? {
            return Ok(Written::nothing(Err(RehearsalRefusal::Started)));
        }
        let next = Round {
            number: round.number.saturating_add(1),
            rehearsal: true,
            started_at: Some(at.to_string()),
        };
        let mut writes = vec![(round_key(event), Some(encode(&next)))];
        writes.extend(self.audit_writes(event, audit)?);
        self.write_batch(writes)?;
        self.set_head_round(event, &next);
        Ok(Written {
            answer: Ok(next.clone()),
            unpublished: Some(Unpublished::Round(event.clone(), next)),
        })
    }

    /// Ends a rehearsal and wipes every record of it: sync records (scores, late ops,
    /// receipts), reveals, amendments and the run of show; one audit entry says what went.
    /// Nothing when no rehearsal is on. The writer's thread only; readers see the event
    /// wiped once the flush is done.
    pub fn end_rehearsal(
        &self,
        event: &Id,
        audit: impl FnOnce(&Wiped) -> AuditRecord,
    ) -> Result<Written<(Round, Option<Wiped>)>> {
        let round = self.head_round(event)?;
        if !round.rehearsal {
            return Ok(Written {
                answer: (round, None),
                unpublished: None,
            });
        }
        let mut removes: Vec<String> = Vec::new();
        let mut rehearsed: Vec<u8> = self
            .db
            .get(rehearsed_key(event))?
            .map(|b| b.to_vec())
            .unwrap_or_default();
        let mut ops = 0u64;
        for item in self.db.scan_prefix(format!("log/{event}/")) {
            let (key, bytes) = item?;
            let record: SyncRecord = super::decode(&key, &bytes)?;
            for op in &record.ops {
                rehearsed.extend_from_slice(&op_number(&op.op_id).to_be_bytes());
                ops = ops.saturating_add(1);
            }
            removes.push(String::from_utf8_lossy(&key).into_owned());
        }
        let mut count = |prefix: String| -> Result<u64> {
            let mut n = 0u64;
            for item in self.db.scan_prefix(&prefix) {
                let (key, _) = item?;
                removes.push(String::from_utf8_lossy(&key).into_owned());
                n = n.saturating_add(1);
            }
            Ok(n)
        };
        let reveals = count(format!("lock/{event}/"))?;
        let amendments = count(format!("amend/{event}/"))?;
        let show_moved = count(format!("show/{event}"))? > 0;
        let (seq, sheets, late) = self.with_head(event, |l| {
            (l.seq, l.all_sheets().len() as u64, l.late().len() as u64)
        });
        let wiped = Wiped {
            ops,
            sheets,
            reveals,
            late,
            amendments,
            show_moved,
        };
        let ended = Round {
            number: round.number.saturating_add(1),
            rehearsal: false,
            started_at: None,
        };
        // An empty ledger at the same sequence number: a restart finds nothing to replay, and
        // numbers given out later never repeat a rehearsal's.
        let empty = Ledger::empty_at(seq);
        let mut writes: Vec<(String, Option<Vec<u8>>)> =
            removes.into_iter().map(|k| (k, None)).collect();
        writes.push((round_key(event), Some(encode(&ended))));
        writes.extend(snapshot_writes(event, &empty));
        writes.push((rehearsed_key(event), Some(rehearsed)));
        writes.extend(self.audit_writes(event, audit(&wiped))?);
        self.write_batch(writes)?;
        self.set_head_round(event, &ended);
        self.with_head(event, |l| *l = empty.clone());
        self.op_index
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .forget(event);
        Ok(Written {
            answer: (ended.clone(), Some(wiped)),
            unpublished: Some(Unpublished::Reset(event.clone(), seq, ended)),
        })
    }
}
