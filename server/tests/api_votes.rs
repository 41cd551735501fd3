//! The representatives' vote on items at the 回头看 over real HTTP against the real binary:
//! vote ops from the judges' phones with the exactly-once rules of scores, the ballot, the
//! host's close of an item's vote, late votes, and all of it kept across a crash and a backup.

use crate::common;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// One vote op.
fn op(n: u64, item: &str, rev: u64, choice: &str) -> Value {
    json!({"op_id": uuid(n), "item": item, "rev": rev, "choice": choice,
           "client_time": "2026-08-20T09:00:00+08:00"})
}

/// The next quarter's session `q3`, made from the demo event with items carried into it.
struct Session {
    room: Room,
    tokens: Vec<(String, String)>,
    /// The items accepted at the demo event: on `q3`'s ballot.
    accepted: Vec<String>,
    /// An item still assigned: carried, not on the ballot.
    open: String,
}

async fn raise(room: &Room, presenter: &str) -> String {
    let body = json!({
        "presenter": presenter,
        "title": "社区养老服务站夜间无人值守",
        "detail": "代表反映夜间无人值守，老人求助无门。",
        "source": "representative",
        "owner": "王强",
        "assigned_on": "2026-04-10",
        "due": "9999-12-31"
    });
    let (status, item) = room
        .host(Method::POST, "/api/v1/events/demo/items", Some(body))
        .await;
    assert_eq!(status, 201, "{item}");
    item["id"].as_str().unwrap().to_string()
}

async fn step(room: &Room, event: &str, id: &str, step: &str, body: Value) -> Value {
    let path = format!("/api/v1/events/{event}/items/{id}/{step}");
    let (status, answer) = room.host(Method::POST, &path, Some(body)).await;
    assert_eq!(status, 200, "{path}: {answer}");
    answer
}

impl Session {
    /// `n` items accepted at the demo event (the unit's report noted first), one left
    /// assigned, and `q3` made from the demo event, which carries them.
    async fn open(n: usize) -> Session {
        let room = Room::open();
        let mut accepted = Vec::new();
        for presenter in ["jiaozhou", "shinan", "shibei"].iter().cycle().take(n) {
            let id = raise(&room, presenter).await;
            let note = json!({"text": "已安排夜间值守人员"});
            step(&room, "demo", &id, "notes", note).await;
            for to in ["reported", "accepted"] {
                step(&room, "demo", &id, "transitions", json!({"to": to})).await;
            }
            accepted.push(id);
        }
        let open = raise(&room, "jiaozhou").await;
        let next = json!({"id": "q3", "title": "三季度", "date": "2026-08-20", "force": true});
        let (status, body) = room
            .host(Method::POST, "/api/v1/events/demo/next", Some(next))
            .await;
        assert_eq!(status, 201, "{body}");
        let tokens = judge_tokens(&room.http, &room.server, "q3").await;
        Session {
            room,
            tokens,
            accepted,
            open,
        }
    }

    fn token(&self, judge: &str) -> &str {
        &self.tokens.iter().find(|(j, _)| j == judge).unwrap().1
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
        let mut req = self
            .room
            .http
            .post(self.room.server.url(path))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Sends a judge's ops: each op's result.
    async fn vote(&self, judge: &str, device: &str, ops: Value) -> Vec<Value> {
        let body = json!({"device": device, "ops": ops}).to_string();
        let (status, answer) = self
            .post("/api/v1/events/q3/votes", Some(self.token(judge)), &body)
            .await;
        assert_eq!(status, 200, "{answer}");
        answer["results"].as_array().unwrap().clone()
    }

    async fn close(&self, item: &str) -> (u16, Value) {
        let path = format!("/api/v1/events/q3/items/{item}/vote/close");
        self.room.host(Method::POST, &path, Some(json!({}))).await
    }

    async fn ballot(&self, judge: &str) -> Value {
        let (status, body) = self
            .room
            .send(
                Method::GET,
                "/api/v1/events/q3/ballot",
                Some(self.token(judge)),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.room.host(Method::GET, path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    async fn item(&self, id: &str) -> Value {
        self.get(&format!("/api/v1/events/q3/items/{id}")).await
    }
}

fn outcomes(results: &[Value]) -> Vec<String> {
    results
        .iter()
        .map(|r| match r["error"]["code"].as_str() {
            Some(code) => format!("rejected:{code}"),
            None => r["outcome"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// The ballot's entry for an item.
fn on_ballot<'a>(ballot: &'a Value, item: &str) -> &'a Value {
    ballot["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == item)
        .unwrap_or_else(|| panic!("{item} is not on the ballot: {ballot}"))
}

#[tokio::test]
async fn two_judges_votes_are_applied_and_a_replay_gets_the_recorded_result() {
    let s = Session::open(1).await;
    let item = &s.accepted[0];
    let first = s
        .vote("j01", DEV_A, json!([op(1, item, 1, "satisfied")]))
        .await;
    let second = s
        .vote("j02", DEV_B, json!([op(2, item, 1, "unsatisfied")]))
        .await;
    assert_eq!(outcomes(&first), ["applied"]);
    assert_eq!(outcomes(&second), ["applied"]);
    assert_eq!(first[0]["server_seq"], 1);
    assert_eq!(second[0]["server_seq"], 2);

    // The same op id again, carrying another choice and rev: the recorded result, unchanged.
    let replay = s
        .vote("j01", DEV_B, json!([op(1, item, 0, "abstain")]))
        .await;
    assert_eq!(replay, first);
    let ballot = s.ballot("j01").await;
    assert_eq!(on_ballot(&ballot, item)["votes"], 2);
    assert_eq!(on_ballot(&ballot, item)["open"], true);
    assert_eq!(
        ballot["votes"][item],
        json!({"rev": 1, "device": DEV_A, "choice": "satisfied"})
    );
    assert_eq!(
        s.ballot("j02").await["votes"][item]["choice"],
        "unsatisfied"
    );
    assert!(s.ballot("j03").await["votes"]
        .as_object()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn two_devices_of_one_judge_converge_by_rev_then_device() {
    let s = Session::open(1).await;
    let item = &s.accepted[0];
    // Equal revs: the greater device UUID (B) wins, whichever arrives first.
    let b = s
        .vote("j01", DEV_B, json!([op(1, item, 2, "satisfied")]))
        .await;
    let a = s
        .vote("j01", DEV_A, json!([op(2, item, 2, "unsatisfied")]))
        .await;
    assert_eq!(outcomes(&b), ["applied"]);
    assert_eq!(outcomes(&a), ["superseded"]);
    let older = s
        .vote("j01", DEV_B, json!([op(3, item, 1, "abstain")]))
        .await;
    assert_eq!(outcomes(&older), ["superseded"]);
    let newer = s
        .vote("j01", DEV_A, json!([op(4, item, 3, "basically_satisfied")]))
        .await;
    assert_eq!(outcomes(&newer), ["applied"]);
    let ballot = s.ballot("j01").await;
    assert_eq!(
        ballot["votes"][item],
        json!({"rev": 3, "device": DEV_A, "choice": "basically_satisfied"})
    );
    assert_eq!(on_ballot(&ballot, item)["votes"], 1, "one judge, one vote");
}

#[tokio::test]
async fn a_rejected_op_stands_alone_and_the_rest_of_the_batch_goes_on() {
    let s = Session::open(1).await;
    let item = &s.accepted[0];
    let results = s
        .vote(
            "j01",
            DEV_A,
            json!([
                op(1, item, 1, "satisfied"),
                op(2, "2026q3-999", 1, "satisfied"),
                op(3, item, 0, "satisfied"),
                op(4, item, 2, "delighted"),
                {"op_id": uuid(5), "rev": 2, "choice": "satisfied"},
                op(6, &s.open, 1, "satisfied"),
                op(7, item, 2, "unsatisfied"),
            ]),
        )
        .await;
    assert_eq!(
        outcomes(&results),
        [
            "applied",
            "rejected:unknown_item",
            "rejected:invalid_rev",
            "rejected:invalid_op",
            "rejected:invalid_op",
            "rejected:not_on_ballot",
            "applied"
        ]
    );
    for r in &results {
        if let Some(message) = r["error"]["message"].as_str() {
            assert!(message.chars().count() <= 201, "{message}");
        }
    }
    assert_eq!(
        s.ballot("j01").await["votes"][item]["choice"],
        "unsatisfied"
    );
}

#[tokio::test]
async fn malformed_bodies_are_400_and_strangers_are_refused() {
    let s = Session::open(1).await;
    let item = s.accepted[0].clone();
    let judge = s.token("j01").to_string();
    let votes = "/api/v1/events/q3/votes";
    let good = |ops: Value| json!({"device": DEV_A, "ops": ops}).to_string();
    let bad_bodies = [
        "not json".to_string(),
        "[]".to_string(),
        json!({"ops": []}).to_string(),
        json!({"device": "phone", "ops": []}).to_string(),
        json!({"device": DEV_A, "ops": {}}).to_string(),
        json!({"device": DEV_A, "ops": [], "extra": 1}).to_string(),
        good(json!([{"item": item, "rev": 1, "choice": "satisfied"}])),
        good(json!([{"op_id": "42", "item": item, "rev": 1, "choice": "satisfied"}])),
        good(
            json!([{"op_id": uuid(1), "item": item, "rev": 1, "choice": "satisfied", "values": {}}]),
        ),
        good(json!([op(1, &item, 1, "satisfied"), {"item": item}])),
    ];
    for body in &bad_bodies {
        let (status, answer) = s.post(votes, Some(&judge), body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_request", "{body}");
    }
    // Nothing of a refused request was written: the good op in the last one is new.
    let fresh = s
        .vote("j01", DEV_A, json!([op(1, &item, 1, "satisfied")]))
        .await;
    assert_eq!(fresh[0]["server_seq"], 1);

    let too_many: Vec<Value> = (0..501)
        .map(|n| op(1000 + n, &item, 1, "satisfied"))
        .collect();
    let (status, _) = s.post(votes, Some(&judge), &good(json!(too_many))).await;
    assert_eq!(status, 413);
    let huge = good(json!([op(2, &"x".repeat(300 * 1024), 1, "satisfied")]));
    let (status, _) = s.post(votes, Some(&judge), &huge).await;
    assert_eq!(status, 413);

    let body = good(json!([op(3, &item, 1, "satisfied")]));
    assert_eq!(s.post(votes, None, &body).await.0, 401);
    assert_eq!(s.post(votes, Some("nobody"), &body).await.0, 401);
    assert_eq!(s.post(votes, Some(HOST_TOKEN), &body).await.0, 403);
    let last_quarter = judge_token(&s.room.http, &s.room.server, "demo", "j01").await;
    assert_eq!(s.post(votes, Some(&last_quarter), &body).await.0, 403);
    let (status, _) = s
        .post("/api/v1/events/nowhere/votes", Some(&judge), &body)
        .await;
    assert_eq!(status, 404);

    let get = |path: &'static str, token: Option<String>| {
        let room = &s.room;
        async move { room.send(Method::GET, path, token.as_deref(), None).await.0 }
    };
    assert_eq!(get("/api/v1/events/q3/ballot", None).await, 401);
    let host = Some(HOST_TOKEN.to_string());
    assert_eq!(get("/api/v1/events/q3/ballot", host.clone()).await, 403);
    assert_eq!(
        get("/api/v1/events/q3/votes/late", Some(judge.clone())).await,
        403
    );
    assert_eq!(get("/api/v1/events/q3/votes/late", None).await, 401);
    assert_eq!(get("/api/v1/events/nowhere/votes/late", host).await, 404);
    let close = format!("/api/v1/events/q3/items/{item}/vote/close");
    assert_eq!(s.post(&close, Some(&judge), "{}").await.0, 403);
    assert_eq!(s.post(&close, None, "{}").await.0, 401);
    let (status, body) = s.close("2026q3-999").await;
    assert_eq!(status, 404, "{body}");
    // The refusals wrote nothing: the judge's one vote stands.
    assert_eq!(on_ballot(&s.ballot("j01").await, &item)["votes"], 1);
}

#[tokio::test]
async fn the_close_takes_the_tally_once_and_later_votes_are_late_and_listed() {
    let s = Session::open(2).await;
    let (item, other) = (&s.accepted[0], &s.accepted[1]);
    s.vote("j01", DEV_A, json!([op(1, item, 1, "unsatisfied")]))
        .await;
    s.vote("j02", DEV_A, json!([op(2, item, 1, "unsatisfied")]))
        .await;
    s.vote("j03", DEV_A, json!([op(3, item, 1, "satisfied")]))
        .await;
    s.vote("j04", DEV_A, json!([op(4, item, 1, "abstain")]))
        .await;

    let (status, closed) = s.close(item).await;
    assert_eq!(status, 200, "{closed}");
    // Two of three cast against: more than half, so it reopens (the default share).
    assert_eq!(closed["status"], "reopened");
    assert_eq!(
        closed["vote"],
        json!({"satisfied": 1, "basically_satisfied": 0, "unsatisfied": 2, "abstain": 1})
    );
    let audit = s.get("/api/v1/events/q3/audit?kind=host").await;
    let closes: Vec<&Value> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["detail"]["closed_by"] == "phones")
        .collect();
    assert_eq!(closes.len(), 1, "{audit}");
    assert_eq!(closes[0]["detail"]["item"], item.as_str());

    // Sent again: the same item, unchanged.
    let (status, again) = s.close(item).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again, closed);
    assert_eq!(s.item(item).await, closed);

    // A vote after the close is late: kept for the host, never counted.
    let late = s
        .vote("j05", DEV_B, json!([op(5, item, 1, "satisfied")]))
        .await;
    assert_eq!(outcomes(&late), ["late"]);
    let changed_mind = s
        .vote("j01", DEV_B, json!([op(6, item, 2, "satisfied")]))
        .await;
    assert_eq!(outcomes(&changed_mind), ["late"]);
    assert_eq!(s.item(item).await["vote"], closed["vote"]);
    let listed = s.get("/api/v1/events/q3/votes/late").await;
    let votes = listed["votes"].as_array().unwrap();
    assert_eq!(votes.len(), 2, "{listed}");
    assert_eq!(votes[0]["item"], item.as_str());
    assert_eq!(votes[0]["judge"], "j05");
    assert!(!votes[0]["judge_name"].as_str().unwrap().is_empty());
    assert_ne!(votes[0]["judge_name"], "j05", "a name, not an id");
    assert_eq!(votes[0]["choice"], "satisfied");
    assert!(votes[0]["received_at"].as_str().unwrap().starts_with("20"));

    // The ballot shows it closed, with its tally and its count; the other item still open.
    let ballot = s.ballot("j01").await;
    let entry = on_ballot(&ballot, item);
    assert_eq!(entry["open"], false);
    assert_eq!(entry["votes"], 4);
    assert_eq!(entry["tally"], closed["vote"]);
    assert_eq!(entry["report"], "已安排夜间值守人员");
    assert!(!entry["unit_name"].as_str().unwrap().is_empty());
    assert_eq!(
        ballot["votes"][item]["choice"], "unsatisfied",
        "the vote that counted"
    );
    assert_eq!(on_ballot(&ballot, other)["open"], true);
    assert_eq!(on_ballot(&ballot, other)["votes"], 0);
    let listed: Vec<&str> = ballot["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(
        !listed.contains(&s.open.as_str()),
        "not accepted: off the ballot"
    );

    // Off the ballot, a close is refused.
    let (status, body) = s.close(&s.open).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "not_on_ballot");
}

#[tokio::test]
async fn a_paper_tally_closes_the_ballot_so_phones_and_paper_never_both_count() {
    let s = Session::open(1).await;
    let item = &s.accepted[0];
    s.vote("j01", DEV_A, json!([op(1, item, 1, "unsatisfied")]))
        .await;
    let paper = json!({"satisfied": 9, "basically_satisfied": 2, "unsatisfied": 1});
    let voted = step(&s.room, "q3", item, "vote", paper).await;
    assert_eq!(voted["status"], "closed");
    let late = s
        .vote("j02", DEV_A, json!([op(2, item, 1, "unsatisfied")]))
        .await;
    assert_eq!(outcomes(&late), ["late"]);
    let (status, again) = s.close(item).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again, voted, "the paper tally stands");
    assert_eq!(
        on_ballot(&s.ballot("j01").await, item)["tally"],
        voted["vote"]
    );
}

#[tokio::test]
async fn basically_satisfied_counts_as_the_events_item_settings_say() {
    let s = Session::open(2).await;
    let (first, second) = (&s.accepted[0], &s.accepted[1]);
    let choices = ["satisfied", "basically_satisfied", "basically_satisfied"];
    for (i, choice) in choices.iter().enumerate() {
        let judge = format!("j{:02}", i + 1);
        let n = i as u64;
        let ops = json!([op(1 + n, first, 1, choice), op(10 + n, second, 1, choice)]);
        assert_eq!(outcomes(&s.vote(&judge, DEV_A, ops).await), ["applied"; 2]);
    }
    // By default 基本满意 counts as satisfied: the vote stands, every cast vote satisfied.
    let (_, closed) = s.close(first).await;
    assert_eq!(closed["status"], "closed");
    let summary = s.get("/api/v1/events/q3/items/summary").await;
    assert_eq!(summary["satisfaction_rate"], "1.0000");

    // The event stops counting it: the rate is read again, and the next close reopens.
    let res = s
        .room
        .http
        .get(s.room.server.url("/api/v1/events/q3/config"))
        .bearer_auth(HOST_TOKEN)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut config: Value = res.json().await.unwrap();
    config["items"] = json!({"basically_satisfied_counts": false});
    let res = s
        .room
        .http
        .put(s.room.server.url("/api/v1/events/q3/config"))
        .bearer_auth(HOST_TOKEN)
        .json(&config)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let summary = s.get("/api/v1/events/q3/items/summary").await;
    assert_eq!(summary["satisfaction_rate"], "0.3333");
    let (_, reopened) = s.close(second).await;
    assert_eq!(reopened["status"], "reopened");
    let summary = s.get("/api/v1/events/q3/items/summary").await;
    assert_eq!(summary["satisfaction_rate"], "0.3333", "2 of 6 cast");
}

#[tokio::test]
async fn acknowledged_votes_survive_kill_9_and_replay_to_their_results() {
    let mut s = Session::open(1).await;
    let item = s.accepted[0].clone();
    let first = s
        .vote("j01", DEV_A, json!([op(1, &item, 1, "satisfied")]))
        .await;
    let second = s
        .vote("j02", DEV_A, json!([op(2, &item, 1, "unsatisfied")]))
        .await;
    s.room.server.kill();
    s.room.server.restart();
    assert_eq!(
        s.vote("j01", DEV_A, json!([op(1, &item, 0, "abstain")]))
            .await,
        first
    );
    assert_eq!(
        s.vote("j02", DEV_A, json!([op(2, &item, 0, "abstain")]))
            .await,
        second
    );
    let next = s
        .vote("j03", DEV_A, json!([op(3, &item, 1, "satisfied")]))
        .await;
    assert_eq!(next[0]["server_seq"], 3, "the sequence goes on");
    assert_eq!(on_ballot(&s.ballot("j01").await, &item)["votes"], 3);
}

#[tokio::test]
async fn a_restored_backup_still_replays_a_vote_op_to_its_recorded_result() {
    let mut s = Session::open(2).await;
    let (item, other) = (s.accepted[0].clone(), s.accepted[1].clone());
    let applied = s
        .vote("j01", DEV_A, json!([op(1, &item, 1, "satisfied")]))
        .await;
    s.vote("j02", DEV_A, json!([op(2, &other, 1, "unsatisfied")]))
        .await;
    let (status, closed) = s.close(&other).await;
    assert_eq!(status, 200, "{closed}");
    let late = s
        .vote("j03", DEV_A, json!([op(3, &other, 1, "satisfied")]))
        .await;
    assert_eq!(outcomes(&late), ["late"]);
    let ballot = s.ballot("j01").await;
    let late_list = s.get("/api/v1/events/q3/votes/late").await;
    let backup = s.get("/api/v1/events/q3/backup").await;
    s.room.server.kill();

    let elsewhere = tempfile::tempdir().unwrap();
    let second = restore(&backup, elsewhere.path());
    s.room.server = Server::start(&second, &[], Some(HOST_TOKEN));

    // The judges' links came along; a replay gets its recorded result, a late vote too.
    let replay = s
        .vote("j01", DEV_B, json!([op(1, &item, 0, "abstain")]))
        .await;
    assert_eq!(replay, applied);
    let replay = s
        .vote("j03", DEV_B, json!([op(3, &other, 5, "abstain")]))
        .await;
    assert_eq!(replay, late);
    let mut restored = s.ballot("j01").await;
    restored["server_time"] = ballot["server_time"].clone();
    assert_eq!(restored, ballot);
    assert_eq!(s.get("/api/v1/events/q3/votes/late").await, late_list);
    // The close came along: a vote on that item is late, the sequence goes on.
    let after = s
        .vote("j04", DEV_A, json!([op(4, &other, 1, "satisfied")]))
        .await;
    assert_eq!(outcomes(&after), ["late"]);
    assert_eq!(after[0]["server_seq"], 4);
    let (status, again) = s.close(&other).await;
    assert_eq!(status, 200);
    assert_eq!(again["history"], closed["history"]);
}
