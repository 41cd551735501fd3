//! Cutting what a device sent down to what the server keeps or repeats.

/// A text the server keeps from an op (the presenter as sent, the device's time), and the
/// part of a sent value an error message repeats, in characters; longer ones are cut.
pub const MAX_KEPT_CHARS: usize = 64;

/// What marks a text the server cut short.
pub const CUT_MARK: &str = "…[cut]";

/// `text` cut to `max` characters, marked as cut; whole when it fits.
pub fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}{CUT_MARK}", &text[..end])),
    }
}
