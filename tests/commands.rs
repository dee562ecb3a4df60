//! The view's command line, driven as a teacher types: every entry checked
//! by the scenario loader's own rules, a bad one changing nothing, and what
//! is typed being what a saved copy holds.

use std::fs;
use std::path::Path;

use losscape::core::scenario::Scenario;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::{App, Overlay};
use losscape::tui::command::CommandKey;
use losscape::tui::theme::ColorMode;

fn open(name: &str) -> App {
    App::new(lessons::find(name).unwrap().scenario().unwrap(), ColorMode::Mono)
}

/// Types `:` and the line, then Enter.
fn type_command(app: &mut App, line: &str) {
    app.apply(Action::OpenCommand);
    for c in line.chars() {
        app.apply(Action::Command(CommandKey::Char(c)));
    }
    app.apply(Action::Command(CommandKey::Enter));
}

#[test]
fn a_typed_rate_recomputes_the_run_with_it() {
    let mut app = open("learning-rate");
    app.apply(Action::Select(2)); // lr 0.95
    app.apply(Action::Step(10));
    type_command(&mut app, "lr 0.75");
    assert_eq!(app.overlay(), Overlay::None);
    assert_eq!(app.optimizer_of(2).lr, 0.75);
    assert_eq!(app.step(), 10, "the step shown stays");
    // 1 − 2·0.75 = −0.5: each step halves the distance to −2.5 and crosses it.
    let gap = app.runs()[2].record(10).params[0] + 2.5;
    assert!((gap - 12.5 * 0.5f64.powi(10)).abs() < 1e-12, "{gap}");
    assert_eq!(app.label_of(2), "lr 0.75", "the label named the rate: it follows a typed one too");
    assert_eq!(app.message(), Some("lr 0.95: lr 0.75, now labelled lr 0.75"));
}

#[test]
fn a_bad_entry_shows_the_loaders_message_and_changes_nothing() {
    let mut app = open("learning-rate");
    app.apply(Action::Select(0));
    let before: Vec<_> = app.runs().iter().map(|r| r.history().to_vec()).collect();
    for (line, message) in [
        ("lr -1", "lr: must be a positive number, got -1"),
        ("type nope", "type: unknown optimizer `nope`"),
        ("momentum 0.9", "momentum: not a hyperparameter of gd"),
        ("steps 0", "steps: must be between 1 and 1000000, got 0"),
        ("frobnicate", "unknown command `frobnicate`"),
        ("lr abc", "lr: must be a number, not the text \"abc\""),
        ("betas 0.9", "betas: not a hyperparameter of gd"),
        ("rename lr 0.1", "label: `lr 0.1` is already the label of optimizer 2"),
        ("add adam lr=-1 eps=-1", "lr: must be a positive number, got -1; eps: must be a number ≥ 0, got -1"),
    ] {
        type_command(&mut app, line);
        assert_eq!(app.overlay(), Overlay::Command, "{line}: the line stays open to be corrected");
        let (note, error) = app.command_line().unwrap().note.clone().unwrap();
        assert!(error && note.starts_with(message), "{line}: {note}");
        app.apply(Action::Command(CommandKey::Cancel));
        let after: Vec<_> = app.runs().iter().map(|r| r.history().to_vec()).collect();
        assert_eq!(before, after, "{line} changed nothing");
    }
}

/// What the line says of a refused entry: the note under it.
fn refusal(app: &App) -> String {
    let (note, error) = app.command_line().expect("the line stays open").note.clone().expect("a note");
    assert!(error, "{note}");
    note
}

#[test]
fn a_refusal_names_the_row_as_the_panel_numbers_it_in_plain_words() {
    let mut app = open("learning-rate");
    app.apply(Action::Select(3)); // the row numbered 4
    type_command(&mut app, "lr -1");
    let note = refusal(&app);
    assert_eq!(note, "lr: must be a positive number, got -1");
    type_command(&mut app, "lr abc");
    let note = refusal(&app);
    assert_eq!(note, "lr: must be a number, not the text \"abc\"");
    // The JSON the line builds is never the user's: no line, column, type
    // name or index of it.
    for word in ["optimizers[", "line", "column", "f64", "invalid type", "expected"] {
        assert!(!note.contains(word), "`{word}` in {note}");
    }
    // Left open and typed into, the line says the same kind of thing.
    for c in "de".chars() {
        app.apply(Action::Command(CommandKey::Char(c)));
    }
    app.apply(Action::Command(CommandKey::Enter));
    assert_eq!(refusal(&app), "lr: must be a number, not the text \"abcde\"");
    for _ in 0.."abcde".len() {
        app.apply(Action::Command(CommandKey::Backspace));
    }
    for c in "-2".chars() {
        app.apply(Action::Command(CommandKey::Char(c)));
    }
    app.apply(Action::Command(CommandKey::Enter));
    assert_eq!(refusal(&app), "lr: must be a positive number, got -2");
    // A typed word for a field of another shape gets the shape in words.
    app.apply(Action::Command(CommandKey::Cancel));
    type_command(&mut app, "type adam");
    type_command(&mut app, "betas 0.9");
    assert_eq!(refusal(&app), "betas: must be 2 numbers [beta1, beta2], not 0.9");
    type_command(&mut app, "amsgrad yes");
    assert_eq!(refusal(&app), "amsgrad: must be true or false, not the text \"yes\"");
}

/// The rows of a drawn screen, as text.
fn rows(app: &App, width: u16, height: u16) -> Vec<String> {
    let buffer = losscape::tui::render_buffer(app, width, height);
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect()
}

#[test]
fn a_refusal_has_a_row_of_its_own_and_leaves_the_panel_whole() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = open("learning-rate");
        let before = rows(&app, width, height);
        let last_panel_row = before.iter().rposition(|r| r.trim_start().starts_with("4 ")).expect("row 4");
        type_command(&mut app, "lr abc");
        let after = rows(&app, width, height);
        let h = usize::from(height);
        assert!(after[h - 1].trim_start().starts_with(":lr abc"), "{width}x{height}: {:?}", after[h - 1]);
        assert_eq!(
            after[h - 2].trim(),
            "lr: must be a number, not the text \"abc\"",
            "{width}x{height}: the note alone"
        );
        // The panel keeps every row, the last with its numbers and status.
        let row4 = after.iter().rposition(|r| r.trim_start().starts_with("4 ")).expect("row 4 still drawn");
        assert!(row4 < h - 2, "{width}x{height}: row 4 above the note");
        assert_eq!(after[row4], before[last_panel_row], "{width}x{height}: row 4 as it was");
    }
}

#[test]
fn the_line_up_changes_and_is_saved_as_typed() {
    let dir = std::env::temp_dir().join(format!("losscape-commands-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.json");
    fs::copy(Path::new("scenarios/04-momentum.json"), &file).unwrap();
    let mut app = App::new(Scenario::load(&file).unwrap(), ColorMode::Mono);
    type_command(&mut app, "add adam lr=0.05");
    assert_eq!(app.runs().len(), 4);
    assert_eq!(app.selected(), 3, "the new optimizer is selected");
    assert_eq!(app.label_of(3), "adam");
    type_command(&mut app, "schedule cosine 500");
    type_command(&mut app, "duplicate");
    type_command(&mut app, "type rmsprop");
    type_command(&mut app, "rename RMSprop");
    app.apply(Action::Select(0));
    type_command(&mut app, "remove");
    let labels: Vec<String> = (0..app.runs().len()).map(|i| app.label_of(i).to_string()).collect();
    assert_eq!(labels, ["Momentum", "Nesterov", "adam", "RMSprop"]);
    let saved = app.save().unwrap();
    let again = Scenario::load(&saved).unwrap();
    let reloaded: Vec<&str> = again.optimizers.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(reloaded, labels);
    for (run, again) in app.runs().iter().zip(again.computed_runs()) {
        assert_eq!(run.history(), again.history(), "{}", run.spec().optimizer.kind.name());
    }
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_losscape")).arg("check").arg(&saved).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn history_recalls_and_esc_cancels() {
    let mut app = open("learning-rate");
    app.apply(Action::Select(0));
    type_command(&mut app, "lr 0.5");
    app.apply(Action::OpenCommand);
    app.apply(Action::Command(CommandKey::Up));
    assert_eq!(app.command_line().unwrap().text, "lr 0.5");
    app.apply(Action::Command(CommandKey::Cancel));
    assert_eq!(app.overlay(), Overlay::None);
    assert_eq!(app.optimizer_of(0).lr, 0.5);
}

#[test]
fn fine_keys_reach_between_the_ladders_rungs_and_labels_follow_the_value() {
    let mut app = open("learning-rate");
    app.apply(Action::Select(2)); // lr 0.95
    app.apply(Action::RaiseLearningRate);
    assert_eq!(app.optimizer_of(2).lr, 1.0);
    assert_eq!(app.label_of(2), "lr 1", "the label named the rate: it follows it");
    app.apply(Action::LowerLearningRate);
    app.apply(Action::FineLearningRate(true));
    assert_eq!(app.optimizer_of(2).lr, 0.55, "0.5 × 1.1");
    assert_eq!(app.label_of(2), "lr 0.55");
    // A label that does not name the value stays as it is.
    let mut tour = open("tour");
    tour.apply(Action::Select(0));
    tour.apply(Action::FineLearningRate(false));
    assert_eq!(tour.optimizer_of(0).lr, 0.000909);
    assert_eq!(tour.label_of(0), "GD");
}

#[test]
fn n_and_p_walk_through_the_lessons() {
    let mut app = open("tour");
    app.apply(Action::Lesson(1));
    assert_eq!(app.scenario().stem, "01-learning-rate");
    app.apply(Action::Lesson(-1));
    app.apply(Action::Lesson(-1));
    assert_eq!(app.scenario().stem, lessons::LESSONS.last().unwrap().stem());
}
