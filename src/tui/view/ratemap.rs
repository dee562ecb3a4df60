//! The rate map in place of the plot: the selected optimizer's final loss
//! over log-spaced learning rates (→) and momenta (↑), darker where it got
//! further, runs that blew up marked; the current (lr, momentum) as a cross,
//! the best pair as a ring, and for heavy ball on a quadratic the theory's
//! stable edge (dotted) and optimum (★).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::dots::ticks;
use crate::core::ratemap::{HeavyBall, RatePoint, best, level, momentum_name, momentum_of};
use crate::core::scenario::Rgb;
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::{Theme, band_of, landscape_color, palette};

/// Width of the momentum labels.
const LABEL_WIDTH: u16 = 6;
/// Runs that blew up or ran away.
const ESCAPED: Rgb = Rgb(0x70, 0x18, 0x18);
/// Not computed yet.
const PENDING: Rgb = Rgb(0x30, 0x30, 0x38);

/// Where the map's cells are drawn and how values map to them.
struct Frame {
    /// The map's cells on screen.
    area: Rect,
    /// log10 of the first and last rate.
    x: (f64, f64),
    /// The first and last momentum.
    y: (f64, f64),
}

impl Frame {
    /// The screen column of a rate, if inside.
    fn column(&self, lr: f64) -> Option<u16> {
        let t = (lr.log10() - self.x.0) / (self.x.1 - self.x.0);
        (0.0..=1.0).contains(&t).then(|| self.area.x + (t * f64::from(self.area.width - 1)).round() as u16)
    }

    /// The screen row of a momentum (half-rows: 0 the top half of the top row), if inside.
    fn half_row(&self, mu: f64) -> Option<u16> {
        let t = (mu - self.y.0) / (self.y.1 - self.y.0);
        let rows = 2 * self.area.height - 1;
        (0.0..=1.0).contains(&t).then(|| ((1.0 - t) * f64::from(rows)).round() as u16)
    }
}

/// What one half-row pixel of the map shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pixel {
    /// Not computed yet.
    Pending,
    /// The run blew up or ran away.
    Escaped,
    /// Reached this far: t ∈ [0, 1] from the lowest final loss shown to the highest.
    Reached(f64),
}

/// A pixel's 24-bit colour and, for a loss reached, its band of the colour map.
fn pixel_color(p: Pixel) -> (Rgb, Option<u8>) {
    match p {
        Pixel::Pending => (PENDING, None),
        Pixel::Escaped => (ESCAPED, None),
        Pixel::Reached(t) => (landscape_color(t), Some(band_of(t))),
    }
}

/// Draws one map cell of two pixels.
fn draw_pixels(theme: &Theme, cell: &mut ratatui::buffer::Cell, top: Pixel, bottom: Pixel) {
    let (top, bottom) = (pixel_color(top), pixel_color(bottom));
    let (symbol, fg, bg) = match (top, bottom) {
        ((a, Some(x)), (b, Some(y))) => theme.map_cell((a, x), (b, y)),
        _ => {
            let one = |(c, band): (Rgb, Option<u8>)| band.map_or_else(|| theme.color(c), |b| theme.band_color(c, b));
            ('▀', one(top), one(bottom))
        }
    };
    cell.set_char(symbol).set_style(Style::default().fg(fg).bg(bg));
}

/// The title, as long as `width` allows: what the map is (every pair,
/// not the one run selected) and what it measures.
fn title(app: &App, done: usize, rows: usize, width: u16) -> String {
    let i = app.selected();
    let steps = app.runs()[i].spec().max_steps;
    let optimizer = app.optimizer_of(i);
    let name = momentum_name(optimizer).unwrap_or("momentum");
    // "pair of momentum" read as a stammer: heavy ball is what it is.
    let kind = match optimizer.kind.name() {
        "momentum" => "heavy ball",
        other => other,
    };
    let lowest = app.scenario().landscape.minima().iter().find(|m| m.global).map_or(0.0, |m| m.value);
    let gap = if lowest != 0.0 { " − f*" } else { "" };
    let choices = if done < rows {
        let share = 100 * done / rows.max(1);
        vec![
            format!(" Every (lr, {name}) pair of {kind}: {steps} steps each, computing {share}% "),
            format!(" Every (lr, {name}) pair: computing {share}% "),
            format!(" computing {share}% "),
        ]
    } else {
        vec![
            format!(" Every (lr, {name}) pair of {kind}: final loss{gap} after {steps} steps "),
            format!(" Every (lr, {name}) pair: final loss{gap} after {steps} steps "),
            format!(" Every (lr, {name}) pair: loss{gap} after {steps} steps "),
            format!(" Every (lr, {name}): loss{gap}, {steps} steps "),
            format!(" Every (lr, {name}) "),
        ]
    };
    let fits = |t: &String| t.chars().count() <= usize::from(width);
    let last = choices.last().cloned().unwrap_or_default();
    choices.into_iter().find(fits).unwrap_or_else(|| short_to(&last, width))
}

/// Draws the map of the selected optimizer into `area`.
///
/// ```text
/// momentum↑ Every (lr, momentum) pair of momentum: final loss after 100 steps
///   0.99┤▀▀▀▀▀▀▀▀▀▀▀▀▀▀✚▀▀▀▀▀▀▀▀▀▀▀┊▀▀▀▀▀  (the map, momentum up, lr across)
///       ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀○★▀▀▀▀▀
///   lr→ 1e-5     1e-4      1e-3     1e-2
///   loss 1e-31 ██████████████ 1e2  ██ blew up
///   ✚ now  ○ best  ┊ stable edge  ★ theory
/// ```
///
/// The grid (64 rates by 40 momenta) is drawn on as many cells as the area
/// has, each pixel showing the pair nearest it, except that the pixel of
/// the best pair shows that pair: the ring is always on the darkest pixel.
/// Rates past those at which every momentum blew up are left out, but for
/// a few columns that show where that begins.
pub fn render_ratemap(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let dim = theme.dim();
    let i = app.selected();
    let optimizer = app.optimizer_of(i);
    let Some(grid) = app.rate_grid() else { return };
    if area.width < LABEL_WIDTH + 12 || area.height < 8 {
        return;
    }
    let landscape = &app.scenario().landscape;
    let lowest = landscape.minima().iter().find(|m| m.global).map_or(0.0, |m| m.value);
    let done = grid.rows.iter().filter(|r| r.is_some()).count();
    let run = &app.runs()[i];
    let name = momentum_name(optimizer).unwrap_or("momentum");
    // The momentum axis is named over its values, the title beside it.
    let axis_name = format!("{name}↑");
    buf.set_string(area.x, area.y, &axis_name, dim);
    let title_x = area.x + axis_name.chars().count() as u16;
    let title_width = area.right().saturating_sub(title_x);
    buf.set_string(title_x, area.y, title(app, done, grid.rows.len(), title_width), theme.strong());
    // Title, map, rate axis, colour bar, marks' legend.
    let map = Rect { x: area.x + LABEL_WIDTH, y: area.y + 1, width: area.width - LABEL_WIDTH, height: area.height - 4 };
    let shown = grid.shown_rates(optimizer.lr);
    let frame = Frame {
        area: map,
        x: (grid.rates[0].log10(), grid.rates[shown - 1].log10()),
        y: (grid.momenta[0], grid.momenta[grid.momenta.len() - 1]),
    };
    let gaps: Vec<f64> = grid.rows.iter().flatten().flatten().filter_map(|p| p.gap(lowest)).collect();
    let (lo, hi) = gaps.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &g| (a.min(g), b.max(g)));
    let pixel = |p: Option<&RatePoint>| -> Pixel {
        match p {
            None => Pixel::Pending,
            Some(p) => match p.gap(lowest) {
                None => Pixel::Escaped,
                Some(g) if hi > lo => Pixel::Reached(((g - lo) / (hi - lo)).clamp(0.0, 1.0)),
                Some(_) => Pixel::Reached(0.0),
            },
        }
    };
    // The best pair computed so far, and the pixel it is drawn at.
    let cells =
        grid.rows.iter().enumerate().flat_map(|(r, row)| row.iter().flatten().enumerate().map(move |(c, p)| (r, c, p)));
    let best_pair = best(cells, lowest);
    let best_pixel =
        best_pair.and_then(|(r, c)| Some((frame.column(grid.rates[c])? - map.x, frame.half_row(grid.momenta[r])?)));
    // Each screen half-row shows the nearest computed cell, the best
    // pair's pixel the best pair.
    let cell = |col: u16, half: u16| -> Option<&RatePoint> {
        let (r, c) = match best_pair {
            Some(pair) if best_pixel == Some((col, half)) => pair,
            _ => {
                let tx = f64::from(col) / f64::from(map.width.max(2) - 1);
                let ty = 1.0 - f64::from(half) / f64::from(2 * map.height - 1);
                ((ty * (grid.momenta.len() - 1) as f64).round() as usize, (tx * (shown - 1) as f64).round() as usize)
            }
        };
        grid.rows[r].as_ref().map(|row| &row[c])
    };
    // Without colour: a digit per cell, 0 the lowest loss, x blew up, as
    // `losscape ratemap` prints it.
    let digit = |p: Option<&RatePoint>| match p {
        None => ' ',
        Some(p) => p.gap(lowest).map_or('x', |g| char::from_digit(level(g, lo, hi), 10).unwrap_or('9')),
    };
    for row in 0..map.height {
        for col in 0..map.width {
            let cell_at = &mut buf[(map.x + col, map.y + row)];
            if theme.mono() {
                cell_at.set_char(digit(cell(col, 2 * row)));
            } else {
                draw_pixels(theme, cell_at, pixel(cell(col, 2 * row)), pixel(cell(col, 2 * row + 1)));
            }
        }
    }
    // The map as drawn, for the colour under each mark.
    let under: Vec<ratatui::buffer::Cell> = (0..map.height)
        .flat_map(|row| (0..map.width).map(move |col| (map.x + col, map.y + row)))
        .map(|at| buf[at].clone())
        .collect();
    let marks = Marks { frame: &frame, under: &under };
    // The best pair, where the selected run is, and the theory on top.
    let best_at = best_pair.and_then(|(r, c)| {
        marks.put(buf, grid.rates[c], grid.momenta[r], '○', theme.mark(true));
        marks.cell_of(grid.rates[c], grid.momenta[r])
    });
    if let Some(mu) = momentum_of(optimizer) {
        marks.put(buf, optimizer.lr, mu, '✚', theme.path(app.color_of(i)));
        // Where the run's colour is the map's there (red on the pairs that
        // blew up, in 16 colours), the cross takes the ink that reads.
        if let Some(at) = marks.cell_of(optimizer.lr, mu) {
            let cell = &mut buf[at];
            let (fg, bg) = (palette::resolve(cell.fg), palette::resolve(cell.bg));
            if let (Some(fg), Some(bg)) = (fg, bg)
                && palette::distance(fg, bg) < palette::PATH_CLEARANCE_256
            {
                let ink = theme.ink_over(cell.bg);
                cell.set_fg(ink);
            }
        }
    }
    // The star over the colour of what the theory's own pair reaches, or,
    // where it shares the best pair's cell, over the best pair's.
    let star_ground = |lr: f64, mu: f64| -> Option<Color> {
        if theme.mono() || marks.cell_of(lr, mu) == best_at {
            return None;
        }
        let (tl, tm, point) = grid.theory?;
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
        let point = point.filter(|_| same(tl, lr) && same(tm, mu))?;
        let (rgb, band) = pixel_color(pixel(Some(&point)));
        Some(band.map_or_else(|| theme.color(rgb), |b| theme.band_color(rgb, b)))
    };
    let star_at = draw_theory(app, &marks, buf, star_ground);
    // Axes: momentum up the left, its top value marked, rates (log) along the bottom.
    let top = frame.y.1;
    let mut values: Vec<f64> = ticks(frame.y.0, top, usize::from(map.height / 3).clamp(2, 6));
    let top_row = frame.half_row(top).map(|h| h / 2);
    values.retain(|&v| frame.half_row(v).map(|h| h / 2).is_some_and(|r| top_row.is_none_or(|t| r > t + 1)));
    values.push(top);
    for v in values {
        if let Some(h) = frame.half_row(v) {
            buf.set_string(area.x, map.y + h / 2, format!("{:>5}┤", short(v)), dim);
        }
    }
    let axis_y = map.bottom();
    let (d0, d1) = (frame.x.0.ceil() as i32, frame.x.1.floor() as i32);
    let step = ((d1 - d0) / 6 + 1).max(1);
    // Each label centred on its rate's column: begun there, 19's labels
    // read a star at lr 0.056 as about 0.045.
    let mut free = area.x + 6;
    for d in (d0..=d1).step_by(step as usize) {
        if let Some(x) = frame.column(10f64.powi(d)) {
            let label = format!("1e{d}");
            let width = label.len() as u16;
            // The last, at the map's right edge, ends there.
            let start = x.saturating_sub((width - 1) / 2).min(area.right().saturating_sub(width));
            if start >= free {
                buf.set_string(start, axis_y, label, dim);
                free = start + width + 1;
            }
        }
    }
    buf.set_string(area.x, axis_y, "  lr→", dim);
    let bar = Rect { x: area.x, y: axis_y + 1, width: area.width, height: 1 };
    draw_color_bar(theme, (lo, hi), bar, buf);
    // The marks' legend; where the best pair is the theory's optimum, the
    // star covers the ring, and the legend says so.
    let mut legend = Vec::new();
    if momentum_of(optimizer).is_some() {
        legend.extend([Span::styled(" ✚", theme.path(app.color_of(i))), Span::styled(" now ", dim)]);
    }
    let together = star_at.is_some() && star_at == best_at;
    if !together {
        legend.extend([Span::styled(" ○", theme.mark(true)), Span::styled(" best ", dim)]);
    }
    if HeavyBall::of(landscape, run.spec()).is_some() {
        legend.extend([Span::styled(" ┊", theme.mark(true)), Span::styled(" stable edge ", dim)]);
        legend.extend([Span::styled(" ★", theme.mark(true)), Span::styled(" theory", dim)]);
        if together {
            legend.extend([Span::styled(" = ", dim), Span::styled("○", theme.mark(true)), Span::styled(" best", dim)]);
        }
    }
    Paragraph::new(Line::from(legend)).render(Rect { y: axis_y + 2, ..bar }, buf);
    theme.ink_marks(area, buf);
}

/// One row: the map's colours from the lowest final loss to the highest,
/// with both values (powers of ten), and the colour of the pairs that blew up.
fn draw_color_bar(theme: &Theme, (lo, hi): (f64, f64), area: Rect, buf: &mut Buffer) {
    let dim = theme.dim();
    let value = |g: f64| if g.is_finite() { format!("1e{g:.0}") } else { "…".into() };
    let (lo_text, hi_text) = (value(lo), value(hi));
    let escaped = " blew up";
    let label = if theme.mono() { "  0…9:" } else { "  loss" };
    let fixed = label.chars().count() + lo_text.len() + hi_text.len() + 4 + 3 + escaped.len();
    // Without colour the digits 0 to 9 stand for the colours.
    let width = if theme.mono() { 10 } else { usize::from(area.width).saturating_sub(fixed).min(32) };
    if width < 6 || fixed + width > usize::from(area.width) {
        return;
    }
    let mut x = area.x;
    let text = |buf: &mut Buffer, x: &mut u16, s: &str, style: Style| {
        buf.set_string(*x, area.y, s, style);
        *x += s.chars().count() as u16;
    };
    text(buf, &mut x, &format!("{label} {lo_text} "), dim);
    for k in 0..width {
        let t = (k as f64 + 0.5) / width as f64;
        let cell = &mut buf[(x, area.y)];
        if theme.mono() {
            cell.set_char(char::from_digit(k as u32, 10).unwrap_or('9'));
        } else {
            draw_pixels(theme, cell, Pixel::Reached(t), Pixel::Reached(t));
        }
        x += 1;
    }
    text(buf, &mut x, &format!(" {hi_text}  "), dim);
    if theme.mono() {
        text(buf, &mut x, " x", dim);
    } else {
        text(buf, &mut x, "  ", Style::default().bg(theme.color(ESCAPED)));
    }
    text(buf, &mut x, escaped, dim);
}

/// The heavy-ball theory over the map: the stable edge lr = 2(1 + μ)/λmax
/// as a dotted line, and the optimum as a star (over `ground`, if it gives
/// a colour for it); the star's cell, if drawn.
fn draw_theory(
    app: &App,
    marks: &Marks,
    buf: &mut Buffer,
    ground: impl Fn(f64, f64) -> Option<Color>,
) -> Option<(u16, u16)> {
    let frame = marks.frame;
    let run = &app.runs()[app.selected()];
    let theory = HeavyBall::of(&app.scenario().landscape, run.spec())?;
    let style = app.theme().mark(true);
    let escaped = app.theme().color(ESCAPED);
    for row in 0..frame.area.height {
        let mu = frame.y.1 - (f64::from(row) + 0.5) / f64::from(frame.area.height) * (frame.y.1 - frame.y.0);
        if let Some(x) = frame.column(theory.max_lr(mu)) {
            let at = (x, frame.area.y + row);
            // The line passes under the marks already drawn.
            if buf[at].symbol() != marks.under_at(at).symbol() {
                continue;
            }
            // Over one of the cell's two pixels, never a blend of them (a
            // colour the bar does not have): the one that did not blow up.
            let map = marks.under_at(at);
            let back = if map.symbol() == "▀" && map.fg != escaped { map.fg } else { map.bg };
            buf[at].set_char('┊').set_style(style).set_bg(back);
        }
    }
    let (lr, mu) = theory.optimum();
    marks.put(buf, lr, mu, '★', style);
    let at = marks.cell_of(lr, mu);
    if let (Some(at), Some(bg)) = (at, ground(lr, mu)) {
        buf[at].set_bg(bg);
    }
    at
}

/// Glyphs placed over the map, each over the map's own colour there.
struct Marks<'a> {
    frame: &'a Frame,
    /// The map's cells as drawn before any mark, row by row.
    under: &'a [ratatui::buffer::Cell],
}

impl Marks<'_> {
    /// The map's cell at a screen position inside it.
    fn under_at(&self, (x, y): (u16, u16)) -> &ratatui::buffer::Cell {
        let area = self.frame.area;
        &self.under[usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x)]
    }

    /// The screen cell of (lr, μ), if inside the map.
    fn cell_of(&self, lr: f64, mu: f64) -> Option<(u16, u16)> {
        let (x, h) = (self.frame.column(lr)?, self.frame.half_row(mu)?);
        Some((x, self.frame.area.y + h / 2))
    }

    /// A glyph at (lr, μ), over the colour of the half of the cell it marks.
    fn put(&self, buf: &mut Buffer, lr: f64, mu: f64, glyph: char, style: Style) {
        let (Some(at), Some(h)) = (self.cell_of(lr, mu), self.frame.half_row(mu)) else { return };
        let map = self.under_at(at);
        let back = if map.symbol() == "▀" && h % 2 == 0 { map.fg } else { map.bg };
        buf[at].set_char(glyph).set_style(style).set_bg(back);
    }
}

/// `text` cut to `width` characters.
fn short_to(text: &str, width: u16) -> String {
    text.chars().take(usize::from(width)).collect()
}
