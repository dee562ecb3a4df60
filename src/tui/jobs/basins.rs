//! The basin map: every pixel of the plot a start, coloured by the minimum
//! the selected optimizer reaches from it; computed on every core, row by row.

use std::sync::Arc;

use rayon::prelude::*;

use super::Job;
use crate::core::analysis::{self, BasinPoint};
use crate::core::budget::{self, Cost, Estimate, Report};
use crate::core::landscape::{Domain, Landscape};
use crate::core::run::{Ending, RunSpec};
use crate::tui::viewport::PlotGeometry;

/// What a start of the basin map led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasinCell {
    /// Known minimum i.
    Minimum(usize),
    /// Somewhere that is not a known minimum (yet).
    Elsewhere,
    /// Off to infinity.
    Diverged,
}

impl BasinCell {
    fn of(point: &BasinPoint) -> Self {
        match (point.minimum, point.status) {
            (Some(i), _) => BasinCell::Minimum(i),
            (None, Ending::Diverged) => BasinCell::Diverged,
            (None, _) => BasinCell::Elsewhere,
        }
    }
}

/// What a basin map is computed for.
#[derive(Debug, Clone, PartialEq)]
struct BasinKey {
    spec: RunSpec,
    plot: PlotGeometry,
    landscape: u64,
}

/// A basin map over the plot's pixels, filled in as rows arrive.
#[derive(Debug, Clone)]
pub struct BasinMap {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// Row by row from the top; `None` until computed.
    pub cells: Vec<Option<BasinCell>>,
    /// Rows computed so far.
    pub rows_done: usize,
    /// The plot's pixels and view it is computed for: a map is drawn over
    /// that plot only.
    pub plot: PlotGeometry,
}

/// The map and the job filling it.
pub struct Basins {
    map: BasinMap,
    job: Job<BasinKey, (usize, Vec<BasinCell>)>,
}

impl Basins {
    /// The map as far as it is computed.
    pub fn map(&self) -> &BasinMap {
        &self.map
    }

    /// Whether rows are still to come.
    pub fn working(&self) -> bool {
        !self.job.is_finished()
    }

    /// Why the budget refused to compute it, if it did.
    pub fn refusal(&self) -> Option<&str> {
        self.job.refusal()
    }

    /// Starts a map for `spec` over `plot` unless `current` is already that
    /// one, then takes in the rows that arrived; true if anything changed.
    pub fn update(
        current: &mut Option<Basins>,
        landscape: &Arc<Landscape>,
        landscape_generation: u64,
        spec: &RunSpec,
        plot: PlotGeometry,
        report: &Report,
    ) -> bool {
        let key = BasinKey { spec: spec.clone(), plot, landscape: landscape_generation };
        let stale = current.as_ref().is_none_or(|b| b.job.key != key);
        if stale {
            *current = Some(Basins::start(Arc::clone(landscape), key, report.clone()));
        }
        let basins = current.as_mut().expect("just started");
        let rows = basins.job.take();
        for (j, row) in &rows {
            let width = basins.map.width;
            for (i, cell) in row.iter().enumerate() {
                basins.map.cells[j * width + i] = Some(*cell);
            }
            basins.map.rows_done += 1;
        }
        stale || !rows.is_empty()
    }

    fn start(landscape: Arc<Landscape>, key: BasinKey, report: Report) -> Basins {
        let plot = key.plot;
        let (width, height) = plot.pixels;
        let view = plot.view;
        let domain = Domain { x: view.x, y: Some(view.y) };
        let spec = key.spec.clone();
        let work = (width * height) as f64 * budget::run_work(&landscape, &spec, spec.max_steps);
        let estimate =
            Estimate { what: "this basin map".into(), cost: Cost::Runs { work, records: 0 }, parts: (height, "rows") };
        let job = Job::admitted(key, estimate, report, move |sender, cancel, progress| {
            (0..height).into_par_iter().for_each_with(sender, |sender, j| {
                if let Some(row) = analysis::basin_row(&landscape, &spec, domain, (width, height), j, &cancel) {
                    progress.part_done();
                    let _ = sender.send((j, row.iter().map(BasinCell::of).collect()));
                }
            });
        });
        let map = BasinMap { width, height, cells: vec![None; width * height], rows_done: 0, plot };
        Basins { map, job }
    }
}
