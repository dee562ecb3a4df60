//! torch.optim.Adamax: Adam with the infinity norm in place of the second moment.

use super::OptimizerState;
use super::adam::bias_correction;
use super::breakdown::{Breakdown, StepStates, plain};
use super::{addcdiv, l2, lerp};
use crate::core::Vector;

/// Adamax's hyperparameters (torch defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adamax {
    /// (β1, β2).
    pub betas: [f64; 2],
    /// Added to |g| before the maximum.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
}

impl Default for Adamax {
    fn default() -> Self {
        Adamax { betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.0 }
    }
}

/// torch.maximum: NaN if either is.
fn maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() { f64::NAN } else { a.max(b) }
}

impl Adamax {
    /// What multiplies m after t steps: lr/((1−β1ᵗ)·u), for the view.
    pub fn rates(&self, lr: f64, t: u64, u: &[f64]) -> Vector {
        let clr = lr / bias_correction(self.betas[0], t);
        u.iter().map(|u| clr / u).collect()
    }

    /// torch's update: m ← β1m + (1−β1)g; u ← max(β2u, |g| + ε);
    /// θ ← θ − lr/(1−β1ᵗ)·m/u.
    pub fn update(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        exp_avg: &mut [f64],
        exp_inf: &mut [f64],
    ) {
        let [beta1, beta2] = self.betas;
        let clr = lr / bias_correction(beta1, step);
        let n = params.len();
        let (grad, m, u) = (&grad[..n], &mut exp_avg[..n], &mut exp_inf[..n]);
        for i in 0..n {
            let g = l2(params[i], grad[i], self.weight_decay);
            m[i] = lerp(m[i], g, 1.0 - beta1);
            u[i] = maximum(u[i] * beta2, g.abs() + self.eps);
            params[i] = addcdiv(params[i], m[i], u[i], -clr);
        }
    }
}

impl Adamax {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let [b1, b2] = self.betas;
        let (OptimizerState::Adamax { exp_inf: u0, .. }, OptimizerState::Adamax { exp_avg: m, exp_inf: u1 }) =
            (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        out.rule(format!("m ← {b1}·m + (1 − {b1})·g"));
        out.rule(format!("u ← max({b2}·u, |g| + {:e})", self.eps));
        out.rule(format!("θ ← θ − lr/(1 − {b1}^t)·m/u"));
        out.vector("m (after)", m);
        out.vector("u (before)", u0);
        out.vector("u (after)", u1);
        out.say(format!(
            "Adamax divides its averaged gradient by the largest recent gradient's size, so no coordinate moves much \
             more than lr = {}: it moved {}, where plain GD would move {}.",
            plain(s.lr),
            s.per_coordinate(&s.step),
            s.per_coordinate(&s.plain_step()),
        ));
    }
}
