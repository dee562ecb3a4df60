//! The optimizers' runs, computed beside the interface: each on a thread of
//! its own (so that they go on in parallel), in stretches of a few
//! milliseconds with a look at its cancel flag between them (so that a run
//! nobody waits for any more stops at once), sending back the path so far
//! as it grows, then the whole run. `render` and `record` compute the same
//! way, and wait (`losscape run` steps each run as a [`Run`] does, and
//! streams its records without keeping them).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::core::landscape::Landscape;
use crate::core::run::{Run, RunSpec};

use super::extremes::{Extremes, Tracker};

/// The most steps of history the view keeps in copies of runs being
/// computed, over all of them (128 bytes a step: about 34 MB). A run's path
/// is sent back as it grows until its copy would pass its share; after that
/// only how far it has got, and the whole run once it ends. The copies are
/// all the memory computing in the background adds.
pub const PARTIAL_RECORDS: usize = 1 << 18;
/// About how long one stretch of steps takes: the longest a stale run goes
/// on before it sees that it is cancelled.
const STRETCH: Duration = Duration::from_millis(4);
/// How often the path so far is sent back.
const PARTIAL_EVERY: Duration = Duration::from_millis(100);
/// The most steps in a stretch.
const MAX_STRETCH: usize = 1 << 20;

/// Steps a run from its start until it ends, a stretch of about
/// [`STRETCH`] at a time, telling `seen` where it has got after each; gives
/// up (`None`) at the first look at `cancel` after it is set. The steps are
/// those of [`Run::finish`]: the same records, bit for bit.
pub fn compute(
    landscape: Arc<Landscape>,
    spec: RunSpec,
    cancel: &AtomicBool,
    mut seen: impl FnMut(&Run),
) -> Option<Run> {
    let mut run = Run::new(landscape, spec);
    let mut stretch = 16usize;
    while !run.is_finished() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let began = Instant::now();
        run.advance_to(run.steps_taken().saturating_add(stretch));
        let took = began.elapsed();
        if took < STRETCH / 2 {
            stretch = (stretch * 2).min(MAX_STRETCH);
        } else if took > STRETCH * 2 {
            stretch = (stretch / 2).max(1);
        }
        seen(&run);
    }
    Some(run)
}

/// What a run's thread shares with the view.
#[derive(Default)]
struct Shared {
    /// Steps taken so far.
    steps: AtomicUsize,
    /// The run as far as it has got, when a newer copy is ready (one at a
    /// time: a copy not taken yet is replaced), with its extremes.
    partial: Mutex<Option<(Run, Extremes)>>,
    /// Whether its thread has stopped stepping (ended or cancelled).
    stopped: AtomicBool,
}

/// One optimizer's run being computed, and the extremes the chart reads
/// of it (found on its thread as it goes). Dropping it cancels the work.
pub struct RunJob {
    spec: RunSpec,
    cancel: Arc<AtomicBool>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<Option<(Run, Extremes)>>>,
}

impl RunJob {
    /// Starts computing `spec`'s run; while it goes, copies of the path so
    /// far are kept ready as long as they hold at most `partial` steps (0:
    /// none, for a caller that waits for the whole run).
    pub fn start(landscape: &Arc<Landscape>, spec: RunSpec, partial: usize) -> RunJob {
        let cancel = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared::default());
        let (flag, shared_here, landscape, job_spec) =
            (Arc::clone(&cancel), Arc::clone(&shared), Arc::clone(landscape), spec.clone());
        let thread = std::thread::spawn(move || {
            super::below_the_view();
            let (mut sent, mut before) = (Instant::now(), 0);
            let mut tracker = Tracker::default();
            let run = compute(landscape, job_spec, &flag, |run| {
                let steps = run.history().len();
                shared_here.steps.store(run.steps_taken(), Ordering::Relaxed);
                tracker.extend(run);
                // Stretches at most double: the next may take it past its
                // share, so the last copy that fits is sent now.
                let last_fit = steps + 2 * (steps - before) > partial;
                if steps <= partial && (sent.elapsed() >= PARTIAL_EVERY || last_fit) {
                    let copy = (run.clone(), tracker.extremes(run));
                    *shared_here.partial.lock().unwrap_or_else(PoisonError::into_inner) = Some(copy);
                    sent = Instant::now();
                }
                before = steps;
            });
            shared_here.stopped.store(true, Ordering::Relaxed);
            run.map(|run| {
                // What no stretch read: the start of a run that ended there.
                tracker.extend(&run);
                let extremes = tracker.extremes(&run);
                (run, extremes)
            })
        });
        RunJob { spec, cancel, shared, thread: Some(thread) }
    }

    /// What it computes.
    pub fn spec(&self) -> &RunSpec {
        &self.spec
    }

    /// How far it has got, as a share of the most steps it can take.
    pub fn progress(&self) -> f64 {
        let steps = self.shared.steps.load(Ordering::Relaxed);
        (steps as f64 / self.spec.max_steps.max(1) as f64).min(1.0)
    }

    /// The path so far, when a copy newer than the last one taken is
    /// ready, with its extremes.
    pub fn take_partial(&self) -> Option<(Run, Extremes)> {
        self.shared.partial.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// Whether the run has ended (and [`RunJob::wait`] returns at once).
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The whole run and its extremes, once it has ended (waiting for it);
    /// a panic in its thread is carried on here, as if the run had been
    /// computed here.
    pub fn wait(mut self) -> (Run, Extremes) {
        let thread = self.thread.take().expect("a job is waited for once");
        match thread.join() {
            Ok(Some(done)) => done,
            Ok(None) => unreachable!("a job is only cancelled when dropped"),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Drop for RunJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Steps of history above which a run let go of is freed on a thread of
/// its own: each record is dropped in turn, and a path so far arrives ten
/// times a second.
const FREED_BESIDE: usize = 1 << 12;

/// Lets go of a run that is no longer shown: a long one is freed on a
/// thread of its own, so that no key waits for its memory to be given back.
pub fn discard(run: Arc<Run>) {
    if run.history().len() > FREED_BESIDE {
        std::thread::spawn(move || {
            super::below_the_view();
            drop(run);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::Scenario;

    /// Adam on Rosenbrock for `steps` steps: its landscape and its spec.
    fn adam(steps: usize) -> (Arc<Landscape>, RunSpec) {
        let text = format!(
            r#"{{"function": "rosenbrock", "start": [-1.5, 2], "steps": {steps}, "optimizers": [{{"type": "adam", "lr": 0.01}}]}}"#
        );
        let scenario = Scenario::parse(&text, "adam.json", std::path::Path::new("."), "adam").unwrap();
        (Arc::clone(&scenario.landscape), scenario.optimizers[0].spec.clone())
    }

    #[test]
    fn a_run_computed_in_stretches_is_the_run_computed_at_once() {
        let (landscape, spec) = adam(20_000);
        let never = AtomicBool::new(false);
        let mut looks = 0;
        let run = compute(Arc::clone(&landscape), spec.clone(), &never, |_| looks += 1).unwrap();
        let whole = Run::computed(landscape, spec);
        assert!(looks > 1, "computed in more than one stretch");
        assert_eq!(run.history(), whole.history());
        assert_eq!(run.status(), whole.status());
    }

    #[test]
    fn a_cancelled_run_stops_at_the_next_stretch() {
        let cancel = AtomicBool::new(false);
        let mut steps = Vec::new();
        let (landscape, spec) = adam(1_000_000);
        let run = compute(landscape, spec, &cancel, |run| {
            steps.push(run.steps_taken());
            cancel.store(true, Ordering::Relaxed);
        });
        assert!(run.is_none());
        assert_eq!(steps.len(), 1, "one stretch, then it sees the flag");
        assert!(steps[0] < 1_000_000);
    }

    #[test]
    fn a_job_dropped_stops_within_a_stretch() {
        let (landscape, spec) = adam(1_000_000);
        let job = RunJob::start(&landscape, spec, 0);
        std::thread::sleep(Duration::from_millis(20));
        let shared = Arc::clone(&job.shared);
        drop(job);
        let dropped = Instant::now();
        while !shared.stopped.load(Ordering::Relaxed) {
            assert!(dropped.elapsed() < Duration::from_secs(2), "the thread goes on");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(shared.steps.load(Ordering::Relaxed) < 1_000_000, "it stopped before the end");
    }

    #[test]
    fn a_job_sends_the_path_so_far_then_the_whole_run() {
        // A million steps take longer than the first copy of the path.
        let (landscape, spec) = adam(1_000_000);
        let job = RunJob::start(&landscape, spec, PARTIAL_RECORDS);
        let deadline = Instant::now() + Duration::from_secs(60);
        let partial = loop {
            if let Some(run) = job.take_partial() {
                break run;
            }
            assert!(Instant::now() < deadline, "a copy of the path arrives");
            std::thread::sleep(Duration::from_millis(5));
        };
        let (partial, partial_extremes) = partial;
        assert!(partial.steps_taken() > 0 && partial.history().len() <= PARTIAL_RECORDS);
        assert_eq!(partial_extremes, Extremes::of(&partial), "found as it went, as if read whole");
        let (whole, extremes) = job.wait();
        assert_eq!(extremes, Extremes::of(&whole));
        assert_eq!(whole.steps_taken(), 1_000_000);
        assert_eq!(&whole.history()[..partial.history().len()], partial.history(), "the copy is the run's start");
    }
}
