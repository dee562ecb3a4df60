//! From the file's shape to a validated [`Scenario`]: every check, and
//! every message naming the field and what it allows. Every problem is
//! collected, not only the first: a checked part that fails is left out
//! and the checks that do not need it go on.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::file::{DomainFile, OptimizerFile, ScenarioFile};
use super::function::parse_function;
use super::network::{parse_plane, sharpness_every};
use super::optimizer::{fields_of_schedule, fields_of_type, parse_schedule, refused_field, refused_setting};
use super::shape::{self, Shape};
use super::{
    ASPECT_NAMES, Arrows, CHART_X_NAMES, COLOR_NAMES, ChartQuantity, Layout, Levels, MAX_OPTIMIZERS, MAX_STEPS,
    OptimizerEntry, Panel, Rgb, Scenario, VIEW_NAMES, ViewSettings,
};
use crate::core::sanitize::{visible, visible_lines};
use crate::core::{Vector, budget};

/// A domain's bounds lie within ± this.
pub const MAX_COORDINATE: f64 = 1e9;
/// A domain is at least this wide, relative to the size of its bounds (and 1).
pub const MIN_RELATIVE_WIDTH: f64 = 1e-9;
/// The largest learning rate a scenario may give.
pub const MAX_LR: f64 = 1e6;
/// The largest step count a schedule may name (step size, t_max, patience).
pub const MAX_SCHEDULE_STEPS: u64 = 1_000_000_000;

/// The longest label, name and description a scenario may give, in characters.
pub const MAX_LABEL: usize = 100;
/// See [`MAX_LABEL`].
pub const MAX_NAME: usize = 200;
/// See [`MAX_LABEL`].
pub const MAX_DESCRIPTION: usize = 10_000;
/// See [`MAX_LABEL`].
pub const MAX_HEADLINE: usize = 120;
use crate::core::landscape::{Domain, Kind, Landscape, MLP};
use crate::core::run::{RunSpec, StopRules};

pub(super) type Invalid = (String, String);

/// The problems found so far, each a field path and a message.
pub(super) type Problems = Vec<Invalid>;

/// The names of a closed list, for "allowed: …".
fn names<T>(list: &[(T, &str)]) -> String {
    list.iter().map(|(_, name)| *name).collect::<Vec<_>>().join(", ")
}

pub(super) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Invalid {
    (path.into(), message.into())
}

/// A checked value, its problem noted.
pub(super) trait Noted<T> {
    /// The value, or `None` with its problem added to `problems`.
    fn noted(self, problems: &mut Problems) -> Option<T>;
}

impl<T> Noted<T> for Result<T, Invalid> {
    fn noted(self, problems: &mut Problems) -> Option<T> {
        self.map_err(|e| problems.push(e)).ok()
    }
}

/// Bounds checks that name the field and what it allows.
pub(super) fn check(path: &str, value: f64, ok: bool, allowed: &str) -> Result<f64, Invalid> {
    if value.is_finite() && ok { Ok(value) } else { Err(invalid(path, format!("must be {allowed}, got {value}"))) }
}

pub(super) fn positive(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, v > 0.0, "a positive number")
}

pub(super) fn non_negative(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, v >= 0.0, "a number ≥ 0")
}

pub(super) fn unit_closed(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, (0.0..=1.0).contains(&v), "in [0, 1]")
}

pub(super) fn unit_half_open(path: &str, v: f64) -> Result<f64, Invalid> {
    check(path, v, (0.0..1.0).contains(&v), "in [0, 1)")
}

/// A point: `dim` numbers (when the dimension is known).
pub(super) fn parse_point(path: &str, value: &Value, dim: Option<usize>) -> Result<Vector, Invalid> {
    let numbers: Vec<f64> = match value {
        Value::Number(n) => vec![n.as_f64().unwrap_or(f64::NAN)],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_f64().ok_or_else(|| invalid(path, format!("must be numbers, not {}", shape::described(v)))))
            .collect::<Result<_, _>>()?,
        other => {
            return Err(invalid(
                path,
                format!("must be a number or a list of numbers, not {}", shape::described(other)),
            ));
        }
    };
    if let Some(dim) = dim
        && numbers.len() != dim
    {
        let want = match dim {
            1 => "1 number (the function is 1-D)".to_string(),
            2 => "2 numbers [x, y] (the function is 2-D)".to_string(),
            n => format!("{n} numbers (the function has {n} parameters)"),
        };
        return Err(invalid(path, format!("expected {want}, got {}", numbers.len())));
    }
    if numbers.is_empty() {
        return Err(invalid(path, "needs at least one number"));
    }
    if numbers.iter().any(|v| !v.is_finite()) {
        return Err(invalid(path, "must be finite"));
    }
    Ok(Vector::from(numbers))
}

pub(super) fn parse_range(path: &str, [lo, hi]: [f64; 2]) -> Result<(f64, f64), Invalid> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Err(invalid(path, "bounds must be finite"));
    }
    if lo >= hi {
        return Err(invalid(path, format!("needs min < max, got [{lo}, {hi}]")));
    }
    let largest = lo.abs().max(hi.abs());
    if largest > MAX_COORDINATE {
        return Err(invalid(path, format!("bounds must lie within ±{MAX_COORDINATE:e}, got [{lo}, {hi}]")));
    }
    // Narrower than this, neighbouring pixels are the same number in f64.
    if hi - lo < MIN_RELATIVE_WIDTH * largest.max(1.0) {
        return Err(invalid(
            path,
            format!("is too narrow to draw: max − min must be at least {MIN_RELATIVE_WIDTH:e} of the bounds' size"),
        ));
    }
    Ok((lo, hi))
}

/// A domain, for a landscape of `dim` dimensions (when known).
pub(super) fn parse_domain(path: &str, d: DomainFile, dim: Option<usize>, problems: &mut Problems) -> Option<Domain> {
    if let Some(n) = dim.filter(|&n| n > 2) {
        problems.push(invalid(
            path,
            format!("a domain is where a 1-D or 2-D function is drawn; this one has {n} parameters and is not drawn"),
        ));
        return None;
    }
    let x = match d.x {
        Some(x) => parse_range(&format!("{path}.x"), x).noted(problems),
        None => {
            problems.push(invalid(path, "missing `x`: give {\"x\": [xmin, xmax]}, and \"y\" in 2-D"));
            None
        }
    };
    let y = match (d.y, dim) {
        (Some(y), Some(2) | None) => parse_range(&format!("{path}.y"), y).noted(problems).map(Some),
        (Some(_), Some(_)) => {
            problems.push(invalid(format!("{path}.y"), "the function is 1-D: give only x"));
            None
        }
        (None, Some(2)) => {
            problems.push(invalid(
                path,
                "missing `y`: the function is 2-D, give {\"x\": [xmin, xmax], \"y\": [ymin, ymax]}",
            ));
            None
        }
        (None, _) => Some(None),
    };
    Some(Domain { x: x?, y: y? })
}

/// What the file's fields are, where serde's shape alone does not say: an
/// optimizer takes the fields of its type.
pub(super) struct FieldRules;

/// The index of the optimizer an object path names (`optimizers[2]`).
fn optimizer_index(path: &str) -> Option<usize> {
    path.strip_prefix("optimizers[")?.strip_suffix(']')?.parse().ok()
}

fn type_of(object: &serde_json::Map<String, Value>) -> Option<&str> {
    object.get("type").and_then(Value::as_str)
}

/// Whether an object path is an optimizer's schedule (`optimizers[2].schedule`).
fn is_schedule(path: &str) -> bool {
    path.strip_suffix(".schedule").is_some_and(|o| optimizer_index(o).is_some())
}

impl shape::Fields for FieldRules {
    fn allowed(&self, path: &str, object: &serde_json::Map<String, Value>) -> Option<Vec<&'static str>> {
        if is_schedule(path) {
            return Some(fields_of_schedule(type_of(object)));
        }
        optimizer_index(path)?;
        Some(fields_of_type(type_of(object)))
    }

    fn refused(&self, path: &str, object: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
        if is_schedule(path) {
            return refused_setting(type_of(object), key);
        }
        optimizer_index(path)?;
        refused_field(type_of(object), key)
    }

    fn kind_of(&self, path: &str, object: &serde_json::Map<String, Value>) -> String {
        if optimizer_index(path).is_some() {
            return match type_of(object).and_then(crate::core::optim::OptimizerType::from_name) {
                Some(kind) => format!("{}'s fields", kind.name()),
                None => "an optimizer's fields, besides the hyperparameters of its type".into(),
            };
        }
        if is_schedule(path) {
            return match type_of(object).filter(|k| fields_of_schedule(Some(k)).len() > 1) {
                Some(kind) => format!("the {kind} schedule's fields"),
                None => "a schedule's fields".into(),
            };
        }
        match path {
            "" => "a scenario's fields".into(),
            "domain" | "function.domain" => "a domain's fields".into(),
            "stop" => "stop's fields".into(),
            _ => format!("the fields of `{path}`"),
        }
    }
}

/// The shape of one of the file's objects, checked as the file's are.
pub(super) fn check_shape<T: serde::de::DeserializeOwned>(
    value: &Value,
    path: &str,
    problems: &mut Problems,
) -> Option<T> {
    let mut value = value.clone();
    let before = problems.len();
    shape::check(&mut value, &Shape::of::<T>(), path, &FieldRules, problems, &mut Vec::new());
    if problems.len() > before {
        return None;
    }
    T::deserialize(&value).map_err(|e| problems.push(invalid(path, e.to_string()))).ok()
}

impl ScenarioFile {
    /// The scenario, or `None` with every problem found added to `problems`.
    pub(super) fn validate(self, base: &Path, default_name: &str, problems: &mut Problems) -> Option<Scenario> {
        let before = problems.len();
        let parts = match &self.function {
            Some(function) => parse_function(function, base, problems),
            None => {
                problems.push(invalid(
                    "function",
                    "missing: a built-in such as \"rosenbrock\", {\"expr\": \"x^2 + y^2\"} or data (see `losscape list`)",
                ));
                None
            }
        };
        let parts_failed = parts.is_none();
        // A network starts, unless told, at its seeded initial weights.
        let default_start = parts.as_ref().and_then(|p| p.start.clone());
        let landscape = parts.and_then(|parts| {
            let mut kind = parts.kind;
            // A 1-D expression becomes 2-D when a domain gives y.
            if let Kind::Expression(e) = &kind
                && e.dim() == 1
                && [self.domain, parts.domain].iter().flatten().any(|d| d.y.is_some())
            {
                kind = Kind::Expression(e.clone().into_2d());
            }
            let mut landscape = Landscape::new(kind);
            let dim = Some(landscape.dim());
            let mut ok = true;
            for (path, domain) in [("function.domain", parts.domain), ("domain", self.domain)] {
                if let Some(d) = domain {
                    match parse_domain(path, d, dim, problems) {
                        Some(domain) => landscape = landscape.with_domain(domain),
                        None => ok = false,
                    }
                }
            }
            ok.then_some(landscape)
        });
        if parts_failed && let Some(d) = self.domain {
            // Its bounds can be checked without the function.
            parse_domain("domain", d, None, problems);
        }
        let dim = landscape.as_ref().map(Landscape::dim);
        let steps = match self.steps {
            Some(steps) if (1..=MAX_STEPS).contains(&steps) => Some(steps),
            Some(steps) => {
                problems.push(invalid("steps", format!("must be between 1 and {MAX_STEPS}, got {steps}")));
                None
            }
            None => {
                problems
                    .push(invalid("steps", format!("missing: how many steps each optimizer takes, 1 to {MAX_STEPS}")));
                None
            }
        };
        // Some(None): no common start; None: one given but wrong.
        // A network that is wrong has no initial weights: that is said there.
        let network = self.function.as_ref().and_then(|f| f.get("name").unwrap_or(f).as_str()) == Some(MLP);
        let start = match self.start.as_ref() {
            None if network && parts_failed => None,
            None => Some(default_start),
            Some(s) => parse_point("start", s, dim).noted(problems).map(Some),
        };
        let sharpness_every = sharpness_every(self.sharpness_every, landscape.as_ref(), problems);
        let mut stop_ok = true;
        let mut stop_rule = |path: &str, v: Option<f64>| {
            v.and_then(|v| match positive(path, v) {
                Ok(v) => Some(v),
                Err(e) => {
                    problems.push(e);
                    stop_ok = false;
                    None
                }
            })
        };
        let stop = match &self.stop {
            None => StopRules::default(),
            Some(s) => StopRules {
                grad_norm: stop_rule("stop.grad_norm", s.grad_norm),
                param_change: stop_rule("stop.param_change", s.param_change),
                loss_change: stop_rule("stop.loss_change", s.loss_change),
            },
        };
        let layout = match self.layout.as_deref() {
            None => Layout::Overlay,
            Some(name) => Layout::NAMES.iter().find(|(_, n)| *n == name).map(|(l, _)| *l).unwrap_or_else(|| {
                problems
                    .push(invalid("layout", format!("unknown layout `{name}`; allowed: {}", names(&Layout::NAMES))));
                Layout::Overlay
            }),
        };
        let files: &[_] = self.optimizers.as_deref().unwrap_or_default();
        match &self.optimizers {
            None => problems.push(invalid(
                "optimizers",
                format!(
                    "missing: a list of 1 to {MAX_OPTIMIZERS} optimizers, such as [{{\"type\": \"gd\", \"lr\": 0.01}}]"
                ),
            )),
            Some(list) if list.is_empty() || list.len() > MAX_OPTIMIZERS => problems.push(invalid(
                "optimizers",
                format!("needs between 1 and {MAX_OPTIMIZERS} optimizers, got {}", list.len()),
            )),
            Some(_) => {}
        }
        let seed = self.seed.unwrap_or(0);
        let landscape = landscape.map(Arc::new);
        let mut labels: Vec<String> = Vec::new();
        let mut optimizers: Vec<OptimizerEntry> = Vec::new();
        for (i, o) in files.iter().enumerate() {
            let path = format!("optimizers[{i}]");
            let label = optimizer_label(o, &path, files, &labels, problems);
            labels.push(label.clone().unwrap_or_default());
            let entry = optimizer_entry(
                o,
                &path,
                i,
                Common { landscape: landscape.as_ref(), start: start.as_ref().map(Option::as_ref), stop, steps, seed },
                problems,
            );
            if let (Some(label), Some((color, spec))) = (label, entry) {
                optimizers.push(OptimizerEntry { label, color, spec });
            }
        }
        let select = match &self.select {
            None => 0,
            Some(label) => labels.iter().position(|l| l == label).unwrap_or_else(|| {
                let labels: Vec<_> = labels.iter().map(|l| format!("`{l}`")).collect();
                problems.push(invalid(
                    "select",
                    format!("no optimizer is labelled `{label}`; the labels are {}", labels.join(", ")),
                ));
                0
            }),
        };
        let plane = parse_plane(self.plane.as_ref(), landscape.as_deref(), &labels, problems);
        let equal_aspect = match self.aspect.as_deref() {
            None => false,
            Some(name) => ASPECT_NAMES.iter().find(|(_, n)| *n == name).map(|(equal, _)| *equal).unwrap_or_else(|| {
                problems.push(invalid("aspect", format!("unknown aspect `{name}`; allowed: {}", names(&ASPECT_NAMES))));
                false
            }),
        };
        let arrows = match self.arrows.as_deref() {
            None => Arrows::Off,
            Some(name) => Arrows::ALL.into_iter().find(|a| a.name() == name).unwrap_or_else(|| {
                let allowed: Vec<&str> = Arrows::ALL.iter().map(|a| a.name()).collect();
                problems.push(invalid("arrows", format!("unknown setting `{name}`; allowed: {}", allowed.join(", "))));
                Arrows::Off
            }),
        };
        let speed = self.speed.and_then(|v| {
            check("speed", v, (1.0..=200.0).contains(&v), "between 1 and 200 steps a second").noted(problems)
        });
        let chart = match self.chart.as_deref() {
            None => ChartQuantity::Loss,
            Some(name) => ChartQuantity::ALL.into_iter().find(|q| q.name() == name).unwrap_or_else(|| {
                let allowed: Vec<&str> = ChartQuantity::ALL.iter().map(|q| q.name()).collect();
                problems.push(invalid("chart", format!("unknown chart `{name}`; allowed: {}", allowed.join(", "))));
                ChartQuantity::Loss
            }),
        };
        let chart_by_evals = match self.chart_x.as_deref() {
            None => false,
            Some(name) => {
                CHART_X_NAMES.iter().find(|(_, n)| *n == name).map(|(evals, _)| *evals).unwrap_or_else(|| {
                    problems
                        .push(invalid("chart_x", format!("unknown axis `{name}`; allowed: {}", names(&CHART_X_NAMES))));
                    false
                })
            }
        };
        let open = match self.open.as_deref() {
            None => Panel::Chart,
            Some(name) => Panel::NAMES.iter().find(|(_, n)| *n == name).map(|(p, _)| *p).unwrap_or_else(|| {
                problems.push(invalid("open", format!("unknown panel `{name}`; allowed: {}", names(&Panel::NAMES))));
                Panel::Chart
            }),
        };
        let surface = match self.view.as_deref().map(|name| (name, VIEW_NAMES.iter().find(|(_, n)| *n == name))) {
            None | Some((_, Some((false, _)))) => false,
            Some((_, Some((true, _)))) if dim != Some(1) => true,
            Some((_, Some((true, _)))) => {
                problems.push(invalid("view", "the 3-D surface needs a 2-D landscape; this one is 1-D"));
                false
            }
            Some((name, None)) => {
                problems.push(invalid("view", format!("unknown view `{name}`; allowed: {}", names(&VIEW_NAMES))));
                false
            }
        };
        let levels = match self.levels.as_deref() {
            None => Levels::Auto,
            Some(name) => Levels::NAMES.iter().find(|(_, n)| *n == name).map(|(l, _)| *l).unwrap_or_else(|| {
                problems.push(invalid("levels", format!("unknown spacing `{name}`; allowed: auto, log, linear")));
                Levels::Auto
            }),
        };
        let open_step = match (self.open_step, steps) {
            (Some(k), Some(steps)) if k > steps => {
                problems.push(invalid("open_step", format!("must be at most the scenario's steps ({steps}), got {k}")));
                0
            }
            (k, _) => k.unwrap_or(0) as usize,
        };
        let view = ViewSettings {
            open_step,
            levels,
            surface,
            open,
            select,
            follow: self.follow.unwrap_or(false),
            equal_aspect,
            arrows,
            speed,
            chart,
            chart_by_evals,
        };
        let name = match self.name {
            Some(n) if n.chars().count() > MAX_NAME => {
                problems
                    .push(invalid("name", format!("must be at most {MAX_NAME} characters, got {}", n.chars().count())));
                String::new()
            }
            Some(n) if !n.trim().is_empty() => visible(&n).into_owned(),
            _ => visible(default_name).into_owned(),
        };
        let description = match self.description {
            Some(d) if d.chars().count() > MAX_DESCRIPTION => {
                problems.push(invalid(
                    "description",
                    format!("must be at most {MAX_DESCRIPTION} characters, got {}", d.chars().count()),
                ));
                None
            }
            d => d.map(|d| visible_lines(&d).into_owned()),
        };
        let headline = match self.headline {
            Some(h) if h.chars().count() > MAX_HEADLINE => {
                problems.push(invalid(
                    "headline",
                    format!("must be at most {MAX_HEADLINE} characters, got {}", h.chars().count()),
                ));
                None
            }
            Some(h) if !h.trim().is_empty() => Some(visible(h.trim()).into_owned()),
            _ => None,
        };
        // The budget is only worth checking for a scenario that is otherwise right.
        if problems.len() > before {
            return None;
        }
        let (Some(landscape), Some(steps), Some(start), Some(function)) = (landscape, steps, start, self.function)
        else {
            return None;
        };
        let sharpness = budget::sharpness_work(&landscape, steps as usize, sharpness_every) * optimizers.len() as f64;
        let runs_work: f64 = optimizers.iter().map(|o| budget::run_work(&landscape, &o.spec, steps as usize)).sum();
        // A plane is taken through the runs before their steps are written:
        // `losscape run` computes each run twice.
        let work = runs_work * if plane.is_some() { 2.0 } else { 1.0 } + sharpness;
        let records: u64 = optimizers.iter().map(|o| steps * budget::record_weight(&o.spec, steps as usize)).sum();
        budget::check("this scenario", work, records).map_err(|m| invalid("steps", m)).noted(problems)?;
        Some(Scenario {
            name,
            description,
            headline,
            function,
            landscape,
            start,
            steps: steps as usize,
            sharpness_every,
            plane,
            seed,
            stop: if stop_ok { stop } else { StopRules::default() },
            optimizers,
            autoplay: self.autoplay.unwrap_or(false),
            layout,
            view,
            path: None,
            stem: default_name.to_string(),
        })
    }
}

/// What every optimizer shares: the landscape, start, stop rules, steps and
/// seed, each `None` where the file's is wrong.
#[derive(Clone, Copy)]
struct Common<'a> {
    landscape: Option<&'a Arc<Landscape>>,
    start: Option<Option<&'a Vector>>,
    stop: StopRules,
    steps: Option<u64>,
    seed: u64,
}

/// An optimizer's label: its own, or its type's name numbered past those taken.
fn optimizer_label(
    o: &OptimizerFile,
    path: &str,
    files: &[OptimizerFile],
    taken: &[String],
    problems: &mut Problems,
) -> Option<String> {
    match &o.label {
        Some(l) if l.trim().is_empty() => {
            problems.push(invalid(format!("{path}.label"), "must not be empty"));
            None
        }
        Some(l) if l.chars().count() > MAX_LABEL => {
            problems.push(invalid(
                format!("{path}.label"),
                format!("must be at most {MAX_LABEL} characters, got {}", l.chars().count()),
            ));
            None
        }
        Some(l) => {
            let l = visible(l).into_owned();
            if let Some(other) = taken.iter().position(|t| *t == l) {
                problems.push(invalid(
                    format!("{path}.label"),
                    format!("`{l}` is already the label of optimizer {}", other + 1),
                ));
                return None;
            }
            Some(l)
        }
        None => {
            let base_label = o
                .kind
                .as_deref()
                .and_then(crate::core::optim::OptimizerType::from_name)
                .map_or("optimizer", |k| k.name());
            let free = |l: &str| !taken.iter().any(|t| t == l) && !files.iter().any(|f| f.label.as_deref() == Some(l));
            Some(
                (1..)
                    .map(|n| if n == 1 { base_label.to_string() } else { format!("{base_label} {n}") })
                    .find(|l| free(l))
                    .expect("some numbered label is free"),
            )
        }
    }
}

/// An optimizer's colour and run, or `None` with its problems noted.
fn optimizer_entry(
    o: &OptimizerFile,
    path: &str,
    i: usize,
    common: Common,
    problems: &mut Problems,
) -> Option<(Option<Rgb>, RunSpec)> {
    let before = problems.len();
    let optimizer = o.optimizer(path, problems);
    let dim = common.landscape.map(|l| l.dim());
    if let (Some(optimizer), Some(n)) = (&optimizer, dim)
        && let Some((most, why)) = optimizer.kind.declaration().most_parameters
        && n > most
    {
        problems.push(invalid(path, format!("{why}, for up to {most} parameters; this function has {n}")));
    }
    let own_start = o.start.as_ref().map(|s| parse_point(&format!("{path}.start"), s, dim).noted(problems));
    let start = match (own_start, common.start) {
        (Some(own), _) => own,
        (None, Some(Some(start))) => Some(start.clone()),
        (None, Some(None)) => {
            problems.push(invalid(path, "no start: give the scenario a `start` or this optimizer its own"));
            None
        }
        // The scenario's start is wrong: that is said once, there.
        (None, None) => None,
    };
    let batch_size = match (o.batch_size, common.landscape) {
        (None, _) => None,
        (Some(_), Some(landscape)) if landscape.data_len().is_none() => {
            problems
                .push(invalid(format!("{path}.batch_size"), "only data landscapes (linear_regression) have batches"));
            None
        }
        (Some(0), _) => {
            problems.push(invalid(format!("{path}.batch_size"), "must be at least 1"));
            None
        }
        (Some(n), _) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
    };
    let color = match &o.color {
        None => None,
        Some(c) => Rgb::parse(c).or_else(|| {
            let names: Vec<_> = COLOR_NAMES.iter().map(|(n, _)| *n).collect();
            problems.push(invalid(
                format!("{path}.color"),
                format!("unknown colour `{c}`; use #rrggbb or one of {}", names.join(", ")),
            ));
            None
        }),
    };
    let schedule = o.schedule.as_ref().map(|s| parse_schedule(&format!("{path}.schedule"), s, problems));
    let clip_norm = o.clip_norm.map(|v| positive(&format!("{path}.clip_norm"), v).noted(problems));
    let noise = o.noise.map(|v| non_negative(&format!("{path}.noise"), v).noted(problems));
    if problems.len() > before {
        return None;
    }
    let spec = RunSpec {
        optimizer: optimizer?,
        start: start?,
        schedule: schedule.flatten(),
        clip_norm: clip_norm.flatten(),
        noise: noise.flatten().unwrap_or(0.0),
        batch_size,
        // Each optimizer gets its own noise and batch order.
        seed: common.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        stop: common.stop,
        max_steps: common.steps? as usize,
    };
    Some((color, spec))
}
