//! Looking a receipt up: the host reads what the server recorded under a sequence number,
//! to compare it with the receipt a judge's phone shows.

use super::audit::op_entry;
use super::auth::{EventOf, Host};
use super::doc;
use super::results::review_of;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use app::domain::audit::AuditEntry;
use app::domain::receipt::Receipt;
use app::domain::wire::{ReceiptRecord, SheetCount};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReceiptQuery {
    /// The 8 hex digits a phone shows, to be checked against the record.
    receipt: Option<String>,
}

/// `GET /api/v1/events/{event}/receipts/{server_seq}` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/receipts/{server_seq}",
    tag = "audit",
    security(("host" = [])),
    params(doc::ReceiptPath),
    responses((status = 200, description = "The op recorded under that number, and what became of its sheet.", body = serde_json::Value), doc::Refusals)
)]
pub async fn receipt(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, seq)): Path<(String, String)>,
    query: Result<Query<ReceiptQuery>, QueryRejection>,
) -> ApiResult<Json<ReceiptRecord<AuditEntry>>> {
    let query = super::query_or_400(query)?;
    let seq: u64 = seq
        .trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("'{seq}' is not a sequence number")))?;
    let asked = query
        .receipt
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(Receipt::parse)
        .transpose()
        .map_err(ApiError::BadRequest)?;
    let record = state.store.sync_record_of(&config.id, seq)?;
    let Some((record, op)) = record.as_ref().and_then(|r| {
        r.ops
            .iter()
            .find(|op| op.server_seq == seq)
            .map(|op| (r, op))
    }) else {
        let reveal = state
            .store
            .locks(&config.id)?
            .into_iter()
            .find(|l| l.server_seq == seq);
        return Err(ApiError::NotFound(match reveal {
            Some(l) => format!("#{seq} is the reveal of '{}', not a sheet", l.presenter),
            None => format!("no op has sequence number {seq} in '{}'", config.id),
        }));
    };
    let entry = op_entry(&config, record, op);
    let judge = config.judge(record.judge.as_str());
    let presenter = op
        .sheet
        .as_ref()
        .and_then(|s| config.presenter(s.presenter.as_str()));
    let current = op.sheet.as_ref().is_some_and(|s| {
        state
            .store
            .judge_sheets(&config.id, &record.judge)
            .ok()
            .into_iter()
            .flatten()
            .any(|c| c.presenter == s.presenter && c.server_seq == seq)
    });
    let review = review_of(&state, &config)?;
    let counted = presenter.and_then(|p| {
        let place = review.places.iter().find(|r| r.id == p.id.as_str())?;
        let line = place
            .judges
            .iter()
            .find(|j| j.judge == record.judge.as_str() && j.server_seq == Some(seq));
        Some(line.map_or(SheetCount::NotCounted, |l| l.status.into()))
    });
    let matches = asked.map(|asked| entry.receipt == Some(asked));
    Ok(Json(ReceiptRecord {
        entry,
        server_seq: seq,
        received_at: record.received_at.clone(),
        judge_name: judge.map(|j| j.name.clone()),
        group: judge.map(|j| j.group.to_string()),
        group_name: judge
            .and_then(|j| config.group(j.group.as_str()))
            .map(|g| g.name.clone()),
        presenter_name: presenter.map(|p| p.name.clone()),
        current,
        counted,
        matches,
    }))
}
