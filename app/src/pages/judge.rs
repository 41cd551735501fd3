//! The judge's app (`/j/{token}`, then `/j`): the presenters in order, a score sheet per
//! presenter, and the sync status, all working from this device's storage when offline.

use crate::browser::judge_actions as act;
use crate::components::pwa::{InstallCard, PwaCtx, StorageNote, UpdateBanner};
use crate::components::stage::{phase_msg, Countdown};
use crate::domain::device::{token_in_link, Book, EditError, Status, Verdict};
use crate::domain::wire::CriterionInfo;
use crate::domain::Score;
use crate::i18n::{use_i18n, I18n, Msg};
use crate::live::LiveCtx;
use leptos::prelude::*;

/// Which face the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Loading,
    /// No judge is signed in on this device and the address has no token.
    NoSession,
    /// The token is wrong or revoked.
    BadLink,
    /// Signing in for the first time needs the server, which cannot be reached.
    NeedsNetwork,
    Ready,
}

/// What the page knows of the connection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Net {
    pub online: bool,
    pub syncing: bool,
    /// The server's message when it refused a request for a reason other than auth.
    pub error: Option<String>,
}

/// The signals of the judge's page, shared with the device code that fills them.
#[derive(Clone, Copy)]
pub struct JudgeCtx {
    pub screen: RwSignal<Screen>,
    pub book: RwSignal<Option<Book>>,
    pub net: RwSignal<Net>,
    /// Whether the last write to the device's storage succeeded.
    pub stored: RwSignal<bool>,
    /// The presenter whose sheet is open.
    pub open: RwSignal<Option<String>>,
}

impl JudgeCtx {
    fn new() -> JudgeCtx {
        JudgeCtx {
            screen: RwSignal::new(Screen::Loading),
            book: RwSignal::new(None),
            net: RwSignal::new(Net::default()),
            stored: RwSignal::new(true),
            open: RwSignal::new(None),
        }
    }
}

#[component]
pub fn JudgePage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = JudgeCtx::new();
    provide_context(ctx);
    Effect::new(move |_| act::start(ctx));
    let pwa = PwaCtx::start();
    provide_context(pwa);

    view! {
        <section class="page judge" data-screen=move || format!("{:?}", ctx.screen.get()).to_lowercase()>
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
        Effect::new(move |_| live.follow_show(event.clone()));
    }
    let on_stage = move || {
        live.show.with(|s| {
            s.as_ref()
                .and_then(|s| s.current.clone().map(|c| (c, s.phase.clone())))
        })
    };
    let who = move || {
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
    };
    view! {
        <header class="judge-head">
            <p class="event-title">{move || who().map(|w| w.0)}</p>
            <p class="judge-name" data-testid="judge-name">{move || who().map(|w| w.1)}</p>
        </header>
        <SyncBar/>
        {move || on_stage().map(|(p, phase)| {
            let id = p.id.clone();
            view! {
                <button class="on-stage" data-testid="on-stage" on:click=move |_| ctx.open.set(Some(id.clone()))>
                    <span class="badge revealed">{i18n.t(phase_msg(&phase))}</span>
                    <span class="on-stage-name">{p.unit.clone()}</span>
                    <Countdown live=live/>
                </button>
            }
        })}
        <Show when=move || !ctx.stored.get()>
            <p class="card error" role="alert">{move || i18n.t(Msg::StorageRefused)}</p>
        </Show>
        <StorageNote ctx=pwa/>
        <Show when=move || ctx.open.get().is_none()>
            <InstallCard ctx=pwa/>
        </Show>
        {move || match ctx.open.get() {
            Some(p) => view! { <SheetView presenter=p/> }.into_any(),
            None => view! { <PresenterList/> }.into_any(),
        }}
    }
}

#[component]
fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let pending = move || ctx.book.with(|b| b.as_ref().map_or(0, Book::pending));
    let last = move || {
        ctx.book
            .with(|b| b.as_ref().and_then(|b| b.last_sync.clone()))
    };
    view! {
        <div class="sync-bar" data-testid="sync-bar"
            data-online=move || ctx.net.get().online.to_string()
            data-pending=move || pending().to_string()>
            <p class="sync-line">
                <span class=move || if ctx.net.get().online { "dot on" } else { "dot off" }></span>
                {move || {
                    let net = ctx.net.get();
                    if net.syncing { i18n.t(Msg::SyncSyncing) }
                    else if net.online { i18n.t(Msg::SyncOnline) }
                    else { i18n.t(Msg::SyncOffline) }
                }}
            </p>
            <p class="sync-line" data-testid="pending">
                {move || match pending() {
                    0 => i18n.t(Msg::SyncAllDone).to_string(),
                    n => format!("{n} {}", i18n.t(Msg::SyncPending)),
                }}
            </p>
            <p class="sync-line muted">
                {move || match last() {
                    Some(t) => format!("{} {}", i18n.t(Msg::SyncLast), act::local_time(&t)),
                    None => i18n.t(Msg::SyncNever).to_string(),
                }}
            </p>
            {move || ctx.net.get().error.map(|e| view! { <p class="sync-line error">{e}</p> })}
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
        Status::InProgress => Msg::StatusInProgress,
        Status::Submitted => Msg::StatusSubmitted,
        Status::Synced => Msg::StatusSynced,
        Status::Revealed => Msg::StatusRevealed,
    }
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not-started",
        Status::InProgress => "in-progress",
        Status::Submitted => "submitted",
        Status::Synced => "synced",
        Status::Revealed => "revealed",
    }
}

#[component]
fn PresenterList() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let live = expect_context::<LiveCtx>();
    let current = move || {
        live.show.with(|s| {
            s.as_ref()
                .and_then(|s| s.current.as_ref().map(|c| c.id.clone()))
        })
    };
    let rows = move || {
        ctx.book.with(|b| {
            let Some(b) = b else { return Vec::new() };
            b.presenters()
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let status = b.status(&p.id);
                    let total = b.total(&p.id).map(|t| t.to_string());
                    (
                        i + 1,
                        p.id.clone(),
                        p.name.clone(),
                        p.unit.clone(),
                        status,
                        b.is_recused(&p.id),
                        total,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ol class="presenters" data-testid="presenters">
            {move || rows().into_iter().map(|(n, id, name, unit, status, recused, total)| {
                let open_id = id.clone();
                let is_current = current().as_deref() == Some(id.as_str());
                view! {
                    <li class:current=is_current>
                        <button class="presenter" data-presenter=id.clone() data-status=status_key(status)
                            on:click=move |_| ctx.open.set(Some(open_id.clone()))>
                            <span class="order-no">{n}</span>
                            <span class="who">
                                <span class="name">{name}</span>
                                <span class="unit muted">{unit}</span>
                            </span>
                            <span class="right">
                                {total.map(|t| view! { <span class="total">{t}</span> })}
                                <span class=format!("badge {}", status_key(status))>
                                    {move || if recused { i18n.t(Msg::StatusRecused) } else { i18n.t(status_msg(status)) }}
                                </span>
                            </span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

fn verdict_text(i18n: I18n, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Applied { server_seq } => {
            format!("{} · #{server_seq}", i18n.t(Msg::VerdictApplied))
        }
        Verdict::Superseded => i18n.t(Msg::VerdictSuperseded).to_string(),
        Verdict::Late => i18n.t(Msg::VerdictLate).to_string(),
        Verdict::Rejected { code, message } => {
            let reason = match code.as_str() {
                "unknown_presenter" => Some(Msg::ReasonUnknownPresenter),
                "unknown_criterion" => Some(Msg::ReasonUnknownCriterion),
                "value_out_of_range" => Some(Msg::ReasonOutOfRange),
                "value_off_step" => Some(Msg::ReasonOffStep),
                "recused" => Some(Msg::ReasonRecused),
                "incomplete_submission" => Some(Msg::ReasonIncomplete),
                _ => None,
            };
            let words = reason
                .map(|m| i18n.t(m).to_string())
                .unwrap_or_else(|| message.clone());
            format!("{} {words}", i18n.t(Msg::VerdictRejected))
        }
    }
}

/// One presenter's score sheet.
#[component]
fn SheetView(presenter: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<JudgeCtx>();
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
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
    let revealed = Memo::new(move |_| on_book(&|b, p| b.status(p) == Status::Revealed));
    let sheet = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.as_ref()
                .and_then(|b| b.sheet(&p.read_value()).cloned())
                .unwrap_or_default()
        })
    });
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
        Ok(()) => {
            problem.set(None);
            saved.set(ctx.stored.get_untracked());
        }
        Err(EditError::Incomplete { missing }) => {
            saved.set(false);
            problem.set(Some(format!(
                "{} {}",
                i18n.t(Msg::MissingScores),
                names(&missing)
            )));
        }
        Err(_) => {
            saved.set(false);
            problem.set(Some(i18n.t(Msg::NotAllowedValue).to_string()));
        }
    };
    let on_value = Callback::new(move |(criterion, value): (String, Option<Score>)| {
        report(act::set_value(&p.read_value(), &criterion, value))
    });
    let on_bad_entry = Callback::new(move |()| {
        saved.set(false);
        problem.set(Some(i18n.t(Msg::NotAllowedValue).to_string()));
    });
    let verdict = move || {
        sheet.get().verdict.map(|v| {
            let kind = match v {
                Verdict::Applied { .. } => "applied",
                Verdict::Superseded => "superseded",
                Verdict::Late => "late",
                Verdict::Rejected { .. } => "rejected",
            };
            view! { <p class=format!("verdict {kind}") data-testid="verdict" data-verdict=kind>{verdict_text(i18n, &v)}</p> }
        })
    };
    // The server's confirmation, for comparing a phone with the host's screen.
    let receipt = move || {
        sheet.get().receipt.map(|r| {
            view! {
                <p class="receipt muted" data-testid="receipt" data-seq=r.server_seq data-receipt=r.receipt.to_string()>
                    {i18n.t(Msg::ReceiptLabel)} " #" {r.server_seq} " · " <code>{r.receipt.to_string()}</code>
                </p>
            }
        })
    };
    let revealed_card = move || {
        lock.get().map(|l| {
            let late = matches!(sheet.get().verdict, Some(Verdict::Late));
            let said = if late {
                Msg::YourSheetLate
            } else if l.counted {
                Msg::YourSheetCounted
            } else {
                Msg::YourSheetNotCounted
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
    let note = move || {
        let s = sheet.get();
        if s.is_editing() {
            i18n.t(Msg::EditingNote)
        } else if s.submitted {
            i18n.t(Msg::SubmittedNote)
        } else {
            ""
        }
    };

    view! {
        <div class="sheet" data-testid="sheet" data-presenter=presenter>
            <button class="back" data-testid="back" on:click=move |_| ctx.open.set(None)>"← "{move || i18n.t(Msg::AllPresenters)}</button>
            {move || info.get().map(|p| view! {
                <h1 class="sheet-title">{p.name}</h1>
                <p class="muted">{p.unit}</p>
                {p.summary.map(|s| view! { <p class="summary">{s}</p> })}
            })}
            <Show when=move || recused.get()>
                <p class="card notice">{move || i18n.t(Msg::RecusedNote)}</p>
            </Show>
            <Show when=move || !recused.get()>
                <div class="criteria">
                    {move || criteria.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        let value = Signal::derive(move || sheet.with(|s| s.values.get(&id).copied().flatten()));
                        view! { <CriterionRow criterion=c value=value readonly=revealed.into()
                                    on_value=on_value on_bad_entry=on_bad_entry/> }
                    }).collect_view()}
                </div>
                <p class="running-total" data-testid="total">
                    <span>{move || i18n.t(Msg::Total)}</span>
                    <strong>{move || running.get().to_string()}</strong>
                </p>
                {move || problem.get().map(|m| view! { <p class="error" role="alert" data-testid="problem">{m}</p> })}
                <Show when=move || !revealed.get()>
                    <div class="actions">
                        <button class="primary submit" data-testid="submit"
                            on:click=move |_| report(act::submit(&p.read_value()))>
                            {move || if sheet.get().is_editing() { i18n.t(Msg::SubmitChanges) } else { i18n.t(Msg::Submit) }}
                        </button>
                        <Show when=move || sheet.get().is_editing()>
                            <button class="discard" on:click=move |_| { act::discard(&p.read_value()); problem.set(None); }>
                                {move || i18n.t(Msg::DiscardChanges)}
                            </button>
                        </Show>
                    </div>
                    <p class="note muted" data-testid="sheet-note">{note}</p>
                </Show>
                <Show when=move || saved.get() && ctx.stored.get()>
                    <p class="saved" data-testid="saved">"✓ "{move || i18n.t(Msg::SavedOnDevice)}</p>
                </Show>
                {verdict}
                {receipt}
                {revealed_card}
            </Show>
        </div>
    }
}

/// One criterion: name, range and step, a stepper and direct entry.
#[component]
fn CriterionRow(
    criterion: CriterionInfo,
    value: Signal<Option<Score>>,
    readonly: Signal<bool>,
    on_value: Callback<(String, Option<Score>)>,
    on_bad_entry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = StoredValue::new(criterion.clone());
    let step = move |up: bool| {
        let c = c.get_value();
        let next = c.stepped(value.get_untracked(), up);
        on_value.run((c.id.clone(), Some(next)));
    };
    let entered = move |text: String| {
        let c = c.get_value();
        let text = text.trim().replace(',', ".");
        if text.is_empty() {
            on_value.run((c.id.clone(), None));
            return;
        }
        match Score::parse(&text) {
            Ok(v) if c.allows(v) => on_value.run((c.id.clone(), Some(v))),
            _ => on_bad_entry.run(()),
        }
    };
    let input_id = format!("c-{}", criterion.id);
    view! {
        <div class="criterion card" data-criterion=criterion.id.clone()>
            <label for=input_id.clone()>{criterion.name.clone()}</label>
            <p class="range muted">
                {move || format!("{} {}–{} · {} {}", i18n.t(Msg::Range), criterion.min, criterion.max, i18n.t(Msg::Step), criterion.step)}
            </p>
            {criterion.description.clone().map(|d| view! { <p class="description muted">{d}</p> })}
            <div class="stepper">
                <button class="step down" aria-label=move || i18n.t(Msg::Decrease)
                    disabled=move || readonly.get() on:click=move |_| step(false)>"−"</button>
                <input id=input_id type="text" inputmode="decimal" autocomplete="off"
                    prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                    readonly=move || readonly.get()
                    on:change=move |ev| entered(event_target_value(&ev))/>
                <button class="step up" aria-label=move || i18n.t(Msg::Increase)
                    disabled=move || readonly.get() on:click=move |_| step(true)>"+"</button>
            </div>
        </div>
    }
}
