//! The landscape sampled for drawing: one value per half-block pixel, its
//! colour, and whether an iso-line passes. Computed once per view (plot
//! size, zoom, pan) and reused by every frame.

use crate::core::landscape::Landscape;
use crate::core::scenario::Levels;
use crate::core::scenario::Rgb;
use crate::tui::theme::{isoline_color, landscape_color};
use crate::tui::viewport::Viewport;

pub use crate::look::scale::{LEVELS, Scale, UNDEFINED_FILL, UNDEFINED_HATCH, fit_scale};

/// The hatch character.
pub const HATCH: char = '╱';

/// What a field was computed for; a different key means recompute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldKey {
    /// Width in pixels (cells).
    pub width: usize,
    /// Height in pixels (two per cell).
    pub height: usize,
    /// The part of parameter space covered.
    pub view: Viewport,
    /// Which scenario's landscape (it changes on reload).
    pub landscape: u64,
    /// How the colour levels are spaced.
    pub levels: Levels,
    /// The plane through the weights it is the loss on, by the id of its
    /// placing ([`crate::tui::jobs::plane::OnPlane::id`]); `None` for a
    /// landscape of two parameters.
    pub plane: Option<u64>,
}

/// The sampled landscape of one plot size and view, iso-lines drawn into its colours.
#[derive(Debug, Clone)]
pub struct Field {
    /// What it was computed for.
    pub key: FieldKey,
    /// Each pixel's colour, row by row from the top, iso-lines included.
    pub colors: Vec<Rgb>,
    /// Each pixel's contour band, 0 (lowest) to `LEVELS` − 1.
    pub band: Vec<u8>,
    /// Each pixel where f is undefined (its value NaN).
    pub undefined: Vec<bool>,
    /// How values map to colours.
    pub scale: Scale,
    /// The terminal cells drawn from it for one colour mode, row by row:
    /// frames copy these instead of drawing every cell anew.
    pub cells: Option<(crate::tui::theme::ColorMode, Vec<ratatui::buffer::Cell>)>,
}

impl Field {
    /// Samples the landscape at the centre of each pixel.
    pub fn compute(landscape: &Landscape, key: FieldKey) -> Field {
        let FieldKey { width, height, view, .. } = key;
        let mut values = Vec::with_capacity(width * height);
        for j in 0..height {
            let y = view.y.1 - (j as f64 + 0.5) / height as f64 * (view.y.1 - view.y.0);
            for i in 0..width {
                let x = view.x.0 + (i as f64 + 0.5) / width as f64 * (view.x.1 - view.x.0);
                values.push(landscape.value([x, y]));
            }
        }
        Field::of_values(landscape, key, &values)
    }

    /// The field of values sampled already at the centre of each pixel,
    /// row by row from the top (the loss on a plane through a network's
    /// weights, computed beside the view).
    pub fn of_values(landscape: &Landscape, key: FieldKey, values: &[f64]) -> Field {
        let FieldKey { width, height, view, .. } = key;
        let scale = fit_scale(landscape, view, values, key.levels);
        let t: Vec<f64> = values.iter().map(|&v| scale.t(v)).collect();
        let undefined: Vec<bool> = values.iter().map(|v| v.is_nan()).collect();
        let band = |k: usize| (t[k] * LEVELS).floor().min(LEVELS - 1.0) as i32;
        // The edge of an undefined region is not a level.
        let differ = |a: usize, b: usize| !undefined[a] && !undefined[b] && band(a) != band(b);
        let same = |a: usize, b: usize| !differ(a, b);
        // A line marks a band's edge, but only where the band is at least two
        // pixels wide: on walls that cross a level every pixel, lines would
        // merge into a solid smear, and the colour gradient shows the slope.
        let mut iso = vec![false; values.len()];
        for j in 0..height {
            for i in 0..width {
                let k = j * width + i;
                let right = i + 1 < width && differ(k, k + 1) && (i == 0 || same(k - 1, k));
                let below = j + 1 < height && differ(k, k + width) && (j == 0 || same(k - width, k));
                iso[k] = right || below;
            }
        }
        let colors = (0..t.len())
            .map(|k| {
                if undefined[k] {
                    return UNDEFINED_FILL;
                }
                let c = landscape_color(t[k]);
                if iso[k] { isoline_color(c) } else { c }
            })
            .collect();
        let band = (0..t.len()).map(|k| band(k) as u8).collect();
        Field { key, colors, band, undefined, scale, cells: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::landscape::{Builtin, Kind};

    #[test]
    fn rosenbrock_gets_log_levels_and_a_bowl_gets_linear_ones() {
        let sample = |name: &str| {
            let l = Landscape::new(Kind::Builtin(Builtin::from_name(name).unwrap()));
            let d = l.domain();
            let key = FieldKey {
                width: 60,
                height: 40,
                view: Viewport { x: d.x, y: d.y.unwrap() },
                landscape: 0,
                levels: Levels::Auto,
                plane: None,
            };
            let values: Vec<f64> = (0..key.height)
                .flat_map(|j| {
                    let l = &l;
                    (0..key.width).map(move |i| {
                        let x = d.x.0 + (i as f64 + 0.5) / 60.0 * (d.x.1 - d.x.0);
                        let y = d.y.unwrap().1 - (j as f64 + 0.5) / 40.0 * (d.y.unwrap().1 - d.y.unwrap().0);
                        l.value([x, y])
                    })
                })
                .collect();
            Scale::fit(&values)
        };
        assert!(matches!(sample("rosenbrock"), Scale::Log { .. }));
        assert!(matches!(sample("quadratic"), Scale::Linear { .. }));
    }

    #[test]
    fn the_colour_bar_reaches_down_to_the_known_minimum_in_view() {
        // Six-hump camel over its domain: no pixel centre lands on either
        // global minimum (f* = −1.0316), so the pixels alone stop above it.
        let l = Landscape::new(Kind::Builtin(Builtin::from_name("six_hump_camel").unwrap()));
        let d = l.domain();
        let key = FieldKey {
            width: 60,
            height: 40,
            view: Viewport { x: d.x, y: d.y.unwrap() },
            landscape: 0,
            levels: Levels::Auto,
            plane: None,
        };
        let field = Field::compute(&l, key);
        let lowest = l.minima().iter().find(|m| m.global).unwrap().value;
        assert!((lowest + 1.0316).abs() < 1e-4, "{lowest}");
        assert_eq!(field.scale.value_at(0.0), lowest);
        // A view that holds no minimum keeps its sampled range.
        let key = FieldKey { view: Viewport { x: (2.0, 3.0), y: (1.0, 2.0) }, ..key };
        assert!(Field::compute(&l, key).scale.value_at(0.0) > 0.0);
    }

    #[test]
    fn the_colour_bar_tops_out_at_the_same_value_at_every_size() {
        // Rosenbrock over (−2, 2) × (−1, 3): its highest value in view is at
        // the corner (−2, −1), f = 9 + 100·25 = 2509, which no pixel centre
        // reaches; from pixels alone the top moved with the window's size.
        let l = Landscape::new(Kind::Builtin(Builtin::from_name("rosenbrock").unwrap()));
        let view = Viewport { x: (-2.0, 2.0), y: (-1.0, 3.0) };
        for (width, height) in [(50, 30), (70, 64), (150, 100)] {
            let key = FieldKey { width, height, view, landscape: 0, levels: Levels::Auto, plane: None };
            let top = Field::compute(&l, key).scale.value_at(1.0);
            assert!((top - 2509.0).abs() < 1e-9, "{width}×{height}: {top}");
        }
    }

    #[test]
    fn log_levels_asked_for_part_himmelblaus_wells_from_its_ridges() {
        // f ≥ 0 with four minima at 0 and saddles at 13.3, 67.8, 104 and
        // 178 between them, over a domain reaching 890: linear levels (what
        // auto picks here) put the wells and the lowest saddle in one band.
        let l = Landscape::new(Kind::Builtin(Builtin::from_name("himmelblau").unwrap()));
        let d = l.domain();
        let view = Viewport { x: d.x, y: d.y.unwrap() };
        let key = FieldKey { width: 80, height: 80, view, landscape: 0, levels: Levels::Auto, plane: None };
        let band = |scale: Scale, v: f64| (scale.t(v) * LEVELS).floor().min(LEVELS - 1.0) as i32;
        let auto = Field::compute(&l, key).scale;
        assert!(!auto.is_log(), "{auto:?}");
        assert_eq!(band(auto, 0.0), band(auto, 13.3), "linear: the well and the lowest saddle look alike");
        let log = Field::compute(&l, FieldKey { levels: Levels::Log, ..key }).scale;
        assert!(log.is_log());
        assert!(band(log, 13.3) >= band(log, 0.0) + 3, "{log:?}");
        // Every saddle stands bands apart from the next, and the hump the
        // lesson's starts sit on (181.6) from the plain beyond (400).
        let saddles = [0.0, 13.3, 67.8, 104.0, 178.3];
        assert!(saddles.windows(2).all(|w| band(log, w[1]) > band(log, w[0])), "{log:?}");
        assert!(band(log, 400.0) >= band(log, 181.6) + 2, "{log:?}");
        // Linear asked for is linear, even where auto would choose log.
        let r = Landscape::new(Kind::Builtin(Builtin::from_name("rosenbrock").unwrap()));
        let rd = r.domain();
        let rkey = FieldKey { view: Viewport { x: rd.x, y: rd.y.unwrap() }, ..key };
        assert!(Field::compute(&r, rkey).scale.is_log());
        assert!(!Field::compute(&r, FieldKey { levels: Levels::Linear, ..rkey }).scale.is_log());
    }

    #[test]
    fn value_at_inverts_the_scale() {
        for scale in [Scale::Linear { lo: -2.0, hi: 6.0 }, Scale::Log { lo: 0.0, hi: 2509.0, s: 0.2509 }] {
            let (lo, hi) = (scale.value_at(0.0), scale.value_at(1.0));
            for v in [-2.0f64, 0.0, 0.3, 3.0, 12.5, 2509.0].into_iter().filter(|v| (lo..=hi).contains(v)) {
                let t = scale.t(v);
                assert!((scale.value_at(t) - v).abs() < 1e-9 * (1.0 + v.abs()), "{scale:?} {v}");
            }
        }
    }

    #[test]
    fn the_rosenbrock_valley_floor_spans_several_levels() {
        // Along the valley y = x², f = (1 − x)² runs from 0 to 9: a linear
        // scale over f's range (0..2509) would give it one colour.
        let l = Landscape::new(Kind::Builtin(Builtin::from_name("rosenbrock").unwrap()));
        let d = l.domain();
        let key = FieldKey {
            width: 80,
            height: 80,
            view: Viewport { x: d.x, y: d.y.unwrap() },
            landscape: 0,
            levels: Levels::Auto,
            plane: None,
        };
        let field = Field::compute(&l, key);
        let values: Vec<f64> = (0..80 * 80)
            .map(|k| {
                let (i, j) = (k % 80, k / 80);
                l.value([-2.0 + (i as f64 + 0.5) / 20.0, 3.0 - (j as f64 + 0.5) / 20.0])
            })
            .collect();
        let scale = Scale::fit(&values);
        let floor: Vec<i32> =
            [-1.5f64, -0.5, 0.5, 1.0].iter().map(|&x| (scale.t((1.0 - x).powi(2)) * LEVELS).floor() as i32).collect();
        assert!(floor[0] - floor[3] >= 4, "valley floor bands {floor:?}");
        let bands: std::collections::HashSet<u8> = field.band.iter().copied().collect();
        assert_eq!(bands.len(), LEVELS as usize, "every level appears in the view");
    }
}
