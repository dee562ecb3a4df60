//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::Arc;

use losscape::core::Vector;
use losscape::core::landscape::{Builtin, Kind, Landscape};
use losscape::core::optim::{Hyper, Optimizer, OptimizerType};
use losscape::core::run::{Run, RunSpec, StopRules};

/// A built-in landscape by name.
pub fn builtin(name: &str) -> Arc<Landscape> {
    Arc::new(Landscape::new(Kind::Builtin(Builtin::from_name(name).expect("a built-in"))))
}

/// A spec with no schedule, clipping, noise or stop rules.
pub fn spec(optimizer: Optimizer, start: [f64; 2], steps: usize) -> RunSpec {
    spec_from(optimizer, start.into(), steps)
}

/// The same from a start of any number of parameters.
pub fn spec_from(optimizer: Optimizer, start: Vector, steps: usize) -> RunSpec {
    RunSpec {
        optimizer,
        start,
        schedule: None,
        clip_norm: None,
        noise: 0.0,
        batch_size: None,
        seed: 0,
        stop: StopRules::default(),
        max_steps: steps,
    }
}

/// An optimizer with the given learning rate and hyperparameters.
pub fn optimizer(kind: OptimizerType, lr: f64, hyper: Hyper) -> Optimizer {
    Optimizer { kind, lr, hyper }
}

/// A run computed to its end.
pub fn run(landscape: &Arc<Landscape>, spec: RunSpec) -> Run {
    Run::computed(Arc::clone(landscape), spec)
}

/// Asserts |a − b| ≤ tol·max(1, |b|).
#[track_caller]
pub fn assert_close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol * b.abs().max(1.0), "{a} != {b} (tolerance {tol})");
}

/// Asserts every step's parameters match, coordinate by coordinate.
#[track_caller]
pub fn assert_params(run: &Run, expected: &[[f64; 2]], tol: f64) {
    for (k, want) in expected.iter().enumerate() {
        let got = run.record(k + 1).params.xy();
        for i in 0..2 {
            assert!(
                (got[i] - want[i]).abs() <= tol * want[i].abs().max(1e-300),
                "step {}: params {got:?} != {want:?}",
                k + 1
            );
        }
    }
}

/// A C99 hex float (`0x1.8p+1`, `-0x0.0p+0`, `inf`) as Python writes it.
pub fn hexf(text: &str) -> f64 {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let value = match text {
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let body = text.strip_prefix("0x").unwrap();
            let (mantissa, exponent) = body.split_once('p').unwrap();
            let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            let mut bits: u64 = u64::from_str_radix(int, 16).unwrap();
            for c in frac.chars() {
                bits = bits * 16 + c.to_digit(16).unwrap() as u64;
            }
            let exponent: i32 = exponent.parse::<i32>().unwrap() - 4 * frac.len() as i32;
            // Exact: at most 53 significant bits, scaled by a power of two.
            bits as f64 * 2f64.powi(exponent)
        }
    };
    if negative { -value } else { value }
}

/// A JSON array of hex floats.
pub fn hex_vector(v: &serde_json::Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| hexf(x.as_str().unwrap())).collect()
}
