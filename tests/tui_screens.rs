//! The screens the interactive view draws, rendered into ratatui's
//! TestBackend: snapshots of the main screens (in the no-colour mode, where
//! characters carry the picture) and checks of what each must show.

use std::path::Path;

use losscape::core::scenario::Scenario;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::pointer::Pointer;
use losscape::tui::theme::ColorMode;
use losscape::tui::view::{Screen, ScreenLayout, layout};
use losscape::tui::{buffer_text, default_scenario, render_buffer, render_settled, render_with};
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Color;

fn lesson(file: &str) -> Scenario {
    Scenario::load(Path::new(file)).unwrap()
}

fn screen(app: &App, width: u16, height: u16) -> String {
    buffer_text(&render_buffer(app, width, height))
}

fn app_at(scenario: Scenario, step: i32, colors: ColorMode) -> App {
    let mut app = App::new(scenario, colors);
    app.apply(Action::Step(step));
    app
}

#[test]
fn default_scenario_at_step_0() {
    let app = app_at(default_scenario(), 0, ColorMode::Mono);
    let text = screen(&app, 120, 40);
    assert!(text.contains("step 0/1500"));
    assert!(text.contains("Newton lands in 5 steps, Adam in 984; plain GD still crawls at 1,500"));
    assert!(text.contains("f = (1 − x)² + 100·(y − x²)²"));
    // All six start at (−1.5, 2): f = 12.5 and |∇f| = √26525 = 162.87.
    assert_eq!(text.matches("12.5 ").count(), 6, "{text}");
    assert_eq!(text.matches("162.9").count(), 6);
    insta::assert_snapshot!(text);
}

#[test]
fn default_scenario_at_step_50() {
    let app = app_at(default_scenario(), 50, ColorMode::Mono);
    let text = screen(&app, 120, 40);
    assert!(text.contains("step 50/1500"));
    // The panel shows each run's own loss at step 50.
    for (i, run) in app.runs().iter().enumerate() {
        let shown = losscape::format::short(run.record(50).loss);
        assert!(text.contains(&shown), "optimizer {i}: loss {shown} not shown");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn split_layout_draws_one_plot_per_optimizer() {
    let mut app = app_at(default_scenario(), 120, ColorMode::Mono);
    app.apply(Action::ToggleLayout);
    let text = screen(&app, 160, 48);
    for label in ["1 GD", "2 Momentum", "3 Nesterov", "4 RMSprop", "5 Adam", "6 Newton"] {
        assert!(text.contains(label), "{label}");
    }
    // One minimum marker per plot, but where Newton, converged at step 5,
    // covers its own.
    assert_eq!(text.matches('×').count(), 5, "one minimum marker per plot");
    insta::assert_snapshot!(text);
}

#[test]
fn one_dimensional_scenario_shows_the_curve_and_bouncing_points() {
    let app = app_at(lesson("scenarios/01-learning-rate.json"), 12, ColorMode::Mono);
    let text = screen(&app, 100, 30);
    assert!(text.contains("f(x) = x² + 5x + 6"));
    assert!(text.contains("f(x)"));
    assert!(text.contains("loss − f* (log), f*=-0.25"));
    insta::assert_snapshot!(text);
}

/// The screen as drawn now at a size, and how it is laid out.
fn drawn(app: &App, width: u16, height: u16) -> (ratatui::buffer::Buffer, ScreenLayout) {
    let buffer = render_with(app, &mut Screen::new(), width, height);
    let laid_out = layout(app, buffer.area);
    (buffer, laid_out)
}

/// Everything the help shows, scrolled from top to bottom a line at a time.
fn whole_help(app: &mut App, width: u16, height: u16) -> String {
    let mut view = Screen::new();
    let mut seen = String::new();
    loop {
        seen.push_str(&buffer_text(&render_with(app, &mut view, width, height)));
        let before = app.help_scroll();
        app.apply(Action::HelpScroll(1));
        app.limit_help_scroll(drawn(app, width, height).1.help_scroll_limit());
        if app.help_scroll() == before {
            return seen;
        }
    }
}

#[test]
fn help_overlay_lists_every_key_from_the_keymap() {
    let mut app = app_at(default_scenario(), 0, ColorMode::Mono);
    for (width, height) in [(120, 40), (80, 24), (60, 18)] {
        app.apply(Action::ToggleHelp);
        let text = whole_help(&mut app, width, height);
        for (keys, help) in losscape::tui::keymap::help_rows() {
            assert!(text.contains(keys), "{width}x{height}: {keys} missing");
            assert!(text.contains(help), "{width}x{height}: {help} missing");
        }
        // The lesson's description is reachable at every size, to its last word.
        assert!(text.contains("own plot."), "{width}x{height}: the description's end");
        assert!(text.contains("lr limit") && text.contains("diverging"), "{width}x{height}: the legend");
        app.apply(Action::ToggleHelp);
    }
    app.apply(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app, 120, 40));
    // At 80×24 the help opens on the lesson's description, whole.
    let top = screen(&app, 80, 24);
    assert!(
        top.contains("A race down the Rosenbrock valley") && top.contains("Six optimizers race down the curved"),
        "{top}"
    );
    assert!(top.contains("↓ more"), "the title says there is more below");
    insta::assert_snapshot!("help_at_80x24_opens_on_the_description", top);
    app.apply(Action::HelpScroll(i32::MAX));
    let mut view = Screen::new();
    app.limit_help_scroll(drawn(&app, 80, 24).1.help_scroll_limit());
    insta::assert_snapshot!("help_at_80x24_scrolled_to_the_end", buffer_text(&render_with(&app, &mut view, 80, 24)));
}

#[test]
fn too_small_terminal_says_so() {
    let app = app_at(default_scenario(), 0, ColorMode::Mono);
    let text = screen(&app, 38, 10);
    assert!(text.contains("Terminal too small (38×10)"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn no_size_panics() {
    let mut app = app_at(default_scenario(), 7, ColorMode::TrueColor);
    for layout in 0..2 {
        for width in [1, 2, 5, 20, 39, 40, 41, 55, 80, 133, 200, 300] {
            for height in [1, 2, 11, 12, 13, 17, 24, 60, 100] {
                render_buffer(&app, width, height);
            }
        }
        if layout == 0 {
            app.apply(Action::ToggleLayout);
        }
    }
    let one_d = app_at(lesson("scenarios/01-learning-rate.json"), 60, ColorMode::Indexed);
    for (width, height) in [(40, 12), (41, 13), (250, 70)] {
        render_buffer(&one_d, width, height);
    }
}

#[test]
fn colours_put_paths_over_a_dimmed_map_and_the_valley_darkest() {
    let app = app_at(default_scenario(), 200, ColorMode::TrueColor);
    let (buffer, view) = drawn(&app, 120, 40);
    let rgb = |c: Color| match c {
        Color::Rgb(r, g, b) => (f64::from(r) + f64::from(g) + f64::from(b)) / 3.0,
        other => panic!("expected 24-bit colour, got {other:?}"),
    };
    // The minimum (1, 1) sits at the valley floor; the corner (−2, −1) high on a wall.
    let (minimum, wall) = (cell_of(&view, &buffer, [1.0, 1.0]), cell_of(&view, &buffer, [-1.95, -0.95]));
    assert!(rgb(buffer[minimum].bg) < rgb(buffer[wall].bg), "the valley is darker than the wall");
    // Heads are drawn in their optimizer's colour.
    let gd_color = app.color_of(0);
    let heads: Vec<_> = buffer.content().iter().filter(|c| c.symbol() == "●").map(|c| c.fg).collect();
    assert!(heads.contains(&Color::Rgb(gd_color.0, gd_color.1, gd_color.2)));
}

/// The cell showing a point of parameter space.
fn cell_of(view: &ScreenLayout, buffer: &ratatui::buffer::Buffer, p: [f64; 2]) -> (u16, u16) {
    let area = buffer.area;
    (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| view.point_at((x, y)).is_some())
        .min_by(|&a, &b| {
            let d = |c: (u16, u16)| {
                let q = view.point_at(c).unwrap();
                (q[0] - p[0]).hypot(q[1] - p[1])
            };
            d(a).total_cmp(&d(b))
        })
        .unwrap()
}

fn mouse(kind: MouseEventKind, (column, row): (u16, u16), modifiers: KeyModifiers) -> MouseEvent {
    MouseEvent { kind, column, row, modifiers }
}

/// Presses and releases the left button at a cell, as a click.
fn click(app: &mut App, view: &ScreenLayout, at: (u16, u16), modifiers: KeyModifiers) {
    let mut pointer = Pointer::default();
    for kind in [MouseEventKind::Down(MouseButton::Left), MouseEventKind::Up(MouseButton::Left)] {
        if let Some(action) = pointer.action_for(mouse(kind, at, modifiers), view) {
            app.apply(action);
        }
    }
}

#[test]
fn changing_the_learning_rate_recomputes_the_selected_run_only() {
    let mut app = app_at(default_scenario(), 50, ColorMode::Mono);
    let others: Vec<_> = app.runs()[1..].iter().map(|r| r.record(50).params.clone()).collect();
    let before = app.runs()[0].record(50).params.clone();
    app.apply(Action::Select(0));
    app.apply(Action::RaiseLearningRate);
    assert_eq!(app.step(), 50, "the step shown stays");
    assert_eq!(app.optimizer_of(0).lr, 0.002);
    assert_ne!(app.runs()[0].record(50).params, before);
    let after: Vec<_> = app.runs()[1..].iter().map(|r| r.record(50).params.clone()).collect();
    assert_eq!(others, after);
    assert!(screen(&app, 120, 40).contains("lr=0.002"));
    app.apply(Action::ResetHyperparameters);
    assert_eq!(app.runs()[0].record(50).params, before);
}

#[test]
fn momentum_moves_in_steps_of_a_twentieth_within_bounds() {
    let mut app = app_at(default_scenario(), 0, ColorMode::Mono);
    app.apply(Action::Select(4)); // Adam: β1 = 0.9
    app.apply(Action::RaiseMomentum);
    app.apply(Action::RaiseMomentum);
    app.apply(Action::RaiseMomentum);
    assert_eq!(app.optimizer_of(4).momentum_like().unwrap().value, 0.99, "}} stops at 0.99");
    assert!(app.message().unwrap().ends_with("as far as } goes (Alt-} goes on to 0.999)"), "{:?}", app.message());
    app.apply(Action::FineMomentum(true));
    assert_eq!(app.optimizer_of(4).momentum_like().unwrap().value, 0.999, "β1 stays below 1");
    app.apply(Action::LowerMomentum);
    assert_eq!(app.optimizer_of(4).momentum_like().unwrap().value, 0.95, "back onto the twentieths");
    app.apply(Action::Select(0)); // GD has none
    app.apply(Action::RaiseMomentum);
    assert_eq!(app.message(), Some("GD has no momentum to change"));
    app.apply(Action::Select(1));
    app.apply(Action::LowerMomentum);
    assert_eq!(app.optimizer_of(1).momentum_like().unwrap().value, 0.85);
}

#[test]
fn playback_advances_with_time_and_stops_at_the_last_step() {
    let mut app = app_at(default_scenario(), 0, ColorMode::Mono);
    assert!(app.tick_interval().is_none(), "paused: no ticks, no CPU");
    app.apply(Action::TogglePlay);
    app.tick(std::time::Duration::from_millis(1000));
    assert_eq!(app.step(), 50, "50 steps per second, as the tour asks");
    app.apply(Action::Slower);
    app.tick(std::time::Duration::from_millis(500));
    assert_eq!(app.step(), 60, "then 20");
    app.apply(Action::Faster);
    app.tick(std::time::Duration::from_secs(100));
    assert_eq!(app.step(), 1500);
    assert!(app.tick_interval().is_none(), "playback stops at the last step");
}

#[test]
fn a_click_moves_the_selected_start_and_ctrl_click_moves_every_start() {
    let mut app = app_at(lesson("scenarios/06-several-minima.json"), 30, ColorMode::TrueColor);
    let starts: Vec<_> = app.runs().iter().map(|r| r.spec().start.clone()).collect();
    let (buffer, view) = drawn(&app, 120, 40);
    app.apply(Action::Select(1));
    click(&mut app, &view, cell_of(&view, &buffer, [2.0, 2.0]), KeyModifiers::NONE);
    let moved = app.runs()[1].spec().start.clone();
    assert!((moved[0] - 2.0).abs() < 0.2 && (moved[1] - 2.0).abs() < 0.3, "{moved:?}");
    for i in [0, 2, 3] {
        assert_eq!(app.runs()[i].spec().start, starts[i], "only the selected start moves");
    }
    // Its label named its start, "from (−1, 1)": it names the new one.
    let label = app.label_of(1).to_string();
    assert!(label.starts_with("from (") && !label.contains("−1, 1"), "{label}");
    assert_eq!(app.label_of(0), "from (0, 0)");
    assert_eq!(app.step(), 30);
    click(&mut app, &view, cell_of(&view, &buffer, [-2.0, 0.0]), KeyModifiers::CONTROL);
    let start = app.runs()[0].spec().start.clone();
    assert!((start[0] + 2.0).abs() < 0.2 && start[1].abs() < 0.3, "{start:?}");
    assert!(app.runs().iter().all(|r| r.spec().start == start), "Ctrl-click moves every start");
    app.apply(Action::ResetHyperparameters);
    let again: Vec<_> = app.runs().iter().map(|r| r.spec().start.clone()).collect();
    assert_eq!(again, starts, "r restores the lesson's starts");
    assert_eq!(app.label_of(1), "from (−1, 1)", "and the labels that named them");
}

#[test]
fn the_loss_chart_reaches_down_to_the_best_loss() {
    // lr 0.1 on the parabola: loss − f* = (0.8ᵏ·12.5)², 1.9e-4 at step 30,
    // and the whole 60 steps reach (0.8⁶⁰·12.5)² = 3.7e-10: the axis goes
    // down to the decade below, 1e-10.
    let app = app_at(lesson("scenarios/01-learning-rate.json"), 30, ColorMode::Mono);
    let text = screen(&app, 120, 40);
    assert!(text.contains("1e-10"), "{text}");
}

/// Types `:` and the line, then Enter.
fn type_command(app: &mut App, line: &str) {
    app.apply(Action::OpenCommand);
    for c in line.chars() {
        app.apply(Action::Command(losscape::tui::command::CommandKey::Char(c)));
    }
    app.apply(Action::Command(losscape::tui::command::CommandKey::Enter));
}

#[test]
fn a_run_that_lands_on_the_minimum_keeps_the_chart_logarithmic_and_says_where_0_is() {
    for lr in ["0.75", "0.7", "0.4"] {
        let mut app = app_at(lesson("scenarios/01-learning-rate.json"), 0, ColorMode::Mono);
        type_command(&mut app, &format!("lr {lr}"));
        app.apply(Action::LastStep);
        // What makes this case: the loss reaches f* = −0.25 to the last bit,
        // or rounds to a hair below it.
        let lowest = app.runs()[3].history().iter().map(|r| r.loss).fold(f64::INFINITY, f64::min);
        assert!(lowest <= -0.25, "lr {lr}: the run stays above f* ({lowest})");
        for (width, height) in [(80, 24), (120, 40)] {
            let text = screen(&app, width, height);
            assert!(text.contains("loss − f* (log)"), "lr {lr} {width}x{height}: the chart went linear\n{text}");
            // The floor is a whole decade, below every positive value.
            let note = text.split("0 drawn at 1e").nth(1).unwrap_or_else(|| panic!("lr {lr}: no floor note\n{text}"));
            let floor: i32 = note.split_whitespace().next().unwrap().parse().unwrap();
            let smallest = app.runs()[3]
                .history()
                .iter()
                .map(|r| r.loss + 0.25)
                .filter(|&v| v > 0.0)
                .fold(f64::INFINITY, f64::min);
            assert!(
                10f64.powi(floor) < smallest && smallest < 10f64.powi(floor + 2),
                "lr {lr}: floor 1e{floor}, {smallest}"
            );
            assert!(text.contains(&format!("1e{floor} ")), "lr {lr}: the floor is on the axis\n{text}");
        }
    }
}

#[test]
fn where_f_is_undefined_the_map_is_hatched_and_the_bar_says_so_never_the_top_colour() {
    use losscape::tui::theme::landscape_color;
    let text = r#"{"function": {"expr": "log(x) + y^2"}, "domain": {"x": [-2, 2], "y": [-1, 1]},
        "start": [1.5, 0.5], "steps": 20, "optimizers": [{"type": "gd", "lr": 0.1}]}"#;
    let scenario = Scenario::parse(text, "log.json", Path::new("."), "log").unwrap();
    for colors in [ColorMode::TrueColor, ColorMode::Mono] {
        let app = App::new(scenario.clone(), colors);
        let (buffer, view) = drawn(&app, 120, 40);
        let plot = view.selected_plot().unwrap();
        let top = landscape_color(1.0);
        let (mut hatched, mut defined) = (0, 0);
        for y in 0..40 {
            for x in 0..120 {
                let Some(p) = view.point_at((x, y)) else { continue };
                let cell = &buffer[(x, y)];
                // Cells clear of the boundary (a cell spans 4/120 of the width).
                if p[0] < -0.1 {
                    assert_eq!(cell.symbol(), "╱", "{colors:?}: ({x}, {y}) at x = {}", p[0]);
                    assert!(cell.bg != Color::Rgb(top.0, top.1, top.2) && cell.fg != Color::Rgb(top.0, top.1, top.2));
                    hatched += 1;
                } else if p[0] > 0.1 {
                    assert_ne!(cell.symbol(), "╱", "{colors:?}: ({x}, {y}) at x = {}", p[0]);
                    defined += 1;
                }
            }
        }
        assert!(hatched > 500 && defined > 500, "{hatched} {defined} in {:?}", plot.pixels);
        let bar = buffer_text(&buffer).lines().find(|l| l.trim_start().starts_with("f -")).unwrap().to_string();
        assert!(bar.contains("╱ f undefined"), "{colors:?}: {bar}");
    }
    // In 3-D there is no surface there, rather than a plateau of the top colour.
    let mut app = App::new(scenario, ColorMode::TrueColor);
    app.apply(Action::ToggleSurface);
    let buffer = render_buffer(&app, 120, 40);
    // The top of viridis is yellow, shaded by the light: count yellowish
    // cells. The defined half's own high ground has about 130 of them; a
    // plateau over the undefined half adds about 460.
    let yellowish = |c: Color| matches!(c, Color::Rgb(r, g, b) if r > 150 && g > 150 && b < 110);
    let yellow = buffer.content().iter().filter(|c| yellowish(c.fg) || yellowish(c.bg)).count();
    assert!(yellow < 300, "{yellow} cells of the top colours");
    assert!(buffer_text(&buffer).contains("blank: f undefined"));
}

/// Draws once (so the view knows its plot), then lets background work finish.
fn settle(app: &mut App, width: u16, height: u16) -> String {
    buffer_text(&render_settled(app, width, height))
}

#[test]
fn basins_view_maps_the_four_himmelblau_basins() {
    let mut app = app_at(lesson("scenarios/06-several-minima.json"), 0, ColorMode::Mono);
    app.apply(Action::ToggleBasins);
    let text = settle(&mut app, 120, 40);
    // Each basin takes about a quarter of the square; all starts end at a minimum.
    for letter in ["A (3, 2)", "B (-2.805, 3.131)", "C (-3.779, -3.283)", "D (3.584, -1.848)"] {
        assert!(text.contains(letter), "{letter}");
    }
    for kind in ["elsewhere", "diverged"] {
        let line = text.lines().find(|l| l.contains(kind)).unwrap();
        assert!(line.trim_end_matches([' ', '│']).ends_with(" 0.0%"), "{line}");
    }
    for basin in ['a', 'b', 'c', 'd'] {
        assert!(text.matches(basin).count() > 200, "{basin}");
    }
    insta::assert_snapshot!(text);
    // A new learning rate starts a new map, computed for the new rate.
    let before = app.basin_map().unwrap().cells.clone();
    app.apply(Action::RaiseLearningRate);
    app.apply(Action::RaiseLearningRate);
    app.apply(Action::RaiseLearningRate); // 0.01 → 0.02 → 0.05 → 0.1
    settle(&mut app, 120, 40);
    let after = &app.basin_map().unwrap().cells;
    assert!(after.iter().all(Option::is_some));
    assert_ne!(&before, after, "at lr 0.1 the basins differ from those at 0.01");
}

#[test]
fn sweep_view_shows_final_loss_against_learning_rate() {
    let mut app = app_at(lesson("scenarios/01-learning-rate.json"), 0, ColorMode::Mono);
    app.apply(Action::Select(1));
    app.apply(Action::ToggleSweep);
    let text = settle(&mut app, 120, 40);
    assert!(text.contains("lr 0.1: final loss by lr · limit 1"), "{text}");
    let sweep = app.sweep().unwrap();
    assert_eq!(sweep.rates.len(), 60);
    assert!((sweep.rates[0] - 1e-4).abs() < 1e-18 && (sweep.rates[59] - 10.0).abs() < 1e-12);
    assert!(sweep.points.iter().all(Option::is_some));
    insta::assert_snapshot!(text);
}

#[test]
fn the_wheel_zooms_around_the_pointer_and_a_drag_pans() {
    let mut app = app_at(default_scenario(), 0, ColorMode::TrueColor);
    let (buffer, mut view) = drawn(&app, 120, 40);
    let home = app.viewport();
    let cell = cell_of(&view, &buffer, [1.0, 1.0]);
    let before = view.point_at(cell).unwrap();
    let mut pointer = Pointer::default();
    let wheel = pointer.action_for(mouse(MouseEventKind::ScrollUp, cell, KeyModifiers::NONE), &view).unwrap();
    app.apply(wheel);
    view = drawn(&app, 120, 40).1;
    let zoomed = app.viewport();
    let width = |v: losscape::tui::viewport::Viewport| v.x.1 - v.x.0;
    assert!((width(zoomed) - width(home) / 1.25).abs() < 1e-12, "zoomed in by a quarter");
    // The point under the pointer stays under it (to within a cell).
    let after = view.point_at(cell).unwrap();
    assert!((after[0] - before[0]).abs() < 0.05 && (after[1] - before[1]).abs() < 0.1, "{before:?} {after:?}");
    // Dragging ten cells right moves the view left by ten cells' worth.
    let ten_cells = view.point_at((cell.0 + 10, cell.1)).unwrap()[0] - after[0];
    let to = (cell.0 + 10, cell.1);
    for (kind, at) in [
        (MouseEventKind::Down(MouseButton::Left), cell),
        (MouseEventKind::Drag(MouseButton::Left), to),
        (MouseEventKind::Up(MouseButton::Left), to),
    ] {
        if let Some(action) = pointer.action_for(mouse(kind, at, KeyModifiers::NONE), &view) {
            app.apply(action);
        }
    }
    let moved = app.viewport();
    assert!((moved.x.0 - (zoomed.x.0 - ten_cells)).abs() < 1e-9, "{moved:?}");
    assert_eq!(app.runs()[0].spec().start, [-1.5, 2.0], "a drag is not a click");
    app.apply(Action::ResetView);
    assert_eq!(app.viewport(), home);
}

fn lesson_at(name: &str, step: i32) -> App {
    app_at(losscape::lessons::find(name).unwrap().scenario().unwrap(), step, ColorMode::Mono)
}

#[test]
fn arrows_show_the_gradient_the_momentum_carried_and_the_step() {
    // Lesson 03 opens with arrows on the selected optimizer (momentum).
    let app = lesson_at("ill-conditioning", 3);
    let text = screen(&app, 120, 40);
    assert!(text.contains("→ −lr·∇f") && text.contains("→ carried") && text.contains("→ step"), "{text}");
    let heads = text.chars().filter(|c| "→↗↑↖←↙↓↘".contains(*c)).count();
    assert!(heads >= 3 + 3, "the legend's three arrows and three arrowheads: {heads}\n{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn arrows_are_to_scale_when_the_step_is_readable() {
    use losscape::core::explain::memory_step;
    // Heavy ball: the step is −lr·g plus the momentum carried, −lr·μ·b.
    let app = lesson_at("ill-conditioning", 3);
    let run = &app.runs()[1];
    let (r, next) = (run.record(3), run.record(4));
    let carried = memory_step(run, 3).unwrap();
    for (i, carried) in carried.into_iter().enumerate() {
        let step = next.params[i] - r.params[i];
        assert!((step - (-r.lr * r.grad[i] + carried)).abs() < 1e-12, "coordinate {i}");
    }
}

#[test]
fn the_data_panel_draws_the_points_and_each_line() {
    let app = lesson_at("batch-size", 150);
    let text = screen(&app, 120, 40);
    assert!(text.contains("data: y = w·x + b"));
    assert!(text.lines().next().unwrap().contains("(w·x + b − y)²"));
    insta::assert_snapshot!(text);
}

#[test]
fn a_diverging_run_is_named_at_the_top_of_the_chart_and_the_others_keep_their_scale() {
    let app = lesson_at("adam-rosenbrock", 1000);
    let text = screen(&app, 120, 40);
    assert!(text.contains("↑2 GD 0.01 diverging"), "{text}");
    // The scale runs from Adam's 3e-4 to the start's 12.5, not to 1e116.
    assert!(text.contains("1e-4") && !text.contains("1e100"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn without_colour_every_path_carries_its_number() {
    let app = lesson_at("tour", 300);
    let (buffer, view) = drawn(&app, 120, 40);
    for i in 0..6u32 {
        let digit = char::from_digit(i + 1, 10).unwrap().to_string();
        let marks = buffer
            .content()
            .iter()
            .enumerate()
            .filter(|(k, cell)| {
                let at = ((*k % 120) as u16, (*k / 120) as u16);
                cell.symbol() == digit && view.point_at(at).is_some()
            })
            .count();
        // Newton (6) ends after five steps: its path is short.
        let least = if i == 5 { 1 } else { 2 };
        assert!(marks >= least, "path {} has {marks} numbers", i + 1);
    }
    insta::assert_snapshot!(buffer_text(&buffer));
}

#[test]
fn equal_aspect_gives_a_unit_the_same_length_on_both_axes() {
    let app = lesson_at("ill-conditioning", 100);
    let (buffer, view) = drawn(&app, 120, 40);
    let text = buffer_text(&buffer);
    let plot = view.selected_plot().unwrap();
    let (columns, rows) = (plot.pixels.0 as f64, plot.pixels.1 as f64 / 2.0);
    let per_column = (plot.view.x.1 - plot.view.x.0) / columns;
    let per_row = (plot.view.y.1 - plot.view.y.0) / rows;
    // A cell is twice as tall as wide: a row holds twice a column's units.
    assert!((per_row / per_column - 2.0).abs() < 1e-9, "{per_column} per column, {per_row} per row");
    insta::assert_snapshot!(text);
}

/// The value a shown number stands for, and how far off it may be at the
/// precision shown (half a unit of its last digit).
fn parse_shown(token: &str) -> Option<(f64, f64)> {
    let value: f64 = token.parse().ok()?;
    let (mantissa, exponent) = match token.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (token, 0),
    };
    let decimals = mantissa.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    Some((value, 0.5 * 10f64.powi(exponent - decimals)))
}

#[test]
fn no_number_in_the_panel_is_a_different_number_at_any_width() {
    // Measured numbers (loss, |∇f|, a scheduled rate) may be rounded, correctly;
    // a value someone set (a rate, a momentum) shows as itself (`=`), or
    // marked `≈` when only fewer digits fit: 0.445 is never `0.44`.
    let tuned = |name: &str, select: usize, lines: &[&str]| {
        let mut app = lesson_at(name, 0);
        app.apply(Action::Select(select));
        for line in lines {
            type_command(&mut app, line);
            assert_eq!(app.overlay(), losscape::tui::app::Overlay::None, "{name}: `{line}` is taken");
        }
        app
    };
    let cases = [
        ("tour", lesson_at("tour", 1500)),
        ("tour", lesson_at("tour", 37)),
        ("learning-rate", lesson_at("learning-rate", 60)),
        ("exploding-gradients", lesson_at("exploding-gradients", 300)),
        ("schedules", lesson_at("schedules", 250)),
        ("momentum, tuned", tuned("momentum", 1, &["momentum 0.445", "lr 0.00125"])),
        ("adam-family, tuned", tuned("adam-family", 3, &["betas 0.445 0.999", "lr 0.0123456"])),
    ];
    for (name, app) in &cases {
        for (width, height) in [(40, 14), (60, 18), (80, 24), (120, 40)] {
            let text = screen(app, width, height);
            let lines: Vec<&str> = text.lines().collect();
            let header = lines.iter().position(|l| l.contains("status") && l.contains("loss")).unwrap();
            let columns: Vec<char> = lines[header].chars().collect();
            let column_of = |name: &str| {
                let at = lines[header].find(name)?;
                Some(lines[header][..at].chars().count())
            };
            for (i, run) in app.runs().iter().enumerate() {
                // Rows that do not fit are not shown at all (never half).
                let Some(row) = lines[header + 1..].iter().find(|l| l.starts_with(&format!(" {} ", i + 1))) else {
                    assert!(height < 24, "{name} {width}x{height}: optimizer {} has no row", i + 1);
                    continue;
                };
                let row: Vec<char> = row.chars().collect();
                let cell =
                    |start: usize| -> String { row.iter().skip(start).take_while(|c| **c != ' ').collect::<String>() };
                let record = run.record(app.step());
                let set = run.spec().schedule.is_none();
                // No momentum is a blank cell (as for GD), not `momentum=0`.
                let momentum = run
                    .spec()
                    .optimizer
                    .momentum_like()
                    .filter(|m| !(m.name == "momentum" && m.value == 0.0))
                    .map(|m| m.value);
                let mut checked = 0;
                for (heading, truth, setting) in [
                    ("loss", Some(record.loss), false),
                    ("|∇f|", Some(losscape::core::norm(&record.grad)), false),
                    ("rate", Some(record.lr), set),
                    (" lr   ", Some(record.lr), set),
                    ("momentum", momentum, true),
                    ("mom.", momentum, true),
                ] {
                    let (Some(start), Some(truth)) = (column_of(heading), truth) else { continue };
                    let start = start + heading.len() - heading.trim_start().len();
                    let shown = cell(start);
                    // `name=value`, `name≈value` or the value alone.
                    let (mark, number) = match shown.find(['=', '≈']) {
                        Some(at) => {
                            (shown[at..].chars().next(), &shown[at + shown[at..].chars().next().unwrap().len_utf8()..])
                        }
                        None if shown.starts_with('≈') => (Some('≈'), &shown['≈'.len_utf8()..]),
                        None => (None, shown.as_str()),
                    };
                    let (value, tolerance) = parse_shown(number).unwrap_or_else(|| {
                        panic!("{name} {width}x{height}: `{shown}` under {heading} is not a number")
                    });
                    if setting && mark != Some('≈') {
                        assert!(
                            (value - truth).abs() <= 1e-12 * truth.abs(),
                            "{name} {width}x{height}: {heading} shows {shown} for the setting {truth}"
                        );
                    } else {
                        assert!(
                            (value - truth).abs() <= tolerance * (1.0 + 1e-9),
                            "{name} {width}x{height}: {heading} shows {shown} for {truth}"
                        );
                    }
                    checked += 1;
                }
                assert!(checked >= 2, "{name} {width}x{height}: {}", columns.iter().collect::<String>());
            }
        }
    }
}

#[test]
fn the_surface_in_3d_without_colour() {
    let mut app = app_at(default_scenario(), 300, ColorMode::Mono);
    app.apply(Action::ToggleSurface);
    let text = screen(&app, 100, 30);
    assert!(text.contains("3-D · , . turn") && text.contains("az -30° el 55°"), "{text}");
    // The surface's ramp of characters (brightness), and every head.
    let ramp = ['.', ':', '-', '=', '+', '*', '#', '@'].iter().filter(|&&c| text.contains(c)).count();
    assert!(ramp >= 5, "{ramp} shades\n{text}");
    for head in ['1', '2', '3', '4', '5', '6'] {
        assert!(text.lines().skip(1).take(27).any(|l| l.contains(head)), "head {head}\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn the_rate_map_without_colour() {
    let mut app = App::new(lesson("scenarios/19-momentum-map.json"), ColorMode::Mono);
    let text = buffer_text(&render_settled(&mut app, 100, 30));
    assert!(text.contains("Every (lr, momentum) pair: final loss after 100 steps"), "{text}");
    let map_rows: Vec<&str> = text.lines().filter(|l| l.contains('┊')).collect();
    assert!(map_rows.iter().any(|l| l.contains("xxxx")), "blown-up cells as x\n{text}");
    assert!(map_rows.iter().any(|l| l.split('┊').next().unwrap().contains('0')), "the best cells as 0\n{text}");
    assert!(text.contains('★') && text.contains('✚') && text.contains('┊'), "{text}");
    insta::assert_snapshot!(text);
}

/// The view's maps pass the same gate as `losscape ratemap`: one past the
/// budget is not started; the view stays on the chart and says why.
#[test]
fn a_map_past_the_budget_is_refused_in_the_view_with_the_budgets_message() {
    let text = r#"{"function": "quadratic", "start": [1, 1], "steps": 1000000,
        "optimizers": [{"type": "momentum", "lr": 0.001, "momentum": 0.5}]}"#;
    let scenario = Scenario::parse(text, "heavy.json", Path::new("."), "heavy").unwrap();
    let mut app = App::new(scenario, ColorMode::Mono);
    app.apply(Action::ToggleRateMap);
    assert_eq!(app.panel(), losscape::tui::app::Panel::RateMap);
    app.update_background(None);
    assert_eq!(app.panel(), losscape::tui::app::Panel::Chart, "not opened");
    assert!(!app.working(), "nothing computes");
    let said = app.message().unwrap();
    assert!(said.starts_with("this rate map would take about 2.6e9 gradient evaluations; the limit is 2e9"), "{said}");
}
