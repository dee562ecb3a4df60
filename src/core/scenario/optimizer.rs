//! One optimizer object: its type, learning rate, hyperparameters (only
//! those of its type) and schedule.

use super::file::{OptimizerFile, ScheduleFile};
use super::shape::Shape;
use super::validate::{
    Invalid, MAX_LR, MAX_SCHEDULE_STEPS, Noted, Problems, check, invalid, non_negative, positive, unit_closed,
    unit_half_open,
};
use crate::core::optim::{Hyper, Optimizer, OptimizerType, Schedule};

/// The most inner iterations an L-BFGS step may make.
pub const MAX_LBFGS_ITER: u64 = 10_000;
/// The most evaluations an L-BFGS step may make.
pub const MAX_LBFGS_EVAL: u64 = 100_000;
/// The most (s, y) pairs L-BFGS may remember.
pub const MAX_LBFGS_HISTORY: u64 = 10_000;

/// Fields L-BFGS refuses: it evaluates the exact function itself.
const PER_GRADIENT: [&str; 3] = ["noise", "clip_norm", "batch_size"];

/// Whether a field is a hyperparameter of some optimizer type (rather than
/// one every type takes, such as lr or color).
fn is_hyperparameter(field: &str) -> bool {
    OptimizerType::ALL.iter().any(|t| t.hyperparameter_names().contains(&field))
}

/// The fields an optimizer object of this type takes (of any type, its
/// hyperparameters aside, when the type is unknown): those every type
/// takes, around `lr`, with its own hyperparameters after `lr`.
pub(super) fn fields_of_type(kind: Option<&str>) -> Vec<&'static str> {
    let all = Shape::of::<OptimizerFile>().field_names();
    let kind = kind.and_then(OptimizerType::from_name);
    let common: Vec<&str> = all.iter().copied().filter(|f| !is_hyperparameter(f)).collect();
    let own: &[&str] = kind.map_or(&[], OptimizerType::hyperparameter_names);
    let at = common.iter().position(|f| *f == "lr").map_or(common.len(), |i| i + 1);
    let mut fields: Vec<&str> = common[..at].to_vec();
    fields.extend(own.iter().filter(|f| all.contains(f)));
    fields.extend(common[at..].iter().filter(|f| kind != Some(OptimizerType::Lbfgs) || !PER_GRADIENT.contains(f)));
    fields
}

/// Why an optimizer of this type refuses a field that another type takes.
pub(super) fn refused_field(kind: Option<&str>, key: &str) -> Option<String> {
    let kind = OptimizerType::from_name(kind?)?;
    if kind == OptimizerType::Lbfgs && PER_GRADIENT.contains(&key) {
        return Some(
            "lbfgs evaluates the exact function at every point it tries; noise, clip_norm and batch_size do not apply"
                .into(),
        );
    }
    if !is_hyperparameter(key) {
        return None;
    }
    let owners: Vec<&str> =
        OptimizerType::ALL.iter().filter(|t| t.hyperparameter_names().contains(&key)).map(|t| t.name()).collect();
    let own = kind.hyperparameter_names();
    let takes = if own.is_empty() { "only lr".to_string() } else { format!("lr, {}", own.join(", ")) };
    Some(format!("not a hyperparameter of {}, which takes {takes} ({key} is for {})", kind.name(), owners.join(", ")))
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

/// The momentum forms of the sgd family.
pub(super) const FORMS: [&str; 2] = ["pytorch", "ema"];
/// L-BFGS's line searches (null: none).
pub(super) const LINE_SEARCHES: [&str; 1] = ["strong_wolfe"];

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

    /// The learning rate and hyperparameters of a known type; a field
    /// refused by the type was already told by the shape check.
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
        match &mut hyper {
            Hyper::Sgd(s) => {
                if let Some(v) = self.momentum.and_then(|v| unit_closed(&field("momentum"), v).noted(bad)) {
                    s.momentum = v;
                }
                if let Some(v) = self.dampening.and_then(|v| unit_closed(&field("dampening"), v).noted(bad)) {
                    s.dampening = v;
                }
                if let Some(v) = self.nesterov {
                    s.nesterov = v;
                }
                if let Some(v) = self.weight_decay.and_then(|v| non_negative(&field("weight_decay"), v).noted(bad)) {
                    s.weight_decay = v;
                }
                match self.form.as_deref() {
                    None | Some("pytorch") => {}
                    Some("ema") if self.dampening.is_some() => {
                        bad.push(invalid(field("dampening"), "the ema form sets its own damping (1 − momentum)"));
                    }
                    Some("ema") => s.ema = true,
                    Some(other) => {
                        let allowed = FORMS.join(", ");
                        bad.push(invalid(field("form"), format!("unknown form `{other}`; allowed: {allowed}")));
                    }
                }
                // torch refuses Nesterov without momentum or with dampening
                // (said once the two values themselves are right).
                if bad.is_empty() && s.nesterov && (s.momentum <= 0.0 || s.dampening != 0.0) {
                    bad.push(invalid(path, "Nesterov momentum needs momentum > 0 and dampening = 0"));
                }
            }
            Hyper::Adagrad(a) => {
                if let Some(v) = self.lr_decay.and_then(|v| non_negative(&field("lr_decay"), v).noted(bad)) {
                    a.lr_decay = v;
                }
                if let Some(v) = self.weight_decay.and_then(|v| non_negative(&field("weight_decay"), v).noted(bad)) {
                    a.weight_decay = v;
                }
                if let Some(v) = self
                    .initial_accumulator_value
                    .and_then(|v| non_negative(&field("initial_accumulator_value"), v).noted(bad))
                {
                    a.initial_accumulator_value = v;
                }
                if let Some(v) = self.eps.and_then(|v| non_negative(&field("eps"), v).noted(bad)) {
                    a.eps = v;
                }
            }
            Hyper::RmsProp(r) => {
                if let Some(v) = self.alpha.and_then(|v| unit_closed(&field("alpha"), v).noted(bad)) {
                    r.alpha = v;
                }
                if let Some(v) = self.eps.and_then(|v| non_negative(&field("eps"), v).noted(bad)) {
                    r.eps = v;
                }
                if let Some(v) = self.weight_decay.and_then(|v| non_negative(&field("weight_decay"), v).noted(bad)) {
                    r.weight_decay = v;
                }
                if let Some(v) = self.momentum.and_then(|v| unit_closed(&field("momentum"), v).noted(bad)) {
                    r.momentum = v;
                }
                if let Some(v) = self.centered {
                    r.centered = v;
                }
            }
            Hyper::Adam(a) => {
                self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay, bad);
                if let Some(v) = self.amsgrad {
                    a.amsgrad = v;
                }
            }
            Hyper::NAdam(a) => {
                self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay, bad);
                if let Some(v) = self.momentum_decay.and_then(|v| non_negative(&field("momentum_decay"), v).noted(bad))
                {
                    a.momentum_decay = v;
                }
                if let Some(v) = self.decoupled_weight_decay {
                    a.decoupled_weight_decay = v;
                }
            }
            Hyper::RAdam(a) => {
                self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay, bad);
                if let Some(v) = self.decoupled_weight_decay {
                    a.decoupled_weight_decay = v;
                }
            }
            Hyper::Adamax(a) => self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay, bad),
            Hyper::Adadelta(a) => {
                if let Some(v) = self.rho.and_then(|v| unit_closed(&field("rho"), v).noted(bad)) {
                    a.rho = v;
                }
                if let Some(v) = self.eps.and_then(|v| non_negative(&field("eps"), v).noted(bad)) {
                    a.eps = v;
                }
                if let Some(v) = self.weight_decay.and_then(|v| non_negative(&field("weight_decay"), v).noted(bad)) {
                    a.weight_decay = v;
                }
            }
            Hyper::Rprop(r) => {
                if let Some([minus, plus]) = self.etas {
                    // torch's own condition.
                    if minus > 0.0 && minus < 1.0 && plus > 1.0 && plus.is_finite() {
                        r.etas = [minus, plus];
                    } else {
                        bad.push(invalid(
                            field("etas"),
                            format!("needs 0 < eta_minus < 1 < eta_plus, got [{minus}, {plus}]"),
                        ));
                    }
                }
                if let Some([smallest, largest]) = self.step_sizes {
                    if smallest >= 0.0 && smallest <= largest && largest.is_finite() {
                        r.step_sizes = [smallest, largest];
                    } else {
                        bad.push(invalid(
                            field("step_sizes"),
                            format!("needs 0 ≤ smallest ≤ largest, got [{smallest}, {largest}]"),
                        ));
                    }
                }
            }
            Hyper::Lbfgs(l) => {
                let count = |name: &str, v: u64, max: u64| {
                    if (1..=max).contains(&v) {
                        Ok(v as u32)
                    } else {
                        Err(invalid(field(name), format!("must be a whole number from 1 to {max}, got {v}")))
                    }
                };
                if let Some(v) = self.max_iter.and_then(|v| count("max_iter", v, MAX_LBFGS_ITER).noted(bad)) {
                    l.max_iter = v;
                }
                if let Some(v) = self.max_eval.and_then(|v| count("max_eval", v, MAX_LBFGS_EVAL).noted(bad)) {
                    l.max_eval = Some(v);
                }
                if let Some(v) = self.history_size.and_then(|v| count("history_size", v, MAX_LBFGS_HISTORY).noted(bad))
                {
                    l.history_size = v;
                }
                if let Some(v) = self.tolerance_grad.and_then(|v| non_negative(&field("tolerance_grad"), v).noted(bad))
                {
                    l.tolerance_grad = v;
                }
                if let Some(v) =
                    self.tolerance_change.and_then(|v| non_negative(&field("tolerance_change"), v).noted(bad))
                {
                    l.tolerance_change = v;
                }
                match self.line_search_fn.as_deref() {
                    None => {}
                    Some("strong_wolfe") => l.strong_wolfe = true,
                    Some(other) => {
                        bad.push(invalid(
                            field("line_search_fn"),
                            format!(
                                "unknown line search `{other}`; allowed: {}, or null for none",
                                LINE_SEARCHES.join(", ")
                            ),
                        ));
                    }
                }
            }
            Hyper::Newton => {}
        }
        Optimizer { kind, lr, hyper }
    }

    /// betas, eps and weight_decay, as the Adam family takes them.
    fn adam_like(
        &self,
        field: &dyn Fn(&str) -> String,
        betas: &mut [f64; 2],
        eps: &mut f64,
        weight_decay: &mut f64,
        bad: &mut Problems,
    ) {
        if let Some(pair) = self.betas {
            for (i, (name, v)) in ["beta1", "beta2"].into_iter().zip(pair).enumerate() {
                match unit_half_open(&field("betas"), v) {
                    Ok(v) => betas[i] = v,
                    Err((path, message)) => bad.push((path, format!("{name} {message}"))),
                }
            }
        }
        if let Some(v) = self.eps.and_then(|v| non_negative(&field("eps"), v).noted(bad)) {
            *eps = v;
        }
        if let Some(v) = self.weight_decay.and_then(|v| non_negative(&field("weight_decay"), v).noted(bad)) {
            *weight_decay = v;
        }
    }
}
