//! What [`EventConfig::validated`] finds wrong, as data, and how to say it to a host in
//! either language: the problem itself, and the field it is about in plain words.
//!
//! The English of a problem is the `message` the API has always returned, word for word;
//! the Chinese is written for the host's editor, with full-width punctuation and no ids or
//! key names.

use super::{Duration, EventConfig, Weight};
use crate::lang::Lang;
use crate::limits;
use crate::score::{format_scaled, Score};

/// One of the config's four lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Presenters,
    Groups,
    Judges,
    Criteria,
}

impl ListKind {
    pub const ALL: [ListKind; 4] = [
        ListKind::Presenters,
        ListKind::Groups,
        ListKind::Judges,
        ListKind::Criteria,
    ];

    /// The list's key in a config: `presenters`.
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Presenters => "presenters",
            ListKind::Groups => "groups",
            ListKind::Judges => "judges",
            ListKind::Criteria => "criteria",
        }
    }

    fn zh_noun(self) -> &'static str {
        match self {
            ListKind::Presenters => "述职人",
            ListKind::Groups => "评委组",
            ListKind::Judges => "评委",
            ListKind::Criteria => "评分项",
        }
    }

    /// The measure word: people are 位, the rest 个.
    fn zh_measure(self) -> &'static str {
        match self {
            ListKind::Presenters | ListKind::Judges => "位",
            ListKind::Groups | ListKind::Criteria => "个",
        }
    }

    fn en_noun(self) -> &'static str {
        match self {
            ListKind::Presenters => "Presenter",
            ListKind::Groups => "Group",
            ListKind::Judges => "Judge",
            ListKind::Criteria => "Criterion",
        }
    }
}

/// What is wrong with one field of a config, with what it takes to say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The title is blank.
    TitleEmpty,
    /// A text is longer than its limit, in characters.
    TooLong {
        chars: usize,
        max: usize,
    },
    /// The date, as written, is not `YYYY-MM-DD`.
    BadDate(String),
    /// A list is empty.
    NoneOf(ListKind),
    /// A list is longer than its limit.
    TooMany {
        kind: ListKind,
        count: usize,
        max: usize,
    },
    /// An id is used by two items of a list.
    DuplicateId {
        kind: ListKind,
        id: String,
    },
    PresenterNameEmpty,
    JudgeNameEmpty,
    /// A judge's group or a tie-break step names a group id the config lacks.
    UnknownGroup(String),
    /// A judge is recused from a presenter id the config lacks.
    UnknownPresenter(String),
    /// A judge's recusals name this presenter twice; `name` is the presenter's.
    RecusedTwice {
        id: String,
        name: String,
    },
    /// A criterion's minimum is below 0.
    MinNegative,
    /// A criterion's maximum is above the highest allowed.
    ScoreAbove {
        value: Score,
        max: Score,
    },
    MaxNotAboveMin {
        min: Score,
        max: Score,
    },
    StepNotPositive,
    /// The steps from the minimum do not land on the maximum.
    StepUneven {
        min: Score,
        max: Score,
        step: Score,
    },
    /// Custom weighting, and a group without a weight.
    WeightMissing,
    /// A group has a weight, but the weighting is not custom.
    WeightUnused,
    /// The custom weights add up to this, not 1.
    WeightsSum(Weight),
    TooManyCues {
        count: usize,
        max: usize,
    },
    /// A cue, in seconds left, past the longest phase.
    CueTooLate {
        secs: u32,
        max: u32,
    },
    /// A cue given twice, in seconds left.
    CueTwice(u32),
    /// A number of the aggregation is above its limit.
    NumberAbove {
        value: u32,
        max: u32,
    },
    /// Trimming this many would leave no total when trimming starts.
    TrimLeavesNone {
        high: u32,
        low: u32,
    },
    TooManyDecimals,
    /// More sheets needed to reveal than there are judges.
    QuorumTooHigh {
        sheets: u32,
        judges: usize,
    },
    /// A group has fewer judges than the sheets needed from each group.
    GroupTooSmall {
        id: String,
        name: String,
        judges: usize,
        needed: u32,
    },
    TooManyTieBreaks {
        count: usize,
        max: usize,
    },
    /// "shared" is followed by another step.
    SharedNotLast,
    /// A phase is 0 or longer than the longest allowed.
    PhaseOutOfRange(Duration),
    LastRankOutOfRange {
        max: usize,
    },
    /// Some presenters have an order and this one has none.
    OrderMissing,
    OrderOutOfRange {
        order: u32,
        count: u32,
    },
    /// Another presenter (at index `other` of the list) has this order already.
    OrderTaken {
        order: u32,
        other: usize,
        other_name: String,
    },
}

impl ConfigProblem {
    /// The problem in `lang`, to follow the field's name.
    pub fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    /// The API's message, word for word as it has always been.
    fn en(&self) -> String {
        use ConfigProblem::*;
        match self {
            TitleEmpty => "the event needs a title".into(),
            TooLong { chars, max } => format!("has {chars} characters; at most {max}"),
            BadDate(date) => format!("'{date}' is not a date like 2026-07-06"),
            NoneOf(kind) => format!("the event needs at least one of its {}", kind.key()),
            TooMany { kind, count, max } => format!(
                "an event has at most {max} {}; this one has {count}",
                kind.key()
            ),
            DuplicateId { id, .. } => format!("'{id}' is used twice"),
            PresenterNameEmpty => "a presenter needs a name".into(),
            JudgeNameEmpty => "a judge needs a display name".into(),
            UnknownGroup(id) => format!("'{id}' is not one of the groups"),
            UnknownPresenter(id) => format!("'{id}' is not a presenter"),
            RecusedTwice { id, .. } => format!("'{id}' is named twice"),
            MinNegative => "a criterion's minimum cannot be negative".into(),
            ScoreAbove { value, max } => format!("is {value}; at most {max}"),
            MaxNotAboveMin { min, max } => {
                format!("the maximum {max} must be above the minimum {min}")
            }
            StepNotPositive => "the step must be above 0".into(),
            StepUneven { min, max, step } => {
                format!("{min} to {max} is not a whole number of steps of {step}")
            }
            WeightMissing => "custom weighting needs a weight for every group".into(),
            WeightUnused => {
                "a weight is only used with aggregation.group_weighting = \"custom\"".into()
            }
            WeightsSum(sum) => format!("the weights add up to {}, not 1", weight_text(*sum)),
            TooManyCues { count, max } => format!("has {count} cues; at most {max}"),
            CueTooLate { secs, max } => {
                format!("{secs} seconds is longer than the longest phase ({max} seconds)")
            }
            CueTwice(secs) => format!("{secs} is named twice"),
            NumberAbove { value, max } => format!("is {value}; at most {max}"),
            TrimLeavesNone { high, low } => format!(
                "trimming {high} high and {low} low needs at least {} totals, so that one is left",
                least_to_trim(*high, *low)
            ),
            TooManyDecimals => "scores have at most 2 decimals".into(),
            QuorumTooHigh { sheets, judges } => {
                format!("{sheets} sheets can never arrive from {judges} judges")
            }
            GroupTooSmall {
                id, judges, needed, ..
            } => format!("group '{id}' has {judges} judges, fewer than {needed}"),
            TooManyTieBreaks { count, max } => format!("has {count} steps; at most {max}"),
            SharedNotLast => "\"shared\" ends the chain; nothing can follow it".into(),
            PhaseOutOfRange(d) => format!("{d} is not between 0:01 and 240:00"),
            LastRankOutOfRange { max } => format!("is not between 1 and {max}"),
            OrderMissing => "give every presenter an order, or none".into(),
            OrderOutOfRange { order, count } => format!("{order} is not between 1 and {count}"),
            OrderTaken { order, other, .. } => {
                format!("{order} is also presenters[{other}]'s order")
            }
        }
    }

    fn zh(&self) -> String {
        use ConfigProblem::*;
        match self {
            TitleEmpty => "请填写活动的标题。".into(),
            TooLong { chars, max } => format!("写了 {chars} 个字，最多 {max} 个字。"),
            BadDate(date) => format!("“{date}”不是日期，请照 2026-07-06 这样写。"),
            NoneOf(kind) => format!(
                "至少要有一{}{}。",
                kind.zh_measure(),
                kind.zh_noun()
            ),
            TooMany { kind, count, max } => format!(
                "一场活动最多 {max} {m}{noun}，现在有 {count} {m}。",
                m = kind.zh_measure(),
                noun = kind.zh_noun()
            ),
            DuplicateId { kind, id } => format!(
                "编号“{id}”在{}名单里用了两次，每个编号只能用一次。",
                kind.zh_noun()
            ),
            PresenterNameEmpty => "请填写述职人的姓名。".into(),
            JudgeNameEmpty => "请填写评委的姓名。".into(),
            UnknownGroup(id) => format!("没有“{id}”这个组别。"),
            UnknownPresenter(id) => format!("没有“{id}”这位述职人。"),
            RecusedTwice { id, name } => format!("“{}”写了两次。", name_or(name, id)),
            MinNegative => "最低分不能是负数。".into(),
            ScoreAbove { value, max } => format!("现在是 {value} 分，最多 {max} 分。"),
            MaxNotAboveMin { min, max } => {
                format!("最高分（{max} 分）要比最低分（{min} 分）高。")
            }
            StepNotPositive => "每次加减的分数要大于 0。".into(),
            StepUneven { min, max, step } => {
                format!("从 {min} 分起每次加 {step} 分，到不了正好 {max} 分。")
            }
            WeightMissing => "按各组自己的权重计分时，每个评委组都要填权重。".into(),
            WeightUnused => "只有按各组自己的权重计分时才要填权重。".into(),
            WeightsSum(sum) => format!(
                "各组的权重加起来是 {}，应该正好是 1。",
                weight_text(*sum)
            ),
            TooManyCues { count, max } => format!("设了 {count} 个提醒，最多 {max} 个。"),
            CueTooLate { secs, max } => {
                format!("剩 {secs} 秒时提醒，比最长的环节（{}）还长。", zh_secs(*max))
            }
            CueTwice(secs) => format!("剩 {secs} 秒时的提醒写了两次。"),
            NumberAbove { value, max } => format!("现在是 {value}，最多 {max}。"),
            TrimLeavesNone { high, low } => format!(
                "去掉 {high} 个最高分和 {low} 个最低分后，至少还要留下一份，所以至少要 {} 份才去分。",
                least_to_trim(*high, *low)
            ),
            TooManyDecimals => "分数最多显示 2 位小数。".into(),
            QuorumTooHigh { sheets, judges } => {
                format!("只有 {judges} 位评委，凑不齐 {sheets} 份评分表。")
            }
            GroupTooSmall {
                id,
                name,
                judges,
                needed,
            } => format!(
                "评委组“{}”只有 {judges} 位评委，凑不齐 {needed} 份评分表。",
                name_or(name, id)
            ),
            TooManyTieBreaks { count, max } => format!("列了 {count} 项，最多 {max} 项。"),
            SharedNotLast => "“并列”只能放在最后，后面不能再比别的。".into(),
            PhaseOutOfRange(d) => format!(
                "要在 1 秒到 {} 之间，现在是 {}。",
                zh_secs(limits::MAX_PHASE_SECS),
                zh_secs(d.secs())
            ),
            LastRankOutOfRange { max } => format!("要在 1 到 {max} 之间。"),
            OrderMissing => "出场顺序要么每位述职人都填，要么都不填。".into(),
            OrderOutOfRange { order, count } => {
                format!("填的是 {order}，要在 1 到 {count} 之间。")
            }
            OrderTaken {
                order,
                other,
                other_name,
            } => {
                let who = match short(other_name) {
                    Some(name) => format!("第 {} 位述职人（{name}）", other + 1),
                    None => format!("第 {} 位述职人", other + 1),
                };
                format!("{who}也是第 {order} 个出场。")
            }
        }
    }
}

/// The totals trimming needs so that one is left; wide, so no count overflows.
fn least_to_trim(high: u32, low: u32) -> u64 {
    u64::from(high) + u64::from(low) + 1
}

/// A sum of weights as the API has always written it: `0.9`.
fn weight_text(sum: Weight) -> String {
    format_scaled(sum.0 as i64, 4)
        .trim_end_matches('0')
        .to_string()
}

/// A length of time in words: `10 分钟`, `1 分 30 秒`, `45 秒`.
fn zh_secs(secs: u32) -> String {
    let (m, s) = (secs / 60, secs % 60);
    match (m, s) {
        (0, s) => format!("{s} 秒"),
        (m, 0) => format!("{m} 分钟"),
        (m, s) => format!("{m} 分 {s} 秒"),
    }
}

/// A name to quote in a label, cut when long; `None` when it is blank.
fn short(name: &str) -> Option<String> {
    const MOST: usize = 20;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    Some(match name.char_indices().nth(MOST) {
        None => name.to_string(),
        Some((end, _)) => format!("{}…", &name[..end]),
    })
}

fn name_or(name: &str, id: &str) -> String {
    short(name).unwrap_or_else(|| id.to_string())
}

/// A field path such as `presenters[2].name` in plain words of `lang`, naming the item
/// where the config has a name for it: `第 3 位述职人（王强）的姓名`,
/// `Presenter 3 (Wang Qiang): name`. A path it does not know comes back as it is.
pub fn field_label(field: &str, config: &EventConfig, lang: Lang) -> String {
    label(field, config, lang).unwrap_or_else(|| field.to_string())
}

/// One step of a path: `judges[3]` is `("judges", Some(3))`.
fn steps(field: &str) -> Option<Vec<(&str, Option<usize>)>> {
    field
        .split('.')
        .map(|step| match step.split_once('[') {
            None => Some((step, None)),
            Some((key, rest)) => {
                let index = rest.strip_suffix(']')?.parse().ok()?;
                Some((key, Some(index)))
            }
        })
        .collect()
}

fn label(field: &str, config: &EventConfig, lang: Lang) -> Option<String> {
    let steps = steps(field)?;
    let zh = lang == Lang::Zh;
    let plain = |zh_text: &str, en_text: &str| Some(if zh { zh_text } else { en_text }.to_string());
    match steps.as_slice() {
        [(key, None)] => {
            let (z, e) = top_level(key)?;
            plain(z, e)
        }
        [("phases", None), (phase, None)] => match *phase {
            "report" => plain("汇报时长", "Report time"),
            "defence" => plain("答辩时长", "Defence time"),
            "scoring" => plain("评分时长", "Scoring time"),
            _ => None,
        },
        [("screen", None), (option, None)] => match *option {
            "cues" => plain("计时提醒", "Timer cues"),
            "show_judge_names" => plain(
                "大屏幕上是否显示评委姓名",
                "Judges' names on the big screen",
            ),
            _ => None,
        },
        [("aggregation", None), ("tie_break", Some(i))] => Some(if zh {
            format!("同分时第 {} 个比较的依据", i + 1)
        } else {
            format!("Tie-break step {}", i + 1)
        }),
        [("aggregation", None), (rule, None)] => {
            let (z, e) = aggregation_rule(rule)?;
            plain(z, e)
        }
        [(list, Some(i))] => Some(item(kind_of(list)?, *i, config, lang)),
        [("judges", Some(i)), ("recused", Some(k))] => {
            let judge = item(ListKind::Judges, *i, config, lang);
            Some(if zh {
                format!("{judge}回避名单里的第 {} 位", k + 1)
            } else {
                format!("{judge}: recused presenter {}", k + 1)
            })
        }
        [(list, Some(i)), (part, None)] => {
            let kind = kind_of(list)?;
            let (z, e) = item_field(kind, part)?;
            let item = item(kind, *i, config, lang);
            Some(if zh {
                format!("{item}{z}")
            } else {
                format!("{item}: {e}")
            })
        }
        _ => None,
    }
}

fn kind_of(key: &str) -> Option<ListKind> {
    ListKind::ALL.into_iter().find(|kind| kind.key() == key)
}

/// A field of the config itself, in Chinese and English.
fn top_level(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "id" => ("活动编号", "Event id"),
        "title" => ("活动标题", "Title"),
        "date" => ("活动日期", "Date"),
        "language" => ("活动的语言", "Language"),
        "presenters" => ("述职人名单", "Presenters"),
        "groups" => ("评委组", "Groups"),
        "judges" => ("评委名单", "Judges"),
        "criteria" => ("评分项", "Criteria"),
        "phases" => ("各环节的时长", "Phase times"),
        "aggregation" => ("计分方法", "Scoring rules"),
        "screen" => ("大屏幕", "Big screen"),
        _ => return None,
    })
}

/// A rule of how totals make a final score, in Chinese and English.
fn aggregation_rule(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "trim_scope" => (
            "在哪个范围里去掉最高分和最低分",
            "Where the highest and lowest are dropped",
        ),
        "trim_high" => ("去掉最高分的个数", "Highest totals dropped"),
        "trim_low" => ("去掉最低分的个数", "Lowest totals dropped"),
        "trim_min_count" => (
            "评分达到几份才去掉最高分和最低分",
            "Totals needed before any is dropped",
        ),
        "group_weighting" => ("各评委组怎样合成最后得分", "Weighting of the groups"),
        "quorum_min_sheets" => ("亮分所需的最少评分表数", "Sheets needed to reveal"),
        "quorum_min_per_group" => (
            "亮分时每个评委组至少要交的评分表数",
            "Sheets needed from each group to reveal",
        ),
        "display_decimals" => ("得分显示的小数位数", "Decimals shown"),
        "tie_break" => ("同分时的比较顺序", "Tie-break order"),
        _ => return None,
    })
}

/// A field of a list's item: the Chinese follows the item's name (`的姓名`), the English
/// follows a colon.
fn item_field(kind: ListKind, key: &str) -> Option<(&'static str, &'static str)> {
    Some(match (kind, key) {
        (_, "id") => ("的编号", "id"),
        (ListKind::Presenters | ListKind::Judges, "name") => ("的姓名", "name"),
        (ListKind::Groups | ListKind::Criteria, "name") => ("的名称", "name"),
        (ListKind::Presenters, "unit") => ("的单位", "unit"),
        (ListKind::Presenters, "order") => ("的出场顺序", "order of speaking"),
        (ListKind::Presenters, "last_rank") => ("的上次名次", "previous place"),
        (ListKind::Presenters, "summary") => ("的简介", "summary"),
        (ListKind::Groups, "weight") => ("的权重", "weight"),
        (ListKind::Judges, "group") => ("的组别", "group"),
        (ListKind::Judges, "recused") => ("的回避名单", "recused presenters"),
        (ListKind::Criteria, "min") => ("的最低分", "lowest score"),
        (ListKind::Criteria, "max") => ("的最高分", "highest score"),
        (ListKind::Criteria, "step") => ("每次加减的分数", "step"),
        (ListKind::Criteria, "description") => ("的说明", "description"),
        _ => return None,
    })
}

/// The name at `index` of a list, if the config has one there.
fn name_at(kind: ListKind, index: usize, config: &EventConfig) -> Option<&str> {
    match kind {
        ListKind::Presenters => config.presenters.get(index).map(|p| p.name.as_str()),
        ListKind::Groups => config.groups.get(index).map(|g| g.name.as_str()),
        ListKind::Judges => config.judges.get(index).map(|j| j.name.as_str()),
        ListKind::Criteria => config.criteria.get(index).map(|c| c.name.as_str()),
    }
}

/// Whether no other item of the list has this name, so the name alone says which.
fn name_is_unique(kind: ListKind, name: &str, config: &EventConfig) -> bool {
    let names: Vec<&str> = match kind {
        ListKind::Presenters => config.presenters.iter().map(|p| p.name.as_str()).collect(),
        ListKind::Groups => config.groups.iter().map(|g| g.name.as_str()).collect(),
        ListKind::Judges => config.judges.iter().map(|j| j.name.as_str()).collect(),
        ListKind::Criteria => config.criteria.iter().map(|c| c.name.as_str()).collect(),
    };
    names.iter().filter(|n| n.trim() == name.trim()).count() == 1
}

/// An item of a list: `第 3 位述职人（王强）`, `评委“李梅”`, `Presenter 3 (Wang Qiang)`.
/// Presenters go by their place in the list, the rest by name alone when it is unique.
fn item(kind: ListKind, index: usize, config: &EventConfig, lang: Lang) -> String {
    let n = index + 1;
    let raw = name_at(kind, index, config).unwrap_or("");
    let name = short(raw);
    match lang {
        Lang::En => match name {
            Some(name) => format!("{} {n} ({name})", kind.en_noun()),
            None => format!("{} {n}", kind.en_noun()),
        },
        Lang::Zh => {
            let ordinal = format!("第 {n} {}{}", kind.zh_measure(), kind.zh_noun());
            match name {
                None => ordinal,
                Some(name) if kind != ListKind::Presenters && name_is_unique(kind, raw, config) => {
                    format!("{}“{name}”", kind.zh_noun())
                }
                Some(name) => format!("{ordinal}（{name}）"),
            }
        }
    }
}
