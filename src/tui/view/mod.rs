//! The screen, one widget per region.
//!
//! ```text
//! ┌ losscape │ scenario name │ formula ─────────────────────────────────┐
//! │ y┤                                        │┌ loss ────────────────┐ │
//! │  ┤   contour map, paths, heads,          ││                      │ │
//! │  ┤   starts ◆ and minima ×               ││  loss against step   │ │
//! │  └──┬──────┬──────┬─── x                  │└──────────────────────┘ │
//! │ ── optimizers ──────────────────────────────────────────────────────  │
//! │  1  GD   gd   lr=0.001   …   loss   |∇f|   status                   │
//! │ step 12/500 │ ⏸ paused │ 10 steps/s · space play · ? help            │
//! └─────────────────────────────────────────────────────────────────────┘
//! ```
//! In split layout the plot area holds one plot per optimizer, in a grid.

mod basins;
pub(crate) mod chart;
pub mod explain;
mod field;
mod help;
mod panel;
mod picker;
mod plot;
mod status;
mod sweep;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::core::scenario::Layout as PlotLayout;

use super::app::{App, Overlay};
use field::Field;

/// The smallest terminal the layout fits.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;

/// What drawing keeps from frame to frame.
#[derive(Debug, Default)]
pub struct ViewCache {
    /// The sampled landscape for the current plot size and view.
    field: Option<Field>,
    /// Where the plots' data areas were drawn, for mouse clicks.
    plots: Vec<Rect>,
    /// The loss chart's scale for a generation of runs.
    chart_scale: Option<(u64, chart::Scale)>,
    /// The data area of the plot that shows the selected optimizer.
    selected_plot: Option<Rect>,
}

impl ViewCache {
    /// The pixel grid (two pixels per cell, vertically) of the plot showing
    /// the selected optimizer, as last drawn.
    pub fn selected_plot_pixels(&self) -> Option<(usize, usize)> {
        self.selected_plot.map(|r| (usize::from(r.width), usize::from(r.height) * 2))
    }

    /// The data area of the plot under a cell, if any.
    pub fn plot_at(&self, (x, y): (u16, u16)) -> Option<Rect> {
        self.plots.iter().copied().find(|r| x >= r.x && x < r.right() && y >= r.y && y < r.bottom())
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        {
            let mut cache = self.cache.borrow_mut();
            cache.plots.clear();
            cache.selected_plot = None;
        }
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf);
            return;
        }
        let n = self.runs().len();
        let [title, middle, panel_area, status_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(6),
            Constraint::Length(panel::height(n)),
            Constraint::Length(1),
        ])
        .areas(area);
        status::render_title(self, title, buf);
        // The loss chart takes a third of the width when there is room for it.
        let chart_width = if middle.width >= 70 { (middle.width / 3).clamp(24, 60) } else { 0 };
        let [plots, chart_area] =
            Layout::horizontal([Constraint::Min(20), Constraint::Length(chart_width)]).areas(middle);
        match self.layout() {
            PlotLayout::Overlay => {
                let all: Vec<usize> = (0..n).collect();
                self.render_plot(&all, plots, buf);
            }
            PlotLayout::Split => self.render_split(plots, buf),
        }
        match (chart_width > 0, self.explaining()) {
            (true, true) => explain::render_explain(self, chart_area, buf, false),
            (true, false) => {
                // Above the chart: the basins' legend when they are shown, or,
                // with room to spare, the lesson's description.
                let legend = self.basin_map().map(|map| basins::legend(self, map, chart_area.width.saturating_sub(2)));
                let about = self.scenario().description.as_deref().unwrap_or("");
                let wanted = match &legend {
                    Some(lines) => lines.len() as u16 + 2,
                    None if chart_area.height >= 24 && !about.is_empty() && self.sweep().is_none() => {
                        help::wrap(about, usize::from(chart_area.width.saturating_sub(2))).len() as u16 + 2
                    }
                    None => 0,
                };
                let share = if legend.is_some() { chart_area.height * 2 / 3 } else { chart_area.height / 2 };
                let room = wanted.min(share);
                let [top, rest] = Layout::vertical([Constraint::Length(room), Constraint::Min(0)]).areas(chart_area);
                match legend {
                    Some(lines) => basins::render_legend(self, lines, top, buf),
                    None if room > 0 => help::render_description(self, top, buf),
                    None => {}
                }
                if self.sweep().is_some() {
                    sweep::render_sweep(self, rest, buf);
                } else {
                    chart::render_chart(self, rest, buf);
                }
            }
            // No room beside the plot: the breakdown goes over its right part.
            (false, true) => {
                let w = middle.width.min(48);
                let over = Rect { x: middle.right() - w, width: w, ..middle };
                explain::render_explain(self, over, buf, true);
            }
            (false, false) => {}
        }
        panel::render_panel(self, panel_area, buf);
        status::render_status(self, status_area, buf);
        match self.overlay() {
            Overlay::Help => help::render_help(self, area, buf),
            Overlay::Picker => picker::render_picker(self, area, buf),
            Overlay::None => {}
        }
    }
}

impl App {
    fn render_plot(&self, runs: &[usize], area: Rect, buf: &mut Buffer) {
        if let Some(frame) = plot::render_plot(self, runs, area, buf) {
            let mut cache = self.cache.borrow_mut();
            cache.plots.push(frame.area);
            if runs.contains(&self.selected()) {
                cache.selected_plot = Some(frame.area);
            }
        }
    }

    /// One plot per optimizer, in the grid whose cells come closest to square.
    fn render_split(&self, area: Rect, buf: &mut Buffer) {
        let n = self.runs().len();
        let columns = (1..=n)
            .max_by(|&a, &b| {
                let side = |c: usize| {
                    let rows = n.div_ceil(c);
                    // A cell is about twice as tall as wide.
                    (f64::from(area.width) / c as f64 / 2.0).min(f64::from(area.height) / rows as f64)
                };
                side(a).total_cmp(&side(b))
            })
            .unwrap_or(1);
        let rows = n.div_ceil(columns);
        // Equal cells, so that one sampled landscape serves every plot.
        let (cell_width, cell_height) = (area.width / columns as u16, area.height / rows as u16);
        for i in 0..n {
            let (r, c) = ((i / columns) as u16, (i % columns) as u16);
            let cell = Rect {
                x: area.x + c * cell_width,
                y: area.y + r * cell_height,
                width: cell_width,
                height: cell_height,
            };
            let [label, plot_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(cell);
            let mode = self.colors();
            let mut style = Style::default().fg(mode.color(self.color_of(i))).add_modifier(Modifier::BOLD);
            if i == self.selected() {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            Paragraph::new(Line::from(Span::styled(format!(" {} {}", i + 1, self.label_of(i)), style)))
                .render(label, buf);
            self.render_plot(&[i], plot_area, buf);
        }
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Terminal too small ({}×{}): losscape needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    let y = area.y + area.height / 2;
    let line_area =
        Rect { x: area.x, y: area.y.max(y.saturating_sub(1)), width: area.width, height: area.height.min(3) };
    Paragraph::new(text).wrap(Wrap { trim: true }).render(line_area, buf);
}
