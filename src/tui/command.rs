//! The view's command line: a line of text being typed, its cursor, the
//! lines typed before (↑ ↓ recall them) and Tab completion. What a line
//! does is `core::edit`'s business; this only edits the text.

use crate::core::edit::completions;
use crate::sanitize::is_unsafe;

/// The longest line, in characters: more than any command needs (a label
/// is at most 100), few enough that editing and drawing it stay instant
/// whatever is typed or pasted.
pub const MAX_LINE: usize = 1000;

/// A key as the command line understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKey {
    /// A character typed.
    Char(char),
    /// Delete before the cursor.
    Backspace,
    /// Delete at the cursor.
    Delete,
    /// Cursor one left.
    Left,
    /// Cursor one right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
    /// The previous line typed.
    Up,
    /// The next line typed (or back to the one being typed).
    Down,
    /// Complete the command or type name.
    Tab,
    /// Run the line.
    Enter,
    /// Close without running.
    Cancel,
}

/// What a key did to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still typing.
    Editing,
    /// Enter: run this line.
    Run(String),
    /// Esc: close.
    Cancelled,
}

/// A line being typed.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    /// The text so far.
    pub text: String,
    /// The cursor, in characters from the start.
    pub cursor: usize,
    /// A note under the line: the last error, or the completions on offer.
    pub note: Option<(String, bool)>,
    /// Which earlier line is shown (counting back from the newest), if any.
    recalled: Option<usize>,
    /// The line being typed before ↑ recalled an earlier one.
    draft: String,
}

impl CommandLine {
    /// Shows an error under the line (the line stays, to be corrected).
    pub fn fail(&mut self, error: String) {
        self.note = Some((crate::sanitize::visible(&error).into_owned(), true));
    }

    fn set(&mut self, text: String) {
        self.cursor = text.chars().count();
        self.text = text;
    }

    fn byte(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts text at the cursor, as much of it as the line has room for;
    /// false if some of it did not fit.
    fn insert(&mut self, text: &str) -> bool {
        let room = MAX_LINE.saturating_sub(self.text.chars().count());
        let fitting: String = text.chars().take(room).collect();
        let count = fitting.chars().count();
        let at = self.byte(self.cursor);
        self.text.insert_str(at, &fitting);
        self.cursor += count;
        count == text.chars().count()
    }

    /// Takes pasted text as text: nothing in it runs the line. A line
    /// break becomes a space, other control characters (and marks that
    /// would reorder the line) are dropped, and what does not fit is cut.
    pub fn paste(&mut self, text: &str) {
        let is_break =
            |c: char| matches!(c, '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}');
        let room = MAX_LINE.saturating_sub(self.text.chars().count());
        let (mut clean, mut count) = (String::new(), 0);
        let (mut breaks, mut after_break, mut cut) = (false, false, false);
        for c in text.chars() {
            let c = if is_break(c) {
                // "\r\n" and blank lines are one space.
                if std::mem::replace(&mut after_break, true) {
                    continue;
                }
                breaks |= c != '\t';
                ' '
            } else {
                after_break = false;
                c
            };
            if is_unsafe(c) {
                continue;
            }
            if count == room {
                cut = true;
                break;
            }
            clean.push(c);
            count += 1;
        }
        let at = self.byte(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += count;
        self.note = if cut {
            Some((format!("pasted text cut at {MAX_LINE} characters, the most a line holds"), true))
        } else if breaks {
            Some(("a pasted line break is a space here: Enter runs the line, Esc drops it".into(), false))
        } else {
            None
        };
    }

    /// Applies a key; `history` holds the lines run before, oldest first.
    pub fn key(&mut self, key: CommandKey, history: &[String]) -> Outcome {
        self.note = None;
        match key {
            CommandKey::Char(c) if !is_unsafe(c) => {
                if !self.insert(c.encode_utf8(&mut [0; 4])) {
                    self.note = Some((format!("the line holds at most {MAX_LINE} characters"), true));
                }
            }
            CommandKey::Char(_) => {}
            CommandKey::Backspace if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            CommandKey::Backspace => {}
            CommandKey::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            CommandKey::Delete => {}
            CommandKey::Left => self.cursor = self.cursor.saturating_sub(1),
            CommandKey::Right => self.cursor = (self.cursor + 1).min(self.text.chars().count()),
            CommandKey::Home => self.cursor = 0,
            CommandKey::End => self.cursor = self.text.chars().count(),
            CommandKey::Up => {
                let back = self.recalled.map_or(0, |k| k + 1);
                if back < history.len() {
                    if self.recalled.is_none() {
                        self.draft = self.text.clone();
                    }
                    self.recalled = Some(back);
                    self.set(history[history.len() - 1 - back].clone());
                }
            }
            CommandKey::Down => match self.recalled {
                Some(0) => {
                    self.recalled = None;
                    let draft = std::mem::take(&mut self.draft);
                    self.set(draft);
                }
                Some(k) => {
                    self.recalled = Some(k - 1);
                    self.set(history[history.len() - k].clone());
                }
                None => {}
            },
            CommandKey::Tab => self.complete(),
            CommandKey::Enter => return Outcome::Run(self.text.trim().to_string()),
            CommandKey::Cancel => return Outcome::Cancelled,
        }
        Outcome::Editing
    }

    /// Completes the line to the longest text all completions share, and
    /// lists them when there are several.
    fn complete(&mut self) {
        let options = completions(&self.text);
        match options.as_slice() {
            [] => self.note = Some(("nothing to complete".into(), false)),
            [one] => {
                let spaced = if one.ends_with('=') { one.clone() } else { format!("{one} ") };
                self.set(spaced);
            }
            many => {
                let shared = many.iter().skip(1).fold(many[0].clone(), |common, o| {
                    common.chars().zip(o.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect()
                });
                if shared.chars().count() > self.text.chars().count() {
                    self.set(shared);
                }
                let names: Vec<&str> = many.iter().map(|o| o.rsplit(' ').next().unwrap_or(o)).collect();
                self.note = Some((names.join("  "), false));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(line: &mut CommandLine, text: &str) {
        for c in text.chars() {
            line.key(CommandKey::Char(c), &[]);
        }
    }

    #[test]
    fn typing_editing_and_running() {
        let mut line = CommandLine::default();
        typed(&mut line, "lr 0.7");
        line.key(CommandKey::Left, &[]);
        typed(&mut line, "5");
        assert_eq!(line.text, "lr 0.57");
        line.key(CommandKey::End, &[]);
        line.key(CommandKey::Backspace, &[]);
        assert_eq!(line.key(CommandKey::Enter, &[]), Outcome::Run("lr 0.5".into()));
    }

    #[test]
    fn a_paste_is_text_and_the_line_is_bounded() {
        let mut line = CommandLine::default();
        typed(&mut line, "rename ");
        line.paste("lr 0.002\r\n\r\nxwq\x07\u{202e}\x1b[2J");
        assert_eq!(line.text, "rename lr 0.002 xwq[2J", "breaks are spaces; controls and bidi marks dropped");
        assert_eq!(line.cursor, line.text.chars().count());
        line.key(CommandKey::Char('\x07'), &[]);
        assert_eq!(line.text, "rename lr 0.002 xwq[2J");
        let mut line = CommandLine::default();
        line.paste(&"9".repeat(100_000));
        assert_eq!(line.text.chars().count(), MAX_LINE);
        assert!(line.note.as_ref().is_some_and(|(n, error)| *error && n.contains("cut at 1000")));
        line.key(CommandKey::Home, &[]);
        line.key(CommandKey::Char('1'), &[]);
        assert!(line.text.starts_with('9'), "a full line takes no more");
        assert!(line.note.as_ref().is_some_and(|(n, _)| n.contains("at most 1000")));
        line.key(CommandKey::Delete, &[]);
        line.key(CommandKey::Char('1'), &[]);
        assert!(line.text.starts_with('1') && line.text.chars().count() == MAX_LINE);
    }

    #[test]
    fn history_is_recalled_and_the_draft_kept() {
        let history = vec!["lr 0.1".to_string(), "type adam".to_string()];
        let mut line = CommandLine::default();
        typed(&mut line, "mom");
        line.key(CommandKey::Up, &history);
        assert_eq!(line.text, "type adam");
        line.key(CommandKey::Up, &history);
        assert_eq!(line.text, "lr 0.1");
        line.key(CommandKey::Up, &history);
        assert_eq!(line.text, "lr 0.1", "no further back");
        line.key(CommandKey::Down, &history);
        line.key(CommandKey::Down, &history);
        assert_eq!(line.text, "mom");
    }

    #[test]
    fn tab_completes_what_is_unambiguous() {
        let mut line = CommandLine::default();
        typed(&mut line, "nest");
        line.key(CommandKey::Tab, &[]);
        assert_eq!(line.text, "nesterov ");
        let mut line = CommandLine::default();
        typed(&mut line, "mom");
        line.key(CommandKey::Tab, &[]);
        assert_eq!(line.text, "momentum", "momentum and momentum_decay share it: no space yet");
        let mut line = CommandLine::default();
        typed(&mut line, "type ada");
        line.key(CommandKey::Tab, &[]);
        assert_eq!(line.text, "type ada", "adagrad, adam, adamw, ... share `ada`");
        assert!(line.note.as_ref().unwrap().0.contains("adagrad  adam  adamw  adamax  adadelta"));
    }
}
