//! What a host starts a new event from: a blank one, the demo contest, or a copy of an
//! earlier event. Each is a valid config the host then edits (a blank event has one example
//! presenter, judge, group and criterion, which a roster import or the editor replaces: an
//! event with none of them could not be scored, and the rules say so).

use super::event::{Criterion, EventConfig, Group, Judge, Presenter};
use super::ids::Id;
use super::lang::Lang;
use super::score::Score;

/// Where a new event comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Start<'a> {
    Blank(Lang),
    Demo,
    Copy(&'a EventConfig),
}

/// The new event's config: `from`, under its own id, title and date.
pub fn new_event(from: Start<'_>, id: Id, title: String, date: Option<String>) -> EventConfig {
    let base = match from {
        Start::Blank(lang) => blank(lang),
        Start::Demo => super::demo_event(),
        Start::Copy(source) => source.clone(),
    };
    EventConfig {
        id,
        title,
        date,
        ..base
    }
}

fn id(text: &str) -> Id {
    Id::parse(text).expect("a fixed id is valid")
}

/// One group, one criterion out of 100, one example presenter and judge.
fn blank(lang: Lang) -> EventConfig {
    let zh = lang == Lang::Zh;
    let say = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_string();
    EventConfig {
        id: id("new"),
        title: String::new(),
        date: None,
        language: lang,
        phases: Default::default(),
        aggregation: Default::default(),
        screen: Default::default(),
        items: Default::default(),
        groups: vec![Group {
            id: id("g1"),
            name: say("评委组", "Judges"),
            weight: None,
        }],
        criteria: vec![Criterion {
            id: id("c1"),
            name: say("总分", "Score"),
            min: Score::ZERO,
            max: Score::from_hundredths(10_000),
            step: Score::from_hundredths(100),
            description: None,
        }],
        presenters: vec![Presenter {
            id: id("p1"),
            name: say("述职人一", "Presenter 1"),
            unit: say("单位一", "Unit 1"),
            order: None,
            last_rank: None,
            summary: None,
        }],
        judges: vec![Judge {
            id: id("j1"),
            name: say("评委一", "Judge 1"),
            group: id("g1"),
            recused: Vec::new(),
        }],
    }
}

/// An id for a new event that no event in `taken` has: from its date (`e2026-12-06`), or
/// `event` without one, with `-2`, `-3`… when that is taken.
pub fn fresh_event_id(date: Option<&str>, taken: impl Fn(&str) -> bool) -> Id {
    let stem = match date {
        Some(d) if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit() || c == '-') => {
            format!("e{d}")
        }
        _ => "event".to_string(),
    };
    let mut n = 1u32;
    loop {
        let candidate = if n == 1 {
            stem.clone()
        } else {
            format!("{stem}-{n}")
        };
        if !taken(&candidate) && candidate != "new" {
            if let Ok(id) = Id::parse(&candidate) {
                return id;
            }
        }
        n = n.saturating_add(1);
    }
}

/// The fields a correction of a started event changed, when it changed only words that
/// cannot change a result: the title, and the names of presenters (with their units and
/// summaries), judges, groups and criteria (with their descriptions). `None` when anything
/// else changed (an id, an order, a score range, a rule, a judge's group…), or nothing did.
pub fn correction(old: &EventConfig, new: &EventConfig) -> Option<Vec<String>> {
    let lists_match = old.presenters.len() == new.presenters.len()
        && old.judges.len() == new.judges.len()
        && old.groups.len() == new.groups.len()
        && old.criteria.len() == new.criteria.len();
    if !lists_match {
        return None;
    }
    let mut changed = Vec::new();
    let mut note = |field: String, before: &dyn PartialEq<String>, after: &String| {
        if !before.eq(after) {
            changed.push(field);
        }
    };
    // The new config with the old words put back must be the old config exactly.
    let mut words_back = new.clone();
    note("title".into(), &old.title, &new.title);
    words_back.title = old.title.clone();
    for (i, (o, n)) in old
        .presenters
        .iter()
        .zip(&mut words_back.presenters)
        .enumerate()
    {
        note(format!("presenters[{i}].name"), &o.name, &n.name);
        note(format!("presenters[{i}].unit"), &o.unit, &n.unit);
        let (before, after) = (
            o.summary.clone().unwrap_or_default(),
            n.summary.clone().unwrap_or_default(),
        );
        note(format!("presenters[{i}].summary"), &before, &after);
        n.name = o.name.clone();
        n.unit = o.unit.clone();
        n.summary = o.summary.clone();
    }
    for (i, (o, n)) in old.judges.iter().zip(&mut words_back.judges).enumerate() {
        note(format!("judges[{i}].name"), &o.name, &n.name);
        n.name = o.name.clone();
    }
    for (i, (o, n)) in old.groups.iter().zip(&mut words_back.groups).enumerate() {
        note(format!("groups[{i}].name"), &o.name, &n.name);
        n.name = o.name.clone();
    }
    for (i, (o, n)) in old
        .criteria
        .iter()
        .zip(&mut words_back.criteria)
        .enumerate()
    {
        note(format!("criteria[{i}].name"), &o.name, &n.name);
        let (before, after) = (
            o.description.clone().unwrap_or_default(),
            n.description.clone().unwrap_or_default(),
        );
        note(format!("criteria[{i}].description"), &before, &after);
        n.name = o.name.clone();
        n.description = o.description.clone();
    }
    (words_back == *old && !changed.is_empty()).then_some(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_start_is_a_valid_event_under_its_new_id_title_and_date() {
        let demo = super::super::demo_event();
        for (from, lang) in [
            (Start::Blank(Lang::Zh), Lang::Zh),
            (Start::Blank(Lang::En), Lang::En),
            (Start::Demo, demo.language),
            (Start::Copy(&demo), demo.language),
        ] {
            let made = new_event(from, id("q4"), "第四季度".into(), Some("2026-12-20".into()))
                .validated()
                .expect("a new event is valid as it is made");
            assert_eq!(made.id.as_str(), "q4");
            assert_eq!(made.title, "第四季度");
            assert_eq!(made.date.as_deref(), Some("2026-12-20"));
            assert_eq!(made.language, lang);
        }
    }

    #[test]
    fn a_copy_keeps_everything_but_its_name_and_day() {
        let demo = super::super::demo_event();
        let copy = new_event(Start::Copy(&demo), id("again"), "再来".into(), None);
        assert_eq!(copy.presenters, demo.presenters);
        assert_eq!(copy.judges, demo.judges);
        assert_eq!(copy.criteria, demo.criteria);
        assert_eq!(copy.aggregation, demo.aggregation);
    }

    #[test]
    fn a_blank_event_speaks_its_language() {
        let zh = new_event(Start::Blank(Lang::Zh), id("a"), "t".into(), None);
        assert_eq!(zh.presenters[0].name, "述职人一");
        let en = new_event(Start::Blank(Lang::En), id("a"), "t".into(), None);
        assert_eq!(en.judges[0].name, "Judge 1");
    }

    #[test]
    fn a_correction_changes_words_only() {
        let demo = super::super::demo_event();
        let mut fixed = demo.clone();
        fixed.title = "新标题".into();
        fixed.judges[2].name = "王小明".into();
        fixed.presenters[0].summary = Some("改过".into());
        assert_eq!(
            correction(&demo, &fixed),
            Some(vec![
                "title".to_string(),
                "presenters[0].summary".to_string(),
                "judges[2].name".to_string()
            ])
        );
        assert_eq!(correction(&demo, &demo), None, "nothing changed");
        for edit in [
            |c: &mut EventConfig| c.criteria[0].max = Score::from_hundredths(4_500),
            |c: &mut EventConfig| c.judges[0].group = c.groups[1].id.clone(),
            |c: &mut EventConfig| c.aggregation.trim_high = 0,
            |c: &mut EventConfig| c.presenters[1].order = Some(99),
            |c: &mut EventConfig| {
                c.judges.pop();
            },
            |c: &mut EventConfig| c.date = Some("2030-01-01".into()),
        ] {
            let mut changed = fixed.clone();
            edit(&mut changed);
            assert_ne!(changed, fixed, "the edit changes something");
            assert_eq!(correction(&demo, &changed), None, "{changed:?}");
        }
    }

    #[test]
    fn fresh_ids_follow_the_date_and_skip_taken_ones() {
        let taken = ["e2026-12-06", "e2026-12-06-2", "event"];
        let is_taken = |s: &str| taken.contains(&s);
        assert_eq!(
            fresh_event_id(Some("2026-12-06"), is_taken).as_str(),
            "e2026-12-06-3"
        );
        assert_eq!(
            fresh_event_id(Some("2026-12-07"), is_taken).as_str(),
            "e2026-12-07"
        );
        assert_eq!(fresh_event_id(None, is_taken).as_str(), "event-2");
        // Text that is not a date does not leak into an id.
        assert_eq!(fresh_event_id(Some("下周"), is_taken).as_str(), "event-2");
    }
}
