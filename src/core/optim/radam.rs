//! torch.optim.RAdam: Adam whose adaptive step is switched on, and scaled,
//! only once the variance of its second moment can be estimated.

use super::HyperValue::{Flag, Number, Pair};
use super::adam::bias_correction;
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{
    BETAS, Declaration, EPS, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY,
};
use super::{Hyper, HyperValue, OptimizerState};
use super::{addcmul, decay, lerp};
use crate::core::{Matrix, Vector};

/// radam: torch RAdam.
pub(super) const RADAM: Declaration = Declaration {
    name: "radam",
    lr: 1e-3,
    hyper: || Hyper::RAdam(RAdam::default()),
    fields: &[BETAS, EPS, WEIGHT_DECAY, Field { name: "decoupled_weight_decay", limit: Limit::Flag }],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// RAdam's hyperparameters (torch defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RAdam {
    /// (β1, β2).
    pub betas: [f64; 2],
    /// Added to √v.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
    /// θ ← θ·(1 − lr·λ) instead of g ← g + λθ.
    pub decoupled_weight_decay: bool,
}

impl Default for RAdam {
    fn default() -> Self {
        RAdam { betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.0, decoupled_weight_decay: false }
    }
}

impl RAdam {
    /// ρ∞ = 2/(1 − β2) − 1 and ρₜ = ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ): the length of the
    /// moving average; the adaptive step is used once ρₜ > 5.
    pub fn rho(&self, step: u64) -> (f64, f64) {
        let beta2 = self.betas[1];
        let t = step as f64;
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        (rho_inf, rho_inf - 2.0 * t * beta2.powf(t) / bias_correction(beta2, step))
    }

    /// torch's update: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; m̂ = m/(1−β1ᵗ);
    /// with ρₜ > 5, θ ← θ − lr·m̂·√(1−β2ᵗ)/(√v + ε)·r, r the rectification;
    /// else θ ← θ − lr·m̂.
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        exp_avg: &mut [f64],
        exp_avg_sq: &mut [f64],
        sqrt: impl Fn(f64) -> f64,
    ) {
        let [beta1, beta2] = self.betas;
        let bias_correction1 = bias_correction(beta1, step);
        let bias_correction2_sqrt = bias_correction(beta2, step).powf(0.5);
        let (rho_inf, rho_t) = self.rho(step);
        let rect = (rho_t > 5.0)
            .then(|| ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)).powf(0.5));
        let n = params.len();
        let (grad, m, v) = (&grad[..n], &mut exp_avg[..n], &mut exp_avg_sq[..n]);
        for i in 0..n {
            let (theta, g) = decay(params[i], grad[i], lr, self.weight_decay, self.decoupled_weight_decay);
            m[i] = lerp(m[i], g, 1.0 - beta1);
            v[i] = addcmul(v[i] * beta2, g, g, 1.0 - beta2);
            let m_hat = m[i] / bias_correction1;
            params[i] = match rect {
                Some(rect) => {
                    // torch divides the number by a tensor as the tensor's reciprocal times it.
                    let adaptive = (1.0 / (sqrt(v[i]) + self.eps)) * bias_correction2_sqrt;
                    theta - m_hat * lr * adaptive * rect
                }
                None => theta - m_hat * lr,
            };
        }
    }
}

impl RAdam {
    /// What multiplies m after t steps: lr/(1−β1ᵗ), times √(1−β2ᵗ)/(√v + ε)·r
    /// once rectified. For the view's arrows and rate box, not for stepping.
    pub fn rates(&self, lr: f64, t: u64, v: &[f64]) -> Vector {
        let [beta1, beta2] = self.betas;
        let base = lr / bias_correction(beta1, t);
        let (rho_inf, rho_t) = self.rho(t);
        if rho_t > 5.0 {
            let rect = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)).sqrt();
            v.iter().map(|v| base * rect * bias_correction(beta2, t).sqrt() / (v.sqrt() + self.eps)).collect()
        } else {
            Vector::filled(v.len(), base)
        }
    }

    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let [b1, b2] = self.betas;
        let t = s.t;
        let OptimizerState::RAdam { exp_avg: m, exp_avg_sq: v } = &s.after else { return };
        let (rho_inf, rho_t) = self.rho(t);
        out.weight_decay(self.weight_decay, self.decoupled_weight_decay);
        out.rule(format!("m ← {b1}·m + (1 − {b1})·g;  v ← {b2}·v + (1 − {b2})·g²"));
        out.rule("ρₜ = ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ); rectified once ρₜ > 5");
        out.rule(if rho_t > 5.0 {
            "θ ← θ − lr·m̂·√(1−β2ᵗ)/(√v+ε)·r"
        } else {
            "θ ← θ − lr·m̂   (not yet rectified)"
        });
        out.scalar("t", t as f64);
        out.scalar("ρ∞", rho_inf);
        out.scalar("ρₜ", rho_t);
        out.vector("m (after)", m);
        out.vector("v (after)", v);
        let how = if rho_t > 5.0 {
            format!(
                "it has enough steps behind it (ρₜ = {} > 5) to divide by the root of its averaged squares, as Adam does",
                plain(rho_t)
            )
        } else {
            format!(
                "its averaged squares are not yet to be trusted (ρₜ = {} ≤ 5), so it steps like momentum, lr × its averaged gradient",
                plain(rho_t)
            )
        };
        out.say(format!(
            "RAdam is Adam that waits: {how}. It moved {}, where plain GD would move {}.",
            s.per_coordinate(&s.step),
            s.per_coordinate(&s.plain_step()),
        ));
    }
}

impl Family for RAdam {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "betas" => Pair(self.betas),
            "eps" => Number(self.eps),
            "weight_decay" => Number(self.weight_decay),
            "decoupled_weight_decay" => Flag(self.decoupled_weight_decay),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("betas", Pair(v)) => self.betas = v,
            ("eps", Number(v)) => self.eps = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            ("decoupled_weight_decay", Flag(v)) => self.decoupled_weight_decay = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::RAdam { exp_avg: Vector::zeros(n), exp_avg_sq: Vector::zeros(n) }
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

    /// The m part of its step, with the moments after k steps.
    fn memory_step(&self, state: &OptimizerState, lr: f64, k: u64) -> Option<Vector> {
        let OptimizerState::RAdam { exp_avg: m, exp_avg_sq: v } = state else { return None };
        Some(self.rates(lr, k, v).iter().zip(m.iter()).map(|(r, m)| -r * m).collect())
    }

    /// Its factor on m.
    fn effective_rates(&self, state: &OptimizerState, lr: f64, t: u64) -> Option<Vector> {
        let OptimizerState::RAdam { exp_avg_sq: v, .. } = state else { return None };
        Some(self.rates(lr, t, v))
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

impl Step for RAdam {
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
        let OptimizerState::RAdam { exp_avg, exp_avg_sq } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, t, exp_avg, exp_avg_sq, sqrt);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
