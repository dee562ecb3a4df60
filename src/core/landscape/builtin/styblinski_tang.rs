//! styblinski_tang: ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ).

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "styblinski_tang";

/// The built-in with its default parameters.
pub(super) const DEFAULT: StyblinskiTang = StyblinskiTang;

/// ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StyblinskiTang;

impl Declared for StyblinskiTang {
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
        "f = ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-5.0, 5.0)
    }

    fn minima(&self, refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        // Each coordinate sits in one of two wells: four minima.
        refine(&[[-2.9035, -2.9035], [2.7468, -2.9035], [-2.9035, 2.7468], [2.7468, 2.7468]])
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        let t = |v: f64| v.powi(4) - 16.0 * v * v + 5.0 * v;
        0.5 * (t(x) + t(y))
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        let d = |v: f64| 2.0 * v * v * v - 16.0 * v + 2.5;
        [d(x), d(y)]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        sym(6.0 * x * x - 16.0, 0.0, 6.0 * y * y - 16.0)
    }
}
