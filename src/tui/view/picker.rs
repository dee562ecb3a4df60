//! The picker: lessons and the scenario files beside the current one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;

/// Draws the picker over the middle of `area`.
pub fn render_picker(app: &App, area: Rect, buf: &mut Buffer) {
    let picker = app.picker();
    let width = area.width.saturating_sub(4).min(100);
    let height = (picker.entries.len() as u16 + 4).min(area.height.saturating_sub(2)).max(5);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let visible = usize::from(height.saturating_sub(2));
    let first = picker.selected.saturating_sub(visible.saturating_sub(1));
    let dim = app.theme().muted();
    let title_width = usize::from(width).saturating_sub(4) * 3 / 5;
    let lines: Vec<Line> = picker
        .entries
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, e)| {
            let selected = i == picker.selected;
            let style = if selected {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::default()
            };
            let title: String = e.title().chars().take(title_width).collect();
            Line::from(vec![
                Span::styled(format!("{} {title:<title_width$} ", if selected { "▶" } else { " " }), style),
                Span::styled(e.origin.clone(), dim),
            ])
        })
        .collect();
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(Block::default().borders(Borders::ALL).title(" open · ↑↓ choose · Enter open · Esc close "))
        .render(popup, buf);
}
