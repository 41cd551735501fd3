//! The judge's device in the browser: its id, the session and book in local storage, the
//! calls to the server, and the sync loop that empties the outboxes (sheets, then votes)
//! whenever it can.

use super::keys;
pub use super::session::{forget_session, load_session, save_session, Session};
use crate::domain::device::{Book, EditError, PhoneBallot};
use crate::domain::wire::{Me, State, SyncRequest, SyncResponse, VoteRequest};
use crate::state::judge::{JudgeCtx, Net, Screen};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// A random version-4 UUID from the browser's cryptographic generator (which, unlike
/// `crypto.randomUUID`, also works on a page that is not a secure context).
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// This device's id, made once and kept for life.
pub fn device_id() -> String {
    match LocalStorage::get::<String>(keys::DEVICE) {
        Ok(id) if crate::domain::sync::is_uuid(&id) => id,
        _ => {
            let id = new_uuid();
            let _ = LocalStorage::set(keys::DEVICE, &id);
            id
        }
    }
}

pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A server time as this device's local clock time, for "last synced at".
pub fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return String::new();
    }
    let h = date.get_hours();
    let m = date.get_minutes();
    let s = date.get_seconds();
    format!("{h:02}:{m:02}:{s:02}")
}

pub fn load_book(session: &Session) -> Option<Book> {
    LocalStorage::get(session.book_key()).ok()
}

/// Writes the whole book; `false` when the browser refused (storage full or blocked).
pub fn save_book(session: &Session, book: &Book) -> bool {
    LocalStorage::set(session.book_key(), book).is_ok()
}

/// Why a call to the server did not give an answer to use.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// No answer at all: offline, or the network dropped or timed out.
    Offline,
    /// 401 or 403: the link is wrong or was revoked.
    Refused,
    /// Any other error answer (its text is the API's, not for a judge to read).
    Server,
}

/// Classifies an answer of the API (through `super::api_call`, which gives up after a
/// timeout on venue Wi-Fi, so a hung request counts as offline).
async fn call(
    method: &str,
    path: &str,
    token: &str,
    body: Option<String>,
) -> Result<String, CallError> {
    let (status, text) = super::api_call(method, path, token, body)
        .await
        .map_err(|()| CallError::Offline)?;
    match status {
        200..=299 => Ok(text),
        401 | 403 => Err(CallError::Refused),
        _ => Err(CallError::Server),
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, CallError> {
    serde_json::from_str(text).map_err(|_| CallError::Server)
}

pub async fn fetch_me(token: &str) -> Result<Me, CallError> {
    parse(&call("GET", "/api/v1/me", token, None).await?)
}

pub async fn fetch_state(session: &Session, pending: usize) -> Result<State, CallError> {
    let url = format!(
        "/api/v1/events/{}/state?device={}&pending={pending}",
        session.event,
        device_id()
    );
    parse(&call("GET", &url, &session.token, None).await?)
}

async fn push(session: &Session, req: &SyncRequest) -> Result<SyncResponse, CallError> {
    let url = format!("/api/v1/events/{}/sync", session.event);
    let body = serde_json::to_string(req).map_err(|_| CallError::Server)?;
    parse(&call("POST", &url, &session.token, Some(body)).await?)
}

/// The representatives' ballot; `None` when the server has none to give (a server not
/// updated answers 404), which must not stop the page.
pub async fn fetch_ballot(session: &Session) -> Result<Option<PhoneBallot>, CallError> {
    let url = format!("/api/v1/events/{}/ballot", session.event);
    match call("GET", &url, &session.token, None).await {
        Ok(text) => Ok(parse(&text).ok()),
        Err(CallError::Server) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn push_votes(session: &Session, req: &VoteRequest) -> Result<SyncResponse, CallError> {
    let url = format!("/api/v1/events/{}/votes", session.event);
    let body = serde_json::to_string(req).map_err(|_| CallError::Server)?;
    parse(&call("POST", &url, &session.token, Some(body)).await?)
}

/// The sync loop of one signed-in judge on this page.
#[derive(Clone)]
pub struct Syncer {
    ctx: JudgeCtx,
    session: Session,
    device: String,
    running: Rc<Cell<bool>>,
    again: Rc<Cell<bool>>,
    failures: Rc<Cell<u32>>,
    timer: Rc<RefCell<Option<TimeoutHandle>>>,
}

/// The longest wait between retries while something is pending.
const MAX_BACKOFF_SECS: u64 = 30;
/// How soon after a change the device tries to send it.
const AFTER_CHANGE: Duration = Duration::from_millis(400);
/// How often a visible page asks for news (reveals) when nothing else prompts it.
const REFRESH: Duration = Duration::from_secs(20);

impl Syncer {
    pub fn new(ctx: JudgeCtx, session: Session) -> Syncer {
        Syncer {
            ctx,
            session,
            device: device_id(),
            running: Rc::new(Cell::new(false)),
            again: Rc::new(Cell::new(false)),
            failures: Rc::new(Cell::new(0)),
            timer: Rc::new(RefCell::new(None)),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    /// Changes the book: reads the stored copy first (another tab may have written it),
    /// applies `f`, writes it back, and only then shows it. Returns whether it was stored.
    pub fn update<R>(&self, f: impl FnOnce(&mut Book) -> R) -> Option<(R, bool)> {
        let mut book = load_book(&self.session).or_else(|| self.ctx.book.get_untracked())?;
        let r = f(&mut book);
        let stored = save_book(&self.session, &book);
        self.ctx.book.set(Some(book));
        self.ctx.stored.set(stored);
        Some((r, stored))
    }

    /// Re-reads the book another tab of this device may have changed.
    pub fn reload_from_storage(&self) {
        if let Some(book) = load_book(&self.session) {
            self.ctx.book.set(Some(book));
        }
    }

    /// Wires the automatic triggers: the connection returning, the page becoming visible,
    /// another tab's writes, and a slow timer for news; syncs at once unless the book was
    /// just built from the server's state.
    pub fn start(&self, sync_now: bool) {
        let me = self.clone();
        let _ = window_event_listener_untyped("online", move |_| me.sync_now());
        let me = self.clone();
        let _ = window_event_listener_untyped("offline", move |_| {
            me.ctx.net.update(|n| n.online = false)
        });
        let me = self.clone();
        let _ = window_event_listener_untyped("visibilitychange", move |_| {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible {
                me.sync_now();
            }
        });
        let me = self.clone();
        let _ = window_event_listener_untyped("storage", move |_| me.reload_from_storage());
        let me = self.clone();
        let _ = set_interval_with_handle(
            move || {
                if document().visibility_state() == web_sys::VisibilityState::Visible {
                    me.sync_now();
                }
            },
            REFRESH,
        );
        if sync_now {
            self.sync_now();
        }
    }

    /// Asks for a sync soon after a change, so quick taps go out together.
    pub fn after_change(&self) {
        self.schedule(AFTER_CHANGE);
    }

    fn schedule(&self, delay: Duration) {
        if let Some(t) = self.timer.borrow_mut().take() {
            t.clear();
        }
        let me = self.clone();
        if let Ok(handle) = set_timeout_with_handle(move || me.sync_now(), delay) {
            *self.timer.borrow_mut() = Some(handle);
        }
    }

    /// Sends what is pending and reads the server's state, now.
    pub fn sync_now(&self) {
        if self.running.get() {
            self.again.set(true);
            return;
        }
        self.running.set(true);
        let me = self.clone();
        leptos::task::spawn_local(async move {
            me.ctx.net.update(|n| n.syncing = true);
            let outcome = me.round().await;
            me.running.set(false);
            me.ctx.net.update(|n| n.syncing = false);
            match outcome {
                Ok(()) => {
                    super::pwa::check_for_update();
                    me.failures.set(0);
                    me.ctx.net.update(|n| {
                        n.online = true;
                        n.trouble = false;
                    });
                    if me.again.replace(false) {
                        me.sync_now();
                    }
                }
                Err(CallError::Refused) => {
                    me.ctx.screen.set(Screen::BadLink);
                }
                Err(e) => {
                    me.again.set(false);
                    let failures = me.failures.get() + 1;
                    me.failures.set(failures);
                    me.ctx.net.update(|n| match e {
                        CallError::Offline => n.online = false,
                        CallError::Server => {
                            n.online = true;
                            n.trouble = true;
                        }
                        CallError::Refused => {}
                    });
                    let pending = me
                        .ctx
                        .book
                        .with_untracked(|b| b.as_ref().map_or(0, Book::pending));
                    if pending > 0 {
                        let secs = (1u64 << failures.min(5)).min(MAX_BACKOFF_SECS);
                        me.schedule(Duration::from_secs(secs));
                    }
                }
            }
        });
    }

    /// One pass: push the sheets' outbox in batches, then the votes', then take in `state`
    /// and the ballot.
    async fn round(&self) -> Result<(), CallError> {
        // A bound on the batches of one pass, so a server that never answers an op
        // cannot keep the loop spinning.
        for _ in 0..20 {
            let (ops, pending) =
                match load_book(&self.session).or_else(|| self.ctx.book.get_untracked()) {
                    Some(book) => (book.outgoing(), book.pending()),
                    None => break,
                };
            if ops.is_empty() {
                break;
            }
            // What stays unsent once this batch is in: what the host's console shows.
            let left = pending.saturating_sub(ops.len());
            let req = SyncRequest {
                device: self.device.clone(),
                ops,
                pending: Some(left as u64),
            };
            let response = push(&self.session, &req).await?;
            self.update(|b| {
                b.apply_results(&req.ops, &response.results, &response.server_time);
                // A rehearsal that ended drops its sheets and unsent ops here at once.
                b.learn_round(response.round);
            });
        }
        // Then the votes, in batches the same way, after the sheets.
        for _ in 0..20 {
            let ops = match load_book(&self.session).or_else(|| self.ctx.book.get_untracked()) {
                Some(book) => book.outgoing_votes(),
                None => break,
            };
            if ops.is_empty() {
                break;
            }
            let req = VoteRequest {
                device: self.device.clone(),
                ops,
            };
            let response = push_votes(&self.session, &req).await?;
            self.update(|b| b.apply_vote_results(&req.ops, &response.results));
        }
        let pending = self
            .ctx
            .book
            .with_untracked(|b| b.as_ref().map_or(0, Book::pending));
        let state = fetch_state(&self.session, pending).await?;
        let device = self.device.clone();
        let merged = self.update(|b| b.merge_state(state.clone(), &device));
        if merged.is_none() {
            let book = Book::from_state(state, &device);
            self.ctx.stored.set(save_book(&self.session, &book));
            self.ctx.book.set(Some(book));
        }
        if let Some(ballot) = fetch_ballot(&self.session).await? {
            self.update(|b| b.merge_ballot(ballot, &device));
        }
        self.ctx.net.update(|n: &mut Net| n.online = true);
        Ok(())
    }
}

thread_local! {
    static ACTIVE: RefCell<Option<Syncer>> = const { RefCell::new(None) };
}

/// Runs `f` with the page's sync loop, if a judge is signed in.
pub fn with_active(f: impl FnOnce(&Syncer)) {
    if let Some(s) = ACTIVE.with(|a| a.borrow().clone()) {
        f(&s);
    }
}

/// Applies a judge's edit to the stored book (with a fresh op id and the time), then asks
/// for a sync shortly.
pub fn edit(
    f: impl FnOnce(&mut Book, String, String) -> Result<(), EditError>,
) -> Result<(), EditError> {
    let Some(syncer) = ACTIVE.with(|a| a.borrow().clone()) else {
        return Ok(());
    };
    let result = syncer
        .update(|book| f(book, new_uuid(), now_iso()))
        .map(|(r, _)| r)
        .unwrap_or(Ok(()));
    if result.is_ok() {
        syncer.after_change();
    }
    result
}

/// The token in a `/j/{token}` address.
fn token_from_path() -> Option<String> {
    let path = window().location().pathname().ok()?;
    let token = path.strip_prefix("/j/")?.trim_end_matches('/');
    (!token.is_empty() && !token.contains('/')).then(|| token.to_string())
}

/// Takes the token out of the address bar once it is stored.
fn show_plain_address() {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/j"));
    }
}

/// Signs in with a token the judge pasted, as if the page had been opened at its link.
/// The run of show says the event is in `round`: when that ends the rehearsal this phone
/// knew, its sheets and unsent ops go now, before the judge scores again, and the phone
/// reads `state` afresh.
pub fn saw_round(round: crate::domain::wire::RoundInfo) {
    with_active(|s| {
        let ended = s
            .update(|b| {
                let ended = b.round.rehearsal_ended_by(&round);
                if ended {
                    b.learn_round(round);
                }
                ended
            })
            .is_some_and(|(ended, _)| ended);
        if ended {
            s.sync_now();
        }
    });
}

/// The judge has read that the rehearsal's scores were cleared.
pub fn rehearsal_notice_read() {
    with_active(|s| {
        s.update(|b| b.rehearsal_dropped = false);
    });
}

pub fn open_link(ctx: JudgeCtx, token: &str) {
    if let Ok(history) = window().history() {
        let path = format!("/j/{token}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    start(ctx);
}

/// Signs the device in and starts syncing; see `judge_actions::start`.
pub fn start(ctx: JudgeCtx) {
    ctx.screen.set(Screen::Loading);
    leptos::task::spawn_local(async move {
        let Some(session) = sign_in(ctx).await else {
            return;
        };
        let syncer = Syncer::new(ctx, session.clone());
        ACTIVE.with(|a| *a.borrow_mut() = Some(syncer.clone()));
        let stored = load_book(&session);
        let fresh = stored.is_none();
        match stored {
            Some(book) => ctx.book.set(Some(book)),
            None => match fetch_state(&session, 0).await {
                Ok(state) => {
                    let mut book = Book::from_state(state, syncer.device());
                    if let Ok(Some(ballot)) = fetch_ballot(&session).await {
                        book.merge_ballot(ballot, syncer.device());
                    }
                    book.last_sync = Some(now_iso());
                    ctx.stored.set(save_book(&session, &book));
                    ctx.book.set(Some(book));
                    ctx.net.update(|n| n.online = true);
                }
                Err(CallError::Refused) => return ctx.screen.set(Screen::BadLink),
                Err(_) => return ctx.screen.set(Screen::NeedsNetwork),
            },
        }
        ctx.screen.set(Screen::Ready);
        syncer.start(!fresh);
    });
}

/// The session to use: a token in the address is checked with the server (or, offline,
/// matched with the stored session); without one, the stored session.
async fn sign_in(ctx: JudgeCtx) -> Option<Session> {
    let stored = load_session();
    let Some(token) = token_from_path() else {
        if stored.is_none() {
            ctx.screen.set(Screen::NoSession);
        }
        return stored;
    };
    match fetch_me(&token).await {
        Ok(me) => match (me.role.as_str(), me.event, me.judge) {
            ("judge", Some(event), Some(judge)) => {
                let session = Session {
                    token,
                    event,
                    judge,
                };
                ctx.stored.set(save_session(&session));
                show_plain_address();
                Some(session)
            }
            _ => {
                ctx.screen.set(Screen::BadLink);
                None
            }
        },
        Err(CallError::Refused) => {
            if stored.as_ref().is_some_and(|s| s.token == token) {
                forget_session();
            }
            ctx.screen.set(Screen::BadLink);
            None
        }
        Err(_) => match stored {
            Some(s) if s.token == token => {
                show_plain_address();
                Some(s)
            }
            _ => {
                ctx.screen.set(Screen::NeedsNetwork);
                None
            }
        },
    }
}
