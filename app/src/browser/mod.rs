//! Browser-only effects (storage, cookies, the document); on the server these do nothing.

use crate::domain::Lang;
use crate::i18n::I18n;

/// Local-storage keys, in one place so two features never share one by accident.
pub mod keys {
    pub const LANG: &str = "leitai.lang";
    pub const HOST_TOKEN: &str = "leitai.host_token";
    /// This device's id for life (a UUID).
    pub const DEVICE: &str = "leitai.device";
    /// The judge signed in on this device: token, event, judge.
    pub const JUDGE_SESSION: &str = "leitai.judge";
    /// Prefix of a judge's book: `leitai.book.<event>.<judge>`.
    pub const BOOK: &str = "leitai.book";
}

#[cfg(feature = "browser")]
pub mod judge;
#[cfg(feature = "browser")]
pub mod live;
#[cfg(feature = "browser")]
pub mod pwa;
#[cfg(feature = "browser")]
pub mod session;
// The judge's phone plays no cues: its bundle does not carry the audio code.
#[cfg(all(feature = "browser", not(feature = "judge-bundle")))]
pub mod sound;

/// The live stage's actions, for the pages that show it; nothing happens on the server.
pub mod live_actions {
    use crate::state::live::LiveCtx;

    /// Follows an event's run of show and results.
    pub fn follow(ctx: LiveCtx, event: String) {
        #[cfg(feature = "browser")]
        super::live::follow(ctx, event, Some(super::live::take_results));
        #[cfg(not(feature = "browser"))]
        let _ = (ctx, event);
    }

    /// Follows the run of show only: the judge's page, whose first download must not
    /// carry the results' code.
    pub fn follow_show(ctx: LiveCtx, event: String) {
        #[cfg(feature = "browser")]
        super::live::follow(ctx, event, None);
        #[cfg(not(feature = "browser"))]
        let _ = (ctx, event);
    }
}

/// The timer's cue sounds, for the screen and the host's console; nothing happens on the
/// server or in the judge's bundle.
pub mod sound_actions {
    use leptos::prelude::RwSignal;

    /// Makes the page's audio context and resumes it at the page's first tap, click or key
    /// press, as browsers require; keeps `locked` (if given) true while sound waits for one,
    /// false where the browser lets the page play sound at once or has no Web Audio.
    pub fn unlock_on_tap(locked: Option<RwSignal<bool>>) {
        #[cfg(all(feature = "browser", not(feature = "judge-bundle")))]
        super::sound::unlock_on_tap(locked);
        #[cfg(not(all(feature = "browser", not(feature = "judge-bundle"))))]
        let _ = locked;
    }

    /// A cue's sound: one short beep, two at time up; nothing while sound is locked.
    pub fn play_cue(time_up: bool) {
        #[cfg(all(feature = "browser", not(feature = "judge-bundle")))]
        super::sound::play_cue(time_up);
        #[cfg(not(all(feature = "browser", not(feature = "judge-bundle"))))]
        let _ = time_up;
    }
}

/// The installed app's actions, for `components::pwa`; nothing happens on the server.
pub mod pwa_actions {
    use crate::state::pwa::PwaCtx;

    /// Starts watching install state, storage and the service worker's updates.
    pub fn watch(ctx: PwaCtx) {
        #[cfg(feature = "browser")]
        super::pwa::watch(ctx);
        #[cfg(not(feature = "browser"))]
        let _ = ctx;
    }

    pub fn prompt_install(ctx: PwaCtx) {
        #[cfg(feature = "browser")]
        super::pwa::prompt_install(ctx);
        #[cfg(not(feature = "browser"))]
        let _ = ctx;
    }

    pub fn apply_update() {
        #[cfg(feature = "browser")]
        super::pwa::apply_update();
    }

    /// Puts this judge's own link on the clipboard, for the app installed on an iPhone,
    /// which opens without it. Whether there was a link to copy.
    pub fn copy_link() -> bool {
        #[cfg(feature = "browser")]
        return super::pwa::copy_link();
        #[cfg(not(feature = "browser"))]
        false
    }
}

/// The language the server rendered the page in.
pub fn document_lang() -> Option<Lang> {
    #[cfg(feature = "browser")]
    {
        let root = web_sys::window()?.document()?.document_element()?;
        Lang::from_tag(&root.get_attribute("lang")?)
    }
    #[cfg(not(feature = "browser"))]
    None
}

/// Remembers a chosen language in a cookie (for the server's next render) and in local
/// storage (for a page served from cache), and relabels the document.
pub fn remember_lang(lang: Lang) {
    #[cfg(feature = "browser")]
    {
        use gloo_storage::Storage;
        use wasm_bindgen::JsCast;
        let _ = gloo_storage::LocalStorage::set(keys::LANG, lang.tag());
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
                let cookie = format!(
                    "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                    crate::i18n::LANG_COOKIE,
                    lang.tag()
                );
                let _ = html.set_cookie(&cookie);
            }
        }
    }
    #[cfg(not(feature = "browser"))]
    let _ = lang;
}

/// Renders the judge's app in place of the server's render (the judge's bundle).
#[cfg(feature = "judge-bundle")]
pub fn mount_judge_app() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        body.set_inner_html("");
    }
    leptos::mount::mount_to_body(crate::JudgeApp);
}

/// Runs once the page is interactive: applies a language remembered on this device that
/// the server did not know of, and marks the body so tests can wait for hydration.
pub fn on_hydrated(i18n: I18n) {
    #[cfg(feature = "browser")]
    leptos::prelude::Effect::new(move |_| {
        use gloo_storage::Storage;
        use leptos::prelude::Set;
        if let Ok(tag) = gloo_storage::LocalStorage::get::<String>(keys::LANG) {
            if let Some(lang) = Lang::from_tag(&tag) {
                i18n.lang.set(lang);
            }
        }
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    #[cfg(not(feature = "browser"))]
    let _ = i18n;
}

/// Reads a value this device stored.
pub fn load(key: &str) -> Option<String> {
    #[cfg(feature = "browser")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::get::<String>(key).ok()
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = key;
        None
    }
}

/// Stores a value on this device; `false` when the browser refused (full or private mode).
pub fn store(key: &str, value: &str) -> bool {
    #[cfg(feature = "browser")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::set(key, value).is_ok()
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = (key, value);
        false
    }
}

pub fn forget(key: &str) {
    #[cfg(feature = "browser")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::delete(key);
    }
    #[cfg(not(feature = "browser"))]
    let _ = key;
}

/// The part of the address after `#`, without it.
pub fn location_fragment() -> Option<String> {
    #[cfg(feature = "browser")]
    {
        let hash = web_sys::window()?.location().hash().ok()?;
        let hash = hash.strip_prefix('#').unwrap_or(&hash).to_string();
        (!hash.is_empty()).then_some(hash)
    }
    #[cfg(not(feature = "browser"))]
    None
}

/// Drops the fragment from the address bar (it may hold a token) without reloading.
pub fn clear_location_fragment() {
    #[cfg(feature = "browser")]
    if let Some(w) = web_sys::window() {
        if let (Ok(history), Ok(path)) = (w.history(), w.location().pathname()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// What the judge's page asks of the device; on the server these do nothing.
pub mod judge_actions {
    use crate::domain::device::EditError;
    use crate::domain::Score;
    use crate::state::judge::JudgeCtx;

    /// Signs the device in (from a `/j/{token}` address or the stored session), loads the
    /// book and starts the sync loop.
    pub fn start(ctx: JudgeCtx) {
        #[cfg(feature = "browser")]
        super::judge::start(ctx);
        #[cfg(not(feature = "browser"))]
        let _ = ctx;
    }

    /// The run of show's round, as the stream told it (see `Book::learn_round`).
    pub fn saw_round(round: crate::domain::wire::RoundInfo) {
        #[cfg(feature = "browser")]
        super::judge::saw_round(round);
        #[cfg(not(feature = "browser"))]
        let _ = round;
    }

    /// The judge has read that an ended rehearsal's scores were cleared from this device.
    pub fn rehearsal_notice_read() {
        #[cfg(feature = "browser")]
        super::judge::rehearsal_notice_read();
    }

    /// A short buzz, where the phone can: iPhones' browsers have no `vibrate`, and calling
    /// it there would throw. A browser may still refuse it (before the judge's first tap).
    pub fn buzz() {
        #[cfg(feature = "browser")]
        if let Some(navigator) = web_sys::window().map(|w| w.navigator()) {
            if js_sys::Reflect::has(&navigator, &"vibrate".into()).unwrap_or(false) {
                let _ = navigator.vibrate_with_duration(200);
            }
        }
    }

    /// Signs in with the token of a link the judge pasted.
    pub fn open_link(ctx: JudgeCtx, token: &str) {
        #[cfg(feature = "browser")]
        super::judge::open_link(ctx, token);
        #[cfg(not(feature = "browser"))]
        let _ = (ctx, token);
    }

    pub fn set_value(
        presenter: &str,
        criterion: &str,
        value: Option<Score>,
    ) -> Result<(), EditError> {
        #[cfg(feature = "browser")]
        return super::judge::edit(|book, op_id, now| {
            book.set_value(presenter, criterion, value, op_id, now)
        });
        #[cfg(not(feature = "browser"))]
        {
            let _ = (presenter, criterion, value);
            Ok(())
        }
    }

    pub fn submit(presenter: &str) -> Result<(), EditError> {
        #[cfg(feature = "browser")]
        return super::judge::edit(|book, op_id, now| book.submit(presenter, op_id, now));
        #[cfg(not(feature = "browser"))]
        {
            let _ = presenter;
            Ok(())
        }
    }

    /// The sheet's written point (意见建议), saved and sent as a value is.
    pub fn set_note(presenter: &str, text: &str) -> Result<(), EditError> {
        #[cfg(feature = "browser")]
        return super::judge::edit(|book, op_id, now| book.set_note(presenter, text, op_id, now));
        #[cfg(not(feature = "browser"))]
        {
            let _ = (presenter, text);
            Ok(())
        }
    }

    /// The judge's vote on a ballot item (回头看测评).
    pub fn vote(item: &str, choice: crate::domain::item_terms::Choice) -> Result<(), EditError> {
        #[cfg(feature = "browser")]
        return super::judge::edit(|book, op_id, now| book.vote(item, choice, op_id, now));
        #[cfg(not(feature = "browser"))]
        {
            let _ = (item, choice);
            Ok(())
        }
    }

    pub fn discard(presenter: &str) {
        #[cfg(feature = "browser")]
        let _ = super::judge::edit(|book, _, _| {
            book.discard_edit(presenter);
            Ok(())
        });
        #[cfg(not(feature = "browser"))]
        let _ = presenter;
    }

    pub fn sync_now() {
        #[cfg(feature = "browser")]
        super::judge::with_active(|s| s.sync_now());
    }

    /// A server time as local clock time.
    pub fn local_time(iso: &str) -> String {
        #[cfg(feature = "browser")]
        return super::judge::local_time(iso);
        #[cfg(not(feature = "browser"))]
        iso.to_string()
    }
}

/// One `fetch`: `(status, body text)`, or `Err` when no answer came. Plain `web-sys`
/// rather than an HTTP client crate: the judge's bundle carries only what it uses.
#[cfg(feature = "browser")]
pub async fn fetch_text(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String), ()> {
    let body = body.map(wasm_bindgen::JsValue::from_str);
    fetch_any(method, path, headers, body.as_ref(), signal).await
}

/// `fetch_text` with any body the browser sends as it is: a string, or a file's bytes.
#[cfg(feature = "browser")]
async fn fetch_any(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&wasm_bindgen::JsValue>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String), ()> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(body);
    }
    init.set_signal(signal);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| ())?;
    for (name, value) in headers {
        request.headers().set(name, value).map_err(|_| ())?;
    }
    let window = web_sys::window().ok_or(())?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    let text = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// How long an API request may take on venue Wi-Fi before the device gives up on it.
#[cfg(feature = "browser")]
const API_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(12);

/// Calls the API with a bearer token: `(status, body)`, or `Err` when no answer came in
/// time (offline, dropped, or slower than the timeout).
pub async fn api_call(
    method: &str,
    path: &str,
    token: &str,
    body: Option<String>,
) -> Result<(u16, String), ()> {
    call_with(method, path, token, None, body).await
}

/// A host's step: an API call with an `Idempotency-Key`, so the server answers a repeat of
/// it (a retry after a lost answer) with the first answer instead of doing it again.
pub async fn host_call(
    method: &str,
    path: &str,
    token: &str,
    key: &str,
    body: &str,
) -> Result<(u16, String), ()> {
    call_with(method, path, token, Some(key), Some(body.to_string())).await
}

/// A host's step sent with one key for all its tries, tried again while no answer comes:
/// it takes effect once, however the network behaves. `Err` when every try went unanswered.
pub async fn host_step(path: &str, token: &str, body: &str) -> Result<(u16, String), ()> {
    #[cfg(feature = "browser")]
    let key = judge::new_uuid();
    #[cfg(not(feature = "browser"))]
    let key = String::new();
    let mut answer = Err(());
    for _ in 0..3 {
        answer = host_call("POST", path, token, &key, body).await;
        if answer.is_ok() {
            break;
        }
    }
    answer
}

async fn call_with(
    method: &str,
    path: &str,
    token: &str,
    key: Option<&str>,
    body: Option<String>,
) -> Result<(u16, String), ()> {
    #[cfg(feature = "browser")]
    {
        let auth = format!("Bearer {token}");
        let mut headers = vec![("authorization", auth.as_str())];
        if body.is_some() {
            headers.push(("content-type", "application/json"));
        }
        if let Some(key) = key {
            headers.push(("idempotency-key", key));
        }
        let body = body.as_deref().map(wasm_bindgen::JsValue::from_str);
        fetch_in_time(method, path, &headers, body.as_ref()).await
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = (method, path, token, key, body);
        Err(())
    }
}

/// Calls the API with a bearer token, asking for JSON, with a body of raw bytes (a file as
/// it is: a roster) and its content type: `(status, body)`, or `Err` when no answer came in
/// time.
pub async fn api_bytes(
    method: &str,
    path: &str,
    token: &str,
    body: Option<(&str, &[u8])>,
) -> Result<(u16, String), ()> {
    #[cfg(feature = "browser")]
    {
        let auth = format!("Bearer {token}");
        let mut headers = vec![
            ("authorization", auth.as_str()),
            ("accept", "application/json"),
        ];
        let mut bytes = None;
        if let Some((content_type, data)) = body {
            headers.push(("content-type", content_type));
            bytes = Some(wasm_bindgen::JsValue::from(js_sys::Uint8Array::from(data)));
        }
        fetch_in_time(method, path, &headers, bytes.as_ref()).await
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = (method, path, token, body);
        Err(())
    }
}

/// One `fetch`, given up on after [`API_TIMEOUT`].
#[cfg(feature = "browser")]
async fn fetch_in_time(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&wasm_bindgen::JsValue>,
) -> Result<(u16, String), ()> {
    use leptos::prelude::set_timeout_with_handle;
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let timer = controller
        .clone()
        .and_then(|c| set_timeout_with_handle(move || c.abort(), API_TIMEOUT).ok());
    let answer = fetch_any(method, path, headers, body, signal.as_ref()).await;
    if let Some(t) = timer {
        t.clear();
    }
    answer
}
