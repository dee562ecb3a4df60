//! Arrows at an optimizer's current point that show why its next step goes
//! where it goes: −lr·∇f (the step plain gradient descent would take from
//! here), what it carries over from earlier steps (momentum's −lr·μ·b,
//! Adam's m̂), and the step it actually takes; for optimizers that scale
//! each coordinate, a box whose sides are in the ratio of the coordinates'
//! effective learning rates.
//!
//! One scale holds for a whole lesson, not a new one every step: it is
//! chosen once from every arrow of every run over all its steps (see
//! [`ArrowScale`]), so that an arrow shrinking as a run slows down is seen
//! shrinking, and an arrow too short to read at that scale is not drawn
//! rather than blown up. Arrows never read as paths: a dotted shaft one
//! dot wide, an arrowhead, and none of the dark band paths are drawn over.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::Vec2;
use crate::core::explain::{effective_rates, memory_step};
use crate::picture::cells::resolve;
use crate::tui::app::App;
use crate::tui::theme::mix;

use super::dots::{DotLayer, Owner, Pen, Stroke, arrow_glyph, clip};
use super::plot::{CELL_ASPECT, Frame, owner_style};
use super::screen::Screen;

/// The arrow the scale is chosen by is drawn this share of the plot's
/// smaller side long...
const MAX_SHARE: f64 = 0.3;
/// ...and at least this many dots, in the smallest plots.
const MIN_DOTS: f64 = 14.0;
/// The share of all arrows, longest first, that the scale leaves out when it
/// is chosen (so that a few huge first steps do not shrink every other).
const LONGEST_LEFT_OUT: f64 = 0.1;
/// An arrow shorter than this many dots is not drawn: it would be a
/// smudge, not an arrow.
pub const SHORTEST_DRAWN: f64 = 4.0;
/// Half the larger side of the effective-rate box, in dots.
const BOX_DOTS: f64 = 5.0;
/// An arrow's shaft: one dot drawn, one left out.
pub const SHAFT: Stroke = Stroke { thick: false, dash: (1, 1) };

/// Where an arrow's tip goes: dot position, arrowhead, owner.
pub type Tip = ((f64, f64), char, Owner);

/// Optimizer i's arrows at the step shown, in parameter units.
fn vectors(app: &App, i: usize) -> Vec<(Vec2, Owner)> {
    let run = &app.runs()[i];
    vectors_at(app, i, app.step().min(run.steps_taken()))
}

/// Optimizer i's arrows at step k, in parameter units.
fn vectors_at(app: &App, i: usize, k: usize) -> Vec<(Vec2, Owner)> {
    let run = &app.runs()[i];
    let record = run.record(k);
    let grad = record.grad.xy();
    let mut vectors = vec![([-record.lr * grad[0], -record.lr * grad[1]], Owner::Gradient)];
    if let Some(memory) = memory_step(run, k) {
        vectors.push((memory.xy(), Owner::Memory));
    }
    if k < run.steps_taken() {
        let (next, now) = (run.record(k + 1).params.xy(), record.params.xy());
        vectors.push(([next[0] - now[0], next[1] - now[1]], Owner::Run(i)));
    }
    vectors
}

/// A vector in parameter units as a displacement in dots.
fn in_dots(frame: Frame, v: Vec2) -> (f64, f64) {
    let (sx, sy) = frame.dots_per_unit();
    (v[0] * sx, -v[1] * sy)
}

/// The arrows' one factor for a view: what an arrow's true length (in the
/// plot's units) is multiplied by, and what it was chosen for.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrowScale {
    /// The factor: 1 when the arrows are drawn to scale.
    pub factor: f64,
    /// The runs' generation, the plot's size and aspect, and the runs with
    /// arrows it was chosen for.
    key: (u64, u16, u16, bool, Vec<usize>),
}

impl ArrowScale {
    /// The factor for the arrows of `runs` in the plot in `frame`, kept in
    /// the screen while the runs, the plot's size and the runs with arrows
    /// stay the same: stepping, playing, zooming and following change
    /// nothing.
    pub fn of(app: &App, screen: &mut Screen, runs: &[usize], frame: Frame) -> f64 {
        let key = (app.generation(), frame.area.width, frame.area.height, app.equal_aspect(), runs.to_vec());
        match &screen.arrow_scale {
            Some(kept) if kept.key == key => kept.factor,
            _ => {
                let factor = choose_factor(app, runs, frame);
                screen.arrow_scale = Some(ArrowScale { factor, key });
                factor
            }
        }
    }
}

/// Chooses the factor from every arrow of the runs at every step of theirs,
/// measured in the view the scenario opens with, drawn in this plot's
/// area: the arrow that 90% of them are no longer than is drawn as long as
/// [`MAX_SHARE`] of the plot's smaller side allows, so that the arrows stay
/// readable through as much of the runs as they can, and the few longest,
/// at the first steps, may run long. The factor is a round number (1, 2,
/// 5, 10, … or 0.5, 0.2, …) at or below that: 1, to scale, whenever the
/// arrows fit at up to twice their length.
fn choose_factor(app: &App, runs: &[usize], frame: Frame) -> f64 {
    let mut home = app.home_view();
    if app.equal_aspect() {
        home = home.equal_aspect(frame.area.width, frame.area.height, CELL_ASPECT);
    }
    let reference = Frame { x: home.x, y: home.y, ..frame };
    let mut lengths: Vec<f64> = runs
        .iter()
        .flat_map(|&i| (0..=app.runs()[i].steps_taken()).flat_map(move |k| vectors_at(app, i, k)))
        .map(|(v, _)| in_dots(reference, v))
        .map(|(x, y)| x.hypot(y))
        .filter(|l| l.is_finite() && *l > 0.0)
        .collect();
    if lengths.is_empty() {
        return 1.0;
    }
    lengths.sort_unstable_by(f64::total_cmp);
    let typical = lengths[((lengths.len() - 1) as f64 * (1.0 - LONGEST_LEFT_OUT)).round() as usize];
    let (w, h) = (f64::from(frame.area.width) * 2.0, f64::from(frame.area.height) * 4.0);
    let most = (w.min(h) * MAX_SHARE).max(MIN_DOTS);
    round_down(most / typical)
}

/// The round number (1, 2 or 5 times a power of ten) at or below v.
fn round_down(v: f64) -> f64 {
    let unit = 10f64.powf(v.log10().floor());
    [5.0, 2.0, 1.0].iter().map(|m| m * unit).find(|&r| r <= v * (1.0 + 1e-12)).unwrap_or(unit)
}

/// What drawing the arrows left to say in the legend: which kinds were
/// drawn, and how many arrows were too short to draw at the lesson's scale.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Drawn {
    /// A −lr·∇f arrow.
    pub gradient: bool,
    /// An arrow of what is carried over.
    pub carried: bool,
    /// A step arrow apart from the −lr·∇f arrow.
    pub step: bool,
    /// A step arrow on its −lr·∇f arrow (plain GD's, or momentum's first),
    /// the two drawn and named as one.
    pub step_on_gradient: bool,
    /// Arrows left out, too short.
    pub too_short: usize,
    /// The smallest factor of a run's arrows that, too long for the plot
    /// at the lesson's factor, were drawn at a smaller one, written at
    /// their tip.
    pub shrunk: Option<f64>,
}

impl Drawn {
    /// Whether any arrow was drawn.
    pub fn any(self) -> bool {
        self.gradient || self.carried || self.step || self.step_on_gradient
    }

    fn and(self, other: Drawn) -> Drawn {
        Drawn {
            gradient: self.gradient || other.gradient,
            carried: self.carried || other.carried,
            step: self.step || other.step,
            step_on_gradient: self.step_on_gradient || other.step_on_gradient,
            too_short: self.too_short + other.too_short,
            shrunk: match (self.shrunk, other.shrunk) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// Draws the arrows of the given optimizers, scaled by `factor`, over what
/// is in `buf`: shafts dotted, in their own colours over the map as it is
/// (no dark band), an arrowhead at each tip.
pub fn render(app: &App, runs: &[usize], frame: Frame, factor: f64, buf: &mut Buffer) -> Drawn {
    let mut layer = DotLayer::new(usize::from(frame.area.width), usize::from(frame.area.height));
    let mut tips = Vec::new();
    let mut notes = Vec::new();
    let mut drawn = Drawn::default();
    for &i in runs {
        let (t, d, note) = draw(app, i, frame, factor, &mut layer);
        tips.extend(t);
        notes.extend(note);
        drawn = drawn.and(d);
    }
    let theme = app.theme();
    for row in 0..layer.height {
        for col in 0..layer.width {
            let k = row * layer.width + col;
            let Some(symbol) = layer.symbol(k) else { continue };
            let cell = &mut buf[(frame.area.x + col as u16, frame.area.y + row as u16)];
            // Over the map's two half-pixels, their mean behind the dots.
            if let (Some(upper), Some(lower), "▀") = (resolve(cell.fg), resolve(cell.bg), cell.symbol()) {
                cell.set_bg(theme.map_color(mix(upper, lower, 0.5)));
            }
            let style = owner_style(app, layer.owner[k], frame.dim == 2);
            cell.set_char(symbol).set_style(style);
        }
    }
    for (p, glyph, owner) in tips {
        if frame.holds(p) {
            buf[frame.cell(p)].set_char(glyph).set_style(owner_style(app, owner, frame.dim == 2));
        }
    }
    // The factor of arrows drawn shorter than the lesson's, beside their
    // longest tip: on the side away from the arrow, inside the plot.
    // In white or black, whichever reads on each cell, as the marks are.
    for (p, text, leftward) in notes {
        let (col, row) = frame.cell(p);
        let width = text.chars().count() as u16;
        let area = frame.area;
        let x = if leftward { col.checked_sub(width + 1) } else { Some(col + 2) };
        let Some(x) = x.map(|x| x.clamp(area.x, area.right().saturating_sub(width))) else { continue };
        for (n, c) in text.chars().enumerate() {
            let cell = &mut buf[(x + n as u16, row)];
            let ink = theme.ink_over(cell.bg);
            cell.set_char(c).set_fg(ink).modifier.insert(Modifier::BOLD);
        }
    }
    drawn
}

/// Where a factor smaller than the lesson's is written, its text, and
/// whether it goes left of the point.
type Note = ((f64, f64), String, bool);

/// The factor optimizer i's arrows are drawn at: the lesson's, or where the
/// longest would leave the plot at it (a run's first, steepest steps), the
/// largest round factor below that keeps every one of them in, so that an
/// arrow never runs off the plot like a path. All of a run's arrows share
/// it, as the step is the sum of the others.
fn fitting_factor(frame: Frame, origin: (f64, f64), arrows: &[(f64, f64)], factor: f64) -> f64 {
    let inside = |f: f64| arrows.iter().all(|&(dx, dy)| frame.holds((origin.0 + dx * f, origin.1 + dy * f)));
    let mut f = factor;
    // Down the round numbers (5, 2, 1, 0.5, …), a few decades at most.
    for _ in 0..12 {
        if inside(f) {
            return f;
        }
        f = round_down(f * 0.99);
    }
    f
}

/// Draws optimizer i's arrows, scaled by `factor`, into the layer; returns
/// where their tips go, to be drawn over the dots, and how many it drew
/// and left out.
fn draw(app: &App, i: usize, frame: Frame, factor: f64, layer: &mut DotLayer) -> (Vec<Tip>, Drawn, Option<Note>) {
    let mut drawn = Drawn::default();
    if frame.dim != 2 {
        return (vec![], drawn, None);
    }
    let run = &app.runs()[i];
    let k = app.step().min(run.steps_taken());
    let origin = frame.to_dots(run.record(k).params.xy());
    let mut tips = Vec::new();
    let vectors = vectors(app, i);
    let in_plot: Vec<(f64, f64)> =
        vectors.iter().map(|&(v, _)| in_dots(frame, v)).filter(|d| d.0.is_finite() && d.1.is_finite()).collect();
    // Only for a run whose point is in the plot: from outside, any arrow is out.
    let own = if frame.holds(origin) { fitting_factor(frame, origin, &in_plot, factor) } else { factor };
    let mut note = None;
    if own < factor {
        drawn.shrunk = Some(own);
        let longest = in_plot.iter().copied().max_by(|a, b| a.0.hypot(a.1).total_cmp(&b.0.hypot(b.1)));
        if let Some((dx, dy)) = longest {
            let tip = (origin.0 + dx * own, origin.1 + dy * own);
            note = Some((tip, format!("×{}", two_digits(own)), dx < 0.0));
        }
    }
    let factor = own;
    // A step within a dot of −lr·∇f at its tip lies on it: drawn once, as
    // the step, and the legend names the two as one (it named three
    // arrows where one showed).
    let tip_of = |owner: Owner| {
        vectors.iter().find(|v| v.1 == owner).map(|&(v, _)| in_dots(frame, v)).map(|d| (d.0 * factor, d.1 * factor))
    };
    let on_gradient = match (tip_of(Owner::Gradient), tip_of(Owner::Run(i))) {
        (Some(g), Some(s)) => (g.0 - s.0).hypot(g.1 - s.1) < 1.0,
        _ => false,
    };
    for (v, owner) in vectors {
        if on_gradient && owner == Owner::Gradient {
            continue;
        }
        let (dx, dy) = in_dots(frame, v);
        let (dx, dy) = (dx * factor, dy * factor);
        let length = dx.hypot(dy);
        if length.is_nan() || v == [0.0, 0.0] {
            continue;
        }
        if length < SHORTEST_DRAWN {
            drawn.too_short += 1;
            continue;
        }
        let tip = (origin.0 + dx, origin.1 + dy);
        layer.stroke(&mut Pen::new(owner, SHAFT), origin, tip, 0);
        // An arrow running off the plot keeps its head, where it leaves.
        let Some((_, shown)) = clip(origin, tip, layer.dots()) else { continue };
        tips.push((shown, arrow_glyph(dx, dy), owner));
        match owner {
            Owner::Gradient => drawn.gradient = true,
            Owner::Memory => drawn.carried = true,
            _ if on_gradient => drawn.step_on_gradient = true,
            _ => drawn.step = true,
        }
    }
    if let Some(rates) = effective_rates(run, k) {
        draw_rate_box(layer, origin, rates.xy());
    }
    (tips, drawn, note)
}

/// A box around the point, half as wide as tall when the x rate is half the y rate.
fn draw_rate_box(layer: &mut DotLayer, c: (f64, f64), rates: Vec2) {
    let largest = rates[0].max(rates[1]);
    if !(largest.is_finite() && largest > 0.0) {
        return;
    }
    let (hx, hy) = ((rates[0] / largest * BOX_DOTS).max(1.0), (rates[1] / largest * BOX_DOTS).max(1.0));
    let corners = [(c.0 - hx, c.1 - hy), (c.0 + hx, c.1 - hy), (c.0 + hx, c.1 + hy), (c.0 - hx, c.1 + hy)];
    for s in 0..4 {
        layer.line(corners[s], corners[(s + 1) % 4], Owner::Memory, 0);
    }
}

/// One line at the top of the plot saying what each arrow is, and at
/// what scale, in words: "to scale", "drawn 20× their length"; and when
/// some or all were too short to draw at it, that they were.
pub fn legend(app: &App, factor: f64, drawn: Drawn, data: Rect, buf: &mut Buffer) {
    let i = app.selected();
    let style = |owner| owner_style(app, owner, false);
    // The key to the colours, unless there is nothing to read it by.
    let mut spans = Vec::new();
    // Only the kinds drawn: a key to arrows not on the plot sent the eye
    // looking for them.
    if drawn.gradient {
        spans.push(Span::styled(" → −lr·∇f ", style(Owner::Gradient)));
    }
    if drawn.carried {
        spans.push(Span::styled(" → carried ", style(Owner::Memory)));
    }
    if drawn.step {
        spans.push(Span::styled(" → step ", style(Owner::Run(i))));
    }
    if drawn.step_on_gradient {
        spans.push(Span::styled(" → step = −lr·∇f ", style(Owner::Run(i))));
    }
    if effective_rates(&app.runs()[i], app.step()).is_some() {
        spans.push(Span::styled(" □ rate per coordinate ", style(Owner::Memory)));
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let room = usize::from(data.width).saturating_sub(used);
    spans.push(Span::styled(scale_words(factor, drawn, room), app.theme().map_label()));
    let line = Line::from(spans);
    let area = Rect { height: 1, ..data };
    for x in area.left()..area.right() {
        buf[(x, area.y)].reset();
    }
    let fill = app.theme().map_label();
    ratatui::widgets::Paragraph::new(line).style(fill).render(area, buf);
}

/// The arrows' scale in plain words, the longest form that fits in `room`
/// columns: " drawn 20× their length · some too short to show ", or with
/// no arrow drawn " arrows drawn 20× their length: too short to show here ".
pub fn scale_words(factor: f64, drawn: Drawn, room: usize) -> String {
    let f = two_digits(factor);
    let candidates: Vec<String> = if !drawn.any() && drawn.too_short > 0 {
        let scale = if factor == 1.0 { "to scale".to_string() } else { format!("drawn {f}× their length") };
        let short = if factor == 1.0 { "to scale".to_string() } else { format!("×{f}") };
        let middle = if factor == 1.0 { "to scale".to_string() } else { format!("{f}× their length") };
        vec![
            format!(" arrows {scale}: too short to show here "),
            format!(" arrows {middle}: too short to show here "),
            format!(" arrows {middle}: too short here "),
            format!(" arrows {short}: too short to show here "),
            format!(" {short}: too short "),
        ]
    } else {
        let scale: [String; 3] = if factor == 1.0 {
            ["to scale".into(), "to scale".into(), "to scale".into()]
        } else {
            [format!("drawn {f}× their length"), format!("{f}× their length"), format!("×{f}")]
        };
        let note: [String; 2] = match (drawn.too_short > 0, drawn.shrunk.map(two_digits)) {
            (false, None) => [String::new(), String::new()],
            (true, None) => [" · some too short to show".into(), " · some too short".into()],
            (false, Some(s)) => [format!(" · ×{s} where marked"), format!(", ×{s} marked")],
            (true, Some(s)) => [format!(" · ×{s} where marked, some too short"), format!(", ×{s} marked")],
        };
        let mut candidates = vec![
            format!(" {}{} ", scale[0], note[0]),
            format!(" {}{} ", scale[0], note[1]),
            format!(" {}{} ", scale[1], note[1]),
            format!(" {}{} ", scale[2], note[1]),
            format!(" {} ", scale[1]),
            format!(" {} ", scale[2]),
        ];
        // A shortened arrow's factor is written at its tip: the scale in
        // words comes before the note of it.
        if drawn.shrunk.is_some() {
            candidates.swap(3, 4);
        }
        candidates
    };
    let fits = candidates.iter().find(|c| c.chars().count() <= room);
    fits.unwrap_or(&candidates[candidates.len() - 1]).clone()
}

/// A scale factor to two significant digits: 16, 0.25, 1.3e3.
fn two_digits(v: f64) -> String {
    let digits = v.abs().log10().floor() as i32;
    let unit = 10f64.powi(digits - 1);
    crate::format::short((v / unit).round() * unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_round_numbers() {
        assert_eq!(round_down(0.7), 0.5);
        assert_eq!(round_down(0.15), 0.1);
        assert_eq!(round_down(0.2), 0.2);
        assert_eq!(round_down(1.9), 1.0);
        assert_eq!(round_down(7.6), 5.0);
        assert_eq!(round_down(61_000.0), 50_000.0);
    }

    #[test]
    fn the_scale_is_said_in_words() {
        let all = Drawn { gradient: true, carried: true, step: true, ..Drawn::default() };
        assert_eq!(scale_words(1.0, all, 60), " to scale ");
        assert_eq!(scale_words(20.0, all, 60), " drawn 20× their length ");
        assert_eq!(scale_words(0.5, all, 60), " drawn 0.5× their length ");
        assert_eq!(scale_words(20.0, all, 18), " 20× their length ");
        assert_eq!(scale_words(20.0, all, 10), " ×20 ");
        let none = Drawn { too_short: 3, ..Drawn::default() };
        assert_eq!(scale_words(1.0, none, 60), " arrows to scale: too short to show here ");
        assert_eq!(scale_words(5.0, none, 60), " arrows drawn 5× their length: too short to show here ");
        assert_eq!(scale_words(5.0, none, 49), " arrows 5× their length: too short to show here ");
        assert_eq!(scale_words(5.0, none, 45), " arrows 5× their length: too short here ");
        assert_eq!(scale_words(5.0, none, 36), " arrows ×5: too short to show here ");
        let some = Drawn { gradient: true, too_short: 2, ..Drawn::default() };
        assert_eq!(scale_words(20.0, some, 45), " drawn 20× their length · some too short ");
        assert_eq!(scale_words(20.0, some, 35), " 20× their length · some too short ");
        assert_eq!(scale_words(20.0, some, 22), " ×20 · some too short ");
        let shrunk = Drawn { shrunk: Some(1.0), ..all };
        assert_eq!(scale_words(10.0, shrunk, 60), " drawn 10× their length · ×1 where marked ");
        assert_eq!(scale_words(10.0, shrunk, 32), " 10× their length, ×1 marked ");
        assert_eq!(scale_words(10.0, shrunk, 20), " 10× their length ");
    }
}
