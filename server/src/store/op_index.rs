//! Where each op of the events synced lately was recorded: its sequence number, by op id,
//! for the writer's replays. Held for the events in play only, and compact: most of an
//! event's ops sit in two sorted arrays (24 bytes an op), the latest few in a small hash
//! map merged into them now and then. A hash map of every op took 60 MiB at the peak for
//! two events of 500,000 ops (its buckets, half empty after each doubling, and both tables
//! alive while it grew); this takes about 25.

use super::{decode, round, Result};
use crate::ledger::SyncRecord;
use app::domain::Id;
use std::collections::HashMap;

/// How many events' op indexes are kept: the events in play. Another event's is read from
/// its records again when one of its ops comes in.
const INDEXED_EVENTS: usize = 2;

/// Ops kept in the hash map before they are merged into the sorted arrays: a merge copies
/// the arrays once (a few milliseconds at 500,000 ops), so it happens rarely.
const MERGE_AT: usize = 32 * 1024;

/// An op id's place in the index when it was an ended rehearsal's: never counted.
pub(super) const REHEARSED: u64 = u64::MAX;

/// One event's ops.
#[derive(Default)]
pub(super) struct EventOps {
    /// Sorted op ids, and the sequence number each was recorded at, in the same order.
    keys: Vec<u128>,
    seqs: Vec<u64>,
    /// Ops recorded since the last merge.
    recent: HashMap<u128, u64>,
}

impl EventOps {
    /// Builds the index from every op's (id, sequence number), in any order; of an id given
    /// twice the lower number stands (a real record over an ended rehearsal's mark).
    fn from_pairs(mut pairs: Vec<(u128, u64)>) -> EventOps {
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let (keys, seqs) = pairs.into_iter().unzip();
        EventOps {
            keys,
            seqs,
            recent: HashMap::new(),
        }
    }

    pub(super) fn get(&self, op: u128) -> Option<u64> {
        self.recent
            .get(&op)
            .copied()
            .or_else(|| self.keys.binary_search(&op).ok().map(|i| self.seqs[i]))
    }

    pub(super) fn insert(&mut self, op: u128, seq: u64) {
        if let Ok(i) = self.keys.binary_search(&op) {
            self.seqs[i] = seq;
            return;
        }
        self.recent.insert(op, seq);
        if self.recent.len() >= MERGE_AT {
            self.merge();
        }
    }

    /// Moves the recent ops into the sorted arrays.
    fn merge(&mut self) {
        let mut fresh: Vec<(u128, u64)> = self.recent.drain().collect();
        fresh.sort_unstable();
        let total = self.keys.len() + fresh.len();
        let mut keys = Vec::with_capacity(total);
        let mut seqs = Vec::with_capacity(total);
        let mut old = self.keys.iter().zip(&self.seqs).peekable();
        let mut new = fresh.into_iter().peekable();
        loop {
            let take_old = match (old.peek(), new.peek()) {
                (Some((k, _)), Some((n, _))) => **k < *n,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_old {
                let (k, s) = old.next().expect("peeked");
                keys.push(*k);
                seqs.push(*s);
            } else {
                let (k, s) = new.next().expect("peeked");
                keys.push(k);
                seqs.push(s);
            }
        }
        self.keys = keys;
        self.seqs = seqs;
    }
}

#[derive(Default)]
pub(super) struct OpIndex {
    events: Vec<(Id, EventOps)>,
}

impl OpIndex {
    /// The event's index, read from its records when it is not held; the most recently
    /// used come first, and the least recently used beyond `INDEXED_EVENTS` is let go.
    pub(super) fn of(&mut self, db: &sled::Db, event: &Id) -> Result<&mut EventOps> {
        match self.events.iter().position(|(e, _)| e == event) {
            Some(0) => {}
            Some(i) => {
                let held = self.events.remove(i);
                self.events.insert(0, held);
            }
            None => {
                // Let the index it replaces go first: two events' arrays at once are enough.
                self.events.truncate(INDEXED_EVENTS - 1);
                let mut pairs: Vec<(u128, u64)> = round::read_rehearsed(db, event)?
                    .into_iter()
                    .map(|op| (op, REHEARSED))
                    .collect();
                for item in db.scan_prefix(format!("log/{event}/")) {
                    let (key, bytes) = item?;
                    let record: SyncRecord = decode(&key, &bytes)?;
                    pairs.extend(
                        record
                            .ops
                            .iter()
                            .map(|op| (super::op_number(&op.op_id), op.server_seq)),
                    );
                }
                self.events
                    .insert(0, (event.clone(), EventOps::from_pairs(pairs)));
            }
        }
        Ok(&mut self.events[0].1)
    }

    /// Lets go of an event's index, to be read again from its records when next needed.
    pub(super) fn forget(&mut self, event: &Id) {
        self.events.retain(|(e, _)| e != event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the order of inserts and merges, the index answers as a hash map does.
        #[test]
        fn the_index_answers_as_a_map_of_every_op(
            start in proptest::collection::vec((0u128..5_000, 0u64..1_000), 0..300),
            later in proptest::collection::vec((0u128..5_000, 0u64..1_000), 0..3_000),
            probes in proptest::collection::vec(0u128..5_000, 0..200),
        ) {
            let mut model: HashMap<u128, u64> = HashMap::new();
            for (k, s) in &start {
                let seen = model.entry(*k).or_insert(*s);
                *seen = (*seen).min(*s);
            }
            let mut index = EventOps::from_pairs(start);
            for (i, (k, s)) in later.iter().enumerate() {
                index.insert(*k, *s);
                model.insert(*k, *s);
                if i % 97 == 0 {
                    index.merge();
                }
            }
            for k in probes.iter().chain(model.keys()) {
                prop_assert_eq!(index.get(*k), model.get(k).copied());
            }
        }
    }

    #[test]
    fn a_real_record_stands_over_an_ended_rehearsals_mark() {
        let index = EventOps::from_pairs(vec![(7, REHEARSED), (7, 41), (3, REHEARSED)]);
        assert_eq!(index.get(7), Some(41));
        assert_eq!(index.get(3), Some(REHEARSED));
        assert_eq!(index.get(5), None);
    }
}
