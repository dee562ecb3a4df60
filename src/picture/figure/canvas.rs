//! A scene painted into pixels, anti-aliased: lines as round-ended capsules
//! whose coverage is the distance of each pixel's centre from the line,
//! each stroke's coverage gathered first (its maximum, so that a line
//! crossing itself is not painted twice over), then laid on at once.

use anyhow::{Result, bail};

use super::scene::{Area, Item, Point, Scene, Text};
use super::text;
use crate::core::scenario::Rgb;

/// An RGB image being painted.
pub struct Canvas {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// Three bytes a pixel, row by row.
    pub rgb: Vec<u8>,
}

/// A buffer of `n` values, or an error (not an abort) where memory is short.
pub fn buffer<T: Clone>(n: usize, value: T, what: &str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    if v.try_reserve_exact(n).is_err() {
        bail!("not enough memory for {what} ({} MB)", n * std::mem::size_of::<T>() / 1_000_000);
    }
    v.resize(n, value);
    Ok(v)
}

impl Canvas {
    /// A canvas of one colour.
    pub fn new(width: usize, height: usize, paper: Rgb) -> Result<Canvas> {
        let mut rgb = buffer(width * height * 3, 0u8, "the figure")?;
        for p in rgb.chunks_exact_mut(3) {
            p.copy_from_slice(&[paper.0, paper.1, paper.2]);
        }
        Ok(Canvas { width, height, rgb })
    }

    /// The pixel at (x, y).
    pub fn at(&self, x: usize, y: usize) -> Rgb {
        let k = (y * self.width + x) * 3;
        Rgb(self.rgb[k], self.rgb[k + 1], self.rgb[k + 2])
    }

    fn put(&mut self, x: usize, y: usize, c: Rgb, a: f32) {
        if a <= 0.0 {
            return;
        }
        let k = (y * self.width + x) * 3;
        let p = &mut self.rgb[k..k + 3];
        if a >= 1.0 {
            p.copy_from_slice(&[c.0, c.1, c.2]);
            return;
        }
        for (v, o) in p.iter_mut().zip([c.0, c.1, c.2]) {
            *v = (f32::from(*v) * (1.0 - a) + f32::from(o) * a).round() as u8;
        }
    }

    /// The whole pixels an area touches, within the canvas: x0..x1, y0..y1.
    fn span(&self, area: Area) -> (usize, usize, usize, usize) {
        let clamp = |v: f64, most: usize| (v.max(0.0).min(most as f64)) as usize;
        (
            clamp(area.x.floor(), self.width),
            clamp(area.right().ceil(), self.width),
            clamp(area.y.floor(), self.height),
            clamp(area.bottom().ceil(), self.height),
        )
    }

    /// Paints a whole scene.
    pub fn paint(scene: &Scene) -> Result<Canvas> {
        let mut canvas = Canvas::new(scene.width, scene.height, scene.background)?;
        for item in &scene.items {
            canvas.item(item)?;
        }
        Ok(canvas)
    }

    fn item(&mut self, item: &Item) -> Result<()> {
        match item {
            Item::Begin(_) | Item::End => {}
            Item::Rect { area, fill } => self.rect(*area, *fill),
            Item::Image { area, image } => {
                let (x0, y0) = (area.x.round() as i64, area.y.round() as i64);
                for y in 0..image.height {
                    for x in 0..image.width {
                        let (cx, cy) = (x0 + x as i64, y0 + y as i64);
                        if cx >= 0 && cy >= 0 && (cx as usize) < self.width && (cy as usize) < self.height {
                            self.put(cx as usize, cy as usize, image.at(x, y), 1.0);
                        }
                    }
                }
            }
            Item::Gradient { area, stops } => {
                let (x0, x1, y0, y1) = self.span(*area);
                for y in y0..y1 {
                    let t = ((area.bottom() - (y as f64 + 0.5)) / area.h).clamp(0.0, 1.0);
                    let c = along(stops, t);
                    for x in x0..x1 {
                        self.put(x, y, c, 1.0);
                    }
                }
            }
            Item::Stroke { lines, width, color, dash, clip } => self.stroke(lines, *width, *color, *dash, *clip)?,
            Item::Disc { centre, radius, fill } => {
                let r = *radius;
                let (x0, x1, y0, y1) = self.span(Area {
                    x: centre.0 - r - 1.0,
                    y: centre.1 - r - 1.0,
                    w: 2.0 * r + 2.0,
                    h: 2.0 * r + 2.0,
                });
                for y in y0..y1 {
                    for x in x0..x1 {
                        let d = (x as f64 + 0.5 - centre.0).hypot(y as f64 + 0.5 - centre.1);
                        self.put(x, y, *fill, (r + 0.5 - d).clamp(0.0, 1.0) as f32);
                    }
                }
            }
            Item::Polygon { points, fill } => self.polygon(points, *fill),
            Item::Text(t) => self.text(t),
        }
        Ok(())
    }

    /// A rectangle, its edges anti-aliased.
    fn rect(&mut self, area: Area, fill: Rgb) {
        let (x0, x1, y0, y1) = self.span(area);
        for y in y0..y1 {
            let cy = (area.bottom().min(y as f64 + 1.0) - area.y.max(y as f64)).clamp(0.0, 1.0);
            for x in x0..x1 {
                let cx = (area.right().min(x as f64 + 1.0) - area.x.max(x as f64)).clamp(0.0, 1.0);
                self.put(x, y, fill, (cx * cy) as f32);
            }
        }
    }

    /// A convex polygon, by each pixel centre's signed distance from its edges.
    fn polygon(&mut self, points: &[Point], fill: Rgb) {
        if points.len() < 3 {
            return;
        }
        let n = points.len();
        let area: f64 = (0..n).map(|i| points[i].0 * points[(i + 1) % n].1 - points[(i + 1) % n].0 * points[i].1).sum();
        let sign = if area >= 0.0 { 1.0 } else { -1.0 };
        // Each edge as an outward normal and offset.
        let edges: Vec<(f64, f64, f64)> = (0..n)
            .filter_map(|i| {
                let (a, b) = (points[i], points[(i + 1) % n]);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let length = dx.hypot(dy);
                (length > 1e-12).then(|| {
                    let (nx, ny) = (sign * dy / length, -sign * dx / length);
                    (nx, ny, nx * a.0 + ny * a.1)
                })
            })
            .collect();
        let (lo_x, hi_x) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |m, p| (m.0.min(p.0), m.1.max(p.0)));
        let (lo_y, hi_y) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |m, p| (m.0.min(p.1), m.1.max(p.1)));
        let (x0, x1, y0, y1) =
            self.span(Area { x: lo_x - 1.0, y: lo_y - 1.0, w: hi_x - lo_x + 2.0, h: hi_y - lo_y + 2.0 });
        for y in y0..y1 {
            for x in x0..x1 {
                let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                let sd = edges.iter().map(|&(nx, ny, c)| nx * px + ny * py - c).fold(f64::NEG_INFINITY, f64::max);
                self.put(x, y, fill, (0.5 - sd).clamp(0.0, 1.0) as f32);
            }
        }
    }

    /// Lines of `width` with round ends and joins, dashed or not, within `clip`.
    fn stroke(
        &mut self,
        lines: &[Vec<Point>],
        width: f64,
        color: Rgb,
        dash: Option<(f64, f64)>,
        clip: Option<Area>,
    ) -> Result<()> {
        let pieces: Vec<Vec<Point>> = match dash {
            Some((on, off)) => lines.iter().flat_map(|l| dashed(l, on, off)).collect(),
            None => lines.to_vec(),
        };
        let r = width / 2.0;
        let reach = r + 1.0;
        let (mut lo, mut hi) = ((f64::INFINITY, f64::INFINITY), (f64::NEG_INFINITY, f64::NEG_INFINITY));
        for p in pieces.iter().flatten() {
            lo = (lo.0.min(p.0), lo.1.min(p.1));
            hi = (hi.0.max(p.0), hi.1.max(p.1));
        }
        if !(lo.0.is_finite() && hi.0.is_finite()) {
            return Ok(());
        }
        let mut bounds =
            Area { x: lo.0 - reach, y: lo.1 - reach, w: hi.0 - lo.0 + 2.0 * reach, h: hi.1 - lo.1 + 2.0 * reach };
        if let Some(c) = clip {
            let (x, y) = (bounds.x.max(c.x), bounds.y.max(c.y));
            bounds = Area {
                x,
                y,
                w: (bounds.right().min(c.right()) - x).max(0.0),
                h: (bounds.bottom().min(c.bottom()) - y).max(0.0),
            };
        }
        let (x0, x1, y0, y1) = self.span(bounds);
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        let (mw, mh) = (x1 - x0, y1 - y0);
        let mut mask = buffer(mw * mh, 0u8, "a line")?;
        // A line thinner than a pixel covers only its share of one.
        let most = width.min(1.0);
        let mut capsule = |a: Point, b: Point| {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let length2 = dx * dx + dy * dy;
            let row_lo = ((a.1.min(b.1) - reach).floor().max(y0 as f64)) as usize;
            let row_hi = ((a.1.max(b.1) + reach).ceil().min(y1 as f64)) as usize;
            for y in row_lo..row_hi {
                let cy = y as f64 + 0.5;
                // The columns near the segment in this row: those of its
                // points within `reach` of the row, widened by `reach`.
                let (mut xa, mut xb) = if dy.abs() > 1e-9 {
                    let t1 = ((cy - reach - a.1) / dy).clamp(0.0, 1.0);
                    let t2 = ((cy + reach - a.1) / dy).clamp(0.0, 1.0);
                    let (u, v) = (a.0 + dx * t1, a.0 + dx * t2);
                    (u.min(v), u.max(v))
                } else {
                    (a.0.min(b.0), a.0.max(b.0))
                };
                xa = (xa - reach).floor().max(x0 as f64);
                xb = (xb + reach).ceil().min(x1 as f64);
                if xb <= xa {
                    continue;
                }
                for x in xa as usize..xb as usize {
                    let cx = x as f64 + 0.5;
                    let t = if length2 > 0.0 {
                        (((cx - a.0) * dx + (cy - a.1) * dy) / length2).clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    let d = (cx - a.0 - t * dx).hypot(cy - a.1 - t * dy);
                    let cov = (r + 0.5 - d).clamp(0.0, most);
                    if cov > 0.0 {
                        let k = (y - y0) * mw + (x - x0);
                        mask[k] = mask[k].max((cov * 255.0).round() as u8);
                    }
                }
            }
        };
        for piece in &pieces {
            match piece.as_slice() {
                [] => {}
                [p] => capsule(*p, *p),
                _ => piece.windows(2).for_each(|w| capsule(w[0], w[1])),
            }
        }
        for y in 0..mh {
            for x in 0..mw {
                let a = mask[y * mw + x];
                if a > 0 {
                    self.put(x0 + x, y0 + y, color, f32::from(a) / 255.0);
                }
            }
        }
        Ok(())
    }

    /// A line of text, its halo first.
    fn text(&mut self, t: &Text) {
        let halo = t.halo.map_or(0.0, |h| h.1);
        let bitmap = text::bitmap(&t.text, t.size, halo.ceil() as usize + 1);
        let grown = t.halo.map(|(_, r)| bitmap.grown(r));
        let shift = bitmap.advance * t.anchor.share();
        let (sin, cos) = t.angle.to_radians().sin_cos();
        if t.angle == 0.0 {
            // Upright: whole pixels, so that the glyphs stay crisp.
            let left = (t.at.0 - shift).round() as i64 - bitmap.origin.0 as i64;
            let top = t.at.1.round() as i64 - bitmap.origin.1 as i64;
            let lay = |canvas: &mut Canvas, coverage: &[f32], color: Rgb| {
                for y in 0..bitmap.height {
                    for x in 0..bitmap.width {
                        let (cx, cy) = (left + x as i64, top + y as i64);
                        if cx >= 0 && cy >= 0 && (cx as usize) < canvas.width && (cy as usize) < canvas.height {
                            canvas.put(cx as usize, cy as usize, color, coverage[y * bitmap.width + x]);
                        }
                    }
                }
            };
            if let (Some(g), Some((c, _))) = (&grown, t.halo) {
                lay(self, g, c);
            }
            lay(self, &bitmap.coverage, t.color);
            return;
        }
        // Turned: each pixel of the canvas looks up the bitmap, bilinearly.
        let (ox, oy) = (bitmap.origin.0 as f64 + shift, bitmap.origin.1 as f64);
        let to_canvas =
            |u: f64, v: f64| (t.at.0 + (u - ox) * cos + (v - oy) * sin, t.at.1 - (u - ox) * sin + (v - oy) * cos);
        let corners = [
            to_canvas(0.0, 0.0),
            to_canvas(bitmap.width as f64, 0.0),
            to_canvas(0.0, bitmap.height as f64),
            to_canvas(bitmap.width as f64, bitmap.height as f64),
        ];
        let (lx, hx) = corners.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |m, p| (m.0.min(p.0), m.1.max(p.0)));
        let (ly, hy) = corners.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |m, p| (m.0.min(p.1), m.1.max(p.1)));
        let (x0, x1, y0, y1) = self.span(Area { x: lx, y: ly, w: hx - lx, h: hy - ly });
        let sample = |coverage: &[f32], u: f64, v: f64| {
            let (u, v) = (u - 0.5, v - 0.5);
            let (i, j) = (u.floor() as i64, v.floor() as i64);
            let (fu, fv) = ((u - u.floor()) as f32, (v - v.floor()) as f32);
            let at = |x: i64, y: i64| {
                if x < 0 || y < 0 || x as usize >= bitmap.width || y as usize >= bitmap.height {
                    0.0
                } else {
                    coverage[y as usize * bitmap.width + x as usize]
                }
            };
            (at(i, j) * (1.0 - fu) + at(i + 1, j) * fu) * (1.0 - fv)
                + (at(i, j + 1) * (1.0 - fu) + at(i + 1, j + 1) * fu) * fv
        };
        for layer in [grown.as_deref().zip(t.halo.map(|h| h.0)), Some((bitmap.coverage.as_slice(), t.color))]
            .into_iter()
            .flatten()
        {
            let (coverage, color) = layer;
            for y in y0..y1 {
                for x in x0..x1 {
                    let (dx, dy) = (x as f64 + 0.5 - t.at.0, y as f64 + 0.5 - t.at.1);
                    let u = dx * cos - dy * sin + ox;
                    let v = dx * sin + dy * cos + oy;
                    self.put(x, y, color, sample(coverage, u, v));
                }
            }
        }
    }
}

/// The colour at t ∈ [0, 1] along evenly spaced stops.
pub fn along(stops: &[Rgb], t: f64) -> Rgb {
    match stops {
        [] => Rgb(0, 0, 0),
        [c] => *c,
        _ => {
            let s = t * (stops.len() - 1) as f64;
            let k = (s.floor() as usize).min(stops.len() - 2);
            crate::look::colour::mix(stops[k], stops[k + 1], s - k as f64)
        }
    }
}

/// The dashes of a line: pieces `on` long with gaps `off` long between.
pub fn dashed(line: &[Point], on: f64, off: f64) -> Vec<Vec<Point>> {
    let mut out = Vec::new();
    if line.len() < 2 || on <= 0.0 {
        return vec![line.to_vec()];
    }
    let period = on + off;
    let mut phase = 0.0f64;
    let mut current: Vec<Point> = vec![line[0]];
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        let mut s = 0.0;
        while s < length {
            let drawing = phase < on;
            let left = if drawing { on - phase } else { period - phase };
            let step = left.min(length - s);
            s += step;
            phase += step;
            let t = s / length;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if drawing {
                current.push(p);
            }
            if phase >= period - 1e-12 {
                phase = 0.0;
                current = vec![p];
            } else if drawing && phase >= on - 1e-12 {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if current.len() >= 2 && phase < on {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thick_line_covers_its_width_and_nothing_beyond() {
        let scene = Scene {
            width: 40,
            height: 20,
            background: Rgb(255, 255, 255),
            plot: super::super::scene::PlotFrame {
                data: Area { x: 0.0, y: 0.0, w: 1.0, h: 1.0 },
                x: (0.0, 1.0),
                y: (0.0, 1.0),
            },
            items: vec![Item::Stroke {
                lines: vec![vec![(5.0, 10.0), (35.0, 10.0)]],
                width: 6.0,
                color: Rgb(255, 0, 0),
                dash: None,
                clip: None,
            }],
        };
        let c = Canvas::paint(&scene).unwrap();
        assert_eq!(c.at(20, 10), Rgb(255, 0, 0));
        assert_eq!(c.at(20, 8), Rgb(255, 0, 0), "within half the width");
        assert_eq!(c.at(20, 14), Rgb(255, 255, 255), "beyond it");
        assert_eq!(c.at(38, 10), Rgb(255, 255, 255), "past the round end");
    }

    #[test]
    fn dashes_alternate_along_the_line() {
        let pieces = dashed(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], 3.0, 2.0);
        // 20 long: dashes at 0–3, 5–8, 10–13 (round the corner), 15–18.
        assert_eq!(pieces.len(), 4, "{pieces:?}");
        assert_eq!(pieces[2], vec![(10.0, 0.0), (10.0, 3.0)]);
        assert_eq!(pieces[0], vec![(0.0, 0.0), (3.0, 0.0)]);
    }
}
