//! A rendered screen as a grid of resolved cells: each with its symbol and
//! the colours a terminal would show, whatever form the view gave them in
//! (24-bit, an xterm index, a named colour, the terminal's own default,
//! reversed).

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::core::scenario::Rgb;

/// One cell as a terminal shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// What is drawn: one character, or nothing for the second half of a
    /// wide character (which the first draws across both).
    pub symbol: String,
    /// Columns the symbol covers: 1, or 2 for a wide character.
    pub width: u8,
    /// Ink.
    pub fg: Rgb,
    /// Paper.
    pub bg: Rgb,
    /// Drawn bold.
    pub bold: bool,
}

/// A screen's cells, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// The cells, row by row.
    pub cells: Vec<Cell>,
}

impl Grid {
    /// The cells of a buffer, with `terminal` the terminal's own (fg, bg)
    /// for cells that leave their colours to it.
    pub fn from_buffer(buffer: &Buffer, terminal: (Rgb, Rgb)) -> Grid {
        let area = buffer.area;
        let (width, height) = (usize::from(area.width), usize::from(area.height));
        let mut cells = Vec::with_capacity(width * height);
        let mut covered = 0;
        for y in 0..area.height {
            for x in 0..area.width {
                let cell = &buffer[(area.x + x, area.y + y)];
                let mut fg = resolve(cell.fg).unwrap_or(terminal.0);
                let mut bg = resolve(cell.bg).unwrap_or(terminal.1);
                if cell.modifier.contains(Modifier::REVERSED) {
                    std::mem::swap(&mut fg, &mut bg);
                }
                let symbol = if covered > 0 { String::new() } else { cell.symbol().to_string() };
                let w = unicode_width::UnicodeWidthStr::width(symbol.as_str()).clamp(1, 2) as u8;
                covered = if covered > 0 { covered - 1 } else { w - 1 };
                let bold = cell.modifier.contains(Modifier::BOLD);
                cells.push(Cell { symbol, width: w, fg, bg, bold });
            }
        }
        Grid { width, height, cells }
    }

    /// The cell at column x, row y.
    pub fn at(&self, x: usize, y: usize) -> &Cell {
        &self.cells[y * self.width + x]
    }

    /// The columns `x0..x1` and rows `y0..y1` alone.
    pub fn crop(&self, (x0, y0): (usize, usize), (x1, y1): (usize, usize)) -> Grid {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let cells = (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).map(|(x, y)| self.at(x, y).clone()).collect();
        Grid { width: x1.saturating_sub(x0), height: y1.saturating_sub(y0), cells }
    }
}

/// The colour a terminal shows for `color` (xterm's palette); `None` for its own default.
pub fn resolve(color: Color) -> Option<Rgb> {
    crate::look::colour::resolve(color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xterm_indices_follow_the_cube_and_the_grey_ramp() {
        assert_eq!(resolve(Color::Indexed(16)), Some(Rgb(0, 0, 0)));
        assert_eq!(resolve(Color::Indexed(196)), Some(Rgb(255, 0, 0)));
        assert_eq!(resolve(Color::Indexed(67)), Some(Rgb(95, 135, 175)));
        assert_eq!(resolve(Color::Indexed(244)), Some(Rgb(128, 128, 128)));
        assert_eq!(resolve(Color::Reset), None);
    }

    #[test]
    fn a_wide_character_covers_the_next_cell() {
        let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "語a", ratatui::style::Style::default().fg(Color::Rgb(1, 2, 3)));
        let grid = Grid::from_buffer(&buffer, (Rgb(9, 9, 9), Rgb(0, 0, 0)));
        assert_eq!((grid.at(0, 0).symbol.as_str(), grid.at(0, 0).width), ("語", 2));
        assert_eq!(grid.at(1, 0).symbol, "");
        assert_eq!((grid.at(2, 0).symbol.as_str(), grid.at(2, 0).fg), ("a", Rgb(1, 2, 3)));
        assert_eq!(grid.at(3, 0).fg, Rgb(9, 9, 9), "the terminal's own colour");
    }
}
