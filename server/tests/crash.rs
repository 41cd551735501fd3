//! Durability under `kill -9`: judges' devices push ops while the real server is killed
//! with SIGKILL at random moments and restarted on the same data dir. Whatever was
//! acknowledged must be there afterwards, with the outcome it was acknowledged with,
//! applied once; a revealed result never changes; the sequence never goes back.
//!
//! The moments are random; set `LEITAI_CRASH_SEED` to replay a run. No assertion depends
//! on timing: every check holds whatever moment each kill lands on.

use crate::common;
use common::devices::*;
use common::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The presenter revealed while the devices push.
const REVEALED: &str = "shibei";
const KILLS: usize = 5;

async fn reveal(http: &reqwest::Client, server: &Server) -> Value {
    let res = http
        .post(server.url(&format!("/api/v1/events/demo/presenters/{REVEALED}/reveal")))
        .bearer_auth(HOST_TOKEN)
        .json(&json!({"force": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_ops_survive_kill_9_once_and_revealed_results_stand() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);

    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&dir.path().join("data"), &[], Some(HOST_TOKEN));
    let http = client();
    let tokens: BTreeMap<String, String> = judge_tokens(&http, &server, "demo")
        .await
        .into_iter()
        .collect();
    let base: Base = Arc::new(RwLock::new(server.base.clone()));
    let fleet = Fleet::default();
    let devices = spawn_fleet(&tokens, &base, &fleet, seed);

    let mut lock = None;
    for kill in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(rng.random_range(50..=400))).await;
        if kill == 1 {
            // Reveal while the devices push; a kill can follow it at any moment.
            lock = Some(reveal(&http, &server).await);
        }
        server.kill();
        // Everything acknowledged so far was on disk before its answer left.
        let acked_before = fleet.max_acked.load(Ordering::SeqCst);
        restart_keeping_sequence(&http, &mut server, &base, acked_before).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let acked = land(&fleet, devices).await;
    let lock = lock.expect("the presenter was revealed");
    let reveal_seq = lock["server_seq"].as_u64().unwrap();
    let total: usize = acked.values().map(Vec::len).sum();
    eprintln!("{total} ops acknowledged across {KILLS} kills");
    assert!(total > 0);

    // One device per judge with rising revs: an op is applied, or late after the reveal.
    for a in acked.values().flatten() {
        let presenter = a.op["presenter"].as_str().unwrap();
        match a.outcome.as_str() {
            "applied" => assert!(
                presenter != REVEALED || a.server_seq < reveal_seq,
                "{a:?} applied after the reveal"
            ),
            "late" => assert!(
                presenter == REVEALED && a.server_seq > reveal_seq,
                "{a:?} late before the reveal"
            ),
            other => panic!("unexpected outcome {other} for {a:?}"),
        }
    }

    assert_acknowledged_ops_stand(&http, &server, &tokens, &acked).await;

    // The revealed result stands: in the results, and on a second reveal.
    let results = host_get(&http, &server, "/api/v1/events/demo/results").await;
    let shown = results["presenters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == REVEALED)
        .expect("the revealed presenter is in the results")
        .clone();
    assert_eq!(shown["final"], lock["final"]);
    assert_eq!(shown["result_hash"], lock["result_hash"]);
    assert_eq!(shown["revealed_at"], lock["revealed_at"]);
    assert_eq!(reveal(&http, &server).await, lock, "a second reveal");
    // Exactly the sheets submitted before the reveal were counted.
    let counted: usize = acked
        .values()
        .filter_map(|ops| {
            ops.iter()
                .filter(|a| a.op["presenter"] == REVEALED && a.outcome == "applied")
                .max_by_key(|a| a.server_seq)
        })
        .filter(|a| a.op["submitted"] == true)
        .count();
    assert_eq!(shown["counted"], counted);
    let late = host_get(&http, &server, "/api/v1/events/demo/late").await;
    let late_ids: HashSet<&str> = late["late"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["op_id"].as_str().unwrap())
        .collect();
    let acked_late: HashSet<&str> = acked
        .values()
        .flatten()
        .filter(|a| a.outcome == "late")
        .map(|a| a.op["op_id"].as_str().unwrap())
        .collect();
    assert_eq!(late_ids, acked_late, "every late op is listed, once");
    assert_eq!(late["late"].as_array().unwrap().len(), acked_late.len());
}
