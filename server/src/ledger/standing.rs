//! Where each revealed presenter stands: the locked result, or its latest amendment; and
//! their places by those results.

use super::{AmendmentRecord, LockRecord};
use app::domain::event::EventConfig;
use app::domain::results::Amendment;
use app::domain::scoring::{rank, Placing, PresenterResult};

/// A revealed presenter's result as it stands: the locked one, or its latest amendment.
pub struct Standing<'a> {
    pub lock: &'a LockRecord,
    pub amendments: Vec<&'a AmendmentRecord>,
}

impl Standing<'_> {
    pub fn latest(&self) -> Option<&AmendmentRecord> {
        self.amendments.last().copied()
    }

    pub fn result(&self) -> &PresenterResult {
        self.latest().map_or(&self.lock.result, |a| &a.result)
    }

    pub fn final_score(&self) -> Option<app::domain::Score> {
        self.latest()
            .map_or(self.lock.final_score, |a| a.final_score)
    }

    pub fn result_hash(&self) -> &str {
        self.latest()
            .map_or(&self.lock.result_hash, |a| &a.result_hash)
    }

    pub fn amendments(&self) -> Vec<Amendment> {
        self.amendments
            .iter()
            .map(|a| Amendment {
                n: a.n,
                at: a.at.clone(),
                reason: a.reason.clone(),
                include_late: a.include_late.clone(),
                previous_final: a.previous_final,
                final_score: a.final_score,
                previous_hash: a.previous_hash.clone(),
                result_hash: a.result_hash.clone(),
            })
            .collect()
    }
}

pub fn standings<'a>(
    locks: &'a [LockRecord],
    amendments: &'a [AmendmentRecord],
) -> Vec<Standing<'a>> {
    locks
        .iter()
        .map(|lock| Standing {
            lock,
            amendments: amendments
                .iter()
                .filter(|a| a.presenter == lock.presenter)
                .collect(),
        })
        .collect()
}

/// Places of the revealed presenters, by their results as they stand.
pub fn placings(config: &EventConfig, standings: &[Standing<'_>]) -> Vec<Placing> {
    let entries: Vec<_> = standings.iter().map(|s| (s.result(), None)).collect();
    rank(config, &entries)
}
