//! The big screen: the event's title and the order of presentation.

use crate::backend::screen_event;
use crate::i18n::{use_i18n, Msg};
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
                            <h2>{move || i18n.t(Msg::ScreenOrder)}</h2>
                            <ol class="order" data-testid="presenter-order">
                                {event.presenters.into_iter().map(|p| view! {
                                    <li data-presenter=p.id.clone()>
                                        <span class="order-no">{p.order}</span>
                                        <span class="order-name">{p.unit.clone()}</span>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Ok(None) => view! { <p class="muted">{move || i18n.t(Msg::ScreenNoEvent)}</p> }.into_any(),
                        Err(_) => view! { <p class="error">{move || i18n.t(Msg::LoadFailed)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
