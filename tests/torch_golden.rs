//! Golden runs from real torch 2.15 (float64, CPU, default kernels), written
//! by tests/reference/torch_golden.py: every step must be bit-identical.
//!
//! torch's CPU square root (MKL's) is not correctly rounded on every value;
//! the fixture lists the values where it is not, and these tests use torch's
//! square root there, so that every other operation is checked to the bit.
//! A second check uses losscape's own (correctly rounded) square root and
//! bounds how far that one difference carries.

use std::collections::HashMap;
use std::path::Path;

use losscape::core::Vector;
use losscape::core::optim::{Optimizer, ScheduleState, clip_grad_norm};
use losscape::core::run::RunSpec;
use losscape::core::scenario::Scenario;
use serde_json::Value;

mod common;
use common::hexf;

fn fixture() -> Value {
    let text = std::fs::read_to_string("tests/fixtures/torch/golden.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

fn float(v: &Value) -> f64 {
    hexf(v.as_str().unwrap())
}

fn point(v: &Value) -> [f64; 2] {
    let a = v.as_array().unwrap();
    [float(&a[0]), a.get(1).map_or(0.0, float)]
}

/// The optimizer, schedule and clipping a fixture case describes, read
/// through the scenario loader as a file would give them.
fn spec(case: &Value, function: &str, start: &str, steps: usize) -> RunSpec {
    let mut optimizer = case["hyper"].as_object().unwrap().clone();
    optimizer.insert("type".into(), case["type"].clone());
    if !case["schedule"].is_null() {
        optimizer.insert("schedule".into(), case["schedule"].clone());
    }
    if !case["clip_norm"].is_null() {
        optimizer.insert("clip_norm".into(), case["clip_norm"].clone());
    }
    let text = format!(
        r#"{{"function": "{function}", "start": {start}, "steps": {steps}, "optimizers": [{}]}}"#,
        Value::Object(optimizer)
    );
    Scenario::parse(&text, "golden.json", Path::new("."), "golden").unwrap().optimizers[0].spec.clone()
}

/// Steps an optimizer as losscape's runs do (clip, update, then the
/// schedule), from the given gradients, comparing every step's bits with
/// torch's. Returns the largest relative difference seen.
#[allow(clippy::too_many_arguments)]
fn replay(
    spec: &RunSpec,
    start: [f64; 2],
    dim: usize,
    gradient: &mut dyn FnMut([f64; 2], usize) -> ([f64; 2], f64),
    expected: &[Value],
    sqrt: &dyn Fn(f64) -> f64,
    exact: bool,
    name: &str,
) -> f64 {
    let optimizer: Optimizer = spec.optimizer;
    let mut params = Vector::from_slice(&start[..dim]);
    let mut state = optimizer.initial_state(dim);
    let mut lr = optimizer.lr;
    let mut schedule_state = ScheduleState::default();
    let mut worst: f64 = 0.0;
    for (k, want) in expected.iter().enumerate() {
        let (g, loss) = gradient(params.xy(), k);
        let mut g = Vector::from_slice(&g[..dim]);
        if let Some(max) = spec.clip_norm {
            clip_grad_norm(&mut g, max);
        }
        params = optimizer
            .update_with_sqrt(&params, &g, lr, k as u64 + 1, &mut state, || unreachable!("no Newton"), sqrt)
            .unwrap();
        if let Some(s) = &spec.schedule {
            lr = s.next_lr(optimizer.lr, lr, k as u64 + 1, loss, &mut schedule_state);
        }
        let want = point(want);
        for i in 0..dim {
            if exact {
                assert_eq!(
                    params[i].to_bits(),
                    want[i].to_bits(),
                    "{name}: step {} coordinate {i}: {:e} != torch's {:e}",
                    k + 1,
                    params[i],
                    want[i]
                );
            }
            let difference = (params[i] - want[i]).abs() / want[i].abs().max(1e-300);
            worst = worst.max(difference);
        }
    }
    worst
}

fn torch_sqrt(golden: &Value) -> impl Fn(f64) -> f64 {
    let table: HashMap<u64, f64> = golden["sqrt_exceptions"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(input, output)| (hexf(input).to_bits(), float(output)))
        .collect();
    move |x: f64| table.get(&x.to_bits()).copied().unwrap_or_else(|| x.sqrt())
}

fn describe(case: &Value) -> String {
    format!("{} {} schedule {} clip {}", case["type"], case["hyper"], case["schedule"], case["clip_norm"])
}

#[test]
fn the_fixture_comes_from_torch_2_15() {
    let golden = fixture();
    assert!(golden["torch"].as_str().unwrap().starts_with("2.15"));
    assert!(golden["replays"].as_array().unwrap().len() >= 31);
    assert!(golden["steps"].as_u64().unwrap() >= 500);
    assert_eq!(hexf("0x1.8p+1"), 3.0);
    assert_eq!(hexf("-0x1.999999999999ap-4"), -0.1);
}

#[test]
fn every_optimizer_replays_torch_bit_for_bit() {
    let golden = fixture();
    let sqrt = torch_sqrt(&golden);
    for case in golden["replays"].as_array().unwrap() {
        let spec = spec(case, "quadratic", "[0, 0]", golden["steps"].as_u64().unwrap() as usize);
        let grads: Vec<[f64; 2]> = case["grads"].as_array().unwrap().iter().map(point).collect();
        let losses: Vec<f64> = case["losses"].as_array().unwrap().iter().map(float).collect();
        let mut feed = |_: [f64; 2], k: usize| (grads[k], losses[k]);
        let expected = case["params"].as_array().unwrap();
        replay(&spec, point(&case["start"]), 2, &mut feed, expected, &sqrt, true, &describe(case));
    }
}

#[test]
fn whole_runs_step_through_torchs_numbers() {
    let golden = fixture();
    let sqrt = torch_sqrt(&golden);
    let steps = golden["steps"].as_u64().unwrap() as usize;
    for case in golden["runs"].as_array().unwrap() {
        let function = case["function"].as_str().unwrap();
        let start = case["start"].to_string();
        let scenario_spec = spec(case, function, &start, steps);
        let text = format!(
            r#"{{"function": "{function}", "start": {start}, "steps": {steps}, "optimizers": [{{"type": "gd"}}]}}"#
        );
        let scenario = Scenario::parse(&text, "golden.json", Path::new("."), "golden").unwrap();
        let landscape = scenario.landscape.clone();
        let dim = landscape.dim();
        let mut feed = |p: [f64; 2], _: usize| (landscape.gradient(&p[..dim]).xy(), landscape.value(&p[..dim]));
        let expected = case["params"].as_array().unwrap();
        replay(&scenario_spec, scenario_spec.start.xy(), dim, &mut feed, expected, &sqrt, true, &describe(case));
        // The engine's own run takes the same steps, where no square root
        // is taken (with one, it takes losscape's correctly rounded one).
        if matches!(case["type"].as_str().unwrap(), "gd" | "sgd" | "momentum" | "nesterov") {
            let run = losscape::core::run::Run::computed(landscape.clone(), scenario_spec.clone());
            for (k, want) in expected.iter().enumerate().take(run.steps_taken()) {
                let want = point(want);
                let got = &run.record(k + 1).params;
                assert!(
                    (0..dim).all(|i| got[i].to_bits() == want[i].to_bits()),
                    "{}: the run's step {} is {got:?}, torch's {want:?}",
                    describe(case),
                    k + 1
                );
            }
        }
    }
}

#[test]
fn with_its_own_square_root_losscape_stays_within_a_few_ulps_of_torch() {
    let golden = fixture();
    let exact = |x: f64| x.sqrt();
    let mut worst: f64 = 0.0;
    for case in golden["replays"].as_array().unwrap() {
        let spec = spec(case, "quadratic", "[0, 0]", golden["steps"].as_u64().unwrap() as usize);
        let grads: Vec<[f64; 2]> = case["grads"].as_array().unwrap().iter().map(point).collect();
        let losses: Vec<f64> = case["losses"].as_array().unwrap().iter().map(float).collect();
        let mut feed = |_: [f64; 2], k: usize| (grads[k], losses[k]);
        let expected = case["params"].as_array().unwrap();
        let difference = replay(&spec, point(&case["start"]), 2, &mut feed, expected, &exact, false, &describe(case));
        worst = worst.max(difference);
    }
    // The one-ulp differences of torch's square roots carry through 600
    // steps as relative differences of this size at most.
    assert!(worst < 1e-11, "largest relative difference {worst:e}");
}

/// The points an L-BFGS step called its closure at, in order: where it
/// started, then each iteration's trial points (with line search) or its
/// iterate when evaluated (without).
fn evaluated_points(start: [f64; 2], trace: &losscape::core::optim::StepTrace) -> Vec<[f64; 2]> {
    let mut points = vec![start];
    for it in &trace.iterations {
        if it.wolfe.is_some() {
            points.extend(it.trials.iter().map(|t| t.at.xy()));
        } else if it.loss.is_some() {
            points.push(it.to.xy());
        }
    }
    points
}

#[test]
fn lbfgs_takes_torchs_steps_evaluations_and_trial_points_bit_for_bit() {
    use losscape::core::optim::{Hyper, LbfgsState};
    let golden = fixture();
    let sqrt = torch_sqrt(&golden);
    let cases = golden["lbfgs"].as_array().unwrap();
    assert!(cases.len() >= 9);
    let mut with_search = 0;
    for case in cases {
        let function = case["function"].as_str().unwrap();
        let start = case["start"].to_string();
        let mut optimizer = case["hyper"].as_object().unwrap().clone();
        optimizer.insert("type".into(), "lbfgs".into());
        let text = format!(
            r#"{{"function": "{function}", "start": {start}, "steps": 60, "optimizers": [{}]}}"#,
            Value::Object(optimizer)
        );
        let scenario = Scenario::parse(&text, "golden.json", Path::new("."), "golden").unwrap();
        let spec = &scenario.optimizers[0].spec;
        let Hyper::Lbfgs(lbfgs) = spec.optimizer.hyper else { panic!("not lbfgs") };
        with_search += usize::from(lbfgs.strong_wolfe);
        let landscape = scenario.landscape.clone();
        let dim = landscape.dim();
        let mut evaluate = |p: &[f64]| (landscape.value(p), landscape.gradient(p));
        let mut params = spec.start.clone();
        let mut state = LbfgsState::default();
        let expected = case["params"].as_array().unwrap();
        let evals = case["evals"].as_array().unwrap();
        let evaluated = case["evaluated"].as_array().unwrap();
        let same = |a: [f64; 2], b: [f64; 2]| (0..dim).all(|i| a[i].to_bits() == b[i].to_bits());
        for k in 0..expected.len() {
            let what = format!("{function} {} step {}", case["hyper"], k + 1);
            let (loss, grad) = evaluate(&params);
            let (next, after) =
                lbfgs.step(&params, loss, &grad, spec.optimizer.lr, &state, &mut evaluate, &sqrt).unwrap();
            let torch_points: Vec<[f64; 2]> = evaluated[k].as_array().unwrap().iter().map(point).collect();
            let ours = evaluated_points(params.xy(), &after.trace);
            assert_eq!(ours.len(), torch_points.len(), "{what}: evaluation count");
            for (i, (a, b)) in ours.iter().zip(&torch_points).enumerate() {
                assert!(same(*a, *b), "{what}: evaluation {i} at {a:?}, torch's at {b:?}");
            }
            assert_eq!(after.func_evals, evals[k].as_u64().unwrap(), "{what}: func_evals");
            assert!(same(next.xy(), point(&expected[k])), "{what}: {next:?}, torch {:?}", point(&expected[k]));
            params = next;
            state = after;
        }
        // The engine's run takes the same steps, and ends where torch stops moving.
        let run = losscape::core::run::Run::computed(landscape.clone(), spec.clone());
        for k in 1..=run.steps_taken() {
            assert!(
                same(run.record(k).params.xy(), point(&expected[k - 1])),
                "{function} {}: run step {k}",
                case["hyper"]
            );
        }
        if run.steps_taken() < expected.len() {
            let last = point(&expected[run.steps_taken() - 1]);
            assert!(expected[run.steps_taken()..].iter().all(|p| same(point(p), last)), "torch moved on after");
        }
    }
    assert!(with_search >= 4, "both line-search settings");
}
