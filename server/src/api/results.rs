//! Public results: revealed presenters only, ranked.

use super::event_or_404;
use crate::error::ApiResult;
use crate::ledger::LockRecord;
use crate::state::AppState;
use app::domain::event::EventConfig;
use app::domain::scoring::{rank, Placing};
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

/// Places of the revealed presenters, by their locked results.
pub fn placings(config: &EventConfig, locks: &[LockRecord]) -> Vec<Placing> {
    let entries: Vec<_> = locks.iter().map(|l| (&l.result, None)).collect();
    rank(config, &entries)
}

/// `GET /api/v1/events/{event}/results`
pub async fn results(
    State(state): State<AppState>,
    Path(event): Path<String>,
) -> ApiResult<Json<Value>> {
    let config = event_or_404(&state, &event)?;
    let locks = state.store.locks(&config.id)?;
    let presenters: Vec<Value> = placings(&config, &locks)
        .into_iter()
        .filter_map(|p| {
            let l = locks.iter().find(|l| l.presenter == p.presenter)?;
            Some(json!({
                "id": l.presenter, "final": l.final_score, "rank": p.place, "decided_by": p.decided_by,
                "counted": l.result.counted(), "result_hash": l.result_hash, "revealed_at": l.revealed_at,
                "forced": l.forced,
            }))
        })
        .collect();
    Ok(Json(json!({ "presenters": presenters })))
}
