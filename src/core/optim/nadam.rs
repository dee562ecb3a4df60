//! torch.optim.NAdam: Adam with Nesterov momentum, its momentum warmed up
//! by `momentum_decay`.

use super::HyperValue::{Flag, Number, Pair};
use super::adam::bias_correction;
use super::breakdown::{Breakdown, StepStates};
use super::decl::{
    BETAS, Declaration, EPS, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY,
};
use super::{Hyper, HyperValue, OptimizerState};
use super::{addcdiv, addcmul, decay, lerp};
use crate::core::{Matrix, Vector};

/// nadam: torch NAdam.
pub(super) const NADAM: Declaration = Declaration {
    name: "nadam",
    lr: 2e-3,
    hyper: || Hyper::NAdam(NAdam::default()),
    fields: &[
        BETAS,
        EPS,
        WEIGHT_DECAY,
        Field { name: "momentum_decay", limit: Limit::NonNegative },
        Field { name: "decoupled_weight_decay", limit: Limit::Flag },
    ],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// NAdam's hyperparameters (torch defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NAdam {
    /// (β1, β2).
    pub betas: [f64; 2],
    /// Added to √v̂.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
    /// ψ: how quickly the momentum schedule μₜ approaches β1.
    pub momentum_decay: f64,
    /// θ ← θ·(1 − lr·λ) instead of g ← g + λθ.
    pub decoupled_weight_decay: bool,
}

impl Default for NAdam {
    fn default() -> Self {
        NAdam { betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.0, momentum_decay: 4e-3, decoupled_weight_decay: false }
    }
}

impl NAdam {
    /// What multiplied m in step t (Π the product of μ₁…μₜ, v after t
    /// steps): lr·μₜ₊₁/(1 − Π·μₜ₊₁)/(√v̂ + ε), for the view.
    pub fn momentum_rates(&self, lr: f64, t: u64, mu_product: f64, v: &[f64]) -> Vector {
        let mu_next = self.mu(t as f64 + 1.0);
        let c2 = bias_correction(self.betas[1], t);
        v.iter().map(|v| lr * mu_next / (1.0 - mu_product * mu_next) / ((v / c2).sqrt() + self.eps)).collect()
    }

    /// The momentum of step t: μₜ = β1·(1 − ½·0.96^(t·ψ)).
    pub fn mu(&self, step: f64) -> f64 {
        self.betas[0] * (1.0 - 0.5 * 0.96f64.powf(step * self.momentum_decay))
    }

    /// torch's update: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²;
    /// Π ← Π·μₜ; θ ← θ − lr(1−μₜ)/(1−Π)·g/(√v̂+ε) − lr·μₜ₊₁/(1−Π·μₜ₊₁)·m/(√v̂+ε).
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        exp_avg: &mut [f64],
        exp_avg_sq: &mut [f64],
        mu_product: &mut f64,
        sqrt: impl Fn(f64) -> f64,
    ) {
        let [beta1, beta2] = self.betas;
        let t = step as f64;
        let bias_correction2 = bias_correction(beta2, step);
        let (mu, mu_next) = (self.mu(t), self.mu(t + 1.0));
        *mu_product *= mu;
        let mu_product_next = *mu_product * mu_next;
        let gradient_part = -lr * (1.0 - mu) / (1.0 - *mu_product);
        let momentum_part = (-lr * mu_next) / (1.0 - mu_product_next);
        let n = params.len();
        let (grad, m, v) = (&grad[..n], &mut exp_avg[..n], &mut exp_avg_sq[..n]);
        for i in 0..n {
            let (theta, g) = decay(params[i], grad[i], lr, self.weight_decay, self.decoupled_weight_decay);
            m[i] = lerp(m[i], g, 1.0 - beta1);
            v[i] = addcmul(v[i] * beta2, g, g, 1.0 - beta2);
            let denom = sqrt(v[i] / bias_correction2) + self.eps;
            params[i] = addcdiv(addcdiv(theta, g, denom, gradient_part), m[i], denom, momentum_part);
        }
    }
}

impl NAdam {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let [b1, b2] = self.betas;
        let t = s.t;
        let (
            OptimizerState::NAdam { exp_avg: m0, .. },
            &OptimizerState::NAdam { exp_avg: ref m1, exp_avg_sq: ref v1, mu_product },
        ) = (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, self.decoupled_weight_decay);
        out.rule(format!("μₜ = {b1}·(1 − ½·0.96^(t·{}))", self.momentum_decay));
        out.rule(format!("m ← {b1}·m + (1 − {b1})·g;  v ← {b2}·v + (1 − {b2})·g²"));
        out.rule("θ ← θ − lr(1−μₜ)/(1−Πμ)·g/(√v̂+ε) − lr·μₜ₊₁/(1−Πμ·μₜ₊₁)·m/(√v̂+ε)");
        out.scalar("t", t as f64);
        out.scalar("μₜ", self.mu(t as f64));
        out.scalar("μₜ₊₁", self.mu(t as f64 + 1.0));
        out.scalar("Π μ", mu_product);
        out.vector("m (before)", m0);
        out.vector("m (after)", m1);
        out.vector("v (after)", v1);
        out.say(format!(
            "NAdam is Adam that takes its momentum one step ahead: dividing by the root of its averaged squares, \
             it moved {}, where plain GD would move {}.",
            s.per_coordinate(&s.step),
            s.per_coordinate(&s.plain_step()),
        ));
    }
}

impl Family for NAdam {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "betas" => Pair(self.betas),
            "eps" => Number(self.eps),
            "weight_decay" => Number(self.weight_decay),
            "momentum_decay" => Number(self.momentum_decay),
            "decoupled_weight_decay" => Flag(self.decoupled_weight_decay),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("betas", Pair(v)) => self.betas = v,
            ("eps", Number(v)) => self.eps = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            ("momentum_decay", Number(v)) => self.momentum_decay = v,
            ("decoupled_weight_decay", Flag(v)) => self.decoupled_weight_decay = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::NAdam { exp_avg: Vector::zeros(n), exp_avg_sq: Vector::zeros(n), mu_product: 1.0 }
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
        let OptimizerState::NAdam { exp_avg: m, exp_avg_sq: v, mu_product } = state else { return None };
        let r = self.momentum_rates(lr, k, *mu_product, v);
        Some(r.iter().zip(m.iter()).map(|(r, m)| -r * m).collect())
    }

    fn effective_rates(&self, _state: &OptimizerState, _lr: f64, _k: u64) -> Option<Vector> {
        None
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

impl Step for NAdam {
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
        let OptimizerState::NAdam { exp_avg, exp_avg_sq, mu_product } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, t, exp_avg, exp_avg_sq, mu_product, sqrt);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
