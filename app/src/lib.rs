//! Leitai's app: the shared domain core, and the Leptos UI rendered on the server and
//! hydrated in the browser.
// The judge's sheet is one deep view type.
#![recursion_limit = "256"]

pub mod app;
pub mod backend;
pub mod browser;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod live;
pub mod pages;

pub use app::{shell, App};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
