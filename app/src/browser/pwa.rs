//! The installed app in the browser: the service worker and its updates, the install
//! prompt, and persistent storage (see `components::pwa` for what the judge sees).

use crate::state::pwa::{Install, PwaCtx};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How often a running app may ask the server for a newer build (on each sync, at most).
const UPDATE_CHECK_MS: f64 = 15_000.0;

thread_local! {
    static REGISTRATION: RefCell<Option<web_sys::ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Chromium's deferred `beforeinstallprompt` event, kept for the install button.
    static INSTALL_PROMPT: RefCell<Option<web_sys::Event>> = const { RefCell::new(None) };
    static LAST_CHECK: Cell<f64> = const { Cell::new(0.0) };
    /// Set when the judge chose to reload into the new version.
    static UPDATING: Cell<bool> = const { Cell::new(false) };
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// See `pwa_actions::copy_link`.
pub fn copy_link() -> bool {
    let (Some(session), Ok(origin)) =
        (super::session::load_session(), window().location().origin())
    else {
        return false;
    };
    let link = format!("{origin}/j/{}", session.token);
    // The promise settles by itself; a refusal leaves the judge to copy the link by hand.
    let _ = window().navigator().clipboard().write_text(&link);
    true
}

fn listen(target: &web_sys::EventTarget, name: &str, f: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    closure.forget();
}

/// Starts everything: install state, the install prompt, persistent storage and the
/// service worker with its update watch.
pub fn watch(ctx: PwaCtx) {
    ctx.install.set(install_kind());
    let win = window();
    listen(&win, "beforeinstallprompt", move |e: web_sys::Event| {
        // Keep Chromium's mini-infobar away; the page offers its own button.
        e.prevent_default();
        INSTALL_PROMPT.with(|p| *p.borrow_mut() = Some(e));
        if ctx.install.get_untracked() != Install::Installed {
            ctx.install.set(Install::Prompt);
        }
    });
    listen(&win, "appinstalled", move |_: web_sys::Event| {
        ctx.install.set(Install::Installed)
    });
    leptos::task::spawn_local(ask_persistence(ctx));
    register(ctx);
}

fn install_kind() -> Install {
    let win = window();
    let standalone = win
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let navigator = win.navigator();
    let ios_standalone = js_sys::Reflect::get(&navigator, &"standalone".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if standalone || ios_standalone {
        return Install::Installed;
    }
    let agent = navigator.user_agent().unwrap_or_default();
    // iPadOS asks for the desktop site and says "Macintosh"; its touch points give it away.
    let ios = ["iPhone", "iPad", "iPod"].iter().any(|d| agent.contains(d))
        || (agent.contains("Macintosh") && navigator.max_touch_points() > 1);
    if ios {
        Install::Ios
    } else {
        Install::Menu
    }
}

/// Shows Chromium's install dialog from the page's button.
pub fn prompt_install(ctx: PwaCtx) {
    let Some(event) = INSTALL_PROMPT.with(|p| p.borrow_mut().take()) else {
        return;
    };
    if let Ok(prompt) = js_sys::Reflect::get(&event, &"prompt".into()) {
        if let Ok(prompt) = prompt.dyn_into::<js_sys::Function>() {
            let _ = prompt.call0(&event);
        }
    }
    // The event is spent; the browser says `appinstalled` if the judge accepted.
    ctx.install.set(Install::Menu);
}

/// Asks the browser to keep this site's storage (where the unsynced scores are), and
/// records its answer so the page can show a refusal.
async fn ask_persistence(ctx: PwaCtx) {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"storage".into()).unwrap_or(false) {
        return;
    }
    let storage = navigator.storage();
    let answer = |promise: Result<js_sys::Promise, JsValue>| async move {
        JsFuture::from(promise.ok()?).await.ok()?.as_bool()
    };
    let kept = match answer(storage.persisted()).await {
        Some(true) => Some(true),
        _ => answer(storage.persist()).await,
    };
    ctx.persisted.set(kept);
}

fn register(ctx: PwaCtx) {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    // The new worker took over because the judge asked: load the page it serves.
    listen(&container, "controllerchange", move |_: web_sys::Event| {
        if UPDATING.get() {
            let _ = window().location().reload();
        }
    });
    leptos::task::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.register("/sw.js")).await else {
            return;
        };
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        // A worker waiting from an earlier visit is an update too.
        let controlled = || window().navigator().service_worker().controller().is_some();
        if registration.waiting().is_some() && controlled() {
            ctx.update_ready.set(true);
        }
        let watched = registration.clone();
        listen(&registration, "updatefound", move |_: web_sys::Event| {
            let Some(worker) = watched.installing() else {
                return;
            };
            let installing = worker.clone();
            listen(&worker, "statechange", move |_: web_sys::Event| {
                // The first install on a fresh device is not an update.
                if installing.state() == web_sys::ServiceWorkerState::Installed && controlled() {
                    ctx.update_ready.set(true);
                }
            });
        });
        LAST_CHECK.set(js_sys::Date::now());
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
    });
}

/// Asks the server for a newer build, at most every `UPDATE_CHECK_MS`; called after each
/// sync that reached the server, so a running app finds a new version within a sync or two.
pub fn check_for_update() {
    if js_sys::Date::now() - LAST_CHECK.get() >= UPDATE_CHECK_MS {
        check_for_update_now();
    }
}

/// Asks the server for a newer build now: the event stream came back, so the server may
/// have been restarted with one.
pub fn check_for_update_now() {
    LAST_CHECK.set(js_sys::Date::now());
    REGISTRATION.with(|r| {
        if let Some(registration) = r.borrow().as_ref() {
            let _ = registration.update();
        }
    });
}

/// Hands the page to the waiting worker (which then takes control, and the page reloads);
/// with none waiting, just reloads.
pub fn apply_update() {
    UPDATING.set(true);
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            let _ = worker.post_message(&"skip-waiting".into());
        }
        None => {
            let _ = window().location().reload();
        }
    }
}
