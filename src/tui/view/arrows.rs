//! Arrows at an optimizer's current point that show why its next step goes
//! where it goes: −lr·∇f (the step plain gradient descent would take from
//! here), what it carries over from earlier steps (momentum's −lr·μ·b,
//! Adam's m̂), and the step it actually takes; for optimizers that scale
//! each coordinate, a box whose sides are in the ratio of the coordinates'
//! effective learning rates.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::Vec2;
use crate::core::explain::{effective_rates, memory_step};
use crate::tui::app::App;

use super::dots::{DotLayer, Owner, arrow_glyph};
use super::plot::{Frame, owner_style};

/// The longest arrow of a head is drawn at least this many dots long...
const MIN_DOTS: f64 = 14.0;
/// ...and at most this share of the plot's smaller side.
const MAX_SHARE: f64 = 0.3;
/// Half the larger side of the effective-rate box, in dots.
const BOX_DOTS: f64 = 5.0;

/// Where an arrow's tip goes: dot position, arrowhead, owner.
pub type Tip = ((f64, f64), char, Owner);

/// Optimizer i's arrows at the step shown, in parameter units.
fn vectors(app: &App, i: usize) -> Vec<(Vec2, Owner)> {
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let record = run.record(k);
    let mut vectors = vec![([-record.lr * record.grad[0], -record.lr * record.grad[1]], Owner::Gradient)];
    if let Some(memory) = memory_step(run, k) {
        vectors.push((memory, Owner::Memory));
    }
    if k < run.steps_taken() {
        let next = run.record(k + 1).params;
        vectors.push(([next[0] - record.params[0], next[1] - record.params[1]], Owner::Run(i)));
    }
    vectors
}

/// A vector in parameter units as a displacement in dots.
fn in_dots(frame: Frame, v: Vec2) -> (f64, f64) {
    let (sx, sy) = frame.dots_per_unit();
    (v[0] * sx, -v[1] * sy)
}

/// One factor for the arrows of all the given optimizers, so that they can
/// be compared: 1 (to scale, each step arrow ending at the next point)
/// when the longest is readable, else what makes it so.
pub fn scale(app: &App, runs: &[usize], frame: Frame) -> f64 {
    let longest = runs
        .iter()
        .flat_map(|&i| vectors(app, i))
        .map(|(v, _)| in_dots(frame, v))
        .map(|(x, y)| x.hypot(y))
        .filter(|l| l.is_finite())
        .fold(0.0, f64::max);
    let (w, h) = (f64::from(frame.area.width) * 2.0, f64::from(frame.area.height) * 4.0);
    let most = (w.min(h) * MAX_SHARE).max(MIN_DOTS);
    if longest <= 0.0 {
        1.0
    } else if longest < MIN_DOTS {
        MIN_DOTS / longest
    } else if longest > most {
        most / longest
    } else {
        1.0
    }
}

/// Draws optimizer i's arrows, scaled by `factor`, into the layer; returns
/// where their tips go, to be drawn over the dots.
pub fn draw(app: &App, i: usize, frame: Frame, factor: f64, layer: &mut DotLayer) -> Vec<Tip> {
    if frame.dim != 2 {
        return vec![];
    }
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let origin = frame.to_dots(run.record(k).params);
    let mut tips = Vec::new();
    for (v, owner) in vectors(app, i) {
        let (dx, dy) = in_dots(frame, v);
        let (dx, dy) = (dx * factor, dy * factor);
        let length = dx.hypot(dy);
        if length.is_nan() || length < 1.0 {
            continue;
        }
        let tip = (origin.0 + dx, origin.1 + dy);
        layer.line(origin, tip, owner, 0);
        tips.push((tip, arrow_glyph(dx, dy), owner));
    }
    if let Some(rates) = effective_rates(run, k) {
        draw_rate_box(layer, origin, rates);
    }
    tips
}

/// A box around the point, half as wide as tall when the x rate is half the y rate.
fn draw_rate_box(layer: &mut DotLayer, c: (f64, f64), rates: Vec2) {
    let largest = rates[0].max(rates[1]);
    if !(largest.is_finite() && largest > 0.0) {
        return;
    }
    let (hx, hy) = ((rates[0] / largest * BOX_DOTS).max(1.0), (rates[1] / largest * BOX_DOTS).max(1.0));
    let corners = [(c.0 - hx, c.1 - hy), (c.0 + hx, c.1 - hy), (c.0 + hx, c.1 + hy), (c.0 - hx, c.1 + hy)];
    for s in 0..4 {
        layer.line(corners[s], corners[(s + 1) % 4], Owner::Memory, 0);
    }
}

/// One line at the top of the plot saying what each arrow is, and by how
/// much the arrows are scaled.
pub fn legend(app: &App, factor: f64, data: Rect, buf: &mut Buffer) {
    let i = app.selected();
    let style = |owner| owner_style(app, owner, false);
    let mut spans = vec![
        Span::styled(" → −lr·∇f ", style(Owner::Gradient)),
        Span::styled(" → carried ", style(Owner::Memory)),
        Span::styled(" → step ", style(Owner::Run(i))),
    ];
    if effective_rates(&app.runs()[i], app.step()).is_some() {
        spans.push(Span::styled(" □ rate per coordinate ", style(Owner::Memory)));
    }
    if factor != 1.0 {
        spans.push(Span::styled(format!(" drawn ×{} ", two_digits(factor)), app.theme().muted()));
    }
    let line = Line::from(spans);
    let area = Rect { height: 1, ..data };
    for x in area.left()..area.right() {
        buf[(x, area.y)].reset();
    }
    let fill = app.theme().map_label();
    ratatui::widgets::Paragraph::new(line).style(fill).render(area, buf);
}

/// A scale factor to two significant digits: 16, 0.25, 1.3e3.
fn two_digits(v: f64) -> String {
    let digits = v.abs().log10().floor() as i32;
    let unit = 10f64.powi(digits - 1);
    crate::format::short((v / unit).round() * unit)
}
