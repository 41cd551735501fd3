//! The HTML shell and the routes of every page.

use crate::components::lang_switch::LangSwitch;
use crate::domain::Lang;
use crate::i18n::{I18n, Msg};
use crate::pages::judge::JudgePage;
#[cfg(not(feature = "judge-bundle"))]
use crate::pages::{
    home::HomePage, host::HostPage, host_audit::HostAuditPage, host_edit::HostEditPage,
    host_events::HostEventsPage, host_items::HostItemsPage, host_links::HostLinksPage,
    host_report::HostReportPage, host_results::HostResultsPage, host_review::HostReviewPage,
    host_setup::HostSetupPage, not_found::NotFound, results::ResultsPage, screen::ScreenPage,
    unit::UnitPage,
};
use leptos::prelude::*;
#[cfg(not(feature = "judge-bundle"))]
use leptos_meta::{provide_meta_context, MetaTags, Title};
#[cfg(not(feature = "judge-bundle"))]
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, StaticSegment,
};

/// The language this render is in: on the server from the request, in the browser from
/// what the server rendered, so hydration always matches.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>();
        let header = |name: http::header::HeaderName| {
            parts
                .as_ref()
                .and_then(|p| p.headers.get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        crate::i18n::lang_from_headers(
            header(http::header::COOKIE).as_deref(),
            header(http::header::ACCEPT_LANGUAGE).as_deref(),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::browser::document_lang().unwrap_or_default()
    }
}

#[cfg(not(feature = "judge-bundle"))]
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#b71c1c"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <meta name="mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-title" content="擂台"/>
                <meta name="apple-mobile-web-app-status-bar-style" content="default"/>
                {page_bundle().map(|bundle| view! {
                    <link rel="stylesheet" href=bundle.css.clone()/>
                    <BundleScripts bundle/>
                })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// One browser bundle of the build (`scripts/build-site.mjs`): its hashed files under
/// `/pkg/`, e.g. `/pkg/leitai-judge.3q2….js`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Bundle {
    /// The JavaScript glue.
    pub js: String,
    /// The wasm module.
    pub wasm: String,
    /// The styles.
    pub css: String,
}

/// The build's two bundles, as the server carries them (`site.json`): the app's, which
/// hydrates every page but the judge's, and the judge's own (the judge's page alone,
/// rendered in the browser), so a phone on venue Wi-Fi downloads only the code that scores.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct SiteBundles {
    pub app: Bundle,
    pub judge: Bundle,
}

/// The bundle this request's page loads, when the server has a built site.
#[cfg(not(feature = "judge-bundle"))]
fn page_bundle() -> Option<Bundle> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let bundles = use_context::<SiteBundles>()?;
        let path = parts.uri.path();
        let judge = path == "/j" || path.starts_with("/j/");
        Some(if judge { bundles.judge } else { bundles.app })
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// Loads a bundle the way Leptos's `HydrationScripts` does: the judge's renders its page,
/// the app's hydrates what the server rendered (both export the same `hydrate`).
#[cfg(not(feature = "judge-bundle"))]
#[component]
fn BundleScripts(bundle: Bundle) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let start = format!(
        "import({js:?}).then(m => m.default({{module_or_path: {wasm:?}}}).then(() => m.hydrate()));",
        js = bundle.js,
        wasm = bundle.wasm,
    );
    view! {
        <link rel="modulepreload" href=bundle.js.clone() crossorigin=nonce.clone()/>
        <link rel="preload" href=bundle.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=nonce>{start}</script>
    }
}

/// The language context every page reads its words from.
fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    provide_context(i18n);
    crate::browser::on_hydrated(i18n);
    i18n
}

#[component]
fn Topbar() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <header class="topbar">
            <a class="brand" href="/">{move || i18n.t(Msg::AppName)}</a>
            <LangSwitch/>
        </header>
    }
}

/// The top bar on every page but the big screen, which is the projector's whole view.
#[cfg(not(feature = "judge-bundle"))]
#[component]
fn RoutedTopbar() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let on_screen = move || {
        location
            .pathname
            .with(|p| p.trim_end_matches('/') == "/screen")
    };
    view! { <Show when=move || !on_screen()><Topbar/></Show> }
}

/// The judge's bundle's whole app: the same top bar and page as `App` renders at `/j`,
/// without the router and the other pages.
#[component]
pub fn JudgeApp() -> impl IntoView {
    provide_i18n();
    view! {
        <Topbar/>
        <main>
            <JudgePage/>
        </main>
    }
}

#[cfg(not(feature = "judge-bundle"))]
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    // On the server the title is read once, here: leptos_meta reads a closure only while the
    // response streams, when this component's reactive arena may be gone (a 500 under load).
    #[cfg(feature = "ssr")]
    let title = leptos::text_prop::TextProp::from(i18n.t_untracked(Msg::AppName));
    #[cfg(not(feature = "ssr"))]
    let title = leptos::text_prop::TextProp::from(move || i18n.t(Msg::AppName));

    view! {
        <Title text=title/>
        <Router>
            <RoutedTopbar/>
            <main>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage/>
                    <Route path=StaticSegment("host") view=HostPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("events")) view=HostEventsPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("edit")) view=HostEditPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("setup")) view=HostSetupPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("links")) view=HostLinksPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("results")) view=HostResultsPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("items")) view=HostItemsPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("audit")) view=HostAuditPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("report")) view=HostReportPage/>
                    <Route path=(StaticSegment("host"), StaticSegment("review")) view=HostReviewPage/>
                    <Route path=StaticSegment("results") view=ResultsPage/>
                    <Route path=StaticSegment("screen") view=ScreenPage/>
                    <Route path=StaticSegment("j") view=JudgePage/>
                    <Route path=(StaticSegment("j"), ParamSegment("token")) view=JudgePage/>
                    <Route path=(StaticSegment("u"), ParamSegment("token")) view=UnitPage/>
                </Routes>
            </main>
        </Router>
    }
}
