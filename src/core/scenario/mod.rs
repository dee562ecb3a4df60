//! Scenario files: the JSON a lesson is written in, validated into runs.
//!
//! Every problem in a file is reported, each once and all at once, in the
//! order the file has them: the file, where (`optimizer 2 (Adam), lr`,
//! counting optimizers from 1 as the view numbers them) and what is wrong
//! and allowed, in words a reader of the file uses. No input, however
//! malformed, panics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

mod error;
mod file;
mod function;
mod heading;
mod network;
mod optimizer;
mod schema;
mod shape;
mod tree;
mod validate;
mod write;

use serde_json::Value;

use super::Vector;
use super::landscape::Landscape;
use super::plane::PlaneChoice;
use super::run::{Run, RunSpec, StopRules};
pub use error::{MAX_PROBLEMS, Problem, ScenarioError};
use file::ScenarioFile;
pub use heading::{HEADING_BYTES, Heading};
pub use schema::json_schema;
pub use validate::{MAX_LABEL, MAX_LR};
pub use write::check_optimizer;

/// The most steps a scenario may ask for.
pub const MAX_STEPS: u64 = 1_000_000;
/// The most optimizers a scenario may race.
pub const MAX_OPTIMIZERS: usize = 12;

/// An RGB colour, as a scenario names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Colour names a scenario may use besides `#rrggbb`.
pub const COLOR_NAMES: [(&str, Rgb); 12] = [
    ("red", Rgb(0xff, 0x4d, 0x4d)),
    ("orange", Rgb(0xff, 0x9f, 0x1c)),
    ("yellow", Rgb(0xff, 0xe1, 0x4d)),
    ("green", Rgb(0x4d, 0xff, 0x88)),
    ("cyan", Rgb(0x4d, 0xf0, 0xff)),
    ("blue", Rgb(0x5c, 0x9d, 0xff)),
    ("purple", Rgb(0xb0, 0x7c, 0xff)),
    ("magenta", Rgb(0xff, 0x5c, 0xf0)),
    ("pink", Rgb(0xff, 0x9e, 0xc7)),
    ("white", Rgb(0xff, 0xff, 0xff)),
    ("black", Rgb(0x00, 0x00, 0x00)),
    ("gray", Rgb(0xa0, 0xa0, 0xa0)),
];

impl Rgb {
    /// Parses a colour name or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Rgb> {
        if let Some(hex) = text.strip_prefix('#') {
            // from_str_radix would take a sign: `+f` is not a hex digit pair.
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            return Some(Rgb(byte(0)?, byte(2)?, byte(4)?));
        }
        COLOR_NAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)).map(|(_, c)| *c)
    }
}

/// How the TUI lays out several optimizers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// All on one plot.
    #[default]
    Overlay,
    /// One plot each, side by side.
    Split,
}

impl Layout {
    /// Every layout, with its name in scenario files.
    pub const NAMES: [(Layout, &'static str); 2] = [(Layout::Overlay, "overlay"), (Layout::Split, "split")];
}

/// The names of `aspect` in scenario files, and whether each is equal.
pub const ASPECT_NAMES: [(bool, &str); 2] = [(false, "auto"), (true, "equal")];
/// The names of `chart_x` in scenario files, and whether each counts evaluations.
pub const CHART_X_NAMES: [(bool, &str); 2] = [(false, "step"), (true, "evals")];
/// The names of `view` in scenario files, and whether each is the 3-D surface.
pub const VIEW_NAMES: [(bool, &str); 2] = [(false, "contour"), (true, "3d")];

/// Which optimizers the view draws arrows for at their current point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Arrows {
    /// None.
    #[default]
    Off,
    /// The selected optimizer only.
    Selected,
    /// Every optimizer shown.
    All,
}

impl Arrows {
    /// Every setting, in the order `a` cycles them.
    pub const ALL: [Arrows; 3] = [Arrows::Off, Arrows::Selected, Arrows::All];

    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Arrows::Off => "off",
            Arrows::Selected => "selected",
            Arrows::All => "all",
        }
    }

    /// The next setting: off, selected, all, off.
    pub fn next(self) -> Self {
        match self {
            Arrows::Off => Arrows::Selected,
            Arrows::Selected => Arrows::All,
            Arrows::All => Arrows::Off,
        }
    }
}

/// How the map's colours and contour levels are spaced between the lowest
/// value shown and the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Levels {
    /// Logarithmic where the highest value stands far above the median (a
    /// valley spanning decades), else linear.
    #[default]
    Auto,
    /// Crowded near the lowest value: low ground spreads over many colours,
    /// the ridges between wells stand out.
    Log,
    /// Evenly spaced.
    Linear,
}

impl Levels {
    /// Every choice, with its name in scenario files.
    pub const NAMES: [(Levels, &'static str); 3] =
        [(Levels::Auto, "auto"), (Levels::Log, "log"), (Levels::Linear, "linear")];

    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(l, _)| *l == self).map_or("auto", |(_, n)| n)
    }
}

/// What the view's chart plots against step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartQuantity {
    /// f(θ), or f(θ) − f* when f* is known and not zero.
    #[default]
    Loss,
    /// The learning rate the next step uses.
    LearningRate,
    /// |∇f(θ)|.
    GradNorm,
    /// The distance to the nearest known minimum.
    Distance,
}

impl ChartQuantity {
    /// Every quantity, in the order the view cycles them.
    pub const ALL: [ChartQuantity; 4] =
        [ChartQuantity::Loss, ChartQuantity::LearningRate, ChartQuantity::GradNorm, ChartQuantity::Distance];

    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            ChartQuantity::Loss => "loss",
            ChartQuantity::LearningRate => "lr",
            ChartQuantity::GradNorm => "grad_norm",
            ChartQuantity::Distance => "distance",
        }
    }

    /// The next quantity: loss, lr, grad_norm, distance, loss.
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|&q| q == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// What the side of the screen shows besides the plot, one at a time (the
/// rate map in place of the plot): what a scenario file opens (`"open"`),
/// what `--show` opens, and what the interactive view has open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    /// The chart (the default).
    #[default]
    Chart,
    /// The step breakdown (`e`).
    Explain,
    /// The learning-rate sweep (`s`).
    Sweep,
    /// The basins of attraction (`b`).
    Basins,
    /// The rate map over (learning rate, momentum) (`m`).
    RateMap,
}

impl Panel {
    /// Every choice, with its name in scenario files and on the command line.
    pub const NAMES: [(Panel, &'static str); 5] = [
        (Panel::Chart, "chart"),
        (Panel::Explain, "explain"),
        (Panel::Sweep, "sweep"),
        (Panel::Basins, "basins"),
        (Panel::RateMap, "ratemap"),
    ];

    /// Its name in scenario files.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(p, _)| *p == self).map_or("chart", |(_, n)| n)
    }
}

/// How the interactive view opens a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ViewSettings {
    /// The optimizer selected (and drawn on top) at first: the lesson's focus.
    pub select: usize,
    /// Widen the view so that every optimizer's current point stays on screen.
    pub follow: bool,
    /// One unit as long on screen along x as along y.
    pub equal_aspect: bool,
    /// Arrows at the current points.
    pub arrows: Arrows,
    /// Playback speed in steps per second, if not the default.
    pub speed: Option<f64>,
    /// What the chart plots.
    pub chart: ChartQuantity,
    /// The chart's x axis counts gradient evaluations instead of steps.
    pub chart_by_evals: bool,
    /// What opens beside the plot.
    pub open: Panel,
    /// The plot as a 3-D surface.
    pub surface: bool,
    /// How the map's colour levels are spaced.
    pub levels: Levels,
    /// The step the view opens at (a lesson whose point shows on a step
    /// between the first and the last).
    pub open_step: usize,
}

/// One optimizer of a scenario, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizerEntry {
    /// Unique label.
    pub label: String,
    /// Its colour, if the file sets one.
    pub color: Option<Rgb>,
    /// What determines its run.
    pub spec: RunSpec,
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its name (the file name when the file gives none).
    pub name: String,
    /// What the lesson shows.
    pub description: Option<String>,
    /// The lesson's point in one line.
    pub headline: Option<String>,
    /// The `function` field as the file wrote it, to write it back the same way.
    pub function: Value,
    /// The landscape every optimizer descends.
    pub landscape: Arc<Landscape>,
    /// The common start, if the file gives one (a network's seeded
    /// initial weights, if it gives none).
    pub start: Option<Vector>,
    /// The scenario's total number of steps.
    pub steps: usize,
    /// A network's runs report their sharpness at step 0 and every this
    /// many steps (`losscape run`); `None`: not at all.
    pub sharpness_every: Option<usize>,
    /// The plane (or line) through weight space that `losscape run` places
    /// each step on; `None`: none.
    pub plane: Option<PlaneChoice>,
    /// Seeds gradient noise and mini-batch order.
    pub seed: u64,
    /// Early-stop rules.
    pub stop: StopRules,
    /// The optimizers, in file order.
    pub optimizers: Vec<OptimizerEntry>,
    /// Start playing at once in the TUI.
    pub autoplay: bool,
    /// The TUI's initial layout.
    pub layout: Layout,
    /// How the TUI opens it.
    pub view: ViewSettings,
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// The file name without extension it came from (a lesson's for built-in ones).
    pub stem: String,
}

impl Scenario {
    /// Reads and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let text = super::source::read_text(path, super::source::MAX_SCENARIO_BYTES)
            .map_err(|e| ScenarioError::whole(&file, format!("cannot read the file: {e}")))?;
        let base = super::source::folder_of(path);
        let default_name = path.file_stem().map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
        let mut scenario = Scenario::parse(&text, &file, base, &default_name)?;
        scenario.path = Some(path.to_path_buf());
        Ok(scenario)
    }

    /// Validates scenario text. `file` names it in errors, `base` is where
    /// relative data paths start, `default_name` is used when it has no name.
    pub fn parse(text: &str, file: &str, base: &Path, default_name: &str) -> Result<Scenario, ScenarioError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        const SHAPE: &str =
            "a scenario is a JSON object: {\"function\": ..., \"start\": ..., \"steps\": ..., \"optimizers\": [...]}";
        match text.trim_start().chars().next() {
            None => return Err(ScenarioError::whole(file, format!("the file is empty; {SHAPE}"))),
            Some('{') => {}
            Some(c) => return Err(ScenarioError::whole(file, format!("the file starts with `{c}`; {SHAPE}"))),
        }
        let tree = tree::parse_text(text).map_err(|e| ScenarioError::whole(file, e.message))?;
        let mut problems = Vec::new();
        tree.repeated_keys("", &mut problems);
        // What is wrong in shape is told and taken out, so that the rest is
        // still read and checked; a problem beneath what was taken out would
        // only repeat it.
        let mut value = tree.to_value();
        let mut broken = Vec::new();
        shape::check(
            &mut value,
            &shape::Shape::of::<ScenarioFile>(),
            "",
            &validate::FieldRules,
            &mut problems,
            &mut broken,
        );
        let mut found = Vec::new();
        let scenario = match serde::Deserialize::deserialize(&value) {
            Ok(raw) => ScenarioFile::validate(raw, base, default_name, &mut found),
            Err(e) => {
                found.push(validate::invalid("", format!("cannot be read: {e}")));
                None
            }
        };
        let problems = error::told(problems, found, &broken);
        match scenario {
            Some(mut scenario) if problems.is_empty() => {
                scenario.stem = default_name.to_string();
                Ok(scenario)
            }
            _ => Err(ScenarioError::of(file, problems, &tree)),
        }
    }

    /// A fresh run for each optimizer (nothing computed beyond the start).
    pub fn runs(&self) -> Vec<Run> {
        self.optimizers.iter().map(|o| Run::new(Arc::clone(&self.landscape), o.spec.clone())).collect()
    }

    /// Every optimizer's run, computed to its end.
    pub fn computed_runs(&self) -> Vec<Run> {
        self.optimizers.iter().map(|o| Run::computed(Arc::clone(&self.landscape), o.spec.clone())).collect()
    }
}
