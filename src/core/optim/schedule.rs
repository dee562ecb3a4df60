//! Learning-rate schedules with torch.optim.lr_scheduler's semantics.
//!
//! Each is stepped once after every optimizer step, and computes the next
//! rate from the current one the way torch's `step()` does (its recursive
//! "chainable" form), so that the numbers match torch's.

use std::f64::consts::PI;

/// A learning-rate schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// StepLR: multiply by `gamma` every `step_size` steps.
    Step { step_size: u64, gamma: f64 },
    /// ExponentialLR: multiply by `gamma` every step.
    Exponential { gamma: f64 },
    /// CosineAnnealingLR: from the base rate down to `eta_min` over `t_max`
    /// steps, then back up (a cosine of period 2·t_max).
    Cosine { t_max: u64, eta_min: f64 },
    /// ReduceLROnPlateau (mode min, relative threshold, no cooldown):
    /// multiply by `factor` when the loss has not improved by the relative
    /// `threshold` for more than `patience` steps.
    Plateau { factor: f64, patience: u64, threshold: f64, min_lr: f64 },
}

/// What ReduceLROnPlateau remembers between steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduleState {
    /// The best loss seen.
    pub best: f64,
    /// Steps since it last improved.
    pub bad_steps: u64,
}

impl Default for ScheduleState {
    fn default() -> Self {
        ScheduleState { best: f64::INFINITY, bad_steps: 0 }
    }
}

/// ReduceLROnPlateau ignores reductions smaller than this (torch's `eps`).
const PLATEAU_EPS: f64 = 1e-8;

impl Schedule {
    /// Its `type` in scenario files.
    pub fn type_name(&self) -> &'static str {
        match self {
            Schedule::Step { .. } => "step",
            Schedule::Exponential { .. } => "exponential",
            Schedule::Cosine { .. } => "cosine",
            Schedule::Plateau { .. } => "plateau",
        }
    }

    /// The rate after the schedule's `epoch`-th step (counting from 1), given
    /// the base rate, the current rate and (for plateau) the loss reported.
    pub fn next_lr(&self, base_lr: f64, lr: f64, epoch: u64, loss: f64, state: &mut ScheduleState) -> f64 {
        match *self {
            Schedule::Step { step_size, gamma } => {
                if epoch == 0 || !epoch.is_multiple_of(step_size) {
                    lr
                } else {
                    lr * gamma
                }
            }
            Schedule::Exponential { gamma } => {
                if epoch == 0 {
                    lr
                } else {
                    lr * gamma
                }
            }
            Schedule::Cosine { t_max, eta_min } => {
                let (e, t) = (epoch as i64, t_max as i64);
                let tf = t_max as f64;
                if epoch == 0 {
                    base_lr
                } else if (e - 1 - t).rem_euclid(2 * t) == 0 {
                    lr + (base_lr - eta_min) * (1.0 - (PI / tf).cos()) / 2.0
                } else {
                    (1.0 + (PI * epoch as f64 / tf).cos()) / (1.0 + (PI * (epoch - 1) as f64 / tf).cos())
                        * (lr - eta_min)
                        + eta_min
                }
            }
            Schedule::Plateau { factor, patience, threshold, min_lr } => {
                if loss < state.best * (1.0 - threshold) {
                    state.best = loss;
                    state.bad_steps = 0;
                } else {
                    state.bad_steps += 1;
                }
                if state.bad_steps > patience {
                    state.bad_steps = 0;
                    let new_lr = (lr * factor).max(min_lr);
                    if lr - new_lr > PLATEAU_EPS {
                        return new_lr;
                    }
                }
                lr
            }
        }
    }
}
