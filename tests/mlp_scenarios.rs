//! A network as a scenario's function: how a file declares it, what it is
//! told when the file is wrong, and what `losscape run` reports of it.

use std::path::Path;

use losscape::core::landscape::{Generator, Kind};
use losscape::core::scenario::Scenario;
use losscape::report::{RunFormat, write_runs};

fn parse(text: &str) -> Result<Scenario, Vec<String>> {
    Scenario::parse(text, "net.json", Path::new("tests/fixtures/valid"), "net")
        .map_err(|e| e.problems.iter().map(ToString::to_string).collect())
}

fn file(function: &str, extra: &str) -> String {
    format!(r#"{{"function": {function}, "steps": 3, "optimizers": [{{"type": "gd", "lr": 0.1}}]{extra}}}"#)
}

#[test]
fn a_network_starts_at_its_seeded_initial_weights() {
    let net = r#"{"name": "mlp", "hidden": [4, 3], "data": {"name": "moons", "count": 30}, "init_seed": 7}"#;
    let scenario = parse(&file(net, "")).unwrap();
    let Kind::Mlp(mlp) = scenario.landscape.kind() else { panic!("not a network") };
    assert_eq!(mlp.widths(), [2, 4, 3, 1]);
    assert_eq!(mlp.data(), &Generator::Moons.generate(30, 0.1, 0).unwrap());
    assert_eq!(scenario.optimizers[0].spec.start, mlp.init(7));
    // A start of every weight is taken as given.
    let start: Vec<String> = (0..mlp.dim()).map(|i| format!("{}", i as f64 / 100.0)).collect();
    let given = parse(&file(net, &format!(r#", "start": [{}]"#, start.join(", ")))).unwrap();
    assert_eq!(given.optimizers[0].spec.start[5], 0.05);
}

#[test]
fn a_network_reads_its_points_from_a_csv_file_beside_the_scenario() {
    let net = r#"{"name": "mlp", "hidden": [2], "loss": "cross_entropy", "data": {"csv": "data/classes.csv"}}"#;
    let scenario = parse(&file(net, "")).unwrap();
    let Kind::Mlp(mlp) = scenario.landscape.kind() else { panic!("not a network") };
    assert_eq!(mlp.data().len(), 6);
    assert_eq!(mlp.data().classes(), Some(3));
    assert_eq!(mlp.widths(), [2, 2, 3]);
    let logistic = net.replace("cross_entropy", "logistic");
    assert_eq!(
        parse(&file(&logistic, "")).unwrap_err(),
        ["function.loss: point 4's target 2 does not suit logistic loss (logistic targets lie in [0, 1])"]
    );
}

#[test]
fn every_bound_of_a_network_is_told_where_and_what() {
    let cases = [
        (r#""mlp""#, "function: mlp needs its hidden layers and data: {\"name\": \"mlp\", \"hidden\": [16, 16]"),
        (r#"{"name": "mlp", "data": {"name": "xor"}}"#, "function: mlp needs `hidden`"),
        (r#"{"name": "mlp", "hidden": [4]}"#, "function: mlp needs `data`"),
        (
            r#"{"name": "mlp", "hidden": [], "data": {"name": "xor"}}"#,
            "function.hidden: a network has 1 to 4 hidden layers, one width each, got 0",
        ),
        (
            r#"{"name": "mlp", "hidden": [4, 4, 4, 4, 4], "data": {"name": "xor"}}"#,
            "function.hidden: a network has 1 to 4 hidden layers, one width each, got 5",
        ),
        (
            r#"{"name": "mlp", "hidden": [4, 65], "data": {"name": "xor"}}"#,
            "function.hidden, item 2: must be a whole number from 1 to 64 (units of a hidden layer), got 65",
        ),
        (
            r#"{"name": "mlp", "hidden": 16, "data": {"name": "xor"}}"#,
            "function.hidden: must be a list of the hidden layers' widths, such as [16, 16], not 16",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "activation": "gelu", "data": {"name": "xor"}}"#,
            "function.activation: unknown activation `gelu`; allowed: tanh, relu, sigmoid",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "loss": "hinge", "data": {"name": "xor"}}"#,
            "function.loss: unknown loss `hinge`; allowed: mse, logistic, cross_entropy",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "xor", "count": 0}}"#,
            "function.data.count: must be a whole number from 1 to 10000 (points), got 0",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "xor", "count": 10001}}"#,
            "function.data.count: must be a whole number from 1 to 10000 (points), got 10001",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "xor", "noise": -0.5}}"#,
            "function.data.noise: must be between 0 and 10 (a standard deviation), got -0.5",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "spirals", "arms": 9}}"#,
            "function.data.arms: must be a whole number from 2 to 8 (classes), got 9",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "blobs", "centers": 1}}"#,
            "function.data.centers: must be a whole number from 2 to 8 (classes), got 1",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "blobs", "centers": 5, "count": 4}}"#,
            "function.data.count: blobs of 5 classes needs at least 5 points, one a class, got 4",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "circles", "factor": 1}}"#,
            "function.data.factor: must be in (0, 1), the inner circle's radius, got 1",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "swirls"}}"#,
            "function.data.name: unknown data set `swirls`; allowed: moons, circles, spirals, xor, blobs, noisy_line",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "moons", "csv": "a.csv"}}"#,
            "function.data: give either `name` (generated points) or `csv` (a file), not both",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"name": "moons", "nosie": 0.2}}"#,
            "function.data.nosie: unknown field; did you mean `noise`? (moons's fields: name, count, noise, seed)",
        ),
        (
            r#"{"name": "mlp", "hiden": [4], "hidden": [4], "data": {"name": "moons"}}"#,
            "function.hiden: unknown field; did you mean `hidden`? (mlp's fields: name, hidden, activation, loss, data, init_seed)",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "loss": "logistic", "data": {"name": "spirals", "arms": 3}}"#,
            "function.loss: logistic is for two classes; spirals has 3: use cross_entropy",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "loss": "cross_entropy", "data": {"name": "noisy_line"}}"#,
            "function.loss: cross_entropy needs classes, and noisy_line has real-valued targets: use mse",
        ),
        (
            r#"{"name": "mlp", "hidden": [4], "data": {"csv": "../secret.csv"}}"#,
            "function.data.csv: must name a file inside the scenario's folder",
        ),
    ];
    for (function, want) in cases {
        let lines = parse(&file(function, "")).unwrap_err();
        assert!(lines.len() == 1 && lines[0].starts_with(want), "{function}: {lines:#?}\n  expected {want}");
    }
    // A start of the wrong length says how many weights the network has.
    let net = r#"{"name": "mlp", "hidden": [3], "data": {"name": "xor", "count": 10}}"#;
    assert_eq!(
        parse(&file(net, r#", "start": [1, 2]"#)).unwrap_err(),
        ["start: expected 13 numbers (the function has 13 parameters), got 2"]
    );
    assert_eq!(
        parse(&file(net, r#", "sharpness_every": 0"#)).unwrap_err(),
        ["sharpness_every: must be between 1 and 1000000 steps, got 0"]
    );
}

fn output(scenario: &Scenario, format: RunFormat) -> String {
    let runs = scenario.computed_runs();
    let mut out = Vec::new();
    write_runs(&mut out, scenario, &runs, format).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_run_reports_a_classifiers_accuracy_each_step_and_its_sharpness_every_k() {
    let net = r#"{"name": "mlp", "hidden": [3], "loss": "logistic", "data": {"name": "moons", "count": 20}}"#;
    let scenario = parse(&file(net, r#", "sharpness_every": 2"#)).unwrap();
    let Kind::Mlp(mlp) = scenario.landscape.kind() else { panic!("not a network") };
    let runs = scenario.computed_runs();
    let csv = output(&scenario, RunFormat::Csv);
    let lines: Vec<&str> = csv.lines().collect();
    let weights: Vec<String> = (1..=13).map(|i| format!("x{i}")).collect();
    assert_eq!(lines[0], format!("label,step,{},loss,grad_norm,lr,evals,accuracy,sharpness", weights.join(",")));
    assert_eq!(lines.len(), 1 + 4);
    for (step, line) in lines[1..].iter().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let params = &runs[0].record(step).params;
        assert_eq!(cells[cells.len() - 2], mlp.accuracy(params).unwrap().to_string(), "step {step}");
        let sharpness = if step % 2 == 0 { mlp.sharpness(params).value.to_string() } else { String::new() };
        assert_eq!(cells[cells.len() - 1], sharpness, "step {step}");
    }
    let json: serde_json::Value = serde_json::from_str(&output(&scenario, RunFormat::Json)).unwrap();
    let steps = json["runs"][0]["trajectory"].as_array().unwrap();
    assert_eq!(steps[1]["accuracy"], mlp.accuracy(&runs[0].record(1).params).unwrap());
    assert_eq!(steps[2]["sharpness"], mlp.sharpness(&runs[0].record(2).params).value);
    assert!(steps[1].get("sharpness").is_none());
    // A regression has no accuracy; without `sharpness_every`, no sharpness.
    let regression = parse(&file(&net.replace("logistic", "mse"), "")).unwrap();
    assert!(output(&regression, RunFormat::Csv).lines().next().unwrap().ends_with(",x13,loss,grad_norm,lr,evals"));
    let json: serde_json::Value = serde_json::from_str(&output(&regression, RunFormat::Json)).unwrap();
    let step = json["runs"][0]["trajectory"][0].as_object().unwrap();
    assert!(!step.contains_key("accuracy") && !step.contains_key("sharpness"), "{step:?}");
}

#[test]
fn the_example_network_loads() {
    let scenario = Scenario::load(Path::new("tests/fixtures/valid/two_moons_network.json")).unwrap();
    assert_eq!(scenario.landscape.dim(), 3 * 16 + 17 * 16 + 17);
    assert_eq!(scenario.sharpness_every, Some(50));
    assert_eq!(scenario.optimizers.len(), 2);
}

#[test]
fn the_view_draws_a_network_without_panicking() {
    use losscape::tui::action::Action;
    use losscape::tui::app::App;
    use losscape::tui::theme::ColorMode;
    use losscape::tui::{buffer_text, render_buffer};
    let net = r#"{"name": "mlp", "hidden": [4], "loss": "logistic", "data": {"name": "moons", "count": 30}}"#;
    let scenario = parse(&file(net, r#", "sharpness_every": 1"#)).unwrap();
    let mut app = App::new(scenario, ColorMode::Mono);
    app.apply(Action::Step(2));
    // The plane of its first two weights, the paths drawn over a map left
    // blank: a pixel's loss would need every weight.
    for (width, height) in [(80, 24), (120, 40)] {
        let text = buffer_text(&render_buffer(&app, width, height));
        assert!(text.contains("step 2/3"), "{width}×{height}:\n{text}");
        assert!(text.contains("W1[0,0]"), "{width}×{height}: the plot's axis names the first weight\n{text}");
    }
}
