//! The units' own links (局长直通车): the host lists every unit with its link and issues a
//! new one (the old stops working); a unit signed in with its link reads its own items.
//! What a unit may do to an item (progress notes, 办理中, 已反馈) is in `items.rs`.

use super::auth::{Caller, EventOf, Host};
use super::doc;
use super::host::qr_svg;
use crate::edge::LinkBase;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{unit_key_part, AuditRecord, UnitToken};
use app::domain::audit::AuditAction;
use app::domain::items::Unit;
use app::domain::wire::{UnitLink, UnitLinks, UnitView};
use app::domain::{EventConfig, Id};
use axum::extract::{Path, State};
use axum::Json;
use serde_json::json;

/// The unit a path names: a presenter's id, or `bureau`; 404 for anything else.
fn unit_of(config: &EventConfig, unit: &str) -> ApiResult<Option<Id>> {
    if unit == "bureau" {
        return Ok(None);
    }
    super::presenter_or_404(config, unit).map(Some)
}

fn link_of(
    config: &EventConfig,
    unit: Option<&Id>,
    items: u32,
    token: Option<&UnitToken>,
    base: &str,
) -> UnitLink {
    let presenter = unit.and_then(|p| config.presenter(p.as_str()));
    let url = token.map(|t| format!("{base}/u/{}", t.token));
    UnitLink {
        unit: unit.map(ToString::to_string),
        unit_name: presenter.map(|p| p.unit.clone()),
        presenter_name: presenter.map(|p| p.name.clone()),
        items,
        qr_svg: url.as_deref().map(qr_svg),
        join_url: url,
    }
}

/// `GET /api/v1/events/{event}/units` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/units",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Every unit of the event with its link, if issued, and how many items it answers for.", body = app::domain::wire::UnitLinks), doc::Refusals)
)]
pub async fn units(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    LinkBase(base): LinkBase,
) -> ApiResult<Json<UnitLinks>> {
    let tokens = state.store.unit_tokens(&config.id)?;
    let items = state.store.items(&config.id)?;
    let count = |unit: &Unit| {
        u32::try_from(items.iter().filter(|i| i.unit() == unit).count()).unwrap_or(u32::MAX)
    };
    let token_of = |unit: Option<&Id>| tokens.iter().find(|t| t.unit.as_ref() == unit);
    let mut units: Vec<UnitLink> = config
        .presenters_in_order()
        .into_iter()
        .map(|p| {
            let unit = Some(&p.id);
            link_of(
                &config,
                unit,
                count(&Unit::Presenter(p.id.clone())),
                token_of(unit),
                &base,
            )
        })
        .collect();
    units.push(link_of(
        &config,
        None,
        count(&Unit::Bureau),
        token_of(None),
        &base,
    ));
    Ok(Json(UnitLinks { units }))
}

/// `POST /api/v1/events/{event}/units/{unit}/link` (host): a new link for the unit (a
/// presenter's id, or `bureau`); the one it had stops working at once.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/units/{unit}/link",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath, ("unit" = String, Path, description = "A presenter's id, or `bureau` for the city bureau itself.")),
    responses((status = 200, description = "The unit with its new link.", body = app::domain::wire::UnitLink), doc::Refusals)
)]
pub async fn issue_link(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, unit)): Path<(String, String)>,
    LinkBase(base): LinkBase,
) -> ApiResult<Json<UnitLink>> {
    let unit = unit_of(&config, &unit)?;
    let audit = AuditRecord::host(
        AuditAction::UnitLink.as_str(),
        None,
        json!({"unit": unit_key_part(unit.as_ref())}),
    );
    let (event, of) = (config.id.clone(), unit.clone());
    let record = state
        .writer
        .apply(move |store| store.issue_unit_link(&event, of.as_ref(), audit))
        .await??;
    let wanted = match &unit {
        Some(p) => Unit::Presenter(p.clone()),
        None => Unit::Bureau,
    };
    let items = state
        .store
        .items(&config.id)?
        .iter()
        .filter(|i| i.unit() == &wanted)
        .count();
    Ok(Json(link_of(
        &config,
        unit.as_ref(),
        u32::try_from(items).unwrap_or(u32::MAX),
        Some(&record),
        &base,
    )))
}

/// `GET /api/v1/unit` (a unit's token): the unit's own items, newest state, with history.
#[utoipa::path(
    get,
    path = "/api/v1/unit",
    tag = "items",
    security(("unit" = [])),
    responses((status = 200, description = "The unit's own items in the event its link is for.", body = app::domain::wire::UnitView), doc::Refusals)
)]
pub async fn unit_view(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<UnitView>> {
    let Caller::Unit(token) = caller else {
        return Err(ApiError::Forbidden("this needs a unit's link".into()));
    };
    let config = super::event_or_404(&state, token.event.as_str())?;
    let wanted = match &token.unit {
        Some(p) => Unit::Presenter(p.clone()),
        None => Unit::Bureau,
    };
    let today = super::items::today(&config);
    let items = state
        .store
        .items(&config.id)?
        .iter()
        .filter(|i| i.unit() == &wanted)
        .map(|i| i.view(today))
        .collect();
    Ok(Json(UnitView {
        event: config.id.to_string(),
        event_title: config.title.clone(),
        unit: token.unit.as_ref().map(ToString::to_string),
        unit_name: token
            .unit
            .as_ref()
            .and_then(|p| config.presenter(p.as_str()))
            .map(|p| p.unit.clone()),
        items,
    }))
}
