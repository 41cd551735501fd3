//! The installed app as state: how this phone installs it, whether an update waits, whether
//! storage is kept; `browser::pwa` fills these signals and `components::pwa` shows them.

use leptos::prelude::*;

/// How this phone can install the app, as far as the page can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Install {
    /// Not known yet (the server's render, or before the browser was asked).
    Unknown,
    /// Already running as the installed app.
    Installed,
    /// The browser offers its own install prompt (Chromium).
    Prompt,
    /// iOS: only Safari's Share → Add to Home Screen installs.
    Ios,
    /// Any other browser: installing is in its menu.
    Menu,
}

impl Install {
    /// The way's name on the page (`data-install`).
    pub fn key(self) -> &'static str {
        match self {
            Install::Unknown => "unknown",
            Install::Installed => "installed",
            Install::Prompt => "prompt",
            Install::Ios => "ios",
            Install::Menu => "menu",
        }
    }
}

/// The signals the browser code fills in.
#[derive(Clone, Copy)]
pub struct PwaCtx {
    /// A new build's service worker is installed and waiting.
    pub update_ready: RwSignal<bool>,
    pub install: RwSignal<Install>,
    /// Whether the browser agreed to keep this site's storage; `None` until asked, or
    /// when the browser cannot say.
    pub persisted: RwSignal<Option<bool>>,
}

impl PwaCtx {
    pub fn new() -> PwaCtx {
        PwaCtx {
            update_ready: RwSignal::new(false),
            install: RwSignal::new(Install::Unknown),
            persisted: RwSignal::new(None),
        }
    }
}

impl Default for PwaCtx {
    fn default() -> Self {
        PwaCtx::new()
    }
}
