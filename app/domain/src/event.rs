//! An event's configuration: who presents, who judges, the rubric, the phases and the
//! aggregation rule; read from TOML or JSON and validated before anything trusts it.

use super::ids::Id;
use super::lang::Lang;
use super::limits;
use super::score::{scaled_from_f64, Score};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

mod problem;
pub use problem::{field_label, ConfigProblem, ListKind};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventConfig {
    pub id: Id,
    pub title: String,
    /// The day of the event, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default)]
    pub language: Lang,
    #[serde(default)]
    pub phases: Phases,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default)]
    pub screen: ScreenOptions,
    /// 局长直通车: how the representatives' votes on items count, and the venue's offset.
    #[serde(
        default,
        skip_serializing_if = "super::item_terms::ItemSettings::is_default"
    )]
    pub items: super::item_terms::ItemSettings,
    pub groups: Vec<Group>,
    pub criteria: Vec<Criterion>,
    pub presenters: Vec<Presenter>,
    pub judges: Vec<Judge>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presenter {
    pub id: Id,
    pub name: String,
    pub unit: String,
    /// Speaking order from 1; when every presenter leaves it out, `last_rank` sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// Place in the previous ranking, if there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rank: Option<u32>,
    /// A line or two about the presenter's work, for the screen and the judges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: Id,
    pub name: String,
    /// Only with `group_weighting = "custom"`; all weights add up to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judge {
    pub id: Id,
    pub name: String,
    pub group: Id,
    /// Presenters this judge does not score (a conflict of interest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recused: Vec<Id>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: Id,
    pub name: String,
    pub min: Score,
    pub max: Score,
    pub step: Score,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Time limits of the phases a presenter goes through.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Phases {
    pub report: Duration,
    pub defence: Duration,
    pub scoring: Duration,
}

impl Default for Phases {
    fn default() -> Self {
        Phases {
            report: Duration(600),
            defence: Duration(300),
            scoring: Duration(180),
        }
    }
}

/// Cues an event may set: a few moments to mark, not a metronome.
pub const MAX_CUES: usize = 5;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScreenOptions {
    /// Show judges' names on the big screen at reveal (otherwise only their group).
    pub show_judge_names: bool,
    /// Seconds left in a phase at which the screen and the host's console flash and beep;
    /// 0 is time up.
    /// Left out when it is the default, so a config reads the same on an earlier build.
    #[serde(default = "default_cues", skip_serializing_if = "is_default_cues")]
    pub cues: Vec<u32>,
}

/// One minute left, and time up.
fn default_cues() -> Vec<u32> {
    vec![60, 0]
}

fn is_default_cues(cues: &[u32]) -> bool {
    cues == [60, 0]
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            show_judge_names: false,
            cues: default_cues(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrimScope {
    /// Drop the highest and lowest totals of the whole panel.
    #[default]
    Panel,
    /// Drop the highest and lowest totals within each group.
    Group,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupWeighting {
    /// Final = mean of the kept totals; groups play no part.
    Off,
    /// Final = mean of the group subtotals.
    #[default]
    Equal,
    /// Final = sum of weight × group subtotal, with each group's own weight.
    Custom,
}

/// One step of the chain that orders presenters whose final scores are equal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TieBreak {
    /// The mean of all counted totals, before trimming.
    UntrimmedMean,
    /// A group's subtotal.
    Group(Id),
    /// Stop here: whoever is still equal shares the place.
    Shared,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Aggregation {
    pub trim_scope: TrimScope,
    /// How many of the highest totals to drop.
    pub trim_high: u32,
    /// How many of the lowest totals to drop.
    pub trim_low: u32,
    /// Trimming applies from this many totals (in the scope) up; below it, a plain mean.
    pub trim_min_count: u32,
    pub group_weighting: GroupWeighting,
    /// Submitted sheets needed overall before a presenter can be revealed.
    pub quorum_min_sheets: u32,
    /// Submitted sheets needed from every group.
    pub quorum_min_per_group: u32,
    /// Decimal places shown for final scores (0 to 2); the ranking uses exact values.
    pub display_decimals: u32,
    pub tie_break: Vec<TieBreak>,
}

impl Default for Aggregation {
    fn default() -> Self {
        Aggregation {
            trim_scope: TrimScope::Panel,
            trim_high: 1,
            trim_low: 1,
            trim_min_count: 5,
            group_weighting: GroupWeighting::Equal,
            quorum_min_sheets: 1,
            quorum_min_per_group: 0,
            display_decimals: 2,
            tie_break: vec![TieBreak::UntrimmedMean, TieBreak::Shared],
        }
    }
}

/// A phase length, written `"10:00"` (or a number of seconds) in a config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration(pub u32);

impl Duration {
    pub fn secs(self) -> u32 {
        self.0
    }
    pub fn parse(text: &str) -> Result<Duration, String> {
        let bad = || format!("'{text}' is not a duration like \"10:00\"");
        let (m, s) = text.trim().split_once(':').ok_or_else(bad)?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        let s: u32 = s.parse().map_err(|_| bad())?;
        if s >= 60 || s.to_string().len() > 2 {
            return Err(bad());
        }
        m.checked_mul(60)
            .and_then(|secs| secs.checked_add(s))
            .map(Duration)
            .ok_or_else(|| format!("'{text}' is too long a duration"))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration like \"10:00\" or a number of seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Duration::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                u32::try_from(v)
                    .map(Duration)
                    .map_err(|_| E::custom("a duration cannot be negative"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                u32::try_from(v)
                    .map(Duration)
                    .map_err(|_| E::custom("that duration is too long"))
            }
        }
        d.deserialize_any(V)
    }
}

/// A group weight in ten-thousandths (0.2 is 2000), so weights add up exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Weight(pub u32);

impl Weight {
    pub const ONE: u32 = 10_000;
}

impl Serialize for Weight {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0 as f64 / Weight::ONE as f64)
    }
}

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Weight;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a weight between 0 and 1 with at most four decimals")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Weight, E> {
                let scaled = scaled_from_f64(v, 4).map_err(E::custom)?;
                if !(0..=Weight::ONE as i64).contains(&scaled) {
                    return Err(E::custom(format!("weight {v} is not between 0 and 1")));
                }
                Ok(Weight(scaled as u32))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Weight, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Weight, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(V)
    }
}

impl fmt::Display for TieBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TieBreak::UntrimmedMean => f.write_str("untrimmed_mean"),
            TieBreak::Group(id) => write!(f, "group:{id}"),
            TieBreak::Shared => f.write_str("shared"),
        }
    }
}

impl TieBreak {
    pub fn parse(text: &str) -> Result<TieBreak, String> {
        match text {
            "untrimmed_mean" => Ok(TieBreak::UntrimmedMean),
            "shared" => Ok(TieBreak::Shared),
            _ => match text.strip_prefix("group:") {
                Some(id) => Id::parse(id).map(TieBreak::Group),
                None => Err(format!(
                    "'{text}' is not a tie-break: use \"untrimmed_mean\", \"group:<id>\" or \"shared\""
                )),
            },
        }
    }
}

impl Serialize for TieBreak {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TieBreak {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TieBreak::parse(&text).map_err(de::Error::custom)
    }
}

/// What is wrong with a config, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The field, as a path: `judges[3].group`.
    pub field: String,
    /// In English, as the API returns it.
    pub message: String,
    /// What is wrong, to say in either language; `None` when the config did not even read
    /// (TOML or JSON syntax, a wrong type), and `message` is all there is.
    pub problem: Option<ConfigProblem>,
}

impl ConfigError {
    /// An error with a message only, in English.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            field: field.into(),
            message: message.into(),
            problem: None,
        }
    }

    /// An error from a rule of [`EventConfig::validated`]; its message is the English.
    pub fn of(field: impl Into<String>, problem: ConfigProblem) -> ConfigError {
        ConfigError {
            field: field.into(),
            message: problem.say(Lang::En),
            problem: Some(problem),
        }
    }

    /// The error in plain words of `lang`: the field, named as the host knows it, then
    /// what is wrong with it.
    pub fn say(&self, config: &EventConfig, lang: Lang) -> String {
        let message = match &self.problem {
            Some(problem) => problem.say(lang),
            None => self.message.clone(),
        };
        if self.field.is_empty() {
            return message;
        }
        let label = field_label(&self.field, config, lang);
        match lang {
            Lang::Zh => format!("{label}：{message}"),
            Lang::En => format!("{label}: {message}"),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Every problem found in one config, so a host can fix them all in one go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl ConfigErrors {
    fn one(field: &str, message: impl Into<String>) -> ConfigErrors {
        ConfigErrors(vec![ConfigError::new(field, message)])
    }
}

impl EventConfig {
    /// Reads and validates a config written in TOML.
    pub fn from_toml(text: &str) -> Result<EventConfig, ConfigErrors> {
        let raw: EventConfig = toml::from_str(text).map_err(|e| {
            let field = e.span().map(|s| describe_span(text, s)).unwrap_or_default();
            ConfigErrors::one(&field, e.message().trim().to_string())
        })?;
        raw.validated()
    }

    /// Reads and validates a config sent as JSON: an object, whose parts are objects where
    /// the config has a table (serde would also take a struct as an array of its fields).
    pub fn from_json(text: &str) -> Result<EventConfig, ConfigErrors> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ConfigErrors::one("", format!("{e}")))?;
        tables_are_objects(&value)?;
        let raw =
            EventConfig::deserialize(value).map_err(|e| ConfigErrors::one("", e.to_string()))?;
        raw.validated()
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("an event config always serialises to TOML")
    }

    /// Checks every rule that crosses fields, and settles the speaking order.
    pub fn validated(mut self) -> Result<EventConfig, ConfigErrors> {
        let mut errors = Vec::new();
        let mut err =
            |field: String, problem: ConfigProblem| errors.push(ConfigError::of(field, problem));

        if self.title.trim().is_empty() {
            err("title".into(), ConfigProblem::TitleEmpty);
        }
        for (field, text, max) in self.texts() {
            let chars = text.chars().count();
            if chars > max {
                err(field, ConfigProblem::TooLong { chars, max });
            }
        }
        if let Some(date) = &self.date {
            if !is_iso_date(date) {
                err("date".into(), ConfigProblem::BadDate(date.clone()));
            }
        }
        for (kind, ids, max) in [
            (
                ListKind::Presenters,
                self.presenters.iter().map(|p| &p.id).collect::<Vec<_>>(),
                limits::MAX_PRESENTERS,
            ),
            (
                ListKind::Groups,
                self.groups.iter().map(|g| &g.id).collect(),
                limits::MAX_GROUPS,
            ),
            (
                ListKind::Judges,
                self.judges.iter().map(|j| &j.id).collect(),
                limits::MAX_JUDGES,
            ),
            (
                ListKind::Criteria,
                self.criteria.iter().map(|c| &c.id).collect(),
                limits::MAX_CRITERIA,
            ),
        ] {
            if ids.is_empty() {
                err(kind.key().into(), ConfigProblem::NoneOf(kind));
            }
            if ids.len() > max {
                err(
                    kind.key().into(),
                    ConfigProblem::TooMany {
                        kind,
                        count: ids.len(),
                        max,
                    },
                );
                // Each of them would be checked below: one error says enough.
                continue;
            }
            let mut seen = BTreeSet::new();
            for (i, id) in ids.iter().enumerate() {
                if !seen.insert(*id) {
                    err(
                        format!("{}[{i}].id", kind.key()),
                        ConfigProblem::DuplicateId {
                            kind,
                            id: id.to_string(),
                        },
                    );
                }
            }
        }
        for (i, p) in self.presenters.iter().enumerate() {
            if p.name.trim().is_empty() {
                err(
                    format!("presenters[{i}].name"),
                    ConfigProblem::PresenterNameEmpty,
                );
            }
        }
        let group_ids: BTreeSet<&Id> = self.groups.iter().map(|g| &g.id).collect();
        let presenter_ids: BTreeSet<&Id> = self.presenters.iter().map(|p| &p.id).collect();
        for (i, j) in self.judges.iter().enumerate() {
            if j.name.trim().is_empty() {
                err(format!("judges[{i}].name"), ConfigProblem::JudgeNameEmpty);
            }
            if !group_ids.contains(&j.group) {
                err(
                    format!("judges[{i}].group"),
                    ConfigProblem::UnknownGroup(j.group.to_string()),
                );
            }
            for (k, r) in j.recused.iter().enumerate() {
                if !presenter_ids.contains(r) {
                    err(
                        format!("judges[{i}].recused[{k}]"),
                        ConfigProblem::UnknownPresenter(r.to_string()),
                    );
                } else if j.recused[..k].contains(r) {
                    let name = self.presenter(r.as_str()).map(|p| p.name.clone());
                    err(
                        format!("judges[{i}].recused[{k}]"),
                        ConfigProblem::RecusedTwice {
                            id: r.to_string(),
                            name: name.unwrap_or_default(),
                        },
                    );
                }
            }
        }
        for (i, c) in self.criteria.iter().enumerate() {
            let at = |f: &str| format!("criteria[{i}].{f}");
            if c.min < Score::ZERO {
                err(at("min"), ConfigProblem::MinNegative);
            }
            if c.max > limits::MAX_CRITERION_SCORE {
                err(
                    at("max"),
                    ConfigProblem::ScoreAbove {
                        value: c.max,
                        max: limits::MAX_CRITERION_SCORE,
                    },
                );
            } else if c.max <= c.min {
                err(
                    at("max"),
                    ConfigProblem::MaxNotAboveMin {
                        min: c.min,
                        max: c.max,
                    },
                );
            }
            let span = c.max.hundredths().checked_sub(c.min.hundredths());
            if c.step <= Score::ZERO {
                err(at("step"), ConfigProblem::StepNotPositive);
            } else if span.is_some_and(|span| span % c.step.hundredths() != 0) {
                err(
                    at("step"),
                    ConfigProblem::StepUneven {
                        min: c.min,
                        max: c.max,
                        step: c.step,
                    },
                );
            }
        }
        self.check_weights(&mut err);
        self.check_aggregation(&group_ids, &mut err);
        self.check_cues(&mut err);
        for (name, d) in [
            ("report", self.phases.report),
            ("defence", self.phases.defence),
            ("scoring", self.phases.scoring),
        ] {
            if d.0 == 0 || d.0 > limits::MAX_PHASE_SECS {
                err(format!("phases.{name}"), ConfigProblem::PhaseOutOfRange(d));
            }
        }
        self.settle_order(&mut err);

        if errors.is_empty() {
            Ok(self)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    fn check_weights(&self, err: &mut impl FnMut(String, ConfigProblem)) {
        let custom = self.aggregation.group_weighting == GroupWeighting::Custom;
        let mut sum = 0u32;
        for (i, g) in self.groups.iter().enumerate() {
            match (custom, g.weight) {
                (true, None) => err(format!("groups[{i}].weight"), ConfigProblem::WeightMissing),
                (false, Some(_)) => err(format!("groups[{i}].weight"), ConfigProblem::WeightUnused),
                (true, Some(w)) => sum = sum.saturating_add(w.0),
                (false, None) => {}
            }
        }
        if custom && self.groups.iter().all(|g| g.weight.is_some()) && sum != Weight::ONE {
            err("groups".into(), ConfigProblem::WeightsSum(Weight(sum)));
        }
    }

    fn check_cues(&self, err: &mut impl FnMut(String, ConfigProblem)) {
        let cues = &self.screen.cues;
        if cues.len() > MAX_CUES {
            err(
                "screen.cues".into(),
                ConfigProblem::TooManyCues {
                    count: cues.len(),
                    max: MAX_CUES,
                },
            );
            return;
        }
        for (i, &cue) in cues.iter().enumerate() {
            if cue > limits::MAX_PHASE_SECS {
                err(
                    "screen.cues".into(),
                    ConfigProblem::CueTooLate {
                        secs: cue,
                        max: limits::MAX_PHASE_SECS,
                    },
                );
            } else if cues[..i].contains(&cue) {
                err("screen.cues".into(), ConfigProblem::CueTwice(cue));
            }
        }
    }

    fn check_aggregation(
        &self,
        group_ids: &BTreeSet<&Id>,
        err: &mut impl FnMut(String, ConfigProblem),
    ) {
        let a = &self.aggregation;
        let most_trimmed = limits::MAX_JUDGES as u32;
        let mut bounded = true;
        for (name, value, max) in [
            ("trim_high", a.trim_high, most_trimmed),
            ("trim_low", a.trim_low, most_trimmed),
            ("trim_min_count", a.trim_min_count, 2 * most_trimmed + 1),
        ] {
            if value > max {
                err(
                    format!("aggregation.{name}"),
                    ConfigProblem::NumberAbove { value, max },
                );
                bounded = false;
            }
        }
        let trimmed = a.trim_high.checked_add(a.trim_low);
        match trimmed {
            Some(n) if bounded && n > 0 && a.trim_min_count <= n => err(
                "aggregation.trim_min_count".into(),
                ConfigProblem::TrimLeavesNone {
                    high: a.trim_high,
                    low: a.trim_low,
                },
            ),
            _ => {}
        }
        if a.display_decimals > 2 {
            err(
                "aggregation.display_decimals".into(),
                ConfigProblem::TooManyDecimals,
            );
        }
        if a.quorum_min_sheets as usize > self.judges.len() {
            err(
                "aggregation.quorum_min_sheets".into(),
                ConfigProblem::QuorumTooHigh {
                    sheets: a.quorum_min_sheets,
                    judges: self.judges.len(),
                },
            );
        }
        for g in &self.groups {
            let members = self.judges.iter().filter(|j| j.group == g.id).count();
            if (a.quorum_min_per_group as usize) > members {
                err(
                    "aggregation.quorum_min_per_group".into(),
                    ConfigProblem::GroupTooSmall {
                        id: g.id.to_string(),
                        name: g.name.clone(),
                        judges: members,
                        needed: a.quorum_min_per_group,
                    },
                );
            }
        }
        if a.tie_break.len() > limits::MAX_TIE_BREAKS {
            err(
                "aggregation.tie_break".into(),
                ConfigProblem::TooManyTieBreaks {
                    count: a.tie_break.len(),
                    max: limits::MAX_TIE_BREAKS,
                },
            );
        }
        for (i, t) in a.tie_break.iter().enumerate() {
            if let TieBreak::Group(id) = t {
                if !group_ids.contains(id) {
                    err(
                        format!("aggregation.tie_break[{i}]"),
                        ConfigProblem::UnknownGroup(id.to_string()),
                    );
                }
            }
            if *t == TieBreak::Shared && i + 1 != a.tie_break.len() {
                err(
                    format!("aggregation.tie_break[{i}]"),
                    ConfigProblem::SharedNotLast,
                );
            }
        }
    }

    /// Orders presenters by `order`, or by `last_rank` when no presenter has an order.
    fn settle_order(&mut self, err: &mut impl FnMut(String, ConfigProblem)) {
        let n = self.presenters.len() as u32;
        // A last rank is checked whether or not it sets the order.
        for (i, p) in self.presenters.iter().enumerate() {
            if p.last_rank
                .is_some_and(|r| r == 0 || r as usize > limits::MAX_PRESENTERS)
            {
                err(
                    format!("presenters[{i}].last_rank"),
                    ConfigProblem::LastRankOutOfRange {
                        max: limits::MAX_PRESENTERS,
                    },
                );
            }
        }
        let with_order = self.presenters.iter().filter(|p| p.order.is_some()).count();
        if with_order == 0 && self.presenters.iter().all(|p| p.last_rank.is_some()) {
            let mut by_rank: Vec<(u32, usize)> = self
                .presenters
                .iter()
                .enumerate()
                .map(|(i, p)| (p.last_rank.unwrap_or(0), i))
                .collect();
            by_rank.sort();
            for (position, (_, i)) in by_rank.into_iter().enumerate() {
                self.presenters[i].order = Some(position as u32 + 1);
            }
            return;
        }
        if with_order == 0 {
            for (i, p) in self.presenters.iter_mut().enumerate() {
                p.order = Some(i as u32 + 1);
            }
            return;
        }
        let mut seen = BTreeMap::new();
        for (i, p) in self.presenters.iter().enumerate() {
            match p.order {
                None => err(
                    format!("presenters[{i}].order"),
                    ConfigProblem::OrderMissing,
                ),
                Some(o) if o == 0 || o > n => err(
                    format!("presenters[{i}].order"),
                    ConfigProblem::OrderOutOfRange { order: o, count: n },
                ),
                Some(o) => {
                    if let Some(other) = seen.insert(o, i) {
                        err(
                            format!("presenters[{i}].order"),
                            ConfigProblem::OrderTaken {
                                order: o,
                                other,
                                other_name: self.presenters[other].name.clone(),
                            },
                        );
                    }
                }
            }
        }
    }

    /// Every text of the config a host wrote, with its field and its longest length.
    fn texts(&self) -> Vec<(String, &str, usize)> {
        use limits::{MAX_NAME_CHARS as NAME, MAX_PROSE_CHARS as PROSE};
        let mut texts = vec![(
            "title".to_string(),
            self.title.as_str(),
            limits::MAX_TITLE_CHARS,
        )];
        for (i, p) in self.presenters.iter().enumerate() {
            texts.push((format!("presenters[{i}].name"), &p.name, NAME));
            texts.push((format!("presenters[{i}].unit"), &p.unit, NAME));
            if let Some(summary) = &p.summary {
                texts.push((format!("presenters[{i}].summary"), summary, PROSE));
            }
        }
        for (i, g) in self.groups.iter().enumerate() {
            texts.push((format!("groups[{i}].name"), &g.name, NAME));
        }
        for (i, j) in self.judges.iter().enumerate() {
            texts.push((format!("judges[{i}].name"), &j.name, NAME));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            texts.push((format!("criteria[{i}].name"), &c.name, NAME));
            if let Some(description) = &c.description {
                texts.push((format!("criteria[{i}].description"), description, PROSE));
            }
        }
        texts
    }

    /// Presenters in speaking order.
    pub fn presenters_in_order(&self) -> Vec<&Presenter> {
        let mut list: Vec<&Presenter> = self.presenters.iter().collect();
        list.sort_by_key(|p| (p.order.unwrap_or(u32::MAX), p.id.clone()));
        list
    }

    pub fn presenter(&self, id: &str) -> Option<&Presenter> {
        self.presenters.iter().find(|p| p.id.as_str() == id)
    }

    pub fn judge(&self, id: &str) -> Option<&Judge> {
        self.judges.iter().find(|j| j.id.as_str() == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id.as_str() == id)
    }

    /// The names of these groups, in the event's order of groups.
    pub fn group_names(&self, ids: &[Id]) -> Vec<String> {
        self.groups
            .iter()
            .filter(|g| ids.contains(&g.id))
            .map(|g| g.name.clone())
            .collect()
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id.as_str() == id)
    }
}

/// Refuses a JSON config whose tables come as anything but objects (`[…]` for `phases`).
fn tables_are_objects(value: &serde_json::Value) -> Result<(), ConfigErrors> {
    use serde_json::Value;
    let Value::Object(config) = value else {
        return Err(ConfigErrors::one("", "the config must be a JSON object"));
    };
    for key in ["phases", "aggregation", "screen"] {
        if config.get(key).is_some_and(|v| !v.is_object()) {
            return Err(ConfigErrors::one(key, "must be an object"));
        }
    }
    for key in ["groups", "criteria", "presenters", "judges"] {
        if let Some(Value::Array(items)) = config.get(key) {
            if let Some(i) = items.iter().position(|v| !v.is_object()) {
                return Err(ConfigErrors::one(
                    &format!("{key}[{i}]"),
                    "must be an object",
                ));
            }
        }
    }
    Ok(())
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    let Ok(nums) = parts
        .iter()
        .map(|p| p.parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
    else {
        return false;
    };
    (1..=12).contains(&nums[1]) && (1..=31).contains(&nums[2])
}

/// Names the TOML key at a parse error's position, falling back to its line number.
fn describe_span(text: &str, span: std::ops::Range<usize>) -> String {
    let start = span.start.min(text.len());
    let line_no = text[..start].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    match line.split_once('=') {
        Some((key, _)) if !key.trim().is_empty() => format!("line {line_no} ({})", key.trim()),
        _ => format!("line {line_no}"),
    }
}

#[cfg(test)]
mod cue_tests {
    use super::*;
    use crate::demo_event;

    fn fields(result: Result<EventConfig, ConfigErrors>) -> Vec<String> {
        result.unwrap_err().0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn cues_default_to_a_minute_left_and_time_up_and_survive_toml() {
        let config = demo_event();
        assert_eq!(config.screen.cues, vec![60, 0]);
        let mut quiet = config.clone();
        quiet.screen.cues = vec![];
        let back = EventConfig::from_toml(&quiet.to_toml()).unwrap();
        assert_eq!(back.screen.cues, Vec::<u32>::new());
        let mut three = config;
        three.screen.cues = vec![120, 30, 0];
        assert_eq!(EventConfig::from_toml(&three.to_toml()).unwrap(), three);
    }

    #[test]
    fn too_many_too_late_or_repeated_cues_are_refused() {
        let with = |cues: Vec<u32>| {
            let mut config = demo_event();
            config.screen.cues = cues;
            config.validated()
        };
        assert!(with(vec![300, 120, 60, 30, 0]).is_ok());
        assert_eq!(fields(with(vec![300, 120, 60, 30, 10, 0])), ["screen.cues"]);
        assert_eq!(
            fields(with(vec![limits::MAX_PHASE_SECS + 1, 0])),
            ["screen.cues"]
        );
        assert!(with(vec![limits::MAX_PHASE_SECS]).is_ok());
        assert_eq!(fields(with(vec![60, 0, 60])), ["screen.cues"]);
    }
}
