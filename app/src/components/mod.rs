//! Widgets shared by pages.

pub mod download;
pub mod host_area;
pub mod lang_switch;
pub mod placing;
pub mod pwa;
pub mod stage;
