//! saddle: x² − y².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "saddle";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Saddle = Saddle;

/// x² − y².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Saddle;

impl Declared for Saddle {
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
        "f = x² − y²".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-2.0, 2.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![]
    }

    /// The origin, where the gradient (2x, −2y) is zero and the Hessian diag(2, −2) indefinite.
    fn saddles(&self) -> Vec<Vec2> {
        vec![[0.0, 0.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        x * x - y * y
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        [2.0 * x, -2.0 * y]
    }

    #[inline]
    fn hessian(&self, _p: Vec2) -> Mat2 {
        sym(2.0, 0.0, -2.0)
    }
}
