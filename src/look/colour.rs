//! Colours as a terminal and a picture show them alike: the landscape's
//! colour map and its iso-lines, colour arithmetic, the xterm palette (the
//! colour a terminal shows for each colour code), and whether the
//! background is dark or light.

use ratatui::style::Color;

use crate::core::scenario::Rgb;

/// Whether the terminal's background is dark or light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Background {
    /// Light text on a dark background.
    #[default]
    Dark,
    /// Dark text on a light background (as projectors often use).
    Light,
}

impl Background {
    /// What `COLORFGBG` says (`15;0`: light text on black; `0;15`: dark on
    /// white), which rxvt, Konsole and others set; dark when unset.
    pub fn detect() -> Self {
        Self::from_colorfgbg(std::env::var("COLORFGBG").ok().as_deref())
    }

    /// The background a `COLORFGBG` value names.
    pub fn from_colorfgbg(value: Option<&str>) -> Self {
        let background = value.and_then(|v| v.rsplit(';').next()).and_then(|b| b.trim().parse::<u8>().ok());
        // Colours 7 and 9–15 of the 16 are the light ones.
        match background {
            Some(7 | 9..=15) => Background::Light,
            _ => Background::Dark,
        }
    }
}

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
    if luminance(c) > 0.3 { scale(c, 0.72) } else { mix(c, Rgb(255, 255, 255), 0.1) }
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

/// The levels of the xterm cube's channels.
const CUBE_LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The 16 system colours as xterm draws them by default. A terminal may
/// set its own: the 16-colour design assumes only their usual order of
/// lightness (blue darker than cyan, cyan darker than yellow).
pub const ANSI: [Rgb; 16] = [
    Rgb(0x00, 0x00, 0x00),
    Rgb(0xcd, 0x00, 0x00),
    Rgb(0x00, 0xcd, 0x00),
    Rgb(0xcd, 0xcd, 0x00),
    Rgb(0x00, 0x00, 0xee),
    Rgb(0xcd, 0x00, 0xcd),
    Rgb(0x00, 0xcd, 0xcd),
    Rgb(0xe5, 0xe5, 0xe5),
    Rgb(0x7f, 0x7f, 0x7f),
    Rgb(0xff, 0x00, 0x00),
    Rgb(0x00, 0xff, 0x00),
    Rgb(0xff, 0xff, 0x00),
    Rgb(0x5c, 0x5c, 0xff),
    Rgb(0xff, 0x00, 0xff),
    Rgb(0x00, 0xff, 0xff),
    Rgb(0xff, 0xff, 0xff),
];

/// Entry i of the xterm 256-colour palette.
pub fn xterm_rgb(i: u8) -> Rgb {
    match i {
        0..=15 => ANSI[usize::from(i)],
        16..=231 => {
            let k = usize::from(i - 16);
            Rgb(CUBE_LEVELS[k / 36], CUBE_LEVELS[k / 6 % 6], CUBE_LEVELS[k % 6])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            Rgb(v, v, v)
        }
    }
}

/// The colour a terminal shows for `color` (xterm's defaults for the
/// system colours); `None` for its own default.
pub fn resolve(color: Color) -> Option<Rgb> {
    Some(match color {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => Rgb(r, g, b),
        Color::Indexed(i) => xterm_rgb(i),
        Color::Black => ANSI[0],
        Color::Red => ANSI[1],
        Color::Green => ANSI[2],
        Color::Yellow => ANSI[3],
        Color::Blue => ANSI[4],
        Color::Magenta => ANSI[5],
        Color::Cyan => ANSI[6],
        Color::Gray => ANSI[7],
        Color::DarkGray => ANSI[8],
        Color::LightRed => ANSI[9],
        Color::LightGreen => ANSI[10],
        Color::LightYellow => ANSI[11],
        Color::LightBlue => ANSI[12],
        Color::LightMagenta => ANSI[13],
        Color::LightCyan => ANSI[14],
        Color::White => ANSI[15],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xterm_indices_follow_the_cube_and_the_grey_ramp() {
        assert_eq!(xterm_rgb(16), Rgb(0, 0, 0));
        assert_eq!(xterm_rgb(196), Rgb(255, 0, 0));
        assert_eq!(xterm_rgb(67), Rgb(95, 135, 175));
        assert_eq!(xterm_rgb(231), Rgb(255, 255, 255));
        assert_eq!(xterm_rgb(232), Rgb(8, 8, 8));
        assert_eq!(xterm_rgb(244), Rgb(128, 128, 128));
        assert_eq!(resolve(Color::Reset), None);
    }
}
