//! Results for the host and the room, the CSV and XLSX exports, receipts, the judges'
//! report and the next quarter, over real HTTP against a scripted demo event.

use crate::common;
use app::domain::judges_report::JudgesReport;
use app::domain::results::{MarkStatus, Review};
use app::domain::scoring::DecidedBy;
use common::script::*;
use common::*;
use serde_json::{json, Value};

struct Room {
    server: Server,
    http: reqwest::Client,
    script: Script,
    _dir: tempfile::TempDir,
}

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn scripted() -> Room;
    async fn get(&self, path: &str) -> Value;
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value);
    async fn download(&self, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>);
    fn sent(&self, judge: &str, presenter: &str, outcome: &str) -> &Sent;
}

impl Asks for Room {
    async fn scripted() -> Room {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
        let http = client();
        let script = run_script(&http, &server).await;
        Room {
            server,
            http,
            script,
            _dir: dir,
        }
    }

    async fn get(&self, path: &str) -> Value {
        host(&self.http, &self.server, path).await
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        call(
            &self.http,
            &self.server,
            method,
            path,
            Some(HOST_TOKEN),
            body,
        )
        .await
    }

    /// A download as the host: its headers and bytes.
    async fn download(&self, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
        let res = self
            .http
            .get(self.server.url(path))
            .bearer_auth(HOST_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let headers = res.headers().clone();
        (headers, res.bytes().await.unwrap().to_vec())
    }

    fn sent(&self, judge: &str, presenter: &str, outcome: &str) -> &Sent {
        self.script
            .sent
            .iter()
            .rev()
            .find(|s| s.judge == judge && s.presenter == presenter && s.outcome == outcome)
            .unwrap()
    }
}

/// A CSV download's rows, after checking it starts with the UTF-8 byte order mark.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "the file starts with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]))
}

#[tokio::test]
async fn the_hosts_results_rank_with_shared_places_tie_breaks_and_full_breakdowns() {
    let room = Room::scripted().await;
    let review: Review = serde_json::from_value(room.get("/api/v1/events/demo/results/full").await)
        .expect("the page's own type reads the results");

    let places: Vec<(&str, u32, bool, Option<i64>)> = review
        .places
        .iter()
        .map(|p| (p.id.as_str(), p.rank, p.shared, p.rank_change))
        .collect();
    assert_eq!(
        places,
        [
            ("jiaozhou", 1, false, Some(0)),
            ("xihaian", 2, false, Some(1)),
            ("laixi", 3, true, Some(2)),
            ("shinan", 3, true, Some(-1)),
            ("chengyang", 5, false, Some(-1)),
        ],
        "a shared place lists its presenters by id"
    );
    assert_eq!(review.places[0].decided_by, DecidedBy::Score);
    assert_eq!(
        review.places[1].decided_by,
        DecidedBy::TieBreak("untrimmed_mean".into())
    );
    assert_eq!(review.places[2].decided_by, DecidedBy::Shared);
    assert!(!review.complete);
    assert_eq!(review.unrevealed.len(), 5);
    assert_eq!(review.unrevealed[0].id, "laoshan");
    assert_eq!(
        review.event.tie_break,
        ["untrimmed_mean", "group:supervisor", "shared"]
    );

    // 胶州市 is docs/scoring.md's worked example, line by line.
    let jiaozhou = &review.places[0];
    assert_eq!(jiaozhou.final_display.as_deref(), Some("87.40"));
    assert_eq!(jiaozhou.final_exact.as_deref(), Some("437/5"));
    assert_eq!(jiaozhou.untrimmed_mean.as_deref(), Some("87.33"));
    let status = |id: &str| jiaozhou.judges.iter().find(|j| j.judge == id).unwrap();
    assert_eq!(status("j11").status, MarkStatus::DroppedHighest);
    assert_eq!(status("j13").status, MarkStatus::DroppedLowest);
    assert_eq!(status("j01").status, MarkStatus::Counted);
    let j01 = status("j01");
    assert_eq!(j01.total.unwrap().to_string(), "86.5");
    assert_eq!(
        json!(j01.values),
        json!({"results": 50, "defence": 30, "satisfaction": 6.5})
    );
    let sent = room.sent("j01", "jiaozhou", "applied");
    assert_eq!(
        j01.server_seq,
        Some(sent.server_seq),
        "the submitted rev, not the draft"
    );
    assert_eq!(j01.receipt.map(|r| r.to_string()), sent.receipt);
    let j02 = status("j02");
    assert_eq!(
        j02.server_seq,
        Some(room.sent("j02", "jiaozhou", "applied").server_seq),
        "the superseded op is not what counted"
    );
    let subtotals: Vec<(&str, Option<&str>, Option<&str>)> = jiaozhou
        .groups
        .iter()
        .map(|g| {
            (
                g.group.as_str(),
                g.subtotal.as_deref(),
                g.weight_percent.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        subtotals,
        [
            ("active", Some("86.17"), Some("20.00")),
            ("business", Some("86.17"), Some("20.00")),
            ("care", Some("90.25"), Some("20.00")),
            ("exemplary", Some("90.17"), Some("20.00")),
            ("supervisor", Some("84.25"), Some("20.00")),
        ]
    );

    // 城阳区: forced without a supervisor, then amended with the late supervisors' sheets.
    let chengyang = &review.places[4];
    assert!(chengyang.forced, "revealed below quorum");
    assert!(
        chengyang.quorum_met,
        "the amended result has its supervisors"
    );
    assert!(chengyang.amended);
    assert_eq!(chengyang.amendments[0].reason, AMEND_REASON);
    assert_eq!(
        chengyang.amendments[0].previous_final.unwrap().to_string(),
        "75"
    );
    assert_eq!(chengyang.final_score.unwrap().to_string(), "77");
    let j13 = chengyang.judges.iter().find(|j| j.judge == "j13").unwrap();
    assert!(j13.late);
    assert_eq!(j13.status, MarkStatus::Counted);
    let j15 = chengyang.judges.iter().find(|j| j.judge == "j15").unwrap();
    assert_eq!(j15.status, MarkStatus::NoSheet);

    // The room sees only revealed presenters, with the same places and the rank changes.
    let (status, _) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/demo/results/full",
        None,
        None,
    )
    .await;
    assert_eq!(status, 401, "the full results are the host's");
    let (_, public) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/demo/results",
        None,
        None,
    )
    .await;
    let public = public["presenters"].as_array().unwrap();
    assert_eq!(public.len(), 5);
    assert_eq!(public[2]["id"], "laixi");
    assert_eq!(public[2]["shared"], true);
    assert_eq!(public[2]["previous_rank"], 5);
    assert_eq!(public[2]["rank_change"], 2);
    assert_eq!(public[4]["amendments"][0]["reason"], AMEND_REASON);
    let (_, ranking) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/demo/ranking",
        None,
        None,
    )
    .await;
    let view: app::domain::wire::ResultsView = serde_json::from_value(ranking.clone()).unwrap();
    assert_eq!(view.presenters.len(), 5);
    assert_eq!(view.presenters[1].rank_change, Some(1));
    assert_eq!(view.presenters[4].amendments[0].reason, AMEND_REASON);
    assert!(!view.event.unwrap().complete);
    assert!(
        !ranking.to_string().contains("laoshan"),
        "no unrevealed presenter in the public results"
    );
}

#[tokio::test]
async fn csv_exports_start_with_a_bom_speak_the_events_language_and_list_every_sheet() {
    let room = Room::scripted().await;
    // One sheet for a presenter not revealed yet.
    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    let (status, _) = call(
        &room.http,
        &room.server,
        "POST",
        "/api/v1/events/demo/sync",
        Some(&token),
        Some(
            json!({"device": DEV_A, "ops": [{"op_id": uuid(900), "presenter": "laoshan", "rev": 1,
                    "values": values(7000), "submitted": true}]}),
        ),
    )
    .await;
    assert_eq!(status, 200);

    let (headers, bytes) = room
        .download("/api/v1/events/demo/export/results.csv")
        .await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"leitai-demo-results.csv\""
    );
    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), 6, "a header and five revealed presenters");
    assert_eq!(rows[0][0], "名次");
    let (rank, by, name, fin) = (
        column(&rows, "名次"),
        column(&rows, "决定方式"),
        column(&rows, "述职人"),
        column(&rows, "最终得分"),
    );
    let brief: Vec<(&str, &str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| {
            (
                r[rank].as_str(),
                r[by].as_str(),
                r[name].as_str(),
                r[fin].as_str(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            ("1", "按得分", "胶州市局长", "87.40"),
            (
                "2",
                "决胜：不去掉最高最低分的平均分",
                "西海岸新区局长",
                "80.00"
            ),
            ("3", "并列", "莱西市局长", "80.00"),
            ("3", "并列", "市南区局长", "80.00"),
            ("5", "按得分", "城阳区局长", "77.00"),
        ]
    );
    assert_eq!(rows[1][column(&rows, "社会监督员小计")], "84.25");
    assert_eq!(
        rows[1][column(&rows, "去掉的分")],
        "优抚对象代表乙 95.5（最高）；社会监督员代表甲 78（最低）"
    );
    assert_eq!(rows[3][column(&rows, "名次变化")], "2");
    assert_eq!(rows[4][column(&rows, "名次变化")], "-1");
    assert_eq!(rows[5][column(&rows, "强制亮分")], "是");
    assert!(rows[5][column(&rows, "修正记录")].contains(AMEND_REASON));
    assert!(rows[5][column(&rows, "修正记录")].contains("75 → 77"));
    let en = csv_rows(
        &room
            .download("/api/v1/events/demo/export/results.csv?lang=en")
            .await
            .1,
    );
    assert_eq!(en[0][0], "Rank");
    assert_eq!(
        en[2][column(&en, "Decided by")],
        "tie-break: mean before dropping the highest and lowest"
    );

    let (headers, bytes) = room.download("/api/v1/events/demo/export/sheets.csv").await;
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"leitai-demo-sheets.csv\""
    );
    let rows = csv_rows(&bytes);
    // Submitted sheets as they stand: 15 + 15 + 15 + 10 + 15 on time and one for 崂山区,
    // and three late ones.
    assert_eq!(rows.len(), 1 + 71 + 3);
    assert_eq!(
        &rows[0][..5],
        ["述职人编号", "述职人", "评委编号", "评委", "评委组"]
    );
    assert_eq!(&rows[0][5..8], ["工作实绩", "现场论述", "服务对象满意度"]);
    let (seq, receipt, counted, arrival, total, device) = (
        column(&rows, "序号"),
        column(&rows, "回执"),
        column(&rows, "计分"),
        column(&rows, "到达"),
        column(&rows, "总分"),
        column(&rows, "设备"),
    );
    for row in rows[1..].iter().filter(|r| r[0] != "laoshan") {
        let sent = room
            .script
            .sent
            .iter()
            .find(|s| s.server_seq.to_string() == row[seq])
            .expect("every other sheet came from the script");
        assert_eq!(Some(&row[receipt]), sent.receipt.as_ref(), "{row:?}");
        assert_eq!(row[device], sent.device);
    }
    let find = |presenter: &str, judge: &str, late: bool| {
        rows.iter()
            .find(|r| r[0] == presenter && r[2] == judge && (r[arrival] == "迟到") == late)
            .unwrap_or_else(|| panic!("no sheet {presenter} {judge}"))
    };
    assert_eq!(find("jiaozhou", "j11", false)[counted], "去掉（最高）");
    assert_eq!(find("jiaozhou", "j05", false)[counted], "计入");
    assert_eq!(find("jiaozhou", "j05", true)[counted], "未计入");
    assert_eq!(find("jiaozhou", "j05", true)[total], "95");
    assert_eq!(find("chengyang", "j13", true)[counted], "计入");
    assert_eq!(find("chengyang", "j14", true)[counted], "去掉（最高）");
    assert_eq!(find("laoshan", "j01", false)[counted], "待亮分");
    assert_eq!(find("jiaozhou", "j01", false)[total], "86.5");
    // Sheets follow the speaking order.
    assert_eq!(rows[1][0], "jiaozhou");
    assert_eq!(rows.last().unwrap()[0], "laoshan");

    let judge = judge_token(&room.http, &room.server, "demo", "j02").await;
    let (status, _) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/demo/export/sheets.csv",
        Some(&judge),
        None,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_workbook_has_a_results_sheet_and_a_sheets_sheet_equal_to_the_csvs() {
    use calamine::{Data, Reader, Xlsx};
    let room = Room::scripted().await;
    let (headers, bytes) = room
        .download("/api/v1/events/demo/export/results.xlsx")
        .await;
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"leitai-demo-results.xlsx\""
    );
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a real XLSX");
    assert_eq!(workbook.sheet_names(), ["结果", "评分表"]);
    for (sheet, csv_path) in [
        ("结果", "/api/v1/events/demo/export/results.csv"),
        ("评分表", "/api/v1/events/demo/export/sheets.csv"),
    ] {
        let range = workbook.worksheet_range(sheet).unwrap();
        let csv = csv_rows(&room.download(csv_path).await.1);
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), csv.len(), "{sheet}");
        for (r, (cells, expected)) in rows.iter().zip(&csv).enumerate() {
            assert_eq!(cells.len(), expected.len(), "{sheet} row {r}");
            for (cell, want) in cells.iter().zip(expected) {
                match cell {
                    Data::String(s) => assert_eq!(s, want, "{sheet} row {r}"),
                    Data::Float(x) => {
                        assert_eq!(Some(*x), want.parse::<f64>().ok(), "{sheet} row {r}")
                    }
                    Data::Int(n) => assert_eq!(n.to_string(), *want, "{sheet} row {r}"),
                    Data::Empty => assert_eq!(want, "", "{sheet} row {r}"),
                    other => panic!("{sheet} row {r}: unexpected {other:?}"),
                }
            }
        }
        // Scores are numbers in the workbook, not text.
        if sheet == "结果" {
            assert!(matches!(rows[1][column(&csv, "最终得分")], Data::Float(f) if f == 87.4));
        }
    }
}

#[tokio::test]
async fn a_receipt_is_the_same_on_the_phone_the_judges_state_and_the_hosts_lookup() {
    use app::domain::receipt::{Receipt, RecordedSheet};
    let room = Room::scripted().await;
    let sent = room.sent("j01", "jiaozhou", "applied").clone();
    let receipt = sent.receipt.clone().expect("an applied op has a receipt");
    assert_eq!(receipt.len(), 8);

    // The phone can recompute it from what it sent and the sequence number it got back.
    let sent_values: std::collections::BTreeMap<String, Option<app::domain::Score>> =
        serde_json::from_value(values(JIAOZHOU[0])).unwrap();
    let mine = RecordedSheet {
        event: "demo",
        presenter: "jiaozhou",
        judge: "j01",
        device: DEV_A,
        op_id: &sent.op_id,
        rev: 2,
        values: &sent_values,
        submitted: true,
        server_seq: sent.server_seq,
    };
    assert_eq!(mine.receipt().to_string(), receipt);

    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    let (_, state) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/demo/state",
        Some(&token),
        None,
    )
    .await;
    let state: app::domain::wire::State = serde_json::from_value(state).unwrap();
    let sheet = &state.sheets["jiaozhou"];
    assert_eq!(sheet.server_seq, sent.server_seq);
    assert_eq!(sheet.receipt, Some(Receipt::parse(&receipt).unwrap()));

    let path = format!("/api/v1/events/demo/receipts/{}", sent.server_seq);
    let found = room.get(&path).await;
    assert_eq!(found["receipt"], receipt.as_str());
    assert_eq!(found["judge"], "j01");
    assert_eq!(found["judge_name"], "军创企业代表甲");
    assert_eq!(found["presenter"], "jiaozhou");
    assert_eq!(found["outcome"], "applied");
    assert_eq!(found["total"], 86.5);
    assert_eq!(found["values"], values(JIAOZHOU[0]));
    assert_eq!(found["device"], DEV_A);
    assert_eq!(found["current"], true);
    assert_eq!(found["counted"], "counted");
    assert!(found["client_time"].is_string() && found["received_at"].is_string());
    assert!(found.get("matches").is_none());
    assert_eq!(
        room.get(&format!("{path}?receipt={}", receipt.to_uppercase()))
            .await["matches"],
        true
    );
    let other = if receipt == "00000000" {
        "00000001"
    } else {
        "00000000"
    };
    assert_eq!(
        room.get(&format!("{path}?receipt={other}")).await["matches"],
        false
    );

    let superseded = room.sent("j02", "jiaozhou", "superseded");
    let found = room
        .get(&format!(
            "/api/v1/events/demo/receipts/{}",
            superseded.server_seq
        ))
        .await;
    assert_eq!(found["outcome"], "superseded");
    assert_eq!(found["receipt"], Value::Null);
    assert_eq!(found["current"], false);
    let late = room
        .script
        .sent
        .iter()
        .find(|s| s.op_id == room.script.late_uncounted)
        .unwrap();
    let found = room
        .get(&format!("/api/v1/events/demo/receipts/{}", late.server_seq))
        .await;
    assert_eq!(found["outcome"], "late");
    assert_eq!(found["receipt"].as_str(), late.receipt.as_deref());
    assert_eq!(found["counted"], "not_counted");

    let (_, reveal) = room
        .call(
            "POST",
            "/api/v1/events/demo/presenters/jiaozhou/reveal",
            Some(json!({})),
        )
        .await;
    let (status, body) = room
        .call(
            "GET",
            &format!("/api/v1/events/demo/receipts/{}", reveal["server_seq"]),
            None,
        )
        .await;
    assert_eq!(status, 404);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reveal"),
        "{body}"
    );
    assert_eq!(
        room.call("GET", "/api/v1/events/demo/receipts/99999", None)
            .await
            .0,
        404
    );
    assert_eq!(
        room.call("GET", "/api/v1/events/demo/receipts/abc", None)
            .await
            .0,
        400
    );
    assert_eq!(
        room.call("GET", &format!("{path}?receipt=xyz"), None)
            .await
            .0,
        400
    );
    let (status, _) = call(&room.http, &room.server, "GET", &path, Some(&token), None).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_judges_report_gives_each_judges_spread_each_groups_lean_and_the_drift() {
    let room = Room::scripted().await;
    let report: JudgesReport =
        serde_json::from_value(room.get("/api/v1/events/demo/report").await).unwrap();
    assert_eq!(report.presenters, 5);
    assert_eq!(report.sheets, 15 + 15 + 15 + 12 + 15);

    // j15: 85.5, 80, 100, no sheet for 城阳区, 80; dropped as the highest (by judge id
    // among equals) for 市南区, 西海岸新区 and 莱西市.
    let j15 = report.judges.iter().find(|j| j.judge == "j15").unwrap();
    assert_eq!(j15.spread.count, 4);
    assert_eq!(j15.spread.mean, Some(86.375));
    assert_eq!(j15.spread.max.unwrap().to_string(), "100");
    assert_eq!(j15.dropped_highest, 3);
    assert!(
        j15.mean_deviation.unwrap() > 0.0,
        "more generous than the panel"
    );
    let j13 = report.judges.iter().find(|j| j.judge == "j13").unwrap();
    assert_eq!(j13.dropped_lowest, 1, "78 for 胶州市");

    // The business group gave 胶州市 86.17 on average against the panel's 87.33.
    let business = report
        .groups
        .iter()
        .find(|g| g.group == "business")
        .unwrap();
    assert_eq!(business.by_presenter[0].presenter, "jiaozhou");
    assert_eq!(business.by_presenter[0].mean, 86.1667);
    assert_eq!(business.by_presenter[0].deviation, -1.1667);

    // Means by position: 87.33, 80, 81.33, 76.67, 80: the fitted line falls 1.8 a place.
    let positions: Vec<(u32, &str)> = report
        .drift
        .points
        .iter()
        .map(|p| (p.position, p.presenter.as_str()))
        .collect();
    assert_eq!(
        positions,
        [
            (1, "jiaozhou"),
            (2, "shinan"),
            (3, "xihaian"),
            (4, "chengyang"),
            (5, "laixi")
        ]
    );
    assert_eq!(report.drift.slope, Some(-1.8));
    assert_eq!(report.drift.intercept, Some(86.4667));
    assert!(report.drift.correlation.unwrap() < -0.5);
}

#[tokio::test]
async fn the_next_quarter_speaks_in_this_rankings_order_and_shows_each_rank_change() {
    let room = Room::scripted().await;
    let next = |body: Value| room.call("POST", "/api/v1/events/demo/next", Some(body));
    let (status, body) = next(json!({"id": "q3", "title": "第三季度述职考评"})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "not_finished");
    let (status, body) = next(json!({"id": "Q 3", "title": "x", "force": true})).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["fields"][0]["field"], "id");
    let (status, body) = next(json!({"id": "q3", "title": "  ", "force": true})).await;
    assert_eq!(status, 400, "a title is needed: {body}");
    let (status, body) = next(json!({"id": "demo", "title": "again", "force": true})).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "event_exists");

    let (status, made) =
        next(json!({"id": "q3", "name": "第三季度述职考评", "date": "2026-10-08", "force": true}))
            .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["previous_event"], "demo");
    let order: Vec<(&str, Value)> = made["presenters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["last_rank"].clone()))
        .collect();
    assert_eq!(
        order,
        [
            ("jiaozhou", json!(1)),
            ("xihaian", json!(2)),
            ("shinan", json!(3)),
            ("laixi", json!(3)),
            ("chengyang", json!(5)),
            ("laoshan", Value::Null),
            ("licang", Value::Null),
            ("pingdu", Value::Null),
            ("jimo", Value::Null),
            ("shibei", Value::Null),
        ],
        "by place; the shared 3rd keeps this quarter's speaking order; unrevealed last"
    );
    let (status, _) = next(json!({"id": "q3", "title": "again", "force": true})).await;
    assert_eq!(status, 409);

    // Same groups, judges and criteria, with new working links.
    let old = judge_tokens(&room.http, &room.server, "demo").await;
    let new = judge_tokens(&room.http, &room.server, "q3").await;
    assert_eq!(new.len(), 15);
    assert!(new.iter().all(|(_, t)| old.iter().all(|(_, o)| o != t)));
    let (_, me) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/me",
        Some(&new[0].1),
        None,
    )
    .await;
    assert_eq!(me["event"], "q3");
    let (status, state) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/q3/state",
        Some(&new[0].1),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(state["event"]["presenters"][1]["id"], "xihaian");
    assert_eq!(state["event"]["criteria"].as_array().unwrap().len(), 3);
    let (_, show) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/q3/show",
        None,
        None,
    )
    .await;
    assert_eq!(show["order"][3]["id"], "laixi");

    // Scored and revealed, the new quarter's results show the change since the last one.
    for (presenter, total) in [("laixi", 9000), ("jiaozhou", 8500)] {
        for (n, (_, token)) in new.iter().enumerate() {
            let op = json!({"op_id": uuid(5000 + n as u64 + if presenter == "laixi" { 0 } else { 100 }),
                            "presenter": presenter, "rev": 1, "values": values(total), "submitted": true});
            let (status, _) = call(
                &room.http,
                &room.server,
                "POST",
                "/api/v1/events/q3/sync",
                Some(token),
                Some(json!({"device": DEV_A, "ops": [op]})),
            )
            .await;
            assert_eq!(status, 200);
        }
        let (status, _) = room
            .call(
                "POST",
                &format!("/api/v1/events/q3/presenters/{presenter}/reveal"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 200);
    }
    let review: Review =
        serde_json::from_value(room.get("/api/v1/events/q3/results/full").await).unwrap();
    assert_eq!(review.event.previous_event.as_deref(), Some("demo"));
    let changes: Vec<(&str, Option<u32>, Option<i64>)> = review
        .places
        .iter()
        .map(|p| (p.id.as_str(), p.previous_rank, p.rank_change))
        .collect();
    assert_eq!(
        changes,
        [("laixi", Some(3), Some(2)), ("jiaozhou", Some(1), Some(-1))]
    );
    let (_, public) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/q3/results",
        None,
        None,
    )
    .await;
    assert_eq!(public["presenters"][0]["rank_change"], 2);
    let (_, ranking) = call(
        &room.http,
        &room.server,
        "GET",
        "/api/v1/events/q3/ranking",
        None,
        None,
    )
    .await;
    assert_eq!(ranking["event"]["previous_event"], "demo");

    let demo_log = room
        .get("/api/v1/events/demo/audit?kind=host&action=next_quarter")
        .await;
    assert_eq!(demo_log["audit"][0]["detail"]["event"], "q3");
    let q3_log = room.get("/api/v1/events/q3/audit?kind=host").await;
    assert_eq!(q3_log["audit"][0]["action"], "created_from");
    assert_eq!(q3_log["audit"][0]["detail"]["previous_event"], "demo");
}
