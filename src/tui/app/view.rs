//! The part of parameter space shown: the user's zoom and pan, widened in
//! follow mode, and the view a scenario opens with.

use crate::core::Vec2;
use crate::tui::action::Action;
use crate::tui::viewport::{Camera, Viewport};

use super::{App, MARGIN, Panel};

impl App {
    /// Whether the plot is drawn as a 3-D surface.
    pub fn surface(&self) -> bool {
        self.surface
    }

    /// Whether the 3-D surface is what the plot shows now (2-D, not replaced by the rate map).
    pub(super) fn shows_surface(&self) -> bool {
        self.surface && self.scenario.landscape.dim() == 2 && self.panel != Panel::RateMap
    }

    /// Where the 3-D view looks from.
    pub fn camera(&self) -> Camera {
        self.camera
    }

    /// Turns the 3-D camera to these angles (headless pictures).
    pub fn set_camera(&mut self, camera: Camera) {
        self.camera = camera.turned(0.0, 0.0);
    }

    /// The pan and turn keys and a drag, in 3-D: turn by 15° a key (a drag
    /// across the whole plot turns half round), tilt by 5°.
    pub(super) fn turn(&mut self, action: Action) {
        self.camera = match action {
            Action::Pan(right, up) => self.camera.turned(-15.0 * f64::from(right), 5.0 * f64::from(up)),
            Action::Turn(right) => self.camera.turned(-15.0 * f64::from(right), 0.0),
            Action::PanBy { right, up } => self.camera.turned(180.0 * right, -90.0 * up),
            Action::Tilt(up) => self.camera.turned(0.0, 5.0 * f64::from(up)),
            _ => self.camera,
        };
    }

    /// The plot as a surface or as contours (2-D only).
    pub(super) fn toggle_surface(&mut self) {
        if self.scenario.landscape.dim() != 2 {
            self.say("the 3-D surface needs a 2-D landscape; this one is 1-D");
            return;
        }
        self.surface = !self.surface;
        if self.surface && self.panel == Panel::RateMap {
            self.panel = Panel::Chart;
        }
        self.say(if self.surface {
            "3-D surface: , . (or C-←→, a drag) turn, ↑↓ tilt, 0 resets, S for contours"
        } else {
            "contour map"
        });
    }

    /// The part of parameter space to draw: the user's view, grown in
    /// follow mode, a whole width at a time, until every shown optimizer's
    /// path so far is inside, up to three widths on each side (a run that
    /// goes further is marked where it leaves). Its whole path, not only its
    /// current point, so that while playing the view only ever grows, in
    /// few large steps, and never jumps from side to side.
    pub fn viewport(&self) -> Viewport {
        if !self.follow {
            return self.view;
        }
        let step = self.step;
        let paths =
            self.visible().flat_map(|i| (0..=step.min(self.runs[i].steps_taken())).map(move |k| self.plot_point(i, k)));
        self.view.grown_to_hold(paths, self.plot_dim())
    }

    /// The view a scenario opens with and `0` returns to: the domain and every start.
    pub fn home_view(&self) -> Viewport {
        if let Some(on) = self.plane() {
            return on.extent;
        }
        let domain = self.scenario.landscape.domain();
        let view = Viewport { x: domain.x, y: domain.y.unwrap_or((0.0, 1.0)) };
        view.including(self.runs.iter().map(|r| r.spec().start.xy()), self.scenario.landscape.dim(), MARGIN)
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
