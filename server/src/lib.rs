//! The Leitai server: the HTTP API, the pages, and the sled store behind them.
// The pages are rendered here, and the host console is one deep view type.
#![recursion_limit = "256"]

pub mod alloc;
pub mod api;
pub mod backup;
pub mod clock;
pub mod edge;
pub mod error;
pub mod ledger;
pub mod limits;
pub mod live;
pub mod pwa;
pub mod roster_file;
pub mod site;
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
    /// `--public-url`: the address links and QR codes carry.
    pub public_url: Option<edge::PublicUrl>,
    /// `--trusted-proxy`: peers whose forwarding headers are believed.
    pub trusted_proxies: Vec<edge::TrustedProxy>,
    /// `--tls-cert` and `--tls-key`: serve HTTPS (and HTTP/2) with these PEM files.
    pub tls: Option<TlsFiles>,
    /// `--max-connections`: connections open at once, kept below the open-file limit.
    pub max_connections: usize,
    /// `--header-timeout`: how long a connection may take over a request's headers.
    pub header_timeout: std::time::Duration,
    /// The built site the pages load: the binary's own, or `LEITAI_SITE_DIR`'s.
    pub site: std::sync::Arc<site::Site>,
}

/// A certificate chain and its private key, both PEM.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
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
    if options.site.bundles.is_none() {
        tracing::warn!(
            "this binary carries no built site: pages render, but without their scripts and \
             styles (build with `make build`)"
        );
    }
    let writer = writer::Writer::start(store.clone());
    let service_worker = pwa::ServiceWorker::for_build(&options.site);
    Ok(AppState::new(state::Shared {
        store,
        writer,
        host_token,
        leptos: web::leptos_options(),
        service_worker,
        site: options.site.clone(),
        live: live::Live::new(),
        progress: live::ProgressTicker::default(),
        devices: live::Devices::default(),
        once_lock: Default::default(),
        edge: std::sync::Arc::new(edge::Edge {
            public_url: options.public_url.clone(),
            trusted_proxies: options.trusted_proxies.clone(),
            tls: options.tls.is_some(),
            throttle: Default::default(),
        }),
    }))
}

pub fn router(state: AppState) -> axum::Router {
    // Pages and JSON travel compressed (brotli or gzip, as the browser accepts); the
    // default predicate leaves the event stream, images and tiny bodies alone, and the
    // build's files already come compressed from disk.
    let compression = tower_http::compression::CompressionLayer::new()
        .quality(tower_http::CompressionLevel::Precise(5));
    let routes = api::routes()
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::once::once,
        ))
        .merge(web::routes(&state))
        .layer(compression)
        .layer(axum::extract::DefaultBodyLimit::max(limits::MAX_BODY))
        // A panic is a bug, but its request still gets the contract's JSON error, and the
        // connection and the server live on.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            edge::limits::panicked,
        ));
    edge::wrap(routes, state.edge.clone()).with_state(state)
}

/// How long requests in flight may take to finish after Ctrl-C or SIGTERM.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves until Ctrl-C or SIGTERM, then flushes the store.
pub async fn serve(options: ServeOptions) -> anyhow::Result<()> {
    // Read before the data dir is opened, so a bad file changes nothing.
    let tls = match &options.tls {
        Some(files) => Some(
            axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key)
                .await
                .map_err(|e| {
                    anyhow::anyhow!(
                        "cannot use the TLS certificate {} and key {}: {e}",
                        files.cert.display(),
                        files.key.display()
                    )
                })?,
        ),
        None => None,
    };
    let state = prepare(&options)?;
    let store = state.store.clone();
    let listener = std::net::TcpListener::bind(options.addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr()?;
    let limits = edge::connections::ConnectionLimits::for_this_process(
        options.max_connections,
        options.header_timeout,
    );
    state.progress.spawn(state.live.clone());
    let from_env = options
        .host_token
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base = match &options.public_url {
        Some(url) => url.to_string(),
        None => format!("{scheme}://{addr}"),
    };
    println!("Leitai is serving {scheme}://{addr}");
    if from_env {
        println!("Host link: {base}/host (token from LEITAI_HOST_TOKEN)");
    } else {
        println!("Host link: {base}/host#token={}", state.host_token);
    }
    warn_if_unsafe(options.public_url.as_ref());
    tracing::info!(
        %addr,
        data = %options.data.display(),
        max_connections = limits.max,
        header_timeout_s = limits.header_timeout.as_secs(),
        "listening"
    );
    let live = state.live.clone();
    let app = edge::connections::ConnectionCap::new(
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
        limits.max,
    );
    // The signal ends the open event streams at once; other requests get a while to
    // finish. One cut off at the deadline was never answered, so nothing it did was
    // acknowledged, and whatever it wrote is flushed below all the same.
    let handle = axum_server::Handle::new();
    let stop = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("stopping: no new requests, finishing those in flight");
        live.close();
        stop.graceful_shutdown(Some(SHUTDOWN_GRACE));
    });
    let plain = axum_server::from_tcp(listener)?;
    match tls {
        None => {
            let server = plain.map(edge::connections::JsonRefusalAcceptor::new);
            configured(server, &limits)
                .handle(handle)
                .serve(app)
                .await?
        }
        Some(config) => {
            let server = plain
                .acceptor(axum_server::tls_rustls::RustlsAcceptor::new(config))
                .map(edge::connections::JsonRefusalAcceptor::new);
            configured(server, &limits)
                .handle(handle)
                .serve(app)
                .await?
        }
    }
    // Snapshots make the next start read each ledger instead of replaying its records.
    store.snapshot(true)?;
    store.flush().await?;
    tracing::info!("stopped; everything is flushed to disk");
    Ok(())
}

/// A server with the connection settings: hyper's header timeout for HTTP/1 (a new
/// connection, one idle between requests, one half-sent), the same bound on a new
/// connection's first request (which also covers telling HTTP/1 from HTTP/2), and pings
/// that close HTTP/2 connections whose peer is gone.
fn configured<A>(
    mut server: axum_server::Server<SocketAddr, A>,
    limits: &edge::connections::ConnectionLimits,
) -> axum_server::Server<SocketAddr, A> {
    let builder = server.http_builder();
    builder.http1().header_read_timeout(limits.header_timeout);
    builder
        .http2()
        .keep_alive_interval(Some(std::time::Duration::from_secs(20)))
        .keep_alive_timeout(std::time::Duration::from_secs(20));
    server.first_request_timeout(limits.header_timeout)
}

/// Judges' tokens cross the network in every link and request: over plain HTTP anyone on
/// the venue's Wi-Fi can read them, and browsers refuse the offline app.
fn warn_if_unsafe(public_url: Option<&edge::PublicUrl>) {
    if let Some(url) = public_url.filter(|u| !u.is_safe()) {
        let message = format!(
            "the public URL {url} is not HTTPS: judges' links and tokens travel in clear \
             text, and phones will not install the offline app"
        );
        eprintln!("leitai: warning: {message}");
        tracing::warn!("{message}");
    }
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
