//! One module per page.

pub mod home;
pub mod host;
pub mod not_found;
pub mod screen;
