//! A figure laid out and painted as a scene: the title, the plot (map,
//! contour lines and their labels, paths, marks, axes, colour bar), the
//! chart, and the legend, in that order from the bottom layer up.
//!
//! Every length is a multiple of one unit, a fiftieth of the geometric
//! mean of the figure's sides, so that a figure keeps its proportions at
//! any size: axis names are one unit high, tick numbers 0.85, and the paths
//! about a quarter of a unit wide.

use std::collections::HashMap;

use anyhow::{Result, bail};

use super::contour::{self, Grid};
use super::map::{self, Hatch, hatch_cover};
use super::scene::{Anchor, Area, Item, PlotFrame, Point, Scene, Text};
use super::text::{self, CAP_HEIGHT};
use super::{Chart, Figure, Plot, Trace};
use crate::core::scenario::Rgb;
use crate::format::short;
use crate::look::colour::{Background, isoline_color, landscape_color, luminance, mix};
use crate::look::scale::{LEVELS, Scale, UNDEFINED_FILL, UNDEFINED_HATCH, decade_axis, ticks};
use crate::look::viewport::Viewport;
use crate::picture::raster::Image;

/// The figure's unit, against the geometric mean of its sides.
const UNITS_ACROSS: f64 = 50.0;
/// The path widths of the first runs drawn, as shares of the widest: a run
/// drawn over another is narrower, so that the one below shows along both
/// its sides wherever the two share a route.
const WIDTHS: [f64; 3] = [1.0, 0.56, 0.24];
/// The chart takes this share of the figure beside the plot (or below it).
const CHART_SHARE: f64 = 0.38;
/// A 1-D plot's range of f is padded by this share above and below.
const CURVE_PAD: f64 = 0.06;

/// Paper and ink for one background.
struct Ink {
    paper: Rgb,
    text: Rgb,
    soft: Rgb,
    frame: Rgb,
    curve: Rgb,
    hatch: Hatch,
    mark_fill: Rgb,
    mark_edge: Rgb,
}

fn ink(background: Background, u: f64) -> Ink {
    let period = (0.42 * u).max(5.0);
    match background {
        Background::Light => Ink {
            paper: Rgb(0xff, 0xff, 0xff),
            text: Rgb(0x14, 0x14, 0x18),
            soft: Rgb(0x38, 0x38, 0x40),
            frame: Rgb(0x28, 0x28, 0x2e),
            curve: Rgb(0x30, 0x30, 0x38),
            hatch: Hatch { fill: Rgb(0xe6, 0xe6, 0xea), line: Rgb(0x8c, 0x8c, 0x96), period },
            mark_fill: Rgb(0xff, 0xff, 0xff),
            mark_edge: Rgb(0x14, 0x14, 0x18),
        },
        Background::Dark => Ink {
            paper: Rgb(0x16, 0x16, 0x1c),
            text: Rgb(0xec, 0xec, 0xf0),
            soft: Rgb(0xc0, 0xc0, 0xc8),
            frame: Rgb(0xa0, 0xa0, 0xa8),
            curve: Rgb(0xd0, 0xd0, 0xd8),
            hatch: Hatch { fill: UNDEFINED_FILL, line: UNDEFINED_HATCH, period },
            mark_fill: Rgb(0xff, 0xff, 0xff),
            mark_edge: Rgb(0x10, 0x10, 0x14),
        },
    }
}

/// Lengths, from the unit.
struct Sizes {
    u: f64,
    title: f64,
    label: f64,
    tick: f64,
    small: f64,
    tick_len: f64,
    frame: f64,
    /// The widest path.
    path: f64,
    /// A path's outline on each side.
    outline: f64,
    head: f64,
}

impl Sizes {
    fn new(u: f64) -> Sizes {
        let path = (0.36 * u).max(3.0);
        Sizes {
            u,
            title: 1.2 * u,
            label: u,
            tick: 0.85 * u,
            small: 0.7 * u,
            tick_len: 0.35 * u,
            frame: (0.06 * u).max(1.0),
            path,
            outline: (0.16 * path).max(1.0),
            head: 1.1 * path,
        }
    }
}

/// How one run's line is drawn.
#[derive(Debug, Clone, Copy)]
struct Style {
    width: f64,
    dash: Option<(f64, f64)>,
}

/// The style of the k-th run drawn: narrower for the first three, then
/// dashed and dotted in turn. Ends are round, so a gap shows only where it
/// is longer than the line and its outline are wide.
fn style(k: usize, widest: f64, outline: f64) -> Style {
    let width = widest * WIDTHS[k.min(WIDTHS.len() - 1)];
    let gap = width + 2.0 * outline;
    let dash = match k {
        0..=2 => None,
        _ if k % 2 == 1 => Some((2.5 * width, gap + 1.2 * width)),
        _ => Some((0.01, gap + 0.9 * width)),
    };
    Style { width, dash }
}

/// A contrasting outline for a colour: dark around light colours, white
/// around dark ones.
fn outline_of(c: Rgb) -> Rgb {
    if luminance(c) >= 0.33 { Rgb(0x12, 0x12, 0x16) } else { Rgb(0xff, 0xff, 0xff) }
}

fn label(text: impl Into<String>, at: Point, size: f64, color: Rgb, anchor: Anchor) -> Item {
    Item::Text(Text { text: text.into(), at, size, color, anchor, angle: 0.0, halo: None })
}

/// A text cut with … to fit `width` at `size`.
fn fitted(text: &str, size: f64, width: f64) -> String {
    if text::width(text, size) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (0..chars.len()).rev() {
        let t: String = chars[..n].iter().collect::<String>() + "…";
        if text::width(&t, size) <= width {
            return t;
        }
    }
    String::new()
}

/// The figure at `(w, h)` pixels.
pub(super) fn scene(figure: &Figure, (w, h): (usize, usize)) -> Result<Scene> {
    let u = (((w * h) as f64).sqrt() / UNITS_ACROSS).max(9.0);
    let s = Sizes::new(u);
    let ink = ink(figure.background, u);
    let mut items = Vec::new();
    let pad = 0.8 * u;
    let (wf, hf) = (w as f64, h as f64);
    // The title, and the step on the right.
    let title_base = pad + s.title * 0.95;
    let step_width = text::width(&figure.step, s.label);
    let title = fitted(&figure.title, s.title, wf - 2.0 * pad - step_width - u);
    items.push(Item::Begin("title"));
    items.push(label(title, (pad, title_base), s.title, ink.text, Anchor::Start));
    items.push(label(figure.step.clone(), (wf - pad, title_base), s.label, ink.soft, Anchor::End));
    items.push(Item::End);
    let top = title_base + 0.9 * u;
    // The legend's rows, from the bottom up.
    let styles: Vec<Style> = (0..figure.plot.traces.len()).map(|k| style(k, s.path, s.outline)).collect();
    let entries = legend_entries(&figure.plot, &s);
    let rows = legend_rows(&entries, wf - 2.0 * pad, u);
    let row_height = 1.6 * u;
    let legend_top = hf - pad - rows.len() as f64 * row_height;
    let content = Area { x: pad, y: top, w: wf - 2.0 * pad, h: (legend_top - top - 0.4 * u).max(0.0) };
    // The chart beside a wide figure, below a tall one, and none where it
    // would leave either too little room.
    let gap = 1.6 * u;
    let (plot_block, chart_block) = match &figure.chart {
        Some(_) if content.w >= 1.3 * content.h && content.w * CHART_SHARE >= 12.0 * u => {
            let cw = (content.w * CHART_SHARE).floor();
            (Area { w: content.w - cw - gap, ..content }, Some(Area { x: content.right() - cw, w: cw, ..content }))
        }
        Some(_) if content.w < 1.3 * content.h && content.h * CHART_SHARE >= 8.0 * u => {
            let ch = (content.h * CHART_SHARE).floor();
            (Area { h: content.h - ch - gap, ..content }, Some(Area { y: content.bottom() - ch, h: ch, ..content }))
        }
        _ => (content, None),
    };
    let frame = plot(&mut items, &figure.plot, plot_block, &s, &ink, &styles)?;
    if let (Some(chart), Some(block)) = (&figure.chart, chart_block) {
        let widest = Style { width: s.path, dash: None };
        let style_of =
            |number: usize| figure.plot.traces.iter().position(|t| t.number == number).map_or(widest, |k| styles[k]);
        draw_chart(&mut items, chart, block, &s, &ink, &style_of);
    }
    draw_legend(&mut items, &entries, &rows, legend_top, row_height, wf, &s, &ink, &styles, &figure.plot);
    Ok(Scene { width: w, height: h, background: ink.paper, items, plot: frame })
}

/// One entry of the legend.
enum Swatch {
    /// The k-th run drawn.
    Trace(usize),
    Start,
    Minimum,
    /// Where f is undefined (in 1-D: beside the colour bar in 2-D).
    Undefined,
}

fn legend_entries(plot: &Plot, s: &Sizes) -> Vec<(Swatch, String, f64)> {
    let mut entries = Vec::new();
    let mut by_number: Vec<(usize, &Trace)> = plot.traces.iter().enumerate().collect();
    by_number.sort_by_key(|(_, t)| t.number);
    for (k, t) in by_number {
        let text = format!("{} {}", t.number, t.label);
        let w = 2.4 * s.u + 0.4 * s.u + text::width(&text, s.label);
        entries.push((Swatch::Trace(k), text, w));
    }
    let mark = |text: &str| 1.0 * s.u + 0.35 * s.u + text::width(text, s.label);
    if !plot.starts.is_empty() {
        entries.push((Swatch::Start, "start".into(), mark("start")));
    }
    let in_view = |p: &[f64; 2]| {
        let (x, y) = (plot.view.x, plot.view.y);
        (x.0..=x.1).contains(&p[0]) && (plot.landscape.dim() == 1 || (y.0..=y.1).contains(&p[1]))
    };
    if plot.minima.iter().any(in_view) {
        entries.push((Swatch::Minimum, "known minimum".into(), mark("known minimum")));
    }
    if plot.landscape.dim() == 1 && curve_undefined(plot) {
        entries.push((
            Swatch::Undefined,
            "f undefined".into(),
            1.2 * s.u + 0.35 * s.u + text::width("f undefined", s.label),
        ));
    }
    entries
}

/// The entries on each row (as index ranges), greedy within `width`.
fn legend_rows(entries: &[(Swatch, String, f64)], width: f64, u: f64) -> Vec<std::ops::Range<usize>> {
    let spacing = 1.8 * u;
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0.0);
    for (k, e) in entries.iter().enumerate() {
        let need = if k == start { e.2 } else { used + spacing + e.2 };
        if k > start && need > width {
            rows.push(start..k);
            start = k;
            used = e.2;
        } else {
            used = need;
        }
    }
    if start < entries.len() {
        rows.push(start..entries.len());
    }
    rows
}

#[allow(clippy::too_many_arguments)]
fn draw_legend(
    items: &mut Vec<Item>,
    entries: &[(Swatch, String, f64)],
    rows: &[std::ops::Range<usize>],
    top: f64,
    row_height: f64,
    width: f64,
    s: &Sizes,
    ink: &Ink,
    styles: &[Style],
    plot: &Plot,
) {
    let u = s.u;
    items.push(Item::Begin("legend"));
    for (r, range) in rows.iter().enumerate() {
        let total: f64 = entries[range.clone()].iter().map(|e| e.2).sum::<f64>() + 1.8 * u * (range.len() - 1) as f64;
        let mut x = ((width - total) / 2.0).max(0.0);
        let y = top + (r as f64 + 0.5) * row_height;
        for (swatch, text, w) in &entries[range.clone()] {
            let text_x = match swatch {
                Swatch::Trace(k) => {
                    let t = &plot.traces[*k];
                    let line = vec![vec![(x + 0.2 * u, y), (x + 2.2 * u, y)]];
                    outlined(items, line, t.color, styles[*k], s.outline, None);
                    disc(items, (x + 1.2 * u, y), head_radius(s, styles[*k]), t.color, s.outline);
                    x + 2.8 * u
                }
                Swatch::Start => {
                    diamond(items, (x + 0.5 * u, y), 0.42 * u, ink, s);
                    x + 1.35 * u
                }
                Swatch::Minimum => {
                    cross(items, (x + 0.5 * u, y), 0.34 * u, ink, s);
                    x + 1.35 * u
                }
                Swatch::Undefined => {
                    hatch_swatch(items, (x, y - 0.4 * u), s, ink);
                    x + 1.55 * u
                }
            };
            items.push(label(
                text.clone(),
                (text_x, text::baseline_centred(y, s.label)),
                s.label,
                ink.text,
                Anchor::Start,
            ));
            x += w + 1.8 * u;
        }
    }
    items.push(Item::End);
}

/// A line drawn with a contrasting outline under it.
fn outlined(items: &mut Vec<Item>, lines: Vec<Vec<Point>>, color: Rgb, style: Style, outline: f64, clip: Option<Area>) {
    items.push(Item::Stroke {
        lines: lines.clone(),
        width: style.width + 2.0 * outline,
        color: outline_of(color),
        dash: style.dash,
        clip,
    });
    items.push(Item::Stroke { lines, width: style.width, color, dash: style.dash, clip });
}

/// A disc with a contrasting rim.
fn disc(items: &mut Vec<Item>, centre: Point, radius: f64, color: Rgb, rim: f64) {
    items.push(Item::Disc { centre, radius: radius + rim, fill: outline_of(color) });
    items.push(Item::Disc { centre, radius, fill: color });
}

/// A start: a white diamond with a dark edge.
fn diamond(items: &mut Vec<Item>, c: Point, r: f64, ink: &Ink, s: &Sizes) {
    let points = vec![(c.0, c.1 - r), (c.0 + r, c.1), (c.0, c.1 + r), (c.0 - r, c.1)];
    items.push(Item::Polygon { points: points.clone(), fill: ink.mark_fill });
    let mut ring = points;
    ring.push(ring[0]);
    items.push(Item::Stroke {
        lines: vec![ring],
        width: (0.09 * s.u).max(1.2),
        color: ink.mark_edge,
        dash: None,
        clip: None,
    });
}

/// A known minimum: a white × with a dark outline.
fn cross(items: &mut Vec<Item>, c: Point, r: f64, ink: &Ink, s: &Sizes) {
    let arms = vec![vec![(c.0 - r, c.1 - r), (c.0 + r, c.1 + r)], vec![(c.0 - r, c.1 + r), (c.0 + r, c.1 - r)]];
    let width = (0.13 * s.u).max(2.0);
    items.push(Item::Stroke {
        lines: arms.clone(),
        width: width + 2.0 * s.outline,
        color: ink.mark_edge,
        dash: None,
        clip: None,
    });
    items.push(Item::Stroke { lines: arms, width, color: ink.mark_fill, dash: None, clip: None });
}

/// The part of a segment inside `area` (Liang–Barsky), if any.
fn clip_segment(a: Point, b: Point, area: Area) -> Option<(Point, Point)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - area.x), (dx, area.right() - a.0), (-dy, a.1 - area.y), (dy, area.bottom() - a.1)] {
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

/// Points joined into lines within `area`: broken where a point is not
/// finite, cut at the area's edges, and thinned to what a pixel shows.
fn pixel_lines(points: impl IntoIterator<Item = Point>, area: Area) -> Vec<Vec<Point>> {
    let finite = |p: Point| p.0.is_finite() && p.1.is_finite();
    let close = |a: Point, b: Point| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
    let mut lines: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    // The last point passed over for lying within a fifth of a pixel of
    // the last one kept: it ends the line if nothing follows.
    let mut pending: Option<Point> = None;
    let mut flush = |current: &mut Vec<Point>, pending: &mut Option<Point>| {
        if let Some(p) = pending.take() {
            current.push(p);
        }
        if current.len() >= 2 {
            lines.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    let mut previous: Option<Point> = None;
    for p in points {
        if !finite(p) {
            flush(&mut current, &mut pending);
            previous = None;
            continue;
        }
        if let Some(q) = previous {
            match clip_segment(q, p, area) {
                Some((a, b)) => {
                    if current.is_empty() || !close(a, q) {
                        flush(&mut current, &mut pending);
                        current.push(a);
                    }
                    let last = *current.last().expect("a line has its first point");
                    if !close(b, p) || (last.0 - b.0).hypot(last.1 - b.1) >= 0.2 {
                        current.push(b);
                        pending = None;
                    } else {
                        pending = Some(b);
                    }
                }
                None => flush(&mut current, &mut pending),
            }
        }
        previous = Some(p);
    }
    flush(&mut current, &mut pending);
    lines.into_iter().map(|l| contour::simplify(&l, 0.2)).collect()
}

/// Whether a 1-D function is undefined anywhere over the plot's x range.
fn curve_undefined(plot: &Plot) -> bool {
    let (x0, x1) = plot.view.x;
    (0..=2000).any(|i| plot.landscape.value([x0 + (x1 - x0) * f64::from(i) / 2000.0, 0.0]).is_nan())
}

/// The range of f over an x range, padded, for a 1-D plot.
fn curve_range(plot: &Plot) -> (f64, f64) {
    let (x0, x1) = plot.view.x;
    let n = 2000;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for i in 0..=n {
        let v = plot.landscape.value([x0 + (x1 - x0) * i as f64 / n as f64, 0.0]);
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * CURVE_PAD).max(1e-9 * (1.0 + lo.abs()));
    (lo - pad, hi + pad)
}

/// Tick values in a range, at most about `most`, each with its label.
fn tick_marks(lo: f64, hi: f64, most: usize) -> Vec<(f64, String)> {
    ticks(lo, hi, most.max(2)).into_iter().map(|v| (v, short(v))).collect()
}

/// The values of the colour bar's marks: the contour levels, every
/// `stride`-th, both ends always.
fn bar_levels(scale: &Scale, height: f64, size: f64) -> Vec<(f64, String)> {
    let levels = LEVELS as usize;
    let room = height / levels as f64;
    let stride = ((1.6 * size / room).ceil() as usize).clamp(1, levels);
    let mut ks: Vec<usize> = (0..=levels).step_by(stride).collect();
    if *ks.last().unwrap_or(&0) != levels {
        if levels - ks.last().copied().unwrap_or(0) < stride.div_ceil(2) {
            ks.pop();
        }
        ks.push(levels);
    }
    ks.into_iter()
        .map(|k| {
            let t = k as f64 / levels as f64;
            (t, short(scale.value_at(t)))
        })
        .collect()
}

/// Draws the plot in `block`; returns where it is.
fn plot(items: &mut Vec<Item>, plot: &Plot, block: Area, s: &Sizes, ink: &Ink, styles: &[Style]) -> Result<PlotFrame> {
    let u = s.u;
    let two = plot.landscape.dim() == 2;
    let mut view = plot.view;
    if !two {
        view.y = curve_range(plot);
    }
    let top = if two { 1.7 * u } else { 0.6 * u };
    let bottom = s.tick_len + 0.45 * u + s.tick * CAP_HEIGHT + 0.9 * u + s.label * CAP_HEIGHT + 0.3 * u;
    let y0 = (block.y + top).round();
    let dh = (block.bottom() - bottom - y0).floor();
    // The colour bar's width, from the labels of a coarse sample of the
    // scale (the fine one needs the plot's size, which needs this).
    let bar_w = 0.8 * u;
    let right = if two {
        let coarse = map::sample(plot.landscape, view, (96, 96), plot.levels)?;
        let widest = bar_levels(&coarse.scale, dh.max(1.0), s.tick)
            .iter()
            .map(|(_, t)| text::width(t, s.tick))
            .fold(text::width("0.000", s.tick), f64::max);
        0.9 * u + bar_w + s.tick_len + 0.3 * u + widest * 1.1 + 0.2 * u
    } else {
        0.6 * u
    };
    let name_room = s.label * 1.25 + 0.3 * u;
    // The y labels' width sets the data's left edge; with equal aspect the
    // view, and so the labels, depend on the data's width: twice settles it.
    let y_most = |dh: f64| ((dh / (2.6 * s.tick)) as usize).clamp(2, 10);
    let mut x0 = block.x + name_room + 3.0 * u;
    let mut dw = 0.0;
    let mut shown = view;
    for _ in 0..2 {
        dw = (block.right() - right - x0).floor();
        if dw < 4.0 * u || dh < 4.0 * u {
            bail!("the figure is too small for its plot: make it larger");
        }
        if two && plot.equal_aspect {
            shown = view.equal_aspect(dw.min(f64::from(u16::MAX)) as u16, dh.min(f64::from(u16::MAX)) as u16, 1.0);
        }
        let widest = tick_marks(shown.y.0, shown.y.1, y_most(dh))
            .iter()
            .map(|(_, t)| text::width(t, s.tick))
            .fold(0.0, f64::max);
        x0 = (block.x + name_room + widest + 0.3 * u + s.tick_len).round();
    }
    let view = shown;
    let data = Area { x: x0, y: y0, w: dw, h: dh };
    let size = (dw as usize, dh as usize);
    let to_px = |p: [f64; 2]| {
        let q = map::to_pixels(view, size, p);
        (data.x + q.0, data.y + q.1)
    };
    // The runs' lines in pixels: within a margin of the data area, so that
    // round ends at the edge are cut by the clip, not by the geometry.
    let margin = data.grown(4.0 * s.path);
    let routes: Vec<Vec<Vec<Point>>> =
        plot.traces.iter().map(|t| pixel_lines(t.route.iter().map(|&p| to_px(p)), margin)).collect();
    let mut obstacles = Obstacles::new(1.5 * u);
    for (k, lines) in routes.iter().enumerate() {
        obstacles.add_lines(lines, styles[k].width / 2.0 + s.outline, None);
    }
    let marks: Vec<Point> = plot
        .starts
        .iter()
        .chain(&plot.minima)
        .chain(plot.traces.iter().filter_map(|t| t.steps.last()))
        .map(|&p| to_px(p))
        .filter(|p| data.contains(*p))
        .collect();
    for &p in &marks {
        obstacles.add(p, p, 0.6 * u, None);
    }
    items.push(Item::Begin("map"));
    let (undefined, scale) = if two {
        let sampled = map::sample(plot.landscape, view, size, plot.levels)?;
        items.push(Item::Image { area: data, image: map::image(&sampled, size, &ink.hatch)? });
        items.push(Item::End);
        contours(items, &sampled.grid, &sampled.scale, data, s, &mut obstacles);
        (sampled.undefined, Some(sampled.scale))
    } else {
        items.push(Item::Rect { area: data, fill: ink.paper });
        let undefined = curve(items, plot, view, data, s, ink)?;
        items.push(Item::End);
        (undefined, None)
    };
    items.push(Item::Begin("paths"));
    // Every outline first, then every line: an outline parts a path from
    // the map, never from a path drawn before it, which shows along both
    // sides of a narrower one over it.
    for (k, t) in plot.traces.iter().enumerate() {
        let style = styles[k];
        items.push(Item::Stroke {
            lines: routes[k].clone(),
            width: style.width + 2.0 * s.outline,
            color: outline_of(t.color),
            dash: style.dash,
            clip: Some(data),
        });
    }
    // The runs drawn so far, for beads to keep off.
    let mut below = Obstacles::new(1.5 * u);
    for (k, t) in plot.traces.iter().enumerate() {
        let style = styles[k];
        items.push(Item::Stroke {
            lines: routes[k].clone(),
            width: style.width,
            color: t.color,
            dash: style.dash,
            clip: Some(data),
        });
        // Each step as a bead where steps lie far enough apart to be told,
        // and never over a run drawn before, which it would hide there.
        let spacing = 3.0 * s.path;
        let radius = 0.5 * style.width + 0.6 * s.outline;
        let mut last: Option<Point> = None;
        for p in t.steps.iter().skip(1).map(|&p| to_px(p)) {
            if !data.contains(p) || !below.clear(p, radius + 0.7 * s.outline, None) {
                continue;
            }
            if last.is_none_or(|q| (q.0 - p.0).hypot(q.1 - p.1) >= spacing) {
                disc(items, p, radius, t.color, 0.7 * s.outline);
                last = Some(p);
            }
        }
        below.add_lines(&routes[k], style.width / 2.0, None);
    }
    items.push(Item::End);
    items.push(Item::Begin("marks"));
    for &m in &plot.minima {
        let p = to_px(m);
        if data.contains(p) {
            cross(items, p, 0.34 * u, ink, s);
        }
    }
    let mut starts: Vec<Point> = Vec::new();
    for &st in &plot.starts {
        let p = to_px(st);
        if data.contains(p) && !starts.iter().any(|q| (q.0 - p.0).hypot(q.1 - p.1) < 1.0) {
            starts.push(p);
            diamond(items, p, 0.42 * u, ink, s);
        }
    }
    heads(items, plot, &to_px, data, s, ink, styles);
    items.push(Item::End);
    axes(items, plot, view, data, s, ink, y_most(dh));
    if let Some(scale) = scale {
        color_bar(items, &scale, data, bar_w, undefined, s, ink);
    }
    Ok(PlotFrame { data, x: view.x, y: view.y })
}

/// The 1-D curve f(x), with the x ranges where f is undefined hatched;
/// whether there are any.
fn curve(items: &mut Vec<Item>, plot: &Plot, view: Viewport, data: Area, s: &Sizes, ink: &Ink) -> Result<bool> {
    let n = (data.w as usize).max(2) * 2;
    let xs: Vec<f64> = (0..=n).map(|i| view.x.0 + (view.x.1 - view.x.0) * i as f64 / n as f64).collect();
    let fs: Vec<f64> = xs.iter().map(|&x| plot.landscape.value([x, 0.0])).collect();
    let undefined = fs.iter().any(|f| f.is_nan());
    if undefined {
        let (w, h) = (data.w as usize, data.h as usize);
        let mut pixels = super::canvas::buffer(w * h, ink.paper, "the plot")?;
        for x in 0..w {
            let f = plot.landscape.value([view.x.0 + (x as f64 + 0.5) / w as f64 * (view.x.1 - view.x.0), 0.0]);
            if f.is_nan() {
                for y in 0..h {
                    pixels[y * w + x] = mix(ink.hatch.fill, ink.hatch.line, f64::from(hatch_cover(&ink.hatch, x, y)));
                }
            }
        }
        items.push(Item::Image { area: data, image: Image { width: w, height: h, pixels } });
    }
    let to_px = |x: f64, f: f64| {
        let q = map::to_pixels(view, (data.w as usize, data.h as usize), [x, f]);
        (data.x + q.0, data.y + q.1)
    };
    let points = xs.iter().zip(&fs).map(|(&x, &f)| if f.is_nan() { (f64::NAN, f64::NAN) } else { to_px(x, f) });
    let lines = pixel_lines(points, data.grown(2.0 * s.path));
    items.push(Item::Stroke { lines, width: (0.5 * s.path).max(1.5), color: ink.curve, dash: None, clip: Some(data) });
    Ok(undefined)
}

/// Contour lines at the view's levels, with labels along some of them.
fn contours(items: &mut Vec<Item>, grid: &Grid, scale: &Scale, data: Area, s: &Sizes, obstacles: &mut Obstacles) {
    let levels = LEVELS as usize;
    let size = s.small;
    let width = (0.07 * s.u).max(1.0);
    let mut all: Vec<Vec<Vec<Point>>> = (1..levels)
        .map(|k| {
            let value = scale.value_at(k as f64 / levels as f64);
            contour::lines(grid, value)
                .into_iter()
                .map(|l| contour::simplify(&l.iter().map(|p| (p.0 + data.x, p.1 + data.y)).collect::<Vec<_>>(), 0.3))
                .filter(|l| l.len() >= 2)
                .collect()
        })
        .collect();
    // A label sits clear of the other levels' lines, so never where they crowd.
    for (k, lines) in all.iter().enumerate() {
        obstacles.add_lines(lines, width / 2.0, Some(k));
    }
    let mut placed: Vec<(Point, f64)> = Vec::new();
    let mut strokes = Vec::new();
    let mut labels = Vec::new();
    for (k, lines) in all.iter_mut().enumerate() {
        let t = (k + 1) as f64 / levels as f64;
        let text = short(scale.value_at(t));
        let half = text::width(&text, size) / 2.0 + 0.3 * size;
        // The longest lines first; at most two labels a level.
        let mut order: Vec<(usize, f64)> = lines.iter().enumerate().map(|(i, l)| (i, contour::length(l))).collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut cuts: Vec<(usize, f64, f64)> = Vec::new();
        for &(i, length) in order.iter().take(2) {
            if length < 8.0 * half {
                break;
            }
            let Some((at, angle, along)) = label_place(&lines[i], length, half, size, data, obstacles, k, &placed)
            else {
                continue;
            };
            placed.push((at, half));
            cuts.push((i, along - half, along + half));
            let ink = if luminance(landscape_color(t)) > 0.42 { Rgb(0x14, 0x14, 0x18) } else { Rgb(0xf4, 0xf4, 0xf8) };
            let (sin, cos) = angle.to_radians().sin_cos();
            // The baseline sits below the centre by half a capital's height.
            let drop = size * CAP_HEIGHT / 2.0;
            let base = (at.0 + drop * sin, at.1 + drop * cos);
            labels.push(Item::Text(Text {
                text: text.clone(),
                at: base,
                size,
                color: ink,
                anchor: Anchor::Middle,
                angle,
                halo: None,
            }));
        }
        cuts.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (i, from, to) in cuts {
            let line = lines.remove(i);
            lines.extend(contour::cut(&line, from, to));
        }
        let color = isoline_color(landscape_color(t));
        strokes.push(Item::Stroke { lines: std::mem::take(lines), width, color, dash: None, clip: Some(data) });
    }
    items.push(Item::Begin("contours"));
    items.extend(strokes);
    items.extend(labels);
    items.push(Item::End);
}

/// Where along a contour line a label of half-width `half` fits best: on a
/// straight stretch, inside the plot, clear of the runs, the marks and the
/// other labels; its centre, angle (degrees, upright) and arc position.
#[allow(clippy::too_many_arguments)]
fn label_place(
    line: &[Point],
    length: f64,
    half: f64,
    size: f64,
    data: Area,
    obstacles: &Obstacles,
    level: usize,
    placed: &[(Point, f64)],
) -> Option<(Point, f64, f64)> {
    const CANDIDATES: usize = 11;
    let inner = data.grown(-0.6 * size);
    let mut best: Option<(f64, Point, f64, f64)> = None;
    for c in 1..CANDIDATES {
        let along = length * c as f64 / CANDIDATES as f64;
        if along < half || along > length - half {
            continue;
        }
        let (a, _) = contour::point_along(line, along - half);
        let (b, _) = contour::point_along(line, along + half);
        let (at, _) = contour::point_along(line, along);
        // Straight enough: the line stays near the chord under the label.
        let chord = (b.0 - a.0, b.1 - a.1);
        let chord_length = chord.0.hypot(chord.1);
        if chord_length < 1.5 * half {
            continue;
        }
        let straight = (1..8).all(|j| {
            let (p, _) = contour::point_along(line, along - half + 2.0 * half * j as f64 / 8.0);
            ((p.0 - a.0) * chord.1 - (p.1 - a.1) * chord.0).abs() / chord_length < 0.3 * size
        });
        if !straight {
            continue;
        }
        let (ux, uy) = (chord.0 / chord_length, chord.1 / chord_length);
        // The label's box, sampled closely enough that no line crosses it unseen.
        let box_points: Vec<Point> = (0..=8)
            .flat_map(|i| [-1.0, 0.0, 1.0].map(|j| (f64::from(i) / 4.0 - 1.0, j)))
            .map(|(i, j)| (at.0 + i * half * ux - j * 0.55 * size * uy, at.1 + i * half * uy + j * 0.55 * size * ux))
            .collect();
        if !box_points.iter().all(|&p| inner.contains(p)) {
            continue;
        }
        if !box_points.iter().all(|&p| obstacles.clear(p, 0.25 * size, Some(level))) {
            continue;
        }
        let nearest =
            placed.iter().map(|&(q, h)| (q.0 - at.0).hypot(q.1 - at.1) - h - half).fold(f64::INFINITY, f64::min);
        if nearest < 1.2 * size {
            continue;
        }
        let middle = 1.0 - (c as f64 / CANDIDATES as f64 - 0.5).abs();
        let score = nearest.min(12.0 * size) + middle * 4.0 * size;
        if best.is_none_or(|b| score > b.0) {
            let mut angle = (-uy).atan2(ux).to_degrees();
            if angle > 90.0 {
                angle -= 180.0;
            } else if angle < -90.0 {
                angle += 180.0;
            }
            best = Some((score, at, angle, along));
        }
    }
    best.map(|(_, at, angle, along)| (at, angle, along))
}

/// What labels keep clear of: segments with a radius, each owned by a
/// contour level or by nothing (paths, marks), in buckets by position.
struct Obstacles {
    cell: f64,
    buckets: HashMap<(i64, i64), Vec<usize>>,
    segments: Vec<(Point, Point, f64, Option<usize>)>,
}

impl Obstacles {
    fn new(cell: f64) -> Obstacles {
        Obstacles { cell: cell.max(1.0), buckets: HashMap::new(), segments: Vec::new() }
    }

    fn bucket(&self, p: Point) -> (i64, i64) {
        ((p.0 / self.cell).floor() as i64, (p.1 / self.cell).floor() as i64)
    }

    /// A segment, in every bucket within a cell of it.
    fn add(&mut self, a: Point, b: Point, radius: f64, owner: Option<usize>) {
        let k = self.segments.len();
        self.segments.push((a, b, radius, owner));
        let reach = radius + self.cell;
        let lo = self.bucket((a.0.min(b.0) - reach, a.1.min(b.1) - reach));
        let hi = self.bucket((a.0.max(b.0) + reach, a.1.max(b.1) + reach));
        for i in lo.0..=hi.0 {
            for j in lo.1..=hi.1 {
                self.buckets.entry((i, j)).or_default().push(k);
            }
        }
    }

    /// Lines, each segment of them.
    fn add_lines(&mut self, lines: &[Vec<Point>], radius: f64, owner: Option<usize>) {
        for line in lines {
            if line.len() == 1 {
                self.add(line[0], line[0], radius, owner);
            }
            for w in line.windows(2) {
                self.add(w[0], w[1], radius, owner);
            }
        }
    }

    /// Whether `p` lies farther than `margin` (at most a cell) beyond every
    /// obstacle but those `own`ed by the asker.
    fn clear(&self, p: Point, margin: f64, own: Option<usize>) -> bool {
        self.buckets.get(&self.bucket(p)).is_none_or(|ks| {
            ks.iter().all(|&k| {
                let (a, b, radius, owner) = self.segments[k];
                (own.is_some() && owner == own) || distance_to_segment(p, a, b) > radius + margin
            })
        })
    }
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0) } else { 0.0 };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

/// Each run's current point: a disc in its colour, or where it is out of
/// the plot an arrowhead at the edge it left by; with two runs or more,
/// each numbered beside it.
#[allow(clippy::too_many_arguments)]
fn heads(
    items: &mut Vec<Item>,
    plot: &Plot,
    to_px: &dyn Fn([f64; 2]) -> Point,
    data: Area,
    s: &Sizes,
    ink: &Ink,
    styles: &[Style],
) {
    // Numbers keep clear of the starts and minima too.
    let mut taken: Vec<(Point, f64)> = plot
        .starts
        .iter()
        .chain(&plot.minima)
        .map(|&p| (to_px(p), 0.5 * s.u))
        .filter(|(p, _)| data.contains(*p))
        .collect();
    let mut numbers: Vec<(usize, Point)> = Vec::new();
    for (k, t) in plot.traces.iter().enumerate() {
        let Some(&head) = t.steps.last() else { continue };
        let p = to_px(head);
        if data.contains(p) {
            // A head drawn over another is smaller, so that the one under it shows as a ring.
            let r = head_radius(s, styles[k]);
            disc(items, p, r, t.color, s.outline);
            taken.push((p, r + s.outline));
            numbers.push((t.number, p));
        } else if let Some((at, direction)) = exit(t, to_px, data) {
            let l = 3.0 * s.path;
            let (dx, dy) = direction;
            let tip = (at.0 - dx * 0.2 * l, at.1 - dy * 0.2 * l);
            let base = (tip.0 - dx * l, tip.1 - dy * l);
            let points = vec![
                tip,
                (base.0 - dy * 0.6 * l, base.1 + dx * 0.6 * l),
                (base.0 + dy * 0.6 * l, base.1 - dx * 0.6 * l),
            ];
            let mut ring = points.clone();
            ring.push(ring[0]);
            items.push(Item::Stroke {
                lines: vec![ring],
                width: 2.0 * s.outline,
                color: outline_of(t.color),
                dash: None,
                clip: None,
            });
            items.push(Item::Polygon { points, fill: t.color });
            let centre = (base.0 * 0.6 + tip.0 * 0.4, base.1 * 0.6 + tip.1 * 0.4);
            taken.push((centre, 0.6 * l));
            numbers.push((t.number, centre));
        }
    }
    if plot.traces.len() < 2 {
        return;
    }
    let size = 0.75 * s.u;
    for (number, p) in numbers.into_iter().rev() {
        let text = number.to_string();
        let half_w = text::width(&text, size) / 2.0;
        let half_h = size * CAP_HEIGHT / 2.0;
        let reach = s.head + s.outline + 0.3 * s.u;
        let candidates =
            [(1.0, -1.0), (1.0, 0.0), (-1.0, -1.0), (-1.0, 0.0), (0.0, -1.0), (0.0, 1.0), (1.0, 1.0), (-1.0, 1.0)];
        // Diagonal spots no farther than the straight ones.
        let spot = |&(dx, dy): &(f64, f64)| {
            let k = if dx != 0.0 && dy != 0.0 { std::f64::consts::FRAC_1_SQRT_2 } else { 1.0 };
            (p.0 + dx * k * (reach + half_w), p.1 + dy * k * (reach + half_h))
        };
        let free = |c: Point| {
            data.grown(-2.0).contains((c.0 - half_w, c.1 - half_h))
                && data.grown(-2.0).contains((c.0 + half_w, c.1 + half_h))
                && taken.iter().all(|&(q, r)| (q.0 - c.0).hypot(q.1 - c.1) > r + half_w.max(half_h))
        };
        let c = candidates.iter().map(spot).find(|&c| free(c)).unwrap_or_else(|| spot(&candidates[0]));
        taken.push((c, half_w.max(half_h)));
        items.push(Item::Text(Text {
            text,
            at: (c.0, c.1 + half_h),
            size,
            color: ink.text,
            anchor: Anchor::Middle,
            angle: 0.0,
            halo: Some((ink.paper, 0.16 * s.u)),
        }));
    }
}

/// The radius of a run's head: smaller for the runs drawn narrower.
fn head_radius(s: &Sizes, style: Style) -> f64 {
    s.head * (0.5 + 0.5 * style.width / s.path)
}

/// Where a run whose head is out of the plot left it, and the way it went
/// (a unit vector in pixels); for a run never in it, the edge nearest its head.
fn exit(t: &Trace, to_px: &dyn Fn([f64; 2]) -> Point, data: Area) -> Option<(Point, Point)> {
    let finite = |p: Point| p.0.is_finite() && p.1.is_finite();
    let points: Vec<Point> = t.route.iter().map(|&p| to_px(p)).filter(|&p| finite(p)).collect();
    let unit = |d: Point| {
        let l = d.0.hypot(d.1);
        (l > 0.0).then(|| (d.0 / l, d.1 / l))
    };
    for k in (0..points.len().saturating_sub(1)).rev() {
        let (a, b) = (points[k], points[k + 1]);
        if data.contains(a) && !data.contains(b) {
            let (_, out) = clip_segment(a, b, data)?;
            return Some((out, unit((b.0 - a.0, b.1 - a.1))?));
        }
    }
    let head = *points.last()?;
    let at = (head.0.clamp(data.x, data.right()), head.1.clamp(data.y, data.bottom()));
    Some((at, unit((head.0 - at.0, head.1 - at.1))?))
}

/// The frame, ticks with their numbers, and the axes' names.
fn axes(items: &mut Vec<Item>, plot: &Plot, view: Viewport, data: Area, s: &Sizes, ink: &Ink, y_most: usize) {
    let u = s.u;
    items.push(Item::Begin("axes"));
    frame(items, data, s, ink);
    let x_most = ((data.w / (5.5 * s.tick)) as usize).clamp(2, 12);
    let mut ticks_lines = Vec::new();
    let mut widest = 0.0f64;
    let mut next_free = f64::NEG_INFINITY;
    for (v, text) in tick_marks(view.x.0, view.x.1, x_most) {
        let x = data.x + (v - view.x.0) / (view.x.1 - view.x.0) * data.w;
        if x < data.x - 0.5 || x > data.right() + 0.5 {
            continue;
        }
        ticks_lines.push(vec![(x, data.bottom()), (x, data.bottom() + s.tick_len)]);
        let half = text::width(&text, s.tick) / 2.0;
        if x - half < next_free {
            continue;
        }
        next_free = x + half + 0.5 * u;
        let base = data.bottom() + s.tick_len + 0.3 * u + s.tick * CAP_HEIGHT;
        items.push(label(text, (x, base), s.tick, ink.soft, Anchor::Middle));
    }
    for (v, text) in tick_marks(view.y.0, view.y.1, y_most) {
        let y = data.y + (view.y.1 - v) / (view.y.1 - view.y.0) * data.h;
        if y < data.y - 0.5 || y > data.bottom() + 0.5 {
            continue;
        }
        ticks_lines.push(vec![(data.x - s.tick_len, y), (data.x, y)]);
        widest = widest.max(text::width(&text, s.tick));
        let at = (data.x - s.tick_len - 0.25 * u, text::baseline_centred(y, s.tick));
        items.push(label(text, at, s.tick, ink.soft, Anchor::End));
    }
    items.push(Item::Stroke { lines: ticks_lines, width: s.frame, color: ink.frame, dash: None, clip: None });
    let [x_name, y_name] = &plot.names;
    let base = data.bottom() + s.tick_len + 0.45 * u + s.tick * CAP_HEIGHT + 0.9 * u + s.label * CAP_HEIGHT;
    items.push(label(x_name.clone(), (data.x + data.w / 2.0, base), s.label, ink.text, Anchor::Middle));
    let x = data.x - s.tick_len - 0.25 * u - widest - 0.45 * u;
    items.push(Item::Text(Text {
        text: y_name.clone(),
        at: (x, data.y + data.h / 2.0),
        size: s.label,
        color: ink.text,
        anchor: Anchor::Middle,
        angle: 90.0,
        halo: None,
    }));
    items.push(Item::End);
}

fn frame(items: &mut Vec<Item>, data: Area, s: &Sizes, ink: &Ink) {
    let ring = vec![
        (data.x, data.y),
        (data.right(), data.y),
        (data.right(), data.bottom()),
        (data.x, data.bottom()),
        (data.x, data.y),
    ];
    items.push(Item::Stroke { lines: vec![ring], width: s.frame, color: ink.frame, dash: None, clip: None });
}

/// The colour bar right of the plot: the scale from its lowest value to
/// its highest, the contour levels across it, and their values.
fn color_bar(items: &mut Vec<Item>, scale: &Scale, data: Area, bar_w: f64, undefined: bool, s: &Sizes, ink: &Ink) {
    let u = s.u;
    let bar = Area { x: (data.right() + 0.9 * u).round(), y: data.y, w: bar_w.round(), h: data.h };
    items.push(Item::Begin("colour-bar"));
    let stops: Vec<Rgb> = (0..=64).map(|k| landscape_color(k as f64 / 64.0)).collect();
    items.push(Item::Gradient { area: bar, stops });
    let levels = LEVELS as usize;
    let mut lines = Vec::new();
    for k in 1..levels {
        let y = bar.bottom() - bar.h * k as f64 / levels as f64;
        lines
            .push((isoline_color(landscape_color(k as f64 / levels as f64)), vec![vec![(bar.x, y), (bar.right(), y)]]));
    }
    for (color, l) in lines {
        items.push(Item::Stroke { lines: l, width: (0.07 * u).max(1.0), color, dash: None, clip: None });
    }
    frame(items, bar, s, ink);
    let mut tick_lines = Vec::new();
    for (t, text) in bar_levels(scale, bar.h, s.tick) {
        let y = bar.bottom() - bar.h * t;
        tick_lines.push(vec![(bar.right(), y), (bar.right() + s.tick_len, y)]);
        let at = (bar.right() + s.tick_len + 0.25 * u, text::baseline_centred(y, s.tick));
        items.push(label(text, at, s.tick, ink.soft, Anchor::Start));
    }
    items.push(Item::Stroke { lines: tick_lines, width: s.frame, color: ink.frame, dash: None, clip: None });
    let name = if scale.is_log() { "f (log scale)" } else { "f" };
    items.push(label(name, (bar.x, bar.y - 0.55 * u), s.tick, ink.text, Anchor::Start));
    if undefined {
        undefined_key(items, (bar.x, data.bottom() + s.tick_len + 0.45 * u), s, ink);
    }
    items.push(Item::End);
}

/// A hatched swatch and the words "f undefined", its top left at `at`.
fn undefined_key(items: &mut Vec<Item>, at: Point, s: &Sizes, ink: &Ink) {
    let area = hatch_swatch(items, at, s, ink);
    let base = text::baseline_centred(area.y + area.h / 2.0, s.tick);
    items.push(label("f undefined", (area.right() + 0.3 * s.u, base), s.tick, ink.soft, Anchor::Start));
}

/// A hatched swatch, its top left at `at`; where it is.
fn hatch_swatch(items: &mut Vec<Item>, at: Point, s: &Sizes, ink: &Ink) -> Area {
    let (w, h) = ((1.2 * s.u).round() as usize, (0.8 * s.u).round() as usize);
    let pixels = (0..w * h)
        .map(|k| mix(ink.hatch.fill, ink.hatch.line, f64::from(hatch_cover(&ink.hatch, k % w, k / w))))
        .collect();
    let area = Area { x: at.0.round(), y: at.1.round(), w: w as f64, h: h as f64 };
    items.push(Item::Image { area, image: Image { width: w, height: h, pixels } });
    frame(items, area, s, ink);
    area
}

/// A power of ten with its exponent in superscript: 10⁻³.
fn power_of_ten(e: i64) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::from("10");
    if e < 0 {
        out.push('⁻');
    }
    for c in e.unsigned_abs().to_string().chars() {
        out.push(DIGITS[c.to_digit(10).unwrap_or(0) as usize]);
    }
    out
}

/// The chart in `block`: its title, axes, the current step and the curves.
fn draw_chart(
    items: &mut Vec<Item>,
    chart: &Chart,
    block: Area,
    s: &Sizes,
    ink: &Ink,
    style_of: &dyn Fn(usize) -> Style,
) {
    let u = s.u;
    items.push(Item::Begin("chart"));
    let title = fitted(&chart.title, s.label, block.w);
    items.push(label(title, (block.x, block.y + s.label * 0.95), s.label, ink.text, Anchor::Start));
    let top = s.label + 0.9 * u;
    let bottom = s.tick_len + 0.45 * u + s.tick * CAP_HEIGHT + 0.9 * u + s.label * CAP_HEIGHT + 0.3 * u;
    let dh = (block.h - top - bottom).floor();
    let most = ((dh / (2.4 * s.tick)) as usize).clamp(2, 8);
    let (lo, hi, marks): (f64, f64, Vec<(f64, String)>) = if chart.log {
        let (lo, hi, count) = decade_axis(chart.y.0, chart.y.1, most - 1);
        let step = (hi - lo) / (count - 1).max(1) as f64;
        (lo, hi, (0..count).map(|j| lo + j as f64 * step).map(|v| (v, power_of_ten(v.round() as i64))).collect())
    } else {
        (chart.y.0, chart.y.1, tick_marks(chart.y.0, chart.y.1, most))
    };
    let widest = marks.iter().map(|(_, t)| text::width(t, s.tick)).fold(0.0, f64::max);
    let x0 = (block.x + widest + 0.3 * u + s.tick_len).round();
    // Room on the right for half the last step's number.
    let right = (text::width(&short(chart.x_max), s.tick) / 2.0).max(0.3 * u);
    let data = Area { x: x0, y: (block.y + top).round(), w: (block.right() - right - x0).floor(), h: dh };
    if data.w < 3.0 * u || data.h < 3.0 * u {
        items.push(Item::End);
        return;
    }
    let x_max = chart.x_max.max(1e-300);
    let to_px = |x: f64, y: f64| (data.x + x / x_max * data.w, data.y + (hi - y) / (hi - lo) * data.h);
    frame(items, data, s, ink);
    let mut tick_lines = Vec::new();
    for (v, text) in &marks {
        let y = to_px(0.0, *v).1;
        if y < data.y - 0.5 || y > data.bottom() + 0.5 {
            continue;
        }
        tick_lines.push(vec![(data.x - s.tick_len, y), (data.x, y)]);
        items.push(label(
            text.clone(),
            (data.x - s.tick_len - 0.25 * u, text::baseline_centred(y, s.tick)),
            s.tick,
            ink.soft,
            Anchor::End,
        ));
    }
    let x_most = ((data.w / (5.0 * s.tick)) as usize).clamp(2, 8);
    let mut next_free = f64::NEG_INFINITY;
    for (v, text) in tick_marks(0.0, x_max, x_most) {
        let x = to_px(v, lo).0;
        tick_lines.push(vec![(x, data.bottom()), (x, data.bottom() + s.tick_len)]);
        let half = text::width(&text, s.tick) / 2.0;
        if x - half < next_free || x + half > block.right() + 0.5 {
            continue;
        }
        next_free = x + half + 0.5 * u;
        items.push(label(
            text,
            (x, data.bottom() + s.tick_len + 0.3 * u + s.tick * CAP_HEIGHT),
            s.tick,
            ink.soft,
            Anchor::Middle,
        ));
    }
    items.push(Item::Stroke { lines: tick_lines, width: s.frame, color: ink.frame, dash: None, clip: None });
    let base = data.bottom() + s.tick_len + 0.45 * u + s.tick * CAP_HEIGHT + 0.9 * u + s.label * CAP_HEIGHT;
    items.push(label(chart.x_name.clone(), (data.x + data.w / 2.0, base), s.label, ink.text, Anchor::Middle));
    if let Some(step) = chart.step {
        let x = to_px(step, lo).0;
        items.push(Item::Stroke {
            lines: vec![vec![(x, data.y), (x, data.bottom())]],
            width: s.frame * 1.2,
            color: mix(ink.soft, ink.paper, 0.35),
            dash: Some((0.35 * u, 0.3 * u)),
            clip: Some(data),
        });
    }
    let widest_line = (0.55 * s.path).max(1.6);
    let margin = data.grown(4.0 * widest_line);
    for faint in [true, false] {
        for curve in chart.curves.iter().filter(|c| c.faint == faint) {
            let style = style_of(curve.number);
            // A curve is drawn to the edge it leaves by, as the view's is;
            // raw values under a mean are cut there.
            let lines = if faint {
                pixel_lines(curve.points.iter().map(|&(x, y)| to_px(x, y)), margin)
            } else {
                pixel_lines(
                    curve.points.iter().map(|&(x, y)| to_px(x, if y.is_nan() { y } else { y.clamp(lo, hi) })),
                    margin,
                )
            };
            let width = widest_line * style.width / s.path;
            if faint {
                let color = mix(curve.color, ink.paper, 0.55);
                items.push(Item::Stroke { lines, width: (0.5 * width).max(1.0), color, dash: None, clip: Some(data) });
            } else {
                let outline = (0.6 * s.outline).max(0.8);
                let style = Style {
                    width,
                    dash: style.dash.map(|(a, b)| (a * widest_line / s.path, b * widest_line / s.path + outline)),
                };
                outlined(items, lines, curve.color, style, outline, Some(data));
            }
        }
    }
    let mut y = data.y + 0.4 * u + s.small * CAP_HEIGHT;
    for (note, color) in &chart.notes {
        let text = fitted(note, s.small, data.w - 0.8 * u);
        items.push(Item::Text(Text {
            text,
            at: (data.right() - 0.4 * u, y),
            size: s.small,
            color: color.map_or(ink.text, |c| mix(c, ink.text, 0.35)),
            anchor: Anchor::End,
            angle: 0.0,
            halo: Some((ink.paper, 0.15 * u)),
        }));
        y += 1.3 * s.small;
    }
    items.push(Item::End);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_cut_at_the_area_and_a_huge_one_too() {
        let area = Area { x: 0.0, y: 0.0, w: 10.0, h: 10.0 };
        assert_eq!(clip_segment((-5.0, 5.0), (5.0, 5.0), area), Some(((0.0, 5.0), (5.0, 5.0))));
        assert_eq!(clip_segment((-5.0, -5.0), (-1.0, 20.0), area), None);
        let (a, b) = clip_segment((5.0, 5.0), (1e300, 5.0), area).unwrap();
        assert_eq!((a, b), ((5.0, 5.0), (10.0, 5.0)));
        let lines = pixel_lines([(5.0, 5.0), (f64::INFINITY, 5.0), (2.0, 2.0), (3.0, 3.0), (50.0, 3.0)], area);
        assert_eq!(lines, vec![vec![(2.0, 2.0), (3.0, 3.0), (10.0, 3.0)]]);
    }

    #[test]
    fn exponents_are_written_as_superscripts() {
        assert_eq!(power_of_ten(-12), "10⁻¹²");
        assert_eq!(power_of_ten(3), "10³");
        assert_eq!(power_of_ten(0), "10⁰");
    }
}
