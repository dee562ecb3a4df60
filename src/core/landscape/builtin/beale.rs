//! beale: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "beale";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Beale = Beale;

/// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beale;

impl Declared for Beale {
    fn dim(&self) -> usize {
        2
    }

    fn parameter_names(&self) -> &'static [&'static str] {
        &[]
    }

    fn parameter(&self, _name: &str) -> Option<f64> {
        None
    }

    fn set_parameter(&mut self, _name: &str, _value: f64) -> bool {
        false
    }

    fn formula(&self) -> String {
        "f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-4.5, 4.5)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![[3.0, 0.5]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        beale_terms(x, y).iter().map(|t| t.value * t.value).sum()
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        beale_terms(x, y).iter().fold([0.0, 0.0], |g, t| [g[0] + 2.0 * t.value * t.dx, g[1] + 2.0 * t.value * t.dy])
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        let mut h = [0.0; 3];
        for t in beale_terms(x, y) {
            h[0] += 2.0 * (t.dx * t.dx + t.value * t.dxx);
            h[1] += 2.0 * (t.dx * t.dy + t.value * t.dxy);
            h[2] += 2.0 * (t.dy * t.dy + t.value * t.dyy);
        }
        sym(h[0], h[1], h[2])
    }
}

/// One squared term of Beale's function, with its first and second partials.
struct BealeTerm {
    value: f64,
    dx: f64,
    dy: f64,
    dxx: f64,
    dxy: f64,
    dyy: f64,
}

fn beale_terms(x: f64, y: f64) -> [BealeTerm; 3] {
    let term = |c: f64, i: i32| {
        let fi = f64::from(i);
        BealeTerm {
            value: c - x + x * y.powi(i),
            dx: y.powi(i) - 1.0,
            dy: fi * x * y.powi(i - 1),
            dxx: 0.0,
            dxy: fi * y.powi(i - 1),
            dyy: if i > 1 { fi * (fi - 1.0) * x * y.powi(i - 2) } else { 0.0 },
        }
    };
    [term(1.5, 1), term(2.25, 2), term(2.625, 3)]
}
