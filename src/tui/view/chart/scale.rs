//! The chart's values and where they go: each quantity of a run at a step,
//! the moving mean a noisy run is drawn with, and the y scale (linear or
//! log, with its floor for exact zeros) set by the runs that do not run away.

use std::sync::{Arc, Weak};

use crate::core::run::Run;
use crate::core::scenario::ChartQuantity;
use crate::tui::app::App;
use crate::tui::jobs::extremes::{Extent, lowest_value, quantity};

/// Values spanning more than this ratio are drawn on a log scale.
pub(super) const LOG_SPAN: f64 = 100.0;
/// The moving means a noisy run's curve may be smoothed over, in steps:
/// the largest that is at most a twentieth of the scenario's steps.
pub(super) const WINDOWS: [usize; 5] = [5, 10, 20, 50, 100];

/// Whether a run's values jitter from step to step: gradient noise or mini-batches.
pub(super) fn is_noisy(app: &App, i: usize) -> bool {
    let spec = app.runs()[i].spec();
    let data = app.scenario().landscape.data_len();
    spec.noise > 0.0 || spec.batch_size.is_some_and(|b| data.is_none_or(|n| b < n))
}

/// The mean of each value with the `n` − 1 before it (fewer at the start):
/// a trailing mean, so that a step's mean never uses a later step.
pub(super) fn moving_means(values: &[f64], n: usize) -> Vec<f64> {
    let mut sum = 0.0;
    let mut out = Vec::with_capacity(values.len());
    for (k, &v) in values.iter().enumerate() {
        sum += v;
        if k >= n {
            sum -= values[k - n];
        }
        let count = (k + 1).min(n);
        // A running sum that met an infinity or NaN stays so: sum the window again.
        if !sum.is_finite() {
            sum = values[k + 1 - count..=k].iter().sum();
        }
        out.push(sum / count as f64);
    }
    out
}

/// The moving mean (in steps) that noisy runs are drawn with, if any is
/// shown: none for the learning rate, which noise does not touch.
pub(super) fn smoothing_window(app: &App, metric: ChartQuantity) -> Option<usize> {
    if metric == ChartQuantity::LearningRate || !app.visible().any(|i| is_noisy(app, i)) {
        return None;
    }
    let twentieth = app.total_steps() / 20;
    Some(WINDOWS.iter().copied().rfind(|&n| n <= twentieth).unwrap_or(WINDOWS[0]))
}

/// A noisy run's moving means over its whole history, kept from frame to
/// frame (a mean at a step reads only the steps before it, so the curve up
/// to any step is a start of it), for the run as it was when they were
/// found: a step on a view of millions of noisy steps reads none of them.
#[derive(Debug)]
pub struct MeanCurve {
    pub(super) run: Weak<Run>,
    pub(super) steps: usize,
    pub(super) metric: ChartQuantity,
    pub(super) window: usize,
    pub(super) means: Vec<f64>,
}

/// Optimizer i's moving means of `metric` over `window` steps, from
/// `kept` or found (and kept) now.
pub(super) fn mean_curve<'a>(
    kept: &'a mut Vec<MeanCurve>,
    app: &App,
    i: usize,
    metric: ChartQuantity,
    window: usize,
) -> &'a [f64] {
    let run = &app.runs()[i];
    let (steps, weak) = (run.steps_taken(), Arc::downgrade(run));
    let same = |c: &MeanCurve| c.run.ptr_eq(&weak) && c.steps == steps && c.metric == metric && c.window == window;
    let at = match kept.iter().position(same) {
        Some(at) => at,
        None => {
            let raw: Vec<f64> = (0..=steps).map(|k| value(app, metric, i, k)).collect();
            kept.push(MeanCurve { run: weak, steps, metric, window, means: moving_means(&raw, window) });
            kept.len() - 1
        }
    };
    &kept[at].means
}

/// How the chart maps values to its y axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Subtracted from every loss: the known lowest value f*, or 0.
    pub(super) offset: f64,
    /// Plot log10 of the value.
    pub(super) log: bool,
    /// The y range after the transform.
    pub(super) lo: f64,
    /// See `lo`.
    pub(super) hi: f64,
    /// On a log scale with values of exactly 0: the exponent they are drawn at.
    pub(super) zero_at: Option<f64>,
}

/// A scale and what it was computed for, with what each run's curve
/// added to it.
#[derive(Debug, Clone)]
pub struct ChartScale {
    pub(super) generation: u64,
    pub(super) metric: ChartQuantity,
    pub(super) shown: Vec<usize>,
    pub(super) scale: Scale,
    pub(super) curves: Vec<CurveExtent>,
}

/// A noisy run's [`Extent`], drawn with its moving mean (which no job
/// finds beside the view), and what it was found for: the run itself (held
/// weakly, so that a run let go is never mistaken for a new one), how far
/// it had got, the quantity and the mean's window. A change to another run
/// finds it again without reading its history.
#[derive(Debug, Clone)]
pub(super) struct CurveExtent {
    pub(super) run: Weak<Run>,
    pub(super) steps: usize,
    pub(super) metric: ChartQuantity,
    pub(super) window: usize,
    pub(super) extent: Extent,
}

/// The value of `metric` for optimizer i after k steps, before the scale's transform.
pub(super) fn value(app: &App, metric: ChartQuantity, i: usize, k: usize) -> f64 {
    quantity(&app.scenario().landscape, metric, app.runs()[i].record(k))
}

/// Whether values of this extent call for a log scale: none negative, and
/// the positive ones spanning more than two decades. An exact 0 (a run
/// that reached the minimum to the last bit, as Newton's method can) does
/// not flatten the others onto a linear scale: it is drawn on the axis's
/// floor.
pub(super) fn wants_log(extent: &Extent) -> bool {
    !extent.negative && extent.positive_lo.is_finite() && extent.positive_hi / extent.positive_lo > LOG_SPAN
}

impl Scale {
    /// The scale of a metric over the whole histories of the runs shown;
    /// a run that runs away counts with its start only.
    pub(super) fn of(app: &App, metric: ChartQuantity) -> Scale {
        Scale::reusing(app, metric, &[]).0
    }

    /// [`Scale::of`], from each run's extremes (found as it was computed);
    /// a noisy run's moving mean is read again only where `known` has no
    /// extent for it as it is now. With the noisy runs' extents, those of
    /// `known` kept while their runs are.
    pub(super) fn reusing(app: &App, metric: ChartQuantity, known: &[CurveExtent]) -> (Scale, Vec<CurveExtent>) {
        let offset = match metric {
            ChartQuantity::Loss => lowest_value(&app.scenario().landscape).unwrap_or(0.0),
            _ => 0.0,
        };
        // A noisy run counts with its moving mean: its raw values are
        // drawn faint within that range, where their dips toward 0 would
        // otherwise take up most of a log axis.
        let window = smoothing_window(app, metric);
        let mut curves: Vec<CurveExtent> = Vec::new();
        let mut all = Extent::EMPTY;
        for i in app.visible() {
            let run = &app.runs()[i];
            let Some(n) = window.filter(|_| is_noisy(app, i)) else {
                all = all.join(app.extremes(i).of_quantity(metric));
                continue;
            };
            let (steps, weak) = (run.steps_taken(), Arc::downgrade(run));
            let same =
                |c: &&CurveExtent| c.run.ptr_eq(&weak) && c.steps == steps && c.metric == metric && c.window == n;
            let curve = known.iter().find(same).cloned().unwrap_or_else(|| {
                let last = if run.escape().is_some() { 0 } else { steps };
                let raw: Vec<f64> = (0..=last).map(|k| value(app, metric, i, k)).collect();
                CurveExtent {
                    run: weak,
                    steps,
                    metric,
                    window: n,
                    extent: Extent::of(moving_means(&raw, n).into_iter()),
                }
            });
            all = all.join(curve.extent);
            curves.push(curve);
        }
        // Another quantity's, or a hidden run's, for when they are shown again.
        let kept: Vec<CurveExtent> = known
            .iter()
            .filter(|c| {
                c.run.strong_count() > 0 && !curves.iter().any(|d| d.run.ptr_eq(&c.run) && d.metric == c.metric)
            })
            .cloned()
            .collect();
        curves.extend(kept);
        let log = wants_log(&all);
        let mut scale = Scale { offset, log, lo: all.lo, hi: all.hi, zero_at: None };
        if log {
            // log10 keeps the order: the extremes of the logs are the logs
            // of the positive extremes (a 0 has no log, and is drawn below).
            (scale.lo, scale.hi) = (all.positive_lo.log10(), all.positive_hi.log10());
        }
        if log && all.zero {
            // One whole decade below the smallest positive value: below
            // every curve, and on the axis's decade grid.
            let floor = scale.lo.floor() - 1.0;
            scale.zero_at = Some(floor);
            scale.lo = floor;
        }
        scale.widen();
        (scale, curves)
    }

    /// A range with no width, or none at all, made one; a linear range
    /// given a margin of 4% on either side.
    pub(super) fn widen(&mut self) {
        if !(self.lo.is_finite() && self.hi.is_finite()) {
            (self.lo, self.hi) = (0.0, 1.0);
        }
        if self.hi - self.lo < 1e-12 * (1.0 + self.lo.abs()) {
            (self.lo, self.hi) = (self.lo - 0.5, self.hi + 0.5);
        }
        if !self.log {
            let pad = (self.hi - self.lo) * 0.04;
            (self.lo, self.hi) = (self.lo - pad, self.hi + pad);
        }
    }

    pub(super) fn transform(&self, v: f64) -> f64 {
        match self.zero_at {
            Some(floor) if v == 0.0 => floor,
            _ if self.log => v.log10(),
            _ => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Extent;

    fn wants_log(values: impl Iterator<Item = f64>) -> bool {
        super::wants_log(&Extent::of(values))
    }

    /// The scale as found by reading every value of every run shown.
    fn scale_read_whole(app: &super::App, metric: super::ChartQuantity) -> super::Scale {
        use super::*;
        let offset = match metric {
            ChartQuantity::Loss => lowest_value(&app.scenario().landscape).unwrap_or(0.0),
            _ => 0.0,
        };
        let window = smoothing_window(app, metric);
        let values: Vec<f64> = app
            .visible()
            .flat_map(|i| {
                let run = &app.runs()[i];
                let last = if run.escape().is_some() { 0 } else { run.steps_taken() };
                let raw: Vec<f64> = (0..=last).map(|k| value(app, metric, i, k)).collect();
                match window.filter(|_| is_noisy(app, i)) {
                    Some(n) => moving_means(&raw, n),
                    None => raw,
                }
            })
            .collect();
        let log = wants_log(&Extent::of(values.iter().copied()));
        let logged: Vec<f64> =
            values.iter().map(|&v| if log { v.log10() } else { v }).filter(|v| v.is_finite()).collect();
        let mut scale = Scale {
            offset,
            log,
            lo: logged.iter().copied().fold(f64::INFINITY, f64::min),
            hi: logged.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            zero_at: None,
        };
        if log && values.contains(&0.0) {
            scale.zero_at = Some(scale.lo.floor() - 1.0);
            scale.lo = scale.lo.floor() - 1.0;
        }
        scale.widen();
        scale
    }

    #[test]
    fn the_scale_from_each_runs_extremes_is_the_scale_of_every_value() {
        use crate::core::scenario::ChartQuantity;
        use crate::tui::action::Action;
        let quantities =
            [ChartQuantity::Loss, ChartQuantity::LearningRate, ChartQuantity::GradNorm, ChartQuantity::Distance];
        for lesson in crate::lessons::LESSONS {
            let mut app =
                crate::tui::app::App::new(lesson.scenario().unwrap(), crate::tui::theme::ColorMode::TrueColor);
            for _ in 0..2 {
                let mut known = Vec::new();
                for metric in quantities {
                    let (scale, curves) = super::Scale::reusing(&app, metric, &known);
                    assert_eq!(scale, scale_read_whole(&app, metric), "{}: {metric:?}", lesson.file);
                    // Found again from what was kept, the same.
                    assert_eq!(super::Scale::reusing(&app, metric, &curves).0, scale, "{}: {metric:?}", lesson.file);
                    known = curves;
                }
                // With the selected run hidden.
                app.apply(Action::ToggleHidden);
            }
        }
    }

    #[test]
    fn moving_means_trail_and_survive_an_infinity() {
        assert_eq!(super::moving_means(&[1.0, 2.0, 3.0, 4.0], 2), [1.0, 1.5, 2.5, 3.5]);
        assert_eq!(super::moving_means(&[3.0, 6.0, 9.0], 5), [3.0, 4.5, 6.0]);
        let m = super::moving_means(&[1.0, f64::INFINITY, 3.0, 4.0, 6.0], 2);
        assert_eq!((m[0], m[1], m[2], m[3], m[4]), (1.0, f64::INFINITY, f64::INFINITY, 3.5, 5.0));
    }

    #[test]
    fn log_scale_only_for_positive_values_spanning_two_decades() {
        assert!(wants_log([12.5, 0.01].into_iter()));
        assert!(!wants_log([12.5, 0.2].into_iter()));
        assert!(!wants_log([12.5, -0.25, 0.001].into_iter()));
        assert!(wants_log([f64::NAN, 1e6, 1.0].into_iter()));
        assert!(wants_log([12.5, 0.0, 0.01].into_iter()), "an exact minimum sits at the bottom");
        assert!(!wants_log([0.0, 0.0].into_iter()));
    }
}
