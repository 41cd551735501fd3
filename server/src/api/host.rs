//! Host-only endpoints.

use super::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

/// The address people use to reach this server, from the request.
pub fn public_base(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// `GET /api/v1/events/{event}/judges`
pub async fn judges(
    State(state): State<AppState>,
    caller: Caller,
    Path(event): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    caller.require_host()?;
    let config = state
        .store
        .event(&event)?
        .ok_or_else(|| ApiError::NotFound(format!("no event '{event}'")))?;
    let tokens = state.store.judge_tokens(&event)?;
    let base = public_base(&headers);
    let judges: Vec<Value> = config
        .judges
        .iter()
        .filter_map(|j| {
            let token = tokens.iter().find(|t| t.judge == j.id)?;
            Some(json!({
                "id": j.id, "name": j.name, "group": j.group, "token": token.token,
                "join_url": format!("{base}/j/{}", token.token),
            }))
        })
        .collect();
    Ok(Json(json!({ "judges": judges })))
}
