//! The rate map in place of the plot: the selected optimizer's final loss
//! over log-spaced learning rates (→) and momenta (↑), darker where it got
//! further, runs that blew up marked; the current (lr, momentum) as a cross,
//! the best pair as a ring, and for heavy ball on a quadratic the theory's
//! stable edge (dotted) and optimum (★).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::dots::ticks;
use crate::core::ratemap::{HeavyBall, RatePoint, best, level, momentum_name, momentum_of};
use crate::core::scenario::Rgb;
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::{landscape_color, mix};

/// Width of the momentum labels.
const LABEL_WIDTH: u16 = 6;
/// Runs that blew up or ran away.
const ESCAPED: Rgb = Rgb(0x70, 0x18, 0x18);
/// Not computed yet.
const PENDING: Rgb = Rgb(0x30, 0x30, 0x38);

/// Where the map's cells are drawn and how values map to them.
struct Frame {
    /// The map's cells on screen.
    area: Rect,
    /// log10 of the first and last rate.
    x: (f64, f64),
    /// The first and last momentum.
    y: (f64, f64),
}

impl Frame {
    /// The screen column of a rate, if inside.
    fn column(&self, lr: f64) -> Option<u16> {
        let t = (lr.log10() - self.x.0) / (self.x.1 - self.x.0);
        (0.0..=1.0).contains(&t).then(|| self.area.x + (t * f64::from(self.area.width - 1)).round() as u16)
    }

    /// The screen row of a momentum (half-rows: 0 the top half of the top row), if inside.
    fn half_row(&self, mu: f64) -> Option<u16> {
        let t = (mu - self.y.0) / (self.y.1 - self.y.0);
        let rows = 2 * self.area.height - 1;
        (0.0..=1.0).contains(&t).then(|| ((1.0 - t) * f64::from(rows)).round() as u16)
    }
}

/// Draws the map of the selected optimizer into `area`.
pub fn render_ratemap(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let dim = theme.dim();
    let i = app.selected();
    let optimizer = app.optimizer_of(i);
    let Some(grid) = app.rate_grid() else { return };
    if area.width < LABEL_WIDTH + 12 || area.height < 6 {
        return;
    }
    let name = momentum_name(optimizer).unwrap_or("momentum");
    let landscape = &app.scenario().landscape;
    let lowest = landscape.minima().iter().find(|m| m.global).map_or(0.0, |m| m.value);
    let done = grid.rows.iter().filter(|r| r.is_some()).count();
    let run = &app.runs()[i];
    let title = if done < grid.rows.len() {
        format!(
            " {}: final loss after {} steps, computing {}% ",
            app.label_of(i),
            run.spec().max_steps,
            100 * done / grid.rows.len()
        )
    } else {
        format!(
            " {}: final loss{} after {} steps, by lr and {name} ",
            app.label_of(i),
            if lowest != 0.0 { " − f*" } else { "" },
            run.spec().max_steps
        )
    };
    buf.set_string(area.x, area.y, short_to(&title, area.width), theme.strong());
    let map = Rect { x: area.x + LABEL_WIDTH, y: area.y + 1, width: area.width - LABEL_WIDTH, height: area.height - 3 };
    let frame = Frame {
        area: map,
        x: (grid.rates[0].log10(), grid.rates[grid.rates.len() - 1].log10()),
        y: (grid.momenta[0], grid.momenta[grid.momenta.len() - 1]),
    };
    let gaps: Vec<f64> = grid.rows.iter().flatten().flatten().filter_map(|p| p.gap(lowest)).collect();
    let (lo, hi) = gaps.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &g| (a.min(g), b.max(g)));
    let colour = |p: Option<&RatePoint>| -> Rgb {
        match p {
            None => PENDING,
            Some(p) => match p.gap(lowest) {
                None => ESCAPED,
                Some(g) if hi > lo => landscape_color((g - lo) / (hi - lo)),
                Some(_) => landscape_color(0.0),
            },
        }
    };
    // Each screen half-row shows the nearest computed cell.
    let cell = |col: u16, half: u16| -> Option<&RatePoint> {
        let tx = f64::from(col) / f64::from(map.width.max(2) - 1);
        let ty = 1.0 - f64::from(half) / f64::from(2 * map.height - 1);
        let c = (tx * (grid.rates.len() - 1) as f64).round() as usize;
        let r = (ty * (grid.momenta.len() - 1) as f64).round() as usize;
        grid.rows[r].as_ref().map(|row| &row[c])
    };
    // Without colour: a digit per cell, 0 the lowest loss, x blew up, as
    // `losscape ratemap` prints it.
    let digit = |p: Option<&RatePoint>| match p {
        None => ' ',
        Some(p) => p.gap(lowest).map_or('x', |g| char::from_digit(level(g, lo, hi), 10).unwrap_or('9')),
    };
    for row in 0..map.height {
        for col in 0..map.width {
            let cell_at = &mut buf[(map.x + col, map.y + row)];
            if theme.mono() {
                cell_at.set_char(digit(cell(col, 2 * row)));
            } else {
                let (top, bottom) = (colour(cell(col, 2 * row)), colour(cell(col, 2 * row + 1)));
                cell_at.set_char('▀').set_style(Style::default().fg(theme.map_color(top)).bg(theme.map_color(bottom)));
            }
        }
    }
    // The best pair computed so far, where the selected run is, and the
    // theory on top (where the best pair is the theory's, the star covers it).
    let cells =
        grid.rows.iter().enumerate().flat_map(|(r, row)| row.iter().flatten().enumerate().map(move |(c, p)| (r, c, p)));
    if let Some((r, c)) = best(cells, lowest) {
        mark(&frame, buf, grid.rates[c], grid.momenta[r], '○', theme.mark(true));
    }
    if let Some(mu) = momentum_of(optimizer) {
        mark(&frame, buf, optimizer.lr, mu, '✚', theme.path(app.color_of(i)));
    }
    draw_theory(app, &frame, buf);
    // Axes: momentum up the left, rates (log) along the bottom.
    for v in ticks(frame.y.0, frame.y.1, usize::from(map.height / 3).clamp(2, 6)) {
        if let Some(h) = frame.half_row(v) {
            buf.set_string(area.x, map.y + h / 2, format!("{:>5}┤", short(v)), dim);
        }
    }
    let axis_y = map.bottom();
    let (d0, d1) = (frame.x.0.ceil() as i32, frame.x.1.floor() as i32);
    let step = ((d1 - d0) / 6 + 1).max(1);
    for d in (d0..=d1).step_by(step as usize) {
        if let Some(x) = frame.column(10f64.powi(d)) {
            let label = format!("1e{d}");
            if x + label.len() as u16 <= area.right() {
                buf.set_string(x, axis_y, label, dim);
            }
        }
    }
    buf.set_string(area.x, axis_y, "  lr→", dim);
    // The legend.
    let lowest_text = if lo.is_finite() { format!("1e{lo:.0}") } else { "…".into() };
    let mut legend = vec![
        Span::styled(
            if theme.mono() {
                format!(" 0: lowest ({lowest_text}) ")
            } else {
                format!(" dark: lowest ({lowest_text}) ")
            },
            dim,
        ),
        if theme.mono() {
            Span::styled(" x", dim)
        } else {
            Span::styled("  ", Style::default().bg(theme.map_color(ESCAPED)))
        },
        Span::styled(" blew up ", dim),
        Span::styled("✚", theme.path(app.color_of(i))),
        Span::styled(" now ", dim),
        Span::styled("○", theme.mark(true)),
        Span::styled(" best", dim),
    ];
    if HeavyBall::of(landscape, run.spec()).is_some() {
        legend.push(Span::styled(" ┊ stable edge ★ theory", dim));
    }
    Paragraph::new(Line::from(legend)).render(Rect { x: area.x, y: axis_y + 1, width: area.width, height: 1 }, buf);
}

/// The heavy-ball theory over the map: the stable edge lr = 2(1 + μ)/λmax
/// as a dotted line, and the optimum as a star.
fn draw_theory(app: &App, frame: &Frame, buf: &mut Buffer) {
    let run = &app.runs()[app.selected()];
    let Some(theory) = HeavyBall::of(&app.scenario().landscape, run.spec()) else { return };
    let style = app.theme().mark(true);
    for row in 0..frame.area.height {
        let mu = frame.y.1 - (f64::from(row) + 0.5) / f64::from(frame.area.height) * (frame.y.1 - frame.y.0);
        if let Some(x) = frame.column(theory.max_lr(mu)) {
            let cell = &mut buf[(x, frame.area.y + row)];
            if !(cell.symbol() == "▀" || cell.symbol().chars().all(|c| c.is_ascii_digit() || c == 'x')) {
                continue;
            }
            let back = match (cell.fg, cell.bg) {
                (ratatui::style::Color::Rgb(a, b, c), ratatui::style::Color::Rgb(d, e, f)) => {
                    let m = mix(Rgb(a, b, c), Rgb(d, e, f), 0.5);
                    Some(ratatui::style::Color::Rgb(m.0, m.1, m.2))
                }
                _ => None,
            };
            cell.set_char('┊').set_style(style);
            if let Some(back) = back {
                cell.set_bg(back);
            }
        }
    }
    let (lr, mu) = theory.optimum();
    mark(frame, buf, lr, mu, '★', style);
}

/// A glyph at (lr, μ), over the map's colour there.
fn mark(frame: &Frame, buf: &mut Buffer, lr: f64, mu: f64, glyph: char, style: Style) {
    if let (Some(x), Some(h)) = (frame.column(lr), frame.half_row(mu)) {
        let cell = &mut buf[(x, frame.area.y + h / 2)];
        let back = if h % 2 == 0 { cell.fg } else { cell.bg };
        cell.set_char(glyph).set_style(style).set_bg(back);
    }
}

/// `text` cut to `width` characters.
fn short_to(text: &str, width: u16) -> String {
    text.chars().take(usize::from(width)).collect()
}
