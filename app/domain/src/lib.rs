//! The heart of Leitai, plain Rust with no UI and no I/O: event configs, scores, scoring
//! and sync rules. The browser and the server both compile it, so each rule is written once.

pub mod audit;
pub mod device;
pub mod event;
pub mod exact;
pub mod ids;
pub mod item_terms;
pub mod items;
pub mod judges_report;
pub mod lang;
pub mod limits;
#[cfg(feature = "openapi")]
mod openapi;
pub mod receipt;
pub mod results;
pub mod roster;
pub mod score;
pub mod scoring;
pub mod sheet;
pub mod show;
pub mod starter;
pub mod sync;
pub mod text;
pub mod votes;
pub mod wire;

pub use event::EventConfig;
pub use ids::Id;
pub use lang::Lang;
pub use score::Score;

/// The demo event's config, as a host would write it.
pub const DEMO_TOML: &str = include_str!("demo.toml");

/// The demo contest of `shared/seed`: ten presenters, five groups of three judges.
pub fn demo_event() -> EventConfig {
    EventConfig::from_toml(DEMO_TOML).expect("the demo config is valid")
}

#[cfg(test)]
mod event_tests;
#[cfg(test)]
mod items_tests;
#[cfg(test)]
mod scoring_tests;
