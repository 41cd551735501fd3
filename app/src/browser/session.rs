//! The judge signed in on this device, kept in local storage: read by the judge's sync and
//! by the installed app's "copy my link".

use super::keys;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// The judge signed in on this device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub event: String,
    pub judge: String,
}

impl Session {
    pub fn book_key(&self) -> String {
        format!("{}.{}.{}", keys::BOOK, self.event, self.judge)
    }
}

pub fn load_session() -> Option<Session> {
    LocalStorage::get(keys::JUDGE_SESSION).ok()
}

pub fn save_session(session: &Session) -> bool {
    LocalStorage::set(keys::JUDGE_SESSION, session).is_ok()
}

pub fn forget_session() {
    LocalStorage::delete(keys::JUDGE_SESSION);
}
