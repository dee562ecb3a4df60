//! Colours and styles: the landscape's colour map, the optimizers' palette,
//! what the terminal can show (24-bit, 256 colours, or none with
//! `NO_COLOR`), and every named style the views draw with. Views ask the
//! theme for a style by what it means (`dim`, `danger`, `path(i)`), never
//! for a colour of their own.

use ratatui::style::{Color, Modifier, Style};

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
/// viridis map (blue-green-yellow) and to read on dark and light terminal
/// backgrounds alike: no white, no pale tints.
pub const PALETTE: [Rgb; 12] = [
    Rgb(0xff, 0x45, 0x45), // red
    Rgb(0x40, 0xc8, 0xff), // sky blue
    Rgb(0xff, 0x9f, 0x1c), // orange
    Rgb(0xff, 0x5c, 0xf0), // magenta
    Rgb(0x5c, 0xe6, 0x7a), // green
    Rgb(0xff, 0x8f, 0xb8), // pink
    Rgb(0xb0, 0x80, 0xff), // lavender
    Rgb(0xf0, 0xd0, 0x30), // yellow
    Rgb(0xe0, 0x70, 0x60), // salmon
    Rgb(0x30, 0xe0, 0xe0), // cyan
    Rgb(0xc0, 0xa0, 0x70), // sand
    Rgb(0xa0, 0xa0, 0xff), // periwinkle
];

/// Text that carries little weight: axes, borders, headers.
const DIM: Rgb = Rgb(0x90, 0x90, 0x98);
/// Secondary text: hints, formulas.
const MUTED: Rgb = Rgb(0xa0, 0xa0, 0xb0);
/// The status bar's messages.
const NOTICE: Rgb = Rgb(0xff, 0xe1, 0x4d);
/// Runs that blow up, limits that are passed.
const DANGER: Rgb = Rgb(0xff, 0x55, 0x55);
/// Background of the selected panel row and of the status bar.
const SELECTED_BG: Rgb = Rgb(0x30, 0x30, 0x40);
const BAR_BG: Rgb = Rgb(0x26, 0x26, 0x32);
/// Foreground over those backgrounds: set with them, never left to the terminal.
const BAR_FG: Rgb = Rgb(0xe8, 0xe8, 0xf0);
/// Markers that belong to no optimizer (minima, starts) and the −∇f arrow.
const MARK: Rgb = Rgb(0xff, 0xff, 0xff);
/// The arrow of what an optimizer remembers (momentum buffer, Adam's m̂).
const MEMORY: Rgb = Rgb(0xb8, 0xc8, 0xd8);
/// The 1-D curve and the lines that are not an optimizer's.
const NEUTRAL: Rgb = Rgb(0x78, 0x78, 0x8c);
/// Behind a 1-D curve.
const CURVE_BG: Rgb = Rgb(0x14, 0x14, 0x1c);

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

/// The colours that differ between dark and light backgrounds.
struct Shades {
    dim: Rgb,
    muted: Rgb,
    notice: Rgb,
    danger: Rgb,
    selected_bg: Rgb,
    bar_bg: Rgb,
    bar_fg: Rgb,
    curve_bg: Rgb,
    neutral: Rgb,
    /// Marks and the gradient over the 1-D curve's background.
    ink: Rgb,
}

const DARK: Shades = Shades {
    dim: DIM,
    muted: MUTED,
    notice: NOTICE,
    danger: DANGER,
    selected_bg: SELECTED_BG,
    bar_bg: BAR_BG,
    bar_fg: BAR_FG,
    curve_bg: CURVE_BG,
    neutral: NEUTRAL,
    ink: MARK,
};

const LIGHT: Shades = Shades {
    dim: Rgb(0x5c, 0x5c, 0x66),
    muted: Rgb(0x50, 0x50, 0x60),
    notice: Rgb(0x9a, 0x5a, 0x00),
    danger: Rgb(0xc8, 0x10, 0x10),
    selected_bg: Rgb(0xd8, 0xd8, 0xe8),
    bar_bg: Rgb(0xe4, 0xe4, 0xec),
    bar_fg: Rgb(0x18, 0x18, 0x20),
    curve_bg: Rgb(0xf6, 0xf6, 0xfa),
    neutral: Rgb(0x80, 0x80, 0x90),
    ink: Rgb(0x10, 0x10, 0x18),
};

/// Everything the views draw with, for one terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// How much colour the terminal shows.
    pub mode: ColorMode,
    /// Dark or light background.
    pub background: Background,
}

impl Theme {
    /// The theme for a colour mode, on a dark background.
    pub fn new(mode: ColorMode) -> Self {
        Theme { mode, background: Background::Dark }
    }

    /// The theme for a colour mode and background.
    pub fn with_background(mode: ColorMode, background: Background) -> Self {
        Theme { mode, background }
    }

    fn shades(&self) -> &'static Shades {
        match self.background {
            Background::Dark => &DARK,
            Background::Light => &LIGHT,
        }
    }

    /// The terminal's own foreground and background, as a picture of the
    /// screen assumes them where a cell leaves its colour to the terminal.
    pub fn terminal_colors(&self) -> (Rgb, Rgb) {
        match self.background {
            Background::Dark => (Rgb(0xd8, 0xd8, 0xd8), Rgb(0x16, 0x16, 0x1c)),
            Background::Light => (Rgb(0x20, 0x20, 0x20), Rgb(0xfa, 0xfa, 0xfa)),
        }
    }

    /// Whether there is no colour, so that glyphs must carry what colour would.
    pub fn mono(&self) -> bool {
        self.mode == ColorMode::Mono
    }

    /// A colour as this terminal shows it.
    pub fn color(&self, rgb: Rgb) -> Color {
        self.mode.color(rgb)
    }

    fn fg(&self, rgb: Rgb) -> Style {
        Style::default().fg(self.color(rgb))
    }

    /// Axes, borders, headers.
    pub fn dim(&self) -> Style {
        self.fg(self.shades().dim)
    }

    /// Hints and formulas.
    pub fn muted(&self) -> Style {
        self.fg(self.shades().muted)
    }

    /// Status messages.
    pub fn notice(&self) -> Style {
        self.fg(self.shades().notice)
    }

    /// A run that blows up, a limit that is passed.
    pub fn danger(&self) -> Style {
        self.fg(self.shades().danger).add_modifier(Modifier::BOLD)
    }

    /// Emphasised text.
    pub fn strong(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// The selected row of the panel: a background always with its foreground.
    pub fn selected_row(&self) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            _ => Style::default()
                .fg(self.color(self.shades().bar_fg))
                .bg(self.color(self.shades().selected_bg))
                .add_modifier(Modifier::BOLD),
        }
    }

    /// The status bar.
    pub fn status_bar(&self) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default(),
            _ => Style::default().fg(self.color(self.shades().bar_fg)).bg(self.color(self.shades().bar_bg)),
        }
    }

    /// Optimizer i's path, head and curve, in its colour.
    pub fn path(&self, rgb: Rgb) -> Style {
        self.fg(rgb).add_modifier(Modifier::BOLD)
    }

    /// Text over the colour map (the arrows' legend): always on a dark
    /// bar, since the map under it is the same on any terminal.
    pub fn map_label(&self) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default(),
            _ => Style::default().fg(self.color(BAR_FG)).bg(self.color(BAR_BG)),
        }
    }

    /// The optimizer's swatch in the panel: its colour as a background.
    pub fn swatch(&self, rgb: Rgb) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default().fg(Color::Black).bg(self.color(rgb)),
        }
    }

    /// Minima and starts: white over the colour map, ink over a 1-D curve's background.
    pub fn mark(&self, on_map: bool) -> Style {
        self.fg(self.gradient_rgb(on_map)).add_modifier(Modifier::BOLD)
    }

    /// The colour of the −∇f arrow and of tangents, over the map or a curve's background.
    pub fn gradient_rgb(&self, on_map: bool) -> Rgb {
        if on_map { MARK } else { self.shades().ink }
    }

    /// The colour of the memory arrow (momentum buffer, m̂).
    pub fn memory_rgb(&self) -> Rgb {
        MEMORY
    }

    /// The 1-D curve.
    pub fn neutral_rgb(&self) -> Rgb {
        self.shades().neutral
    }

    /// Behind a 1-D curve.
    pub fn curve_background(&self) -> Rgb {
        self.shades().curve_bg
    }

    /// A colour of the landscape's map: in 256 colours it keeps to the
    /// colour cube, so that the map never turns grey.
    pub fn map_color(&self, rgb: Rgb) -> Color {
        match self.mode {
            ColorMode::Indexed => Color::Indexed(nearest_xterm_cube(rgb)),
            mode => mode.color(rgb),
        }
    }

    /// The glyph that stands for optimizer i where colour cannot: its number
    /// (1-9, then letters).
    pub fn number_glyph(i: usize) -> char {
        char::from_digit((i as u32 + 1) % 36, 36).unwrap_or('#')
    }
}

impl From<ColorMode> for Theme {
    fn from(mode: ColorMode) -> Self {
        Theme::new(mode)
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

const CUBE_LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn squared_distance(a: Rgb, b: Rgb) -> i32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The nearest colour of the xterm 256-colour cube (indices 16–231).
pub fn nearest_xterm_cube(c: Rgb) -> u8 {
    let level = |v: u8| -> usize {
        (0..6).min_by_key(|&i| (i32::from(CUBE_LEVELS[i]) - i32::from(v)).abs()).expect("six levels")
    };
    let (r, g, b) = (level(c.0), level(c.1), level(c.2));
    16 + 36 * r as u8 + 6 * g as u8 + b as u8
}

/// The cube colour of index i (16–231).
fn cube_rgb(index: u8) -> Rgb {
    let k = usize::from(index - 16);
    Rgb(CUBE_LEVELS[k / 36], CUBE_LEVELS[(k / 6) % 6], CUBE_LEVELS[k % 6])
}

/// The nearest colour of the xterm 256-colour palette. A colour that is
/// not itself nearly grey never maps to a grey (of the ramp or of the
/// cube's diagonal), which would read as "no data"; it takes the nearest
/// coloured neighbour instead.
pub fn nearest_xterm_256(c: Rgb) -> u8 {
    let cube = nearest_xterm_cube(c);
    let spread = c.0.max(c.1).max(c.2) - c.0.min(c.1).min(c.2);
    let k = usize::from(cube - 16);
    let (r, g, b) = (k / 36, (k / 6) % 6, k % 6);
    if spread > 24 {
        if !(r == g && g == b) {
            return cube;
        }
        // On the diagonal: the nearest cube colour around it that is not.
        let around = |v: usize| v.saturating_sub(1)..=(v + 1).min(5);
        let mut best = (i32::MAX, cube);
        for nr in around(r) {
            for ng in around(g) {
                for nb in around(b) {
                    if nr == ng && ng == nb {
                        continue;
                    }
                    let index = 16 + 36 * nr as u8 + 6 * ng as u8 + nb as u8;
                    let d = squared_distance(cube_rgb(index), c);
                    if d < best.0 {
                        best = (d, index);
                    }
                }
            }
        }
        return best.1;
    }
    let grey_index = ((u32::from(c.0) + u32::from(c.1) + u32::from(c.2)) / 3).saturating_sub(8) / 10;
    let grey_index = grey_index.min(23) as u8;
    let grey_value = 8 + 10 * grey_index;
    if squared_distance(Rgb(grey_value, grey_value, grey_value), c) < squared_distance(cube_rgb(cube), c) {
        232 + grey_index
    } else {
        cube
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

    #[test]
    fn the_middle_of_viridis_stays_coloured_in_256_colours() {
        // Grey ramp indices are 232–255; every viridis colour must map into the cube.
        for k in 0..=100 {
            let c = landscape_color(f64::from(k) / 100.0);
            let index = nearest_xterm_256(c);
            assert!((16..232).contains(&index), "viridis({k}%) = {c:?} maps to grey {index}");
            let i = usize::from(index - 16);
            let (r, g, b) = (i / 36, (i / 6) % 6, i % 6);
            assert!(!(r == g && g == b), "viridis({k}%) = {c:?} maps to the cube's grey diagonal {index}");
        }
    }

    #[test]
    fn colorfgbg_names_the_background() {
        assert_eq!(Background::from_colorfgbg(Some("15;0")), Background::Dark);
        assert_eq!(Background::from_colorfgbg(Some("0;15")), Background::Light);
        assert_eq!(Background::from_colorfgbg(Some("0;default;15")), Background::Light);
        assert_eq!(Background::from_colorfgbg(None), Background::Dark);
    }

    #[test]
    fn every_background_set_comes_with_its_foreground() {
        for background in [Background::Dark, Background::Light] {
            let theme = Theme::with_background(ColorMode::TrueColor, background);
            for style in [theme.selected_row(), theme.status_bar()] {
                assert!(style.bg.is_some() && style.fg.is_some(), "{background:?}: {style:?}");
                let (Some(Color::Rgb(fr, fg, fb)), Some(Color::Rgb(br, bg, bb))) = (style.fg, style.bg) else {
                    panic!()
                };
                let contrast = (luminance(Rgb(fr, fg, fb)) - luminance(Rgb(br, bg, bb))).abs();
                assert!(contrast > 0.6, "{background:?}: contrast {contrast}");
            }
        }
    }

    #[test]
    fn path_colours_read_on_dark_and_light_backgrounds() {
        for c in PALETTE {
            let l = luminance(c);
            assert!((0.3..0.85).contains(&l), "{c:?} has luminance {l}");
        }
    }
}
