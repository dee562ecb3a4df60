//! torch.optim.Adadelta: steps scaled by the ratio of running sizes of past
//! steps and past gradients, so that a learning rate of 1 works.

use super::HyperValue::Number;
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{Declaration, EPS, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY};
use super::{Hyper, HyperValue, OptimizerState};
use super::{add_scaled, addcmul, l2};
use crate::core::{Matrix, Vector};

/// adadelta: torch Adadelta.
pub(super) const ADADELTA: Declaration = Declaration {
    name: "adadelta",
    lr: 1.0,
    hyper: || Hyper::Adadelta(Adadelta::default()),
    fields: &[Field { name: "rho", limit: Limit::Unit }, EPS, WEIGHT_DECAY],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

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

impl Family for Adadelta {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "rho" => Number(self.rho),
            "eps" => Number(self.eps),
            "weight_decay" => Number(self.weight_decay),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("rho", Number(v)) => self.rho = v,
            ("eps", Number(v)) => self.eps = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Adadelta { square_avg: Vector::zeros(n), acc_delta: Vector::zeros(n) }
    }

    /// The keys turn ρ, the decay of both averages.
    fn momentum_like(&self) -> Option<MomentumLike> {
        Some(MomentumLike {
            name: "rho",
            symbol: "ρ",
            value: self.rho,
            max: 1.0,
            field: "rho",
            at_one: "both averages stay 0, so steps are lr·g",
        })
    }

    fn set_momentum_like(&mut self, value: f64) {
        self.rho = value;
    }

    fn rate_axis(&self) -> Option<RateAxis> {
        None
    }

    fn set_rate_axis(&mut self, _value: f64) {}

    fn memory_step(&self, _state: &OptimizerState, _lr: f64, _k: u64) -> Option<Vector> {
        None
    }

    /// lr·√(u + ε)/√(v + ε).
    fn effective_rates(&self, state: &OptimizerState, lr: f64, _t: u64) -> Option<Vector> {
        let OptimizerState::Adadelta { square_avg: v, acc_delta: u } = state else { return None };
        Some(Vector::from_fn(v.len(), |i| lr * (u[i] + self.eps).sqrt() / (v[i] + self.eps).sqrt()))
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

impl Step for Adadelta {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        _t: u64,
        state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Adadelta { square_avg, acc_delta } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, square_avg, acc_delta, sqrt);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
