//! Tuning runs from the keyboard and the command line: learning rates,
//! momenta, starts, resets, and typed edits of the scenario.

use crate::core::Vec2;
use crate::core::edit;
use crate::core::run::RunSpec;
use crate::core::scenario::{Scenario, ScenarioError};
use crate::format::short;

use super::{App, Overlay};
use crate::tui::command::{CommandKey, CommandLine, Outcome};

/// One fine step of the learning rate multiplies or divides it by this.
const FINE_LR: f64 = 1.1;

impl App {
    /// The command line, while it is open.
    pub fn command_line(&self) -> Option<&CommandLine> {
        (self.overlay == Overlay::Command).then_some(&self.command)
    }

    pub(super) fn command_key(&mut self, key: CommandKey) {
        match self.command.key(key, &self.history) {
            Outcome::Editing => {}
            Outcome::Cancelled => self.overlay = Overlay::None,
            Outcome::Run(line) if line.is_empty() => self.overlay = Overlay::None,
            Outcome::Run(line) => {
                if self.history.last() != Some(&line) {
                    self.history.push(line.clone());
                }
                match self.run_command(&line) {
                    Ok(summary) => {
                        self.overlay = Overlay::None;
                        self.say(summary);
                    }
                    // The line stays, to be corrected; nothing has changed.
                    Err(error) => self.command.fail(error),
                }
            }
        }
    }

    pub(super) fn replace_spec(&mut self, i: usize, spec: RunSpec) {
        self.runs[i].set_spec(spec);
        self.generation += 1;
    }

    /// The selected optimizer's learning rate, one rung up or down the 1-2-5
    /// ladder, or (fine) times or divided by 1.1, to three significant digits.
    pub(super) fn change_learning_rate(&mut self, up: bool, fine: bool) {
        let i = self.selected;
        let mut spec = self.runs[i].spec().clone();
        let old = spec.optimizer.lr;
        spec.optimizer.lr = match (fine, up) {
            (false, true) => lr_ladder_up(old),
            (false, false) => lr_ladder_down(old),
            (true, true) => significant(old * FINE_LR, 3),
            (true, false) => significant(old / FINE_LR, 3),
        };
        let new = spec.optimizer.lr;
        self.replace_spec(i, spec);
        self.refresh_label(i, old, new);
        self.message = Some(format!("{}: lr={}", self.label_of(i), short(new)));
    }

    /// The selected optimizer's momentum-like value moved by `delta`, within its bounds.
    pub(super) fn change_momentum(&mut self, delta: f64) {
        let i = self.selected;
        let mut spec = self.runs[i].spec().clone();
        let Some(m) = spec.optimizer.momentum_like() else {
            self.message = Some(format!("{} has no momentum to change", self.label_of(i)));
            return;
        };
        spec.optimizer.set_momentum_like(((m.value + delta) * 100.0).round() / 100.0);
        let now = spec.optimizer.momentum_like().map_or(m.value, |m| m.value);
        self.replace_spec(i, spec);
        self.refresh_label(i, m.value, now);
        self.message = Some(format!("{}: {}={}", self.label_of(i), m.name, short(now)));
    }

    /// A label that names a value the keys just changed ("lr 0.95") is
    /// rewritten to name the new one ("lr 1"), so that it never says what
    /// the run no longer is, and so that a saved copy says it too. Labels
    /// that do not name the value, or would collide with another, stay.
    fn refresh_label(&mut self, i: usize, old: f64, new: f64) {
        let (old_text, new_text) = (short(old), short(new));
        let label = &self.scenario.optimizers[i].label;
        let mut changed = false;
        let words: Vec<String> = label
            .split(' ')
            .map(|word| {
                let bare = word.trim_end_matches(',').trim_start_matches("lr=");
                if bare == old_text {
                    changed = true;
                    word.replacen(&old_text, &new_text, 1)
                } else {
                    word.to_string()
                }
            })
            .collect();
        let renamed = words.join(" ");
        if changed && !self.scenario.optimizers.iter().any(|o| o.label == renamed) {
            self.scenario.optimizers[i].label = renamed;
        }
    }

    /// A label that names the start just moved ("from (−1, 1)") is
    /// rewritten to name the new one, as [`Self::refresh_label`] does for values.
    fn refresh_label_point(&mut self, i: usize, old: Vec2, new: Vec2) {
        let label = self.scenario.optimizers[i].label.clone();
        let dim = self.scenario.landscape.dim();
        let shown = if dim == 1 { short(new[0]) } else { format!("({}, {})", short(new[0]), short(new[1])) };
        let number = |t: &str| t.trim().replace('−', "-").parse::<f64>().ok();
        let names_old = |inside: &str| {
            let parts: Vec<Option<f64>> = inside.split(',').map(number).collect();
            match parts.as_slice() {
                [Some(x), Some(y)] => dim == 2 && *x == old[0] && *y == old[1],
                [Some(x)] => dim == 1 && *x == old[0],
                _ => false,
            }
        };
        let (Some(open), Some(close)) = (label.find('('), label.rfind(')')) else { return };
        if open < close && names_old(&label[open + 1..close]) {
            let renamed = format!("{}{}{}", &label[..open], shown, &label[close + 1..]);
            if !self.scenario.optimizers.iter().any(|o| o.label == renamed) {
                self.scenario.optimizers[i].label = renamed;
            }
        }
    }

    pub(super) fn reset_hyperparameters(&mut self) {
        for i in 0..self.runs.len() {
            let spec = self.scenario.optimizers[i].spec.clone();
            if self.runs[i].spec() != &spec {
                self.replace_spec(i, spec);
            }
            self.scenario.optimizers[i].label = self.labels[i].clone();
        }
        self.say("hyperparameters and starts reset to the scenario's");
    }

    /// Restarts the selected optimizer, or all, from a point, keeping the step shown.
    pub fn move_start(&mut self, start: Vec2, all: bool) {
        let which: Vec<usize> = if all { (0..self.runs.len()).collect() } else { vec![self.selected] };
        let who = if all { "every optimizer".to_string() } else { self.label_of(self.selected).to_string() };
        for &i in &which {
            let mut spec = self.runs[i].spec().clone();
            let old = spec.start;
            spec.start = start;
            self.replace_spec(i, spec);
            self.refresh_label_point(i, old, start);
        }
        let [x, y] = self.scenario.landscape.parameter_names();
        let shown = if self.scenario.landscape.dim() == 1 {
            format!("{x} = {}", short(start[0]))
        } else {
            format!("({x}, {y}) = ({}, {})", short(start[0]), short(start[1]))
        };
        self.say(format!("{who} restarted from {shown} (r resets)"));
    }

    /// Runs a typed command: the scenario as it now is (with what the keys
    /// tuned), edited as the command says, then validated as a file would
    /// be. On success the scenario is replaced and the step kept; on error
    /// nothing changes and the loader's message (field path, what is
    /// allowed) comes back.
    pub(super) fn run_command(&mut self, line: &str) -> Result<String, String> {
        let specs: Vec<RunSpec> = self.runs.iter().map(|r| r.spec().clone()).collect();
        let json = self.scenario.to_json(&specs, self.layout, self.view_settings());
        let edited = edit::apply(line, &json, self.selected)?;
        let base = self.scenario.path.as_deref().map_or(std::path::Path::new("."), crate::core::source::folder_of);
        let stem = self.scenario.stem.clone();
        let mut scenario = Scenario::parse(&edited.json.to_string(), &stem, base, &stem)
            .map_err(|e| refusal(&e, line, edited.select))?;
        scenario.path = self.scenario.path.clone();
        self.replace_scenario(scenario);
        self.selected = edited.select;
        Ok(edited.summary)
    }
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
    if scale >= 1.0 { (v * scale).round() / scale } else { (v / scale.recip()).round() * scale.recip() }
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
            // Dividing by an exact power of ten keeps 5e-4 exactly 0.0005.
            let v = if decade < 0 { m / 10f64.powi(-decade) } else { m * 10f64.powi(decade) };
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
