//! Recordings and pictures: what they hold is what the view draws. A
//! recording replayed into a terminal emulator shows the view's screens; a
//! GIF's frames, sampled at cell centres, show the view's colours; an SVG
//! is well-formed; the same inputs give the same bytes.

use losscape::lessons;
use losscape::picture::Format;
use losscape::picture::raster::{CELL_H, CELL_W};
use losscape::tui::headless::{self, Options};
use losscape::tui::theme::{Background, ColorMode, Theme};
use losscape::tui::view::Screen;
use losscape::tui::{buffer_text, prepare_view, render_with};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn scenario(name: &str) -> losscape::core::scenario::Scenario {
    lessons::find(name).unwrap().scenario().unwrap()
}

fn options(size: (u16, u16), to: usize) -> Options {
    Options { size, to: Some(to), speed: Some(10.0), fps: Some(10.0), ..Options::default() }
}

/// The screens the view draws while playing, one per step, as a recording
/// draws them (24-bit colour, dark).
fn playing_screens(name: &str, size: (u16, u16), speed: f64, steps: usize) -> Vec<Buffer> {
    let mut app =
        prepare_view(scenario(name), Theme::with_background(ColorMode::TrueColor, Background::Dark), None, &[]);
    app.set_speed(speed);
    let mut screen = Screen::new();
    (0..=steps)
        .map(|k| {
            app.play_to(k);
            render_with(&app, &mut screen, size.0, size.1)
        })
        .collect()
}

#[test]
fn a_cast_replayed_into_a_terminal_shows_the_views_screens() {
    let (w, h) = (100, 30);
    let (bytes, summary) = headless::render(scenario("tour"), &options((w, h), 20), Format::Cast).unwrap();
    assert_eq!(summary.frames, 21);
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(
        (header["version"].clone(), header["width"].clone(), header["height"].clone()),
        (2.into(), w.into(), h.into())
    );
    let events: Vec<(f64, String)> = lines
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(e[1], "o");
            (e[0].as_f64().unwrap(), e[2].as_str().unwrap().to_string())
        })
        .collect();
    assert!(events.windows(2).all(|p| p[0].0 <= p[1].0), "times never go back");
    let screens = playing_screens("tour", (w, h), 10.0, 20);
    let mut terminal = vt100::Parser::new(h.try_into().unwrap(), w.try_into().unwrap(), 0);
    // At 10 steps a second and 10 frames, event k is step k (an unchanged
    // frame sends nothing, so events are matched by their time).
    let mut next = 0;
    for (k, expected) in screens.iter().enumerate() {
        while next < events.len() && events[next].0 <= k as f64 / 10.0 + 1e-9 {
            terminal.process(events[next].1.as_bytes());
            next += 1;
        }
        let shown: Vec<String> = terminal.screen().contents().lines().map(|l| l.trim_end().to_string()).collect();
        let want: Vec<String> = buffer_text(expected).lines().map(|l| l.trim_end().to_string()).collect();
        assert_eq!(shown, want[..shown.len()], "step {k}");
        assert!(want[shown.len()..].iter().all(String::is_empty), "step {k}: nothing missing below");
        // Colours too: every cell's foreground and background.
        for y in 0..h {
            for x in 0..w {
                let cell = terminal.screen().cell(y, x).unwrap();
                let want = &expected[(x, y)];
                let same = |got: vt100::Color, want: Color| match (got, want) {
                    (vt100::Color::Rgb(r, g, b), Color::Rgb(r2, g2, b2)) => (r, g, b) == (r2, g2, b2),
                    (vt100::Color::Default, Color::Reset) => true,
                    (vt100::Color::Idx(i), Color::Black) => i == 0,
                    _ => false,
                };
                assert!(same(cell.fgcolor(), want.fg) || cell.contents().trim().is_empty(), "step {k} ({x}, {y}) fg");
                assert!(same(cell.bgcolor(), want.bg), "step {k} ({x}, {y}) bg {:?} vs {:?}", cell.bgcolor(), want.bg);
            }
        }
    }
}

/// A frame's delay and the canvas after it.
type Shown = (u16, Vec<[u8; 3]>);

/// A GIF's frames composed onto one canvas, as a viewer shows them.
fn decode_gif(bytes: &[u8]) -> (usize, usize, Vec<Shown>) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).unwrap();
    let (w, h) = (usize::from(decoder.width()), usize::from(decoder.height()));
    let mut canvas = vec![[0u8; 3]; w * h];
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        for y in 0..usize::from(frame.height) {
            for x in 0..usize::from(frame.width) {
                let k = (y * usize::from(frame.width) + x) * 4;
                let px = &frame.buffer[k..k + 4];
                if px[3] != 0 {
                    canvas[(usize::from(frame.top) + y) * w + usize::from(frame.left) + x] = [px[0], px[1], px[2]];
                }
            }
        }
        frames.push((frame.delay, canvas.clone()));
    }
    (w, h, frames)
}

#[test]
fn a_gif_holds_the_views_frames_in_its_colours() {
    let (w, h) = (80u16, 24u16);
    let (bytes, summary) = headless::render(scenario("tour"), &options((w, h), 30), Format::Gif).unwrap();
    let (pw, ph, frames) = decode_gif(&bytes);
    assert_eq!((pw, ph), (usize::from(w) * CELL_W, usize::from(h) * CELL_H));
    // A frame that changes nothing lengthens the one before, so the delays
    // add up to the recording's length and the last holds for 2 s.
    let total: u32 = frames.iter().map(|f| u32::from(f.0)).sum();
    assert_eq!(total, (summary.seconds * 100.0).round() as u32 + 200);
    assert!(frames.len() >= 20 && frames.len() <= summary.frames, "{} frames", frames.len());
    // The last frame against the view's last screen: the colour at each
    // blank cell's centre is that cell's background, up to the palette.
    let screens = playing_screens("tour", (w, h), 10.0, 30);
    let last = screens.last().unwrap();
    let canvas = &frames.last().unwrap().1;
    let (mut checked, mut worst) = (0, 0);
    for y in 0..h {
        for x in 0..w {
            let cell = &last[(x, y)];
            // A reversed cell shows its foreground as its paper.
            let paper = if cell.modifier.contains(ratatui::style::Modifier::REVERSED) { cell.fg } else { cell.bg };
            let Color::Rgb(r, g, b) = paper else { continue };
            if cell.symbol() != " " {
                continue;
            }
            let px = canvas[(usize::from(y) * CELL_H + CELL_H / 2) * pw + usize::from(x) * CELL_W + CELL_W / 2];
            let d = (i32::from(px[0]) - i32::from(r)).abs()
                + (i32::from(px[1]) - i32::from(g)).abs()
                + (i32::from(px[2]) - i32::from(b)).abs();
            worst = worst.max(d);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} cells checked");
    assert!(worst <= 24, "a blank cell's colour is off by {worst} in the GIF");
    // The upper half-blocks of the colour map: the top half in the
    // foreground's colour.
    let half = (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).find(|&at| last[at].symbol() == "▀").unwrap();
    let Color::Rgb(r, g, b) = last[half].fg else { panic!("24-bit") };
    let px = canvas[(usize::from(half.1) * CELL_H + CELL_H / 4) * pw + usize::from(half.0) * CELL_W + CELL_W / 2];
    let d = (i32::from(px[0]) - i32::from(r)).abs()
        + (i32::from(px[1]) - i32::from(g)).abs()
        + (i32::from(px[2]) - i32::from(b)).abs();
    assert!(d <= 24, "the map's colour is off by {d}");
}

#[test]
fn an_svg_is_well_formed_and_holds_the_screens_text() {
    let (bytes, _) =
        headless::render(scenario("tour"), &Options { step: Some(50), ..Options::default() }, Format::Svg).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("1080"), Some("720")));
    // Each glyph is defined once and used where it occurs: "losscape" uses
    // the outline of `l` (U+6C), the formula that of `−` (U+2212).
    let defined: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name("path")).filter_map(|n| n.attribute("id")).collect();
    assert!(defined.contains(&"g6c") && defined.contains(&"g2212"), "l and − among {} glyphs", defined.len());
    let uses = doc.descendants().filter(|n| n.has_tag_name("use")).count();
    assert!(uses > 500, "{uses} glyphs placed");
    assert!(doc.descendants().any(|n| n.has_tag_name("circle")), "braille dots as circles");
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_a_png_decodes_to_the_screen_size() {
    let o = options((80, 24), 12);
    for format in [Format::Cast, Format::Gif] {
        let a = headless::render(scenario("momentum"), &o, format).unwrap().0;
        let b = headless::render(scenario("momentum"), &o, format).unwrap().0;
        assert!(a == b, "{format:?} differs between two recordings");
    }
    let (png, _) =
        headless::render(scenario("momentum"), &Options { step: Some(5), ..o.clone() }, Format::Png).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (80 * CELL_W as u32, 24 * CELL_H as u32));
}

#[test]
fn a_figure_is_the_plot_with_a_legend() {
    let o = Options { plot_only: true, size: (60, 20), step: Some(100), ..Options::default() };
    let (svg, _) = headless::render(scenario("momentum"), &o, Format::Svg).unwrap();
    let text = String::from_utf8(svg).unwrap();
    roxmltree::Document::parse(&text).unwrap();
    // No panel, status bar or chart: the figure's text is the axes and the legend.
    let mut app = prepare_view(scenario("momentum"), ColorMode::TrueColor, None, &[]);
    app.play_to(100);
    let mut screen = Screen::new();
    let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 60, 20));
    losscape::tui::view::render_figure(&app, &mut screen, buffer.area, &mut buffer);
    let shown = buffer_text(&buffer);
    assert!(shown.lines().last().unwrap().contains("● 1 GD") && shown.contains("● 3 Nesterov"), "{shown}");
    assert!(!shown.contains("optimizers") && !shown.contains("? help"), "{shown}");
}

#[test]
fn record_refuses_an_unknown_format_and_a_bad_rate_and_says_what_it_wrote() {
    let out = assert_cmd::Command::cargo_bin("losscape").unwrap().args(["record", "--out", "x.mp4"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("x.mp4: the name must end in .cast, .gif, .svg or .png"));
    let out = assert_cmd::Command::cargo_bin("losscape")
        .unwrap()
        .args(["record", "--out", "x.gif", "--fps", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'--fps <FPS>': must be a positive number"));
    let dir = std::env::temp_dir().join(format!("losscape-record-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("tour.svg");
    let out = assert_cmd::Command::cargo_bin("losscape")
        .unwrap()
        .args(["record", "--step", "10", "--size", "80x24", "--out", svg.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with(&format!("wrote {}", svg.display())));
    assert_eq!(
        std::fs::read(&svg).unwrap(),
        headless::render(
            scenario("tour"),
            &Options { step: Some(10), size: (80, 24), ..Options::default() },
            Format::Svg
        )
        .unwrap()
        .0,
        "the file holds what render draws"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
