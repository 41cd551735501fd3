//! What a judge, a stranger on the venue Wi-Fi or a host's typo can send (issue 14), over
//! real HTTP against the real binary: formula cells in the exports, overlong texts, racing
//! link reissues, wrong host sign-ins, inexact scores, overflowing and oversized configs,
//! a config replaced under a started show, the limits of what a judge can make the server
//! keep, bodies that are not objects, and refusals hyper writes by itself.

use crate::common;
use app::domain::limits::*;
use common::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

const DEV: &str = "00000000-0000-4000-8000-00000000000a";

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

struct Event {
    server: Server,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Event {
    async fn start(extra: &[&str]) -> Event {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(dir.path(), extra, Some(HOST_TOKEN));
        Event {
            server,
            http: client(),
            _dir: dir,
        }
    }

    async fn token(&self, event: &str, judge: &str) -> String {
        judge_token(&self.http, &self.server, event, judge).await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<String>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, self.server.url(path))
            .bearer_auth(token)
            .header("content-type", "application/json");
        if let Some(body) = body {
            req = req.body(body);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn post(&self, path: &str, token: &str, body: impl Into<String>) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, token, Some(body.into()))
            .await
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, HOST_TOKEN, None)
            .await
    }

    async fn bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let res = self
            .http
            .get(self.server.url(path))
            .bearer_auth(HOST_TOKEN)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
    }

    /// A sync of `ops` (JSON text, as a device would write it) from `device`.
    async fn sync(&self, event: &str, token: &str, device: &str, ops: &str) -> (u16, Value) {
        let body = format!(r#"{{"device": "{device}", "ops": [{ops}]}}"#);
        self.post(&format!("/api/v1/events/{event}/sync"), token, body)
            .await
    }

    async fn reveal(&self, event: &str, presenter: &str) -> (u16, Value) {
        let path = format!("/api/v1/events/{event}/presenters/{presenter}/reveal");
        self.post(&path, HOST_TOKEN, r#"{"force": true}"#).await
    }

    async fn import(&self, content_type: &str, body: String) -> (u16, Value) {
        let res = self
            .http
            .post(self.server.url("/api/v1/events"))
            .bearer_auth(HOST_TOKEN)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }
}

/// An op of a sheet for `presenter`, as text.
fn op(n: u64, presenter: &str, rev: u64, results: &str, extra: &str) -> String {
    format!(
        r#"{{"op_id": "{}", "presenter": "{presenter}", "rev": {rev},
            "values": {{"results": {results}, "defence": 20, "satisfaction": 10}},
            "submitted": true{extra}}}"#,
        uuid(n)
    )
}

fn outcome(body: &Value, i: usize) -> (&str, &str) {
    let r = &body["results"][i];
    (
        r["outcome"].as_str().unwrap_or_default(),
        r["error"]["code"].as_str().unwrap_or_default(),
    )
}

/// Every cell of a CSV as a spreadsheet reads it: one that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return and is not a number would run as a formula.
fn formula_cells(csv_bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8(csv_bytes.to_vec()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut formulas = Vec::new();
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            if runs && cell.parse::<f64>().is_err() {
                formulas.push(cell.to_string());
            }
        }
    }
    formulas
}

fn csv_cells(csv_bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8(csv_bytes.to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[tokio::test]
async fn csv_exports_neutralise_formula_text_and_keep_negative_numbers() {
    let e = Event::start(&[]).await;
    let mut config = app::domain::demo_event();
    config.id = app::domain::Id::parse("csv").unwrap();
    config.aggregation.quorum_min_sheets = 1;
    config.aggregation.quorum_min_per_group = 0;
    config.presenters[0].name = "=HYPERLINK(\"http://evil.example\",\"x\")".into();
    config.presenters[0].unit = "+1+cmd|' /C calc'!A0".into();
    config.criteria[0].name = "@SUM(1+1)*cmd".into();
    config.groups[0].name = "-2+3".into();
    config.judges[0].name = "\tTAB".into();
    import_event(&e.http, &e.server, &config).await;
    let token = e.token("csv", "j01").await;
    let first = config.presenters_in_order()[0].id.to_string();
    let second = config.presenters_in_order()[1].id.to_string();
    // The first of last quarter falls behind the second: a rank change of -1.
    let ops = [
        op(1, &first, 1, "10", r#", "client_time": "=1+2""#),
        op(2, &second, 1, "40", r#", "client_time": "@cmd""#),
        // A rejected op: the audit export's presenter column is the judge's text.
        op(3, "=cmd|'/C calc'!A0", 1, "10", ""),
    ]
    .join(",");
    let (status, body) = e.sync("csv", &token, DEV, &ops).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(outcome(&body, 2).0, "rejected");
    for p in [&first, &second] {
        assert_eq!(e.reveal("csv", p).await.0, 200);
    }
    for path in [
        "/api/v1/events/csv/export/results.csv",
        "/api/v1/events/csv/export/sheets.csv",
        "/api/v1/events/csv/audit?format=csv",
        "/api/v1/events/csv/export/results.csv?lang=en",
    ] {
        let (status, bytes) = e.bytes(path).await;
        assert_eq!(status, 200, "{path}");
        let formulas = formula_cells(&bytes);
        assert!(formulas.is_empty(), "{path} would run {formulas:?}");
    }
    let (_, results) = e.bytes("/api/v1/events/csv/export/results.csv").await;
    let cells = csv_cells(&results);
    assert!(
        cells.contains(&"-1".to_string()),
        "a rank change of -1 is a number: {cells:?}"
    );
    assert!(cells
        .iter()
        .any(|c| c == "'=HYPERLINK(\"http://evil.example\",\"x\")"));
    let (_, sheets) = e.bytes("/api/v1/events/csv/export/sheets.csv").await;
    assert!(csv_cells(&sheets).contains(&"'=1+2".to_string()));
    // The workbook keeps them as text, never as formulas: read back as a spreadsheet
    // reads it, every sheet has no formula at all and the host's names are strings.
    let (status, xlsx) = e.bytes("/api/v1/events/csv/export/results.xlsx").await;
    assert_eq!(status, 200);
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut texts = Vec::new();
    for name in book.sheet_names().to_vec() {
        let formulas = book.worksheet_formula(&name).unwrap();
        let written: Vec<&String> = formulas.used_cells().map(|(_, _, f)| f).collect();
        assert!(written.is_empty(), "{name} holds formulas {written:?}");
        let cells = book.worksheet_range(&name).unwrap();
        texts.extend(cells.used_cells().filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    for name in [&config.presenters[0].name, &config.presenters[0].unit] {
        assert!(
            texts.iter().any(|t| t.ends_with(name.as_str())),
            "{name} is a string cell: {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t.ends_with("=1+2")), "{texts:?}");
}

#[tokio::test]
async fn a_40000_character_device_time_is_kept_cut_and_the_workbook_still_exports() {
    let e = Event::start(&[]).await;
    let token = e.token("demo", "j01").await;
    let long = "9".repeat(40_000);
    let ops = op(
        1,
        "jiaozhou",
        1,
        "40",
        &format!(r#", "client_time": "{long}""#),
    );
    let (status, body) = e.sync("demo", &token, DEV, &ops).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        outcome(&body, 0).0,
        "applied",
        "the time is informational only"
    );
    let (status, xlsx) = e.bytes("/api/v1/events/demo/export/results.xlsx").await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&xlsx));
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let names = book.sheet_names().to_vec();
    let sheets = book.worksheet_range(&names[1]).unwrap();
    let kept: Vec<String> = sheets
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .filter(|c| c.starts_with("999"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with(CUT_MARK), "{}", kept[0]);
    assert!(kept[0].chars().count() <= MAX_KEPT_CHARS + CUT_MARK.chars().count());
    let (_, audit) = e.get("/api/v1/events/demo/audit?kind=op").await;
    let time = audit["audit"][0]["client_time"].as_str().unwrap();
    assert!(time.ends_with(CUT_MARK) && time.len() < 100, "{time}");
}

#[tokio::test]
async fn concurrent_reissues_leave_exactly_one_working_link() {
    // Each check of a token comes as another client, so the bad-token slowdown stays out.
    let e = Event::start(&["--trusted-proxy", "127.0.0.1"]).await;
    const ROUNDS: usize = 40;
    const PARALLEL: usize = 16;
    let mut client_no = 0u32;
    for round in 0..ROUNDS {
        let before = e.token("demo", "j05").await;
        let reissues =
            (0..PARALLEL).map(|_| e.post("/api/v1/events/demo/judges/j05/reissue", HOST_TOKEN, ""));
        let mut tokens = vec![before];
        for (status, body) in futures::future::join_all(reissues).await {
            assert_eq!(status, 200, "{body}");
            tokens.push(body["token"].as_str().unwrap().to_string());
        }
        let listed = e.token("demo", "j05").await;
        let mut working = Vec::new();
        for token in &tokens {
            client_no += 1;
            let res = e
                .http
                .get(e.server.url("/api/v1/events/demo/state"))
                .bearer_auth(token)
                .header(
                    "x-forwarded-for",
                    format!("10.{}.{}.1", client_no / 250, client_no % 250),
                )
                .send()
                .await
                .unwrap();
            if res.status() == 200 {
                working.push(token.clone());
            } else {
                assert_eq!(res.status(), 401);
            }
        }
        assert_eq!(
            working,
            vec![listed],
            "round {round}: only the listed link works"
        );
    }
}

#[tokio::test]
async fn repeated_wrong_host_sign_ins_are_slowed_like_the_apis_bad_tokens() {
    let e = Event::start(&[]).await;
    let check = |token: String| {
        let http = e.http.clone();
        let url = e.server.url("/_ui/host_check");
        async move {
            let start = Instant::now();
            let res = http
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("token={token}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            (res.text().await.unwrap(), start.elapsed())
        }
    };
    let wrong = (0..19).map(|i| check(format!("wrong-{i}")));
    for (answer, _) in futures::future::join_all(wrong).await {
        assert_eq!(answer, "false");
    }
    let (answer, took) = check("wrong-again".into()).await;
    assert_eq!(answer, "false");
    assert!(
        took >= Duration::from_millis(200),
        "the 20th wrong sign-in took only {took:?}"
    );
    // The API counts the same failures: the sign-in page is no way around its slowdown.
    let start = Instant::now();
    let (status, _) = e
        .send(reqwest::Method::GET, "/api/v1/me", "one-more-wrong", None)
        .await;
    assert_eq!(status, 401);
    assert!(start.elapsed() >= Duration::from_millis(200));
    let (answer, took) = check(HOST_TOKEN.into()).await;
    assert_eq!(answer, "true");
    assert!(
        took < Duration::from_secs(1),
        "the right token waited {took:?}"
    );
}

#[tokio::test]
async fn scores_not_exact_in_hundredths_are_rejected_whatever_their_length() {
    let e = Event::start(&[]).await;
    let token = e.token("demo", "j02").await;
    let zeros = format!("0.{}1", "0".repeat(400));
    let inexact = ["36.499999999999999999", zeros.as_str(), "36.505", "1e-7"];
    let ops: Vec<String> = inexact
        .iter()
        .enumerate()
        .map(|(i, v)| op(i as u64 + 1, "jiaozhou", i as u64 + 1, v, ""))
        .collect();
    let (status, body) = e.sync("demo", &token, DEV, &ops.join(",")).await;
    assert_eq!(status, 200, "{body}");
    for (i, v) in inexact.iter().enumerate() {
        assert_eq!(outcome(&body, i), ("rejected", "value_off_step"), "{v}");
    }
    // Exact ones pass, however they are written.
    let exact = ["36.50", "3650e-2", "36.5000000000000000000000000"];
    let ops: Vec<String> = exact
        .iter()
        .enumerate()
        .map(|(i, v)| op(i as u64 + 10, "shinan", i as u64 + 1, v, ""))
        .collect();
    let (_, body) = e.sync("demo", &token, DEV, &ops.join(",")).await;
    for (i, v) in exact.iter().enumerate() {
        assert_eq!(outcome(&body, i).0, "applied", "{v}");
    }
    let (_, state) = e
        .send(
            reqwest::Method::GET,
            "/api/v1/events/demo/state",
            &token,
            None,
        )
        .await;
    assert_eq!(state["sheets"]["shinan"]["values"]["results"], json!(36.5));
    assert!(
        state["sheets"].get("jiaozhou").is_none(),
        "nothing inexact was kept"
    );
}

#[tokio::test]
async fn configs_that_overflow_are_refused_with_the_field_named() {
    let e = Event::start(&[]).await;
    let demo = app::domain::DEMO_TOML.replace("id = \"demo\"", "id = \"overflow\"");
    let phase = demo.replace("report = \"10:00\"", "report = \"71582789:00\"");
    let (status, body) = e.import("application/toml", phase).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "invalid_config");
    assert!(
        body["error"]["fields"][0]["field"]
            .as_str()
            .unwrap()
            .contains("report"),
        "{body}"
    );
    let trims = demo
        .replace("trim_high = 1", "trim_high = 4294967295")
        .replace("trim_low = 1", "trim_low = 2");
    let (status, body) = e.import("application/toml", trims).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "aggregation.trim_high");
    let (status, _) = e
        .send(
            reqwest::Method::GET,
            "/api/v1/events/overflow/config",
            HOST_TOKEN,
            None,
        )
        .await;
    assert_eq!(status, 404, "nothing was stored");
}

#[tokio::test]
async fn a_config_cannot_be_replaced_once_the_host_has_moved_the_show() {
    let e = Event::start(&[]).await;
    let (status, _) = e
        .post(
            "/api/v1/events/demo/show",
            HOST_TOKEN,
            r#"{"action": "start_report"}"#,
        )
        .await;
    assert_eq!(status, 200);
    let mut swapped = app::domain::demo_event();
    swapped.presenters[0].id = app::domain::Id::parse("newcomer").unwrap();
    let res = e
        .http
        .put(e.server.url("/api/v1/events/demo/config"))
        .bearer_auth(HOST_TOKEN)
        .json(&swapped)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "event_started", "{body}");
    let (_, show) = e.get("/api/v1/events/demo/show").await;
    assert_eq!(show["current"]["id"], "jiaozhou", "the show is as it was");
    let (_, config) = e.get("/api/v1/events/demo/state?judge=j01").await;
    assert!(config["event"]["presenters"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != "newcomer"));
}

#[tokio::test]
async fn a_config_past_a_limit_is_refused_field_by_field_and_nothing_stored() {
    let e = Event::start(&[]).await;
    let demo = app::domain::demo_event();
    let with = |edit: &dyn Fn(&mut app::domain::EventConfig)| {
        let mut c = demo.clone();
        c.id = app::domain::Id::parse("big").unwrap();
        edit(&mut c);
        serde_json::to_string(&c).unwrap()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with(&|c| {
                let p = c.presenters[0].clone();
                c.presenters = (0..=MAX_PRESENTERS)
                    .map(|i| app::domain::event::Presenter {
                        id: app::domain::Id::parse(&format!("p{i}")).unwrap(),
                        order: None,
                        last_rank: None,
                        ..p.clone()
                    })
                    .collect();
                c.judges.iter_mut().for_each(|j| j.recused.clear());
            }),
            "presenters",
        ),
        (
            with(&|c| {
                let j = c.judges[0].clone();
                c.judges = (0..=MAX_JUDGES)
                    .map(|i| app::domain::event::Judge {
                        id: app::domain::Id::parse(&format!("j{i}")).unwrap(),
                        ..j.clone()
                    })
                    .collect();
            }),
            "judges",
        ),
        (
            with(&|c| {
                let k = c.criteria[0].clone();
                c.criteria = (0..=MAX_CRITERIA)
                    .map(|i| app::domain::event::Criterion {
                        id: app::domain::Id::parse(&format!("c{i}")).unwrap(),
                        ..k.clone()
                    })
                    .collect();
            }),
            "criteria",
        ),
        (
            with(&|c| c.title = "标".repeat(MAX_TITLE_CHARS + 1)),
            "title",
        ),
        (
            with(&|c| c.presenters[2].summary = Some("x".repeat(MAX_PROSE_CHARS + 1))),
            "presenters[2].summary",
        ),
    ];
    for (config, field) in cases {
        let (status, body) = e.import("application/json", config).await;
        assert_eq!(status, 400, "{field}: {body}");
        let fields: Vec<&str> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&field), "{field}: {fields:?}");
    }
    let (_, events) = e.get("/api/v1/events").await;
    assert_eq!(events["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_judge_past_the_device_late_and_op_limits_is_refused() {
    let e = Event::start(&[]).await;
    let token = e.token("demo", "j03").await;
    // Devices: the eleventh is refused, and writes nothing.
    for d in 0..MAX_DEVICES_PER_JUDGE as u64 {
        let device = format!("00000000-0000-4000-8001-{d:012x}");
        let (status, _) = e
            .sync(
                "demo",
                &token,
                &device,
                &op(100 + d, "laixi", d + 1, "30", ""),
            )
            .await;
        assert_eq!(status, 200);
    }
    let extra = "00000000-0000-4000-8001-0000000000ff";
    let (status, body) = e
        .sync("demo", &token, extra, &op(200, "laixi", 99, "30", ""))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("too_many_devices")),
        "{body}"
    );
    let (_, state) = e
        .send(
            reqwest::Method::GET,
            "/api/v1/events/demo/state",
            &token,
            None,
        )
        .await;
    assert_eq!(
        state["sheets"]["laixi"]["rev"],
        MAX_DEVICES_PER_JUDGE as u64
    );

    // Late ops: kept up to the limit, then rejected.
    assert_eq!(e.reveal("demo", "shibei").await.0, 200);
    let late: Vec<String> = (0..=MAX_LATE_PER_JUDGE as u64)
        .map(|i| op(1000 + i, "shibei", i + 1, "30", ""))
        .collect();
    let (status, body) = e.sync("demo", &token, DEV_ONE, &late.join(",")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(outcome(&body, MAX_LATE_PER_JUDGE - 1).0, "late");
    assert_eq!(
        outcome(&body, MAX_LATE_PER_JUDGE),
        ("rejected", "too_many_late")
    );
    let (_, listed) = e.get("/api/v1/events/demo/late").await;
    assert_eq!(listed["late"].as_array().unwrap().len(), MAX_LATE_PER_JUDGE);

    // Ops: no new one past the limit, whatever it is; replays still answer.
    let mut n = 10_000u64;
    let mut recorded = MAX_DEVICES_PER_JUDGE + MAX_LATE_PER_JUDGE + 1;
    while recorded < MAX_OPS_PER_JUDGE {
        let batch = (MAX_OPS_PER_JUDGE - recorded).min(500);
        let ops: Vec<String> = (0..batch as u64)
            .map(|i| op(n + i, "nobody", 1, "1", ""))
            .collect();
        let (status, body) = e.sync("demo", &token, DEV_ONE, &ops.join(",")).await;
        assert_eq!(status, 200, "{body}");
        n += batch as u64;
        recorded += batch;
    }
    let (status, body) = e
        .sync("demo", &token, DEV_ONE, &op(n, "laoshan", 1, "30", ""))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("too_many_ops")),
        "{body}"
    );
    let (status, body) = e
        .sync("demo", &token, DEV_ONE, &op(n - 1, "nobody", 1, "1", ""))
        .await;
    assert_eq!(
        (status, outcome(&body, 0).0),
        (200, "rejected"),
        "a replay is answered"
    );
}

const DEV_ONE: &str = "00000000-0000-4000-8001-000000000000";

#[tokio::test]
async fn a_rejected_op_keeps_only_a_bounded_trace_of_what_it_carried() {
    let e = Event::start(&[]).await;
    let token = e.token("demo", "j04").await;
    let junk = "j".repeat(100 * 1024);
    let values: String = (0..50)
        .map(|i| format!(r#""k{i}{}": "{}""#, &junk[..1000], &junk[..1000]))
        .collect::<Vec<_>>()
        .join(",");
    let ops = format!(
        r#"{{"op_id": "{}", "presenter": "{junk}", "rev": 1, "values": {{{values}}}, "client_time": "{}"}}"#,
        uuid(1),
        &junk[..20_000]
    );
    let (status, body) = e.sync("demo", &token, DEV, &ops).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(outcome(&body, 0), ("rejected", "unknown_presenter"));
    assert!(
        body.to_string().len() < 1024,
        "the answer repeats little of it"
    );
    let (_, audit) = e.get("/api/v1/events/demo/audit?kind=op").await;
    let entry = audit["audit"][0].to_string();
    assert!(
        entry.len() < 8 * 1024,
        "{} bytes kept of ~170 KB",
        entry.len()
    );
    // A field an op does not have is no op: the whole request is refused.
    let unknown = format!(
        r#"{{"op_id": "{}", "presenter": "jiaozhou", "rev": 1, "junk": "{junk}"}}"#,
        uuid(2)
    );
    let (status, body) = e.sync("demo", &token, DEV, &unknown).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    // An amendment's reason is bounded too.
    assert_eq!(e.reveal("demo", "jiaozhou").await.0, 200);
    let reason = "r".repeat(MAX_REASON_CHARS + 1);
    let (status, _) = e
        .post(
            "/api/v1/events/demo/presenters/jiaozhou/amend",
            HOST_TOKEN,
            json!({"reason": reason, "include_late": ["x"]}).to_string(),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn request_bodies_must_be_json_objects_with_known_fields() {
    let e = Event::start(&[]).await;
    let reveal = "/api/v1/events/demo/presenters/jiaozhou/reveal";
    for body in [
        "[true]",
        "[]",
        "true",
        r#"{"forse": true}"#,
        r#"{"force": "yes"}"#,
    ] {
        let (status, answer) = e.post(reveal, HOST_TOKEN, body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_request", "{body}");
    }
    let (_, results) = e.get("/api/v1/events/demo/results").await;
    assert_eq!(results["presenters"], json!([]), "nothing was revealed");
    let show = "/api/v1/events/demo/show";
    for body in [
        r#"["start_report"]"#,
        r#"{"action": "start_report", "x": 1}"#,
    ] {
        let (status, answer) = e.post(show, HOST_TOKEN, body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (400, Some("bad_request")),
            "{body}"
        );
    }
    let token = e.token("demo", "j01").await;
    for body in [
        format!(r#"["{DEV}", []]"#),
        format!(r#"{{"device": "{DEV}", "ops": [], "extra": 1}}"#),
    ] {
        let (status, answer) = e
            .post("/api/v1/events/demo/sync", &token, body.clone())
            .await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (400, Some("bad_request")),
            "{body}"
        );
    }
    let amend = "/api/v1/events/demo/presenters/jiaozhou/amend";
    let (status, _) = e.post(amend, HOST_TOKEN, r#"["why", ["x"]]"#).await;
    assert_eq!(status, 400);
    let (status, _) = e
        .post("/api/v1/events/demo/next", HOST_TOKEN, r#"["q4"]"#)
        .await;
    assert_eq!(status, 400);
    let (status, _) = e.post(reveal, HOST_TOKEN, "{}").await;
    assert_eq!(
        status, 409,
        "{{}} is still a reveal body (short of quorum here)"
    );
}

/// Sends raw bytes and reads the whole answer until the server closes.
fn raw_exchange(server: &Server, request: &[u8]) -> String {
    let addr = server.base.trim_start_matches("http://");
    let mut socket = std::net::TcpStream::connect(addr).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before it has read all of it.
    let _ = socket.write_all(request);
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn json_error(answer: &str) -> (u16, Value) {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {answer:.300}"));
    (status, body)
}

#[tokio::test]
async fn a_too_long_address_and_unreadable_requests_get_the_contracts_json_error() {
    let e = Event::start(&[]).await;
    for (query, who) in [(100 * 1024, "hyper"), (20 * 1024, "the limits")] {
        let request = format!(
            "GET /api/v1/events/demo/results?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
            "a".repeat(query)
        );
        let (status, body) = json_error(&raw_exchange(&e.server, request.as_bytes()));
        assert_eq!(status, 414, "{who}");
        assert_eq!(body["error"]["code"], "uri_too_long", "{who}");
        assert!(body["error"]["message"].as_str().is_some());
    }
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(500 * 1024)
    );
    let (status, body) = json_error(&raw_exchange(&e.server, huge_header.as_bytes()));
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (431, Some("headers_too_large"))
    );
    let (status, body) = json_error(&raw_exchange(
        &e.server,
        b"GE T / HTTP/1.1\r\nHost: x\r\n\r\n",
    ));
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    // An ordinary answer is untouched, and the server answers on.
    let (status, _) = e.get("/api/v1/events/demo/results").await;
    assert_eq!(status, 200);
}

/// The console polls the progress view every few seconds: at the largest event a config
/// may hold, with every sheet in, it answers what it shows (one small cell per judge and
/// presenter), not a copy of the sheets.
#[tokio::test]
async fn the_progress_view_of_the_largest_event_costs_what_it_shows() {
    let e = Event::start(&[]).await;
    let mut config = app::domain::demo_event();
    config.id = app::domain::Id::parse("wide").unwrap();
    let p0 = config.presenters[0].clone();
    config.presenters = (0..MAX_PRESENTERS)
        .map(|i| app::domain::event::Presenter {
            id: app::domain::Id::parse(&format!("p{i:03}")).unwrap(),
            order: None,
            last_rank: None,
            name: format!("述职人{i:03}"),
            ..p0.clone()
        })
        .collect();
    config.judges = (0..MAX_JUDGES)
        .map(|i| app::domain::event::Judge {
            id: app::domain::Id::parse(&format!("j{i:03}")).unwrap(),
            name: format!("评委{i:03}"),
            group: config.groups[i % config.groups.len()].id.clone(),
            recused: Vec::new(),
        })
        .collect();
    import_event(&e.http, &e.server, &config).await;
    let tokens = judge_tokens(&e.http, &e.server, "wide").await;
    let mut n = 0;
    for (judge, token) in &tokens {
        let ops: Vec<String> = config
            .presenters
            .iter()
            .map(|p| {
                n += 1;
                op(n, p.id.as_str(), 1, "40", "")
            })
            .collect();
        let (status, body) = e.sync("wide", token, DEV, &ops.join(",")).await;
        assert_eq!(status, 200, "{judge}: {body}");
    }
    let res = e
        .http
        .get(e.server.url("/api/v1/events/wide/progress"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let cells = MAX_PRESENTERS * MAX_JUDGES;
    let progress: Value = serde_json::from_slice(&bytes).unwrap();
    let submitted = progress["judges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|j| j["cells"].as_object().unwrap().values())
        .filter(|c| c["state"] == "submitted")
        .count();
    assert_eq!(submitted, cells, "every sheet is in");
    assert!(
        bytes.len() <= cells * 200,
        "{} bytes for {cells} cells: {} a cell",
        bytes.len(),
        bytes.len() / cells
    );
}
