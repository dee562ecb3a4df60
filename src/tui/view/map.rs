//! The landscape's map under the paths: the sampled field as half-block
//! pixels (or shading characters without colour), tinted by basins when
//! they are shown, and the colour bar that gives its colours their values.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::scenario::Rgb;
use crate::format::short;
use crate::tui::app::App;
use crate::tui::theme::{BANDS, Theme, band_of, landscape_color};
use crate::tui::viewport::Viewport;

use super::basins::basin_pixel;
use super::field::{Field, FieldKey, HATCH, LEVELS, UNDEFINED_FILL, UNDEFINED_HATCH};
use super::plot::{Frame, Y_LABEL_WIDTH};
use super::screen::Screen;

// The 256- and 16-colour ramps give each contour band its own colour.
const _: () = assert!(BANDS == LEVELS as usize);

/// Characters that shade contour bands when there is no colour, lowest first.
const SHADES: [char; 7] = [' ', '·', ':', '-', '=', '+', '#'];

pub(super) fn fill(buf: &mut Buffer, area: Rect, theme: &Theme, color: Rgb) {
    let bg = theme.color(color);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_char(' ').set_bg(bg);
        }
    }
}

pub(super) fn draw_field(app: &App, screen: &mut Screen, frame: Frame, buf: &mut Buffer, shows_selected: bool) {
    let area = frame.area;
    let key = FieldKey {
        width: usize::from(area.width),
        height: usize::from(area.height) * 2,
        view: Viewport { x: frame.x, y: frame.y },
        landscape: app.landscape_generation(),
        levels: app.scenario().view.levels,
        plane: app.plane().map(|on| on.id),
    };
    if app.on_a_plane() {
        // A network's map is the loss on its plane, computed beside the
        // view: drawn once every pixel of this plot's grid has arrived.
        let grid = app.plane_grid().filter(|g| {
            g.complete()
                && Some(g.plane) == key.plane
                && g.plot.pixels == (key.width, key.height)
                && g.plot.view == key.view
        });
        match grid {
            Some(grid) if screen.field.as_ref().is_none_or(|f| f.key != key) => {
                screen.field = Some(Field::of_values(&app.scenario().landscape, key, &grid.values));
            }
            Some(_) => {}
            None => {
                screen.field = None;
                fill(buf, area, app.theme(), app.theme().curve_background());
                draw_plane_progress(app, area, buf);
                return;
            }
        }
    } else if screen.field.as_ref().is_none_or(|f| f.key != key) {
        screen.field = Some(Field::compute(&app.scenario().landscape, key));
    }
    let field = screen.field.as_mut().expect("just computed");
    let theme = *app.theme();
    // The basin map covers the plot of the selected optimizer when it was
    // computed for that plot: its pixels, over the part of space shown.
    let plot = crate::tui::viewport::PlotGeometry { pixels: (key.width, key.height), view: key.view };
    let basins = app.basin_map().filter(|m| shows_selected && m.plot == plot).map(|m| &m.cells);
    let width = usize::from(area.width);
    if basins.is_none() {
        // Without basins the cells depend on the view alone: draw them once, copy them after.
        if field.cells.as_ref().is_none_or(|(m, _)| *m != theme.mode) {
            let mut cells = vec![ratatui::buffer::Cell::default(); width * usize::from(area.height)];
            for (k, cell) in cells.iter_mut().enumerate() {
                field_cell(cell, field, key.width, k / width, k % width, &theme, None);
            }
            field.cells = Some((theme.mode, cells));
        }
        let cells = &field.cells.as_ref().expect("just drawn").1;
        for row in 0..area.height {
            let start = buf.index_of(area.x, area.y + row);
            let from = usize::from(row) * width;
            buf.content[start..start + width].clone_from_slice(&cells[from..from + width]);
        }
        return;
    }
    for row in 0..area.height {
        // Whole rows at a time: one bounds check per row, not per cell.
        let start = buf.index_of(area.x, area.y + row);
        for (col, cell) in buf.content[start..start + width].iter_mut().enumerate() {
            field_cell(cell, field, key.width, usize::from(row), col, &theme, basins);
        }
    }
}

/// One cell of the field: two half-block pixels (tinted by basins, if any),
/// or a shading character without colour.
fn field_cell(
    cell: &mut ratatui::buffer::Cell,
    field: &Field,
    width: usize,
    row: usize,
    col: usize,
    theme: &Theme,
    basins: Option<&Vec<Option<crate::tui::jobs::basins::BasinCell>>>,
) {
    let top = row * 2 * width + col;
    let bottom = top + width;
    let basin = |k: usize| basins.and_then(|cells| cells[k]);
    if field.undefined[top] && field.undefined[bottom] {
        // A whole cell where f is undefined: hatched, in colour or not.
        cell.set_char(HATCH);
        if !theme.mono() {
            cell.set_fg(theme.map_color(UNDEFINED_HATCH)).set_bg(theme.map_color(UNDEFINED_FILL));
        }
        return;
    }
    if theme.mono() {
        // Without colour, characters from light to dense shade the levels.
        let band = usize::from(field.band[top].min(field.band[bottom]));
        let shade = SHADES[band * SHADES.len() / LEVELS as usize];
        cell.set_char(basin(top).map_or(shade, super::basins::basin_char));
    } else if basins.is_some() {
        let upper = basin_pixel(theme, field.colors[top], basin(top));
        let lower = basin_pixel(theme, field.colors[bottom], basin(bottom));
        cell.set_char('▀').set_fg(upper).set_bg(lower);
    } else {
        let (symbol, fg, bg) =
            theme.map_cell((field.colors[top], field.band[top]), (field.colors[bottom], field.band[bottom]));
        cell.set_char(symbol).set_fg(fg).set_bg(bg);
    }
}

/// One row under the x axis: the colour map from the lowest value shown to
/// the highest, with both values, so that a colour can be read as a number;
/// and, where part of the view is undefined, its hatch and what it means.
pub(super) fn draw_color_bar(theme: &Theme, field: &Field, area: Rect, buf: &mut Buffer) {
    let (lo, hi) = (field.scale.value_at(0.0), field.scale.value_at(1.0));
    let (lo_text, hi_text) = (short(lo), short(hi));
    let suffix = if field.scale.is_log() { " (log)" } else { "" };
    let label = format!("{:>w$} ", "f", w = usize::from(Y_LABEL_WIDTH) - 1);
    let undefined = field.undefined.iter().any(|&u| u);
    let note = if undefined { UNDEFINED_NOTE } else { "" };
    let fixed = label.chars().count() + lo_text.len() + hi_text.len() + suffix.len() + 2 + note.chars().count();
    let bar = usize::from(area.width).saturating_sub(fixed).min(48);
    if bar < 8 {
        return;
    }
    let dim = theme.dim();
    let mut x = area.x;
    for text in [label, format!("{lo_text} ")] {
        buf.set_string(x, area.y, &text, dim);
        x += text.chars().count() as u16;
    }
    for k in 0..bar {
        let t = (k as f64 + 0.5) / bar as f64;
        let cell = &mut buf[(x, area.y)];
        if theme.mono() {
            cell.set_char(SHADES[(t * SHADES.len() as f64) as usize % SHADES.len()]);
        } else {
            let pixel = (landscape_color(t), band_of(t));
            let (symbol, fg, bg) = theme.map_cell(pixel, pixel);
            cell.set_char(symbol).set_fg(fg).set_bg(bg);
        }
        x += 1;
    }
    let end = format!(" {hi_text}{suffix}");
    buf.set_string(x, area.y, &end, dim);
    if undefined {
        x += end.chars().count() as u16 + 2;
        let cell = &mut buf[(x, area.y)];
        cell.set_char(HATCH);
        if !theme.mono() {
            cell.set_fg(theme.map_color(UNDEFINED_HATCH)).set_bg(theme.map_color(UNDEFINED_FILL));
        }
        buf.set_string(x + 1, area.y, " f undefined", dim);
    }
}

/// What the colour bar says of the hatch, after two spaces and the hatch itself.
const UNDEFINED_NOTE: &str = "  ╱ f undefined";

/// Over a network's plot while its plane or the loss on it is computed:
/// what is being computed and how far it has got, or why there is no plane.
fn draw_plane_progress(app: &App, area: Rect, buf: &mut Buffer) {
    let text = match (app.plane_trouble(), app.plane_progress()) {
        (Some(trouble), _) => trouble.to_string(),
        (None, Some(Some(share))) => format!("computing the plane… {:.0}%", 100.0 * share),
        (None, _) => "computing the plane…".to_string(),
    };
    let width = usize::from(area.width);
    let shown: String = text.chars().take(width).collect();
    let x = area.x + ((width - shown.chars().count()) / 2) as u16;
    buf.set_string(x, area.y + area.height / 2, shown, app.theme().dim());
}
