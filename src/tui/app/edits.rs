//! What the user changed on top of the scenario as opened. The scenario as
//! opened is kept as it was; each change (a key, a `:` line, a click that
//! moved a start, a reset, a reload) keeps the whole state before it on a
//! stack, so that `u` takes back one change, `U` (or Ctrl-R) puts it back,
//! and `r` returns to the scenario as opened, itself a change that `u`
//! takes back.

use crate::core::run::RunSpec;
use crate::core::scenario::Scenario;

use super::App;

/// The most changes that can be taken back.
const MAX_UNDO: usize = 200;

/// Everything a change can alter: the scenario (as `:` lines made it),
/// each optimizer's run and label as keys and clicks tuned them, and the
/// optimizer selected.
#[derive(Clone)]
pub(super) struct Tuned {
    /// Which scenario this is: equal ids, the same scenario value.
    pub(super) scenario_id: u64,
    pub(super) scenario: Scenario,
    pub(super) specs: Vec<RunSpec>,
    pub(super) labels: Vec<String>,
    pub(super) selected: usize,
}

impl Tuned {
    /// Whether the two would show the same runs under the same labels.
    fn same(&self, other: &Tuned) -> bool {
        self.scenario_id == other.scenario_id && self.specs == other.specs && self.labels == other.labels
    }
}

/// A change as the stacks keep it: the state on the other side of it, and
/// what it was, in words.
pub(super) struct Change {
    state: Tuned,
    what: String,
}

impl App {
    /// The state as it is now.
    pub(super) fn tuned(&self) -> Tuned {
        Tuned {
            scenario_id: self.scenario_id,
            scenario: self.scenario.clone(),
            specs: self.runs.iter().map(|r| r.spec().clone()).collect(),
            labels: self.labels.clone(),
            selected: self.selected,
        }
    }

    /// Shows a state: the runs whose spec changed are recomputed, the rest
    /// kept, unless the scenario itself is another.
    fn install(&mut self, state: Tuned) {
        if state.scenario_id == self.scenario_id && state.specs.len() == self.runs.len() {
            for (i, spec) in state.specs.into_iter().enumerate() {
                if self.runs[i].spec() != &spec {
                    self.replace_spec(i, spec);
                }
            }
        } else {
            self.show(state.scenario, Some(state.specs));
            self.scenario_id = state.scenario_id;
        }
        self.labels = state.labels;
        self.selected = state.selected.min(self.runs.len() - 1);
    }

    /// Keeps `before` on the undo stack as the state before a change
    /// described by `what`, if anything changed; a new change forgets what
    /// was undone.
    pub(super) fn changed(&mut self, before: Tuned, what: impl Into<String>) {
        if before.same(&self.tuned()) {
            return;
        }
        self.undo.push(Change { state: before, what: what.into() });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Forgets every change: a new scenario was opened.
    pub(super) fn forget_changes(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.loaded = self.tuned();
    }

    /// Takes back the last change.
    pub(super) fn undo(&mut self) {
        let Some(change) = self.undo.pop() else {
            self.say("nothing to undo: no change since the scenario was opened");
            return;
        };
        let now = self.tuned();
        self.install(change.state);
        self.say(format!("undone: {} (U redoes)", change.what));
        self.redo.push(Change { state: now, what: change.what });
    }

    /// Puts back the last change taken back.
    pub(super) fn redo(&mut self) {
        let Some(change) = self.redo.pop() else {
            self.say("nothing to redo");
            return;
        };
        let now = self.tuned();
        self.install(change.state);
        self.say(format!("redone: {} (u undoes)", change.what));
        self.undo.push(Change { state: now, what: change.what });
    }

    /// `r`: returns to the scenario as opened, and says so.
    pub(super) fn reset(&mut self) {
        let reset = self.reset_to_loaded();
        self.say(if reset {
            "back to the scenario as opened: every change undone (u takes this back)"
        } else {
            "nothing to reset: the scenario is as it was opened"
        });
    }

    /// Returns to the scenario as opened (or as last read from its file):
    /// every key, `:` line and click undone, as one change. False if there
    /// was nothing to undo.
    pub(super) fn reset_to_loaded(&mut self) -> bool {
        if self.loaded.same(&self.tuned()) {
            return false;
        }
        let before = self.tuned();
        let selected = self.selected;
        self.install(self.loaded.clone());
        self.selected = selected.min(self.runs.len() - 1);
        self.changed(before, "the reset to the scenario as opened");
        true
    }

    /// The scenario as a file of it would be written now: the labels as
    /// tuned (the runs' specs are passed on their own).
    pub(super) fn tuned_scenario(&self) -> Scenario {
        let mut scenario = self.scenario.clone();
        for (entry, label) in scenario.optimizers.iter_mut().zip(&self.labels) {
            entry.label.clone_from(label);
        }
        scenario
    }
}
