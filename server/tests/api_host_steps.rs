//! A host's steps take effect once however often they are sent, and say what they refuse in
//! a form the console can word for the host: over real HTTP against the real binary.

use crate::common;
use common::*;
use serde_json::{json, Value};

const DEVICE: &str = "00000000-0000-4000-8000-0000000000e1";

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> (u16, bool, Value);
    async fn host_call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value);
    async fn show(&self) -> Value;
    async fn sync(
        &self,
        judge: &str,
        op: u64,
        presenter: &str,
        values: Value,
        submitted: bool,
    ) -> Value;
    async fn first_presenter_scored(&self, judges: &[&str]) -> String;
}

impl Asks for Room {
    /// A call with a token, a JSON body and, if given, an idempotency key: the status,
    /// whether the answer was a replay, and the body.
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> (u16, bool, Value) {
        let url = self.server.url(path);
        let mut req = match method {
            "POST" => self.http.post(url),
            _ => self.http.get(url),
        }
        .bearer_auth(token);
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let replay = res.headers().get("idempotent-replay").is_some();
        (status, replay, res.json().await.unwrap_or(Value::Null))
    }

    async fn host_call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let (status, _, body) = self.call(method, path, HOST_TOKEN, body, None).await;
        (status, body)
    }

    async fn show(&self) -> Value {
        self.host_call("GET", "/api/v1/events/demo/show", None)
            .await
            .1
    }

    async fn sync(
        &self,
        judge: &str,
        op: u64,
        presenter: &str,
        values: Value,
        submitted: bool,
    ) -> Value {
        let token = judge_token(&self.http, &self.server, "demo", judge).await;
        let body = json!({"device": DEVICE, "ops": [{
            "op_id": format!("00000000-0000-4000-8000-{op:012x}"), "presenter": presenter,
            "rev": op, "values": values, "submitted": submitted}]});
        let (status, _, answer) = self
            .call("POST", "/api/v1/events/demo/sync", &token, Some(body), None)
            .await;
        assert_eq!(status, 200, "{answer}");
        answer["results"][0].clone()
    }

    /// Calls the first presenter, opens scoring and has `judges` submit the same sheet.
    async fn first_presenter_scored(&self, judges: &[&str]) -> String {
        let first = self.show().await["order"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        for action in ["start_report", "start_defence", "open_scoring"] {
            let (status, _) = self
                .host_call(
                    "POST",
                    "/api/v1/events/demo/show",
                    Some(json!({"action": action})),
                )
                .await;
            assert_eq!(status, 200);
        }
        for (i, judge) in judges.iter().enumerate() {
            let values = json!({"results": 40, "defence": 25, "satisfaction": 18});
            self.sync(judge, 100 + i as u64, &first, values, true).await;
        }
        first
    }
}

const LATE_VALUES: fn() -> Value = || json!({"results": 30, "defence": 20, "satisfaction": 10});

#[tokio::test]
async fn a_repeated_show_move_with_its_key_is_answered_once_and_moves_once() {
    let room = Room::open();
    let path = "/api/v1/events/demo/show";
    let start = Some(json!({"action": "start_report"}));
    let (first, replay, answer) = room
        .call("POST", path, HOST_TOKEN, start.clone(), Some("step-1"))
        .await;
    assert_eq!((first, replay), (200, false));
    // The same step again, as after a lost answer: the same answer, no second move.
    let (again, replay, repeat) = room
        .call("POST", path, HOST_TOKEN, start, Some("step-1"))
        .await;
    assert_eq!((again, replay), (200, true));
    assert_eq!(repeat, answer);
    let next = Some(json!({"action": "next"}));
    for _ in 0..3 {
        let (status, _, _) = room
            .call("POST", path, HOST_TOKEN, next.clone(), Some("step-2"))
            .await;
        assert_eq!(status, 200);
    }
    let show = room.show().await;
    assert_eq!(
        show["current"]["id"], show["order"][1]["id"],
        "one 'next', not three"
    );
    let (audit_status, audit) = room
        .host_call("GET", "/api/v1/events/demo/audit?kind=host", None)
        .await;
    assert_eq!(audit_status, 200);
    let actions: Vec<&str> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| *a != "import_event")
        .collect();
    assert_eq!(actions, ["start_report", "next"]);

    // A key used for another step is refused, and the step is not taken.
    let (status, _, body) = room
        .call(
            "POST",
            path,
            HOST_TOKEN,
            Some(json!({"action": "undo"})),
            Some("step-2"),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "idempotency_key_reused");
    // A malformed key is a 400 in the contract's shape.
    let (status, _, body) = room
        .call(
            "POST",
            path,
            HOST_TOKEN,
            Some(json!({"action": "undo"})),
            Some("no spaces"),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "bad_request");
    // The key belongs to the caller: a judge's token with the host's key is not served the
    // host's answer.
    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    let (status, replay, _) = room
        .call(
            "POST",
            path,
            &token,
            Some(json!({"action": "next"})),
            Some("step-2"),
        )
        .await;
    assert_eq!((status, replay), (403, false));
}

#[tokio::test]
async fn a_move_made_on_a_stage_that_has_moved_on_is_refused() {
    let room = Room::open();
    let version = room.show().await["version"].as_u64().unwrap();
    let path = "/api/v1/events/demo/show";
    let (status, _) = room
        .host_call(
            "POST",
            path,
            Some(json!({"action": "start_report", "version": version})),
        )
        .await;
    assert_eq!(status, 200);
    // A second tap made on the same view of the stage: refused, nothing moves.
    let (status, body) = room
        .host_call(
            "POST",
            path,
            Some(json!({"action": "next", "version": version})),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "show_moved");
    let show = room.show().await;
    assert_eq!(show["current"]["id"], show["order"][0]["id"]);
    assert_eq!(show["phase"], "report");
}

#[tokio::test]
async fn a_refused_reveal_carries_the_counts_and_the_groups_by_name() {
    let room = Room::open();
    let first = room.first_presenter_scored(&["j01"]).await;
    let (status, body) = room
        .host_call(
            "POST",
            &format!("/api/v1/events/demo/presenters/{first}/reveal"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 409);
    let error = &body["error"];
    assert_eq!(error["code"], "quorum_not_met");
    assert_eq!(error["quorum"]["sheets"], 1);
    assert_eq!(error["quorum"]["min_sheets"], 10);
    let names: Vec<&str> = error["quorum"]["short_group_names"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // j01 is in the business group; the other four have no sheet yet, named as the event does.
    assert_eq!(
        names,
        ["最美退役军人", "现役军人", "优抚对象", "社会监督员"]
    );
}

#[tokio::test]
async fn a_late_sheet_is_counted_once_and_an_amendment_that_changes_nothing_is_refused() {
    let room = Room::open();
    let first = room.first_presenter_scored(&["j01", "j04"]).await;
    let reveal = format!("/api/v1/events/demo/presenters/{first}/reveal");
    let (status, _) = room
        .host_call("POST", &reveal, Some(json!({"force": true})))
        .await;
    assert_eq!(status, 200);
    let late = room.sync("j07", 200, &first, LATE_VALUES(), true).await;
    assert_eq!(late["outcome"], "late");
    let draft = room.sync("j10", 201, &first, LATE_VALUES(), false).await;
    assert_eq!(draft["outcome"], "late");

    // The late list names the judge, the group, the presenter and the criteria.
    let (_, list) = room
        .host_call("GET", "/api/v1/events/demo/late", None)
        .await;
    let entry = list["late"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["op_id"] == late["op_id"])
        .unwrap()
        .clone();
    assert_eq!(entry["judge"], "j07");
    assert!(entry["judge_name"]
        .as_str()
        .is_some_and(|n| !n.is_empty() && n != "j07"));
    assert!(entry["group_name"].as_str().is_some());
    assert_eq!(entry["presenter_name"], "胶州市退役军人事务局");
    let names: Vec<&str> = entry["named_values"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, ["工作实绩", "现场论述", "服务对象满意度"]);
    assert_eq!(entry["total"], 60);
    assert_eq!(entry["counted_in"], Value::Null);

    let amend = format!("/api/v1/events/demo/presenters/{first}/amend");
    let body = json!({"reason": "评委手机断网", "include_late": [late["op_id"]]});
    // Two taps of the same step (one key): one amendment.
    let (one, _, answer) = room
        .call(
            "POST",
            &amend,
            HOST_TOKEN,
            Some(body.clone()),
            Some("amend-1"),
        )
        .await;
    assert_eq!(one, 200, "{answer}");
    let (two, replay, again) = room
        .call(
            "POST",
            &amend,
            HOST_TOKEN,
            Some(body.clone()),
            Some("amend-1"),
        )
        .await;
    assert_eq!((two, replay), (200, true));
    assert_eq!(again, answer);
    // The same late sheet in a new step (another key, or none): refused, not counted twice.
    let (status, _, refused) = room
        .call(
            "POST",
            &amend,
            HOST_TOKEN,
            Some(body.clone()),
            Some("amend-2"),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(refused["error"]["code"], "already_counted");
    // A draft never counts.
    let (status, _, refused) = room
        .call(
            "POST",
            &amend,
            HOST_TOKEN,
            Some(json!({"reason": "x", "include_late": [draft["op_id"]]})),
            None,
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(refused["error"]["code"], "late_draft");
    let (_, full) = room
        .host_call("GET", "/api/v1/events/demo/results/full", None)
        .await;
    let amendments = full["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == first.as_str())
        .map(|p| p["amendments"].as_array().unwrap().len());
    assert_eq!(amendments, Some(1));
    let (_, list) = room
        .host_call("GET", "/api/v1/events/demo/late", None)
        .await;
    let counted = list["late"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["op_id"] == late["op_id"])
        .map(|l| l["counted_in"].clone());
    assert_eq!(counted, Some(json!(1)));

    // A second late sheet from the same judge with the same values changes nothing.
    let same = room.sync("j07", 202, &first, LATE_VALUES(), true).await;
    let (status, _, refused) = room
        .call(
            "POST",
            &amend,
            HOST_TOKEN,
            Some(json!({"reason": "又交了一次", "include_late": [same["op_id"]]})),
            None,
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "no_change");
}

#[tokio::test]
async fn the_room_sees_groups_in_the_events_order_and_every_number_with_its_decimals() {
    let room = Room::open();
    // Ten sheets, at least one from each group: the demo's quorum.
    let judges = [
        "j01", "j02", "j04", "j05", "j07", "j08", "j10", "j11", "j13", "j14",
    ];
    let first = room.first_presenter_scored(&judges).await;
    let (status, _) = room
        .host_call(
            "POST",
            &format!("/api/v1/events/demo/presenters/{first}/reveal"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200);
    let (_, ranking) = room
        .host_call("GET", "/api/v1/events/demo/ranking", None)
        .await;
    let result = &ranking["presenters"][0]["result"];
    let groups: Vec<&str> = result["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(
        groups,
        [
            "军创企业",
            "最美退役军人",
            "现役军人",
            "优抚对象",
            "社会监督员"
        ]
    );
    let mark_groups: Vec<&str> = result["marks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["group_name"].as_str())
        .collect();
    let mut in_order = mark_groups.clone();
    in_order.sort_by_key(|g| groups.iter().position(|x| x == g));
    assert_eq!(
        mark_groups, in_order,
        "marks come group by group, in the event's order"
    );
    assert_eq!(result["final"], "83.00");
    assert!(result["marks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["total_display"] == "83.00"));
}

#[tokio::test]
async fn a_device_that_has_sent_everything_shows_nothing_pending() {
    let room = Room::open();
    let token = judge_token(&room.http, &room.server, "demo", "j02").await;
    let path = format!("/api/v1/events/demo/state?device={DEVICE}&pending=0");
    let (status, _, _) = room.call("GET", &path, &token, None, None).await;
    assert_eq!(status, 200);
    let (_, grid) = room
        .host_call("GET", "/api/v1/events/demo/progress", None)
        .await;
    let device = grid["devices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["judge"] == "j02")
        .cloned()
        .unwrap();
    assert_eq!(device["pending"], 0);
}

#[tokio::test]
async fn the_audit_log_numbers_its_entries_in_one_series() {
    let room = Room::open();
    room.first_presenter_scored(&["j01", "j02"]).await;
    let (_, audit) = room
        .host_call("GET", "/api/v1/events/demo/audit", None)
        .await;
    let numbers: Vec<u64> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["n"].as_u64())
        .collect();
    let expected: Vec<u64> = (1..=numbers.len() as u64).collect();
    assert_eq!(numbers, expected);
    assert!(numbers.len() >= 6, "an import, three moves and two ops");
}
