//! monkey_saddle: x³ − 3xy².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "monkey_saddle";

/// The built-in with its default parameters.
pub(super) const DEFAULT: MonkeySaddle = MonkeySaddle;

/// x³ − 3xy².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonkeySaddle;

impl Declared for MonkeySaddle {
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
        "f = x³ − 3xy²".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-2.0, 2.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![]
    }

    /// The origin, where the gradient and the Hessian vanish (a degenerate saddle: f falls along three directions).
    fn saddles(&self) -> Vec<Vec2> {
        vec![[0.0, 0.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        x * x * x - 3.0 * x * y * y
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        [3.0 * x * x - 3.0 * y * y, -6.0 * x * y]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        sym(6.0 * x, -6.0 * y, -6.0 * x)
    }
}
