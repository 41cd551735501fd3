//! 回头看 over real HTTP against the real binary: the next quarter carries the open items of
//! a finished one (numbers, histories, a carried entry), the copies left behind refuse every
//! step, the review's figures count the carried items as they stand in the new event, and
//! the run of show has a review phase before the first presenter is called.

use crate::common;
use app::domain::item_terms::{EntryKind, ItemStatus, Tally};
use app::domain::wire::{ItemList, ItemView, ReviewView, ShowView};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// Far enough ahead that no flag shows on the day the test runs.
const LATER: &str = "2030-12-31";

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn get(&self, path: &str) -> Value;
    async fn items(&self, event: &str) -> Vec<ItemView>;
    async fn raise(&self, event: &str, presenter: Option<&str>, due: &str) -> ItemView;
    async fn step(&self, event: &str, id: &str, step: &str, body: Value) -> (u16, Value);
    async fn step_ok(&self, event: &str, id: &str, step: &str, body: Value);
    async fn show_move(&self, event: &str, body: Value) -> (u16, Value);
    async fn review(&self, event: &str) -> ReviewView;
}

impl Asks for Room {
    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.host(Method::GET, path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    async fn items(&self, event: &str) -> Vec<ItemView> {
        let list: ItemList =
            serde_json::from_value(self.get(&format!("/api/v1/events/{event}/items")).await)
                .unwrap();
        list.items
    }

    /// Raises an item in `event` for a presenter (none: the city bureau), numbered by the
    /// server.
    async fn raise(&self, event: &str, presenter: Option<&str>, due: &str) -> ItemView {
        let body = json!({
            "presenter": presenter,
            "title": "社区养老服务站夜间无人值守",
            "detail": "代表反映夜间无人值守，老人求助无门。",
            "source": "representative",
            "owner": "王强",
            "assigned_on": "2026-05-20",
            "due": due,
        });
        let path = format!("/api/v1/events/{event}/items");
        let (status, body) = self.host(Method::POST, &path, Some(body)).await;
        assert_eq!(status, 201, "{body}");
        serde_json::from_value(body).unwrap()
    }

    /// One step (`transitions`, `notes`, `behind-plan`, `vote`, …) of an item.
    async fn step(&self, event: &str, id: &str, step: &str, body: Value) -> (u16, Value) {
        let path = format!("/api/v1/events/{event}/items/{id}/{step}");
        self.host(Method::POST, &path, Some(body)).await
    }

    async fn step_ok(&self, event: &str, id: &str, step: &str, body: Value) {
        let (status, answer) = self.step(event, id, step, body).await;
        assert_eq!(status, 200, "{step} of {id}: {answer}");
    }

    async fn show_move(&self, event: &str, body: Value) -> (u16, Value) {
        let path = format!("/api/v1/events/{event}/show");
        self.host(Method::POST, &path, Some(body)).await
    }

    async fn review(&self, event: &str) -> ReviewView {
        // Anyone: the big screen reads it without a token.
        let path = format!("/api/v1/events/{event}/review");
        let (status, body) = self.send(Method::GET, &path, None, None).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value(body).unwrap()
    }
}

/// The demo contest as the second quarter's session, `q2`.
fn q2_config() -> app::domain::EventConfig {
    let mut config = app::domain::demo_event();
    config.id = app::domain::Id::parse("q2").unwrap();
    config.title = "二季度".into();
    config.date = Some("2026-05-20".into());
    config
}

/// Q2's items, one in each status, for shinan (2nd to speak), jiaozhou (1st) and the
/// bureau; their numbers in the order raised (001 to 007).
async fn q2_with_items(room: &Room) {
    import_event(&room.http, &room.server, &q2_config()).await;
    let to = |status: &str| json!({"to": status});
    // 001 shinan, assigned, overdue.
    let a = room.raise("q2", Some("shinan"), "2026-06-30").await;
    assert_eq!(a.number, "2026Q2-001");
    // 002 jiaozhou, in progress and behind plan.
    let b = room.raise("q2", Some("jiaozhou"), LATER).await;
    room.step_ok("q2", &b.id, "transitions", to("in_progress"))
        .await;
    room.step_ok("q2", &b.id, "behind-plan", json!({"behind_plan": true}))
        .await;
    // 003 bureau, reported done.
    let c = room.raise("q2", None, LATER).await;
    room.step_ok("q2", &c.id, "transitions", to("reported"))
        .await;
    // 004 shinan, accepted: the representatives vote on it at the next session.
    let d = room.raise("q2", Some("shinan"), LATER).await;
    room.step_ok("q2", &d.id, "transitions", to("reported"))
        .await;
    room.step_ok("q2", &d.id, "transitions", to("accepted"))
        .await;
    // 005 jiaozhou, closed by a vote: 4 of 5 cast satisfied (基本满意 counts).
    let e = room.raise("q2", Some("jiaozhou"), LATER).await;
    room.step_ok("q2", &e.id, "transitions", to("reported"))
        .await;
    room.step_ok("q2", &e.id, "transitions", to("accepted"))
        .await;
    let tally = json!({"satisfied": 3, "basically_satisfied": 1, "unsatisfied": 1, "abstain": 1});
    room.step_ok("q2", &e.id, "vote", tally).await;
    // 006 bureau, withdrawn.
    let f = room.raise("q2", None, LATER).await;
    room.step_ok(
        "q2",
        &f.id,
        "transitions",
        json!({"to": "withdrawn", "reason": "已由市里统一解决"}),
    )
    .await;
    // 007 shinan, long-term.
    let g = room.raise("q2", Some("shinan"), LATER).await;
    room.step_ok(
        "q2",
        &g.id,
        "transitions",
        json!({"to": "long_term", "reason": "需要新建设施", "due": "2031-06-30"}),
    )
    .await;
    assert_eq!(g.number, "2026Q2-007");
}

async fn next_quarter(room: &Room) -> (u16, Value) {
    // Nobody was scored in this test: `force` has every presenter speak in this order.
    room.host(
        Method::POST,
        "/api/v1/events/q2/next",
        Some(json!({"id": "q3", "title": "三季度", "date": "2026-08-20", "force": true})),
    )
    .await
}

#[tokio::test]
async fn the_next_quarter_carries_the_open_items_and_the_copies_left_behind_refuse_steps() {
    let room = Room::open();
    q2_with_items(&room).await;
    let before: Vec<ItemView> = room.items("q2").await;
    let (status, body) = next_quarter(&room).await;
    assert_eq!(status, 201, "{body}");

    // The open ones (accepted and long-term too) are in Q3 under their own ids and numbers,
    // raised at Q2, with Q2's history and one entry saying where they came from.
    let carried = room.items("q3").await;
    let numbers: Vec<&str> = carried.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "2026Q2-001",
            "2026Q2-002",
            "2026Q2-003",
            "2026Q2-004",
            "2026Q2-007"
        ]
    );
    for copy in &carried {
        let old = before.iter().find(|i| i.id == copy.id).unwrap();
        assert_eq!(copy.event, "q2", "raised at Q2");
        assert_eq!(copy.status, old.status);
        assert_eq!(copy.title, old.title);
        assert_eq!(copy.due, old.due);
        assert_eq!(copy.behind_plan, old.behind_plan);
        assert_eq!(copy.history.len(), old.history.len() + 1);
        assert_eq!(copy.history[..old.history.len()], old.history[..]);
        let came = copy.history.last().unwrap();
        assert_eq!(came.kind, EntryKind::CarriedIn);
        assert_eq!(came.event.as_deref(), Some("q2"));
        assert_eq!((came.from, came.to), (old.status, old.status));
        // The copy left behind says where it went.
        let path = format!("/api/v1/events/q2/items/{}", copy.id);
        let left: ItemView = serde_json::from_value(room.get(&path).await).unwrap();
        let went = left.history.last().unwrap();
        assert_eq!(went.kind, EntryKind::CarriedOut);
        assert_eq!(went.event.as_deref(), Some("q3"));
    }
    // Closed and withdrawn stay behind, untouched.
    for id in ["2026q2-005", "2026q2-006"] {
        let path = format!("/api/v1/events/q2/items/{id}");
        let kept: ItemView = serde_json::from_value(room.get(&path).await).unwrap();
        assert_eq!(kept, *before.iter().find(|i| i.id == id).unwrap());
    }

    // Every step on a copy left behind is 409 `carried_over`, naming where it is followed.
    let refused = [
        ("transitions", json!({"to": "reported"})),
        ("notes", json!({"text": "已完成一半"})),
        (
            "extend",
            json!({"due": "2031-12-31", "reason": "需要更多时间"}),
        ),
        ("behind-plan", json!({"behind_plan": false})),
    ];
    for (step, body) in refused {
        let (status, answer) = room.step("q2", "2026q2-002", step, body).await;
        assert_eq!(status, 409, "{step}: {answer}");
        assert_eq!(answer["error"]["code"], "carried_over", "{answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains("q3"), "{message}");
    }
    let (status, answer) = room
        .step("q2", "2026q2-004", "vote", json!({"satisfied": 5}))
        .await;
    assert_eq!(
        (status, &answer["error"]["code"]),
        (409, &json!("carried_over"))
    );
    // Nothing was written by those refusals.
    let left: ItemView =
        serde_json::from_value(room.get("/api/v1/events/q2/items/2026q2-002").await).unwrap();
    assert_eq!(left.history.last().unwrap().kind, EntryKind::CarriedOut);

    // The copy in Q3 takes steps.
    room.step_ok("q3", "2026q2-003", "transitions", json!({"to": "accepted"}))
        .await;
    // Q3's own first item is numbered in its own quarter from 001.
    let raised = room.raise("q3", Some("laixi"), LATER).await;
    assert_eq!(raised.number, "2026Q3-001");

    // `next` sent again carries nothing twice.
    let (status, answer) = next_quarter(&room).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "event_exists");
    assert_eq!(room.items("q3").await.len(), 6);

    // One audit entry in Q3 for the carry, with the count.
    let audit = room.get("/api/v1/events/q3/audit?kind=host").await;
    let carries: Vec<&Value> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "carry_items")
        .collect();
    assert_eq!(carries.len(), 1, "{audit}");
    assert_eq!(carries[0]["detail"]["count"], 5);
    assert_eq!(carries[0]["detail"]["previous_event"], "q2");
}

#[tokio::test]
async fn the_review_counts_the_last_sessions_items_as_they_stand_now() {
    let room = Room::open();
    q2_with_items(&room).await;
    let (status, body) = next_quarter(&room).await;
    assert_eq!(status, 201, "{body}");
    // In Q3: 003 accepted (so counted as closed), and an item of Q3's own, not reviewed.
    room.step_ok("q3", "2026q2-003", "transitions", json!({"to": "accepted"}))
        .await;
    room.raise("q3", Some("laixi"), "2026-06-30").await;
    // Shinan speaks first in Q3: the review's units follow the run of show.
    let show: ShowView = serde_json::from_value(room.get("/api/v1/events/q3/show").await).unwrap();
    let mut order: Vec<String> = show.order.iter().map(|p| p.id.clone()).collect();
    assert_eq!(order[..2], ["jiaozhou", "shinan"]);
    order.swap(0, 1);
    let (status, body) = room
        .show_move("q3", json!({"action": "reorder", "order": order}))
        .await;
    assert_eq!(status, 200, "{body}");

    let review = room.review("q3").await;
    assert_eq!(review.event.id, "q3");
    // Every judge of the event may vote: the console says "N of M".
    assert_eq!(review.judges, 15);
    let previous = review.previous.expect("Q3 was made from Q2");
    assert_eq!(
        (previous.id.as_str(), previous.title.as_str()),
        ("q2", "二季度")
    );
    // Reviewed: 001 assigned (overdue), 002 in progress, 003 accepted (in Q3), 004
    // accepted, 005 closed (4 of 5 satisfied), 006 withdrawn, 007 long-term. Counted: 5.
    let f = &review.figures;
    assert_eq!(
        (f.total, f.closed, f.on_time, f.withdrawn, f.long_term),
        (7, 3, 3, 1, 1)
    );
    assert_eq!(f.closure_rate.as_deref(), Some("0.6000"));
    assert_eq!(f.on_time_rate.as_deref(), Some("0.6000"));
    assert_eq!(f.satisfaction_rate.as_deref(), Some("0.8000"));
    assert_eq!(
        f.votes,
        Tally {
            satisfied: 3,
            basically_satisfied: 1,
            unsatisfied: 1,
            abstain: 1
        }
    );
    assert_eq!((review.in_progress, review.overdue), (2, 1));

    let lines: Vec<Option<&str>> = review
        .units
        .iter()
        .map(|u| u.presenter.as_deref())
        .collect();
    assert_eq!(lines, [Some("shinan"), Some("jiaozhou"), None]);
    let config = q2_config();
    let unit_of = |p: &str| config.presenter(p).unwrap().unit.clone();
    let shinan = &review.units[0];
    assert_eq!(shinan.unit_name, Some(unit_of("shinan")));
    assert_eq!(
        (
            shinan.figures.total,
            shinan.figures.closed,
            shinan.figures.long_term
        ),
        (3, 1, 1)
    );
    assert_eq!(shinan.figures.closure_rate.as_deref(), Some("0.5000"));
    assert_eq!(
        (
            shinan.in_progress,
            shinan.overdue,
            shinan.due_soon,
            shinan.behind_plan
        ),
        (1, 1, 0, 0)
    );
    let jiaozhou = &review.units[1];
    assert_eq!(jiaozhou.unit_name, Some(unit_of("jiaozhou")));
    assert_eq!((jiaozhou.figures.total, jiaozhou.figures.closed), (2, 1));
    assert_eq!(
        jiaozhou.figures.satisfaction_rate.as_deref(),
        Some("0.8000")
    );
    assert_eq!(
        (jiaozhou.in_progress, jiaozhou.overdue, jiaozhou.behind_plan),
        (1, 0, 1)
    );
    let bureau = &review.units[2];
    assert_eq!(bureau.unit_name, None);
    assert_eq!(
        (
            bureau.figures.total,
            bureau.figures.closed,
            bureau.figures.withdrawn
        ),
        (2, 1, 1)
    );
    assert_eq!(bureau.figures.closure_rate.as_deref(), Some("1.0000"));
    assert_eq!(bureau.in_progress, 0);

    // An event made from none: nothing to review.
    for event in ["q2", "demo"] {
        let none = room.review(event).await;
        assert_eq!(none.event.id, event);
        assert_eq!(none.previous, None);
        assert_eq!(none.figures.total, 0);
        assert!(none.units.is_empty() && none.ballot.is_empty(), "{none:?}");
    }
    let (status, _) = room
        .send(Method::GET, "/api/v1/events/nowhere/review", None, None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_review_comes_before_the_first_presenter_and_next_calls_the_first() {
    let room = Room::open();
    q2_with_items(&room).await;
    let (status, body) = next_quarter(&room).await;
    assert_eq!(status, 201, "{body}");
    let show = |body: Value| -> ShowView { serde_json::from_value(body).unwrap() };

    let (status, body) = room
        .show_move("q3", json!({"action": "start_review"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let review = show(body);
    assert_eq!(review.phase, "review");
    assert_eq!(review.current, None);
    assert!(!review.started, "nobody has been called yet");
    assert!(review.since_ms.is_some());
    assert!(review.can_undo);
    let (status, body) = room
        .show_move("q3", json!({"action": "start_review"}))
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (409, &json!("wrong_phase"))
    );

    // Undo goes back to before the review.
    let (status, body) = room.show_move("q3", json!({"action": "undo"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(show(body).phase, "waiting");
    let (status, _) = room
        .show_move("q3", json!({"action": "start_review"}))
        .await;
    assert_eq!(status, 200);

    // Next from the review calls the first presenter, on deck.
    let (status, body) = room.show_move("q3", json!({"action": "next"})).await;
    assert_eq!(status, 200, "{body}");
    let called = show(body);
    let first = called.order[0].id.clone();
    assert_eq!(called.current.map(|p| p.id), Some(first));
    assert_eq!(called.phase, "waiting");
    assert!(called.started);

    // Once started, the review is refused.
    let (status, body) = room
        .show_move("q3", json!({"action": "start_review"}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "review_after_start");

    // The moves are in the audit log.
    let audit = room.get("/api/v1/events/q3/audit?kind=host").await;
    let reviews = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "start_review")
        .count();
    assert_eq!(reviews, 2, "{audit}");
    // Q2's own status figures were not touched by any of this.
    let q2 = room.items("q2").await;
    assert_eq!(
        q2.iter().filter(|i| i.status == ItemStatus::Closed).count(),
        1
    );
}
