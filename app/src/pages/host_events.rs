//! The host's events (`/host/events`): every event with its date and where it is in its
//! life, the current one marked and switched, and a new one made blank, from the demo, or
//! as a copy of an earlier one.

use crate::browser::{host_step, keys, load};
use crate::components::host_area::{
    error_message, load_events, make_current, query_value, HostNav, HostSection, Problem,
    ProblemNotice,
};
use crate::domain::wire::{EventState, EventSummary, ImportedEvent, NewEventBody, NewEventFrom};
use crate::domain::Lang;
use crate::i18n::{use_i18n, Msg};
use crate::pages::host_setup::{state_key, state_msg};
use leptos::prelude::*;

// ---- What the page says, worked out without the page ----

/// The new event as typed, or what is missing.
pub fn new_event_body(
    from: NewEventFrom,
    source: &str,
    title: &str,
    date: &str,
    language: Lang,
) -> Result<NewEventBody, Msg> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Msg::EventsNeedTitle);
    }
    let source = source.trim();
    if from == NewEventFrom::Copy && source.is_empty() {
        return Err(Msg::EventsNeedSource);
    }
    let date = date.trim();
    Ok(NewEventBody {
        from,
        source: (from == NewEventFrom::Copy).then(|| source.to_string()),
        title: title.to_string(),
        date: (!date.is_empty()).then(|| date.to_string()),
        language: (from == NewEventFrom::Blank).then_some(language),
        id: None,
    })
}

// ---- Talking to the server ----

async fn create(body: NewEventBody) -> Result<EventSummary, String> {
    let token = load(keys::HOST_TOKEN).unwrap_or_default();
    let text = serde_json::to_string(&body).unwrap_or_default();
    match host_step("/api/v1/events/new", &token, &text).await {
        Ok((201, answer)) => serde_json::from_str::<ImportedEvent>(&answer)
            .map(|made| made.event)
            .map_err(|e| e.to_string()),
        Ok((_, answer)) => Err(error_message(&answer)),
        Err(()) => Err(String::new()),
    }
}

// ---- The page ----

#[component]
pub fn HostEventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let events = LocalResource::new(load_events);
    // The event a "copy" button chose, for the form below.
    let copy_of = RwSignal::new(None::<String>);
    view! {
        <section class="page host-events">
            <HostNav current=HostSection::Events/>
            <h1>{move || i18n.t(Msg::EventsTitle)}</h1>
            <p class="muted">{move || i18n.t(Msg::EventsIntro)}</p>
            {move || match events.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="event-list" data-testid="event-list">
                        {list.into_iter().map(|event| {
                            let all = events;
                            view! { <li><EventCard event=event events=all copy_of=copy_of/></li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <NewEventCard events=events copy_of=copy_of/>
        </section>
    }
}

/// One event: its date, state and counts, and what the host can do with it.
#[component]
fn EventCard(
    event: EventSummary,
    events: LocalResource<Result<Vec<EventSummary>, Problem>>,
    copy_of: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = event.id.clone();
    let is_current = event.current == Some(true);
    let key = state_key(event.state);
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let switch = Action::new_local({
        let id = id.clone();
        move |_: &()| {
            let id = id.clone();
            async move {
                match make_current(id).await {
                    Ok(()) => {
                        confirming.set(false);
                        events.refetch();
                    }
                    Err(message) => failed.set(Some(message)),
                }
            }
        }
    });
    let previous_title = {
        let previous = event.previous.clone();
        move || {
            let previous = previous.clone()?;
            let title = events
                .get()
                .and_then(Result::ok)
                .and_then(|list| list.into_iter().find(|e| e.id == previous))
                .map_or(previous, |e| e.title);
            Some(title)
        }
    };
    let counts = {
        let (judges, presenters) = (event.judges, event.presenters);
        move || {
            i18n.fill(
                Msg::SetupCounts,
                &[
                    ("{judges}", &judges.to_string()),
                    ("{presenters}", &presenters.to_string()),
                ],
            )
        }
    };
    let href = |page: &str| format!("{page}?event={}", query_value(&id));
    let title = event.title.clone();
    let confirm_text = move || i18n.fill(Msg::EventsConfirmCurrent, &[("{title}", &title)]);
    let finished = event.state == EventState::Finished;
    let copy_id = id.clone();
    view! {
        <article class="card event-card" class:current=is_current data-testid="event-card"
            data-event=id.clone()>
            <h2>{event.title.clone()}</h2>
            <p class="muted">
                {match event.date.clone() {
                    Some(date) => date.into_any(),
                    None => (move || i18n.t(Msg::EventsNoDate)).into_any(),
                }}
                " · " {counts}
            </p>
            <p class="event-badges">
                <strong class=format!("event-state {key}") data-testid="event-state" data-state=key>
                    {move || i18n.t(state_msg(event.state))}
                </strong>
                {is_current.then(|| view! {
                    <strong class="current-badge" data-testid="current-badge">{move || i18n.t(Msg::EventsCurrent)}</strong>
                })}
            </p>
            {move || previous_title().map(|title| view! {
                <p class="muted" data-testid="event-previous">{move || i18n.fill(Msg::EventsMadeFrom, &[("{title}", &title)])}</p>
            })}
            <div class="button-row">
                <a class="button" href=href("/host/edit") data-testid="edit-event">{move || i18n.t(Msg::EventsEdit)}</a>
                <a class="button" href=href("/host/setup") data-testid="prepare-event">{move || i18n.t(Msg::EventsPrepare)}</a>
                {finished.then(|| view! {
                    <a class="button" href=format!("{}#next-quarter", href("/host/results"))>{move || i18n.t(Msg::EventsNextQuarter)}</a>
                })}
                <button type="button" data-testid="copy-event" on:click=move |_| {
                    copy_of.set(Some(copy_id.clone()));
                    #[cfg(feature = "browser")]
                    if let Some(form) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("new-event")) {
                        form.scroll_into_view();
                    }
                }>{move || i18n.t(Msg::EventsCopy)}</button>
                {(!is_current).then(|| view! {
                    <button type="button" data-testid="make-current" on:click=move |_| confirming.set(true)>
                        {move || i18n.t(Msg::EventsMakeCurrent)}
                    </button>
                })}
            </div>
            <Show when=move || confirming.get()>
                <div class="confirm-box" data-testid="confirm-current">
                    <p role="alert"><strong>{confirm_text.clone()}</strong></p>
                    <div class="button-row">
                        <button type="button" class="primary" data-testid="confirm-make-current"
                            disabled=move || switch.pending().get()
                            on:click=move |_| { switch.dispatch(()); }>
                            {move || i18n.t(Msg::EventsMakeCurrent)}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>
                            {move || i18n.t(Msg::SetupCancel)}
                        </button>
                    </div>
                </div>
            </Show>
            {move || failed.get().map(|message| view! {
                <p class="error" role="alert">
                    {move || if message.is_empty() { i18n.t(Msg::HostOffline).to_string() } else { message.clone() }}
                </p>
            })}
        </article>
    }
}

/// A new event: where it starts from, its title, date and (blank) language.
#[component]
fn NewEventCard(
    events: LocalResource<Result<Vec<EventSummary>, Problem>>,
    copy_of: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(NewEventFrom::Blank);
    let source = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let language = RwSignal::new(i18n.lang.get_untracked());
    let problem = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<EventSummary>);

    // A "copy" button on an event fills the form in.
    Effect::new(move |_| {
        if let Some(id) = copy_of.get() {
            from.set(NewEventFrom::Copy);
            source.set(id.clone());
            let title_of = events
                .get_untracked()
                .and_then(Result::ok)
                .and_then(|list| list.into_iter().find(|e| e.id == id))
                .map(|e| e.title);
            if let Some(old) = title_of {
                title.set(i18n.fill(Msg::EventsCopyTitle, &[("{title}", &old)]));
            }
        }
    });

    let submit = Action::new_local(move |body: &NewEventBody| {
        let body = body.clone();
        async move {
            match create(body).await {
                Ok(event) => {
                    made.set(Some(event));
                    title.set(String::new());
                    events.refetch();
                }
                Err(message) => problem.set(Some(if message.is_empty() {
                    i18n.t(Msg::HostOffline).to_string()
                } else {
                    message
                })),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        // A second tap right after the event was made meets an emptied form: nothing to do.
        if made.get_untracked().is_some() && title.get_untracked().trim().is_empty() {
            return;
        }
        problem.set(None);
        made.set(None);
        match new_event_body(
            from.get_untracked(),
            &source.get_untracked(),
            &title.get_untracked(),
            &date.get_untracked(),
            language.get_untracked(),
        ) {
            Ok(body) => {
                submit.dispatch(body);
            }
            Err(msg) => problem.set(Some(i18n.t(msg).to_string())),
        }
    };
    let choice = move |value: NewEventFrom, label: Msg, testid: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="new-from" data-testid=testid
                    prop:checked=move || from.get() == value
                    on:change=move |_| from.set(value)/>
                <span>{move || i18n.t(label)}</span>
            </label>
        }
    };
    let copyable = move || events.get().and_then(Result::ok).unwrap_or_default();

    view! {
        <form class="card new-event" id="new-event" data-testid="new-event" on:submit=on_submit>
            <h2>{move || i18n.t(Msg::EventsNewTitle)}</h2>
            <fieldset>
                <legend>{move || i18n.t(Msg::EventsStartFrom)}</legend>
                {choice(NewEventFrom::Blank, Msg::EventsFromBlank, "from-blank")}
                {choice(NewEventFrom::Demo, Msg::EventsFromDemo, "from-demo")}
                {choice(NewEventFrom::Copy, Msg::EventsFromCopy, "from-copy")}
            </fieldset>
            <Show when=move || from.get() == NewEventFrom::Copy>
                <label for="copy-source">{move || i18n.t(Msg::EventsCopyWhich)}</label>
                <select id="copy-source" data-testid="copy-source"
                    prop:value=move || source.get()
                    on:change=move |ev| source.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t(Msg::EventsChoose)}</option>
                    {move || copyable().into_iter().map(|e| {
                        let label = match &e.date {
                            Some(d) => format!("{}（{d}）", e.title),
                            None => e.title.clone(),
                        };
                        let selected = source.get_untracked() == e.id;
                        view! { <option value=e.id.clone() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </Show>
            <label for="new-title">{move || i18n.t(Msg::EventsNameLabel)}</label>
            <input id="new-title" data-testid="new-title" type="text" maxlength="200"
                autocomplete="off"
                prop:value=move || title.get()
                on:input=move |ev| title.set(event_target_value(&ev))/>
            <label for="new-date">{move || i18n.t(Msg::EventsDateLabel)}</label>
            <input id="new-date" data-testid="new-date" type="date"
                prop:value=move || date.get()
                on:input=move |ev| date.set(event_target_value(&ev))
                on:change=move |ev| date.set(event_target_value(&ev))/>
            <Show when=move || from.get() == NewEventFrom::Blank>
                <label for="new-language">{move || i18n.t(Msg::EventsLanguageLabel)}</label>
                <select id="new-language" data-testid="new-language"
                    on:change=move |ev| language.set(if event_target_value(&ev) == "en" { Lang::En } else { Lang::Zh })>
                    <option value="zh-CN" selected=move || language.get() == Lang::Zh>"中文"</option>
                    <option value="en" selected=move || language.get() == Lang::En>"English"</option>
                </select>
            </Show>
            <button type="submit" class="primary wide" data-testid="create-event"
                disabled=move || submit.pending().get()>
                {move || i18n.t(Msg::EventsCreate)}
            </button>
            {move || problem.get().map(|message| view! {
                <p class="error" role="alert" data-testid="new-event-error">{message}</p>
            })}
            {move || made.get().map(|event| {
                let link = |page: &str| format!("{page}?event={}", query_value(&event.id));
                let (edit, setup) = (link("/host/edit"), link("/host/setup"));
                let title = event.title.clone();
                view! {
                    <div class="saved-box" role="status" data-testid="event-made">
                        <p class="saved">{move || i18n.fill(Msg::EventsMade, &[("{title}", &title)])}</p>
                        <div class="button-row">
                            <a class="button primary" href=edit data-testid="edit-new-event">{move || i18n.t(Msg::EventsEditNext)}</a>
                            <a class="button" href=setup>{move || i18n.t(Msg::EventsRosterNext)}</a>
                        </div>
                    </div>
                }
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::host_area::in_list_order;

    fn summary(id: &str, title: &str, date: Option<&str>) -> EventSummary {
        EventSummary {
            id: id.into(),
            title: title.into(),
            date: date.map(Into::into),
            presenters: 1,
            judges: 1,
            current: None,
            state: EventState::Draft,
            previous: None,
        }
    }

    #[test]
    fn the_latest_event_comes_first_and_undated_ones_last() {
        let list = in_list_order(vec![
            summary("a", "甲", None),
            summary("q2", "二季度", Some("2026-06-30")),
            summary("q3", "三季度", Some("2026-09-30")),
        ]);
        let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["q3", "q2", "a"]);
    }

    #[test]
    fn a_new_event_needs_a_title_and_a_copy_its_source() {
        assert_eq!(
            new_event_body(NewEventFrom::Blank, "", "  ", "", Lang::Zh),
            Err(Msg::EventsNeedTitle)
        );
        assert_eq!(
            new_event_body(NewEventFrom::Copy, "", "四季度", "", Lang::Zh),
            Err(Msg::EventsNeedSource)
        );
        let body =
            new_event_body(NewEventFrom::Copy, "q3", " 四季度 ", "2026-12-20", Lang::En).unwrap();
        assert_eq!(body.source.as_deref(), Some("q3"));
        assert_eq!(body.title, "四季度");
        assert_eq!(body.date.as_deref(), Some("2026-12-20"));
        assert_eq!(body.language, None, "a copy keeps its language");
        let blank = new_event_body(NewEventFrom::Blank, "q3", "新", "", Lang::En).unwrap();
        assert_eq!(
            (blank.source, blank.date, blank.language),
            (None, None, Some(Lang::En))
        );
    }
}
