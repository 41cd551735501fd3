//! The edge: what every request passes through before a page or the API sees it (who the
//! client is, the request log, limits, security headers, the slowdown for bad tokens).

pub mod access_log;
pub mod client;
pub mod connections;
pub mod headers;
pub mod limits;
pub mod public_url;
pub mod throttle;

pub use client::{Client, LinkBase, TrustedProxy};
pub use public_url::PublicUrl;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use std::sync::Arc;

/// How this server is reached, as `leitai serve` was told.
#[derive(Debug, Default)]
pub struct Edge {
    /// The address people use (`--public-url`); links and QR codes carry it.
    pub public_url: Option<PublicUrl>,
    /// Peers whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Vec<TrustedProxy>,
    /// The server itself speaks TLS.
    pub tls: bool,
    pub throttle: throttle::Throttle,
}

/// Wraps every route, the fallback included. The last layer added runs first: the
/// client is known before the log, the headers and the limits need it.
pub fn wrap<S: Clone + Send + Sync + 'static>(router: Router<S>, edge: Arc<Edge>) -> Router<S> {
    router
        .layer(from_fn(limits::limits))
        .layer(from_fn(headers::security_headers))
        .layer(from_fn(access_log::access_log))
        .layer(from_fn_with_state(edge, client::identify))
}
