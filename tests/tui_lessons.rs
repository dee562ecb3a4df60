//! Teaching features of the interactive view: reloading edited files,
//! saving what was tuned, exporting runs, the picker, announcements and the
//! step breakdown.

use std::fs;
use std::path::{Path, PathBuf};

use losscape::core::scenario::Scenario;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::{App, Overlay};
use losscape::tui::theme::ColorMode;
use losscape::tui::{buffer_text, default_scenario, render_buffer};

/// A fresh folder holding a copy of a lesson.
fn workspace(name: &str, lesson: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("losscape-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.json");
    fs::copy(Path::new("scenarios").join(lesson), &file).unwrap();
    (dir, file)
}

fn open(file: &Path) -> App {
    App::new(Scenario::load(file).unwrap(), ColorMode::Mono)
}

#[test]
fn a_valid_edit_is_picked_up_and_keeps_the_step() {
    let (dir, file) = workspace("reload", "04-momentum.json");
    let mut app = open(&file);
    app.apply(Action::Step(20));
    assert!(!app.check_file(), "nothing changed yet");
    let edited = fs::read_to_string(&file).unwrap().replace(r#""lr": 0.001,"#, r#""lr": 0.0005,"#);
    fs::write(&file, edited).unwrap();
    assert!(app.check_file());
    assert_eq!(app.optimizer_of(0).lr, 0.0005);
    assert_eq!(app.step(), 20);
    assert!(app.message().unwrap().starts_with("reloaded"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_invalid_edit_keeps_the_scenario_and_says_what_is_wrong() {
    let (dir, file) = workspace("broken", "04-momentum.json");
    let mut app = open(&file);
    let before = app.runs()[0].history().to_vec();
    let broken = fs::read_to_string(&file).unwrap().replace(r#""lr": 0.001,"#, r#""lr": -1,"#);
    fs::write(&file, broken).unwrap();
    app.apply(Action::Reload);
    let message = app.message().unwrap();
    // Each of the three rates is wrong: the first is told, and the others counted.
    assert!(
        message.contains("lesson.json: optimizer 1 (GD), lr: must be a positive number, got -1 (and 2 more problems)"),
        "{message}"
    );
    assert!(message.contains("still showing the previous version"));
    assert_eq!(app.runs()[0].history(), &before[..]);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_built_in_lesson_has_nothing_to_reload() {
    let mut app = App::new(default_scenario(), ColorMode::Mono);
    app.apply(Action::Reload);
    assert!(app.message().unwrap().contains("built in"));
}

#[test]
fn saving_writes_a_new_file_that_loads_back_to_the_same_runs() {
    let (dir, file) = workspace("save", "04-momentum.json");
    let mut app = open(&file);
    app.apply(Action::RaiseLearningRate);
    app.apply(Action::ToggleLayout);
    let saved = app.save().unwrap();
    assert_eq!(saved, dir.join("lesson-tuned-1.json"));
    assert!(app.message().unwrap().contains("lesson-tuned-1.json"));
    let again = Scenario::load(&saved).unwrap();
    assert_eq!(again.layout, losscape::core::scenario::Layout::Split);
    for (run, reloaded) in app.runs().iter().zip(again.computed_runs()) {
        assert_eq!(run.history(), reloaded.history());
    }
    // A second save never overwrites the first.
    assert_eq!(app.save().unwrap(), dir.join("lesson-tuned-2.json"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn exports_have_the_shape_of_losscape_run() {
    let (dir, file) = workspace("export", "01-learning-rate.json");
    let mut app = open(&file);
    let json_path = app.export(true).unwrap();
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(json["dim"], 1);
    assert_eq!(json["runs"].as_array().unwrap().len(), 4);
    assert_eq!(json["runs"][1]["trajectory"][0]["params"], serde_json::json!([10.0]));
    let csv_path = app.export(false).unwrap();
    let csv = fs::read_to_string(&csv_path).unwrap();
    assert_eq!(csv.lines().next(), Some("label,step,x,loss,grad_norm,lr,evals"));
    assert_eq!(csv.lines().count(), 1 + 4 * 61);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_picker_opens_lessons_and_files_beside_the_current_one() {
    let (dir, file) = workspace("picker", "04-momentum.json");
    fs::copy("scenarios/06-several-minima.json", dir.join("other.json")).unwrap();
    let mut app = open(&file);
    app.apply(Action::OpenPicker);
    assert_eq!(app.overlay(), Overlay::Picker);
    let entries = &app.picker().entries;
    // The two files, then every built-in lesson.
    assert_eq!(entries.len(), 2 + losscape::lessons::LESSONS.len());
    assert!(entries[0].origin.ends_with("lesson.json") && entries[1].origin.ends_with("other.json"));
    assert_eq!(app.picker().selected, 0, "the current file is selected");
    app.apply(Action::PickerMove(1));
    app.apply(Action::PickerChoose);
    assert_eq!(app.overlay(), Overlay::None);
    assert_eq!(app.scenario().landscape.name(), "himmelblau");
    app.apply(Action::OpenPicker);
    app.apply(Action::PickerMove(2 + 3 - 1)); // the lesson 03
    app.apply(Action::PickerChoose);
    assert_eq!(app.scenario().stem, "03-ill-conditioning");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn status_changes_are_announced_at_the_step_they_happen() {
    let mut app = App::new(default_scenario(), ColorMode::Mono);
    app.apply(Action::Step(4));
    assert_eq!(app.message(), None);
    app.apply(Action::Step(1));
    assert_eq!(app.message(), Some("Newton converged at step 5"));
    app.apply(Action::LastStep);
    let message = app.message().unwrap();
    for label in ["Adam converged at step", "Nesterov converged at step", "Momentum converged at step"] {
        assert!(message.contains(label), "{message}");
    }
    let mut saddle =
        App::new(losscape::lessons::find("exploding-gradients").unwrap().scenario().unwrap(), ColorMode::Mono);
    // A thousandfold rise at the first step, then an overflow at the third:
    // stepping one at a time announces each as it happens,
    saddle.apply(Action::Step(1));
    assert_eq!(saddle.message(), Some("GD is diverging (step 1)"));
    saddle.apply(Action::Step(2));
    assert_eq!(saddle.message(), Some("GD diverged at step 3"));
    // and a jump over both says it once, with when the rise began.
    saddle.apply(Action::FirstStep);
    saddle.apply(Action::Step(10));
    assert_eq!(saddle.message(), Some("GD diverged at step 3, rising from step 1"));
}

#[test]
fn the_step_breakdown_shows_the_engines_numbers() {
    let mut app = App::new(default_scenario(), ColorMode::Mono);
    app.apply(Action::Select(4)); // Adam
    app.apply(Action::Step(1));
    app.apply(Action::ToggleExplain);
    let text = buffer_text(&render_buffer(&app, 120, 40));
    // Adam's second step on Rosenbrock, by hand: ∇f(−1.4, 2.1) = (73.6, 28),
    // m = 0.9·(−15.5) + 0.1·73.6 = −6.59, m̂ = −6.59/0.19 = −34.68421.
    // The curvature there, by hand: H = [[1200x² − 400y + 2, −400x], [−400x, 200]]
    // = [[1514, 560], [560, 200]], eigenvalues 857 ± √(657² + 560²) = −6.278055
    // and 1720.278: one negative, so the point is not in a bowl.
    for expected in [
        "Adam: step 1 → 2",
        "(73.6, 28)",
        "(-6.59, -1.7)",
        "-34.68421",
        "m̂ = m / (1 − 0.9^t)",
        "(-6.278055,",
        "1720.278)",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    insta::assert_snapshot!(text);
    app.apply(Action::Back);
    assert_eq!(app.panel(), losscape::tui::app::Panel::Chart);
}

#[test]
fn at_a_runs_end_the_breakdown_shows_the_step_that_ended_it() {
    // Lesson 08 opens `e` at its last step; there is no step after it, and
    // "no step 300" told nothing: the last step taken is explained instead.
    let lesson = losscape::lessons::find("adaptive-rates").unwrap();
    let mut app = App::new(lesson.scenario().unwrap(), ColorMode::Mono);
    app.apply(Action::LastStep);
    let k = app.step().min(app.runs()[app.selected()].steps_taken());
    app.apply(Action::ToggleExplain);
    let text = buffer_text(&render_buffer(&app, 120, 40));
    let title = format!("step {} → {}, its last", k - 1, k);
    assert!(text.contains(&title), "{title} missing:\n{text}");
    assert!(!text.contains("no step"), "{text}");
}

/// The screen at 120×40, in no colour, of a scenario's text at its last step.
fn last_screen_of(text: &str) -> String {
    let scenario = Scenario::parse(text, "q.json", Path::new("."), "q").unwrap();
    let mut app = App::new(scenario, ColorMode::Mono);
    app.apply(Action::LastStep);
    buffer_text(&render_buffer(&app, 120, 40))
}

#[test]
fn a_run_that_took_every_step_standing_still_is_said_to_have_settled() {
    // f = x² + 10y² from (1, 1), 200 steps, no stop rule. GD at 0.05 leaves
    // 0.9^200 ≈ 7e-10 of x (y is gone in one step): |∇f| ≈ 1.4e-9, below
    // 1e-6, "settled". At 0.001 it keeps 0.998^200 ≈ 0.67 of x: |∇f| ≈ 1.3,
    // "max steps". The table said "max steps" for both. Given as an
    // expression, the function has no known minimum to be "at".
    let text = r#"{"function": {"expr": "x^2 + 10*y^2", "domain": {"x": [-2, 2], "y": [-2, 2]}},
                   "start": [1, 1], "steps": 200,
                   "optimizers": [{"type": "gd", "lr": 0.05}, {"type": "gd", "lr": 0.001}]}"#;
    let text = last_screen_of(text);
    let row =
        |label: &str| text.lines().find(|l| l.contains(label) && l.contains("gd")).unwrap_or_else(|| panic!("{text}"));
    assert!(row("0.05").contains("settled, |∇f| < 1e-6"), "{text}");
    assert!(row("0.001").contains("max steps"), "{text}");
}

#[test]
fn a_run_that_took_every_step_and_ended_at_a_known_minimum_is_said_to_be_there() {
    // The same runs on the built-in quadratic, whose minimum (0, 0) is
    // known: GD at 0.05 ends 7e-10 from it, "at the minimum" (lesson 04's
    // Momentum and Nesterov, 1e-5 from (1, 1), read "max steps" beside a
    // headline saying they reach it). GD at 0.001, 0.67 away, is not.
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 200,
                   "optimizers": [{"type": "gd", "lr": 0.05}, {"type": "gd", "lr": 0.001}]}"#;
    let text = last_screen_of(text);
    let row =
        |label: &str| text.lines().find(|l| l.contains(label) && l.contains("gd")).unwrap_or_else(|| panic!("{text}"));
    assert!(row("0.05").contains("at the minimum"), "{text}");
    assert!(row("0.001").contains("max steps"), "{text}");
    let mut app = App::new(lessons::find("momentum").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::LastStep);
    let text = buffer_text(&render_buffer(&app, 120, 40));
    for label in ["Momentum", "Nesterov"] {
        let line = text.lines().find(|l| l.contains(label) && l.contains("lr=")).unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains("at the minimum"), "{line}");
    }
}
