//! Final loss against learning rate on log–log axes: the three regimes (too
//! small, just right, too large) as one curve, with the current rate and,
//! for GD and momentum, the stability limit at the minimum marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Widget};

use super::chart::{axis_labels, decade_axis};
use crate::core::explain::limit_at_destination;
use crate::core::run::Ending;
use crate::format::short;
use crate::tui::app::App;

/// Draws the sweep of the selected optimizer.
pub fn render_sweep(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(sweep) = app.sweep() else { return };
    let theme = app.theme();
    let dim = theme.dim();
    let i = app.selected();
    let landscape = &app.scenario().landscape;
    let global = landscape.minima().iter().find(|m| m.global);
    let offset = global.map_or(0.0, |m| m.value);
    let done: Vec<_> = sweep.points.iter().flatten().collect();
    // log10 of (final loss − f*), where that is positive and finite.
    let gap = |loss: f64| {
        let g = loss - offset;
        (g.is_finite() && g > 0.0).then(|| g.log10())
    };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    // Diverged rates sit on the top edge: the range is that of the others.
    for y in done.iter().filter(|p| p.status != Ending::Diverged).filter_map(|p| gap(p.final_loss)) {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (-1.0, 1.0);
    }
    if hi - lo < 1.0 {
        (lo, hi) = (lo - 0.5, hi + 0.5);
    }
    let (x0, x1, x_labels) = decade_axis(
        sweep.rates[0].log10(),
        sweep.rates[sweep.rates.len() - 1].log10(),
        usize::from(area.width / 9).clamp(1, 6),
    );
    let (lo, hi, y_labels) = decade_axis(lo, hi, 4);
    let curve: Vec<(f64, f64)> = done
        .iter()
        .filter(|p| p.status != Ending::Diverged)
        .map(|p| (p.lr.log10(), gap(p.final_loss).unwrap_or(lo)))
        .collect();
    let diverged: Vec<(f64, f64)> =
        done.iter().filter(|p| p.status == Ending::Diverged).map(|p| (p.lr.log10(), hi)).collect();
    let current = app.optimizer_of(i).lr.log10();
    let current_line = [(current, lo), (current, hi)];
    // The same limit as the panel's: at the minimum the run heads to.
    let limit = limit_at_destination(&app.runs()[i]).map(|l| l.bound);
    let limit_line: Vec<(f64, f64)> = limit.map(|b| vec![(b.log10(), lo), (b.log10(), hi)]).unwrap_or_default();
    let color = theme.color(app.color_of(i));
    let mut datasets = vec![
        Dataset::default().marker(Marker::Braille).graph_type(GraphType::Line).style(dim).data(&limit_line),
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::default().fg(color))
            .data(&current_line),
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::default().fg(color))
            .data(&curve),
    ];
    datasets.push(
        Dataset::default().marker(Marker::Dot).graph_type(GraphType::Scatter).style(theme.danger()).data(&diverged),
    );
    let progress = if done.len() < sweep.points.len() {
        format!(" {}%", 100 * done.len() / sweep.points.len())
    } else {
        String::new()
    };
    let limit_text = limit.map(|b| format!(" · limit {}", short(b))).unwrap_or_default();
    // The longest title that fits: a cut title could cut the limit's number.
    let forms = [
        format!(" {}: final loss by lr{limit_text}{progress} ", app.label_of(i)),
        format!(" final loss by lr{limit_text}{progress} "),
        format!(" by lr{limit_text}{progress} "),
        format!(" final loss by lr{progress} "),
    ];
    let room = usize::from(area.width.saturating_sub(2));
    let title = forms.iter().find(|t| t.chars().count() <= room).unwrap_or(&forms[3]).clone();
    Chart::new(datasets)
        .block(Block::default().borders(Borders::ALL).border_style(dim).title(Span::styled(title, dim)))
        .x_axis(Axis::default().title("lr").bounds([x0, x1]).style(dim).labels(axis_labels(x0, x1, true, x_labels)))
        .y_axis(
            Axis::default()
                .title(if offset != 0.0 { "loss − f*" } else { "loss" })
                .bounds([lo, hi])
                .style(dim)
                .labels(axis_labels(lo, hi, true, y_labels)),
        )
        .render(area, buf);
}
