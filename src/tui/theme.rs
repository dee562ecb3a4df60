//! Colours: the landscape's colour map, the optimizers' palette, and what
//! the terminal can show (24-bit, 256 colours, or none with `NO_COLOR`).

use ratatui::style::Color;

use crate::core::scenario::Rgb;

/// How much colour the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// 24-bit colour.
    TrueColor,
    /// The xterm 256-colour palette.
    Indexed,
    /// No colour: characters and bold carry the picture (`NO_COLOR`).
    Mono,
}

impl ColorMode {
    /// What the environment says: `NO_COLOR` set (and not empty) means none;
    /// `COLORTERM=truecolor|24bit` means 24-bit; otherwise 256 colours.
    pub fn detect() -> Self {
        Self::from_env(std::env::var("NO_COLOR").ok().as_deref(), std::env::var("COLORTERM").ok().as_deref())
    }

    /// The mode for these values of `NO_COLOR` and `COLORTERM`.
    pub fn from_env(no_color: Option<&str>, colorterm: Option<&str>) -> Self {
        if no_color.is_some_and(|v| !v.is_empty()) {
            ColorMode::Mono
        } else if colorterm.is_some_and(|v| v.eq_ignore_ascii_case("truecolor") || v.eq_ignore_ascii_case("24bit")) {
            ColorMode::TrueColor
        } else {
            ColorMode::Indexed
        }
    }

    /// A colour as this terminal can show it.
    pub fn color(self, rgb: Rgb) -> Color {
        match self {
            ColorMode::TrueColor => Color::Rgb(rgb.0, rgb.1, rgb.2),
            ColorMode::Indexed => Color::Indexed(nearest_xterm_256(rgb)),
            ColorMode::Mono => Color::Reset,
        }
    }
}

/// Distinct, saturated colours for paths, chosen to stand out from the
/// viridis map (blue-green-yellow): warm and light hues first.
pub const PALETTE: [Rgb; 12] = [
    Rgb(0xff, 0x45, 0x45), // red
    Rgb(0xff, 0xff, 0xff), // white
    Rgb(0xff, 0x9f, 0x1c), // orange
    Rgb(0xff, 0x5c, 0xf0), // magenta
    Rgb(0x4d, 0xf0, 0xff), // cyan
    Rgb(0xff, 0xb3, 0xd9), // pink
    Rgb(0xc0, 0x8c, 0xff), // lavender
    Rgb(0xff, 0xe1, 0x4d), // yellow
    Rgb(0x7d, 0xff, 0x9e), // mint
    Rgb(0xff, 0x80, 0x80), // salmon
    Rgb(0x9e, 0xc5, 0xff), // sky
    Rgb(0xd0, 0xd0, 0xd0), // silver
];

/// The colour-map value at t ∈ [0, 1] (matplotlib's viridis), dimmed a
/// little so that paths drawn over it stand out.
pub fn landscape_color(t: f64) -> Rgb {
    let c = colorous::VIRIDIS.eval_continuous(t.clamp(0.0, 1.0));
    scale(Rgb(c.r, c.g, c.b), MAP_BRIGHTNESS)
}

/// The landscape is drawn at this fraction of the colour map's brightness.
const MAP_BRIGHTNESS: f64 = 0.82;

/// An iso-line over a pixel of colour `c`: darker over light colours,
/// lighter over dark ones, so that lines read across the whole map.
pub fn isoline_color(c: Rgb) -> Rgb {
    if luminance(c) > 0.3 { scale(c, 0.72) } else { mix(c, Rgb(255, 255, 255), 0.16) }
}

/// Relative luminance in [0, 1] (sRGB weights, no gamma).
pub fn luminance(c: Rgb) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

/// c scaled by k.
pub fn scale(c: Rgb, k: f64) -> Rgb {
    let s = |v: u8| (f64::from(v) * k).round().clamp(0.0, 255.0) as u8;
    Rgb(s(c.0), s(c.1), s(c.2))
}

/// (1 − w)·a + w·b.
pub fn mix(a: Rgb, b: Rgb, w: f64) -> Rgb {
    let m = |x: u8, y: u8| (f64::from(x) * (1.0 - w) + f64::from(y) * w).round().clamp(0.0, 255.0) as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The nearest colour of the xterm 256-colour palette (its 6×6×6 cube or
/// its 24 greys).
pub fn nearest_xterm_256(c: Rgb) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest_level =
        |v: u8| -> usize { (0..6).min_by_key(|&i| (i32::from(LEVELS[i]) - i32::from(v)).abs()).expect("six levels") };
    let (r, g, b) = (nearest_level(c.0), nearest_level(c.1), nearest_level(c.2));
    let cube = Rgb(LEVELS[r], LEVELS[g], LEVELS[b]);
    let grey_index = ((u32::from(c.0) + u32::from(c.1) + u32::from(c.2)) / 3).saturating_sub(8) / 10;
    let grey_index = grey_index.min(23) as u8;
    let grey_value = 8 + 10 * grey_index;
    let distance = |a: Rgb| {
        let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
        d(a.0, c.0) + d(a.1, c.1) + d(a.2, c.2)
    };
    if distance(Rgb(grey_value, grey_value, grey_value)) < distance(cube) {
        232 + grey_index
    } else {
        16 + 36 * r as u8 + 6 * g as u8 + b as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_midpoint_is_matplotlibs() {
        // matplotlib's viridis(0.5) is #21918c; colorous interpolates to within one unit.
        let c = colorous::VIRIDIS.eval_continuous(0.5);
        for (got, want) in [(c.r, 0x21), (c.g, 0x91), (c.b, 0x8c)] {
            assert!(got.abs_diff(want) <= 1, "{:?}", (c.r, c.g, c.b));
        }
    }

    #[test]
    fn colour_mode_follows_the_environment() {
        assert_eq!(ColorMode::from_env(Some("1"), Some("truecolor")), ColorMode::Mono);
        assert_eq!(ColorMode::from_env(Some(""), Some("truecolor")), ColorMode::TrueColor);
        assert_eq!(ColorMode::from_env(None, Some("24bit")), ColorMode::TrueColor);
        assert_eq!(ColorMode::from_env(None, None), ColorMode::Indexed);
    }

    #[test]
    fn xterm_palette_mapping_hits_cube_corners_and_greys() {
        assert_eq!(nearest_xterm_256(Rgb(255, 0, 0)), 196);
        assert_eq!(nearest_xterm_256(Rgb(0, 0, 0)), 16);
        assert_eq!(nearest_xterm_256(Rgb(255, 255, 255)), 231);
        // (128, 128, 128) is closer to grey 244 (128) than to the cube's 102/145.
        assert_eq!(nearest_xterm_256(Rgb(128, 128, 128)), 244);
    }
}
