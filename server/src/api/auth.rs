//! Who is calling: the bearer token, resolved to the host, one event's judge, or one
//! event's unit answering for follow-up items.

use crate::edge::Client;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{JudgeToken, UnitToken};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The caller of an endpoint.
pub enum Caller {
    Host,
    Judge(JudgeToken),
    /// A unit answering for follow-up items, by its own link.
    Unit(UnitToken),
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or(ApiError::MissingToken)?
            .to_str();
        let Ok(header) = header else {
            return Err(refuse_unknown(state, parts).await);
        };
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::MissingToken)?;
        if state.is_host_token(token) {
            return Ok(Caller::Host);
        }
        if let Some(judge) = state.store.judge_by_token(token)? {
            return Ok(Caller::Judge(judge));
        }
        match state.store.unit_by_token(token)? {
            Some(unit) => Ok(Caller::Unit(unit)),
            None => Err(refuse_unknown(state, parts).await),
        }
    }
}

/// Refuses an unknown token, slower and slower for an address that keeps sending them.
/// A known token never comes here, so it is never slowed.
async fn refuse_unknown(state: &AppState, parts: &Parts) -> ApiError {
    let client = parts.extensions.get::<Client>().map(|c| c.addr);
    state.edge.throttle.refuse(client).await;
    ApiError::UnknownToken
}

impl Caller {
    pub fn require_host(&self) -> Result<(), ApiError> {
        match self {
            Caller::Host => Ok(()),
            Caller::Judge(_) | Caller::Unit(_) => {
                Err(ApiError::Forbidden("this needs the host's token".into()))
            }
        }
    }
}

/// The host, as an extractor: any other caller is refused (401 without a known token, 403
/// for a judge's).
pub struct Host;

impl FromRequestParts<AppState> for Host {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Caller::from_request_parts(parts, state)
            .await?
            .require_host()
            .map(|()| Host)
    }
}

/// The event named by the path's `{event}`, as stored, or 404. Put after the caller's
/// extractor: a stranger learns nothing of which events exist.
pub struct EventOf(pub std::sync::Arc<app::domain::EventConfig>);

impl FromRequestParts<AppState> for EventOf {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let params = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::BadRequest(e.body_text()))?;
        let event = params
            .iter()
            .find_map(|(name, value)| (name == "event").then_some(value))
            .ok_or_else(|| ApiError::NotFound("no event in this path".into()))?;
        super::event_or_404(state, event).map(EventOf)
    }
}
