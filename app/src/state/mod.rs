//! The state of each browser feature (the judge's page, the live stage, the installed app):
//! signals only, at the bottom. The browser's effects (`browser`) fill them; the views
//! (`pages`, `components`) read them; neither is imported from here.

pub mod judge;
pub mod live;
pub mod pwa;
