//! A quantity against step (or against gradient evaluations, `C`) for every
//! optimizer shown, up to the current step: the loss (minus f* when f* is known and not zero, so that steady
//! convergence is a straight line on a log scale), the learning rate, |∇f|
//! or the distance to the nearest known minimum.
//!
//! The scale is set by the runs that do not run away, so that one run's
//! blow-up never flattens the others: a run off the scale is drawn to the
//! edge and named there (`↑ GD diverging`).
//!
//! A log scale has no place for 0, which a run reaches when it lands on the
//! minimum to the last bit (or its loss rounds to a hair below f*): such a
//! value is drawn on a floor one decade below the smallest positive value
//! shown, and the chart says so (`0 drawn at 1e-17`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::core::run::{Ending, Runaway};
use crate::core::scenario::ChartQuantity;
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::{ColorMode, Theme, mix, palette};

use super::dots::{DotLayer, Owner, Pen, Stroke, braille, ticks};
use super::plot::owner_style;
use super::screen::Screen;

mod sample;
mod scale;

use sample::{clip_rows, envelope};
pub use scale::{ChartScale, MeanCurve};
use scale::{Scale, is_noisy, mean_curve, moving_means, smoothing_window, value};

/// Width of the y labels.
const LABEL_WIDTH: u16 = 7;
/// A position on the chart, in dots.
type Dot = (f64, f64);
/// A stopped run's last value held on to the current step: one dot drawn,
/// two left out.
const HELD_DASH: (u16, u16) = (1, 2);
/// How far a noisy run's raw curve is mixed toward the background.
const FAINT: f64 = 0.72;
/// The chart's title for a quantity and scale, in the longest form that
/// fits `width` (a title is never cut inside a number), naming the moving
/// mean that noisy runs are drawn with, if any, before anything else.
fn title(quantity: ChartQuantity, scale: Scale, window: Option<usize>, width: usize) -> String {
    let forms = plain_titles(quantity, scale);
    let mut candidates: Vec<String> = Vec::new();
    if let Some(n) = window {
        for form in &forms {
            let form = form.trim_end();
            candidates.push(format!("{form}, bold: mean of {n} steps "));
            candidates.push(format!("{form}, bold: mean of {n} "));
            candidates.push(format!("{form}, mean of {n} "));
        }
    }
    candidates.extend(forms);
    let fallback = candidates.last().cloned().unwrap_or_default();
    candidates.into_iter().find(|f| f.chars().count() <= width).unwrap_or(fallback)
}

/// The title's forms without a moving mean, longest first.
fn plain_titles(quantity: ChartQuantity, scale: Scale) -> Vec<String> {
    let log = if scale.log { " (log)" } else { "" };
    match quantity {
        ChartQuantity::Loss if scale.offset != 0.0 => {
            vec![
                format!(" loss − f*{log}, f*={} ", short(scale.offset)),
                format!(" loss − f*{log} "),
                " loss−f* ".into(),
            ]
        }
        ChartQuantity::Loss => vec![format!(" loss{log} ")],
        ChartQuantity::LearningRate => vec![format!(" learning rate{log} "), " lr ".into()],
        ChartQuantity::GradNorm => vec![format!(" |∇f|{log} ")],
        ChartQuantity::Distance => {
            vec![format!(" distance to nearest minimum{log} "), format!(" distance{log} "), " distance ".into()]
        }
    }
}

/// Draws the chart.
pub fn render_chart(app: &App, screen: &mut Screen, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let dim = theme.dim();
    let metric = app.chart_quantity();
    let shown: Vec<usize> = app.visible().collect();
    let scale = match &screen.chart_scale {
        Some(c) if c.generation == app.generation() && c.metric == metric && c.shown == shown => c.scale,
        known => {
            let known = known.as_ref().map_or(&[][..], |c| &c.curves[..]);
            let (scale, curves) = Scale::reusing(app, metric, known);
            screen.chart_scale = Some(ChartScale { generation: app.generation(), metric, shown, scale, curves });
            scale
        }
    };
    let window = smoothing_window(app, metric);
    let mut heading = title(metric, scale, window, usize::from(area.width.saturating_sub(2)));
    if metric == ChartQuantity::Distance && app.scenario().landscape.minima().is_empty() {
        heading = " distance: no minimum is known here ".into();
    }
    let mut block = Block::default().borders(Borders::ALL).border_style(dim).title(Span::styled(heading, dim));
    if let Some(floor) = scale.zero_at {
        let note = format!(" 0 drawn at 1e{} ", floor as i64);
        block = block.title_bottom(Line::from(Span::styled(note, dim)).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width <= LABEL_WIDTH + 4 || inner.height < 4 {
        return;
    }
    let plot =
        Rect { x: inner.x + LABEL_WIDTH, y: inner.y, width: inner.width - LABEL_WIDTH, height: inner.height - 1 };
    let most = usize::from(plot.height / 2).clamp(2, 6);
    let (lo, hi, marks) = if scale.log {
        let (lo, hi, count) = decade_axis(scale.lo, scale.hi, most - 1);
        let step = (hi - lo) / (count - 1).max(1) as f64;
        (lo, hi, (0..count).map(|j| lo + j as f64 * step).map(|v| (v, format!("1e{}", v.round() as i64))).collect())
    } else {
        let marks: Vec<(f64, String)> = ticks(scale.lo, scale.hi, most).into_iter().map(|v| (v, short(v))).collect();
        (scale.lo, scale.hi, marks)
    };
    // Where a value is drawn, in dots down from the top. On a log axis the
    // labelled decades are a whole number of rows apart, each at the centre
    // of its row, so that every label stands exactly at its value and the
    // decades are evenly spaced; on a linear axis a label stands in the row
    // its value's dots fall in.
    let dots_high = f64::from(plot.height) * 4.0;
    let grid = (scale.log && marks.len() >= 2).then(|| {
        let intervals = marks.len() - 1;
        let rows = (usize::from(plot.height) - 1) / intervals;
        (rows.max(1) * intervals) as f64 * 4.0
    });
    let y_dot = move |y: f64| match grid {
        Some(span) => 2.0 + (hi - y) / (hi - lo) * span,
        None => (hi - y) / (hi - lo) * (dots_high - 1.0),
    };
    for (v, text) in marks {
        let row = plot.y + (y_dot(v) / 4.0).floor() as u16;
        if text.chars().count() < usize::from(LABEL_WIDTH) && row < plot.bottom() {
            buf.set_string(inner.x, row, text, dim);
        }
    }
    // The view's steps, which end where the last run ends when all stop
    // early (converged), as the status bar counts them; or the evaluations
    // any shown run takes.
    let by_evals = app.chart_by_evals();
    let x_of = |i: usize, k: usize| x_of(app, by_evals, i, k);
    let last_x = last_x(app, by_evals);
    buf.set_string(plot.x, plot.bottom(), "0", dim);
    let end = format!("{} {last_x}", if by_evals { "evals" } else { "step" });
    buf.set_string(plot.right().saturating_sub(end.len() as u16), plot.bottom(), &end, dim);
    let mut layer = DotLayer::new(usize::from(plot.width), usize::from(plot.height));
    let (w, _) = layer.dots();
    let to_dots = |x: f64, y: f64| (x / last_x * (w - 1.0), y_dot(y));
    let step = app.step();
    // The current step is one line across the runs; counted in evaluations
    // each run is somewhere else, at the end of its own curve. At the
    // first step and the last the chart's edge says where it is, and a
    // dotted column there read as a run's values.
    if !by_evals && step > 0 && (step as f64) < last_x {
        // Dotted, one dot in four, so that it is not read as a run's curve.
        let mut pen = Pen::new(Owner::Neutral, Stroke { thick: false, dash: (1, 3) });
        layer.stroke(&mut pen, to_dots(step as f64, hi), to_dots(step as f64, lo), 0);
    }
    // Off-scale runs, named at the edge they left by.
    let mut off_scale: Vec<(usize, bool, Option<f64>)> = Vec::new();
    let mut ends: Vec<(usize, (f64, f64))> = Vec::new();
    // Stopped runs' held values: whose, from where to the current step, in dots.
    let mut held: Vec<(usize, Dot, Dot)> = Vec::new();
    let order: Vec<usize> =
        app.visible().filter(|&i| i != app.selected()).chain(app.visible().filter(|&i| i == app.selected())).collect();
    // Noisy runs: every step faint underneath, the moving mean bold on top.
    let mut faint = DotLayer::new(usize::from(plot.width), usize::from(plot.height));
    // A curve leaving the chart is drawn up to the edge it crosses and no
    // further (a line along the edge would read as a value there); `edge`
    // keeps the point where it last crossed out, where its name is put.
    let (top_dot, bottom_dot) = (y_dot(hi), y_dot(lo));
    // `edge`: the curve on top, named where it leaves; drawn two dots
    // thick where it is a noisy run's moving mean, which read as thinner
    // than the raw dots under it.
    let draw =
        |layer: &mut DotLayer, i: usize, samples: &mut dyn Iterator<Item = (usize, f64)>, edge: bool, bold: bool| {
            let mut pen = Pen::new(Owner::Run(i), Stroke { thick: bold, dash: (1, 0) });
            let mut previous: Option<(f64, f64)> = None;
            let mut above = None;
            let mut exit = None;
            for (k, raw) in samples {
                let v = scale.transform(raw);
                let v = if v.is_nan() { f64::INFINITY } else { v };
                above = if v > hi {
                    Some(true)
                } else if v < lo {
                    Some(false)
                } else {
                    None
                };
                let p = to_dots(x_of(i, k), v.clamp(lo - (hi - lo) * 1e3, hi + (hi - lo) * 1e3));
                if let Some(q) = previous
                    && let Some((a, b)) = clip_rows(q, p, top_dot, bottom_dot)
                {
                    layer.stroke(&mut pen, a, b, 0);
                    if edge && above.is_some() {
                        exit = Some(b);
                    }
                }
                previous = Some(p);
            }
            let inside = previous.filter(|p| p.1 >= top_dot && p.1 <= bottom_dot);
            (inside, above, exit)
        };
    screen.chart_means.retain(|c| c.run.strong_count() > 0);
    for &i in &order {
        let run = &app.runs()[i];
        let last = step.min(run.steps_taken());
        let stride = (last / usize::from(plot.width).max(1) / 2).max(1);
        let steps = || (0..=last).step_by(stride).chain(std::iter::once(last));
        let raw = |k: usize| value(app, metric, i, k);
        let (end, above, exit) = match window.filter(|_| is_noisy(app, i)) {
            Some(n) => {
                // Every step of the raw values (a sample would alias the
                // noise), up to a few per dot, cut at the chart's edges.
                let fine = (last / (usize::from(plot.width) * 8).max(1)).max(1);
                let mut points = (0..=last).step_by(fine).chain(std::iter::once(last)).map(|k| (k, raw(k)));
                let (_, raw_above, _) = draw(&mut faint, i, &mut points, true, false);
                let means = mean_curve(&mut screen.chart_means, app, i, metric, n);
                let (end, above, exit) = draw(&mut layer, i, &mut steps().map(|k| (k, means[k])), true, true);
                // A mean that lags a run falling off the chart still in
                // view: the run is named at the edge its losses left by
                // (05's GD + noise, −112 in the table, unnamed under a mean
                // of −75 at the chart's floor).
                (end, above.or(raw_above), exit)
            }
            // Each stride of steps by its lowest and highest value, in the
            // order taken: one sample a stride aliased a loss that swings
            // from step to step (Lion rattling about its minimum) into a
            // flat line. Up to `ENVELOPE_PROBES` steps a stride are read.
            None => {
                let samples = envelope(last, stride, &raw, |v| scale.transform(v));
                draw(&mut layer, i, &mut samples.into_iter(), true, false)
            }
        };
        if let Some(up) = above {
            off_scale.push((i, up, exit.map(|p| p.0)));
        }
        // A run that has stopped (converged, or at a point where its steps
        // are all zero) holds its last value: carried on to the current step
        // dotted, a steps' worth of nothing taken, so that its curve does not
        // read as one cut short (12's Newton, at the saddle's 0 after one
        // step, read as GD falling off the chart). Counted in evaluations a
        // stopped run takes none more: its curve ends where it stopped.
        let stopped = matches!(run.status_at(step).ending(), Ending::Converged | Ending::Stopped);
        if let (Some(p), true, false) = (end, stopped && last < step, by_evals) {
            held.push((i, p, (to_dots(step as f64, 0.0).0, p.1)));
        }
        if let Some(p) = end {
            ends.push((i, p));
        }
    }
    // Drawn after every curve, under which they pass.
    for &(i, from, to) in &held {
        layer.stroke(&mut Pen::new(Owner::Run(i), Stroke { thick: false, dash: HELD_DASH }), from, to, 0);
    }
    let held_rows: Vec<u16> = held.iter().map(|&(_, p, _)| plot.y + (p.1 / 4.0) as u16).collect();
    for (k, symbol) in (0..faint.bits.len()).filter_map(|k| faint.symbol(k).map(|s| (k, s))) {
        if layer.symbol(k).is_some() {
            continue;
        }
        let (col, row) = ((k % faint.width) as u16, (k / faint.width) as u16);
        if let Owner::Run(i) = faint.owner[k] {
            let (c, bg) = (app.color_of(i), theme.curve_background());
            let fg = match theme.mode {
                ColorMode::Indexed => Color::Indexed(palette::faint_256(c, bg, FAINT)),
                _ => theme.color(mix(c, bg, FAINT)),
            };
            buf[(plot.x + col, plot.y + row)].set_char(symbol).set_style(Style::default().fg(fg));
        }
    }
    for k in 0..layer.bits.len() {
        let (owner, _, bits) = layer.shown(k);
        let Some(symbol) = braille(bits) else { continue };
        let (col, row) = ((k % layer.width) as u16, (k / layer.width) as u16);
        let style = match owner {
            Owner::Neutral => dim,
            owner => owner_style(app, owner, false),
        };
        buf[(plot.x + col, plot.y + row)].set_char(symbol).set_style(style);
    }
    if theme.mono() {
        for (i, p) in ends {
            let cell = (plot.x + (p.0 / 2.0) as u16, plot.y + (p.1 / 4.0) as u16);
            buf[cell].set_char(Theme::number_glyph(i));
        }
    }
    mark_off_scale(app, &off_scale, &held_rows, plot, buf);
}

/// The chart as a figure draws it: the quantity, scale, smoothing and
/// current step the view's chart shows, every step of each curve (up to a
/// few thousand points), as real lines rather than dots in cells.
pub(crate) fn figure_chart(app: &App) -> crate::picture::figure::Chart {
    use crate::picture::figure::{Chart, Curve};
    /// Points a curve keeps at most (raw noisy values: four times as many).
    const POINTS: usize = 4000;
    let metric = app.chart_quantity();
    let scale = Scale::of(app, metric);
    let window = smoothing_window(app, metric);
    let mut title = plain_titles(metric, scale).first().map(|t| t.trim().to_string()).unwrap_or_default();
    if let Some(n) = window {
        title.push_str(&format!(", thick: mean of {n} steps"));
    }
    if metric == ChartQuantity::Distance && app.scenario().landscape.minima().is_empty() {
        title = "distance: no minimum is known here".into();
    }
    let by_evals = app.chart_by_evals();
    let x_of = |i: usize, k: usize| x_of(app, by_evals, i, k);
    let last_x = last_x(app, by_evals);
    let (lo, hi) = (scale.lo, scale.hi);
    let step = app.step();
    let order: Vec<usize> =
        app.visible().filter(|&i| i != app.selected()).chain(app.visible().filter(|&i| i == app.selected())).collect();
    let mut curves = Vec::new();
    let mut notes = Vec::new();
    if let Some(floor) = scale.zero_at {
        notes.push((format!("0 drawn at 1e{}", floor as i64), None));
    }
    for &i in &order {
        let run = &app.runs()[i];
        let last = step.min(run.steps_taken());
        let values: Vec<f64> = (0..=last).map(|k| value(app, metric, i, k)).collect();
        let sampled = |stride: usize| (0..=last).step_by(stride.max(1)).chain(std::iter::once(last));
        // Drawn to the edge it leaves by, as the view draws it: the figure
        // clamps to its axis, whose decades reach past `lo` and `hi`.
        let clamped = |v: f64| {
            let v = scale.transform(v);
            if v.is_nan() { f64::INFINITY } else { v }
        };
        let main = match window.filter(|_| is_noisy(app, i)) {
            Some(n) => {
                let faint = sampled(last / (4 * POINTS)).map(|k| (x_of(i, k), scale.transform(values[k]))).collect();
                curves.push(Curve { number: i + 1, color: app.color_of(i), points: faint, faint: true });
                moving_means(&values, n)
            }
            None => values,
        };
        let points: Vec<(f64, f64)> = sampled(last / POINTS).map(|k| (x_of(i, k), clamped(main[k]))).collect();
        let end = main.last().map(|&v| scale.transform(v)).unwrap_or(f64::NAN);
        if end.is_nan() || end > hi || end < lo {
            let what = match run.escape_at(step).map(|e| e.kind) {
                Some(Runaway::Diverging) => "diverging",
                Some(Runaway::Unbounded) => "unbounded",
                None => "off scale",
            };
            let arrow = if end < lo { '↓' } else { '↑' };
            notes.push((
                format!("{arrow} {} {} {what}", i + 1, crate::sanitize::visible(app.label_of(i))),
                Some(app.color_of(i)),
            ));
        }
        curves.push(Curve { number: i + 1, color: app.color_of(i), points, faint: false });
    }
    Chart {
        title,
        log: scale.log,
        x_name: if by_evals { "gradient evaluations".into() } else { "step".into() },
        x_max: last_x,
        y: (lo, hi),
        curves,
        step: (!by_evals).then_some(step as f64),
        notes,
    }
}

/// Where step k of optimizer i goes along the x axis: the step (a run
/// ended early stays at its end), or the evaluations it took.
fn x_of(app: &App, by_evals: bool, i: usize, k: usize) -> f64 {
    let run = &app.runs()[i];
    if by_evals { run.record(k).evals as f64 } else { k.min(run.steps_taken()) as f64 }
}

/// The x axis's end: the view's last step, or the most evaluations any
/// shown run takes.
fn last_x(app: &App, by_evals: bool) -> f64 {
    if by_evals {
        app.visible().map(|i| x_of(app, by_evals, i, app.runs()[i].steps_taken())).fold(1.0, f64::max)
    } else {
        app.total_steps().max(1) as f64
    }
}

/// Names each run that is off the scale, at the edge it left by: from the
/// column where it crossed that edge (`exit`, in dots), or right-aligned;
/// on the row nearest that edge that holds no stopped run's value (`held`):
/// 12's `↓2 GD unbounded` covered Newton's 0 held along the floor.
fn mark_off_scale(app: &App, off_scale: &[(usize, bool, Option<f64>)], held: &[u16], plot: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (mut top, mut bottom) = (plot.y, plot.bottom().saturating_sub(1));
    for &(i, up, exit) in off_scale {
        while top < plot.bottom() && held.contains(&top) {
            top += 1;
        }
        while bottom > plot.y && held.contains(&bottom) {
            bottom -= 1;
        }
        let run = &app.runs()[i];
        let what = match run.escape_at(app.step()).map(|e| e.kind) {
            Some(Runaway::Diverging) => "diverging",
            Some(Runaway::Unbounded) => "unbounded",
            None => "off scale",
        };
        let arrow = if up { '↑' } else { '↓' };
        let long = format!("{arrow}{} {} {what}", i + 1, app.label_of(i));
        let text =
            if long.chars().count() <= usize::from(plot.width) { long } else { format!("{arrow}{} {what}", i + 1) };
        let text: String = text.chars().take(usize::from(plot.width)).collect();
        let row = if up { top } else { bottom };
        if row < plot.y || row >= plot.bottom() {
            continue;
        }
        // The run named in its own colour, and only the word "diverging" in
        // red: in red the whole note read as the red run's.
        let width = text.chars().count() as u16;
        let latest = plot.right().saturating_sub(width);
        let x = exit.map_or(latest, |dots| (plot.x + (dots / 2.0) as u16).min(latest));
        buf.set_string(x, row, &text, theme.path(app.color_of(i)));
        if what == "diverging"
            && let Some(at) = text.rfind(what)
        {
            let offset = text[..at].chars().count() as u16;
            buf.set_string(x + offset, row, what, theme.danger());
        }
        if up {
            top += 1;
        } else {
            bottom = bottom.saturating_sub(1);
        }
    }
}

pub use crate::look::scale::decade_axis;

/// Labels for an axis from `lo` to `hi`, evenly spaced from one bound to
/// the other. On a log axis the values are exponents and the labels read as
/// 10^v.
pub fn axis_labels(lo: f64, hi: f64, log: bool, count: usize) -> Vec<String> {
    let count = count.max(2);
    (0..count)
        .map(|k| {
            let v = lo + (hi - lo) * k as f64 / (count - 1) as f64;
            if !log {
                short(v)
            } else if (v - v.round()).abs() < 1e-9 {
                format!("1e{}", v.round() as i64)
            } else {
                short(10f64.powf(v))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn noisy_runs_drawn_with_kept_means_are_drawn_as_found_anew() {
        use crate::tui::action::Action;
        use crate::tui::view::{Screen, draw, layout};
        let area = ratatui::layout::Rect::new(0, 0, 120, 40);
        let render_with = |app: &crate::tui::app::App, screen: &mut Screen| {
            let mut buffer = ratatui::buffer::Buffer::empty(area);
            draw(app, &layout(app, area), screen, &mut buffer);
            buffer
        };
        let mut app = crate::tui::app::App::new(
            crate::lessons::find("local-minimum").unwrap().scenario().unwrap(),
            crate::tui::theme::ColorMode::TrueColor,
        );
        assert!(super::smoothing_window(&app, super::ChartQuantity::Loss).is_some(), "a noisy run is shown");
        let mut kept = Screen::new();
        for action in [
            Action::LastStep,
            Action::Step(-37),
            Action::FirstStep,
            Action::Step(120),
            Action::CycleChart,
            Action::CycleChart,
        ] {
            app.apply(action);
            let drawn = render_with(&app, &mut kept);
            assert_eq!(drawn, render_with(&app, &mut Screen::new()), "after {action:?}");
        }
        assert!(!kept.chart_means.is_empty(), "the means were kept");
    }

    #[test]
    fn log_axes_span_whole_decades_in_even_steps() {
        assert_eq!(super::decade_axis(-9.6, 7.2, 4), (-10.0, 10.0, 5));
        assert_eq!(super::decade_axis(-1.2, 1.0, 4), (-2.0, 1.0, 4));
        assert_eq!(super::decade_axis(0.1, 0.3, 4), (0.0, 1.0, 2));
        assert_eq!(super::decade_axis(-4.0, 1.0, 6), (-4.0, 1.0, 6));
    }
}
