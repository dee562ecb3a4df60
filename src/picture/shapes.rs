//! Characters a terminal draws as shapes rather than from a font, described
//! once for the rasteriser and the SVG writer: block elements and shades,
//! light and heavy box lines as rectangles, braille as dots.

/// Pixels across one cell.
pub const CELL_W: usize = 9;
/// Pixels down one cell: twice as tall as wide, as terminal cells are.
pub const CELL_H: usize = 18;

/// A rectangle within a cell: x, y, width, height, opacity.
pub type Piece = (usize, usize, usize, usize, f32);

/// How a character is drawn as a shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Filled rectangles.
    Rects(Vec<Piece>),
    /// Round dots, by their centres within the cell.
    Dots(Vec<(f32, f32)>),
}

/// The radius of a braille dot, in pixels.
pub const DOT_RADIUS: f32 = 1.35;

/// The shape of `c`, if it is drawn as one.
pub fn shape(c: char) -> Option<Shape> {
    if ('\u{2800}'..='\u{28ff}').contains(&c) {
        return Some(Shape::Dots(braille_dots(c as u32 - 0x2800)));
    }
    shape_rects(c).map(Shape::Rects)
}

/// Block elements and box lines as rectangles.
fn shape_rects(c: char) -> Option<Vec<Piece>> {
    let (w, h) = (CELL_W, CELL_H);
    let (cx, cy) = (w / 2, h / 2);
    Some(match c {
        '▀' => vec![(0, 0, w, h / 2, 1.0)],
        '▄' => vec![(0, h / 2, w, h - h / 2, 1.0)],
        '█' => vec![(0, 0, w, h, 1.0)],
        '▌' => vec![(0, 0, w / 2, h, 1.0)],
        '▐' => vec![(w / 2, 0, w - w / 2, h, 1.0)],
        '░' => vec![(0, 0, w, h, 0.25)],
        '▒' => vec![(0, 0, w, h, 0.5)],
        '▓' => vec![(0, 0, w, h, 0.75)],
        '▁'..='▇' => {
            let top = h - h * (c as usize - '▁' as usize + 1) / 8;
            vec![(0, top, w, h - top, 1.0)]
        }
        _ => {
            let (arms, t) = match c {
                '─' => ([true, true, false, false], 1),
                '│' => ([false, false, true, true], 1),
                '┌' | '╭' => ([false, true, false, true], 1),
                '┐' | '╮' => ([true, false, false, true], 1),
                '└' | '╰' => ([false, true, true, false], 1),
                '┘' | '╯' => ([true, false, true, false], 1),
                '├' => ([false, true, true, true], 1),
                '┤' => ([true, false, true, true], 1),
                '┬' => ([true, true, false, true], 1),
                '┴' => ([true, true, true, false], 1),
                '┼' => ([true, true, true, true], 1),
                '━' => ([true, true, false, false], 2),
                '┃' => ([false, false, true, true], 2),
                _ => return None,
            };
            let [left, right, up, down] = arms;
            let mut rects = Vec::new();
            if left {
                rects.push((0, cy, cx + t, t, 1.0));
            }
            if right {
                rects.push((cx, cy, w - cx, t, 1.0));
            }
            if up {
                rects.push((cx, 0, t, cy + t, 1.0));
            }
            if down {
                rects.push((cx, cy, t, h - cy, 1.0));
            }
            rects
        }
    })
}

/// The centres of a braille pattern's dots within a cell.
fn braille_dots(bits: u32) -> Vec<(f32, f32)> {
    const BITS: [[u32; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    let mut dots = Vec::new();
    for (col, column) in BITS.iter().enumerate() {
        for (row, &bit) in column.iter().enumerate() {
            if bits & bit != 0 {
                dots.push((
                    (col as f32 * 2.0 + 1.0) * CELL_W as f32 / 4.0,
                    (row as f32 * 2.0 + 1.0) * CELL_H as f32 / 8.0,
                ));
            }
        }
    }
    dots
}
