//! The OpenAPI 3.1 document of `/api/v1`, served at `GET /api/v1/openapi.json`. It is built
//! with the router from the same handlers (`utoipa_axum::routes!` in `api/mod.rs`), each
//! annotated with `#[utoipa::path]`: its method and path, who may call it, its parameters,
//! its bodies (the `wire` types) and its refusals (the contract's error shape).

use app::domain::wire;
use std::collections::BTreeMap;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Leitai",
        description = "Live contest scoring: judges' devices sync their sheets, the host runs \
                       the show and reveals, anyone follows the results. The contract is \
                       shared/design/protocol.md. Every refusal is `{\"error\": {\"code\", \
                       \"message\"}}`."
    ),
    modifiers(&Tokens),
    components(schemas(wire::ErrorBody))
)]
pub struct ApiDoc;

/// The two bearer tokens: the host's, and each judge's from their link.
struct Tokens;

impl utoipa::Modify for Tokens {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |text: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(text))
                    .build(),
            )
        };
        components.add_security_scheme(
            "host",
            bearer("The host token (`LEITAI_HOST_TOKEN`, or the one the server printed): may call every endpoint."),
        );
        components.add_security_scheme(
            "judge",
            bearer("A judge's token, from their sign-in link: that judge's own endpoints of their event."),
        );
        components.add_security_scheme(
            "unit",
            bearer("A unit's token, from its own link: its follow-up items (progress, 办理中, 已反馈)."),
        );
    }
}

/// The refusals a route may answer, each in the contract's error shape.
pub struct Refusals;

impl utoipa::IntoResponses for Refusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [
            ("400", "The request is malformed (its body, a field, a query); nothing changed."),
            ("401", "No token, or one that signs in nobody."),
            ("403", "The token may not call this (a judge calling a host's endpoint, or another event's)."),
            ("404", "No such event, presenter, judge or record."),
            ("409", "The step does not follow from how things stand (its `code` says why); nothing changed."),
            ("413", "The body or the request is over its limit."),
            ("422", "An Idempotency-Key used before for a different request."),
            ("429", "Too many bad tokens from this client: slowed down."),
        ]
        .into_iter()
        .map(|(status, text)| {
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build();
            let response = ResponseBuilder::new()
                .description(text)
                .content("application/json", content)
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
    }
}

/// `{event}`
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EventPath {
    /// The event's id.
    #[allow(dead_code)]
    event: String,
}

/// `{event}` and `{presenter}`
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PresenterPath {
    /// The event's id.
    #[allow(dead_code)]
    event: String,
    /// The presenter's id in the event.
    #[allow(dead_code)]
    presenter: String,
}

/// `{event}` and `{judge}`
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct JudgePath {
    /// The event's id.
    #[allow(dead_code)]
    event: String,
    /// The judge's id in the event.
    #[allow(dead_code)]
    judge: String,
}

/// `{event}` and `{server_seq}`
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ReceiptPath {
    /// The event's id.
    #[allow(dead_code)]
    event: String,
    /// The sequence number the op was recorded under.
    #[allow(dead_code)]
    server_seq: u64,
}

/// The document as served, made once with the router.
pub static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// `GET /api/v1/openapi.json`
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This document.", content_type = "application/json"))
)]
pub async fn openapi() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        DOCUMENT.get().cloned().unwrap_or_default(),
    )
}
