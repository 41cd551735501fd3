//! The judge's page as state: which face it shows, the book, the connection; the device
//! code (`browser::judge`) fills these signals and the view (`pages::judge`) reads them.

use crate::domain::device::Book;
use leptos::prelude::*;

/// Which face the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Loading,
    /// No judge is signed in on this device and the address has no token.
    NoSession,
    /// The token is wrong or revoked.
    BadLink,
    /// Signing in for the first time needs the server, which cannot be reached.
    NeedsNetwork,
    Ready,
}

impl Screen {
    /// The face's name on the page (`data-screen`), for tests and styles.
    pub fn key(self) -> &'static str {
        match self {
            Screen::Loading => "loading",
            Screen::NoSession => "nosession",
            Screen::BadLink => "badlink",
            Screen::NeedsNetwork => "needsnetwork",
            Screen::Ready => "ready",
        }
    }
}

/// What the page knows of the connection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Net {
    pub online: bool,
    pub syncing: bool,
    /// The server refused or failed a request for a reason other than auth.
    pub trouble: bool,
}

/// The signals of the judge's page, shared with the device code that fills them.
#[derive(Clone, Copy)]
pub struct JudgeCtx {
    pub screen: RwSignal<Screen>,
    pub book: RwSignal<Option<Book>>,
    pub net: RwSignal<Net>,
    /// Whether the last write to the device's storage succeeded.
    pub stored: RwSignal<bool>,
    /// The presenter whose sheet is open.
    pub open: RwSignal<Option<String>>,
}

impl JudgeCtx {
    pub fn new() -> JudgeCtx {
        JudgeCtx {
            screen: RwSignal::new(Screen::Loading),
            book: RwSignal::new(None),
            net: RwSignal::new(Net::default()),
            stored: RwSignal::new(true),
            open: RwSignal::new(None),
        }
    }
}

impl Default for JudgeCtx {
    fn default() -> Self {
        JudgeCtx::new()
    }
}
