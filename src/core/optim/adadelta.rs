//! torch.optim.Adadelta: steps scaled by the ratio of running sizes of past
//! steps and past gradients, so that a learning rate of 1 works.

use super::OptimizerState;
use super::breakdown::{Breakdown, StepStates, plain};
use super::{add_scaled, addcmul, decay, map2};
use crate::core::Vec2;

/// Adadelta's hyperparameters (torch defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adadelta {
    /// ρ: the decay of both running averages.
    pub rho: f64,
    /// Added under both square roots.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
}

impl Default for Adadelta {
    fn default() -> Self {
        Adadelta { rho: 0.9, eps: 1e-6, weight_decay: 0.0 }
    }
}

impl Adadelta {
    /// torch's update: v ← ρv + (1−ρ)g²; Δ ← √(u + ε)/√(v + ε)·g;
    /// u ← ρu + (1−ρ)Δ²; θ ← θ − lr·Δ.
    pub fn update(
        &self,
        params: Vec2,
        grad: Vec2,
        lr: f64,
        square_avg: &mut Vec2,
        acc_delta: &mut Vec2,
        sqrt: impl Fn(f64) -> f64,
    ) -> Vec2 {
        let rho = self.rho;
        let (_, g) = decay(params, grad, 0.0, self.weight_decay, false);
        *square_avg = map2(|i| addcmul(square_avg[i] * rho, g[i], g[i], 1.0 - rho));
        let delta = map2(|i| sqrt(acc_delta[i] + self.eps) / sqrt(square_avg[i] + self.eps) * g[i]);
        *acc_delta = map2(|i| addcmul(acc_delta[i] * rho, delta[i], delta[i], 1.0 - rho));
        map2(|i| add_scaled(params[i], delta[i], -lr))
    }
}

impl Adadelta {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let rho = self.rho;
        let (
            &OptimizerState::Adadelta { acc_delta: u0, .. },
            &OptimizerState::Adadelta { square_avg: v1, acc_delta: u1 },
        ) = (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        out.rule(format!("v ← {rho}·v + (1 − {rho})·g²"));
        out.rule(format!("Δ = √(u + {:e}) / √(v + {:e})·g", self.eps, self.eps));
        out.rule(format!("u ← {rho}·u + (1 − {rho})·Δ²;  θ ← θ − lr·Δ"));
        out.vector("v (after)", v1);
        out.vector("u (before)", u0);
        out.vector("u (after)", u1);
        out.say(format!(
            "Adadelta scales the gradient by the root of its recent steps' squares over the root of its recent \
             gradients' squares, so it sets its own rate: it moved {}, where plain GD at lr {} would move {}.",
            s.per_coordinate(s.step),
            plain(s.lr),
            s.per_coordinate(s.plain_step()),
        ));
    }
}
