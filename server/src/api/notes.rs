//! The judges' written points (意见建议) as the host reads them, for 局长直通车: the latest
//! of each sheet that has one. Kept with the sheets by the sync (`ledger.rs`); never public.

use super::auth::{EventOf, Host};
use super::doc;
use crate::error::ApiResult;
use crate::state::AppState;
use app::domain::wire::{SheetNote, SheetNotes};
use axum::extract::State;
use axum::Json;

/// `GET /api/v1/events/{event}/notes`
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/notes",
    tag = "items",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The judges' written points, the latest of each sheet that has one, in speaking order then the event's order of judges, with the names the host reads.", body = app::domain::wire::SheetNotes), doc::Refusals)
)]
pub async fn notes(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Json<SheetNotes>> {
    // The run of show's order, which the host may have changed since the config.
    let speaking = state.store.show(&config)?.stage.order;
    let place_of = |id: &str| speaking.iter().position(|p| p.as_str() == id);
    let seat_of = |id: &str| config.judges.iter().position(|j| j.id.as_str() == id);
    let mut notes: Vec<_> = state
        .store
        .sheet_notes(&config.id)?
        .into_iter()
        .map(|n| {
            let judge = config.judge(n.judge.as_str());
            let group = judge.and_then(|j| config.group(j.group.as_str()));
            let presenter = config.presenter(n.presenter.as_str());
            let order = (place_of(n.presenter.as_str()), seat_of(n.judge.as_str()));
            let note = SheetNote {
                judge: n.judge.to_string(),
                judge_name: judge.map(|j| j.name.clone()).unwrap_or_default(),
                group: judge.map(|j| j.group.to_string()).unwrap_or_default(),
                group_name: group.map(|g| g.name.clone()).unwrap_or_default(),
                presenter: n.presenter.to_string(),
                presenter_name: presenter
                    .map(|p| if p.unit.is_empty() { &p.name } else { &p.unit }.clone())
                    .unwrap_or_default(),
                text: n.note.into(),
                at: n.at,
            };
            (order, note)
        })
        .collect();
    // `None` (a presenter or judge no longer in the event) sorts first; the sort is stable,
    // so ties keep the ledger's order of ids.
    notes.sort_by_key(|(order, _)| *order);
    Ok(Json(SheetNotes {
        notes: notes.into_iter().map(|(_, n)| n).collect(),
    }))
}
