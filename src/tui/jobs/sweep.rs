//! The learning-rate sweep: the selected optimizer run at many rates,
//! computed on every core, rate by rate.

use std::sync::Arc;

use rayon::prelude::*;

use super::Job;
use crate::core::analysis::{self, SweepPoint};
use crate::core::budget::{self, Cost, Estimate, Report};
use crate::core::landscape::Landscape;
use crate::core::run::RunSpec;

/// Learning rates a sweep in the view tries.
const SWEEP_POINTS: usize = 60;

/// What a sweep is computed for (its own rate aside: the range is set by
/// the scenario's rate, so that it stays put while the rate is tuned).
#[derive(Debug, Clone, PartialEq)]
struct SweepKey {
    spec: RunSpec,
    landscape: u64,
}

/// A sweep's learning rates and, as they arrive, their outcomes.
#[derive(Debug, Clone)]
pub struct SweepCurve {
    /// The learning rates, ascending.
    pub rates: Vec<f64>,
    /// The outcome at each rate, once computed.
    pub points: Vec<Option<SweepPoint>>,
}

/// The curve and the job filling it.
pub struct Sweep {
    curve: SweepCurve,
    job: Job<SweepKey, (usize, SweepPoint)>,
}

impl Sweep {
    /// The curve as far as it is computed.
    pub fn curve(&self) -> &SweepCurve {
        &self.curve
    }

    /// Whether rates are still to come.
    pub fn working(&self) -> bool {
        !self.job.is_finished()
    }

    /// Why the budget refused to compute it, if it did.
    pub fn refusal(&self) -> Option<&str> {
        self.job.refusal()
    }

    /// Starts a sweep of `spec` around the rate `base_lr` unless `current`
    /// is already that one, then takes in what arrived; true if anything changed.
    pub fn update(
        current: &mut Option<Sweep>,
        landscape: &Arc<Landscape>,
        landscape_generation: u64,
        spec: &RunSpec,
        base_lr: f64,
        report: &Report,
    ) -> bool {
        let mut spec = spec.clone();
        spec.optimizer.lr = base_lr;
        let key = SweepKey { spec, landscape: landscape_generation };
        let stale = current.as_ref().is_none_or(|s| s.job.key != key);
        if stale {
            *current = Some(Sweep::start(Arc::clone(landscape), key, base_lr, report.clone()));
        }
        let sweep = current.as_mut().expect("just started");
        let parts = sweep.job.take();
        for (i, point) in &parts {
            sweep.curve.points[*i] = Some(point.clone());
        }
        stale || !parts.is_empty()
    }

    fn start(landscape: Arc<Landscape>, key: SweepKey, base_lr: f64, report: Report) -> Sweep {
        let (lo, hi) = analysis::default_range(base_lr);
        let rates = analysis::log_spaced(lo, hi, SWEEP_POINTS);
        let (spec, job_rates) = (key.spec.clone(), rates.clone());
        let work = rates.len() as f64 * budget::run_work(&landscape, &spec, spec.max_steps);
        let estimate =
            Estimate { what: "this sweep".into(), cost: Cost::Runs { work, records: 0 }, parts: (rates.len(), "runs") };
        let job = Job::admitted(key, estimate, report, move |sender, cancel, progress| {
            job_rates.par_iter().enumerate().for_each_with(sender, |sender, (i, &lr)| {
                if let Some(point) = analysis::sweep_point(&landscape, &spec, lr, &cancel) {
                    progress.part_done();
                    let _ = sender.send((i, point));
                }
            });
        });
        let points = vec![None; rates.len()];
        Sweep { curve: SweepCurve { rates, points }, job }
    }
}
