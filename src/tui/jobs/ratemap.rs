//! The rate map: the selected optimizer run at every (learning rate,
//! momentum) pair of a fixed grid, computed on every core, row by row.

use std::sync::Arc;

use rayon::prelude::*;

use super::Job;
use crate::core::analysis::{default_range, log_spaced};
use crate::core::budget::{self, Cost, Estimate, Report};
use crate::core::landscape::Landscape;
use crate::core::ratemap::{self, MOMENTUM_RANGE, RatePoint, evenly_spaced};
use crate::core::run::RunSpec;

/// Learning rates across the view's map.
pub const RATE_COLUMNS: usize = 64;
/// Momenta up it.
pub const MOMENTUM_ROWS: usize = 40;

/// What a map is computed for: the scenario's optimizer (its rate sets the
/// range, so that the map stays put while the rate is tuned).
#[derive(Debug, Clone, PartialEq)]
struct RateMapKey {
    spec: RunSpec,
    landscape: u64,
}

/// The grid and, as they arrive, its rows.
#[derive(Debug, Clone)]
pub struct RateGrid {
    /// The learning rates, ascending.
    pub rates: Vec<f64>,
    /// The momenta, ascending.
    pub momenta: Vec<f64>,
    /// Row j (momentum j), once computed.
    pub rows: Vec<Option<Vec<RatePoint>>>,
}

/// The grid and the job filling it.
pub struct RateMap {
    grid: RateGrid,
    job: Job<RateMapKey, (usize, Vec<RatePoint>)>,
}

impl RateMap {
    /// The grid as far as it is computed.
    pub fn grid(&self) -> &RateGrid {
        &self.grid
    }

    /// Whether rows are still to come.
    pub fn working(&self) -> bool {
        !self.job.is_finished()
    }

    /// Why the budget refused to compute it, if it did.
    pub fn refusal(&self) -> Option<&str> {
        self.job.refusal()
    }

    /// Starts a map for `spec` (as the scenario gives it) unless `current`
    /// is already that one, then takes in the rows that arrived; true if
    /// anything changed.
    pub fn update(
        current: &mut Option<RateMap>,
        landscape: &Arc<Landscape>,
        landscape_generation: u64,
        spec: &RunSpec,
        report: &Report,
    ) -> bool {
        let key = RateMapKey { spec: spec.clone(), landscape: landscape_generation };
        let stale = current.as_ref().is_none_or(|m| m.job.key != key);
        if stale {
            *current = Some(RateMap::start(Arc::clone(landscape), key, report.clone()));
        }
        let map = current.as_mut().expect("just started");
        let rows = map.job.take();
        for (j, row) in &rows {
            map.grid.rows[*j] = Some(row.clone());
        }
        stale || !rows.is_empty()
    }

    fn start(landscape: Arc<Landscape>, key: RateMapKey, report: Report) -> RateMap {
        let (lo, hi) = default_range(key.spec.optimizer.lr);
        let rates = log_spaced(lo, hi, RATE_COLUMNS);
        let momenta = evenly_spaced(MOMENTUM_RANGE.0, MOMENTUM_RANGE.1, MOMENTUM_ROWS);
        let (spec, job_rates, job_momenta) = (key.spec.clone(), rates.clone(), momenta.clone());
        let runs = (rates.len() * momenta.len()) as f64;
        let work = runs * budget::run_work(&landscape, &spec, spec.max_steps);
        let estimate = Estimate {
            what: "this rate map".into(),
            cost: Cost::Runs { work, records: 0 },
            parts: (momenta.len(), "rows"),
        };
        let job = Job::admitted(key, estimate, report, move |sender, cancel, progress| {
            job_momenta.par_iter().enumerate().for_each_with(sender, |sender, (j, &mu)| {
                if let Some(row) = ratemap::rate_row(&landscape, &spec, &job_rates, mu, &cancel) {
                    progress.part_done();
                    let _ = sender.send((j, row));
                }
            });
        });
        let rows = vec![None; momenta.len()];
        RateMap { grid: RateGrid { rates, momenta, rows }, job }
    }
}
