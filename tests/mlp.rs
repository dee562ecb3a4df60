//! A multilayer perceptron as a landscape over its weights, against real
//! torch 2.15 (float64, CPU): tests/reference/torch_mlp.py writes
//! tests/fixtures/torch/mlp.json with the data and weights it used, so that
//! nothing here needs torch or its generator. Losses and gradients agree
//! to rounding, Hessian-vector products and the Hessian's largest
//! eigenvalue as closely, and 200 steps of SGD, momentum and Adam through
//! the run engine follow torch's losses at every step.

use std::sync::Arc;

use losscape::core::landscape::datasets::MAX_SAMPLES;
use losscape::core::landscape::{Activation, Generator, Kind, LabelledPoints, Landscape, Loss, Mlp};
use losscape::core::optim::{Optimizer, OptimizerType};
use losscape::core::run::{Run, RunSpec, StopRules};
use losscape::core::{Vector, norm};
use serde_json::Value;

mod common;
use common::{hex_vector as vector, hexf, spec_from};

fn fixture() -> Value {
    let text = std::fs::read_to_string("tests/fixtures/torch/mlp.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

fn number(v: &Value) -> f64 {
    hexf(v.as_str().unwrap())
}

fn activation(name: &str) -> Activation {
    match name {
        "tanh" => Activation::Tanh,
        "relu" => Activation::Relu,
        "sigmoid" => Activation::Sigmoid,
        _ => panic!("{name}"),
    }
}

/// The network of a fixture case: its widths, activation, loss and data.
fn network(case: &Value) -> Mlp {
    let widths: Vec<usize> = case["widths"].as_array().unwrap().iter().map(|w| w.as_u64().unwrap() as usize).collect();
    let points: Vec<[f64; 2]> =
        case["points"].as_array().unwrap().iter().map(|p| vector(p).try_into().unwrap()).collect();
    let targets = vector(&case["targets"]);
    let (loss, classes) = match case["loss"].as_str().unwrap() {
        "mse" => (Loss::Mse, None),
        "logistic" => (Loss::Logistic, Some(2)),
        "cross_entropy" => (Loss::CrossEntropy { classes: widths[widths.len() - 1] }, Some(widths[widths.len() - 1])),
        other => panic!("{other}"),
    };
    let data = LabelledPoints::new(points, targets, classes).unwrap();
    let mlp =
        Mlp::new(&widths[1..widths.len() - 1], activation(case["activation"].as_str().unwrap()), loss, data).unwrap();
    assert_eq!(mlp.widths(), widths);
    mlp
}

fn relative(ours: f64, torch: f64) -> f64 {
    (ours - torch).abs() / torch.abs().max(1e-300)
}

/// The largest difference of two vectors relative to the size of torch's.
fn relative_vector(ours: &[f64], torch: &[f64]) -> f64 {
    assert_eq!(ours.len(), torch.len());
    let worst = ours.iter().zip(torch).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    worst / norm(torch).max(1e-300)
}

#[test]
fn the_fixture_is_torch_2_15_for_every_activation_and_loss() {
    let golden = fixture();
    assert_eq!(golden["torch"], "2.15.0");
    let cases = golden["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 9);
    for a in ["tanh", "relu", "sigmoid"] {
        for l in ["mse", "logistic", "cross_entropy"] {
            assert!(cases.iter().any(|c| c["activation"] == a && c["loss"] == l), "{a} {l}");
        }
    }
}

#[test]
fn loss_gradient_hessian_vector_product_and_sharpness_agree_with_torch() {
    let golden = fixture();
    let (mut loss_error, mut gradient_error, mut hvp_error, mut eigen_error) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    for case in golden["cases"].as_array().unwrap() {
        let mlp = network(case);
        let name = format!("{} {}", case["activation"], case["loss"]);
        for weights in case["weights"].as_array().unwrap() {
            let (w, v) = (vector(&weights["w"]), vector(&weights["v"]));
            assert_eq!(w.len(), mlp.dim(), "{name}");
            let e = relative(mlp.value(&w), number(&weights["loss"]));
            assert!(e < 1e-12, "{name}: loss off by {e:e}");
            loss_error = loss_error.max(e);
            let e = relative_vector(&mlp.gradient(&w), &vector(&weights["gradient"]));
            assert!(e < 1e-12, "{name}: gradient off by {e:e}");
            gradient_error = gradient_error.max(e);
            let e = relative_vector(&mlp.hessian_vector(&w, &v), &vector(&weights["hessian_vector"]));
            assert!(e < 1e-9, "{name}: Hessian-vector product off by {e:e}");
            hvp_error = hvp_error.max(e);
            let sharpness = mlp.sharpness(&w);
            let e = relative(sharpness.value, number(&weights["largest_eigenvalue"]));
            assert!(e < 1e-9, "{name}: sharpness {sharpness:?} off by {e:e}");
            eigen_error = eigen_error.max(e);
            // Products at the same weights, their forward pass shared, are
            // each the product alone: nothing of one is left in the next.
            let mut curvature = mlp.curvature_at(&w);
            let first = curvature.times(&w);
            assert_eq!(curvature.times(&v), mlp.hessian_vector(&w, &v), "{name}");
            assert_eq!(curvature.times(&w), first, "{name}");
            // The landscape hands out the same numbers.
            let landscape = Landscape::new(Kind::Mlp(mlp.clone()));
            assert_eq!(landscape.value(&w).to_bits(), mlp.value(&w).to_bits());
            assert_eq!(landscape.gradient(&w), mlp.gradient(&w));
            assert_eq!(landscape.hessian_vector(&w, &v), mlp.hessian_vector(&w, &v));
            let (value, gradient) = landscape.value_and_gradient(&w);
            assert_eq!((value.to_bits(), gradient), (mlp.value(&w).to_bits(), mlp.gradient(&w)));
        }
    }
    eprintln!(
        "worst relative differences from torch: loss {loss_error:e}, gradient {gradient_error:e}, \
         Hessian-vector product {hvp_error:e}, largest eigenvalue {eigen_error:e}"
    );
}

#[test]
fn the_gradient_matches_central_differences() {
    let golden = fixture();
    for case in golden["cases"].as_array().unwrap() {
        let mlp = network(case);
        let w = vector(&case["weights"][0]["w"]);
        let g = mlp.gradient(&w);
        let v = vector(&case["weights"][0]["v"]);
        let hv = mlp.hessian_vector(&w, &v);
        for i in 0..mlp.dim() {
            let h = 1e-5;
            let (mut plus, mut minus) = (w.clone(), w.clone());
            plus[i] += h;
            minus[i] -= h;
            let difference = (mlp.value(&plus) - mlp.value(&minus)) / (2.0 * h);
            // ReLU's kinks are far from these weights and points.
            assert!(
                (difference - g[i]).abs() < 1e-7 * (1.0 + g[i].abs()),
                "{}: {} {difference} vs {}",
                case["loss"],
                mlp.parameter_name(i),
                g[i]
            );
        }
        // And the Hessian-vector product the differences of the gradient along v.
        let h = 1e-5;
        let shifted = |s: f64| -> Vec<f64> { w.iter().zip(&v).map(|(w, v)| w + s * v).collect() };
        let (gp, gm) = (mlp.gradient(&shifted(h)), mlp.gradient(&shifted(-h)));
        let scale = norm(&hv).max(1.0);
        for i in 0..mlp.dim() {
            let difference = (gp[i] - gm[i]) / (2.0 * h);
            assert!((difference - hv[i]).abs() < 1e-6 * scale, "{}: {} {difference} vs {}", case["loss"], i, hv[i]);
        }
    }
}

#[test]
fn the_full_hessian_is_built_from_products_and_is_symmetric() {
    let golden = fixture();
    let case = &golden["cases"][0];
    let mlp = network(case);
    let w = vector(&case["weights"][0]["w"]);
    let landscape = Landscape::new(Kind::Mlp(mlp.clone()));
    let h = landscape.hessian(&w);
    assert_eq!(h.dim(), mlp.dim());
    let v = vector(&case["weights"][0]["v"]);
    assert!(relative_vector(&h.times(&v), &mlp.hessian_vector(&w, &v)) < 1e-13);
    for i in 0..h.dim() {
        for j in 0..i {
            assert_eq!(h[i][j], h[j][i]);
        }
    }
    let largest = losscape::core::eigen::largest_eigenvalue(&h).unwrap();
    assert!(relative(largest, number(&case["weights"][0]["largest_eigenvalue"])) < 1e-9);
}

/// The fixture's 2-16-16-1 network and a run of this optimizer on it.
fn training_run(training: &Value, run: &Value) -> Run {
    let mlp = network(training);
    let steps = training["steps"].as_u64().unwrap() as usize;
    let kind = OptimizerType::from_name(run["type"].as_str().unwrap()).unwrap();
    let optimizer = Optimizer { lr: run["hyper"]["lr"].as_f64().unwrap(), ..Optimizer::with_defaults(kind) };
    let spec = spec_from(optimizer, Vector::from(vector(&training["start"])), steps);
    Run::computed(Arc::new(Landscape::new(Kind::Mlp(mlp))), spec)
}

#[test]
fn two_hundred_steps_of_sgd_momentum_and_adam_follow_torchs_losses() {
    let golden = fixture();
    let training = &golden["training"];
    for run in training["runs"].as_array().unwrap() {
        let ours = training_run(training, run);
        let losses = vector(&run["losses"]);
        assert_eq!(ours.steps_taken(), 200, "{}: {:?}", run["type"], ours.status());
        let worst = (0..=200).map(|k| relative(ours.record(k).loss, losses[k])).fold(0.0, f64::max);
        let last = relative_vector(&ours.record(200).params, &vector(&run["final"]));
        eprintln!("{}: worst relative loss difference over 200 steps {worst:e}, final weights {last:e}", run["type"]);
        assert!(worst < 1e-10, "{}: {worst:e}", run["type"]);
        assert!(ours.record(200).loss < 0.05 * ours.record(0).loss, "{}", run["type"]);
    }
}

/// The weights of the same network with hidden layer `layer`'s units
/// reordered: unit i of the new layer is unit `order[i]` of the old one.
fn permuted(widths: &[usize], w: &[f64], layer: usize, order: &[usize]) -> Vec<f64> {
    let mut out = w.to_vec();
    let mut at = 0;
    for l in 1..widths.len() {
        let (n_in, n_out) = (widths[l - 1], widths[l]);
        let (weights, bias) = (at, at + n_in * n_out);
        for i in 0..n_out {
            for j in 0..n_in {
                let from_i = if l == layer { order[i] } else { i };
                let from_j = if l == layer + 1 { order[j] } else { j };
                out[weights + i * n_in + j] = w[weights + from_i * n_in + from_j];
            }
            if l == layer {
                out[bias + i] = w[bias + order[i]];
            }
        }
        at = bias + n_out;
    }
    out
}

#[test]
fn permuting_a_hidden_layers_units_leaves_the_loss_the_same_bit_for_bit() {
    let golden = fixture();
    let training = &golden["training"];
    let mlp = network(training);
    let w = vector(&training["start"]);
    let order: Vec<usize> = (0..16).map(|i| (i * 7 + 3) % 16).collect();
    for layer in [1, 2] {
        let p = permuted(mlp.widths(), &w, layer, &order);
        assert_ne!(p, w);
        assert_eq!(mlp.value(&p).to_bits(), mlp.value(&w).to_bits(), "layer {layer}");
        // The gradient is the same gradient, permuted.
        let (g, gp) = (mlp.gradient(&w), mlp.gradient(&p));
        assert_eq!(permuted(mlp.widths(), &g, layer, &order), gp.to_vec(), "layer {layer}");
    }
    // Both hidden layers at once: the order of one layer's sums must not
    // hang on the places of the units of the layer below or above. The
    // Hessian-vector product, of weights and direction permuted alike, is
    // the same product permuted.
    let (w, v) = (&w[..], &mlp.init(7));
    let reversed: Vec<usize> = (0..16).rev().collect();
    let both = |w: &[f64]| permuted(mlp.widths(), &permuted(mlp.widths(), w, 1, &order), 2, &reversed);
    let p = both(w);
    assert_eq!(mlp.value(&p).to_bits(), mlp.value(w).to_bits());
    assert_eq!(both(&mlp.gradient(w)), mlp.gradient(&p).to_vec());
    assert_eq!(both(&mlp.hessian_vector(w, v)), mlp.hessian_vector(&p, &both(v)).to_vec());
    for case in golden["cases"].as_array().unwrap() {
        let mlp = network(case);
        let w = vector(&case["weights"][1]["w"]);
        let p = permuted(mlp.widths(), &w, 1, &[4, 2, 0, 3, 1]);
        let q = permuted(mlp.widths(), &w, 2, &[3, 1, 0, 2]);
        assert_eq!(mlp.value(&p).to_bits(), mlp.value(&w).to_bits(), "{} {}", case["activation"], case["loss"]);
        assert_eq!(mlp.value(&q).to_bits(), mlp.value(&w).to_bits(), "{} {}", case["activation"], case["loss"]);
    }
}

#[test]
fn names_init_predictions_and_accuracy() {
    let data = Generator::Blobs { centers: 3 }.generate(90, 0.2, 4).unwrap();
    let mlp = Mlp::new(&[8, 4], Activation::Relu, Loss::CrossEntropy { classes: 3 }, data).unwrap();
    assert_eq!(mlp.dim(), 3 * 8 + 9 * 4 + 5 * 3);
    let landscape = Landscape::new(Kind::Mlp(mlp.clone()));
    assert_eq!(landscape.dim(), mlp.dim());
    assert_eq!(landscape.data_len(), Some(90));
    // About one built-in evaluation per weight and point of the batch.
    assert_eq!(landscape.gradient_cost(None), 90.0 * 75.0);
    assert_eq!(landscape.gradient_cost(Some(16)), 16.0 * 75.0);
    assert!(landscape.formula().contains("2-8-4-3 relu"), "{}", landscape.formula());
    assert_eq!(landscape.name(), "mlp");
    assert_eq!(landscape.parameter_name(0), "W1[0,0]");
    assert_eq!(landscape.parameter_name(3), "W1[1,1]");
    assert_eq!(landscape.parameter_name(16), "b1[0]");
    assert_eq!(landscape.parameter_name(24), "W2[0,0]");
    assert_eq!(landscape.parameter_name(24 + 32 + 3), "b2[3]");
    assert_eq!(landscape.parameter_name(mlp.dim() - 1), "b3[2]");
    assert!(landscape.minima().is_empty());
    // torch's nn.Linear rule: within ±1/√(inputs), the same for a seed.
    let w = mlp.init(1);
    assert_eq!(w, mlp.init(1));
    assert_ne!(w, mlp.init(2));
    assert!(w[..24].iter().all(|x| x.abs() <= 1.0 / 2f64.sqrt()));
    assert!(w[24..60].iter().all(|x| x.abs() <= 1.0 / 8f64.sqrt()));
    assert!(w[60..].iter().all(|x| x.abs() <= 0.5));
    assert_eq!(mlp.predict(&w, [0.5, -0.5]).len(), 3);
    let accuracy = mlp.accuracy(&w).unwrap();
    assert!((0.0..=1.0).contains(&accuracy));
    // A mini-batch of every point is the full batch; of one point, its own.
    let all: Vec<usize> = (0..90).collect();
    assert_eq!(mlp.batch_gradient(&w, &all), mlp.gradient(&w));
    assert_eq!(landscape.batch_gradient(&w, &[5, 7]), mlp.batch_gradient(&w, &[5, 7]));
    assert_eq!(mlp.batch_value(&w, &all).to_bits(), mlp.value(&w).to_bits());
    assert_eq!((mlp.batch_value(&w, &[]), mlp.batch_gradient(&w, &[])), (0.0, Vector::zeros(mlp.dim())));
    // Gradient descent on the blobs learns them.
    let spec = RunSpec {
        optimizer: Optimizer { lr: 0.05, ..Optimizer::with_defaults(OptimizerType::Adam) },
        start: w,
        schedule: None,
        clip_norm: None,
        noise: 0.0,
        batch_size: Some(16),
        seed: 3,
        stop: StopRules::default(),
        max_steps: 300,
    };
    let run = Run::computed(Arc::new(landscape), spec);
    let last = &run.record(run.steps_taken()).params;
    assert!(mlp.accuracy(last).unwrap() > 0.95, "{:?}", mlp.accuracy(last));
    assert!(mlp.value(last) < 0.2 * mlp.value(&run.record(0).params));
    // A regression has no accuracy; bad shapes are refused.
    let line = Generator::NoisyLine.generate(10, 0.1, 1).unwrap();
    let regression = Mlp::new(&[3], Activation::Tanh, Loss::Mse, line.clone()).unwrap();
    assert_eq!(regression.accuracy(&regression.init(0)), None);
    assert!(Mlp::new(&[], Activation::Tanh, Loss::Mse, line.clone()).is_err());
    assert!(Mlp::new(&[65], Activation::Tanh, Loss::Mse, line.clone()).is_err());
    assert!(Mlp::new(&[4; 5], Activation::Tanh, Loss::Mse, line.clone()).is_err());
    assert!(Mlp::new(&[4], Activation::Tanh, Loss::Logistic, line).is_err());
}

#[test]
fn generated_data_sets_are_the_same_for_a_seed_and_have_their_shape() {
    let generators = [
        Generator::Moons,
        Generator::Circles { factor: 0.5 },
        Generator::Spirals { arms: 3 },
        Generator::Xor,
        Generator::Blobs { centers: 4 },
        Generator::NoisyLine,
    ];
    for g in generators {
        let data = g.generate(301, 0.1, 42).unwrap();
        assert_eq!(data, g.generate(301, 0.1, 42).unwrap(), "{}", g.name());
        assert_ne!(data, g.generate(301, 0.1, 43).unwrap(), "{}", g.name());
        assert_eq!(data.len(), 301);
        assert_eq!(data.targets().len(), 301);
        assert_eq!(data.classes(), g.classes());
        // XOR's classes are as its uniform points fall; the others' counts are set.
        if let Some(k) = g.classes().filter(|_| g != Generator::Xor) {
            for class in 0..k {
                let count = data.targets().iter().filter(|&&t| t == class as f64).count();
                assert!(count >= 301 / k - 1 && count <= 301 / k + 1, "{}: class {class} has {count}", g.name());
            }
        }
        assert!(g.generate(MAX_SAMPLES, 0.1, 1).is_some());
    }
    // Two moons as scikit-learn's make_moons: without noise, the outer
    // half circle and the inner one shifted by (1, −½), t evenly over [0, π].
    let moons = Generator::Moons.generate(200, 0.0, 0).unwrap();
    for (i, (p, &t)) in moons.points().iter().zip(moons.targets()).enumerate() {
        let s = std::f64::consts::PI * (i % 100) as f64 / 99.0;
        let expected = if i < 100 { [s.cos(), s.sin()] } else { [1.0 - s.cos(), 1.0 - s.sin() - 0.5] };
        assert_eq!(*p, expected, "point {i}");
        assert_eq!(t, if i < 100 { 0.0 } else { 1.0 });
    }
    let xor = Generator::Xor.generate(500, 0.0, 9).unwrap();
    assert!(xor.points().iter().zip(xor.targets()).all(|(p, &t)| (p[0] * p[1] < 0.0) == (t == 1.0)));
    assert!(xor.points().iter().flatten().all(|x| (-1.0..1.0).contains(x)));
    // Noise of 0.1 moves points by about 0.1 in each coordinate.
    let noisy = Generator::Moons.generate(200, 0.1, 0).unwrap();
    let spread = moons.points().iter().zip(noisy.points()).map(|(a, b)| (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2));
    let rms = (spread.sum::<f64>() / 400.0).sqrt();
    assert!((rms - 0.1).abs() < 0.02, "{rms}");
}

/// Full-batch gradient descent at rate `lr` for `steps` steps on a
/// 2-16-16-1 tanh network fitting two moons with mean squared error, and
/// its sharpness every 20 steps.
fn moons_descent(lr: f64, steps: usize) -> (Run, Vec<f64>) {
    let data = Generator::Moons.generate(200, 0.1, 0).unwrap();
    let mlp = Mlp::new(&[16, 16], Activation::Tanh, Loss::Mse, data).unwrap();
    let spec = spec_from(Optimizer { lr, ..Optimizer::with_defaults(OptimizerType::Gd) }, mlp.init(0), steps);
    let run = Run::computed(Arc::new(Landscape::new(Kind::Mlp(mlp.clone()))), spec);
    let sharpness = (0..=run.steps_taken())
        .step_by(20)
        .map(|k| mlp.sharpness_within(&run.record(k).params, 1e-4, 40).value)
        .collect();
    (run, sharpness)
}

#[test]
fn gradient_descent_on_two_moons_trains_at_the_edge_of_stability() {
    // Cohen et al. (2021): under full-batch gradient descent the sharpness
    // rises until it reaches 2/lr, then hovers there while the loss keeps
    // falling, not monotonically; with a small rate it stays well below.
    let slow = std::thread::spawn(|| moons_descent(0.05, 2000));
    let (run, sharpness) = moons_descent(0.2, 2000);
    let edge = 2.0 / 0.2;
    let (start, end) = (run.record(0).loss, run.record(2000).loss);
    let last_half = &sharpness[sharpness.len() / 2..];
    let (low, high) = last_half.iter().fold((f64::INFINITY, 0.0_f64), |(l, h), &s| (l.min(s), h.max(s)));
    eprintln!("lr 0.2: loss {start} to {end}; sharpness every 20 steps {sharpness:?}");
    eprintln!("lr 0.2: sharpness over the last 1000 steps between {low} and {high}");
    assert_eq!(run.steps_taken(), 2000, "{:?}", run.status());
    assert!(sharpness.iter().any(|s| (s - edge).abs() <= 0.1 * edge), "never near 2/lr: {sharpness:?}");
    assert!(low >= 0.8 * edge && high <= 1.2 * edge, "the last half strays from 2/lr: {low} to {high}");
    assert!(end < 0.1 * start, "loss {start} to {end}");
    let (slow, slow_sharpness) = slow.join().unwrap();
    let highest = slow_sharpness.iter().copied().fold(0.0, f64::max);
    eprintln!("lr 0.05: loss {} to {}; sharpness at most {highest}", slow.record(0).loss, slow.record(2000).loss);
    assert!(highest < 2.0 / 0.05, "{slow_sharpness:?}");
}
