//! The part of parameter space on screen (or in a picture): zoom, pan,
//! fitting points in, and equal aspect; where the 3-D view looks from.

use crate::core::Vec2;

/// Widths beyond these are not drawn meaningfully in f64.
const MIN_WIDTH: f64 = 1e-9;
const MAX_WIDTH: f64 = 1e9;
/// Points closer than this share of the view to its edge count as outside it.
const EDGE: f64 = 0.01;
/// How far follow mode extends a side, in widths of the view: not at all,
/// one, then three (the view at most seven times as wide).
const GROWTH: [f64; 3] = [0.0, 1.0, 3.0];

/// Where the 3-D view looks from, in degrees: turned about the vertical
/// (azimuth) and raised above the horizon (elevation, 0 to 90).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// Turn about the vertical axis.
    pub azimuth: f64,
    /// Height above the horizon: 90 looks straight down.
    pub elevation: f64,
}

impl Camera {
    /// Where the view starts: from the front left, well above the horizon
    /// (so that a valley's floor is not hidden behind its near wall).
    pub const HOME: Camera = Camera { azimuth: -30.0, elevation: 55.0 };

    /// Turned and tilted by these degrees (the elevation kept within 5 to
    /// 90, the azimuth within (−180, 180]).
    pub fn turned(self, azimuth: f64, elevation: f64) -> Camera {
        let mut a = (self.azimuth + azimuth) % 360.0;
        if a > 180.0 {
            a -= 360.0;
        } else if a <= -180.0 {
            a += 360.0;
        }
        Camera { azimuth: a, elevation: (self.elevation + elevation).clamp(5.0, 90.0) }
    }
}

/// The part of parameter space on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Visible x range.
    pub x: (f64, f64),
    /// Visible y range (2-D only; 1-D plots fit f's range).
    pub y: (f64, f64),
}

impl Viewport {
    /// Zoomed by `factor` (above 1: in) around a point; `None` where the
    /// result would be too small or too large to draw.
    pub fn zoomed(self, factor: f64, center: Vec2) -> Option<Self> {
        let z = |(lo, hi): (f64, f64), c: f64| (c + (lo - c) / factor, c + (hi - c) / factor);
        let zoomed = Viewport { x: z(self.x, center[0]), y: z(self.y, center[1]) };
        let width = zoomed.x.1 - zoomed.x.0;
        (width > MIN_WIDTH * (1.0 + zoomed.x.0.abs()) && width < MAX_WIDTH).then_some(zoomed)
    }

    /// Its centre.
    pub fn center(&self) -> Vec2 {
        [(self.x.0 + self.x.1) / 2.0, (self.y.0 + self.y.1) / 2.0]
    }

    /// Moved by fractions of its size.
    pub fn panned(self, right: f64, up: f64) -> Self {
        let dx = (self.x.1 - self.x.0) * right;
        let dy = (self.y.1 - self.y.0) * up;
        Viewport { x: (self.x.0 + dx, self.x.1 + dx), y: (self.y.0 + dy, self.y.1 + dy) }
    }

    /// Widened, if needed, so that every finite point lies inside, clear
    /// of the edges (a point on an edge would not be drawn whole), with a
    /// margin of `margin` of the new size beyond it; never wider than can be
    /// drawn (points further out keep their edge arrows).
    pub fn including(self, points: impl IntoIterator<Item = Vec2>, dim: usize, margin: f64) -> Self {
        let widen = |(lo, hi): (f64, f64), v: f64| {
            let inset = EDGE * (hi - lo);
            if v >= lo + inset && v <= hi - inset {
                return (lo, hi);
            }
            let (new_lo, new_hi) = (lo.min(v), hi.max(v));
            let pad = margin * (new_hi - new_lo);
            let lo = if v < lo + inset { new_lo - pad } else { lo };
            let hi = if v > hi - inset { new_hi + pad } else { hi };
            clamp_width(lo, hi)
        };
        let mut out = self;
        for p in points {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            out.x = widen(out.x, p[0]);
            if dim == 2 {
                out.y = widen(out.y, p[1]);
            }
        }
        out
    }

    /// Grown on each side past which the points lie, by one width (or
    /// height) of its own, then by three, and no further: the view follow
    /// mode shows. Each side is decided on its own, from how far the points
    /// reach past it, so the view changes only when a point passes one of
    /// its edges, and then by a whole width; between, it holds still, and
    /// with more points it only grows.
    pub fn grown_to_hold(self, points: impl IntoIterator<Item = Vec2>, dim: usize) -> Self {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in points {
            for axis in 0..dim.min(2) {
                if p[axis].is_finite() {
                    lo[axis] = lo[axis].min(p[axis]);
                    hi[axis] = hi[axis].max(p[axis]);
                }
            }
        }
        let grow = |(start, end): (f64, f64), low: f64, high: f64| {
            let span = end - start;
            let inset = EDGE * span;
            // The fewest widths of extension, of those allowed, that hold v.
            let reach = |past: f64| GROWTH.iter().copied().find(|&k| past <= k * span - inset).unwrap_or(GROWTH[2]);
            let left = if low < start + inset { reach(start - low) } else { 0.0 };
            let right = if high > end - inset { reach(high - end) } else { 0.0 };
            clamp_width(start - left * span, end + right * span)
        };
        let mut out = self;
        if lo[0] <= hi[0] {
            out.x = grow(self.x, lo[0], hi[0]);
        }
        if dim == 2 && lo[1] <= hi[1] {
            out.y = grow(self.y, lo[1], hi[1]);
        }
        out
    }

    /// Widened along one axis so that a unit has the same length on screen
    /// along both, for a plot of `columns` × `rows` cells whose cells are
    /// `cell_aspect` times as tall as wide.
    pub fn equal_aspect(self, columns: u16, rows: u16, cell_aspect: f64) -> Self {
        let (w, h) = (self.x.1 - self.x.0, self.y.1 - self.y.0);
        let screen_w = f64::from(columns.max(1));
        let screen_h = f64::from(rows.max(1)) * cell_aspect;
        // Units per screen length along each axis; the larger one wins.
        let (ux, uy) = (w / screen_w, h / screen_h);
        if !(ux.is_finite() && uy.is_finite() && ux > 0.0 && uy > 0.0) {
            return self;
        }
        let grow = |(lo, hi): (f64, f64), width: f64| {
            let c = (lo + hi) / 2.0;
            (c - width / 2.0, c + width / 2.0)
        };
        if ux > uy {
            Viewport { x: self.x, y: grow(self.y, ux * screen_h) }
        } else {
            Viewport { x: grow(self.x, uy * screen_w), y: self.y }
        }
    }
}

fn clamp_width(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo <= MAX_WIDTH {
        return (lo, hi);
    }
    let c = ((lo + hi) / 2.0).clamp(-MAX_WIDTH, MAX_WIDTH);
    (c - MAX_WIDTH / 2.0, c + MAX_WIDTH / 2.0)
}

/// What a plot drew: how many half-block pixels, over which part of
/// parameter space. Background work that maps the plot pixel by pixel
/// (basins) is computed for this.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotGeometry {
    /// Pixels across and down (one per cell across, two per cell down).
    pub pixels: (usize, usize),
    /// The part of parameter space drawn.
    pub view: Viewport,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn including_points_widens_only_the_sides_they_are_on() {
        let v = Viewport { x: (-1.0, 1.0), y: (-1.0, 1.0) };
        assert_eq!(v.including([[0.5, 0.5]], 2, 0.1), v, "a point inside changes nothing");
        let w = v.including([[3.0, 0.0]], 2, 0.1);
        assert_eq!(w.y, v.y);
        assert_eq!(w.x.0, -1.0);
        assert!((w.x.1 - 3.4).abs() < 1e-12, "{w:?}");
        let edge = v.including([[1.0, -1.0]], 2, 0.1);
        assert!(edge.x.1 > 1.0 && edge.y.0 < -1.0, "a point on the edge is brought inside: {edge:?}");
        let far = v.including([[1e12, 0.0]], 2, 0.1);
        assert!(far.x.1 - far.x.0 <= MAX_WIDTH);
        assert_eq!(v.including([[f64::NAN, 5.0]], 2, 0.1), v);
    }

    #[test]
    fn following_grows_by_whole_widths_and_holds_still_between() {
        let v = Viewport { x: (-1.0, 1.0), y: (0.0, 1.0) };
        assert_eq!(v.grown_to_hold([[0.5, 0.5]], 2), v, "points inside change nothing");
        // Past the right edge: one width more on that side.
        let w = v.grown_to_hold([[0.5, 0.5], [1.5, 0.5]], 2);
        assert_eq!((w.x, w.y), ((-1.0, 3.0), (0.0, 1.0)));
        // Further out, but inside that: the same view.
        assert_eq!(v.grown_to_hold([[2.9, 0.5]], 2), w);
        // Then three widths; each side on its own, whatever the order.
        assert_eq!(v.grown_to_hold([[3.5, 0.5], [-1.5, 0.5]], 2).x, (-3.0, 7.0));
        assert_eq!(v.grown_to_hold([[-1.5, 0.5], [3.5, 0.5]], 2).x, (-3.0, 7.0));
        let far = v.grown_to_hold([[1e6, -1e6]], 2);
        assert_eq!((far.x, far.y), ((-1.0, 7.0), (-3.0, 1.0)), "no further than three widths a side");
        assert_eq!(v.grown_to_hold([[f64::NAN, 5.0]], 1), v, "1-D: y is left alone");
    }

    #[test]
    fn equal_aspect_makes_units_equally_long() {
        // 80 cells across, 20 down, cells twice as tall as wide: the screen is 80 × 40.
        let v = Viewport { x: (-4.0, 4.0), y: (-1.0, 1.0) }.equal_aspect(80, 20, 2.0);
        assert_eq!(v.x, (-4.0, 4.0));
        assert!((v.y.1 - v.y.0 - 4.0).abs() < 1e-12, "{v:?}");
        let tall = Viewport { x: (-1.0, 1.0), y: (-4.0, 4.0) }.equal_aspect(80, 20, 2.0);
        assert_eq!(tall.y, (-4.0, 4.0));
        assert!((tall.x.1 - tall.x.0 - 16.0).abs() < 1e-12, "{tall:?}");
    }
}
