//! What an optimizer declares about itself, in its own file: its name, its
//! learning rate and other fields with their defaults and limits, and what
//! it offers the views (its momentum-like value and how the keys change it,
//! its arrows, its rate map's second axis). The scenario parser, `losscape
//! list`, `:` and its completion, the schema, the panel, the keys and the
//! write-back read these, so a new optimizer is told once, in its file, and
//! registered in the tables of `optim/mod.rs`.
//!
//! [`Family`] has no default methods: an optimizer that leaves something
//! out does not compile.

use super::{Hyper, HyperValue, OptimizerState};
use crate::core::{Matrix, Vector};

/// One optimizer type, as `type` names it in a scenario file.
#[derive(Debug, Clone, Copy)]
pub struct Declaration {
    /// Its name in scenario files, `list` and the panel.
    pub name: &'static str,
    /// Its default learning rate (torch's, for torch's optimizers).
    pub lr: f64,
    /// Its other hyperparameters' defaults.
    pub hyper: fn() -> Hyper,
    /// The hyperparameters (besides `lr`) a scenario may set, in the order
    /// `list` shows them and a saved scenario writes them.
    pub fields: &'static [Field],
    /// It evaluates the exact function itself, at points of its choosing:
    /// per-gradient settings (noise, clipping, mini-batches) do not apply.
    pub exact: bool,
    /// It is one of torch.optim's, with torch's semantics (and checked
    /// against torch's numbers).
    pub torch: bool,
    /// The most parameters it takes, and why (Newton's method solves with
    /// the full Hessian).
    pub most_parameters: Option<(usize, &'static str)>,
    /// The type the rate map runs it as, where its own type does not take
    /// the map's second axis (gd, mapped with momentum, is momentum).
    pub rate_map_as: Option<super::OptimizerType>,
}

/// One hyperparameter of an optimizer type: its name and what it may be.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name in scenario files, as torch.optim names it.
    pub name: &'static str,
    /// The values it takes.
    pub limit: Limit,
}

/// The values a hyperparameter takes; the scenario parser checks them, with
/// its messages.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// A number ≥ 0.
    NonNegative,
    /// A number in [0, 1].
    Unit,
    /// A pair of numbers each in [0, 1), named beta1 and beta2.
    Betas,
    /// A pair that `holds`, said as `needs` where it does not.
    Pair { holds: fn(f64, f64) -> bool, needs: &'static str },
    /// A whole number from 1 to `max` (null, where the family reads it so,
    /// for none).
    Count { max: u64 },
    /// true or false.
    Flag,
    /// One of `words` (a `what`, such as "form"), or null for none where
    /// `nullable`.
    Word { what: &'static str, words: &'static [&'static str], nullable: bool },
}

impl Declaration {
    /// Whether a scenario may set this hyperparameter for it.
    pub fn takes(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f.name == field)
    }

    /// Its hyperparameters' names (besides `lr`), in order.
    pub fn field_names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
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
    /// The field that holds it (`betas` for β1): a type that does not take
    /// that field (gd) offers no momentum to turn.
    pub field: &'static str,
    /// What happens when it reaches 1, said after "has NAME 1, …".
    pub at_one: &'static str,
}

/// The rate map's second axis: the hyperparameter mapped against the rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateAxis {
    /// Its name on the map: `momentum` or `β1`.
    pub name: &'static str,
    /// Its value.
    pub value: f64,
}

/// What one family of optimizers (one hyperparameter struct, which may
/// serve several types: sgd, momentum, nesterov) knows about itself. Every
/// method is its own to say: none has a default.
pub trait Family {
    /// The value of one of its fields, by its declared name; `None` where a
    /// file may not give it as it stands (the EMA form's dampening).
    fn get(&self, field: &str) -> Option<HyperValue>;

    /// Sets one of its fields to a value its [`Limit`] allows.
    fn set(&mut self, field: &str, value: HyperValue);

    /// What the fields' limits cannot say alone, a rule across them, as the
    /// field it is about ("" for the whole optimizer) and the message.
    /// `given` tells whether a scenario gave a field; `clean` whether every
    /// field was right on its own.
    fn check(&self, given: &dyn Fn(&str) -> bool, clean: bool) -> Option<(&'static str, String)>;

    /// The state before the first step, for `n` parameters at rate `lr`.
    fn initial_state(&self, n: usize, lr: f64) -> OptimizerState;

    /// The momentum-like hyperparameter the panel shows and `{ }` change.
    fn momentum_like(&self) -> Option<MomentumLike>;

    /// Sets the momentum-like hyperparameter, already within [0, max].
    fn set_momentum_like(&mut self, value: f64);

    /// The rate map's second axis, for optimizers it maps.
    fn rate_axis(&self) -> Option<RateAxis>;

    /// Sets the rate map's second axis.
    fn set_rate_axis(&mut self, value: f64);

    /// The memory arrow: the part of the next step (from θₖ, in the state
    /// after k ≥ 1 steps at rate `lr`) carried over from earlier steps, as a
    /// displacement. `None` for optimizers without memory.
    fn memory_step(&self, state: &OptimizerState, lr: f64, k: u64) -> Option<Vector>;

    /// The per-coordinate rate arrows: each coordinate's effective learning
    /// rate after k ≥ 1 steps. `None` for optimizers that do not scale each
    /// coordinate by its past gradients.
    fn effective_rates(&self, state: &OptimizerState, lr: f64, k: u64) -> Option<Vector>;

    /// The largest stable learning rate on the quadratic that matches f at
    /// a point of this Hessian, where the theory gives one.
    fn stable_lr_bound(&self, hessian: &Matrix) -> Option<f64>;

    /// Whether theory gives it such a limit at all (the panel's lr limit
    /// column, which says `clipped` instead where clipping bounds the step).
    fn has_lr_limit(&self) -> bool;

    /// Whether it is heavy ball, θ ← θ − lr·g + μ(θ − θ₋₁), whose theory on
    /// a quadratic the rate map draws: its weight decay if so.
    fn heavy_ball(&self) -> Option<f64>;

    /// One step of an optimizer that evaluates the function itself
    /// ([`Declaration::exact`]): from θ, its loss and gradient given, with
    /// `evaluate` giving f and ∇f anywhere; the new θ and the evaluations
    /// it made, its state updated. `None` for an optimizer that reads one
    /// gradient a step ([`Step::step`]).
    #[allow(clippy::too_many_arguments)]
    fn step_evaluating(
        &self,
        params: &[f64],
        loss: f64,
        grad: &[f64],
        lr: f64,
        state: &mut OptimizerState,
        evaluate: &mut dyn FnMut(&[f64]) -> (f64, Vector),
    ) -> Option<Result<(Vector, u64), String>>;

    /// What a step costs, in gradient evaluations of a function of `dim`
    /// parameters (1 for an optimizer that reads one gradient).
    fn evaluations_per_step(&self, dim: f64) -> f64;

    /// How many run records beyond its own one step weighs, for a run of
    /// `steps` steps in `dim` parameters (what it keeps in its state).
    fn extra_records(&self, steps: usize, dim: u64) -> u64;
}

/// One family's update and explanation, called through [`Hyper`]'s table
/// (generic, so that the square root is inlined).
pub trait Step {
    /// One update of `params` (in place) with gradient `grad` and rate
    /// `lr`; `t` counts from 1 as torch's `state["step"]` does. `hessian`
    /// at θ for Newton's method; `sqrt` the square root to use.
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
    ) -> Result<(), String>;

    /// Its update rule and the numbers of one step, for the step breakdown
    /// (`hessian` at θ before the step, empty where not computed).
    fn explain_step(
        &self,
        states: &super::breakdown::StepStates,
        hessian: &Matrix,
        out: &mut super::breakdown::Breakdown,
    );
}

/// What a family says when handed another's state (which `initial_state`
/// never makes).
pub const MISMATCH: &str = "optimizer state does not match its optimizer";

/// Weight decay λ ≥ 0, as most families take it.
pub const WEIGHT_DECAY: Field = Field { name: "weight_decay", limit: Limit::NonNegative };
/// ε ≥ 0, added to a denominator.
pub const EPS: Field = Field { name: "eps", limit: Limit::NonNegative };
/// (β1, β2), each in [0, 1).
pub const BETAS: Field = Field { name: "betas", limit: Limit::Betas };

/// The answers of a [`Family`] whose optimizer reads one gradient a step:
/// it never evaluates the function itself ([`Family::step_evaluating`] is
/// `None`), costs one evaluation a step and keeps no records beyond its
/// steps. Written inside the impl, so that each family still says what it
/// does, in one line where these are its answers.
macro_rules! one_gradient_a_step {
    () => {
        fn step_evaluating(
            &self,
            _params: &[f64],
            _loss: f64,
            _grad: &[f64],
            _lr: f64,
            _state: &mut $crate::core::optim::OptimizerState,
            _evaluate: &mut dyn FnMut(&[f64]) -> (f64, $crate::core::Vector),
        ) -> Option<Result<($crate::core::Vector, u64), String>> {
            None
        }

        fn evaluations_per_step(&self, _dim: f64) -> f64 {
            1.0
        }

        fn extra_records(&self, _steps: usize, _dim: u64) -> u64 {
            0
        }
    };
}
pub(crate) use one_gradient_a_step;
