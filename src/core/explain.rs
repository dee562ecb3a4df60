//! One step of a run, taken apart: the update rule with that step's numbers.
//!
//! Everything here comes from the run's own records and the optimizers' own
//! functions, so a viewer shows the engine's numbers rather than its own.

use super::optim::breakdown::{Breakdown, StepStates, scalar, vector};
use super::optim::{Hyper, Optimizer, OptimizerState, adam::bias_correction};
use super::run::Run;
use super::{Mat2, Vec2, eigen, largest_eigenvalue};

/// What [`explain_step`] hands out (the optimizers' own types).
pub use super::optim::breakdown::{Explanation, Quantity, Value};

/// The step from θₖ to θₖ₊₁ of a run, or `None` when the run has no step k
/// (it ended before).
pub fn explain_step(run: &Run, k: usize) -> Option<Explanation> {
    if k >= run.steps_taken() {
        return None;
    }
    let (before, after) = (run.record(k), run.record(k + 1));
    let optimizer = &run.spec().optimizer;
    let input = run.step_input(k);
    let t = k as u64 + 1;
    let mut q = vec![vector("θ", before.params), vector("∇f(θ)", before.grad)];
    if input.noise != [0.0; 2] {
        q.push(vector("noise", input.noise));
    }
    if input.clip_scale != 1.0 {
        q.push(scalar("clip scale", input.clip_scale));
    }
    q.push(vector("g", input.grad));
    q.push(scalar("lr", before.lr));
    let h = run.landscape().hessian(before.params);
    let step = [after.params[0] - before.params[0], after.params[1] - before.params[1]];
    let states = StepStates {
        before: before.state.clone(),
        after: after.state.clone(),
        t,
        lr: before.lr,
        grad: input.grad,
        step,
        names: run.landscape().parameter_names(),
        dim: run.landscape().dim(),
    };
    let mut out = Breakdown { rule: Vec::new(), quantities: q, summary: None };
    optimizer.explain(&states, h, &mut out);
    let Breakdown { rule, quantities: mut q, summary } = out;
    q.push(vector("step θₖ₊₁ − θₖ", step));
    q.push(vector("θ (after)", after.params));
    // The curvature at θ: a negative eigenvalue is a direction that curves
    // down (a saddle, or a hilltop).
    let dim = run.landscape().dim();
    let [(low, low_vector), (high, high_vector)] = eigen(h, dim);
    if dim == 1 {
        q.push(scalar("f''(θ)", high));
    } else {
        q.push(vector("H eigenvalues", [low, high]));
        q.push(vector("  direction of λ₁", low_vector));
        q.push(vector("  direction of λ₂", high_vector));
    }
    if let Some(bound) = stable_lr_bound(optimizer, h, dim) {
        q.push(scalar("local lr limit", bound));
    }
    if let Hyper::Newton = optimizer.hyper {
        q.push(vector("−H⁻¹g", [step[0] / before.lr, step[1] / before.lr]));
    }
    Some(Explanation { step: k, summary, rule, quantities: q })
}

/// The largest learning rate at which GD, heavy-ball momentum or Nesterov is
/// stable on the quadratic that matches f at a point (curvature λ, the
/// Hessian's largest eigenvalue, plus weight decay). With h = lr·λ(1 − τ):
/// GD needs h < 2, heavy ball h < 2(1 + μ), torch's Nesterov
/// h < 2(1 + μ)/(1 + 2μ). `None` for other optimizers, or where the
/// curvature is not positive (no step size is too large there).
pub fn stable_lr_bound(optimizer: &Optimizer, hessian: Mat2, dim: usize) -> Option<f64> {
    let Hyper::Sgd(s) = optimizer.hyper else { return None };
    let lambda = largest_eigenvalue(hessian, dim) + s.weight_decay;
    if !(lambda > 0.0 && lambda.is_finite()) {
        return None;
    }
    let mu = s.momentum;
    // The EMA form scales the gradient by (1 − μ), as dampening τ = μ would.
    let gain = if s.ema {
        1.0 - mu
    } else if mu > 0.0 {
        1.0 - s.dampening
    } else {
        1.0
    };
    let limit = if mu == 0.0 {
        2.0
    } else if s.nesterov {
        2.0 * (1.0 + mu) / (1.0 + 2.0 * mu)
    } else {
        2.0 * (1.0 + mu)
    };
    (gain > 0.0).then(|| limit / (lambda * gain))
}

/// The part of the next step (from θₖ) that an optimizer carries over from
/// earlier steps, as a displacement: −lr·μ·b for momentum (the velocity
/// carried, b the buffer after k steps), and for Adam the step m̂ alone
/// would take, −lr·m̂/(√v̂ + ε), with the moments after k steps (likewise
/// the m part of NAdam's, RAdam's and Adamax's steps). `None` for
/// optimizers without memory, and at step 0, before any is gathered.
pub fn memory_step(run: &Run, k: usize) -> Option<Vec2> {
    if k == 0 || k > run.steps_taken() {
        return None;
    }
    let record = run.record(k);
    let lr = record.lr;
    match (&run.spec().optimizer.hyper, record.state.clone()) {
        (Hyper::Sgd(s), OptimizerState::Sgd { momentum_buffer: Some(b) }) if s.momentum > 0.0 => {
            Some([-lr * s.momentum * b[0], -lr * s.momentum * b[1]])
        }
        (Hyper::RmsProp(r), OptimizerState::RmsProp { momentum_buffer: b, .. }) if r.momentum > 0.0 => {
            Some([-lr * r.momentum * b[0], -lr * r.momentum * b[1]])
        }
        (Hyper::Adam(h), OptimizerState::Adam { exp_avg: m, exp_avg_sq: v, max_exp_avg_sq: vmax }) => {
            let t = k as u64;
            let (c1, c2) = (bias_correction(h.betas[0], t), bias_correction(h.betas[1], t));
            let second = if h.amsgrad { vmax } else { v };
            let d = |i: usize| -lr * (m[i] / c1) / ((second[i] / c2).sqrt() + h.eps);
            Some([d(0), d(1)])
        }
        (Hyper::NAdam(h), OptimizerState::NAdam { exp_avg: m, exp_avg_sq: v, mu_product }) => {
            let r = h.momentum_rates(lr, k as u64, mu_product, v);
            Some([-r[0] * m[0], -r[1] * m[1]])
        }
        (Hyper::RAdam(h), OptimizerState::RAdam { exp_avg: m, exp_avg_sq: v }) => {
            let r = h.rates(lr, k as u64, v);
            Some([-r[0] * m[0], -r[1] * m[1]])
        }
        (Hyper::Adamax(h), OptimizerState::Adamax { exp_avg: m, exp_inf: u }) => {
            let r = h.rates(lr, k as u64, u);
            Some([-r[0] * m[0], -r[1] * m[1]])
        }
        _ => None,
    }
}

/// Each coordinate's effective learning rate after k steps, for optimizers
/// that scale each coordinate by its past gradients: AdaGrad's
/// γ̃/(√s + ε), RMSprop's lr/(√v + ε), Adam's lr/((1 − β₁ᵗ)(√v̂ + ε)),
/// RAdam's and Adamax's factor on m, Adadelta's lr·√(u + ε)/√(v + ε).
/// `None` for the others, and at step 0.
pub fn effective_rates(run: &Run, k: usize) -> Option<Vec2> {
    if k == 0 || k > run.steps_taken() {
        return None;
    }
    let record = run.record(k);
    let lr = record.lr;
    let t = k as u64;
    match (&run.spec().optimizer.hyper, record.state.clone()) {
        (Hyper::Adagrad(a), OptimizerState::Adagrad { sum }) => Some(a.effective_lr(lr, t, sum)),
        (Hyper::RmsProp(r), OptimizerState::RmsProp { square_avg: v, grad_avg: g, .. }) => {
            let centered = |i: usize| if r.centered { v[i] - g[i] * g[i] } else { v[i] };
            Some([lr / (centered(0).sqrt() + r.eps), lr / (centered(1).sqrt() + r.eps)])
        }
        (Hyper::Adam(h), OptimizerState::Adam { exp_avg_sq: v, max_exp_avg_sq: vmax, .. }) => {
            let (c1, c2) = (bias_correction(h.betas[0], t), bias_correction(h.betas[1], t));
            let second = if h.amsgrad { vmax } else { v };
            Some([lr / c1 / ((second[0] / c2).sqrt() + h.eps), lr / c1 / ((second[1] / c2).sqrt() + h.eps)])
        }
        (Hyper::RAdam(h), OptimizerState::RAdam { exp_avg_sq: v, .. }) => Some(h.rates(lr, t, v)),
        (Hyper::Adamax(h), OptimizerState::Adamax { exp_inf: u, .. }) => Some(h.rates(lr, t, u)),
        (Hyper::Adadelta(h), OptimizerState::Adadelta { square_avg: v, acc_delta: u }) => Some([
            lr * (u[0] + h.eps).sqrt() / (v[0] + h.eps).sqrt(),
            lr * (u[1] + h.eps).sqrt() / (v[1] + h.eps).sqrt(),
        ]),
        _ => None,
    }
}

/// A stability bound on the learning rate and the point whose curvature it
/// comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The largest stable learning rate there.
    pub bound: f64,
    /// Where the curvature was taken.
    pub at: Vec2,
}

/// The stability bound of a run at the minimum it heads to: the known
/// minimum nearest to where it ends (nearest to its start, if it ran away);
/// with no minimum known, the point where it ends, if the gradient has
/// vanished there. One number per run, which does not change as the run is
/// stepped through. `None` for optimizers without a bound (see
/// [`stable_lr_bound`]) and runs that head to no minimum.
pub fn limit_at_destination(run: &Run) -> Option<Limit> {
    let landscape = run.landscape();
    let optimizer = &run.spec().optimizer;
    let last = run.record(run.steps_taken());
    let from = if run.escape().is_some() { run.record(0).params } else { last.params };
    let at = match landscape.nearest_minimum(from) {
        Some((m, _)) => m.point,
        None => {
            let settled = super::norm(last.grad) < 1e-6 && last.params.iter().all(|p| p.is_finite());
            if !settled {
                return None;
            }
            last.params
        }
    };
    let bound = stable_lr_bound(optimizer, landscape.hessian(at), landscape.dim())?;
    Some(Limit { bound, at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::{OptimizerType, Sgd};

    #[test]
    fn eigenvectors_of_symmetric_matrices() {
        // Rosenbrock's Hessian at (1, 1): [[802, −400], [−400, 200]].
        let h = [[802.0, -400.0], [-400.0, 200.0]];
        for (lambda, v) in eigen(h, 2) {
            let hv = [h[0][0] * v[0] + h[0][1] * v[1], h[1][0] * v[0] + h[1][1] * v[1]];
            assert!((hv[0] - lambda * v[0]).abs() < 1e-9 && (hv[1] - lambda * v[1]).abs() < 1e-9, "{lambda} {v:?}");
            assert!((v[0].hypot(v[1]) - 1.0).abs() < 1e-12);
        }
        // Trace 1002, determinant 802·200 − 400² = 400: λ = 501 ± √(501² − 400).
        let [(low, _), (high, _)] = eigen(h, 2);
        assert!((high - (501.0 + (501.0f64.powi(2) - 400.0).sqrt())).abs() < 1e-9);
        assert!((low - (501.0 - (501.0f64.powi(2) - 400.0).sqrt())).abs() < 1e-9);
        // A saddle shows as one negative eigenvalue, along y.
        let [(low, v), (high, _)] = eigen([[2.0, 0.0], [0.0, -2.0]], 2);
        assert_eq!((low, high), (-2.0, 2.0));
        assert!(v[0].abs() < 1e-12 && (v[1].abs() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn eigenvalues_of_symmetric_matrices() {
        assert_eq!(largest_eigenvalue([[2.0, 0.0], [0.0, 20.0]], 2), 20.0);
        // [[10, 8], [8, 10]] has eigenvalues 2 and 18.
        assert!((largest_eigenvalue([[10.0, 8.0], [8.0, 10.0]], 2) - 18.0).abs() < 1e-12);
        assert_eq!(largest_eigenvalue([[-4.0, 0.0], [0.0, 0.0]], 1), -4.0);
    }

    #[test]
    fn bounds_follow_the_quadratic_theory() {
        let h = [[2.0, 0.0], [0.0, 20.0]];
        let gd = Optimizer::with_defaults(OptimizerType::Gd);
        assert_eq!(stable_lr_bound(&gd, h, 2), Some(0.1));
        let momentum = Optimizer::with_defaults(OptimizerType::Momentum);
        assert!((stable_lr_bound(&momentum, h, 2).unwrap() - 0.19).abs() < 1e-15);
        let nesterov = Optimizer::with_defaults(OptimizerType::Nesterov);
        assert!((stable_lr_bound(&nesterov, h, 2).unwrap() - 2.0 * 1.9 / 2.8 / 20.0).abs() < 1e-15);
        assert_eq!(stable_lr_bound(&Optimizer::with_defaults(OptimizerType::Adam), h, 2), None);
        assert_eq!(stable_lr_bound(&gd, [[-2.0, 0.0], [0.0, -1.0]], 2), None);
        let damped = Optimizer { hyper: Hyper::Sgd(Sgd { momentum: 0.5, dampening: 0.5, ..Sgd::default() }), ..gd };
        assert!((stable_lr_bound(&damped, h, 2).unwrap() - 2.0 * 1.5 / (20.0 * 0.5)).abs() < 1e-15);
    }
}
