//! What a network's plot says of its plane, over the map's top rows at
//! the right: the axes with what choosing them measured, and the selected
//! run's head against the plane (how far off it it lies, the map's loss at
//! its projection beside its own), so that the picture never hides what
//! the plane leaves out.

use ratatui::buffer::Buffer;

use crate::format::short;
use crate::tui::app::App;

use super::plot::Frame;

/// The legend's lines, the axes first.
pub fn legend(app: &App) -> Vec<String> {
    let Some(on) = app.plane() else { return vec![] };
    let [first, second] = on.axis_titles();
    let mut lines = vec![format!("{first} · {second}")];
    let i = app.selected();
    if let Some(off) = app.off_plane(i) {
        let place = if off.on { "on the plane".to_string() } else { format!("off the plane {}", short(off.distance)) };
        lines.push(format!("{}: {place} · map {} · real {}", app.label_of(i), short(off.map), short(off.real)));
    }
    lines
}

/// Draws the legend into the top rows of the plot's data area, each line
/// at the right, cut to the width.
pub(super) fn draw_legend(app: &App, frame: Frame, buf: &mut Buffer) {
    let area = frame.area;
    let width = usize::from(area.width);
    for (row, line) in legend(app).into_iter().enumerate().take(usize::from(area.height)) {
        let text = format!(" {line} ");
        let shown: String = text.chars().take(width).collect();
        let x = area.right() - shown.chars().count() as u16;
        buf.set_string(x, area.y + row as u16, shown, app.theme().map_label());
    }
}
