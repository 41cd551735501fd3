//! The host's follow-up items (`/host/items`, 局长直通车): the figures, the items filtered by
//! unit, status, source and overdue, each one's history and next steps, and a new item
//! raised (from the console in two taps: `?presenter=` chooses its unit).

use crate::browser::{api_bytes, host_step};
use crate::components::download::DownloadButton;
use crate::components::host_area::{
    error_code, host_ctx, host_error_msg, host_get, local_datetime, named_event, query_value,
    today, HostCtx, HostNav, HostSection, Problem, ProblemNotice,
};
use crate::domain::item_terms::{Choice, EntryKind, ItemFlag, ItemSource, ItemStatus, Tally};
use crate::domain::items::{Day, MAX_VOTES};
use crate::domain::wire::{
    ErrorBody, ExtendBody, FlagBody, ItemEntryView, ItemFigures, ItemList, ItemSummary, ItemView,
    NewItem, NoteBody, TransitionBody,
};
use crate::domain::{EventConfig, Lang};
use crate::i18n::{fill, tr, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::{BTreeMap, BTreeSet};

// ---- What the page says, worked out without the page ----

/// The list's unit filter (and the raise form's unit) for the city bureau's own items, as
/// the API names it.
pub const BUREAU: &str = "bureau";

/// Where an item may come from, in the order the host picks from.
pub const SOURCES: [ItemSource; 4] = [
    ItemSource::Representative,
    ItemSource::LeastSatisfying,
    ItemSource::HostRemarks,
    ItemSource::Other,
];

/// The representatives' choices, in the order the vote is entered.
pub const CHOICES: [Choice; 4] = [
    Choice::Satisfied,
    Choice::BasicallySatisfied,
    Choice::Unsatisfied,
    Choice::Abstain,
];

/// A choice as the page's test ids name it (the API's field of the tally).
pub fn choice_key(choice: Choice) -> &'static str {
    match choice {
        Choice::Satisfied => "satisfied",
        Choice::BasicallySatisfied => "basically_satisfied",
        Choice::Unsatisfied => "unsatisfied",
        Choice::Abstain => "abstain",
    }
}

pub use crate::components::review::{percent, rate_text};

/// Items still being worked on, long-term ones apart: neither done, withdrawn nor long-term.
pub fn in_progress(figures: &ItemFigures) -> u32 {
    figures.total.saturating_sub(
        figures
            .closed
            .saturating_add(figures.withdrawn)
            .saturating_add(figures.long_term),
    )
}

/// The overdue items of each unit (`None`: the city bureau itself).
pub fn overdue_by_unit(items: &[ItemView]) -> BTreeMap<Option<String>, u32> {
    let mut counts = BTreeMap::new();
    for item in items
        .iter()
        .filter(|i| i.flags.contains(&ItemFlag::Overdue))
    {
        *counts.entry(item.presenter.clone()).or_insert(0) += 1;
    }
    counts
}

/// The statuses the host may move an item to from `status`, in the path's order.
pub fn offered_moves(status: ItemStatus) -> Vec<ItemStatus> {
    ItemStatus::ALL
        .into_iter()
        .filter(|to| status.moves_to(*to))
        .collect()
}

/// A move to `to` is sent with the reason why (退回重办, 已撤销, 长期推进).
pub fn needs_reason(to: ItemStatus) -> bool {
    matches!(
        to,
        ItemStatus::Returned | ItemStatus::Withdrawn | ItemStatus::LongTerm
    )
}

/// A move to `to` is sent with the date the unit promises (长期推进 only).
pub fn needs_promised_date(to: ItemStatus) -> bool {
    to == ItemStatus::LongTerm
}

/// The status a select's value names; none for "all" or anything else.
pub fn status_named(value: &str) -> Option<ItemStatus> {
    ItemStatus::ALL.into_iter().find(|s| s.as_str() == value)
}

/// The source a select's value names; none for "all" or anything else.
pub fn source_named(value: &str) -> Option<ItemSource> {
    SOURCES.into_iter().find(|s| s.as_str() == value)
}

/// What the list shows: each filter left out lets every item through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// A presenter's id, or [`BUREAU`].
    pub unit: Option<String>,
    pub status: Option<ItemStatus>,
    pub source: Option<ItemSource>,
    pub overdue_only: bool,
}

/// The list's query string for `filters`: empty when nothing is filtered.
pub fn filter_query(filters: &Filters) -> String {
    let mut parts = Vec::new();
    if let Some(unit) = filters.unit.as_deref().filter(|u| !u.is_empty()) {
        parts.push(format!("unit={}", query_value(unit)));
    }
    if let Some(status) = filters.status {
        parts.push(format!("status={}", status.as_str()));
    }
    if let Some(source) = filters.source {
        parts.push(format!("source={}", source.as_str()));
    }
    if filters.overdue_only {
        parts.push("overdue=true".to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The raise form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaiseForm {
    /// A presenter's id or [`BUREAU`]; empty until chosen.
    pub unit: String,
    pub title: String,
    pub detail: String,
    pub source: ItemSource,
    /// The raising group's id; empty: none.
    pub group: String,
    pub owner: String,
    pub assigned_on: String,
    pub due: String,
    pub key: bool,
}

/// The new item the form describes, or the first thing missing, in the form's order.
pub fn raise_body(form: &RaiseForm) -> Result<NewItem, Msg> {
    let unit = form.unit.trim();
    if unit.is_empty() {
        return Err(Msg::RaiseNeedUnit);
    }
    let title = form.title.trim();
    if title.is_empty() {
        return Err(Msg::RaiseNeedTitle);
    }
    let owner = form.owner.trim();
    if owner.is_empty() {
        return Err(Msg::RaiseNeedOwner);
    }
    let assigned = Day::parse(form.assigned_on.trim()).map_err(|_| Msg::RaiseNeedAssigned)?;
    let due = Day::parse(form.due.trim()).map_err(|_| Msg::RaiseNeedDue)?;
    if due < assigned {
        return Err(Msg::RaiseDueBeforeAssigned);
    }
    let group = form.group.trim();
    Ok(NewItem {
        number: String::new(),
        presenter: (unit != BUREAU).then(|| unit.to_string()),
        title: title.to_string(),
        detail: form.detail.trim().to_string(),
        source: form.source,
        raised_by: (!group.is_empty()).then(|| group.to_string()),
        owner: owner.to_string(),
        assigned_on: assigned.to_string(),
        due: due.to_string(),
        key: form.key,
    })
}

/// The raise form filled in from a judge's written point (转为事项), for the host to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaiseFill {
    pub unit: String,
    pub title: String,
    pub detail: String,
    pub source: ItemSource,
    pub group: String,
}

/// A judge's point as a new item: the presenter's unit, a representative's point raised by
/// the judge's group, its first line as the title (cut to a title's length) and the whole
/// text as the detail.
pub fn raise_from_note(note: &crate::domain::wire::SheetNote) -> RaiseFill {
    let first = note
        .text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    RaiseFill {
        unit: note.presenter.clone(),
        title: first
            .chars()
            .take(crate::domain::limits::MAX_TITLE_CHARS)
            .collect(),
        detail: note.text.trim().to_string(),
        source: ItemSource::Representative,
        group: note.group.clone(),
    }
}

/// Whether `asked` is a day later than `due` (the due date in force).
fn later_than(asked: &str, due: &str) -> bool {
    match (Day::parse(asked.trim()), Day::parse(due)) {
        (Ok(asked), Ok(due)) => asked > due,
        (Ok(_), Err(_)) => true,
        (Err(_), _) => false,
    }
}

/// A move as confirmed: its reason when it needs one, its promised date (later than the
/// due date in force) for long-term. A message naming `{due}` is filled with that date.
pub fn move_body(
    to: ItemStatus,
    reason: &str,
    promised: &str,
    due_in_force: &str,
) -> Result<TransitionBody, Msg> {
    let reason = reason.trim();
    if needs_reason(to) && reason.is_empty() {
        return Err(Msg::ItemsNeedReason);
    }
    let due = if needs_promised_date(to) {
        if !later_than(promised, due_in_force) {
            return Err(Msg::ItemsNeedPromised);
        }
        Some(promised.trim().to_string())
    } else {
        None
    };
    Ok(TransitionBody {
        to,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        due,
    })
}

/// An extension as typed: a later date and the reason, both needed.
pub fn extend_body(due: &str, reason: &str, due_in_force: &str) -> Result<ExtendBody, Msg> {
    if !later_than(due, due_in_force) {
        return Err(Msg::ItemsNeedLaterDue);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Msg::ItemsNeedReason);
    }
    Ok(ExtendBody {
        due: due.trim().to_string(),
        reason: reason.to_string(),
    })
}

/// A progress note as typed.
pub fn note_body(text: &str) -> Result<NoteBody, Msg> {
    match text.trim() {
        "" => Err(Msg::ItemsNeedNote),
        text => Ok(NoteBody {
            text: text.to_string(),
        }),
    }
}

/// The vote's counts as typed, in [`CHOICES`]' order; an empty box is none. At least one
/// vote and at most `MAX_VOTES` in all, each a whole number.
pub fn typed_tally(typed: &[String; 4]) -> Result<Tally, Msg> {
    let mut counts = [0u32; 4];
    for (count, text) in counts.iter_mut().zip(typed) {
        let text = text.trim();
        if !text.is_empty() {
            *count = text.parse().map_err(|_| Msg::ItemsNeedVotes)?;
        }
    }
    let all: u64 = counts.iter().map(|&n| u64::from(n)).sum();
    if all == 0 || all > u64::from(MAX_VOTES) {
        return Err(Msg::ItemsNeedVotes);
    }
    let [satisfied, basically_satisfied, unsatisfied, abstain] = counts;
    Ok(Tally {
        satisfied,
        basically_satisfied,
        unsatisfied,
        abstain,
    })
}

/// Why a step (or a raise) was refused, in the host's words, by the answer's status and code.
pub fn step_problem(status: u16, code: &str) -> Msg {
    match (status, code) {
        (401 | 403, _) => Msg::HostPagesSignIn,
        (_, "bad_transition") => Msg::ItemsBadTransition,
        (_, "due_not_later") => Msg::ItemsDueNotLater,
        (_, "unchanged") => Msg::ItemsUnchanged,
        (_, "too_many_entries") => Msg::ItemsFull,
        (_, "carried_over") => Msg::ItemsCarriedOver,
        (_, "not_on_ballot") => Msg::ItemsNotOnBallot,
        (400, _) => Msg::ItemsFieldsBad,
        (_, code) => host_error_msg(code),
    }
}

/// The plain name of a body's field, for a refusal that lists them.
fn field_msg(field: &str) -> Option<Msg> {
    Some(match field {
        "presenter" => Msg::ItemsUnit,
        "title" => Msg::ItemsTitleField,
        "detail" => Msg::ItemsDetail,
        "source" => Msg::ItemsSource,
        "raised_by" => Msg::ItemsRaisedBy,
        "owner" => Msg::ItemsOwner,
        "assigned_on" => Msg::ItemsAssignedOn,
        "due" => Msg::ItemsDue,
        "reason" => Msg::ItemsReason,
        "text" => Msg::ItemsNoteLabel,
        _ => return None,
    })
}

/// A 400's problems as the host reads them: the fields named, never the API's words.
pub fn fields_words(lang: Lang, body: &str) -> String {
    let fields = serde_json::from_str::<ErrorBody>(body)
        .ok()
        .and_then(|b| b.error.fields)
        .unwrap_or_default();
    let mut names: Vec<&str> = Vec::new();
    for name in fields.iter().filter_map(|f| field_msg(&f.field)) {
        let name = tr(lang, name);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return tr(lang, Msg::ItemsFieldsBad).to_string();
    }
    let list = names.join(tr(lang, Msg::SetupListSep));
    fill(tr(lang, Msg::ItemsFieldsList), &[("{list}", &list)])
}

fn paren(lang: Lang, inner: &str) -> String {
    match lang {
        Lang::Zh => format!("（{inner}）"),
        Lang::En => format!(" ({inner})"),
    }
}

/// The unit responsible as the host reads it: `单位（姓名）`, or the city bureau itself;
/// a dash while the event's names are not loaded (never a presenter's id).
pub fn unit_label(lang: Lang, config: Option<&EventConfig>, presenter: Option<&str>) -> String {
    let Some(id) = presenter else {
        return tr(lang, Msg::ItemsBureau).to_string();
    };
    match config.and_then(|c| c.presenter(id)) {
        Some(p) if !p.unit.is_empty() && p.unit != p.name => {
            format!("{}{}", p.unit, paren(lang, &p.name))
        }
        Some(p) => p.name.clone(),
        None => "—".to_string(),
    }
}

/// A group by its name; a dash when unknown.
fn group_name(config: Option<&EventConfig>, group: &str) -> String {
    config
        .and_then(|c| c.group(group))
        .map_or_else(|| "—".to_string(), |g| g.name.clone())
}

/// A tally in words: `满意 9，基本满意 2，不满意 1，弃权 0`.
pub fn vote_words(lang: Lang, tally: &Tally) -> String {
    let counts = [
        tally.satisfied,
        tally.basically_satisfied,
        tally.unsatisfied,
        tally.abstain,
    ];
    CHOICES
        .iter()
        .zip(counts)
        .map(|(choice, n)| format!("{} {n}", choice.name(lang)))
        .collect::<Vec<_>>()
        .join(tr(lang, Msg::ListComma))
}

/// What one history entry did, in words; its reason and note are shown apart.
pub fn entry_words(lang: Lang, entry: &ItemEntryView) -> String {
    let t = |msg| tr(lang, msg);
    let due = entry.due.as_deref().unwrap_or("—");
    let moved = || {
        fill(
            t(Msg::ItemsEntryMoved),
            &[
                ("{from}", entry.from.name(lang)),
                ("{to}", entry.to.name(lang)),
            ],
        )
    };
    match entry.kind {
        EntryKind::Raised => fill(t(Msg::ItemsEntryRaised), &[("{due}", due)]),
        EntryKind::Moved => match &entry.due {
            Some(due) => format!(
                "{}{}{}",
                moved(),
                t(Msg::ItemsSep),
                fill(t(Msg::ItemsEntryPromised), &[("{due}", due)])
            ),
            None => moved(),
        },
        EntryKind::Extended => fill(t(Msg::ItemsEntryExtended), &[("{due}", due)]),
        EntryKind::Note => t(Msg::ItemsEntryNote).to_string(),
        EntryKind::Voted => {
            let votes = entry
                .vote
                .as_ref()
                .map_or_else(|| "—".to_string(), |v| vote_words(lang, v));
            let voted = fill(t(Msg::ItemsEntryVoted), &[("{votes}", &votes)]);
            if entry.from == entry.to {
                voted
            } else {
                format!("{voted}{}{}", t(Msg::ItemsSep), moved())
            }
        }
        EntryKind::BehindPlan => t(Msg::ItemsEntryBehind).to_string(),
        EntryKind::OnPlan => t(Msg::ItemsEntryOnPlan).to_string(),
        EntryKind::CarriedIn => t(Msg::ItemsEntryCarriedIn).to_string(),
        EntryKind::CarriedOut => t(Msg::ItemsEntryCarriedOut).to_string(),
    }
}

/// The class of a status's badge: in hand, done, sent back, or out of the way.
fn status_class(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Accepted | ItemStatus::Closed => "item-status done",
        ItemStatus::Returned | ItemStatus::Reopened => "item-status back",
        ItemStatus::Withdrawn => "item-status off",
        _ => "item-status open",
    }
}

// ---- The page ----

/// Data the page loads from the server, or why it could not.
type Loaded<T> = LocalResource<Result<T, Problem>>;

/// The figures card's data: the summary, and each unit's overdue items (the summary has none).
#[derive(Clone, Debug, PartialEq)]
struct Figures {
    summary: ItemSummary,
    overdue: BTreeMap<Option<String>, u32>,
}

/// What the page last said about an item's step.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Notice {
    Done,
    Failed(String),
}

/// What every part of the page shares: the event, its names, the loaded list and figures,
/// which items are open, and what was said about each item's last step (kept here, since a
/// step redraws its item's card).
#[derive(Clone, Copy)]
struct ItemsPage {
    ctx: StoredValue<HostCtx>,
    config: Loaded<EventConfig>,
    list: Loaded<Vec<ItemView>>,
    figures: Loaded<Figures>,
    expanded: RwSignal<BTreeSet<String>>,
    notices: RwSignal<BTreeMap<String, Notice>>,
    /// A judge's point the host turned into an item: the raise form takes it in.
    fill: RwSignal<Option<RaiseFill>>,
}

impl ItemsPage {
    /// After any step: the list and the figures again.
    fn reload(self) {
        self.list.refetch();
        self.figures.refetch();
    }

    /// The event's config once loaded (tracked).
    fn config(self) -> Option<EventConfig> {
        self.config.get().and_then(Result::ok)
    }

    fn tell(self, item: &str, notice: Option<Notice>) {
        self.notices.update(|all| match notice {
            Some(notice) => {
                all.insert(item.to_string(), notice);
            }
            None => {
                all.remove(item);
            }
        });
    }
}

#[component]
pub fn HostItemsPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let ctx = LocalResource::new(move || host_ctx(named.get()));
    view! {
        <section class="page host-items">
            <HostNav current=HostSection::Items/>
            <h1>{move || i18n.t(Msg::ItemsTitle)}</h1>
            <p class="muted">{move || i18n.t(Msg::ItemsIntro)}</p>
            // The printable 回头看 of the session this event follows.
            <p class="no-print"><a class="go" data-testid="review-report-link"
                href=move || match named.get() {
                    Some(e) => format!("/host/review?event={}", crate::components::host_area::query_value(&e)),
                    None => "/host/review".to_string(),
                }>{move || i18n.t(Msg::ReviewReportLink)}</a></p>
            {move || match ctx.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
                Some(Ok(ctx)) => view! { <ItemsBody ctx=ctx/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ItemsBody(ctx: HostCtx) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = StoredValue::new(ctx);
    let filters = RwSignal::new(Filters::default());
    let page = ItemsPage {
        ctx,
        config: LocalResource::new(move || load_config(ctx.get_value())),
        list: LocalResource::new(move || {
            let query = filter_query(&filters.get());
            let ctx = ctx.get_value();
            async move {
                host_get::<ItemList>(&ctx, &format!("/items{query}"))
                    .await
                    .map(|list| list.items)
            }
        }),
        figures: LocalResource::new(move || load_figures(ctx.get_value())),
        expanded: RwSignal::new(BTreeSet::new()),
        notices: RwSignal::new(BTreeMap::new()),
        fill: RwSignal::new(None),
    };
    // Raised from the console: the form comes first, its unit chosen, the title in focus.
    let query = use_query_map();
    let asked = query
        .with_untracked(|q| q.get("presenter"))
        .map(|p| p.trim().to_string())
        .unwrap_or_default();
    let raise_first = !asked.is_empty();
    let items = move || page.list.get().and_then(Result::ok).unwrap_or_default();
    let filtered = move || filters.with(|f| *f != Filters::default());
    view! {
        {raise_first.then(|| view! { <RaiseCard page=page asked=asked.clone()/> })}
        <p class="no-print items-jumps">
            {(!raise_first).then(|| view! {
                <a class="button" href="#raise" data-testid="jump-raise">{move || i18n.t(Msg::RaiseTitle)}</a>
            })}
            <a class="button" data-testid="to-unit-links"
                href=move || format!("/host/links?event={}#unit-links", ctx.with_value(|c| query_value(&c.event)))>
                {move || i18n.t(Msg::UnitLinksTitle)}
            </a>
        </p>
        <FiguresCard page=page/>
        <NotesCard page=page/>
        <FilterCard page=page filters=filters/>
        <section class="item-list-section" aria-labelledby="item-list-title">
            <h2 id="item-list-title">{move || i18n.t(Msg::ItemsListTitle)}</h2>
            // The ledger (台账) of the items the filters let through.
            <p class="no-print items-downloads">
                <DownloadButton label=Msg::ItemsLedgerXlsx fallback="items.xlsx" testid="ledger-xlsx"
                    path=Signal::derive(move || Some(format!("{}{}",
                        ctx.with_value(|c| c.path("/items/ledger.xlsx")), filter_query(&filters.get()))))/>
                <DownloadButton label=Msg::ItemsLedgerCsv fallback="items.csv" testid="ledger-csv"
                    path=Signal::derive(move || Some(format!("{}{}",
                        ctx.with_value(|c| c.path("/items/ledger.csv")), filter_query(&filters.get()))))/>
            </p>
            {move || match page.list.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted" data-testid="items-empty">
                        {move || i18n.t(if filtered() { Msg::ItemsNoMatch } else { Msg::ItemsNone })}
                    </p>
                }.into_any(),
                Some(Ok(_)) => ().into_any(),
            }}
            <ul class="item-list" data-testid="item-list">
                <For each=items
                    key=|item| (item.id.clone(), item.history.len(), item.flags.clone().into_iter().map(ItemFlag::as_str).collect::<Vec<_>>())
                    children=move |item| view! { <li><ItemCard item=item page=page/></li> }/>
            </ul>
        </section>
        {(!raise_first).then(|| view! { <RaiseCard page=page asked=String::new()/> })}
    }
}

/// The figures of the event's items, then each unit's.
#[component]
fn FiguresCard(page: ItemsPage) -> impl IntoView {
    let i18n = use_i18n();
    let tile = move |key: &'static str, label: Msg, value: String| {
        view! {
            <div class="figure" data-figure=key>
                <dt>{move || i18n.t(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let body = move || {
        let figures = match page.figures.get()? {
            Ok(figures) => figures,
            Err(problem) => return Some(view! { <ProblemNotice problem=problem/> }.into_any()),
        };
        let f = figures.summary.figures.clone();
        let overdue_all: u32 = figures.overdue.values().sum();
        let rows = figures
            .summary
            .units
            .iter()
            .map(|unit| {
                let u = unit.figures.clone();
                let overdue = figures.overdue.get(&unit.presenter).copied().unwrap_or(0);
                let presenter = unit.presenter.clone();
                let key = presenter.clone().unwrap_or_else(|| BUREAU.to_string());
                let label = move || {
                    unit_label(
                        i18n.lang.get(),
                        page.config().as_ref(),
                        presenter.as_deref(),
                    )
                };
                view! {
                    <tr data-unit=key>
                        <th scope="row">{label}</th>
                        <td class="num">{u.total}</td>
                        <td class="num">{u.closed}</td>
                        <td class="num">{in_progress(&u)}</td>
                        <td class="num">{overdue}</td>
                        <td class="num">{u.long_term}</td>
                        <td class="num">{rate_text(u.closure_rate.as_deref())}</td>
                        <td class="num">{rate_text(u.on_time_rate.as_deref())}</td>
                        <td class="num">{rate_text(u.satisfaction_rate.as_deref())}</td>
                    </tr>
                }
            })
            .collect_view();
        let has_units = !figures.summary.units.is_empty();
        Some(
            view! {
                <dl class="figure-tiles">
                    {tile("total", Msg::ItemsAssigned, f.total.to_string())}
                    {tile("closed", Msg::ItemsClosed, f.closed.to_string())}
                    {tile("in-progress", Msg::ItemsInProgress, in_progress(&f).to_string())}
                    {tile("overdue", Msg::ItemsOverdue, overdue_all.to_string())}
                    {tile("long-term", Msg::ItemsLongTerm, f.long_term.to_string())}
                    {tile("closure-rate", Msg::ItemsClosureRate, rate_text(f.closure_rate.as_deref()))}
                    {tile("on-time-rate", Msg::ItemsOnTimeRate, rate_text(f.on_time_rate.as_deref()))}
                    {tile("satisfaction-rate", Msg::ItemsSatisfaction, rate_text(f.satisfaction_rate.as_deref()))}
                </dl>
                <p class="muted small-note">{move || i18n.t(Msg::ItemsRateNote)}</p>
                {has_units.then(|| view! {
                    <h3 id="unit-figures-title">{move || i18n.t(Msg::ItemsByUnit)}</h3>
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="unit-figures-title">
                        <table class="unit-figures" data-testid="unit-figures">
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(Msg::ItemsUnit)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsAssigned)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsClosed)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsInProgress)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsOverdue)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsLongTerm)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsClosureRate)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsOnTimeRate)}</th>
                                    <th scope="col" class="num">{move || i18n.t(Msg::ItemsSatisfaction)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                })}
            }
            .into_any(),
        )
    };
    view! {
        <section class="card items-figures" data-testid="items-figures" aria-labelledby="items-figures-title">
            <h2 id="items-figures-title">{move || i18n.t(Msg::ItemsFiguresTitle)}</h2>
            {move || body().unwrap_or_else(|| view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any())}
        </section>
    }
}

/// The judges' written points (评委意见建议), each a tap away from the raise form.
#[component]
fn NotesCard(page: ItemsPage) -> impl IntoView {
    let i18n = use_i18n();
    let notes = LocalResource::new(move || {
        let ctx = page.ctx.get_value();
        async move {
            host_get::<crate::domain::wire::SheetNotes>(&ctx, "/notes")
                .await
                .map(|list| list.notes)
        }
    });
    let body = move || {
        match notes.get() {
        None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
        Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="muted" data-testid="notes-empty">{move || i18n.t(Msg::NotesNone)}</p>
        }
        .into_any(),
        Some(Ok(list)) => view! {
            <ul class="sheet-notes" data-testid="sheet-notes">
                {list.into_iter().map(|note| view! { <li><NoteRow note=note page=page/></li> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <section class="card sheet-notes-card" data-testid="notes" aria-labelledby="notes-title">
            <h2 id="notes-title">{move || i18n.t(Msg::NotesTitle)}</h2>
            <p class="muted small-note">{move || i18n.t(Msg::NotesIntro)}</p>
            {body}
        </section>
    }
}

/// One point: whose unit it is about, the judge's group, the text, and 转为事项.
#[component]
fn NoteRow(note: crate::domain::wire::SheetNote, page: ItemsPage) -> impl IntoView {
    let i18n = use_i18n();
    let fill = raise_from_note(&note);
    let presenter = note.presenter.clone();
    let fallback = note.presenter_name.clone();
    let unit = move || match page.config() {
        Some(config) => unit_label(i18n.lang.get(), Some(&config), Some(&presenter)),
        None => fallback.clone(),
    };
    let group = note.group_name.clone();
    let from =
        move || (!group.is_empty()).then(|| i18n.fill(Msg::NotesGroup, &[("{group}", &group)]));
    view! {
        <article class="sheet-note" data-testid="sheet-note" data-presenter=note.presenter.clone()>
            <h3 class="sheet-note-unit">{unit}</h3>
            <p class="muted sheet-note-from">{from}</p>
            <p class="sheet-note-text">{note.text.clone()}</p>
            <button type="button" class="sheet-note-raise" data-testid="note-to-item"
                on:click=move |_| page.fill.set(Some(fill.clone()))>
                {move || i18n.t(Msg::NotesToItem)}
            </button>
        </article>
    }
}

/// The presenters as the host picks a unit: `单位（姓名）`, in speaking order.
fn unit_options(lang: Lang, config: Option<&EventConfig>) -> Vec<(String, String)> {
    config
        .map(|c| {
            c.presenters_in_order()
                .into_iter()
                .map(|p| {
                    let id = p.id.to_string();
                    let label = unit_label(lang, Some(c), Some(&id));
                    (id, label)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The list's filters: each change loads the list again.
#[component]
fn FilterCard(page: ItemsPage, filters: RwSignal<Filters>) -> impl IntoView {
    let i18n = use_i18n();
    let set_unit = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        filters.update(|f| f.unit = (!value.is_empty()).then_some(value));
    };
    let set_status = move |ev: leptos::ev::Event| {
        let value = status_named(&event_target_value(&ev));
        filters.update(|f| f.status = value);
    };
    let set_source = move |ev: leptos::ev::Event| {
        let value = source_named(&event_target_value(&ev));
        filters.update(|f| f.source = value);
    };
    let set_overdue = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        filters.update(|f| f.overdue_only = on);
    };
    view! {
        <section class="card item-filters no-print" aria-labelledby="item-filters-title">
            <h2 id="item-filters-title">{move || i18n.t(Msg::ItemsFiltersTitle)}</h2>
            <div class="filter-grid">
                <div>
                    <label for="item-filter-unit">{move || i18n.t(Msg::ItemsUnit)}</label>
                    <select id="item-filter-unit" data-testid="item-filter-unit" on:change=set_unit>
                        <option value="">{move || i18n.t(Msg::ItemsFilterAll)}</option>
                        <option value=BUREAU>{move || i18n.t(Msg::ItemsBureau)}</option>
                        {move || {
                            let chosen = filters.with_untracked(|f| f.unit.clone());
                            unit_options(i18n.lang.get(), page.config().as_ref()).into_iter().map(|(id, label)| {
                                let selected = chosen.as_deref() == Some(id.as_str());
                                view! { <option value=id selected=selected>{label}</option> }
                            }).collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for="item-filter-status">{move || i18n.t(Msg::ItemsStatus)}</label>
                    <select id="item-filter-status" data-testid="item-filter-status" on:change=set_status>
                        <option value="">{move || i18n.t(Msg::ItemsFilterAll)}</option>
                        {ItemStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str()>{move || s.name(i18n.lang.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="item-filter-source">{move || i18n.t(Msg::ItemsSource)}</label>
                    <select id="item-filter-source" data-testid="item-filter-source" on:change=set_source>
                        <option value="">{move || i18n.t(Msg::ItemsFilterAll)}</option>
                        {SOURCES.into_iter().map(|s| view! {
                            <option value=s.as_str()>{move || s.name(i18n.lang.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <label class="check" for="item-filter-overdue">
                <input type="checkbox" id="item-filter-overdue" data-testid="item-filter-overdue"
                    prop:checked=move || filters.with(|f| f.overdue_only) on:change=set_overdue/>
                <span>{move || i18n.t(Msg::ItemsFilterOverdue)}</span>
            </label>
        </section>
    }
}

/// One item: what it is and where it stands; opened, its history and the host's steps.
#[component]
fn ItemCard(item: ItemView, page: ItemsPage) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id.clone();
    let open = Memo::new({
        let id = id.clone();
        move |_| page.expanded.with(|all| all.contains(&id))
    });
    let toggle = {
        let id = id.clone();
        move |_: leptos::ev::MouseEvent| {
            page.expanded.update(|all| {
                if !all.remove(&id) {
                    all.insert(id.clone());
                }
            })
        }
    };
    let panel_id = format!("item-{id}-panel");
    let controls = panel_id.clone();
    let status = item.status;
    let unit = {
        let presenter = item.presenter.clone();
        move || {
            unit_label(
                i18n.lang.get(),
                page.config().as_ref(),
                presenter.as_deref(),
            )
        }
    };
    let flags = item
        .flags
        .iter()
        .map(|&flag| {
            view! {
                <span class=format!("item-flag {}", flag.colour()) data-testid="item-flag" data-flag=flag.as_str()>
                    {move || flag.name(i18n.lang.get())}
                </span>
            }
        })
        .collect_view();
    let has_flags = !item.flags.is_empty();
    let key = item.key;
    let details = item.clone();
    view! {
        <article class="card item-card" class:key-item=key data-testid="item-card"
            data-item=id.clone() data-status=status.as_str()>
            <div class="item-head">
                <span class="item-number">{item.number.clone()}</span>
                {key.then(|| view! { <span class="item-key" data-testid="item-key">{move || i18n.t(Msg::ItemsKey)}</span> })}
                <strong class=status_class(status) data-testid="item-status">{move || status.name(i18n.lang.get())}</strong>
            </div>
            <h3 class="item-title">{item.title.clone()}</h3>
            <dl class="item-facts">
                <div><dt>{move || i18n.t(Msg::ItemsUnit)}</dt><dd data-testid="item-unit">{unit}</dd></div>
                <div><dt>{move || i18n.t(Msg::ItemsOwner)}</dt><dd>{item.owner.clone()}</dd></div>
                <div><dt>{move || i18n.t(Msg::ItemsDue)}</dt><dd data-testid="item-due">{item.due.clone()}</dd></div>
            </dl>
            {has_flags.then(|| view! { <p class="item-flags">{flags}</p> })}
            <button type="button" class="item-open" data-testid="item-open"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=move || open.get().then(|| controls.clone())
                on:click=toggle>
                {move || i18n.t(if open.get() { Msg::ItemsHide } else { Msg::ItemsOpen })}
            </button>
            <Show when=move || open.get()>
                <ItemPanel item=details.clone() page=page panel_id=panel_id.clone()/>
            </Show>
        </article>
    }
}

/// An opened item: the detail, the facts not on the card, the history and the steps.
#[component]
fn ItemPanel(item: ItemView, page: ItemsPage, panel_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let source = item.source;
    let group = item
        .raised_by
        .clone()
        .map(|group| move || group_name(page.config().as_ref(), &group));
    let earlier: Vec<String> = item
        .dues
        .iter()
        .take(item.dues.len().saturating_sub(1))
        .cloned()
        .collect();
    let earlier = (!earlier.is_empty())
        .then_some(move || earlier.join(tr(i18n.lang.get(), Msg::SetupListSep)));
    let vote = item
        .vote
        .map(|tally| move || vote_words(i18n.lang.get(), &tally));
    let detail = (!item.detail.is_empty()).then(|| item.detail.clone());
    let history =
        item.history
            .iter()
            .map(|entry| {
                let at = local_datetime(&entry.at);
                let by = entry.by;
                let words = {
                    let entry = entry.clone();
                    move || entry_words(i18n.lang.get(), &entry)
                };
                let reason = entry.reason.clone().map(|reason| {
                    move || i18n.fill(Msg::ItemsEntryReason, &[("{reason}", &reason)])
                });
                let note = entry.note.clone();
                view! {
                    <li class="item-entry" data-kind=format!("{:?}", entry.kind).to_lowercase()>
                        <p class="entry-head"><time datetime=entry.at.clone()>{at}</time>" · "
                            {move || by.name(i18n.lang.get())}</p>
                        <p class="entry-what">{words}</p>
                        {reason.map(|r| view! { <p class="entry-reason">{r}</p> })}
                        {note.map(|n| view! { <p class="entry-note">{n}</p> })}
                    </li>
                }
            })
            .collect_view();
    view! {
        <div class="item-panel" id=panel_id>
            {detail.map(|d| view! {
                <h4>{move || i18n.t(Msg::ItemsDetail)}</h4>
                <p class="item-detail">{d}</p>
            })}
            <dl class="item-facts">
                <div><dt>{move || i18n.t(Msg::ItemsSource)}</dt><dd>{move || source.name(i18n.lang.get())}</dd></div>
                {group.map(|g| view! { <div><dt>{move || i18n.t(Msg::ItemsRaisedBy)}</dt><dd>{g}</dd></div> })}
                <div><dt>{move || i18n.t(Msg::ItemsAssignedOn)}</dt><dd>{item.assigned_on.clone()}</dd></div>
                {earlier.map(|e| view! { <div><dt>{move || i18n.t(Msg::ItemsEarlierDues)}</dt><dd>{e}</dd></div> })}
                {vote.map(|v| view! { <div data-testid="item-latest-vote"><dt>{move || i18n.t(Msg::ItemsLatestVote)}</dt><dd>{v}</dd></div> })}
            </dl>
            <h4>{move || i18n.t(Msg::ItemsHistory)}</h4>
            <ol class="item-history" data-testid="item-history">{history}</ol>
            <ItemSteps item=item page=page/>
        </div>
    }
}

/// The host's steps on one item: a move, an extension, a note, the behind-plan flag, a vote.
#[component]
fn ItemSteps(item: ItemView, page: ItemsPage) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(item.id.clone());
    let status = item.status;
    let due_in_force = StoredValue::new(item.due.clone());
    let behind = item.behind_plan;
    // The step's inputs, cleared once it is taken: a second tap then sends nothing.
    let moving = RwSignal::new(None::<ItemStatus>);
    let reason = RwSignal::new(String::new());
    let promised = RwSignal::new(String::new());
    let extend_due = RwSignal::new(String::new());
    let extend_reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let behind_reason = RwSignal::new(String::new());
    let votes: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));

    let send = Action::new_local(move |(step, body): &(&'static str, String)| {
        let (step, body) = (*step, body.clone());
        let lang = i18n.lang.get_untracked();
        let item = id.get_value();
        async move {
            let (path, token) = page.ctx.with_value(|c| {
                (
                    c.path(&format!("/items/{}/{step}", query_value(&item))),
                    c.token.clone(),
                )
            });
            let notice = match host_step(&path, &token, &body).await {
                Ok((200, _)) => {
                    moving.set(None);
                    for input in [
                        reason,
                        promised,
                        extend_due,
                        extend_reason,
                        note,
                        behind_reason,
                    ] {
                        input.set(String::new());
                    }
                    for input in votes {
                        input.set(String::new());
                    }
                    Notice::Done
                }
                Ok((status, text)) => {
                    Notice::Failed(tr(lang, step_problem(status, &error_code(&text))).to_string())
                }
                Err(()) => Notice::Failed(tr(lang, Msg::HostOffline).to_string()),
            };
            page.tell(&item, Some(notice));
            // Last: the reload redraws this card once the item has changed.
            page.reload();
        }
    });
    let busy = move || send.pending().get();
    // Checks the typed step, then sends it; a problem is said on the card instead.
    let take = move |step: &'static str, body: Result<String, String>| {
        if send.pending().get_untracked() {
            return;
        }
        match body {
            Ok(body) => {
                page.tell(&id.get_value(), None);
                send.dispatch((step, body));
            }
            Err(words) => page.tell(&id.get_value(), Some(Notice::Failed(words))),
        }
    };
    let words = move |msg: Msg| {
        let due = due_in_force.get_value();
        fill(i18n.t_untracked(msg), &[("{due}", &due)])
    };

    let confirm_move = move |_: leptos::ev::MouseEvent| {
        let Some(to) = moving.get_untracked() else {
            return;
        };
        let body = move_body(
            to,
            &reason.get_untracked(),
            &promised.get_untracked(),
            &due_in_force.get_value(),
        );
        take("transitions", body.map(|b| to_json(&b)).map_err(words));
    };
    let extend = move |_: leptos::ev::MouseEvent| {
        let body = extend_body(
            &extend_due.get_untracked(),
            &extend_reason.get_untracked(),
            &due_in_force.get_value(),
        );
        take("extend", body.map(|b| to_json(&b)).map_err(words));
    };
    let add_note = move |_: leptos::ev::MouseEvent| {
        let body = note_body(&note.get_untracked());
        take("notes", body.map(|b| to_json(&b)).map_err(words));
    };
    let flag = move |_: leptos::ev::MouseEvent| {
        let reason = behind_reason.get_untracked();
        let reason = reason.trim();
        let body = FlagBody {
            behind_plan: !behind,
            reason: (!reason.is_empty()).then(|| reason.to_string()),
        };
        take("behind-plan", Ok(to_json(&body)));
    };
    let vote = move |_: leptos::ev::MouseEvent| {
        let typed = votes.map(|v| v.get_untracked());
        let body = typed_tally(&typed);
        take("vote", body.map(|b| to_json(&b)).map_err(words));
    };

    let item_id = item.id.clone();
    let input_id = move |what: &str| format!("item-{item_id}-{what}");
    let notice = move || {
        page.notices
            .with(|all| all.get(&id.get_value()).cloned())
            .map(|notice| match notice {
                Notice::Done => view! {
                    <p class="saved" role="status" data-testid="item-done">{move || i18n.t(Msg::ItemsStepDone)}</p>
                }
                .into_any(),
                Notice::Failed(words) => view! {
                    <p class="error" role="alert" data-testid="item-problem">{words}</p>
                }
                .into_any(),
            })
    };
    let moves = offered_moves(status);
    let (reason_id, promised_id) = (input_id("reason"), input_id("promised"));
    let (extend_due_id, extend_reason_id) = (input_id("extend-due"), input_id("extend-reason"));
    let (note_id, behind_id) = (input_id("note"), input_id("behind-reason"));
    let vote_ids = CHOICES.map(|c| input_id(&format!("vote-{}", choice_key(c))));
    let is_open = status.is_open();
    let votable = matches!(status, ItemStatus::Accepted | ItemStatus::Closed);
    let notable = status != ItemStatus::Withdrawn;

    view! {
        <section class="item-steps no-print" aria-label=move || i18n.t(Msg::ItemsStepsTitle)>
            {notice}
            {(!moves.is_empty()).then(|| view! {
                <h4>{move || i18n.t(Msg::ItemsMoveTitle)}</h4>
                <div class="button-row item-moves">
                    {moves.iter().map(|&to| view! {
                        <button type="button" data-testid=format!("item-move-{}", to.as_str())
                            disabled=busy
                            on:click=move |_| {
                                reason.set(String::new());
                                promised.set(String::new());
                                moving.set(Some(to));
                            }>
                            {move || i18n.fill(Msg::ItemsMoveTo, &[("{status}", to.name(i18n.lang.get()))])}
                        </button>
                    }).collect_view()}
                </div>
                {move || moving.get().map(|to| {
                    let (reason_id, promised_id) = (reason_id.clone(), promised_id.clone());
                    let reason_label = move || {
                        let tail = if needs_reason(to) { Msg::ItemsRequired } else { Msg::ItemsOptional };
                        format!("{}{}", i18n.t(Msg::ItemsReason), i18n.t(tail))
                    };
                    view! {
                        <div class="confirm-box" data-testid="item-move-box">
                            <p role="alert"><strong>{move || i18n.fill(Msg::ItemsMoveConfirm, &[("{status}", to.name(i18n.lang.get()))])}</strong></p>
                            <label for=reason_id.clone()>{reason_label}</label>
                            <input id=reason_id type="text" data-testid="item-reason" maxlength="1000"
                                autocomplete="off"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))/>
                            {needs_promised_date(to).then(|| view! {
                                <label for=promised_id.clone()>{move || i18n.t(Msg::ItemsPromised)}</label>
                                <input id=promised_id type="date" data-testid="item-promised"
                                    prop:value=move || promised.get()
                                    on:input=move |ev| promised.set(event_target_value(&ev))
                                    on:change=move |ev| promised.set(event_target_value(&ev))/>
                            })}
                            <div class="button-row">
                                <button type="button" class="primary" data-testid="item-confirm-move"
                                    disabled=busy on:click=confirm_move>
                                    {move || i18n.t(Msg::ItemsConfirm)}
                                </button>
                                <button type="button" data-testid="item-cancel-move" disabled=busy
                                    on:click=move |_| moving.set(None)>
                                    {move || i18n.t(Msg::SetupCancel)}
                                </button>
                            </div>
                        </div>
                    }
                })}
            })}
            {is_open.then(|| view! {
                <h4>{move || i18n.t(Msg::ItemsExtendTitle)}</h4>
                <div class="item-step-grid">
                    <div>
                        <label for=extend_due_id.clone()>{move || i18n.t(Msg::ItemsExtendDue)}</label>
                        <input id=extend_due_id.clone() type="date" data-testid="item-extend-due"
                            prop:value=move || extend_due.get()
                            on:input=move |ev| extend_due.set(event_target_value(&ev))
                            on:change=move |ev| extend_due.set(event_target_value(&ev))/>
                    </div>
                    <div>
                        <label for=extend_reason_id.clone()>{move || format!("{}{}", i18n.t(Msg::ItemsReason), i18n.t(Msg::ItemsRequired))}</label>
                        <input id=extend_reason_id.clone() type="text" data-testid="item-extend-reason" maxlength="1000"
                            autocomplete="off"
                            prop:value=move || extend_reason.get()
                            on:input=move |ev| extend_reason.set(event_target_value(&ev))/>
                    </div>
                </div>
                <button type="button" class="wide" data-testid="item-extend" disabled=busy on:click=extend>
                    {move || i18n.t(Msg::ItemsExtendButton)}
                </button>
            })}
            {notable.then(|| view! {
                <h4>{move || i18n.t(Msg::ItemsNoteTitle)}</h4>
                <label for=note_id.clone()>{move || i18n.t(Msg::ItemsNoteLabel)}</label>
                <textarea id=note_id.clone() data-testid="item-note-text" rows="3" maxlength="2000"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <button type="button" class="wide" data-testid="item-note" disabled=busy on:click=add_note>
                    {move || i18n.t(Msg::ItemsNoteButton)}
                </button>
            })}
            {is_open.then(|| view! {
                <h4>{move || i18n.t(Msg::ItemsBehindTitle)}</h4>
                <p class="muted small-note">{move || i18n.t(if behind { Msg::ItemsBehindNow } else { Msg::ItemsBehindNot })}</p>
                <label for=behind_id.clone()>{move || format!("{}{}", i18n.t(Msg::ItemsReason), i18n.t(Msg::ItemsOptional))}</label>
                <input id=behind_id.clone() type="text" data-testid="item-behind-reason" maxlength="1000"
                    autocomplete="off"
                    prop:value=move || behind_reason.get()
                    on:input=move |ev| behind_reason.set(event_target_value(&ev))/>
                <button type="button" class="wide" data-testid="item-behind-plan"
                    data-behind=if behind { "true" } else { "false" }
                    disabled=busy on:click=flag>
                    {move || i18n.t(if behind { Msg::ItemsBehindClear } else { Msg::ItemsBehindSet })}
                </button>
            })}
            {votable.then(|| view! {
                <h4>{move || i18n.t(Msg::ItemsVoteTitle)}</h4>
                <p class="muted small-note">{move || i18n.t(Msg::ItemsVoteExplain)}</p>
                <div class="item-step-grid votes">
                    {CHOICES.iter().zip(votes).zip(vote_ids.clone()).map(|((&choice, count), vote_id)| view! {
                        <div>
                            <label for=vote_id.clone()>{move || choice.name(i18n.lang.get())}</label>
                            <input id=vote_id type="number" inputmode="numeric" min="0" max="1000" step="1"
                                data-testid=format!("item-vote-{}", choice_key(choice))
                                prop:value=move || count.get()
                                on:input=move |ev| count.set(event_target_value(&ev))/>
                        </div>
                    }).collect_view()}
                </div>
                <button type="button" class="wide primary" data-testid="item-vote" disabled=busy on:click=vote>
                    {move || i18n.t(Msg::ItemsVoteButton)}
                </button>
            })}
        </section>
    }
}

/// A body as sent: the wire types always serialise.
fn to_json(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// Raises a new item: its unit, title, detail, source, raising group, owner and dates.
#[component]
fn RaiseCard(page: ItemsPage, asked: String) -> impl IntoView {
    let i18n = use_i18n();
    let focus_title = !asked.is_empty();
    let unit = RwSignal::new(asked);
    let title = RwSignal::new(String::new());
    let detail = RwSignal::new(String::new());
    let source = RwSignal::new(ItemSource::Representative);
    let group = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let assigned = RwSignal::new(today());
    let due = RwSignal::new(String::new());
    let key = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<String>);

    // A unit the address names that is not one of the event's is not kept.
    Effect::new(move |_| {
        if let Some(config) = page.config() {
            let chosen = unit.get_untracked();
            let known = chosen == BUREAU || config.presenter(&chosen).is_some();
            if !chosen.is_empty() && !known {
                unit.set(String::new());
            }
        }
    });
    Effect::new(move |_| {
        if focus_title {
            request_animation_frame(focus_raise_title);
        }
    });
    // A judge's point turned into an item: the form filled in, the title in focus.
    Effect::new(move |_| {
        if let Some(fill) = page.fill.get() {
            unit.set(fill.unit);
            title.set(fill.title);
            detail.set(fill.detail);
            source.set(fill.source);
            group.set(fill.group);
            problem.set(None);
            made.set(None);
            request_animation_frame(focus_raise_title);
        }
    });

    let submit = Action::new_local(move |body: &NewItem| {
        let body = serde_json::to_string(body).unwrap_or_default();
        let lang = i18n.lang.get_untracked();
        async move {
            let (path, token) = page.ctx.with_value(|c| (c.path("/items"), c.token.clone()));
            match host_step(&path, &token, &body).await {
                Ok((201, text)) => match serde_json::from_str::<ItemView>(&text) {
                    Ok(item) => {
                        made.set(Some(item.number));
                        title.set(String::new());
                        detail.set(String::new());
                        key.set(false);
                        page.reload();
                    }
                    Err(_) => problem.set(Some(tr(lang, Msg::ErrGeneric).to_string())),
                },
                Ok((400, text)) => problem.set(Some(fields_words(lang, &text))),
                Ok((status, text)) => problem.set(Some(
                    tr(lang, step_problem(status, &error_code(&text))).to_string(),
                )),
                Err(()) => problem.set(Some(tr(lang, Msg::HostOffline).to_string())),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        problem.set(None);
        made.set(None);
        let form = RaiseForm {
            unit: unit.get_untracked(),
            title: title.get_untracked(),
            detail: detail.get_untracked(),
            source: source.get_untracked(),
            group: group.get_untracked(),
            owner: owner.get_untracked(),
            assigned_on: assigned.get_untracked(),
            due: due.get_untracked(),
            key: key.get_untracked(),
        };
        match raise_body(&form) {
            Ok(body) => {
                submit.dispatch(body);
            }
            Err(msg) => problem.set(Some(i18n.t_untracked(msg).to_string())),
        }
    };
    let date_input = move |id: &'static str, value: RwSignal<String>| {
        view! {
            <input id=id data-testid=id type="date"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:change=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    let optional = move |msg: Msg| format!("{}{}", i18n.t(msg), i18n.t(Msg::ItemsOptional));

    view! {
        <form class="card raise-item" id="raise" data-testid="raise" on:submit=on_submit
            aria-labelledby="raise-heading">
            <h2 id="raise-heading">{move || i18n.t(Msg::RaiseTitle)}</h2>
            <label for="raise-unit">{move || i18n.t(Msg::ItemsUnit)}</label>
            <select id="raise-unit" data-testid="raise-unit"
                prop:value=move || unit.get()
                on:change=move |ev| unit.set(event_target_value(&ev))>
                <option value="">{move || i18n.t(Msg::RaiseChooseUnit)}</option>
                <option value=BUREAU selected=unit.get_untracked() == BUREAU>{move || i18n.t(Msg::ItemsBureau)}</option>
                {move || {
                    let chosen = unit.get_untracked();
                    unit_options(i18n.lang.get(), page.config().as_ref()).into_iter().map(|(id, label)| {
                        let selected = chosen == id;
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()
                }}
            </select>
            <label for="raise-title">{move || i18n.t(Msg::ItemsTitleField)}</label>
            <input id="raise-title" data-testid="raise-title" type="text" maxlength="200"
                autocomplete="off"
                prop:value=move || title.get()
                on:input=move |ev| title.set(event_target_value(&ev))/>
            <label for="raise-detail">{move || optional(Msg::ItemsDetail)}</label>
            <textarea id="raise-detail" data-testid="raise-detail" rows="3" maxlength="2000"
                prop:value=move || detail.get()
                on:input=move |ev| detail.set(event_target_value(&ev))></textarea>
            <div class="raise-grid">
                <div>
                    <label for="raise-source">{move || i18n.t(Msg::ItemsSource)}</label>
                    <select id="raise-source" data-testid="raise-source"
                        prop:value=move || source.get().as_str()
                        on:change=move |ev| {
                            if let Some(s) = source_named(&event_target_value(&ev)) {
                                source.set(s);
                            }
                        }>
                        {SOURCES.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=source.get_untracked() == s>
                                {move || s.name(i18n.lang.get())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="raise-group">{move || optional(Msg::ItemsRaisedBy)}</label>
                    <select id="raise-group" data-testid="raise-group"
                        prop:value=move || group.get()
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t(Msg::RaiseNoGroup)}</option>
                        {move || {
                            let chosen = group.get_untracked();
                            page.config().map(|c| c.groups.iter().map(|g| {
                                let id = g.id.to_string();
                                let selected = chosen == id;
                                view! { <option value=id selected=selected>{g.name.clone()}</option> }
                            }).collect_view())
                        }}
                    </select>
                </div>
                <div>
                    <label for="raise-owner">{move || i18n.t(Msg::ItemsOwner)}</label>
                    <input id="raise-owner" data-testid="raise-owner" type="text" maxlength="100"
                        autocomplete="off"
                        prop:value=move || owner.get()
                        on:input=move |ev| owner.set(event_target_value(&ev))/>
                </div>
                <div>
                    <label for="raise-assigned">{move || i18n.t(Msg::ItemsAssignedOn)}</label>
                    {date_input("raise-assigned", assigned)}
                </div>
                <div>
                    <label for="raise-due">{move || i18n.t(Msg::ItemsDue)}</label>
                    {date_input("raise-due", due)}
                </div>
            </div>
            <label class="check" for="raise-key">
                <input type="checkbox" id="raise-key" data-testid="raise-key"
                    prop:checked=move || key.get()
                    on:change=move |ev| key.set(event_target_checked(&ev))/>
                <span>{move || i18n.t(Msg::RaiseKey)}</span>
            </label>
            // Above the button, where the finger is: a phone keeps both in view.
            {move || problem.get().map(|words| view! {
                <p class="error" role="alert" data-testid="raise-error">{words}</p>
            })}
            {move || made.get().map(|number| {
                let shown = number.clone();
                view! {
                    <div class="saved-box" role="status" data-testid="raise-done" data-number=number>
                        <p class="saved">{move || i18n.fill(Msg::RaiseDone, &[("{number}", &shown)])}</p>
                    </div>
                }
            })}
            <button type="submit" class="primary wide" data-testid="raise-submit"
                disabled=move || submit.pending().get()>
                {move || i18n.t(Msg::RaiseSubmit)}
            </button>
        </form>
    }
}

/// Puts the raise form's title in focus (and in view), for an item raised from the console.
fn focus_raise_title() {
    #[cfg(feature = "browser")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("raise-title"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            element.scroll_into_view();
            let _ = element.focus();
        }
    }
}

// ---- What the page asks of the server (in the browser; on the server these never run) ----

/// The event's config, as JSON: the presenters' and groups' names.
async fn load_config(ctx: HostCtx) -> Result<EventConfig, Problem> {
    let lang = crate::browser::document_lang().unwrap_or_default();
    match api_bytes("GET", &ctx.path("/config"), &ctx.token, None).await {
        Ok((200, text)) => serde_json::from_str(&text)
            .map_err(|_| Problem::Refused(tr(lang, Msg::ErrGeneric).to_string())),
        Ok((401 | 403, _)) => Err(Problem::SignedOut),
        Ok((_, text)) => Err(Problem::Refused(
            crate::components::host_area::error_message(&text),
        )),
        Err(()) => Err(Problem::Offline),
    }
}

/// The summary and the overdue items, counted by unit.
async fn load_figures(ctx: HostCtx) -> Result<Figures, Problem> {
    let summary = host_get::<ItemSummary>(&ctx, "/items/summary").await?;
    let overdue = host_get::<ItemList>(&ctx, "/items?overdue=true").await?;
    Ok(Figures {
        summary,
        overdue: overdue_by_unit(&overdue.items),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item_terms::Actor;

    #[test]
    fn a_judges_point_fills_the_raise_form_with_its_first_line_as_the_title() {
        let note = crate::domain::wire::SheetNote {
            judge: "j05".into(),
            judge_name: "最美退役军人代表乙".into(),
            group: "exemplary".into(),
            group_name: "最美退役军人".into(),
            presenter: "shinan".into(),
            presenter_name: "市南区退役军人事务局".into(),
            text: "\n  夜间值守要加强  \n具体是社区服务站晚上没人。".into(),
            at: "2026-07-06T10:00:00+08:00".into(),
        };
        let fill = raise_from_note(&note);
        assert_eq!(fill.unit, "shinan");
        assert_eq!(fill.title, "夜间值守要加强");
        assert_eq!(fill.detail, "夜间值守要加强  \n具体是社区服务站晚上没人。");
        assert_eq!(fill.source, ItemSource::Representative);
        assert_eq!(fill.group, "exemplary");
        // What the form then sends is a valid new item once the owner and dates are in.
        let form = RaiseForm {
            unit: fill.unit,
            title: fill.title,
            detail: fill.detail,
            source: fill.source,
            group: fill.group,
            owner: "张科长".into(),
            assigned_on: "2026-07-06".into(),
            due: "2026-09-30".into(),
            key: false,
        };
        let body = raise_body(&form).unwrap();
        assert_eq!(body.raised_by.as_deref(), Some("exemplary"));
        assert_eq!(body.presenter.as_deref(), Some("shinan"));

        let long = crate::domain::wire::SheetNote {
            text: "长".repeat(300),
            ..note
        };
        let max = crate::domain::limits::MAX_TITLE_CHARS;
        assert_eq!(raise_from_note(&long).title.chars().count(), max);
    }

    fn form() -> RaiseForm {
        RaiseForm {
            unit: "jiaozhou".into(),
            title: " 社区养老服务站夜间无人值守 ".into(),
            detail: "  ".into(),
            source: ItemSource::Representative,
            group: "care".into(),
            owner: "王强".into(),
            assigned_on: "2026-10-10".into(),
            due: "2026-12-31".into(),
            key: true,
        }
    }

    fn entry(kind: EntryKind, from: ItemStatus, to: ItemStatus) -> ItemEntryView {
        ItemEntryView {
            kind,
            from,
            to,
            at: "2026-10-10T09:00:00+08:00".into(),
            by: Actor::Host,
            reason: None,
            note: None,
            due: None,
            vote: None,
            event: None,
        }
    }

    #[test]
    fn a_rate_reads_as_a_percent_with_one_decimal_rounded_half_up() {
        assert_eq!(percent("0.9706").as_deref(), Some("97.1%"));
        assert_eq!(percent("0.9704").as_deref(), Some("97.0%"));
        assert_eq!(percent("0.9705").as_deref(), Some("97.1%"));
        assert_eq!(percent("1.0000").as_deref(), Some("100.0%"));
        assert_eq!(percent("0.0000").as_deref(), Some("0.0%"));
        assert_eq!(percent("0.5").as_deref(), Some("50.0%"));
        assert_eq!(percent("1").as_deref(), Some("100.0%"));
        for bad in ["", ".5", "abc", "0.97061", "-0.5", "0,97", "1e2"] {
            assert_eq!(percent(bad), None, "{bad}");
        }
        assert_eq!(rate_text(None), "—");
        assert_eq!(rate_text(Some("0.3333")), "33.3%");
    }

    #[test]
    fn in_progress_leaves_out_done_withdrawn_and_long_term_items() {
        let figures = ItemFigures {
            total: 10,
            closed: 4,
            withdrawn: 1,
            long_term: 2,
            ..ItemFigures::default()
        };
        assert_eq!(in_progress(&figures), 3);
        assert_eq!(in_progress(&ItemFigures::default()), 0);
    }

    #[test]
    fn the_moves_offered_are_the_paths_and_three_of_them_ask_why() {
        use ItemStatus::*;
        assert_eq!(
            offered_moves(Assigned),
            [InProgress, Reported, LongTerm, Withdrawn]
        );
        assert_eq!(offered_moves(Reported), [Accepted, Returned, Withdrawn]);
        assert_eq!(offered_moves(LongTerm), [InProgress, Reported, Withdrawn]);
        assert!(offered_moves(Accepted).is_empty(), "a vote moves it");
        assert!(offered_moves(Closed).is_empty());
        assert!(offered_moves(Withdrawn).is_empty());
        let asking: Vec<ItemStatus> = ItemStatus::ALL
            .into_iter()
            .filter(|s| needs_reason(*s))
            .collect();
        assert_eq!(asking, [Returned, LongTerm, Withdrawn]);
        assert!(needs_promised_date(LongTerm) && !needs_promised_date(Returned));
    }

    #[test]
    fn a_move_needs_its_reason_and_long_term_a_later_promised_date() {
        use ItemStatus::*;
        assert_eq!(
            move_body(Returned, "  ", "", "2026-12-31"),
            Err(Msg::ItemsNeedReason)
        );
        assert_eq!(
            move_body(LongTerm, "要跨年", "2026-12-31", "2026-12-31"),
            Err(Msg::ItemsNeedPromised)
        );
        assert_eq!(
            move_body(LongTerm, "要跨年", "", "2026-12-31"),
            Err(Msg::ItemsNeedPromised)
        );
        let long = move_body(LongTerm, " 要跨年 ", "2027-06-30", "2026-12-31").unwrap();
        assert_eq!(long.reason.as_deref(), Some("要跨年"));
        assert_eq!(long.due.as_deref(), Some("2027-06-30"));
        let plain = move_body(InProgress, "", "2027-06-30", "2026-12-31").unwrap();
        assert_eq!(
            (plain.to, plain.reason, plain.due),
            (InProgress, None, None)
        );
        // What is sent is the contract's body, which the server takes as it is.
        let sent = serde_json::to_value(&long).unwrap();
        assert_eq!(sent["to"], "long_term");
        let read: TransitionBody = serde_json::from_value(sent).unwrap();
        assert!(read.validated().is_ok());
    }

    #[test]
    fn an_extension_needs_a_later_date_and_a_reason() {
        assert_eq!(
            extend_body("2026-12-31", "材料未齐", "2026-12-31"),
            Err(Msg::ItemsNeedLaterDue)
        );
        assert_eq!(
            extend_body("", "材料未齐", "2026-12-31"),
            Err(Msg::ItemsNeedLaterDue)
        );
        assert_eq!(
            extend_body("2027-01-31", " ", "2026-12-31"),
            Err(Msg::ItemsNeedReason)
        );
        let body = extend_body("2027-01-31", " 材料未齐 ", "2026-12-31").unwrap();
        assert_eq!(
            (body.due.as_str(), body.reason.as_str()),
            ("2027-01-31", "材料未齐")
        );
        assert_eq!(note_body("  "), Err(Msg::ItemsNeedNote));
        assert_eq!(note_body(" 已走访 ").unwrap().text, "已走访");
    }

    #[test]
    fn a_vote_is_whole_counts_at_least_one_and_not_too_many() {
        let typed = |a: &str, b: &str, c: &str, d: &str| {
            typed_tally(&[a.into(), b.into(), c.into(), d.into()])
        };
        assert_eq!(
            typed("9", "2", "", " 1 "),
            Ok(Tally {
                satisfied: 9,
                basically_satisfied: 2,
                unsatisfied: 0,
                abstain: 1
            })
        );
        assert_eq!(typed("", "", "", ""), Err(Msg::ItemsNeedVotes));
        assert_eq!(typed("0", "0", "0", "0"), Err(Msg::ItemsNeedVotes));
        assert_eq!(typed("1.5", "", "", ""), Err(Msg::ItemsNeedVotes));
        assert_eq!(typed("-1", "", "", ""), Err(Msg::ItemsNeedVotes));
        assert_eq!(typed("600", "401", "", ""), Err(Msg::ItemsNeedVotes));
        assert!(typed("600", "400", "", "").is_ok());
    }

    #[test]
    fn the_filters_make_the_lists_query() {
        assert_eq!(filter_query(&Filters::default()), "");
        let all = Filters {
            unit: Some(BUREAU.into()),
            status: Some(ItemStatus::InProgress),
            source: Some(ItemSource::HostRemarks),
            overdue_only: true,
        };
        assert_eq!(
            filter_query(&all),
            "?unit=bureau&status=in_progress&source=host_remarks&overdue=true"
        );
        let odd = Filters {
            unit: Some("a b".into()),
            ..Filters::default()
        };
        assert_eq!(filter_query(&odd), "?unit=a%20b");
        assert_eq!(status_named("long_term"), Some(ItemStatus::LongTerm));
        assert_eq!(status_named(""), None);
        assert_eq!(source_named("other"), Some(ItemSource::Other));
        assert_eq!(source_named("nope"), None);
    }

    #[test]
    fn the_raise_form_names_what_is_missing_in_its_order() {
        let body = raise_body(&form()).unwrap();
        assert_eq!(body.presenter.as_deref(), Some("jiaozhou"));
        assert_eq!(body.title, "社区养老服务站夜间无人值守");
        assert_eq!(body.detail, "");
        assert_eq!(body.raised_by.as_deref(), Some("care"));
        assert!(body.number.is_empty(), "the server numbers it");
        assert!(body.key);

        let bureau = raise_body(&RaiseForm {
            unit: BUREAU.into(),
            group: String::new(),
            ..form()
        })
        .unwrap();
        assert_eq!((bureau.presenter, bureau.raised_by), (None, None));

        let with = |change: fn(&mut RaiseForm)| {
            let mut f = form();
            change(&mut f);
            raise_body(&f)
        };
        assert_eq!(with(|f| f.unit.clear()), Err(Msg::RaiseNeedUnit));
        assert_eq!(with(|f| f.title = " ".into()), Err(Msg::RaiseNeedTitle));
        assert_eq!(with(|f| f.owner.clear()), Err(Msg::RaiseNeedOwner));
        assert_eq!(with(|f| f.due.clear()), Err(Msg::RaiseNeedDue));
        assert_eq!(
            with(|f| f.assigned_on = "10/10/2026".into()),
            Err(Msg::RaiseNeedAssigned)
        );
        assert_eq!(
            with(|f| f.due = "2026-10-09".into()),
            Err(Msg::RaiseDueBeforeAssigned)
        );
        assert!(
            with(|f| f.due = "2026-10-10".into()).is_ok(),
            "due the same day"
        );
    }

    #[test]
    fn a_refusal_is_said_in_words_by_its_code() {
        assert_eq!(step_problem(409, "bad_transition"), Msg::ItemsBadTransition);
        assert_eq!(step_problem(409, "due_not_later"), Msg::ItemsDueNotLater);
        assert_eq!(step_problem(409, "unchanged"), Msg::ItemsUnchanged);
        assert_eq!(step_problem(400, "bad_request"), Msg::ItemsFieldsBad);
        assert_eq!(step_problem(401, "unknown_token"), Msg::HostPagesSignIn);
        assert_eq!(step_problem(404, "not_found"), Msg::ErrNotFound);
        let body = r#"{"error":{"code":"bad_request","message":"x","fields":[
            {"field":"title","message":"cannot be empty"},
            {"field":"due","message":"bad"},
            {"field":"title","message":"again"}]}}"#;
        assert_eq!(
            fields_words(Lang::Zh, body),
            "这几项没填对：事项标题、办理期限。请检查后重试。"
        );
        assert_eq!(
            fields_words(Lang::En, "{}"),
            tr(Lang::En, Msg::ItemsFieldsBad)
        );
    }

    #[test]
    fn units_are_named_never_by_id() {
        let demo = crate::domain::demo_event();
        let p = &demo.presenters[0];
        assert_eq!(
            unit_label(Lang::Zh, Some(&demo), Some(p.id.as_str())),
            format!("{}（{}）", p.unit, p.name)
        );
        assert_eq!(
            unit_label(Lang::En, Some(&demo), Some(p.id.as_str())),
            format!("{} ({})", p.unit, p.name)
        );
        assert_eq!(unit_label(Lang::Zh, Some(&demo), None), "市局本级");
        assert_eq!(unit_label(Lang::En, None, None), "The city bureau itself");
        assert_eq!(unit_label(Lang::Zh, None, Some("jiaozhou")), "—");
        assert_eq!(unit_label(Lang::Zh, Some(&demo), Some("nobody")), "—");
        let options = unit_options(Lang::Zh, Some(&demo));
        assert_eq!(options.len(), demo.presenters.len());
    }

    #[test]
    fn each_history_entry_says_what_happened_in_words() {
        use ItemStatus::*;
        let mut raised = entry(EntryKind::Raised, Assigned, Assigned);
        raised.due = Some("2026-12-31".into());
        assert_eq!(entry_words(Lang::Zh, &raised), "交办，期限 2026-12-31");
        assert_eq!(
            entry_words(Lang::Zh, &entry(EntryKind::Moved, Assigned, InProgress)),
            "从“已交办”改为“办理中”"
        );
        let mut long = entry(EntryKind::Moved, InProgress, LongTerm);
        long.due = Some("2027-06-30".into());
        assert_eq!(
            entry_words(Lang::Zh, &long),
            "从“办理中”改为“长期推进”；承诺 2027-06-30 前完成"
        );
        let mut voted = entry(EntryKind::Voted, Accepted, Closed);
        voted.vote = Some(Tally {
            satisfied: 9,
            basically_satisfied: 2,
            unsatisfied: 1,
            abstain: 0,
        });
        assert_eq!(
            entry_words(Lang::Zh, &voted),
            "代表表决：满意 9，基本满意 2，不满意 1，弃权 0；从“已办结”改为“已销号”"
        );
        assert_eq!(
            entry_words(Lang::En, &voted),
            "Representatives' vote: Satisfied 9, Basically satisfied 2, Unsatisfied 1, Abstain 0. From “Accepted” to “Closed”"
        );
        let mut extended = entry(EntryKind::Extended, InProgress, InProgress);
        extended.due = Some("2027-01-31".into());
        assert_eq!(entry_words(Lang::Zh, &extended), "期限延至 2027-01-31");
    }

    #[test]
    fn overdue_items_are_counted_by_their_unit() {
        let item = |presenter: Option<&str>, flags: Vec<ItemFlag>| ItemView {
            id: "x".into(),
            event: "demo".into(),
            number: "2026Q4-001".into(),
            presenter: presenter.map(Into::into),
            title: "t".into(),
            detail: String::new(),
            source: ItemSource::Other,
            raised_by: None,
            owner: "o".into(),
            assigned_on: "2026-10-10".into(),
            due: "2026-10-11".into(),
            dues: vec!["2026-10-11".into()],
            key: false,
            behind_plan: false,
            status: ItemStatus::InProgress,
            flags,
            vote: None,
            history: Vec::new(),
        };
        let counts = overdue_by_unit(&[
            item(Some("a"), vec![ItemFlag::Overdue, ItemFlag::BehindPlan]),
            item(Some("a"), vec![ItemFlag::Overdue]),
            item(None, vec![ItemFlag::Overdue]),
            item(Some("b"), vec![ItemFlag::DueSoon]),
        ]);
        assert_eq!(counts.get(&Some("a".to_string())), Some(&2));
        assert_eq!(counts.get(&None), Some(&1));
        assert_eq!(counts.get(&Some("b".to_string())), None);
    }
}
