//! The view driven without a terminal, as `render` and `record` (and the
//! tests) drive it: opened as the command line asks, its runs and maps
//! waited for, laid out and drawn once a frame into cells, which
//! [`crate::picture`] then encodes. The live view uses the same layout and
//! drawing.

use std::path::Path;

use anyhow::{Context, Result, bail};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::core::budget::{self, Cost, Estimate, Report};
use crate::core::scenario::Scenario;
use crate::picture::cells::Grid;
use crate::picture::raster::{self, CELL_H, CELL_W, Painter};
use crate::picture::{self, Format, cast, figure, svg};

use super::action::{self, Action};
use super::app::{App, Panel};
use super::theme::{self, Background, ColorMode, Theme};
use super::view::{self, Screen};
use super::viewport;

/// Draws the screen the TUI would show into a buffer of the given size,
/// with a fresh [`Screen`].
pub fn render_buffer(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    render_with(app, &mut Screen::new(), width, height)
}

/// Draws the screen into a buffer of the given size, keeping its caches
/// in `screen`, as the event loop does.
pub fn render_with(app: &App, screen: &mut Screen, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut buffer = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, width, height));
    view::draw(app, &view::layout(app, buffer.area), screen, &mut buffer);
    buffer
}

/// Lays the screen out, lets the background work it needs (basins,
/// sweeps, the rate map) finish, and draws it once.
pub fn render_settled(app: &mut App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let layout = view::layout(app, area);
    app.settle(layout.selected_plot());
    // A network's plane moves the view: its map is for the plot laid out anew.
    let again = view::layout(app, area);
    if again != layout {
        app.settle(again.selected_plot());
    }
    // What the work did (a map the budget refused closes) is laid out anew.
    render_with(app, &mut Screen::new(), width, height)
}

/// The screen as plain text, one line per row, trailing spaces trimmed.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            // A wide symbol covers the next cell too.
            skip = unicode_width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The columns a cell's symbol takes: two for wide characters (CJK in a
/// label), whose second cell ratatui leaves as a placeholder.
fn unicode_width(symbol: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(symbol)
}

/// What `render` and `record` can show besides the plain screen: a panel
/// (the one enum the scenario file's `"open"` and the view use too), or a
/// way of showing the plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// A panel other than the chart, which is open already.
    Panel(Panel),
    /// The plot as a 3-D surface (`S`).
    Surface,
    /// The help (`?`).
    Help,
    /// One plot per optimizer (`v`).
    Split,
    /// Arrows at the selected optimizer's point (`a`).
    Arrows,
    /// The view widened to keep every point (`f`).
    Follow,
    /// Equal aspect (`E`).
    Aspect,
    /// Presenter mode (`F`): the plot large, no key hints.
    Presenter,
}

impl clap::ValueEnum for Show {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Show::Panel(Panel::Basins),
            Show::Panel(Panel::Sweep),
            Show::Panel(Panel::RateMap),
            Show::Surface,
            Show::Panel(Panel::Explain),
            Show::Help,
            Show::Split,
            Show::Arrows,
            Show::Follow,
            Show::Aspect,
            Show::Presenter,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let (name, help) = match *self {
            // The chart is always open: there is nothing to ask for.
            Show::Panel(Panel::Chart) => return None,
            Show::Panel(panel @ Panel::Basins) => {
                (panel.name(), "The basins of attraction of the selected optimizer (`b`)")
            }
            Show::Panel(panel @ Panel::Sweep) => (panel.name(), "Its learning-rate sweep (`s`)"),
            Show::Panel(panel @ Panel::RateMap) => (panel.name(), "Its rate map over (learning rate, momentum) (`m`)"),
            Show::Panel(panel @ Panel::Explain) => (panel.name(), "Its step breakdown (`e`)"),
            Show::Surface => ("3d", "The plot as a 3-D surface (`S`)"),
            Show::Help => ("help", "The help (`?`)"),
            Show::Split => ("split", "One plot per optimizer (`v`)"),
            Show::Arrows => ("arrows", "Arrows at the selected optimizer's point (`a`)"),
            Show::Follow => ("follow", "The view widened to keep every point (`f`)"),
            Show::Aspect => ("aspect", "Equal aspect (`E`)"),
            Show::Presenter => ("presenter", "Presenter mode (`F`): the plot large, no key hints"),
        };
        Some(clap::builder::PossibleValue::new(name).help(help))
    }
}

/// The view as `render` and recordings open it: optimizer `select`
/// (0-based; the scenario's choice when `None`) selected and the given
/// views open.
pub fn prepare_view(scenario: Scenario, theme: impl Into<theme::Theme>, select: Option<usize>, show: &[Show]) -> App {
    let mut app = App::new(scenario, theme);
    if let Some(select) = select {
        app.apply(Action::Select(select));
    }
    for &view in show {
        let toggle = match view {
            Show::Panel(panel) if app.panel() == panel => continue,
            Show::Panel(Panel::Chart) => continue,
            Show::Panel(Panel::Basins) => Action::ToggleBasins,
            Show::Panel(Panel::Sweep) => Action::ToggleSweep,
            Show::Panel(Panel::RateMap) => Action::ToggleRateMap,
            Show::Panel(Panel::Explain) => Action::ToggleExplain,
            Show::Help => Action::ToggleHelp,
            Show::Split => Action::ToggleLayout,
            Show::Surface if !app.surface() => Action::ToggleSurface,
            Show::Surface => continue,
            Show::Arrows if app.arrows() == crate::core::scenario::Arrows::Off => Action::CycleArrows,
            Show::Follow if !app.follows() => Action::ToggleFollow,
            Show::Aspect if !app.equal_aspect() => Action::ToggleAspect,
            Show::Presenter if !app.presenter() => Action::TogglePresenter,
            Show::Arrows | Show::Follow | Show::Aspect | Show::Presenter => continue,
        };
        app.apply(toggle);
    }
    app
}

/// What `losscape render` prints: the screen at step K with optimizer
/// `select` (0-based; the scenario's choice when `None`) selected and the
/// given views open, after any background work has finished, which reports
/// its progress on `report`; or why the budget refused that work.
#[allow(clippy::too_many_arguments)]
pub fn render_text(
    scenario: Scenario,
    step: usize,
    select: Option<usize>,
    show: &[Show],
    size: (u16, u16),
    colors: ColorMode,
    camera: Option<viewport::Camera>,
    report: crate::core::budget::Report,
) -> Result<String, String> {
    render_view(scenario, step, select, show, size, colors, camera, report).map(|buffer| buffer_text(&buffer))
}

/// The screen `losscape render` shows, as cells (see [`render_text`]).
#[allow(clippy::too_many_arguments)]
pub fn render_view(
    scenario: Scenario,
    step: usize,
    select: Option<usize>,
    show: &[Show],
    (width, height): (u16, u16),
    colors: impl Into<theme::Theme>,
    camera: Option<viewport::Camera>,
    report: crate::core::budget::Report,
) -> Result<ratatui::buffer::Buffer, String> {
    let mut app = prepare_view(scenario, colors, select, show);
    if let Some(camera) = camera {
        app.set_camera(camera);
    }
    app.report_progress(report);
    // The view opens on the scenario's open step; `step` counts from 0.
    app.apply(action::Action::FirstStep);
    app.apply(action::Action::Step(i32::try_from(step).unwrap_or(i32::MAX)));
    let buffer = render_settled(&mut app, width, height);
    match app.refusal() {
        Some(refusal) => Err(refusal.to_string()),
        None => Ok(buffer),
    }
}

/// What to record, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The first step shown.
    pub from: usize,
    /// The last step shown (default: the view's last step).
    pub to: Option<usize>,
    /// The step of a single picture (default: `from`).
    pub step: Option<usize>,
    /// Steps per second (default: the scenario's playback speed).
    pub speed: Option<f64>,
    /// Frames per second (default: the speed, at most 20).
    pub fps: Option<f64>,
    /// The terminal's size in cells.
    pub size: (u16, u16),
    /// The optimizer selected (0-based; default: the scenario's).
    pub select: Option<usize>,
    /// Views opened as with `render --show`.
    pub show: Vec<Show>,
    /// The plot alone, with a legend line; as PNG or SVG, a figure drawn
    /// at the pixel (see [`figure`]).
    pub plot_only: bool,
    /// The size in pixels that was asked for, if it was: a figure's exact
    /// size; other pictures are drawn in whole cells (`size`).
    pub pixels: Option<(u32, u32)>,
    /// The background the colours are chosen for.
    pub background: Background,
    /// How many colours the screen is drawn in (a picture of a 256-colour
    /// screen draws each palette colour as xterm shows it).
    pub colors: ColorMode,
    /// The 3-D camera (with `--show 3d`), if not the default.
    pub camera: Option<crate::tui::viewport::Camera>,
    /// A picture of the view as it opens, before any key: where the
    /// lesson's text does not fit beside the plot, it is over the view.
    pub intro: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: 0,
            to: None,
            step: None,
            speed: None,
            fps: None,
            size: (120, 40),
            select: None,
            show: Vec::new(),
            plot_only: false,
            pixels: None,
            background: Background::Dark,
            colors: ColorMode::TrueColor,
            camera: None,
            intro: false,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Frames in the file.
    pub frames: usize,
    /// Its length in seconds (0 for one frame).
    pub seconds: f64,
    /// Its size in bytes.
    pub bytes: usize,
}

/// How many frames [`schedule`] gives, without listing them: the frames j
/// with ⌊j·speed/fps⌋ < to − from, then the last (as a float: it can be
/// far more than a recording may hold).
pub fn frame_count(from: usize, to: usize, speed: f64, fps: f64) -> f64 {
    (to.saturating_sub(from) as f64 * fps / speed).ceil() + 1.0
}

/// When each frame is shown and at which step: frame j at j/fps seconds,
/// at step from + ⌊j·speed/fps⌋, the last at `to` itself. Every frame is
/// listed: [`frame_count`] is asked first, and the budget refuses too many.
pub fn schedule(from: usize, to: usize, speed: f64, fps: f64) -> Vec<(f64, usize)> {
    let mut frames = Vec::new();
    let mut j = 0usize;
    loop {
        let step = from + (j as f64 * speed / fps).floor() as usize;
        if step >= to {
            frames.push((j as f64 / fps, to));
            break;
        }
        frames.push((j as f64 / fps, step));
        j += 1;
    }
    frames
}

/// Bytes written by a terminal backend, kept for the recording.
#[derive(Debug, Clone, Default)]
pub struct Tape(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Tape {
    /// What was written since the last take.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl std::io::Write for Tape {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The view as a recording draws it: in the colours asked for, drawn through the same
/// terminal backend as the live view, into memory.
struct Recorder {
    app: App,
    screen: Screen,
    terminal: Terminal<CrosstermBackend<Tape>>,
    tape: Tape,
    plot_only: bool,
    step: usize,
}

impl Recorder {
    fn new(scenario: Scenario, options: &Options, report: &Report) -> Result<Recorder> {
        let (w, h) = options.size;
        if w < view::MIN_WIDTH || h < view::MIN_HEIGHT {
            if let Some((pw, ph)) = options.pixels {
                bail!(
                    "{pw}×{ph} pixels is too small: the screen needs at least {}×{} pixels ({}×{} cells of {CELL_W}×{CELL_H})",
                    usize::from(view::MIN_WIDTH) * CELL_W,
                    usize::from(view::MIN_HEIGHT) * CELL_H,
                    view::MIN_WIDTH,
                    view::MIN_HEIGHT
                );
            }
            bail!("the size must be at least {}x{}", view::MIN_WIDTH, view::MIN_HEIGHT);
        }
        let theme = Theme::with_background(options.colors, options.background);
        crate::tui::theme::depth::allow_colour_codes(options.colors);
        let mut app = prepare_view(scenario, theme, options.select, &options.show);
        if let Some(camera) = options.camera {
            app.set_camera(camera);
        }
        app.report_progress(report.clone());
        let tape = Tape::default();
        let terminal = fresh_terminal(&tape, (w, h))?;
        Ok(Recorder { app, screen: Screen::new(), terminal, tape, plot_only: options.plot_only, step: 0 })
    }

    /// The view's last step.
    fn last_step(&mut self) -> usize {
        let here = self.app.step();
        self.app.apply(Action::LastStep);
        let last = self.app.step();
        self.go(here);
        last
    }

    fn go(&mut self, step: usize) {
        let delta = step as i64 - self.app.step() as i64;
        if delta != 0 {
            self.app.apply(Action::Step(delta.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32));
        }
        self.step = self.app.step();
    }

    /// Draws playback at `step`: the screen, and what the terminal was sent.
    fn draw_playing(&mut self, step: usize) -> Result<(Buffer, Vec<u8>)> {
        if step < self.app.step() {
            self.go(step);
        }
        self.app.play_to(step);
        self.step = self.app.step();
        self.draw(step)
    }

    /// Draws the view at `step` once the background work it needs is
    /// done (see [`Recorder::settle`]): the screen, and what the terminal
    /// was sent.
    fn draw(&mut self, step: usize) -> Result<(Buffer, Vec<u8>)> {
        if step != self.app.step() {
            self.go(step);
        }
        let layout = self.settle()?;
        let (app, screen, plot_only) = (&self.app, &mut self.screen, self.plot_only);
        let frame = self
            .terminal
            .draw(|f| {
                if plot_only {
                    view::render_figure(app, screen, f.area(), f.buffer_mut());
                } else {
                    view::draw(app, &layout, screen, f.buffer_mut());
                }
            })
            .context("cannot draw")?;
        let buffer = frame.buffer.clone();
        Ok((buffer, self.tape.take()))
    }

    /// Lays the next frame out and lets the background work it needs
    /// (runs, basins, sweeps, the rate map) finish, as `render` does, so
    /// that it is drawn once and whole; or says why the budget refused it.
    fn settle(&mut self) -> Result<view::ScreenLayout> {
        let area = self.terminal.get_frame().area();
        let mut layout = view::layout(&self.app, area);
        self.app.settle(layout.selected_plot());
        // What the work did (a map refused closes) is laid out anew.
        let again = view::layout(&self.app, area);
        if again != layout {
            layout = again;
            self.app.settle(layout.selected_plot());
        }
        match self.app.refusal() {
            Some(refusal) => bail!("{refusal}"),
            None => Ok(layout),
        }
    }
}

/// A terminal that draws into the tape, with nothing on screen yet.
fn fresh_terminal(tape: &Tape, (w, h): (u16, u16)) -> Result<Terminal<CrosstermBackend<Tape>>> {
    let backend = CrosstermBackend::new(tape.clone());
    Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, w, h)) })
        .context("cannot set up the recording")
}

/// Records `scenario` as `options` say into `out`, whose extension picks
/// the format; long work reports its progress on `report`.
pub fn record(scenario: Scenario, options: &Options, out: &Path, report: &Report) -> Result<Summary> {
    let format = Format::of(out)?;
    let bytes = render_reporting(scenario, options, format, report)?;
    crate::storage::write_replacing(out, &bytes.0).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(bytes.1)
}

/// The size in pixels of a figure drawn for `options`: as asked, or the
/// cells' size.
pub fn figure_pixels(options: &Options) -> (u32, u32) {
    options
        .pixels
        .unwrap_or_else(|| (u32::from(options.size.0) * CELL_W as u32, u32::from(options.size.1) * CELL_H as u32))
}

/// Whether a figure can show what the view shows: the plot over parameter
/// space. The 3-D surface, the rate map and basins are drawn in cells.
pub fn figure_shows(app: &App) -> bool {
    !app.surface() && !matches!(app.panel(), crate::tui::app::Panel::RateMap | crate::tui::app::Panel::Basins)
}

/// A figure's bytes, when the view at the step asked for is one a figure
/// can show.
fn figure_bytes(scenario: Scenario, options: &Options, format: Format, report: &Report) -> Result<Option<Vec<u8>>> {
    // The cells only step the view here: any size the view accepts.
    let stepping = Options { size: (120, 40), pixels: None, ..options.clone() };
    let mut recorder = Recorder::new(scenario, &stepping, report)?;
    recorder.go(options.from);
    recorder.go(options.step.unwrap_or(options.from));
    if !figure_shows(&recorder.app) {
        return Ok(None);
    }
    let shown = view::figure(&recorder.app);
    let size = figure_pixels(options);
    Ok(Some(match format {
        Format::Svg => figure::svg(&shown, size)?.into_bytes(),
        _ => figure::png(&shown, size)?,
    }))
}

/// The file's bytes and what they hold.
pub fn render(scenario: Scenario, options: &Options, format: Format) -> Result<(Vec<u8>, Summary)> {
    render_reporting(scenario, options, format, &None)
}

/// What a recording would cost to draw: its frames, their cells, the paths
/// they draw (`path_steps`: steps of path over all frames), and the pixels
/// a GIF paints (twice: once for the palette, once to encode).
fn drawing_estimate(format: Format, frames: f64, (w, h): (u16, u16), path_steps: f64) -> Estimate {
    let cells = usize::from(w) * usize::from(h);
    let (passes, pixels) = match format {
        Format::Gif => (2, cells * raster::CELL_W * raster::CELL_H),
        Format::Png => (1, cells * raster::CELL_W * raster::CELL_H),
        Format::Cast | Format::Svg => (1, 0),
    };
    let frames = frames.min(usize::MAX as f64 / 4.0) as usize;
    let what = if format.animated() { "this recording" } else { "this picture" };
    Estimate {
        what: what.into(),
        cost: Cost::Frames { frames, cells, pixels, passes, path_steps },
        parts: (frames * passes, "frames"),
    }
}

/// [`render`], reporting the progress of long work on `report`.
pub fn render_reporting(
    scenario: Scenario,
    options: &Options,
    format: Format,
    report: &Report,
) -> Result<(Vec<u8>, Summary)> {
    if options.plot_only
        && !format.animated()
        && let Some(bytes) = figure_bytes(scenario.clone(), options, format, report)?
    {
        let summary = Summary { frames: 1, seconds: 0.0, bytes: bytes.len() };
        return Ok((bytes, summary));
    }
    let title = scenario.name.clone();
    let settled = |mut recorder: Recorder| -> Result<Recorder> {
        recorder.go(options.from);
        recorder.settle()?;
        Ok(recorder)
    };
    let theme = Theme::with_background(options.colors, options.background);
    let terminal_colors = theme.terminal_colors();
    // What it would cost is asked before anything is drawn.
    let mut recorder = Recorder::new(scenario.clone(), options, report)?;
    if !format.animated() {
        let paths = (recorder.app.runs().len() * options.step.unwrap_or(options.from)) as f64;
        budget::admit(drawing_estimate(format, 1.0, options.size, paths), None).map_err(anyhow::Error::msg)?;
        let mut recorder = settled(recorder)?;
        let step = options.step.unwrap_or(options.from);
        // Where it is to be drawn first, so that no step taken closes the text.
        recorder.go(step);
        if options.intro {
            recorder.app.show_intro();
        }
        let (buffer, _) = recorder.draw(step)?;
        let grid = Grid::from_buffer(&buffer, terminal_colors);
        let mut painter = Painter::new();
        let bytes = match format {
            Format::Svg => svg::svg(&grid, &painter, terminal_colors.1).into_bytes(),
            _ => picture::png(&painter.paint(&grid))?,
        };
        let summary = Summary { frames: 1, seconds: 0.0, bytes: bytes.len() };
        return Ok((bytes, summary));
    }
    let last = recorder.last_step();
    let to = options.to.unwrap_or(last).clamp(options.from, last.max(options.from));
    let speed = options.speed.unwrap_or_else(|| recorder.app.speed()).clamp(0.1, 1000.0);
    let fps = options.fps.unwrap_or(speed.min(20.0)).clamp(0.1, 60.0);
    let frames = frame_count(options.from, to, speed, fps);
    // Every frame draws each path to its step: on average halfway.
    let paths = frames * recorder.app.runs().len() as f64 * (options.from + to) as f64 / 2.0;
    let estimate = drawing_estimate(format, frames, options.size, paths);
    let progress = budget::admit(estimate, report.clone()).map_err(anyhow::Error::msg)?;
    let mut recorder = settled(recorder)?;
    recorder.app.set_speed(speed);
    let frames = schedule(options.from, to, speed, fps);
    let seconds = frames.last().map_or(0.0, |f| f.0);
    let bytes = match format {
        Format::Cast => {
            let (w, h) = options.size;
            let mut cast = cast::Cast::new(w, h, &format!("losscape — {title}"));
            for (k, &(t, step)) in frames.iter().enumerate() {
                let (_, bytes) = recorder.draw_playing(step)?;
                progress.part_done();
                let text = String::from_utf8_lossy(&bytes);
                if k == 0 {
                    cast.output(t, &format!("{}{text}", cast::PREAMBLE));
                } else if !text.is_empty() {
                    cast.output(t, &text);
                }
            }
            cast.finish().into_bytes()
        }
        _ => {
            // The second pass starts afresh, so that it draws what the first did.
            let mut again = settled(Recorder::new(scenario, options, &None)?)?;
            again.app.set_speed(speed);
            picture::animated_gif(&delays(&frames), terminal_colors, |pass, j| {
                let recorder = if pass == picture::GifPass::Palette { &mut recorder } else { &mut again };
                let (buffer, _) = recorder.draw_playing(frames[j].1)?;
                progress.part_done();
                Ok(buffer)
            })?
        }
    };
    Ok((bytes.clone(), Summary { frames: frames.len(), seconds, bytes: bytes.len() }))
}

/// Hundredths of a second between frame j and the next; the last frame
/// holds for two seconds.
fn delays(frames: &[(f64, usize)]) -> Vec<u16> {
    let centi = |t: f64| (t * 100.0).round() as i64;
    (0..frames.len())
        .map(|j| match frames.get(j + 1) {
            Some(next) => (centi(next.0) - centi(frames[j].0)).clamp(1, i64::from(u16::MAX)) as u16,
            None => 200,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_steps_by_speed_over_fps_and_ends_on_the_last_step() {
        let s = schedule(0, 10, 10.0, 5.0);
        assert_eq!(s.iter().map(|f| f.1).collect::<Vec<_>>(), [0, 2, 4, 6, 8, 10]);
        assert_eq!(s[1].0, 0.2);
        let slow = schedule(3, 5, 2.0, 4.0);
        assert_eq!(slow.iter().map(|f| f.1).collect::<Vec<_>>(), [3, 3, 4, 4, 5]);
        assert_eq!(schedule(7, 7, 10.0, 10.0), [(0.0, 7)]);
    }

    #[test]
    fn delays_add_up_to_the_schedule_and_the_last_frame_holds() {
        let s = schedule(0, 30, 10.0, 3.0);
        let d = delays(&s);
        let total: u32 = d[..d.len() - 1].iter().map(|&v| u32::from(v)).sum();
        assert_eq!(total, (s.last().unwrap().0 * 100.0).round() as u32);
        assert_eq!(*d.last().unwrap(), 200);
    }
}
