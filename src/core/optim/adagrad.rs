//! torch.optim.Adagrad.

use super::breakdown::{Breakdown, StepStates, plain};
use super::{OptimizerState, addcdiv, addcmul, l2};
use crate::core::Vector;

/// Adagrad's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adagrad {
    /// η: the rate decays as lr / (1 + (t − 1)·η).
    pub lr_decay: f64,
    /// λ.
    pub weight_decay: f64,
    /// The sum of squares starts here.
    pub initial_accumulator_value: f64,
    /// Added to √sum.
    pub eps: f64,
}

impl Default for Adagrad {
    fn default() -> Self {
        Adagrad { lr_decay: 0.0, weight_decay: 0.0, initial_accumulator_value: 0.0, eps: 1e-10 }
    }
}

impl Adagrad {
    /// torch's update: g ← g + λθ; γ̃ ← lr / (1 + (t−1)η); s ← s + g²;
    /// θ ← θ − γ̃·g / (√s + ε).
    /// Updates `params` in place.
    pub fn update(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        sum: &mut [f64],
        sqrt: impl Fn(f64) -> f64,
    ) {
        let clr = lr / (1.0 + (step - 1) as f64 * self.lr_decay);
        let n = params.len();
        let (grad, sum) = (&grad[..n], &mut sum[..n]);
        for i in 0..n {
            let g = l2(params[i], grad[i], self.weight_decay);
            sum[i] = addcmul(sum[i], g, g, 1.0);
            params[i] = addcdiv(params[i], g, sqrt(sum[i]) + self.eps, -clr);
        }
    }

    /// The effective per-coordinate learning rate of the last step, given the
    /// accumulator after it: γ̃ / (√s + ε).
    pub fn effective_lr(&self, lr: f64, step: u64, sum: &[f64]) -> Vector {
        let clr = lr / (1.0 + (step.max(1) - 1) as f64 * self.lr_decay);
        sum.iter().map(|s| clr / (s.sqrt() + self.eps)).collect()
    }
}

impl Adagrad {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (OptimizerState::Adagrad { sum: s0 }, OptimizerState::Adagrad { sum: s1 }) = (&s.before, &s.after) else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        out.rule("s ← s + g²");
        out.rule(format!("γ̃ = lr / (1 + (t − 1)·{})", self.lr_decay));
        out.rule(format!("θ ← θ − γ̃·g / (√s + {:e})", self.eps));
        out.scalar("t", s.t as f64);
        out.vector("s (before)", s0);
        out.vector("s (after)", s1);
        let rates = self.effective_lr(s.lr, s.t, s1);
        out.vector("effective lr γ̃/(√s+ε)", &rates);
        out.say(format!(
            "AdaGrad divides the gradient by the root of all its squares so far, so a coordinate's rate only \
             shrinks: the rates (lr {}) are now {}; it moved {}.",
            plain(s.lr),
            s.per_coordinate(&rates),
            s.per_coordinate(&s.step),
        ));
    }
}
