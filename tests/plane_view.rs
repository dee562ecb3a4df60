//! A network drawn on its plane through the weights: the loss on the plane
//! as the plot's map, every run's head inside the plot at the projection of
//! its weights, the axes named by the plane, and the head's distance from
//! the plane and real loss beside the map's; the map computed beside the
//! live view, which wakes when it is done.

use std::time::{Duration, Instant};

use losscape::core::scenario::Scenario;
use losscape::format::short;
use losscape::tui::app::App;
use losscape::tui::theme::ColorMode;
use losscape::tui::view::{self, Screen};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

const EXAMPLE: &str = "tests/fixtures/valid/two_moons_network.json";

/// The example network, with `edit` applied to its file's JSON.
fn example_with(edit: impl FnOnce(&mut serde_json::Value)) -> Scenario {
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    edit(&mut json);
    Scenario::parse(&json.to_string(), "network.json", std::path::Path::new("tests/fixtures/valid"), "network").unwrap()
}

fn text(buffer: &Buffer) -> String {
    losscape::tui::buffer_text(buffer)
}

/// Renders `app` at its last step at `width`×`height` as `render` does,
/// and checks what a plane's plot must show; returns the screen's text.
fn check_plot(app: &mut App, width: u16, height: u16) -> String {
    let buffer = losscape::tui::render_settled(app, width, height);
    let screen = text(&buffer);
    let layout = view::layout(app, Rect::new(0, 0, width, height));
    let frame = layout.selected_frame().expect("a plot");
    assert_eq!(frame.dim, 2, "a plane's plot is 2-D");
    let area = frame.area;
    // The map is drawn: (almost) every cell of the data area has the
    // map's colour behind it, and the colours are not all one.
    let backgrounds: Vec<Color> = (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .map(|p| buffer[p].bg)
        .collect();
    let painted = backgrounds.iter().filter(|c| matches!(c, Color::Rgb(..))).count();
    assert!(
        painted * 10 >= backgrounds.len() * 9,
        "{width}×{height}: {painted} of {} cells painted",
        backgrounds.len()
    );
    let distinct: std::collections::HashSet<_> = backgrounds.iter().collect();
    assert!(distinct.len() > 5, "{width}×{height}: the map has {} colours", distinct.len());
    let on = app.plane().expect("the plane is made").clone();
    // Every run's head: the projection of its weights, inside the plot,
    // where a mark is drawn.
    for (i, run) in app.runs().iter().enumerate() {
        let k = app.step().min(run.steps_taken());
        let projection = on.plane.project(&run.record(k).params);
        let (x, y) = frame.to_dots(projection.ab);
        let (dots_x, dots_y) = (f64::from(area.width) * 2.0, f64::from(area.height) * 4.0);
        let inside = (0.0..dots_x).contains(&x) && (0.0..dots_y).contains(&y);
        assert!(inside, "{width}×{height}: run {i}'s head at {:?} is outside {frame:?}", projection.ab);
        let cell = &buffer[(area.x + (x / 2.0) as u16, area.y + (y / 4.0) as u16)];
        assert_ne!(cell.symbol(), " ", "{width}×{height}: run {i}'s head is drawn");
    }
    // The axes are named by the plane.
    let [first, second] = on.axis_names();
    assert!(screen.contains(&first) && screen.contains(&second), "{width}×{height}:\n{screen}");
    // The selected head against the plane, its numbers computed here anew.
    let i = app.selected();
    let record = app.runs()[i].record(app.step());
    let projection = on.plane.project(&record.params);
    let map = on.plane.value(&app.scenario().landscape, projection.ab);
    let said =
        format!("off the plane {} · map {} · real {}", short(projection.distance), short(map), short(record.loss));
    let flat: String = screen.lines().collect::<Vec<_>>().join("\n");
    assert!(flat.contains(&said) || width < 100, "{width}×{height}: no `{said}` in\n{screen}");
    screen
}

#[test]
fn the_example_network_is_drawn_on_its_principal_plane() {
    let mut app = App::new(Scenario::load(std::path::Path::new(EXAMPLE)).unwrap(), ColorMode::TrueColor);
    app.apply(losscape::tui::action::Action::LastStep);
    for (width, height) in [(120, 40), (80, 24)] {
        let screen = check_plot(&mut app, width, height);
        if width == 120 {
            let on = app.plane().unwrap();
            let Some(losscape::core::plane::Measured::Shares(shares)) = on.measured else { panic!("PCA shares") };
            // The two shares are of the spread: each in (0, 1], together at most all of it.
            assert!(shares[0] >= shares[1] && shares[1] > 0.0 && shares[0] + shares[1] <= 1.0 + 1e-12);
            let title = format!("PC1 ({:.0}%) · PC2 ({:.0}%)", 100.0 * shares[0], 100.0 * shares[1]);
            assert!(screen.contains(&title), "{screen}");
        }
    }
}

#[test]
fn a_network_is_drawn_on_each_kind_of_plane_it_names() {
    for (plane, names) in [
        (serde_json::json!({"kind": "pca"}), ["PC1", "PC2"]),
        (serde_json::json!({"kind": "random", "seed": 3}), ["d1", "d2"]),
        (serde_json::json!({"kind": "hessian"}), ["h1", "h2"]),
    ] {
        let scenario = example_with(|json| {
            json["steps"] = 300.into();
            json.as_object_mut().unwrap().remove("sharpness_every");
            json["plane"] = plane.clone();
        });
        let mut app = App::new(scenario, ColorMode::TrueColor);
        app.apply(losscape::tui::action::Action::LastStep);
        for (width, height) in [(120, 40), (80, 24)] {
            let screen = check_plot(&mut app, width, height);
            assert_eq!(app.plane().unwrap().axis_names(), names.map(String::from), "{plane}");
            assert!(screen.contains(names[0]) && screen.contains(names[1]), "{plane} {width}×{height}:\n{screen}");
            // The vertical axis's name stands apart from the top tick's
            // label (`PC20.8` read as one number).
            let named = screen.lines().find(|l| l.starts_with(names[1])).expect("the vertical axis's name");
            assert!(named[names[1].len()..].starts_with(' '), "{plane}: {named}");
        }
    }
}

#[test]
fn a_run_whose_iterates_lie_on_its_plane_is_on_it_and_its_map_is_its_loss() {
    // One run of two steps: its three iterates, less the centre (its last
    // weights), span the principal plane, so each lies on it exactly (to
    // rounding), and the map at its place is its own loss.
    let scenario = example_with(|json| {
        json["steps"] = 2.into();
        json.as_object_mut().unwrap().remove("sharpness_every");
        json["optimizers"] = serde_json::json!([{"type": "gd", "label": "GD", "lr": 0.2}]);
    });
    let mut app = App::new(scenario, ColorMode::TrueColor);
    let _ = losscape::tui::render_settled(&mut app, 120, 40);
    for step in 0..=2 {
        app.apply(losscape::tui::action::Action::FirstStep);
        app.apply(losscape::tui::action::Action::Step(step as i32));
        assert_eq!(app.step(), step);
        let off = app.off_plane(0).expect("on a plane");
        let weights = losscape::core::norm(&app.runs()[0].record(step).params);
        assert!(off.distance <= 1e-12 * weights, "step {step}: {off:?}");
        assert!(off.on, "step {step}");
        assert!((off.map - off.real).abs() <= 1e-12 * off.real, "step {step}: {off:?}");
        let screen = text(&losscape::tui::render_settled(&mut app, 120, 40));
        let said = format!("GD: on the plane · map {} · real {}", short(off.map), short(off.real));
        assert!(screen.contains(&said), "step {step}: no `{said}` in\n{screen}");
    }
    // A run off its plane says how far: two runs' iterates do not lie on
    // one plane (the example's), whose heads are off it.
    let mut two = App::new(example_with(|json| json["steps"] = 300.into()), ColorMode::TrueColor);
    two.apply(losscape::tui::action::Action::LastStep);
    let _ = losscape::tui::render_settled(&mut two, 120, 40);
    let off = two.off_plane(0).unwrap();
    assert!(!off.on && off.distance > 1e-3, "{off:?}");
}

#[test]
fn the_live_view_computes_the_plane_beside_it_and_wakes_when_its_map_is_done() {
    let scenario = example_with(|json| {
        json["steps"] = 300.into();
        json.as_object_mut().unwrap().remove("sharpness_every");
    });
    let mut app = App::with_background(scenario, ColorMode::TrueColor, true);
    let area = Rect::new(0, 0, 120, 40);
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut screen = Screen::new();
    let mut said_computing = false;
    let mut slowest_key = Duration::ZERO;
    loop {
        let (layout, changed) = losscape::tui::prepare_frame(&mut app, area);
        let mut buffer = Buffer::empty(area);
        view::draw(&app, &layout, &mut screen, &mut buffer);
        let done = app.plane_grid().is_some_and(|g| g.complete());
        if done {
            // The frame that took in the map's last rows was a change: the
            // loop, told so, draws it.
            assert!(changed, "the map's arrival wakes the view");
            let painted = {
                let frame = layout.selected_frame().unwrap();
                let a = frame.area;
                (a.top()..a.bottom())
                    .flat_map(|y| (a.left()..a.right()).map(move |x| (x, y)))
                    .filter(|&p| matches!(buffer[p].bg, Color::Rgb(..)))
                    .count()
            };
            assert!(painted > 100, "the map is drawn once it is done");
            break;
        }
        if text(&buffer).contains("computing the plane…") {
            said_computing = true;
            // Work is under way: the loop wakes often, and a key is
            // answered at once.
            assert!(app.working());
            let before = Instant::now();
            app.apply(losscape::tui::action::Action::Step(1));
            slowest_key = slowest_key.max(before.elapsed());
        }
        assert!(Instant::now() < deadline, "the plane's map arrives");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(said_computing, "the view says it is computing the plane");
    assert!(slowest_key < Duration::from_millis(200), "a key took {slowest_key:?}");
    assert!(!app.working(), "nothing is left under way once the map is in");
}
