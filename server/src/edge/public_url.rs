//! `--public-url`: the address people reach the server at, checked once at start.

use std::fmt;
use std::str::FromStr;

/// An absolute `http` or `https` URL with a host, without a query, a fragment or a
/// trailing slash, so a path can be appended to it as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(String);

impl FromStr for PublicUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or("it must start with https:// or http://")?;
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() {
            return Err("it has no host".into());
        }
        if text.contains(['?', '#']) || text.chars().any(char::is_whitespace) {
            return Err("it must not have a query, a fragment or spaces".into());
        }
        Ok(PublicUrl(text.trim_end_matches('/').to_string()))
    }
}

impl PublicUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// The host without the port (IPv6 keeps its brackets).
    fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, rest)| rest);
        let authority = rest.split('/').next().unwrap_or_default();
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        if authority.starts_with('[') {
            return authority.split_inclusive(']').next().unwrap_or(authority);
        }
        authority.split(':').next().unwrap_or(authority)
    }

    /// Plain HTTP is fine on this machine only: anywhere else, judges' tokens travel in
    /// clear text and browsers refuse service workers (no offline judging).
    pub fn is_safe(&self) -> bool {
        let host = self.host();
        self.is_https()
            || host == "localhost"
            || host.ends_with(".localhost")
            || host == "[::1]"
            || host.starts_with("127.")
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::PublicUrl;

    #[test]
    fn a_public_url_is_absolute_and_loses_its_trailing_slash() {
        let url: PublicUrl = "https://score.example.org/".parse().unwrap();
        assert_eq!(url.as_str(), "https://score.example.org");
        let url: PublicUrl = "http://10.0.0.5:8080/leitai".parse().unwrap();
        assert_eq!(url.as_str(), "http://10.0.0.5:8080/leitai");
        for bad in [
            "score.example.org",
            "ftp://x",
            "https://",
            "https://x/?a=1",
            "https://x/#y",
        ] {
            assert!(bad.parse::<PublicUrl>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_https_or_this_machine_is_safe() {
        let safe = |s: &str| s.parse::<PublicUrl>().unwrap().is_safe();
        assert!(safe("https://score.example.org"));
        assert!(safe("http://localhost:3000"));
        assert!(safe("http://127.0.0.1:3000"));
        assert!(safe("http://[::1]:3000"));
        assert!(!safe("http://192.168.1.20:3000"));
        assert!(!safe("http://localhost.example.org"));
    }
}
