//! `losscape record`, and the view flags it shares with `render`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{complain, scenario_or_default};
use crate::picture;
use crate::tui::theme::{Background, ColorChoice, ColorMode, depth};
use crate::tui::{self, viewport::Camera};

/// How the view is opened for `render` and `record`.
#[derive(Debug, clap::Args)]
pub struct ViewArgs {
    /// The optimizer to select, counting from 1 (default: the scenario's `select`, else 1).
    #[arg(long, value_parser = super::numbers::whole::<u16>(1, 12))]
    pub select: Option<u16>,
    /// Views to open (repeatable).
    #[arg(long, value_enum)]
    pub show: Vec<tui::Show>,
    /// With --show 3d: the camera's turn about the vertical, in degrees.
    #[arg(long, allow_hyphen_values = true, value_parser = super::numbers::degrees)]
    pub azimuth: Option<f64>,
    /// With --show 3d: its height above the horizon, 5 to 90 degrees.
    #[arg(long, value_parser = super::numbers::degrees)]
    pub elevation: Option<f64>,
    /// The colours the screen is drawn in: 24bit, 256, 16 or none, or auto
    /// for what the interactive view would choose here (default: none for
    /// render, which then prints plain text; 24bit for record).
    #[arg(long, value_enum)]
    pub color: Option<ColorChoice>,
}

impl ViewArgs {
    /// The optimizer to select, counting from 0.
    pub fn selected(&self) -> Option<usize> {
        self.select.map(|s| usize::from(s - 1))
    }

    /// The colour mode `--color` asks for, `default` without it; `auto`
    /// decides from the environment as the interactive view would (without
    /// asking the terminal), a wrong `LOSSCAPE_COLOR` included.
    pub fn colors(&self, default: ColorMode) -> Result<ColorMode, ExitCode> {
        match self.color {
            None => Ok(default),
            Some(choice) => {
                depth::decide(Some(choice), &depth::Environment::current(), &mut depth::NoOne).map_err(|e| {
                    complain(&format!("error: {e}"));
                    ExitCode::from(2)
                })
            }
        }
    }

    /// The 3-D camera the flags ask for, from the default one.
    pub fn camera(&self) -> Option<Camera> {
        (self.azimuth.is_some() || self.elevation.is_some()).then(|| {
            let camera = Camera {
                azimuth: self.azimuth.filter(|a| a.is_finite()).unwrap_or(Camera::HOME.azimuth),
                elevation: self.elevation.filter(|e| e.is_finite()).unwrap_or(Camera::HOME.elevation),
            };
            camera.turned(0.0, 0.0)
        })
    }
}

/// `losscape record`'s flags.
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The scenario file, or a lesson's name (default: the tour).
    file: Option<PathBuf>,
    /// The file to write; its extension picks the format: .cast, .gif, .svg or .png.
    #[arg(long)]
    out: PathBuf,
    /// The first step recorded (default: 0 for a recording; for a picture
    /// the step the view opens on).
    #[arg(long, value_parser = super::numbers::whole::<usize>(0, u64::MAX))]
    from: Option<usize>,
    /// The last step recorded (default: the view's last step).
    #[arg(long, value_parser = super::numbers::whole::<usize>(0, u64::MAX))]
    to: Option<usize>,
    /// The step of a picture (.svg, .png; default: --from, else the step the
    /// view opens on).
    #[arg(long, value_parser = super::numbers::whole::<usize>(0, u64::MAX))]
    step: Option<usize>,
    /// Steps per second (default: the scenario's speed).
    #[arg(long, value_parser = super::numbers::positive)]
    speed: Option<f64>,
    /// Frames per second (default: the speed, at most 20).
    #[arg(long, value_parser = super::numbers::positive)]
    fps: Option<f64>,
    /// The screen size in cells, WIDTHxHEIGHT.
    #[arg(long, default_value = "120x40", value_parser = super::parse_size, allow_hyphen_values = true)]
    size: (u16, u16),
    /// The size in pixels instead, WIDTHxHEIGHT: a figure's exact size
    /// (320x200 to 8000x8000); other pictures and GIFs are rounded to whole
    /// cells of 9×18 pixels.
    #[arg(long, value_parser = parse_pixels, allow_hyphen_values = true)]
    pixels: Option<(u32, u32)>,
    /// The plot alone, with its legend and the chart: as .png or .svg, a
    /// figure for a slide drawn at the pixel.
    #[arg(long)]
    plot_only: bool,
    /// The background the colours are chosen for (default: light for a
    /// figure, dark for the rest).
    #[arg(long, value_enum)]
    theme: Option<Background>,
    #[command(flatten)]
    view: ViewArgs,
}

/// Records what the flags ask for and says what it wrote.
pub fn record(args: RecordArgs) -> ExitCode {
    let scenario = match scenario_or_default(args.file.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(e) = picture::Format::of(&args.out) {
        complain(&format!("error: {e}"));
        return ExitCode::from(2);
    }
    for (what, value) in [("--speed", args.speed), ("--fps", args.fps)] {
        if value.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
            complain(&format!("error: {what} must be a positive number"));
            return ExitCode::from(2);
        }
    }
    let colors = match args.view.colors(ColorMode::TrueColor) {
        Ok(colors) => colors,
        Err(code) => return code,
    };
    let format = picture::Format::of(&args.out).unwrap_or(picture::Format::Png);
    let figure = args.plot_only && !format.animated();
    if let (true, Some(pixels)) = (figure, args.pixels)
        && let Err(e) = picture::figure::check_size(pixels)
    {
        complain(&format!("error: --pixels: {e}"));
        return ExitCode::from(2);
    }
    let size = args.pixels.map_or(args.size, |(w, h)| {
        let cells = |p: u32, cell: usize| ((f64::from(p) / cell as f64).round() as u16).max(1);
        (cells(w, picture::raster::CELL_W), cells(h, picture::raster::CELL_H))
    });
    let background = args.theme.unwrap_or(if figure { Background::Light } else { Background::Dark });
    // A picture with no step asked for shows the view as it opens.
    let opens_on = scenario.view.open_step;
    let step = args.step.or(if format.animated() { None } else { Some(args.from.unwrap_or(opens_on)) });
    let options = tui::headless::Options {
        from: args.from.unwrap_or(0),
        to: args.to,
        step,
        speed: args.speed,
        fps: args.fps,
        size,
        select: args.view.selected(),
        show: args.view.show.clone(),
        plot_only: args.plot_only,
        pixels: args.pixels,
        background,
        colors,
        camera: args.view.camera(),
        // A picture with no step asked for is the view as it opens.
        intro: args.step.is_none() && args.from.is_none() && !format.animated(),
    };
    // Something at that name is replaced, which is said.
    let replacing = args.out.symlink_metadata().is_ok();
    match tui::headless::record(scenario, &options, &args.out, &super::progress()) {
        Ok(summary) => {
            let size = summary.bytes as f64;
            let size = if size >= 1e6 { format!("{:.1} MB", size / 1e6) } else { format!("{:.0} kB", size / 1e3) };
            let what = if summary.frames > 1 {
                format!("{} frames, {:.1} s, {size}", summary.frames, summary.seconds)
            } else {
                size
            };
            let replaced = if replacing { " (replacing the file that was there)" } else { "" };
            complain(&format!("wrote {}{replaced}: {what}", args.out.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            complain(&format!("error: {e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// A size in pixels, WIDTHxHEIGHT, each side from 1 to the largest figure's.
fn parse_pixels(text: &str) -> Result<(u32, u32), String> {
    let most = picture::figure::MAX_SIDE;
    let (w, h) = text.split_once(['x', 'X']).ok_or("expected WIDTHxHEIGHT in pixels, such as 1600x1000")?;
    let parse = |s: &str| s.trim().parse::<u32>().ok().filter(|v| (1..=most).contains(v));
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!("width and height must be whole numbers of pixels from 1 to {most}")),
    }
}
