//! `losscape run` keeps no history: it writes each run as it computes it.
//! What it writes is what the runs computed with their histories give,
//! number for number, in every format, for every lesson (noise,
//! mini-batches, schedules, clipping, L-BFGS's inner points) and for a
//! function of ten parameters.

use std::path::Path;

use losscape::core::scenario::Scenario;
use losscape::lessons::LESSONS;
use losscape::report::{RunFormat, write_runs, write_streamed};

fn both(scenario: &Scenario, format: RunFormat) -> (String, String) {
    let mut runs = scenario.runs();
    runs.iter_mut().for_each(|r| r.finish());
    let mut kept = Vec::new();
    write_runs(&mut kept, scenario, &runs, format).unwrap();
    let mut streamed = Vec::new();
    let finished = std::sync::atomic::AtomicUsize::new(0);
    let done = || {
        finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    write_streamed(&mut streamed, scenario, format, &done).unwrap();
    assert_eq!(finished.into_inner(), scenario.optimizers.len(), "{}: each run is told done once", scenario.name);
    (String::from_utf8(kept).unwrap(), String::from_utf8(streamed).unwrap())
}

#[test]
fn streamed_runs_write_what_runs_with_histories_write() {
    let mut scenarios: Vec<Scenario> = LESSONS.iter().map(|l| l.scenario().unwrap()).collect();
    let ten = std::fs::read_to_string("tests/fixtures/valid/quadratic-10d.json").unwrap();
    scenarios.push(Scenario::parse(&ten, "quadratic-10d.json", Path::new("."), "ten").unwrap());
    assert_eq!(scenarios.last().unwrap().landscape.dim(), 10);
    for scenario in &scenarios {
        for format in [RunFormat::Table, RunFormat::Json, RunFormat::Csv] {
            let (kept, streamed) = both(scenario, format);
            assert!(kept.len() > 200, "{}: {format:?} wrote nothing", scenario.name);
            assert!(kept == streamed, "{}: {format:?} differs", scenario.name);
        }
    }
}
