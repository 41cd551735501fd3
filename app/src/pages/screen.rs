//! The big screen: the title, who is on and the countdown, how many judges have submitted
//! (never their scores), the reveal with its breakdown, and the ranking so far. No login,
//! no interaction; it follows the event stream and recovers by itself.

use crate::backend::screen_event;
use crate::components::stage::{phase_msg, Breakdown, Countdown, Ranking};
use crate::i18n::{use_i18n, Msg};
use crate::live::LiveCtx;
use leptos::prelude::*;

#[component]
pub fn ScreenPage() -> impl IntoView {
    let i18n = use_i18n();
    let event = Resource::new(|| (), |_| screen_event());
    view! {
        <section class="page screen">
            <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match event.await {
                        Ok(Some(event)) => view! {
                            <h1 class="screen-title" data-testid="screen-title">{event.title.clone()}</h1>
                            <Stage event=event.id.clone()/>
                            <div class="screen-order">
                                <h2>{move || i18n.t(Msg::ScreenOrder)}</h2>
                                <ol class="order" data-testid="presenter-order">
                                    {event.presenters.into_iter().map(|p| view! {
                                        <li data-presenter=p.id.clone()>
                                            <span class="order-no">{p.order}</span>
                                            <span class="order-name">{p.unit.clone()}</span>
                                        </li>
                                    }).collect_view()}
                                </ol>
                            </div>
                        }.into_any(),
                        Ok(None) => view! { <p class="muted">{move || i18n.t(Msg::ScreenNoEvent)}</p> }.into_any(),
                        Err(_) => {
                            // The server may be restarting: try again shortly.
                            set_timeout(move || event.refetch(), std::time::Duration::from_secs(5));
                            view! { <p class="error">{move || i18n.t(Msg::LoadFailed)}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The live part of the screen.
#[component]
fn Stage(event: String) -> impl IntoView {
    let i18n = use_i18n();
    let live = LiveCtx::new();
    Effect::new(move |_| live.follow(event.clone()));
    let current = move || {
        live.show
            .with(|s| s.as_ref().and_then(|s| s.current.clone()))
    };
    let phase = move || {
        live.show
            .with(|s| s.as_ref().map(|s| s.phase.clone()).unwrap_or_default())
    };
    let progress = move || {
        live.show
            .with(|s| s.as_ref().and_then(|s| s.progress.clone()))
    };
    let revealed_now = move || {
        let current = current()?;
        live.results.with(|r| {
            r.as_ref()?
                .presenters
                .iter()
                .find(|p| p.id == current.id)
                .cloned()
        })
    };
    let ranking = move || {
        live.results
            .with(|r| r.as_ref().map(|r| r.presenters.clone()).unwrap_or_default())
    };
    view! {
        <div class="stage" data-testid="stage" data-phase=phase data-started=move || live.show.with(|s| s.as_ref().is_some_and(|s| s.started)).to_string()>
            {move || match current() {
                None => view! { <p class="stage-phase">{move || i18n.t(Msg::PhaseNotStarted)}</p> }.into_any(),
                Some(p) => view! {
                    <p class="stage-phase" data-testid="stage-phase">{move || i18n.t(phase_msg(&phase()))}</p>
                    <h2 class="stage-name" data-testid="stage-name">{p.unit.clone()}</h2>
                    <p class="stage-unit">{p.name.clone()}</p>
                    <Countdown live=live/>
                    {move || progress().filter(|_| phase() != "revealed").map(|pr| view! {
                        <p class="stage-progress" data-testid="stage-progress">
                            {move || i18n.t(Msg::Submitted)}" "<strong>{pr.submitted}</strong>" / "{pr.eligible}
                        </p>
                    })}
                }.into_any(),
            }}
            {move || revealed_now().map(|p| view! { <div class="reveal" data-testid="reveal"><Breakdown result=p.result/></div> })}
            <Show when=move || !live.connected.get() && live.show.with(|s| s.is_some())>
                <p class="muted reconnecting">{move || i18n.t(Msg::Reconnecting)}</p>
            </Show>
        </div>
        <Show when=move || !ranking().is_empty()>
            <div class="screen-ranking">
                <h2>{move || i18n.t(Msg::Ranking)}</h2>
                {move || view! { <Ranking presenters=ranking()/> }}
            </div>
        </Show>
    }
}
