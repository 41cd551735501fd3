//! The public results (`/results`): the revealed presenters only, by place, with shared
//! places, what decided each place, the change since the previous ranking and each
//! breakdown as the room saw it, amendments with their reasons. No login; it follows the
//! event stream, so a reveal appears here as it happens.

use crate::backend::screen_event;
use crate::components::host_area::named_event;
use crate::components::placing::{decided_by_words, place_label, RankChange};
use crate::components::stage::Breakdown;
use crate::domain::wire::RankedPresenter;
use crate::i18n::{use_i18n, Msg};
use crate::state::live::LiveCtx;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let event = Resource::new(
        move || named.get(),
        |named| async move {
            match named {
                Some(id) => Ok(Some(id)),
                None => screen_event().await.map(|e| e.map(|e| e.id)),
            }
        },
    );
    view! {
        <section class="page public-results">
            <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match event.await {
                        Ok(Some(id)) => view! { <PublicResults event=id/> }.into_any(),
                        Ok(None) => view! {
                            <h1>{move || i18n.t(Msg::PublicResultsTitle)}</h1>
                            <p class="muted">{move || i18n.t(Msg::ScreenNoEvent)}</p>
                        }.into_any(),
                        Err(_) => view! { <p class="error">{move || i18n.t(Msg::LoadFailed)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PublicResults(event: String) -> impl IntoView {
    let i18n = use_i18n();
    let live = LiveCtx::new();
    let id = StoredValue::new(event);
    Effect::new(move |_| crate::browser::live_actions::follow(live, id.get_value()));
    let open = RwSignal::new(BTreeSet::<String>::new());
    let heading = move || {
        live.results
            .with(|r| r.as_ref().and_then(|r| r.event.clone()))
    };
    let presenters = move || {
        live.results
            .with(|r| r.as_ref().map(|r| r.presenters.clone()).unwrap_or_default())
    };
    let loaded = move || live.results.with(Option::is_some);
    view! {
        <h1>{move || i18n.t(Msg::PublicResultsTitle)}</h1>
        <p class="print-title" data-testid="public-title">
            {move || heading().map(|e| e.title).unwrap_or_default()}
        </p>
        <p class="muted">
            {move || heading().and_then(|e| e.date).map(|d| format!("{} {d}", i18n.t(Msg::EventDate)))}
        </p>
        {move || (!loaded()).then(|| view! { <p class="muted">{i18n.t(Msg::Loading)}</p> })}
        {move || (loaded() && presenters().is_empty())
            .then(|| view! { <p class="muted" data-testid="none-revealed">{i18n.t(Msg::NothingRevealed)}</p> })}
        <ol class="public-ranking" data-testid="public-ranking">
            {move || presenters().into_iter().map(|p| view! { <PublicPlace presenter=p open=open/> }).collect_view()}
        </ol>
        {move || heading().filter(|e| !e.complete && loaded()).map(|_| view! {
            <p class="muted" data-testid="more-to-come">{i18n.t(Msg::MoreToCome)}</p>
        })}
        <p class="links-row"><a class="button" href="/screen">{move || i18n.t(Msg::OpenScreen)}</a></p>
    }
}

#[component]
fn PublicPlace(presenter: RankedPresenter, open: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let p = presenter;
    let id = StoredValue::new(p.id.clone());
    let is_open = move || open.with(|o| o.contains(&*id.read_value()));
    let toggle = move |_| {
        open.update(|o| {
            let id = id.get_value();
            if !o.remove(&id) {
                o.insert(id);
            }
        })
    };
    let groups: Vec<(String, String)> = p
        .result
        .groups
        .iter()
        .map(|g| (g.group.clone(), g.name.clone()))
        .collect();
    let namer = move |gid: &str| {
        groups
            .iter()
            .find(|(g, _)| g == gid)
            .map_or_else(|| gid.to_string(), |(_, n)| n.clone())
    };
    let decided = p.decided_by.clone();
    let name = if p.unit.is_empty() {
        p.name.clone()
    } else {
        p.unit.clone()
    };
    let result = StoredValue::new(p.result.clone());
    let amendments = p.amendments.clone();
    view! {
        <li class="public-place" data-presenter=p.id.clone() data-rank=p.rank data-shared=p.shared.to_string()
            class:open=is_open>
            <div class="public-place-head">
                <span class="place-badge" data-testid="place">{place_label(p.rank, p.shared)}</span>
                <span class="rank-name">{name}<br/><small class="muted">{p.name.clone()}</small></span>
                <strong class="rank-final">{p.result.final_display.clone().unwrap_or_else(|| "—".into())}</strong>
            </div>
            <p class="public-place-facts">
                <span data-testid="decided-by">{move || decided_by_words(i18n, &decided, &namer)}</span>
                " "<RankChange change=p.rank_change previous=p.previous_rank/>
                {p.amended.then(|| view! { " "<span class="badge amended" data-testid="amended">{move || i18n.t(Msg::Amended)}</span> })}
                " "<button type="button" class="small" data-testid="toggle-breakdown"
                    aria-expanded=move || is_open().to_string() on:click=toggle>
                    {move || i18n.t(if is_open() { Msg::HideBreakdown } else { Msg::ShowBreakdown })}
                </button>
            </p>
            {(!amendments.is_empty()).then(|| view! {
                <ol class="amendments" data-testid="amendments">
                    {amendments.into_iter().map(|a| view! {
                        <li>
                            {move || i18n.t(Msg::AmendReasonLabel)}" "<q>{a.reason.clone()}</q>
                            " · "{a.previous_final.map(|f| f.to_string()).unwrap_or_else(|| "—".into())}
                            " → "{a.final_score.map(|f| f.to_string()).unwrap_or_else(|| "—".into())}
                        </li>
                    }).collect_view()}
                </ol>
            })}
            {move || is_open().then(|| view! {
                <div class="static-breakdown"><Breakdown result=result.get_value()/></div>
            })}
        </li>
    }
}
