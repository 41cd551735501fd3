//! The judges' links and QR codes on one printable sheet (`/host/links`), with a way to
//! revoke one judge's link and issue a new one.

use crate::backend::screen_event;
use crate::browser::{api_call, keys, load};
use crate::components::host_area::{HostNav, HostSection};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn HostLinksPage() -> impl IntoView {
    let i18n = use_i18n();
    let cards = RwSignal::new(None::<Vec<Value>>);
    let title = RwSignal::new(String::new());
    let event_id = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let Some(token) = load(keys::HOST_TOKEN) else {
                problem.set(Some(i18n.t(Msg::HostAskLink).to_string()));
                return;
            };
            let Ok(Some(event)) = screen_event().await else {
                problem.set(Some(i18n.t(Msg::LoadFailed).to_string()));
                return;
            };
            event_id.set(event.id.clone());
            let url = format!("/api/v1/events/{}/judge-cards", event.id);
            match api_call("GET", &url, &token, None).await {
                Ok((200, text)) => {
                    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    title.set(
                        body["event"]["title"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    );
                    cards.set(body["judges"].as_array().cloned());
                }
                _ => problem.set(Some(i18n.t(Msg::HostBadToken).to_string())),
            }
        });
    });

    let reissue = move |judge: String| {
        leptos::task::spawn_local(async move {
            let Some(token) = load(keys::HOST_TOKEN) else {
                return;
            };
            let url = format!(
                "/api/v1/events/{}/judges/{judge}/reissue",
                event_id.get_untracked()
            );
            if let Ok((200, text)) = api_call("POST", &url, &token, Some("{}".into())).await {
                let fresh: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                cards.update(|c| {
                    for card in c.iter_mut().flatten() {
                        if card["id"] == fresh["id"] {
                            card["join_url"] = fresh["join_url"].clone();
                            card["qr_svg"] = fresh["qr_svg"].clone();
                        }
                    }
                });
                notice.set(Some(i18n.t(Msg::ReissueDone).to_string()));
            }
        });
    };
    let print = move |_| {
        #[cfg(feature = "browser")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <section class="page host-links">
            <HostNav current=HostSection::Links/>
            <h1>{move || i18n.t(Msg::JudgeLinksTitle)}</h1>
            <p class="print-title">{move || title.get()}</p>
            <p class="no-print"><button class="primary" on:click=print>{move || i18n.t(Msg::PrintLinks)}</button></p>
            {move || problem.get().map(|m| view! { <p class="error">{m}</p> })}
            {move || notice.get().map(|m| view! { <p class="saved no-print" data-testid="reissued">{m}</p> })}
            <div class="judge-cards" data-testid="judge-cards">
                {move || cards.get().unwrap_or_default().into_iter().map(|c| {
                    let id = c["id"].as_str().unwrap_or_default().to_string();
                    let again = id.clone();
                    view! {
                        <div class="judge-card" data-judge=id.clone()>
                            <p class="judge-card-name"><strong>{c["name"].as_str().unwrap_or_default().to_string()}</strong>
                                " · "{c["group_name"].as_str().unwrap_or_default().to_string()}</p>
                            <div class="qr" inner_html=c["qr_svg"].as_str().unwrap_or_default().to_string()></div>
                            <p class="join-url">{c["join_url"].as_str().unwrap_or_default().to_string()}</p>
                            <button class="small no-print" data-action="reissue" on:click=move |_| reissue(again.clone())>
                                {move || i18n.t(Msg::Reissue)}
                            </button>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
