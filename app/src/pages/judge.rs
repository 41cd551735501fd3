//! The judge's app (`/j/{token}`, then `/j`): the representatives' vote on items when there
//! is one, the presenters in order, a score sheet per presenter, and the sync status, all
//! working from this device's storage when offline.

use crate::browser::judge_actions as act;
use crate::components::pwa::{start_pwa, InstallCard, StorageNote, UpdateBanner};
use crate::components::stage::{phase_msg, Countdown};
use crate::domain::device::{
    token_in_link, BallotEntry, Book, EditError, Status, Verdict, NOTE_MAX,
};
use crate::domain::item_terms::Choice;
use crate::domain::wire::CriterionInfo;
use crate::domain::Score;
use crate::i18n::{reason_msg, use_i18n, I18n, Msg};
use crate::state::judge::{JudgeCtx, Screen};
use crate::state::live::LiveCtx;
use crate::state::pwa::PwaCtx;
use leptos::prelude::*;
use std::ops::Not;

#[component]
pub fn JudgePage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = JudgeCtx::new();
    provide_context(ctx);
    Effect::new(move |_| act::start(ctx));
    let pwa = start_pwa();
    provide_context(pwa);

    view! {
        <section class="page judge" data-screen=move || ctx.screen.get().key()>
            <UpdateBanner ctx=pwa/>
            {move || match ctx.screen.get() {
                Screen::Loading => view! { <p class="muted">{i18n.t(Msg::Loading)}</p> }.into_any(),
                Screen::NoSession => view! { <PasteLink/> }.into_any(),
                Screen::BadLink => view! {
                    <div class="card notice bad-link" data-testid="bad-link">
                        <h1>{i18n.t(Msg::JudgeBadLinkTitle)}</h1>
                        <p>{i18n.t(Msg::JudgeBadLinkText)}</p>
                    </div>
                }.into_any(),
                Screen::NeedsNetwork => view! {
                    <div class="card notice">
                        <p>{i18n.t(Msg::JudgeNeedsNetwork)}</p>
                        <button class="primary" on:click=move |_| act::start(ctx)>{i18n.t(Msg::Retry)}</button>
                    </div>
                }.into_any(),
                Screen::Ready => view! { <JudgeDesk/> }.into_any(),
            }}
        </section>
    }
}

/// No judge on this phone yet: open the link, or paste it here (an app installed on an
/// iPhone opens without the link that Safari had).
#[component]
fn PasteLink() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let wrong = RwSignal::new(false);
    // Read when the form is sent: one `change` handler, no signal per keystroke (the
    // judge's bundle is close to its byte budget).
    let text = StoredValue::new(String::new());
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match text.with_value(|t| token_in_link(t).map(str::to_string)) {
            Some(token) => act::open_link(ctx, &token),
            None => wrong.set(true),
        }
    };
    view! {
        <form class="card notice sign-in" data-testid="paste-link" on:submit=open>
            <p>{i18n.t(Msg::JudgeNoSession)}</p>
            <label for="judge-link">{i18n.t(Msg::JudgePasteLink)}</label>
            <input id="judge-link" type="text" inputmode="url" autocomplete="off" autocapitalize="off"
                spellcheck="false" placeholder="https://…/j/…"
                on:change=move |ev| {
                    text.set_value(event_target_value(&ev));
                    wrong.set(false);
                }/>
            <p class="error" role="alert" data-testid="not-a-link" hidden=move || !wrong.get()>
                {i18n.t(Msg::JudgeNotALink)}
            </p>
            <button class="primary" type="submit">{i18n.t(Msg::JudgeOpenLink)}</button>
        </form>
    }
}

/// The signed-in judge: who, the sync bar, what is on stage, and the list or one sheet.
#[component]
fn JudgeDesk() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let pwa = expect_context::<PwaCtx>();
    let live = LiveCtx::new();
    provide_context(live);
    if let Some(event) = ctx
        .book
        .with_untracked(|b| b.as_ref().map(|b| b.event.id.clone()))
    {
        Effect::new(move |_| crate::browser::live_actions::follow_show(live, event.clone()));
    }
    // Memos, so the news that arrives every few seconds redraws only what changed (a
    // redrawn button can swallow the tap that was on it).
    let on_stage = Memo::new(move |_| {
        live.show.with(|s| {
            s.as_ref()
                .and_then(|s| s.current.clone().map(|c| (c.id, c.unit, s.phase.clone())))
        })
    });
    let who = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref().map(|b| {
                let group = b
                    .judge
                    .group_name
                    .clone()
                    .unwrap_or_else(|| b.judge.group.clone());
                (
                    b.event.title.clone(),
                    format!("{} · {}", b.judge.name, group),
                )
            })
        })
    });
    let listing = Memo::new(move |_| ctx.open.get().is_none());
    // The stream says when a rehearsal has ended: its sheets go before the judge scores on.
    let round = Memo::new(move |_| {
        live.show.with(|s| {
            s.as_ref().map(|s| crate::domain::wire::RoundInfo {
                number: s.round,
                rehearsal: s.rehearsal,
            })
        })
    });
    Effect::new(move |_| {
        if let Some(round) = round.get() {
            act::saw_round(round);
        }
    });
    // Scoring opens for the presenter on stage: the phone buzzes, once per presenter and
    // round (an undone and reopened scoring stays quiet).
    let scoring = Memo::new(move |_| {
        live.show.with(|s| {
            s.as_ref()
                .filter(|s| s.phase == "scoring")
                .and_then(|s| s.current.as_ref().map(|c| (s.round, c.id.clone())))
        })
    });
    let buzzed = StoredValue::new(None::<(u32, String)>);
    Effect::new(move |_| {
        if let Some(now) = scoring.get() {
            if buzzed.with_value(|b| b.as_ref() != Some(&now)) {
                buzzed.set_value(Some(now));
                act::buzz();
            }
        }
    });
    view! {
        <header class="judge-head">
            <p class="event-title">{move || who.get().map(|w| w.0)}</p>
            // The list's heading; a sheet has its own (the presenter's name).
            {move || if listing.get() {
                view! { <h1 class="judge-name" data-testid="judge-name">{who.get().map(|w| w.1)}</h1> }.into_any()
            } else {
                view! { <p class="judge-name" data-testid="judge-name">{who.get().map(|w| w.1)}</p> }.into_any()
            }}
        </header>
        <SyncBar/>
        <Show when=move || live.show.with(|s| s.as_ref().is_some_and(|s| s.rehearsal))
            || ctx.book.with(|b| b.as_ref().is_some_and(|b| b.round.rehearsal))>
            <p class="rehearsal-banner" data-testid="rehearsal-banner">{i18n.t(Msg::RehearsalBanner)}</p>
        </Show>
        {move || ctx.book.with(|b| {
            let b = b.as_ref()?;
            let now = b.now_on.as_ref()?;
            let text = i18n.fill(Msg::OldEventLink, &[("{old}", &b.event.title), ("{now}", &now.title)]);
            Some(view! { <p class="card notice old-event" role="status" data-testid="old-event">{text}</p> })
        })}
        <Show when=move || ctx.book.with(|b| b.as_ref().is_some_and(|b| b.rehearsal_dropped))>
            <div class="card notice" role="status" data-testid="rehearsal-dropped">
                <p>{i18n.t(Msg::RehearsalDropped)}</p>
                <button class="primary" on:click=move |_| act::rehearsal_notice_read()>
                    {i18n.t(Msg::RehearsalDroppedOk)}
                </button>
            </div>
        </Show>
        {move || on_stage.get().map(|(id, unit, phase)| {
            view! {
                <button class="on-stage" data-testid="on-stage" on:click=move |_| ctx.open.set(Some(id.clone()))>
                    <span class="badge phase">{i18n.t(phase_msg(&phase))}</span>
                    <span class="on-stage-name">{unit}</span>
                    <Countdown live=live/>
                </button>
            }
        })}
        <Show when=move || !ctx.stored.get()>
            <p class="card error" role="alert">{move || i18n.t(Msg::StorageRefused)}</p>
        </Show>
        <Show when=move || listing.get()>
            <InstallCard ctx=pwa/>
        </Show>
        {move || match ctx.open.get() {
            Some(p) => view! { <SheetView presenter=p/> }.into_any(),
            None => view! { <BallotView/><PresenterList/><StorageNote ctx=pwa/> }.into_any(),
        }}
    }
}

/// Online or not, what has not reached the server or not been submitted, and the last
/// sync: three lines that keep their height, so nothing below them moves under a finger.
#[component]
fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let counts = move || {
        ctx.book.with(|b| {
            b.as_ref()
                .map_or((0, 0), |b| (b.pending(), b.unsubmitted()))
        })
    };
    let last = move || {
        ctx.book
            .with(|b| b.as_ref().and_then(|b| b.last_sync.clone()))
    };
    view! {
        <div class="sync-bar" data-testid="sync-bar"
            data-online=move || ctx.net.get().online.to_string()
            data-pending=move || counts().0.to_string()
            data-unsubmitted=move || counts().1.to_string()>
            <p class="sync-line">
                <span class=move || if ctx.net.get().online { "dot on" } else { "dot off" }></span>
                {move || {
                    let net = ctx.net.get();
                    if net.syncing { i18n.t(Msg::SyncSyncing) }
                    else if net.online { i18n.t(Msg::SyncOnline) }
                    else { i18n.t(Msg::SyncOffline) }
                }}
            </p>
            {move || {
                let (pending, unsubmitted) = counts();
                let (class, text) = if unsubmitted > 0 {
                    ("sync-line warn", i18n.fill(Msg::SyncUnsubmitted, &[("{n}", &unsubmitted.to_string())]))
                } else if pending > 0 {
                    ("sync-line", i18n.fill(Msg::SyncPending, &[("{n}", &pending.to_string())]))
                } else {
                    ("sync-line ok", i18n.t(Msg::SyncAllDone).to_string())
                };
                view! { <p class=class data-testid="pending">{text}</p> }
            }}
            <p class="sync-line muted">
                {move || match (ctx.net.get().trouble, last()) {
                    (true, _) => i18n.t(Msg::SyncServerTrouble).to_string(),
                    (false, Some(t)) => format!("{} {}", i18n.t(Msg::SyncLast), act::local_time(&t)),
                    (false, None) => i18n.t(Msg::SyncNever).to_string(),
                }}
            </p>
            <button class="sync-now" data-testid="sync-now" on:click=move |_| act::sync_now()
                disabled=move || ctx.net.get().syncing>
                {move || i18n.t(Msg::SyncNow)}
            </button>
        </div>
    }
}

fn status_msg(status: Status) -> Msg {
    match status {
        Status::NotStarted => Msg::StatusNotStarted,
        Status::Draft => Msg::StatusDraft,
        Status::Submitted => Msg::StatusSubmitted,
        Status::Synced => Msg::StatusSynced,
        Status::Counted => Msg::StatusCounted,
        Status::Late => Msg::StatusLate,
        Status::NotCounted => Msg::StatusNotCounted,
    }
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not-started",
        Status::Draft => "draft",
        Status::Submitted => "submitted",
        Status::Synced => "synced",
        Status::Counted => "counted",
        Status::Late => "late",
        Status::NotCounted => "not-counted",
    }
}

/// One line of the judge's list.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    n: usize,
    id: String,
    name: String,
    unit: String,
    status: Status,
    recused: bool,
    total: Option<String>,
}

#[component]
fn PresenterList() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let live = expect_context::<LiveCtx>();
    let current = Memo::new(move |_| {
        live.show.with(|s| {
            s.as_ref()
                .and_then(|s| s.current.as_ref().map(|c| c.id.clone()))
        })
    });
    // A memo of the rows: a sync that changes nothing on the list redraws nothing.
    let rows = Memo::new(move |_| {
        ctx.book.with(|b| {
            let Some(b) = b else { return Vec::new() };
            b.presenters()
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let status = b.status(&p.id);
                    // A draft shows no total: nothing on a draft may look finished.
                    let total = (!matches!(status, Status::NotStarted | Status::Draft))
                        .then(|| b.total(&p.id))
                        .flatten()
                        .map(|t| t.to_string());
                    Row {
                        n: i + 1,
                        id: p.id.clone(),
                        name: p.name.clone(),
                        unit: p.unit.clone(),
                        status,
                        recused: b.is_recused(&p.id),
                        total,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ol class="presenters" data-testid="presenters">
            {move || rows.get().into_iter().map(|r| {
                let open_id = r.id.clone();
                let here = r.id.clone();
                let key = if r.recused { "recused" } else { status_key(r.status) };
                let label = if r.recused { Msg::StatusRecused } else { status_msg(r.status) };
                view! {
                    <li class:current=move || current.get().as_deref() == Some(here.as_str())>
                        <button class="presenter" data-presenter=r.id.clone() data-status=key
                            on:click=move |_| ctx.open.set(Some(open_id.clone()))>
                            <span class="order-no">{r.n}</span>
                            <span class="who">
                                <span class="name">{r.name}</span>
                                <span class="unit muted">{r.unit}</span>
                            </span>
                            <span class="right">
                                {r.total.map(|t| view! { <span class="total">{t}</span> })}
                                <span class=format!("badge {key}")>{move || i18n.t(label)}</span>
                            </span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The representatives' vote on the items completed since the last session (回头看测评),
/// above the presenters: four big buttons per item, each tap saved on this phone first.
#[component]
fn BallotView() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    // The phone keeps no counts of others' votes, so their arrival redraws nothing here.
    let rows = Memo::new(move |_| {
        ctx.book
            .with(|b| b.as_ref().map_or(Vec::new(), |b| b.ballot.clone()))
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="ballot" data-testid="ballot">
                <h2>{move || i18n.fill(Msg::BallotTitle, &[("{n}", &rows.with(Vec::len).to_string())])}</h2>
                <p class="muted">{move || i18n.t(Msg::BallotIntro)}</p>
                <ol class="ballot-items">
                    {move || rows.get().into_iter().map(|r| view! { <BallotCard row=r/> }).collect_view()}
                </ol>
            </section>
        </Show>
    }
}

/// One item: what the unit reported, the four choices (the chosen one marked with a tick,
/// not by colour alone), and where this judge's vote stands.
#[component]
fn BallotCard(row: BallotEntry) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let id = StoredValue::new(row.id.clone());
    // What the card says of this judge's vote: (choice, state key, its words).
    let vote = Memo::new(move |_| {
        ctx.book.with(|b| {
            let b = b.as_ref()?;
            let id = id.read_value();
            let v = b.votes.get(&*id).cloned().unwrap_or_default();
            let (key, msg) = match &v.verdict {
                Some(Verdict::Late) => ("late", Msg::VoteLate),
                _ if !row.open => ("closed", Msg::VoteClosed),
                _ if b.vote_queued(&id) => ("saved", Msg::VoteSaved),
                Some(Verdict::Superseded) => ("superseded", Msg::VoteSuperseded),
                Some(Verdict::Rejected { .. }) => ("rejected", Msg::VoteRejected),
                _ if v.synced => ("sent", Msg::VoteSent),
                _ => ("none", Msg::VoteNone),
            };
            let reason = match &v.verdict {
                Some(Verdict::Rejected { code, .. }) => Some(reason_msg(code)),
                _ => None,
            };
            Some((v.choice, key, msg, reason))
        })
    });
    let choices = [
        (Choice::Satisfied, "satisfied"),
        (Choice::BasicallySatisfied, "basically_satisfied"),
        (Choice::Unsatisfied, "unsatisfied"),
        (Choice::Abstain, "abstain"),
    ];
    let open = row.open;
    view! {
        <li class="ballot-item card" data-testid="ballot-item" data-item=row.id.clone() data-open=open.to_string()>
            <p class="item-number">{row.number}" · "{move || row.unit_name.clone().unwrap_or_else(|| i18n.t(Msg::BallotBureau).to_string())}</p>
            <h3>{row.title.clone()}</h3>
            {row.report.map(|r| view! { <p class="item-report"><span class="muted">{move || i18n.t(Msg::BallotReport)}</span>{r}</p> })}
            <div class="choices" role="group" aria-label=row.title>
                {choices.into_iter().map(|(choice, key)| view! {
                    <button class="choice" data-choice=key disabled=!open
                        aria-pressed=move || vote.with(|v| v.as_ref().is_some_and(|v| v.0 == Some(choice))).to_string()
                        on:click=move |_| { let _ = act::vote(&id.read_value(), choice); }>
                        {move || choice.name(i18n.lang.get())}
                    </button>
                }).collect_view()}
            </div>
            {move || vote.get().map(|(_, key, msg, reason)| view! {
                <p class=format!("vote-state {key}") data-testid="vote-state" data-state=key role="status">
                    {i18n.t(msg)}{reason.map(|m| i18n.t(m))}
                </p>
            })}
        </li>
    }
}

fn verdict_text(i18n: I18n, verdict: &Verdict, submitted: bool) -> String {
    match verdict {
        Verdict::Applied { .. } if !submitted => i18n.t(Msg::VerdictDraftKept).to_string(),
        Verdict::Applied { .. } => i18n.t(Msg::VerdictApplied).to_string(),
        Verdict::Superseded => i18n.t(Msg::VerdictSuperseded).to_string(),
        Verdict::Late => i18n.t(Msg::VerdictLate).to_string(),
        Verdict::Rejected { code, .. } => {
            format!(
                "{}{}",
                i18n.t(Msg::VerdictRejected),
                i18n.t(reason_msg(code))
            )
        }
    }
}

/// A criterion's rule in words: "0–50 分，每次 0.5 分".
fn rule_text(i18n: I18n, c: &CriterionInfo) -> String {
    i18n.fill(
        Msg::RangeRule,
        &[
            ("{min}", &c.min.to_string()),
            ("{max}", &c.max.to_string()),
            ("{step}", &c.step.to_string()),
        ],
    )
}

/// One presenter's score sheet. Everything that can appear or change while the judge
/// enters scores sits below the submit button, so the button never moves under a finger.
#[component]
fn SheetView(presenter: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let problem = RwSignal::new(None::<String>);
    let last_problem = StoredValue::new(String::new());
    // Entries refused as typed (criterion, text), still showing: no submit over them.
    let refused = RwSignal::new(Vec::<(String, String)>::new());
    let p = StoredValue::new(presenter.clone());
    let on_book = move |f: &dyn Fn(&Book, &str) -> bool| {
        ctx.book
            .with(|b| b.as_ref().is_some_and(|b| f(b, &p.read_value())))
    };
    let info = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref().and_then(|b| {
                b.presenters()
                    .iter()
                    .find(|x| x.id == *p.read_value())
                    .cloned()
            })
        })
    });
    let criteria = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .map(|b| b.criteria().to_vec())
                .unwrap_or_default()
        })
    });
    let recused = Memo::new(move |_| on_book(&|b, p| b.is_recused(p)));
    let status = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .map_or(Status::NotStarted, |b| b.status(&p.read_value()))
        })
    });
    let revealed = Memo::new(move |_| status.get().is_revealed());
    let sheet = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .and_then(|b| b.sheet(&p.read_value()).cloned())
                .unwrap_or_default()
        })
    });
    let editing = Memo::new(move |_| sheet.with(|s| s.is_editing()));
    let running = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .map(|b| b.running_total(&p.read_value()))
                .unwrap_or(Score::ZERO)
        })
    });
    let lock = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .and_then(|b| b.locks.get(&*p.read_value()).cloned())
        })
    });
    let names = move |ids: &[String]| {
        let all = criteria.get_untracked();
        ids.iter()
            .map(|id| {
                all.iter()
                    .find(|c| &c.id == id)
                    .map_or(id.clone(), |c| c.name.clone())
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    let report = move |result: Result<(), EditError>| match result {
        Ok(()) => problem.set(None),
        Err(EditError::Incomplete { missing }) => {
            problem.set(Some(format!(
                "{}{}",
                i18n.t(Msg::MissingScores),
                names(&missing)
            )));
        }
        // The rows check values before they are stored; anything else is a sheet that
        // cannot be edited any more (revealed meanwhile), which the status line shows.
        Err(_) => problem.set(None),
    };
    let on_note = Callback::new(move |text: String| report(act::set_note(&p.read_value(), &text)));
    let on_value = Callback::new(move |(criterion, value): (String, Option<Score>)| {
        refused.update(|r| r.retain(|(c, _)| *c != criterion));
        report(act::set_value(&p.read_value(), &criterion, value))
    });
    // Why an entry was refused: the value, the field, and its rule.
    let refusal = move |(criterion, text): &(String, String)| {
        criteria.with_untracked(|all| {
            all.iter().find(|c| &c.id == criterion).map(|c| {
                i18n.fill(
                    Msg::BadEntry,
                    &[
                        ("{value}", text),
                        ("{name}", &c.name),
                        ("{rule}", &rule_text(i18n, c)),
                    ],
                )
            })
        })
    };
    let on_refused = Callback::new(move |entry: (String, String)| {
        problem.set(refusal(&entry));
        refused.update(|r| {
            r.retain(|(c, _)| *c != entry.0);
            r.push(entry);
        });
    });
    let submit = move |_| match refused.with_untracked(|r| r.first().cloned()) {
        Some(entry) => problem.set(refusal(&entry)),
        None => report(act::submit(&p.read_value())),
    };
    let status_line = move || {
        let (key, msg) = match status.get() {
            _ if recused.get() => ("recused", Msg::StatusRecused),
            Status::Submitted | Status::Synced if editing.get() => ("draft", Msg::StatusEditing),
            s => (status_key(s), status_msg(s)),
        };
        view! {
            <p class=format!("sheet-status {key}") data-testid="sheet-status" data-status=key role="status">
                {i18n.t(msg)}
            </p>
        }
    };
    let note = move || {
        let msg = match status.get() {
            _ if editing.get() => Msg::EditingNote,
            Status::NotStarted => Msg::SheetNotStarted,
            Status::Draft => Msg::SheetDraft,
            Status::Submitted if ctx.net.get().online => Msg::SheetSubmitted,
            Status::Submitted => Msg::SheetSubmittedOffline,
            Status::Synced => Msg::SheetSynced,
            _ => return None,
        };
        let class = if matches!(msg, Msg::SheetDraft | Msg::EditingNote) {
            "note warn"
        } else {
            "note"
        };
        Some(view! { <p class=class data-testid="sheet-note">{i18n.t(msg)}</p> })
    };
    let verdict = move || {
        let s = sheet.get();
        s.verdict.map(|v| {
            let kind = match v {
                Verdict::Applied { .. } => "applied",
                Verdict::Superseded => "superseded",
                Verdict::Late => "late",
                Verdict::Rejected { .. } => "rejected",
            };
            view! { <p class=format!("verdict {kind}") data-testid="verdict" data-verdict=kind>{verdict_text(i18n, &v, s.submitted)}</p> }
        })
    };
    // The server's confirmation, for comparing a phone with the host's screen.
    let receipt = move || {
        let s = sheet.get();
        s.receipt.filter(|_| s.submitted).map(|r| {
            view! {
                <p class="receipt muted" data-testid="receipt" data-seq=r.server_seq data-receipt=r.receipt.to_string()>
                    {i18n.t(Msg::ReceiptLabel)} " #" {r.server_seq} " · " <code>{r.receipt.to_string()}</code>
                </p>
            }
        })
    };
    let revealed_card = move || {
        lock.get().map(|l| {
            let said = match status.get() {
                Status::Late => Msg::YourSheetLate,
                Status::Counted => Msg::YourSheetCounted,
                _ => Msg::YourSheetNotCounted,
            };
            view! {
                <div class="card revealed" data-testid="revealed">
                    <h2>{i18n.t(Msg::RevealedResult)}</h2>
                    <p>{i18n.t(Msg::FinalScore)}" "<strong class="final">{l.final_score.map(|s| s.to_string())}</strong></p>
                    <p>{i18n.t(said)}</p>
                </div>
            }
        })
    };
    let saved = move || {
        (problem.with(Option::is_none)
            && ctx.stored.get()
            && matches!(status.get(), Status::Submitted | Status::Synced)
            && !editing.get())
        .then(
            || view! { <p class="saved" data-testid="saved">"✓ "{i18n.t(Msg::SavedOnDevice)}</p> },
        )
    };

    view! {
        <div class="sheet" data-testid="sheet" data-presenter=presenter>
            <button class="back" data-testid="back" on:click=move |_| ctx.open.set(None)>"← "{move || i18n.t(Msg::AllPresenters)}</button>
            {move || info.get().map(|p| view! {
                <h1 class="sheet-title">{p.name}</h1>
                <p class="muted">{p.unit}</p>
                {p.summary.map(|s| view! { <p class="summary">{s}</p> })}
            })}
            {status_line}
            <Show when=move || recused.get()>
                <p class="card notice">{move || i18n.t(Msg::RecusedNote)}</p>
            </Show>
            <Show when=move || !recused.get()>
                <div class="criteria">
                    {move || criteria.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        // One memo per row: a change elsewhere on the sheet (another row, the
                        // server's answer) never rewrites what the judge is typing here.
                        let value = Memo::new(move |_| sheet.with(|s| s.values.get(&id).copied().flatten()));
                        let bad = Signal::derive({
                            let id = c.id.clone();
                            move || refused.with(|r| r.iter().any(|(c, _)| *c == id))
                        });
                        view! { <CriterionRow criterion=c value=value bad=bad readonly=revealed.into()
                                    on_value=on_value on_refused=on_refused/> }
                    }).collect_view()}
                </div>
                <p class="running-total" data-testid="total">
                    <span>{move || i18n.t(Msg::Total)}</span>
                    <strong>{move || running.get().to_string()}</strong>
                </p>
                <NoteField presenter=p readonly=revealed.into() on_note=on_note/>
                <Show when=move || !revealed.get()>
                    <div class="actions">
                        <button class="primary submit" data-testid="submit" on:click=submit>
                            {move || if editing.get() { i18n.t(Msg::SubmitChanges) } else { i18n.t(Msg::Submit) }}
                        </button>
                        <Show when=move || editing.get()>
                            <button class="discard" on:click=move |_| { act::discard(&p.read_value()); problem.set(None); }>
                                {move || i18n.t(Msg::DiscardChanges)}
                            </button>
                        </Show>
                    </div>
                </Show>
                // A refused entry's reason stays while the entry does; a fixed problem's line
                // is hidden, not removed, so nothing below the button shrinks away.
                {move || {
                    let now = refused
                        .with(|r| r.first().cloned())
                        .and_then(|e| refusal(&e))
                        .or_else(|| problem.get());
                    let hidden = now.is_none();
                    if let Some(m) = &now {
                        last_problem.set_value(m.clone());
                    }
                    (hidden && last_problem.with_value(String::is_empty)).not().then(|| view! {
                        <p class="error" class:spent=hidden role="alert" data-testid=if hidden { "problem-spent" } else { "problem" }>
                            {now.unwrap_or_else(|| last_problem.get_value())}
                        </p>
                    })
                }}
                {saved}
                {note}
                {verdict}
                {receipt}
                {revealed_card}
            </Show>
        </div>
    }
}

/// The judge's written point on the presenter (意见建议), optional, shown to the host only:
/// saved with the sheet when the judge leaves the field, as a typed value is.
#[component]
fn NoteField(
    presenter: StoredValue<String>,
    readonly: Signal<bool>,
    on_note: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    // Only the note itself: a sync that changes anything else never rewrites the field.
    let note = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .and_then(|b| b.sheet(&presenter.read_value()))
                .and_then(|s| s.note.clone())
                .unwrap_or_default()
        })
    });
    let typed = RwSignal::new(None::<usize>);
    let count = move || {
        typed
            .get()
            .unwrap_or_else(|| note.with(|n| n.chars().count()))
    };
    view! {
        <div class="note-field">
            <label for="sheet-note">{move || i18n.t(Msg::NoteLabel)}</label>
            <textarea id="sheet-note" data-testid="note" rows="3" maxlength=NOTE_MAX
                prop:value=move || note.get() readonly=move || readonly.get()
                on:input=move |ev| typed.set(Some(event_target_value(&ev).chars().count()))
                on:change=move |ev| {
                    typed.set(None);
                    on_note.run(event_target_value(&ev).chars().take(NOTE_MAX).collect());
                }></textarea>
            <p class="note-count muted" data-testid="note-count">
                {move || i18n.fill(Msg::NoteCount, &[("{n}", &count().to_string()), ("{max}", &NOTE_MAX.to_string())])}
            </p>
        </div>
    }
}

/// One criterion: its name and rule, a stepper and direct entry. What the judge types
/// stays until they leave the field; a refused entry stays visible, marked, with the rule.
#[component]
fn CriterionRow(
    criterion: CriterionInfo,
    value: Memo<Option<Score>>,
    bad: Signal<bool>,
    readonly: Signal<bool>,
    on_value: Callback<(String, Option<Score>)>,
    on_refused: Callback<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = StoredValue::new(criterion.clone());
    let step = move |up: bool| {
        let c = c.get_value();
        let next = c.stepped(value.get_untracked(), up);
        on_value.run((c.id.clone(), Some(next)));
    };
    let entered = move |typed: String| {
        let c = c.get_value();
        let text = typed.trim().replace(',', ".");
        if text.is_empty() {
            on_value.run((c.id.clone(), None));
            return;
        }
        match Score::parse(&text) {
            Ok(v) if c.allows(v) => on_value.run((c.id.clone(), Some(v))),
            _ => on_refused.run((c.id.clone(), typed.trim().to_string())),
        }
    };
    let input_id = format!("c-{}", criterion.id);
    let rule_id = format!("r-{}", criterion.id);
    view! {
        <div class="criterion card" class:bad=move || bad.get() data-criterion=criterion.id.clone()>
            <label for=input_id.clone()>{criterion.name.clone()}</label>
            <p class="range" id=rule_id.clone()>{move || rule_text(i18n, &c.read_value())}</p>
            {criterion.description.clone().map(|d| view! { <p class="description muted">{d}</p> })}
            <div class="stepper">
                <button class="step down" aria-label=move || i18n.t(Msg::Decrease)
                    disabled=move || readonly.get() on:click=move |_| step(false)>"−"</button>
                <input id=input_id type="text" inputmode="decimal" autocomplete="off" aria-describedby=rule_id
                    aria-invalid=move || bad.get().to_string()
                    prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                    readonly=move || readonly.get()
                    on:change=move |ev| entered(event_target_value(&ev))/>
                <button class="step up" aria-label=move || i18n.t(Msg::Increase)
                    disabled=move || readonly.get() on:click=move |_| step(true)>"+"</button>
            </div>
        </div>
    }
}
