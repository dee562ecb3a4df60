//! The step breakdown opens with one sentence a beginner can read, with the
//! step's own numbers: checked here against the same steps worked by hand.

use std::path::Path;

use losscape::core::explain::explain_step;
use losscape::core::optim::OptimizerType;
use losscape::core::run::Run;
use losscape::core::scenario::Scenario;

/// f = x² + 25y² from (2, 1): ∇f = (2x, 50y), so the first gradient is
/// (4, 50), |g| = √2516 = 50.16.
fn run(optimizer: &str) -> Run {
    let text = format!(
        r#"{{"function": {{"expr": "x^2 + 25*y^2", "domain": {{"x": [-3, 3], "y": [-2, 2]}}}},
            "start": [2, 1], "steps": 5, "optimizers": [{optimizer}]}}"#
    );
    let scenario = Scenario::parse(&text, "valley.json", Path::new("."), "valley").unwrap_or_else(|e| panic!("{e}"));
    scenario.computed_runs().remove(0)
}

fn sentence(run: &Run, k: usize) -> String {
    explain_step(run, k).unwrap().summary.expect("a sentence")
}

#[test]
fn plain_gd_says_lr_times_the_gradient() {
    // Step 0: lr·|g| = 0.01 × 50.16 = 0.5016.
    let s = sentence(&run(r#"{"type": "gd", "lr": 0.01}"#), 0);
    assert_eq!(s, "Plain GD stepped downhill by lr times the gradient: 0.01 × 50.2 = a step 0.502 long.");
}

#[test]
fn momentum_says_what_it_kept_and_how_many_times_plain_gd_it_steps() {
    let run = run(r#"{"type": "momentum", "lr": 0.01, "momentum": 0.9}"#);
    // Step 0: b = g, the step is plain GD's.
    assert!(sentence(&run, 0).contains("nothing to keep on its first step"), "{}", sentence(&run, 0));
    // Step 1 by hand: θ₁ = (2, 1) − 0.01·(4, 50) = (1.96, 0.5), g₁ = (3.92, 25),
    // b₁ = 0.9·(4, 50) + (3.92, 25) = (7.52, 70), step = −0.01·b₁ = (−0.0752, −0.7),
    // |step| = 0.70403; plain GD: 0.01·|g₁| = 0.01 × 25.305 = 0.25305; 0.70403 / 0.25305 = 2.7821.
    assert_eq!(
        sentence(&run, 1),
        "Momentum kept 0.9 of its last step and added the new gradient: \
         this step is 2.78 times what plain GD would take (0.704 against 0.01 × 25.3)."
    );
}

#[test]
fn adam_says_each_coordinate_moves_about_lr() {
    let run = run(r#"{"type": "adam", "lr": 0.1}"#);
    // Step 0 (t = 1): m̂ = g, v̂ = g², so each coordinate moves lr·g/|g| = 0.1
    // (less 1e-8 / |gᵢ|): θ₁ = (1.9, 0.9), g₁ = (3.8, 45).
    // Step 1 (t = 2): m = 0.9·(0.4, 5) + 0.1·(3.8, 45) = (0.74, 9),
    // v = 0.999·(0.016, 2.5) + 0.001·(14.44, 2025) = (0.030424, 4.5225),
    // m̂ = m / 0.19 = (3.8947, 47.368), v̂ = v / 0.001999 = (15.220, 2262.4),
    // step = 0.1·m̂/√v̂ = (0.099834, 0.099588); plain GD: 0.1·g₁ = (0.38, 4.5).
    assert_eq!(
        sentence(&run, 1),
        "Adam divides its averaged gradient by the root of its averaged squares: each coordinate moves \
         about lr = 0.1 or less, however steep it is (x 0.0998 and y 0.0996; plain GD: x 0.38 and y 4.5)."
    );
}

#[test]
fn newton_says_it_divides_by_the_curvature() {
    // H = diag(2, 50): −H⁻¹g = −(4/2, 50/50) = (−2, −1), |step| = √5 = 2.236;
    // plain GD at lr 1: 50.16; 2.236 / 50.16 = 0.04458.
    let s = sentence(&run(r#"{"type": "newton", "lr": 1}"#), 0);
    assert_eq!(
        s,
        "Newton divides the gradient by the curvature (2 and 50 along H's axes), so it heads for the bottom of \
         the bowl that matches f here, lr = 1 of the way: a step 2.24 long, 0.0446 times what plain GD would take."
    );
}

#[test]
fn every_optimizer_says_its_step_in_a_sentence() {
    for kind in OptimizerType::ALL {
        let optimizer = format!(r#"{{"type": "{}", "lr": 0.01}}"#, kind.name());
        let run = run(&optimizer);
        for k in 0..3 {
            let e = explain_step(&run, k).unwrap_or_else(|| panic!("{kind:?} has no step {k}"));
            let s = e.summary.unwrap_or_else(|| panic!("{kind:?} step {k}: no sentence"));
            // A sentence with numbers in it, none of them broken.
            assert!(s.ends_with('.') && s.chars().any(|c| c.is_ascii_digit()), "{kind:?}: {s}");
            assert!(!s.contains("NaN") && !s.contains("inf"), "{kind:?}: {s}");
            assert!(s.chars().count() < 300, "{kind:?}: {} characters: {s}", s.chars().count());
        }
    }
}

#[test]
fn lion_says_every_coordinate_moved_by_lr() {
    // Step 0: m = 0, so c = 0.1·g = (0.4, 5): sign (+, +), a step of lr = 0.5
    // down each coordinate, as large in x (gradient 4) as in y (50).
    let s = sentence(&run(r#"{"type": "lion", "lr": 0.5}"#), 0);
    assert_eq!(
        s,
        "Lion steps by the sign of a blend of its momentum and the gradient, so every coordinate moves by lr = 0.5 \
         whatever the gradient's size: it moved x 0.5 and y 0.5."
    );
}
