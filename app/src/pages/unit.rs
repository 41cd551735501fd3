//! A unit's own page (`/u/{token}`, 局长直通车): the items it answers for, where each
//! stands and by when, and a box to post progress or report an item done, with no account
//! and no password: the link is the sign-in, as a judge's is.

use crate::browser::{api_call, host_step};
use crate::components::host_area::local_datetime;
use crate::domain::item_terms::{EntryKind, ItemFlag, ItemStatus};
use crate::domain::wire::{ItemEntryView, ItemView, NoteBody, TransitionBody, UnitView};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

// ---- What the page says, worked out without the page ----

/// The steps a unit may take on an item in `status`: report it done (the rest is the
/// host's; progress is a note).
pub fn unit_moves(status: ItemStatus) -> Vec<ItemStatus> {
    [ItemStatus::Reported]
        .into_iter()
        .filter(|to| status.moves_to(*to))
        .collect()
}

/// The items as the unit reads them: those still to do first (the earliest due first),
/// then the rest by number.
pub fn unit_order(mut items: Vec<ItemView>) -> Vec<ItemView> {
    items.sort_by(|a, b| {
        let open = |i: &ItemView| !i.status.is_open();
        open(a)
            .cmp(&open(b))
            .then_with(|| {
                if a.status.is_open() {
                    a.due.cmp(&b.due)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| a.number.cmp(&b.number))
    });
    items
}

/// The latest words on an item (a note, a reason), for the card's summary line.
pub fn latest_words(history: &[ItemEntryView]) -> Option<(String, String)> {
    history.iter().rev().find_map(|e| {
        let words = e.note.clone().or_else(|| e.reason.clone())?;
        Some((e.at.clone(), words))
    })
}

// ---- Talking to the server ----

async fn load(token: String) -> Result<UnitView, Msg> {
    match api_call("GET", "/api/v1/unit", &token, None).await {
        Ok((200, text)) => serde_json::from_str(&text).map_err(|_| Msg::LoadFailed),
        Ok((401 | 403, _)) => Err(Msg::UnitBadLink),
        Ok(_) => Err(Msg::LoadFailed),
        Err(()) => Err(Msg::HostOffline),
    }
}

/// Posts the typed words as a note, then the step (if any); the first refusal's words.
async fn post(
    token: String,
    event: String,
    item: String,
    text: String,
    to: Option<ItemStatus>,
) -> Result<(), Msg> {
    let base = format!("/api/v1/events/{event}/items/{item}");
    if !text.trim().is_empty() {
        let body = serde_json::to_string(&NoteBody { text }).unwrap_or_default();
        match host_step(&format!("{base}/notes"), &token, &body).await {
            Ok((200, _)) => {}
            Ok(_) => return Err(Msg::UnitRefused),
            Err(()) => return Err(Msg::HostOffline),
        }
    }
    if let Some(to) = to {
        let body = serde_json::to_string(&TransitionBody {
            to,
            reason: None,
            due: None,
        })
        .unwrap_or_default();
        match host_step(&format!("{base}/transitions"), &token, &body).await {
            Ok((200, _)) => {}
            Ok(_) => return Err(Msg::UnitRefused),
            Err(()) => return Err(Msg::HostOffline),
        }
    }
    Ok(())
}

// ---- The page ----

#[component]
pub fn UnitPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let view_of = LocalResource::new(move || load(token.get()));
    view! {
        <section class="page unit-page">
            {move || match view_of.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(msg)) => view! {
                    <h1>{move || i18n.t(Msg::UnitTitle)}</h1>
                    <p class="error" role="alert" data-testid="unit-error">{move || i18n.t(msg)}</p>
                }.into_any(),
                Some(Ok(unit)) => {
                    let name = unit.unit_name.clone();
                    let items = unit_order(unit.items.clone());
                    let empty = items.is_empty();
                    let event = unit.event.clone();
                    view! {
                        <h1 data-testid="unit-name">
                            {move || name.clone().unwrap_or_else(|| i18n.t(Msg::UnitBureau).to_string())}
                        </h1>
                        <p class="muted">{unit.event_title.clone()}</p>
                        <p>{move || i18n.t(Msg::UnitIntro)}</p>
                        {empty.then(|| view! { <p class="muted" data-testid="unit-none">{move || i18n.t(Msg::UnitNoItems)}</p> })}
                        <ul class="unit-items">
                            {items.into_iter().map(|item| {
                                let (token, event) = (token.get_untracked(), event.clone());
                                view! { <li><UnitItem item=item token=token event=event reload=view_of/></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// One item: what it is, by when, where it stands, and the unit's box.
#[component]
fn UnitItem(
    item: ItemView,
    token: String,
    event: String,
    reload: LocalResource<Result<UnitView, Msg>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<Msg>);
    let done = RwSignal::new(None::<Msg>);
    let id = item.id.clone();
    let status = item.status;
    let send = Action::new_local({
        let (token, event, id) = (token.clone(), event.clone(), id.clone());
        move |to: &Option<ItemStatus>| {
            let (token, event, id, to) = (token.clone(), event.clone(), id.clone(), *to);
            let words = text.get_untracked();
            async move {
                match post(token, event, id, words, to).await {
                    Ok(()) => {
                        text.set(String::new());
                        done.set(Some(match to {
                            Some(ItemStatus::Reported) => Msg::UnitReportedDone,
                            Some(_) => Msg::UnitStarted,
                            None => Msg::UnitNoteDone,
                        }));
                        reload.refetch();
                    }
                    Err(msg) => failed.set(Some(msg)),
                }
            }
        }
    });
    let pending = move || send.pending().get();
    let note = move |_| {
        // A second tap right after the note was saved meets an emptied box: nothing to do.
        if text.get_untracked().trim().is_empty() && done.get_untracked().is_some() {
            return;
        }
        failed.set(None);
        if text.get_untracked().trim().is_empty() {
            failed.set(Some(Msg::UnitNeedText));
            return;
        }
        send.dispatch(None);
    };
    let step = move |to: ItemStatus| {
        move |_| {
            failed.set(None);
            if to == ItemStatus::Reported && text.get_untracked().trim().is_empty() {
                failed.set(Some(Msg::UnitNeedDoneText));
                return;
            }
            send.dispatch(Some(to));
        }
    };
    let flags = item.flags.clone();
    let latest = latest_words(&item.history);
    let box_id = format!("unit-text-{id}");
    let open = status.is_open() && status != ItemStatus::Reported;
    let history_len = item
        .history
        .iter()
        .filter(|e| e.kind != EntryKind::Voted)
        .count();
    view! {
        <article class="card unit-item" data-testid="unit-item" data-item=id.clone()
            data-status=status.as_str()>
            <p class="muted item-number">{item.number.clone()}
                {item.key.then(|| view! { " · " <strong>{move || i18n.t(Msg::UnitKey)}</strong> })}
            </p>
            <h2>{item.title.clone()}</h2>
            {(!item.detail.is_empty()).then(|| view! { <p>{item.detail.clone()}</p> })}
            <p>
                <strong class="item-status" data-testid="unit-item-status">{move || status.name(i18n.lang.get())}</strong>
                " · " {move || i18n.fill(Msg::UnitDue, &[("{date}", &item.due)])}
            </p>
            {(!flags.is_empty()).then(|| view! {
                <p class="item-flags">
                    {flags.iter().map(|f| {
                        let f: ItemFlag = *f;
                        view! { <span class=format!("item-flag {}", f.colour()) data-testid="unit-item-flag">{move || f.name(i18n.lang.get())}</span> }
                    }).collect_view()}
                </p>
            })}
            {latest.map(|(at, words)| view! {
                <p class="muted">{move || i18n.fill(Msg::UnitLatest, &[("{date}", &local_datetime(&at)), ("{n}", &history_len.to_string())])}
                    <br/>{words}</p>
            })}
            {open.then(|| view! {
                <label for=box_id.clone()>{move || i18n.t(Msg::UnitTextLabel)}</label>
                <textarea id=box_id.clone() data-testid="unit-text" rows="4" maxlength="2000"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <div class="button-row">
                    <button type="button" data-testid="unit-note" disabled=pending on:click=note>
                        {move || i18n.t(Msg::UnitPostNote)}
                    </button>
                    {unit_moves(status).into_iter().map(|to| {
                        let label = if to == ItemStatus::Reported { Msg::UnitReportDone } else { Msg::UnitStart };
                        let class = if to == ItemStatus::Reported { "primary" } else { "" };
                        view! {
                            <button type="button" class=class data-testid=format!("unit-move-{}", to.as_str())
                                disabled=pending on:click=step(to)>
                                {move || i18n.t(label)}
                            </button>
                        }
                    }).collect_view()}
                </div>
            })}
            {(status == ItemStatus::Reported).then(|| view! {
                <p class="saved">{move || i18n.t(Msg::UnitWaiting)}</p>
            })}
            {move || done.get().map(|m| view! { <p class="saved" role="status" data-testid="unit-done">{move || i18n.t(m)}</p> })}
            {move || failed.get().map(|m| view! { <p class="error" role="alert" data-testid="unit-failed">{move || i18n.t(m)}</p> })}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_reports_done_and_nothing_else() {
        assert_eq!(unit_moves(ItemStatus::Assigned), vec![ItemStatus::Reported]);
        assert_eq!(
            unit_moves(ItemStatus::InProgress),
            vec![ItemStatus::Reported]
        );
        assert_eq!(unit_moves(ItemStatus::Returned), vec![ItemStatus::Reported]);
        assert!(unit_moves(ItemStatus::Reported).is_empty());
        assert!(unit_moves(ItemStatus::Accepted).is_empty());
        assert!(unit_moves(ItemStatus::Withdrawn).is_empty());
    }
}
