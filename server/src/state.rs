//! What every request handler shares: the store and who counts as the host.

use crate::store::Store;
use crate::writer::Writer;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use subtle::ConstantTimeEq;

/// Cloned for every extractor and middleware of every request: one `Arc`, not the fields
/// (the Leptos options alone are a dozen strings).
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(std::sync::Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub store: Store,
    pub writer: Writer,
    pub host_token: String,
    pub leptos: LeptosOptions,
    pub service_worker: crate::pwa::ServiceWorker,
    /// The built site: the bundles' files, the icons and the manifest.
    pub site: std::sync::Arc<crate::site::Site>,
    pub live: crate::live::Live,
    pub progress: crate::live::ProgressTicker,
    pub devices: crate::live::Devices,
    /// Host steps with an idempotency key run one at a time (`api/once.rs`).
    pub once_lock: tokio::sync::Mutex<()>,
    /// How the server is reached, and the bad-token slowdown.
    pub edge: std::sync::Arc<crate::edge::Edge>,
}

impl Shared {
    pub fn is_host_token(&self, token: &str) -> bool {
        bool::from(self.host_token.as_bytes().ct_eq(token.as_bytes()))
    }
}

impl FromRef<AppState> for std::sync::Arc<crate::edge::Edge> {
    fn from_ref(state: &AppState) -> Self {
        state.edge.clone()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos.clone()
    }
}

/// The pages' view of the server (see `app::backend`).
impl app::backend::Backend for AppState {
    fn current_event(&self) -> Result<Option<app::domain::EventConfig>, String> {
        self.store
            .current_event()
            .map(|c| c.map(std::sync::Arc::unwrap_or_clone))
            .map_err(|e| e.to_string())
    }

    fn check_host_token(
        &self,
        token: &str,
        request: Option<&axum::http::request::Parts>,
    ) -> app::backend::HostTokenCheck {
        if Shared::is_host_token(self, token) {
            return Box::pin(std::future::ready(true));
        }
        let client = request.and_then(|r| r.extensions.get::<crate::edge::Client>().copied());
        let state = self.clone();
        Box::pin(async move {
            state.edge.throttle.refuse(client.map(|c| c.addr)).await;
            false
        })
    }
}
