//! himmelblau: (x² + y − 11)² + (x + y² − 7)².

use super::{Declared, Domain, sym};
use crate::core::{Mat2, Vec2};

/// Its name in scenario files.
pub(super) const NAME: &str = "himmelblau";

/// The built-in with its default parameters.
pub(super) const DEFAULT: Himmelblau = Himmelblau;

/// (x² + y − 11)² + (x + y² − 7)².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Himmelblau;

impl Declared for Himmelblau {
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
        "f = (x² + y − 11)² + (x + y² − 7)²".into()
    }

    fn default_domain(&self) -> Domain {
        Domain::square(-5.0, 5.0)
    }

    fn minima(&self, refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        // (3, 2) is exact; the other three are refined from their
        // published approximations.
        let mut p = vec![[3.0, 2.0]];
        p.extend(refine(&[[-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]));
        p
    }

    fn maxima(&self, refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        // The top of the hump between the four wells, f ≈ 181.617, refined
        // from its published approximation.
        refine(&[[-0.270845, -0.923039]])
    }

    #[inline]
    fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        let u = x * x + y - 11.0;
        let v = x + y * y - 7.0;
        u * u + v * v
    }

    #[inline]
    fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        let u = x * x + y - 11.0;
        let v = x + y * y - 7.0;
        [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v]
    }

    #[inline]
    fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        let u = x * x + y - 11.0;
        let v = x + y * y - 7.0;
        sym(4.0 * u + 8.0 * x * x + 2.0, 4.0 * x + 4.0 * y, 2.0 + 4.0 * v + 8.0 * y * y)
    }
}
