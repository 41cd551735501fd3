//! The representatives' vote on items at the 回头看 (rules in `domain/votes.rs`, records in
//! `store/votes.rs`): their vote ops from the phones (`votes`, answered like `sync`), their
//! ballot, the host's close of an item's vote, and the late votes.

use super::auth::{Caller, EventOf, Host};
use super::doc;
use crate::clock::now_rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::limits::MAX_SYNC_BODY;
use crate::state::AppState;
use crate::store::votes::CloseRefusal;
use crate::store::AuditRecord;
use app::domain::audit::AuditAction;
use app::domain::event::{EventConfig, Judge};
use app::domain::items::{Day, Item, Stamp, StepRefusal, Tally, Vote};
use app::domain::sync::{is_uuid, Rejection};
use app::domain::text::cut;
use app::domain::votes::{RecordedVote, SentVote};
use app::domain::wire::{self, Ballot, ItemView, LateVoteEntry, LateVotes, OwnVote, VoteOp};
use app::domain::Id;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

/// The fields of a request's envelope, and of one op.
const ENVELOPE_FIELDS: [&str; 2] = ["device", "ops"];
const OP_FIELDS: [&str; 5] = ["op_id", "item", "rev", "choice", "client_time"];
/// The longest message an op's refusal carries (serde's own may quote the value sent).
const MAX_MESSAGE_CHARS: usize = 200;

/// The judge of this event that the token signs in; the host and units vote on no phone.
fn judge_of(caller: &Caller, config: &EventConfig) -> ApiResult<Judge> {
    match caller {
        Caller::Judge(t) if t.event == config.id => config
            .judge(t.judge.as_str())
            .cloned()
            .ok_or_else(|| ApiError::Forbidden("this judge is no longer in the event".into())),
        Caller::Judge(_) => Err(ApiError::Forbidden(
            "this token belongs to another event".into(),
        )),
        Caller::Host | Caller::Unit(_) => Err(ApiError::Forbidden(
            "the representatives vote with their own links".into(),
        )),
    }
}

/// Reads the request: a device UUID and ops that each carry a UUID `op_id` and only an
/// op's fields (else 400 for the whole request). An op that is otherwise unreadable (no
/// item, a choice that is none of the four) is rejected alone.
fn parse_request(body: &[u8]) -> ApiResult<(String, Vec<SentVote>)> {
    let value: Value = super::body::object(
        body,
        &ENVELOPE_FIELDS,
        "{\"device\": \"…\", \"ops\": [{\"op_id\": \"…\", \"item\": \"2026q2-001\", \"rev\": 1, \"choice\": \"satisfied\"}]}",
    )?;
    let (device, ops) = super::body::device_batch(&value)?;
    let ops = ops
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let op_id = op
                .get("op_id")
                .and_then(Value::as_str)
                .filter(|id| is_uuid(id))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("ops[{i}] needs an \"op_id\" that is a UUID"))
                })?
                .to_ascii_lowercase();
            if let Some(unknown) = super::body::unknown_field(op, &OP_FIELDS) {
                return Err(ApiError::BadRequest(format!(
                    "ops[{i}] has a field \"{unknown}\" a vote op does not have"
                )));
            }
            let op = serde_json::from_value::<VoteOp>(op.clone())
                .map(|mut op| {
                    op.op_id.clone_from(&op_id);
                    op
                })
                .map_err(|e| Rejection {
                    code: "invalid_op".into(),
                    message: cut(
                        &format!("the op is not a vote such as {{\"item\": \"2026q2-001\", \"rev\": 1, \"choice\": \"satisfied\"}}: {e}"),
                        MAX_MESSAGE_CHARS,
                    )
                    .into_owned(),
                });
            Ok(SentVote { op_id, op })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok((device, ops))
}

/// A vote op's result as `sync`'s are answered.
fn wire_result(r: RecordedVote) -> wire::OpResult {
    wire::OpResult {
        error: r.outcome.wire_error(),
        op_id: r.op_id,
        outcome: r.outcome.name().into(),
        server_seq: r.server_seq,
        receipt: None,
    }
}

/// `POST /api/v1/events/{event}/votes` (judge): the representatives' vote ops.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/votes",
    tag = "judges' devices",
    security(("judge" = [])),
    params(doc::EventPath),
    request_body = app::domain::wire::VoteRequest,
    responses((status = 200, description = "Every op's outcome in request order (`applied`, `superseded`, `late` or `rejected` with its `error`; a replayed `op_id` gets its recorded result), durable before this answer.", body = app::domain::wire::SyncResponse), doc::Refusals)
)]
pub async fn votes(
    State(state): State<AppState>,
    caller: Caller,
    EventOf(config): EventOf,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<wire::SyncResponse>> {
    let judge = judge_of(&caller, &config)?;
    let body = body.map_err(|e| match e.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::TooLarge(format!("a request has at most {MAX_SYNC_BODY} bytes"))
        }
        _ => ApiError::BadRequest(e.body_text()),
    })?;
    let (device, ops) = parse_request(&body)?;
    let event = config.id.clone();
    let judge_id = judge.id.clone();
    let seen_device = device.clone();
    let results = state
        .writer
        .apply(move |store| store.apply_votes(&event, &judge, &device, &ops, &now_rfc3339()))
        .await??;
    state.devices.seen(
        config.id.as_str(),
        &seen_device,
        judge_id.as_str(),
        None,
        now_rfc3339(),
    );
    Ok(Json(wire::SyncResponse {
        results: results.into_iter().map(wire_result).collect(),
        server_time: now_rfc3339(),
        round: super::rehearsal::round_info(&state.store.round(&config.id)?),
    }))
}

/// `GET /api/v1/events/{event}/ballot` (judge)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/ballot",
    tag = "judges' devices",
    security(("judge" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The items the representatives vote on, each with whether its vote is open and how many have voted, and this judge's own votes by item id.", body = app::domain::wire::Ballot), doc::Refusals)
)]
pub async fn ballot(
    State(state): State<AppState>,
    caller: Caller,
    EventOf(config): EventOf,
) -> ApiResult<Json<Ballot>> {
    let judge = judge_of(&caller, &config)?;
    let items = super::ballot::ballot_items(&state, &config)?;
    let mut votes = std::collections::BTreeMap::new();
    for item in &items {
        let Ok(id) = Id::parse(&item.id) else {
            continue;
        };
        let Some(found) = state.store.item(&config.id, &id)? else {
            continue;
        };
        let Some(ballot) = state.store.ballot_state(&config.id, &found)?.ballot() else {
            continue;
        };
        let own = state
            .store
            .ballot_votes(&config.id, &id, ballot)?
            .into_iter()
            .find(|v| v.judge == judge.id);
        if let Some(v) = own {
            let vote = OwnVote {
                rev: v.rev,
                device: v.device,
                choice: v.choice,
            };
            votes.insert(item.id.clone(), vote);
        }
    }
    Ok(Json(Ballot {
        items,
        votes,
        server_time: now_rfc3339(),
    }))
}

/// `{event}` and `{id}` (`api/items.rs` calls this module, so it has its own).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ItemPath {
    /// The event's id.
    #[allow(dead_code)]
    event: String,
    /// The item's id: its number in lower case (`2026q2-017`).
    #[allow(dead_code)]
    id: String,
}

/// Today at the event's venue, as `api/items.rs` shows an item's flags for.
fn today(config: &EventConfig) -> Day {
    now().day_at(config.items.utc_offset)
}

/// Now, as the domain dates a step.
fn now() -> Stamp {
    Stamp::parse(&now_rfc3339()).expect("the server's clock writes RFC 3339")
}

fn item_id(id: &str) -> ApiResult<Id> {
    Id::parse(&id.to_ascii_lowercase()).map_err(|_| no_item(id))
}

fn no_item(id: &str) -> ApiError {
    ApiError::NotFound(format!("no item '{}'", cut(id, 64)))
}

fn refused(refusal: StepRefusal) -> ApiError {
    ApiError::Conflict {
        code: refusal.code(),
        message: refusal.to_string(),
    }
}

/// The audit entry of a vote step that closed a ballot: the entry as the item's history
/// shows it, the ballot, and how it was closed.
fn close_audit(item: &Item, ballot: u32, by: &str) -> AuditRecord {
    AuditRecord::host(
        AuditAction::ItemStep.as_str(),
        item.unit().presenter().cloned(),
        json!({
            "item": item.id(),
            "number": item.number(),
            "entry": item.history().last().map(|entry| entry.view()),
            "ballot": ballot,
            "closed_by": by,
        }),
    )
}

/// `POST /api/v1/events/{event}/items/{id}/vote/close` (host): the phones' tally becomes
/// the item's vote.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items/{id}/vote/close",
    tag = "items",
    security(("host" = [])),
    params(ItemPath),
    responses((status = 200, description = "The item after the vote: closed, or reopened when unsatisfied. A vote already closed answers the item unchanged; an item not on the ballot is 409 `not_on_ballot`.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn close(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
) -> ApiResult<Json<ItemView>> {
    let event = config.id.clone();
    let item_id = item_id(&id)?;
    let settings = config.items;
    let item = state
        .writer
        .apply(move |store| {
            store.close_ballot(&event, &item_id, &settings, now(), |item, ballot| {
                close_audit(item, ballot, "phones")
            })
        })
        .await??
        .ok_or_else(|| no_item(&id))?
        .map_err(|refusal| match refusal {
            CloseRefusal::Step(step) => refused(step),
            other => ApiError::Conflict {
                code: other.code(),
                message: other.to_string(),
            },
        })?;
    Ok(Json(item.view(today(&config))))
}

/// A tally typed by hand (`POST …/items/{id}/vote`): the item's vote, which closes its
/// ballot as the host's close does, so paper and phones never both count.
pub(super) async fn by_hand(
    state: &AppState,
    config: &EventConfig,
    id: &str,
    tally: Tally,
) -> ApiResult<Json<ItemView>> {
    let event = config.id.clone();
    let item_id = item_id(id)?;
    let vote = Vote::decide(tally, &config.items);
    let item = state
        .writer
        .apply(move |store| {
            store.vote_by_hand(&event, &item_id, vote, now(), |item, ballot| {
                close_audit(item, ballot, "paper")
            })
        })
        .await??
        .ok_or_else(|| no_item(id))?
        .map_err(refused)?;
    Ok(Json(item.view(today(config))))
}

/// `GET /api/v1/events/{event}/votes/late` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/votes/late",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The votes that came after their item's vote was closed, in the order they came: kept, never counted.", body = app::domain::wire::LateVotes), doc::Refusals)
)]
pub async fn late(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<LateVotes>> {
    let votes = state
        .store
        .late_votes(&config.id)?
        .into_iter()
        .map(|l| LateVoteEntry {
            item: l.item.to_string(),
            judge_name: config
                .judge(l.judge.as_str())
                .map(|j| j.name.clone())
                .unwrap_or_else(|| l.judge.to_string()),
            judge: l.judge.to_string(),
            choice: l.choice,
            received_at: l.received_at,
        })
        .collect();
    Ok(Json(LateVotes { votes }))
}
