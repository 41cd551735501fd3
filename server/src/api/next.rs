//! The next quarter: a new event made from a finished one, with the same groups, judges and
//! criteria and the presenters speaking in the order of this ranking.
//!
//! The judges get new sign-in links: a token signs in one judge of one event (a phone finds
//! its event from the token alone), and last quarter's links, printed and handed around,
//! should not open this quarter's sheets. The host prints the new links as before.
//!
//! Every open item (局长直通车: all but closed and withdrawn) is carried over into the new
//! event in the same transaction (`Store::create_next_event_carrying`), with one audit
//! entry in the new event naming them. A `next` sent again meets `event_exists` and
//! carries nothing twice; a `next` to another id carries only what was not carried yet.

use super::auth::{EventOf, Host};
use super::body::Body;
use super::doc;
use crate::error::{ApiError, ApiResult};
use crate::ledger::standing::{placings, standings};
use crate::state::AppState;
use crate::store::{AuditRecord, ImportRefusal, Lineage};
use app::domain::audit::AuditAction;
use app::domain::event::{ConfigError, ConfigErrors, EventConfig};
use app::domain::items;
use app::domain::wire;
use app::domain::wire::{NextPresenter, NextQuarter};
use app::domain::Id;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The next quarter's config: presenters by place (a shared place keeps this event's speaking
/// order), each with this place as `last_rank`; presenters not revealed follow, in speaking
/// order, with no last rank. Their summaries describe this quarter, so they are left out.
pub fn next_config(
    config: &EventConfig,
    order: &[Id],
    places: &[(Id, u32)],
    id: Id,
    title: String,
    date: Option<String>,
) -> EventConfig {
    let position = |p: &Id| order.iter().position(|o| o == p).unwrap_or(usize::MAX);
    let mut ranked: Vec<(Option<u32>, usize, Id)> = config
        .presenters
        .iter()
        .map(|p| {
            let place = places.iter().find(|(id, _)| id == &p.id).map(|(_, n)| *n);
            (place, position(&p.id), p.id.clone())
        })
        .collect();
    ranked.sort_by_key(|(place, pos, id)| (place.is_none(), *place, *pos, id.clone()));
    let presenters = ranked
        .iter()
        .enumerate()
        .filter_map(|(i, (place, _, id))| {
            let mut p = config.presenter(id.as_str())?.clone();
            p.order = Some(i as u32 + 1);
            p.last_rank = *place;
            p.summary = None;
            Some(p)
        })
        .collect();
    EventConfig {
        id,
        title,
        date,
        presenters,
        ..config.clone()
    }
}

/// `POST /api/v1/events/{event}/next` (host)
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/next",
    tag = "events",
    security(("host" = [])),
    params(doc::EventPath),
    request_body = app::domain::wire::NextBody,
    responses((status = 201, description = "The next quarter's event, made from this one's ranking.", body = app::domain::wire::NextQuarter), doc::Refusals)
)]
pub async fn next(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Body(body): Body<wire::NextBody>,
) -> ApiResult<Response> {
    let field = |field: &str, message: String| {
        ApiError::InvalidConfig(ConfigErrors(vec![ConfigError::new(field, message)]))
    };
    let id = Id::parse(body.id.trim()).map_err(|e| field("id", e))?;
    let locks = state.store.locks(&config.id)?;
    let amendments = state.store.amendments(&config.id)?;
    let standings = standings(&locks, &amendments);
    let places: Vec<(Id, u32)> = placings(&config, &standings)
        .into_iter()
        .map(|p| (p.presenter, p.place))
        .collect();
    let unrevealed: Vec<&str> = config
        .presenters_in_order()
        .into_iter()
        .filter(|p| !places.iter().any(|(id, _)| id == &p.id))
        .map(|p| p.id.as_str())
        .collect();
    if !unrevealed.is_empty() && !body.force {
        return Err(ApiError::Conflict {
            code: "not_finished",
            message: format!(
                "{} presenter(s) are not revealed yet ({}); reveal them, or send \"force\": true to have them speak last",
                unrevealed.len(),
                unrevealed.join(", ")
            ),
        });
    }
    let order = state.store.show(&config)?.stage.order;
    let title = body.title.unwrap_or_default().trim().to_string();
    let next = next_config(&config, &order, &places, id, title, body.date)
        .validated()
        .map_err(ApiError::InvalidConfig)?;
    let lineage = Lineage {
        previous: config.id.clone(),
        created_at: crate::clock::now_rfc3339(),
    };
    let new_order: Vec<&Id> = next.presenters.iter().map(|p| &p.id).collect();
    let audits = vec![
        (
            config.id.clone(),
            AuditRecord::host(
                AuditAction::NextQuarter.as_str(),
                None,
                json!({"event": next.id}),
            ),
        ),
        (
            next.id.clone(),
            AuditRecord::host(
                AuditAction::CreatedFrom.as_str(),
                None,
                json!({"previous_event": config.id, "order": new_order, "forced": body.force}),
            ),
        ),
    ];
    let stored = next.clone();
    let at = items::Stamp::parse(&lineage.created_at).expect("the server's clock writes RFC 3339");
    let previous = config.id.clone();
    let created = state
        .writer
        .apply(move |store| {
            store.create_next_event_carrying(&stored, &lineage, audits, at, |carried| {
                let ids: Vec<String> = carried.iter().map(|i| i.id().to_string()).collect();
                AuditRecord::host(
                    AuditAction::CarryItems.as_str(),
                    None,
                    json!({"previous_event": previous, "count": carried.len(), "items": ids}),
                )
            })
        })
        .await??;
    match created {
        Ok(_) => {}
        Err(ImportRefusal::Exists | ImportRefusal::Started | ImportRefusal::Rehearsal) => {
            return Err(ApiError::Conflict {
                code: "event_exists",
                message: format!("an event '{}' exists already; pick another id", next.id),
            })
        }
    }
    let presenters = next
        .presenters
        .iter()
        .map(|p| NextPresenter {
            id: p.id.to_string(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            order: p.order,
            last_rank: p.last_rank,
        })
        .collect();
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/events/{}", next.id))],
        Json(NextQuarter {
            event: super::events::summary(&next),
            previous_event: config.id.to_string(),
            presenters,
        }),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Id {
        Id::parse(s).unwrap()
    }

    #[test]
    fn presenters_follow_the_ranking_and_a_shared_place_keeps_the_speaking_order() {
        let config = app::domain::demo_event();
        let order: Vec<Id> = config
            .presenters_in_order()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        // laixi spoke 5th and shibei 10th; they share 2nd place; pingdu is not revealed.
        let places: Vec<(Id, u32)> = [
            ("shibei", 2),
            ("laixi", 2),
            ("jimo", 1),
            ("jiaozhou", 4),
            ("shinan", 5),
            ("xihaian", 6),
            ("chengyang", 7),
            ("laoshan", 8),
            ("licang", 9),
        ]
        .iter()
        .map(|(p, n)| (id(p), *n))
        .collect();
        let next = next_config(&config, &order, &places, id("q3"), "Q3".into(), None)
            .validated()
            .unwrap();
        let spoken: Vec<(&str, Option<u32>)> = next
            .presenters_in_order()
            .iter()
            .map(|p| (p.id.as_str(), p.last_rank))
            .collect();
        assert_eq!(
            spoken,
            [
                ("jimo", Some(1)),
                ("laixi", Some(2)),
                ("shibei", Some(2)),
                ("jiaozhou", Some(4)),
                ("shinan", Some(5)),
                ("xihaian", Some(6)),
                ("chengyang", Some(7)),
                ("laoshan", Some(8)),
                ("licang", Some(9)),
                ("pingdu", None),
            ]
        );
        assert_eq!(next.judges, config.judges);
        assert_eq!(next.groups, config.groups);
        assert_eq!(next.criteria, config.criteria);
        assert!(next.presenters.iter().all(|p| p.summary.is_none()));
        assert_eq!(next.id.as_str(), "q3");
    }
}
