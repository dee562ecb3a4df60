//! Choosing colours from the command line and the environment: `--color`
//! on `render` and `record`, `LOSSCAPE_COLOR`, `NO_COLOR`, and a picture of
//! the 256-colour screen drawn exactly as xterm's palette shows it.

use assert_cmd::Command;
use losscape::lessons;
use losscape::picture::Format;
use losscape::picture::raster::{CELL_H, CELL_W};
use losscape::tui::headless::{self, Options};
use losscape::tui::render_view;
use losscape::tui::theme::ColorMode;
use losscape::tui::theme::palette::{RAMP_256, xterm_rgb};
use ratatui::style::Color;

fn losscape() -> Command {
    let mut cmd = Command::cargo_bin("losscape").unwrap();
    for var in ["NO_COLOR", "LOSSCAPE_COLOR", "COLORTERM", "TERM_PROGRAM", "TMUX"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm-256color");
    cmd
}

fn render(args: &[&str], env: &[(&str, &str)]) -> (String, String, Option<i32>) {
    let mut cmd = losscape();
    cmd.args(["render", "tour", "--size", "80x24"]).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code())
}

/// The palette indices set by `38;5;N` and `48;5;N` codes in a text.
fn indices(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in text.split("\x1b[").skip(1) {
        let codes: Vec<&str> = part.split('m').next().unwrap().split(';').collect();
        for w in codes.windows(3) {
            if (w[0] == "38" || w[0] == "48") && w[1] == "5" {
                out.push(w[2].parse().unwrap());
            }
        }
    }
    out
}

#[test]
fn render_prints_plain_text_unless_a_colour_is_asked_for() {
    let (plain, _, code) = render(&[], &[]);
    assert_eq!(code, Some(0));
    assert!(!plain.contains('\x1b') && plain.contains("Newton lands in 5 steps, Adam in 984"), "{plain}");
    let (text, _, _) = render(&["--color", "256"], &[]);
    assert!(text.contains("\x1b[") && !text.contains(";2;"), "256 colours only");
    let found = indices(&text);
    assert!(RAMP_256.iter().all(|i| found.contains(i)), "every band of the map's ramp is drawn");
    let (text, _, _) = render(&["--color", "24bit"], &[]);
    assert!(text.contains("38;2;") && text.contains("48;2;"), "24-bit colours");
    let (text, _, _) = render(&["--color", "16"], &[]);
    let found = indices(&text);
    assert!(!found.is_empty() && found.iter().all(|&i| i < 16), "the 16 system colours only: {found:?}");
    // The same screen under the colour codes.
    let (text, _, _) = render(&["--color", "none"], &[]);
    assert_eq!(text, plain);
}

#[test]
fn the_flag_wins_over_the_variable_and_no_color() {
    // NO_COLOR means none, unless the flag says otherwise.
    let (text, _, _) = render(&["--color", "auto"], &[("NO_COLOR", "1"), ("LOSSCAPE_COLOR", "24bit")]);
    assert!(!text.contains('\x1b'), "NO_COLOR wins over the variable");
    let (text, _, _) = render(&["--color", "256"], &[("NO_COLOR", "1")]);
    assert!(text.contains("38;5;"), "the flag wins over NO_COLOR");
    // The variable wins over what the terminal says.
    let (text, _, _) = render(&["--color", "auto"], &[("LOSSCAPE_COLOR", "256"), ("COLORTERM", "truecolor")]);
    assert!(text.contains("38;5;") && !text.contains("38;2;"), "LOSSCAPE_COLOR=256");
    let (text, _, _) = render(&["--color", "auto"], &[("COLORTERM", "truecolor")]);
    assert!(text.contains("38;2;"), "detected from COLORTERM");
    let (text, _, _) = render(&["--color", "auto"], &[("TERM", "xterm-kitty")]);
    assert!(text.contains("38;2;"), "detected from TERM");
    let (text, _, _) = render(&["--color", "auto"], &[]);
    assert!(text.contains("38;5;") && !text.contains("38;2;"), "256 when nothing tells");
}

#[test]
fn a_wrong_variable_is_named_with_what_it_should_be() {
    let (_, err, code) = render(&["--color", "auto"], &[("LOSSCAPE_COLOR", "truecolour")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("LOSSCAPE_COLOR is \"truecolour\"") && err.contains("auto, 24bit, 256, 16 or none"), "{err}");
    // A flag decides without it.
    let (text, _, code) = render(&["--color", "16"], &[("LOSSCAPE_COLOR", "truecolour")]);
    assert_eq!(code, Some(0));
    assert!(text.contains("38;5;"));
    let bad_flag = losscape().args(["tour", "--color", "lots"]).output().unwrap();
    let err = String::from_utf8(bad_flag.stderr).unwrap();
    assert!(err.contains("possible values: auto, 24bit, 256, 16, none"), "{err}");
}

#[test]
fn a_picture_of_the_256_colour_screen_shows_each_palette_colour_as_xterm_does() {
    // What the before-stop hook does: `record NAME --size 80x24 --step N
    // --color 256 --out X.png`.
    let scenario = || lessons::find("momentum").unwrap().scenario().unwrap();
    let options = Options { size: (80, 24), step: Some(40), colors: ColorMode::Indexed, ..Options::default() };
    let (png, _) = headless::render(scenario(), &options, Format::Png).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let width = info.width as usize;
    let pixel = |x: usize, y: usize| {
        let k = (y * width + x) * channels;
        losscape::core::scenario::Rgb(pixels[k], pixels[k + 1], pixels[k + 2])
    };
    let buffer = render_view(scenario(), 40, None, &[], (80, 24), ColorMode::Indexed, None, None).unwrap();
    let mut checked = 0;
    for y in 0..24u16 {
        for x in 0..80u16 {
            let cell = &buffer[(x, y)];
            if cell.symbol() != "▀" {
                continue;
            }
            let (Color::Indexed(top), Color::Indexed(bottom)) = (cell.fg, cell.bg) else {
                panic!("({x}, {y}): {:?} {:?}", cell.fg, cell.bg)
            };
            let (px, py) = (usize::from(x) * CELL_W + CELL_W / 2, usize::from(y) * CELL_H);
            assert_eq!(pixel(px, py + CELL_H / 4), xterm_rgb(top), "({x}, {y}) top");
            assert_eq!(pixel(px, py + 3 * CELL_H / 4), xterm_rgb(bottom), "({x}, {y}) bottom");
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} map cells checked");
    // And from the command line.
    let dir = std::env::temp_dir().join(format!("losscape-colour-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("shot.png");
    let status = losscape()
        .args(["record", "momentum", "--size", "80x24", "--step", "40", "--color", "256", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let (same, _) = headless::render(scenario(), &options, Format::Png).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), same, "the command line draws the same picture");
    std::fs::remove_dir_all(&dir).unwrap();
}
