//! The live view computes runs beside it: a change returns before its runs
//! are computed, the paths arrive as they grow, and once they have ended
//! the view holds what a view that waits holds, and says the same.

use std::time::{Duration, Instant};

use losscape::core::scenario::Scenario;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::ColorMode;

fn lesson(name: &str) -> Scenario {
    lessons::find(name).unwrap().scenario().unwrap()
}

fn heavy() -> Scenario {
    Scenario::load(std::path::Path::new("tests/fixtures/valid/heavy_budget.json")).unwrap()
}

/// Takes in what the background sends until nothing is under way.
fn settle(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        app.update_background(None);
        if !app.working() {
            return;
        }
        assert!(Instant::now() < deadline, "the background work ends");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn runs_computed_beside_the_view_end_as_the_waited_ones_and_say_the_same() {
    let keys = [Action::RaiseLearningRate, Action::RaiseLearningRate, Action::FineMomentum(true)];
    let mut waited = App::new(lesson("momentum"), ColorMode::TrueColor);
    let mut live = App::with_background(lesson("momentum"), ColorMode::TrueColor, true);
    settle(&mut live);
    waited.apply(Action::Select(1));
    live.apply(Action::Select(1));
    for key in keys {
        waited.apply(key);
        live.apply(key);
        // At once, the change itself; what it caused follows its run.
        let now = live.message().unwrap_or_default().to_string();
        assert!(now.starts_with("Momentum: "), "{now}");
        settle(&mut live);
        assert_eq!(live.message(), waited.message());
    }
    assert!(waited.message().unwrap().contains("diverges at step"), "{:?}", waited.message());
    for (a, b) in live.runs().iter().zip(waited.runs()) {
        assert_eq!(a.history(), b.history());
        assert_eq!(a.status(), b.status());
    }
    assert_eq!((live.step(), live.total_steps()), (waited.step(), waited.total_steps()));
}

#[test]
fn a_heavy_run_is_shown_as_it_grows_and_a_change_starts_it_anew() {
    let mut app = App::with_background(heavy(), ColorMode::TrueColor, true);
    assert!(app.computing(0).is_some(), "nothing is waited for");
    assert_eq!(app.runs()[0].steps_taken(), 0, "each run shows its start at once");
    assert_eq!(app.total_steps(), 1_000_000, "a run being computed counts to its last step");
    app.apply(Action::LastStep);
    assert_eq!(app.step(), 1_000_000);
    // The path so far arrives.
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.runs()[0].steps_taken() == 0 {
        assert!(Instant::now() < deadline, "a partial path arrives");
        app.update_background(None);
        std::thread::sleep(Duration::from_millis(5));
    }
    let shown = app.runs()[0].steps_taken();
    assert!(app.computing(0).unwrap() > 0.0 && shown < 1_000_000);
    // A key changes the run: it starts again from its start, at once.
    let asked = Instant::now();
    app.apply(Action::RaiseLearningRate);
    assert!(asked.elapsed() < Duration::from_secs(1), "the key does not wait for the run");
    assert_eq!(app.runs()[0].steps_taken(), 0);
    assert_eq!(app.runs()[0].spec().optimizer.lr, 0.002);
    assert!(app.computing(0).unwrap() < 0.5);
    assert_eq!(app.message(), Some("GD: lr=0.002"));
    assert_eq!(app.step(), 1_000_000, "the step shown is kept while the runs are computed");
}

#[test]
fn an_export_asked_for_while_runs_are_computed_is_written_once_they_end() {
    let dir = std::env::temp_dir().join(format!("losscape-background-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.json");
    std::fs::copy("scenarios/04-momentum.json", &file).unwrap();
    let mut app = App::with_background(Scenario::load(&file).unwrap(), ColorMode::TrueColor, true);
    app.apply(Action::ExportCsv);
    assert!(app.computing(0).is_some() || app.exporting().is_some() || app.message().unwrap().starts_with("wrote"));
    settle(&mut app);
    let said = app.message().unwrap().to_string();
    assert!(said.starts_with("wrote trajectories to "), "{said}");
    let csv = std::fs::read_to_string(dir.join("lesson-trajectories-1.csv")).unwrap();
    let mut waited = App::new(Scenario::load(&file).unwrap(), ColorMode::TrueColor);
    let again = waited.export(false).unwrap();
    assert_eq!(std::fs::read_to_string(again).unwrap(), csv, "the same file as a view that waits writes");
    let rows: usize = waited.runs().iter().map(|r| r.history().len()).sum();
    assert_eq!(csv.lines().count(), rows + 1, "a header and a row a step");
    std::fs::remove_dir_all(&dir).unwrap();
}
