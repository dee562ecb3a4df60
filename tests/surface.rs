//! The 3-D surface view: points land where the projection says, what a
//! ridge hides is dimmed, a full turn gives the same frame, and the view
//! answers its keys.

use losscape::core::scenario::Scenario;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::{ColorMode, mix};
use losscape::tui::view::Screen;
use losscape::tui::view::surface::{HEIGHT, HIDDEN_HEAD, Projection};
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
    let colour = app.color_of(0);
    let full = Color::Rgb(colour.0, colour.1, colour.2);
    let area = buffer.area;
    // The plot's cells (the chart beside it draws the run's loss in its colour too).
    let cells: Vec<_> = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&at| screen.plot_at(at).is_some())
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
