//! The interactive view's state: playback, selection, viewport, overlays.
//! The mathematics stays in the core runs; this only decides what to show.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::core::Vec2;
use crate::core::optim::Optimizer;
use crate::core::run::{Run, RunSpec};
use crate::core::scenario::{Layout, Rgb, Scenario};
use crate::lessons::{LESSONS, Lesson};
use crate::report;
use crate::storage::write_fresh;

use super::action::Action;
use super::job::Job;
use super::theme::{ColorMode, PALETTE};
use super::view::ViewCache;
use crate::core::analysis::{self, BasinPoint, SweepPoint};

/// Playback speeds, in steps per second.
pub const SPEEDS: [f64; 8] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0];
const DEFAULT_SPEED: usize = 3;
/// At most this many frames a second while playing.
const MAX_FPS: f64 = 60.0;
/// One zoom step scales the view by this.
const ZOOM: f64 = 1.25;

/// Whether steps advance on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Waiting for keys.
    Paused,
    /// Advancing at the chosen speed.
    Playing,
}

/// What is drawn over the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key table.
    Help,
    /// The list of lessons and files to open.
    Picker,
}

/// What a start of the basin map led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasinCell {
    /// Known minimum i.
    Minimum(usize),
    /// Somewhere that is not a known minimum (yet).
    Elsewhere,
    /// Off to infinity.
    Diverged,
}

impl BasinCell {
    fn of(point: &BasinPoint) -> Self {
        match (point.minimum, point.status) {
            (Some(i), _) => BasinCell::Minimum(i),
            (None, "diverged") => BasinCell::Diverged,
            (None, _) => BasinCell::Elsewhere,
        }
    }
}

/// What a basin map is computed for.
#[derive(Debug, Clone, PartialEq)]
pub struct BasinKey {
    spec: RunSpec,
    view: Viewport,
    width: usize,
    height: usize,
    landscape: u64,
}

/// A basin map over the plot's pixels, filled in as rows arrive.
#[derive(Debug, Clone)]
pub struct BasinMap {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// Row by row from the top; `None` until computed.
    pub cells: Vec<Option<BasinCell>>,
    /// Rows computed so far.
    pub rows_done: usize,
}

/// What a sweep is computed for (the learning rate aside).
#[derive(Debug, Clone, PartialEq)]
pub struct SweepKey {
    spec: RunSpec,
    landscape: u64,
}

/// A sweep's learning rates and, as they arrive, their outcomes.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The learning rates, ascending.
    pub rates: Vec<f64>,
    /// The outcome at each rate, once computed.
    pub points: Vec<Option<SweepPoint>>,
}

/// Computes a basin map row by row: (row index, its cells).
type BasinJob = Job<BasinKey, (usize, Vec<BasinCell>)>;
/// Computes a sweep rate by rate: (rate index, its outcome).
type SweepJob = Job<SweepKey, (usize, SweepPoint)>;

/// Learning rates a sweep in the view tries.
const SWEEP_POINTS: usize = 60;

/// Where a picker entry's scenario comes from.
#[derive(Debug, Clone)]
pub enum PickerSource {
    /// A lesson compiled into the binary.
    Lesson(&'static Lesson),
    /// A file on disk.
    File(PathBuf),
}

/// One scenario the picker offers.
#[derive(Debug, Clone)]
pub struct PickerEntry {
    /// The scenario's name (or the problem reading it).
    pub title: String,
    /// Where it comes from, as shown.
    pub origin: String,
    /// Where to load it from.
    pub source: PickerSource,
}

/// The picker's entries and selection.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// What can be opened.
    pub entries: Vec<PickerEntry>,
    /// The highlighted entry.
    pub selected: usize,
}

/// The part of parameter space on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Visible x range.
    pub x: (f64, f64),
    /// Visible y range (2-D only; 1-D plots fit f's range).
    pub y: (f64, f64),
}

impl Viewport {
    fn zoomed(self, factor: f64, center: Vec2) -> Self {
        let z = |(lo, hi): (f64, f64), c: f64| (c + (lo - c) / factor, c + (hi - c) / factor);
        Viewport { x: z(self.x, center[0]), y: z(self.y, center[1]) }
    }

    fn center(&self) -> Vec2 {
        [(self.x.0 + self.x.1) / 2.0, (self.y.0 + self.y.1) / 2.0]
    }

    /// Moves by fractions of the view's size.
    pub fn panned(self, right: f64, up: f64) -> Self {
        let dx = (self.x.1 - self.x.0) * right;
        let dy = (self.y.1 - self.y.0) * up;
        Viewport { x: (self.x.0 + dx, self.x.1 + dx), y: (self.y.0 + dy, self.y.1 + dy) }
    }
}

/// The interactive view's state.
pub struct App {
    scenario: Scenario,
    runs: Vec<Run>,
    step: usize,
    mode: Mode,
    overlay: Overlay,
    speed: usize,
    selected: usize,
    layout: Layout,
    view: Viewport,
    colors: ColorMode,
    message: Option<String>,
    quit: bool,
    /// Fractional steps owed to playback.
    step_debt: f64,
    /// Counts changes to the runs, so that views can cache what they derive.
    generation: u64,
    /// Counts changes of scenario (and so of landscape).
    landscape_generation: u64,
    /// Whether the step breakdown replaces the loss chart.
    explain: bool,
    /// The picker's contents while it is open.
    picker: Picker,
    /// The scenario file's modification time and size when last read.
    file_stamp: Option<(SystemTime, u64)>,
    /// Whether the basin map is shown.
    show_basins: bool,
    /// The basin map being computed or shown, and the job filling it.
    basins: Option<(BasinMap, BasinJob)>,
    /// Whether the sweep replaces the loss chart.
    show_sweep: bool,
    /// The sweep being computed or shown, and the job filling it.
    sweep: Option<(Sweep, SweepJob)>,
    /// Where a left-button drag started, and whether it moved.
    drag: Option<((u16, u16), bool)>,
    /// What drawing keeps between frames.
    pub(crate) cache: RefCell<ViewCache>,
}

impl App {
    /// The view of a scenario at step 0, every run computed.
    pub fn new(scenario: Scenario, colors: ColorMode) -> Self {
        let runs = scenario.computed_runs();
        let domain = scenario.landscape.domain();
        let view = Viewport { x: domain.x, y: domain.y.unwrap_or((0.0, 1.0)) };
        let mode = if scenario.autoplay { Mode::Playing } else { Mode::Paused };
        let layout = scenario.layout;
        let file_stamp = scenario.path.as_deref().and_then(stamp);
        App {
            scenario,
            runs,
            step: 0,
            mode,
            overlay: Overlay::None,
            speed: DEFAULT_SPEED,
            selected: 0,
            layout,
            view,
            colors,
            message: None,
            quit: false,
            step_debt: 0.0,
            generation: 0,
            landscape_generation: 0,
            explain: false,
            picker: Picker::default(),
            file_stamp,
            show_basins: false,
            basins: None,
            show_sweep: false,
            sweep: None,
            drag: None,
            cache: RefCell::new(ViewCache::default()),
        }
    }

    /// The scenario shown.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Every optimizer's run.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The step shown.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The scenario's total number of steps.
    pub fn total_steps(&self) -> usize {
        self.scenario.steps
    }

    /// Playing or paused.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The open overlay.
    pub fn overlay(&self) -> Overlay {
        self.overlay
    }

    /// Steps per second while playing.
    pub fn speed(&self) -> f64 {
        SPEEDS[self.speed]
    }

    /// The selected optimizer's index.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Overlay or split.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The visible part of parameter space.
    pub fn viewport(&self) -> Viewport {
        self.view
    }

    /// How much colour the terminal shows.
    pub fn colors(&self) -> ColorMode {
        self.colors
    }

    /// A one-line message for the status bar, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Optimizer i's colour: the scenario's, or the palette's.
    pub fn color_of(&self, i: usize) -> Rgb {
        self.scenario.optimizers[i].color.unwrap_or(PALETTE[i % PALETTE.len()])
    }

    /// Optimizer i's label.
    pub fn label_of(&self, i: usize) -> &str {
        &self.scenario.optimizers[i].label
    }

    /// How long playback waits before its next step, or `None` when paused.
    pub fn tick_interval(&self) -> Option<Duration> {
        (self.mode == Mode::Playing).then(|| Duration::from_secs_f64((1.0 / self.speed()).max(1.0 / MAX_FPS)))
    }

    /// Advances playback by the time elapsed.
    pub fn tick(&mut self, elapsed: Duration) {
        if self.mode != Mode::Playing {
            return;
        }
        self.step_debt += elapsed.as_secs_f64() * self.speed();
        let whole = self.step_debt.floor();
        self.step_debt -= whole;
        self.go_to(self.step.saturating_add(whole as usize));
        if self.step >= self.total_steps() {
            self.mode = Mode::Paused;
        }
    }

    /// Shows step `step`, announcing any run that ended on the way there.
    fn go_to(&mut self, step: usize) {
        let (old, new) = (self.step, step.min(self.total_steps()));
        self.step = new;
        if new <= old {
            return;
        }
        let events: Vec<String> = self
            .runs
            .iter()
            .enumerate()
            .filter(|(_, run)| run.status().name() != "max_steps")
            .filter_map(|(i, run)| {
                let at = run.status().step()?;
                (old < at && at <= new).then(|| match run.status() {
                    crate::core::run::Status::Stopped { step, reason } => {
                        format!("{} stopped at step {step}: {reason}", self.label_of(i))
                    }
                    status => format!("{} {}", self.label_of(i), status.describe()),
                })
            })
            .collect();
        if !events.is_empty() {
            self.message = Some(events.join("; "));
        }
    }

    /// Carries out an action.
    pub fn apply(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::TogglePlay => self.toggle_play(),
            Action::Step(n) => {
                self.mode = Mode::Paused;
                let target = if n >= 0 {
                    self.step.saturating_add(n as usize)
                } else {
                    self.step.saturating_sub(n.unsigned_abs() as usize)
                };
                self.go_to(target);
            }
            Action::FirstStep => self.go_to(0),
            Action::LastStep => self.go_to(self.total_steps()),
            Action::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Action::Slower => self.speed = self.speed.saturating_sub(1),
            Action::SelectNext => self.selected = (self.selected + 1) % self.runs.len(),
            Action::SelectPrevious => self.selected = (self.selected + self.runs.len() - 1) % self.runs.len(),
            Action::Select(i) if i < self.runs.len() => self.selected = i,
            Action::Select(_) => {}
            Action::RaiseLearningRate => self.change_learning_rate(true),
            Action::LowerLearningRate => self.change_learning_rate(false),
            Action::RaiseMomentum => self.change_momentum(0.05),
            Action::LowerMomentum => self.change_momentum(-0.05),
            Action::ResetHyperparameters => self.reset_hyperparameters(),
            Action::ToggleLayout => {
                self.layout = match self.layout {
                    Layout::Overlay => Layout::Split,
                    Layout::Split => Layout::Overlay,
                }
            }
            Action::ZoomIn => self.zoom(ZOOM, self.view.center()),
            Action::ZoomOut => self.zoom(1.0 / ZOOM, self.view.center()),
            Action::Pan(right, up) => self.view = self.view.panned(f64::from(right) * 0.1, f64::from(up) * 0.1),
            Action::ResetView => {
                let d = self.scenario.landscape.domain();
                self.view = Viewport { x: d.x, y: d.y.unwrap_or((0.0, 1.0)) };
            }
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help { Overlay::None } else { Overlay::Help };
            }
            Action::Back => {
                if self.overlay != Overlay::None {
                    self.overlay = Overlay::None;
                } else if self.explain || self.show_sweep || self.show_basins {
                    (self.explain, self.show_sweep, self.show_basins) = (false, false, false);
                } else {
                    self.quit = true;
                }
            }
            Action::ToggleExplain => {
                self.explain = !self.explain;
                self.show_sweep &= !self.explain;
            }
            Action::ToggleBasins => {
                if self.scenario.landscape.dim() == 2 {
                    self.show_basins = !self.show_basins;
                } else {
                    self.message =
                        Some("basins are mapped for 2-D landscapes; this one is 1-D (s sweeps learning rates)".into());
                }
            }
            Action::ToggleSweep => {
                self.show_sweep = !self.show_sweep;
                self.explain &= !self.show_sweep;
            }
            Action::Reload => self.reload(),
            Action::OpenPicker => self.open_picker(),
            Action::PickerMove(n) => {
                let last = self.picker.entries.len().saturating_sub(1) as i64;
                self.picker.selected = (self.picker.selected as i64 + i64::from(n)).clamp(0, last) as usize;
            }
            Action::PickerChoose => self.choose_picked(),
            Action::Save => {
                self.save();
            }
            Action::ExportCsv => {
                self.export(false);
            }
            Action::ExportJson => {
                self.export(true);
            }
            Action::Quit => self.quit = true,
        }
    }

    fn toggle_play(&mut self) {
        self.mode = match self.mode {
            Mode::Playing => Mode::Paused,
            Mode::Paused => {
                if self.step >= self.total_steps() {
                    self.step = 0;
                }
                self.step_debt = 0.0;
                Mode::Playing
            }
        };
    }

    /// Zooms by `factor` around a point of parameter space.
    pub fn zoom(&mut self, factor: f64, center: Vec2) {
        let zoomed = self.view.zoomed(factor, center);
        let width = zoomed.x.1 - zoomed.x.0;
        // Stay where plotting is meaningful in f64.
        if width > 1e-9 * (1.0 + zoomed.x.0.abs()) && width < 1e9 {
            self.view = zoomed;
        }
    }

    /// Pans so that the view moves by a fraction of its size.
    pub fn pan_by(&mut self, right: f64, up: f64) {
        self.view = self.view.panned(right, up);
    }

    fn replace_spec(&mut self, i: usize, spec: RunSpec) {
        self.runs[i].set_spec(spec);
        self.generation += 1;
    }

    /// Changes whenever any run is recomputed.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn change_learning_rate(&mut self, up: bool) {
        let i = self.selected;
        let mut spec = self.runs[i].spec().clone();
        spec.optimizer.lr = if up { lr_ladder_up(spec.optimizer.lr) } else { lr_ladder_down(spec.optimizer.lr) };
        self.message = Some(format!("{}: lr={}", self.label_of(i), format_number(spec.optimizer.lr)));
        self.replace_spec(i, spec);
    }

    fn change_momentum(&mut self, delta: f64) {
        let i = self.selected;
        let mut spec = self.runs[i].spec().clone();
        let Some(m) = spec.optimizer.momentum_like() else {
            self.message = Some(format!("{} has no momentum to change", self.label_of(i)));
            return;
        };
        spec.optimizer.set_momentum_like(((m.value + delta) * 100.0).round() / 100.0);
        let now = spec.optimizer.momentum_like().map_or(m.value, |m| m.value);
        self.message = Some(format!("{}: {}={}", self.label_of(i), m.name, format_number(now)));
        self.replace_spec(i, spec);
    }

    fn reset_hyperparameters(&mut self) {
        for (i, entry) in self.scenario.optimizers.iter().enumerate() {
            if self.runs[i].spec() != &entry.spec {
                self.runs[i].set_spec(entry.spec.clone());
                self.generation += 1;
            }
        }
        self.message = Some("hyperparameters and starts reset to the scenario's".into());
    }

    /// Restarts every optimizer from a point, keeping the step shown.
    pub fn restart_from(&mut self, start: Vec2) {
        for i in 0..self.runs.len() {
            let mut spec = self.runs[i].spec().clone();
            spec.start = start;
            self.replace_spec(i, spec);
        }
        let shown = if self.scenario.landscape.dim() == 1 {
            format_number(start[0])
        } else {
            format!("({}, {})", format_number(start[0]), format_number(start[1]))
        };
        self.message = Some(format!("every optimizer restarted from {shown}"));
    }

    /// A left button went down at a cell.
    pub fn press(&mut self, at: (u16, u16)) {
        self.drag = Some((at, false));
    }

    /// The mouse moved to a cell with the left button down: pan the view so
    /// that the landscape follows the pointer.
    pub fn drag_to(&mut self, at: (u16, u16)) {
        let Some((from, _)) = self.drag else { return };
        let Some(plot) = self.cache.borrow().plot_at(from) else { return };
        let dx = f64::from(at.0) - f64::from(from.0);
        let dy = f64::from(at.1) - f64::from(from.1);
        if dx != 0.0 || dy != 0.0 {
            self.pan_by(-dx / f64::from(plot.width.max(1)), dy / f64::from(plot.height.max(1)));
            self.drag = Some((at, true));
        }
    }

    /// The left button came up: a click without a drag on a plot restarts there.
    pub fn release(&mut self, at: (u16, u16)) {
        let dragged = self.drag.take().is_some_and(|(_, moved)| moved);
        if !dragged && let Some(point) = self.point_at(at) {
            self.restart_from(point);
        }
    }

    /// The wheel turned over a cell: zoom around the point under it.
    pub fn wheel(&mut self, at: (u16, u16), zoom_in: bool) {
        let center = self.point_at(at).unwrap_or_else(|| self.view.center());
        self.zoom(if zoom_in { ZOOM } else { 1.0 / ZOOM }, center);
    }

    /// The point of parameter space under a cell of a plot, if any.
    pub fn point_at(&self, at: (u16, u16)) -> Option<Vec2> {
        let plot = self.cache.borrow().plot_at(at)?;
        let fx = (f64::from(at.0 - plot.x) + 0.5) / f64::from(plot.width);
        let fy = (f64::from(at.1 - plot.y) + 0.5) / f64::from(plot.height);
        let x = self.view.x.0 + fx * (self.view.x.1 - self.view.x.0);
        if self.scenario.landscape.dim() == 1 {
            return Some([x, 0.0]);
        }
        Some([x, self.view.y.1 - fy * (self.view.y.1 - self.view.y.0)])
    }

    /// The basin map of the selected optimizer, when shown.
    pub fn basin_map(&self) -> Option<&BasinMap> {
        self.basins.as_ref().filter(|_| self.show_basins).map(|(map, _)| map)
    }

    /// The learning-rate sweep of the selected optimizer, when shown.
    pub fn sweep(&self) -> Option<&Sweep> {
        self.sweep.as_ref().filter(|_| self.show_sweep).map(|(sweep, _)| sweep)
    }

    /// Whether background work is under way (the loop then wakes often).
    pub fn working(&self) -> bool {
        (self.show_basins && self.basins.as_ref().is_some_and(|(_, job)| !job.is_finished()))
            || (self.show_sweep && self.sweep.as_ref().is_some_and(|(_, job)| !job.is_finished()))
    }

    /// Starts, restarts or reads back background work for what is shown;
    /// true if there is something new to draw.
    pub fn update_background(&mut self) -> bool {
        let mut changed = false;
        if self.show_basins && self.scenario.landscape.dim() == 2 {
            changed |= self.update_basins();
        }
        if self.show_sweep {
            changed |= self.update_sweep();
        }
        changed
    }

    fn update_basins(&mut self) -> bool {
        let Some((width, height)) = self.cache.borrow().selected_plot_pixels() else { return false };
        let key = BasinKey {
            spec: self.runs[self.selected].spec().clone(),
            view: self.view,
            width,
            height,
            landscape: self.landscape_generation,
        };
        let stale = self.basins.as_ref().is_none_or(|(_, job)| job.key != key);
        if stale {
            let landscape = std::sync::Arc::clone(&self.scenario.landscape);
            let domain = crate::core::landscape::Domain { x: self.view.x, y: Some(self.view.y) };
            let spec = key.spec.clone();
            let job = Job::start(key, move |sender, cancel| {
                use rayon::prelude::*;
                (0..height).into_par_iter().for_each_with(sender, |sender, j| {
                    if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    let row = analysis::basin_row(&landscape, &spec, domain, width, height, j);
                    let _ = sender.send((j, row.iter().map(BasinCell::of).collect()));
                });
            });
            let map = BasinMap { width, height, cells: vec![None; width * height], rows_done: 0 };
            self.basins = Some((map, job));
        }
        let Some((map, job)) = &mut self.basins else { return stale };
        let rows = job.take();
        for (j, row) in &rows {
            for (i, cell) in row.iter().enumerate() {
                map.cells[j * map.width + i] = Some(*cell);
            }
            map.rows_done += 1;
        }
        stale || !rows.is_empty()
    }

    fn update_sweep(&mut self) -> bool {
        let mut spec = self.runs[self.selected].spec().clone();
        // The range stays put while the rate is tuned: it is set by the scenario's rate.
        let base_lr = self.scenario.optimizers[self.selected].spec.optimizer.lr;
        spec.optimizer.lr = base_lr;
        let key = SweepKey { spec, landscape: self.landscape_generation };
        let stale = self.sweep.as_ref().is_none_or(|(_, job)| job.key != key);
        if stale {
            let (lo, hi) = analysis::default_range(base_lr);
            let rates = analysis::log_spaced(lo, hi, SWEEP_POINTS);
            let landscape = std::sync::Arc::clone(&self.scenario.landscape);
            let (spec, job_rates) = (key.spec.clone(), rates.clone());
            let job = Job::start(key, move |sender, cancel| {
                use rayon::prelude::*;
                job_rates.par_iter().enumerate().for_each_with(sender, |sender, (i, &lr)| {
                    if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    let point = analysis::sweep(&landscape, &spec, &[lr]).remove(0);
                    let _ = sender.send((i, point));
                });
            });
            let points = vec![None; rates.len()];
            self.sweep = Some((Sweep { rates, points }, job));
        }
        let Some((sweep, job)) = &mut self.sweep else { return stale };
        let parts = job.take();
        for (i, point) in &parts {
            sweep.points[*i] = Some(point.clone());
        }
        stale || !parts.is_empty()
    }

    /// Whether the step breakdown is shown.
    pub fn explaining(&self) -> bool {
        self.explain
    }

    /// The picker's entries and selection.
    pub fn picker(&self) -> &Picker {
        &self.picker
    }

    /// Changes whenever the scenario (and so the landscape) is replaced.
    pub fn landscape_generation(&self) -> u64 {
        self.landscape_generation
    }

    /// The file the scenario was read from, if any.
    pub fn source(&self) -> Option<&Path> {
        self.scenario.path.as_deref()
    }

    /// Reloads the scenario if its file changed on disk; true if anything
    /// on screen changed.
    pub fn check_file(&mut self) -> bool {
        let Some(path) = self.source() else { return false };
        let now = stamp(path);
        if now.is_some() && now != self.file_stamp {
            self.reload();
            return true;
        }
        false
    }

    /// Reads the scenario file again. An invalid file keeps the scenario
    /// shown and reports the error.
    pub fn reload(&mut self) {
        let Some(path) = self.source().map(Path::to_path_buf) else {
            self.message = Some("this lesson is built in: there is no file to reload (w saves a copy to edit)".into());
            return;
        };
        self.file_stamp = stamp(&path);
        match Scenario::load(&path) {
            Ok(scenario) => {
                self.replace_scenario(scenario);
                self.message = Some(format!("reloaded {}", path.display()));
            }
            Err(e) => self.message = Some(format!("{e} (still showing the previous version)")),
        }
    }

    /// Shows another scenario, keeping the step (as far as it goes), the
    /// selection and, if the domain is the same, the view.
    pub fn replace_scenario(&mut self, scenario: Scenario) {
        let same_domain = scenario.landscape.domain() == self.scenario.landscape.domain();
        self.file_stamp = scenario.path.as_deref().and_then(stamp);
        self.runs = scenario.computed_runs();
        self.scenario = scenario;
        self.step = self.step.min(self.total_steps());
        self.selected = self.selected.min(self.runs.len() - 1);
        if !same_domain {
            self.apply(Action::ResetView);
        }
        self.generation += 1;
        self.landscape_generation += 1;
    }

    fn open_picker(&mut self) {
        let mut entries = Vec::new();
        let folder =
            self.source().and_then(Path::parent).map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
        let mut files: Vec<PathBuf> = folder
            .and_then(|dir| std::fs::read_dir(dir).ok())
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for path in &files {
            let title = match Scenario::load(path) {
                Ok(s) => s.name,
                Err(_) => "(not a valid scenario)".into(),
            };
            entries.push(PickerEntry {
                title,
                origin: path.display().to_string(),
                source: PickerSource::File(path.clone()),
            });
        }
        // Built-in lessons not already there as files.
        for lesson in LESSONS {
            if files.iter().any(|f| f.file_name().is_some_and(|n| n == lesson.file)) {
                continue;
            }
            let title = lesson.scenario().map_or_else(|_| lesson.file.to_string(), |s| s.name);
            entries.push(PickerEntry {
                title,
                origin: format!("lesson {}", lesson.stem()),
                source: PickerSource::Lesson(lesson),
            });
        }
        let current = self.scenario.path.clone();
        let selected = entries
            .iter()
            .position(|e| match &e.source {
                PickerSource::File(p) => Some(p) == current.as_ref(),
                PickerSource::Lesson(l) => current.is_none() && l.stem() == self.scenario.stem,
            })
            .unwrap_or(0);
        self.picker = Picker { entries, selected };
        self.overlay = Overlay::Picker;
    }

    fn choose_picked(&mut self) {
        let Some(entry) = self.picker.entries.get(self.picker.selected).cloned() else { return };
        let loaded = match &entry.source {
            PickerSource::Lesson(lesson) => lesson.scenario(),
            PickerSource::File(path) => Scenario::load(path),
        };
        match loaded {
            Ok(scenario) => {
                self.step = 0;
                self.mode = if scenario.autoplay { Mode::Playing } else { Mode::Paused };
                self.layout = scenario.layout;
                self.replace_scenario(scenario);
                self.apply(Action::ResetView);
                self.overlay = Overlay::None;
                self.message = Some(format!("opened {}", entry.origin));
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Where new files go: beside the scenario file, or the current folder.
    fn output_folder(&self) -> PathBuf {
        match self.source().and_then(Path::parent) {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Writes the scenario as tuned (hyperparameters, starts, layout) to a new file.
    pub fn save(&mut self) -> Option<PathBuf> {
        let specs: Vec<RunSpec> = self.runs.iter().map(|r| r.spec().clone()).collect();
        let json = self.scenario.to_json(&specs, self.layout);
        let mut text = serde_json::to_string_pretty(&json).expect("JSON values always serialise");
        text.push('\n');
        let stem = format!("{}-tuned", self.scenario.stem);
        self.write(&stem, "json", text.as_bytes(), "scenario")
    }

    /// Writes every run's trajectory to a new file, in the shape of `losscape run`.
    pub fn export(&mut self, json: bool) -> Option<PathBuf> {
        let mut bytes = Vec::new();
        let written = if json {
            report::write_json(&mut bytes, &self.scenario, &self.runs)
        } else {
            report::write_csv(&mut bytes, &self.scenario, &self.runs)
        };
        if let Err(e) = written {
            self.message = Some(format!("cannot export: {e}"));
            return None;
        }
        let stem = format!("{}-trajectories", self.scenario.stem);
        self.write(&stem, if json { "json" } else { "csv" }, &bytes, "trajectories")
    }

    fn write(&mut self, stem: &str, extension: &str, bytes: &[u8], what: &str) -> Option<PathBuf> {
        match write_fresh(&self.output_folder(), stem, extension, bytes) {
            Ok(path) => {
                self.message = Some(format!("wrote {what} to {}", path.display()));
                Some(path)
            }
            Err(e) => {
                self.message = Some(format!("cannot write {what} to {}: {e}", self.output_folder().display()));
                None
            }
        }
    }

    /// The optimizer's current learning rate and momentum-like value.
    pub fn optimizer_of(&self, i: usize) -> &Optimizer {
        &self.runs[i].spec().optimizer
    }
}

/// A file's modification time and size, to notice edits.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The next learning rate above `lr` on the ladder 1, 2, 5 per decade.
pub fn lr_ladder_up(lr: f64) -> f64 {
    ladder(lr).into_iter().find(|&v| v > lr * (1.0 + 1e-9)).unwrap_or(lr)
}

/// The next learning rate below `lr` on the ladder.
pub fn lr_ladder_down(lr: f64) -> f64 {
    ladder(lr).into_iter().rev().find(|&v| v < lr * (1.0 - 1e-9)).unwrap_or(lr)
}

/// Rungs of the ladder around `lr`, ascending, each correctly rounded.
fn ladder(lr: f64) -> Vec<f64> {
    let k = lr.log10().floor() as i32;
    let mut rungs = Vec::new();
    for decade in (k - 1)..=(k + 1) {
        for m in [1.0, 2.0, 5.0] {
            // Dividing by an exact power of ten keeps 5e-4 exactly 0.0005.
            let v = if decade < 0 { m / 10f64.powi(-decade) } else { m * 10f64.powi(decade) };
            if v.is_finite() && v > 0.0 {
                rungs.push(v);
            }
        }
    }
    rungs
}

/// A number in at most about seven characters: 0.001, 1.5e-7, 12.34, 0.9.
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let a = v.abs();
    if (1e-3..1e5).contains(&a) {
        let digits = if a >= 100.0 {
            1
        } else if a >= 1.0 {
            3
        } else {
            4
        };
        let s = format!("{v:.digits$}");
        let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
        s.to_string()
    } else {
        let s = format!("{v:.2e}");
        // 1.50e-7 -> 1.5e-7
        match s.split_once('e') {
            Some((mantissa, exp)) => {
                let m = if mantissa.contains('.') {
                    mantissa.trim_end_matches('0').trim_end_matches('.')
                } else {
                    mantissa
                };
                format!("{m}e{exp}")
            }
            None => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_steps_through_one_two_five() {
        assert_eq!(lr_ladder_up(0.001), 0.002);
        assert_eq!(lr_ladder_up(0.002), 0.005);
        assert_eq!(lr_ladder_up(0.005), 0.01);
        assert_eq!(lr_ladder_down(0.001), 0.0005);
        assert_eq!(lr_ladder_down(0.0005), 0.0002);
        // Off-ladder values go to the nearest rung in that direction.
        assert_eq!(lr_ladder_up(0.003), 0.005);
        assert_eq!(lr_ladder_down(0.003), 0.002);
        assert_eq!(lr_ladder_up(1.0), 2.0);
        assert_eq!(lr_ladder_down(1.0), 0.5);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(format_number(0.001), "0.001");
        assert_eq!(format_number(0.0005), "5e-4");
        assert_eq!(format_number(1.5e-7), "1.5e-7");
        assert_eq!(format_number(12.3456), "12.346");
        assert_eq!(format_number(0.9), "0.9");
        assert_eq!(format_number(2509.0), "2509");
        assert_eq!(format_number(-0.25), "-0.25");
        assert_eq!(format_number(f64::NAN), "NaN");
    }
}
