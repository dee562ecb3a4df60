//! quadratic: a·x² + b·y².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "quadratic";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Quadratic = Quadratic { a: 1.0, b: 10.0 };

/// a·x² + b·y².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quadratic {
    /// a.
    pub a: f64,
    /// b.
    pub b: f64,
}

impl Declared for Quadratic {
    fn dim(&self) -> usize {
        2
    }

    fn parameter_names(&self) -> &'static [&'static str] {
        &["a", "b"]
    }

    fn parameter(&self, name: &str) -> Option<f64> {
        match name {
            "a" => Some(self.a),
            "b" => Some(self.b),
            _ => None,
        }
    }

    fn set_parameter(&mut self, name: &str, value: f64) -> bool {
        match name {
            "a" => self.a = value,
            "b" => self.b = value,
            _ => return false,
        }
        true
    }

    fn formula(&self) -> String {
        let Quadratic { a, b } = *self;
        format!("f = {}x² + {}y²", coefficient(a), coefficient(b))
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-5.0, 5.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        let Quadratic { a, b } = *self;
        if a > 0.0 && b > 0.0 { vec![[0.0, 0.0]] } else { vec![] }
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let Quadratic { a, b } = *self;
        let [x, y] = p;
        a * (x * x) + b * (y * y)
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let Quadratic { a, b } = *self;
        let [x, y] = p;
        [2.0 * a * x, 2.0 * b * y]
    }

    #[inline]
    fn hessian(&self, _p: Vec2) -> Mat2 {
        let Quadratic { a, b } = *self;
        sym(2.0 * a, 0.0, 2.0 * b)
    }
}

/// A coefficient as written before a term: nothing for 1, "−" for −1.
fn coefficient(c: f64) -> String {
    match c {
        1.0 => String::new(),
        -1.0 => "−".into(),
        c => format!("{c}·"),
    }
}
