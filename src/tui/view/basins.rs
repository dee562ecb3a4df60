//! Basins of attraction drawn over the landscape, and their legend.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::core::scenario::Rgb;
use crate::format::short;
use crate::report::basin_letter;
use crate::tui::app::App;
use crate::tui::jobs::basins::{BasinCell, BasinMap};
use crate::tui::theme::{ColorMode, Theme, mix};

/// Muted colours for basins (Tableau 10), so that paths stay the brightest
/// things; its purple fourth, not its teal, which beside the first's blue
/// read as one basin under the map's shading (lesson 16's A and D).
const BASIN_COLORS: [Rgb; 10] = [
    Rgb(0x4e, 0x79, 0xa7),
    Rgb(0xf2, 0x8e, 0x2b),
    Rgb(0xe1, 0x57, 0x59),
    Rgb(0xb0, 0x7a, 0xa1),
    Rgb(0x59, 0xa1, 0x4f),
    Rgb(0xed, 0xc9, 0x48),
    Rgb(0x76, 0xb7, 0xb2),
    Rgb(0xff, 0x9d, 0xa7),
    Rgb(0x9c, 0x75, 0x5f),
    Rgb(0xba, 0xb0, 0xac),
];
/// The same ten in 256 colours, chosen one by one: matched by nearness,
/// the yellow fell on a light orange beside the orange's own.
const BASIN_COLORS_256: [u8; 10] = [67, 208, 167, 139, 71, 220, 73, 218, 137, 145];
const ELSEWHERE: Rgb = Rgb(0x3a, 0x3a, 0x42);
const DIVERGED: Rgb = Rgb(0x10, 0x00, 0x00);

/// How much of a basin pixel is the basin's colour (the rest the
/// landscape's): at 0.7 the steep edges' bright map turned two strips of
/// basin A grey-green, like no swatch of the legend.
const BASIN_WEIGHT: f64 = 0.85;

/// The colour a basin cell paints.
pub fn basin_color(cell: BasinCell) -> Rgb {
    match cell {
        BasinCell::Minimum(i) => BASIN_COLORS[i % BASIN_COLORS.len()],
        BasinCell::Elsewhere => ELSEWHERE,
        BasinCell::Diverged => DIVERGED,
    }
}

/// A basin's one flat colour, where the map is not seen through it.
fn flat(theme: &Theme, cell: BasinCell) -> Color {
    match (cell, theme.mode) {
        (BasinCell::Minimum(i), ColorMode::Indexed) => Color::Indexed(BASIN_COLORS_256[i % BASIN_COLORS_256.len()]),
        _ => theme.color(basin_color(cell)),
    }
}

/// A landscape pixel's colour with the basin map over it.
pub fn tint(landscape: Rgb, cell: Option<BasinCell>) -> Rgb {
    match cell {
        Some(cell) => mix(landscape, basin_color(cell), BASIN_WEIGHT),
        None => landscape,
    }
}

/// A landscape pixel's colour on screen with the basin map over it: in
/// 24-bit colour the landscape shows through the basin's tint; with fewer
/// colours each basin is one flat colour, its swatch's in the legend (a
/// tint matched to the palette would break a basin into several shades).
pub fn basin_pixel(theme: &Theme, landscape: Rgb, cell: Option<BasinCell>) -> Color {
    match (cell, theme.mode) {
        (Some(cell), ColorMode::Indexed | ColorMode::Ansi16) => flat(theme, cell),
        (cell, _) => theme.map_color(tint(landscape, cell)),
    }
}

/// The character a cell shows without colour: the basin's letter, `.` or `x`.
pub fn basin_char(cell: BasinCell) -> char {
    match cell {
        BasinCell::Minimum(i) => basin_letter(i).to_ascii_lowercase(),
        BasinCell::Elsewhere => '.',
        BasinCell::Diverged => 'x',
    }
}

/// The legend: progress, then each minimum's colour, place (when `width`
/// leaves room for it) and share.
pub fn legend(app: &App, map: &BasinMap, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme();
    let done = map.cells.iter().filter(|c| c.is_some()).count();
    let share = |wanted: BasinCell| {
        let n = map.cells.iter().filter(|c| **c == Some(wanted)).count();
        if done == 0 { 0.0 } else { 100.0 * n as f64 / done as f64 }
    };
    let swatch = |cell: BasinCell| {
        if theme.mono() {
            Span::raw(format!(" {} ", basin_char(cell)))
        } else {
            Span::styled("   ", Style::default().bg(flat(theme, cell)))
        }
    };
    let progress = if done == map.cells.len() {
        // The runs from every start, not the view's own: those may all end
        // sooner, and the step counter with them.
        let (label, steps) = (app.label_of(app.selected()), app.scenario().steps);
        [format!("{label} from every pixel, ≤{steps} steps"), format!("{label}, ≤{steps} steps a start")]
            .into_iter()
            .find(|t| t.chars().count() <= usize::from(width))
            .unwrap_or_else(|| label.to_string())
    } else {
        format!("{}: computing, {}%", app.label_of(app.selected()), 100 * map.rows_done / map.height.max(1))
    };
    let mut lines = vec![Line::from(progress)];
    let landscape = &app.scenario().landscape;
    let mut rows: Vec<(BasinCell, String)> = landscape
        .minima()
        .iter()
        .enumerate()
        .map(|(i, m)| {
            // Coordinates only where there is room for them beside the share.
            let place =
                if width >= 36 { format!(" ({}, {})", short(m.point[0]), short(m.point[1])) } else { String::new() };
            (BasinCell::Minimum(i), format!("{}{place}", basin_letter(i)))
        })
        .collect();
    rows.push((BasinCell::Elsewhere, "elsewhere".into()));
    rows.push((BasinCell::Diverged, "diverged".into()));
    let width = rows.iter().map(|(_, text)| text.chars().count()).max().unwrap_or(0);
    for (cell, text) in rows {
        lines.push(Line::from(vec![swatch(cell), Span::raw(format!(" {text:<width$} {:>5.1}%", share(cell)))]));
    }
    lines
}

/// The legend's title in the longest form that fits `width`, never cut.
fn title(width: usize) -> &'static str {
    [" basins: where each start ends ", " where each start ends ", " basins "]
        .into_iter()
        .find(|t| t.chars().count() <= width)
        .unwrap_or(" basins ")
}

/// Draws the legend in a box.
pub fn render_legend(app: &App, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let dim = app.theme().dim();
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(dim)
                .title(Span::styled(title(usize::from(area.width.saturating_sub(2))), dim)),
        )
        .render(area, buf);
}
