//! Scenario files written back: what the view saves loads to the same runs.

use std::path::Path;

use losscape::core::scenario::{Arrows, ChartQuantity, Layout, Levels, Panel, Scenario, ViewSettings};
use losscape::lessons::LESSONS;

#[test]
fn every_lesson_written_back_loads_to_the_same_runs() {
    for lesson in LESSONS {
        let scenario = lesson.scenario().unwrap();
        let specs: Vec<_> = scenario.optimizers.iter().map(|o| o.spec.clone()).collect();
        let text = serde_json::to_string_pretty(&scenario.to_json(&specs, Layout::Split, scenario.view)).unwrap();
        let again = Scenario::parse(&text, "saved.json", Path::new("."), "saved").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.layout, Layout::Split);
        assert_eq!(again.view, scenario.view, "{}", lesson.file);
        assert_eq!(again.name, scenario.name);
        let (a, b) = (scenario.computed_runs(), again.computed_runs());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.spec(), y.spec(), "{}", lesson.file);
            assert_eq!(x.history(), y.history(), "{}", lesson.file);
        }
    }
}

#[test]
fn tuned_values_are_what_gets_written() {
    let scenario = LESSONS[0].scenario().unwrap();
    let mut specs: Vec<_> = scenario.optimizers.iter().map(|o| o.spec.clone()).collect();
    specs[0].optimizer.lr = 0.002;
    specs[1].start = [0.5, 0.25].into();
    let view = ViewSettings {
        select: 4,
        follow: true,
        equal_aspect: true,
        arrows: Arrows::All,
        speed: Some(50.0),
        chart: ChartQuantity::LearningRate,
        chart_by_evals: true,
        open: Panel::RateMap,
        surface: true,
        levels: Levels::Log,
        open_step: 3,
    };
    let json = scenario.to_json(&specs, Layout::Overlay, view);
    assert_eq!(json["select"], "Adam");
    assert_eq!((json["follow"].clone(), json["aspect"].clone()), (true.into(), "equal".into()));
    assert_eq!((json["arrows"].clone(), json["speed"].clone()), ("all".into(), 50.0.into()));
    assert_eq!((json["chart"].clone(), json["chart_x"].clone()), ("lr".into(), "evals".into()));
    assert_eq!((json["open"].clone(), json["view"].clone()), ("ratemap".into(), "3d".into()));
    assert_eq!((json["levels"].clone(), json["open_step"].clone()), ("log".into(), 3.into()));
    let again = Scenario::parse(&json.to_string(), "saved.json", Path::new("."), "saved").unwrap();
    assert_eq!(again.view, view);
    assert_eq!(json["optimizers"][0]["lr"], 0.002);
    assert_eq!(json["optimizers"][1]["start"], serde_json::json!([0.5, 0.25]));
    assert_eq!(json["optimizers"][4]["betas"], serde_json::json!([0.9, 0.999]));
}

#[test]
fn the_ema_momentum_form_follows_its_rule() {
    // f = x² + 10y², g = (2x, 20y), μ = 0.5, lr = 0.1, from (1, 1). By hand:
    // b₁ = 0.5·(2, 20) = (1, 10), θ₁ = (0.9, 0);
    // g₁ = (1.8, 0), b₂ = 0.5·(1, 10) + 0.5·(1.8, 0) = (1.4, 5), θ₂ = (0.76, −0.5).
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 2,
        "optimizers": [{"type": "momentum", "lr": 0.1, "momentum": 0.5, "form": "ema"}]}"#;
    let scenario = Scenario::parse(text, "ema.json", Path::new("."), "ema").unwrap();
    let run = &scenario.computed_runs()[0];
    let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-15 && (a[1] - b[1]).abs() < 1e-15;
    assert!(close(run.record(1).params.xy(), [0.9, 0.0]), "{:?}", run.record(1).params);
    assert!(close(run.record(2).params.xy(), [0.76, -0.5]), "{:?}", run.record(2).params);
    let bad = text.replace(r#""form": "ema""#, r#""form": "ema", "dampening": 0.1"#);
    let err = Scenario::parse(&bad, "ema.json", Path::new("."), "ema").unwrap_err();
    assert!(err.to_string().contains("optimizer 1 (momentum), dampening: the ema form sets its own damping"), "{err}");
    let adam = text.replace(r#""type": "momentum""#, r#""type": "adam""#).replace(r#", "momentum": 0.5"#, "");
    let err = Scenario::parse(&adam, "ema.json", Path::new("."), "ema").unwrap_err();
    assert!(err.to_string().contains("optimizer 1 (adam), form: not a hyperparameter of adam"), "{err}");
}

#[test]
fn explanations_use_the_engines_numbers() {
    use losscape::core::explain::{Value, explain_step};
    let scenario = LESSONS[0].scenario().unwrap();
    let runs = scenario.computed_runs();
    let adam = &runs[4];
    let e = explain_step(adam, 0).unwrap();
    let get = |name: &str| e.quantities.iter().find(|q| q.name == name).unwrap().value.clone();
    // Step 1 by hand: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², g = (−155, −50).
    let Value::Vector(m_hat) = get("m̂") else { panic!() };
    let Value::Vector(v_hat) = get("v̂") else { panic!() };
    assert!((m_hat[0] + 155.0).abs() < 1e-12 && (m_hat[1] + 50.0).abs() < 1e-12);
    assert!((v_hat[0] - 24025.0).abs() < 1e-9 && (v_hat[1] - 2500.0).abs() < 1e-9);
    let Value::Vector(step) = get("step θₖ₊₁ − θₖ") else { panic!() };
    assert_eq!(step, [adam.record(1).params[0] + 1.5, adam.record(1).params[1] - 2.0]);
    assert!(e.rule.iter().any(|r| r.contains("m̂")));
    assert!(explain_step(adam, adam.steps_taken()).is_none());
}

#[test]
fn every_optimizer_explains_its_own_step_with_its_weight_decay() {
    use losscape::core::explain::{Value, explain_step};
    use losscape::core::optim::{Optimizer, OptimizerType};
    for kind in OptimizerType::ALL {
        let decays = Optimizer::with_defaults(kind).hyperparameters().iter().any(|(name, _)| *name == "weight_decay");
        let wd = if decays { r#", "weight_decay": 0.1"# } else { "" };
        let text = format!(
            r#"{{"function": "quadratic", "start": [1, 1], "steps": 3,
                "optimizers": [{{"type": "{}", "lr": 0.01{wd}}}]}}"#,
            kind.name()
        );
        let scenario = Scenario::parse(&text, "t.json", Path::new("."), "t").unwrap_or_else(|e| panic!("{e}"));
        let run = &scenario.computed_runs()[0];
        let e = explain_step(run, 1).unwrap_or_else(|| panic!("{kind:?} has no step 1"));
        assert!(!e.rule.is_empty(), "{kind:?}: no rule");
        if decays {
            let line = match kind {
                OptimizerType::AdamW => "θ ← θ·(1 − lr·0.1)",
                // The paper's form of decoupled decay, inside the step.
                OptimizerType::Lion => "θ ← θ − lr·(sign(c) + 0.1·θ)",
                _ => "g ← g + 0.1·θ",
            };
            assert!(e.rule.iter().any(|r| r == line), "{kind:?}: no `{line}` in {:?}", e.rule);
        }
        // Past the common numbers (θ, ∇f, g, lr) each optimizer with a state
        // (all but plain GD and SGD) adds its own.
        let before_step = e.quantities.iter().position(|q| q.name == "step θₖ₊₁ − θₖ").unwrap();
        let stateless = matches!(kind, OptimizerType::Gd | OptimizerType::Sgd);
        assert_eq!(before_step > 4, !stateless, "{kind:?}: {:?}", e.quantities);
        let Value::Vector(step) = e.quantities[before_step].value.clone() else { panic!() };
        let (a, b) = (run.record(1).params.xy(), run.record(2).params.xy());
        assert_eq!(step, [b[0] - a[0], b[1] - a[1]], "{kind:?}");
    }
}
