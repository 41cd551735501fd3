//! Test helpers: the real `leitai` binary on a free loopback port over a temporary data dir.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const HOST_TOKEN: &str = "test-host-token-0123456789abcdef";

pub struct Server {
    pub base: String,
    pub child: Child,
    pub data: PathBuf,
    pub stdout: Vec<String>,
}

impl Server {
    /// Starts `leitai serve` on port 0 and reads the address it prints.
    pub fn start(data: &Path, extra: &[&str], host_token: Option<&str>) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_leitai"));
        cmd.args(["serve", "--data"])
            .arg(data)
            .args(["--addr", "127.0.0.1:0"])
            .args(extra);
        cmd.env_remove("LEITAI_HOST_TOKEN");
        if let Some(token) = host_token {
            cmd.env("LEITAI_HOST_TOKEN", token);
        }
        cmd.env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the leitai binary starts");
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
            let out = child.wait_with_output().unwrap();
            panic!(
                "the server did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        Server {
            base,
            child,
            data: data.to_path_buf(),
            stdout,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
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
