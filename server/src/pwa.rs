//! What makes the judge's page work offline: the service worker, generated from the
//! build's exact files so its precache list can never drift from what the pages load.

use crate::state::AppState;
use crate::web::{build_hash, judge_bundle};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use std::path::Path;

const SW_TEMPLATE: &str = include_str!("assets/sw.js");

/// The service worker of one build.
#[derive(Clone, Debug)]
pub struct ServiceWorker {
    pub version: String,
    pub precache: Vec<String>,
    pub script: String,
}

impl ServiceWorker {
    /// Takes the build's file names from `hash.txt` when they carry hashes, else the plain
    /// names: the judge's own bundle when there is one (else the app's), and the styles.
    /// The version is a digest of the files themselves, so every build gets its own cache.
    pub fn for_build(site_root: &Path, hashes: &str) -> ServiceWorker {
        let name = |kind: &str| {
            let hash = build_hash(hashes, kind).map(|h| format!(".{h}"));
            format!("/pkg/leitai{}.{kind}", hash.unwrap_or_default())
        };
        let mut precache = match judge_bundle(hashes) {
            Some(judge) => vec![judge.js, judge.wasm, judge.css],
            None => vec![name("js"), name("wasm"), name("css")],
        };
        precache.extend(
            [
                "/favicon.svg",
                "/manifest.webmanifest",
                "/icons/icon-192.png",
                "/icons/apple-touch-icon.png",
            ]
            .map(String::from),
        );
        let mut digest = Sha256::new();
        for file in &precache {
            digest.update(file.as_bytes());
            if let Ok(bytes) = std::fs::read(site_root.join(file.trim_start_matches('/'))) {
                digest.update(&bytes);
            }
        }
        digest.update(env!("CARGO_PKG_VERSION").as_bytes());
        let version = hex::encode(&digest.finalize()[..8]);
        let list = serde_json::to_string(&precache).expect("a list of strings serialises");
        let script = SW_TEMPLATE
            .replace("__VERSION__", &version)
            .replace("__PRECACHE__", &list);
        ServiceWorker {
            version,
            precache,
            script,
        }
    }
}

/// `GET /sw.js`, from the root so its scope is the whole site; always revalidated, so a
/// new build is found at the next visit.
pub async fn service_worker(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        state.service_worker.script.clone(),
    )
}
