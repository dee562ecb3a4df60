//! The 3-D view's bearings: the floor's two near edges as the axes of the
//! parameters, with ticks and values in the landscape's own names (x, y; w,
//! b), a vertical f axis at the leftmost corner, labelled through the
//! surface's height scale (logarithmic where the contour map is), and the
//! axes' names.
//!
//! ```text
//!      f (log) ⣿
//!          100 ⣿   surface
//!           10 ⣿
//!            0 ⣿⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀
//!              ⠁  ⠁  ⠁  ⠁ ⠈⠢⡀   ← near edges, ticks outward
//!             -4  -2 x 0     ⠈⠢⡀
//!                          -2  y 2
//! ```
//!
//! The near edges are never hidden: for each column of the screen the
//! floor's near edge is the lowest point of the footprint, and the surface
//! only rises above the footprint. Nor is the vertical axis at the leftmost
//! corner, which no other point of the surface reaches.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::dots::{DotLayer, Owner, ticks};
use super::field::Scale;
use super::surface::{HEIGHT, Projection};
use crate::format::short;
use crate::tui::viewport::Viewport;

/// Columns kept free left of the box, for the f axis's values.
pub const LEFT_COLUMNS: f64 = 7.0;
/// Columns kept free right of it, for the values that hang off the right edge.
pub const RIGHT_COLUMNS: f64 = 3.0;
/// Rows kept free below it, for the values under the near edges.
pub const BOTTOM_ROWS: f64 = 2.0;
/// At most one tick every this many columns along an edge.
const COLUMNS_PER_TICK: f64 = 7.0;
/// A tick's length, in pixels.
const TICK: f64 = 0.8;

/// A piece of text at a cell of the plot's data area.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// What it says.
    pub text: String,
    /// Its first column, from the data area's left.
    pub col: u16,
    /// Its row, from the data area's top.
    pub row: u16,
    /// A value along an axis, or the axis's name.
    pub kind: LabelKind,
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A value of the first parameter (x, w) at a tick of its edge.
    First(u8),
    /// A value of the second parameter (y, b).
    Second(u8),
    /// A value of f on the vertical axis.
    Height(u8),
    /// An axis's name.
    Name,
}

/// What the bearings draw: lines in the projection's pixels, and labels.
#[derive(Debug, Clone, Default)]
pub struct Bearings {
    /// The axes and their ticks, from pixel to pixel.
    pub lines: Vec<((f64, f64), (f64, f64))>,
    /// The values and names.
    pub labels: Vec<Label>,
}

/// A floor corner, in world units (x, y in ±1) and where it lands.
#[derive(Debug, Clone, Copy)]
struct Corner {
    world: [f64; 2],
    at: (f64, f64),
}

/// The bearings of a surface seen through `projection`, over `view`, with
/// heights on `scale`, in a data area of `size` cells; `names` are the
/// parameters' names.
pub fn bearings(
    projection: &Projection,
    view: Viewport,
    scale: &Scale,
    names: [&str; 2],
    size: (u16, u16),
) -> Bearings {
    let pixel = |w: [f64; 3]| {
        let (x, y, _) = projection.project(w);
        (x, y)
    };
    let corners: Vec<Corner> = [[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]]
        .into_iter()
        .map(|c| Corner { world: c, at: pixel([c[0], c[1], 0.0]) })
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
    // The nearest corner is the lowest on screen (the rightmost of two);
    // the f axis stands at the leftmost (the lowest of two).
    let near = *corners
        .iter()
        .max_by(|a, b| if close(a.at.1, b.at.1) { a.at.0.total_cmp(&b.at.0) } else { a.at.1.total_cmp(&b.at.1) })
        .expect("four corners");
    let left = *corners
        .iter()
        .min_by(|a, b| if close(a.at.0, b.at.0) { b.at.1.total_cmp(&a.at.1) } else { a.at.0.total_cmp(&b.at.0) })
        .expect("four corners");
    let mut out = Bearings::default();
    let mut taken: Vec<(i32, i32, i32, u8)> = Vec::new();
    let (cols, rows) = (i32::from(size.0), i32::from(size.1));
    let mut place = |out: &mut Bearings, text: String, col: i32, row: i32, kind: LabelKind| -> bool {
        let width = text.chars().count() as i32;
        let fits = col >= 0 && row >= 0 && col + width <= cols && row < rows;
        // One free column between labels on a row, and a free row between
        // two axes' labels, so that no value is read as another axis's.
        let axis = match kind {
            LabelKind::First(_) => 0,
            LabelKind::Second(_) => 1,
            LabelKind::Height(_) => 2,
            LabelKind::Name => 3,
        };
        let free = taken.iter().all(|&(c, r, w, a)| {
            let apart = col + width < c || col > c + w;
            let rows_apart = if a == axis || a == 3 || axis == 3 { 0 } else { 1 };
            apart || (r - row).abs() > rows_apart
        });
        if fits && free {
            taken.push((col, row, width, axis));
            out.labels.push(Label { text, col: col as u16, row: row as u16, kind });
        }
        fits && free
    };
    // The f axis's values, left of the vertical line at the leftmost corner.
    let foot = [left.world[0], left.world[1], 0.0];
    let top = pixel([foot[0], foot[1], HEIGHT]);
    let span_rows = (left.at.1 - top.1) / 2.0;
    if span_rows >= 1.0 {
        out.lines.push((left.at, top));
        let most = ((span_rows / 2.0).floor() as usize + 1).clamp(2, 6);
        for (n, v) in height_ticks(scale, most).into_iter().enumerate() {
            let at = pixel([foot[0], foot[1], HEIGHT * scale.t(v)]);
            out.lines.push(((at.0 - TICK, at.1), at));
            let text = short(v);
            let col = at.0.floor() as i32 - 1 - text.chars().count() as i32;
            place(&mut out, text, col, (at.1 / 2.0).floor() as i32, LabelKind::Height(n as u8));
        }
        // The name above, right-aligned with the values (or, with no room
        // above, right of the axis's top).
        let name = if scale.is_log() { "f (log)" } else { "f" };
        let (col, row) = (top.0.floor() as i32 - 1 - name.chars().count() as i32, (top.1 / 2.0).floor() as i32 - 1);
        if !place(&mut out, name.into(), col, row, LabelKind::Name) {
            place(&mut out, name.into(), top.0.floor() as i32 + 2, (top.1 / 2.0).floor() as i32, LabelKind::Name);
        }
    }
    // The two near edges: along the first parameter (the other held at the
    // near corner's), then along the second.
    for along in 0..2 {
        let mut far = near.world;
        far[along] = -far[along];
        let end = pixel([far[0], far[1], 0.0]);
        out.lines.push((near.at, end));
        let range = if along == 0 { view.x } else { view.y };
        // Outward: away from the footprint, across the edge.
        let mut outward = [0.0, 0.0, 0.0];
        outward[1 - along] = near.world[1 - along];
        let length_cols = (end.0 - near.at.0).hypot((end.1 - near.at.1) / 2.0);
        let most = ((length_cols / COLUMNS_PER_TICK).floor() as usize).clamp(2, 8);
        let world_of = |v: f64| 2.0 * (v - range.0) / (range.1 - range.0) - 1.0;
        let point = |s: f64, lift: f64| {
            let mut w = [near.world[0], near.world[1], 0.0];
            w[along] = s;
            pixel([w[0] + outward[0] * lift, w[1] + outward[1] * lift, 0.0])
        };
        // The outward direction on screen, in cells (a row is two pixels).
        let direction = |s: f64| {
            let (a, b) = (point(s, 0.0), point(s, 0.1));
            let (dx, dy) = (b.0 - a.0, (b.1 - a.1) / 2.0);
            let n = dx.hypot(dy);
            if n > 1e-12 { (dx / n, dy / n) } else { (0.0, 1.0) }
        };
        let mut farthest: f64 = 0.0;
        for (n, v) in ticks(range.0, range.1, most).into_iter().enumerate() {
            let s = world_of(v);
            let at = point(s, 0.0);
            let (dx, dy) = direction(s);
            let tip = (at.0 + dx * TICK, at.1 + dy * 2.0 * TICK);
            out.lines.push((at, tip));
            let text = short(v);
            let kind = if along == 0 { LabelKind::First(n as u8) } else { LabelKind::Second(n as u8) };
            let d = clearance(text.chars().count(), (dx, dy));
            farthest = farthest.max(d);
            let (col, row) = centred(&text, (at.0 + dx * d, at.1 / 2.0 + dy * d));
            place(&mut out, text, col, row, kind);
        }
        // The name beyond the values, at the edge's middle if it is free,
        // else nearer one end.
        let name = names[along].to_string();
        for s in [0.0, -0.3, 0.3, -0.6, 0.6] {
            let at = point(s, 0.0);
            let (dx, dy) = direction(s);
            let d = farthest.max(clearance(name.chars().count(), (dx, dy))) + 1.0;
            let (col, row) = centred(&name, (at.0 + dx * d, at.1 / 2.0 + dy * d));
            if place(&mut out, name.clone(), col, row, LabelKind::Name) {
                break;
            }
        }
    }
    out
}

/// How far out along a direction (in cells) a label `width` columns wide
/// is centred so that it clears the point it labels.
fn clearance(width: usize, (dx, dy): (f64, f64)) -> f64 {
    let across = if dx.abs() > 1e-9 { (width as f64 / 2.0 + 1.0) / dx.abs() } else { f64::INFINITY };
    let down = if dy.abs() > 1e-9 { 1.5 / dy.abs() } else { f64::INFINITY };
    across.min(down)
}

/// The first column and the row of a label centred on a point given in cells.
fn centred(text: &str, (x, y): (f64, f64)) -> (i32, i32) {
    ((x - text.chars().count() as f64 / 2.0).round() as i32, y.floor() as i32)
}

/// About `most` values of f to label a height axis with, each at its own
/// height on the scale: round numbers for a linear scale; for a
/// logarithmic one, the values at evenly spaced heights rounded to one
/// significant digit (toward the inside at the ends), which land about a
/// decade apart.
pub fn height_ticks(scale: &Scale, most: usize) -> Vec<f64> {
    let (lo, hi) = (scale.value_at(0.0), scale.value_at(1.0));
    if !(lo.is_finite() && hi.is_finite() && hi > lo) || most < 2 {
        return vec![];
    }
    if !scale.is_log() {
        // At least two, so that the axis can be read.
        let mut asked = most;
        while ticks(lo, hi, asked).len() < 2 && asked < 4 * most {
            asked += 1;
        }
        return ticks(lo, hi, asked);
    }
    let mut values: Vec<f64> = Vec::new();
    for k in 0..most {
        let t = k as f64 / (most - 1) as f64;
        let v = scale.value_at(t);
        let inside = |r: f64| (lo..=hi).contains(&r);
        let rounded = [round_one_digit(v, 0), round_one_digit(v, if k == 0 { 1 } else { -1 })];
        let Some(r) = rounded.into_iter().find(|&r| inside(r)) else { continue };
        if values.last().is_none_or(|&last| short(last) != short(r)) {
            values.push(r);
        }
    }
    values
}

/// v to one significant digit: to nearest (`toward` 0), up (1) or down (−1).
fn round_one_digit(v: f64, toward: i8) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let unit = 10f64.powf(v.abs().log10().floor());
    let q = v / unit;
    let q = match toward {
        0 => q.round(),
        1 => q.ceil(),
        _ => q.floor(),
    };
    q * unit
}

/// Draws the bearings into the data area: lines in dim dots over what is
/// there, values dim, names in the same colour but bold.
pub fn draw(bearings: &Bearings, style: Style, data: Rect, buf: &mut Buffer) {
    let mut layer = DotLayer::new(usize::from(data.width), usize::from(data.height));
    for &(a, b) in &bearings.lines {
        // Dots are half a pixel across and down.
        layer.line((a.0 * 2.0, a.1 * 2.0), (b.0 * 2.0, b.1 * 2.0), Owner::Neutral, 0);
    }
    for row in 0..layer.height {
        for col in 0..layer.width {
            let Some(symbol) = layer.symbol(row * layer.width + col) else { continue };
            let cell = &mut buf[(data.x + col as u16, data.y + row as u16)];
            // Over a half-block cell the lower pixel's colour stays behind the dots.
            cell.set_char(symbol).set_style(style);
        }
    }
    for label in &bearings.labels {
        let style =
            if label.kind == LabelKind::Name { style.add_modifier(ratatui::style::Modifier::BOLD) } else { style };
        buf.set_string(data.x + label.col, data.y + label.row, &label.text, style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_axis_is_labelled_about_a_decade_apart() {
        // f from 0 to 192 over four decades (s = 192·1e-4): heights 0, ¼, ½, ¾, 1
        // are 0, 9s, 99s, 999s, 9999s = 0, 0.17, 1.9, 19, 192.
        let scale = Scale::Log { lo: 0.0, hi: 192.0, s: 0.0192 };
        assert_eq!(height_ticks(&scale, 5), vec![0.0, 0.2, 2.0, 20.0, 100.0]);
        // Every value sits at its own height, which rises with it.
        let t: Vec<f64> = height_ticks(&scale, 5).iter().map(|&v| scale.t(v)).collect();
        assert!(t.windows(2).all(|w| w[0] < w[1]), "{t:?}");
        // The bottom rounds up, not below the lowest f.
        let scale = Scale::Log { lo: 3.2e-5, hi: 5.0, s: 5e-4 };
        assert_eq!(height_ticks(&scale, 2)[0], 4e-5);
    }

    #[test]
    fn a_linear_axis_has_round_values() {
        let scale = Scale::Linear { lo: -1.03, hi: 2.4 };
        assert_eq!(height_ticks(&scale, 4), vec![-1.0, 0.0, 1.0, 2.0]);
        assert_eq!(height_ticks(&scale, 2), vec![0.0, 2.0]);
    }
}
