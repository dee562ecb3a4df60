//! One screen as text with the terminal's colour codes (SGR), for
//! `losscape render --color`: each cell's colours as the view chose them
//! (24-bit, a palette index, the terminal's default), a line per row, the
//! rendition reset at the end of each.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::sanitize;

/// The screen as lines of text with colour codes.
pub fn ansi(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut current: Option<(Color, Color, bool, bool)> = None;
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            let style =
                (cell.fg, cell.bg, cell.modifier.contains(Modifier::BOLD), cell.modifier.contains(Modifier::REVERSED));
            if current != Some(style) {
                out.push_str(&sgr(style));
                current = Some(style);
            }
            let symbol = sanitize::visible(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(symbol.as_ref()).saturating_sub(1);
            out.push_str(&symbol);
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

/// The codes that set a cell's rendition from scratch.
fn sgr((fg, bg, bold, reversed): (Color, Color, bool, bool)) -> String {
    let mut codes = String::from("\x1b[0");
    if bold {
        codes.push_str(";1");
    }
    if reversed {
        codes.push_str(";7");
    }
    for (color, base) in [(fg, 38), (bg, 48)] {
        match color {
            Color::Reset => {}
            Color::Rgb(r, g, b) => {
                let _ = write!(codes, ";{base};2;{r};{g};{b}");
            }
            Color::Indexed(i) => {
                let _ = write!(codes, ";{base};5;{i}");
            }
            named => {
                if let Some(i) = named_index(named) {
                    let _ = write!(codes, ";{base};5;{i}");
                }
            }
        }
    }
    codes.push('m');
    codes
}

/// The palette index of a named colour.
fn named_index(color: Color) -> Option<u8> {
    Some(match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn cells_keep_their_colours_as_the_view_chose_them() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 3, 1));
        buffer.set_string(0, 0, "a", Style::default().fg(Color::Indexed(203)).bg(Color::Rgb(1, 2, 3)));
        buffer.set_string(1, 0, "b", Style::default().fg(Color::Indexed(203)).bg(Color::Rgb(1, 2, 3)));
        buffer[(2, 0)].set_symbol("\u{1b}").set_style(Style::default().add_modifier(Modifier::BOLD));
        let text = ansi(&buffer);
        assert_eq!(text, "\x1b[0;38;5;203;48;2;1;2;3mab\x1b[0;1m\\u{1b}\x1b[0m\n");
    }
}
