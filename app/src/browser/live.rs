//! The event stream in the browser: `EventSource` (which resumes by itself with
//! `Last-Event-ID`), and polling while it is down.

use crate::domain::wire::{ResultsView, ShowView};
use crate::state::live::LiveCtx;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How often a page polls while the stream is down.
const POLL: Duration = Duration::from_secs(5);
/// How often countdowns redraw.
const TICK: Duration = Duration::from_millis(250);

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn take_show(ctx: LiveCtx, text: &str) {
    if let Ok(show) = serde_json::from_str::<ShowView>(text) {
        ctx.offset_ms.set(show.server_ms - now());
        ctx.take_show(show);
    }
}

pub fn take_results(ctx: LiveCtx, text: &str) {
    if let Ok(results) = serde_json::from_str::<ResultsView>(text) {
        ctx.results.set(Some(results));
    }
}

async fn get(url: &str) -> Option<String> {
    match super::fetch_text("GET", url, &[], None, None).await {
        Ok((200, text)) => Some(text),
        _ => None,
    }
}

/// What a page does with a `results` message; `None` for pages that show no results.
pub type OnResults = Option<fn(LiveCtx, &str)>;

async fn poll_once(ctx: LiveCtx, event: &str, on_results: OnResults) {
    if let Some(text) = get(&format!("/api/v1/events/{event}/show")).await {
        take_show(ctx, &text);
    }
    if let Some(take) = on_results {
        if let Some(text) = get(&format!("/api/v1/events/{event}/ranking")).await {
            take(ctx, &text);
        }
    }
}

pub fn follow(ctx: LiveCtx, event: String, on_results: OnResults) {
    ctx.now_ms.set(now());
    let _ = set_interval_with_handle(move || ctx.now_ms.set(now()), TICK);

    let url = format!("/api/v1/events/{event}/stream");
    let source = match web_sys::EventSource::new(&url) {
        Ok(s) => s,
        Err(_) => return,
    };
    let on_show =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string() {
                take_show(ctx, &text);
            }
        });
    let results_listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let (Some(take), Some(text)) = (on_results, e.data().as_string()) {
                take(ctx, &text);
            }
        });
    let opened = Cell::new(false);
    let on_open = Closure::<dyn FnMut()>::new(move || {
        ctx.connected.set(true);
        // Reconnected: the server may have been restarted with a new build.
        if opened.replace(true) {
            super::pwa::check_for_update_now();
        }
    });
    let on_error = Closure::<dyn FnMut()>::new(move || ctx.connected.set(false));
    let _ = source.add_event_listener_with_callback("show", on_show.as_ref().unchecked_ref());
    let _ = source
        .add_event_listener_with_callback("results", results_listener.as_ref().unchecked_ref());
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The page lives as long as the tab: the listeners stay with it.
    on_show.forget();
    results_listener.forget();
    on_open.forget();
    on_error.forget();

    // While the stream is down, ask now and then; the stream reconnects by itself.
    let polling = Rc::new(Cell::new(false));
    let _ = set_interval_with_handle(
        move || {
            if ctx.connected.get_untracked() || polling.get() {
                return;
            }
            polling.set(true);
            let event = event.clone();
            let polling = polling.clone();
            leptos::task::spawn_local(async move {
                poll_once(ctx, &event, on_results).await;
                polling.set(false);
            });
        },
        POLL,
    );
}
