//! parabola: x² + 5x + 6 (1-D).

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "parabola";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Parabola = Parabola;

/// x² + 5x + 6 (1-D).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parabola;

impl Declared for Parabola {
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
        "f(x) = x² + 5x + 6".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::interval(-5.0, 12.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![[-2.5, 0.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, _] = p;
        x * x + 5.0 * x + 6.0
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, _] = p;
        [2.0 * x + 5.0, 0.0]
    }

    #[inline]
    fn hessian(&self, _p: Vec2) -> Mat2 {
        sym(2.0, 0.0, 0.0)
    }
}
