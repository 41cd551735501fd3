//! Nothing a reader saw is lost on `kill -9`: while judges' devices push, the host moves the
//! run of show back and forth, and readers poll `state`, `results`, `late` and `show`, the
//! real server is killed with SIGKILL at random moments
//! and restarted on the same data dir. Every sheet, reveal and late op a reader was shown
//! before a kill must be there afterwards, as it was shown. (A reader shown a record before
//! its flush could see it vanish: a screen would show a result that never happened.)
//!
//! The moments are random; set `LEITAI_CRASH_SEED` to replay a run.

use crate::common;
use common::devices::*;
use common::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

const KILLS: usize = 12;
const REVEALED: &str = "shibei";

/// What readers were shown: each op's record by its sequence number, reveals by presenter.
#[derive(Default)]
struct Seen {
    /// server_seq → (judge, presenter, rev) of a sheet in `state`.
    sheets: BTreeMap<u64, (String, String, u64)>,
    /// presenter → result hash in `results`.
    reveals: BTreeMap<String, String>,
    /// server_seq → op_id of a late op in `late`.
    late: BTreeMap<u64, String>,
    /// The highest version of the run of show in `show`.
    show_version: u64,
}

async fn get(http: &reqwest::Client, base: &Base, path: &str) -> Option<Value> {
    let url = format!("{}{path}", base.read().unwrap());
    let res = http.get(url).bearer_auth(HOST_TOKEN).send().await.ok()?;
    if res.status() != 200 {
        return None;
    }
    res.json().await.ok()
}

/// Notes the sheets a `state` answer showed.
fn note_sheets(seen: &mut Seen, judge: &str, state: &Value) {
    for (presenter, sheet) in state["sheets"].as_object().into_iter().flatten() {
        let seq = sheet["server_seq"].as_u64().unwrap();
        let rev = sheet["rev"].as_u64().unwrap();
        seen.sheets
            .insert(seq, (judge.to_string(), presenter.clone(), rev));
    }
}

/// Polls what the room and the host read, as fast as it can, noting everything shown.
async fn reader(base: Base, seen: Arc<Mutex<Seen>>, stop: Arc<AtomicBool>) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    while !stop.load(Ordering::SeqCst) {
        for judge in JUDGES {
            let path = format!("/api/v1/events/demo/state?judge={judge}");
            let Some(state) = get(&http, &base, &path).await else {
                continue;
            };
            note_sheets(&mut seen.lock().unwrap(), judge, &state);
        }
        if let Some(results) = get(&http, &base, "/api/v1/events/demo/results").await {
            let mut seen = seen.lock().unwrap();
            for p in results["presenters"].as_array().into_iter().flatten() {
                let hash = p["result_hash"].as_str().unwrap().to_string();
                seen.reveals
                    .insert(p["id"].as_str().unwrap().to_string(), hash);
            }
        }
        if let Some(show) = get(&http, &base, "/api/v1/events/demo/show").await {
            let version = show["version"].as_u64().unwrap();
            let mut seen = seen.lock().unwrap();
            seen.show_version = seen.show_version.max(version);
        }
        if let Some(late) = get(&http, &base, "/api/v1/events/demo/late").await {
            let mut seen = seen.lock().unwrap();
            for l in late["late"].as_array().into_iter().flatten() {
                let seq = l["server_seq"].as_u64().unwrap();
                seen.late
                    .insert(seq, l["op_id"].as_str().unwrap().to_string());
            }
        }
    }
}

/// The host calling the next presenter and undoing it, over and over: each move is a new
/// version of the run of show.
async fn mover(base: Base, stop: Arc<AtomicBool>) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    while !stop.load(Ordering::SeqCst) {
        for action in ["next", "undo"] {
            let url = format!("{}/api/v1/events/demo/show", base.read().unwrap());
            let sent = http
                .post(url)
                .bearer_auth(HOST_TOKEN)
                .json(&json!({ "action": action }))
                .send()
                .await;
            if sent.is_err() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_a_reader_saw_is_lost_on_kill_9() {
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
    let seen = Arc::new(Mutex::new(Seen::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| tokio::spawn(reader(base.clone(), seen.clone(), stop.clone())))
        .collect();
    let moves = tokio::spawn(mover(base.clone(), stop.clone()));

    // Snapshots of what was shown before each kill: what the next server must still hold.
    let mut shown_before_kills = Vec::new();
    let mut shows_checked = 0;
    for kill in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(rng.random_range(100..=500))).await;
        if kill == 2 {
            let url = server.url(&format!("/api/v1/events/demo/presenters/{REVEALED}/reveal"));
            let res = http
                .post(url)
                .bearer_auth(HOST_TOKEN)
                .json(&json!({"force": true}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            tokio::time::sleep(Duration::from_millis(rng.random_range(0..=100))).await;
        }
        // The last look comes right before the kill: what it shows was answered a moment
        // ago, and must be on disk already.
        let judge = JUDGES[kill % JUDGES.len()];
        let path = format!("/api/v1/events/demo/state?judge={judge}");
        let last_look = get(&http, &base, &path).await;
        server.kill();
        if let Some(state) = last_look {
            note_sheets(&mut seen.lock().unwrap(), judge, &state);
        }
        let show_seen = {
            let seen = seen.lock().unwrap();
            shown_before_kills.push((seen.sheets.clone(), seen.reveals.clone(), seen.late.clone()));
            seen.show_version
        };
        let acked_before = fleet.max_acked.load(Ordering::SeqCst);
        restart_keeping_sequence(&http, &mut server, &base, acked_before).await;
        let show = host_get(&http, &server, "/api/v1/events/demo/show").await;
        let version = show["version"].as_u64().unwrap();
        assert!(
            version >= show_seen,
            "before kill {kill}, a reader saw the run of show at version {show_seen}; after the restart it is at {version}"
        );
        shows_checked += usize::from(show_seen > 0);
    }
    stop.store(true, Ordering::SeqCst);
    for r in readers {
        r.await.unwrap();
    }
    moves.await.unwrap();
    land(&fleet, devices).await;

    let audit = host_get(&http, &server, "/api/v1/events/demo/audit?kind=op").await;
    let recorded: BTreeMap<u64, (String, String, u64, String)> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            Some((
                e["seq"].as_u64()?,
                (
                    e["judge"].as_str()?.to_string(),
                    e["presenter"].as_str()?.to_string(),
                    e["rev"].as_u64()?,
                    e["op_id"].as_str()?.to_string(),
                ),
            ))
        })
        .collect();
    let results = host_get(&http, &server, "/api/v1/events/demo/results").await;
    let mut checked = 0;
    for (kill, (sheets, reveals, late)) in shown_before_kills.iter().enumerate() {
        for (seq, (judge, presenter, rev)) in sheets {
            let kept = recorded.get(seq).map(|(j, p, r, _)| (j, p, *r));
            assert_eq!(
                kept,
                Some((judge, presenter, *rev)),
                "before kill {kill}, a reader saw #{seq} ({judge}, {presenter}, rev {rev}); it is gone"
            );
            checked += 1;
        }
        for (presenter, hash) in reveals {
            let now = results["presenters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| &p["id"] == presenter);
            assert_eq!(
                now.map(|p| p["result_hash"].as_str().unwrap()),
                Some(hash.as_str()),
                "before kill {kill}, a reader saw {presenter} revealed; the reveal is gone"
            );
        }
        for (seq, op_id) in late {
            assert_eq!(
                recorded.get(seq).map(|r| &r.3),
                Some(op_id),
                "before kill {kill}, a reader saw late op #{seq}; it is gone"
            );
        }
    }
    eprintln!(
        "{checked} sheets and {shows_checked} versions of the run of show shown before {KILLS} kills, all still there"
    );
    assert!(checked > 0);
    assert!(shows_checked > 0);
}
