//! Events as a host manages them: import a config (TOML or JSON), read it back, list.

use super::auth::{Caller, EventOf, Host};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{AuditRecord, ImportRefusal};
use app::domain::EventConfig;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

/// Reads a config in the format its content type names (TOML unless it says JSON).
fn parse_config(headers: &HeaderMap, body: &[u8]) -> ApiResult<EventConfig> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::BadRequest("the config must be UTF-8 text".into()))?;
    let parsed = if is_json(headers) {
        EventConfig::from_json(text)
    } else {
        EventConfig::from_toml(text)
    };
    parsed.map_err(ApiError::InvalidConfig)
}

async fn store_config(state: &AppState, config: &EventConfig, replace: bool) -> ApiResult<()> {
    let audit = AuditRecord::host(
        if replace {
            "replace_config"
        } else {
            "import_event"
        },
        None,
        json!({"title": config.title, "presenters": config.presenters.len(),
               "judges": config.judges.len()}),
    );
    match state.store.import_event(config, replace, audit)? {
        Ok(()) => {
            state.store.flush().await?;
            Ok(())
        }
        Err(ImportRefusal::Exists) => Err(ApiError::Conflict {
            code: "event_exists",
            message: format!(
                "an event '{}' exists already; PUT /api/v1/events/{}/config replaces it",
                config.id, config.id
            ),
        }),
        Err(ImportRefusal::Started) => Err(ApiError::Conflict {
            code: "event_started",
            message: format!(
                "'{}' has started (a score, a reveal or a move of the run of show), so its config can no longer be replaced; import it under a new id",
                config.id
            ),
        }),
    }
}

pub(super) fn summary(config: &EventConfig) -> Value {
    json!({"id": config.id, "title": config.title, "date": config.date,
           "presenters": config.presenters.len(), "judges": config.judges.len()})
}

/// `POST /api/v1/events`: imports a new event and makes it the current one.
pub async fn create(
    State(state): State<AppState>,
    _host: Host,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let config = parse_config(&headers, &body)?;
    store_config(&state, &config, false).await?;
    let location = format!("/api/v1/events/{}", config.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(json!({"event": summary(&config)})),
    )
        .into_response())
}

/// `PUT /api/v1/events/{event}/config`: replaces a config before scoring starts.
pub async fn replace(
    State(state): State<AppState>,
    _host: Host,
    Path(event): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    super::event_or_404(&state, &event)?;
    let config = parse_config(&headers, &body)?;
    if config.id.as_str() != event {
        return Err(ApiError::InvalidConfig(app::domain::event::ConfigErrors(
            vec![app::domain::event::ConfigError {
                field: "id".into(),
                message: format!("is '{}', but this is the config of '{event}'", config.id),
            }],
        )));
    }
    // No move of the run of show slips in between the store's check that the event has not
    // started and the replacement.
    let _one_at_a_time = state.show_lock.lock().await;
    store_config(&state, &config, true).await?;
    Ok(Json(json!({"event": summary(&config)})))
}

/// `GET /api/v1/events/{event}/config`: the config as TOML, or JSON when asked for.
pub async fn config(
    _host: Host,
    EventOf(config): EventOf,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if wants_json {
        return Ok(Json(config).into_response());
    }
    Ok((
        [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
        config.to_toml(),
    )
        .into_response())
}

/// `GET /api/v1/events`: every event, the current one marked.
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    caller.require_host()?;
    let current = state.store.current_event()?.map(|c| c.id);
    let events: Vec<Value> = state
        .store
        .events()?
        .iter()
        .map(|c| {
            let mut v = summary(c);
            v["current"] = json!(Some(&c.id) == current.as_ref());
            v
        })
        .collect();
    Ok(Json(json!({ "events": events })))
}

/// `GET /api/v1/me`: who a token signs in, so a judge's device can find its event.
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    Ok(Json(match caller {
        Caller::Host => json!({"role": "host"}),
        Caller::Judge(t) => {
            let config = super::event_or_404(&state, t.event.as_str())?;
            let judge = config.judge(t.judge.as_str()).ok_or_else(|| {
                ApiError::Forbidden("this judge is no longer in the event".into())
            })?;
            json!({"role": "judge", "event": config.id, "judge": judge.id, "name": judge.name, "group": judge.group})
        }
    }))
}
