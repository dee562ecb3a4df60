//! The screen, one widget per region, drawn from the state with a
//! [`Screen`] that keeps what drawing reuses between frames.
//!
//! ```text
//! ┌ losscape │ scenario name │ formula ─────────────────────────────────┐
//! │ y┤                                        │┌ what to watch / data ┐ │
//! │  ┤   contour map, paths, heads 1 2 3,    │└──────────────────────┘ │
//! │  ┤   starts ◆, minima ×, arrows          │┌ loss ────────────────┐ │
//! │  └──┬──────┬──────┬─── x                  ││  chart, breakdown or │ │
//! │ f  lo ████████████ hi (colour bar)        ││  sweep               │ │
//! │ ── optimizers ──────────────────────────────────────────────────────  │
//! │  1  GD   gd   lr=0.001   …   loss   |∇f|   status                   │
//! │ step 12/500 │ ‖ paused │ 10 steps/s · space play · … · ? help       │
//! └─────────────────────────────────────────────────────────────────────┘
//! ```
//! In split layout the plot area holds one plot per optimizer, in a grid.

mod arrows;
mod basins;
mod bearings;
pub(crate) mod chart;
mod data;
mod dots;
pub mod explain;
pub(crate) mod field;
mod figure;
mod help;
mod layout;
mod map;
mod marks;
mod panel;
mod picker;
pub mod plane;
mod plot;
mod ratemap;
mod ribbons;
mod screen;
mod status;
pub mod surface;
mod sweep;

pub use figure::figure;
pub use marks::{PEAK_GLYPH, SADDLE_GLYPH, SEVERAL_HEADS, SHARED_HEAD};
pub use plot::{STEP_BEAD, TRIAL_GLYPH};
pub use screen::Screen;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

use super::app::{App, Overlay, Panel};

pub use layout::{PlotPlace, ScreenLayout, layout};

/// The smallest terminal the layout fits.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;

impl StatefulWidget for &App {
    type State = Screen;

    /// Lays the screen out over `area`, then draws it (see [`draw`]).
    fn render(self, area: Rect, buf: &mut Buffer, screen: &mut Screen) {
        draw(self, &layout(self, area), screen, buf);
    }
}

/// Draws the screen of `app` as `layout` lays it out, reusing what `screen`
/// keeps from earlier frames.
pub fn draw(app: &App, layout: &ScreenLayout, screen: &mut Screen, buf: &mut Buffer) {
    let area = layout.area;
    if layout.too_small {
        render_too_small(area, buf);
        app.theme().paint_unset(area, buf);
        return;
    }
    status::render_title(app, layout.title, buf);
    if let Some(map) = layout.rate_map {
        ratemap::render_ratemap(app, map, buf);
    }
    for place in &layout.plots {
        if let Some((label, i)) = place.label {
            let mut style = app.theme().path(app.color_of(i));
            if i == app.selected() {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            Paragraph::new(Line::from(Span::styled(format!(" {} {}", i + 1, app.label_of(i)), style)))
                .render(label, buf);
        }
        if let Some(frame) = place.frame {
            render_plot(app, screen, place, frame, buf);
        }
    }
    let intro = layout.intro.is_some();
    let (about_shown, about_whole) =
        layout.side.map_or((false, false), |side| render_side(app, screen, side, intro, buf));
    if let Some(chart) = layout.chart {
        chart::render_chart(app, screen, chart, buf);
    }
    if let Some(over) = layout.explain_over {
        explain::render_explain(app, over, buf, true);
    }
    // Beside the opening box, the panel takes the width left of it and
    // drops columns as a narrow screen does: cut by the box, 18's memory
    // column read "β1=0" and the loss column was gone.
    let opening = layout.side.is_some() && !app.presenter();
    let panel_area = match layout.intro.filter(|_| opening) {
        Some(over) if over.bottom() > layout.panel.y && over.x > layout.panel.x => {
            Rect { width: over.x - layout.panel.x, ..layout.panel }
        }
        _ => layout.panel,
    };
    if app.presenter() {
        panel::render_legend(app, layout.panel, buf);
    } else {
        panel::render_panel(app, panel_area, buf);
    }
    match app.command_line() {
        Some(line) => status::render_command(app, line, layout.status, buf),
        None => {
            let about_hidden = !about_shown && app.scenario().description.as_deref().is_some_and(|d| !d.is_empty());
            status::render_status(app, layout.status, buf, about_hidden)
        }
    }
    if let Some(over) = layout.intro.filter(|_| !about_whole) {
        help::render_intro(app, over, buf);
    }
    match app.overlay() {
        Overlay::Help => help::render_help(app, app.help_scroll(), area, buf),
        Overlay::Picker => picker::render_picker(app, area, buf),
        Overlay::None | Overlay::Command => {}
    }
    app.theme().paint_unset(area, buf);
}

/// The side column: on top the basins' legend, a data landscape's data, or
/// (with room to spare) the lesson's description; below it the chart, the
/// breakdown or the sweep; `intro` where an opening box is to show the
/// text. Whether it showed the description, and all of it.
fn render_side(app: &App, screen: &mut Screen, side: Rect, intro: bool, buf: &mut Buffer) -> (bool, bool) {
    if app.panel() == Panel::Explain {
        explain::render_explain(app, side, buf, false);
        return (false, false);
    }
    let inner_width = side.width.saturating_sub(2);
    let legend = app.basin_map().map(|map| basins::legend(app, map, inner_width));
    let about = app.scenario().description.as_deref().unwrap_or("");
    let has_data = app.scenario().landscape.data_points().is_some();
    let (wanted, share) = match &legend {
        Some(lines) => (lines.len() as u16 + 2, side.height * 2 / 3),
        None if has_data => (side.height / 2, side.height / 2),
        // The description may take all but the chart's twelve rows.
        None if app.panel() != Panel::Sweep && !app.presenter() => {
            let rows = help::description_rows(about, side.width, side.height);
            (rows, rows)
        }
        None => (0, 0),
    };
    let room = wanted.min(share);
    let [top, rest] = Layout::vertical([Constraint::Length(room), Constraint::Min(0)]).areas(side);
    let (mut shown, mut whole) = (false, false);
    match legend {
        Some(lines) => basins::render_legend(app, lines, top, buf),
        None if room > 0 && has_data => data::render_data(app, top, buf),
        None if room > 0 => {
            whole = help::render_description(app, top, buf);
            shown = true;
        }
        None => {}
    }
    // Before the first step the chart has nothing to draw: where the
    // description has found no room above it, it takes the chart's place,
    // so that a lesson opens on what to watch at any size.
    let chart_empty = app.step() == 0 && matches!(app.panel(), Panel::Chart | Panel::Basins);
    let fits = help::wrap(about, usize::from(inner_width)).len() + 2 <= usize::from(rest.height);
    // Where the opening box shows the text and the column cannot hold it
    // whole, the column keeps its chart: below a box beside the plot it
    // said the same words again, and a box below the chart is there to
    // leave the chart in view.
    let boxed = intro && !fits;
    if chart_empty && !shown && !about.is_empty() && !app.presenter() && rest.height >= 5 && !boxed {
        whole = help::render_description(app, rest, buf);
        shown = true;
    } else if app.panel() == Panel::Sweep {
        sweep::render_sweep(app, rest, buf);
    } else {
        chart::render_chart(app, screen, rest, buf);
    }
    (shown, whole)
}

/// A plot, contours or surface, as `place` lays it out.
fn render_plot(app: &App, screen: &mut Screen, place: &PlotPlace, frame: plot::Frame, buf: &mut Buffer) {
    if app.surface() && app.scenario().landscape.dim() == 2 {
        surface::render_surface(app, screen, &place.runs, place.area, frame, buf);
    } else {
        plot::render_plot(app, screen, &place.runs, place.area, frame, buf, place.y_labels);
    }
    app.theme().ink_marks(frame.area, buf);
}

/// A figure for a slide: the plot alone over the area (every optimizer
/// shown, with its axes and colour bar), and below it one line naming each
/// optimizer in its colour.
pub fn render_figure(app: &App, screen: &mut Screen, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (fg, bg) = theme.terminal_colors();
    buf.set_style(area, ratatui::style::Style::default().fg(theme.color(fg)).bg(theme.color(bg)));
    if area.width < 20 || area.height < 6 {
        return;
    }
    let [plot, legend] = Layout::vertical([Constraint::Min(4), Constraint::Length(1)]).areas(area);
    let shown: Vec<usize> = app.visible().collect();
    let place = layout::plot_place(app, shown.clone(), plot);
    if let Some(frame) = place.frame {
        render_plot(app, screen, &place, frame, buf);
    }
    let mut spans = Vec::new();
    for &i in &shown {
        spans.push(Span::styled(format!(" ● {} {} ", i + 1, app.label_of(i)), theme.path(app.color_of(i))));
    }
    Paragraph::new(Line::from(spans)).render(legend, buf);
    theme.paint_unset(area, buf);
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let long = format!(
        "Terminal too small ({}×{}): losscape needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    // The message must fit whole, however small the terminal.
    let short = format!("{}×{}: too small, needs {MIN_WIDTH}×{MIN_HEIGHT}; q quits", area.width, area.height);
    let rows = area.height.min(3);
    let fits = |text: &str| help::wrap(text, usize::from(area.width)).len() <= usize::from(rows);
    let text = if fits(&long) { long } else { short };
    let lines: Vec<Line> = help::wrap(&text, usize::from(area.width)).into_iter().map(Line::from).collect();
    let y = area.y + area.height / 2;
    let line_area = Rect { x: area.x, y: area.y.max(y.saturating_sub(1)), width: area.width, height: rows };
    Paragraph::new(lines).render(line_area, buf);
}
