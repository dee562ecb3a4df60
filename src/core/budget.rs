//! What a computation will cost, estimated before it runs, and the limits
//! it must stay within: a file from a stranger must not occupy the machine
//! for minutes or fill its memory.

use super::landscape::Landscape;
use super::optim::Hyper;
use super::run::RunSpec;

/// The most work one scenario, basin map or sweep may ask for, in
/// gradient evaluations of a built-in function (about a minute of one core
/// at the slowest).
pub const MAX_WORK: f64 = 2e9;
/// The most steps of history a scenario's runs may keep together (each
/// takes 128 bytes: 3 million are about 380 MB).
pub const MAX_RECORDS: u64 = 3_000_000;
/// Work above this is reported as it progresses, when run without a terminal.
pub const REPORT_WORK: f64 = 2e7;

/// What one run of `steps` steps costs, in gradient evaluations.
pub fn run_work(landscape: &Landscape, spec: &RunSpec, steps: usize) -> f64 {
    let per_step = landscape.gradient_cost(spec.batch_size);
    let factor = match spec.optimizer.hyper {
        // Newton's method also evaluates a Hessian each step.
        Hyper::Newton => 2.0,
        // At most max_eval evaluations, and a two-loop recursion over the
        // history in each iteration (about a quarter of an evaluation a pair).
        Hyper::Lbfgs(l) => f64::from(l.max_eval()) + f64::from(l.max_iter) * f64::from(l.history_size) / 4.0,
        _ => 1.0,
    };
    steps as f64 * per_step * factor
}

/// How many records of [`MAX_RECORDS`] one step of a run weighs: 1, or for
/// L-BFGS, whose every step keeps its memory and what it did, more.
pub fn record_weight(spec: &RunSpec, steps: usize) -> u64 {
    match spec.optimizer.hyper {
        Hyper::Lbfgs(l) => {
            let pairs = u64::from(l.history_size).min(steps as u64 * u64::from(l.max_iter));
            // 40 bytes a pair, about 120 an iteration, 40 a trial point.
            1 + (pairs * 40 + u64::from(l.max_iter) * 120 + u64::from(l.max_eval()) * 40) / 120
        }
        _ => 1,
    }
}

/// Why a computation is refused: what it would cost, and the limit.
pub fn check(what: &str, work: f64, records: u64) -> Result<(), String> {
    if work > MAX_WORK {
        return Err(format!(
            "{what} would take about {work:.1e} gradient evaluations; the limit is {MAX_WORK:.0e} \
             (fewer steps, optimizers, data points or pixels)"
        ));
    }
    if records > MAX_RECORDS {
        return Err(format!(
            "{what} would keep {records} steps of history (about {} MB); the limit is {MAX_RECORDS} \
             (fewer steps or optimizers)",
            records * 128 / 1_000_000
        ));
    }
    Ok(())
}
