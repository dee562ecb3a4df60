//! rastrigin: 20 + Σ (xᵢ² − 10 cos 2πxᵢ).

use std::f64::consts::PI;

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "rastrigin";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Rastrigin = Rastrigin;

/// 20 + Σ (xᵢ² − 10 cos 2πxᵢ).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rastrigin;

impl Declared for Rastrigin {
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
        "f = 20 + Σ (xᵢ² − 10 cos 2πxᵢ)".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-5.12, 5.12)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![[0.0, 0.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        let t = |v: f64| v * v - 10.0 * (2.0 * PI * v).cos();
        20.0 + t(x) + t(y)
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        let d = |v: f64| 2.0 * v + 20.0 * PI * (2.0 * PI * v).sin();
        [d(x), d(y)]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        let d = |v: f64| 2.0 + 40.0 * PI * PI * (2.0 * PI * v).cos();
        sym(d(x), 0.0, d(y))
    }
}
