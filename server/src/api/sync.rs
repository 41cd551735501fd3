//! The judge's endpoints: `sync` (ops in, outcomes out) and `state` (rebuild a device).

use super::auth::{Caller, EventOf};
use super::doc;
use crate::clock::now_rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::limits::MAX_SYNC_BODY;
use crate::state::AppState;
use crate::store::SyncRequest;
use app::domain::event::{EventConfig, Judge};
use app::domain::sync::{is_uuid, RawOp, OP_FIELDS};
use app::domain::wire;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub struct JudgeQuery {
    /// The judge a host acts as.
    judge: Option<String>,
    /// The device asking, so the host sees its last contact.
    device: Option<String>,
    /// What that device still holds unsent (beyond the contract).
    pending: Option<u64>,
}

/// The judge a request is for: the token's own judge, or the one a host names.
fn judge_for(caller: &Caller, config: &EventConfig, query: &JudgeQuery) -> ApiResult<Judge> {
    match caller {
        Caller::Judge(t) if t.event == config.id => config
            .judge(t.judge.as_str())
            .cloned()
            .ok_or_else(|| ApiError::Forbidden("this judge is no longer in the event".into())),
        Caller::Judge(_) => Err(ApiError::Forbidden(
            "this token belongs to another event".into(),
        )),
        Caller::Unit(_) => Err(ApiError::Forbidden(
            "a unit's link signs in to its follow-up items only".into(),
        )),
        Caller::Host => {
            let id = query.judge.as_deref().ok_or_else(|| {
                ApiError::BadRequest("the host must name a judge with ?judge=".into())
            })?;
            config
                .judge(id)
                .cloned()
                .ok_or_else(|| ApiError::NotFound(format!("no judge '{id}'")))
        }
    }
}

/// The fields of the request envelope (`pending` is beyond the contract).
const ENVELOPE_FIELDS: [&str; 3] = ["device", "ops", "pending"];

/// Each op of the request as its own JSON text, for the numbers' literals.
#[derive(Deserialize)]
struct OpTexts<'a> {
    #[serde(borrow)]
    ops: Vec<&'a serde_json::value::RawValue>,
}

/// Reads the request envelope: a device UUID and ops that each carry a UUID `op_id` and
/// only the contract's fields, and what the device says it still has pending (beyond the
/// contract; optional). Each op keeps its numbers' own text (see `RawOp::literals`).
fn parse_envelope(body: &[u8]) -> ApiResult<(String, Vec<RawOp>, Option<u64>)> {
    let value: Value =
        super::body::object(body, &ENVELOPE_FIELDS, "{\"device\": \"…\", \"ops\": […]}")?;
    let (device, ops) = super::body::device_batch(&value)?;
    let texts: OpTexts<'_> = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the ops are not readable: {e}")))?;
    let ops = ops
        .iter()
        .zip(texts.ops)
        .enumerate()
        .map(|(i, (op, text))| {
            let op_id = op
                .get("op_id")
                .and_then(Value::as_str)
                .filter(|id| is_uuid(id))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("ops[{i}] needs an \"op_id\" that is a UUID"))
                })?;
            if let Some(unknown) = super::body::unknown_field(op, &OP_FIELDS) {
                return Err(ApiError::BadRequest(format!(
                    "ops[{i}] has a field \"{unknown}\" an op does not have"
                )));
            }
            Ok(RawOp::with_text(
                op_id.to_ascii_lowercase(),
                op.clone(),
                text.get(),
            ))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let pending = value.get("pending").and_then(Value::as_u64);
    Ok((device, ops, pending))
}

/// An op's result as the contract answers it.
pub fn wire_result(r: crate::store::OpResult) -> wire::OpResult {
    wire::OpResult {
        error: r.outcome.wire_error(),
        op_id: r.op_id,
        outcome: r.outcome.name().into(),
        server_seq: r.server_seq,
        receipt: r.receipt,
    }
}

/// `POST /api/v1/events/{event}/sync`
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/sync",
    tag = "judges' devices",
    security(("host" = []), ("judge" = [])),
    params(doc::EventPath),
    request_body = app::domain::wire::SyncRequest,
    responses((status = 200, description = "Every op's outcome, durable before this answer.", body = app::domain::wire::SyncResponse), doc::Refusals)
)]
pub async fn sync(
    State(state): State<AppState>,
    caller: Caller,
    EventOf(config): EventOf,
    Query(query): Query<JudgeQuery>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<wire::SyncResponse>> {
    let judge = judge_for(&caller, &config, &query)?;
    let body = body.map_err(|e| match e.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::TooLarge(format!("a request has at most {MAX_SYNC_BODY} bytes"))
        }
        _ => ApiError::BadRequest(e.body_text()),
    })?;
    let (device, ops, pending) = parse_envelope(&body)?;
    let event_id = config.id.clone();
    let judge_id = judge.id.clone();
    let req = SyncRequest {
        event: config,
        judge,
        device: device.clone(),
        ops,
        received_at: now_rfc3339(),
        paper: None,
    };
    let results = state
        .writer
        .sync(req)
        .await?
        .map_err(|refusal| ApiError::Conflict {
            code: refusal.code(),
            message: refusal.to_string(),
        })?;
    state.devices.seen(
        event_id.as_str(),
        &device,
        judge_id.as_str(),
        pending,
        now_rfc3339(),
    );
    state.progress.mark(event_id.as_str());
    let results = results.into_iter().map(wire_result).collect();
    Ok(Json(wire::SyncResponse {
        results,
        server_time: now_rfc3339(),
        round: super::rehearsal::round_info(&state.store.round(&event_id)?),
    }))
}

/// `GET /api/v1/events/{event}/state`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/state",
    tag = "judges' devices",
    security(("host" = []), ("judge" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The event as a judge's device needs it, with the server's copy of that judge's sheets.", body = app::domain::wire::State), doc::Refusals)
)]
pub async fn state(
    State(state): State<AppState>,
    caller: Caller,
    EventOf(config): EventOf,
    Query(query): Query<JudgeQuery>,
) -> ApiResult<Json<wire::State>> {
    let judge = judge_for(&caller, &config, &query)?;
    if let Some(device) = query.device.as_deref().filter(|d| is_uuid(d)) {
        let device = device.to_ascii_lowercase();
        state.devices.seen(
            config.id.as_str(),
            &device,
            judge.id.as_str(),
            query.pending,
            now_rfc3339(),
        );
    }
    let criteria = config
        .criteria
        .iter()
        .map(|c| wire::CriterionInfo {
            id: c.id.to_string(),
            name: c.name.clone(),
            min: c.min,
            max: c.max,
            step: c.step,
            description: c.description.clone(),
        })
        .collect();
    let presenters = config
        .presenters_in_order()
        .iter()
        .map(|p| wire::PresenterInfo {
            id: p.id.to_string(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            order: p.order,
            summary: p.summary.clone(),
        })
        .collect();
    let sheets = state
        .store
        .judge_sheets(&config.id, &judge.id)?
        .into_iter()
        .map(|s| {
            let sheet = wire::ServerSheet {
                rev: s.rev,
                device: s.device,
                values: s
                    .values
                    .into_iter()
                    .map(|(c, v)| (c.to_string(), v))
                    .collect(),
                submitted: s.submitted,
                server_seq: s.server_seq,
                receipt: Some(s.receipt),
                note: s.note.map(String::from),
            };
            (s.presenter.to_string(), sheet)
        })
        .collect();
    let locks = state
        .store
        .locks(&config.id)?
        .into_iter()
        .map(|l| {
            let lock = wire::LockInfo {
                counted: l.result.marks.iter().any(|m| m.judge == judge.id),
                revealed_at: l.revealed_at,
                result_hash: l.result_hash,
                final_score: l.final_score,
            };
            (l.presenter.to_string(), lock)
        })
        .collect();
    let group_name = config.group(judge.group.as_str()).map(|g| g.name.clone());
    let now_on = state
        .store
        .current_event()?
        .filter(|current| current.id != config.id)
        .map(|current| wire::EventRef {
            id: current.id.to_string(),
            title: current.title.clone(),
        });
    Ok(Json(wire::State {
        event: wire::EventInfo {
            id: config.id.to_string(),
            title: config.title.clone(),
            language: Some(config.language.tag().to_string()),
            criteria,
            presenters,
        },
        judge: wire::JudgeInfo {
            id: judge.id.to_string(),
            name: judge.name.clone(),
            group: judge.group.to_string(),
            group_name,
            recused: judge.recused.iter().map(|r| r.to_string()).collect(),
        },
        sheets,
        locks,
        server_seq: state.store.server_seq(config.id.as_str())?,
        server_time: now_rfc3339(),
        round: super::rehearsal::round_info(&state.store.round(&config.id)?),
        now_on,
    }))
}
