//! torch.optim.Adamax: Adam with the infinity norm in place of the second moment.

use super::OptimizerState;
use super::adam::bias_correction;
use super::breakdown::{Breakdown, StepStates, plain};
use super::{addcdiv, decay, lerp, map2};
use crate::core::Vec2;

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
    pub fn rates(&self, lr: f64, t: u64, u: Vec2) -> Vec2 {
        let clr = lr / bias_correction(self.betas[0], t);
        map2(|i| clr / u[i])
    }

    /// torch's update: m ← β1m + (1−β1)g; u ← max(β2u, |g| + ε);
    /// θ ← θ − lr/(1−β1ᵗ)·m/u.
    pub fn update(&self, params: Vec2, grad: Vec2, lr: f64, step: u64, exp_avg: &mut Vec2, exp_inf: &mut Vec2) -> Vec2 {
        let [beta1, beta2] = self.betas;
        let (_, g) = decay(params, grad, 0.0, self.weight_decay, false);
        *exp_avg = map2(|i| lerp(exp_avg[i], g[i], 1.0 - beta1));
        *exp_inf = map2(|i| maximum(exp_inf[i] * beta2, g[i].abs() + self.eps));
        let clr = lr / bias_correction(beta1, step);
        map2(|i| addcdiv(params[i], exp_avg[i], exp_inf[i], -clr))
    }
}

impl Adamax {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let [b1, b2] = self.betas;
        let (&OptimizerState::Adamax { exp_inf: u0, .. }, &OptimizerState::Adamax { exp_avg: m, exp_inf: u1 }) =
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
            s.per_coordinate(s.step),
            s.per_coordinate(s.plain_step()),
        ));
    }
}
