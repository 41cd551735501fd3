use super::event::*;
use super::*;

#[test]
fn demo_event_is_the_seed_contest() {
    let e = demo_event();
    assert_eq!(e.id.as_str(), "demo");
    let order: Vec<&str> = e
        .presenters_in_order()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "jiaozhou",
            "shinan",
            "xihaian",
            "chengyang",
            "laixi",
            "laoshan",
            "licang",
            "pingdu",
            "jimo",
            "shibei"
        ]
    );
    assert_eq!(e.groups.len(), 5);
    for g in &e.groups {
        assert_eq!(
            e.judges.iter().filter(|j| j.group == g.id).count(),
            3,
            "group {}",
            g.id
        );
    }
    assert_eq!(e.phases.report.secs(), 600);
    let max_total: i64 = e.criteria.iter().map(|c| c.max.hundredths()).sum();
    assert_eq!(
        max_total, 10_000,
        "three criteria summing to 100 (in hundredths)"
    );
    assert_eq!(e.criteria.len(), 3);
    let a = &e.aggregation;
    assert_eq!(
        (a.trim_scope, a.trim_high, a.trim_low, a.trim_min_count),
        (TrimScope::Panel, 1, 1, 5)
    );
    assert_eq!((a.quorum_min_sheets, a.quorum_min_per_group), (10, 1));
    assert_eq!(a.group_weighting, GroupWeighting::Equal);
}

#[test]
fn config_survives_a_toml_round_trip() {
    let e = demo_event();
    let text = e.to_toml();
    assert_eq!(EventConfig::from_toml(&text).unwrap(), e);
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(EventConfig::from_json(&json).unwrap(), e);
}

fn demo_with(edit: impl FnOnce(&mut EventConfig)) -> Result<EventConfig, ConfigErrors> {
    let mut e = demo_event();
    edit(&mut e);
    e.validated()
}

fn fields(r: Result<EventConfig, ConfigErrors>) -> Vec<String> {
    r.unwrap_err().0.into_iter().map(|e| e.field).collect()
}

#[test]
fn errors_name_the_field() {
    assert_eq!(
        fields(demo_with(
            |e| e.judges[3].group = Id::parse("nobody").unwrap()
        )),
        ["judges[3].group"]
    );
    assert_eq!(
        fields(demo_with(
            |e| e.criteria[1].step = Score::parse("0.7").unwrap()
        )),
        ["criteria[1].step"]
    );
    assert_eq!(
        fields(demo_with(|e| e.criteria[0].max = Score::ZERO)),
        ["criteria[0].max"]
    );
    assert_eq!(fields(demo_with(|e| e.title = " ".into())), ["title"]);
    assert_eq!(
        fields(demo_with(
            |e| e.presenters[4].id = e.presenters[0].id.clone()
        )),
        ["presenters[4].id"]
    );
    assert_eq!(
        fields(demo_with(|e| e.aggregation.trim_min_count = 2)),
        ["aggregation.trim_min_count"]
    );
    assert_eq!(
        fields(demo_with(|e| e.aggregation.quorum_min_sheets = 16)),
        ["aggregation.quorum_min_sheets"]
    );
    assert_eq!(
        fields(demo_with(|e| e.aggregation.quorum_min_per_group = 4)).len(),
        5
    );
    assert_eq!(
        fields(demo_with(
            |e| e.aggregation.tie_break = vec![TieBreak::Shared, TieBreak::UntrimmedMean]
        )),
        ["aggregation.tie_break[0]"]
    );
    assert_eq!(
        fields(demo_with(
            |e| e.judges[0].recused = vec![Id::parse("ghost").unwrap()]
        )),
        ["judges[0].recused[0]"]
    );
}

#[test]
fn custom_weights_must_add_up_to_one() {
    let weighted = |ws: [u32; 5]| {
        demo_with(|e| {
            e.aggregation.group_weighting = GroupWeighting::Custom;
            for (g, w) in e.groups.iter_mut().zip(ws) {
                g.weight = Some(Weight(w));
            }
        })
    };
    assert!(weighted([2000; 5]).is_ok());
    assert!(weighted([3000, 1000, 2000, 2000, 2000]).is_ok());
    let err = weighted([2000, 2000, 2000, 2000, 1000]).unwrap_err();
    assert_eq!(err.0[0].field, "groups");
    assert!(err.0[0].message.contains("0.9"), "{}", err.0[0].message);
    assert_eq!(
        fields(demo_with(|e| e.groups[0].weight = Some(Weight(2000)))),
        ["groups[0].weight"]
    );
}

#[test]
fn bad_toml_names_the_line_and_key_and_never_panics() {
    let text = DEMO_TOML.replace("trim_high = 1", "trim_high = \"one\"");
    let err = EventConfig::from_toml(&text).unwrap_err();
    assert!(err.0[0].field.contains("trim_high"), "{err}");
    let text = DEMO_TOML.replace("id = \"j03\"", "id = \"J 3\"");
    let err = EventConfig::from_toml(&text).unwrap_err();
    assert!(err.to_string().contains("'J 3'"), "{err}");
    let text = DEMO_TOML.replace("title =", "titel =");
    assert!(EventConfig::from_toml(&text)
        .unwrap_err()
        .to_string()
        .contains("titel"));
    for garbage in ["", "[[", "id = 3", "\u{0}", "presenters = 5"] {
        assert!(EventConfig::from_toml(garbage).is_err());
    }
}

#[test]
fn last_rank_sets_the_order_when_no_order_is_given() {
    let e = demo_with(|e| {
        for p in e.presenters.iter_mut() {
            p.order = None;
            p.last_rank = Some(11 - p.last_rank.unwrap());
        }
    })
    .unwrap();
    assert_eq!(e.presenters_in_order()[0].id.as_str(), "shibei");
    let mixed = demo_with(|e| {
        for p in e.presenters.iter_mut() {
            p.order = None;
        }
        e.presenters[0].order = Some(1);
    });
    assert_eq!(fields(mixed).len(), 9);
}

#[test]
fn durations_read_as_minutes_and_seconds() {
    assert_eq!(Duration::parse("10:00").unwrap().secs(), 600);
    assert_eq!(Duration::parse("0:45").unwrap().secs(), 45);
    assert!(Duration::parse("1:60").is_err());
    assert!(Duration::parse("10").is_err());
    assert_eq!(Duration(305).to_string(), "5:05");
}

#[test]
fn a_phase_too_long_for_its_seconds_is_refused_not_wrapped() {
    assert!(Duration::parse("71582789:00")
        .unwrap_err()
        .contains("too long"));
    assert_eq!(Duration::parse("71582788:15").unwrap().secs(), u32::MAX);
    let text = DEMO_TOML.replace("report = \"10:00\"", "report = \"71582789:00\"");
    assert_ne!(text, DEMO_TOML);
    let err = EventConfig::from_toml(&text).unwrap_err();
    assert!(err.0[0].field.contains("report"), "{err}");
    assert_eq!(
        fields(demo_with(|e| e.phases.report = Duration(u32::MAX))),
        ["phases.report"]
    );
}

#[test]
fn trims_that_would_overflow_are_refused_with_their_field() {
    let overflowing = demo_with(|e| {
        e.aggregation.trim_high = u32::MAX;
        e.aggregation.trim_low = 2;
    });
    assert_eq!(fields(overflowing), ["aggregation.trim_high"]);
    let text = DEMO_TOML.replace("trim_high = 1", "trim_high = 4294967295");
    let err = EventConfig::from_toml(&text).unwrap_err();
    assert_eq!(err.0[0].field, "aggregation.trim_high", "{err}");
    assert_eq!(
        fields(demo_with(|e| e.aggregation.trim_min_count = u32::MAX)),
        ["aggregation.trim_min_count"]
    );
}

#[test]
fn every_count_number_and_text_of_a_config_is_bounded() {
    use crate::limits::*;
    let many = demo_with(|e| {
        let first = e.presenters[0].clone();
        e.presenters = (0..=MAX_PRESENTERS)
            .map(|i| Presenter {
                id: Id::parse(&format!("p{i}")).unwrap(),
                order: Some(i as u32 + 1),
                last_rank: None,
                ..first.clone()
            })
            .collect();
    });
    assert_eq!(fields(many), ["presenters"]);
    let judge = demo_event().judges[0].clone();
    let many = demo_with(|e| {
        e.judges = (0..=MAX_JUDGES)
            .map(|i| Judge {
                id: Id::parse(&format!("j{i}")).unwrap(),
                ..judge.clone()
            })
            .collect();
    });
    assert!(fields(many).contains(&"judges".to_string()));
    assert_eq!(
        fields(demo_with(|e| e.title = "t".repeat(MAX_TITLE_CHARS + 1))),
        ["title"]
    );
    assert!(demo_with(|e| e.title = "题".repeat(MAX_TITLE_CHARS)).is_ok());
    assert_eq!(
        fields(demo_with(
            |e| e.judges[2].name = "n".repeat(MAX_NAME_CHARS + 1)
        )),
        ["judges[2].name"]
    );
    assert_eq!(
        fields(demo_with(
            |e| e.presenters[1].summary = Some("s".repeat(MAX_PROSE_CHARS + 1))
        )),
        ["presenters[1].summary"]
    );
    assert_eq!(
        fields(demo_with(
            |e| e.criteria[0].max = Score::from_hundredths(MAX_CRITERION_SCORE.hundredths() + 100)
        )),
        ["criteria[0].max"]
    );
    assert_eq!(
        fields(demo_with(|e| e.presenters[0].last_rank = Some(u32::MAX))),
        ["presenters[0].last_rank"]
    );
    let shibei = Id::parse("shibei").unwrap();
    assert_eq!(
        fields(demo_with(
            |e| e.judges[0].recused = vec![shibei.clone(), shibei]
        )),
        ["judges[0].recused[1]"]
    );
}

#[test]
fn a_json_config_and_its_tables_are_objects() {
    let json: serde_json::Value = serde_json::to_value(demo_event()).unwrap();
    let mut listed = json.clone();
    listed["phases"] = serde_json::json!(["10:00", "5:00", "3:00"]);
    let err = EventConfig::from_json(&listed.to_string()).unwrap_err();
    assert_eq!(err.0[0].field, "phases");
    let mut listed = json.clone();
    listed["criteria"][1] = serde_json::json!(["defence", "Defence", 0, 30, 0.5]);
    let err = EventConfig::from_json(&listed.to_string()).unwrap_err();
    assert_eq!(err.0[0].field, "criteria[1]");
    let fields: Vec<serde_json::Value> = json.as_object().unwrap().values().cloned().collect();
    let err = EventConfig::from_json(&serde_json::Value::Array(fields).to_string()).unwrap_err();
    assert!(err.to_string().contains("JSON object"), "{err}");
}

#[test]
fn a_last_rank_out_of_bounds_is_refused_when_it_sets_the_order_too() {
    // The demo's own shape: no presenter has an order, so last ranks set it.
    let without_order = |rank: u32| {
        demo_with(|e| {
            for p in &mut e.presenters {
                p.order = None;
            }
            e.presenters[2].last_rank = Some(rank);
        })
    };
    assert_eq!(
        fields(without_order(4_294_967_295)),
        ["presenters[2].last_rank"]
    );
    assert_eq!(fields(without_order(0)), ["presenters[2].last_rank"]);
    assert!(without_order(3).is_ok());
}

/// One of every problem, with the data a real one carries.
fn every_problem() -> Vec<ConfigProblem> {
    use ConfigProblem::*;
    let score = |text: &str| Score::parse(text).unwrap();
    vec![
        TitleEmpty,
        TooLong {
            chars: 120,
            max: 100,
        },
        BadDate("2026-13-40".into()),
        NoneOf(ListKind::Presenters),
        NoneOf(ListKind::Groups),
        NoneOf(ListKind::Judges),
        NoneOf(ListKind::Criteria),
        TooMany {
            kind: ListKind::Judges,
            count: 101,
            max: 100,
        },
        DuplicateId {
            kind: ListKind::Presenters,
            id: "shinan".into(),
        },
        PresenterNameEmpty,
        JudgeNameEmpty,
        UnknownGroup("nobody".into()),
        UnknownPresenter("ghost".into()),
        RecusedTwice {
            id: "shibei".into(),
            name: "市北区局长".into(),
        },
        MinNegative,
        ScoreAbove {
            value: score("1001"),
            max: score("1000"),
        },
        MaxNotAboveMin {
            min: score("10"),
            max: score("5"),
        },
        StepNotPositive,
        StepUneven {
            min: score("0"),
            max: score("30"),
            step: score("0.7"),
        },
        WeightMissing,
        WeightUnused,
        WeightsSum(Weight(9000)),
        TooManyCues { count: 6, max: 5 },
        CueTooLate {
            secs: 20_000,
            max: 14_400,
        },
        CueTwice(60),
        NumberAbove {
            value: 200,
            max: 100,
        },
        TrimLeavesNone { high: 1, low: 1 },
        TooManyDecimals,
        QuorumTooHigh {
            sheets: 16,
            judges: 15,
        },
        GroupTooSmall {
            id: "care".into(),
            name: "优抚对象".into(),
            judges: 3,
            needed: 4,
        },
        TooManyTieBreaks { count: 23, max: 22 },
        SharedNotLast,
        PhaseOutOfRange(Duration(0)),
        PhaseOutOfRange(Duration(14_401)),
        LastRankOutOfRange { max: 100 },
        OrderMissing,
        OrderOutOfRange {
            order: 12,
            count: 10,
        },
        OrderTaken {
            order: 3,
            other: 1,
            other_name: "市南区局长".into(),
        },
    ]
}

/// The place of a problem's variant among all of them: a new variant fails to compile
/// here until `every_problem` has one of it too.
fn variant(problem: &ConfigProblem) -> usize {
    use ConfigProblem::*;
    match problem {
        TitleEmpty => 0,
        TooLong { .. } => 1,
        BadDate(_) => 2,
        NoneOf(_) => 3,
        TooMany { .. } => 4,
        DuplicateId { .. } => 5,
        PresenterNameEmpty => 6,
        JudgeNameEmpty => 7,
        UnknownGroup(_) => 8,
        UnknownPresenter(_) => 9,
        RecusedTwice { .. } => 10,
        MinNegative => 11,
        ScoreAbove { .. } => 12,
        MaxNotAboveMin { .. } => 13,
        StepNotPositive => 14,
        StepUneven { .. } => 15,
        WeightMissing => 16,
        WeightUnused => 17,
        WeightsSum(_) => 18,
        TooManyCues { .. } => 19,
        CueTooLate { .. } => 20,
        CueTwice(_) => 21,
        NumberAbove { .. } => 22,
        TrimLeavesNone { .. } => 23,
        TooManyDecimals => 24,
        QuorumTooHigh { .. } => 25,
        GroupTooSmall { .. } => 26,
        TooManyTieBreaks { .. } => 27,
        SharedNotLast => 28,
        PhaseOutOfRange(_) => 29,
        LastRankOutOfRange { .. } => 30,
        OrderMissing => 31,
        OrderOutOfRange { .. } => 32,
        OrderTaken { .. } => 33,
    }
}

#[test]
fn every_problem_is_said_in_both_languages_with_full_width_chinese() {
    let problems = every_problem();
    let seen: std::collections::BTreeSet<usize> = problems.iter().map(variant).collect();
    assert_eq!(seen, (0..=33).collect(), "every variant has a sample");
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for problem in &problems {
        let zh = problem.say(Lang::Zh);
        let en = problem.say(Lang::En);
        assert!(!en.trim().is_empty(), "{problem:?}");
        assert!(zh.chars().any(cjk), "{problem:?}: {zh:?}");
        assert_ne!(zh, en, "{problem:?}");
        for ascii in [':', ',', ';', '(', ')', '!', '?', '"', '[', ']', '_'] {
            assert!(
                !zh.contains(ascii),
                "{problem:?}: {zh:?} has an ASCII {ascii:?}"
            );
        }
        for jargon in ["步长", "法定", "aggregation", "group_weighting", "shared"] {
            assert!(!zh.contains(jargon), "{problem:?}: {zh:?} says {jargon:?}");
        }
    }
}

#[test]
fn the_english_messages_are_the_apis_word_for_word() {
    let message = |r: Result<EventConfig, ConfigErrors>| {
        let errors = r.unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors[0].message.clone()
    };
    assert_eq!(
        message(demo_with(
            |e| e.judges[3].group = Id::parse("nobody").unwrap()
        )),
        "'nobody' is not one of the groups"
    );
    assert_eq!(
        message(demo_with(
            |e| e.criteria[1].step = Score::parse("0.7").unwrap()
        )),
        "0 to 30 is not a whole number of steps of 0.7"
    );
    assert_eq!(
        message(demo_with(|e| e.criteria[0].max = Score::ZERO)),
        "the maximum 0 must be above the minimum 0"
    );
    assert_eq!(
        message(demo_with(|e| e.title = " ".into())),
        "the event needs a title"
    );
    assert_eq!(
        message(demo_with(
            |e| e.presenters[4].id = e.presenters[0].id.clone()
        )),
        "'jiaozhou' is used twice"
    );
    assert_eq!(
        message(demo_with(|e| e.aggregation.trim_min_count = 2)),
        "trimming 1 high and 1 low needs at least 3 totals, so that one is left"
    );
    assert_eq!(
        message(demo_with(|e| e.aggregation.quorum_min_sheets = 16)),
        "16 sheets can never arrive from 15 judges"
    );
    assert_eq!(
        message(demo_with(|e| e.aggregation.trim_high = 101)),
        "is 101; at most 100"
    );
    assert_eq!(
        message(demo_with(
            |e| e.aggregation.tie_break = vec![TieBreak::Shared, TieBreak::UntrimmedMean]
        )),
        "\"shared\" ends the chain; nothing can follow it"
    );
    assert_eq!(
        message(demo_with(|e| e.groups[0].weight = Some(Weight(2000)))),
        "a weight is only used with aggregation.group_weighting = \"custom\""
    );
    assert_eq!(
        message(demo_with(|e| e.phases.report = Duration(u32::MAX))),
        "71582788:15 is not between 0:01 and 240:00"
    );
    assert_eq!(
        message(demo_with(|e| e.screen.cues = vec![60, 0, 60])),
        "60 is named twice"
    );
    assert_eq!(
        message(demo_with(
            |e| e.judges[2].name = "n".repeat(crate::limits::MAX_NAME_CHARS + 1)
        )),
        "has 101 characters; at most 100"
    );
    let errors = demo_with(|e| {
        e.aggregation.group_weighting = GroupWeighting::Custom;
        for g in &mut e.groups {
            g.weight = Some(Weight(1800));
        }
    })
    .unwrap_err();
    assert_eq!(errors.0[0].message, "the weights add up to 0.9, not 1");
    let errors = demo_with(|e| e.aggregation.quorum_min_per_group = 4).unwrap_err();
    assert_eq!(
        errors.0[0].message,
        "group 'business' has 3 judges, fewer than 4"
    );
    let errors = demo_with(|e| {
        e.presenters[1].order = Some(1);
        for (i, p) in e.presenters.iter_mut().enumerate() {
            p.order.get_or_insert(i as u32 + 1);
        }
    })
    .unwrap_err();
    assert_eq!(errors.0[0].message, "1 is also presenters[0]'s order");
    assert_eq!(
        errors.to_string(),
        "presenters[1].order: 1 is also presenters[0]'s order"
    );
}

#[test]
fn every_rule_keeps_its_problem_and_parsing_keeps_its_message() {
    let errors = demo_with(|e| {
        e.title = String::new();
        e.date = Some("July".into());
        e.judges[0].name = " ".into();
        e.criteria[2].min = Score::parse("-1").unwrap();
        e.aggregation.display_decimals = 3;
        e.screen.cues = vec![1, 2, 3, 4, 5, 6];
    })
    .unwrap_err();
    assert_eq!(errors.0.len(), 6, "{errors}");
    for e in &errors.0 {
        let problem = e.problem.as_ref().expect("a rule's error has a problem");
        assert_eq!(e.message, problem.say(Lang::En));
    }
    let text = DEMO_TOML.replace("trim_high = 1", "trim_high = \"one\"");
    let err = EventConfig::from_toml(&text).unwrap_err();
    assert_eq!(err.0[0].problem, None);
    assert!(!err.0[0].message.is_empty());
    let plain = ConfigError::new("id", "is 'a', but this is the config of 'b'");
    assert_eq!(plain.problem, None);
    assert_eq!(
        plain.say(&demo_event(), Lang::Zh),
        "活动编号：is 'a', but this is the config of 'b'"
    );
}

#[test]
fn fields_are_named_in_plain_words_with_the_items_name() {
    let e = demo_event();
    let zh = |field: &str| field_label(field, &e, Lang::Zh);
    let en = |field: &str| field_label(field, &e, Lang::En);
    assert_eq!(
        zh("presenters[2].name"),
        "第 3 位述职人（西海岸新区局长）的姓名"
    );
    assert_eq!(
        en("presenters[2].name"),
        "Presenter 3 (西海岸新区局长): name"
    );
    assert_eq!(zh("judges[0].group"), "评委“军创企业代表甲”的组别");
    assert_eq!(en("judges[0].group"), "Judge 1 (军创企业代表甲): group");
    assert_eq!(zh("criteria[0].step"), "评分项“工作实绩”每次加减的分数");
    assert_eq!(en("criteria[0].step"), "Criterion 1 (工作实绩): step");
    assert_eq!(zh("groups[3].weight"), "评委组“优抚对象”的权重");
    assert_eq!(en("groups[3].weight"), "Group 4 (优抚对象): weight");
    assert_eq!(
        zh("aggregation.quorum_min_sheets"),
        "亮分所需的最少评分表数"
    );
    assert_eq!(
        en("aggregation.quorum_min_sheets"),
        "Sheets needed to reveal"
    );
    assert_eq!(zh("aggregation.trim_high"), "去掉最高分的个数");
    assert_eq!(zh("phases.report"), "汇报时长");
    assert_eq!(en("phases.report"), "Report time");
    assert_eq!(zh("screen.cues"), "计时提醒");
    assert_eq!(zh("title"), "活动标题");
    assert_eq!(en("date"), "Date");
    assert_eq!(zh("aggregation.tie_break[0]"), "同分时第 1 个比较的依据");
    assert_eq!(en("aggregation.tie_break[0]"), "Tie-break step 1");
    assert_eq!(
        zh("judges[1].recused[0]"),
        "评委“军创企业代表乙”回避名单里的第 1 位"
    );
    assert_eq!(zh("criteria[1]"), "评分项“现场论述”");
    // No name there (out of the list, or blank): the place in the list.
    assert_eq!(zh("presenters[40].unit"), "第 41 位述职人的单位");
    assert_eq!(en("judges[99].name"), "Judge 100: name");
    // Two judges of one name: the place says which.
    let mut twins = demo_event();
    twins.judges[1].name = twins.judges[0].name.clone();
    assert_eq!(
        field_label("judges[1].id", &twins, Lang::Zh),
        "第 2 位评委（军创企业代表甲）的编号"
    );
    // What it does not know comes back as it is.
    for unknown in [
        "line 3 (trim_high)",
        "presenters[x].name",
        "judges[0].shoe",
        "",
    ] {
        assert_eq!(zh(unknown), unknown);
        assert_eq!(en(unknown), unknown);
    }
    for field in [
        "title",
        "presenters[2].name",
        "judges[0].group",
        "criteria[1].step",
        "groups[3].weight",
        "aggregation.quorum_min_per_group",
        "aggregation.trim_min_count",
        "phases.defence",
        "screen.cues",
    ] {
        for ascii in [':', ',', ';', '(', ')', '"', '_', '['] {
            assert!(!zh(field).contains(ascii), "{field}: {}", zh(field));
        }
    }
}

#[test]
fn an_error_is_said_with_its_field_in_the_language() {
    let e = demo_event();
    let errors = demo_with(|e| e.judges[3].group = Id::parse("nobody").unwrap()).unwrap_err();
    let error = &errors.0[0];
    assert_eq!(
        error.say(&e, Lang::Zh),
        "评委“最美退役军人代表甲”的组别：没有“nobody”这个组别。"
    );
    assert_eq!(
        error.say(&e, Lang::En),
        "Judge 4 (最美退役军人代表甲): group: 'nobody' is not one of the groups"
    );
    let errors = demo_with(|e| e.aggregation.quorum_min_sheets = 16).unwrap_err();
    assert_eq!(
        errors.0[0].say(&e, Lang::Zh),
        "亮分所需的最少评分表数：只有 15 位评委，凑不齐 16 份评分表。"
    );
    let errors = demo_with(|e| e.presenters[4].id = e.presenters[0].id.clone()).unwrap_err();
    assert_eq!(
        errors.0[0].say(&e, Lang::Zh),
        "第 5 位述职人（莱西市局长）的编号：编号“jiaozhou”在述职人名单里用了两次，每个编号只能用一次。"
    );
    let errors = demo_with(|e| e.aggregation.quorum_min_per_group = 4).unwrap_err();
    assert!(
        errors.0[0]
            .say(&e, Lang::Zh)
            .contains("评委组“军创企业”只有 3 位评委"),
        "{}",
        errors.0[0].say(&e, Lang::Zh)
    );
    let no_field = ConfigError::new("", "the config must be a JSON object");
    assert_eq!(
        no_field.say(&e, Lang::Zh),
        "the config must be a JSON object"
    );
}
