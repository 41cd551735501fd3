//! The judges' report for the host: each judge's mean and spread, each group against the
//! panel, and drift with the speaking order, over the results as they stand.

use super::auth::{EventOf, Host};
use super::doc;
use crate::error::ApiResult;
use crate::ledger::standing::standings;
use crate::state::AppState;
use app::domain::judges_report::{judges_report, JudgesReport, PresenterMarks};
use axum::extract::State;
use axum::Json;

/// `GET /api/v1/events/{event}/report` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/report",
    tag = "results",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Each judge's marks against the room's.", body = serde_json::Value), doc::Refusals)
)]
pub async fn report(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<JudgesReport>> {
    let locks = state.store.locks(&config.id)?;
    let amendments = state.store.amendments(&config.id)?;
    let standings = standings(&locks, &amendments);
    let order = state.store.show(&config)?.stage.order;
    let presenters: Vec<PresenterMarks<'_>> = standings
        .iter()
        .map(|s| {
            let presenter = &s.lock.presenter;
            let position = order
                .iter()
                .position(|p| p == presenter)
                .map(|i| i as u32 + 1)
                .or_else(|| config.presenter(presenter.as_str()).and_then(|p| p.order))
                .unwrap_or(0);
            PresenterMarks {
                presenter,
                position,
                marks: &s.result().marks,
            }
        })
        .collect();
    Ok(Json(judges_report(&config, &presenters)))
}
