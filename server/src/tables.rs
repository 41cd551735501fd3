//! The exported tables: the results, every submitted sheet, the audit log and the follow-up
//! items' ledger with its figures, each as a header row and rows of cells in the event's
//! language. The CSV and the XLSX writers both write these tables, so the two files always
//! say the same thing.

use app::domain::audit::{AuditAction, AuditEntry};
use app::domain::event::EventConfig;
use app::domain::items::{
    Choice, Day, EntryKind, Figures, Item, ItemFlag, ItemSettings, Rate, Tally, Unit,
};
use app::domain::receipt::Receipt;
use app::domain::results::{MarkStatus, Placed, Review};
use app::domain::scoring::DecidedBy;
use app::domain::{Id, Lang, Score};
use std::collections::BTreeMap;

/// How a table writes times: in its reader's zone (`?tz=` minutes east of UTC, which the
/// host's page sends from the browser), to the second; UTC when no zone is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub offset: time::UtcOffset,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            offset: time::UtcOffset::UTC,
        }
    }
}

impl Clock {
    /// A zone `minutes` east of UTC, within the ±14 hours real zones span.
    pub fn east_of_utc(minutes: i32) -> Option<Clock> {
        if minutes.abs() > 14 * 60 {
            return None;
        }
        let offset = time::UtcOffset::from_whole_seconds(minutes.checked_mul(60)?).ok()?;
        Some(Clock { offset })
    }

    /// The zone as a header says it: `UTC`, `UTC+08:00`.
    pub fn zone(&self) -> String {
        if self.offset.is_utc() {
            return "UTC".into();
        }
        let (h, m, _) = self.offset.as_hms();
        let sign = if self.offset.is_negative() { '-' } else { '+' };
        format!("UTC{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
    }

    /// A time header with its zone: `亮分时间(UTC+08:00)`, `Revealed at (UTC)`.
    fn header(&self, lang: Lang, zh: &str, en: &str) -> String {
        match lang {
            Lang::Zh => format!("{zh}\u{ff08}{}\u{ff09}", self.zone()),
            Lang::En => format!("{en} ({})", self.zone()),
        }
    }

    /// An RFC 3339 time as `2026-07-06 14:02:09` in this zone; any other text as it is (a
    /// device's own clock may say anything).
    pub fn time(&self, text: &str) -> Cell {
        use time::format_description::well_known::Rfc3339;
        let format =
            time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        match time::OffsetDateTime::parse(text, &Rfc3339) {
            Ok(t) => t
                .to_offset(self.offset)
                .format(&format)
                .map_or_else(|_| Cell::text(text), Cell::Text),
            Err(_) => Cell::text(text),
        }
    }

    fn opt_time(&self, text: Option<&str>) -> Cell {
        text.map_or(Cell::Empty, |t| self.time(t))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A decimal number, written as its exact literal (`86.5`, `87.40`).
    Number(String),
    Int(i64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn score(s: Option<Score>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Number(s.to_string()))
    }

    fn number(s: Option<&String>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Number(s.clone()))
    }

    fn int(n: Option<impl Into<i64>>) -> Cell {
        n.map_or(Cell::Empty, |n| Cell::Int(n.into()))
    }

    fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    /// The cell as CSV writes it: a number as it is (a negative score stays a number), a
    /// text made safe for a spreadsheet by [`csv_text`].
    pub fn as_csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_text(s).into_owned(),
            Cell::Number(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// A text as a workbook stores it: cut, marked as cut, to what an Excel cell holds
    /// ([`XLSX_MAX_CELL_UNITS`] UTF-16 units), which a device's long text must not exceed.
    pub fn as_xlsx_text(text: &str) -> std::borrow::Cow<'_, str> {
        use app::domain::limits::CUT_MARK;
        if text.encode_utf16().count() <= XLSX_MAX_CELL_UNITS {
            return std::borrow::Cow::Borrowed(text);
        }
        let room = XLSX_MAX_CELL_UNITS - CUT_MARK.encode_utf16().count();
        let mut units = 0;
        let end = text
            .char_indices()
            .find(|(_, c)| {
                units += c.len_utf16();
                units > room
            })
            .map_or(text.len(), |(i, _)| i);
        std::borrow::Cow::Owned(format!("{}{CUT_MARK}", &text[..end]))
    }
}

/// A text cell as CSV carries it. Excel, WPS and LibreOffice run a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return as a formula; such a text gets a leading
/// `'`, which they show and never run (OWASP, "CSV Injection"). Numbers are not texts.
pub fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The most an Excel cell holds, in UTF-16 units; a longer string makes the workbook
/// unwritable.
pub const XLSX_MAX_CELL_UNITS: usize = 32_767;

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The worksheet's name in a workbook.
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One of two words by the event's language.
fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn yes_no(lang: Lang, yes: bool) -> Cell {
    Cell::Text(match (lang, yes) {
        (Lang::Zh, true) => "是".into(),
        (Lang::Zh, false) => "否".into(),
        (Lang::En, true) => "yes".into(),
        (Lang::En, false) => "no".into(),
    })
}

fn group_name(config: &EventConfig, id: &str) -> String {
    config
        .group(id)
        .map_or_else(|| id.to_string(), |g| g.name.clone())
}

/// What decided a place, in words.
pub fn decided_by_words(config: &EventConfig, lang: Lang, by: &DecidedBy) -> String {
    match by {
        DecidedBy::Score => tr(lang, "按得分", "by score"),
        DecidedBy::Shared => tr(lang, "并列", "shared"),
        DecidedBy::TieBreak(step) => {
            let step = match step.strip_prefix("group:") {
                Some(g) => {
                    let name = group_name(config, g);
                    tr(lang, &format!("{name}小计"), &format!("{name} subtotal"))
                }
                None => tr(
                    lang,
                    "不去掉最高最低分的平均分",
                    "mean before dropping the highest and lowest",
                ),
            };
            tr(
                lang,
                &format!("决胜：{step}"),
                &format!("tie-break: {step}"),
            )
        }
    }
}

fn status_words(lang: Lang, status: MarkStatus) -> String {
    match status {
        MarkStatus::Counted => tr(lang, "计入", "counted"),
        MarkStatus::DroppedHighest => tr(lang, "去掉（最高）", "dropped (highest)"),
        MarkStatus::DroppedLowest => tr(lang, "去掉（最低）", "dropped (lowest)"),
        MarkStatus::Recused => tr(lang, "回避", "recused"),
        MarkStatus::NoSheet => tr(lang, "无评分表", "no sheet"),
        MarkStatus::NotSubmitted => tr(lang, "未提交", "not submitted"),
    }
}

fn dropped_words(lang: Lang, place: &Placed) -> String {
    place
        .judges
        .iter()
        .filter_map(|j| {
            let which = match j.status {
                MarkStatus::DroppedHighest => tr(lang, "最高", "highest"),
                MarkStatus::DroppedLowest => tr(lang, "最低", "lowest"),
                _ => return None,
            };
            let total = j.total.map(|t| t.to_string()).unwrap_or_default();
            Some(match lang {
                Lang::Zh => format!("{} {total}\u{ff08}{which}\u{ff09}", j.name),
                Lang::En => format!("{} {total} ({which})", j.name),
            })
        })
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "\u{ff1b}",
            Lang::En => "; ",
        })
}

/// The amendments of a result, in the table's language: `第 1 次修正 2026-07-06 14:02:09
/// 理由：…;84.33 → 85.00`.
fn amendment_words(place: &Placed, lang: Lang, clock: Clock) -> String {
    let show = |s: Option<Score>| s.map_or_else(|| "-".to_string(), |s| s.to_string());
    place
        .amendments
        .iter()
        .map(|a| {
            let at = match clock.time(&a.at) {
                Cell::Text(t) => t,
                _ => a.at.clone(),
            };
            let (before, after) = (show(a.previous_final), show(a.final_score));
            match lang {
                Lang::Zh => format!(
                    "第 {} 次修正 {at} 理由\u{ff1a}{}\u{ff1b}{before} → {after}",
                    a.n, a.reason
                ),
                Lang::En => format!(
                    "amendment {} {at} reason: {}; {before} → {after}",
                    a.n, a.reason
                ),
            }
        })
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "\u{3002}",
            Lang::En => ". ",
        })
}

/// The results: one row per revealed presenter, best first.
pub fn results_table(config: &EventConfig, review: &Review, lang: Lang, clock: Clock) -> Table {
    let mut headers: Vec<String> = [
        ("名次", "Rank"),
        ("决定方式", "Decided by"),
        ("编号", "ID"),
        ("述职人", "Presenter"),
        ("单位", "Unit"),
        ("述职顺序", "Speaking order"),
        ("最终得分", "Final score"),
        ("不去高低分的平均分", "Mean before dropping"),
    ]
    .iter()
    .map(|(zh, en)| tr(lang, zh, en))
    .collect();
    for g in &config.groups {
        headers.push(tr(
            lang,
            &format!("{}小计", g.name),
            &format!("{} subtotal", g.name),
        ));
    }
    headers.extend(
        [
            ("计入份数", "Sheets counted"),
            ("去掉的分", "Dropped marks"),
            ("上期名次", "Previous rank"),
            ("名次变化", "Rank change"),
            ("强制亮分", "Forced reveal"),
            ("修正记录", "Amendments"),
            ("结果校验码", "Result hash"),
        ]
        .iter()
        .map(|(zh, en)| tr(lang, zh, en)),
    );
    headers.push(clock.header(lang, "亮分时间", "Revealed at"));
    let rows = review
        .places
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::Int(p.rank.into()),
                Cell::Text(decided_by_words(config, lang, &p.decided_by)),
                Cell::text(&p.id),
                Cell::text(&p.name),
                Cell::text(&p.unit),
                Cell::int(p.position),
                Cell::number(p.final_display.as_ref()),
                Cell::number(p.untrimmed_mean.as_ref()),
            ];
            for g in &config.groups {
                let line = p.groups.iter().find(|l| l.group == g.id.as_str());
                row.push(Cell::number(line.and_then(|l| l.subtotal.as_ref())));
            }
            row.extend([
                Cell::Int(p.counted.into()),
                Cell::Text(dropped_words(lang, p)),
                Cell::int(p.previous_rank),
                Cell::int(p.rank_change),
                yes_no(lang, p.forced),
                Cell::Text(amendment_words(p, lang, clock)),
                Cell::text(&p.result_hash),
                clock.time(&p.revealed_at),
            ]);
            row
        })
        .collect();
    Table {
        name: tr(lang, "结果", "Results"),
        headers,
        rows,
    }
}

/// How a submitted sheet reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Applied before the reveal: the judge's sheet.
    Applied,
    /// After the reveal: kept for the host, counted only by an amendment.
    Late,
}

/// A submitted sheet, as the sheets table lists it.
pub struct SheetRow<'a> {
    pub presenter: &'a Id,
    pub judge: &'a Id,
    pub values: &'a BTreeMap<Id, Option<Score>>,
    pub arrival: Arrival,
    pub server_seq: u64,
    pub receipt: Receipt,
    pub device: &'a str,
    pub received_at: &'a str,
    pub client_time: Option<&'a str>,
    /// Entered from a paper sheet, by this person.
    pub paper: Option<&'a str>,
}

/// Every submitted sheet: one row each, by speaking order, then judge, then arrival.
pub fn sheets_table(
    config: &EventConfig,
    review: &Review,
    sheets: &[SheetRow<'_>],
    lang: Lang,
    clock: Clock,
) -> Table {
    let mut headers: Vec<String> = [
        ("述职人编号", "Presenter ID"),
        ("述职人", "Presenter"),
        ("评委编号", "Judge ID"),
        ("评委", "Judge"),
        ("评委组", "Group"),
    ]
    .iter()
    .map(|(zh, en)| tr(lang, zh, en))
    .collect();
    headers.extend(config.criteria.iter().map(|c| c.name.clone()));
    headers.extend(
        [
            ("总分", "Total"),
            ("到达", "Arrival"),
            ("计分", "Counted"),
            ("序号", "Server seq"),
            ("回执", "Receipt"),
            ("设备", "Device"),
        ]
        .iter()
        .map(|(zh, en)| tr(lang, zh, en)),
    );
    headers.push(clock.header(lang, "接收时间", "Received at"));
    headers.push(clock.header(lang, "设备时间", "Device time"));
    let position = |p: &Id| {
        review
            .places
            .iter()
            .find(|r| r.id == p.as_str())
            .and_then(|r| r.position)
            .or_else(|| {
                review
                    .unrevealed
                    .iter()
                    .find(|r| r.id == p.as_str())
                    .and_then(|r| r.position)
            })
            .unwrap_or(u32::MAX)
    };
    let mut ordered: Vec<&SheetRow<'_>> = sheets.iter().collect();
    ordered.sort_by_key(|s| (position(s.presenter), s.judge.clone(), s.server_seq));
    let rows = ordered
        .into_iter()
        .map(|s| {
            let judge = config.judge(s.judge.as_str());
            let presenter = config.presenter(s.presenter.as_str());
            let mut row = vec![
                Cell::text(s.presenter.as_str()),
                Cell::opt(presenter.map(|p| p.name.as_str())),
                Cell::text(s.judge.as_str()),
                Cell::opt(judge.map(|j| j.name.as_str())),
                Cell::opt(
                    judge
                        .map(|j| group_name(config, j.group.as_str()))
                        .as_deref(),
                ),
            ];
            for c in &config.criteria {
                row.push(Cell::score(s.values.get(&c.id).copied().flatten()));
            }
            let total = config.criteria.iter().try_fold(Score::ZERO, |sum, c| {
                sum.checked_add(s.values.get(&c.id).copied().flatten()?)
            });
            row.extend([
                Cell::score(total),
                Cell::Text(match s.arrival {
                    Arrival::Applied => tr(lang, "按时", "on time"),
                    Arrival::Late => tr(lang, "迟到", "late"),
                }),
                Cell::Text(counted_words(review, s, lang)),
                Cell::Int(s.server_seq as i64),
                Cell::Text(s.receipt.to_string()),
                match s.paper {
                    Some(by) => Cell::Text(match lang {
                        Lang::Zh => format!("纸质表（录入：{by}）"),
                        Lang::En => format!("paper sheet (entered by {by})"),
                    }),
                    None => Cell::text(s.device),
                },
                clock.time(s.received_at),
                clock.opt_time(s.client_time),
            ]);
            row
        })
        .collect();
    Table {
        name: tr(lang, "评分表", "Sheets"),
        headers,
        rows,
    }
}

/// Whether the result counted this very sheet, and how.
fn counted_words(review: &Review, sheet: &SheetRow<'_>, lang: Lang) -> String {
    let Some(place) = review
        .places
        .iter()
        .find(|p| p.id == sheet.presenter.as_str())
    else {
        return tr(lang, "待亮分", "not revealed yet");
    };
    match place
        .judges
        .iter()
        .find(|j| j.judge == sheet.judge.as_str() && j.server_seq == Some(sheet.server_seq))
    {
        Some(line) => status_words(lang, line.status),
        None => tr(lang, "未计入", "not counted"),
    }
}

/// An action in words; one this build does not know, as stored.
fn action_words(lang: Lang, action: &str) -> String {
    let Some(known) = AuditAction::parse(action) else {
        return action.to_string();
    };
    let words = match known {
        AuditAction::Sync => ("同步", "sync"),
        AuditAction::StartReport => ("开始述职", "start report"),
        AuditAction::StartDefence => ("开始现场论述", "start defence"),
        AuditAction::OpenScoring => ("开始评分", "open scoring"),
        AuditAction::Next => ("下一位", "next presenter"),
        AuditAction::Undo => ("撤销", "undo"),
        AuditAction::Reorder => ("调整顺序", "reorder"),
        AuditAction::Reveal => ("亮分", "reveal"),
        AuditAction::ForcedReveal => ("强制亮分", "forced reveal"),
        AuditAction::Amend => ("修正结果", "amend"),
        AuditAction::ReissueLink => ("重发评委链接", "reissue judge link"),
        AuditAction::ImportEvent => ("导入活动", "import event"),
        AuditAction::ReplaceConfig => ("替换配置", "replace config"),
        AuditAction::NextQuarter => ("创建下一期", "create next quarter"),
        AuditAction::CreatedFrom => ("由上期创建", "created from previous"),
        AuditAction::Restore => ("从备份恢复", "restore from backup"),
        AuditAction::StartRehearsal => ("开始彩排", "start rehearsal"),
        AuditAction::EndRehearsal => ("结束彩排并清除彩排数据", "end rehearsal and wipe it"),
        AuditAction::ImportRoster => ("导入名单", "import roster"),
        AuditAction::PaperSheet => ("录入纸质评分表", "enter paper sheet"),
        AuditAction::MakeCurrent => ("设为当前活动", "make current event"),
        AuditAction::RaiseItem => ("交办直通车事项", "raise follow-up item"),
        AuditAction::ItemStep => ("办理直通车事项", "follow-up item step"),
        AuditAction::CreateEvent => ("新建活动", "create event"),
        AuditAction::CorrectConfig => ("更正名称或标题", "correct a name or the title"),
        AuditAction::UnitLink => ("发放责任单位链接", "issue a unit's link"),
        AuditAction::StartReview => ("开始回头看", "start the review"),
        AuditAction::CarryItems => ("转入上期未办结事项", "carry over open items"),
    };
    tr(lang, words.0, words.1)
}

fn outcome_words(lang: Lang, outcome: &str) -> String {
    let words = match outcome {
        "applied" => ("已记录", "applied"),
        "late" => ("迟到", "late"),
        "superseded" => ("被覆盖", "superseded"),
        "rejected" => ("拒收", "rejected"),
        other => return other.to_string(),
    };
    tr(lang, words.0, words.1)
}

/// The audit log, one row per entry, in the order given.
pub fn audit_table(entries: &[AuditEntry], lang: Lang, clock: Clock) -> Table {
    let words = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(zh, en)| tr(lang, zh, en))
            .collect::<Vec<_>>()
    };
    let mut headers = words(&[
        ("序号", "No."),
        ("类型", "Kind"),
        ("回执序号", "Receipt no."),
    ]);
    headers.push(clock.header(lang, "时间", "Time"));
    headers.extend(words(&[
        ("操作", "Action"),
        ("操作人", "Actor"),
        ("结果", "Outcome"),
        ("评委", "Judge"),
        ("述职人", "Presenter"),
        ("设备", "Device"),
        ("操作编号", "Op ID"),
        ("版本", "Rev"),
        ("总分", "Total"),
        ("回执", "Receipt"),
    ]));
    headers.push(clock.header(lang, "设备时间", "Device time"));
    headers.extend(words(&[("详情", "Detail")]));
    let rows = entries
        .iter()
        .map(|e| {
            let kind = match e.kind {
                app::domain::audit::AuditKind::Op => tr(lang, "评分", "op"),
                app::domain::audit::AuditKind::Host => tr(lang, "主持", "host"),
            };
            let detail = match (&e.error, &e.values, &e.detail) {
                (Some(err), _, _) => {
                    app::i18n::tr(lang, app::i18n::reason_msg(&err.code)).to_string()
                }
                (None, Some(values), _) => values.to_string(),
                (None, None, serde_json::Value::Null) => String::new(),
                (None, None, detail) => detail.to_string(),
            };
            vec![
                Cell::Int(e.n as i64),
                Cell::Text(kind),
                Cell::Int(e.seq as i64),
                clock.time(&e.at),
                Cell::Text(action_words(lang, &e.action)),
                Cell::text(&e.actor),
                e.outcome
                    .as_deref()
                    .map_or(Cell::Empty, |o| Cell::Text(outcome_words(lang, o))),
                Cell::opt(e.judge.as_deref()),
                Cell::opt(e.presenter.as_deref()),
                Cell::opt(e.device.as_deref()),
                Cell::opt(e.op_id.as_deref()),
                e.rev.map_or(Cell::Empty, |r| Cell::Int(r as i64)),
                Cell::score(e.total),
                e.receipt.map_or(Cell::Empty, |r| Cell::Text(r.to_string())),
                clock.opt_time(e.client_time.as_deref()),
                Cell::Text(detail),
            ]
        })
        .collect();
    Table {
        name: tr(lang, "审计日志", "Audit log"),
        headers,
        rows,
    }
}

/// A table with another below it after a blank row, for a format with one sheet only (the
/// CSV ledger carries its figures so); rows are padded to the wider table's width.
pub fn with_below(mut table: Table, below: &Table) -> Table {
    let width = table.headers.len().max(below.headers.len());
    table.headers.resize(width, String::new());
    let heading: Vec<Cell> = below.headers.iter().map(Cell::text).collect();
    table.rows.extend(
        [Vec::new(), heading]
            .into_iter()
            .chain(below.rows.iter().cloned())
            .map(|mut row| {
                row.resize(width, Cell::Empty);
                row
            }),
    );
    table
}

/// The unit responsible for an item, as a ledger names it: the presenter's unit (their name
/// when the unit is left blank), or the city bureau itself.
fn unit_words(config: &EventConfig, lang: Lang, unit: &Unit) -> String {
    match unit {
        Unit::Bureau => tr(lang, "市局本级", "City bureau"),
        Unit::Presenter(id) => config.presenter(id.as_str()).map_or_else(
            || id.to_string(),
            |p| match p.unit.trim() {
                "" => p.name.clone(),
                unit => unit.to_string(),
            },
        ),
    }
}

/// The due date in force, and the first one when it moved: `2026-09-30（原 2026-06-30）`.
fn due_words(item: &Item, lang: Lang) -> String {
    let due = item.due();
    match item.dues().first() {
        Some(first) if *first != due => match lang {
            Lang::Zh => format!("{due}\u{ff08}原 {first}\u{ff09}"),
            Lang::En => format!("{due} (originally {first})"),
        },
        _ => due.to_string(),
    }
}

/// The latest entry with words in it (a note, or a step's reason), dated at the venue:
/// `2026-07-10 退回重办：群众仍有反映`.
fn progress_words(item: &Item, lang: Lang, settings: &ItemSettings) -> Option<String> {
    let entry = item
        .history()
        .iter()
        .rev()
        .find(|e| e.note.is_some() || e.reason.is_some())?;
    let text = entry
        .note
        .as_ref()
        .map(|n| n.as_str())
        .or(entry.reason.as_ref().map(|r| r.as_str()))?;
    let what = match entry.kind {
        EntryKind::Moved => Some(entry.to.name(lang).to_string()),
        EntryKind::Extended => Some(tr(lang, "延期", "Extended")),
        EntryKind::BehindPlan => Some(ItemFlag::BehindPlan.name(lang).to_string()),
        EntryKind::OnPlan => Some(tr(lang, "恢复正常进度", "Back on plan")),
        EntryKind::Raised
        | EntryKind::Note
        | EntryKind::Voted
        | EntryKind::CarriedIn
        | EntryKind::CarriedOut => None,
    };
    let day = entry.at.day_at(settings.utc_offset);
    Some(match (what, lang) {
        (None, _) => format!("{day} {text}"),
        (Some(what), Lang::Zh) => format!("{day} {what}\u{ff1a}{text}"),
        (Some(what), Lang::En) => format!("{day} {what}: {text}"),
    })
}

/// A vote's tally in words: `满意 9，基本满意 2，不满意 1，弃权 0`.
fn tally_words(tally: &Tally, lang: Lang) -> String {
    [
        (Choice::Satisfied, tally.satisfied),
        (Choice::BasicallySatisfied, tally.basically_satisfied),
        (Choice::Unsatisfied, tally.unsatisfied),
        (Choice::Abstain, tally.abstain),
    ]
    .iter()
    .map(|(choice, n)| format!("{} {n}", choice.name(lang)))
    .collect::<Vec<_>>()
    .join(match lang {
        Lang::Zh => "\u{ff0c}",
        Lang::En => ", ",
    })
}

/// The ledger (台账) of follow-up items as a supervision office keeps it: one row per item,
/// in the order given, with the flags it shows on `today`.
pub fn item_ledger_table(
    config: &EventConfig,
    items: &[Item],
    lang: Lang,
    today: Day,
    settings: &ItemSettings,
) -> Table {
    let headers = [
        ("编号", "Number"),
        ("来源", "Source"),
        ("责任单位", "Unit"),
        ("事项", "Title"),
        ("办理要求", "Requirement"),
        ("责任人", "Owner"),
        ("交办日期", "Assigned"),
        ("办结时限", "Due"),
        ("状态", "Status"),
        ("重点", "Key"),
        ("提醒", "Flags"),
        ("最新进展", "Latest progress"),
        ("办结日期", "Closed at"),
        ("满意度测评", "Vote"),
    ]
    .iter()
    .map(|(zh, en)| tr(lang, zh, en))
    .collect();
    let rows = items
        .iter()
        .map(|item| {
            let facts = item.facts();
            let flags = item
                .flags(today)
                .iter()
                .map(|f| f.name(lang))
                .collect::<Vec<_>>()
                .join(match lang {
                    Lang::Zh => "\u{3001}",
                    Lang::En => ", ",
                });
            vec![
                Cell::Text(item.number().to_string()),
                Cell::text(facts.source.name(lang)),
                Cell::Text(unit_words(config, lang, item.unit())),
                Cell::text(facts.title.as_str()),
                Cell::opt(facts.detail.as_ref().map(|d| d.as_str())),
                Cell::text(facts.owner.as_str()),
                Cell::Text(facts.assigned_on.to_string()),
                Cell::Text(due_words(item, lang)),
                Cell::text(item.status().name(lang)),
                Cell::Text(match facts.key {
                    true => tr(lang, "是", "Yes"),
                    false => tr(lang, "否", "No"),
                }),
                Cell::Text(flags),
                Cell::opt(progress_words(item, lang, settings).as_deref()),
                Cell::opt(
                    item.accepted_at()
                        .map(|at| at.day_at(settings.utc_offset).to_string())
                        .as_deref(),
                ),
                Cell::opt(item.vote().map(|t| tally_words(&t, lang)).as_deref()),
            ]
        })
        .collect();
    Table {
        name: tr(lang, "事项台账", "Items"),
        headers,
        rows,
    }
}

/// The figures of a ledger's items: all of them first, then each unit's, the city bureau
/// first. Rates as a percent with one decimal, `—` when nothing counts towards them; the
/// votes empty when there were none.
pub fn item_figures_table(
    config: &EventConfig,
    items: &[Item],
    lang: Lang,
    settings: &ItemSettings,
) -> Table {
    let headers = [
        ("责任单位", "Unit"),
        ("事项数", "Items"),
        ("办结数", "Closed"),
        ("按时办结数", "Closed on time"),
        ("撤销数", "Withdrawn"),
        ("长期推进数", "Long-term"),
        ("办结率", "Closure rate"),
        ("按时办结率", "On-time rate"),
        ("满意率", "Satisfaction rate"),
        ("满意度测评", "Votes"),
    ]
    .iter()
    .map(|(zh, en)| tr(lang, zh, en))
    .collect();
    let rate = |r: Option<Rate>| Cell::Text(r.map_or_else(|| "\u{2014}".into(), Rate::percent));
    let row = |name: String, f: &Figures| {
        vec![
            Cell::Text(name),
            Cell::Int(f.total.into()),
            Cell::Int(f.closed.into()),
            Cell::Int(f.on_time.into()),
            Cell::Int(f.withdrawn.into()),
            Cell::Int(f.long_term.into()),
            rate(f.closure_rate),
            rate(f.on_time_rate),
            rate(f.satisfaction_rate),
            match f.votes == Tally::default() {
                true => Cell::Empty,
                false => Cell::Text(tally_words(&f.votes, lang)),
            },
        ]
    };
    let all = Figures::of(items, settings);
    let rows = std::iter::once(row(tr(lang, "合计", "All units"), &all))
        .chain(
            Figures::by_unit(items, settings)
                .iter()
                .map(|(unit, f)| row(unit_words(config, lang, unit), f)),
        )
        .collect();
    Table {
        name: tr(lang, "统计", "Figures"),
        headers,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_the_readers_zone_to_the_second() {
        let beijing = Clock::east_of_utc(480).unwrap();
        assert_eq!(beijing.zone(), "UTC+08:00");
        assert_eq!(
            beijing.time("2026-07-06T06:02:09.123456789Z"),
            Cell::Text("2026-07-06 14:02:09".into())
        );
        assert_eq!(Clock::east_of_utc(-330).unwrap().zone(), "UTC-05:30");
        assert_eq!(Clock::default().zone(), "UTC");
        assert_eq!(
            beijing.time("my phone's clock"),
            Cell::text("my phone's clock")
        );
        assert_eq!(Clock::east_of_utc(15 * 60), None);
        assert_eq!(
            beijing.header(Lang::Zh, "时间", "Time"),
            "时间（UTC+08:00）"
        );
    }

    #[test]
    fn a_csv_text_that_a_spreadsheet_would_run_gets_a_quote_and_numbers_stay() {
        for formula in [
            "=1+2",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(Cell::text(formula).as_csv(), format!("'{formula}"));
        }
        for safe in ["名次", "a=b", "", "2026-07-06T14:00:00Z"] {
            assert_eq!(Cell::text(safe).as_csv(), safe);
        }
        assert_eq!(Cell::Number("-2.5".into()).as_csv(), "-2.5");
        assert_eq!(Cell::Int(-3).as_csv(), "-3");
    }

    #[test]
    fn a_workbook_text_is_cut_to_what_a_cell_holds_and_marked() {
        for long in ["时".repeat(40_000), "🎤".repeat(20_000)] {
            let kept = Cell::as_xlsx_text(&long);
            let units = kept.encode_utf16().count();
            assert!(units <= XLSX_MAX_CELL_UNITS && units > XLSX_MAX_CELL_UNITS - 8);
            assert!(kept.ends_with(app::domain::limits::CUT_MARK));
        }
        assert_eq!(Cell::as_xlsx_text("short"), "short");
    }

    #[test]
    fn a_tie_break_is_named_in_the_events_words() {
        let config = app::domain::demo_event();
        let by = DecidedBy::TieBreak("group:supervisor".into());
        assert_eq!(
            decided_by_words(&config, Lang::Zh, &by),
            "决胜：社会监督员小计"
        );
        assert_eq!(
            decided_by_words(&config, Lang::En, &by),
            "tie-break: 社会监督员 subtotal"
        );
        let by = DecidedBy::TieBreak("untrimmed_mean".into());
        assert_eq!(
            decided_by_words(&config, Lang::En, &by),
            "tie-break: mean before dropping the highest and lowest"
        );
        assert_eq!(
            decided_by_words(&config, Lang::Zh, &DecidedBy::Shared),
            "并列"
        );
    }

    #[test]
    fn the_results_header_has_a_subtotal_per_group_in_the_events_language() {
        let config = app::domain::demo_event();
        let review = app::domain::results::review(&config, &[], None, &[], &BTreeMap::new());
        let zh = results_table(&config, &review, Lang::Zh, Clock::default());
        assert_eq!(zh.headers[0], "名次");
        assert!(zh.headers.contains(&"社会监督员小计".to_string()));
        assert_eq!(zh.name, "结果");
        let en = results_table(&config, &review, Lang::En, Clock::default());
        assert_eq!(en.headers[0], "Rank");
        assert_eq!(en.headers.len(), zh.headers.len());
        assert!(en.rows.is_empty());
    }
}
