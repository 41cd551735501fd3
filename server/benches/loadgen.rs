//! Load generator: N simulated judges, each with its own device, push batches of sheet ops to
//! the real release server over loopback HTTP, each waiting for its acknowledgement before
//! sending the next, as the app's outbox does. Prints durable ops per second and the
//! acknowledgement latency of a request.
//!
//! `cargo bench -p leitai --bench loadgen -- --judges 200 --seconds 10 --batch 5`
//! (or `LOADGEN_JUDGES`, `LOADGEN_SECONDS`, `LOADGEN_BATCH`). `LEITAI_SERVER_BIN` runs
//! another build of the server instead, to compare two in one session.

#[path = "../tests/common/mod.rs"]
mod common;

use app::domain::EventConfig;
use common::{Server, HOST_TOKEN};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

struct Options {
    judges: usize,
    seconds: u64,
    batch: usize,
}

impl Options {
    fn from_env_and_args() -> Options {
        let env = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let mut options = Options {
            judges: env("LOADGEN_JUDGES", 200) as usize,
            seconds: env("LOADGEN_SECONDS", 10),
            batch: env("LOADGEN_BATCH", 5) as usize,
        };
        // `cargo bench` adds `--bench`; anything not ours is ignored.
        let args: Vec<String> = std::env::args().skip(1).collect();
        for pair in args.windows(2) {
            let value = || {
                pair[1]
                    .parse::<u64>()
                    .unwrap_or_else(|_| panic!("{} needs a number, not {}", pair[0], pair[1]))
            };
            match pair[0].as_str() {
                "--judges" => options.judges = value() as usize,
                "--seconds" => options.seconds = value(),
                "--batch" => options.batch = value() as usize,
                _ => {}
            }
        }
        assert!(options.judges >= 1 && options.batch >= 1 && options.batch <= 500);
        options
    }
}

/// The demo contest with `n` judges spread over its five groups, any sheet a quorum.
fn event_with_judges(n: usize) -> EventConfig {
    let mut config = common::demo_with_judges("load", n);
    config.aggregation.quorum_min_sheets = 1;
    config.aggregation.quorum_min_per_group = 0;
    config.validated().expect("the load event is valid")
}

/// What one judge's device did.
#[derive(Default)]
struct Tally {
    requests: u64,
    ops: u64,
    failures: u64,
    latencies_us: Vec<u64>,
}

fn uuid(judge: usize, n: u64) -> String {
    format!("{:08x}-0000-4000-8000-{n:012x}", judge + 1)
}

/// One judge's device: whole sheets with increasing revs, some submitted, one batch in
/// flight at a time.
async fn judge_device(
    sync_url: String,
    token: String,
    judge: usize,
    config: EventConfig,
    batch: usize,
    start: Instant,
    until: Instant,
) -> Tally {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let device = uuid(judge, 0xdef1ce);
    let mut revs = vec![0u64; config.presenters.len()];
    let mut next_op = 1u64;
    let mut rng = StdRng::seed_from_u64(judge as u64);
    let mut tally = Tally::default();
    // Judges do not all tap at the same instant.
    tokio::time::sleep_until((start + Duration::from_micros(rng.random_range(0..20_000))).into())
        .await;
    while Instant::now() < until {
        let ops: Vec<Op> = (0..batch)
            .map(|_| {
                let p = rng.random_range(0..config.presenters.len());
                revs[p] += 1;
                let submitted = rng.random_bool(0.3);
                let values = config
                    .criteria
                    .iter()
                    .map(|c| {
                        let steps = (c.max.hundredths() - c.min.hundredths()) / c.step.hundredths();
                        let k = rng.random_range(0..=steps);
                        let v = (c.min.hundredths() + k * c.step.hundredths()) as f64 / 100.0;
                        let v = (submitted || rng.random_bool(0.7)).then_some(v);
                        (c.id.as_str(), v)
                    })
                    .collect();
                next_op += 1;
                Op {
                    op_id: uuid(judge, next_op),
                    presenter: config.presenters[p].id.as_str(),
                    rev: revs[p],
                    values,
                    submitted,
                    client_time: "2026-07-06T14:00:00+08:00",
                }
            })
            .collect();
        let body = serde_json::to_vec(&Batch {
            device: &device,
            ops,
        })
        .unwrap();
        let sent = Instant::now();
        let res = http
            .post(&sync_url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await;
        let answer = match res {
            Ok(r) if r.status() == 200 => r.bytes().await.ok(),
            _ => None,
        };
        let took = sent.elapsed();
        match answer {
            Some(bytes) => {
                let answer: Answer = serde_json::from_slice(&bytes).expect("the contract's answer");
                assert_eq!(answer.results.len(), batch, "one result per op");
                for r in &answer.results {
                    assert_eq!(r.outcome, "applied", "a good op is applied");
                }
                tally.requests += 1;
                tally.ops += batch as u64;
                tally.latencies_us.push(took.as_micros() as u64);
            }
            None => tally.failures += 1,
        }
    }
    tally
}

/// A sync request as a device sends it.
#[derive(Serialize)]
struct Batch<'a> {
    device: &'a str,
    ops: Vec<Op<'a>>,
}

/// One op: the judge's whole sheet for one presenter.
#[derive(Serialize)]
struct Op<'a> {
    op_id: String,
    presenter: &'a str,
    rev: u64,
    values: BTreeMap<&'a str, Option<f64>>,
    submitted: bool,
    client_time: &'static str,
}

#[derive(Deserialize)]
struct Answer {
    results: Vec<OpAnswer>,
}

#[derive(Deserialize)]
struct OpAnswer {
    outcome: String,
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

fn main() {
    let options = Options::from_env_and_args();
    let config = event_with_judges(options.judges);
    let dir = tempfile::Builder::new()
        .prefix("loadgen-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&data, &["--no-demo"], Some(HOST_TOKEN));
    // One thread drives every simulated device, so the load generator takes at most one of
    // the machine's cores and leaves the rest to the server.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        common::import_event(&http, &server, &config).await;
        let tokens: Vec<String> = common::judge_tokens(&http, &server, "load")
            .await
            .into_iter()
            .map(|(_, token)| token)
            .collect();
        assert_eq!(tokens.len(), options.judges);
        let build = std::env::var("LEITAI_SERVER_BIN").unwrap_or_else(|_| "this build".into());
        println!(
            "loadgen: {} judges, {} ops per batch, {} s, server {} ({build}, release), data in {}",
            options.judges,
            options.batch,
            options.seconds,
            server.base,
            data.display()
        );
        let start = Instant::now() + Duration::from_millis(200);
        let until = start + Duration::from_secs(options.seconds);
        let tasks: Vec<_> = tokens
            .into_iter()
            .enumerate()
            .map(|(i, token)| {
                tokio::spawn(judge_device(
                    server.url("/api/v1/events/load/sync"),
                    token,
                    i,
                    config.clone(),
                    options.batch,
                    start,
                    until,
                ))
            })
            .collect();
        let mut all = Tally::default();
        for t in tasks {
            let t = t.await.unwrap();
            all.requests += t.requests;
            all.ops += t.ops;
            all.failures += t.failures;
            all.latencies_us.extend(t.latencies_us);
        }
        let elapsed = start.elapsed().as_secs_f64();
        all.latencies_us.sort_unstable();
        let l = &all.latencies_us;
        println!(
            "acknowledged: {} ops in {} requests over {:.2} s; {} failed requests",
            all.ops, all.requests, elapsed, all.failures
        );
        println!(
            "durable ops/s: {:.0}   requests/s: {:.0}",
            all.ops as f64 / elapsed,
            all.requests as f64 / elapsed
        );
        println!(
            "ack latency per request (ms): p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
            percentile(l, 0.50),
            percentile(l, 0.90),
            percentile(l, 0.99),
            percentile(l, 1.0)
        );
    });
    let log = server.stderr.lock().unwrap();
    if !log.is_empty() {
        println!("the server logged:");
        for line in log.iter() {
            println!("  {line}");
        }
    }
}
