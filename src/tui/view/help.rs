//! The help overlay: the scenario's description and every key, read from
//! the same table that dispatches keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::core::scenario::Rgb;
use crate::tui::app::App;
use crate::tui::keymap::help_rows;

/// Draws the help over the middle of `area`.
pub fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let rows = help_rows();
    let key_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(10);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(description) = &app.scenario().description {
        lines.push(Line::from(Span::styled(
            description.clone(),
            Style::default().fg(mode.color(Rgb(0xe0, 0xe0, 0xe8))),
        )));
        lines.push(Line::from(""));
    }
    for (keys, help) in rows {
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<key_width$}  "), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(help),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "  click the plot: restart every optimizer there",
        Style::default().fg(mode.color(Rgb(0xa0, 0xa0, 0xb0))),
    )));
    let width = area.width.saturating_sub(4).min(76);
    let height = (lines.len() as u16 + 4).min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(" keys · Esc or ? to close "))
        .render(popup, buf);
}
