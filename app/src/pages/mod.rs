//! One module per page. The judge's bundle compiles the judge's page alone: the others would
//! cost it compile time for code its link drops anyway.

#[cfg(not(feature = "judge-bundle"))]
pub mod home;
#[cfg(not(feature = "judge-bundle"))]
pub mod host;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_audit;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_console;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_edit;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_events;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_items;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_links;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_report;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_results;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_review;
#[cfg(not(feature = "judge-bundle"))]
pub mod host_setup;
pub mod judge;
#[cfg(not(feature = "judge-bundle"))]
pub mod not_found;
#[cfg(not(feature = "judge-bundle"))]
pub mod results;
#[cfg(not(feature = "judge-bundle"))]
pub mod screen;
#[cfg(not(feature = "judge-bundle"))]
pub mod unit;
