//! The run of show and live news: the host's moves, the public view of the stage, the
//! host's progress grid and previews, and the event stream (`stream` in the contract).

use super::auth::{EventOf, Host};
use super::body::Body as JsonBody;
use super::doc;
use super::results::place_extras;
use crate::error::{ApiError, ApiResult};
use crate::ledger::standing::{placings, standings};
use crate::ledger::LockRecord;
use crate::live::Change;
use crate::state::AppState;
use crate::store::AuditRecord;
use app::domain::audit::AuditAction;
use app::domain::event::EventConfig;
use app::domain::scoring::{presenter_result, Dropped, PresenterResult};
use app::domain::show::{Move, Show};
use app::domain::wire;
use app::domain::Id;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::json;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Submitted sheets for a presenter, against the judges who may score them: counts only.
fn progress_json(
    state: &AppState,
    config: &EventConfig,
    presenter: &Id,
) -> ApiResult<wire::ProgressView> {
    let sheets = state.store.presenter_sheets(&config.id, presenter)?;
    let result = presenter_result(config, presenter, &sheets);
    let eligible = config
        .judges
        .iter()
        .filter(|j| !j.recused.contains(presenter))
        .count();
    let quorum = &result.quorum;
    Ok(wire::ProgressView {
        presenter: presenter.to_string(),
        submitted: quorum.sheets,
        eligible: u32::try_from(eligible).unwrap_or(u32::MAX),
        quorum: wire::QuorumView {
            met: quorum.met,
            sheets: quorum.sheets,
            min_sheets: quorum.min_sheets,
            min_per_group: quorum.min_per_group,
            short_groups: quorum.short_groups.iter().map(Id::to_string).collect(),
            short_group_names: config.group_names(&quorum.short_groups),
        },
    })
}

/// What everyone may see of the stage: the order, who is on, the phase and its clock.
pub fn show_json(state: &AppState, config: &EventConfig, show: &Show) -> ApiResult<wire::ShowView> {
    let now = now_ms();
    let locks = state.store.locks(&config.id)?;
    let stage_presenter = |id: &Id| {
        let revealed = locks.iter().any(|l| &l.presenter == id);
        match config.presenter(id.as_str()) {
            Some(p) => wire::StagePresenter {
                id: p.id.to_string(),
                name: p.name.clone(),
                unit: p.unit.clone(),
                summary: p.summary.clone(),
                revealed,
            },
            None => wire::StagePresenter {
                id: id.to_string(),
                name: String::new(),
                unit: String::new(),
                summary: None,
                revealed,
            },
        }
    };
    let progress = match &show.stage.current {
        Some(p) => Some(progress_json(state, config, p)?),
        None => None,
    };
    let limit = |d: app::domain::event::Duration| i64::from(d.secs()) * 1000;
    let round = state.store.round(&config.id)?;
    Ok(wire::ShowView {
        event: wire::EventRef {
            id: config.id.to_string(),
            title: config.title.clone(),
        },
        version: show.version,
        order: show.stage.order.iter().map(stage_presenter).collect(),
        current: show.stage.current.as_ref().map(stage_presenter),
        phase: show.stage.phase.name().to_string(),
        since_ms: show.stage.since_ms,
        clock: show.clock(config, now),
        limits_ms: wire::PhaseLimits {
            report: limit(config.phases.report),
            defence: limit(config.phases.defence),
            scoring: limit(config.phases.scoring),
        },
        can_undo: !show.undo.is_empty(),
        started: show.started(),
        rehearsal: round.rehearsal,
        round: round.number,
        progress,
        server_ms: now,
        cues_ms: config
            .screen
            .cues
            .iter()
            .map(|&secs| i64::from(secs) * 1000)
            .collect(),
    })
}

/// A result as the room may see it: totals by group, dropped marks, subtotals, final;
/// judges' names only when the event says so. Groups and their marks come in the event's
/// order of groups (the result itself keeps its canonical order, which its hash covers).
pub fn public_result(config: &EventConfig, result: &PresenterResult) -> wire::PublicResult {
    let decimals = config.aggregation.display_decimals;
    let group_name = |g: &Id| {
        config
            .group(g.as_str())
            .map_or(g.to_string(), |g| g.name.clone())
    };
    let place = |g: &Id| {
        config
            .groups
            .iter()
            .position(|x| &x.id == g)
            .unwrap_or(usize::MAX)
    };
    let mut marks: Vec<_> = result.marks.iter().collect();
    marks.sort_by_key(|m| place(&m.group));
    let marks = marks
        .into_iter()
        .map(|m| {
            let judge = config
                .screen
                .show_judge_names
                .then(|| config.judge(m.judge.as_str()).map(|j| j.name.clone()))
                .flatten();
            wire::PublicMark {
                group: m.group.to_string(),
                group_name: group_name(&m.group),
                judge,
                total: m.total,
                total_display: Some(
                    app::domain::exact::Exact::from_score(m.total).display(decimals),
                ),
                dropped: m.dropped.map(|d| {
                    match d {
                        Dropped::Highest => "highest",
                        Dropped::Lowest => "lowest",
                    }
                    .to_string()
                }),
            }
        })
        .collect();
    let mut groups: Vec<_> = result.groups.iter().collect();
    groups.sort_by_key(|g| place(&g.group));
    let groups = groups
        .into_iter()
        .map(|g| wire::PublicGroup {
            group: g.group.to_string(),
            name: group_name(&g.group),
            sheets: g.sheets,
            kept: g.kept,
            subtotal: g.subtotal.map(|s| s.display(decimals)),
        })
        .collect();
    wire::PublicResult {
        marks,
        groups,
        trimmed: result.trimmed,
        final_display: result.final_display.clone(),
        untrimmed_mean: result.untrimmed_mean.map(|m| m.display(decimals)),
    }
}

/// The revealed presenters, ranked, each with its breakdown: the screen's ranking.
pub fn results_json(state: &AppState, config: &EventConfig) -> ApiResult<wire::ResultsView> {
    let locks = state.store.locks(&config.id)?;
    let amendments = state.store.amendments(&config.id)?;
    let standings = standings(&locks, &amendments);
    let mut newest: Option<(&str, &Id)> = None;
    for l in &locks {
        if newest.is_none_or(|(at, _)| l.revealed_at.as_str() > at) {
            newest = Some((l.revealed_at.as_str(), &l.presenter));
        }
    }
    let placings = placings(config, &standings);
    let presenters = placings
        .iter()
        .filter_map(|p| {
            let s = standings.iter().find(|s| s.lock.presenter == p.presenter)?;
            let l = s.lock;
            let named = config.presenter(l.presenter.as_str());
            let extras = place_extras(config, &placings, p);
            Some(wire::RankedPresenter {
                id: l.presenter.to_string(),
                name: named.map(|n| n.name.clone()).unwrap_or_default(),
                unit: named.map(|n| n.unit.clone()).unwrap_or_default(),
                summary: named.and_then(|n| n.summary.clone()),
                final_score: s.final_score(),
                rank: p.place,
                decided_by: p.decided_by.clone(),
                revealed_at: l.revealed_at.clone(),
                forced: l.forced,
                result: public_result(config, s.result()),
                amended: s.latest().is_some(),
                amendments: s.amendments(),
                shared: extras.shared,
                previous_rank: extras.previous_rank,
                rank_change: extras.rank_change,
            })
        })
        .collect();
    let previous = state.store.lineage(&config.id)?.map(|l| l.previous);
    let event = wire::ResultsEvent {
        id: config.id.to_string(),
        title: config.title.clone(),
        date: config.date.clone(),
        language: Some(config.language.tag().to_string()),
        previous_event: previous.as_ref().map(Id::to_string),
        complete: locks.len() == config.presenters.len(),
    };
    Ok(wire::ResultsView {
        presenters,
        latest: newest.map(|(_, p)| p.to_string()),
        event: Some(event),
    })
}

/// `GET /api/v1/events/{event}/ranking`: the revealed presenters with their breakdowns,
/// as the stream's `results` event carries them (the screen's polling fallback).
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/ranking",
    tag = "show",
    params(doc::EventPath),
    responses((status = 200, description = "The ranking as the big screen shows it.", body = app::domain::wire::ResultsView), doc::Refusals)
)]
pub async fn ranking(
    State(state): State<AppState>,
    EventOf(config): EventOf,
) -> ApiResult<Json<wire::ResultsView>> {
    Ok(Json(results_json(&state, &config)?))
}

/// `GET /api/v1/events/{event}/show`: the stage, for anyone (the polling fallback too).
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/show",
    tag = "show",
    params(doc::EventPath),
    responses((status = 200, description = "The run of show: the order, the current presenter, the phase and its clock.", body = app::domain::wire::ShowView), doc::Refusals)
)]
pub async fn get_show(
    State(state): State<AppState>,
    EventOf(config): EventOf,
) -> ApiResult<Json<wire::ShowView>> {
    let show = state.store.show(&config)?;
    Ok(Json(show_json(&state, &config, &show)?))
}

/// `POST /api/v1/events/{event}/show` (host): one move of the run of show.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/show",
    tag = "show",
    security(("host" = [])),
    params(doc::EventPath),
    request_body = app::domain::wire::MoveBody,
    responses((status = 200, description = "The run of show after the move.", body = app::domain::wire::ShowView), doc::Refusals)
)]
pub async fn move_show(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    JsonBody(wire::MoveBody { mv, version }): JsonBody<wire::MoveBody>,
) -> ApiResult<Json<wire::ShowView>> {
    let moving = config.clone();
    let show = state
        .writer
        .apply(move |store| -> ApiResult<Show> {
            let config = moving;
            let mut show = store.head_show(&config)?;
            // A move made on a stage the host's device no longer shows (a second tap,
            // another device's move in between) is refused rather than applied to the
            // wrong stage.
            if version.is_some_and(|v| v != show.version) {
                return Err(ApiError::Conflict {
                    code: "show_moved",
                    message: format!(
                        "the run of show has moved on (version {} now); look again before the next move",
                        show.version
                    ),
                });
            }
            let locks = store.locks(&config.id)?;
            let revealed = |p: &Id| locks.iter().any(|l| &l.presenter == p);
            show.apply(&config, &mv, now_ms(), &revealed)
                .map_err(|e| ApiError::Conflict {
                    code: e.code(),
                    message: e.to_string(),
                })?;
            let action = AuditAction::of_move(&mv);
            let mut detail = json!({"phase": show.stage.phase.name(), "version": show.version});
            if let Move::Reorder { order } = &mv {
                detail["order"] = json!(order);
            }
            let entry = AuditRecord::host(action.as_str(), show.stage.current.clone(), detail);
            store.save_show(&config.id, &show, entry)?;
            Ok(show)
        })
        .await??;
    state.live.publish(config.id.as_str(), Change::Show);
    Ok(Json(show_json(&state, &config, &show)?))
}

/// Marks a reveal in the run of show and the audit log, once (called after the lock is
/// durable, for every answered reveal: a reveal asked again after a failure here still gets
/// its audit entry).
pub async fn note_reveal(
    state: &AppState,
    config: &EventConfig,
    lock: &LockRecord,
) -> ApiResult<()> {
    let (config, lock) = (config.clone(), lock.clone());
    let event = config.id.clone();
    let noted_now = state
        .writer
        .apply(move |store| -> ApiResult<bool> {
            let noted = store.head_audit(&config.id)?.iter().any(|e| {
                e.presenter.as_ref() == Some(&lock.presenter)
                    && matches!(
                        AuditAction::parse(&e.action),
                        Some(AuditAction::Reveal | AuditAction::ForcedReveal)
                    )
            });
            if noted {
                return Ok(false);
            }
            let mut show = store.head_show(&config)?;
            show.revealed(&lock.presenter, now_ms());
            let quorum = &lock.result.quorum;
            let entry = AuditRecord::host(
                AuditAction::of_reveal(lock.forced).as_str(),
                Some(lock.presenter.clone()),
                json!({"final": lock.final_score, "result_hash": lock.result_hash,
                       "server_seq": lock.server_seq, "sheets": quorum.sheets,
                       "min_sheets": quorum.min_sheets, "short_groups": quorum.short_groups}),
            );
            store.save_show(&config.id, &show, entry)?;
            Ok(true)
        })
        .await??;
    if noted_now {
        state.live.publish(event.as_str(), Change::Show);
        state.live.publish(event.as_str(), Change::Results);
    }
    Ok(())
}

/// `GET /api/v1/events/{event}/progress` (host): every judge's sheet state for every
/// presenter, each device's last contact, and the current presenter's quorum.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/progress",
    tag = "show",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Every judge's sheet for every presenter, and each device's last contact.", body = app::domain::wire::ProgressGrid), doc::Refusals)
)]
pub async fn progress(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<wire::ProgressGrid>> {
    let sheets = state.store.event_sheets(&config.id)?;
    // One look-up per cell: the grid costs judges × presenters, whatever the sheets.
    let sheet_of: std::collections::HashMap<(&Id, &Id), &crate::ledger::SheetRecord> = sheets
        .iter()
        .map(|s| ((&s.judge, &s.presenter), s))
        .collect();
    let in_order = config.presenters_in_order();
    let locks = state.store.locks(&config.id)?;
    let judges = config
        .judges
        .iter()
        .map(|j| {
            let cells = in_order
                .iter()
                .map(|p| {
                    let cell = if j.recused.contains(&p.id) {
                        wire::GridCell {
                            state: wire::CellState::Recused,
                            ..wire::GridCell::default()
                        }
                    } else {
                        match sheet_of.get(&(&j.id, &p.id)) {
                            None => wire::GridCell::default(),
                            Some(s) => wire::GridCell {
                                state: if s.submitted {
                                    wire::CellState::Submitted
                                } else {
                                    wire::CellState::InProgress
                                },
                                synced_at: Some(s.updated_at.clone()),
                                server_seq: Some(s.server_seq),
                                receipt: Some(s.receipt),
                            },
                        }
                    };
                    (p.id.to_string(), cell)
                })
                .collect();
            wire::GridJudge {
                id: j.id.to_string(),
                name: j.name.clone(),
                group: j.group.to_string(),
                group_name: config.group(j.group.as_str()).map(|g| g.name.clone()),
                cells,
            }
        })
        .collect();
    let devices = state
        .devices
        .of_event(config.id.as_str())
        .into_iter()
        .map(|(device, seen)| wire::DeviceSeen {
            device,
            judge: seen.judge,
            last_seen: seen.last_seen,
            pending: seen.pending,
        })
        .collect();
    let show = state.store.show(&config)?;
    let current = match &show.stage.current {
        Some(p) => Some(progress_json(&state, &config, p)?),
        None => None,
    };
    let presenters = config
        .presenters_in_order()
        .iter()
        .map(|p| wire::GridPresenter {
            id: p.id.to_string(),
            name: p.name.clone(),
            revealed: locks.iter().any(|l| l.presenter == p.id),
        })
        .collect();
    Ok(Json(wire::ProgressGrid {
        presenters,
        judges,
        devices,
        current,
    }))
}

/// `GET /api/v1/events/{event}/presenters/{presenter}/preview` (host): the result as it
/// would be revealed now. Never published to the screen or the judges.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/presenters/{presenter}/preview",
    tag = "show",
    security(("host" = [])),
    params(doc::PresenterPath),
    responses((status = 200, description = "What the presenter's result would be if revealed now.", body = app::domain::wire::ResultPreview), doc::Refusals)
)]
pub async fn preview(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, presenter)): Path<(String, String)>,
) -> ApiResult<Json<wire::ResultPreview>> {
    let presenter = super::presenter_or_404(&config, &presenter)?;
    let sheets = state.store.presenter_sheets(&config.id, &presenter)?;
    let result = presenter_result(&config, &presenter, &sheets);
    Ok(Json(wire::ResultPreview {
        presenter: presenter.to_string(),
        final_score: result.final_rounded(config.aggregation.display_decimals),
        quorum: result.quorum.clone(),
        breakdown: public_result(&config, &result),
        result,
    }))
}

/// One server-sent event: `data` is compact JSON, so one `data:` line.
fn sse(kind: &str, id: u64, data: &impl serde::Serialize) -> Bytes {
    let data = serde_json::to_string(data).expect("a view serialises");
    Bytes::from(format!("event: {kind}\nid: {id}\ndata: {data}\n\n"))
}

/// The news a change makes, read from the store now.
fn news_events(state: &AppState, config: &EventConfig, change: Change, id: u64) -> Vec<Bytes> {
    let built = match change {
        Change::Show | Change::Progress => state
            .store
            .show(config)
            .map_err(ApiError::from)
            .and_then(|show| show_json(state, config, &show))
            .map(|v| sse("show", id, &v)),
        Change::Results => results_json(state, config).map(|v| sse("results", id, &v)),
    };
    match built {
        Ok(e) => vec![e],
        Err(e) => {
            tracing::warn!(error = %e, "a live update could not be read");
            Vec::new()
        }
    }
}

/// The whole state of the event as of news `id`, shared with every stream that asks at the
/// same news.
fn snapshot(state: &AppState, config: &EventConfig, id: u64) -> VecDeque<Bytes> {
    let frames = state.live.state_as_of(config.id.as_str(), id, || {
        let mut frames = news_events(state, config, Change::Show, id);
        frames.extend(news_events(state, config, Change::Results, id));
        frames
    });
    frames.iter().cloned().collect()
}

/// A comment line that keeps proxies from closing a quiet stream.
const KEEP_ALIVE: &[u8] = b":\n\n";
const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);

/// `GET /api/v1/events/{event}/stream`: the stage and the results as they change. A client
/// that comes back with `Last-Event-ID` gets the current state at once, unless it has it.
/// Each piece of news is read and written once, by the first stream that takes it, and
/// shared by every other: a thousand screens cost one read of the store, not a thousand.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/stream",
    tag = "show",
    params(doc::EventPath),
    responses((status = 200, description = "Server-sent events: `show`, `results` and `progress` as they change.", body = String, content_type = "text/event-stream"), doc::Refusals)
)]
pub async fn stream(
    State(state): State<AppState>,
    EventOf(config): EventOf,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let rx = state.live.subscribe();
    let closing = state.live.closed();
    let current = state.live.current();
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let first = if last_seen == Some(current) {
        VecDeque::new()
    } else {
        snapshot(&state, &config, current)
    };
    let stream = futures::stream::unfold(
        (rx, first, state, config),
        |(mut rx, mut queue, state, config)| async move {
            loop {
                if let Some(frame) = queue.pop_front() {
                    return Some((Ok::<_, Infallible>(frame), (rx, queue, state, config)));
                }
                let news = match tokio::time::timeout(KEEP_ALIVE_EVERY, rx.recv()).await {
                    Err(_) => {
                        let quiet = Bytes::from_static(KEEP_ALIVE);
                        return Some((Ok(quiet), (rx, queue, state, config)));
                    }
                    Ok(news) => news,
                };
                match news {
                    Ok(news) if news.event == config.id.as_str() => {
                        let frames = news
                            .frames
                            .get_or_init(|| news_events(&state, &config, news.change, news.seq));
                        queue.extend(frames.iter().cloned());
                    }
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        queue = snapshot(&state, &config, state.live.current());
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    // At shutdown the stream ends; the client's EventSource reconnects to the next server.
    let stream = futures::StreamExt::take_until(stream, closing);
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
