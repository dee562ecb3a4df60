//! From the file's shape to a validated [`Scenario`]: every check, and
//! every message naming the field and what it allows.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::file::{DomainFile, ScenarioFile};
use super::function::parse_function;
use super::optimizer::parse_schedule;
use super::{
    Arrows, COLOR_NAMES, ChartQuantity, Layout, MAX_OPTIMIZERS, MAX_STEPS, OpenPanel, OptimizerEntry, Rgb, Scenario,
    ViewSettings,
};
use crate::core::{Vec2, budget};
use crate::sanitize::{visible, visible_lines};

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
use crate::core::landscape::{Domain, Kind, Landscape};
use crate::core::run::{RunSpec, StopRules};

pub(super) type Invalid = (String, String);

pub(super) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Invalid {
    (path.into(), message.into())
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

pub(super) fn parse_point(path: &str, value: &Value, dim: usize) -> Result<Vec2, Invalid> {
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

pub(super) fn parse_range(path: &str, [lo, hi]: [f64; 2]) -> Result<(f64, f64), Invalid> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Err(invalid(path, "bounds must be finite"));
    }
    if lo >= hi {
        return Err(invalid(path, format!("needs lo < hi, got [{lo}, {hi}]")));
    }
    let largest = lo.abs().max(hi.abs());
    if largest > MAX_COORDINATE {
        return Err(invalid(path, format!("bounds must lie within ±{MAX_COORDINATE:e}, got [{lo}, {hi}]")));
    }
    // Narrower than this, neighbouring pixels are the same number in f64.
    if hi - lo < MIN_RELATIVE_WIDTH * largest.max(1.0) {
        return Err(invalid(
            path,
            format!("is too narrow to draw: hi − lo must be at least {MIN_RELATIVE_WIDTH:e} of the bounds' size"),
        ));
    }
    Ok((lo, hi))
}

pub(super) fn parse_domain(path: &str, d: DomainFile, dim: usize) -> Result<Domain, Invalid> {
    let x = parse_range(&format!("{path}.x"), d.x)?;
    let y = match (d.y, dim) {
        (Some(y), 2) => Some(parse_range(&format!("{path}.y"), y)?),
        (Some(_), _) => return Err(invalid(format!("{path}.y"), "the function is 1-D: give only x")),
        (None, 2) => return Err(invalid(path, "missing field `y` (the function is 2-D)")),
        (None, _) => None,
    };
    Ok(Domain { x, y })
}

impl ScenarioFile {
    pub(super) fn validate(self, base: &Path, default_name: &str) -> Result<Scenario, Invalid> {
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
                Some(l) if l.chars().count() > MAX_LABEL => {
                    return Err(invalid(
                        format!("{path}.label"),
                        format!("must be at most {MAX_LABEL} characters, got {}", l.chars().count()),
                    ));
                }
                Some(l) => {
                    let l = &visible(l).into_owned();
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
        let chart_by_evals = match self.chart_x.as_deref() {
            None | Some("step") => false,
            Some("evals") => true,
            Some(other) => return Err(invalid("chart_x", format!("unknown axis `{other}`; allowed: step, evals"))),
        };
        let open = match self.open.as_deref() {
            None => OpenPanel::Chart,
            Some(name) => OpenPanel::NAMES.iter().find(|(_, n)| *n == name).map(|(p, _)| *p).ok_or_else(|| {
                invalid("open", format!("unknown panel `{name}`; allowed: chart, explain, sweep, basins, ratemap"))
            })?,
        };
        let surface = match self.view.as_deref() {
            None | Some("contour") => false,
            Some("3d") if landscape.dim() == 2 => true,
            Some("3d") => return Err(invalid("view", "the 3-D surface needs a 2-D landscape; this one is 1-D")),
            Some(other) => return Err(invalid("view", format!("unknown view `{other}`; allowed: contour, 3d"))),
        };
        let view = ViewSettings {
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
        let work: f64 = optimizers.iter().map(|o| budget::run_work(&landscape, &o.spec, self.steps as usize)).sum();
        let records: u64 =
            optimizers.iter().map(|o| self.steps * budget::record_weight(&o.spec, self.steps as usize)).sum();
        budget::check("this scenario", work, records).map_err(|m| invalid("steps", m))?;
        let name = match self.name {
            Some(n) if n.chars().count() > MAX_NAME => {
                return Err(invalid(
                    "name",
                    format!("must be at most {MAX_NAME} characters, got {}", n.chars().count()),
                ));
            }
            Some(n) if !n.trim().is_empty() => visible(&n).into_owned(),
            _ => visible(default_name).into_owned(),
        };
        let description = match self.description {
            Some(d) if d.chars().count() > MAX_DESCRIPTION => {
                return Err(invalid(
                    "description",
                    format!("must be at most {MAX_DESCRIPTION} characters, got {}", d.chars().count()),
                ));
            }
            d => d.map(|d| visible_lines(&d).into_owned()),
        };
        Ok(Scenario {
            name,
            description,
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
