//! Events made and corrected from the host's browser (issue 17), over real HTTP against the
//! real binary: a new event blank, from the demo or as a copy, never switching the current
//! event by itself; a config replaced before the start; and after the start (or in a
//! rehearsal) only corrections of words, each audited.

use crate::common;
use app::domain::wire::{EventList, EventSummary, ImportedEvent};
use app::domain::EventConfig;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn config(&self, event: &str) -> EventConfig;
    async fn put_config(&self, config: &EventConfig) -> (u16, Value);
    async fn current(&self) -> String;
    async fn audit_actions(&self, event: &str) -> Vec<Value>;
}

impl Asks for Room {
    async fn config(&self, event: &str) -> EventConfig {
        let res = self
            .http
            .get(self.server.url(&format!("/api/v1/events/{event}/config")))
            .header("accept", "application/json")
            .bearer_auth(HOST_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    async fn put_config(&self, config: &EventConfig) -> (u16, Value) {
        let path = format!("/api/v1/events/{}/config", config.id);
        self.host(
            Method::PUT,
            &path,
            Some(serde_json::to_value(config).unwrap()),
        )
        .await
    }

    async fn current(&self) -> String {
        let (status, body) = self.host(Method::GET, "/api/v1/events", None).await;
        assert_eq!(status, 200);
        let list: EventList = serde_json::from_value(body).unwrap();
        list.events
            .into_iter()
            .find(|e| e.current == Some(true))
            .map(|e| e.id)
            .unwrap_or_default()
    }

    async fn audit_actions(&self, event: &str) -> Vec<Value> {
        let (status, body) = self
            .host(Method::GET, &format!("/api/v1/events/{event}/audit"), None)
            .await;
        assert_eq!(status, 200, "{body}");
        body["audit"].as_array().cloned().unwrap_or_default()
    }
}

#[tokio::test]
async fn new_events_are_made_blank_from_the_demo_or_as_a_copy_and_leave_the_current_one_be() {
    let room = Room::open();
    assert_eq!(room.current().await, "demo");

    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/new",
            Some(json!({"from": "blank", "title": "二〇二七年第一季度", "date": "2027-03-30", "language": "en"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let made: ImportedEvent = serde_json::from_value(body).unwrap();
    assert_eq!(made.event.id, "e2027-03-30", "the id comes from the date");
    assert_eq!(made.event.title, "二〇二七年第一季度");
    assert_eq!((made.event.presenters, made.event.judges), (1, 1));
    let blank = room.config("e2027-03-30").await;
    assert_eq!(blank.language, app::domain::Lang::En);
    assert_eq!(blank.judges[0].name, "Judge 1");
    assert_eq!(
        room.current().await,
        "demo",
        "the screen keeps today's event"
    );

    // The same date again: another id.
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/new",
            Some(json!({"from": "demo", "title": "示例", "date": "2027-03-30"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["event"]["id"], "e2027-03-30-2");
    assert_eq!(body["event"]["presenters"], 10);

    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/new",
            Some(json!({"from": "copy", "source": "demo", "title": "再办一场", "id": "again"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let copy = room.config("again").await;
    let demo = room.config("demo").await;
    assert_eq!(copy.title, "再办一场");
    assert_eq!(copy.presenters, demo.presenters);
    assert_eq!(copy.judges, demo.judges);
    assert_eq!(copy.date, None);
    // The copy's judges get links of their own.
    let (demo_links, copy_links) = (
        judge_tokens(&room.http, &room.server, "demo").await,
        judge_tokens(&room.http, &room.server, "again").await,
    );
    assert_eq!(copy_links.len(), 15);
    assert!(copy_links
        .iter()
        .all(|(_, t)| !demo_links.iter().any(|(_, d)| d == t)));

    // Each is in the list, and audited in its own log.
    let (_, body) = room.host(Method::GET, "/api/v1/events", None).await;
    let list: EventList = serde_json::from_value(body).unwrap();
    assert_eq!(list.events.len(), 4);
    let entries = room.audit_actions("again").await;
    assert!(
        entries.iter().any(|e| e["action"] == "create_event"),
        "{entries:?}"
    );
    assert_eq!(room.current().await, "demo");

    // Making one current is a step of its own.
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/again/current",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(room.current().await, "again");

    // A judge who opens the old event's link is told which event is on now; the new
    // event's judges are told nothing.
    let state_of = |event: &'static str, token: String| {
        let (http, url) = (
            room.http.clone(),
            room.server.url(&format!("/api/v1/events/{event}/state")),
        );
        async move {
            let r = http.get(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let old = state_of("demo", demo_links[0].1.clone()).await;
    assert_eq!(
        old["now_on"],
        json!({"id": "again", "title": "再办一场"}),
        "{old}"
    );
    let new = state_of("again", copy_links[0].1.clone()).await;
    assert!(new.get("now_on").is_none(), "{new}");
}

#[tokio::test]
async fn a_new_event_refuses_bad_input_and_stores_nothing() {
    let room = Room::open();
    for (body, status, code) in [
        (
            json!({"from": "blank", "title": "  "}),
            400,
            "invalid_config",
        ),
        (json!({"from": "copy", "title": "x"}), 400, "invalid_config"),
        (
            json!({"from": "copy", "source": "nowhere", "title": "x"}),
            404,
            "not_found",
        ),
        (
            json!({"from": "blank", "title": "x", "id": "Bad Id"}),
            400,
            "invalid_config",
        ),
        (
            json!({"from": "blank", "title": "x", "id": "new"}),
            400,
            "invalid_config",
        ),
        (
            json!({"from": "blank", "title": "x", "id": "demo"}),
            409,
            "event_exists",
        ),
        (
            json!({"from": "blank", "title": "x", "date": "next week"}),
            400,
            "invalid_config",
        ),
        (json!({"from": "scratch", "title": "x"}), 400, "bad_request"),
        (
            json!({"from": "blank", "title": "x", "owner": "me"}),
            400,
            "bad_request",
        ),
        (
            json!({"from": "blank", "title": "长".repeat(1_000)}),
            400,
            "invalid_config",
        ),
    ] {
        let (got, answer) = room
            .host(Method::POST, "/api/v1/events/new", Some(body.clone()))
            .await;
        assert_eq!(got, status, "{body} → {answer}");
        assert_eq!(answer["error"]["code"], code, "{body} → {answer}");
    }
    let (_, body) = room.host(Method::GET, "/api/v1/events", None).await;
    assert_eq!(
        body["events"].as_array().unwrap().len(),
        1,
        "nothing stored"
    );
    // A judge's token cannot make events.
    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    let res = room
        .http
        .post(room.server.url("/api/v1/events/new"))
        .bearer_auth(token)
        .json(&json!({"from": "blank", "title": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_draft_changes_freely_and_a_started_event_takes_only_corrections_of_words() {
    let room = Room::open();
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/new",
            Some(json!({"from": "demo", "title": "三季度", "id": "q3"})),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // A draft: anything, and the current event stays the demo.
    let mut config = room.config("q3").await;
    config.criteria[0].max = app::domain::Score::parse("40").unwrap();
    config.presenters.pop();
    let (status, body) = room.put_config(&config).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        room.current().await,
        "demo",
        "saving a draft switches nothing"
    );

    // Started by the first move of its run of show.
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/q3/show",
            Some(json!({"action": "start_report"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = room.host(Method::GET, "/api/v1/events/q3", None).await;
    let summary: EventSummary = serde_json::from_value(body).unwrap();
    assert_eq!(summary.state, app::domain::wire::EventState::Live);

    // A misspelt name and the title: taken, and audited with the fields.
    let mut fixed = room.config("q3").await;
    fixed.title = "2026年第三季度述职".into();
    fixed.judges[1].name = "改正的名字".into();
    let (status, body) = room.put_config(&fixed).await;
    assert_eq!(status, 200, "{body}");
    let stored = room.config("q3").await;
    assert_eq!(stored.title, "2026年第三季度述职");
    assert_eq!(stored.judges[1].name, "改正的名字");
    let entries = room.audit_actions("q3").await;
    let correction = entries
        .iter()
        .find(|e| e["action"] == "correct_config")
        .expect("the correction is in the audit log");
    let detail = correction["detail"].to_string();
    assert!(
        detail.contains("judges[1].name") && detail.contains("title"),
        "{detail}"
    );

    // Anything that could change a result: refused, and nothing of it stored.
    for edit in [
        |c: &mut EventConfig| c.criteria[0].max = app::domain::Score::parse("30").unwrap(),
        |c: &mut EventConfig| c.aggregation.trim_high = 0,
        |c: &mut EventConfig| c.judges[0].group = c.groups[2].id.clone(),
        |c: &mut EventConfig| {
            c.presenters.pop();
        },
    ] {
        let mut changed = stored.clone();
        changed.title = "又改了标题".into();
        edit(&mut changed);
        let (status, body) = room.put_config(&changed).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "event_started");
    }
    assert_eq!(room.config("q3").await, stored);
    // The same config again: nothing to correct, still refused as a replacement.
    let (status, _) = room.put_config(&stored).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn in_a_rehearsal_names_can_be_corrected_and_nothing_else() {
    let room = Room::open();
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/demo/rehearsal",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut fixed = room.config("demo").await;
    fixed.presenters[0].name = "新的名字".into();
    let (status, body) = room.put_config(&fixed).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(room.config("demo").await.presenters[0].name, "新的名字");
    fixed.phases.report = app::domain::event::Duration(300);
    let (status, body) = room.put_config(&fixed).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "rehearsal_on");
}

#[tokio::test]
async fn the_next_quarter_names_the_event_it_was_made_from() {
    let room = Room::open();
    let (status, body) = room
        .host(
            Method::POST,
            "/api/v1/events/demo/next",
            Some(json!({"id": "q4", "title": "四季度", "force": true})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, body) = room.host(Method::GET, "/api/v1/events/q4", None).await;
    let summary: EventSummary = serde_json::from_value(body).unwrap();
    assert_eq!(summary.previous.as_deref(), Some("demo"));
    let (_, body) = room.host(Method::GET, "/api/v1/events/demo", None).await;
    assert_eq!(body.get("previous"), None);
}
