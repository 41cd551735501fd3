//! The audit log for the host: every op a judge's device sent, with its outcome, device and
//! times, and every host action, oldest first; filtered, paged, or as CSV. It is read from
//! the append-only sync log and audit entries, and nothing here writes.

use super::auth::{EventOf, Host};
use super::doc;
use super::export::{attachment, csv_bytes, language, CSV_TYPE};
use crate::error::{ApiError, ApiResult};
use crate::ledger::{OpRecord, SyncRecord};
use crate::state::AppState;
use crate::store::AuditRecord;
use app::domain::audit::{AuditAction, AuditEntry, AuditKind, AuditPage};
use app::domain::event::EventConfig;
use app::domain::sync::Outcome;
use app::domain::wire::WireError;
use app::domain::Score;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// An op of the sync log as an audit line.
pub fn op_entry(config: &EventConfig, record: &SyncRecord, op: &OpRecord) -> AuditEntry {
    let body = &op.body;
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    let (presenter, rev, submitted) = match &op.sheet {
        Some(s) => (
            Some(s.presenter.to_string()),
            Some(s.rev),
            Some(s.submitted),
        ),
        None => (
            text("presenter"),
            body.get("rev").and_then(Value::as_u64),
            body.get("submitted").and_then(Value::as_bool),
        ),
    };
    let total = op.sheet.as_ref().and_then(|s| {
        config.criteria.iter().try_fold(Score::ZERO, |sum, c| {
            sum.checked_add(s.values.get(&c.id).copied().flatten()?)
        })
    });
    let receipt = op.sheet.as_ref().map(|s| {
        s.receipt(
            &config.id,
            &record.judge,
            &record.device,
            &op.op_id,
            op.server_seq,
        )
    });
    let error = match &op.outcome {
        Outcome::Rejected { error } => Some(WireError {
            code: error.code.clone(),
            message: error.message.clone(),
        }),
        _ => None,
    };
    AuditEntry {
        kind: AuditKind::Op,
        seq: op.server_seq,
        at: record.received_at.clone(),
        action: AuditAction::Sync.as_str().into(),
        actor: record.judge.to_string(),
        judge: Some(record.judge.to_string()),
        presenter,
        device: Some(record.device.clone()),
        outcome: Some(op.outcome.name().into()),
        error,
        op_id: Some(op.op_id.clone()),
        rev,
        values: body.get("values").cloned(),
        submitted,
        total,
        receipt,
        client_time: text("client_time"),
        paper: record.paper.as_ref().map(|p| p.entered_by.clone()),
        detail: Value::Null,
        n: 0,
    }
}

fn host_entry(record: AuditRecord) -> AuditEntry {
    AuditEntry {
        kind: AuditKind::Host,
        seq: record.seq,
        at: record.at,
        judge: record
            .detail
            .get("judge")
            .and_then(Value::as_str)
            .map(str::to_string),
        action: record.action,
        actor: record.actor,
        presenter: record.presenter.map(|p| p.to_string()),
        device: None,
        outcome: None,
        error: None,
        op_id: None,
        rev: None,
        values: None,
        submitted: None,
        total: None,
        receipt: None,
        client_time: None,
        paper: None,
        detail: record.detail,
        n: 0,
    }
}

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// Every entry of an event's audit log, oldest first (by the server's clock; ops before host
/// actions of the same instant; then by number).
pub fn entries(state: &AppState, config: &EventConfig) -> ApiResult<Vec<AuditEntry>> {
    let log = state.store.sync_log(&config.id)?;
    let mut all: Vec<AuditEntry> = log
        .iter()
        .flat_map(|record| record.ops.iter().map(move |op| (record, op)))
        .map(|(record, op)| op_entry(config, record, op))
        .collect();
    all.extend(state.store.audit(&config.id)?.into_iter().map(host_entry));
    all.sort_by_cached_key(|e| {
        let kind = match e.kind {
            AuditKind::Op => 0,
            AuditKind::Host => 1,
        };
        (parse_time(&e.at), kind, e.seq)
    });
    for (i, e) in all.iter_mut().enumerate() {
        e.n = i as u64 + 1;
    }
    Ok(all)
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    /// `op` or `host`.
    kind: Option<String>,
    judge: Option<String>,
    presenter: Option<String>,
    device: Option<String>,
    /// A host action (`amend`, `reveal`, …), or `sync` for ops.
    action: Option<String>,
    /// An op's outcome.
    outcome: Option<String>,
    /// RFC 3339: entries at or after this time.
    since: Option<String>,
    /// RFC 3339: entries before this time.
    until: Option<String>,
    #[serde(default)]
    offset: u64,
    limit: Option<u64>,
    /// `csv` for a download.
    format: Option<String>,
    lang: Option<String>,
    /// For the CSV: the reader's zone, minutes east of UTC.
    tz: Option<i32>,
}

/// The filters of a query, read: a bad value is refused, never ignored.
struct Filter {
    kind: Option<AuditKind>,
    since: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
}

fn filter_of(query: &AuditQuery) -> ApiResult<Filter> {
    let time = |name: &str, value: &Option<String>| -> ApiResult<Option<OffsetDateTime>> {
        value
            .as_deref()
            .map(|t| {
                parse_time(t).ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "{name} must be an RFC 3339 time such as 2026-07-06T14:00:00Z"
                    ))
                })
            })
            .transpose()
    };
    let kind =
        match query.kind.as_deref() {
            None | Some("") => None,
            Some(k) => Some(AuditKind::parse(k).ok_or_else(|| {
                ApiError::BadRequest(format!("kind is 'op' or 'host', not '{k}'"))
            })?),
        };
    Ok(Filter {
        kind,
        since: time("since", &query.since)?,
        until: time("until", &query.until)?,
    })
}

fn matches(e: &AuditEntry, query: &AuditQuery, filter: &Filter) -> bool {
    let same = |want: &Option<String>, have: &Option<String>| {
        want.as_deref()
            .is_none_or(|w| w.is_empty() || have.as_deref() == Some(w))
    };
    let at = parse_time(&e.at);
    filter.kind.is_none_or(|k| k == e.kind)
        && same(&query.judge, &e.judge)
        && same(&query.presenter, &e.presenter)
        && same(&query.device, &e.device)
        && same(&query.action, &Some(e.action.clone()))
        && same(&query.outcome, &e.outcome)
        && filter.since.is_none_or(|s| at.is_some_and(|at| at >= s))
        && filter.until.is_none_or(|u| at.is_some_and(|at| at < u))
}

/// `GET /api/v1/events/{event}/audit` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/audit",
    tag = "audit",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The audit log, filtered by the query (`kind`, `judge`, `presenter`, `device`, `action`, `outcome`, `since`, `until`, `format=csv`).", content_type = "application/json"), doc::Refusals)
)]
pub async fn audit(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = super::query_or_400(query)?;
    let filter = filter_of(&query)?;
    let matching: Vec<AuditEntry> = entries(&state, &config)?
        .into_iter()
        .filter(|e| matches(e, &query, &filter))
        .collect();
    let total = matching.len() as u64;
    let page: Vec<AuditEntry> = matching
        .into_iter()
        .skip(query.offset as usize)
        .take(query.limit.map_or(usize::MAX, |l| l as usize))
        .collect();
    match query.format.as_deref() {
        None | Some("") | Some("json") => Ok(Json(AuditPage {
            audit: page,
            total,
            offset: query.offset,
        })
        .into_response()),
        Some("csv") => {
            let lang = language(&config, query.lang.as_deref());
            let clock = super::export::clock_of(query.tz)?;
            let table = crate::tables::audit_table(&page, lang, clock);
            Ok(attachment(
                CSV_TYPE,
                format!("leitai-{}-audit.csv", config.id),
                csv_bytes(&table),
            ))
        }
        Some(other) => Err(ApiError::BadRequest(format!(
            "format is 'json' or 'csv', not '{other}'"
        ))),
    }
}
