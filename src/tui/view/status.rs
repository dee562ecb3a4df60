//! The title line (scenario and formula) and the status bar (step, playback,
//! speed, the latest message, key hints).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::scenario::Rgb;
use crate::tui::app::{App, Mode};

/// Draws the title line.
pub fn render_title(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let scenario = app.scenario();
    let line = Line::from(vec![
        Span::styled(" losscape ", Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)),
        Span::styled(format!(" {} ", scenario.name), Style::default().add_modifier(Modifier::BOLD)),
        Span::styled(
            format!(" {}", scenario.landscape.formula()),
            Style::default().fg(mode.color(Rgb(0xa0, 0xa0, 0xb0))),
        ),
    ]);
    Paragraph::new(line).render(area, buf);
}

/// Key hints, most important first; as many as fit are shown.
const HINTS: [&str; 7] = ["space play", "←→ step", "[ ] lr", "{ } momentum", "v split", "? help", "q quit"];

/// Draws the status bar.
pub fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let playback = match app.mode() {
        Mode::Playing => "▶ playing",
        Mode::Paused => "‖ paused",
    };
    let left = format!(" step {}/{} │ {} │ {} steps/s ", app.step(), app.total_steps(), playback, app.speed());
    let message = app.message().map(|m| format!("│ {m} ")).unwrap_or_default();
    let used = left.chars().count() + message.chars().count();
    let mut hints = String::new();
    for hint in HINTS {
        if used + hints.chars().count() + hint.len() + 3 > usize::from(area.width) {
            break;
        }
        hints.push_str(" · ");
        hints.push_str(hint);
    }
    let bar = Style::default().bg(mode.color(Rgb(0x26, 0x26, 0x32)));
    let line = Line::from(vec![
        Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
        Span::styled(message, Style::default().fg(mode.color(Rgb(0xff, 0xe1, 0x4d)))),
        Span::styled(hints, Style::default().fg(mode.color(Rgb(0xa0, 0xa0, 0xb0)))),
    ]);
    Paragraph::new(line).style(bar).render(area, buf);
}
