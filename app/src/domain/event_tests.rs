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
    use crate::domain::limits::*;
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
