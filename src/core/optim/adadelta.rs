//! torch.optim.Adadelta: steps scaled by the ratio of running sizes of past
//! steps and past gradients, so that a learning rate of 1 works.

use super::OptimizerState;
use super::breakdown::{Breakdown, StepStates, plain};
use super::{add_scaled, addcmul, l2};

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
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        square_avg: &mut [f64],
        acc_delta: &mut [f64],
        sqrt: impl Fn(f64) -> f64,
    ) {
        let rho = self.rho;
        let n = params.len();
        let (grad, v, u) = (&grad[..n], &mut square_avg[..n], &mut acc_delta[..n]);
        for i in 0..n {
            let g = l2(params[i], grad[i], self.weight_decay);
            v[i] = addcmul(v[i] * rho, g, g, 1.0 - rho);
            let delta = sqrt(u[i] + self.eps) / sqrt(v[i] + self.eps) * g;
            u[i] = addcmul(u[i] * rho, delta, delta, 1.0 - rho);
            params[i] = add_scaled(params[i], delta, -lr);
        }
    }
}

impl Adadelta {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let rho = self.rho;
        let (
            OptimizerState::Adadelta { acc_delta: u0, .. },
            OptimizerState::Adadelta { square_avg: v1, acc_delta: u1 },
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
            s.per_coordinate(&s.step),
            plain(s.lr),
            s.per_coordinate(&s.plain_step()),
        ));
    }
}
