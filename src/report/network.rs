//! What `losscape run` adds for a network: each step's accuracy (a
//! classifier's) and, every so many steps, its sharpness.

use crate::core::landscape::{Kind, Loss, Mlp};
use crate::core::run::Record;
use crate::core::scenario::Scenario;

/// A network's extra numbers for each step, as the scenario asks for them.
#[derive(Clone, Copy)]
pub(super) struct Extras<'a> {
    mlp: &'a Mlp,
    /// The sharpness at step 0 and every this many steps.
    every: Option<usize>,
}

impl<'a> Extras<'a> {
    /// The extras of a scenario whose landscape is a network; `None` for
    /// any other, whose output has none.
    pub(super) fn of(scenario: &'a Scenario) -> Option<Self> {
        match scenario.landscape.kind() {
            Kind::Mlp(mlp) => Some(Extras { mlp, every: scenario.sharpness_every }),
            _ => None,
        }
    }

    /// Whether the network classifies (logistic or cross-entropy loss).
    fn classifies(&self) -> bool {
        self.mlp.loss() != Loss::Mse
    }

    /// The fraction of points classified right at this step, for a classifier.
    pub(super) fn accuracy(&self, r: &Record) -> Option<f64> {
        if self.classifies() { self.mlp.accuracy(&r.params) } else { None }
    }

    /// The sharpness at this step, when it is one of the steps asked for
    /// and the weights are finite.
    pub(super) fn sharpness(&self, step: usize, r: &Record) -> Option<f64> {
        let every = self.every?;
        let finite = r.params.iter().all(|w| w.is_finite());
        (step.is_multiple_of(every) && finite).then(|| self.mlp.sharpness(&r.params).value)
    }

    /// The CSV header's extra columns, each after a comma.
    pub(super) fn header(&self) -> String {
        let mut columns = String::new();
        if self.classifies() {
            columns.push_str(",accuracy");
        }
        if self.every.is_some() {
            columns.push_str(",sharpness");
        }
        columns
    }

    /// A CSV row's extra cells, each after a comma (a step without a
    /// sharpness leaves its cell empty).
    pub(super) fn cells(&self, step: usize, r: &Record) -> String {
        let mut cells = String::new();
        if let Some(a) = self.accuracy(r) {
            cells.push_str(&format!(",{a}"));
        }
        if self.every.is_some() {
            cells.push(',');
            if let Some(s) = self.sharpness(step, r) {
                cells.push_str(&s.to_string());
            }
        }
        cells
    }
}
