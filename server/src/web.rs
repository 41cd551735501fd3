//! The pages and the static files: Leptos's server rendering and the built site.

use crate::state::AppState;
use app::{shell, App};
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;

/// The pages' Leptos options. The build's file names come from the site itself
/// (`site.json`, see `crate::site`), not from Leptos's `hash.txt`.
pub fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("leitai")
        .site_pkg_dir("pkg")
        .hash_files(false)
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
    let options = state.leptos.clone();
    let bundles = state.site.bundles.clone();
    let context = move || {
        provide_context(backend.clone());
        if let Some(bundles) = &bundles {
            provide_context(bundles.clone());
        }
        crate::edge::headers::provide_page_nonce();
    };
    // A path that is none of the pages: one of the site's files, else the app's own 404 page.
    let not_found = {
        let options = options.clone();
        leptos_axum::render_app_to_stream_in_order_with_context(context.clone(), move || {
            shell(options.clone())
        })
    };
    let site = state.site.clone();
    let fallback = move |request: Request<axum::body::Body>| {
        let answer = site.answer(&request);
        let not_found = not_found.clone();
        async move {
            match answer {
                Some(response) => response,
                None => not_found(request).await,
            }
        }
    };
    Router::new()
        .route("/sw.js", axum::routing::get(service_worker))
        .leptos_routes_with_context(state, pages, context, move || shell(options.clone()))
        .fallback(fallback)
        .layer(middleware::from_fn(cache_headers))
}

/// `GET /sw.js`, from the root so its scope is the whole site; always revalidated, so a
/// new build is found at the next visit.
pub async fn service_worker(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> impl axum::response::IntoResponse {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "no-cache"),
        ],
        state.service_worker.script.clone(),
    )
}
