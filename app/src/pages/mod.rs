//! One module per page.

pub mod home;
pub mod host;
pub mod host_audit;
pub mod host_console;
pub mod host_edit;
pub mod host_events;
pub mod host_links;
pub mod host_report;
pub mod host_results;
pub mod host_setup;
pub mod judge;
pub mod not_found;
pub mod results;
pub mod screen;
