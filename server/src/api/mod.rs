//! The HTTP API of `shared/design/protocol.md`, one module per area.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use app::domain::EventConfig;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

pub mod amend;
pub mod audit;
pub mod auth;
pub mod body;
pub mod events;
pub mod export;
pub mod host;
pub mod next;
pub mod once;
pub mod receipts;
pub mod report;
pub mod results;
pub mod show;
pub mod sync;

/// The event named in a path, or 404.
pub fn event_or_404(state: &AppState, event: &str) -> ApiResult<EventConfig> {
    state
        .store
        .event(event)?
        .ok_or_else(|| ApiError::NotFound(format!("no event '{event}'")))
}

/// A query string read into `T`, or the contract's JSON 400 (axum's own rejection is text).
pub fn query_or_400<T>(
    query: Result<axum::extract::Query<T>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<T> {
    query
        .map(|q| q.0)
        .map_err(|e| ApiError::BadRequest(e.body_text()))
}

/// The presenter named in a path, as the event spells its id, or 404.
pub fn presenter_or_404(config: &EventConfig, presenter: &str) -> ApiResult<app::domain::Id> {
    config
        .presenter(presenter)
        .map(|p| p.id.clone())
        .ok_or_else(|| ApiError::NotFound(format!("no presenter '{presenter}'")))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/me", get(events::me))
        .route(
            "/api/v1/events",
            get(events::list)
                .post(events::create)
                .layer(DefaultBodyLimit::max(crate::limits::MAX_CONFIG)),
        )
        .route(
            "/api/v1/events/{event}/config",
            get(events::config)
                .put(events::replace)
                .layer(DefaultBodyLimit::max(crate::limits::MAX_CONFIG)),
        )
        .route("/api/v1/events/{event}/judges", get(host::judges))
        .route("/api/v1/events/{event}/judge-cards", get(host::judge_cards))
        .route(
            "/api/v1/events/{event}/judges/{judge}/reissue",
            post(host::reissue),
        )
        .route("/api/v1/events/{event}/state", get(sync::state))
        .route(
            "/api/v1/events/{event}/sync",
            post(sync::sync).layer(DefaultBodyLimit::max(crate::limits::MAX_SYNC_BODY)),
        )
        .route(
            "/api/v1/events/{event}/presenters/{presenter}/reveal",
            post(host::reveal),
        )
        .route("/api/v1/events/{event}/results", get(results::results))
        .route("/api/v1/events/{event}/late", get(host::late))
        .route(
            "/api/v1/events/{event}/show",
            get(show::get_show).post(show::move_show),
        )
        .route("/api/v1/events/{event}/progress", get(show::progress))
        .route("/api/v1/events/{event}/ranking", get(show::ranking))
        .route(
            "/api/v1/events/{event}/presenters/{presenter}/preview",
            get(show::preview),
        )
        .route("/api/v1/events/{event}/stream", get(show::stream))
        .route(
            "/api/v1/events/{event}/presenters/{presenter}/amend",
            post(amend::amend),
        )
        .route("/api/v1/events/{event}/audit", get(audit::audit))
        .route("/api/v1/events/{event}/results/full", get(results::full))
        .route(
            "/api/v1/events/{event}/export/results.csv",
            get(export::results_csv),
        )
        .route(
            "/api/v1/events/{event}/export/sheets.csv",
            get(export::sheets_csv),
        )
        .route(
            "/api/v1/events/{event}/export/results.xlsx",
            get(export::results_xlsx),
        )
        .route("/api/v1/events/{event}/backup", get(export::backup))
        .route(
            "/api/v1/events/{event}/receipts/{server_seq}",
            get(receipts::receipt),
        )
        .route("/api/v1/events/{event}/report", get(report::report))
        .route("/api/v1/events/{event}/next", post(next::next))
}
