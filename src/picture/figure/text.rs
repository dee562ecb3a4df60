//! The figure's font (the embedded DejaVu Sans, the face matplotlib uses by
//! default): how wide a text is, and its glyphs' coverage as a bitmap.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

/// The embedded font (Bitstream Vera licence: assets/fonts/LICENSE-DejaVu.txt).
pub const FIGURE_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// The families an SVG names, the embedded one first.
pub const SVG_FAMILIES: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, Arial, sans-serif";
/// The height of a capital letter, as a share of the em (DejaVu Sans: 1493/2048).
pub const CAP_HEIGHT: f64 = 0.729;

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FIGURE_FONT).expect("the embedded font parses"))
}

/// The glyphs of a text, with the pen position of each, at `size` pixels.
fn glyphs(text: &str, size: f64) -> (Vec<(GlyphId, f32)>, f32) {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(size as f32));
    let mut x = 0.0f32;
    let mut previous: Option<GlyphId> = None;
    let mut out = Vec::new();
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        out.push((id, x));
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    (out, x)
}

/// How wide a text is at `size` pixels.
pub fn width(text: &str, size: f64) -> f64 {
    f64::from(glyphs(text, size).1)
}

/// The baseline for a text of `size` whose capitals are centred on `y`.
pub fn baseline_centred(y: f64, size: f64) -> f64 {
    y + size * CAP_HEIGHT / 2.0
}

/// A text's coverage, one value in [0, 1] a pixel.
#[derive(Debug, Clone)]
pub struct Bitmap {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// Coverage, row by row.
    pub coverage: Vec<f32>,
    /// Where the start of the baseline lies in it.
    pub origin: (usize, usize),
    /// The text's advance width.
    pub advance: f64,
}

impl Bitmap {
    /// The coverage at a pixel, 0 outside.
    pub fn at(&self, x: i64, y: i64) -> f32 {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return 0.0;
        }
        self.coverage[y as usize * self.width + x as usize]
    }

    /// The coverage grown by `radius` pixels in every direction: a halo.
    pub fn grown(&self, radius: f64) -> Vec<f32> {
        let r = radius.ceil() as i64;
        let mut out = vec![0.0f32; self.coverage.len()];
        for y in 0..self.height as i64 {
            for x in 0..self.width as i64 {
                let mut best = 0.0f32;
                for dy in -r..=r {
                    for dx in -r..=r {
                        let d = ((dx * dx + dy * dy) as f64).sqrt();
                        // Anti-aliased at the halo's rim.
                        let weight = (radius + 0.5 - d).clamp(0.0, 1.0) as f32;
                        if weight > 0.0 {
                            best = best.max(self.at(x + dx, y + dy) * weight);
                        }
                    }
                }
                out[y as usize * self.width + x as usize] = best;
            }
        }
        out
    }
}

/// A text drawn at `size` pixels, with `margin` free pixels around it.
pub fn bitmap(text: &str, size: f64, margin: usize) -> Bitmap {
    let font = font();
    let scale = PxScale::from(size as f32);
    let scaled = font.as_scaled(scale);
    let (glyphs, advance) = glyphs(text, size);
    let (ascent, descent) = (scaled.ascent(), scaled.descent());
    let width = advance.ceil() as usize + 2 * margin + 2;
    let height = (ascent - descent).ceil() as usize + 2 * margin + 2;
    let origin = (margin + 1, margin + 1 + ascent.ceil() as usize);
    let mut coverage = vec![0.0f32; width * height];
    for (id, x) in glyphs {
        let glyph = id.with_scale_and_position(scale, point(origin.0 as f32 + x, origin.1 as f32));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, v| {
                let x = bounds.min.x as i64 + i64::from(gx);
                let y = bounds.min.y as i64 + i64::from(gy);
                if x >= 0 && y >= 0 && (x as usize) < width && (y as usize) < height {
                    let k = y as usize * width + x as usize;
                    coverage[k] = (coverage[k] + v).min(1.0);
                }
            });
        }
    }
    Bitmap { width, height, coverage, origin, advance: f64::from(advance) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_widens_with_its_letters_and_its_size() {
        assert!(width("1.5", 20.0) > width("1", 20.0));
        assert!((width("loss", 40.0) - 2.0 * width("loss", 20.0)).abs() < 0.5);
        let b = bitmap("θ", 30.0, 2);
        let inked = b.coverage.iter().filter(|&&c| c > 0.5).count();
        assert!(inked > 30, "{inked}");
        let halo = b.grown(2.0);
        assert!(halo.iter().filter(|&&c| c > 0.5).count() > inked);
    }
}
