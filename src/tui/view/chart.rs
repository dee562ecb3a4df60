//! Loss against step for every optimizer, up to the current step, on a log
//! scale when the losses span more than two decades. When the landscape's
//! lowest value f* is known and not zero, the chart shows loss − f*, so
//! that the log scale works for negative losses too and steady convergence
//! reads as a straight line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Widget};

use crate::core::scenario::Rgb;
use crate::tui::app::{App, format_number};

/// Losses spanning more than this ratio are drawn on a log scale.
const LOG_SPAN: f64 = 100.0;

/// Whether these losses call for a log scale: all positive and spanning
/// more than two decades.
pub fn wants_log(losses: impl Iterator<Item = f64>) -> bool {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in losses.filter(|v| v.is_finite()) {
        if v <= 0.0 {
            return false;
        }
        lo = lo.min(v);
        hi = hi.max(v);
    }
    lo.is_finite() && hi / lo > LOG_SPAN
}

/// How the chart maps losses to its y axis, from every run's whole history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Subtracted from every loss: the known lowest value f*, or 0.
    offset: f64,
    /// Plot log10(loss − offset).
    log: bool,
    /// The y range after the transform.
    lo: f64,
    /// See `lo`.
    hi: f64,
}

impl Scale {
    fn of(app: &App) -> Scale {
        let offset = app
            .scenario()
            .landscape
            .minima()
            .iter()
            .filter(|m| m.global)
            .map(|m| m.value)
            .next()
            .filter(|&v| v != 0.0)
            .unwrap_or(0.0);
        let all = || app.runs().iter().flat_map(|r| r.history().iter().map(|h| h.loss));
        let log = wants_log(all().map(|v| v - offset));
        let mut scale = Scale { offset, log, lo: f64::INFINITY, hi: f64::NEG_INFINITY };
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in all().map(|v| scale.transform(v)).filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        (scale.lo, scale.hi) = (lo, hi);
        if !(scale.lo.is_finite() && scale.hi.is_finite()) {
            (scale.lo, scale.hi) = (0.0, 1.0);
        }
        if scale.hi - scale.lo < 1e-12 * (1.0 + scale.lo.abs()) {
            (scale.lo, scale.hi) = (scale.lo - 0.5, scale.hi + 0.5);
        }
        scale
    }

    fn transform(&self, loss: f64) -> f64 {
        if self.log { (loss - self.offset).log10() } else { loss - self.offset }
    }
}

/// Draws the chart.
pub fn render_chart(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = app.colors();
    let dim = Style::default().fg(mode.color(Rgb(0x90, 0x90, 0x98)));
    // The scale depends on whole histories: computed once per change of the runs.
    let scale = {
        let mut cache = app.cache.borrow_mut();
        match cache.chart_scale {
            Some((generation, scale)) if generation == app.generation() => scale,
            _ => {
                let scale = Scale::of(app);
                cache.chart_scale = Some((app.generation(), scale));
                scale
            }
        }
    };
    let Scale { offset, log, mut lo, mut hi } = scale;
    let mut label_count = 5;
    if log {
        (lo, hi, label_count) = decade_axis(lo, hi, 4);
    }
    let transform = |v: f64| scale.transform(v);
    let total = app.total_steps().max(1) as f64;
    let step = app.step();
    // About one point per cell column: braille lines between them fill in the rest.
    let columns = usize::from(area.width.max(1));
    let series: Vec<Vec<(f64, f64)>> = app
        .runs()
        .iter()
        .map(|run| {
            let last = step.min(run.steps_taken());
            let stride = (last / columns).max(1);
            let mut points: Vec<(f64, f64)> = (0..=last)
                .step_by(stride)
                .chain(std::iter::once(last))
                .map(|k| (k as f64, transform(run.record(k).loss)))
                .filter(|p| p.1.is_finite())
                .map(|(k, v)| (k, v.clamp(lo, hi)))
                .collect();
            points.dedup_by(|a, b| a.0 == b.0);
            points
        })
        .collect();
    let marker = [(step as f64, lo), (step as f64, hi)];
    let mut datasets =
        vec![Dataset::default().marker(Marker::Braille).graph_type(GraphType::Line).style(dim).data(&marker)];
    for (i, points) in series.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::default().fg(mode.color(app.color_of(i))))
                .data(points),
        );
    }
    let y_labels = axis_labels(lo, hi, log, label_count);
    let title = match (offset != 0.0, log) {
        (false, false) => " loss ".to_string(),
        (false, true) => " loss (log scale) ".to_string(),
        (true, false) => format!(" loss − f*, f*={} ", format_number(offset)),
        (true, true) => format!(" loss − f* (log), f*={} ", format_number(offset)),
    };
    let chart = Chart::new(datasets)
        .block(Block::default().borders(Borders::ALL).border_style(dim).title(Span::styled(title, dim)))
        .x_axis(
            Axis::default()
                .bounds([0.0, total])
                .style(dim)
                .labels(vec![Span::from("0"), Span::from(format!("step {}", app.total_steps()))]),
        )
        .y_axis(Axis::default().bounds([lo, hi]).style(dim).labels(y_labels));
    let chart = if mode == crate::tui::theme::ColorMode::Mono { chart.bold() } else { chart };
    chart.render(area, buf);
}

/// Widens a log axis (exponents `lo` to `hi`) to whole decades, in steps of
/// whole decades that divide it into at most `parts` parts: its bounds and
/// the number of labels, every one a power of ten.
pub fn decade_axis(lo: f64, hi: f64, parts: usize) -> (f64, f64, usize) {
    let (lo, hi) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
    let span = hi - lo;
    let step = (span / parts.max(1) as f64).ceil();
    let parts = (span / step).ceil();
    (lo, lo + parts * step, parts as usize + 1)
}

/// Labels for an axis from `lo` to `hi`: ratatui spaces labels evenly from
/// one bound to the other, so they name evenly spaced values. On a log axis
/// the values are exponents and the labels read as 10^v.
pub fn axis_labels(lo: f64, hi: f64, log: bool, count: usize) -> Vec<Span<'static>> {
    let count = count.max(2);
    (0..count)
        .map(|k| {
            let v = lo + (hi - lo) * k as f64 / (count - 1) as f64;
            let text = if !log {
                format_number(v)
            } else if (v - v.round()).abs() < 1e-9 {
                format!("1e{}", v.round() as i64)
            } else {
                format_number(10f64.powf(v))
            };
            Span::from(text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wants_log;

    #[test]
    fn log_axes_span_whole_decades_in_even_steps() {
        assert_eq!(super::decade_axis(-9.6, 7.2, 4), (-10.0, 10.0, 5));
        assert_eq!(super::decade_axis(-1.2, 1.0, 4), (-2.0, 1.0, 4));
        assert_eq!(super::decade_axis(0.1, 0.3, 4), (0.0, 1.0, 2));
        assert_eq!(super::decade_axis(-4.0, 1.0, 6), (-4.0, 1.0, 6));
    }

    #[test]
    fn log_scale_only_for_positive_losses_spanning_two_decades() {
        assert!(wants_log([12.5, 0.01].into_iter()));
        assert!(!wants_log([12.5, 0.2].into_iter()));
        assert!(!wants_log([12.5, -0.25, 0.001].into_iter()));
        assert!(wants_log([f64::NAN, 1e6, 1.0].into_iter()));
    }
}
