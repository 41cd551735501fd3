//! A roster as a clerk keeps it in a spreadsheet: judges and presenters in rows, read into
//! an event's config with every row's problems named in the event's language.
//!
//! One table, its first row the column names, in Chinese or English (`类型`/`type`,
//! `姓名`/`name`, `组别`/`group`, `单位`/`unit`, `顺序`/`order`, `上期排名`/`last rank`,
//! `简介`/`summary`, `回避`/`recused`). A row is a judge or a presenter by its `类型`
//! column, or, without one, by having a group (a judge) or a unit (a presenter). The rows
//! of one kind replace that kind in the event; a judge or presenter whose name is already in
//! it keeps its id, so a judge's sign-in link survives a corrected roster.

use super::event::{Judge, Presenter};
use super::ids::Id;
use super::lang::Lang;
use super::limits::{MAX_JUDGES, MAX_NAME_CHARS, MAX_PRESENTERS, MAX_PROSE_CHARS};
use super::wire::{RosterError, RosterPreview, RosterRow};
use super::EventConfig;
use std::collections::{BTreeMap, BTreeSet};

/// Rows one roster may have, the header included: every judge and presenter an event can
/// hold, with room for a few blank or heading rows.
pub const MAX_ROSTER_ROWS: usize = MAX_JUDGES + MAX_PRESENTERS + 50;
/// Columns read from a row; the rest is ignored.
pub const MAX_ROSTER_COLUMNS: usize = 30;

/// The columns Leitai reads, by the key the API's errors name them with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Kind,
    Name,
    Group,
    Unit,
    Order,
    LastRank,
    Summary,
    Recused,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Kind,
        Column::Name,
        Column::Group,
        Column::Unit,
        Column::Order,
        Column::LastRank,
        Column::Summary,
        Column::Recused,
    ];

    /// The key the API names the column with.
    pub fn key(self) -> &'static str {
        match self {
            Column::Kind => "type",
            Column::Name => "name",
            Column::Group => "group",
            Column::Unit => "unit",
            Column::Order => "order",
            Column::LastRank => "last_rank",
            Column::Summary => "summary",
            Column::Recused => "recused",
        }
    }

    /// The column's heading as the template workbook writes it.
    pub fn heading(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Column::Kind, Lang::Zh) => "类型",
            (Column::Name, Lang::Zh) => "姓名",
            (Column::Group, Lang::Zh) => "组别",
            (Column::Unit, Lang::Zh) => "单位",
            (Column::Order, Lang::Zh) => "顺序",
            (Column::LastRank, Lang::Zh) => "上期排名",
            (Column::Summary, Lang::Zh) => "简介",
            (Column::Recused, Lang::Zh) => "回避",
            (Column::Kind, Lang::En) => "Type",
            (Column::Name, Lang::En) => "Name",
            (Column::Group, Lang::En) => "Group",
            (Column::Unit, Lang::En) => "Unit",
            (Column::Order, Lang::En) => "Order",
            (Column::LastRank, Lang::En) => "Last rank",
            (Column::Summary, Lang::En) => "Summary",
            (Column::Recused, Lang::En) => "Recused",
        }
    }

    /// The column a heading names, in either language and the usual synonyms.
    fn of_heading(text: &str) -> Option<Column> {
        let t: String = text
            .trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(|c| !c.is_whitespace() && !"*＊:：()（）".contains(*c))
            .collect::<String>()
            .to_lowercase()
            .replace(['_', '-'], "");
        let column = match t.as_str() {
            "类型" | "类别" | "角色" | "身份" | "type" | "kind" | "role" => Column::Kind,
            "姓名" | "名称" | "名字" | "name" => Column::Name,
            "组别" | "界别" | "分组" | "群体" | "代表组别" | "group" => Column::Group,
            "单位" | "部门" | "汇报单位" | "unit" | "department" => Column::Unit,
            "顺序" | "汇报顺序" | "出场顺序" | "order" => Column::Order,
            "上期排名" | "上次排名" | "上季度排名" | "lastrank" => Column::LastRank,
            "简介" | "摘要" | "工作简介" | "summary" => Column::Summary,
            "回避" | "回避对象" | "回避单位" | "recused" | "recusals" => Column::Recused,
            _ => return None,
        };
        Some(column)
    }
}

/// A row's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Judge,
    Presenter,
}

impl Kind {
    fn of_cell(text: &str) -> Option<Kind> {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "评委" | "评审" | "代表" | "打分人" | "judge" | "juror" => Some(Kind::Judge),
            "汇报" | "汇报人" | "汇报单位" | "述职" | "述职人" | "presenter" | "speaker" => {
                Some(Kind::Presenter)
            }
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Judge => "judge",
            Kind::Presenter => "presenter",
        }
    }
}

/// Why a roster was not read, or a row's problem, in the event's language.
fn say(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A table read from a file: its rows as text, the first the column names. Row numbers are
/// the spreadsheet's own (the header is row 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
}

/// What a roster makes of an event: the preview a host sees, and the config to store when
/// it has no errors.
pub struct Read {
    pub preview: RosterPreview,
    pub config: Option<EventConfig>,
}

/// Reads `table` as the roster of `event`.
pub fn read(event: &EventConfig, table: &Table) -> Read {
    let lang = event.language;
    let mut errors: Vec<RosterError> = Vec::new();
    fn refuse_in(errors: &mut Vec<RosterError>, row: usize, field: &str, message: String) {
        errors.push(RosterError {
            row: u32::try_from(row).unwrap_or(u32::MAX),
            field: field.to_string(),
            message,
        })
    }
    macro_rules! refuse {
        ($row:expr, $field:expr, $message:expr $(,)?) => {
            refuse_in(&mut errors, $row, $field, $message)
        };
    }
    let Some(header) = table.rows.first() else {
        refuse!(
            0,
            "file",
            say(
                lang,
                "文件是空的：没有表头，也没有评委或述职人。".into(),
                "The file is empty: no column names and no judges or presenters.".into(),
            ),
        );
        return finish(Vec::new(), errors, None);
    };
    let mut columns: BTreeMap<Column, usize> = BTreeMap::new();
    for (i, cell) in header.iter().enumerate().take(MAX_ROSTER_COLUMNS) {
        if let Some(column) = Column::of_heading(cell) {
            columns.entry(column).or_insert(i);
        }
    }
    if !columns.contains_key(&Column::Name) {
        refuse!(
            1,
            Column::Name.key(),
            say(
                lang,
                "缺少“姓名”列：第一行要写明各列的名称，例如“类型、姓名、组别、单位”。".into(),
                "The “Name” column is missing: the first row names the columns, such as “Type, Name, Group, Unit”.".into(),
            ),
        );
    }
    if !columns.contains_key(&Column::Kind)
        && !columns.contains_key(&Column::Group)
        && !columns.contains_key(&Column::Unit)
    {
        refuse!(
            1,
            Column::Kind.key(),
            say(
                lang,
                "缺少“类型”列（或“组别”“单位”列）：看不出每一行是评委还是述职人。".into(),
                "The “Type” column (or a “Group” or “Unit” column) is missing: a row cannot be told to be a judge or a presenter.".into(),
            ),
        );
    }
    if !errors.is_empty() {
        return finish(Vec::new(), errors, None);
    }
    let cell = |row: &[String], column: Column| -> String {
        columns
            .get(&column)
            .and_then(|&i| row.get(i))
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };

    // Blank rows after the last filled one are the sheet's, not the clerk's.
    let last = table
        .rows
        .iter()
        .rposition(|r| r.iter().any(|c| !c.trim().is_empty()))
        .unwrap_or(0);
    let mut rows: Vec<RosterRow> = Vec::new();
    let mut seen: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for (index, row) in table.rows.iter().enumerate().take(last + 1).skip(1) {
        let number = index + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            refuse!(
                number,
                "row",
                say(
                    lang,
                    format!("第 {number} 行是空行：请删去这一行，或填上内容。"),
                    format!("Row {number} is empty: delete it or fill it in."),
                ),
            );
            continue;
        }
        let name = cell(row, Column::Name);
        let group = cell(row, Column::Group);
        let unit = cell(row, Column::Unit);
        let kind_text = cell(row, Column::Kind);
        let kind = if columns.contains_key(&Column::Kind) && !kind_text.is_empty() {
            match Kind::of_cell(&kind_text) {
                Some(k) => Some(k),
                None => {
                    refuse!(
                        number,
                        Column::Kind.key(),
                        say(
                            lang,
                            format!("类型“{kind_text}”看不懂：请写“评委”或“述职人”。"),
                            format!(
                                "Type “{kind_text}” is not known: write “judge” or “presenter”."
                            ),
                        ),
                    );
                    continue;
                }
            }
        } else if !group.is_empty() {
            Some(Kind::Judge)
        } else if !unit.is_empty() {
            Some(Kind::Presenter)
        } else {
            None
        };
        let Some(kind) = kind else {
            refuse!(
                number,
                Column::Kind.key(),
                say(
                    lang,
                    format!("第 {number} 行看不出是评委还是述职人：请填写“类型”，或评委的“组别”、述职人的“单位”。"),
                    format!("Row {number} is neither a judge nor a presenter: fill in its type, or a judge's group or a presenter's unit."),
                ),
            );
            continue;
        };
        if name.is_empty() {
            refuse!(
                number,
                Column::Name.key(),
                say(lang, "没有填姓名。".into(), "The name is empty.".into(),),
            );
            continue;
        }
        let mut ok = true;
        for (column, text, max) in [
            (Column::Name, &name, MAX_NAME_CHARS),
            (Column::Unit, &unit, MAX_NAME_CHARS),
            (
                Column::Summary,
                &cell(row, Column::Summary),
                MAX_PROSE_CHARS,
            ),
        ] {
            let chars = text.chars().count();
            if chars > max {
                ok = false;
                refuse!(
                    number,
                    column.key(),
                    say(
                        lang,
                        format!(
                            "“{}”太长：有 {chars} 个字，最多 {max} 个。",
                            column.heading(lang)
                        ),
                        format!(
                            "“{}” is too long: {chars} characters, at most {max}.",
                            column.heading(lang)
                        ),
                    ),
                );
            }
        }
        if let Some(&first) = seen.get(&(kind.key(), name.clone())) {
            refuse!(
                number,
                Column::Name.key(),
                say(
                    lang,
                    format!("“{name}”与第 {first} 行重名：同一个人只写一行。"),
                    format!("“{name}” is also on row {first}: one row per person."),
                ),
            );
            continue;
        }
        seen.insert((kind.key(), name.clone()), number);
        let mut record = RosterRow {
            row: u32::try_from(number).unwrap_or(u32::MAX),
            kind: kind.key().into(),
            name: name.clone(),
            group: None,
            unit: None,
            order: None,
            last_rank: None,
            summary: None,
            recused: Vec::new(),
        };
        match kind {
            Kind::Judge => {
                let found = event
                    .groups
                    .iter()
                    .find(|g| g.name.trim() == group || g.id.as_str().eq_ignore_ascii_case(&group));
                match found {
                    Some(g) => record.group = Some(g.id.to_string()),
                    None => {
                        ok = false;
                        let known = event
                            .groups
                            .iter()
                            .map(|g| g.name.as_str())
                            .collect::<Vec<_>>();
                        refuse!(
                            number,
                            Column::Group.key(),
                            if group.is_empty() {
                                say(
                                    lang,
                                    format!("评委没有填组别：请写 {} 之一。", known.join("、")),
                                    format!(
                                        "The judge has no group: write one of {}.",
                                        known.join(", ")
                                    ),
                                )
                            } else {
                                say(
                                    lang,
                                    format!(
                                        "没有“{group}”这个组别：请写 {} 之一。",
                                        known.join("、")
                                    ),
                                    format!(
                                        "There is no group “{group}”: write one of {}.",
                                        known.join(", ")
                                    ),
                                )
                            },
                        );
                    }
                }
                record.recused = cell(row, Column::Recused)
                    .split(['、', ',', '，', ';', '；', '/'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            Kind::Presenter => {
                record.unit = Some(if unit.is_empty() { name.clone() } else { unit });
                for (column, slot) in [
                    (Column::Order, &mut record.order),
                    (Column::LastRank, &mut record.last_rank),
                ] {
                    let text = cell(row, column);
                    if text.is_empty() {
                        continue;
                    }
                    // A spreadsheet's number cell reads back as "3" or "3.0".
                    let whole = text.strip_suffix(".0").unwrap_or(&text);
                    match whole.parse::<u32>() {
                        Ok(n) if (1..=MAX_PRESENTERS as u32).contains(&n) => *slot = Some(n),
                        _ => {
                            ok = false;
                            refuse!(
                                number,
                                column.key(),
                                say(
                                    lang,
                                    format!("“{}”要写 1 到 {MAX_PRESENTERS} 之间的整数，这里是“{text}”。", column.heading(lang)),
                                    format!("“{}” must be a whole number from 1 to {MAX_PRESENTERS}, not “{text}”.", column.heading(lang)),
                                ),
                            );
                        }
                    }
                }
                let summary = cell(row, Column::Summary);
                record.summary = (!summary.is_empty()).then_some(summary);
            }
        }
        if ok {
            rows.push(record);
        }
    }
    let judges = rows.iter().filter(|r| r.kind == "judge").count();
    let presenters = rows.len() - judges;
    for (count, max, zh, en) in [
        (judges, MAX_JUDGES, "评委", "judges"),
        (presenters, MAX_PRESENTERS, "述职人", "presenters"),
    ] {
        if count > max {
            refuse!(
                0,
                "file",
                say(
                    lang,
                    format!("{zh}太多：有 {count} 位，一场最多 {max} 位。"),
                    format!("Too many {en}: {count}, an event has at most {max}."),
                ),
            );
        }
    }
    if rows.is_empty() && errors.is_empty() {
        refuse!(
            0,
            "file",
            say(
                lang,
                "文件里没有可用的行：第一行之后没有评委或述职人。".into(),
                "No usable rows: there are no judges or presenters after the first row.".into(),
            ),
        );
    }
    // Presenters in the event after the roster: a judge's recusals name them.
    let mut config = event.clone();
    if presenters > 0 {
        config.presenters = merge_presenters(event, &rows);
    }
    for r in rows.iter().filter(|r| r.kind == "judge") {
        for name in &r.recused {
            let known = config
                .presenters
                .iter()
                .any(|p| p.name == *name || p.unit == *name || p.id.as_str() == name);
            if !known {
                refuse!(
                    r.row as usize,
                    Column::Recused.key(),
                    say(
                        lang,
                        format!("回避的“{name}”不是本场的述职人或单位。"),
                        format!("“{name}”, to be recused from, is not a presenter or unit of this event."),
                    ),
                );
            }
        }
    }
    if !errors.is_empty() {
        return finish(rows, errors, None);
    }
    if judges > 0 {
        config.judges = merge_judges(event, &config.presenters, &rows);
    }
    match config.validated() {
        Ok(config) => finish(rows, errors, Some(config)),
        Err(problems) => {
            // The quorum is the likely one: said once, in words, with what it asks for.
            let (quorum, other): (Vec<_>, Vec<_>) = problems
                .0
                .into_iter()
                .partition(|p| p.field.starts_with("aggregation.quorum"));
            if !quorum.is_empty() {
                let (min, per) = (
                    event.aggregation.quorum_min_sheets,
                    event.aggregation.quorum_min_per_group,
                );
                refuse!(
                    0,
                    "config",
                    say(
                        lang,
                        format!("名单里的评委不够：本场亮分至少要 {min} 份评分表，并且每个组至少 {per} 份。请补充评委，或先调整本场的亮分人数要求。"),
                        format!("Too few judges: a reveal here needs at least {min} sheets, and {per} from each group. Add judges, or change the event's quorum first."),
                    ),
                );
            }
            for p in other {
                refuse!(
                    0,
                    "config",
                    say(
                        lang,
                        format!("导入后本场的设置不成立：{}", p.message),
                        format!("The event would not be valid: {}", p.message),
                    ),
                );
            }
            finish(rows, errors, None)
        }
    }
}

fn finish(rows: Vec<RosterRow>, errors: Vec<RosterError>, config: Option<EventConfig>) -> Read {
    Read {
        config: if errors.is_empty() { config } else { None },
        preview: RosterPreview { rows, errors },
    }
}

/// The lowest `prefix<n>` not in `taken`, which it joins.
fn fresh_id(prefix: &str, taken: &mut BTreeSet<String>) -> Id {
    let mut n = 1u32;
    loop {
        let candidate = format!("{prefix}{n}");
        if !taken.contains(&candidate) {
            taken.insert(candidate.clone());
            return Id::parse(&candidate).expect("a letter and digits make an id");
        }
        n = n.saturating_add(1);
    }
}

fn merge_presenters(event: &EventConfig, rows: &[RosterRow]) -> Vec<Presenter> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let listed: Vec<&RosterRow> = rows.iter().filter(|r| r.kind == "presenter").collect();
    // Names already in the event keep their ids; the rest get the lowest free `p<n>`.
    for r in &listed {
        if let Some(p) = event.presenters.iter().find(|p| p.name == r.name) {
            taken.insert(p.id.to_string());
        }
    }
    let every_ordered = listed.iter().all(|r| r.order.is_some());
    let any_ordered = listed.iter().any(|r| r.order.is_some());
    for (i, r) in listed.iter().enumerate() {
        let id = match event.presenters.iter().find(|p| p.name == r.name) {
            Some(p) => p.id.clone(),
            None => fresh_id("p", &mut taken),
        };
        let order = match (every_ordered, any_ordered, r.last_rank.is_some()) {
            (true, _, _) => r.order,
            // Some rows ordered and some not: the validator names the ones missing.
            (false, true, _) => r.order,
            // No order at all: the rows' own order, unless last ranks set it.
            (false, false, _) if listed.iter().all(|r| r.last_rank.is_some()) => None,
            _ => Some(u32::try_from(i + 1).unwrap_or(u32::MAX)),
        };
        out.push(Presenter {
            id,
            name: r.name.clone(),
            unit: r.unit.clone().unwrap_or_else(|| r.name.clone()),
            order,
            last_rank: r.last_rank,
            summary: r.summary.clone(),
        });
    }
    out
}

fn merge_judges(event: &EventConfig, presenters: &[Presenter], rows: &[RosterRow]) -> Vec<Judge> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let listed: Vec<&RosterRow> = rows.iter().filter(|r| r.kind == "judge").collect();
    for r in &listed {
        if let Some(j) = event.judges.iter().find(|j| j.name == r.name) {
            taken.insert(j.id.to_string());
        }
    }
    listed
        .iter()
        .map(|r| {
            let id = match event.judges.iter().find(|j| j.name == r.name) {
                Some(j) => j.id.clone(),
                None => fresh_id("j", &mut taken),
            };
            let group = r
                .group
                .as_deref()
                .and_then(|g| Id::parse(g).ok())
                .expect("a judge's row was kept only with a known group");
            let recused = r
                .recused
                .iter()
                .filter_map(|name| {
                    presenters
                        .iter()
                        .find(|p| p.name == *name || p.unit == *name || p.id.as_str() == name)
                        .map(|p| p.id.clone())
                })
                .collect::<BTreeSet<Id>>()
                .into_iter()
                .collect();
            Judge {
                id,
                name: r.name.clone(),
                group,
                recused,
            }
        })
        .collect()
}

/// The template workbook's rows, in the event's language: the headings, then one example
/// judge and one example presenter drawn from the event.
pub fn template(event: &EventConfig) -> Vec<Vec<String>> {
    let lang = event.language;
    let mut rows = vec![Column::ALL
        .iter()
        .map(|c| c.heading(lang).to_string())
        .collect::<Vec<_>>()];
    let group = event
        .groups
        .first()
        .map(|g| g.name.clone())
        .unwrap_or_default();
    let (judge, presenter, unit) = match lang {
        Lang::Zh => ("评委", "述职人", "示例单位"),
        Lang::En => ("judge", "presenter", "Example unit"),
    };
    let (judge_name, presenter_name, summary) = match lang {
        Lang::Zh => ("张三", "李四", "一两句话介绍工作"),
        Lang::En => ("Ann Lee", "Bo Chen", "A line or two about the work"),
    };
    rows.push(vec![
        judge.into(),
        judge_name.into(),
        group,
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    rows.push(vec![
        presenter.into(),
        presenter_name.into(),
        String::new(),
        unit.into(),
        "1".into(),
        String::new(),
        summary.into(),
        String::new(),
    ]);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table {
            rows: text
                .lines()
                .map(|l| l.split(',').map(str::to_string).collect())
                .collect(),
        }
    }

    /// The demo with a quorum any small roster meets.
    fn demo() -> EventConfig {
        let mut event = super::super::demo_event();
        event.aggregation.quorum_min_sheets = 1;
        event.aggregation.quorum_min_per_group = 0;
        event
    }

    #[test]
    fn a_chinese_roster_replaces_judges_and_presenters_and_keeps_known_names_ids() {
        let event = demo();
        let kept = event.judges[0].clone();
        let group = event.group(kept.group.as_str()).unwrap().name.clone();
        let text = format!(
            "类型,姓名,组别,单位,顺序\n评委,{},{group},,\n评委,新评委,{group},,\n汇报人,王局长,,城东区,2\n汇报人,赵局长,,城西区,1\n",
            kept.name
        );
        let read = read(&event, &table(&text));
        assert!(read.preview.errors.is_empty(), "{:?}", read.preview.errors);
        let config = read.config.expect("stored");
        assert_eq!(config.judges.len(), 2);
        assert_eq!(
            config.judges[0].id, kept.id,
            "a known judge keeps the link's id"
        );
        assert!(event.judge(config.judges[1].id.as_str()).is_none());
        assert_eq!(config.presenters.len(), 2);
        assert_eq!(config.presenters_in_order()[0].unit, "城西区");
        assert_eq!(read.preview.rows.len(), 4);
    }

    #[test]
    fn row_problems_are_named_with_their_row_and_field_and_nothing_is_stored() {
        let event = demo();
        let group = event.groups[0].name.clone();
        let text = format!(
            "type,name,group,unit\njudge,Ann,{group},\njudge,Ann,{group},\n,,,\njudge,Bo,Nowhere,\npresenter,,,\nwizard,Cy,,\n"
        );
        let read = read(&event, &table(&text));
        assert!(read.config.is_none());
        let got: Vec<(u32, &str)> = read
            .preview
            .errors
            .iter()
            .map(|e| (e.row, e.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "name"),
                (4, "row"),
                (5, "group"),
                (6, "name"),
                (7, "type")
            ]
        );
        assert!(read.preview.errors[0].message.contains("Ann"));
    }

    #[test]
    fn a_missing_name_column_and_an_empty_file_are_refused() {
        let event = demo();
        let read1 = read(&event, &table("类型,组别\n评委,x\n"));
        assert_eq!(read1.preview.errors[0].field, "name");
        assert!(read1.preview.errors[0].message.contains("姓名"));
        let read2 = read(&event, &Table::default());
        assert_eq!(read2.preview.errors[0].field, "file");
        let read3 = read(&event, &table("姓名,组别\n"));
        assert_eq!(read3.preview.errors[0].field, "file");
        assert!(read3.config.is_none());
    }

    #[test]
    fn without_a_type_column_a_group_makes_a_judge_and_a_unit_a_presenter() {
        let event = demo();
        let group = event.groups[1].id.to_string();
        let text = format!("Name,Group,Unit\nAnn,{group},\nBo,,East district\n");
        let read = read(&event, &table(&text));
        assert!(read.preview.errors.is_empty(), "{:?}", read.preview.errors);
        let config = read.config.unwrap();
        assert_eq!(config.judges.len(), 1);
        assert_eq!(config.presenters.len(), 1);
        assert_eq!(config.presenters[0].unit, "East district");
    }

    #[test]
    fn recusals_name_presenters_by_name_or_unit_and_unknown_ones_are_errors() {
        let event = demo();
        let group = event.groups[0].name.clone();
        let text = format!(
            "类型,姓名,组别,单位,回避\n汇报人,甲,,东区,\n汇报人,乙,,西区,\n评委,丙,{group},,东区、乙\n评委,丁,{group},,北区\n"
        );
        let read = read(&event, &table(&text));
        assert_eq!(read.preview.errors.len(), 1);
        assert_eq!(read.preview.errors[0].row, 5);
        assert_eq!(read.preview.errors[0].field, "recused");
        let ok = text.replace("北区", "");
        let config = super::read(&event, &table(&ok)).config.unwrap();
        assert_eq!(config.judges[0].recused.len(), 2);
    }

    #[test]
    fn the_template_reads_back_as_a_roster() {
        let event = demo();
        let rows = template(&event);
        let read = read(&event, &Table { rows });
        assert!(read.preview.errors.is_empty(), "{:?}", read.preview.errors);
        assert_eq!(read.preview.rows.len(), 2);
        // The demo's own quorum (ten sheets) is the event's problem, no row's.
        let strict = super::super::demo_event();
        let read = super::read(
            &strict,
            &Table {
                rows: template(&strict),
            },
        );
        assert!(!read.preview.errors.is_empty());
        assert!(read
            .preview
            .errors
            .iter()
            .all(|e| e.row == 0 && e.field == "config"));
    }
}
