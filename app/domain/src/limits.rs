//! How much one party can make the server keep: the bounds of an event config and of what
//! a judge's devices send. Past them a config is refused field by field, and a sync is
//! refused (or its op rejected) with a code that names the limit. `docs/deploy.md` lists them.

use super::score::Score;
pub use super::text::{cut, CUT_MARK, MAX_KEPT_CHARS};

/// Presenters in one event.
pub const MAX_PRESENTERS: usize = 100;
/// Judges in one event.
pub const MAX_JUDGES: usize = 100;
/// Constituency groups in one event.
pub const MAX_GROUPS: usize = 20;
/// Criteria of the rubric.
pub const MAX_CRITERIA: usize = 20;
/// Steps of the tie-break chain: each group once, the untrimmed mean and "shared".
pub const MAX_TIE_BREAKS: usize = MAX_GROUPS + 2;

/// An event's title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// A name or a unit (of a presenter, judge, group or criterion), in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// A presenter's summary or a criterion's description, in characters.
pub const MAX_PROSE_CHARS: usize = 2_000;

/// The highest maximum a criterion can have.
pub const MAX_CRITERION_SCORE: Score = Score::from_hundredths(1_000 * 100);
/// The longest phase: four hours.
pub const MAX_PHASE_SECS: u32 = 4 * 3600;

/// Devices one judge may sync from (a phone, a tablet, a wiped phone again, …).
pub const MAX_DEVICES_PER_JUDGE: usize = 10;
/// Ops one judge may have recorded in one event, whatever their outcome. An honest device
/// sends one op per change of a sheet, a few dozen per presenter at most.
pub const MAX_OPS_PER_JUDGE: usize = 5_000;
/// Late ops one judge may have kept in one event; further ones are rejected.
pub const MAX_LATE_PER_JUDGE: usize = 200;
/// The reason of an amendment, in characters.
pub const MAX_REASON_CHARS: usize = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_character_and_marked() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), format!("abc{CUT_MARK}"));
        assert_eq!(cut("评委评委", 2), format!("评委{CUT_MARK}"));
        assert_eq!(cut("", 0), "");
    }
}
