//! One row per optimizer: its key and colour, label, type, learning rate,
//! momentum-like value, loss, gradient norm and status at the current step.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Row, Table, Widget};

use crate::core::explain::stable_lr_bound;
use crate::core::norm;
use crate::tui::app::{App, format_number};
use crate::tui::theme::ColorMode;

/// Rows the panel needs for n optimizers.
pub fn height(n: usize) -> u16 {
    n as u16 + 2
}

/// Draws the panel.
pub fn render_panel(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let dim = Style::default().fg(mode.color(crate::core::scenario::Rgb(0x90, 0x90, 0x98)));
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
        let swatch = if mode == ColorMode::Mono {
            Span::styled(format!(" {} ", i + 1), Style::default().add_modifier(Modifier::BOLD))
        } else {
            Span::styled(format!(" {} ", i + 1), Style::default().fg(Color::Black).bg(mode.color(app.color_of(i))))
        };
        let momentum =
            optimizer.momentum_like().map_or(String::new(), |m| format!("{}={}", m.name, format_number(m.value)));
        // GD and momentum are locally stable only below this rate.
        let landscape = &app.scenario().landscape;
        let bound = stable_lr_bound(optimizer, landscape.hessian(record.params), landscape.dim());
        let limit = match bound {
            Some(b) if record.lr >= b => Span::styled(
                format!(">{}!", format_number(b)),
                Style::default()
                    .fg(mode.color(crate::core::scenario::Rgb(0xff, 0x55, 0x55)))
                    .add_modifier(Modifier::BOLD),
            ),
            Some(b) => Span::raw(format!("<{}", format_number(b))),
            None => Span::raw(""),
        };
        let mut style = Style::default();
        if i == app.selected() {
            style = style.add_modifier(Modifier::BOLD).add_modifier(if mode == ColorMode::Mono {
                Modifier::REVERSED
            } else {
                Modifier::empty()
            });
            if mode != ColorMode::Mono {
                style = style.bg(mode.color(crate::core::scenario::Rgb(0x30, 0x30, 0x40)));
            }
        }
        let marker = if i == app.selected() { "▶ " } else { "  " };
        let mut cells = vec![
            Line::from(swatch),
            Line::from(format!("{marker}{}", app.label_of(i))),
            Line::from(optimizer.kind.name()),
            Line::from(format!("lr={}", format_number(record.lr))),
            Line::from(limit),
            Line::from(momentum),
            Line::from(format_number(record.loss)),
            Line::from(format_number(norm(record.grad))),
            Line::from(run.status_at(step).describe()),
        ];
        if !show_type {
            cells.remove(2);
        }
        Row::new(cells).style(style)
    });
    let label_width = app.runs().iter().enumerate().map(|(i, _)| app.label_of(i).chars().count()).max().unwrap_or(8);
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
