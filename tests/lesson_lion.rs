//! Lesson 20 (Lion against Adam) shows what its description promises:
//! Lion's steps are lr in every coordinate at every step, Adam's adapt to
//! each coordinate and shrink. (Beside tests/lessons.rs, which checks the
//! other lessons the same way.)

use std::path::Path;

use losscape::core::run::Run;
use losscape::core::scenario::Scenario;
use losscape::core::{distance, norm};

fn lesson() -> (Scenario, Vec<Run>) {
    let scenario = Scenario::load(&Path::new("scenarios").join("20-lion.json")).unwrap();
    let runs = scenario.computed_runs();
    (scenario, runs)
}

fn run<'a>(scenario: &Scenario, runs: &'a [Run], label: &str) -> &'a Run {
    let i = scenario.optimizers.iter().position(|o| o.label == label).unwrap_or_else(|| panic!("no {label}"));
    &runs[i]
}

/// The step from θₖ to θₖ₊₁, per coordinate.
fn step(run: &Run, k: usize) -> [f64; 2] {
    let (a, b) = (run.record(k).params.xy(), run.record(k + 1).params.xy());
    [b[0] - a[0], b[1] - a[1]]
}

#[test]
fn lion_moves_every_coordinate_by_lr_at_every_step_and_never_settles() {
    let (scenario, runs) = lesson();
    let lion = run(&scenario, &runs, "Lion");
    let lr = lion.spec().optimizer.lr;
    // "every step moves every coordinate by exactly lr, here 0.03"
    assert_eq!(lr, 0.03);
    assert_eq!(lion.steps_taken(), 500);
    for k in 0..500 {
        for d in step(lion, k) {
            assert!((d.abs() - lr).abs() < 1e-12, "step {k}: {:?}", step(lion, k));
        }
    }
    // "carries it past the floor to y = −0.87 and out to x = 1.82"
    let ys = lion.history().iter().map(|r| r.params[1]);
    let xs = lion.history().iter().map(|r| r.params[0]);
    assert!((ys.fold(f64::MAX, f64::min) - -0.87).abs() < 1e-9);
    assert!((xs.fold(f64::MIN, f64::max) - 1.82).abs() < 1e-9);
    // "to x = 1.82 at step 194 and back"
    assert!((lion.record(194).params[0] - 1.82).abs() < 1e-9 && lion.record(250).params[0] < 0.2);
    // "from step 350 it rattles around the minimum … never closer than a
    // step: its loss swings between 4e-4 and 0.023 to the end"
    for k in 350..=500 {
        let [x, y] = lion.record(k).params.xy();
        assert!(x.abs() <= 0.04 + 1e-9 && y.abs() <= 0.03 + 1e-9, "step {k}: ({x}, {y})");
        let loss = lion.record(k).loss;
        assert!((3.9e-4..0.023).contains(&loss), "step {k}: loss {loss}");
    }
}

#[test]
fn adams_steps_adapt_to_each_coordinate_and_shrink() {
    let (scenario, runs) = lesson();
    let adam = run(&scenario, &runs, "Adam");
    // "Adam's first step is 0.05 in each coordinate, a sign step too"
    for d in step(adam, 0) {
        assert!((d.abs() - 0.05).abs() < 1e-9, "{:?}", step(adam, 0));
    }
    // "its 50th step moves y 0.003 while x moves 0.037"
    let [dx, dy] = step(adam, 49);
    assert!((dx.abs() - 0.037).abs() < 5e-4 && (dy.abs() - 0.003).abs() < 5e-4, "({dx}, {dy})");
    // "its steps shrink as it closes in, to 2e-11 at step 500, 3e-10 from
    // the minimum"
    assert_eq!(adam.steps_taken(), 500);
    assert!(norm(step(adam, 499)) < 3e-11, "{:?}", step(adam, 499));
    let end = &adam.record(500).params;
    let from_minimum = distance(end, [0.0, 0.0]);
    assert!((1e-10..5e-10).contains(&from_minimum), "{from_minimum}");
    // Lion ends a step away: Adam is closer by orders of magnitude.
    let lion = run(&scenario, &runs, "Lion");
    assert!(distance(&lion.record(500).params, [0.0, 0.0]) > 1e6 * from_minimum);
}

#[test]
fn lions_memory_carries_it_against_the_gradient_past_the_floor() {
    // "its long memory (β2 = 0.99) carries it past the floor": at step 60,
    // below y = 0, the slope says up (∂f/∂y < 0) yet Lion steps further
    // down, and its breakdown says so.
    let (scenario, runs) = lesson();
    let lion = run(&scenario, &runs, "Lion");
    let (y, gy) = (lion.record(60).params[1], lion.record(60).grad[1]);
    assert!(y < 0.0 && gy < 0.0, "({y}, {gy})");
    assert!(step(lion, 60)[1] < 0.0, "against the gradient");
    let e = losscape::core::explain::explain_step(lion, 60).unwrap();
    let s = e.summary.unwrap();
    assert!(s.ends_with("it moved x 0.03 and y 0.03, y against its gradient, carried by m."), "{s}");
}
