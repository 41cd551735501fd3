//! A host imports an event's config (TOML or JSON), reads it back and replaces it before
//! scoring starts; over real HTTP against the real binary and a temporary sled directory.

use crate::common;
use common::*;
use serde_json::{json, Value};

const SMALL: &str = r#"
id = "q3"
title = "Third quarter"
date = "2026-10-05"
language = "en"

[aggregation]
trim_high = 0
trim_low = 0
quorum_min_sheets = 1

[[groups]]
id = "g1"
name = "Group one"

[[criteria]]
id = "c1"
name = "Results"
min = 0
max = 10
step = 0.5

[[presenters]]
id = "p1"
name = "Presenter one"
unit = "North"

[[presenters]]
id = "p2"
name = "Presenter two"
unit = "South"

[[judges]]
id = "j1"
name = "Judge one"
group = "g1"

[[judges]]
id = "j2"
name = "Judge two"
group = "g1"
"#;

async fn import(
    http: &reqwest::Client,
    server: &Server,
    body: &str,
    content_type: &str,
) -> (u16, Value) {
    let res = http
        .post(server.url("/api/v1/events"))
        .bearer_auth(HOST_TOKEN)
        .header("content-type", content_type)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn get_json(http: &reqwest::Client, server: &Server, path: &str, token: &str) -> Value {
    let res = http
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "GET {path}");
    res.json().await.unwrap()
}

#[tokio::test]
async fn an_imported_toml_event_becomes_current_and_judges_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();

    let (status, body) = import(&http, &server, SMALL, "application/toml").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["event"]["id"], "q3");
    assert_eq!(body["event"]["presenters"], 2);

    let list = get_json(&http, &server, "/api/v1/events", HOST_TOKEN).await;
    let current: Vec<&Value> = list["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["current"] == true)
        .collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"], "q3");

    let token = judge_token(&http, &server, "q3", "j2").await;
    let me = get_json(&http, &server, "/api/v1/me", &token).await;
    assert_eq!(
        me,
        json!({"role": "judge", "event": "q3", "judge": "j2", "name": "Judge two", "group": "g1"})
    );
    let state = get_json(&http, &server, "/api/v1/events/q3/state", &token).await;
    assert_eq!(state["event"]["presenters"][1]["id"], "p2");
    assert_eq!(state["event"]["criteria"][0]["step"], 0.5);
}

#[tokio::test]
async fn an_invalid_config_is_refused_with_every_field_named_and_nothing_stored() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--no-demo"], Some(HOST_TOKEN));
    let http = client();

    let broken = SMALL
        .replace(
            "group = \"g1\"\n\n[[judges]]",
            "group = \"nobody\"\n\n[[judges]]",
        )
        .replace("max = 10", "max = -1");
    let (status, body) = import(&http, &server, &broken, "application/toml").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "invalid_config");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"judges[0].group"), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.starts_with("criteria[0]")),
        "{fields:?}"
    );

    let (status, body) = import(&http, &server, "id = [1, 2", "application/toml").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "invalid_config");

    let list = get_json(&http, &server, "/api/v1/events", HOST_TOKEN).await;
    assert_eq!(list["events"], json!([]));
}

#[tokio::test]
async fn a_config_reads_back_as_toml_and_imports_again_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();

    let res = http
        .get(server.url("/api/v1/events/demo/config"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/toml"));
    let toml = res.text().await.unwrap();
    let demo = app::domain::EventConfig::from_toml(&toml).expect("the exported TOML is valid");
    assert_eq!(demo, app::domain::demo_event());

    let mut renamed = serde_json::to_value(&demo).unwrap();
    renamed["id"] = json!("demo-copy");
    let (status, body) = import(&http, &server, &renamed.to_string(), "application/json").await;
    assert_eq!(status, 201, "{body}");
    let res = http
        .get(server.url("/api/v1/events/demo-copy/config"))
        .bearer_auth(HOST_TOKEN)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let copy: Value = res.json().await.unwrap();
    assert_eq!(copy["presenters"], renamed["presenters"]);
}

#[tokio::test]
async fn a_config_is_replaceable_until_scoring_starts_and_links_survive() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--no-demo"], Some(HOST_TOKEN));
    let http = client();
    let (status, _) = import(&http, &server, SMALL, "application/toml").await;
    assert_eq!(status, 201);
    let j1 = judge_token(&http, &server, "q3", "j1").await;

    let (status, body) = import(&http, &server, SMALL, "application/toml").await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "event_exists");

    // The host renames a presenter and drops judge two.
    let edited = SMALL.replace("Presenter two", "Presenter 2").replace(
        "\n[[judges]]\nid = \"j2\"\nname = \"Judge two\"\ngroup = \"g1\"\n",
        "",
    );
    let put = |body: String| {
        http.put(server.url("/api/v1/events/q3/config"))
            .bearer_auth(HOST_TOKEN)
            .header("content-type", "application/toml")
            .body(body)
            .send()
    };
    let res = put(edited.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(judge_token(&http, &server, "q3", "j1").await, j1);
    let judges = get_json(&http, &server, "/api/v1/events/q3/judges", HOST_TOKEN).await;
    assert_eq!(judges["judges"].as_array().unwrap().len(), 1);

    // Another event's id in the body is refused.
    let res = put(edited.replace("id = \"q3\"", "id = \"q4\""))
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    // Once a judge has synced, the config is fixed.
    let res = http
        .post(server.url("/api/v1/events/q3/sync"))
        .bearer_auth(&j1)
        .json(&json!({"device": "00000000-0000-4000-8000-000000000001",
                      "ops": [{"op_id": "00000000-0000-4000-8000-000000000002", "presenter": "p1",
                               "rev": 1, "values": {"c1": 5}, "submitted": false}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = put(edited).await.unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "event_started");
}

#[tokio::test]
async fn only_the_host_manages_events() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let judge = judge_token(&http, &server, "demo", "j01").await;

    let res = http
        .post(server.url("/api/v1/events"))
        .bearer_auth(&judge)
        .body(SMALL)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = http
        .post(server.url("/api/v1/events"))
        .body(SMALL)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = http
        .get(server.url("/api/v1/events/demo/config"))
        .bearer_auth(&judge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = http
        .get(server.url("/api/v1/events/nope/config"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
