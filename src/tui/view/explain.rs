//! The selected optimizer's current step taken apart: its update rule and
//! the numbers in it, as the engine computed them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::core::explain::{Value, explain_step};
use crate::core::scenario::Rgb;
use crate::tui::app::App;

/// A number to seven significant digits: enough to compare with torch.
pub fn precise(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return crate::tui::app::format_number(v);
    }
    let magnitude = v.abs().log10().floor() as i32;
    if (-4..6).contains(&magnitude) {
        let decimals = (6 - magnitude).max(0) as usize;
        let s = format!("{v:.decimals$}");
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
    } else {
        let s = format!("{v:.6e}");
        match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
            None => s,
        }
    }
}

/// Columns a name takes: combining marks (the hat of m̂) take none.
fn display_width(text: &str) -> usize {
    text.chars().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).count()
}

/// Draws the breakdown into `area`; `popup` clears what is beneath first.
pub fn render_explain(app: &App, area: Rect, buf: &mut Buffer, popup: bool) {
    let mode = app.colors();
    let i = app.selected();
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let one_d = app.scenario().landscape.dim() == 1;
    let dim = Style::default().fg(mode.color(Rgb(0xa0, 0xa0, 0xb0)));
    let mut lines: Vec<Line> = Vec::new();
    let title = match explain_step(run, k) {
        Some(e) => {
            for rule in &e.rule {
                lines.push(Line::from(Span::styled(rule.clone(), Style::default().add_modifier(Modifier::BOLD))));
            }
            lines.push(Line::from(""));
            let width = e.quantities.iter().map(|q| display_width(&q.name)).max().unwrap_or(4);
            for q in &e.quantities {
                let value = match q.value {
                    Value::Scalar(v) => precise(v),
                    Value::Vector([x, _]) if one_d => precise(x),
                    Value::Vector([x, y]) => format!("({}, {})", precise(x), precise(y)),
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

#[cfg(test)]
mod tests {
    use super::precise;

    #[test]
    fn seven_significant_digits() {
        assert_eq!(precise(-1.4500000000032258), "-1.45");
        assert_eq!(precise(0.09999999999999998), "0.1");
        assert_eq!(precise(24025.000000000004), "24025");
        assert_eq!(precise(1.2345678e-7), "1.234568e-7");
        assert_eq!(precise(162.86497474902), "162.865");
    }
}
