//! The screen is laid out before it is drawn, and the background work is
//! started for that layout: no frame shows a basin map computed for
//! another view.

use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::ColorMode;
use losscape::tui::view::{self, Screen};
use losscape::tui::{prepare_frame, render_buffer, render_settled};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const AREA: Rect = Rect { x: 0, y: 0, width: 120, height: 40 };

/// The basins lesson as it opens (on its basin map), after `moves`.
fn basins(moves: &[Action]) -> App {
    let mut app = App::new(lessons::find("basins-of-attraction").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    for &action in moves {
        app.apply(action);
    }
    app
}

/// Checks that every pixel of the plot in `frame` is either as it is
/// without basins or as it is with the whole basin map of the view shown:
/// never a pixel of a map of another view. A cell holds two pixels (its
/// ink the upper, its paper the lower), and a map being computed may have
/// one of them and not yet the other.
fn only_the_new_map(frame: &Buffer, moves: &[Action], what: &str) {
    let mut bare = basins(moves);
    bare.apply(Action::ToggleBasins);
    let bare = render_buffer(&bare, AREA.width, AREA.height);
    let mut whole = basins(moves);
    let whole_frame = render_settled(&mut whole, AREA.width, AREA.height);
    let plot = view::layout(&whole, AREA).selected_frame().unwrap().area;
    let mut tinted = 0;
    for y in plot.top()..plot.bottom() {
        for x in plot.left()..plot.right() {
            let (cell, without, with) = (&frame[(x, y)], &bare[(x, y)], &whole_frame[(x, y)]);
            let either =
                |part: fn(&ratatui::buffer::Cell) -> String| part(cell) == part(without) || part(cell) == part(with);
            assert!(
                either(|c| format!("{:?}", c.fg)) && either(|c| format!("{:?}", c.bg)) && either(|c| c.symbol().into()),
                "{what}: cell ({x}, {y}) of another map: {cell:?}, not {without:?} nor {with:?}"
            );
            tinted += usize::from(cell != without);
        }
    }
    eprintln!("{what}: {tinted} cells of the new map drawn");
}

#[test]
fn after_a_pan_or_a_zoom_no_frame_shows_the_old_basin_map() {
    for moves in [[Action::Pan(1, 0)], [Action::ZoomIn]] {
        let mut app = basins(&[]);
        // The map of the view as opened, whole.
        render_settled(&mut app, AREA.width, AREA.height);
        assert!(app.basin_map().is_some_and(|m| m.rows_done == m.height));
        app.apply(moves[0]);
        // Drawn at once, before anything else happens.
        only_the_new_map(&render_buffer(&app, AREA.width, AREA.height), &moves, "drawn at once");
        // The frame the live view draws next: laid out, the work started
        // for that layout, then drawn.
        let (layout, _) = prepare_frame(&mut app, AREA);
        let mut frame = Buffer::empty(AREA);
        view::draw(&app, &layout, &mut Screen::new(), &mut frame);
        only_the_new_map(&frame, &moves, "the next frame");
    }
}

#[test]
fn render_draws_once_with_its_maps_whole() {
    let mut app = basins(&[]);
    let frame = render_settled(&mut app, AREA.width, AREA.height);
    let map = app.basin_map().unwrap();
    assert_eq!(map.rows_done, map.height, "the map was finished before the one frame was drawn");
    assert_eq!(Some(map.plot), view::layout(&app, AREA).selected_plot(), "for the plot as laid out");
    only_the_new_map(&frame, &[], "render");
}
