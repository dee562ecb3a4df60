//! A scenario back to the JSON of a file, as tuned: what the view saves.

use serde_json::Value;

use super::{Layout, Rgb, Scenario, ViewSettings};
use crate::core::optim::{HyperValue, Optimizer, Schedule};
use crate::core::plane::{LineEnd, PlaneChoice};
use crate::core::run::RunSpec;

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
        let point = |p: &[f64]| -> Value { serde_json::json!(p) };
        let mut out = serde_json::Map::new();
        out.insert("name".into(), self.name.clone().into());
        if let Some(d) = &self.description {
            out.insert("description".into(), d.clone().into());
        }
        if let Some(h) = &self.headline {
            out.insert("headline".into(), h.clone().into());
        }
        out.insert("function".into(), self.function.clone());
        // A function of more parameters is not drawn, and has no domain.
        if self.landscape.dim() <= 2 {
            out.insert("domain".into(), domain_json);
        }
        out.insert("steps".into(), self.steps.into());
        out.insert("seed".into(), self.seed.into());
        if let Some(every) = self.sharpness_every {
            out.insert("sharpness_every".into(), every.into());
        }
        if let Some(plane) = &self.plane {
            let mut out_plane = serde_json::Map::new();
            out_plane.insert("kind".into(), plane.name().into());
            let end = |e: LineEnd| -> Value {
                match e {
                    LineEnd::Start => "start".into(),
                    LineEnd::End(i) => self.optimizers.get(i).map_or(Value::Null, |o| o.label.clone().into()),
                }
            };
            match *plane {
                PlaneChoice::Random { seed } => {
                    out_plane.insert("seed".into(), seed.into());
                }
                PlaneChoice::Line { from, to } => {
                    out_plane.insert("from".into(), end(from));
                    out_plane.insert("to".into(), end(to));
                }
                PlaneChoice::Principal | PlaneChoice::Curvature => {}
            }
            out.insert("plane".into(), out_plane.into());
        }
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
        out.insert("chart_x".into(), if view.chart_by_evals { "evals" } else { "step" }.into());
        out.insert("open".into(), view.open.name().into());
        out.insert("view".into(), if view.surface { "3d" } else { "contour" }.into());
        out.insert("levels".into(), view.levels.name().into());
        if view.open_step > 0 {
            out.insert("open_step".into(), view.open_step.into());
        }
        let optimizers: Vec<Value> = self
            .optimizers
            .iter()
            .zip(specs)
            .map(|(entry, spec)| {
                let mut o = optimizer_json(&spec.optimizer);
                o.insert("label".into(), entry.label.clone().into());
                o.insert("start".into(), point(&spec.start));
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
}

/// Whether a scenario file may hold this optimizer as it is: its JSON, as
/// a saved copy writes it, read back by the loader's own rules, must give
/// the very same optimizer. The loader's message where it does not.
pub fn check_optimizer(optimizer: &Optimizer) -> Result<(), String> {
    let file: super::file::OptimizerFile =
        serde_json::from_value(Value::Object(optimizer_json(optimizer))).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let back = file.optimizer("", &mut problems);
    if let Some((path, message)) = problems.into_iter().next() {
        return Err(format!("{}: {message}", path.trim_start_matches('.')));
    }
    let back = back.ok_or("a scenario file cannot hold this value")?;
    if back == *optimizer { Ok(()) } else { Err("a scenario file cannot hold this value".into()) }
}

fn optimizer_json(o: &Optimizer) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("type".into(), o.kind.name().into());
    m.insert("lr".into(), o.lr.into());
    for (name, value) in o.hyperparameters() {
        let value: Value = match value {
            HyperValue::Number(v) => v.into(),
            HyperValue::Flag(b) => b.into(),
            HyperValue::Pair(p) => serde_json::json!(p),
            HyperValue::Word(w) => w.into(),
            HyperValue::Count(n) => n.into(),
            HyperValue::Null => Value::Null,
        };
        m.insert(name.into(), value);
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
