//! A run: one optimizer from one start, with its whole history.
//!
//! Every record holds the parameters, loss, exact gradient, learning rate and
//! optimizer state after k steps, so a viewer can step back and forth freely.
//! Gradient noise and mini-batch order are derived from (seed, step), never
//! from a running generator, so recomputing from any step lands on identical
//! numbers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

mod sampling;
mod status;

pub use status::{Ending, Escape, RUNAWAY_FACTOR, Runaway, Status, runaway};

use sampling::{batch_position, epoch_order, gaussians};

use super::landscape::Landscape;
use super::optim::{Optimizer, OptimizerState, Schedule, ScheduleState, StepEnd, clip_grad_norm};
use super::{Vector, norm};

/// A parameter beyond this magnitude counts as divergence.
pub const DIVERGENCE_LIMIT: f64 = 1e10;

/// Rules that end a run early as converged; each is off when `None`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StopRules {
    /// ‖∇f(θ)‖ below this.
    pub grad_norm: Option<f64>,
    /// ‖θₖ − θₖ₋₁‖ below this.
    pub param_change: Option<f64>,
    /// |f(θₖ) − f(θₖ₋₁)| below this.
    pub loss_change: Option<f64>,
}

/// Everything that determines a run's trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    /// The optimizer and its hyperparameters.
    pub optimizer: Optimizer,
    /// Where it starts: as many numbers as the landscape has parameters.
    pub start: Vector,
    /// How the learning rate changes from step to step.
    pub schedule: Option<Schedule>,
    /// Clip the gradient's norm to this (torch's clip_grad_norm_).
    pub clip_norm: Option<f64>,
    /// Standard deviation of Gaussian noise added to each gradient component.
    pub noise: f64,
    /// Mini-batch size on data landscapes; `None` is the full batch.
    pub batch_size: Option<usize>,
    /// Seeds the noise and the mini-batch order.
    pub seed: u64,
    /// Early-stop rules.
    pub stop: StopRules,
    /// The most steps it takes.
    pub max_steps: usize,
}

/// The state after k steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// θₖ.
    pub params: Vector,
    /// f(θₖ).
    pub loss: f64,
    /// ∇f(θₖ): the exact full gradient, before noise, batching or clipping.
    pub grad: Vector,
    /// The learning rate the next step uses.
    pub lr: f64,
    /// The optimizer's state after k steps.
    pub state: OptimizerState,
    /// Gradient evaluations so far: one a step for first-order methods and
    /// Newton's, torch's `func_evals` for L-BFGS.
    pub evals: u64,
    /// The schedule's state after k steps.
    pub schedule: ScheduleState,
}

impl Record {
    /// Bytes its vectors hold on the heap (none for one or two parameters).
    pub fn heap_bytes(&self) -> usize {
        self.params.heap_bytes() + self.grad.heap_bytes() + self.state.heap_bytes()
    }
}

/// What one step did to the gradient before the optimizer saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInput {
    /// The gradient the optimizer was given.
    pub grad: Vector,
    /// The Gaussian noise added (zero without `noise`).
    pub noise: Vector,
    /// The factor clipping scaled the gradient by (1 when not clipped).
    pub clip_scale: f64,
}

/// One optimizer's trajectory over a landscape.
#[derive(Debug, Clone)]
pub struct Run {
    landscape: Arc<Landscape>,
    spec: RunSpec,
    history: Vec<Record>,
    status: Status,
    /// From when, if ever, it runs away.
    escape: Option<Escape>,
    /// The landscape's lowest value, when known.
    lowest: Option<f64>,
    /// The shuffled data order of one epoch, kept to avoid reshuffling every step.
    epoch_order: Option<(u64, Vec<usize>)>,
}

impl Run {
    /// A run at step 0; nothing is computed beyond the start.
    pub fn new(landscape: Arc<Landscape>, spec: RunSpec) -> Self {
        let first = Stepper::new(&landscape, &spec).start();
        let lowest = landscape.minima().iter().find(|m| m.global).map(|m| m.value);
        let mut run = Run {
            landscape,
            spec,
            history: Vec::new(),
            status: Status::Running,
            escape: None,
            lowest,
            epoch_order: None,
        };
        run.status = run.check_end(&first, None, 0);
        run.history.push(first);
        run
    }

    /// A run computed to its end.
    pub fn computed(landscape: Arc<Landscape>, spec: RunSpec) -> Self {
        let mut run = Run::new(landscape, spec);
        run.finish();
        run
    }

    /// What determines it.
    pub fn spec(&self) -> &RunSpec {
        &self.spec
    }

    /// The landscape it runs on.
    pub fn landscape(&self) -> &Arc<Landscape> {
        &self.landscape
    }

    /// Every record so far; entry k is the state after k steps.
    pub fn history(&self) -> &[Record] {
        &self.history
    }

    /// Bytes the history holds allocated: its records, and the vectors of
    /// more parameters than a record holds in place.
    pub fn history_bytes(&self) -> usize {
        self.history.capacity() * std::mem::size_of::<Record>()
            + self.history.iter().map(Record::heap_bytes).sum::<usize>()
    }

    /// The record after k steps, or the last one if the run ended before k.
    pub fn record(&self, k: usize) -> &Record {
        &self.history[k.min(self.history.len() - 1)]
    }

    /// The number of steps taken so far.
    pub fn steps_taken(&self) -> usize {
        self.history.len() - 1
    }

    /// How the run ended, or `Running`.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The status as seen at step k: running before the final step.
    pub fn status_at(&self, k: usize) -> Status {
        match self.status.step() {
            Some(end) if k >= end => self.status.clone(),
            _ => Status::Running,
        }
    }

    /// From when, if ever (so far), the run runs away: its loss far above
    /// where it started ([`runaway`]), or a divergence.
    pub fn escape(&self) -> Option<Escape> {
        match (self.escape, &self.status) {
            (Some(e), _) => Some(e),
            (None, Status::Diverged { step, .. }) => Some(Escape { step: *step, kind: Runaway::Diverging }),
            _ => None,
        }
    }

    /// The escape as seen at step k: none before it happens.
    pub fn escape_at(&self, k: usize) -> Option<Escape> {
        self.escape().filter(|e| e.step <= k)
    }

    /// Whether it has ended.
    pub fn is_finished(&self) -> bool {
        self.status != Status::Running
    }

    /// Steps until it ends.
    pub fn finish(&mut self) {
        self.history.reserve(self.spec.max_steps.saturating_sub(self.steps_taken()).min(1 << 20));
        self.step_until(usize::MAX - 1);
    }

    /// Steps until it has taken k steps or ended.
    pub fn advance_to(&mut self, k: usize) {
        self.step_until(k);
    }

    /// Goes back to step k, forgetting what came after; stepping again
    /// reproduces it exactly.
    pub fn rewind(&mut self, k: usize) {
        self.history.truncate(k + 1);
        self.escape = self.escape.filter(|e| e.step <= self.steps_taken());
        let last = self.history.last().expect("a run always keeps its start");
        let prev = self.history.len().checked_sub(2).map(|i| &self.history[i]);
        self.status = self.check_end(last, prev, self.steps_taken());
    }

    /// Replaces what determines the run and recomputes it to the end.
    pub fn set_spec(&mut self, spec: RunSpec) {
        *self = Run::computed(Arc::clone(&self.landscape), spec);
    }

    /// The gradient the optimizer is given at step k (going from θₖ to θₖ₊₁):
    /// the exact or mini-batch gradient, plus noise, then clipped.
    pub fn step_input(&self, k: usize) -> StepInput {
        Stepper::new(&self.landscape, &self.spec).input(k, self.record(k))
    }

    /// Takes one step; false if the run had already ended.
    pub fn advance(&mut self) -> bool {
        let before = self.steps_taken();
        self.step_until(before + 1);
        self.steps_taken() > before
    }

    /// Steps until `k` steps are taken or the run ends, with one stepper for
    /// the whole stretch.
    fn step_until(&mut self, k: usize) {
        let mut stepper = Stepper { epoch_order: self.epoch_order.take(), ..Stepper::new(&self.landscape, &self.spec) };
        while self.status == Status::Running && self.history.len() <= k {
            let step = self.history.len() - 1;
            // The next record starts as a copy of the last, made in its
            // place, and is stepped there: a record is too large to move
            // without a call to memcpy, which would cost more than the step.
            self.history.extend_from_within(step..);
            let (before, after) = self.history.split_at_mut(step + 1);
            let (prev, record) = (&before[step], &mut after[0]);
            match stepper.step_in_place(step, record) {
                Ok(()) => {
                    self.status = stepper.status(record, Some(Before::of(prev)), step + 1);
                    if self.escape.is_none() {
                        let kind = runaway(before[0].loss, record.loss, self.lowest);
                        self.escape = kind.map(|kind| Escape { step: step + 1, kind });
                    }
                }
                Err(reason) => {
                    self.history.pop();
                    self.status = Status::Stopped { step, reason };
                }
            }
        }
        self.epoch_order = stepper.epoch_order.take();
    }

    fn check_end(&self, record: &Record, prev: Option<&Record>, k: usize) -> Status {
        Stepper::new(&self.landscape, &self.spec).status(record, prev.map(Before::of), k)
    }
}

/// How a run ended, without its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The state after the last step.
    pub last: Record,
    /// How it ended.
    pub status: Status,
    /// Steps taken.
    pub steps: usize,
}

/// Runs to the end keeping only the latest state: the same steps as
/// [`Run`], for maps and sweeps of many runs.
pub fn simulate(landscape: &Landscape, spec: &RunSpec) -> Outcome {
    simulate_unless(landscape, spec, &AtomicBool::new(false)).expect("never cancelled")
}

/// Steps between two looks at a simulation's cancel flag: a few hundred
/// steps take well under a millisecond on a built-in function.
const CANCEL_CHECK_STEPS: usize = 256;

/// [`simulate`], giving up (`None`) soon after `cancel` is set: it is
/// looked at every [`CANCEL_CHECK_STEPS`] steps, so that work nobody waits
/// for any more stops within a fraction of a second.
pub fn simulate_unless(landscape: &Landscape, spec: &RunSpec, cancel: &AtomicBool) -> Option<Outcome> {
    let mut stepper = Stepper::new(landscape, spec);
    // One record, stepped where it is.
    let mut last = stepper.start();
    let mut status = stepper.status(&last, None, 0);
    let mut k = 0;
    while status == Status::Running {
        if k % CANCEL_CHECK_STEPS == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let (params, loss) = (last.params.clone(), last.loss);
        match stepper.step_in_place(k, &mut last) {
            Ok(()) => {
                status = stepper.status(&last, Some(Before { params: &params, loss }), k + 1);
                k += 1;
            }
            Err(reason) => status = Status::Stopped { step: k, reason },
        }
    }
    Some(Outcome { last, status, steps: k })
}

/// A run's records one at a time, from the start: each is computed when
/// asked for and kept only until the next one is, so that memory does not
/// grow with the steps (what headless reports stream). The same steps as
/// [`Run`]; [`Records::status`] says how the run ended once the records
/// run out.
pub struct Records<'a> {
    stepper: Stepper<'a>,
    /// The last record given, from which the next step is taken.
    last: Option<Record>,
    status: Status,
    /// Steps taken.
    steps: usize,
}

/// The records of a run of `spec`, computed as they are asked for.
pub fn records<'a>(landscape: &'a Landscape, spec: &'a RunSpec) -> Records<'a> {
    Records { stepper: Stepper::new(landscape, spec), last: None, status: Status::Running, steps: 0 }
}

impl Records<'_> {
    /// How the run ended (`Running` until the last record has been given).
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Steps taken so far.
    pub fn steps(&self) -> usize {
        self.steps
    }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let Some(last) = &self.last else {
            let start = self.stepper.start();
            self.status = self.stepper.status(&start, None, 0);
            self.last = Some(start.clone());
            return Some(start);
        };
        if self.status != Status::Running {
            return None;
        }
        match self.stepper.step(self.steps, last) {
            Ok(record) => {
                self.status = self.stepper.status(&record, Some(Before::of(last)), self.steps + 1);
                self.steps += 1;
                self.last = Some(record.clone());
                Some(record)
            }
            Err(reason) => {
                self.status = Status::Stopped { step: self.steps, reason };
                None
            }
        }
    }
}

/// What the status of a step needs of the record before it.
#[derive(Clone, Copy)]
struct Before<'a> {
    params: &'a [f64],
    loss: f64,
}

impl<'a> Before<'a> {
    fn of(record: &'a Record) -> Self {
        Before { params: &record.params, loss: record.loss }
    }
}

/// The machinery of one step, shared by [`Run`] and [`simulate`].
struct Stepper<'a> {
    landscape: &'a Landscape,
    spec: &'a RunSpec,
    /// The shuffled data order of one epoch, kept to avoid reshuffling every step.
    epoch_order: Option<(u64, Vec<usize>)>,
}

impl<'a> Stepper<'a> {
    fn new(landscape: &'a Landscape, spec: &'a RunSpec) -> Self {
        Stepper { landscape, spec, epoch_order: None }
    }

    fn start(&self) -> Record {
        // A start of another length (a point of the plane on a 1-D
        // landscape) is cut or padded with zeros to the landscape's.
        let dim = self.landscape.dim();
        let params = if self.spec.start.len() == dim {
            self.spec.start.clone()
        } else {
            Vector::from_fn(dim, |i| self.spec.start.get(i).copied().unwrap_or(0.0))
        };
        let (loss, grad) = self.landscape.value_and_gradient(&params);
        Record {
            loss,
            grad,
            params,
            lr: self.spec.optimizer.lr,
            state: self.spec.optimizer.initial_state(dim),
            evals: 0,
            schedule: ScheduleState::default(),
        }
    }

    /// Whether the optimizer is given anything but the exact gradient.
    fn changes_gradient(&self) -> bool {
        self.spec.noise > 0.0 || self.spec.clip_norm.is_some() || self.spec.batch_size.is_some()
    }

    /// The gradient the optimizer is given at step k.
    fn input(&mut self, k: usize, record: &Record) -> StepInput {
        let mut grad = self.batch_gradient(k, &record.params).unwrap_or_else(|| record.grad.clone());
        let noise = if self.spec.noise > 0.0 {
            let z = gaussians(self.spec.seed, k as u64, grad.len());
            let n: Vector = z.iter().map(|z| self.spec.noise * z).collect();
            grad.iter_mut().zip(&n).for_each(|(g, n)| *g += n);
            n
        } else {
            Vector::zeros(grad.len())
        };
        let clip_scale = self.spec.clip_norm.map_or(1.0, |max| clip_grad_norm(&mut grad, max));
        StepInput { grad, noise, clip_scale }
    }

    fn batch_gradient(&mut self, k: usize, params: &[f64]) -> Option<Vector> {
        let size = self.spec.batch_size?;
        let n = self.landscape.data_len()?;
        let (epoch, offset) = batch_position(k, size, n);
        if self.epoch_order.as_ref().is_none_or(|(e, _)| *e != epoch) {
            self.epoch_order = Some((epoch, epoch_order(self.spec.seed, epoch, n)));
        }
        let order = &self.epoch_order.as_ref().expect("just filled").1;
        Some(self.landscape.batch_gradient(params, &order[offset..(offset + size).min(n)]))
    }

    /// The state after step k, from the state before it; or why the
    /// optimizer cannot step.
    fn step(&mut self, k: usize, prev: &Record) -> Result<Record, String> {
        let mut next = prev.clone();
        self.step_in_place(k, &mut next)?;
        Ok(next)
    }

    /// Step k, turning the record after k steps into the record after
    /// k + 1 where it is (a record is too large to move without a call to
    /// memcpy, which would cost more than the step); or why the optimizer
    /// cannot step, the record then as it was but for what its optimizer
    /// state had begun to change.
    fn step_in_place(&mut self, k: usize, record: &mut Record) -> Result<(), String> {
        let landscape = self.landscape;
        let mut evaluate = |p: &[f64]| landscape.value_and_gradient(p);
        // Asked of the declaration first: the family's answer is a call
        // through its vtable on every step, which most never need.
        let exact = if self.spec.optimizer.kind.declaration().exact {
            self.spec.optimizer.hyper.family().step_evaluating(
                &record.params,
                record.loss,
                &record.grad,
                record.lr,
                &mut record.state,
                &mut evaluate,
            )
        } else {
            None
        };
        let (params, evals) = match exact {
            Some(stepped) => stepped?,
            // One gradient a step, with the run's noise, clipping and batches.
            None => {
                let input;
                let grad = if self.changes_gradient() {
                    input = self.input(k, record);
                    &input.grad
                } else {
                    &record.grad
                };
                let at = &record.params;
                let params =
                    self.spec
                        .optimizer
                        .update(at, grad, record.lr, k as u64 + 1, &mut record.state, || landscape.hessian(at))?;
                (params, 1)
            }
        };
        // The schedule sees the loss before the step.
        if let Some(s) = &self.spec.schedule {
            record.lr = s.next_lr(self.spec.optimizer.lr, record.lr, k as u64 + 1, record.loss, &mut record.schedule);
        }
        (record.loss, record.grad) = landscape.value_and_gradient(&params);
        record.params = params;
        record.evals += evals;
        Ok(())
    }

    /// Whether the run ends at step k with this record.
    fn status(&self, record: &Record, prev: Option<Before<'_>>, k: usize) -> Status {
        if let Some(reason) = divergence(record) {
            return Status::Diverged { step: k, reason };
        }
        // An L-BFGS step that does not move has met one of its own
        // tolerances, and every later step would repeat it.
        if let (OptimizerState::Lbfgs(memory), Some(prev)) = (&record.state, prev)
            && record.params == *prev.params
        {
            let end = memory.trace.end;
            // Its tolerances say it has converged; a step that ran out of
            // iterations or evaluations without moving is stuck.
            return if !matches!(end, StepEnd::MaxIter | StepEnd::MaxEval) {
                Status::Converged { step: k, rule: format!("L-BFGS: {}", end.describe()) }
            } else {
                Status::Stopped { step: k, reason: format!("L-BFGS made no progress ({})", end.describe()) }
            };
        }
        let stop = &self.spec.stop;
        if let Some(t) = stop.grad_norm
            && norm(&record.grad) < t
        {
            return Status::Converged { step: k, rule: format!("gradient norm below {t}") };
        }
        if let Some(prev) = prev {
            if let Some(t) = stop.param_change
                && super::distance(&record.params, prev.params) < t
            {
                return Status::Converged { step: k, rule: format!("parameter change below {t}") };
            }
            if let Some(t) = stop.loss_change
                && (record.loss - prev.loss).abs() < t
            {
                return Status::Converged { step: k, rule: format!("loss change below {t}") };
            }
        }
        if k >= self.spec.max_steps {
            return Status::MaxSteps { step: k };
        }
        Status::Running
    }
}

fn divergence(record: &Record) -> Option<String> {
    if !record.loss.is_finite() {
        return Some("the loss is not finite".into());
    }
    // One look at each parameter; the reasons only when one is out of bounds.
    if record.params.iter().all(|p| p.abs() <= DIVERGENCE_LIMIT) {
        return None;
    }
    if record.params.iter().any(|p| !p.is_finite()) {
        return Some("a parameter is not finite".into());
    }
    Some(format!("a parameter exceeded {DIVERGENCE_LIMIT:e} in magnitude"))
}
