//! One log line per request: method, route, status, duration, client. The route is the
//! matched pattern (`/api/v1/events/{event}/sync`) or a cleaned path, so a token never
//! reaches the log: they travel in headers, fragments, queries and `/j/{token}`.

use crate::edge::Client;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Where requests are logged; `RUST_LOG=leitai::access=off` silences them alone.
pub const TARGET: &str = "leitai::access";

pub async fn access_log(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = route_for_log(
        req.extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str),
        req.uri().path(),
    );
    let client = req.extensions().get::<Client>().map(|c| c.addr);
    let res = next.run(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let ms = (ms * 10.0).round() / 10.0;
    let client = client.map(|a| a.to_string()).unwrap_or_default();
    tracing::info!(
        target: TARGET,
        method = %method,
        route = %route,
        status = res.status().as_u16(),
        ms,
        client = %client,
        "request"
    );
    res
}

/// The matched route's pattern; for paths no route names (static files, unknown paths),
/// the path with whatever follows `/j/` replaced, and cut short.
pub fn route_for_log(matched: Option<&str>, path: &str) -> String {
    // A nested service's pattern names axum's private tail parameter: the path says more.
    if let Some(pattern) = matched.filter(|p| !p.contains("__private__")) {
        return pattern.to_string();
    }
    let mut clean = String::new();
    let mut segments = path.split('/').skip(1).peekable();
    while let Some(segment) = segments.next() {
        clean.push('/');
        clean.push_str(segment);
        // A judge's link (`/j/…`) and a unit's (`/u/…`) carry their token.
        if (segment == "j" || segment == "u") && segments.peek().is_some() {
            clean.push_str("/{token}");
            break;
        }
    }
    if clean.is_empty() {
        clean.push('/');
    }
    const MAX: usize = 120;
    if clean.len() > MAX {
        let cut = (0..=MAX)
            .rev()
            .find(|i| clean.is_char_boundary(*i))
            .unwrap_or(0);
        clean.truncate(cut);
        clean.push('…');
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::route_for_log;

    #[test]
    fn a_logged_route_never_holds_a_judge_token() {
        let pattern = "/api/v1/events/{event}/sync";
        assert_eq!(
            route_for_log(Some(pattern), "/api/v1/events/demo/sync"),
            pattern
        );
        assert_eq!(route_for_log(None, "/j/s3cret"), "/j/{token}");
        assert_eq!(route_for_log(None, "/j/s3cret/more"), "/j/{token}");
        assert_eq!(route_for_log(None, "/u/s3cret"), "/u/{token}");
        assert_eq!(route_for_log(None, "/x/j/s3cret"), "/x/j/{token}");
        assert_eq!(route_for_log(None, "/j"), "/j");
        assert_eq!(
            route_for_log(None, "/icons/icon-192.png"),
            "/icons/icon-192.png"
        );
        assert_eq!(
            route_for_log(Some("/pkg/{*__private__axum_nest_tail_param}"), "/pkg/a.js"),
            "/pkg/a.js"
        );
        assert!(route_for_log(None, &"/a".repeat(200)).chars().count() <= 121);
    }
}
