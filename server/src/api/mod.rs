//! The HTTP API of `shared/design/protocol.md`, one module per area.

use crate::state::AppState;
use axum::routing::get;
use axum::Router;

pub mod auth;
pub mod host;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/events/{event}/judges", get(host::judges))
}
