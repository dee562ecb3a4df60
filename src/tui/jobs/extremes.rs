//! What the chart reads of a whole run to set its scale: the extremes of
//! each quantity it can draw. They are found on the run's own thread as
//! its steps are computed, a stretch at a time, and arrive with the run,
//! so that no key (a tuned rate, another quantity, a run shown again) has
//! the view read millions of steps before it answers.

use crate::core::landscape::Landscape;
use crate::core::norm;
use crate::core::run::{Record, Run};
use crate::core::scenario::ChartQuantity;

/// A loss this far below the known lowest value f* (relative to 1 + |f*|)
/// is rounding in the loss's arithmetic, not a lower point: it counts as f*
/// (the built-in landscapes call a minimum global within the same margin).
const BELOW_MINIMUM_ROUNDING: f64 = 1e-9;

/// The known lowest value f*, if any.
pub fn lowest_value(landscape: &Landscape) -> Option<f64> {
    landscape.minima().iter().find(|m| m.global).map(|m| m.value)
}

/// A loss minus the known lowest value `lowest`: 0 where the loss rounds
/// to a hair below it.
pub fn above_lowest(loss: f64, lowest: f64) -> f64 {
    let gap = loss - lowest;
    if gap < 0.0 && gap >= -BELOW_MINIMUM_ROUNDING * (1.0 + lowest.abs()) { 0.0 } else { gap }
}

/// The value the chart draws for `metric` at one record of a run on
/// `landscape`, before its scale's transform: the loss above f* where f*
/// is known (else the loss), the rate, |∇f|, or the distance to the
/// nearest known minimum (NaN where none is known).
pub fn quantity(landscape: &Landscape, metric: ChartQuantity, record: &Record) -> f64 {
    match metric {
        ChartQuantity::Loss => lowest_value(landscape).map_or(record.loss, |lowest| above_lowest(record.loss, lowest)),
        ChartQuantity::LearningRate => record.lr,
        ChartQuantity::GradNorm => norm(&record.grad),
        ChartQuantity::Distance => landscape.nearest_minimum(&record.params).map_or(f64::NAN, |(_, d)| d),
    }
}

/// What one curve adds to a scale: the extremes of its finite values and
/// of its positive ones, and whether any is negative or 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// The least finite value (∞ if none).
    pub lo: f64,
    /// The greatest finite value (−∞ if none).
    pub hi: f64,
    /// The least positive finite value (∞ if none).
    pub positive_lo: f64,
    /// The greatest positive finite value (−∞ if none).
    pub positive_hi: f64,
    /// Whether a finite value is below 0.
    pub negative: bool,
    /// Whether a value is exactly 0.
    pub zero: bool,
}

impl Extent {
    /// The extent of no value.
    pub const EMPTY: Extent = Extent {
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
        positive_lo: f64::INFINITY,
        positive_hi: f64::NEG_INFINITY,
        negative: false,
        zero: false,
    };

    /// The extent of these values (those that are not finite count for nothing).
    pub fn of(values: impl Iterator<Item = f64>) -> Extent {
        let mut out = Extent::EMPTY;
        values.for_each(|v| out.add(v));
        out
    }

    fn add(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        self.lo = self.lo.min(v);
        self.hi = self.hi.max(v);
        if v > 0.0 {
            self.positive_lo = self.positive_lo.min(v);
            self.positive_hi = self.positive_hi.max(v);
        }
        self.negative |= v < 0.0;
        self.zero |= v == 0.0;
    }

    /// The extent of both.
    pub fn join(self, other: Extent) -> Extent {
        Extent {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
            positive_lo: self.positive_lo.min(other.positive_lo),
            positive_hi: self.positive_hi.max(other.positive_hi),
            negative: self.negative || other.negative,
            zero: self.zero || other.zero,
        }
    }
}

/// Each quantity's [`Extent`] over a run's whole history, as far as it is
/// computed; a run that runs away counts with its start only, so that one
/// run's blow-up never flattens the others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extremes {
    loss: Extent,
    learning_rate: Extent,
    grad_norm: Extent,
    distance: Extent,
}

impl Extremes {
    /// The extremes of a run, read from its whole history.
    pub fn of(run: &Run) -> Extremes {
        let mut tracker = Tracker::default();
        tracker.extend(run);
        tracker.extremes(run)
    }

    /// The extent of one quantity.
    pub fn of_quantity(&self, metric: ChartQuantity) -> Extent {
        match metric {
            ChartQuantity::Loss => self.loss,
            ChartQuantity::LearningRate => self.learning_rate,
            ChartQuantity::GradNorm => self.grad_norm,
            ChartQuantity::Distance => self.distance,
        }
    }

    const EMPTY: Extremes = Extremes {
        loss: Extent::EMPTY,
        learning_rate: Extent::EMPTY,
        grad_norm: Extent::EMPTY,
        distance: Extent::EMPTY,
    };

    fn add(&mut self, landscape: &Landscape, record: &Record) {
        self.loss.add(quantity(landscape, ChartQuantity::Loss, record));
        self.learning_rate.add(quantity(landscape, ChartQuantity::LearningRate, record));
        self.grad_norm.add(quantity(landscape, ChartQuantity::GradNorm, record));
        self.distance.add(quantity(landscape, ChartQuantity::Distance, record));
    }
}

/// [`Extremes`] kept up to date as a run grows, reading each step once.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    /// Records read so far.
    read: usize,
    /// Of the start alone.
    start: Option<Extremes>,
    /// Of every record read.
    all: Option<Extremes>,
}

impl Tracker {
    /// Reads the records of `run` not read yet (`run` is the run this
    /// tracker has followed, grown since).
    pub fn extend(&mut self, run: &Run) {
        let landscape = run.landscape();
        let history = run.history();
        let all = self.all.get_or_insert(Extremes::EMPTY);
        for record in &history[self.read.min(history.len())..] {
            all.add(landscape, record);
        }
        if self.start.is_none() {
            let mut start = Extremes::EMPTY;
            start.add(landscape, &history[0]);
            self.start = Some(start);
        }
        self.read = history.len();
    }

    /// The extremes of `run` as far as it has been read.
    pub fn extremes(&self, run: &Run) -> Extremes {
        let chosen = if run.escape().is_some() { self.start } else { self.all };
        chosen.unwrap_or(Extremes::EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::Scenario;

    fn run_of(text: &str) -> Run {
        let scenario = Scenario::parse(text, "run.json", std::path::Path::new("."), "run").unwrap();
        scenario.computed_runs().remove(0)
    }

    #[test]
    fn a_loss_a_rounding_below_f_star_is_at_f_star_and_a_real_gap_stays() {
        // x² + 5x + 6 at x = −2.499999999999999 evaluates to −0.2500000000000009.
        assert_eq!(above_lowest(-0.2500000000000009, -0.25), 0.0);
        assert_eq!(above_lowest(-0.25, -0.25), 0.0);
        assert_eq!(above_lowest(-0.24, -0.25), -0.24 + 0.25);
        // Far below the stated f*: not rounding; the chart must not hide it.
        assert!(above_lowest(-0.3, -0.25) < -0.04);
    }

    #[test]
    fn extremes_are_those_of_every_step() {
        // GD on f = x² + 5x + 6 from x = 10, lr 0.1: x + 2.5 shrinks by 0.8
        // a step, so the loss above f* = −0.25, (x + 2.5)², falls from
        // 156.25 to 156.25·0.64¹⁰ and |f'| = 2|x + 2.5| from 25.
        let run =
            run_of(r#"{"function": "parabola", "start": 10, "steps": 10, "optimizers": [{"type": "gd", "lr": 0.1}]}"#);
        let e = Extremes::of(&run);
        let loss = e.of_quantity(ChartQuantity::Loss);
        assert!((loss.hi - 156.25).abs() < 1e-9 && (loss.lo - 156.25 * 0.64f64.powi(10)).abs() < 1e-9, "{loss:?}");
        assert!(!loss.negative && !loss.zero);
        let grad = e.of_quantity(ChartQuantity::GradNorm);
        assert!((grad.hi - 25.0).abs() < 1e-9 && (grad.lo - 25.0 * 0.8f64.powi(10)).abs() < 1e-9, "{grad:?}");
        let lr = e.of_quantity(ChartQuantity::LearningRate);
        assert_eq!((lr.lo, lr.hi), (0.1, 0.1));
        let distance = e.of_quantity(ChartQuantity::Distance);
        assert!((distance.hi - 12.5).abs() < 1e-9, "{distance:?}");
    }

    #[test]
    fn a_tracker_read_stretch_by_stretch_finds_the_extremes_of_the_whole() {
        let text = r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 3000, "optimizers": [{"type": "adam", "lr": 0.01}]}"#;
        let whole = run_of(text);
        let scenario = Scenario::parse(text, "run.json", std::path::Path::new("."), "run").unwrap();
        let mut run = Run::new(std::sync::Arc::clone(&scenario.landscape), scenario.optimizers[0].spec.clone());
        let mut tracker = Tracker::default();
        for end in [1, 7, 100, 2500, 3000] {
            run.advance_to(end);
            tracker.extend(&run);
            assert_eq!(tracker.extremes(&run), Extremes::of(&run), "after {end} steps");
        }
        assert_eq!(tracker.extremes(&run), Extremes::of(&whole));
    }

    #[test]
    fn a_run_that_runs_away_counts_with_its_start_only() {
        // GD at lr 1.5 on x² + 5x + 6: x + 2.5 ← −2(x + 2.5), doubling each step.
        let run =
            run_of(r#"{"function": "parabola", "start": 1, "steps": 2000, "optimizers": [{"type": "gd", "lr": 1.5}]}"#);
        assert!(run.escape().is_some(), "{:?}", run.status());
        let loss = Extremes::of(&run).of_quantity(ChartQuantity::Loss);
        let start = quantity(run.landscape(), ChartQuantity::Loss, run.record(0));
        assert_eq!((loss.lo, loss.hi), (start, start));
    }
}
