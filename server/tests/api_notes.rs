//! The judges' written points (意见建议) over real HTTP: kept with the sheet an op carries
//! (rules 4 and 5 as for its values), cleaned and bounded, kept for a late op, returned in
//! the judge's own `state`, listed for the host by `GET …/notes`, and never public.

use crate::common;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";
/// What every note of these tests carries, to look for in what others read.
const MARK: &str = "zq7note";

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// An op of a sheet not submitted, with `note` as given (none: no field at all).
fn op(n: u64, presenter: &str, rev: u64, note: Option<Value>) -> Value {
    let mut op = json!({"op_id": uuid(n), "presenter": presenter, "rev": rev,
                        "values": {"results": 36.5}, "submitted": false});
    if let Some(note) = note {
        op["note"] = note;
    }
    op
}

struct Judges {
    room: Room,
    tokens: Vec<(String, String)>,
}

impl Judges {
    async fn open() -> Judges {
        let room = Room::open();
        let tokens = judge_tokens(&room.http, &room.server, "demo").await;
        Judges { room, tokens }
    }

    fn token(&self, judge: &str) -> &str {
        &self.tokens.iter().find(|(j, _)| j == judge).unwrap().1
    }

    /// A sync as `judge` from `device`: each op's outcome, and its error code if any.
    async fn sync(&self, judge: &str, device: &str, ops: Value) -> Vec<(String, String)> {
        let (status, body) = self
            .room
            .send(
                Method::POST,
                "/api/v1/events/demo/sync",
                Some(self.token(judge)),
                Some(json!({"device": device, "ops": ops})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let outcome = r["outcome"].as_str().unwrap().to_string();
                let code = r["error"]["code"].as_str().unwrap_or_default().to_string();
                (outcome, code)
            })
            .collect()
    }

    /// The note of `judge`'s sheet for `presenter` in the judge's own `state`.
    async fn state_note(&self, judge: &str, presenter: &str) -> Value {
        let (status, state) = self
            .room
            .send(
                Method::GET,
                "/api/v1/events/demo/state",
                Some(self.token(judge)),
                None,
            )
            .await;
        assert_eq!(status, 200, "{state}");
        assert!(
            state["sheets"].get(presenter).is_some(),
            "{judge} has a sheet for {presenter}"
        );
        state["sheets"][presenter]
            .get("note")
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// The host's list of notes.
    async fn notes(&self) -> Vec<Value> {
        let (status, body) = self
            .room
            .host(Method::GET, "/api/v1/events/demo/notes", None)
            .await;
        assert_eq!(status, 200, "{body}");
        body["notes"].as_array().unwrap().clone()
    }

    async fn reveal(&self, presenter: &str) {
        let (status, body) = self
            .room
            .host(
                Method::POST,
                &format!("/api/v1/events/demo/presenters/{presenter}/reveal"),
                Some(json!({"force": true})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// The text of any answer, JSON or not.
    async fn text(&self, path: &str, token: Option<&str>) -> String {
        let mut req = self.room.http.get(self.room.server.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.text().await.unwrap()
    }
}

fn applied() -> (String, String) {
    ("applied".into(), String::new())
}

#[tokio::test]
async fn a_note_is_kept_with_its_sheet_and_returned_in_the_judges_own_state() {
    let j = Judges::open().await;
    let note = format!("  建议{MARK}多听群众意见\r\n第二条：加快进度  ");
    let results = j
        .sync(
            "j01",
            DEV_A,
            json!([op(1, "jiaozhou", 1, Some(json!(note)))]),
        )
        .await;
    assert_eq!(results, [applied()]);
    let kept = format!("建议{MARK}多听群众意见\n第二条：加快进度");
    assert_eq!(j.state_note("j01", "jiaozhou").await, kept.as_str());

    // Another judge's state never carries it; that judge's own sheet has none.
    j.sync("j02", DEV_B, json!([op(2, "jiaozhou", 1, None)]))
        .await;
    assert_eq!(j.state_note("j02", "jiaozhou").await, Value::Null);
    let (_, j02_state) = j
        .room
        .send(
            Method::GET,
            "/api/v1/events/demo/state",
            Some(j.token("j02")),
            None,
        )
        .await;
    assert!(!j02_state.to_string().contains(MARK), "{j02_state}");

    // An empty note (after trimming) is none.
    j.sync(
        "j03",
        DEV_A,
        json!([op(3, "jiaozhou", 1, Some(json!(" \n\u{3000} ")))]),
    )
    .await;
    assert_eq!(j.state_note("j03", "jiaozhou").await, Value::Null);

    let notes = j.notes().await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["text"], kept.as_str());
    assert_eq!(notes[0]["judge"], "j01");
    assert_eq!(notes[0]["judge_name"], "军创企业代表甲");
    assert_eq!(notes[0]["group"], "business");
    assert_eq!(notes[0]["group_name"], "军创企业");
    assert_eq!(notes[0]["presenter"], "jiaozhou");
    assert_eq!(notes[0]["presenter_name"], "胶州市退役军人事务局");
    assert!(!notes[0]["at"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn a_note_goes_with_its_sheet_superseded_or_replaced() {
    let j = Judges::open().await;
    assert_eq!(
        j.sync(
            "j01",
            DEV_A,
            json!([op(1, "shinan", 2, Some(json!("甲方意见")))])
        )
        .await,
        [applied()]
    );
    // An older version from another device is superseded, its note with it.
    let results = j
        .sync(
            "j01",
            DEV_B,
            json!([op(2, "shinan", 1, Some(json!("乙方意见")))]),
        )
        .await;
    assert_eq!(results, [("superseded".into(), String::new())]);
    assert_eq!(j.state_note("j01", "shinan").await, "甲方意见");
    assert_eq!(j.notes().await[0]["text"], "甲方意见");

    // A newer sheet with another note replaces it; one without a note takes it away.
    j.sync(
        "j01",
        DEV_B,
        json!([op(3, "shinan", 3, Some(json!("改过的意见")))]),
    )
    .await;
    assert_eq!(j.state_note("j01", "shinan").await, "改过的意见");
    assert_eq!(j.notes().await[0]["text"], "改过的意见");
    assert_eq!(
        j.sync("j01", DEV_A, json!([op(4, "shinan", 4, None)]))
            .await,
        [applied()]
    );
    assert_eq!(j.state_note("j01", "shinan").await, Value::Null);
    assert!(j.notes().await.is_empty());
}

#[tokio::test]
async fn a_note_too_long_rejects_its_op_alone_in_the_batch() {
    let j = Judges::open().await;
    let most = "议".repeat(200);
    let too_long = "议".repeat(201);
    let results = j
        .sync(
            "j01",
            DEV_A,
            json!([
                op(1, "jiaozhou", 1, Some(json!(format!("  {most}  ")))),
                op(2, "shinan", 1, Some(json!(too_long))),
                op(3, "xihaian", 1, Some(json!(42))),
                op(4, "chengyang", 1, Some(json!("好"))),
            ]),
        )
        .await;
    assert_eq!(
        results,
        [
            applied(),
            ("rejected".into(), "note_too_long".into()),
            ("rejected".into(), "invalid_note".into()),
            applied(),
        ]
    );
    assert_eq!(j.state_note("j01", "jiaozhou").await, most.as_str());
    assert_eq!(j.state_note("j01", "chengyang").await, "好");
    let (_, state) = j
        .room
        .send(
            Method::GET,
            "/api/v1/events/demo/state",
            Some(j.token("j01")),
            None,
        )
        .await;
    assert!(state["sheets"].get("shinan").is_none(), "{state}");
    assert!(state["sheets"].get("xihaian").is_none(), "{state}");

    // Sent again, the rejected op replays its rejection.
    let again = j
        .sync("j01", DEV_A, json!([op(2, "shinan", 1, Some(json!("短")))]))
        .await;
    assert_eq!(again, [("rejected".into(), "note_too_long".into())]);
}

#[tokio::test]
async fn control_characters_in_a_note_are_stripped_not_refused() {
    let j = Judges::open().await;
    let sent = "建议\u{0}加强\u{7}\u{1b}[0m\u{7f}值守\u{202e}\t夜间";
    let results = j
        .sync(
            "j01",
            DEV_A,
            json!([op(1, "jiaozhou", 1, Some(json!(sent)))]),
        )
        .await;
    assert_eq!(results, [applied()]);
    assert_eq!(
        j.state_note("j01", "jiaozhou").await,
        "建议加强[0m值守 夜间"
    );
    // Nothing but control characters is no note at all; the scores still count.
    let results = j
        .sync(
            "j01",
            DEV_A,
            json!([op(2, "jiaozhou", 2, Some(json!("\u{0}\u{1}\u{2}")))]),
        )
        .await;
    assert_eq!(results, [applied()]);
    assert_eq!(j.state_note("j01", "jiaozhou").await, Value::Null);
}

#[tokio::test]
async fn a_late_ops_note_is_kept_with_the_late_op_and_reaches_the_host() {
    let mut j = Judges::open().await;
    j.sync(
        "j01",
        DEV_A,
        json!([op(1, "jiaozhou", 1, Some(json!("会前的意见")))]),
    )
    .await;
    j.reveal("jiaozhou").await;
    let results = j
        .sync(
            "j01",
            DEV_A,
            json!([op(2, "jiaozhou", 2, Some(json!("会后补写的意见")))]),
        )
        .await;
    assert_eq!(results, [("late".into(), String::new())]);
    // A late op without a note erases nothing: it changes no sheet.
    let results = j
        .sync("j01", DEV_A, json!([op(3, "jiaozhou", 3, None)]))
        .await;
    assert_eq!(results, [("late".into(), String::new())]);

    // The sheet keeps its own note; the late list keeps the late one, and the host's list
    // shows the latest written.
    assert_eq!(j.state_note("j01", "jiaozhou").await, "会前的意见");
    let (status, late) = j
        .room
        .host(Method::GET, "/api/v1/events/demo/late", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(late["late"].as_array().unwrap().len(), 2, "{late}");
    // The console's card of each late sheet shows the point written with it.
    let late_note = |op_id: &str| {
        late["late"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["op_id"] == op_id)
            .map(|l| l.get("note").cloned())
    };
    assert_eq!(
        late_note(&uuid(2)),
        Some(Some(json!("会后补写的意见"))),
        "{late}"
    );
    assert_eq!(late_note(&uuid(3)), Some(None), "{late}");
    let notes = j.notes().await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["text"], "会后补写的意见");

    // Both are kept on disk: a restart reads them back, and the backup carries them.
    j.room.server.restart();
    let notes = j.notes().await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["text"], "会后补写的意见");
    assert_eq!(j.state_note("j01", "jiaozhou").await, "会前的意见");
    let backup = j.text("/api/v1/events/demo/backup", Some(HOST_TOKEN)).await;
    assert!(
        backup.contains("会后补写的意见"),
        "the backup keeps the late note"
    );
}

#[tokio::test]
async fn notes_are_never_in_results_the_screen_the_stream_or_the_exports() {
    let j = Judges::open().await;
    let mut stream = j
        .room
        .http
        .get(j.room.server.url("/api/v1/events/demo/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let full = json!({"results": 40, "defence": 25, "satisfaction": 18});
    for (n, judge) in ["j01", "j04", "j07", "j10", "j13"].into_iter().enumerate() {
        let mut op = op(
            n as u64 + 1,
            "jiaozhou",
            1,
            Some(json!(format!("{MARK} 的意见"))),
        );
        op["values"] = full.clone();
        op["submitted"] = json!(true);
        assert_eq!(j.sync(judge, DEV_A, json!([op])).await, [applied()]);
    }
    j.reveal("jiaozhou").await;
    assert_eq!(j.notes().await.len(), 5);

    // The stream, up to the reveal's results.
    let mut seen = String::new();
    while !seen.contains("event: results") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), stream.chunk())
            .await
            .expect("the reveal reaches the stream in time")
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(!seen.contains(MARK), "the stream: {seen}");

    for path in [
        "/api/v1/events/demo/results",
        "/api/v1/events/demo/show",
        "/api/v1/events/demo/ranking",
    ] {
        let text = j.text(path, None).await;
        assert!(text.contains("jiaozhou"), "{path} answers about the reveal");
        assert!(!text.contains(MARK), "{path}: {text}");
    }
    for path in [
        "/api/v1/events/demo/results/full",
        "/api/v1/events/demo/progress",
        "/api/v1/events/demo/export/results.csv",
        "/api/v1/events/demo/export/sheets.csv",
    ] {
        let text = j.text(path, Some(HOST_TOKEN)).await;
        assert!(!text.contains(MARK), "{path}: {text}");
    }
}

#[tokio::test]
async fn the_hosts_list_is_in_speaking_order_then_judge() {
    let j = Judges::open().await;
    let (_, show) = j
        .room
        .host(Method::GET, "/api/v1/events/demo/show", None)
        .await;
    let order: Vec<String> = show["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let (first, second) = (order[0].as_str(), order[1].as_str());
    // Sent against the order: the later presenter first, the later judge first.
    j.sync(
        "j07",
        DEV_A,
        json!([op(1, second, 1, Some(json!("丙对二")))]),
    )
    .await;
    j.sync(
        "j02",
        DEV_A,
        json!([op(2, second, 1, Some(json!("乙对二")))]),
    )
    .await;
    j.sync(
        "j05",
        DEV_A,
        json!([op(3, first, 1, Some(json!("甲对一")))]),
    )
    .await;
    j.sync("j01", DEV_A, json!([op(4, first, 1, None)])).await;
    let notes = j.notes().await;
    let seen: Vec<(&str, &str, &str)> = notes
        .iter()
        .map(|n| {
            (
                n["presenter"].as_str().unwrap(),
                n["judge"].as_str().unwrap(),
                n["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (first, "j05", "甲对一"),
            (second, "j02", "乙对二"),
            (second, "j07", "丙对二"),
        ]
    );
    assert_eq!(notes[0]["group_name"], "最美退役军人");
}

#[tokio::test]
async fn only_the_host_reads_the_notes() {
    let j = Judges::open().await;
    j.sync(
        "j01",
        DEV_A,
        json!([op(1, "jiaozhou", 1, Some(json!("意见")))]),
    )
    .await;
    let path = "/api/v1/events/demo/notes";
    let (status, body) = j.room.send(Method::GET, path, None, None).await;
    assert_eq!(status, 401, "{body}");
    assert!(body["error"]["code"].is_string(), "{body}");
    let (status, body) = j
        .room
        .send(Method::GET, path, Some(j.token("j01")), None)
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body["error"]["code"].is_string(), "{body}");
    let (status, _) = j
        .room
        .host(Method::GET, "/api/v1/events/nope/notes", None)
        .await;
    assert_eq!(status, 404);
}
