//! The named sets of the follow-up items (局长直通车): statuses, sources, who acts, the kinds of
//! history entry, the flags and the votes. Below both `items` (the rules) and `wire` (the
//! bodies), which name them.

use super::lang::Lang;
use super::text::{cut, MAX_KEPT_CHARS};
use num_rational::Ratio;
use serde::{Deserialize, Serialize};
use std::fmt;

// ---- Statuses and the other named sets ----

/// Where an item stands on its path (see the module's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Assigned,
    InProgress,
    Reported,
    Accepted,
    Closed,
    Returned,
    Reopened,
    LongTerm,
    Withdrawn,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 9] = [
        ItemStatus::Assigned,
        ItemStatus::InProgress,
        ItemStatus::Reported,
        ItemStatus::Accepted,
        ItemStatus::Closed,
        ItemStatus::Returned,
        ItemStatus::Reopened,
        ItemStatus::LongTerm,
        ItemStatus::Withdrawn,
    ];

    /// The API's name: `in_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Assigned => "assigned",
            ItemStatus::InProgress => "in_progress",
            ItemStatus::Reported => "reported",
            ItemStatus::Accepted => "accepted",
            ItemStatus::Closed => "closed",
            ItemStatus::Returned => "returned",
            ItemStatus::Reopened => "reopened",
            ItemStatus::LongTerm => "long_term",
            ItemStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ItemStatus::Assigned => "已交办",
            ItemStatus::InProgress => "办理中",
            ItemStatus::Reported => "已反馈",
            ItemStatus::Accepted => "已办结",
            ItemStatus::Closed => "已销号",
            ItemStatus::Returned => "退回重办",
            ItemStatus::Reopened => "复号",
            ItemStatus::LongTerm => "长期推进",
            ItemStatus::Withdrawn => "已撤销",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ItemStatus::Assigned => "Assigned",
            ItemStatus::InProgress => "In progress",
            ItemStatus::Reported => "Reported done",
            ItemStatus::Accepted => "Accepted",
            ItemStatus::Closed => "Closed",
            ItemStatus::Returned => "Returned for rework",
            ItemStatus::Reopened => "Reopened",
            ItemStatus::LongTerm => "Long-term",
            ItemStatus::Withdrawn => "Withdrawn",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    /// Whether a move (any step to another status but a vote) may go from here to `to`.
    pub fn moves_to(self, to: ItemStatus) -> bool {
        use ItemStatus::*;
        match self {
            Assigned | Returned | Reopened => {
                matches!(to, InProgress | Reported | LongTerm | Withdrawn)
            }
            InProgress => matches!(to, Reported | LongTerm | Withdrawn),
            LongTerm => matches!(to, InProgress | Reported | Withdrawn),
            Reported => matches!(to, Accepted | Returned | Withdrawn),
            Accepted | Closed | Withdrawn => false,
        }
    }

    /// Still to be done: the unit works on it and its due date may move.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ItemStatus::Accepted | ItemStatus::Closed | ItemStatus::Withdrawn
        )
    }

    /// Open and not long-term: the items the due-date flags watch.
    pub fn is_watched(self) -> bool {
        self.is_open() && self != ItemStatus::LongTerm
    }

    /// Done in the host's eyes: counted as closed in the figures.
    pub fn is_done(self) -> bool {
        matches!(self, ItemStatus::Accepted | ItemStatus::Closed)
    }
}

impl fmt::Display for ItemStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an item came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemSource {
    /// The work the unit itself named as its least satisfying.
    LeastSatisfying,
    /// A point a group's representative made.
    Representative,
    /// The host's remarks.
    HostRemarks,
    Other,
}

impl ItemSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemSource::LeastSatisfying => "least_satisfying",
            ItemSource::Representative => "representative",
            ItemSource::HostRemarks => "host_remarks",
            ItemSource::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ItemSource::LeastSatisfying => "最不满意的一项工作",
            ItemSource::Representative => "代表意见",
            ItemSource::HostRemarks => "主持人点评",
            ItemSource::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ItemSource::LeastSatisfying => "Least satisfying work",
            ItemSource::Representative => "Representative's point",
            ItemSource::HostRemarks => "Host's remarks",
            ItemSource::Other => "Other",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

/// Who takes a step: the host, or the unit responsible through its own link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Host,
    Unit,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Host => "host",
            Actor::Unit => "unit",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Actor::Host => "主持方",
            Actor::Unit => "责任单位",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Actor::Host => "Host",
            Actor::Unit => "Unit responsible",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

/// What one history entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The item was raised (the first entry, with the first due date).
    Raised,
    Moved,
    Extended,
    Note,
    Voted,
    /// The behind-plan flag was set.
    BehindPlan,
    /// The behind-plan flag was cleared.
    OnPlan,
    /// The item came over from an earlier session (the entry's `event`), still open: this
    /// copy is the one followed from now on.
    CarriedIn,
    /// The item was carried over to a later session (the entry's `event`) and is followed
    /// there: this copy takes no more steps.
    CarriedOut,
}

/// A flag an open item shows on a given day; computed, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemFlag {
    DueSoon,
    Overdue,
    BehindPlan,
}

impl ItemFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemFlag::DueSoon => "due_soon",
            ItemFlag::Overdue => "overdue",
            ItemFlag::BehindPlan => "behind_plan",
        }
    }

    /// The colour the pages give it.
    pub fn colour(self) -> &'static str {
        match self {
            ItemFlag::DueSoon => "blue",
            ItemFlag::Overdue => "red",
            ItemFlag::BehindPlan => "yellow",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ItemFlag::DueSoon => "即将到期",
            ItemFlag::Overdue => "已逾期",
            ItemFlag::BehindPlan => "进度滞后",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ItemFlag::DueSoon => "Due soon",
            ItemFlag::Overdue => "Overdue",
            ItemFlag::BehindPlan => "Behind plan",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

// ---- Votes ----

/// One representative's vote on an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
    Abstain,
}

impl Choice {
    pub fn zh(self) -> &'static str {
        match self {
            Choice::Satisfied => "满意",
            Choice::BasicallySatisfied => "基本满意",
            Choice::Unsatisfied => "不满意",
            Choice::Abstain => "弃权",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Choice::Satisfied => "Satisfied",
            Choice::BasicallySatisfied => "Basically satisfied",
            Choice::Unsatisfied => "Unsatisfied",
            Choice::Abstain => "Abstain",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

/// The votes on one item (or several, added up), by choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    #[serde(default)]
    pub satisfied: u32,
    #[serde(default)]
    pub basically_satisfied: u32,
    #[serde(default)]
    pub unsatisfied: u32,
    #[serde(default)]
    pub abstain: u32,
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, other: Tally) -> Tally {
        Tally {
            satisfied: self.satisfied.saturating_add(other.satisfied),
            basically_satisfied: self
                .basically_satisfied
                .saturating_add(other.basically_satisfied),
            unsatisfied: self.unsatisfied.saturating_add(other.unsatisfied),
            abstain: self.abstain.saturating_add(other.abstain),
        }
    }
}

// ---- An event's settings for its items (a field of the event's config) ----

/// A share `p/q` of the votes cast, `0 ≤ p/q < 1`, written `1/2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Share(Ratio<u32>);

impl Share {
    pub fn new(numer: u32, denom: u32) -> Result<Share, String> {
        if denom == 0 || numer >= denom {
            return Err(format!(
                "{numer}/{denom} is not a share from 0 up to (not including) 1"
            ));
        }
        Ok(Share(Ratio::new(numer, denom)))
    }

    /// Reads `1/2` (or `0`).
    pub fn parse(text: &str) -> Result<Share, String> {
        let bad = || format!("'{}' is not a share like 1/2", cut(text, MAX_KEPT_CHARS));
        let (n, d) = text.trim().split_once('/').unwrap_or((text.trim(), "1"));
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        let d: u32 = d.trim().parse().map_err(|_| bad())?;
        Share::new(n, d)
    }

    pub fn ratio(self) -> Ratio<u32> {
        self.0
    }
}

/// More than half of the votes cast.
impl Default for Share {
    fn default() -> Share {
        Share(Ratio::new(1, 2))
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.0.numer(), self.0.denom())
    }
}

impl TryFrom<String> for Share {
    type Error = String;
    fn try_from(text: String) -> Result<Share, String> {
        Share::parse(&text)
    }
}

impl From<Share> for String {
    fn from(share: Share) -> String {
        share.to_string()
    }
}

/// A time zone's offset from UTC in minutes, within ±14 hours. Default: China, +08:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct UtcOffset(i32);

impl UtcOffset {
    pub const MAX_MINUTES: i32 = 14 * 60;

    pub fn minutes(minutes: i32) -> Result<UtcOffset, String> {
        if minutes.abs() > Self::MAX_MINUTES {
            return Err(format!(
                "{minutes} minutes is not an offset from UTC (at most ±{})",
                Self::MAX_MINUTES
            ));
        }
        Ok(UtcOffset(minutes))
    }

    pub fn as_minutes(self) -> i32 {
        self.0
    }
}

impl Default for UtcOffset {
    fn default() -> UtcOffset {
        UtcOffset(8 * 60)
    }
}

impl TryFrom<i32> for UtcOffset {
    type Error = String;
    fn try_from(minutes: i32) -> Result<UtcOffset, String> {
        UtcOffset::minutes(minutes)
    }
}

impl From<UtcOffset> for i32 {
    fn from(offset: UtcOffset) -> i32 {
        offset.0
    }
}

/// An event's settings for its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSettings {
    /// Whether 基本满意 counts as satisfied, in the satisfaction rate and a vote's outcome.
    #[serde(default = "counts_by_default")]
    pub basically_satisfied_counts: bool,
    /// A vote reopens its item when the votes against are more than this share of the cast.
    #[serde(default)]
    pub reopen_above: Share,
    /// The venue's offset: which day a step taken at a UTC time fell on, for on-time.
    #[serde(default)]
    pub utc_offset: UtcOffset,
}

fn counts_by_default() -> bool {
    true
}

impl ItemSettings {
    /// Left out of a config that keeps the defaults.
    pub fn is_default(&self) -> bool {
        *self == ItemSettings::default()
    }
}

impl Default for ItemSettings {
    fn default() -> ItemSettings {
        ItemSettings {
            basically_satisfied_counts: counts_by_default(),
            reopen_above: Share::default(),
            utc_offset: UtcOffset::default(),
        }
    }
}
