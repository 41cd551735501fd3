//! Widgets shared by several pages.

pub mod lang_switch;
