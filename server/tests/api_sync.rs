//! The contract's sync, state, reveal, results and late endpoints over real HTTP against
//! the real binary and a temporary sled directory.

use crate::common;
use common::*;
use serde_json::{json, Value};

const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";

struct Event {
    server: Server,
    http: reqwest::Client,
    tokens: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

impl Event {
    async fn start() -> Event {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
        let http = client();
        let tokens = judge_tokens(&http, &server, "demo").await;
        Event {
            server,
            http,
            tokens,
            _dir: dir,
        }
    }

    fn token(&self, judge: &str) -> &str {
        &self.tokens.iter().find(|(j, _)| j == judge).unwrap().1
    }

    async fn sync_raw(&self, token: &str, body: String) -> reqwest::Response {
        self.http
            .post(self.server.url("/api/v1/events/demo/sync"))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    async fn sync(&self, judge: &str, device: &str, ops: Value) -> Vec<Value> {
        let res = self
            .sync_raw(
                self.token(judge),
                json!({"device": device, "ops": ops}).to_string(),
            )
            .await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        body["results"].as_array().unwrap().clone()
    }

    async fn state(&self, judge: &str) -> Value {
        let res = self
            .http
            .get(self.server.url("/api/v1/events/demo/state"))
            .bearer_auth(self.token(judge))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    async fn reveal(&self, presenter: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.server.url(&format!(
                "/api/v1/events/demo/presenters/{presenter}/reveal"
            )))
            .bearer_auth(HOST_TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

fn full(op_id: &str, presenter: &str, rev: u64, results: f64) -> Value {
    json!({"op_id": op_id, "presenter": presenter, "rev": rev,
           "values": {"results": results, "defence": 25, "satisfaction": 15}, "submitted": true,
           "client_time": "2026-07-06T14:00:00+08:00"})
}

fn outcomes(results: &[Value]) -> Vec<&str> {
    results
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn replay_returns_the_recorded_result_whatever_the_op_carries_now() {
    let ev = Event::start().await;
    let first = ev
        .sync("j01", DEV_A, json!([full(&uuid(1), "jiaozhou", 1, 40.0)]))
        .await;
    assert_eq!(outcomes(&first), ["applied"]);
    // Same op_id, different content, even from another device: the recorded result again.
    let again = ev
        .sync("j01", DEV_B, json!([full(&uuid(1), "jiaozhou", 9, 10.0)]))
        .await;
    assert_eq!(again, first);
    let state = ev.state("j01").await;
    assert_eq!(state["sheets"]["jiaozhou"]["values"]["results"], 40);
    assert_eq!(state["sheets"]["jiaozhou"]["rev"], 1);
}

#[tokio::test]
async fn a_batch_sent_twice_or_reordered_converges() {
    let ev = Event::start().await;
    let ops = json!([
        full(&uuid(1), "jiaozhou", 1, 30.0),
        full(&uuid(2), "jiaozhou", 2, 35.0),
        full(&uuid(3), "shinan", 1, 20.0)
    ]);
    let first = ev.sync("j02", DEV_A, ops.clone()).await;
    assert_eq!(outcomes(&first), ["applied", "applied", "applied"]);
    let second = ev.sync("j02", DEV_A, ops).await;
    assert_eq!(first, second, "a batch sent twice changes nothing");
    // Another judge sends the same content in reverse order: rev 2 first, so rev 1 is superseded.
    let reversed = json!([
        full(&uuid(12), "jiaozhou", 2, 35.0),
        full(&uuid(11), "jiaozhou", 1, 30.0)
    ]);
    assert_eq!(
        outcomes(&ev.sync("j03", DEV_A, reversed).await),
        ["applied", "superseded"]
    );
    assert_eq!(
        ev.state("j02").await["sheets"]["jiaozhou"]["values"],
        ev.state("j03").await["sheets"]["jiaozhou"]["values"]
    );
}

#[tokio::test]
async fn two_devices_of_one_judge_converge_whatever_the_arrival_order() {
    let ev = Event::start().await;
    // Both devices edit at rev 3; the greater device UUID (DEV_B) wins in either order.
    let a = full(&uuid(1), "xihaian", 3, 41.0);
    let b = full(&uuid(2), "xihaian", 3, 44.0);
    assert_eq!(
        outcomes(&ev.sync("j04", DEV_A, json!([a.clone()])).await),
        ["applied"]
    );
    assert_eq!(
        outcomes(&ev.sync("j04", DEV_B, json!([b.clone()])).await),
        ["applied"]
    );
    assert_eq!(
        outcomes(
            &ev.sync("j05", DEV_B, json!([full(&uuid(3), "xihaian", 3, 44.0)]))
                .await
        ),
        ["applied"]
    );
    assert_eq!(
        outcomes(
            &ev.sync("j05", DEV_A, json!([full(&uuid(4), "xihaian", 3, 41.0)]))
                .await
        ),
        ["superseded"]
    );
    let s4 = ev.state("j04").await;
    let s5 = ev.state("j05").await;
    assert_eq!(s4["sheets"]["xihaian"]["values"]["results"], 44);
    assert_eq!(s5["sheets"]["xihaian"]["values"]["results"], 44);
    assert_eq!(s4["sheets"]["xihaian"]["device"], DEV_B);
    // A later rev from the losing device wins again.
    assert_eq!(
        outcomes(
            &ev.sync("j04", DEV_A, json!([full(&uuid(5), "xihaian", 4, 39.5)]))
                .await
        ),
        ["applied"]
    );
}

#[tokio::test]
async fn each_rejection_is_alone_and_names_its_reason() {
    let ev = Event::start().await;
    let mut bad_value = full(&uuid(2), "jiaozhou", 1, 50.5);
    bad_value["values"]["results"] = json!(50.5);
    let ops = json!([
        {"op_id": uuid(1), "presenter": "nobody", "rev": 1, "values": {}, "submitted": false},
        bad_value,
        {"op_id": uuid(3), "presenter": "jiaozhou", "rev": 1, "values": {"results": 36.25}, "submitted": false},
        {"op_id": uuid(4), "presenter": "jiaozhou", "rev": 1, "values": {"charm": 1}, "submitted": false},
        {"op_id": uuid(5), "presenter": "jiaozhou", "rev": 0, "values": {}, "submitted": false},
        {"op_id": uuid(6), "presenter": "jiaozhou", "rev": 1, "values": {"results": 40, "defence": null}, "submitted": true},
        full(&uuid(7), "shinan", 1, 40.0),
    ]);
    let results = ev.sync("j06", DEV_A, ops).await;
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["error"]["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        codes,
        [
            "unknown_presenter",
            "value_out_of_range",
            "value_off_step",
            "unknown_criterion",
            "invalid_rev",
            "incomplete_submission",
            "-"
        ]
    );
    assert_eq!(
        outcomes(&results)[6],
        "applied",
        "the rest of the batch goes on"
    );
    assert!(results[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("nobody"));
    let seqs: Vec<u64> = results
        .iter()
        .map(|r| r["server_seq"].as_u64().unwrap())
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "every op is recorded in order: {seqs:?}"
    );
}

#[tokio::test]
async fn an_unknown_token_cannot_sync() {
    let ev = Event::start().await;
    let res = ev
        .sync_raw(
            "not-a-token",
            json!({"device": DEV_A, "ops": []}).to_string(),
        )
        .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn status_codes_and_json_errors_of_the_contract() {
    let ev = Event::start().await;
    let t = ev.token("j01").to_string();
    let check = |res: reqwest::Response, status: u16| async move {
        assert_eq!(res.status(), status);
        let body: Value = res.json().await.unwrap();
        assert!(
            body["error"]["code"]
                .as_str()
                .is_some_and(|c| !c.is_empty()),
            "{body}"
        );
        assert!(body["error"]["message"].as_str().is_some(), "{body}");
        body
    };
    // Malformed JSON, a bad device, an op without op_id, an op_id that is no UUID: 400.
    let malformed = [
        "{not json".to_string(),
        json!({"device": "nope", "ops": []}).to_string(),
        json!({"device": DEV_A, "ops": [{"presenter": "jiaozhou", "rev": 1}]}).to_string(),
        json!({"device": DEV_A, "ops": [{"op_id": "123", "rev": 1}]}).to_string(),
        json!({"device": DEV_A, "ops": [7]}).to_string(),
    ];
    for body in malformed {
        check(ev.sync_raw(&t, body).await, 400).await;
    }
    let many: Vec<Value> = (0..501)
        .map(|i| full(&uuid(i), "jiaozhou", 1, 30.0))
        .collect();
    check(
        ev.sync_raw(&t, json!({"device": DEV_A, "ops": many}).to_string())
            .await,
        413,
    )
    .await;
    let padding = "x".repeat(300 * 1024);
    check(
        ev.sync_raw(
            &t,
            json!({"device": DEV_A, "ops": [], "pad": padding}).to_string(),
        )
        .await,
        413,
    )
    .await;
    let no_auth = ev
        .http
        .get(ev.server.url("/api/v1/events/demo/state"))
        .send()
        .await
        .unwrap();
    check(no_auth, 401).await;
    let judge_as_host = ev
        .http
        .get(ev.server.url("/api/v1/events/demo/late"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    check(judge_as_host, 403).await;
    let judge_reveals = ev
        .http
        .post(
            ev.server
                .url("/api/v1/events/demo/presenters/jiaozhou/reveal"),
        )
        .bearer_auth(&t)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    check(judge_reveals, 403).await;
    let unknown_event = ev
        .http
        .get(ev.server.url("/api/v1/events/nope/state"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    check(unknown_event, 404).await;
    check(ev.reveal("nobody", json!({})).await, 404).await;
    // Nothing of the refused requests was written.
    assert_eq!(ev.state("j01").await["sheets"], json!({}));
}

#[tokio::test]
async fn reveal_needs_quorum_or_force_and_locks_the_result() {
    let ev = Event::start().await;
    for (i, j) in ["j01", "j04", "j07", "j10"].iter().enumerate() {
        ev.sync(
            j,
            DEV_A,
            json!([full(&uuid(i as u64 + 1), "jiaozhou", 1, 40.0 + i as f64)]),
        )
        .await;
    }
    let refused = ev.reveal("jiaozhou", json!({})).await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "quorum_not_met");
    assert_eq!(
        ev.http
            .get(ev.server.url("/api/v1/events/demo/results"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["presenters"],
        json!([])
    );
    // Still open: another sheet is applied, not late.
    assert_eq!(
        outcomes(
            &ev.sync("j13", DEV_A, json!([full(&uuid(20), "jiaozhou", 1, 33.0)]))
                .await
        ),
        ["applied"]
    );

    let forced = ev.reveal("jiaozhou", json!({"force": true})).await;
    assert_eq!(forced.status(), 200);
    let lock: Value = forced.json().await.unwrap();
    assert_eq!(lock["presenter"], "jiaozhou");
    assert_eq!(lock["rank"], 1);
    assert_eq!(lock["forced"], true);
    assert_eq!(lock["result_hash"].as_str().unwrap().len(), 64);
    assert_eq!(lock["result"]["marks"].as_array().unwrap().len(), 5);
    // Five sheets, so the highest (43) and lowest (33) are dropped; groups 40, 41, 42 remain.
    assert_eq!(lock["final"], 81);

    let again: Value = ev.reveal("jiaozhou", json!({})).await.json().await.unwrap();
    assert_eq!(again, lock, "a second reveal returns the same body");

    // After the reveal, a new op is late: kept for the host, not counted.
    let late = ev
        .sync("j02", DEV_A, json!([full(&uuid(30), "jiaozhou", 1, 49.0)]))
        .await;
    assert_eq!(outcomes(&late), ["late"]);
    let list: Value = ev
        .http
        .get(ev.server.url("/api/v1/events/demo/late"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["late"][0]["op_id"], uuid(30));
    assert_eq!(list["late"][0]["judge"], "j02");
    assert_eq!(list["late"][0]["values"]["results"], 49);
    let results: Value = ev
        .http
        .get(ev.server.url("/api/v1/events/demo/results"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(results["presenters"][0]["id"], "jiaozhou");
    assert_eq!(results["presenters"][0]["counted"], 5);
    assert_eq!(results["presenters"][0]["result_hash"], lock["result_hash"]);
    assert_eq!(results["presenters"][0]["final"], lock["final"]);
    let state = ev.state("j02").await;
    assert_eq!(
        state["locks"]["jiaozhou"]["result_hash"],
        lock["result_hash"]
    );
    assert!(
        state["sheets"].get("jiaozhou").is_none(),
        "the late op changed no sheet"
    );
}

impl Event {
    async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let req = self.http.get(self.server.url(path));
        let req = match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        req.send().await.unwrap()
    }

    async fn post(&self, path: &str, token: Option<&str>, body: String) -> reqwest::Response {
        let req = self
            .http
            .post(self.server.url(path))
            .header("content-type", "application/json")
            .body(body);
        let req = match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        req.send().await.unwrap()
    }

    /// Imports the demo contest again as `id`, with `j01` recused from `jiaozhou`.
    async fn import_second_event(&self, id: &str) -> Vec<(String, String)> {
        let mut config = app::domain::demo_event();
        config.id = app::domain::Id::parse(id).unwrap();
        config.judges[0].recused = vec![app::domain::Id::parse("jiaozhou").unwrap()];
        import_event(&self.http, &self.server, &config).await;
        judge_tokens(&self.http, &self.server, id).await
    }

    async fn results(&self) -> Value {
        let res = self.get("/api/v1/events/demo/results", None).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }
}

fn seq(result: &Value) -> u64 {
    result["server_seq"].as_u64().unwrap()
}

#[tokio::test]
async fn two_tabs_of_one_device_sending_at_once_end_on_the_later_sheet() {
    let ev = Event::start().await;
    for round in 0..6u64 {
        // One tab sends rev n, the other rev n + 1, at the same moment, in either order.
        let (n, id) = (2 * round + 1, 100 + 2 * round);
        let (low, high) = tokio::join!(
            ev.sync("j03", DEV_A, json!([full(&uuid(id), "laixi", n, 30.0)])),
            ev.sync(
                "j03",
                DEV_A,
                json!([full(&uuid(id + 1), "laixi", n + 1, 35.5)])
            ),
        );
        let (low, high) = (&low[0], &high[0]);
        assert_eq!(high["outcome"], "applied", "the higher rev applies");
        match low["outcome"].as_str().unwrap() {
            "applied" => assert!(seq(low) < seq(high), "{low} then {high}"),
            "superseded" => assert!(seq(low) > seq(high), "{high} then {low}"),
            other => panic!("the lower rev got {other}"),
        }
        let sheet = &ev.state("j03").await["sheets"]["laixi"];
        assert_eq!(sheet["rev"], n + 1);
        assert_eq!(sheet["values"]["results"], 35.5);
    }
    // Both tabs at the same rev: equal (rev, device), so each applies and the later stands.
    let (a, b) = tokio::join!(
        ev.sync("j03", DEV_A, json!([full(&uuid(200), "laoshan", 1, 20.0)])),
        ev.sync("j03", DEV_A, json!([full(&uuid(201), "laoshan", 1, 21.0)])),
    );
    assert_eq!(outcomes(&a), ["applied"]);
    assert_eq!(outcomes(&b), ["applied"]);
    let later = if seq(&a[0]) > seq(&b[0]) { 20 } else { 21 };
    assert_eq!(
        ev.state("j03").await["sheets"]["laoshan"]["values"]["results"],
        later
    );
}

#[tokio::test]
async fn a_batch_resent_in_another_order_or_from_another_device_gets_the_recorded_results() {
    let ev = Event::start().await;
    let first = ev
        .sync(
            "j07",
            DEV_A,
            json!([
                full(&uuid(1), "jiaozhou", 1, 30.0),
                full(&uuid(2), "jiaozhou", 2, 32.0),
                full(&uuid(3), "shinan", 1, 33.0),
            ]),
        )
        .await;
    assert_eq!(outcomes(&first), ["applied", "applied", "applied"]);
    let stale = ev
        .sync("j07", DEV_A, json!([full(&uuid(4), "jiaozhou", 1, 10.0)]))
        .await;
    assert_eq!(outcomes(&stale), ["superseded"]);
    let before = ev.state("j07").await;

    // The same four ops, reversed, from the judge's other device, with other content.
    let again = ev
        .sync(
            "j07",
            DEV_B,
            json!([
                full(&uuid(4), "jiaozhou", 9, 1.0),
                full(&uuid(3), "shinan", 9, 1.0),
                full(&uuid(2), "jiaozhou", 9, 1.0),
                full(&uuid(1), "jiaozhou", 9, 1.0),
            ]),
        )
        .await;
    assert_eq!(
        again,
        [
            stale[0].clone(),
            first[2].clone(),
            first[1].clone(),
            first[0].clone()
        ]
    );
    let after = ev.state("j07").await;
    assert_eq!(after["sheets"], before["sheets"], "nothing changed");
    assert_eq!(after["server_seq"], before["server_seq"]);
    assert_eq!(after["sheets"]["jiaozhou"]["device"], DEV_A);
}

#[tokio::test]
async fn an_op_repeated_within_one_batch_is_decided_once() {
    let ev = Event::start().await;
    let results = ev
        .sync(
            "j08",
            DEV_A,
            json!([
                full(&uuid(1), "pingdu", 3, 40.0),
                full(&uuid(1), "pingdu", 4, 10.0)
            ]),
        )
        .await;
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0]["outcome"], "applied");
    let state = ev.state("j08").await;
    assert_eq!(state["sheets"]["pingdu"]["rev"], 3);
    assert_eq!(state["sheets"]["pingdu"]["values"]["results"], 40);
    assert_eq!(state["server_seq"], results[0]["server_seq"]);
}

#[tokio::test]
async fn late_ops_are_listed_once_and_never_change_a_revealed_result() {
    let ev = Event::start().await;
    ev.sync("j01", DEV_A, json!([full(&uuid(1), "jimo", 1, 40.0)]))
        .await;
    let lock: Value = ev
        .reveal("jimo", json!({"force": true}))
        .await
        .json()
        .await
        .unwrap();
    let late_op = full(&uuid(2), "jimo", 1, 49.0);
    let late = ev.sync("j02", DEV_A, json!([late_op.clone()])).await;
    assert_eq!(outcomes(&late), ["late"]);
    // Sent again, it is the same late op, not a second one.
    assert_eq!(ev.sync("j02", DEV_B, json!([late_op])).await, late);
    // A rule of the event is checked before lateness; other presenters stay open.
    let mut bad = full(&uuid(3), "jimo", 1, 40.0);
    bad["values"]["results"] = json!(60);
    let more = ev
        .sync(
            "j01",
            DEV_A,
            json!([
                bad,
                full(&uuid(4), "jimo", 2, 10.0),
                full(&uuid(5), "laixi", 1, 44.0)
            ]),
        )
        .await;
    assert_eq!(outcomes(&more), ["rejected", "late", "applied"]);
    assert_eq!(more[0]["error"]["code"], "value_out_of_range");

    let list: Value = ev
        .get("/api/v1/events/demo/late", Some(HOST_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = list["late"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["op_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [uuid(2), uuid(4)],
        "each late op once, in arrival order"
    );
    assert_eq!(list["late"][0]["judge"], "j02");
    assert_eq!(list["late"][0]["presenter"], "jimo");
    assert_eq!(list["late"][1]["values"]["results"], 10);

    let shown = &ev.results().await["presenters"][0];
    assert_eq!(shown["id"], "jimo");
    assert_eq!(shown["final"], lock["final"]);
    assert_eq!(shown["result_hash"], lock["result_hash"]);
    assert_eq!(shown["counted"], 1);
    assert_eq!(ev.state("j01").await["sheets"]["jimo"]["rev"], 1);
    let again: Value = ev.reveal("jimo", json!({})).await.json().await.unwrap();
    assert_eq!(again, lock);
}

#[tokio::test]
async fn a_recused_judge_is_rejected_for_that_presenter_only() {
    let ev = Event::start().await;
    let tokens = ev.import_second_event("panel2").await;
    let j01 = &tokens.iter().find(|(j, _)| j == "j01").unwrap().1;
    let res = ev
        .post(
            "/api/v1/events/panel2/sync",
            Some(j01),
            json!({"device": DEV_A, "ops": [
                full(&uuid(1), "jiaozhou", 1, 40.0),
                full(&uuid(2), "shinan", 1, 40.0),
            ]})
            .to_string(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(outcomes(results), ["rejected", "applied"]);
    assert_eq!(results[0]["error"]["code"], "recused");
}

#[tokio::test]
async fn a_judge_token_is_forbidden_on_host_endpoints_and_on_another_event() {
    let ev = Event::start().await;
    ev.import_second_event("panel2").await;
    let t = ev.token("j01").to_string();
    let ops = json!({"device": DEV_A, "ops": [full(&uuid(1), "jiaozhou", 1, 40.0)]}).to_string();
    for path in [
        "/api/v1/events/demo/judges",
        "/api/v1/events/demo/late",
        "/api/v1/events/panel2/judges",
        "/api/v1/events/panel2/state",
    ] {
        let res = ev.get(path, Some(&t)).await;
        assert_eq!(res.status(), 403, "GET {path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden", "GET {path}");
    }
    for (path, body) in [
        ("/api/v1/events/demo/presenters/jiaozhou/reveal", "{}"),
        ("/api/v1/events/panel2/sync", ops.as_str()),
    ] {
        let res = ev.post(path, Some(&t), body.to_string()).await;
        assert_eq!(res.status(), 403, "POST {path}");
    }
    // Nothing was revealed or written; results are for anyone.
    assert_eq!(ev.results().await["presenters"], json!([]));
    let other: Value = ev
        .get("/api/v1/events/panel2/state?judge=j01", Some(HOST_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["sheets"], json!({}));
    assert_eq!(
        ev.get("/api/v1/events/panel2/results", Some(&t))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn unknown_events_presenters_and_judges_are_404() {
    let ev = Event::start().await;
    let t = ev.token("j01").to_string();
    let empty = json!({"device": DEV_A, "ops": []}).to_string();
    let gets = [
        ("/api/v1/events/nope/judges", HOST_TOKEN),
        ("/api/v1/events/nope/state?judge=j01", HOST_TOKEN),
        ("/api/v1/events/nope/state", t.as_str()),
        ("/api/v1/events/nope/late", HOST_TOKEN),
        ("/api/v1/events/nope/results", HOST_TOKEN),
        ("/api/v1/events/demo/state?judge=nobody", HOST_TOKEN),
    ];
    for (path, token) in gets {
        let res = ev.get(path, Some(token)).await;
        assert_eq!(res.status(), 404, "GET {path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "GET {path}");
    }
    let posts = [
        ("/api/v1/events/nope/sync", t.as_str(), empty.as_str()),
        ("/api/v1/events/nope/sync?judge=j01", HOST_TOKEN, &empty),
        (
            "/api/v1/events/nope/presenters/jiaozhou/reveal",
            HOST_TOKEN,
            "{}",
        ),
        (
            "/api/v1/events/demo/presenters/nobody/reveal",
            HOST_TOKEN,
            "{}",
        ),
    ];
    for (path, token, body) in posts {
        let res = ev.post(path, Some(token), body.to_string()).await;
        assert_eq!(res.status(), 404, "POST {path}");
    }
}

#[tokio::test]
async fn a_missing_or_unknown_token_is_401_wherever_one_is_needed() {
    let ev = Event::start().await;
    let ops = json!({"device": DEV_A, "ops": [full(&uuid(1), "jiaozhou", 1, 40.0)]}).to_string();
    for token in [None, Some("0123456789abcdef0123456789abcdef")] {
        for path in [
            "/api/v1/events/demo/judges",
            "/api/v1/events/demo/state",
            "/api/v1/events/demo/late",
        ] {
            let res = ev.get(path, token).await;
            assert_eq!(res.status(), 401, "GET {path} with {token:?}");
        }
        for (path, body) in [
            ("/api/v1/events/demo/sync", ops.as_str()),
            ("/api/v1/events/demo/presenters/jiaozhou/reveal", "{}"),
        ] {
            let res = ev.post(path, token, body.to_string()).await;
            assert_eq!(res.status(), 401, "POST {path} with {token:?}");
            let body: Value = res.json().await.unwrap();
            assert!(body["error"]["code"].as_str().is_some());
        }
    }
    assert_eq!(ev.results().await["presenters"], json!([]));
    assert_eq!(
        ev.state("j01").await["server_seq"],
        0,
        "nothing was written"
    );
}

#[tokio::test]
async fn five_hundred_ops_pass_and_more_or_over_256_kib_is_413_with_nothing_written() {
    let ev = Event::start().await;
    let ops: Vec<Value> = (1..=500)
        .map(|i| full(&uuid(i), "chengyang", i, 30.0))
        .collect();
    let results = ev.sync("j09", DEV_A, json!(ops)).await;
    assert_eq!(results.len(), 500);
    assert!(results.iter().all(|r| r["outcome"] == "applied"));
    let before = ev.state("j09").await["server_seq"].clone();

    let too_many: Vec<Value> = (1001..=1501)
        .map(|i| full(&uuid(i), "chengyang", i, 20.0))
        .collect();
    let res = ev
        .sync_raw(
            ev.token("j09"),
            json!({"device": DEV_A, "ops": too_many}).to_string(),
        )
        .await;
    assert_eq!(res.status(), 413);
    let mut padded = full(&uuid(2001), "chengyang", 2001, 20.0);
    padded["client_time"] = json!("x".repeat(257 * 1024));
    let res = ev
        .sync_raw(
            ev.token("j09"),
            json!({"device": DEV_A, "ops": [padded]}).to_string(),
        )
        .await;
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");

    let state = ev.state("j09").await;
    assert_eq!(
        state["server_seq"], before,
        "no op of a refused request was recorded"
    );
    assert_eq!(state["sheets"]["chengyang"]["rev"], 500);
}

#[tokio::test]
async fn a_malformed_reveal_body_is_400_and_locks_nothing() {
    let ev = Event::start().await;
    ev.sync("j01", DEV_A, json!([full(&uuid(1), "jiaozhou", 1, 40.0)]))
        .await;
    for body in ["{not json", r#"{"force": "yes"}"#] {
        let res = ev
            .post(
                "/api/v1/events/demo/presenters/jiaozhou/reveal",
                Some(HOST_TOKEN),
                body.to_string(),
            )
            .await;
        assert_eq!(res.status(), 400, "{body}");
    }
    assert_eq!(ev.results().await["presenters"], json!([]));
    assert_eq!(
        outcomes(
            &ev.sync("j02", DEV_A, json!([full(&uuid(2), "jiaozhou", 1, 41.0)]))
                .await
        ),
        ["applied"],
        "the presenter is still open"
    );
}
