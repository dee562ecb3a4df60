//! booth: (x + 2y − 7)² + (2x + y − 5)².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "booth";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Booth = Booth;

/// (x + 2y − 7)² + (2x + y − 5)².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Booth;

impl Declared for Booth {
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
        "f = (x + 2y − 7)² + (2x + y − 5)²".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-10.0, 10.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![[1.0, 3.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        let u = x + 2.0 * y - 7.0;
        let v = 2.0 * x + y - 5.0;
        u * u + v * v
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        let u = x + 2.0 * y - 7.0;
        let v = 2.0 * x + y - 5.0;
        [2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v]
    }

    #[inline]
    fn hessian(&self, _p: Vec2) -> Mat2 {
        sym(10.0, 8.0, 10.0)
    }
}
