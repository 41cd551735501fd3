//! Judges' devices pushing ops at a server that is stopped under them (killed, or told to
//! stop), and the check that every op the server acknowledged is there afterwards.

use super::{Server, HOST_TOKEN};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The judges whose devices push, and the presenters they score.
pub const JUDGES: [&str; 8] = ["j01", "j02", "j04", "j05", "j07", "j10", "j13", "j14"];
pub const PRESENTERS: [&str; 4] = ["shibei", "jiaozhou", "shinan", "xihaian"];

/// The run's random seed, printed so a failing run can be replayed with
/// `LEITAI_CRASH_SEED`.
pub fn seed() -> u64 {
    let seed = std::env::var("LEITAI_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("LEITAI_CRASH_SEED={seed}");
    seed
}

pub fn uuid(judge: usize, n: u64) -> String {
    format!("{:08x}-0000-4000-8000-{n:012x}", judge + 1)
}

/// The one device of judge number `judge`.
pub fn device_id(judge: usize) -> String {
    uuid(judge, 0xdef1ce)
}

/// An op some device sent, and what the server acknowledged for it.
#[derive(Clone, Debug)]
pub struct Acked {
    pub op: Value,
    pub outcome: String,
    pub server_seq: u64,
}

/// Where the server is now: its address changes with each start.
pub type Base = Arc<RwLock<String>>;

/// What the devices share with the test that runs them.
#[derive(Clone, Default)]
pub struct Fleet {
    /// Set to stop: each device sends what it has pending until it is acknowledged.
    pub stop: Arc<AtomicBool>,
    /// The highest `server_seq` any device has been answered with.
    pub max_acked: Arc<AtomicU64>,
    /// Batches answered 200, over all devices.
    pub batches: Arc<AtomicU64>,
}

/// One judge's device: makes ops (whole sheets, rising revs), sends everything not yet
/// acknowledged in one batch, and on any failure keeps it all to send again.
pub async fn device(
    judge: usize,
    token: String,
    base: Base,
    fleet: Fleet,
    seed: u64,
) -> Vec<Acked> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut rng = StdRng::seed_from_u64(seed);
    let device = device_id(judge);
    let mut revs = [0u64; PRESENTERS.len()];
    let mut next = 0u64;
    let mut pending: Vec<Value> = Vec::new();
    let mut acked = Vec::new();
    loop {
        let stopping = fleet.stop.load(Ordering::SeqCst);
        if stopping && pending.is_empty() {
            return acked;
        }
        if !stopping && pending.len() < 40 {
            for _ in 0..rng.random_range(1..=4) {
                let p = rng.random_range(0..PRESENTERS.len());
                revs[p] += 1;
                next += 1;
                let mut half = |max: u32| rng.random_range(0..=max * 2) as f64 / 2.0;
                pending.push(json!({
                    "op_id": uuid(judge, next), "presenter": PRESENTERS[p], "rev": revs[p],
                    "values": {"results": half(50), "defence": half(30), "satisfaction": half(20)},
                    "submitted": rng.random_bool(0.5),
                }));
            }
        }
        let url = format!("{}/api/v1/events/demo/sync", base.read().unwrap());
        let sent = http
            .post(url)
            .bearer_auth(&token)
            .json(&json!({"device": device, "ops": pending}))
            .send()
            .await;
        let body = match sent {
            Ok(res) if res.status() == 200 => res.json::<Value>().await.ok(),
            Ok(res) => {
                let status = res.status();
                panic!("a well-formed batch got {status}: {:?}", res.text().await)
            }
            Err(_) => None,
        };
        let Some(body) = body else {
            // Not acknowledged: the server is down or went away mid-request. Send it all again.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        fleet.batches.fetch_add(1, Ordering::SeqCst);
        let results = body["results"].as_array().expect("results").clone();
        assert_eq!(results.len(), pending.len(), "one result per op");
        for (op, r) in pending.drain(..).zip(results) {
            assert_eq!(r["op_id"], op["op_id"], "results come in request order");
            let server_seq = r["server_seq"].as_u64().expect("a server_seq");
            fleet.max_acked.fetch_max(server_seq, Ordering::SeqCst);
            acked.push(Acked {
                op,
                outcome: r["outcome"].as_str().unwrap().to_string(),
                server_seq,
            });
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..5))).await;
    }
}

/// Starts one device per judge of `JUDGES`.
pub fn spawn_fleet(
    tokens: &BTreeMap<String, String>,
    base: &Base,
    fleet: &Fleet,
    seed: u64,
) -> Vec<tokio::task::JoinHandle<Vec<Acked>>> {
    JUDGES
        .iter()
        .enumerate()
        .map(|(i, judge)| {
            tokio::spawn(device(
                i,
                tokens[*judge].clone(),
                base.clone(),
                fleet.clone(),
                seed ^ (i as u64 + 1),
            ))
        })
        .collect()
}

/// Stops the devices once everything they hold is acknowledged; what each was told.
pub async fn land(
    fleet: &Fleet,
    devices: Vec<tokio::task::JoinHandle<Vec<Acked>>>,
) -> BTreeMap<usize, Vec<Acked>> {
    fleet.stop.store(true, Ordering::SeqCst);
    let mut acked = BTreeMap::new();
    for (i, d) in devices.into_iter().enumerate() {
        acked.insert(i, d.await.expect("a device ran to the end"));
    }
    acked
}

pub async fn host_get(http: &reqwest::Client, server: &Server, path: &str) -> Value {
    let res = http
        .get(server.url(path))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// Restarts the server on its data dir, points the devices at it, and checks that its
/// sequence is not behind the highest one acknowledged before the stop.
pub async fn restart_keeping_sequence(
    http: &reqwest::Client,
    server: &mut Server,
    base: &Base,
    acked_before: u64,
) {
    server.restart();
    *base.write().unwrap() = server.base.clone();
    let state = host_get(http, server, "/api/v1/events/demo/state?judge=j01").await;
    assert!(
        seq_of(&state) >= acked_before,
        "after the restart the sequence is at {}, below the acknowledged {acked_before}",
        seq_of(&state)
    );
}

pub fn seq_of(state: &Value) -> u64 {
    state["server_seq"]
        .as_u64()
        .expect("state has a server_seq")
}

/// Every acknowledged op stands: a replay gets exactly what was acknowledged, each judge's
/// sheets are the last op applied to each, and no two ops share a sequence number.
pub async fn assert_acknowledged_ops_stand(
    http: &reqwest::Client,
    server: &Server,
    tokens: &BTreeMap<String, String>,
    acked: &BTreeMap<usize, Vec<Acked>>,
) {
    let mut seqs = std::collections::HashSet::new();
    for a in acked.values().flatten() {
        assert!(
            seqs.insert(a.server_seq),
            "server_seq {} twice",
            a.server_seq
        );
    }
    for (&i, ops) in acked {
        let judge = JUDGES[i];
        for chunk in ops.chunks(500) {
            let batch: Vec<Value> = chunk.iter().map(|a| a.op.clone()).collect();
            let res = http
                .post(server.url("/api/v1/events/demo/sync"))
                .bearer_auth(&tokens[judge])
                .json(&json!({"device": device_id(i), "ops": batch}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            for (a, r) in chunk.iter().zip(body["results"].as_array().unwrap()) {
                assert_eq!(r["outcome"], a.outcome.as_str(), "replay of {a:?}");
                assert_eq!(r["server_seq"], a.server_seq, "replay of {a:?}");
            }
        }
        let mut last: BTreeMap<&str, &Acked> = BTreeMap::new();
        for a in ops.iter().filter(|a| a.outcome == "applied") {
            let p = a.op["presenter"].as_str().unwrap();
            if last.get(p).is_none_or(|b| b.server_seq < a.server_seq) {
                last.insert(p, a);
            }
        }
        let state = host_get(
            http,
            server,
            &format!("/api/v1/events/demo/state?judge={judge}"),
        )
        .await;
        let sheets = state["sheets"].as_object().unwrap();
        assert_eq!(
            sheets.keys().map(String::as_str).collect::<Vec<_>>(),
            last.keys().copied().collect::<Vec<_>>(),
            "{judge}'s sheets"
        );
        for (p, a) in &last {
            let sheet = &sheets[*p];
            assert_eq!(sheet["rev"], a.op["rev"], "{judge} {p}");
            assert_eq!(sheet["submitted"], a.op["submitted"], "{judge} {p}");
            for c in ["results", "defence", "satisfaction"] {
                assert_eq!(
                    sheet["values"][c].as_f64(),
                    a.op["values"][c].as_f64(),
                    "{judge} {p} {c}"
                );
            }
        }
    }
}
