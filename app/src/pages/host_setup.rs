//! The host's preparation of an event (`/host/setup`): a rehearsal started and ended, the
//! judges and presenters read from a spreadsheet, and a paper sheet entered for a judge whose
//! phone failed, with a receipt to print for the judge to sign.

use crate::browser::{api_bytes, api_call, host_call};
use crate::components::download::DownloadButton;
use crate::components::host_area::{
    error_code, host_ctx, host_error_msg, host_get, named_event, query_value, HostCtx, HostNav,
    HostSection, Problem, ProblemNotice,
};
use crate::domain::event::Criterion;
use crate::domain::wire::{
    EventState, EventSummary, OpResult, PaperBody, RehearsalView, RosterError, RosterPreview,
    RosterRefusal, RosterRow, RosterStored, Values, Wiped,
};
use crate::domain::{EventConfig, Lang, Score};
use crate::i18n::{fill, reason_msg, tr, use_i18n, I18n, Msg};
use leptos::prelude::*;
use std::collections::BTreeMap;

// ---- What the page says, worked out without the page ----

/// The server's limit on a roster file (`server/src/limits.rs` `MAX_CONFIG`): a larger one is
/// refused before it is sent.
#[cfg(feature = "browser")]
const MAX_ROSTER_BYTES: usize = 1024 * 1024;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The words for where an event is.
pub fn state_msg(state: EventState) -> Msg {
    match state {
        EventState::Draft => Msg::StateDraft,
        EventState::Rehearsal => Msg::StateRehearsal,
        EventState::Live => Msg::StateLive,
        EventState::Finished => Msg::StateFinished,
    }
}

/// The state as the API writes it, for the page's `data-state`.
pub fn state_key(state: EventState) -> &'static str {
    match state {
        EventState::Draft => "draft",
        EventState::Rehearsal => "rehearsal",
        EventState::Live => "live",
        EventState::Finished => "finished",
    }
}

/// What ending a rehearsal wiped, in words: `已清除 12 份评分、3 次亮分。`
pub fn wiped_words(lang: Lang, wiped: &Wiped) -> String {
    let count = |msg: Msg, n: u64| {
        let plural = if n == 1 { "" } else { "s" };
        fill(tr(lang, msg), &[("{n}", &n.to_string()), ("{s}", plural)])
    };
    let nothing = wiped.ops == 0
        && wiped.sheets == 0
        && wiped.reveals == 0
        && wiped.late == 0
        && wiped.amendments == 0;
    let mut out = if nothing {
        tr(lang, Msg::WipedNothing).to_string()
    } else {
        let mut parts = vec![
            count(Msg::WipedSheets, wiped.sheets),
            count(Msg::WipedReveals, wiped.reveals),
        ];
        if wiped.late > 0 {
            parts.push(count(Msg::WipedLate, wiped.late));
        }
        if wiped.amendments > 0 {
            parts.push(count(Msg::WipedAmendments, wiped.amendments));
        }
        let list = parts.join(tr(lang, Msg::SetupListSep));
        fill(tr(lang, Msg::WipedList), &[("{list}", &list)])
    };
    if wiped.show_moved {
        if lang == Lang::En {
            out.push(' ');
        }
        out.push_str(tr(lang, Msg::WipedShow));
    }
    out
}

/// A roster's problem with its row (`第 3 行：…`); a problem of the whole file has none, and
/// a message that already names its row is not told it twice.
pub fn row_problem(lang: Lang, error: &RosterError) -> String {
    if error.row == 0 {
        return error.message.clone();
    }
    let label = fill(
        tr(lang, Msg::RosterRowLabel),
        &[("{n}", &error.row.to_string())],
    );
    let bare = label.trim_end_matches(['：', ':', ' ']);
    if error.message.starts_with(bare) {
        error.message.clone()
    } else {
        format!("{label}{}", error.message)
    }
}

fn kind_msg(kind: &str) -> Msg {
    if kind == "judge" {
        Msg::KindJudge
    } else {
        Msg::KindPresenter
    }
}

/// A preview row's group by name (a judge) or unit (a presenter); never the group's id.
fn group_or_unit(row: &RosterRow, groups: &[(String, String)]) -> String {
    match (&row.group, &row.unit) {
        (Some(group), _) => groups
            .iter()
            .find(|(id, _)| id == group)
            .map_or_else(|| "—".to_string(), |(_, name)| name.clone()),
        (None, Some(unit)) => unit.clone(),
        (None, None) => String::new(),
    }
}

/// The type to send a roster file as: by its name, which a clerk's computer sets more
/// reliably than the browser's guess (a CSV is often "vnd.ms-excel").
pub fn roster_content_type(name: &str, given: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") {
        XLSX.to_string()
    } else if lower.ends_with(".csv") {
        "text/csv".to_string()
    } else if !given.is_empty() {
        given.to_string()
    } else {
        "application/octet-stream".to_string()
    }
}

/// Why a paper sheet as typed cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetProblem {
    /// The judge or the presenter is not chosen.
    NotChosen,
    /// Not a number, or not one the criterion takes.
    BadValue {
        name: String,
        min: Score,
        max: Score,
        step: Score,
    },
    /// A handed-in sheet with a criterion left empty.
    Missing { name: String },
}

/// The typed values as a sheet: each criterion's number, `None` when left empty (only on a
/// sheet not handed in).
pub fn paper_values(
    criteria: &[Criterion],
    typed: &BTreeMap<String, String>,
    submitted: bool,
) -> Result<Values, SheetProblem> {
    let mut values = Values::new();
    for c in criteria {
        let text = typed.get(c.id.as_str()).map_or("", |t| t.trim());
        if text.is_empty() {
            if submitted {
                return Err(SheetProblem::Missing {
                    name: c.name.clone(),
                });
            }
            values.insert(c.id.to_string(), None);
            continue;
        }
        let value = Score::parse(text)
            .ok()
            .filter(|v| v.fits(c.min, c.max, c.step))
            .ok_or_else(|| SheetProblem::BadValue {
                name: c.name.clone(),
                min: c.min,
                max: c.max,
                step: c.step,
            })?;
        values.insert(c.id.to_string(), Some(value));
    }
    Ok(values)
}

/// A sheet's total over the criteria scored.
pub fn sheet_total(values: &Values) -> Option<Score> {
    values
        .values()
        .flatten()
        .try_fold(Score::ZERO, |sum, v| sum.checked_add(*v))
}

/// The op id to send `entry` under: the one it was sent with last time when it is the same
/// entry (a retry, a second tap: it counts once), a fresh one for anything else.
pub fn op_id_for(
    last: Option<&(PaperBody, String)>,
    entry: &PaperBody,
    fresh: impl FnOnce() -> String,
) -> String {
    match last {
        Some((sent, op_id)) if sent == entry => op_id.clone(),
        _ => fresh(),
    }
}

/// Why a paper sheet was refused, in the host's words.
fn paper_reason(code: &str) -> Msg {
    match code {
        "recused" => Msg::PaperReasonRecused,
        _ => match reason_msg(code) {
            Msg::ReasonOther => Msg::PaperReasonOther,
            words => words,
        },
    }
}

/// A paper sheet's outcome in words: `已计入`, or why not.
fn outcome_words(i18n: I18n, result: &OpResult) -> String {
    match result.outcome.as_str() {
        "applied" => i18n.t(Msg::PaperApplied).to_string(),
        "superseded" => i18n.t(Msg::PaperSuperseded).to_string(),
        "late" => i18n.t(Msg::PaperLate).to_string(),
        _ => {
            let code = result.error.as_ref().map_or("", |e| e.code.as_str());
            format!(
                "{}{}",
                i18n.t(Msg::PaperRejected),
                i18n.t(paper_reason(code))
            )
        }
    }
}

fn problem_words(i18n: I18n, problem: &SheetProblem) -> String {
    match problem {
        SheetProblem::NotChosen => i18n.t(Msg::PaperPickBoth).to_string(),
        SheetProblem::BadValue {
            name,
            min,
            max,
            step,
        } => {
            let rule = i18n.fill(
                Msg::RangeRule,
                &[
                    ("{min}", &min.to_string()),
                    ("{max}", &max.to_string()),
                    ("{step}", &step.to_string()),
                ],
            );
            i18n.fill(Msg::PaperBadValue, &[("{name}", name), ("{rule}", &rule)])
        }
        SheetProblem::Missing { name } => i18n.fill(Msg::PaperMissing, &[("{name}", name)]),
    }
}

/// A judge as the clerk picks one: name and group.
fn judge_label(i18n: I18n, config: &EventConfig, judge: &str) -> String {
    config.judge(judge).map_or_else(
        || "—".to_string(),
        |j| match config.group(j.group.as_str()) {
            Some(g) => format!("{}{}", j.name, i18n.paren(&g.name)),
            None => j.name.clone(),
        },
    )
}

/// A presenter as the clerk picks one: unit, then name.
fn presenter_label(i18n: I18n, config: &EventConfig, presenter: &str) -> String {
    config.presenter(presenter).map_or_else(
        || "—".to_string(),
        |p| {
            if p.unit.is_empty() || p.unit == p.name {
                p.name.clone()
            } else {
                format!("{}{}", p.unit, i18n.paren(&p.name))
            }
        },
    )
}

// ---- The page ----

#[component]
pub fn HostSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let ctx = LocalResource::new(move || host_ctx(named.get()));
    view! {
        <section class="page host-setup">
            <HostNav current=HostSection::Setup/>
            <h1 class="no-print">{move || i18n.t(Msg::SetupTitle)}</h1>
            <p class="muted no-print">{move || i18n.t(Msg::SetupIntro)}</p>
            {move || match ctx.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
                Some(Ok(ctx)) => view! { <SetupBody ctx=ctx/> }.into_any(),
            }}
        </section>
    }
}

/// The event's state and config, loaded once and again after each step that changes them;
/// the three parts of the page keep what they show across those loads.
#[component]
fn SetupBody(ctx: HostCtx) -> impl IntoView {
    let summary = LocalResource::new({
        let ctx = ctx.clone();
        move || {
            let ctx = ctx.clone();
            async move { host_get::<EventSummary>(&ctx, "").await }
        }
    });
    let config = LocalResource::new({
        let ctx = ctx.clone();
        move || load_config(ctx.clone())
    });
    view! {
        <StateCard ctx=ctx.clone() summary=summary/>
        <RosterCard ctx=ctx.clone() config=config summary=summary/>
        <PaperCard ctx=ctx config=config summary=summary/>
    }
}

/// Data the page loads from the server, or why it could not.
type Loaded<T> = LocalResource<Result<T, Problem>>;

/// Where the event is, and the rehearsal started or ended.
#[component]
fn StateCard(ctx: HostCtx, summary: Loaded<EventSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = StoredValue::new(ctx);
    let confirming = RwSignal::new(false);
    let step = Action::new_local(move |start: &bool| {
        let (ctx, start) = (ctx.get_value(), *start);
        async move {
            let answer = rehearsal_step(ctx, start).await;
            confirming.set(false);
            summary.refetch();
            answer
        }
    });
    let busy = move || step.pending().get();
    let state = move || summary.get().and_then(Result::ok).map(|s| s.state);
    let switch = Action::new_local(move |event: &String| {
        let event = event.clone();
        async move {
            let _ = crate::components::host_area::make_current(event).await;
            summary.refetch();
        }
    });

    view! {
        <section class="card setup-state no-print" data-testid="setup-state">
            <h2>{move || i18n.t(Msg::SetupStateTitle)}</h2>
            {move || summary.get().map(|loaded| match loaded {
                Err(problem) => view! { <ProblemNotice problem=problem/> }.into_any(),
                Ok(s) => {
                    let key = state_key(s.state);
                    let counts = move || i18n.fill(Msg::SetupCounts, &[
                        ("{judges}", &s.judges.to_string()),
                        ("{presenters}", &s.presenters.to_string()),
                    ]);
                    view! {
                        <p class="setup-event"><strong>{s.title.clone()}</strong>
                            {s.date.clone().map(|d| format!(" · {d}"))}</p>
                        <p class="muted">{counts}</p>
                        <p class="event-state-line">{move || i18n.t(Msg::SetupStateNow)}
                            <strong class=format!("event-state {key}") data-testid="event-state" data-state=key>
                                {move || i18n.t(state_msg(s.state))}
                            </strong>
                        </p>
                    }.into_any()
                }
            })}
            // A rehearsal runs on the console and the screen, which show the current event
            // only: say so, with the switch at hand, while this one is not it.
            {move || summary.get().and_then(Result::ok).filter(|s| s.current == Some(false)).map(|s| {
                let id = s.id.clone();
                view! {
                    <div class="confirm-box not-current" data-testid="not-current" role="status">
                        <p><strong>{move || i18n.t(Msg::SetupNotCurrent)}</strong></p>
                        <button type="button" class="primary wide" data-testid="setup-make-current"
                            disabled=move || switch.pending().get()
                            on:click=move |_| { switch.dispatch(id.clone()); }>
                            {move || i18n.t(Msg::EventsMakeCurrent)}
                        </button>
                    </div>
                }
            })}
            {move || match state() {
                Some(EventState::Draft) => view! {
                    <p>{move || i18n.t(Msg::RehearsalExplain)}</p>
                    <button type="button" class="primary wide" data-testid="start-rehearsal"
                        disabled=busy on:click=move |_| { step.dispatch(true); }>
                        {move || i18n.t(Msg::RehearsalStart)}
                    </button>
                }.into_any(),
                Some(EventState::Rehearsal) => view! {
                    <p>{move || i18n.t(Msg::RehearsalOnText)}</p>
                    <Show when=move || confirming.get() fallback=move || view! {
                        <button type="button" class="wide" data-testid="end-rehearsal"
                            on:click=move |_| confirming.set(true)>
                            {move || i18n.t(Msg::RehearsalEnd)}
                        </button>
                    }>
                        <div class="confirm-box">
                            <p role="alert"><strong>{move || i18n.t(Msg::RehearsalConfirmText)}</strong></p>
                            <div class="button-row">
                                <button type="button" class="primary" data-testid="confirm-end-rehearsal"
                                    disabled=busy on:click=move |_| { step.dispatch(false); }>
                                    {move || i18n.t(Msg::RehearsalConfirm)}
                                </button>
                                <button type="button" data-testid="cancel-end-rehearsal" disabled=busy
                                    on:click=move |_| confirming.set(false)>
                                    {move || i18n.t(Msg::SetupCancel)}
                                </button>
                            </div>
                        </div>
                    </Show>
                }.into_any(),
                Some(EventState::Live) => view! { <p>{move || i18n.t(Msg::LiveText)}</p> }.into_any(),
                Some(EventState::Finished) => view! { <p>{move || i18n.t(Msg::FinishedText)}</p> }.into_any(),
                None => ().into_any(),
            }}
            {move || step.value().get().map(|answer| match answer {
                Ok(RehearsalView { wiped: Some(wiped), .. }) => view! {
                    <div class="wiped" data-testid="wiped" role="status">
                        <p class="saved">{move || i18n.t(Msg::RehearsalEnded)}</p>
                        <p>{move || wiped_words(i18n.lang.get(), &wiped)}</p>
                    </div>
                }.into_any(),
                Ok(_) => ().into_any(),
                Err(msg) => view! {
                    <p class="error" role="alert" data-testid="rehearsal-error">{move || i18n.t(msg)}</p>
                }.into_any(),
            })}
        </section>
    }
}

/// A roster file as read on this device.
#[derive(Clone, Debug, PartialEq)]
struct Picked {
    content_type: String,
    bytes: Vec<u8>,
}

/// The judges and presenters from a spreadsheet: the template, the file, its preview with
/// every row's problem, then the import.
#[component]
fn RosterCard(
    ctx: HostCtx,
    config: Loaded<EventConfig>,
    summary: Loaded<EventSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let template = Signal::stored(Some(ctx.path("/roster/template.xlsx")));
    let ctx = StoredValue::new(ctx);
    let file_name = RwSignal::new(None::<String>);
    let chosen = StoredValue::new(None::<Picked>);
    // Each choice of a file counts up, so a slow answer about an earlier file is dropped.
    let picks = StoredValue::new(0u32);
    // A chosen file is being read and previewed.
    let reading = RwSignal::new(false);
    let preview = RwSignal::new(None::<RosterPreview>);
    let stored = RwSignal::new(None::<(usize, usize)>);
    let failed = RwSignal::new(None::<Msg>);

    let import = Action::new_local(move |file: &Picked| {
        let (ctx, file) = (ctx.get_value(), file.clone());
        async move {
            match send_roster(ctx, file, false).await {
                RosterAnswer::Stored(s) => {
                    stored.set(Some((s.judges.len(), s.presenters.len())));
                    preview.set(None);
                    config.refetch();
                    summary.refetch();
                }
                // The server read it otherwise than the preview did: its problems replace it.
                RosterAnswer::Preview(p) => {
                    preview.set(Some(p));
                    failed.set(Some(Msg::ErrInvalidRoster));
                }
                RosterAnswer::Failed(msg) => failed.set(Some(msg)),
            }
        }
    });

    let choose = move |ev: leptos::ev::Event| {
        #[cfg(feature = "browser")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|list| list.get(0)) else {
                return;
            };
            // Emptied, so choosing the same file again after fixing it reads it again.
            input.set_value("");
            picks.update_value(|n| *n += 1);
            let pick = picks.get_value();
            chosen.set_value(None);
            file_name.set(Some(file.name()));
            preview.set(None);
            stored.set(None);
            failed.set(None);
            if file.size() > MAX_ROSTER_BYTES as f64 {
                failed.set(Some(Msg::RosterTooLarge));
                return;
            }
            // Read and previewed in one go: the preview is what the page shows of the file.
            reading.set(true);
            let ctx = ctx.get_value();
            leptos::task::spawn_local(async move {
                // Dropped when another file was chosen meanwhile, or the page was left.
                let current = move || picks.try_get_value() == Some(pick);
                let Some(picked) = read_file(file).await else {
                    if current() {
                        reading.set(false);
                        failed.set(Some(Msg::RosterUnreadable));
                    }
                    return;
                };
                if !current() {
                    return;
                }
                chosen.set_value(Some(picked.clone()));
                let answer = send_roster(ctx, picked, true).await;
                if !current() {
                    return;
                }
                reading.set(false);
                match answer {
                    RosterAnswer::Preview(p) => preview.set(Some(p)),
                    RosterAnswer::Stored(_) => {}
                    RosterAnswer::Failed(msg) => failed.set(Some(msg)),
                }
            });
        }
        #[cfg(not(feature = "browser"))]
        let _ = (ev, picks);
    };
    let can_import = move || {
        !import.pending().get()
            && !reading.get()
            && stored.with(Option::is_none)
            && preview.with(|p| {
                p.as_ref()
                    .is_some_and(|p| !p.rows.is_empty() && p.errors.is_empty())
            })
    };
    let start_import = move |_| {
        if let Some(file) = chosen.get_value() {
            failed.set(None);
            import.dispatch(file);
        }
    };
    let groups = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| {
                c.groups
                    .iter()
                    .map(|g| (g.id.to_string(), g.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };

    view! {
        <section class="card setup-roster no-print" data-testid="setup-roster">
            <h2>{move || i18n.t(Msg::RosterTitle)}</h2>
            <p>{move || i18n.t(Msg::RosterExplain)}</p>
            <div class="toolbar">
                <DownloadButton label=Msg::RosterTemplate path=template
                    fallback="roster-template.xlsx" testid="roster-template"/>
            </div>
            <label class="file-pick" for="roster-file">
                <span>{move || i18n.t(Msg::RosterChoose)}</span>
                <input id="roster-file" type="file" accept=".xlsx,.csv" data-testid="roster-file"
                    on:change=choose/>
            </label>
            {move || file_name.get().map(|name| view! {
                <p class="muted roster-file-name">{move || i18n.t(Msg::RosterFile)}" "{name}</p>
            })}
            <Show when=move || reading.get()>
                <p class="muted" role="status">{move || i18n.t(Msg::RosterReading)}</p>
            </Show>
            {move || preview.get().map(|p| {
                let groups = groups();
                let (rows, errors) = (p.rows, p.errors);
                let (row_count, error_count) = (rows.len(), errors.len());
                view! {
                    <div class="roster-preview" data-testid="roster-preview"
                        data-rows=row_count data-errors=error_count>
                        {(!errors.is_empty()).then(|| view! {
                            <div class="roster-errors" data-testid="roster-errors" role="alert">
                                <p><strong>{move || i18n.t(Msg::RosterProblemsTitle)}</strong></p>
                                <ul>
                                    {errors.into_iter().map(|e| {
                                        let row = e.row;
                                        view! {
                                            <li data-row=row>{move || row_problem(i18n.lang.get(), &e)}</li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <p>{move || i18n.t(Msg::RosterFixAndRetry)}</p>
                            </div>
                        })}
                        {(row_count == 0 && error_count == 0).then(|| view! {
                            <p class="error">{move || i18n.t(Msg::RosterNoRows)}</p>
                        })}
                        {(row_count > 0).then(|| view! {
                            <h3>{move || i18n.t(Msg::RosterPreviewTitle)}{move || i18n.paren(row_count)}</h3>
                            <div class="table-wrap" tabindex="0" role="region"
                                aria-label=move || i18n.t(Msg::RosterPreviewTitle)>
                                <table class="roster-table">
                                    <thead><tr>
                                        <th>{move || i18n.t(Msg::RosterKind)}</th>
                                        <th>{move || i18n.t(Msg::RosterName)}</th>
                                        <th>{move || i18n.t(Msg::RosterGroupOrUnit)}</th>
                                        <th class="num">{move || i18n.t(Msg::RosterOrder)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {rows.iter().map(|r| {
                                            let kind = kind_msg(&r.kind);
                                            view! {
                                                <tr data-row=r.row data-kind=r.kind.clone()>
                                                    <td>{move || i18n.t(kind)}</td>
                                                    <td>{r.name.clone()}</td>
                                                    <td>{group_or_unit(r, &groups)}</td>
                                                    <td class="num">{r.order.map(|o| o.to_string()).unwrap_or_default()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                    </div>
                }
            })}
            <Show when=move || preview.with(|p| p.as_ref().is_some_and(|p| !p.rows.is_empty()))>
                <p class="muted">{move || i18n.t(Msg::RosterReplaces)}</p>
                <button type="button" class="primary wide" data-testid="roster-import"
                    disabled=move || !can_import() on:click=start_import>
                    {move || i18n.t(if import.pending().get() { Msg::RosterImporting } else { Msg::RosterImport })}
                </button>
            </Show>
            {move || failed.get().map(|msg| view! {
                <p class="error" role="alert" data-testid="roster-failed">{move || i18n.t(msg)}</p>
            })}
            {move || stored.get().map(|(judges, presenters)| view! {
                <div class="roster-done" data-testid="roster-done" role="status">
                    <p class="saved">{move || i18n.fill(Msg::RosterDone, &[
                        ("{judges}", &judges.to_string()),
                        ("{presenters}", &presenters.to_string()),
                    ])}</p>
                    <a class="button primary" data-testid="roster-links"
                        href=move || format!("/host/links?event={}", query_value(&ctx.get_value().event))>
                        {move || i18n.t(Msg::RosterLinks)}
                    </a>
                </div>
            })}
        </section>
    }
}

/// A paper sheet entered for a judge: judge, presenter, a number per criterion; its outcome
/// and receipt, and the receipt printed for the judge to sign.
#[component]
fn PaperCard(
    ctx: HostCtx,
    config: Loaded<EventConfig>,
    summary: Loaded<EventSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = StoredValue::new(ctx);
    let judge = RwSignal::new(String::new());
    let presenter = RwSignal::new(String::new());
    let typed = RwSignal::new(BTreeMap::<String, String>::new());
    // Counts up when the typed numbers are cleared, to empty the boxes: a box is written only
    // when made or cleared, never on each key, which would wipe a half-typed "36." from it.
    let cleared = RwSignal::new(0u32);
    let submitted = RwSignal::new(true);
    let clerk = RwSignal::new(String::new());
    let invalid = RwSignal::new(None::<SheetProblem>);
    // The last entry sent and its op id: sent again unchanged, it keeps the id.
    let last = StoredValue::new(None::<(PaperBody, String)>);

    let send = Action::new_local(move |entry: &PaperBody| {
        let (ctx, entry) = (ctx.get_value(), entry.clone());
        async move {
            let answer = send_paper(ctx, entry.clone()).await;
            if answer.as_ref().is_ok_and(|r| r.outcome != "rejected") {
                typed.set(BTreeMap::new());
                cleared.update(|n| *n += 1);
                summary.refetch();
            }
            answer.map(|result| (entry, result))
        }
    });
    let busy = move || send.pending().get();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        invalid.set(None);
        let Some(Ok(config)) = config.get_untracked() else {
            return;
        };
        let (j, p) = (judge.get_untracked(), presenter.get_untracked());
        if config.judge(&j).is_none() || config.presenter(&p).is_none() {
            invalid.set(Some(SheetProblem::NotChosen));
            return;
        }
        let handed_in = submitted.get_untracked();
        let values = match typed.with_untracked(|t| paper_values(&config.criteria, t, handed_in)) {
            Ok(values) => values,
            Err(problem) => {
                invalid.set(Some(problem));
                return;
            }
        };
        let name = clerk.get_untracked().trim().to_string();
        let mut entry = PaperBody {
            judge: j,
            presenter: p,
            values,
            submitted: handed_in,
            op_id: None,
            entered_by: (!name.is_empty()).then_some(name),
        };
        let op_id = op_id_for(last.get_value().as_ref(), &entry, new_key);
        last.set_value(Some((entry.clone(), op_id.clone())));
        entry.op_id = Some(op_id);
        send.dispatch(entry);
    };
    let print = move |_| {
        #[cfg(feature = "browser")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    let form = move || {
        config.get().map(|loaded| match loaded {
            Err(problem) => view! { <ProblemNotice problem=problem/> }.into_any(),
            Ok(c) if c.judges.is_empty() || c.presenters.is_empty() => {
                view! { <p class="muted">{move || i18n.t(Msg::PaperNoJudges)}</p> }.into_any()
            }
            Ok(c) => {
                let judges: Vec<(String, String)> = c
                    .judges
                    .iter()
                    .map(|j| (j.id.to_string(), judge_label(i18n, &c, j.id.as_str())))
                    .collect();
                let recusals: Vec<(String, Vec<String>)> = c
                    .judges
                    .iter()
                    .map(|j| (j.id.to_string(), j.recused.iter().map(|r| r.to_string()).collect()))
                    .collect();
                let recusals = StoredValue::new(recusals);
                let presenters: Vec<(String, String)> = c
                    .presenters_in_order()
                    .into_iter()
                    .map(|p| (p.id.to_string(), presenter_label(i18n, &c, p.id.as_str())))
                    .collect();
                view! {
                    <form class="paper-form" on:submit=submit>
                        <label for="paper-judge">{move || i18n.t(Msg::LateJudge)}</label>
                        <select id="paper-judge" data-testid="paper-judge"
                            on:change=move |ev| judge.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || judge.with(String::is_empty)>
                                {move || i18n.t(Msg::PaperChooseJudge)}
                            </option>
                            {judges.into_iter().map(|(id, label)| {
                                let value = id.clone();
                                view! {
                                    <option value=value prop:selected=move || judge.with(|j| *j == id)>{label}</option>
                                }
                            }).collect_view()}
                        </select>
                        <label for="paper-presenter">{move || i18n.t(Msg::LatePresenter)}</label>
                        <select id="paper-presenter" data-testid="paper-presenter"
                            on:change=move |ev| presenter.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || presenter.with(String::is_empty)>
                                {move || i18n.t(Msg::PaperChoosePresenter)}
                            </option>
                            {presenters.into_iter().map(|(id, label)| {
                                let value = id.clone();
                                let chosen = id.clone();
                                let recused = Memo::new(move |_| {
                                    let j = judge.get();
                                    recusals.with_value(|all| {
                                        all.iter().any(|(judge, list)| *judge == j && list.contains(&id))
                                    })
                                });
                                view! {
                                    <option value=value disabled=recused
                                        prop:selected=move || presenter.with(|p| *p == chosen)>
                                        {label}{move || recused.get().then(|| i18n.t(Msg::PaperRecusedMark))}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                        <div class="paper-values">
                            {c.criteria.iter().map(|crit| {
                                let key = crit.id.to_string();
                                let shown = key.clone();
                                let input_id = format!("paper-value-{key}");
                                let (min, max, step) = (crit.min.to_string(), crit.max.to_string(), crit.step.to_string());
                                let rule = {
                                    let (min, max, step) = (min.clone(), max.clone(), step.clone());
                                    move || i18n.fill(Msg::RangeRule, &[("{min}", &min), ("{max}", &max), ("{step}", &step)])
                                };
                                view! {
                                    <div class="paper-value">
                                        <label for=input_id.clone()>{crit.name.clone()}</label>
                                        <input id=input_id.clone() data-testid=input_id type="number" inputmode="decimal"
                                            min=min max=max step=step autocomplete="off"
                                            prop:value=move || {
                                                cleared.track();
                                                typed.with_untracked(|t| t.get(&shown).cloned().unwrap_or_default())
                                            }
                                            on:input=move |ev| {
                                                let text = event_target_value(&ev);
                                                typed.update(|t| { t.insert(key.clone(), text); });
                                            }/>
                                        <p class="hint muted">{rule}</p>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                        <label class="check">
                            <input type="checkbox" data-testid="paper-submitted"
                                prop:checked=move || submitted.get()
                                on:change=move |ev| submitted.set(event_target_checked(&ev))/>
                            <span>{move || i18n.t(Msg::PaperSubmitted)}</span>
                        </label>
                        <p class="hint muted">{move || i18n.t(Msg::PaperSubmittedHint)}</p>
                        <label for="paper-clerk">{move || i18n.t(Msg::PaperClerk)}</label>
                        <input id="paper-clerk" type="text" data-testid="paper-clerk" autocomplete="name"
                            maxlength="100" prop:value=move || clerk.get()
                            on:input=move |ev| clerk.set(event_target_value(&ev))/>
                        <p class="hint muted">{move || i18n.t(Msg::PaperClerkHint)}</p>
                        <button type="submit" class="primary wide" data-testid="paper-submit" disabled=busy>
                            {move || i18n.t(if busy() { Msg::PaperSending } else { Msg::PaperSend })}
                        </button>
                    </form>
                }
                .into_any()
            }
        })
    };

    let outcome = move || {
        send.value().get().map(|answer| match answer {
            Err(msg) => view! {
                <p class="error" role="alert" data-testid="paper-outcome" data-outcome="unsent">
                    {move || i18n.t(msg)}
                </p>
            }
            .into_any(),
            Ok((entry, result)) => {
                let loaded = config.get().and_then(Result::ok);
                let who = loaded.as_ref().map(|c| {
                    format!(
                        "{} · {}",
                        judge_label(i18n, c, &entry.judge),
                        presenter_label(i18n, c, &entry.presenter)
                    )
                });
                let outcome = result.outcome.clone();
                let receipt = result.receipt.map(|r| (result.server_seq, r.to_string()));
                let words = {
                    let result = result.clone();
                    move || outcome_words(i18n, &result)
                };
                view! {
                    <div class=format!("paper-outcome outcome {outcome}") data-testid="paper-outcome"
                        data-outcome=outcome.clone() role="status">
                        <p class="paper-outcome-line"><strong>{words}</strong></p>
                        {who.map(|w| view! { <p>{w}</p> })}
                        {receipt.map(|(seq, code)| {
                            let shown = code.clone();
                            view! {
                            <p class="paper-receipt" data-testid="paper-receipt" data-seq=seq data-receipt=code>
                                {move || i18n.fill(Msg::PaperReceipt, &[("{seq}", &seq.to_string()), ("{code}", &shown)])}
                            </p>
                            <button type="button" class="wide" data-testid="paper-print" on:click=print>
                                {move || i18n.t(Msg::PaperPrint)}
                            </button>
                        }})}
                    </div>
                }
                .into_any()
            }
        })
    };

    // The receipt as printed: only this part of the page is on paper.
    let slip = move || {
        let (entry, result) = send.value().get().and_then(Result::ok)?;
        let receipt = result.receipt?;
        let c = config.get().and_then(Result::ok)?;
        let total = sheet_total(&entry.values).map_or_else(|| "—".to_string(), |t| t.to_string());
        let lines = c
            .criteria
            .iter()
            .map(|crit| {
                let value = entry
                    .values
                    .get(crit.id.as_str())
                    .copied()
                    .flatten()
                    .map_or_else(|| "—".to_string(), |v| v.to_string());
                view! { <div><dt>{crit.name.clone()}</dt><dd>{value}</dd></div> }
            })
            .collect_view();
        let seq = result.server_seq.to_string();
        let code = receipt.to_string();
        let words = outcome_words(i18n, &result);
        Some(view! {
            <section class="print-only paper-slip" data-testid="paper-slip">
                <h2>{i18n.t(Msg::PaperSlipTitle)}</h2>
                <p class="print-title">{c.title.clone()}</p>
                <dl class="slip-facts">
                    <div><dt>{i18n.t(Msg::LateJudge)}</dt><dd>{judge_label(i18n, &c, &entry.judge)}</dd></div>
                    <div><dt>{i18n.t(Msg::LatePresenter)}</dt><dd>{presenter_label(i18n, &c, &entry.presenter)}</dd></div>
                    {lines}
                    <div class="slip-total"><dt>{i18n.t(Msg::Total)}</dt><dd>{total}</dd></div>
                    <div><dt>{i18n.t(Msg::PaperSlipResult)}</dt><dd>{words}" · "{i18n.t(Msg::PaperSlipMarker)}</dd></div>
                    {entry.entered_by.clone().map(|name| view! {
                        <div><dt>{i18n.t(Msg::PaperClerk)}</dt><dd>{name}</dd></div>
                    })}
                    <div><dt>{i18n.t(Msg::ReceiptLabel)}</dt>
                        <dd>{i18n.fill(Msg::PaperReceipt, &[("{seq}", &seq), ("{code}", &code)])}</dd></div>
                </dl>
                <p class="slip-signature">{i18n.t(Msg::PaperSignature)}<span class="slip-line"></span></p>
            </section>
        })
    };

    view! {
        <section class="card setup-paper no-print" data-testid="setup-paper">
            <h2>{move || i18n.t(Msg::PaperTitle)}</h2>
            <p>{move || i18n.t(Msg::PaperExplain)}</p>
            {form}
            {move || invalid.get().map(|problem| view! {
                <p class="error" role="alert" data-testid="paper-invalid">{move || problem_words(i18n, &problem)}</p>
            })}
            {outcome}
        </section>
        {slip}
    }
}

// ---- What the page asks of the server (in the browser; on the server these never run) ----

/// A fresh UUID for a step or an entry.
fn new_key() -> String {
    #[cfg(feature = "browser")]
    return crate::browser::judge::new_uuid();
    #[cfg(not(feature = "browser"))]
    String::new()
}

/// The event's config, as JSON.
async fn load_config(ctx: HostCtx) -> Result<EventConfig, Problem> {
    match api_bytes("GET", &ctx.path("/config"), &ctx.token, None).await {
        Ok((200, text)) => serde_json::from_str(&text)
            .map_err(|_| Problem::Refused(tr(lang_now(), Msg::ErrGeneric).to_string())),
        Ok((401 | 403, _)) => Err(Problem::SignedOut),
        Ok((_, text)) => Err(Problem::Refused(
            crate::components::host_area::error_message(&text),
        )),
        Err(()) => Err(Problem::Offline),
    }
}

fn lang_now() -> Lang {
    crate::browser::document_lang().unwrap_or_default()
}

/// Starts (`start`) or ends the rehearsal, tried again while no answer comes under one key:
/// an end whose answer was lost is answered again with what it wiped.
async fn rehearsal_step(ctx: HostCtx, start: bool) -> Result<RehearsalView, Msg> {
    let method = if start { "POST" } else { "DELETE" };
    let key = new_key();
    let path = ctx.path("/rehearsal");
    let mut answer = Err(());
    for _ in 0..3 {
        answer = host_call(method, &path, &ctx.token, &key, "{}").await;
        if answer.is_ok() {
            break;
        }
    }
    match answer {
        Ok((200, text)) => serde_json::from_str(&text).map_err(|_| Msg::ErrGeneric),
        Ok((401 | 403, _)) => Err(Msg::HostPagesSignIn),
        Ok((_, text)) => Err(host_error_msg(&error_code(&text))),
        Err(()) => Err(Msg::HostOffline),
    }
}

/// What the server made of a roster.
enum RosterAnswer {
    /// The rows as read and every problem (a dry run, or a refused import).
    Preview(RosterPreview),
    Stored(RosterStored),
    Failed(Msg),
}

async fn send_roster(ctx: HostCtx, file: Picked, dry_run: bool) -> RosterAnswer {
    let path = ctx.path(if dry_run {
        "/roster?dry_run=true"
    } else {
        "/roster"
    });
    let body = Some((file.content_type.as_str(), file.bytes.as_slice()));
    match api_bytes("POST", &path, &ctx.token, body).await {
        Ok((200, text)) if dry_run => serde_json::from_str(&text)
            .map_or(RosterAnswer::Failed(Msg::ErrGeneric), RosterAnswer::Preview),
        Ok((200, text)) => serde_json::from_str(&text)
            .map_or(RosterAnswer::Failed(Msg::ErrGeneric), RosterAnswer::Stored),
        Ok((400, text)) => match serde_json::from_str::<RosterRefusal>(&text) {
            Ok(refusal) => RosterAnswer::Preview(RosterPreview {
                rows: refusal.rows,
                errors: refusal.errors,
            }),
            Err(_) => RosterAnswer::Failed(host_error_msg(&error_code(&text))),
        },
        Ok((413, _)) => RosterAnswer::Failed(Msg::RosterTooLarge),
        Ok((401 | 403, _)) => RosterAnswer::Failed(Msg::HostPagesSignIn),
        Ok((_, text)) => RosterAnswer::Failed(host_error_msg(&error_code(&text))),
        Err(()) => RosterAnswer::Failed(Msg::HostOffline),
    }
}

/// Sends a paper sheet, again while no answer comes: its op id makes it count once.
async fn send_paper(ctx: HostCtx, entry: PaperBody) -> Result<OpResult, Msg> {
    let body = serde_json::to_string(&entry).map_err(|_| Msg::ErrGeneric)?;
    let path = ctx.path("/paper");
    let mut answer = Err(());
    for _ in 0..3 {
        answer = api_call("POST", &path, &ctx.token, Some(body.clone())).await;
        if answer.is_ok() {
            break;
        }
    }
    match answer {
        Ok((200, text)) => serde_json::from_str(&text).map_err(|_| Msg::ErrGeneric),
        Ok((401 | 403, _)) => Err(Msg::HostPagesSignIn),
        Ok((_, text)) => Err(host_error_msg(&error_code(&text))),
        Err(()) => Err(Msg::PaperRetry),
    }
}

/// The chosen file's bytes and the type to send it as; `None` when the browser could not
/// read it.
#[cfg(feature = "browser")]
async fn read_file(file: web_sys::File) -> Option<Picked> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(Picked {
        content_type: roster_content_type(&file.name(), &file.type_()),
        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;

    fn criterion(id: &str, name: &str, max: i64, step: i64) -> Criterion {
        Criterion {
            id: Id::parse(id).unwrap(),
            name: name.into(),
            min: Score::ZERO,
            max: Score::from_hundredths(max * 100),
            step: Score::from_hundredths(step),
            description: None,
        }
    }

    fn typed(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_config_as_the_server_sends_it_reads_back() {
        let demo = crate::domain::demo_event();
        let json = serde_json::to_string(&demo).unwrap();
        assert_eq!(serde_json::from_str::<EventConfig>(&json).unwrap(), demo);
    }

    #[test]
    fn every_state_has_its_plain_words() {
        assert_eq!(tr(Lang::Zh, state_msg(EventState::Draft)), "筹备中");
        assert_eq!(tr(Lang::Zh, state_msg(EventState::Rehearsal)), "彩排中");
        assert_eq!(tr(Lang::Zh, state_msg(EventState::Live)), "正式进行中");
        assert_eq!(tr(Lang::Zh, state_msg(EventState::Finished)), "已结束");
        assert_eq!(tr(Lang::En, state_msg(EventState::Rehearsal)), "Rehearsal");
    }

    #[test]
    fn a_wipe_is_said_in_counts_and_words() {
        let wiped = Wiped {
            ops: 16,
            sheets: 12,
            reveals: 3,
            late: 1,
            amendments: 0,
            show_moved: true,
        };
        assert_eq!(
            wiped_words(Lang::Zh, &wiped),
            "已清除 12 份评分、3 次亮分、1 份亮分后送到的评分。出场进度已回到开头。"
        );
        assert_eq!(
            wiped_words(Lang::En, &wiped),
            "Cleared 12 score sheets, 3 reveals, 1 late sheet. The running order is back at its start."
        );
        let one = Wiped {
            ops: 1,
            sheets: 1,
            ..Wiped::default()
        };
        assert_eq!(wiped_words(Lang::Zh, &one), "已清除 1 份评分、0 次亮分。");
        assert_eq!(
            wiped_words(Lang::Zh, &Wiped::default()),
            tr(Lang::Zh, Msg::WipedNothing)
        );
    }

    #[test]
    fn a_roster_problem_names_its_row_once() {
        let error = |row: u32, message: &str| RosterError {
            row,
            field: "group".into(),
            message: message.into(),
        };
        assert_eq!(
            row_problem(Lang::Zh, &error(3, "没有“财务组”这个组别。")),
            "第 3 行：没有“财务组”这个组别。"
        );
        assert_eq!(
            row_problem(
                Lang::Zh,
                &error(4, "第 4 行是空行:请删去这一行，或填上内容。")
            ),
            "第 4 行是空行:请删去这一行，或填上内容。"
        );
        assert_eq!(
            row_problem(Lang::En, &error(2, "The name is empty.")),
            "Row 2: The name is empty."
        );
        assert_eq!(
            row_problem(Lang::Zh, &error(0, "评委不够：亮分需要 10 份。")),
            "评委不够：亮分需要 10 份。"
        );
    }

    #[test]
    fn a_preview_row_shows_a_group_by_name_never_its_id() {
        let groups = vec![("business".to_string(), "军创企业".to_string())];
        let mut row = RosterRow {
            row: 2,
            kind: "judge".into(),
            name: "张三".into(),
            group: Some("business".into()),
            unit: None,
            order: None,
            last_rank: None,
            summary: None,
            recused: Vec::new(),
        };
        assert_eq!(group_or_unit(&row, &groups), "军创企业");
        row.group = Some("unknown".into());
        assert_eq!(group_or_unit(&row, &groups), "—");
        row.group = None;
        row.unit = Some("城东区".into());
        assert_eq!(group_or_unit(&row, &groups), "城东区");
    }

    #[test]
    fn a_roster_is_sent_as_its_file_name_says() {
        assert_eq!(roster_content_type("名单.XLSX", ""), XLSX);
        assert_eq!(
            roster_content_type("名单.csv", "application/vnd.ms-excel"),
            "text/csv"
        );
        assert_eq!(roster_content_type("名单", "text/plain"), "text/plain");
        assert_eq!(roster_content_type("名单", ""), "application/octet-stream");
    }

    #[test]
    fn typed_numbers_become_a_sheet_on_the_rubric_only() {
        let criteria = [
            criterion("results", "工作实绩", 50, 50),
            criterion("defence", "现场论述", 30, 50),
        ];
        let sheet = paper_values(
            &criteria,
            &typed(&[("results", "45"), ("defence", " 27.5 ")]),
            true,
        )
        .unwrap();
        assert_eq!(sheet["results"], Some(Score::from_hundredths(4500)));
        assert_eq!(sheet["defence"], Some(Score::from_hundredths(2750)));
        assert_eq!(sheet_total(&sheet), Some(Score::from_hundredths(7250)));

        for bad in ["51", "27.3", "-1", "abc", "1e1"] {
            assert_eq!(
                paper_values(
                    &criteria,
                    &typed(&[("results", bad), ("defence", "1")]),
                    true
                ),
                Err(SheetProblem::BadValue {
                    name: "工作实绩".into(),
                    min: Score::ZERO,
                    max: Score::from_hundredths(5000),
                    step: Score::from_hundredths(50),
                }),
                "{bad}"
            );
        }
        assert_eq!(
            paper_values(&criteria, &typed(&[("results", "40")]), true),
            Err(SheetProblem::Missing {
                name: "现场论述".into()
            })
        );
        let draft = paper_values(&criteria, &typed(&[("results", "40")]), false).unwrap();
        assert_eq!(
            draft["defence"], None,
            "a draft may leave a criterion empty"
        );
        assert_eq!(sheet_total(&draft), Some(Score::from_hundredths(4000)));
    }

    #[test]
    fn the_same_entry_sent_again_keeps_its_op_id_and_a_changed_one_gets_a_new_one() {
        let entry = PaperBody {
            judge: "j01".into(),
            presenter: "jiaozhou".into(),
            values: Values::from([("results".to_string(), Some(Score::from_hundredths(4000)))]),
            submitted: true,
            op_id: None,
            entered_by: Some("王秘书".into()),
        };
        let first = op_id_for(None, &entry, || "a".into());
        assert_eq!(first, "a");
        let last = (entry.clone(), first.clone());
        assert_eq!(op_id_for(Some(&last), &entry, || "b".into()), "a");
        let mut changed = entry.clone();
        changed
            .values
            .insert("results".into(), Some(Score::from_hundredths(4050)));
        assert_eq!(op_id_for(Some(&last), &changed, || "b".into()), "b");
        let mut other_judge = entry;
        other_judge.judge = "j02".into();
        assert_eq!(op_id_for(Some(&last), &other_judge, || "c".into()), "c");
    }

    #[test]
    fn a_refused_paper_sheet_says_why_to_the_host_not_the_judge() {
        assert_eq!(paper_reason("recused"), Msg::PaperReasonRecused);
        assert_eq!(paper_reason("value_off_step"), Msg::ReasonOffStep);
        assert_eq!(paper_reason("something_new"), Msg::PaperReasonOther);
    }
}
