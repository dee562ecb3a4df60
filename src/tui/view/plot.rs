//! The landscape plot: a filled contour map (2-D) or the curve f(x) (1-D),
//! axes in the landscape's parameter names, a colour bar, known minima ×,
//! starts ◆, each optimizer's path (old steps fading), its current point ●
//! with its number beside it, and arrows that show why the next step goes
//! where it goes.
//!
//! Paths are braille dots (2×4 a cell) over half-block pixels (1×2 a cell);
//! a cell a path passes through keeps the landscape's colour behind it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::core::Vec2;
use crate::core::scenario::{Arrows, Rgb};
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::{Theme, landscape_color, mix};
use crate::tui::viewport::Viewport;

use super::arrows;
use super::basins::tint;
use super::dots::{DotLayer, Owner, arrow_glyph, ticks};
use super::field::{Field, FieldKey, LEVELS};
use super::screen::Screen;

/// Width of the y-axis labels.
const Y_LABEL_WIDTH: u16 = 7;
/// A cell is about this many times as tall as it is wide.
pub const CELL_ASPECT: f64 = 2.0;
/// Characters that shade contour bands when there is no colour, lowest first.
const SHADES: [char; 7] = [' ', '·', ':', '-', '=', '+', '#'];
/// One epoch of fading, as a share of the scenario's steps.
const FRESH_SHARE: f64 = 0.125;
/// The oldest steps keep this much of their colour against the map.
const OLDEST_WEIGHT: f64 = 0.45;
/// Shades between the newest steps and the oldest.
const FADE_SHADES: u32 = 3;

/// Where a plot's data area sits and which part of parameter space it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The data area (axes excluded).
    pub area: Rect,
    /// x range shown.
    pub x: (f64, f64),
    /// y range shown (f's range in 1-D).
    pub y: (f64, f64),
    /// 1 or 2.
    pub dim: usize,
}

impl Frame {
    /// A point in braille-dot coordinates (may lie outside the area).
    pub fn to_dots(self, p: Vec2) -> (f64, f64) {
        let (sx, sy) = self.dots_per_unit();
        ((p[0] - self.x.0) * sx, (self.y.1 - p[1]) * sy)
    }

    /// Dots per unit along x and y (y dots count downward).
    pub fn dots_per_unit(self) -> (f64, f64) {
        (
            f64::from(self.area.width) * 2.0 / (self.x.1 - self.x.0),
            f64::from(self.area.height) * 4.0 / (self.y.1 - self.y.0),
        )
    }

    /// Whether a dot position lies inside.
    fn holds(self, p: (f64, f64)) -> bool {
        p.0 >= 0.0 && p.0 < f64::from(self.area.width) * 2.0 && p.1 >= 0.0 && p.1 < f64::from(self.area.height) * 4.0
    }

    /// The cell of a dot position inside.
    fn cell(self, p: (f64, f64)) -> (u16, u16) {
        (self.area.x + (p.0 / 2.0) as u16, self.area.y + (p.1 / 4.0) as u16)
    }
}

/// Draws a plot of the given optimizers (indices) into `area`.
pub fn render_plot(app: &App, screen: &mut Screen, runs: &[usize], area: Rect, buf: &mut Buffer) -> Option<Frame> {
    if area.width <= Y_LABEL_WIDTH + 4 || area.height < 4 {
        return None;
    }
    let landscape = &app.scenario().landscape;
    let dim = landscape.dim();
    let with_bar = dim == 2 && area.height >= 14;
    let data = Rect {
        x: area.x + Y_LABEL_WIDTH,
        y: area.y,
        width: area.width - Y_LABEL_WIDTH,
        height: area.height - 1 - u16::from(with_bar),
    };
    let mut view = app.viewport();
    let theme = app.theme();
    let frame = if dim == 2 {
        if app.equal_aspect() {
            view = view.equal_aspect(data.width, data.height, CELL_ASPECT);
        }
        let frame = Frame { area: data, x: view.x, y: view.y, dim };
        draw_field(app, screen, frame, buf, runs.contains(&app.selected()));
        frame
    } else {
        let frame = Frame { area: data, x: view.x, y: curve_range(app, view, data), dim };
        fill(buf, data, theme, theme.curve_background());
        frame
    };
    draw_axis_name(app, frame, area, buf);
    draw_axes(app, frame, area, buf);
    if with_bar && let Some(field) = &screen.field {
        draw_color_bar(theme, field, Rect { x: area.x, y: data.bottom() + 1, width: area.width, height: 1 }, buf);
    }
    let mut layer = DotLayer::new(usize::from(data.width), usize::from(data.height));
    if dim == 1 {
        draw_curve(app, frame, &mut layer);
    }
    // The selected optimizer is drawn last, on top.
    let mut order: Vec<usize> = runs.iter().copied().filter(|&i| i != app.selected() && !app.is_hidden(i)).collect();
    order.extend(runs.iter().copied().filter(|&i| i == app.selected() && !app.is_hidden(i)));
    for &i in &order {
        draw_path(app, i, frame, &mut layer);
    }
    let with_arrows: Vec<usize> = match app.arrows() {
        Arrows::Off => vec![],
        Arrows::Selected => order.iter().copied().filter(|&i| i == app.selected()).collect(),
        Arrows::All => order.clone(),
    };
    let factor = arrows::scale(app, &with_arrows, frame);
    let mut tips = Vec::new();
    for &i in &with_arrows {
        tips.extend(arrows::draw(app, i, frame, factor, &mut layer));
    }
    let fade = Fade { step: app.step() as u32, epoch: fade_epoch(app.total_steps()) };
    paint_layer(app, &layer, frame, fade, buf);
    for (p, glyph, owner) in tips {
        if frame.holds(p) {
            buf[frame.cell(p)].set_char(glyph).set_style(owner_style(app, owner, frame.dim == 2));
        }
    }
    if theme.mono() {
        number_paths(app, &order, frame, buf);
    }
    draw_markers(app, &order, frame, buf);
    if !with_arrows.is_empty() && dim == 2 {
        arrows::legend(app, factor, data, buf);
    }
    Some(frame)
}

/// How old steps fade: by epochs of a fixed number of steps. A dot keeps
/// its full colour through the current epoch and the one before, then
/// takes one shade darker per epoch, down to the oldest. Shades change only
/// when playback crosses into a new epoch, so that from one step to the
/// next almost no cell of a path changes colour (and little is sent to the
/// terminal), while the recent steps still read at a glance.
#[derive(Debug, Clone, Copy)]
struct Fade {
    step: u32,
    epoch: u32,
}

impl Fade {
    /// The share of the way toward the background of a dot `age` steps old.
    fn weight(self, age: u32) -> f64 {
        let k = self.step.saturating_sub(age);
        let behind = (self.step / self.epoch).saturating_sub(k / self.epoch);
        let shade = behind.saturating_sub(1).min(FADE_SHADES);
        (1.0 - OLDEST_WEIGHT) * f64::from(shade) / f64::from(FADE_SHADES)
    }
}

/// The steps in one epoch of fading: an eighth of the scenario's, at least 10.
fn fade_epoch(total_steps: usize) -> u32 {
    ((total_steps as f64 * FRESH_SHARE) as u32).max(10)
}

fn fill(buf: &mut Buffer, area: Rect, theme: &Theme, color: Rgb) {
    let bg = theme.color(color);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_char(' ').set_bg(bg);
        }
    }
}

fn draw_field(app: &App, screen: &mut Screen, frame: Frame, buf: &mut Buffer, shows_selected: bool) {
    let area = frame.area;
    let key = FieldKey {
        width: usize::from(area.width),
        height: usize::from(area.height) * 2,
        view: Viewport { x: frame.x, y: frame.y },
        landscape: app.landscape_generation(),
    };
    if screen.field.as_ref().is_none_or(|f| f.key != key) {
        screen.field = Some(Field::compute(&app.scenario().landscape, key));
    }
    let field = screen.field.as_mut().expect("just computed");
    let theme = *app.theme();
    // The basin map covers the plot of the selected optimizer when its grid matches.
    let basins =
        app.basin_map().filter(|m| shows_selected && (m.width, m.height) == (key.width, key.height)).map(|m| &m.cells);
    let width = usize::from(area.width);
    if basins.is_none() {
        // Without basins the cells depend on the view alone: draw them once, copy them after.
        if field.cells.as_ref().is_none_or(|(m, _)| *m != theme.mode) {
            let mut cells = vec![ratatui::buffer::Cell::default(); width * usize::from(area.height)];
            for (k, cell) in cells.iter_mut().enumerate() {
                field_cell(cell, field, key.width, k / width, k % width, &theme, None);
            }
            field.cells = Some((theme.mode, cells));
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
            field_cell(cell, field, key.width, usize::from(row), col, &theme, basins);
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
    theme: &Theme,
    basins: Option<&Vec<Option<crate::tui::jobs::basins::BasinCell>>>,
) {
    let top = row * 2 * width + col;
    let bottom = top + width;
    let basin = |k: usize| basins.and_then(|cells| cells[k]);
    if theme.mono() {
        // Without colour, characters from light to dense shade the levels.
        let band = usize::from(field.band[top].min(field.band[bottom]));
        let shade = SHADES[band * SHADES.len() / LEVELS as usize];
        cell.set_char(basin(top).map_or(shade, super::basins::basin_char));
    } else {
        let (upper, lower) = (tint(field.colors[top], basin(top)), tint(field.colors[bottom], basin(bottom)));
        cell.set_char('▀').set_fg(theme.map_color(upper)).set_bg(theme.map_color(lower));
    }
}

/// One row under the x axis: the colour map from the lowest value shown to
/// the highest, with both values, so that a colour can be read as a number.
fn draw_color_bar(theme: &Theme, field: &Field, area: Rect, buf: &mut Buffer) {
    let (lo, hi) = (field.scale.value_at(0.0), field.scale.value_at(1.0));
    let (lo_text, hi_text) = (short(lo), short(hi));
    let suffix = if field.scale.is_log() { " (log)" } else { "" };
    let label = format!("{:>w$} ", "f", w = usize::from(Y_LABEL_WIDTH) - 1);
    let fixed = label.chars().count() + lo_text.len() + hi_text.len() + suffix.len() + 2;
    let bar = usize::from(area.width).saturating_sub(fixed).min(48);
    if bar < 8 {
        return;
    }
    let dim = theme.dim();
    let mut x = area.x;
    for text in [label, format!("{lo_text} ")] {
        buf.set_string(x, area.y, &text, dim);
        x += text.chars().count() as u16;
    }
    for k in 0..bar {
        let t = (k as f64 + 0.5) / bar as f64;
        let cell = &mut buf[(x, area.y)];
        if theme.mono() {
            cell.set_char(SHADES[(t * SHADES.len() as f64) as usize % SHADES.len()]);
        } else {
            cell.set_char(' ').set_bg(theme.map_color(landscape_color(t)));
        }
        x += 1;
    }
    buf.set_string(x, area.y, format!(" {hi_text}{suffix}"), dim);
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
            Some(q) => layer.line(q, p, Owner::Neutral, 0),
            None => layer.dot(p.0, p.1, Owner::Neutral, 0),
        }
        previous = Some(p);
    }
}

/// Where optimizer i is after k steps, as plotted: θ in 2-D, (x, f(x)) in 1-D.
pub fn plotted(app: &App, i: usize, k: usize) -> Vec2 {
    let r = app.runs()[i].record(k);
    if app.scenario().landscape.dim() == 1 { [r.params[0], r.loss] } else { r.params }
}

/// Optimizer i's path up to the current step: its points joined by
/// straight steps (in 1-D, chords across the curve, with each visited point
/// marked), and in 1-D a tangent at its current point for the selected one.
fn draw_path(app: &App, i: usize, frame: Frame, layer: &mut DotLayer) {
    let run = &app.runs()[i];
    let step = app.step();
    let last = step.min(run.steps_taken());
    let owner = Owner::Run(i);
    let one_d = frame.dim == 1;
    let age = |k: usize| if app.fades() { (step - k) as u32 } else { 0 };
    // Truncating casts (saturating, NaN to 0) instead of libm's floor: exact
    // for on-screen coordinates, and off-screen ones are clipped later anyway.
    let same_dot = |a: (f64, f64), b: (f64, f64)| a.0 as i64 == b.0 as i64 && a.1 as i64 == b.1 as i64;
    let mut previous = frame.to_dots(plotted(app, i, 0));
    for k in 1..=last {
        let p = frame.to_dots(plotted(app, i, k));
        // A run settling into a minimum takes many steps within one dot.
        if same_dot(previous, p) {
            continue;
        }
        layer.line(previous, p, owner, age(k));
        if one_d {
            layer.blob(p, owner, age(k));
        }
        previous = p;
    }
    if one_d && (i == app.selected() || app.arrows() == Arrows::All) {
        draw_tangent(app, i, frame, layer);
    }
}

/// The tangent at optimizer i's current point: its slope is the gradient,
/// drawn a sixth of the plot wide in the gradient's own contrasting colour.
fn draw_tangent(app: &App, i: usize, frame: Frame, layer: &mut DotLayer) {
    let r = app.runs()[i].record(app.step());
    let (sx, sy) = frame.dots_per_unit();
    let direction: (f64, f64) = (1.0, -r.grad[0] * sy / sx);
    let length = direction.0.hypot(direction.1);
    if !length.is_finite() {
        return;
    }
    let half = (f64::from(frame.area.width) * 2.0 / 12.0).max(6.0);
    let (ux, uy) = (direction.0 / length * half, direction.1 / length * half);
    let c = frame.to_dots([r.params[0], r.loss]);
    layer.line((c.0 - ux, c.1 - uy), (c.0 + ux, c.1 + uy), Owner::Gradient, 0);
}

/// The style of a layer's owner, at full strength, over the colour map
/// (`on_map`) or a plain background.
pub fn owner_style(app: &App, owner: Owner, on_map: bool) -> Style {
    let theme = app.theme();
    let rgb = owner_rgb(app, owner, on_map);
    match owner {
        Owner::Neutral => Style::default().fg(theme.color(rgb)),
        _ => theme.path(rgb),
    }
}

fn owner_rgb(app: &App, owner: Owner, on_map: bool) -> Rgb {
    let theme = app.theme();
    match owner {
        Owner::Run(i) => app.color_of(i),
        Owner::Gradient => theme.gradient_rgb(on_map),
        Owner::Memory => theme.memory_rgb(),
        Owner::Neutral | Owner::None => theme.neutral_rgb(),
    }
}

fn paint_layer(app: &App, layer: &DotLayer, frame: Frame, fade: Fade, buf: &mut Buffer) {
    let theme = app.theme();
    for row in 0..layer.height {
        for col in 0..layer.width {
            let k = row * layer.width + col;
            let Some(symbol) = layer.symbol(k) else { continue };
            let cell = &mut buf[(frame.area.x + col as u16, frame.area.y + row as u16)];
            // Keep the landscape's colour behind the dots: the mean of the two
            // half-pixels in 24-bit colour, the lower one in 256 colours.
            let mut behind = None;
            if let (Color::Rgb(r1, g1, b1), Color::Rgb(r2, g2, b2)) = (cell.fg, cell.bg) {
                let back = mix(Rgb(r1, g1, b1), Rgb(r2, g2, b2), 0.5);
                cell.set_bg(Color::Rgb(back.0, back.1, back.2));
                behind = Some(back);
            }
            let owner = layer.owner[k];
            let mut rgb = owner_rgb(app, owner, frame.dim == 2);
            let weight = fade.weight(layer.age[k]);
            if weight > 0.0 {
                rgb = mix(rgb, behind.unwrap_or(theme.curve_background()), weight);
            }
            cell.set_char(symbol).set_fg(theme.color(rgb));
            if owner != Owner::Neutral {
                cell.modifier.insert(Modifier::BOLD);
            }
        }
    }
}

/// Without colour, each path carries its number every few cells, so that
/// paths drawn in the same dots can still be told apart.
fn number_paths(app: &App, order: &[usize], frame: Frame, buf: &mut Buffer) {
    const EVERY: usize = 6;
    for &i in order {
        let run = &app.runs()[i];
        let last = app.step().min(run.steps_taken());
        let mut cells = 0;
        let mut previous = None;
        for k in 0..last {
            let p = frame.to_dots(plotted(app, i, k));
            if !frame.holds(p) {
                continue;
            }
            let cell = frame.cell(p);
            if previous == Some(cell) {
                continue;
            }
            previous = Some(cell);
            cells += 1;
            if cells % EVERY == 0 {
                buf[cell].set_char(Theme::number_glyph(i));
            }
        }
    }
}

/// An arrow at the edge of the plot pointing toward a point outside it.
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
    Some((at, arrow_glyph(dx, dy)))
}

/// Minima, starts, and each optimizer's current point with its number
/// beside it, placed so that no head or number hides another.
fn draw_markers(app: &App, order: &[usize], frame: Frame, buf: &mut Buffer) {
    let theme = app.theme();
    let landscape = &app.scenario().landscape;
    let on_curve = |p: Vec2| if frame.dim == 1 { [p[0], landscape.value(p)] } else { p };
    let put = |buf: &mut Buffer, p: (f64, f64), symbol: char, style: Style| {
        if frame.holds(p) {
            buf[frame.cell(p)].set_char(symbol).set_style(style);
        }
    };
    for m in landscape.minima() {
        put(buf, frame.to_dots(on_curve(m.point)), '×', theme.mark(frame.dim == 2));
    }
    for &i in order {
        put(buf, frame.to_dots(on_curve(app.runs()[i].spec().start)), '◆', theme.mark(frame.dim == 2));
    }
    let mut taken: Vec<(u16, u16)> = Vec::new();
    let mut heads: Vec<(usize, (u16, u16))> = Vec::new();
    for &i in order {
        let p = frame.to_dots(plotted(app, i, app.step()));
        let style = theme.path(app.color_of(i));
        let (at, glyph) = if frame.holds(p) {
            (p, if theme.mono() { Theme::number_glyph(i) } else { '●' })
        } else {
            match edge_arrow(frame, p) {
                Some(edge) => edge,
                None => continue,
            }
        };
        let cell = frame.cell(at);
        let mut style = style;
        if theme.mono() && i == app.selected() {
            style = style.add_modifier(Modifier::REVERSED);
        }
        buf[cell].set_char(glyph).set_style(style);
        taken.push(cell);
        heads.push((i, cell));
    }
    // Numbers beside the heads, nearest free cell first, the selected
    // optimizer's (drawn last) placed first.
    if heads.len() < 2 && !theme.mono() {
        return;
    }
    const AROUND: [(i32, i32); 12] =
        [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1), (2, 0), (-2, 0), (2, -1), (-2, 1)];
    let area = frame.area;
    for &(i, (x, y)) in heads.iter().rev() {
        if theme.mono() && taken.iter().filter(|&&c| c == (x, y)).count() == 1 && buf[(x, y)].symbol() != "●" {
            // The head is its own number already, alone in its cell.
            continue;
        }
        let free = AROUND.iter().map(|(dx, dy)| (i32::from(x) + dx, i32::from(y) + dy)).find(|&(cx, cy)| {
            cx >= i32::from(area.left())
                && cx < i32::from(area.right())
                && cy >= i32::from(area.top())
                && cy < i32::from(area.bottom())
                && !taken.contains(&(cx as u16, cy as u16))
        });
        if let Some((cx, cy)) = free {
            let cell = (cx as u16, cy as u16);
            buf[cell].set_char(Theme::number_glyph(i)).set_style(theme.path(app.color_of(i)));
            taken.push(cell);
        }
    }
}

fn draw_axes(app: &App, frame: Frame, area: Rect, buf: &mut Buffer) {
    let style = app.theme().dim();
    let data = frame.area;
    // y labels, right-aligned against the data area.
    // At least two labels, so that the axis can be read.
    let in_range = |v: &f64| {
        let row = ((frame.y.1 - v) / (frame.y.1 - frame.y.0) * f64::from(data.height)).floor();
        row >= 0.0 && row < f64::from(data.height)
    };
    let mut most = usize::from(data.height / 3).max(2);
    while ticks(frame.y.0, frame.y.1, most).iter().filter(|v| in_range(v)).count() < 2 && most < 12 {
        most += 1;
    }
    for v in ticks(frame.y.0, frame.y.1, most) {
        let row = ((frame.y.1 - v) / (frame.y.1 - frame.y.0) * f64::from(data.height)).floor();
        if row < 0.0 || row >= f64::from(data.height) {
            continue;
        }
        let text = short(v);
        let length = text.chars().count() as u16;
        if length >= Y_LABEL_WIDTH {
            continue;
        }
        // Right-aligned against the axis, leaving the axis name where it fits.
        buf.set_string(area.x + Y_LABEL_WIDTH - 1 - length, data.y + row as u16, format!("{text}┤"), style);
    }
    // x labels on the row below the data.
    let row = data.bottom();
    let mut next_free = data.x;
    for v in ticks(frame.x.0, frame.x.1, usize::from(data.width / 10).max(2)) {
        let col = ((v - frame.x.0) / (frame.x.1 - frame.x.0) * f64::from(data.width)).floor();
        if col < 0.0 || col >= f64::from(data.width) {
            continue;
        }
        let label = short(v);
        let width = label.chars().count() as u16;
        let x = (data.x + col as u16).saturating_sub(width / 2).max(data.x);
        if x < next_free || x + width > data.right() {
            continue;
        }
        buf.set_string(data.x + col as u16, row, "┬", style);
        buf.set_string(x, row, &label, style);
        next_free = x + width + 1;
    }
    let [x_name, _] = app.scenario().landscape.parameter_names();
    buf.set_string(area.x, row, format!("{x_name:>w$}", w = usize::from(Y_LABEL_WIDTH) - 1), style);
}

/// The vertical axis's name at the top left, before its labels, which win where they meet.
fn draw_axis_name(app: &App, frame: Frame, area: Rect, buf: &mut Buffer) {
    let [x_name, y_name] = app.scenario().landscape.parameter_names();
    let vertical = if frame.dim == 1 { format!("f({x_name})") } else { y_name.to_string() };
    buf.set_string(area.x, area.y, vertical, app.theme().dim());
}
