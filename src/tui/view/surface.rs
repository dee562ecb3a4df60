//! The landscape as a 3-D surface, z = f(x, y) over the view, seen from a
//! camera that turns (azimuth) and tilts (elevation): orthographic, with a
//! depth buffer at the plot's half-block resolution, shaded from the exact
//! gradient and coloured by the contour map's colours through its scale
//! (so the Rosenbrock valley is a valley, not a cliff), faint iso-lines on
//! it, and the paths drawn over it, dimmed where a ridge hides them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::bearings::{BOTTOM_ROWS, LEFT_COLUMNS, RIGHT_COLUMNS, bearings, draw as draw_bearings};
use super::dots::{DotLayer, Owner};
use super::field::{LEVELS, Scale};
use super::marks::number_heads;
use super::plot::{Fade, Frame, fade_epoch, paint_layer};
use super::screen::Screen;
use crate::core::Vec2;
use crate::core::landscape::Landscape;
use crate::core::optim::OptimizerState;
use crate::core::scenario::Levels;
use crate::core::scenario::Rgb;
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::{Theme, isoline_color, landscape_color, luminance, mix, scale};
use crate::tui::viewport::{Camera, Viewport};

/// The surface's height over its unit square when f spans its whole scale.
pub const HEIGHT: f64 = 0.9;
/// Paths float this far above the surface, so that they are not lost in it.
const LIFT: f64 = 0.012;
/// A path dot counts as hidden when the surface in front is this much nearer.
const HIDDEN: f64 = 0.03;
/// The most a pixel's own depth spread excuses (see `visible`).
const MAX_SPREAD: f64 = 0.5;
/// How far toward the background a head behind the surface is mixed.
pub const HIDDEN_HEAD: f64 = 0.5;
/// Most mesh points along a side.
const MESH: usize = 96;
/// Characters from dark to bright, for the surface without colour.
const RAMP: [char; 8] = ['.', ':', '-', '=', '+', '*', '#', '@'];
/// Light from the upper left, behind the viewer's shoulder (world axes).
const LIGHT: [f64; 3] = [-0.45, -0.35, 0.82];

/// Where world points land on the plot's pixels (one a cell across, two
/// down): an orthographic camera, scaled so that the surface's box fits at
/// any azimuth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    cos_a: f64,
    sin_a: f64,
    cos_e: f64,
    sin_e: f64,
    /// Pixels per world unit.
    scale: f64,
    /// The pixel of the box's centre.
    center: (f64, f64),
    view: Viewport,
}

impl Projection {
    /// The projection for a camera over `view`, onto `pixels` (width, height).
    /// Room is kept around the box for the bearings' values (see
    /// [`bearings`](super::bearings)).
    pub fn new(camera: Camera, view: Viewport, (w, h): (usize, usize)) -> Projection {
        let (a, e) = (camera.azimuth.to_radians(), camera.elevation.to_radians());
        let (cos_e, sin_e) = (e.cos(), e.sin());
        // The box [−1, 1]² × [0, HEIGHT] turned any way spans ±√2 across;
        // up the screen, from −√2·sin e to HEIGHT·cos e + √2·sin e.
        let r = std::f64::consts::SQRT_2;
        let tall = HEIGHT * cos_e + 2.0 * r * sin_e;
        let (left, right, bottom) = (LEFT_COLUMNS, RIGHT_COLUMNS, 2.0 * BOTTOM_ROWS);
        let (room_w, room_h) = ((w as f64 - left - right).max(1.0), (h as f64 - bottom).max(1.0));
        let scale = 0.96 * (room_w / (2.0 * r)).min(room_h / tall);
        let mid = (HEIGHT * cos_e) / 2.0;
        let center = (left + room_w / 2.0, room_h / 2.0 + mid * scale);
        Projection { cos_a: a.cos(), sin_a: a.sin(), cos_e, sin_e, scale, center, view }
    }

    /// A point of parameter space at height t ∈ [0, 1] of the scale, in
    /// world units: x and y over [−1, 1], z over [0, HEIGHT].
    pub fn world(&self, p: Vec2, t: f64) -> [f64; 3] {
        let v = self.view;
        [2.0 * (p[0] - v.x.0) / (v.x.1 - v.x.0) - 1.0, 2.0 * (p[1] - v.y.0) / (v.y.1 - v.y.0) - 1.0, HEIGHT * t]
    }

    /// A world point on the pixel grid (x right, y down, in pixels) and its
    /// depth (smaller is nearer the viewer).
    pub fn project(&self, [x, y, z]: [f64; 3]) -> (f64, f64, f64) {
        let u = x * self.cos_a - y * self.sin_a;
        let w = x * self.sin_a + y * self.cos_a;
        let v = z * self.cos_e + w * self.sin_e;
        let depth = w * self.cos_e - z * self.sin_e;
        (self.center.0 + u * self.scale, self.center.1 - v * self.scale, depth)
    }
}

/// What the surface needs of a landscape point: its height on the scale and
/// its shade from the exact gradient.
fn height_and_shade(landscape: &Landscape, scale_: &Scale, view: Viewport, p: Vec2, f: f64) -> (f64, f64) {
    let g = landscape.gradient(p);
    let t = scale_.t(f);
    // dt/df through the scale, zero where f is off its ends.
    let dt = match *scale_ {
        Scale::Linear { lo, hi } if f > lo && f < hi => 1.0 / (hi - lo),
        Scale::Log { lo, hi, s } if f > lo && f < hi => 1.0 / ((s + f - lo) * ((hi - lo) / s).ln_1p()),
        _ => 0.0,
    };
    // The slope in world units (x over [−1, 1] across the view).
    let sx = HEIGHT * dt * g[0] * (view.x.1 - view.x.0) / 2.0;
    let sy = HEIGHT * dt * g[1] * (view.y.1 - view.y.0) / 2.0;
    let n = [-sx, -sy, 1.0];
    let len = (n[0] * n[0] + n[1] * n[1] + 1.0).sqrt();
    let l = LIGHT;
    let ll = (l[0] * l[0] + l[1] * l[1] + l[2] * l[2]).sqrt();
    let lambert = ((n[0] * l[0] + n[1] * l[1] + n[2] * l[2]) / (len * ll)).max(0.0);
    let shade = if lambert.is_finite() { 0.45 + 0.75 * lambert } else { 1.0 };
    // Where f is undefined there is no surface (NaN drops its triangles),
    // not a plateau at the top.
    (
        if f.is_nan() {
            f64::NAN
        } else if t.is_finite() {
            t
        } else {
            1.0
        },
        shade.min(1.15),
    )
}

/// The landscape sampled on a grid over the view, once per view: each
/// point with its height on the scale and its shade. Turning the camera
/// reuses it.
#[derive(Debug, Clone)]
pub struct Mesh {
    key: (Viewport, usize, usize, u64, Levels),
    nx: usize,
    /// Each point, its height t and its shade, row by row from the bottom.
    points: Vec<(Vec2, f64, f64)>,
    /// The height scale.
    scale: Scale,
}

impl Mesh {
    fn sample(
        landscape: &Landscape,
        view: Viewport,
        (nx, ny): (usize, usize),
        generation: u64,
        levels: Levels,
    ) -> Mesh {
        let point = |i: usize, j: usize| {
            [
                view.x.0 + (view.x.1 - view.x.0) * i as f64 / (nx - 1) as f64,
                view.y.0 + (view.y.1 - view.y.0) * j as f64 / (ny - 1) as f64,
            ]
        };
        let grid: Vec<Vec2> = (0..ny).flat_map(|j| (0..nx).map(move |i| point(i, j))).collect();
        let values: Vec<f64> = grid.iter().map(|&p| landscape.value(p)).collect();
        let scale = Scale::fit_with(&values, levels);
        let points = grid
            .iter()
            .zip(&values)
            .map(|(&p, &f)| {
                let (t, shade) = height_and_shade(landscape, &scale, view, p, f);
                (p, t, shade)
            })
            .collect();
        Mesh { key: (view, nx, ny, generation, levels), nx, points, scale }
    }
}

/// The rasterised surface: a colour and depth per pixel.
#[derive(Debug, Clone)]
pub struct SurfaceImage {
    /// What it was drawn for.
    key: SurfaceKey,
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// Colours, row by row (the background where there is no surface).
    pub colors: Vec<Rgb>,
    /// Depths (infinite where there is no surface).
    pub depth: Vec<f64>,
    /// The projection it was drawn with.
    pub projection: Projection,
    /// The height scale.
    pub scale: Scale,
}

/// What a surface image was drawn for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceKey {
    camera: Camera,
    view: Viewport,
    pixels: (usize, usize),
    landscape: u64,
}

impl SurfaceImage {
    /// Draws the mesh's triangles, seen by the key's camera, into a depth buffer.
    fn draw(mesh: &Mesh, key: SurfaceKey, background: Rgb) -> SurfaceImage {
        let (w, h) = key.pixels;
        let projection = Projection::new(key.camera, key.view, (w, h));
        let nx = mesh.nx;
        // Each mesh point on the pixel grid, with its height and shade.
        let vertices: Vec<(f64, f64, f64, f64, f64)> = mesh
            .points
            .iter()
            .map(|&(p, t, shade)| {
                let (x, y, d) = projection.project(projection.world(p, t));
                (x, y, d, t, shade)
            })
            .collect();
        let ny = mesh.points.len() / nx;
        let mut depth = vec![f64::INFINITY; w * h];
        let mut attributes = vec![(0.0f64, 0.0f64); w * h];
        let mut triangle = |a: usize, b: usize, c: usize| {
            let (va, vb, vc) = (vertices[a], vertices[b], vertices[c]);
            let area = (vb.0 - va.0) * (vc.1 - va.1) - (vb.1 - va.1) * (vc.0 - va.0);
            if area.abs() < 1e-12 || !area.is_finite() {
                return;
            }
            let x0 = va.0.min(vb.0).min(vc.0).floor().max(0.0) as usize;
            let x1 = (va.0.max(vb.0).max(vc.0).ceil() as usize).min(w);
            let y0 = va.1.min(vb.1).min(vc.1).floor().max(0.0) as usize;
            let y1 = (va.1.max(vb.1).max(vc.1).ceil() as usize).min(h);
            for y in y0..y1 {
                let py = y as f64 + 0.5;
                for x in x0..x1 {
                    let px = x as f64 + 0.5;
                    let wa = ((vb.0 - px) * (vc.1 - py) - (vb.1 - py) * (vc.0 - px)) / area;
                    let wb = ((vc.0 - px) * (va.1 - py) - (vc.1 - py) * (va.0 - px)) / area;
                    let wc = 1.0 - wa - wb;
                    if wa < -1e-9 || wb < -1e-9 || wc < -1e-9 {
                        continue;
                    }
                    let d = wa * va.2 + wb * vb.2 + wc * vc.2;
                    let k = y * w + x;
                    if d < depth[k] {
                        depth[k] = d;
                        attributes[k] = (wa * va.3 + wb * vb.3 + wc * vc.3, wa * va.4 + wb * vb.4 + wc * vc.4);
                    }
                }
            }
        };
        for j in 0..ny - 1 {
            for i in 0..nx - 1 {
                let k = j * nx + i;
                triangle(k, k + 1, k + nx);
                triangle(k + 1, k + nx + 1, k + nx);
            }
        }
        let band = |t: f64| (t * LEVELS).floor().min(LEVELS - 1.0) as i32;
        let mut colors = vec![background; w * h];
        for y in 0..h {
            for x in 0..w {
                let k = y * w + x;
                if !depth[k].is_finite() {
                    continue;
                }
                let (t, shade) = attributes[k];
                let mut c = scale(landscape_color(t), shade);
                // Faint iso-lines where the band changes on the same sheet.
                let edge = |m: usize| {
                    depth[m].is_finite() && (depth[m] - depth[k]).abs() < 0.06 && band(attributes[m].0) != band(t)
                };
                if (x + 1 < w && edge(k + 1)) || (y + 1 < h && edge(k + w)) {
                    c = mix(c, isoline_color(c), 0.6);
                }
                colors[k] = c;
            }
        }
        SurfaceImage { key, width: w, height: h, colors, depth, projection, scale: mesh.scale }
    }

    /// Whether a world point at this pixel position and depth is in front
    /// of the surface (or off it).
    fn visible(&self, x: f64, y: f64, depth: f64) -> bool {
        if x < 0.0 || y < 0.0 {
            return true;
        }
        let (px, py) = (x as usize, y as usize);
        if px >= self.width || py >= self.height {
            return true;
        }
        // Seen at a grazing angle one pixel spans a long stretch of surface:
        // a point on it may lie up to the depth its neighbours differ by
        // behind the nearest part, and still be the surface itself.
        let k = py * self.width + px;
        let here = self.depth[k];
        let mut spread: f64 = 0.0;
        for (dx, dy) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)] {
            let (nx, ny) = (px as i64 + dx, py as i64 + dy);
            if nx >= 0 && ny >= 0 && (nx as usize) < self.width && (ny as usize) < self.height {
                let d = self.depth[ny as usize * self.width + nx as usize];
                if d.is_finite() && here.is_finite() {
                    spread = spread.max((d - here).abs());
                }
            }
        }
        depth <= here + HIDDEN + spread.min(MAX_SPREAD)
    }
}

/// A run's current point in the 3-D view.
struct Head {
    run: usize,
    /// On the pixel grid, with its depth (see [`Projection::project`]).
    projected: (f64, f64, f64),
    /// Its cell, when on the plot.
    cell: Option<(u16, u16)>,
}

/// Where the 3-D view drawn into `area` (the plot's whole area) puts its
/// picture, over which part of parameter space; `None` where there is no room.
pub(super) fn frame(app: &App, area: Rect) -> Option<Frame> {
    if area.width < 20 || area.height < 6 {
        return None;
    }
    let view = app.viewport();
    Some(Frame { area: Rect { height: area.height - 1, ..area }, x: view.x, y: view.y, dim: 2 })
}

/// Draws the 3-D view of `runs` into `area` (the plot's whole area), its
/// picture as `frame` (see [`frame`]) places it.
pub fn render_surface(app: &App, screen: &mut Screen, runs: &[usize], area: Rect, frame: Frame, buf: &mut Buffer) {
    let theme = app.theme();
    let data = frame.area;
    let (w, h) = (usize::from(data.width), usize::from(data.height) * 2);
    let view = Viewport { x: frame.x, y: frame.y };
    let key = SurfaceKey { camera: app.camera(), view, pixels: (w, h), landscape: app.landscape_generation() };
    let landscape = &app.scenario().landscape;
    let dims = (w.clamp(16, MESH), h.clamp(16, MESH));
    let levels = app.scenario().view.levels;
    let mesh_key = (view, dims.0, dims.1, app.landscape_generation(), levels);
    if screen.surface_mesh.as_ref().is_none_or(|m| m.key != mesh_key) {
        screen.surface_mesh = Some(Mesh::sample(landscape, view, dims, app.landscape_generation(), levels));
        screen.surface = None;
    }
    if screen.surface.as_ref().is_none_or(|s| s.key != key) {
        let mesh = screen.surface_mesh.as_ref().expect("just sampled");
        screen.surface = Some(SurfaceImage::draw(mesh, key, theme.curve_background()));
    }
    let image = screen.surface.as_ref().expect("just drawn");
    for row in 0..data.height {
        for col in 0..data.width {
            let (x, y) = (usize::from(col), 2 * usize::from(row));
            let (top, bottom) = (image.colors[y * w + x], image.colors[(y + 1) * w + x]);
            let cell = &mut buf[(data.x + col, data.y + row)];
            if theme.mono() {
                // Without colour, brightness as a ramp of characters.
                let on = |k: usize| image.depth[k].is_finite();
                let glyph = if on(y * w + x) || on((y + 1) * w + x) {
                    let light = (luminance(top) + luminance(bottom)) / 2.0;
                    RAMP[((light * RAMP.len() as f64) as usize).min(RAMP.len() - 1)]
                } else {
                    ' '
                };
                cell.set_char(glyph);
            } else {
                cell.set_char('▀').set_style(Style::default().fg(theme.map_color(top)).bg(theme.map_color(bottom)));
            }
        }
    }
    let names = landscape.parameter_names();
    let axes = bearings(&image.projection, view, &image.scale, names, (data.width, data.height));
    draw_bearings(&axes, theme.dim(), data, buf);
    let on_surface = |p: Vec2, lift: f64| {
        let t = image.scale.t(landscape.value(p));
        let mut world = image.projection.world(p, if t.is_finite() { t } else { 1.0 });
        world[2] += lift;
        image.projection.project(world)
    };
    // Paths: the selected optimizer last, on top; hidden stretches faint.
    let mut layer = DotLayer::new(w, usize::from(data.height));
    let mut order: Vec<usize> = runs.iter().copied().filter(|&i| i != app.selected() && !app.is_hidden(i)).collect();
    order.extend(runs.iter().copied().filter(|&i| i == app.selected() && !app.is_hidden(i)));
    let step = app.step();
    for &i in &order {
        let run = &app.runs()[i];
        let last = step.min(run.steps_taken());
        let age = |k: usize| if app.fades() { (step - k) as u32 } else { 0 };
        let mut previous = on_surface(run.record(0).params.xy(), LIFT);
        for k in 1..=last {
            // L-BFGS passes through the inner iterates of its step, as in the contour map.
            if let OptimizerState::Lbfgs(memory) = &run.record(k).state {
                let iterations = &memory.trace.iterations;
                for it in iterations.iter().take(iterations.len().saturating_sub(1)) {
                    let next = on_surface(it.to.xy(), LIFT);
                    segment(&mut layer, image, previous, next, i, age(k));
                    previous = next;
                }
            }
            let next = on_surface(run.record(k).params.xy(), LIFT);
            segment(&mut layer, image, previous, next, i, age(k));
            previous = next;
        }
    }
    let fade = Fade { step: step as u32, epoch: fade_epoch(app.total_steps()), on: app.fades() };
    paint_layer(app, &layer, frame, fade, buf);
    // Minima, starts and heads, always shown.
    let cell = |(x, y, _): (f64, f64, f64)| {
        let (cx, cy) = (x.floor(), (y / 2.0).floor());
        (cx >= 0.0 && cy >= 0.0 && cx < f64::from(data.width) && cy < f64::from(data.height))
            .then(|| (data.x + cx as u16, data.y + cy as u16))
    };
    let heads_at: Vec<Head> = order
        .iter()
        .map(|&run| {
            let projected = on_surface(app.runs()[run].record(step).params.xy(), LIFT);
            Head { run, projected, cell: cell(projected) }
        })
        .collect();
    let starts: Vec<(u16, u16)> =
        order.iter().filter_map(|&i| cell(on_surface(app.runs()[i].spec().start.xy(), LIFT))).collect();
    let minima = landscape.minima();
    let mut busy: Vec<(u16, u16)> = heads_at.iter().filter_map(|h| h.cell).chain(starts.iter().copied()).collect();
    for m in minima {
        if let Some(at) = cell(on_surface(m.point.xy(), LIFT)) {
            buf[at].set_char('×').set_style(theme.mark(true));
            label_minimum(m.point.xy(), minima.len() == 1, at, data, &mut busy, theme, buf);
        }
    }
    for &at in &starts {
        buf[at].set_char('◆').set_style(theme.mark(true));
    }
    let mut heads: Vec<(usize, (u16, u16))> = Vec::new();
    for &Head { run: i, projected, cell: at } in &heads_at {
        if let Some(at) = at {
            // Always drawn; dimmed where the surface is in front of it.
            let colour = if image.visible(projected.0, projected.1, projected.2) {
                app.color_of(i)
            } else {
                mix(app.color_of(i), theme.curve_background(), HIDDEN_HEAD)
            };
            let glyph = if theme.mono() { Theme::number_glyph(i) } else { '●' };
            buf[at].set_char(glyph).set_style(theme.path(colour));
            heads.push((i, at));
        }
    }
    number_heads(app, &heads, &[], data, buf);
    let camera = app.camera();
    let undefined = screen.surface_mesh.as_ref().is_some_and(|m| m.points.iter().any(|p| p.1.is_nan()));
    // The keys first: where the line is cut, the angles go.
    let legend = format!(
        " 3-D · , . turn · ↑↓ tilt · 0 reset · S contours {}· az {:.0}° el {:.0}° ",
        if undefined { "· blank: f undefined " } else { "" },
        camera.azimuth,
        camera.elevation,
    );
    let legend: String = legend.chars().take(usize::from(area.width)).collect();
    buf.set_string(area.x, area.bottom() - 1, legend, theme.dim());
}

/// Beside a minimum's ×: "min", with its coordinates when it is the only
/// one (and they fit), on a dark bar so that it reads over any part of the
/// surface; on whichever side keeps clear of the heads, starts and other
/// labels in `busy` (and of the numbers beside heads), further out if
/// need be. Where there is no such place the × stands alone.
fn label_minimum(
    point: Vec2,
    alone: bool,
    (x, y): (u16, u16),
    data: Rect,
    busy: &mut Vec<(u16, u16)>,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let full = format!(" min ({}, {}) ", short(point[0]), short(point[1]));
    let texts = if alone { vec![full, " min ".to_string()] } else { vec![" min ".to_string()] };
    let (x, y) = (i32::from(x), i32::from(y));
    for text in texts {
        let width = text.chars().count() as i32;
        for start in [x + 1, x - width, x + 3, x - width - 2] {
            let inside = start >= i32::from(data.x) && start + width <= i32::from(data.right());
            // Clear of a head's cell and of the ring its number may take.
            let clear = busy.iter().all(|&(bx, by)| {
                let (bx, by) = (i32::from(bx), i32::from(by));
                (by - y).abs() > 1 || bx + 2 < start || bx - 2 >= start + width
            });
            if inside && clear {
                buf.set_string(start as u16, y as u16, &text, theme.map_label());
                busy.extend((start..start + width).map(|c| (c as u16, y as u16)));
                return;
            }
        }
    }
}

/// A straight stretch of path between two projected points, dot by dot,
/// faint where the surface is in front of it.
fn segment(layer: &mut DotLayer, image: &SurfaceImage, a: (f64, f64, f64), b: (f64, f64, f64), i: usize, age: u32) {
    // Dots are half a pixel across and down.
    let (ax, ay, bx, by) = (a.0 * 2.0, a.1 * 2.0, b.0 * 2.0, b.1 * 2.0);
    let n = ((bx - ax).abs().max((by - ay).abs()).ceil() as usize).clamp(1, 4096);
    for s in 0..=n {
        let t = s as f64 / n as f64;
        let (x, y) = (ax + (bx - ax) * t, ay + (by - ay) * t);
        let depth = a.2 + (b.2 - a.2) * t;
        let owner = if image.visible(x / 2.0, y / 2.0, depth) { Owner::Run(i) } else { Owner::Trial(i) };
        layer.dot(x, y, owner, age);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camera(azimuth: f64, elevation: f64) -> Camera {
        Camera { azimuth, elevation }
    }

    #[test]
    fn from_straight_above_the_projection_is_the_contour_map() {
        let view = Viewport { x: (-2.0, 2.0), y: (-1.0, 3.0) };
        let p = Projection::new(camera(0.0, 90.0), view, (100, 100));
        // The view's centre lands in the middle of the room left beside the
        // bearings' values, its corners keep their places (x right, y up).
        let middle = (LEFT_COLUMNS + (100.0 - LEFT_COLUMNS - RIGHT_COLUMNS) / 2.0, (100.0 - 2.0 * BOTTOM_ROWS) / 2.0);
        let (cx, cy, _) = p.project(p.world([0.0, 1.0], 0.5));
        assert!((cx - middle.0).abs() < 1e-9 && (cy - middle.1).abs() < 1e-9, "{cx} {cy}");
        let (x, y, _) = p.project(p.world([2.0, 3.0], 0.0));
        assert!(x > 50.0 && y < 50.0, "the upper right goes up and right");
        // Higher is nearer when looking down.
        let (_, _, low) = p.project(p.world([0.0, 1.0], 0.0));
        let (_, _, high) = p.project(p.world([0.0, 1.0], 1.0));
        assert!(high < low);
    }

    #[test]
    fn turning_a_full_circle_lands_every_point_where_it_was() {
        let view = Viewport { x: (-2.0, 2.0), y: (-1.0, 3.0) };
        let a = Projection::new(camera(-35.0, 30.0), view, (120, 80));
        let b = Projection::new(camera(-35.0 + 360.0, 30.0), view, (120, 80));
        for (p, t) in [([0.3, 1.7], 0.2), ([-1.9, -0.9], 0.9), ([2.0, 3.0], 0.0)] {
            let (x, y, d) = a.project(a.world(p, t));
            let (x2, y2, d2) = b.project(b.world(p, t));
            assert!((x - x2).abs() < 1e-9 && (y - y2).abs() < 1e-9 && (d - d2).abs() < 1e-12);
        }
        // Half a turn mirrors the picture about the centre column.
        let c = Projection::new(camera(-35.0 + 180.0, 30.0), view, (120, 80));
        let (x, _, _) = a.project(a.world([1.0, 0.5], 0.3));
        let (x2, _, _) = c.project(c.world([1.0, 0.5], 0.3));
        let middle = LEFT_COLUMNS + (120.0 - LEFT_COLUMNS - RIGHT_COLUMNS) / 2.0;
        assert!((x - middle + (x2 - middle)).abs() < 1e-9);
    }

    #[test]
    fn the_axes_land_where_the_rotation_puts_them() {
        // Turned by a = −30° and raised e = 55°, a unit along x moves the
        // picture by s·(cos a, −sin a·sin e) (x right, y down), along y by
        // s·(−sin a, −cos a·sin e), and up by s·(0, −cos e).
        let view = Viewport { x: (-1.0, 1.0), y: (-1.0, 1.0) };
        let p = Projection::new(camera(-30.0, 55.0), view, (120, 80));
        let at = |w: [f64; 3]| {
            let (x, y, _) = p.project(w);
            (x, y)
        };
        let o = at([0.0, 0.0, 0.0]);
        let d = |w: [f64; 3]| {
            let q = at(w);
            (q.0 - o.0, q.1 - o.1)
        };
        let (dx, dy, dz) = (d([1.0, 0.0, 0.0]), d([0.0, 1.0, 0.0]), d([0.0, 0.0, 1.0]));
        let s = -dz.1 / 55f64.to_radians().cos();
        let (cos30, sin30, sin55) = (3f64.sqrt() / 2.0, 0.5, 0.819_152_044_288_991_8);
        for (got, want) in
            [(dx.0, s * cos30), (dx.1, s * sin30 * sin55), (dy.0, s * sin30), (dy.1, -s * cos30 * sin55), (dz.0, 0.0)]
        {
            assert!((got - want).abs() < 1e-9, "{got} against {want}");
        }
        // So the nearest corner (lowest on the screen) is (1, −1) and the
        // leftmost (−1, −1): x runs along the front, y up the right side.
        let corners = [[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]].map(|c| at([c[0], c[1], 0.0]));
        let lowest = (0..4).max_by(|&i, &j| corners[i].1.total_cmp(&corners[j].1)).unwrap();
        let leftmost = (0..4).min_by(|&i, &j| corners[i].0.total_cmp(&corners[j].0)).unwrap();
        assert_eq!((lowest, leftmost), (1, 0));
    }
}
