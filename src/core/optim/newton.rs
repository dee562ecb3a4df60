//! Newton's method: θ ← θ − lr·H⁻¹∇f, with the full Hessian and a linear solve.

use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{Declaration, Family, MISMATCH, MomentumLike, RateAxis, Step};
use super::{Hyper, HyperValue, OptimizerState};
use crate::core::eigen::eigenvalues;
use crate::core::{Matrix, Vector};

/// Newton's method has no hyperparameters besides lr.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Newton;

/// newton: Newton's method.
pub(super) const NEWTON: Declaration = Declaration {
    name: "newton",
    lr: 1.0,
    hyper: || Hyper::Newton(Newton),
    fields: &[],
    exact: false,
    torch: false,
    most_parameters: Some((MAX_NEWTON_PARAMETERS, "Newton's method solves with the full Hessian")),
    rate_map_as: None,
};

/// The most parameters Newton's method takes: it solves with the full
/// Hessian, n² numbers and about n³/3 operations a step.
pub const MAX_NEWTON_PARAMETERS: usize = 200;

/// One Newton step; fails when the Hessian is singular or the step is not finite.
pub fn update(params: &[f64], grad: &[f64], lr: f64, h: &Matrix) -> Result<Vector, String> {
    let n = params.len();
    let direction = match n {
        1 => {
            if h[0][0] == 0.0 {
                return Err("singular Hessian (f'' = 0)".into());
            }
            Vector::from([grad[0] / h[0][0]])
        }
        2 => {
            let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            if det == 0.0 {
                return Err("singular Hessian (determinant 0)".into());
            }
            Vector::from([(h[1][1] * grad[0] - h[0][1] * grad[1]) / det, (h[0][0] * grad[1] - h[1][0] * grad[0]) / det])
        }
        _ => solve(h, grad).ok_or("singular Hessian (a zero pivot)")?,
    };
    let next = Vector::from_fn(n, |i| params[i] - lr * direction[i]);
    if next.iter().all(|v| v.is_finite()) {
        Ok(next)
    } else {
        Err("singular Hessian (the Newton step is not finite)".into())
    }
}

/// The solution x of H·x = b by Gaussian elimination with partial
/// pivoting; `None` when a pivot is zero (H is singular).
pub fn solve(h: &Matrix, b: &[f64]) -> Option<Vector> {
    let n = b.len();
    // The augmented rows [H | b].
    let mut rows: Vec<Vec<f64>> = (0..n).map(|i| h[i].iter().copied().chain([b[i]]).collect()).collect();
    for column in 0..n {
        let pivot = (column..n).max_by(|&a, &b| rows[a][column].abs().total_cmp(&rows[b][column].abs()))?;
        if rows[pivot][column] == 0.0 || rows[pivot][column].is_nan() {
            return None;
        }
        rows.swap(column, pivot);
        let (above, below) = rows.split_at_mut(column + 1);
        let top = &above[column];
        for row in below {
            let factor = row[column] / top[column];
            if factor != 0.0 {
                for (r, t) in row[column..].iter_mut().zip(&top[column..]) {
                    *r -= factor * t;
                }
            }
        }
    }
    let mut x = Vector::zeros(n);
    for i in (0..n).rev() {
        let tail: f64 = (i + 1..n).map(|j| rows[i][j] * x[j]).sum();
        x[i] = (rows[i][n] - tail) / rows[i][i];
    }
    Some(x)
}

/// Its update rule and the Hessian it inverts, for the step breakdown.
pub fn explain(states: &StepStates, hessian: &Matrix, out: &mut Breakdown) {
    out.rule("θ ← θ − lr·H⁻¹·g");
    if hessian.dim() <= 2 {
        // A 1-D Hessian as the 2×2 matrix it is drawn in, f'' and zeros.
        let h = hessian.mat2();
        out.vector("H row 1", h[0]);
        out.vector("H row 2", h[1]);
    } else if hessian.dim() <= 4 {
        for (i, row) in hessian.rows().enumerate() {
            out.vector(&format!("H row {}", i + 1), row);
        }
    }
    let Some(values) = eigenvalues(hessian) else { return };
    let (low, high) = (values[0], values[values.len() - 1]);
    let curvature = match states.dim {
        1 => format!("f'' = {}", plain(high)),
        2 => format!("{} and {} along H's axes", plain(low), plain(high)),
        n => format!("from {} to {} along H's {n} axes", plain(low), plain(high)),
    };
    let target = if low > 0.0 {
        "the bottom of the bowl that matches f here"
    } else {
        "the flat point of the saddle (or hilltop) that matches f here, since f curves down"
    };
    out.say(format!(
        "Newton divides the gradient by the curvature ({curvature}), so it heads for {target}, lr = {} of the way: \
         a step {} long, {} times what plain GD would take.",
        plain(states.lr),
        plain(states.step_length()),
        plain(states.times_plain()),
    ));
}

impl Family for Newton {
    fn get(&self, _field: &str) -> Option<HyperValue> {
        None
    }

    fn set(&mut self, _field: &str, _value: HyperValue) {}

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, _n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Newton
    }

    fn momentum_like(&self) -> Option<MomentumLike> {
        None
    }

    fn set_momentum_like(&mut self, _value: f64) {}

    fn rate_axis(&self) -> Option<RateAxis> {
        None
    }

    fn set_rate_axis(&mut self, _value: f64) {}

    fn memory_step(&self, _state: &OptimizerState, _lr: f64, _k: u64) -> Option<Vector> {
        None
    }

    fn effective_rates(&self, _state: &OptimizerState, _lr: f64, _k: u64) -> Option<Vector> {
        None
    }

    fn stable_lr_bound(&self, _hessian: &Matrix) -> Option<f64> {
        None
    }

    fn has_lr_limit(&self) -> bool {
        false
    }

    fn heavy_ball(&self) -> Option<f64> {
        None
    }

    fn step_evaluating(
        &self,
        _params: &[f64],
        _loss: f64,
        _grad: &[f64],
        _lr: f64,
        _state: &mut OptimizerState,
        _evaluate: &mut dyn FnMut(&[f64]) -> (f64, Vector),
    ) -> Option<Result<(Vector, u64), String>> {
        None
    }

    /// It also evaluates a Hessian each step, and with more than two
    /// parameters solves with it: about n³/3 operations, some thirty to an
    /// evaluation of a built-in.
    fn evaluations_per_step(&self, dim: f64) -> f64 {
        2.0 + if dim > 2.0 { dim * dim * dim / 90.0 } else { 0.0 }
    }

    fn extra_records(&self, _steps: usize, _dim: u64) -> u64 {
        0
    }
}

impl Step for Newton {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        _t: u64,
        state: &mut OptimizerState,
        hessian: impl FnOnce() -> Matrix,
        _sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Newton = state else { return Err(MISMATCH.into()) };
        let next = update(params, grad, lr, &hessian())?;
        params.copy_from_slice(&next);
        Ok(())
    }

    /// Without the Hessian (too many parameters to take it apart), only
    /// the direction it solved for.
    fn explain_step(&self, states: &StepStates, hessian: &Matrix, out: &mut Breakdown) {
        if hessian.dim() > 0 {
            explain(states, hessian, out);
        }
        out.vector("−H⁻¹g", states.step.iter().map(|s| s / states.lr).collect::<Vector>());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_solve_inverts_a_matrix_that_needs_pivoting() {
        // [[0, 2, 1], [1, 1, 1], [2, 1, 0]]·(1, 2, 3) = (7, 6, 4); its first pivot is 0.
        let h = Matrix::from_rows(&[vec![0.0, 2.0, 1.0], vec![1.0, 1.0, 1.0], vec![2.0, 1.0, 0.0]]);
        let x = solve(&h, &[7.0, 6.0, 4.0]).unwrap();
        for (got, want) in x.iter().zip([1.0, 2.0, 3.0]) {
            assert!((got - want).abs() < 1e-14, "{x:?}");
        }
        let singular = Matrix::from_rows(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0, 6.0], vec![0.0, 0.0, 1.0]]);
        assert_eq!(solve(&singular, &[1.0, 1.0, 1.0]), None);
    }
}
