//! torch.optim.Rprop: each coordinate moves by its own step size, grown
//! while the gradient keeps its sign and shrunk when it flips; the size of
//! the gradient is not used, only its sign.

use super::HyperValue::Pair;
use super::breakdown::{Breakdown, StepStates};
use super::decl::{Declaration, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step};
use super::{Hyper, HyperValue, OptimizerState};
use crate::core::{Matrix, Vector};

/// rprop: torch Rprop.
pub(super) const RPROP: Declaration = Declaration {
    name: "rprop",
    lr: 1e-2,
    hyper: || Hyper::Rprop(Rprop::default()),
    fields: &[
        // torch's own condition.
        Field {
            name: "etas",
            limit: Limit::Pair {
                holds: |minus, plus| minus > 0.0 && minus < 1.0 && plus > 1.0 && plus.is_finite(),
                needs: "needs 0 < eta_minus < 1 < eta_plus",
            },
        },
        Field {
            name: "step_sizes",
            limit: Limit::Pair {
                holds: |smallest, largest| smallest >= 0.0 && smallest <= largest && largest.is_finite(),
                needs: "needs 0 ≤ smallest ≤ largest",
            },
        },
    ],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// Rprop's hyperparameters (torch defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rprop {
    /// (η−, η+): the factors a step size shrinks and grows by.
    pub etas: [f64; 2],
    /// The smallest and largest step size.
    pub step_sizes: [f64; 2],
}

impl Default for Rprop {
    fn default() -> Self {
        Rprop { etas: [0.5, 1.2], step_sizes: [1e-6, 50.0] }
    }
}

impl Rprop {
    /// torch's update, per coordinate: the sign of g·g_prev picks η+ (same
    /// sign), η− (flipped) or 1; the step size is multiplied by it and
    /// clamped; where the sign flipped, the gradient counts as 0 (and is
    /// remembered so); θ ← θ − sign(g)·step size. The step sizes start at lr.
    pub fn update(&self, params: &mut [f64], grad: &[f64], prev: &mut [f64], step_size: &mut [f64]) {
        let [eta_minus, eta_plus] = self.etas;
        let [smallest, largest] = self.step_sizes;
        let n = params.len();
        let (grad, prev, step_size) = (&grad[..n], &mut prev[..n], &mut step_size[..n]);
        for i in 0..n {
            let s = grad[i] * prev[i];
            let factor = if s > 0.0 {
                eta_plus
            } else if s < 0.0 {
                eta_minus
            } else if s == 0.0 {
                1.0
            } else {
                f64::NAN
            };
            let v = step_size[i] * factor;
            // torch's clamp keeps NaN.
            step_size[i] = if v.is_nan() { v } else { v.clamp(smallest, largest) };
            let g = if factor == eta_minus { 0.0 } else { grad[i] };
            prev[i] = g;
            params[i] -= sign(g) * step_size[i];
        }
    }
}

/// torch.sign: −1, 0 (keeping the zero's sign) or 1; NaN stays NaN.
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

impl Rprop {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let [minus, plus] = self.etas;
        let (OptimizerState::Rprop { prev: g0, step_size: s0 }, OptimizerState::Rprop { prev: g1, step_size: s1 }) =
            (&s.before, &s.after)
        else {
            return;
        };
        out.rule(format!("per coordinate: step size × {plus} if g keeps its sign, × {minus} if it flips"));
        out.rule(format!("clamped to [{:e}, {}]; θ ← θ − sign(g)·step size", self.step_sizes[0], self.step_sizes[1]));
        out.vector("g (previous)", g0);
        out.vector("step size (before)", s0);
        out.vector("step size (after)", s1);
        out.vector("g (remembered)", g1);
        out.say(format!(
            "Rprop keeps only the gradient's sign: each coordinate moves by its own step size, grown ×{plus} while the \
             sign holds and cut ×{minus} (and still for a step) when it flips; it moved {}.",
            s.per_coordinate(&s.step),
        ));
    }
}

impl Family for Rprop {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "etas" => Pair(self.etas),
            "step_sizes" => Pair(self.step_sizes),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("etas", Pair(v)) => self.etas = v,
            ("step_sizes", Pair(v)) => self.step_sizes = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    /// The step sizes start at lr.
    fn initial_state(&self, n: usize, lr: f64) -> OptimizerState {
        OptimizerState::Rprop { prev: Vector::zeros(n), step_size: Vector::filled(n, lr) }
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

impl Step for Rprop {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        _lr: f64,
        _t: u64,
        state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        _sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Rprop { prev, step_size } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, prev, step_size);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
