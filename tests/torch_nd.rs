//! Ten parameters: golden runs from real torch 2.15 (float64, CPU, default
//! kernels) on the quadratic ½ Σ λᵢ xᵢ², written by
//! tests/reference/torch_golden.py (`write_nd`). Every optimizer whose update is element by
//! element steps through torch's numbers to the bit, as in two dimensions
//! (tests/torch_golden.rs); clipping and L-BFGS, whose sums torch orders
//! its own way, stay within rounding. And what theory says of gradient
//! descent and Newton's method there.

use std::collections::HashMap;
use std::path::Path;

use losscape::core::Vector;
use losscape::core::optim::{OptimizerType, ScheduleState, clip_grad_norm};
use losscape::core::run::Run;
use losscape::core::scenario::Scenario;
use serde_json::{Value, json};

mod common;
use common::{hex_vector as vector, hexf};

fn fixture() -> Value {
    let text = std::fs::read_to_string("tests/fixtures/torch/nd.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The scenario of a fixture case, read through the scenario loader as a
/// file would give it: the quadratic of the fixture's diagonal, its start,
/// and the case's optimizer, schedule and clipping.
fn scenario(golden: &Value, case: &Value) -> Scenario {
    let mut optimizer = case["hyper"].as_object().unwrap().clone();
    optimizer.insert("type".into(), case["type"].clone());
    for key in ["schedule", "clip_norm"] {
        if !case[key].is_null() {
            optimizer.insert(key.into(), case[key].clone());
        }
    }
    let text = json!({
        "function": {"name": "quadratic_nd", "diagonal": golden["diagonal"]},
        "start": golden["start"],
        "steps": golden["steps"],
        "optimizers": [optimizer],
    });
    Scenario::parse(&text.to_string(), "nd.json", Path::new("."), "nd").unwrap()
}

fn torch_sqrt(golden: &Value) -> impl Fn(f64) -> f64 {
    let table: HashMap<u64, f64> = golden["sqrt_exceptions"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(input, output)| (hexf(input).to_bits(), hexf(output.as_str().unwrap())))
        .collect();
    move |x: f64| table.get(&x.to_bits()).copied().unwrap_or_else(|| x.sqrt())
}

fn describe(case: &Value) -> String {
    format!("{} {} schedule {} clip {}", case["type"], case["hyper"], case["schedule"], case["clip_norm"])
}

/// Steps the case's optimizer as a run does (gradient of the landscape,
/// clipping, update, then the schedule), with the square root given;
/// returns the parameters after every step.
fn replay(scenario: &Scenario, steps: usize, sqrt: &dyn Fn(f64) -> f64) -> Vec<Vector> {
    let spec = &scenario.optimizers[0].spec;
    let landscape = &scenario.landscape;
    let optimizer = spec.optimizer;
    let mut params = spec.start.clone();
    let mut state = optimizer.initial_state(params.len());
    let (mut lr, mut schedule_state) = (optimizer.lr, ScheduleState::default());
    let mut out = Vec::new();
    for k in 0..steps {
        let (mut g, loss) = (landscape.gradient(&params), landscape.value(&params));
        if let Some(max) = spec.clip_norm {
            clip_grad_norm(&mut g, max);
        }
        params = optimizer
            .update_with_sqrt(&params, &g, lr, k as u64 + 1, &mut state, || landscape.hessian(&params), sqrt)
            .unwrap();
        if let Some(s) = &spec.schedule {
            lr = s.next_lr(optimizer.lr, lr, k as u64 + 1, loss, &mut schedule_state);
        }
        out.push(params.clone());
    }
    out
}

#[test]
fn the_fixture_is_torch_2_15_in_ten_dimensions() {
    let golden = fixture();
    assert!(golden["torch"].as_str().unwrap().starts_with("2.15"));
    assert_eq!(golden["diagonal"].as_array().unwrap().len(), 10);
    assert_eq!(golden["start"].as_array().unwrap().len(), 10);
    let runs = golden["runs"].as_array().unwrap();
    assert!(runs.len() >= 25);
    // Every element-wise optimizer type of torch's is among them (Lion is
    // checked against its paper's box in tests/optimizers.rs).
    for kind in OptimizerType::ALL {
        if kind.declaration().torch && kind != OptimizerType::Lbfgs {
            assert!(runs.iter().any(|r| r["type"] == kind.name()), "{}", kind.name());
        }
    }
}

#[test]
fn every_element_wise_optimizer_steps_through_torchs_numbers_in_ten_dimensions() {
    let golden = fixture();
    let sqrt = torch_sqrt(&golden);
    let steps = golden["steps"].as_u64().unwrap() as usize;
    for case in golden["runs"].as_array().unwrap() {
        let scenario = scenario(&golden, case);
        let expected: Vec<Vec<f64>> = case["params"].as_array().unwrap().iter().map(vector).collect();
        assert_eq!(expected.len(), steps);
        for (k, (ours, torch)) in replay(&scenario, steps, &sqrt).iter().zip(&expected).enumerate() {
            assert_eq!(ours.len(), 10);
            for i in 0..10 {
                assert_eq!(
                    ours[i].to_bits(),
                    torch[i].to_bits(),
                    "{}: step {} coordinate {i}: {:e} != torch's {:e}",
                    describe(case),
                    k + 1,
                    ours[i],
                    torch[i]
                );
            }
        }
        // The engine's own run takes the same steps where it takes no
        // square root (with one, it takes its correctly rounded one).
        let no_sqrt = ["gd", "sgd", "momentum", "nesterov", "adamax", "rprop"];
        if no_sqrt.contains(&case["type"].as_str().unwrap()) {
            let run = Run::computed(scenario.landscape.clone(), scenario.optimizers[0].spec.clone());
            assert_eq!(run.steps_taken(), steps, "{}: {:?}", describe(case), run.status());
            for k in 1..=steps {
                let got = &run.record(k).params;
                assert!(
                    got.iter().zip(&expected[k - 1]).all(|(a, b)| a.to_bits() == b.to_bits()),
                    "{}: the run's step {k} is {got:?}, torch's {:?}",
                    describe(case),
                    expected[k - 1]
                );
            }
        }
    }
}

/// The largest difference between two runs' parameters, relative to the
/// size of torch's.
fn worst_relative(ours: &[Vector], torch: &[Vec<f64>]) -> f64 {
    ours.iter()
        .zip(torch)
        .map(|(a, b)| {
            let scale = b.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-300);
            a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max) / scale
        })
        .fold(0.0, f64::max)
}

#[test]
fn clipped_runs_stay_within_rounding_of_torch() {
    let golden = fixture();
    let sqrt = torch_sqrt(&golden);
    let steps = golden["steps"].as_u64().unwrap() as usize;
    for case in golden["clipped"].as_array().unwrap() {
        assert!(case["clip_norm"].is_number());
        let scenario = scenario(&golden, case);
        let expected: Vec<Vec<f64>> = case["params"].as_array().unwrap().iter().map(vector).collect();
        // torch sums the norm's ten squares in its vectorised order, which
        // can differ from the sum in order by an ulp; 200 steps carry that
        // no further than this.
        let worst = worst_relative(&replay(&scenario, steps, &sqrt), &expected);
        assert!(worst < 1e-12, "{}: relative difference {worst:e}", describe(case));
    }
}

#[test]
fn lbfgs_in_ten_dimensions_follows_torch_within_rounding() {
    let golden = fixture();
    for case in golden["lbfgs"].as_array().unwrap() {
        let mut case = case.clone();
        case["type"] = "lbfgs".into();
        let scenario = scenario(&golden, &case);
        let expected: Vec<Vec<f64>> = case["params"].as_array().unwrap().iter().map(vector).collect();
        let run = Run::computed(scenario.landscape.clone(), scenario.optimizers[0].spec.clone());
        let ours: Vec<Vector> = (1..=expected.len()).map(|k| run.record(k).params.clone()).collect();
        // BLAS sums torch's dot products in its own order: the steps agree
        // to rounding, measured against the start's distance from the minimum.
        let scale = losscape::core::norm(&run.record(0).params);
        let worst = ours
            .iter()
            .zip(&expected)
            .flat_map(|(a, b)| a.iter().zip(b).map(|(x, y)| (x - y).abs()))
            .fold(0.0, f64::max);
        assert!(worst < 1e-12 * scale, "{}: difference {worst:e}", case["hyper"]);
        assert!(run.steps_taken() >= 2, "{}: {:?}", case["hyper"], run.status());
    }
}

/// The quadratic ½ Σ λᵢ xᵢ² with gradient descent at rate `lr` from `start`.
fn gd_run(diagonal: &[f64], start: &[f64], lr: f64, steps: usize) -> Run {
    let text = json!({
        "function": {"name": "quadratic_nd", "diagonal": diagonal},
        "start": start,
        "steps": steps,
        "optimizers": [{"type": "gd", "lr": lr}],
    });
    let scenario = Scenario::parse(&text.to_string(), "gd.json", Path::new("."), "gd").unwrap();
    Run::computed(scenario.landscape.clone(), scenario.optimizers[0].spec.clone())
}

#[test]
fn gradient_descent_multiplies_each_coordinate_by_one_minus_lr_lambda() {
    // With curvatures and a rate of few bits, every product is exact and
    // so is the theory: x_k = (1 − lr·λᵢ)ᵏ·x₀, bit for bit. lr = 1/4 and
    // λ = 0.5, …, 7 give factors 7/8, 3/4, …, 0, −1/2, −3/4: each of at
    // most three bits, so 16 steps need at most 48 bits.
    let diagonal = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 6.0, 7.0];
    let run = gd_run(&diagonal, &[1.0; 10], 0.25, 16);
    for k in 0..=16 {
        for (i, lambda) in diagonal.iter().enumerate() {
            let theory = (1.0 - 0.25 * lambda).powi(k as i32);
            assert_eq!(run.record(k).params[i], theory, "step {k}, coordinate {i} (λ = {lambda})");
        }
    }
    // With the fixture's curvatures and start, each step's ratio is
    // 1 − lr·λᵢ to within the two roundings of the step (λx, then x − lr·λx).
    let golden = fixture();
    let diagonal: Vec<f64> = golden["diagonal"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let start: Vec<f64> = golden["start"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let lr = 0.1;
    let run = gd_run(&diagonal, &start, lr, 200);
    for k in 0..200 {
        let (now, next) = (&run.record(k).params, &run.record(k + 1).params);
        for i in 0..10 {
            let factor = 1.0 - lr * diagonal[i];
            let error = (next[i] - factor * now[i]).abs();
            assert!(
                error <= 4.0 * f64::EPSILON * now[i].abs(),
                "step {k}, coordinate {i}: {} vs {factor}",
                next[i] / now[i]
            );
        }
    }
    // The slowest coordinate (λ = 0.1, from 1) sets the pace: 0.99²⁰⁰.
    let slowest = 0.99f64.powi(200);
    assert!((losscape::core::norm(&run.record(200).params) - slowest).abs() < 1e-3 * slowest);
    // Stable below 2/λmax = 0.25, divergent above.
    let unstable = gd_run(&diagonal, &start, 0.26, 400);
    assert_eq!(unstable.status().name(), "diverged", "lr 0.26 > 2/8");
}

#[test]
fn every_optimizer_descends_the_ten_dimensional_quadratic_and_newton_lands_in_one_step() {
    let golden = fixture();
    for kind in OptimizerType::ALL {
        let text = json!({
            "function": {"name": "quadratic_nd", "diagonal": golden["diagonal"]},
            "start": golden["start"],
            "steps": 300,
            "optimizers": [{"type": kind.name()}],
        });
        let scenario = Scenario::parse(&text.to_string(), "all.json", Path::new("."), "all").unwrap();
        let run = Run::computed(scenario.landscape.clone(), scenario.optimizers[0].spec.clone());
        let (start, end) = (run.record(0).loss, run.record(run.steps_taken()).loss);
        assert!(run.steps_taken() >= 1 && end < start, "{}: {start} to {end}, {:?}", kind.name(), run.status());
        assert!(run.history().iter().all(|r| r.params.len() == 10 && r.grad.len() == 10), "{}", kind.name());
    }
    // Newton with the full Hessian and lr = 1: x − H⁻¹λx, the origin up
    // to the rounding of (λx)/λ.
    let text = json!({
        "function": {"name": "quadratic_nd", "diagonal": golden["diagonal"]},
        "start": golden["start"],
        "steps": 1,
        "optimizers": [{"type": "newton"}],
    });
    let scenario = Scenario::parse(&text.to_string(), "newton.json", Path::new("."), "newton").unwrap();
    let run = Run::computed(scenario.landscape.clone(), scenario.optimizers[0].spec.clone());
    let (start, end) = (&run.record(0).params, &run.record(1).params);
    for i in 0..10 {
        assert!(end[i].abs() <= f64::EPSILON * start[i].abs(), "coordinate {i}: {}", end[i]);
    }
}
