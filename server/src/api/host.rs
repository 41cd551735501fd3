//! Host-only endpoints.

use super::auth::{EventOf, Host};
use super::body::Body;
use super::doc;
use crate::edge::LinkBase;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::AuditRecord;
use app::domain::audit::AuditAction;
use app::domain::wire;
use app::domain::wire::{
    EventRef, JudgeCard, JudgeCards, JudgeLink, JudgeLinks, LateEntry, LateList, NamedValue,
    QuorumRefusal, ReissuedLink, RevealedLock,
};
use app::domain::{Id, Score};
use axum::extract::{Path, State};
use axum::Json;
use serde_json::json;

/// `GET /api/v1/events/{event}/judges`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/judges",
    tag = "judges",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Every judge with their sign-in link.", body = app::domain::wire::JudgeLinks), doc::Refusals)
)]
pub async fn judges(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    LinkBase(base): LinkBase,
) -> ApiResult<Json<JudgeLinks>> {
    Ok(Json(JudgeLinks {
        judges: judge_links(&state, &config, &base)?,
    }))
}

/// Every judge of the event with the link that signs their device in.
pub fn judge_links(
    state: &AppState,
    config: &app::domain::EventConfig,
    base: &str,
) -> ApiResult<Vec<JudgeLink>> {
    let tokens = state.store.judge_tokens(config.id.as_str())?;
    Ok(config
        .judges
        .iter()
        .filter_map(|j| {
            let token = tokens.iter().find(|t| t.judge == j.id)?;
            Some(JudgeLink {
                id: j.id.to_string(),
                name: j.name.clone(),
                group: j.group.to_string(),
                token: token.token.clone(),
                join_url: format!("{base}/j/{}", token.token),
            })
        })
        .collect())
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/reveal`
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/presenters/{presenter}/reveal",
    tag = "results",
    security(("host" = [])),
    params(doc::PresenterPath),
    request_body = app::domain::wire::RevealBody,
    responses((status = 200, description = "The presenter's result, locked (the same lock for every repeat).", body = app::domain::wire::RevealedLock), doc::Refusals)
)]
pub async fn reveal(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, presenter)): Path<(String, String)>,
    Body(body): Body<wire::RevealBody>,
) -> ApiResult<Json<RevealedLock>> {
    let presenter = super::presenter_or_404(&config, &presenter)?;
    let at = crate::clock::now_rfc3339();
    let req = crate::store::RevealRequest {
        event: config.clone(),
        presenter: presenter.clone(),
        force: body.force,
        at: at.clone(),
    };
    match state.writer.reveal(req).await? {
        Ok(lock) => {
            super::show::note_reveal(&state, &config, &lock).await?;
            Ok(Json(RevealedLock {
                presenter: lock.presenter.to_string(),
                final_score: lock.final_score,
                rank: lock.rank,
                result: lock.result,
                result_hash: lock.result_hash,
                revealed_at: lock.revealed_at,
                server_seq: lock.server_seq,
                forced: lock.forced,
            }))
        }
        Err(quorum) => Err(ApiError::ConflictWith {
            code: "quorum_not_met",
            quorum: QuorumRefusal {
                sheets: quorum.sheets,
                min_sheets: quorum.min_sheets,
                short_groups: quorum.short_groups.iter().map(Id::to_string).collect(),
                short_group_names: config.group_names(&quorum.short_groups),
            },
            message: format!(
                "{} of {} sheets needed{}; reveal with {{\"force\": true}} to override",
                quorum.sheets,
                quorum.min_sheets,
                if quorum.short_groups.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", and groups {} are short",
                        quorum
                            .short_groups
                            .iter()
                            .map(|g| g.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
        }),
    }
}

/// `GET /api/v1/events/{event}/late`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/late",
    tag = "results",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Sheets that arrived after their presenter's reveal: kept, not counted.", body = app::domain::wire::LateList), doc::Refusals)
)]
pub async fn late(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<LateList>> {
    let amendments = state.store.amendments(&config.id)?;
    let late = state
        .store
        .late(&config.id)?
        .into_iter()
        .map(|l| {
            let judge = config.judge(l.judge.as_str());
            let group = judge.and_then(|j| config.group(j.group.as_str()));
            let presenter = config.presenter(l.presenter.as_str());
            let named_values = config
                .criteria
                .iter()
                .map(|c| NamedValue {
                    criterion: c.id.to_string(),
                    name: c.name.clone(),
                    value: l.values.get(&c.id).copied().flatten(),
                })
                .collect();
            let total = config.criteria.iter().try_fold(Score::ZERO, |sum, c| {
                sum.checked_add(l.values.get(&c.id).copied().flatten()?)
            });
            let counted_in = amendments
                .iter()
                .find(|a| a.presenter == l.presenter && a.include_late.contains(&l.op_id))
                .map(|a| a.n);
            LateEntry {
                judge_name: judge.map(|j| j.name.clone()),
                group_name: group.map(|g| g.name.clone()),
                presenter_name: presenter
                    .map(|p| if p.unit.is_empty() { &p.name } else { &p.unit }.clone()),
                named_values,
                total,
                counted_in,
                op_id: l.op_id,
                judge: l.judge.to_string(),
                presenter: l.presenter.to_string(),
                values: l
                    .values
                    .into_iter()
                    .map(|(c, v)| (c.to_string(), v))
                    .collect(),
                submitted: l.submitted,
                received_at: l.received_at,
                server_seq: l.server_seq,
                receipt: Some(l.receipt),
                note: l.note.map(String::from),
            }
        })
        .collect();
    Ok(Json(LateList { late }))
}

/// A join link as a QR code, in SVG.
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

/// `GET /api/v1/events/{event}/judge-cards` (host): each judge's link with its QR code,
/// for the printed sheet on the judges' table.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/judge-cards",
    tag = "judges",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Every judge's link with its QR code, for printing.", body = app::domain::wire::JudgeCards), doc::Refusals)
)]
pub async fn judge_cards(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    LinkBase(base): LinkBase,
) -> ApiResult<Json<JudgeCards>> {
    let tokens = state.store.judge_tokens(config.id.as_str())?;
    let judges = config
        .judges
        .iter()
        .filter_map(|j| {
            let token = tokens.iter().find(|t| t.judge == j.id)?;
            let url = format!("{base}/j/{}", token.token);
            Some(JudgeCard {
                id: j.id.to_string(),
                name: j.name.clone(),
                group: j.group.to_string(),
                group_name: config.group(j.group.as_str()).map(|g| g.name.clone()),
                qr_svg: qr_svg(&url),
                join_url: url,
            })
        })
        .collect();
    Ok(Json(JudgeCards {
        event: EventRef {
            id: config.id.to_string(),
            title: config.title.clone(),
        },
        judges,
    }))
}

/// `POST /api/v1/events/{event}/judges/{judge}/reissue` (host): the old link stops
/// working at once; the judge's scores are untouched and sync again from the new link.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/judges/{judge}/reissue",
    tag = "judges",
    security(("host" = [])),
    params(doc::JudgePath),
    responses((status = 200, description = "A new link for the judge; the old one stops working.", body = app::domain::wire::ReissuedLink), doc::Refusals)
)]
pub async fn reissue(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, judge)): Path<(String, String)>,
    LinkBase(base): LinkBase,
) -> ApiResult<Json<ReissuedLink>> {
    let judge = config
        .judge(&judge)
        .map(|j| j.id.clone())
        .ok_or_else(|| ApiError::NotFound(format!("no judge '{judge}'")))?;
    let audit = AuditRecord::host(
        AuditAction::ReissueLink.as_str(),
        None,
        json!({"judge": judge}),
    );
    let (event, of) = (config.id.clone(), judge.clone());
    let record = state
        .writer
        .apply(move |store| store.reissue_token(&event, &of, audit))
        .await??
        .ok_or_else(|| ApiError::NotFound(format!("judge '{judge}' has no link")))?;
    let url = format!("{base}/j/{}", record.token);
    Ok(Json(ReissuedLink {
        id: judge.to_string(),
        token: record.token,
        qr_svg: qr_svg(&url),
        join_url: url,
    }))
}
