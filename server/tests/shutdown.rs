//! Safe shutdown: SIGTERM while judges' devices push ops and a screen follows the event
//! stream. The server stops taking requests, finishes those in flight, ends the stream,
//! flushes and exits 0; after a restart every op it acknowledged is there.

use crate::common;
use common::devices::*;
use common::*;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Far more than a clean stop takes, but below forever: an open event stream used to keep
/// the server waiting on it without end.
const STOP_LIMIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_sync_load_exits_0_and_keeps_every_acknowledged_op() {
    let seed = seed();
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start_with_env(
        &dir.path().join("data"),
        &[],
        Some(HOST_TOKEN),
        &[("RUST_LOG", "leitai=info,warn")],
    );
    let http = client();
    let tokens: BTreeMap<String, String> = judge_tokens(&http, &server, "demo")
        .await
        .into_iter()
        .collect();

    // The big screen, following the stream: it must not hold the stop up.
    let mut stream = reqwest::Client::new()
        .get(server.url("/api/v1/events/demo/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.chunk().await.unwrap().is_some(), "the stage at once");
    let screen = tokio::spawn(async move {
        // Every chunk until the server ends the stream (None) or the connection breaks.
        while let Ok(Some(_)) = stream.chunk().await {}
    });

    let base: Base = Arc::new(RwLock::new(server.base.clone()));
    let fleet = Fleet::default();
    let devices = spawn_fleet(&tokens, &base, &fleet, seed);
    // Stop in the middle of the load, not before it.
    while fleet.batches.load(Ordering::SeqCst) < 300 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let status = server.terminate(STOP_LIMIT).await;
    assert!(status.success(), "exit status {status:?}");
    let acked_before = fleet.max_acked.load(Ordering::SeqCst);
    tokio::time::timeout(Duration::from_secs(5), screen)
        .await
        .expect("the screen's stream ended with the server")
        .unwrap();
    // The log's last lines may still be on their way through the pipe.
    let mut log = String::new();
    for _ in 0..40 {
        log = server.stderr.lock().unwrap().join("\n");
        if log.contains("everything is flushed to disk") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(log.contains("everything is flushed to disk"), "{log}");
    assert!(
        !log.contains("cut off"),
        "no request had to be cut off: {log}"
    );

    restart_keeping_sequence(&http, &mut server, &base, acked_before).await;
    let acked = land(&fleet, devices).await;
    let total: usize = acked.values().map(Vec::len).sum();
    eprintln!(
        "{total} ops acknowledged, {} batches",
        fleet.batches.load(Ordering::SeqCst)
    );
    assert_acknowledged_ops_stand(&http, &server, &tokens, &acked).await;
}
