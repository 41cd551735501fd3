//! The Leitai server: the HTTP API, the pages, and the sled store behind them.
// The pages are rendered here, and the host console is one deep view type.
#![recursion_limit = "256"]

pub mod api;
pub mod backup;
pub mod error;
pub mod ledger;
pub mod live;
pub mod pwa;
pub mod state;
pub mod store;
pub mod tables;
pub mod web;
pub mod writer;

use state::AppState;
use std::net::SocketAddr;
use std::path::PathBuf;
use store::Store;

/// How `leitai serve` was asked to run.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub data: PathBuf,
    pub addr: SocketAddr,
    /// Seed a new data dir with the demo event.
    pub demo: bool,
    /// `LEITAI_HOST_TOKEN`, when set.
    pub host_token: Option<String>,
}

/// Opens the data dir (seeding the demo event into a new one) and builds the shared state.
pub fn prepare(options: &ServeOptions) -> anyhow::Result<AppState> {
    let (store, fresh) = Store::open(&options.data)?;
    if fresh && options.demo {
        store.create_event(&app::domain::demo_event())?;
        tracing::info!("seeded the demo event into {}", options.data.display());
    }
    let host_token = match &options.host_token {
        Some(token) if !token.trim().is_empty() => token.trim().to_string(),
        _ => store.host_token()?,
    };
    store.flush_blocking()?;
    let site_root = web::site_root();
    let writer = writer::Writer::start(store.clone());
    let hashes = web::build_hashes();
    let service_worker = pwa::ServiceWorker::for_build(&site_root, &hashes);
    Ok(AppState {
        store,
        writer,
        host_token,
        leptos: web::leptos_options(&site_root),
        service_worker: std::sync::Arc::new(service_worker),
        judge_bundle: web::judge_bundle(&hashes),
        live: live::Live::new(),
        progress: live::ProgressTicker::default(),
        devices: live::Devices::default(),
        show_lock: Default::default(),
    })
}

pub fn router(state: AppState) -> axum::Router {
    // Pages and JSON travel compressed (brotli or gzip, as the browser accepts); the
    // default predicate leaves the event stream, images and tiny bodies alone, and the
    // build's files already come compressed from disk.
    let compression = tower_http::compression::CompressionLayer::new()
        .quality(tower_http::CompressionLevel::Precise(5));
    api::routes()
        .merge(web::routes(&state))
        .layer(compression)
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, then flushes the store.
pub async fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let state = prepare(&options)?;
    let store = state.store.clone();
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr()?;
    state.progress.spawn(state.live.clone());
    let from_env = options
        .host_token
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    println!("Leitai is serving http://{addr}");
    if from_env {
        println!("Host link: http://{addr}/host (token from LEITAI_HOST_TOKEN)");
    } else {
        println!("Host link: http://{addr}/host#token={}", state.host_token);
    }
    tracing::info!(%addr, data = %options.data.display(), "listening");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.flush().await?;
    tracing::info!("stopped; everything is flushed to disk");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
