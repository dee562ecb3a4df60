//! One optimizer object: its type, learning rate, hyperparameters (only
//! those of its type) and schedule.

use super::file::{OptimizerFile, ScheduleFile};
use super::validate::{
    Invalid, MAX_LR, MAX_SCHEDULE_STEPS, check, invalid, non_negative, positive, unit_closed, unit_half_open,
};
use crate::core::optim::{Hyper, Optimizer, OptimizerType, Schedule};

/// The most inner iterations an L-BFGS step may make.
pub const MAX_LBFGS_ITER: u64 = 10_000;
/// The most evaluations an L-BFGS step may make.
pub const MAX_LBFGS_EVAL: u64 = 100_000;
/// The most (s, y) pairs L-BFGS may remember.
pub const MAX_LBFGS_HISTORY: u64 = 10_000;

pub(super) fn parse_schedule(path: &str, s: &ScheduleFile) -> Result<Schedule, Invalid> {
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
                patience: at_most("patience", s.patience.unwrap_or(10))?,
                threshold: non_negative(&format!("{path}.threshold"), s.threshold.unwrap_or(1e-4))?,
                min_lr: non_negative(&format!("{path}.min_lr"), s.min_lr.unwrap_or(0.0))?,
            }
        }
    })
}

impl OptimizerFile {
    /// The hyperparameters set in the file, by name.
    fn given(&self) -> [(&'static str, bool); 22] {
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
            ("momentum_decay", self.momentum_decay.is_some()),
            ("decoupled_weight_decay", self.decoupled_weight_decay.is_some()),
            ("rho", self.rho.is_some()),
            ("etas", self.etas.is_some()),
            ("step_sizes", self.step_sizes.is_some()),
            ("max_iter", self.max_iter.is_some()),
            ("max_eval", self.max_eval.is_some()),
            ("tolerance_grad", self.tolerance_grad.is_some()),
            ("tolerance_change", self.tolerance_change.is_some()),
            ("history_size", self.history_size.is_some()),
            ("line_search_fn", self.line_search_fn.is_some()),
        ]
    }

    pub(super) fn optimizer(&self, path: &str) -> Result<Optimizer, Invalid> {
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
        if kind == OptimizerType::Lbfgs {
            // It evaluates the function itself, wherever its search goes.
            let per_gradient = [
                ("noise", self.noise.is_some()),
                ("clip_norm", self.clip_norm.is_some()),
                ("batch_size", self.batch_size.is_some()),
            ];
            if let Some((name, _)) = per_gradient.iter().find(|(_, given)| *given) {
                return Err(invalid(
                    field(name),
                    "lbfgs evaluates the exact function at every point it tries; noise, clip_norm and batch_size do not apply",
                ));
            }
        }
        let lr = match self.lr {
            Some(lr) => check(&field("lr"), positive(&field("lr"), lr)?, lr <= MAX_LR, &format!("at most {MAX_LR:e}"))?,
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
                self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay)?;
                if let Some(v) = self.amsgrad {
                    a.amsgrad = v;
                }
            }
            Hyper::NAdam(a) => {
                self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay)?;
                if let Some(v) = self.momentum_decay {
                    a.momentum_decay = non_negative(&field("momentum_decay"), v)?;
                }
                if let Some(v) = self.decoupled_weight_decay {
                    a.decoupled_weight_decay = v;
                }
            }
            Hyper::RAdam(a) => {
                self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay)?;
                if let Some(v) = self.decoupled_weight_decay {
                    a.decoupled_weight_decay = v;
                }
            }
            Hyper::Adamax(a) => self.adam_like(&field, &mut a.betas, &mut a.eps, &mut a.weight_decay)?,
            Hyper::Adadelta(a) => {
                if let Some(v) = self.rho {
                    a.rho = unit_closed(&field("rho"), v)?;
                }
                if let Some(v) = self.eps {
                    a.eps = non_negative(&field("eps"), v)?;
                }
                if let Some(v) = self.weight_decay {
                    a.weight_decay = non_negative(&field("weight_decay"), v)?;
                }
            }
            Hyper::Rprop(r) => {
                if let Some([minus, plus]) = self.etas {
                    // torch's own condition.
                    if !(minus > 0.0 && minus < 1.0 && plus > 1.0 && plus.is_finite()) {
                        return Err(invalid(
                            field("etas"),
                            format!("needs 0 < etas[0] < 1 < etas[1], got [{minus}, {plus}]"),
                        ));
                    }
                    r.etas = [minus, plus];
                }
                if let Some([smallest, largest]) = self.step_sizes {
                    if !(smallest >= 0.0 && smallest <= largest && largest.is_finite()) {
                        return Err(invalid(
                            field("step_sizes"),
                            format!("needs 0 ≤ step_sizes[0] ≤ step_sizes[1], got [{smallest}, {largest}]"),
                        ));
                    }
                    r.step_sizes = [smallest, largest];
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
                if let Some(v) = self.max_iter {
                    l.max_iter = count("max_iter", v, MAX_LBFGS_ITER)?;
                }
                if let Some(v) = self.max_eval {
                    l.max_eval = Some(count("max_eval", v, MAX_LBFGS_EVAL)?);
                }
                if let Some(v) = self.history_size {
                    l.history_size = count("history_size", v, MAX_LBFGS_HISTORY)?;
                }
                if let Some(v) = self.tolerance_grad {
                    l.tolerance_grad = non_negative(&field("tolerance_grad"), v)?;
                }
                if let Some(v) = self.tolerance_change {
                    l.tolerance_change = non_negative(&field("tolerance_change"), v)?;
                }
                match self.line_search_fn.as_deref() {
                    None => {}
                    Some("strong_wolfe") => l.strong_wolfe = true,
                    Some(other) => {
                        return Err(invalid(
                            field("line_search_fn"),
                            format!("unknown line search `{other}`; allowed: strong_wolfe, or null for none"),
                        ));
                    }
                }
            }
            Hyper::Newton => {}
        }
        Ok(Optimizer { kind, lr, hyper })
    }

    /// betas, eps and weight_decay, as the Adam family takes them.
    fn adam_like(
        &self,
        field: &dyn Fn(&str) -> String,
        betas: &mut [f64; 2],
        eps: &mut f64,
        weight_decay: &mut f64,
    ) -> Result<(), Invalid> {
        if let Some([b1, b2]) = self.betas {
            *betas = [unit_half_open(&field("betas[0]"), b1)?, unit_half_open(&field("betas[1]"), b2)?];
        }
        if let Some(v) = self.eps {
            *eps = non_negative(&field("eps"), v)?;
        }
        if let Some(v) = self.weight_decay {
            *weight_decay = non_negative(&field("weight_decay"), v)?;
        }
        Ok(())
    }
}
