//! The representatives' ballot: the items of an event they vote on at its 回头看.

use crate::error::ApiResult;
use crate::state::AppState;
use app::domain::wire::BallotItem;
use app::domain::EventConfig;

/// The items of `config`'s event on the ballot, in the order of their numbers: every item
/// carried into the event that waits for its vote (已办结), and those whose vote was taken
/// in this event, with the votes recorded so far.
pub fn ballot_items(_state: &AppState, _config: &EventConfig) -> ApiResult<Vec<BallotItem>> {
    // Filled in with the vote ops.
    Ok(Vec::new())
}
