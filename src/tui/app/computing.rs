//! The runs as they are computed: each change of a run's spec starts its
//! run anew beside the interface ([`RunJob`]), the path so far shown as it
//! arrives, and what the change caused said once the run has ended. The
//! live view never waits; a headless view (tests, `render`, `record`)
//! waits for every run before a change returns, so that what it reads is
//! the whole run.

use std::sync::Arc;

use crate::core::run::{Run, RunSpec};
use crate::tui::jobs::export::Export;
use crate::tui::jobs::extremes::Extremes;
use crate::tui::jobs::runs::{self, PARTIAL_RECORDS, RunJob};

use super::App;

/// What to say once a run has been computed: what a change caused
/// (a divergence, a rate past its limit), after the words said at once.
pub(super) struct Pending {
    /// The run it waits for.
    pub(super) run: usize,
    /// What the status bar said at once (the message is only replaced if
    /// it still says this, or nothing).
    pub(super) said: String,
    pub(super) what: Announcement,
}

/// The kinds of change whose consequence is said.
pub(super) enum Announcement {
    /// A key changed a rate or a momentum: `change` as `lr=0.2`, and what
    /// follows the announcement.
    Tuned { change: String, momentum: bool, suffix: String },
    /// A click moved the selected optimizer's start.
    Moved { who: String, shown: String },
    /// A `:` line ran.
    Command { summary: String },
}

impl App {
    /// Optimizer i's run is `spec`'s: started anew, shown from its start
    /// as it is computed (or, headless, computed before this returns).
    pub(super) fn start_run(&mut self, i: usize, spec: RunSpec) {
        let landscape = Arc::clone(&self.scenario.landscape);
        if self.background {
            // The start is one evaluation: the run shows it at once.
            let share = PARTIAL_RECORDS / self.scenario.optimizers.len().max(1);
            let job = RunJob::start(&landscape, spec.clone(), share);
            self.replace_run(i, start(landscape, spec));
            self.computing[i] = Some(job);
        } else {
            self.computing[i] = None;
            let run = RunJob::start(&landscape, spec, 0).wait();
            self.replace_run(i, run);
        }
    }

    /// Every optimizer's run from `specs`, computed in parallel.
    pub(super) fn start_runs(&mut self, specs: Vec<RunSpec>) {
        let old = std::mem::take(&mut self.runs);
        old.into_iter().for_each(runs::discard);
        self.computing = specs.iter().map(|_| None).collect();
        let landscape = &self.scenario.landscape;
        (self.runs, self.extremes) = specs
            .iter()
            .map(|spec| {
                let (run, extremes) = start(Arc::clone(landscape), spec.clone());
                (Arc::new(run), extremes)
            })
            .unzip();
        let share = PARTIAL_RECORDS / specs.len().max(1);
        let jobs: Vec<RunJob> = specs
            .into_iter()
            .map(|spec| RunJob::start(landscape, spec, if self.background { share } else { 0 }))
            .collect();
        if self.background {
            self.computing = jobs.into_iter().map(Some).collect();
        } else {
            // Started together, they go on in parallel; waited for in turn.
            for (i, job) in jobs.into_iter().enumerate() {
                let (run, extremes) = job.wait();
                (self.runs[i], self.extremes[i]) = (Arc::new(run), extremes);
            }
        }
        self.generation += 1;
    }

    fn replace_run(&mut self, i: usize, (run, extremes): (Run, Extremes)) {
        let old = std::mem::replace(&mut self.runs[i], Arc::new(run));
        self.extremes[i] = extremes;
        runs::discard(old);
        self.generation += 1;
    }

    /// What the chart reads of optimizer i's run as far as it is computed
    /// (found beside the view as it was computed).
    pub fn extremes(&self, i: usize) -> &Extremes {
        &self.extremes[i]
    }

    /// Whether optimizer i's run is still being computed, and if so how
    /// far it has got (a share of its steps).
    pub fn computing(&self, i: usize) -> Option<f64> {
        self.computing.get(i)?.as_ref().map(RunJob::progress)
    }

    /// Whether any run is still being computed.
    pub fn computing_runs(&self) -> bool {
        self.computing.iter().any(Option::is_some)
    }

    /// Takes in what the runs' jobs have sent: the paths so far, and the
    /// runs that ended; true if anything on screen changed.
    pub(super) fn take_runs(&mut self) -> bool {
        let mut changed = false;
        for i in 0..self.computing.len() {
            let Some(job) = &self.computing[i] else { continue };
            if job.is_finished() {
                let job = self.computing[i].take().expect("just seen");
                let run = job.wait();
                self.replace_run(i, run);
                changed = true;
            } else if let Some(partial) = job.take_partial() {
                self.replace_run(i, partial);
                changed = true;
            } else {
                // The progress mark moves on.
                changed |= self.progress_shown.get(i).copied() != Some(percent(job.progress()));
            }
        }
        self.progress_shown = (0..self.computing.len()).map(|i| self.computing(i).map_or(100, percent)).collect();
        if changed {
            self.runs_arrived();
        }
        changed
    }

    /// Waits for every run being computed.
    pub fn finish_runs(&mut self) {
        for i in 0..self.computing.len() {
            if let Some(job) = self.computing[i].take() {
                let run = job.wait();
                self.replace_run(i, run);
            }
        }
        self.runs_arrived();
    }

    /// After runs arrived: the step within the runs once every one has
    /// ended, what a change caused said, an export waiting for them started.
    fn runs_arrived(&mut self) {
        if self.computing_runs() {
            return;
        }
        self.step = self.step.min(self.total_steps());
        if let Some(pending) = self.pending.take() {
            self.deliver(pending);
        }
        if let Some(json) = self.export_queued.take() {
            self.start_export(json);
        }
    }

    /// Says at once what a change did, and once optimizer `run`'s run is
    /// computed, what it caused (at once, headless).
    pub(super) fn announce_when_computed(&mut self, run: usize, said: String, what: Announcement) {
        let pending = Pending { run, said: crate::sanitize::visible(&said).into_owned(), what };
        if self.computing_runs() {
            self.message = Some(pending.said.clone());
            self.pending = Some(pending);
        } else {
            self.message = None;
            self.deliver(pending);
        }
    }

    fn deliver(&mut self, pending: Pending) {
        let Pending { run: i, said, what } = pending;
        // Another message since (a key that said something else) stands.
        if self.message.as_ref().is_some_and(|m| *m != said) || i >= self.runs.len() {
            return;
        }
        let message = match what {
            Announcement::Tuned { change, momentum, suffix } => {
                format!("{}{suffix}", self.announce(i, &change, momentum))
            }
            Announcement::Moved { who, shown } => match self.consequence(i, false) {
                Some((caused, _)) => format!("{who} restarted from {shown}; it {caused} (u undoes)"),
                None => format!("{who} restarted from {shown} (u undoes)"),
            },
            Announcement::Command { summary } => match self.consequence(i, true) {
                Some((caused, _)) => format!("{summary}; {} {caused}", self.label_of(i)),
                None => summary,
            },
        };
        self.say(message);
    }

    /// Starts writing every run to a new file, or, while runs are being
    /// computed, once they are.
    pub(super) fn start_export(&mut self, json: bool) {
        if self.computing_runs() {
            self.export_queued = Some(json);
            self.say("the trajectories are exported once every run is computed");
            return;
        }
        let export = Export::start(self.tuned_scenario(), self.runs.clone(), json);
        if self.background {
            self.export = Some(export);
        } else {
            let written = export.wait();
            self.exported = self.report("trajectories", written);
        }
    }

    /// Takes in an export that ended; true if there is something new to say.
    pub(super) fn take_export(&mut self) -> bool {
        match &self.export {
            Some(export) if export.is_finished() => {
                let export = self.export.take().expect("just seen");
                let written = export.wait();
                self.exported = self.report("trajectories", written);
                true
            }
            Some(export) => {
                let shown = percent(export.progress());
                std::mem::replace(&mut self.export_shown, shown) != shown
            }
            None => false,
        }
    }

    /// How far an export under way has got, as a share of its steps.
    pub fn exporting(&self) -> Option<f64> {
        self.export.as_ref().map(Export::progress)
    }

    /// Waits for an export under way (the view is closing: it is finished
    /// first, as it was asked for); where it went, or why not.
    pub fn finish_export(&mut self) -> Option<Result<std::path::PathBuf, String>> {
        self.export.take().map(Export::wait)
    }
}

/// A run at its start, and its extremes: one record.
fn start(landscape: Arc<crate::core::landscape::Landscape>, spec: RunSpec) -> (Run, Extremes) {
    let run = Run::new(landscape, spec);
    let extremes = Extremes::of(&run);
    (run, extremes)
}

/// A share as the whole percent shown.
fn percent(share: f64) -> u32 {
    (share * 100.0).floor() as u32
}
