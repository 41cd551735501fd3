//! What pages ask of the server: server functions, and on the server the `Backend` they
//! read through (the server crate implements it over its store).

use crate::domain::EventConfig;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The public face of an event: what anyone in the room may see before any reveal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub id: String,
    pub title: String,
    /// The event's language (`zh-CN`, `en`), which the big screen speaks.
    #[serde(default)]
    pub language: Option<String>,
    pub presenters: Vec<PublicPresenter>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicPresenter {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub order: u32,
}

impl PublicEvent {
    pub fn of(config: &EventConfig) -> PublicEvent {
        PublicEvent {
            id: config.id.to_string(),
            title: config.title.clone(),
            language: Some(config.language.tag().to_string()),
            presenters: config
                .presenters_in_order()
                .into_iter()
                .map(|p| PublicPresenter {
                    id: p.id.to_string(),
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    order: p.order.unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// The server's side of the pages' questions.
#[cfg(feature = "ssr")]
pub trait Backend: Send + Sync + 'static {
    /// The event the screen shows when none is named: the newest one.
    fn current_event(&self) -> Result<Option<EventConfig>, String>;
    /// Whether `token` is a host token (compared in constant time). A wrong one is answered
    /// as slowly as the API answers the same client's wrong tokens: `request` says who asks.
    fn check_host_token(
        &self,
        token: &str,
        request: Option<&http::request::Parts>,
    ) -> HostTokenCheck;
}

/// The answer of [`Backend::check_host_token`], once any slowdown is over.
#[cfg(feature = "ssr")]
pub type HostTokenCheck = std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>>;

#[cfg(feature = "ssr")]
pub type SharedBackend = std::sync::Arc<dyn Backend>;

#[cfg(feature = "ssr")]
fn backend() -> Result<SharedBackend, ServerFnError> {
    use_context::<SharedBackend>().ok_or_else(|| ServerFnError::new("the server has no backend"))
}

/// The event on the big screen, if there is one.
#[server(prefix = "/_ui", endpoint = "screen_event")]
pub async fn screen_event() -> Result<Option<PublicEvent>, ServerFnError> {
    let event = backend()?.current_event().map_err(ServerFnError::new)?;
    Ok(event.as_ref().map(PublicEvent::of))
}

/// Whether a host token is good.
#[server(prefix = "/_ui", endpoint = "host_check")]
pub async fn host_check(token: String) -> Result<bool, ServerFnError> {
    let request = use_context::<http::request::Parts>();
    let check = backend()?.check_host_token(&token, request.as_ref());
    Ok(check.await)
}
