//! Test helpers: the real `leitai` binary on a free loopback port over a temporary data dir.
#![allow(dead_code)]

pub mod devices;
pub mod script;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const HOST_TOKEN: &str = "test-host-token-0123456789abcdef";

pub struct Server {
    pub base: String,
    pub child: Child,
    pub data: PathBuf,
    pub stdout: Vec<String>,
    /// What the server wrote to stderr so far, line by line.
    pub stderr: Arc<Mutex<Vec<String>>>,
    extra: Vec<String>,
    host_token: Option<String>,
    env: Vec<(String, String)>,
}

impl Server {
    /// Starts `leitai serve` on port 0 and reads the address it prints.
    pub fn start(data: &Path, extra: &[&str], host_token: Option<&str>) -> Server {
        Server::start_with_env(data, extra, host_token, &[])
    }

    /// As `start`, with these environment variables set too (`RUST_LOG` is `warn` unless
    /// given).
    pub fn start_with_env(
        data: &Path,
        extra: &[&str],
        host_token: Option<&str>,
        env: &[(&str, &str)],
    ) -> Server {
        Server::start_with_open_files(data, extra, host_token, env, None)
    }

    /// As `start_with_env`, the server's open-file limit (soft, hard) set as a service
    /// manager would set it.
    pub fn start_with_open_files(
        data: &Path,
        extra: &[&str],
        host_token: Option<&str>,
        env: &[(&str, &str)],
        open_files: Option<(u64, u64)>,
    ) -> Server {
        // Another build, when a benchmark compares two in one run.
        let exe = std::env::var_os("LEITAI_SERVER_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_leitai")));
        let mut cmd = Command::new(exe);
        cmd.args(["serve", "--data"])
            .arg(data)
            .args(["--addr", "127.0.0.1:0"])
            .args(extra);
        cmd.env_remove("LEITAI_HOST_TOKEN");
        if let Some(token) = host_token {
            cmd.env("LEITAI_HOST_TOKEN", token);
        }
        cmd.env("RUST_LOG", "warn");
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some((soft, hard)) = open_files {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is a single system call, safe between fork and exec.
            unsafe {
                cmd.pre_exec(move || rlimit::setrlimit(rlimit::Resource::NOFILE, soft, hard));
            }
        }
        let mut child = cmd.spawn().expect("the leitai binary starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let err_lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let sink = stderr.clone();
        // Drain stderr too: a full pipe would stall the server.
        let stderr_done = std::thread::spawn(move || {
            for line in err_lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut stdout = Vec::new();
        let mut base = None;
        for line in lines.by_ref().take(2) {
            let line = line.expect("stdout is readable");
            if let Some(rest) = line.strip_prefix("Leitai is serving ") {
                base = Some(rest.trim().to_string());
            }
            stdout.push(line);
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let Some(base) = base else {
            let _ = child.kill();
            let _ = child.wait();
            let _ = stderr_done.join();
            panic!(
                "the server did not start: {}",
                stderr.lock().unwrap().join("\n")
            );
        };
        Server {
            base,
            child,
            data: data.to_path_buf(),
            stdout,
            stderr,
            extra: extra.iter().map(|a| a.to_string()).collect(),
            host_token: host_token.map(str::to_string),
            env: env
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Kills the server if it still runs and starts it again on the same data dir, with the
    /// same arguments; it listens on a new port.
    pub fn restart(&mut self) {
        self.kill();
        let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        *self = Server::start_with_env(&self.data, &extra, self.host_token.as_deref(), &env);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends SIGTERM and waits for the process to end, for at most `limit`; its exit status.
    /// Async, so the caller's runtime goes on answering its connections meanwhile.
    pub async fn terminate(&mut self, limit: Duration) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        let start = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < limit,
                "still running {limit:?} after SIGTERM: {}",
                self.stderr.lock().unwrap().join("\n")
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs `leitai` to completion and returns (success, stderr).
pub fn run_to_end(args: &[&str]) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_leitai"));
    cmd.args(args).env("RUST_LOG", "off");
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_with_timeout(child, Duration::from_secs(20));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Restores an event's backup (`GET …/backup`) with `leitai import` into a new data dir
/// under `dir`: that data dir.
pub fn restore(backup: &serde_json::Value, dir: &Path) -> PathBuf {
    let file = dir.join("backup.json");
    std::fs::write(&file, backup.to_string()).unwrap();
    let data = dir.join("restored");
    let (ok, stderr) = run_to_end(&[
        "import",
        "--data",
        data.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    data
}

fn wait_with_timeout(mut child: Child, limit: Duration) -> std::process::Output {
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("leitai did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// Imports an event config as the host (`POST /api/v1/events`, JSON).
pub async fn import_event(
    http: &reqwest::Client,
    server: &Server,
    config: &app::domain::EventConfig,
) {
    let res = http
        .post(server.url("/api/v1/events"))
        .bearer_auth(HOST_TOKEN)
        .json(config)
        .send()
        .await
        .unwrap();
    let status = res.status();
    assert_eq!(status, 201, "{}", res.text().await.unwrap_or_default());
}

/// Each judge's id and sign-in token, in the event's order.
pub async fn judge_tokens(
    http: &reqwest::Client,
    server: &Server,
    event: &str,
) -> Vec<(String, String)> {
    let body: serde_json::Value = http
        .get(server.url(&format!("/api/v1/events/{event}/judges")))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["judges"]
        .as_array()
        .expect("a list of judges")
        .iter()
        .map(|j| {
            let field = |f: &str| j[f].as_str().unwrap().to_string();
            (field("id"), field("token"))
        })
        .collect()
}

/// One judge's sign-in token.
pub async fn judge_token(
    http: &reqwest::Client,
    server: &Server,
    event: &str,
    judge: &str,
) -> String {
    judge_tokens(http, server, event)
        .await
        .into_iter()
        .find(|(id, _)| id == judge)
        .map(|(_, token)| token)
        .expect("the judge has a link")
}

/// The demo contest under another id, with `n` judges spread over its five groups.
pub fn demo_with_judges(id: &str, n: usize) -> app::domain::EventConfig {
    use app::domain::event::Judge;
    use app::domain::Id;
    let mut config = app::domain::demo_event();
    config.id = Id::parse(id).unwrap();
    let groups: Vec<Id> = config.groups.iter().map(|g| g.id.clone()).collect();
    config.judges = (0..n)
        .map(|i| Judge {
            id: Id::parse(&format!("j{:04}", i + 1)).unwrap(),
            name: format!("Judge {}", i + 1),
            group: groups[i % groups.len()].clone(),
            recused: Vec::new(),
        })
        .collect();
    config
}

/// A benchmark's `--name N` argument, or `default` (anything else on the line is cargo's).
pub fn bench_arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|w| w[0] == name)
        .map(|w| {
            w[1].parse()
                .unwrap_or_else(|_| panic!("{name} needs a number, not {}", w[1]))
        })
        .unwrap_or(default)
}

/// A server of its own over a temporary data dir, and a client: what each API test opens.
pub struct Room {
    pub server: Server,
    pub http: reqwest::Client,
    pub _dir: tempfile::TempDir,
}

impl Room {
    pub fn open() -> Room {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
        Room {
            server,
            http: client(),
            _dir: dir,
        }
    }

    /// A request with `token` (none: no sign-in) and a JSON body; the status and the JSON
    /// answer (`Null` when the answer is not JSON).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut req = self.http.request(method, self.server.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A request as the host.
    pub async fn host(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        self.send(method, path, Some(HOST_TOKEN), body).await
    }
}
