//! The screen in each colour depth and theme, read cell by cell as a
//! terminal shows it: every cell has the theme's colours, every mark
//! contrasts with the cell it sits on, the map in 256 colours keeps its
//! bands and no grey, and the rate map fits with its legend and colour bar.

use losscape::core::scenario::Rgb;
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::palette::{self, contrast_ratio, distance, is_grey};
use losscape::tui::theme::{Background, ColorMode, Theme};
use losscape::tui::{buffer_text, render_settled};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const MODES: [ColorMode; 3] = [ColorMode::TrueColor, ColorMode::Indexed, ColorMode::Ansi16];
const BACKGROUNDS: [Background; 2] = [Background::Dark, Background::Light];

fn open(name: &str, theme: Theme) -> App {
    App::new(lessons::find(name).unwrap().scenario().unwrap(), theme)
}

/// The lessons' screens worth reading for colour: the first and last steps
/// of lessons on each kind of landscape, and the rate map.
fn screens(theme: Theme, size: (u16, u16)) -> Vec<(String, Buffer)> {
    let mut out = Vec::new();
    for name in ["tour", "learning-rate", "ill-conditioning", "momentum", "several-minima", "adam-rosenbrock"] {
        let mut app = open(name, theme);
        out.push((format!("{name} at 0"), render_settled(&mut app, size.0, size.1)));
        app.apply(Action::LastStep);
        out.push((format!("{name} at the end"), render_settled(&mut app, size.0, size.1)));
    }
    let mut app = open("ill-conditioning", theme);
    app.apply(Action::ToggleRateMap);
    out.push(("ill-conditioning's rate map".into(), render_settled(&mut app, size.0, size.1)));
    let mut app = open("momentum-map", theme);
    out.push(("momentum-map".into(), render_settled(&mut app, size.0, size.1)));
    let mut app = open("tour", theme);
    app.apply(Action::CycleArrows);
    app.apply(Action::Step(3));
    out.push(("tour with arrows".into(), render_settled(&mut app, size.0, size.1)));
    let mut app = open("tour", theme);
    app.apply(Action::ToggleHelp);
    out.push(("tour's help".into(), render_settled(&mut app, size.0, size.1)));
    out
}

/// What a terminal shows for a colour; the theme's paper or ink where a
/// cell leaves it to the terminal.
fn shown(color: Color, default: Rgb) -> Rgb {
    palette::resolve(color).unwrap_or(default)
}

#[test]
fn every_cell_has_the_themes_colours_in_any_terminal() {
    // A light theme in a dark terminal must not be a light plot inside a
    // dark screen, nor the dark theme's colours fall on a light terminal's
    // white: no cell leaves its ink or paper to the terminal.
    for mode in MODES {
        for background in BACKGROUNDS {
            let theme = Theme::with_background(mode, background);
            for (what, buffer) in screens(theme, (100, 30)) {
                let left: Vec<(u16, u16)> = (0..buffer.area.height)
                    .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
                    .filter(|&at| buffer[at].fg == Color::Reset || buffer[at].bg == Color::Reset)
                    .collect();
                assert!(
                    left.is_empty(),
                    "{mode:?} {background:?}, {what}: {} cells left to the terminal, first {:?}\n{}",
                    left.len(),
                    left.first(),
                    buffer_text(&buffer)
                );
            }
        }
    }
}

#[test]
fn every_mark_contrasts_with_the_cell_it_sits_on() {
    // Minima ×, starts ◆, the rate map's ring ○, star ★ and stable edge ┊,
    // the −∇f arrow's tip: white or black ink, whichever reads on the cell
    // (at least WCAG's 4.5:1, which one of the two always reaches).
    for mode in MODES {
        for background in BACKGROUNDS {
            let theme = Theme::with_background(mode, background);
            let (ink, paper) = theme.terminal_colors();
            for size in SIZES {
                for (what, buffer) in screens(theme, size) {
                    for y in 0..buffer.area.height {
                        for x in 0..buffer.area.width {
                            let cell = &buffer[(x, y)];
                            let (fg, bg) = (shown(cell.fg, ink), shown(cell.bg, paper));
                            // Arrow tips in white are the gradient's (a head off the
                            // plot is an arrow in its path's colour).
                            let white = fg == Rgb(255, 255, 255) || fg == palette::xterm_rgb(15);
                            let arrow = matches!(cell.symbol(), "↑" | "↓" | "←" | "→" | "↗" | "↘" | "↙" | "↖");
                            if !(matches!(cell.symbol(), "×" | "◆" | "○" | "★" | "┊") || arrow && white) {
                                continue;
                            }
                            let ratio = contrast_ratio(fg, bg);
                            assert!(
                                ratio >= 4.5,
                                "{mode:?} {background:?} {size:?}, {what}: {} at ({x}, {y}) is {fg:?} on {bg:?} ({ratio:.2}:1)\n{}",
                                cell.symbol(),
                                buffer_text(&buffer)
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn heads_stand_apart_from_the_map_under_them() {
    for mode in MODES {
        let theme = Theme::new(mode);
        for (what, buffer) in screens(theme, (120, 40)) {
            for y in 0..buffer.area.height {
                for x in 0..buffer.area.width {
                    let cell = &buffer[(x, y)];
                    if cell.symbol() != "●" {
                        continue;
                    }
                    let (fg, bg) = (shown(cell.fg, Rgb(0, 0, 0)), shown(cell.bg, Rgb(0, 0, 0)));
                    let d = distance(fg, bg);
                    assert!(d >= 0.07, "{mode:?}, {what}: the head at ({x}, {y}) is {fg:?} on {bg:?}, {d:.3} apart");
                }
            }
        }
    }
}

/// The palette indices of the map's half-block pixels on a screen.
fn map_indices(buffer: &Buffer) -> Vec<u8> {
    let mut out = Vec::new();
    for cell in buffer.content.iter().filter(|c| c.symbol() == "▀") {
        for c in [cell.fg, cell.bg] {
            match c {
                Color::Indexed(i) => out.push(i),
                other => panic!("a 256-colour map pixel is {other:?}"),
            }
        }
    }
    out
}

#[test]
fn the_map_in_256_colours_keeps_its_bands_and_never_turns_grey() {
    // Over SSH, without COLORTERM: viridis matched pixel by pixel to the
    // cube fell to about eight colours, grey on the Rosenbrock valley floor.
    for name in ["momentum", "tour", "ill-conditioning", "several-minima", "adam-rosenbrock"] {
        let mut app = open(name, Theme::new(ColorMode::Indexed));
        let buffer = render_settled(&mut app, 120, 40);
        let indices = map_indices(&buffer);
        assert!(indices.len() > 1000, "{name}: {} map pixels", indices.len());
        let greys: Vec<u8> = indices.iter().copied().filter(|&i| is_grey(i)).collect();
        assert!(greys.is_empty(), "{name}: grey pixels {:?}", &greys[..greys.len().min(10)]);
        let distinct: std::collections::BTreeSet<u8> = indices.iter().copied().collect();
        assert!(distinct.len() >= 12, "{name}: only {} colours: {distinct:?}", distinct.len());
    }
}

#[test]
fn the_rate_map_fits_with_its_legend_and_colour_bar_at_80x24() {
    for (name, open_map) in [("ill-conditioning", true), ("momentum-map", false)] {
        for mode in [ColorMode::Mono, ColorMode::TrueColor] {
            for (w, h) in SIZES {
                let mut app = open(name, Theme::new(mode));
                if open_map {
                    app.apply(Action::ToggleRateMap);
                }
                let text = buffer_text(&render_settled(&mut app, w, h));
                let at = format!("{name} {mode:?} ({w}, {h})");
                // The title says whole words, and what is mapped.
                let title = text.lines().nth(1).unwrap();
                assert!(title.contains("Every (lr, momentum)") && title.contains("loss"), "{at}: {title}\n{text}");
                for entry in ["✚ now", "┊ stable edge", "★ theory"] {
                    assert!(text.contains(entry), "{at}: `{entry}` missing\n{text}");
                }
                // The colour bar gives the colours their values, and the pairs that blew up theirs.
                let bar = text
                    .lines()
                    .find(|l| l.contains("blew up") && (l.contains("  loss") || l.contains("0…9")))
                    .unwrap_or_else(|| panic!("{at}: no bar\n{text}"));
                assert!(bar.matches("1e").count() >= 2, "{at}: the bar has no values: {bar}\n{text}");
                // The best pair's ring shows, or the legend says the star is on it.
                let on_map = text.lines().filter(|l| !l.contains("stable edge")).any(|l| l.contains('○'));
                assert!(on_map || text.contains("theory = ○ best"), "{at}: no best pair\n{text}");
            }
        }
    }
}

#[test]
fn the_rate_maps_marks_sit_on_the_maps_own_colour() {
    // The star once took the stable edge's white ink for its background:
    // white on white in 256 colours (fg = bg = 231).
    for (name, open_map) in [("ill-conditioning", true), ("momentum-map", false)] {
        for (w, h) in SIZES {
            let mut app = open(name, Theme::new(ColorMode::Indexed));
            if open_map {
                app.apply(Action::ToggleRateMap);
            }
            let buffer = render_settled(&mut app, w, h);
            let marks: Vec<&ratatui::buffer::Cell> = buffer
                .content
                .iter()
                .filter(|c| matches!(c.symbol(), "★" | "○") && c.bg != buffer.content[0].bg)
                .collect();
            assert!(!marks.is_empty(), "{name} ({w}, {h}): no marks\n{}", buffer_text(&buffer));
            for cell in marks {
                let Color::Indexed(bg) = cell.bg else { panic!("{:?}", cell.bg) };
                assert!(!is_grey(bg) && cell.fg != cell.bg, "{name} ({w}, {h}): {} on {bg}", cell.symbol());
            }
        }
    }
}

#[test]
fn the_rate_maps_cross_reads_even_where_the_map_has_its_colour() {
    // Past the stable edge the cross sits on the pairs that blew up, red
    // like the first optimizer's colour in 16 colours.
    for mode in MODES {
        let mut app = open("momentum-map", Theme::new(mode));
        for _ in 0..4 {
            app.apply(Action::RaiseLearningRate);
        }
        let buffer = render_settled(&mut app, 100, 30);
        let cross = buffer.content.iter().find(|c| c.symbol() == "✚" && c.bg != buffer.content[0].bg);
        let cross = cross.unwrap_or_else(|| panic!("{mode:?}: no cross\n{}", buffer_text(&buffer)));
        let (fg, bg) = (shown(cross.fg, Rgb(0, 0, 0)), shown(cross.bg, Rgb(0, 0, 0)));
        assert!(distance(fg, bg) >= 0.12, "{mode:?}: the cross is {fg:?} on {bg:?}\n{}", buffer_text(&buffer));
    }
}

#[test]
fn in_256_colours_a_path_over_a_band_of_its_own_hue_is_far_lighter_or_darker_than_it() {
    // Cyan paths over the map's blue and teal bands (10, 13) and the
    // magenta path over the purple valley floor (08) were dots of the
    // band's own hue, at most 0.34 lighter: they read as part of the map.
    // Over a band within 60° of its hue, every dot and head of a path is
    // at least 0.35 lighter or darker (OKLab) than the band.
    let lab = |i: u8| palette::oklab(palette::xterm_rgb(i));
    let hue = |x: palette::Lab| x.b.atan2(x.a).to_degrees();
    for background in BACKGROUNDS {
        let theme = Theme::with_background(ColorMode::Indexed, background);
        for name in ["adaptive-rates", "exploding-gradients", "adam-rosenbrock"] {
            let mut app = open(name, theme);
            app.apply(Action::LastStep);
            for size in SIZES {
                let buffer = render_settled(&mut app, size.0, size.1);
                let screen = losscape::tui::view::layout(&app, buffer.area);
                let mut over_own = 0;
                for y in 0..size.1 {
                    for x in 0..size.0 {
                        let cell = &buffer[(x, y)];
                        let mark = cell.symbol().chars().all(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
                            || cell.symbol() == "●";
                        let (Color::Indexed(fg), Color::Indexed(bg)) = (cell.fg, cell.bg) else { continue };
                        if !mark || screen.point_at((x, y)).is_none() || !palette::RAMP_256.contains(&bg) {
                            continue;
                        }
                        let (f, b) = (lab(fg), lab(bg));
                        let turn = (hue(f) - hue(b)).abs();
                        if f.chroma() < 0.03 || turn.min(360.0 - turn) >= 60.0 {
                            continue;
                        }
                        over_own += 1;
                        assert!(
                            (f.l - b.l).abs() >= 0.35,
                            "{name} {background:?} {size:?} at {x}, {y}: {} in {fg} over {bg}, {:.2} apart\n{}",
                            cell.symbol(),
                            (f.l - b.l).abs(),
                            buffer_text(&buffer)
                        );
                    }
                }
                assert!(over_own > 0, "{name} {background:?} {size:?}: no path over a band of its hue");
            }
        }
    }
}
