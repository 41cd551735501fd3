//! Results: the public list of revealed presenters, ranked, and the host's full review of
//! them (`results/full`), which the sign-off sheet, the exports and the judges' report read.

use super::auth::{EventOf, Host};
use super::doc;
use crate::error::ApiResult;
use crate::ledger::standing::{placings, standings};
use crate::state::AppState;
use app::domain::event::EventConfig;
use app::domain::results::{self, rank_change, CountedSheet, Revealed, Review};
use app::domain::scoring::Placing;
use app::domain::wire::{ResultsEntry, ResultsList};
use app::domain::Id;
use axum::extract::State;
use axum::Json;
use std::collections::BTreeMap;

/// What results say about a place beyond the contract: shared or not, and the change since
/// the previous ranking (the config's `last_rank`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaceExtras {
    pub shared: bool,
    pub previous_rank: Option<u32>,
    pub rank_change: Option<i64>,
}

/// `placing`'s extras among `placings`.
pub fn place_extras(config: &EventConfig, placings: &[Placing], placing: &Placing) -> PlaceExtras {
    let previous = config
        .presenter(placing.presenter.as_str())
        .and_then(|p| p.last_rank);
    PlaceExtras {
        shared: placings
            .iter()
            .any(|o| o.place == placing.place && o.presenter != placing.presenter),
        previous_rank: previous,
        rank_change: rank_change(previous, placing.place),
    }
}

/// `GET /api/v1/events/{event}/results`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/results",
    tag = "results",
    params(doc::EventPath),
    responses((status = 200, description = "The revealed presenters, ranked.", body = app::domain::wire::ResultsList), doc::Refusals)
)]
pub async fn results(
    State(state): State<AppState>,
    EventOf(config): EventOf,
) -> ApiResult<Json<ResultsList>> {
    let locks = state.store.locks(&config.id)?;
    let amendments = state.store.amendments(&config.id)?;
    let standings = standings(&locks, &amendments);
    let placings = placings(&config, &standings);
    let presenters = placings
        .iter()
        .filter_map(|p| {
            let s = standings.iter().find(|s| s.lock.presenter == p.presenter)?;
            let l = s.lock;
            let named = config.presenter(l.presenter.as_str());
            let extras = place_extras(&config, &placings, p);
            Some(ResultsEntry {
                id: l.presenter.to_string(),
                final_score: s.final_score(),
                rank: p.place,
                counted: s.result().counted(),
                result_hash: s.result_hash().to_string(),
                revealed_at: l.revealed_at.clone(),
                decided_by: p.decided_by.clone(),
                forced: l.forced,
                name: named.map(|n| n.name.clone()),
                unit: named.map(|n| n.unit.clone()),
                shared: extras.shared,
                previous_rank: extras.previous_rank,
                rank_change: extras.rank_change,
                amended: s.latest().is_some(),
                amendments: s.amendments(),
            })
        })
        .collect();
    Ok(Json(ResultsList { presenters }))
}

/// The host's review of an event's results, read from the store now.
pub fn review_of(state: &AppState, config: &EventConfig) -> ApiResult<Review> {
    let locks = state.store.locks(&config.id)?;
    let amendments = state.store.amendments(&config.id)?;
    let standings = standings(&locks, &amendments);
    let late = state.store.late(&config.id)?;
    // The sheets behind each result: the applied ones, then the late ones amendments counted.
    let mut sheets: BTreeMap<(Id, Id), CountedSheet> = state
        .store
        .event_sheets(&config.id)?
        .into_iter()
        .map(|s| {
            let sheet = CountedSheet {
                values: s.values,
                server_seq: s.server_seq,
                receipt: s.receipt,
                late: false,
                paper: s.paper.map(|p| p.entered_by),
            };
            ((s.presenter, s.judge), sheet)
        })
        .collect();
    for s in &standings {
        for a in &s.amendments {
            for op_id in &a.include_late {
                if let Some(l) = late.iter().find(|l| &l.op_id == op_id) {
                    let sheet = CountedSheet {
                        values: l.values.clone(),
                        server_seq: l.server_seq,
                        receipt: l.receipt,
                        late: true,
                        paper: l.paper.as_ref().map(|p| p.entered_by.clone()),
                    };
                    sheets.insert((l.presenter.clone(), l.judge.clone()), sheet);
                }
            }
        }
    }
    let revealed: Vec<Revealed<'_>> = standings
        .iter()
        .map(|s| Revealed {
            result: s.result(),
            final_score: s.final_score(),
            result_hash: s.result_hash(),
            revealed_at: &s.lock.revealed_at,
            forced: s.lock.forced,
            amendments: s.amendments(),
        })
        .collect();
    let order = state.store.show(config)?.stage.order;
    let previous = state.store.lineage(&config.id)?.map(|l| l.previous);
    Ok(results::review(
        config,
        &order,
        previous.as_ref().map(Id::as_str),
        &revealed,
        &sheets,
    ))
}

/// `GET /api/v1/events/{event}/results/full` (host): every revealed presenter's place,
/// the step that decided it and the full breakdown, and who is not revealed yet.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/results/full",
    tag = "results",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The host's review of the results: every mark, counted or dropped.", body = serde_json::Value), doc::Refusals)
)]
pub async fn full(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<Review>> {
    Ok(Json(review_of(&state, &config)?))
}
