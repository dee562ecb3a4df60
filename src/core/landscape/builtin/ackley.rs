//! ackley: −20 e^(−0.2 √(½(x²+y²))) − e^(½(cos 2πx + cos 2πy)) + e + 20.

use std::f64::consts::{E, PI};

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "ackley";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Ackley = Ackley;

/// −20 e^(−0.2 √(½(x²+y²))) − e^(½(cos 2πx + cos 2πy)) + e + 20.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ackley;

impl Declared for Ackley {
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
        "f = −20 exp(−0.2 √(½(x²+y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-5.0, 5.0)
    }

    fn minima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        vec![[0.0, 0.0]]
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        let r = (0.5 * (x * x + y * y)).sqrt();
        let c = 0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos());
        -20.0 * (-0.2 * r).exp() - c.exp() + E + 20.0
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        let r = (0.5 * (x * x + y * y)).sqrt();
        let e = (0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos())).exp();
        // The cone term has no gradient at the origin: its one-sided
        // slopes differ by direction. Zero is the subgradient there.
        let cone = |v: f64| {
            if r == 0.0 { 0.0 } else { 2.0 * (-0.2 * r).exp() * v / r }
        };
        [cone(x) + PI * e * (2.0 * PI * x).sin(), cone(y) + PI * e * (2.0 * PI * y).sin()]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        let r2 = 0.5 * (x * x + y * y);
        let r = r2.sqrt();
        let e = (0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos())).exp();
        let (sx, cx) = (2.0 * PI * x).sin_cos();
        let (sy, cy) = (2.0 * PI * y).sin_cos();
        let pi2e = PI * PI * e;
        // Cone term: ∂²/∂a∂b of −20 e^(−0.2r), zero at its kink.
        let cone = |a: f64, b: f64, same: bool| {
            if r == 0.0 {
                return 0.0;
            }
            let u = (-0.2 * r).exp();
            let diag = if same { u / r } else { 0.0 };
            2.0 * (diag - 0.1 * u * a * b / r2 - u * a * b / (2.0 * r2 * r))
        };
        sym(
            cone(x, x, true) + pi2e * (2.0 * cx - sx * sx),
            cone(x, y, false) - pi2e * sx * sy,
            cone(y, y, true) + pi2e * (2.0 * cy - sy * sy),
        )
    }
}
