//! The judges' report after an event: each judge's mean and spread, how far each group
//! scores from the panel, and whether totals drift with the speaking order.
//!
//! It reads every counted total of the revealed results, dropped ones included (they are
//! still what the judge gave). Statistics are descriptive, in points, rounded to 4 decimals:
//! spreads are population standard deviations, and a judge's or group's deviation is the
//! mean of (their total − the panel's mean for that presenter), so leniency is not confused
//! with having scored stronger presenters. The speaking order of this contest follows last
//! quarter's ranking, so a drift also reflects who was placed early, not only fatigue.

use super::event::EventConfig;
use super::ids::Id;
use super::score::Score;
use super::scoring::{Dropped, Mark};
use serde::{Deserialize, Serialize};

/// One revealed presenter's counted totals and where they spoke.
pub struct PresenterMarks<'a> {
    pub presenter: &'a Id,
    /// Speaking position, from 1.
    pub position: u32,
    pub marks: &'a [Mark],
}

/// `GET /api/v1/events/{event}/report` (host).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgesReport {
    /// Revealed presenters the report covers.
    pub presenters: u32,
    /// Counted totals it covers.
    pub sheets: u32,
    pub panel: Spread,
    /// Every judge of the event, in config order.
    pub judges: Vec<JudgeStats>,
    /// Every group, in config order.
    pub groups: Vec<GroupStats>,
    pub drift: Drift,
}

/// Count, mean, spread and range of some totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub count: u32,
    pub mean: Option<f64>,
    /// Population standard deviation.
    pub sd: Option<f64>,
    pub min: Option<Score>,
    pub max: Option<Score>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgeStats {
    pub judge: String,
    pub name: String,
    pub group: String,
    pub group_name: String,
    pub spread: Spread,
    /// Mean of (this judge's total − the panel's mean for the same presenter): above 0 is
    /// more generous than the panel.
    pub mean_deviation: Option<f64>,
    /// Mean of the absolute differences: how far from the panel, either way.
    pub mean_abs_deviation: Option<f64>,
    pub dropped_highest: u32,
    pub dropped_lowest: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    pub group: String,
    pub name: String,
    pub spread: Spread,
    /// Mean of (a group member's total − the panel's mean for the same presenter).
    pub mean_deviation: Option<f64>,
    /// Per presenter, in speaking order: the group's mean and its difference from the panel.
    pub by_presenter: Vec<GroupPresenter>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupPresenter {
    pub presenter: String,
    pub position: u32,
    pub count: u32,
    pub mean: f64,
    pub deviation: f64,
}

/// Totals against the speaking order: one point per revealed presenter, and the
/// least-squares line through them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    pub points: Vec<DriftPoint>,
    /// Points per position later in the order; `None` with fewer than two positions.
    pub slope: Option<f64>,
    pub intercept: Option<f64>,
    /// Pearson's r between position and mean total; `None` when either does not vary.
    pub correlation: Option<f64>,
}

/// The fewest speaking positions whose means can say anything about a drift with the order:
/// below this a line through them is noise, and the report says so instead.
pub const MIN_DRIFT_POSITIONS: usize = 5;

impl Drift {
    /// Whether there are enough positions to say how strong a drift is.
    pub fn telling(&self) -> bool {
        self.points.len() >= MIN_DRIFT_POSITIONS
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftPoint {
    pub position: u32,
    pub presenter: String,
    pub name: String,
    pub count: u32,
    /// The panel's mean total for this presenter.
    pub mean: f64,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn points(score: Score) -> f64 {
    score.hundredths() as f64 / 100.0
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn spread(totals: &[Score]) -> Spread {
    let xs: Vec<f64> = totals.iter().copied().map(points).collect();
    let m = mean(&xs);
    let sd = m.map(|m| (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt());
    Spread {
        count: totals.len() as u32,
        mean: m.map(round4),
        sd: sd.map(round4),
        min: totals.iter().min().copied(),
        max: totals.iter().max().copied(),
    }
}

/// A counted total with its presenter's panel mean.
struct Scored<'a> {
    mark: &'a Mark,
    presenter: &'a Id,
    position: u32,
    panel_mean: f64,
}

impl Scored<'_> {
    fn deviation(&self) -> f64 {
        points(self.mark.total) - self.panel_mean
    }
}

pub fn judges_report(config: &EventConfig, presenters: &[PresenterMarks<'_>]) -> JudgesReport {
    let mut scored: Vec<Scored<'_>> = Vec::new();
    let mut drift_points = Vec::new();
    // The line is fitted to the exact means, not the rounded ones shown.
    let mut drift_xy = Vec::new();
    let mut ordered: Vec<&PresenterMarks<'_>> = presenters.iter().collect();
    ordered.sort_by_key(|p| (p.position, p.presenter.clone()));
    for p in &ordered {
        let totals: Vec<f64> = p.marks.iter().map(|m| points(m.total)).collect();
        let Some(panel_mean) = mean(&totals) else {
            continue;
        };
        drift_xy.push((f64::from(p.position), panel_mean));
        drift_points.push(DriftPoint {
            position: p.position,
            presenter: p.presenter.to_string(),
            name: config
                .presenter(p.presenter.as_str())
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            count: totals.len() as u32,
            mean: round4(panel_mean),
        });
        scored.extend(p.marks.iter().map(|mark| Scored {
            mark,
            presenter: p.presenter,
            position: p.position,
            panel_mean,
        }));
    }

    let group_name = |g: &Id| {
        config
            .group(g.as_str())
            .map_or_else(|| g.to_string(), |g| g.name.clone())
    };
    let deviations = |of: &[&Scored<'_>]| {
        let d: Vec<f64> = of.iter().map(|s| s.deviation()).collect();
        let abs: Vec<f64> = d.iter().map(|x| x.abs()).collect();
        (mean(&d).map(round4), mean(&abs).map(round4))
    };
    let judges = config
        .judges
        .iter()
        .map(|j| {
            let own: Vec<&Scored<'_>> = scored.iter().filter(|s| s.mark.judge == j.id).collect();
            let totals: Vec<Score> = own.iter().map(|s| s.mark.total).collect();
            let (mean_deviation, mean_abs_deviation) = deviations(&own);
            let dropped = |d: Dropped| own.iter().filter(|s| s.mark.dropped == Some(d)).count();
            JudgeStats {
                judge: j.id.to_string(),
                name: j.name.clone(),
                group: j.group.to_string(),
                group_name: group_name(&j.group),
                spread: spread(&totals),
                mean_deviation,
                mean_abs_deviation,
                dropped_highest: dropped(Dropped::Highest) as u32,
                dropped_lowest: dropped(Dropped::Lowest) as u32,
            }
        })
        .collect();
    let groups = config
        .groups
        .iter()
        .map(|g| {
            let own: Vec<&Scored<'_>> = scored.iter().filter(|s| s.mark.group == g.id).collect();
            let totals: Vec<Score> = own.iter().map(|s| s.mark.total).collect();
            let by_presenter = ordered
                .iter()
                .filter_map(|p| {
                    let here: Vec<&&Scored<'_>> =
                        own.iter().filter(|s| s.presenter == p.presenter).collect();
                    let first = here.first()?;
                    let xs: Vec<f64> = here.iter().map(|s| points(s.mark.total)).collect();
                    let m = mean(&xs)?;
                    Some(GroupPresenter {
                        presenter: p.presenter.to_string(),
                        position: first.position,
                        count: xs.len() as u32,
                        mean: round4(m),
                        deviation: round4(m - first.panel_mean),
                    })
                })
                .collect();
            GroupStats {
                group: g.id.to_string(),
                name: g.name.clone(),
                spread: spread(&totals),
                mean_deviation: deviations(&own).0,
                by_presenter,
            }
        })
        .collect();
    let all: Vec<Score> = scored.iter().map(|s| s.mark.total).collect();
    JudgesReport {
        presenters: drift_points.len() as u32,
        sheets: all.len() as u32,
        panel: spread(&all),
        judges,
        groups,
        drift: drift(drift_points, &drift_xy),
    }
}

/// The least-squares line and correlation of mean total (`xy`: position, mean) against
/// position.
fn drift(points: Vec<DriftPoint>, xy: &[(f64, f64)]) -> Drift {
    let xs: Vec<f64> = xy.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = xy.iter().map(|p| p.1).collect();
    let (slope, intercept, correlation) = match (mean(&xs), mean(&ys)) {
        (Some(mx), Some(my)) if xs.len() >= 2 => {
            let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
            let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
            let syy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
            if sxx == 0.0 {
                (None, None, None)
            } else {
                let slope = sxy / sxx;
                let r = (syy > 0.0).then(|| sxy / (sxx * syy).sqrt());
                (
                    Some(round4(slope)),
                    Some(round4(my - slope * mx)),
                    r.map(round4),
                )
            }
        }
        _ => (None, None, None),
    };
    Drift {
        points,
        slope,
        intercept,
        correlation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(s: &str) -> Id {
        Id::parse(s).unwrap()
    }

    /// A mark of the demo panel (judge `jNN` is in group (NN-1)/3).
    fn mark(judge: usize, hundredths: i64) -> Mark {
        let groups = ["business", "exemplary", "active", "care", "supervisor"];
        Mark {
            judge: id(&format!("j{judge:02}")),
            group: id(groups[(judge - 1) / 3]),
            total: Score::from_hundredths(hundredths),
            dropped: None,
        }
    }

    #[test]
    fn a_lenient_judge_and_group_show_above_the_panel_and_drift_is_the_fitted_slope() {
        let config = crate::demo_event();
        let ids: Vec<Id> = ["jiaozhou", "shinan", "xihaian"]
            .iter()
            .map(|p| id(p))
            .collect();
        // Each later presenter gets 2 points less from everyone; j01 gives 6 more.
        let marks: Vec<Vec<Mark>> = (0..3)
            .map(|i| {
                (1..=15)
                    .map(|j| {
                        let base = 8000 - 200 * i as i64;
                        mark(j, if j == 1 { base + 600 } else { base })
                    })
                    .collect()
            })
            .collect();
        let input: Vec<PresenterMarks<'_>> = (0..3)
            .map(|i| PresenterMarks {
                presenter: &ids[i],
                position: i as u32 + 1,
                marks: &marks[i],
            })
            .collect();
        let report = judges_report(&config, &input);
        assert_eq!(report.presenters, 3);
        assert_eq!(report.sheets, 45);

        let j01 = &report.judges[0];
        assert_eq!(j01.spread.count, 3);
        assert_eq!(j01.spread.mean, Some(84.0));
        // 86, 84, 82: population sd = sqrt(8/3).
        assert_eq!(j01.spread.sd, Some(round4((8.0f64 / 3.0).sqrt())));
        // The panel's mean for each presenter is base + 6/15 = base + 0.4.
        assert_eq!(j01.mean_deviation, Some(5.6));
        assert_eq!(report.judges[1].mean_deviation, Some(-0.4));

        let business = &report.groups[0];
        assert_eq!(business.mean_deviation, Some(round4(6.0 / 3.0 - 0.4)));
        assert_eq!(business.by_presenter.len(), 3);
        assert_eq!(business.by_presenter[2].deviation, round4(2.0 - 0.4));
        assert_eq!(report.groups[4].mean_deviation, Some(-0.4));

        assert_eq!(report.drift.points.len(), 3);
        assert_eq!(report.drift.points[0].mean, 80.4);
        assert_eq!(report.drift.slope, Some(-2.0));
        assert_eq!(report.drift.intercept, Some(82.4));
        assert_eq!(report.drift.correlation, Some(-1.0));
    }

    #[test]
    fn no_results_give_an_empty_report_without_numbers() {
        let config = crate::demo_event();
        let report = judges_report(&config, &[]);
        assert_eq!(report.sheets, 0);
        assert_eq!(report.panel.mean, None);
        assert_eq!(report.judges.len(), 15);
        assert_eq!(report.judges[0].spread.sd, None);
        assert_eq!(report.drift.slope, None);
        assert_eq!(report.drift.correlation, None);
    }

    proptest! {
        /// Deviations are measured from each presenter's panel mean, so over the whole
        /// panel they cancel out; and the drift of a flat field is flat.
        #[test]
        fn judges_deviations_cancel_out_and_a_shift_changes_no_spread(
            totals in prop::collection::vec(prop::collection::vec(0i64..=10_000, 15), 2..8),
            shift in 0i64..=1_000,
        ) {
            let config = crate::demo_event();
            let ids: Vec<Id> = config.presenters.iter().map(|p| p.id.clone()).collect();
            let build = |extra: i64| -> Vec<Vec<Mark>> {
                totals.iter().map(|row| row.iter().enumerate()
                    .map(|(j, t)| mark(j + 1, (t + extra).min(10_000))).collect()).collect()
            };
            let clamp_free = totals.iter().flatten().all(|t| t + shift <= 10_000);
            let marks = build(0);
            let shifted = build(shift);
            let input = |m: &'_ [Vec<Mark>]| -> JudgesReport {
                let list: Vec<PresenterMarks<'_>> = m.iter().enumerate()
                    .map(|(i, marks)| PresenterMarks { presenter: &ids[i], position: i as u32 + 1, marks })
                    .collect();
                judges_report(&config, &list)
            };
            let report = input(&marks);
            let weighted: f64 = report.judges.iter()
                .map(|j| j.mean_deviation.unwrap() * f64::from(j.spread.count)).sum();
            prop_assert!(weighted.abs() < 0.01 * 15.0, "deviations sum to {weighted}");
            if clamp_free {
                let moved = input(&shifted);
                // Equal up to the last rounded digit: a shift moves floating-point sums.
                let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() <= 0.0002,
                    (a, b) => a == b,
                };
                for (a, b) in report.judges.iter().zip(&moved.judges) {
                    prop_assert!(near(a.spread.sd, b.spread.sd));
                    prop_assert!(near(a.mean_deviation, b.mean_deviation));
                }
                prop_assert!(near(report.drift.slope, moved.drift.slope));
            }
        }
    }
}
