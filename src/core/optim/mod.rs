//! Optimizers with torch.optim's names, defaults and update rules, in f64.
//!
//! Each update mirrors the arithmetic of torch's single-tensor CPU code path
//! (the one torch uses for CPU tensors), operation by operation, so that the
//! numbers agree with torch to the last digit wherever the platform's libm
//! agrees with torch's.

/// The torch version whose golden runs every optimizer is checked against,
/// step by step, to the bit (`tests/torch_golden.rs`).
pub const TORCH_VERSION: &str = "2.15.0";

mod adadelta;
mod adagrad;
pub mod adam;
mod adamax;
mod arith;
pub mod breakdown;
mod lbfgs;
mod nadam;
mod newton;
mod radam;
mod rmsprop;
mod rprop;
mod schedule;
mod sgd;

pub use adadelta::Adadelta;
pub use adagrad::Adagrad;
pub use adam::Adam;
pub use adamax::Adamax;
pub use arith::clip_grad_norm;
pub(crate) use arith::{add_scaled, addcdiv, addcmul, decay, l2, lerp};
pub use lbfgs::{Iteration, Lbfgs, LbfgsState, StepEnd, StepTrace, Trial, Wolfe};
pub use nadam::NAdam;
pub use newton::MAX_NEWTON_PARAMETERS;
pub use radam::RAdam;
pub use rmsprop::RmsProp;
pub use rprop::Rprop;
pub use schedule::{Schedule, ScheduleState};
pub use sgd::Sgd;

use breakdown::{Breakdown, StepStates};
use std::sync::Arc;

use super::{Matrix, Vector};

/// The `type` of an optimizer in a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptimizerType {
    /// torch SGD with momentum fixed at 0.
    Gd,
    /// torch SGD.
    Sgd,
    /// torch SGD, momentum 0.9 by default.
    Momentum,
    /// torch SGD with nesterov=True, momentum 0.9 by default.
    Nesterov,
    /// torch Adagrad.
    Adagrad,
    /// torch RMSprop.
    RmsProp,
    /// torch Adam.
    Adam,
    /// torch AdamW (decoupled weight decay).
    AdamW,
    /// torch NAdam (Nesterov momentum in Adam).
    NAdam,
    /// torch RAdam (rectified Adam).
    RAdam,
    /// torch Adamax (the infinity norm in Adam).
    Adamax,
    /// torch Adadelta.
    Adadelta,
    /// torch Rprop (resilient backpropagation: signs only).
    Rprop,
    /// torch LBFGS (limited-memory BFGS, optionally with a line search).
    Lbfgs,
    /// Newton's method: θ ← θ − lr·H⁻¹∇f.
    Newton,
}

impl OptimizerType {
    /// Every type, in the order `losscape list` shows them.
    pub const ALL: [OptimizerType; 15] = [
        OptimizerType::Gd,
        OptimizerType::Sgd,
        OptimizerType::Momentum,
        OptimizerType::Nesterov,
        OptimizerType::Adagrad,
        OptimizerType::RmsProp,
        OptimizerType::Adam,
        OptimizerType::AdamW,
        OptimizerType::NAdam,
        OptimizerType::RAdam,
        OptimizerType::Adamax,
        OptimizerType::Adadelta,
        OptimizerType::Rprop,
        OptimizerType::Lbfgs,
        OptimizerType::Newton,
    ];

    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerType::Gd => "gd",
            OptimizerType::Sgd => "sgd",
            OptimizerType::Momentum => "momentum",
            OptimizerType::Nesterov => "nesterov",
            OptimizerType::Adagrad => "adagrad",
            OptimizerType::RmsProp => "rmsprop",
            OptimizerType::Adam => "adam",
            OptimizerType::AdamW => "adamw",
            OptimizerType::NAdam => "nadam",
            OptimizerType::RAdam => "radam",
            OptimizerType::Adamax => "adamax",
            OptimizerType::Adadelta => "adadelta",
            OptimizerType::Rprop => "rprop",
            OptimizerType::Lbfgs => "lbfgs",
            OptimizerType::Newton => "newton",
        }
    }

    /// The type of that name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// torch's default learning rate for it.
    pub fn default_lr(self) -> f64 {
        match self {
            OptimizerType::Gd
            | OptimizerType::Sgd
            | OptimizerType::Momentum
            | OptimizerType::Nesterov
            | OptimizerType::Adam
            | OptimizerType::AdamW
            | OptimizerType::RAdam => 1e-3,
            OptimizerType::NAdam | OptimizerType::Adamax => 2e-3,
            OptimizerType::Adagrad | OptimizerType::RmsProp | OptimizerType::Rprop => 1e-2,
            OptimizerType::Adadelta | OptimizerType::Lbfgs | OptimizerType::Newton => 1.0,
        }
    }

    /// The hyperparameters (besides `lr`) a scenario may set for it.
    pub fn hyperparameter_names(self) -> &'static [&'static str] {
        match self {
            OptimizerType::Gd => &["dampening", "weight_decay"],
            OptimizerType::Sgd | OptimizerType::Momentum => {
                &["momentum", "dampening", "nesterov", "weight_decay", "form"]
            }
            OptimizerType::Nesterov => &["momentum", "dampening", "weight_decay", "form"],
            OptimizerType::Adagrad => &["lr_decay", "weight_decay", "initial_accumulator_value", "eps"],
            OptimizerType::RmsProp => &["alpha", "eps", "weight_decay", "momentum", "centered"],
            OptimizerType::Adam | OptimizerType::AdamW => &["betas", "eps", "weight_decay", "amsgrad"],
            OptimizerType::NAdam => &["betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"],
            OptimizerType::RAdam => &["betas", "eps", "weight_decay", "decoupled_weight_decay"],
            OptimizerType::Adamax => &["betas", "eps", "weight_decay"],
            OptimizerType::Adadelta => &["rho", "eps", "weight_decay"],
            OptimizerType::Rprop => &["etas", "step_sizes"],
            OptimizerType::Lbfgs => {
                &["max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn"]
            }
            OptimizerType::Newton => &[],
        }
    }

    /// The optimizer with torch's defaults.
    pub fn default_hyper(self) -> Hyper {
        match self {
            OptimizerType::Gd | OptimizerType::Sgd => Hyper::Sgd(Sgd::default()),
            OptimizerType::Momentum => Hyper::Sgd(Sgd { momentum: 0.9, ..Sgd::default() }),
            OptimizerType::Nesterov => Hyper::Sgd(Sgd { momentum: 0.9, nesterov: true, ..Sgd::default() }),
            OptimizerType::Adagrad => Hyper::Adagrad(Adagrad::default()),
            OptimizerType::RmsProp => Hyper::RmsProp(RmsProp::default()),
            OptimizerType::Adam => Hyper::Adam(Adam::default()),
            OptimizerType::AdamW => Hyper::Adam(Adam { weight_decay: 0.01, decoupled: true, ..Adam::default() }),
            OptimizerType::NAdam => Hyper::NAdam(NAdam::default()),
            OptimizerType::RAdam => Hyper::RAdam(RAdam::default()),
            OptimizerType::Adamax => Hyper::Adamax(Adamax::default()),
            OptimizerType::Adadelta => Hyper::Adadelta(Adadelta::default()),
            OptimizerType::Rprop => Hyper::Rprop(Rprop::default()),
            OptimizerType::Lbfgs => Hyper::Lbfgs(Lbfgs::default()),
            OptimizerType::Newton => Hyper::Newton,
        }
    }
}

/// The hyperparameters of an optimizer family (learning rate aside).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hyper {
    /// SGD and its momentum variants.
    Sgd(Sgd),
    /// Adagrad.
    Adagrad(Adagrad),
    /// RMSprop.
    RmsProp(RmsProp),
    /// Adam and AdamW.
    Adam(Adam),
    /// NAdam.
    NAdam(NAdam),
    /// RAdam.
    RAdam(RAdam),
    /// Adamax.
    Adamax(Adamax),
    /// Adadelta.
    Adadelta(Adadelta),
    /// Rprop.
    Rprop(Rprop),
    /// L-BFGS.
    Lbfgs(Lbfgs),
    /// Newton's method.
    Newton,
}

/// An optimizer: its type, learning rate and hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Optimizer {
    /// Which optimizer.
    pub kind: OptimizerType,
    /// The learning rate the run starts with (torch's `lr`).
    pub lr: f64,
    /// Everything else.
    pub hyper: Hyper,
}

/// The state an optimizer carries from step to step (torch's `state`).
#[derive(Debug, Clone, PartialEq)]
pub enum OptimizerState {
    /// SGD's momentum buffer; `None` before the first step.
    Sgd { momentum_buffer: Option<Vector> },
    /// Adagrad's running sum of squared gradients.
    Adagrad { sum: Vector },
    /// RMSprop's averages.
    RmsProp { square_avg: Vector, grad_avg: Vector, momentum_buffer: Vector },
    /// Adam's moments (`max_exp_avg_sq` is used with amsgrad only).
    Adam { exp_avg: Vector, exp_avg_sq: Vector, max_exp_avg_sq: Vector },
    /// NAdam's moments and the product of its momenta so far.
    NAdam { exp_avg: Vector, exp_avg_sq: Vector, mu_product: f64 },
    /// RAdam's moments.
    RAdam { exp_avg: Vector, exp_avg_sq: Vector },
    /// Adamax's first moment and infinity norm.
    Adamax { exp_avg: Vector, exp_inf: Vector },
    /// Adadelta's running averages of squared gradients and squared steps.
    Adadelta { square_avg: Vector, acc_delta: Vector },
    /// Rprop's last gradient (zero where its sign flipped) and step sizes.
    Rprop { prev: Vector, step_size: Vector },
    /// L-BFGS's memory and what its last step did; shared, as it is large.
    Lbfgs(Arc<LbfgsState>),
    /// Newton's method keeps nothing.
    Newton,
}

/// The value of one hyperparameter, as a scenario file writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HyperValue {
    /// A number.
    Number(f64),
    /// A whole number, such as L-BFGS's `max_iter`.
    Count(u64),
    /// true or false.
    Flag(bool),
    /// A pair of numbers, such as `betas`.
    Pair([f64; 2]),
    /// A word, such as `form`.
    Word(&'static str),
    /// Unset: torch's `None` (L-BFGS's `max_eval` and `line_search_fn`).
    Null,
}

/// A momentum-like hyperparameter that can be turned up and down live.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MomentumLike {
    /// Its name as shown: `momentum`, `β1` or `alpha`.
    pub name: &'static str,
    /// Its symbol, where room is short: `μ`, `β1` or `α`.
    pub symbol: &'static str,
    /// Its value.
    pub value: f64,
    /// The largest value allowed (the smallest is 0).
    pub max: f64,
}

impl Optimizer {
    /// The optimizer of that type with torch's defaults.
    pub fn with_defaults(kind: OptimizerType) -> Self {
        Optimizer { kind, lr: kind.default_lr(), hyper: kind.default_hyper() }
    }

    /// The state before the first step, for `n` parameters.
    pub fn initial_state(&self, n: usize) -> OptimizerState {
        let zeros = || Vector::zeros(n);
        match &self.hyper {
            Hyper::Sgd(_) => OptimizerState::Sgd { momentum_buffer: None },
            Hyper::Adagrad(a) => OptimizerState::Adagrad { sum: Vector::filled(n, a.initial_accumulator_value) },
            Hyper::RmsProp(_) => {
                OptimizerState::RmsProp { square_avg: zeros(), grad_avg: zeros(), momentum_buffer: zeros() }
            }
            Hyper::Adam(_) => OptimizerState::Adam { exp_avg: zeros(), exp_avg_sq: zeros(), max_exp_avg_sq: zeros() },
            Hyper::NAdam(_) => OptimizerState::NAdam { exp_avg: zeros(), exp_avg_sq: zeros(), mu_product: 1.0 },
            Hyper::RAdam(_) => OptimizerState::RAdam { exp_avg: zeros(), exp_avg_sq: zeros() },
            Hyper::Adamax(_) => OptimizerState::Adamax { exp_avg: zeros(), exp_inf: zeros() },
            Hyper::Adadelta(_) => OptimizerState::Adadelta { square_avg: zeros(), acc_delta: zeros() },
            Hyper::Rprop(_) => OptimizerState::Rprop { prev: zeros(), step_size: Vector::filled(n, self.lr) },
            Hyper::Lbfgs(_) => Lbfgs::initial_state(),
            Hyper::Newton => OptimizerState::Newton,
        }
    }

    /// One update from `params` with gradient `grad` (as many coordinates)
    /// and learning rate `lr`; `step` counts from 1 as torch's
    /// `state["step"]` does. Returns the new parameters, or why the
    /// optimizer cannot step (Newton's singular Hessian).
    pub fn update(
        &self,
        params: &[f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        state: &mut OptimizerState,
        hessian: impl FnOnce() -> Matrix,
    ) -> Result<Vector, String> {
        self.update_with_sqrt(params, grad, lr, step, state, hessian, f64::sqrt)
    }

    /// [`Optimizer::update`] with the square root given: torch's CPU square
    /// root is not always correctly rounded, and a test that replays torch's
    /// own can then check every other operation to the bit.
    #[allow(clippy::too_many_arguments)] // torch's step signature, the lazy Hessian and the square root
    pub fn update_with_sqrt(
        &self,
        params: &[f64],
        grad: &[f64],
        lr: f64,
        step: u64,
        state: &mut OptimizerState,
        hessian: impl FnOnce() -> Matrix,
        sqrt: impl Fn(f64) -> f64,
    ) -> Result<Vector, String> {
        if let (Hyper::Newton, OptimizerState::Newton) = (&self.hyper, &*state) {
            return newton::update(params, grad, lr, &hessian());
        }
        let mut next = Vector::from_slice(params);
        let p = next.as_mut_slice();
        match (&self.hyper, state) {
            (Hyper::Sgd(h), OptimizerState::Sgd { momentum_buffer }) => h.update(p, grad, lr, momentum_buffer),
            (Hyper::Adagrad(h), OptimizerState::Adagrad { sum }) => h.update(p, grad, lr, step, sum, sqrt),
            (Hyper::RmsProp(h), OptimizerState::RmsProp { square_avg, grad_avg, momentum_buffer }) => {
                h.update(p, grad, lr, square_avg, grad_avg, momentum_buffer, sqrt)
            }
            (Hyper::Adam(h), OptimizerState::Adam { exp_avg, exp_avg_sq, max_exp_avg_sq }) => {
                h.update(p, grad, lr, step, exp_avg, exp_avg_sq, max_exp_avg_sq, sqrt)
            }
            (Hyper::NAdam(h), OptimizerState::NAdam { exp_avg, exp_avg_sq, mu_product }) => {
                h.update(p, grad, lr, step, exp_avg, exp_avg_sq, mu_product, sqrt)
            }
            (Hyper::RAdam(h), OptimizerState::RAdam { exp_avg, exp_avg_sq }) => {
                h.update(p, grad, lr, step, exp_avg, exp_avg_sq, sqrt)
            }
            (Hyper::Adamax(h), OptimizerState::Adamax { exp_avg, exp_inf }) => {
                h.update(p, grad, lr, step, exp_avg, exp_inf)
            }
            (Hyper::Adadelta(h), OptimizerState::Adadelta { square_avg, acc_delta }) => {
                h.update(p, grad, lr, square_avg, acc_delta, sqrt)
            }
            (Hyper::Rprop(h), OptimizerState::Rprop { prev, step_size }) => h.update(p, grad, prev, step_size),
            // It evaluates the function itself: see `Lbfgs::step`.
            (Hyper::Lbfgs(_), _) => return Err("L-BFGS needs the function, not one gradient".into()),
            // The state is always made by `initial_state` of the same optimizer.
            _ => return Err("optimizer state does not match its optimizer".into()),
        }
        Ok(next)
    }

    /// Every hyperparameter of its type (lr aside) and its value, in the order
    /// of [`OptimizerType::hyperparameter_names`]: what a saved scenario
    /// writes and `losscape list` shows, from one description.
    pub fn hyperparameters(&self) -> Vec<(&'static str, HyperValue)> {
        use HyperValue::{Flag, Number, Pair, Word};
        let mut out = match &self.hyper {
            Hyper::Sgd(s) => vec![
                ("momentum", Number(s.momentum)),
                ("dampening", Number(s.dampening)),
                ("nesterov", Flag(s.nesterov)),
                ("weight_decay", Number(s.weight_decay)),
                ("form", Word(if s.ema { "ema" } else { "pytorch" })),
            ],
            Hyper::Adagrad(a) => vec![
                ("lr_decay", Number(a.lr_decay)),
                ("weight_decay", Number(a.weight_decay)),
                ("initial_accumulator_value", Number(a.initial_accumulator_value)),
                ("eps", Number(a.eps)),
            ],
            Hyper::RmsProp(r) => vec![
                ("alpha", Number(r.alpha)),
                ("eps", Number(r.eps)),
                ("weight_decay", Number(r.weight_decay)),
                ("momentum", Number(r.momentum)),
                ("centered", Flag(r.centered)),
            ],
            Hyper::Adam(a) => vec![
                ("betas", Pair(a.betas)),
                ("eps", Number(a.eps)),
                ("weight_decay", Number(a.weight_decay)),
                ("amsgrad", Flag(a.amsgrad)),
            ],
            Hyper::NAdam(a) => vec![
                ("betas", Pair(a.betas)),
                ("eps", Number(a.eps)),
                ("weight_decay", Number(a.weight_decay)),
                ("momentum_decay", Number(a.momentum_decay)),
                ("decoupled_weight_decay", Flag(a.decoupled_weight_decay)),
            ],
            Hyper::RAdam(a) => vec![
                ("betas", Pair(a.betas)),
                ("eps", Number(a.eps)),
                ("weight_decay", Number(a.weight_decay)),
                ("decoupled_weight_decay", Flag(a.decoupled_weight_decay)),
            ],
            Hyper::Adamax(a) => {
                vec![("betas", Pair(a.betas)), ("eps", Number(a.eps)), ("weight_decay", Number(a.weight_decay))]
            }
            Hyper::Adadelta(a) => {
                vec![("rho", Number(a.rho)), ("eps", Number(a.eps)), ("weight_decay", Number(a.weight_decay))]
            }
            Hyper::Rprop(r) => vec![("etas", Pair(r.etas)), ("step_sizes", Pair(r.step_sizes))],
            Hyper::Lbfgs(l) => vec![
                ("max_iter", HyperValue::Count(u64::from(l.max_iter))),
                ("max_eval", l.max_eval.map_or(HyperValue::Null, |m| HyperValue::Count(u64::from(m)))),
                ("tolerance_grad", Number(l.tolerance_grad)),
                ("tolerance_change", Number(l.tolerance_change)),
                ("history_size", HyperValue::Count(u64::from(l.history_size))),
                ("line_search_fn", if l.strong_wolfe { Word("strong_wolfe") } else { HyperValue::Null }),
            ],
            Hyper::Newton => vec![],
        };
        let names = self.kind.hyperparameter_names();
        out.retain(|(name, _)| names.contains(name));
        // The EMA form sets its own damping: a file may not give one.
        if let Hyper::Sgd(s) = &self.hyper
            && s.ema
        {
            out.retain(|(name, _)| *name != "dampening");
        }
        out
    }

    /// The momentum-like hyperparameter, for optimizers that have one.
    pub fn momentum_like(&self) -> Option<MomentumLike> {
        match (&self.hyper, self.kind) {
            (Hyper::Sgd(_), OptimizerType::Gd) => None,
            (Hyper::Sgd(s), _) => Some(MomentumLike { name: "momentum", symbol: "μ", value: s.momentum, max: 1.0 }),
            (Hyper::RmsProp(r), _) => Some(MomentumLike { name: "alpha", symbol: "α", value: r.alpha, max: 1.0 }),
            // β1 must stay below 1 (torch rejects 1.0).
            (Hyper::Adam(a), _) => Some(MomentumLike { name: "β1", symbol: "β1", value: a.betas[0], max: 0.999 }),
            (Hyper::NAdam(a), _) => Some(MomentumLike { name: "β1", symbol: "β1", value: a.betas[0], max: 0.999 }),
            (Hyper::RAdam(a), _) => Some(MomentumLike { name: "β1", symbol: "β1", value: a.betas[0], max: 0.999 }),
            (Hyper::Adamax(a), _) => Some(MomentumLike { name: "β1", symbol: "β1", value: a.betas[0], max: 0.999 }),
            (Hyper::Adadelta(a), _) => Some(MomentumLike { name: "rho", symbol: "ρ", value: a.rho, max: 1.0 }),
            _ => None,
        }
    }

    /// Its update rule and the numbers of one step, for the step breakdown
    /// (`hessian` at θ before the step, for Newton's method).
    pub fn explain(&self, states: &StepStates, hessian: &Matrix, out: &mut Breakdown) {
        match &self.hyper {
            Hyper::Sgd(h) => h.explain(states, out),
            Hyper::Adagrad(h) => h.explain(states, out),
            Hyper::RmsProp(h) => h.explain(states, out),
            Hyper::Adam(h) => h.explain(states, out),
            Hyper::NAdam(h) => h.explain(states, out),
            Hyper::RAdam(h) => h.explain(states, out),
            Hyper::Adamax(h) => h.explain(states, out),
            Hyper::Adadelta(h) => h.explain(states, out),
            Hyper::Rprop(h) => h.explain(states, out),
            Hyper::Lbfgs(h) => h.explain(states, out),
            Hyper::Newton => newton::explain(states, hessian, out),
        }
    }

    /// Sets the momentum-like hyperparameter, clamped to its bounds. Nesterov
    /// needs a positive momentum, so it keeps one.
    pub fn set_momentum_like(&mut self, value: f64) {
        let Some(m) = self.momentum_like() else { return };
        let v = value.clamp(0.0, m.max);
        match &mut self.hyper {
            Hyper::Sgd(s) => s.momentum = if s.nesterov { v.max(0.05) } else { v },
            Hyper::RmsProp(r) => r.alpha = v,
            Hyper::Adam(a) => a.betas[0] = v,
            Hyper::NAdam(a) => a.betas[0] = v,
            Hyper::RAdam(a) => a.betas[0] = v,
            Hyper::Adamax(a) => a.betas[0] = v,
            Hyper::Adadelta(a) => a.rho = v,
            _ => {}
        }
    }
}
