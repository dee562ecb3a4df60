//! six_hump_camel: (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "six_hump_camel";

/// The built-in with its default parameters.
pub(super) const DEFAULT: SixHumpCamel = SixHumpCamel;

/// (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SixHumpCamel;

impl Declared for SixHumpCamel {
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
        "f = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²".into()
    }

    fn default_domain(&self) -> Domain {
        Domain { x: (-3.0, 3.0), y: Some((-2.0, 2.0)) }
    }

    fn minima(&self, refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        // Two global and four local minima.
        refine(&[
            [0.0898, -0.7127],
            [-0.0898, 0.7127],
            [1.7036, -0.7961],
            [-1.7036, 0.7961],
            [1.6071, 0.5687],
            [-1.6071, -0.5687],
        ])
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        let x2 = x * x;
        (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y * y) * y * y
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        let x2 = x * x;
        [8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y * y * y]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        let x2 = x * x;
        sym(8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, -8.0 + 48.0 * y * y)
    }
}
