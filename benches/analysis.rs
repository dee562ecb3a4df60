//! Many runs at once, on every core: a basin map, a learning-rate sweep and
//! a rate map.

use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use criterion::{Criterion, criterion_group, criterion_main};
use losscape::core::analysis::{basins, log_spaced, sweep};
use losscape::core::ratemap::{evenly_spaced, rate_map};
use losscape::core::scenario::Scenario;

fn scenario(text: &str) -> Scenario {
    Scenario::parse(text, "bench.json", Path::new("."), "bench").unwrap()
}

fn analysis(c: &mut Criterion) {
    // 200 × 120 starts × 500 Adam steps = 12 million steps; no stop rule, so
    // every run takes all of them.
    let himmelblau = scenario(
        r#"{"function": "himmelblau", "start": [0, 0], "steps": 500, "optimizers": [{"type": "adam", "lr": 0.05}]}"#,
    );
    let (landscape, spec) = (&himmelblau.landscape, &himmelblau.optimizers[0].spec);
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.bench_function("basins_himmelblau_200x120_adam_500_steps", |b| {
        b.iter(|| black_box(basins(landscape, spec, landscape.domain(), 200, 120, &never)))
    });
    // 200 learning rates × 1,000 GD steps on Rosenbrock.
    let rosenbrock = scenario(
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 1000, "optimizers": [{"type": "gd", "lr": 0.001}]}"#,
    );
    let rates = log_spaced(1e-6, 0.1, 200);
    group.bench_function("sweep_rosenbrock_200_rates_1000_steps", |b| {
        b.iter(|| black_box(sweep(&rosenbrock.landscape, &rosenbrock.optimizers[0].spec, &rates, &never)))
    });
    // The rate map: 100 learning rates × 60 momenta × 1,000 heavy-ball
    // steps on the ill-conditioned quadratic (6 million steps).
    let quadratic = scenario(
        r#"{"function": {"name": "quadratic", "a": 1, "b": 25}, "start": [-4.5, 1.5], "steps": 1000,
            "optimizers": [{"type": "momentum", "lr": 0.05, "momentum": 0.5}]}"#,
    );
    let rates = log_spaced(5e-5, 5.0, 100);
    let momenta = evenly_spaced(0.0, 0.99, 60);
    group.bench_function("ratemap_quadratic_100x60_heavy_ball_1000_steps", |b| {
        b.iter(|| black_box(rate_map(&quadratic.landscape, &quadratic.optimizers[0].spec, &rates, &momenta, &never)))
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
