//! The server's clock, at the ground floor: storage, the writer and the handlers read the
//! time from here.

/// Now, in UTC, as RFC 3339 (`2026-12-06T12:00:00.123456789Z`).
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
