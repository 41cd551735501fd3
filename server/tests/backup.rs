//! `leitai export` and `leitai import`: a scripted event moved to an empty data dir gives
//! the same results, hashes, receipts and exports; a bad file is refused and changes nothing.

use crate::common;
use common::script::*;
use common::*;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// Runs `leitai` to completion: (success, stdout, stderr).
fn leitai(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_leitai"))
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Everything a restored event must give back unchanged, read over HTTP.
async fn snapshot(http: &reqwest::Client, server: &Server) -> Vec<(String, Value)> {
    let token = judge_token(http, server, "demo", "j01").await;
    let mut out = Vec::new();
    for p in [
        "/api/v1/events/demo/results",
        "/api/v1/events/demo/ranking",
        "/api/v1/events/demo/results/full",
        "/api/v1/events/demo/report",
        "/api/v1/events/demo/late",
        "/api/v1/events/demo/receipts/20",
    ] {
        out.push((p.to_string(), host(http, server, p).await));
    }
    // The links themselves carry the server's address; their tokens must be the same.
    out.push((
        "tokens".into(),
        json!(judge_tokens(http, server, "demo").await),
    ));
    for p in [
        "/api/v1/events/demo/export/results.csv",
        "/api/v1/events/demo/export/sheets.csv",
    ] {
        let res = http
            .get(server.url(p))
            .bearer_auth(HOST_TOKEN)
            .send()
            .await
            .unwrap();
        out.push((p.to_string(), json!(res.text().await.unwrap())));
    }
    let (_, mut state) = call(
        http,
        server,
        "GET",
        "/api/v1/events/demo/state",
        Some(&token),
        None,
    )
    .await;
    state["server_time"] = Value::Null;
    out.push(("state".into(), state));
    let (_, mut show) = call(http, server, "GET", "/api/v1/events/demo/show", None, None).await;
    show["server_ms"] = Value::Null;
    out.push(("show".into(), show));
    out
}

#[tokio::test]
async fn an_event_exported_and_imported_into_an_empty_dir_gives_identical_results() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    let file = dir.path().join("demo-backup.json");
    let http = client();
    let mut server = Server::start(&first, &[], Some(HOST_TOKEN));
    let script = run_script(&http, &server).await;
    let before = snapshot(&http, &server).await;
    let log_before = host(&http, &server, "/api/v1/events/demo/audit").await;
    let hashes: Vec<Value> = before[0].1["presenters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["result_hash"].clone())
        .collect();
    assert_eq!(hashes.len(), 5);

    let (ok, _, stderr) = leitai(&["export", "--data", path(&first), "--event", "demo"]);
    assert!(!ok, "the server holds the data dir");
    assert!(
        stderr.contains("in use by another Leitai process"),
        "{stderr}"
    );
    server.kill();

    let (ok, stdout, stderr) = leitai(&["export", "--data", path(&first), "--event", "demo"]);
    assert!(ok, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).expect("one JSON document on stdout");
    assert_eq!(doc["format"], "leitai-event-backup");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["event_id"], "demo");
    assert_eq!(doc["checksum"].as_str().unwrap().len(), 64);
    let event = &doc["event"];
    assert_eq!(event["locks"].as_array().unwrap().len(), 5);
    assert_eq!(event["amendments"].as_array().unwrap().len(), 1);
    assert_eq!(event["judges"].as_array().unwrap().len(), 15);
    assert_eq!(event["audit"].as_array().unwrap().len(), HOST_ACTIONS.len());
    let ops: usize = event["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ops"].as_array().unwrap().len())
        .sum();
    assert_eq!(ops, script.sent.len());
    assert!(event["show"]["order"].is_array());

    let (ok, _, stderr) = leitai(&[
        "export",
        "--data",
        path(&first),
        "--event",
        "demo",
        "--out",
        path(&file),
    ]);
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = leitai(&["import", "--data", path(&second), path(&file)]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("imported event 'demo'"), "{stdout}");

    let mut server = Server::start(&second, &[], Some(HOST_TOKEN));
    let after = snapshot(&http, &server).await;
    for ((what, a), (_, b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "{what} differs after the restore");
    }
    let (_, events) = call(
        &http,
        &server,
        "GET",
        "/api/v1/events",
        Some(HOST_TOKEN),
        None,
    )
    .await;
    assert_eq!(
        events["events"].as_array().unwrap().len(),
        1,
        "no demo seeded beside it"
    );

    // The log carries over, with the restore added at its end.
    let log_after = host(&http, &server, "/api/v1/events/demo/audit").await;
    let (old, new) = (
        log_before["audit"].as_array().unwrap(),
        log_after["audit"].as_array().unwrap(),
    );
    assert_eq!(new[..old.len()], old[..]);
    assert_eq!(new.len(), old.len() + 1);
    assert_eq!(new[old.len()]["action"], "restore");
    assert_eq!(new[old.len()]["actor"], "cli");
    assert_eq!(new[old.len()]["detail"]["checksum"], doc["checksum"]);

    // Judges' phones go on: an old op replays its recorded result, a new one follows on.
    let sent = &script.sent[0];
    let token = judge_token(&http, &server, "demo", &sent.judge).await;
    let replay = json!({"device": sent.device, "ops": [{"op_id": sent.op_id, "presenter": sent.presenter,
                        "rev": 1, "values": {}, "submitted": false}]});
    let (_, body) = call(
        &http,
        &server,
        "POST",
        "/api/v1/events/demo/sync",
        Some(&token),
        Some(replay),
    )
    .await;
    assert_eq!(body["results"][0]["server_seq"], sent.server_seq);
    assert_eq!(
        body["results"][0]["receipt"].as_str(),
        sent.receipt.as_deref()
    );
    let last = script.sent.iter().map(|s| s.server_seq).max().unwrap();
    let fresh = json!({"device": DEV_A, "ops": [{"op_id": uuid(777), "presenter": "laoshan", "rev": 1,
                       "values": values(8000), "submitted": true}]});
    let (_, body) = call(
        &http,
        &server,
        "POST",
        "/api/v1/events/demo/sync",
        Some(&token),
        Some(fresh),
    )
    .await;
    assert!(body["results"][0]["server_seq"].as_u64().unwrap() > last);

    // A second import of the same file is refused: the event is there.
    server.kill();
    let (ok, _, stderr) = leitai(&["import", "--data", path(&second), path(&file)]);
    assert!(!ok);
    assert!(
        stderr.contains("already holds records of an event 'demo'"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
}

#[tokio::test]
async fn a_corrupt_foreign_or_changed_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let http = client();
    let mut server = Server::start(&data, &[], Some(HOST_TOKEN));
    run_script(&http, &server).await;
    server.kill();
    let (ok, good, stderr) = leitai(&["export", "--data", path(&data), "--event", "demo"]);
    assert!(ok, "{stderr}");
    let doc: Value = serde_json::from_str(&good).unwrap();

    let mut changed = doc.clone();
    changed["event"]["locks"][0]["final"] = json!(99);
    let mut foreign = json!({"format": "something-else", "version": 1});
    foreign["event"] = doc["event"].clone();
    let mut newer = doc.clone();
    newer["version"] = json!(2);
    let mut renamed = doc.clone();
    renamed["event"]["config"]["id"] = json!("other");
    let cases = [
        (
            "not-json.json",
            "hello, this is not a backup".to_string(),
            "is not JSON",
        ),
        (
            "cut.json",
            good[..good.floor_char_boundary(good.len() / 2)].to_string(),
            "is not JSON",
        ),
        ("foreign.json", foreign.to_string(), "not a Leitai backup"),
        ("newer.json", newer.to_string(), "version 2"),
        (
            "changed.json",
            changed.to_string(),
            "checksum does not match",
        ),
        (
            "renamed.json",
            renamed.to_string(),
            "checksum does not match",
        ),
    ];
    let untouched = dir.path().join("never-made");
    for (name, text, says) in &cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        for target in [&untouched, &data] {
            let (ok, _, stderr) = leitai(&["import", "--data", path(target), path(&file)]);
            assert!(!ok, "{name}");
            assert!(stderr.contains(says), "{name}: {stderr}");
            assert!(stderr.contains("nothing was changed"), "{name}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(!untouched.exists(), "{name} made no data dir");
    }

    // The data dir is as it was: the same backup comes out of it.
    let (ok, again, _) = leitai(&["export", "--data", path(&data), "--event", "demo"]);
    assert!(ok);
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["checksum"], doc["checksum"]);

    let (ok, _, stderr) = leitai(&["export", "--data", path(&data), "--event", "nope"]);
    assert!(!ok);
    assert!(
        stderr.contains("holds no event 'nope'; it holds: demo"),
        "{stderr}"
    );
    let (ok, _, stderr) = leitai(&["export", "--data", path(&untouched), "--event", "demo"]);
    assert!(!ok);
    assert!(
        stderr.contains("is not a Leitai data directory"),
        "{stderr}"
    );
    assert!(!untouched.exists());
}

#[tokio::test]
async fn the_host_can_download_the_same_backup_while_the_server_runs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let http = client();
    let mut server = Server::start(&data, &[], Some(HOST_TOKEN));
    run_script(&http, &server).await;
    let res = http
        .get(server.url("/api/v1/events/demo/backup"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"leitai-demo-backup.json\""
    );
    let online: Value = res.json().await.unwrap();
    server.kill();
    let (ok, offline, _) = leitai(&["export", "--data", path(&data), "--event", "demo"]);
    assert!(ok);
    let offline: Value = serde_json::from_str(&offline).unwrap();
    assert_eq!(online["checksum"], offline["checksum"], "the same content");
    assert_eq!(online["event"], offline["event"]);
}
