//! The sync rules of the contract: what outcome an op gets. Replay (rule 1) is the store's
//! job, since it needs the record of earlier ops; rules 2 to 5 are decided here.

use super::event::{EventConfig, Judge};
use super::ids::Id;
use super::limits::{cut, MAX_CRITERIA, MAX_KEPT_CHARS, MAX_LATE_PER_JUDGE};
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
    /// A rejection as the contract writes it in an op's result; none for any other outcome.
    pub fn wire_error(&self) -> Option<super::wire::WireError> {
        match self {
            Outcome::Rejected { error } => Some(super::wire::WireError {
                code: error.code.clone(),
                message: error.message.clone(),
            }),
            _ => None,
        }
    }

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
    /// Each number of `values` as the request wrote it (read into `body`, a number went
    /// through `f64` and kept only about 17 digits); empty when the op came without its text.
    pub literals: BTreeMap<String, String>,
}

/// An op's fields, and nothing else: the contract's op.
/// `round` is beyond the contract: the event's round the device made the op in, so that an
/// op of a rehearsal that has ended is rejected (`rehearsal_over`) and never counts.
/// `note` is beyond the contract too: the judge's written point on the presenter ([`Note`]).
pub const OP_FIELDS: [&str; 8] = [
    "op_id",
    "presenter",
    "rev",
    "values",
    "submitted",
    "client_time",
    "round",
    "note",
];

/// A judge's written point, in characters once trimmed.
pub const MAX_NOTE_CHARS: usize = 200;

/// A judge's written point on a presenter (意见建议): part of the sheet, shown to the host
/// only. Between 1 and [`MAX_NOTE_CHARS`] characters, trimmed, line breaks as `\n`, and no
/// control character: those are stripped rather than refused, so that a stray one never
/// costs the judge the scores the op carries. A note that is too long is refused
/// (`note_too_long`): cutting it would change what the judge wrote. A boxed `str`, so that
/// the sheets without one (most of them) hold only an empty pointer: no allocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Note(Box<str>);

impl Note {
    /// The note an op's `note` field gives: none when it is absent, null or empty once
    /// cleaned; a rejection when it is not a text or too long.
    pub fn parse(raw: Option<&Value>) -> Result<Option<Note>, Rejection> {
        match raw {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Note::from_text(text),
            Some(_) => Err(reject(
                "invalid_note",
                "\"note\" must be a text or null".into(),
            )),
        }
    }

    /// `text` cleaned: `\r\n`, `\r` and the Unicode line and paragraph separators become
    /// `\n`, a tab a space; other control characters and the bidirectional embeddings,
    /// overrides and isolates (which could make a text read backwards) are dropped; then
    /// trimmed and counted.
    pub fn from_text(text: &str) -> Result<Option<Note>, Rejection> {
        let mut clean = String::with_capacity(text.len().min(4 * MAX_NOTE_CHARS));
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' | '\n' | '\u{2028}' | '\u{2029}' => clean.push('\n'),
                '\t' => clean.push(' '),
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
                c if c.is_control() => {}
                c => clean.push(c),
            }
        }
        let trimmed = clean.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let chars = trimmed.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(reject(
                "note_too_long",
                format!("the written point has {chars} characters; at most {MAX_NOTE_CHARS}"),
            ));
        }
        Ok(Some(Note(trimmed.into())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Note> for String {
    fn from(note: Note) -> String {
        note.0.into()
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl RawOp {
    /// The round the device says it made the op in, if it says one.
    pub fn round(&self) -> Option<u32> {
        self.body
            .get("round")
            .and_then(serde_json::Value::as_u64)
            .and_then(|r| u32::try_from(r).ok())
    }

    /// An op with the number literals of its `values` read from `text`, its own JSON.
    pub fn with_text(op_id: String, body: Value, text: &str) -> RawOp {
        #[derive(Deserialize)]
        struct Numbers<'a> {
            #[serde(borrow, default)]
            values: Option<BTreeMap<String, &'a serde_json::value::RawValue>>,
        }
        let literals = serde_json::from_str::<Numbers<'_>>(text)
            .ok()
            .and_then(|n| n.values)
            .into_iter()
            .flatten()
            .map(|(key, raw)| (key, raw.get().trim().to_string()))
            .filter(|(_, raw)| raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()))
            .collect();
        RawOp {
            op_id,
            body,
            literals,
        }
    }

    /// What the server keeps of the op: its known fields, less `op_id`, with every text cut
    /// to [`MAX_KEPT_CHARS`] and `values` to [`MAX_CRITERIA`] entries, and `"cut": true` when
    /// anything was cut. A rejected op is kept too, so nothing a device sends grows the log
    /// by more than this.
    pub fn kept(&self) -> Value {
        let mut was_cut = false;
        let mut kept = serde_json::Map::new();
        if let Value::Object(op) = &self.body {
            for key in OP_FIELDS.iter().skip(1) {
                if let Some(value) = op.get(*key) {
                    kept.insert(key.to_string(), bounded(value, 0, &mut was_cut));
                }
            }
        }
        if was_cut {
            kept.insert("cut".into(), Value::Bool(true));
        }
        Value::Object(kept)
    }
}

/// `value` with every string cut and every list or map shortened to [`MAX_CRITERIA`]
/// entries, two levels deep at most; `cut` is set when anything was cut.
fn bounded(value: &Value, depth: u8, was_cut: &mut bool) -> Value {
    let mut note = |cut: bool| *was_cut |= cut;
    match value {
        Value::String(text) => {
            let kept = cut(text, MAX_KEPT_CHARS);
            note(kept.len() != text.len());
            Value::String(kept.into_owned())
        }
        Value::Array(_) | Value::Object(_) if depth >= 2 => {
            note(true);
            Value::Null
        }
        Value::Array(items) => {
            note(items.len() > MAX_CRITERIA);
            let items = items.iter().take(MAX_CRITERIA);
            Value::Array(items.map(|v| bounded(v, depth + 1, was_cut)).collect())
        }
        Value::Object(map) => {
            note(map.len() > MAX_CRITERIA);
            let entries = map.iter().take(MAX_CRITERIA).map(|(k, v)| {
                let key = cut(k, MAX_KEPT_CHARS);
                *was_cut |= key.len() != k.len();
                (key.into_owned(), bounded(v, depth + 1, was_cut))
            });
            Value::Object(entries.collect())
        }
        other => other.clone(),
    }
}

/// A value sent, as an error message repeats it: cut short.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    cut(text, MAX_KEPT_CHARS)
}

/// An op that passed every rule of the event: the judge's whole sheet for one presenter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOp {
    pub presenter: Id,
    pub rev: u64,
    pub sheet: Sheet,
    /// The judge's written point, kept with the sheet.
    pub note: Option<Note>,
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

/// Rule 2: checks an op against the event and the judge. Every value is read from its own
/// text when the op has it ([`RawOp::literals`]), so only what is exactly representable in
/// hundredths passes.
pub fn validate(config: &EventConfig, judge: &Judge, op: &RawOp) -> Result<ValidOp, Rejection> {
    let body = &op.body;
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
                format!(
                    "'{}' is not a presenter of this event",
                    shown(presenter_raw)
                ),
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
    let no_values = serde_json::Map::new();
    let raw_values = match body.get("values") {
        None | Some(Value::Null) => &no_values,
        Some(Value::Object(map)) => map,
        Some(_) => {
            return Err(reject(
                "invalid_op",
                "\"values\" must be an object of criterion ids".into(),
            ))
        }
    };
    let note = Note::parse(body.get("note"))?;
    if judge.recused.contains(&presenter) {
        return Err(reject(
            "recused",
            format!("judge '{}' is recused from '{presenter}'", judge.id),
        ));
    }
    let mut values = BTreeMap::new();
    for (key, value) in raw_values {
        let criterion = config.criterion(key).ok_or_else(|| {
            reject(
                "unknown_criterion",
                format!("'{}' is not a criterion of this event", shown(key)),
            )
        })?;
        let score = match value {
            Value::Null => None,
            Value::Number(n) => {
                let text = op
                    .literals
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| n.to_string());
                let n = shown(&text);
                let out_of_range = || {
                    reject(
                        "value_out_of_range",
                        format!(
                            "{key}: {n} is outside {} to {}",
                            criterion.min, criterion.max
                        ),
                    )
                };
                let score = Score::from_json_literal(&text).map_err(|why| {
                    if n.starts_with('-') || why.ends_with("too large") {
                        out_of_range()
                    } else {
                        reject(
                            "value_off_step",
                            format!("{key}: {why}, so not on the step of {}", criterion.step),
                        )
                    }
                })?;
                if score < criterion.min || score > criterion.max {
                    return Err(out_of_range());
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
                    format!(
                        "{key}: {} is not a number or null",
                        shown(&other.to_string())
                    ),
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
        note,
    })
}

/// Rules 2 to 5 for one op. `locked` says whether the presenter is revealed; `stored` is the
/// version of the sheet the store holds for (judge, presenter), if any; `late_kept` counts
/// the judge's late ops kept so far, of which there are at most [`MAX_LATE_PER_JUDGE`].
pub fn decide(
    config: &EventConfig,
    judge: &Judge,
    device: &str,
    raw: &RawOp,
    late_kept: usize,
    locked: impl FnOnce(&Id) -> bool,
    stored: impl FnOnce(&Id) -> Option<(u64, String)>,
) -> (Outcome, Option<ValidOp>) {
    let op = match validate(config, judge, raw) {
        Ok(op) => op,
        Err(error) => return (Outcome::Rejected { error }, None),
    };
    if locked(&op.presenter) {
        if late_kept >= MAX_LATE_PER_JUDGE {
            let error = reject(
                "too_many_late",
                format!(
                    "'{}' is revealed, and judge '{}' already has {MAX_LATE_PER_JUDGE} late scores kept, the most there can be",
                    op.presenter, judge.id
                ),
            );
            return (Outcome::Rejected { error }, None);
        }
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
    use crate::demo_event;
    use serde_json::json;

    const DEV_A: &str = "00000000-0000-4000-8000-00000000000a";
    const DEV_B: &str = "00000000-0000-4000-8000-00000000000b";

    fn raw(body: Value) -> RawOp {
        let text = body.to_string();
        RawOp::with_text("00000000-0000-4000-8000-000000000001".into(), body, &text)
    }

    fn run(body: Value, locked: bool, stored: Option<(u64, &str)>) -> Outcome {
        let e = demo_event();
        let mut judge = e.judges[0].clone();
        judge.recused = vec![Id::parse("shibei").unwrap()];
        decide(
            &e,
            &judge,
            DEV_A,
            &raw(body),
            0,
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

    /// An op read from the text a device sent, as the server reads it.
    fn sent(text: &str) -> RawOp {
        let body: Value = serde_json::from_str(text).unwrap();
        RawOp::with_text("00000000-0000-4000-8000-000000000001".into(), body, text)
    }

    #[test]
    fn a_value_is_read_from_its_own_text_not_through_a_float() {
        let e = demo_event();
        let judge = &e.judges[0];
        let op = |value: &str| {
            format!(r#"{{"presenter": "jiaozhou", "rev": 1, "values": {{"results": {value}}}}}"#)
        };
        for exact in ["36.5", "36.50000000000000000000", "3650e-2"] {
            let valid = validate(&e, judge, &sent(&op(exact))).unwrap();
            let results = Id::parse("results").unwrap();
            assert_eq!(
                valid.sheet.values[&results],
                Some(Score::from_hundredths(3650))
            );
        }
        let long_zeros = format!("0.{}1", "0".repeat(400));
        for inexact in ["36.499999999999999999", long_zeros.as_str()] {
            let error = validate(&e, judge, &sent(&op(inexact))).unwrap_err();
            assert_eq!(error.code, "value_off_step", "{inexact}");
            assert!(error.message.chars().count() < 200, "{}", error.message);
        }
    }

    #[test]
    fn what_is_kept_of_an_op_is_bounded_and_marked_when_cut() {
        let junk = "x".repeat(40_000);
        let values: serde_json::Map<String, Value> = (0..1000)
            .map(|i| (format!("{i}{junk}"), json!(junk)))
            .collect();
        let body = json!({"op_id": "x", "presenter": junk, "rev": 1, "values": values,
                          "submitted": [[[junk]]], "client_time": junk, "extra": junk});
        let kept = raw(body).kept();
        let text = kept.to_string();
        assert!(text.len() < 8 * 1024, "{} bytes kept", text.len());
        assert_eq!(kept["cut"], true);
        assert!(kept.get("extra").is_none() && kept.get("op_id").is_none());
        assert!(kept["client_time"]
            .as_str()
            .unwrap()
            .ends_with(crate::limits::CUT_MARK));
        let whole = raw(op(json!({"results": 36.5}), true, 2)).kept();
        assert_eq!(
            whole,
            op(json!({"results": 36.5}), true, 2),
            "a sound op is kept whole"
        );
    }

    #[test]
    fn a_judge_past_the_late_limit_gets_the_op_rejected() {
        let e = demo_event();
        let body = raw(op(json!({"results": 30}), false, 1));
        let decided = |kept| decide(&e, &e.judges[0], DEV_A, &body, kept, |_| true, |_| None).0;
        assert_eq!(decided(MAX_LATE_PER_JUDGE - 1), Outcome::Late);
        assert_eq!(code(decided(MAX_LATE_PER_JUDGE)), "too_many_late");
    }

    #[test]
    fn an_echoed_value_is_cut_in_the_message() {
        let junk = "p".repeat(10_000);
        let outcome = run(json!({"presenter": junk, "rev": 1}), false, None);
        let Outcome::Rejected { error } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(error.message.chars().count() < 200, "{}", error.message);
    }

    #[test]
    fn a_note_is_cleaned_and_bounded_and_an_empty_one_is_none() {
        let note = |text: &str| Note::from_text(text).map(|n| n.map(|n| n.to_string()));
        assert_eq!(note("  讲得实在  ").unwrap().as_deref(), Some("讲得实在"));
        assert_eq!(note(" \t\r\n\u{3000}").unwrap(), None, "blank is none");
        assert_eq!(
            note("第一行\r\n第二行\r第三\t行").unwrap().as_deref(),
            Some("第一行\n第二行\n第三 行")
        );
        // Control characters and bidirectional overrides are stripped, not refused.
        assert_eq!(
            note("建议\u{0}\u{7}\u{1b}[31m\u{7f}\u{9b}\u{202e}加快\u{2066}进度")
                .unwrap()
                .as_deref(),
            Some("建议[31m加快进度")
        );
        assert_eq!(note("\u{0}\u{1}").unwrap(), None);
        let most = "议".repeat(MAX_NOTE_CHARS);
        assert_eq!(
            note(&format!("  {most}\n")).unwrap().as_deref(),
            Some(most.as_str())
        );
        let error = note(&format!("{most}多")).unwrap_err();
        assert_eq!(error.code, "note_too_long");
        assert!(error.message.contains("201"), "{}", error.message);
        assert_eq!(Note::parse(None).unwrap(), None);
        assert_eq!(Note::parse(Some(&Value::Null)).unwrap(), None);
        assert_eq!(
            Note::parse(Some(&json!(5))).unwrap_err().code,
            "invalid_note"
        );
    }

    #[test]
    fn a_note_rides_with_the_sheet_and_a_long_one_rejects_the_op() {
        let e = demo_event();
        let judge = &e.judges[0];
        let with = |note: Value| {
            let mut body = op(json!({"results": 36.5}), false, 1);
            body["note"] = note;
            raw(body)
        };
        let valid = validate(&e, judge, &with(json!(" 建议多下基层 "))).unwrap();
        assert_eq!(valid.note.as_ref().map(Note::as_str), Some("建议多下基层"));
        assert_eq!(validate(&e, judge, &with(json!(""))).unwrap().note, None);
        assert_eq!(
            validate(&e, judge, &raw(op(json!({}), false, 1)))
                .unwrap()
                .note,
            None
        );
        let long = "长".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            code(run(with(json!(long)).body, false, None)),
            "note_too_long"
        );
        assert_eq!(
            code(run(with(json!(["x"])).body, false, None)),
            "invalid_note"
        );
        // What is kept of an op keeps its note, cut like any text.
        let kept = with(json!(long)).kept();
        assert!(kept["note"]
            .as_str()
            .unwrap()
            .ends_with(crate::limits::CUT_MARK));
        assert_eq!(kept["cut"], true);
        assert_eq!(with(json!("好")).kept()["note"], "好");
    }

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid("6f1c2b7e-9d3a-4f5b-8c1d-2e3f4a5b6c7d"));
        assert!(!is_uuid("6f1c2b7e9d3a4f5b8c1d2e3f4a5b6c7d"));
        assert!(!is_uuid("not-a-uuid"));
        assert!(!is_uuid("6f1c2b7e-9d3a-4f5b-8c1d-2e3f4a5b6c7g"));
    }
}
