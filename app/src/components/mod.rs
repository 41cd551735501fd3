//! Widgets shared by pages.

pub mod lang_switch;
pub mod pwa;
pub mod stage;
