//! Colours and styles: the landscape's colour map, the optimizers' palette,
//! what the terminal can show (24-bit, 256 colours, or none with
//! `NO_COLOR`), and every named style the views draw with. Views ask the
//! theme for a style by what it means (`dim`, `danger`, `path(i)`), never
//! for a colour of their own.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::core::scenario::Rgb;
pub use crate::look::colour::{Background, isoline_color, landscape_color, luminance, mix, scale};

pub mod depth;
pub mod palette;

pub use depth::ColorChoice;
pub use palette::nearest_xterm_256;

/// How much colour the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// 24-bit colour.
    TrueColor,
    /// The xterm 256-colour palette.
    Indexed,
    /// The terminal's 16 system colours.
    Ansi16,
    /// No colour: characters and bold carry the picture (`NO_COLOR`).
    Mono,
}

impl ColorMode {
    /// A colour as this terminal can show it, for anything drawn over the
    /// map or beside it: in 256 and 16 colours a colour that is not grey
    /// keeps clear of the map's colours (see [`palette::over_map_256`]).
    pub fn color(self, rgb: Rgb) -> Color {
        match self {
            ColorMode::TrueColor => Color::Rgb(rgb.0, rgb.1, rgb.2),
            ColorMode::Indexed => Color::Indexed(palette::over_map_256(rgb)),
            ColorMode::Ansi16 => Color::Indexed(palette::over_map_16(rgb)),
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
    Rgb(0xff, 0x5c, 0xf0), // magenta
    Rgb(0xff, 0x9f, 0x1c), // orange
    Rgb(0x5c, 0xe6, 0x7a), // green
    Rgb(0xf0, 0xd0, 0x30), // yellow
    Rgb(0xb0, 0x80, 0xff), // lavender
    Rgb(0xff, 0x8f, 0xb8), // pink
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
/// Their ink over light cells, and text over the paths' colours.
const DARK_INK: Rgb = Rgb(0, 0, 0);
/// The arrow of what an optimizer remembers (momentum buffer, Adam's m̂).
const MEMORY: Rgb = Rgb(0xb8, 0xc8, 0xd8);
/// The 1-D curve and the lines that are not an optimizer's.
const NEUTRAL: Rgb = Rgb(0x78, 0x78, 0x8c);
/// Behind a 1-D curve.
const CURVE_BG: Rgb = Rgb(0x14, 0x14, 0x1c);

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
        match self.mode {
            // The 16 colours' dark grey, on black or white alike.
            ColorMode::Ansi16 => Style::default().fg(Color::Indexed(8)),
            _ => self.fg(self.shades().dim),
        }
    }

    /// Hints and formulas.
    pub fn muted(&self) -> Style {
        match (self.mode, self.background) {
            // Hints are written over the bars too: light grey over blue,
            // black over light grey (the dark grey would not read there).
            (ColorMode::Ansi16, Background::Dark) => Style::default().fg(Color::Indexed(7)),
            (ColorMode::Ansi16, Background::Light) => Style::default().fg(Color::Indexed(0)),
            _ => self.fg(self.shades().muted),
        }
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

    /// A bar's background and foreground (`selected`: the panel's selected
    /// row, else the status bar). In 16 colours blue on black, light grey on
    /// white, so that a bar stands out from the screen and its hints read.
    fn bar(&self, selected: bool) -> (Color, Color) {
        let shades = self.shades();
        match (self.mode, self.background) {
            (ColorMode::Ansi16, Background::Dark) => (Color::Indexed(4), Color::Indexed(15)),
            (ColorMode::Ansi16, Background::Light) => (Color::Indexed(7), Color::Indexed(0)),
            _ => (self.color(if selected { shades.selected_bg } else { shades.bar_bg }), self.color(shades.bar_fg)),
        }
    }

    /// The selected row of the panel: a background always with its foreground.
    pub fn selected_row(&self) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            _ => {
                let (bg, fg) = self.bar(true);
                Style::default().fg(fg).bg(bg).add_modifier(Modifier::BOLD)
            }
        }
    }

    /// The status bar.
    pub fn status_bar(&self) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default(),
            _ => {
                let (bg, fg) = self.bar(false);
                Style::default().fg(fg).bg(bg)
            }
        }
    }

    /// Optimizer i's path, head and curve, in its colour.
    pub fn path(&self, rgb: Rgb) -> Style {
        self.fg(rgb).add_modifier(Modifier::BOLD)
    }

    /// Text over the colour map (the arrows' legend): on a bar of the
    /// theme's own, whose colours the legend's text is chosen for.
    pub fn map_label(&self) -> Style {
        self.status_bar()
    }

    /// The optimizer's swatch in the panel: its colour as a background.
    pub fn swatch(&self, rgb: Rgb) -> Style {
        match self.mode {
            ColorMode::Mono => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default().fg(self.color(DARK_INK)).bg(self.color(rgb)),
        }
    }

    /// Minima and starts: white over the colour map, ink over a 1-D curve's
    /// background. Over light cells of the map, [`Theme::ink_marks`] turns
    /// the white to black.
    pub fn mark(&self, on_map: bool) -> Style {
        self.fg(self.gradient_rgb(on_map)).add_modifier(Modifier::BOLD)
    }

    /// The colour of the −∇f arrow and of tangents, over the map or a curve's background.
    pub fn gradient_rgb(&self, on_map: bool) -> Rgb {
        if on_map { MARK } else { self.shades().ink }
    }

    /// The ink that reads best over a cell's background: white or black,
    /// whichever contrasts more (WCAG's ratio). A background left to the
    /// terminal counts as the theme's paper.
    pub fn ink_over(&self, bg: Color) -> Color {
        let paper = self.terminal_colors().1;
        let under = palette::resolve(bg).unwrap_or(paper);
        let white = palette::resolve(self.color(MARK)).unwrap_or(MARK);
        let black = palette::resolve(self.color(DARK_INK)).unwrap_or(DARK_INK);
        if palette::contrast_ratio(white, under) >= palette::contrast_ratio(black, under) {
            self.color(MARK)
        } else {
            self.color(DARK_INK)
        }
    }

    /// Every mark drawn in white within `area` (minima, starts, the −∇f
    /// arrow, the rate map's ring and star) re-inked for the cell it sits
    /// on: black where the cell is light, so that no mark is white on white.
    pub fn ink_marks(&self, area: Rect, buf: &mut Buffer) {
        if self.mono() {
            return;
        }
        let white = self.color(MARK);
        let area = area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &mut buf[(x, y)];
                if cell.fg == white && !matches!(cell.symbol(), "▀" | "▄" | "░" | "▒" | "▓" | "█" | " ") {
                    let ink = self.ink_over(cell.bg);
                    cell.set_fg(ink);
                }
            }
        }
    }

    /// The screen's own ink and paper, as this terminal shows them (none
    /// without colour).
    pub fn paper(&self) -> Option<(Color, Color)> {
        let (ink, paper) = self.terminal_colors();
        match (self.mode, self.background) {
            (ColorMode::Mono, _) => None,
            (ColorMode::Ansi16, Background::Dark) => Some((Color::Indexed(7), Color::Indexed(0))),
            (ColorMode::Ansi16, Background::Light) => Some((Color::Indexed(0), Color::Indexed(15))),
            _ => Some((self.color(ink), self.color(paper))),
        }
    }

    /// Gives every cell of `area` that leaves its colours to the terminal the
    /// theme's ink and paper, so that the whole screen is the theme's, in
    /// any terminal: a light theme in a dark terminal is not a light plot
    /// inside a dark screen, and the dark theme's colours never fall on a
    /// light terminal's white.
    pub fn paint_unset(&self, area: Rect, buf: &mut Buffer) {
        let Some((ink, paper)) = self.paper() else { return };
        let area = area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &mut buf[(x, y)];
                if cell.fg == Color::Reset {
                    cell.set_fg(ink);
                }
                if cell.bg == Color::Reset {
                    cell.set_bg(paper);
                }
            }
        }
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

    /// A pixel of a map that is not the landscape's plain colour ramp (the
    /// 3-D surface's shading, basins over the landscape): the nearest colour
    /// this terminal shows, never a grey for a colour that is not grey.
    pub fn map_color(&self, rgb: Rgb) -> Color {
        match self.mode {
            ColorMode::Indexed => Color::Indexed(palette::nearest_xterm_256(rgb)),
            ColorMode::Ansi16 => Color::Indexed(palette::nearest_ansi_16(rgb)),
            mode => mode.color(rgb),
        }
    }

    /// A cell of a colour map (the landscape, the rate map, the colour bar)
    /// as (symbol, fg, bg): two pixels, each its 24-bit colour and its band
    /// (0 the lowest of [`BANDS`]). In 24-bit the colours themselves, as a
    /// half block; in 256 colours each band's colour of the designed ramp
    /// ([`palette::RAMP_256`]), two a cell; in 16 colours one band a cell,
    /// the lower of the two (so that a narrow valley shows), as a shaded
    /// cell of [`palette::RAMP_16`].
    pub fn map_cell(&self, top: (Rgb, u8), bottom: (Rgb, u8)) -> (char, Color, Color) {
        let band = |b: u8| usize::from(b).min(BANDS - 1);
        match self.mode {
            ColorMode::TrueColor => ('▀', self.color(top.0), self.color(bottom.0)),
            ColorMode::Indexed => {
                ('▀', Color::Indexed(palette::RAMP_256[band(top.1)]), Color::Indexed(palette::RAMP_256[band(bottom.1)]))
            }
            ColorMode::Ansi16 => {
                let shade = palette::RAMP_16[band(top.1.min(bottom.1))];
                (shade.glyph, Color::Indexed(shade.fg), Color::Indexed(shade.bg))
            }
            ColorMode::Mono => (' ', Color::Reset, Color::Reset),
        }
    }

    /// One pixel of band `band` as a single colour (where a cell's other
    /// half is not a band: a rate-map pair that blew up beside one that did not).
    pub fn band_color(&self, rgb: Rgb, band: u8) -> Color {
        let band = usize::from(band).min(BANDS - 1);
        match self.mode {
            ColorMode::Indexed => Color::Indexed(palette::RAMP_256[band]),
            ColorMode::Ansi16 => Color::Indexed(palette::RAMP_16[band].dominant()),
            _ => self.color(rgb),
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

/// The colour map's bands: contour levels between the lowest value shown and
/// the highest, each one colour of the 256- and 16-colour ramps.
pub const BANDS: usize = palette::RAMP_256.len();

/// The band (0 to [`BANDS`] − 1) of a position t ∈ [0, 1] along the colour map.
pub fn band_of(t: f64) -> u8 {
    ((t.clamp(0.0, 1.0) * BANDS as f64) as usize).min(BANDS - 1) as u8
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
