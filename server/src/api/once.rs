//! A host's step takes effect once however often it is sent, as a judge's op does: a
//! request with an `Idempotency-Key` header is answered, every time after the first, with
//! the first answer, kept durably. The key is the client's (a fresh UUID per step, the
//! same on each retry); it is scoped to the caller's token, and a key sent again with a
//! different request is refused.
//!
//! The answer is kept after the step's own write, so a crash between the two lets a retry
//! run the step again; the steps themselves refuse a repeat that would change anything
//! (a stale show version, a late score counted already), so it still takes effect once.

use crate::error::error_response;
use crate::state::AppState;
pub use crate::store::Answer;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub const HEADER: &str = "idempotency-key";
/// The largest body a step may carry (an imported config).
const MAX_REQUEST: usize = crate::limits::MAX_CONFIG;
/// The largest answer kept for replay.
const MAX_ANSWER: usize = 4 * 1024 * 1024;

fn valid_key(key: &str) -> bool {
    (1..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Answers that do not depend on this moment alone: a success, or a refusal of the step
/// itself. Refusals of the caller or the request's form (auth, size, rate) are not kept,
/// so a retry with that fixed is served afresh.
fn worth_keeping(status: StatusCode) -> bool {
    status.is_success()
        || matches!(
            status,
            StatusCode::BAD_REQUEST
                | StatusCode::NOT_FOUND
                | StatusCode::CONFLICT
                | StatusCode::UNPROCESSABLE_ENTITY
        )
}

fn hex_sha256(parts: &[&[u8]]) -> String {
    let mut hash = Sha256::new();
    for p in parts {
        hash.update((p.len() as u64).to_le_bytes());
        hash.update(p);
    }
    hex::encode(hash.finalize())
}

/// The middleware on the API's routes; requests without the header, reads, and judges'
/// syncs (whose ops carry their own ids) pass straight through.
pub async fn once(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = matches!(*req.method(), Method::POST | Method::PUT | Method::DELETE);
    let Some(key) = req.headers().get(HEADER).filter(|_| writes) else {
        return next.run(req).await;
    };
    if req.uri().path().ends_with("/sync") {
        return next.run(req).await;
    }
    let Some(key) = key
        .to_str()
        .ok()
        .filter(|k| valid_key(k))
        .map(str::to_owned)
    else {
        return error_response(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the Idempotency-Key header must be 1 to 128 letters, digits, '-' or '_'",
        );
    };
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let scope = &hex_sha256(&[&token])[..32];
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_REQUEST).await else {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            &format!("a request has at most {MAX_REQUEST} bytes"),
        );
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |p| p.as_str());
    let fingerprint = hex_sha256(&[parts.method.as_str().as_bytes(), target.as_bytes(), &bytes]);
    let record = format!("{scope}/{key}");
    // One step with a key at a time: a repeat sent while the first runs waits, then replays.
    let _turn = state.once_lock.lock().await;
    match state.store.answer(&record) {
        Ok(Some(first)) if first.request == fingerprint => return replay(first),
        Ok(Some(_)) => {
            return error_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "this Idempotency-Key was already used for a different request",
            )
        }
        Ok(None) => {}
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !worth_keeping(response.status()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_ANSWER).await else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "answer_too_large",
            "the answer could not be kept for a repeat",
        );
    };
    let answer = Answer {
        request: fingerprint,
        status: parts.status.as_u16(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let kept = state
        .writer
        .apply(move |store| store.keep_answer(&record, &answer))
        .await
        .and_then(|kept| kept);
    if let Err(e) = kept {
        // The step itself is done and durable; only its replay could not be kept.
        tracing::error!(error = %e, "a host step's answer could not be kept for replay");
    }
    Response::from_parts(parts, Body::from(body))
}

fn replay(first: Answer) -> Response {
    let status = StatusCode::from_u16(first.status).unwrap_or(StatusCode::OK);
    let mut response = (status, first.body).into_response();
    if let Some(value) = first
        .content_type
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert("idempotent-replay", HeaderValue::from_static("true"));
    response
}
