//! Connections from outside, against the real binary: floods of idle and half-sent
//! connections, the header timeout that closes them, and the cap that keeps them below the
//! open-file limit, event streams included.

use crate::common;
use common::*;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn addr(server: &Server) -> String {
    server.base.trim_start_matches("http://").to_string()
}

/// This test process opens many sockets: as many files as it may.
fn allow_many_open_files() {
    let _ = rlimit::increase_nofile_limit(u64::MAX);
}

/// `n` connections: every other one sends nothing, the rest half a request's headers.
async fn idle_and_half_sent(server: &Server, n: usize) -> Vec<TcpStream> {
    let mut open = Vec::with_capacity(n);
    for i in 0..n {
        let mut socket = TcpStream::connect(addr(server)).await.unwrap();
        if i % 2 == 1 {
            socket
                .write_all(b"GET /api/v1/events/demo/results HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .await
                .unwrap();
        }
        open.push(socket);
    }
    open
}

async fn timed_health(http: &reqwest::Client, server: &Server) -> Duration {
    let start = Instant::now();
    let res = http
        .get(server.url("/healthz"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("/healthz answers");
    assert_eq!(res.status(), 200);
    start.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifteen_hundred_idle_and_half_sent_connections_leave_health_and_sync_answering() {
    allow_many_open_files();
    let dir = tempfile::tempdir().unwrap();
    // A service manager's usual limits: 1,024 open files unless the program asks for more.
    let server =
        Server::start_with_open_files(dir.path(), &[], Some(HOST_TOKEN), &[], Some((1024, 8192)));
    let http = client();
    let judge = judge_token(&http, &server, "demo", "j01").await;
    let _flood = idle_and_half_sent(&server, 1500).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let health = timed_health(&http, &server).await;
    assert!(health < Duration::from_secs(1), "/healthz took {health:?}");
    let start = Instant::now();
    let body = json!({"device": "00000000-0000-4000-8000-00000000000a", "ops": [{
        "op_id": "00000000-0000-4000-8000-000000000001", "presenter": "jiaozhou", "rev": 1,
        "values": {"results": 40}, "submitted": false}]});
    let res = http
        .post(server.url("/api/v1/events/demo/sync"))
        .bearer_auth(&judge)
        .json(&body)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("the judge's sync answers");
    assert_eq!(res.status(), 200);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "sync took {:?}",
        start.elapsed()
    );
    let log = server.stderr.lock().unwrap().join("\n");
    assert!(!log.contains("Too many open files"), "{log}");
}

/// Reads until the server closes the connection, or `limit` passes; when it closed.
async fn closed_within(socket: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((start + limit).into(), socket.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn idle_half_sent_and_kept_alive_connections_are_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--header-timeout", "1"], Some(HOST_TOKEN));
    let mut idle = TcpStream::connect(addr(&server)).await.unwrap();
    let mut half = TcpStream::connect(addr(&server)).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut kept = TcpStream::connect(addr(&server)).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 1024];
    let n = kept.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    for (socket, what) in [
        (&mut idle, "idle"),
        (&mut half, "half-sent"),
        (&mut kept, "kept alive"),
    ] {
        let closed = closed_within(socket, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "a {what} connection was left open");
    }
}

#[tokio::test]
async fn past_the_cap_connections_wait_and_event_streams_count_toward_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["--max-connections", "3", "--header-timeout", "30"],
        Some(HOST_TOKEN),
    );
    let http = client();
    assert!(timed_health(&http, &server).await < Duration::from_secs(1));
    // Three screens hold the three connections, and stay open.
    let mut streams = Vec::new();
    for _ in 0..3 {
        let screen = reqwest::Client::new();
        let res = screen
            .get(server.url("/api/v1/events/demo/stream"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        streams.push(res);
    }
    let waiting = reqwest::Client::new()
        .get(server.url("/healthz"))
        .timeout(Duration::from_millis(1500))
        .send()
        .await;
    assert!(
        waiting.is_err(),
        "a fourth connection is not served while three streams are open"
    );
    drop(streams.pop());
    let freed = timed_health(&reqwest::Client::new(), &server).await;
    assert!(
        freed < Duration::from_secs(2),
        "/healthz took {freed:?} once a stream closed"
    );
}
