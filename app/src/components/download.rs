//! A download the host's token must open: the page fetches the file with the bearer header
//! and hands it to the browser as a saved file (a link to a `Blob` cannot carry a header).

use crate::browser::{keys, load};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// The file name of a `Content-Disposition: attachment; filename="…"` header.
pub fn attachment_name(header: &str) -> Option<String> {
    let (_, rest) = header.split_once("filename=")?;
    let name = rest.split(';').next()?.trim().trim_matches('"');
    // Only the name: a path in it would be the server's mistake, not a place to save to.
    let name = name.rsplit(['/', '\\']).next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A button that downloads `path` (an API path with its query) as the signed-in host.
#[component]
pub fn DownloadButton(
    label: Msg,
    #[prop(into)] path: Signal<Option<String>>,
    /// The name to save under when the server does not give one.
    fallback: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let click = move |_| {
        let (Some(path), Some(token)) = (path.get_untracked(), load(keys::HOST_TOKEN)) else {
            failed.set(Some(i18n.t(Msg::HostPagesSignIn).to_string()));
            return;
        };
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            if let Err(message) = save(&path, &token, fallback).await {
                failed.set(Some(message));
            }
            busy.set(false);
        });
    };
    view! {
        <span class="download">
            <button type="button" data-testid=testid disabled=move || busy.get() || path.with(Option::is_none)
                on:click=click>
                {move || i18n.t(label)}
            </button>
            {move || failed.get().map(|m| view! {
                <span class="error" role="alert">{i18n.t(Msg::DownloadFailed)}" "{m}</span>
            })}
        </span>
    }
}

/// Fetches `path` with the host token and saves the answer as a file; `Err` says why not.
async fn save(path: &str, token: &str, fallback: &str) -> Result<(), String> {
    #[cfg(feature = "browser")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        // The browser's own errors are not for the host to read: the words for a failure.
        let js = |_: wasm_bindgen::JsValue| crate::components::host_area::error_message("");
        let init = web_sys::RequestInit::new();
        init.set_method("GET");
        // Times in the file are in this device's zone, as the host reads the clock.
        let east = -(js_sys::Date::new_0().get_timezone_offset() as i32);
        let sep = if path.contains('?') { '&' } else { '?' };
        let path = format!("{path}{sep}tz={east}");
        let request = web_sys::Request::new_with_str_and_init(&path, &init).map_err(js)?;
        request
            .headers()
            .set("authorization", &format!("Bearer {token}"))
            .map_err(js)?;
        let window =
            web_sys::window().ok_or_else(|| crate::components::host_area::error_message(""))?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(js)?
            .dyn_into()
            .map_err(js)?;
        if !response.ok() {
            let text = JsFuture::from(response.text().map_err(js)?)
                .await
                .map_err(js)?;
            return Err(crate::components::host_area::error_message(
                &text.as_string().unwrap_or_default(),
            ));
        }
        let name = response
            .headers()
            .get("content-disposition")
            .ok()
            .flatten()
            .and_then(|h| attachment_name(&h))
            .unwrap_or_else(|| fallback.to_string());
        let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(js)?)
            .await
            .map_err(js)?
            .dyn_into()
            .map_err(js)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js)?;
        let document = window
            .document()
            .ok_or_else(|| js(wasm_bindgen::JsValue::NULL))?;
        let link: web_sys::HtmlAnchorElement = document
            .create_element("a")
            .map_err(js)?
            .dyn_into()
            .map_err(|_| "no link".to_string())?;
        link.set_href(&url);
        link.set_download(&name);
        let body = document
            .body()
            .ok_or_else(|| js(wasm_bindgen::JsValue::NULL))?;
        body.append_child(&link).map_err(js)?;
        link.click();
        link.remove();
        // The browser has taken the file once the click is handled; free it a little later.
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(10),
        );
        Ok(())
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = (path, token, fallback);
        Err("downloads happen in the browser".into())
    }
}

#[cfg(test)]
mod tests {
    use super::attachment_name;

    #[test]
    fn the_file_name_comes_from_the_header() {
        assert_eq!(
            attachment_name("attachment; filename=\"leitai-demo-results.csv\"").as_deref(),
            Some("leitai-demo-results.csv")
        );
        assert_eq!(
            attachment_name("attachment; filename=a.xlsx; x=1").as_deref(),
            Some("a.xlsx")
        );
        assert_eq!(
            attachment_name("attachment; filename=\"../../x.csv\"").as_deref(),
            Some("x.csv")
        );
        assert_eq!(attachment_name("attachment"), None);
        assert_eq!(attachment_name("attachment; filename=\"\""), None);
    }
}
