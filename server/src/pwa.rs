//! What makes the judge's page work offline: the service worker, generated from the
//! build's exact files so its precache list can never drift from what the pages load.

use crate::site::Site;
use sha2::{Digest, Sha256};

const SW_TEMPLATE: &str = include_str!("assets/sw.js");

/// The service worker of one build.
#[derive(Clone, Debug)]
pub struct ServiceWorker {
    pub version: String,
    pub precache: Vec<String>,
    pub script: String,
}

impl ServiceWorker {
    /// The judge's bundle and the icons the installed app shows, by their names in this
    /// build. The version is a digest of the files themselves, so every build gets its
    /// own cache.
    pub fn for_build(site: &Site) -> ServiceWorker {
        let mut precache = match &site.bundles {
            Some(bundles) => vec![
                bundles.judge.js.clone(),
                bundles.judge.wasm.clone(),
                bundles.judge.css.clone(),
            ],
            None => Vec::new(),
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
            if let Some(bytes) = site.bytes(file) {
                digest.update(bytes);
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
