//! No scenario text, however malformed, makes parsing panic.

use std::path::Path;

use losscape::core::scenario::Scenario;

#[test]
fn mutated_scenarios_never_panic() {
    let valid = std::fs::read_to_string("tests/fixtures/valid/every_field.json").unwrap();
    let bytes = valid.as_bytes();
    let replacements = [b'{', b'}', b'[', b']', b'"', b',', b':', b'-', b'0', b'9', b'e', b'.', b' '];
    let mut parsed = 0;
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
            let _ = Scenario::parse(&text, "mutant.json", Path::new("tests/fixtures/valid"), "mutant");
            parsed += 1;
        }
    }
    assert!(parsed > 10_000);
}

#[test]
fn extreme_values_are_rejected_or_run_without_panicking() {
    for (field, value) in [
        ("lr", "1e308"),
        ("lr", "5e-324"),
        ("noise", "1e300"),
        ("clip_norm", "1e-300"),
        ("eps", "0"),
        ("weight_decay", "1e300"),
    ] {
        let text = format!(
            r#"{{"function": "rosenbrock", "start": [1e300, -1e300], "steps": 50,
                "optimizers": [{{"type": "adam", "{field}": {value}}}, {{"type": "newton"}}, {{"type": "rmsprop", "centered": true}}]}}"#
        );
        if let Ok(s) = Scenario::parse(&text, "extreme.json", Path::new("."), "extreme") {
            for run in s.computed_runs() {
                assert!(run.is_finished());
            }
        }
    }
}
