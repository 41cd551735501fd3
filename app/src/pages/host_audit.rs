//! The host's audit log (`/host/audit`): every op a judge's device sent with its outcome,
//! device and times, and every host action, oldest first as the server appended them,
//! filtered, paged and exported as CSV; and the receipt lookup that tells whether a phone
//! and the server are talking about the same record.

use crate::browser::api_call;
use crate::components::download::DownloadButton;
use crate::components::host_area::{
    error_message, host_ctx, host_get, local_datetime, named_event, query_value, HostCtx, HostNav,
    HostSection, Problem, ProblemNotice,
};
use crate::components::stage::phase_msg;
use crate::domain::audit::{AuditAction, AuditEntry, AuditKind, AuditPage};
use crate::domain::receipt::Receipt;
use crate::domain::results::Review;
use crate::domain::wire::{self, SheetCount};
use crate::domain::Lang;
use crate::i18n::{use_i18n, I18n, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Entries on one page of the log.
const PAGE: u64 = 50;

/// What the audit log calls each action.
fn msg_of(action: AuditAction) -> Msg {
    match action {
        AuditAction::Sync => Msg::ActionSync,
        AuditAction::StartReport => Msg::StartReport,
        AuditAction::StartDefence => Msg::StartDefence,
        AuditAction::OpenScoring => Msg::OpenScoring,
        AuditAction::Reveal => Msg::Reveal,
        AuditAction::ForcedReveal => Msg::ActionForcedReveal,
        AuditAction::Next => Msg::NextPresenter,
        AuditAction::Undo => Msg::Undo,
        AuditAction::Reorder => Msg::ActionReorder,
        AuditAction::Amend => Msg::ActionAmend,
        AuditAction::ReissueLink => Msg::Reissue,
        AuditAction::ImportEvent => Msg::ActionImportEvent,
        AuditAction::ReplaceConfig => Msg::ActionReplaceConfig,
        AuditAction::NextQuarter => Msg::ActionNextQuarter,
        AuditAction::CreatedFrom => Msg::ActionCreatedFrom,
        AuditAction::Restore => Msg::ActionRestore,
        AuditAction::StartRehearsal => Msg::ActionStartRehearsal,
        AuditAction::EndRehearsal => Msg::ActionEndRehearsal,
        AuditAction::ImportRoster => Msg::ActionImportRoster,
        AuditAction::PaperSheet => Msg::ActionPaperSheet,
        AuditAction::MakeCurrent => Msg::ActionMakeCurrent,
        AuditAction::RaiseItem => Msg::ActionRaiseItem,
        AuditAction::ItemStep => Msg::ActionItemStep,
        AuditAction::CreateEvent => Msg::ActionCreateEvent,
        AuditAction::CorrectConfig => Msg::ActionCorrectConfig,
        AuditAction::UnitLink => Msg::ActionUnitLink,
        AuditAction::StartReview => Msg::ActionStartReview,
        AuditAction::CarryItems => Msg::ActionCarryItems,
    }
}

const OUTCOMES: [(&str, Msg); 4] = [
    ("applied", Msg::OutcomeApplied),
    ("superseded", Msg::OutcomeSuperseded),
    ("late", Msg::OutcomeLate),
    ("rejected", Msg::OutcomeRejected),
];

fn action_msg(action: &str) -> Option<Msg> {
    AuditAction::parse(action).map(msg_of)
}

fn outcome_msg(outcome: &str) -> Option<Msg> {
    OUTCOMES
        .iter()
        .find(|(o, _)| *o == outcome)
        .map(|(_, m)| *m)
}

/// The audit log's filters; an empty one lets everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub kind: String,
    pub action: String,
    pub judge: String,
    pub presenter: String,
    pub device: String,
    pub outcome: String,
}

impl AuditFilter {
    /// The query string for these filters and `extra` pairs: `?kind=op&limit=50`.
    pub fn query(&self, extra: &[(&str, String)]) -> String {
        let pairs = [
            ("kind", &self.kind),
            ("action", &self.action),
            ("judge", &self.judge),
            ("presenter", &self.presenter),
            ("device", &self.device),
            ("outcome", &self.outcome),
        ];
        let text: Vec<String> = pairs
            .iter()
            .map(|(k, v)| (*k, v.trim().to_string()))
            .chain(extra.iter().map(|(k, v)| (*k, v.clone())))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", query_value(&v)))
            .collect();
        if text.is_empty() {
            String::new()
        } else {
            format!("?{}", text.join("&"))
        }
    }
}

/// Names for the ids the log is written in, from the results' heading.
#[derive(Clone, Debug, Default, PartialEq)]
struct Names {
    groups: BTreeMap<String, String>,
    judges: BTreeMap<String, String>,
    presenters: BTreeMap<String, String>,
    criteria: Vec<(String, String)>,
}

impl Names {
    fn of(review: &Review) -> Names {
        let judges = review
            .event
            .judges
            .iter()
            .map(|j| (j.id.clone(), format!("{} · {}", j.name, j.group_name)))
            .collect();
        let placed = review.places.iter().map(|p| (&p.id, &p.unit, &p.name));
        let waiting = review.unrevealed.iter().map(|p| (&p.id, &p.unit, &p.name));
        let presenters = placed
            .chain(waiting)
            .map(|(id, unit, name)| {
                let shown = if unit.is_empty() { name } else { unit };
                (id.clone(), shown.clone())
            })
            .collect();
        let criteria = review
            .event
            .criteria
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect();
        let groups = review
            .event
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect();
        Names {
            groups,
            judges,
            presenters,
            criteria,
        }
    }

    fn judge(&self, id: &str) -> String {
        self.judges
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn group(&self, id: &str) -> String {
        self.groups
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn presenter(&self, id: &str) -> String {
        self.presenters
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// An op's values, by criterion name in the event's order: `工作实绩 50 · …`.
    fn values(&self, values: &Value, i18n: I18n) -> String {
        let Some(map) = values.as_object() else {
            return String::new();
        };
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort_by_key(|k| self.criteria.iter().position(|(id, _)| id == *k));
        keys.into_iter()
            .map(|k| {
                let name = self
                    .criteria
                    .iter()
                    .find(|(id, _)| id == k)
                    .map_or(k.as_str(), |(_, n)| n.as_str());
                format!("{name} {}", plain(&map[k], i18n))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// A JSON value as a reader sees it: text unquoted, lists joined, nothing as a dash.
fn plain(value: &Value, i18n: I18n) -> String {
    match value {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => i18n.t(if *b { Msg::Yes } else { Msg::No }).into(),
        Value::Array(items) => items
            .iter()
            .map(|v| plain(v, i18n))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The words for a host action's particulars, by key.
fn detail_key(key: &str) -> Option<Msg> {
    Some(match key {
        "reason" => Msg::AmendReasonLabel,
        "include_late" => Msg::LateSheetsCounted,
        "previous_final" => Msg::DetailPreviousFinal,
        "final" => Msg::FinalLabel,
        "result_hash" => Msg::ResultHash,
        "previous_hash" => Msg::DetailPreviousHash,
        "judge" => Msg::LateJudge,
        "event" | "previous_event" => Msg::DetailEvent,
        "order" => Msg::ScreenOrder,
        "forced" => Msg::ForcedBadge,
        "phase" => Msg::DetailPhase,
        "server_seq" => Msg::RecordNo,
        "sheets" => Msg::Submitted,
        "min_sheets" => Msg::DetailMinSheets,
        "short_groups" => Msg::DetailShortGroups,
        "n" => Msg::DetailAmendmentN,
        "title" => Msg::NextTitle,
        "file" => Msg::DetailFile,
        "exported_at" => Msg::DetailExportedAt,
        _ => return None,
    })
}

/// A host action's particulars in words: names for ids, a short check code for a hash, a
/// count for the late sheets counted. Keys without words stay in the CSV and the API.
fn host_detail(detail: &Value, names: &Names, i18n: I18n) -> String {
    let Some(map) = detail.as_object() else {
        return String::new();
    };
    let zh = i18n.lang.get_untracked() == Lang::Zh;
    let (colon, comma) = if zh {
        ("\u{ff1a}", "\u{3001}")
    } else {
        (": ", ", ")
    };
    map.iter()
        .filter_map(|(k, v)| {
            let key = i18n.t(detail_key(k)?);
            let value = match (k.as_str(), v) {
                ("phase", Value::String(p)) => i18n.t(phase_msg(p)).to_string(),
                ("judge", Value::String(j)) => names.judge(j),
                ("order", Value::Array(ids)) => ids
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|p| names.presenter(p))
                    .collect::<Vec<_>>()
                    .join(" → "),
                ("result_hash" | "previous_hash", Value::String(hash)) => {
                    hash.chars().take(12).collect()
                }
                ("short_groups", Value::Array(ids)) => ids
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|g| names.group(g))
                    .collect::<Vec<_>>()
                    .join(comma),
                ("include_late", Value::Array(ops)) => {
                    i18n.fill(Msg::SheetsCount, &[("{n}", &ops.len().to_string())])
                }
                _ => plain(v, i18n),
            };
            Some(format!("{key}{colon}{value}"))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
pub fn HostAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let ctx = RwSignal::new(None::<HostCtx>);
    let names = RwSignal::new(Names::default());
    let problem = RwSignal::new(None::<Problem>);

    Effect::new(move |_| {
        let named = named.get();
        leptos::task::spawn_local(async move {
            problem.set(None);
            match host_ctx(named).await {
                Ok(c) => {
                    // The names only make the log easier to read: without them it shows ids.
                    match host_get::<Review>(&c, "/results/full").await {
                        Ok(review) => names.set(Names::of(&review)),
                        Err(Problem::SignedOut) => {
                            problem.set(Some(Problem::SignedOut));
                            return;
                        }
                        Err(_) => {}
                    }
                    ctx.set(Some(c));
                }
                Err(p) => problem.set(Some(p)),
            }
        });
    });

    view! {
        <section class="page host-audit">
            <HostNav current=HostSection::Audit/>
            <h1>{move || i18n.t(Msg::AuditTitle)}</h1>
            {move || problem.get().map(|p| view! { <ProblemNotice problem=p/> })}
            {move || match ctx.get() {
                Some(c) => view! {
                    <ReceiptLookup ctx=c.clone() names=names/>
                    <AuditLog ctx=c names=names/>
                }.into_any(),
                None if problem.with(Option::is_none) => {
                    view! { <p class="muted">{i18n.t(Msg::Loading)}</p> }.into_any()
                }
                None => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn AuditLog(ctx: HostCtx, names: RwSignal<Names>) -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(AuditFilter::default());
    let offset = RwSignal::new(0u64);
    let page = RwSignal::new(None::<AuditPage>);
    let failed = RwSignal::new(None::<String>);
    let devices = RwSignal::new(BTreeSet::<String>::new());
    let asked = StoredValue::new(0u64);
    let ctx = StoredValue::new(ctx);

    Effect::new(move |_| {
        let query = filter.get().query(&[
            ("offset", offset.get().to_string()),
            ("limit", PAGE.to_string()),
        ]);
        let n = asked.get_value() + 1;
        asked.set_value(n);
        leptos::task::spawn_local(async move {
            let answer = host_get::<AuditPage>(&ctx.get_value(), &format!("/audit{query}")).await;
            // A slower answer to an older question must not replace a newer one.
            if asked.get_value() != n {
                return;
            }
            match answer {
                Ok(p) => {
                    devices.update(|d| d.extend(p.audit.iter().filter_map(|e| e.device.clone())));
                    failed.set(None);
                    page.set(Some(p));
                }
                Err(Problem::Refused(m)) => failed.set(Some(m)),
                Err(_) => failed.set(Some(i18n.t(Msg::HostOffline).to_string())),
            }
        });
    });

    let set = move |field: fn(&mut AuditFilter) -> &mut String, value: String| {
        filter.update(|f| *field(f) = value);
        offset.set(0);
    };
    let csv = Signal::derive(move || {
        let query = filter.get().query(&[
            ("format", "csv".to_string()),
            ("lang", i18n.lang.get().tag().to_string()),
        ]);
        Some(ctx.with_value(|c| c.path(&format!("/audit{query}"))))
    });
    let total = move || page.with(|p| p.as_ref().map_or(0, |p| p.total));
    let shown = move || page.with(|p| p.as_ref().map_or(0, |p| p.audit.len() as u64));
    let last_page = move || total().saturating_sub(1) / PAGE * PAGE;

    let options = move |pairs: Vec<(String, String)>, current: Signal<String>| {
        pairs
            .into_iter()
            .map(|(value, label)| {
                let v = value.clone();
                view! { <option value=value prop:selected=move || current.get() == v>{label}</option> }
            })
            .collect_view()
    };
    let field = move |get: fn(&AuditFilter) -> &String| {
        Signal::derive(move || filter.with(|f| get(f).clone()))
    };

    view! {
        <section class="card audit-log" data-testid="audit-log">
            <h2>{move || i18n.t(Msg::AuditLogTitle)}</h2>
            <p class="muted">{move || i18n.t(Msg::AuditOrderNote)}</p>
            <div class="filters no-print" data-testid="audit-filters">
                <label>{move || i18n.t(Msg::FilterKind)}
                    <select data-testid="filter-kind" on:change=move |ev| set(|f| &mut f.kind, event_target_value(&ev))>
                        {move || options(vec![
                            (String::new(), i18n.t(Msg::FilterAll).into()),
                            ("op".into(), i18n.t(Msg::KindOp).into()),
                            ("host".into(), i18n.t(Msg::KindHost).into()),
                        ], field(|f| &f.kind))}
                    </select>
                </label>
                <label>{move || i18n.t(Msg::FilterAction)}
                    <select data-testid="filter-action" on:change=move |ev| set(|f| &mut f.action, event_target_value(&ev))>
                        {move || options(
                            std::iter::once((String::new(), i18n.t(Msg::FilterAll).to_string()))
                                .chain(AuditAction::ALL.iter().map(|a| (a.as_str().to_string(), i18n.t(msg_of(*a)).to_string())))
                                .collect(),
                            field(|f| &f.action))}
                    </select>
                </label>
                <label>{move || i18n.t(Msg::LateJudge)}
                    <select data-testid="filter-judge" on:change=move |ev| set(|f| &mut f.judge, event_target_value(&ev))>
                        {move || options(
                            std::iter::once((String::new(), i18n.t(Msg::FilterAll).to_string()))
                                .chain(names.with(|n| n.judges.iter().map(|(id, name)| (id.clone(), format!("{id} {name}"))).collect::<Vec<_>>()))
                                .collect(),
                            field(|f| &f.judge))}
                    </select>
                </label>
                <label>{move || i18n.t(Msg::LatePresenter)}
                    <select data-testid="filter-presenter" on:change=move |ev| set(|f| &mut f.presenter, event_target_value(&ev))>
                        {move || options(
                            std::iter::once((String::new(), i18n.t(Msg::FilterAll).to_string()))
                                .chain(names.with(|n| n.presenters.iter().map(|(id, name)| (id.clone(), name.clone())).collect::<Vec<_>>()))
                                .collect(),
                            field(|f| &f.presenter))}
                    </select>
                </label>
                <label>{move || i18n.t(Msg::FilterOutcome)}
                    <select data-testid="filter-outcome" on:change=move |ev| set(|f| &mut f.outcome, event_target_value(&ev))>
                        {move || options(
                            std::iter::once((String::new(), i18n.t(Msg::FilterAll).to_string()))
                                .chain(OUTCOMES.iter().map(|(o, m)| (o.to_string(), i18n.t(*m).to_string())))
                                .collect(),
                            field(|f| &f.outcome))}
                    </select>
                </label>
                <label>{move || i18n.t(Msg::DeviceHeader)}
                    <input type="text" list="audit-devices" data-testid="filter-device" autocomplete="off"
                        prop:value=move || filter.with(|f| f.device.clone())
                        on:change=move |ev| set(|f| &mut f.device, event_target_value(&ev))/>
                    <datalist id="audit-devices">
                        {move || devices.get().into_iter().map(|d| view! { <option value=d/> }).collect_view()}
                    </datalist>
                </label>
            </div>
            <div class="toolbar no-print">
                <button type="button" data-testid="filter-clear"
                    on:click=move |_| { filter.set(AuditFilter::default()); offset.set(0); }>
                    {move || i18n.t(Msg::FilterClear)}
                </button>
                <DownloadButton label=Msg::ExportAuditCsv path=csv fallback="audit.csv" testid="export-audit-csv"/>
            </div>
            {move || failed.get().map(|m| view! { <p class="error" role="alert">{i18n.t(Msg::ActionFailed)}" "{m}</p> })}
            <p class="pager-line" data-testid="audit-count" data-total=move || total().to_string()>
                {move || if total() == 0 {
                    i18n.t(Msg::AuditEmpty).to_string()
                } else {
                    format!("{} {}–{} {} {}{}", i18n.t(Msg::Showing), offset.get() + 1, offset.get() + shown(),
                        i18n.t(Msg::OfTotal), total(), i18n.t(Msg::EntriesSuffix))
                }}
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::AuditTitle)>
                <table class="audit-table" data-testid="audit-table">
                    <thead><tr>
                        <th>{move || i18n.t(Msg::SeqHeader)}</th>
                        <th>{move || i18n.t(Msg::TimeHeader)}</th>
                        <th>{move || i18n.t(Msg::FilterAction)}</th>
                        <th>{move || i18n.t(Msg::WhoHeader)}</th>
                        <th>{move || i18n.t(Msg::LatePresenter)}</th>
                        <th>{move || i18n.t(Msg::DeviceHeader)}</th>
                        <th>{move || i18n.t(Msg::FilterOutcome)}</th>
                        <th>{move || i18n.t(Msg::DetailHeader)}</th>
                    </tr></thead>
                    <tbody>
                        {move || page.get().map(|p| p.audit).unwrap_or_default().into_iter().map(|e| {
                            view! { <AuditRow entry=e names=names/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="pager no-print">
                <button type="button" data-testid="page-first" disabled=move || offset.get() == 0
                    on:click=move |_| offset.set(0)>{move || i18n.t(Msg::PageFirst)}</button>
                <button type="button" data-testid="page-prev" disabled=move || offset.get() == 0
                    on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{move || i18n.t(Msg::PagePrev)}</button>
                <button type="button" data-testid="page-next" disabled=move || { offset.get() + PAGE >= total() }
                    on:click=move |_| offset.update(|o| *o += PAGE)>{move || i18n.t(Msg::PageNext)}</button>
                <button type="button" data-testid="page-last" disabled=move || { offset.get() >= last_page() }
                    on:click=move |_| offset.set(last_page())>{move || i18n.t(Msg::PageNewest)}</button>
            </div>
        </section>
    }
}

#[component]
fn AuditRow(entry: AuditEntry, names: RwSignal<Names>) -> impl IntoView {
    let i18n = use_i18n();
    let e = StoredValue::new(entry.clone());
    let kind = match entry.kind {
        AuditKind::Op => "op",
        AuditKind::Host => "host",
    };
    let what = move || {
        e.with_value(|e| {
            action_msg(&e.action).map_or_else(|| e.action.clone(), |m| i18n.t(m).to_string())
        })
    };
    let who = move || {
        e.with_value(|e| match e.kind {
            AuditKind::Op => names.with(|n| n.judge(&e.actor)),
            AuditKind::Host if e.actor == "cli" => i18n.t(Msg::ActorCli).to_string(),
            AuditKind::Host => i18n.t(Msg::HomeHostTitle).to_string(),
        })
    };
    let presenter = move || {
        e.with_value(|e| {
            e.presenter
                .as_deref()
                .map(|p| names.with(|n| n.presenter(p)))
        })
    };
    let outcome = entry.outcome.clone().unwrap_or_default();
    let outcome_words = {
        let outcome = outcome.clone();
        move || outcome_msg(&outcome).map(|m| i18n.t(m))
    };
    let error = entry
        .error
        .as_ref()
        .map(|e| i18n.t(crate::i18n::reason_msg(&e.code)).to_string());
    let detail = move || {
        e.with_value(|e| match e.kind {
            AuditKind::Host => names.with(|n| host_detail(&e.detail, n, i18n)),
            AuditKind::Op => {
                let mut parts = vec![format!("{} #{}", i18n.t(Msg::RecordNo), e.seq)];
                if let Some(rev) = e.rev {
                    parts.push(i18n.fill(Msg::SheetVersion, &[("{n}", &rev.to_string())]));
                }
                if let Some(s) = e.submitted {
                    parts.push(
                        i18n.t(if s {
                            Msg::DetailSubmitted
                        } else {
                            Msg::DetailDraft
                        })
                        .into(),
                    );
                }
                if let Some(values) = &e.values {
                    parts.push(names.with(|n| n.values(values, i18n)));
                }
                if let Some(t) = e.total {
                    parts.push(format!("{} {t}", i18n.t(Msg::Total)));
                }
                if let Some(t) = &e.client_time {
                    parts.push(format!("{} {}", i18n.t(Msg::ClientTime), local_datetime(t)));
                }
                parts.join(" · ")
            }
        })
    };
    let device = entry.device.clone().unwrap_or_default();
    view! {
        <tr data-kind=kind data-action=entry.action.clone() data-outcome=outcome.clone() data-seq=entry.seq>
            <td class="num">{entry.n}</td>
            <td class="time">{local_datetime(&entry.at)}</td>
            <td>{what}</td>
            <td>{who}</td>
            <td>{presenter}</td>
            <td>{match entry.paper.clone() {
                // A paper sheet came from no phone: who typed it in is what the host needs.
                Some(by) => view! { <span data-testid="audit-paper">{move || i18n.fill(Msg::PaperEnteredBy, &[("{name}", &by)])}</span> }.into_any(),
                None => view! { <code title=device.clone()>{device.chars().take(8).collect::<String>()}</code> }.into_any(),
            }}</td>
            <td class=format!("outcome {outcome}")>{outcome_words}
                {error.map(|m| view! { <br/><small>{m}</small> })}</td>
            <td class="detail">{detail}
                {entry.receipt.map(|r| view! { " · "{move || i18n.t(Msg::ReceiptHeader)}" "<code>{r.to_string()}</code> })}</td>
        </tr>
    }
}

/// What the receipt lookup says.
#[derive(Clone, Debug, PartialEq)]
enum Lookup {
    Found {
        record: Box<wire::ReceiptRecord<AuditEntry>>,
        asked: Option<Receipt>,
    },
    Failed(String),
}

/// Looks a receipt up by its sequence number and, if given, checks the phone's 8 hex digits.
#[component]
fn ReceiptLookup(ctx: HostCtx, names: RwSignal<Names>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let seq = RwSignal::new(query.with_untracked(|q| q.get("seq")).unwrap_or_default());
    let receipt = RwSignal::new(
        query
            .with_untracked(|q| q.get("receipt"))
            .unwrap_or_default(),
    );
    let answer = RwSignal::new(None::<Lookup>);
    let busy = RwSignal::new(false);
    let ctx = StoredValue::new(ctx);

    let check = move || {
        let wanted = seq.get_untracked();
        let number = wanted.trim().trim_start_matches('#').parse::<u64>();
        let typed = receipt.get_untracked().trim().to_string();
        let asked = if typed.is_empty() {
            Ok(None)
        } else {
            Receipt::parse(&typed).map(Some)
        };
        let (number, asked) = match (number, asked) {
            (Ok(n), Ok(a)) => (n, a),
            (Err(_), _) => {
                answer.set(Some(Lookup::Failed(i18n.t(Msg::ReceiptBadSeq).into())));
                return;
            }
            (_, Err(_)) => {
                answer.set(Some(Lookup::Failed(i18n.t(Msg::ReceiptBadHex).into())));
                return;
            }
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let c = ctx.get_value();
            let mut path = c.path(&format!("/receipts/{number}"));
            if let Some(r) = asked {
                path.push_str(&format!("?receipt={r}"));
            }
            answer.set(Some(match api_call("GET", &path, &c.token, None).await {
                Ok((200, text)) => match serde_json::from_str(&text) {
                    Ok(record) => Lookup::Found { record, asked },
                    Err(_) => Lookup::Failed(error_message("")),
                },
                Ok((404, _)) => {
                    Lookup::Failed(i18n.fill(Msg::ReceiptNotFound, &[("{n}", &number.to_string())]))
                }
                Ok((_, text)) => Lookup::Failed(error_message(&text)),
                Err(()) => Lookup::Failed(i18n.t(Msg::HostOffline).into()),
            }));
            busy.set(false);
        });
    };
    // Opened from a receipt in the results: look it up at once.
    Effect::new(move |done: Option<()>| {
        if done.is_none() && !seq.get_untracked().is_empty() {
            check();
        }
    });

    view! {
        <section class="card receipt-lookup no-print" data-testid="receipt-lookup">
            <h2>{move || i18n.t(Msg::ReceiptTitle)}</h2>
            <p class="muted">{move || i18n.t(Msg::ReceiptText)}</p>
            <form class="receipt-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); check(); }>
                <label>{move || i18n.t(Msg::RecordNo)}
                    <input type="text" inputmode="numeric" data-testid="receipt-seq" autocomplete="off" placeholder="42"
                        prop:value=move || seq.get() on:input=move |ev| seq.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t(Msg::ReceiptOnPhone)}
                    <input type="text" data-testid="receipt-hex" autocomplete="off" maxlength="8" placeholder="68ba63f5"
                        prop:value=move || receipt.get() on:input=move |ev| receipt.set(event_target_value(&ev))/>
                </label>
                <button class="primary" type="submit" data-testid="receipt-check" disabled=move || busy.get()>
                    {move || i18n.t(Msg::ReceiptCheck)}
                </button>
            </form>
            {move || answer.get().map(|a| match a {
                Lookup::Failed(m) => view! {
                    <p class="error" role="alert" data-testid="receipt-error">{m}</p>
                }.into_any(),
                Lookup::Found { record, asked } => {
                    let record = *record;
                    view! { <ReceiptRecord record asked names/> }.into_any()
                }
            })}
        </section>
    }
}

fn counted_msg(counted: SheetCount) -> Msg {
    match counted {
        SheetCount::Counted => Msg::MarkCounted,
        SheetCount::DroppedHighest => Msg::MarkDroppedHighest,
        SheetCount::DroppedLowest => Msg::MarkDroppedLowest,
        SheetCount::Recused => Msg::StatusRecused,
        SheetCount::NoSheet => Msg::MarkNoSheet,
        SheetCount::NotSubmitted => Msg::MarkNotSubmitted,
        SheetCount::NotCounted => Msg::MarkNotCounted,
    }
}

#[component]
fn ReceiptRecord(
    record: wire::ReceiptRecord<AuditEntry>,
    asked: Option<Receipt>,
    names: RwSignal<Names>,
) -> impl IntoView {
    let i18n = use_i18n();
    let entry = &record.entry;
    let recorded = entry.receipt.map(|r| r.to_string()).unwrap_or_default();
    let seq = record.server_seq;
    let verdict = match (asked, record.matches) {
        (Some(_), Some(true)) => "match",
        (Some(_), _) => "mismatch",
        (None, _) => "none",
    };
    let asked_text = asked.map(|r| r.to_string()).unwrap_or_default();
    let headline = {
        let recorded = recorded.clone();
        move || match verdict {
            "match" => format!(
                "✓ {} {asked_text} = #{seq} {recorded}",
                i18n.t(Msg::ReceiptMatches)
            ),
            "mismatch" => format!(
                "✗ {} {asked_text} ≠ #{seq} {}",
                i18n.t(Msg::ReceiptMismatch),
                if recorded.is_empty() {
                    "—"
                } else {
                    recorded.as_str()
                }
            ),
            _ if recorded.is_empty() => format!("#{seq}: {}", i18n.t(Msg::ReceiptNone)),
            _ => format!("#{seq}: {} {recorded}", i18n.t(Msg::ReceiptRecorded)),
        }
    };
    let explain = match verdict {
        "match" => Some(Msg::ReceiptMatchesText),
        "mismatch" => Some(Msg::ReceiptMismatchText),
        _ => None,
    };
    let outcome = entry.outcome.clone().unwrap_or_default();
    let judge = format!(
        "{} · {}",
        record
            .judge_name
            .as_deref()
            .unwrap_or(entry.judge.as_deref().unwrap_or_default()),
        record.group_name.as_deref().unwrap_or_default()
    );
    let presenter = entry
        .presenter
        .as_deref()
        .map(|p| names.with_untracked(|n| n.presenter(p)))
        .unwrap_or_default();
    let values = entry
        .values
        .as_ref()
        .map(|v| names.with_untracked(|n| n.values(v, i18n)))
        .unwrap_or_default();
    let counted = record.counted;
    let current = record.current;
    let error = entry
        .error
        .as_ref()
        .map(|e| i18n.t(crate::i18n::reason_msg(&e.code)).to_string());
    let rows: Vec<(Msg, String)> = vec![
        (
            Msg::ReceiptHeader,
            if recorded.is_empty() {
                "—".into()
            } else {
                recorded.clone()
            },
        ),
        (Msg::RecordNo, format!("#{seq}")),
        (Msg::LateJudge, judge),
        (Msg::LatePresenter, presenter),
        (Msg::LateValues, values),
        (
            Msg::Total,
            entry
                .total
                .map(|t| t.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        (Msg::DeviceHeader, entry.device.clone().unwrap_or_default()),
        (
            Msg::ClientTime,
            local_datetime(entry.client_time.as_deref().unwrap_or_default()),
        ),
        (Msg::LateReceived, local_datetime(&record.received_at)),
        (Msg::DetailOpId, entry.op_id.clone().unwrap_or_default()),
    ];
    view! {
        <div class=format!("receipt-result verdict-{verdict}") data-testid="receipt-result" data-verdict=verdict>
            <p class="verdict-line" data-testid="receipt-verdict">{headline}</p>
            {explain.map(|m| view! { <p>{move || i18n.t(m)}</p> })}
            <dl class="facts">
                <div><dt>{move || i18n.t(Msg::FilterOutcome)}</dt>
                    <dd data-testid="receipt-outcome">{move || outcome_msg(&outcome).map_or_else(|| outcome.clone(), |m| i18n.t(m).to_string())}
                        {error.clone().map(|m| view! { " · "{m} })}</dd></div>
                <div><dt>{move || i18n.t(Msg::ReceiptCurrent)}</dt>
                    <dd>{move || i18n.t(if current { Msg::ReceiptIsCurrent } else { Msg::ReceiptNotCurrent })}</dd></div>
                <div><dt>{move || i18n.t(Msg::MarkHeader)}</dt>
                    <dd data-testid="receipt-counted">{move || match counted {
                        Some(c) => i18n.t(counted_msg(c)).to_string(),
                        None => i18n.t(Msg::NotYetRevealed).to_string(),
                    }}</dd></div>
                {rows.into_iter().map(|(label, value)| view! {
                    <div><dt>{move || i18n.t(label)}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reveals_particulars_read_as_words_with_names_not_ids() {
        let config = crate::domain::demo_event();
        let order: Vec<_> = config
            .presenters_in_order()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        let review =
            crate::domain::results::review(&config, &order, None, &[], &Default::default());
        let names = Names::of(&review);
        let detail = serde_json::json!({
            "forced": true,
            "sheets": 1,
            "min_sheets": 10,
            "short_groups": ["active", "supervisor"],
            "result_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "include_late": ["00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"],
            "judge": "j07",
            "version": 2,
        });
        let owner = Owner::new_root(None);
        let (zh, en) = owner.with(|| {
            let words = |lang| {
                host_detail(
                    &detail,
                    &names,
                    I18n {
                        lang: RwSignal::new(lang),
                    },
                )
            };
            (words(Lang::Zh), words(Lang::En))
        });
        for machine in [
            "active",
            "supervisor",
            "j07",
            "9f86d081884c7d659a2f",
            "00000000",
            "version",
            ":",
            ",",
        ] {
            assert!(!zh.contains(machine), "{zh:?} shows {machine:?}");
        }
        for words in [
            "9f86d081884c",
            "现役军人",
            "社会监督员",
            "计入的迟到评分：2 份",
            "缺评分的组：",
        ] {
            assert!(zh.contains(words), "{zh:?} lacks {words:?}");
        }

        assert!(en.contains("groups short: "), "{en:?}");
    }

    #[test]
    fn a_receipt_record_reads_with_the_entry_at_its_top_level() {
        let text = r#"{
            "kind": "op", "seq": 12, "at": "2026-07-06T06:02:09Z", "action": "sync",
            "actor": "j07", "judge": "j07", "presenter": "p3",
            "device": "00000000-0000-4000-8000-00000000000a", "outcome": "applied",
            "op_id": "00000000-0000-4000-8000-00000000000b", "rev": 2,
            "values": {"c1": 40, "c2": 45.5}, "submitted": true, "total": 85.5,
            "receipt": "68ba63f5", "client_time": "2026-07-06T06:02:01Z", "detail": null,
            "n": 30, "server_seq": 12, "received_at": "2026-07-06T06:02:09Z",
            "judge_name": "Wang", "group": "active", "group_name": "Active",
            "presenter_name": "Li", "current": true, "counted": "dropped_highest",
            "matches": true
        }"#;
        let record: wire::ReceiptRecord<AuditEntry> = serde_json::from_str(text).unwrap();
        assert_eq!(record.server_seq, 12);
        assert_eq!(record.entry.seq, 12);
        assert_eq!(record.entry.judge.as_deref(), Some("j07"));
        assert_eq!(
            record.entry.receipt,
            Some(Receipt::parse("68ba63f5").unwrap())
        );
        assert_eq!(
            record.entry.total.map(|t| t.to_string()).as_deref(),
            Some("85.5")
        );
        assert_eq!(record.entry.error, None);
        assert_eq!(record.counted, Some(SheetCount::DroppedHighest));
        assert_eq!(record.matches, Some(true));
        assert!(record.current);
        assert_eq!(counted_msg(SheetCount::NotCounted), Msg::MarkNotCounted);
        let back = serde_json::to_string(&record).unwrap();
        assert_eq!(
            serde_json::from_str::<wire::ReceiptRecord<AuditEntry>>(&back).unwrap(),
            record
        );
    }

    #[test]
    fn filters_become_a_query_without_the_empty_ones() {
        let f = AuditFilter {
            kind: "op".into(),
            device: " 00000000-0000-4000-8000-00000000000a ".into(),
            ..AuditFilter::default()
        };
        assert_eq!(
            f.query(&[("limit", "50".into())]),
            "?kind=op&device=00000000-0000-4000-8000-00000000000a&limit=50"
        );
        assert_eq!(AuditFilter::default().query(&[]), "");
        let f = AuditFilter {
            action: "a&b".into(),
            ..AuditFilter::default()
        };
        assert_eq!(f.query(&[]), "?action=a%26b");
    }

    #[test]
    fn each_action_has_words_of_its_own_and_an_unknown_one_shows_as_stored() {
        for (i, a) in AuditAction::ALL.iter().enumerate() {
            assert_eq!(action_msg(a.as_str()), Some(msg_of(*a)), "{a:?}");
            for b in &AuditAction::ALL[i + 1..] {
                assert_ne!(msg_of(*a), msg_of(*b), "{a:?} and {b:?} read alike");
            }
        }
        assert_eq!(action_msg("test"), None);
    }
}
