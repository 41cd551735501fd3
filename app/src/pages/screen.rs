//! The big screen on the hall's projector: the whole viewport, no app chrome, one view per
//! moment of the event, each sized to fit at 1920×1080, 1280×720 and 1024×768. Before the
//! start the order of presentation; then who is on with the phase and the countdown (and
//! how many sheets are in, never their scores); at a reveal a beat of suspense, the marks
//! one by one, the dropped ones struck through, the group averages and the final; then the
//! ranking. Before the first presenter, when the host starts it, the 回头看: the last
//! session's follow-up items, their figures, the table by unit and the representatives'
//! vote. No login, and no interaction but one tap that lets it beep at the timer's cues;
//! it follows the event stream and recovers by itself.

use crate::backend::screen_event;
use crate::components::review::{
    ballot_shown, fetch_review, heading, outcome_msg, outcome_of, unit_label, ReviewFigures,
    ReviewUnitsTable,
};
use crate::components::stage::{phase_msg, Countdown, Cues};
use crate::domain::wire::{BallotItem, PublicResult, RankedPresenter, ReviewView, StagePresenter};
use crate::domain::Lang;
use crate::i18n::{use_i18n, Msg};
use crate::state::live::LiveCtx;
use leptos::prelude::*;

/// How long the reveal stays before the ranking takes the screen, after its final score
/// has appeared.
const RANKING_AFTER_FINAL_MS: u64 = 7000;
/// The reveal's timing, as `style/main.css` animates it: a beat of suspense, then one mark
/// after another, the strike of the dropped ones, the groups, the final.
const SUSPENSE_MS: u64 = 1500;
const PER_MARK_MS: u64 = 250;
const FINAL_AFTER_MARKS_MS: u64 = 2200;
/// How often the 回头看 is read again while it is on (the representatives' votes come in).
const REVIEW_REFRESH: std::time::Duration = std::time::Duration::from_secs(3);
/// Ballot lines the 回头看 has room for beside the table; the rest are counted.
const BALLOT_ROOM: usize = 6;

/// When the final score of a reveal with `marks` marks has appeared, in ms from its start.
pub fn final_at_ms(marks: usize) -> u64 {
    SUSPENSE_MS + PER_MARK_MS * marks as u64 + FINAL_AFTER_MARKS_MS
}

/// How many characters a name has, for sizing it to one line.
fn len_style(text: &str) -> String {
    format!("--len:{}", text.chars().count().max(4))
}

#[component]
pub fn ScreenPage() -> impl IntoView {
    let i18n = use_i18n();
    let event = Resource::new(|| (), |_| screen_event());
    view! {
        <section class="screen" data-testid="screen">
            <Suspense fallback=move || view! { <p class="screen-wait">{move || i18n.t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match event.await {
                        Ok(Some(event)) => {
                            // The room reads the event's language, whatever the projector's is.
                            if let Some(lang) = event.language.as_deref().and_then(Lang::from_tag) {
                                Effect::new(move |_| i18n.lang.set(lang));
                            }
                            view! {
                                <header class="screen-head">
                                    <h1 class="screen-title" data-testid="screen-title">{event.title.clone()}</h1>
                                </header>
                                <Stage event=event.id.clone()/>
                            }.into_any()
                        }
                        Ok(None) => view! { <p class="screen-wait">{move || i18n.t(Msg::ScreenNoEvent)}</p> }.into_any(),
                        Err(_) => {
                            // The server may be restarting: try again shortly.
                            set_timeout(move || event.refetch(), std::time::Duration::from_secs(5));
                            view! { <p class="screen-wait error">{move || i18n.t(Msg::LoadFailed)}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What the screen shows now.
#[derive(Clone, Debug, PartialEq)]
enum View {
    Loading,
    Order,
    /// The 回头看, before the first presenter is called.
    Review,
    OnStage(StagePresenter),
    Reveal(Box<RankedPresenter>),
    Ranking,
}

/// The live part of the screen.
#[component]
fn Stage(event: String) -> impl IntoView {
    let i18n = use_i18n();
    let live = LiveCtx::new();
    let review_of = StoredValue::new(event.clone());
    Effect::new(move |_| crate::browser::live_actions::follow(live, event.clone()));
    let cues = Cues::watch(live);
    // The screen has nothing to press: a tap anywhere lets it play the cues' sound.
    let sound_locked = RwSignal::new(false);
    Effect::new(move |_| crate::browser::sound_actions::unlock_on_tap(Some(sound_locked)));
    // The presenter whose reveal has played out: from then on the ranking shows.
    let played = RwSignal::new(None::<String>);
    let phase = move || {
        live.show
            .with(|s| s.as_ref().map(|s| s.phase.clone()).unwrap_or_default())
    };
    let view_now = Memo::new(move |_| {
        let Some((started, current)) = live
            .show
            .with(|s| s.as_ref().map(|s| (s.started, s.current.clone())))
        else {
            return View::Loading;
        };
        if phase() == "review" {
            return View::Review;
        }
        let current = match current {
            Some(c) if started => c,
            _ => return View::Order,
        };
        if phase() != "revealed" {
            return View::OnStage(current);
        }
        let result = live.results.with(|r| {
            r.as_ref()
                .and_then(|r| r.presenters.iter().find(|p| p.id == current.id).cloned())
        });
        match result {
            Some(r) if played.get().as_deref() != Some(current.id.as_str()) => {
                View::Reveal(Box::new(r))
            }
            Some(_) => View::Ranking,
            // The result is on its way.
            None => View::OnStage(current),
        }
    });
    // A reveal plays out once, then hands the screen to the ranking.
    Effect::new(move |_| {
        if let View::Reveal(r) = view_now.get() {
            let id = r.id.clone();
            let wait = final_at_ms(r.result.marks.len()) + RANKING_AFTER_FINAL_MS;
            set_timeout(
                move || played.set(Some(id)),
                std::time::Duration::from_millis(wait),
            );
        }
    });
    // The 回头看: read when the show changes and every few seconds while it is on.
    let review = RwSignal::new(None::<ReviewView>);
    let load_review = move || {
        leptos::task::spawn_local(async move {
            if let Ok(r) = fetch_review(review_of.get_value()).await {
                // Set only when changed: the board is drawn afresh at each change.
                if review.with_untracked(|old| old.as_ref() != Some(&r)) {
                    review.set(Some(r));
                }
            }
        });
    };
    let in_review = move || {
        live.show
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.phase == "review"))
    };
    Effect::new(move |_| {
        live.show.track();
        if in_review() {
            load_review();
        }
    });
    Effect::new(move |started: Option<bool>| {
        if started.is_none() {
            let _ = set_interval_with_handle(
                move || {
                    if in_review() {
                        load_review();
                    }
                },
                REVIEW_REFRESH,
            );
        }
        true
    });
    let order = move || {
        live.show
            .with(|s| s.as_ref().map(|s| s.order.clone()).unwrap_or_default())
    };
    let ranking = move || {
        live.results
            .with(|r| r.as_ref().map(|r| r.presenters.clone()).unwrap_or_default())
    };
    let latest = move || {
        live.results
            .with(|r| r.as_ref().and_then(|r| r.latest.clone()))
    };
    let complete = move || order().iter().all(|p| p.revealed) && !order().is_empty();
    let position = move |id: &str| {
        let all = order();
        all.iter().position(|p| p.id == id).map(|i| {
            i18n.fill(
                Msg::ScreenPosition,
                &[
                    ("{n}", &(i + 1).to_string()),
                    ("{of}", &all.len().to_string()),
                ],
            )
        })
    };
    let kind = move || match view_now.get() {
        View::Loading => "loading",
        View::Order => "order",
        View::Review => "review",
        View::OnStage(_) => "on-stage",
        View::Reveal(_) => "reveal",
        View::Ranking => "ranking",
    };
    view! {
        <div class="stage" data-testid="stage" data-phase=phase data-view=kind
            data-started=move || live.show.with(|s| s.as_ref().is_some_and(|s| s.started)).to_string()>
            <Show when=move || live.show.with(|s| s.as_ref().is_some_and(|s| s.rehearsal))>
                <p class="rehearsal-banner on-screen" data-testid="rehearsal-banner">{i18n.t(Msg::RehearsalBanner)}</p>
            </Show>
            <Show when=move || sound_locked.get()>
                <p class="sound-note" data-testid="sound-note">{move || i18n.t(Msg::ScreenSoundNote)}</p>
            </Show>
            {move || match view_now.get() {
                View::Loading => view! { <p class="screen-wait">{i18n.t(Msg::Loading)}</p> }.into_any(),
                View::Order => {
                    let all = order();
                    let two = all.len() > 6;
                    let rows = if two { all.len().div_ceil(2) } else { all.len() }.max(1);
                    view! {
                        <div class="screen-order" style=format!("--rows:{rows}")>
                            <p class="stage-phase">{i18n.t(Msg::PhaseNotStarted)}</p>
                            <h2 class="view-title">{i18n.t(Msg::ScreenOrder)}</h2>
                            <ol class="order" class:two=two data-testid="presenter-order">
                                {all.into_iter().enumerate().map(|(i, p)| {
                                    let unit = if p.unit.is_empty() { p.name.clone() } else { p.unit.clone() };
                                    view! {
                                        <li data-presenter=p.id.clone()>
                                            <span class="order-no">{i + 1}</span>
                                            <span class="order-name" style=len_style(&unit)>{unit.clone()}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </div>
                    }.into_any()
                }
                View::Review => view! {
                        {move || match review.get() {
                            Some(r) => view! { <ReviewBoard review=r/> }.into_any(),
                            None => view! { <p class="screen-wait">{i18n.t(Msg::Loading)}</p> }.into_any(),
                        }}
                    }.into_any(),
                View::OnStage(p) => {
                    let unit = if p.unit.is_empty() { p.name.clone() } else { p.unit.clone() };
                    let waiting = phase() == "waiting";
                    let where_ = position(&p.id);
                    view! {
                        <div class="on-stage-view">
                            <p class="stage-phase" data-testid="stage-phase">
                                {move || i18n.t(if phase() == "waiting" { Msg::ScreenUpNext } else { phase_msg(&phase()) })}
                            </p>
                            <p class="stage-position">{where_}</p>
                            <h2 class="stage-name" data-testid="stage-name" style=len_style(&unit)>{unit.clone()}</h2>
                            {(p.unit != p.name && !p.unit.is_empty()).then(|| view! { <p class="stage-unit">{p.name.clone()}</p> })}
                            {(!waiting).then(|| view! { <Countdown live=live cues=cues/> })}
                            {move || live.show.with(|s| s.as_ref().and_then(|s| s.progress.clone()))
                                .filter(|_| phase() == "scoring")
                                .map(|pr| view! {
                                    <p class="stage-progress" data-testid="stage-progress">
                                        {i18n.t(Msg::Submitted)}" "<strong>{pr.submitted}</strong>" / "{pr.eligible}
                                    </p>
                                })}
                        </div>
                    }.into_any()
                }
                View::Reveal(r) => {
                    let unit = if r.unit.is_empty() { r.name.clone() } else { r.unit.clone() };
                    view! {
                        <div class="reveal" data-testid="reveal" data-presenter=r.id.clone()>
                            <p class="stage-phase">{i18n.t(Msg::ScreenReveal)}</p>
                            <h2 class="reveal-name" style=len_style(&unit)>{unit.clone()}</h2>
                            <RevealMoment result=r.result.clone() amended=r.amended/>
                        </div>
                    }.into_any()
                }
                View::Ranking => view! {
                    <RankingBoard presenters=ranking() latest=latest() complete=complete()/>
                }.into_any(),
            }}
            <Show when=move || !live.connected.get() && live.show.with(|s| s.is_some())>
                <p class="reconnecting" role="status">{move || i18n.t(Msg::Reconnecting)}</p>
            </Show>
        </div>
    }
}

/// One revealed result as the room sees it happen: empty places for the marks, each mark
/// in turn, the dropped ones struck through, the group averages, then the final.
#[component]
fn RevealMoment(result: PublicResult, amended: bool) -> impl IntoView {
    let i18n = use_i18n();
    let n = result.marks.len();
    // Two rows up to 16 marks, three beyond: every mark stays on the screen.
    let rows = n.div_ceil(8).clamp(1, 3);
    let cols = n.div_ceil(rows).max(1);
    view! {
        <div class="moment" data-testid="breakdown"
            style=format!("--n:{n};--cols:{cols};--suspense:{SUSPENSE_MS}ms;--per:{PER_MARK_MS}ms;--final-at:{}ms", final_at_ms(n))>
            <ol class="marks">
                {result.marks.into_iter().enumerate().map(|(i, m)| {
                    let dropped = m.dropped.clone();
                    let is_dropped = dropped.is_some();
                    let dropped_attr = dropped.clone().unwrap_or_default();
                    let label = m.judge.clone().map(|j| format!("{} · {j}", m.group_name)).unwrap_or(m.group_name.clone());
                    let total = m.total_display.clone().unwrap_or_else(|| m.total.to_string());
                    view! {
                        <li class="mark" class:dropped=is_dropped style=format!("--i:{i}")
                            data-dropped=dropped_attr>
                            <span class="mark-group">{label}</span>
                            <span class="mark-total">{total}</span>
                            {dropped.map(|d| view! {
                                <span class="mark-why">
                                    {i18n.t(Msg::Dropped)}{i18n.t(if d == "highest" { Msg::DroppedHighest } else { Msg::DroppedLowest })}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="groups">
                <span class="groups-label">{i18n.t(Msg::GroupSubtotals)}</span>
                <ul>
                    {result.groups.into_iter().map(|g| view! {
                        <li><span>{g.name}</span><strong>{g.subtotal.unwrap_or_else(|| "—".into())}</strong></li>
                    }).collect_view()}
                </ul>
            </div>
            <p class="final-score" data-testid="final-score">
                <span>{i18n.t(Msg::FinalLabel)}</span>
                <strong>{result.final_display.unwrap_or_else(|| "—".into())}</strong>
                {amended.then(|| view! { <span class="badge amended" data-testid="amended">{i18n.t(Msg::Amended)}</span> })}
            </p>
        </div>
    }
}

/// The revealed presenters by place, the latest one marked; every row on the screen.
#[component]
fn RankingBoard(
    presenters: Vec<RankedPresenter>,
    latest: Option<String>,
    complete: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = presenters.len().max(1);
    let two = n > 10;
    let rows = if two { n.div_ceil(2) } else { n };
    view! {
        <div class="screen-ranking" style=format!("--rows:{rows}")>
            <h2 class="view-title">{i18n.t(if complete { Msg::FinalRanking } else { Msg::Ranking })}</h2>
            <ol class="ranking" class:two=two data-testid="ranking">
                {presenters.into_iter().map(|p| {
                    let name = if p.unit.is_empty() { p.name.clone() } else { p.unit.clone() };
                    let is_latest = latest.as_deref() == Some(p.id.as_str());
                    let place = if p.shared { format!("={}", p.rank) } else { p.rank.to_string() };
                    view! {
                        <li data-presenter=p.id.clone() class:latest=is_latest>
                            <span class="rank">{format!("{}{place}{}", i18n.t(Msg::Place), i18n.t(Msg::PlaceSuffix))}</span>
                            <span class="rank-name" style=len_style(&name)>{name.clone()}</span>
                            {p.amended.then(|| view! { <span class="badge amended" data-testid="amended">{i18n.t(Msg::Amended)}</span> })}
                            <strong class="rank-final">{p.result.final_display.clone().unwrap_or_else(|| "—".into())}</strong>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}

/// The 回头看 on the screen: the session looked back on, the big figures, the table by unit
/// and, beside it, the representatives' vote on each item (the count while it is open, the
/// result once the host has closed it).
#[component]
fn ReviewBoard(review: ReviewView) -> impl IntoView {
    let i18n = use_i18n();
    let (ballot, more) = ballot_shown(&review.ballot, BALLOT_ROOM);
    let with_ballot = !ballot.is_empty();
    let rows = ballot.len().max(1);
    let title = {
        let review = review.clone();
        move || heading(i18n.lang.get(), &review)
    };
    let empty = review.figures.total == 0;
    view! {
        <div class="screen-review" data-testid="review" class:with-ballot=with_ballot>
            <h2 class="view-title review-title" data-testid="review-title">{title}</h2>
            <ReviewFigures figures=review.figures.clone() in_progress=review.in_progress overdue=review.overdue/>
            {empty.then(|| view! { <p class="review-none">{move || i18n.t(Msg::ReviewNoItems)}</p> })}
            <div class="review-body">
                {(!review.units.is_empty()).then(|| view! { <ReviewUnitsTable units=review.units.clone()/> })}
                {with_ballot.then(|| view! {
                    <section class="screen-ballot" data-testid="ballot" style=format!("--rows:{rows}")>
                        <h3>{move || i18n.t(Msg::ReviewBallotTitle)}</h3>
                        <ol>
                            {ballot.into_iter().map(|b| view! { <BallotLine item=b/> }).collect_view()}
                        </ol>
                        {(more > 0).then(|| view! {
                            <p class="ballot-more">{move || i18n.fill(Msg::ReviewMoreItems, &[("{n}", &more.to_string())])}</p>
                        })}
                    </section>
                })}
            </div>
        </div>
    }
}

/// One item of the ballot on the screen: its number, unit and title, then how many have
/// voted, or the result.
#[component]
fn BallotLine(item: BallotItem) -> impl IntoView {
    let i18n = use_i18n();
    let unit = item.unit_name.clone();
    let unit = move || unit_label(i18n.lang.get(), unit.as_deref());
    let votes = item.votes;
    let state = match (item.open, item.tally) {
        (false, Some(tally)) => {
            let outcome = outcome_of(&item, &tally);
            let reopened = outcome == crate::domain::items::VoteOutcome::Reopens;
            // The result first: a long tally must never push it off the line.
            view! {
                <span class="ballot-result" class:reopened=reopened data-testid="ballot-result">
                    {move || i18n.t(outcome_msg(outcome, false))}
                </span>
                <span class="ballot-tally" data-testid="ballot-tally">
                    {move || crate::pages::host_items::vote_words(i18n.lang.get(), &tally)}
                </span>
            }
            .into_any()
        }
        _ => view! {
            <span class="ballot-votes" data-testid="ballot-votes">
                {move || i18n.fill(Msg::ReviewVotesSoFar, &[("{n}", &votes.to_string())])}
            </span>
        }
        .into_any(),
    };
    view! {
        <li data-item=item.id.clone() data-open=item.open.to_string()>
            <p class="ballot-what">
                <span class="ballot-no">{item.number.clone()}</span>
                <span class="ballot-unit">{unit}</span>
            </p>
            <p class="ballot-title">{item.title.clone()}</p>
            <p class="ballot-state">{state}</p>
        </li>
    }
}
