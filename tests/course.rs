//! A course is a folder: `losscape lessons DIR` lists it, `losscape check
//! DIR` checks it, the view's `n` and `p` move through it in name order and
//! its picker lists it, reading each title only when shown.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use losscape::core::scenario::Scenario;
use losscape::course::Course;
use losscape::tui::action::Action;
use losscape::tui::app::{App, Overlay};
use losscape::tui::theme::ColorMode;

fn losscape() -> Command {
    Command::cargo_bin("losscape").unwrap()
}

/// A fresh folder of three lessons, out of name order on disk, and one
/// broken file between them.
fn course(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("losscape-course-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let lesson = |file: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(file);
    fs::copy(lesson("13-adam-rosenbrock.json"), dir.join("04-adam.json")).unwrap();
    fs::copy(lesson("01-learning-rate.json"), dir.join("01-rate.json")).unwrap();
    fs::copy(lesson("04-momentum.json"), dir.join("02-momentum.json")).unwrap();
    fs::write(dir.join("03-broken.json"), r#"{"name": "Broken", "steps": 0}"#).unwrap();
    fs::write(dir.join("notes.txt"), "not a scenario").unwrap();
    dir
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn lessons_lists_a_folder_in_name_order_with_titles() {
    let dir = course("lessons");
    let out = losscape().arg("lessons").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  0")).collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(
        rows[0].contains("01-rate.json") && rows[0].ends_with("The learning rate: too small, just right, too large")
    );
    assert!(rows[1].contains("02-momentum.json") && rows[1].ends_with("Momentum and Nesterov on Rosenbrock"));
    assert!(rows[2].contains("03-broken.json") && rows[2].ends_with("Broken"));
    assert!(rows[3].contains("04-adam.json"));
    // The first sentence of the description, under the title.
    assert!(
        text.contains("Gradient descent on a parabola from x = 10 to its minimum at −2.5: each step multiplies"),
        "{text}"
    );
    assert!(!text.contains("notes.txt"));

    let empty = dir.join("empty");
    fs::create_dir(&empty).unwrap();
    let out = losscape().arg("lessons").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("empty: no scenario files (*.json) in this folder\n"));
    let out = losscape().args(["lessons", "/nonexistent/course"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: /nonexistent/course: cannot list the folder: there is no such file\n"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_checks_every_file_of_a_folder_in_name_order() {
    let dir = course("check");
    let out = losscape().arg("check").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "one file is broken");
    let text = stdout(&out);
    let verdicts: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(verdict, rest)| (verdict, rest.rsplit('/').next().unwrap_or(rest)))
        .collect();
    assert_eq!(verdicts[0], ("ok", "01-rate.json"));
    assert_eq!(verdicts[1], ("ok", "02-momentum.json"));
    assert_eq!(verdicts[2].0, "error");
    assert!(text.contains("03-broken.json: steps: must be between 1 and 1000000, got 0"), "{text}");
    assert_eq!(verdicts.last().unwrap(), &("ok", "04-adam.json"));

    fs::remove_file(dir.join("03-broken.json")).unwrap();
    losscape().arg("check").arg(&dir).assert().success();
    // A folder without scenarios is a problem of its own.
    let empty = dir.join("empty");
    fs::create_dir(&empty).unwrap();
    let out = losscape().arg("check").arg(&dir).arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).ends_with("empty: no scenario files (*.json) in this folder\n"), "{}", stdout(&out));
    fs::remove_dir_all(dir).unwrap();
}

fn app_on_course(dir: &Path) -> App {
    let course = Course::open(dir).unwrap();
    let first = course.list().unwrap().files[0].clone();
    let mut app = App::new(Scenario::load(&first).unwrap(), ColorMode::Mono);
    app.set_course(course, 0);
    app
}

fn shown(app: &App) -> String {
    app.scenario().path.as_deref().unwrap().file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn n_and_p_move_through_the_course_in_name_order() {
    let dir = course("keys");
    let mut app = app_on_course(&dir);
    assert_eq!(app.message(), Some("01-rate.json, 1 of 4 in the course (n next, p previous)"));
    app.apply(Action::Lesson(1));
    assert_eq!(shown(&app), "02-momentum.json");
    assert_eq!(app.message(), Some("02-momentum.json, 2 of 4 in the course (n next, p previous)"));
    // The broken file is said, the view stays, and the next n goes past it.
    app.apply(Action::Lesson(1));
    assert_eq!(shown(&app), "02-momentum.json");
    let said = app.message().unwrap();
    assert!(said.starts_with("3 of 4 in the course: ") && said.ends_with("(n, p go past it)"), "{said}");
    app.apply(Action::Lesson(1));
    assert_eq!(shown(&app), "04-adam.json");
    // Around the end, and back.
    app.apply(Action::Lesson(1));
    assert_eq!(shown(&app), "01-rate.json");
    app.apply(Action::Lesson(-1));
    assert_eq!(shown(&app), "04-adam.json");
    // A file added while the course is open is in it at once.
    fs::copy(dir.join("01-rate.json"), dir.join("05-again.json")).unwrap();
    app.apply(Action::Lesson(1));
    assert_eq!(shown(&app), "05-again.json");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_picker_lists_the_course_and_n_goes_on_from_what_was_picked() {
    let dir = course("picker");
    let mut app = app_on_course(&dir);
    app.apply(Action::OpenPicker);
    assert_eq!(app.overlay(), Overlay::Picker);
    let titles: Vec<&str> = app.picker().entries.iter().take(4).map(|e| e.title()).collect();
    assert_eq!(
        titles,
        [
            "The learning rate: too small, just right, too large",
            "Momentum and Nesterov on Rosenbrock",
            "Broken",
            "One Adam setting (1/3): Rosenbrock"
        ]
    );
    assert_eq!(app.picker().entries.len(), 4 + losscape::lessons::LESSONS.len());
    app.apply(Action::PickerMove(3));
    app.apply(Action::PickerChoose);
    assert_eq!(shown(&app), "04-adam.json");
    // From the one picked, p meets the broken file, then goes past it.
    app.apply(Action::Lesson(-1));
    assert_eq!(shown(&app), "04-adam.json");
    assert!(app.message().unwrap().starts_with("3 of 4 in the course: "), "{:?}", app.message());
    app.apply(Action::Lesson(-1));
    assert_eq!(shown(&app), "02-momentum.json");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_picker_reads_a_title_when_it_is_shown_and_validates_nothing() {
    let dir = course("lazy");
    // A line fit whose data file is missing: listing it must not read data.
    fs::write(
        dir.join("05-fit.json"),
        r#"{"name": "A line fit", "function": {"name": "linear_regression", "csv": "missing.csv"},
            "start": [0, 0], "steps": 5, "optimizers": [{"type": "gd"}]}"#,
    )
    .unwrap();
    let mut app = app_on_course(&dir);
    app.apply(Action::OpenPicker);
    // Written after the list was made, before any title was asked for.
    fs::write(dir.join("02-momentum.json"), r#"{"name": "Renamed since"}"#).unwrap();
    let entries = &app.picker().entries;
    assert_eq!(entries[1].title(), "Renamed since", "the title is read when shown, not when listed");
    assert_eq!(entries[4].title(), "A line fit");
    // Read once: a later edit is seen at the next `o`.
    fs::write(dir.join("02-momentum.json"), r#"{"name": "Again"}"#).unwrap();
    assert_eq!(app.picker().entries[1].title(), "Renamed since");
    app.apply(Action::Back);
    app.apply(Action::OpenPicker);
    assert_eq!(app.picker().entries[1].title(), "Again");
    // Opening it is where it is validated.
    app.apply(Action::PickerMove(4));
    app.apply(Action::PickerChoose);
    assert!(app.message().unwrap().contains("function.csv: cannot read"), "{:?}", app.message());
    fs::remove_dir_all(dir).unwrap();
}
