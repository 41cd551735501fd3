//! What the host's pages share: the links between them, the event a page is about (`?event=`
//! or the current one), the signed-in device's API calls and what to say when one fails.

use crate::backend::screen_event;
use crate::browser::{api_call, keys, load};
use crate::domain::wire::{EventList, EventSummary};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::de::DeserializeOwned;

/// One of the host's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostSection {
    Events,
    Edit,
    Setup,
    Console,
    Links,
    Results,
    Items,
    Audit,
    Report,
    Review,
}

impl HostSection {
    const ALL: [HostSection; 10] = [
        HostSection::Events,
        HostSection::Edit,
        HostSection::Setup,
        HostSection::Console,
        HostSection::Links,
        HostSection::Results,
        HostSection::Items,
        HostSection::Audit,
        HostSection::Report,
        HostSection::Review,
    ];

    fn href(self) -> &'static str {
        match self {
            HostSection::Events => "/host/events",
            HostSection::Edit => "/host/edit",
            HostSection::Setup => "/host/setup",
            HostSection::Console => "/host",
            HostSection::Links => "/host/links",
            HostSection::Results => "/host/results",
            HostSection::Items => "/host/items",
            HostSection::Audit => "/host/audit",
            HostSection::Report => "/host/report",
            HostSection::Review => "/host/review",
        }
    }

    fn label(self) -> Msg {
        match self {
            HostSection::Events => Msg::NavEvents,
            HostSection::Edit => Msg::NavEdit,
            HostSection::Setup => Msg::NavSetup,
            HostSection::Console => Msg::NavConsole,
            HostSection::Links => Msg::NavLinks,
            HostSection::Results => Msg::NavResults,
            HostSection::Items => Msg::NavItems,
            HostSection::Audit => Msg::NavAudit,
            HostSection::Report => Msg::NavReport,
            HostSection::Review => Msg::NavReview,
        }
    }

    /// The pages that can look at an event other than the current one.
    fn follows_event(self) -> bool {
        matches!(
            self,
            HostSection::Edit
                | HostSection::Setup
                | HostSection::Links
                | HostSection::Results
                | HostSection::Items
                | HostSection::Audit
                | HostSection::Report
                | HostSection::Review
        )
    }
}

/// The links between the host's pages, which keep the event in view, and the event picker.
#[component]
pub fn HostNav(current: HostSection) -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    view! {
        <nav class="host-nav no-print" data-testid="host-nav" aria-label=move || i18n.t(Msg::NavLabel)>
            {HostSection::ALL.into_iter().map(|page| {
                let href = move || match named.get().filter(|_| page.follows_event()) {
                    Some(event) => format!("{}?event={}", page.href(), query_value(&event)),
                    None => page.href().to_string(),
                };
                view! {
                    <a href=href class:current=page == current
                        aria-current=(page == current).then_some("page")>
                        {move || i18n.t(page.label())}
                    </a>
                }
            }).collect_view()}
        </nav>
        {(current != HostSection::Events).then(|| view! { <EventPicker current=current/> })}
    }
}

/// Which event a host page shows: a page that can look at any event opens it by its
/// address; the console runs the current event, so choosing another there makes it the
/// current one, after the host confirms.
#[component]
fn EventPicker(current: HostSection) -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let events = LocalResource::new(|| async {
        // Nothing to pick from before the host has signed in.
        if load(keys::HOST_TOKEN).is_none() {
            return Vec::new();
        }
        load_events().await.unwrap_or_default()
    });
    let shown = move || {
        let list = events.get().unwrap_or_default();
        let wanted = named.get().filter(|_| current.follows_event());
        match wanted {
            Some(id) => Some(id),
            None => list
                .iter()
                .find(|e| e.current == Some(true))
                .map(|e| e.id.clone()),
        }
    };
    let failed = RwSignal::new(false);
    let choose = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if id.is_empty() {
            return;
        }
        if current.follows_event() {
            go_to(&format!("{}?event={}", current.href(), query_value(&id)));
            return;
        }
        let title = events
            .get_untracked()
            .unwrap_or_default()
            .into_iter()
            .find(|e| e.id == id)
            .map_or_else(|| id.clone(), |e| e.title);
        let question = i18n.fill(Msg::EventsConfirmCurrent, &[("{title}", &title)]);
        if !confirm(&question) {
            // Back to the event shown.
            events.refetch();
            return;
        }
        leptos::task::spawn_local(async move {
            match make_current(id).await {
                Ok(()) => go_to(current.href()),
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <Show when=move || { events.get().is_some_and(|list| list.len() > 1) }>
            <div class="event-picker no-print" data-testid="event-picker">
                <label for="event-picker">{move || i18n.t(Msg::PickerLabel)}</label>
                <select id="event-picker" data-testid="event-picker-select" on:change=choose>
                    {move || {
                        let chosen = shown();
                        events.get().unwrap_or_default().into_iter().map(|e| {
                            let mut label = match &e.date {
                                Some(d) => format!("{}（{d}）", e.title),
                                None => e.title.clone(),
                            };
                            if e.current == Some(true) {
                                label.push_str(i18n.t(Msg::PickerCurrentMark));
                            }
                            let selected = chosen.as_deref() == Some(e.id.as_str());
                            view! { <option value=e.id.clone() selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
                {(!current.follows_event()).then(|| view! {
                    <p class="muted small-note">{move || i18n.t(Msg::PickerConsoleNote)}</p>
                })}
                {move || failed.get().then(|| view! {
                    <p class="error" role="alert">{move || i18n.t(Msg::HostOffline)}</p>
                })}
            </div>
        </Show>
    }
}

/// Opens another address in this tab.
fn go_to(href: &str) {
    #[cfg(feature = "browser")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(href);
    }
    #[cfg(not(feature = "browser"))]
    let _ = href;
}

/// Puts `text` on the clipboard; false when the browser has no clipboard here (a plain-HTTP
/// page), so the page can say to copy it by hand.
pub fn copy_text(text: &str) -> bool {
    #[cfg(feature = "browser")]
    {
        let Some(window) = web_sys::window() else {
            return false;
        };
        if !window.is_secure_context() {
            return false;
        }
        // The promise settles by itself.
        let _ = window.navigator().clipboard().write_text(text);
        true
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = text;
        false
    }
}

/// Asks the host a yes-or-no question in the browser's own dialog.
pub fn confirm(question: &str) -> bool {
    #[cfg(feature = "browser")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false)
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = question;
        false
    }
}

/// Events as the host's list shows them: the latest date first, events without a date
/// after the dated ones, then by title.
pub fn in_list_order(mut events: Vec<EventSummary>) -> Vec<EventSummary> {
    events.sort_by(|a, b| {
        let day = |e: &EventSummary| e.date.clone().unwrap_or_default();
        day(b)
            .cmp(&day(a))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    events
}

/// Every event, as the host's token sees them, in the list's order.
pub async fn load_events() -> Result<Vec<EventSummary>, Problem> {
    let token = load(keys::HOST_TOKEN).ok_or(Problem::SignedOut)?;
    match api_call("GET", "/api/v1/events", &token, None).await {
        Ok((200, text)) => serde_json::from_str::<EventList>(&text)
            .map(|list| in_list_order(list.events))
            .map_err(|e| Problem::Refused(e.to_string())),
        Ok((401 | 403, _)) => Err(Problem::SignedOut),
        Ok((_, text)) => Err(Problem::Refused(error_message(&text))),
        Err(()) => Err(Problem::Offline),
    }
}

/// Makes `event` the current one; the host's words when it failed (empty: no answer).
pub async fn make_current(event: String) -> Result<(), String> {
    let token = load(keys::HOST_TOKEN).unwrap_or_default();
    let path = format!("/api/v1/events/{}/current", query_value(&event));
    match crate::browser::host_step(&path, &token, "{}").await {
        Ok((200, _)) => Ok(()),
        Ok((_, text)) => Err(error_message(&text)),
        Err(()) => Err(String::new()),
    }
}

/// The event named by the address's `?event=`, if any.
pub fn named_event() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|q| q.get("event"))
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
    })
}

/// Percent-encodes a value for a query string (ids are plain already; typed text may not be).
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The signed-in host and the event a page works on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCtx {
    pub token: String,
    pub event: String,
}

impl HostCtx {
    /// An API path of this event: `/api/v1/events/{event}{rest}`.
    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/events/{}{rest}", query_value(&self.event))
    }
}

/// Why a host page has nothing to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No host token on this device, or the server no longer takes it.
    SignedOut,
    NoEvent,
    Offline,
    /// The server's own words.
    Refused(String),
}

/// A refusal or failure the host may meet, in the host's words, by the contract's code.
pub fn host_error_msg(code: &str) -> Msg {
    match code {
        "wrong_phase" => Msg::ErrWrongPhase,
        "already_started" => Msg::ErrAlreadyStarted,
        "no_next_presenter" => Msg::ErrNoNext,
        "nothing_to_undo" => Msg::ErrNothingToUndo,
        "show_moved" => Msg::ErrStale,
        "already_counted" => Msg::ErrAlreadyCounted,
        "no_change" | "late_draft" => Msg::ErrNoChange,
        "not_revealed" => Msg::ErrNotRevealed,
        "not_found" => Msg::ErrNotFound,
        "event_started" => Msg::ErrEventStarted,
        "rehearsal_on" => Msg::ErrRehearsalOn,
        "review_after_start" => Msg::ErrReviewAfterStart,
        "carried_over" => Msg::ItemsCarriedOver,
        "not_on_ballot" => Msg::ItemsNotOnBallot,
        "invalid_roster" => Msg::ErrInvalidRoster,
        "missing_token" | "unknown_token" | "forbidden" => Msg::HostBadToken,
        _ => Msg::ErrGeneric,
    }
}

/// The contract's code in an error body (empty when the body is not one).
pub fn error_code(text: &str) -> String {
    serde_json::from_str::<crate::domain::wire::ErrorBody>(text)
        .map(|b| b.error.code)
        .unwrap_or_default()
}

/// An error body as the host reads it: the words for its code, in the page's language
/// (never the API's English message).
pub fn error_message(text: &str) -> String {
    let lang = crate::browser::document_lang().unwrap_or_default();
    crate::i18n::tr(lang, host_error_msg(&error_code(text))).to_string()
}

/// The host token and the event: `named`, else the current one. Browser only.
pub async fn host_ctx(named: Option<String>) -> Result<HostCtx, Problem> {
    let token = load(keys::HOST_TOKEN).ok_or(Problem::SignedOut)?;
    let event = match named {
        Some(event) => event,
        None => match screen_event().await {
            Ok(Some(e)) => e.id,
            Ok(None) => return Err(Problem::NoEvent),
            Err(_) => return Err(Problem::Offline),
        },
    };
    Ok(HostCtx { token, event })
}

/// `GET` an API path of the event as the host, read into `T`.
pub async fn host_get<T: DeserializeOwned>(ctx: &HostCtx, rest: &str) -> Result<T, Problem> {
    match api_call("GET", &ctx.path(rest), &ctx.token, None).await {
        Ok((200, text)) => serde_json::from_str(&text).map_err(|e| Problem::Refused(e.to_string())),
        Ok((401 | 403, _)) => Err(Problem::SignedOut),
        Ok((_, text)) => Err(Problem::Refused(error_message(&text))),
        Err(()) => Err(Problem::Offline),
    }
}

/// What a host page says instead of its content.
#[component]
pub fn ProblemNotice(problem: Problem) -> impl IntoView {
    let i18n = use_i18n();
    match problem {
        Problem::SignedOut => view! {
            <div class="card" data-testid="signed-out">
                <p>{move || i18n.t(Msg::HostPagesSignIn)}</p>
                <a class="button primary" href="/host">{move || i18n.t(Msg::OpenHost)}</a>
            </div>
        }
        .into_any(),
        Problem::NoEvent => {
            view! { <p class="muted">{move || i18n.t(Msg::ScreenNoEvent)}</p> }.into_any()
        }
        Problem::Offline => view! { <p class="error" role="alert">{move || i18n.t(Msg::HostOffline)}</p> }
            .into_any(),
        Problem::Refused(message) => view! {
            <p class="error" role="alert" data-testid="load-error">{move || i18n.t(Msg::ActionFailed)}" "{message.clone()}</p>
        }
        .into_any(),
    }
}

/// A server time as this device's local date and time (`2026-07-06 14:02:09`).
pub fn local_datetime(iso: &str) -> String {
    #[cfg(feature = "browser")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if date.get_time().is_nan() {
            return iso.to_string();
        }
        format!(
            "{}-{:02}-{:02} {:02}:{:02}:{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date(),
            date.get_hours(),
            date.get_minutes(),
            date.get_seconds()
        )
    }
    #[cfg(not(feature = "browser"))]
    iso.to_string()
}

/// Today on this device, `2026-07-06`; empty on the server.
pub fn today() -> String {
    #[cfg(feature = "browser")]
    {
        let date = js_sys::Date::new_0();
        format!(
            "{}-{:02}-{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date()
        )
    }
    #[cfg(not(feature = "browser"))]
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_keep_ids_and_encode_the_rest() {
        assert_eq!(query_value("q3-2026_b"), "q3-2026_b");
        assert_eq!(query_value("a b&c"), "a%20b%26c");
        assert_eq!(query_value("局"), "%E5%B1%80");
    }

    #[test]
    fn an_error_body_is_said_in_the_hosts_words_never_the_apis() {
        let body = r#"{"error":{"code":"not_found","message":"no event 'x'"}}"#;
        assert_eq!(error_code(body), "not_found");
        assert_eq!(
            error_message(body),
            crate::i18n::tr(crate::domain::Lang::Zh, Msg::ErrNotFound)
        );
        assert_eq!(
            error_message("plain"),
            crate::i18n::tr(crate::domain::Lang::Zh, Msg::ErrGeneric)
        );
    }
}
