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
use crate::core::optim::OptimizerState;
use crate::core::scenario::{Arrows, Rgb};
use crate::picture::cells::resolve;
use crate::sanitize::visible;
use crate::tui::app::App;
use crate::tui::theme::{ColorMode, mix, palette, scale};
use crate::tui::viewport::Viewport;

use super::arrows;
use super::dots::{DotLayer, Owner, Pen, Stroke, braille};
use super::map::{draw_color_bar, draw_field, fill};
use super::marks::{draw_axes, draw_axis_name, draw_markers, legible_256, legible_256_word, number_paths};
use super::ribbons::{
    RIBBON_ACROSS, Ribbons, Stripe, UnderRibbon, map_under, paint_stripes, restore_under_ribbons, stripe_at,
};
use super::screen::Screen;

/// Width of the y-axis labels.
pub(super) const Y_LABEL_WIDTH: u16 = 7;
/// A cell is about this many times as tall as it is wide.
pub const CELL_ASPECT: f64 = 2.0;
/// One epoch of fading, as a share of the scenario's steps.
const FRESH_SHARE: f64 = 0.125;
/// The oldest steps keep this share of their brightness (and all of their hue).
const OLDEST_BRIGHTNESS: f64 = 0.7;
/// Shades between the newest steps and the oldest.
const FADE_SHADES: u32 = 3;
/// A step longer than this many dots (six cells across) is drawn as a jump.
const JUMP_DOTS: f64 = 12.0;
/// A jump's line: two dots drawn, two left out.
const JUMP_DASH: (u16, u16) = (2, 2);
/// The route through an L-BFGS step's inner iterates: one dot drawn, one left out.
const INNER_DASH: (u16, u16) = (1, 1);
/// Where an L-BFGS step landed, on its route through the inner iterates.
pub const STEP_BEAD: char = '•';
/// A line-search trial point.
pub const TRIAL_GLYPH: char = '○';
/// How far toward the background a line-search ray is mixed.
pub const TRIAL_WEIGHT: f64 = 0.35;
/// A plot at least this many cells wide and tall draws recent steps two dots wide.
const THICK_FROM: (u16, u16) = (40, 12);
/// How far apart in lightness (OKLab) a path's dots are kept from the map
/// behind them in 24-bit colour, so that a path of any colour shows over
/// any part of the map.
const MARK_LIGHTNESS_GAP: f64 = 0.22;

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
    pub(super) fn holds(self, p: (f64, f64)) -> bool {
        p.0 >= 0.0 && p.0 < f64::from(self.area.width) * 2.0 && p.1 >= 0.0 && p.1 < f64::from(self.area.height) * 4.0
    }

    /// The cell of a dot position inside.
    pub(super) fn cell(self, p: (f64, f64)) -> (u16, u16) {
        (self.area.x + (p.0 / 2.0) as u16, self.area.y + (p.1 / 4.0) as u16)
    }
}

/// Where a plot drawn into `area` puts its data, and the part of parameter
/// space it shows: with the y axis's labels in a strip at its left, or
/// (`y_labels` false, a plot beside another that has them) without, its
/// data taking the whole width; `None` where there is no room.
pub(super) fn frame(app: &App, area: Rect, y_labels: bool) -> Option<Frame> {
    let strip = if y_labels { Y_LABEL_WIDTH } else { 0 };
    if area.width <= strip + 4 || area.height < 4 {
        return None;
    }
    let dim = app.plot_dim();
    let data = Rect {
        x: area.x + strip,
        y: area.y,
        width: area.width - strip,
        height: area.height - 1 - u16::from(with_bar(dim, area)),
    };
    let view = app.viewport();
    Some(if dim == 2 {
        let view = if app.equal_aspect() { view.equal_aspect(data.width, data.height, CELL_ASPECT) } else { view };
        Frame { area: data, x: view.x, y: view.y, dim }
    } else {
        Frame { area: data, x: view.x, y: curve_range(app, view, data), dim }
    })
}

/// Whether a plot of a `dim`-D landscape over `area` has a colour bar below it.
fn with_bar(dim: usize, area: Rect) -> bool {
    dim == 2 && area.height >= BAR_FROM_ROWS
}

/// A plot this many rows high (axis included) has its colour bar, its data
/// keeping ten rows: at 80×24 the lessons that open with their text below
/// the plot and the chart (09, 14, 17) leave it twelve, and dropped the key
/// to its colours where the bar fitted.
const BAR_FROM_ROWS: u16 = 12;

/// Draws a plot of the given optimizers (indices) into `area`, its data
/// as `frame` (see [`frame`]) places it.
pub fn render_plot(
    app: &App,
    screen: &mut Screen,
    runs: &[usize],
    area: Rect,
    frame: Frame,
    buf: &mut Buffer,
    y_labels: bool,
) {
    let (data, dim) = (frame.area, frame.dim);
    let with_bar = with_bar(dim, area);
    let theme = app.theme();
    if dim == 2 {
        draw_field(app, screen, frame, buf, runs.contains(&app.selected()));
    } else {
        fill(buf, data, theme, theme.curve_background());
    }
    draw_axes(app, frame, area, buf, y_labels);
    if y_labels {
        draw_axis_name(app, frame, area, buf);
    }
    // Under the basins a bar of the map's colours is a key to colours not
    // on screen: with few colours the basins are flat and hide the map,
    // and in 24-bit they only shade it (a bar from f −1.03 to 162.9 under
    // six flat-looking regions read as the map's key).
    let basins = app.basin_map().is_some() && runs.contains(&app.selected());
    let bar = Rect { x: area.x, y: data.bottom() + 1, width: area.width, height: 1 };
    if with_bar && basins {
        let words = ["   colours: the basins (legend); b shows the landscape", "   colours: the basins; b shows f"];
        let fits = words.iter().find(|w| w.chars().count() <= usize::from(bar.width)).unwrap_or(&words[1]);
        buf.set_stringn(bar.x, bar.y, fits, usize::from(bar.width), theme.map_label());
    } else if with_bar && let Some(field) = &screen.field {
        draw_color_bar(theme, field, bar, buf);
    }
    let mut layer = DotLayer::new(usize::from(data.width), usize::from(data.height));
    if dim == 1 {
        draw_curve(app, frame, &mut layer);
    }
    // The selected optimizer is drawn last, on top.
    let mut order: Vec<usize> = runs.iter().copied().filter(|&i| i != app.selected() && !app.is_hidden(i)).collect();
    order.extend(runs.iter().copied().filter(|&i| i == app.selected() && !app.is_hidden(i)));
    let jumps: Vec<(usize, Vec<Jump>)> = order.iter().map(|&i| (i, draw_path(app, i, frame, &mut layer))).collect();
    let with_arrows: Vec<usize> = match app.arrows() {
        // A network's gradient and steps live in every weight, not the plane.
        _ if app.plane().is_some() => vec![],
        Arrows::Off => vec![],
        Arrows::Selected => order.iter().copied().filter(|&i| i == app.selected()).collect(),
        Arrows::All => order.clone(),
    };
    let fade = Fade { step: app.step() as u32, epoch: fade_epoch(app.total_steps()), on: app.fades() };
    let ribbons = paint_paths(app, &layer, frame, fade, buf);
    // Arrows over the paths, in a look of their own (see arrows.rs).
    let factor = arrows::ArrowScale::of(app, screen, &with_arrows, frame);
    let drawn = arrows::render(app, &with_arrows, frame, factor, buf);
    // The points an L-BFGS run's steps landed on, over its route through
    // the inner iterates.
    for &i in &order {
        for p in step_beads(app, i, frame).into_iter().filter(|&p| frame.holds(p)) {
            let cell = &mut buf[frame.cell(p)];
            cell.set_char(STEP_BEAD).set_style(theme.path(app.color_of(i)));
            legible_256(cell);
        }
    }
    // Line-search trials as small rings in their optimizer's colour, over
    // the paths, so that a trial on the path itself still shows.
    for &i in &order {
        for p in trial_points(app, i, frame).into_iter().filter(|&p| frame.holds(p)) {
            buf[frame.cell(p)].set_char(TRIAL_GLYPH).set_style(theme.path(app.color_of(i)));
        }
    }
    if dim == 2 {
        draw_jump_labels(app, &jumps, frame, buf);
    }
    if theme.mono() {
        number_paths(app, &order, frame, buf);
    }
    // The marks land on the map, not on a ribbon's colours: their own
    // colours are chosen against what is under them.
    if !ribbons.is_empty() {
        let mut scratch = buf.clone();
        draw_markers(app, &order, frame, &mut scratch);
        for u in &ribbons {
            if scratch[u.at] != buf[u.at] {
                buf[u.at].set_bg(u.map);
            }
        }
    }
    let filled = draw_markers(app, &order, frame, buf);
    restore_under_ribbons(&ribbons, &filled, buf);
    if !with_arrows.is_empty() && dim == 2 {
        arrows::legend(app, factor, drawn, data, buf);
    }
    super::plane::draw_legend(app, frame, buf);
}

/// Optimizer i's line where colours are few or none: solid, long dashes
/// or short dashes in turn (dots drawn, dots left out), so that paths of
/// like colours, or seen without colour, are still told apart. With 256
/// colours or more every path is solid: at a braille dot's scale a dash
/// mostly thins the path a lesson is about.
pub fn line_style(i: usize) -> (u16, u16) {
    LINE_STYLES[i % LINE_STYLES.len()]
}

/// Solid, long dashes, short dashes.
const LINE_STYLES: [(u16, u16); 3] = [(1, 0), (8, 3), (3, 3)];

/// How old steps fade: by epochs of a fixed number of steps. A dot keeps
/// its full colour through the current epoch and the one before, then
/// takes one shade darker per epoch, down to the oldest. Shades change only
/// when playback crosses into a new epoch, so that from one step to the
/// next almost no cell of a path changes colour (and little is sent to the
/// terminal), while the recent steps still read at a glance.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fade {
    pub(super) step: u32,
    pub(super) epoch: u32,
    /// Whether old steps fade at all.
    pub(super) on: bool,
}

impl Fade {
    /// How many shades darker than the newest a dot `age` steps old is.
    fn shade(self, age: u32) -> u32 {
        if !self.on {
            return 0;
        }
        let k = self.step.saturating_sub(age);
        let behind = (self.step / self.epoch).saturating_sub(k / self.epoch);
        behind.saturating_sub(1).min(FADE_SHADES)
    }

    /// The share of its brightness a dot `age` steps old keeps: its hue
    /// stays, so that a route can still be told from another by colour.
    fn brightness(self, age: u32) -> f64 {
        1.0 - (1.0 - OLDEST_BRIGHTNESS) * f64::from(self.shade(age)) / f64::from(FADE_SHADES)
    }
}

/// The steps in one epoch of fading: an eighth of the scenario's, at least 10.
pub(super) fn fade_epoch(total_steps: usize) -> u32 {
    ((total_steps as f64 * FRESH_SHARE) as u32).max(10)
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

/// Where optimizer i is after k steps, as plotted: θ in 2-D (a network's
/// weights on its plane), (x, f(x)) in 1-D.
pub fn plotted(app: &App, i: usize, k: usize) -> Vec2 {
    let r = app.runs()[i].record(k);
    if app.scenario().landscape.dim() == 1 { [r.params[0], r.loss] } else { app.plot_point(i, k) }
}

/// A step drawn as a jump: the step it is, where it took off and where it
/// landed, in dots.
pub(super) type Jump = (usize, (f64, f64), (f64, f64));

/// A path with more jumps than this (a zig-zag from wall to wall) has none
/// named: its names would cover it.
const JUMP_LABELS: usize = 8;
/// A jump longer than this many dots (twelve cells across, six rows up)
/// is named at its middle: shorter ones (a zig-zag across a valley, a
/// noisy step) stay plain, so that a path of many does not bristle.
const JUMP_LABEL_DOTS: f64 = 24.0;

/// Each long jump of a path with few named at its middle, `Newton step k`
/// (its optimizer's label) in its optimizer's colour:
/// a broken line across the plot read as a long walk of many small steps,
/// and an arrowhead at its end as a stray mark. A name goes only where its
/// cells hold the map or paths (never a start, a minimum, a trial ring or
/// another name), on the jump's middle row or the row above or below; the
/// heads and their numbers come after.
fn draw_jump_labels(app: &App, jumps: &[(usize, Vec<Jump>)], frame: Frame, buf: &mut Buffer) {
    let area = frame.area;
    let mut taken: Vec<(u16, u16)> = Vec::new();
    // The marks drawn after: heads with their numbers to the right, starts
    // and minima, each with a cell around it.
    let keep_clear = |p: (f64, f64), right: u16, taken: &mut Vec<(u16, u16)>| {
        if frame.holds(p) {
            let (x, y) = frame.cell(p);
            for r in y.saturating_sub(1)..=y + 1 {
                for c in x.saturating_sub(1)..=x + right {
                    taken.push((c, r));
                }
            }
        }
    };
    let landscape = &app.scenario().landscape;
    for m in landscape.minima() {
        keep_clear(frame.to_dots(m.point.xy()), 1, &mut taken);
    }
    for p in landscape.maxima().iter().chain(&landscape.saddles()) {
        keep_clear(frame.to_dots(p.xy()), 1, &mut taken);
    }
    for (i, _) in jumps {
        keep_clear(frame.to_dots(app.on_plot(&app.runs()[*i].spec().start)), 1, &mut taken);
        keep_clear(frame.to_dots(plotted(app, *i, app.step())), 1 + jumps.len() as u16, &mut taken);
    }
    for (i, jumps) in jumps {
        let style = app.theme().path(app.color_of(*i));
        // A noisy run's steps are hops of chance: 09's two named "step 1"s
        // read as the run named "step".
        let spec = app.runs()[*i].spec();
        if jumps.len() > JUMP_LABELS || spec.noise > 0.0 || spec.batch_size.is_some() {
            continue;
        }
        let long: Vec<&Jump> =
            jumps.iter().filter(|(_, a, b)| (b.0 - a.0).hypot(b.1 - a.1) > JUMP_LABEL_DOTS).collect();
        // The jump by which a run left the plot for good is named at the
        // middle of the part in view: 10's GD jumps 20 units, far off the
        // plot, and its one step read as a long slow walk. (Jumps out and
        // back, as Newton's in the tour, are named where their middle is.)
        let gone = !frame.holds(frame.to_dots(plotted(app, *i, app.step())));
        let exit = jumps.iter().rposition(|(_, a, b)| frame.holds(*a) && !frame.holds(*b));
        for &&(k, from, to) in &long {
            let mut middle = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            if gone && exit.is_some_and(|e| jumps[e].0 == k) {
                let size = (f64::from(area.width) * 2.0, f64::from(area.height) * 4.0);
                let Some((a, b)) = super::dots::clip(from, to, size) else { continue };
                if (b.0 - a.0).hypot(b.1 - a.1) <= JUMP_LABEL_DOTS {
                    continue;
                }
                middle = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            }
            if !frame.holds(middle) {
                continue;
            }
            // Whose step: a bare `step 2` by Newton's jump read as
            // L-BFGS's second step, whose head was near.
            let label = format!("{} step {k}", visible(app.label_of(*i)));
            let width = label.chars().count() as i32;
            if width > i32::from(area.width) {
                continue;
            }
            let (x, y) = frame.cell(middle);
            let x0 = (i32::from(x) - width / 2).clamp(i32::from(area.left()), i32::from(area.right()) - width);
            let free = |row: i32| {
                row >= i32::from(area.top())
                    && row < i32::from(area.bottom())
                    && (x0..x0 + width).all(|c| {
                        let cell = (c as u16, row as u16);
                        let marked = buf[cell].symbol().chars().any(|c| {
                            "×✚▲◆●⊗▌".contains(c) || [TRIAL_GLYPH, STEP_BEAD].contains(&c) || c.is_ascii_alphanumeric()
                        });
                        !marked && !taken.contains(&cell)
                    })
            };
            let y = i32::from(y);
            let Some(row) = [y, y - 1, y + 1].into_iter().find(|&r| free(r)) else { continue };
            let cells: Vec<(u16, u16)> = (0..width).map(|n| ((x0 + n) as u16, row as u16)).collect();
            for (&cell, c) in cells.iter().zip(label.chars()) {
                buf[cell].set_char(c).set_style(style);
            }
            let theme = app.theme();
            legible_256_word(&cells, theme.color(theme.curve_background()), buf);
            // Names keep a cell apart, so that two never run together.
            for r in row - 1..=row + 1 {
                for c in x0 - 1..=x0 + width {
                    if r >= 0 && c >= 0 {
                        taken.push((c as u16, r as u16));
                    }
                }
            }
        }
    }
}

/// Optimizer i's path up to the current step: its points joined by
/// straight steps (in 1-D, chords across the curve, with each visited point
/// marked), and in 1-D a tangent at its current point for the selected one.
/// Returns the steps it drew as jumps, in order.
fn draw_path(app: &App, i: usize, frame: Frame, layer: &mut DotLayer) -> Vec<Jump> {
    let run = &app.runs()[i];
    let step = app.step();
    let last = step.min(run.steps_taken());
    let owner = Owner::Run(i);
    let one_d = frame.dim == 1;
    let age = |k: usize| if app.fades() { (step - k) as u32 } else { 0 };
    let roomy = app.presenter() || (frame.area.width >= THICK_FROM.0 && frame.area.height >= THICK_FROM.1);
    // Two dots wide where there is room.
    // Where colours are few or none, each path has its own line as well.
    let few_colours = matches!(app.theme().mode, ColorMode::Mono | ColorMode::Ansi16);
    let dash = if few_colours { line_style(i) } else { (1, 0) };
    let mut pen = Pen::new(owner, Stroke { thick: roomy, dash });
    // A step longer than a few cells is one jump, not a walk: drawn thin and
    // broken, under the paths, and the point it lands on marked.
    let mut jump_pen = Pen::new(Owner::Jump(i), Stroke { thick: false, dash: JUMP_DASH });
    let mut jumps = Vec::new();
    let mut step_to = |layer: &mut DotLayer, from: (f64, f64), to: (f64, f64), k: usize| {
        let age = age(k);
        if (to.0 - from.0).hypot(to.1 - from.1) > JUMP_DOTS {
            layer.stroke(&mut jump_pen, from, to, age);
            layer.blob(to, owner, age);
            jumps.push((k, from, to));
        } else {
            layer.stroke(&mut pen, from, to, age);
        }
    };
    // Truncating casts (saturating, NaN to 0) instead of libm's floor: exact
    // for on-screen coordinates, and off-screen ones are clipped later anyway.
    let same_dot = |a: (f64, f64), b: (f64, f64)| a.0 as i64 == b.0 as i64 && a.1 as i64 == b.1 as i64;
    let landscape = &app.scenario().landscape;
    // Where a point is drawn: θ in 2-D, (x, f(x)) on the curve in 1-D.
    let at = |p: Vec2, loss: Option<f64>| {
        frame.to_dots(if one_d { [p[0], loss.unwrap_or_else(|| landscape.value(p))] } else { p })
    };
    // The line searches' rays of the step just taken (none once the run has ended).
    if step >= 1 && step <= run.steps_taken() {
        draw_line_search(run, step, owner, &at, layer);
    }
    // An L-BFGS step passes through the inner iterates of its iterations:
    // that route is drawn thin and dotted, and the point each step lands on
    // is marked over the paths ([`step_beads`]), so that a few steps of many
    // iterations read as a few steps.
    let mut inner_pen = Pen::new(owner, Stroke { thick: false, dash: if few_colours { dash } else { INNER_DASH } });
    let mut previous = frame.to_dots(plotted(app, i, 0));
    for k in 1..=last {
        if let OptimizerState::Lbfgs(memory) = &run.record(k).state {
            let p = frame.to_dots(plotted(app, i, k));
            let iterations = &memory.trace.iterations;
            let inner =
                iterations.iter().take(iterations.len().saturating_sub(1)).map(|it| at(app.on_plot(&it.to), it.loss));
            for q in inner.chain(std::iter::once(p)) {
                if !same_dot(previous, q) {
                    layer.stroke(&mut inner_pen, previous, q, age(k));
                    previous = q;
                }
            }
            continue;
        }
        let p = frame.to_dots(plotted(app, i, k));
        // A run settling into a minimum takes many steps within one dot.
        if same_dot(previous, p) {
            continue;
        }
        step_to(layer, previous, p, k);
        if one_d {
            layer.blob(p, owner, age(k));
        }
        previous = p;
    }
    if one_d && (i == app.selected() || app.arrows() == Arrows::All) {
        draw_tangent(app, i, frame, layer);
    }
    jumps
}

/// The line searches of an L-BFGS run's step k, faint: in 2-D each
/// iteration's ray from where it started out to its farthest trial (the
/// trial points themselves are marked over the paths, [`trial_points`]).
fn draw_line_search(
    run: &crate::core::run::Run,
    k: usize,
    owner: Owner,
    at: &dyn Fn(Vec2, Option<f64>) -> (f64, f64),
    layer: &mut DotLayer,
) {
    let Owner::Run(i) = owner else { return };
    let OptimizerState::Lbfgs(memory) = &run.record(k).state else { return };
    let faint = Owner::Trial(i);
    for it in &memory.trace.iterations {
        let farthest = it.trials.iter().max_by(|a, b| a.t.abs().total_cmp(&b.t.abs()));
        if let (Some(far), false) = (farthest, run.landscape().dim() == 1) {
            layer.dotted(at(it.from.xy(), None), at(far.at.xy(), Some(far.loss)), faint, 0);
        }
    }
}

/// Where optimizer i's steps that pass through inner iterates (L-BFGS's)
/// landed before the current one, in dots: one a cell, the first of those
/// in the cell, and none in the start's cell.
fn step_beads(app: &App, i: usize, frame: Frame) -> Vec<(f64, f64)> {
    let run = &app.runs()[i];
    let last = app.step().min(run.steps_taken());
    let cell_of = |p: (f64, f64)| ((p.0 / 2.0) as i64, (p.1 / 4.0) as i64);
    let mut seen = vec![cell_of(frame.to_dots(plotted(app, i, 0))), cell_of(frame.to_dots(plotted(app, i, last)))];
    let mut beads = Vec::new();
    for k in 1..last {
        if !matches!(run.record(k).state, OptimizerState::Lbfgs(_)) {
            continue;
        }
        let p = frame.to_dots(plotted(app, i, k));
        if !seen.contains(&cell_of(p)) {
            seen.push(cell_of(p));
            beads.push(p);
        }
    }
    beads
}

/// Where the trial points of optimizer i's line searches in the step just
/// taken are drawn, in dots (none but for L-BFGS with a line search).
fn trial_points(app: &App, i: usize, frame: Frame) -> Vec<(f64, f64)> {
    let run = &app.runs()[i];
    let step = app.step();
    if step < 1 || step > run.steps_taken() {
        return vec![];
    }
    let OptimizerState::Lbfgs(memory) = &run.record(step).state else { return vec![] };
    let one_d = frame.dim == 1;
    let iterations = &memory.trace.iterations;
    let trials = iterations.iter().flat_map(|it| it.trials.iter());
    trials.map(|t| frame.to_dots(if one_d { [t.at[0], t.loss] } else { app.on_plot(&t.at) })).collect()
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
        Owner::Run(i) | Owner::Trial(i) | Owner::Jump(i) => app.color_of(i),
        Owner::Gradient => theme.gradient_rgb(on_map),
        Owner::Memory => theme.memory_rgb(),
        Owner::Neutral | Owner::None => theme.neutral_rgb(),
    }
}

/// A layer's dots over what is drawn already.
pub(super) fn paint_layer(app: &App, layer: &DotLayer, frame: Frame, fade: Fade, buf: &mut Buffer) {
    paint(app, layer, frame, fade, buf, false);
}

/// The paths of a 2-D plot: a layer's dots, and the stretches several runs
/// share as ribbons (see [`Ribbons`]). Returns the ribbons' cells.
pub(super) fn paint_paths(app: &App, layer: &DotLayer, frame: Frame, fade: Fade, buf: &mut Buffer) -> Vec<UnderRibbon> {
    // Without colour two halves would not tell two runs apart.
    paint(app, layer, frame, fade, buf, frame.dim == 2 && !app.theme().mono())
}

fn paint(app: &App, layer: &DotLayer, frame: Frame, fade: Fade, buf: &mut Buffer, ribbons: bool) -> Vec<UnderRibbon> {
    let theme = app.theme();
    let ribbons = Ribbons::of(layer, ribbons);
    let mut under = Vec::new();
    // The stripes of ribbons of three runs or more, by cell: across or
    // down, and the colours of its two halves.
    let mut stripes: std::collections::BTreeMap<(usize, usize), Stripe> = Default::default();
    for row in 0..layer.height {
        for col in 0..layer.width {
            let k = row * layer.width + col;
            if let Some((glyph, runs)) = ribbons.at(col, row) {
                let (first, second) = (runs[0], runs[1]);
                let at = (frame.area.x + col as u16, frame.area.y + row as u16);
                let cell = &mut buf[at];
                let on_map = cell.symbol() == "▀";
                let map = if on_map { map_under(theme, cell.fg, cell.bg) } else { cell.bg };
                let colour = |(i, age): (usize, u32)| {
                    let mut rgb = owner_rgb(app, Owner::Run(i), on_map);
                    if theme.mode == ColorMode::TrueColor {
                        rgb = scale(rgb, fade.brightness(age));
                    }
                    theme.color(rgb)
                };
                // Across: the first run in the upper half (the cell's
                // background under a lower half block), the second below.
                let (fg, bg) = if glyph == RIBBON_ACROSS { (second, first) } else { (first, second) };
                let fg = colour(fg);
                cell.set_char(glyph).set_fg(fg).set_bg(colour(bg));
                under.push(UnderRibbon { at, glyph, fg, map });
                cell.modifier.remove(Modifier::BOLD);
                for (i, &run) in runs.iter().enumerate().skip(2) {
                    let (off, half) = stripe_at(i);
                    let across = glyph == RIBBON_ACROSS;
                    let (c, r) =
                        if across { (col as isize, row as isize + off) } else { (col as isize + off, row as isize) };
                    if (0..layer.width as isize).contains(&c) && (0..layer.height as isize).contains(&r) {
                        let entry =
                            stripes.entry((c as usize, r as usize)).or_insert((across, [None, None], Vec::new()));
                        if entry.0 == across && entry.1[half].is_none() {
                            entry.1[half] = Some(colour(run));
                            entry.2.extend(runs.iter().map(|r| r.0));
                        }
                    }
                }
                continue;
            }
            let (owner, age, bits) = layer.shown(k);
            let Some(symbol) = braille(bits) else { continue };
            // A run's dots beside its own ribbon are its route drawn there.
            if let Owner::Run(i) = owner
                && ribbons.beside(col, row, i)
            {
                continue;
            }
            let cell = &mut buf[(frame.area.x + col as u16, frame.area.y + row as u16)];
            // What is behind the dots: the mean of the map's two half-pixels,
            // or the curve's background.
            let map = match (resolve(cell.fg), resolve(cell.bg)) {
                (Some(upper), Some(lower)) if cell.symbol() == "▀" => Some(mix(upper, lower, 0.5)),
                _ => None,
            };
            let behind = map.unwrap_or(theme.curve_background());
            let mut rgb = owner_rgb(app, owner, frame.dim == 2);
            if matches!(owner, Owner::Trial(_)) {
                // Line-search trials are faint marks, not steps taken.
                rgb = mix(rgb, behind, TRIAL_WEIGHT);
            } else if owner != Owner::Neutral && theme.mode == ColorMode::TrueColor {
                // Dimmed in 24-bit colour only: in a palette a dimmed colour
                // falls on a darker entry of another hue.
                rgb = scale(rgb, fade.brightness(age));
            }
            // Over the map the cell keeps the map's colour: in 24-bit the mean
            // of its two halves, in a palette its lower half's entry of the
            // ramp (a mean would fall on an entry the ramp does not have). A
            // path's dots stand out by lightness, never by a band behind them
            // that would read as terrain.
            // In a palette the paths' colours are chosen clear of the ramp
            // already (`palette::PATHS_256`) and are kept as designed.
            let mark = matches!(owner, Owner::Run(_) | Owner::Jump(_) | Owner::Gradient | Owner::Memory);
            if let Some(back) = map
                && theme.mode == ColorMode::TrueColor
            {
                cell.set_bg(theme.map_color(back));
                if mark {
                    rgb = palette::apart_from(rgb, back, MARK_LIGHTNESS_GAP);
                }
            }
            let mut fg = theme.color(rgb);
            // In 256 colours, clear of the ramp as a whole is not clear of
            // each band: a path of the band's own hue is drawn lighter or
            // darker over it (`palette::over_band_256`).
            if let (true, Some(_), Color::Indexed(path), Color::Indexed(band)) = (mark, map, fg, cell.bg) {
                fg = Color::Indexed(palette::over_band_256(path, band));
            }
            cell.set_char(symbol).set_fg(fg);
            if owner != Owner::Neutral {
                cell.modifier.insert(Modifier::BOLD);
            }
        }
    }
    paint_stripes(theme, layer, frame.area, stripes, &mut under, buf);
    under
}
