//! The help overlay: the scenario's description and every key, read from
//! the same table that dispatches keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::core::scenario::Rgb;
use crate::tui::app::App;
use crate::tui::keymap::help_rows;

/// Draws the help over the middle of `area`: the scenario's description,
/// then the keys in one column, or two when one does not fit.
pub fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let rows = help_rows();
    let key_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(10);
    let entry = |(keys, help): (&str, &str)| {
        vec![
            Span::styled(format!(" {keys:<key_width$}  "), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(help.to_string()),
        ]
    };
    let width = area.width.saturating_sub(2).min(84);
    let text_width = usize::from(width.saturating_sub(2));
    let description: Vec<Line> = app
        .scenario()
        .description
        .iter()
        .flat_map(|d| wrap(d, text_width))
        .map(|l| Line::from(Span::styled(l, Style::default().fg(mode.color(Rgb(0xe0, 0xe0, 0xe8))))))
        .collect();
    let room = usize::from(area.height.saturating_sub(4));
    let two_columns = rows.len() + 1 > room.saturating_sub(description.len() + 1);
    let mut lines: Vec<Line> = Vec::new();
    if two_columns {
        // The shorter half on the left, whose texts are the shorter ones.
        let half = rows.len() / 2;
        let entry_width = |r: (&str, &str)| key_width + 3 + r.1.chars().count();
        let column = rows[..half].iter().map(|&r| entry_width(r)).max().unwrap_or(0) + 1;
        for r in 0..rows.len() - half {
            let mut spans = match rows.get(r).filter(|_| r < half) {
                Some(&left) => entry(left),
                None => vec![],
            };
            let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
            spans.push(Span::raw(" ".repeat(column.saturating_sub(used))));
            spans.extend(entry(rows[half + r]));
            lines.push(Line::from(spans));
        }
    } else {
        lines.extend(rows.into_iter().map(|r| Line::from(entry(r))));
    }
    lines.push(Line::from(Span::styled(
        " click the plot: restart every optimizer there",
        Style::default().fg(mode.color(Rgb(0xa0, 0xa0, 0xb0))),
    )));
    // The description goes first when it fits beside the keys.
    if description.len() + 1 + lines.len() <= room {
        let mut all = description;
        all.push(Line::from(""));
        all.extend(lines);
        lines = all;
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(Block::default().borders(Borders::ALL).title(" keys · Esc or ? to close "))
        .render(popup, buf);
}

/// Draws the scenario's description in a box (what the lesson is about).
pub fn render_description(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let dim = Style::default().fg(mode.color(Rgb(0x90, 0x90, 0x98)));
    let text = app.scenario().description.as_deref().unwrap_or("");
    let lines: Vec<Line> = wrap(text, usize::from(area.width.saturating_sub(2))).into_iter().map(Line::from).collect();
    Paragraph::new(lines)
        .block(Block::default().borders(Borders::ALL).border_style(dim).title(Span::styled(" what to watch ", dim)))
        .render(area, buf);
}

/// Splits text into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
