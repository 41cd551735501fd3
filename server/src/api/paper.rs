//! Paper sheets: a judge without a working phone fills in paper, and the host (or a helper
//! with the host's link) enters it for that judge (`Store::apply_paper`).

use super::auth::{EventOf, Host};
use super::body::Body;
use super::doc;
use crate::error::{ApiError, ApiResult};
use crate::ledger::PaperMark;
use crate::state::AppState;
use app::domain::limits::MAX_NAME_CHARS;
use app::domain::sync::is_uuid;
use app::domain::wire;
use axum::extract::State;
use axum::Json;

/// `POST /api/v1/events/{event}/paper`: answers like one sync result (`outcome`,
/// `server_seq`, the receipt to print for the judge to sign).
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/paper",
    tag = "results",
    security(("host" = [])),
    params(doc::EventPath),
    request_body = app::domain::wire::PaperBody,
    responses((status = 200, description = "The paper sheet's op and its outcome, durable before this answer.", body = app::domain::wire::OpResult), doc::Refusals)
)]
pub async fn paper(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Body(body): Body<wire::PaperBody>,
) -> ApiResult<Json<wire::OpResult>> {
    let judge = config
        .judge(&body.judge)
        .cloned()
        .ok_or_else(|| ApiError::NotFound(format!("no judge '{}'", body.judge)))?;
    let presenter = super::presenter_or_404(&config, &body.presenter)?;
    let op_id = match body.op_id {
        Some(id) if is_uuid(&id) => id.to_ascii_lowercase(),
        Some(_) => return Err(ApiError::BadRequest("\"op_id\" must be a UUID".into())),
        None => new_op_id(),
    };
    let entered_by = body
        .entered_by
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(match config.language {
            app::domain::Lang::Zh => "主持人",
            app::domain::Lang::En => "the host",
        })
        .to_string();
    if entered_by.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::BadRequest(format!(
            "\"entered_by\" has at most {MAX_NAME_CHARS} characters"
        )));
    }
    let values = serde_json::to_value(&body.values)
        .map_err(|e| ApiError::BadRequest(format!("\"values\" are not readable: {e}")))?;
    let event = config.clone();
    let at = crate::clock::now_rfc3339();
    let mut results = state
        .writer
        .apply_written(move |store| {
            store.apply_paper(
                &event,
                &judge,
                &presenter,
                op_id,
                values,
                body.submitted,
                PaperMark { entered_by },
                at,
            )
        })
        .await?
        .map_err(|refusal| ApiError::Conflict {
            code: refusal.code(),
            message: refusal.to_string(),
        })?;
    state.progress.mark(config.id.as_str());
    let result = results.pop().ok_or_else(|| {
        ApiError::Store(crate::store::StoreError::Changed(
            "the paper sheet was not decided".into(),
        ))
    })?;
    Ok(Json(super::sync::wire_result(result)))
}

/// A random UUID (version 4) for an entry that came without its own.
fn new_op_id() -> String {
    let mut bytes: [u8; 16] = rand::random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
