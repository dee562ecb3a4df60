//! One optimizer object: its type, learning rate, hyperparameters (only
//! those of its type) and schedule.

use serde_json::Value;

use super::file::{OptimizerFile, ScheduleFile};
use super::shape::Shape;
use super::validate::{
    Invalid, MAX_LR, MAX_SCHEDULE_STEPS, Noted, Problems, check, invalid, non_negative, positive, unit_closed,
    unit_half_open,
};
use crate::core::optim::{Field, HyperValue, Limit, Optimizer, OptimizerType, Schedule};

/// Fields an optimizer that evaluates the exact function itself refuses.
const PER_GRADIENT: [&str; 3] = ["noise", "clip_norm", "batch_size"];

/// Whether a field is a hyperparameter of some optimizer type (rather than
/// one every type takes, such as lr or color).
fn is_hyperparameter(field: &str) -> bool {
    OptimizerType::ALL.iter().any(|t| t.takes(field))
}

/// Whether an optimizer of this type takes the per-gradient settings.
fn per_gradient(kind: Option<OptimizerType>) -> bool {
    kind.is_none_or(|k| !k.declaration().exact)
}

/// The fields an optimizer object of this type takes (of any type, its
/// hyperparameters aside, when the type is unknown): those every type
/// takes, around `lr`, with its own hyperparameters after `lr`.
pub(super) fn fields_of_type(kind: Option<&str>) -> Vec<&'static str> {
    let all = Shape::of::<OptimizerFile>().field_names();
    let kind = kind.and_then(OptimizerType::from_name);
    let common: Vec<&str> = all.iter().copied().filter(|f| !is_hyperparameter(f)).collect();
    let own = kind.map_or_else(Vec::new, OptimizerType::hyperparameter_names);
    let at = common.iter().position(|f| *f == "lr").map_or(common.len(), |i| i + 1);
    let mut fields: Vec<&str> = common[..at].to_vec();
    fields.extend(own.iter().filter(|f| all.contains(f)));
    fields.extend(common[at..].iter().filter(|f| per_gradient(kind) || !PER_GRADIENT.contains(f)));
    fields
}

/// Why an optimizer of this type refuses a field that another type takes.
pub(super) fn refused_field(kind: Option<&str>, key: &str) -> Option<String> {
    let kind = OptimizerType::from_name(kind?)?;
    if !per_gradient(Some(kind)) && PER_GRADIENT.contains(&key) {
        return Some(format!(
            "{} evaluates the exact function at every point it tries; noise, clip_norm and batch_size do not apply",
            kind.name()
        ));
    }
    if !is_hyperparameter(key) {
        return None;
    }
    let owners: Vec<&str> = OptimizerType::ALL.iter().filter(|t| t.takes(key)).map(|t| t.name()).collect();
    let own = kind.hyperparameter_names();
    let takes = if own.is_empty() { "only lr".to_string() } else { format!("lr, {}", own.join(", ")) };
    Some(format!("not a hyperparameter of {}, which takes {takes} ({key} is for {})", kind.name(), owners.join(", ")))
}

/// The words a hyperparameter of words takes (`form`, `line_search_fn`),
/// as the optimizers declare them; empty for other fields.
pub(super) fn words_of(field: &str) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for f in OptimizerType::ALL.iter().flat_map(|t| t.declaration().fields).filter(|f| f.name == field) {
        if let Limit::Word { words: w, .. } = f.limit {
            for word in w {
                if !words.contains(word) {
                    words.push(word);
                }
            }
        }
    }
    words
}

/// A hyperparameter's value as a file gives it, checked against its limit;
/// `None` with its problem noted.
fn given_value(f: &Field, raw: &Value, path: &str, bad: &mut Problems) -> Option<HyperValue> {
    let pair = || -> Option<[f64; 2]> {
        let a = raw.as_array().filter(|a| a.len() == 2)?;
        Some([a[0].as_f64()?, a[1].as_f64()?])
    };
    match f.limit {
        Limit::NonNegative => raw.as_f64().and_then(|v| non_negative(path, v).noted(bad)).map(HyperValue::Number),
        Limit::Unit => raw.as_f64().and_then(|v| unit_closed(path, v).noted(bad)).map(HyperValue::Number),
        Limit::Betas => {
            let values = pair()?;
            let mut ok = true;
            for (name, v) in ["beta1", "beta2"].into_iter().zip(values) {
                if let Err((path, message)) = unit_half_open(path, v) {
                    bad.push((path, format!("{name} {message}")));
                    ok = false;
                }
            }
            ok.then_some(HyperValue::Pair(values))
        }
        Limit::Pair { holds, needs } => {
            let [a, b] = pair()?;
            if holds(a, b) {
                Some(HyperValue::Pair([a, b]))
            } else {
                bad.push(invalid(path, format!("{needs}, got [{a}, {b}]")));
                None
            }
        }
        Limit::Count { max } => {
            let v = raw.as_u64()?;
            if (1..=max).contains(&v) {
                Some(HyperValue::Count(v))
            } else {
                bad.push(invalid(path, format!("must be a whole number from 1 to {max}, got {v}")));
                None
            }
        }
        Limit::Flag => raw.as_bool().map(HyperValue::Flag),
        Limit::Word { what, words, nullable } => {
            let w = raw.as_str()?;
            if let Some(word) = words.iter().find(|word| **word == w) {
                return Some(HyperValue::Word(word));
            }
            let none = if nullable { ", or null for none" } else { "" };
            bad.push(invalid(path, format!("unknown {what} `{w}`; allowed: {}{none}", words.join(", "))));
            None
        }
    }
}

/// A schedule, or `None` with its problems noted.
pub(super) fn parse_schedule(path: &str, s: &ScheduleFile, problems: &mut Problems) -> Option<Schedule> {
    let Some(kind) = s.kind.as_deref() else {
        let names: Vec<&str> = SCHEDULES.iter().map(|s| s.name).collect();
        let (last, rest) = names.split_last().expect("there are schedules");
        problems.push(invalid(path, format!("missing `type`: {} or {last}", rest.join(", "))));
        return None;
    };
    schedule_of(path, kind, s).noted(problems)
}

/// A schedule type: its name, the settings it takes besides its `type`,
/// and those of them it needs.
pub(super) struct ScheduleType {
    pub(super) name: &'static str,
    pub(super) settings: &'static [&'static str],
    pub(super) required: &'static [&'static str],
}

/// Every schedule type.
pub(super) const SCHEDULES: [ScheduleType; 4] = [
    ScheduleType { name: "step", settings: &["step_size", "gamma"], required: &["step_size", "gamma"] },
    ScheduleType { name: "exponential", settings: &["gamma"], required: &["gamma"] },
    ScheduleType { name: "cosine", settings: &["t_max", "eta_min"], required: &["t_max"] },
    ScheduleType { name: "plateau", settings: &["factor", "patience", "threshold", "min_lr"], required: &[] },
];

/// The settings each schedule takes, besides its `type`.
fn schedule_settings(kind: &str) -> Option<&'static [&'static str]> {
    SCHEDULES.iter().find(|s| s.name == kind).map(|s| s.settings)
}

/// The schedule types' names, for "allowed: …".
fn schedule_names() -> String {
    SCHEDULES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

/// The fields a schedule object of this type takes (of any type when the
/// type is unknown).
pub(super) fn fields_of_schedule(kind: Option<&str>) -> Vec<&'static str> {
    let all = Shape::of::<ScheduleFile>().field_names();
    match kind.and_then(schedule_settings) {
        Some(own) => all.into_iter().filter(|f| *f == "type" || own.contains(f)).collect(),
        None => all,
    }
}

/// Why a schedule of this type refuses a setting that another type takes.
pub(super) fn refused_setting(kind: Option<&str>, key: &str) -> Option<String> {
    let kind = kind?;
    let own = schedule_settings(kind)?;
    Shape::of::<ScheduleFile>()
        .field_names()
        .contains(&key)
        .then(|| format!("not a setting of the {kind} schedule (it takes {})", own.join(", ")))
}

fn schedule_of(path: &str, kind: &str, s: &ScheduleFile) -> Result<Schedule, Invalid> {
    if schedule_settings(kind).is_none() {
        return Err(invalid(
            format!("{path}.type"),
            format!("unknown schedule `{kind}`; allowed: {}", schedule_names()),
        ));
    }
    // A setting of another type was refused with the file's shape.
    let required =
        |name: &str, v: Option<f64>| v.ok_or_else(|| invalid(path, format!("the {kind} schedule needs `{name}`")));
    let at_most = |name: &str, v: u64| {
        if v > MAX_SCHEDULE_STEPS {
            Err(invalid(format!("{path}.{name}"), format!("must be at most {MAX_SCHEDULE_STEPS}, got {v}")))
        } else {
            Ok(v)
        }
    };
    let at_least_one = |name: &str, v: Option<u64>| match v {
        Some(n) if n > MAX_SCHEDULE_STEPS => {
            Err(invalid(format!("{path}.{name}"), format!("must be at most {MAX_SCHEDULE_STEPS}, got {n}")))
        }
        Some(0) => Err(invalid(format!("{path}.{name}"), "must be at least 1")),
        Some(n) => Ok(n),
        None => Err(invalid(path, format!("the {kind} schedule needs `{name}`"))),
    };
    Ok(match kind {
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
                patience: at_most("patience", s.patience.unwrap_or(10))?,
                threshold: non_negative(&format!("{path}.threshold"), s.threshold.unwrap_or(1e-4))?,
                min_lr: non_negative(&format!("{path}.min_lr"), s.min_lr.unwrap_or(0.0))?,
            }
        }
    })
}

impl OptimizerFile {
    /// The optimizer, or `None` with every problem of its fields noted.
    pub(super) fn optimizer(&self, path: &str, problems: &mut Problems) -> Option<Optimizer> {
        let names = || OptimizerType::ALL.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ");
        let Some(kind_name) = self.kind.as_deref() else {
            problems.push(invalid(path, format!("missing `type`: one of {}", names())));
            return None;
        };
        let Some(kind) = OptimizerType::from_name(kind_name) else {
            problems.push(invalid(
                format!("{path}.type"),
                format!("unknown optimizer `{kind_name}`; allowed: {}", names()),
            ));
            return None;
        };
        let mut bad = Vec::new();
        let optimizer = self.hyperparameters(kind, path, &mut bad);
        if bad.is_empty() {
            Some(optimizer)
        } else {
            problems.extend(bad);
            None
        }
    }

    /// The learning rate and hyperparameters of a known type, each checked
    /// against the limit its optimizer declares; a field refused by the type
    /// was already told by the shape check.
    fn hyperparameters(&self, kind: OptimizerType, path: &str, bad: &mut Problems) -> Optimizer {
        let field = |name: &str| format!("{path}.{name}");
        let lr = match self.lr {
            Some(lr) => positive(&field("lr"), lr)
                .and_then(|lr| check(&field("lr"), lr, lr <= MAX_LR, &format!("at most {MAX_LR:e}")))
                .noted(bad)
                .unwrap_or(lr),
            None => kind.default_lr(),
        };
        let mut hyper = kind.default_hyper();
        let given = self.given();
        for f in kind.declaration().fields {
            let Some(raw) = given.get(f.name) else { continue };
            if let Some(value) = given_value(f, raw, &field(f.name), bad) {
                hyper.family_mut().set(f.name, value);
            }
        }
        let clean = bad.is_empty();
        if let Some((at, message)) = hyper.family().check(&|name| given.contains_key(name), clean) {
            bad.push(invalid(if at.is_empty() { path.to_string() } else { field(at) }, message));
        }
        Optimizer { kind, lr, hyper }
    }

    /// The fields given (not null), by name.
    fn given(&self) -> serde_json::Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(mut fields)) => {
                fields.retain(|_, v| !v.is_null());
                fields
            }
            _ => serde_json::Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_hyperparameters_are_the_declared_ones() {
        // Every field of an optimizer object is one every type takes, or a
        // hyperparameter some optimizer declares; every declared one is a
        // field of the file.
        let common = ["type", "label", "lr", "start", "schedule", "clip_norm", "noise", "batch_size", "color"];
        let fields = Shape::of::<OptimizerFile>().field_names();
        for field in &fields {
            assert!(common.contains(field) || is_hyperparameter(field), "`{field}` is declared by no optimizer");
        }
        for kind in OptimizerType::ALL {
            for name in kind.hyperparameter_names() {
                assert!(fields.contains(&name), "{}'s `{name}` is not a field of OptimizerFile", kind.name());
            }
        }
    }
}
