//! Validated identifiers: an `Id` cannot exist unless it matches the contract's `[a-z0-9_-]{1,64}`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An event, presenter, judge, group or criterion id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

impl Id {
    pub const MAX_LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<Id, String> {
        if raw.is_empty() {
            return Err("an id cannot be empty".into());
        }
        if raw.len() > Self::MAX_LEN {
            return Err(format!("an id has at most {} characters", Self::MAX_LEN));
        }
        match raw
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-'))
        {
            Some(c) => Err(format!(
                "'{raw}' has '{c}': an id uses only a-z, 0-9, '_' and '-'"
            )),
            None => Ok(Id(raw.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Id {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Id::parse(&raw)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_contract_alphabet() {
        assert!(Id::parse("p1").is_ok());
        assert!(Id::parse("shi-nan_2").is_ok());
        assert!(Id::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn rejects_everything_else_with_a_reason() {
        assert!(Id::parse("").unwrap_err().contains("empty"));
        assert!(Id::parse(&"a".repeat(65)).unwrap_err().contains("64"));
        assert!(Id::parse("P1").unwrap_err().contains("'P'"));
        assert!(Id::parse("a/b").is_err());
        assert!(Id::parse("胶州").is_err());
    }

    #[test]
    fn deserialising_a_bad_id_fails() {
        assert!(serde_json::from_str::<Id>("\"Bad Id\"").is_err());
        assert_eq!(serde_json::from_str::<Id>("\"ok\"").unwrap().as_str(), "ok");
    }
}
