//! torch.optim.Adagrad.

use super::HyperValue::Number;
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{Declaration, EPS, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY};
use super::{Hyper, HyperValue, OptimizerState, addcdiv, addcmul, l2};
use crate::core::{Matrix, Vector};

/// adagrad: torch Adagrad.
pub(super) const ADAGRAD: Declaration = Declaration {
    name: "adagrad",
    lr: 1e-2,
    hyper: || Hyper::Adagrad(Adagrad::default()),
    fields: &[
        Field { name: "lr_decay", limit: Limit::NonNegative },
        WEIGHT_DECAY,
        Field { name: "initial_accumulator_value", limit: Limit::NonNegative },
        EPS,
    ],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

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

impl Family for Adagrad {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "lr_decay" => Number(self.lr_decay),
            "weight_decay" => Number(self.weight_decay),
            "initial_accumulator_value" => Number(self.initial_accumulator_value),
            "eps" => Number(self.eps),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("lr_decay", Number(v)) => self.lr_decay = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            ("initial_accumulator_value", Number(v)) => self.initial_accumulator_value = v,
            ("eps", Number(v)) => self.eps = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Adagrad { sum: Vector::filled(n, self.initial_accumulator_value) }
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

    /// γ̃/(√s + ε).
    fn effective_rates(&self, state: &OptimizerState, lr: f64, t: u64) -> Option<Vector> {
        let OptimizerState::Adagrad { sum } = state else { return None };
        Some(self.effective_lr(lr, t, sum))
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

    super::decl::one_gradient_a_step!();
}

impl Step for Adagrad {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        t: u64,
        state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Adagrad { sum } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, t, sum, sqrt);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
