//! What a slide figure shows, read from the same state the view draws: the
//! step, the view over parameter space, the optimizers shown (the selected
//! one drawn last, on top, as in the view), their colours and labels, and
//! the chart's quantity and scale. The drawing itself is
//! [`crate::picture::figure`]'s, which never sees a terminal cell.
//!
//! Old steps do not fade in a figure: a still shows every path whole, in
//! its own colour.

use crate::core::optim::OptimizerState;
use crate::picture::figure::{Figure, Plot, Trace};
use crate::sanitize::visible;
use crate::tui::app::App;

use super::plot::plotted;

/// The figure of the view as it stands.
pub fn figure(app: &App) -> Figure<'_> {
    let landscape = &app.scenario().landscape;
    let one_d = landscape.dim() == 1;
    let [x_name, y_name] = landscape.parameter_names();
    let names = if one_d { [x_name.to_string(), format!("f({x_name})")] } else { [x_name.into(), y_name.into()] };
    let on_curve = |p: [f64; 2]| if one_d { [p[0], landscape.value(p)] } else { p };
    let selected = app.selected();
    let order: Vec<usize> =
        app.visible().filter(|&i| i != selected).chain(app.visible().filter(|&i| i == selected)).collect();
    let step = app.step();
    let traces = order
        .iter()
        .map(|&i| {
            let run = &app.runs()[i];
            let last = step.min(run.steps_taken());
            let steps: Vec<[f64; 2]> = (0..=last).map(|k| plotted(app, i, k)).collect();
            let mut route = vec![steps[0]];
            for (k, &point) in steps.iter().enumerate().skip(1) {
                // L-BFGS passes through the inner iterates of its step.
                if let OptimizerState::Lbfgs(memory) = &run.record(k).state {
                    let iterations = &memory.trace.iterations;
                    for it in iterations.iter().take(iterations.len().saturating_sub(1)) {
                        route.push(if one_d {
                            [it.to[0], it.loss.unwrap_or_else(|| landscape.value(&it.to))]
                        } else {
                            it.to.xy()
                        });
                    }
                }
                route.push(point);
            }
            Trace { number: i + 1, label: visible(app.label_of(i)).into_owned(), color: app.color_of(i), route, steps }
        })
        .collect();
    let starts = order.iter().map(|&i| on_curve(app.runs()[i].spec().start.xy())).collect();
    let minima = landscape.minima().iter().map(|m| on_curve(m.point.xy())).collect();
    let plot = Plot {
        landscape,
        view: app.viewport(),
        equal_aspect: app.equal_aspect(),
        names,
        traces,
        starts,
        minima,
        levels: app.scenario().view.levels,
    };
    Figure {
        title: visible(&app.scenario().name).into_owned(),
        step: format!("step {step} of {}", app.total_steps()),
        background: app.theme().background,
        plot,
        chart: Some(super::chart::figure_chart(app)),
    }
}
