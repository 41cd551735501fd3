//! Events as a host manages them: import a config (TOML or JSON), read it back, list.

use super::auth::{Caller, EventOf, Host};
use super::body::Body;
use super::doc;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{AuditRecord, ImportRefusal};
use app::domain::audit::AuditAction;
use app::domain::event::{ConfigError, ConfigErrors};
use app::domain::starter::{fresh_event_id, new_event, Start};
use app::domain::wire::{
    EventList, EventState, EventSummary, ImportedEvent, Me, NewEventBody, NewEventFrom,
};
use app::domain::{EventConfig, Id, Lang};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

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
            AuditAction::ReplaceConfig
        } else {
            AuditAction::ImportEvent
        }
        .as_str(),
        None,
        json!({"title": config.title, "presenters": config.presenters.len(),
               "judges": config.judges.len()}),
    );
    let stored = config.clone();
    let imported = state
        .writer
        .apply(move |store| store.import_event(&stored, replace, audit))
        .await??;
    let refusal = match imported {
        Ok(()) => return Ok(()),
        Err(ImportRefusal::Exists) => {
            return Err(ApiError::Conflict {
                code: "event_exists",
                message: format!(
                    "an event '{}' exists already; PUT /api/v1/events/{}/config replaces it",
                    config.id, config.id
                ),
            })
        }
        Err(refusal) => refusal,
    };
    // Started, or in a rehearsal: a correction of words only (a misspelt name, the title)
    // is still taken, and audited with the fields it changed.
    let stored = config.clone();
    let corrected = state
        .writer
        .apply(move |store| {
            store.correct_event(&stored, |fields| {
                AuditRecord::host(
                    AuditAction::CorrectConfig.as_str(),
                    None,
                    json!({"fields": fields, "title": stored.title}),
                )
            })
        })
        .await??;
    match (corrected, refusal) {
        (Some(_), _) => Ok(()),
        (None, ImportRefusal::Rehearsal) => Err(ApiError::Conflict {
            code: "rehearsal_on",
            message: format!(
                "a rehearsal of '{}' is on: end it first (its scores are wiped then), then change the event; names and the title may be corrected meanwhile",
                config.id
            ),
        }),
        (None, _) => Err(ApiError::Conflict {
            code: "event_started",
            message: format!(
                "'{}' has started (a score, a reveal or a move of the run of show): only names and the title may be corrected now; import a changed config under a new id",
                config.id
            ),
        }),
    }
}

pub(super) fn summary(config: &EventConfig) -> EventSummary {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    EventSummary {
        id: config.id.to_string(),
        title: config.title.clone(),
        date: config.date.clone(),
        presenters: count(config.presenters.len()),
        judges: count(config.judges.len()),
        current: None,
        state: EventState::Draft,
        previous: None,
    }
}

/// The event as it stands now: its summary with where it is in its life.
pub(super) fn summary_now(state: &AppState, config: &EventConfig) -> ApiResult<EventSummary> {
    Ok(EventSummary {
        state: state.store.event_state(config)?,
        previous: state
            .store
            .lineage(&config.id)?
            .map(|l| l.previous.to_string()),
        ..summary(config)
    })
}

/// `POST /api/v1/events/{event}/current`: makes the event the current one, the one the
/// screen, the console and the judges' pages show when none is named.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/current",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The event, now the current one.", body = app::domain::wire::EventSummary), doc::Refusals)
)]
pub async fn make_current(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<EventSummary>> {
    let event = config.id.clone();
    let audit = AuditRecord::host(AuditAction::MakeCurrent.as_str(), None, json!({}));
    state
        .writer
        .apply(move |store| store.make_current(&event, audit))
        .await??;
    state
        .live
        .publish(config.id.as_str(), crate::live::Change::Show);
    Ok(Json(EventSummary {
        current: Some(true),
        ..summary_now(&state, &config)?
    }))
}

/// `GET /api/v1/events/{event}`: the event, with where it is (`draft`, `rehearsal`, `live`,
/// `finished`) and whether it is the current one.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The event and where it is in its life.", body = app::domain::wire::EventSummary), doc::Refusals)
)]
pub async fn one(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<EventSummary>> {
    let current = state.store.current_event()?.map(|c| c.id.clone());
    Ok(Json(EventSummary {
        current: Some(current.as_ref() == Some(&config.id)),
        ..summary_now(&state, &config)?
    }))
}

/// `POST /api/v1/events`: imports a new event and makes it the current one.
#[utoipa::path(
    post,
    path = "/api/v1/events",
    tag = "events",
    security(("host" = [])),
    request_body(content = String, description = "An event config, TOML (or JSON with `Content-Type: application/json`).", content_type = "application/toml"),
    responses((status = 201, description = "The event imported and made the current one.", body = app::domain::wire::ImportedEvent), doc::Refusals)
)]
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
        Json(ImportedEvent {
            event: summary(&config),
        }),
    )
        .into_response())
}

/// `POST /api/v1/events/new`: a new event, blank, from the demo, or a copy of an earlier
/// one, for the host to set up in the editor. The current event stays as it was.
#[utoipa::path(
    post,
    path = "/api/v1/events/new",
    tag = "events",
    security(("host" = [])),
    request_body = app::domain::wire::NewEventBody,
    responses((status = 201, description = "The new event (the current event stays as it was).", body = app::domain::wire::ImportedEvent), doc::Refusals)
)]
pub async fn create_new(
    State(state): State<AppState>,
    _host: Host,
    Body(body): Body<NewEventBody>,
) -> ApiResult<Response> {
    let field = |field: &str, message: String| {
        ApiError::InvalidConfig(ConfigErrors(vec![ConfigError::new(field, message)]))
    };
    let source = match (body.from, body.source.as_deref().map(str::trim)) {
        (NewEventFrom::Copy, Some(source)) if !source.is_empty() => {
            Some(super::event_or_404(&state, source)?)
        }
        (NewEventFrom::Copy, _) => {
            return Err(field("source", "a copy needs the event to copy".into()))
        }
        _ => None,
    };
    let start = match (&source, body.from) {
        (Some(source), _) => Start::Copy(source),
        (None, NewEventFrom::Demo) => Start::Demo,
        (None, _) => Start::Blank(body.language.unwrap_or(Lang::Zh)),
    };
    let date = body
        .date
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    let id = match body.id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        Some(id) => Id::parse(id).map_err(|e| field("id", e))?,
        None => {
            let events = state.store.events()?;
            fresh_event_id(date.as_deref(), |id| {
                events.iter().any(|e| e.id.as_str() == id)
            })
        }
    };
    if id.as_str() == "new" {
        return Err(field(
            "id",
            "'new' names this route; pick another id".into(),
        ));
    }
    let config = new_event(start, id, body.title.trim().to_string(), date)
        .validated()
        .map_err(ApiError::InvalidConfig)?;
    let audit = AuditRecord::host(
        AuditAction::CreateEvent.as_str(),
        None,
        json!({"from": body.from, "source": source.as_ref().map(|s| s.id.as_str()),
               "title": config.title}),
    );
    let stored = config.clone();
    let imported = state
        .writer
        .apply(move |store| store.add_event(&stored, audit))
        .await??;
    if imported.is_err() {
        return Err(ApiError::Conflict {
            code: "event_exists",
            message: format!("an event '{}' exists already; pick another id", config.id),
        });
    }
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/events/{}", config.id))],
        Json(ImportedEvent {
            event: EventSummary {
                current: Some(false),
                ..summary(&config)
            },
        }),
    )
        .into_response())
}

/// `PUT /api/v1/events/{event}/config`: replaces a config before scoring starts.
#[utoipa::path(
    put,
    path = "/api/v1/events/{event}/config",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    request_body(content = String, description = "The event's new config, TOML (or JSON).", content_type = "application/toml"),
    responses((status = 200, description = "The config replaced (only before scoring starts).", body = app::domain::wire::ImportedEvent), doc::Refusals)
)]
pub async fn replace(
    State(state): State<AppState>,
    _host: Host,
    Path(event): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ImportedEvent>> {
    super::event_or_404(&state, &event)?;
    let config = parse_config(&headers, &body)?;
    if config.id.as_str() != event {
        return Err(ApiError::InvalidConfig(app::domain::event::ConfigErrors(
            vec![app::domain::event::ConfigError::new(
                "id",
                format!("is '{}', but this is the config of '{event}'", config.id),
            )],
        )));
    }
    // The writer decides one change at a time: no move of the run of show or score slips in
    // between the check that the event has not started and the replacement.
    store_config(&state, &config, true).await?;
    Ok(Json(ImportedEvent {
        event: summary(&config),
    }))
}

/// `GET /api/v1/events/{event}/config`: the config as TOML, or JSON when asked for.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/config",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The config as TOML, or as JSON when `Accept` asks for it.", body = String, content_type = "application/toml"), doc::Refusals)
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    security(("host" = []), ("judge" = [])),
    responses((status = 200, description = "Every event, the current one marked.", body = app::domain::wire::EventList), doc::Refusals)
)]
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<EventList>> {
    caller.require_host()?;
    let current = state.store.current_event()?.map(|c| c.id.clone());
    let events = state
        .store
        .events()?
        .iter()
        .map(|c| {
            Ok(EventSummary {
                current: Some(Some(&c.id) == current.as_ref()),
                ..summary_now(&state, c)?
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(EventList { events }))
}

/// `GET /api/v1/me`: who a token signs in, so a judge's device can find its event.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "events",
    security(("host" = []), ("judge" = [])),
    responses((status = 200, description = "Who the token signs in.", body = app::domain::wire::Me), doc::Refusals)
)]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Me>> {
    Ok(Json(match caller {
        Caller::Host => Me {
            role: "host".into(),
            event: None,
            judge: None,
            name: None,
            group: None,
        },
        Caller::Judge(t) => {
            let config = super::event_or_404(&state, t.event.as_str())?;
            let judge = config.judge(t.judge.as_str()).ok_or_else(|| {
                ApiError::Forbidden("this judge is no longer in the event".into())
            })?;
            Me {
                role: "judge".into(),
                event: Some(config.id.to_string()),
                judge: Some(judge.id.to_string()),
                name: Some(judge.name.clone()),
                group: Some(judge.group.to_string()),
            }
        }
        Caller::Unit(t) => {
            let config = super::event_or_404(&state, t.event.as_str())?;
            let name = match &t.unit {
                Some(p) => config.presenter(p.as_str()).map(|p| p.unit.clone()),
                None => None,
            };
            Me {
                role: "unit".into(),
                event: Some(config.id.to_string()),
                judge: None,
                name,
                group: None,
            }
        }
    }))
}
