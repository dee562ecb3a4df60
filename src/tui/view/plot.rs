//! The landscape plot: a filled contour map (2-D) or the curve f(x) (1-D),
//! axes in domain units, known minima, starts, and each optimizer's path.
//!
//! Paths are drawn in braille dots (2×4 per cell) over half-block pixels
//! (1×2 per cell); a cell a path passes through keeps the landscape's
//! colour as its background.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::core::Vec2;
use crate::core::scenario::Rgb;
use crate::tui::app::{App, Viewport, format_number};
use crate::tui::theme::{ColorMode, mix};

use super::basins::tint;
use super::field::{Field, FieldKey};

/// Width of the y-axis labels.
const Y_LABEL_WIDTH: u16 = 7;
/// Colour of the 1-D curve, axes and markers that are not an optimizer's.
const NEUTRAL: Rgb = Rgb(0x78, 0x78, 0x8c);
const AXIS: Rgb = Rgb(0x90, 0x90, 0x98);
/// A path cell owned by the 1-D curve rather than an optimizer.
const CURVE_OWNER: u8 = u8::MAX;

/// Characters that shade contour bands when there is no colour, lowest first.
const SHADES: [char; 7] = [' ', '·', ':', '-', '=', '+', '#'];

/// Braille dot bits by (column, row) within a cell.
const BRAILLE: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];

/// Where a plot's data area sits and which part of parameter space it shows.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// The data area (axes excluded).
    pub area: Rect,
    /// x range shown.
    pub x: (f64, f64),
    /// y range shown (f's range in 1-D).
    pub y: (f64, f64),
}

impl Frame {
    /// A point in braille-dot coordinates (may lie outside the area).
    fn to_dots(self, p: Vec2) -> (f64, f64) {
        let w = f64::from(self.area.width) * 2.0;
        let h = f64::from(self.area.height) * 4.0;
        ((p[0] - self.x.0) / (self.x.1 - self.x.0) * w, (self.y.1 - p[1]) / (self.y.1 - self.y.0) * h)
    }
}

/// Braille dots and who owns each cell.
struct DotLayer {
    width: usize,
    height: usize,
    bits: Vec<u8>,
    owner: Vec<u8>,
}

impl DotLayer {
    fn new(area: Rect) -> Self {
        let (width, height) = (usize::from(area.width), usize::from(area.height));
        DotLayer { width, height, bits: vec![0; width * height], owner: vec![0; width * height] }
    }

    fn dot(&mut self, x: f64, y: f64, owner: u8) {
        if !(x >= 0.0 && y >= 0.0) {
            return;
        }
        let (dx, dy) = (x as usize, y as usize);
        let (cx, cy) = (dx / 2, dy / 4);
        if cx >= self.width || cy >= self.height {
            return;
        }
        let k = cy * self.width + cx;
        // A later path takes the whole cell: one colour per cell.
        if self.owner[k] != owner {
            self.owner[k] = owner;
            self.bits[k] = 0;
        }
        self.bits[k] |= BRAILLE[dx % 2][dy % 4];
    }

    /// A 2×2 cluster of dots: a visited point that reads at a glance.
    fn blob(&mut self, p: (f64, f64), owner: u8) {
        for (dx, dy) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
            self.dot((p.0 - 0.5).floor() + dx, (p.1 - 0.5).floor() + dy, owner);
        }
    }

    /// A straight line between two dot positions, clipped to the layer.
    fn line(&mut self, a: (f64, f64), b: (f64, f64), owner: u8) {
        let bounds = (self.width as f64 * 2.0, self.height as f64 * 4.0);
        let Some((a, b)) = clip(a, b, bounds) else { return };
        let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil().max(1.0);
        let n = steps as usize;
        for s in 0..=n {
            let t = s as f64 / steps;
            self.dot(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, owner);
        }
    }
}

/// Liang–Barsky clipping of a segment to [0, w) × [0, h).
fn clip(a: (f64, f64), b: (f64, f64), (w, h): (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let edge = 1e-9;
    for (p, q) in [(-dx, a.0), (dx, w - edge - a.0), (-dy, a.1), (dy, h - edge - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

/// "Nice" tick values (1, 2, 5 × 10ᵏ apart) inside [lo, hi], at most about `max` of them.
pub fn ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || max == 0 {
        return vec![];
    }
    let raw = span / max as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v }).collect()
}

/// Draws a plot of the given optimizers (indices) into `area`.
pub fn render_plot(app: &App, runs: &[usize], area: Rect, buf: &mut Buffer) -> Option<Frame> {
    if area.width <= Y_LABEL_WIDTH + 4 || area.height < 4 {
        return None;
    }
    let data =
        Rect { x: area.x + Y_LABEL_WIDTH, y: area.y, width: area.width - Y_LABEL_WIDTH, height: area.height - 1 };
    let landscape = &app.scenario().landscape;
    let view = app.viewport();
    let frame = if landscape.dim() == 2 {
        let frame = Frame { area: data, x: view.x, y: view.y };
        draw_field(app, frame, buf, runs.contains(&app.selected()));
        frame
    } else {
        let frame = Frame { area: data, x: view.x, y: curve_range(app, view, data) };
        fill(buf, data, app.colors(), Rgb(0x14, 0x14, 0x1c));
        frame
    };
    draw_axes(app, frame, area, buf);
    let mut layer = DotLayer::new(data);
    if landscape.dim() == 1 {
        draw_curve(app, frame, &mut layer);
    }
    // The selected optimizer is drawn last, on top.
    let mut order: Vec<usize> = runs.iter().copied().filter(|&i| i != app.selected()).collect();
    order.extend(runs.iter().copied().filter(|&i| i == app.selected()));
    for &i in &order {
        draw_path(app, i, frame, &mut layer);
    }
    paint_layer(app, &layer, frame, buf);
    draw_markers(app, &order, frame, buf);
    Some(frame)
}

fn fill(buf: &mut Buffer, area: Rect, mode: ColorMode, color: Rgb) {
    let bg = mode.color(color);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_char(' ').set_bg(bg);
        }
    }
}

fn draw_field(app: &App, frame: Frame, buf: &mut Buffer, shows_selected: bool) {
    let area = frame.area;
    let key = FieldKey {
        width: usize::from(area.width),
        height: usize::from(area.height) * 2,
        view: Viewport { x: frame.x, y: frame.y },
        landscape: app.landscape_generation(),
    };
    let mut cache = app.cache.borrow_mut();
    if cache.field.as_ref().is_none_or(|f| f.key != key) {
        cache.field = Some(Field::compute(&app.scenario().landscape, key));
    }
    let field = cache.field.as_mut().expect("just computed");
    let mode = app.colors();
    // The basin map covers the plot of the selected optimizer when its grid matches.
    let basins =
        app.basin_map().filter(|m| shows_selected && (m.width, m.height) == (key.width, key.height)).map(|m| &m.cells);
    let width = usize::from(area.width);
    if basins.is_none() {
        // Without basins the cells depend on the view alone: draw them once, copy them after.
        if field.cells.as_ref().is_none_or(|(m, _)| *m != mode) {
            let mut cells = vec![ratatui::buffer::Cell::default(); width * usize::from(area.height)];
            for (k, cell) in cells.iter_mut().enumerate() {
                field_cell(cell, field, key.width, k / width, k % width, mode, None);
            }
            field.cells = Some((mode, cells));
        }
        let cells = &field.cells.as_ref().expect("just drawn").1;
        for row in 0..area.height {
            let start = buf.index_of(area.x, area.y + row);
            let from = usize::from(row) * width;
            buf.content[start..start + width].clone_from_slice(&cells[from..from + width]);
        }
        return;
    }
    for row in 0..area.height {
        // Whole rows at a time: one bounds check per row, not per cell.
        let start = buf.index_of(area.x, area.y + row);
        for (col, cell) in buf.content[start..start + width].iter_mut().enumerate() {
            field_cell(cell, field, key.width, usize::from(row), col, mode, basins);
        }
    }
}

/// One cell of the field: two half-block pixels (tinted by basins, if any),
/// or a shading character without colour.
fn field_cell(
    cell: &mut ratatui::buffer::Cell,
    field: &Field,
    width: usize,
    row: usize,
    col: usize,
    mode: ColorMode,
    basins: Option<&Vec<Option<super::super::app::BasinCell>>>,
) {
    let top = row * 2 * width + col;
    let bottom = top + width;
    let basin = |k: usize| basins.and_then(|cells| cells[k]);
    if mode == ColorMode::Mono {
        // Without colour, characters from light to dense shade the levels.
        let band = usize::from(field.band[top].min(field.band[bottom]));
        let shade = SHADES[band * SHADES.len() / super::field::LEVELS as usize];
        cell.set_char(basin(top).map_or(shade, super::basins::basin_char));
    } else {
        let (upper, lower) = (tint(field.colors[top], basin(top)), tint(field.colors[bottom], basin(bottom)));
        cell.set_char('▀').set_fg(mode.color(upper)).set_bg(mode.color(lower));
    }
}

/// The range of f over the visible x range, padded, for 1-D plots.
fn curve_range(app: &App, view: Viewport, data: Rect) -> (f64, f64) {
    let landscape = &app.scenario().landscape;
    let n = usize::from(data.width) * 2;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for i in 0..=n {
        let v = landscape.value([view.x.0 + (view.x.1 - view.x.0) * i as f64 / n as f64, 0.0]);
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(1e-9 * (1.0 + lo.abs()));
    (lo - pad, hi + pad)
}

fn draw_curve(app: &App, frame: Frame, layer: &mut DotLayer) {
    let landscape = &app.scenario().landscape;
    let n = usize::from(frame.area.width) * 2;
    let mut previous: Option<(f64, f64)> = None;
    for i in 0..n {
        let x = frame.x.0 + (frame.x.1 - frame.x.0) * (i as f64 + 0.5) / n as f64;
        let p = frame.to_dots([x, landscape.value([x, 0.0])]);
        match previous {
            Some(q) => layer.line(q, p, CURVE_OWNER),
            None => layer.dot(p.0, p.1, CURVE_OWNER),
        }
        previous = Some(p);
    }
}

/// Optimizer i's path up to the current step: its points joined in 2-D; in
/// 1-D its visited points on the curve (joined by chords for the selected
/// optimizer, to show it bounce) and a tangent at its head.
fn draw_path(app: &App, i: usize, frame: Frame, layer: &mut DotLayer) {
    let run = &app.runs()[i];
    let last = app.step().min(run.steps_taken());
    let owner = i as u8 + 1;
    let one_d = app.scenario().landscape.dim() == 1;
    let point = |k: usize| {
        let r = run.record(k);
        if one_d { [r.params[0], r.loss] } else { r.params }
    };
    let chords = !one_d || i == app.selected();
    // Truncating casts (saturating, NaN to 0) instead of libm's floor: exact
    // for on-screen coordinates, and off-screen ones are clipped later anyway.
    let same_dot = |a: (f64, f64), b: (f64, f64)| a.0 as i64 == b.0 as i64 && a.1 as i64 == b.1 as i64;
    let mut previous = frame.to_dots(point(0));
    for k in 1..=last {
        let p = frame.to_dots(point(k));
        // A run settling into a minimum takes many steps within one dot.
        if same_dot(previous, p) {
            continue;
        }
        if chords {
            layer.line(previous, p, owner);
        }
        if one_d {
            layer.blob(p, owner);
        }
        previous = p;
    }
    if one_d {
        // The tangent: slope f'(x) in data units, drawn 12 dots long on screen.
        let r = run.record(last);
        let (sx, sy) = (
            f64::from(frame.area.width) * 2.0 / (frame.x.1 - frame.x.0),
            f64::from(frame.area.height) * 4.0 / (frame.y.1 - frame.y.0),
        );
        let direction: (f64, f64) = (1.0, -r.grad[0] * sy / sx);
        let length = direction.0.hypot(direction.1);
        if length.is_finite() {
            let (ux, uy) = (direction.0 / length * 6.0, direction.1 / length * 6.0);
            let c = frame.to_dots([r.params[0], r.loss]);
            layer.line((c.0 - ux, c.1 - uy), (c.0 + ux, c.1 + uy), owner);
        }
    }
}

fn paint_layer(app: &App, layer: &DotLayer, frame: Frame, buf: &mut Buffer) {
    let mode = app.colors();
    for row in 0..layer.height {
        for col in 0..layer.width {
            let k = row * layer.width + col;
            if layer.bits[k] == 0 {
                continue;
            }
            let symbol = char::from_u32(0x2800 + u32::from(layer.bits[k])).expect("braille block");
            let color = match layer.owner[k] {
                CURVE_OWNER => NEUTRAL,
                owner => app.color_of(usize::from(owner - 1)),
            };
            let cell = &mut buf[(frame.area.x + col as u16, frame.area.y + row as u16)];
            // Keep the landscape's colour behind the dots: the mean of the two
            // half-pixels in 24-bit colour, the lower one in 256 colours.
            if let (Color::Rgb(r1, g1, b1), Color::Rgb(r2, g2, b2)) = (cell.fg, cell.bg) {
                let back = mix(Rgb(r1, g1, b1), Rgb(r2, g2, b2), 0.5);
                cell.set_bg(Color::Rgb(back.0, back.1, back.2));
            }
            cell.set_char(symbol).set_fg(mode.color(color));
            if layer.owner[k] != CURVE_OWNER {
                cell.modifier.insert(Modifier::BOLD);
            }
        }
    }
}

fn put(buf: &mut Buffer, frame: Frame, p: (f64, f64), symbol: char, style: Style) -> bool {
    let (w, h) = (f64::from(frame.area.width) * 2.0, f64::from(frame.area.height) * 4.0);
    if !(p.0 >= 0.0 && p.0 < w && p.1 >= 0.0 && p.1 < h) {
        return false;
    }
    let cell = &mut buf[(frame.area.x + (p.0 / 2.0) as u16, frame.area.y + (p.1 / 4.0) as u16)];
    cell.set_char(symbol).set_style(style);
    true
}

/// An arrow at the edge of the plot pointing toward a head outside it.
fn edge_arrow(frame: Frame, p: (f64, f64)) -> Option<((f64, f64), char)> {
    let (w, h) = (f64::from(frame.area.width) * 2.0, f64::from(frame.area.height) * 4.0);
    let center = (w / 2.0, h / 2.0);
    let (dx, dy) = (p.0 - center.0, p.1 - center.1);
    if !(dx.is_finite() && dy.is_finite()) {
        return None;
    }
    // Scale the ray from the centre to just inside the border.
    let t = [(w / 2.0 - 1.0) / dx.abs(), (h / 2.0 - 1.0) / dy.abs()].into_iter().fold(f64::INFINITY, f64::min);
    let at = (center.0 + dx * t.min(1.0), center.1 + dy * t.min(1.0));
    // Angle in screen terms (a cell is about twice as tall as wide: 2 dots ≈ 4 dots).
    let angle = (-dy / 2.0).atan2(dx).to_degrees();
    let arrows = ['→', '↗', '↑', '↖', '←', '↙', '↓', '↘'];
    let index = (((angle + 360.0 + 22.5) % 360.0) / 45.0) as usize % 8;
    Some((at, arrows[index]))
}

fn draw_markers(app: &App, order: &[usize], frame: Frame, buf: &mut Buffer) {
    let mode = app.colors();
    let landscape = &app.scenario().landscape;
    let one_d = landscape.dim() == 1;
    let on_curve = |p: Vec2| if one_d { [p[0], landscape.value(p)] } else { p };
    let neutral = Style::default().fg(mode.color(Rgb(0xff, 0xff, 0xff))).add_modifier(Modifier::BOLD);
    for m in landscape.minima() {
        put(buf, frame, frame.to_dots(on_curve(m.point)), '×', neutral);
    }
    for &i in order {
        let start = app.runs()[i].spec().start;
        put(buf, frame, frame.to_dots(on_curve(start)), '◆', neutral);
    }
    for &i in order {
        let run = &app.runs()[i];
        let r = run.record(app.step());
        let p = frame.to_dots(if one_d { [r.params[0], r.loss] } else { r.params });
        let mut style = Style::default().fg(mode.color(app.color_of(i))).add_modifier(Modifier::BOLD);
        if mode == ColorMode::Mono && i == app.selected() {
            style = style.add_modifier(Modifier::REVERSED);
        }
        // Without colour the head is the optimizer's number.
        let head =
            if mode == ColorMode::Mono { char::from_digit((i as u32 + 1) % 36, 36).unwrap_or('●') } else { '●' };
        if !put(buf, frame, p, head, style)
            && let Some((at, arrow)) = edge_arrow(frame, p)
        {
            put(buf, frame, at, arrow, style);
        }
    }
}

fn draw_axes(app: &App, frame: Frame, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let style = Style::default().fg(mode.color(AXIS));
    let data = frame.area;
    // y labels, right-aligned against the data area.
    for v in ticks(frame.y.0, frame.y.1, usize::from(data.height / 3).max(2)) {
        let row = ((frame.y.1 - v) / (frame.y.1 - frame.y.0) * f64::from(data.height)).floor();
        if row < 0.0 || row >= f64::from(data.height) {
            continue;
        }
        let label = format!("{:>width$}┤", format_number(v), width = usize::from(Y_LABEL_WIDTH) - 1);
        let label: String =
            label.chars().rev().take(usize::from(Y_LABEL_WIDTH)).collect::<Vec<_>>().into_iter().rev().collect();
        buf.set_string(area.x, data.y + row as u16, label, style);
    }
    // x labels on the row below the data.
    let row = data.bottom();
    let mut next_free = data.x;
    for v in ticks(frame.x.0, frame.x.1, usize::from(data.width / 10).max(2)) {
        let col = ((v - frame.x.0) / (frame.x.1 - frame.x.0) * f64::from(data.width)).floor();
        if col < 0.0 || col >= f64::from(data.width) {
            continue;
        }
        let label = format_number(v);
        let width = label.chars().count() as u16;
        let x = (data.x + col as u16).saturating_sub(width / 2).max(data.x);
        if x < next_free || x + width > data.right() {
            continue;
        }
        buf.set_string(data.x + col as u16, row, "┬", style);
        buf.set_string(x, row, &label, style);
        next_free = x + width + 1;
    }
    let axis_name = if app.scenario().landscape.dim() == 1 { "f(x)" } else { "y" };
    buf.set_string(area.x, area.y, format!("{axis_name:<w$}", w = usize::from(Y_LABEL_WIDTH) - 1), style);
    buf.set_string(area.x, row, format!("{:>w$}", "x", w = usize::from(Y_LABEL_WIDTH) - 1), style);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_inside_the_range() {
        assert_eq!(ticks(-2.0, 2.0, 4), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(ticks(-1.0, 3.0, 4), vec![-1.0, 0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(-1.0, 3.0, 3), vec![0.0, 2.0]);
        assert_eq!(ticks(0.0, 0.35, 4), vec![0.0, 0.1, 0.2, 0.30000000000000004]);
        assert!(ticks(1.0, 1.0, 4).is_empty());
    }

    #[test]
    fn clipping_keeps_segments_inside() {
        let (a, b) = clip((-10.0, 5.0), (30.0, 5.0), (20.0, 10.0)).unwrap();
        assert_eq!(a, (0.0, 5.0));
        assert!(b.0 < 20.0 && b.0 > 19.99);
        assert!(clip((-10.0, -5.0), (-1.0, -1.0), (20.0, 10.0)).is_none());
        assert!(clip((0.0, 0.0), (f64::INFINITY, 1.0), (20.0, 10.0)).is_none());
    }
}
