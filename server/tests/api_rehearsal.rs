//! A bureau's own contest from the host's browser (issue 17), over real HTTP against the
//! real binary: a rehearsal that works like the real round and leaves nothing behind, paper
//! sheets entered for a judge, and judges and presenters from a roster file.

use crate::common;
use app::domain::wire::{EventSummary, OpResult, RehearsalView, RosterPreview, RosterStored};
use common::*;
use serde_json::{json, Value};

const PHONE: &str = "00000000-0000-4000-8000-0000000000a1";

/// What these tests ask of the room, beyond `common`.
trait Asks {
    async fn state_of(&self) -> String;
    async fn sync(
        &self,
        token: &str,
        op_id: &str,
        presenter: &str,
        rev: u64,
        round: Option<u32>,
    ) -> OpResult;
}

impl Asks for Room {
    async fn state_of(&self) -> String {
        let (status, body) = self
            .host(reqwest::Method::GET, "/api/v1/events/demo", None)
            .await;
        assert_eq!(status, 200, "{body}");
        let summary: EventSummary = serde_json::from_value(body).unwrap();
        serde_json::to_value(summary.state)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    /// One judge's op for `presenter`: every value given, submitted.
    async fn sync(
        &self,
        token: &str,
        op_id: &str,
        presenter: &str,
        rev: u64,
        round: Option<u32>,
    ) -> OpResult {
        let mut op = json!({"op_id": op_id, "presenter": presenter, "rev": rev,
            "values": {"results": 40, "defence": 25, "satisfaction": 15}, "submitted": true,
            "client_time": "2026-07-06T14:00:00Z"});
        if let Some(r) = round {
            op["round"] = json!(r);
        }
        let (status, body) = self
            .send(
                reqwest::Method::POST,
                "/api/v1/events/demo/sync",
                Some(token),
                Some(json!({"device": PHONE, "ops": [op]})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value(body["results"][0].clone()).unwrap()
    }
}

fn op_id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

#[tokio::test]
async fn a_rehearsal_works_like_the_real_round_and_ending_it_wipes_everything_of_it() {
    let room = Room::open();
    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    assert_eq!(room.state_of().await, "draft");

    let (status, body) = room
        .host(reqwest::Method::POST, "/api/v1/events/demo/rehearsal", None)
        .await;
    assert_eq!(status, 200, "{body}");
    let started: RehearsalView = serde_json::from_value(body).unwrap();
    assert!(started.round.rehearsal);
    assert_eq!(room.state_of().await, "rehearsal");
    // Sent again, the step changes nothing.
    let (_, again) = room
        .host(reqwest::Method::POST, "/api/v1/events/demo/rehearsal", None)
        .await;
    assert_eq!(again["round"], json!(started.round));

    // A config cannot be replaced under a rehearsal.
    let config = app::domain::demo_event().to_toml();
    let res = room
        .http
        .put(room.server.url("/api/v1/events/demo/config"))
        .bearer_auth(HOST_TOKEN)
        .body(config)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "rehearsal_on"
    );

    // Scores, a move of the run of show and a forced reveal, as on the day.
    let applied = room
        .sync(&token, &op_id(1), "jiaozhou", 1, Some(started.round.number))
        .await;
    assert_eq!(applied.outcome, "applied");
    let (status, show) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/show", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(show["rehearsal"], true, "the screens say it is a rehearsal");
    let (status, body) = room
        .host(
            reqwest::Method::POST,
            "/api/v1/events/demo/show",
            Some(json!({"action": "start_report"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = room
        .host(
            reqwest::Method::POST,
            "/api/v1/events/demo/presenters/jiaozhou/reveal",
            Some(json!({"force": true})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let late = room
        .sync(&token, &op_id(2), "jiaozhou", 2, Some(started.round.number))
        .await;
    assert_eq!(late.outcome, "late");
    let (_, results) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/results", None)
        .await;
    assert_eq!(results["presenters"].as_array().unwrap().len(), 1);

    // Ending it wipes all of that, and says what it wiped.
    let (status, body) = room
        .host(
            reqwest::Method::DELETE,
            "/api/v1/events/demo/rehearsal",
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ended: RehearsalView = serde_json::from_value(body).unwrap();
    let wiped = ended.wiped.expect("what was wiped");
    assert_eq!(
        (wiped.ops, wiped.sheets, wiped.reveals, wiped.late),
        (2, 1, 1, 1)
    );
    assert!(wiped.show_moved);
    assert!(!ended.round.rehearsal);
    assert!(ended.round.number > started.round.number);
    assert_eq!(room.state_of().await, "draft");
    let (_, results) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/results", None)
        .await;
    assert_eq!(results["presenters"], json!([]));
    let (_, late_list) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/late", None)
        .await;
    assert_eq!(late_list["late"], json!([]));
    let (_, show) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/show", None)
        .await;
    assert_eq!(show["rehearsal"], false);
    assert_eq!(
        show["started"], false,
        "the run of show is back at its start"
    );
    let (_, state) = room
        .send(
            reqwest::Method::GET,
            "/api/v1/events/demo/state",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(state["sheets"], json!({}), "the judge's sheets are gone");
    assert_eq!(state["round"], json!(ended.round));
    let (_, audit) = room
        .host(
            reqwest::Method::GET,
            "/api/v1/events/demo/audit?kind=host",
            None,
        )
        .await;
    let entries = audit["audit"].as_array().unwrap();
    let end = entries
        .iter()
        .find(|e| e["action"] == "end_rehearsal")
        .expect("one entry for the wipe");
    assert_eq!(end["detail"]["ops"], 2);
    // A second end changes nothing.
    let (status, body) = room
        .host(
            reqwest::Method::DELETE,
            "/api/v1/events/demo/rehearsal",
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.get("wiped").is_none(), "{body}");

    // An op of the rehearsal sent again, or made in it and sent only now, never counts.
    let resent = room
        .sync(&token, &op_id(1), "jiaozhou", 1, Some(started.round.number))
        .await;
    assert_eq!(resent.outcome, "rejected");
    assert_eq!(resent.error.as_ref().unwrap().code, "rehearsal_over");
    let resent_untagged = room.sync(&token, &op_id(2), "jiaozhou", 2, None).await;
    assert_eq!(resent_untagged.outcome, "rejected");
    let made_then = room
        .sync(&token, &op_id(3), "shinan", 1, Some(started.round.number))
        .await;
    assert_eq!(made_then.error.unwrap().code, "rehearsal_over");
    // The real round counts, and its first score makes the event live.
    let real = room
        .sync(&token, &op_id(4), "jiaozhou", 1, Some(ended.round.number))
        .await;
    assert_eq!(real.outcome, "applied");
    assert!(
        real.server_seq > late.server_seq,
        "numbers never repeat a rehearsal's"
    );
    assert_eq!(room.state_of().await, "live");
    let (status, body) = room
        .host(reqwest::Method::POST, "/api/v1/events/demo/rehearsal", None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("event_started"))
    );

    // All of it survives a restart.
    let mut server = room.server;
    server.restart();
    let room = Room {
        server,
        http: room.http,
        _dir: room._dir,
    };
    assert_eq!(room.state_of().await, "live");
    let replay = room
        .sync(&token, &op_id(1), "jiaozhou", 1, Some(started.round.number))
        .await;
    assert_eq!(replay, resent, "a replay gets the recorded rejection");
}

#[tokio::test]
async fn rehearsal_endpoints_refuse_strangers_and_judges_and_unknown_events() {
    let room = Room::open();
    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    let (status, _) = room
        .send(
            reqwest::Method::POST,
            "/api/v1/events/demo/rehearsal",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = room
        .send(
            reqwest::Method::DELETE,
            "/api/v1/events/demo/rehearsal",
            Some("nobody"),
            None,
        )
        .await;
    assert_eq!(status, 401);
    let (status, body) = room
        .host(reqwest::Method::POST, "/api/v1/events/nope/rehearsal", None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
}

#[tokio::test]
async fn a_paper_sheet_becomes_the_judges_sheet_once_and_is_marked_as_paper() {
    let room = Room::open();
    let token = judge_token(&room.http, &room.server, "demo", "j02").await;
    // The judge's phone had sent a draft first.
    let phone = room.sync(&token, &op_id(10), "jiaozhou", 3, None).await;
    assert_eq!(phone.outcome, "applied");
    let entry = json!({"judge": "j02", "presenter": "jiaozhou",
        "values": {"results": 45, "defence": 27.5, "satisfaction": 18}, "submitted": true,
        "op_id": op_id(11), "entered_by": "王秘书"});
    let (status, body) = room
        .host(
            reqwest::Method::POST,
            "/api/v1/events/demo/paper",
            Some(entry.clone()),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let first: OpResult = serde_json::from_value(body).unwrap();
    assert_eq!(
        first.outcome, "applied",
        "the paper wins over the phone's draft"
    );
    assert!(first.receipt.is_some());
    // Tapped twice: the same answer, counted once.
    let (_, again) = room
        .host(
            reqwest::Method::POST,
            "/api/v1/events/demo/paper",
            Some(entry),
        )
        .await;
    assert_eq!(serde_json::from_value::<OpResult>(again).unwrap(), first);
    let (_, state) = room
        .send(
            reqwest::Method::GET,
            "/api/v1/events/demo/state",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(state["sheets"]["jiaozhou"]["values"]["defence"], 27.5);
    // The phone's later op at an older revision loses to the paper sheet.
    let stale = room.sync(&token, &op_id(12), "jiaozhou", 4, None).await;
    assert_eq!(stale.outcome, "superseded");
    // The audit log says it was paper, and who entered it.
    let (_, audit) = room
        .host(
            reqwest::Method::GET,
            "/api/v1/events/demo/audit?kind=op",
            None,
        )
        .await;
    let line = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["op_id"] == op_id(11))
        .expect("the paper sheet's line")
        .clone();
    assert_eq!(line["paper"], "王秘书", "{line}");
    // After the reveal, a paper sheet is late like any op.
    room.host(
        reqwest::Method::POST,
        "/api/v1/events/demo/presenters/shinan/reveal",
        Some(json!({"force": true})),
    )
    .await;
    let (_, late) = room
        .host(
            reqwest::Method::POST,
            "/api/v1/events/demo/paper",
            Some(json!({"judge": "j02", "presenter": "shinan",
                "values": {"results": 45, "defence": 27.5, "satisfaction": 18}, "submitted": true})),
        )
        .await;
    assert_eq!(late["outcome"], "late");
}

#[tokio::test]
async fn a_paper_sheet_with_bad_input_is_refused_with_nothing_recorded() {
    let room = Room::open();
    let token = judge_token(&room.http, &room.server, "demo", "j01").await;
    let good = json!({"judge": "j01", "presenter": "jiaozhou",
        "values": {"results": 45, "defence": 27.5, "satisfaction": 18}, "submitted": true});
    let cases = [
        (
            json!({"judge": "nobody", "presenter": "jiaozhou", "values": {}, "submitted": false}),
            404,
        ),
        (
            json!({"judge": "j01", "presenter": "nowhere", "values": {}, "submitted": false}),
            404,
        ),
        (json!({"judge": "j01", "presenter": "jiaozhou"}), 400),
        (
            json!({"judge": "j01", "presenter": "jiaozhou", "values": {}, "submitted": false, "op_id": "x"}),
            400,
        ),
        (
            json!({"judge": "j01", "presenter": "jiaozhou", "values": {}, "submitted": false, "extra": 1}),
            400,
        ),
        (
            json!({"judge": "j01", "presenter": "jiaozhou", "values": {}, "submitted": false,
                "entered_by": "名".repeat(101)}),
            400,
        ),
    ];
    for (body, want) in cases {
        let (status, answer) = room
            .host(
                reqwest::Method::POST,
                "/api/v1/events/demo/paper",
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, want, "{body} → {answer}");
        assert!(answer["error"]["code"].is_string(), "{answer}");
    }
    // A value off the rubric is the op's rejection, as in a sync.
    let mut off = good.clone();
    off["values"]["results"] = json!(51);
    let (status, answer) = room
        .host(
            reqwest::Method::POST,
            "/api/v1/events/demo/paper",
            Some(off),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(answer["outcome"], "rejected");
    let (status, _) = room
        .send(
            reqwest::Method::POST,
            "/api/v1/events/demo/paper",
            Some(&token),
            Some(good),
        )
        .await;
    assert_eq!(status, 403, "a judge cannot enter paper sheets");
    let (_, state) = room
        .send(
            reqwest::Method::GET,
            "/api/v1/events/demo/state",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(state["sheets"], json!({}));
}

async fn post_roster(room: &Room, query: &str, content_type: &str, bytes: Vec<u8>) -> (u16, Value) {
    let res = room
        .http
        .post(
            room.server
                .url(&format!("/api/v1/events/demo/roster{query}")),
        )
        .bearer_auth(HOST_TOKEN)
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Two presenters and ten judges, two from each of the demo's groups (its quorum is ten
/// sheets, one from each group).
fn roster_csv(groups: &[String]) -> String {
    let mut text = String::from("类型,姓名,组别,单位,顺序\n");
    for i in 0..10 {
        text.push_str(&format!("评委,评委{i},{},,\n", groups[i % groups.len()]));
    }
    text.push_str("汇报人,王局长,,城东区,2\n汇报人,赵局长,,城西区,1\n");
    text
}

async fn group_names(room: &Room) -> Vec<String> {
    let (_, config) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/config", None)
        .await;
    let _ = config;
    app::domain::demo_event()
        .groups
        .iter()
        .map(|g| g.name.clone())
        .collect()
}

#[tokio::test]
async fn a_roster_in_gbk_csv_is_previewed_then_stored_and_new_judges_get_links() {
    let room = Room::open();
    let groups = group_names(&room).await;
    let text = roster_csv(&groups);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let (status, body) = post_roster(&room, "?dry_run=true", "text/csv", gbk.to_vec()).await;
    assert_eq!(status, 200, "{body}");
    let preview: RosterPreview = serde_json::from_value(body).unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    assert_eq!(preview.rows.len(), 12);
    assert_eq!(preview.rows[0].name, "评委0");
    let (_, judges) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/judges", None)
        .await;
    assert_eq!(
        judges["judges"].as_array().unwrap().len(),
        15,
        "a dry run stores nothing"
    );

    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let (status, body) = post_roster(&room, "", "text/csv; charset=utf-8", bom).await;
    assert_eq!(status, 200, "{body}");
    let stored: RosterStored = serde_json::from_value(body).unwrap();
    assert_eq!(stored.judges.len(), 10);
    assert!(stored.judges.iter().all(|j| j.join_url.contains("/j/")));
    assert_eq!(stored.presenters[0].unit, "城西区", "in the roster's order");
    let (_, judges) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/judges", None)
        .await;
    assert_eq!(judges["judges"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn a_roster_from_an_xlsx_workbook_is_stored() {
    let room = Room::open();
    let groups = group_names(&room).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut rows = vec![["Type", "Name", "Group", "Unit", "Order"].map(String::from)];
    rows.push(["presenter", "Bo Chen", "", "East district", ""].map(String::from));
    for i in 0..10 {
        let name = format!("Judge {i}");
        rows.push(["judge", &name, &groups[i % groups.len()], "", ""].map(String::from));
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    sheet.write_number(1, 4, 1.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let (status, body) = post_roster(
        &room,
        "",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let stored: RosterStored = serde_json::from_value(body).unwrap();
    assert_eq!(stored.judges[0].name, "Judge 0");
    assert_eq!(stored.presenters[0].order, Some(1));
}

#[tokio::test]
async fn a_roster_with_problems_is_refused_row_by_row_and_nothing_is_stored() {
    let room = Room::open();
    let text =
        "类型,姓名,组别,单位\n评委,张三,不存在的组,\n评委,张三,不存在的组,\n,,,\n汇报人,,,城东区\n";
    let (status, body) = post_roster(&room, "", "text/csv", text.as_bytes().to_vec()).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "invalid_roster");
    let errors = body["errors"].as_array().unwrap();
    let places: Vec<(u64, &str)> = errors
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        places,
        vec![(2, "group"), (3, "name"), (4, "row"), (5, "name")]
    );
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("不存在的组"));
    let (status, preview) =
        post_roster(&room, "?dry_run=true", "text/csv", text.as_bytes().to_vec()).await;
    assert_eq!(status, 200);
    assert_eq!(preview["errors"].as_array().unwrap().len(), 4);

    for (what, bytes, want) in [
        (
            "no name column",
            "类型,组别\n评委,x\n".as_bytes().to_vec(),
            400,
        ),
        (
            "zero usable rows",
            "类型,姓名,组别\n".as_bytes().to_vec(),
            400,
        ),
        (
            "a picture",
            vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0],
            400,
        ),
        ("a broken workbook", b"PK\x03\x04not really".to_vec(), 400),
        ("too large", vec![b'a'; 2 * 1024 * 1024], 413),
    ] {
        let (status, body) = post_roster(&room, "", "text/csv", bytes).await;
        assert_eq!(status, want, "{what}: {body}");
        assert!(body["error"]["code"].is_string(), "{what}: {body}");
    }
    let (_, judges) = room
        .host(reqwest::Method::GET, "/api/v1/events/demo/judges", None)
        .await;
    assert_eq!(judges["judges"].as_array().unwrap().len(), 15);
}

#[tokio::test]
async fn the_roster_template_is_a_workbook_in_the_events_language_that_reads_back() {
    let room = Room::open();
    let res = room
        .http
        .get(room.server.url("/api/v1/events/demo/roster/template.xlsx"))
        .bearer_auth(HOST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get((0, 1)).unwrap().to_string(), "姓名");
    let (status, body) =
        post_roster(&room, "?dry_run=true", "application/octet-stream", bytes).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rows"].as_array().unwrap().len(), 2, "{body}");
    // Its one example judge is short of the demo's quorum, which is the event's; no row has
    // a problem of its own.
    assert!(
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["row"] == 0),
        "{body}"
    );
}
