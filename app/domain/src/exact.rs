//! Exact rational numbers for means and weighted sums; rounding happens only for display.

use super::score::{format_scaled, Score};
use num_rational::Ratio;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A mean or weighted sum of hundredths, kept as an exact fraction of hundredths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(Ratio<i128>);

impl Exact {
    pub fn zero() -> Exact {
        Exact(Ratio::from_integer(0))
    }

    pub fn from_score(score: Score) -> Exact {
        Exact(Ratio::from_integer(score.hundredths() as i128))
    }

    pub fn ratio(numer: i128, denom: i128) -> Exact {
        Exact(Ratio::new(numer, denom))
    }

    /// The mean of some scores; `None` for none.
    pub fn mean(scores: impl IntoIterator<Item = Score>) -> Option<Exact> {
        let (sum, n) = scores.into_iter().fold((0i128, 0i128), |(s, n), x| {
            (s + x.hundredths() as i128, n + 1)
        });
        (n > 0).then(|| Exact(Ratio::new(sum, n)))
    }

    /// Rounded half up to `decimals` (0 to 2) places, as a score.
    pub fn round(self, decimals: u32) -> Score {
        let unit = 10i128.pow(2 - decimals.min(2));
        let units = self.0 / Ratio::from_integer(unit);
        let rounded = (units + Ratio::new(1, 2)).floor().to_integer();
        Score::from_hundredths((rounded * unit) as i64)
    }

    /// Written with `decimals` places, rounded half up: `88.47`.
    pub fn display(self, decimals: u32) -> String {
        let decimals = decimals.min(2);
        format_scaled(
            self.round(decimals).hundredths() / 10i64.pow(2 - decimals),
            decimals,
        )
    }

    /// The value in units with up to `places` decimals, cut (not rounded) and marked with
    /// `…` when there is more: `84.3333…` for 253/3, `88.45` for 1769/20.
    pub fn decimal(self, places: u32) -> String {
        let r = self.0 / Ratio::from_integer(100);
        let negative = r < Ratio::from_integer(0);
        let r = if negative { -r } else { r };
        let whole = r.trunc().to_integer();
        let mut rest = r.fract();
        let mut digits = String::new();
        for _ in 0..places {
            if rest == Ratio::from_integer(0) {
                break;
            }
            rest *= Ratio::from_integer(10);
            digits.push(char::from(b'0' + rest.trunc().to_integer() as u8));
            rest = rest.fract();
        }
        let more = if rest == Ratio::from_integer(0) {
            ""
        } else {
            "…"
        };
        let sign = if negative { "-" } else { "" };
        match digits.is_empty() {
            true => format!("{sign}{whole}{more}"),
            false => format!("{sign}{whole}.{digits}{more}"),
        }
    }

    /// The exact value in units (not hundredths), `num/den` in lowest terms: `1769/20`.
    pub fn fraction(self) -> String {
        let r = self.0 / Ratio::from_integer(100);
        if *r.denom() == 1 {
            r.numer().to_string()
        } else {
            format!("{}/{}", r.numer(), r.denom())
        }
    }
}

impl std::ops::Add for Exact {
    type Output = Exact;
    fn add(self, other: Exact) -> Exact {
        Exact(self.0 + other.0)
    }
}

impl std::ops::Mul for Exact {
    type Output = Exact;
    fn mul(self, other: Exact) -> Exact {
        Exact(self.0 * other.0)
    }
}

impl std::ops::Div for Exact {
    type Output = Exact;
    fn div(self, other: Exact) -> Exact {
        Exact(self.0 / other.0)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fraction())
    }
}

/// Serialised as its exact fraction, so a result's canonical form never depends on rounding.
impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.fraction())
    }
}

impl Exact {
    /// Reads what `fraction` wrote: `87` or `1769/20`.
    pub fn parse_fraction(text: &str) -> Result<Exact, String> {
        let bad = || format!("'{text}' is not a fraction like 1769/20");
        let (n, d) = text.split_once('/').unwrap_or((text, "1"));
        let n: i128 = n.parse().map_err(|_| bad())?;
        let d: i128 = d.parse().map_err(|_| bad())?;
        if d <= 0 {
            return Err(bad());
        }
        Ok(Exact(Ratio::new(n * 100, d)))
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Exact::parse_fraction(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_cut_and_marked_when_there_is_more() {
        assert_eq!(Exact::ratio(25300, 3).decimal(4), "84.3333…");
        assert_eq!(Exact::ratio(8845, 1).decimal(4), "88.45");
        assert_eq!(Exact::ratio(8000, 1).decimal(4), "80");
        assert_eq!(Exact::ratio(-25300, 3).decimal(2), "-84.33…");
    }

    fn s(text: &str) -> Score {
        Score::parse(text).unwrap()
    }

    #[test]
    fn means_are_exact_and_round_only_for_display() {
        let m = Exact::mean([s("85"), s("86"), s("86")]).unwrap();
        assert_eq!(m.fraction(), "257/3");
        assert_eq!(m.display(2), "85.67");
        assert_eq!(m.display(1), "85.7");
        assert_eq!(m.display(0), "86");
        assert_eq!(m.round(2), s("85.67"));
        assert!(Exact::mean([]).is_none());
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(
            Exact::mean([s("0.01"), s("0.02")]).unwrap().display(2),
            "0.02"
        );
        assert_eq!(
            Exact::mean([s("88.5"), s("88")]).unwrap().display(1),
            "88.3"
        );
        assert_eq!(Exact::from_score(s("72.5")).display(0), "73");
        assert_eq!(Exact::from_score(s("40")).fraction(), "40");
    }

    #[test]
    fn fractions_read_back() {
        let m = Exact::mean([s("85"), s("86"), s("86.5")]).unwrap();
        assert_eq!(Exact::parse_fraction(&m.fraction()).unwrap(), m);
        assert_eq!(
            Exact::parse_fraction("87").unwrap(),
            Exact::from_score(s("87"))
        );
        assert!(Exact::parse_fraction("1/0").is_err());
    }
}
