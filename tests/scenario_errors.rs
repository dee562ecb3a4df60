//! What a scenario's author reads when the file is wrong: every problem at
//! once, in the file's order, in the file's words, with the right shape or
//! the nearest field where one was meant.

use std::path::Path;

use losscape::core::optim::OptimizerType;
use losscape::core::scenario::{Levels, MAX_PROBLEMS, Scenario, ScenarioError};

fn refused(text: &str) -> ScenarioError {
    match Scenario::parse(text, "lesson.json", Path::new("."), "lesson") {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

/// The problems as `where: what`, one a line.
fn said(text: &str) -> Vec<String> {
    refused(text).problems.iter().map(ToString::to_string).collect()
}

#[test]
fn every_problem_of_a_file_is_told_at_once_in_file_order() {
    let text = r#"{"name": "many", "function": "rosenbrock", "domain": [-5, 5, -5, 5], "start": [0, 0], "steps": 0,
        "optimizers": [{"type": "adam", "beta1": 0.9, "lr": "0.05"}, {"type": "gd", "lr": -1},
                       {"type": "momentum", "momentum": 1.5}],
        "layout": "grid"}"#;
    let lines = said(text);
    let starts = [
        "domain: must be {\"x\": [xmin, xmax], \"y\": [ymin, ymax]}",
        "steps: must be between 1 and 1000000, got 0",
        "optimizer 1 (adam), beta1: unknown field; did you mean `betas`?",
        "optimizer 1 (adam), lr: must be a number, not the text \"0.05\": write 0.05 without quotes",
        "optimizer 2 (gd), lr: must be a positive number, got -1",
        "optimizer 3 (momentum), momentum: must be in [0, 1], got 1.5",
        "layout: unknown layout `grid`; allowed: overlay, split",
    ];
    assert_eq!(lines.len(), starts.len(), "{lines:#?}");
    for (line, start) in lines.iter().zip(starts) {
        assert!(line.starts_with(start), "{line}\n  expected to start {start}");
    }
    // In one line, the first and how many more.
    let e = refused(text);
    assert!(e.to_string().starts_with("lesson.json: domain: must be"), "{e}");
    assert!(e.to_string().ends_with("(and 6 more problems)"), "{e}");
    // Reordered in the file, they are told in the new order.
    let moved = text.replace(r#""layout": "grid""#, r#""seed": 1"#).replacen('{', r#"{"layout": "grid", "#, 1);
    assert!(said(&moved)[0].starts_with("layout: unknown layout"), "{:#?}", said(&moved));
}

#[test]
fn many_problems_are_told_up_to_a_limit_then_counted() {
    let points: Vec<String> = (0..MAX_PROBLEMS + 5).map(|i| format!("[{i}, \"y\"]")).collect();
    let text = format!(
        r#"{{"function": {{"name": "linear_regression", "points": [{}]}}, "start": [0, 0], "steps": 5,
            "optimizers": [{{"type": "gd"}}]}}"#,
        points.join(", ")
    );
    let e = refused(&text);
    assert_eq!((e.problems.len(), e.more, e.count()), (MAX_PROBLEMS, 5, MAX_PROBLEMS + 5));
    assert_eq!(
        e.problems[0].to_string(),
        "function.points, item 1: must be a pair of numbers [x, y], not the list [0,\"y\"]"
    );
    assert!(e.problems[19].to_string().starts_with("function.points, item 20:"), "{}", e.problems[19]);
    let lines = e.lines();
    assert_eq!(lines.len(), MAX_PROBLEMS + 1);
    assert_eq!(lines.last().unwrap(), "lesson.json: and 5 more problems");
}

#[test]
fn a_wrong_field_lists_that_types_fields_and_the_nearest() {
    let text = |kind: &str, field: &str| {
        format!(
            r#"{{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{{"type": "{kind}", "{field}": 1}}]}}"#
        )
    };
    let line = &said(&text("adam", "beta1"))[0];
    assert_eq!(
        line,
        "optimizer 1 (adam), beta1: unknown field; did you mean `betas`? (adam's fields: type, label, lr, betas, \
         eps, weight_decay, amsgrad, start, schedule, clip_norm, noise, batch_size, color)"
    );
    for (kind, typo, meant) in [
        ("rmsprop", "aplha", "alpha"),
        ("gd", "learning_rate", "lr"),
        ("sgd", "weightdecay", "weight_decay"),
        ("adam", "epsilon", "eps"),
        ("lbfgs", "history", "history_size"),
        ("rprop", "eta", "etas"),
        ("adam", "colour", "color"),
    ] {
        let line = &said(&text(kind, typo))[0];
        assert!(line.contains(&format!("did you mean `{meant}`?")), "{kind} {typo}: {line}");
    }
    // Each type's list holds its own hyperparameters and no other type's.
    for kind in OptimizerType::ALL {
        let line = &said(&text(kind.name(), "zzz"))[0];
        let listed: Vec<&str> = line.rsplit_once("fields: ").unwrap().1.trim_end_matches(')').split(", ").collect();
        for other in OptimizerType::ALL {
            for name in other.hyperparameter_names() {
                let own = kind.takes(name);
                assert_eq!(listed.contains(&name), own, "{}: `{name}` in {line}", kind.name());
            }
        }
        assert!(!line.contains("did you mean"), "{line}");
        assert!(listed.len() < 20, "not every field of every type: {line}");
    }
    // A hyperparameter of another type says whose it is.
    let line = &said(&text("adam", "momentum"))[0];
    assert!(line.contains("not a hyperparameter of adam, which takes lr, betas, eps, weight_decay, amsgrad"), "{line}");
    // A misspelt scenario field, at the top.
    let line = &said(
        r#"{"function": "rosenbrock", "start": [0, 0], "stpes": 10, "steps": 10, "optimizers": [{"type": "gd"}]}"#,
    )[0];
    assert!(
        line.starts_with("stpes: unknown field; did you mean `steps`? (a scenario's fields: name, description"),
        "{line}"
    );
}

#[test]
fn a_wrong_shape_is_shown_right_with_the_numbers_given() {
    let with = |field: &str| {
        format!(
            r#"{{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{{"type": "adam"}}], {field}}}"#
        )
    };
    assert_eq!(
        said(&with(r#""domain": [-5, 5, -2, 3]"#)),
        [
            r#"domain: must be {"x": [xmin, xmax], "y": [ymin, ymax]} (no "y" in 1-D), such as {"x": [-5, 5], "y": [-2, 3]}, not the list [-5,5,-2,3]"#
        ]
    );
    assert_eq!(
        said(&with(r#""domain": {"x": [-5, 5, 1], "y": [0, 1]}"#)),
        ["domain.x: must be 2 numbers [xmin, xmax], not 3 values"]
    );
    assert_eq!(
        said(&with(r#""domain": {"x": -5, "y": [0, 1]}"#)),
        ["domain.x: must be 2 numbers [xmin, xmax], not -5"]
    );
    assert_eq!(said(&with(r#""stop": 0.001"#)), ["stop: must be an object such as {\"grad_norm\": 1e-6}, not 0.001"]);
    assert_eq!(
        said(&with(r#""follow": "true""#)),
        ["follow: must be true or false, not the text \"true\": write true without quotes"]
    );
    assert_eq!(said(&with(r#""seed": -1"#)), ["seed: must be a whole number, 0 or more, not -1"]);
    assert_eq!(said(&with(r#""seed": 1.5"#)), ["seed: must be a whole number, 0 or more, not 1.5"]);
    assert_eq!(said(&with(r#""layout": 2"#)), ["layout: must be text in quotes, not 2"]);
    let text = r#"{"function": "rosenbrock", "start": [0, 0], "steps": "ten", "optimizers": {"type": "gd"}}"#;
    assert_eq!(
        said(text),
        [
            "steps: must be a whole number, 0 or more, not the text \"ten\"",
            "optimizers: must be a list of optimizers, such as [{\"type\": \"gd\", \"lr\": 0.01}], not the object {\"type\":\"gd\"}",
        ]
    );
    let text =
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [3, {"type": "gd", "lr": -1}]}"#;
    assert_eq!(
        said(text),
        [
            "optimizer 1: must be an object such as {\"type\": \"adam\", \"lr\": 0.01}, not 3",
            "optimizer 2 (gd), lr: must be a positive number, got -1",
        ]
    );
    let text = r#"{"function": {"name": "rosenbrock", "domain": [-2, 2, -1, 3]}, "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd"}]}"#;
    assert!(
        said(text)[0].starts_with(r#"function.domain: must be {"x": [xmin, xmax], "y": [ymin, ymax]}"#),
        "{:?}",
        said(text)
    );
}

#[test]
fn missing_fields_say_what_goes_there() {
    assert_eq!(
        said(r#"{"start": [0, 0]}"#),
        [
            "function: missing: a built-in such as \"rosenbrock\", {\"expr\": \"x^2 + y^2\"} or data (see `losscape list`)",
            "steps: missing: how many steps each optimizer takes, 1 to 1000000",
            "optimizers: missing: a list of 1 to 12 optimizers, such as [{\"type\": \"gd\", \"lr\": 0.01}]",
        ]
    );
    let text = r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"lr": 0.1}]}"#;
    assert!(said(text)[0].starts_with("optimizer 1: missing `type`: one of gd, sgd, momentum"), "{:?}", said(text));
}

#[test]
fn no_message_speaks_serde_or_rust() {
    let texts = [
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd", "lr": "fast"}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10.5, "optimizers": [{"type": "gd"}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "adam", "betas": [0.9]}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "lbfgs", "max_iter": -2}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd", "schedule": [1]}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd", "nesterov": 1}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": 7}], "stop": {"grad": 1}}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd"}], "lr": 1, "lr": 2}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd",}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd"}] "#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd", 'lr': 1}]}"#,
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd", "lr": nope}]}"#,
    ];
    for text in texts {
        for line in refused(text).lines() {
            for word in [
                "invalid type",
                "f64",
                "u64",
                "u32",
                "usize",
                "expected one of",
                "invalid length",
                "struct",
                "sequence",
                "a map",
                "EOF",
                "ident",
                "optimizers[",
            ] {
                assert!(!line.contains(word), "`{word}` in {line}");
            }
        }
    }
}

#[test]
fn a_quadratic_in_many_parameters_is_told_what_it_lacks() {
    let file = |function: &str, start: &str, extra: &str| {
        format!(r#"{{"function": {function}, "start": {start}, "steps": 5, "optimizers": [{{"type": "gd"}}]{extra}}}"#)
    };
    let said_of = |function: &str, start: &str, extra: &str| said(&file(function, start, extra));
    let q = r#"{"name": "quadratic_nd", "diagonal": [1, 2, 3]}"#;
    // Accepted: three curvatures, three start coordinates.
    let ok = Scenario::parse(&file(q, "[1, 1, 1]", ""), "lesson.json", Path::new("."), "lesson").unwrap();
    assert_eq!(ok.landscape.dim(), 3);
    let cases = [
        (
            r#""quadratic_nd""#,
            "[1, 1]",
            "",
            "function: quadratic_nd needs its curvatures, one a parameter: {\"name\": \"quadratic_nd\", \"diagonal\": [λ1, λ2, ...]}",
        ),
        (r#"{"name": "quadratic_nd"}"#, "[1, 1]", "", "function: quadratic_nd needs `diagonal`"),
        (
            r#"{"name": "quadratic_nd", "diagonal": 3}"#,
            "[1]",
            "",
            "function.diagonal: must be a list of numbers, one a parameter, not 3",
        ),
        (
            r#"{"name": "quadratic_nd", "diagonal": []}"#,
            "[1]",
            "",
            "function.diagonal: needs between 1 and 100000 numbers, one a parameter, got 0",
        ),
        (
            r#"{"name": "quadratic_nd", "diagonal": [1, "2", 3]}"#,
            "[1, 1, 1]",
            "",
            "function.diagonal, item 2: must be a number, not the text \"2\"",
        ),
        (
            r#"{"name": "quadratic_nd", "diagonal": [1, 2, 3], "diagonals": [1]}"#,
            "[1, 1, 1]",
            "",
            "function.diagonals: unknown field; did you mean `diagonal`?",
        ),
        (q, "[1, 1]", "", "start: expected 3 numbers (the function has 3 parameters), got 2"),
        (
            q,
            "[1, 1, 1]",
            r#", "domain": {"x": [-1, 1], "y": [-1, 1]}"#,
            "domain: a domain is where a 1-D or 2-D function is drawn; this one has 3 parameters and is not drawn",
        ),
    ];
    for (function, start, extra, want) in cases {
        let lines = said_of(function, start, extra);
        assert!(
            lines.len() == 1 && lines[0].starts_with(want),
            "{function} {start} {extra}: {lines:#?}\n  expected {want}"
        );
    }
    // Newton's full Hessian is refused past 200 parameters, with the reason.
    let big: Vec<String> = (0..201).map(|_| "1".to_string()).collect();
    let function = format!(r#"{{"name": "quadratic_nd", "diagonal": [{}]}}"#, big.join(", "));
    let text = format!(
        r#"{{"function": {function}, "start": [{}], "steps": 5, "optimizers": [{{"type": "newton"}}]}}"#,
        big.join(", ")
    );
    let lines = said(&text);
    assert!(
        lines.len() == 1 && lines[0].starts_with("optimizer 1 (newton): Newton's method solves with the full Hessian, for up to 200 parameters; this function has 201"),
        "{lines:#?}"
    );
}

#[test]
fn the_levels_of_the_map_are_one_of_three_spacings() {
    let text = |levels: &str| {
        format!(
            r#"{{"function": "himmelblau", "start": [0, 0], "steps": 10, "levels": {levels}, "optimizers": [{{"type": "gd"}}]}}"#
        )
    };
    assert_eq!(said(&text("\"cubic\"")), ["levels: unknown spacing `cubic`; allowed: auto, log, linear"]);
    assert!(said(&text("3"))[0].starts_with("levels: must be"), "{:#?}", said(&text("3")));
    for (name, levels) in [("auto", Levels::Auto), ("log", Levels::Log), ("linear", Levels::Linear)] {
        let scenario = Scenario::parse(&text(&format!("\"{name}\"")), "l.json", Path::new("."), "l").unwrap();
        assert_eq!(scenario.view.levels, levels);
    }
    let plain = r#"{"function": "himmelblau", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd"}]}"#;
    assert_eq!(Scenario::parse(plain, "l.json", Path::new("."), "l").unwrap().view.levels, Levels::Auto);
}

#[test]
fn a_scenario_opens_at_a_step_within_its_steps() {
    let text = |k: &str| {
        format!(
            r#"{{"function": "himmelblau", "start": [0, 0], "steps": 10, "open_step": {k}, "optimizers": [{{"type": "gd"}}]}}"#
        )
    };
    assert_eq!(said(&text("11")), ["open_step: must be at most the scenario's steps (10), got 11"]);
    assert!(said(&text("-1"))[0].starts_with("open_step: must be"), "{:#?}", said(&text("-1")));
    let scenario = Scenario::parse(&text("10"), "l.json", Path::new("."), "l").unwrap();
    assert_eq!(scenario.view.open_step, 10);
    // The view opens there, and the first step is still one key away.
    let mut app = losscape::tui::app::App::new(scenario, losscape::tui::theme::ColorMode::Mono);
    assert_eq!(app.step(), 10);
    app.apply(losscape::tui::action::Action::FirstStep);
    assert_eq!(app.step(), 0);
}

#[test]
fn a_headline_is_one_line_of_at_most_120_characters_shown_as_text() {
    let with = |headline: &str| {
        format!(
            r#"{{"function": "rosenbrock", "start": [0, 0], "steps": 3, "optimizers": [{{"type": "gd"}}], "headline": {headline}}}"#
        )
    };
    let long = format!("\"{}\"", "a".repeat(121));
    assert_eq!(said(&with(&long)), ["headline: must be at most 120 characters, got 121"]);
    let ok = |text: &str| Scenario::parse(&with(text), "lesson.json", Path::new("."), "lesson").unwrap().headline;
    assert_eq!(ok(&format!("\"{}\"", "a".repeat(120))).map(|h| h.len()), Some(120));
    // Control characters are shown, never sent; a blank headline is none.
    assert_eq!(ok(r#""GD \u001b[2J wins\n""#).as_deref(), Some(r"GD \u{1b}[2J wins"));
    assert_eq!(ok(r#""  ""#), None);
}
