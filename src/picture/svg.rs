//! One screen as SVG: backgrounds as rectangles (merged along each row),
//! half-blocks and box lines as rectangles, braille as dots, and every
//! other character as the embedded font's own outline, defined once and
//! placed where it occurs, so that the file needs no font to look right.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ab_glyph::{Font, GlyphId, OutlineCurve, PxScale, ScaleFont};

use super::cells::Grid;
use super::raster::{CELL_H, CELL_W, FONT_PX, Painter};
use super::shapes::{DOT_RADIUS, Shape, shape};
use crate::core::scenario::Rgb;

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The grid as an SVG document, `painter` lending its font and baseline.
pub fn svg(grid: &Grid, painter: &Painter, background: Rgb) -> String {
    let (width, height) = (grid.width * CELL_W, grid.height * CELL_H);
    let mut body = String::new();
    let mut glyphs: BTreeMap<char, String> = BTreeMap::new();
    let font = painter.font();
    let scaled = font.as_scaled(PxScale::from(FONT_PX));
    let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
    for y in 0..grid.height {
        // Backgrounds, a run of equal colours at a time.
        let mut x = 0;
        while x < grid.width {
            let bg = grid.at(x, y).bg;
            let mut end = x + 1;
            while end < grid.width && grid.at(end, y).bg == bg {
                end += 1;
            }
            if bg != background {
                let _ = writeln!(
                    body,
                    r#"<rect x="{}" y="{}" width="{}" height="{CELL_H}" fill="{}"/>"#,
                    x * CELL_W,
                    y * CELL_H,
                    (end - x) * CELL_W,
                    hex(bg)
                );
            }
            x = end;
        }
        for x in 0..grid.width {
            let cell = grid.at(x, y);
            let Some(c) = cell.symbol.chars().next() else { continue };
            if c == ' ' {
                continue;
            }
            let (x0, y0) = (x * CELL_W, y * CELL_H);
            let fill = hex(cell.fg);
            if let Some(Shape::Rects(rects)) = shape(c) {
                for (rx, ry, rw, rh, opacity) in rects {
                    let _ = write!(
                        body,
                        r#"<rect x="{}" y="{}" width="{rw}" height="{rh}" fill="{fill}""#,
                        x0 + rx,
                        y0 + ry
                    );
                    if opacity < 1.0 {
                        let _ = write!(body, r#" fill-opacity="{opacity}""#);
                    }
                    body.push_str("/>\n");
                }
                continue;
            }
            if let Some(Shape::Dots(dots)) = shape(c) {
                for (cx, cy) in dots {
                    let _ = writeln!(
                        body,
                        r#"<circle cx="{:.2}" cy="{:.2}" r="{DOT_RADIUS}" fill="{fill}"/>"#,
                        x0 as f32 + cx,
                        y0 as f32 + cy
                    );
                }
                continue;
            }
            let id = font.glyph_id(c);
            if id == GlyphId(0) {
                let _ = writeln!(
                    body,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{fill}"/>"#,
                    x0 + 1,
                    y0 + 3,
                    CELL_W * usize::from(cell.width) - 2,
                    CELL_H - 6
                );
                continue;
            }
            glyphs.entry(c).or_insert_with(|| outline_path(font, id, sx, sy));
            let w = (CELL_W * usize::from(cell.width)) as f32;
            let left = ((w - scaled.h_advance(id)) / 2.0).max(0.0);
            let bold = if cell.bold { format!(r#" stroke="{fill}" stroke-width="0.6""#) } else { String::new() };
            let _ = writeln!(
                body,
                r##"<use href="#g{:x}" x="{:.2}" y="{}" fill="{fill}"{bold}/>"##,
                c as u32,
                x0 as f32 + left,
                y0 as f32 + painter.baseline()
            );
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    out.push_str("<defs>\n");
    for (c, d) in &glyphs {
        let _ = writeln!(out, r#"<path id="g{:x}" d="{d}"/>"#, *c as u32);
    }
    out.push_str("</defs>\n");
    let _ = writeln!(out, r#"<rect width="{width}" height="{height}" fill="{}"/>"#, hex(background));
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// A glyph's outline as SVG path data, in pixels, origin on the baseline.
fn outline_path(font: &impl Font, id: GlyphId, sx: f32, sy: f32) -> String {
    let Some(outline) = font.outline(id) else { return String::new() };
    let mut d = String::new();
    let mut end: Option<(f32, f32)> = None;
    let p = |q: ab_glyph::Point| (q.x * sx, -q.y * sy);
    for curve in &outline.curves {
        let (start, rest) = match curve {
            OutlineCurve::Line(a, b) => (p(*a), format!("L{:.2} {:.2}", p(*b).0, p(*b).1)),
            OutlineCurve::Quad(a, c, b) => {
                (p(*a), format!("Q{:.2} {:.2} {:.2} {:.2}", p(*c).0, p(*c).1, p(*b).0, p(*b).1))
            }
            OutlineCurve::Cubic(a, c1, c2, b) => (
                p(*a),
                format!(
                    "C{:.2} {:.2} {:.2} {:.2} {:.2} {:.2}",
                    p(*c1).0,
                    p(*c1).1,
                    p(*c2).0,
                    p(*c2).1,
                    p(*b).0,
                    p(*b).1
                ),
            ),
        };
        let last = match curve {
            OutlineCurve::Line(_, b) | OutlineCurve::Quad(_, _, b) | OutlineCurve::Cubic(_, _, _, b) => p(*b),
        };
        if end.is_none_or(|e| (e.0 - start.0).abs() > 1e-3 || (e.1 - start.1).abs() > 1e-3) {
            if end.is_some() {
                d.push('Z');
            }
            let _ = write!(d, "M{:.2} {:.2}", start.0, start.1);
        }
        d.push_str(&rest);
        end = Some(last);
    }
    if end.is_some() {
        d.push('Z');
    }
    d
}
