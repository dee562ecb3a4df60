//! The rate map: the selected optimizer run at every (learning rate,
//! momentum) pair of a fixed grid, computed on every core, row by row.

use std::sync::Arc;

use rayon::prelude::*;

use super::Job;
use crate::core::analysis::{default_range, log_spaced};
use crate::core::budget::{self, Cost, Estimate, Report};
use crate::core::landscape::Landscape;
use crate::core::ratemap::{self, HeavyBall, MOMENTUM_RANGE, RatePoint, evenly_spaced};
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
    /// For heavy ball on a quadratic, the theory's fastest pair (lr, μ)
    /// and, once computed, what that very pair reaches: the colour under
    /// the map's star, which the grid's nearest cell need not have (the
    /// pair lies a few percent inside the stable edge, the grid's columns
    /// a fifth apart).
    pub theory: Option<(f64, f64, Option<RatePoint>)>,
}

impl RateGrid {
    /// Whether every row has arrived.
    pub fn complete(&self) -> bool {
        self.rows.iter().all(Option::is_some)
    }

    /// How many rates, from the first, the map shows: once every row is
    /// in, the grid ends a few columns past the first rate at which every
    /// momentum blew up (the rest would be one flat "blew up" colour);
    /// before that, and where no rate blows up at every momentum, all. The
    /// rate `keep` (the selected run's) stays in view.
    pub fn shown_rates(&self, keep: f64) -> usize {
        let n = self.rates.len();
        if !self.complete() {
            return n;
        }
        let kept = self.rates.iter().position(|&r| r >= keep).map_or(n, |c| c + 1);
        let rows: Vec<&Vec<RatePoint>> = self.rows.iter().flatten().collect();
        let held = (0..n).rev().find(|&c| rows.iter().any(|row| !row[c].escaped));
        match held {
            // Past the last rate some momentum survives, a tenth more of
            // the columns shown (at least three) of blown-up pairs.
            Some(c) => (c + 1 + ((c + 1) / 10).max(3)).max(kept).min(n),
            None => n,
        }
    }
}

/// The grid and the job filling it.
pub struct RateMap {
    grid: RateGrid,
    job: Job<RateMapKey, Part>,
}

/// What the job sends: a row of the grid, or the theory's own pair.
enum Part {
    Row(usize, Vec<RatePoint>),
    Theory(RatePoint),
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
        let parts = map.job.take();
        for part in &parts {
            match part {
                Part::Row(j, row) => map.grid.rows[*j] = Some(row.clone()),
                Part::Theory(point) => {
                    if let Some((_, _, p)) = &mut map.grid.theory {
                        *p = Some(*point);
                    }
                }
            }
        }
        stale || !parts.is_empty()
    }

    fn start(landscape: Arc<Landscape>, key: RateMapKey, report: Report) -> RateMap {
        let (lo, hi) = default_range(key.spec.optimizer.lr);
        let rates = log_spaced(lo, hi, RATE_COLUMNS);
        let momenta = evenly_spaced(MOMENTUM_RANGE.0, MOMENTUM_RANGE.1, MOMENTUM_ROWS);
        let theory = HeavyBall::of(&landscape, &key.spec).map(|t| t.optimum());
        let (spec, job_rates, job_momenta) = (key.spec.clone(), rates.clone(), momenta.clone());
        let runs = (rates.len() * momenta.len()) as f64;
        let work = runs * budget::run_work(&landscape, &spec, spec.max_steps);
        let estimate = Estimate {
            what: "this rate map".into(),
            cost: Cost::Runs { work, records: 0 },
            parts: (momenta.len(), "rows"),
        };
        let job = Job::admitted(key, estimate, report, move |sender, cancel, progress| {
            if let Some((lr, mu)) = theory
                && let Some(row) = ratemap::rate_row(&landscape, &spec, &[lr], mu, &cancel)
            {
                let _ = sender.send(Part::Theory(row[0]));
            }
            job_momenta.par_iter().enumerate().for_each_with(sender, |sender, (j, &mu)| {
                if let Some(row) = ratemap::rate_row(&landscape, &spec, &job_rates, mu, &cancel) {
                    progress.part_done();
                    let _ = sender.send(Part::Row(j, row));
                }
            });
        });
        let rows = vec![None; momenta.len()];
        let theory = theory.map(|(lr, mu)| (lr, mu, None));
        RateMap { grid: RateGrid { rates, momenta, rows, theory }, job }
    }
}
