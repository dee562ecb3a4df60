//! torch.optim.Adam and AdamW, with amsgrad.

use super::HyperValue::{Flag, Number, Pair};
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{
    BETAS, Declaration, EPS, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY,
};
use super::{Hyper, HyperValue, OptimizerState, addcdiv, addcmul, decay, lerp};
use crate::core::{Matrix, Vector};

/// Keep the largest second moment seen.
const AMSGRAD: Field = Field { name: "amsgrad", limit: Limit::Flag };

/// adam: torch Adam.
pub(super) const ADAM: Declaration = Declaration {
    name: "adam",
    lr: 1e-3,
    hyper: || Hyper::Adam(Adam::default()),
    fields: &[BETAS, EPS, WEIGHT_DECAY, AMSGRAD],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// adamw: torch AdamW, Adam with decoupled weight decay 0.01.
pub(super) const ADAMW: Declaration = Declaration {
    name: "adamw",
    lr: 1e-3,
    hyper: || Hyper::Adam(Adam { weight_decay: 0.01, decoupled: true, ..Adam::default() }),
    fields: &[BETAS, EPS, WEIGHT_DECAY, AMSGRAD],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// Adam's hyperparameters; AdamW is Adam with `decoupled` weight decay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adam {
    /// (β1, β2).
    pub betas: [f64; 2],
    /// Added to √v̂.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
    /// Normalise by the running maximum of v.
    pub amsgrad: bool,
    /// AdamW: θ ← θ·(1 − lr·λ) before the update instead of g ← g + λθ.
    pub decoupled: bool,
}

impl Default for Adam {
    fn default() -> Self {
        Adam { betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.0, amsgrad: false, decoupled: false }
    }
}

impl Adam {
    /// torch's update: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²;
    /// θ ← θ − (lr / (1−β1ᵗ))·m / (√v / √(1−β2ᵗ) + ε), with v replaced by
    /// max(v_max, v) under amsgrad. Updates `params` in place.
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        exp_avg: &mut [f64],
        exp_avg_sq: &mut [f64],
        max_exp_avg_sq: &mut [f64],
        sqrt: impl Fn(f64) -> f64,
    ) {
        let [beta1, beta2] = self.betas;
        let bias_correction1 = bias_correction(beta1, step);
        let bias_correction2 = bias_correction(beta2, step);
        let step_size = lr / bias_correction1;
        // torch takes `bias_correction2 ** 0.5` with Python's pow, not sqrt.
        let bias_correction2_sqrt = bias_correction2.powf(0.5);
        let n = params.len();
        let (grad, m, v) = (&grad[..n], &mut exp_avg[..n], &mut exp_avg_sq[..n]);
        let vmax = &mut max_exp_avg_sq[..n];
        for i in 0..n {
            let (theta, g) = decay(params[i], grad[i], lr, self.weight_decay, self.decoupled);
            m[i] = lerp(m[i], g, 1.0 - beta1);
            v[i] = addcmul(v[i] * beta2, g, g, 1.0 - beta2);
            let second = if self.amsgrad {
                vmax[i] = vmax[i].max(v[i]);
                vmax[i]
            } else {
                v[i]
            };
            let denom = sqrt(second) / bias_correction2_sqrt + self.eps;
            params[i] = addcdiv(theta, m[i], denom, -step_size);
        }
    }
}

/// 1 − βᵗ as torch computes it (`1 - beta ** step`, a libm `pow`), without
/// the `pow` once it cannot matter: when βᵗ ≤ 2⁻⁵⁴, 1 − βᵗ rounds to exactly
/// 1.0 in f64. The cut-off asks for βᵗ ≤ 2⁻⁵⁵, a margin far wider than
/// `pow`'s error, so the result is bit-identical to always calling `pow`.
#[inline]
pub fn bias_correction(beta: f64, step: u64) -> f64 {
    // βᵗ = e^(t·ln β) ≤ e^(−t(1−β)) since ln β ≤ β − 1: a bound with no libm call.
    if (step as f64) * (1.0 - beta) >= 55.0 * std::f64::consts::LN_2 {
        return 1.0;
    }
    1.0 - beta.powf(step as f64)
}

impl Adam {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (
            OptimizerState::Adam { exp_avg: m0, exp_avg_sq: v0, .. },
            OptimizerState::Adam { exp_avg: m1, exp_avg_sq: v1, max_exp_avg_sq: vmax },
        ) = (&s.before, &s.after)
        else {
            return;
        };
        let [b1, b2] = self.betas;
        out.weight_decay(self.weight_decay, self.decoupled);
        out.rule(format!("m ← {b1}·m + (1 − {b1})·g"));
        out.rule(format!("v ← {b2}·v + (1 − {b2})·g²"));
        out.rule(format!("m̂ = m / (1 − {b1}^t)"));
        out.rule(format!("v̂ = {} / (1 − {b2}^t)", if self.amsgrad { "max v" } else { "v" }));
        out.rule(format!("θ ← θ − lr·m̂ / (√v̂ + {:e})", self.eps));
        let (c1, c2) = (bias_correction(b1, s.t), bias_correction(b2, s.t));
        let second = if self.amsgrad { vmax } else { v1 };
        out.scalar("t", s.t as f64);
        out.vector("m (before)", m0);
        out.vector("m (after)", m1);
        out.vector("v (before)", v0);
        out.vector("v (after)", v1);
        if self.amsgrad {
            out.vector("max v", vmax);
        }
        out.vector("m̂", Vector::from_fn(m1.len(), |i| m1[i] / c1));
        out.vector("v̂", Vector::from_fn(second.len(), |i| second[i] / c2));
        let name = if self.decoupled { "AdamW" } else { "Adam" };
        out.say(format!(
            "{name} divides its averaged gradient by the root of its averaged squares: each coordinate moves about \
             lr = {} or less, however steep it is ({}; plain GD: {}).",
            plain(s.lr),
            s.per_coordinate(&s.step),
            s.per_coordinate(&s.plain_step()),
        ));
    }
}

impl Family for Adam {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "betas" => Pair(self.betas),
            "eps" => Number(self.eps),
            "weight_decay" => Number(self.weight_decay),
            "amsgrad" => Flag(self.amsgrad),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("betas", Pair(v)) => self.betas = v,
            ("eps", Number(v)) => self.eps = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            ("amsgrad", Flag(v)) => self.amsgrad = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Adam {
            exp_avg: Vector::zeros(n),
            exp_avg_sq: Vector::zeros(n),
            max_exp_avg_sq: Vector::zeros(n),
        }
    }

    fn momentum_like(&self) -> Option<MomentumLike> {
        // β1 must stay below 1 (torch rejects 1.0).
        Some(MomentumLike {
            name: "β1",
            symbol: "β1",
            value: self.betas[0],
            max: 0.999,
            field: "betas",
            at_one: "nothing damps it",
        })
    }

    fn set_momentum_like(&mut self, value: f64) {
        self.betas[0] = value;
    }

    fn rate_axis(&self) -> Option<RateAxis> {
        Some(RateAxis { name: "β1", value: self.betas[0] })
    }

    fn set_rate_axis(&mut self, value: f64) {
        self.betas[0] = value;
    }

    /// The step m̂ alone would take, −lr·m̂/(√v̂ + ε), with the moments
    /// after k steps.
    fn memory_step(&self, state: &OptimizerState, lr: f64, k: u64) -> Option<Vector> {
        let OptimizerState::Adam { exp_avg: m, exp_avg_sq: v, max_exp_avg_sq: vmax } = state else { return None };
        let (c1, c2) = (bias_correction(self.betas[0], k), bias_correction(self.betas[1], k));
        let second = if self.amsgrad { vmax } else { v };
        Some(Vector::from_fn(m.len(), |i| -lr * (m[i] / c1) / ((second[i] / c2).sqrt() + self.eps)))
    }

    /// lr/((1 − β₁ᵗ)(√v̂ + ε)).
    fn effective_rates(&self, state: &OptimizerState, lr: f64, t: u64) -> Option<Vector> {
        let OptimizerState::Adam { exp_avg_sq: v, max_exp_avg_sq: vmax, .. } = state else { return None };
        let (c1, c2) = (bias_correction(self.betas[0], t), bias_correction(self.betas[1], t));
        let second = if self.amsgrad { vmax } else { v };
        Some(second.iter().map(|s| lr / c1 / ((s / c2).sqrt() + self.eps)).collect())
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

impl Step for Adam {
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
        let OptimizerState::Adam { exp_avg, exp_avg_sq, max_exp_avg_sq } = state else {
            return Err(MISMATCH.into());
        };
        self.update(params, grad, lr, t, exp_avg, exp_avg_sq, max_exp_avg_sq, sqrt);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}

#[cfg(test)]
mod tests {
    use super::bias_correction;

    #[test]
    fn skipping_pow_changes_no_bit() {
        for beta in [0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999] {
            for step in (1..200_000).step_by(7).chain([1, 2, 3, 355, 356, 37_410, 37_411, 37_412]) {
                assert_eq!(bias_correction(beta, step), 1.0 - f64::powf(beta, step as f64), "β={beta} t={step}");
            }
        }
    }
}
