//! What drawing keeps from frame to frame, owned by the event loop: the
//! sampled landscape, the chart's scale, and where each plot was drawn over
//! which part of parameter space (for the mouse and for background maps).

use ratatui::layout::Rect;

use super::chart::ChartScale;
use super::field::Field;
use super::plot::Frame;
use crate::core::Vec2;
use crate::tui::viewport::{PlotGeometry, Viewport};

/// The view's memory between frames.
#[derive(Debug, Default)]
pub struct Screen {
    /// The sampled landscape for the current plot size and view.
    pub(super) field: Option<Field>,
    /// The plots drawn in the last frame.
    pub(super) plots: Vec<Frame>,
    /// The plot that showed the selected optimizer in the last frame.
    pub(super) selected_plot: Option<Frame>,
    /// The chart's scale, and what it was computed for.
    pub(super) chart_scale: Option<ChartScale>,
    /// The last line the help, as last drawn, can start from.
    pub(super) help_scroll_limit: usize,
    /// The 3-D surface as last drawn, for its camera, view and size.
    pub(super) surface: Option<super::surface::SurfaceImage>,
    /// The landscape sampled for it, for its view.
    pub(super) surface_mesh: Option<super::surface::Mesh>,
    /// The arrows' one scale, for the runs and the plot's size.
    pub(super) arrow_scale: Option<super::arrows::ArrowScale>,
}

impl Screen {
    /// A screen that has drawn nothing yet.
    pub fn new() -> Self {
        Screen::default()
    }

    /// The plot whose data area holds a cell, if any.
    pub fn plot_at(&self, (x, y): (u16, u16)) -> Option<&Frame> {
        self.plots.iter().find(|f| f.area.contains(ratatui::layout::Position { x, y }))
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

    /// The pixel grid and view of the plot that showed the selected
    /// optimizer, as last drawn: what its basin map is computed for.
    pub fn selected_plot(&self) -> Option<PlotGeometry> {
        self.selected_plot.map(|f| PlotGeometry {
            pixels: (usize::from(f.area.width), usize::from(f.area.height) * 2),
            view: Viewport { x: f.x, y: f.y },
        })
    }

    /// The last line the help, as last drawn, can start from.
    pub fn help_scroll_limit(&self) -> usize {
        self.help_scroll_limit
    }

    /// Forgets the plots of the last frame, before drawing the next.
    pub(super) fn begin_frame(&mut self) {
        self.plots.clear();
        self.selected_plot = None;
    }
}
