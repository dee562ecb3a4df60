//! A braille canvas: 2×4 dots a cell, one owner (and so one colour) a cell,
//! with the age of the newest dot in each cell so that old stretches of a
//! path can fade. Shared by the plot and the charts.

/// Braille dot bits by (column, row) within a cell.
const BRAILLE: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];

/// Who drew a cell: an optimizer (its index) or one of the plot's own lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Nobody.
    None,
    /// Optimizer i's path, chords or step arrow.
    Run(usize),
    /// The 1-D curve f(x), and chart guides.
    Neutral,
    /// A tangent or a −∇f arrow.
    Gradient,
    /// A memory arrow (momentum buffer, m̂).
    Memory,
    /// Optimizer i's line-search ray and trial points, drawn faint.
    Trial(usize),
    /// A long single step of optimizer i: a jump, not a walk, drawn thin
    /// and broken, under every path.
    Jump(usize),
}

/// Braille dots and who owns each cell.
///
/// Where two optimizers' paths pass through one cell, neither covers the
/// other: the cell keeps the dots of both and remembers the run drawn there
/// before the top one, and [`DotLayer::shown`] gives the cells of a shared
/// stretch to the two runs in turn along it, so that the stretch reads as a
/// rope of both colours.
pub struct DotLayer {
    /// Cells across.
    pub width: usize,
    /// Cells down.
    pub height: usize,
    /// The dots of each cell, row by row.
    pub bits: Vec<u8>,
    /// Who owns each cell (the last drawn).
    pub owner: Vec<Owner>,
    /// How many steps old the newest dot of each cell is (0: current).
    pub age: Vec<u32>,
    /// The owner's own dots in each cell (`bits` holds every run's there).
    own: Vec<u8>,
    /// For a cell that several runs pass through: 1 + its index in
    /// `beneath`; 0 for the others.
    shared: Vec<u32>,
    /// The other runs drawn in a shared cell before its owner, most recent
    /// first, with their ages and their own dots.
    beneath: Vec<Vec<(Owner, u32, u8)>>,
    /// When the owner took the cell, counted in cells taken: consecutive
    /// along one path, so that its parity alternates along a shared stretch.
    taken: Vec<u32>,
    /// Cells taken so far.
    count: u32,
    /// The way each run's strokes cross each cell: per run, the sums of
    /// cos 2θ and sin 2θ over its dots there and their number (θ the
    /// stroke's direction; doubled, so that a route travelled back reads
    /// as the same route).
    headings: Vec<Vec<(usize, Heading)>>,
}

/// The sums of cos 2θ and sin 2θ of a run's strokes in a cell, and their
/// number.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Heading {
    cos: f32,
    sin: f32,
    n: f32,
}

/// A run's strokes in a cell keep to one way if their mean doubled-angle
/// vector is at least this long (1: all one way; a loop through the cell
/// is near 0).
const ONE_WAY: f32 = 0.6;

/// Two runs' ways through a cell are one route within this many degrees.
const ONE_ROUTE_DEGREES: f32 = 30.0;

impl Heading {
    /// The one way (radians, in [0, π)) its strokes keep to, if they keep
    /// to one.
    fn way(self) -> Option<f32> {
        if self.n == 0.0 || self.cos.hypot(self.sin) < ONE_WAY * self.n {
            return None;
        }
        Some(self.sin.atan2(self.cos).rem_euclid(std::f32::consts::TAU) / 2.0)
    }

    /// Whether two runs go through a cell along one route.
    fn along(self, other: Heading) -> bool {
        let (Some(a), Some(b)) = (self.way(), other.way()) else { return false };
        let turn = (a - b).abs();
        turn.min(std::f32::consts::PI - turn).to_degrees() <= ONE_ROUTE_DEGREES
    }
}

/// How a path is drawn: one dot wide or two, solid or broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stroke {
    /// Two dots wide: a neighbouring dot across the line's direction too.
    pub thick: bool,
    /// Dots drawn, then dots left out, along the line (0 left out: solid).
    pub dash: (u16, u16),
}

impl Stroke {
    /// One dot wide, solid.
    pub const THIN: Stroke = Stroke { thick: false, dash: (1, 0) };
}

/// A path being drawn: its owner, stroke and how far along its dash pattern
/// it is, carried from one segment to the next so that the pattern runs on.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    /// Whose dots.
    pub owner: Owner,
    /// How they are drawn.
    pub stroke: Stroke,
    /// Dots drawn along the path so far.
    travelled: u32,
}

impl Pen {
    /// A pen for `owner` with `stroke`, at the start of its pattern.
    pub fn new(owner: Owner, stroke: Stroke) -> Self {
        Pen { owner, stroke, travelled: 0 }
    }
}

impl DotLayer {
    /// An empty layer of `width` × `height` cells.
    pub fn new(width: usize, height: usize) -> Self {
        let n = width * height;
        DotLayer {
            width,
            height,
            bits: vec![0; n],
            owner: vec![Owner::None; n],
            age: vec![0; n],
            own: vec![0; n],
            shared: vec![0; n],
            beneath: Vec::new(),
            taken: vec![0; n],
            count: 0,
            headings: vec![Vec::new(); n],
        }
    }

    /// Width and height in dots.
    pub fn dots(&self) -> (f64, f64) {
        (self.width as f64 * 2.0, self.height as f64 * 4.0)
    }

    /// One dot; a new owner takes the cell. A run taking a cell from
    /// another run keeps that run's dots and remembers it beneath; any
    /// other new owner takes the cell whole.
    pub fn dot(&mut self, x: f64, y: f64, owner: Owner, age: u32) {
        if !(x >= 0.0 && y >= 0.0) {
            return;
        }
        let (dx, dy) = (x as usize, y as usize);
        let (cx, cy) = (dx / 2, dy / 4);
        if cx >= self.width || cy >= self.height {
            return;
        }
        let k = cy * self.width + cx;
        // A jump lies under every path: it never takes a path's cell.
        if matches!(owner, Owner::Jump(_)) && matches!(self.owner[k], Owner::Run(_)) {
            return;
        }
        if self.owner[k] != owner {
            let both_runs = matches!((self.owner[k], owner), (Owner::Run(_), Owner::Run(_)));
            if both_runs {
                if self.shared[k] == 0 {
                    self.beneath.push(Vec::new());
                    self.shared[k] = self.beneath.len() as u32;
                }
                // The old owner goes on top of those beneath; a run coming
                // back to the cell leaves its place there.
                let beneath = &mut self.beneath[self.shared[k] as usize - 1];
                // A run coming back to the cell takes up its own dots again.
                let mut own = 0;
                beneath.retain(|&(o, _, b)| {
                    if o == owner {
                        own = b;
                    }
                    o != owner
                });
                beneath.insert(0, (self.owner[k], self.age[k], self.own[k]));
                self.own[k] = own;
            } else {
                self.own[k] = 0;
                self.bits[k] = 0;
                if self.shared[k] != 0 {
                    self.beneath[self.shared[k] as usize - 1].clear();
                }
            }
            self.owner[k] = owner;
            self.age[k] = age;
            self.taken[k] = self.count;
            self.count = self.count.wrapping_add(1);
        }
        self.age[k] = self.age[k].min(age);
        self.bits[k] |= BRAILLE[dx % 2][dy % 4];
        self.own[k] |= BRAILLE[dx % 2][dy % 4];
    }

    /// Who a cell is drawn for, how old its dots are, and which dots are
    /// drawn: along a stretch that several runs share, each in turn, with
    /// its own dots only, so that no run's colour marks where another went.
    pub fn shown(&self, k: usize) -> (Owner, u32, u8) {
        let beneath: &[(Owner, u32, u8)] = match self.shared[k] {
            0 => &[],
            at => &self.beneath[at as usize - 1],
        };
        match self.taken[k] as usize % (beneath.len() + 1) {
            0 => (self.owner[k], self.age[k], self.own[k]),
            turn => beneath[turn - 1],
        }
    }

    /// The runs that share cell k as one route, by index, each with the
    /// age of its newest dot there: those whose strokes go through it one
    /// way, along another run's way (within [`ONE_ROUTE_DEGREES`]); empty
    /// for a cell of one owner or of paths that cross.
    pub fn runs_sharing(&self, k: usize) -> Vec<(usize, u32)> {
        if self.shared[k] == 0 {
            return Vec::new();
        }
        let runs: Vec<(usize, u32)> = std::iter::once((self.owner[k], self.age[k]))
            .chain(self.beneath[self.shared[k] as usize - 1].iter().map(|&(o, age, _)| (o, age)))
            .filter_map(|(o, age)| match o {
                Owner::Run(i) => Some((i, age)),
                _ => None,
            })
            .collect();
        // Only runs that go through the cell along one route share it: a
        // path crossing another's, or looping through a cell of it, is
        // not on that route.
        let heading =
            |i: usize| self.headings[k].iter().find(|&&(run, _)| run == i).map(|&(_, h)| h).unwrap_or_default();
        let along: Vec<bool> =
            runs.iter().map(|&(i, _)| runs.iter().any(|&(j, _)| j != i && heading(i).along(heading(j)))).collect();
        let mut runs: Vec<(usize, u32)> = runs.into_iter().zip(along).filter(|&(_, a)| a).map(|(r, _)| r).collect();
        if runs.len() < 2 {
            return Vec::new();
        }
        runs.sort_unstable();
        runs
    }

    /// Notes that run i's stroke of direction (dx, dy) drew a dot at (x, y).
    fn head(&mut self, x: f64, y: f64, i: usize, (dx, dy): (f64, f64)) {
        if !(x >= 0.0 && y >= 0.0) {
            return;
        }
        let (cx, cy) = (x as usize / 2, y as usize / 4);
        if cx >= self.width || cy >= self.height {
            return;
        }
        let angle = 2.0 * dy.atan2(dx) as f32;
        let cell = &mut self.headings[cy * self.width + cx];
        let at = match cell.iter().position(|&(run, _)| run == i) {
            Some(at) => at,
            None => {
                cell.push((i, Heading::default()));
                cell.len() - 1
            }
        };
        let h = &mut cell[at].1;
        h.cos += angle.cos();
        h.sin += angle.sin();
        h.n += 1.0;
    }

    /// A 2×2 cluster of dots: a visited point that reads at a glance.
    pub fn blob(&mut self, p: (f64, f64), owner: Owner, age: u32) {
        for (dx, dy) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
            self.dot((p.0 - 0.5).floor() + dx, (p.1 - 0.5).floor() + dy, owner, age);
        }
    }

    /// A straight line between two dot positions, clipped to the layer.
    pub fn line(&mut self, a: (f64, f64), b: (f64, f64), owner: Owner, age: u32) {
        self.stroke(&mut Pen::new(owner, Stroke::THIN), a, b, age);
    }

    /// A straight line drawn with a pen, which carries its dash pattern on
    /// to the next line it draws.
    pub fn stroke(&mut self, pen: &mut Pen, a: (f64, f64), b: (f64, f64), age: u32) {
        let Some((a, b)) = clip(a, b, self.dots()) else { return };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let steps = dx.abs().max(dy.abs()).ceil().max(1.0);
        // The second dot of a thick line lies across the line's direction.
        let across = if dx.abs() >= dy.abs() { (0.0, 1.0) } else { (1.0, 0.0) };
        let (on, off) = (u32::from(pen.stroke.dash.0.max(1)), u32::from(pen.stroke.dash.1));
        for s in 0..=steps as usize {
            // The first dot of a line is the last of the one before.
            if s > 0 || pen.travelled == 0 {
                pen.travelled += 1;
            }
            if off > 0 && (pen.travelled - 1) % (on + off) >= on {
                continue;
            }
            let t = s as f64 / steps;
            let (x, y) = (a.0 + dx * t, a.1 + dy * t);
            self.dot(x, y, pen.owner, age);
            if let Owner::Run(i) = pen.owner {
                self.head(x, y, i, (dx, dy));
            }
            if pen.stroke.thick {
                // Toward the inside, so that a path along an edge stays thick.
                let (w, h) = self.dots();
                let sx = if x + across.0 >= w { -across.0 } else { across.0 };
                let sy = if y + across.1 >= h { -across.1 } else { across.1 };
                self.dot(x + sx, y + sy, pen.owner, age);
                if let Owner::Run(i) = pen.owner {
                    self.head(x + sx, y + sy, i, (dx, dy));
                }
            }
        }
    }

    /// Every third dot of a straight line: a faint, dotted line.
    pub fn dotted(&mut self, a: (f64, f64), b: (f64, f64), owner: Owner, age: u32) {
        self.stroke(&mut Pen::new(owner, Stroke { thick: false, dash: (1, 2) }), a, b, age);
    }

    /// The braille character of cell k, if it has dots (every run's).
    pub fn symbol(&self, k: usize) -> Option<char> {
        braille(self.bits[k])
    }
}

/// The braille character of these dots, if any.
pub fn braille(bits: u8) -> Option<char> {
    (bits != 0).then(|| char::from_u32(0x2800 + u32::from(bits)).expect("braille block"))
}

/// Liang–Barsky clipping of a segment to [0, w) × [0, h).
pub fn clip(a: (f64, f64), b: (f64, f64), (w, h): (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let edge = 1e-9;
    for (p, q) in [(-dx, a.0), (dx, w - edge - a.0), (-dy, a.1), (dy, h - edge - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

pub use crate::look::scale::ticks;

/// The arrow character closest to a direction on screen (dx right, dy
/// down, in dots: a cell, twice as tall as wide, holds 2 × 4 of them, so a
/// dot is as tall as it is wide).
pub fn arrow_glyph(dx: f64, dy: f64) -> char {
    let angle = (-dy).atan2(dx).to_degrees();
    let arrows = ['→', '↗', '↑', '↖', '←', '↙', '↓', '↘'];
    arrows[(((angle + 360.0 + 22.5) % 360.0) / 45.0) as usize % 8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_inside_the_range() {
        assert_eq!(ticks(-2.0, 2.0, 4), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(ticks(-1.0, 3.0, 4), vec![-1.0, 0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(-1.0, 3.0, 3), vec![0.0, 2.0]);
        assert_eq!(ticks(0.0, 0.35, 4), vec![0.0, 0.1, 0.2, 0.30000000000000004]);
        assert!(ticks(1.0, 1.0, 4).is_empty());
    }

    #[test]
    fn a_dashed_pen_leaves_its_gaps_and_carries_its_pattern_on() {
        let count = |layer: &DotLayer| layer.bits.iter().map(|b| b.count_ones()).sum::<u32>();
        let mut solid = DotLayer::new(40, 1);
        solid.line((0.0, 1.0), (29.0, 1.0), Owner::Run(0), 0);
        assert_eq!(count(&solid), 30);
        // Three dots drawn, three left out, over two segments that meet.
        let mut dashed = DotLayer::new(40, 1);
        let mut pen = Pen::new(Owner::Run(0), Stroke { thick: false, dash: (3, 3) });
        dashed.stroke(&mut pen, (0.0, 1.0), (14.0, 1.0), 0);
        dashed.stroke(&mut pen, (14.0, 1.0), (29.0, 1.0), 0);
        assert_eq!(count(&dashed), 15);
        // Two dots wide: the row below too.
        let mut thick = DotLayer::new(40, 1);
        thick.stroke(&mut Pen::new(Owner::Run(0), Stroke { thick: true, dash: (1, 0) }), (0.0, 1.0), (29.0, 1.0), 0);
        assert_eq!(count(&thick), 60);
    }

    #[test]
    fn runs_sharing_a_cell_are_shown_in_turn() {
        let mut layer = DotLayer::new(10, 1);
        layer.line((0.0, 0.0), (19.0, 0.0), Owner::Run(0), 0);
        layer.line((0.0, 1.0), (19.0, 1.0), Owner::Run(1), 0);
        let shown: Vec<(Owner, u32, u8)> = (0..10).map(|k| layer.shown(k)).collect();
        assert!(shown.iter().any(|s| s.0 == Owner::Run(0)) && shown.iter().any(|s| s.0 == Owner::Run(1)), "{shown:?}");
        // Both runs' dots stay in every cell; each is drawn with its own.
        assert!(layer.bits.iter().all(|&b| b == 0x01 | 0x08 | 0x02 | 0x10));
        for (owner, _, bits) in shown {
            assert_eq!(bits, if owner == Owner::Run(0) { 0x01 | 0x08 } else { 0x02 | 0x10 });
        }
    }

    #[test]
    fn clipping_keeps_segments_inside() {
        let (a, b) = clip((-10.0, 5.0), (30.0, 5.0), (20.0, 10.0)).unwrap();
        assert_eq!(a, (0.0, 5.0));
        assert!(b.0 < 20.0 && b.0 > 19.99);
        assert!(clip((-10.0, -5.0), (-1.0, -1.0), (20.0, 10.0)).is_none());
        assert!(clip((0.0, 0.0), (f64::INFINITY, 1.0), (20.0, 10.0)).is_none());
    }

    #[test]
    fn arrows_point_where_the_vector_does() {
        assert_eq!(arrow_glyph(1.0, 0.0), '→');
        assert_eq!(arrow_glyph(0.0, -1.0), '↑');
        assert_eq!(arrow_glyph(-2.0, 4.0), '↙');
        // Dots are square: a step 3 dots left and 4 up is steeper than 45°,
        // more up than left, and nearer ↖ than ← (it once read as ←, with
        // dots taken as twice as tall as wide).
        assert_eq!(arrow_glyph(-3.0, -4.0), '↖');
        assert_eq!(arrow_glyph(-10.0, -3.0), '←');
        assert_eq!(arrow_glyph(1.0, -3.0), '↑');
    }
}
