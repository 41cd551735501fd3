//! The audit log of a scripted event: every op with its outcome, device and times, every
//! host action with its particulars, filters and the CSV export; and that it only grows.

use crate::common;
use app::domain::audit::{AuditKind, AuditPage};
use common::script::*;
use common::*;
use serde_json::{json, Value};
use std::collections::HashMap;

async fn page(http: &reqwest::Client, server: &Server, query: &str) -> AuditPage {
    let body = host(http, server, &format!("/api/v1/events/demo/audit{query}")).await;
    serde_json::from_value(body).expect("the page's own type reads the log")
}

fn time(at: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).unwrap()
}

#[tokio::test]
async fn every_op_and_every_host_action_of_a_scripted_event_is_in_the_log_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let script = run_script(&http, &server).await;

    let log = page(&http, &server, "").await;
    assert_eq!(log.total as usize, script.sent.len() + HOST_ACTIONS.len());
    assert_eq!(log.audit.len(), log.total as usize);
    for pair in log.audit.windows(2) {
        assert!(time(&pair[0].at) <= time(&pair[1].at), "oldest first");
    }

    // Each op once, as the device was told.
    let ops: HashMap<&str, &app::domain::audit::AuditEntry> = log
        .audit
        .iter()
        .filter(|e| e.kind == AuditKind::Op)
        .map(|e| (e.op_id.as_deref().unwrap(), e))
        .collect();
    assert_eq!(
        ops.len(),
        script.sent.len(),
        "no op twice, the replay included"
    );
    for sent in &script.sent {
        let e = ops[sent.op_id.as_str()];
        assert_eq!(e.outcome.as_deref(), Some(sent.outcome.as_str()));
        assert_eq!(e.seq, sent.server_seq);
        assert_eq!(e.judge.as_deref(), Some(sent.judge.as_str()));
        assert_eq!(e.presenter.as_deref(), Some(sent.presenter.as_str()));
        assert_eq!(e.device.as_deref(), Some(sent.device.as_str()));
        assert_eq!(e.receipt.map(|r| r.to_string()), sent.receipt);
        assert!(e.client_time.is_some() && !e.at.is_empty(), "both clocks");
    }
    let rejected = log
        .audit
        .iter()
        .find(|e| e.outcome.as_deref() == Some("rejected"))
        .unwrap();
    assert_eq!(rejected.error.as_ref().unwrap().code, "value_off_step");
    assert_eq!(rejected.values.as_ref().unwrap()["results"], 40.25);

    // Every host action, in order, with what it was about.
    let host_entries: Vec<&app::domain::audit::AuditEntry> = log
        .audit
        .iter()
        .filter(|e| e.kind == AuditKind::Host)
        .collect();
    let actions: Vec<&str> = host_entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, HOST_ACTIONS);
    let amend = host_entries.iter().find(|e| e.action == "amend").unwrap();
    assert_eq!(amend.presenter.as_deref(), Some("chengyang"));
    assert_eq!(amend.detail["reason"], AMEND_REASON);
    assert_eq!(amend.detail["include_late"], json!(script.amended_with));
    assert_eq!(amend.detail["previous_final"], 75);
    assert_eq!(amend.detail["final"], 77);
    let forced = host_entries
        .iter()
        .find(|e| e.action == "forced_reveal")
        .unwrap();
    assert_eq!(forced.presenter.as_deref(), Some("chengyang"));
    assert_eq!(forced.detail["short_groups"], json!(["supervisor"]));
    let reveal = host_entries.iter().find(|e| e.action == "reveal").unwrap();
    assert_eq!(reveal.detail["final"], 87.4);
    let reissue = host_entries.last().unwrap();
    assert_eq!(reissue.judge.as_deref(), Some("j07"));
    assert_eq!(host_entries[0].actor, "server", "the demo seed");
    assert!(host_entries[1..].iter().all(|e| e.actor == "host"));

    // The log is the same after a kill -9: each action was durable before it was answered.
    let mut server = server;
    server.restart();
    let again = page(&http, &server, "").await;
    assert_eq!(again, log);
}

#[tokio::test]
async fn filters_narrow_the_log_and_the_csv_carries_what_they_chose() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let script = run_script(&http, &server).await;
    let all = page(&http, &server, "").await;

    let j02 = page(&http, &server, "?judge=j02").await;
    assert_eq!(j02.total, 6, "two for 胶州市, one for each of four others");
    assert!(j02.audit.iter().all(|e| e.judge.as_deref() == Some("j02")));
    let j02 = page(&http, &server, "?judge=j02&presenter=jiaozhou").await;
    assert_eq!(j02.total, 2);
    let late = page(&http, &server, "?kind=op&outcome=late").await;
    assert_eq!(late.total, 3);
    let chengyang = page(&http, &server, "?kind=host&presenter=chengyang").await;
    let actions: Vec<&str> = chengyang.audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["next", "forced_reveal", "amend"]);
    let phone_b = page(&http, &server, &format!("?device={DEV_B}")).await;
    assert_eq!(phone_b.total, 1);
    assert_eq!(phone_b.audit[0].outcome.as_deref(), Some("superseded"));
    let amends = page(&http, &server, "?action=amend").await;
    assert_eq!(amends.total, 1);

    let middle = &all.audit[40].at;
    let since = page(&http, &server, &format!("?since={middle}")).await;
    let until = page(&http, &server, &format!("?until={middle}")).await;
    assert_eq!(
        since.total + until.total,
        all.total,
        "since and until split the log"
    );
    assert!(since.audit.iter().all(|e| time(&e.at) >= time(middle)));
    assert_eq!(
        page(&http, &server, "?since=2999-01-01T00:00:00Z")
            .await
            .total,
        0
    );

    let paged = page(&http, &server, "?offset=10&limit=5").await;
    assert_eq!(paged.total, all.total);
    assert_eq!(paged.offset, 10);
    assert_eq!(paged.audit, all.audit[10..15]);

    for bad in [
        "?since=yesterday",
        "?kind=judge",
        "?format=pdf",
        "?limit=many",
    ] {
        let (status, body) = call(
            &http,
            &server,
            "GET",
            &format!("/api/v1/events/demo/audit{bad}"),
            Some(HOST_TOKEN),
            None,
        )
        .await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "bad_request");
    }
    let token = judge_token(&http, &server, "demo", "j01").await;
    let (status, _) = call(
        &http,
        &server,
        "GET",
        "/api/v1/events/demo/audit",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, 403);

    let res = http
        .get(server.url("/api/v1/events/demo/audit?format=csv&kind=op&judge=j01"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"leitai-demo-audit.csv\""
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let j01_ops = script.sent.iter().filter(|s| s.judge == "j01").count();
    assert_eq!(rows.len(), 1 + j01_ops);
    // One number series first (the row's place in the whole log), then the record's own.
    assert_eq!(rows[0][..3], ["序号", "类型", "回执序号"]);
    assert!(rows[0][3].starts_with("时间"), "{:?}", rows[0][3]);
    assert!(rows[1..].iter().all(|r| r[7] == "j01" && r[1] == "评分"));
    let numbers: Vec<u64> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    let first = &script.sent.iter().find(|s| s.judge == "j01").unwrap();
    assert_eq!(rows[1][2], first.server_seq.to_string());
    assert_eq!(rows[1][6], "已记录");
}

#[tokio::test]
async fn the_log_only_grows_and_no_endpoint_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[], Some(HOST_TOKEN));
    let http = client();
    let script = run_script(&http, &server).await;
    let before = page(&http, &server, "").await;

    // A reveal asked again answers the same lock and notes nothing new.
    let (status, _) = call(
        &http,
        &server,
        "POST",
        "/api/v1/events/demo/presenters/jiaozhou/reveal",
        Some(HOST_TOKEN),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200);
    // More host actions: a second amendment and a second reissued link.
    let (status, body) = call(
        &http,
        &server,
        "POST",
        "/api/v1/events/demo/presenters/jiaozhou/amend",
        Some(HOST_TOKEN),
        Some(
            json!({"reason": "j05 changed their mind in time, by the clock on the wall",
                    "include_late": [script.late_uncounted]}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = call(
        &http,
        &server,
        "POST",
        "/api/v1/events/demo/judges/j07/reissue",
        Some(HOST_TOKEN),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200);
    let after = page(&http, &server, "").await;
    assert_eq!(
        after.audit[..before.audit.len()],
        before.audit[..],
        "nothing earlier changed"
    );
    let added: Vec<&str> = after.audit[before.audit.len()..]
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(added, ["amend", "reissue_link"]);
    let numbers: Vec<u64> = after
        .audit
        .iter()
        .filter(|e| e.kind == AuditKind::Host)
        .map(|e| e.seq)
        .collect();
    assert_eq!(
        numbers,
        (1..=numbers.len() as u64).collect::<Vec<_>>(),
        "numbered without gaps"
    );

    for method in ["POST", "PUT", "DELETE"] {
        let (status, _) = call(
            &http,
            &server,
            method,
            "/api/v1/events/demo/audit",
            Some(HOST_TOKEN),
            Some(Value::Null),
        )
        .await;
        assert_eq!(status, 405, "{method} /audit");
    }
    assert_eq!(page(&http, &server, "").await, after);
}
