//! The HTTP API of `shared/design/protocol.md`, one module per area.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use app::domain::EventConfig;
use axum::extract::DefaultBodyLimit;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

pub mod amend;
pub mod audit;
pub mod auth;
pub mod ballot;
pub mod body;
pub mod doc;
pub mod events;
pub mod export;
pub mod host;
pub mod items;
pub mod next;
pub mod notes;
pub mod once;
pub mod paper;
pub mod receipts;
pub mod rehearsal;
pub mod report;
pub mod results;
pub mod review;
pub mod roster;
pub mod show;
pub mod sync;
pub mod units;
pub mod votes;

/// The event named in a path, or 404.
pub fn event_or_404(state: &AppState, event: &str) -> ApiResult<std::sync::Arc<EventConfig>> {
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

/// Every route of `/api/v1` (and `/healthz`), with the OpenAPI document made from the same
/// handlers: a route is added here through `routes!` only, so the two cannot differ.
pub fn routes() -> Router<AppState> {
    let (router, document) = OpenApiRouter::with_openapi(doc::ApiDoc::openapi())
        .routes(routes!(doc::openapi))
        .routes(routes!(events::me))
        .routes(limited(
            routes!(events::list, events::create),
            crate::limits::MAX_CONFIG,
        ))
        .routes(limited(
            routes!(events::config, events::replace),
            crate::limits::MAX_CONFIG,
        ))
        .routes(routes!(events::create_new))
        .routes(routes!(events::one))
        .routes(routes!(events::make_current))
        .routes(routes!(rehearsal::start, rehearsal::end))
        .routes(routes!(paper::paper))
        .routes(limited(routes!(roster::import), crate::limits::MAX_CONFIG))
        .routes(routes!(roster::template))
        .routes(routes!(host::judges))
        .routes(routes!(host::judge_cards))
        .routes(routes!(host::reissue))
        .routes(routes!(sync::state))
        .routes(limited(routes!(sync::sync), crate::limits::MAX_SYNC_BODY))
        .routes(routes!(host::reveal))
        .routes(routes!(results::results))
        .routes(routes!(host::late))
        .routes(routes!(show::get_show, show::move_show))
        .routes(routes!(show::progress))
        .routes(routes!(show::ranking))
        .routes(routes!(show::preview))
        .routes(routes!(show::stream))
        .routes(routes!(amend::amend))
        .routes(routes!(audit::audit))
        .routes(routes!(results::full))
        .routes(routes!(export::results_csv))
        .routes(routes!(export::sheets_csv))
        .routes(routes!(export::results_xlsx))
        .routes(routes!(export::backup))
        .routes(routes!(receipts::receipt))
        .routes(routes!(report::report))
        .routes(routes!(next::next))
        .routes(routes!(items::list, items::raise))
        .routes(routes!(items::summary))
        // Static segments beside `{id}`: axum's router matches them before the capture.
        .routes(routes!(items::ledger_csv))
        .routes(routes!(items::ledger_xlsx))
        .routes(routes!(items::one))
        .routes(routes!(items::transition))
        .routes(routes!(items::extend))
        .routes(routes!(items::note))
        .routes(routes!(items::flag))
        .routes(routes!(items::vote))
        .routes(routes!(units::units))
        .routes(routes!(units::issue_link))
        .routes(routes!(units::unit_view))
        .routes(limited(routes!(votes::votes), crate::limits::MAX_SYNC_BODY))
        .routes(routes!(votes::ballot))
        .routes(routes!(votes::close))
        .routes(routes!(votes::late))
        .routes(routes!(notes::notes))
        .routes(routes!(review::review))
        .split_for_parts();
    doc::DOCUMENT.get_or_init(|| document.to_pretty_json().unwrap_or_default());
    router.route("/healthz", axum::routing::get(|| async { "ok" }))
}

/// A route with a body limit of its own.
fn limited(
    (schemas, paths, method): UtoipaMethodRouter<AppState>,
    max: usize,
) -> UtoipaMethodRouter<AppState> {
    (schemas, paths, method.layer(DefaultBodyLimit::max(max)))
}
