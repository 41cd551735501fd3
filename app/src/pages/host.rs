//! The host's page: sign-in with the host link, remembered on this device, then the console.

use crate::backend::host_check;
use crate::browser::{clear_location_fragment, forget, keys, load, location_fragment, store};
use crate::components::host_area::{HostNav, HostSection};
use crate::i18n::{use_i18n, Msg};
use crate::pages::host_console::HostConsole;
use leptos::prelude::*;

/// Takes the token out of a pasted host link (`…/host#token=X`) or a bare token.
pub fn token_from_link(text: &str) -> Option<String> {
    let text = text.trim();
    let token = match text.rsplit_once("token=") {
        Some((_, rest)) => rest.split(['&', '#', ' ']).next().unwrap_or(""),
        None if !text.contains('/') => text,
        None => "",
    };
    (!token.is_empty()).then(|| token.to_string())
}

#[derive(Clone, Copy, PartialEq)]
enum SignIn {
    Out,
    Checking,
    In,
    Failed(Msg),
}

#[component]
pub fn HostPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(SignIn::Out);
    let input = RwSignal::new(String::new());

    let check = move |token: String| {
        state.set(SignIn::Checking);
        leptos::task::spawn_local(async move {
            match host_check(token.clone()).await {
                Ok(true) => {
                    store(keys::HOST_TOKEN, &token);
                    state.set(SignIn::In);
                }
                Ok(false) => {
                    forget(keys::HOST_TOKEN);
                    state.set(SignIn::Failed(Msg::HostBadToken));
                }
                Err(_) => state.set(SignIn::Failed(Msg::HostOffline)),
            }
        });
    };

    // A host link carries its token in the fragment, which never reaches the server's logs.
    Effect::new(move |_| {
        let from_link = location_fragment().as_deref().and_then(token_from_link);
        if from_link.is_some() {
            clear_location_fragment();
        }
        if let Some(token) = from_link.or_else(|| load(keys::HOST_TOKEN)) {
            check(token);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match token_from_link(&input.get_untracked()) {
            Some(token) => check(token),
            None => state.set(SignIn::Failed(Msg::HostEmpty)),
        }
    };
    let sign_out = move |_| {
        forget(keys::HOST_TOKEN);
        state.set(SignIn::Out);
    };

    view! {
        <section class="page host">
            <HostNav current=HostSection::Console/>
            <h1>{move || i18n.t(Msg::HostTitle)}</h1>
            <Show
                when=move || state.get() == SignIn::In
                fallback=move || view! {
                    <form class="card sign-in" on:submit=submit>
                        <p>{move || i18n.t(Msg::HostAskLink)}</p>
                        <label for="host-link">{move || i18n.t(Msg::HostLinkLabel)}</label>
                        <input
                            id="host-link"
                            data-testid="host-link"
                            type="text"
                            autocomplete="off"
                            prop:value=move || input.get()
                            on:input=move |ev| input.set(event_target_value(&ev))
                        />
                        <button class="button primary" type="submit" data-testid="host-sign-in"
                            disabled=move || state.get() == SignIn::Checking>
                            {move || if state.get() == SignIn::Checking { i18n.t(Msg::HostChecking) } else { i18n.t(Msg::HostSignIn) }}
                        </button>
                        {move || match state.get() {
                            SignIn::Failed(m) => Some(view! { <p class="error" role="alert" data-testid="host-error">{i18n.t(m)}</p> }),
                            _ => None,
                        }}
                    </form>
                }
            >
                {move || load(keys::HOST_TOKEN).map(|token| view! { <HostConsole token=token/> })}
                // Who this device is, out of the way at the bottom.
                <p class="signed-in-line muted">
                    <span data-testid="host-signed-in">{move || i18n.t(Msg::SignedInHost)}</span>
                    <button class="small" type="button" on:click=sign_out>{move || i18n.t(Msg::HostSignOut)}</button>
                </p>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::token_from_link;

    #[test]
    fn token_comes_out_of_a_link_or_stands_alone() {
        assert_eq!(
            token_from_link("http://127.0.0.1:3000/host#token=abc123").as_deref(),
            Some("abc123")
        );
        assert_eq!(token_from_link("  abc123 ").as_deref(), Some("abc123"));
        assert_eq!(
            token_from_link("http://x/host?token=t1&x=2").as_deref(),
            Some("t1")
        );
        assert_eq!(token_from_link("http://x/host"), None);
        assert_eq!(token_from_link(""), None);
    }
}
