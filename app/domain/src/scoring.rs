//! From judges' sheets to a presenter's result, and from results to a ranking.
//! `docs/scoring.md` explains these rules to a host; a test reproduces its example.

use super::event::{EventConfig, GroupWeighting, TieBreak, TrimScope};
use super::exact::Exact;
use super::ids::Id;
use super::score::Score;
use super::sheet::Sheet;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::{Add, Div, Mul};

/// Why a counted total was left out of the final score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dropped {
    /// Among the highest totals of its trim scope.
    Highest,
    /// Among the lowest totals of its trim scope.
    Lowest,
}

/// Why a judge's sheet did not count at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Excluded {
    /// The judge does not score this presenter.
    Recused,
    /// No sheet reached the server.
    NoSheet,
    /// A sheet is there but was not submitted.
    NotSubmitted,
}

/// One judge's counted total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub judge: Id,
    pub group: Id,
    pub total: Score,
    /// Set when trimming dropped this total.
    pub dropped: Option<Dropped>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub judge: Id,
    pub group: Id,
    pub reason: Excluded,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSubtotal {
    pub group: Id,
    /// Submitted sheets from this group.
    pub sheets: u32,
    /// Of those, kept after trimming.
    pub kept: u32,
    /// Mean of the kept totals; `None` when none is kept.
    pub subtotal: Option<Exact>,
    /// The share of the final this group had (`None` with weighting off).
    pub weight: Option<Exact>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    pub met: bool,
    pub sheets: u32,
    pub min_sheets: u32,
    pub min_per_group: u32,
    /// Groups with fewer submitted sheets than `min_per_group`.
    pub short_groups: Vec<Id>,
}

/// Everything about one presenter's result; its canonical JSON is what a reveal locks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenterResult {
    pub event: Id,
    pub presenter: Id,
    /// Counted totals, by judge id.
    pub marks: Vec<Mark>,
    /// Judges whose sheet did not count, by judge id.
    pub excluded: Vec<Exclusion>,
    /// By group id.
    pub groups: Vec<GroupSubtotal>,
    /// Whether trimming applied (enough totals in scope).
    pub trimmed: bool,
    pub trim_scope: TrimScope,
    pub weighting: GroupWeighting,
    /// The mean of every counted total, before trimming.
    pub untrimmed_mean: Option<Exact>,
    /// The final score, exact; `None` when no sheet counted.
    #[serde(rename = "final")]
    pub final_score: Option<Exact>,
    /// The final score as shown, rounded to the event's display decimals.
    pub final_display: Option<String>,
    pub quorum: Quorum,
}

impl PresenterResult {
    pub fn counted(&self) -> u32 {
        self.marks.len() as u32
    }

    /// The final score rounded for display, as a JSON-ready score.
    pub fn final_rounded(&self, decimals: u32) -> Option<Score> {
        self.final_score.map(|f| f.round(decimals))
    }

    pub fn group_subtotal(&self, group: &Id) -> Option<Exact> {
        self.groups
            .iter()
            .find(|g| &g.group == group)
            .and_then(|g| g.subtotal)
    }

    /// The canonical form: JSON with keys sorted and no spaces.
    pub fn canonical_json(&self) -> String {
        canonical_json(&serde_json::to_value(self).expect("a result serialises"))
    }

    /// SHA-256 of the canonical form, in hex.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        hex_lower(&Sha256::digest(self.canonical_json().as_bytes()))
    }
}

pub fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// JSON with object keys sorted at every level and no insignificant white space.
pub fn canonical_json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::to_string(k).expect("a key serialises"),
                        canonical_json(&map[k])
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => serde_json::to_string(other).expect("a scalar serialises"),
    }
}

/// Computes a presenter's result from the sheets of the judges (by judge id).
pub fn presenter_result(
    config: &EventConfig,
    presenter: &Id,
    sheets: &BTreeMap<Id, Sheet>,
) -> PresenterResult {
    let rule = &config.aggregation;
    let mut judges: Vec<_> = config.judges.iter().collect();
    judges.sort_by(|a, b| a.id.cmp(&b.id));

    let mut marks = Vec::new();
    let mut excluded = Vec::new();
    for judge in judges {
        let exclude = |reason| Exclusion {
            judge: judge.id.clone(),
            group: judge.group.clone(),
            reason,
        };
        if judge.recused.contains(presenter) {
            excluded.push(exclude(Excluded::Recused));
            continue;
        }
        match sheets.get(&judge.id) {
            None => excluded.push(exclude(Excluded::NoSheet)),
            Some(sheet) => match (sheet.submitted, sheet.total(config)) {
                (true, Some(total)) => marks.push(Mark {
                    judge: judge.id.clone(),
                    group: judge.group.clone(),
                    total,
                    dropped: None,
                }),
                _ => excluded.push(exclude(Excluded::NotSubmitted)),
            },
        }
    }

    let trimmed = match rule.trim_scope {
        TrimScope::Panel => {
            let all: Vec<usize> = (0..marks.len()).collect();
            trim(&mut marks, &all, config)
        }
        TrimScope::Group => {
            let mut any = false;
            for group in &config.groups {
                let members: Vec<usize> = (0..marks.len())
                    .filter(|&i| marks[i].group == group.id)
                    .collect();
                any |= trim(&mut marks, &members, config);
            }
            any
        }
    };

    let mut groups: Vec<GroupSubtotal> = config
        .groups
        .iter()
        .map(|g| {
            let in_group = || marks.iter().filter(|m| m.group == g.id);
            let kept = in_group().filter(|m| m.dropped.is_none());
            GroupSubtotal {
                group: g.id.clone(),
                sheets: in_group().count() as u32,
                kept: kept.clone().count() as u32,
                subtotal: Exact::mean(kept.map(|m| m.total)),
                weight: None,
            }
        })
        .collect();
    groups.sort_by(|a, b| a.group.cmp(&b.group));

    let final_score = match rule.group_weighting {
        GroupWeighting::Off => Exact::mean(
            marks
                .iter()
                .filter(|m| m.dropped.is_none())
                .map(|m| m.total),
        ),
        GroupWeighting::Equal | GroupWeighting::Custom => {
            // A group with no kept total has no say; the others share its weight.
            let raw_weight = |g: &GroupSubtotal| match rule.group_weighting {
                GroupWeighting::Custom => config
                    .group(g.group.as_str())
                    .and_then(|c| c.weight)
                    .map(|w| Exact::ratio(w.0 as i128, 1))
                    .unwrap_or_else(Exact::zero),
                _ => Exact::ratio(1, 1),
            };
            let present: Exact = groups
                .iter()
                .filter(|g| g.subtotal.is_some())
                .fold(Exact::zero(), |s, g| s.add(raw_weight(g)));
            if present == Exact::zero() {
                None
            } else {
                let mut sum = Exact::zero();
                for g in groups.iter_mut() {
                    let share = match g.subtotal {
                        Some(_) => raw_weight(g).div(present),
                        None => Exact::zero(),
                    };
                    g.weight = Some(share);
                    if let Some(sub) = g.subtotal {
                        sum = sum.add(sub.mul(share));
                    }
                }
                Some(sum)
            }
        }
    };

    let mut short_groups: Vec<Id> = config
        .groups
        .iter()
        .filter(|g| {
            (marks.iter().filter(|m| m.group == g.id).count() as u32) < rule.quorum_min_per_group
        })
        .map(|g| g.id.clone())
        .collect();
    short_groups.sort();
    let sheets_counted = marks.len() as u32;
    let quorum = Quorum {
        met: sheets_counted >= rule.quorum_min_sheets && short_groups.is_empty(),
        sheets: sheets_counted,
        min_sheets: rule.quorum_min_sheets,
        min_per_group: rule.quorum_min_per_group,
        short_groups,
    };

    PresenterResult {
        event: config.id.clone(),
        presenter: presenter.clone(),
        untrimmed_mean: Exact::mean(marks.iter().map(|m| m.total)),
        final_display: final_score.map(|f| f.display(rule.display_decimals)),
        final_score,
        trimmed,
        trim_scope: rule.trim_scope,
        weighting: rule.group_weighting,
        marks,
        excluded,
        groups,
        quorum,
    }
}

/// Drops the highest and lowest totals among `members` when there are enough of them.
/// Equal totals at the boundary are ordered by judge id, so the choice is deterministic:
/// the lowest id is dropped as lowest, the highest id as highest.
fn trim(marks: &mut [Mark], members: &[usize], config: &EventConfig) -> bool {
    let rule = &config.aggregation;
    let n = members.len() as u32;
    if rule.trim_high + rule.trim_low == 0 || n < rule.trim_min_count {
        return false;
    }
    let mut order = members.to_vec();
    order.sort_by(|&a, &b| {
        marks[a]
            .total
            .cmp(&marks[b].total)
            .then_with(|| marks[a].judge.cmp(&marks[b].judge))
    });
    for &i in order.iter().take(rule.trim_low as usize) {
        marks[i].dropped = Some(Dropped::Lowest);
    }
    for &i in order.iter().rev().take(rule.trim_high as usize) {
        marks[i].dropped = Some(Dropped::Highest);
    }
    true
}

/// What settled a presenter's place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "step")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecidedBy {
    /// The final score alone.
    Score,
    /// A step of the tie-break chain (`untrimmed_mean`, `group:<id>`).
    TieBreak(String),
    /// Still equal after every step: the place is shared.
    Shared,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placing {
    pub presenter: Id,
    /// 1-based; equal places are shared and the next is skipped (1, 2, 2, 4).
    pub place: u32,
    pub decided_by: DecidedBy,
}

/// Places presenters by final score (highest first), then by the event's tie-break chain.
/// `finals` may override a result's final (an amended result); the tie-breaks still come
/// from the result's breakdown.
pub fn rank(config: &EventConfig, results: &[(&PresenterResult, Option<Exact>)]) -> Vec<Placing> {
    let steps: Vec<&TieBreak> = config
        .aggregation
        .tie_break
        .iter()
        .take_while(|t| **t != TieBreak::Shared)
        .collect();
    let key = |(r, fin): &(&PresenterResult, Option<Exact>)| -> Vec<Option<Exact>> {
        let mut k = vec![fin.or(r.final_score)];
        for step in &steps {
            k.push(match step {
                TieBreak::UntrimmedMean => r.untrimmed_mean,
                TieBreak::Group(g) => r.group_subtotal(g),
                TieBreak::Shared => None,
            });
        }
        k
    };
    // `None` (no score) sorts below every score.
    let cmp_desc = |a: &Vec<Option<Exact>>, b: &Vec<Option<Exact>>| b.cmp(a);
    let mut keyed: Vec<(Vec<Option<Exact>>, &PresenterResult)> =
        results.iter().map(|e| (key(e), e.0)).collect();
    keyed.sort_by(|a, b| cmp_desc(&a.0, &b.0).then_with(|| a.1.presenter.cmp(&b.1.presenter)));

    keyed
        .iter()
        .map(|(k, r)| {
            let place = 1 + keyed
                .iter()
                .filter(|(other, _)| cmp_desc(other, k) == Ordering::Less)
                .count() as u32;
            // The first step at which no other presenter still shares this key's prefix.
            let decisive = (1..=k.len()).find(|&len| {
                keyed
                    .iter()
                    .all(|(o, p)| p.presenter == r.presenter || o[..len] != k[..len])
            });
            let decided_by = match decisive {
                Some(1) => DecidedBy::Score,
                Some(len) => DecidedBy::TieBreak(steps[len - 2].to_string()),
                None => DecidedBy::Shared,
            };
            Placing {
                presenter: r.presenter.clone(),
                place,
                decided_by,
            }
        })
        .collect()
}
