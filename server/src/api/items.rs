//! 局长直通车: the follow-up items raised at a session, their steps to closure and their
//! ledger (台账) as CSV and XLSX (the rules in `domain/items.rs`, the records in
//! `store/items.rs`, the ledger's table in `tables.rs`).
//!
//! Every step is the host's for now. The unit responsible may take `reported` and progress
//! notes through its own link once units have tokens: that caller becomes `Actor::Unit` in
//! [`take_step`], whose domain step already refuses what a unit may not take.

use super::auth::{Caller, EventOf, Host};
use super::body::Body;
use super::doc;
use super::export;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::AuditRecord;
use crate::tables::{self, Table};
use app::domain::audit::AuditAction;
use app::domain::items::{
    self, Actor, Change, Day, Item, ItemFlag, ItemNumber, ItemSettings, ItemSource, ItemStatus,
    Stamp, StepRefusal, Transition, Unit,
};
use app::domain::wire::{
    ExtendBody, FlagBody, ItemList, ItemSummary, ItemView, NewItem, NoteBody, TransitionBody,
};
use app::domain::{EventConfig, Id};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

/// `{event}` and `{id}`
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

/// The list's filters; each one left out lets every item through.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ItemQuery {
    /// The unit responsible: a presenter's id, or `bureau` for the city bureau itself.
    unit: Option<String>,
    status: Option<ItemStatus>,
    source: Option<ItemSource>,
    /// `true`: only the items overdue today (at the venue); `false`: only the others.
    overdue: Option<bool>,
}

impl ItemQuery {
    /// The event's items the filters let through, in the order of their numbers; an unknown
    /// presenter in `unit` is 404.
    fn chosen(&self, state: &AppState, config: &EventConfig, today: Day) -> ApiResult<Vec<Item>> {
        let unit = match self.unit.as_deref() {
            None => None,
            Some("bureau") => Some(Unit::Bureau),
            Some(presenter) => Some(Unit::Presenter(super::presenter_or_404(config, presenter)?)),
        };
        let wanted = |item: &Item| {
            unit.as_ref().is_none_or(|u| item.unit() == u)
                && self.status.is_none_or(|s| item.status() == s)
                && self.source.is_none_or(|s| item.facts().source == s)
                && self
                    .overdue
                    .is_none_or(|o| item.flags(today).contains(&ItemFlag::Overdue) == o)
        };
        let mut items = state.store.items(&config.id)?;
        items.retain(wanted);
        Ok(items)
    }
}

/// The ledger's query: the list's filters, and the language of its words. (The list's own
/// query refuses a field it does not know, so `lang` cannot ride along in it.)
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LedgerQuery {
    /// `zh-CN` or `en`; left out, the event's language.
    lang: Option<String>,
    /// The unit responsible: a presenter's id, or `bureau` for the city bureau itself.
    unit: Option<String>,
    status: Option<ItemStatus>,
    source: Option<ItemSource>,
    /// `true`: only the items overdue today (at the venue); `false`: only the others.
    overdue: Option<bool>,
    /// The host's device's offset east of UTC, in minutes, which the host pages' download
    /// button sends with every export. Taken and not used: the ledger's days are the venue's.
    #[allow(dead_code)]
    tz: Option<i32>,
}

impl LedgerQuery {
    /// The filters, and the language asked for.
    fn split(self) -> (ItemQuery, Option<String>) {
        let filters = ItemQuery {
            unit: self.unit,
            status: self.status,
            source: self.source,
            overdue: self.overdue,
        };
        (filters, self.lang)
    }
}

/// An event's item settings (`[items]` in its config).
fn settings(config: &EventConfig) -> ItemSettings {
    config.items
}

/// Now, as the domain dates a step.
fn now() -> Stamp {
    Stamp::parse(&crate::clock::now_rfc3339()).expect("the server's clock writes RFC 3339")
}

/// Today at the event's venue: the day the due-date flags are shown for.
pub(super) fn today(config: &EventConfig) -> Day {
    now().day_at(settings(config).utc_offset)
}

/// The day of the session, which names the quarter of the numbers the server gives: the
/// event's date, or today when it has none.
fn session_day(config: &EventConfig) -> Day {
    config
        .date
        .as_deref()
        .and_then(|date| Day::parse(date).ok())
        .unwrap_or_else(|| today(config))
}

/// The item a path's `{id}` names (the number as written is taken too), or 404.
fn item_id(id: &str) -> ApiResult<Id> {
    Id::parse(&id.to_ascii_lowercase()).map_err(|_| no_item(id))
}

fn no_item(id: &str) -> ApiError {
    let id = app::domain::text::cut(id, app::domain::text::MAX_KEPT_CHARS);
    ApiError::NotFound(format!("no item '{id}'"))
}

fn refused(refusal: StepRefusal) -> ApiError {
    match refusal {
        StepRefusal::NotForUnit { .. } => ApiError::Forbidden(refusal.to_string()),
        // 409 `carried_over`, naming the session the item is followed in.
        StepRefusal::CarriedOver { .. } => ApiError::Conflict {
            code: refusal.code(),
            message: refusal.to_string(),
        },
        _ => ApiError::Conflict {
            code: refusal.code(),
            message: refusal.to_string(),
        },
    }
}

/// `POST /api/v1/events/{event}/items`: raises an item, numbered by the server unless the
/// body gives its number.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath),
    request_body = app::domain::wire::NewItem,
    responses((status = 201, description = "The item raised, assigned to its unit (its `id` is in its paths).", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn raise(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Body(mut body): Body<NewItem>,
) -> ApiResult<(StatusCode, [(HeaderName, String); 1], Json<ItemView>)> {
    let next_number = body.number.trim().is_empty();
    if next_number {
        // Only its quarter counts: the writer gives the number.
        body.number = ItemNumber::in_quarter_of(session_day(&config), 1)
            .map_err(ApiError::BadRequest)?
            .to_string();
    }
    let draft = body.validated(&config).map_err(ApiError::InvalidFields)?;
    let event = config.id.clone();
    let item = state
        .writer
        .apply(move |store| {
            store.raise_item(&event, draft, next_number, now(), |item| {
                AuditRecord::host(
                    AuditAction::RaiseItem.as_str(),
                    item.unit().presenter().cloned(),
                    json!({
                        "item": item.id(),
                        "number": item.number(),
                        "title": item.facts().title,
                        "due": item.due(),
                    }),
                )
            })
        })
        .await??
        .map_err(|refusal| ApiError::Conflict {
            code: refusal.code(),
            message: refusal.to_string(),
        })?;
    let location = format!("/api/v1/events/{}/items/{}", config.id, item.id());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(item.view(today(&config))),
    ))
}

/// `GET /api/v1/events/{event}/items`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/items",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath, ItemQuery),
    responses((status = 200, description = "The event's items the filters let through, in the order of their numbers, each with its history and today's flags.", body = app::domain::wire::ItemList), doc::Refusals)
)]
pub async fn list(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    query: Result<Query<ItemQuery>, QueryRejection>,
) -> ApiResult<Json<ItemList>> {
    let query = super::query_or_400(query)?;
    let today = today(&config);
    let items = query
        .chosen(&state, &config, today)?
        .iter()
        .map(|item| item.view(today))
        .collect();
    Ok(Json(ItemList { items }))
}

/// `GET /api/v1/events/{event}/items/summary`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/items/summary",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The figures of the event's items (closure, on-time and satisfaction rates as four-decimal strings, null when nothing counts towards them), then each unit's, the city bureau first.", body = app::domain::wire::ItemSummary), doc::Refusals)
)]
pub async fn summary(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<ItemSummary>> {
    let items = state.store.items(&config.id)?;
    Ok(Json(items::summary(&items, &settings(&config))))
}

/// The ledger of the items a query lets through and their figures, in its language.
fn ledger(
    state: &AppState,
    config: &EventConfig,
    query: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<(Table, Table)> {
    let (filters, lang) = super::query_or_400(query)?.split();
    let lang = export::language(config, lang.as_deref());
    let today = today(config);
    let items = filters.chosen(state, config, today)?;
    let settings = settings(config);
    Ok((
        tables::item_ledger_table(config, &items, lang, today, &settings),
        tables::item_figures_table(config, &items, lang, &settings),
    ))
}

/// `GET /api/v1/events/{event}/items/ledger.csv`: the ledger (台账), its figures below it.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/items/ledger.csv",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath, LedgerQuery),
    responses((status = 200, description = "The ledger of the items the filters let through, one row each in the order of their numbers, then a blank row and their figures (all of them, then each unit's), as CSV safe to open in Excel or WPS.", body = String, content_type = "text/csv"), doc::Refusals)
)]
pub async fn ledger_csv(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    query: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (ledger, figures) = ledger(&state, &config, query)?;
    let bytes = export::csv_bytes(&tables::with_below(ledger, &figures));
    let name = format!("leitai-{}-items.csv", config.id);
    Ok(export::attachment(export::CSV_TYPE, name, bytes))
}

/// `GET /api/v1/events/{event}/items/ledger.xlsx`: the ledger (台账) and its figures, a
/// worksheet each.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/items/ledger.xlsx",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath, LedgerQuery),
    responses((status = 200, description = "The ledger of the items the filters let through as an Excel workbook: the items on one worksheet, their figures (all of them, then each unit's) on a second.", body = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), doc::Refusals)
)]
pub async fn ledger_xlsx(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    query: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (ledger, figures) = ledger(&state, &config, query)?;
    let bytes = export::xlsx_bytes(&[ledger, figures])
        .map_err(|e| ApiError::Export(format!("the workbook could not be written: {e}")))?;
    let name = format!("leitai-{}-items.xlsx", config.id);
    Ok(export::attachment(export::XLSX_TYPE, name, bytes))
}

/// `GET /api/v1/events/{event}/items/{id}`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/items/{id}",
    tag = "items",
    security(("host" = [])),
    params(ItemPath),
    responses((status = 200, description = "The item, its flags today and its whole history.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn one(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
) -> ApiResult<Json<ItemView>> {
    let item = state
        .store
        .item(&config.id, &item_id(&id)?)?
        .ok_or_else(|| no_item(&id))?;
    Ok(Json(item.view(today(&config))))
}

/// Takes one step of an item through the writer, dated there so that steps are dated in the
/// order they are written: the item after it.
async fn take_step(
    state: &AppState,
    config: &EventConfig,
    id: &str,
    by: Actor,
    change: Change,
) -> ApiResult<Json<ItemView>> {
    let event = config.id.clone();
    let item_id = item_id(id)?;
    let item = state
        .writer
        .apply(move |store| {
            let step = Transition {
                change,
                by,
                at: now(),
            };
            store.step_item(&event, &item_id, step, |item| step_audit(item, by))
        })
        .await??
        .ok_or_else(|| no_item(id))?
        .map_err(refused)?;
    Ok(Json(item.view(today(config))))
}

/// The audit entry of an item's last step: the entry as the item's history shows it.
fn step_audit(item: &Item, by: Actor) -> AuditRecord {
    let mut audit = AuditRecord::host(
        AuditAction::ItemStep.as_str(),
        item.unit().presenter().cloned(),
        json!({
            "item": item.id(),
            "number": item.number(),
            "entry": item.history().last().map(|entry| entry.view()),
        }),
    );
    audit.actor = by.as_str().into();
    audit
}

/// Who takes a step: the host, or the unit the item belongs to, by its own link, which may
/// post progress and report the item done (已反馈), and nothing else (the domain's rule too). The item's unit
/// never changes, so the published copy of the item answers whose it is.
fn actor_for(
    state: &AppState,
    caller: &Caller,
    config: &EventConfig,
    id: &str,
    to: Option<ItemStatus>,
) -> ApiResult<Actor> {
    match caller {
        Caller::Host => Ok(Actor::Host),
        Caller::Unit(token) if token.event == config.id => {
            if to.is_some_and(|to| to != ItemStatus::Reported) {
                return Err(ApiError::Forbidden(
                    "a unit may post progress on its item and report it done; the rest is the host's"
                        .into(),
                ));
            }
            let item = state
                .store
                .item(&config.id, &item_id(id)?)?
                .ok_or_else(|| no_item(id))?;
            let own = match &token.unit {
                Some(p) => Unit::Presenter(p.clone()),
                None => Unit::Bureau,
            };
            if item.unit() != &own {
                return Err(ApiError::Forbidden(
                    "this item belongs to another unit".into(),
                ));
            }
            Ok(Actor::Unit)
        }
        _ => Err(ApiError::Forbidden(
            "this needs the host's token or the item's unit's own link".into(),
        )),
    }
}

/// `POST /api/v1/events/{event}/items/{id}/transitions`: a change of status (the host; or
/// the item's unit, by its own link, to 已反馈).
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items/{id}/transitions",
    tag = "items",
    security(("host" = []), ("unit" = [])),
    params(ItemPath),
    request_body = app::domain::wire::TransitionBody,
    responses((status = 200, description = "The item after the move. A move its path does not take is 409 `bad_transition`; a missing reason or date is 400 with `fields`.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn transition(
    State(state): State<AppState>,
    caller: Caller,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
    Body(body): Body<TransitionBody>,
) -> ApiResult<Json<ItemView>> {
    let by = actor_for(&state, &caller, &config, &id, Some(body.to))?;
    let change = body.validated().map_err(ApiError::InvalidFields)?;
    take_step(&state, &config, &id, by, change).await
}

/// `POST /api/v1/events/{event}/items/{id}/extend`: a later due date, and why.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items/{id}/extend",
    tag = "items",
    security(("host" = [])),
    params(ItemPath),
    request_body = app::domain::wire::ExtendBody,
    responses((status = 200, description = "The item with its new due date.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn extend(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
    Body(body): Body<ExtendBody>,
) -> ApiResult<Json<ItemView>> {
    let change = body.validated().map_err(ApiError::InvalidFields)?;
    take_step(&state, &config, &id, Actor::Host, change).await
}

/// `POST /api/v1/events/{event}/items/{id}/notes`: a progress note (the host, or the
/// item's unit by its own link).
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items/{id}/notes",
    tag = "items",
    security(("host" = []), ("unit" = [])),
    params(ItemPath),
    request_body = app::domain::wire::NoteBody,
    responses((status = 200, description = "The item with the note in its history.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn note(
    State(state): State<AppState>,
    caller: Caller,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
    Body(body): Body<NoteBody>,
) -> ApiResult<Json<ItemView>> {
    let by = actor_for(&state, &caller, &config, &id, None)?;
    let change = body.validated().map_err(ApiError::InvalidFields)?;
    take_step(&state, &config, &id, by, change).await
}

/// `POST /api/v1/events/{event}/items/{id}/behind-plan`: the behind-plan flag set or cleared.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items/{id}/behind-plan",
    tag = "items",
    security(("host" = [])),
    params(ItemPath),
    request_body = app::domain::wire::FlagBody,
    responses((status = 200, description = "The item with its flag.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn flag(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
    Body(body): Body<FlagBody>,
) -> ApiResult<Json<ItemView>> {
    let change = body.validated().map_err(ApiError::InvalidFields)?;
    take_step(&state, &config, &id, Actor::Host, change).await
}

/// `POST /api/v1/events/{event}/items/{id}/vote`: the representatives' votes on an accepted
/// or closed item, which close it or reopen it.
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/items/{id}/vote",
    tag = "items",
    security(("host" = [])),
    params(ItemPath),
    request_body = app::domain::item_terms::Tally,
    responses((status = 200, description = "The item after the vote: closed, or reopened when unsatisfied.", body = app::domain::wire::ItemView), doc::Refusals)
)]
pub async fn vote(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, id)): Path<(String, String)>,
    Body(body): Body<app::domain::item_terms::Tally>,
) -> ApiResult<Json<ItemView>> {
    // It closes the item's ballot too: phone votes after it are late (`api/votes.rs`).
    let tally = body.checked().map_err(ApiError::InvalidFields)?;
    super::votes::by_hand(&state, &config, &id, tally).await
}
