//! Tuning runs from the keyboard and the command line: learning rates,
//! momenta, starts and typed edits of the scenario, each said in the
//! status bar with what it caused.

use crate::core::edit;
use crate::core::explain::limit_at_destination;
use crate::core::run::{RunSpec, Runaway, Status};
use crate::core::scenario::{MAX_LABEL, MAX_LR, Scenario, ScenarioError, check_optimizer};
use crate::core::{Vec2, Vector};
use crate::format::short;

use super::computing::Announcement;
use super::{App, Overlay};
use crate::tui::command::{CommandKey, CommandLine, Outcome};

/// The most lines the command line remembers for ↑.
const MAX_HISTORY: usize = 100;
/// One fine step of the learning rate multiplies or divides it by this.
const FINE_LR: f64 = 1.1;
/// The coarse momentum keys step between multiples of this.
const MOMENTUM_STEP: f64 = 0.05;
/// The fine momentum keys step by this.
const FINE_MOMENTUM: f64 = 0.01;
/// The coarse momentum keys stop here on the way up, short of 1, where
/// nothing damps heavy-ball momentum and a run never settles; the fine keys
/// go on to 1 (0.999 for β1), and the status bar says what that does.
const MOMENTUM_STOP: f64 = 0.99;

impl App {
    /// The command line, while it is open.
    pub fn command_line(&self) -> Option<&CommandLine> {
        (self.overlay == Overlay::Command).then_some(&self.command)
    }

    /// Pasted text, taken as text and never as keys: into the command line
    /// (a line break in it does not run the line); with no line open, it
    /// opens one holding the text, for Enter to run or Esc to drop. Over
    /// the help or the picker it does nothing.
    pub fn paste(&mut self, text: &str) {
        match self.overlay {
            Overlay::Command => self.command.paste(text),
            Overlay::None if text.chars().any(|c| !c.is_whitespace() && !crate::sanitize::is_unsafe(c)) => {
                self.message = None;
                self.command = CommandLine::default();
                self.overlay = Overlay::Command;
                self.command.paste(text);
            }
            Overlay::None | Overlay::Help | Overlay::Picker => {}
        }
    }

    pub(super) fn command_key(&mut self, key: CommandKey) {
        match self.command.key(key, &self.history) {
            Outcome::Editing => {}
            Outcome::Cancelled => self.overlay = Overlay::None,
            Outcome::Run(line) if line.is_empty() => self.overlay = Overlay::None,
            Outcome::Run(line) => {
                if self.history.last() != Some(&line) {
                    self.history.push(line.clone());
                    if self.history.len() > MAX_HISTORY {
                        self.history.remove(0);
                    }
                }
                match self.run_command(&line) {
                    Ok(()) => self.overlay = Overlay::None,
                    // The line stays, to be corrected; nothing has changed.
                    Err(error) => self.command.fail(error),
                }
            }
        }
    }

    pub(super) fn replace_spec(&mut self, i: usize, spec: RunSpec) {
        self.start_run(i, spec);
        self.step = self.step.min(self.total_steps());
    }

    /// The selected optimizer's learning rate, one rung up or down the 1-2-5
    /// ladder, or (fine) times or divided by 1.1, to three significant
    /// digits; never past what a scenario file allows, so that a saved copy
    /// loads back as it is.
    pub(super) fn change_learning_rate(&mut self, up: bool, fine: bool) {
        let i = self.selected;
        let label = self.label_of(i).to_string();
        let mut spec = self.runs[i].spec().clone();
        let old = spec.optimizer.lr;
        let wanted = match (fine, up) {
            (false, true) => lr_ladder_up(old),
            (false, false) => lr_ladder_down(old),
            (true, true) => significant(old * FINE_LR, 3),
            (true, false) => significant(old / FINE_LR, 3),
        };
        spec.optimizer.lr = wanted.min(MAX_LR);
        if let Err(e) = check_optimizer(&spec.optimizer) {
            self.say(format!("{label}: lr stays {}: {e}", short(old)));
            return;
        }
        let new = spec.optimizer.lr;
        if new == old {
            self.say(if up {
                format!("{label}: lr={} is the largest a scenario allows", short(old))
            } else {
                format!("{label}: lr={} cannot go lower", short(old))
            });
            return;
        }
        let before = self.tuned();
        self.replace_spec(i, spec);
        self.follow_label(i, "lr", old, new);
        self.changed(before, format!("{label}: lr {} → {}", short(old), short(new)));
        let change = format!("lr={}", short(new));
        let suffix =
            if wanted > new { format!(" (lr {} is the largest a scenario allows)", short(new)) } else { String::new() };
        let said = format!("{}: {change}{suffix}", self.label_of(i));
        self.announce_when_computed(i, said, Announcement::Tuned { change, momentum: false, suffix });
    }

    /// The selected optimizer's momentum-like value: the fine keys by 0.01
    /// within its bounds, the coarse keys to the next multiple of 0.05,
    /// stopping at 0.99 on the way up (see [`MOMENTUM_STOP`]).
    pub(super) fn change_momentum(&mut self, up: bool, fine: bool) {
        let i = self.selected;
        let label = self.label_of(i).to_string();
        let mut spec = self.runs[i].spec().clone();
        let Some(m) = spec.optimizer.momentum_like() else {
            self.say(format!("{label} has no momentum to change"));
            return;
        };
        let wanted = match (fine, up) {
            (true, true) => hundredths(m.value + FINE_MOMENTUM),
            (true, false) => hundredths(m.value - FINE_MOMENTUM),
            (false, true) if m.value >= MOMENTUM_STOP => m.value,
            (false, true) => {
                hundredths(((m.value / MOMENTUM_STEP + 1e-9).floor() + 1.0) * MOMENTUM_STEP).min(MOMENTUM_STOP)
            }
            (false, false) => hundredths(((m.value / MOMENTUM_STEP - 1e-9).ceil() - 1.0) * MOMENTUM_STEP),
        };
        spec.optimizer.set_momentum_like(wanted);
        let now = spec.optimizer.momentum_like().map_or(m.value, |m| m.value);
        if now == m.value {
            let (name, value) = (m.name, short(m.value));
            self.say(match (fine, up) {
                (false, true) if m.value < m.max => {
                    format!("{label}: {name}={value}, as far as }} goes (Alt-}} goes on to {})", short(m.max))
                }
                (_, true) => format!("{label}: {name}={value} is the most it can be"),
                (_, false) if m.value > 0.0 => format!("{label}: {name}={value} is the least it can be here"),
                (_, false) => format!("{label}: {name}=0 is the least it can be"),
            });
            return;
        }
        let before = self.tuned();
        self.replace_spec(i, spec);
        let field = m.field;
        self.follow_label(i, field, m.value, now);
        self.changed(before, format!("{label}: {} {} → {}", m.name, short(m.value), short(now)));
        let change = format!("{}={}", m.name, short(now));
        let said = format!("{}: {change}", self.label_of(i));
        self.announce_when_computed(i, said, Announcement::Tuned { change, momentum: true, suffix: String::new() });
    }

    /// A label that names a value the keys just changed ("lr 0.95") is
    /// rewritten to name the new one ("lr 1"), so that it never says what
    /// the run no longer is, and so that a saved copy says it too. Labels
    /// that do not name the value, or would collide with another, stay.
    fn follow_label(&mut self, i: usize, field: &str, old: f64, new: f64) {
        if let Some(renamed) = edit::relabeled(&self.labels[i], field, old, new) {
            self.rename(i, renamed);
        }
    }

    /// Optimizer i labelled `label`, unless another has it or it is too long.
    fn rename(&mut self, i: usize, label: String) {
        if label.chars().count() <= MAX_LABEL && !self.labels.contains(&label) {
            self.labels[i] = label;
        }
    }

    /// `{label}: {change}` (`GD: lr=0.005`), or what the change caused
    /// where that is worth saying at once (see [`Self::consequence`]).
    pub(super) fn announce(&self, i: usize, change: &str, momentum: bool) -> String {
        let label = self.label_of(i);
        match self.consequence(i, momentum) {
            Some((said, true)) => format!("{label} {said}"),
            Some((said, false)) => format!("{label}: {change}, {said}"),
            None => format!("{label}: {change}"),
        }
    }

    /// What optimizer i's run does after a change, where it is worth saying
    /// at once, as words that follow its label: a momentum-like value of 1
    /// (when `momentum` changed), a rate past its stability limit, a
    /// divergence. With it, whether the words name what caused it (the
    /// momentum, the rate). Read from the run itself, which the change has
    /// just recomputed.
    pub(super) fn consequence(&self, i: usize, momentum: bool) -> Option<(String, bool)> {
        let run = &self.runs[i];
        let spec = run.spec();
        let runaway = match (run.escape(), run.status()) {
            (Some(e), _) => Some((e.step, e.kind)),
            (None, Status::Diverged { step, .. }) => Some((*step, Runaway::Diverging)),
            (None, _) => None,
        };
        let diverges = runaway.filter(|(_, kind)| *kind == Runaway::Diverging).map(|(step, _)| step);
        if momentum && let Some(m) = spec.optimizer.momentum_like().filter(|m| m.value >= 1.0) {
            let what = m.at_one;
            let last = run.steps_taken();
            let moving = last > 0 && run.record(last).params != run.record(last - 1).params;
            let outcome = match (diverges, run.status()) {
                (Some(k), _) => format!(": it diverges at step {k}"),
                (None, Status::Converged { step, .. }) => format!(" (it converges at step {step} all the same)"),
                (None, _) if moving && m.name == "momentum" => ": the run never settles".into(),
                (None, _) => String::new(),
            };
            return Some((format!("has {} 1, {what}{outcome}", m.name), true));
        }
        // Clipping bounds every step instead (as the panel's `clipped` says).
        let clipped = spec.clip_norm.is_some() && spec.optimizer.hyper.family().has_lr_limit();
        let lr = spec.optimizer.lr;
        if let Some(limit) = limit_at_destination(run).filter(|l| !clipped && lr > l.bound * (1.0 + 1e-12)) {
            let (lr, bound) = (short(lr), distinct(limit.bound, lr));
            return Some((
                match diverges {
                    Some(k) => format!("diverges at step {k}: lr {lr} is past its limit {bound}"),
                    None => format!(
                        "has lr {lr}, past its limit {bound}, though still bounded at step {}",
                        run.steps_taken()
                    ),
                },
                true,
            ));
        }
        match runaway? {
            (k, Runaway::Diverging) => Some((format!("diverges at step {k}"), false)),
            (k, Runaway::Unbounded) => Some((format!("falls without bound from step {k}"), false)),
        }
    }

    /// Restarts the selected optimizer, or all, from a point, keeping the step shown.
    pub fn move_start(&mut self, start: Vec2, all: bool) {
        let before = self.tuned();
        let which: Vec<usize> = if all { (0..self.runs.len()).collect() } else { vec![self.selected] };
        let who = if all { "every optimizer".to_string() } else { self.label_of(self.selected).to_string() };
        let dim = self.scenario.landscape.dim();
        for &i in &which {
            let mut spec = self.runs[i].spec().clone();
            let old = spec.start.clone();
            spec.start = Vector::from_xy(start, dim);
            self.replace_spec(i, spec);
            if let Some(renamed) = edit::relabeled_point(&self.labels[i], &old[..dim], &start[..dim]) {
                self.rename(i, renamed);
            }
        }
        let [x, y] = self.scenario.landscape.parameter_names();
        let shown = if dim == 1 {
            format!("{x} = {}", short(start[0]))
        } else {
            format!("({x}, {y}) = ({}, {})", short(start[0]), short(start[1]))
        };
        self.changed(before, format!("{who} restarted from {shown}"));
        let said = format!("{who} restarted from {shown} (u undoes)");
        if all {
            self.say(said);
        } else {
            self.announce_when_computed(self.selected, said, Announcement::Moved { who, shown });
        }
    }

    /// Runs a typed command: the scenario as it now is (with what the keys
    /// tuned), edited as the command says, then validated as a file would
    /// be. On success the scenario is replaced and the step kept, and what
    /// it did is said; on error nothing changes and the loader's message
    /// (field path, what is allowed) comes back.
    pub(super) fn run_command(&mut self, line: &str) -> Result<(), String> {
        let specs: Vec<RunSpec> = self.runs.iter().map(|r| r.spec().clone()).collect();
        let json = self.tuned_scenario().to_json(&specs, self.layout, self.view_settings());
        let edited = edit::apply(line, &json, self.selected)?;
        if edited.json == json {
            self.say(format!("{} (nothing changed)", edited.summary));
            return Ok(());
        }
        let base = self.scenario.path.as_deref().map_or(std::path::Path::new("."), crate::core::source::folder_of);
        let stem = self.scenario.stem.clone();
        let mut scenario = Scenario::parse(&edited.json.to_string(), &stem, base, &stem)
            .map_err(|e| refusal(&e, line, edited.select))?;
        scenario.path = self.scenario.path.clone();
        let before = self.tuned();
        self.replace_scenario(scenario);
        self.selected = edited.select;
        self.changed(before, format!(":{line}"));
        let summary = edited.summary;
        self.announce_when_computed(self.selected, summary.clone(), Announcement::Command { summary });
        Ok(())
    }
}

/// `bound` as the view shows numbers, or with as many more digits as it
/// takes not to read as `value` (a limit of 0.0019968 beside a rate of 0.002).
fn distinct(bound: f64, value: f64) -> String {
    let shown = short(value);
    if short(bound) != shown {
        return short(bound);
    }
    (1..=17).map(|digits| significant(bound, digits).to_string()).find(|t| *t != shown).unwrap_or_else(|| short(bound))
}

/// `v` to two decimals, as the momentum keys set it.
fn hundredths(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Why a typed edit was refused, on one line: a field of the selected
/// optimizer by its name alone (the line is about it), any other optimizer
/// by its number as the panel shows it; in the order the line names them.
fn refusal(e: &ScenarioError, line: &str, selected: usize) -> String {
    let mut problems: Vec<_> = e.problems.iter().collect();
    let named_at = |field: &str| {
        let name = field.split(['.', '[']).next().unwrap_or_default();
        line.split_whitespace().position(|w| w.split('=').next() == Some(name)).unwrap_or(usize::MAX)
    };
    problems.sort_by_key(|p| named_at(&p.field));
    let mut parts: Vec<String> = problems
        .iter()
        .map(|p| match p.optimizer {
            Some(i) if i == selected && p.field.is_empty() => p.message.clone(),
            Some(i) if i == selected => format!("{}: {}", p.field, p.message),
            _ => p.to_string(),
        })
        .collect();
    if e.more > 0 {
        parts.push(format!("and {} more", e.more));
    }
    parts.join("; ")
}

/// `v` rounded to `digits` significant digits.
fn significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits - 1 - magnitude);
    // Dividing by an exact power of ten keeps 0.55 exactly 0.55.
    let rounded = if scale >= 1.0 { (v * scale).round() / scale } else { (v / scale.recip()).round() * scale.recip() };
    if rounded.is_finite() && rounded != 0.0 {
        return rounded;
    }
    // Near the ends of f64 the power of ten overflows: round in decimal.
    format!("{v:.*e}", (digits - 1).max(0) as usize).parse().unwrap_or(v)
}

/// The next learning rate above `lr` on the ladder 1, 2, 5 per decade.
pub fn lr_ladder_up(lr: f64) -> f64 {
    ladder(lr).into_iter().find(|&v| v > lr * (1.0 + 1e-9)).unwrap_or(lr)
}

/// The next learning rate below `lr` on the ladder.
pub fn lr_ladder_down(lr: f64) -> f64 {
    ladder(lr).into_iter().rev().find(|&v| v < lr * (1.0 - 1e-9)).unwrap_or(lr)
}

/// Rungs of the ladder around `lr`, ascending, each correctly rounded.
fn ladder(lr: f64) -> Vec<f64> {
    let k = lr.log10().floor() as i32;
    let mut rungs = Vec::new();
    for decade in (k - 1)..=(k + 1) {
        for m in [1.0, 2.0, 5.0] {
            // Read in decimal, a rung is exact at every decade (5e-4 is 0.0005,
            // and 1e-311 is not 0 because 10³¹¹ overflows).
            let v: f64 = format!("{m}e{decade}").parse().unwrap_or(0.0);
            if v.is_finite() && v > 0.0 {
                rungs.push(v);
            }
        }
    }
    rungs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fine_steps_keep_three_significant_digits() {
        assert_eq!(significant(0.5 * 1.1, 3), 0.55);
        assert_eq!(significant(0.95 * 1.1, 3), 1.05);
        assert_eq!(significant(0.001 / 1.1, 3), 0.000909);
        assert_eq!(significant(123456.0, 3), 123000.0);
    }

    #[test]
    fn the_ladder_steps_through_one_two_five() {
        assert_eq!(lr_ladder_up(0.001), 0.002);
        assert_eq!(lr_ladder_up(0.002), 0.005);
        assert_eq!(lr_ladder_up(0.005), 0.01);
        assert_eq!(lr_ladder_down(0.001), 0.0005);
        assert_eq!(lr_ladder_down(0.0005), 0.0002);
        // Off-ladder values go to the nearest rung in that direction.
        assert_eq!(lr_ladder_up(0.003), 0.005);
        assert_eq!(lr_ladder_down(0.003), 0.002);
        assert_eq!(lr_ladder_up(1.0), 2.0);
        assert_eq!(lr_ladder_down(1.0), 0.5);
    }
}
