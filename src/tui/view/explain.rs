//! The selected optimizer's current step taken apart: its update rule and
//! the numbers in it, as the engine computed them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::core::explain::{Value, explain_step};
use crate::format::{precise, precise_vector};
use crate::tui::app::App;

/// Columns a name takes: combining marks (the hat of m̂) take none.
fn display_width(text: &str) -> usize {
    text.chars().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).count()
}

/// Draws the breakdown into `area`; `popup` clears what is beneath first.
pub fn render_explain(app: &App, area: Rect, buf: &mut Buffer, popup: bool) {
    let i = app.selected();
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let one_d = app.scenario().landscape.dim() == 1;
    let dim = app.theme().muted();
    let mut lines: Vec<Line> = Vec::new();
    let title = match explain_step(run, k) {
        Some(e) => {
            for rule in &e.rule {
                lines.push(Line::from(Span::styled(rule.clone(), app.theme().strong())));
            }
            lines.push(Line::from(""));
            let width = e.quantities.iter().map(|q| display_width(&q.name)).max().unwrap_or(4);
            for q in &e.quantities {
                let value = match q.value {
                    Value::Scalar(v) => precise(v),
                    Value::Vector([x, _]) if one_d => precise(x),
                    Value::Vector(v) => precise_vector(v),
                };
                let pad = " ".repeat(width - display_width(&q.name));
                lines.push(Line::from(vec![Span::styled(format!("{}{pad} = ", q.name), dim), Span::raw(value)]));
            }
            format!(" {}: step {} → {} ", app.label_of(i), k, k + 1)
        }
        None => {
            lines.push(Line::from(format!(
                "The run ended at step {} ({}). Step back to see how it got there.",
                run.steps_taken(),
                run.status().describe()
            )));
            format!(" {}: no step {} ", app.label_of(i), k)
        }
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("e or Esc closes; Tab picks another optimizer", dim)));
    if popup {
        Clear.render(area, buf);
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).border_style(dim).title(title))
        .render(area, buf);
}
