//! The terminal's palettes and how colours are chosen from them: the
//! xterm 256-colour palette (the 16 system colours at xterm's defaults, the
//! 6×6×6 cube, the grey ramp), distances in OKLab (a perceptual space, where
//! equal distances look about equally different), and the colours designed
//! for 256 and for 16 colours: the landscape's colour ramp and the paths'
//! colours, kept apart from each other.

use std::sync::OnceLock;

use crate::core::scenario::Rgb;

pub use crate::look::colour::{ANSI, resolve, xterm_rgb};

/// A colour in OKLab: lightness `l` (0 black to 1 white) and the two
/// opponent axes `a` (green–red) and `b` (blue–yellow).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lab {
    /// Lightness.
    pub l: f64,
    /// Green (−) to red (+).
    pub a: f64,
    /// Blue (−) to yellow (+).
    pub b: f64,
}

impl Lab {
    /// How colourful it is: 0 for greys.
    pub fn chroma(self) -> f64 {
        self.a.hypot(self.b)
    }

    /// The distance to another colour: about 0.02 is just visible, 0.1
    /// plainly different.
    pub fn distance(self, other: Lab) -> f64 {
        ((self.l - other.l).powi(2) + (self.a - other.a).powi(2) + (self.b - other.b).powi(2)).sqrt()
    }
}

/// An sRGB channel in linear light.
fn linear(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// A colour in OKLab (Björn Ottosson's matrices).
pub fn oklab(c: Rgb) -> Lab {
    let (r, g, b) = (linear(c.0), linear(c.1), linear(c.2));
    let l = (0.412_221_470_8 * r + 0.536_332_536_3 * g + 0.051_445_992_9 * b).cbrt();
    let m = (0.211_903_498_2 * r + 0.680_699_545_1 * g + 0.107_396_956_6 * b).cbrt();
    let s = (0.088_302_461_9 * r + 0.281_718_837_6 * g + 0.629_978_700_5 * b).cbrt();
    Lab {
        l: 0.210_454_255_3 * l + 0.793_617_785_0 * m - 0.004_072_046_8 * s,
        a: 1.977_998_495_1 * l - 2.428_592_205_0 * m + 0.450_593_709_9 * s,
        b: 0.025_904_037_1 * l + 0.782_771_766_2 * m - 0.808_675_766_0 * s,
    }
}

/// An sRGB channel from linear light, clamped to the gamut.
fn encoded(c: f64) -> u8 {
    let c = c.clamp(0.0, 1.0);
    let v = if c <= 0.003_130_8 { 12.92 * c } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 };
    (v * 255.0).round() as u8
}

/// Linear-light sRGB of an OKLab colour, unclamped.
fn linear_of(c: Lab) -> [f64; 3] {
    let l = (c.l + 0.396_337_777_4 * c.a + 0.215_803_757_3 * c.b).powi(3);
    let m = (c.l - 0.105_561_345_8 * c.a - 0.063_854_172_8 * c.b).powi(3);
    let s = (c.l - 0.089_484_177_5 * c.a - 1.291_485_548_0 * c.b).powi(3);
    [
        4.076_741_662_1 * l - 3.307_711_591_3 * m + 0.230_969_929_2 * s,
        -1.268_438_004_6 * l + 2.609_757_401_1 * m - 0.341_319_396_5 * s,
        -0.004_196_086_3 * l - 0.703_418_614_7 * m + 1.707_614_701_0 * s,
    ]
}

/// The sRGB colour of an OKLab colour (the inverse of [`oklab`]), each
/// channel clamped to the gamut.
pub fn from_oklab(c: Lab) -> Rgb {
    let [r, g, b] = linear_of(c);
    Rgb(encoded(r), encoded(g), encoded(b))
}

/// Whether an OKLab colour is an sRGB colour (to rounding).
fn in_gamut(c: Lab) -> bool {
    linear_of(c).iter().all(|v| (-0.001..=1.001).contains(v))
}

/// Below this lightness (OKLab) a mark moved darker is nearly black.
const DARKEST_MARK: f64 = 0.42;

/// `fg` with its lightness moved, if need be, at least `gap` (in OKLab)
/// away from `bg`'s, its hue kept: lighter over a dark background, darker
/// over a light one, on the side it already is where there is room; paler
/// where the full colour does not exist at that lightness. A mark keeps its
/// colour's name over any part of a colour map and still stands out,
/// without changing what is behind it.
pub fn apart_from(fg: Rgb, bg: Rgb, gap: f64) -> Rgb {
    let (f, b) = (oklab(fg), oklab(bg));
    if (f.l - b.l).abs() >= gap {
        return fg;
    }
    // On the side the colour is already on, unless there is no room there,
    // or darker would leave it nearly black, no longer its colour (a faded
    // red path over mid teal read as a black line).
    let (up, down) = (b.l + gap, b.l - gap);
    let l = if (f.l >= b.l || down < DARKEST_MARK) && up <= 1.0 {
        up
    } else if down >= 0.0 {
        down
    } else {
        up
    };
    // Out of the gamut clipped channels would fall short of the lightness
    // and turn the hue: then as much of the colour as fits there.
    let at = |k: f64| Lab { l, a: f.a * k, b: f.b * k };
    if in_gamut(at(1.0)) {
        return from_oklab(at(1.0));
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..16 {
        let k = (lo + hi) / 2.0;
        if in_gamut(at(k)) { lo = k } else { hi = k }
    }
    from_oklab(at(lo))
}

/// The perceptual distance between two colours (see [`Lab::distance`]).
pub fn distance(a: Rgb, b: Rgb) -> f64 {
    oklab(a).distance(oklab(b))
}

/// Relative luminance as WCAG defines it, in linear light: 0 black, 1 white.
pub fn relative_luminance(c: Rgb) -> f64 {
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

/// WCAG's contrast ratio between two colours: 1 (none) to 21 (black on white).
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Below this chroma a colour counts as grey: it may be drawn with a grey
/// of the palette. Above it, never.
pub const GREY_CHROMA: f64 = 0.03;

/// Whether palette entry i is a grey (the grey ramp, the cube's diagonal,
/// black, white and the two system greys).
pub fn is_grey(i: u8) -> bool {
    oklab(xterm_rgb(i)).chroma() < GREY_CHROMA
}

/// Every palette entry in OKLab, computed once.
fn palette_lab() -> &'static [Lab; 256] {
    static LAB: OnceLock<[Lab; 256]> = OnceLock::new();
    LAB.get_or_init(|| std::array::from_fn(|i| oklab(xterm_rgb(i as u8))))
}

/// The entry of `candidates` nearest to `c` in OKLab, lightness weighing
/// `lightness` as much as it does in the space itself.
fn nearest_weighted(c: Rgb, candidates: impl Iterator<Item = u8>, lightness: f64) -> Option<u8> {
    let lab = oklab(c);
    let table = palette_lab();
    let d = |i: u8| {
        let e = table[usize::from(i)];
        (lightness * (lab.l - e.l)).powi(2) + (lab.a - e.a).powi(2) + (lab.b - e.b).powi(2)
    };
    candidates.min_by(|&x, &y| d(x).total_cmp(&d(y)))
}

/// The entry of `candidates` nearest to `c` in OKLab.
fn nearest_of(c: Rgb, candidates: impl Iterator<Item = u8>) -> Option<u8> {
    nearest_weighted(c, candidates, 1.0)
}

/// Over the map a colour keeps its hue before its lightness: where the
/// lightness it has is the map's own (a blue path dimmed as it fades, among
/// the map's blues), it is drawn lighter or darker rather than in another hue.
const OVER_MAP_LIGHTNESS: f64 = 0.4;

/// The nearest colour of the xterm palette above its 16 system colours
/// (whose colours the terminal may have changed), by distance in OKLab. A
/// colour that is not itself grey never maps to a grey, which would read
/// as "no data".
pub fn nearest_xterm_256(c: Rgb) -> u8 {
    let grey = oklab(c).chroma() < GREY_CHROMA;
    nearest_of(c, (16..=255).filter(|&i| grey || !is_grey(i))).expect("the palette is not empty")
}

/// A faint version of colour `c` over background `bg` in the palette: `c`
/// mixed a share `w` toward `bg`, drawn in the nearest entry that is not
/// grey. Mixed toward a dark background a colour loses its chroma, and the
/// nearest entry was a grey: 09's faint raw losses, a grey cloud under the
/// coloured means.
pub fn faint_256(c: Rgb, bg: Rgb, w: f64) -> u8 {
    let target = crate::look::colour::mix(c, bg, w);
    nearest_of(target, (16..=255).filter(|&i| !is_grey(i))).expect("the palette has colours")
}

/// The nearest of the 16 system colours (at xterm's defaults); a colour that
/// is not grey never maps to black, white or a grey.
pub fn nearest_ansi_16(c: Rgb) -> u8 {
    let grey = oklab(c).chroma() < GREY_CHROMA;
    nearest_of(c, (0..16).filter(|&i| grey || !is_grey(i))).expect("the palette is not empty")
}

/// The landscape's colour ramp in 256 colours, one entry per contour band
/// (lowest first): the cube colours chosen, by least squared OKLab distance,
/// to follow viridis at the bands' centres with lightness rising at every
/// step and hue turning one way (purple, blue, teal, green, yellow). No
/// entry is grey. Matching each pixel to its nearest cube colour instead
/// gives about eight bands, out of order, and greys on the valley floors.
pub const RAMP_256: [u8; 14] = [53, 54, 55, 24, 25, 31, 32, 36, 72, 42, 113, 149, 184, 220];

/// One band of the 16-colour ramp: a background colour, and over it a
/// shading character in the next colour of the ramp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shade {
    /// The cell's background (a system colour).
    pub bg: u8,
    /// The shading character's colour.
    pub fg: u8,
    /// `' '`, or `░`, `▒`, `▓` covering a quarter, half or three quarters.
    pub glyph: char,
}

impl Shade {
    /// The share of the cell its glyph covers.
    pub fn coverage(self) -> f64 {
        match self.glyph {
            '░' => 0.25,
            '▒' => 0.5,
            '▓' => 0.75,
            _ => 0.0,
        }
    }

    /// The colour the cell shows from a distance, at xterm's defaults: the
    /// two colours mixed as light mixes (in linear light).
    pub fn apparent(self) -> Rgb {
        let (a, b, w) = (ANSI[usize::from(self.bg)], ANSI[usize::from(self.fg)], self.coverage());
        let m = |x: u8, y: u8| {
            let v = linear(x) * (1.0 - w) + linear(y) * w;
            let s = if v <= 0.003_130_8 { 12.92 * v } else { 1.055 * v.powf(1.0 / 2.4) - 0.055 };
            (s * 255.0).round().clamp(0.0, 255.0) as u8
        };
        Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
    }

    /// The system colour that covers most of the cell.
    pub fn dominant(self) -> u8 {
        if self.coverage() > 0.5 { self.fg } else { self.bg }
    }
}

const fn shade(bg: u8, fg: u8, glyph: char) -> Shade {
    Shade { bg, fg, glyph }
}

/// The landscape's colour ramp in 16 colours, one entry per contour band:
/// blue, cyan, yellow and bright yellow (the system colours whose lightness
/// rises in that order in nearly every terminal's scheme, and whose hues
/// run as viridis does), with shading characters for the steps between;
/// the lowest bands are blue shading over black.
pub const RAMP_16: [Shade; 14] = [
    shade(0, 4, '░'),
    shade(0, 4, '▒'),
    shade(0, 4, '▓'),
    shade(4, 4, ' '),
    shade(4, 6, '░'),
    shade(4, 6, '▒'),
    shade(4, 6, '▓'),
    shade(6, 6, ' '),
    shade(6, 3, '░'),
    shade(6, 3, '▒'),
    shade(6, 3, '▓'),
    shade(3, 3, ' '),
    shade(3, 11, '▒'),
    shade(11, 11, ' '),
];

/// The system colours the 16-colour ramp is made of (cells' backgrounds).
pub const RAMP_16_COLORS: [u8; 5] = [0, 4, 6, 3, 11];

/// How far (in OKLab) a path's colour stays from every colour of the map in
/// 256 colours.
pub const PATH_CLEARANCE_256: f64 = 0.12;
/// The same in 16 colours, from every colour a map cell's background takes.
pub const PATH_CLEARANCE_16: f64 = 0.13;

/// The paths' colours in 256 colours, one for each colour of
/// [`super::PALETTE`]: the nearest to it that keeps [`PATH_CLEARANCE_256`]
/// from the ramp, its own where possible (green and yellow, which the map
/// itself is made of, become bright green and pale yellow).
pub const PATHS_256: [u8; 12] = [203, 45, 207, 208, 46, 229, 141, 211, 173, 116, 138, 147];

/// The same in 16 colours: red, bright cyan, bright magenta, dark red,
/// bright green, white, bright blue, magenta; then repeats (numbers beside
/// the heads tell those apart).
pub const PATHS_16: [u8; 12] = [9, 14, 13, 1, 10, 15, 12, 5, 9, 14, 8, 12];

/// Whether palette entry i stays clear of the map's colours in 256 colours.
fn clear_of_ramp_256(i: u8) -> bool {
    let table = palette_lab();
    RAMP_256.iter().all(|&r| table[usize::from(i)].distance(table[usize::from(r)]) >= PATH_CLEARANCE_256)
}

/// Whether system colour i stays clear of the map's colours in 16 colours.
fn clear_of_ramp_16(i: u8) -> bool {
    let table = palette_lab();
    RAMP_16_COLORS.iter().all(|&r| table[usize::from(i)].distance(table[usize::from(r)]) >= PATH_CLEARANCE_16)
}

/// A colour that is drawn over the map (a path, a head, text), in 256
/// colours: a colour of [`super::PALETTE`] its designed colour, any other
/// colour the nearest that stays clear of the map's colours (greys the
/// nearest grey or colour).
pub fn over_map_256(c: Rgb) -> u8 {
    if let Some(k) = super::PALETTE.iter().position(|&p| p == c) {
        return PATHS_256[k];
    }
    let grey = oklab(c).chroma() < GREY_CHROMA;
    if grey {
        return nearest_xterm_256(c);
    }
    nearest_weighted(c, (16..=255).filter(|&i| !is_grey(i) && clear_of_ramp_256(i)), OVER_MAP_LIGHTNESS)
        .unwrap_or_else(|| nearest_xterm_256(c))
}

/// How far apart (in OKLab) a path's dots are kept from the band of the map
/// behind them in 256 colours.
pub const MARK_DISTANCE_256: f64 = 0.27;
/// A path whose colour differs this much (in OKLab's a, b) from a band's
/// stands out over it by its hue alone.
pub const MARK_HUE_APART_256: f64 = 0.15;

/// A path's palette entry `fg` as drawn over the map's band entry `bg` in
/// 256 colours: itself where it stands apart from the band (by hue or by
/// lightness), else the entry nearest to it whose lightness is moved far
/// enough, lighter or darker as keeps more of its hue: cyan over
/// the blue bands, which it is clear of by lightness alone and sank into,
/// becomes a light cyan; red over green keeps its red.
pub fn over_band_256(fg: u8, bg: u8) -> u8 {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    static OTHERS: OnceLock<std::sync::Mutex<std::collections::HashMap<(u8, u8), u8>>> = OnceLock::new();
    let Some(band) = RAMP_256.iter().position(|&r| r == bg) else {
        // Any other background (a basin's tint): computed once a pair.
        let others = OTHERS.get_or_init(Default::default);
        let mut others = others.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        return *others.entry((fg, bg)).or_insert_with(|| apart_256(fg, bg));
    };
    let table = TABLE.get_or_init(|| (0..=255u8).flat_map(|f| RAMP_256.map(|b| apart_256(f, b))).collect());
    table[usize::from(fg) * RAMP_256.len() + band]
}

/// Two colours whose hues lie closer than this (in degrees of OKLab hue)
/// are of one hue: cyan and the map's blues, magenta and its purples.
pub const SAME_HUE_DEGREES: f64 = 60.0;

/// How much lighter or darker (in OKLab) a mark is drawn than a band of
/// its own hue in 256 colours: there its hue does not set it apart, and a
/// path of thin dots 0.3 lighter than the band still read as part of the
/// map (cyan on the blue bands, magenta on the purple valley floor).
pub const SAME_HUE_LIGHTNESS_256: f64 = 0.4;

/// Whether two colours are of one hue (see [`SAME_HUE_DEGREES`]); a grey
/// has no hue.
pub fn same_hue(x: Lab, y: Lab) -> bool {
    if x.chroma() < GREY_CHROMA || y.chroma() < GREY_CHROMA {
        return false;
    }
    let turn = (x.b.atan2(x.a) - y.b.atan2(y.a)).abs().to_degrees();
    turn.min(360.0 - turn) < SAME_HUE_DEGREES
}

/// Whether a mark of colour `f` stands out over a band of colour `b` in
/// 256 colours: over a band of its own hue by lightness alone (see
/// [`SAME_HUE_LIGHTNESS_256`]), over another by distance or by hue.
pub fn stands_apart_256(f: Lab, b: Lab) -> bool {
    if f.chroma() < GREY_CHROMA {
        return true;
    }
    if same_hue(f, b) {
        return (f.l - b.l).abs() >= SAME_HUE_LIGHTNESS_256;
    }
    let ab = ((f.a - b.a).powi(2) + (f.b - b.b).powi(2)).sqrt();
    f.distance(b) >= MARK_DISTANCE_256 || ab >= MARK_HUE_APART_256
}

/// [`over_band_256`] computed.
fn apart_256(f: u8, b: u8) -> u8 {
    let lab = palette_lab();
    let (fl, bl) = (lab[usize::from(f)], lab[usize::from(b)]);
    if stands_apart_256(fl, bl) {
        return f;
    }
    let ab = ((fl.a - bl.a).powi(2) + (fl.b - bl.b).powi(2)).sqrt();
    // Lighter or darker, whichever keeps more of its hue (a
    // light cyan over a light green has no room but pastel).
    let hue_loss = |i: u8| {
        let e = lab[usize::from(i)];
        (e.a - fl.a).powi(2) + (e.b - fl.b).powi(2)
    };
    // Over a band of its own hue the mark is moved in lightness by the
    // whole gap, to an entry of its own hue: one of a neighbouring hue as
    // light as the band (a light blue for cyan over the blues) is still a
    // mark the band swallows.
    let search = |own: bool| {
        let lift = if own { SAME_HUE_LIGHTNESS_256 } else { (MARK_DISTANCE_256.powi(2) - ab.powi(2)).max(0.0).sqrt() };
        [1.0, -1.0]
            .into_iter()
            .filter_map(|side: f64| {
                let want = from_oklab(Lab { l: (bl.l + side * lift).clamp(0.0, 1.0), ..fl });
                let apart = |i: &u8| {
                    let e = lab[usize::from(*i)];
                    let gap = if own {
                        side * (e.l - bl.l) >= SAME_HUE_LIGHTNESS_256 && same_hue(e, fl)
                    } else {
                        e.distance(bl) >= MARK_DISTANCE_256 - 0.02
                    };
                    gap && side * (e.l - bl.l) > 0.0
                };
                nearest_weighted(want, (16..=255).filter(|&i| !is_grey(i)).filter(apart), 0.5)
            })
            .min_by(|&x, &y| hue_loss(x).total_cmp(&hue_loss(y)))
    };
    if !same_hue(fl, bl) {
        return search(false).unwrap_or(f);
    }
    // Where no entry of its hue is the whole gap away (cyan over the mid
    // blues), the one of its hue farthest in lightness on the side it is
    // on (lighter for cyan), or on the other where that is nearer than
    // the distance marks keep over other bands.
    let farthest_on = |side: f64| {
        (16..=255u8)
            .filter(|&i| !is_grey(i) && same_hue(lab[usize::from(i)], fl))
            .max_by(|&x, &y| {
                let d = |i: u8| side * (lab[usize::from(i)].l - bl.l);
                d(x).total_cmp(&d(y))
            })
            .filter(|&i| side * (lab[usize::from(i)].l - bl.l) > (fl.l - bl.l).abs())
    };
    let side = if fl.l >= bl.l { 1.0 } else { -1.0 };
    let farthest = || {
        farthest_on(side)
            .filter(|&i| (lab[usize::from(i)].l - bl.l).abs() >= MARK_DISTANCE_256)
            .or_else(|| farthest_on(-side))
            .or_else(|| farthest_on(side))
    };
    search(true).or_else(farthest).unwrap_or(f)
}

/// The same in 16 colours.
pub fn over_map_16(c: Rgb) -> u8 {
    if let Some(k) = super::PALETTE.iter().position(|&p| p == c) {
        return PATHS_16[k];
    }
    let grey = oklab(c).chroma() < GREY_CHROMA;
    if grey {
        return nearest_ansi_16(c);
    }
    nearest_weighted(c, (0..16).filter(|&i| !is_grey(i) && clear_of_ramp_16(i)), OVER_MAP_LIGHTNESS)
        .unwrap_or_else(|| nearest_ansi_16(c))
}

#[cfg(test)]
mod tests {
    use super::super::{PALETTE, landscape_color};
    use super::*;

    #[test]
    fn oklab_matches_its_reference_values() {
        // Ottosson's published values: white (1, 0, 0), and sRGB red
        // (0.62796, 0.22486, 0.12585).
        let white = oklab(Rgb(255, 255, 255));
        assert!((white.l - 1.0).abs() < 1e-3 && white.a.abs() < 1e-3 && white.b.abs() < 1e-3, "{white:?}");
        let red = oklab(Rgb(255, 0, 0));
        for (got, want) in [(red.l, 0.62796), (red.a, 0.22486), (red.b, 0.12585)] {
            assert!((got - want).abs() < 1e-3, "{red:?}");
        }
    }

    #[test]
    fn from_oklab_inverts_oklab() {
        for c in
            [Rgb(0, 0, 0), Rgb(255, 255, 255), Rgb(255, 0, 0), Rgb(30, 144, 200), Rgb(68, 1, 84), Rgb(253, 231, 37)]
        {
            let back = from_oklab(oklab(c));
            let off = |x: u8, y: u8| x.abs_diff(y);
            assert!(off(back.0, c.0) <= 1 && off(back.1, c.1) <= 1 && off(back.2, c.2) <= 1, "{c:?} -> {back:?}");
        }
    }

    #[test]
    fn a_mark_is_moved_apart_in_lightness_only_when_too_close_and_keeps_its_hue() {
        // Far enough already: unchanged.
        let (white, navy) = (Rgb(255, 255, 255), Rgb(20, 20, 80));
        assert_eq!(apart_from(white, navy, 0.25), white);
        // Cyan over a teal of nearly its lightness: made lighter (it is the
        // lighter of the two), by the gap, with its hue within a few degrees.
        let (cyan, teal) = (Rgb(80, 200, 220), Rgb(40, 160, 150));
        let moved = apart_from(cyan, teal, 0.25);
        let (m, t, c) = (oklab(moved), oklab(teal), oklab(cyan));
        assert!(m.l - t.l >= 0.24, "{m:?} over {t:?}");
        let hue = |x: Lab| x.b.atan2(x.a);
        assert!((hue(m) - hue(c)).abs() < 0.35, "hue {} became {}", hue(c), hue(m));
        // Over a light yellow there is no room above: it goes darker.
        let yellow = Rgb(240, 230, 60);
        let on_yellow = apart_from(Rgb(250, 240, 120), yellow, 0.25);
        assert!(oklab(yellow).l - oklab(on_yellow).l >= 0.24, "{on_yellow:?}");
    }

    #[test]
    fn over_every_band_a_paths_256_colour_stands_apart_and_keeps_its_hue() {
        let hue = |x: Lab| x.b.atan2(x.a);
        for &p in &PATHS_256 {
            for &band in &RAMP_256 {
                let got = over_band_256(p, band);
                let (g, b, f) = (oklab(xterm_rgb(got)), oklab(xterm_rgb(band)), oklab(xterm_rgb(p)));
                let gab = ((g.a - b.a).powi(2) + (g.b - b.b).powi(2)).sqrt();
                assert!(
                    g.distance(b) >= MARK_DISTANCE_256 - 0.02 || gab >= MARK_HUE_APART_256,
                    "{p} over {band}: {got}"
                );
                // Over a band of its own hue it may turn as far as a hue
                // counts as its own (cyan to navy over the teals, the
                // lightest of its hue being too near them).
                let most = if same_hue(f, b) { SAME_HUE_DEGREES.to_radians() } else { 0.6 };
                let turn = (hue(g) - hue(f)).abs();
                assert!(turn.min(std::f64::consts::TAU - turn) < most, "{p} over {band}: {got} turns {turn}");
                if stands_apart_256(f, b) {
                    assert_eq!(got, p, "kept where it stands apart already");
                }
            }
        }
        // Cyan (45) over the ramp's blue (31): a lighter cyan.
        let got = over_band_256(45, 31);
        assert!(got != 45 && oklab(xterm_rgb(got)).l > oklab(xterm_rgb(45)).l, "{got}");
    }

    #[test]
    fn over_a_band_of_its_own_hue_a_path_is_drawn_far_lighter_or_darker() {
        // Cyan (45, #00d7ff) over the map's blue (32, #0087d7), 28° of hue
        // apart, drew a light cyan only 0.34 lighter, and magenta (207,
        // #ff5fff) over the purple valley floor (54, #5f0087), 17° apart,
        // stayed itself 0.38 lighter: thin dots of the band's own hue that
        // read as the map. Each is now drawn in its own hue (within 60°),
        // at least SAME_HUE_LIGHTNESS_256 lighter or darker where the
        // palette has such an entry, else the farthest of its hue.
        let hue = |x: Lab| x.b.atan2(x.a).to_degrees();
        for (path, band) in [(45u8, 32u8), (45, 31), (207, 54), (207, 55)] {
            let (f, b) = (oklab(xterm_rgb(path)), oklab(xterm_rgb(band)));
            assert!(same_hue(f, b), "{path} and {band} are of one hue");
            let got = oklab(xterm_rgb(over_band_256(path, band)));
            let turn = (hue(got) - hue(f)).abs();
            assert!(turn.min(360.0 - turn) < SAME_HUE_DEGREES, "{path} over {band}: turned {turn}°");
            // The gap, or the most its hue has: its lightest entry of that
            // hue on the side it is on, lighter here.
            let lightest = (16..=255u8)
                .filter(|&i| !is_grey(i) && same_hue(oklab(xterm_rgb(i)), f))
                .map(|i| oklab(xterm_rgb(i)).l)
                .fold(0.0, f64::max);
            let want = SAME_HUE_LIGHTNESS_256.min(lightest - b.l);
            assert!(got.l - b.l >= want - 1e-9, "{path} over {band}: {} lighter, want {want}", got.l - b.l);
            assert!(got.l - b.l >= 0.35, "{path} over {band}: {} lighter", got.l - b.l);
        }
    }

    #[test]
    fn a_dark_mark_over_a_mid_colour_goes_lighter_rather_than_nearly_black() {
        // A faded red (70%) over viridis's mid teal: darker by the gap would
        // be below L 0.42, nearly black; lighter keeps it a red.
        let (faded, teal) = (Rgb(178, 60, 60), Rgb(33, 145, 140));
        assert!(oklab(faded).l < oklab(teal).l && oklab(teal).l - 0.22 < DARKEST_MARK);
        let moved = apart_from(faded, teal, 0.22);
        assert!(oklab(moved).l >= oklab(teal).l + 0.21, "{moved:?}");
        assert!(moved.0 > moved.1 && moved.0 > moved.2, "still red: {moved:?}");
    }

    #[test]
    fn every_path_colour_clears_every_grey_and_map_colour_by_the_gap_in_its_own_hue() {
        // Where the lighter colour is out of the gamut (a light red) it is
        // made paler rather than clipped short of the gap.
        let hue = |x: Lab| x.b.atan2(x.a);
        for &fg in super::super::PALETTE.iter() {
            for v in (0..=255).step_by(15) {
                for bg in [Rgb(v, v, v), Rgb(v / 3, v, v / 2), Rgb(v, v / 2, v / 4), Rgb(68, 1, 84), Rgb(253, 231, 37)]
                {
                    let moved = apart_from(fg, bg, 0.22);
                    let (m, f) = (oklab(moved), oklab(fg));
                    assert!((m.l - oklab(bg).l).abs() >= 0.21, "{fg:?} over {bg:?} gave {moved:?}");
                    if m.chroma() > 0.03 {
                        let turn = (hue(m) - hue(f)).abs();
                        assert!(turn.min(std::f64::consts::TAU - turn) < 0.3, "{fg:?} over {bg:?} gave {moved:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_256_ramp_rises_in_lightness_at_every_step_and_has_no_grey() {
        let mut previous: Option<Lab> = None;
        for (band, &i) in RAMP_256.iter().enumerate() {
            let lab = oklab(xterm_rgb(i));
            assert!((16..232).contains(&i), "band {band}: {i} is not a cube colour");
            assert!(lab.chroma() > 0.08, "band {band}: colour {i} is nearly grey ({lab:?})");
            if let Some(p) = previous {
                assert!(lab.l - p.l >= 0.02, "band {band}: lightness {} after {}", lab.l, p.l);
                assert!(lab.distance(p) >= 0.04, "band {band}: colour {i} too close to the one before");
            }
            previous = Some(lab);
        }
    }

    #[test]
    fn the_256_ramp_follows_viridis() {
        // Each band's colour lies near viridis at the band's centre, and
        // nearer to it than to viridis at any band three or more away.
        let n = RAMP_256.len();
        for (band, &i) in RAMP_256.iter().enumerate() {
            let lab = oklab(xterm_rgb(i));
            let at = |b: usize| {
                let c = colorous::VIRIDIS.eval_continuous((b as f64 + 0.5) / n as f64);
                oklab(Rgb(c.r, c.g, c.b))
            };
            let own = lab.distance(at(band));
            assert!(own < 0.12, "band {band}: colour {i} is {own:.3} from viridis");
            for far in (0..n).filter(|&b| b.abs_diff(band) >= 3) {
                assert!(own < lab.distance(at(far)), "band {band}: colour {i} looks like band {far}");
            }
        }
    }

    #[test]
    fn the_16_colour_ramp_rises_in_lightness_at_every_step() {
        let mut previous: Option<Lab> = None;
        for (band, s) in RAMP_16.iter().enumerate() {
            let lab = oklab(s.apparent());
            if let Some(p) = previous {
                // Between cyan and yellow lightness climbs slowly; the hue turns.
                assert!(lab.l > p.l, "band {band}: apparent lightness {} after {}", lab.l, p.l);
                assert!(lab.distance(p) >= 0.04, "band {band}: {:?} too close to the band before", s);
            }
            previous = Some(lab);
            assert!(RAMP_16_COLORS.contains(&s.bg) && RAMP_16_COLORS.contains(&s.fg), "band {band}");
        }
        // Distinct cells for every band.
        let cells: std::collections::HashSet<_> = RAMP_16.iter().map(|s| (s.bg, s.fg, s.glyph)).collect();
        assert_eq!(cells.len(), RAMP_16.len());
    }

    #[test]
    fn path_colours_stay_apart_from_the_map_in_256_colours() {
        for (k, &i) in PATHS_256.iter().enumerate() {
            for &r in &RAMP_256 {
                let d = distance(xterm_rgb(i), xterm_rgb(r));
                assert!(d >= PATH_CLEARANCE_256, "path {k} ({i}) is {d:.3} from map colour {r}");
            }
            // It keeps its colour's identity...
            let own = distance(xterm_rgb(i), PALETTE[k]);
            assert!(own < 0.17, "path {k}: {i} is {own:.3} from its 24-bit colour");
            // ...and reads on a dark and on a light background.
            let y = relative_luminance(xterm_rgb(i));
            assert!(contrast_ratio(xterm_rgb(i), Rgb(0x16, 0x16, 0x1c)) >= 3.0, "path {k} ({i}) on dark: {y}");
            assert!(!is_grey(i), "path {k} ({i}) is grey");
        }
        // Every path its own colour.
        for (a, &x) in PATHS_256.iter().enumerate() {
            for (b, &y) in PATHS_256.iter().enumerate().skip(a + 1) {
                let d = distance(xterm_rgb(x), xterm_rgb(y));
                assert!(d >= 0.05, "paths {a} ({x}) and {b} ({y}) are {d:.3} apart");
            }
        }
    }

    #[test]
    fn path_colours_stay_apart_from_the_map_in_16_colours() {
        for (k, &i) in PATHS_16.iter().enumerate() {
            for &r in &RAMP_16_COLORS {
                let d = distance(ANSI[usize::from(i)], ANSI[usize::from(r)]);
                assert!(d >= PATH_CLEARANCE_16, "path {k} ({i}) is {d:.3} from map colour {r}");
            }
        }
        // The first eight (more than any lesson has) are each their own colour.
        let first: std::collections::HashSet<u8> = PATHS_16[..8].iter().copied().collect();
        assert_eq!(first.len(), 8);
    }

    #[test]
    fn the_first_three_paths_differ_in_hue_in_every_colour_depth() {
        // Most lessons compare three runs, and their paths meet: red beside
        // orange read as one warm line. Each pair of the first three is at
        // least 50 degrees of OKLab hue apart, in 24-bit, 256 and 16 colours.
        fn hue(c: Rgb) -> f64 {
            let lab = oklab(c);
            lab.b.atan2(lab.a).to_degrees()
        }
        let depths: [(&str, [Rgb; 3]); 3] = [
            ("24-bit", [PALETTE[0], PALETTE[1], PALETTE[2]]),
            ("256", [xterm_rgb(PATHS_256[0]), xterm_rgb(PATHS_256[1]), xterm_rgb(PATHS_256[2])]),
            ("16", [ANSI[usize::from(PATHS_16[0])], ANSI[usize::from(PATHS_16[1])], ANSI[usize::from(PATHS_16[2])]]),
        ];
        for (depth, colours) in depths {
            for a in 0..3 {
                for b in a + 1..3 {
                    let d = (hue(colours[a]) - hue(colours[b])).rem_euclid(360.0);
                    let apart = d.min(360.0 - d);
                    assert!(apart >= 50.0, "{depth}: paths {a} and {b} are {apart:.0} degrees apart");
                }
            }
        }
    }

    #[test]
    fn path_colours_stay_apart_from_the_map_in_24_bit() {
        // The 24-bit map is continuous: each path colour keeps at least
        // this far from every colour it takes.
        for (k, &c) in PALETTE.iter().enumerate() {
            let nearest =
                (0..=200).map(|j| distance(c, landscape_color(f64::from(j) / 200.0))).fold(f64::INFINITY, f64::min);
            assert!(nearest >= 0.07, "path {k} {c:?} is {nearest:.3} from the map");
        }
    }

    #[test]
    fn other_colours_over_the_map_keep_clear_of_it() {
        // A colour a scenario sets, or a path's colour mixed toward the
        // background as it fades, stays clear of the map in 256 and 16 colours.
        for c in [Rgb(0x20, 0x90, 0xa0), Rgb(0x60, 0x60, 0xc0), Rgb(0xe0, 0xe0, 0x40), Rgb(0x30, 0x80, 0x30)] {
            let i = over_map_256(c);
            for &r in &RAMP_256 {
                assert!(distance(xterm_rgb(i), xterm_rgb(r)) >= PATH_CLEARANCE_256, "{c:?} → {i} near {r}");
            }
            let j = over_map_16(c);
            for &r in &RAMP_16_COLORS {
                assert!(distance(ANSI[usize::from(j)], ANSI[usize::from(r)]) >= PATH_CLEARANCE_16, "{c:?} → {j}");
            }
        }
        // Greys stay grey.
        assert!(is_grey(over_map_256(Rgb(0x90, 0x90, 0x98))));
    }

    #[test]
    fn nearest_colours_are_found_in_oklab_and_colours_never_turn_grey() {
        assert_eq!(nearest_xterm_256(Rgb(255, 0, 0)), 196);
        assert_eq!(nearest_xterm_256(Rgb(255, 255, 255)), 231);
        assert_eq!(nearest_xterm_256(Rgb(128, 128, 128)), 244);
        assert_eq!(nearest_ansi_16(Rgb(250, 10, 10)), 9);
        for k in 0..=100 {
            let c = landscape_color(f64::from(k) / 100.0);
            let i = nearest_xterm_256(c);
            assert!(!is_grey(i), "viridis({k}%) = {c:?} maps to grey {i}");
            assert!(!is_grey(nearest_ansi_16(c)), "viridis({k}%) = {c:?} maps to a grey of the 16");
        }
    }
}
