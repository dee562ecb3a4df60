//! What `losscape run` adds for a network: each step's accuracy (a
//! classifier's) and, every so many steps, its sharpness; and, for a
//! scenario with a plane, each step's place on it.

use crate::core::landscape::{Kind, Loss, Mlp};
use crate::core::plane::{Placed, Section};
use crate::core::run::Record;
use crate::core::scenario::Scenario;

/// A run's extra numbers for each step, as the scenario asks for them.
#[derive(Clone, Copy)]
pub(super) struct Extras<'a> {
    mlp: Option<&'a Mlp>,
    /// The sharpness at step 0 and every this many steps.
    every: Option<usize>,
    /// The plane (or line) each step is placed on.
    section: Option<&'a Section>,
}

impl<'a> Extras<'a> {
    /// The extras of a scenario whose landscape is a network, or that
    /// places its steps on `section`; `None` for any other, whose output
    /// has none.
    pub(super) fn of(scenario: &'a Scenario, section: Option<&'a Section>) -> Option<Self> {
        let mlp = match scenario.landscape.kind() {
            Kind::Mlp(mlp) => Some(mlp),
            _ => None,
        };
        let every = mlp.and(scenario.sharpness_every);
        (mlp.is_some() || section.is_some()).then_some(Extras { mlp, every, section })
    }

    /// The network, when it classifies (logistic or cross-entropy loss).
    fn classifier(&self) -> Option<&'a Mlp> {
        self.mlp.filter(|m| m.loss() != Loss::Mse)
    }

    /// The fraction of points classified right at this step, for a classifier.
    pub(super) fn accuracy(&self, r: &Record) -> Option<f64> {
        self.classifier()?.accuracy(&r.params)
    }

    /// The sharpness at this step, when it is one of the steps asked for
    /// and the weights are finite.
    pub(super) fn sharpness(&self, step: usize, r: &Record) -> Option<f64> {
        let (every, mlp) = (self.every?, self.mlp?);
        let finite = r.params.iter().all(|w| w.is_finite());
        (step.is_multiple_of(every) && finite).then(|| mlp.sharpness(&r.params).value)
    }

    /// Where this step's weights fall on the scenario's plane or line.
    pub(super) fn placed(&self, r: &Record) -> Option<Placed> {
        Some(self.section?.place(&r.params))
    }

    /// The CSV header's extra columns, each after a comma.
    pub(super) fn header(&self) -> String {
        let mut columns = String::new();
        if self.classifier().is_some() {
            columns.push_str(",accuracy");
        }
        if self.every.is_some() {
            columns.push_str(",sharpness");
        }
        match self.section {
            Some(Section::Plane(..)) => columns.push_str(",plane_a,plane_b,plane_distance"),
            Some(Section::Line(_)) => columns.push_str(",line_t,line_distance"),
            None => {}
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
        if let Some(p) = self.placed(r) {
            let [a, b] = p.coordinates;
            if p.two {
                cells.push_str(&format!(",{a},{b},{}", p.distance));
            } else {
                cells.push_str(&format!(",{a},{}", p.distance));
            }
        }
        cells
    }
}
