//! Changes made in the view, as a teacher makes them: each one said in the
//! status bar with what it caused, each one undoable on its own, `r` back to
//! the lesson as opened, and keys that stay within what a file allows, so
//! that a saved copy loads back to the same runs.

use std::fs;
use std::path::{Path, PathBuf};

use losscape::core::run::{RunSpec, Status};
use losscape::core::scenario::Scenario;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::command::CommandKey;
use losscape::tui::theme::ColorMode;

fn lesson(name: &str) -> Scenario {
    lessons::find(name).unwrap().scenario().unwrap()
}

fn open(name: &str) -> App {
    App::new(lesson(name), ColorMode::Mono)
}

fn type_command(app: &mut App, line: &str) {
    app.apply(Action::OpenCommand);
    for c in line.chars() {
        app.apply(Action::Command(CommandKey::Char(c)));
    }
    app.apply(Action::Command(CommandKey::Enter));
}

fn specs(app: &App) -> Vec<RunSpec> {
    app.runs().iter().map(|r| r.spec().clone()).collect()
}

fn labels(app: &App) -> Vec<String> {
    (0..app.runs().len()).map(|i| app.label_of(i).to_string()).collect()
}

/// A fresh folder under the system's temporary one.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("losscape-tuning-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A scenario file with this text, opened in the view.
fn open_text(dir: &Path, text: &str) -> App {
    let file = dir.join("lesson.json");
    fs::write(&file, text).unwrap();
    App::new(Scenario::load(&file).unwrap(), ColorMode::Mono)
}

/// Saves the view's scenario, checks it with `losscape check` and loads it
/// back: every run must be the one the view shows, step for step.
fn saved_copy_loads_back_to_the_same_runs(app: &mut App) {
    let saved = app.save().unwrap_or_else(|| panic!("w: {:?}", app.message()));
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_losscape")).arg("check").arg(&saved).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let again = Scenario::load(&saved).unwrap();
    let labels_again: Vec<&str> = again.optimizers.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels_again, labels(app));
    for (run, again) in app.runs().iter().zip(again.computed_runs()) {
        assert_eq!(run.spec(), again.spec());
        assert_eq!(run.history(), again.history(), "{}", run.spec().optimizer.kind.name());
    }
}

#[test]
fn r_returns_to_the_lesson_as_opened_whatever_changed_it() {
    let as_opened = lesson("learning-rate");
    let mut app = open("learning-rate");
    app.apply(Action::Select(2)); // lr 0.95
    app.apply(Action::Step(10));
    type_command(&mut app, "lr 0.75");
    app.apply(Action::RaiseLearningRate);
    type_command(&mut app, "add adam lr=0.01");
    app.apply(Action::Select(0));
    app.apply(Action::MoveStart { at: [3.0, 0.0], all: false });
    type_command(&mut app, "rename slow");
    assert_eq!(app.runs().len(), 5);
    app.apply(Action::ResetHyperparameters);
    assert_eq!(app.runs().len(), 4, "the optimizer a line added is gone");
    let original: Vec<RunSpec> = as_opened.optimizers.iter().map(|o| o.spec.clone()).collect();
    assert_eq!(specs(&app), original, "every key, line and click undone");
    let original_labels: Vec<String> = as_opened.optimizers.iter().map(|o| o.label.clone()).collect();
    assert_eq!(labels(&app), original_labels);
    for (run, fresh) in app.runs().iter().zip(as_opened.computed_runs()) {
        assert_eq!(run.history(), fresh.history());
    }
    assert_eq!(app.step(), 10, "the step shown stays");
    assert!(app.message().unwrap().starts_with("back to the scenario as opened"), "{:?}", app.message());
    // The reset is a change like any other: u takes it back.
    app.apply(Action::Undo);
    assert_eq!(app.runs().len(), 5);
    assert_eq!(app.label_of(0), "slow");
    app.apply(Action::ResetHyperparameters);
    app.apply(Action::ResetHyperparameters);
    assert_eq!(app.message(), Some("nothing to reset: the scenario is as it was opened"));
}

#[test]
fn u_takes_back_one_change_at_a_time_and_shift_u_puts_it_back() {
    let mut app = open("learning-rate");
    app.apply(Action::Select(2));
    let states = |app: &App| (specs(app), labels(app));
    let opened = states(&app);
    app.apply(Action::RaiseLearningRate); // 0.95 → 1, label lr 1
    let raised = states(&app);
    type_command(&mut app, "momentum 0"); // refused: gd has no momentum; nothing changed
    app.apply(Action::Command(CommandKey::Cancel));
    type_command(&mut app, "type momentum");
    let retyped = states(&app);
    app.apply(Action::MoveStart { at: [4.0, 0.0], all: true });
    app.apply(Action::Undo);
    assert_eq!(states(&app), retyped, "the click undone");
    assert!(app.message().unwrap().starts_with("undone: every optimizer restarted from"), "{:?}", app.message());
    app.apply(Action::Undo);
    assert_eq!(states(&app), raised, "the `:` line undone, the key's rate kept");
    assert_eq!(app.message(), Some("undone: :type momentum (U redoes)"));
    app.apply(Action::Undo);
    assert_eq!(states(&app), opened);
    assert_eq!(app.label_of(2), "lr 0.95", "the label follows back");
    app.apply(Action::Undo);
    assert_eq!(app.message(), Some("nothing to undo: no change since the scenario was opened"));
    app.apply(Action::Redo);
    app.apply(Action::Redo);
    assert_eq!(states(&app), retyped);
    assert!(app.message().unwrap().starts_with("redone: :type momentum"));
    // A new change forgets what was undone.
    app.apply(Action::Undo);
    app.apply(Action::LowerLearningRate);
    app.apply(Action::Redo);
    assert_eq!(app.message(), Some("nothing to redo"));
    // The undone runs are the runs: each recomputed from its spec.
    for (run, fresh) in app.runs().iter().zip(app.scenario().computed_runs()) {
        if run.spec() == fresh.spec() {
            assert_eq!(run.history(), fresh.history());
        }
    }
}

#[test]
fn shift_r_on_a_built_in_lesson_reopens_it_as_built_in() {
    let mut app = open("momentum");
    app.apply(Action::RaiseLearningRate);
    type_command(&mut app, "add adam");
    app.apply(Action::Reload);
    let built_in: Vec<RunSpec> = lesson("momentum").optimizers.iter().map(|o| o.spec.clone()).collect();
    assert_eq!(specs(&app), built_in);
    let said = app.message().unwrap();
    assert!(said.starts_with("lesson 04-momentum as built in: every change undone"), "{said}");
    assert!(!said.contains("no file"), "{said}");
    app.apply(Action::Reload);
    assert!(app.message().unwrap().contains("is as built in: no change to undo"), "{:?}", app.message());
}

#[test]
fn a_rate_past_its_limit_is_said_with_the_step_its_run_diverges_at() {
    let mut app = open("momentum");
    app.apply(Action::Select(1)); // Momentum, lr 0.001, μ 0.95
    app.apply(Action::RaiseLearningRate);
    assert_eq!(app.message(), Some("Momentum: lr=0.002"), "below the limit: nothing more to say");
    app.apply(Action::RaiseLearningRate);
    // Rosenbrock's Hessian at (1, 1) is [[802, −400], [−400, 200]], whose
    // largest eigenvalue is 501 + √(501² − 400) = 1001.6; heavy ball is
    // stable below 2(1 + 0.95)/1001.6 = 0.003894.
    let run = &app.runs()[1];
    let diverges = run.escape().expect("lr 0.005 runs away").step;
    assert!(run.record(diverges).loss > 1000.0 * run.record(0).loss, "the run itself says where");
    assert_eq!(
        app.message().unwrap(),
        format!("Momentum diverges at step {diverges}: lr 0.005 is past its limit 0.0039")
    );
    // GD's limit there is 2/1001.6 = 0.0019968: lr 0.002 is just past it,
    // which the limit's digits say. GD crawls along the valley floor and
    // never comes near enough to the minimum in 1,000 steps to blow up.
    app.apply(Action::Select(0));
    app.apply(Action::RaiseLearningRate);
    assert_eq!(app.message(), Some("GD has lr 0.002, past its limit 0.001997, though still bounded at step 1000"));
    assert!(app.runs()[0].escape().is_none());
    // A typed rate is said the same way.
    app.apply(Action::Select(2));
    type_command(&mut app, "lr 0.01");
    let said = app.message().unwrap();
    assert!(said.starts_with("Nesterov: lr 0.01; Nesterov diverges at step "), "{said}");
}

#[test]
fn what_a_key_caused_fits_the_status_bar_at_80_columns() {
    let mut app = open("momentum");
    app.apply(Action::Select(1));
    app.apply(Action::RaiseLearningRate);
    app.apply(Action::RaiseLearningRate);
    let screen = losscape::tui::buffer_text(&losscape::tui::render_buffer(&app, 80, 24));
    let status = screen.lines().last().unwrap();
    // The playback and the speed give their room to the message.
    assert!(status.starts_with(" 0/1000 │ Momentum diverges at step "), "{status}");
    assert!(status.contains(": lr 0.005 is past its limit"), "{status}");
    assert!(status.ends_with("? help"), "{status}");
    app.apply(Action::Step(1));
    let screen = losscape::tui::buffer_text(&losscape::tui::render_buffer(&app, 80, 24));
    assert!(screen.lines().last().unwrap().starts_with(" step 1/1000 │ ‖ paused │ 50 steps/s"), "{screen}");
}

#[test]
fn the_momentum_keys_stop_short_of_1_and_momentum_1_is_said() {
    let mut app = open("momentum");
    app.apply(Action::Select(1)); // Momentum 0.95
    assert_eq!(app.optimizer_of(1).momentum_like().unwrap().value, 0.95);
    app.apply(Action::RaiseMomentum);
    assert_eq!(app.optimizer_of(1).momentum_like().unwrap().value, 0.99, "not 1: }} stops short");
    app.apply(Action::RaiseMomentum);
    assert_eq!(app.optimizer_of(1).momentum_like().unwrap().value, 0.99);
    assert!(app.message().unwrap().ends_with("as far as } goes (Alt-} goes on to 1)"), "{:?}", app.message());
    app.apply(Action::FineMomentum(true));
    assert_eq!(app.optimizer_of(1).momentum_like().unwrap().value, 1.0, "the fine key goes on");
    // In the Rosenbrock valley the undamped velocity throws the run out.
    let run = &app.runs()[1];
    let diverges = run.escape().expect("momentum 1 runs away here").step;
    assert_eq!(
        app.message().unwrap(),
        format!("Momentum has momentum 1, nothing damps it: it diverges at step {diverges}")
    );
    app.apply(Action::Undo);
    assert_eq!(app.optimizer_of(1).momentum_like().unwrap().value, 0.99);
    // On x² + 10y² with lr 0.01 (lr·λ = 0.2, below heavy ball's 2(1 + μ) = 4)
    // the velocity is the sum of every gradient so far: the run swings
    // between the same bounds for ever, still moving at its last step.
    let dir = folder("momentum");
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 400,
        "optimizers": [{"type": "momentum", "lr": 0.01, "momentum": 0.99, "label": "heavy ball"}]}"#;
    let mut app = open_text(&dir, text);
    app.apply(Action::FineMomentum(true));
    let run = &app.runs()[0];
    let last = run.steps_taken();
    assert_eq!(last, 400);
    assert_ne!(run.record(last).params, run.record(last - 1).params);
    assert!(run.escape().is_none() && !matches!(run.status(), Status::Converged { .. }));
    let widest = run.history().iter().map(|r| r.params[0].abs().max(r.params[1].abs())).fold(0.0, f64::max);
    assert!(widest < 10.0, "bounded: {widest}");
    assert_eq!(app.message(), Some("heavy ball has momentum 1, nothing damps it: the run never settles"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn keys_stay_within_what_a_file_allows_and_the_saved_copy_loads_back() {
    let dir = folder("bounds");
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 20,
        "optimizers": [{"type": "gd", "lr": 1e-310, "label": "tiny"}, {"type": "gd", "lr": 500000, "label": "huge"}]}"#;
    let mut app = open_text(&dir, text);
    app.apply(Action::Select(0));
    app.apply(Action::FineLearningRate(true));
    assert_eq!(app.optimizer_of(0).lr, 1.1e-310, "×1.1 to three digits, not NaN");
    for _ in 0..40 {
        app.apply(Action::FineLearningRate(false));
        app.apply(Action::LowerLearningRate);
    }
    let lr = app.optimizer_of(0).lr;
    assert!(lr > 0.0 && lr.is_finite(), "{lr}");
    app.apply(Action::LowerLearningRate);
    assert_eq!(app.optimizer_of(0).lr, lr);
    assert!(app.message().unwrap().contains("cannot go lower"), "{:?}", app.message());
    app.apply(Action::Select(1));
    app.apply(Action::RaiseLearningRate);
    assert_eq!(app.optimizer_of(1).lr, 1e6);
    app.apply(Action::RaiseLearningRate);
    assert_eq!(app.optimizer_of(1).lr, 1e6, "the file format's largest rate, not the next rung, 2e6");
    assert_eq!(app.message(), Some("huge: lr=1e6 is the largest a scenario allows"));
    app.apply(Action::FineLearningRate(true));
    assert_eq!(app.optimizer_of(1).lr, 1e6);
    type_command(&mut app, "lr 950000");
    app.apply(Action::FineLearningRate(true));
    assert_eq!(app.optimizer_of(1).lr, 1e6, "950000 × 1.1 is past the largest: it stops there");
    assert!(app.message().unwrap().ends_with("(lr 1e6 is the largest a scenario allows)"), "{:?}", app.message());
    // Every command still runs.
    type_command(&mut app, "steps 30");
    assert_eq!(app.total_steps(), 30, "{:?}", app.command_line().and_then(|l| l.note.clone()));
    saved_copy_loads_back_to_the_same_runs(&mut app);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_start_from_a_click_is_saved_to_the_last_bit() {
    let dir = folder("click");
    let mut app = open_text(&dir, &fs::read_to_string("scenarios/04-momentum.json").unwrap());
    // A click lands anywhere between grid points; read back by a parser
    // that is not exact, 0.9008966719419211 becomes …212.
    app.apply(Action::MoveStart { at: [-1.2345678901234567, 0.9008966719419211], all: true });
    app.apply(Action::Select(1));
    app.apply(Action::FineLearningRate(true));
    app.apply(Action::FineMomentum(false));
    saved_copy_loads_back_to_the_same_runs(&mut app);
    fs::remove_dir_all(dir).unwrap();
}
