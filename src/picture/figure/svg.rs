//! A scene as SVG: real vector elements a slide editor can take apart.
//! Lines are `<polyline>`s, discs `<circle>`s, text `<text>` in DejaVu Sans
//! (the figure's own font, with fallbacks), the map an embedded PNG, each
//! layer a `<g>` with an id.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;

use super::scene::{Anchor, Area, Item, Scene, Text};
use super::text::SVG_FAMILIES;
use crate::core::scenario::Rgb;

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A number short enough for a coordinate: two decimals, no trailing zeros.
fn n(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Text made safe inside an XML element: markup escaped, and characters
/// that XML does not allow (most control characters) left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if crate::sanitize::is_unsafe(c) || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

/// The scene as an SVG document.
pub fn svg(scene: &Scene) -> Result<String> {
    let mut clips: BTreeMap<String, (usize, Area)> = BTreeMap::new();
    for item in &scene.items {
        if let Item::Stroke { clip: Some(a), .. } = item {
            let key = format!("{} {} {} {}", n(a.x), n(a.y), n(a.w), n(a.h));
            let next = clips.len();
            clips.entry(key).or_insert((next, *a));
        }
    }
    let (w, h) = (scene.width, scene.height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{SVG_FAMILIES}">"#
    );
    out.push_str("<defs>\n");
    for (id, a) in clips.values() {
        let _ = writeln!(
            out,
            r#"<clipPath id="clip{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
            n(a.x),
            n(a.y),
            n(a.w),
            n(a.h)
        );
    }
    let mut gradients = 0;
    let mut body = String::new();
    for item in &scene.items {
        match item {
            Item::Begin(id) => {
                let _ = writeln!(body, r#"<g id="{id}">"#);
            }
            Item::End => body.push_str("</g>\n"),
            Item::Rect { area, fill } => {
                let _ = writeln!(
                    body,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                    n(area.x),
                    n(area.y),
                    n(area.w),
                    n(area.h),
                    hex(*fill)
                );
            }
            Item::Image { area, image } => {
                let png = crate::picture::png(image)?;
                let _ = writeln!(
                    body,
                    r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="data:image/png;base64,{}"/>"#,
                    n(area.x),
                    n(area.y),
                    n(area.w),
                    n(area.h),
                    base64(&png)
                );
            }
            Item::Gradient { area, stops } => {
                let id = format!("gradient{gradients}");
                gradients += 1;
                let _ = writeln!(out, r#"<linearGradient id="{id}" x1="0" y1="1" x2="0" y2="0">"#);
                for (k, c) in stops.iter().enumerate() {
                    let offset = k as f64 / (stops.len().max(2) - 1) as f64;
                    let _ = writeln!(out, r#"<stop offset="{}" stop-color="{}"/>"#, n(offset), hex(*c));
                }
                out.push_str("</linearGradient>\n");
                let _ = writeln!(
                    body,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{id})"/>"#,
                    n(area.x),
                    n(area.y),
                    n(area.w),
                    n(area.h)
                );
            }
            Item::Stroke { lines, width, color, dash, clip } => {
                let mut attributes = format!(
                    r#"fill="none" stroke="{}" stroke-width="{}" stroke-linecap="round" stroke-linejoin="round""#,
                    hex(*color),
                    n(*width)
                );
                if let Some((on, off)) = dash {
                    let _ = write!(attributes, r#" stroke-dasharray="{} {}""#, n(*on), n(*off));
                }
                if let Some(a) = clip {
                    let key = format!("{} {} {} {}", n(a.x), n(a.y), n(a.w), n(a.h));
                    let _ = write!(attributes, r#" clip-path="url(#clip{})""#, clips[&key].0);
                }
                for line in lines.iter().filter(|l| !l.is_empty()) {
                    let mut points = String::new();
                    for p in line {
                        let _ = write!(points, "{},{} ", n(p.0), n(p.1));
                    }
                    // One point is a dot: a line of no length with round ends.
                    if line.len() == 1 {
                        let _ = write!(points, "{},{}", n(line[0].0), n(line[0].1));
                    }
                    let _ = writeln!(body, r#"<polyline points="{}" {attributes}/>"#, points.trim_end());
                }
            }
            Item::Disc { centre, radius, fill } => {
                let _ = writeln!(
                    body,
                    r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                    n(centre.0),
                    n(centre.1),
                    n(*radius),
                    hex(*fill)
                );
            }
            Item::Polygon { points, fill } => {
                let mut list = String::new();
                for p in points {
                    let _ = write!(list, "{},{} ", n(p.0), n(p.1));
                }
                let _ = writeln!(body, r#"<polygon points="{}" fill="{}"/>"#, list.trim_end(), hex(*fill));
            }
            Item::Text(t) => text(&mut body, t),
        }
    }
    out.push_str("</defs>\n");
    let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="{}"/>"#, hex(scene.background));
    out.push_str(&body);
    out.push_str("</svg>\n");
    Ok(out)
}

fn text(body: &mut String, t: &Text) {
    let anchor = match t.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let _ = write!(
        body,
        r#"<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{anchor}""#,
        n(t.at.0),
        n(t.at.1),
        n(t.size),
        hex(t.color)
    );
    if t.angle != 0.0 {
        let _ = write!(body, r#" transform="rotate({} {} {})""#, n(-t.angle), n(t.at.0), n(t.at.1));
    }
    if let Some((c, r)) = t.halo {
        let _ = write!(
            body,
            r#" stroke="{}" stroke-width="{}" stroke-linejoin="round" paint-order="stroke""#,
            hex(c),
            n(2.0 * r)
        );
    }
    let _ = writeln!(body, ">{}</text>", escape(&t.text));
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(v >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_examples() {
        // RFC 4648, section 10.
        for (plain, coded) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn text_from_a_file_cannot_break_out_of_its_element() {
        assert_eq!(escape("a<b>&\"c'\u{1b}[2J\u{7}"), "a&lt;b&gt;&amp;&quot;c&apos;[2J");
    }
}
