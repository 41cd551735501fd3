//! What every request meets at the edge, over real HTTP against the real binary: the
//! security headers and the page's script nonce, the request log, the slowdown for bad
//! tokens, the limits, and the links `--public-url` and `--trusted-proxy` shape.

use crate::common;
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const DEVICE: &str = "00000000-0000-4000-8000-00000000000a";

fn sync_body(n: u64) -> String {
    json!({"device": DEVICE, "ops": [{
        "op_id": format!("00000000-0000-4000-8000-{n:012x}"), "presenter": "jiaozhou",
        "rev": n, "values": {}, "submitted": false,
    }]})
    .to_string()
}

/// What a QR code in the server's SVG says: its dark modules, drawn as
/// `M{left} {top}h{width}v{height}H{left}V{top}` runs, read back with a QR decoder.
fn read_qr(svg: &str) -> String {
    let number = |attr: &str| -> usize {
        let start = svg.find(&format!("{attr}=\"")).expect(attr) + attr.len() + 2;
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (width, height) = (number("width"), number("height"));
    let mut dark = vec![false; width * height];
    let path = svg
        .split(" d=\"")
        .nth(1)
        .expect("a path")
        .split('"')
        .next()
        .unwrap();
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let n: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (left, top, w, h) = (n[0], n[1], n[2], n[3]);
        for y in top..top + h {
            for x in left..left + w {
                dark[y * width + x] = true;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_bitmap(width, height, |x, y| dark[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the SVG");
    grids[0].decode().expect("the QR code reads").1
}

fn header(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

/// The nonce the CSP header names for its inline scripts.
fn csp_nonce(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("the policy names a nonce") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_string()
}

fn assert_security_headers(res: &reqwest::Response, what: &str) {
    assert_eq!(
        header(res, "referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(
        header(res, "x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(res, "x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
    let csp = header(res, "content-security-policy").unwrap_or_else(|| panic!("{what}: CSP"));
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' 'nonce-",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "manifest-src 'self'",
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} in {csp}");
    }
    assert!(!csp.contains("'unsafe-eval'"), "{what}: {csp}");
    assert!(!csp.contains("script-src 'unsafe-inline'"), "{what}: {csp}");
}

/// Polls the server's stderr until `pred` holds for it, or two seconds pass.
fn stderr_until(server: &Server, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let text = server.stderr.lock().unwrap().join("\n");
        if pred(&text) || start.elapsed() > Duration::from_secs(2) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn pages_and_api_answers_carry_the_security_headers_and_the_page_scripts_its_nonce() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let judge = judge_token(&http, &server, "demo", "j01").await;

    // Every page of the app's router, and an unknown one.
    let pages = [
        "/".to_string(),
        "/j".into(),
        format!("/j/{judge}"),
        "/host".into(),
        "/host/events".into(),
        "/host/edit".into(),
        "/host/setup".into(),
        "/host/links".into(),
        "/host/results".into(),
        "/host/items".into(),
        "/u/not-a-token".into(),
        "/host/audit".into(),
        "/host/report".into(),
        "/results".into(),
        "/screen".into(),
        "/no-such-page".into(),
    ];
    let mut nonces = Vec::new();
    for path in &pages {
        let res = http.get(server.url(path)).send().await.unwrap();
        assert_security_headers(&res, path);
        assert_eq!(header(&res, "strict-transport-security"), None, "{path}");
        let nonce = csp_nonce(&header(&res, "content-security-policy").unwrap());
        let status = res.status();
        let html = res.text().await.unwrap();
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(
            !scripts.is_empty(),
            "{path} has its loader script; {status}: {}\nthe server logged: {}",
            &html[..html.len().min(600)],
            server.stderr.lock().unwrap().join("\n")
        );
        for script in scripts {
            let tag = script.split('>').next().unwrap();
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: <script{tag}> carries the header's nonce {nonce}"
            );
        }
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), pages.len(), "each response has its own nonce");

    // Every API route (answered, refused or in conflict alike), and the static files.
    let event = |path: &str| server.url(&format!("/api/v1/events/demo{path}"));
    let host_gets = [
        "/config",
        "/judges",
        "/judge-cards",
        "/results",
        "/late",
        "/show",
        "/progress",
        "/ranking",
        "/presenters/jiaozhou/preview",
        "/audit",
        "/results/full",
        "/export/results.csv",
        "/export/sheets.csv",
        "/export/results.xlsx",
        "/backup",
        "/receipts/1",
        "/report",
        "/stream",
    ];
    let mut requests: Vec<reqwest::RequestBuilder> = host_gets
        .iter()
        .map(|path| http.get(event(path)).bearer_auth(HOST_TOKEN))
        .collect();
    let bad_move = json!({"action": "dance"}).to_string();
    requests.extend([
        http.get(server.url("/healthz")),
        http.get(server.url("/api/v1/me")).bearer_auth(&judge),
        http.get(server.url("/api/v1/events"))
            .bearer_auth(HOST_TOKEN),
        http.post(server.url("/api/v1/events"))
            .bearer_auth(HOST_TOKEN)
            .body("not a config"),
        http.put(event("/config"))
            .bearer_auth(HOST_TOKEN)
            .body("not a config"),
        http.get(event("/state")).bearer_auth(&judge),
        http.post(event("/sync"))
            .bearer_auth(&judge)
            .body(sync_body(1)),
        http.post(event("/judges/j15/reissue"))
            .bearer_auth(HOST_TOKEN),
        http.post(event("/presenters/jiaozhou/reveal"))
            .bearer_auth(HOST_TOKEN)
            .body("{}"),
        http.post(event("/show"))
            .bearer_auth(HOST_TOKEN)
            .body(bad_move),
        http.post(event("/presenters/jiaozhou/amend"))
            .bearer_auth(HOST_TOKEN)
            .body("{}"),
        http.post(event("/next")).bearer_auth(HOST_TOKEN).body("{}"),
        http.get(event("/judges")).bearer_auth("not-a-token"),
        http.get(server.url("/api/v1/no-such-route")),
        http.get(server.url("/manifest.webmanifest")),
        http.get(server.url("/sw.js")),
        http.get(server.url("/icons/icon-192.png")),
        http.get(server.url("/favicon.svg")),
    ]);
    for req in requests {
        let req = req.build().unwrap();
        let what = format!("{} {}", req.method(), req.url().path());
        let res = http.execute(req).await.unwrap();
        assert_security_headers(&res, &what);
    }
}

#[tokio::test]
async fn hsts_and_https_links_follow_only_a_trusted_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let behind = Server::start(
        &dir.path().join("a"),
        &["--trusted-proxy", "127.0.0.1"],
        Some(HOST_TOKEN),
    );
    let direct = Server::start(&dir.path().join("b"), &[], Some(HOST_TOKEN));
    let http = client();
    let judges = |server: &Server, proto: Option<&'static str>| {
        let mut req = http
            .get(server.url("/api/v1/events/demo/judges"))
            .bearer_auth(HOST_TOKEN);
        if let Some(proto) = proto {
            req = req.header("x-forwarded-proto", proto);
        }
        req.send()
    };

    let res = judges(&behind, Some("https")).await.unwrap();
    assert_eq!(
        header(&res, "strict-transport-security").as_deref(),
        Some("max-age=31536000")
    );
    let body: Value = res.json().await.unwrap();
    let link = body["judges"][0]["join_url"].as_str().unwrap();
    assert!(link.starts_with("https://127.0.0.1:"), "{link}");

    let res = judges(&behind, None).await.unwrap();
    assert_eq!(header(&res, "strict-transport-security"), None);
    let body: Value = res.json().await.unwrap();
    let link = body["judges"][0]["join_url"].as_str().unwrap();
    assert!(link.starts_with("http://127.0.0.1:"), "{link}");

    let res = judges(&direct, Some("https")).await.unwrap();
    assert_eq!(
        header(&res, "strict-transport-security"),
        None,
        "an untrusted peer cannot claim HTTPS"
    );
    let body: Value = res.json().await.unwrap();
    let link = body["judges"][0]["join_url"].as_str().unwrap();
    assert!(link.starts_with("http://127.0.0.1:"), "{link}");
}

/// Makes requests with every kind of token, then returns the server's log and the tokens.
async fn logged_requests(server: &Server, extra_header: Option<(&str, &str)>) -> Vec<String> {
    let http = client();
    let judge = judge_token(&http, server, "demo", "j01").await;
    let with = |req: reqwest::RequestBuilder| match extra_header {
        Some((name, value)) => req.header(name, value),
        None => req,
    };
    let res = with(http.post(server.url("/api/v1/events/demo/sync")))
        .bearer_auth(&judge)
        .body(sync_body(1))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = with(http.get(server.url(&format!("/j/{judge}"))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = with(http.get(server.url(&format!("/api/v1/events/demo/state?token={judge}"))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = with(http.get(server.url("/api/v1/events/demo/judges")))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    vec![judge, HOST_TOKEN.to_string()]
}

#[tokio::test]
async fn request_log_lines_name_method_route_status_and_time_but_never_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with_env(dir.path(), &[], Some(HOST_TOKEN), &[("RUST_LOG", "info")]);
    let tokens = logged_requests(&server, None).await;
    // The host's list of judges is asked for first and last.
    let log = stderr_until(&server, |log| {
        log.matches("route=/api/v1/events/{event}/judges").count() == 2
    });
    for token in &tokens {
        assert!(!log.contains(token.as_str()), "a token in the log:\n{log}");
    }
    let line = |needle: &str| {
        log.lines()
            .find(|l| l.contains("leitai::access") && l.contains(needle))
            .unwrap_or_else(|| panic!("no request line with {needle}:\n{log}"))
            .to_string()
    };
    let sync = line("route=/api/v1/events/{event}/sync");
    assert!(
        sync.contains("method=POST") && sync.contains("status=200"),
        "{sync}"
    );
    assert!(sync.contains("ms="), "{sync}");
    let page = line("route=/j/{token}");
    assert!(
        page.contains("method=GET") && page.contains("status=200"),
        "{page}"
    );
    let refused = line("route=/api/v1/events/{event}/state");
    assert!(refused.contains("status=401"), "{refused}");
    assert!(refused.contains("client=127.0.0.1"), "{refused}");
}

#[tokio::test]
async fn json_request_logs_carry_the_forwarded_client_from_a_trusted_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with_env(
        dir.path(),
        &["--log-format", "json", "--trusted-proxy", "127.0.0.0/8"],
        Some(HOST_TOKEN),
        &[("RUST_LOG", "info")],
    );
    let tokens = logged_requests(&server, Some(("x-forwarded-for", "203.0.113.7"))).await;
    let log = stderr_until(&server, |log| {
        log.matches("/api/v1/events/{event}/judges").count() == 2
    });
    for token in &tokens {
        assert!(!log.contains(token.as_str()), "a token in the log:\n{log}");
    }
    let requests: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|l| l["target"] == "leitai::access")
        .collect();
    let sync = requests
        .iter()
        .find(|l| l["route"] == "/api/v1/events/{event}/sync")
        .unwrap_or_else(|| panic!("no sync line in {log}"));
    assert_eq!(sync["method"], "POST");
    assert_eq!(sync["status"], 200);
    assert!(sync["ms"].as_f64().is_some(), "{sync}");
    assert_eq!(sync["client"], "203.0.113.7");
    assert!(requests.iter().any(|l| l["route"] == "/j/{token}"), "{log}");
}

/// Sends `count` bad-token requests at once, as `client` says it is (through a proxy).
async fn flood(server: &Server, count: usize, forwarded_for: Option<&str>) {
    let http = client();
    let requests = (0..count).map(|i| {
        let mut req = http
            .get(server.url("/api/v1/events/demo/state"))
            .bearer_auth(format!("bad-token-{i}"));
        if let Some(addr) = forwarded_for {
            req = req.header("x-forwarded-for", addr);
        }
        req.send()
    });
    for res in futures::future::join_all(requests).await {
        assert_eq!(res.unwrap().status(), 401);
    }
}

/// One bad-token request; how long its refusal took.
async fn timed_bad_token(server: &Server, forwarded_for: Option<&str>) -> Duration {
    let mut req = client()
        .get(server.url("/api/v1/events/demo/state"))
        .bearer_auth("one-more-bad-token");
    if let Some(addr) = forwarded_for {
        req = req.header("x-forwarded-for", addr);
    }
    let start = Instant::now();
    let res = req.send().await.unwrap();
    let took = start.elapsed();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_token");
    took
}

#[tokio::test]
async fn a_flood_of_bad_tokens_is_slowed_but_a_good_token_from_the_same_address_never_is() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let judge = judge_token(&http, &server, "demo", "j01").await;

    let good_sync = || async {
        let start = Instant::now();
        let res = http
            .post(server.url("/api/v1/events/demo/sync"))
            .bearer_auth(&judge)
            .body(sync_body(7))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        start.elapsed()
    };
    // The good sync goes while the flood's refusals are still being held back.
    let during = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        good_sync().await
    };
    let ((), during) = tokio::join!(flood(&server, 19, None), during);
    assert!(during < Duration::from_secs(1), "good sync took {during:?}");

    let twentieth = timed_bad_token(&server, None).await;
    assert!(
        twentieth >= Duration::from_millis(200),
        "the 20th bad token took only {twentieth:?}"
    );
    let after = good_sync().await;
    assert!(after < Duration::from_secs(1), "good sync took {after:?}");
    let log = stderr_until(&server, |log| log.contains("answering it slower"));
    assert!(log.contains("answering it slower"), "{log}");
    assert!(!log.contains("bad-token-"), "{log}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_bad_tokens_count_per_forwarded_client() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["--trusted-proxy", "127.0.0.1"],
        Some(HOST_TOKEN),
    );
    flood(&server, 19, Some("203.0.113.1")).await;
    let flooder = timed_bad_token(&server, Some("203.0.113.1")).await;
    assert!(flooder >= Duration::from_millis(200), "{flooder:?}");
    let neighbour = timed_bad_token(&server, Some("203.0.113.2")).await;
    assert!(
        neighbour < Duration::from_secs(1),
        "another client behind the same proxy waited {neighbour:?}"
    );
}

#[tokio::test]
async fn limits_answer_with_the_contracts_json_errors() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let error_code = |res: reqwest::Response| async move {
        let status = res.status().as_u16();
        if [413, 431].contains(&status) {
            // The body may be unread: the connection is not used for another request.
            assert_eq!(
                header(&res, "connection").as_deref(),
                Some("close"),
                "{status}"
            );
        }
        let body: Value = res.json().await.expect("a JSON error");
        assert!(body["error"]["message"].as_str().is_some(), "{body}");
        (status, body["error"]["code"].as_str().unwrap().to_string())
    };

    // A route without a limit of its own takes 64 KiB.
    let res = http
        .post(server.url("/api/v1/events/demo/presenters/jiaozhou/reveal"))
        .bearer_auth(HOST_TOKEN)
        .body(format!(
            "{{\"force\": false, \"pad\": \"{}\"}}",
            "x".repeat(100 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (413, "payload_too_large".into()));
    // No route takes more than 1 MiB, refused before it is read.
    let res = http
        .post(server.url("/api/v1/events"))
        .bearer_auth(HOST_TOKEN)
        .header("content-type", "application/toml")
        .body(vec![b'#'; 1024 * 1024 + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (413, "payload_too_large".into()));

    let mut req = http.get(server.url("/api/v1/events/demo/results"));
    for i in 0..80 {
        req = req.header(format!("x-filler-{i}"), "x");
    }
    let res = req.send().await.unwrap();
    assert_eq!(error_code(res).await, (431, "headers_too_large".into()));
    let res = http
        .get(server.url("/api/v1/events/demo/results"))
        .header("x-big", "x".repeat(20 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (431, "headers_too_large".into()));

    let res = http
        .delete(server.url("/api/v1/events/demo/results"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (405, "method_not_allowed".into()));
    let res = http
        .get(server.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (404, "not_found".into()));
}

#[tokio::test]
async fn join_links_carry_the_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["--public-url", "https://score.example.org/"],
        Some(HOST_TOKEN),
    );
    let http = client();
    let get = |path: &str| {
        http.get(server.url(path))
            .bearer_auth(HOST_TOKEN)
            .header("host", "evil.example.com")
            .send()
    };
    let judges: Value = get("/api/v1/events/demo/judges")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = judges["judges"][0]["token"].as_str().unwrap();
    assert_eq!(
        judges["judges"][0]["join_url"],
        format!("https://score.example.org/j/{token}")
    );
    let cards: Value = get("/api/v1/events/demo/judge-cards")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for card in cards["judges"].as_array().unwrap() {
        let link = card["join_url"].as_str().unwrap();
        assert!(link.starts_with("https://score.example.org/j/"), "{link}");
        assert_eq!(
            read_qr(card["qr_svg"].as_str().unwrap()),
            link,
            "the QR code"
        );
    }
    assert_eq!(
        cards["judges"][0]["join_url"],
        format!("https://score.example.org/j/{token}")
    );
    let reissued: Value = http
        .post(server.url("/api/v1/events/demo/judges/j01/reissue"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = reissued["join_url"].as_str().unwrap();
    assert!(link.starts_with("https://score.example.org/j/"), "{link}");
    assert_eq!(read_qr(reissued["qr_svg"].as_str().unwrap()), link);
    let printed = server.stdout.join("\n");
    assert!(
        printed.contains("Host link: https://score.example.org/host"),
        "{printed}"
    );
    assert!(
        !stderr_until(&server, |_| false).contains("not HTTPS"),
        "no warning for an HTTPS URL"
    );
}

#[tokio::test]
async fn a_plain_http_public_url_off_this_machine_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["--public-url", "http://192.168.1.20:3000"],
        Some(HOST_TOKEN),
    );
    let log = stderr_until(&server, |log| log.contains("not HTTPS"));
    assert!(
        log.contains("warning: the public URL http://192.168.1.20:3000 is not HTTPS"),
        "{log}"
    );
}

#[test]
fn a_bad_public_url_or_trusted_proxy_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    for (flag, value) in [
        ("--public-url", "score.example.org"),
        ("--trusted-proxy", "10.0.0.0/33"),
    ] {
        let (ok, stderr) = run_to_end(&["serve", "--data", data, flag, value]);
        assert!(!ok, "{flag} {value}");
        assert!(stderr.contains(value), "{flag} {value}: {stderr}");
    }
}

#[tokio::test]
async fn built_in_tls_serves_http2_with_hsts_and_https_links_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, cert.pem()).unwrap();
    std::fs::write(&key_file, signing_key.serialize_pem()).unwrap();
    let mut server = Server::start(
        &dir.path().join("data"),
        &[
            "--tls-cert",
            cert_file.to_str().unwrap(),
            "--tls-key",
            key_file.to_str().unwrap(),
        ],
        Some(HOST_TOKEN),
    );
    assert!(
        server.base.starts_with("https://127.0.0.1:"),
        "{}",
        server.base
    );
    let tls_client = || {
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(cert.pem().as_bytes()).unwrap())
            .https_only(true)
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap()
    };
    let http = tls_client();

    let res = http.get(server.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.version(), reqwest::Version::HTTP_2, "ALPN chose HTTP/2");
    assert_security_headers(&res, "GET / over TLS");
    assert_eq!(
        header(&res, "strict-transport-security").as_deref(),
        Some("max-age=31536000")
    );
    let judges: Value = http
        .get(server.url("/api/v1/events/demo/judges"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = judges["judges"][0]["join_url"].as_str().unwrap();
    assert!(link.starts_with(&format!("{}/j/", server.base)), "{link}");

    // SIGTERM: in-flight work finishes, the store is flushed, the exit is clean.
    let status = server.terminate(Duration::from_secs(15)).await;
    assert!(status.success(), "{status:?}");
    server.restart();
    let res = tls_client()
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the data dir was released");
}

#[test]
fn an_unreadable_tls_certificate_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let missing = dir.path().join("missing.pem");
    let (ok, stderr) = run_to_end(&[
        "serve",
        "--data",
        data.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
        "--tls-cert",
        missing.to_str().unwrap(),
        "--tls-key",
        missing.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("cannot use the TLS certificate"),
        "{stderr}"
    );
    assert!(!data.exists(), "nothing was created");
}
