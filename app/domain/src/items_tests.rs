use super::demo_event;
use super::ids::Id;
use super::items::*;
use super::wire::*;
use num_rational::Ratio;
use proptest::prelude::*;

// The path, written apart from `ItemStatus::moves_to`: the moves the module's table allows,
// and what a vote may do. The tests hold the module to these lists.
const MOVES: [(&str, &str); 21] = [
    ("assigned", "in_progress"),
    ("assigned", "reported"),
    ("assigned", "long_term"),
    ("assigned", "withdrawn"),
    ("in_progress", "reported"),
    ("in_progress", "long_term"),
    ("in_progress", "withdrawn"),
    ("returned", "in_progress"),
    ("returned", "reported"),
    ("returned", "long_term"),
    ("returned", "withdrawn"),
    ("reopened", "in_progress"),
    ("reopened", "reported"),
    ("reopened", "long_term"),
    ("reopened", "withdrawn"),
    ("long_term", "in_progress"),
    ("long_term", "reported"),
    ("long_term", "withdrawn"),
    ("reported", "accepted"),
    ("reported", "returned"),
    ("reported", "withdrawn"),
];
const VOTES: [(&str, &str); 4] = [
    ("accepted", "closed"),
    ("accepted", "reopened"),
    ("closed", "closed"),
    ("closed", "reopened"),
];
const OPEN: [&str; 6] = [
    "assigned",
    "in_progress",
    "reported",
    "returned",
    "reopened",
    "long_term",
];

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

/// `i` minutes after 08:00 on 2026-05-01 in Qingdao.
fn at(i: usize) -> Stamp {
    Stamp::parse(&format!(
        "2026-05-01T{:02}:{:02}:00+08:00",
        8 + i / 60,
        i % 60
    ))
    .unwrap()
}

fn reason(text: &str) -> Reason {
    Reason::parse(text).unwrap()
}

fn new_item() -> NewItem {
    NewItem {
        number: "2026Q2-017".into(),
        presenter: Some("jiaozhou".into()),
        title: "社区养老服务站夜间无人值守".into(),
        detail: "代表反映夜间无人值守，老人求助无门。".into(),
        source: ItemSource::Representative,
        raised_by: Some("care".into()),
        owner: "王强".into(),
        assigned_on: "2026-04-10".into(),
        due: "2026-06-30".into(),
        key: true,
    }
}

fn raised() -> Item {
    let draft = new_item().validated(&demo_event()).unwrap();
    Item::raise(Id::parse("demo").unwrap(), draft, at(0))
}

/// The item's next step, dated a minute after its last.
fn take(item: &mut Item, change: Change, by: Actor) -> Result<(), StepRefusal> {
    let at = at(item.history().len());
    item.step(Transition { change, by, at })
}

/// A move to `to` with what its status needs: a reason, and a promised date 90 days on.
fn move_to(item: &Item, to: ItemStatus) -> Change {
    let needs_reason = matches!(
        to,
        ItemStatus::Returned | ItemStatus::Withdrawn | ItemStatus::LongTerm
    );
    let promised = (to == ItemStatus::LongTerm).then(|| item.due().plus_days(90));
    Change::Move(Move::new(to, needs_reason.then(|| reason("因为")), promised).unwrap())
}

fn go(item: &mut Item, to: ItemStatus) {
    let change = move_to(item, to);
    take(item, change, Actor::Host).unwrap();
}

fn tally(s: u32, b: u32, u: u32, a: u32) -> Tally {
    Tally {
        satisfied: s,
        basically_satisfied: b,
        unsatisfied: u,
        abstain: a,
    }
}

fn vote(item: &mut Item, t: Tally) -> Result<(), StepRefusal> {
    let change = Change::Vote(Vote::decide(t, &ItemSettings::default()));
    take(item, change, Actor::Host)
}

const STANDS: Tally = Tally {
    satisfied: 9,
    basically_satisfied: 2,
    unsatisfied: 1,
    abstain: 0,
};
const REOPENS: Tally = Tally {
    satisfied: 2,
    basically_satisfied: 1,
    unsatisfied: 8,
    abstain: 1,
};

/// An item brought to `status` by the shortest way the path has.
fn reach(status: ItemStatus) -> Item {
    use ItemStatus::*;
    let mut item = raised();
    let way: &[ItemStatus] = match status {
        Assigned => &[],
        InProgress => &[InProgress],
        Reported => &[InProgress, Reported],
        Accepted | Closed | Reopened => &[InProgress, Reported, Accepted],
        Returned => &[Reported, Returned],
        LongTerm => &[LongTerm],
        Withdrawn => &[Withdrawn],
    };
    for &to in way {
        go(&mut item, to);
    }
    match status {
        Closed => vote(&mut item, STANDS).unwrap(),
        Reopened => vote(&mut item, REOPENS).unwrap(),
        _ => {}
    }
    assert_eq!(item.status(), status);
    item
}

fn note(text: &str) -> Change {
    Change::Note(Prose::parse(text).unwrap())
}

// ---- The path ----

#[test]
fn every_move_the_table_allows_is_taken_and_every_other_is_refused() {
    let movable = ItemStatus::ALL.into_iter().filter(|to| {
        !matches!(
            to,
            ItemStatus::Assigned | ItemStatus::Closed | ItemStatus::Reopened
        )
    });
    let mut taken = 0;
    for from in ItemStatus::ALL {
        for to in movable.clone() {
            for by in [Actor::Host, Actor::Unit] {
                let mut item = reach(from);
                let before = item.clone();
                let change = move_to(&item, to);
                let got = take(&mut item, change, by);
                let case = format!("{from} → {to} by {}", by.as_str());
                let allowed = MOVES.contains(&(from.as_str(), to.as_str()));
                if by == Actor::Unit && to != ItemStatus::Reported {
                    assert_eq!(
                        got,
                        Err(StepRefusal::NotForUnit { step: to.as_str() }),
                        "{case}"
                    );
                } else if allowed {
                    assert_eq!(got, Ok(()), "{case}");
                    let last = item.history().last().unwrap();
                    assert_eq!(
                        (last.kind, last.from, last.to, last.by),
                        (EntryKind::Moved, from, to, by),
                        "{case}"
                    );
                    assert_eq!(item.status(), to, "{case}");
                    assert_eq!(item.history().len(), before.history().len() + 1);
                    taken += 1;
                    continue;
                } else {
                    let refusal = got.unwrap_err();
                    assert_eq!(
                        refusal,
                        StepRefusal::BadTransition {
                            from,
                            step: to.as_str()
                        },
                        "{case}"
                    );
                    assert_eq!(refusal.code(), "bad_transition");
                }
                assert_eq!(item, before, "a refused {case} leaves the item as it was");
            }
        }
    }
    // Each move by the host, and the five into `reported` by the unit too.
    assert_eq!(taken, MOVES.len() + 5);
}

#[test]
fn nothing_moves_to_assigned_closed_or_reopened_but_by_raising_or_voting() {
    for to in [
        ItemStatus::Assigned,
        ItemStatus::Closed,
        ItemStatus::Reopened,
    ] {
        let errors = Move::new(to, Some(reason("因为")), None).unwrap_err();
        assert_eq!(errors.0[0].field, "to", "{to}");
        let body = TransitionBody {
            to,
            reason: None,
            due: None,
        };
        assert_eq!(body.validated().unwrap_err().0[0].field, "to");
    }
}

#[test]
fn returned_and_withdrawn_need_a_reason_and_long_term_a_promised_date_too() {
    for to in [
        ItemStatus::Returned,
        ItemStatus::Withdrawn,
        ItemStatus::LongTerm,
    ] {
        let body = TransitionBody {
            to,
            reason: Some("   ".into()),
            due: (to == ItemStatus::LongTerm).then(|| "2026-12-31".into()),
        };
        let errors = body.validated().unwrap_err();
        assert_eq!(errors.0.len(), 1, "{to}: {errors}");
        assert_eq!(errors.0[0].field, "reason");
    }
    let without_date = TransitionBody {
        to: ItemStatus::LongTerm,
        reason: Some("跨年度工程".into()),
        due: None,
    };
    assert_eq!(without_date.validated().unwrap_err().0[0].field, "due");
    let date_elsewhere = TransitionBody {
        to: ItemStatus::InProgress,
        reason: None,
        due: Some("2026-12-31".into()),
    };
    assert_eq!(date_elsewhere.validated().unwrap_err().0[0].field, "due");
    let good = TransitionBody {
        to: ItemStatus::Returned,
        reason: Some(" 整改不到位 ".into()),
        due: None,
    };
    let Change::Move(m) = good.validated().unwrap() else {
        panic!("a move")
    };
    assert_eq!(m.to(), ItemStatus::Returned);
    assert_eq!(m.reason().unwrap().as_str(), "整改不到位");
}

#[test]
fn a_reason_given_to_any_move_is_kept() {
    let mut item = raised();
    let body = TransitionBody {
        to: ItemStatus::InProgress,
        reason: Some("已召开专题会".into()),
        due: None,
    };
    take(&mut item, body.validated().unwrap(), Actor::Host).unwrap();
    assert_eq!(
        item.history()[1].reason.as_ref().unwrap().as_str(),
        "已召开专题会"
    );
}

#[test]
fn a_satisfied_vote_closes_an_accepted_item_and_an_unsatisfied_one_reopens_it() {
    let mut item = reach(ItemStatus::Accepted);
    vote(&mut item, STANDS).unwrap();
    assert_eq!(item.status(), ItemStatus::Closed);
    let last = item.history().last().unwrap();
    assert_eq!(
        (last.kind, last.from, last.to, last.vote),
        (
            EntryKind::Voted,
            ItemStatus::Accepted,
            ItemStatus::Closed,
            Some(STANDS)
        )
    );

    let mut item = reach(ItemStatus::Accepted);
    vote(&mut item, REOPENS).unwrap();
    assert_eq!(item.status(), ItemStatus::Reopened);
    assert_eq!(item.vote(), Some(REOPENS));
}

#[test]
fn a_closed_item_is_reopened_only_by_an_unsatisfied_vote_and_can_be_done_again() {
    let mut item = reach(ItemStatus::Closed);
    vote(&mut item, STANDS).unwrap();
    assert_eq!(
        item.status(),
        ItemStatus::Closed,
        "another vote leaves it closed"
    );
    assert_eq!(item.history().last().unwrap().kind, EntryKind::Voted);
    vote(&mut item, REOPENS).unwrap();
    assert_eq!(item.status(), ItemStatus::Reopened);
    assert_eq!(item.accepted_at(), None, "a reopened item is not done");
    let report = move_to(&item, ItemStatus::Reported);
    take(&mut item, report, Actor::Unit).unwrap();
    go(&mut item, ItemStatus::Accepted);
    vote(&mut item, STANDS).unwrap();
    assert_eq!(item.status(), ItemStatus::Closed);
    assert_eq!(
        item.accepted_at(),
        Some(&item.history()[item.history().len() - 2].at),
        "the acceptance in force is the latest"
    );
}

#[test]
fn a_vote_is_refused_before_acceptance_and_from_the_units_link() {
    for from in ItemStatus::ALL {
        let mut item = reach(from);
        let got = vote(&mut item, STANDS);
        if from.is_done() {
            assert_eq!(got, Ok(()), "{from}");
        } else {
            assert_eq!(
                got,
                Err(StepRefusal::BadTransition { from, step: "vote" }),
                "{from}"
            );
        }
    }
    let mut item = reach(ItemStatus::Accepted);
    let change = Change::Vote(Vote::decide(STANDS, &ItemSettings::default()));
    assert_eq!(
        take(&mut item, change, Actor::Unit),
        Err(StepRefusal::NotForUnit { step: "vote" })
    );
}

#[test]
fn withdrawn_is_terminal_even_for_notes() {
    let mut item = reach(ItemStatus::Withdrawn);
    let before = item.clone();
    let from = ItemStatus::Withdrawn;
    for (change, step) in [
        (note("补充说明"), "note"),
        (
            Change::Extend {
                due: day("2027-01-01"),
                reason: reason("延期"),
            },
            "extend",
        ),
        (
            Change::BehindPlan {
                behind: true,
                reason: None,
            },
            "behind_plan",
        ),
        (
            Change::Vote(Vote::decide(STANDS, &ItemSettings::default())),
            "vote",
        ),
    ] {
        assert_eq!(
            take(&mut item, change, Actor::Host),
            Err(StepRefusal::BadTransition { from, step })
        );
    }
    assert_eq!(item, before);
}

#[test]
fn notes_are_kept_in_every_status_but_withdrawn_and_the_unit_may_write_them() {
    for from in ItemStatus::ALL {
        for by in [Actor::Host, Actor::Unit] {
            let mut item = reach(from);
            let got = take(&mut item, note("已完成选址"), by);
            if from == ItemStatus::Withdrawn {
                assert!(got.is_err(), "{from}");
                continue;
            }
            assert_eq!(got, Ok(()), "{from}");
            let last = item.history().last().unwrap();
            assert_eq!(
                (last.kind, last.from, last.to, last.by),
                (EntryKind::Note, from, from, by)
            );
            assert_eq!(last.note.as_ref().unwrap().as_str(), "已完成选址");
            assert_eq!(item.status(), from, "a note changes no status");
        }
    }
}

#[test]
fn an_extension_needs_a_later_date_and_keeps_every_due_date() {
    let mut item = reach(ItemStatus::InProgress);
    let extend = |due: &str| Change::Extend {
        due: day(due),
        reason: reason("需协调市级部门"),
    };
    assert_eq!(
        take(&mut item, extend("2026-06-30"), Actor::Host),
        Err(StepRefusal::NotLater {
            due: day("2026-06-30"),
            asked: day("2026-06-30")
        })
    );
    assert_eq!(
        take(&mut item, extend("2026-07-31"), Actor::Unit),
        Err(StepRefusal::NotForUnit { step: "extend" })
    );
    take(&mut item, extend("2026-07-31"), Actor::Host).unwrap();
    take(&mut item, extend("2026-09-30"), Actor::Host).unwrap();
    assert_eq!(item.due(), day("2026-09-30"));
    assert_eq!(
        item.dues(),
        [day("2026-06-30"), day("2026-07-31"), day("2026-09-30")]
    );
    assert_eq!(
        item.facts().due,
        day("2026-06-30"),
        "the first due date stays"
    );
    let last = item.history().last().unwrap();
    assert_eq!(last.kind, EntryKind::Extended);
    assert_eq!(last.reason.as_ref().unwrap().as_str(), "需协调市级部门");

    let body = ExtendBody {
        due: "2026-10-31".into(),
        reason: "".into(),
    };
    assert_eq!(body.validated().unwrap_err().0[0].field, "reason");
}

#[test]
fn only_open_items_are_extended_or_flagged_behind_plan() {
    for from in ItemStatus::ALL {
        let mut item = reach(from);
        let extend = Change::Extend {
            due: item.due().plus_days(200),
            reason: reason("延期"),
        };
        let flag = Change::BehindPlan {
            behind: true,
            reason: None,
        };
        let open = OPEN.contains(&from.as_str());
        assert_eq!(take(&mut item, extend, Actor::Host).is_ok(), open, "{from}");
        assert_eq!(take(&mut item, flag, Actor::Host).is_ok(), open, "{from}");
    }
}

#[test]
fn long_term_promised_date_becomes_the_due_in_force_and_must_be_later() {
    let mut item = reach(ItemStatus::InProgress);
    let too_soon = Move::new(
        ItemStatus::LongTerm,
        Some(reason("跨年度工程")),
        Some(day("2026-06-01")),
    )
    .unwrap();
    assert_eq!(
        take(&mut item, Change::Move(too_soon), Actor::Host),
        Err(StepRefusal::NotLater {
            due: day("2026-06-30"),
            asked: day("2026-06-01")
        })
    );
    let promise = Move::new(
        ItemStatus::LongTerm,
        Some(reason("跨年度工程")),
        Some(day("2027-06-30")),
    )
    .unwrap();
    take(&mut item, Change::Move(promise), Actor::Host).unwrap();
    assert_eq!(item.status(), ItemStatus::LongTerm);
    assert_eq!(item.due(), day("2027-06-30"));
    assert_eq!(item.dues(), [day("2026-06-30"), day("2027-06-30")]);
}

#[test]
fn the_behind_plan_flag_is_set_and_cleared_with_a_trace() {
    let mut item = reach(ItemStatus::InProgress);
    let flag = |behind| Change::BehindPlan {
        behind,
        reason: None,
    };
    assert_eq!(
        take(&mut item, flag(false), Actor::Host),
        Err(StepRefusal::Unchanged { behind_plan: false })
    );
    assert_eq!(
        take(&mut item, flag(true), Actor::Unit),
        Err(StepRefusal::NotForUnit {
            step: "behind_plan"
        })
    );
    take(&mut item, flag(true), Actor::Host).unwrap();
    assert!(item.behind_plan());
    assert_eq!(
        take(&mut item, flag(true), Actor::Host),
        Err(StepRefusal::Unchanged { behind_plan: true })
    );
    take(&mut item, flag(false), Actor::Host).unwrap();
    assert!(!item.behind_plan());
    let kinds: Vec<EntryKind> = item.history().iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EntryKind::Raised,
            EntryKind::Moved,
            EntryKind::BehindPlan,
            EntryKind::OnPlan
        ]
    );
}

#[test]
fn a_step_dated_before_the_last_entry_is_refused() {
    let mut item = reach(ItemStatus::InProgress);
    let before = item.clone();
    let got = item.step(Transition {
        change: note("补记"),
        by: Actor::Host,
        at: Stamp::parse("2026-05-01T07:59:59+08:00").unwrap(),
    });
    assert_eq!(got.unwrap_err().code(), "out_of_order");
    assert_eq!(item, before);
    // The same instant written in UTC is not earlier.
    item.step(Transition {
        change: note("同一时刻"),
        by: Actor::Host,
        at: Stamp::parse("2026-05-01T00:01:00Z").unwrap(),
    })
    .unwrap();
}

#[test]
fn an_items_history_is_bounded() {
    let mut item = raised();
    for _ in 1..MAX_ENTRIES_PER_ITEM {
        take(&mut item, note("进展"), Actor::Unit).unwrap();
    }
    assert_eq!(item.history().len(), MAX_ENTRIES_PER_ITEM);
    assert_eq!(
        take(&mut item, note("再一条"), Actor::Unit),
        Err(StepRefusal::Full)
    );
}

// ---- Flags ----

#[test]
fn due_soon_starts_three_days_before_the_due_date_and_overdue_the_day_after() {
    let due = day("2026-06-30");
    let cases = [
        ("2026-06-26", None),
        ("2026-06-27", Some(ItemFlag::DueSoon)),
        ("2026-06-30", Some(ItemFlag::DueSoon)),
        ("2026-07-01", Some(ItemFlag::Overdue)),
        ("2027-01-01", Some(ItemFlag::Overdue)),
    ];
    for (today, flag) in cases {
        assert_eq!(due_flag(due, day(today)), flag, "{today}");
        let item = reach(ItemStatus::InProgress);
        assert_eq!(item.flags(day(today)), Vec::from_iter(flag), "{today}");
    }
    // Across a month's end: three days before 2026-03-02 is 2026-02-27.
    assert_eq!(
        due_flag(day("2026-03-02"), day("2026-02-27")),
        Some(ItemFlag::DueSoon)
    );
    assert_eq!(due_flag(day("2026-03-02"), day("2026-02-26")), None);
    assert_eq!(
        [ItemFlag::DueSoon, ItemFlag::Overdue, ItemFlag::BehindPlan].map(ItemFlag::colour),
        ["blue", "red", "yellow"]
    );
}

#[test]
fn behind_plan_shows_beside_the_due_date_flag() {
    let mut item = reach(ItemStatus::Reported);
    let flag = Change::BehindPlan {
        behind: true,
        reason: Some(reason("进度低于计划")),
    };
    take(&mut item, flag, Actor::Host).unwrap();
    assert_eq!(item.flags(day("2026-05-01")), [ItemFlag::BehindPlan]);
    assert_eq!(
        item.flags(day("2026-07-02")),
        [ItemFlag::Overdue, ItemFlag::BehindPlan]
    );
}

#[test]
fn only_open_items_not_long_term_are_flagged() {
    let late = day("2026-08-01");
    for status in ItemStatus::ALL {
        let item = reach(status);
        let watched = OPEN.contains(&status.as_str()) && status != ItemStatus::LongTerm;
        let expected: &[ItemFlag] = if watched { &[ItemFlag::Overdue] } else { &[] };
        // A long-term item's promised date is 90 days on: not yet past, but it would not
        // be flagged anyway.
        assert_eq!(item.flags(late), expected, "{status}");
    }
}

// ---- Votes ----

#[test]
fn the_vote_outcome_depends_on_whether_basically_satisfied_counts() {
    let t = tally(3, 3, 4, 5);
    let counting = ItemSettings::default();
    let strict = ItemSettings {
        basically_satisfied_counts: false,
        ..ItemSettings::default()
    };
    // 4 of 10 cast against when basically satisfied counts; 7 of 10 when it does not.
    assert_eq!(vote_outcome(&t, &counting), VoteOutcome::Stands);
    assert_eq!(vote_outcome(&t, &strict), VoteOutcome::Reopens);
    assert_eq!(t.satisfied_under(&counting), 6);
    assert_eq!(t.satisfied_under(&strict), 3);
}

#[test]
fn the_vote_reopens_only_past_the_threshold_and_abstentions_stay_out() {
    let half = ItemSettings::default();
    assert_eq!(vote_outcome(&tally(5, 0, 5, 0), &half), VoteOutcome::Stands);
    assert_eq!(
        vote_outcome(&tally(4, 0, 6, 0), &half),
        VoteOutcome::Reopens
    );
    assert_eq!(
        vote_outcome(&tally(4, 0, 5, 90), &half),
        VoteOutcome::Reopens
    );
    assert_eq!(
        vote_outcome(&tally(0, 0, 0, 12), &half),
        VoteOutcome::Stands
    );
    assert_eq!(vote_outcome(&Tally::default(), &half), VoteOutcome::Stands);
    let two_thirds = ItemSettings {
        reopen_above: Share::parse("2/3").unwrap(),
        ..half
    };
    assert_eq!(
        vote_outcome(&tally(1, 0, 2, 0), &two_thirds),
        VoteOutcome::Stands
    );
    assert_eq!(
        vote_outcome(&tally(1, 0, 3, 0), &two_thirds),
        VoteOutcome::Reopens
    );
    let any = ItemSettings {
        reopen_above: Share::parse("0").unwrap(),
        ..half
    };
    assert_eq!(
        vote_outcome(&tally(99, 0, 1, 0), &any),
        VoteOutcome::Reopens
    );
    assert!(Share::parse("1/1").is_err());
    assert!(Share::parse("1/0").is_err());
    assert!(Share::parse("half").is_err());
}

#[test]
fn a_tally_counts_choices_and_is_bounded() {
    use Choice::*;
    let t = Tally::of([
        Satisfied,
        Satisfied,
        BasicallySatisfied,
        Unsatisfied,
        Abstain,
    ]);
    assert_eq!(t, tally(2, 1, 1, 1));
    assert_eq!(t.cast(), 4);
    assert_eq!(
        [Satisfied, BasicallySatisfied, Unsatisfied, Abstain].map(Choice::zh),
        ["满意", "基本满意", "不满意", "弃权"]
    );
    assert!(tally(MAX_VOTES, 0, 0, 0).checked().is_ok());
    assert!(tally(MAX_VOTES, 0, 0, 1).checked().is_err());
    assert!(tally(u32::MAX, u32::MAX, 0, 0).checked().is_err());
}

// ---- Figures ----

#[test]
fn rates_are_written_with_four_decimals_or_one_in_a_percent_rounded_half_up() {
    let r = |n, d| Rate::new(n, d).unwrap();
    assert_eq!(r(33, 34).decimal(), "0.9706");
    assert_eq!(r(33, 34).percent(), "97.1%");
    assert_eq!(r(1, 1).decimal(), "1.0000");
    assert_eq!(r(1, 1).percent(), "100.0%");
    assert_eq!(r(0, 7).decimal(), "0.0000");
    assert_eq!(r(0, 7).percent(), "0.0%");
    assert_eq!(r(2, 3).decimal(), "0.6667");
    assert_eq!(r(2, 3).percent(), "66.7%");
    // Exact halves go up.
    assert_eq!(r(1, 16).percent(), "6.3%");
    assert_eq!(r(1, 32).decimal(), "0.0313");
    assert_eq!(r(1, 8).percent(), "12.5%");
    assert_eq!(Rate::new(0, 0), None);
}

fn settings_at(offset_minutes: i32) -> ItemSettings {
    ItemSettings {
        utc_offset: UtcOffset::minutes(offset_minutes).unwrap(),
        ..ItemSettings::default()
    }
}

#[test]
fn on_time_is_judged_on_the_venues_day() {
    let mut item = reach(ItemStatus::Reported);
    // 00:30 on 1 July in Qingdao, still 30 June in UTC.
    item.step(Transition {
        change: move_to(&item, ItemStatus::Accepted),
        by: Actor::Host,
        at: Stamp::parse("2026-06-30T16:30:00Z").unwrap(),
    })
    .unwrap();
    assert!(!item.on_time(settings_at(480).utc_offset));
    assert!(item.on_time(settings_at(0).utc_offset));
    let f = Figures::of([&item], &settings_at(480));
    assert_eq!((f.closed, f.on_time), (1, 0));
}

#[test]
fn the_summary_has_the_contracts_shape() {
    let mut items = vec![
        reach(ItemStatus::Closed),
        reach(ItemStatus::Withdrawn),
        reach(ItemStatus::LongTerm),
        reach(ItemStatus::InProgress),
    ];
    let mut bureau = new_item();
    bureau.presenter = None;
    bureau.number = "2026Q2-018".into();
    let draft = bureau.validated(&demo_event()).unwrap();
    items.push(Item::raise(Id::parse("demo").unwrap(), draft, at(0)));
    let summary = summary(&items, &ItemSettings::default());
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["total"], 5);
    assert_eq!(json["closed"], 1);
    assert_eq!(json["on_time"], 1);
    assert_eq!(json["withdrawn"], 1);
    assert_eq!(json["long_term"], 1);
    assert_eq!(json["votes"]["satisfied"], 9);
    // One done of three counted (five, less one withdrawn and one long-term).
    assert_eq!(json["closure_rate"], "0.3333");
    assert_eq!(json["on_time_rate"], "0.3333");
    assert_eq!(json["satisfaction_rate"], "0.9167");
    let units = json["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(
        units[0]["presenter"],
        serde_json::Value::Null,
        "the bureau first"
    );
    assert_eq!(units[0]["satisfaction_rate"], serde_json::Value::Null);
    assert_eq!(units[0]["closure_rate"], "0.0000");
    assert_eq!(units[1]["presenter"], "jiaozhou");
    assert_eq!(units[1]["total"], 4);
    let back: ItemSummary = serde_json::from_value(json).unwrap();
    assert_eq!(back, summary);
    let empty = serde_json::to_value(super::items::summary(&[], &ItemSettings::default())).unwrap();
    assert_eq!(empty["closure_rate"], serde_json::Value::Null);
}

#[test]
fn figures_are_kept_per_session() {
    let a = reach(ItemStatus::Closed);
    let draft = new_item().validated(&demo_event()).unwrap();
    let b = Item::raise(Id::parse("demo-q3").unwrap(), draft, at(0));
    let by_event = Figures::by_event([&a, &b], &ItemSettings::default());
    assert_eq!(by_event.len(), 2);
    assert_eq!(by_event["demo"].closed, 1);
    assert_eq!(by_event["demo-q3"].closed, 0);
    assert_eq!(Figures::of([&a, &b], &ItemSettings::default()).total, 2);
}

// ---- Edges: parsing ----

#[test]
fn a_new_item_is_refused_field_by_field() {
    let event = demo_event();
    let draft = new_item().validated(&event).unwrap();
    assert_eq!(draft.unit, Unit::Presenter(Id::parse("jiaozhou").unwrap()));
    assert_eq!(draft.number.to_string(), "2026Q2-017");
    assert!(draft.key);

    let bad = NewItem {
        number: "2026Q5-017".into(),
        presenter: Some("nowhere".into()),
        title: "  ".into(),
        detail: "细".repeat(2_001),
        source: ItemSource::Other,
        raised_by: Some("Care".into()),
        owner: "名".repeat(101),
        assigned_on: "2026-04-10".into(),
        due: "2026-04-09".into(),
        key: false,
    };
    let errors = bad.validated(&event).unwrap_err();
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "number",
            "presenter",
            "title",
            "detail",
            "raised_by",
            "owner",
            "due"
        ],
        "{errors}"
    );
    let mut bad_day = new_item();
    bad_day.due = "2026-02-29".into();
    assert_eq!(bad_day.validated(&event).unwrap_err().0[0].field, "due");
    let mut unknown_group = new_item();
    unknown_group.raised_by = Some("judges".into());
    assert!(unknown_group.validated(&event).unwrap_err().0[0]
        .message
        .contains("not a group"));
}

#[test]
fn texts_are_trimmed_and_bounded_by_the_houses_limits() {
    assert_eq!(Title::parse("  标题 ").unwrap().as_str(), "标题");
    assert!(Title::parse(&"题".repeat(200)).is_ok());
    assert!(Title::parse(&"题".repeat(201)).is_err());
    assert!(Reason::parse(&"因".repeat(1_001)).is_err());
    assert!(Name::parse("").is_err());
    assert!(serde_json::from_str::<Reason>("\"  \"").is_err());
}

#[test]
fn days_numbers_and_stamps_are_parsed_strictly() {
    assert_eq!(day("2028-02-29").to_string(), "2028-02-29");
    for bad in [
        "2026-02-29",
        "2026-13-01",
        "2026-6-30",
        "2026-06-31",
        "26-06-30",
        "２０２６-06-30",
    ] {
        assert!(Day::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(day("2026-06-30").days_until(day("2026-07-01")), 1);
    assert_eq!(day("2025-12-31").plus_days(60), day("2026-03-01"));
    assert_eq!(day("1970-01-01").ymd(), (1970, 1, 1));

    assert_eq!(ItemNumber::parse("2026Q2-017").unwrap().seq(), 17);
    for bad in [
        "2026Q2-000",
        "2026Q0-001",
        "2026q2-017",
        "2026Q2-17",
        "2026Q2-0170",
    ] {
        assert!(ItemNumber::parse(bad).is_err(), "{bad}");
    }
    assert!(ItemNumber::parse("2026Q2-017").unwrap() < ItemNumber::parse("2026Q3-001").unwrap());

    let east = Stamp::parse("2026-07-01T00:30:00+08:00").unwrap();
    let utc = Stamp::parse("2026-06-30T16:30:00.5Z").unwrap();
    assert!(east.is_before(&utc));
    assert_eq!(east.day_at(UtcOffset::default()), day("2026-07-01"));
    assert_eq!(
        east.day_at(UtcOffset::minutes(0).unwrap()),
        day("2026-06-30")
    );
    assert_eq!(utc.as_str(), "2026-06-30T16:30:00.5Z");
    for bad in [
        "2026-06-30",
        "2026-06-30T16:30:00",
        "2026-06-30 16:30:00Z",
        "2026-06-30T24:00:00Z",
        "2026-06-30T16:30:00.Z",
        "2026-06-30T16:30:00+0800",
    ] {
        assert!(Stamp::parse(bad).is_err(), "{bad}");
    }
    assert!(UtcOffset::minutes(15 * 60).is_err());
}

#[test]
fn settings_default_to_counting_basically_satisfied_and_half() {
    let s: ItemSettings = serde_json::from_str("{}").unwrap();
    assert_eq!(s, ItemSettings::default());
    assert!(s.basically_satisfied_counts);
    assert_eq!(s.reopen_above.to_string(), "1/2");
    assert_eq!(s.utc_offset.as_minutes(), 480);
    let s: ItemSettings =
        serde_json::from_str(r#"{"reopen_above": "2/3", "basically_satisfied_counts": false}"#)
            .unwrap();
    assert_eq!(s.reopen_above.ratio(), Ratio::new(2, 3));
    assert!(serde_json::from_str::<ItemSettings>(r#"{"reopen_above": "3/2"}"#).is_err());
}

#[test]
fn an_item_survives_storage_and_its_view_shows_its_history() {
    let mut item = reach(ItemStatus::Closed);
    take(&mut item, note("回访群众满意"), Actor::Unit).unwrap();
    let stored = serde_json::to_string(&item).unwrap();
    assert_eq!(serde_json::from_str::<Item>(&stored).unwrap(), item);

    let view = item.view(day("2026-07-15"));
    assert_eq!(view.status, ItemStatus::Closed);
    assert_eq!(view.presenter.as_deref(), Some("jiaozhou"));
    assert_eq!(view.dues, ["2026-06-30"]);
    assert!(view.flags.is_empty());
    assert_eq!(view.vote, Some(STANDS));
    assert_eq!(view.history.len(), item.history().len());
    assert_eq!(view.history[0].kind, EntryKind::Raised);
    assert_eq!(view.history[0].due.as_deref(), Some("2026-06-30"));
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["status"], "closed");
    assert_eq!(json["history"][1]["to"], "in_progress");
    assert_eq!(json["history"][1]["by"], "host");
    assert_eq!(
        serde_json::to_value(Unit::Bureau).unwrap(),
        serde_json::json!("bureau")
    );
}

#[test]
fn every_status_has_its_names() {
    let api: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        api,
        [
            "assigned",
            "in_progress",
            "reported",
            "accepted",
            "closed",
            "returned",
            "reopened",
            "long_term",
            "withdrawn"
        ]
    );
    let zh: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.zh()).collect();
    assert_eq!(
        zh,
        [
            "已交办",
            "办理中",
            "已反馈",
            "已办结",
            "已销号",
            "退回重办",
            "复号",
            "长期推进",
            "已撤销"
        ]
    );
    for s in ItemStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        assert_eq!(s.name(super::Lang::En), s.en());
        assert!(!s.en().is_empty());
    }
}

// ---- Properties ----

#[derive(Clone, Debug)]
enum Try {
    Move {
        to: usize,
        with_reason: bool,
        promised_in: Option<i32>,
    },
    Extend(i32),
    Note,
    Vote(Tally),
    Flag(bool),
}

fn any_tally() -> impl Strategy<Value = Tally> {
    (0..6u32, 0..6u32, 0..6u32, 0..3u32).prop_map(|(s, b, u, a)| tally(s, b, u, a))
}

fn any_try() -> impl Strategy<Value = Try> {
    prop_oneof![
        4 => (0..9usize, any::<bool>(), proptest::option::of(-10..60i32)).prop_map(
            |(to, with_reason, promised_in)| Try::Move { to, with_reason, promised_in }
        ),
        1 => (-5..40i32).prop_map(Try::Extend),
        1 => Just(Try::Note),
        2 => any_tally().prop_map(Try::Vote),
        1 => any::<bool>().prop_map(Try::Flag),
    ]
}

fn any_settings() -> impl Strategy<Value = ItemSettings> {
    (
        any::<bool>(),
        prop_oneof![Just((1, 2)), Just((0, 1)), Just((2, 3))],
    )
        .prop_map(|(basic, (p, q))| ItemSettings {
            basically_satisfied_counts: basic,
            reopen_above: Share::new(p, q).unwrap(),
            utc_offset: UtcOffset::default(),
        })
}

/// The model's own rule: against / cast > p / q, compared in integers.
fn model_reopens(t: &Tally, basic_counts: bool, share: (u64, u64)) -> bool {
    let cast = (t.satisfied + t.basically_satisfied + t.unsatisfied) as u64;
    let mut against = t.unsatisfied as u64;
    if !basic_counts {
        against += t.basically_satisfied as u64;
    }
    cast != 0 && against * share.1 > share.0 * cast
}

proptest! {
    #[test]
    fn random_steps_never_leave_the_path(
        tries in proptest::collection::vec((any_try(), any::<bool>()), 0..40),
        settings in any_settings(),
    ) {
        let share = (
            *settings.reopen_above.ratio().numer() as u64,
            *settings.reopen_above.ratio().denom() as u64,
        );
        let mut item = raised();
        let mut status = "assigned";
        let mut due = item.due();
        let mut behind = false;
        let mut entries = 1;
        for (k, (attempt, by_unit)) in tries.into_iter().enumerate() {
            let by = if by_unit { Actor::Unit } else { Actor::Host };
            let open = OPEN.contains(&status);
            // What the model expects: none for a body the edge refuses, else the step's
            // outcome (`Ok`, or the refusal's code) and the state after it.
            let (change, expected): (Change, Result<(&str, Day, bool), &str>) = match attempt {
                Try::Move { to, with_reason, promised_in } => {
                    let to = ItemStatus::ALL[to];
                    let name = to.as_str();
                    let needs_reason = ["returned", "withdrawn", "long_term"].contains(&name);
                    let promised = promised_in.map(|d| due.plus_days(d));
                    let parsed = Move::new(to, with_reason.then(|| reason("理由")), promised);
                    let edge_ok = !["assigned", "closed", "reopened"].contains(&name)
                        && (with_reason || !needs_reason)
                        && (promised.is_some() == (name == "long_term"));
                    prop_assert_eq!(parsed.is_ok(), edge_ok, "{} {:?}", name, parsed);
                    let Ok(m) = parsed else { continue };
                    let expected = if by_unit && name != "reported" {
                        Err("not_allowed")
                    } else if !MOVES.contains(&(status, name)) {
                        Err("bad_transition")
                    } else if promised.is_some_and(|p| p <= due) {
                        Err("due_not_later")
                    } else {
                        Ok((name, promised.unwrap_or(due), behind))
                    };
                    (Change::Move(m), expected)
                }
                Try::Extend(days) => {
                    let asked = due.plus_days(days);
                    let expected = if by_unit {
                        Err("not_allowed")
                    } else if !open {
                        Err("bad_transition")
                    } else if days <= 0 {
                        Err("due_not_later")
                    } else {
                        Ok((status, asked, behind))
                    };
                    (Change::Extend { due: asked, reason: reason("延期") }, expected)
                }
                Try::Note => {
                    let expected = if status == "withdrawn" {
                        Err("bad_transition")
                    } else {
                        Ok((status, due, behind))
                    };
                    (note("进展"), expected)
                }
                Try::Vote(t) => {
                    let expected = if by_unit {
                        Err("not_allowed")
                    } else if status != "accepted" && status != "closed" {
                        Err("bad_transition")
                    } else if model_reopens(&t, settings.basically_satisfied_counts, share) {
                        Ok(("reopened", due, behind))
                    } else {
                        Ok(("closed", due, behind))
                    };
                    (Change::Vote(Vote::decide(t, &settings)), expected)
                }
                Try::Flag(b) => {
                    let expected = if by_unit {
                        Err("not_allowed")
                    } else if !open {
                        Err("bad_transition")
                    } else if b == behind {
                        Err("unchanged")
                    } else {
                        Ok((status, due, b))
                    };
                    (Change::BehindPlan { behind: b, reason: None }, expected)
                }
            };
            let before = item.clone();
            let got = item.step(Transition { change, by, at: at(k + 1) });
            match expected {
                Ok((s, d, b)) => {
                    prop_assert_eq!(got, Ok(()));
                    let moved = (status, s);
                    prop_assert!(
                        status == s || MOVES.contains(&moved) || VOTES.contains(&moved),
                        "{:?} is not on the path", moved
                    );
                    status = s;
                    due = d;
                    behind = b;
                    entries += 1;
                }
                Err(code) => {
                    prop_assert_eq!(got.map_err(|r| r.code()), Err(code));
                    prop_assert_eq!(&item, &before);
                }
            }
            prop_assert_eq!(item.status().as_str(), status);
            prop_assert_eq!(item.due(), due);
            prop_assert_eq!(item.behind_plan(), behind);
            prop_assert_eq!(item.history().len(), entries);
        }
    }
}

/// What becomes of one item in the figures' property.
#[derive(Clone, Debug)]
struct Fate {
    /// 0 left assigned, 1 in progress, 2 accepted, 3 voted on, 4 long-term, 5 withdrawn,
    /// 6 returned, 7 voted on then withdrawn if reopened, 8 voted on then, if reopened,
    /// accepted again ten days later.
    way: u8,
    /// The acceptance's day, from the due date.
    accepted_in: i32,
    /// Its hour in UTC.
    utc_hour: u32,
    tally: Tally,
    unit: usize,
}

fn any_fate() -> impl Strategy<Value = Fate> {
    (0..9u8, -3..3i32, 0..24u32, any_tally(), 0..3usize).prop_map(
        |(way, accepted_in, utc_hour, tally, unit)| Fate {
            way,
            accepted_in,
            utc_hour,
            tally,
            unit,
        },
    )
}

fn utc(day: Day, hour: u32) -> Stamp {
    Stamp::parse(&format!("{day}T{hour:02}:00:00Z")).unwrap()
}

fn go_at(item: &mut Item, to: ItemStatus, at: Stamp) {
    let change = move_to(item, to);
    host_at(item, change, at);
}

fn host_at(item: &mut Item, change: Change, at: Stamp) {
    item.step(Transition {
        change,
        by: Actor::Host,
        at,
    })
    .unwrap();
}

/// Every property of a rate's decimal: four places, the exact fraction rounded half up.
fn assert_decimal(text: &str, part: u64, whole: u64) {
    let (int, frac) = text.split_once('.').unwrap();
    assert_eq!(frac.len(), 4, "{text}");
    let k: i128 = format!("{int}{frac}").parse().unwrap();
    let (p, w) = (part as i128 * 20_000, whole as i128);
    assert!(
        (2 * k - 1) * w <= p && p < (2 * k + 1) * w,
        "{text} for {part}/{whole}"
    );
}

proptest! {
    #[test]
    fn the_figures_equal_a_count_of_the_items(
        fates in proptest::collection::vec(any_fate(), 0..30),
        settings in any_settings(),
    ) {
        let share = (
            *settings.reopen_above.ratio().numer() as u64,
            *settings.reopen_above.ratio().denom() as u64,
        );
        let presenters = [Some("jiaozhou"), Some("shinan"), None];
        let (mut total, mut closed, mut on_time, mut withdrawn, mut long_term) = (0u64, 0u64, 0u64, 0u64, 0u64);
        let (mut sat, mut cast) = (0u64, 0u64);
        let mut items = Vec::new();
        for (i, fate) in fates.iter().enumerate() {
            let mut body = new_item();
            body.number = format!("2026Q2-{:03}", i + 1);
            body.presenter = presenters[fate.unit].map(String::from);
            let mut item = Item::raise(
                Id::parse("demo").unwrap(),
                body.validated(&demo_event()).unwrap(),
                at(0),
            );
            let due = item.due();
            let accepted_day = due.plus_days(fate.accepted_in);
            let accept_at = utc(accepted_day, fate.utc_hour);
            // The venue is at +08:00: from 16:00 UTC it is the next day there.
            let local_in = fate.accepted_in + i32::from(fate.utc_hour >= 16);
            let reopens = model_reopens(&fate.tally, settings.basically_satisfied_counts, share);
            let accept = |item: &mut Item| {
                go(item, ItemStatus::Reported);
                go_at(item, ItemStatus::Accepted, accept_at.clone());
            };
            let vote_on = |item: &mut Item| {
                let change = Change::Vote(Vote::decide(fate.tally, &settings));
                host_at(item, change, utc(accepted_day.plus_days(1), 0));
            };
            total += 1;
            let (done, late_days, voted, gone) = match fate.way {
                0 => (false, 0, false, false),
                1 => { go(&mut item, ItemStatus::InProgress); (false, 0, false, false) }
                2 => { accept(&mut item); (true, local_in, false, false) }
                3 => { accept(&mut item); vote_on(&mut item); (!reopens, local_in, true, false) }
                4 => { go(&mut item, ItemStatus::LongTerm); long_term += 1; (false, 0, false, false) }
                5 => { go(&mut item, ItemStatus::Withdrawn); (false, 0, false, true) }
                6 => {
                    go(&mut item, ItemStatus::Reported);
                    go(&mut item, ItemStatus::Returned);
                    (false, 0, false, false)
                }
                7 => {
                    accept(&mut item);
                    vote_on(&mut item);
                    if reopens {
                        go_at(&mut item, ItemStatus::Withdrawn, utc(accepted_day.plus_days(2), 0));
                    }
                    (!reopens, local_in, true, reopens)
                }
                _ => {
                    accept(&mut item);
                    vote_on(&mut item);
                    let mut again_in = local_in;
                    if reopens {
                        go_at(&mut item, ItemStatus::Reported, utc(accepted_day.plus_days(2), 0));
                        go_at(&mut item, ItemStatus::Accepted, utc(accepted_day.plus_days(10), 0));
                        again_in = fate.accepted_in + 10;
                    }
                    (true, again_in, true, false)
                }
            };
            if gone {
                withdrawn += 1;
            }
            if done {
                closed += 1;
                if late_days <= 0 {
                    on_time += 1;
                }
            }
            if voted && !gone {
                let t = fate.tally;
                sat += t.satisfied as u64;
                if settings.basically_satisfied_counts {
                    sat += t.basically_satisfied as u64;
                }
                cast += (t.satisfied + t.basically_satisfied + t.unsatisfied) as u64;
            }
            items.push(item);
        }

        let f = Figures::of(&items, &settings);
        prop_assert_eq!(
            (f.total as u64, f.closed as u64, f.on_time as u64, f.withdrawn as u64, f.long_term as u64),
            (total, closed, on_time, withdrawn, long_term)
        );
        let counted = total - withdrawn - long_term;
        for (rate, part, whole) in [
            (f.closure_rate, closed, counted),
            (f.on_time_rate, on_time, counted),
            (f.satisfaction_rate, sat, cast),
        ] {
            match rate {
                None => prop_assert_eq!(whole, 0),
                Some(rate) => {
                    prop_assert!(whole > 0);
                    // Cross-multiplied: the same fraction, whatever its lowest terms.
                    let r = rate.ratio();
                    prop_assert_eq!(*r.numer() * whole, part * *r.denom());
                    assert_decimal(&rate.decimal(), part, whole);
                }
            }
        }

        // The units' figures add up to the event's.
        let units = Figures::by_unit(&items, &settings);
        let sum = |pick: fn(&Figures) -> u32| units.values().map(pick).sum::<u32>();
        prop_assert_eq!(sum(|u| u.total), f.total);
        prop_assert_eq!(sum(|u| u.closed), f.closed);
        prop_assert_eq!(sum(|u| u.on_time), f.on_time);
        prop_assert_eq!(
            units.values().fold(Tally::default(), |all, u| all + u.votes),
            f.votes
        );
        let wire = summary(&items, &settings);
        prop_assert_eq!(wire.figures.closure_rate, f.closure_rate.map(Rate::decimal));
        prop_assert_eq!(wire.units.len(), units.len());
    }
}

// ---- Carrying over to the next session ----

fn id(text: &str) -> Id {
    Id::parse(text).unwrap()
}

/// Carries the item from one session to another, a minute after its last entry.
fn carry(item: &mut Item, from: &str, to: &str) -> Option<Item> {
    let at = at(item.history().len());
    item.carry(&id(from), &id(to), at)
}

#[test]
fn a_carried_copy_keeps_the_item_and_the_copy_left_behind_refuses_every_step() {
    let mut item = raised();
    go(&mut item, ItemStatus::InProgress);
    let before = item.clone();
    let copy = carry(&mut item, "demo", "q3").expect("an item in progress carries over");
    // The copy: the same number, facts, session raised at and history, and one entry more.
    assert_eq!(copy.number(), before.number());
    assert_eq!(copy.facts(), before.facts());
    assert_eq!(copy.event(), before.event());
    assert_eq!(&copy.history()[..2], before.history());
    let came = copy.history().last().unwrap();
    assert_eq!(came.kind, EntryKind::CarriedIn);
    assert_eq!(came.event, Some(id("demo")));
    assert_eq!(
        (came.from, came.to),
        (ItemStatus::InProgress, ItemStatus::InProgress)
    );
    assert_eq!(copy.status(), ItemStatus::InProgress);
    assert_eq!(copy.carried_from(), Some(&id("demo")));
    assert_eq!(copy.carried_to(), None);
    assert_eq!(
        copy.view(day("2026-05-01")).history[2].event.as_deref(),
        Some("demo")
    );
    // The copy left behind says where it went, keeps its status, and takes no more steps.
    let went = item.history().last().unwrap();
    assert_eq!(went.kind, EntryKind::CarriedOut);
    assert_eq!(went.event, Some(id("q3")));
    assert_eq!(item.status(), ItemStatus::InProgress);
    assert_eq!(item.carried_to(), Some(&id("q3")));
    let refused = StepRefusal::CarriedOver { to: id("q3") };
    for change in [
        move_to(&item, ItemStatus::Reported),
        move_to(&item, ItemStatus::Withdrawn),
        Change::Note(Prose::parse("已完成一半").unwrap()),
        Change::Extend {
            due: day("2026-09-30"),
            reason: reason("因为"),
        },
        Change::BehindPlan {
            behind: true,
            reason: None,
        },
    ] {
        let kept = item.clone();
        assert_eq!(
            take(&mut item, change.clone(), Actor::Host),
            Err(refused.clone())
        );
        // The unit's own link too, before its own rule is asked.
        assert_eq!(take(&mut item, change, Actor::Unit), Err(refused.clone()));
        assert_eq!(item, kept, "a refused step changes nothing");
    }
    assert_eq!(refused.code(), "carried_over");
    assert!(refused.to_string().contains("q3"), "{refused}");
    // The copy takes steps as before.
    let mut copy = copy;
    go(&mut copy, ItemStatus::Reported);
    assert_eq!(copy.status(), ItemStatus::Reported);
}

#[test]
fn every_status_but_closed_and_withdrawn_carries_over_and_only_once() {
    let mut accepted = raised();
    go(&mut accepted, ItemStatus::Reported);
    go(&mut accepted, ItemStatus::Accepted);
    let copy = carry(&mut accepted, "demo", "q3");
    assert!(
        copy.is_some(),
        "an accepted item waits for its vote at the next session"
    );
    // A vote on a copy left behind is refused: the vote is taken where it is followed.
    assert_eq!(
        vote(&mut accepted, STANDS),
        Err(StepRefusal::CarriedOver { to: id("q3") })
    );
    // Carried once: asked again (another next quarter), it stays where it went.
    let kept = accepted.clone();
    assert_eq!(carry(&mut accepted, "demo", "q3b"), None);
    assert_eq!(accepted, kept);
    // The copy carries on again to the quarter after, by way of this one.
    let mut copy = copy.unwrap();
    vote(&mut copy, REOPENS).unwrap();
    let again = carry(&mut copy, "q3", "q4").unwrap();
    assert_eq!(again.carried_from(), Some(&id("q3")));
    assert_eq!(again.status(), ItemStatus::Reopened);

    let mut closed = raised();
    go(&mut closed, ItemStatus::Reported);
    go(&mut closed, ItemStatus::Accepted);
    vote(&mut closed, STANDS).unwrap();
    let mut withdrawn = raised();
    go(&mut withdrawn, ItemStatus::Withdrawn);
    for mut item in [closed, withdrawn] {
        let kept = item.clone();
        assert!(!item.carries_over());
        assert_eq!(carry(&mut item, "demo", "q3"), None);
        assert_eq!(item, kept);
    }
    for status in [ItemStatus::LongTerm, ItemStatus::Returned] {
        let mut item = raised();
        if status == ItemStatus::Returned {
            go(&mut item, ItemStatus::Reported);
        }
        go(&mut item, status);
        assert!(item.carries_over(), "{status}");
    }
}

#[test]
fn in_hand_counts_the_watched_items_and_their_flags() {
    let mut late = raised(); // due 2026-06-30
    let mut flagged = raised();
    take(
        &mut flagged,
        Change::BehindPlan {
            behind: true,
            reason: None,
        },
        Actor::Host,
    )
    .unwrap();
    let mut long = raised();
    go(&mut long, ItemStatus::LongTerm);
    let mut done = raised();
    go(&mut done, ItemStatus::Reported);
    go(&mut done, ItemStatus::Accepted);
    go(&mut late, ItemStatus::InProgress);
    let items = [late, flagged, long, done];
    assert_eq!(
        InHand::of(&items, day("2026-07-01")),
        InHand {
            in_progress: 2,
            overdue: 2,
            due_soon: 0,
            behind_plan: 1,
        }
    );
    assert_eq!(
        InHand::of(&items, day("2026-06-28")),
        InHand {
            in_progress: 2,
            overdue: 0,
            due_soon: 2,
            behind_plan: 1,
        }
    );
}
