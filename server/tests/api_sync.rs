//! The contract's sync, state, reveal, results and late endpoints over real HTTP against
//! the real binary and a temporary sled directory.

mod common;
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
        let body: Value = http
            .get(server.url("/api/v1/events/demo/judges"))
            .bearer_auth(HOST_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let tokens = body["judges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| {
                (
                    j["id"].as_str().unwrap().to_string(),
                    j["token"].as_str().unwrap().to_string(),
                )
            })
            .collect();
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
