//! One row per optimizer: its number and colour, label, type, learning
//! rate, the stability limit of its rate, momentum-like value, loss,
//! gradient norm and status at the current step.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Row, Table, Widget};

use crate::core::explain::limit_at_destination;
use crate::core::norm;
use crate::core::optim::Hyper;
use crate::core::run::{Run, Runaway, Status};
use crate::format::short;
use crate::tui::app::App;

/// Rows the panel needs for n optimizers.
pub fn height(n: usize) -> u16 {
    n as u16 + 2
}

/// The lr limit column: `<b` below the stability limit b of the minimum the
/// run heads to, `=b` on it (neither converging nor diverging), `>b!` past
/// it; `clipped` where clipping bounds every step instead; empty where the
/// optimizer has no such limit or the run heads to no known minimum.
pub fn limit_text(run: &Run, lr: f64) -> (String, LimitState) {
    let clipped = run.spec().clip_norm.is_some() && matches!(run.spec().optimizer.hyper, Hyper::Sgd(_));
    if clipped {
        return ("clipped".into(), LimitState::Unbounded);
    }
    match limit_at_destination(run) {
        None => (String::new(), LimitState::Unbounded),
        Some(limit) => {
            let b = limit.bound;
            if (lr - b).abs() <= 1e-12 * b {
                (format!("={}", short(b)), LimitState::OnIt)
            } else if lr < b {
                (format!("<{}", short(b)), LimitState::Below)
            } else {
                (format!(">{}!", short(b)), LimitState::Above)
            }
        }
    }
}

/// Where a rate stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitState {
    /// No limit applies.
    Unbounded,
    /// Stable.
    Below,
    /// Exactly on the limit.
    OnIt,
    /// Unstable.
    Above,
}

/// The status at step k in words, and whether it is bad news, worth noting, or neither.
pub fn status_text(run: &Run, k: usize) -> (String, Option<bool>) {
    match (run.status_at(k), run.escape_at(k)) {
        (status @ Status::Diverged { .. }, _) => (status.describe(), Some(true)),
        (_, Some(e)) if e.kind == Runaway::Diverging => (format!("diverging (step {})", e.step), Some(true)),
        (_, Some(e)) => (format!("unbounded below (step {})", e.step), Some(false)),
        (status, None) => (status.describe(), None),
    }
}

/// Draws the panel.
pub fn render_panel(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let dim = theme.dim();
    // The type column goes first when the terminal is narrow.
    let show_type = area.width >= 100;
    let mut headers = vec!["", "optimizer", "type", "rate", "lr limit", "momentum", "loss", "|∇f|", "status"];
    if !show_type {
        headers.remove(2);
    }
    let header = Row::new(headers).style(dim);
    let step = app.step();
    let rows = app.runs().iter().enumerate().map(|(i, run)| {
        let record = run.record(step);
        let optimizer = &run.spec().optimizer;
        let swatch = Span::styled(format!(" {} ", i + 1), theme.swatch(app.color_of(i)));
        let momentum = optimizer.momentum_like().map_or(String::new(), |m| format!("{}={}", m.name, short(m.value)));
        let (limit, state) = limit_text(run, record.lr);
        let limit = match state {
            LimitState::Above => Span::styled(limit, theme.danger()),
            LimitState::OnIt => Span::styled(limit, theme.notice()),
            _ => Span::raw(limit),
        };
        let (status, bad) = status_text(run, step);
        let status = match bad {
            Some(true) => Span::styled(status, theme.danger()),
            Some(false) => Span::styled(status, theme.notice()),
            None => Span::raw(status),
        };
        let marker = if i == app.selected() { "▶ " } else { "  " };
        let hidden = if app.is_hidden(i) { " (hidden)" } else { "" };
        let mut cells = vec![
            Line::from(swatch),
            Line::from(format!("{marker}{}{hidden}", app.label_of(i))),
            Line::from(optimizer.kind.name()),
            Line::from(format!("lr={}", short(record.lr))),
            Line::from(limit),
            Line::from(momentum),
            Line::from(short(record.loss)),
            Line::from(short(norm(record.grad))),
            Line::from(status),
        ];
        if !show_type {
            cells.remove(2);
        }
        let style = match (i == app.selected(), app.is_hidden(i)) {
            (true, _) => theme.selected_row(),
            (false, true) => dim,
            (false, false) => Style::default(),
        };
        Row::new(cells).style(style)
    });
    let label_width = (0..app.runs().len()).map(|i| app.label_of(i).chars().count()).max().unwrap_or(8);
    let number = if area.width >= 100 { 10 } else { 8 };
    let mut widths = vec![
        Constraint::Length(3),
        Constraint::Length(label_width.clamp(9, 18) as u16 + 2),
        Constraint::Length(8),
        Constraint::Length(11),
        Constraint::Length(9),
        Constraint::Length(13),
        Constraint::Length(number),
        Constraint::Length(number),
        Constraint::Min(10),
    ];
    if !show_type {
        widths.remove(2);
    }
    let block = Block::default().borders(Borders::TOP).border_style(dim).title(Span::styled(" optimizers ", dim));
    Table::new(rows, widths).header(header).column_spacing(1).block(block).render(area, buf);
}
