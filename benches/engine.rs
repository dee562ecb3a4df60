//! Optimizer steps per second on 2-D Rosenbrock with Adam, history kept;
//! a whole L-BFGS run; Adam on quadratics of 100 and 1,000 parameters; and
//! a small network's landscape: gradient descent steps, a sharpness and
//! the planes through its weights that runs are placed on.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use losscape::core::landscape::{Activation, Builtin, Generator, Kind, Landscape, Loss, Mlp, QuadraticNd};
use losscape::core::optim::{Hyper, Lbfgs, Optimizer, OptimizerType};
use losscape::core::plane::Plane;
use losscape::core::run::{Record, Run, RunSpec, StopRules, simulate};

const STEPS: usize = 100_000;

fn adam_spec(steps: usize) -> RunSpec {
    RunSpec {
        optimizer: Optimizer { lr: 1e-3, ..Optimizer::with_defaults(OptimizerType::Adam) },
        start: [-1.5, 2.0].into(),
        schedule: None,
        clip_norm: None,
        noise: 0.0,
        batch_size: None,
        seed: 0,
        stop: StopRules::default(),
        max_steps: steps,
    }
}

fn adam_rosenbrock(c: &mut Criterion) {
    let landscape = Arc::new(Landscape::new(Kind::Builtin(Builtin::from_name("rosenbrock").unwrap())));
    let spec = adam_spec(STEPS);
    let run = Run::computed(Arc::clone(&landscape), spec.clone());
    let bytes = run.history_bytes();
    println!(
        "history: {} bytes per step ({} records, {} bytes each)",
        bytes / STEPS,
        run.history().len(),
        std::mem::size_of::<Record>()
    );
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(STEPS as u64));
    group.bench_function("adam_rosenbrock_100k_steps_with_history", |b| {
        b.iter(|| black_box(Run::computed(Arc::clone(&landscape), black_box(spec.clone()))))
    });
    // The loop of maps and sweeps: the same steps, no history kept.
    group.bench_function("adam_rosenbrock_100k_steps_simulated", |b| {
        b.iter(|| black_box(simulate(&landscape, black_box(&spec))))
    });
    // A lesson-sized run: Adam's β2 bias correction still needs `pow` at every step.
    let short = adam_spec(1_000);
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("adam_rosenbrock_1k_steps_with_history", |b| {
        b.iter(|| black_box(Run::computed(Arc::clone(&landscape), black_box(short.clone()))))
    });
    // L-BFGS with its line search, to convergence from the classic start.
    let lbfgs = RunSpec {
        optimizer: Optimizer {
            lr: 1.0,
            hyper: Hyper::Lbfgs(Lbfgs { strong_wolfe: true, ..Lbfgs::default() }),
            ..Optimizer::with_defaults(OptimizerType::Lbfgs)
        },
        ..adam_spec(100)
    };
    let run = Run::computed(Arc::clone(&landscape), lbfgs.clone());
    let evals = run.record(run.steps_taken()).evals;
    println!("L-BFGS: {} steps, {evals} evaluations", run.steps_taken());
    group.throughput(Throughput::Elements(evals));
    group.bench_function("lbfgs_strong_wolfe_rosenbrock_run", |b| {
        b.iter(|| black_box(Run::computed(Arc::clone(&landscape), black_box(lbfgs.clone()))))
    });
    group.finish();
}

/// Adam on ½ Σ λᵢ xᵢ² in n parameters (λ from 0.1 to 10, every start
/// coordinate 1): steps per second with and without history.
fn adam_quadratic_nd(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_nd");
    for (n, steps) in [(2, 100_000), (100, 10_000), (1_000, 1_000)] {
        let diagonal: Vec<f64> = (0..n).map(|i| 0.1 + 9.9 * i as f64 / (n - 1) as f64).collect();
        let landscape = Arc::new(Landscape::new(Kind::QuadraticNd(QuadraticNd::new(&diagonal).unwrap())));
        let spec = RunSpec { start: vec![1.0; n].into(), ..adam_spec(steps) };
        let run = Run::computed(Arc::clone(&landscape), spec.clone());
        println!("quadratic, {n} parameters: {} bytes of history per step", run.history_bytes() / steps);
        group.throughput(Throughput::Elements(steps as u64));
        group.bench_function(format!("adam_quadratic_{n}_parameters_{steps}_steps_with_history"), |b| {
            b.iter(|| black_box(Run::computed(Arc::clone(&landscape), black_box(spec.clone()))))
        });
        group.bench_function(format!("adam_quadratic_{n}_parameters_{steps}_steps_simulated"), |b| {
            b.iter(|| black_box(simulate(&landscape, black_box(&spec))))
        });
    }
    group.finish();
}

/// A 2-16-16-1 tanh network fitting 200 points of two moons with mean
/// squared error: 1,000 full-batch gradient descent steps (one pass forward
/// and back a step), and one sharpness estimate by Lanczos on exact
/// Hessian-vector products.
fn mlp_moons(c: &mut Criterion) {
    let data = Generator::Moons.generate(200, 0.1, 0).unwrap();
    let mlp = Mlp::new(&[16, 16], Activation::Tanh, Loss::Mse, data).unwrap();
    let landscape = Arc::new(Landscape::new(Kind::Mlp(mlp.clone())));
    let spec = RunSpec {
        optimizer: Optimizer { lr: 0.2, ..Optimizer::with_defaults(OptimizerType::Gd) },
        start: mlp.init(0),
        ..adam_spec(1_000)
    };
    let w = mlp.init(0);
    println!("sharpness at the start: {:?}", mlp.sharpness(&w));
    let mut group = c.benchmark_group("engine_mlp");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("gd_mlp_2_16_16_1_200_points_1k_steps_with_history", |b| {
        b.iter(|| black_box(Run::computed(Arc::clone(&landscape), black_box(spec.clone()))))
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("sharpness_mlp_2_16_16_1_200_points", |b| b.iter(|| black_box(mlp.sharpness(black_box(&w)))));
    // The planes of the two-moons example's runs: 1,001 iterates of each of
    // two 2,000-step runs (every second, as `losscape run` reads them), and
    // the Hessian's top two eigenvectors at the start.
    let runs: Vec<Run> = [0.2, 0.05]
        .map(|lr| {
            let spec = RunSpec { optimizer: Optimizer { lr, ..spec.optimizer }, ..adam_spec(2_000) };
            Run::computed(Arc::clone(&landscape), RunSpec { start: mlp.init(0), ..spec })
        })
        .into();
    let iterates: Vec<Vec<&[f64]>> =
        runs.iter().map(|run| run.history().iter().step_by(2).map(|r| &r.params[..]).collect()).collect();
    group.bench_function("plane_pca_two_moons_runs", |b| {
        b.iter(|| black_box(Plane::through_iterates(black_box(&iterates)).unwrap()))
    });
    group.bench_function("plane_hessian_mlp_2_16_16_1_200_points", |b| {
        b.iter(|| black_box(Plane::of_curvature(&landscape, black_box(w.clone())).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, adam_rosenbrock, adam_quadratic_nd, mlp_moons);
criterion_main!(benches);
