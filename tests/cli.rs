//! The command line, run as a user runs it: exit codes, messages and output shapes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn losscape() -> Command {
    let mut cmd = Command::cargo_bin("losscape").unwrap();
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

/// Every invalid fixture with the text its error must contain.
const INVALID: &[(&str, &str)] = &[
    ("bad_color.json", "optimizers[0].color: unknown colour `#12345`; use #rrggbb"),
    ("batch_size_without_data.json", "optimizers[0].batch_size: only data landscapes"),
    ("beta_of_one.json", "optimizers[0].betas[1]: must be in [0, 1), got 1"),
    ("clip_norm_zero.json", "optimizers[0].clip_norm: must be a positive number, got 0"),
    ("domain_inverted.json", "domain.x: needs lo < hi, got [2, -2]"),
    ("domain_missing_y.json", "domain: missing field `y` (the function is 2-D)"),
    ("duplicate_label.json", "optimizers[1].label: `A` is already the label of another optimizer"),
    ("empty.json", "the file is empty"),
    ("expression_nested_too_deep.json", "function.expr: at column 65: nested more than 64 levels deep"),
    ("expression_syntax.json", "function.expr: at column 25: missing `)` to close the `(` at column 17"),
    ("expression_unknown_variable.json", "function.expr: at column 7: unknown name `z`"),
    ("function_duplicate_key.json", "function: duplicate key `a` at line 1 column 47"),
    ("function_parameter_unknown.json", "function.a: unknown field; himmelblau has no parameters"),
    ("hyperparameter_of_another_optimizer.json", "optimizers[0].momentum: not a hyperparameter of adam"),
    ("lbfgs_history_zero.json", "optimizers[0].history_size: must be a whole number from 1 to 10000, got 0"),
    (
        "lbfgs_unknown_line_search.json",
        "optimizers[0].line_search_fn: unknown line search `backtracking`; allowed: strong_wolfe, or null for none",
    ),
    ("lbfgs_with_noise.json", "optimizers[0].noise: lbfgs evaluates the exact function at every point it tries"),
    ("lr_not_a_number.json", "optimizers[0].lr: invalid type: string \"fast\", expected f64 at line 1 column 99"),
    ("missing_comma.json", "invalid JSON: expected `,` or `}` at line 1 column 40"),
    ("missing_csv.json", "function.csv: cannot read"),
    ("missing_steps.json", "missing field `steps`"),
    (
        "misspelled_field.json",
        "optimizers[0].lerning_rate: unknown field `lerning_rate`, expected one of `type`, `label`, `lr`",
    ),
    ("momentum_above_one.json", "optimizers[0].momentum: must be in [0, 1], got 1.5"),
    ("negative_lr.json", "optimizers[1].lr: must be a positive number, got -0.1"),
    ("nesterov_with_dampening.json", "optimizers[0]: Nesterov momentum needs momentum > 0 and dampening = 0"),
    ("no_optimizers.json", "optimizers: needs between 1 and 12 optimizers, got 0"),
    ("no_start.json", "optimizers[1]: no start"),
    ("not_an_object.json", "the file starts with `[`; a scenario is a JSON object"),
    ("number_out_of_range.json", "number out of range at line 1 column 98"),
    ("schedule_missing_gamma.json", "optimizers[0].schedule: the step schedule needs `gamma`"),
    ("start_wrong_length.json", "start: expected 2 numbers [x, y] (the function is 2-D), got 1"),
    ("thirteen_optimizers.json", "optimizers: needs between 1 and 12 optimizers, got 13"),
    ("too_many_steps.json", "steps: must be between 1 and 1000000, got 1000001"),
    ("truncated.json", "invalid JSON: EOF while parsing a list at line 4 column 0"),
    ("unknown_function.json", "function: unknown function `rosenbrok`; built-ins are parabola"),
    ("unknown_optimizer.json", "optimizers[0].type: unknown optimizer `adahessian`; allowed: gd, sgd"),
    ("unknown_schedule.json", "optimizers[0].schedule.type: unknown schedule `linear`"),
    ("zero_steps.json", "steps: must be between 1 and 1000000, got 0"),
];

fn fixture(kind: &str, name: &str) -> String {
    format!("tests/fixtures/{kind}/{name}")
}

fn files_in(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_fixture_is_rejected_with_one_clear_message() {
    let listed: Vec<String> = INVALID.iter().map(|(f, _)| fixture("invalid", f)).collect();
    assert_eq!(files_in("tests/fixtures/invalid"), listed, "every invalid fixture has an expected message");
    for (file, expected) in INVALID {
        let path = fixture("invalid", file);
        let out = losscape().args(["check", &path]).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert_eq!(stdout.lines().count(), 1, "{file}: one message, got {stdout}");
        assert!(stdout.starts_with(&format!("error: {path}: ")), "{file}: names the file: {stdout}");
        assert!(stdout.contains(expected), "{file}:\n  got      {stdout}  expected {expected}");
        assert!(out.stderr.is_empty(), "{file}: no panic or backtrace");
    }
}

#[test]
fn valid_fixtures_pass_check() {
    let files = files_in("tests/fixtures/valid");
    assert!(files.len() >= 6);
    let out = losscape().arg("check").args(&files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for f in &files {
        assert!(stdout.contains(&format!("ok: {f}")));
    }
}

#[test]
fn check_fails_if_any_file_fails() {
    let out = losscape()
        .args(["check", &fixture("valid", "minimal.json"), &fixture("invalid", "zero_steps.json")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ok: tests/fixtures/valid/minimal.json") && stdout.contains("error: "));
}

#[test]
fn run_json_has_exactly_the_documented_shape() {
    let out = losscape().args(["run", &fixture("valid", "minimal.json"), "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["dim", "function", "name", "runs"]);
    assert_eq!(v["name"], "minimal");
    assert_eq!(v["function"], "rosenbrock");
    assert_eq!(v["dim"], 2);
    let run = &v["runs"][0];
    assert_eq!(keys(run), ["label", "reason", "status", "steps", "trajectory", "type"]);
    assert_eq!((run["label"].as_str(), run["type"].as_str()), (Some("gd"), Some("gd")));
    assert_eq!(run["status"], "max_steps");
    assert!(run["reason"].is_null());
    assert_eq!(run["steps"], 10);
    let trajectory = run["trajectory"].as_array().unwrap();
    assert_eq!(trajectory.len(), 11);
    let first = &trajectory[0];
    assert_eq!(keys(first), ["evals", "grad", "loss", "lr", "params", "step"]);
    assert_eq!(first["evals"], 0);
    assert_eq!(trajectory[10]["evals"], 10, "one gradient a step");
    // Entry 0 is the start: f(−1.5, 2) = 12.5, ∇f = (−155, −50), by hand.
    assert_eq!(first["params"], serde_json::json!([-1.5, 2.0]));
    assert_eq!(first["loss"], 12.5);
    assert_eq!(first["grad"], serde_json::json!([-155.0, -50.0]));
    assert_eq!(first["lr"], 0.001);
    // GD's first step: θ − 0.001·∇f.
    assert_eq!(trajectory[1]["params"], serde_json::json!([-1.5 + 0.155, 2.0 + 0.05]));
}

#[test]
fn a_diverged_run_ends_at_the_divergence_with_null_for_non_finite_numbers() {
    let out =
        losscape().args(["run", &fixture("valid", "diverges_to_infinity.json"), "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dim"], 1);
    let run = &v["runs"][0];
    assert_eq!(run["status"], "diverged");
    // x₁ = 5 + e⁵ ≈ 153.4, f(x₁) ≈ −7e66; x₂ ≈ 7e66 overflows exp: −∞.
    assert_eq!(run["steps"], 2);
    let last = run["trajectory"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["step"], 2);
    assert!(last["loss"].is_null());
    assert_eq!(last["params"].as_array().unwrap().len(), 1, "1-D params have one coordinate");
}

#[test]
fn lbfgs_stepping_onto_a_nan_loss_stops_with_the_reason_instead_of_crashing() {
    // ln(x) from 1 with lr 5: the line search's first point is x = −4, where
    // the loss is NaN and the gradient 1/x finite.
    let out =
        losscape().args(["run", &fixture("valid", "lbfgs_ln_past_zero.json"), "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "no panic: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &v["runs"][0];
    assert_eq!((run["status"].as_str(), run["steps"].as_u64()), (Some("stopped"), Some(0)));
    let reason = run["reason"].as_str().unwrap();
    assert!(reason.contains("loss is NaN") && reason.contains("t = 5"), "{reason}");
}

#[test]
fn run_csv_has_the_documented_columns() {
    let out = losscape().args(["run", &fixture("valid", "minimal.json"), "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("label,step,x,y,loss,grad_norm,lr,evals"));
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(first[..5], ["gd", "0", "-1.5", "2", "12.5"]);
    // ‖(−155, −50)‖ = √26525.
    assert!((first[5].parse::<f64>().unwrap() - 26525f64.sqrt()).abs() < 1e-12);
    assert_eq!(text.lines().count(), 12);
    let out =
        losscape().args(["run", &fixture("valid", "parabola_number_start.json"), "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("label,step,x,loss,grad_norm,lr,evals"));
    // Default labels of same-type optimizers are numbered.
    assert!(text.contains("\ngd 2,0,10,") && text.contains("\ngd 3,0,-4,"));
}

#[test]
fn run_table_shows_one_row_per_optimizer() {
    let out = losscape().args(["run", &fixture("valid", "every_field.json"), "--steps", "50"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().nth(1).unwrap();
    for column in ["label", "status", "steps", "final θ", "final loss", "to nearest minimum"] {
        assert!(header.contains(column), "{header}");
    }
    assert_eq!(text.lines().count(), 2 + 9);
    assert!(text.contains("GD ") && text.contains("newton"));
}

#[test]
fn steps_flag_overrides_the_scenario() {
    let out = losscape()
        .args(["run", &fixture("valid", "minimal.json"), "--format", "json", "--steps", "3"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"][0]["steps"], 3);
}

#[test]
fn list_names_every_function_and_optimizer() {
    let out = losscape().arg("list").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in losscape::core::landscape::builtin_names() {
        assert!(text.contains(name), "{name}");
    }
    for t in losscape::core::optim::OptimizerType::ALL {
        assert!(text.contains(&format!("  {} ", t.name())), "{}", t.name());
    }
    assert!(text.contains("betas=[0.9, 0.999]") && text.contains("eps=1e-10") && text.contains("alpha=0.99"));
}

#[test]
fn usage_errors_exit_2_and_file_errors_exit_1() {
    assert_eq!(losscape().arg("frobnicate").arg("x").output().unwrap().status.code(), Some(2));
    assert_eq!(losscape().arg("run").output().unwrap().status.code(), Some(2));
    assert_eq!(losscape().args(["run", "x.json", "--format", "xml"]).output().unwrap().status.code(), Some(2));
    let out = losscape().args(["run", "no/such/file.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: no/such/file.json: cannot read the file"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn csv_data_paths_are_relative_to_the_scenario() {
    assert!(Path::new("tests/fixtures/valid/data/points.csv").exists());
    let out = losscape().args(["run", &fixture("valid", "linear_regression_csv.json")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_interactive_view_without_a_terminal_points_to_run_and_render() {
    let out = losscape().arg("scenarios/00-tour.json").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("not a terminal") && stderr.contains("losscape run") && stderr.contains("losscape render"),
        "{stderr}"
    );
}

#[test]
fn render_prints_the_screen_at_a_step() {
    let out = losscape().args(["render", "--step", "7", "--size", "90x30"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 30);
    assert!(text.lines().all(|l| l.chars().count() <= 90));
    assert!(text.contains("step 7/1500"));
    let out = losscape().args(["render", "--size", "90"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
