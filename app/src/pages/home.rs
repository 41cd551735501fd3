//! The landing page: what Leitai is, and the way in for each role.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m| move || i18n.t(m);
    view! {
        <section class="page home">
            <h1>{t(Msg::AppName)}</h1>
            <p class="tagline">{t(Msg::AppTagline)}</p>
            <p class="intro" data-testid="intro">{t(Msg::HomeIntro)}</p>
            <div class="roles">
                <article class="role">
                    <h2>{t(Msg::HomeJudgeTitle)}</h2>
                    <p>{t(Msg::HomeJudgeText)}</p>
                </article>
                <article class="role">
                    <h2>{t(Msg::HomeHostTitle)}</h2>
                    <p>{t(Msg::HomeHostText)}</p>
                    <a class="button" href="/host">{t(Msg::OpenHost)}</a>
                </article>
                <article class="role">
                    <h2>{t(Msg::HomeScreenTitle)}</h2>
                    <p>{t(Msg::HomeScreenText)}</p>
                    <a class="button" href="/screen">{t(Msg::OpenScreen)}</a>
                    " "<a class="button" href="/results" data-testid="open-results">{t(Msg::OpenResults)}</a>
                </article>
            </div>
        </section>
    }
}
