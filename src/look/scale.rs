//! How values become colours and lines, in the terminal and in pictures
//! alike: the map's scale and its contour levels, and where an axis's ticks
//! go.

use crate::core::landscape::Landscape;
use crate::core::scenario::{Levels, Rgb};

use super::viewport::Viewport;

/// Number of contour bands between the lowest and highest value shown.
pub const LEVELS: f64 = 14.0;

/// Where f is undefined (NaN: `log(x)` at x < 0, `sqrt` of a negative),
/// the map is a neutral grey, hatched where a whole cell is undefined:
/// no colour of the map, least of all its top, which means "highest loss".
pub const UNDEFINED_FILL: Rgb = Rgb(0x50, 0x50, 0x50);
/// The hatch lines over [`UNDEFINED_FILL`].
pub const UNDEFINED_HATCH: Rgb = Rgb(0x9a, 0x9a, 0x9a);
/// On a log scale, the levels reach down to this fraction of the span.
const LOG_DECADES_SCALE: f64 = 1e-4;
/// A log scale asked for by name reaches down to the height of this
/// share of the values, the lowest.
const LOW_GROUND: f64 = 0.02;

/// How values map to [0, 1] for colour and contour levels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Evenly spaced levels.
    Linear { lo: f64, hi: f64 },
    /// ln(1 + (f − lo)/s): levels crowd near the bottom, where a valley
    /// spanning several decades would otherwise be one flat colour.
    Log { lo: f64, hi: f64, s: f64 },
}

impl Scale {
    /// A scale fitted to these values: logarithmic when the highest value
    /// stands more than ten times the median's height above the lowest.
    pub fn fit(values: &[f64]) -> Scale {
        Scale::fit_with(values, Levels::Auto)
    }

    /// A scale fitted to these values, spaced as a scenario's `levels`
    /// says: `auto` as [`Scale::fit`] chooses (its log levels cover four
    /// decades below the highest value), `linear` whatever the values, and
    /// `log` whatever the values, reaching down to the height of the
    /// lowest fiftieth of them: low ground fills the lower colours, and
    /// the ridges between wells stand out from both.
    pub fn fit_with(values: &[f64], levels: Levels) -> Scale {
        let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if finite.is_empty() {
            return Scale::Linear { lo: 0.0, hi: 1.0 };
        }
        finite.sort_unstable_by(f64::total_cmp);
        let lo = finite[0];
        let hi = finite[finite.len() - 1];
        let quantile = |q: f64| finite[((finite.len() - 1) as f64 * q) as usize] - lo;
        let span = hi - lo;
        let least = (span * LOG_DECADES_SCALE).max(f64::MIN_POSITIVE);
        match levels {
            Levels::Auto if span > 10.0 * quantile(0.5) => Scale::Log { lo, hi, s: least },
            Levels::Log if span > 0.0 => Scale::Log { lo, hi, s: quantile(LOW_GROUND).max(least) },
            _ => Scale::Linear { lo, hi },
        }
    }

    /// The same levels stretched to reach `lo` and `hi` too.
    pub fn including(self, lo: f64, hi: f64) -> Scale {
        match self {
            Scale::Linear { lo: a, hi: b } => Scale::Linear { lo: a.min(lo), hi: b.max(hi) },
            Scale::Log { lo: a, hi: b, s } => {
                let (lo, hi) = (a.min(lo), b.max(hi));
                Scale::Log { lo, hi, s: s.max((hi - lo) * LOG_DECADES_SCALE).max(f64::MIN_POSITIVE) }
            }
        }
    }

    /// The value at position t ∈ [0, 1]: the inverse of [`Scale::t`].
    pub fn value_at(&self, t: f64) -> f64 {
        match *self {
            Scale::Linear { lo, hi } => lo + t * (hi - lo),
            Scale::Log { lo, hi, s } => lo + s * (t * ((hi - lo) / s).ln_1p()).exp_m1(),
        }
    }

    /// Whether levels are spaced logarithmically.
    pub fn is_log(&self) -> bool {
        matches!(self, Scale::Log { .. })
    }

    /// The position of v in [0, 1].
    pub fn t(&self, v: f64) -> f64 {
        let t = match *self {
            Scale::Linear { lo, hi } => (v - lo) / (hi - lo),
            Scale::Log { lo, hi, s } => ((v - lo) / s).ln_1p() / ((hi - lo) / s).ln_1p(),
        };
        if t.is_nan() { if v.is_nan() { 1.0 } else { 0.5 } } else { t.clamp(0.0, 1.0) }
    }
}

/// The scale of a view's sampled values, spaced as `levels` says: the
/// colour bar runs from the lowest value in the view to the highest of
/// those sampled. The known minima inside it count besides the samples,
/// since a run may reach one and the panel and the chart then show its value.
pub fn fit_scale(landscape: &Landscape, view: Viewport, values: &[f64], levels: Levels) -> Scale {
    let inside = |p: [f64; 2]| {
        (view.x.0..=view.x.1).contains(&p[0]) && (landscape.dim() == 1 || (view.y.0..=view.y.1).contains(&p[1]))
    };
    let lowest = landscape
        .minima()
        .iter()
        .filter(|m| inside(m.point.xy()) && m.value.is_finite())
        .map(|m| m.value)
        .fold(f64::INFINITY, f64::min);
    // The view's corners and edges' middles besides: the highest value is
    // usually on its edge, which no pixel centre reaches, so that from the
    // samples alone the bar's top value changed with the window's size.
    let (x, y) = (view.x, view.y);
    let mid = |r: (f64, f64)| 0.5 * (r.0 + r.1);
    let highest = [x.0, mid(x), x.1]
        .into_iter()
        .flat_map(|a| [y.0, mid(y), y.1].map(|b| [a, b]))
        .filter(|_| landscape.dim() == 2)
        .map(|p| landscape.value(p))
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    Scale::fit_with(values, levels).including(lowest, highest)
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

/// Widens a log axis (exponents `lo` to `hi`) to whole decades, in steps of
/// whole decades that divide it into at most `parts` parts: its bounds and
/// the number of labels, every one a power of ten.
pub fn decade_axis(lo: f64, hi: f64, parts: usize) -> (f64, f64, usize) {
    let (lo, hi) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
    let span = hi - lo;
    let step = (span / parts.max(1) as f64).ceil();
    let parts = (span / step).ceil();
    (lo, lo + parts * step, parts as usize + 1)
}
