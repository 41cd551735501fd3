//! The sync rules against a model: random schedules of ops (mostly good, some breaking a
//! rule of the event), replays of earlier op ids with other content, batches from two
//! devices per judge, and forced reveals at random points go to the real server over HTTP.
//! A small model here applies each op exactly once by the contract's rules, and the
//! server's outcomes, replays, sheets, late list and revealed results must equal its own.
//!
//! One server serves the whole run; each case imports a fresh copy of the demo event.

use crate::common;
use app::domain::scoring::presenter_result;
use app::domain::sheet::Sheet;
use app::domain::{demo_event, EventConfig, Id, Score};
use common::*;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// The judges a schedule uses (three groups), each with two devices.
const JUDGES: [&str; 3] = ["j01", "j05", "j09"];
/// DEV[0] < DEV[1] as strings, so the device breaks ties of rev.
const DEV: [&str; 2] = [
    "00000000-0000-4000-8000-00000000000a",
    "00000000-0000-4000-8000-00000000000b",
];
const PRESENTERS: [&str; 3] = ["jiaozhou", "shinan", "xihaian"];
/// The demo's criteria in its order, with their maxima; all start at 0 with a step of 0.5.
const CRITERIA: [(&str, u32); 3] = [("results", 50), ("defence", 30), ("satisfaction", 20)];

/// The one rule of the event an op breaks, if any.
#[derive(Clone, Copy, Debug)]
enum Defect {
    UnknownPresenter,
    RevZero,
    OffStep(usize),
    OutOfRange(usize),
    Incomplete,
}

impl Defect {
    fn code(self) -> &'static str {
        match self {
            Defect::UnknownPresenter => "unknown_presenter",
            Defect::RevZero => "invalid_rev",
            Defect::OffStep(_) => "value_off_step",
            Defect::OutOfRange(_) => "value_out_of_range",
            Defect::Incomplete => "incomplete_submission",
        }
    }
}

/// A criterion's value in an op: left out, null, or a number of half points.
#[derive(Clone, Copy, Debug)]
enum Entry {
    Absent,
    Null,
    Halves(u32),
}

#[derive(Clone, Debug)]
struct OpSpec {
    /// Reuse the op id of one of this judge's earlier ops, when there is one.
    replay: Option<Index>,
    presenter: usize,
    rev: u64,
    values: [Entry; 3],
    submitted: bool,
    defect: Option<Defect>,
}

#[derive(Clone, Debug)]
enum Step {
    Sync {
        judge: usize,
        device: usize,
        ops: Vec<OpSpec>,
    },
    Reveal {
        presenter: usize,
    },
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        1 => Just(Entry::Absent),
        1 => Just(Entry::Null),
        6 => (0u32..=40).prop_map(Entry::Halves),
    ]
}

fn defect() -> impl Strategy<Value = Option<Defect>> {
    prop_oneof![
        14 => Just(None),
        1 => Just(Some(Defect::UnknownPresenter)),
        1 => Just(Some(Defect::RevZero)),
        1 => (0..3usize).prop_map(|c| Some(Defect::OffStep(c))),
        1 => (0..3usize).prop_map(|c| Some(Defect::OutOfRange(c))),
        1 => Just(Some(Defect::Incomplete)),
    ]
}

fn op_spec() -> impl Strategy<Value = OpSpec> {
    (
        prop::option::weighted(0.2, any::<Index>()),
        0..PRESENTERS.len(),
        1u64..=6,
        [entry(), entry(), entry()],
        prop::bool::weighted(0.4),
        defect(),
    )
        .prop_map(
            |(replay, presenter, rev, values, submitted, defect)| OpSpec {
                replay,
                presenter,
                rev,
                values,
                submitted,
                defect,
            },
        )
}

fn schedule() -> impl Strategy<Value = Vec<Step>> {
    let sync = (
        0..JUDGES.len(),
        0..2usize,
        prop::collection::vec(op_spec(), 1..=6),
    )
        .prop_map(|(judge, device, ops)| Step::Sync { judge, device, ops });
    let reveals = prop::collection::vec((any::<Index>(), 0..PRESENTERS.len()), 1..=2);
    (prop::collection::vec(sync, 1..=24), reveals).prop_map(|(mut steps, reveals)| {
        for (at, presenter) in reveals {
            let at = at.index(steps.len() + 1);
            steps.insert(at, Step::Reveal { presenter });
        }
        steps
    })
}

/// An op as a device would send it, and what the model reads from it.
struct BuiltOp {
    wire: Value,
    presenter: String,
    rev: u64,
    values: BTreeMap<String, Option<Score>>,
    submitted: bool,
    defect: Option<Defect>,
}

fn build(spec: &OpSpec, op_id: &str) -> BuiltOp {
    let half = |h: u32| Score::from_hundredths(h as i64 * 50);
    let mut values = spec.values;
    // A good submitted sheet has every value; an incomplete one lacks one.
    if spec.submitted || matches!(spec.defect, Some(Defect::Incomplete)) {
        for (i, v) in values.iter_mut().enumerate() {
            if !matches!(v, Entry::Halves(_)) {
                *v = Entry::Halves(i as u32 * 7 % 20);
            }
        }
    }
    if matches!(spec.defect, Some(Defect::Incomplete)) {
        values[spec.rev as usize % 3] = if spec.rev.is_multiple_of(2) {
            Entry::Null
        } else {
            Entry::Absent
        };
    }
    let mut wire_values = Map::new();
    let mut model_values = BTreeMap::new();
    for (i, v) in values.iter().enumerate() {
        let (name, max) = CRITERIA[i];
        let (wire, model) = match (spec.defect, v) {
            (Some(Defect::OffStep(c)), _) if c == i => (json!(10.25), None),
            (Some(Defect::OutOfRange(c)), _) if c == i => (json!(max as f64 + 0.5), None),
            (_, Entry::Absent) => continue,
            (_, Entry::Null) => (Value::Null, None),
            (_, &Entry::Halves(h)) => {
                let h = h.min(max * 2);
                (json!(h as f64 / 2.0), Some(half(h)))
            }
        };
        wire_values.insert(name.to_string(), wire);
        model_values.insert(name.to_string(), model);
    }
    let presenter = match spec.defect {
        Some(Defect::UnknownPresenter) => "nobody",
        _ => PRESENTERS[spec.presenter],
    };
    let rev = match spec.defect {
        Some(Defect::RevZero) => 0,
        _ => spec.rev,
    };
    let submitted = spec.submitted || matches!(spec.defect, Some(Defect::Incomplete));
    BuiltOp {
        wire: json!({"op_id": op_id, "presenter": presenter, "rev": rev, "values": wire_values,
                     "submitted": submitted, "client_time": "2026-07-06T14:00:00+08:00"}),
        presenter: presenter.to_string(),
        rev,
        values: model_values,
        submitted,
        defect: spec.defect,
    }
}

/// An outcome as the contract names it, with the rejection's code.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    name: String,
    code: Option<String>,
}

impl Outcome {
    fn new(name: &str, code: Option<&str>) -> Outcome {
        Outcome {
            name: name.to_string(),
            code: code.map(str::to_string),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct ModelSheet {
    rev: u64,
    device: String,
    values: BTreeMap<String, Option<Score>>,
    submitted: bool,
}

/// The contract's rules, each op decided once.
#[derive(Default)]
struct Model {
    /// op id → its outcome and the server_seq the server gave it.
    recorded: HashMap<String, (Outcome, u64)>,
    /// (judge, presenter) → sheet.
    sheets: BTreeMap<(String, String), ModelSheet>,
    late: Vec<(String, String, String)>,
    /// presenter → the reveal's answer.
    locks: BTreeMap<String, Value>,
    last_seq: u64,
}

impl Model {
    fn decide(&self, judge: &str, device: &str, op: &BuiltOp) -> Outcome {
        if let Some(d) = op.defect {
            return Outcome::new("rejected", Some(d.code()));
        }
        if self.locks.contains_key(&op.presenter) {
            return Outcome::new("late", None);
        }
        if let Some(held) = self.sheets.get(&(judge.to_string(), op.presenter.clone())) {
            if (held.rev, held.device.as_str()) > (op.rev, device) {
                return Outcome::new("superseded", None);
            }
        }
        Outcome::new("applied", None)
    }

    fn apply(&mut self, judge: &str, device: &str, op_id: &str, op: &BuiltOp, outcome: &Outcome) {
        match outcome.name.as_str() {
            "applied" => {
                let sheet = ModelSheet {
                    rev: op.rev,
                    device: device.to_string(),
                    values: op.values.clone(),
                    submitted: op.submitted,
                };
                self.sheets
                    .insert((judge.to_string(), op.presenter.clone()), sheet);
            }
            "late" => self
                .late
                .push((op_id.to_string(), judge.to_string(), op.presenter.clone())),
            _ => {}
        }
    }

    /// A presenter's sheets by judge, for the scoring engine.
    fn presenter_sheets(&self, presenter: &str) -> BTreeMap<Id, Sheet> {
        self.sheets
            .iter()
            .filter(|((_, p), _)| p == presenter)
            .map(|((j, _), s)| {
                let values = s
                    .values
                    .iter()
                    .map(|(c, v)| (Id::parse(c).unwrap(), *v))
                    .collect();
                let sheet = Sheet {
                    values,
                    submitted: s.submitted,
                };
                (Id::parse(j).unwrap(), sheet)
            })
            .collect()
    }
}

fn outcome_of(result: &Value) -> Outcome {
    Outcome::new(
        result["outcome"].as_str().unwrap_or("(none)"),
        result["error"]["code"].as_str(),
    )
}

fn score(v: &Value) -> Option<Score> {
    v.as_f64().map(|f| Score::from_f64(f).unwrap())
}

struct Harness {
    server: Server,
    http: reqwest::Client,
    next_event: AtomicU64,
}

impl Harness {
    async fn new_event(&self) -> (EventConfig, HashMap<String, String>) {
        let mut config = demo_event();
        let n = self.next_event.fetch_add(1, Ordering::SeqCst);
        config.id = Id::parse(&format!("case{n}")).unwrap();
        import_event(&self.http, &self.server, &config).await;
        let tokens = judge_tokens(&self.http, &self.server, config.id.as_str())
            .await
            .into_iter()
            .collect();
        (config, tokens)
    }

    async fn get(&self, path: &str, token: &str) -> Value {
        let res = self
            .http
            .get(self.server.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.unwrap()
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        let res = self
            .http
            .post(self.server.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.unwrap()
    }
}

macro_rules! check_eq {
    ($left:expr, $right:expr, $($what:tt)+) => {
        let (l, r) = (&$left, &$right);
        if l != r {
            return Err(TestCaseError::fail(format!(
                "{}: server {:?}, model {:?}", format!($($what)+), l, r
            )));
        }
    };
}

async fn run_schedule(h: &Harness, steps: &[Step]) -> Result<(), TestCaseError> {
    let (config, tokens) = h.new_event().await;
    let event = config.id.as_str();
    let mut model = Model::default();
    // Each judge's op ids so far, for replays.
    let mut sent: HashMap<usize, Vec<String>> = HashMap::new();
    let mut next_op = 0u64;
    for (s, step) in steps.iter().enumerate() {
        match step {
            Step::Sync { judge, device, ops } => {
                let (j, dev) = (JUDGES[*judge], DEV[*device]);
                let mut built = Vec::new();
                for spec in ops {
                    let earlier = sent.entry(*judge).or_default();
                    let op_id = match &spec.replay {
                        Some(i) if !earlier.is_empty() => earlier[i.index(earlier.len())].clone(),
                        _ => {
                            next_op += 1;
                            format!("00000000-0000-4000-8000-{next_op:012x}")
                        }
                    };
                    earlier.push(op_id.clone());
                    built.push((op_id.clone(), build(spec, &op_id)));
                }
                let wire: Vec<Value> = built.iter().map(|(_, b)| b.wire.clone()).collect();
                let body = h
                    .post(
                        &format!("/api/v1/events/{event}/sync"),
                        &tokens[j],
                        json!({"device": dev, "ops": wire}),
                    )
                    .await;
                let results = body["results"].as_array().unwrap();
                check_eq!(results.len(), built.len(), "step {s}: results");
                for ((op_id, op), result) in built.iter().zip(results) {
                    check_eq!(result["op_id"], json!(op_id), "step {s}: op order");
                    let got = outcome_of(result);
                    let seq = result["server_seq"].as_u64().unwrap();
                    match model.recorded.get(op_id) {
                        Some((outcome, recorded_seq)) => {
                            check_eq!(got, *outcome, "step {s}: replay of {op_id}");
                            check_eq!(seq, *recorded_seq, "step {s}: replay of {op_id}");
                        }
                        None => {
                            let expected = model.decide(j, dev, op);
                            check_eq!(got, expected, "step {s}: {j} {dev} {}", op.wire);
                            prop_assert!(
                                seq > model.last_seq,
                                "step {s}: server_seq {seq} after {}",
                                model.last_seq
                            );
                            model.last_seq = seq;
                            model.apply(j, dev, op_id, op, &expected);
                            model.recorded.insert(op_id.clone(), (expected, seq));
                        }
                    }
                }
            }
            Step::Reveal { presenter } => {
                let p = PRESENTERS[*presenter];
                let lock = h
                    .post(
                        &format!("/api/v1/events/{event}/presenters/{p}/reveal"),
                        HOST_TOKEN,
                        json!({"force": true}),
                    )
                    .await;
                if let Some(first) = model.locks.get(p) {
                    check_eq!(lock, *first, "step {s}: a second reveal of {p}");
                    continue;
                }
                let id = Id::parse(p).unwrap();
                let result = presenter_result(&config, &id, &model.presenter_sheets(p));
                let submitted = model
                    .sheets
                    .iter()
                    .filter(|((_, q), s)| q == p && s.submitted)
                    .count();
                check_eq!(result.counted() as usize, submitted, "step {s}: counted");
                check_eq!(
                    lock["result_hash"],
                    json!(result.hash()),
                    "step {s}: result of {p}"
                );
                check_eq!(
                    score(&lock["final"]),
                    result.final_rounded(config.aggregation.display_decimals),
                    "step {s}: final of {p}"
                );
                let seq = lock["server_seq"].as_u64().unwrap();
                prop_assert!(seq > model.last_seq, "step {s}: reveal seq {seq}");
                model.last_seq = seq;
                model.locks.insert(p.to_string(), lock);
            }
        }
    }

    // Each judge's sheets, as `state` rebuilds a device.
    for j in JUDGES {
        let state = h
            .get(&format!("/api/v1/events/{event}/state"), &tokens[j])
            .await;
        let mut got = BTreeMap::new();
        for (p, sheet) in state["sheets"].as_object().unwrap() {
            let values = sheet["values"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(c, v)| (c.clone(), score(v)))
                .collect();
            let sheet = ModelSheet {
                rev: sheet["rev"].as_u64().unwrap(),
                device: sheet["device"].as_str().unwrap().to_string(),
                values,
                submitted: sheet["submitted"].as_bool().unwrap(),
            };
            got.insert((j.to_string(), p.clone()), sheet);
        }
        let want: BTreeMap<_, _> = model
            .sheets
            .iter()
            .filter(|((judge, _), _)| judge == j)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        check_eq!(got, want, "{j}'s sheets");
        check_eq!(seq_of(&state), model.last_seq, "{j}'s state server_seq");
    }

    // The late list, in arrival order.
    let late = h
        .get(&format!("/api/v1/events/{event}/late"), HOST_TOKEN)
        .await;
    let got: Vec<(String, String, String)> = late["late"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let f = |k: &str| l[k].as_str().unwrap().to_string();
            (f("op_id"), f("judge"), f("presenter"))
        })
        .collect();
    check_eq!(got, model.late, "the late list");

    // The results: revealed presenters only, each as it was revealed.
    let results = h
        .get(&format!("/api/v1/events/{event}/results"), HOST_TOKEN)
        .await;
    let got: BTreeMap<String, (Value, Value, Value)> = results["presenters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let id = p["id"].as_str().unwrap().to_string();
            (
                id,
                (
                    p["final"].clone(),
                    p["result_hash"].clone(),
                    p["counted"].clone(),
                ),
            )
        })
        .collect();
    let want: BTreeMap<String, (Value, Value, Value)> = model
        .locks
        .iter()
        .map(|(p, lock)| {
            let counted = json!(lock["result"]["marks"].as_array().unwrap().len());
            (
                p.clone(),
                (lock["final"].clone(), lock["result_hash"].clone(), counted),
            )
        })
        .collect();
    check_eq!(got, want, "the results");
    Ok(())
}

fn seq_of(state: &Value) -> u64 {
    state["server_seq"].as_u64().unwrap()
}

#[test]
fn the_server_decides_every_schedule_as_the_model_does() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let harness = Harness {
        server: Server::start(dir.path(), &["--no-demo"], Some(HOST_TOKEN)),
        http: client(),
        next_event: AtomicU64::new(1),
    };
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&schedule(), |steps| {
        rt.block_on(run_schedule(&harness, &steps))
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
