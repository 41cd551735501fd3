//! The follow-up items' ledger (台账, issue 18) over real HTTP against the real binary: the
//! CSV and the workbook say the same thing in the event's language or English, every cell
//! is safe to open in a spreadsheet, the list's filters apply, and only the host gets it.

use crate::common;
use app::domain::items::{ItemSettings, Stamp};
use app::domain::wire::ItemView;
use calamine::{Data, Reader, Xlsx};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const CSV: &str = "/api/v1/events/demo/items/ledger.csv";
const XLSX: &str = "/api/v1/events/demo/items/ledger.xlsx";

/// The ledger's headings in Chinese, as a supervision office keeps its columns.
const ZH_HEADINGS: [&str; 14] = [
    "编号",
    "来源",
    "责任单位",
    "事项",
    "办理要求",
    "责任人",
    "交办日期",
    "办结时限",
    "状态",
    "重点",
    "提醒",
    "最新进展",
    "办结日期",
    "满意度测评",
];

/// The three items of every test, and the days their last words were written (at the venue).
struct Ledger {
    room: Room,
    /// Extended from 2999-06-30 to 2999-09-30: the day of the extension.
    extended: String,
    /// Noted, accepted and voted closed: the day of the note and the day it was accepted.
    noted: String,
    accepted: String,
    /// `=SUM(1,2)`, the city bureau's, overdue and behind plan: the day it was flagged.
    flagged: String,
}

impl Ledger {
    async fn open() -> Ledger {
        let room = Room::open();
        let extended = room
            .raise(json!({
                "presenter": "jiaozhou",
                "title": "社区养老服务站夜间无人值守",
                "detail": "建立夜间值守制度，开通求助热线。",
                "source": "representative",
                "raised_by": "care",
                "owner": "王强",
                "assigned_on": "2026-07-06",
                "due": "2999-06-30",
                "key": true
            }))
            .await;
        let extended = room
            .step(
                &extended.id,
                "extend",
                json!({"due": "2999-09-30", "reason": "需协调专项资金"}),
            )
            .await;
        let accepted = room
            .raise(json!({
                "presenter": "shinan",
                "title": "退役军人服务站办事指南不统一",
                "source": "least_satisfying",
                "owner": "李娜",
                "assigned_on": "2026-07-06",
                "due": "2999-12-31"
            }))
            .await;
        let noted = room
            .step(&accepted.id, "notes", json!({"text": "已印发统一指南"}))
            .await;
        for to in ["reported", "accepted"] {
            room.step(&accepted.id, "transitions", json!({"to": to}))
                .await;
        }
        let voted = room
            .step(
                &accepted.id,
                "vote",
                json!({"satisfied": 9, "basically_satisfied": 2, "unsatisfied": 1, "abstain": 0}),
            )
            .await;
        assert_eq!(voted.status.as_str(), "closed");
        let formula = room
            .raise(json!({
                "title": "=SUM(1,2)",
                "detail": "@cmd|' /C calc'!A0",
                "source": "host_remarks",
                "owner": "-张伟",
                "assigned_on": "2000-01-01",
                "due": "2000-01-02"
            }))
            .await;
        let flagged = room
            .step(
                &formula.id,
                "behind-plan",
                json!({"behind_plan": true, "reason": "未按计划推进"}),
            )
            .await;
        let accepted_entry = voted
            .history
            .iter()
            .find(|e| e.to.as_str() == "accepted")
            .expect("the acceptance is in the history");
        Ledger {
            room,
            extended: last_day(&extended),
            noted: last_day(&noted),
            accepted: venue_day(&accepted_entry.at),
            flagged: last_day(&flagged),
        }
    }
}

/// The day a step's time fell on at the venue (the items' default offset, +08:00).
fn venue_day(at: &str) -> String {
    Stamp::parse(at)
        .unwrap()
        .day_at(ItemSettings::default().utc_offset)
        .to_string()
}

fn last_day(item: &ItemView) -> String {
    venue_day(&item.history.last().unwrap().at)
}

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn raise(&self, item: Value) -> ItemView;
    async fn step(&self, id: &str, step: &str, body: Value) -> ItemView;
    async fn download(&self, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>);
    async fn csv(&self, path: &str) -> Vec<Vec<String>>;
}

impl Asks for Room {
    async fn raise(&self, item: Value) -> ItemView {
        let (status, body) = self
            .host(Method::POST, "/api/v1/events/demo/items", Some(item))
            .await;
        assert_eq!(status, 201, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn step(&self, id: &str, step: &str, body: Value) -> ItemView {
        let path = format!("/api/v1/events/demo/items/{id}/{step}");
        let (status, body) = self.host(Method::POST, &path, Some(body)).await;
        assert_eq!(status, 200, "{step}: {body}");
        serde_json::from_value(body).unwrap()
    }

    /// A download as the host: its headers and bytes, after checking it is a 200.
    async fn download(&self, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
        let res = self
            .http
            .get(self.server.url(path))
            .bearer_auth(HOST_TOKEN)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.unwrap().to_vec();
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&bytes));
        (headers, bytes)
    }

    async fn csv(&self, path: &str) -> Vec<Vec<String>> {
        csv_rows(&self.download(path).await.1)
    }
}

/// A CSV download's rows, after checking it starts with the UTF-8 byte order mark.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "the file starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The rows up to the blank one, and the figures' rows after it.
fn split(rows: &[Vec<String>]) -> (&[Vec<String>], &[Vec<String>]) {
    let blank = rows
        .iter()
        .position(|r| r.iter().all(String::is_empty))
        .unwrap_or_else(|| panic!("no blank row before the figures: {rows:?}"));
    (&rows[..blank], &rows[blank + 1..])
}

/// A row's first cells, without the padding to the ledger's width.
fn cells(row: &[String], n: usize) -> Vec<&str> {
    assert!(row[n..].iter().all(String::is_empty), "{row:?}");
    row[..n].iter().map(String::as_str).collect()
}

#[tokio::test]
async fn the_csv_ledger_has_each_item_in_words_and_the_figures_below() {
    let l = Ledger::open().await;
    let (headers, bytes) = l.room.download(CSV).await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"leitai-demo-items.csv\""
    );
    let rows = csv_rows(&bytes);
    let (ledger, figures) = split(&rows);
    assert_eq!(ledger[0], ZH_HEADINGS);
    assert_eq!(ledger.len(), 4, "a heading and three items: {ledger:?}");
    assert_eq!(
        ledger[1],
        [
            "2026Q3-001",
            "代表意见",
            "胶州市退役军人事务局",
            "社区养老服务站夜间无人值守",
            "建立夜间值守制度，开通求助热线。",
            "王强",
            "2026-07-06",
            "2999-09-30（原 2999-06-30）",
            "已交办",
            "是",
            "",
            format!("{} 延期：需协调专项资金", l.extended).as_str(),
            "",
            "",
        ]
    );
    assert_eq!(
        ledger[2],
        [
            "2026Q3-002",
            "最不满意的一项工作",
            "市南区退役军人事务局",
            "退役军人服务站办事指南不统一",
            "",
            "李娜",
            "2026-07-06",
            "2999-12-31",
            "已销号",
            "否",
            "",
            format!("{} 已印发统一指南", l.noted).as_str(),
            l.accepted.as_str(),
            "满意 9，基本满意 2，不满意 1，弃权 0",
        ]
    );
    // A text a spreadsheet would run as a formula starts with a quote; the city bureau's own
    // item is the bureau's; an open item past its due date shows both its flags.
    assert_eq!(
        ledger[3],
        [
            "2026Q3-003",
            "主持人点评",
            "市局本级",
            "'=SUM(1,2)",
            "'@cmd|' /C calc'!A0",
            "'-张伟",
            "2000-01-01",
            "2000-01-02",
            "已交办",
            "否",
            "已逾期、进度滞后",
            format!("{} 进度滞后：未按计划推进", l.flagged).as_str(),
            "",
            "",
        ]
    );

    // The figures: all three items, then each unit's, the city bureau first.
    let figures: Vec<Vec<&str>> = figures.iter().map(|r| cells(r, 10)).collect();
    assert_eq!(
        figures,
        [
            vec![
                "责任单位",
                "事项数",
                "办结数",
                "按时办结数",
                "撤销数",
                "长期推进数",
                "办结率",
                "按时办结率",
                "满意率",
                "满意度测评"
            ],
            vec![
                "合计",
                "3",
                "1",
                "1",
                "0",
                "0",
                "33.3%",
                "33.3%",
                "91.7%",
                "满意 9，基本满意 2，不满意 1，弃权 0"
            ],
            vec!["市局本级", "1", "0", "0", "0", "0", "0.0%", "0.0%", "—", ""],
            vec![
                "胶州市退役军人事务局",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0.0%",
                "0.0%",
                "—",
                ""
            ],
            vec![
                "市南区退役军人事务局",
                "1",
                "1",
                "1",
                "0",
                "0",
                "100.0%",
                "100.0%",
                "91.7%",
                "满意 9，基本满意 2，不满意 1，弃权 0"
            ],
        ]
    );
    // The same figures as the summary counts them.
    let (status, summary) = l
        .room
        .host(Method::GET, "/api/v1/events/demo/items/summary", None)
        .await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["closure_rate"], "0.3333");
    assert_eq!(summary["satisfaction_rate"], "0.9167");
}

#[tokio::test]
async fn the_workbook_says_what_the_csv_says_with_texts_never_formulas() {
    let l = Ledger::open().await;
    let (headers, bytes) = l.room.download(XLSX).await;
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"leitai-demo-items.xlsx\""
    );
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a real XLSX");
    assert_eq!(book.sheet_names(), ["事项台账", "统计"]);
    for name in book.sheet_names().to_vec() {
        let formulas = book.worksheet_formula(&name).unwrap();
        let written: Vec<&String> = formulas.used_cells().map(|(_, _, f)| f).collect();
        assert!(written.is_empty(), "{name} holds formulas {written:?}");
    }

    let rows = l.room.csv(CSV).await;
    let (ledger, figures) = split(&rows);
    // The CSV's quote is for CSV only: the workbook keeps the text as it was written.
    let unquoted = |s: &str| {
        s.strip_prefix('\'')
            .filter(|rest| rest.starts_with(['=', '+', '-', '@']))
            .map_or_else(|| s.to_string(), str::to_string)
    };
    for (sheet, csv) in [("事项台账", ledger), ("统计", figures)] {
        let range = book.worksheet_range(sheet).unwrap();
        let read: Vec<&[Data]> = range.rows().collect();
        assert_eq!(read.len(), csv.len(), "{sheet}");
        for (r, (cells, want)) in read.iter().zip(csv).enumerate() {
            let want: Vec<&String> = want.iter().take(cells.len()).collect();
            assert_eq!(cells.len(), want.len(), "{sheet} row {r}");
            for (cell, want) in cells.iter().zip(want) {
                match cell {
                    Data::String(s) => assert_eq!(*s, unquoted(want.as_str()), "{sheet} row {r}"),
                    // Counts are numbers in the workbook.
                    Data::Float(x) => assert_eq!(Some(*x), want.parse().ok(), "{sheet} row {r}"),
                    Data::Int(n) => assert_eq!(n.to_string(), **want, "{sheet} row {r}"),
                    Data::Empty => assert_eq!(want, "", "{sheet} row {r}"),
                    other => panic!("{sheet} row {r}: unexpected {other:?}"),
                }
            }
        }
    }
    let range = book.worksheet_range("事项台账").unwrap();
    assert_eq!(
        range.get_value((3, 3)),
        Some(&Data::String("=SUM(1,2)".into()))
    );
}

#[tokio::test]
async fn the_ledger_speaks_english_when_asked() {
    let l = Ledger::open().await;
    let rows = l.room.csv(&format!("{CSV}?lang=en")).await;
    let (ledger, figures) = split(&rows);
    assert_eq!(
        ledger[0],
        [
            "Number",
            "Source",
            "Unit",
            "Title",
            "Requirement",
            "Owner",
            "Assigned",
            "Due",
            "Status",
            "Key",
            "Flags",
            "Latest progress",
            "Closed at",
            "Vote",
        ]
    );
    let column =
        |row: &[String], name: &str| row[ledger[0].iter().position(|h| h == name).unwrap()].clone();
    let statuses: Vec<String> = ledger[1..].iter().map(|r| column(r, "Status")).collect();
    assert_eq!(statuses, ["Assigned", "Closed", "Assigned"]);
    assert_eq!(
        column(&ledger[1], "Due"),
        "2999-09-30 (originally 2999-06-30)"
    );
    assert_eq!(column(&ledger[1], "Key"), "Yes");
    assert_eq!(column(&ledger[1], "Source"), "Representative's point");
    assert_eq!(
        column(&ledger[1], "Latest progress"),
        format!("{} Extended: 需协调专项资金", l.extended)
    );
    assert_eq!(
        column(&ledger[2], "Vote"),
        "Satisfied 9, Basically satisfied 2, Unsatisfied 1, Abstain 0"
    );
    assert_eq!(column(&ledger[3], "Unit"), "City bureau");
    assert_eq!(column(&ledger[3], "Flags"), "Overdue, Behind plan");
    assert_eq!(figures[0][0], "Unit");
    assert_eq!(
        cells(&figures[1], 10)[..7],
        ["All units", "3", "1", "1", "0", "0", "33.3%"]
    );
    assert_eq!(figures[2][0], "City bureau");

    let (_, bytes) = l.room.download(&format!("{XLSX}?lang=en")).await;
    let book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Items", "Figures"]);
}

#[tokio::test]
async fn the_lists_filters_choose_the_ledgers_items_and_its_figures() {
    let l = Ledger::open().await;
    let numbers = |rows: &[Vec<String>]| -> Vec<String> {
        split(rows).0[1..].iter().map(|r| r[0].clone()).collect()
    };
    for (query, want) in [
        ("?unit=shinan", vec!["2026Q3-002"]),
        ("?unit=bureau", vec!["2026Q3-003"]),
        ("?status=assigned", vec!["2026Q3-001", "2026Q3-003"]),
        ("?source=representative", vec!["2026Q3-001"]),
        ("?overdue=true", vec!["2026Q3-003"]),
        ("?overdue=false&lang=en", vec!["2026Q3-001", "2026Q3-002"]),
        ("?status=withdrawn", vec![]),
        // The host pages' download button adds the device's offset: taken, changing nothing.
        ("?unit=shinan&tz=480", vec!["2026Q3-002"]),
        ("?tz=-300", vec!["2026Q3-001", "2026Q3-002", "2026Q3-003"]),
    ] {
        let rows = l.room.csv(&format!("{CSV}{query}")).await;
        assert_eq!(numbers(&rows), want, "{query}");
    }
    // The figures are those of the items listed.
    let rows = l.room.csv(&format!("{CSV}?unit=shinan")).await;
    let figures = split(&rows).1;
    assert_eq!(figures.len(), 3, "heading, all, the one unit: {figures:?}");
    assert_eq!(
        cells(&figures[1], 10)[..9],
        ["合计", "1", "1", "1", "0", "0", "100.0%", "100.0%", "91.7%"]
    );
    // Nothing chosen: no rate, not a division by zero.
    let rows = l.room.csv(&format!("{CSV}?status=withdrawn")).await;
    assert_eq!(
        cells(&split(&rows).1[1], 10)[..7],
        ["合计", "0", "0", "0", "0", "0", "—"]
    );
    let (_, bytes) = l.room.download(&format!("{XLSX}?unit=bureau")).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("事项台账").unwrap();
    assert_eq!(range.height(), 2, "the heading and the bureau's item");

    for (query, want) in [
        ("?unit=nobody", 404),
        ("?status=done", 400),
        ("?overdue=maybe", 400),
        ("?colour=red", 400),
    ] {
        for path in [CSV, XLSX] {
            let (status, body) = l
                .room
                .host(Method::GET, &format!("{path}{query}"), None)
                .await;
            assert_eq!(status, want, "{path}{query}: {body}");
            assert!(body["error"]["code"].is_string(), "{path}{query}: {body}");
        }
    }
}

#[tokio::test]
async fn only_the_host_gets_the_ledger_of_an_event_that_exists() {
    let l = Ledger::open().await;
    let judge = judge_token(&l.room.http, &l.room.server, "demo", "j01").await;
    for path in [CSV, XLSX] {
        let (status, body) = l.room.send(Method::GET, path, None, None).await;
        assert_eq!(status, 401, "{path}: {body}");
        assert_eq!(body["error"]["code"], "missing_token");
        let (status, body) = l.room.send(Method::GET, path, Some(&judge), None).await;
        assert_eq!(status, 403, "{path}: {body}");
        assert_eq!(body["error"]["code"], "forbidden");
        let elsewhere = path.replace("/demo/", "/nowhere/");
        let (status, body) = l.room.host(Method::GET, &elsewhere, None).await;
        assert_eq!(status, 404, "{elsewhere}: {body}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    // `ledger.csv` is the ledger's, never an item's id, and the items' own paths still are.
    let (status, body) = l
        .room
        .host(Method::GET, "/api/v1/events/demo/items/2026q3-001", None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["number"], "2026Q3-001");
    let (status, body) = l
        .room
        .host(Method::GET, "/api/v1/events/demo/items/ledger.json", None)
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
}
