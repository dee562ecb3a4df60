//! Scenario files from strangers, through the real binary: no control byte
//! reaches the terminal, nothing panics, nothing hangs or runs unbounded,
//! and every refusal says where and what.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn losscape() -> Command {
    Command::new(env!("CARGO_BIN_EXE_losscape"))
}

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("losscape-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs losscape with a deadline: a hang fails the test rather than the suite.
fn within(args: &[&str], seconds: u64) -> Output {
    let mut child = losscape().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("losscape {args:?} did not finish within {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether bytes hold a control character other than a newline (C0, DEL,
/// C1 in UTF-8) or a bidirectional override.
fn has_control(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).chars().any(|c| c != '\n' && losscape::sanitize::is_unsafe(c))
}

const ESC: &str = "\\u001b]0;owned\\u0007\\u009b2J\\u202e";

/// A scenario with terminal control in every string field the format has.
fn poisoned() -> String {
    format!(
        r#"{{"name": "n{ESC}", "description": "d{ESC}",
            "function": {{"expr": "x^2 + y^2", "domain": {{"x": [-1, 1], "y": [-1, 1]}}}},
            "start": [0.5, 0.5], "steps": 5,
            "optimizers": [{{"type": "gd", "lr": 0.1, "label": "g{ESC}"}},
                           {{"type": "adam", "lr": 0.1, "label": "=cmd{ESC}"}}]}}"#
    )
}

#[test]
fn no_control_character_from_a_file_reaches_any_output() {
    let dir = folder("control");
    let file = write(&dir, "poisoned.json", &poisoned());
    let path = file.to_str().unwrap();
    for args in [
        vec!["check", path],
        vec!["run", path],
        vec!["run", path, "--format", "json"],
        vec!["run", path, "--format", "csv"],
        vec!["render", path, "--size", "80x24"],
        vec!["render", path, "--size", "80x24", "--show", "help"],
        vec!["sweep", path, "--points", "3"],
        vec!["basins", path, "--size", "4x2", "--format", "csv"],
    ] {
        let out = within(&args, 30);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(
            !has_control(&out.stdout),
            "{args:?} printed a control character:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!has_control(&out.stderr), "{args:?} printed a control character to stderr");
    }
    // JSON still says what the file said, in escapes a reader decodes.
    let out = within(&["run", path, "--format", "json"], 30);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["runs"][0]["label"].as_str().unwrap().starts_with("g\\u{1b}]0;owned"));
    // CSV keeps a spreadsheet from taking a label for a formula.
    let csv = String::from_utf8(within(&["run", path, "--format", "csv"], 30).stdout).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("'=cmd")), "{csv}");
    // Errors that quote the file's text quote it visibly.
    let bad = write(&dir, "bad-type.json", &poisoned().replace(r#""type": "gd""#, &format!(r#""type": "g{ESC}d""#)));
    let out = within(&["check", bad.to_str().unwrap()], 30);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unknown optimizer `g\\u{1b}]0;owned"), "{text}");
    assert!(!has_control(&out.stdout));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn no_value_or_name_from_a_file_starts_a_line_of_output() {
    let dir = folder("lines");
    let base = r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd"}]}"#;
    // Every way of starting a line: LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
    let mut files = Vec::new();
    for (n, sep) in ["\\n", "\\r", "\\u000b", "\\u000c", "\\u0085", "\\u2028", "\\u2029"].iter().enumerate() {
        let forged = format!("x{sep}ok: forged");
        for (what, text) in [
            ("colour", base.replace(r#""gd""#, &format!(r#""gd", "color": "{forged}""#))),
            ("function", base.replace(r#""rosenbrock""#, &format!(r#""{forged}""#))),
            ("type", base.replace(r#""gd""#, &format!(r#""{forged}""#))),
            ("schedule", base.replace(r#""gd""#, &format!(r#""gd", "schedule": {{"type": "{forged}"}}"#))),
            ("select", base.replace(r#""steps""#, &format!(r#""select": "{forged}", "steps""#))),
            ("field", base.replace(r#""gd""#, &format!(r#""gd", "{forged}": 1"#))),
            ("top field", base.replace(r#""steps""#, &format!(r#""{forged}": 1, "steps""#))),
            ("csv", base.replace(r#""rosenbrock""#, &format!(r#"{{"name": "linear_regression", "csv": "{forged}"}}"#))),
            ("expression", base.replace(r#""rosenbrock""#, &format!(r#"{{"expr": "x + {forged}"}}"#))),
        ] {
            files.push(write(&dir, &format!("{n}-{}.json", what.replace(' ', "-")), &text));
        }
    }
    // A file's own name, valid and not.
    for sep in ["\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}"] {
        files.push(write(&dir, &format!("v{sep}ok: forged.json"), base));
        files.push(write(&dir, &format!("i{sep}ok: forged.json"), &base.replace("10", "0")));
    }
    let args: Vec<&str> = std::iter::once("check").chain(files.iter().map(|f| f.to_str().unwrap())).collect();
    let out = within(&args, 30);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let separators = ['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'];
    assert!(!stdout.contains(separators), "{stdout:?}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), files.len(), "one line a file:\n{stdout}");
    for line in &lines {
        assert!(line.starts_with("error: ") || line.starts_with("ok: "), "a forged line: {line:?}");
        assert!(!line.starts_with("ok: forged"), "{line:?}");
    }
    assert_eq!(lines.iter().filter(|l| l.starts_with("ok: ")).count(), 7, "only the valid ones:\n{stdout}");
    // The same on standard error, where `run` says why it refuses a file.
    for file in &files {
        let out = within(&["run", file.to_str().unwrap()], 30);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains(separators), "{stderr:?}");
        for line in stderr.lines() {
            assert!(line.starts_with("error: ") || line.starts_with("("), "a forged line: {line:?}");
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn values_that_used_to_panic_are_refused_with_their_field() {
    let dir = folder("panics");
    let base = r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [OPT]}"#;
    let label = "x".repeat(65_536);
    for (optimizer, extra, expected) in [
        (
            r#"{"type": "gd", "schedule": {"type": "cosine", "t_max": 9223372036854775808}}"#,
            "",
            "optimizer 1 (gd), schedule.t_max: must be at most 1000000000",
        ),
        (r#"{"type": "gd"}"#, r#""domain": {"x": [0, 5e-324], "y": [0, 1]},"#, "domain.x: is too narrow to draw"),
        (r#"{"type": "gd", "lr": 1e300}"#, "", "optimizer 1 (gd), lr: must be at most 1e6"),
        (
            &format!(r#"{{"type": "gd", "label": "{label}"}}"#),
            "",
            "optimizer 1 (gd), label: must be at most 100 characters",
        ),
    ] {
        let text = base.replace("OPT", optimizer).replacen('{', &format!("{{{extra}"), 1);
        let file = write(&dir, "case.json", &text);
        for command in ["check", "run", "render"] {
            let out = within(&[command, file.to_str().unwrap()], 30);
            assert_eq!(out.status.code(), Some(1), "{command} {expected}");
            let said = String::from_utf8_lossy(if command == "check" { &out.stdout } else { &out.stderr }).into_owned();
            assert!(said.contains(expected), "{command}: {said}");
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn trailing_text_and_odd_colours_are_refused() {
    let dir = folder("strict");
    let valid = r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizers": [{"type": "gd"}]}"#;
    for (text, expected) in [
        (format!("{valid} garbage"), "unexpected text after the scenario object, at line 1"),
        (format!("{valid}\n{valid}"), "unexpected text after the scenario object, at line 2"),
        (valid.replace(r#""gd""#, r#""gd", "color": "+ff0000""#), "optimizer 1 (gd), color: unknown colour `+ff0000`"),
        (
            valid.replace(r#""gd""#, r##""gd", "color": "#+1+1+1""##),
            "optimizer 1 (gd), color: unknown colour `#+1+1+1`",
        ),
        (
            valid.replace(r#""gd""#, r#""adam", "betas": [0.9, 0.99, 0.5]"#),
            "optimizer 1 (adam), betas: must be 2 numbers [beta1, beta2], not 3 values",
        ),
    ] {
        let file = write(&dir, "case.json", &text);
        let out = within(&["check", file.to_str().unwrap()], 30);
        assert_eq!(out.status.code(), Some(1));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains(expected), "{said}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_paths_out_of_the_folder_are_refused_at_once() {
    let dir = folder("special");
    let fifo = dir.join("pipe.json");
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let mut refused = vec!["/dev/zero".to_string()];
    if made {
        refused.push(fifo.display().to_string());
    }
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).unwrap();
    refused.push(dir.join("zero.json").display().to_string());
    for path in &refused {
        for command in ["check", "run"] {
            let out = within(&[command, path], 5);
            assert_eq!(out.status.code(), Some(1), "{command} {path}");
            let said = String::from_utf8_lossy(if command == "check" { &out.stdout } else { &out.stderr }).into_owned();
            assert!(said.contains("not a regular file"), "{said}");
        }
    }
    for (csv, expected) in [
        ("/dev/zero", "must name a file inside the scenario's folder"),
        ("/etc/passwd", "must name a file inside the scenario's folder"),
        ("../../etc/passwd", "must name a file inside the scenario's folder"),
        ("zero.json", "must name a file inside the scenario's folder"),
    ] {
        let text = format!(
            r#"{{"function": {{"name": "linear_regression", "csv": "{csv}"}}, "start": [0, 0], "steps": 5,
                "optimizers": [{{"type": "gd"}}]}}"#
        );
        let file = write(&dir, "data.json", &text);
        let out = within(&["check", file.to_str().unwrap()], 5);
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains(expected), "{csv}: {said}");
        assert!(!said.contains("root:"), "an error never quotes the target");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn work_beyond_the_budget_is_refused_with_the_estimate_and_the_limit() {
    let dir = folder("budget");
    let points: Vec<String> = (0..100_000).map(|i| format!("[{}, {}]", i % 97, i % 89)).collect();
    let text = format!(
        r#"{{"function": {{"name": "linear_regression", "points": [{}]}}, "start": [0, 0], "steps": 1000000,
            "optimizers": [{{"type": "gd", "lr": 1e-6}}]}}"#,
        points.join(",")
    );
    let file = write(&dir, "huge.json", &text);
    let out = within(&["run", file.to_str().unwrap()], 30);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("about 1.0e11 gradient evaluations; the limit is 2e9"), "{said}");
    let many = r#"{"function": "rosenbrock", "start": [0, 0], "steps": 1000000,
        "optimizers": [{"type": "gd"}, {"type": "gd"}, {"type": "gd"}, {"type": "gd"}]}"#;
    let file = write(&dir, "many.json", many);
    let out = within(&["check", file.to_str().unwrap()], 30);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("steps: this scenario would keep 4000000 steps of history"), "{said}");
    // A million starts of 5,000 steps each.
    let long = r#"{"function": "himmelblau", "start": [0, 0], "steps": 5000, "optimizers": [{"type": "gd"}]}"#;
    let file = write(&dir, "long.json", long);
    let out = within(&["basins", file.to_str().unwrap(), "--size", "1000x1000"], 30);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "this basin map of 1000×1000 starts would take about 5.0e9 gradient evaluations; the limit is 2e9"
        ),
        "{said}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_long_headless_job_reports_its_progress_on_stderr() {
    let dir = folder("progress");
    // 20 data points × a million steps × 2 optimizers: 4e7 evaluations.
    let points: Vec<String> = (0..20).map(|i| format!("[{i}, {}]", 2 * i + 1)).collect();
    let text = format!(
        r#"{{"function": {{"name": "linear_regression", "points": [{}]}}, "start": [0, 0], "steps": 1000000,
            "optimizers": [{{"type": "gd", "lr": 1e-4}}, {{"type": "adam", "lr": 1e-3}}]}}"#,
        points.join(",")
    );
    let file = write(&dir, "long.json", &text);
    let out = within(&["run", file.to_str().unwrap()], 120);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("losscape: this run of 1000000 steps: 2 runs, about 4.0e7 gradient evaluations"), "{said}");
    assert!(said.contains("losscape: this run of 1000000 steps: 2 of 2 runs done"), "{said}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// `render` and `record` open maps through the same gate as `losscape
/// ratemap`: a map past the budget is refused with the same message, asked
/// for by a flag or by the scenario's `open`, and nothing is written.
#[test]
fn render_and_record_refuse_a_map_past_the_budget() {
    let dir = folder("view-budget");
    // 64 × 40 rates and momenta × a million steps: 2.6e9 evaluations.
    let heavy = r#"{"function": "quadratic", "start": [1, 1], "steps": 1000000,
        "optimizers": [{"type": "momentum", "lr": 0.001, "momentum": 0.5}]}"#;
    let file = write(&dir, "heavy.json", heavy);
    let opened = write(&dir, "opened.json", &heavy.replace(r#""steps""#, r#""open": "ratemap", "steps""#));
    let out_png = dir.join("out.png");
    let f = file.to_str().unwrap();
    let cases: [Vec<&str>; 4] = [
        vec!["render", f, "--show", "ratemap"],
        vec!["render", opened.to_str().unwrap()],
        vec!["record", f, "--show", "ratemap", "--out", out_png.to_str().unwrap()],
        vec!["record", opened.to_str().unwrap(), "--out", out_png.to_str().unwrap()],
    ];
    for args in cases {
        let out = within(&args, 60);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("this rate map would take about 2.6e9 gradient evaluations; the limit is 2e9"),
            "{args:?}: {said}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out_png.exists(), "{args:?}: nothing written");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_map_that_render_computes_reports_its_progress_on_stderr() {
    let dir = folder("view-progress");
    // 64 × 40 runs × 8,000 steps: 2.0e7 evaluations, just past where progress is reported.
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 8000,
        "optimizers": [{"type": "momentum", "lr": 0.001, "momentum": 0.5}]}"#;
    let file = write(&dir, "long.json", text);
    let out = within(&["render", file.to_str().unwrap(), "--show", "ratemap", "--size", "100x30"], 120);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("losscape: this rate map: 40 rows, about 2.0e7 gradient evaluations"), "{said}");
    assert!(said.contains("losscape: this rate map: 40 of 40 rows done"), "{said}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("final loss"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// A recording past the budget is refused before anything is drawn, with
/// a message that says what to change; none is cut short in silence.
#[test]
fn record_refuses_a_recording_past_the_budget_and_says_what_to_change() {
    let dir = folder("record-budget");
    let out = dir.join("out.gif");
    let out_text = out.to_str().unwrap();
    let cast = dir.join("out.cast");
    let png = dir.join("out.png");
    // A million steps at 200 a second and 20 frames a second: 100,001 frames,
    // each drawing the path so far, half a million steps on average:
    // 100,001 × (4,800 × 1e-7 s + 500,000 × 1.3e-8 s) ≈ 698 s.
    let million = write(
        &dir,
        "million.json",
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 1000000, "optimizers": [{"type": "adam", "lr": 0.0001}]}"#,
    );
    let written =
        |dir: &Path| std::fs::read_dir(dir).unwrap().filter(|e| e.as_ref().unwrap().path() != million).count();
    let cases: [(Vec<&str>, &str); 5] = [
        (
            vec!["record", million.to_str().unwrap(), "--speed", "200", "--out", cast.to_str().unwrap()],
            "this recording would take about 698 s to draw (100001 frames of 4800 cells, paths of 5.0e10 steps in all); \
             the limit is 60 s (a higher --speed, a lower --fps, fewer steps with --from and --to, or a smaller --size \
             or --pixels)",
        ),
        // 1,500 steps at 0.1 steps a second and 60 frames a second: 900,001 frames.
        (
            vec!["record", "tour", "--speed", "0.1", "--fps", "60", "--out", cast.to_str().unwrap()],
            "this recording would hold 900001 frames; the limit is 100001 (a higher --speed, a lower --fps",
        ),
        // 1,501 frames of 400×200 cells and 3600×3600 pixels, each painted
        // twice: 3002 × (80,000 × 1e-7 s + 12,960,000 × 5e-9 s) ≈ 219 s.
        (
            vec!["record", "tour", "--speed", "20", "--fps", "20", "--size", "400x200", "--out", out_text],
            "would take about 219 s to draw (1501 frames of 80000 cells, paths of",
        ),
        (
            vec!["record", "tour", "--size", "1000x1000", "--out", out_text],
            "this recording would have 162000000 pixels a frame; the limit is 16777216",
        ),
        (
            vec!["record", "tour", "--size", "1000x1000", "--out", png.to_str().unwrap()],
            "this picture would have 162000000 pixels a frame; the limit is 16777216",
        ),
    ];
    for (args, message) in cases {
        let run = within(&args, 60);
        let said = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains(message), "{args:?}: {said}");
        assert_eq!(written(&dir), 0, "{args:?}: nothing written");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn record_over_an_existing_file_says_so_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder("record-replace");
    let out = dir.join("slide.svg");
    std::fs::write(&out, "an older picture").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = within(&["record", "tour", "--size", "80x24", "--out", out.to_str().unwrap()], 60);
    assert!(run.status.success());
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.contains(&format!("wrote {} (replacing the file that was there)", out.display())), "{said}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<svg"));
    assert_eq!(out.metadata().unwrap().permissions().mode() & 0o777, 0o600, "still private");
    // A new name is not said to replace anything.
    let fresh = dir.join("fresh.svg");
    let run = within(&["record", "tour", "--size", "80x24", "--out", fresh.to_str().unwrap()], 60);
    assert!(!String::from_utf8_lossy(&run.stderr).contains("replacing"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    for args in [
        vec!["run", "tour", "--format", "json"],
        vec!["check", "scenarios/00-tour.json", "scenarios/01-learning-rate.json"],
    ] {
        let mut child = losscape().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        // Read ten bytes, then close the pipe, as `| head -c 10` does.
        {
            use std::io::Read;
            let mut stdout = child.stdout.take().unwrap();
            let mut ten = [0u8; 10];
            stdout.read_exact(&mut ten).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}
