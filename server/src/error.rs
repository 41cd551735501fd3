//! The one error type of the HTTP API; it becomes the contract's JSON error body.

use crate::store::StoreError;
use app::domain::wire::{ErrorBody, ErrorDetail, FieldError, QuorumRefusal};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("a bearer token is needed")]
    MissingToken,
    #[error("that token is not known")]
    UnknownToken,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// A conflict whose error body carries the refused reveal's quorum beside the code and
    /// message, so a client can word it in its own language.
    #[error("{message}")]
    ConflictWith {
        code: &'static str,
        message: String,
        quorum: QuorumRefusal,
    },
    #[error("the event config is not valid: {0}")]
    InvalidConfig(app::domain::event::ConfigErrors),
    /// A request body whose fields the domain refused (an item's): `bad_request`, with
    /// every problem under `fields` as for a config.
    #[error("the request is not valid: {0}")]
    InvalidFields(app::domain::items::FieldErrors),
    #[error("{}", store_message(.0))]
    Store(#[from] StoreError),
    #[error("{0}")]
    Export(String),
    /// A roster with problems: the contract's error, and beside it every row as read and
    /// every row's problem (`rows`, `errors`), as the dry run answers them.
    #[error("the roster has {} problem(s); nothing was stored", .0.errors.len())]
    InvalidRoster(app::domain::wire::RosterPreview),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MissingToken | ApiError::UnknownToken => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_)
            | ApiError::InvalidConfig(_)
            | ApiError::InvalidFields(_)
            | ApiError::InvalidRoster(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Conflict { .. } | ApiError::ConflictWith { .. } => StatusCode::CONFLICT,
            ApiError::Store(StoreError::Changed(_)) => StatusCode::CONFLICT,
            ApiError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Export(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MissingToken => "missing_token",
            ApiError::UnknownToken => "unknown_token",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest(_) | ApiError::InvalidFields(_) => "bad_request",
            ApiError::InvalidConfig(_) => "invalid_config",
            ApiError::TooLarge(_) => "payload_too_large",
            ApiError::Conflict { code, .. } | ApiError::ConflictWith { code, .. } => code,
            ApiError::Store(StoreError::Changed(_)) => "event_changed",
            ApiError::Store(_) => "storage_unavailable",
            ApiError::Export(_) => "export_failed",
            ApiError::InvalidRoster(_) => "invalid_roster",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Store(e) = &self {
            if !matches!(e, StoreError::Changed(_)) {
                tracing::error!(error = %e, "storage failure");
            }
        }
        let mut error = ErrorDetail {
            code: self.code().into(),
            message: self.to_string(),
            ..ErrorDetail::default()
        };
        // A config's problems are listed one by one, each with the field it is about.
        if let ApiError::InvalidConfig(errors) = &self {
            error.fields = Some(
                errors
                    .0
                    .iter()
                    .map(|e| FieldError {
                        field: e.field.clone(),
                        message: e.message.clone(),
                    })
                    .collect(),
            );
        }
        if let ApiError::InvalidFields(errors) = &self {
            error.fields = Some(errors.0.clone());
        }
        if let ApiError::ConflictWith { quorum, .. } = &self {
            error.quorum = Some(quorum.clone());
        }
        if let ApiError::InvalidRoster(preview) = self {
            let body = app::domain::wire::RosterRefusal {
                error,
                rows: preview.rows,
                errors: preview.errors,
            };
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
        (self.status(), Json(ErrorBody { error })).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn store_message(e: &StoreError) -> String {
    match e {
        StoreError::Changed(why) => format!("{why}; send the request again"),
        other => format!("the server's storage failed: {other}"),
    }
}

/// The contract's JSON error for refusals made outside a handler (limits, axum's own).
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let error = ErrorDetail {
        code: code.into(),
        message: message.into(),
        ..ErrorDetail::default()
    };
    (status, Json(ErrorBody { error })).into_response()
}
