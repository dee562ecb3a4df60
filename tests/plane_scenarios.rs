//! A scenario's `plane`: how a file asks for one, what it is told when it
//! asks wrongly, and each step's place on it in `losscape run`'s output.

use std::path::Path;

use losscape::core::plane::{LineEnd, PlaneChoice};
use losscape::core::scenario::Scenario;
use losscape::report::{RunFormat, write_runs, write_streamed};
use serde_json::Value;

fn parse(text: &str) -> Result<Scenario, Vec<String>> {
    Scenario::parse(text, "plane.json", Path::new("tests/fixtures/valid"), "plane")
        .map_err(|e| e.problems.iter().map(ToString::to_string).collect())
}

const NET: &str = r#"{"name": "mlp", "hidden": [4], "loss": "logistic", "data": {"name": "moons", "count": 30}}"#;

/// A file of this function and plane, 20 steps of GD and Adam.
fn file(function: &str, plane: &str) -> String {
    format!(
        r#"{{"function": {function}, "steps": 20, "plane": {plane},
            "optimizers": [{{"type": "gd", "lr": 0.5}}, {{"type": "adam", "lr": 0.05}}]}}"#
    )
}

fn output(scenario: &Scenario, format: RunFormat) -> String {
    let runs = scenario.computed_runs();
    let mut out = Vec::new();
    write_runs(&mut out, scenario, &runs, format).unwrap();
    String::from_utf8(out).unwrap()
}

fn json(scenario: &Scenario) -> Value {
    serde_json::from_str(&output(scenario, RunFormat::Json)).unwrap()
}

#[test]
fn each_kind_of_plane_loads_and_writes_back() {
    let cases = [
        (r#"{"kind": "pca"}"#, PlaneChoice::Principal),
        (r#"{"kind": "random"}"#, PlaneChoice::Random { seed: 0 }),
        (r#"{"kind": "random", "seed": 9}"#, PlaneChoice::Random { seed: 9 }),
        (r#"{"kind": "hessian"}"#, PlaneChoice::Curvature),
        (r#"{"kind": "line"}"#, PlaneChoice::Line { from: LineEnd::Start, to: LineEnd::End(0) }),
        (
            r#"{"kind": "line", "from": "gd", "to": "adam"}"#,
            PlaneChoice::Line { from: LineEnd::End(0), to: LineEnd::End(1) },
        ),
    ];
    for (plane, want) in cases {
        let scenario = parse(&file(NET, plane)).unwrap();
        assert_eq!(scenario.plane, Some(want), "{plane}");
        let specs: Vec<_> = scenario.optimizers.iter().map(|o| o.spec.clone()).collect();
        let back = scenario.to_json(&specs, Default::default(), Default::default());
        let again = parse(&back.to_string()).unwrap();
        assert_eq!(again.plane, scenario.plane, "{plane}: {}", back["plane"]);
    }
    assert_eq!(parse(&file(NET, "null").replace(r#""plane": null,"#, "")).unwrap().plane, None);
}

#[test]
fn a_plane_asked_for_wrongly_is_told_where_and_what() {
    let cases = [
        (NET, r#"{}"#, "plane.kind: missing: one of pca, random, hessian, line"),
        (NET, r#"{"kind": "pcb"}"#, "plane.kind: unknown plane `pcb`; allowed: pca, random, hessian, line"),
        (NET, r#"{"kind": "pca", "seed": 3}"#, "plane.seed: only random directions take a seed; a pca plane has none"),
        (NET, r#"{"kind": "hessian", "to": "gd"}"#, "plane.to: only a line has ends; a hessian plane has none"),
        (r#""rosenbrock""#, r#"{"kind": "random"}"#, "plane: random filter-normalised directions need a network"),
        (r#""parabola""#, r#"{"kind": "pca"}"#, "plane: a plane needs two parameters or more, and this function has 1"),
        (
            NET,
            r#"{"kind": "line", "to": "sgd"}"#,
            "plane.to: no optimizer is labelled `sgd`; give one of the labels `gd`, `adam`",
        ),
        (
            NET,
            r#"{"kind": "line", "from": "nowhere"}"#,
            "plane.from: no optimizer is labelled `nowhere`; give \"start\" or one of the labels `gd`, `adam`",
        ),
        (NET, r#"{"kind": "line", "from": "gd", "to": "gd"}"#, "plane.to: a line needs two ends apart"),
        (NET, r#"{"kind": "pca", "centre": 1}"#, "plane.centre: unknown field"),
        (NET, r#""pca""#, "plane: must be an object such as {\"kind\": \"pca\"}"),
    ];
    for (function, plane, want) in cases {
        let text = file(function, plane);
        let text =
            if function == r#""parabola""# { text.replace(r#""steps""#, r#""start": 1, "steps""#) } else { text };
        let text = if function == r#""rosenbrock""# {
            text.replace(r#""steps""#, r#""start": [-1, 1], "steps""#)
        } else {
            text
        };
        let lines = parse(&text).unwrap_err();
        assert!(lines.len() == 1 && lines[0].starts_with(want), "{plane}: {lines:#?}\n  expected {want}");
    }
}

/// Rosenbrock from (−1, 1.5) at lr 0.001 for `steps` steps, on the
/// principal plane of its runs.
fn rosenbrock_on_its_pca_plane(steps: usize) -> String {
    file(r#""rosenbrock""#, r#"{"kind": "pca"}"#)
        .replace(r#""steps": 20"#, &format!(r#""start": [-1, 1.5], "steps": {steps}"#))
        .replace(r#""lr": 0.5"#, r#""lr": 0.001"#)
}

#[test]
fn each_step_is_placed_on_the_principal_plane_of_the_runs() {
    // Rosenbrock has two parameters: the plane through its runs is all of
    // it, so every step lies on it, and the two shares make the whole.
    let text = rosenbrock_on_its_pca_plane(20);
    let scenario = parse(&text).unwrap();
    let report = json(&scenario);
    assert_eq!(report["plane"]["kind"], "pca");
    let shares = report["plane"]["shares"].as_array().unwrap();
    let total = shares[0].as_f64().unwrap() + shares[1].as_f64().unwrap();
    assert!((total - 1.0).abs() < 1e-12 && shares[0].as_f64() >= shares[1].as_f64(), "{shares:?}");
    for run in report["runs"].as_array().unwrap() {
        for step in run["trajectory"].as_array().unwrap() {
            assert!(step["plane"]["distance"].as_f64().unwrap() < 1e-12, "{}", step["plane"]);
        }
    }
    // The centre is the mean of the two runs' last weights: their (a, b)
    // are opposite.
    let last = |run: &Value| run["trajectory"].as_array().unwrap().last().unwrap()["plane"].clone();
    let (gd, adam) = (last(&report["runs"][0]), last(&report["runs"][1]));
    for axis in ["a", "b"] {
        let (x, y) = (gd[axis].as_f64().unwrap(), adam[axis].as_f64().unwrap());
        assert!((x + y).abs() < 1e-12, "{axis}: {x} and {y}");
    }
}

#[test]
fn a_networks_steps_are_placed_on_each_kind_of_plane_in_csv_and_json() {
    for plane in [r#"{"kind": "pca"}"#, r#"{"kind": "random", "seed": 2}"#, r#"{"kind": "hessian"}"#] {
        let scenario = parse(&file(NET, plane)).unwrap();
        let csv = output(&scenario, RunFormat::Csv);
        let header = csv.lines().next().unwrap();
        assert!(header.ends_with(",evals,accuracy,plane_a,plane_b,plane_distance"), "{plane}: {header}");
        let rows: Vec<Vec<f64>> =
            csv.lines().skip(1).map(|l| l.split(',').rev().take(3).map(|c| c.parse().unwrap()).collect()).collect();
        assert_eq!(rows.len(), 2 * 21);
        assert!(rows.iter().all(|r| r.iter().all(|x| x.is_finite()) && r[0] >= 0.0), "{plane}");
        let report = json(&scenario);
        assert_eq!(report["plane"]["kind"], scenario.plane.as_ref().unwrap().name());
        let step = &report["runs"][1]["trajectory"][20]["plane"];
        assert!(step["a"].is_number() && step["b"].is_number() && step["distance"].is_number(), "{step}");
    }
    // A one-run principal plane is centred on its last weights.
    let one = file(NET, r#"{"kind": "pca"}"#).replace(r#", {"type": "adam", "lr": 0.05}"#, "");
    let report = json(&parse(&one).unwrap());
    let end = &report["runs"][0]["trajectory"][20]["plane"];
    assert_eq!((end["a"].as_f64(), end["b"].as_f64()), (Some(0.0), Some(0.0)), "{end}");
    assert!(end["distance"].as_f64().unwrap() < 1e-15, "{end}");
    // The curvature plane reports the Hessian's two top eigenvalues there.
    let report = json(&parse(&file(NET, r#"{"kind": "hessian"}"#)).unwrap());
    let eigenvalues = report["plane"]["eigenvalues"].as_array().unwrap();
    assert!(eigenvalues[0].as_f64() >= eigenvalues[1].as_f64(), "{eigenvalues:?}");
}

#[test]
fn a_line_runs_from_the_start_to_a_runs_end() {
    let scenario = parse(&file(NET, r#"{"kind": "line", "to": "adam"}"#)).unwrap();
    let csv = output(&scenario, RunFormat::Csv);
    assert!(csv.lines().next().unwrap().ends_with(",accuracy,line_t,line_distance"));
    let report = json(&scenario);
    let adam = report["runs"][1]["trajectory"].as_array().unwrap();
    assert_eq!(adam[0]["plane"]["t"], 0.0);
    assert_eq!(adam[0]["plane"]["distance"], 0.0);
    let end = &adam[20]["plane"];
    assert!((end["t"].as_f64().unwrap() - 1.0).abs() < 1e-12 && end["distance"].as_f64().unwrap() < 1e-12, "{end}");
    assert!(report["plane"].get("shares").is_none() && report["plane"]["kind"] == "line");
}

#[test]
fn streamed_output_with_a_plane_is_what_the_runs_with_histories_give() {
    for plane in [r#"{"kind": "pca"}"#, r#"{"kind": "line", "from": "gd", "to": "adam"}"#] {
        let scenario = parse(&file(NET, plane)).unwrap();
        for format in [RunFormat::Json, RunFormat::Csv] {
            let mut streamed = Vec::new();
            write_streamed(&mut streamed, &scenario, format, &|| {}).unwrap();
            assert!(String::from_utf8(streamed).unwrap() == output(&scenario, format), "{plane}: {format:?}");
        }
    }
}

#[test]
fn a_long_runs_principal_plane_is_the_same_streamed_or_kept() {
    // 2,500 steps: every third iterate and the last. Streamed and kept
    // runs read the same ones, so they place each step the same.
    let text = rosenbrock_on_its_pca_plane(2500);
    let scenario = parse(&text).unwrap();
    let mut streamed = Vec::new();
    write_streamed(&mut streamed, &scenario, RunFormat::Csv, &|| {}).unwrap();
    assert!(String::from_utf8(streamed).unwrap() == output(&scenario, RunFormat::Csv));
}

#[test]
fn a_plane_counts_the_runs_twice_against_the_work_budget() {
    // Three runs at the budget, about 2e9 gradient evaluations: with a
    // plane they would be computed twice.
    let heavy = std::fs::read_to_string("tests/fixtures/valid/heavy_budget.json").unwrap();
    assert!(parse(&heavy).is_ok());
    let lines = parse(&heavy.replacen(r#""steps""#, r#""plane": {"kind": "pca"}, "steps""#, 1)).unwrap_err();
    assert!(
        lines.len() == 1 && lines[0].starts_with("steps: this scenario would take about 4.0e9 gradient evaluations"),
        "{lines:#?}"
    );
}

#[test]
fn a_plane_the_runs_do_not_span_is_an_error_of_the_output() {
    // Gradient descent on x² + y² from (1, 1) runs along one line.
    let text = r#"{"function": {"expr": "x^2 + y^2"}, "start": [1, 1], "steps": 5, "plane": {"kind": "pca"},
        "optimizers": [{"type": "gd", "lr": 0.1}]}"#;
    let scenario = parse(text).unwrap();
    let runs = scenario.computed_runs();
    let error = write_runs(&mut Vec::new(), &scenario, &runs, RunFormat::Csv).unwrap_err();
    assert!(error.to_string().contains("the iterates spread over 1 direction(s), not two"), "{error}");
}
