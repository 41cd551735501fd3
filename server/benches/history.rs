//! A server with a long past: devices push 8-op batches over many connections, event after
//! event (each judge up to the op limit, then every presenter revealed), until millions of
//! ops are recorded. Prints, for every 15 s slice, the ops acknowledged, the p50/p99
//! latency of a request and the server's resident memory; then the time a restart takes to
//! a healthy `/healthz`, after SIGTERM and after kill -9; then checks that an op of the
//! first event still replays to its recorded result.
//!
//! `cargo bench -p leitai --bench history -- --ops 2000000 --connections 200 --judges 100`
//! `LEITAI_SERVER_BIN` runs another build of the server, to compare two in one session.

#[path = "../tests/common/mod.rs"]
mod common;

use app::domain::limits::MAX_OPS_PER_JUDGE;
use app::domain::EventConfig;
use common::{Server, HOST_TOKEN};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BATCH: usize = 8;

struct Options {
    ops: u64,
    connections: usize,
    judges: usize,
    slice: u64,
}

impl Options {
    fn from_args() -> Options {
        let o = Options {
            ops: common::bench_arg("--ops", 2_000_000),
            connections: common::bench_arg("--connections", 200) as usize,
            judges: common::bench_arg("--judges", 100) as usize,
            slice: common::bench_arg("--slice", 15),
        };
        assert!(o.judges >= 1 && o.connections >= o.judges);
        assert!(o.connections.div_ceil(o.judges) <= app::domain::limits::MAX_DEVICES_PER_JUDGE);
        o
    }
}

fn event(n: usize, judges: usize) -> EventConfig {
    let mut config = common::demo_with_judges(&format!("history{n}"), judges);
    config.title = format!("History {n}");
    config.validated().expect("the event is valid")
}

fn op_id(event: usize, connection: usize, n: u64) -> String {
    format!("{event:08x}-{connection:04x}-4000-8000-{n:012x}")
}

/// What happened in the current slice.
#[derive(Default)]
struct Slice {
    latencies_us: Vec<u64>,
    failures: u64,
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

fn body(
    config: &EventConfig,
    event_n: usize,
    connection: usize,
    first: u64,
    revs: &mut [u64],
) -> Value {
    let ops: Vec<Value> = (0..BATCH as u64)
        .map(|k| {
            let n = first + k;
            let p = (n as usize + connection) % config.presenters.len();
            revs[p] += 1;
            let values: serde_json::Map<String, Value> = config
                .criteria
                .iter()
                .map(|c| (c.id.to_string(), json!(c.min.hundredths() as f64 / 100.0)))
                .collect();
            json!({"op_id": op_id(event_n, connection, n), "presenter": config.presenters[p].id,
                   "rev": revs[p], "values": values, "submitted": n.is_multiple_of(3),
                   "client_time": "2026-07-06T14:00:00+08:00"})
        })
        .collect();
    json!({"device": format!("{connection:08x}-0000-4000-8000-00000000d0ce"), "ops": ops})
}

async fn health_after(server: &Server, started: Instant) -> Duration {
    let http = common::client();
    loop {
        if let Ok(r) = http.get(server.url("/healthz")).send().await {
            if r.status() == 200 {
                return started.elapsed();
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn main() {
    let o = Options::from_args();
    let dir = tempfile::Builder::new()
        .prefix("history-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let data = dir.path().join("data");
    let mut server = Server::start(&data, &["--no-demo"], Some(HOST_TOKEN));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let build = std::env::var("LEITAI_SERVER_BIN").unwrap_or_else(|_| "this build".into());
    println!(
        "history: {} ops in {BATCH}-op batches over {} connections, {} judges an event, {} s slices, server {build}",
        o.ops, o.connections, o.judges, o.slice
    );
    let total = Arc::new(AtomicU64::new(0));
    let slice = Arc::new(Mutex::new(Slice::default()));
    let pid = server.child.id();
    // The answer to the very first batch of the first event, to replay at the end.
    let first_answer: Arc<Mutex<Option<Value>>> = Arc::default();
    rt.block_on(async {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(o.connections)
            .build()
            .unwrap();
        let start = Instant::now();
        let reporter = {
            let total = total.clone();
            let slice = slice.clone();
            let every = Duration::from_secs(o.slice);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval_at((Instant::now() + every).into(), every);
                let mut before = 0;
                println!("| slice | ops | ops/s | p50 ms | p99 ms | failed | RSS MiB |");
                println!("|---|---|---|---|---|---|---|");
                for n in 1.. {
                    tick.tick().await;
                    let now = total.load(Ordering::Relaxed);
                    let mut s = std::mem::take(&mut *slice.lock().unwrap());
                    s.latencies_us.sort_unstable();
                    println!(
                        "| {n} | {now} | {:.0} | {:.1} | {:.1} | {} | {:.0} |",
                        (now - before) as f64 / every.as_secs_f64(),
                        percentile(&s.latencies_us, 0.5),
                        percentile(&s.latencies_us, 0.99),
                        s.failures,
                        rss_kib(pid) as f64 / 1024.0
                    );
                    before = now;
                }
            })
        };
        // Each device keeps its judge within the op limit: the judge's share, whole batches.
        let devices_per_judge = o.connections.div_ceil(o.judges) as u64;
        let per_device = (MAX_OPS_PER_JUDGE as u64 / devices_per_judge) / BATCH as u64 * BATCH as u64;
        let mut event_n = 0;
        while total.load(Ordering::Relaxed) < o.ops {
            event_n += 1;
            let config = event(event_n, o.judges);
            common::import_event(&http, &server, &config).await;
            let tokens: Vec<String> = common::judge_tokens(&http, &server, config.id.as_str())
                .await
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            let url = server.url(&format!("/api/v1/events/{}/sync", config.id));
            let tasks: Vec<_> = (0..o.connections)
                .map(|c| {
                    let (http, url, config) = (http.clone(), url.clone(), config.clone());
                    let token = tokens[c % o.judges].clone();
                    let (total, slice, target) = (total.clone(), slice.clone(), o.ops);
                    let first_answer = first_answer.clone();
                    tokio::spawn(async move {
                        let mut revs = vec![0u64; config.presenters.len()];
                        let mut sent = 0u64;
                        while sent < per_device && total.load(Ordering::Relaxed) < target {
                            let body = body(&config, event_n, c, sent, &mut revs);
                            let at = Instant::now();
                            let answer = match http.post(&url).bearer_auth(&token).json(&body).send().await {
                                Ok(r) if r.status() == 200 => r.json::<Value>().await.ok(),
                                _ => None,
                            };
                            let ok = answer.is_some();
                            if event_n == 1 && c == 0 && sent == 0 {
                                *first_answer.lock().unwrap() = answer;
                            }
                            let took = at.elapsed().as_micros() as u64;
                            {
                                let mut s = slice.lock().unwrap();
                                if ok {
                                    s.latencies_us.push(took);
                                } else {
                                    s.failures += 1;
                                }
                            }
                            if ok {
                                total.fetch_add(BATCH as u64, Ordering::Relaxed);
                                sent += BATCH as u64;
                            } else {
                                tokio::time::sleep(Duration::from_millis(100)).await;
                            }
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
            for p in &config.presenters {
                let r = http
                    .post(server.url(&format!(
                        "/api/v1/events/{}/presenters/{}/reveal",
                        config.id, p.id
                    )))
                    .bearer_auth(HOST_TOKEN)
                    .json(&json!({"force": true}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200, "the reveal of {}", p.id);
            }
        }
        let elapsed = start.elapsed();
        reporter.abort();
        let ops = total.load(Ordering::Relaxed);
        println!(
            "\n{ops} ops in {event_n} events over {:.1} s ({:.0} ops/s), every presenter revealed; server RSS {:.0} MiB",
            elapsed.as_secs_f64(),
            ops as f64 / elapsed.as_secs_f64(),
            rss_kib(pid) as f64 / 1024.0
        );

        let status = server.terminate(Duration::from_secs(60)).await;
        assert!(status.success(), "the server stops cleanly");
        let started = Instant::now();
        server = Server::start(&data, &["--no-demo"], Some(HOST_TOKEN));
        let after_term = health_after(&server, started).await;
        let idle_rss = rss_kib(server.child.id());
        server.kill();
        let started = Instant::now();
        server = Server::start(&data, &["--no-demo"], Some(HOST_TOKEN));
        let after_kill = health_after(&server, started).await;
        println!(
            "restart to a healthy /healthz: {:.2} s after SIGTERM, {:.2} s after kill -9; RSS after the restart {:.0} MiB",
            after_term.as_secs_f64(),
            after_kill.as_secs_f64(),
            idle_rss as f64 / 1024.0
        );

        // The first op ever sent still gets its recorded result.
        let config = event(1, o.judges);
        let token = common::judge_token(&http, &server, "history1", "j0001").await;
        let mut revs = vec![0u64; config.presenters.len()];
        let body = body(&config, 1, 0, 0, &mut revs);
        let answer: Value = http
            .post(server.url("/api/v1/events/history1/sync"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let recorded = first_answer.lock().unwrap().clone().expect("the first batch was answered");
        assert_eq!(answer["results"], recorded["results"], "the first batch replays as recorded");
        println!(
            "the first batch of the first event replays to its recorded results (first server_seq {})",
            answer["results"][0]["server_seq"]
        );
    });
}
