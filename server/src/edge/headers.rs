//! The security headers of every response, and the per-request nonce that lets the
//! page's own inline loader script (and nothing else inline) run.

use crate::edge::Client;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;
use std::sync::Arc;

/// The nonce of one request, in its extensions; the page rendered for it carries it on
/// every inline `<script>` (see `web::routes`), the CSP header names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    /// 128 random bits, as hex (valid in a CSP nonce source).
    pub fn generate() -> CspNonce {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        CspNonce(hex::encode(bytes).into())
    }
}

/// The policy: only this origin's files, plus the nonce's inline loader and wasm.
/// `style-src-attr 'unsafe-inline'`: the reveal's animation staggers each mark with an
/// inline custom property (`style="--i:3"`, components/stage.rs); style elements and
/// sheets stay limited to this origin.
pub fn content_security_policy(nonce: &CspNonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{}'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; connect-src 'self'; \
         img-src 'self' data:; manifest-src 'self'; worker-src 'self'; base-uri 'none'; \
         form-action 'self'; object-src 'none'; frame-ancestors 'none'",
        nonce.0
    )
}

/// Adds the headers to every response. HSTS only over HTTPS: sent over plain HTTP it is
/// ignored, and a server on a LAN address must stay reachable over HTTP.
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::generate();
    let https = req.extensions().get::<Client>().is_some_and(|c| c.https);
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        // No includeSubDomains: the server cannot know what else runs under its domain.
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// Gives the page being rendered the request's nonce (leptos_axum made up its own
/// before this runs), so `HydrationScripts`, `JudgeScripts` and the streamed chunks
/// carry the nonce the header names. Called in the pages' context.
pub fn provide_page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}
