//! A scripted demo event for the results, audit and backup tests: five presenters scored
//! and revealed, with every outcome an op can get, a forced reveal, an amendment that
//! counts late sheets, a tie settled by a tie-break and a shared place.
//!
//! Finals, best first: 胶州市 87.40 (docs/scoring.md's example), 西海岸新区 80 (ahead of
//! 市南区 by the untrimmed mean), 市南区 and 莱西市 80 (shared 3rd), 城阳区 77 (forced at
//! 75 with no supervisor, amended with two late supervisors' sheets).

use super::{judge_tokens, Server, HOST_TOKEN};
use serde_json::{json, Value};

pub const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
pub const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";
pub const AMEND_REASON: &str = "两位社会监督员的手机在亮分时断网";

/// 胶州市's totals by judge j01…j15, from docs/scoring.md.
pub const JIAOZHOU: [i64; 15] = [
    8650, 8800, 8400, 9000, 9150, 8900, 8500, 8750, 8600, 9200, 9550, 8850, 7800, 8300, 8550,
];

pub fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A sheet of the demo rubric with this total, filled in criterion order.
pub fn values(total_hundredths: i64) -> Value {
    let results = total_hundredths.min(5000);
    let defence = (total_hundredths - results).min(3000);
    let satisfaction = total_hundredths - results - defence;
    let n = |h: i64| json!(h as f64 / 100.0);
    json!({"results": n(results), "defence": n(defence), "satisfaction": n(satisfaction)})
}

/// An op as the script sent it, with what the server answered.
#[derive(Clone, Debug)]
pub struct Sent {
    pub op_id: String,
    pub judge: String,
    pub presenter: String,
    pub device: String,
    pub outcome: String,
    pub server_seq: u64,
    pub receipt: Option<String>,
}

pub struct Script {
    pub sent: Vec<Sent>,
    /// The late ops the amendment counted.
    pub amended_with: Vec<String>,
    /// The late op no amendment counted.
    pub late_uncounted: String,
}

pub async fn call(
    http: &reqwest::Client,
    server: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let url = server.url(path);
    let mut req = match method {
        "POST" => http.post(url),
        "PUT" => http.put(url),
        "DELETE" => http.delete(url),
        _ => http.get(url),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub async fn host(http: &reqwest::Client, server: &Server, path: &str) -> Value {
    let (status, body) = call(http, server, "GET", path, Some(HOST_TOKEN), None).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

struct Run<'a> {
    http: &'a reqwest::Client,
    server: &'a Server,
    tokens: Vec<(String, String)>,
    next_op: u64,
    sent: Vec<Sent>,
}

impl Run<'_> {
    fn judge(n: usize) -> String {
        format!("j{n:02}")
    }

    async fn sync(
        &mut self,
        judge: usize,
        device: &str,
        presenter: &str,
        rev: u64,
        values: Value,
        submitted: bool,
    ) -> Sent {
        self.next_op += 1;
        let op_id = uuid(self.next_op);
        let token = &self.tokens[judge - 1].1;
        let op = json!({"op_id": op_id, "presenter": presenter, "rev": rev, "values": values,
                        "submitted": submitted,
                        "client_time": format!("2026-07-06T14:{:02}:00+08:00", self.next_op % 60)});
        let (status, body) = call(
            self.http,
            self.server,
            "POST",
            "/api/v1/events/demo/sync",
            Some(token),
            Some(json!({"device": device, "ops": [op]})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let r = &body["results"][0];
        let sent = Sent {
            op_id,
            judge: Self::judge(judge),
            presenter: presenter.into(),
            device: device.into(),
            outcome: r["outcome"].as_str().unwrap().into(),
            server_seq: r["server_seq"].as_u64().unwrap(),
            receipt: r["receipt"].as_str().map(str::to_string),
        };
        self.sent.push(sent.clone());
        sent
    }

    /// Every judge in `judges` submits this total for the presenter.
    async fn everyone(
        &mut self,
        presenter: &str,
        judges: std::ops::RangeInclusive<usize>,
        total: impl Fn(usize) -> i64,
    ) {
        for j in judges {
            let s = self
                .sync(j, DEV_A, presenter, 1, values(total(j)), true)
                .await;
            assert_eq!(s.outcome, "applied", "{s:?}");
        }
    }

    async fn host_move(&self, action: &str) {
        let (status, body) = call(
            self.http,
            self.server,
            "POST",
            "/api/v1/events/demo/show",
            Some(HOST_TOKEN),
            Some(json!({"action": action})),
        )
        .await;
        assert_eq!(status, 200, "{action}: {body}");
    }

    async fn reveal(&self, presenter: &str, force: bool) -> (u16, Value) {
        call(
            self.http,
            self.server,
            "POST",
            &format!("/api/v1/events/demo/presenters/{presenter}/reveal"),
            Some(HOST_TOKEN),
            Some(json!({"force": force})),
        )
        .await
    }
}

/// Runs the script against a fresh demo server.
pub async fn run_script(http: &reqwest::Client, server: &Server) -> Script {
    let tokens = judge_tokens(http, server, "demo").await;
    let mut run = Run {
        http,
        server,
        tokens,
        next_op: 0,
        sent: Vec::new(),
    };

    run.host_move("start_report").await;
    run.host_move("start_defence").await;
    run.host_move("open_scoring").await;
    // j01 saves a draft, then submits; j02's second phone sends an older rev (superseded);
    // j03 first sends a value off the step (rejected); j04's phone sends its op twice.
    let draft = json!({"results": 40, "defence": null, "satisfaction": null});
    assert_eq!(
        run.sync(1, DEV_A, "jiaozhou", 1, draft, false)
            .await
            .outcome,
        "applied"
    );
    assert_eq!(
        run.sync(1, DEV_A, "jiaozhou", 2, values(JIAOZHOU[0]), true)
            .await
            .outcome,
        "applied"
    );
    assert_eq!(
        run.sync(2, DEV_A, "jiaozhou", 2, values(JIAOZHOU[1]), true)
            .await
            .outcome,
        "applied"
    );
    assert_eq!(
        run.sync(2, DEV_B, "jiaozhou", 1, values(7000), true)
            .await
            .outcome,
        "superseded"
    );
    let off_step = json!({"results": 40.25, "defence": 30, "satisfaction": 14});
    assert_eq!(
        run.sync(3, DEV_A, "jiaozhou", 1, off_step, true)
            .await
            .outcome,
        "rejected"
    );
    run.everyone("jiaozhou", 3..=15, |j| JIAOZHOU[j - 1]).await;
    let j04 = run.sent.iter().find(|s| s.judge == "j04").unwrap().clone();
    let (_, replay) = call(
        http,
        server,
        "POST",
        "/api/v1/events/demo/sync",
        Some(&run.tokens[3].1),
        Some(
            json!({"device": DEV_A, "ops": [{"op_id": j04.op_id, "presenter": "jiaozhou", "rev": 1,
                     "values": values(JIAOZHOU[3]), "submitted": true}]}),
        ),
    )
    .await;
    assert_eq!(replay["results"][0]["server_seq"], j04.server_seq);
    let (status, body) = run.reveal("jiaozhou", false).await;
    assert_eq!((status, &body["final"]), (200, &json!(87.4)), "{body}");
    // j05 changes their mind after the reveal: late, and never counted.
    let late = run.sync(5, DEV_A, "jiaozhou", 2, values(9500), true).await;
    assert_eq!(late.outcome, "late");

    run.host_move("next").await;
    run.host_move("start_report").await;
    run.host_move("undo").await;
    run.host_move("start_report").await;
    run.host_move("open_scoring").await;
    run.everyone("shinan", 1..=15, |_| 8000).await;
    assert_eq!(run.reveal("shinan", false).await.0, 200);

    run.host_move("next").await;
    run.everyone("xihaian", 1..=15, |j| if j == 15 { 10000 } else { 8000 })
        .await;
    assert_eq!(run.reveal("xihaian", false).await.0, 200);

    run.host_move("next").await;
    run.everyone("chengyang", 1..=10, |_| 7500).await;
    let (status, body) = run.reveal("chengyang", false).await;
    assert_eq!(status, 409, "no supervisor yet: {body}");
    let (status, body) = run.reveal("chengyang", true).await;
    assert_eq!((status, &body["final"]), (200, &json!(75)), "{body}");
    let l13 = run
        .sync(13, DEV_A, "chengyang", 1, values(8500), true)
        .await;
    let l14 = run
        .sync(14, DEV_A, "chengyang", 1, values(8500), true)
        .await;
    assert_eq!(
        (l13.outcome.as_str(), l14.outcome.as_str()),
        ("late", "late")
    );
    let amended_with = vec![l13.op_id.clone(), l14.op_id.clone()];
    let (status, body) = call(
        http,
        server,
        "POST",
        "/api/v1/events/demo/presenters/chengyang/amend",
        Some(HOST_TOKEN),
        Some(json!({"reason": AMEND_REASON, "include_late": amended_with})),
    )
    .await;
    assert_eq!((status, &body["final"]), (200, &json!(77)), "{body}");

    run.host_move("next").await;
    run.everyone("laixi", 1..=15, |_| 8000).await;
    assert_eq!(run.reveal("laixi", false).await.0, 200);

    let (status, body) = call(
        http,
        server,
        "POST",
        "/api/v1/events/demo/judges/j07/reissue",
        Some(HOST_TOKEN),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    Script {
        sent: run.sent,
        amended_with,
        late_uncounted: late.op_id,
    }
}

/// The host actions the script leaves in the audit log, in order (after the demo seed).
pub const HOST_ACTIONS: [&str; 19] = [
    "import_event",
    "start_report",
    "start_defence",
    "open_scoring",
    "reveal",
    "next",
    "start_report",
    "undo",
    "start_report",
    "open_scoring",
    "reveal",
    "next",
    "reveal",
    "next",
    "forced_reveal",
    "amend",
    "next",
    "reveal",
    "reissue_link",
];
