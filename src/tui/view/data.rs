//! A data landscape's data: the points, and each optimizer's current line
//! y = w·x + b through them in its colour, so that the fit is seen to swing
//! into place (and a batch of one to make it jitter).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Widget};

use crate::format::short;
use crate::tui::app::App;

use super::dots::{DotLayer, Owner, braille};
use super::plot::owner_style;

/// Draws the data panel into `area`.
pub fn render_data(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(points) = app.scenario().landscape.data_points() else { return };
    let theme = app.theme();
    let dim = theme.dim();
    let block =
        Block::default().borders(Borders::ALL).border_style(dim).title(Span::styled(" data: y = w·x + b ", dim));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 8 || inner.height < 3 || points.is_empty() {
        return;
    }
    let range = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let pad = ((hi - lo) * 0.08).max(1e-6);
        (lo - pad, hi + pad)
    };
    let x = range(&mut points.iter().map(|p| p[0]));
    let y = range(&mut points.iter().map(|p| p[1]));
    let mut layer = DotLayer::new(usize::from(inner.width), usize::from(inner.height));
    let (w, h) = layer.dots();
    let to_dots = |px: f64, py: f64| ((px - x.0) / (x.1 - x.0) * w, (y.1 - py) / (y.1 - y.0) * h);
    for p in points {
        let d = to_dots(p[0], p[1]);
        layer.dot(d.0, d.1, Owner::Neutral, 0);
    }
    let selected = app.selected();
    let order = app.visible().filter(|&i| i != selected).chain(app.visible().filter(|&i| i == selected));
    for i in order {
        let [slope, intercept] = app.runs()[i].record(app.step()).params.xy();
        let line = |px: f64| to_dots(px, slope * px + intercept);
        layer.line(line(x.0), line(x.1), Owner::Run(i), 0);
    }
    for k in 0..layer.bits.len() {
        let (owner, _, bits) = layer.shown(k);
        let Some(symbol) = braille(bits) else { continue };
        let (col, row) = ((k % layer.width) as u16, (k / layer.width) as u16);
        let style = match owner {
            Owner::Neutral => theme.strong(),
            owner => owner_style(app, owner, false),
        };
        buf[(inner.x + col, inner.y + row)].set_char(symbol).set_style(style);
    }
    let corner = format!("x {}…{}", short(x.0), short(x.1));
    if corner.chars().count() < usize::from(inner.width) {
        buf.set_string(inner.x, inner.bottom() - 1, corner, dim);
    }
}
