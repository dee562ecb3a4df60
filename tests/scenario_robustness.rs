//! No scenario text, however malformed, makes losscape panic: not in
//! parsing, and not in running or drawing what parsing accepts.

use std::path::Path;

use losscape::core::scenario::Scenario;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::render_buffer;
use losscape::tui::theme::ColorMode;

/// Runs what was accepted to its end, and draws its first and last step.
fn run_and_draw(scenario: Scenario, draw: bool) {
    let mut app = App::new(scenario, ColorMode::TrueColor);
    for run in app.runs() {
        assert!(run.is_finished(), "every run ends");
    }
    if draw {
        for step in [Action::FirstStep, Action::LastStep] {
            app.apply(step);
            render_buffer(&app, 80, 24);
            render_buffer(&app, 40, 12);
        }
    }
}

#[test]
fn mutated_scenarios_are_refused_or_run_and_drawn() {
    let valid = std::fs::read_to_string("tests/fixtures/valid/every_field.json").unwrap();
    let bytes = valid.as_bytes();
    let replacements = [b'{', b'}', b'[', b']', b'"', b',', b':', b'-', b'0', b'9', b'e', b'.', b' '];
    let (mut accepted, mut refused) = (0, 0);
    for i in 0..bytes.len() {
        // Cut the text at i, delete byte i, and replace it with each of a few characters.
        let mut variants = vec![bytes[..i].to_vec(), [&bytes[..i], &bytes[i + 1..]].concat()];
        for r in replacements {
            let mut v = bytes.to_vec();
            v[i] = r;
            variants.push(v);
        }
        for v in variants {
            let text = String::from_utf8_lossy(&v);
            match Scenario::parse(&text, "mutant.json", Path::new("tests/fixtures/valid"), "mutant") {
                Ok(scenario) => {
                    // Drawing costs more than running: every seventh accepted one is drawn.
                    run_and_draw(scenario, accepted % 7 == 0);
                    accepted += 1;
                }
                Err(e) => {
                    assert!(!e.problems.is_empty(), "an error says what is wrong");
                    for line in e.lines() {
                        assert!(!line.contains('\n'), "one line each: {line}");
                        // The shape check says, in words, all that serde would refuse.
                        for jargon in
                            ["cannot be read", "invalid type", "expected f64", "expected u64", "expected one of"]
                        {
                            assert!(!line.contains(jargon), "`{jargon}` in {line}\n{text}");
                        }
                    }
                    refused += 1;
                }
            }
        }
    }
    // Many mutations keep the file valid (a digit for a digit, a space for
    // a space), and many break it: both paths are exercised.
    assert!(accepted > 1_000 && refused > 5_000, "{accepted} accepted, {refused} refused");
}

#[test]
fn extreme_values_are_refused_or_run_and_drawn() {
    let mut accepted = 0;
    for (field, value) in [
        ("lr", "1e6"),
        ("lr", "5e-324"),
        ("noise", "1e300"),
        ("clip_norm", "1e-300"),
        ("eps", "0"),
        ("weight_decay", "1e300"),
    ] {
        for start in ["[1e300, -1e300]", "[0, 0]", "[5e-324, -5e-324]"] {
            let text = format!(
                r#"{{"function": "rosenbrock", "start": {start}, "steps": 50,
                    "optimizers": [{{"type": "adam", "{field}": {value}}}, {{"type": "newton"}},
                                   {{"type": "rmsprop", "centered": true}}]}}"#
            );
            if let Ok(s) = Scenario::parse(&text, "extreme.json", Path::new("."), "extreme") {
                run_and_draw(s, true);
                accepted += 1;
            }
        }
    }
    assert!(accepted >= 15, "{accepted}");
    // Domains at the edges of what is drawn.
    for domain in [r#"{"x": [-1e9, 1e9], "y": [0, 1e-8]}"#, r#"{"x": [1e8, 100000000.5], "y": [-1, 1]}"#] {
        let text = format!(
            r#"{{"function": "quadratic", "domain": {domain}, "start": [0, 0], "steps": 5, "optimizers": [{{"type": "gd"}}]}}"#
        );
        if let Ok(s) = Scenario::parse(&text, "edge.json", Path::new("."), "edge") {
            run_and_draw(s, true);
        }
    }
}
