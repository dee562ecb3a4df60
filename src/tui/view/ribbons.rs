//! Stretches of a 2-D plot that several runs share, drawn as ribbons: the
//! runs side by side in half blocks, as the lines of a bundle.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

use super::dots::{DotLayer, Owner};
use crate::picture::cells::resolve;
use crate::tui::theme::{ColorMode, Theme, mix};

/// A run (its index) and the age of its newest dot in a cell.
pub(super) type RunDots = (usize, u32);

/// A ribbon's glyph along a stretch that runs across: a lower half block,
/// never the map's upper one, so that a ribbon is not taken for the map.
pub const RIBBON_ACROSS: char = '▄';

/// A ribbon's glyph along a stretch that runs down.
pub const RIBBON_DOWN: char = '▌';

/// Stretches of a 2-D plot that two or more runs share, drawn as a ribbon
/// of two colours side by side (half blocks: the upper half the run of the
/// lower number along a stretch that runs across, the left half along one
/// that runs down), so that each run on a shared route keeps its colour
/// whole instead of the cells going to the runs in turn. A third run and
/// more are stripes beside it ([`stripe_at`]). Only runs going one way
/// through a cell share it ([`DotLayer::runs_sharing`]): a path crossing
/// or looping across a route is no part of its ribbon. A single shared
/// cell is left as it is.
pub(super) struct Ribbons {
    width: usize,
    height: usize,
    sharing: Vec<Vec<(usize, u32)>>,
}

impl Ribbons {
    pub(super) fn of(layer: &DotLayer, on: bool) -> Self {
        let n = if on { layer.width * layer.height } else { 0 };
        Ribbons { width: layer.width, height: layer.height, sharing: (0..n).map(|k| layer.runs_sharing(k)).collect() }
    }

    fn shared(&self, col: isize, row: isize) -> bool {
        (0..self.width as isize).contains(&col)
            && (0..self.height as isize).contains(&row)
            && self.sharing[row as usize * self.width + col as usize].len() >= 2
    }

    /// The half block of a cell on a shared stretch, and the runs (index
    /// and age of their dots there) on it, by index: the first two drawn
    /// in its halves, any more as stripes beside it ([`stripe_at`]).
    pub(super) fn at(&self, col: usize, row: usize) -> Option<(char, &[RunDots])> {
        if self.sharing.is_empty() {
            return None;
        }
        let runs = &self.sharing[row * self.width + col];
        if runs.len() < 2 {
            return None;
        }
        let (c, r) = (col as isize, row as isize);
        let across = self.shared(c - 1, r) || self.shared(c + 1, r);
        let down = self.shared(c, r - 1) || self.shared(c, r + 1);
        let slant = [(-1, -1), (1, -1), (-1, 1), (1, 1)].iter().any(|&(dc, dr)| self.shared(c + dc, r + dr));
        if !(across || down || slant) {
            return None;
        }
        let glyph = if down && !across { RIBBON_DOWN } else { RIBBON_ACROSS };
        Some((glyph, &runs[..runs.len().min(RIBBON_STRIPES)]))
    }

    /// Whether a cell lies right beside a ribbon that carries run i (one
    /// of its eight neighbours): a thick path a little off its ribbon's
    /// cells left dots of its own there, and the run read as drawn twice,
    /// in the ribbon and as a line beside it (14's Adam).
    pub(super) fn beside(&self, col: usize, row: usize, i: usize) -> bool {
        if self.sharing.is_empty() {
            return false;
        }
        let (c, r) = (col as isize, row as isize);
        (-1..=1).flat_map(|dc| (-1..=1).map(move |dr| (c + dc, r + dr))).any(|(c, r)| {
            (0..self.width as isize).contains(&c)
                && (0..self.height as isize).contains(&r)
                && self.at(c as usize, r as usize).is_some_and(|(_, runs)| runs.iter().any(|run| run.0 == i))
        })
    }
}

/// A stripe's cell: across a stretch or down it, the colours of its two
/// halves, and the runs of the ribbons it is beside.
pub(super) type Stripe = (bool, [Option<Color>; 2], Vec<usize>);

/// The most runs a ribbon shows side by side.
const RIBBON_STRIPES: usize = 6;

/// Where the third and later runs of a ribbon go: half cells beside it,
/// below then above (right then left along a stretch that runs down), in
/// turn outward, as lines of a bundle are drawn side by side. Returns the
/// cell's offset across the stretch and which half (0 upper or left).
pub(super) fn stripe_at(i: usize) -> (isize, usize) {
    match i {
        2 => (1, 0),
        3 => (-1, 1),
        4 => (1, 1),
        _ => (-1, 0),
    }
}

/// A ribbon's cell, with the map's colour under it, for whatever is drawn
/// over the ribbon afterwards (a head, a start, a number) to sit on the map
/// again rather than on a run's colour, where a head of that colour vanished.
pub(super) struct UnderRibbon {
    pub(super) at: (u16, u16),
    pub(super) glyph: char,
    pub(super) fg: Color,
    pub(super) map: Color,
}

/// Puts the map back under every ribbon cell that something was drawn
/// over, but for the cells given a background of their own (`filled`).
pub(super) fn restore_under_ribbons(under: &[UnderRibbon], filled: &[(u16, u16)], buf: &mut Buffer) {
    for u in under.iter().filter(|u| !filled.contains(&u.at)) {
        let cell = &mut buf[u.at];
        if !cell.symbol().starts_with(u.glyph) || cell.fg != u.fg {
            cell.set_bg(u.map);
        }
    }
}

/// The one colour a map cell of two halves (`upper`, `lower`) stands for
/// behind a mark: in 24-bit their mean, in a palette the lower half's entry
/// of the ramp (a mean would fall on an entry the ramp does not have).
pub(super) fn map_under(theme: &Theme, upper: Color, lower: Color) -> Color {
    match (resolve(upper), resolve(lower)) {
        (Some(u), Some(l)) if theme.mode == ColorMode::TrueColor => theme.map_color(mix(u, l, 0.5)),
        _ => lower,
    }
}

/// The stripes of ribbons of three runs or more (see [`stripe_at`]), over
/// the map in `area`.
pub(super) fn paint_stripes(
    theme: &Theme,
    layer: &DotLayer,
    area: Rect,
    stripes: BTreeMap<(usize, usize), Stripe>,
    under: &mut Vec<UnderRibbon>,
    buf: &mut Buffer,
) {
    // A stripe takes only a cell of the map that no other path draws in:
    // empty, or dots of one of the ribbon's own runs (a noisy run's beside
    // its route).
    for ((col, row), (across, halves, members)) in stripes {
        let k = row * layer.width + col;
        let own = matches!(layer.owner[k], Owner::Run(i) if members.contains(&i)) && layer.runs_sharing(k).is_empty();
        if layer.bits[k] != 0 && !own {
            continue;
        }
        let at = (area.x + col as u16, area.y + row as u16);
        let cell = &mut buf[at];
        // The map's two halves (its block is an upper half: fg over bg), or
        // behind a run's own dots the one colour drawn there.
        let (upper_map, lower_map) = match cell.symbol() {
            "▀" => (cell.fg, cell.bg),
            _ if own && cell.bg != Color::Reset => (cell.bg, cell.bg),
            _ => continue,
        };
        let map = map_under(theme, upper_map, lower_map);
        let glyph = if across {
            // The ribbon's half block, the map's own colour in a half no
            // stripe takes.
            let (upper, lower) = (halves[0].unwrap_or(upper_map), halves[1].unwrap_or(lower_map));
            cell.set_char(RIBBON_ACROSS).set_fg(lower).set_bg(upper);
            RIBBON_ACROSS
        } else {
            cell.set_char(RIBBON_DOWN).set_fg(halves[0].unwrap_or(map)).set_bg(halves[1].unwrap_or(map));
            RIBBON_DOWN
        };
        under.push(UnderRibbon { at, glyph, fg: cell.fg, map });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_stretch_is_a_ribbon_and_a_crossing_is_not() {
        // Runs 0 and 1 along the same row of dots for ten cells, and run 2
        // crossing them down one column.
        let mut layer = DotLayer::new(12, 6);
        layer.line((0.0, 9.0), (19.0, 9.0), Owner::Run(1), 0);
        layer.line((0.0, 9.0), (19.0, 9.0), Owner::Run(0), 0);
        layer.line((22.0, 0.0), (22.0, 23.0), Owner::Run(2), 0);
        layer.line((16.0, 20.0), (23.0, 20.0), Owner::Run(1), 0);
        let ribbons = Ribbons::of(&layer, true);
        for col in 0..10 {
            // The lower number in the upper half, whichever was drawn first.
            assert_eq!(ribbons.at(col, 2), Some((RIBBON_ACROSS, &[(0, 0), (1, 0)][..])), "cell {col}");
        }
        // Run 2 crosses run 1's short line in one cell: not a route they
        // share, left as dots.
        assert!(layer.runs_sharing(5 * 12 + 11).is_empty());
        assert_eq!(ribbons.at(11, 5), None);
        // Off: none.
        assert_eq!(Ribbons::of(&layer, false).at(0, 2), None);
    }

    #[test]
    fn a_run_crossing_a_ribbon_at_a_slant_is_not_in_it() {
        // Runs 0 and 1 along one row; run 2 down across it at 60° (through
        // several of its cells) and back along a loop: no part of it.
        let mut layer = DotLayer::new(20, 8);
        layer.line((0.0, 13.0), (39.0, 13.0), Owner::Run(0), 0);
        layer.line((0.0, 13.0), (39.0, 13.0), Owner::Run(1), 0);
        layer.line((10.0, 0.0), (28.0, 31.0), Owner::Run(2), 0);
        layer.line((28.0, 31.0), (10.0, 31.0), Owner::Run(2), 0);
        let ribbons = Ribbons::of(&layer, true);
        for col in 0..20 {
            let (_, runs) = ribbons.at(col, 3).expect("a ribbon");
            assert_eq!(runs.iter().map(|r| r.0).collect::<Vec<_>>(), [0, 1], "cell {col}");
        }
        // A run that goes one way and comes back along the same cells is
        // on its route still: a heading has no sign.
        let mut layer = DotLayer::new(10, 2);
        layer.line((0.0, 1.0), (19.0, 1.0), Owner::Run(0), 0);
        layer.line((19.0, 1.0), (0.0, 1.0), Owner::Run(1), 0);
        assert_eq!(Ribbons::of(&layer, true).at(4, 0).map(|(_, r)| r.len()), Some(2));
    }

    #[test]
    fn three_runs_on_one_stretch_are_three_stripes() {
        let mut layer = DotLayer::new(12, 3);
        for i in [2, 0, 1] {
            layer.line((0.0, 5.0), (23.0, 5.0), Owner::Run(i), 0);
        }
        let ribbons = Ribbons::of(&layer, true);
        for col in 0..12 {
            // The lower two numbers in the cell, the third a stripe in the
            // upper half of the cell below.
            let (glyph, runs) = ribbons.at(col, 1).expect("a ribbon");
            assert_eq!(glyph, RIBBON_ACROSS);
            assert_eq!(runs.iter().map(|r| r.0).collect::<Vec<_>>(), [0, 1, 2]);
        }
        assert_eq!(stripe_at(2), (1, 0));
        // Six stripes at most, outward from the cell in turn.
        let offsets: Vec<(isize, usize)> = (2..RIBBON_STRIPES).map(stripe_at).collect();
        assert_eq!(offsets, [(1, 0), (-1, 1), (1, 1), (-1, 0)]);
    }
}
