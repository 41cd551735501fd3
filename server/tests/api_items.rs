//! 局长直通车 (issue 18) over real HTTP against the real binary: items raised at a session,
//! listed and filtered, walked along their path to closure, refused off it, their figures as
//! the domain counts them, and all of it kept across a restart.

use crate::common;
use app::domain::items::{self, Actor, Change, Item, ItemSettings, Stamp, Transition};
use app::domain::wire::{
    ExtendBody, FlagBody, ItemList, ItemSummary, ItemView, NewItem, NoteBody, TransitionBody,
};
use app::domain::{demo_event, item_terms::Tally, Id};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn get(&self, path: &str) -> Value;
    async fn raise(&self, item: Value) -> ItemView;
    async fn step(&self, id: &str, step: &str, body: Value) -> (u16, Value);
    async fn list(&self, query: &str) -> Vec<ItemView>;
    async fn numbers(&self, query: &str) -> Vec<String>;
}

impl Asks for Room {
    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.host(Method::GET, path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// Raises an item in the demo event: its view.
    async fn raise(&self, item: Value) -> ItemView {
        let (status, body) = self
            .host(Method::POST, "/api/v1/events/demo/items", Some(item))
            .await;
        assert_eq!(status, 201, "{body}");
        serde_json::from_value(body).unwrap()
    }

    /// One step (`transitions`, `extend`, `notes`, `behind-plan`, `vote`) of an item.
    async fn step(&self, id: &str, step: &str, body: Value) -> (u16, Value) {
        let path = format!("/api/v1/events/demo/items/{id}/{step}");
        self.host(Method::POST, &path, Some(body)).await
    }

    async fn list(&self, query: &str) -> Vec<ItemView> {
        let list: ItemList =
            serde_json::from_value(self.get(&format!("/api/v1/events/demo/items{query}")).await)
                .unwrap();
        list.items
    }

    async fn numbers(&self, query: &str) -> Vec<String> {
        self.list(query)
            .await
            .into_iter()
            .map(|i| i.number)
            .collect()
    }
}

/// A body of `POST …/items`: one unit's item, its number given or left to the server.
fn new_item(number: Option<&str>, presenter: Option<&str>, due: &str) -> Value {
    let mut body = json!({
        "presenter": presenter,
        "title": "社区养老服务站夜间无人值守",
        "detail": "代表反映夜间无人值守，老人求助无门。",
        "source": "representative",
        "raised_by": "care",
        "owner": "王强",
        "assigned_on": "2000-01-01",
        "due": due,
        "key": true
    });
    if let Some(n) = number {
        body["number"] = json!(n);
    }
    body
}

fn is_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn field_names(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields in {body}"))
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn items_are_raised_numbered_listed_by_filter_and_read_with_their_history() {
    let room = Room::open();
    // The demo's session is on 2026-07-06: the server numbers in 2026's third quarter.
    let late = room
        .raise(new_item(None, Some("jiaozhou"), "2000-01-02"))
        .await;
    assert_eq!(late.number, "2026Q3-001");
    assert!(is_id(&late.id), "{}", late.id);
    assert_eq!(late.status.as_str(), "assigned");
    assert_eq!(
        late.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        ["overdue"]
    );
    let given = room
        .raise(new_item(Some("2026Q2-017"), Some("shinan"), "9999-12-31"))
        .await;
    assert_eq!(given.number, "2026Q2-017");
    assert!(given.flags.is_empty());
    let mut bureau = new_item(None, None, "9999-12-31");
    bureau["source"] = json!("host_remarks");
    bureau["raised_by"] = Value::Null;
    let bureau = room.raise(bureau).await;
    // The event's third item is its number 3.
    assert_eq!(bureau.number, "2026Q3-003");
    assert_eq!(bureau.presenter, None);
    let ids = [&late.id, &given.id, &bureau.id];
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);

    // A number is one item's only.
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/demo/items",
            Some(new_item(Some("2026Q2-017"), None, "9999-12-31")),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "number_taken");

    // The list, in the order of the numbers, and each filter.
    let all = room.list("").await;
    assert_eq!(all, [given.clone(), late.clone(), bureau.clone()]);
    assert_eq!(room.numbers("?unit=jiaozhou").await, ["2026Q3-001"]);
    assert_eq!(room.numbers("?unit=bureau").await, ["2026Q3-003"]);
    assert_eq!(room.numbers("?source=host_remarks").await, ["2026Q3-003"]);
    assert_eq!(room.numbers("?overdue=true").await, ["2026Q3-001"]);
    assert_eq!(
        room.numbers("?overdue=false").await,
        ["2026Q2-017", "2026Q3-003"]
    );
    assert_eq!(room.numbers("?status=assigned").await.len(), 3);
    assert!(room.numbers("?status=in_progress").await.is_empty());
    let (status, _) = room
        .step(&given.id, "transitions", json!({"to": "in_progress"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(room.numbers("?status=in_progress").await, ["2026Q2-017"]);
    assert_eq!(
        room.numbers("?status=assigned&unit=jiaozhou&overdue=true&source=representative")
            .await,
        ["2026Q3-001"]
    );
    for (query, want) in [
        ("?unit=nobody", 404),
        ("?status=done", 400),
        ("?overdue=maybe", 400),
        ("?colour=red", 400),
    ] {
        let (status, body) = room
            .host(
                Method::GET,
                &format!("/api/v1/events/demo/items{query}"),
                None,
            )
            .await;
        assert_eq!(status, want, "{query}: {body}");
        assert!(body["error"]["code"].is_string(), "{query}: {body}");
    }

    // One item, with its history; an unknown one is not found.
    let one: ItemView = serde_json::from_value(
        room.get(&format!("/api/v1/events/demo/items/{}", given.id))
            .await,
    )
    .unwrap();
    assert_eq!(one.history.len(), 2);
    assert_eq!(one.history[0].kind, items::EntryKind::Raised);
    assert_eq!(one.history[0].due.as_deref(), Some("9999-12-31"));
    assert_eq!(one.history[1].to.as_str(), "in_progress");
    assert_eq!(one.history[1].by, Actor::Host);
    for unknown in ["2026q3-999", "nobody", "NOT%20AN%20ID"] {
        let (status, body) = room
            .host(
                Method::GET,
                &format!("/api/v1/events/demo/items/{unknown}"),
                None,
            )
            .await;
        assert_eq!(status, 404, "{unknown}: {body}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    // `summary` is the figures, never an item's id.
    let summary = room.get("/api/v1/events/demo/items/summary").await;
    assert_eq!(summary["total"], 3, "{summary}");
}

#[tokio::test]
async fn an_item_walks_its_path_to_closure_and_a_step_off_it_is_refused() {
    let room = Room::open();
    let item = room
        .raise(new_item(None, Some("jiaozhou"), "9999-12-31"))
        .await;
    let mut last = item.clone();
    for to in ["in_progress", "reported", "accepted"] {
        let (status, body) = room.step(&item.id, "transitions", json!({"to": to})).await;
        assert_eq!(status, 200, "{to}: {body}");
        let view: ItemView = serde_json::from_value(body).unwrap();
        assert_eq!(view.status.as_str(), to);
        assert_eq!(view.history.len(), last.history.len() + 1);
        let entry = view.history.last().unwrap();
        assert_eq!((entry.from, entry.to), (last.status, view.status));
        assert!(Stamp::parse(&entry.at).is_ok(), "{}", entry.at);
        last = view;
    }
    // Accepted, it moves only by a vote: nothing is edited, nothing written.
    let (status, body) = room
        .step(&item.id, "transitions", json!({"to": "in_progress"}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "bad_transition");
    let (status, body) = room
        .step(&item.id, "transitions", json!({"to": "closed"}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field_names(&body), ["to"]);
    let (status, body) = room
        .step(
            &item.id,
            "vote",
            json!({"satisfied": 9, "basically_satisfied": 2, "unsatisfied": 1}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "closed");
    assert_eq!(body["vote"]["satisfied"], 9);
    let stored = room
        .get(&format!("/api/v1/events/demo/items/{}", item.id))
        .await;
    assert_eq!(stored, body, "the answer is the item as stored");

    // A step that needs a reason or a date is refused without one, field by field.
    let other = room.raise(new_item(None, None, "2026-12-31")).await;
    let (status, body) = room
        .step(&other.id, "transitions", json!({"to": "withdrawn"}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "bad_request");
    assert_eq!(field_names(&body), ["reason"]);
    let (status, body) = room
        .step(&other.id, "transitions", json!({"to": "long_term"}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field_names(&body), ["reason", "due"]);
    let (status, body) = room
        .step(
            &other.id,
            "transitions",
            json!({"to": "long_term", "reason": "须跨年度推进", "due": "2026-06-30"}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "due_not_later");
    let (status, body) = room
        .step(
            &other.id,
            "transitions",
            json!({"to": "long_term", "reason": "须跨年度推进", "due": "2027-06-30"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["due"], "2027-06-30");
    assert_eq!(body["dues"], json!(["2026-12-31", "2027-06-30"]));
    let (status, body) = room
        .step(
            &other.id,
            "transitions",
            json!({"to": "withdrawn", "reason": "  "}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = room
        .step(
            &other.id,
            "transitions",
            json!({"to": "withdrawn", "reason": "并入其他事项办理"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "withdrawn");
    assert_eq!(body["history"].as_array().unwrap().len(), 3);
    // Withdrawn is the end: even a note is refused.
    let (status, body) = room
        .step(&other.id, "notes", json!({"text": "已与街道对接"}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "bad_transition");

    // The host's audit log has each of them.
    let audit = room.get("/api/v1/events/demo/audit?kind=host").await;
    let actions: Vec<&str> = audit["audit"]
        .as_array()
        .unwrap_or_else(|| panic!("{audit}"))
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.contains("item"))
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "raise_item").count(), 2);
    assert_eq!(actions.iter().filter(|a| **a == "item_step").count(), 6);
}

/// A step as sent over HTTP and as the domain takes it.
struct Step {
    item: usize,
    path: &'static str,
    body: Value,
}

impl Step {
    fn change(&self) -> Change {
        let body = self.body.clone();
        match self.path {
            "transitions" => serde_json::from_value::<TransitionBody>(body)
                .unwrap()
                .validated(),
            "extend" => serde_json::from_value::<ExtendBody>(body)
                .unwrap()
                .validated(),
            "notes" => serde_json::from_value::<NoteBody>(body)
                .unwrap()
                .validated(),
            "behind-plan" => serde_json::from_value::<FlagBody>(body)
                .unwrap()
                .validated(),
            "vote" => serde_json::from_value::<Tally>(body)
                .unwrap()
                .validated(&ItemSettings::default()),
            other => panic!("no step {other}"),
        }
        .unwrap()
    }
}

fn step(item: usize, path: &'static str, body: Value) -> Step {
    Step { item, path, body }
}

#[tokio::test]
async fn the_summary_is_what_the_domain_makes_of_the_same_items() {
    let room = Room::open();
    let (status, empty) = room
        .host(Method::GET, "/api/v1/events/demo/items/summary", None)
        .await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["total"], 0);
    assert_eq!(
        empty["closure_rate"],
        Value::Null,
        "no denominator, no rate"
    );

    let bodies = [
        new_item(Some("2026Q3-001"), Some("jiaozhou"), "9999-12-31"),
        new_item(Some("2026Q3-002"), Some("jiaozhou"), "2000-01-02"),
        new_item(Some("2026Q3-003"), None, "9999-12-31"),
        new_item(Some("2026Q3-004"), None, "9999-12-30"),
        new_item(Some("2026Q3-005"), Some("shinan"), "9999-12-31"),
        new_item(Some("2026Q3-006"), Some("shinan"), "2000-01-02"),
    ];
    let steps = [
        // Accepted on time and voted satisfied: closed.
        step(0, "transitions", json!({"to": "in_progress"})),
        step(0, "notes", json!({"text": "已排班夜间值守"})),
        step(0, "transitions", json!({"to": "reported"})),
        step(0, "transitions", json!({"to": "accepted"})),
        step(
            0,
            "vote",
            json!({"satisfied": 9, "basically_satisfied": 2, "unsatisfied": 1, "abstain": 3}),
        ),
        // Accepted after its due date.
        step(1, "transitions", json!({"to": "reported"})),
        step(
            1,
            "transitions",
            json!({"to": "returned", "reason": "群众仍有反映"}),
        ),
        step(1, "transitions", json!({"to": "reported"})),
        step(1, "transitions", json!({"to": "accepted"})),
        step(1, "vote", json!({"satisfied": 3, "unsatisfied": 2})),
        // Withdrawn, and long-term: in no rate.
        step(
            2,
            "transitions",
            json!({"to": "withdrawn", "reason": "并入其他事项"}),
        ),
        step(
            3,
            "transitions",
            json!({"to": "long_term", "reason": "跨年度", "due": "9999-12-31"}),
        ),
        // Open: one behind plan and extended, one overdue.
        step(
            4,
            "behind-plan",
            json!({"behind_plan": true, "reason": "进度滞后"}),
        ),
        step(4, "extend", json!({"due": "9999-12-31", "reason": "x"})),
        step(5, "transitions", json!({"to": "in_progress"})),
    ];

    let mut ids = Vec::new();
    let mut local = Vec::new();
    let demo = demo_event();
    let at = || Stamp::parse(&time_now()).unwrap();
    for body in &bodies {
        ids.push(room.raise(body.clone()).await.id);
        let draft = serde_json::from_value::<NewItem>(body.clone())
            .unwrap()
            .validated(&demo)
            .unwrap();
        local.push(Item::raise(Id::parse("demo").unwrap(), draft, at()));
    }
    for s in &steps {
        let (status, body) = room.step(&ids[s.item], s.path, s.body.clone()).await;
        if s.path == "extend" {
            // 9999-12-31 is the due date in force already: not later, refused alike.
            assert_eq!(status, 409, "{body}");
            let refused = local[s.item].clone().step(Transition {
                change: s.change(),
                by: Actor::Host,
                at: at(),
            });
            assert_eq!(refused.unwrap_err().code(), body["error"]["code"]);
            continue;
        }
        assert_eq!(status, 200, "{} {}: {body}", s.path, s.body);
        local[s.item]
            .step(Transition {
                change: s.change(),
                by: Actor::Host,
                at: at(),
            })
            .unwrap();
        assert_eq!(body["status"], local[s.item].status().as_str());
    }

    let (status, body) = room
        .host(Method::GET, "/api/v1/events/demo/items/summary", None)
        .await;
    assert_eq!(status, 200, "{body}");
    let summary: ItemSummary = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(summary, items::summary(&local, &ItemSettings::default()));
    // And in figures: 2 of 4 counted closed, 1 on time; 14 of 17 cast satisfied.
    assert_eq!(body["total"], 6);
    assert_eq!(body["closed"], 2);
    assert_eq!(body["on_time"], 1);
    assert_eq!(body["withdrawn"], 1);
    assert_eq!(body["long_term"], 1);
    assert_eq!(body["closure_rate"], "0.5000");
    assert_eq!(body["on_time_rate"], "0.2500");
    assert_eq!(body["satisfaction_rate"], "0.8235");
    assert_eq!(
        body["votes"],
        json!({"satisfied": 12, "basically_satisfied": 2, "unsatisfied": 3, "abstain": 3})
    );
    let units: Vec<&Value> = body["units"].as_array().unwrap().iter().collect();
    assert_eq!(units.len(), 3);
    assert_eq!(units[0]["presenter"], Value::Null, "the city bureau first");
    assert_eq!(units[0]["closure_rate"], Value::Null);
    assert_eq!(units[1]["presenter"], "jiaozhou");
    assert_eq!(units[1]["closure_rate"], "1.0000");
    assert_eq!(units[2]["presenter"], "shinan");
    assert_eq!(units[2]["closure_rate"], "0.0000");
    // The list's flags, on today: the overdue one and the behind-plan one.
    assert_eq!(room.numbers("?overdue=true").await, ["2026Q3-006"]);
    let flagged = &room.list("?unit=shinan&status=assigned").await[0];
    assert_eq!(flagged.flags, [items::ItemFlag::BehindPlan]);
}

/// Now as the server writes it: RFC 3339 in UTC.
fn time_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let day = items::Day::parse("1970-01-01")
        .unwrap()
        .plus_days(secs.div_euclid(86_400) as i32);
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[tokio::test]
async fn strangers_judges_unknown_events_and_items_and_bad_bodies_are_refused() {
    let room = Room::open();
    let item = room
        .raise(new_item(None, Some("jiaozhou"), "9999-12-31"))
        .await;
    let judge = judge_token(&room.http, &room.server, "demo", "j01").await;
    let one = format!("/api/v1/events/demo/items/{}", item.id);
    let step = format!("{one}/transitions");
    let calls: [(Method, &str, Option<Value>); 4] = [
        (Method::GET, "/api/v1/events/demo/items", None),
        (Method::GET, "/api/v1/events/demo/items/summary", None),
        (Method::GET, &one, None),
        (Method::POST, &step, Some(json!({"to": "in_progress"}))),
    ];
    for (method, path, body) in &calls {
        let (status, err) = room.send(method.clone(), path, None, body.clone()).await;
        assert_eq!(status, 401, "{path}: {err}");
        assert_eq!(err["error"]["code"], "missing_token");
        let (status, err) = room
            .send(method.clone(), path, Some("not-a-token"), body.clone())
            .await;
        assert_eq!(status, 401, "{path}: {err}");
        let (status, err) = room
            .send(method.clone(), path, Some(&judge), body.clone())
            .await;
        assert_eq!(status, 403, "{path}: {err}");
        assert_eq!(err["error"]["code"], "forbidden");
        let elsewhere = path.replace("/demo/", "/nowhere/");
        let (status, err) = room.host(method.clone(), &elsewhere, body.clone()).await;
        assert_eq!(status, 404, "{elsewhere}: {err}");
        assert_eq!(err["error"]["code"], "not_found");
    }
    let (status, err) = room
        .step("2026q3-404", "transitions", json!({"to": "in_progress"}))
        .await;
    assert_eq!(status, 404, "{err}");
    assert_eq!(err["error"]["code"], "not_found");
    // Nothing of it changed the item.
    assert_eq!(room.list("").await, std::slice::from_ref(&item));

    // Bodies that are not the request's shape.
    let raw = |path: &str, text: &'static str| {
        room.http
            .post(room.server.url(path))
            .bearer_auth(HOST_TOKEN)
            .header("content-type", "application/json")
            .body(text)
            .send()
    };
    for (path, text) in [
        ("/api/v1/events/demo/items", "{"),
        ("/api/v1/events/demo/items", "[]"),
        ("/api/v1/events/demo/items", "{\"title\": \"x\"}"),
        (step.as_str(), "{\"to\": \"in_progress\", \"why\": \"x\"}"),
        (step.as_str(), "{\"to\": \"done\"}"),
        (step.as_str(), "{\"to\": 3}"),
        (step.as_str(), ""),
    ] {
        let res = raw(path, text).await.unwrap();
        assert_eq!(res.status(), 400, "{path} {text}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["error"]["code"], "bad_request", "{path} {text}: {err}");
    }
    // Values past their bounds, every one named.
    let mut long = new_item(Some("2026Q5-001"), Some("nobody"), "2026-01-01");
    long["title"] = json!("长".repeat(201));
    long["owner"] = json!(" ");
    long["raised_by"] = json!("nobody");
    long["assigned_on"] = json!("2026-02-30");
    let (status, err) = room
        .host(Method::POST, "/api/v1/events/demo/items", Some(long))
        .await;
    assert_eq!(status, 400, "{err}");
    assert_eq!(
        field_names(&err),
        [
            "number",
            "presenter",
            "title",
            "raised_by",
            "owner",
            "assigned_on"
        ]
    );
    let (status, err) = room
        .step(
            &item.id,
            "transitions",
            json!({"to": "withdrawn", "reason": "长".repeat(1001)}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
    assert_eq!(field_names(&err), ["reason"]);
    let (status, err) = room
        .step(
            &item.id,
            "vote",
            json!({"satisfied": 4_294_967_295u32, "unsatisfied": 1}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
    let (status, err) = room.step(&item.id, "vote", json!({"satisfied": -1})).await;
    assert_eq!(status, 400, "{err}");
    assert_eq!(room.list("").await, [item]);
}

#[tokio::test]
async fn items_and_their_histories_survive_a_restart() {
    let mut room = Room::open();
    let first = room
        .raise(new_item(None, Some("jiaozhou"), "9999-12-31"))
        .await;
    for to in ["in_progress", "reported"] {
        let (status, body) = room.step(&first.id, "transitions", json!({"to": to})).await;
        assert_eq!(status, 200, "{body}");
    }
    let second = room.raise(new_item(None, None, "2000-01-02")).await;
    let (status, body) = room
        .step(&second.id, "notes", json!({"text": "已约谈责任处室"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let list = room.get("/api/v1/events/demo/items").await;
    let summary = room.get("/api/v1/events/demo/items/summary").await;

    room.server.restart();
    assert_eq!(room.get("/api/v1/events/demo/items").await, list);
    assert_eq!(room.get("/api/v1/events/demo/items/summary").await, summary);
    let one: ItemView = serde_json::from_value(
        room.get(&format!("/api/v1/events/demo/items/{}", first.id))
            .await,
    )
    .unwrap();
    assert_eq!(one.status.as_str(), "reported");
    assert_eq!(one.history.len(), 3);
    // The count went on: the next number follows the two before the restart.
    let third = room.raise(new_item(None, None, "9999-12-31")).await;
    assert_eq!(third.number, "2026Q3-003");
    let (status, body) = room
        .step(&first.id, "transitions", json!({"to": "accepted"}))
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn the_backup_carries_the_items_into_another_data_dir() {
    let mut room = Room::open();
    let item = room
        .raise(new_item(None, Some("jiaozhou"), "9999-12-31"))
        .await;
    let (status, body) = room
        .step(&item.id, "transitions", json!({"to": "reported"}))
        .await;
    assert_eq!(status, 200, "{body}");
    room.raise(new_item(None, None, "2000-01-02")).await;
    let list = room.get("/api/v1/events/demo/items").await;
    let summary = room.get("/api/v1/events/demo/items/summary").await;
    let backup = room.get("/api/v1/events/demo/backup").await;
    assert_eq!(backup["event"]["items"].as_array().unwrap().len(), 2);
    room.server.kill();

    let elsewhere = tempfile::tempdir().unwrap();
    let second = restore(&backup, elsewhere.path());
    room.server = Server::start(&second, &[], Some(HOST_TOKEN));
    assert_eq!(room.get("/api/v1/events/demo/items").await, list);
    assert_eq!(room.get("/api/v1/events/demo/items/summary").await, summary);
    let third = room.raise(new_item(None, None, "9999-12-31")).await;
    assert_eq!(third.number, "2026Q3-003", "the count came along");
}
