//! Receipts: the short hash of a sheet as the server recorded it, so a judge's phone and the
//! host's screen can tell at a glance whether they are talking about the same record.
//!
//! The hash is SHA-256 over a plain-text canonical encoding (one `key=value` line per field,
//! the values sorted by criterion id), cut to its first 8 hex digits. Every field is an id,
//! a UUID, a number or a score, none of which can hold a newline or `=`, so the encoding is
//! unambiguous. A phone can recompute it from what it sent and the `server_seq` it got back.

use super::score::Score;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

/// The first 32 bits of a recorded sheet's hash, shown as 8 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Receipt(pub u32);

impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}", self.0)
    }
}

impl Receipt {
    /// Reads the 8 hex digits a person typed or a page showed (any case).
    pub fn parse(text: &str) -> Result<Receipt, String> {
        let text = text.trim();
        if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("'{text}' is not a receipt of 8 hex digits"));
        }
        u32::from_str_radix(text, 16)
            .map(Receipt)
            .map_err(|_| format!("'{text}' is not a receipt of 8 hex digits"))
    }
}

impl Serialize for Receipt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Receipt {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Receipt::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What was recorded for one op: everything the receipt vouches for.
#[derive(Clone, Copy, Debug)]
pub struct RecordedSheet<'a, K> {
    pub event: &'a str,
    pub presenter: &'a str,
    pub judge: &'a str,
    pub device: &'a str,
    pub op_id: &'a str,
    pub rev: u64,
    pub values: &'a BTreeMap<K, Option<Score>>,
    pub submitted: bool,
    pub server_seq: u64,
}

impl<K: Borrow<str> + Ord> RecordedSheet<'_, K> {
    /// The canonical text the receipt hashes.
    pub fn canonical(&self) -> String {
        let mut text = format!(
            "leitai-receipt-v1\nevent={}\npresenter={}\njudge={}\ndevice={}\nop={}\nrev={}\nsubmitted={}\nserver_seq={}\n",
            self.event,
            self.presenter,
            self.judge,
            self.device.to_ascii_lowercase(),
            self.op_id.to_ascii_lowercase(),
            self.rev,
            self.submitted,
            self.server_seq
        );
        for (criterion, value) in self.values {
            let value = value.map_or_else(|| "-".to_string(), |v| v.to_string());
            text.push_str(&format!("{}={value}\n", criterion.borrow()));
        }
        text
    }

    pub fn receipt(&self) -> Receipt {
        let digest = Sha256::digest(self.canonical().as_bytes());
        Receipt(u32::from_be_bytes([
            digest[0], digest[1], digest[2], digest[3],
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<Score>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(|v| Score::parse(v).unwrap())))
            .collect()
    }

    fn sheet(values: &BTreeMap<String, Option<Score>>, seq: u64) -> RecordedSheet<'_, String> {
        RecordedSheet {
            event: "demo",
            presenter: "jiaozhou",
            judge: "j01",
            device: "00000000-0000-4000-8000-00000000000A",
            op_id: "00000000-0000-4000-8000-000000000001",
            rev: 2,
            values,
            submitted: true,
            server_seq: seq,
        }
    }

    #[test]
    fn the_canonical_text_is_fixed_so_old_receipts_stay_valid() {
        let v = values(&[("results", Some("40")), ("defence", Some("25.5"))]);
        let s = sheet(&v, 42);
        assert_eq!(
            s.canonical(),
            "leitai-receipt-v1\nevent=demo\npresenter=jiaozhou\njudge=j01\n\
             device=00000000-0000-4000-8000-00000000000a\nop=00000000-0000-4000-8000-000000000001\n\
             rev=2\nsubmitted=true\nserver_seq=42\ndefence=25.5\nresults=40\n"
        );
        let r = s.receipt();
        // The first 8 hex digits of SHA-256 over that text (as `sha256sum` prints them).
        assert_eq!(r.to_string(), "68ba63f5");
        assert_eq!(Receipt::parse(&r.to_string()).unwrap(), r);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{r}\""),
            "a receipt is sent as its hex digits"
        );
    }

    #[test]
    fn any_change_to_what_was_recorded_changes_the_receipt() {
        let v = values(&[("results", Some("40")), ("defence", None)]);
        let base = sheet(&v, 42).receipt();
        assert_eq!(sheet(&v, 42).receipt(), base, "deterministic");
        assert_ne!(sheet(&v, 43).receipt(), base, "another sequence number");
        let other = values(&[("results", Some("40.5")), ("defence", None)]);
        assert_ne!(sheet(&other, 42).receipt(), base, "another value");
        let mut s = sheet(&v, 42);
        s.submitted = false;
        assert_ne!(s.receipt(), base, "not submitted");
        let mut s = sheet(&v, 42);
        s.judge = "j02";
        assert_ne!(s.receipt(), base, "another judge");
    }

    #[test]
    fn a_receipt_is_read_only_from_eight_hex_digits() {
        assert_eq!(Receipt::parse("00ABcdef").unwrap(), Receipt(0x00ab_cdef));
        assert!(Receipt::parse("abc").is_err());
        assert!(Receipt::parse("abcdefgh").is_err());
        assert!(Receipt::parse("+bcdef01").is_err(), "a sign is not a digit");
    }
}
