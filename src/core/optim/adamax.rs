//! torch.optim.Adamax: Adam with the infinity norm in place of the second moment.

use super::HyperValue::{Number, Pair};
use super::adam::bias_correction;
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{BETAS, Declaration, EPS, Family, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY};
use super::{Hyper, HyperValue, OptimizerState};
use super::{addcdiv, l2, lerp};
use crate::core::{Matrix, Vector};

/// adamax: torch Adamax.
pub(super) const ADAMAX: Declaration = Declaration {
    name: "adamax",
    lr: 2e-3,
    hyper: || Hyper::Adamax(Adamax::default()),
    fields: &[BETAS, EPS, WEIGHT_DECAY],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

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

impl Family for Adamax {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "betas" => Pair(self.betas),
            "eps" => Number(self.eps),
            "weight_decay" => Number(self.weight_decay),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("betas", Pair(v)) => self.betas = v,
            ("eps", Number(v)) => self.eps = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Adamax { exp_avg: Vector::zeros(n), exp_inf: Vector::zeros(n) }
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
        let OptimizerState::Adamax { exp_avg: m, exp_inf: u } = state else { return None };
        Some(self.rates(lr, k, u).iter().zip(m.iter()).map(|(r, m)| -r * m).collect())
    }

    /// Its factor on m.
    fn effective_rates(&self, state: &OptimizerState, lr: f64, t: u64) -> Option<Vector> {
        let OptimizerState::Adamax { exp_inf: u, .. } = state else { return None };
        Some(self.rates(lr, t, u))
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

impl Step for Adamax {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        t: u64,
        state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        _sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Adamax { exp_avg, exp_inf } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, t, exp_avg, exp_inf);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
