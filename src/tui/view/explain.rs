//! The selected optimizer's current step taken apart: one sentence in plain
//! words, then its update rule and the numbers in it, as the engine
//! computed them.

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

/// About how many rows these lines take wrapped at `width` columns, a word
/// at a time as the paragraph wraps them.
fn wrapped_height(lines: &[Line], width: usize) -> usize {
    let width = width.max(1);
    lines
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let (mut rows, mut used) = (1, 0);
            for word in text.split(' ') {
                let w = display_width(word);
                let need = if used == 0 { w } else { used + 1 + w };
                if need <= width {
                    used = need;
                } else {
                    rows += (w.max(1) - 1) / width + 1;
                    used = w % width;
                }
            }
            rows
        })
        .sum()
}

/// Draws the breakdown into `area`; `popup` clears what is beneath first.
pub fn render_explain(app: &App, area: Rect, buf: &mut Buffer, popup: bool) {
    let i = app.selected();
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let one_d = app.scenario().landscape.dim() == 1;
    let dim = app.theme().muted();
    let inner_width = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    // Where the blank line after the sentence is, to give up for room.
    let mut sentence_gap = None;
    // At a run's end there is no next step: the one that ended it is shown.
    let (k, last) = match explain_step(run, k) {
        None if k > 0 && explain_step(run, k - 1).is_some() => (k - 1, true),
        _ => (k, false),
    };
    let title = match explain_step(run, k) {
        Some(e) => {
            // First the step in plain words, then the rule and its numbers.
            if let Some(summary) = &e.summary {
                lines.push(Line::from(summary.clone()));
                lines.push(Line::from(""));
                sentence_gap = Some(lines.len() - 1);
            }
            for rule in &e.rule {
                lines.push(Line::from(Span::styled(rule.clone(), app.theme().strong())));
            }
            lines.push(Line::from(""));
            let width = e.quantities.iter().map(|q| display_width(&q.name)).max().unwrap_or(4);
            for q in &e.quantities {
                let value = match &q.value {
                    Value::Scalar(v) => precise(*v),
                    Value::Vector(v) if one_d => precise(v.xy()[0]),
                    Value::Vector(v) => precise_vector(v.xy()),
                };
                // Aligned with the others, unless that would wrap a value
                // that fits on the line by itself.
                let mut pad = " ".repeat(width - display_width(&q.name));
                let (aligned, alone) =
                    (width + 3 + value.chars().count(), display_width(&q.name) + 3 + value.chars().count());
                if aligned > inner_width && alone <= inner_width {
                    pad.clear();
                }
                lines.push(Line::from(vec![Span::styled(format!("{}{pad} = ", q.name), dim), Span::raw(value)]));
            }
            let end = if last { ", its last" } else { "" };
            format!(" {}: step {} → {}{end} ", app.label_of(i), k, k + 1)
        }
        None => {
            lines.push(Line::from(format!(
                "The run ended at step {} ({}). Step back to see how it got there.",
                run.steps_taken(),
                run.status().describe()
            )));
            format!(" {}: no step after {} ", app.label_of(i), k)
        }
    };
    // Where the numbers would not fit, the hint goes first, then the gap
    // after the sentence: the numbers are what the panel is for.
    let inner = (usize::from(area.width.saturating_sub(2)), usize::from(area.height.saturating_sub(2)));
    let hint = [Line::from(""), Line::from(Span::styled("e or Esc closes; Tab picks another optimizer", dim))];
    if wrapped_height(&lines, inner.0) + wrapped_height(&hint, inner.0) <= inner.1 {
        lines.extend(hint);
    } else if let Some(gap) = sentence_gap.filter(|_| wrapped_height(&lines, inner.0) > inner.1) {
        lines.remove(gap);
    }
    if popup {
        Clear.render(area, buf);
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).border_style(dim).title(title))
        .render(area, buf);
}
