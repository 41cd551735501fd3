//! The page for an address that is not one of ours.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="page not-found">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundText)}</p>
            <a class="button" href="/">{move || i18n.t(Msg::BackHome)}</a>
        </section>
    }
}
