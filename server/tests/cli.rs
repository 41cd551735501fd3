//! `leitai serve` as a person starts it: the demo seed, the host token, healthz, and
//! clear refusals for data dirs it must not use.

use crate::common;
use common::*;

#[tokio::test]
async fn a_new_data_dir_gets_the_demo_event_and_a_printed_host_link() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("data"), &[], None);
    let http = client();
    assert_eq!(
        http.get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let link = server
        .stdout
        .iter()
        .find(|l| l.starts_with("Host link: "))
        .expect("a host link is printed");
    let token = link
        .rsplit_once("#token=")
        .expect("the link carries the token")
        .1;
    assert!(token.len() >= 32, "at least 128 bits, hex: {token}");
    let res = http
        .get(server.url("/api/v1/events/demo/judges"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["judges"].as_array().unwrap().len(), 15);
}

#[tokio::test]
async fn the_generated_host_token_is_kept_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = Server::start(&data, &[], None).stdout.join("\n");
    let second = Server::start(&data, &[], None).stdout.join("\n");
    let token = |out: &str| {
        out.rsplit_once("#token=")
            .unwrap()
            .1
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(token(&first), token(&second));
}

#[tokio::test]
async fn leitai_host_token_is_a_host_token_and_no_demo_seeds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--no-demo"], Some(HOST_TOKEN));
    let http = client();
    let res = http
        .get(server.url("/api/v1/events/demo/judges"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "no demo event with --no-demo");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    let res = http
        .get(server.url("/api/v1/events/demo/judges"))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(
        !server.stdout.join("\n").contains(HOST_TOKEN),
        "a token from the environment is not printed"
    );
}

#[test]
fn a_locked_data_dir_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let _holder = Server::start(dir.path(), &[], None);
    let path = dir.path().to_str().unwrap();
    let (ok, stderr) = run_to_end(&["serve", "--data", path, "--addr", "127.0.0.1:0"]);
    assert!(!ok);
    assert!(
        stderr.contains("in use by another Leitai process"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_foreign_or_unwritable_data_dir_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
    let path = dir.path().to_str().unwrap();
    let (ok, stderr) = run_to_end(&["serve", "--data", path, "--addr", "127.0.0.1:0"]);
    assert!(!ok);
    assert!(
        stderr.contains("is not a Leitai data directory"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing was added"
    );

    let under_file = dir.path().join("thesis.docx").join("data");
    let (ok, stderr) = run_to_end(&[
        "serve",
        "--data",
        under_file.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ]);
    assert!(!ok);
    assert!(stderr.contains("cannot write to"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_accepts_a_good_config_and_names_every_field_of_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("demo.toml");
    std::fs::write(&good, app::domain::DEMO_TOML).unwrap();
    let (ok, stderr) = run_to_end(&["check", good.to_str().unwrap()]);
    assert!(ok, "{stderr}");

    let bad = dir.path().join("bad.toml");
    let text = app::domain::DEMO_TOML
        .replacen("group = \"business\"", "group = \"nobody\"", 1)
        .replacen("max = 50", "max = 50.25", 1);
    std::fs::write(&bad, text).unwrap();
    let (ok, stderr) = run_to_end(&["check", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("judges[0].group"), "{stderr}");
    assert!(stderr.contains("criteria[0]"), "{stderr}");
    assert!(stderr.contains("2 problem(s)"), "{stderr}");
}
