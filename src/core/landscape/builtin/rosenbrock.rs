//! rosenbrock: (a − x)² + b(y − x²)².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "rosenbrock";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Rosenbrock = Rosenbrock { a: 1.0, b: 100.0 };

/// (a − x)² + b(y − x²)².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rosenbrock {
    /// a.
    pub a: f64,
    /// b.
    pub b: f64,
}

impl Declared for Rosenbrock {
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
        let Rosenbrock { a, b } = *self;
        format!("f = ({a} − x)² + {b}·(y − x²)²")
    }

    fn default_domain(&self) -> Domain {
        Domain { x: (-2.0, 2.0), y: Some((-1.0, 3.0)) }
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        let Rosenbrock { a, b } = *self;
        if b > 0.0 { vec![[a, a * a]] } else { vec![] }
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let Rosenbrock { a, b } = *self;
        let [x, y] = p;
        // In the order torch evaluates (a − x)**2 + b*(y − x**2)**2.
        let u = a - x;
        let v = y - x * x;
        u * u + b * (v * v)
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let Rosenbrock { a, b } = *self;
        let [x, y] = p;
        // In the order torch's autograd computes it from that formula:
        // ∂/∂y = b·(2v), ∂/∂x = −2(a − x) + (−∂/∂y)·(2x), so that a run
        // here steps through the numbers torch's would.
        let v = y - x * x;
        let dy = b * (2.0 * v);
        [-2.0 * (a - x) + -(dy * (2.0 * x)), dy]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let Rosenbrock { b, .. } = *self;
        let [x, y] = p;
        sym(2.0 - 4.0 * b * y + 12.0 * b * x * x, -4.0 * b * x, 2.0 * b)
    }
}
