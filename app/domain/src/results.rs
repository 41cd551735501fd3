//! An event's results as the host reviews, signs off and exports them: every revealed
//! presenter's place with the step that decided it, the full breakdown (each judge's total
//! and values, dropped marks, group subtotals), amendments with their reasons, and the change
//! of rank since the previous event.

use super::event::EventConfig;
use super::exact::Exact;
use super::ids::Id;
use super::lang::Lang;
use super::receipt::Receipt;
use super::score::Score;
use super::scoring::{rank, DecidedBy, Dropped, Excluded, PresenterResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An amendment of a revealed result, as the results list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Amendment {
    /// 1 for a presenter's first amendment.
    pub n: u32,
    pub at: String,
    pub reason: String,
    /// The late ops (by `op_id`) it counted.
    #[serde(default)]
    pub include_late: Vec<String>,
    #[serde(default)]
    pub previous_final: Option<Score>,
    #[serde(rename = "final", default)]
    pub final_score: Option<Score>,
    #[serde(default)]
    pub previous_hash: String,
    #[serde(default)]
    pub result_hash: String,
}

/// Places gained since the previous ranking: positive moved up, negative down.
pub fn rank_change(previous: Option<u32>, now: u32) -> Option<i64> {
    previous.map(|p| i64::from(p) - i64::from(now))
}

/// `GET /api/v1/events/{event}/results/full` (host).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub event: EventHeading,
    /// Every presenter is revealed.
    pub complete: bool,
    /// Revealed presenters, best first.
    pub places: Vec<Placed>,
    /// Presenters not revealed yet, in speaking order.
    pub unrevealed: Vec<PresenterRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventHeading {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<String>,
    pub language: Lang,
    /// The event this one was created from as its next quarter.
    #[serde(default)]
    pub previous_event: Option<String>,
    /// The tie-break chain, as configured (`untrimmed_mean`, `group:<id>`, `shared`).
    pub tie_break: Vec<String>,
    pub display_decimals: u32,
    pub groups: Vec<NameRef>,
    pub criteria: Vec<CriterionRef>,
    pub judges: Vec<JudgeRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRef {
    pub id: String,
    pub name: String,
    pub min: Score,
    pub max: Score,
    pub step: Score,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeRef {
    pub id: String,
    pub name: String,
    pub group: String,
    pub group_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenterRef {
    pub id: String,
    pub name: String,
    pub unit: String,
    /// Speaking position in this event, from 1.
    #[serde(default)]
    pub position: Option<u32>,
}

/// A revealed presenter's place and breakdown, as the result stands (amended or not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub id: String,
    pub name: String,
    pub unit: String,
    /// Speaking position in this event, from 1.
    #[serde(default)]
    pub position: Option<u32>,
    pub rank: u32,
    /// Another presenter has the same place.
    pub shared: bool,
    pub decided_by: DecidedBy,
    /// Rounded to the event's display decimals.
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    /// The final as shown, with the event's display decimals: `87.40`.
    pub final_display: Option<String>,
    /// The exact final as a fraction: `437/5`.
    pub final_exact: Option<String>,
    /// The final before rounding, in decimals (`84.3333…`), for people to read.
    #[serde(default)]
    pub final_unrounded: Option<String>,
    pub untrimmed_mean: Option<String>,
    pub counted: u32,
    pub trimmed: bool,
    pub forced: bool,
    pub quorum_met: bool,
    pub revealed_at: String,
    pub result_hash: String,
    /// The place in the previous ranking (the config's `last_rank`).
    #[serde(default)]
    pub previous_rank: Option<u32>,
    #[serde(default)]
    pub rank_change: Option<i64>,
    pub amended: bool,
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// Every judge of the event, by judge id.
    pub judges: Vec<JudgeLine>,
    /// By group id.
    pub groups: Vec<GroupLine>,
}

/// What became of a judge's sheet in a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkStatus {
    Counted,
    DroppedHighest,
    DroppedLowest,
    Recused,
    NoSheet,
    NotSubmitted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeLine {
    pub judge: String,
    pub name: String,
    pub group: String,
    pub status: MarkStatus,
    /// The counted total (also when trimming dropped it).
    pub total: Option<Score>,
    /// The counted sheet's values by criterion id; empty when nothing counted.
    #[serde(default)]
    pub values: BTreeMap<String, Option<Score>>,
    #[serde(default)]
    pub server_seq: Option<u64>,
    #[serde(default)]
    pub receipt: Option<Receipt>,
    /// The sheet arrived after the reveal and an amendment counted it.
    #[serde(default)]
    pub late: bool,
    /// The counted sheet was entered from paper, by this person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLine {
    pub group: String,
    pub name: String,
    pub sheets: u32,
    pub kept: u32,
    /// Mean of the kept totals, with the event's display decimals.
    pub subtotal: Option<String>,
    /// The same, exact: `517/6`.
    pub subtotal_exact: Option<String>,
    /// The group's share of the final, in percent with two decimals (`20.00`).
    pub weight_percent: Option<String>,
}

/// A revealed result as it stands, for `review`.
pub struct Revealed<'a> {
    pub result: &'a PresenterResult,
    pub final_score: Option<Score>,
    pub result_hash: &'a str,
    pub revealed_at: &'a str,
    pub forced: bool,
    pub amendments: Vec<Amendment>,
}

/// The sheet a result counted for one judge: the values behind the total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedSheet {
    pub values: BTreeMap<Id, Option<Score>>,
    pub server_seq: u64,
    pub receipt: Receipt,
    pub late: bool,
    /// Entered from a paper sheet, by this person.
    pub paper: Option<String>,
}

/// Builds the host's results from the revealed results; `order` is the speaking order that
/// was run, and `sheets` the counted sheets by (presenter, judge).
pub fn review(
    config: &EventConfig,
    order: &[Id],
    previous_event: Option<&str>,
    revealed: &[Revealed<'_>],
    sheets: &BTreeMap<(Id, Id), CountedSheet>,
) -> Review {
    let decimals = config.aggregation.display_decimals;
    let group_name = |g: &Id| {
        config
            .group(g.as_str())
            .map_or_else(|| g.to_string(), |g| g.name.clone())
    };
    let position = |p: &Id| {
        order
            .iter()
            .position(|o| o == p)
            .map(|i| i as u32 + 1)
            .or_else(|| config.presenter(p.as_str()).and_then(|p| p.order))
    };
    let entries: Vec<_> = revealed.iter().map(|r| (r.result, None)).collect();
    let placings = rank(config, &entries);
    let places = placings
        .iter()
        .filter_map(|placing| {
            let r = revealed
                .iter()
                .find(|r| r.result.presenter == placing.presenter)?;
            let presenter = config.presenter(placing.presenter.as_str());
            let previous_rank = presenter.and_then(|p| p.last_rank);
            let mut judges: Vec<JudgeLine> = config
                .judges
                .iter()
                .map(|j| judge_line(r.result, j, sheets))
                .collect();
            judges.sort_by(|a, b| a.judge.cmp(&b.judge));
            Some(Placed {
                id: placing.presenter.to_string(),
                name: presenter.map(|p| p.name.clone()).unwrap_or_default(),
                unit: presenter.map(|p| p.unit.clone()).unwrap_or_default(),
                position: position(&placing.presenter),
                rank: placing.place,
                shared: placings
                    .iter()
                    .any(|o| o.place == placing.place && o.presenter != placing.presenter),
                decided_by: placing.decided_by.clone(),
                final_score: r.final_score,
                final_display: r.result.final_score.map(|f| f.display(decimals)),
                final_exact: r.result.final_score.map(|f| f.fraction()),
                final_unrounded: r.result.final_score.map(|f| f.decimal(4)),
                untrimmed_mean: r.result.untrimmed_mean.map(|m| m.display(decimals)),
                counted: r.result.counted(),
                trimmed: r.result.trimmed,
                forced: r.forced,
                quorum_met: r.result.quorum.met,
                revealed_at: r.revealed_at.to_string(),
                result_hash: r.result_hash.to_string(),
                previous_rank,
                rank_change: rank_change(previous_rank, placing.place),
                amended: !r.amendments.is_empty(),
                amendments: r.amendments.clone(),
                judges,
                groups: r
                    .result
                    .groups
                    .iter()
                    .map(|g| GroupLine {
                        group: g.group.to_string(),
                        name: group_name(&g.group),
                        sheets: g.sheets,
                        kept: g.kept,
                        subtotal: g.subtotal.map(|s| s.display(decimals)),
                        subtotal_exact: g.subtotal.map(|s| s.fraction()),
                        // A share is a plain ratio; as hundredths of a percent it displays
                        // with two decimals.
                        weight_percent: g.weight.map(|w| (w * Exact::ratio(10_000, 1)).display(2)),
                    })
                    .collect(),
            })
        })
        .collect::<Vec<_>>();
    let mut unrevealed: Vec<PresenterRef> = config
        .presenters
        .iter()
        .filter(|p| !revealed.iter().any(|r| r.result.presenter == p.id))
        .map(|p| PresenterRef {
            id: p.id.to_string(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            position: position(&p.id),
        })
        .collect();
    unrevealed.sort_by_key(|p| (p.position.unwrap_or(u32::MAX), p.id.clone()));
    Review {
        event: EventHeading {
            id: config.id.to_string(),
            title: config.title.clone(),
            date: config.date.clone(),
            language: config.language,
            previous_event: previous_event.map(str::to_string),
            tie_break: config
                .aggregation
                .tie_break
                .iter()
                .map(|t| t.to_string())
                .collect(),
            display_decimals: decimals,
            groups: config
                .groups
                .iter()
                .map(|g| NameRef {
                    id: g.id.to_string(),
                    name: g.name.clone(),
                })
                .collect(),
            criteria: config
                .criteria
                .iter()
                .map(|c| CriterionRef {
                    id: c.id.to_string(),
                    name: c.name.clone(),
                    min: c.min,
                    max: c.max,
                    step: c.step,
                })
                .collect(),
            judges: config
                .judges
                .iter()
                .map(|j| JudgeRef {
                    id: j.id.to_string(),
                    name: j.name.clone(),
                    group: j.group.to_string(),
                    group_name: group_name(&j.group),
                })
                .collect(),
        },
        complete: unrevealed.is_empty(),
        places,
        unrevealed,
    }
}

fn judge_line(
    result: &PresenterResult,
    judge: &super::event::Judge,
    sheets: &BTreeMap<(Id, Id), CountedSheet>,
) -> JudgeLine {
    let mark = result.marks.iter().find(|m| m.judge == judge.id);
    let status = match (mark, result.excluded.iter().find(|e| e.judge == judge.id)) {
        (Some(m), _) => match m.dropped {
            None => MarkStatus::Counted,
            Some(Dropped::Highest) => MarkStatus::DroppedHighest,
            Some(Dropped::Lowest) => MarkStatus::DroppedLowest,
        },
        (None, Some(e)) => match e.reason {
            Excluded::Recused => MarkStatus::Recused,
            Excluded::NoSheet => MarkStatus::NoSheet,
            Excluded::NotSubmitted => MarkStatus::NotSubmitted,
        },
        // A judge added after the reveal is in neither list.
        (None, None) => MarkStatus::NoSheet,
    };
    let sheet = mark.and_then(|_| sheets.get(&(result.presenter.clone(), judge.id.clone())));
    JudgeLine {
        judge: judge.id.to_string(),
        name: judge.name.clone(),
        group: judge.group.to_string(),
        status,
        total: mark.map(|m| m.total),
        values: sheet
            .map(|s| s.values.iter().map(|(k, v)| (k.to_string(), *v)).collect())
            .unwrap_or_default(),
        server_seq: sheet.map(|s| s.server_seq),
        receipt: sheet.map(|s| s.receipt),
        late: sheet.is_some_and(|s| s.late),
        paper: sheet.and_then(|s| s.paper.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::presenter_result;
    use crate::sheet::Sheet;

    fn id(s: &str) -> Id {
        Id::parse(s).unwrap()
    }

    fn sheet(results: i64) -> Sheet {
        Sheet {
            values: [
                (id("results"), Some(Score::from_hundredths(results * 100))),
                (id("defence"), Some(Score::from_hundredths(2000))),
                (id("satisfaction"), Some(Score::from_hundredths(1500))),
            ]
            .into(),
            submitted: true,
        }
    }

    /// Every judge gives `base` (+ their index for the first judge) to one presenter.
    fn result_for(
        config: &EventConfig,
        presenter: &str,
        base: i64,
        skip: &[&str],
    ) -> PresenterResult {
        let sheets: BTreeMap<Id, Sheet> = config
            .judges
            .iter()
            .filter(|j| !skip.contains(&j.id.as_str()))
            .enumerate()
            .map(|(i, j)| (j.id.clone(), sheet(base + (i as i64 % 3))))
            .collect();
        presenter_result(config, &id(presenter), &sheets)
    }

    fn revealed<'a>(r: &'a PresenterResult, decimals: u32) -> Revealed<'a> {
        Revealed {
            result: r,
            final_score: r.final_rounded(decimals),
            result_hash: "h",
            revealed_at: "2026-07-06T15:00:00Z",
            forced: false,
            amendments: Vec::new(),
        }
    }

    #[test]
    fn places_carry_the_deciding_step_shared_places_and_rank_changes() {
        let config = crate::demo_event();
        let order: Vec<Id> = config
            .presenters_in_order()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        // shinan and xihaian get the same sheets, so they share a place.
        let a = result_for(&config, "shinan", 40, &[]);
        let b = result_for(&config, "xihaian", 40, &[]);
        let c = result_for(&config, "jiaozhou", 30, &["j13"]);
        let revealed = [revealed(&a, 2), revealed(&b, 2), revealed(&c, 2)];
        let r = review(&config, &order, Some("q1"), &revealed, &BTreeMap::new());

        assert!(!r.complete);
        assert_eq!(r.unrevealed.len(), 7);
        assert_eq!(
            r.unrevealed[0].id, "chengyang",
            "unrevealed in speaking order"
        );
        assert_eq!(r.event.previous_event.as_deref(), Some("q1"));
        let places: Vec<(&str, u32, bool)> = r
            .places
            .iter()
            .map(|p| (p.id.as_str(), p.rank, p.shared))
            .collect();
        assert_eq!(
            places,
            [
                ("shinan", 1, true),
                ("xihaian", 1, true),
                ("jiaozhou", 3, false)
            ]
        );
        assert_eq!(r.places[0].decided_by, DecidedBy::Shared);
        assert_eq!(r.places[2].decided_by, DecidedBy::Score);
        // The demo's last_rank: shinan 2 → 1, xihaian 3 → 1, jiaozhou 1 → 3.
        assert_eq!(r.places[0].rank_change, Some(1));
        assert_eq!(r.places[1].rank_change, Some(2));
        assert_eq!(r.places[2].rank_change, Some(-2));
        assert_eq!(r.places[2].position, Some(1));

        let jiaozhou = &r.places[2];
        let j13 = jiaozhou.judges.iter().find(|j| j.judge == "j13").unwrap();
        assert_eq!(j13.status, MarkStatus::NoSheet);
        assert_eq!(j13.total, None);
        let dropped: Vec<MarkStatus> = jiaozhou
            .judges
            .iter()
            .map(|j| j.status)
            .filter(|s| matches!(s, MarkStatus::DroppedHighest | MarkStatus::DroppedLowest))
            .collect();
        assert_eq!(dropped.len(), 2, "one high and one low dropped");
        let g = &jiaozhou.groups[0];
        assert_eq!(
            g.weight_percent.as_deref(),
            Some("20.00"),
            "five equal groups"
        );
        assert!(g.subtotal_exact.is_some());
    }

    #[test]
    fn rank_change_counts_places_gained() {
        assert_eq!(rank_change(Some(5), 2), Some(3));
        assert_eq!(rank_change(Some(1), 4), Some(-3));
        assert_eq!(rank_change(Some(3), 3), Some(0));
        assert_eq!(rank_change(None, 3), None);
    }
}
