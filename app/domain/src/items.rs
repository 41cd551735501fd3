//! 局长直通车: the follow-up items raised at a session, their path to closure, flags, votes and figures.
//!
//! An item is raised at an event for the unit responsible (a presenter, or the city bureau
//! itself) and then changes only by steps, each appended to its history with who took it
//! and when (an RFC 3339 time the caller gives: this module never reads a clock). Nothing
//! is edited in place; the status, the due date in force, the behind-plan flag and the
//! latest vote are all read back from the history.
//!
//! # The path
//!
//! A move is taken by the host; the unit's own link may take only the moves marked (unit).
//!
//! | from          | may move to                                              |
//! |---------------|----------------------------------------------------------|
//! | `assigned`    | `in_progress`, `reported` (unit), `long_term`, `withdrawn` |
//! | `in_progress` | `reported` (unit), `long_term`, `withdrawn`              |
//! | `returned`    | `in_progress`, `reported` (unit), `long_term`, `withdrawn` |
//! | `reopened`    | `in_progress`, `reported` (unit), `long_term`, `withdrawn` |
//! | `long_term`   | `in_progress`, `reported` (unit), `withdrawn`            |
//! | `reported`    | `accepted`, `returned`, `withdrawn`                      |
//! | `accepted`    | by a vote only: `closed`, or `reopened` when unsatisfied |
//! | `closed`      | by a vote only: `reopened` when unsatisfied (else stays) |
//! | `withdrawn`   | nothing                                                  |
//!
//! Nothing moves to `assigned` (an item is raised so) nor to where it already is.
//! `returned` and `withdrawn` need a reason. `long_term` needs a promised date, later than
//! the due date in force, which becomes the due date in force; it needs a reason too, since
//! like an extension it moves the due date. `assigned` may go straight to `reported`
//! because the unit, which cannot take `in_progress`, may finish before anyone marks it.
//!
//! Besides moves: a progress note (host or unit, any status but `withdrawn`); an extension
//! (host, open items only, later than the due date in force, with a reason); the
//! behind-plan flag set or cleared (host, open items only); the representatives' vote
//! (host, on `accepted` or `closed` items), whose outcome takes the item to `closed` or
//! `reopened` (see [`vote_outcome`]).
//!
//! # Figures
//!
//! Of any set of items (one session's, one unit's, all of them):
//! - closure rate = (accepted + closed) / (all − withdrawn − long_term);
//! - on-time rate = items accepted or closed whose acceptance in force fell on or before
//!   the due date in force / the same denominator, so it is never above the closure rate
//!   and an item still open past its due date counts against both;
//! - satisfaction rate = (satisfied + basically satisfied when the event counts them) /
//!   (votes − abstentions), over the latest vote of each item not withdrawn.
//!
//! Long-term items are counted apart: in `total` and `long_term`, in no denominator. A rate
//! is none when its denominator is 0. Rates are exact fractions; the API writes them with
//! four decimals and the pages as a percent with one, both rounded half up.

use super::event::EventConfig;
use super::ids::Id;
use super::limits;
use super::text::{cut, MAX_KEPT_CHARS};
use super::wire::{
    ExtendBody, FieldError, FlagBody, ItemEntryView, ItemFigures, ItemSummary, ItemView, NewItem,
    NoteBody, TransitionBody, UnitItems,
};
use num_rational::Ratio;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Items one event may have (the store counts them): a number has three digits.
pub const MAX_ITEMS_PER_EVENT: usize = 999;
/// Entries in one item's history: a unit's link could otherwise add notes without end.
pub const MAX_ENTRIES_PER_ITEM: usize = 500;
/// Votes one tally may count, abstentions included.
pub const MAX_VOTES: u32 = 1_000;
/// An open item is `due_soon` from this many days before its due date through the day itself.
pub const DUE_SOON_DAYS: i32 = 3;

pub use super::item_terms::{
    Actor, Choice, EntryKind, ItemFlag, ItemSettings, ItemSource, ItemStatus, Share, Tally,
    UtcOffset,
};

/// The due-date flag of a watched item on `today`: `overdue` after the due day, `due_soon`
/// from `DUE_SOON_DAYS` days before it through the due day itself.
pub fn due_flag(due: Day, today: Day) -> Option<ItemFlag> {
    let days_left = today.days_until(due);
    if days_left < 0 {
        Some(ItemFlag::Overdue)
    } else if days_left <= DUE_SOON_DAYS {
        Some(ItemFlag::DueSoon)
    } else {
        None
    }
}

// `Tally` is named in `item_terms` (the wire body names it); its rules live here.
impl Tally {
    pub fn of(choices: impl IntoIterator<Item = Choice>) -> Tally {
        let mut tally = Tally::default();
        for choice in choices {
            tally.add(choice);
        }
        tally
    }

    pub fn add(&mut self, choice: Choice) {
        let count = match choice {
            Choice::Satisfied => &mut self.satisfied,
            Choice::BasicallySatisfied => &mut self.basically_satisfied,
            Choice::Unsatisfied => &mut self.unsatisfied,
            Choice::Abstain => &mut self.abstain,
        };
        *count = count.saturating_add(1);
    }

    /// The votes that are not abstentions: what the outcome and the rate count.
    pub fn cast(&self) -> u64 {
        self.satisfied as u64 + self.basically_satisfied as u64 + self.unsatisfied as u64
    }

    /// The votes that count as satisfied under `settings`.
    pub fn satisfied_under(&self, settings: &ItemSettings) -> u64 {
        let basic = if settings.basically_satisfied_counts {
            self.basically_satisfied as u64
        } else {
            0
        };
        self.satisfied as u64 + basic
    }

    /// The tally as sent, refused past `MAX_VOTES` votes.
    pub fn checked(self) -> Result<Tally, FieldErrors> {
        let all = self.cast() + self.abstain as u64;
        if all > MAX_VOTES as u64 {
            return Err(FieldErrors::one(
                "",
                format!("{all} votes; an item takes at most {MAX_VOTES}"),
            ));
        }
        Ok(self)
    }

    /// The vote step a `POST …/vote` body asks for, decided under the event's settings.
    pub fn validated(&self, settings: &ItemSettings) -> Result<Change, FieldErrors> {
        Ok(Change::Vote(Vote::decide(self.checked()?, settings)))
    }
}

/// What a vote does to an item: it stands (an accepted item is closed), or it reopens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VoteOutcome {
    Stands,
    Reopens,
}

/// The outcome of a vote: it reopens when the votes against are more than the settings'
/// share of the votes cast. Abstentions are not cast; basically satisfied votes are against
/// when the event does not count them as satisfied. No vote cast: it stands.
pub fn vote_outcome(tally: &Tally, settings: &ItemSettings) -> VoteOutcome {
    let cast = tally.cast();
    let against = cast - tally.satisfied_under(settings);
    let share = settings.reopen_above.ratio();
    let (p, q) = (*share.numer() as u64, *share.denom() as u64);
    if cast > 0 && against * q > p * cast {
        VoteOutcome::Reopens
    } else {
        VoteOutcome::Stands
    }
}

/// A vote and its outcome, decided together so that no step carries an outcome its tally
/// does not give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vote {
    tally: Tally,
    outcome: VoteOutcome,
}

impl Vote {
    pub fn decide(tally: Tally, settings: &ItemSettings) -> Vote {
        Vote {
            tally,
            outcome: vote_outcome(&tally, settings),
        }
    }

    pub fn tally(&self) -> Tally {
        self.tally
    }

    pub fn outcome(&self) -> VoteOutcome {
        self.outcome
    }
}

// ---- Validated values ----

/// A calendar day, `YYYY-MM-DD` (years 0000 to 9999).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(i32);

impl Day {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((0..=9999).contains(&year) && (1..=days_in_month).contains(&day))
            .then(|| Day(days_from_civil(year, month, day)))
    }

    pub fn parse(text: &str) -> Result<Day, String> {
        let bad = || {
            format!(
                "'{}' is not a date like 2026-06-30",
                cut(text, MAX_KEPT_CHARS)
            )
        };
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b[r.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| text[r].parse::<u32>().expect("ASCII digits make a number"))
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(bad());
        };
        Day::from_ymd(y as i32, m, d).ok_or_else(bad)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn plus_days(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i32 {
        later.0 - self.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl TryFrom<String> for Day {
    type Error = String;
    fn try_from(text: String) -> Result<Day, String> {
        Day::parse(&text)
    }
}

impl From<Day> for String {
    fn from(day: Day) -> String {
        day.to_string()
    }
}

// Days since 1970-01-01 and back, after Howard Hinnant's `days_from_civil`: no calendar crate
// for two small functions the browser's bundle would carry too.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// A moment as RFC 3339 writes it (`2026-06-30T09:30:00+08:00`), kept as given and
/// compared as the instant it names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Stamp {
    text: String,
    /// Seconds since 1970-01-01T00:00:00Z, and the fraction's nanoseconds.
    secs: i64,
    nanos: u32,
}

impl Stamp {
    pub fn parse(text: &str) -> Result<Stamp, String> {
        let bad = || {
            format!(
                "'{}' is not an RFC 3339 time like 2026-06-30T09:30:00+08:00",
                cut(text, MAX_KEPT_CHARS)
            )
        };
        if !text.is_ascii() || !(20..=MAX_KEPT_CHARS).contains(&text.len()) {
            return Err(bad());
        }
        let day = Day::parse(&text[..10]).map_err(|_| bad())?;
        let two = |at: usize| {
            let s = &text[at..at + 2];
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse::<i64>().expect("ASCII digits make a number"))
        };
        let b = text.as_bytes();
        if !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
            return Err(bad());
        }
        let (Some(h), Some(m), Some(s)) = (two(11), two(14), two(17)) else {
            return Err(bad());
        };
        // 60 is a leap second.
        if h > 23 || m > 59 || s > 60 {
            return Err(bad());
        }
        let mut rest = &text[19..];
        let mut nanos = 0u32;
        if let Some(fraction) = rest.strip_prefix('.') {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return Err(bad());
            }
            // Past nanoseconds the digits are kept in the text, not in the instant.
            for (i, c) in fraction.bytes().take(9).take(n).enumerate() {
                nanos += (c - b'0') as u32 * 10u32.pow(8 - i as u32);
            }
            rest = &fraction[n..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => {
                let ob = rest.as_bytes();
                if ob.len() != 6 || !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                    return Err(bad());
                }
                let (Some(oh), Some(om)) = (two(text.len() - 5), two(text.len() - 2)) else {
                    return Err(bad());
                };
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                let minutes = oh * 60 + om;
                if ob[0] == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
        };
        let secs = day.0 as i64 * 86_400 + h * 3600 + m * 60 + s - offset * 60;
        Ok(Stamp {
            text: text.to_string(),
            secs,
            nanos,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The day it fell on at `offset`.
    pub fn day_at(&self, offset: UtcOffset) -> Day {
        Day((self.secs + offset.as_minutes() as i64 * 60).div_euclid(86_400) as i32)
    }

    /// Whether it names an earlier instant than `other`.
    pub fn is_before(&self, other: &Stamp) -> bool {
        (self.secs, self.nanos) < (other.secs, other.nanos)
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for Stamp {
    type Error = String;
    fn try_from(text: String) -> Result<Stamp, String> {
        Stamp::parse(&text)
    }
}

impl From<Stamp> for String {
    fn from(stamp: Stamp) -> String {
        stamp.text
    }
}

/// A text of 1 to `MAX` characters, trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text<const MAX: usize>(String);

/// An item's title.
pub type Title = Text<{ limits::MAX_TITLE_CHARS }>;
/// An item's detail, or a progress note.
pub type Prose = Text<{ limits::MAX_PROSE_CHARS }>;
/// Why a step was taken.
pub type Reason = Text<{ limits::MAX_REASON_CHARS }>;
/// A person's name.
pub type Name = Text<{ limits::MAX_NAME_CHARS }>;

impl<const MAX: usize> Text<MAX> {
    pub fn parse(raw: &str) -> Result<Text<MAX>, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("cannot be empty".into());
        }
        let chars = text.chars().count();
        if chars > MAX {
            return Err(format!("has {chars} characters; at most {MAX}"));
        }
        Ok(Text(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize> TryFrom<String> for Text<MAX> {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Text::parse(&raw)
    }
}

impl<const MAX: usize> From<Text<MAX>> for String {
    fn from(text: Text<MAX>) -> String {
        text.0
    }
}

/// An item's number: the year, the quarter and a sequence, `2026Q2-017`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemNumber {
    year: u16,
    quarter: u8,
    seq: u16,
}

impl ItemNumber {
    pub fn new(year: u16, quarter: u8, seq: u16) -> Result<ItemNumber, String> {
        if year > 9999 || !(1..=4).contains(&quarter) || !(1..=999).contains(&seq) {
            return Err(format!(
                "year {year}, quarter {quarter}, item {seq} make no number like 2026Q2-017"
            ));
        }
        Ok(ItemNumber { year, quarter, seq })
    }

    pub fn parse(text: &str) -> Result<ItemNumber, String> {
        let bad = || {
            format!(
                "'{}' is not an item number like 2026Q2-017",
                cut(text, MAX_KEPT_CHARS)
            )
        };
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'Q' || b[6] != b'-' {
            return Err(bad());
        }
        let number = |r: std::ops::Range<usize>| {
            b[r.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| text[r].parse::<u16>().expect("ASCII digits make a number"))
        };
        let (Some(year), Some(quarter), Some(seq)) = (number(0..4), number(5..6), number(7..10))
        else {
            return Err(bad());
        };
        ItemNumber::new(year, quarter as u8, seq).map_err(|_| bad())
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn quarter(self) -> u8 {
        self.quarter
    }

    pub fn seq(self) -> u16 {
        self.seq
    }

    /// The number `seq` in the calendar quarter `day` falls in.
    pub fn in_quarter_of(day: Day, seq: u16) -> Result<ItemNumber, String> {
        let (year, month, _) = day.ymd();
        let year = u16::try_from(year).map_err(|_| format!("{day} has no item numbers"))?;
        ItemNumber::new(year, (month as u8 - 1) / 3 + 1, seq)
    }

    /// The id an item with this number has in the API's paths: the number in lower case,
    /// `2026q2-017`, unique in its event as the number is.
    pub fn id(self) -> Id {
        Id::parse(&self.to_string().to_ascii_lowercase()).expect("a number makes an id")
    }
}

impl fmt::Display for ItemNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}Q{}-{:03}", self.year, self.quarter, self.seq)
    }
}

impl TryFrom<String> for ItemNumber {
    type Error = String;
    fn try_from(text: String) -> Result<ItemNumber, String> {
        ItemNumber::parse(&text)
    }
}

impl From<ItemNumber> for String {
    fn from(number: ItemNumber) -> String {
        number.to_string()
    }
}

/// The unit responsible for an item: a presenter of the event, or the city bureau itself.
/// The bureau sorts first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Bureau,
    Presenter(Id),
}

impl Unit {
    /// The presenter, as the API names the unit (none: the bureau).
    pub fn presenter(&self) -> Option<&Id> {
        match self {
            Unit::Bureau => None,
            Unit::Presenter(id) => Some(id),
        }
    }
}

// ---- Field errors ----

/// Every problem of a request body, one per field, so it can be fixed in one go.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    fn one(field: &str, message: impl Into<String>) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.push(field, message);
        errors
    }

    fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// The value, or none with its problem noted under `field`.
    fn take<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        parsed.map_err(|message| self.push(field, message)).ok()
    }

    fn merge(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            if e.field.is_empty() {
                f.write_str(&e.message)?;
            } else {
                write!(f, "{}: {}", e.field, e.message)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

// ---- The item ----

/// Everything an item is raised with, as `NewItem::validated` made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub number: ItemNumber,
    pub unit: Unit,
    pub title: Title,
    pub detail: Option<Prose>,
    pub source: ItemSource,
    /// The group whose representative raised it.
    pub raised_by: Option<Id>,
    pub owner: Name,
    pub assigned_on: Day,
    /// The first due date; `Item::due` is the one in force.
    pub due: Day,
    /// A key item (重点).
    pub key: bool,
}

impl NewItem {
    /// The item the body describes, checked against the event it is raised at.
    pub fn validated(&self, event: &EventConfig) -> Result<Draft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let number = errors.take("number", ItemNumber::parse(&self.number));
        let unit = match &self.presenter {
            None => Some(Unit::Bureau),
            Some(raw) => errors.take(
                "presenter",
                Id::parse(raw).and_then(|id| match event.presenters.iter().any(|p| p.id == id) {
                    true => Ok(Unit::Presenter(id)),
                    false => Err(format!("'{id}' is not a presenter of the event")),
                }),
            ),
        };
        let title = errors.take("title", Title::parse(&self.title));
        let detail = match self.detail.trim() {
            "" => Some(None),
            text => errors.take("detail", Prose::parse(text).map(Some)),
        };
        let raised_by = match &self.raised_by {
            None => Some(None),
            Some(raw) => errors.take(
                "raised_by",
                Id::parse(raw).and_then(|id| match event.groups.iter().any(|g| g.id == id) {
                    true => Ok(Some(id)),
                    false => Err(format!("'{id}' is not a group of the event")),
                }),
            ),
        };
        let owner = errors.take("owner", Name::parse(&self.owner));
        let assigned_on = errors.take("assigned_on", Day::parse(&self.assigned_on));
        let due = errors.take("due", Day::parse(&self.due));
        if let (Some(assigned_on), Some(due)) = (assigned_on, due) {
            if due < assigned_on {
                errors.push(
                    "due",
                    format!("{due} is before the day assigned, {assigned_on}"),
                );
            }
        }
        let (
            Some(number),
            Some(unit),
            Some(title),
            Some(detail),
            Some(raised_by),
            Some(owner),
            Some(assigned_on),
            Some(due),
        ) = (
            number,
            unit,
            title,
            detail,
            raised_by,
            owner,
            assigned_on,
            due,
        )
        else {
            return Err(errors);
        };
        if !errors.0.is_empty() {
            return Err(errors);
        }
        Ok(Draft {
            number,
            unit,
            title,
            detail,
            source: self.source,
            raised_by,
            owner,
            assigned_on,
            due,
            key: self.key,
        })
    }
}

/// A change of status other than by a vote, with what its status needs: a reason for
/// `returned`, `withdrawn` and `long_term`, a promised date for `long_term` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    to: ItemStatus,
    reason: Option<Reason>,
    promised: Option<Day>,
}

impl Move {
    pub fn new(
        to: ItemStatus,
        reason: Option<Reason>,
        promised: Option<Day>,
    ) -> Result<Move, FieldErrors> {
        let mut errors = FieldErrors::default();
        match to {
            ItemStatus::Assigned => errors.push("to", "an item is assigned when it is raised"),
            ItemStatus::Closed | ItemStatus::Reopened => errors.push(
                "to",
                format!("an item is {to} by the representatives' vote, not by a move"),
            ),
            _ => {}
        }
        let needs_reason = matches!(
            to,
            ItemStatus::Returned | ItemStatus::Withdrawn | ItemStatus::LongTerm
        );
        if needs_reason && reason.is_none() {
            errors.push("reason", format!("{to} needs a reason"));
        }
        match (to == ItemStatus::LongTerm, promised) {
            (true, None) => errors.push("due", "long_term needs the promised date"),
            (false, Some(_)) => errors.push(
                "due",
                "only long_term takes a date; a later due date is an extension",
            ),
            _ => {}
        }
        if !errors.0.is_empty() {
            return Err(errors);
        }
        Ok(Move {
            to,
            reason,
            promised,
        })
    }

    pub fn to(&self) -> ItemStatus {
        self.to
    }

    pub fn reason(&self) -> Option<&Reason> {
        self.reason.as_ref()
    }

    pub fn promised(&self) -> Option<Day> {
        self.promised
    }
}

/// One step an item can take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Move(Move),
    /// A later due date, and why.
    Extend {
        due: Day,
        reason: Reason,
    },
    /// A progress note: no change of status.
    Note(Prose),
    /// The representatives' vote.
    Vote(Vote),
    /// The host sets (or clears) the behind-plan flag.
    BehindPlan {
        behind: bool,
        reason: Option<Reason>,
    },
}

impl Change {
    /// The step's name in a refusal: a move's status, else `extend`, `note`, `vote`,
    /// `behind_plan`.
    pub fn name(&self) -> &'static str {
        match self {
            Change::Move(m) => m.to.as_str(),
            Change::Extend { .. } => "extend",
            Change::Note(_) => "note",
            Change::Vote(_) => "vote",
            Change::BehindPlan { .. } => "behind_plan",
        }
    }

    /// The unit's own link may write notes and report the item done; the rest is the host's.
    pub fn unit_may(&self) -> bool {
        match self {
            Change::Note(_) => true,
            Change::Move(m) => m.to == ItemStatus::Reported,
            _ => false,
        }
    }
}

fn optional_reason(errors: &mut FieldErrors, raw: Option<&str>) -> Option<Option<Reason>> {
    match raw.map(str::trim) {
        None | Some("") => Some(None),
        Some(text) => errors.take("reason", Reason::parse(text).map(Some)),
    }
}

impl TransitionBody {
    /// The move the body asks for.
    pub fn validated(&self) -> Result<Change, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = optional_reason(&mut errors, self.reason.as_deref());
        let promised = match &self.due {
            None => Some(None),
            Some(raw) => errors.take("due", Day::parse(raw).map(Some)),
        };
        let (Some(reason), Some(promised)) = (reason, promised) else {
            return Err(errors);
        };
        match Move::new(self.to, reason, promised) {
            Ok(m) if errors.0.is_empty() => Ok(Change::Move(m)),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.merge(more);
                Err(errors)
            }
        }
    }
}

impl ExtendBody {
    pub fn validated(&self) -> Result<Change, FieldErrors> {
        let mut errors = FieldErrors::default();
        let due = errors.take("due", Day::parse(&self.due));
        let reason = errors.take(
            "reason",
            Reason::parse(&self.reason).map_err(|e| format!("an extension needs a reason: {e}")),
        );
        match (due, reason) {
            (Some(due), Some(reason)) => Ok(Change::Extend { due, reason }),
            _ => Err(errors),
        }
    }
}

impl NoteBody {
    pub fn validated(&self) -> Result<Change, FieldErrors> {
        Prose::parse(&self.text)
            .map(Change::Note)
            .map_err(|e| FieldErrors::one("text", e))
    }
}

impl FlagBody {
    pub fn validated(&self) -> Result<Change, FieldErrors> {
        let mut errors = FieldErrors::default();
        match optional_reason(&mut errors, self.reason.as_deref()) {
            Some(reason) => Ok(Change::BehindPlan {
                behind: self.behind_plan,
                reason,
            }),
            None => Err(errors),
        }
    }
}

/// A step as taken: what, by whom, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub change: Change,
    pub by: Actor,
    pub at: Stamp,
}

/// Why a step was refused. `code` is the API's error code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepRefusal {
    /// The path does not take this step from where the item stands.
    BadTransition {
        from: ItemStatus,
        step: &'static str,
    },
    /// The unit's own link may only write notes and report the item done.
    NotForUnit { step: &'static str },
    /// A new due date (an extension's, a promised one) must be later than the one in force.
    NotLater { due: Day, asked: Day },
    /// The behind-plan flag is already so.
    Unchanged { behind_plan: bool },
    /// The step is dated before the item's last entry.
    OutOfOrder { last: String, at: String },
    /// The history holds `MAX_ENTRIES_PER_ITEM` entries.
    Full,
    /// This copy was carried over to a later session (`to`), where the item is followed.
    CarriedOver { to: Id },
}

impl StepRefusal {
    /// `bad_transition` (409) for a step the path does not take, `not_allowed` (403) for
    /// the unit's link going beyond notes and reports, and one code for each other case.
    pub fn code(&self) -> &'static str {
        match self {
            StepRefusal::BadTransition { .. } => "bad_transition",
            StepRefusal::NotForUnit { .. } => "not_allowed",
            StepRefusal::NotLater { .. } => "due_not_later",
            StepRefusal::Unchanged { .. } => "unchanged",
            StepRefusal::OutOfOrder { .. } => "out_of_order",
            StepRefusal::Full => "too_many_entries",
            StepRefusal::CarriedOver { .. } => "carried_over",
        }
    }
}

impl fmt::Display for StepRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepRefusal::BadTransition { from, step } => {
                write!(f, "an item {from} cannot take the step {step}")
            }
            StepRefusal::NotForUnit { step } => write!(
                f,
                "the unit's link may write notes and report the item done, not {step}"
            ),
            StepRefusal::NotLater { due, asked } => {
                write!(f, "{asked} is not later than the due date in force, {due}")
            }
            StepRefusal::Unchanged { behind_plan: true } => {
                f.write_str("the item is already flagged behind plan")
            }
            StepRefusal::Unchanged { behind_plan: false } => {
                f.write_str("the item is not flagged behind plan")
            }
            StepRefusal::OutOfOrder { last, at } => {
                write!(f, "{at} is before the item's last entry, at {last}")
            }
            StepRefusal::Full => write!(
                f,
                "an item's history holds at most {MAX_ENTRIES_PER_ITEM} entries"
            ),
            StepRefusal::CarriedOver { to } => write!(
                f,
                "the item was carried over to the session '{to}' and is followed there; take the step on its copy in '{to}'"
            ),
        }
    }
}

impl std::error::Error for StepRefusal {}

/// One line of an item's history: what happened, from which status to which, when, by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: EntryKind,
    pub from: ItemStatus,
    pub to: ItemStatus,
    pub at: Stamp,
    pub by: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Prose>,
    /// The due date this entry set: the first one, an extension's, a promised one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Tally>,
    /// The other session of a carry: the one the item came from (`CarriedIn`) or went to
    /// (`CarriedOut`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Id>,
}

/// An item: what it was raised with, and its history, from which all else is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    event: Id,
    facts: Draft,
    history: Vec<Entry>,
}

impl Item {
    /// The item raised at `event`, assigned to its unit.
    pub fn raise(event: Id, facts: Draft, at: Stamp) -> Item {
        let first = Entry {
            kind: EntryKind::Raised,
            from: ItemStatus::Assigned,
            to: ItemStatus::Assigned,
            at,
            by: Actor::Host,
            reason: None,
            note: None,
            due: Some(facts.due),
            vote: None,
            event: None,
        };
        Item {
            event,
            facts,
            history: vec![first],
        }
    }

    pub fn event(&self) -> &Id {
        &self.event
    }

    pub fn facts(&self) -> &Draft {
        &self.facts
    }

    pub fn number(&self) -> ItemNumber {
        self.facts.number
    }

    /// Its id in its event: see [`ItemNumber::id`].
    pub fn id(&self) -> Id {
        self.facts.number.id()
    }

    pub fn unit(&self) -> &Unit {
        &self.facts.unit
    }

    /// Oldest first, starting with the raising.
    pub fn history(&self) -> &[Entry] {
        &self.history
    }

    pub fn status(&self) -> ItemStatus {
        self.history
            .last()
            .map_or(ItemStatus::Assigned, |entry| entry.to)
    }

    /// The due date in force: the last one an entry set.
    pub fn due(&self) -> Day {
        self.history
            .iter()
            .rev()
            .find_map(|entry| entry.due)
            .unwrap_or(self.facts.due)
    }

    /// Every due date the item had, the first one first.
    pub fn dues(&self) -> Vec<Day> {
        self.history.iter().filter_map(|entry| entry.due).collect()
    }

    pub fn behind_plan(&self) -> bool {
        self.history
            .iter()
            .rev()
            .find_map(|entry| match entry.kind {
                EntryKind::BehindPlan => Some(true),
                EntryKind::OnPlan => Some(false),
                _ => None,
            })
            .unwrap_or(false)
    }

    /// The latest vote.
    pub fn vote(&self) -> Option<Tally> {
        self.history.iter().rev().find_map(|entry| entry.vote)
    }

    /// When the acceptance in force was recorded, for an item accepted or closed.
    pub fn accepted_at(&self) -> Option<&Stamp> {
        if !self.status().is_done() {
            return None;
        }
        self.history
            .iter()
            .rev()
            .find(|e| e.kind == EntryKind::Moved && e.to == ItemStatus::Accepted)
            .map(|e| &e.at)
    }

    /// Accepted or closed, and accepted on or before the due date in force (the day taken
    /// at the venue's offset).
    pub fn on_time(&self, offset: UtcOffset) -> bool {
        self.accepted_at()
            .is_some_and(|at| at.day_at(offset) <= self.due())
    }

    /// The flags it shows on `today`: none unless it is watched (open, not long-term).
    pub fn flags(&self, today: Day) -> Vec<ItemFlag> {
        if !self.status().is_watched() {
            return Vec::new();
        }
        let mut flags: Vec<ItemFlag> = due_flag(self.due(), today).into_iter().collect();
        if self.behind_plan() {
            flags.push(ItemFlag::BehindPlan);
        }
        flags
    }

    /// The later session this copy was carried over to, where the item is followed now.
    pub fn carried_to(&self) -> Option<&Id> {
        self.history
            .last()
            .filter(|entry| entry.kind == EntryKind::CarriedOut)
            .and_then(|entry| entry.event.as_ref())
    }

    /// The session this copy came over from, when it was carried in (the latest carry).
    pub fn carried_from(&self) -> Option<&Id> {
        self.history
            .iter()
            .rev()
            .find(|entry| entry.kind == EntryKind::CarriedIn)
            .and_then(|entry| entry.event.as_ref())
    }

    /// Whether the item goes on to the next session: every status but closed and withdrawn
    /// (an accepted item waits there for the representatives' vote), unless this copy was
    /// carried over already.
    pub fn carries_over(&self) -> bool {
        !matches!(self.status(), ItemStatus::Closed | ItemStatus::Withdrawn)
            && self.carried_to().is_none()
    }

    /// Carries the item over from the session `from` (where this copy is kept) to `to`:
    /// this copy records that it went and takes no more steps; the copy returned keeps the
    /// number, the facts, the session it was raised at and the whole history, and records
    /// that it came. `None`, and nothing changed, for an item that does not carry over.
    /// The carry entries may take a history past `MAX_ENTRIES_PER_ITEM`: one a session.
    pub fn carry(&mut self, from: &Id, to: &Id, at: Stamp) -> Option<Item> {
        if !self.carries_over() {
            return None;
        }
        let status = self.status();
        let entry = |kind, event: &Id| Entry {
            kind,
            from: status,
            to: status,
            at: at.clone(),
            by: Actor::Host,
            reason: None,
            note: None,
            due: None,
            vote: None,
            event: Some(event.clone()),
        };
        let mut copy = self.clone();
        copy.history.push(entry(EntryKind::CarriedIn, from));
        self.history.push(entry(EntryKind::CarriedOut, to));
        Some(copy)
    }

    /// Takes a step, appending it to the history, or refuses it and changes nothing.
    pub fn step(&mut self, t: Transition) -> Result<(), StepRefusal> {
        if let Some(to) = self.carried_to() {
            return Err(StepRefusal::CarriedOver { to: to.clone() });
        }
        let from = self.status();
        let step = t.change.name();
        if t.by == Actor::Unit && !t.change.unit_may() {
            return Err(StepRefusal::NotForUnit { step });
        }
        let bad = || StepRefusal::BadTransition { from, step };
        let later = |asked: Day| match asked > self.due() {
            true => Ok(()),
            false => Err(StepRefusal::NotLater {
                due: self.due(),
                asked,
            }),
        };
        let mut entry = Entry {
            kind: EntryKind::Moved,
            from,
            to: from,
            at: t.at,
            by: t.by,
            reason: None,
            note: None,
            due: None,
            vote: None,
            event: None,
        };
        match t.change {
            Change::Move(m) => {
                if !from.moves_to(m.to) {
                    return Err(bad());
                }
                if let Some(promised) = m.promised {
                    later(promised)?;
                }
                entry.to = m.to;
                entry.reason = m.reason;
                entry.due = m.promised;
            }
            Change::Extend { due, reason } => {
                if !from.is_open() {
                    return Err(bad());
                }
                later(due)?;
                entry.kind = EntryKind::Extended;
                entry.reason = Some(reason);
                entry.due = Some(due);
            }
            Change::Note(text) => {
                if from == ItemStatus::Withdrawn {
                    return Err(bad());
                }
                entry.kind = EntryKind::Note;
                entry.note = Some(text);
            }
            Change::Vote(vote) => {
                if !from.is_done() {
                    return Err(bad());
                }
                entry.kind = EntryKind::Voted;
                entry.vote = Some(vote.tally);
                entry.to = match vote.outcome {
                    VoteOutcome::Stands => ItemStatus::Closed,
                    VoteOutcome::Reopens => ItemStatus::Reopened,
                };
            }
            Change::BehindPlan { behind, reason } => {
                if !from.is_open() {
                    return Err(bad());
                }
                if behind == self.behind_plan() {
                    return Err(StepRefusal::Unchanged {
                        behind_plan: behind,
                    });
                }
                entry.kind = match behind {
                    true => EntryKind::BehindPlan,
                    false => EntryKind::OnPlan,
                };
                entry.reason = reason;
            }
        }
        if let Some(last) = self.history.last() {
            if entry.at.is_before(&last.at) {
                return Err(StepRefusal::OutOfOrder {
                    last: last.at.to_string(),
                    at: entry.at.to_string(),
                });
            }
        }
        if self.history.len() >= MAX_ENTRIES_PER_ITEM {
            return Err(StepRefusal::Full);
        }
        self.history.push(entry);
        Ok(())
    }

    /// The item as the API sends it, with its flags on `today`.
    pub fn view(&self, today: Day) -> ItemView {
        let f = &self.facts;
        ItemView {
            id: self.id().to_string(),
            event: self.event.to_string(),
            number: f.number.to_string(),
            presenter: f.unit.presenter().map(Id::to_string),
            title: f.title.to_string(),
            detail: f.detail.as_ref().map(Prose::to_string).unwrap_or_default(),
            source: f.source,
            raised_by: f.raised_by.as_ref().map(Id::to_string),
            owner: f.owner.to_string(),
            assigned_on: f.assigned_on.to_string(),
            due: self.due().to_string(),
            dues: self.dues().iter().map(Day::to_string).collect(),
            key: f.key,
            behind_plan: self.behind_plan(),
            status: self.status(),
            flags: self.flags(today),
            vote: self.vote(),
            history: self.history.iter().map(Entry::view).collect(),
        }
    }
}

impl Entry {
    pub fn view(&self) -> ItemEntryView {
        ItemEntryView {
            kind: self.kind,
            from: self.from,
            to: self.to,
            at: self.at.to_string(),
            by: self.by,
            reason: self.reason.as_ref().map(Reason::to_string),
            note: self.note.as_ref().map(Prose::to_string),
            due: self.due.map(|d| d.to_string()),
            vote: self.vote,
            event: self.event.as_ref().map(Id::to_string),
        }
    }
}

// ---- Figures ----

/// A rate: an exact fraction from 0 to 1, of a denominator that is not 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(Ratio<u64>);

impl Rate {
    /// `part / whole`; none when `whole` is 0.
    pub fn new(part: u64, whole: u64) -> Option<Rate> {
        debug_assert!(part <= whole, "a rate's part is part of its whole");
        (whole > 0).then(|| Rate(Ratio::new(part, whole)))
    }

    pub fn ratio(self) -> Ratio<u64> {
        self.0
    }

    /// The rate in units of 10^-places, rounded half up.
    fn scaled(self, places: u32) -> u128 {
        let (n, d) = (*self.0.numer() as u128, *self.0.denom() as u128);
        (2 * n * 10u128.pow(places) + d) / (2 * d)
    }

    /// For the API: four decimals, rounded half up, `0.9706`.
    pub fn decimal(self) -> String {
        let x = self.scaled(4);
        format!("{}.{:04}", x / 10_000, x % 10_000)
    }

    /// For people: a percent with one decimal, rounded half up, `97.1%`.
    pub fn percent(self) -> String {
        let x = self.scaled(3);
        format!("{}.{}%", x / 10, x % 10)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.percent())
    }
}

/// The figures of a set of items (see the module's comment for what each counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub total: u32,
    /// Accepted or closed.
    pub closed: u32,
    /// Of those, accepted by the due date in force.
    pub on_time: u32,
    pub withdrawn: u32,
    pub long_term: u32,
    /// The latest vote of each item not withdrawn, added up.
    pub votes: Tally,
    pub closure_rate: Option<Rate>,
    pub on_time_rate: Option<Rate>,
    pub satisfaction_rate: Option<Rate>,
}

impl Figures {
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>, settings: &ItemSettings) -> Figures {
        let mut f = Figures::default();
        for item in items {
            f.total += 1;
            match item.status() {
                ItemStatus::Withdrawn => f.withdrawn += 1,
                ItemStatus::LongTerm => f.long_term += 1,
                status if status.is_done() => {
                    f.closed += 1;
                    f.on_time += u32::from(item.on_time(settings.utc_offset));
                }
                _ => {}
            }
            if item.status() != ItemStatus::Withdrawn {
                if let Some(tally) = item.vote() {
                    f.votes = f.votes + tally;
                }
            }
        }
        let counted = (f.total - f.withdrawn - f.long_term) as u64;
        f.closure_rate = Rate::new(f.closed as u64, counted);
        f.on_time_rate = Rate::new(f.on_time as u64, counted);
        f.satisfaction_rate = Rate::new(f.votes.satisfied_under(settings), f.votes.cast());
        f
    }

    /// Each unit's figures, the city bureau first.
    pub fn by_unit<'a>(
        items: impl IntoIterator<Item = &'a Item>,
        settings: &ItemSettings,
    ) -> BTreeMap<Unit, Figures> {
        let mut units: BTreeMap<&Unit, Vec<&Item>> = BTreeMap::new();
        for item in items {
            units.entry(item.unit()).or_default().push(item);
        }
        units
            .into_iter()
            .map(|(unit, items)| (unit.clone(), Figures::of(items, settings)))
            .collect()
    }

    /// Each session's figures.
    pub fn by_event<'a>(
        items: impl IntoIterator<Item = &'a Item>,
        settings: &ItemSettings,
    ) -> BTreeMap<Id, Figures> {
        let mut events: BTreeMap<&Id, Vec<&Item>> = BTreeMap::new();
        for item in items {
            events.entry(item.event()).or_default().push(item);
        }
        events
            .into_iter()
            .map(|(event, items)| (event.clone(), Figures::of(items, settings)))
            .collect()
    }

    pub fn wire(&self) -> ItemFigures {
        ItemFigures {
            total: self.total,
            closed: self.closed,
            on_time: self.on_time,
            withdrawn: self.withdrawn,
            long_term: self.long_term,
            votes: self.votes,
            closure_rate: self.closure_rate.map(Rate::decimal),
            on_time_rate: self.on_time_rate.map(Rate::decimal),
            satisfaction_rate: self.satisfaction_rate.map(Rate::decimal),
        }
    }
}

/// How many of a set of items are still in hand on `today`, and how many show each flag:
/// the counts the review (回头看) shows beside the figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InHand {
    /// Open and not long-term (`ItemStatus::is_watched`).
    pub in_progress: u32,
    pub overdue: u32,
    pub due_soon: u32,
    pub behind_plan: u32,
}

impl InHand {
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>, today: Day) -> InHand {
        let mut counts = InHand::default();
        for item in items {
            counts.in_progress += u32::from(item.status().is_watched());
            for flag in item.flags(today) {
                let count = match flag {
                    ItemFlag::Overdue => &mut counts.overdue,
                    ItemFlag::DueSoon => &mut counts.due_soon,
                    ItemFlag::BehindPlan => &mut counts.behind_plan,
                };
                *count += 1;
            }
        }
        counts
    }
}

/// `GET …/items/summary`: the figures of `items` (one event's), then each unit's.
pub fn summary(items: &[Item], settings: &ItemSettings) -> ItemSummary {
    ItemSummary {
        figures: Figures::of(items, settings).wire(),
        units: Figures::by_unit(items, settings)
            .into_iter()
            .map(|(unit, figures)| UnitItems {
                presenter: unit.presenter().map(Id::to_string),
                figures: figures.wire(),
            })
            .collect(),
    }
}
