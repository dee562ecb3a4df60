//! Newton's method: θ ← θ − lr·H⁻¹∇f.

use super::breakdown::{Breakdown, StepStates, plain};
use crate::core::eigen;
use crate::core::{Mat2, Vec2};

/// One Newton step; fails when the Hessian is singular or the step is not finite.
pub fn update(params: Vec2, grad: Vec2, lr: f64, h: Mat2, dim: usize) -> Result<Vec2, String> {
    let direction = if dim == 1 {
        if h[0][0] == 0.0 {
            return Err("singular Hessian (f'' = 0)".into());
        }
        [grad[0] / h[0][0], 0.0]
    } else {
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        if det == 0.0 {
            return Err("singular Hessian (determinant 0)".into());
        }
        [(h[1][1] * grad[0] - h[0][1] * grad[1]) / det, (h[0][0] * grad[1] - h[1][0] * grad[0]) / det]
    };
    let next = [params[0] - lr * direction[0], params[1] - lr * direction[1]];
    if next.iter().all(|v| v.is_finite()) {
        Ok(next)
    } else {
        Err("singular Hessian (the Newton step is not finite)".into())
    }
}

/// Its update rule and the Hessian it inverts, for the step breakdown.
pub fn explain(states: &StepStates, hessian: Mat2, out: &mut Breakdown) {
    out.rule("θ ← θ − lr·H⁻¹·g");
    out.vector("H row 1", hessian[0]);
    out.vector("H row 2", hessian[1]);
    let [(low, _), (high, _)] = eigen(hessian, states.dim);
    let curvature = if states.dim == 1 {
        format!("f'' = {}", plain(high))
    } else {
        format!("{} and {} along H's axes", plain(low), plain(high))
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
