//! The judges' links and QR codes on one printable sheet (`/host/links`), with a way to
//! revoke one judge's link and issue a new one.

use crate::browser::{api_call, keys, load};
use crate::components::host_area::{
    confirm, copy_text, host_ctx, named_event, query_value, HostNav, HostSection, Problem,
};
use crate::domain::wire::{JudgeCard, JudgeCards, ReissuedLink, UnitLinks};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// What is wrong with a join link for a judge's phone: the host it names when only this
/// computer can reach it, and whether it is plain HTTP (no install, no offline use).
pub fn link_problems(url: &str) -> (Option<String>, bool) {
    let plain = url.starts_with("http://");
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.starts_with("127.")
        || host == "0.0.0.0";
    (loopback.then(|| authority.to_string()), plain)
}

#[component]
pub fn HostLinksPage() -> impl IntoView {
    let i18n = use_i18n();
    let cards = RwSignal::new(None::<Vec<JudgeCard>>);
    let title = RwSignal::new(String::new());
    let event_id = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let named = named_event();
    Effect::new(move |_| {
        let named = named.get();
        leptos::task::spawn_local(async move {
            let ctx = match host_ctx(named).await {
                Ok(ctx) => ctx,
                Err(Problem::SignedOut) => {
                    problem.set(Some(i18n.t(Msg::HostAskLink).to_string()));
                    return;
                }
                Err(_) => {
                    problem.set(Some(i18n.t(Msg::LoadFailed).to_string()));
                    return;
                }
            };
            event_id.set(ctx.event.clone());
            let url = ctx.path("/judge-cards");
            match api_call("GET", &url, &ctx.token, None).await {
                Ok((200, text)) => match serde_json::from_str::<JudgeCards>(&text) {
                    Ok(body) => {
                        title.set(body.event.title);
                        cards.set(Some(body.judges));
                    }
                    Err(_) => problem.set(Some(i18n.t(Msg::LoadFailed).to_string())),
                },
                _ => problem.set(Some(i18n.t(Msg::HostBadToken).to_string())),
            }
        });
    });

    // One reissue at a time, each sent once in effect: a second tap on a button does
    // nothing while the first is on its way, and a retry never revokes the link just made.
    let reissuing = RwSignal::new(None::<String>);
    let reissue_failed = RwSignal::new(None::<String>);
    let reissue = move |judge: String| {
        if reissuing.get_untracked().is_some() {
            return;
        }
        reissuing.set(Some(judge.clone()));
        notice.set(None);
        reissue_failed.set(None);
        leptos::task::spawn_local(async move {
            let Some(token) = load(keys::HOST_TOKEN) else {
                reissuing.set(None);
                return;
            };
            let url = format!(
                "/api/v1/events/{}/judges/{judge}/reissue",
                event_id.get_untracked()
            );
            let answer = crate::browser::host_step(&url, &token, "{}").await;
            reissuing.set(None);
            if !matches!(answer, Ok((200, _))) {
                reissue_failed.set(Some(match answer {
                    Ok((_, text)) => crate::components::host_area::error_message(&text),
                    Err(()) => i18n.t(Msg::HostOffline).to_string(),
                }));
                return;
            }
            if let Ok((200, text)) = answer {
                if let Ok(fresh) = serde_json::from_str::<ReissuedLink>(&text) {
                    cards.update(|c| {
                        for card in c.iter_mut().flatten() {
                            if card.id == fresh.id {
                                card.join_url = fresh.join_url.clone();
                                card.qr_svg = fresh.qr_svg.clone();
                            }
                        }
                    });
                }
                notice.set(Some(i18n.t(Msg::ReissueDone).to_string()));
            }
        });
    };
    let problems = move || {
        cards.with(|c| {
            c.as_ref()
                .and_then(|c| c.first())
                .map(|card| link_problems(&card.join_url))
        })
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
            <p class="no-print"><a class="go" href="#unit-links" data-testid="unit-links-jump">{move || i18n.t(Msg::UnitLinksJump)}</a></p>
            {move || problem.get().map(|m| view! { <p class="error">{m}</p> })}
            {move || problems().filter(|(lo, plain)| lo.is_some() || *plain).map(|(loopback, plain)| view! {
                <div class="card links-warning" data-testid="links-warning" role="alert">
                    {loopback.map(|host| view! { <p><strong>{i18n.fill(Msg::LinksLoopback, &[("{host}", &host)])}</strong></p> })}
                    {plain.then(|| view! { <p>{i18n.t(Msg::LinksPlainHttp)}</p> })}
                    <p>{i18n.t(Msg::LinksFix)}</p>
                </div>
            })}
            {move || notice.get().map(|m| view! { <p class="saved no-print" data-testid="reissued">{m}</p> })}
            {move || reissue_failed.get().map(|m| view! { <p class="error no-print" role="alert" data-testid="reissue-failed">{m}</p> })}
            <div class="judge-cards" data-testid="judge-cards">
                {move || cards.get().unwrap_or_default().into_iter().map(|c| {
                    let id = c.id.clone();
                    let again = id.clone();
                    view! {
                        <div class="judge-card" data-judge=id.clone()>
                            <p class="judge-card-name"><strong>{c.name}</strong>
                                " · "{c.group_name.unwrap_or_default()}</p>
                            <div class="qr" inner_html=c.qr_svg></div>
                            <p class="join-url">{c.join_url}</p>
                            <button class="small no-print" data-action="reissue" disabled=move || reissuing.with(Option::is_some)
                                on:click=move |_| reissue(again.clone())>
                                {move || i18n.t(Msg::Reissue)}
                            </button>
                        </div>
                    }
                }).collect_view()}
            </div>
            {move || (!event_id.get().is_empty()).then(|| view! { <UnitLinksCard event=event_id.get()/> })}
        </section>
    }
}

/// The units' own links (局长直通车): each unit posts progress on its items and reports them
/// done from its link. A link is issued when the host asks, and issued again the same way
/// (the old one stops working).
#[component]
fn UnitLinksCard(event: String) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("/api/v1/events/{}", query_value(&event));
    let units = LocalResource::new({
        let base = base.clone();
        move || {
            let base = base.clone();
            async move {
                let token = load(keys::HOST_TOKEN)?;
                match api_call("GET", &format!("{base}/units"), &token, None).await {
                    Ok((200, text)) => serde_json::from_str::<UnitLinks>(&text).ok(),
                    _ => None,
                }
            }
        }
    });
    let failed = RwSignal::new(None::<String>);
    let issue = Action::new_local(move |unit: &String| {
        let path = format!("{base}/units/{}/link", query_value(unit));
        async move {
            let token = load(keys::HOST_TOKEN).unwrap_or_default();
            match crate::browser::host_step(&path, &token, "{}").await {
                Ok((200, _)) => {
                    failed.set(None);
                    units.refetch();
                }
                Ok((_, text)) => {
                    failed.set(Some(crate::components::host_area::error_message(&text)))
                }
                Err(()) => failed.set(Some(i18n.t(Msg::HostOffline).to_string())),
            }
        }
    });
    let copied = RwSignal::new(None::<String>);
    // Opened from 直通车 (`#unit-links`): the card comes in after the page, so it is brought
    // into view once its units are there.
    Effect::new(move |_| {
        if units.with(|u| matches!(u, Some(Some(_)))) {
            show_if_asked();
        }
    });
    view! {
        <section class="card unit-links no-print" id="unit-links" data-testid="unit-links">
            <h2>{move || i18n.t(Msg::UnitLinksTitle)}</h2>
            <p class="muted">{move || i18n.t(Msg::UnitLinksIntro)}</p>
            {move || failed.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <ul class="unit-link-list">
                {move || units.get().flatten().map(|list| list.units.into_iter().map(|u| {
                    let key = u.unit.clone().unwrap_or_else(|| "bureau".to_string());
                    let name = match (&u.unit_name, &u.presenter_name) {
                        (Some(unit), Some(who)) => format!("{unit}（{who}）"),
                        (Some(unit), None) => unit.clone(),
                        _ => i18n.t(Msg::UnitBureau).to_string(),
                    };
                    let has_link = u.join_url.is_some();
                    let items = u.items;
                    let unit_attr = key.clone();
                    let copy_key = key.clone();
                    let asked_name = name.clone();
                    view! {
                        <li class="unit-link" data-testid="unit-link" data-unit=unit_attr>
                            <p><strong>{name}</strong>" · "
                                {move || i18n.fill(Msg::UnitLinksItems, &[("{n}", &items.to_string())])}</p>
                            {u.qr_svg.clone().map(|svg| view! { <div class="qr unit-qr" inner_html=svg></div> })}
                            {u.join_url.clone().map(|url| {
                                let shown = url.clone();
                                let copy_key = copy_key.clone();
                                view! {
                                    <p class="join-url" data-testid="unit-join-url">{shown}</p>
                                    <button type="button" class="small" data-testid="unit-copy"
                                        on:click=move |_| {
                                            let done = copy_text(&url);
                                            copied.set(Some(if done { copy_key.clone() } else { String::new() }));
                                        }>
                                        {move || i18n.t(Msg::UnitLinksCopy)}
                                    </button>
                                }
                            })}
                            <button type="button" class="small" data-testid="unit-issue"
                                disabled=move || issue.pending().get()
                                on:click=move |_| {
                                    // A new link ends the old one at once: ask first, naming the unit.
                                    if has_link
                                        && !confirm(&i18n.fill(Msg::UnitLinksConfirm, &[("{unit}", &asked_name)]))
                                    {
                                        return;
                                    }
                                    issue.dispatch(key.clone());
                                }>
                                {move || i18n.t(if has_link { Msg::UnitLinksReissue } else { Msg::UnitLinksIssue })}
                            </button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            {move || copied.get().map(|key| view! {
                <p class="saved" role="status" data-testid="unit-copied">
                    {i18n.t(if key.is_empty() { Msg::UnitLinksCopyByHand } else { Msg::UnitLinksCopied })}
                </p>
            })}
        </section>
    }
}

/// Scrolls to the units' links when the address asks for them.
fn show_if_asked() {
    #[cfg(feature = "browser")]
    if let Some(window) = web_sys::window() {
        if window.location().hash().ok().as_deref() == Some("#unit-links") {
            if let Some(card) = window
                .document()
                .and_then(|d| d.get_element_by_id("unit-links"))
            {
                card.scroll_into_view();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::link_problems;

    #[test]
    fn links_only_this_computer_or_plain_http_can_use_are_named() {
        assert_eq!(
            link_problems("http://127.0.0.1:3000/j/abc"),
            (Some("127.0.0.1:3000".into()), true)
        );
        assert_eq!(
            link_problems("http://localhost/j/abc"),
            (Some("localhost".into()), true)
        );
        assert_eq!(
            link_problems("https://[::1]:8443/j/abc"),
            (Some("[::1]:8443".into()), false)
        );
        assert_eq!(
            link_problems("http://192.168.8.10:3000/j/abc"),
            (None, true)
        );
        assert_eq!(
            link_problems("https://score.example.org/j/abc"),
            (None, false)
        );
    }
}
