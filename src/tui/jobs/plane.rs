//! A network's plane in the view: the plane through its weights that the
//! scenario names (the principal plane of every run's iterates where it
//! names none), each run's weights placed on it, and the loss on it over
//! the plot's pixels. Both beside the view: the plane once the runs are
//! computed, the map row by row on every core.

use std::sync::Arc;

use rayon::prelude::*;

use super::Job;
use crate::core::Vec2;
use crate::core::budget::{Cost, Estimate, Report};
use crate::core::landscape::Landscape;
use crate::core::plane::{Measured, Placed, Plane, PlaneChoice, Section};
use crate::core::run::Run;
use crate::tui::viewport::{PlotGeometry, Viewport};

/// Room left around the projected paths on each side, as a share of their
/// extent: every path in view, with some of the plane around it.
pub const PLANE_MARGIN: f64 = 0.25;

/// The runs placed on their plane.
#[derive(Debug)]
pub struct OnPlane {
    /// How the plane was chosen.
    pub choice: PlaneChoice,
    /// The plane.
    pub plane: Plane,
    /// What choosing it measured, if anything.
    pub measured: Option<Measured>,
    /// The runs placed, as they were (a run computed anew since is not).
    pub runs: Vec<Arc<Run>>,
    /// Each run's every record placed on the plane, step by step.
    pub placed: Vec<Vec<Placed>>,
    /// The projected paths' bounding box, widened by [`PLANE_MARGIN`].
    pub extent: Viewport,
    /// Which placing this is (a new plane, a new number).
    pub id: u64,
}

impl OnPlane {
    /// Places `runs` on the plane `choice` makes of them (for a scenario
    /// of `steps` steps); or why there is none to draw.
    pub fn of(
        landscape: &Landscape,
        choice: &PlaneChoice,
        steps: usize,
        runs: Vec<Arc<Run>>,
        id: u64,
    ) -> Result<OnPlane, String> {
        if matches!(choice, PlaneChoice::Line { .. }) {
            return Err("the view draws a plane, not a line: `losscape run` places the steps on it".into());
        }
        let held: Vec<&Run> = runs.iter().map(|r| &**r).collect();
        let iterates = crate::report::plane::iterates(choice, steps, &held);
        let (plane, measured) = match choice.build(landscape, &iterates) {
            Ok(Section::Plane(plane, measured)) => (plane, measured),
            Ok(Section::Line(_)) => unreachable!("a line was refused above"),
            Err(e) => return Err(format!("no {} plane: {e}", choice.name())),
        };
        let placed: Vec<Vec<Placed>> = runs
            .par_iter()
            .map(|run| run.history().iter().map(|r| Section::Plane(plane.clone(), None).place(&r.params)).collect())
            .collect();
        let extent = extent_of(placed.iter().flatten().map(|p| p.coordinates));
        Ok(OnPlane { choice: choice.clone(), plane, measured, runs, placed, extent, id })
    }

    /// Where run i's record k lies on the plane, if that run was placed.
    pub fn placed(&self, i: usize, run: &Arc<Run>, k: usize) -> Option<Placed> {
        self.runs.get(i).filter(|r| Arc::ptr_eq(r, run))?;
        self.placed[i].get(k).copied()
    }

    /// The two axes' short names, as the plot's axes carry them: PC1 and
    /// PC2 for principal components, h1 and h2 for the Hessian's
    /// eigenvectors, d1 and d2 for random directions.
    pub fn axis_names(&self) -> [String; 2] {
        let stem = match self.choice {
            PlaneChoice::Principal => "PC",
            PlaneChoice::Curvature => "h",
            PlaneChoice::Random { .. } | PlaneChoice::Line { .. } => "d",
        };
        [1, 2].map(|n| format!("{stem}{n}"))
    }

    /// The axes named with what choosing them measured: "PC1 (86%)" (its
    /// share of the iterates' spread), "h1 (λ 9.8)", "d1 (random)".
    pub fn axis_titles(&self) -> [String; 2] {
        let [first, second] = self.axis_names();
        let what = |n: usize| match self.measured {
            Some(Measured::Shares(s)) => format!("{:.0}%", 100.0 * s[n]),
            Some(Measured::Eigenvalues(l)) => format!("λ {}", crate::format::short(l[n])),
            None => "random".to_string(),
        };
        [format!("{first} ({})", what(0)), format!("{second} ({})", what(1))]
    }
}

/// The box around these points, widened by [`PLANE_MARGIN`] of its size on
/// each side (a point, or a line of points, gets a width from its place).
fn extent_of(points: impl Iterator<Item = Vec2>) -> Viewport {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in points.filter(|p| p[0].is_finite() && p[1].is_finite()) {
        for d in 0..2 {
            lo[d] = lo[d].min(p[d]);
            hi[d] = hi[d].max(p[d]);
        }
    }
    if lo[0] > hi[0] {
        return Viewport { x: (-1.0, 1.0), y: (-1.0, 1.0) };
    }
    let side = |d: usize| {
        let size = hi[d] - lo[d];
        let size = if size > 0.0 { size } else { 1e-3 * (1.0 + lo[d].abs()).max(1.0) };
        let pad = PLANE_MARGIN * size;
        (lo[d] - pad, hi[d] + pad)
    };
    Viewport { x: side(0), y: side(1) }
}

/// The loss on the plane at each pixel's centre, row by row from the top,
/// filled in as rows arrive.
#[derive(Debug, Clone)]
pub struct PlaneGrid {
    /// The plot's pixels and view it is computed for.
    pub plot: PlotGeometry,
    /// Which placing's plane.
    pub plane: u64,
    /// The values, NaN until computed.
    pub values: Vec<f64>,
    /// Rows computed so far.
    pub rows_done: usize,
}

impl PlaneGrid {
    /// Whether every row has arrived.
    pub fn complete(&self) -> bool {
        self.rows_done == self.plot.pixels.1
    }
}

/// The job computing a plane's map over a plot: rows of values, by row.
type Filling = Job<(u64, PlotGeometry), (usize, Vec<f64>)>;

/// The plane and its map, and the jobs filling them.
#[derive(Default)]
pub struct PlaneView {
    on: Option<Arc<OnPlane>>,
    /// Why there is no plane, if there is none.
    trouble: Option<String>,
    placing: Option<Job<u64, Result<OnPlane, String>>>,
    /// The generation of runs last placed, whether or not it made a plane.
    tried: Option<u64>,
    grid: Option<PlaneGrid>,
    filling: Option<Filling>,
}

impl PlaneView {
    /// The runs as last placed.
    pub fn on(&self) -> Option<&Arc<OnPlane>> {
        self.on.as_ref()
    }

    /// Why no plane could be made of the runs, if none could.
    pub fn trouble(&self) -> Option<&str> {
        self.trouble.as_deref()
    }

    /// The map as far as it is computed.
    pub fn grid(&self) -> Option<&PlaneGrid> {
        self.grid.as_ref()
    }

    /// Whether the plane or its map is still being computed, and how far:
    /// `Some(None)` while the plane is chosen, then the share of the rows.
    pub fn progress(&self) -> Option<Option<f64>> {
        if self.placing.is_some() {
            return Some(None);
        }
        self.filling.as_ref()?;
        let grid = self.grid.as_ref()?;
        Some(Some(grid.rows_done as f64 / grid.plot.pixels.1.max(1) as f64))
    }

    /// Whether work is under way.
    pub fn working(&self) -> bool {
        self.progress().is_some()
    }

    /// Places the runs of generation `generation` anew, unless they were
    /// placed (or are being placed) already; `wait`: before this returns,
    /// and then true.
    pub fn place(
        &mut self,
        landscape: &Arc<Landscape>,
        choice: &PlaneChoice,
        steps: usize,
        runs: &[Arc<Run>],
        generation: u64,
        wait: bool,
    ) -> bool {
        let placed = self.tried == Some(generation) || self.placing.as_ref().is_some_and(|j| j.key == generation);
        if placed {
            return false;
        }
        let (landscape, choice, runs) = (Arc::clone(landscape), choice.clone(), runs.to_vec());
        let estimate =
            Estimate { what: "this plane".into(), cost: Cost::Runs { work: 0.0, records: 0 }, parts: (1, "plane") };
        let job = Job::admitted(generation, estimate, None, move |sender, _cancel, progress| {
            let on = OnPlane::of(&landscape, &choice, steps, runs, generation);
            progress.part_done();
            let _ = sender.send(on);
        });
        self.placing = Some(job);
        if wait {
            while self.placing.is_some() {
                std::thread::sleep(std::time::Duration::from_millis(1));
                self.take_placing();
            }
        }
        wait
    }

    /// Takes in a plane that was placed; true if it arrived.
    fn take_placing(&mut self) -> bool {
        let Some(job) = &mut self.placing else { return false };
        let generation = job.key;
        let parts = job.take();
        let finished = job.is_finished();
        let mut arrived = false;
        for part in parts {
            arrived = true;
            match part {
                Ok(on) => {
                    self.on = Some(Arc::new(on));
                    self.trouble = None;
                }
                Err(trouble) => {
                    self.on = None;
                    self.trouble = Some(trouble);
                }
            }
        }
        if finished || arrived {
            self.placing = None;
            self.tried = Some(generation);
        }
        arrived
    }

    /// Takes in what arrived, then starts the map of the plane over `plot`
    /// unless it is that one already; true if anything changed.
    pub fn update(&mut self, landscape: &Arc<Landscape>, plot: Option<PlotGeometry>, report: &Report) -> bool {
        if self.take_placing() {
            // The view follows the plane: its map waits for the plot laid out anew.
            return true;
        }
        let mut changed = false;
        let (Some(on), Some(plot)) = (&self.on, plot) else { return changed };
        let key = (on.id, plot);
        if self.filling.as_ref().is_none_or(|j| j.key != key)
            && self.grid.as_ref().is_none_or(|g| (g.plane, g.plot) != key)
        {
            self.filling = Some(fill(landscape, on, plot, report));
            let (width, height) = plot.pixels;
            self.grid = Some(PlaneGrid { plot, plane: on.id, values: vec![f64::NAN; width * height], rows_done: 0 });
            changed = true;
        }
        if let (Some(job), Some(grid)) = (&mut self.filling, &mut self.grid) {
            let rows = job.take();
            let width = grid.plot.pixels.0;
            for (j, row) in &rows {
                grid.values[j * width..(j + 1) * width].copy_from_slice(row);
                grid.rows_done += 1;
            }
            changed |= !rows.is_empty();
            if job.is_finished() {
                if let Some(refusal) = job.refusal() {
                    self.trouble = Some(refusal.to_string());
                }
                self.filling = None;
                changed = true;
            }
        }
        changed
    }
}

/// Starts computing the loss at each pixel of `plot` on the plane.
fn fill(landscape: &Arc<Landscape>, on: &Arc<OnPlane>, plot: PlotGeometry, report: &Report) -> Filling {
    let (width, height) = plot.pixels;
    let view = plot.view;
    let work = (width * height) as f64 * landscape.gradient_cost(None);
    let estimate = Estimate {
        what: "the loss on this plane".into(),
        cost: Cost::Runs { work, records: 0 },
        parts: (height, "rows"),
    };
    let (landscape, on) = (Arc::clone(landscape), Arc::clone(on));
    Job::admitted((on.id, plot), estimate, report.clone(), move |sender, cancel, progress| {
        (0..height).into_par_iter().for_each_with(sender, |sender, j| {
            if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            let b = view.y.1 - (j as f64 + 0.5) / height as f64 * (view.y.1 - view.y.0);
            let row = (0..width)
                .map(|i| {
                    let a = view.x.0 + (i as f64 + 0.5) / width as f64 * (view.x.1 - view.x.0);
                    on.plane.value(&landscape, [a, b])
                })
                .collect();
            progress.part_done();
            let _ = sender.send((j, row));
        });
    })
}
