//! Leitai's app: the shared domain core, and the Leptos UI rendered on the server and
//! hydrated in the browser.
// The judge's sheet is one deep view type.
#![recursion_limit = "256"]

pub mod app;
pub mod backend;
pub mod browser;
pub mod components;
pub use domain;
pub mod i18n;
pub mod pages;
pub mod state;

#[cfg(not(feature = "judge-bundle"))]
pub use app::{shell, App};
pub use app::{Bundle, JudgeApp, SiteBundles};

/// The browser's entry point: the bundles' `hydrate` (`app/web`, `app/judge`) calls it.
#[cfg(feature = "browser")]
pub fn start() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "hydrate")]
    leptos::mount::hydrate_body(App);
    // The judge's bundle renders its page afresh: the server's render of `/j` cannot know
    // this device's sheets, and leaving out hydration keeps the bundle small.
    #[cfg(feature = "judge-bundle")]
    browser::mount_judge_app();
}
