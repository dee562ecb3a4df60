//! What is drawn over the paths: known minima ×, starts ◆, each optimizer's
//! current point with its number (or an arrow at the edge when it is out of
//! view), numbers along paths without colour, and the axes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::core::Vec2;
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::Theme;

use super::dots::{arrow_glyph, clip, ticks};
use super::plot::{Frame, Y_LABEL_WIDTH, plotted};

/// Without colour, each path carries its number every few cells, so that
/// paths drawn in the same dots can still be told apart.
pub(super) fn number_paths(app: &App, order: &[usize], frame: Frame, buf: &mut Buffer) {
    const EVERY: usize = 6;
    for &i in order {
        let run = &app.runs()[i];
        let last = app.step().min(run.steps_taken());
        let mut cells = 0;
        let mut previous = None;
        for k in 0..last {
            let p = frame.to_dots(plotted(app, i, k));
            if !frame.holds(p) {
                continue;
            }
            let cell = frame.cell(p);
            if previous == Some(cell) {
                continue;
            }
            previous = Some(cell);
            cells += 1;
            // A jump's name is read whole: `Nesterov` is not written `N2sterov`.
            if cells % EVERY == 0 && !buf[cell].symbol().chars().any(char::is_alphabetic) {
                buf[cell].set_char(Theme::number_glyph(i));
            }
        }
    }
}

/// A head on a known minimum: the minimum's × inside the head's ring.
pub const AT_MINIMUM: char = '⊗';

/// A cell that two heads share: a disc half in one's colour, on the
/// other's. (A half block read as a cell of the ribbon two runs on one
/// route are drawn as, and the two heads vanished into it.)
pub const SHARED_HEAD: char = '◐';
const SHARED_HEAD_STR: &str = "◐";
const AT_MINIMUM_STR: &str = "⊗";

/// A cell that three heads or more share: a disc in the marks' colour,
/// their numbers beside it in theirs.
pub const SEVERAL_HEADS: char = '●';

/// How far back along a path the place where it left the view is looked for.
const EXIT_SEARCH: usize = 100_000;

/// Where optimizer i's path, whose current point is outside the plot, is
/// marked: an arrow just inside the edge where the path last left the
/// view, pointing to where it is now; for a path never in view, an arrow at
/// the edge nearest its point.
fn edge_arrow(app: &App, i: usize, frame: Frame) -> Option<((f64, f64), char)> {
    let (w, h) = (f64::from(frame.area.width) * 2.0, f64::from(frame.area.height) * 4.0);
    let inside = |p: (f64, f64)| (p.0.clamp(0.5, w - 0.5), p.1.clamp(0.5, h - 0.5));
    let last = app.step().min(app.runs()[i].steps_taken());
    let finite = |p: (f64, f64)| p.0.is_finite() && p.1.is_finite();
    let now = Some(frame.to_dots(plotted(app, i, last))).filter(|&p| finite(p));
    // The first point out of view after the last one in it (finite points only).
    let mut outside = None;
    for k in (last.saturating_sub(EXIT_SEARCH)..=last).rev() {
        let p = frame.to_dots(plotted(app, i, k));
        if !finite(p) {
            continue;
        }
        if frame.holds(p) {
            let q = outside?;
            let (_, exit) = clip(p, q, (w, h))?;
            // In 1-D toward where the run is now: a run bouncing out of the
            // parabola leaves by a chord nearly level, but it is far above.
            // In 2-D the way it left, where the arrow stands: 13's GD left
            // by the bottom edge under a → toward where it went after.
            let to = if frame.dim == 1 { now.unwrap_or(q) } else { q };
            return Some((inside(exit), arrow_glyph(to.0 - exit.0, to.1 - exit.1)));
        }
        outside = Some(p);
    }
    let p = outside?;
    let at = inside(p);
    Some((at, arrow_glyph(p.0 - at.0, p.1 - at.1)))
}

/// The mark of a known local maximum, a hump's top.
pub const PEAK_GLYPH: char = '▲';

/// The mark of a known saddle point.
pub const SADDLE_GLYPH: char = '✚';

/// Minima, starts, and each optimizer's current point with its number
/// beside it, placed so that no head or number hides another. Returns the
/// cells given a background of their own (heads split between two
/// colours, heads drawn large).
pub(super) fn draw_markers(app: &App, order: &[usize], frame: Frame, buf: &mut Buffer) -> Vec<(u16, u16)> {
    let theme = app.theme();
    let landscape = &app.scenario().landscape;
    let on_curve = |p: Vec2| if frame.dim == 1 { [p[0], landscape.value(p)] } else { p };
    let put = |buf: &mut Buffer, p: (f64, f64), symbol: char, style: Style| {
        if frame.holds(p) {
            buf[frame.cell(p)].set_char(symbol).set_style(style);
        }
    };
    for m in landscape.minima() {
        put(buf, frame.to_dots(on_curve(m.point.xy())), '×', theme.mark(frame.dim == 2));
    }
    // A known saddle, ✚ (05's and 12's origin, where the lesson's runs
    // stop, was unmarked: nothing showed where "the saddle" is).
    for p in landscape.saddles() {
        put(buf, frame.to_dots(on_curve(p.xy())), SADDLE_GLYPH, theme.mark(frame.dim == 2));
    }
    // A known hump's top, ▲ (06's text spoke of a hump whose top was unmarked).
    for p in landscape.maxima() {
        put(buf, frame.to_dots(on_curve(p.xy())), PEAK_GLYPH, theme.mark(frame.dim == 2));
    }
    for &i in order {
        put(buf, frame.to_dots(on_curve(app.on_plot(&app.runs()[i].spec().start))), '◆', theme.mark(frame.dim == 2));
    }
    let mut heads: Vec<(usize, (u16, u16))> = Vec::new();
    let mut filled: Vec<(u16, u16)> = Vec::new();
    // Each head's cell with the background it had before any head.
    let mut under: Vec<((u16, u16), Color)> = Vec::new();
    // The cells of heads on a minimum: a second head there keeps the ⊗.
    let mut at_minimum: Vec<(u16, u16)> = Vec::new();
    let minima: Vec<(f64, f64)> = landscape.minima().iter().map(|m| frame.to_dots(on_curve(m.point.xy()))).collect();
    for &i in order {
        let p = frame.to_dots(plotted(app, i, app.step()));
        // A head within a dot of a minimum is on it: drawn in the minimum's
        // cell, not a row off where the two straddle a cell's edge.
        let on_minimum = minima.iter().copied().find(|m| (m.0 - p.0).abs() < 1.0 && (m.1 - p.1).abs() < 1.0);
        let p = on_minimum.unwrap_or(p);
        let style = theme.path(app.color_of(i));
        // A head on a minimum, or in its cell, keeps the minimum's mark in
        // it: ⊗. A plain ● there hid the × the lesson measures against
        // (18's Adam and NAdam, 0.05 from it, covered it).
        let in_its_cell = frame.holds(p) && minima.iter().any(|&m| frame.holds(m) && frame.cell(m) == frame.cell(p));
        let head = if on_minimum.is_some() || in_its_cell { AT_MINIMUM } else { '●' };
        let (at, glyph) = if frame.holds(p) {
            (p, if theme.mono() { Theme::number_glyph(i) } else { head })
        } else {
            match edge_arrow(app, i, frame) {
                Some(edge) => edge,
                None => continue,
            }
        };
        let cell = frame.cell(at);
        let mut style = style;
        if theme.mono() && i == app.selected() {
            style = style.add_modifier(Modifier::REVERSED);
        }
        if glyph == AT_MINIMUM {
            at_minimum.push(cell);
        }
        // Two heads in one cell: the cell split between their colours, so
        // that the one drawn first is not hidden under the other; on a
        // minimum, its mark drawn over the first one's colour.
        let below = heads.iter().rev().find(|h| h.1 == cell && matches!(glyph, '●' | AT_MINIMUM)).map(|h| h.0);
        if !heads.iter().any(|h| h.1 == cell) {
            under.push((cell, buf[cell].bg));
        }
        match below {
            Some(j) if !theme.mono() => {
                let shared = if at_minimum.contains(&cell) { AT_MINIMUM } else { SHARED_HEAD };
                buf[cell].set_char(shared).set_style(style.bg(theme.color(app.color_of(j))));
                filled.push(cell);
            }
            _ => {
                buf[cell].set_char(glyph).set_style(style);
                legible_256(&mut buf[cell]);
            }
        }
        heads.push((i, cell));
    }
    // Three heads or more in one cell: a split disc showed two of their
    // colours (two of six at the tour's start). The cell says "several
    // here" in the marks' own colour, and the numbers beside it, each in
    // its run's colour, say whose.
    if !theme.mono() {
        for &(cell, bg) in &under {
            let discs = heads.iter().filter(|h| h.1 == cell).count();
            if discs >= 3 && matches!(buf[cell].symbol(), SHARED_HEAD_STR | AT_MINIMUM_STR) {
                let glyph = if at_minimum.contains(&cell) { AT_MINIMUM } else { SEVERAL_HEADS };
                buf[cell].set_char(glyph).set_style(theme.mark(frame.dim == 2)).set_bg(bg);
                filled.retain(|&c| c != cell);
            }
        }
    }
    let wings = if app.presenter() && !theme.mono() { widen_heads(app, &heads, frame.area, buf) } else { vec![] };
    number_heads(app, &heads, &wings, frame.area, buf);
    if app.presenter() {
        filled.extend(heads.iter().map(|h| h.1));
    }
    filled
}

/// In presenter mode, each head that has its cell to itself drawn large:
/// the cell filled with its colour, a dark dot at its centre, and a half
/// block of its colour on either side where those cells hold no head.
/// Returns the cells the wings took.
fn widen_heads(app: &App, heads: &[(usize, (u16, u16))], area: Rect, buf: &mut Buffer) -> Vec<(u16, u16)> {
    let theme = app.theme();
    let mut wings = Vec::new();
    for &(i, (x, y)) in heads {
        if !matches!(buf[(x, y)].symbol(), "●" | "⊗") || heads.iter().filter(|h| h.1 == (x, y)).count() > 1 {
            continue;
        }
        let colour = app.color_of(i);
        let fill = theme.color(colour);
        buf[(x, y)].set_style(theme.path(colour).fg(theme.ink_over(fill)).bg(fill));
        for (dx, glyph) in [(-1i32, '▐'), (1, '▌')] {
            let cx = i32::from(x) + dx;
            if cx < i32::from(area.left()) || cx >= i32::from(area.right()) {
                continue;
            }
            let at = (cx as u16, y);
            if heads.iter().any(|h| h.1 == at) || wings.contains(&at) {
                continue;
            }
            buf[at].set_char(glyph).set_style(theme.path(colour));
            wings.push(at);
        }
    }
    wings
}

/// Numbers beside the heads (optimizer, cell): the numbers of every head in
/// one cell written together in a row, each in its run's colour, right of
/// the cell, else left of it, else on the row above or below; the last
/// head's group (the selected optimizer's, drawn on top) placed first. A
/// row of numbers touching its cell reads as that cell's, where numbers
/// scattered one by one over the free cells around read as a neighbour's.
/// A lone head in colour needs no number; without colour a head that is
/// already its own number, alone in its cell, gets none either.
pub(super) fn number_heads(
    app: &App,
    heads: &[(usize, (u16, u16))],
    occupied: &[(u16, u16)],
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = app.theme();
    if heads.len() < 2 && !theme.mono() {
        return;
    }
    // The heads of each cell, the cell drawn last first.
    let mut groups: Vec<((u16, u16), Vec<usize>)> = Vec::new();
    for &(i, cell) in heads.iter().rev() {
        match groups.iter_mut().find(|g| g.0 == cell) {
            Some(g) => g.1.push(i),
            None => groups.push((cell, vec![i])),
        }
    }
    let mut taken: Vec<(u16, u16)> = heads.iter().map(|h| h.1).chain(occupied.iter().copied()).collect();
    for ((x, y), mut members) in groups {
        if theme.mono() && members.len() == 1 && buf[(x, y)].symbol() != "●" {
            continue;
        }
        members.sort_unstable();
        let n = members.len() as i32;
        let (x, y) = (i32::from(x), i32::from(y));
        let starts = [(x + 1, y), (x - n, y), (x, y - 1), (x, y + 1), (x + 1 - n, y - 1), (x + 1 - n, y + 1)];
        let fits = |&(cx, cy): &(i32, i32)| {
            (cx..cx + n).all(|c| {
                c >= i32::from(area.left())
                    && c < i32::from(area.right())
                    && cy >= i32::from(area.top())
                    && cy < i32::from(area.bottom())
                    && !taken.contains(&(c as u16, cy as u16))
            })
        };
        let Some((cx, cy)) = starts.into_iter().find(fits) else { continue };
        for (k, &i) in members.iter().enumerate() {
            let cell = ((cx + k as i32) as u16, cy as u16);
            buf[cell].set_char(Theme::number_glyph(i)).set_style(theme.path(app.color_of(i)));
            legible_256(&mut buf[cell]);
            taken.push(cell);
        }
    }
}

pub(super) fn draw_axes(app: &App, frame: Frame, area: Rect, buf: &mut Buffer, y_labels: bool) {
    let style = app.theme().dim();
    let data = frame.area;
    // y labels, right-aligned against the data area.
    // At least two labels, so that the axis can be read.
    let in_range = |v: &f64| {
        let row = ((frame.y.1 - v) / (frame.y.1 - frame.y.0) * f64::from(data.height)).floor();
        row >= 0.0 && row < f64::from(data.height)
    };
    let mut most = usize::from(data.height / 3).max(2);
    while ticks(frame.y.0, frame.y.1, most).iter().filter(|v| in_range(v)).count() < 2 && most < 12 {
        most += 1;
    }
    for v in ticks(frame.y.0, frame.y.1, most).into_iter().filter(|_| y_labels) {
        let row = ((frame.y.1 - v) / (frame.y.1 - frame.y.0) * f64::from(data.height)).floor();
        if row < 0.0 || row >= f64::from(data.height) {
            continue;
        }
        let text = short(v);
        let length = text.chars().count() as u16;
        if length >= Y_LABEL_WIDTH {
            continue;
        }
        // Right-aligned against the axis, leaving the axis name where it fits.
        buf.set_string(area.x + Y_LABEL_WIDTH - 1 - length, data.y + row as u16, format!("{text}┤"), style);
    }
    // x labels on the row below the data.
    let row = data.bottom();
    let mut next_free = data.x;
    for v in ticks(frame.x.0, frame.x.1, usize::from(data.width / 10).max(2)) {
        let col = ((v - frame.x.0) / (frame.x.1 - frame.x.0) * f64::from(data.width)).floor();
        if col < 0.0 || col >= f64::from(data.width) {
            continue;
        }
        let label = short(v);
        let width = label.chars().count() as u16;
        let x = (data.x + col as u16).saturating_sub(width / 2).max(data.x);
        if x < next_free || x + width > data.right() {
            continue;
        }
        buf.set_string(data.x + col as u16, row, "┬", style);
        buf.set_string(x, row, &label, style);
        next_free = x + width + 1;
    }
    let [x_name, _] = app.axis_names();
    if y_labels {
        buf.set_string(area.x, row, format!("{x_name:>w$}", w = usize::from(Y_LABEL_WIDTH) - 1), style);
    }
}

/// The vertical axis's name at the top left, before its labels, which win where they meet.
pub(super) fn draw_axis_name(app: &App, frame: Frame, area: Rect, buf: &mut Buffer) {
    let [x_name, y_name] = app.axis_names();
    let vertical = if frame.dim == 1 { format!("f({x_name})") } else { y_name };
    let width = vertical.chars().count() as u16;
    buf.set_string(area.x, area.y, vertical, app.theme().dim());
    // A name longer than a letter (a plane's `PC2`) ran into the top tick's
    // label (`PC20.8`): that label gives way, its tick mark stays.
    let touches = |buf: &Buffer, x: u16| x < area.right() && !matches!(buf[(x, area.y)].symbol(), " " | "┤");
    let mut x = area.x + width;
    while touches(buf, x) {
        buf[(x, area.y)].set_char(' ');
        x += 1;
    }
}

/// A word's cells in 256 colours drawn in one entry: of its colour and
/// the entries [`legible_256`] would give each cell, the one that stands
/// apart from the most of their bands (its own colour first). Cell by cell
/// a name changed colour mid-word (`Newt` dark, `on step 2` light) and
/// read as two.
pub(super) fn legible_256_word(cells: &[(u16, u16)], backing: Color, buf: &mut Buffer) {
    use crate::tui::theme::palette::{oklab, over_band_256, stands_apart_256};
    let Some(&first) = cells.first() else { return };
    let Color::Indexed(fg) = buf[first].fg else { return };
    if fg < 16 {
        return;
    }
    let bands: Vec<u8> =
        cells.iter().filter_map(|&c| if let Color::Indexed(b) = buf[c].bg { Some(b) } else { None }).collect();
    let lab = |i: u8| oklab(crate::look::colour::xterm_rgb(i));
    let mut candidates = vec![fg];
    for &b in &bands {
        let c = over_band_256(fg, b);
        if !candidates.contains(&c) {
            candidates.push(c);
        }
    }
    let apart = |c: u8| bands.iter().filter(|&&b| stands_apart_256(lab(c), lab(b))).count();
    // The first of the best, so that a tie keeps the run's own colour.
    let best = candidates.iter().copied().rev().max_by_key(|&c| apart(c)).unwrap_or(fg);
    for &c in cells {
        buf[c].set_fg(Color::Indexed(best));
        // A band no one colour of the word stands apart from (a name
        // across two basins) gets the plain background behind the word.
        if let Color::Indexed(b) = buf[c].bg
            && !stands_apart_256(lab(best), lab(b))
        {
            buf[c].set_bg(backing);
        }
    }
}

/// In 256 colours, a mark of the same hue as the cell behind it (an orange
/// head on basin B's orange) drawn lighter or darker, as paths are.
pub(super) fn legible_256(cell: &mut ratatui::buffer::Cell) {
    if let (ratatui::style::Color::Indexed(fg), ratatui::style::Color::Indexed(bg)) = (cell.fg, cell.bg)
        && fg >= 16
    {
        cell.set_fg(ratatui::style::Color::Indexed(crate::tui::theme::palette::over_band_256(fg, bg)));
    }
}
