//! Roster import: judges and presenters from a spreadsheet (`roster_file.rs` reads the
//! file, `app::domain::roster` the rows), previewed with every row's problem, then stored
//! as a replacement of the event's config, which gives each new judge a link.

use super::auth::{EventOf, Host};
use super::doc;
use crate::edge::LinkBase;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{AuditRecord, ImportRefusal};
use app::domain::audit::AuditAction;
use app::domain::roster;
use app::domain::wire::{PresenterInfo, RosterError, RosterPreview, RosterStored};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

/// The XLSX content type, for the template and as a roster's.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterQuery {
    /// Only read the file and answer the preview; store nothing.
    #[serde(default)]
    dry_run: bool,
}

/// `POST /api/v1/events/{event}/roster`: the file as the body (`text/csv` or the XLSX type).
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/roster",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath, RosterQuery),
    request_body(content = Vec<u8>, description = "A roster: an .xlsx workbook or a CSV file (UTF-8, UTF-16 or GB18030/GBK).", content_type = "text/csv"),
    responses(
        (status = 200, description = "With `dry_run=true`, the preview (rows and errors; nothing stored). Without, the judges (new ones with new links) and presenters stored.", body = app::domain::wire::RosterStored),
        (status = 400, description = "The roster's problems, row by row; nothing stored.", body = app::domain::wire::RosterRefusal),
        doc::Refusals
    )
)]
pub async fn import(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    LinkBase(base): LinkBase,
    query: Result<Query<RosterQuery>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> ApiResult<Response> {
    let query = super::query_or_400(query)?;
    let table = crate::roster_file::read(&body, config.language).map_err(|unreadable| {
        ApiError::InvalidRoster(RosterPreview {
            rows: Vec::new(),
            errors: vec![RosterError {
                row: 0,
                field: "file".into(),
                message: unreadable.0,
            }],
        })
    })?;
    let read = roster::read(&config, &table);
    if query.dry_run {
        return Ok(Json(read.preview).into_response());
    }
    let Some(roster) = read.config else {
        return Err(ApiError::InvalidRoster(read.preview));
    };
    let audit = AuditRecord::host(
        AuditAction::ImportRoster.as_str(),
        None,
        json!({"judges": roster.judges.len(), "presenters": roster.presenters.len()}),
    );
    let stored = roster.clone();
    let imported = state
        .writer
        .apply(move |store| store.import_event(&stored, true, audit))
        .await??;
    match imported {
        Ok(()) => {}
        Err(ImportRefusal::Rehearsal) => {
            return Err(ApiError::Conflict {
                code: "rehearsal_on",
                message: "a rehearsal is on: end it first, then import the roster".into(),
            })
        }
        Err(ImportRefusal::Started | ImportRefusal::Exists) => {
            return Err(ApiError::Conflict {
                code: "event_started",
                message: "the event has started (a score, a reveal or a move of the run of show), so its judges and presenters can no longer be replaced".into(),
            })
        }
    }
    let judges = super::host::judge_links(&state, &roster, &base)?;
    let presenters = roster
        .presenters_in_order()
        .into_iter()
        .map(|p| PresenterInfo {
            id: p.id.to_string(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            order: p.order,
            summary: p.summary.clone(),
        })
        .collect();
    state
        .live
        .publish(roster.id.as_str(), crate::live::Change::Show);
    Ok(Json(RosterStored {
        event: super::events::summary_now(&state, &roster)?,
        judges,
        presenters,
    })
    .into_response())
}

/// `GET /api/v1/events/{event}/roster/template.xlsx`: a workbook with the columns in the
/// event's language and one example judge and presenter.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/roster/template.xlsx",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The roster template workbook.", body = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), doc::Refusals)
)]
pub async fn template(_host: Host, EventOf(config): EventOf) -> ApiResult<Response> {
    use crate::tables::{Cell, Table};
    let mut rows = roster::template(&config);
    let headers = rows.remove(0);
    let table = Table {
        name: match config.language {
            app::domain::Lang::Zh => "名单".into(),
            app::domain::Lang::En => "Roster".into(),
        },
        headers,
        rows: rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|c| {
                        if c.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(c)
                        }
                    })
                    .collect()
            })
            .collect(),
    };
    let bytes = super::export::xlsx_bytes(&[table])
        .map_err(|e| ApiError::Export(format!("the template was not made: {e}")))?;
    let name = match config.language {
        app::domain::Lang::Zh => "名单模板.xlsx",
        app::domain::Lang::En => "roster-template.xlsx",
    };
    Ok((
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"roster-template.xlsx\"; filename*=UTF-8''{}",
                    percent(name)
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A file name as RFC 5987 writes it.
fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
