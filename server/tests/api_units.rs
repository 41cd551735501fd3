//! The units' own links (issue 18, 局长直通车), over real HTTP against the real binary: the
//! host issues each unit a link; a unit signed in with it sees its own items only, posts
//! progress and reports an item done, and can do nothing else; a link issued
//! again replaces the old one at once.

use crate::common;
use app::domain::item_terms::{Actor, ItemStatus};
use app::domain::wire::{ItemView, UnitLink, UnitLinks, UnitView};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn item(presenter: Option<&str>, title: &str) -> Value {
    json!({
        "presenter": presenter,
        "title": title,
        "detail": "代表反映的问题。",
        "source": "representative",
        "owner": "王强",
        "assigned_on": "2026-07-06",
        "due": "2026-09-30"
    })
}

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn raise(&self, body: Value) -> ItemView;
    async fn issue(&self, unit: &str) -> UnitLink;
    async fn as_unit(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value);
}

impl Asks for Room {
    async fn raise(&self, body: Value) -> ItemView {
        let (status, body) = self
            .host(Method::POST, "/api/v1/events/demo/items", Some(body))
            .await;
        assert_eq!(status, 201, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn issue(&self, unit: &str) -> UnitLink {
        let (status, body) = self
            .host(
                Method::POST,
                &format!("/api/v1/events/demo/units/{unit}/link"),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn as_unit(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.send(method, path, Some(token), body).await
    }
}

fn token_of(link: &UnitLink) -> String {
    let url = link.join_url.as_deref().expect("a link");
    url.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn a_unit_follows_its_own_items_from_its_link_and_nothing_else() {
    let room = Room::open();
    let ours = room.raise(item(Some("jiaozhou"), "夜间无人值守")).await;
    let theirs = room.raise(item(Some("laixi"), "档案不全")).await;
    let bureau = room.raise(item(None, "政策解释不清")).await;

    // Every unit, in speaking order, then the bureau; no link until one is issued.
    let (status, body) = room
        .host(Method::GET, "/api/v1/events/demo/units", None)
        .await;
    assert_eq!(status, 200, "{body}");
    let units: UnitLinks = serde_json::from_value(body).unwrap();
    assert_eq!(units.units.len(), 11);
    assert_eq!(units.units.last().unwrap().unit, None);
    assert!(units.units.iter().all(|u| u.join_url.is_none()));
    let jiaozhou = units
        .units
        .iter()
        .find(|u| u.unit.as_deref() == Some("jiaozhou"))
        .unwrap();
    assert_eq!(jiaozhou.items, 1);

    let link = room.issue("jiaozhou").await;
    assert!(link.join_url.as_deref().unwrap().contains("/u/"));
    assert!(link.qr_svg.as_deref().unwrap().contains("<svg"));
    let token = token_of(&link);

    // Its own items only.
    let (status, body) = room
        .as_unit(&token, Method::GET, "/api/v1/unit", None)
        .await;
    assert_eq!(status, 200, "{body}");
    let view: UnitView = serde_json::from_value(body).unwrap();
    assert_eq!(view.unit.as_deref(), Some("jiaozhou"));
    assert_eq!(view.items.len(), 1);
    assert_eq!(view.items[0].id, ours.id);
    let (status, body) = room.as_unit(&token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["role"], "unit");

    // Progress, work started, reported done: each recorded as the unit's.
    let path = |id: &str, step: &str| format!("/api/v1/events/demo/items/{id}/{step}");
    let (status, body) = room
        .as_unit(
            &token,
            Method::POST,
            &path(&ours.id, "notes"),
            Some(json!({"text": "已排班，夜间有人值守。"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = room
        .as_unit(
            &token,
            Method::POST,
            &path(&ours.id, "transitions"),
            Some(json!({"to": "reported"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let after: ItemView = serde_json::from_value(body).unwrap();
    assert_eq!(after.status, ItemStatus::Reported);
    assert!(
        after.history.iter().skip(1).all(|e| e.by == Actor::Unit),
        "{:?}",
        after.history
    );

    // Only the host marks work started, accepts, withdraws, extends, flags or lists.
    for (step, body) in [
        ("transitions", json!({"to": "in_progress"})),
        ("transitions", json!({"to": "accepted"})),
        (
            "transitions",
            json!({"to": "withdrawn", "reason": "不办了"}),
        ),
        ("extend", json!({"due": "2026-12-31", "reason": "晚点"})),
        ("behind-plan", json!({"behind_plan": true})),
    ] {
        let (status, answer) = room
            .as_unit(&token, Method::POST, &path(&ours.id, step), Some(body))
            .await;
        assert_eq!(status, 403, "{step}: {answer}");
    }
    for get in [
        "/api/v1/events/demo/items",
        "/api/v1/events/demo/units",
        "/api/v1/events/demo/state",
    ] {
        let (status, _) = room.as_unit(&token, Method::GET, get, None).await;
        assert_eq!(status, 403, "{get}");
    }
    // Another unit's items, and the bureau's: not its business.
    for other in [&theirs.id, &bureau.id] {
        let (status, _) = room
            .as_unit(
                &token,
                Method::POST,
                &path(other, "notes"),
                Some(json!({"text": "x"})),
            )
            .await;
        assert_eq!(status, 403);
    }

    // A new link: the old one stops at once, the new one works.
    let again = room.issue("jiaozhou").await;
    let fresh = token_of(&again);
    assert_ne!(fresh, token);
    let (status, _) = room
        .as_unit(&token, Method::GET, "/api/v1/unit", None)
        .await;
    assert_eq!(status, 401);
    let (status, _) = room
        .as_unit(&fresh, Method::GET, "/api/v1/unit", None)
        .await;
    assert_eq!(status, 200);

    // The bureau's own link; an unknown unit; a judge's token on the unit's view.
    let bureau_link = room.issue("bureau").await;
    let (_, body) = room
        .as_unit(&token_of(&bureau_link), Method::GET, "/api/v1/unit", None)
        .await;
    let view: UnitView = serde_json::from_value(body).unwrap();
    assert_eq!(view.unit, None);
    assert_eq!(view.items.len(), 1);
    let (status, _) = room
        .host(
            Method::POST,
            "/api/v1/events/demo/units/nowhere/link",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 404);
    let judge = judge_token(&room.http, &room.server, "demo", "j01").await;
    let (status, _) = room
        .as_unit(&judge, Method::GET, "/api/v1/unit", None)
        .await;
    assert_eq!(status, 403);

    // Each link issued is in the audit log.
    let (_, body) = room
        .host(
            Method::GET,
            "/api/v1/events/demo/audit?action=unit_link",
            None,
        )
        .await;
    assert_eq!(body["audit"].as_array().unwrap().len(), 3);
}
