//! A run: one optimizer from one start, with its whole history.
//!
//! Every record holds the parameters, loss, exact gradient, learning rate and
//! optimizer state after k steps, so a viewer can step back and forth freely.
//! Gradient noise and mini-batch order are derived from (seed, step), never
//! from a running generator, so recomputing from any step lands on identical
//! numbers.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::landscape::Landscape;
use super::optim::{Optimizer, OptimizerState, Schedule, ScheduleState, clip_grad_norm};
use super::{Vec2, norm};

/// A parameter beyond this magnitude counts as divergence.
pub const DIVERGENCE_LIMIT: f64 = 1e10;

/// A run whose loss has moved this many times its starting distance from
/// the lowest value (or from its start, where the lowest value is unknown)
/// away from it is running away, though its numbers are still finite.
pub const RUNAWAY_FACTOR: f64 = 1000.0;

/// Which way a run is running away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runaway {
    /// The loss is growing without bound: the run is diverging.
    Diverging,
    /// The loss is falling without bound (the landscape has no bottom).
    Unbounded,
}

/// The step from which a run is running away, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escape {
    /// The first step at which the rule held.
    pub step: usize,
    /// Up or down.
    pub kind: Runaway,
}

/// Whether a loss counts as running away from the start's: its distance
/// from f* (or, with f* unknown, from the start's loss) exceeds
/// [`RUNAWAY_FACTOR`] times the start's, the start's counted as at least 1
/// so that noise around a minimum never qualifies. A non-finite loss is
/// diverging.
pub fn runaway(start_loss: f64, loss: f64, lowest: Option<f64>) -> Option<Runaway> {
    if loss.is_nan() || loss == f64::INFINITY {
        return Some(Runaway::Diverging);
    }
    if loss == f64::NEG_INFINITY {
        return Some(Runaway::Unbounded);
    }
    match lowest {
        Some(f_star) => {
            let allowed = RUNAWAY_FACTOR * (start_loss - f_star).abs().max(1.0);
            (loss - f_star > allowed).then_some(Runaway::Diverging)
        }
        None => {
            let allowed = RUNAWAY_FACTOR * start_loss.abs().max(1.0);
            if loss - start_loss > allowed {
                Some(Runaway::Diverging)
            } else if start_loss - loss > allowed {
                Some(Runaway::Unbounded)
            } else {
                None
            }
        }
    }
}

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
    /// Where it starts.
    pub start: Vec2,
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    /// θₖ.
    pub params: Vec2,
    /// f(θₖ).
    pub loss: f64,
    /// ∇f(θₖ): the exact full gradient, before noise, batching or clipping.
    pub grad: Vec2,
    /// The learning rate the next step uses.
    pub lr: f64,
    /// The optimizer's state after k steps.
    pub state: OptimizerState,
    /// The schedule's state after k steps.
    pub schedule: ScheduleState,
}

/// How a run ended, or that it has not.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Still going.
    Running,
    /// A stop rule was met at `step`.
    Converged { step: usize, rule: String },
    /// The loss or a parameter became non-finite or huge at `step`.
    Diverged { step: usize, reason: String },
    /// The optimizer could not step past `step` (e.g. a singular Hessian).
    Stopped { step: usize, reason: String },
    /// It took every step it was allowed.
    MaxSteps { step: usize },
}

impl Status {
    /// `running`, `converged`, `diverged`, `stopped` or `max_steps`.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Converged { .. } => "converged",
            Status::Diverged { .. } => "diverged",
            Status::Stopped { .. } => "stopped",
            Status::MaxSteps { .. } => "max_steps",
        }
    }

    /// Why it ended, where that says more than the name.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Status::Converged { rule: r, .. }
            | Status::Diverged { reason: r, .. }
            | Status::Stopped { reason: r, .. } => Some(r),
            Status::Running | Status::MaxSteps { .. } => None,
        }
    }

    /// The step it ended at.
    pub fn step(&self) -> Option<usize> {
        match self {
            Status::Running => None,
            Status::Converged { step, .. }
            | Status::Diverged { step, .. }
            | Status::Stopped { step, .. }
            | Status::MaxSteps { step } => Some(*step),
        }
    }

    /// A short phrase: "converged at step 143", "stopped: singular Hessian".
    pub fn describe(&self) -> String {
        match self {
            Status::Running => "running".into(),
            Status::Converged { step, .. } => format!("converged at step {step}"),
            Status::Diverged { step, .. } => format!("diverged at step {step}"),
            Status::Stopped { reason, .. } => format!("stopped: {reason}"),
            Status::MaxSteps { .. } => "max steps".into(),
        }
    }
}

/// What one step did to the gradient before the optimizer saw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInput {
    /// The gradient the optimizer was given.
    pub grad: Vec2,
    /// The Gaussian noise added (zero without `noise`).
    pub noise: Vec2,
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
        run.history.push(first);
        run.status = run.check_end(&first, None, 0);
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

    /// Bytes the history holds allocated.
    pub fn history_bytes(&self) -> usize {
        self.history.capacity() * std::mem::size_of::<Record>()
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
        let last = *self.history.last().expect("a run always keeps its start");
        let prev = self.history.len().checked_sub(2).map(|i| self.history[i]);
        self.status = self.check_end(&last, prev.as_ref(), self.steps_taken());
    }

    /// Replaces what determines the run and recomputes it to the end.
    pub fn set_spec(&mut self, spec: RunSpec) {
        *self = Run::computed(Arc::clone(&self.landscape), spec);
    }

    /// The gradient the optimizer is given at step k (going from θₖ to θₖ₊₁):
    /// the exact or mini-batch gradient, plus noise, then clipped.
    pub fn step_input(&self, k: usize) -> StepInput {
        let record = *self.record(k);
        Stepper::new(&self.landscape, &self.spec).input(k, &record)
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
            let prev = *self.history.last().expect("a run always keeps its start");
            match stepper.step(step, &prev) {
                Ok(record) => {
                    self.status = stepper.status(&record, Some(&prev), step + 1);
                    if self.escape.is_none() {
                        let kind = runaway(self.history[0].loss, record.loss, self.lowest);
                        self.escape = kind.map(|kind| Escape { step: step + 1, kind });
                    }
                    self.history.push(record);
                }
                Err(reason) => self.status = Status::Stopped { step, reason },
            }
        }
        self.epoch_order = stepper.epoch_order.take();
    }

    fn check_end(&self, record: &Record, prev: Option<&Record>, k: usize) -> Status {
        Stepper::new(&self.landscape, &self.spec).status(record, prev, k)
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
    let mut stepper = Stepper::new(landscape, spec);
    let mut last = stepper.start();
    let mut status = stepper.status(&last, None, 0);
    let mut k = 0;
    while status == Status::Running {
        match stepper.step(k, &last) {
            Ok(record) => {
                status = stepper.status(&record, Some(&last), k + 1);
                last = record;
                k += 1;
            }
            Err(reason) => status = Status::Stopped { step: k, reason },
        }
    }
    Outcome { last, status, steps: k }
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
        let params = self.spec.start;
        Record {
            params,
            loss: self.landscape.value(params),
            grad: self.landscape.gradient(params),
            lr: self.spec.optimizer.lr,
            state: self.spec.optimizer.initial_state(),
            schedule: ScheduleState::default(),
        }
    }

    /// The gradient the optimizer is given at step k.
    fn input(&mut self, k: usize, record: &Record) -> StepInput {
        let mut grad = self.batch_gradient(k, record.params).unwrap_or(record.grad);
        let noise = if self.spec.noise > 0.0 {
            let z = gaussian_pair(self.spec.seed, k as u64);
            let n = [self.spec.noise * z[0], if self.landscape.dim() == 2 { self.spec.noise * z[1] } else { 0.0 }];
            grad = [grad[0] + n[0], grad[1] + n[1]];
            n
        } else {
            [0.0; 2]
        };
        let clip_scale = self.spec.clip_norm.map_or(1.0, |max| clip_grad_norm(&mut grad, max));
        StepInput { grad, noise, clip_scale }
    }

    fn batch_gradient(&mut self, k: usize, params: Vec2) -> Option<Vec2> {
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
        let input = self.input(k, prev);
        let mut state = prev.state;
        let landscape = self.landscape;
        let params = self.spec.optimizer.update(
            prev.params,
            input.grad,
            prev.lr,
            k as u64 + 1,
            &mut state,
            || landscape.hessian(prev.params),
            landscape.dim(),
        )?;
        let mut schedule = prev.schedule;
        let lr = match &self.spec.schedule {
            Some(s) => s.next_lr(self.spec.optimizer.lr, prev.lr, k as u64 + 1, prev.loss, &mut schedule),
            None => prev.lr,
        };
        Ok(Record { params, loss: landscape.value(params), grad: landscape.gradient(params), lr, state, schedule })
    }

    /// Whether the run ends at step k with this record.
    fn status(&self, record: &Record, prev: Option<&Record>, k: usize) -> Status {
        if let Some(reason) = divergence(record) {
            return Status::Diverged { step: k, reason };
        }
        let stop = &self.spec.stop;
        if let Some(t) = stop.grad_norm
            && norm(record.grad) < t
        {
            return Status::Converged { step: k, rule: format!("gradient norm below {t}") };
        }
        if let Some(prev) = prev {
            if let Some(t) = stop.param_change
                && super::distance(record.params, prev.params) < t
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
    if record.params.iter().any(|p| !p.is_finite()) {
        return Some("a parameter is not finite".into());
    }
    if record.params.iter().any(|p| p.abs() > DIVERGENCE_LIMIT) {
        return Some(format!("a parameter exceeded {DIVERGENCE_LIMIT:e} in magnitude"));
    }
    None
}

/// (epoch, offset into the epoch's order) of step k with batches of `size`
/// out of n points; the last batch of an epoch may be smaller.
fn batch_position(k: usize, size: usize, n: usize) -> (u64, usize) {
    let per_epoch = n.div_ceil(size.max(1));
    ((k / per_epoch) as u64, (k % per_epoch) * size)
}

/// SplitMix64's finaliser: spreads nearby seeds far apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn rng_for(seed: u64, stream: u64, index: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(mix(mix(seed) ^ mix(stream).rotate_left(17) ^ index))
}

/// A uniform number in (0, 1] from 53 random bits.
fn unit(rng: &mut Pcg64Mcg) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
}

/// Two independent standard normal numbers for step k (Box–Muller).
fn gaussian_pair(seed: u64, k: u64) -> Vec2 {
    let mut rng = rng_for(seed, 1, k);
    let r = (-2.0 * unit(&mut rng).ln()).sqrt();
    let (s, c) = (2.0 * std::f64::consts::PI * unit(&mut rng)).sin_cos();
    [r * c, r * s]
}

/// The order in which epoch `epoch` visits n data points (Fisher–Yates).
fn epoch_order(seed: u64, epoch: u64, n: usize) -> Vec<usize> {
    let mut rng = rng_for(seed, 2, epoch);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runaway_is_a_thousandfold_move_away_from_the_start() {
        // With f* = 0: a start at loss 156 runs away above 156,000.
        assert_eq!(runaway(156.0, 155_000.0, Some(0.0)), None);
        assert_eq!(runaway(156.0, 157_000.0, Some(0.0)), Some(Runaway::Diverging));
        // Near a minimum the start counts as 1: noise around 1e-9 is not running away.
        assert_eq!(runaway(1e-9, 5.0, Some(0.0)), None);
        // f* = −0.25: distances are measured from it.
        assert_eq!(runaway(0.75, 999.0, Some(-0.25)), None);
        assert_eq!(runaway(0.75, 1000.0, Some(-0.25)), Some(Runaway::Diverging));
        // Without f*: up is diverging, down is unbounded.
        assert_eq!(runaway(2.25, -2300.0, None), Some(Runaway::Unbounded));
        assert_eq!(runaway(2.25, 2300.0, None), Some(Runaway::Diverging));
        assert_eq!(runaway(2.25, -2000.0, None), None);
        assert_eq!(runaway(2.25, f64::NAN, None), Some(Runaway::Diverging));
    }

    #[test]
    fn batch_positions_cover_each_epoch_once() {
        // 10 points in batches of 4: offsets 0, 4, 8 then a new epoch.
        let positions: Vec<_> = (0..4).map(|k| batch_position(k, 4, 10)).collect();
        assert_eq!(positions, vec![(0, 0), (0, 4), (0, 8), (1, 0)]);
    }

    #[test]
    fn epoch_order_is_a_permutation_that_changes_by_epoch() {
        let a = epoch_order(7, 0, 50);
        let b = epoch_order(7, 1, 50);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(a, b);
        assert_eq!(a, epoch_order(7, 0, 50));
    }

    #[test]
    fn gaussian_noise_has_unit_variance() {
        let n = 20_000;
        let samples: Vec<f64> = (0..n).flat_map(|k| gaussian_pair(3, k)).collect();
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        let var = samples.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / samples.len() as f64;
        // Standard errors: 1/√40000 = 0.005 for the mean, about 0.007 for the variance.
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.04, "variance {var}");
    }
}
