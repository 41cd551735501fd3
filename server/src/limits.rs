//! How much a request may carry, at the ground floor: the edge refuses above these before a
//! handler runs, and the handlers name them in their refusals. (What a contest may hold —
//! judges, presenters, the length of a name — is the domain's: `app::domain::limits`.)

use std::time::Duration;

/// The body limit of routes that set none of their own (sync and event configs do).
pub const MAX_BODY: usize = 64 * 1024;
/// An event's config, imported or replaced: the largest body any route takes.
pub const MAX_CONFIG: usize = 1024 * 1024;
/// No route takes more than this, whatever it sets: refused before the body is read.
pub const MAX_ANY_BODY: usize = MAX_CONFIG;
/// One sync request: its body and its ops.
pub const MAX_SYNC_BODY: usize = 256 * 1024;
pub const MAX_SYNC_OPS: usize = 500;
/// A browser sends a few hundred bytes of headers; a proxy adds a few more.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// The longest address with its query that a request may have (hyper itself refuses more
/// than 64 KiB, and `edge::connections::JsonRefusals` gives that refusal its JSON).
pub const MAX_URI_BYTES: usize = 8 * 1024;
pub const MAX_HEADERS: usize = 64;
/// Reading the body and producing the response (not streaming it out) fit in this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
