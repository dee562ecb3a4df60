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
/// takes 120 bytes: 3 million are about 360 MB).
pub const MAX_RECORDS: u64 = 3_000_000;
/// Work above this is reported as it progresses, when run without a terminal.
pub const REPORT_WORK: f64 = 2e7;

/// What one run of `steps` steps costs, in gradient evaluations.
pub fn run_work(landscape: &Landscape, spec: &RunSpec, steps: usize) -> f64 {
    let per_step = landscape.gradient_cost(spec.batch_size);
    // Newton's method also evaluates a Hessian each step.
    let factor = if matches!(spec.optimizer.hyper, Hyper::Newton) { 2.0 } else { 1.0 };
    steps as f64 * per_step * factor
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
            records * 120 / 1_000_000
        ));
    }
    Ok(())
}
