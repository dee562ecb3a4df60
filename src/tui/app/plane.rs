//! A network drawn on a plane through its weights: the plane the scenario
//! names (the principal plane of every run's iterates by default), made
//! once the runs are computed, each weight vector drawn at its projection,
//! and what the picture leaves out (the distance from the plane, the real
//! loss beside the map's) said.

use std::sync::Arc;

use crate::core::Vec2;
use crate::core::landscape::Kind;
use crate::core::plane::{Placed, PlaneChoice};
use crate::tui::jobs::plane::{OnPlane, PlaneGrid};
use crate::tui::viewport::PlotGeometry;

use super::App;

/// What the panel says of a run's head on the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OffPlane {
    /// The head's distance from the plane.
    pub distance: f64,
    /// The loss on the map at the head's projection.
    pub map: f64,
    /// The loss at the head's own weights.
    pub real: f64,
    /// Whether the head lies on the plane to rounding: its distance within
    /// [`ON_THE_PLANE`] of its weights' length.
    pub on: bool,
}

/// A distance from the plane below this share of the weights' length is
/// rounding: the head is on the plane.
pub const ON_THE_PLANE: f64 = 1e-9;

impl App {
    /// Whether the plot draws the runs on a plane through the weights:
    /// a network's, whose loss lives on more weights than the plot has axes.
    pub fn on_a_plane(&self) -> bool {
        matches!(self.scenario.landscape.kind(), Kind::Mlp(_))
    }

    /// The plot's dimension: 2 for a network on its plane (once it is
    /// made), else the landscape's.
    pub fn plot_dim(&self) -> usize {
        if self.plane().is_some() { 2 } else { self.scenario.landscape.dim() }
    }

    /// The plane the scenario names, or the principal plane of the runs.
    fn plane_choice(&self) -> PlaneChoice {
        self.scenario.plane.clone().unwrap_or(PlaneChoice::Principal)
    }

    /// The runs on their plane, once it is made.
    pub fn plane(&self) -> Option<&Arc<OnPlane>> {
        self.plane.on().filter(|_| self.on_a_plane())
    }

    /// The loss on the plane over the selected plot's pixels, as far as it
    /// is computed.
    pub fn plane_grid(&self) -> Option<&PlaneGrid> {
        self.plane.grid().filter(|_| self.on_a_plane())
    }

    /// How far the plane (`None`) or its map (a share) has got, while it is
    /// being computed.
    pub fn plane_progress(&self) -> Option<Option<f64>> {
        self.plane.progress()
    }

    /// Whether the plane or its map is being computed.
    pub(super) fn plane_working(&self) -> bool {
        self.on_a_plane() && self.plane.working()
    }

    /// Why no plane could be made, if none could.
    pub fn plane_trouble(&self) -> Option<&str> {
        self.plane.trouble()
    }

    /// Where weights `w` are drawn: on the plane, where there is one; else
    /// at their first two coordinates.
    pub fn on_plot(&self, w: &[f64]) -> Vec2 {
        match self.plane() {
            Some(on) => on.plane.project(w).ab,
            None => [w.first().copied().unwrap_or(0.0), w.get(1).copied().unwrap_or(0.0)],
        }
    }

    /// Where optimizer i's record k lies on the plane, if there is one:
    /// as placed with the plane, or, for a run computed since, projected.
    pub fn placed(&self, i: usize, k: usize) -> Option<Placed> {
        let on = self.plane()?;
        let run = self.runs.get(i)?;
        on.placed(i, run, k).or_else(|| {
            let p = on.plane.project(&run.record(k).params);
            Some(Placed { coordinates: p.ab, two: true, distance: p.distance })
        })
    }

    /// Where optimizer i's record k is drawn in 2-D: on the plane, where
    /// there is one; else at its first two parameters.
    pub fn plot_point(&self, i: usize, k: usize) -> Vec2 {
        match self.placed(i, k) {
            Some(p) => p.coordinates,
            None => self.runs[i].record(k).params.xy(),
        }
    }

    /// The axes' names: the plane's directions, or the parameters'.
    pub fn axis_names(&self) -> [String; 2] {
        match self.plane() {
            Some(on) => on.axis_names(),
            None => self.scenario.landscape.parameter_names().map(str::to_string),
        }
    }

    /// Optimizer i's head at the step shown, against the plane: how far
    /// off it it lies, and the map's loss at its projection beside its own.
    pub fn off_plane(&self, i: usize) -> Option<OffPlane> {
        let on = self.plane()?;
        let placed = self.placed(i, self.step)?;
        let record = self.runs[i].record(self.step);
        let map = on.plane.value(&self.scenario.landscape, placed.coordinates);
        let on = placed.distance <= ON_THE_PLANE * (1.0 + crate::core::norm(&record.params));
        Some(OffPlane { distance: placed.distance, map, real: record.loss, on })
    }

    /// Makes the plane once every run is computed (and again for runs
    /// computed anew), then the map over `plot`; true if anything changed.
    /// Headless, the plane is made before this returns.
    pub(super) fn update_plane(&mut self, plot: Option<PlotGeometry>) -> bool {
        if !self.on_a_plane() || self.computing_runs() || self.runs.is_empty() {
            return false;
        }
        let choice = self.plane_choice();
        let landscape = Arc::clone(&self.scenario.landscape);
        let before = self.plane.on().map(|on| on.id);
        let waited =
            self.plane.place(&landscape, &choice, self.scenario.steps, &self.runs, self.generation, !self.background);
        let changed = waited || self.plane.update(&landscape, plot, &self.report);
        if let Some(on) = self.plane.on().filter(|on| Some(on.id) != before) {
            // A new plane is new axes: the view opens on its paths, and is
            // laid out again before its map is computed, for that plot.
            self.view = on.extent;
        }
        changed
    }
}
