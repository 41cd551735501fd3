//! Widgets shared by pages.

pub mod lang_switch;
pub mod stage;
