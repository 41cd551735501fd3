//! Rehearsals: the host starts one before the event, and ending it wipes every score,
//! reveal, late op, receipt and move of the run of show it made (`store/round.rs`).

use super::auth::{EventOf, Host};
use super::doc;
use crate::error::{ApiError, ApiResult};
use crate::live::Change;
use crate::state::AppState;
use crate::store::{AuditRecord, RehearsalRefusal, Round};
use app::domain::audit::AuditAction;
use app::domain::wire::{RehearsalView, RoundInfo};
use axum::extract::State;
use axum::Json;
use serde_json::json;

pub fn round_info(round: &Round) -> RoundInfo {
    RoundInfo {
        number: round.number,
        rehearsal: round.rehearsal,
    }
}

/// `POST /api/v1/events/{event}/rehearsal`: starts a rehearsal of an event that has not
/// started; while one is on, answers it again.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/rehearsal",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The rehearsal is on (started now, or already).", body = app::domain::wire::RehearsalView), doc::Refusals)
)]
pub async fn start(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<RehearsalView>> {
    let event = config.id.clone();
    let at = crate::clock::now_rfc3339();
    let audit = AuditRecord::host(AuditAction::StartRehearsal.as_str(), None, json!({}));
    let started = state
        .writer
        .apply_written(move |store| store.start_rehearsal(&event, &at, audit))
        .await?;
    let round = started.map_err(|RehearsalRefusal::Started| ApiError::Conflict {
        code: "event_started",
        message: format!(
            "'{}' has started for real (a score, a reveal or a move of the run of show), so it can no longer be rehearsed",
            config.id
        ),
    })?;
    state.live.publish(config.id.as_str(), Change::Show);
    Ok(Json(RehearsalView {
        event: super::events::summary_now(&state, &config)?,
        round: round_info(&round),
        wiped: None,
    }))
}

/// `DELETE /api/v1/events/{event}/rehearsal`: ends the rehearsal, keeping the config and the
/// judges' links and wiping everything it recorded; answers what was wiped. With no
/// rehearsal on, changes nothing and answers the event as it is.
#[utoipa::path(
    delete,
    path = "/api/v1/events/{event}/rehearsal",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The rehearsal ended and wiped (`wiped`), or none was on.", body = app::domain::wire::RehearsalView), doc::Refusals)
)]
pub async fn end(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<RehearsalView>> {
    let event = config.id.clone();
    let (round, wiped) = state
        .writer
        .apply_written(move |store| {
            store.end_rehearsal(&event, |wiped| {
                AuditRecord::host(
                    AuditAction::EndRehearsal.as_str(),
                    None,
                    serde_json::to_value(wiped).unwrap_or_default(),
                )
            })
        })
        .await?;
    if wiped.is_some() {
        state.live.publish(config.id.as_str(), Change::Show);
        state.live.publish(config.id.as_str(), Change::Results);
        state.progress.mark(config.id.as_str());
    }
    Ok(Json(RehearsalView {
        event: super::events::summary_now(&state, &config)?,
        round: round_info(&round),
        wiped,
    }))
}
