//! The one rule for text that comes from a file or from typing, wherever it
//! is printed: it is data, never terminal control.
//!
//! Control characters (C0, DEL and C1), the marks that reorder
//! bidirectional text and the line and paragraph separators (U+2028,
//! U+2029) are shown visibly as `\u{1b}`, never emitted; only a newline is
//! kept where a newline is meant. A text quoted in a one-line message keeps
//! no newline either ([`visible`]): every way of starting a line (`\n`,
//! `\r`, VT, FF, NEL, U+2028, U+2029) is shown, so that a value from a file
//! cannot forge a line of output such as `ok: x`. In JSON output the same
//! characters are written as JSON escapes (`\u009b`), which JSON readers
//! decode and terminals never act on.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a character could act on a terminal, reorder what is shown
/// around it, or start a new line, rather than be shown.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

fn escaped(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A one-line text made safe to show: every control character, newlines
/// included, shown as `\u{…}`.
pub fn visible(text: &str) -> Cow<'_, str> {
    escaped(text, false)
}

/// Several lines of text made safe to show: newlines kept, every other
/// control character shown as `\u{…}`.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    escaped(text, true)
}

/// JSON text (as serde_json writes it, which escapes C0 already) with DEL,
/// C1 and bidirectional marks escaped too. These can only stand inside
/// strings there, where `\uXXXX` means the same character.
pub fn json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How a [`Guard`] makes what passes through it safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Text in lines: [`visible_lines`].
    Text,
    /// JSON: [`json`].
    Json,
}

/// A writer that applies the rule to everything written through it, even
/// when a character is split across two writes.
pub struct Guard<W: Write> {
    inner: W,
    mode: Mode,
    /// The start of a character whose last bytes have not come yet.
    pending: Vec<u8>,
}

impl<W: Write> Guard<W> {
    /// Guards `inner`.
    pub fn new(inner: W, mode: Mode) -> Self {
        Guard { inner, mode, pending: Vec::new() }
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        let safe = match self.mode {
            Mode::Text => visible_lines(text),
            Mode::Json => json(text),
        };
        self.inner.write_all(safe.as_bytes())
    }
}

impl<W: Write> Write for Guard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let valid = match std::str::from_utf8(&bytes) {
            Ok(text) => text.len(),
            // Keep an incomplete character for the next write; replace
            // what can never be valid.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.emit(&text)?;
                return Ok(buf.len());
            }
        };
        let text = std::str::from_utf8(&bytes[..valid]).expect("checked above");
        self.emit(text)?;
        self.pending = bytes[valid..].to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let text = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.emit(&text)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(visible("GD"), "GD");
        assert_eq!(visible("g\u{1b}]0;X\u{7}d"), "g\\u{1b}]0;X\\u{7}d");
        assert_eq!(visible("a\u{9b}b\u{7f}"), "a\\u{9b}b\\u{7f}");
        assert_eq!(visible("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(visible("two\nlines"), "two\\u{a}lines");
        assert_eq!(visible_lines("two\nlines\r"), "two\nlines\\u{d}");
    }

    #[test]
    fn no_line_separator_survives_in_one_line() {
        // Every character that a terminal, a pager or an editor takes for the
        // start of a line: LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
        let forged = "x\nok: a\rok: b\u{b}ok: c\u{c}ok: d\u{85}ok: e\u{2028}ok: f\u{2029}ok: g";
        let shown = visible(forged).into_owned();
        assert_eq!(shown, "x\\u{a}ok: a\\u{d}ok: b\\u{b}ok: c\\u{c}ok: d\\u{85}ok: e\\u{2028}ok: f\\u{2029}ok: g");
        assert_eq!(shown.lines().count(), 1);
        // Where lines are meant, only the newline is kept.
        assert_eq!(visible_lines("a\nb\u{2028}c").lines().count(), 2);
        assert_eq!(json("\"a\u{2028}b\""), "\"a\\u2028b\"");
    }

    #[test]
    fn json_keeps_its_meaning() {
        let text = serde_json::to_string(&serde_json::json!({"label": "a\u{1b}b\u{9b}c\u{202e}"})).unwrap();
        let safe = json(&text).into_owned();
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["label"], "a\u{1b}b\u{9b}c\u{202e}");
    }

    #[test]
    fn a_guard_handles_characters_split_across_writes() {
        let mut out = Vec::new();
        {
            let mut guard = Guard::new(&mut out, Mode::Text);
            let bytes = "x\u{9b}y\n".as_bytes();
            for b in bytes {
                guard.write_all(&[*b]).unwrap();
            }
            guard.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "x\\u{9b}y\n");
    }
}
