//! The interactive view's state: the scenario and its runs, the step shown,
//! playback, selection, what is shown and how, and `apply(Action)`. The
//! mathematics stays in the core runs, the drawing in the views; this knows
//! nothing of either's insides.

mod computing;
mod edits;
mod io;
pub use io::{Request, finish_recording};
mod plane;
pub use plane::OffPlane;
mod playback;
pub use playback::StartSpeed;
mod tuning;
mod view;

pub use tuning::{lr_ladder_down, lr_ladder_up};

use std::path::Path;
use std::sync::Arc;

use crate::core::optim::Optimizer;
use crate::core::run::{Run, RunSpec};
pub use crate::core::scenario::Panel;
use crate::core::scenario::{Arrows, ChartQuantity, Layout, Rgb, Scenario};

use super::action::Action;
use super::command::CommandLine;
use super::files::{self, Picker};
use super::jobs::basins::Basins;
use super::jobs::sweep::Sweep;
use super::theme::{PALETTE, Theme};
use super::viewport::Viewport;

/// Playback speeds, in steps per second.
pub const SPEEDS: [f64; 8] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0];
const DEFAULT_SPEED: usize = 3;
/// At most this many frames a second while playing.
const MAX_FPS: f64 = 60.0;
/// One zoom step scales the view by this.
const ZOOM: f64 = 1.25;
/// Room left around points that the view is widened to include.
const MARGIN: f64 = 0.06;

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
    /// The command line, in the status bar.
    Command,
}

/// The interactive view's state.
pub struct App {
    scenario: Scenario,
    runs: Vec<Arc<Run>>,
    /// What the chart reads of each run, as far as it is computed.
    extremes: Vec<crate::tui::jobs::extremes::Extremes>,
    /// Each run still being computed, by optimizer.
    computing: Vec<Option<crate::tui::jobs::runs::RunJob>>,
    /// Whether runs are computed while the view goes on (the live view),
    /// or waited for (headless).
    background: bool,
    /// The percent of each run being computed, as last drawn.
    progress_shown: Vec<u32>,
    /// What to say once the runs being computed have ended.
    pending: Option<computing::Pending>,
    /// An export being written.
    export: Option<crate::tui::jobs::export::Export>,
    /// A picture of the screen being encoded and written.
    picture: Option<crate::tui::jobs::picture::Picture>,
    /// The percent of the export, as last drawn.
    export_shown: u32,
    /// An export asked for while runs were being computed: JSON or CSV.
    export_queued: Option<bool>,
    /// Where the last export waited for was written.
    exported: Option<std::path::PathBuf>,
    step: usize,
    mode: Mode,
    overlay: Overlay,
    panel: Panel,
    chart: ChartQuantity,
    /// The chart's x axis counts evaluations.
    chart_by_evals: bool,
    speed: usize,
    selected: usize,
    layout: Layout,
    /// The part of parameter space the user has zoomed and panned to.
    view: Viewport,
    follow: bool,
    equal_aspect: bool,
    arrows: Arrows,
    fade: bool,
    /// Presenter mode: the plot large, no hints, no fading.
    presenter: bool,
    hidden: Vec<bool>,
    /// The first line of the help shown.
    help_scroll: usize,
    /// Whether the lesson's text is shown over the view as it opens (the
    /// live view, until a key is pressed).
    intro: bool,
    /// The line being typed after `:`.
    command: CommandLine,
    /// The lines run before, oldest first.
    history: Vec<String>,
    /// Each optimizer's label as tuned: keys that change a value it names rename it.
    labels: Vec<String>,
    /// Which scenario is shown: a new id for each scenario read or edited.
    scenario_id: u64,
    /// The state as the scenario was opened (or last read from its file): what `r` returns to.
    loaded: edits::Tuned,
    /// The states before each change, oldest first: what `u` returns to.
    undo: Vec<edits::Change>,
    /// The states after each change undone, latest last: what `U` returns to.
    redo: Vec<edits::Change>,
    theme: Theme,
    message: Option<String>,
    quit: bool,
    /// Fractional steps owed to playback.
    step_debt: f64,
    /// Counts changes to the runs, so that views can cache what they derive.
    generation: u64,
    /// Counts changes of scenario (and so of landscape).
    landscape_generation: u64,
    picker: Picker,
    /// The scenario file's modification time and size when last read.
    file_stamp: Vec<Option<files::FileStamp>>,
    basins: Option<Basins>,
    sweep: Option<Sweep>,
    ratemap: Option<crate::tui::jobs::ratemap::RateMap>,
    /// A network's plane through its weights, and the loss on it.
    plane: crate::tui::jobs::plane::PlaneView,
    /// Where background work reports its progress (standard error without
    /// a terminal; nowhere in the live view, which draws it).
    report: crate::core::budget::Report,
    /// Why the budget last refused background work, if it did.
    refusal: Option<String>,
    /// What the event loop is asked to do with the terminal.
    request: Option<io::Request>,
    /// Whether the screen is being recorded.
    recording: bool,
    /// The plot as a 3-D surface.
    surface: bool,
    /// Where the 3-D view looks from.
    camera: crate::tui::viewport::Camera,
    /// The course `n` and `p` move through, and the place in it last
    /// opened; without one they move through the built-in lessons.
    course: Option<(crate::course::Course, usize)>,
    /// Where playback speed comes from when a scenario opens.
    start_speed: StartSpeed,
}

impl App {
    /// The view of a scenario at step 0, every run computed: each change
    /// waits for the runs it recomputes, as headless callers want.
    pub fn new(scenario: Scenario, theme: impl Into<Theme>) -> Self {
        App::with_background(scenario, theme, false)
    }

    /// The view of a scenario at step 0, its runs computed beside it
    /// (`background`, the live view: nothing waits for them, they are
    /// shown as they arrive; see [`App::update_background`]) or before
    /// each change returns.
    pub fn with_background(scenario: Scenario, theme: impl Into<Theme>, background: bool) -> Self {
        let mut app = App {
            runs: Vec::new(),
            extremes: Vec::new(),
            computing: Vec::new(),
            background,
            progress_shown: Vec::new(),
            pending: None,
            export: None,
            picture: None,
            export_shown: 0,
            export_queued: None,
            exported: None,
            step: 0,
            mode: Mode::Paused,
            overlay: Overlay::None,
            panel: Panel::Chart,
            chart: ChartQuantity::Loss,
            chart_by_evals: false,
            speed: DEFAULT_SPEED,
            selected: 0,
            layout: scenario.layout,
            view: Viewport { x: (0.0, 1.0), y: (0.0, 1.0) },
            follow: false,
            equal_aspect: false,
            arrows: Arrows::Off,
            fade: true,
            presenter: false,
            hidden: Vec::new(),
            help_scroll: 0,
            intro: false,
            command: CommandLine::default(),
            history: Vec::new(),
            labels: Vec::new(),
            scenario_id: 0,
            loaded: edits::Tuned {
                scenario_id: 0,
                scenario: scenario.clone(),
                specs: Vec::new(),
                labels: Vec::new(),
                selected: 0,
            },
            undo: Vec::new(),
            redo: Vec::new(),
            theme: theme.into(),
            message: None,
            quit: false,
            step_debt: 0.0,
            generation: 0,
            landscape_generation: 0,
            picker: Picker::default(),
            file_stamp: Vec::new(),
            basins: None,
            sweep: None,
            ratemap: None,
            plane: Default::default(),
            report: None,
            refusal: None,
            request: None,
            recording: false,
            surface: false,
            camera: crate::tui::viewport::Camera::HOME,
            course: None,
            start_speed: StartSpeed::default(),
            scenario,
        };
        app.open(app.scenario.clone());
        app
    }

    /// Shows a scenario from its start, as its file says to open it.
    fn open(&mut self, scenario: Scenario) {
        let view = scenario.view;
        self.mode = if scenario.autoplay { Mode::Playing } else { Mode::Paused };
        self.layout = scenario.layout;
        self.step = 0;
        self.replace_scenario(scenario);
        self.file_stamp = files::stamps(&self.scenario);
        self.selected = view.select.min(self.runs.len() - 1);
        self.forget_changes();
        self.follow = view.follow;
        self.equal_aspect = view.equal_aspect;
        self.arrows = view.arrows;
        self.chart = view.chart;
        self.chart_by_evals = view.chart_by_evals;
        self.surface = view.surface;
        self.camera = crate::tui::viewport::Camera::HOME;
        self.panel = self.panel_for(view.open);
        let speed = self.start_speed.for_scenario(view.speed);
        self.speed = speed.map_or(DEFAULT_SPEED, |s| SPEEDS.iter().rposition(|&v| v <= s).unwrap_or(0));
        self.step = view.open_step.min(self.total_steps());
        self.view = self.home_view();
        // The live view opens a lesson on its text; a key goes on.
        self.intro = false;
        if self.background {
            self.show_intro();
        }
    }

    /// Shows the lesson's text over the view until the next action, where
    /// the view does not show it whole beside the plot (see
    /// [`App::intro`]); not for a scenario that plays as it opens, or has
    /// no text.
    pub fn show_intro(&mut self) {
        self.intro =
            !self.scenario.autoplay && self.scenario.description.as_deref().is_some_and(|d| !d.trim().is_empty());
    }

    /// Whether the lesson's text is to be shown over the view, as it
    /// opens, where it does not fit whole beside the plot.
    pub fn intro(&self) -> bool {
        self.intro
    }

    /// Shows another scenario, keeping the step (as far as it goes), the
    /// selection and, if the domain is the same, the view.
    pub fn replace_scenario(&mut self, scenario: Scenario) {
        self.labels = scenario.optimizers.iter().map(|o| o.label.clone()).collect();
        self.show(scenario, None);
        // Generations only grow: no two scenarios read or edited share one.
        self.scenario_id = self.landscape_generation;
    }

    /// Shows a scenario with each optimizer's run as `specs` tune it (as
    /// the scenario gives them when `None`).
    fn show(&mut self, scenario: Scenario, specs: Option<Vec<RunSpec>>) {
        let same_domain = scenario.landscape.domain() == self.scenario.landscape.domain();
        let specs = specs.unwrap_or_else(|| scenario.optimizers.iter().map(|o| o.spec.clone()).collect());
        // What was waiting for the runs of the scenario shown is for them only.
        self.pending = None;
        self.export_queued = None;
        self.scenario = scenario;
        // A plane belongs to the runs it was made of.
        self.plane = Default::default();
        self.start_runs(specs);
        self.hidden.resize(self.runs.len(), false);
        self.step = self.step.min(self.total_steps());
        self.selected = self.selected.min(self.runs.len() - 1);
        if !same_domain {
            self.view = self.home_view();
        }
        self.generation += 1;
        self.landscape_generation += 1;
    }

    /// The scenario shown.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Every optimizer's run, as far as it is computed (see [`App::computing`]).
    pub fn runs(&self) -> &[Arc<Run>] {
        &self.runs
    }

    /// The step shown.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The view's last step: the scenario's number of steps, or the last
    /// step any run takes when every run ends sooner (after it nothing
    /// moves, and the chart ends there too). A run still being computed
    /// counts as going on to its last step.
    pub fn total_steps(&self) -> usize {
        let last =
            |(run, job): (&Arc<Run>, &Option<_>)| if job.is_some() { run.spec().max_steps } else { run.steps_taken() };
        self.runs
            .iter()
            .zip(&self.computing)
            .map(last)
            .max()
            .map_or(self.scenario.steps, |last| last.min(self.scenario.steps))
    }

    /// Playing or paused.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The open overlay.
    pub fn overlay(&self) -> Overlay {
        self.overlay
    }

    /// What the side of the screen shows.
    pub fn panel(&self) -> Panel {
        self.panel
    }

    /// What the chart plots.
    pub fn chart_quantity(&self) -> ChartQuantity {
        self.chart
    }

    /// Whether the chart's x axis counts gradient evaluations.
    pub fn chart_by_evals(&self) -> bool {
        self.chart_by_evals
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

    /// Whether the view keeps every current point on screen.
    pub fn follows(&self) -> bool {
        self.follow
    }

    /// Whether one unit is as long along x as along y.
    pub fn equal_aspect(&self) -> bool {
        self.equal_aspect
    }

    /// Which optimizers get arrows at their current point.
    pub fn arrows(&self) -> Arrows {
        self.arrows
    }

    /// Whether old steps of each path fade (never in presenter mode, where
    /// the whole route counts to its last step).
    pub fn fades(&self) -> bool {
        self.fade && !self.presenter
    }

    /// Whether the view is in presenter mode.
    pub fn presenter(&self) -> bool {
        self.presenter
    }

    /// Whether optimizer i is hidden.
    pub fn is_hidden(&self, i: usize) -> bool {
        self.hidden.get(i).copied().unwrap_or(false)
    }

    /// The optimizers shown, in index order.
    pub fn visible(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.runs.len()).filter(|&i| !self.is_hidden(i))
    }

    /// The first line of the help shown.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    /// Keeps the help's scroll within the last line it can start at, as
    /// the help last drawn says.
    pub fn limit_help_scroll(&mut self, most: usize) {
        self.help_scroll = self.help_scroll.min(most);
    }

    /// The colours and styles to draw with.
    pub fn theme(&self) -> &Theme {
        &self.theme
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

    /// Optimizer i's label, as tuned.
    pub fn label_of(&self, i: usize) -> &str {
        &self.labels[i]
    }

    /// Optimizer i as it now is (learning rate and hyperparameters as tuned).
    pub fn optimizer_of(&self, i: usize) -> &Optimizer {
        &self.runs[i].spec().optimizer
    }

    /// Changes whenever any run is recomputed.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes whenever the scenario (and so the landscape) is replaced.
    pub fn landscape_generation(&self) -> u64 {
        self.landscape_generation
    }

    /// The picker's entries and selection.
    pub fn picker(&self) -> &Picker {
        &self.picker
    }

    /// The file the scenario was read from, if any.
    pub fn source(&self) -> Option<&Path> {
        self.scenario.path.as_deref()
    }

    /// Carries out an action (headless, waiting for the runs it changes).
    pub fn apply(&mut self, action: Action) {
        self.act(action);
        if !self.background {
            self.finish_runs();
        }
    }

    fn act(&mut self, action: Action) {
        self.message = None;
        self.intro = false;
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
            Action::RaiseLearningRate => self.change_learning_rate(true, false),
            Action::LowerLearningRate => self.change_learning_rate(false, false),
            Action::FineLearningRate(up) => self.change_learning_rate(up, true),
            Action::FineMomentum(up) => self.change_momentum(up, true),
            Action::RaiseMomentum => self.change_momentum(true, false),
            Action::LowerMomentum => self.change_momentum(false, false),
            Action::ResetHyperparameters => self.reset(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::ToggleLayout => {
                self.layout = match self.layout {
                    Layout::Overlay => Layout::Split,
                    Layout::Split => Layout::Overlay,
                }
            }
            Action::ZoomIn => self.zoom(ZOOM, None),
            Action::ZoomOut => self.zoom(1.0 / ZOOM, None),
            // In 3-D the point under the pointer is not where the wheel is.
            Action::ZoomAround { zoom_in, .. } if self.shows_surface() => {
                self.zoom(if zoom_in { ZOOM } else { 1.0 / ZOOM }, None)
            }
            Action::ZoomAround { at, zoom_in } => self.zoom(if zoom_in { ZOOM } else { 1.0 / ZOOM }, Some(at)),
            Action::Pan(..) | Action::PanBy { .. } | Action::Tilt(_) | Action::Turn(_) if self.shows_surface() => {
                self.turn(action)
            }
            Action::Turn(_) => self.say(", and . turn the 3-D surface; S shows it"),
            Action::Pan(right, up) => self.pan(f64::from(right) * 0.1, f64::from(up) * 0.1),
            Action::PanBy { right, up } => self.pan(right, up),
            Action::Tilt(_) => {}
            Action::ToggleSurface => self.toggle_surface(),
            Action::ResetView => {
                self.view = self.home_view();
                self.camera = crate::tui::viewport::Camera::HOME;
            }
            Action::MoveStart { .. } if self.shows_surface() => {
                self.say("a click moves a start in the contour map (S)");
            }
            Action::MoveStart { .. } if self.plane().is_some() => {
                self.say("a network starts at its seeded weights: a click on its plane does not move them");
            }
            Action::MoveStart { at, all } => self.move_start(at, all),
            Action::ToggleFollow => {
                self.follow = !self.follow;
                self.say(if self.follow { "follow on: the view widens to keep every point" } else { "follow off" });
            }
            Action::ToggleAspect => {
                self.equal_aspect = !self.equal_aspect;
                self.say(if self.equal_aspect {
                    "equal aspect: one unit as long on x as on y"
                } else {
                    "aspect: fill"
                });
            }
            Action::CycleArrows => {
                self.arrows = self.arrows.next();
                self.say(format!("arrows: {}", self.arrows.name()));
            }
            Action::TogglePresenter => {
                self.presenter = !self.presenter;
                self.say(if self.presenter { "presenter mode: F or Esc returns" } else { "presenter mode off" });
            }
            Action::ToggleFade => {
                self.fade = !self.fade;
                self.say(if self.fade { "old steps fade" } else { "every step drawn alike" });
            }
            Action::ToggleHidden => self.toggle_hidden(),
            Action::CycleChart => self.chart = self.chart.next(),
            Action::ToggleChartAxis => self.chart_by_evals = !self.chart_by_evals,
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help { Overlay::None } else { Overlay::Help };
                self.help_scroll = 0;
            }
            Action::OpenCommand => {
                self.command = CommandLine::default();
                self.overlay = Overlay::Command;
            }
            Action::Command(key) => self.command_key(key),
            Action::Lesson(n) => self.open_lesson(n),
            Action::HelpScroll(n) => {
                self.help_scroll = (self.help_scroll as i64).saturating_add(i64::from(n)).max(0) as usize;
            }
            Action::Back => {
                if self.overlay != Overlay::None {
                    self.overlay = Overlay::None;
                } else if self.panel == Panel::Chart && self.presenter {
                    self.presenter = false;
                    self.say("presenter mode off");
                } else {
                    self.panel = Panel::Chart;
                }
            }
            Action::ToggleExplain => self.toggle_panel(Panel::Explain),
            Action::ToggleBasins if self.scenario.landscape.dim() == 2 => self.toggle_panel(Panel::Basins),
            Action::ToggleBasins => {
                self.say("basins are mapped for 2-D landscapes; this one is 1-D (s sweeps learning rates)")
            }
            Action::ToggleSweep => self.toggle_panel(Panel::Sweep),
            Action::ToggleRateMap => self.toggle_rate_map(),
            Action::Reload => self.reload(),
            Action::OpenPicker => {
                self.picker = Picker::beside(&self.scenario, self.course.as_ref().map(|(course, _)| course));
                self.overlay = Overlay::Picker;
                if let Some(note) = self.picker.note.clone() {
                    self.say(note);
                }
            }
            Action::PickerMove(n) => self.picker.move_by(n),
            Action::PickerChoose => self.choose_picked(),
            Action::Save => {
                self.save();
            }
            Action::SavePicture => self.request = Some(io::Request::Picture),
            Action::ToggleRecording => self.request = Some(io::Request::Recording),
            Action::ExportCsv => {
                self.export(false);
            }
            Action::ExportJson => {
                self.export(true);
            }
            Action::Quit => self.quit = true,
        }
    }

    /// A message for the status bar; what it quotes from files or typing
    /// is shown, never sent to the terminal.
    fn say(&mut self, message: impl Into<String>) {
        self.message = Some(crate::sanitize::visible(&message.into()).into_owned());
    }

    fn toggle_panel(&mut self, panel: Panel) {
        self.panel = if self.panel == panel { Panel::Chart } else { panel };
    }

    fn toggle_hidden(&mut self) {
        let i = self.selected;
        self.hidden[i] = !self.hidden[i];
        let label = self.label_of(i).to_string();
        self.say(if self.hidden[i] { format!("{label} hidden (d shows it)") } else { format!("{label} shown") });
    }
}
