//! The run of show, the host's progress grid and previews, and the live stream, over real
//! HTTP against the real binary and a temporary sled directory.

use crate::common;
use common::*;
use serde_json::{json, Value};

const DEVICE: &str = "00000000-0000-4000-8000-0000000000d1";

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value);
    async fn host_move(&self, action: &str) -> (u16, Value);
    async fn judge_token(&self, judge: &str) -> String;
}

impl Asks for Room {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = self.server.url(path);
        let mut req = match method {
            "POST" => self.http.post(url),
            _ => self.http.get(url),
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

    async fn host_move(&self, action: &str) -> (u16, Value) {
        self.call(
            "POST",
            "/api/v1/events/demo/show",
            Some(HOST_TOKEN),
            Some(json!({"action": action})),
        )
        .await
    }

    async fn judge_token(&self, judge: &str) -> String {
        judge_token(&self.http, &self.server, "demo", judge).await
    }
}

fn full_sheet(op: u64, presenter: &str) -> Value {
    json!({"op_id": format!("00000000-0000-4000-8000-{op:012x}"), "presenter": presenter, "rev": 1,
           "values": {"results": 40, "defence": 25, "satisfaction": 18}, "submitted": true})
}

#[tokio::test]
async fn the_host_moves_through_the_phases_on_the_servers_clock_and_can_undo() {
    let room = Room::open();
    let (status, show) = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(show["started"], false);
    assert_eq!(show["current"], Value::Null);
    let first = show["order"][0]["id"].as_str().unwrap().to_string();

    let (status, show) = room.host_move("start_report").await;
    assert_eq!(status, 200, "{show}");
    assert_eq!(show["current"]["id"], first.as_str());
    assert_eq!(show["phase"], "report");
    assert_eq!(show["clock"]["limit_ms"], 600_000);
    assert!(show["clock"]["remaining_ms"].as_i64().unwrap() <= 600_000);

    // A reload (or a second host device) reads the same stage and the same start time.
    let (_, again) = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await;
    assert_eq!(again["since_ms"], show["since_ms"]);

    let (status, body) = room.host_move("start_defence").await;
    assert_eq!(status, 200);
    assert_eq!(body["phase"], "defence");
    let (status, body) = room.host_move("undo").await;
    assert_eq!(status, 200);
    assert_eq!(body["phase"], "report");
    assert_eq!(body["since_ms"], show["since_ms"]);

    let (status, body) = room.host_move("start_report").await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "wrong_phase");
    let (status, body) = room
        .call(
            "POST",
            "/api/v1/events/demo/show",
            Some(HOST_TOKEN),
            Some(json!({"action": "reorder", "order": []})),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "already_started");
    let (status, _) = room
        .call(
            "POST",
            "/api/v1/events/demo/show",
            Some(HOST_TOKEN),
            Some(json!({"action": "dance"})),
        )
        .await;
    assert_eq!(status, 400);

    let judge = room.judge_token("j01").await;
    let (status, _) = room
        .call(
            "POST",
            "/api/v1/events/demo/show",
            Some(&judge),
            Some(json!({"action": "next"})),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn progress_counts_sheets_and_devices_and_a_preview_locks_nothing() {
    let room = Room::open();
    room.host_move("start_report").await;
    let (_, show) = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await;
    let current = show["current"]["id"].as_str().unwrap().to_string();
    assert_eq!(show["progress"]["submitted"], 0);
    assert_eq!(show["progress"]["eligible"], 15);

    let token = room.judge_token("j01").await;
    let (status, _) = room
        .call(
            "POST",
            "/api/v1/events/demo/sync",
            Some(&token),
            Some(json!({"device": DEVICE, "pending": 2, "ops": [full_sheet(1, &current)]})),
        )
        .await;
    assert_eq!(status, 200);

    let (_, show) = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await;
    assert_eq!(show["progress"]["submitted"], 1);
    assert_eq!(show["progress"]["quorum"]["met"], false);
    assert!(
        show.to_string().find("\"results\":40").is_none(),
        "no score before the reveal"
    );

    let (status, grid) = room
        .call(
            "GET",
            "/api/v1/events/demo/progress",
            Some(HOST_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let j01 = grid["judges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "j01")
        .unwrap();
    assert_eq!(j01["cells"][&current]["state"], "submitted");
    assert!(j01["cells"][&current]["synced_at"].is_string());
    let device = &grid["devices"][0];
    assert_eq!(device["device"], DEVICE);
    assert_eq!(device["judge"], "j01");
    assert_eq!(device["pending"], 2);
    let (status, _) = room
        .call("GET", "/api/v1/events/demo/progress", Some(&token), None)
        .await;
    assert_eq!(status, 403);

    let (status, preview) = room
        .call(
            "GET",
            &format!("/api/v1/events/demo/presenters/{current}/preview"),
            Some(HOST_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(preview["final"], 83);
    let (_, results) = room
        .call("GET", "/api/v1/events/demo/results", None, None)
        .await;
    assert_eq!(
        results["presenters"],
        json!([]),
        "a preview reveals nothing"
    );
}

/// Reads server-sent events until `want` of the kind named have arrived.
async fn read_events(res: &mut reqwest::Response, kind: &str, want: usize) -> Vec<Value> {
    let mut text = String::new();
    let mut found = Vec::new();
    while found.len() < want {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), res.chunk())
            .await
            .expect("an event arrives in time")
            .unwrap()
            .expect("the stream stays open");
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let is_kind = block.lines().any(|l| l == format!("event: {kind}"));
            if let (true, Some(data)) = (
                is_kind,
                block.lines().find_map(|l| l.strip_prefix("data: ")),
            ) {
                found.push(serde_json::from_str(data).unwrap());
            }
        }
    }
    found
}

#[tokio::test]
async fn the_stream_sends_the_stage_at_once_then_each_move_and_reveal() {
    let room = Room::open();
    let mut res = room
        .http
        .get(room.server.url("/api/v1/events/demo/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let first = read_events(&mut res, "show", 1).await;
    assert_eq!(first[0]["started"], false);

    room.host_move("start_report").await;
    let next = read_events(&mut res, "show", 1).await;
    assert_eq!(next[0]["phase"], "report");
    let presenter = next[0]["current"]["id"].as_str().unwrap().to_string();

    let (status, _) = room
        .call(
            "POST",
            &format!("/api/v1/events/demo/presenters/{presenter}/reveal"),
            Some(HOST_TOKEN),
            Some(json!({"force": true})),
        )
        .await;
    assert_eq!(status, 200);
    let results = read_events(&mut res, "results", 1).await;
    assert_eq!(results[0]["latest"], presenter.as_str());
    assert_eq!(results[0]["presenters"][0]["id"], presenter.as_str());

    // The pages read these with the app's own wire types; the polling fallback matches.
    let view: app::domain::wire::ResultsView = serde_json::from_value(results[0].clone()).unwrap();
    assert_eq!(view.presenters[0].rank, 1);
    let (_, ranking) = room
        .call("GET", "/api/v1/events/demo/ranking", None, None)
        .await;
    assert_eq!(ranking, results[0]);
    let (_, show) = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await;
    let show: app::domain::wire::ShowView = serde_json::from_value(show).unwrap();
    assert_eq!(show.phase, "revealed");
    assert!(show.order.iter().any(|p| p.id == presenter && p.revealed));

    // The reveal is in the audit of the stage, and it cannot be undone.
    let (status, body) = room.host_move("undo").await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = room
        .call("GET", "/api/v1/events/nope/stream", None, None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_revealed_result_is_amended_only_with_a_reason_and_the_results_say_so() {
    let room = Room::open();
    room.host_move("start_report").await;
    let (_, show) = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await;
    let p = show["current"]["id"].as_str().unwrap().to_string();
    let a = room.judge_token("j01").await;
    let b = room.judge_token("j02").await;
    room.call(
        "POST",
        "/api/v1/events/demo/sync",
        Some(&a),
        Some(json!({"device": DEVICE, "ops": [full_sheet(1, &p)]})),
    )
    .await;
    let (status, lock) = room
        .call(
            "POST",
            &format!("/api/v1/events/demo/presenters/{p}/reveal"),
            Some(HOST_TOKEN),
            Some(json!({"force": true})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(lock["final"], 83);

    // Judge two's sheet arrives after the reveal: kept, not counted.
    let late_op = json!({"op_id": "00000000-0000-4000-8000-0000000000f2", "presenter": p, "rev": 1,
                         "values": {"results": 50, "defence": 30, "satisfaction": 19}, "submitted": true});
    let (_, synced) = room
        .call(
            "POST",
            "/api/v1/events/demo/sync",
            Some(&b),
            Some(json!({"device": DEVICE, "ops": [late_op]})),
        )
        .await;
    assert_eq!(synced["results"][0]["outcome"], "late");

    let amend = format!("/api/v1/events/demo/presenters/{p}/amend");
    let (status, body) = room
        .call(
            "POST",
            &amend,
            Some(HOST_TOKEN),
            Some(json!({"reason": "  ", "include_late": ["00000000-0000-4000-8000-0000000000f2"]})),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = room
        .call("POST", &amend, Some(HOST_TOKEN), Some(json!({"reason": "Wi-Fi failed", "include_late": ["00000000-0000-4000-8000-000000000bad"]})))
        .await;
    assert_eq!(status, 400);
    let (status, _) = room
        .call(
            "POST",
            &amend,
            Some(&a),
            Some(json!({"reason": "x", "include_late": []})),
        )
        .await;
    assert_eq!(status, 403);
    let (_, results) = room
        .call("GET", "/api/v1/events/demo/results", None, None)
        .await;
    assert_eq!(results["presenters"][0]["final"], 83, "nothing changed yet");
    assert!(results["presenters"][0].get("amended").is_none());

    let (status, amended) = room
        .call("POST", &amend, Some(HOST_TOKEN),
              Some(json!({"reason": "Judge two's phone lost Wi-Fi during the reveal", "include_late": ["00000000-0000-4000-8000-0000000000f2"]})))
        .await;
    assert_eq!(status, 200, "{amended}");
    assert_eq!(amended["previous_final"], 83);
    assert_eq!(amended["final"], 91);

    let (_, results) = room
        .call("GET", "/api/v1/events/demo/results", None, None)
        .await;
    let r = &results["presenters"][0];
    assert_eq!(r["final"], 91);
    assert_eq!(r["amended"], true);
    assert_ne!(r["result_hash"], lock["result_hash"]);
    assert_eq!(
        r["amendments"][0]["reason"],
        "Judge two's phone lost Wi-Fi during the reveal"
    );
    let (_, ranking) = room
        .call("GET", "/api/v1/events/demo/ranking", None, None)
        .await;
    assert_eq!(ranking["presenters"][0]["amended"], true);

    let (_, audit) = room
        .call(
            "GET",
            "/api/v1/events/demo/audit?kind=host",
            Some(HOST_TOKEN),
            None,
        )
        .await;
    let actions: Vec<&str> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["import_event", "start_report", "forced_reveal", "amend"],
        "the demo seed, then the host's actions"
    );

    let other = room
        .call("GET", "/api/v1/events/demo/show", None, None)
        .await
        .1["order"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = room
        .call(
            "POST",
            &format!("/api/v1/events/demo/presenters/{other}/amend"),
            Some(HOST_TOKEN),
            Some(json!({"reason": "x", "include_late": ["00000000-0000-4000-8000-0000000000f2"]})),
        )
        .await;
    assert_eq!(status, 409, "{body}");
}

#[tokio::test]
async fn the_host_prints_every_judges_qr_code_and_can_reissue_one_link() {
    let room = Room::open();
    let (status, cards) = room
        .call(
            "GET",
            "/api/v1/events/demo/judge-cards",
            Some(HOST_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let cards = cards["judges"].as_array().unwrap();
    assert_eq!(cards.len(), 15);
    assert!(
        cards[0]["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || cards[0]["qr_svg"].as_str().unwrap().contains("<svg")
    );
    assert!(cards[0]["join_url"].as_str().unwrap().contains("/j/"));

    let old = room.judge_token("j03").await;
    let (status, fresh) = room
        .call(
            "POST",
            "/api/v1/events/demo/judges/j03/reissue",
            Some(HOST_TOKEN),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200);
    let new = fresh["token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    let (status, _) = room
        .call("GET", "/api/v1/events/demo/state", Some(&old), None)
        .await;
    assert_eq!(status, 401, "the old link no longer works");
    let (status, _) = room
        .call("GET", "/api/v1/events/demo/state", Some(&new), None)
        .await;
    assert_eq!(status, 200);
    let (status, _) = room
        .call(
            "POST",
            "/api/v1/events/demo/judges/j03/reissue",
            Some(&new),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 403);
    let (_, audit) = room
        .call(
            "GET",
            "/api/v1/events/demo/audit?kind=host&action=reissue_link",
            Some(HOST_TOKEN),
            None,
        )
        .await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["audit"][0]["detail"]["judge"], "j03");
    assert_eq!(audit["audit"][0]["judge"], "j03");
}
