//! Stream fan-out: N subscribers hold the event stream open on loopback while the host
//! reveals presenters; prints, per reveal and overall, the time from the host's request
//! until each subscriber has the `results` event, and the server's memory (RSS) with the
//! subscribers connected.
//!
//! `cargo bench -p leitai --bench stream_fanout -- --subscribers 1000 --reveals 5`

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Server, HOST_TOKEN};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};

/// Streams being opened at once: thousands of connects in one burst overflow the
/// listener's backlog, and a dropped SYN waits a second or more for its retry.
const OPENING_AT_ONCE: usize = 256;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// How the subscribers are getting on: streams live, and refused or failed attempts.
#[derive(Default)]
struct Tally {
    live: AtomicUsize,
    retries: AtomicUsize,
}

/// Holds one stream open (trying again until the server takes it); reports the moment each
/// `results` event naming `latest` arrives.
async fn subscriber(
    http: reqwest::Client,
    url: String,
    opening: Arc<Semaphore>,
    tally: Arc<Tally>,
    seen: mpsc::UnboundedSender<(String, Instant)>,
) {
    let mut permit = Some(opening.acquire_owned().await.unwrap());
    let mut res = loop {
        match http.get(&url).send().await {
            Ok(res) if res.status() == 200 => break res,
            _ => {
                tally.retries.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    let mut text = String::new();
    let mut first = true;
    while let Ok(Some(chunk)) = res.chunk().await {
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            if !block.lines().any(|l| l == "event: results") {
                continue;
            }
            if first {
                // The snapshot every new subscriber gets: now it is live.
                first = false;
                permit.take();
                tally.live.fetch_add(1, Ordering::SeqCst);
                continue;
            }
            let data = block
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .unwrap_or("{}");
            let v: serde_json::Value = serde_json::from_str(data).unwrap_or_default();
            if let Some(latest) = v["latest"].as_str() {
                let _ = seen.send((latest.to_string(), Instant::now()));
            }
        }
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let asked = arg("--subscribers", 1000);
    let reveals = arg("--reveals", 5).min(10);
    let dir = tempfile::tempdir().unwrap();
    // Thousands of streams need as many files on both ends: the bench's own limit and the
    // server's are raised to the hard limit, and the server's connection cap above the count.
    let (_, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap();
    rlimit::setrlimit(rlimit::Resource::NOFILE, hard, hard).unwrap();
    // The server keeps two files a connection and 64 to spare (`edge::connections`): past
    // that it holds new connections back, and a stream asked for would never open. A few
    // are left for the host's requests.
    let room = usize::try_from(hard.saturating_sub(64) / 2)
        .unwrap_or(usize::MAX)
        .saturating_sub(16);
    let subscribers = asked.min(room);
    if subscribers < asked {
        println!(
            "this machine's open-file limit ({hard}) lets the server hold {room} connections: \
             measuring {subscribers} subscribers instead of {asked}"
        );
    }
    let cap = (subscribers + 64).to_string();
    let mut server = Server::start_with_open_files(
        dir.path(),
        &["--max-connections", &cap],
        Some(HOST_TOKEN),
        &[],
        Some((hard, hard)),
    );
    let pid = server.child.id();
    let rss_idle = rss_kib(pid).unwrap_or(0);
    let url = server.url("/api/v1/events/demo/stream");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();

    let opening = Arc::new(Semaphore::new(OPENING_AT_ONCE));
    let tally = Arc::new(Tally::default());
    let (tx, mut rx) = mpsc::unbounded_channel();
    let connecting = Instant::now();
    for _ in 0..subscribers {
        tokio::spawn(subscriber(
            http.clone(),
            url.clone(),
            opening.clone(),
            tally.clone(),
            tx.clone(),
        ));
    }
    let mut last_report = Instant::now();
    while tally.live.load(Ordering::SeqCst) < subscribers {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if last_report.elapsed() > Duration::from_secs(10) {
            last_report = Instant::now();
            eprintln!(
                "  {} of {subscribers} streams live after {:.0} s ({} attempts refused or failed)",
                tally.live.load(Ordering::SeqCst),
                connecting.elapsed().as_secs_f64(),
                tally.retries.load(Ordering::Relaxed)
            );
        }
    }
    let connected_in = connecting.elapsed();
    let rss_connected = rss_kib(pid).unwrap_or(0);

    let show: serde_json::Value = http
        .get(server.url("/api/v1/events/demo/show"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let order: Vec<String> = show["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();

    let mut all = Vec::new();
    println!(
        "stream fan-out: {subscribers} subscribers, {reveals} reveals, server {}",
        server.base
    );
    println!(
        "all {subscribers} streams live in {:.1} s ({} attempts refused or failed on the way)",
        connected_in.as_secs_f64(),
        tally.retries.load(Ordering::Relaxed)
    );
    for presenter in order.iter().take(reveals) {
        let start = Instant::now();
        let res = http
            .post(server.url(&format!(
                "/api/v1/events/demo/presenters/{presenter}/reveal"
            )))
            .bearer_auth(HOST_TOKEN)
            .json(&serde_json::json!({"force": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let acked = start.elapsed();
        let mut times = Vec::with_capacity(subscribers);
        while times.len() < subscribers {
            let (latest, at) = tokio::time::timeout(Duration::from_secs(30), rx.recv())
                .await
                .expect("every subscriber hears of the reveal")
                .unwrap();
            if &latest == presenter {
                times.push(at.duration_since(start).as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "reveal {presenter:>10}: host ack {:6.1} ms; delivered p50 {:6.1}  p99 {:6.1}  max {:6.1} ms",
            acked.as_secs_f64() * 1000.0,
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times.last().copied().unwrap_or(f64::NAN)
        );
        all.extend(times);
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "all reveals: {} deliveries; p50 {:.1} ms  p90 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(f64::NAN)
    );
    let rss_after = rss_kib(pid).unwrap_or(0);
    println!(
        "server RSS: {:.1} MiB idle, {:.1} MiB with {subscribers} subscribers ({:.1} KiB each), {:.1} MiB after the reveals",
        rss_idle as f64 / 1024.0,
        rss_connected as f64 / 1024.0,
        (rss_connected.saturating_sub(rss_idle)) as f64 / subscribers.max(1) as f64,
        rss_after as f64 / 1024.0
    );
    server.kill();
}
