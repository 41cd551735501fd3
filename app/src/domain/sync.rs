//! The sync rules of the contract: what outcome an op gets. Replay (rule 1) is the store's
//! job, since it needs the record of earlier ops; rules 2 to 5 are decided here.

use super::event::{EventConfig, Judge};
use super::ids::Id;
use super::score::Score;
use super::sheet::Sheet;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The outcome an op was given, as the contract names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    Applied,
    Rejected { error: Rejection },
    Late,
    Superseded,
}

impl Outcome {
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Rejected { .. } => "rejected",
            Outcome::Late => "late",
            Outcome::Superseded => "superseded",
        }
    }
}

/// Why an op was rejected: a stable code and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub code: String,
    pub message: String,
}

fn reject(code: &str, message: String) -> Rejection {
    Rejection {
        code: code.into(),
        message,
    }
}

/// An op whose envelope (its `op_id`) was readable, with the rest as sent.
#[derive(Clone, Debug, PartialEq)]
pub struct RawOp {
    pub op_id: String,
    pub body: Value,
}

/// An op that passed every rule of the event: the judge's whole sheet for one presenter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOp {
    pub presenter: Id,
    pub rev: u64,
    pub sheet: Sheet,
}

/// The sheet a store holds for (judge, presenter), as far as rule 4 needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version<'a> {
    pub rev: u64,
    pub device: &'a str,
}

impl Version<'_> {
    /// Rev first, then the device UUID as a string.
    pub fn is_newer_than(&self, other: &Version<'_>) -> bool {
        (self.rev, self.device) > (other.rev, other.device)
    }
}

/// Rule 2: checks an op against the event and the judge.
pub fn validate(config: &EventConfig, judge: &Judge, body: &Value) -> Result<ValidOp, Rejection> {
    let presenter_raw = body
        .get("presenter")
        .and_then(Value::as_str)
        .ok_or_else(|| reject("invalid_op", "the op needs a \"presenter\" id".into()))?;
    let presenter = config
        .presenter(presenter_raw)
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            reject(
                "unknown_presenter",
                format!("'{presenter_raw}' is not a presenter of this event"),
            )
        })?;
    let rev = match body.get("rev") {
        Some(v) => v.as_u64().ok_or_else(|| {
            reject(
                "invalid_rev",
                "rev must be a whole number of at least 1".into(),
            )
        })?,
        None => return Err(reject("invalid_rev", "the op needs a \"rev\"".into())),
    };
    if rev == 0 {
        return Err(reject("invalid_rev", "rev must be at least 1".into()));
    }
    let submitted = match body.get("submitted") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(reject(
                "invalid_op",
                "\"submitted\" must be true or false".into(),
            ))
        }
    };
    let raw_values = match body.get("values") {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => {
            return Err(reject(
                "invalid_op",
                "\"values\" must be an object of criterion ids".into(),
            ))
        }
    };
    if judge.recused.contains(&presenter) {
        return Err(reject(
            "recused",
            format!("judge '{}' is recused from '{presenter}'", judge.id),
        ));
    }
    let mut values = BTreeMap::new();
    for (key, value) in &raw_values {
        let criterion = config.criterion(key).ok_or_else(|| {
            reject(
                "unknown_criterion",
                format!("'{key}' is not a criterion of this event"),
            )
        })?;
        let score = match value {
            Value::Null => None,
            Value::Number(n) => {
                let f = n.as_f64().ok_or_else(|| {
                    reject("invalid_value", format!("{key}: {n} is not a number"))
                })?;
                let score = Score::from_f64(f).map_err(|_| {
                    reject(
                        "value_off_step",
                        format!("{key}: {n} is not on the step of {}", criterion.step),
                    )
                })?;
                if score < criterion.min || score > criterion.max {
                    return Err(reject(
                        "value_out_of_range",
                        format!(
                            "{key}: {n} is outside {} to {}",
                            criterion.min, criterion.max
                        ),
                    ));
                }
                if !score.fits(criterion.min, criterion.max, criterion.step) {
                    return Err(reject(
                        "value_off_step",
                        format!("{key}: {n} is not on the step of {}", criterion.step),
                    ));
                }
                Some(score)
            }
            other => {
                return Err(reject(
                    "invalid_value",
                    format!("{key}: {other} is not a number or null"),
                ))
            }
        };
        values.insert(criterion.id.clone(), score);
    }
    if submitted {
        if let Some(missing) = config
            .criteria
            .iter()
            .find(|c| values.get(&c.id).copied().flatten().is_none())
        {
            return Err(reject(
                "incomplete_submission",
                format!(
                    "a submitted sheet needs every criterion; '{}' is missing",
                    missing.id
                ),
            ));
        }
    }
    Ok(ValidOp {
        presenter,
        rev,
        sheet: Sheet { values, submitted },
    })
}

/// Rules 2 to 5 for one op. `locked` says whether the presenter is revealed; `stored` is the
/// version of the sheet the store holds for (judge, presenter), if any.
pub fn decide(
    config: &EventConfig,
    judge: &Judge,
    device: &str,
    body: &Value,
    locked: impl FnOnce(&Id) -> bool,
    stored: impl FnOnce(&Id) -> Option<(u64, String)>,
) -> (Outcome, Option<ValidOp>) {
    let op = match validate(config, judge, body) {
        Ok(op) => op,
        Err(error) => return (Outcome::Rejected { error }, None),
    };
    if locked(&op.presenter) {
        return (Outcome::Late, Some(op));
    }
    if let Some((rev, stored_device)) = stored(&op.presenter) {
        let held = Version {
            rev,
            device: &stored_device,
        };
        if held.is_newer_than(&Version {
            rev: op.rev,
            device,
        }) {
            return (Outcome::Superseded, Some(op));
        }
    }
    (Outcome::Applied, Some(op))
}

/// Whether a string is a UUID in its usual hyphenated form (any version).
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo_event;
    use serde_json::json;

    const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
    const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";

    fn run(body: Value, locked: bool, stored: Option<(u64, &str)>) -> Outcome {
        let e = demo_event();
        let mut judge = e.judges[0].clone();
        judge.recused = vec![Id::parse("shibei").unwrap()];
        decide(
            &e,
            &judge,
            DEV_A,
            &body,
            |_| locked,
            |_| stored.map(|(r, d)| (r, d.to_string())),
        )
        .0
    }

    fn code(o: Outcome) -> String {
        match o {
            Outcome::Rejected { error } => error.code,
            other => format!("not rejected: {other:?}"),
        }
    }

    fn op(values: Value, submitted: bool, rev: u64) -> Value {
        json!({"presenter": "jiaozhou", "rev": rev, "values": values, "submitted": submitted})
    }

    #[test]
    fn a_good_op_is_applied() {
        assert_eq!(
            run(
                op(json!({"results": 36.5, "defence": null}), false, 1),
                false,
                None
            ),
            Outcome::Applied
        );
        let full = json!({"results": 40, "defence": 25.5, "satisfaction": 18});
        assert_eq!(
            run(op(full, true, 3), false, Some((2, DEV_B))),
            Outcome::Applied
        );
    }

    #[test]
    fn each_event_rule_rejects_with_its_code() {
        let body = json!({"presenter": "nobody", "rev": 1, "values": {}});
        assert_eq!(code(run(body, false, None)), "unknown_presenter");
        assert_eq!(
            code(run(op(json!({"charm": 3}), false, 1), false, None)),
            "unknown_criterion"
        );
        assert_eq!(
            code(run(op(json!({"results": 50.5}), false, 1), false, None)),
            "value_out_of_range"
        );
        assert_eq!(
            code(run(op(json!({"results": -1}), false, 1), false, None)),
            "value_out_of_range"
        );
        assert_eq!(
            code(run(op(json!({"results": 36.25}), false, 1), false, None)),
            "value_off_step"
        );
        assert_eq!(
            code(run(op(json!({"results": 36.123}), false, 1), false, None)),
            "value_off_step"
        );
        assert_eq!(
            code(run(op(json!({"results": "36"}), false, 1), false, None)),
            "invalid_value"
        );
        assert_eq!(
            code(run(op(json!({}), false, 0), false, None)),
            "invalid_rev"
        );
        assert_eq!(
            code(run(
                json!({"presenter": "jiaozhou", "rev": -2}),
                false,
                None
            )),
            "invalid_rev"
        );
        let recused = json!({"presenter": "shibei", "rev": 1, "values": {}});
        assert_eq!(code(run(recused, false, None)), "recused");
        assert_eq!(
            code(run(
                op(json!({"results": 40, "defence": 20}), true, 1),
                false,
                None
            )),
            "incomplete_submission"
        );
        assert_eq!(
            code(run(
                op(
                    json!({"results": 40, "defence": 20, "satisfaction": null}),
                    true,
                    1
                ),
                false,
                None
            )),
            "incomplete_submission"
        );
    }

    #[test]
    fn rejection_comes_before_late_and_late_before_superseded() {
        assert_eq!(
            code(run(op(json!({"results": 99}), false, 1), true, None)),
            "value_out_of_range"
        );
        assert_eq!(
            run(op(json!({"results": 30}), false, 1), true, Some((9, DEV_B))),
            Outcome::Late
        );
    }

    #[test]
    fn a_greater_rev_then_device_supersedes() {
        let v = json!({"results": 30});
        assert_eq!(
            run(op(v.clone(), false, 2), false, Some((3, DEV_A))),
            Outcome::Superseded
        );
        // Equal rev: the greater device UUID wins; DEV_B > DEV_A.
        assert_eq!(
            run(op(v.clone(), false, 3), false, Some((3, DEV_B))),
            Outcome::Superseded
        );
        assert_eq!(
            run(op(v.clone(), false, 3), false, Some((3, DEV_A))),
            Outcome::Applied
        );
        assert_eq!(
            run(op(v, false, 4), false, Some((3, DEV_B))),
            Outcome::Applied
        );
    }

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid("6f1c2b7e-9d3a-4f5b-8c1d-2e3f4a5b6c7d"));
        assert!(!is_uuid("6f1c2b7e9d3a4f5b8c1d2e3f4a5b6c7d"));
        assert!(!is_uuid("not-a-uuid"));
        assert!(!is_uuid("6f1c2b7e-9d3a-4f5b-8c1d-2e3f4a5b6c7g"));
    }
}
