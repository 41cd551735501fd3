//! The live stage as a page sees it: the run of show and the results, kept current by the
//! event stream (with polling while the stream is down), and a ticking clock for countdowns.

use crate::domain::wire::{ResultsView, ShowView};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct LiveCtx {
    pub show: RwSignal<Option<ShowView>>,
    pub results: RwSignal<Option<ResultsView>>,
    /// The server's clock minus this device's, from the last news.
    pub offset_ms: RwSignal<i64>,
    /// Whether the stream is open.
    pub connected: RwSignal<bool>,
    /// This device's clock, ticking a few times a second.
    pub now_ms: RwSignal<i64>,
}

impl LiveCtx {
    pub fn new() -> LiveCtx {
        LiveCtx {
            show: RwSignal::new(None),
            results: RwSignal::new(None),
            offset_ms: RwSignal::new(0),
            connected: RwSignal::new(false),
            now_ms: RwSignal::new(0),
        }
    }

    /// Takes a state of the run of show (from the stream, a poll or a move's answer),
    /// unless it is older than the one held; says whether it was taken.
    pub fn take_show(&self, show: ShowView) -> bool {
        let older = self
            .show
            .with_untracked(|held| held.as_ref().is_some_and(|held| show.is_older_than(held)));
        if !older {
            self.show.set(Some(show));
        }
        !older
    }

    /// Time left in the current phase, by the server's clock; ticks.
    pub fn remaining_ms(&self) -> Option<i64> {
        let now = self.now_ms.get() + self.offset_ms.get();
        self.show
            .with(|s| s.as_ref().and_then(|s| s.remaining_ms(now)))
    }
}

impl Default for LiveCtx {
    fn default() -> Self {
        LiveCtx::new()
    }
}
