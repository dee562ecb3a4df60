//! A quadratic in any number of parameters with a diagonal Hessian:
//! f(x) = ½ Σ λᵢ xᵢ², ∇f = (λᵢxᵢ), ∇²f = diag(λ). The simplest landscape of
//! many parameters, and the one whose every optimizer step theory predicts:
//! gradient descent multiplies coordinate i by exactly 1 − lr·λᵢ.

use std::sync::Arc;

use super::Minimum;
use crate::core::{Matrix, Vector};

/// Its name in scenario files.
pub const QUADRATIC_ND: &str = "quadratic_nd";

/// The most parameters a landscape may have.
pub const MAX_PARAMETERS: usize = 100_000;

/// ½ Σ λᵢ xᵢ², with its diagonal λ.
#[derive(Debug, Clone, PartialEq)]
pub struct QuadraticNd {
    diagonal: Arc<[f64]>,
}

impl QuadraticNd {
    /// The quadratic with these curvatures λᵢ, one a parameter; `None` for
    /// none, more than [`MAX_PARAMETERS`], or one that is not finite.
    pub fn new(diagonal: &[f64]) -> Option<Self> {
        let fits = (1..=MAX_PARAMETERS).contains(&diagonal.len()) && diagonal.iter().all(|l| l.is_finite());
        fits.then(|| QuadraticNd { diagonal: diagonal.into() })
    }

    /// λ, the Hessian's diagonal.
    pub fn diagonal(&self) -> &[f64] {
        &self.diagonal
    }

    /// The number of parameters.
    pub fn dim(&self) -> usize {
        self.diagonal.len()
    }

    /// The formula, with its first curvatures.
    pub fn formula(&self) -> String {
        let shown: Vec<String> = self.diagonal.iter().take(4).map(|l| l.to_string()).collect();
        let more = if self.dim() > 4 { ", …" } else { "" };
        format!("f = ½ Σ λᵢ xᵢ², {} parameters, λ = ({}{more})", self.dim(), shown.join(", "))
    }

    /// f(x) = ½ Σ (λᵢxᵢ)·xᵢ, summed in order.
    pub fn value(&self, x: &[f64]) -> f64 {
        0.5 * self.diagonal.iter().zip(x).map(|(l, x)| l * x * x).sum::<f64>()
    }

    /// ∇f = (λᵢxᵢ): one rounding a coordinate, as torch's `lam * x`.
    #[inline]
    pub fn gradient(&self, x: &[f64]) -> Vector {
        let n = self.dim();
        let (lambda, x) = (&self.diagonal[..n], &x[..n]);
        Vector::from_fn(n, |i| lambda[i] * x[i])
    }

    /// diag(λ).
    pub fn hessian(&self) -> Matrix {
        Matrix::diagonal(&self.diagonal)
    }

    /// ∇²f·v = (λᵢvᵢ).
    pub fn hessian_vector(&self, v: &[f64]) -> Vector {
        self.diagonal.iter().zip(v).map(|(l, v)| l * v).collect()
    }

    /// The origin, where every curvature is positive; none otherwise (a
    /// zero curvature makes a valley of minima, a negative one a saddle).
    pub fn minima(&self) -> Vec<Minimum> {
        if self.diagonal.iter().all(|&l| l > 0.0) {
            vec![Minimum { point: Vector::zeros(self.dim()), value: 0.0, global: true }]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn its_derivatives_by_hand() {
        let q = QuadraticNd::new(&[1.0, 2.0, 3.0]).unwrap();
        // ½(1·1 + 2·4 + 3·9) = 18.
        assert_eq!(q.value(&[1.0, 2.0, 3.0]), 18.0);
        assert_eq!(q.gradient(&[1.0, 2.0, 3.0]), [1.0, 4.0, 9.0]);
        assert_eq!(q.hessian_vector(&[1.0, 1.0, -1.0]), [1.0, 2.0, -3.0]);
        assert_eq!(q.hessian().times(&[1.0, 1.0, -1.0]), [1.0, 2.0, -3.0]);
        assert_eq!(q.minima()[0].point, [0.0; 3]);
        assert!(QuadraticNd::new(&[1.0, -1.0]).unwrap().minima().is_empty());
        assert_eq!(QuadraticNd::new(&[]), None);
        assert_eq!(QuadraticNd::new(&[f64::NAN]), None);
    }
}
