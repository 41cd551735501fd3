//! 回头看: the review of the items raised at the sessions before this one, as the big screen
//! shows it before the first presenter is called.
//!
//! The items reviewed are those of the previous event (the one this event was made from by
//! `next`): an item carried into this event counts as it stands here, one not carried (closed
//! or withdrawn before the carry) as it stood there. Items raised at this event are not
//! reviewed. The figures are the domain's (`items::Figures`, `items::InHand`) under this
//! event's item settings, counted on today at the venue.

use super::auth::EventOf;
use super::doc;
use crate::error::ApiResult;
use crate::state::AppState;
use app::domain::items::{Figures, InHand, Item, Unit};
use app::domain::wire::{EventRef, ReviewUnit, ReviewView};
use app::domain::{EventConfig, Id};
use axum::extract::State;
use axum::Json;
use std::collections::BTreeMap;

/// The previous event's items as they stand now: the copy carried into `config`'s event in
/// place of the one left behind.
fn reviewed(state: &AppState, config: &EventConfig, previous: &Id) -> ApiResult<Vec<Item>> {
    let mut items = Vec::new();
    for item in state.store.items(previous)? {
        let here = match item.carried_to() {
            Some(to) if to == &config.id => state.store.item(&config.id, &item.id())?,
            _ => None,
        };
        items.push(here.unwrap_or(item));
    }
    Ok(items)
}

/// One line per unit with items: presenters in this event's speaking order, then any
/// presenter no longer in it (by id), then the city bureau.
fn unit_lines(
    state: &AppState,
    config: &EventConfig,
    previous: Option<&EventConfig>,
    items: &[Item],
) -> ApiResult<Vec<ReviewUnit>> {
    let settings = config.items;
    let today = super::items::today(config);
    let mut by_unit: BTreeMap<&Unit, Vec<&Item>> = BTreeMap::new();
    for item in items {
        by_unit.entry(item.unit()).or_default().push(item);
    }
    let order = state.store.show(config)?.stage.order;
    let mut units: Vec<Unit> = order.into_iter().map(Unit::Presenter).collect();
    let mut others: Vec<Unit> = by_unit
        .keys()
        .map(|&u| u.clone())
        .filter(|u| *u != Unit::Bureau && !units.contains(u))
        .collect();
    others.sort();
    units.extend(others);
    units.push(Unit::Bureau);
    let unit_name = |p: &Id| {
        config
            .presenter(p.as_str())
            .or_else(|| previous.and_then(|c| c.presenter(p.as_str())))
            .map(|p| p.unit.clone())
    };
    Ok(units
        .iter()
        .filter_map(|unit| {
            let items = by_unit.get(unit)?;
            let in_hand = InHand::of(items.iter().copied(), today);
            Some(ReviewUnit {
                presenter: unit.presenter().map(Id::to_string),
                unit_name: unit.presenter().and_then(unit_name),
                figures: Figures::of(items.iter().copied(), &settings).wire(),
                in_progress: in_hand.in_progress,
                overdue: in_hand.overdue,
                due_soon: in_hand.due_soon,
                behind_plan: in_hand.behind_plan,
            })
        })
        .collect())
}

/// `GET /api/v1/events/{event}/review` (anyone: the big screen shows it)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/review",
    tag = "items",
    params(doc::EventPath),
    responses((status = 200, description = "回头看: the figures of the items raised at the previous session (carried ones as they stand in this event), each unit's line in this event's speaking order with the city bureau last, and the representatives' ballot. With no previous session, `previous` is null and the lists are empty.", body = app::domain::wire::ReviewView), doc::Refusals)
)]
pub async fn review(
    State(state): State<AppState>,
    EventOf(config): EventOf,
) -> ApiResult<Json<ReviewView>> {
    let event = EventRef {
        id: config.id.to_string(),
        title: config.title.clone(),
    };
    let Some(lineage) = state.store.lineage(&config.id)? else {
        return Ok(Json(ReviewView {
            event,
            ..ReviewView::default()
        }));
    };
    let previous = state.store.event(lineage.previous.as_str())?;
    let items = reviewed(&state, &config, &lineage.previous)?;
    let in_hand = InHand::of(&items, super::items::today(&config));
    Ok(Json(ReviewView {
        event,
        previous: Some(EventRef {
            id: lineage.previous.to_string(),
            title: previous
                .as_ref()
                .map_or_else(|| lineage.previous.to_string(), |c| c.title.clone()),
        }),
        figures: Figures::of(&items, &config.items).wire(),
        in_progress: in_hand.in_progress,
        overdue: in_hand.overdue,
        units: unit_lines(&state, &config, previous.as_deref(), &items)?,
        ballot: super::ballot::ballot_items(&state, &config)?,
        judges: u32::try_from(config.judges.len()).unwrap_or(u32::MAX),
    }))
}
