//! Exact decimal quantities: a `Score` is a whole number of hundredths, never a binary float.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Parses a number's shortest decimal form into an integer scaled by `10^decimals`.
///
/// JSON numbers reach us as `f64`; ryu prints an `f64` in the shortest form that reads
/// back to the same value, which is exactly the literal a client sent for any value with
/// up to 15 significant digits. So `36.57` becomes 3657 hundredths with no rounding, and
/// `36.571` is refused instead of being silently rounded.
pub fn scaled_from_f64(value: f64, decimals: u32) -> Result<i64, String> {
    if !value.is_finite() {
        return Err("a number must be finite".into());
    }
    if value.abs() >= 1e12 {
        return Err("the number is too large".into());
    }
    // ryu (already serde_json's) prints the same shortest form as `Display`, in a fraction
    // of the browser bundle's bytes.
    scaled_from_str(ryu::Buffer::new().format_finite(value), decimals)
}

/// Parses a plain decimal literal (`-12`, `36.5`) into an integer scaled by `10^decimals`.
pub fn scaled_from_str(text: &str, decimals: u32) -> Result<i64, String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let well_formed = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    if !well_formed || whole.len() > 12 {
        return Err(format!("'{text}' is not a plain decimal number"));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > decimals as usize {
        return Err(format!("{text} has more than {decimals} decimal places"));
    }
    let scale = 10i64.pow(decimals);
    let whole: i64 = whole
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    let mut frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().unwrap_or(0)
    };
    frac_value *= 10i64.pow(decimals - frac.len() as u32);
    let magnitude = whole * scale + frac_value;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Reads a JSON number as written (`36.5`, `3650e-2`, `-0`, `36.50000`) into an integer
/// scaled by `10^decimals`, exactly, whatever its length: a value that is not a whole number
/// of `10^-decimals` units is refused, never rounded (`36.499999999999999999` is not 36.5),
/// and so is one of `10^12` or more.
pub fn scaled_from_literal(text: &str, decimals: u32) -> Result<i64, String> {
    let shown = super::text::cut(text, super::text::MAX_KEPT_CHARS);
    let bad = || format!("'{shown}' is not a number");
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (rest, None),
    };
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(whole) || (mantissa.contains('.') && !digits_only(frac)) {
        return Err(bad());
    }
    // The exponent, saturated: past ±10^18 any digit but 0 is out of range either way.
    let exponent: i128 = match exponent {
        None => 0,
        Some(e) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => (-1, d),
                None => (1, e.strip_prefix('+').unwrap_or(e)),
            };
            if !digits_only(digits) {
                return Err(bad());
            }
            let digits = digits.trim_start_matches('0');
            if digits.len() > 18 {
                sign * 10i128.pow(18)
            } else {
                sign * digits.parse::<i128>().unwrap_or(0)
            }
        }
    };
    // value = significant × 10^shift units of 10^-decimals.
    let all = whole.bytes().chain(frac.bytes());
    let significant: Vec<u8> = all.skip_while(|b| *b == b'0').collect();
    if significant.is_empty() {
        return Ok(0);
    }
    let mut shift = exponent - frac.len() as i128 + i128::from(decimals);
    let mut significant = significant.as_slice();
    while shift < 0 {
        match significant.split_last() {
            Some((b'0', rest)) => {
                significant = rest;
                shift += 1;
            }
            _ => return Err(format!("{shown} has more than {decimals} decimal places")),
        }
    }
    let too_large = || format!("{shown} is too large");
    let width = significant.len() as i128 + shift;
    if width > 12 + i128::from(decimals) {
        return Err(too_large());
    }
    let mut magnitude: i64 = 0;
    for b in significant {
        magnitude = magnitude * 10 + i64::from(b - b'0');
    }
    for _ in 0..shift {
        magnitude *= 10;
    }
    Ok(if negative { -magnitude } else { magnitude })
}

/// Writes `scaled / 10^decimals` with exactly `decimals` places.
pub fn format_scaled(scaled: i64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    let whole = magnitude / scale as u64;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let frac = magnitude % scale as u64;
    format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
}

/// A score, or a bound or step of one: an exact number of hundredths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(i64);

impl Score {
    pub const ZERO: Score = Score(0);

    pub const fn from_hundredths(hundredths: i64) -> Score {
        Score(hundredths)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    pub fn parse(text: &str) -> Result<Score, String> {
        scaled_from_str(text.trim(), 2).map(Score)
    }

    /// A JSON number read from its own text, exactly (see [`scaled_from_literal`]).
    pub fn from_json_literal(text: &str) -> Result<Score, String> {
        scaled_from_literal(text, 2).map(Score)
    }

    pub fn from_f64(value: f64) -> Result<Score, String> {
        scaled_from_f64(value, 2).map(Score)
    }

    /// The JSON number for this score; exact, because `n / 100.0` is the double nearest
    /// to the decimal and prints back as that decimal.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn checked_add(self, other: Score) -> Option<Score> {
        self.0.checked_add(other.0).map(Score)
    }

    /// Whether this value lies in `[min, max]` on the grid `min + k * step`.
    pub fn fits(self, min: Score, max: Score, step: Score) -> bool {
        self >= min && self <= max && step.0 > 0 && (self.0 - min.0) % step.0 == 0
    }
}

impl fmt::Display for Score {
    /// The shortest exact form: `36.5`, `40`, `12.25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format_scaled(self.0, 2);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        f.write_str(text)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            serializer.serialize_i64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoreVisitor;
        impl Visitor<'_> for ScoreVisitor {
            type Value = Score;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number with at most two decimal places")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Score, E> {
                v.checked_mul(100)
                    .filter(|h| h.abs() < 100_000_000_000_000)
                    .map(Score)
                    .ok_or_else(|| E::custom(format!("{v} is too large")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Score, E> {
                let v = i64::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))?;
                self.visit_i64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Score, E> {
                Score::from_f64(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(ScoreVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_up_to_two_decimals_exactly() {
        assert_eq!(Score::parse("36.5").unwrap().hundredths(), 3650);
        assert_eq!(Score::parse("36.57").unwrap().hundredths(), 3657);
        assert_eq!(Score::parse("40").unwrap().hundredths(), 4000);
        assert_eq!(Score::parse("0.1").unwrap().hundredths(), 10);
        assert_eq!(Score::parse("-2.05").unwrap().hundredths(), -205);
        assert!(Score::parse("36.571")
            .unwrap_err()
            .contains("decimal places"));
        assert!(Score::parse("1e3").is_err());
        assert!(Score::parse(".5").is_err());
        assert!(Score::parse("5.").is_err());
    }

    #[test]
    fn a_json_literal_is_read_exactly_whatever_its_length() {
        let read = |t: &str| Score::from_json_literal(t).map(Score::hundredths);
        assert_eq!(read("36.5"), Ok(3650));
        assert_eq!(read("36.50000000000000000000"), Ok(3650));
        assert_eq!(read("3650e-2"), Ok(3650));
        assert_eq!(read("0.365E2"), Ok(3650));
        assert_eq!(read("1e2"), Ok(10_000));
        assert_eq!(read("-0"), Ok(0));
        assert_eq!(read("0e999999999999999999999999"), Ok(0));
        assert_eq!(read(&format!("0.{}", "0".repeat(400))), Ok(0));
        for bad in [
            "36.499999999999999999",
            "36.501",
            &format!("0.{}1", "0".repeat(400)),
            "1e-3",
            "5e-999999999999999999999",
        ] {
            let err = read(bad).unwrap_err();
            assert!(err.contains("decimal places"), "{bad}: {err}");
            assert!(err.chars().count() < 128, "the message stays short: {err}");
        }
        for bad in ["1e12", "1000000000000", "1e999999999999999999999"] {
            assert!(read(bad).unwrap_err().contains("too large"), "{bad}");
        }
        assert_eq!(read("999999999999.99"), Ok(99_999_999_999_999));
        for bad in [
            "", "-", ".5", "5.", "1e", "1e+", "0x10", "1_0", "+1", "1.2.3",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn json_numbers_round_trip_without_float_error() {
        let s: Score = serde_json::from_str("0.29").unwrap();
        assert_eq!(s.hundredths(), 29);
        assert_eq!(serde_json::to_string(&s).unwrap(), "0.29");
        assert_eq!(
            serde_json::to_string(&Score::from_hundredths(4000)).unwrap(),
            "40"
        );
        assert!(serde_json::from_str::<Score>("0.291").is_err());
        assert!(serde_json::from_str::<Score>("\"12\"").is_err());
        assert!(serde_json::from_str::<Score>("1e300").is_err());
    }

    #[test]
    fn grid_membership_follows_min_and_step() {
        let (min, max, step) = (
            Score::parse("0").unwrap(),
            Score::parse("50").unwrap(),
            Score::parse("0.5").unwrap(),
        );
        assert!(Score::parse("36.5").unwrap().fits(min, max, step));
        assert!(!Score::parse("36.25").unwrap().fits(min, max, step));
        assert!(!Score::parse("50.5").unwrap().fits(min, max, step));
        assert!(!Score::parse("-0.5").unwrap().fits(min, max, step));
    }

    #[test]
    fn display_is_shortest_exact_form() {
        assert_eq!(Score::from_hundredths(3650).to_string(), "36.5");
        assert_eq!(Score::from_hundredths(4000).to_string(), "40");
        assert_eq!(Score::from_hundredths(5).to_string(), "0.05");
        assert_eq!(format_scaled(-205, 2), "-2.05");
        assert_eq!(format_scaled(7, 0), "7");
    }

    proptest! {
        #[test]
        fn every_hundredth_survives_json(h in -10_000_000i64..10_000_000) {
            let s = Score::from_hundredths(h);
            let json = serde_json::to_string(&s).unwrap();
            let back: Score = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, s);
            prop_assert_eq!(Score::parse(&s.to_string()).unwrap(), s);
        }
    }
}
