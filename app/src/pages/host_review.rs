//! The host's 回头看 report (`/host/review`), printable on A4 portrait: the last session's
//! follow-up items as they stand, their figures, the table by unit, and every item reviewed
//! with its status in words, due date, closed date, latest progress and vote.

use crate::components::host_area::{
    host_ctx, host_get, local_datetime, named_event, today, HostCtx, HostNav, HostSection, Problem,
    ProblemNotice,
};
use crate::components::review::{
    fetch_review, heading, unit_label, ReviewFigures, ReviewUnitsTable,
};
use crate::domain::item_terms::{EntryKind, ItemStatus};
use crate::domain::wire::{ItemList, ItemView, ReviewView};
use crate::i18n::{tr, use_i18n, Msg};
use crate::pages::host_items::vote_words;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The items reviewed: those carried into this event (`here` raised elsewhere), and those of
/// the session before that were not carried (closed or withdrawn there), in the order of
/// their numbers.
pub fn reviewed_items(event: &str, here: Vec<ItemView>, before: Vec<ItemView>) -> Vec<ItemView> {
    let mut items: Vec<ItemView> = here.into_iter().filter(|i| i.event != event).collect();
    let carried: BTreeSet<String> = items.iter().map(|i| i.id.clone()).collect();
    items.extend(before.into_iter().filter(|i| !carried.contains(&i.id)));
    items.sort_by(|a, b| a.number.cmp(&b.number));
    items
}

/// The day the acceptance in force was taken (`2026-07-10`), for an item accepted or closed.
pub fn closed_on(item: &ItemView, day_of: impl Fn(&str) -> String) -> Option<String> {
    if !matches!(item.status, ItemStatus::Accepted | ItemStatus::Closed) {
        return None;
    }
    item.history
        .iter()
        .rev()
        .find(|e| e.kind == EntryKind::Moved && e.to == ItemStatus::Accepted)
        .map(|e| day_of(&e.at))
}

/// The latest progress: the latest note or a step's reason, with its day.
pub fn latest_progress(item: &ItemView, day_of: impl Fn(&str) -> String) -> Option<String> {
    item.history.iter().rev().find_map(|e| {
        let text = e.note.as_deref().or(e.reason.as_deref())?.trim();
        (!text.is_empty()).then(|| format!("{} {text}", day_of(&e.at)))
    })
}

/// A server time as the day on this device.
fn local_day(iso: &str) -> String {
    local_datetime(iso).chars().take(10).collect()
}

#[component]
pub fn HostReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let loaded = RwSignal::new(None::<(HostCtx, ReviewView, Vec<ItemView>)>);
    let problem = RwSignal::new(None::<Problem>);

    Effect::new(move |_| {
        let named = named.get();
        leptos::task::spawn_local(async move {
            problem.set(None);
            match load(named).await {
                Ok(found) => loaded.set(Some(found)),
                Err(p) => {
                    loaded.set(None);
                    problem.set(Some(p));
                }
            }
        });
    });

    view! {
        <section class="page host-review">
            <HostNav current=HostSection::Review/>
            <h1>{move || i18n.t(Msg::ReviewReportTitle)}</h1>
            {move || problem.get().map(|p| view! { <ProblemNotice problem=p/> })}
            {move || match loaded.get() {
                Some((ctx, review, items)) => view! { <ReviewReport ctx=ctx review=review items=items/> }.into_any(),
                None if problem.with(Option::is_none) => {
                    view! { <p class="muted">{i18n.t(Msg::Loading)}</p> }.into_any()
                }
                None => ().into_any(),
            }}
        </section>
    }
}

/// The review of the event, and the items it covers.
async fn load(named: Option<String>) -> Result<(HostCtx, ReviewView, Vec<ItemView>), Problem> {
    let ctx = host_ctx(named).await?;
    let review = fetch_review(ctx.event.clone())
        .await
        .map_err(|()| Problem::Offline)?;
    let Some(previous) = review.previous.clone() else {
        return Ok((ctx, review, Vec::new()));
    };
    let here = host_get::<ItemList>(&ctx, "/items").await?.items;
    let before_ctx = HostCtx {
        token: ctx.token.clone(),
        event: previous.id,
    };
    let before = host_get::<ItemList>(&before_ctx, "/items").await?.items;
    let items = reviewed_items(&ctx.event, here, before);
    Ok((ctx, review, items))
}

#[component]
fn ReviewReport(ctx: HostCtx, review: ReviewView, items: Vec<ItemView>) -> impl IntoView {
    let i18n = use_i18n();
    let print = move |_| {
        #[cfg(feature = "browser")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    if review.previous.is_none() {
        return view! {
            <p class="muted" data-testid="review-no-previous">{move || i18n.t(Msg::ReviewNoPrevious)}</p>
        }
        .into_any();
    }
    // A unit by its presenter: the review names every unit with items.
    let units: BTreeMap<Option<String>, Option<String>> = review
        .units
        .iter()
        .map(|u| (u.presenter.clone(), u.unit_name.clone()))
        .chain(
            review
                .ballot
                .iter()
                .map(|b| (b.presenter.clone(), b.unit_name.clone())),
        )
        .collect();
    let title = {
        let review = review.clone();
        move || heading(i18n.lang.get(), &review)
    };
    let rows = items
        .into_iter()
        .map(|item| {
            let unit = units.get(&item.presenter).cloned().flatten();
            (item, unit)
        })
        .collect::<Vec<_>>();
    view! {
        <div class="review-report" data-testid="review-report" data-event=ctx.event.clone()>
            <header class="sheet-head">
                <p class="print-title" data-testid="review-report-title">{title}</p>
                <p class="muted">
                    <span>{review.event.title.clone()}</span>
                    <span class="print-only">" · "{move || i18n.t(Msg::PrintedOn)}" "{today()}</span>
                </p>
            </header>
            <div class="toolbar no-print">
                <button type="button" class="primary" data-testid="print" on:click=print>
                    {move || i18n.t(Msg::ReviewPrint)}
                </button>
            </div>
            <h2>{move || i18n.t(Msg::ReviewFiguresTitle)}</h2>
            <ReviewFigures figures=review.figures.clone() in_progress=review.in_progress overdue=review.overdue/>
            <h2>{move || i18n.t(Msg::ReviewByUnit)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::ReviewByUnit)>
                <ReviewUnitsTable units=review.units.clone() rates=true/>
            </div>
            <h2>{move || i18n.t(Msg::ReviewItemsTitle)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::ReviewItemsTitle)>
                <table class="review-items" data-testid="review-items">
                    <thead><tr>
                        <th>{move || i18n.t(Msg::ReviewNumber)}</th>
                        <th>{move || i18n.t(Msg::ItemsUnit)}</th>
                        <th>{move || i18n.t(Msg::ReviewItem)}</th>
                        <th>{move || i18n.t(Msg::ItemsStatus)}</th>
                        <th>{move || i18n.t(Msg::ReviewDue)}</th>
                        <th>{move || i18n.t(Msg::ReviewClosedOn)}</th>
                        <th>{move || i18n.t(Msg::ReviewProgress)}</th>
                        <th>{move || i18n.t(Msg::ReviewVote)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(item, unit)| {
                            let lang = move || i18n.lang.get();
                            let status = item.status;
                            let closed = closed_on(&item, local_day).unwrap_or_else(|| "—".into());
                            let progress = latest_progress(&item, local_day).unwrap_or_else(|| "—".into());
                            let vote = item.vote;
                            view! {
                                <tr data-item=item.id.clone() data-status=status.as_str()>
                                    <td class="nowrap">{item.number.clone()}</td>
                                    <td>{move || unit_label(lang(), unit.as_deref())}</td>
                                    <td>{item.title.clone()}</td>
                                    <td class="nowrap">{move || status.name(lang())}</td>
                                    <td class="nowrap">{item.due.clone()}</td>
                                    <td class="nowrap">{closed}</td>
                                    <td>{progress}</td>
                                    <td>{move || vote.map(|t| vote_words(lang(), &t)).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted">{move || tr(i18n.lang.get(), Msg::ItemsRateNote)}</p>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item_terms::{Actor, ItemSource};
    use crate::domain::wire::ItemEntryView;

    fn entry(kind: EntryKind, to: ItemStatus, at: &str, note: Option<&str>) -> ItemEntryView {
        ItemEntryView {
            kind,
            from: ItemStatus::Assigned,
            to,
            at: at.into(),
            by: Actor::Host,
            reason: None,
            note: note.map(str::to_string),
            due: None,
            vote: None,
            event: None,
        }
    }

    fn item(id: &str, event: &str, status: ItemStatus, history: Vec<ItemEntryView>) -> ItemView {
        ItemView {
            id: id.into(),
            event: event.into(),
            number: id.to_uppercase(),
            presenter: None,
            title: "t".into(),
            detail: String::new(),
            source: ItemSource::Other,
            raised_by: None,
            owner: "o".into(),
            assigned_on: "2026-04-01".into(),
            due: "2026-06-30".into(),
            dues: vec!["2026-06-30".into()],
            key: false,
            behind_plan: false,
            status,
            flags: Vec::new(),
            vote: None,
            history,
        }
    }

    #[test]
    fn the_review_covers_carried_items_as_they_stand_here_and_the_rest_as_they_stood() {
        let here = vec![
            item("2026q2-002", "q2", ItemStatus::InProgress, vec![]),
            item("2026q3-001", "q3", ItemStatus::Assigned, vec![]),
        ];
        let before = vec![
            item("2026q2-001", "q2", ItemStatus::Closed, vec![]),
            item("2026q2-002", "q2", ItemStatus::Assigned, vec![]),
        ];
        let items = reviewed_items("q3", here, before);
        let shown: Vec<_> = items.iter().map(|i| (i.id.as_str(), i.status)).collect();
        assert_eq!(
            shown,
            [
                ("2026q2-001", ItemStatus::Closed),
                ("2026q2-002", ItemStatus::InProgress)
            ]
        );
    }

    #[test]
    fn the_closed_day_is_the_acceptance_in_force_and_progress_the_latest_words() {
        let day = |iso: &str| iso.chars().take(10).collect::<String>();
        let history = vec![
            entry(
                EntryKind::Moved,
                ItemStatus::Accepted,
                "2026-05-02T02:00:00Z",
                None,
            ),
            entry(
                EntryKind::Note,
                ItemStatus::Accepted,
                "2026-05-20T02:00:00Z",
                Some("已整改"),
            ),
            entry(
                EntryKind::Moved,
                ItemStatus::Accepted,
                "2026-06-01T02:00:00Z",
                None,
            ),
        ];
        let closed = item("a", "q2", ItemStatus::Closed, history.clone());
        assert_eq!(closed_on(&closed, day).as_deref(), Some("2026-06-01"));
        assert_eq!(
            latest_progress(&closed, day).as_deref(),
            Some("2026-05-20 已整改")
        );
        let open = item("b", "q2", ItemStatus::Reopened, history);
        assert_eq!(closed_on(&open, day), None);
        assert_eq!(
            latest_progress(&item("c", "q2", ItemStatus::Assigned, vec![]), day),
            None
        );
    }
}
