//! Headless output of runs: a table, JSON and CSV, plus `losscape list`.
//!
//! Same core as the TUI, no terminal.

mod network;
pub(crate) mod plane;
mod ratemap;
use network::Extras;
pub use ratemap::{RateMapFormat, RateMapReport};

use std::borrow::Borrow;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::core::landscape::{Builtin, Domain, Landscape, builtin_names};
use crate::core::norm;
use crate::core::optim::{HyperValue, Optimizer, OptimizerState, OptimizerType, StepTrace};
use crate::core::plane::{Measured, Placed, Section};
use crate::core::run::{Ending, Outcome, Record, Run, RunSpec, Status, records, simulate};
use crate::core::scenario::{OptimizerEntry, Scenario};
use crate::format;
use rayon::prelude::*;

/// `losscape run --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    /// One row per optimizer.
    Table,
    /// Every step of every run.
    Json,
    /// One row per step per run.
    Csv,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    name: &'a str,
    function: String,
    dim: usize,
    /// With a plane: its kind and what choosing it measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    plane: Option<JsonPlane>,
    runs: Vec<JsonRun<'a>>,
}

/// The scenario's plane: its kind, and the share of the iterates' spread
/// each principal direction holds, or the Hessian's eigenvalue along each.
#[derive(Serialize)]
struct JsonPlane {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    shares: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eigenvalues: Option<[f64; 2]>,
}

impl JsonPlane {
    fn of(scenario: &Scenario, section: Option<&Section>) -> Option<Self> {
        let (choice, section) = (scenario.plane.as_ref()?, section?);
        let measured = match section {
            Section::Plane(_, measured) => *measured,
            Section::Line(_) => None,
        };
        Some(JsonPlane {
            kind: choice.name(),
            shares: match measured {
                Some(Measured::Shares(s)) => Some(s),
                _ => None,
            },
            eigenvalues: match measured {
                Some(Measured::Eigenvalues(e)) => Some(e),
                _ => None,
            },
        })
    }
}

#[derive(Serialize)]
struct JsonRun<'a> {
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    reason: Option<&'a str>,
    steps: usize,
    trajectory: Trajectory<'a>,
}

/// A run's records, written step by step as they are serialised rather
/// than gathered first: from a run's history, or computed afresh as they
/// are written, so that a long run takes no memory beyond one record.
enum Trajectory<'a> {
    History(&'a Run, Option<Extras<'a>>),
    Stream { landscape: &'a Landscape, spec: &'a RunSpec, extras: Option<Extras<'a>>, done: &'a (dyn Fn() + Sync) },
}

impl Serialize for Trajectory<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        match self {
            Trajectory::History(run, extras) => {
                for (step, r) in run.history().iter().enumerate() {
                    seq.serialize_element(&JsonStep::of(step, r, *extras))?;
                }
            }
            Trajectory::Stream { landscape, spec, extras, done } => {
                for (step, r) in records(landscape, spec).enumerate() {
                    seq.serialize_element(&JsonStep::of(step, &r, *extras))?;
                }
                done();
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct JsonStep<'a> {
    step: usize,
    params: &'a [f64],
    loss: f64,
    grad: &'a [f64],
    lr: f64,
    /// Gradient evaluations so far.
    evals: u64,
    /// L-BFGS: the points the step went through, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    inner: Option<Vec<InnerPoint>>,
    /// A classifying network: the fraction of points classified right.
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy: Option<f64>,
    /// A network, at step 0 and every `sharpness_every` steps: the
    /// Hessian's largest eigenvalue.
    #[serde(skip_serializing_if = "Option::is_none")]
    sharpness: Option<f64>,
    /// With a plane: the step's place on it and its distance from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    plane: Option<JsonPlaced>,
}

/// A step's place on the scenario's plane, (a, b), or line, t.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonPlaced {
    Plane { a: f64, b: f64, distance: f64 },
    Line { t: f64, distance: f64 },
}

impl From<Placed> for JsonPlaced {
    fn from(p: Placed) -> Self {
        let [a, b] = p.coordinates;
        if p.two {
            JsonPlaced::Plane { a, b, distance: p.distance }
        } else {
            JsonPlaced::Line { t: a, distance: p.distance }
        }
    }
}

impl<'a> JsonStep<'a> {
    fn of(step: usize, r: &'a Record, extras: Option<Extras<'_>>) -> Self {
        JsonStep {
            accuracy: extras.and_then(|e| e.accuracy(r)),
            sharpness: extras.and_then(|e| e.sharpness(step, r)),
            plane: extras.and_then(|e| e.placed(r)).map(JsonPlaced::from),
            step,
            params: &r.params,
            loss: r.loss,
            grad: &r.grad,
            lr: r.lr,
            evals: r.evals,
            inner: match &r.state {
                OptimizerState::Lbfgs(memory) if step > 0 => Some(inner_points(&memory.trace)),
                _ => None,
            },
        }
    }
}

/// A point an L-BFGS step evaluated or passed through.
#[derive(Serialize)]
struct InnerPoint {
    /// `trial` (a line-search point) or `iterate` (where an iteration ended).
    kind: &'static str,
    params: Vec<f64>,
    /// f there; null where the step did not evaluate it (the last iterate
    /// without line search).
    loss: Option<f64>,
    /// The step length along the iteration's direction.
    t: f64,
}

/// Each iteration's trial points, then its iterate.
fn inner_points(trace: &StepTrace) -> Vec<InnerPoint> {
    let mut points = Vec::new();
    for it in &trace.iterations {
        for trial in &it.trials {
            points.push(InnerPoint { kind: "trial", params: trial.at.to_vec(), loss: Some(trial.loss), t: trial.t });
        }
        points.push(InnerPoint { kind: "iterate", params: it.to.to_vec(), loss: it.loss, t: it.t });
    }
    points
}

/// A serialisation error as an I/O error of the same kind, so that a
/// reader that went away (`| head`) is told apart from a real failure.
fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::from(kind),
        None => io::Error::other(e),
    }
}

/// Writes the runs in the chosen format, from their histories.
pub fn write_runs(out: &mut impl Write, scenario: &Scenario, runs: &[Run], format: RunFormat) -> io::Result<()> {
    match format {
        RunFormat::Table => out.write_all(runs_table(scenario, runs).as_bytes()),
        RunFormat::Json => write_json(out, scenario, runs),
        RunFormat::Csv => write_csv(out, scenario, runs),
    }
}

/// Writes the scenario's runs in the chosen format, each computed afresh as
/// it is written and none keeping its history: memory stays that of a
/// record or two a run, however many steps. `done` is called as each run
/// is finished (from any thread). The numbers are those of [`write_runs`]
/// over the same runs computed with their histories. JSON, which gives a
/// run's status before its steps, computes each run twice: once for its
/// ending, once to write its steps.
pub fn write_streamed(
    out: &mut impl Write,
    scenario: &Scenario,
    format: RunFormat,
    done: &(dyn Fn() + Sync),
) -> io::Result<()> {
    let landscape = &*scenario.landscape;
    let outcomes =
        || -> Vec<Outcome> { scenario.optimizers.par_iter().map(|o| simulate(landscape, &o.spec)).collect() };
    match format {
        RunFormat::Table => {
            let outcomes = outcomes();
            outcomes.iter().for_each(|_| done());
            let ends = scenario.optimizers.iter().zip(&outcomes).map(|(entry, o)| (entry, &o.status, o.steps, &o.last));
            out.write_all(table_of(scenario, ends).as_bytes())
        }
        RunFormat::Json => {
            let section = plane::of_streams(scenario)?;
            let extras = Extras::of(scenario, section.as_ref());
            let outcomes = outcomes();
            let runs = scenario
                .optimizers
                .iter()
                .zip(&outcomes)
                .map(|(entry, o)| JsonRun {
                    label: &entry.label,
                    kind: entry.spec.optimizer.kind.name(),
                    status: o.status.name(),
                    reason: o.status.reason(),
                    steps: o.steps,
                    trajectory: Trajectory::Stream { landscape, spec: &entry.spec, extras, done },
                })
                .collect();
            write_report(out, scenario, section.as_ref(), runs)
        }
        RunFormat::Csv => {
            let section = plane::of_streams(scenario)?;
            let extras = Extras::of(scenario, section.as_ref());
            csv_header(out, scenario, extras)?;
            for entry in &scenario.optimizers {
                let label = csv_field(&entry.label);
                for (step, r) in records(landscape, &entry.spec).enumerate() {
                    csv_row(out, &label, step, &r, extras)?;
                }
                done();
            }
            Ok(())
        }
    }
}

/// The JSON report: `{"name", "function", "dim", "runs": [...]}`; non-finite numbers are null.
pub fn write_json(out: &mut impl Write, scenario: &Scenario, runs: &[impl Borrow<Run>]) -> io::Result<()> {
    let kept: Vec<&Run> = runs.iter().map(Borrow::borrow).collect();
    let section = plane::of_histories(scenario, &kept)?;
    let extras = Extras::of(scenario, section.as_ref());
    let runs = scenario
        .optimizers
        .iter()
        .zip(runs)
        .map(|(entry, run)| (entry, run.borrow()))
        .map(|(entry, run)| JsonRun {
            label: &entry.label,
            kind: entry.spec.optimizer.kind.name(),
            status: run.status().name(),
            reason: run.status().reason(),
            steps: run.steps_taken(),
            trajectory: Trajectory::History(run, extras),
        })
        .collect();
    write_report(out, scenario, section.as_ref(), runs)
}

fn write_report(
    out: &mut impl Write,
    scenario: &Scenario,
    section: Option<&Section>,
    runs: Vec<JsonRun<'_>>,
) -> io::Result<()> {
    let report = JsonReport {
        name: &scenario.name,
        function: scenario.landscape.name(),
        dim: scenario.landscape.dim(),
        plane: JsonPlane::of(scenario, section),
        runs,
    };
    serde_json::to_writer(&mut *out, &report).map_err(io_error)?;
    out.write_all(b"\n")
}

/// A text field of a CSV file: control characters shown visibly (the one
/// rule for text from files), quoted where it holds a separator, a quote or
/// a line break, and, where a spreadsheet would take it for a formula
/// (`=`, `+`, `-`, `@` first), prefixed with `'` so that it stays text.
fn csv_field(text: &str) -> String {
    let text = crate::sanitize::visible(text);
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.into_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// CSV: `label,step,x,y,loss,grad_norm,lr,evals` (no `y` in 1-D; `x1`, …,
/// `xN` for more parameters); a network adds `accuracy` (a classifier's)
/// and `sharpness` (when the scenario asks for it; empty between).
pub fn write_csv(out: &mut impl Write, scenario: &Scenario, runs: &[impl Borrow<Run>]) -> io::Result<()> {
    let kept: Vec<&Run> = runs.iter().map(Borrow::borrow).collect();
    let section = plane::of_histories(scenario, &kept)?;
    let extras = Extras::of(scenario, section.as_ref());
    csv_header(out, scenario, extras)?;
    for (entry, run) in scenario.optimizers.iter().zip(runs) {
        let label = csv_field(&entry.label);
        for (step, r) in run.borrow().history().iter().enumerate() {
            csv_row(out, &label, step, r, extras)?;
        }
    }
    Ok(())
}

fn csv_header(out: &mut impl Write, scenario: &Scenario, extras: Option<Extras>) -> io::Result<()> {
    let coordinates = match scenario.landscape.dim() {
        1 => "x".to_string(),
        2 => "x,y".to_string(),
        n => (1..=n).map(|i| format!("x{i}")).collect::<Vec<_>>().join(","),
    };
    let extra = extras.map(|e| e.header()).unwrap_or_default();
    writeln!(out, "label,step,{coordinates},loss,grad_norm,lr,evals{extra}")
}

fn csv_row(out: &mut impl Write, label: &str, step: usize, r: &Record, extras: Option<Extras>) -> io::Result<()> {
    write!(out, "{label},{step}")?;
    for c in &r.params {
        write!(out, ",{c}")?;
    }
    let extra = extras.map(|e| e.cells(step, r)).unwrap_or_default();
    writeln!(out, ",{},{},{},{}{extra}", r.loss, norm(&r.grad), r.lr, r.evals)
}

/// A point in a table: up to four coordinates, then the first three, an
/// ellipsis and the last.
fn point(p: &[f64], dim: usize) -> String {
    let cells: Vec<String> = match (dim, p) {
        (1, _) => return format::table(p[0]),
        (_, [a, b, c, .., z]) if p.len() > 4 => vec![*a, *b, *c, f64::NAN, *z]
            .into_iter()
            .enumerate()
            .map(|(i, v)| if i == 3 { "…".to_string() } else { format::table(v) })
            .collect(),
        _ => p.iter().map(|c| format::table(*c)).collect(),
    };
    format!("({})", cells.join(", "))
}

/// Pads columns to equal width.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> =
            row.iter().enumerate().map(|(c, cell)| format!("{cell:<width$}", width = widths[c])).collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    out
}

/// One row per optimizer: label, status, steps, gradient evaluations, final θ, final loss, distance to the
/// nearest known minimum.
pub fn runs_table(scenario: &Scenario, runs: &[Run]) -> String {
    let ends = scenario
        .optimizers
        .iter()
        .zip(runs)
        .map(|(entry, run)| (entry, run.status(), run.steps_taken(), run.record(run.steps_taken())));
    table_of(scenario, ends)
}

/// The table of [`runs_table`], from each run's ending: its status, steps and last record.
fn table_of<'a>(
    scenario: &Scenario,
    ends: impl Iterator<Item = (&'a OptimizerEntry, &'a Status, usize, &'a Record)>,
) -> String {
    let dim = scenario.landscape.dim();
    let mut rows = vec![
        ["label", "status", "steps", "evals", "final θ", "final loss", "to nearest minimum"].map(String::from).to_vec(),
    ];
    for (entry, status, steps, last) in ends {
        let status = match status.reason() {
            Some(reason) if status.ending() != Ending::Converged => format!("{} ({reason})", status.name()),
            _ => status.name().to_string(),
        };
        let nearest = scenario.landscape.nearest_minimum(&last.params).map_or("—".into(), |(_, d)| format::table(d));
        rows.push(vec![
            entry.label.clone(),
            status,
            steps.to_string(),
            last.evals.to_string(),
            point(&last.params, dim),
            format::table(last.loss),
            nearest,
        ]);
    }
    format!("{} — {}\n{}", scenario.name, scenario.landscape.formula(), table(&rows))
}

fn domain_text(d: Domain) -> String {
    match d.y {
        Some(y) => format!("x ∈ [{}, {}], y ∈ [{}, {}]", d.x.0, d.x.1, y.0, y.1),
        None => format!("x ∈ [{}, {}]", d.x.0, d.x.1),
    }
}

/// Every function and optimizer, for `losscape list`.
pub fn list_text() -> String {
    let mut out = String::from("Functions (\"function\": name, or {\"name\": name, parameter: value})\n\n");
    for name in builtin_names() {
        let builtin = Builtin::from_name(name).expect("listed names are built-ins");
        let landscape = Landscape::new(crate::core::landscape::Kind::Builtin(builtin));
        let values: Vec<String> =
            builtin.parameter_names().iter().filter_map(|p| builtin.parameter(p).map(|v| format!("{p}={v}"))).collect();
        let params = if values.is_empty() { String::new() } else { format!("  (parameters {})", values.join(", ")) };
        let _ = writeln!(
            out,
            "  {name}{params}\n    {}\n    domain {}",
            landscape.formula(),
            domain_text(landscape.domain())
        );
        let minima: Vec<String> = landscape
            .minima()
            .iter()
            .map(|m| {
                let kind = if m.global { "global" } else { "local" };
                format!("{} f={} ({kind})", point(&m.point, landscape.dim()), format::table(m.value))
            })
            .collect();
        let _ = writeln!(out, "    minima: {}", if minima.is_empty() { "none".into() } else { minima.join("; ") });
    }
    out.push_str(
        "  linear_regression\n    mean over the data of (w·x + b − y)², over (w, b)\n    \
         {\"name\": \"linear_regression\", \"points\": [[x, y], ...]} or \"csv\": \"file.csv\"\n    \
         minima: the least-squares line\n",
    );
    out.push_str(
        "  quadratic_nd\n    ½ Σ λᵢ xᵢ², in as many parameters as curvatures (run, not drawn)\n    \
         {\"name\": \"quadratic_nd\", \"diagonal\": [λ1, λ2, ...]}\n    \
         minima: the origin, where every λᵢ > 0\n",
    );
    out.push_str(
        "  custom\n    {\"expr\": \"(1-x)^2 + 100*(y-x^2)^2\", \"domain\": {\"x\": [lo, hi], \"y\": [lo, hi]}}\n    \
         + - * / ^, parentheses, sin cos tan exp ln log sqrt abs tanh, pi, e\n",
    );
    let others: Vec<&str> = OptimizerType::ALL.iter().filter(|t| !t.declaration().torch).map(|t| t.name()).collect();
    let _ = writeln!(out, "\nOptimizers (torch.optim semantics, but {}; defaults shown)\n", others.join(" and "));
    for kind in OptimizerType::ALL {
        let lr = ("lr", HyperValue::Number(kind.default_lr()));
        let mut params = Vec::new();
        for (name, value) in std::iter::once(lr).chain(Optimizer::with_defaults(kind).hyperparameters()) {
            params.push(match value {
                HyperValue::Number(v) if v != 0.0 && v.abs() < 1e-3 => format!("{name}={v:e}"),
                HyperValue::Number(v) => format!("{name}={v}"),
                HyperValue::Flag(b) => format!("{name}={b}"),
                HyperValue::Pair([a, b]) => format!("{name}=[{a}, {b}]"),
                HyperValue::Word(w) => format!("{name}={w}"),
                HyperValue::Count(n) => format!("{name}={n}"),
                HyperValue::Null => format!("{name}=null"),
            });
        }
        let _ = writeln!(out, "  {:<9} {}", kind.name(), params.join(", "));
    }
    let exact: Vec<&str> = OptimizerType::ALL.iter().filter(|t| t.declaration().exact).map(|t| t.name()).collect();
    let _ = writeln!(
        out,
        "\nEvery optimizer also takes: label, start, schedule, color, and (all but {}, which evaluates\n\
         the exact function itself) clip_norm, noise, batch_size",
        exact.join(", ")
    );
    out.push_str(
        "Schedules: step (step_size, gamma), exponential (gamma), cosine (t_max, eta_min),\n           \
         plateau (factor=0.1, patience=10, threshold=1e-4, min_lr=0)\n",
    );
    out
}

/// The built-in lessons, one per line: number, name to open it by, title and
/// the first sentence of its description.
pub fn lessons_text() -> String {
    let mut out = String::from("Lessons (open one with `losscape NAME`, for example `losscape momentum`)\n\n");
    for lesson in crate::lessons::LESSONS {
        let Ok(scenario) = lesson.scenario() else { continue };
        let summary = scenario.description.as_deref().map(crate::lessons::summary).unwrap_or_default();
        let _ = writeln!(out, "  {:<26} {}\n  {:<26} {}", lesson.stem(), scenario.name, "", summary);
    }
    out
}

/// `losscape basins --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BasinFormat {
    /// The map in characters, one letter per minimum.
    Text,
    /// Every start with where it ended.
    Json,
    /// One row per start.
    Csv,
}

/// `losscape sweep --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    /// One row per learning rate.
    Table,
    /// `{"optimizer": ..., "points": [...]}`.
    Json,
    /// `lr,final_loss,status,steps`.
    Csv,
}

/// The letter of minimum i on a text basin map.
pub fn basin_letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// Writes a basin map of width × height starts, row 0 at the top.
pub fn write_basins(
    out: &mut impl Write,
    landscape: &Landscape,
    points: &[crate::core::analysis::BasinPoint],
    width: usize,
    format: BasinFormat,
) -> io::Result<()> {
    let index = |m: Option<usize>| m.map_or(-1, |i| i as i64);
    match format {
        BasinFormat::Json => {
            let minima: Vec<[f64; 2]> = landscape.minima().iter().map(|m| m.point.xy()).collect();
            let points: Vec<serde_json::Value> = points
                .iter()
                .map(|p| {
                    serde_json::json!({"start": p.start, "end": p.end, "minimum": index(p.minimum), "status": p.status.name(), "steps": p.steps})
                })
                .collect();
            serde_json::to_writer(&mut *out, &serde_json::json!({"minima": minima, "points": points}))
                .map_err(io_error)?;
            out.write_all(b"\n")
        }
        BasinFormat::Csv => {
            writeln!(out, "start_x,start_y,end_x,end_y,minimum,status,steps")?;
            for p in points {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{}",
                    p.start[0],
                    p.start[1],
                    p.end[0],
                    p.end[1],
                    index(p.minimum),
                    p.status,
                    p.steps
                )?;
            }
            Ok(())
        }
        BasinFormat::Text => {
            for row in points.chunks(width.max(1)) {
                let line: String = row
                    .iter()
                    .map(|p| match (p.minimum, p.status) {
                        (Some(i), _) => basin_letter(i),
                        (None, Ending::Diverged) => 'x',
                        (None, _) => '.',
                    })
                    .collect();
                writeln!(out, "{line}")?;
            }
            writeln!(out)?;
            for (i, m) in landscape.minima().iter().enumerate() {
                writeln!(out, "{} ends within 1e-3 of {}", basin_letter(i), point(&m.point, landscape.dim()))?;
            }
            writeln!(out, ". ends elsewhere (not yet at a known minimum)\nx diverged")
        }
    }
}

/// Writes a learning-rate sweep.
pub fn write_sweep(
    out: &mut impl Write,
    label: &str,
    points: &[crate::core::analysis::SweepPoint],
    format: SweepFormat,
) -> io::Result<()> {
    match format {
        SweepFormat::Json => {
            let points: Vec<serde_json::Value> = points
                .iter()
                .map(|p| serde_json::json!({"lr": p.lr, "final_loss": p.final_loss, "status": p.status.name(), "steps": p.steps}))
                .collect();
            serde_json::to_writer(&mut *out, &serde_json::json!({"optimizer": label, "points": points}))
                .map_err(io_error)?;
            out.write_all(b"\n")
        }
        SweepFormat::Csv => {
            writeln!(out, "lr,final_loss,status,steps")?;
            for p in points {
                writeln!(out, "{},{},{},{}", p.lr, p.final_loss, p.status, p.steps)?;
            }
            Ok(())
        }
        SweepFormat::Table => {
            let mut rows = vec![["lr", "final loss", "status", "steps"].map(String::from).to_vec()];
            for p in points {
                rows.push(vec![
                    format::table(p.lr),
                    format::table(p.final_loss),
                    p.status.to_string(),
                    p.steps.to_string(),
                ]);
            }
            writeln!(out, "{label}: final loss against learning rate")?;
            out.write_all(table(&rows).as_bytes())
        }
    }
}
