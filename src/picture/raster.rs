//! Cells to pixels, as a terminal draws them: half-blocks, shades, box
//! lines and braille dots as shapes (so that no font needs braille glyphs),
//! every other character from the embedded DejaVu Sans Mono.

use std::collections::HashMap;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

use super::cells::{Cell, Grid};
pub use super::shapes::{CELL_H, CELL_W};
use super::shapes::{DOT_RADIUS, Shape, shape};
use crate::core::scenario::Rgb;

/// The embedded font (Bitstream Vera licence: assets/fonts/LICENSE-DejaVu.txt).
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");
/// The font's size in pixels: DejaVu Sans Mono advances 0.602 em, so a
/// glyph is as wide as a cell.
pub const FONT_PX: f32 = 15.0;

/// An RGB image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// The pixels, row by row.
    pub pixels: Vec<Rgb>,
}

impl Image {
    /// The pixel at (x, y).
    pub fn at(&self, x: usize, y: usize) -> Rgb {
        self.pixels[y * self.width + x]
    }

    /// The image as 8-bit RGB bytes.
    pub fn rgb_bytes(&self) -> Vec<u8> {
        self.pixels.iter().flat_map(|p| [p.0, p.1, p.2]).collect()
    }
}

/// Draws cells into images, keeping each glyph's coverage once drawn.
pub struct Painter {
    font: FontRef<'static>,
    baseline: f32,
    glyphs: HashMap<(char, bool), Vec<f32>>,
}

impl Default for Painter {
    fn default() -> Self {
        Self::new()
    }
}

impl Painter {
    /// A painter with the embedded font.
    pub fn new() -> Painter {
        let font = FontRef::try_from_slice(FONT).expect("the embedded font parses");
        let scaled = font.as_scaled(PxScale::from(FONT_PX));
        let (ascent, descent) = (scaled.ascent(), scaled.descent());
        // The line box centred in the cell.
        let baseline = ((CELL_H as f32 - (ascent - descent)) / 2.0 + ascent).round();
        Painter { font, baseline, glyphs: HashMap::new() }
    }

    /// The font.
    pub fn font(&self) -> &FontRef<'static> {
        &self.font
    }

    /// The baseline's distance from a cell's top, in pixels.
    pub fn baseline(&self) -> f32 {
        self.baseline
    }

    /// The whole grid as an image.
    pub fn paint(&mut self, grid: &Grid) -> Image {
        let (width, height) = (grid.width * CELL_W, grid.height * CELL_H);
        let mut image = Image { width, height, pixels: vec![Rgb(0, 0, 0); width * height] };
        for y in 0..grid.height {
            for x in 0..grid.width {
                self.cell(&mut image, x, y, grid.at(x, y));
            }
        }
        image
    }

    /// Redraws only the cells that differ from `before`, in place.
    pub fn repaint(&mut self, image: &mut Image, before: &Grid, grid: &Grid) {
        for y in 0..grid.height {
            for x in 0..grid.width {
                let cell = grid.at(x, y);
                // A wide character's right half belongs to the cell before it.
                let changed = cell != before.at(x, y) || (x > 0 && grid.at(x - 1, y) != before.at(x - 1, y));
                if changed {
                    self.cell(image, x, y, cell);
                    if cell.width == 2 && x + 1 < grid.width {
                        self.cell(image, x + 1, y, grid.at(x + 1, y));
                        self.cell(image, x, y, cell);
                    }
                }
            }
        }
    }

    fn cell(&mut self, image: &mut Image, cx: usize, cy: usize, cell: &Cell) {
        let (x0, y0) = (cx * CELL_W, cy * CELL_H);
        let w = if cell.width == 2 { 2 * CELL_W } else { CELL_W }.min(image.width - x0);
        if !cell.symbol.is_empty() || cell.width == 1 {
            fill(image, x0, y0, CELL_W.min(image.width - x0), CELL_H, cell.bg);
        }
        let Some(c) = cell.symbol.chars().next() else { return };
        if c == ' ' {
            return;
        }
        let coverage = self.coverage(c, cell.bold, w);
        if cell.width == 2 && x0 + CELL_W < image.width {
            fill(image, x0 + CELL_W, y0, (image.width - x0 - CELL_W).min(CELL_W), CELL_H, cell.bg);
        }
        for dy in 0..CELL_H {
            for dx in 0..w {
                let a = coverage[dy * w + dx];
                if a > 0.0 {
                    let p = &mut image.pixels[(y0 + dy) * image.width + x0 + dx];
                    *p = blend(*p, cell.fg, a);
                }
            }
        }
    }

    /// How much of each pixel of a `w`-wide cell the character covers.
    fn coverage(&mut self, c: char, bold: bool, w: usize) -> Vec<f32> {
        if let Some(shape) = shape_coverage(c) {
            return shape;
        }
        let key = (c, bold);
        if let Some(found) = self.glyphs.get(&key) {
            return found.clone();
        }
        let mut cov = vec![0.0f32; w * CELL_H];
        let id = self.font.glyph_id(c);
        if id == GlyphId(0) {
            tofu(&mut cov, w);
        } else {
            let scale = PxScale::from(FONT_PX);
            let advance = self.font.as_scaled(scale).h_advance(id);
            let left = ((w as f32 - advance) / 2.0).max(0.0);
            let glyph = id.with_scale_and_position(scale, point(left, self.baseline));
            if let Some(outlined) = self.font.outline_glyph(glyph) {
                let bounds = outlined.px_bounds();
                outlined.draw(|gx, gy, v| {
                    let x = bounds.min.x as i32 + gx as i32;
                    let y = bounds.min.y as i32 + gy as i32;
                    if (0..w as i32).contains(&x) && (0..CELL_H as i32).contains(&y) {
                        let k = y as usize * w + x as usize;
                        cov[k] = cov[k].max(v.min(1.0));
                    }
                });
            }
        }
        if bold {
            // A terminal's bold: the strokes a pixel wider.
            let plain = cov.clone();
            for y in 0..CELL_H {
                for x in 1..w {
                    cov[y * w + x] = cov[y * w + x].max(plain[y * w + x - 1]);
                }
            }
        }
        self.glyphs.insert(key, cov.clone());
        cov
    }
}

fn fill(image: &mut Image, x0: usize, y0: usize, w: usize, h: usize, color: Rgb) {
    for y in y0..(y0 + h).min(image.height) {
        let row = y * image.width;
        image.pixels[row + x0..row + x0 + w].fill(color);
    }
}

/// (1 − a)·under + a·over, per channel.
pub fn blend(under: Rgb, over: Rgb, a: f32) -> Rgb {
    let m = |u: u8, o: u8| (f32::from(u) * (1.0 - a) + f32::from(o) * a).round().clamp(0.0, 255.0) as u8;
    Rgb(m(under.0, over.0), m(under.1, over.1), m(under.2, over.2))
}

/// A missing glyph: an outlined box.
fn tofu(cov: &mut [f32], w: usize) {
    for y in 3..CELL_H - 3 {
        for x in 1..w - 1 {
            if y == 3 || y == CELL_H - 4 || x == 1 || x == w - 2 {
                cov[y * w + x] = 1.0;
            }
        }
    }
}

/// The coverage of a character drawn as a shape (see `shapes`): its
/// rectangles filled, its dots anti-aliased (4 × 4 samples a pixel).
fn shape_coverage(c: char) -> Option<Vec<f32>> {
    let (w, h) = (CELL_W, CELL_H);
    let mut cov = vec![0.0f32; w * h];
    match shape(c)? {
        Shape::Rects(rects) => {
            for (x0, y0, rw, rh, a) in rects {
                for y in y0..(y0 + rh).min(h) {
                    for x in x0..(x0 + rw).min(w) {
                        cov[y * w + x] = a;
                    }
                }
            }
        }
        Shape::Dots(dots) => {
            let r2 = DOT_RADIUS * DOT_RADIUS;
            for (cx, cy) in dots {
                for y in (cy - 2.0).max(0.0) as usize..=((cy + 2.0) as usize).min(h - 1) {
                    for x in (cx - 2.0).max(0.0) as usize..=((cx + 2.0) as usize).min(w - 1) {
                        let inside = (0u8..16)
                            .filter(|s| {
                                let px = x as f32 + (f32::from(s % 4) + 0.5) / 4.0;
                                let py = y as f32 + (f32::from(s / 4) + 0.5) / 4.0;
                                (px - cx).powi(2) + (py - cy).powi(2) <= r2
                            })
                            .count();
                        let k = y * w + x;
                        cov[k] = cov[k].max(inside as f32 / 16.0);
                    }
                }
            }
        }
    }
    Some(cov)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(symbol: &str, fg: Rgb, bg: Rgb) -> Cell {
        Cell { symbol: symbol.into(), width: 1, fg, bg, bold: false }
    }

    #[test]
    fn an_upper_half_block_is_two_colours_split_at_the_middle() {
        let grid = Grid { width: 1, height: 1, cells: vec![cell("▀", Rgb(255, 0, 0), Rgb(0, 0, 255))] };
        let image = Painter::new().paint(&grid);
        assert_eq!((image.width, image.height), (CELL_W, CELL_H));
        assert_eq!(image.at(4, 0), Rgb(255, 0, 0));
        assert_eq!(image.at(4, CELL_H / 2 - 1), Rgb(255, 0, 0));
        assert_eq!(image.at(4, CELL_H / 2), Rgb(0, 0, 255));
    }

    #[test]
    fn braille_dots_sit_on_a_two_by_four_grid() {
        // ⠁ is the top-left dot alone; ⢀ the bottom-right one.
        let ink = Rgb(255, 255, 255);
        let grid =
            Grid { width: 2, height: 1, cells: vec![cell("⠁", ink, Rgb(0, 0, 0)), cell("⢀", ink, Rgb(0, 0, 0))] };
        let image = Painter::new().paint(&grid);
        let centre = |col: usize, row: usize| ((col * 2 + 1) * CELL_W / 4, (row * 2 + 1) * CELL_H / 8);
        let (x, y) = centre(0, 0);
        assert_eq!(image.at(x, y), ink);
        let (x, y) = centre(1, 3);
        assert_eq!(image.at(CELL_W + x, y), ink);
        assert_eq!(image.at(centre(1, 0).0, centre(1, 0).1), Rgb(0, 0, 0), "no dot there");
    }

    #[test]
    fn text_is_drawn_from_the_font_in_the_cell_colours() {
        let grid = Grid { width: 1, height: 1, cells: vec![cell("θ", Rgb(255, 255, 0), Rgb(0, 0, 0))] };
        let image = Painter::new().paint(&grid);
        // Anti-aliased strokes: more than half ink in at least ten pixels.
        let inked = image.pixels.iter().filter(|p| p.0 > 128 && p.0 == p.1).count();
        assert!(inked >= 10, "θ has strokes: {inked}");
        assert!(image.pixels.iter().all(|p| p.2 == 0), "only blends of yellow and black");
    }
}
