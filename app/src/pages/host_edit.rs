//! The host's event editor (`/host/edit`): every field of an event's config in a form,
//! checked as the host types, each problem beside its field, saved as one replacement.

use crate::browser::{api_bytes, host_call};
use crate::components::download::DownloadButton;
use crate::components::host_area::{
    error_code, host_ctx, host_error_msg, host_get, named_event, HostCtx, HostNav, HostSection,
    Problem, ProblemNotice,
};
use crate::domain::event::{
    field_label, ConfigError, ConfigProblem, Criterion, Duration, Group, GroupWeighting, Judge,
    ListKind, Presenter, TieBreak, TrimScope, Weight,
};
use crate::domain::items::Share;
use crate::domain::score::{format_scaled, scaled_from_str};
use crate::domain::wire::{ErrorBody, EventState, EventSummary, FieldError};
use crate::domain::{EventConfig, Id, Lang, Score};
use crate::i18n::{tr, use_i18n, I18n, Msg};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

// ---- What the page reads and writes, worked out without the page ----

/// Text as a Chinese keyboard may type it, with the ASCII a number needs: full-width
/// digits, `：`, `。`, `，` and `％` become `0`–`9`, `:`, `.`, `,` and `%`.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '：' => ':',
            '。' | '．' => '.',
            '，' | '、' => ',',
            '％' => '%',
            other => other,
        })
        .collect()
}

/// A phase length as a host types it: `10:00`, `8:30`, `8分30秒`, `90秒`, or a plain
/// number of minutes (`10`). `None` when it cannot be read.
pub fn parse_phase(text: &str) -> Option<Duration> {
    let text = half_width(text);
    let text = text.trim().replace("分钟", "分");
    if text.contains(':') {
        return Duration::parse(&text).ok();
    }
    let number = |t: &str| -> Option<u32> {
        let t = t.trim();
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (minutes, seconds) = match text.split_once('分') {
        Some((m, rest)) => {
            let rest = rest.trim();
            let s = match rest.strip_suffix('秒') {
                Some(s) => number(s)?,
                None if rest.is_empty() => 0,
                None => number(rest)?,
            };
            (number(m)?, s)
        }
        None => match text.strip_suffix('秒') {
            Some(s) => (0, number(s)?),
            None => (number(&text)?, 0),
        },
    };
    if seconds >= 60 && minutes > 0 {
        return None;
    }
    minutes
        .checked_mul(60)
        .and_then(|m| m.checked_add(seconds))
        .map(Duration)
}

/// The timer cues as the host reads and types them: seconds left, `60, 0`.
pub fn cues_text(cues: &[u32]) -> String {
    cues.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Typed cues: seconds left separated by commas or spaces (`60，0`), each also as
/// `1:30`; empty is no cue. `None` when one cannot be read.
pub fn parse_cues(text: &str) -> Option<Vec<u32>> {
    half_width(text)
        .split([',', ' ', ';', '；'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            if part.contains(':') {
                Duration::parse(part).ok().map(Duration::secs)
            } else {
                parse_count(part)
            }
        })
        .collect()
}

/// A whole number of at least 0, as typed.
pub fn parse_count(text: &str) -> Option<u32> {
    let text = half_width(text);
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A whole number, or nothing when the box is left empty.
pub fn parse_optional_count(text: &str) -> Option<Option<u32>> {
    if text.trim().is_empty() {
        Some(None)
    } else {
        parse_count(text).map(Some)
    }
}

/// A score bound or step as typed: `10`, `0.5`, `0。5`.
pub fn parse_score(text: &str) -> Option<Score> {
    Score::parse(&half_width(text)).ok()
}

/// A group's weight as typed: a decimal from 0 to 1 (`0.4`) or a percentage (`40%`);
/// empty is no weight yet.
pub fn parse_weight(text: &str) -> Option<Option<Weight>> {
    let text = half_width(text);
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    // A percentage has two decimals fewer: 40% is 0.4, 12.5% is 0.125.
    let scaled = match text.strip_suffix('%') {
        Some(percent) => scaled_from_str(percent.trim(), 2),
        None => scaled_from_str(text, 4),
    }
    .ok()?;
    (0..=i64::from(Weight::ONE))
        .contains(&scaled)
        .then_some(Some(Weight(scaled as u32)))
}

/// A weight as the host reads it: `0.4`, `0.125`, `1`.
pub fn weight_text(weight: Weight) -> String {
    let text = format_scaled(i64::from(weight.0), 4);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The lowest free id of `prefix` and a number: `p1`, `p2`, …, not among `taken`.
pub fn fresh_id<'a>(prefix: &str, taken: impl IntoIterator<Item = &'a Id>) -> Id {
    let taken: BTreeSet<&str> = taken.into_iter().map(Id::as_str).collect();
    let free = (1u32..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_default();
    Id::parse(&free).expect("a lowercase letter and digits make an id")
}

/// A new presenter at the end, nameless so the form asks for one; when the others have a
/// speaking order, it speaks last.
pub fn add_presenter(config: &mut EventConfig) {
    let id = fresh_id(
        "p",
        config
            .presenters
            .iter()
            .map(|p| &p.id)
            .chain(config.judges.iter().flat_map(|j| &j.recused)),
    );
    let order = config
        .presenters
        .iter()
        .any(|p| p.order.is_some())
        .then(|| config.presenters.len() as u32 + 1);
    config.presenters.push(Presenter {
        id,
        name: String::new(),
        unit: String::new(),
        order,
        last_rank: None,
        summary: None,
    });
}

/// Removes a presenter, from the judges' recusals too, and closes the gap it leaves in the
/// speaking order.
pub fn remove_presenter(config: &mut EventConfig, id: &Id) {
    config.presenters.retain(|p| &p.id != id);
    for judge in &mut config.judges {
        judge.recused.retain(|r| r != id);
    }
    let mut ordered: Vec<(u32, usize)> = config
        .presenters
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.order.map(|o| (o, i)))
        .collect();
    ordered.sort();
    for (place, (_, i)) in ordered.into_iter().enumerate() {
        config.presenters[i].order = Some(place as u32 + 1);
    }
}

/// A new judge in the first group; `false` when there is no group to put one in.
pub fn add_judge(config: &mut EventConfig) -> bool {
    let Some(group) = config.groups.first().map(|g| g.id.clone()) else {
        return false;
    };
    let id = fresh_id("j", config.judges.iter().map(|j| &j.id));
    config.judges.push(Judge {
        id,
        name: String::new(),
        group,
        recused: Vec::new(),
    });
    true
}

pub fn remove_judge(config: &mut EventConfig, id: &Id) {
    config.judges.retain(|j| &j.id != id);
}

/// A new group, nameless. Its id is none a judge or a tie-break step still names, so a
/// judge of a removed group never lands in the new one unasked.
pub fn add_group(config: &mut EventConfig) {
    let named: Vec<Id> = config
        .aggregation
        .tie_break
        .iter()
        .filter_map(|t| match t {
            TieBreak::Group(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    let id = fresh_id(
        "g",
        config
            .groups
            .iter()
            .map(|g| &g.id)
            .chain(config.judges.iter().map(|j| &j.group))
            .chain(&named),
    );
    config.groups.push(Group {
        id,
        name: String::new(),
        weight: None,
    });
}

/// Removes a group and the tie-break steps on its subtotal; its judges stay, to be given
/// another group.
pub fn remove_group(config: &mut EventConfig, id: &Id) {
    config.groups.retain(|g| &g.id != id);
    config
        .aggregation
        .tie_break
        .retain(|t| *t != TieBreak::Group(id.clone()));
}

/// A new criterion, nameless, scored 0 to 10 in whole points.
pub fn add_criterion(config: &mut EventConfig) {
    let id = fresh_id("c", config.criteria.iter().map(|c| &c.id));
    config.criteria.push(Criterion {
        id,
        name: String::new(),
        min: Score::ZERO,
        max: Score::from_hundredths(1_000),
        step: Score::from_hundredths(100),
        description: None,
    });
}

pub fn remove_criterion(config: &mut EventConfig, id: &Id) {
    config.criteria.retain(|c| &c.id != id);
}

/// Equal shares of 1 for `n` groups, adding up to exactly 1: the first ones take the
/// ten-thousandths left over.
pub fn equal_weights(n: usize) -> Vec<Weight> {
    if n == 0 {
        return Vec::new();
    }
    let (share, left) = (Weight::ONE / n as u32, Weight::ONE % n as u32);
    (0..n as u32)
        .map(|i| Weight(share + u32::from(i < left)))
        .collect()
}

/// Changes how groups make the final score: custom weights start as equal shares (unless
/// every group has one already), and the other modes take no weight.
pub fn set_weighting(config: &mut EventConfig, mode: GroupWeighting) {
    config.aggregation.group_weighting = mode;
    if mode == GroupWeighting::Custom {
        if config.groups.iter().any(|g| g.weight.is_none()) {
            let shares = equal_weights(config.groups.len());
            for (group, share) in config.groups.iter_mut().zip(shares) {
                group.weight = Some(share);
            }
        }
    } else {
        for group in &mut config.groups {
            group.weight = None;
        }
    }
}

/// A step for the tie-break chain: the first of the untrimmed mean, each group's subtotal
/// and "shared" that the chain lacks, put before a closing "shared".
pub fn add_tie_break(config: &mut EventConfig) {
    let chain = &config.aggregation.tie_break;
    let candidates = std::iter::once(TieBreak::UntrimmedMean)
        .chain(config.groups.iter().map(|g| TieBreak::Group(g.id.clone())))
        .chain(std::iter::once(TieBreak::Shared));
    let Some(step) = candidates.into_iter().find(|t| !chain.contains(t)) else {
        return;
    };
    let chain = &mut config.aggregation.tie_break;
    if step != TieBreak::Shared && chain.last() == Some(&TieBreak::Shared) {
        chain.insert(chain.len() - 1, step);
    } else {
        chain.push(step);
    }
}

/// The saved config with only the draft's words in it: the title, and the names (units,
/// summaries, descriptions) of items the saved config has. What may still be sent once the
/// event has started.
pub fn keep_words(saved: &EventConfig, draft: &EventConfig) -> EventConfig {
    let mut out = saved.clone();
    out.title = draft.title.clone();
    for p in &mut out.presenters {
        if let Some(d) = draft.presenter(p.id.as_str()) {
            p.name = d.name.clone();
            p.unit = d.unit.clone();
            p.summary = d.summary.clone();
        }
    }
    for j in &mut out.judges {
        if let Some(d) = draft.judge(j.id.as_str()) {
            j.name = d.name.clone();
        }
    }
    for g in &mut out.groups {
        if let Some(d) = draft.group(g.id.as_str()) {
            g.name = d.name.clone();
        }
    }
    for c in &mut out.criteria {
        if let Some(d) = draft.criterion(c.id.as_str()) {
            c.name = d.name.clone();
            c.description = d.description.clone();
        }
    }
    out
}

/// Names the check of a config lets pass but a host should not leave out: a group or a
/// criterion without one is a blank on the big screen and the judges' phones.
pub fn missing_names(config: &EventConfig) -> Vec<(String, Msg)> {
    let groups = config
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.name.trim().is_empty())
        .map(|(i, _)| (format!("groups[{i}].name"), Msg::EditGroupNameEmpty));
    let criteria = config
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name.trim().is_empty())
        .map(|(i, _)| (format!("criteria[{i}].name"), Msg::EditCriterionNameEmpty));
    groups.chain(criteria).collect()
}

/// Whether a problem of `field` is shown beside the input of `path`: its own, or one of
/// its parts' (`judges[0].recused[2]` beside the recusals of `judges[0]`).
pub fn is_beside(field: &str, path: &str) -> bool {
    field == path
        || field
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The id of the element a problem of `field` is about, to go to it from the list of
/// problems; `None` when the form has no place for it.
pub fn element_for(field: &str, config: &EventConfig) -> Option<String> {
    let (head, part) = match field.split_once('.') {
        Some((head, part)) => (head, Some(part)),
        None => (field, None),
    };
    let Some((list, rest)) = head.split_once('[') else {
        return (!field.is_empty()).then(|| top_element(field));
    };
    let index: usize = rest.strip_suffix(']')?.parse().ok()?;
    let kind = ListKind::ALL.into_iter().find(|k| k.key() == list)?;
    let id = match kind {
        ListKind::Presenters => config.presenters.get(index).map(|p| &p.id),
        ListKind::Groups => config.groups.get(index).map(|g| &g.id),
        ListKind::Judges => config.judges.get(index).map(|j| &j.id),
        ListKind::Criteria => config.criteria.get(index).map(|c| &c.id),
    }?;
    Some(match part.map(|p| p.split('[').next().unwrap_or(p)) {
        None | Some("id") => row_element(kind, id),
        Some(part) => item_element(kind, id, part),
    })
}

fn top_element(path: &str) -> String {
    let mut out = String::from("edit-");
    for c in path.chars() {
        match c {
            '.' | '_' | '[' => out.push('-'),
            ']' => {}
            c => out.push(c),
        }
    }
    out
}

// An item's id may hold `-`, never `.`: dots keep `edit-presenters.a.unit` (the unit of
// item `a`) apart from `edit-presenters.a-unit` (the row of item `a-unit`).
fn row_element(kind: ListKind, id: &Id) -> String {
    format!("edit-{}.{id}", kind.key())
}

fn item_element(kind: ListKind, id: &Id, part: &str) -> String {
    format!("edit-{}.{id}.{}", kind.key(), part.replace('_', "-"))
}

/// A problem's words beside its field, where the field's name is already in view.
pub fn beside_words(error: &ConfigError, lang: Lang) -> String {
    if let Some(msg) = own_words(error) {
        return tr(lang, msg).to_string();
    }
    match &error.problem {
        Some(problem) => problem.say(lang),
        None => error.message.clone(),
    }
}

/// A problem's words in the list above the save button: the field in plain words, then
/// the problem.
pub fn summary_words(error: &ConfigError, config: &EventConfig, lang: Lang) -> String {
    match own_words(error) {
        Some(msg) => labelled(
            &field_label(&error.field, config, lang),
            tr(lang, msg),
            lang,
        ),
        None => error.say(config, lang),
    }
}

/// The page's own words for a problem whose general words would show an id: a judge or a
/// step whose group was removed is asked for a group.
fn own_words(error: &ConfigError) -> Option<Msg> {
    match error.problem {
        Some(ConfigProblem::UnknownGroup(_)) => Some(Msg::EditChooseGroup),
        _ => None,
    }
}

fn labelled(label: &str, words: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{label}：{words}"),
        Lang::En => format!("{label}: {words}"),
    }
}

/// What the server said to a save.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveAnswer {
    Saved,
    /// The config's problems, one per field.
    Invalid(Vec<FieldError>),
    /// The event has started: only words may change.
    Started,
    /// A rehearsal is on: only words may change.
    RehearsalOn,
    SignedOut,
    Offline,
    /// Any other refusal, in the host's words.
    Refused(Msg),
}

/// Reads the answer to `PUT …/config`.
pub fn save_answer(answer: Result<(u16, String), ()>) -> SaveAnswer {
    let (status, text) = match answer {
        Ok(answer) => answer,
        Err(()) => return SaveAnswer::Offline,
    };
    let code = error_code(&text);
    match (status, code.as_str()) {
        (200, _) => SaveAnswer::Saved,
        (401 | 403, _) => SaveAnswer::SignedOut,
        (_, "invalid_config") => SaveAnswer::Invalid(
            serde_json::from_str::<ErrorBody>(&text)
                .ok()
                .and_then(|b| b.error.fields)
                .unwrap_or_default(),
        ),
        (_, "event_started") => SaveAnswer::Started,
        (_, "rehearsal_on") => SaveAnswer::RehearsalOn,
        (_, code) => SaveAnswer::Refused(host_error_msg(code)),
    }
}

/// A server's problem with the config in the host's language: the local check's words
/// when it found the same, else the field in plain words and the server's message.
pub fn server_words(
    error: &FieldError,
    local: &[ConfigError],
    config: &EventConfig,
    lang: Lang,
) -> String {
    if let Some(found) = local.iter().find(|e| e.field == error.field) {
        return summary_words(found, config, lang);
    }
    if error.field.is_empty() {
        return error.message.clone();
    }
    labelled(
        &field_label(&error.field, config, lang),
        &error.message,
        lang,
    )
}

// ---- The state the form works on ----

/// Where an input is: a field of the config itself by its path, or a field of a list's
/// item by the item's id (its place in the list changes as items are removed).
#[derive(Clone, Debug, PartialEq, Eq)]
enum At {
    Top(String),
    Item(ListKind, Id, &'static str),
}

impl At {
    /// The field's path in the config as it is now: `presenters[2].name`.
    fn path(&self, config: &EventConfig) -> Option<String> {
        match self {
            At::Top(path) => Some(path.clone()),
            At::Item(kind, id, part) => {
                let index = match kind {
                    ListKind::Presenters => config.presenters.iter().position(|p| &p.id == id),
                    ListKind::Groups => config.groups.iter().position(|g| &g.id == id),
                    ListKind::Judges => config.judges.iter().position(|j| &j.id == id),
                    ListKind::Criteria => config.criteria.iter().position(|c| &c.id == id),
                }?;
                Some(format!("{}[{index}].{part}", kind.key()))
            }
        }
    }

    /// The input's element id, the same while the host edits.
    fn element_id(&self) -> String {
        match self {
            At::Top(path) => top_element(path),
            At::Item(kind, id, part) => item_element(*kind, id, part),
        }
    }
}

/// Text boxes that cannot be read, by element id: where, and what to say.
type Unreadable = BTreeMap<String, (At, Msg)>;

/// The form's state, shared by its parts.
#[derive(Clone, Copy)]
struct Editor {
    draft: RwSignal<EventConfig>,
    /// What the check of the config finds.
    problems: Memo<Vec<ConfigError>>,
    /// Names left out that the check lets pass (see [`missing_names`]).
    unnamed: Memo<Vec<(String, Msg)>>,
    unreadable: RwSignal<Unreadable>,
    /// After the start or during a rehearsal: only words may change.
    locked: Signal<bool>,
}

impl Editor {
    fn edit(self, f: impl FnOnce(&mut EventConfig)) {
        self.draft.update(f);
    }

    /// Everything to fix before a save.
    fn count(self) -> usize {
        self.problems.with(Vec::len)
            + self.unnamed.with(Vec::len)
            + self.unreadable.with(BTreeMap::len)
    }

    fn forget_unreadable(self, key: &str) {
        if self.unreadable.with_untracked(|u| u.contains_key(key)) {
            self.unreadable.update(|u| {
                u.remove(key);
            });
        }
    }
}

fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// An item of one of the config's lists, as the form edits it.
trait Listed: Clone + PartialEq + Send + Sync + 'static {
    const KIND: ListKind;
    /// The start of its test ids: `presenter-name-0`.
    const TESTID: &'static str;
    fn list(config: &EventConfig) -> &[Self];
    fn list_mut(config: &mut EventConfig) -> &mut Vec<Self>;
    fn id(&self) -> &Id;
}

/// Each list of the config as a `Listed`: its kind, test id stem and field.
macro_rules! listed {
    ($($item:ty => $kind:ident, $testid:literal, $field:ident;)*) => {$(
        impl Listed for $item {
            const KIND: ListKind = ListKind::$kind;
            const TESTID: &'static str = $testid;
            fn list(config: &EventConfig) -> &[Self] {
                &config.$field
            }
            fn list_mut(config: &mut EventConfig) -> &mut Vec<Self> {
                &mut config.$field
            }
            fn id(&self) -> &Id {
                &self.id
            }
        }
    )*};
}

listed! {
    Presenter => Presenters, "presenter", presenters;
    Judge => Judges, "judge", judges;
    Group => Groups, "group", groups;
    Criterion => Criteria, "criterion", criteria;
}

/// One item of a list and its place, followed through the host's edits; a change to
/// another item does not wake this one's inputs.
struct Row<L: Listed> {
    id: StoredValue<Id>,
    item: Memo<Option<(usize, L)>>,
}

// By hand: a derive would ask the item itself to be `Copy`.
impl<L: Listed> Clone for Row<L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L: Listed> Copy for Row<L> {}

impl<L: Listed> Row<L> {
    fn new(ed: Editor, id: Id) -> Row<L> {
        let wanted = id.clone();
        let item = Memo::new(move |_| {
            ed.draft.with(|c| {
                L::list(c)
                    .iter()
                    .position(|x| *x.id() == wanted)
                    .map(|i| (i, L::list(c)[i].clone()))
            })
        });
        Row {
            id: StoredValue::new(id),
            item,
        }
    }

    fn index(self) -> usize {
        self.item.with(|r| r.as_ref().map_or(0, |(i, _)| *i))
    }

    fn at(self, part: &'static str) -> At {
        At::Item(L::KIND, self.id.get_value(), part)
    }

    fn path(self, part: &'static str) -> Signal<Option<String>> {
        let item = self.item;
        Signal::derive(move || {
            item.with(|r| {
                r.as_ref()
                    .map(|(i, _)| format!("{}[{i}].{part}", L::KIND.key()))
            })
        })
    }

    /// `presenter-last-rank-2`.
    fn testid(self, part: &'static str) -> Signal<String> {
        Signal::derive(move || format!("{}-{}-{}", L::TESTID, part.replace('_', "-"), self.index()))
    }

    fn get<T: Clone + Default + Send + Sync + 'static>(self, f: fn(&L) -> T) -> Signal<T> {
        let item = self.item;
        Signal::derive(move || item.with(|r| r.as_ref().map(|(_, x)| f(x)).unwrap_or_default()))
    }

    fn set<T: Send + Sync + 'static>(self, ed: Editor, f: fn(&mut L, T)) -> Callback<T> {
        let id = self.id;
        Callback::new(move |value: T| {
            let id = id.get_value();
            ed.edit(|c| {
                if let Some(x) = L::list_mut(c).iter_mut().find(|x| *x.id() == id) {
                    f(x, value);
                }
            });
        })
    }

    /// `{legend} {n}` in the host's language: `第 3 位述职人`.
    fn legend(self, i18n: I18n, msg: Msg) -> impl Fn() -> String + Send + Sync + 'static {
        move || i18n.fill(msg, &[("{n}", &(self.index() + 1).to_string())])
    }
}

/// A field of the config itself: its value, kept from waking inputs when another field
/// changes, and how to change it.
fn top<T: Clone + PartialEq + Send + Sync + 'static>(
    ed: Editor,
    get: fn(&EventConfig) -> T,
    set: fn(&mut EventConfig, T),
) -> (Signal<T>, Callback<T>) {
    let value = Memo::new(move |_| ed.draft.with(get));
    let change = Callback::new(move |v: T| ed.edit(|c| set(c, v)));
    (value.into(), change)
}

// ---- The form's inputs ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One line, with the keyboard a phone should show (`text`, `numeric`, `decimal`).
    Line(&'static str),
    Area,
    Date,
}

/// A text box: what it edits, and how its text reads as the value and the value shows.
struct TextBox<T: Send + Sync + 'static> {
    at: At,
    path: Signal<Option<String>>,
    testid: Signal<String>,
    label: Signal<String>,
    hint: Option<Msg>,
    value: Signal<T>,
    set: Callback<T>,
    show: fn(&T) -> String,
    read: fn(&str) -> Option<T>,
    /// What to say when the text cannot be read.
    unreadable: Msg,
    shape: Shape,
    /// A word correction: open after the start too.
    word: bool,
}

/// Plain text: any text reads as itself.
fn words(label: Signal<String>, at: At, path: Signal<Option<String>>) -> TextBoxWords {
    TextBoxWords { label, at, path }
}

/// The parts of a text box of words that differ from one to another.
struct TextBoxWords {
    label: Signal<String>,
    at: At,
    path: Signal<Option<String>>,
}

impl TextBoxWords {
    fn line(
        self,
        testid: Signal<String>,
        value: Signal<String>,
        set: Callback<String>,
    ) -> TextBox<String> {
        TextBox {
            at: self.at,
            path: self.path,
            testid,
            label: self.label,
            hint: None,
            value,
            set,
            show: String::clone,
            read: |t| Some(t.to_string()),
            unreadable: Msg::ErrGeneric,
            shape: Shape::Line("text"),
            word: true,
        }
    }

    /// Optional prose: a blank box is none.
    fn prose(
        self,
        testid: Signal<String>,
        value: Signal<Option<String>>,
        set: Callback<Option<String>>,
    ) -> TextBox<Option<String>> {
        TextBox {
            at: self.at,
            path: self.path,
            testid,
            label: self.label,
            hint: None,
            value,
            set,
            show: |v| v.clone().unwrap_or_default(),
            read: |t| Some((!t.trim().is_empty()).then(|| t.to_string())),
            unreadable: Msg::ErrGeneric,
            shape: Shape::Area,
            word: true,
        }
    }
}

/// The problems to show beside a field: the text that cannot be read, and what the checks
/// find there (and, with `parts`, in its parts: a judge's recusals).
fn notes_of(
    ed: Editor,
    key: String,
    path: Signal<Option<String>>,
    parts: bool,
) -> Memo<Vec<String>> {
    let i18n = use_i18n();
    Memo::new(move |_| {
        let lang = i18n.lang.get();
        let mut notes: Vec<String> = ed
            .unreadable
            .with(|u| u.get(&key).map(|(_, msg)| tr(lang, *msg).to_string()))
            .into_iter()
            .collect();
        let Some(path) = path.get() else {
            return notes;
        };
        let here = |field: &str| field == path || (parts && is_beside(field, &path));
        ed.problems.with(|list| {
            notes.extend(
                list.iter()
                    .filter(|e| here(&e.field))
                    .map(|e| beside_words(e, lang)),
            );
        });
        ed.unnamed.with(|list| {
            notes.extend(
                list.iter()
                    .filter(|(field, _)| here(field))
                    .map(|(_, msg)| tr(lang, *msg).to_string()),
            );
        });
        notes
    })
}

/// The problems beside a field, under it.
#[component]
fn FieldNotes(id: String, notes: Memo<Vec<String>>, path: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="field-notes" id=id data-field=move || path.get().unwrap_or_default()>
            {move || notes.get().into_iter().map(|note| view! {
                <p class="error field-error">{note}</p>
            }).collect_view()}
        </div>
    }
}

fn text_box<T: Clone + PartialEq + Send + Sync + 'static>(ed: Editor, b: TextBox<T>) -> AnyView {
    let i18n = use_i18n();
    let TextBox {
        at,
        path,
        testid,
        label,
        hint,
        value,
        set,
        show,
        read,
        unreadable,
        shape,
        word,
    } = b;
    let id = at.element_id();
    let text = RwSignal::new(show(&value.get_untracked()));
    // What the box holds, as last typed or written: the box is written to only when its
    // value changed elsewhere (a row removed, a save refused), never as the host types,
    // which would wipe a half-typed "10:" or a Chinese input method's composition.
    let typed = StoredValue::new(text.get_untracked());
    let key = StoredValue::new(id.clone());
    Effect::new(move |_| {
        let wanted = value.get();
        if typed.with_value(|t| read(t)).as_ref() != Some(&wanted) {
            let shown = show(&wanted);
            typed.set_value(shown.clone());
            text.set(shown);
            key.with_value(|k| ed.forget_unreadable(k));
        }
    });
    on_cleanup(move || {
        if let Some(k) = key.try_get_value() {
            let _ = ed.unreadable.try_update(|u| u.remove(&k));
        }
    });
    let input = move |ev: leptos::ev::Event| {
        let t = event_target_value(&ev);
        typed.set_value(t.clone());
        let k = key.get_value();
        match read(&t) {
            Some(v) => {
                ed.forget_unreadable(&k);
                if v != value.get_untracked() {
                    set.run(v);
                }
            }
            None => {
                let known = ed
                    .unreadable
                    .with_untracked(|u| u.get(&k).is_some_and(|(_, m)| *m == unreadable));
                if !known {
                    let at = at.clone();
                    ed.unreadable.update(|u| {
                        u.insert(k, (at, unreadable));
                    });
                }
            }
        }
    };
    let notes = notes_of(ed, id.clone(), path, false);
    let invalid = move || (!notes.with(Vec::is_empty)).then_some("true");
    let disabled = move || ed.locked.get() && !word;
    let hint_id = format!("{id}-hint");
    let note_id = format!("{id}-notes");
    let described = match hint {
        Some(_) => format!("{hint_id} {note_id}"),
        None => note_id.clone(),
    };
    let field = match shape {
        Shape::Line(mode) => view! {
            <input type="text" id=id.clone() data-testid=move || testid.get() inputmode=mode
                autocomplete="off" aria-describedby=described aria-invalid=invalid disabled=disabled
                prop:value=move || text.get() on:input=input/>
        }
        .into_any(),
        Shape::Date => view! {
            <input type="date" id=id.clone() data-testid=move || testid.get()
                aria-describedby=described aria-invalid=invalid disabled=disabled
                prop:value=move || text.get() on:input=input/>
        }
        .into_any(),
        Shape::Area => view! {
            <textarea id=id.clone() data-testid=move || testid.get() rows="3"
                aria-describedby=described aria-invalid=invalid disabled=disabled
                prop:value=move || text.get() on:input=input></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="edit-field">
            <label for=id>{move || label.get()}</label>
            {field}
            {hint.map(|m| view! { <p class="hint muted" id=hint_id>{move || i18n.t(m)}</p> })}
            <FieldNotes id=note_id notes=notes path=path/>
        </div>
    }
    .into_any()
}

/// A choice among a few: what it edits, and the options as (value, words).
struct ChoiceBox {
    at: At,
    path: Signal<Option<String>>,
    testid: Signal<String>,
    label: Signal<String>,
    options: Signal<Vec<(String, String)>>,
    current: Signal<String>,
    /// Shown when the current value is none of the options (a removed group).
    missing: Msg,
    set: Callback<String>,
}

fn choice_box(ed: Editor, b: ChoiceBox) -> AnyView {
    let i18n = use_i18n();
    let ChoiceBox {
        at,
        path,
        testid,
        label,
        options,
        current,
        missing,
        set,
    } = b;
    let id = at.element_id();
    let notes = notes_of(ed, id.clone(), path, false);
    let invalid = move || (!notes.with(Vec::is_empty)).then_some("true");
    let note_id = format!("{id}-notes");
    let choices = move || {
        let now = current.get();
        let list = options.get();
        let known = list.iter().any(|(v, _)| *v == now);
        let placeholder = (!known).then(|| {
            view! { <option value="" disabled=true prop:selected=true>{move || i18n.t(missing)}</option> }
        });
        let list = list
            .into_iter()
            .map(|(v, words)| {
                let chosen = v == now;
                view! { <option value=v prop:selected=chosen>{words}</option> }
            })
            .collect_view();
        (placeholder, list)
    };
    let (label_for, described) = (id.clone(), note_id.clone());
    view! {
        <div class="edit-field">
            <label for=label_for>{move || label.get()}</label>
            <select id=id data-testid=move || testid.get() aria-describedby=described
                aria-invalid=invalid disabled=move || ed.locked.get()
                on:change=move |ev| set.run(event_target_value(&ev))>
                {choices}
            </select>
            <FieldNotes id=note_id notes=notes path=path/>
        </div>
    }
    .into_any()
}

fn msg_label(i18n: I18n, msg: Msg) -> Signal<String> {
    Signal::derive(move || i18n.t(msg).to_string())
}

fn testid(text: &'static str) -> Signal<String> {
    Signal::stored(text.to_string())
}

fn top_path(path: &'static str) -> (At, Signal<Option<String>>) {
    (
        At::Top(path.to_string()),
        Signal::stored(Some(path.to_string())),
    )
}

/// A number box of the config itself: a whole number.
fn count_box(
    ed: Editor,
    path: &'static str,
    label: Msg,
    hint: Option<Msg>,
    get: fn(&EventConfig) -> u32,
    set: fn(&mut EventConfig, u32),
) -> AnyView {
    let i18n = use_i18n();
    let (at, path_signal) = top_path(path);
    let (value, change) = top(ed, get, set);
    let id = at.element_id();
    text_box(
        ed,
        TextBox {
            at,
            path: path_signal,
            testid: Signal::stored(id),
            label: msg_label(i18n, label),
            hint,
            value,
            set: change,
            show: u32::to_string,
            read: parse_count,
            unreadable: Msg::EditBadCount,
            shape: Shape::Line("numeric"),
            word: false,
        },
    )
}

fn phase_box(
    ed: Editor,
    path: &'static str,
    label: Msg,
    get: fn(&EventConfig) -> Duration,
    set: fn(&mut EventConfig, Duration),
) -> AnyView {
    let i18n = use_i18n();
    let (at, path_signal) = top_path(path);
    let (value, change) = top(ed, get, set);
    let id = at.element_id();
    text_box(
        ed,
        TextBox {
            at,
            path: path_signal,
            testid: Signal::stored(id),
            label: msg_label(i18n, label),
            hint: Some(Msg::EditTimeHint),
            value,
            set: change,
            show: Duration::to_string,
            read: parse_phase,
            unreadable: Msg::EditBadTime,
            shape: Shape::Line("text"),
            word: false,
        },
    )
}

/// A choice of the config itself among fixed options.
fn top_choice(
    ed: Editor,
    path: &'static str,
    label: Msg,
    options: Vec<(&'static str, Msg)>,
    get: fn(&EventConfig) -> String,
    set: fn(&mut EventConfig, &str),
) -> AnyView {
    let i18n = use_i18n();
    let (at, path_signal) = top_path(path);
    let id = at.element_id();
    let current = Memo::new(move |_| ed.draft.with(get));
    let options = StoredValue::new(options);
    choice_box(
        ed,
        ChoiceBox {
            at,
            path: path_signal,
            testid: Signal::stored(id),
            label: msg_label(i18n, label),
            options: Signal::derive(move || {
                options.with_value(|list| {
                    list.iter()
                        .map(|(v, m)| (v.to_string(), i18n.t(*m).to_string()))
                        .collect()
                })
            }),
            current: current.into(),
            missing: Msg::ErrGeneric,
            set: Callback::new(move |v: String| ed.edit(|c| set(c, &v))),
        },
    )
}

/// A button that adds or removes, shown only while the lists may change.
fn list_button(
    ed: Editor,
    label: Msg,
    testid: Signal<String>,
    class: &'static str,
    on: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let on = Callback::new(move |()| on());
    view! {
        <Show when=move || !ed.locked.get()>
            <button type="button" class=class data-testid=move || testid.get()
                on:click=move |_| on.run(())>
                {move || i18n.t(label)}
            </button>
        </Show>
    }
}

// ---- The page ----

#[component]
pub fn HostEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let ctx = LocalResource::new(move || host_ctx(named.get()));
    view! {
        <section class="page host-edit">
            <HostNav current=HostSection::Edit/>
            <h1>{move || i18n.t(Msg::EditTitle)}</h1>
            <p class="muted">{move || i18n.t(Msg::EditIntro)}</p>
            {move || match ctx.get() {
                None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
                Some(Ok(ctx)) => view! { <EditLoader ctx=ctx/> }.into_any(),
            }}
        </section>
    }
}

/// The event's config and where the event is, loaded once; the form is made from them.
#[component]
fn EditLoader(ctx: HostCtx) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new({
        let ctx = ctx.clone();
        move || load_event(ctx.clone())
    });
    let ctx = StoredValue::new(ctx);
    move || match loaded.get() {
        None => view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
        Some(Err(problem)) => view! { <ProblemNotice problem=problem/> }.into_any(),
        Some(Ok((config, state))) => {
            view! { <EditForm ctx=ctx.get_value() config=config state=state/> }.into_any()
        }
    }
}

#[component]
fn EditForm(ctx: HostCtx, config: EventConfig, state: EventState) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(config.clone());
    // The config as the server has it, to tell unsaved changes and to go back to.
    let saved = RwSignal::new(config);
    let state = RwSignal::new(state);
    let locked = Signal::derive(move || state.get() != EventState::Draft);
    let problems = Memo::new(move |_| match draft.get().validated() {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0,
    });
    let ed = Editor {
        draft,
        problems,
        unnamed: Memo::new(move |_| draft.with(missing_names)),
        unreadable: RwSignal::new(BTreeMap::new()),
        locked,
    };
    provide_context(ed);

    let template = Signal::stored(Some(ctx.path("/config")));
    let ctx = StoredValue::new(ctx);
    let save = Action::new_local(move |(config, key): &(EventConfig, String)| {
        let (ctx, config, key) = (ctx.get_value(), config.clone(), key.clone());
        async move {
            let answer = put_config(&ctx, &config, &key).await;
            match &answer {
                SaveAnswer::Saved => {
                    let _ = saved.try_set(config);
                }
                SaveAnswer::Started | SaveAnswer::RehearsalOn => {
                    let now = if answer == SaveAnswer::Started {
                        EventState::Live
                    } else {
                        EventState::Rehearsal
                    };
                    let _ = state.try_set(now);
                    // Only words may go now: the rest goes back as the server has it.
                    if let Some(base) = saved.try_get_untracked() {
                        let _ = draft.try_update(|d| *d = keep_words(&base, d));
                    }
                }
                _ => {}
            }
            answer
        }
    });
    let pending = save.pending();
    let count = move || ed.count();
    let dirty = Memo::new(move |_| draft.with(|d| saved.with(|s| d != s)));
    let start_save = move |_| {
        if pending.get_untracked() {
            return;
        }
        if count() > 0 {
            // Blocked: the tap takes the clerk to the list of what to fix, its first entry.
            focus_first_problem();
            return;
        }
        // One key per attempt: its retries and a second tap while it runs count once.
        save.dispatch((draft.get_untracked(), new_key()));
    };
    let save_label = move || {
        let n = count();
        if pending.get() {
            i18n.t(Msg::EditSaving).to_string()
        } else if n > 0 {
            i18n.fill(Msg::EditSaveBlocked, &[("{n}", &n.to_string())])
        } else {
            i18n.t(Msg::EditSave).to_string()
        }
    };

    view! {
        {move || {
            let msg = match state.get() {
                EventState::Draft => return None,
                EventState::Rehearsal => Msg::EditLockedRehearsal,
                EventState::Live | EventState::Finished => Msg::EditLockedStarted,
            };
            Some(view! {
                <p class="edit-locked" role="note" data-testid="edit-locked">{move || i18n.t(msg)}</p>
            })
        }}
        <BasicsCard/>
        <PhasesCard/>
        <GroupsCard/>
        <CriteriaCard/>
        <PresentersCard/>
        <JudgesCard/>
        <RulesCard/>
        <ScreenCard/>
        <ItemsCard/>
        <ProblemList/>
        // Straight in the page, not in a card: it stays at the bottom of a phone's screen
        // all along the form.
        <div class="edit-save-bar">
            <button type="button" data-testid="save-config"
                class=move || save_class(count())
                data-problems=count disabled=move || pending.get()
                on:click=start_save>
                {save_label}
            </button>
            <SaveStatus save=save dirty=dirty/>
        </div>
        <section class="card edit-files">
            <h2>{move || i18n.t(Msg::EditFiles)}</h2>
            <p>{move || i18n.t(Msg::EditFilesText)}</p>
            <DownloadButton label=Msg::EditDownload path=template fallback="event.toml"
                testid="download-toml"/>
        </section>
    }
}

/// Every problem of the form, each a button that goes to its field.
#[component]
fn ProblemList() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let items = Memo::new(move |_| {
        let lang = i18n.lang.get();
        ed.draft.with(|c| {
            let mut items: Vec<(Option<String>, String)> = ed.unreadable.with(|u| {
                u.values()
                    .map(|(at, msg)| {
                        let label = at
                            .path(c)
                            .map(|p| field_label(&p, c, lang))
                            .unwrap_or_default();
                        (
                            Some(at.element_id()),
                            labelled(&label, tr(lang, *msg), lang),
                        )
                    })
                    .collect()
            });
            ed.problems.with(|list| {
                items.extend(
                    list.iter()
                        .map(|e| (element_for(&e.field, c), summary_words(e, c, lang))),
                );
            });
            ed.unnamed.with(|list| {
                items.extend(list.iter().map(|(field, msg)| {
                    let label = field_label(field, c, lang);
                    (
                        element_for(field, c),
                        labelled(&label, tr(lang, *msg), lang),
                    )
                }));
            });
            items
        })
    });
    view! {
        {move || {
            let items = items.get();
            let n = items.len();
            (n > 0).then(|| view! {
                <div class="edit-problems" data-testid="config-problems" data-count=n aria-live="polite">
                    <p><strong>{move || i18n.fill(Msg::EditProblems, &[("{n}", &n.to_string())])}</strong></p>
                    <ul>
                        {items.into_iter().map(|(target, words)| match target {
                            Some(target) => view! {
                                <li><button type="button" class="edit-jump"
                                    on:click=move |_| focus_element(&target)>{words}</button></li>
                            }.into_any(),
                            None => view! { <li>{words}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
    }
}

/// The last save's outcome, or that there are changes to save.
#[component]
fn SaveStatus(save: Action<(EventConfig, String), SaveAnswer>, dirty: Memo<bool>) -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let pending = save.pending();
    let answer = save.value();
    move || {
        if pending.get() {
            return view! { <p class="muted" role="status">{move || i18n.t(Msg::EditSaving)}</p> }
                .into_any();
        }
        let refused = |msg: Msg| {
            view! {
                <p class="error" role="alert" data-testid="config-save-error">{move || i18n.t(msg)}</p>
            }
            .into_any()
        };
        match answer.get() {
            Some(SaveAnswer::Saved) if !dirty.get() => view! {
                <p class="saved" role="status" data-testid="config-saved">{move || i18n.t(Msg::EditSaved)}</p>
            }
            .into_any(),
            Some(SaveAnswer::Invalid(fields)) => {
                let list = move || {
                    let lang = i18n.lang.get();
                    ed.draft.with(|c| {
                        ed.problems.with(|local| {
                            fields
                                .iter()
                                .map(|f| view! { <li>{server_words(f, local, c, lang)}</li> })
                                .collect_view()
                        })
                    })
                };
                view! {
                    <div class="error" role="alert" data-testid="config-save-error">
                        <p>{move || i18n.t(Msg::EditServerProblems)}</p>
                        <ul>{list}</ul>
                    </div>
                }
                .into_any()
            }
            Some(SaveAnswer::Started) => refused(Msg::EditRefusedStarted),
            Some(SaveAnswer::RehearsalOn) => refused(Msg::EditRefusedRehearsal),
            Some(SaveAnswer::SignedOut) => refused(Msg::HostBadToken),
            Some(SaveAnswer::Offline) => refused(Msg::HostOffline),
            Some(SaveAnswer::Refused(msg)) => refused(msg),
            _ if dirty.get() => view! {
                <p class="muted" data-testid="config-unsaved">{move || i18n.t(Msg::EditUnsaved)}</p>
            }
            .into_any(),
            _ => ().into_any(),
        }
    }
}

#[component]
fn BasicsCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let (at, path) = top_path("title");
    let (title, set_title) = top(ed, |c| c.title.clone(), |c, v| c.title = v);
    let title_box = text_box(
        ed,
        words(msg_label(i18n, Msg::EditEventTitle), at, path).line(
            testid("edit-title"),
            title,
            set_title,
        ),
    );
    let (at, path) = top_path("date");
    let (date, set_date) = top(ed, |c| c.date.clone(), |c, v| c.date = v);
    let date_box = text_box(
        ed,
        TextBox {
            at,
            path,
            testid: testid("edit-date"),
            label: msg_label(i18n, Msg::EditDate),
            hint: None,
            value: date,
            set: set_date,
            show: |d| d.clone().unwrap_or_default(),
            read: |t| Some((!t.trim().is_empty()).then(|| t.trim().to_string())),
            unreadable: Msg::ErrGeneric,
            shape: Shape::Date,
            word: false,
        },
    );
    let language = top_choice(
        ed,
        "language",
        Msg::EditLanguage,
        vec![("zh-CN", Msg::EditLangZh), ("en", Msg::EditLangEn)],
        |c| c.language.tag().to_string(),
        |c, v| c.language = Lang::from_tag(v).unwrap_or_default(),
    );
    view! {
        <section class="card edit-card" id="edit-basics">
            <h2>{move || i18n.t(Msg::EditBasics)}</h2>
            {title_box}
            <div class="edit-grid">
                {date_box}
                {language}
            </div>
        </section>
    }
}

#[component]
fn PhasesCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    view! {
        <section class="card edit-card" id="edit-phases" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditPhases)}</h2>
            <div class="edit-grid">
                {phase_box(ed, "phases.report", Msg::EditReport,
                    |c| c.phases.report, |c, v| c.phases.report = v)}
                {phase_box(ed, "phases.defence", Msg::EditDefence,
                    |c| c.phases.defence, |c, v| c.phases.defence = v)}
                {phase_box(ed, "phases.scoring", Msg::EditScoring,
                    |c| c.phases.scoring, |c, v| c.phases.scoring = v)}
            </div>
        </section>
    }
}

/// The ids of a list's items, for its keyed rows.
fn ids_of<L: Listed>(ed: Editor) -> Memo<Vec<Id>> {
    Memo::new(move |_| {
        ed.draft
            .with(|c| L::list(c).iter().map(|x| x.id().clone()).collect())
    })
}

/// The problems of a whole list (none at all, too many), under it.
fn list_notes(ed: Editor, kind: ListKind) -> impl IntoView {
    let (at, path) = top_path(kind.key());
    let id = format!("{}-notes", at.element_id());
    let notes = notes_of(ed, at.element_id(), path, false);
    view! { <FieldNotes id=id notes=notes path=path/> }
}

#[component]
fn GroupsCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let ids = ids_of::<Group>(ed);
    let weighting = top_choice(
        ed,
        "aggregation.group_weighting",
        Msg::EditWeighting,
        vec![
            ("off", Msg::EditWeightingOff),
            ("equal", Msg::EditWeightingEqual),
            ("custom", Msg::EditWeightingCustom),
        ],
        |c| weighting_key(c.aggregation.group_weighting).to_string(),
        |c, v| set_weighting(c, weighting_of(v)),
    );
    view! {
        <section class="card edit-card" id="edit-groups" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditGroups)}</h2>
            {weighting}
            <For each=move || ids.get() key=Id::clone children=move |id| view! { <GroupRow id=id/> }/>
            {list_notes(ed, ListKind::Groups)}
            {list_button(ed, Msg::EditAddGroup, testid("add-group"), "edit-add",
                move || ed.edit(add_group))}
        </section>
    }
}

fn weighting_key(mode: GroupWeighting) -> &'static str {
    match mode {
        GroupWeighting::Off => "off",
        GroupWeighting::Equal => "equal",
        GroupWeighting::Custom => "custom",
    }
}

fn weighting_of(key: &str) -> GroupWeighting {
    match key {
        "off" => GroupWeighting::Off,
        "custom" => GroupWeighting::Custom,
        _ => GroupWeighting::Equal,
    }
}

#[component]
fn GroupRow(id: Id) -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let row = Row::<Group>::new(ed, id.clone());
    let name = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditGroupName),
            row.at("name"),
            row.path("name"),
        )
        .line(
            row.testid("name"),
            row.get(|g| g.name.clone()),
            row.set(ed, |g, v| g.name = v),
        ),
    );
    // A memo: the box is made once when custom weights are chosen, not at each key.
    let custom = Memo::new(move |_| {
        ed.draft
            .with(|c| c.aggregation.group_weighting == GroupWeighting::Custom)
    });
    let weight = move || {
        custom.get().then(|| {
            text_box(
                ed,
                TextBox {
                    at: row.at("weight"),
                    path: row.path("weight"),
                    testid: row.testid("weight"),
                    label: msg_label(i18n, Msg::EditWeight),
                    hint: Some(Msg::EditWeightHint),
                    value: row.get(|g| g.weight),
                    set: row.set(ed, |g, v| g.weight = v),
                    show: |w| w.map(weight_text).unwrap_or_default(),
                    read: parse_weight,
                    unreadable: Msg::EditBadWeight,
                    shape: Shape::Line("decimal"),
                    word: false,
                },
            )
        })
    };
    let remove = move || ed.edit(|c| remove_group(c, &row.id.get_value()));
    view! {
        <fieldset class="edit-row" id=row_element(ListKind::Groups, &id) tabindex="-1">
            <legend>{row.legend(i18n, Msg::EditGroupN)}</legend>
            <div class="edit-grid">
                {name}
                {weight}
            </div>
            {list_button(ed, Msg::EditRemoveGroup, row.testid("remove"), "edit-remove", remove)}
        </fieldset>
    }
}

#[component]
fn CriteriaCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let ids = ids_of::<Criterion>(ed);
    view! {
        <section class="card edit-card" id="edit-criteria" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditCriteria)}</h2>
            <For each=move || ids.get() key=Id::clone children=move |id| view! { <CriterionRow id=id/> }/>
            {list_notes(ed, ListKind::Criteria)}
            {list_button(ed, Msg::EditAddCriterion, testid("add-criterion"), "edit-add",
                move || ed.edit(add_criterion))}
        </section>
    }
}

fn score_box(
    ed: Editor,
    row: Row<Criterion>,
    part: &'static str,
    label: Msg,
    hint: Option<Msg>,
    get: fn(&Criterion) -> Score,
    set: fn(&mut Criterion, Score),
) -> AnyView {
    let i18n = use_i18n();
    text_box(
        ed,
        TextBox {
            at: row.at(part),
            path: row.path(part),
            testid: row.testid(part),
            label: msg_label(i18n, label),
            hint,
            value: row.get(get),
            set: row.set(ed, set),
            show: Score::to_string,
            read: parse_score,
            unreadable: Msg::EditBadScore,
            shape: Shape::Line("decimal"),
            word: false,
        },
    )
}

#[component]
fn CriterionRow(id: Id) -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let row = Row::<Criterion>::new(ed, id.clone());
    let name = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditCriterionName),
            row.at("name"),
            row.path("name"),
        )
        .line(
            row.testid("name"),
            row.get(|c| c.name.clone()),
            row.set(ed, |c, v| c.name = v),
        ),
    );
    let description = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditDescription),
            row.at("description"),
            row.path("description"),
        )
        .prose(
            row.testid("description"),
            row.get(|c| c.description.clone()),
            row.set(ed, |c, v| c.description = v),
        ),
    );
    let remove = move || ed.edit(|c| remove_criterion(c, &row.id.get_value()));
    view! {
        <fieldset class="edit-row" id=row_element(ListKind::Criteria, &id) tabindex="-1">
            <legend>{row.legend(i18n, Msg::EditCriterionN)}</legend>
            {name}
            <div class="edit-grid">
                {score_box(ed, row, "min", Msg::EditMin, None, |c| c.min, |c, v| c.min = v)}
                {score_box(ed, row, "max", Msg::EditMax, None, |c| c.max, |c, v| c.max = v)}
                {score_box(ed, row, "step", Msg::EditStep, Some(Msg::EditStepHint),
                    |c| c.step, |c, v| c.step = v)}
            </div>
            {description}
            {list_button(ed, Msg::EditRemoveCriterion, row.testid("remove"), "edit-remove", remove)}
        </fieldset>
    }
}

#[component]
fn PresentersCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let ids = ids_of::<Presenter>(ed);
    view! {
        <section class="card edit-card" id="edit-presenters" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditPresenters)}</h2>
            <For each=move || ids.get() key=Id::clone children=move |id| view! { <PresenterRow id=id/> }/>
            {list_notes(ed, ListKind::Presenters)}
            {list_button(ed, Msg::EditAddPresenter, testid("add-presenter"), "edit-add",
                move || ed.edit(add_presenter))}
        </section>
    }
}

fn rank_box(
    ed: Editor,
    row: Row<Presenter>,
    part: &'static str,
    label: Msg,
    hint: Option<Msg>,
    get: fn(&Presenter) -> Option<u32>,
    set: fn(&mut Presenter, Option<u32>),
) -> AnyView {
    let i18n = use_i18n();
    text_box(
        ed,
        TextBox {
            at: row.at(part),
            path: row.path(part),
            testid: row.testid(part),
            label: msg_label(i18n, label),
            hint,
            value: row.get(get),
            set: row.set(ed, set),
            show: |v| v.map(|n| n.to_string()).unwrap_or_default(),
            read: parse_optional_count,
            unreadable: Msg::EditBadOptionalCount,
            shape: Shape::Line("numeric"),
            word: false,
        },
    )
}

#[component]
fn PresenterRow(id: Id) -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let row = Row::<Presenter>::new(ed, id.clone());
    let name = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditPersonName),
            row.at("name"),
            row.path("name"),
        )
        .line(
            row.testid("name"),
            row.get(|p| p.name.clone()),
            row.set(ed, |p, v| p.name = v),
        ),
    );
    let unit = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditUnit),
            row.at("unit"),
            row.path("unit"),
        )
        .line(
            row.testid("unit"),
            row.get(|p| p.unit.clone()),
            row.set(ed, |p, v| p.unit = v),
        ),
    );
    let summary = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditSummary),
            row.at("summary"),
            row.path("summary"),
        )
        .prose(
            row.testid("summary"),
            row.get(|p| p.summary.clone()),
            row.set(ed, |p, v| p.summary = v),
        ),
    );
    let remove = move || ed.edit(|c| remove_presenter(c, &row.id.get_value()));
    view! {
        <fieldset class="edit-row" id=row_element(ListKind::Presenters, &id) tabindex="-1">
            <legend>{row.legend(i18n, Msg::EditPresenterN)}</legend>
            <div class="edit-grid">
                {name}
                {unit}
                {rank_box(ed, row, "order", Msg::EditOrder, Some(Msg::EditOrderHint),
                    |p| p.order, |p, v| p.order = v)}
                {rank_box(ed, row, "last_rank", Msg::EditLastRank, None,
                    |p| p.last_rank, |p, v| p.last_rank = v)}
            </div>
            {summary}
            {list_button(ed, Msg::EditRemovePresenter, row.testid("remove"), "edit-remove", remove)}
        </fieldset>
    }
}

#[component]
fn JudgesCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let ids = ids_of::<Judge>(ed);
    let has_groups = Memo::new(move |_| ed.draft.with(|c| !c.groups.is_empty()));
    // Shared by every judge's recusals and group choice: worked out once per change.
    let roster = Memo::new(move |_| {
        ed.draft.with(|c| {
            c.presenters
                .iter()
                .enumerate()
                .map(|(i, p)| (i, p.id.clone(), presenter_words(i18n, i, p)))
                .collect::<Vec<_>>()
        })
    });
    let groups = Memo::new(move |_| ed.draft.with(|c| group_options(i18n, c)));
    view! {
        <section class="card edit-card" id="edit-judges" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditJudges)}</h2>
            <For each=move || ids.get() key=Id::clone
                children=move |id| view! { <JudgeRow id=id roster=roster groups=groups/> }/>
            {list_notes(ed, ListKind::Judges)}
            <Show when=move || has_groups.get() fallback=move || view! {
                <p class="muted">{move || i18n.t(Msg::EditGroupFirst)}</p>
            }>
                {list_button(ed, Msg::EditAddJudge, testid("add-judge"), "edit-add",
                    move || ed.edit(|c| { add_judge(c); }))}
            </Show>
        </section>
    }
}

/// A group as the host picks one: its name, or its place when it has none yet.
fn group_options(i18n: I18n, config: &EventConfig) -> Vec<(String, String)> {
    config
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.to_string(), group_words(i18n, i, g)))
        .collect()
}

fn group_words(i18n: I18n, index: usize, group: &Group) -> String {
    if group.name.trim().is_empty() {
        i18n.fill(Msg::EditGroupN, &[("{n}", &(index + 1).to_string())])
    } else {
        group.name.clone()
    }
}

fn presenter_words(i18n: I18n, index: usize, presenter: &Presenter) -> String {
    if presenter.name.trim().is_empty() {
        i18n.fill(Msg::EditPresenterN, &[("{n}", &(index + 1).to_string())])
    } else {
        presenter.name.clone()
    }
}

/// Every presenter by place, id and name.
type Roster = Memo<Vec<(usize, Id, String)>>;

#[component]
fn JudgeRow(id: Id, roster: Roster, groups: Memo<Vec<(String, String)>>) -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let row = Row::<Judge>::new(ed, id.clone());
    let name = text_box(
        ed,
        words(
            msg_label(i18n, Msg::EditPersonName),
            row.at("name"),
            row.path("name"),
        )
        .line(
            row.testid("name"),
            row.get(|j| j.name.clone()),
            row.set(ed, |j, v| j.name = v),
        ),
    );
    let set_group = row.set(ed, |j, v: Id| j.group = v);
    let group = choice_box(
        ed,
        ChoiceBox {
            at: row.at("group"),
            path: row.path("group"),
            testid: row.testid("group"),
            label: msg_label(i18n, Msg::EditJudgeGroup),
            options: groups.into(),
            current: row.get(|j| j.group.to_string()),
            missing: Msg::EditChooseGroup,
            set: Callback::new(move |v: String| {
                if let Ok(id) = Id::parse(&v) {
                    set_group.run(id);
                }
            }),
        },
    );
    let recused_id = item_element(ListKind::Judges, &id, "recused");
    let recused_path = row.path("recused");
    let recused_notes = notes_of(ed, recused_id.clone(), recused_path, true);
    let remove = move || ed.edit(|c| remove_judge(c, &row.id.get_value()));
    view! {
        <fieldset class="edit-row" id=row_element(ListKind::Judges, &id) tabindex="-1">
            <legend>{row.legend(i18n, Msg::EditJudgeN)}</legend>
            <div class="edit-grid">
                {name}
                {group}
            </div>
            <fieldset class="edit-recused" id=recused_id.clone() tabindex="-1">
                <legend>{move || i18n.t(Msg::EditRecused)}</legend>
                <Show when=move || roster.with(Vec::is_empty)>
                    <p class="muted">{move || i18n.t(Msg::EditNoPresenters)}</p>
                </Show>
                <div class="edit-checks">
                    // Keyed by place and name too: a renamed or moved presenter's box is
                    // made again with its new words and test id.
                    <For each=move || roster.get() key=Clone::clone
                        children=move |(k, presenter, words)| view! {
                            <RecusalBox judge=row k=k presenter=presenter words=words/>
                        }/>
                </div>
                <FieldNotes id=format!("{recused_id}-notes") notes=recused_notes path=recused_path/>
            </fieldset>
            {list_button(ed, Msg::EditRemoveJudge, row.testid("remove"), "edit-remove", remove)}
        </fieldset>
    }
}

/// Whether a judge scores a presenter (the `k`th), by the presenter's name.
#[component]
fn RecusalBox(judge: Row<Judge>, k: usize, presenter: Id, words: String) -> impl IntoView {
    let ed = use_editor();
    let id = format!(
        "{}.{presenter}",
        item_element(ListKind::Judges, &judge.id.get_value(), "recused")
    );
    let wanted = presenter.clone();
    let checked = move || {
        judge
            .item
            .with(|r| r.as_ref().is_some_and(|(_, j)| j.recused.contains(&wanted)))
    };
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let (judge, presenter) = (judge.id.get_value(), presenter.clone());
        ed.edit(|c| {
            if let Some(j) = c.judges.iter_mut().find(|j| j.id == judge) {
                j.recused.retain(|r| *r != presenter);
                if on {
                    j.recused.push(presenter);
                }
            }
        });
    };
    let testid = move || format!("judge-recused-{}-{k}", judge.index());
    let label_for = id.clone();
    view! {
        <label class="check" for=label_for>
            <input type="checkbox" id=id data-testid=testid prop:checked=checked
                disabled=move || ed.locked.get() on:change=toggle/>
            <span>{words}</span>
        </label>
    }
}

#[component]
fn RulesCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let scope = top_choice(
        ed,
        "aggregation.trim_scope",
        Msg::EditTrimScope,
        vec![("panel", Msg::EditTrimPanel), ("group", Msg::EditTrimGroup)],
        |c| match c.aggregation.trim_scope {
            TrimScope::Panel => "panel".to_string(),
            TrimScope::Group => "group".to_string(),
        },
        |c, v| {
            c.aggregation.trim_scope = if v == "group" {
                TrimScope::Group
            } else {
                TrimScope::Panel
            }
        },
    );
    let decimals = top_choice(
        ed,
        "aggregation.display_decimals",
        Msg::EditDecimals,
        vec![
            ("0", Msg::EditDecimals0),
            ("1", Msg::EditDecimals1),
            ("2", Msg::EditDecimals2),
        ],
        |c| c.aggregation.display_decimals.to_string(),
        |c, v| c.aggregation.display_decimals = v.parse().unwrap_or(2),
    );
    let steps = Memo::new(move |_| ed.draft.with(|c| c.aggregation.tie_break.len()));
    let (_, chain_path) = top_path("aggregation.tie_break");
    let chain_notes = notes_of(ed, top_element("aggregation.tie_break"), chain_path, false);
    view! {
        <section class="card edit-card" id="edit-aggregation" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditRules)}</h2>
            {scope}
            <div class="edit-grid">
                {count_box(ed, "aggregation.trim_high", Msg::EditTrimHigh, None,
                    |c| c.aggregation.trim_high, |c, v| c.aggregation.trim_high = v)}
                {count_box(ed, "aggregation.trim_low", Msg::EditTrimLow, None,
                    |c| c.aggregation.trim_low, |c, v| c.aggregation.trim_low = v)}
                {count_box(ed, "aggregation.trim_min_count", Msg::EditTrimMin, Some(Msg::EditTrimMinHint),
                    |c| c.aggregation.trim_min_count, |c, v| c.aggregation.trim_min_count = v)}
                {count_box(ed, "aggregation.quorum_min_sheets", Msg::EditQuorum, None,
                    |c| c.aggregation.quorum_min_sheets, |c, v| c.aggregation.quorum_min_sheets = v)}
                {count_box(ed, "aggregation.quorum_min_per_group", Msg::EditQuorumGroup,
                    Some(Msg::EditQuorumGroupHint),
                    |c| c.aggregation.quorum_min_per_group, |c, v| c.aggregation.quorum_min_per_group = v)}
                {decimals}
            </div>
            <fieldset class="edit-row" id=top_element("aggregation.tie_break") tabindex="-1">
                <legend>{move || i18n.t(Msg::EditTieBreak)}</legend>
                <For each=move || 0..steps.get() key=|i| *i children=move |i| tie_step(ed, i)/>
                <FieldNotes id=format!("{}-notes", top_element("aggregation.tie_break"))
                    notes=chain_notes path=chain_path/>
                {list_button(ed, Msg::EditAddTieBreak, testid("add-tie-break"), "edit-add",
                    move || ed.edit(add_tie_break))}
            </fieldset>
        </section>
    }
}

/// One step of the tie-break chain, a choice of what to compare.
fn tie_step(ed: Editor, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let path = format!("aggregation.tie_break[{i}]");
    let options = Memo::new(move |_| {
        ed.draft.with(|c| {
            let mut list = vec![(
                TieBreak::UntrimmedMean.to_string(),
                i18n.t(Msg::EditTieUntrimmed).to_string(),
            )];
            list.extend(c.groups.iter().enumerate().map(|(n, g)| {
                let name = group_words(i18n, n, g);
                (
                    TieBreak::Group(g.id.clone()).to_string(),
                    i18n.fill(Msg::EditTieGroup, &[("{name}", &name)]),
                )
            }));
            list.push((
                TieBreak::Shared.to_string(),
                i18n.t(Msg::EditTieShared).to_string(),
            ));
            list
        })
    });
    let current = Memo::new(move |_| {
        ed.draft.with(|c| {
            c.aggregation
                .tie_break
                .get(i)
                .map(ToString::to_string)
                .unwrap_or_default()
        })
    });
    let choice = choice_box(
        ed,
        ChoiceBox {
            at: At::Top(path.clone()),
            path: Signal::stored(Some(path)),
            testid: Signal::stored(format!("tie-break-{i}")),
            label: Signal::derive(move || {
                i18n.fill(Msg::EditTieStep, &[("{n}", &(i + 1).to_string())])
            }),
            options: options.into(),
            current: current.into(),
            missing: Msg::EditChooseGroup,
            set: Callback::new(move |v: String| {
                if let Ok(step) = TieBreak::parse(&v) {
                    ed.edit(|c| {
                        if let Some(slot) = c.aggregation.tie_break.get_mut(i) {
                            *slot = step;
                        }
                    });
                }
            }),
        },
    );
    let remove = move || {
        ed.edit(|c| {
            if i < c.aggregation.tie_break.len() {
                c.aggregation.tie_break.remove(i);
            }
        })
    };
    view! {
        <div class="edit-step">
            {choice}
            {list_button(ed, Msg::EditRemoveTieBreak, Signal::stored(format!("remove-tie-break-{i}")),
                "edit-remove", remove)}
        </div>
    }
}

#[component]
fn ScreenCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let (at, path) = top_path("screen.cues");
    let (cues, set_cues) = top(ed, |c| c.screen.cues.clone(), |c, v| c.screen.cues = v);
    let cues_box = text_box(
        ed,
        TextBox {
            at,
            path,
            testid: testid("edit-cues"),
            label: msg_label(i18n, Msg::EditCues),
            hint: Some(Msg::EditCuesHint),
            value: cues,
            set: set_cues,
            show: |v| cues_text(v),
            read: parse_cues,
            unreadable: Msg::EditBadCues,
            shape: Shape::Line("text"),
            word: false,
        },
    );
    let names_id = top_element("screen.show_judge_names");
    let names_for = names_id.clone();
    let shown = Memo::new(move |_| ed.draft.with(|c| c.screen.show_judge_names));
    view! {
        <section class="card edit-card" id="edit-screen" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditScreen)}</h2>
            <label class="check" for=names_for>
                <input type="checkbox" id=names_id data-testid="edit-show-judge-names"
                    prop:checked=move || shown.get() disabled=move || ed.locked.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ed.edit(|c| c.screen.show_judge_names = on);
                    }/>
                <span>{move || i18n.t(Msg::EditShowJudgeNames)}</span>
            </label>
            {cues_box}
        </section>
    }
}

/// 局长直通车: how the representatives' votes on items count.
#[component]
fn ItemsCard() -> impl IntoView {
    let ed = use_editor();
    let i18n = use_i18n();
    let basic_id = top_element("items.basically_satisfied_counts");
    let basic_for = basic_id.clone();
    let counts = Memo::new(move |_| ed.draft.with(|c| c.items.basically_satisfied_counts));
    let reopen = top_choice(
        ed,
        "items.reopen_above",
        Msg::EditReopenAbove,
        vec![
            ("1/2", Msg::EditReopenHalf),
            ("1/3", Msg::EditReopenThird),
            ("2/3", Msg::EditReopenTwoThirds),
            ("0/1", Msg::EditReopenAny),
        ],
        |c| c.items.reopen_above.to_string(),
        |c, v| {
            if let Ok(share) = Share::parse(v) {
                c.items.reopen_above = share;
            }
        },
    );
    view! {
        <section class="card edit-card" id="edit-items" tabindex="-1">
            <h2>{move || i18n.t(Msg::EditItems)}</h2>
            <label class="check" for=basic_for>
                <input type="checkbox" id=basic_id data-testid="edit-basically-satisfied-counts"
                    prop:checked=move || counts.get() disabled=move || ed.locked.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ed.edit(|c| c.items.basically_satisfied_counts = on);
                    }/>
                <span>{move || i18n.t(Msg::EditBasicallySatisfiedCounts)}</span>
            </label>
            {reopen}
        </section>
    }
}

// ---- What the page asks of the server (in the browser; on the server these never run) ----

/// A fresh UUID for a save.
fn new_key() -> String {
    #[cfg(feature = "browser")]
    return crate::browser::judge::new_uuid();
    #[cfg(not(feature = "browser"))]
    String::new()
}

/// The save button's look: dimmed while problems block it (a tap then goes to them).
fn save_class(problems: usize) -> &'static str {
    if problems > 0 {
        "primary wide blocked"
    } else {
        "primary wide"
    }
}

/// Moves the host to the first entry of the list of problems (a button that goes to its
/// field), or to the list itself when no entry names a field.
fn focus_first_problem() {
    #[cfg(feature = "browser")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let first = document
            .query_selector("[data-testid=config-problems] .edit-jump")
            .ok()
            .flatten()
            .or_else(|| {
                document
                    .query_selector("[data-testid=config-problems]")
                    .ok()
                    .flatten()
            });
        if let Some(element) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            element.scroll_into_view();
            let _ = element.focus();
        }
    }
}

/// Moves the host to a field named in the list of problems.
fn focus_element(id: &str) {
    #[cfg(feature = "browser")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            element.scroll_into_view();
            let _ = element.focus();
        }
    }
    #[cfg(not(feature = "browser"))]
    let _ = id;
}

/// The event's config (as JSON) and where the event is.
async fn load_event(ctx: HostCtx) -> Result<(EventConfig, EventState), Problem> {
    let summary = host_get::<EventSummary>(&ctx, "").await?;
    let config = match api_bytes("GET", &ctx.path("/config"), &ctx.token, None).await {
        Ok((200, text)) => serde_json::from_str::<EventConfig>(&text)
            .map_err(|_| Problem::Refused(lang_words(Msg::ErrGeneric)))?,
        Ok((401 | 403, _)) => return Err(Problem::SignedOut),
        Ok((_, text)) => {
            return Err(Problem::Refused(
                crate::components::host_area::error_message(&text),
            ))
        }
        Err(()) => return Err(Problem::Offline),
    };
    Ok((config, summary.state))
}

fn lang_words(msg: Msg) -> String {
    tr(crate::browser::document_lang().unwrap_or_default(), msg).to_string()
}

/// Replaces the config, tried again under the same key while no answer comes.
async fn put_config(ctx: &HostCtx, config: &EventConfig, key: &str) -> SaveAnswer {
    let Ok(body) = serde_json::to_string(config) else {
        return SaveAnswer::Refused(Msg::ErrGeneric);
    };
    let path = ctx.path("/config");
    let mut answer = Err(());
    for _ in 0..3 {
        answer = host_call("PUT", &path, &ctx.token, key, &body).await;
        if answer.is_ok() {
            break;
        }
    }
    save_answer(answer)
}

/// `fill` for the tests, which have no page.
#[cfg(test)]
fn fill_for(lang: Lang, msg: Msg, n: usize) -> String {
    crate::i18n::fill(tr(lang, msg), &[("{n}", &n.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo_event;

    fn id(text: &str) -> Id {
        Id::parse(text).unwrap()
    }

    #[test]
    fn a_phase_reads_as_minutes_and_seconds_or_plain_minutes() {
        assert_eq!(parse_phase("10:00"), Some(Duration(600)));
        assert_eq!(parse_phase(" 8:30 "), Some(Duration(510)));
        assert_eq!(parse_phase("10"), Some(Duration(600)));
        assert_eq!(parse_phase("１０：００"), Some(Duration(600)));
        assert_eq!(parse_phase("8分30秒"), Some(Duration(510)));
        assert_eq!(parse_phase("10分钟"), Some(Duration(600)));
        assert_eq!(parse_phase("90秒"), Some(Duration(90)));
        for bad in ["", "10:", "10:7x", "abc", "1:60", "-3", "8分70秒"] {
            assert_eq!(parse_phase(bad), None, "{bad:?}");
        }
        // What the box shows reads back as the same length.
        for secs in [0, 59, 600, 510, 14_400] {
            assert_eq!(
                parse_phase(&Duration(secs).to_string()),
                Some(Duration(secs))
            );
        }
    }

    #[test]
    fn cues_read_with_any_comma_and_show_as_seconds() {
        assert_eq!(parse_cues("60, 0"), Some(vec![60, 0]));
        assert_eq!(parse_cues("60，0"), Some(vec![60, 0]));
        assert_eq!(parse_cues("120、30 0"), Some(vec![120, 30, 0]));
        assert_eq!(parse_cues("1:30, 0"), Some(vec![90, 0]));
        assert_eq!(parse_cues("  "), Some(vec![]));
        assert_eq!(parse_cues("60, x"), None);
        assert_eq!(parse_cues("-5"), None);
        assert_eq!(cues_text(&[60, 0]), "60, 0");
        assert_eq!(
            parse_cues(&cues_text(&[300, 60, 0])),
            Some(vec![300, 60, 0])
        );
    }

    #[test]
    fn numbers_read_from_a_chinese_keyboard() {
        assert_eq!(parse_count("３"), Some(3));
        assert_eq!(parse_count(" 12 "), Some(12));
        assert_eq!(parse_count("1.5"), None);
        assert_eq!(parse_count(""), None);
        assert_eq!(parse_optional_count(""), Some(None));
        assert_eq!(parse_optional_count("4"), Some(Some(4)));
        assert_eq!(parse_optional_count("four"), None);
        assert_eq!(parse_score("0。5"), Some(Score::from_hundredths(50)));
        assert_eq!(parse_score("10"), Some(Score::from_hundredths(1_000)));
        assert_eq!(parse_score("1.234"), None);
    }

    #[test]
    fn a_weight_reads_as_a_decimal_or_a_percentage() {
        assert_eq!(parse_weight("0.4"), Some(Some(Weight(4_000))));
        assert_eq!(parse_weight("40%"), Some(Some(Weight(4_000))));
        assert_eq!(parse_weight("12.5％"), Some(Some(Weight(1_250))));
        assert_eq!(parse_weight("1"), Some(Some(Weight(10_000))));
        assert_eq!(parse_weight(""), Some(None));
        assert_eq!(parse_weight("1.2"), None);
        assert_eq!(parse_weight("abc"), None);
        assert_eq!(weight_text(Weight(4_000)), "0.4");
        assert_eq!(weight_text(Weight(1_250)), "0.125");
        assert_eq!(weight_text(Weight(10_000)), "1");
        assert_eq!(weight_text(Weight(0)), "0");
    }

    #[test]
    fn a_fresh_id_is_the_lowest_free_one() {
        let taken = [id("p1"), id("p3"), id("shi-nan")];
        assert_eq!(fresh_id("p", &taken), id("p2"));
        assert_eq!(fresh_id("j", &taken), id("j1"));
        assert_eq!(fresh_id("p", &[id("p1"), id("p2")]), id("p3"));
    }

    #[test]
    fn a_new_presenter_is_nameless_speaks_last_and_the_check_asks_for_a_name() {
        let mut config = demo_event();
        let n = config.presenters.len();
        add_presenter(&mut config);
        let added = config.presenters.last().unwrap();
        assert_eq!(added.name, "");
        assert_eq!(added.order, Some(n as u32 + 1));
        assert!(config.presenters[..n].iter().all(|p| p.id != added.id));
        let fields: Vec<String> = config
            .validated()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [format!("presenters[{n}].name")]);
    }

    #[test]
    fn removing_a_presenter_closes_the_order_and_the_recusals() {
        let mut config = demo_event();
        let gone = config.presenters_in_order()[1].id.clone();
        config.judges[0].recused = vec![gone.clone()];
        remove_presenter(&mut config, &gone);
        assert!(config.presenter(gone.as_str()).is_none());
        assert!(config.judges[0].recused.is_empty());
        let mut orders: Vec<u32> = config.presenters.iter().filter_map(|p| p.order).collect();
        orders.sort();
        assert_eq!(
            orders,
            (1..=config.presenters.len() as u32).collect::<Vec<_>>()
        );
        assert!(config.validated().is_ok());
    }

    #[test]
    fn a_removed_groups_judges_are_asked_for_a_group_and_never_join_a_new_one_unasked() {
        let mut config = demo_event();
        let gone = config.groups[0].id.clone();
        config.aggregation.tie_break = vec![TieBreak::Group(gone.clone()), TieBreak::Shared];
        remove_group(&mut config, &gone);
        assert_eq!(config.aggregation.tie_break, [TieBreak::Shared]);
        add_group(&mut config);
        assert_ne!(config.groups.last().unwrap().id, gone);
        let errors = config.clone().validated().unwrap_err().0;
        let judge_error = errors
            .iter()
            .find(|e| e.field.starts_with("judges[") && e.field.ends_with(".group"))
            .expect("a judge of the removed group");
        assert_eq!(beside_words(judge_error, Lang::Zh), "请选择评委组。");
        assert!(!summary_words(judge_error, &config, Lang::Zh).contains(gone.as_str()));
    }

    #[test]
    fn a_judge_needs_a_group_to_be_added() {
        let mut config = demo_event();
        assert!(add_judge(&mut config));
        assert_eq!(config.judges.last().unwrap().group, config.groups[0].id);
        config.groups.clear();
        assert!(!add_judge(&mut config));
    }

    #[test]
    fn custom_weighting_starts_with_equal_shares_that_add_up_to_one() {
        assert_eq!(
            equal_weights(3),
            [Weight(3_334), Weight(3_333), Weight(3_333)]
        );
        let mut config = demo_event();
        set_weighting(&mut config, GroupWeighting::Custom);
        let sum: u32 = config.groups.iter().map(|g| g.weight.unwrap().0).sum();
        assert_eq!(sum, Weight::ONE);
        assert!(config.clone().validated().is_ok());
        set_weighting(&mut config, GroupWeighting::Off);
        assert!(config.groups.iter().all(|g| g.weight.is_none()));
        assert!(config.validated().is_ok());
    }

    #[test]
    fn a_new_tie_break_step_goes_before_the_closing_shared() {
        let mut config = demo_event();
        config.aggregation.tie_break = vec![TieBreak::UntrimmedMean, TieBreak::Shared];
        add_tie_break(&mut config);
        let first_group = TieBreak::Group(config.groups[0].id.clone());
        assert_eq!(
            config.aggregation.tie_break,
            [TieBreak::UntrimmedMean, first_group, TieBreak::Shared]
        );
        assert!(config.validated().is_ok());
        let mut bare = demo_event();
        bare.aggregation.tie_break.clear();
        add_tie_break(&mut bare);
        assert_eq!(bare.aggregation.tie_break, [TieBreak::UntrimmedMean]);
    }

    #[test]
    fn after_the_start_only_the_words_of_a_draft_are_kept() {
        let saved = demo_event();
        let mut draft = saved.clone();
        draft.title = "新标题".into();
        draft.presenters[0].name = "王强".into();
        draft.criteria[0].description = Some("说明".into());
        draft.phases.report = Duration(60);
        draft.judges[0].recused = vec![draft.presenters[1].id.clone()];
        add_presenter(&mut draft);
        let kept = keep_words(&saved, &draft);
        assert_eq!(kept.title, "新标题");
        assert_eq!(kept.presenters[0].name, "王强");
        assert_eq!(kept.criteria[0].description.as_deref(), Some("说明"));
        assert_eq!(kept.phases, saved.phases);
        assert_eq!(kept.judges[0].recused, saved.judges[0].recused);
        assert_eq!(kept.presenters.len(), saved.presenters.len());
    }

    #[test]
    fn a_problem_is_shown_beside_its_field_and_its_parts() {
        assert!(is_beside("presenters[2].name", "presenters[2].name"));
        assert!(is_beside("judges[0].recused[1]", "judges[0].recused"));
        assert!(!is_beside("presenters[12].name", "presenters[1]"));
        assert!(!is_beside("presenters[2].name", "presenters[2].unit"));
    }

    #[test]
    fn a_problem_leads_to_its_input_by_the_items_id() {
        let config = demo_event();
        let p = &config.presenters[2].id;
        let j = &config.judges[0].id;
        assert_eq!(
            element_for("presenters[2].last_rank", &config),
            Some(format!("edit-presenters.{p}.last-rank"))
        );
        assert_eq!(
            element_for("judges[0].recused[3]", &config),
            Some(format!("edit-judges.{j}.recused"))
        );
        assert_eq!(
            element_for("presenters[2].id", &config),
            Some(format!("edit-presenters.{p}"))
        );
        assert_eq!(
            element_for("phases.report", &config).as_deref(),
            Some("edit-phases-report")
        );
        assert_eq!(
            element_for("aggregation.tie_break[1]", &config).as_deref(),
            Some("edit-aggregation-tie-break-1")
        );
        assert_eq!(element_for("presenters[99].name", &config), None);
        // The same ids the inputs are given.
        let at = At::Item(ListKind::Presenters, p.clone(), "last_rank");
        assert_eq!(
            Some(at.element_id()),
            element_for("presenters[2].last_rank", &config)
        );
        assert_eq!(at.path(&config).as_deref(), Some("presenters[2].last_rank"));
    }

    #[test]
    fn problems_are_said_in_the_hosts_language_with_the_field_in_plain_words() {
        let mut config = demo_event();
        config.presenters[1].name = String::new();
        let errors = config.clone().validated().unwrap_err().0;
        let zh = summary_words(&errors[0], &config, Lang::Zh);
        assert!(zh.contains("第 2 位述职人"), "{zh}");
        assert!(!zh.contains("presenters"), "{zh}");
        let en = summary_words(&errors[0], &config, Lang::En);
        assert!(en.starts_with("Presenter 2"), "{en}");
    }

    #[test]
    fn the_servers_answers_to_a_save_are_read() {
        assert_eq!(save_answer(Ok((200, "{}".into()))), SaveAnswer::Saved);
        assert_eq!(save_answer(Err(())), SaveAnswer::Offline);
        let started = r#"{"error":{"code":"event_started","message":"…"}}"#;
        assert_eq!(save_answer(Ok((409, started.into()))), SaveAnswer::Started);
        let rehearsal = r#"{"error":{"code":"rehearsal_on","message":"…"}}"#;
        assert_eq!(
            save_answer(Ok((409, rehearsal.into()))),
            SaveAnswer::RehearsalOn
        );
        let invalid = r#"{"error":{"code":"invalid_config","message":"x",
            "fields":[{"field":"title","message":"the event needs a title"}]}}"#;
        assert_eq!(
            save_answer(Ok((400, invalid.into()))),
            SaveAnswer::Invalid(vec![FieldError {
                field: "title".into(),
                message: "the event needs a title".into()
            }])
        );
        assert_eq!(save_answer(Ok((401, String::new()))), SaveAnswer::SignedOut);
        assert_eq!(
            save_answer(Ok((500, "oops".into()))),
            SaveAnswer::Refused(Msg::ErrGeneric)
        );
    }

    #[test]
    fn a_servers_field_error_is_labelled_in_the_hosts_language() {
        let config = demo_event();
        let error = FieldError {
            field: "id".into(),
            message: "is 'x', but this is the config of 'y'".into(),
        };
        let zh = server_words(&error, &[], &config, Lang::Zh);
        assert!(zh.starts_with("活动编号："), "{zh}");
    }

    #[test]
    fn the_save_button_counts_the_problems_in_both_languages() {
        assert_eq!(
            fill_for(Lang::Zh, Msg::EditSaveBlocked, 3),
            "还有 3 处要修改，改好才能保存"
        );
        assert!(fill_for(Lang::En, Msg::EditSaveBlocked, 3).contains('3'));
    }
}
