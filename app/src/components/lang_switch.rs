//! The visible language switch; the choice is remembered on the device.

use crate::browser::remember_lang;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let switch = move |_| {
        let next = i18n.lang.get_untracked().other();
        i18n.lang.set(next);
        remember_lang(next);
    };
    view! {
        <button
            class="lang-switch"
            type="button"
            data-testid="lang-switch"
            // The visible word is the accessible name (a different label fails WCAG 2.5.3);
            // it is in the language it switches to.
            lang=move || i18n.lang.get().other().tag()
            title=move || i18n.t(Msg::SwitchLanguageLabel)
            on:click=switch
        >
            {move || i18n.t(Msg::SwitchLanguage)}
        </button>
    }
}
