//! Basins of attraction and learning-rate sweeps against what the theory
//! says, and their command-line output.

use std::sync::atomic::AtomicBool;

use assert_cmd::Command;
use losscape::core::analysis::{basin_point, basin_row, basins, log_spaced, sweep, sweep_point};
use losscape::core::run::Ending;
use losscape::lessons::find;

/// A cancel flag is looked at inside each run, not only between rows: with
/// it raised, not even one run of a map, a row or a sweep is computed, and
/// without it the same calls compute.
#[test]
fn a_raised_flag_stops_even_a_single_run() {
    let scenario = find("several-minima").unwrap().scenario().unwrap();
    let (landscape, spec) = (&scenario.landscape, &scenario.optimizers[0].spec);
    let (raised, never) = (AtomicBool::new(true), AtomicBool::new(false));
    assert!(sweep_point(landscape, spec, 0.01, &raised).is_none());
    assert!(sweep_point(landscape, spec, 0.01, &never).is_some_and(|p| p.steps > 0));
    assert!(basin_row(landscape, spec, landscape.domain(), (1, 1), 0, &raised).is_none());
    assert_eq!(basin_row(landscape, spec, landscape.domain(), (1, 1), 0, &never).map(|r| r.len()), Some(1));
    let rate_row = losscape::core::ratemap::rate_row;
    assert!(rate_row(landscape, spec, &[0.01], 0.5, &raised).is_none());
    assert_eq!(rate_row(landscape, spec, &[0.01], 0.5, &never).map(|r| r.len()), Some(1));
}

#[test]
fn each_himmelblau_minimum_owns_its_neighbourhood() {
    let scenario = find("several-minima").unwrap().scenario().unwrap();
    let (landscape, spec) = (&scenario.landscape, &scenario.optimizers[0].spec);
    assert_eq!(spec.optimizer.lr, 0.01, "small-lr GD");
    for (i, m) in landscape.minima().iter().enumerate() {
        for (dx, dy) in [(0.3, 0.0), (-0.3, 0.0), (0.0, 0.3), (0.0, -0.3), (0.2, 0.2), (-0.2, -0.2)] {
            let start = [m.point[0] + dx, m.point[1] + dy];
            let p = basin_point(landscape, spec, start);
            assert_eq!(
                p.minimum,
                Some(i),
                "start {start:?} should end at minimum {i} {:?}, ended {:?}",
                m.point,
                p.end
            );
        }
    }
    // The whole map has all four basins and nothing else.
    let never = AtomicBool::new(false);
    let map = basins(landscape, spec, landscape.domain(), 24, 24, &never).unwrap();
    assert_eq!(map.len(), 24 * 24);
    for i in 0..4 {
        assert!(map.iter().filter(|p| p.minimum == Some(i)).count() > 24 * 24 / 8);
    }
    assert!(map.iter().all(|p| p.minimum.is_some()));
    // A raised flag stops the work.
    assert!(basins(landscape, spec, landscape.domain(), 24, 24, &AtomicBool::new(true)).is_none());
}

#[test]
fn gd_sweep_on_a_parabola_turns_where_the_theory_says() {
    // f'' = λ = 2: the error shrinks by |1 − 2·lr| a step, fastest at lr = 1/λ
    // = 0.5, and grows beyond 2/λ = 1.
    let scenario = find("learning-rate").unwrap().scenario().unwrap();
    let gap = |p: &losscape::core::analysis::SweepPoint| {
        let g = p.final_loss + 0.25;
        if g.is_finite() { g } else { f64::INFINITY }
    };
    // Ten steps: the loss falls until near 0.5 and rises after. Around 0.5
    // f − f* = 156·(1 − 2·lr)²⁰ drops below what f64 resolves when
    // x² + 5x + 6 cancels down to −0.25 (rounding noise of about 1e-15), so
    // the bottom is a floor: below 1e-13 where |1 − 2·lr| < 0.17, lr within
    // [0.41, 0.59].
    const FLOOR: f64 = 1e-13;
    let mut spec = scenario.optimizers[0].spec.clone();
    spec.max_steps = 10;
    let points = sweep(&scenario.landscape, &spec, &log_spaced(1e-3, 3.0, 241), &AtomicBool::new(false)).unwrap();
    let gap = |p: &losscape::core::analysis::SweepPoint| if gap(p) < FLOOR { 0.0 } else { gap(p) };
    let first = points.iter().position(|p| gap(p) == 0.0).unwrap();
    let last = points.iter().rposition(|p| gap(p) == 0.0).unwrap();
    assert!(points[first].lr > 0.4 && points[last].lr < 0.6, "bottom from {} to {}", points[first].lr, points[last].lr);
    assert!(points[first].lr <= 0.5 && 0.5 <= points[last].lr);
    for w in points[..=first].windows(2) {
        assert!(gap(&w[1]) <= gap(&w[0]), "falls up to the turn: {} then {}", w[0].lr, w[1].lr);
    }
    for w in points[last..].windows(2) {
        assert!(gap(&w[1]) >= gap(&w[0]), "rises after the turn: {} then {}", w[0].lr, w[1].lr);
    }
    // A hundred steps: below 2/λ every rate gains on the start, above it
    // every rate loses, and past |1 − 2·lr| > 1.23 (lr > 1.12) the error
    // 12.5·|1 − 2·lr|ᵏ passes 1e10 within the run: divergence.
    spec.max_steps = 100;
    let start_gap = scenario.landscape.value(&spec.start) + 0.25;
    for p in sweep(&scenario.landscape, &spec, &log_spaced(1e-3, 3.0, 121), &AtomicBool::new(false)).unwrap() {
        if p.lr < 1.0 {
            assert!(gap(&p) < start_gap && p.status != Ending::Diverged, "stable below 2/λ at lr {}", p.lr);
        }
        if p.lr > 1.0 {
            assert!(gap(&p) > start_gap, "grows beyond 2/λ at lr {}", p.lr);
        }
        if p.lr > 1.13 {
            assert_eq!(p.status, Ending::Diverged, "lr {}", p.lr);
        }
    }
}

fn losscape() -> Command {
    Command::cargo_bin("losscape").unwrap()
}

#[test]
fn basins_json_has_exactly_the_documented_shape() {
    let out = losscape().args(["basins", "several-minima", "--size", "8x4", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["minima", "points"]);
    assert_eq!(v["minima"].as_array().unwrap().len(), 4);
    assert_eq!(v["minima"][0], serde_json::json!([3.0, 2.0]));
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 32);
    let mut keys: Vec<_> = points[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["end", "minimum", "start", "status", "steps"]);
    // Row 0 is the top: the first start is the top-left pixel's centre.
    assert_eq!(points[0]["start"], serde_json::json!([-5.0 + 10.0 / 16.0, 5.0 - 10.0 / 8.0]));
    // Top-left of Himmelblau's square drains to (−2.81, 3.13), minimum 1.
    assert_eq!(points[0]["minimum"], 1);
}

#[test]
fn basins_text_draws_one_letter_per_basin() {
    let out = losscape().args(["basins", "several-minima", "--size", "20x10"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let map: Vec<&str> = text.lines().take(10).collect();
    assert!(map.iter().all(|l| l.len() == 20));
    assert!(map[0].starts_with('B') && map[0].ends_with('A') && map[9].starts_with('C') && map[9].ends_with('D'));
    assert!(text.contains("A ends within 1e-3 of (3, 2)"));
}

#[test]
fn basins_need_two_dimensions_and_a_known_label() {
    let out = losscape().args(["basins", "learning-rate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("basins are mapped for 2-D landscapes"));
    let out = losscape().args(["basins", "several-minima", "--optimizer", "nobody"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no optimizer is labelled `nobody`; the labels are: from (0, 0)")
    );
}

#[test]
fn sweep_json_has_exactly_the_documented_shape() {
    let out = losscape()
        .args([
            "sweep",
            "learning-rate",
            "--optimizer",
            "lr 0.1",
            "--lr-min",
            "0.01",
            "--lr-max",
            "10",
            "--points",
            "4",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["optimizer"], "lr 0.1");
    let points = v["points"].as_array().unwrap();
    let lrs: Vec<f64> = points.iter().map(|p| p["lr"].as_f64().unwrap()).collect();
    assert_eq!(lrs[0], 0.01);
    assert_eq!(lrs[3], 10.0);
    assert!((lrs[1] - 0.1).abs() < 1e-12 && (lrs[2] - 1.0).abs() < 1e-12);
    let mut keys: Vec<_> = points[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["final_loss", "lr", "status", "steps"]);
    // lr 10 overflows: its final loss is not finite, so null.
    assert_eq!(points[3]["status"], "diverged");
    assert!(points[3]["final_loss"].is_null() || points[3]["final_loss"].as_f64().unwrap() > 1e15);
    let out = losscape().args(["sweep", "learning-rate", "--lr-min", "1", "--lr-max", "0.1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn ratemap_json_has_exactly_the_documented_shape() {
    let out = losscape()
        .args(["ratemap", "momentum-map", "--optimizer", "Heavy ball", "--size", "6x3", "--format", "json"])
        .args(["--lr-min", "0.001", "--lr-max", "1", "--momentum-min", "0", "--momentum-max", "0.9"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["cells", "lr", "momentum", "optimizer"]);
    assert_eq!(v["optimizer"], "Heavy ball");
    // Six rates evenly spaced in log scale: 10^(−3 + 0.6k).
    let lr: Vec<f64> = v["lr"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    assert_eq!(lr.len(), 6);
    for (k, x) in lr.iter().enumerate() {
        assert!((x / 10f64.powf(-3.0 + 0.6 * k as f64) - 1.0).abs() < 1e-12, "{x}");
    }
    assert_eq!(v["momentum"], serde_json::json!([0.0, 0.45, 0.9]));
    let cells = v["cells"].as_array().unwrap();
    assert_eq!((cells.len(), cells[0].as_array().unwrap().len()), (3, 6), "rows by momentum, columns by lr");
    let mut keys: Vec<_> = cells[0][0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["final_loss", "status", "steps"]);
    // lr 1 on a curvature of 50 blows up at every momentum; the run stops
    // once a parameter passes 1e10, so its last loss is huge but finite.
    assert!(
        cells.iter().all(|row| row[5]["status"] == "diverged" && row[5]["final_loss"].as_f64().unwrap() > 1e15),
        "{cells:?}"
    );
    assert!(cells[0][0]["final_loss"].as_f64().unwrap() > 0.0);
}

#[test]
fn the_rate_map_agrees_with_heavy_ball_theory_on_a_quadratic() {
    use losscape::core::ratemap::{HeavyBall, evenly_spaced, rate_map};
    // f = x² + 10y² (λ = 2, 20), heavy ball from (1, 1), 200 steps.
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 200,
                   "optimizers": [{"type": "momentum", "lr": 0.05, "momentum": 0.5}]}"#;
    let scenario = losscape::core::scenario::Scenario::parse(text, "q.json", std::path::Path::new("."), "q").unwrap();
    let spec = &scenario.optimizers[0].spec;
    let theory = HeavyBall::of(&scenario.landscape, spec).unwrap();
    assert_eq!((theory.lambda_min, theory.lambda_max), (2.0, 20.0));
    let rates = log_spaced(1e-3, 1.0, 41);
    let momenta = evenly_spaced(0.0, 0.95, 20);
    let never = AtomicBool::new(false);
    let cells = rate_map(&scenario.landscape, spec, &rates, &momenta, &never).unwrap();
    for (r, row) in cells.iter().enumerate() {
        for (c, p) in row.iter().enumerate() {
            let (lr, mu) = (rates[c], momenta[r]);
            if lr < 0.9 * theory.max_lr(mu) {
                assert!(!p.escaped && p.final_loss < 11.0, "lr {lr} μ {mu}: stable, got {}", p.final_loss);
            }
            if lr > 1.1 * theory.max_lr(mu) {
                assert!(p.escaped, "lr {lr} μ {mu}: unstable");
            }
        }
    }
    // Heavy ball's GD row (μ = 0) is fastest at 2/(λmin + λmax) = 1/11.
    let gd = &cells[0];
    let best = (0..gd.len()).min_by(|&a, &b| gd[a].final_loss.total_cmp(&gd[b].final_loss)).unwrap();
    assert!((rates[best] / (1.0 / 11.0)).ln().abs() < (rates[1] / rates[0]).ln(), "best GD rate {}", rates[best]);
}
