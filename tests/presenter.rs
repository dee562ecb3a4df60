//! Presenter mode (`F`, `--presenter`): the plot takes the screen, paths and
//! heads drawn large, no key hints, the latest event in a band of its own.

use losscape::core::scenario::Rgb;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::ColorMode;
use losscape::tui::view::{Screen, ScreenLayout, layout};
use losscape::tui::{buffer_text, render_with};
use ratatui::style::Color;

fn tour_at_end(presenter: bool) -> App {
    let mut app = App::new(lessons::find("tour").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    if presenter {
        app.apply(Action::TogglePresenter);
    }
    app.apply(Action::LastStep);
    app
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(rgb.0, rgb.1, rgb.2)
}

#[test]
fn presenter_mode_gives_the_plot_the_screen_and_drops_the_hints() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (normal, shown) = (tour_at_end(false), tour_at_end(true));
        let mut screens = [Screen::new(), Screen::new()];
        let before = buffer_text(&render_with(&normal, &mut screens[0], width, height));
        let text = buffer_text(&render_with(&shown, &mut screens[1], width, height));
        let whole = ratatui::layout::Rect::new(0, 0, width, height);
        let layouts = [layout(&normal, whole), layout(&shown, whole)];
        let area = |s: &ScreenLayout| {
            let plot = s.selected_plot().unwrap();
            plot.pixels.0 * plot.pixels.1
        };
        assert!(
            area(&layouts[1]) as f64 > 1.3 * area(&layouts[0]) as f64,
            "{width}×{height}: the plot grows from {} to {} pixels",
            area(&layouts[0]),
            area(&layouts[1])
        );
        assert!(before.contains("? help"));
        assert!(!text.contains("? help") && !text.contains("space play"), "{width}×{height}: no hints\n{text}");
        assert!(!text.contains("what to watch"), "{width}×{height}: no description box");
        // The legend names every optimizer with its loss.
        for i in 0..shown.runs().len() {
            let entry = format!("{} {}", i + 1, shown.label_of(i));
            assert!(text.contains(&entry), "{width}×{height}: {entry} in the legend\n{text}");
        }
        assert!(text.contains(&format!("step {}/{}", shown.step(), shown.total_steps())));
        assert!(!shown.fades(), "no fading in presenter mode");
    }
}

#[test]
fn presenter_mode_draws_a_lone_head_large() {
    let app = tour_at_end(true);
    let mut screen = Screen::new();
    let buffer = render_with(&app, &mut screen, 120, 40);
    let screen = layout(&app, buffer.area);
    // GD's head is far from the others: its cell is filled with its colour,
    // with a half block of its colour on either side.
    let gd = color(app.color_of(0));
    let at = (0..40u16)
        .flat_map(|y| (0..120u16).map(move |x| (x, y)))
        .find(|&at| buffer[at].symbol() == "●" && buffer[at].bg == gd && screen.point_at(at).is_some())
        .unwrap_or_else(|| panic!("GD's head filled with its colour\n{}", buffer_text(&buffer)));
    assert_eq!((buffer[(at.0 - 1, at.1)].symbol(), buffer[(at.0 - 1, at.1)].fg), ("▐", gd));
    assert_eq!((buffer[(at.0 + 1, at.1)].symbol(), buffer[(at.0 + 1, at.1)].fg), ("▌", gd));
}

#[test]
fn f_and_esc_leave_presenter_mode() {
    let mut app = tour_at_end(true);
    assert!(app.presenter());
    app.apply(Action::Back);
    assert!(!app.presenter(), "Esc leaves it");
    app.apply(Action::TogglePresenter);
    app.apply(Action::TogglePresenter);
    assert!(!app.presenter(), "F toggles it");
}
