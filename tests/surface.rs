//! The 3-D surface view: points land where the projection says, what a
//! ridge hides is dimmed, a full turn gives the same frame, and the view
//! answers its keys.

use losscape::core::scenario::Scenario;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::{ColorMode, mix};
use losscape::tui::view::surface::{HEIGHT, HIDDEN_HEAD, Projection};
use losscape::tui::view::{Screen, ScreenLayout, layout};
use losscape::tui::viewport::Camera;
use losscape::tui::{buffer_text, render_with};
use ratatui::style::Color;

fn surface_app(scenario: Scenario) -> App {
    let mut app = App::new(scenario, ColorMode::TrueColor);
    app.apply(Action::ToggleSurface);
    assert!(app.surface());
    app
}

#[test]
fn the_minimum_is_drawn_where_the_projection_puts_it() {
    let app = surface_app(lessons::find("tour").unwrap().scenario().unwrap());
    let mut screen = Screen::new();
    let buffer = render_with(&app, &mut screen, 120, 40);
    let screen = layout(&app, buffer.area);
    let plot = screen.selected_plot().expect("the surface registers its plot");
    let frame = screen.plot_at((60, 10)).expect("the plot's area");
    let projection = Projection::new(app.camera(), plot.view, plot.pixels);
    // (1, 1) is the lowest point: height 0 on the scale (plus the marks' lift).
    let (x, y, _) = projection.project(projection.world([1.0, 1.0], 0.012 / HEIGHT));
    let at = (frame.area.x + x.floor() as u16, frame.area.y + (y / 2.0).floor() as u16);
    let near: Vec<&str> = (-1i32..=1)
        .flat_map(|dy| (-1i32..=1).map(move |dx| (dx, dy)))
        .map(|(dx, dy)| buffer[((i32::from(at.0) + dx) as u16, (i32::from(at.1) + dy) as u16)].symbol())
        .collect();
    assert!(near.contains(&"×"), "× near {at:?}: {near:?}\n{}", buffer_text(&buffer));
}

#[test]
fn a_path_and_head_behind_a_ridge_are_dimmed() {
    // A ridge along x = 0, 10 high; GD runs down a gentle slope in y on its
    // far side (x = 1.5). Looking along +x from low, the ridge hides it.
    let text = r#"{"function": {"expr": "10*exp(-4*x^2) + 0.05*(y - 1.5)^2", "domain": {"x": [-2, 2], "y": [-2, 2]}},
                   "start": [1.5, -1.8], "steps": 40, "optimizers": [{"type": "gd", "lr": 0.5, "label": "far"}]}"#;
    let scenario = Scenario::parse(text, "ridge.json", std::path::Path::new("."), "ridge").unwrap();
    let mut app = surface_app(scenario);
    app.set_camera(Camera { azimuth: 90.0, elevation: 10.0 });
    app.apply(Action::LastStep);
    app.apply(Action::ToggleFade);
    let mut screen = Screen::new();
    let buffer = render_with(&app, &mut screen, 100, 30);
    let laid_out = layout(&app, buffer.area);
    let colour = app.color_of(0);
    let full = Color::Rgb(colour.0, colour.1, colour.2);
    let area = buffer.area;
    // The plot's cells (the chart beside it draws the run's loss in its colour too).
    let cells: Vec<_> = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&at| laid_out.plot_at(at).is_some())
        .collect();
    let braille = |s: &str| s.chars().all(|c| ('\u{2800}'..='\u{28ff}').contains(&c));
    let path_full = cells.iter().filter(|&&at| braille(buffer[at].symbol()) && buffer[at].fg == full).count();
    let head = cells.iter().find(|&&at| buffer[at].symbol() == "●").copied().expect("the head is always drawn");
    assert!(path_full == 0, "{path_full} cells of the hidden path in full colour\n{}", buffer_text(&buffer));
    assert_ne!(buffer[head].fg, full, "the hidden head is dimmed");
    let bg = app.theme().curve_background();
    let dimmed = mix(colour, bg, HIDDEN_HEAD);
    assert_eq!(buffer[head].fg, Color::Rgb(dimmed.0, dimmed.1, dimmed.2));
    // Seen from the other side, the same path is in front: full colour.
    app.set_camera(Camera { azimuth: -90.0, elevation: 10.0 });
    let buffer = render_with(&app, &mut screen, 100, 30);
    let path_full = cells.iter().filter(|&&at| braille(buffer[at].symbol()) && buffer[at].fg == full).count();
    assert!(path_full > 5, "{path_full} cells in full colour from the near side\n{}", buffer_text(&buffer));
    let head = cells.iter().find(|&&at| buffer[at].symbol() == "●").copied().unwrap();
    assert_eq!(buffer[head].fg, full);
}

#[test]
fn turning_a_full_circle_by_keys_gives_the_same_frame() {
    let mut app = surface_app(lessons::find("tour").unwrap().scenario().unwrap());
    app.apply(Action::Step(300));
    // A key that changes nothing clears the status message, as the turns will.
    app.apply(Action::Tilt(0));
    let mut screen = Screen::new();
    let before = render_with(&app, &mut screen, 120, 40);
    let start = app.camera();
    for _ in 0..24 {
        app.apply(Action::Pan(1, 0));
    }
    assert_eq!(app.camera(), start, "24 turns of 15°");
    let after = render_with(&app, &mut screen, 120, 40);
    assert_eq!(before, after);
    // Half way round the picture differs, and the tilt keys tilt.
    for _ in 0..12 {
        app.apply(Action::Pan(1, 0));
    }
    assert_ne!(render_with(&app, &mut screen, 120, 40), before);
    app.apply(Action::Tilt(1));
    assert_eq!(app.camera().elevation, start.elevation + 5.0);
    app.apply(Action::ResetView);
    assert_eq!(app.camera(), Camera::HOME);
}

#[test]
fn a_one_dimensional_landscape_has_no_surface_and_says_so() {
    let mut app = App::new(lessons::find("learning-rate").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::ToggleSurface);
    assert!(!app.surface());
    assert!(app.message().unwrap().contains("needs a 2-D landscape"));
}

/// The words of the plot's cells with where their middle is (in cells, from
/// the screen's corner): each run of cells on a row that hold text, not
/// blanks, half-block pixels or braille dots.
fn plot_words(buffer: &ratatui::buffer::Buffer, screen: &ScreenLayout) -> Vec<(String, f64, f64)> {
    let mut words = Vec::new();
    for y in 0..buffer.area.height {
        let mut word = String::new();
        let mut start = 0;
        for x in 0..=buffer.area.width {
            let symbol =
                if x < buffer.area.width && screen.plot_at((x, y)).is_some() { buffer[(x, y)].symbol() } else { " " };
            let drawn = |c: char| c == '▀' || c == '×' || ('\u{2800}'..='\u{28ff}').contains(&c);
            if symbol.trim().is_empty() || symbol.chars().any(drawn) {
                if !word.is_empty() {
                    let width = f64::from(x - start);
                    words.push((std::mem::take(&mut word), f64::from(start) + width / 2.0, f64::from(y) + 0.5));
                }
            } else {
                if word.is_empty() {
                    start = x;
                }
                word.push_str(symbol);
            }
        }
    }
    words
}

#[test]
fn the_axes_are_labelled_and_their_values_line_up_with_the_minimum() {
    // Lesson 03: f = x² + 25y², its minimum at (0, 0), seen from the home
    // camera, a = −30°, e = 55°. On the screen (in cells, a row two pixels)
    // a step along y moves a point by s·(−sin a, −cos a·sin e / 2) and one
    // along x by s·(cos a, −sin a·sin e / 2). The near edges are y = lowest
    // (the x axis) and x = highest (the y axis), so the x axis's value
    // under the minimum lies from the × straight down the y direction, and
    // the y axis's value straight along the x direction.
    let mut app = surface_app(lessons::find("ill-conditioning").unwrap().scenario().unwrap());
    app.apply(Action::Tilt(0));
    assert_eq!(app.camera(), Camera::HOME);
    let (a, e) = (Camera::HOME.azimuth.to_radians(), Camera::HOME.elevation.to_radians());
    let toward_x_axis = (a.sin(), a.cos() * e.sin() / 2.0);
    let toward_y_axis = (a.cos(), -a.sin() * e.sin() / 2.0);
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        let mut screen = Screen::new();
        let buffer = render_with(&app, &mut screen, width, height);
        let screen = layout(&app, buffer.area);
        let text = buffer_text(&buffer);
        let words = plot_words(&buffer, &screen);
        let has = |w: &str| words.iter().any(|(t, _, _)| t == w);
        assert!(has("x") && has("y") && has("f"), "{width}x{height}: the axes' names\n{text}");
        assert!(text.contains("min (0, 0)"), "{width}x{height}: the minimum labelled\n{text}");
        let minimum = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .find(|&at| screen.plot_at(at).is_some() && buffer[at].symbol() == "×")
            .map(|(x, y)| (f64::from(x) + 0.5, f64::from(y) + 0.5))
            .unwrap_or_else(|| panic!("{width}x{height}: no ×\n{text}"));
        let numbers: Vec<(f64, f64, f64)> =
            words.iter().filter_map(|(t, x, y)| t.parse::<f64>().ok().map(|v| (v, *x, *y))).collect();
        // The value nearest the line from the × in a direction, ahead of it.
        let nearest_along = |(dx, dy): (f64, f64)| {
            let n = dx.hypot(dy);
            let (dx, dy) = (dx / n, dy / n);
            numbers
                .iter()
                .filter(|(_, x, y)| (x - minimum.0) * dx + (y - minimum.1) * dy > 1.0)
                .map(|&(v, x, y)| (v, ((x - minimum.0) * dy - (y - minimum.1) * dx).abs()))
                .min_by(|p, q| p.1.total_cmp(&q.1))
                .unwrap_or_else(|| panic!("{width}x{height}: no value that way\n{text}"))
        };
        let (x_value, off) = nearest_along(toward_x_axis);
        assert!(
            x_value == 0.0 && off < 1.0,
            "{width}x{height}: x under the minimum reads {x_value} ({off} off)\n{text}"
        );
        let (y_value, off) = nearest_along(toward_y_axis);
        assert!(
            y_value == 0.0 && off < 1.0,
            "{width}x{height}: y beside the minimum reads {y_value} ({off} off)\n{text}"
        );
        // The f axis: under its name, values right-aligned with it, falling
        // down the screen.
        let f = words.iter().find(|w| w.0 == "f").unwrap();
        let end = f.1 + 0.5;
        let column: Vec<f64> = words
            .iter()
            .filter(|(t, x, y)| *y > f.2 && (x + t.chars().count() as f64 / 2.0 - end).abs() < 0.1)
            .filter_map(|(t, _, _)| t.parse().ok())
            .collect();
        assert!(column.len() >= 2, "{width}x{height}: the f axis's values {column:?}\n{text}");
        assert!(column.windows(2).all(|p| p[0] > p[1]), "{width}x{height}: {column:?}\n{text}");
    }
}

#[test]
fn a_log_map_gives_a_log_f_axis() {
    // The tour's Rosenbrock valley spans decades: its map is logarithmic,
    // and so are the heights' values.
    let app = surface_app(lessons::find("tour").unwrap().scenario().unwrap());
    for (width, height) in [(80u16, 24u16), (120, 40)] {
        let mut screen = Screen::new();
        let buffer = render_with(&app, &mut screen, width, height);
        let screen = layout(&app, buffer.area);
        let text = buffer_text(&buffer);
        let words = plot_words(&buffer, &screen);
        assert!(text.contains("f (log)"), "{width}x{height}\n{text}");
        let f = words.iter().find(|w| w.0 == "(log)").unwrap();
        // The values under the name, right-aligned with it, top to bottom.
        let end = f.1 + 2.5;
        let column: Vec<f64> = words
            .iter()
            .filter(|(t, x, y)| *y > f.2 && (x + t.chars().count() as f64 / 2.0 - end).abs() < 0.1)
            .filter_map(|(t, _, _)| t.parse().ok())
            .collect();
        assert!(column.len() >= 2, "{width}x{height}: {column:?}\n{text}");
        for pair in column.windows(2) {
            assert!(pair[0] >= 10.0 * pair[1], "{width}x{height}: a decade or more apart: {column:?}\n{text}");
        }
    }
}

#[test]
fn comma_and_full_stop_turn_the_camera() {
    use losscape::tui::keymap::{action_for, help_rows};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c: char| action_for(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).unwrap();
    let mut app = surface_app(lessons::find("tour").unwrap().scenario().unwrap());
    let start = app.camera();
    app.apply(key('.'));
    assert_eq!(app.camera().azimuth, start.azimuth - 15.0, "as Ctrl-→ and a drag to the right");
    app.apply(key(','));
    app.apply(key(','));
    assert_eq!(app.camera().azimuth, start.azimuth + 15.0);
    assert_eq!(app.camera().elevation, start.elevation, "turning does not tilt");
    // Ctrl-→ still turns the same way.
    app.apply(action_for(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL)).unwrap());
    assert_eq!(app.camera(), start);
    // The help (from the keymap) and the legend name them.
    assert!(help_rows().iter().any(|(keys, what)| *keys == ", ." && what.contains("turn")));
    let mut screen = Screen::new();
    let text = buffer_text(&render_with(&app, &mut screen, 80, 24));
    assert!(text.contains(", . turn"), "{text}");
    // In the contour map they turn nothing and say what they are for.
    app.apply(Action::ToggleSurface);
    app.apply(key('.'));
    assert_eq!(app.camera(), start);
    assert!(app.message().unwrap().contains("3-D"), "{:?}", app.message());
}
