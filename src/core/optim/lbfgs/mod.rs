//! torch.optim.LBFGS: limited-memory BFGS, with torch's optional strong-Wolfe
//! line search (cubic interpolation and zoom), operation for operation.
//!
//! One losscape step is one `step(closure)` call: several inner iterations,
//! each evaluating the function and its gradient once (without line
//! search) or at every trial point (with it). What a step did, its inner
//! iterates and trial points, is kept in its state for the view.

use std::sync::Arc;

mod wolfe;

use super::HyperValue::{Count, Null, Number, Word};
use super::OptimizerState;
use super::add_scaled;
use super::decl::{Declaration, Family, Field, Limit, MISMATCH, MomentumLike, RateAxis, Step};
use super::{Hyper, HyperValue};
use crate::core::format::short;
use crate::core::optim::breakdown::{Breakdown, StepStates, plain};
use crate::core::{Matrix, Vector, dot};

/// The most inner iterations an L-BFGS step may make.
pub const MAX_LBFGS_ITER: u64 = 10_000;
/// The most evaluations an L-BFGS step may make.
pub const MAX_LBFGS_EVAL: u64 = 100_000;
/// The most (s, y) pairs L-BFGS may remember.
pub const MAX_LBFGS_HISTORY: u64 = 10_000;

/// lbfgs: torch LBFGS.
pub(in crate::core::optim) const LBFGS: Declaration = Declaration {
    name: "lbfgs",
    lr: 1.0,
    hyper: || Hyper::Lbfgs(Lbfgs::default()),
    fields: &[
        Field { name: "max_iter", limit: Limit::Count { max: MAX_LBFGS_ITER } },
        Field { name: "max_eval", limit: Limit::Count { max: MAX_LBFGS_EVAL } },
        Field { name: "tolerance_grad", limit: Limit::NonNegative },
        Field { name: "tolerance_change", limit: Limit::NonNegative },
        Field { name: "history_size", limit: Limit::Count { max: MAX_LBFGS_HISTORY } },
        Field {
            name: "line_search_fn",
            limit: Limit::Word { what: "line search", words: &["strong_wolfe"], nullable: true },
        },
    ],
    exact: true,
    torch: true,
    most_parameters: None,
    rate_map_as: None,
};

/// L-BFGS's settings (torch's names and defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lbfgs {
    /// Inner iterations per step.
    pub max_iter: u32,
    /// Function evaluations per step; `None` is max_iter·5/4 (rounded down).
    pub max_eval: Option<u32>,
    /// A step ends when max |g| falls to this.
    pub tolerance_grad: f64,
    /// ... or when the step, the loss change or the slope along the
    /// direction falls below this.
    pub tolerance_change: f64,
    /// How many (s, y) pairs it remembers.
    pub history_size: u32,
    /// torch's `line_search_fn="strong_wolfe"`; otherwise fixed steps of lr.
    pub strong_wolfe: bool,
}

impl Default for Lbfgs {
    fn default() -> Self {
        Lbfgs {
            max_iter: 20,
            max_eval: None,
            tolerance_grad: 1e-7,
            tolerance_change: 1e-9,
            history_size: 100,
            strong_wolfe: false,
        }
    }
}

/// What L-BFGS carries from step to step (torch's `state`), and a record
/// of what the step just taken did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LbfgsState {
    /// Inner iterations over all steps so far.
    pub n_iter: u64,
    /// Function evaluations over all steps so far.
    pub func_evals: u64,
    /// The last direction.
    pub d: Vector,
    /// The last step length.
    pub t: f64,
    /// The remembered gradient changes y, oldest first.
    pub old_dirs: Vec<Vector>,
    /// The remembered steps s, oldest first.
    pub old_stps: Vec<Vector>,
    /// 1/(y·s) for each pair.
    pub ro: Vec<f64>,
    /// The scale of the initial inverse Hessian, (y·s)/(y·y) of the last pair.
    pub h_diag: f64,
    /// The gradient at the start of the last inner iteration.
    pub prev_flat_grad: Option<Vector>,
    /// The loss there.
    pub prev_loss: Option<f64>,
    /// What the last step did.
    pub trace: StepTrace,
}

/// What one L-BFGS step did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepTrace {
    /// Its inner iterations, in order.
    pub iterations: Vec<Iteration>,
    /// The function evaluations it made (torch's `current_evals`).
    pub evals: u64,
    /// Why it stopped iterating.
    pub end: StepEnd,
}

/// One inner iteration.
#[derive(Debug, Clone, PartialEq)]
pub struct Iteration {
    /// Where it started.
    pub from: Vector,
    /// The direction d from the two-loop recursion (−g on the very first).
    pub direction: Vector,
    /// How many (s, y) pairs the recursion used.
    pub history: usize,
    /// g·d at the start: negative along a descent direction.
    pub slope: f64,
    /// The step length taken along d.
    pub t: f64,
    /// Where it ended: from + t·d.
    pub to: Vector,
    /// The loss there, when it was evaluated.
    pub loss: Option<f64>,
    /// The line search's trial points, in order (empty without line search).
    pub trials: Vec<Trial>,
    /// Which Wolfe conditions the accepted point meets (line search only).
    pub wolfe: Option<Wolfe>,
}

/// A point the line search evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    /// Its step length along d.
    pub t: f64,
    /// The point.
    pub at: Vector,
    /// f there.
    pub loss: f64,
}

/// The strong Wolfe conditions at the point a line search accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wolfe {
    /// f(x + t·d) ≤ f(x) + c1·t·g·d.
    pub sufficient_decrease: bool,
    /// |∇f(x + t·d)·d| ≤ c2·|g·d|.
    pub curvature: bool,
}

/// Why a step stopped iterating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StepEnd {
    /// max |g| ≤ tolerance_grad: at a minimum as far as it can tell.
    #[default]
    Optimal,
    /// It made max_iter iterations.
    MaxIter,
    /// It used max_eval evaluations.
    MaxEval,
    /// g·d > −tolerance_change: the direction no longer goes downhill.
    NotDescent,
    /// max |t·d| ≤ tolerance_change: the step became tiny.
    SmallStep,
    /// |Δf| < tolerance_change: the loss stopped changing.
    SmallLossChange,
}

impl StepEnd {
    /// A phrase for the breakdown and the status bar.
    pub fn describe(self) -> &'static str {
        match self {
            StepEnd::Optimal => "max |g| ≤ tolerance_grad",
            StepEnd::MaxIter => "max_iter iterations made",
            StepEnd::MaxEval => "max_eval evaluations used",
            StepEnd::NotDescent => "g·d > −tolerance_change: no longer downhill",
            StepEnd::SmallStep => "max |t·d| ≤ tolerance_change",
            StepEnd::SmallLossChange => "|Δf| < tolerance_change",
        }
    }
}

/// torch's `abs().max()`: NaN if any coordinate is.
fn abs_max(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m: f64, x| if m.is_nan() || x.is_nan() { f64::NAN } else { m.max(x.abs()) })
}

/// `p.add_(d, alpha=t)`: fused.
fn along(p: &[f64], t: f64, d: &[f64]) -> Vector {
    Vector::from_fn(p.len(), |i| add_scaled(p[i], d[i], t))
}

/// −v.
fn negated(v: &[f64]) -> Vector {
    v.iter().map(|x| -x).collect()
}

/// v·s.
fn scaled(v: &[f64], s: f64) -> Vector {
    v.iter().map(|x| x * s).collect()
}

/// Python's `max(a, b)`: `a` unless `b > a`.
fn py_max(a: f64, b: f64) -> f64 {
    if b > a { b } else { a }
}

/// Python's `min(a, b)`: `a` unless `b < a`.
fn py_min(a: f64, b: f64) -> f64 {
    if b < a { b } else { a }
}

impl Lbfgs {
    /// The evaluation budget of one step.
    pub fn max_eval(&self) -> u32 {
        self.max_eval.unwrap_or(self.max_iter * 5 / 4)
    }

    /// One `step(closure)`: from `params`, where the loss and gradient are
    /// `loss` and `grad` (the closure's first evaluation, which it counts),
    /// with `evaluate` giving f and ∇f anywhere. Returns the new parameters
    /// and state; `sqrt` is the square root of the cubic interpolation. An
    /// error says why the step cannot be taken where torch would raise.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &self,
        params: &[f64],
        loss: f64,
        grad: &[f64],
        lr: f64,
        state: &LbfgsState,
        evaluate: &mut dyn FnMut(&[f64]) -> (f64, Vector),
        sqrt: &dyn Fn(f64) -> f64,
    ) -> Result<(Vector, LbfgsState), String> {
        let mut s = LbfgsState { trace: StepTrace::default(), ..state.clone() };
        let max_eval = u64::from(self.max_eval());
        let mut loss = loss;
        let mut flat_grad = Vector::from_slice(grad);
        let mut current_evals = 1;
        s.func_evals += 1;
        let mut x = Vector::from_slice(params);
        if abs_max(&flat_grad) <= self.tolerance_grad {
            s.trace = StepTrace { iterations: Vec::new(), evals: current_evals, end: StepEnd::Optimal };
            return Ok((x, s));
        }
        let mut al = vec![0.0; self.history_size as usize];
        let mut n_iter = 0;
        let end = loop {
            n_iter += 1;
            s.n_iter += 1;
            if s.n_iter == 1 {
                s.d = negated(&flat_grad);
                s.old_dirs.clear();
                s.old_stps.clear();
                s.ro.clear();
                s.h_diag = 1.0;
            } else {
                let zeros = Vector::zeros(flat_grad.len());
                let prev = s.prev_flat_grad.as_ref().unwrap_or(&zeros);
                let y: Vector = flat_grad.iter().zip(prev).map(|(g, p)| g - p).collect();
                let step = scaled(&s.d, s.t);
                let ys = dot(&y, &step);
                if ys > 1e-10 {
                    if s.old_dirs.len() == self.history_size as usize {
                        s.old_dirs.remove(0);
                        s.old_stps.remove(0);
                        s.ro.remove(0);
                    }
                    s.h_diag = ys / dot(&y, &y);
                    s.old_dirs.push(y);
                    s.old_stps.push(step);
                    s.ro.push(1.0 / ys);
                }
                let num_old = s.old_dirs.len();
                let mut q = negated(&flat_grad);
                for i in (0..num_old).rev() {
                    al[i] = dot(&s.old_stps[i], &q) * s.ro[i];
                    q = along(&q, -al[i], &s.old_dirs[i]);
                }
                let mut r = scaled(&q, s.h_diag);
                for (i, &al_i) in al.iter().enumerate().take(num_old) {
                    let be_i = dot(&s.old_dirs[i], &r) * s.ro[i];
                    r = along(&r, al_i - be_i, &s.old_stps[i]);
                }
                s.d = r;
            }
            s.prev_flat_grad = Some(flat_grad.clone());
            s.prev_loss = Some(loss);
            s.t = if s.n_iter == 1 {
                let inverse = 1.0 / flat_grad.iter().map(|g| g.abs()).fold(-0.0, |sum, g| sum + g);
                py_min(1.0, inverse) * lr
            } else {
                lr
            };
            let gtd = dot(&flat_grad, &s.d);
            if gtd > -self.tolerance_change {
                break StepEnd::NotDescent;
            }
            let from = x.clone();
            let history = s.old_dirs.len();
            let (opt_cond, ls_evals, trials, wolfe, evaluated) = if self.strong_wolfe {
                let budget = max_eval as i64 - current_evals as i64;
                let search = wolfe::strong_wolfe(
                    evaluate,
                    sqrt,
                    &x,
                    s.t,
                    &s.d,
                    loss,
                    &flat_grad,
                    gtd,
                    self.tolerance_change,
                    budget,
                )?;
                loss = search.loss;
                flat_grad = search.grad;
                s.t = search.t;
                x = along(&x, s.t, &s.d);
                (abs_max(&flat_grad) <= self.tolerance_grad, search.evals, search.trials, Some(search.wolfe), true)
            } else {
                x = along(&x, s.t, &s.d);
                if n_iter != self.max_iter {
                    (loss, flat_grad) = evaluate(&x);
                    (abs_max(&flat_grad) <= self.tolerance_grad, 1, Vec::new(), None, true)
                } else {
                    (false, 0, Vec::new(), None, false)
                }
            };
            current_evals += ls_evals;
            s.func_evals += ls_evals;
            s.trace.iterations.push(Iteration {
                from,
                direction: s.d.clone(),
                history,
                slope: gtd,
                t: s.t,
                to: x.clone(),
                loss: evaluated.then_some(loss),
                trials,
                wolfe,
            });
            if n_iter == self.max_iter {
                break StepEnd::MaxIter;
            }
            if current_evals >= max_eval {
                break StepEnd::MaxEval;
            }
            if opt_cond {
                break StepEnd::Optimal;
            }
            if abs_max(&scaled(&s.d, s.t)) <= self.tolerance_change {
                break StepEnd::SmallStep;
            }
            if (loss - s.prev_loss.unwrap_or(loss)).abs() < self.tolerance_change {
                break StepEnd::SmallLossChange;
            }
        };
        s.trace.evals = current_evals;
        s.trace.end = end;
        Ok((x, s))
    }
}

impl Lbfgs {
    /// The state before the first step.
    pub fn initial_state() -> OptimizerState {
        OptimizerState::Lbfgs(Arc::new(LbfgsState::default()))
    }

    /// Its update rule and the numbers of one step, for the step breakdown:
    /// one line per inner iteration (the first and last few when there are
    /// many), then the last direction and step length.
    pub fn explain(&self, states: &StepStates, out: &mut Breakdown) {
        let OptimizerState::Lbfgs(after) = &states.after else { return };
        let trace = &after.trace;
        out.rule("d ← −H·g, H from the last (s, y) pairs by the two-loop recursion (the first d is −g)");
        out.rule(if self.strong_wolfe {
            "t from the strong-Wolfe line search; θ ← θ + t·d"
        } else {
            "t = lr (the very first: min(1, 1/‖g‖₁)·lr); θ ← θ + t·d"
        });
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let n = trace.iterations.len();
        out.rule(format!(
            "{n} iteration{}, {} evaluation{}; stopped: {}",
            plural(n),
            trace.evals,
            plural(trace.evals as usize),
            trace.end.describe()
        ));
        if n > 0 {
            let wolfe = if self.strong_wolfe { " Wolfe trials" } else { "" };
            out.rule(format!("{:>2} {:>3} {:>8} {:>8}{wolfe}", "it", "s,y", "t", "g·d"));
        }
        let line = |i: usize, it: &Iteration| {
            let wolfe = it.wolfe.map_or(String::new(), |w| {
                let held = match (w.sufficient_decrease, w.curvature) {
                    (true, true) => "both",
                    (true, false) => "decrease",
                    (false, true) => "curvature",
                    (false, false) => "neither",
                };
                format!(" {held} {}", it.trials.len())
            });
            format!("{:>2} {:>3} {:>8} {:>8}{wolfe}", i + 1, it.history, short(it.t), short(it.slope))
        };
        for (i, it) in trace.iterations.iter().enumerate() {
            if n > EXPLAINED_ITERATIONS && i == 3 {
                out.rule(format!("{:>2} ({} more)", "⋮", n - 6));
            }
            if n <= EXPLAINED_ITERATIONS || i < 3 || i >= n - 3 {
                out.rule(line(i, it));
            }
        }
        out.scalar("evaluations so far", after.func_evals as f64);
        if let Some(last) = trace.iterations.last() {
            out.vector("d (last iteration)", &last.direction);
            out.scalar("t (last iteration)", last.t);
        }
        if !after.old_dirs.is_empty() {
            out.scalar("H₀ scale (s·y)/(y·y)", after.h_diag);
        }
        let pairs = trace.iterations.last().map_or(0, |it| it.history);
        let guess = if pairs == 0 {
            "L-BFGS had no moves behind it yet, so it went straight downhill".to_string()
        } else {
            format!(
                "L-BFGS guessed the curvature from its last {pairs} move{} (and how the gradient changed along them) \
                 and divided the gradient by it, as Newton does without the Hessian",
                plural(pairs)
            )
        };
        out.say(format!(
            "{guess}: in {n} iteration{} this step went {}, {} times what plain GD would take.",
            plural(n),
            plain(states.step_length()),
            plain(states.times_plain()),
        ));
    }
}

/// Up to this many iterations, the breakdown lists each; beyond, the first
/// and last three.
const EXPLAINED_ITERATIONS: usize = 7;

impl Family for Lbfgs {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "max_iter" => Count(u64::from(self.max_iter)),
            "max_eval" => self.max_eval.map_or(Null, |m| Count(u64::from(m))),
            "tolerance_grad" => Number(self.tolerance_grad),
            "tolerance_change" => Number(self.tolerance_change),
            "history_size" => Count(u64::from(self.history_size)),
            "line_search_fn" => {
                if self.strong_wolfe {
                    Word("strong_wolfe")
                } else {
                    Null
                }
            }
            _ => return None,
        })
    }

    /// Counts are at most [`MAX_LBFGS_EVAL`], within a u32.
    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("max_iter", Count(v)) => self.max_iter = v as u32,
            ("max_eval", Count(v)) => self.max_eval = Some(v as u32),
            ("max_eval", Null) => self.max_eval = None,
            ("tolerance_grad", Number(v)) => self.tolerance_grad = v,
            ("tolerance_change", Number(v)) => self.tolerance_change = v,
            ("history_size", Count(v)) => self.history_size = v as u32,
            ("line_search_fn", Word(w)) => self.strong_wolfe = w == "strong_wolfe",
            ("line_search_fn", Null) => self.strong_wolfe = false,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, _n: usize, _lr: f64) -> OptimizerState {
        Lbfgs::initial_state()
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

    /// It evaluates the function where it likes, starting with θ itself
    /// (its closure's first call: the loss and gradient given).
    fn step_evaluating(
        &self,
        params: &[f64],
        loss: f64,
        grad: &[f64],
        lr: f64,
        state: &mut OptimizerState,
        evaluate: &mut dyn FnMut(&[f64]) -> (f64, Vector),
    ) -> Option<Result<(Vector, u64), String>> {
        let OptimizerState::Lbfgs(memory) = state else { return Some(Err(MISMATCH.into())) };
        Some(self.step(params, loss, grad, lr, memory, evaluate, &f64::sqrt).map(|(params, memory)| {
            let evals = memory.trace.evals;
            *state = OptimizerState::Lbfgs(Arc::new(memory));
            (params, evals)
        }))
    }

    /// At most max_eval evaluations, and a two-loop recursion over the
    /// history in each iteration (about a quarter of an evaluation a pair).
    fn evaluations_per_step(&self, dim: f64) -> f64 {
        f64::from(self.max_eval())
            + f64::from(self.max_iter) * f64::from(self.history_size) / 4.0 * (dim / 2.0).max(1.0)
    }

    /// Every step keeps its memory and what it did: with two parameters, 40
    /// bytes a pair, about 120 an iteration, 40 a trial point, in records of
    /// 120 bytes; as many times more as there are pairs of parameters.
    fn extra_records(&self, steps: usize, dim: u64) -> u64 {
        let pairs = u64::from(self.history_size).min(steps as u64 * u64::from(self.max_iter));
        (pairs * 40 + u64::from(self.max_iter) * 120 + u64::from(self.max_eval()) * 40) / 120 * dim.div_ceil(2)
    }
}

impl Step for Lbfgs {
    /// It evaluates the function itself: see [`Lbfgs::step`].
    fn step(
        &self,
        _params: &mut [f64],
        _grad: &[f64],
        _lr: f64,
        _t: u64,
        _state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        _sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        Err("L-BFGS needs the function, not one gradient".into())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqrt(v: f64) -> f64 {
        v.sqrt()
    }

    #[test]
    fn the_first_iteration_goes_down_the_gradient_by_at_most_lr() {
        // f = x² + 10y² at (1, 1): g = (2, 20), ‖g‖₁ = 22, so t = lr/22.
        let mut eval = |p: &[f64]| (p[0] * p[0] + 10.0 * p[1] * p[1], Vector::from([2.0 * p[0], 20.0 * p[1]]));
        let lbfgs = Lbfgs { max_iter: 1, ..Lbfgs::default() };
        let (x, s) =
            lbfgs.step(&[1.0, 1.0], 11.0, &[2.0, 20.0], 1.0, &LbfgsState::default(), &mut eval, &sqrt).unwrap();
        let t = 1.0 / 22.0;
        assert_eq!(x, [(-2.0f64).mul_add(t, 1.0), (-20.0f64).mul_add(t, 1.0)], "θ + t·d, fused as torch's add_");
        assert!((x[1] - (1.0 - 20.0 / 22.0)).abs() < 1e-15);
        assert_eq!((s.trace.evals, s.trace.end, s.func_evals), (1, StepEnd::MaxIter, 1));
    }

    #[test]
    fn with_line_search_one_step_solves_a_quadratic_within_its_budget() {
        // BFGS with exact enough line searches ends on a 2-D quadratic within
        // a few iterations; the minimum is 0 at the origin. It stops once the
        // loss changes by less than tolerance_change (1e-9).
        let mut eval = |p: &[f64]| (p[0] * p[0] + 10.0 * p[1] * p[1], Vector::from([2.0 * p[0], 20.0 * p[1]]));
        let lbfgs = Lbfgs { strong_wolfe: true, ..Lbfgs::default() };
        let (x, s) =
            lbfgs.step(&[1.0, 1.0], 11.0, &[2.0, 20.0], 1.0, &LbfgsState::default(), &mut eval, &sqrt).unwrap();
        assert!(x[0] * x[0] + 10.0 * x[1] * x[1] < 1e-9, "{x:?}");
        assert!(s.trace.evals <= 25, "within max_eval = 20·5/4: {}", s.trace.evals);
        assert!(s.trace.iterations.iter().all(|it| it.wolfe.unwrap().sufficient_decrease));
    }
}
