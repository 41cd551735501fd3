//! The pages and the static files: Leptos's server rendering and the built site.

use crate::state::AppState;
use app::{shell, App, JudgeBundle};
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Where the built site is: `LEPTOS_SITE_ROOT`, else `site/` beside the binary's folder
/// (`target/release/leitai` serves `target/site`), else `target/site`.
pub fn site_root() -> PathBuf {
    if let Ok(root) = std::env::var("LEPTOS_SITE_ROOT") {
        return PathBuf::from(root);
    }
    let beside = std::env::current_exe().ok().and_then(|exe| {
        exe.parent()
            .and_then(Path::parent)
            .map(|dir| dir.join("site"))
    });
    match beside {
        Some(dir) if dir.is_dir() => dir,
        _ => PathBuf::from("target/site"),
    }
}

/// cargo-leptos writes `hash.txt` beside the binary when file names carry hashes.
pub fn hash_file() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join("hash.txt")).filter(|p| p.is_file())
}

/// The hashes of one build, as `hash.txt` lists them (`js: …`, `judge_wasm: …`); empty
/// when file names carry none.
pub fn build_hashes() -> String {
    hash_file()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default()
}

/// The hash `hash.txt` gives for one kind of file.
pub fn build_hash(hashes: &str, kind: &str) -> Option<String> {
    hashes.lines().find_map(|line| {
        let (name, hash) = line.split_once(':')?;
        (name.trim() == kind).then(|| hash.trim().to_string())
    })
}

/// The judge's own bundle, when `make build` made one (`scripts/judge-bundle.mjs`).
pub fn judge_bundle(hashes: &str) -> Option<JudgeBundle> {
    let js = build_hash(hashes, "judge_js")?;
    let wasm = build_hash(hashes, "judge_wasm")?;
    let css = build_hash(hashes, "judge_css")?;
    Some(JudgeBundle {
        js: format!("/pkg/leitai-judge.{js}.js"),
        wasm: format!("/pkg/leitai-judge.{wasm}.wasm"),
        css: format!("/pkg/leitai-judge.{css}.css"),
    })
}

pub fn leptos_options(site_root: &Path) -> LeptosOptions {
    let hashed = hash_file().is_some();
    LeptosOptions::builder()
        .output_name("leitai")
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .hash_files(hashed)
        .build()
}

/// Hashed build files never change under their name; everything else is revalidated.
async fn cache_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let immutable = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

pub fn routes(state: &AppState) -> Router<AppState> {
    let pages = generate_route_list(App);
    let backend: app::backend::SharedBackend = Arc::new(state.clone());
    let pkg_dir = PathBuf::from(&*state.leptos.site_root).join(&*state.leptos.site_pkg_dir);
    let options = state.leptos.clone();
    let judge = state.judge_bundle.clone();
    let context = move || {
        provide_context(backend.clone());
        if let Some(bundle) = &judge {
            provide_context(bundle.clone());
        }
        crate::edge::headers::provide_page_nonce();
    };
    Router::new()
        .route("/sw.js", axum::routing::get(crate::pwa::service_worker))
        .leptos_routes_with_context(state, pages, context.clone(), move || {
            shell(options.clone())
        })
        .nest_service(
            "/pkg",
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(cache_headers))
}
