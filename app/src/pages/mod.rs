//! One module per page.

pub mod home;
pub mod host;
pub mod host_console;
pub mod host_links;
pub mod judge;
pub mod not_found;
pub mod screen;
