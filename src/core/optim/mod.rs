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
pub mod decl;
mod lbfgs;
mod lion;
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
pub use decl::{Declaration, Family, Field, Limit, MomentumLike, RateAxis, Step};
pub use lbfgs::{Iteration, Lbfgs, LbfgsState, StepEnd, StepTrace, Trial, Wolfe};
pub use lion::Lion;
pub use nadam::NAdam;
pub use newton::{MAX_NEWTON_PARAMETERS, Newton};
pub use radam::RAdam;
pub use rmsprop::RmsProp;
pub use rprop::Rprop;
pub use schedule::{Schedule, ScheduleState};
pub use sgd::Sgd;

use breakdown::{Breakdown, StepStates};
use std::sync::Arc;

use super::{Matrix, Vector};

/// The optimizer types: each variant and its [`Declaration`] (in its own
/// file), in the order `losscape list` shows them. Registering an
/// optimizer is its line here, with its `mod` line, its family's line in
/// `families!` and its state's variant in [`OptimizerState`].
macro_rules! optimizer_types {
    ($($(#[$doc:meta])* $variant:ident => $declaration:path,)*) => {
        /// The `type` of an optimizer in a scenario file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum OptimizerType {
            $($(#[$doc])* $variant,)*
        }

        impl OptimizerType {
            /// Every type, in the order `losscape list` shows them.
            pub const ALL: [OptimizerType; [$(stringify!($variant)),*].len()] = [$(OptimizerType::$variant),*];

            /// What it declares about itself.
            pub fn declaration(self) -> &'static Declaration {
                match self {
                    $(OptimizerType::$variant => &$declaration,)*
                }
            }
        }
    };
}

optimizer_types! {
    /// torch SGD with momentum fixed at 0.
    Gd => sgd::GD,
    /// torch SGD.
    Sgd => sgd::SGD,
    /// torch SGD, momentum 0.9 by default.
    Momentum => sgd::MOMENTUM,
    /// torch SGD with nesterov=True, momentum 0.9 by default.
    Nesterov => sgd::NESTEROV,
    /// torch Adagrad.
    Adagrad => adagrad::ADAGRAD,
    /// torch RMSprop.
    RmsProp => rmsprop::RMSPROP,
    /// torch Adam.
    Adam => adam::ADAM,
    /// torch AdamW (decoupled weight decay).
    AdamW => adam::ADAMW,
    /// torch NAdam (Nesterov momentum in Adam).
    NAdam => nadam::NADAM,
    /// torch RAdam (rectified Adam).
    RAdam => radam::RADAM,
    /// torch Adamax (the infinity norm in Adam).
    Adamax => adamax::ADAMAX,
    /// torch Adadelta.
    Adadelta => adadelta::ADADELTA,
    /// torch Rprop (resilient backpropagation: signs only).
    Rprop => rprop::RPROP,
    /// Lion (Chen et al. 2023): the sign of a momentum blend.
    Lion => lion::LION,
    /// torch LBFGS (limited-memory BFGS, optionally with a line search).
    Lbfgs => lbfgs::LBFGS,
    /// Newton's method: θ ← θ − lr·H⁻¹∇f.
    Newton => newton::NEWTON,
}

impl OptimizerType {
    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        self.declaration().name
    }

    /// The type of that name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Its default learning rate (torch's, for torch's optimizers).
    pub fn default_lr(self) -> f64 {
        self.declaration().lr
    }

    /// The hyperparameters (besides `lr`) a scenario may set for it.
    pub fn hyperparameter_names(self) -> Vec<&'static str> {
        self.declaration().field_names()
    }

    /// Whether a scenario may set this hyperparameter for it.
    pub fn takes(self, field: &str) -> bool {
        self.declaration().takes(field)
    }

    /// The optimizer with its defaults.
    pub fn default_hyper(self) -> Hyper {
        (self.declaration().hyper)()
    }
}

/// The optimizer families, each a hyperparameter struct in its own file
/// that implements [`Family`] and [`Step`]: [`Hyper`] and its dispatch.
macro_rules! families {
    ($($(#[$doc:meta])* $variant:ident($family:ty),)*) => {
        /// The hyperparameters of an optimizer family (learning rate aside).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Hyper {
            $($(#[$doc])* $variant($family),)*
        }

        impl Hyper {
            /// What its family knows about itself.
            pub fn family(&self) -> &dyn Family {
                match self {
                    $(Hyper::$variant(h) => h,)*
                }
            }

            /// The same, to change it.
            pub fn family_mut(&mut self) -> &mut dyn Family {
                match self {
                    $(Hyper::$variant(h) => h,)*
                }
            }

            /// Its family's update (see [`Step::step`]).
            #[allow(clippy::too_many_arguments)] // torch's step signature, the lazy Hessian and the square root
            fn step(
                &self,
                params: &mut [f64],
                grad: &[f64],
                lr: f64,
                t: u64,
                state: &mut OptimizerState,
                hessian: impl FnOnce() -> Matrix,
                sqrt: impl Fn(f64) -> f64,
            ) -> Result<(), String> {
                match self {
                    $(Hyper::$variant(h) => Step::step(h, params, grad, lr, t, state, hessian, sqrt),)*
                }
            }

            /// Its family's explanation (see [`Step::explain_step`]).
            fn explain_step(&self, states: &StepStates, hessian: &Matrix, out: &mut Breakdown) {
                match self {
                    $(Hyper::$variant(h) => Step::explain_step(h, states, hessian, out),)*
                }
            }
        }
    };
}

families! {
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
    /// Lion.
    Lion(Lion),
    /// L-BFGS.
    Lbfgs(Lbfgs),
    /// Newton's method.
    Newton(Newton),
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
    /// Lion's momentum m.
    Lion { exp_avg: Vector },
    /// L-BFGS's memory and what its last step did; shared, as it is large.
    Lbfgs(Arc<LbfgsState>),
    /// Newton's method keeps nothing.
    Newton,
}

impl OptimizerState {
    /// Bytes its vectors hold on the heap (none for one or two parameters).
    pub fn heap_bytes(&self) -> usize {
        match self {
            OptimizerState::Sgd { momentum_buffer } => momentum_buffer.as_ref().map_or(0, Vector::heap_bytes),
            OptimizerState::Adagrad { sum } => sum.heap_bytes(),
            OptimizerState::RmsProp { square_avg, grad_avg, momentum_buffer } => {
                square_avg.heap_bytes() + grad_avg.heap_bytes() + momentum_buffer.heap_bytes()
            }
            OptimizerState::Adam { exp_avg, exp_avg_sq, max_exp_avg_sq } => {
                exp_avg.heap_bytes() + exp_avg_sq.heap_bytes() + max_exp_avg_sq.heap_bytes()
            }
            OptimizerState::NAdam { exp_avg, exp_avg_sq, .. }
            | OptimizerState::RAdam { exp_avg, exp_avg_sq }
            | OptimizerState::Adamax { exp_avg, exp_inf: exp_avg_sq }
            | OptimizerState::Adadelta { square_avg: exp_avg, acc_delta: exp_avg_sq }
            | OptimizerState::Rprop { prev: exp_avg, step_size: exp_avg_sq } => {
                exp_avg.heap_bytes() + exp_avg_sq.heap_bytes()
            }
            OptimizerState::Lion { exp_avg } => exp_avg.heap_bytes(),
            // Shared between records, and kept by one step's record.
            OptimizerState::Lbfgs(_) | OptimizerState::Newton => 0,
        }
    }
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

impl Optimizer {
    /// The optimizer of that type with its defaults.
    pub fn with_defaults(kind: OptimizerType) -> Self {
        Optimizer { kind, lr: kind.default_lr(), hyper: kind.default_hyper() }
    }

    /// The state before the first step, for `n` parameters.
    pub fn initial_state(&self, n: usize) -> OptimizerState {
        self.hyper.family().initial_state(n, self.lr)
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
        let mut next = Vector::from_slice(params);
        self.hyper.step(next.as_mut_slice(), grad, lr, step, state, hessian, sqrt)?;
        Ok(next)
    }

    /// Every hyperparameter of its type (lr aside) and its value, in the order
    /// of [`OptimizerType::hyperparameter_names`]: what a saved scenario
    /// writes and `losscape list` shows, from one description.
    pub fn hyperparameters(&self) -> Vec<(&'static str, HyperValue)> {
        let family = self.hyper.family();
        self.kind.declaration().fields.iter().filter_map(|f| Some((f.name, family.get(f.name)?))).collect()
    }

    /// The momentum-like hyperparameter, for optimizers that have one.
    pub fn momentum_like(&self) -> Option<MomentumLike> {
        self.hyper.family().momentum_like().filter(|m| self.kind.takes(m.field))
    }

    /// Its update rule and the numbers of one step, for the step breakdown
    /// (`hessian` at θ before the step, for Newton's method).
    pub fn explain(&self, states: &StepStates, hessian: &Matrix, out: &mut Breakdown) {
        self.hyper.explain_step(states, hessian, out);
    }

    /// Sets the momentum-like hyperparameter, clamped to its bounds.
    pub fn set_momentum_like(&mut self, value: f64) {
        let Some(m) = self.momentum_like() else { return };
        self.hyper.family_mut().set_momentum_like(value.clamp(0.0, m.max));
    }
}
