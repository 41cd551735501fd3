//! The representatives' ballot: the items of an event they vote on at its 回头看.

use crate::error::ApiResult;
use crate::state::AppState;
use app::domain::votes::{self, BallotState};
use app::domain::wire::BallotItem;
use app::domain::EventConfig;

/// The items of `config`'s event on the ballot, in the order of their numbers: every item
/// raised at an earlier session that waits for its vote here (已办结, the ballot open), and
/// those whose latest vote was taken in this event (the ballot closed, with its tally). Items
/// raised at this event itself are not voted on at it. `votes` counts the judges with a vote
/// on the item's ballot.
pub fn ballot_items(state: &AppState, config: &EventConfig) -> ApiResult<Vec<BallotItem>> {
    let mut ballot = Vec::new();
    for item in state.store.items(&config.id)? {
        if item.event() == &config.id {
            continue;
        }
        let (number, open, tally) = match state.store.ballot_state(&config.id, &item)? {
            BallotState::Off => continue,
            BallotState::Open { ballot } => (ballot, true, None),
            BallotState::Closed { ballot, tally } => (ballot, false, Some(tally)),
        };
        let id = item.id();
        let held = state.store.ballot_votes(&config.id, &id, number)?.len();
        let presenter = item.unit().presenter();
        ballot.push(BallotItem {
            id: id.to_string(),
            number: item.number().to_string(),
            presenter: presenter.map(ToString::to_string),
            unit_name: presenter
                .and_then(|p| config.presenter(p.as_str()))
                .map(|p| p.unit.clone()),
            title: item.facts().title.to_string(),
            report: votes::report(&item),
            open,
            votes: u32::try_from(held).unwrap_or(u32::MAX),
            tally,
            status: Some(item.status()),
        });
    }
    Ok(ballot)
}
