//! torch.optim.RMSprop, plain, centered and with momentum.

use super::HyperValue::{Flag, Number};
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{Declaration, EPS, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY};
use super::{Hyper, HyperValue, OptimizerState, add_scaled, addcdiv, addcmul, l2, lerp};
use crate::core::{Matrix, Vector};

/// rmsprop: torch RMSprop.
pub(super) const RMSPROP: Declaration = Declaration {
    name: "rmsprop",
    lr: 1e-2,
    hyper: || Hyper::RmsProp(RmsProp::default()),
    fields: &[
        Field { name: "alpha", limit: Limit::Unit },
        EPS,
        WEIGHT_DECAY,
        Field { name: "momentum", limit: Limit::Unit },
        Field { name: "centered", limit: Limit::Flag },
    ],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// RMSprop's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsProp {
    /// Smoothing constant of the squared-gradient average.
    pub alpha: f64,
    /// Added to the root.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
    /// μ of the momentum buffer (0: none).
    pub momentum: f64,
    /// Divide by an estimate of the variance instead of the raw second moment.
    pub centered: bool,
}

impl Default for RmsProp {
    fn default() -> Self {
        RmsProp { alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false }
    }
}

impl RmsProp {
    /// torch's update: v ← αv + (1−α)g²; centered: ḡ ← αḡ + (1−α)g and
    /// v − ḡ² under the root; with μ > 0, b ← μb + g/(√· + ε), θ ← θ − lr·b,
    /// else θ ← θ − lr·g/(√· + ε).
    #[allow(clippy::too_many_arguments)] // torch's state, plus the square root
    pub fn update(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        square_avg: &mut [f64],
        grad_avg: &mut [f64],
        buffer: &mut [f64],
        sqrt: impl Fn(f64) -> f64,
    ) {
        let n = params.len();
        let (grad, v, ga, b) = (&grad[..n], &mut square_avg[..n], &mut grad_avg[..n], &mut buffer[..n]);
        for i in 0..n {
            let g = l2(params[i], grad[i], self.weight_decay);
            v[i] = addcmul(v[i] * self.alpha, g, g, 1.0 - self.alpha);
            let avg = if self.centered {
                ga[i] = lerp(ga[i], g, 1.0 - self.alpha);
                sqrt(addcmul(v[i], ga[i], ga[i], -1.0)) + self.eps
            } else {
                sqrt(v[i]) + self.eps
            };
            params[i] = if self.momentum > 0.0 {
                b[i] = addcdiv(b[i] * self.momentum, g, avg, 1.0);
                add_scaled(params[i], b[i], -lr)
            } else {
                addcdiv(params[i], g, avg, -lr)
            };
        }
    }
}

impl RmsProp {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (
            OptimizerState::RmsProp { square_avg: v0, .. },
            OptimizerState::RmsProp { square_avg: v1, grad_avg: ga1, momentum_buffer: b1 },
        ) = (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        let a = self.alpha;
        out.rule(format!("v ← {a}·v + (1 − {a})·g²"));
        out.vector("v (before)", v0);
        out.vector("v (after)", v1);
        let centered = |i: usize| if self.centered { v1[i] - ga1[i] * ga1[i] } else { v1[i] };
        if self.centered {
            out.rule(format!("ḡ ← {a}·ḡ + (1 − {a})·g"));
            out.vector("ḡ (after)", ga1);
        }
        let root = if self.centered { "√(v − ḡ²)" } else { "√v" };
        if self.momentum > 0.0 {
            out.rule(format!("b ← {}·b + g / ({root} + {:e})", self.momentum, self.eps));
            out.rule("θ ← θ − lr·b");
            out.vector("b (after)", b1);
        } else {
            out.rule(format!("θ ← θ − lr·g / ({root} + {:e})", self.eps));
        }
        let rates = Vector::from_fn(v1.len(), |i| s.lr / (centered(i).sqrt() + self.eps));
        out.vector("effective lr", &rates);
        let kept =
            if self.momentum > 0.0 { format!(" and keeps {} of its last step", self.momentum) } else { String::new() };
        out.say(format!(
            "RMSprop divides the gradient by the root of its recent squares{kept}, so a steep coordinate gets a small \
             rate: the rates (lr {}) are now {}; it moved {}.",
            plain(s.lr),
            s.per_coordinate(&rates),
            s.per_coordinate(&s.step),
        ));
    }
}

impl Family for RmsProp {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "alpha" => Number(self.alpha),
            "eps" => Number(self.eps),
            "weight_decay" => Number(self.weight_decay),
            "momentum" => Number(self.momentum),
            "centered" => Flag(self.centered),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("alpha", Number(v)) => self.alpha = v,
            ("eps", Number(v)) => self.eps = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            ("momentum", Number(v)) => self.momentum = v,
            ("centered", Flag(v)) => self.centered = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::RmsProp {
            square_avg: Vector::zeros(n),
            grad_avg: Vector::zeros(n),
            momentum_buffer: Vector::zeros(n),
        }
    }

    /// The keys turn α, the g² average's decay.
    fn momentum_like(&self) -> Option<MomentumLike> {
        Some(MomentumLike {
            name: "alpha",
            symbol: "α",
            value: self.alpha,
            max: 1.0,
            field: "alpha",
            at_one: "the g² average stays 0, so steps are lr·g/eps",
        })
    }

    fn set_momentum_like(&mut self, value: f64) {
        self.alpha = value;
    }

    /// The rate map's axis is its momentum, not α.
    fn rate_axis(&self) -> Option<RateAxis> {
        Some(RateAxis { name: "momentum", value: self.momentum })
    }

    fn set_rate_axis(&mut self, value: f64) {
        self.momentum = value;
    }

    /// −lr·μ·b, the velocity carried.
    fn memory_step(&self, state: &OptimizerState, lr: f64, _k: u64) -> Option<Vector> {
        let OptimizerState::RmsProp { momentum_buffer: b, .. } = state else { return None };
        (self.momentum > 0.0).then(|| b.iter().map(|b| -lr * self.momentum * b).collect())
    }

    /// lr/(√v + ε).
    fn effective_rates(&self, state: &OptimizerState, lr: f64, _t: u64) -> Option<Vector> {
        let OptimizerState::RmsProp { square_avg: v, grad_avg: g, .. } = state else { return None };
        let centered = |i: usize| if self.centered { v[i] - g[i] * g[i] } else { v[i] };
        Some(Vector::from_fn(v.len(), |i| lr / (centered(i).sqrt() + self.eps)))
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

impl Step for RmsProp {
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
        let OptimizerState::RmsProp { square_avg, grad_avg, momentum_buffer } = state else {
            return Err(MISMATCH.into());
        };
        self.update(params, grad, lr, square_avg, grad_avg, momentum_buffer, sqrt);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
