//! The plane (or line) `losscape run` places each step on, built from the
//! runs before their steps are written.

use std::io;

use rayon::prelude::*;

use crate::core::Vector;
use crate::core::plane::{PlaneChoice, Section};
use crate::core::run::{Run, records};
use crate::core::scenario::Scenario;

/// The most iterates of one run a principal plane is taken through: a
/// longer run gives every k-th from its start (k the fewest that keeps
/// within this) and its last, so that the iterates kept stay a few
/// megabytes at the largest network.
pub const PLANE_ITERATES: usize = 1_000;

/// Whether a plane of this choice reads iterate `step` of a run of at most
/// `steps` steps: a principal plane every k-th, the others only the start
/// (the run's last iterate is read besides, whatever its step).
fn reads(choice: &PlaneChoice, steps: usize, step: usize) -> bool {
    match choice {
        PlaneChoice::Principal => step.is_multiple_of((steps + 1).div_ceil(PLANE_ITERATES).max(1)),
        PlaneChoice::Random { .. } | PlaneChoice::Curvature | PlaneChoice::Line { .. } => step == 0,
    }
}

/// The scenario's section of these runs' histories; `None` without a plane.
pub(super) fn of_histories(scenario: &Scenario, runs: &[&Run]) -> io::Result<Option<Section>> {
    let Some(choice) = &scenario.plane else { return Ok(None) };
    build(scenario, choice, &iterates(choice, scenario.steps, runs)).map(Some)
}

/// The iterates of these runs' histories that a plane of this choice is
/// taken through, for a scenario of `steps` steps: the view's plane and
/// `losscape run`'s are the same plane.
pub(crate) fn iterates<'a>(choice: &PlaneChoice, steps: usize, runs: &[&'a Run]) -> Vec<Vec<&'a [f64]>> {
    runs.iter()
        .map(|run| {
            let history = run.history();
            let last = history.len() - 1;
            (0..=last).filter(|&k| k == last || reads(choice, steps, k)).map(|k| &history[k].params[..]).collect()
        })
        .collect()
}

/// The scenario's section, its runs computed afresh (on every core) and
/// only the iterates it reads kept; `None` without a plane.
pub(super) fn of_streams(scenario: &Scenario) -> io::Result<Option<Section>> {
    let Some(choice) = &scenario.plane else { return Ok(None) };
    let landscape = &*scenario.landscape;
    let kept: Vec<Vec<Vector>> = scenario
        .optimizers
        .par_iter()
        .map(|entry| {
            let (mut kept, mut last) = (Vec::new(), None);
            for (step, r) in records(landscape, &entry.spec).enumerate() {
                if reads(choice, scenario.steps, step) {
                    kept.push(r.params.clone());
                    last = None;
                } else {
                    last = Some(r.params);
                }
            }
            kept.extend(last);
            kept
        })
        .collect();
    let iterates: Vec<Vec<&[f64]>> = kept.iter().map(|run| run.iter().map(|w| &w[..]).collect()).collect();
    build(scenario, choice, &iterates).map(Some)
}

fn build(scenario: &Scenario, choice: &PlaneChoice, iterates: &[Vec<&[f64]>]) -> io::Result<Section> {
    choice
        .build(&scenario.landscape, iterates)
        .map_err(|e| io::Error::other(format!("the {} plane of {}: {e}", choice.name(), scenario.name)))
}
