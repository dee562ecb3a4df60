//! One step of a run, taken apart: the update rule with that step's numbers.
//!
//! Everything here comes from the run's own records and the optimizers' own
//! functions, so a viewer shows the engine's numbers rather than its own.

use super::eigen::{MAX_EXPLAINED_HESSIAN, eigen, eigenvalues};
use super::optim::Optimizer;
use super::optim::breakdown::{Breakdown, StepStates, scalar, vector};
use super::run::Run;
use super::{Matrix, Vector};

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
    let mut q = vec![vector("θ", &before.params), vector("∇f(θ)", &before.grad)];
    if input.noise.iter().any(|n| *n != 0.0) {
        q.push(vector("noise", &input.noise));
    }
    if input.clip_scale != 1.0 {
        q.push(scalar("clip scale", input.clip_scale));
    }
    q.push(vector("g", &input.grad));
    q.push(scalar("lr", before.lr));
    let landscape = run.landscape();
    let dim = landscape.dim();
    let h = (dim <= MAX_EXPLAINED_HESSIAN).then(|| landscape.hessian(&before.params));
    let step: Vector = after.params.iter().zip(&before.params).map(|(a, b)| a - b).collect();
    let states = StepStates {
        before: before.state.clone(),
        after: after.state.clone(),
        t,
        lr: before.lr,
        grad: input.grad.clone(),
        step: step.clone(),
        names: (0..dim).map(|i| landscape.parameter_name(i)).collect(),
        dim,
    };
    let mut out = Breakdown { rule: Vec::new(), quantities: q, summary: None };
    // Without the Hessian (too many parameters), an empty one: Newton's
    // method then explains nothing.
    optimizer.explain(&states, h.as_ref().unwrap_or(&Matrix::zeros(0)), &mut out);
    let Breakdown { rule, quantities: mut q, summary } = out;
    q.push(vector("step θₖ₊₁ − θₖ", &step));
    q.push(vector("θ (after)", &after.params));
    // The curvature at θ: a negative eigenvalue is a direction that curves
    // down (a saddle, or a hilltop).
    if let Some(h) = &h {
        match dim {
            1 => q.push(scalar("f''(θ)", h[0][0])),
            2 => {
                let [(low, low_vector), (high, high_vector)] = eigen(h.mat2(), 2);
                q.push(vector("H eigenvalues", [low, high]));
                q.push(vector("  direction of λ₁", low_vector));
                q.push(vector("  direction of λ₂", high_vector));
            }
            _ => {
                if let Some(values) = eigenvalues(h) {
                    q.push(vector("H eigenvalues", &values));
                }
            }
        }
        if let Some(bound) = stable_lr_bound(optimizer, h) {
            q.push(scalar("local lr limit", bound));
        }
    }
    Some(Explanation { step: k, summary, rule, quantities: q })
}

/// The largest stable learning rate on the quadratic that matches f at a
/// point, where the optimizer's theory gives one: GD, heavy-ball momentum
/// and Nesterov (see `Sgd`'s). `None` for other optimizers, or where the
/// curvature is not positive (no step size is too large there).
pub fn stable_lr_bound(optimizer: &Optimizer, hessian: &Matrix) -> Option<f64> {
    optimizer.hyper.family().stable_lr_bound(hessian)
}

/// The part of the next step (from θₖ) that an optimizer carries over from
/// earlier steps, as a displacement: −lr·μ·b for momentum (the velocity
/// carried, b the buffer after k steps), and for Adam the step m̂ alone
/// would take, −lr·m̂/(√v̂ + ε), with the moments after k steps (likewise
/// the m part of NAdam's, RAdam's and Adamax's steps). `None` for
/// optimizers without memory, and at step 0, before any is gathered.
pub fn memory_step(run: &Run, k: usize) -> Option<Vector> {
    if k == 0 || k > run.steps_taken() {
        return None;
    }
    let record = run.record(k);
    run.spec().optimizer.hyper.family().memory_step(&record.state, record.lr, k as u64)
}

/// Each coordinate's effective learning rate after k steps, for optimizers
/// that scale each coordinate by its past gradients: AdaGrad's
/// γ̃/(√s + ε), RMSprop's lr/(√v + ε), Adam's lr/((1 − β₁ᵗ)(√v̂ + ε)),
/// RAdam's and Adamax's factor on m, Adadelta's lr·√(u + ε)/√(v + ε).
/// `None` for the others, and at step 0.
pub fn effective_rates(run: &Run, k: usize) -> Option<Vector> {
    if k == 0 || k > run.steps_taken() {
        return None;
    }
    let record = run.record(k);
    run.spec().optimizer.hyper.family().effective_rates(&record.state, record.lr, k as u64)
}

/// A stability bound on the learning rate and the point whose curvature it
/// comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// The largest stable learning rate there.
    pub bound: f64,
    /// Where the curvature was taken.
    pub at: Vector,
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
    if landscape.dim() > MAX_EXPLAINED_HESSIAN {
        return None;
    }
    let last = run.record(run.steps_taken());
    let from = if run.escape().is_some() { &run.record(0).params } else { &last.params };
    let at = match landscape.nearest_minimum(from) {
        Some((m, _)) => m.point.clone(),
        None => {
            let settled = super::norm(&last.grad) < 1e-6 && last.params.iter().all(|p| p.is_finite());
            if !settled {
                return None;
            }
            last.params.clone()
        }
    };
    let bound = stable_lr_bound(optimizer, &landscape.hessian(&at))?;
    Some(Limit { bound, at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::{Hyper, OptimizerType, Sgd};

    #[test]
    fn bounds_follow_the_quadratic_theory() {
        let h = Matrix::from([[2.0, 0.0], [0.0, 20.0]]);
        let gd = Optimizer::with_defaults(OptimizerType::Gd);
        assert_eq!(stable_lr_bound(&gd, &h), Some(0.1));
        let momentum = Optimizer::with_defaults(OptimizerType::Momentum);
        assert!((stable_lr_bound(&momentum, &h).unwrap() - 0.19).abs() < 1e-15);
        let nesterov = Optimizer::with_defaults(OptimizerType::Nesterov);
        assert!((stable_lr_bound(&nesterov, &h).unwrap() - 2.0 * 1.9 / 2.8 / 20.0).abs() < 1e-15);
        assert_eq!(stable_lr_bound(&Optimizer::with_defaults(OptimizerType::Adam), &h), None);
        assert_eq!(stable_lr_bound(&gd, &Matrix::from([[-2.0, 0.0], [0.0, -1.0]])), None);
        let damped = Optimizer { hyper: Hyper::Sgd(Sgd { momentum: 0.5, dampening: 0.5, ..Sgd::default() }), ..gd };
        assert!((stable_lr_bound(&damped, &h).unwrap() - 2.0 * 1.5 / (20.0 * 0.5)).abs() < 1e-15);
        // In ten dimensions the largest curvature sets it: λ = 1, …, 10, GD's 2/10.
        let ten = Matrix::diagonal(&(1..=10).map(f64::from).collect::<Vec<_>>());
        assert_eq!(stable_lr_bound(&gd, &ten), Some(0.2));
    }
}
