//! `GET /api/v1/openapi.json`: an OpenAPI 3.1 document of every route, its auth, its bodies
//! and the error shape, served by the real server; and the router and the document hold the
//! same routes (issue 16).

use crate::common;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

async fn document(server: &Server) -> Value {
    let res = client()
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    res.json().await.unwrap()
}

/// Every (method, path) the document lists.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_auth_bodies_and_the_error_shape() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("data"), &[], Some(HOST_TOKEN));
    let doc = document(&server).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["host"]["scheme"], "bearer");
    assert_eq!(schemes["judge"]["scheme"], "bearer");
    let error = &doc["components"]["schemas"]["ErrorBody"];
    assert!(error["properties"]["error"].is_object(), "{error}");

    let ops = operations(&doc);
    assert!(ops.len() >= 30, "{} operations: {ops:?}", ops.len());
    for (method, path) in &ops {
        let op = &doc["paths"][path][method.to_lowercase()];
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path} names no success"
        );
        if path != "/api/v1/openapi.json" {
            for refusal in ["400", "401", "404", "409"] {
                let body = &responses[refusal]["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(
                    body, "#/components/schemas/ErrorBody",
                    "{method} {path}: {refusal} in the contract's shape"
                );
            }
        }
    }
    // Who may call what, as the contract says.
    let security = |method: &str, path: &str| {
        let op = &doc["paths"][path][method];
        op["security"]
            .as_array()
            .map(|s| {
                s.iter()
                    .flat_map(|r| r.as_object().unwrap().keys().cloned())
                    .collect::<BTreeSet<_>>()
            })
            .unwrap_or_default()
    };
    let host = BTreeSet::from(["host".to_string()]);
    let either = BTreeSet::from(["host".to_string(), "judge".to_string()]);
    assert_eq!(security("get", "/api/v1/events/{event}/judges"), host);
    assert_eq!(
        security(
            "post",
            "/api/v1/events/{event}/presenters/{presenter}/reveal"
        ),
        host
    );
    assert_eq!(security("post", "/api/v1/events/{event}/sync"), either);
    assert_eq!(security("get", "/api/v1/events/{event}/state"), either);
    assert!(security("get", "/api/v1/events/{event}/results").is_empty());
    assert!(security("get", "/api/v1/events/{event}/stream").is_empty());
    // The judge's bodies are the wire types.
    let sync = &doc["paths"]["/api/v1/events/{event}/sync"]["post"];
    assert_eq!(
        sync["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/SyncRequest"
    );
    assert_eq!(
        sync["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/SyncResponse"
    );
}

/// Every route the document lists is one the router answers (not its 404 for an unknown
/// address, nor a 405), and the router has no route the document lacks: `api/mod.rs` adds
/// routes through `utoipa_axum::routes!` only, which puts each in the document.
#[tokio::test]
async fn the_router_and_the_document_have_the_same_routes() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("data"), &[], Some(HOST_TOKEN));
    let doc = document(&server).await;
    let http = client();

    // What the router answers for an address it has no route for.
    let unknown = http
        .get(server.url("/api/v1/events/demo/no-such-route"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let unknown_body = unknown.text().await.unwrap();

    for (method, path) in operations(&doc) {
        let concrete = path
            .replace("{event}", "demo")
            .replace("{presenter}", "jiaozhou")
            .replace("{judge}", "j01")
            .replace("{server_seq}", "1");
        let request = match method.as_str() {
            "GET" => http.get(server.url(&concrete)),
            "POST" => http.post(server.url(&concrete)),
            "PUT" => http.put(server.url(&concrete)),
            "DELETE" => http.delete(server.url(&concrete)),
            other => panic!("{other} {path}: a method the test does not know"),
        };
        let res = request
            .bearer_auth(HOST_TOKEN)
            .header("content-type", "application/json")
            .body("{}")
            .timeout(std::time::Duration::from_secs(5))
            .send()
            .await;
        // The event stream answers with its headers and stays open: it is routed.
        let Ok(res) = res else { continue };
        let status = res.status();
        assert_ne!(
            status, 405,
            "{method} {path}: the router has no such method"
        );
        if status == 404 {
            let body = res.text().await.unwrap_or_default();
            assert_ne!(
                body, unknown_body,
                "{method} {path}: the router has no such route"
            );
        }
    }

    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/mod.rs")).unwrap();
    let raw: Vec<&str> = source
        .lines()
        .filter(|l| l.contains(".route("))
        .filter(|l| !l.contains("\"/healthz\""))
        .collect();
    assert!(
        raw.is_empty(),
        "routes added around the document (use routes!): {raw:?}"
    );
}
