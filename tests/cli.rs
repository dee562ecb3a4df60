//! The command line, run as a user runs it: exit codes, messages and output shapes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn losscape() -> Command {
    let mut cmd = Command::cargo_bin("losscape").unwrap();
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

/// Every invalid fixture with the text its error must contain: where, as a
/// reader of the file names it (optimizers counted from 1, as the view's
/// panel numbers them), and what, in plain words.
const INVALID: &[(&str, &str)] = &[
    ("bad_color.json", "optimizer 1 (gd), color: unknown colour `#12345`; use #rrggbb"),
    ("batch_size_without_data.json", "optimizer 1 (sgd), batch_size: only data landscapes"),
    ("beta_of_one.json", "optimizer 1 (adam), betas: beta2 must be in [0, 1), got 1"),
    ("clip_norm_zero.json", "optimizer 1 (gd), clip_norm: must be a positive number, got 0"),
    ("domain_inverted.json", "domain.x: needs min < max, got [2, -2]"),
    (
        "domain_missing_y.json",
        "domain: missing `y`: the function is 2-D, give {\"x\": [xmin, xmax], \"y\": [ymin, ymax]}",
    ),
    ("duplicate_label.json", "optimizer 2 (adam), label: `A` is already the label of optimizer 1"),
    ("empty.json", "the file is empty"),
    ("expression_nested_too_deep.json", "function.expr: at column 65: nested more than 64 levels deep"),
    ("expression_syntax.json", "function.expr: at column 25: missing `)` to close the `(` at column 17"),
    ("expression_unknown_variable.json", "function.expr: at column 7: unknown name `z`"),
    ("function_duplicate_key.json", "function.a: given twice; a field may appear once"),
    (
        "function_parameter_unknown.json",
        "function.a: unknown field (himmelblau has no parameters; its fields: name, domain)",
    ),
    (
        "hyperparameter_of_another_optimizer.json",
        "optimizer 1 (adam), momentum: not a hyperparameter of adam, which takes lr, betas, eps, weight_decay, amsgrad \
         (momentum is for sgd, momentum, nesterov, rmsprop)",
    ),
    ("lbfgs_history_zero.json", "optimizer 1 (lbfgs), history_size: must be a whole number from 1 to 10000, got 0"),
    (
        "lbfgs_unknown_line_search.json",
        "optimizer 1 (lbfgs), line_search_fn: unknown line search `backtracking`; allowed: strong_wolfe, or null for none",
    ),
    ("lbfgs_with_noise.json", "optimizer 1 (lbfgs), noise: lbfgs evaluates the exact function at every point it tries"),
    ("lr_not_a_number.json", "optimizer 1 (gd), lr: must be a number, not the text \"fast\""),
    ("missing_comma.json", "invalid JSON: expected `,` or `}` (line 1, column 40)"),
    ("missing_csv.json", "function.csv: cannot read tests/fixtures/invalid/data/nowhere.csv: there is no such file"),
    ("missing_steps.json", "steps: missing: how many steps each optimizer takes, 1 to 1000000"),
    (
        "misspelled_field.json",
        "optimizer 1 (gd), lerning_rate: unknown field; did you mean `lr`? (gd's fields: type, label, lr, dampening, \
         weight_decay, start, schedule, clip_norm, noise, batch_size, color)",
    ),
    (
        "mlp_data_misspelled_field.json",
        "function.data.factr: unknown field; did you mean `factor`? (circles's fields: name, count, noise, seed, factor)",
    ),
    ("mlp_start_wrong_length.json", "start: expected 17 numbers (the function has 17 parameters), got 2"),
    (
        "mlp_units_out_of_range.json",
        "function.hidden, item 2: must be a whole number from 1 to 64 (units of a hidden layer), got 100",
    ),
    ("momentum_above_one.json", "optimizer 1 (momentum), momentum: must be in [0, 1], got 1.5"),
    ("negative_lr.json", "optimizer 2 (adam), lr: must be a positive number, got -0.1"),
    ("nesterov_with_dampening.json", "optimizer 1 (nesterov): Nesterov momentum needs momentum > 0 and dampening = 0"),
    ("no_optimizers.json", "optimizers: needs between 1 and 12 optimizers, got 0"),
    ("no_start.json", "optimizer 2 (adam): no start"),
    ("not_an_object.json", "the file starts with `[`; a scenario is a JSON object"),
    (
        "number_out_of_range.json",
        "invalid JSON: the number is too large (numbers lie within ±1.8e308) (line 1, column 98)",
    ),
    ("plane_random_of_a_function.json", "plane: random filter-normalised directions need a network"),
    ("plane_unknown_kind.json", "plane.kind: unknown plane `pcaa`; allowed: pca, random, hessian, line"),
    ("schedule_missing_gamma.json", "optimizer 1 (gd), schedule: the step schedule needs `gamma`"),
    ("sharpness_of_a_function.json", "sharpness_every: only a network's runs report their sharpness"),
    ("start_wrong_length.json", "start: expected 2 numbers [x, y] (the function is 2-D), got 1"),
    ("thirteen_optimizers.json", "optimizers: needs between 1 and 12 optimizers, got 13"),
    ("too_many_steps.json", "steps: must be between 1 and 1000000, got 1000001"),
    ("truncated.json", "invalid JSON: the file ends before a list `[` is closed with `]` (at the end of the file)"),
    ("unknown_function.json", "function: unknown function `rosenbrok`; built-ins are parabola"),
    ("unknown_optimizer.json", "optimizer 1 (adahessian), type: unknown optimizer `adahessian`; allowed: gd, sgd"),
    ("unknown_schedule.json", "optimizer 1 (gd), schedule.type: unknown schedule `linear`"),
    ("zero_steps.json", "steps: must be between 1 and 1000000, got 0"),
];

/// No message of losscape's speaks serde's or Rust's language.
const JARGON: &[&str] = &[
    "invalid type",
    "expected f64",
    "expected u64",
    "f64",
    "u64",
    "usize",
    "expected one of",
    "invalid value",
    "invalid length",
    "struct ",
    "a sequence",
    "a map",
    "EOF",
    "os error",
    "optimizers[",
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
        for word in JARGON {
            assert!(!stdout.contains(word), "{file}: `{word}` in {stdout}");
        }
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

#[test]
fn a_screen_or_picture_with_no_step_asked_for_shows_the_step_the_lesson_opens_on() {
    // 17-quasi-newton opens on step 2 ("open_step": 2), where its line searches show.
    let render = |extra: &[&str]| {
        let out = losscape().args(["render", "17-quasi-newton", "--size", "100x30"]).args(extra).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let opened = render(&[]);
    assert!(opened.contains("step 2/"), "{opened}");
    assert_eq!(opened, render(&["--step", "2"]));
    assert!(render(&["--step", "0"]).contains("step 0/"));
    let dir = std::env::temp_dir().join(format!("losscape-cli-opens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let picture_at = |size: &str, name: &str, extra: &[&str]| {
        let out = dir.join(name);
        let done = losscape()
            .args(["record", "17-quasi-newton", "--size", size, "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        std::fs::read(out).unwrap()
    };
    let picture = |name: &str, extra: &[&str]| picture_at("60x20", name, extra);
    // As it opens, at 60×20, the lesson's text (which does not fit beside
    // the plot there) is over the view, as the live view opens on it; the
    // same step asked for is the view after a key.
    let two = picture("two.svg", &["--step", "2"]);
    assert_ne!(picture("opened.svg", &[]), two);
    assert_ne!(two, picture("zero.svg", &["--step", "0"]));
    // At 120×40, where the text fits whole beside the plot, the view as it
    // opens is the view at its open step.
    assert_eq!(picture_at("120x40", "opened-large.svg", &[]), picture_at("120x40", "two-large.svg", &["--step", "2"]));
    assert_eq!(picture("from.svg", &["--from", "0"]), picture("zero2.svg", &["--step", "0"]));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_lists_every_problem_of_a_file_a_line_each() {
    let dir = std::env::temp_dir().join(format!("losscape-cli-many-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("many.json");
    std::fs::write(
        &file,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 0,
            "optimizers": [{"type": "adam", "beta1": 0.9}, {"type": "gd", "lr": "0.05"}]}"#,
    )
    .unwrap();
    let path = file.display().to_string();
    let out = losscape().args(["check", &path, &fixture("valid", "minimal.json")]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0].starts_with(&format!("error: {path}: steps: must be between 1 and 1000000")), "{stdout}");
    assert!(
        lines[1]
            .starts_with(&format!("error: {path}: optimizer 1 (adam), beta1: unknown field; did you mean `betas`?"))
    );
    assert_eq!(
        lines[2],
        format!(
            "error: {path}: optimizer 2 (gd), lr: must be a number, not the text \"0.05\": write 0.05 without quotes"
        )
    );
    assert_eq!(lines[3], "ok: tests/fixtures/valid/minimal.json");
    // `run` says the same on standard error, each line an error.
    let out = losscape().args(["run", &path]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with(&format!("error: {path}: "))), "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_scenario_named_by_its_bare_file_name_finds_its_data() {
    for args in [vec!["check", "linear_regression_csv.json"], vec!["run", "linear_regression_csv.json"]] {
        let out = losscape().current_dir("tests/fixtures/valid").args(&args).output().unwrap();
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{args:?}: {said}");
    }
}

#[test]
fn negative_option_values_are_told_the_range_they_take() {
    for (args, expected) in [
        (vec!["sweep", "tour", "--lr-min", "-1"], "'--lr-min <LR_MIN>': must be a positive number"),
        (vec!["sweep", "tour", "--lr-max", "-0.5"], "'--lr-max <LR_MAX>': must be a positive number"),
        (vec!["sweep", "tour", "--points", "-5"], "'--points <POINTS>': must be a whole number from 1 to 65535"),
        (vec!["ratemap", "tour", "--momentum-min", "-0.5"], "must be a number from 0 up to (not including) 1"),
        (vec!["run", "tour", "--steps", "-3"], "'--steps <STEPS>': must be a whole number from 1 to 1000000"),
        (vec!["render", "--step", "-1"], "'--step <STEP>': must be a whole number, 0 or more"),
        (vec!["render", "--size", "-5x3"], "'--size <SIZE>': width and height must be whole numbers from 1 to 1000"),
        (vec!["render", "--select", "-2"], "'--select <SELECT>': must be a whole number from 1 to 12"),
        (vec!["record", "--out", "x.png", "--from", "-2"], "'--from <FROM>': must be a whole number, 0 or more"),
        (vec!["record", "--out", "x.gif", "--speed", "-1"], "'--speed <SPEED>': must be a positive number"),
        (
            vec!["record", "--out", "x.png", "--pixels", "-9x9"],
            "width and height must be whole numbers of pixels from 1 to 8000",
        ),
    ] {
        let out = losscape().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("-- -"), "{args:?}: no `-- -1` tip: {stderr}");
        assert!(!stderr.contains("invalid digit") && !stderr.contains("float literal"), "{stderr}");
    }
    // A negative number where one is allowed is taken as a number.
    let out = losscape().args(["render", "--show", "3d", "--azimuth", "-30", "--size", "60x20"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[cfg(unix)]
#[test]
fn help_that_cannot_be_written_is_an_error_said_on_stderr() {
    for args in [vec!["--help"], vec!["--version"], vec!["run", "--help"], vec!["help"], vec!["list"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_losscape")).args(&args).stdout(full).output().unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?} wrote nothing yet succeeded");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("cannot write the output: No space left on device"), "{args:?}: {stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    // Help to a reader that goes away (`| head -0`) is not an error.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_losscape"))
        .arg("--help")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_function_of_ten_parameters_is_run_but_not_drawn() {
    let file = fixture("valid", "quadratic-10d.json");
    let out = losscape().args(["run", &file]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    // Newton with the full Hessian at lr 1 lands on the origin in one step.
    let newton = table.lines().find(|l| l.starts_with("newton")).unwrap();
    assert!(newton.contains("(0, 0, 0, …, 0)"), "{table}");
    let csv = losscape().args(["run", &file, "--format", "csv"]).output().unwrap();
    let header = String::from_utf8(csv.stdout).unwrap().lines().next().unwrap().to_string();
    assert_eq!(header, "label,step,x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,loss,grad_norm,lr,evals");
    for command in [vec![file.as_str()], vec!["render", &file], vec!["basins", &file]] {
        let out = losscape().args(&command).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{command:?}: {stderr}");
        assert!(stderr.contains("has 10 parameters") || stderr.contains("this one has 10 parameters"), "{stderr}");
    }
}
