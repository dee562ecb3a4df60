//! torch.optim.SGD, with momentum, dampening and Nesterov.

use super::HyperValue::{Flag, Number, Word};
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{Declaration, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY};
use super::{Hyper, HyperValue, OptimizerState, OptimizerType, add_scaled, l2};
use crate::core::eigen::largest_eigenvalue;
use crate::core::{Matrix, Vector, norm};

/// Momentum μ in [0, 1].
const MOMENTUM_FIELD: Field = Field { name: "momentum", limit: Limit::Unit };
/// Dampening τ in [0, 1].
const DAMPENING: Field = Field { name: "dampening", limit: Limit::Unit };
/// Nesterov momentum.
const NESTEROV_FIELD: Field = Field { name: "nesterov", limit: Limit::Flag };
/// The momentum form.
const FORM: Field =
    Field { name: "form", limit: Limit::Word { what: "form", words: &["pytorch", "ema"], nullable: false } };

/// gd: torch SGD with momentum fixed at 0.
pub(super) const GD: Declaration = Declaration {
    name: "gd",
    lr: 1e-3,
    hyper: || Hyper::Sgd(Sgd::default()),
    fields: &[DAMPENING, WEIGHT_DECAY],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: Some(OptimizerType::Momentum),
};

/// sgd: torch SGD.
pub(super) const SGD: Declaration = Declaration {
    name: "sgd",
    lr: 1e-3,
    hyper: || Hyper::Sgd(Sgd::default()),
    fields: &[MOMENTUM_FIELD, DAMPENING, NESTEROV_FIELD, WEIGHT_DECAY, FORM],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// momentum: torch SGD with momentum 0.9.
pub(super) const MOMENTUM: Declaration = Declaration {
    name: "momentum",
    lr: 1e-3,
    hyper: || Hyper::Sgd(Sgd { momentum: 0.9, ..Sgd::default() }),
    fields: &[MOMENTUM_FIELD, DAMPENING, NESTEROV_FIELD, WEIGHT_DECAY, FORM],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// nesterov: torch SGD with nesterov=True and momentum 0.9.
pub(super) const NESTEROV: Declaration = Declaration {
    name: "nesterov",
    lr: 1e-3,
    hyper: || Hyper::Sgd(Sgd { momentum: 0.9, nesterov: true, ..Sgd::default() }),
    fields: &[MOMENTUM_FIELD, DAMPENING, WEIGHT_DECAY, FORM],
    exact: false,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// SGD's hyperparameters (torch defaults: all zero, nesterov off).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sgd {
    /// μ.
    pub momentum: f64,
    /// τ.
    pub dampening: f64,
    /// Step along g + μ·b instead of b.
    pub nesterov: bool,
    /// λ (L2 penalty added to the gradient).
    pub weight_decay: f64,
    /// The exponential-moving-average form b ← μb + (1 − μ)g, from b = 0,
    /// instead of torch's b ← μb + (1 − τ)g with b = g on the first step.
    pub ema: bool,
}

impl Sgd {
    /// torch's update: g ← g + λθ; b ← g on the first step, else μb + (1−τ)g;
    /// d ← g + μb (Nesterov) or b; θ ← θ − lr·d. In the EMA form
    /// b ← μb + (1−μ)g from b = 0, and Nesterov's d ← (1−μ)g + μb.
    ///
    /// As torch computes them: `grad.add(param, alpha=λ)`,
    /// `buf.mul_(μ).add_(grad, alpha=1−τ)`, `grad.add(buf, alpha=μ)` and
    /// `param.add_(d, alpha=−lr)` are each one fused multiply-add.
    /// Updates `params` in place.
    pub fn update(&self, params: &mut [f64], grad: &[f64], lr: f64, buffer: &mut Option<Vector>) {
        let n = params.len();
        let grad = &grad[..n];
        let weight_decay = self.weight_decay;
        if self.momentum == 0.0 {
            for i in 0..n {
                params[i] = add_scaled(params[i], l2(params[i], grad[i], weight_decay), -lr);
            }
            return;
        }
        let mu = self.momentum;
        let first = buffer.is_none();
        let b = buffer.get_or_insert_with(|| Vector::zeros(n));
        let b = &mut b[..n];
        for i in 0..n {
            let g = l2(params[i], grad[i], weight_decay);
            b[i] = match (first, self.ema) {
                // The EMA form starts from b = 0.
                (_, true) => b[i] * mu + (1.0 - mu) * g,
                (true, false) => g,
                (false, false) => add_scaled(b[i] * mu, g, 1.0 - self.dampening),
            };
            let d = match (self.nesterov, self.ema) {
                (false, _) => b[i],
                (true, false) => add_scaled(g, b[i], mu),
                (true, true) => (1.0 - mu) * g + mu * b[i],
            };
            params[i] = add_scaled(params[i], d, -lr);
        }
    }
}

impl Sgd {
    /// The step in plain words: plain GD's lr times the gradient, or what
    /// momentum kept and how many times plain GD's step that makes.
    fn sentence(&self, s: &StepStates, first: bool) -> String {
        let (lr, g, step) = (plain(s.lr), plain(norm(&s.grad)), plain(s.step_length()));
        let times = plain(s.times_plain());
        let decay = if self.weight_decay == 0.0 { "" } else { " (and the weight decay)" };
        let mu = self.momentum;
        if mu == 0.0 {
            return format!(
                "Plain GD stepped downhill by lr times the gradient{decay}: {lr} × {g} = a step {step} long."
            );
        }
        let against = format!("this step is {times} times what plain GD would take ({step} against {lr} × {g})");
        if self.nesterov {
            if first && !self.ema {
                return format!(
                    "Nesterov has nothing to keep on its first step, but looks ahead: it stepped along the gradient \
                     plus {mu} of it again, so {against}."
                );
            }
            let kept = if self.ema { "its average" } else { "its velocity" };
            return format!(
                "Nesterov kept {mu} of {kept}, added the new gradient, and stepped as if one step further ahead: \
                 {against}."
            );
        }
        if first && !self.ema {
            return format!(
                "Momentum has nothing to keep on its first step: it stepped as plain GD would, lr × the gradient = {step}."
            );
        }
        let kept = if self.ema {
            format!("kept {mu} of its average and mixed in {} of the new gradient", plain(1.0 - mu))
        } else if self.dampening != 0.0 {
            format!("kept {mu} of its last step and added {} of the new gradient", plain(1.0 - self.dampening))
        } else {
            format!("kept {mu} of its last step and added the new gradient")
        };
        format!("Momentum {kept}: {against}.")
    }

    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (OptimizerState::Sgd { momentum_buffer: b0 }, OptimizerState::Sgd { momentum_buffer: b1 }) =
            (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        out.say(self.sentence(s, b0.is_none()));
        if self.momentum == 0.0 {
            out.rule("θ ← θ − lr·g");
            return;
        }
        let mu = self.momentum;
        out.rule(match (self.ema, b0) {
            (true, _) => format!("b ← {mu}·b + (1 − {mu})·g"),
            (false, None) => "b ← g   (first step)".into(),
            (false, Some(_)) => format!("b ← {mu}·b + (1 − {})·g", self.dampening),
        });
        let zeros = Vector::zeros(s.grad.len());
        out.vector("b (before)", b0.as_ref().unwrap_or(&zeros));
        out.vector("b (after)", b1.as_ref().unwrap_or(&zeros));
        out.rule(match (self.nesterov, self.ema) {
            (true, true) => format!("θ ← θ − lr·((1 − {mu})·g + {mu}·b)"),
            (true, false) => format!("θ ← θ − lr·(g + {mu}·b)"),
            (false, _) => "θ ← θ − lr·b".into(),
        });
    }
}

impl Family for Sgd {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "momentum" => Number(self.momentum),
            // The EMA form sets its own damping: a file may not give one.
            "dampening" if self.ema => return None,
            "dampening" => Number(self.dampening),
            "nesterov" => Flag(self.nesterov),
            "weight_decay" => Number(self.weight_decay),
            "form" => Word(if self.ema { "ema" } else { "pytorch" }),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("momentum", Number(v)) => self.momentum = v,
            ("dampening", Number(v)) => self.dampening = v,
            ("nesterov", Flag(v)) => self.nesterov = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            ("form", Word(w)) => self.ema = w == "ema",
            _ => {}
        }
    }

    fn check(&self, given: &dyn Fn(&str) -> bool, clean: bool) -> Option<(&'static str, String)> {
        if self.ema && given("dampening") {
            return Some(("dampening", "the ema form sets its own damping (1 − momentum)".into()));
        }
        // torch refuses Nesterov without momentum or with dampening (said
        // once the two values themselves are right).
        if clean && self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Some(("", "Nesterov momentum needs momentum > 0 and dampening = 0".into()));
        }
        None
    }

    fn initial_state(&self, _n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Sgd { momentum_buffer: None }
    }

    fn momentum_like(&self) -> Option<MomentumLike> {
        Some(MomentumLike {
            name: "momentum",
            symbol: "μ",
            value: self.momentum,
            max: 1.0,
            field: "momentum",
            at_one: "nothing damps it",
        })
    }

    /// Nesterov needs a positive momentum, so it keeps one.
    fn set_momentum_like(&mut self, value: f64) {
        self.momentum = if self.nesterov { value.max(0.05) } else { value };
    }

    fn rate_axis(&self) -> Option<RateAxis> {
        Some(RateAxis { name: "momentum", value: self.momentum })
    }

    fn set_rate_axis(&mut self, value: f64) {
        self.momentum = value;
    }

    /// −lr·μ·b, the velocity carried (b the buffer after k steps).
    fn memory_step(&self, state: &OptimizerState, lr: f64, _k: u64) -> Option<Vector> {
        match state {
            OptimizerState::Sgd { momentum_buffer: Some(b) } if self.momentum > 0.0 => {
                Some(b.iter().map(|b| -lr * self.momentum * b).collect())
            }
            _ => None,
        }
    }

    fn effective_rates(&self, _state: &OptimizerState, _lr: f64, _k: u64) -> Option<Vector> {
        None
    }

    /// The largest learning rate at which GD, heavy-ball momentum or
    /// Nesterov is stable on the quadratic that matches f at a point
    /// (curvature λ, the Hessian's largest eigenvalue, plus weight decay).
    /// With h = lr·λ(1 − τ): GD needs h < 2, heavy ball h < 2(1 + μ),
    /// torch's Nesterov h < 2(1 + μ)/(1 + 2μ). `None` where the curvature
    /// is not positive (no step size is too large there).
    fn stable_lr_bound(&self, hessian: &Matrix) -> Option<f64> {
        let lambda = largest_eigenvalue(hessian)? + self.weight_decay;
        if !(lambda > 0.0 && lambda.is_finite()) {
            return None;
        }
        let mu = self.momentum;
        // The EMA form scales the gradient by (1 − μ), as dampening τ = μ would.
        let gain = if self.ema {
            1.0 - mu
        } else if mu > 0.0 {
            1.0 - self.dampening
        } else {
            1.0
        };
        let limit = if mu == 0.0 {
            2.0
        } else if self.nesterov {
            2.0 * (1.0 + mu) / (1.0 + 2.0 * mu)
        } else {
            2.0 * (1.0 + mu)
        };
        (gain > 0.0).then(|| limit / (lambda * gain))
    }

    fn has_lr_limit(&self) -> bool {
        true
    }

    /// torch's form without dampening or Nesterov is heavy ball.
    fn heavy_ball(&self) -> Option<f64> {
        (!self.nesterov && !self.ema && self.dampening == 0.0).then_some(self.weight_decay)
    }

    super::decl::one_gradient_a_step!();
}

impl Step for Sgd {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        _t: u64,
        state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        _sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Sgd { momentum_buffer } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, momentum_buffer);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
