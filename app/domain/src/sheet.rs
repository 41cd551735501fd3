//! A judge's sheet for one presenter: a value per criterion, and whether it is submitted.

use super::event::EventConfig;
use super::ids::Id;
use super::score::Score;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub values: BTreeMap<Id, Option<Score>>,
    pub submitted: bool,
}

impl Sheet {
    /// The sum of the event's criteria, or `None` while any is blank.
    pub fn total(&self, config: &EventConfig) -> Option<Score> {
        config.criteria.iter().try_fold(Score::ZERO, |sum, c| {
            let value = self.values.get(&c.id).copied().flatten()?;
            sum.checked_add(value)
        })
    }
}
