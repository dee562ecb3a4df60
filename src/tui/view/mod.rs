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
mod map;
mod marks;
mod panel;
mod picker;
mod plot;
mod ratemap;
mod screen;
mod status;
pub mod surface;
mod sweep;

pub(crate) use dots::ticks;
pub use figure::figure;
pub use marks::SHARED_HEAD;
pub use plot::TRIAL_GLYPH;
pub use screen::Screen;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

use crate::core::scenario::Layout as PlotLayout;

use super::app::{App, Overlay, Panel};

/// The smallest terminal the layout fits.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;
/// The step breakdown's width when it has the side column to itself.
const EXPLAIN_WIDTH: u16 = 40;

impl StatefulWidget for &App {
    type State = Screen;

    fn render(self, area: Rect, buf: &mut Buffer, screen: &mut Screen) {
        screen.begin_frame();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf);
            self.theme().paint_unset(area, buf);
            return;
        }
        let app = self;
        let n = app.runs().len();
        let presenter = app.presenter();
        // In presenter mode a legend of a few rows stands for the panel, and
        // the status bar is a band of three rows around the latest event.
        let panel_height = if presenter { panel::legend_height(app, area.width) } else { panel::height(n) };
        let status_height = match (app.command_line().is_some(), presenter && area.height >= 20) {
            // The command line takes a row of its own for its note.
            (true, _) => 2,
            (false, true) => 3,
            (false, false) => 1,
        };
        let [title, middle, panel_area, status_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(6),
            Constraint::Length(panel_height),
            Constraint::Length(status_height),
        ])
        .areas(area);
        status::render_title(app, title, buf);
        // The side column takes a third of the width when there is room for
        // it. In split layout, a grid that leaves cells empty beside it takes
        // the whole width instead, keeping its shape, and holds the side
        // column's contents in its empty cells.
        // In presenter mode the plot takes the room: the side column, the
        // chart alone, a fifth of the width.
        // Split below 100 columns gives the plots the whole width, so that
        // each is more than a sliver.
        let narrow_split = app.layout() == PlotLayout::Split && middle.width < 100 && app.panel() != Panel::RateMap;
        let side_width = match (middle.width >= 70 && !narrow_split, presenter) {
            (true, false) => (middle.width / 3).clamp(24, 60),
            (true, true) => (middle.width / 5).clamp(20, 36),
            (false, _) => 0,
        };
        let [plots, side] = Layout::horizontal([Constraint::Min(20), Constraint::Length(side_width)]).areas(middle);
        let shown = app.visible().count().max(1);
        let grid = split_grid(shown, plots);
        let spare = app.layout() == PlotLayout::Split
            && app.panel() != Panel::RateMap
            && side_width > 0
            && grid.0 * grid.1 > shown;
        let side_width = if spare { 0 } else { side_width };
        match app.layout() {
            // The rate map takes the plot's place.
            _ if app.panel() == Panel::RateMap => ratemap::render_ratemap(app, plots, buf),
            PlotLayout::Overlay => {
                let all: Vec<usize> = (0..n).collect();
                render_plot(app, screen, &all, plots, buf, true);
            }
            PlotLayout::Split if spare => {
                if let Some(empty) = render_split(app, screen, grid, middle, buf)
                    && app.panel() != Panel::Explain
                {
                    render_side(app, screen, empty, buf);
                }
            }
            PlotLayout::Split => {
                render_split(app, screen, grid, plots, buf);
            }
        }
        // The breakdown needs about 40 columns for its vectors: where the
        // side column is narrower, it goes over the right of the plot.
        let explain_over = app.panel() == Panel::Explain && side_width < EXPLAIN_WIDTH;
        if side_width > 0 && !explain_over {
            render_side(app, screen, side, buf);
        } else if side_width > 0 {
            chart::render_chart(app, screen, side, buf);
        }
        if explain_over {
            let w = middle.width.min(48);
            let over = Rect { x: middle.right() - w, width: w, ..middle };
            explain::render_explain(app, over, buf, true);
        }
        if presenter {
            panel::render_legend(app, panel_area, buf);
        } else {
            panel::render_panel(app, panel_area, buf);
        }
        match app.command_line() {
            Some(line) => status::render_command(app, line, status_area, buf),
            None => status::render_status(app, status_area, buf),
        }
        match app.overlay() {
            Overlay::Help => screen.help_scroll_limit = help::render_help(app, app.help_scroll(), area, buf),
            Overlay::Picker => picker::render_picker(app, area, buf),
            Overlay::None | Overlay::Command => {}
        }
        app.theme().paint_unset(area, buf);
    }
}

/// The side column: on top the basins' legend, a data landscape's data, or
/// (with room to spare) the lesson's description; below it the chart, the
/// breakdown or the sweep.
fn render_side(app: &App, screen: &mut Screen, side: Rect, buf: &mut Buffer) {
    if app.panel() == Panel::Explain {
        explain::render_explain(app, side, buf, false);
        return;
    }
    let inner_width = side.width.saturating_sub(2);
    let legend = app.basin_map().map(|map| basins::legend(app, map, inner_width));
    let about = app.scenario().description.as_deref().unwrap_or("");
    let has_data = app.scenario().landscape.data_points().is_some();
    let (wanted, share) = match &legend {
        Some(lines) => (lines.len() as u16 + 2, side.height * 2 / 3),
        None if has_data => (side.height / 2, side.height / 2),
        // The description may take all but the chart's twelve rows.
        None if side.height >= 24 && !about.is_empty() && app.panel() != Panel::Sweep && !app.presenter() => {
            (help::wrap(about, usize::from(inner_width)).len() as u16 + 2, side.height.saturating_sub(12))
        }
        None => (0, 0),
    };
    let room = wanted.min(share);
    let [top, rest] = Layout::vertical([Constraint::Length(room), Constraint::Min(0)]).areas(side);
    match legend {
        Some(lines) => basins::render_legend(app, lines, top, buf),
        None if room > 0 && has_data => data::render_data(app, top, buf),
        None if room > 0 => help::render_description(app, top, buf),
        None => {}
    }
    if app.panel() == Panel::Sweep {
        sweep::render_sweep(app, rest, buf);
    } else {
        chart::render_chart(app, screen, rest, buf);
    }
}

/// A plot, contours or surface; `y_labels` false for a plot of a split
/// grid that leaves the y axis's labels to the plot at the left of its row.
fn render_plot(app: &App, screen: &mut Screen, runs: &[usize], area: Rect, buf: &mut Buffer, y_labels: bool) {
    let drawn = if app.surface() && app.scenario().landscape.dim() == 2 {
        surface::render_surface(app, screen, runs, area, buf)
    } else {
        plot::render_plot(app, screen, runs, area, buf, y_labels)
    };
    if let Some(frame) = drawn {
        app.theme().ink_marks(frame.area, buf);
        screen.plots.push(frame);
        if runs.contains(&app.selected()) {
            screen.selected_plot = Some(frame);
        }
    }
}

/// A figure for a slide: the plot alone over the area (every optimizer
/// shown, with its axes and colour bar), and below it one line naming each
/// optimizer in its colour.
pub fn render_figure(app: &App, screen: &mut Screen, area: Rect, buf: &mut Buffer) {
    screen.begin_frame();
    let theme = app.theme();
    let (fg, bg) = theme.terminal_colors();
    buf.set_style(area, ratatui::style::Style::default().fg(theme.color(fg)).bg(theme.color(bg)));
    if area.width < 20 || area.height < 6 {
        return;
    }
    let [plot, legend] = Layout::vertical([Constraint::Min(4), Constraint::Length(1)]).areas(area);
    let shown: Vec<usize> = app.visible().collect();
    render_plot(app, screen, &shown, plot, buf, true);
    let mut spans = Vec::new();
    for &i in &shown {
        spans.push(Span::styled(format!(" ● {} {} ", i + 1, app.label_of(i)), theme.path(app.color_of(i))));
    }
    Paragraph::new(Line::from(spans)).render(legend, buf);
    theme.paint_unset(area, buf);
}

/// The grid (columns, rows) whose cells come closest to square for n plots.
fn split_grid(n: usize, area: Rect) -> (usize, usize) {
    let columns = (1..=n)
        .max_by(|&a, &b| {
            let side = |c: usize| {
                let rows = n.div_ceil(c);
                // A cell is about twice as tall as wide.
                (f64::from(area.width) / c as f64 / plot::CELL_ASPECT).min(f64::from(area.height) / rows as f64)
            };
            side(a).total_cmp(&side(b))
        })
        .unwrap_or(1);
    (columns, n.div_ceil(columns))
}

/// One plot per optimizer shown, in a grid of (columns, rows); returns the
/// grid's empty cells at the end of its last row, if any.
fn render_split(
    app: &App,
    screen: &mut Screen,
    (columns, rows): (usize, usize),
    area: Rect,
    buf: &mut Buffer,
) -> Option<Rect> {
    let shown: Vec<usize> = app.visible().collect();
    let n = shown.len().max(1);
    // The plots share their axes: the y labels stand once, at the left of
    // each row, and every plot's data is equally wide, so that one sampled
    // landscape serves them all.
    let contours = !(app.surface() && app.scenario().landscape.dim() == 2);
    let strip = if contours { plot::Y_LABEL_WIDTH } else { 0 };
    let (cell_width, cell_height) = (area.width.saturating_sub(strip) / columns as u16, area.height / rows as u16);
    for (slot, &i) in shown.iter().enumerate() {
        let (r, c) = ((slot / columns) as u16, (slot % columns) as u16);
        // A column apart, so that each plot's edge shows.
        let gap = u16::from(columns > 1);
        let (x, width) = if c == 0 {
            (area.x, cell_width + strip - gap)
        } else {
            (area.x + strip + c * cell_width, cell_width - gap)
        };
        let cell = Rect { x, y: area.y + r * cell_height, width, height: cell_height };
        let [label, plot_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(cell);
        let mut style = app.theme().path(app.color_of(i));
        if i == app.selected() {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        Paragraph::new(Line::from(Span::styled(format!(" {} {}", i + 1, app.label_of(i)), style))).render(label, buf);
        render_plot(app, screen, &[i], plot_area, buf, c == 0 || !contours);
    }
    let used = n % columns;
    (used != 0).then(|| {
        let x = area.x + strip + used as u16 * cell_width;
        Rect { x, y: area.y + (rows as u16 - 1) * cell_height, width: area.right() - x, height: cell_height }
    })
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
