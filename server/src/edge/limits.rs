//! Limits on every request: header size, body size, time; and the contract's JSON error
//! shape for whatever axum itself refuses on an API path (a 405, a body over its limit).

use crate::error::error_response;
use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderValue, StatusCode, Version};
use axum::middleware::Next;
use axum::response::Response;

use crate::limits::{MAX_ANY_BODY, MAX_HEADERS, MAX_HEADER_BYTES, MAX_URI_BYTES, REQUEST_TIMEOUT};

pub async fn limits(req: Request, next: Next) -> Response {
    let http1 = req.version() <= Version::HTTP_11;
    let res = limited(req, next).await;
    if http1 && leaves_body_unread(res.status()) {
        close_after(res)
    } else {
        res
    }
}

async fn limited(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let uri_bytes = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_bytes > MAX_URI_BYTES {
        return error_response(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            &format!(
                "the address with its query is over {} KiB",
                MAX_URI_BYTES / 1024
            ),
        );
    }
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if req.headers().len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return error_response(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            &format!(
                "at most {MAX_HEADERS} headers and {} KiB of them",
                MAX_HEADER_BYTES / 1024
            ),
        );
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_ANY_BODY as u64) {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            &format!("the body is over {} KiB", MAX_ANY_BODY / 1024),
        );
    }
    // The event stream lives as long as the screen watching it.
    let long_lived = req
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|p| p.as_str().ends_with("/stream"));
    let res = if long_lived {
        next.run(req).await
    } else {
        match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
            Ok(res) => res,
            Err(_) => {
                return error_response(
                    StatusCode::REQUEST_TIMEOUT,
                    "request_timeout",
                    &format!(
                        "the request took longer than {} s",
                        REQUEST_TIMEOUT.as_secs()
                    ),
                )
            }
        }
    };
    if api {
        as_json_error(res).await
    } else {
        res
    }
}

/// A refusal that may leave the request's body unread on the connection.
fn leaves_body_unread(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE
            | StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
            | StatusCode::REQUEST_TIMEOUT
            | StatusCode::URI_TOO_LONG
    )
}

/// The server closes a connection whose request body it did not read (it cannot find the
/// next request in it); saying so keeps the client from sending its next request down a
/// connection that is about to close (a broken pipe on a pooled connection otherwise).
fn close_after(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// The answer to a request whose handler panicked.
pub fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "server_error",
        "the server failed on this request; it goes on serving others",
    )
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/healthz"
}

/// An error response that is not JSON yet (axum's own rejections are plain text, an
/// unknown API path gets the app's HTML page) becomes the contract's JSON error.
async fn as_json_error(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("html"));
    let text = match axum::body::to_bytes(res.into_body(), 4096).await {
        Ok(bytes) if !html => String::from_utf8_lossy(&bytes).trim().to_string(),
        _ => String::new(),
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    error_response(status, code_for(status), &message)
}

fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "unknown_token",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "headers_too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        s if s.is_server_error() => "server_error",
        _ => "bad_request",
    }
}
