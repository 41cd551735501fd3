//! The host's results (`/host/results`): the ranking with shared places, what decided each
//! place and the change since the previous quarter; each presenter's full breakdown; the
//! exports and the backup; printed, the sign-off sheet; and the next quarter.

use crate::components::download::DownloadButton;
use crate::components::host_area::{
    host_ctx, host_get, local_datetime, named_event, query_value, today, HostCtx, HostNav,
    HostSection, Problem, ProblemNotice,
};
use crate::components::placing::{decided_by_words, place_label, tie_break_step, RankChange};
use crate::domain::results::{
    Amendment, EventHeading, GroupLine, JudgeLine, MarkStatus, Placed, Review,
};
use crate::domain::wire::{self, ErrorBody, NextBody};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn HostResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let ctx = RwSignal::new(None::<HostCtx>);
    let review = RwSignal::new(None::<Review>);
    let problem = RwSignal::new(None::<Problem>);

    Effect::new(move |_| {
        let named = named.get();
        leptos::task::spawn_local(async move {
            problem.set(None);
            let found = match host_ctx(named).await {
                Ok(c) => host_get::<Review>(&c, "/results/full")
                    .await
                    .map(|r| (c, r)),
                Err(p) => Err(p),
            };
            match found {
                Ok((c, r)) => {
                    ctx.set(Some(c));
                    review.set(Some(r));
                }
                Err(p) => {
                    review.set(None);
                    problem.set(Some(p));
                }
            }
        });
    });

    view! {
        <section class="page host-results">
            <HostNav current=HostSection::Results/>
            <h1>{move || i18n.t(Msg::ResultsTitle)}</h1>
            {move || problem.get().map(|p| view! { <ProblemNotice problem=p/> })}
            {move || match (ctx.get(), review.get()) {
                (Some(c), Some(r)) => view! { <ResultsBody ctx=c review=r/> }.into_any(),
                _ if problem.with(Option::is_none) => {
                    view! { <p class="muted">{i18n.t(Msg::Loading)}</p> }.into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}

/// A name for a group id of the event.
fn group_namer(heading: &EventHeading) -> impl Fn(&str) -> String + Clone + 'static {
    let groups = heading.groups.clone();
    move |id: &str| {
        groups
            .iter()
            .find(|g| g.id == id)
            .map_or_else(|| id.to_string(), |g| g.name.clone())
    }
}

#[component]
fn ResultsBody(ctx: HostCtx, review: Review) -> impl IntoView {
    let i18n = use_i18n();
    let heading = review.event.clone();
    let namer = group_namer(&heading);
    let lang = move || i18n.lang.get().tag();
    let export = {
        let ctx = ctx.clone();
        move |file: &'static str| {
            let ctx = ctx.clone();
            Signal::derive(move || Some(format!("{}?lang={}", ctx.path(file), lang())))
        }
    };
    let backup = Signal::stored(Some(ctx.path("/backup")));
    // Presenters whose breakdown is open on screen; printed, every one is.
    let open = RwSignal::new(BTreeSet::<String>::new());
    let all_ids: Vec<String> = review.places.iter().map(|p| p.id.clone()).collect();
    let all_open = {
        let n = all_ids.len();
        move || open.with(|o| o.len() == n && n > 0)
    };
    let toggle_all = move |_| {
        if all_open() {
            open.set(BTreeSet::new());
        } else {
            open.set(all_ids.iter().cloned().collect());
        }
    };
    let print = move |_| {
        #[cfg(feature = "browser")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let tie_break = StoredValue::new(heading.tie_break.clone());
    let chain = {
        let namer = namer.clone();
        move || {
            tie_break.with_value(|steps| {
                steps
                    .iter()
                    .map(|s| tie_break_step(i18n, s, &namer))
                    .collect::<Vec<_>>()
                    .join(" → ")
            })
        }
    };
    let unrevealed_count = review.unrevealed.len();
    let previous = heading.previous_event.clone();

    view! {
        <div class="results-sheet" data-testid="results" data-event=heading.id.clone()
            data-complete=review.complete.to_string()>
            <header class="sheet-head">
                <p class="print-title" data-testid="results-title">{heading.title.clone()}</p>
                <p class="muted">
                    {heading.date.clone().map(|d| view! { <span>{move || i18n.t(Msg::EventDate)}" "{d.clone()}" · "</span> })}
                    <span>{move || i18n.t(Msg::EventId)}" "{heading.id.clone()}</span>
                    <span class="print-only">" · "{move || i18n.t(Msg::PrintedOn)}" "{today()}</span>
                </p>
                {previous.map(|p| view! {
                    <p class="no-print">
                        <a href=format!("/host/results?event={}", query_value(&p)) data-testid="previous-event">
                            {move || i18n.t(Msg::PreviousEventResults)}{let p = p.clone(); move || i18n.paren(&p)}
                        </a>
                    </p>
                })}
            </header>

            <div class="toolbar no-print" data-testid="exports">
                <DownloadButton label=Msg::ExportResultsCsv path=export("/export/results.csv")
                    fallback="results.csv" testid="export-results-csv"/>
                <DownloadButton label=Msg::ExportSheetsCsv path=export("/export/sheets.csv")
                    fallback="sheets.csv" testid="export-sheets-csv"/>
                <DownloadButton label=Msg::ExportXlsx path=export("/export/results.xlsx")
                    fallback="results.xlsx" testid="export-xlsx"/>
                <DownloadButton label=Msg::ExportBackup path=backup
                    fallback="backup.json" testid="export-backup"/>
                <button type="button" class="primary" data-testid="print" on:click=print>
                    {move || i18n.t(Msg::PrintSignOff)}
                </button>
            </div>

            <h2>{move || i18n.t(Msg::RankingTitle)}</h2>
            <p class="muted tie-chain">
                {move || i18n.t(Msg::TieBreakChain)}" "{chain}
            </p>
            {(review.places.is_empty()).then(|| view! { <p class="muted">{move || i18n.t(Msg::NothingRevealed)}</p> })}
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::Ranking)>
                <table class="ranking-table" data-testid="ranking-table">
                    <thead><tr>
                        <th>{move || i18n.t(Msg::PlaceHeader)}</th>
                        <th>{move || i18n.t(Msg::LatePresenter)}</th>
                        <th class="num">{move || i18n.t(Msg::FinalLabel)}</th>
                        <th>{move || i18n.t(Msg::DecidedBy)}</th>
                        <th>{move || i18n.t(Msg::RankChangeHeader)}</th>
                        <th>{move || i18n.t(Msg::Notes)}</th>
                    </tr></thead>
                    <tbody>
                        {review.places.iter().map(|p| {
                            let id = p.id.clone();
                            let decided = p.decided_by.clone();
                            let namer = namer.clone();
                            let opener = id.clone();
                            view! {
                                <tr data-presenter=id.clone() data-rank=p.rank data-shared=p.shared.to_string()>
                                    <td class="place" data-testid="place">{place_label(p.rank, p.shared)}</td>
                                    <td>
                                        <a href=format!("#p-{id}") on:click=move |_| open.update(|o| { o.insert(opener.clone()); })>
                                            {display_name(&p.unit, &p.name)}
                                        </a>
                                        <br/><small class="muted">{p.name.clone()}</small>
                                    </td>
                                    <td class="num final" data-testid="final">{p.final_display.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td data-testid="decided-by">{move || decided_by_words(i18n, &decided, &namer)}</td>
                                    <td><RankChange change=p.rank_change previous=p.previous_rank/></td>
                                    <td>
                                        {p.amended.then(|| view! { <span class="badge amended">{move || i18n.t(Msg::Amended)}</span> })}
                                        {p.forced.then(|| view! { <span class="badge forced">{move || i18n.t(Msg::ForcedBadge)}</span> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>

            {(unrevealed_count > 0).then(|| view! {
                <section class="unrevealed" data-testid="unrevealed">
                    <h2>{move || i18n.t(Msg::NotYetRevealed)}{move || i18n.paren(unrevealed_count)}</h2>
                    <ol>
                        {review.unrevealed.iter().map(|p| view! {
                            <li data-presenter=p.id.clone()>
                                {p.position.map(|n| view! { <span class="order-no">{n}</span>" " })}
                                {display_name(&p.unit, &p.name)}
                            </li>
                        }).collect_view()}
                    </ol>
                </section>
            })}

            <section class="breakdowns">
                <div class="section-head">
                    <h2>{move || i18n.t(Msg::BreakdownsTitle)}</h2>
                    <button type="button" class="small no-print" data-testid="toggle-all" on:click=toggle_all
                        disabled=review.places.is_empty()>
                        {move || i18n.t(if all_open() { Msg::CollapseAll } else { Msg::ExpandAll })}
                    </button>
                </div>
                {review.places.iter().map(|p| view! {
                    <PlacedDetail placed=p.clone() heading=heading.clone() open=open/>
                }).collect_view()}
            </section>

            <Signatures heading=heading.clone()/>
            <NextQuarter ctx=ctx.clone() unrevealed=unrevealed_count/>
        </div>
    }
}

fn display_name(unit: &str, name: &str) -> String {
    if unit.is_empty() {
        name.to_string()
    } else {
        unit.to_string()
    }
}

fn status_msg(status: MarkStatus) -> Msg {
    match status {
        MarkStatus::Counted => Msg::MarkCounted,
        MarkStatus::DroppedHighest => Msg::MarkDroppedHighest,
        MarkStatus::DroppedLowest => Msg::MarkDroppedLowest,
        MarkStatus::Recused => Msg::StatusRecused,
        MarkStatus::NoSheet => Msg::MarkNoSheet,
        MarkStatus::NotSubmitted => Msg::MarkNotSubmitted,
    }
}

/// The status as the API spells it, for tests and styles.
fn status_tag(status: MarkStatus) -> &'static str {
    match status {
        MarkStatus::Counted => "counted",
        MarkStatus::DroppedHighest => "dropped_highest",
        MarkStatus::DroppedLowest => "dropped_lowest",
        MarkStatus::Recused => "recused",
        MarkStatus::NoSheet => "no_sheet",
        MarkStatus::NotSubmitted => "not_submitted",
    }
}

fn status_class(status: MarkStatus) -> &'static str {
    match status {
        MarkStatus::Counted => "counted",
        MarkStatus::DroppedHighest => "dropped dropped-highest",
        MarkStatus::DroppedLowest => "dropped dropped-lowest",
        MarkStatus::Recused => "recused",
        MarkStatus::NoSheet => "no-sheet",
        MarkStatus::NotSubmitted => "not-submitted",
    }
}

/// One presenter's full breakdown: each judge's values and total by group, what became of
/// each sheet, the group subtotals and weights, the final, and the amendments.
#[component]
fn PlacedDetail(
    placed: Placed,
    heading: EventHeading,
    open: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(placed.id.clone());
    let is_open = move || open.with(|o| o.contains(&*id.read_value()));
    let toggle = move |_| {
        open.update(|o| {
            let id = id.get_value();
            if !o.remove(&id) {
                o.insert(id);
            }
        })
    };
    let criteria = heading.criteria.clone();
    let columns = criteria.len() + 4;
    let groups: Vec<(String, String, Option<GroupLine>, Vec<JudgeLine>)> = heading
        .groups
        .iter()
        .map(|g| {
            let line = placed.groups.iter().find(|l| l.group == g.id).cloned();
            let judges = placed
                .judges
                .iter()
                .filter(|j| j.group == g.id)
                .cloned()
                .collect();
            (g.id.clone(), g.name.clone(), line, judges)
        })
        .collect();
    let hash = placed.result_hash.clone();
    view! {
        <article class="placed" id=format!("p-{}", placed.id) data-presenter=placed.id.clone()
            class:open=is_open data-testid="placed">
            <header class="placed-head">
                <span class="place-badge">{place_label(placed.rank, placed.shared)}</span>
                <h3>{display_name(&placed.unit, &placed.name)}" "<small class="muted">{placed.name.clone()}</small></h3>
                <strong class="placed-final">{placed.final_display.clone().unwrap_or_else(|| "—".into())}</strong>
                <button type="button" class="small no-print" data-testid="toggle-breakdown"
                    aria-expanded=move || is_open().to_string() on:click=toggle>
                    {move || i18n.t(if is_open() { Msg::HideBreakdown } else { Msg::ShowBreakdown })}
                </button>
            </header>
            <div class="placed-body" data-testid="breakdown-full">
                <dl class="facts">
                    <div><dt>{move || i18n.t(Msg::FinalExact)}</dt><dd>{placed.final_unrounded.clone().unwrap_or_else(|| "—".into())}</dd></div>
                    <div><dt>{move || i18n.t(Msg::TieUntrimmedMean)}</dt><dd>{placed.untrimmed_mean.clone().unwrap_or_else(|| "—".into())}</dd></div>
                    <div><dt>{move || i18n.t(Msg::CountedSheets)}</dt>
                        <dd>{placed.counted}" · "{move || i18n.t(if placed.trimmed { Msg::Trimmed } else { Msg::NotTrimmed })}</dd></div>
                    <div><dt>{move || i18n.t(Msg::QuorumLabel)}</dt>
                        <dd>{move || i18n.t(if placed.quorum_met { Msg::ResultQuorumMet } else { Msg::ResultQuorumShort })}
                            {placed.forced.then(|| view! { " · "<span class="badge forced">{move || i18n.t(Msg::ForcedBadge)}</span> })}</dd></div>
                    <div><dt>{move || i18n.t(Msg::RevealedAt)}</dt><dd>{local_datetime(&placed.revealed_at)}</dd></div>
                    <div><dt>{move || i18n.t(Msg::PreviousRank)}</dt>
                        <dd>{placed.previous_rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into())}" "
                            <RankChange change=placed.rank_change previous=placed.previous_rank/></dd></div>
                    <div class="wide"><dt>{move || i18n.t(Msg::ResultHash)}</dt><dd><code class="hash no-print" title=hash.clone()>{hash.chars().take(12).collect::<String>()}"…"</code>
                        <code class="hash print-only" data-testid="result-hash">{hash.clone()}</code></dd></div>
                </dl>
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::JudgeStatsTitle)>
                    <table class="judges-table">
                        <thead><tr>
                            <th>{move || i18n.t(Msg::LateJudge)}</th>
                            {criteria.iter().map(|c| view! { <th class="num">{c.name.clone()}</th> }).collect_view()}
                            <th class="num">{move || i18n.t(Msg::Total)}</th>
                            <th>{move || i18n.t(Msg::MarkHeader)}</th>
                            <th>{move || i18n.t(Msg::ReceiptHeader)}</th>
                        </tr></thead>
                        {groups.into_iter().map(|(gid, gname, line, judges)| {
                            let criteria = criteria.clone();
                            view! {
                                <tbody data-group=gid>
                                    <tr class="group-row">
                                        <th colspan=columns>
                                            <span>{gname}</span>
                                            {line.map(|l| view! {
                                                <span class="group-facts" data-testid="group-subtotal">
                                                    {move || i18n.t(Msg::Subtotal)}" "<strong>{l.subtotal.clone().unwrap_or_else(|| "—".into())}</strong>
                                                    " · "{move || i18n.t(Msg::Weight)}" "{l.weight_percent.clone().map(|w| format!("{w}%")).unwrap_or_else(|| "—".into())}
                                                    " · "{move || i18n.t(Msg::KeptOf)}" "{l.kept}" / "{l.sheets}
                                                </span>
                                            })}
                                        </th>
                                    </tr>
                                    {judges.into_iter().map(|j| {
                                        let status = j.status;
                                        let values = criteria.iter().map(|c| {
                                            j.values.get(&c.id).copied().flatten().map(|v| v.to_string()).unwrap_or_else(|| "—".into())
                                        }).collect::<Vec<_>>();
                                        let receipt = j.server_seq.map(|seq| {
                                            let r = j.receipt.map(|r| r.to_string()).unwrap_or_default();
                                            let href = format!("/host/audit?seq={seq}&receipt={r}");
                                            view! { <a href=href>"#"{seq}</a>" "<code>{r}</code> }
                                        });
                                        view! {
                                            <tr data-judge=j.judge.clone() data-status=status_tag(status) class=status_class(status)>
                                                <td>{j.name.clone()}</td>
                                                {values.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                                                <td class="num total">{j.total.map(|t| t.to_string()).unwrap_or_else(|| "—".into())}</td>
                                                <td class="mark-status">{move || i18n.t(status_msg(status))}
                                                    {j.late.then(|| view! { " · "{move || i18n.t(Msg::LateCounted)} })}
                                                    {j.paper.clone().map(|by| view! { " · "<span data-testid="paper-mark">{move || i18n.fill(Msg::PaperEnteredBy, &[("{name}", &by)])}</span> })}</td>
                                                <td class="receipt">{receipt}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            }
                        }).collect_view()}
                        <tfoot><tr>
                            <th colspan={columns - 2}>{move || i18n.t(Msg::FinalLabel)}</th>
                            <td class="num final" colspan="2"><strong>{placed.final_display.clone().unwrap_or_else(|| "—".into())}</strong></td>
                        </tr></tfoot>
                    </table>
                </div>
                {(!placed.amendments.is_empty()).then(|| view! { <Amendments amendments=placed.amendments.clone()/> })}
            </div>
        </article>
    }
}

#[component]
fn Amendments(amendments: Vec<Amendment>) -> impl IntoView {
    let i18n = use_i18n();
    let short = |h: &str| h.chars().take(12).collect::<String>();
    view! {
        <div class="amendments">
            <h4>{move || i18n.t(Msg::AmendmentsTitle)}</h4>
            <ol data-testid="amendments">
                {amendments.into_iter().map(|a| {
                    let change = format!(
                        "{} → {}",
                        a.previous_final.map(|f| f.to_string()).unwrap_or_else(|| "—".into()),
                        a.final_score.map(|f| f.to_string()).unwrap_or_else(|| "—".into())
                    );
                    let hashes = format!("{} → {}", short(&a.previous_hash), short(&a.result_hash));
                    let late = a.include_late.len();
                    view! {
                        <li>
                            <p><strong>{move || format!("{}{}", i18n.t(Msg::AmendmentNo), a.n)}</strong>" · "{local_datetime(&a.at)}</p>
                            <p>{move || i18n.t(Msg::AmendReasonLabel)}" "<q data-testid="amend-reason-text">{a.reason.clone()}</q></p>
                            <p>{move || i18n.t(Msg::FinalLabel)}" "{change}" · "{move || i18n.t(Msg::LateSheetsCounted)}" "{late}</p>
                            <p class="muted">{move || i18n.t(Msg::ResultHash)}" "<code>{hashes.clone()}</code></p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}

/// The sign-off lines, printed only: every judge by group and name, and the host.
#[component]
fn Signatures(heading: EventHeading) -> impl IntoView {
    let i18n = use_i18n();
    let groups: Vec<(String, Vec<String>)> = heading
        .groups
        .iter()
        .map(|g| {
            let names = heading
                .judges
                .iter()
                .filter(|j| j.group == g.id)
                .map(|j| j.name.clone())
                .collect();
            (g.name.clone(), names)
        })
        .collect();
    view! {
        <section class="signatures print-only" data-testid="signatures">
            <h2>{move || i18n.t(Msg::SignOffTitle)}</h2>
            <p>{move || i18n.t(Msg::SignOffText)}</p>
            {groups.into_iter().map(|(group, names)| view! {
                <div class="signature-group">
                    <h3>{group}</h3>
                    <div class="signature-lines">
                        {names.into_iter().map(|name| view! {
                            <div class="signature" data-testid="signature-line">
                                <span class="who">{name}</span>
                                <span class="line">{move || i18n.t(Msg::Signature)}</span>
                                <span class="line short">{move || i18n.t(Msg::SignDate)}</span>
                            </div>
                        }).collect_view()}
                    </div>
                </div>
            }).collect_view()}
            <div class="signature-group">
                <div class="signature host" data-testid="signature-host">
                    <span class="who">{move || i18n.t(Msg::HomeHostTitle)}</span>
                    <span class="line">{move || i18n.t(Msg::Signature)}</span>
                    <span class="line short">{move || i18n.t(Msg::SignDate)}</span>
                </div>
            </div>
        </section>
    }
}

/// What `POST …/next` answered.
#[derive(Clone, Debug, PartialEq)]
enum NextOutcome {
    Created(Box<wire::NextQuarter>),
    Failed { headline: Msg, detail: Vec<String> },
}

fn next_failure(status: u16, text: &str) -> NextOutcome {
    let error = serde_json::from_str::<ErrorBody>(text)
        .map(|b| b.error)
        .unwrap_or_default();
    let headline = match (status, error.code.as_str()) {
        (409, "not_finished") => Msg::NextNotFinished,
        (409, "event_exists") => Msg::NextEventExists,
        (400, "invalid_config") => Msg::NextInvalid,
        (401 | 403, _) => Msg::HostPagesSignIn,
        (_, code) => crate::components::host_area::host_error_msg(code),
    };
    // The field's problems (still the config check's own words: issue 17's editor gives
    // them in the host's language); the headline says everything else.
    let detail: Vec<String> = error
        .fields
        .unwrap_or_default()
        .into_iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect();
    NextOutcome::Failed { headline, detail }
}

/// The next quarter: a new event with the same groups, judges and criteria, the presenters
/// speaking in this ranking's order.
#[component]
fn NextQuarter(ctx: HostCtx, unrevealed: usize) -> impl IntoView {
    let i18n = use_i18n();
    let id = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let force = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<NextOutcome>);
    let ctx = StoredValue::new(ctx);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        outcome.set(None);
        let day = date.get_untracked();
        let body = NextBody {
            id: id.get_untracked().trim().to_string(),
            title: Some(title.get_untracked().trim().to_string()),
            date: Some(day.trim().to_string()).filter(|d| !d.is_empty()),
            force: force.get_untracked(),
        };
        let body = serde_json::to_string(&body).unwrap_or_default();
        leptos::task::spawn_local(async move {
            let c = ctx.get_value();
            let answer = crate::browser::host_step(&c.path("/next"), &c.token, &body).await;
            outcome.set(Some(match answer {
                Ok((201, text)) => match serde_json::from_str(&text) {
                    Ok(made) => NextOutcome::Created(made),
                    Err(_) => NextOutcome::Failed {
                        headline: Msg::ErrGeneric,
                        detail: Vec::new(),
                    },
                },
                Ok((status, text)) => next_failure(status, &text),
                Err(()) => NextOutcome::Failed {
                    headline: Msg::HostOffline,
                    detail: Vec::new(),
                },
            }));
            busy.set(false);
        });
    };
    view! {
        <section class="card next-quarter no-print" data-testid="next-quarter">
            <h2>{move || i18n.t(Msg::NextQuarterTitle)}</h2>
            <p class="muted">{move || i18n.t(Msg::NextQuarterText)}</p>
            <form on:submit=submit>
                <label for="next-id">{move || i18n.t(Msg::NextId)}</label>
                <input id="next-id" type="text" data-testid="next-id" autocomplete="off" required
                    placeholder="2026-q3" prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
                <p class="hint muted">{move || i18n.t(Msg::NextIdHint)}</p>
                <label for="next-title">{move || i18n.t(Msg::NextTitle)}</label>
                <input id="next-title" type="text" data-testid="next-title" autocomplete="off" required
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                <label for="next-date">{move || i18n.t(Msg::NextDate)}</label>
                <input id="next-date" type="date" data-testid="next-date"
                    prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                {(unrevealed > 0).then(|| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="next-force"
                            prop:checked=move || force.get() on:change=move |ev| force.set(event_target_checked(&ev))/>
                        <span>{move || i18n.t(Msg::NextForce)}{move || i18n.paren(unrevealed)}</span>
                    </label>
                })}
                <button class="primary" type="submit" data-testid="next-create" disabled=move || busy.get()>
                    {move || i18n.t(Msg::NextCreate)}
                </button>
            </form>
            {move || outcome.get().map(|o| match o {
                NextOutcome::Failed { headline, detail } => view! {
                    <div class="error" role="alert" data-testid="next-error">
                        <p>{i18n.t(headline)}</p>
                        <ul>{detail.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                NextOutcome::Created(made) => {
                    let wire::NextQuarter { event, presenters, .. } = *made;
                    let (new_id, new_title) = (event.id, event.title);
                    view! {
                        <div class="created" data-testid="next-created" data-event=new_id.clone()>
                            <p class="saved">{i18n.t(Msg::NextCreated)}" "<strong>{new_title}</strong>{i18n.paren(&new_id)}</p>
                            <ol class="next-order" data-testid="next-order">
                                {presenters.into_iter().map(|p| view! {
                                    <li data-presenter=p.id>
                                        {if p.unit.is_empty() { p.name } else { p.unit }}
                                        {p.last_rank.map(|r| view! {
                                            <small class="muted">" · "{i18n.t(Msg::PreviousRank)}" "{r}</small>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ol>
                            <p class="links-row">
                                <a class="button primary" href="/host/links" data-testid="next-links">{i18n.t(Msg::NextPrintLinks)}</a>
                                <a class="button" href=format!("/host/results?event={}", query_value(&new_id))>{i18n.t(Msg::NextOpenResults)}</a>
                            </p>
                        </div>
                    }.into_any()
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_quarter_errors_are_named_by_code_with_each_field() {
        let refused = next_failure(
            400,
            r#"{"error":{"code":"invalid_config","message":"x","fields":[{"field":"id","message":"bad"}]}}"#,
        );
        assert_eq!(
            refused,
            NextOutcome::Failed {
                headline: Msg::NextInvalid,
                detail: vec!["id: bad".into()]
            }
        );
        let NextOutcome::Failed { headline, detail } = next_failure(
            409,
            r#"{"error":{"code":"not_finished","message":"2 presenter(s)"}}"#,
        ) else {
            panic!()
        };
        assert_eq!(headline, Msg::NextNotFinished);
        assert!(
            detail.is_empty(),
            "the API's own words are not shown: {detail:?}"
        );
        let NextOutcome::Failed { headline, .. } =
            next_failure(409, r#"{"error":{"code":"event_exists","message":"m"}}"#)
        else {
            panic!()
        };
        assert_eq!(headline, Msg::NextEventExists);
    }
}
