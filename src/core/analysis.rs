//! Many runs at once: maps of where each start ends (basins of attraction)
//! and final losses across learning rates (sweeps). Both run in parallel and
//! keep no history.

use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use super::landscape::{Domain, Landscape};
use super::run::{Ending, Outcome, RunSpec, Status, simulate, simulate_unless};
use super::{Vec2, Vector, distance};

/// A run ends "at" a known minimum when it is this close to it.
pub const MINIMUM_TOLERANCE: f64 = 1e-3;

/// Whether the point where a run ended is a saddle: its exact Hessian has
/// a clearly negative eigenvalue (below −1e-9 of the largest in size, so
/// that a flat direction's float noise is not one). A method that only
/// looks for a zero gradient, as Newton's does, converges onto saddles as
/// readily as onto minima: a run there has not found a minimum. Never
/// for more parameters than a breakdown takes apart (their Hessian alone
/// would be dim² numbers, dim products for a network).
pub fn on_saddle(landscape: &Landscape, p: &Vector) -> bool {
    if landscape.dim() > super::eigen::MAX_EXPLAINED_HESSIAN {
        return false;
    }
    let Some(values) = super::eigen::eigenvalues(&landscape.hessian(p)) else {
        return false;
    };
    let scale = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    values.iter().any(|&v| v < -1e-9 * scale.max(1e-300))
}

/// A run that stopped this close to a saddle, as a share of the domain's
/// smaller side, is said to be near it.
pub const SADDLE_NEARNESS: f64 = 0.01;

/// Whether `p` of a 2-D landscape lies near a saddle: one Newton step,
/// p − H⁻¹∇f, lands within [`SADDLE_NEARNESS`] of the domain's smaller side
/// on a point whose gradient is at least a hundred times smaller than at p
/// (so the step found a stationary point, not a guess from a quadratic
/// model far from it) and whose Hessian is indefinite. Plain GD started on
/// a saddle's ridge creeps away so slowly that its run ends "max steps"
/// right beside the saddle: this says where it is.
pub fn near_saddle(landscape: &Landscape, p: &Vector) -> bool {
    let (Some(y), 2) = (landscape.domain().y, landscape.dim()) else {
        return false;
    };
    let span = (landscape.domain().x.1 - landscape.domain().x.0).min(y.1 - y.0);
    let h = landscape.hessian2(p);
    let g = landscape.gradient(p);
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    if det.is_nan() || det == 0.0 || det > 0.0 {
        // Only an indefinite Hessian (negative determinant) can mark a
        // saddle by the quadratic model.
        return false;
    }
    let step = [(h[1][1] * g[0] - h[0][1] * g[1]) / det, (h[0][0] * g[1] - h[1][0] * g[0]) / det];
    let q = Vector::from_xy([p[0] - step[0], p[1] - step[1]], 2);
    let close = super::norm(step) <= SADDLE_NEARNESS * span;
    let stationary = super::norm(landscape.gradient(&q)) * 100.0 <= super::norm(&g);
    close && stationary && on_saddle(landscape, &q)
}

/// Where one start ended.
#[derive(Debug, Clone, PartialEq)]
pub struct BasinPoint {
    /// The start.
    pub start: Vec2,
    /// Where the run ended, on the plane the map is drawn on.
    pub end: Vec2,
    /// The index of the known minimum it ended at, if any.
    pub minimum: Option<usize>,
    /// How the run ended: `converged`, `diverged`, `stopped` or `max_steps`.
    pub status: Ending,
    /// Steps taken.
    pub steps: usize,
}

/// The start of pixel (i, j) of a width × height grid over a domain, at the
/// pixel's centre, row 0 at the top (highest y).
pub fn grid_start(domain: Domain, width: usize, height: usize, i: usize, j: usize) -> Vec2 {
    let (x0, x1) = domain.x;
    let (y0, y1) = domain.y.unwrap_or((0.0, 0.0));
    [x0 + (i as f64 + 0.5) / width as f64 * (x1 - x0), y1 - (j as f64 + 0.5) / height as f64 * (y1 - y0)]
}

/// Runs `spec` from one start and classifies the end.
pub fn basin_point(landscape: &Landscape, spec: &RunSpec, start: Vec2) -> BasinPoint {
    let outcome = simulate(landscape, &RunSpec { start: Vector::from_xy(start, landscape.dim()), ..spec.clone() });
    classify(landscape, start, &outcome)
}

/// Where a run from `start` ended, as a point of a basin map.
fn classify(landscape: &Landscape, start: Vec2, outcome: &Outcome) -> BasinPoint {
    let end = &outcome.last.params;
    let minimum = match outcome.status {
        Status::Diverged { .. } => None,
        _ => landscape.minima().iter().position(|m| distance(&m.point, end) < MINIMUM_TOLERANCE),
    };
    BasinPoint { start, end: end.xy(), minimum, status: outcome.status.ending(), steps: outcome.steps }
}

/// One row of a basin map; `None` soon after `cancel` is set, even in
/// the middle of a run.
pub fn basin_row(
    landscape: &Landscape,
    spec: &RunSpec,
    domain: Domain,
    (width, height): (usize, usize),
    j: usize,
    cancel: &AtomicBool,
) -> Option<Vec<BasinPoint>> {
    (0..width)
        .map(|i| {
            let start = grid_start(domain, width, height, i, j);
            let spec = RunSpec { start: Vector::from_xy(start, landscape.dim()), ..spec.clone() };
            let outcome = simulate_unless(landscape, &spec, cancel)?;
            Some(classify(landscape, start, &outcome))
        })
        .collect()
}

/// The whole map, rows in parallel, row 0 at the top. Stops early (returning
/// `None`) once `cancel` is set.
pub fn basins(
    landscape: &Landscape,
    spec: &RunSpec,
    domain: Domain,
    width: usize,
    height: usize,
    cancel: &AtomicBool,
) -> Option<Vec<BasinPoint>> {
    let rows: Vec<Option<Vec<BasinPoint>>> =
        (0..height).into_par_iter().map(|j| basin_row(landscape, spec, domain, (width, height), j, cancel)).collect();
    rows.into_iter().collect::<Option<Vec<_>>>().map(|rows| rows.into_iter().flatten().collect())
}

/// One learning rate's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The learning rate.
    pub lr: f64,
    /// The loss after the last step (non-finite when it blew up).
    pub final_loss: f64,
    /// How the run ended.
    pub status: Ending,
    /// Steps taken.
    pub steps: usize,
}

/// n learning rates spaced evenly in log scale from `lo` to `hi` inclusive.
pub fn log_spaced(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    match n {
        0 => vec![],
        1 => vec![lo],
        _ => {
            let (a, b) = (lo.ln(), hi.ln());
            // The ends exactly as given, not as exp(ln(·)) returns them.
            (0..n)
                .map(|k| match k {
                    0 => lo,
                    k if k == n - 1 => hi,
                    k => (a + (b - a) * k as f64 / (n - 1) as f64).exp(),
                })
                .collect()
        }
    }
}

/// The run of `spec` at each learning rate, in parallel; `None` soon after
/// `cancel` is set, even in the middle of a run.
pub fn sweep(landscape: &Landscape, spec: &RunSpec, rates: &[f64], cancel: &AtomicBool) -> Option<Vec<SweepPoint>> {
    rates.par_iter().map(|&lr| sweep_point(landscape, spec, lr, cancel)).collect()
}

/// The run of `spec` at one learning rate, unless cancelled.
pub fn sweep_point(landscape: &Landscape, spec: &RunSpec, lr: f64, cancel: &AtomicBool) -> Option<SweepPoint> {
    let mut spec = spec.clone();
    spec.optimizer.lr = lr;
    let outcome = simulate_unless(landscape, &spec, cancel)?;
    Some(SweepPoint { lr, final_loss: outcome.last.loss, status: outcome.status.ending(), steps: outcome.steps })
}

/// The default sweep range around a learning rate: three decades below it
/// to two above.
pub fn default_range(lr: f64) -> (f64, f64) {
    (lr * 1e-3, lr * 1e2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_spacing_hits_both_ends() {
        let r = log_spaced(1e-3, 10.0, 5);
        assert_eq!(r.len(), 5);
        assert_eq!((r[0], r[4]), (1e-3, 10.0));
        assert!((r[2] - 0.1).abs() < 1e-15);
    }

    #[test]
    fn grid_starts_are_pixel_centres_from_the_top() {
        let d = Domain::square(0.0, 4.0);
        assert_eq!(grid_start(d, 4, 2, 0, 0), [0.5, 3.0]);
        assert_eq!(grid_start(d, 4, 2, 3, 1), [3.5, 1.0]);
    }
}
