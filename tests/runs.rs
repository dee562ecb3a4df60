//! Runs: history, rewinding, stop rules, divergence, noise and mini-batches.

mod common;

use std::sync::Arc;

use common::{builtin, run, spec};
use losscape::core::landscape::{Dataset, Kind, Landscape};
use losscape::core::optim::{Optimizer, OptimizerType, Schedule};
use losscape::core::run::{Record, Run, Status, StopRules};

fn regression() -> Arc<Landscape> {
    // y = 3x − 1 plus a deterministic wiggle, 40 points.
    let points = (0..40).map(|i| {
        let x = i as f64 / 10.0;
        [x, 3.0 * x - 1.0 + 0.5 * (7.0 * x).sin()]
    });
    Arc::new(Landscape::new(Kind::LinearRegression(Dataset::new(points.collect()).unwrap())))
}

#[test]
fn a_record_of_two_parameters_fits_in_168_bytes() {
    // 128 bytes while parameters were two numbers; a vector of any length
    // that keeps two in place takes 24 bytes instead of 16, and a record
    // holds five (θ, ∇f and up to three of the optimizer's state).
    assert!(std::mem::size_of::<Record>() <= 168, "{} bytes", std::mem::size_of::<Record>());
    assert_eq!(
        run(&builtin("quadratic"), spec(Optimizer::with_defaults(OptimizerType::Adam), [1.0, 1.0], 10))
            .history()
            .iter()
            .map(Record::heap_bytes)
            .sum::<usize>(),
        0,
        "nothing on the heap"
    );
}

#[test]
fn rewinding_and_stepping_again_lands_on_identical_numbers() {
    let adam = Optimizer { lr: 0.05, ..Optimizer::with_defaults(OptimizerType::Adam) };
    let mut noisy = spec(adam, [-1.0, 2.0], 300);
    noisy.noise = 2.0;
    noisy.seed = 11;
    noisy.schedule = Some(Schedule::Plateau { factor: 0.5, patience: 5, threshold: 1e-4, min_lr: 0.0 });
    let mut batched =
        spec(Optimizer { lr: 0.05, ..Optimizer::with_defaults(OptimizerType::Momentum) }, [0.0, 0.0], 300);
    batched.batch_size = Some(7);
    batched.noise = 0.1;
    for (landscape, s) in [(builtin("himmelblau"), noisy), (regression(), batched)] {
        let full = run(&landscape, s.clone());
        let mut stepped = Run::new(Arc::clone(&landscape), s);
        stepped.advance_to(120);
        stepped.rewind(45);
        assert_eq!(stepped.steps_taken(), 45);
        assert_eq!(stepped.status(), &Status::Running);
        stepped.advance_to(120);
        stepped.rewind(100);
        stepped.finish();
        assert_eq!(stepped.history(), full.history());
        assert_eq!(stepped.status(), full.status());
    }
}

#[test]
fn noise_makes_runs_differ_by_seed_and_only_by_seed() {
    let gd = Optimizer { lr: 0.01, ..Optimizer::with_defaults(OptimizerType::Gd) };
    let mut s = spec(gd, [1.0, 1.0], 50);
    s.noise = 1.0;
    let a = run(&builtin("quadratic"), s.clone());
    let b = run(&builtin("quadratic"), s.clone());
    s.seed = 1;
    let c = run(&builtin("quadratic"), s);
    assert_eq!(a.history(), b.history());
    assert_ne!(a.record(50).params, c.record(50).params);
    // The recorded gradient is the exact one, before noise.
    let exact = builtin("quadratic").gradient(&a.record(10).params);
    assert_eq!(a.record(10).grad, exact);
    let input = a.step_input(10);
    assert_eq!(input.grad, [exact[0] + input.noise[0], exact[1] + input.noise[1]]);
}

#[test]
fn a_one_point_batch_is_noisier_than_the_full_batch() {
    let landscape = regression();
    let sgd = Optimizer { lr: 0.02, ..Optimizer::with_defaults(OptimizerType::Sgd) };
    let full = run(&landscape, spec(sgd, [0.0, 0.0], 400));
    let mut one = spec(sgd, [0.0, 0.0], 400);
    one.batch_size = Some(1);
    let stochastic = run(&landscape, one);
    // Full-batch GD on a convex quadratic decreases the loss every step at this rate.
    assert!(full.history().windows(2).all(|w| w[1].loss <= w[0].loss));
    let ups = stochastic.history().windows(2).filter(|w| w[1].loss > w[0].loss).count();
    assert!(ups > 20, "single-point steps should often go uphill, went up {ups} times");
    // A batch as large as the data is the full batch (summed in another order).
    let mut whole = spec(sgd, [0.0, 0.0], 400);
    whole.batch_size = Some(40);
    let batch = run(&landscape, whole);
    let (p, q) = (batch.record(400).params.xy(), full.record(400).params.xy());
    assert!(losscape::core::distance(p, q) < 1e-12);
}

#[test]
fn stop_rules_end_a_run_as_converged() {
    let gd = Optimizer { lr: 0.1, ..Optimizer::with_defaults(OptimizerType::Gd) };
    let mut s = spec(gd, [10.0, 0.0], 10_000);
    s.stop = StopRules { grad_norm: Some(1e-6), ..StopRules::default() };
    let r = run(&builtin("parabola"), s.clone());
    // |f'(x_k)| = 2·12.5·0.8^k < 1e-6 first at k = ⌈ln(4e-8)/ln 0.8⌉ = 77.
    assert_eq!(r.status(), &Status::Converged { step: 77, rule: "gradient norm below 0.000001".into() });
    assert_eq!(r.steps_taken(), 77);
    assert_eq!(r.status_at(76).name(), "running");
    assert_eq!(r.status_at(500).name(), "converged");
    s.stop = StopRules { param_change: Some(1e-3), ..StopRules::default() };
    let r = run(&builtin("parabola"), s.clone());
    // The k-th step moves 0.2·12.5·0.8^(k−1) < 1e-3 first at k = 37.
    assert_eq!(r.status().step(), Some(37));
    s.stop = StopRules { loss_change: Some(1e-9), ..StopRules::default() };
    assert_eq!(run(&builtin("parabola"), s).status().name(), "converged");
}

#[test]
fn a_run_that_starts_at_a_minimum_converges_at_step_zero() {
    let mut s = spec(Optimizer::with_defaults(OptimizerType::Adam), [1.0, 1.0], 100);
    s.stop.grad_norm = Some(1e-8);
    let r = run(&builtin("rosenbrock"), s);
    assert_eq!(r.status().step(), Some(0));
    assert_eq!(r.history().len(), 1);
}

#[test]
fn divergence_ends_the_run_at_the_step_it_happens() {
    let gd = Optimizer { lr: 1.1, ..Optimizer::with_defaults(OptimizerType::Gd) };
    let r = run(&builtin("parabola"), spec(gd, [10.0, 0.0], 1000));
    let Status::Diverged { step, reason } = r.status().clone() else { panic!("{:?}", r.status()) };
    assert_eq!(r.steps_taken(), step);
    // |x + 2.5| = 12.5·1.2^k passes 1e10 first at k = 113.
    assert_eq!(step, 113);
    assert!(reason.contains("exceeded"), "{reason}");
    assert!(r.record(step).params[0].abs() > 1e10 && r.record(step - 1).params[0].abs() <= 1e10);
    // Past its end a run shows its last record.
    assert_eq!(r.record(5000), r.record(step));
}

#[test]
fn changing_the_spec_recomputes_from_the_start() {
    let gd = Optimizer { lr: 0.01, ..Optimizer::with_defaults(OptimizerType::Gd) };
    let mut r = run(&builtin("quadratic"), spec(gd, [1.0, 1.0], 100));
    let before = r.record(50).params.clone();
    let mut faster = r.spec().clone();
    faster.optimizer.lr = 0.02;
    r.set_spec(faster.clone());
    assert_ne!(r.record(50).params, before);
    assert_eq!(r.history(), run(&builtin("quadratic"), faster).history());
}
