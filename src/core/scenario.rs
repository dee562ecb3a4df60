//! Scenario files: the JSON a lesson is written in, validated into runs.
//!
//! Every problem in a file is reported once, with the file, the field path
//! (`optimizers[1].lr`) and what is allowed. No input, however malformed,
//! panics.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::Vec2;
use super::landscape::builtin_names;
use super::landscape::{Builtin, Dataset, Domain, Expression, Kind, Landscape, parse_csv};
use super::optim::{Hyper, Optimizer, OptimizerType, Schedule};
use super::run::{Run, RunSpec, StopRules};

/// The most steps a scenario may ask for.
pub const MAX_STEPS: u64 = 1_000_000;
/// The most optimizers a scenario may race.
pub const MAX_OPTIMIZERS: usize = 12;

/// A problem in a scenario file: which file, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    /// The file as the user named it.
    pub file: String,
    /// The field path, such as `optimizers[1].lr`; empty for the whole file.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

/// An RGB colour, as a scenario names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
            if hex.len() != 6 || !hex.is_ascii() {
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
    /// The `function` field as the file wrote it, to write it back the same way.
    pub function: Value,
    /// The landscape every optimizer descends.
    pub landscape: Arc<Landscape>,
    /// The common start, if the file gives one.
    pub start: Option<Vec2>,
    /// The scenario's total number of steps.
    pub steps: usize,
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
    /// The scenario as a file would hold it, with each optimizer's run as
    /// given by `specs` (hyperparameters as tuned, starts as moved) and the
    /// given layout. Loading it back gives the same trajectories.
    pub fn to_json(&self, specs: &[RunSpec], layout: Layout, view: ViewSettings) -> Value {
        let domain = self.landscape.domain();
        let mut domain_json = serde_json::json!({"x": [domain.x.0, domain.x.1]});
        if let Some(y) = domain.y {
            domain_json["y"] = serde_json::json!([y.0, y.1]);
        }
        let point = |p: Vec2| -> Value {
            if self.landscape.dim() == 1 { serde_json::json!([p[0]]) } else { serde_json::json!([p[0], p[1]]) }
        };
        let mut out = serde_json::Map::new();
        out.insert("name".into(), self.name.clone().into());
        if let Some(d) = &self.description {
            out.insert("description".into(), d.clone().into());
        }
        out.insert("function".into(), self.function.clone());
        out.insert("domain".into(), domain_json);
        out.insert("steps".into(), self.steps.into());
        out.insert("seed".into(), self.seed.into());
        let mut stop = serde_json::Map::new();
        for (name, v) in [
            ("grad_norm", self.stop.grad_norm),
            ("param_change", self.stop.param_change),
            ("loss_change", self.stop.loss_change),
        ] {
            if let Some(v) = v {
                stop.insert(name.into(), v.into());
            }
        }
        if !stop.is_empty() {
            out.insert("stop".into(), stop.into());
        }
        out.insert("autoplay".into(), self.autoplay.into());
        out.insert("layout".into(), if layout == Layout::Split { "split" } else { "overlay" }.into());
        if let Some(selected) = self.optimizers.get(view.select) {
            out.insert("select".into(), selected.label.clone().into());
        }
        out.insert("follow".into(), view.follow.into());
        out.insert("aspect".into(), if view.equal_aspect { "equal" } else { "auto" }.into());
        out.insert("arrows".into(), view.arrows.name().into());
        if let Some(speed) = view.speed {
            out.insert("speed".into(), speed.into());
        }
        out.insert("chart".into(), view.chart.name().into());
        let optimizers: Vec<Value> = self
            .optimizers
            .iter()
            .zip(specs)
            .map(|(entry, spec)| {
                let mut o = optimizer_json(&spec.optimizer);
                o.insert("label".into(), entry.label.clone().into());
                o.insert("start".into(), point(spec.start));
                if let Some(s) = &spec.schedule {
                    o.insert("schedule".into(), schedule_json(s));
                }
                if let Some(c) = spec.clip_norm {
                    o.insert("clip_norm".into(), c.into());
                }
                if spec.noise > 0.0 {
                    o.insert("noise".into(), spec.noise.into());
                }
                if let Some(b) = spec.batch_size {
                    o.insert("batch_size".into(), b.into());
                }
                if let Some(Rgb(r, g, b)) = entry.color {
                    o.insert("color".into(), format!("#{r:02x}{g:02x}{b:02x}").into());
                }
                Value::Object(o)
            })
            .collect();
        out.insert("optimizers".into(), optimizers.into());
        Value::Object(out)
    }

    /// Reads and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: file.clone(),
            path: String::new(),
            message: format!("cannot read the file: {e}"),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let default_name = path.file_stem().map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
        let mut scenario = Scenario::parse(&text, &file, base, &default_name)?;
        scenario.path = Some(path.to_path_buf());
        Ok(scenario)
    }

    /// Validates scenario text. `file` names it in errors, `base` is where
    /// relative data paths start, `default_name` is used when it has no name.
    pub fn parse(text: &str, file: &str, base: &Path, default_name: &str) -> Result<Scenario, ScenarioError> {
        let err =
            |path: &str, message: String| ScenarioError { file: file.to_string(), path: path.to_string(), message };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        const SHAPE: &str =
            "a scenario is a JSON object: {\"function\": ..., \"start\": ..., \"steps\": ..., \"optimizers\": [...]}";
        match text.trim_start().chars().next() {
            None => return Err(err("", format!("the file is empty; {SHAPE}"))),
            Some('{') => {}
            Some(c) => return Err(err("", format!("the file starts with `{c}`; {SHAPE}"))),
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let raw: ScenarioFile = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let path = if inner.is_syntax() || inner.is_eof() || path == "." { String::new() } else { path };
            let message =
                if inner.is_syntax() || inner.is_eof() { format!("invalid JSON: {inner}") } else { inner.to_string() };
            err(&path, message)
        })?;
        let mut scenario = raw.validate(base, default_name).map_err(|(path, message)| err(&path, message))?;
        scenario.stem = default_name.to_string();
        Ok(scenario)
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

type Invalid = (String, String);

fn invalid(path: impl Into<String>, message: impl Into<String>) -> Invalid {
    (path.into(), message.into())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: Option<String>,
    description: Option<String>,
    function: Value,
    domain: Option<DomainFile>,
    start: Option<Value>,
    steps: u64,
    seed: Option<u64>,
    stop: Option<StopFile>,
    optimizers: Vec<OptimizerFile>,
    autoplay: Option<bool>,
    layout: Option<String>,
    select: Option<String>,
    follow: Option<bool>,
    aspect: Option<String>,
    arrows: Option<String>,
    speed: Option<f64>,
    chart: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct DomainFile {
    x: [f64; 2],
    y: Option<[f64; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StopFile {
    grad_norm: Option<f64>,
    param_change: Option<f64>,
    loss_change: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptimizerFile {
    #[serde(rename = "type")]
    kind: String,
    label: Option<String>,
    lr: Option<f64>,
    momentum: Option<f64>,
    dampening: Option<f64>,
    nesterov: Option<bool>,
    weight_decay: Option<f64>,
    lr_decay: Option<f64>,
    initial_accumulator_value: Option<f64>,
    eps: Option<f64>,
    alpha: Option<f64>,
    centered: Option<bool>,
    betas: Option<[f64; 2]>,
    amsgrad: Option<bool>,
    start: Option<Value>,
    schedule: Option<ScheduleFile>,
    clip_norm: Option<f64>,
    noise: Option<f64>,
    batch_size: Option<u64>,
    color: Option<String>,
    form: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleFile {
    #[serde(rename = "type")]
    kind: String,
    step_size: Option<u64>,
    gamma: Option<f64>,
    t_max: Option<u64>,
    eta_min: Option<f64>,
    factor: Option<f64>,
    patience: Option<u64>,
    threshold: Option<f64>,
    min_lr: Option<f64>,
}

/// Bounds checks that name the field and what it allows.
fn check(path: &str, value: f64, ok: bool, allowed: &str) -> Result<f64, Invalid> {
    if value.is_finite() && ok { Ok(value) } else { Err(invalid(path, format!("must be {allowed}, got {value}"))) }
}

fn positive(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, v > 0.0, "a positive number")
}

fn non_negative(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, v >= 0.0, "a number ≥ 0")
}

fn unit_closed(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, (0.0..=1.0).contains(&v), "in [0, 1]")
}

fn unit_half_open(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, (0.0..1.0).contains(&v), "in [0, 1)")
}

fn parse_point(path: &str, value: &Value, dim: usize) -> Result<Vec2, Invalid> {
    let numbers: Vec<f64> = match value {
        Value::Number(n) => vec![n.as_f64().unwrap_or(f64::NAN)],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_f64().ok_or_else(|| invalid(path, format!("expected numbers, got {v}"))))
            .collect::<Result<_, _>>()?,
        other => return Err(invalid(path, format!("expected a number or an array of numbers, got {other}"))),
    };
    if numbers.len() != dim {
        let want = if dim == 1 { "1 number (the function is 1-D)" } else { "2 numbers [x, y] (the function is 2-D)" };
        return Err(invalid(path, format!("expected {want}, got {}", numbers.len())));
    }
    if numbers.iter().any(|v| !v.is_finite()) {
        return Err(invalid(path, "must be finite"));
    }
    Ok([numbers[0], numbers.get(1).copied().unwrap_or(0.0)])
}

fn parse_range(path: &str, [lo, hi]: [f64; 2]) -> Result<(f64, f64), Invalid> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Err(invalid(path, "bounds must be finite"));
    }
    if lo >= hi {
        return Err(invalid(path, format!("needs lo < hi, got [{lo}, {hi}]")));
    }
    Ok((lo, hi))
}

fn parse_domain(path: &str, d: DomainFile, dim: usize) -> Result<Domain, Invalid> {
    let x = parse_range(&format!("{path}.x"), d.x)?;
    let y = match (d.y, dim) {
        (Some(y), 2) => Some(parse_range(&format!("{path}.y"), y)?),
        (Some(_), _) => return Err(invalid(format!("{path}.y"), "the function is 1-D: give only x")),
        (None, 2) => return Err(invalid(path, "missing field `y` (the function is 2-D)")),
        (None, _) => None,
    };
    Ok(Domain { x, y })
}

/// What the `function` field describes, before any domain is applied.
struct FunctionParts {
    kind: Kind,
    /// A domain given inside the function object.
    domain: Option<DomainFile>,
}

fn describe_value(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}

fn unknown_function(name: &str) -> Invalid {
    invalid(
        "function",
        format!(
            "unknown function `{name}`; built-ins are {}, linear_regression; or give {{\"expr\": \"...\"}}",
            builtin_names().join(", ")
        ),
    )
}

fn parse_function(value: &Value, base: &Path) -> Result<FunctionParts, Invalid> {
    let object = match value {
        Value::String(name) if name == "linear_regression" => {
            return Err(invalid(
                "function",
                "linear_regression needs data: {\"name\": \"linear_regression\", \"points\": [[x, y], ...]} or \"csv\": \"file.csv\"",
            ));
        }
        Value::String(name) => {
            let builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
            return Ok(FunctionParts { kind: Kind::Builtin(builtin), domain: None });
        }
        Value::Object(map) => map,
        other => {
            return Err(invalid(
                "function",
                format!("expected a name such as \"rosenbrock\" or an object, got {}", describe_value(other)),
            ));
        }
    };
    let domain = match object.get("domain") {
        Some(d) => Some(DomainFile::deserialize(d).map_err(|e| invalid("function.domain", e.to_string()))?),
        None => None,
    };
    if let Some(expr) = object.get("expr") {
        if let Some(key) = object.keys().find(|k| !matches!(k.as_str(), "expr" | "domain")) {
            return Err(invalid(format!("function.{key}"), "unknown field; an expression takes `expr` and `domain`"));
        }
        let source = expr.as_str().ok_or_else(|| invalid("function.expr", "expected a string"))?;
        let expression = Expression::parse(source).map_err(|e| invalid("function.expr", e.to_string()))?;
        return Ok(FunctionParts { kind: Kind::Expression(expression), domain });
    }
    let name = match object.get("name") {
        Some(Value::String(name)) => name.as_str(),
        Some(other) => {
            return Err(invalid("function.name", format!("expected a string, got {}", describe_value(other))));
        }
        None => return Err(invalid("function", "expected `name` (a built-in function) or `expr` (an expression)")),
    };
    if name == "linear_regression" {
        return parse_dataset(object, base).map(|d| FunctionParts { kind: Kind::LinearRegression(d), domain });
    }
    let mut builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
    for (key, v) in object {
        if matches!(key.as_str(), "name" | "domain") {
            continue;
        }
        let path = format!("function.{key}");
        let allowed = builtin.parameter_names();
        if !allowed.contains(&key.as_str()) {
            let has = if allowed.is_empty() {
                "no parameters".to_string()
            } else {
                format!("parameters {}", allowed.join(", "))
            };
            return Err(invalid(path, format!("unknown field; {name} has {has}")));
        }
        let number = v.as_f64().filter(|n| n.is_finite()).ok_or_else(|| invalid(&path, "expected a finite number"))?;
        builtin.set_parameter(key, number);
    }
    Ok(FunctionParts { kind: Kind::Builtin(builtin), domain })
}

fn parse_dataset(object: &serde_json::Map<String, Value>, base: &Path) -> Result<Dataset, Invalid> {
    if let Some(key) = object.keys().find(|k| !matches!(k.as_str(), "name" | "points" | "csv" | "domain")) {
        return Err(invalid(format!("function.{key}"), "unknown field; linear_regression takes `points` or `csv`"));
    }
    let points = match (object.get("points"), object.get("csv")) {
        (Some(_), Some(_)) => return Err(invalid("function", "give either `points` or `csv`, not both")),
        (None, None) => return Err(invalid("function", "linear_regression needs `points` or `csv`")),
        (Some(points), None) => {
            let rows =
                points.as_array().ok_or_else(|| invalid("function.points", "expected an array of [x, y] pairs"))?;
            rows.iter()
                .enumerate()
                .map(|(i, row)| {
                    let path = format!("function.points[{i}]");
                    match row.as_array().map(|r| r.iter().map(Value::as_f64).collect::<Vec<_>>()) {
                        Some(r) if r.len() == 2 => match (r[0], r[1]) {
                            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok([x, y]),
                            _ => Err(invalid(path, "expected two finite numbers")),
                        },
                        _ => Err(invalid(path, format!("expected a pair [x, y], got {}", describe_value(row)))),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?
        }
        (None, Some(csv)) => {
            let relative = csv.as_str().ok_or_else(|| invalid("function.csv", "expected a file path"))?;
            let path = base.join(relative);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| invalid("function.csv", format!("cannot read {}: {e}", path.display())))?;
            parse_csv(&text).map_err(|e| invalid("function.csv", format!("{}: {e}", path.display())))?
        }
    };
    Dataset::new(points).ok_or_else(|| invalid("function.points", "needs at least one point"))
}

fn parse_schedule(path: &str, s: &ScheduleFile) -> Result<Schedule, Invalid> {
    let allowed: &[&str] = match s.kind.as_str() {
        "step" => &["step_size", "gamma"],
        "exponential" => &["gamma"],
        "cosine" => &["t_max", "eta_min"],
        "plateau" => &["factor", "patience", "threshold", "min_lr"],
        other => {
            return Err(invalid(
                format!("{path}.type"),
                format!("unknown schedule `{other}`; allowed: step, exponential, cosine, plateau"),
            ));
        }
    };
    let given = [
        ("step_size", s.step_size.is_some()),
        ("gamma", s.gamma.is_some()),
        ("t_max", s.t_max.is_some()),
        ("eta_min", s.eta_min.is_some()),
        ("factor", s.factor.is_some()),
        ("patience", s.patience.is_some()),
        ("threshold", s.threshold.is_some()),
        ("min_lr", s.min_lr.is_some()),
    ];
    if let Some((field, _)) = given.iter().find(|(f, g)| *g && !allowed.contains(f)) {
        return Err(invalid(
            format!("{path}.{field}"),
            format!("not a setting of the {} schedule (it takes {})", s.kind, allowed.join(", ")),
        ));
    }
    let required =
        |name: &str, v: Option<f64>| v.ok_or_else(|| invalid(path, format!("the {} schedule needs `{name}`", s.kind)));
    let at_least_one = |name: &str, v: Option<u64>| match v {
        Some(0) => Err(invalid(format!("{path}.{name}"), "must be at least 1")),
        Some(n) => Ok(n),
        None => Err(invalid(path, format!("the {} schedule needs `{name}`", s.kind))),
    };
    Ok(match s.kind.as_str() {
        "step" => Schedule::Step {
            step_size: at_least_one("step_size", s.step_size)?,
            gamma: positive(&format!("{path}.gamma"), required("gamma", s.gamma)?)?,
        },
        "exponential" => {
            Schedule::Exponential { gamma: positive(&format!("{path}.gamma"), required("gamma", s.gamma)?)? }
        }
        "cosine" => Schedule::Cosine {
            t_max: at_least_one("t_max", s.t_max)?,
            eta_min: non_negative(&format!("{path}.eta_min"), s.eta_min.unwrap_or(0.0))?,
        },
        _ => {
            // torch's ReduceLROnPlateau defaults.
            let factor = s.factor.unwrap_or(0.1);
            Schedule::Plateau {
                factor: check(&format!("{path}.factor"), factor, factor > 0.0 && factor < 1.0, "in (0, 1)")?,
                patience: s.patience.unwrap_or(10),
                threshold: non_negative(&format!("{path}.threshold"), s.threshold.unwrap_or(1e-4))?,
                min_lr: non_negative(&format!("{path}.min_lr"), s.min_lr.unwrap_or(0.0))?,
            }
        }
    })
}

impl OptimizerFile {
    /// The hyperparameters set in the file, by name.
    fn given(&self) -> [(&'static str, bool); 11] {
        [
            ("momentum", self.momentum.is_some()),
            ("dampening", self.dampening.is_some()),
            ("nesterov", self.nesterov.is_some()),
            ("weight_decay", self.weight_decay.is_some()),
            ("lr_decay", self.lr_decay.is_some()),
            ("initial_accumulator_value", self.initial_accumulator_value.is_some()),
            ("eps", self.eps.is_some()),
            ("alpha", self.alpha.is_some()),
            ("centered", self.centered.is_some()),
            ("betas", self.betas.is_some()),
            ("form", self.form.is_some()),
        ]
    }

    fn optimizer(&self, path: &str) -> Result<Optimizer, Invalid> {
        let kind = OptimizerType::from_name(&self.kind).ok_or_else(|| {
            let names: Vec<_> = OptimizerType::ALL.iter().map(|t| t.name()).collect();
            invalid(format!("{path}.type"), format!("unknown optimizer `{}`; allowed: {}", self.kind, names.join(", ")))
        })?;
        let allowed = kind.hyperparameter_names();
        let given = self.given().into_iter().chain([("amsgrad", self.amsgrad.is_some())]);
        for (name, is_given) in given {
            if is_given && !allowed.contains(&name) {
                let takes =
                    if allowed.is_empty() { "only lr".to_string() } else { format!("lr, {}", allowed.join(", ")) };
                return Err(invalid(
                    format!("{path}.{name}"),
                    format!("not a hyperparameter of {} (it takes {takes})", kind.name()),
                ));
            }
        }
        let field = |name: &str| format!("{path}.{name}");
        let lr = match self.lr {
            Some(lr) => positive(&field("lr"), lr)?,
            None => kind.default_lr(),
        };
        let mut hyper = kind.default_hyper();
        match &mut hyper {
            Hyper::Sgd(s) => {
                if let Some(v) = self.momentum {
                    s.momentum = unit_closed(&field("momentum"), v)?;
                }
                if let Some(v) = self.dampening {
                    s.dampening = unit_closed(&field("dampening"), v)?;
                }
                if let Some(v) = self.nesterov {
                    s.nesterov = v;
                }
                if let Some(v) = self.weight_decay {
                    s.weight_decay = non_negative(&field("weight_decay"), v)?;
                }
                match self.form.as_deref() {
                    None | Some("pytorch") => {}
                    Some("ema") if self.dampening.is_some() => {
                        return Err(invalid(field("dampening"), "the ema form sets its own damping (1 − momentum)"));
                    }
                    Some("ema") => s.ema = true,
                    Some(other) => {
                        return Err(invalid(field("form"), format!("unknown form `{other}`; allowed: pytorch, ema")));
                    }
                }
                // torch refuses Nesterov without momentum or with dampening.
                if s.nesterov && (s.momentum <= 0.0 || s.dampening != 0.0) {
                    return Err(invalid(path, "Nesterov momentum needs momentum > 0 and dampening = 0"));
                }
            }
            Hyper::Adagrad(a) => {
                if let Some(v) = self.lr_decay {
                    a.lr_decay = non_negative(&field("lr_decay"), v)?;
                }
                if let Some(v) = self.weight_decay {
                    a.weight_decay = non_negative(&field("weight_decay"), v)?;
                }
                if let Some(v) = self.initial_accumulator_value {
                    a.initial_accumulator_value = non_negative(&field("initial_accumulator_value"), v)?;
                }
                if let Some(v) = self.eps {
                    a.eps = non_negative(&field("eps"), v)?;
                }
            }
            Hyper::RmsProp(r) => {
                if let Some(v) = self.alpha {
                    r.alpha = unit_closed(&field("alpha"), v)?;
                }
                if let Some(v) = self.eps {
                    r.eps = non_negative(&field("eps"), v)?;
                }
                if let Some(v) = self.weight_decay {
                    r.weight_decay = non_negative(&field("weight_decay"), v)?;
                }
                if let Some(v) = self.momentum {
                    r.momentum = unit_closed(&field("momentum"), v)?;
                }
                if let Some(v) = self.centered {
                    r.centered = v;
                }
            }
            Hyper::Adam(a) => {
                if let Some([b1, b2]) = self.betas {
                    a.betas = [unit_half_open(&field("betas[0]"), b1)?, unit_half_open(&field("betas[1]"), b2)?];
                }
                if let Some(v) = self.eps {
                    a.eps = non_negative(&field("eps"), v)?;
                }
                if let Some(v) = self.weight_decay {
                    a.weight_decay = non_negative(&field("weight_decay"), v)?;
                }
                if let Some(v) = self.amsgrad {
                    a.amsgrad = v;
                }
            }
            Hyper::Newton => {}
        }
        Ok(Optimizer { kind, lr, hyper })
    }
}

impl ScenarioFile {
    fn validate(self, base: &Path, default_name: &str) -> Result<Scenario, Invalid> {
        let parts = parse_function(&self.function, base)?;
        let mut kind = parts.kind;
        // A 1-D expression becomes 2-D when a domain gives y.
        if let Kind::Expression(e) = &kind
            && e.dim() == 1
            && [self.domain, parts.domain].iter().flatten().any(|d| d.y.is_some())
        {
            kind = Kind::Expression(e.clone().into_2d());
        }
        let mut landscape = Landscape::new(kind);
        let dim = landscape.dim();
        if let Some(d) = parts.domain {
            landscape = landscape.with_domain(parse_domain("function.domain", d, dim)?);
        }
        if let Some(d) = self.domain {
            landscape = landscape.with_domain(parse_domain("domain", d, dim)?);
        }
        if !(1..=MAX_STEPS).contains(&self.steps) {
            return Err(invalid("steps", format!("must be between 1 and {MAX_STEPS}, got {}", self.steps)));
        }
        let start = self.start.as_ref().map(|s| parse_point("start", s, dim)).transpose()?;
        let stop = match &self.stop {
            None => StopRules::default(),
            Some(s) => StopRules {
                grad_norm: s.grad_norm.map(|v| positive("stop.grad_norm", v)).transpose()?,
                param_change: s.param_change.map(|v| positive("stop.param_change", v)).transpose()?,
                loss_change: s.loss_change.map(|v| positive("stop.loss_change", v)).transpose()?,
            },
        };
        let layout = match self.layout.as_deref() {
            None | Some("overlay") => Layout::Overlay,
            Some("split") => Layout::Split,
            Some(other) => return Err(invalid("layout", format!("unknown layout `{other}`; allowed: overlay, split"))),
        };
        if self.optimizers.is_empty() || self.optimizers.len() > MAX_OPTIMIZERS {
            return Err(invalid(
                "optimizers",
                format!("needs between 1 and {MAX_OPTIMIZERS} optimizers, got {}", self.optimizers.len()),
            ));
        }
        let seed = self.seed.unwrap_or(0);
        let landscape = Arc::new(landscape);
        let mut optimizers: Vec<OptimizerEntry> = Vec::new();
        for (i, o) in self.optimizers.iter().enumerate() {
            let path = format!("optimizers[{i}]");
            let optimizer = o.optimizer(&path)?;
            let own_start = o.start.as_ref().map(|s| parse_point(&format!("{path}.start"), s, dim)).transpose()?;
            let start = own_start
                .or(start)
                .ok_or_else(|| invalid(&path, "no start: give the scenario a `start` or this optimizer its own"))?;
            let batch_size = match o.batch_size {
                None => None,
                Some(_) if landscape.data_len().is_none() => {
                    return Err(invalid(
                        format!("{path}.batch_size"),
                        "only data landscapes (linear_regression) have batches",
                    ));
                }
                Some(0) => return Err(invalid(format!("{path}.batch_size"), "must be at least 1")),
                Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            };
            let color = match &o.color {
                None => None,
                Some(c) => Some(Rgb::parse(c).ok_or_else(|| {
                    let names: Vec<_> = COLOR_NAMES.iter().map(|(n, _)| *n).collect();
                    invalid(
                        format!("{path}.color"),
                        format!("unknown colour `{c}`; use #rrggbb or one of {}", names.join(", ")),
                    )
                })?),
            };
            let label = match &o.label {
                Some(l) if l.trim().is_empty() => return Err(invalid(format!("{path}.label"), "must not be empty")),
                Some(l) => {
                    if optimizers.iter().any(|e| &e.label == l) {
                        return Err(invalid(
                            format!("{path}.label"),
                            format!("`{l}` is already the label of another optimizer"),
                        ));
                    }
                    l.clone()
                }
                None => {
                    let base_label = optimizer.kind.name();
                    let taken = |l: &str| {
                        optimizers.iter().any(|e| e.label == l)
                            || self.optimizers.iter().any(|f| f.label.as_deref() == Some(l))
                    };
                    (1..)
                        .map(|n| if n == 1 { base_label.to_string() } else { format!("{base_label} {n}") })
                        .find(|l| !taken(l))
                        .expect("some numbered label is free")
                }
            };
            let spec = RunSpec {
                optimizer,
                start,
                schedule: o.schedule.as_ref().map(|s| parse_schedule(&format!("{path}.schedule"), s)).transpose()?,
                clip_norm: o.clip_norm.map(|v| positive(&format!("{path}.clip_norm"), v)).transpose()?,
                noise: o.noise.map(|v| non_negative(&format!("{path}.noise"), v)).transpose()?.unwrap_or(0.0),
                batch_size,
                // Each optimizer gets its own noise and batch order.
                seed: seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                stop,
                max_steps: self.steps as usize,
            };
            optimizers.push(OptimizerEntry { label, color, spec });
        }
        let select = match &self.select {
            None => 0,
            Some(label) => optimizers.iter().position(|o| &o.label == label).ok_or_else(|| {
                let labels: Vec<_> = optimizers.iter().map(|o| format!("`{}`", o.label)).collect();
                invalid("select", format!("no optimizer is labelled `{label}`; the labels are {}", labels.join(", ")))
            })?,
        };
        let equal_aspect = match self.aspect.as_deref() {
            None | Some("auto") => false,
            Some("equal") => true,
            Some(other) => return Err(invalid("aspect", format!("unknown aspect `{other}`; allowed: auto, equal"))),
        };
        let arrows = match self.arrows.as_deref() {
            None => Arrows::Off,
            Some(name) => [Arrows::Off, Arrows::Selected, Arrows::All]
                .into_iter()
                .find(|a| a.name() == name)
                .ok_or_else(|| invalid("arrows", format!("unknown setting `{name}`; allowed: off, selected, all")))?,
        };
        let speed = self
            .speed
            .map(|v| check("speed", v, (1.0..=200.0).contains(&v), "between 1 and 200 steps a second"))
            .transpose()?;
        let chart = match self.chart.as_deref() {
            None => ChartQuantity::Loss,
            Some(name) => ChartQuantity::ALL.into_iter().find(|q| q.name() == name).ok_or_else(|| {
                invalid("chart", format!("unknown chart `{name}`; allowed: loss, lr, grad_norm, distance"))
            })?,
        };
        let view = ViewSettings { select, follow: self.follow.unwrap_or(false), equal_aspect, arrows, speed, chart };
        let name = match self.name {
            Some(n) if !n.trim().is_empty() => n,
            _ => default_name.to_string(),
        };
        Ok(Scenario {
            name,
            description: self.description,
            function: self.function,
            landscape,
            start,
            steps: self.steps as usize,
            seed,
            stop,
            optimizers,
            autoplay: self.autoplay.unwrap_or(false),
            layout,
            view,
            path: None,
            stem: default_name.to_string(),
        })
    }
}

fn optimizer_json(o: &Optimizer) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("type".into(), o.kind.name().into());
    m.insert("lr".into(), o.lr.into());
    let names = o.kind.hyperparameter_names();
    let mut put = |name: &str, v: Value| {
        if names.contains(&name) {
            m.insert(name.into(), v);
        }
    };
    match &o.hyper {
        Hyper::Sgd(s) => {
            put("momentum", s.momentum.into());
            if !s.ema {
                put("dampening", s.dampening.into());
            }
            put("nesterov", s.nesterov.into());
            put("weight_decay", s.weight_decay.into());
            put("form", if s.ema { "ema" } else { "pytorch" }.into());
        }
        Hyper::Adagrad(a) => {
            put("lr_decay", a.lr_decay.into());
            put("weight_decay", a.weight_decay.into());
            put("initial_accumulator_value", a.initial_accumulator_value.into());
            put("eps", a.eps.into());
        }
        Hyper::RmsProp(r) => {
            put("alpha", r.alpha.into());
            put("eps", r.eps.into());
            put("weight_decay", r.weight_decay.into());
            put("momentum", r.momentum.into());
            put("centered", r.centered.into());
        }
        Hyper::Adam(a) => {
            put("betas", serde_json::json!(a.betas));
            put("eps", a.eps.into());
            put("weight_decay", a.weight_decay.into());
            put("amsgrad", a.amsgrad.into());
        }
        Hyper::Newton => {}
    }
    m
}

fn schedule_json(s: &Schedule) -> Value {
    match *s {
        Schedule::Step { step_size, gamma } => {
            serde_json::json!({"type": "step", "step_size": step_size, "gamma": gamma})
        }
        Schedule::Exponential { gamma } => serde_json::json!({"type": "exponential", "gamma": gamma}),
        Schedule::Cosine { t_max, eta_min } => {
            serde_json::json!({"type": "cosine", "t_max": t_max, "eta_min": eta_min})
        }
        Schedule::Plateau { factor, patience, threshold, min_lr } => serde_json::json!(
            {"type": "plateau", "factor": factor, "patience": patience, "threshold": threshold, "min_lr": min_lr}
        ),
    }
}
