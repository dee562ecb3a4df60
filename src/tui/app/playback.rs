//! Playback: the step shown, playing at a speed, and what is announced on
//! the way.

use std::time::Duration;

use crate::core::analysis::on_saddle;
use crate::core::run::{Runaway, Status};

use super::{App, MAX_FPS, Mode};

/// The speed playback starts at when a scenario opens, in steps a second:
/// `chosen` (a flag) in place of the scenario's own, `default` (a lab's
/// configuration) where the scenario gives none; else the view's own.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StartSpeed {
    /// Over every scenario's own speed.
    pub chosen: Option<f64>,
    /// For scenarios that give no speed.
    pub default: Option<f64>,
}

impl StartSpeed {
    /// The speed a scenario of `own` speed starts at, if not the view's own.
    pub fn for_scenario(self, own: Option<f64>) -> Option<f64> {
        self.chosen.or(own).or(self.default)
    }
}

impl App {
    /// Sets where playback speed comes from, for this scenario and each
    /// opened after it.
    pub fn set_start_speed(&mut self, start: StartSpeed) {
        self.start_speed = start;
        if let Some(speed) = start.for_scenario(self.scenario.view.speed) {
            self.set_speed(speed);
        }
    }

    /// How long playback waits before its next step, or `None` when paused.
    pub fn tick_interval(&self) -> Option<Duration> {
        (self.mode == Mode::Playing).then(|| Duration::from_secs_f64((1.0 / self.speed()).max(1.0 / MAX_FPS)))
    }

    /// Advances playback by the time elapsed.
    pub fn tick(&mut self, elapsed: Duration) {
        if self.mode != Mode::Playing {
            return;
        }
        self.step_debt += elapsed.as_secs_f64() * self.speed();
        let whole = self.step_debt.floor();
        self.step_debt -= whole;
        self.go_to(self.step.saturating_add(whole as usize));
        if self.step >= self.total_steps() {
            self.mode = Mode::Paused;
        }
    }

    /// Shows step `step` as playback would reach it: playing, announcing
    /// what happened on the way, and paused once at the last step. For
    /// recordings, which draw playback frame by frame at times of their own.
    pub fn play_to(&mut self, step: usize) {
        self.go_to(step);
        self.mode = if self.step >= self.total_steps() { Mode::Paused } else { Mode::Playing };
    }

    /// Playback speed: the ladder's nearest value at or below `steps_per_second`.
    pub fn set_speed(&mut self, steps_per_second: f64) {
        self.speed = super::SPEEDS.iter().rposition(|&v| v <= steps_per_second).unwrap_or(0);
    }

    /// Shows step `step`, announcing any run that ended or ran away on the way there.
    pub(super) fn go_to(&mut self, step: usize) {
        let (old, new) = (self.step, step.min(self.total_steps()));
        self.step = new;
        if new <= old {
            return;
        }
        let passed = |at: usize| old < at && at <= new;
        let mut events = Vec::new();
        for (i, run) in self.runs.iter().enumerate() {
            let label = self.label_of(i);
            // A run that starts to diverge and ends diverged within the same
            // stretch is announced once, as its end, saying when it began.
            let escape = run.escape().filter(|e| passed(e.step));
            match (escape, run.status()) {
                (Some(e), Status::Diverged { step, .. }) if passed(*step) => {
                    if e.step < *step {
                        events.push(format!("{label} diverged at step {step}, rising from step {}", e.step));
                    } else {
                        events.push(format!("{label} diverged at step {step}"));
                    }
                    continue;
                }
                (Some(e), _) => events.push(match e.kind {
                    Runaway::Diverging => format!("{label} is diverging (step {})", e.step),
                    Runaway::Unbounded => format!("{label} falls without bound (step {})", e.step),
                }),
                (None, _) => {}
            }
            match run.status() {
                Status::MaxSteps { .. } | Status::Running => {}
                status if !status.step().is_some_and(passed) => {}
                Status::Stopped { step, reason } => events.push(format!("{label} stopped at step {step}: {reason}")),
                Status::Converged { step, .. } if on_saddle(&self.scenario.landscape, &run.record(*step).params) => {
                    events.push(format!("{label} converged onto a saddle at step {step}, not a minimum"))
                }
                status => events.push(format!("{label} {}", status.describe())),
            }
        }
        if !events.is_empty() {
            self.message = Some(events.join("; "));
        }
    }

    pub(super) fn toggle_play(&mut self) {
        self.mode = match self.mode {
            Mode::Playing => Mode::Paused,
            Mode::Paused => {
                if self.step >= self.total_steps() {
                    self.step = 0;
                }
                self.step_debt = 0.0;
                Mode::Playing
            }
        };
    }
}
