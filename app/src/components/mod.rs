//! Widgets shared by pages.

pub mod download;
pub mod host_area;
pub mod lang_switch;
pub mod placing;
pub mod pwa;
// The screen, the console and the host's report only: not in the judge's bundle.
#[cfg(not(feature = "judge-bundle"))]
pub mod review;
pub mod stage;
