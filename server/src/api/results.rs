//! Public results: revealed presenters only, ranked.

use super::event_or_404;
use crate::error::ApiResult;
use crate::ledger::LockRecord;
use crate::state::AppState;
use crate::store::AmendmentRecord;
use app::domain::event::EventConfig;
use app::domain::scoring::{rank, Placing, PresenterResult};
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

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

    pub fn amendments_json(&self) -> Value {
        self.amendments
            .iter()
            .map(|a| {
                json!({"n": a.n, "at": a.at, "reason": a.reason, "include_late": a.include_late,
                            "previous_final": a.previous_final, "final": a.final_score,
                            "previous_hash": a.previous_hash, "result_hash": a.result_hash})
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

/// `GET /api/v1/events/{event}/results`
pub async fn results(
    State(state): State<AppState>,
    Path(event): Path<String>,
) -> ApiResult<Json<Value>> {
    let config = event_or_404(&state, &event)?;
    let locks = state.store.locks(&config.id)?;
    let amendments = state.store.amendments(&config.id)?;
    let standings = standings(&locks, &amendments);
    let presenters: Vec<Value> = placings(&config, &standings)
        .into_iter()
        .filter_map(|p| {
            let s = standings.iter().find(|s| s.lock.presenter == p.presenter)?;
            let l = s.lock;
            let mut v = json!({
                "id": l.presenter, "final": s.final_score(), "rank": p.place, "decided_by": p.decided_by,
                "counted": s.result().counted(), "result_hash": s.result_hash(), "revealed_at": l.revealed_at,
                "forced": l.forced,
            });
            if s.latest().is_some() {
                v["amended"] = json!(true);
                v["amendments"] = s.amendments_json();
            }
            Some(v)
        })
        .collect();
    Ok(Json(json!({ "presenters": presenters })))
}
