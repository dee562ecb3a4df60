//! One row per optimizer: its number and colour, label, type, learning
//! rate, the stability limit of its rate, momentum-like value, loss,
//! gradient norm and status at the current step.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Widget};

use crate::core::analysis::{MINIMUM_TOLERANCE, near_saddle, on_saddle};
use crate::core::explain::limit_at_destination;
use crate::core::landscape::Landscape;
use crate::core::run::{Run, Runaway, Status};
use crate::core::{distance, norm};
use crate::format::{setting_in, short_in};
use crate::tui::app::App;

/// Rows the panel needs for n optimizers.
pub fn height(n: usize) -> u16 {
    n as u16 + 2
}

/// One entry of presenter mode's legend: optimizer i's number and label
/// (in its colour, after a swatch), its loss and how its run stands.
fn legend_entry(app: &App, i: usize) -> (String, String, Option<bool>) {
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let head = format!(" {} {} ", i + 1, app.label_of(i));
    let (status, bad) = run_status(app, i, 16);
    let status = if status == "running" || status == "max steps" { String::new() } else { format!(" {status}") };
    (head, format!("{}{status}   ", crate::format::short(run.record(k).loss)), bad)
}

/// The entries' widths in columns: swatch, label, figures.
fn legend_widths(app: &App) -> Vec<usize> {
    (0..app.runs().len())
        .map(|i| {
            let (head, rest, _) = legend_entry(app, i);
            2 + unicode_width::UnicodeWidthStr::width(head.as_str()) + rest.chars().count()
        })
        .collect()
}

/// The rows presenter mode's legend takes at a width: its entries laid out
/// left to right, as many to a row as fit.
pub fn legend_height(app: &App, width: u16) -> u16 {
    let mut rows = 1;
    let mut used = 0;
    for w in legend_widths(app) {
        if used > 0 && used + w > usize::from(width) {
            rows += 1;
            used = 0;
        }
        used += w;
    }
    rows
}

/// Presenter mode's legend in place of the panel: every optimizer's colour,
/// number, label, loss and (once it has ended or run away) its status, in
/// bold, as few rows as the width allows.
pub fn render_legend(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let widths = legend_widths(app);
    let (mut x, mut y) = (area.x, area.y);
    for (i, w) in widths.into_iter().enumerate() {
        if x > area.x && usize::from(x - area.x) + w > usize::from(area.width) {
            x = area.x;
            y += 1;
        }
        if y >= area.bottom() {
            break;
        }
        let (head, rest, bad) = legend_entry(app, i);
        let figures = match bad {
            Some(true) => theme.danger(),
            _ => theme.strong(),
        };
        let line = Line::from(vec![
            Span::styled("  ", theme.swatch(app.color_of(i))),
            Span::styled(head, theme.path(app.color_of(i))),
            Span::styled(rest, figures),
        ]);
        let at = Rect { x, y, width: area.right().saturating_sub(x), height: 1 };
        Paragraph::new(line).render(at, buf);
        x = x.saturating_add(w as u16);
    }
}

/// The lr limit column: `<b` below the stability limit b of the minimum the
/// run heads to, `=b` on it (neither converging nor diverging), `lr>b!` past
/// it; `clipped` where clipping bounds every step instead; empty where the
/// optimizer has no such limit or the run heads to no known minimum.
pub fn limit_text(run: &Run, lr: f64, width: usize) -> (String, LimitState) {
    let clipped = run.spec().clip_norm.is_some() && run.spec().optimizer.hyper.family().has_lr_limit();
    if clipped {
        return ("clipped".into(), LimitState::Unbounded);
    }
    match limit_at_destination(run) {
        None => (String::new(), LimitState::Unbounded),
        Some(limit) => {
            let b = limit.bound;
            let room = width.saturating_sub(1);
            if (lr - b).abs() <= 1e-12 * b {
                (format!("={}", short_in(b, room)), LimitState::OnIt)
            } else if lr < b {
                (format!("<{}", short_in(b, room)), LimitState::Below)
            } else {
                // "lr>": a bare ">0.002!" read as "the limit is above 0.002".
                // Narrow, the "!" goes before the limit's digits do.
                let whole = crate::format::short(b);
                let forms = [format!("lr>{whole}!"), format!("lr>{whole}")];
                let fits = forms.into_iter().find(|f| f.chars().count() <= width);
                (fits.unwrap_or_else(|| format!("lr>{}!", short_in(b, room.saturating_sub(3)))), LimitState::Above)
            }
        }
    }
}

/// Where a rate stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitState {
    /// No limit applies.
    Unbounded,
    /// Stable.
    Below,
    /// Exactly on the limit.
    OnIt,
    /// Unstable.
    Above,
}

/// Optimizer i's status at the step shown (see [`status_text`]), or, while
/// its run is computed, how far that has got: `computing 40%`.
fn run_status(app: &App, i: usize, width: usize) -> (String, Option<bool>) {
    match app.computing(i) {
        Some(share) => {
            let percent = format!("{:.0}%", (share * 100.0).floor());
            let forms = [format!("computing {percent}"), format!("comp. {percent}"), percent];
            let last = forms[2].clone();
            (forms.into_iter().find(|f| f.chars().count() <= width).unwrap_or(last), None)
        }
        None => status_text(&app.runs()[i], app.step(), width, &app.scenario().landscape),
    }
}

/// A run that took all its steps with a gradient this small at the end is
/// said to have settled.
pub const SETTLED: f64 = 1e-6;

/// The status at step k in words, in the longest of its forms that fits
/// `width` characters (never cut inside a number), and whether it is bad
/// news, worth noting, or neither.
pub fn status_text(run: &Run, k: usize, width: usize, landscape: &Landscape) -> (String, Option<bool>) {
    let (forms, bad): (Vec<String>, Option<bool>) = match (run.status_at(k), run.escape_at(k)) {
        (status @ Status::Diverged { step, .. }, _) => {
            (vec![status.describe(), format!("diverged {step}"), "diverged".into()], Some(true))
        }
        (_, Some(e)) if e.kind == Runaway::Diverging => {
            (vec![format!("diverging (step {})", e.step), "diverging".into()], Some(true))
        }
        (_, Some(e)) => (vec![format!("unbounded below (step {})", e.step), "unbounded".into()], Some(false)),
        // Converged, but onto a saddle: worth noting, not a success.
        (Status::Converged { step, .. }, None) if on_saddle(landscape, &run.record(step).params) => (
            vec![format!("on a saddle, step {step}"), format!("saddle, step {step}"), format!("saddle {step}")],
            Some(false),
        ),
        (status @ Status::Converged { step, .. }, None) => {
            (vec![status.describe(), format!("converged {step}"), "converged".into()], None)
        }
        (status @ Status::Stopped { .. }, None) => (vec![status.describe(), "stopped".into()], None),
        // Every step taken and at a known minimum: "max steps" read as a
        // run that fell short, beside one a stop rule had called converged
        // further away.
        // Local or global, where a landscape has both: 07's GD and momentum
        // both read "at a minimum", the one distinction the lesson is about.
        (Status::MaxSteps { .. }, None)
            if let Some(m) = landscape
                .minima()
                .iter()
                .find(|m| distance(&m.point, &run.record(k.min(run.steps_taken())).params) < MINIMUM_TOLERANCE) =>
        {
            let minima = landscape.minima();
            let globals = minima.iter().filter(|m| m.global).count();
            let forms = match (minima.len(), m.global, globals) {
                (1, _, _) => vec!["at the minimum".into(), "at minimum".into()],
                (_, true, 1) => vec!["at the global minimum".into(), "at global min".into(), "at minimum".into()],
                (_, _, g) if g == minima.len() => vec!["at a minimum".into(), "at minimum".into()],
                (_, true, _) => vec!["at a global minimum".into(), "at global min".into(), "at minimum".into()],
                (_, false, _) => vec!["at a local minimum".into(), "at local min".into(), "at minimum".into()],
            };
            (forms, None)
        }
        // Every step taken beside a saddle (05's plain GD, started on its
        // ridge): "max steps" said nothing of where it stands.
        (Status::MaxSteps { .. }, None) if near_saddle(landscape, &run.record(k.min(run.steps_taken())).params) => {
            (vec!["near a saddle".into(), "near saddle".into(), "saddle".into()], Some(false))
        }
        // Every step taken, but standing still: "max steps" read as a run
        // that fell short, beside runs that stopped by rule at a far
        // larger gradient and read "converged".
        (Status::MaxSteps { .. }, None) if norm(&run.record(k.min(run.steps_taken())).grad) <= SETTLED => {
            (vec![format!("settled, |∇f| < {SETTLED:e}"), "settled".into()], None)
        }
        (status, None) => (vec![status.describe()], None),
    };
    let last = forms.last().cloned().unwrap_or_default();
    (forms.into_iter().find(|f| f.chars().count() <= width).unwrap_or(last), bad)
}

/// The panel's columns, in order; narrower terminals drop them from the end of
/// `DROP_ORDER` first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Swatch,
    Label,
    Type,
    Rate,
    Limit,
    Momentum,
    Loss,
    Grad,
    Evals,
    Start,
}

/// Which columns go first when the panel is narrow: the start, the type,
/// then the momentum-like value, the limit, the gradient norm, and last the
/// evaluations (beside 17's opening text the status was cut to "ru").
const DROP_ORDER: [Column; 6] =
    [Column::Start, Column::Type, Column::Momentum, Column::Limit, Column::Grad, Column::Evals];
/// The status column needs at least this much to say `converged 1457`.
const STATUS_MIN: u16 = 14;

/// `text` cut to `width` columns with an ellipsis, when it is wider (wide
/// characters take two columns).
fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        cut.push(c);
        used += w;
    }
    cut.push('…');
    cut
}

/// A set value under its name in `width` columns: `name=0.445` with its
/// own digits, or `name≈0.45` when only fewer fit (`≈0.45` without a name).
fn setting(name: &str, v: f64, width: usize) -> String {
    let room = width.saturating_sub(name.chars().count() + usize::from(!name.is_empty()));
    match setting_in(v, room) {
        (digits, true) if name.is_empty() => digits,
        (digits, true) => format!("{name}={digits}"),
        _ => format!("{name}≈{}", setting_in(v, room.saturating_sub(usize::from(name.is_empty()))).0),
    }
}

/// Draws the panel.
pub fn render_panel(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let dim = theme.dim();
    let wide = area.width >= 100;
    let label_width =
        (0..app.runs().len()).map(|i| unicode_width::UnicodeWidthStr::width(app.label_of(i))).max().unwrap_or(8);
    let number = if wide { 10 } else { 8 };
    // On the narrowest terminals the label gives way (to an ellipsis) so
    // that the status keeps room for a word.
    let others = if wide { 3 + 11 + 10 + 10 + 4 } else { 3 + 8 + 8 + 3 };
    let label_column = (label_width.clamp(9, 18) as u16 + 2).min(area.width.saturating_sub(others + 10)).max(6);
    let width_of = |c: Column| -> u16 {
        match c {
            Column::Swatch => 3,
            Column::Label => label_column,
            Column::Type => 8,
            Column::Rate => {
                if wide {
                    11
                } else {
                    8
                }
            }
            Column::Limit => {
                if wide {
                    9
                } else {
                    8
                }
            }
            Column::Momentum => {
                if wide {
                    13
                } else {
                    7
                }
            }
            Column::Loss | Column::Grad => number,
            Column::Evals => 6,
            Column::Start => 18,
        }
    };
    let mut columns = vec![
        Column::Swatch,
        Column::Label,
        Column::Type,
        Column::Rate,
        Column::Limit,
        Column::Momentum,
        Column::Loss,
        Column::Grad,
        Column::Evals,
        Column::Start,
    ];
    // Gradient evaluations differ from steps only where a run of an optimizer
    // that evaluates the function itself (L-BFGS) is shown.
    if !app.runs().iter().any(|r| r.spec().optimizer.kind.declaration().exact) {
        columns.retain(|&c| c != Column::Evals);
    }
    let used = |columns: &[Column]| columns.iter().map(|&c| width_of(c) + 1).sum::<u16>();
    for drop in DROP_ORDER {
        // The start stays only with room to spare for a long status.
        let room = STATUS_MIN + if drop == Column::Start { 10 } else { 0 };
        if used(&columns) + room <= area.width && (drop != Column::Type || wide) {
            break;
        }
        columns.retain(|&c| c != drop);
    }
    let status_width = usize::from(area.width.saturating_sub(used(&columns)));
    let only_momentum =
        app.runs().iter().filter_map(|r| r.spec().optimizer.momentum_like()).all(|m| m.name == "momentum");
    let header_of = |c: Column| match c {
        Column::Swatch => "",
        Column::Label => {
            if label_column >= 11 {
                "optimizer"
            } else {
                "name"
            }
        }
        Column::Type => "type",
        Column::Rate => {
            if wide {
                "rate"
            } else {
                "lr"
            }
        }
        Column::Limit => "lr limit",
        // RMSprop's alpha and Adam's β1 are how much of the past a running
        // average keeps, as momentum is, but not momentum.
        Column::Momentum => match (wide, only_momentum) {
            (true, true) => "momentum",
            (false, true) => "mom.",
            (_, false) => "memory",
        },
        Column::Loss => "loss",
        Column::Grad => "|∇f|",
        Column::Evals => "evals",
        Column::Start => "start",
    };
    let mut headers: Vec<&str> = columns.iter().map(|&c| header_of(c)).collect();
    headers.push("status");
    let header = Row::new(headers).style(dim);
    let step = app.step();
    // When not every row fits, the rows shown are those around the selected one.
    let visible = usize::from(area.height.saturating_sub(2)).max(1);
    let first = app.selected().saturating_sub(visible - 1).min(app.runs().len().saturating_sub(visible));
    let rows = app.runs().iter().enumerate().skip(first).map(|(i, run)| {
        let record = run.record(step);
        let optimizer = &run.spec().optimizer;
        let cell = |c: Column| -> Line {
            match c {
                Column::Swatch => Line::from(Span::styled(format!(" {} ", i + 1), theme.swatch(app.color_of(i)))),
                Column::Label => {
                    let marker = if i == app.selected() { "▶ " } else { "  " };
                    let hidden = if app.is_hidden(i) { " (hidden)" } else { "" };
                    let room = usize::from(width_of(Column::Label)).saturating_sub(2);
                    Line::from(format!("{marker}{}", fit(&format!("{}{hidden}", app.label_of(i)), room)))
                }
                Column::Type => Line::from(optimizer.kind.name()),
                Column::Rate => {
                    let room = usize::from(width_of(Column::Rate));
                    let name = if wide { "lr" } else { "" };
                    // Unscheduled, the rate is the one set; scheduled, the one this step used.
                    Line::from(if run.spec().schedule.is_none() {
                        setting(name, record.lr, room)
                    } else if wide {
                        format!("lr={}", short_in(record.lr, room - 3))
                    } else {
                        short_in(record.lr, room)
                    })
                }
                Column::Limit => {
                    let (limit, state) = limit_text(run, record.lr, usize::from(width_of(Column::Limit)));
                    Line::from(match state {
                        LimitState::Above => Span::styled(limit, theme.danger()),
                        LimitState::OnIt => Span::styled(limit, theme.notice()),
                        _ => Span::raw(limit),
                    })
                }
                // No momentum is left blank, as for GD: `momentum=0` on every
                // row of plain SGD (02, 09) read as a setting to look at.
                Column::Momentum => {
                    Line::from(optimizer.momentum_like().filter(|m| !(m.name == "momentum" && m.value == 0.0)).map_or(
                        String::new(),
                        |m| {
                            let room = usize::from(width_of(Column::Momentum));
                            // The name where the value fits beside it as set, else the symbol.
                            let named = setting(m.name, m.value, room);
                            if wide && !named.contains('≈') { named } else { setting(m.symbol, m.value, room) }
                        },
                    ))
                }
                Column::Loss => Line::from(short_in(record.loss, usize::from(number))),
                Column::Grad => Line::from(short_in(norm(&record.grad), usize::from(number))),
                Column::Evals if record.evals < 100_000 => Line::from(record.evals.to_string()),
                Column::Evals => Line::from(short_in(record.evals as f64, 6)),
                Column::Start => {
                    let [x, y] = run.spec().start.xy();
                    let moved = run.spec().start != app.scenario().optimizers[i].spec.start;
                    // "(x, y)" and the mark of a moved start in 18 columns.
                    let each = if moved { 6 } else { 7 };
                    let text = if app.scenario().landscape.dim() == 1 {
                        short_in(x, 16)
                    } else {
                        format!("({}, {})", short_in(x, each), short_in(y, each))
                    };
                    Line::from(if moved { format!("{text}*") } else { text })
                }
            }
        };
        let mut cells: Vec<Line> = columns.iter().map(|&c| cell(c)).collect();
        let (status, bad) = run_status(app, i, status_width);
        cells.push(Line::from(match bad {
            Some(true) => Span::styled(status, theme.danger()),
            Some(false) => Span::styled(status, theme.notice()),
            None => Span::raw(status),
        }));
        let style = match (i == app.selected(), app.is_hidden(i)) {
            (true, _) => theme.selected_row(),
            (false, true) => dim,
            (false, false) => Style::default(),
        };
        Row::new(cells).style(style)
    });
    let mut widths: Vec<Constraint> = columns.iter().map(|&c| Constraint::Length(width_of(c))).collect();
    widths.push(Constraint::Min(0));
    let block = Block::default().borders(Borders::TOP).border_style(dim).title(Span::styled(" optimizers ", dim));
    Table::new(rows, widths).header(header).column_spacing(1).block(block).render(area, buf);
}
