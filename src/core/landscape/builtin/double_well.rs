//! double_well: (x² − 1)² + 0.3x (1-D): a global and a local minimum.

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "double_well";

/// The built-in with its default parameters.
pub(super) const DEFAULT: DoubleWell = DoubleWell;

/// (x² − 1)² + 0.3x (1-D): a global and a local minimum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoubleWell;

impl Declared for DoubleWell {
    fn dim(&self) -> usize {
        1
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
        "f(x) = (x² − 1)² + 0.3x".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::interval(-2.0, 2.0)
    }

    fn minima(&self, refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        // The two wells sit near x = ±1; the tilt 0.3x shifts them.
        refine(&[[-1.0, 0.0], [1.0, 0.0]])
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, _] = p;
        let s = x * x - 1.0;
        s * s + 0.3 * x
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, _] = p;
        [4.0 * x * (x * x - 1.0) + 0.3, 0.0]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, _] = p;
        sym(12.0 * x * x - 4.0, 0.0, 0.0)
    }
}
