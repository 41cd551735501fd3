//! The run of show: the speaking order, who is on, in which phase and since when, and the
//! host's moves with their undo. Times are the server's clock, in milliseconds since the
//! Unix epoch, so every device shows the same countdown.

use super::event::EventConfig;
use super::ids::Id;
use serde::{Deserialize, Serialize};

/// Where the current presenter is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// On deck: called up, nothing started yet.
    #[default]
    Waiting,
    Report,
    Defence,
    Scoring,
    Revealed,
    /// 回头看: before the first presenter is called, the room reviews the items carried over
    /// from the last session. Nobody is on stage.
    Review,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Waiting => "waiting",
            Phase::Report => "report",
            Phase::Defence => "defence",
            Phase::Scoring => "scoring",
            Phase::Revealed => "revealed",
            Phase::Review => "review",
        }
    }
}

/// The show as it stands, without its history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// The speaking order (presenter ids).
    pub order: Vec<Id>,
    /// The presenter on stage; `None` before the event starts.
    pub current: Option<Id>,
    pub phase: Phase,
    /// When the current phase began.
    pub since_ms: Option<i64>,
}

/// The show with the states a host can go back to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Show {
    #[serde(flatten)]
    pub stage: Stage,
    /// Earlier stages, newest last; a reveal clears it, since a reveal cannot be undone.
    #[serde(default)]
    pub undo: Vec<Stage>,
    /// Counts every change, so clients can tell news from old news.
    #[serde(default)]
    pub version: u64,
}

/// A host's move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Move {
    /// A new speaking order, before the event starts.
    Reorder {
        order: Vec<Id>,
    },
    StartReport,
    StartDefence,
    OpenScoring,
    /// The next presenter in the order who is not revealed yet.
    Next,
    Undo,
    /// 回头看 on the screen, before the first presenter is called.
    StartReview,
}

/// Why a move was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveError {
    /// The order can only change before the first presenter is called.
    AlreadyStarted,
    /// The new order is not the event's presenters, each once.
    BadOrder(String),
    /// The move does not follow from the current phase.
    WrongPhase {
        phase: Phase,
        wanted: &'static str,
    },
    /// Every presenter has been called.
    NoNextPresenter,
    NothingToUndo,
    /// The review comes before the first presenter is called, not after.
    ReviewAfterStart,
}

impl std::fmt::Display for MoveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MoveError::AlreadyStarted => {
                f.write_str("the order can only change before the first presenter is called")
            }
            MoveError::BadOrder(why) => write!(f, "that order is not usable: {why}"),
            MoveError::WrongPhase { phase, wanted } => write!(
                f,
                "the current phase is {}, so this needs {wanted} first",
                phase.name()
            ),
            MoveError::NoNextPresenter => f.write_str("every presenter has been called"),
            MoveError::NothingToUndo => {
                f.write_str("there is nothing to undo since the last reveal")
            }
            MoveError::ReviewAfterStart => f.write_str(
                "the review of the last session's items comes before the first presenter is called; the event has started",
            ),
        }
    }
}

impl MoveError {
    pub fn code(&self) -> &'static str {
        match self {
            MoveError::AlreadyStarted => "already_started",
            MoveError::BadOrder(_) => "bad_order",
            MoveError::WrongPhase { .. } => "wrong_phase",
            MoveError::NoNextPresenter => "no_next_presenter",
            MoveError::NothingToUndo => "nothing_to_undo",
            MoveError::ReviewAfterStart => "review_after_start",
        }
    }
}

/// A phase's countdown at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    pub limit_ms: i64,
    pub elapsed_ms: i64,
    /// Negative once the phase runs over its limit.
    pub remaining_ms: i64,
}

impl Clock {
    pub fn overrun(&self) -> bool {
        self.remaining_ms < 0
    }
}

/// `m:ss` of a span, with a minus sign for an overrun.
pub fn format_clock(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    // Round a running countdown up, so 9:59.4 shows 10:00 and 0:00 means time is up.
    let secs = if ms < 0 {
        (-ms) / 1000
    } else {
        (ms + 999) / 1000
    };
    format!("{sign}{}:{:02}", secs / 60, secs % 60)
}

/// The cue the countdown passed between two readings of one phase's clock, `before_ms` then
/// `now_ms` (time left, in ms): a cue at `c` is passed when the time left comes down to
/// `c`. After a jump past several (a tab woken in the background), the last of them: the
/// one that says where the phase is now.
pub fn crossed_cue(before_ms: i64, now_ms: i64, cues_ms: &[i64]) -> Option<i64> {
    cues_ms
        .iter()
        .copied()
        .filter(|&cue| now_ms <= cue && cue < before_ms)
        .min()
}

/// Follows the countdown reading by reading and says when it passes a cue: each cue at
/// most once in a run of a phase, however the readings jump. A run is told apart by its
/// key (the phase and when it began); a new run's first reading fires nothing, so a page
/// opened late in a phase stays quiet.
#[derive(Clone, Debug)]
pub struct CueWatch<K> {
    /// The run being followed, and the least time left seen in it: a clock set back by a
    /// new reading of the server's time must not pass the same cue twice.
    run: Option<(K, i64)>,
}

impl<K> Default for CueWatch<K> {
    fn default() -> Self {
        CueWatch { run: None }
    }
}

impl<K: PartialEq> CueWatch<K> {
    /// Takes the time left in run `key` now; the cue it passed, if any.
    pub fn observe(&mut self, key: K, remaining_ms: i64, cues_ms: &[i64]) -> Option<i64> {
        match &mut self.run {
            Some((run, least)) if *run == key => {
                let cue = crossed_cue(*least, remaining_ms, cues_ms);
                *least = (*least).min(remaining_ms);
                cue
            }
            _ => {
                self.run = Some((key, remaining_ms));
                None
            }
        }
    }
}

impl Show {
    /// A new event's show: the config's order, nobody on stage.
    pub fn new(config: &EventConfig) -> Show {
        Show {
            stage: Stage {
                order: config
                    .presenters_in_order()
                    .into_iter()
                    .map(|p| p.id.clone())
                    .collect(),
                ..Stage::default()
            },
            undo: Vec::new(),
            version: 0,
        }
    }

    pub fn started(&self) -> bool {
        self.stage.current.is_some()
    }

    /// Applies a host's move at `now_ms`; `revealed` says which presenters are locked.
    pub fn apply(
        &mut self,
        config: &EventConfig,
        mv: &Move,
        now_ms: i64,
        revealed: &dyn Fn(&Id) -> bool,
    ) -> Result<(), MoveError> {
        let before = self.stage.clone();
        let stage = &mut self.stage;
        match mv {
            Move::Undo => {
                self.stage = self.undo.pop().ok_or(MoveError::NothingToUndo)?;
                self.version += 1;
                return Ok(());
            }
            Move::Reorder { order } => {
                if stage.current.is_some() {
                    return Err(MoveError::AlreadyStarted);
                }
                check_order(config, order)?;
                stage.order = order.clone();
            }
            Move::StartReport => {
                if stage.current.is_none() {
                    stage.current = next_presenter(&stage.order, None, revealed);
                    if stage.current.is_none() {
                        return Err(MoveError::NoNextPresenter);
                    }
                } else if stage.phase != Phase::Waiting {
                    return Err(MoveError::WrongPhase {
                        phase: stage.phase,
                        wanted: "a presenter on deck",
                    });
                }
                stage.phase = Phase::Report;
                stage.since_ms = Some(now_ms);
            }
            Move::StartDefence => {
                if stage.phase != Phase::Report {
                    return Err(MoveError::WrongPhase {
                        phase: stage.phase,
                        wanted: "the report",
                    });
                }
                stage.phase = Phase::Defence;
                stage.since_ms = Some(now_ms);
            }
            Move::OpenScoring => {
                if !matches!(stage.phase, Phase::Report | Phase::Defence) {
                    return Err(MoveError::WrongPhase {
                        phase: stage.phase,
                        wanted: "the report or the defence",
                    });
                }
                stage.phase = Phase::Scoring;
                stage.since_ms = Some(now_ms);
            }
            Move::StartReview => {
                if stage.current.is_some() {
                    return Err(MoveError::ReviewAfterStart);
                }
                if stage.phase == Phase::Review {
                    return Err(MoveError::WrongPhase {
                        phase: stage.phase,
                        wanted: "the stage before the review",
                    });
                }
                stage.phase = Phase::Review;
                stage.since_ms = Some(now_ms);
            }
            Move::Next => {
                let next = next_presenter(&stage.order, stage.current.as_ref(), revealed)
                    .ok_or(MoveError::NoNextPresenter)?;
                stage.current = Some(next);
                stage.phase = Phase::Waiting;
                stage.since_ms = None;
            }
        }
        self.undo.push(before);
        self.version += 1;
        Ok(())
    }

    /// Records a reveal: the presenter's phase becomes `Revealed` if on stage, and nothing
    /// before it can be undone any more.
    pub fn revealed(&mut self, presenter: &Id, now_ms: i64) {
        if self.stage.current.as_ref() == Some(presenter) {
            self.stage.phase = Phase::Revealed;
            self.stage.since_ms = Some(now_ms);
        }
        self.undo.clear();
        self.version += 1;
    }

    /// The countdown of the current phase, when it has a limit.
    pub fn clock(&self, config: &EventConfig, now_ms: i64) -> Option<Clock> {
        let limit = match self.stage.phase {
            Phase::Report => config.phases.report,
            Phase::Defence => config.phases.defence,
            Phase::Scoring => config.phases.scoring,
            Phase::Waiting | Phase::Revealed | Phase::Review => return None,
        };
        let since = self.stage.since_ms?;
        let limit_ms = i64::from(limit.secs()) * 1000;
        let elapsed_ms = (now_ms - since).max(0);
        Some(Clock {
            limit_ms,
            elapsed_ms,
            remaining_ms: limit_ms - elapsed_ms,
        })
    }
}

/// The first presenter after `after` in the order who is not revealed; from the start when
/// `after` is `None`. Wraps round, so a skipped presenter can still be called later.
fn next_presenter(order: &[Id], after: Option<&Id>, revealed: &dyn Fn(&Id) -> bool) -> Option<Id> {
    let start = after
        .and_then(|a| order.iter().position(|p| p == a))
        .map_or(0, |i| i + 1);
    (0..order.len())
        .map(|k| &order[(start + k) % order.len()])
        .find(|p| Some(*p) != after && !revealed(p))
        .cloned()
}

fn check_order(config: &EventConfig, order: &[Id]) -> Result<(), MoveError> {
    if order.len() != config.presenters.len() {
        return Err(MoveError::BadOrder(format!(
            "it has {} presenters, the event {}",
            order.len(),
            config.presenters.len()
        )));
    }
    for (i, id) in order.iter().enumerate() {
        if config.presenter(id.as_str()).is_none() {
            return Err(MoveError::BadOrder(format!("'{id}' is not a presenter")));
        }
        if order[..i].contains(id) {
            return Err(MoveError::BadOrder(format!("'{id}' appears twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_event;

    fn id(s: &str) -> Id {
        Id::parse(s).unwrap()
    }

    fn none(_: &Id) -> bool {
        false
    }

    #[test]
    fn a_presenter_goes_through_report_defence_scoring_with_server_timed_clocks() {
        let config = demo_event();
        let mut show = Show::new(&config);
        assert!(!show.started());
        show.apply(&config, &Move::StartReport, 1_000, &none)
            .unwrap();
        assert_eq!(
            show.stage.current,
            Some(config.presenters_in_order()[0].id.clone())
        );
        assert_eq!(show.stage.phase, Phase::Report);
        let clock = show.clock(&config, 1_000 + 60_000).unwrap();
        assert_eq!(clock.limit_ms, 600_000);
        assert_eq!(clock.remaining_ms, 540_000);
        // An overrun is shown, not hidden.
        let late = show.clock(&config, 1_000 + 605_000).unwrap();
        assert!(late.overrun());
        assert_eq!(format_clock(late.remaining_ms), "-0:05");

        show.apply(&config, &Move::StartDefence, 700_000, &none)
            .unwrap();
        assert_eq!(show.clock(&config, 700_000).unwrap().limit_ms, 300_000);
        show.apply(&config, &Move::OpenScoring, 900_000, &none)
            .unwrap();
        assert_eq!(show.stage.phase, Phase::Scoring);
        assert_eq!(
            show.apply(&config, &Move::StartDefence, 900_001, &none),
            Err(MoveError::WrongPhase {
                phase: Phase::Scoring,
                wanted: "the report"
            })
        );
    }

    #[test]
    fn a_mistaken_move_is_undone_but_a_reveal_is_not() {
        let config = demo_event();
        let mut show = Show::new(&config);
        show.apply(&config, &Move::StartReport, 0, &none).unwrap();
        let in_report = show.stage.clone();
        show.apply(&config, &Move::OpenScoring, 10, &none).unwrap();
        show.apply(&config, &Move::Undo, 20, &none).unwrap();
        assert_eq!(show.stage, in_report);

        show.apply(&config, &Move::OpenScoring, 30, &none).unwrap();
        let first = show.stage.current.clone().unwrap();
        show.revealed(&first, 40);
        assert_eq!(show.stage.phase, Phase::Revealed);
        assert_eq!(
            show.apply(&config, &Move::Undo, 50, &none),
            Err(MoveError::NothingToUndo)
        );
    }

    #[test]
    fn next_skips_revealed_presenters_and_wraps_to_skipped_ones() {
        let config = demo_event();
        let order: Vec<Id> = config
            .presenters_in_order()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        let mut show = Show::new(&config);
        show.apply(&config, &Move::StartReport, 0, &none).unwrap();
        let revealed = |p: &Id| *p == order[1];
        show.apply(&config, &Move::Next, 1, &revealed).unwrap();
        assert_eq!(show.stage.current.as_ref(), Some(&order[2]));
        assert_eq!(show.stage.phase, Phase::Waiting);
        // From the last presenter, Next comes back round to the first one not revealed.
        let mut at_end = show.clone();
        at_end.stage.current = Some(order[9].clone());
        at_end.apply(&config, &Move::Next, 2, &revealed).unwrap();
        assert_eq!(at_end.stage.current.as_ref(), Some(&order[0]));
        let all = |_: &Id| true;
        assert_eq!(
            show.apply(&config, &Move::Next, 3, &all),
            Err(MoveError::NoNextPresenter)
        );
    }

    #[test]
    fn the_order_changes_only_before_the_start_and_only_to_a_permutation() {
        let config = demo_event();
        let mut show = Show::new(&config);
        let mut order = show.stage.order.clone();
        order.reverse();
        show.apply(
            &config,
            &Move::Reorder {
                order: order.clone(),
            },
            0,
            &none,
        )
        .unwrap();
        assert_eq!(show.stage.order, order);
        let mut twice = order.clone();
        twice[1] = twice[0].clone();
        assert!(matches!(
            show.apply(&config, &Move::Reorder { order: twice }, 0, &none),
            Err(MoveError::BadOrder(_))
        ));
        assert!(matches!(
            show.apply(
                &config,
                &Move::Reorder {
                    order: vec![id("x")]
                },
                0,
                &none
            ),
            Err(MoveError::BadOrder(_))
        ));
        show.apply(&config, &Move::StartReport, 0, &none).unwrap();
        assert_eq!(show.stage.current.as_ref(), Some(&order[0]));
        assert_eq!(
            show.apply(&config, &Move::Reorder { order }, 0, &none),
            Err(MoveError::AlreadyStarted)
        );
    }

    #[test]
    fn the_review_comes_only_before_the_first_presenter_is_called() {
        let config = demo_event();
        let mut show = Show::new(&config);
        show.apply(&config, &Move::StartReview, 1_000, &none)
            .unwrap();
        assert_eq!(show.stage.phase, Phase::Review);
        assert_eq!(show.stage.current, None);
        assert_eq!(show.stage.since_ms, Some(1_000));
        assert!(!show.started(), "nobody has been called yet");
        assert_eq!(
            show.clock(&config, 2_000),
            None,
            "the review has no countdown"
        );
        assert!(matches!(
            show.apply(&config, &Move::StartReview, 1_500, &none),
            Err(MoveError::WrongPhase {
                phase: Phase::Review,
                ..
            })
        ));
        // Nothing of a presenter's phases follows from the review.
        for mv in [Move::StartDefence, Move::OpenScoring] {
            assert!(matches!(
                show.apply(&config, &mv, 1_600, &none),
                Err(MoveError::WrongPhase { .. })
            ));
        }
        let mut started = Show::new(&config);
        started
            .apply(&config, &Move::StartReport, 0, &none)
            .unwrap();
        let before = started.clone();
        let refused = started.apply(&config, &Move::StartReview, 10, &none);
        assert_eq!(refused, Err(MoveError::ReviewAfterStart));
        assert_eq!(refused.unwrap_err().code(), "review_after_start");
        assert_eq!(started, before, "a refused move changes nothing");
        // Called and then sent back on deck by Next: still started.
        started.apply(&config, &Move::Next, 20, &none).unwrap();
        assert_eq!(
            started.apply(&config, &Move::StartReview, 30, &none),
            Err(MoveError::ReviewAfterStart)
        );
    }

    #[test]
    fn next_after_the_review_calls_the_first_presenter_and_undo_goes_back_before_it() {
        let config = demo_event();
        let first = config.presenters_in_order()[0].id.clone();
        let mut show = Show::new(&config);
        let fresh = show.stage.clone();
        show.apply(&config, &Move::StartReview, 1_000, &none)
            .unwrap();
        let in_review = show.stage.clone();
        show.apply(&config, &Move::Next, 2_000, &none).unwrap();
        assert_eq!(show.stage.current.as_ref(), Some(&first));
        assert_eq!(show.stage.phase, Phase::Waiting);
        assert_eq!(show.stage.since_ms, None);
        assert!(show.started());
        show.apply(&config, &Move::Undo, 3_000, &none).unwrap();
        assert_eq!(show.stage, in_review);
        show.apply(&config, &Move::Undo, 4_000, &none).unwrap();
        assert_eq!(show.stage, fresh);
        assert!(!show.started());
        // Start report from the review calls the first presenter too.
        show.apply(&config, &Move::StartReview, 5_000, &none)
            .unwrap();
        show.apply(&config, &Move::StartReport, 6_000, &none)
            .unwrap();
        assert_eq!(show.stage.current.as_ref(), Some(&first));
        assert_eq!(show.stage.phase, Phase::Report);
        let mv: Move = serde_json::from_str(r#"{"action": "start_review"}"#).unwrap();
        assert_eq!(mv, Move::StartReview);
        assert_eq!(Phase::Review.name(), "review");
        assert_eq!(serde_json::to_value(Phase::Review).unwrap(), "review");
    }

    #[test]
    fn clocks_read_like_a_countdown() {
        assert_eq!(format_clock(600_000), "10:00");
        assert_eq!(format_clock(599_001), "10:00");
        assert_eq!(format_clock(59_000), "0:59");
        assert_eq!(format_clock(0), "0:00");
        assert_eq!(format_clock(-61_000), "-1:01");
    }

    const CUES: [i64; 2] = [60_000, 0];

    #[test]
    fn a_cue_fires_when_the_time_left_comes_down_to_it() {
        assert_eq!(crossed_cue(60_400, 60_150, &CUES), None);
        assert_eq!(crossed_cue(60_150, 59_900, &CUES), Some(60_000));
        assert_eq!(crossed_cue(60_001, 60_000, &CUES), Some(60_000));
        assert_eq!(crossed_cue(60_000, 59_750, &CUES), None);
        assert_eq!(crossed_cue(200, -50, &CUES), Some(0));
        assert_eq!(crossed_cue(200, -50, &[]), None);
    }

    #[test]
    fn a_jump_past_several_cues_fires_the_last_one_only() {
        assert_eq!(crossed_cue(125_000, -3_000, &CUES), Some(0));
        assert_eq!(
            crossed_cue(125_000, 30_000, &[120_000, 60_000, 0]),
            Some(60_000)
        );
        let mut watch = CueWatch::default();
        assert_eq!(watch.observe(1, 125_000, &CUES), None);
        assert_eq!(watch.observe(1, -3_000, &CUES), Some(0));
        assert_eq!(watch.observe(1, -3_250, &CUES), None);
    }

    #[test]
    fn a_cue_fires_once_even_when_the_clock_is_set_back() {
        let mut watch = CueWatch::default();
        let fired: Vec<_> = [61_000, 60_200, 59_950, 59_700, 60_300, 59_800, 58_000]
            .into_iter()
            .filter_map(|left| watch.observe("report@1000", left, &CUES))
            .collect();
        assert_eq!(fired, [60_000]);
    }

    #[test]
    fn time_up_fires_once_and_an_overrun_stays_quiet() {
        let mut watch = CueWatch::default();
        assert_eq!(watch.observe(7, 1_000, &CUES), None);
        assert_eq!(watch.observe(7, 250, &CUES), None);
        assert_eq!(watch.observe(7, -10, &CUES), Some(0));
        for left in [-260, -5_000, -600_000] {
            assert_eq!(watch.observe(7, left, &CUES), None);
        }
        // A page opened during an overrun does not cue either.
        let mut late = CueWatch::default();
        assert_eq!(late.observe(7, -5_000, &CUES), None);
        assert_eq!(late.observe(7, -5_250, &CUES), None);
    }

    #[test]
    fn a_new_phase_starts_a_new_watch_and_its_first_reading_is_quiet() {
        let mut watch = CueWatch::default();
        assert_eq!(watch.observe(("report", 0), 60_100, &CUES), None);
        // The host moved on just as the minute came: the defence's first reading is its own.
        assert_eq!(watch.observe(("defence", 1), 59_000, &CUES), None);
        assert_eq!(watch.observe(("defence", 1), 58_750, &CUES), None);
        // The next run of a phase cues again.
        assert_eq!(watch.observe(("report", 2), 600_000, &CUES), None);
        assert_eq!(watch.observe(("report", 2), 59_999, &CUES), Some(60_000));
        // Undo back to an earlier run: watched afresh, quiet at its first reading.
        assert_eq!(watch.observe(("report", 0), 30_000, &CUES), None);
        assert_eq!(watch.observe(("report", 0), -1, &CUES), Some(0));
    }

    #[test]
    fn a_show_survives_storage() {
        let config = demo_event();
        let mut show = Show::new(&config);
        show.apply(&config, &Move::StartReport, 5, &none).unwrap();
        let text = serde_json::to_string(&show).unwrap();
        assert_eq!(serde_json::from_str::<Show>(&text).unwrap(), show);
        let mv: Move = serde_json::from_str(r#"{"action": "open_scoring"}"#).unwrap();
        assert_eq!(mv, Move::OpenScoring);
    }
}
