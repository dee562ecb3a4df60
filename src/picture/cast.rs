//! asciicast v2: a header line, then one `[time, "o", data]` line per
//! output, as asciinema's player and `asciinema play` read it.

use std::fmt::Write as _;

/// What starts every recording: hide the cursor, clear the screen.
pub const PREAMBLE: &str = "\x1b[?25l\x1b[H\x1b[2J";

/// A recording being written.
#[derive(Debug, Clone)]
pub struct Cast {
    text: String,
    last: f64,
}

impl Cast {
    /// A recording of a `width` × `height` terminal. The title is data
    /// (from a file): it goes through the one sanitising rule.
    pub fn new(width: u16, height: u16, title: &str) -> Cast {
        let header = serde_json::json!({
            "version": 2,
            "width": width,
            "height": height,
            "title": crate::sanitize::visible(title),
            "env": {"TERM": "xterm-256color"},
        });
        Cast { text: format!("{header}\n"), last: 0.0 }
    }

    /// What the terminal was sent `time` seconds in (never earlier than the
    /// event before).
    pub fn output(&mut self, time: f64, data: &str) {
        let time = (time.max(self.last) * 1e6).round() / 1e6;
        self.last = time;
        let data = serde_json::to_string(data).expect("strings serialise");
        let _ = writeln!(self.text, "[{time:.6}, \"o\", {data}]");
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_then_events_in_time_order() {
        let mut cast = Cast::new(80, 24, "a \x1b[31mtitle");
        cast.output(0.0, "hi\x1b[0m");
        cast.output(0.5, "é");
        cast.output(0.25, "later anyway");
        let text = cast.finish();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines[0]["version"], 2);
        assert_eq!((lines[0]["width"].clone(), lines[0]["height"].clone()), (80.into(), 24.into()));
        assert!(!lines[0]["title"].as_str().unwrap().contains('\x1b'), "no control characters from data");
        assert_eq!(lines[1], serde_json::json!([0.0, "o", "hi\x1b[0m"]));
        assert_eq!(lines[2], serde_json::json!([0.5, "o", "é"]));
        assert_eq!(lines[3][0], 0.5, "never back in time");
    }
}
