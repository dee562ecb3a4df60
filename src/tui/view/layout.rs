//! Where everything goes on the screen, worked out from the state and the
//! terminal's size alone, before a frame is drawn: the regions, and each
//! plot's data area over the part of parameter space it shows. The event
//! loop hands the same layout to the renderer, to the background jobs (a
//! basin map is computed for the selected plot's pixels) and to the mouse
//! (a click lands on the plot the user sees), so that nothing learnt while
//! drawing flows back into the state.

use ratatui::layout::{Constraint, Layout, Position, Rect};

use crate::core::Vec2;
use crate::core::scenario::Layout as PlotLayout;
use crate::tui::app::{App, Overlay, Panel};
use crate::tui::viewport::{PlotGeometry, Viewport};

use super::plot::{CELL_ASPECT, Frame, Y_LABEL_WIDTH};
use super::{MIN_HEIGHT, MIN_WIDTH, help, panel, plot, surface};

/// The step breakdown's width when it has the side column to itself.
const EXPLAIN_WIDTH: u16 = 40;

/// The rows the plot and the chart keep above an opening box that goes
/// below them: a plot of eight rows still shows its starts and minima.
const OPENING_MIDDLE_ROWS: u16 = 10;

/// The screen's regions for one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenLayout {
    /// The whole screen.
    pub area: Rect,
    /// Whether the screen is too small for the view (a message instead).
    pub too_small: bool,
    /// The title row.
    pub title: Rect,
    /// The rate map, in place of the plots.
    pub rate_map: Option<Rect>,
    /// The plots, in drawing order.
    pub plots: Vec<PlotPlace>,
    /// The side column: the legend, data or description above the chart,
    /// the breakdown or the sweep.
    pub side: Option<Rect>,
    /// The chart alone where the side column is, when the breakdown goes
    /// over the plot instead.
    pub chart: Option<Rect>,
    /// The breakdown over the right of the plot, where the side column is
    /// too narrow for it (or there is none).
    pub explain_over: Option<Rect>,
    /// The optimizers' panel (presenter mode's legend).
    pub panel: Rect,
    /// The status bar, or the command line.
    pub status: Rect,
    /// Where the lesson's text opens in a box, while the view opens on it
    /// (see [`help::intro_area`]); drawn unless the side column shows the
    /// text whole.
    pub intro: Option<Rect>,
    /// The last line the help can start from, when it is open.
    pub help_scroll_limit: Option<usize>,
}

/// One plot of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotPlace {
    /// The optimizers it shows.
    pub runs: Vec<usize>,
    /// Its label row in split layout, and the optimizer it names.
    pub label: Option<(Rect, usize)>,
    /// Its whole area, axes and colour bar included.
    pub area: Rect,
    /// Whether it draws the y axis's labels (a plot beside another that
    /// has them in split layout does not).
    pub y_labels: bool,
    /// Its data area and what it shows, where it is big enough to draw.
    pub frame: Option<Frame>,
    /// Whether it shows the selected optimizer.
    pub shows_selected: bool,
}

impl ScreenLayout {
    /// The plot whose data area holds a cell, if any.
    pub fn plot_at(&self, (x, y): (u16, u16)) -> Option<&Frame> {
        self.frames().find(|f| f.area.contains(Position { x, y }))
    }

    /// The point of parameter space under the middle of a cell of a plot
    /// (in 1-D, `[x, 0]`).
    pub fn point_at(&self, at: (u16, u16)) -> Option<Vec2> {
        let frame = self.plot_at(at)?;
        let Rect { x, y, width, height } = frame.area;
        let fx = (f64::from(at.0 - x) + 0.5) / f64::from(width);
        let fy = (f64::from(at.1 - y) + 0.5) / f64::from(height);
        let px = frame.x.0 + fx * (frame.x.1 - frame.x.0);
        if frame.dim == 1 {
            return Some([px, 0.0]);
        }
        Some([px, frame.y.1 - fy * (frame.y.1 - frame.y.0)])
    }

    /// The pixel grid and view of the plot that shows the selected
    /// optimizer: what its basin map is computed for.
    pub fn selected_plot(&self) -> Option<PlotGeometry> {
        self.selected_frame().map(|f| PlotGeometry {
            pixels: (usize::from(f.area.width), usize::from(f.area.height) * 2),
            view: Viewport { x: f.x, y: f.y },
        })
    }

    /// The data area and view of the plot that shows the selected optimizer.
    pub fn selected_frame(&self) -> Option<Frame> {
        self.plots.iter().filter(|p| p.shows_selected).find_map(|p| p.frame)
    }

    /// The last line the help can start from (0 when it is closed).
    pub fn help_scroll_limit(&self) -> usize {
        self.help_scroll_limit.unwrap_or(0)
    }

    /// Every plot's data area and view.
    pub fn frames(&self) -> impl Iterator<Item = &Frame> {
        self.plots.iter().filter_map(|p| p.frame.as_ref())
    }
}

/// Lays out the screen of `app` over `area`.
pub fn layout(app: &App, area: Rect) -> ScreenLayout {
    let mut out = ScreenLayout {
        area,
        too_small: area.width < MIN_WIDTH || area.height < MIN_HEIGHT,
        title: Rect::default(),
        rate_map: None,
        plots: Vec::new(),
        side: None,
        chart: None,
        explain_over: None,
        panel: Rect::default(),
        status: Rect::default(),
        intro: None,
        help_scroll_limit: None,
    };
    if out.too_small {
        return out;
    }
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
    // The side column takes a third of the width when there is room for
    // it. In split layout, a grid that leaves cells empty beside it takes
    // the whole width instead, keeping its shape, and holds the side
    // column's contents in its empty cells.
    // In presenter mode the plot takes the room: the side column, the
    // chart alone, a fifth of the width.
    // Split below 100 columns gives the plots the whole width, so that
    // each is more than a sliver.
    let rate_map = app.panel() == Panel::RateMap;
    let narrow_split = app.layout() == PlotLayout::Split && area.width < 100 && !rate_map;
    let side_width = match (area.width >= 70 && !narrow_split, presenter) {
        (true, false) => (area.width / 3).clamp(24, 60),
        (true, true) => (area.width / 5).clamp(20, 36),
        (false, _) => 0,
    };
    let opening = app.intro() && app.overlay() == Overlay::None && !presenter;
    let text = app.scenario().description.as_deref().filter(|t| opening && !t.is_empty());
    // A lesson whose text speaks of the chart opens with its box below the
    // plot and the chart, over the panel's rows (widened up into the
    // middle as the text needs, the plot keeping at least
    // OPENING_MIDDLE_ROWS): beside the plot the box covered the chart the
    // text tells the class to read (09, 14, 17 at 80×24).
    let usual_middle = area.height.saturating_sub(1 + panel_height + status_height);
    let below = text.filter(|t| {
        side_width > 0
            && app.panel() == Panel::Chart
            && help::speaks_of_chart(t)
            && !help::fits_above_chart(t, side_width, usual_middle)
    });
    let panel_height = match below {
        Some(t) => {
            let most = area.height.saturating_sub(1 + status_height + OPENING_MIDDLE_ROWS);
            help::intro_height(t, area.width).min(most).max(panel_height.min(most))
        }
        None => panel_height,
    };
    let [title, middle, panel_area, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(panel_height),
        Constraint::Length(status_height),
    ])
    .areas(area);
    (out.title, out.panel, out.status) = (title, panel_area, status_area);
    if below.is_some() {
        // The box holds the panel's rows: the panel is not drawn under it.
        out.intro = Some(panel_area);
        out.panel = Rect { height: 0, ..panel_area };
    }
    // As the view opens on a lesson's text that the side column cannot
    // hold, the column widens (to half the width at most) until the text's
    // box beside the plot holds it whole: over the plot, the box hid the
    // start and the minimum the text is about.
    let side_width = match text {
        Some(text) if below.is_none() && side_width > 0 => {
            let height = area.height.saturating_sub(1 + status_height);
            help::intro_width(text, side_width, middle.width / 2, height)
        }
        _ => side_width,
    };
    let [plots, side] = Layout::horizontal([Constraint::Min(20), Constraint::Length(side_width)]).areas(middle);
    let shown = app.visible().count().max(1);
    let grid = split_grid(shown, plots);
    let spare = app.layout() == PlotLayout::Split && !rate_map && side_width > 0 && grid.0 * grid.1 > shown;
    let side_width = if spare { 0 } else { side_width };
    match app.layout() {
        // The rate map takes the plot's place.
        _ if rate_map => out.rate_map = Some(plots),
        PlotLayout::Overlay => out.plots.push(place(app, (0..n).collect(), None, plots, true)),
        PlotLayout::Split if spare => {
            if let Some(empty) = split(app, grid, middle, &mut out.plots)
                && app.panel() != Panel::Explain
            {
                out.side = Some(empty);
            }
        }
        PlotLayout::Split => {
            split(app, grid, plots, &mut out.plots);
        }
    }
    // The breakdown needs about 40 columns for its vectors: where the
    // side column is narrower, it goes over the right of the plot.
    let explain_over = app.panel() == Panel::Explain && side_width < EXPLAIN_WIDTH;
    if side_width > 0 && !explain_over {
        out.side = Some(side);
    } else if side_width > 0 {
        out.chart = Some(side);
    }
    if explain_over {
        let w = middle.width.min(48);
        out.explain_over = Some(Rect { x: middle.right() - w, width: w, ..middle });
    }
    let described = app.scenario().description.as_deref().is_some_and(|t| !t.is_empty());
    if out.intro.is_none() && app.intro() && app.overlay() == Overlay::None && described {
        out.intro = Some(help::intro_area(app, &out));
    }
    if app.overlay() == Overlay::Help {
        out.help_scroll_limit = Some(help::scroll_limit(app, area));
    }
    out
}

/// A plot of `runs` alone over `area` (a slide's figure), axes and all.
pub fn plot_place(app: &App, runs: Vec<usize>, area: Rect) -> PlotPlace {
    place(app, runs, None, area, true)
}

/// A plot of `runs` over `area`, with its frame.
fn place(app: &App, runs: Vec<usize>, label: Option<(Rect, usize)>, area: Rect, y_labels: bool) -> PlotPlace {
    let frame = if app.surface() && app.scenario().landscape.dim() == 2 {
        surface::frame(app, area)
    } else {
        plot::frame(app, area, y_labels)
    };
    let shows_selected = runs.contains(&app.selected());
    PlotPlace { runs, label, area, y_labels, frame, shows_selected }
}

/// The grid (columns, rows) whose cells come closest to square for n plots.
fn split_grid(n: usize, area: Rect) -> (usize, usize) {
    let columns = (1..=n)
        .max_by(|&a, &b| {
            let side = |c: usize| {
                let rows = n.div_ceil(c);
                // A cell is about twice as tall as wide.
                (f64::from(area.width) / c as f64 / CELL_ASPECT).min(f64::from(area.height) / rows as f64)
            };
            side(a).total_cmp(&side(b))
        })
        .unwrap_or(1);
    (columns, n.div_ceil(columns))
}

/// One plot per optimizer shown, in a grid of (columns, rows); returns the
/// grid's empty cells at the end of its last row, if any.
fn split(app: &App, (columns, rows): (usize, usize), area: Rect, plots: &mut Vec<PlotPlace>) -> Option<Rect> {
    let shown: Vec<usize> = app.visible().collect();
    let n = shown.len().max(1);
    // The plots share their axes: the y labels stand once, at the left of
    // each row, and every plot's data is equally wide, so that one sampled
    // landscape serves them all.
    let contours = !(app.surface() && app.scenario().landscape.dim() == 2);
    let strip = if contours { Y_LABEL_WIDTH } else { 0 };
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
        plots.push(place(app, vec![i], Some((label, i)), plot_area, c == 0 || !contours));
    }
    let used = n % columns;
    (used != 0).then(|| {
        let x = area.x + strip + used as u16 * cell_width;
        Rect { x, y: area.y + (rows as u16 - 1) * cell_height, width: area.right() - x, height: cell_height }
    })
}
