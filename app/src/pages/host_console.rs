//! The host's console once signed in: who is on and the next step, the countdown, the
//! reveal (forced only when confirmed), a private preview, the judges' progress and
//! phones, and the sheets that came late; before the first presenter, the 回头看 of the last
//! session's items with the representatives' vote on each. Every step the host takes is
//! sent with its own key, so a retry or a second tap never takes effect twice.

use crate::backend::screen_event;
use crate::browser::api_call;
use crate::components::host_area::{error_code, host_error_msg, query_value};
use crate::components::review::{fetch_review, heading, unit_label, ReviewFigures};
use crate::components::stage::{phase_msg, Breakdown, Countdown, Cues};
use crate::domain::audit::AuditAction;
use crate::domain::item_terms::ItemStatus;
use crate::domain::show::Move;
use crate::domain::wire::{
    AmendBody, BallotItem, CellState, HostErrorBody, ItemView, LateEntry, LateList, MoveBody,
    ProgressGrid, PublicResult, QuorumRefusal, ResultPreview, RevealBody, ReviewView, ShowView,
    StagePresenter,
};
use crate::domain::Id;
use crate::i18n::{use_i18n, I18n, Msg};
use crate::state::live::LiveCtx;
use leptos::prelude::*;
use serde::Serialize;

/// How often the console refreshes the progress grid and the late list.
const REFRESH: std::time::Duration = std::time::Duration::from_secs(3);
/// How often a step that got no answer is sent again (with the same key) before giving up.
const RETRIES: u32 = 3;
/// How long the steps take no tap after they changed.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(500);

#[component]
pub fn HostConsole(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let token = StoredValue::new(token);
    let event = Resource::new(|| (), |_| screen_event());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(Some(e)) => view! { <Console event=e.id token=token/> }.into_any(),
                    Ok(None) => view! { <p class="muted">{move || i18n.t(Msg::ScreenNoEvent)}</p> }.into_any(),
                    Err(_) => view! { <p class="error">{move || i18n.t(Msg::LoadFailed)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Preview {
    presenter: String,
    result: PublicResult,
}

/// Why a reveal was refused, from the server's counts, in the host's language.
fn quorum_words(i18n: I18n, q: &QuorumRefusal) -> Vec<String> {
    let mut lines = vec![i18n.fill(
        Msg::QuorumNeedText,
        &[
            ("{min}", &q.min_sheets.to_string()),
            ("{have}", &q.sheets.to_string()),
        ],
    )];
    if !q.short_group_names.is_empty() {
        let sep = if i18n.lang.get_untracked() == crate::domain::Lang::Zh {
            "、"
        } else {
            ", "
        };
        lines.push(i18n.fill(
            Msg::QuorumGroupsShort,
            &[("{groups}", &q.short_group_names.join(sep))],
        ));
    }
    lines
}

/// A fresh key for one step of the host's.
fn action_key() -> String {
    #[cfg(feature = "browser")]
    return crate::browser::judge::new_uuid();
    #[cfg(not(feature = "browser"))]
    String::new()
}

/// A request body as sent.
fn body_text(body: &impl Serialize) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// A step the console offers: a move of the run of show, or the current presenter's reveal.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Show(Move),
    Reveal,
}

impl Step {
    /// The step's `data-action`: the move's `action` on the wire, or `reveal`.
    fn action(&self) -> &'static str {
        match self {
            Step::Show(mv) => AuditAction::of_move(mv).as_str(),
            Step::Reveal => "reveal",
        }
    }
}

/// What the console knows of the last step it sent.
#[derive(Clone, Debug, PartialEq)]
enum Sent {
    Idle,
    Busy,
    Retrying,
}

#[component]
fn Console(event: String, token: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let live = LiveCtx::new();
    let ev = StoredValue::new(event.clone());
    Effect::new(move |_| crate::browser::live_actions::follow(live, ev.get_value()));
    let cues = Cues::watch(live);
    // The host taps buttons all the time: the first one lets the console beep, no note needed.
    Effect::new(move |_| crate::browser::sound_actions::unlock_on_tap(None));
    let problem = RwSignal::new(None::<Msg>);
    let force_offer = RwSignal::new(None::<QuorumRefusal>);
    let grid = RwSignal::new(None::<ProgressGrid>);
    let late = RwSignal::new(None::<Vec<LateEntry>>);
    let preview = RwSignal::new(None::<Preview>);
    // The 回头看 of the last session, read while no presenter has been called yet.
    let review = RwSignal::new(None::<ReviewView>);
    let sent = RwSignal::new(Sent::Idle);
    let busy = move || sent.get() != Sent::Idle;

    let refresh = move || {
        leptos::task::spawn_local(async move {
            let base = format!("/api/v1/events/{}", ev.get_value());
            // Set only when changed: a redraw would take the focus from a reason being typed.
            if let Ok((200, text)) =
                api_call("GET", &format!("{base}/progress"), &token.get_value(), None).await
            {
                if let Ok(g) = serde_json::from_str::<ProgressGrid>(&text) {
                    if grid.with_untracked(|old| old.as_ref() != Some(&g)) {
                        grid.set(Some(g));
                    }
                }
            }
            if let Ok((200, text)) =
                api_call("GET", &format!("{base}/late"), &token.get_value(), None).await
            {
                if let Ok(l) = serde_json::from_str::<LateList>(&text) {
                    if late.with_untracked(|old| old.as_ref() != Some(&l.late)) {
                        late.set(Some(l.late));
                    }
                }
            }
            let before_start = live
                .show
                .with_untracked(|s| s.as_ref().is_some_and(|s| !s.started));
            if before_start {
                if let Ok(r) = fetch_review(ev.get_value()).await {
                    if review.with_untracked(|old| old.as_ref() != Some(&r)) {
                        review.set(Some(r));
                    }
                }
            }
        });
    };
    Effect::new(move |_| {
        // Refresh whenever the stage changes, and every few seconds.
        live.show.track();
        refresh();
    });
    Effect::new(move |started: Option<bool>| {
        if started.is_none() {
            let _ = set_interval_with_handle(refresh, REFRESH);
        }
        true
    });

    // One step of the host's: sent with its own key, and sent again with the same key
    // when no answer came, so it takes effect once whatever the network does.
    let send = move |path: String, body: String, done: Option<Callback<()>>| {
        if sent.get_untracked() != Sent::Idle {
            return;
        }
        sent.set(Sent::Busy);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/events/{}{path}", ev.get_value());
            let key = action_key();
            let mut answer = Err(());
            for attempt in 0..=RETRIES {
                if attempt > 0 {
                    sent.set(Sent::Retrying);
                }
                answer =
                    crate::browser::host_call("POST", &url, &token.get_value(), &key, &body).await;
                if answer.is_ok() {
                    break;
                }
            }
            match answer {
                Ok((200, text)) => {
                    force_offer.set(None);
                    preview.set(None);
                    // A move answers with the run of show it made: the buttons change with
                    // the answer, not some time later with the news.
                    if path == "/show" {
                        if let Ok(show) = serde_json::from_str::<ShowView>(&text) {
                            live.take_show(show);
                        }
                    }
                    if let Some(done) = done {
                        done.run(());
                    }
                }
                Ok((_, text)) => {
                    let error = serde_json::from_str::<HostErrorBody>(&text)
                        .map(|b| b.error)
                        .unwrap_or_default();
                    match error.quorum.filter(|_| error.code == "quorum_not_met") {
                        Some(q) => force_offer.set(Some(q)),
                        None => problem.set(Some(host_error_msg(&error.code))),
                    }
                }
                Err(()) => problem.set(Some(Msg::HostOffline)),
            }
            sent.set(Sent::Idle);
            refresh();
        });
    };
    let version = move || live.show.with_untracked(|s| s.as_ref().map(|s| s.version));
    let act = move |mv: Move| {
        let body = MoveBody {
            mv,
            version: version(),
        };
        send("/show".into(), body_text(&body), None)
    };
    let current = move || {
        live.show
            .with(|s| s.as_ref().and_then(|s| s.current.clone()))
    };
    let phase = move || {
        live.show
            .with(|s| s.as_ref().map(|s| s.phase.clone()).unwrap_or_default())
    };
    let started = move || live.show.with(|s| s.as_ref().is_some_and(|s| s.started));
    let can_undo = move || live.show.with(|s| s.as_ref().is_some_and(|s| s.can_undo));
    let unrevealed_left = move || {
        live.show.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.order.iter().any(|p| !p.revealed))
        })
    };
    let reveal = move |force: bool| {
        if let Some(p) = current() {
            send(
                format!("/presenters/{}/reveal", p.id),
                body_text(&RevealBody { force }),
                None,
            );
        }
    };
    let show_preview = move |_| {
        let Some(p) = current() else { return };
        leptos::task::spawn_local(async move {
            let url = format!(
                "/api/v1/events/{}/presenters/{}/preview",
                ev.get_value(),
                p.id
            );
            if let Ok((200, text)) = api_call("GET", &url, &token.get_value(), None).await {
                if let Ok(answer) = serde_json::from_str::<ResultPreview>(&text) {
                    preview.set(Some(Preview {
                        presenter: p.id.clone(),
                        result: answer.breakdown,
                    }));
                }
            }
        });
    };
    let reorder = move |index: usize, up: bool| {
        let Some(mut order) = live.show.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.order.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
        }) else {
            return;
        };
        let other = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1).filter(|i| *i < order.len())
        };
        if let Some(other) = other {
            order.swap(index, other);
            // The ids are the server's own; one that is not an id is not sent.
            let Ok(order) = order
                .iter()
                .map(|id| Id::parse(id))
                .collect::<Result<_, _>>()
            else {
                return;
            };
            act(Move::Reorder { order });
        }
    };
    let on_amend = Callback::new(
        move |(op_id, presenter, reason, done): (String, String, String, Callback<()>)| {
            let body = AmendBody {
                reason,
                include_late: vec![op_id],
            };
            send(
                format!("/presenters/{presenter}/amend"),
                body_text(&body),
                Some(done),
            );
        },
    );
    // The current presenter's sheets against the quorum, while there is something to
    // wait for.
    let quorum_line = move || {
        live.show.with(|s| {
            let s = s.as_ref()?;
            if !matches!(s.phase.as_str(), "report" | "defence" | "scoring") {
                return None;
            }
            let pr = s.progress.clone()?;
            let msg = if pr.quorum.met {
                Msg::QuorumOk
            } else {
                Msg::QuorumShort
            };
            let text = i18n.fill(
                msg,
                &[
                    ("{have}", &pr.submitted.to_string()),
                    ("{of}", &pr.eligible.to_string()),
                    ("{min}", &pr.quorum.min_sheets.to_string()),
                ],
            );
            Some((pr.quorum.met, text))
        })
    };
    let position = move || {
        live.show.with(|s| {
            let s = s.as_ref()?;
            let current = s.current.as_ref()?;
            let n = s.order.iter().position(|p| p.id == current.id)? + 1;
            Some(i18n.fill(
                Msg::ScreenPosition,
                &[
                    ("{n}", &n.to_string()),
                    ("{of}", &s.order.len().to_string()),
                ],
            ))
        })
    };
    // The one step that comes next, and the others the phase allows; a memo, so the news
    // that comes every few seconds does not redraw (and swallow a tap on) the buttons.
    let steps = Memo::new(move |_| {
        let mut primary: Option<(Step, Msg)> = None;
        let mut others: Vec<(Step, Msg)> = Vec::new();
        if !started() {
            let has_previous = review.with(|r| r.as_ref().is_some_and(|r| r.previous.is_some()));
            if phase() == "review" {
                primary = Some((Step::Show(Move::Next), Msg::CallFirstPresenter));
            } else if has_previous {
                primary = Some((Step::Show(Move::StartReview), Msg::StartReview));
                others.push((Step::Show(Move::StartReport), Msg::StartFirst));
            } else {
                primary = Some((Step::Show(Move::StartReport), Msg::StartFirst));
            }
        } else {
            // "Next presenter" first beside the main step, so it keeps its place from
            // phase to phase; the steps only some phases have come after it.
            if !matches!(phase().as_str(), "revealed") && unrevealed_left() {
                others.push((Step::Show(Move::Next), Msg::NextPresenter));
            }
            match phase().as_str() {
                "waiting" => primary = Some((Step::Show(Move::StartReport), Msg::StartReport)),
                "report" => {
                    primary = Some((Step::Show(Move::StartDefence), Msg::StartDefence));
                    others.push((Step::Show(Move::OpenScoring), Msg::SkipToScoring));
                }
                "defence" => primary = Some((Step::Show(Move::OpenScoring), Msg::OpenScoring)),
                "scoring" => primary = Some((Step::Reveal, Msg::Reveal)),
                _ => {
                    if unrevealed_left() {
                        primary = Some((Step::Show(Move::Next), Msg::NextPresenter));
                    }
                }
            }
        }
        (primary, others)
    });
    // When the steps change (a move of this console's, or news of another's), they wait a
    // moment before taking a tap: a quick second tap, or a tap already on its way, must not
    // land on the step that has just taken the first one's place (after "reveal" comes
    // "next presenter", in the same place).
    let settling = RwSignal::new(false);
    let settle_round = StoredValue::new(0u32);
    Effect::new(move |seen: Option<()>| {
        steps.track();
        if seen.is_some() {
            settling.set(true);
            settle_round.update_value(|r| *r = r.wrapping_add(1));
            let round = settle_round.get_value();
            set_timeout(
                move || {
                    if settle_round.get_value() == round {
                        settling.set(false);
                    }
                },
                SETTLE,
            );
        }
    });
    let step_off = move || busy() || settling.get();
    let order = Memo::new(move |_| {
        live.show
            .with(|s| s.as_ref().map(|s| s.order.clone()).unwrap_or_default())
    });
    let current_id = Memo::new(move |_| current().map(|c| c.id));
    let run = move |step: Step| match step {
        Step::Reveal => reveal(false),
        Step::Show(mv) => act(mv),
    };

    view! {
        <div class="console" data-testid="console" data-phase=phase>
            <Show when=move || live.show.with(|s| s.as_ref().is_some_and(|s| s.rehearsal))>
                <p class="rehearsal-banner" data-testid="rehearsal-banner">{i18n.t(Msg::RehearsalBanner)}</p>
            </Show>
            <section class="card run" aria-labelledby="now-title">
                <h2 id="now-title">{move || i18n.t(Msg::RunOfShow)}</h2>
                {move || match current() {
                    None if phase() == "review" => view! {
                        <p class="now"><span class="badge phase">{i18n.t(Msg::ReviewHeadingNone)}</span></p>
                        <p class="muted" data-testid="review-on-screen">{i18n.t(Msg::ReviewOnScreen)}</p>
                    }.into_any(),
                    None => view! { <p class="muted">{i18n.t(Msg::PhaseNotStarted)}</p> }.into_any(),
                    Some(p) => view! {
                        <p class="now">
                            <span class="badge phase">{move || i18n.t(phase_msg(&phase()))}</span>
                            <span class="muted">" "{position}</span>
                        </p>
                        <p class="now-name"><strong data-testid="current-presenter">{p.unit.clone()}</strong>
                            " "<span class="muted">{p.name.clone()}</span></p>
                        // An item raised live: the items page opens its form with this unit chosen.
                        <p class="raise-item-link"><a class="button" data-testid="raise-item"
                            href=format!("/host/items?event={}&presenter={}#raise",
                                crate::components::host_area::query_value(&ev.get_value()),
                                crate::components::host_area::query_value(&p.id))>
                            {move || i18n.t(Msg::RaiseItemLink)}
                        </a></p>
                    }.into_any(),
                }}
                <Countdown live=live cues=cues/>
                {move || quorum_line().map(|(met, line)| view! {
                    <p class=if met { "quorum ok" } else { "quorum short" } data-testid="quorum">{line}</p>
                })}
                <div class="controls" data-testid="controls">
                    {move || {
                        let (primary, others) = steps.get();
                        view! {
                            {primary.map(|(step, msg)| {
                                let action = step.action();
                                let review_hint = msg == Msg::StartReview;
                                view! {
                                    <button class="primary next-step" data-action=action data-next="true"
                                        disabled=step_off on:click=move |_| run(step.clone())>
                                        {i18n.t(msg)}
                                    </button>
                                    {review_hint.then(|| view! { <p class="muted review-hint">{i18n.t(Msg::StartReviewHint)}</p> })}
                                }
                            })}
                            <div class="secondary-steps">
                                {others.into_iter().map(|(step, msg)| {
                                    let action = step.action();
                                    view! {
                                        <button data-action=action disabled=step_off on:click=move |_| run(step.clone())>{i18n.t(msg)}</button>
                                    }
                                }).collect_view()}
                                <Show when=move || phase() == "scoring">
                                    <button data-action="preview" on:click=show_preview>{move || i18n.t(Msg::Preview)}</button>
                                </Show>
                                <Show when=can_undo>
                                    <button data-action="undo" disabled=step_off on:click=move |_| act(Move::Undo)>
                                        {move || i18n.t(Msg::Undo)}
                                    </button>
                                </Show>
                            </div>
                        }
                    }}
                </div>
                <Show when=move || sent.get() == Sent::Retrying>
                    <p class="muted" role="status">{move || i18n.t(Msg::ErrRetrying)}</p>
                </Show>
                {move || force_offer.get().map(|q| view! {
                    <div class="card force" data-testid="force-offer" role="alert">
                        <h3>{i18n.t(Msg::RevealRefusedTitle)}</h3>
                        {quorum_words(i18n, &q).into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                        <p>{i18n.t(Msg::ForceAsk)}</p>
                        <button class="primary" data-action="force-reveal" disabled=busy on:click=move |_| reveal(true)>
                            {i18n.t(Msg::ForceReveal)}
                        </button>
                    </div>
                })}
                {move || problem.get().map(|m| view! {
                    <p class="error" role="alert" data-testid="console-error">{i18n.t(m)}</p>
                })}
                {move || preview.get().filter(|p| current().is_some_and(|c| c.id == p.presenter)).map(|p| view! {
                    <div class="card preview" data-testid="preview"><Breakdown result=p.result/></div>
                })}
            </section>
            <Show when=move || phase() == "review">
                <ReviewPanel review=review event=ev token=token/>
            </Show>
            <ProgressPanel grid=grid order=order.into() current=current_id.into()/>
            <LateList late=late on_amend=on_amend busy=Signal::derive(busy)/>
            <section class="card">
                <h2>{move || i18n.t(Msg::ScreenOrder)}</h2>
                <ol class="run-order" data-testid="run-order">
                    {move || order.get().into_iter().enumerate().map(|(i, p)| {
                            let here = p.id.clone();
                            view! {
                                <li class:current=move || current_id.get().as_deref() == Some(here.as_str())
                                    class:revealed=p.revealed data-presenter=p.id.clone()>
                                    <span class="order-no">{i + 1}</span>
                                    <span class="order-name">{p.unit.clone()}</span>
                                    <Show when=move || !started()>
                                        <button class="small" aria-label=move || format!("{} {}", i18n.t(Msg::MoveUp), i + 1)
                                            disabled=busy on:click=move |_| reorder(i, true)>"↑"</button>
                                        <button class="small" aria-label=move || format!("{} {}", i18n.t(Msg::MoveDown), i + 1)
                                            disabled=busy on:click=move |_| reorder(i, false)>"↓"</button>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                </ol>
                <p><a class="go" href="/host/links" data-testid="links-page">{move || i18n.t(Msg::OpenLinks)}</a></p>
            </section>
        </div>
    }
}

/// The 回头看 on the console: the figures in brief and the ballot, each item's votes so far
/// and a button that closes its vote; a closed one says what came of it.
#[component]
fn ReviewPanel(
    review: RwSignal<Option<ReviewView>>,
    event: StoredValue<String>,
    token: StoredValue<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What each closed vote did, as the item's own status says (the event's vote settings
    // decide it, which the review does not carry).
    let results = RwSignal::new(std::collections::BTreeMap::<String, ItemStatus>::new());
    let closing = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let failed = RwSignal::new(None::<(String, Msg)>);
    let item_path = move |id: &str| {
        format!(
            "/api/v1/events/{}/items/{}",
            query_value(&event.get_value()),
            query_value(id)
        )
    };
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(r) = fetch_review(event.get_value()).await {
                if review.with_untracked(|old| old.as_ref() != Some(&r)) {
                    review.set(Some(r));
                }
            }
        });
    };
    // A vote closed elsewhere (another device, an earlier visit): its result from the item.
    Effect::new(move |_| {
        let missing: Vec<String> = review.with(|r| {
            r.iter()
                .flat_map(|r| r.ballot.iter())
                .filter(|b| !b.open && b.tally.is_some())
                .map(|b| b.id.clone())
                .filter(|id| results.with_untracked(|m| !m.contains_key(id)))
                .collect()
        });
        for id in missing {
            leptos::task::spawn_local(async move {
                if let Ok((200, text)) =
                    api_call("GET", &item_path(&id), &token.get_value(), None).await
                {
                    if let Ok(item) = serde_json::from_str::<ItemView>(&text) {
                        results.update(|m| {
                            m.insert(id, item.status);
                        });
                    }
                }
            });
        }
    });
    let close = move |id: String| {
        if closing.with_untracked(|c| c.contains(&id)) {
            return;
        }
        closing.update(|c| {
            c.insert(id.clone());
        });
        failed.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("{}/vote/close", item_path(&id));
            let answer = crate::browser::host_step(&path, &token.get_value(), "{}").await;
            let item = match &answer {
                Ok((200, text)) => serde_json::from_str::<ItemView>(text).ok(),
                _ => None,
            };
            // A second tap, or a close another device took first: the item says how it stands.
            let item = match item {
                Some(item) => Some(item),
                None => match api_call("GET", &item_path(&id), &token.get_value(), None).await {
                    Ok((200, text)) => serde_json::from_str::<ItemView>(&text)
                        .ok()
                        .filter(|i| matches!(i.status, ItemStatus::Closed | ItemStatus::Reopened)),
                    _ => None,
                },
            };
            match (item, answer) {
                (Some(item), _) => results.update(|m| {
                    m.insert(id.clone(), item.status);
                }),
                (None, Ok((_, text))) => {
                    failed.set(Some((id.clone(), host_error_msg(&error_code(&text)))))
                }
                (None, Err(())) => failed.set(Some((id.clone(), Msg::HostOffline))),
            }
            closing.update(|c| {
                c.remove(&id);
            });
            reload();
        });
    };
    view! {
        <section class="card review-console" data-testid="review-console">
            <h2>{move || i18n.t(Msg::ReviewConsoleTitle)}</h2>
            {move || review.get().map(|r| {
                let title = heading(i18n.lang.get(), &r);
                view! {
                    <p class="review-of"><strong>{title}</strong></p>
                    <ReviewFigures figures=r.figures.clone() in_progress=r.in_progress overdue=r.overdue/>
                    <h3>{i18n.t(Msg::ReviewBallotTitle)}</h3>
                    {r.ballot.is_empty().then(|| view! { <p class="muted">{i18n.t(Msg::ReviewNoBallot)}</p> })}
                    <ul class="console-ballot" data-testid="console-ballot">
                        {r.ballot.into_iter().map(|b| view! {
                            <ConsoleBallotItem item=b judges=r.judges results=results closing=closing failed=failed close=Callback::new(close)/>
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

/// One item of the console's ballot.
#[component]
fn ConsoleBallotItem(
    item: BallotItem,
    /// How many representatives may vote.
    judges: u32,
    results: RwSignal<std::collections::BTreeMap<String, ItemStatus>>,
    closing: RwSignal<std::collections::BTreeSet<String>>,
    failed: RwSignal<Option<(String, Msg)>>,
    close: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(item.id.clone());
    let unit = unit_label(i18n.lang.get_untracked(), item.unit_name.as_deref());
    let status = move || results.with(|m| m.get(&id.get_value()).copied());
    let busy = move || closing.with(|c| c.contains(&id.get_value()));
    let votes = item.votes;
    let tally = item.tally;
    let open = item.open;
    view! {
        <li class="ballot-item" data-testid="console-ballot-item" data-item=item.id.clone() data-open=open.to_string()>
            <p class="ballot-what"><span class="muted">{item.number.clone()}</span>" "<strong>{unit}</strong></p>
            <p class="ballot-title">{item.title.clone()}</p>
            {match (open, tally) {
                (true, _) => view! {
                    <p class="ballot-votes" data-testid="ballot-votes">
                        <span class="badge phase">{i18n.t(Msg::ReviewVoting)}</span>" "
                        {i18n.fill(Msg::ReviewVotesOf, &[("{n}", &votes.to_string()), ("{m}", &judges.to_string())])}
                    </p>
                    <button class="primary close-vote" data-testid="close-vote" disabled=busy
                        on:click=move |_| {
                            // A close cannot be taken back: with votes still to come, ask first.
                            let missing = judges.saturating_sub(votes);
                            if missing > 0 && !crate::components::host_area::confirm(&i18n.fill(
                                Msg::CloseVoteEarly,
                                &[("{k}", &missing.to_string()), ("{n}", &votes.to_string())],
                            )) {
                                return;
                            }
                            close.run(id.get_value())
                        }>
                        {move || i18n.t(Msg::CloseVote)}
                    </button>
                }.into_any(),
                (false, tally) => view! {
                    <p class="ballot-result" data-testid="ballot-result">
                        {move || match status() {
                            Some(ItemStatus::Reopened) => view! { <strong class="reopened">{i18n.t(Msg::ReviewResultReopenedWhy)}</strong> }.into_any(),
                            Some(ItemStatus::Closed) => view! { <strong class="closed">{i18n.t(Msg::ReviewResultClosed)}</strong> }.into_any(),
                            _ => ().into_any(),
                        }}
                        {tally.map(|t| view! { <span class="muted">" "{move || crate::pages::host_items::vote_words(i18n.lang.get(), &t)}</span> })}
                    </p>
                }.into_any(),
            }}
            {move || failed.get().filter(|(f, _)| *f == id.get_value()).map(|(_, m)| view! {
                <p class="error" role="alert">{i18n.t(m)}</p>
            })}
        </li>
    }
}

/// A cell's state as the page marks it (`data-state`, and its class).
fn cell_key(state: CellState) -> &'static str {
    match state {
        CellState::Submitted => "submitted",
        CellState::InProgress => "in_progress",
        CellState::Recused => "recused",
        CellState::Empty => "empty",
    }
}

fn cell_mark(state: CellState) -> &'static str {
    match state {
        CellState::Submitted => "✓",
        CellState::InProgress => "…",
        CellState::Recused => "—",
        CellState::Empty => "",
    }
}

/// The judges' progress: first the presenter on stage (who has not submitted, by name),
/// then every presenter's count, then, folded, each judge × presenter and each phone.
#[component]
fn ProgressPanel(
    grid: RwSignal<Option<ProgressGrid>>,
    order: Signal<Vec<StagePresenter>>,
    current: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let local = |iso: &str| crate::browser::judge_actions::local_time(iso);
    let unit_of = move |id: &str| {
        order.with(|o| {
            o.iter().find(|p| p.id == id).map(|p| {
                if p.unit.is_empty() {
                    p.name.clone()
                } else {
                    p.unit.clone()
                }
            })
        })
    };
    let on_stage = move || {
        let id = current.get()?;
        grid.with(|g| {
            let g = g.as_ref()?;
            let mut have = 0;
            let mut of = 0;
            let mut missing = Vec::new();
            for j in &g.judges {
                let cell = j.cells.get(&id).cloned().unwrap_or_default();
                match cell.state {
                    CellState::Recused => continue,
                    CellState::Submitted => have += 1,
                    CellState::InProgress => {
                        missing.push((j.name.clone(), j.group_name.clone(), true))
                    }
                    CellState::Empty => missing.push((j.name.clone(), j.group_name.clone(), false)),
                }
                of += 1;
            }
            Some((id.clone(), have, of, missing))
        })
    };
    let counts = Memo::new(move |_| {
        grid.with(|g| {
            let Some(g) = g else { return Vec::new() };
            g.presenters
                .iter()
                .map(|p| {
                    let (mut have, mut drafts, mut of) = (0, 0, 0);
                    for j in &g.judges {
                        match j.cells.get(&p.id).map(|c| c.state).unwrap_or_default() {
                            CellState::Recused => continue,
                            CellState::Submitted => have += 1,
                            CellState::InProgress => drafts += 1,
                            CellState::Empty => {}
                        }
                        of += 1;
                    }
                    let name = unit_of(&p.id).unwrap_or_else(|| p.name.clone());
                    (p.id.clone(), name, have, of, drafts, p.revealed)
                })
                .collect::<Vec<_>>()
        })
    });
    // Each phone by its judge's name; "phone 2" when a judge has more than one.
    let devices = Memo::new(move |_| {
        grid.with(|g| {
            let Some(g) = g else { return Vec::new() };
            let mut devices = g.devices.clone();
            devices.sort_by(|a, b| (&a.judge, &a.device).cmp(&(&b.judge, &b.device)));
            let judge_name = |id: &str| {
                g.judges
                    .iter()
                    .find(|j| j.id == id)
                    .map_or(String::new(), |j| j.name.clone())
            };
            devices
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let of_judge = devices.iter().filter(|x| x.judge == d.judge).count();
                    let n = devices[..i].iter().filter(|x| x.judge == d.judge).count() + 1;
                    let which = (of_judge > 1)
                        .then(|| i18n.fill(Msg::DeviceNo, &[("{n}", &n.to_string())]));
                    (judge_name(&d.judge), which, local(&d.last_seen), d.pending)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card progress" data-testid="progress">
            <h2>{move || i18n.t(Msg::ProgressTitle)}</h2>
            {move || on_stage().map(|(id, have, of, missing)| {
                let name = unit_of(&id).unwrap_or_default();
                view! {
                    <p class="progress-now" data-testid="progress-now">
                        <strong>{i18n.fill(Msg::ProgressOnStage, &[("{name}", &name), ("{have}", &have.to_string()), ("{of}", &of.to_string())])}</strong>
                    </p>
                    {if missing.is_empty() {
                        view! { <p class="ok-text">{i18n.t(Msg::ProgressAllIn)}</p> }.into_any()
                    } else {
                        view! {
                            <p class="muted">{i18n.t(Msg::ProgressMissing)}</p>
                            <ul class="missing" data-testid="missing">
                                {missing.into_iter().map(|(n, g, draft)| view! {
                                    <li class:draft=draft>{n}
                                        {g.map(|g| view! { <small class="muted">" "{g}</small> })}
                                        {draft.then(|| i18n.t(Msg::ProgressDraftMark))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            })}
            <h3>{move || i18n.t(Msg::ProgressByPresenter)}</h3>
            <table class="counts" data-testid="progress-counts">
                <thead><tr><th>{move || i18n.t(Msg::LatePresenter)}</th><th class="num">{move || i18n.t(Msg::ProgressSubmittedCol)}</th>
                    <th class="num">{move || i18n.t(Msg::ProgressDraftCol)}</th></tr></thead>
                <tbody>{move || counts.get().into_iter().enumerate().map(|(i, (id, name, have, of, drafts, revealed))| view! {
                    <tr data-presenter=id class:revealed=revealed>
                        <th scope="row"><span class="order-no small-no">{i + 1}</span>" "{name}</th>
                        <td class="num">{format!("{have} / {of}")}</td>
                        <td class="num">{if drafts > 0 { drafts.to_string() } else { String::new() }}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
            // The folds stay put while their contents refresh, so an opened one stays open.
            <details class="grid-details">
                <summary>{move || i18n.t(Msg::ProgressGridTitle)}</summary>
                <p class="hint muted">{move || i18n.t(Msg::ProgressGridHint)}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::ProgressGridTitle)>
                    <table data-testid="progress-grid" class="grid">
                        <thead><tr><th></th>{move || grid.with(|g| g.as_ref().map(|g| g.presenters.clone()).unwrap_or_default())
                            .into_iter().enumerate().map(|(i, p)| {
                                let unit = unit_of(&p.id).unwrap_or_else(|| p.name.clone());
                                let short: String = unit.chars().take(2).collect();
                                view! { <th scope="col" title=unit><span class="col-no">{i + 1}</span><br/>{short}</th> }
                            }).collect_view()}</tr></thead>
                        <tbody>{move || grid.with(|g| {
                            let Some(g) = g else { return Vec::new() };
                            g.judges.iter().map(|j| {
                                let cells: Vec<(String, CellState, String)> = g.presenters.iter().map(|p| {
                                    let cell = j.cells.get(&p.id).cloned().unwrap_or_default();
                                    let when = cell.synced_at.as_deref().map(local).unwrap_or_default();
                                    (p.id.clone(), cell.state, when)
                                }).collect();
                                (j.id.clone(), j.name.clone(), j.group_name.clone().unwrap_or_default(), cells)
                            }).collect::<Vec<_>>()
                        }).into_iter().map(|(id, name, group, cells)| view! {
                            <tr data-judge=id>
                                <th scope="row">{name}<small class="muted">" "{group}</small></th>
                                {cells.into_iter().map(|(id, state, when)| {
                                    let key = cell_key(state);
                                    view! {
                                        <td class=format!("cell {key}") data-presenter=id data-state=key title=when>
                                            {cell_mark(state)}
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            </details>
            <details class="grid-details">
                <summary>{move || i18n.t(Msg::DevicesTitle)}</summary>
                <table class="devices" data-testid="devices">
                    <thead><tr><th>{move || i18n.t(Msg::LateJudge)}</th><th>{move || i18n.t(Msg::DeviceLastSeen)}</th>
                        <th class="num">{move || i18n.t(Msg::DevicePending)}</th></tr></thead>
                    <tbody>{move || devices.get().into_iter().map(|(name, which, seen, pending)| view! {
                        <tr>
                            <td>{name}{which.map(|w| view! { <small class="muted">" "{w}</small> })}</td>
                            <td>{seen}</td>
                            <td class="num" data-testid="device-pending">{pending.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            </details>
        </section>
    }
}

/// The sheets that came late, each as a card: who, for whom, what, and a way to count it
/// with a written reason, once.
#[component]
fn LateList(
    late: RwSignal<Option<Vec<LateEntry>>>,
    on_amend: Callback<(String, String, String, Callback<()>)>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Reasons being typed, by late op, so a refresh of the list keeps them.
    let reasons = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    view! {
        <section class="card late" data-testid="late">
            <h2>{move || i18n.t(Msg::LateTitle)}</h2>
            <Show when=move || late.with(|l| l.as_ref().is_none_or(Vec::is_empty))>
                <p class="muted">{move || i18n.t(Msg::LateNone)}</p>
            </Show>
            // Keyed cards: a new late sheet or a refresh leaves the others, and a reason
            // being typed in one, untouched.
            <ul class="late-list">
                <For each=move || late.get().unwrap_or_default()
                    key=|r| (r.op_id.clone(), r.counted_in)
                    children=move |r| view! { <LateCard r=r reasons=reasons on_amend=on_amend busy=busy/> }/>
            </ul>
        </section>
    }
}

#[component]
fn LateCard(
    r: LateEntry,
    reasons: RwSignal<std::collections::BTreeMap<String, String>>,
    on_amend: Callback<(String, String, String, Callback<()>)>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(r.op_id.clone());
    let reason = Signal::derive(move || {
        reasons.with(|m| m.get(&*key.read_value()).cloned().unwrap_or_default())
    });
    let values = r
        .named_values
        .iter()
        .map(|v| {
            let value = v.value.map_or_else(|| "—".into(), |x| x.to_string());
            format!("{} {value}", v.name)
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let (op_id, presenter) = (r.op_id.clone(), r.presenter.clone());
    let done = Callback::new(move |()| {
        reasons.update(|m| {
            m.remove(&key.get_value());
        })
    });
    let input_id = format!("reason-{}", r.op_id);
    let state = match (r.counted_in, r.submitted) {
        (Some(n), _) => view! {
            <p class="ok-text" data-testid="late-counted">{i18n.fill(Msg::LateCountedIn, &[("{n}", &n.to_string())])}</p>
        }
        .into_any(),
        (None, false) => view! { <p class="muted">{i18n.t(Msg::LateDraft)}</p> }.into_any(),
        (None, true) => view! {
            <label class="amend-label" for=input_id.clone()>{i18n.t(Msg::AmendReason)}</label>
            <input id=input_id type="text" data-testid="amend-reason"
                prop:value=move || reason.get_untracked()
                on:input=move |ev| reasons.update(|m| { m.insert(key.get_value(), event_target_value(&ev)); })/>
            <button class="primary" data-action="amend"
                disabled=move || busy.get() || reason.get().trim().is_empty()
                on:click=move |_| on_amend.run((op_id.clone(), presenter.clone(), reason.get_untracked(), done))>
                {i18n.t(Msg::AmendCount)}
            </button>
        }
        .into_any(),
    };
    view! {
        <li class="late-card" data-op=r.op_id.clone() data-testid="late-row">
            <p class="late-who"><strong>{r.judge_name.clone().unwrap_or_else(|| r.judge.clone())}</strong>
                {r.group_name.clone().map(|g| view! { <small class="muted">" "{g}</small> })}
                " → "<strong>{r.presenter_name.clone().unwrap_or_else(|| r.presenter.clone())}</strong></p>
            <p class="late-values">{values}
                {r.total.map(|t| view! { " · "{i18n.t(Msg::Total)}" "<strong>{t.to_string()}</strong> })}</p>
            {r.note.clone().map(|n| view! {
                <p class="late-note" data-testid="late-note">{i18n.t(Msg::LateNote)}{n}</p>
            })}
            <p class="muted">{i18n.t(Msg::LateReceived)}" "{crate::browser::judge_actions::local_time(&r.received_at)}</p>
            {state}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn sent(body: &impl Serialize) -> Value {
        serde_json::from_str(&body_text(body)).unwrap()
    }

    #[test]
    fn the_bodies_sent_are_the_contracts_with_the_fields_the_console_always_sent() {
        let moved = MoveBody {
            mv: Move::StartReport,
            version: Some(3),
        };
        assert_eq!(
            sent(&moved),
            json!({ "action": "start_report", "version": 3 })
        );
        let undo = MoveBody {
            mv: Move::Undo,
            version: None,
        };
        assert_eq!(sent(&undo), json!({ "action": "undo", "version": null }));
        let reorder = MoveBody {
            mv: Move::Reorder {
                order: vec![Id::parse("p2").unwrap(), Id::parse("p1").unwrap()],
            },
            version: Some(7),
        };
        assert_eq!(
            sent(&reorder),
            json!({ "action": "reorder", "order": ["p2", "p1"], "version": 7 })
        );
        assert_eq!(sent(&RevealBody { force: true }), json!({ "force": true }));
        assert_eq!(
            sent(&RevealBody { force: false }),
            json!({ "force": false })
        );
        let amend = AmendBody {
            reason: "late sheet".into(),
            include_late: vec!["op-1".into()],
        };
        assert_eq!(
            sent(&amend),
            json!({ "reason": "late sheet", "include_late": ["op-1"] })
        );
    }

    #[test]
    fn each_step_is_named_as_its_move_is_sent() {
        let named = [
            (Move::StartReport, "start_report"),
            (Move::StartDefence, "start_defence"),
            (Move::OpenScoring, "open_scoring"),
            (Move::Next, "next"),
            (Move::Undo, "undo"),
            (Move::StartReview, "start_review"),
        ];
        for (mv, name) in named {
            let step = Step::Show(mv.clone());
            assert_eq!(step.action(), name);
            assert_eq!(sent(&mv)["action"], name);
        }
        assert_eq!(Step::Reveal.action(), "reveal");
    }
}
