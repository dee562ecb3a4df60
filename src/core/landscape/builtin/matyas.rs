//! matyas: 0.26(x² + y²) − 0.48xy.

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "matyas";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Matyas = Matyas;

/// 0.26(x² + y²) − 0.48xy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matyas;

impl Declared for Matyas {
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
        "f = 0.26(x² + y²) − 0.48xy".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-10.0, 10.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![[0.0, 0.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        0.26 * (x * x + y * y) - 0.48 * x * y
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x]
    }

    #[inline]
    fn hessian(&self, _p: Vec2) -> Mat2 {
        sym(0.52, -0.48, 0.52)
    }
}
