//! The part of parameter space shown: the user's zoom and pan, widened in
//! follow mode, and the view a scenario opens with.

use crate::core::Vec2;
use crate::tui::viewport::Viewport;

use super::{App, MARGIN};

impl App {
    /// The part of parameter space to draw: the user's view, widened in
    /// follow mode so that every shown optimizer's path so far is inside
    /// (its whole path, not only its current point, so that the view only
    /// ever grows as a run runs away, and never jumps from side to side).
    pub fn viewport(&self) -> Viewport {
        if !self.follow {
            return self.view;
        }
        let step = self.step;
        let paths = self.visible().flat_map(|i| {
            let run = &self.runs[i];
            run.history()[..=step.min(run.steps_taken())].iter().map(|r| r.params)
        });
        self.view.including(paths, self.scenario.landscape.dim(), MARGIN)
    }

    /// The view a scenario opens with and `0` returns to: the domain and every start.
    pub(super) fn home_view(&self) -> Viewport {
        let domain = self.scenario.landscape.domain();
        let view = Viewport { x: domain.x, y: domain.y.unwrap_or((0.0, 1.0)) };
        view.including(self.runs.iter().map(|r| r.spec().start), self.scenario.landscape.dim(), MARGIN)
    }

    /// Zooming or panning starts from what is on screen and ends following.
    pub(super) fn stop_following(&mut self) {
        if self.follow {
            self.view = self.viewport();
            self.follow = false;
        }
    }

    pub(super) fn zoom(&mut self, factor: f64, center: Option<Vec2>) {
        self.stop_following();
        let center = center.unwrap_or_else(|| self.view.center());
        if let Some(zoomed) = self.view.zoomed(factor, center) {
            self.view = zoomed;
        }
    }

    pub(super) fn pan(&mut self, right: f64, up: f64) {
        self.stop_following();
        self.view = self.view.panned(right, up);
    }
}
