use super::event::*;
use super::exact::Exact;
use super::scoring::*;
use super::sheet::Sheet;
use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::ops::{Add, Mul};

fn id(s: &str) -> Id {
    Id::parse(s).unwrap()
}

fn sc(s: &str) -> Score {
    Score::parse(s).unwrap()
}

/// A submitted sheet of the demo rubric with this total (results 0–50, defence 0–30,
/// satisfaction 0–20, filled in that order).
fn demo_sheet(total: &str) -> Sheet {
    let mut rest = sc(total).hundredths();
    let mut values = BTreeMap::new();
    for (c, max) in [("results", 5000), ("defence", 3000), ("satisfaction", 2000)] {
        let v = rest.min(max);
        rest -= v;
        values.insert(id(c), Some(Score::from_hundredths(v)));
    }
    assert_eq!(rest, 0, "{total} fits the rubric");
    Sheet {
        values,
        submitted: true,
    }
}

fn sheets(totals: &[(&str, &str)]) -> BTreeMap<Id, Sheet> {
    totals.iter().map(|(j, t)| (id(j), demo_sheet(t))).collect()
}

/// The judges whose totals trimming dropped, and why.
fn dropped_marks(r: &PresenterResult) -> Vec<(&str, Dropped)> {
    r.marks
        .iter()
        .filter_map(|m| m.dropped.map(|d| (m.judge.as_str(), d)))
        .collect()
}

/// The example of docs/scoring.md: every demo judge scores 胶州市.
const DOC_EXAMPLE: [(&str, &str); 15] = [
    ("j01", "86.5"),
    ("j02", "88"),
    ("j03", "84"),
    ("j04", "90"),
    ("j05", "91.5"),
    ("j06", "89"),
    ("j07", "85"),
    ("j08", "87.5"),
    ("j09", "86"),
    ("j10", "92"),
    ("j11", "95.5"),
    ("j12", "88.5"),
    ("j13", "78"),
    ("j14", "83"),
    ("j15", "85.5"),
];

#[test]
fn docs_worked_example_is_reproduced_exactly() {
    let e = demo_event();
    let r = presenter_result(&e, &id("jiaozhou"), &sheets(&DOC_EXAMPLE));
    assert!(r.trimmed);
    let dropped = dropped_marks(&r);
    assert_eq!(
        dropped,
        [("j11", Dropped::Highest), ("j13", Dropped::Lowest)]
    );
    let subtotals: Vec<(&str, String)> = r
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.subtotal.unwrap().fraction()))
        .collect();
    assert_eq!(
        subtotals,
        [
            ("active", "517/6".into()),
            ("business", "517/6".into()),
            ("care", "361/4".into()),
            ("exemplary", "541/6".into()),
            ("supervisor", "337/4".into()),
        ]
    );
    assert_eq!(r.groups[0].subtotal.unwrap().display(2), "86.17");
    assert_eq!(r.final_score.unwrap().fraction(), "437/5");
    assert_eq!(r.final_display.as_deref(), Some("87.40"));
    assert_eq!(r.untrimmed_mean.unwrap().fraction(), "262/3");
    assert_eq!(r.untrimmed_mean.unwrap().display(2), "87.33");
    assert!(r.quorum.met);
    assert_eq!(r.quorum.sheets, 15);
    for g in &r.groups {
        assert_eq!(g.weight, Some(Exact::ratio(1, 5)));
    }
}

#[test]
fn no_sheets_gives_no_score_and_no_quorum() {
    let e = demo_event();
    let r = presenter_result(&e, &id("shinan"), &BTreeMap::new());
    assert_eq!(r.final_score, None);
    assert_eq!(r.final_display, None);
    assert_eq!(r.excluded.len(), 15);
    assert!(r.excluded.iter().all(|x| x.reason == Excluded::NoSheet));
    assert!(!r.quorum.met);
    assert_eq!(r.quorum.short_groups.len(), 5);
}

#[test]
fn one_sheet_is_its_own_mean_without_trimming() {
    let e = demo_event();
    let r = presenter_result(&e, &id("shinan"), &sheets(&[("j04", "77.5")]));
    assert!(!r.trimmed);
    assert_eq!(r.final_score, Some(Exact::from_score(sc("77.5"))));
    assert_eq!(r.final_display.as_deref(), Some("77.50"));
    assert_eq!(r.groups.iter().filter(|g| g.subtotal.is_some()).count(), 1);
}

#[test]
fn all_equal_totals_give_that_total() {
    let e = demo_event();
    let all: Vec<(&str, &str)> = DOC_EXAMPLE.iter().map(|(j, _)| (*j, "81.5")).collect();
    let r = presenter_result(&e, &id("laixi"), &sheets(&all));
    assert_eq!(r.final_score, Some(Exact::from_score(sc("81.5"))));
    assert_eq!(r.marks.iter().filter(|m| m.dropped.is_some()).count(), 2);
}

#[test]
fn ties_at_the_trim_boundary_drop_by_judge_id() {
    let e = demo_event();
    // j02 and j14 share the highest total, j05 and j09 the lowest.
    let r = presenter_result(
        &e,
        &id("laixi"),
        &sheets(&[
            ("j02", "95"),
            ("j14", "95"),
            ("j05", "70"),
            ("j09", "70"),
            ("j07", "80"),
            ("j11", "82"),
        ]),
    );
    let dropped = dropped_marks(&r);
    assert_eq!(
        dropped,
        [("j05", Dropped::Lowest), ("j14", Dropped::Highest)]
    );
    // With weighting off, which of two equal totals is dropped cannot matter.
    let mut off = e.clone();
    off.aggregation.group_weighting = GroupWeighting::Off;
    let r = presenter_result(
        &off,
        &id("laixi"),
        &sheets(&[
            ("j02", "95"),
            ("j14", "95"),
            ("j05", "70"),
            ("j09", "70"),
            ("j07", "80"),
        ]),
    );
    assert_eq!(r.final_score.unwrap().fraction(), "245/3");
}

#[test]
fn a_missing_group_shares_its_weight_and_breaks_quorum() {
    let e = demo_event();
    let without_care: Vec<(&str, &str)> = DOC_EXAMPLE
        .iter()
        .copied()
        .filter(|(j, _)| !["j10", "j11", "j12"].contains(j))
        .collect();
    let r = presenter_result(&e, &id("jiaozhou"), &sheets(&without_care));
    let care = r
        .groups
        .iter()
        .find(|g| g.group.as_str() == "care")
        .unwrap();
    assert_eq!(
        (care.sheets, care.subtotal, care.weight),
        (0, None, Some(Exact::zero()))
    );
    for g in r.groups.iter().filter(|g| g.group.as_str() != "care") {
        assert_eq!(g.weight, Some(Exact::ratio(1, 4)));
    }
    assert!(!r.quorum.met);
    assert_eq!(r.quorum.short_groups, [id("care")]);
    assert_eq!(r.quorum.sheets, 12);
}

#[test]
fn recused_and_unsubmitted_judges_are_left_out_not_zero() {
    let mut e = demo_event();
    e.judges[0].recused = vec![id("jiaozhou")];
    let mut s = sheets(&DOC_EXAMPLE);
    s.get_mut(&id("j02")).unwrap().submitted = false;
    let r = presenter_result(&e, &id("jiaozhou"), &s);
    let reasons: Vec<(&str, Excluded)> = r
        .excluded
        .iter()
        .map(|x| (x.judge.as_str(), x.reason))
        .collect();
    assert_eq!(
        reasons,
        [("j01", Excluded::Recused), ("j02", Excluded::NotSubmitted)]
    );
    assert_eq!(r.counted(), 13);
    let business = r
        .groups
        .iter()
        .find(|g| g.group.as_str() == "business")
        .unwrap();
    assert_eq!(
        business.subtotal,
        Some(Exact::from_score(sc("84"))),
        "j03 alone, not (0 + 0 + 84) / 3"
    );
}

#[test]
fn an_incomplete_sheet_does_not_count_even_if_marked_submitted() {
    let e = demo_event();
    let mut s = sheets(&[("j01", "80")]);
    s.get_mut(&id("j01"))
        .unwrap()
        .values
        .insert(id("defence"), None);
    let r = presenter_result(&e, &id("jiaozhou"), &s);
    assert_eq!(r.counted(), 0);
    assert_eq!(r.excluded[0].reason, Excluded::NotSubmitted);
}

#[test]
fn trimming_within_groups_needs_enough_totals_in_each_group() {
    let mut e = demo_event();
    e.aggregation.trim_scope = TrimScope::Group;
    e.aggregation.trim_min_count = 3;
    let r = presenter_result(&e, &id("jiaozhou"), &sheets(&DOC_EXAMPLE));
    // Every complete group of three drops its highest and lowest; two-judge groups would not.
    assert_eq!(r.marks.iter().filter(|m| m.dropped.is_some()).count(), 10);
    let care = r
        .groups
        .iter()
        .find(|g| g.group.as_str() == "care")
        .unwrap();
    assert_eq!(care.subtotal, Some(Exact::from_score(sc("92"))));
    let partial = sheets(&[
        ("j01", "80"),
        ("j02", "90"),
        ("j04", "70"),
        ("j05", "75"),
        ("j06", "85"),
    ]);
    let r = presenter_result(&e, &id("jiaozhou"), &partial);
    let business = r
        .groups
        .iter()
        .find(|g| g.group.as_str() == "business")
        .unwrap();
    assert_eq!(
        (business.kept, business.subtotal),
        (2, Some(Exact::from_score(sc("85"))))
    );
}

#[test]
fn custom_weights_and_weighting_off() {
    let mut e = demo_event();
    e.aggregation.group_weighting = GroupWeighting::Custom;
    for (g, w) in e.groups.iter_mut().zip([4000, 1500, 1500, 1500, 1500]) {
        g.weight = Some(Weight(w));
    }
    let e = e.validated().unwrap();
    let r = presenter_result(&e, &id("jiaozhou"), &sheets(&DOC_EXAMPLE));
    // business 0.4 × 517/6 + 0.15 × (517/6 + 361/4 + 541/6 + 337/4)
    let expected = Exact::ratio(51700, 6).mul(Exact::ratio(4, 10)).add(
        Exact::ratio(51700, 6)
            .add(Exact::ratio(36100, 4))
            .add(Exact::ratio(54100, 6))
            .add(Exact::ratio(33700, 4))
            .mul(Exact::ratio(15, 100)),
    );
    assert_eq!(r.final_score, Some(expected));

    let mut off = demo_event();
    off.aggregation.group_weighting = GroupWeighting::Off;
    let r = presenter_result(&off, &id("jiaozhou"), &sheets(&DOC_EXAMPLE));
    // (1310 − 95.5 − 78) / 13
    assert_eq!(r.final_score, Some(Exact::ratio(113650, 13)));
    assert!(r.groups.iter().all(|g| g.weight.is_none()));
}

fn result_with(e: &EventConfig, presenter: &str, totals: &[(&str, &str)]) -> PresenterResult {
    presenter_result(e, &id(presenter), &sheets(totals))
}

#[test]
fn ranking_shares_true_ties_and_names_the_deciding_step() {
    let e = demo_event();
    let a = result_with(&e, "jiaozhou", &[("j01", "90"), ("j04", "90")]);
    // b and c: same final, same untrimmed mean, same supervisor subtotal (none): shared.
    let b = result_with(&e, "shinan", &[("j01", "85"), ("j04", "85")]);
    let c = result_with(&e, "xihaian", &[("j02", "85"), ("j05", "85")]);
    let d = result_with(&e, "chengyang", &[("j01", "80")]);
    let results = [(&d, None), (&c, None), (&b, None), (&a, None)];
    let placings = rank(&e, &results);
    let got: Vec<(&str, u32, DecidedBy)> = placings
        .iter()
        .map(|p| (p.presenter.as_str(), p.place, p.decided_by.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("jiaozhou", 1, DecidedBy::Score),
            ("shinan", 2, DecidedBy::Shared),
            ("xihaian", 2, DecidedBy::Shared),
            ("chengyang", 4, DecidedBy::Score),
        ]
    );
}

#[test]
fn tie_breaks_apply_in_chain_order() {
    let e = demo_event();
    // Equal finals (group means 80 and 90 → 85 either way) but different untrimmed means.
    let a = result_with(
        &e,
        "jiaozhou",
        &[("j01", "80"), ("j04", "90"), ("j05", "90")],
    );
    let b = result_with(&e, "shinan", &[("j01", "80"), ("j02", "80"), ("j04", "90")]);
    assert_eq!(a.final_score, b.final_score);
    let placings = rank(&e, &[(&b, None), (&a, None)]);
    assert_eq!(placings[0].presenter.as_str(), "jiaozhou");
    assert_eq!(
        placings[0].decided_by,
        DecidedBy::TieBreak("untrimmed_mean".into())
    );
    assert_eq!(
        (placings[1].place, placings[1].decided_by.clone()),
        (2, DecidedBy::TieBreak("untrimmed_mean".into()))
    );

    // Same final and untrimmed mean: the supervisors' subtotal decides.
    let c = result_with(&e, "xihaian", &[("j13", "90"), ("j01", "80")]);
    let d = result_with(&e, "laixi", &[("j13", "80"), ("j01", "90")]);
    let placings = rank(&e, &[(&d, None), (&c, None)]);
    assert_eq!(placings[0].presenter.as_str(), "xihaian");
    assert_eq!(
        placings[0].decided_by,
        DecidedBy::TieBreak("group:supervisor".into())
    );
}

#[test]
fn an_amended_final_replaces_the_computed_one_in_the_ranking() {
    let e = demo_event();
    let a = result_with(&e, "jiaozhou", &[("j01", "90")]);
    let b = result_with(&e, "shinan", &[("j01", "85")]);
    let placings = rank(&e, &[(&a, None), (&b, Some(Exact::from_score(sc("95"))))]);
    assert_eq!(placings[0].presenter.as_str(), "shinan");
}

#[test]
fn canonical_form_is_sorted_compact_and_hash_is_stable() {
    let e = demo_event();
    let r = presenter_result(&e, &id("jiaozhou"), &sheets(&DOC_EXAMPLE));
    let canon = r.canonical_json();
    assert!(
        canon.starts_with(
            "{\"event\":\"demo\",\"excluded\":[],\"final\":\"437/5\",\"final_display\":\"87.40\","
        ),
        "{canon}"
    );
    assert!(!canon.contains(' '));
    assert_eq!(r.hash().len(), 64);
    assert_eq!(
        r.hash(),
        presenter_result(&e, &id("jiaozhou"), &sheets(&DOC_EXAMPLE)).hash()
    );
    let mut changed = sheets(&DOC_EXAMPLE);
    *changed.get_mut(&id("j07")).unwrap() = demo_sheet("85.5");
    assert_ne!(
        r.hash(),
        presenter_result(&e, &id("jiaozhou"), &changed).hash()
    );
}

// ---- property tests ----

#[derive(Debug, Clone)]
struct Case {
    config: EventConfig,
    sheets: BTreeMap<Id, BTreeMap<Id, Sheet>>,
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        1usize..=4,
        1usize..=12,
        0u32..=2,
        0u32..=2,
        0u32..=6,
        0u8..3,
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(
            |(n_groups, n_judges, high, low, extra_min, weighting, group_scope, seed)| {
                let mut rng = seed;
                let mut next = move |n: u64| {
                    rng = rng
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (rng >> 33) % n.max(1)
                };
                let mut config = demo_event();
                config.groups.truncate(n_groups);
                config.judges = (0..n_judges)
                    .map(|i| Judge {
                        id: id(&format!("j{i:02}")),
                        name: format!("J{i}"),
                        group: config.groups[next(n_groups as u64) as usize].id.clone(),
                        recused: if next(6) == 0 {
                            vec![id("jiaozhou")]
                        } else {
                            vec![]
                        },
                    })
                    .collect();
                config.presenters.truncate(3);
                let a = &mut config.aggregation;
                a.trim_high = high;
                a.trim_low = low;
                a.trim_min_count = high + low + 1 + extra_min;
                a.trim_scope = if group_scope {
                    TrimScope::Group
                } else {
                    TrimScope::Panel
                };
                a.quorum_min_sheets = 1;
                a.quorum_min_per_group = 0;
                a.tie_break = vec![
                    TieBreak::UntrimmedMean,
                    TieBreak::Group(config.groups[0].id.clone()),
                    TieBreak::Shared,
                ];
                a.group_weighting = [
                    GroupWeighting::Off,
                    GroupWeighting::Equal,
                    GroupWeighting::Custom,
                ][weighting as usize];
                if a.group_weighting == GroupWeighting::Custom {
                    let mut left = Weight::ONE;
                    let count = config.groups.len();
                    for (i, g) in config.groups.iter_mut().enumerate() {
                        let w = if i + 1 == count {
                            left
                        } else {
                            next(left as u64 + 1) as u32
                        };
                        left -= w;
                        g.weight = Some(Weight(w));
                    }
                }
                let config = config.validated().expect("generated configs are valid");
                let mut sheets = BTreeMap::new();
                for p in &config.presenters {
                    let mut by_judge = BTreeMap::new();
                    for j in &config.judges {
                        if next(5) == 0 {
                            continue;
                        }
                        let mut values = BTreeMap::new();
                        for c in &config.criteria {
                            let steps =
                                (c.max.hundredths() - c.min.hundredths()) / c.step.hundredths();
                            let v = c.min.hundredths()
                                + next(steps as u64 / 4 + 1) as i64 * c.step.hundredths();
                            values.insert(c.id.clone(), Some(Score::from_hundredths(v)));
                        }
                        by_judge.insert(
                            j.id.clone(),
                            Sheet {
                                values,
                                submitted: next(8) != 0,
                            },
                        );
                    }
                    sheets.insert(p.id.clone(), by_judge);
                }
                Case { config, sheets }
            },
        )
}

fn results_of(case: &Case) -> Vec<PresenterResult> {
    case.config
        .presenters
        .iter()
        .map(|p| presenter_result(&case.config, &p.id, &case.sheets[&p.id]))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn results_do_not_depend_on_the_order_of_judges_or_groups(case in arb_case(), rot in 0usize..12) {
        let before = results_of(&case);
        let mut shuffled = case.clone();
        let n = shuffled.config.judges.len();
        shuffled.config.judges.rotate_left(rot % n);
        shuffled.config.judges.reverse();
        shuffled.config.groups.reverse();
        let after = results_of(&shuffled);
        for (b, a) in before.iter().zip(&after) {
            prop_assert_eq!(b.hash(), a.hash());
        }
    }

    #[test]
    fn exactly_the_configured_totals_are_dropped(case in arb_case()) {
        let a = &case.config.aggregation;
        for r in results_of(&case) {
            let scopes: Vec<Vec<&Mark>> = match a.trim_scope {
                TrimScope::Panel => vec![r.marks.iter().collect()],
                TrimScope::Group => case.config.groups.iter().map(|g| r.marks.iter().filter(|m| m.group == g.id).collect()).collect(),
            };
            for scope in scopes {
                let highs = scope.iter().filter(|m| m.dropped == Some(Dropped::Highest)).count() as u32;
                let lows = scope.iter().filter(|m| m.dropped == Some(Dropped::Lowest)).count() as u32;
                if scope.len() as u32 >= a.trim_min_count {
                    prop_assert_eq!((highs, lows), (a.trim_high, a.trim_low));
                    let kept_max = scope.iter().filter(|m| m.dropped.is_none()).map(|m| m.total).max();
                    let kept_min = scope.iter().filter(|m| m.dropped.is_none()).map(|m| m.total).min();
                    for m in &scope {
                        match m.dropped {
                            Some(Dropped::Highest) => prop_assert!(Some(m.total) >= kept_max),
                            Some(Dropped::Lowest) => prop_assert!(Some(m.total) <= kept_min),
                            None => {}
                        }
                    }
                } else {
                    prop_assert_eq!((highs, lows), (0, 0));
                }
            }
        }
    }

    #[test]
    fn equal_totals_everywhere_give_that_total(case in arb_case(), total in 0i64..=100) {
        let mut case = case;
        for by_judge in case.sheets.values_mut() {
            for sheet in by_judge.values_mut() {
                sheet.values.insert(id("results"), Some(Score::from_hundredths(total * 50)));
                sheet.values.insert(id("defence"), Some(Score::ZERO));
                sheet.values.insert(id("satisfaction"), Some(Score::ZERO));
            }
        }
        for r in results_of(&case) {
            if let Some(f) = r.final_score {
                prop_assert_eq!(f, Exact::from_score(Score::from_hundredths(total * 50)));
            }
        }
    }

    #[test]
    fn a_sheet_for_one_presenter_never_changes_another(case in arb_case(), judge in 0usize..12) {
        let before = results_of(&case);
        let mut more = case.clone();
        let j = more.config.judges[judge % more.config.judges.len()].id.clone();
        more.sheets.get_mut(&id("jiaozhou")).unwrap().insert(j, demo_sheet("66"));
        let after = results_of(&more);
        for (b, a) in before.iter().zip(&after) {
            if b.presenter.as_str() != "jiaozhou" {
                prop_assert_eq!(b, a);
            }
        }
    }

    #[test]
    fn places_agree_with_finals_and_tie_breaks(case in arb_case()) {
        let results = results_of(&case);
        let entries: Vec<(&PresenterResult, Option<Exact>)> = results.iter().map(|r| (r, None)).collect();
        let placings = rank(&case.config, &entries);
        let place = |p: &Id| placings.iter().find(|x| &x.presenter == p).unwrap().place;
        for a in &results {
            for b in &results {
                if a.final_score > b.final_score {
                    prop_assert!(place(&a.presenter) < place(&b.presenter));
                }
            }
        }
        let mut places: Vec<u32> = placings.iter().map(|p| p.place).collect();
        places.sort();
        for (i, p) in places.iter().enumerate() {
            // Competition ranking: a place is 1 + the number of presenters ahead of it.
            prop_assert_eq!(*p, 1 + places.iter().filter(|q| *q < p).count() as u32);
            prop_assert!(*p as usize <= i + 1);
        }
        for p in &placings {
            let shared = placings.iter().filter(|q| q.place == p.place).count() > 1;
            prop_assert_eq!(shared, p.decided_by == DecidedBy::Shared);
        }
    }
}

#[test]
fn a_stored_result_reads_back_identical_with_the_same_hash() {
    let e = demo_event();
    let r = presenter_result(&e, &id("jiaozhou"), &sheets(&DOC_EXAMPLE));
    let back: PresenterResult = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.hash(), r.hash());
}
