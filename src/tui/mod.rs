//! The interactive terminal view: set-up and restore, input, ticks, drawing.

pub mod action;
pub mod app;
pub mod job;
pub mod keymap;
pub mod theme;
pub mod view;

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::crossterm::execute;

use crate::core::scenario::Scenario;
use app::App;
use theme::ColorMode;

/// The scenario shown when no file is given: the first lesson, the tour.
pub fn default_scenario() -> Scenario {
    crate::lessons::LESSONS[0].scenario().expect("the built-in lessons are valid")
}

/// How often an open scenario file is checked for edits.
const FILE_CHECK_INTERVAL: Duration = Duration::from_millis(500);
/// How often finished parts of background work are picked up.
const WORK_CHECK_INTERVAL: Duration = Duration::from_millis(50);

/// Runs the interactive view until the user quits. The terminal is restored
/// on return, on error and on panic.
pub fn run(scenario: Scenario) -> Result<()> {
    if !io::stdout().is_terminal() {
        bail!(
            "standard output is not a terminal, so the interactive view cannot start.\n\
             Use `losscape run FILE` to print the results, or `losscape render FILE` for a text picture of the screen."
        );
    }
    let mut app = App::new(scenario, ColorMode::detect());
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    // ratatui's panic hook restores the screen; mouse capture must go too.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), event::DisableMouseCapture);
        ratatui_hook(info);
    }));
    let _ = execute!(io::stdout(), event::EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app);
    let _ = execute!(io::stdout(), event::DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    let mut last_tick = Instant::now();
    let mut last_file_check = Instant::now();
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
        }
        if app.should_quit() {
            return Ok(());
        }
        // Paused: block until something happens, waking twice a second to
        // notice edits when a file is open, and often while background work
        // fills in a map. Playing: wait for the next tick.
        let wake = match (app.working(), app.source().is_some()) {
            (true, _) => Some(WORK_CHECK_INTERVAL),
            (false, true) => Some(FILE_CHECK_INTERVAL),
            (false, false) => None,
        };
        let ready = match (app.tick_interval(), wake) {
            (Some(interval), wake) => {
                event::poll(interval.saturating_sub(last_tick.elapsed()).min(wake.unwrap_or(interval)))?
            }
            (None, Some(wake)) => event::poll(wake)?,
            (None, None) => true,
        };
        if app.source().is_some() && last_file_check.elapsed() >= FILE_CHECK_INTERVAL {
            last_file_check = Instant::now();
            dirty |= app.check_file();
        }
        if ready {
            let before = app.mode();
            dirty |= handle_event(app, event::read()?);
            if app.mode() != before {
                last_tick = Instant::now();
            }
        } else if app.tick_interval().is_some_and(|interval| last_tick.elapsed() >= interval) {
            let now = Instant::now();
            app.tick(now - last_tick);
            last_tick = now;
            dirty = true;
        }
        dirty |= app.update_background();
    }
}

/// Applies one terminal event; true if the screen may have changed.
fn handle_event(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let action = match app.overlay() {
                app::Overlay::Picker => keymap::picker_action_for(key),
                _ => keymap::action_for(key),
            };
            if let Some(action) = action {
                app.apply(action);
            }
            true
        }
        Event::Mouse(mouse) => {
            let at = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => app.press(at),
                MouseEventKind::Drag(MouseButton::Left) => app.drag_to(at),
                MouseEventKind::Up(MouseButton::Left) => app.release(at),
                MouseEventKind::ScrollUp => app.wheel(at, true),
                MouseEventKind::ScrollDown => app.wheel(at, false),
                _ => return false,
            }
            true
        }
        Event::Resize(..) => true,
        _ => false,
    }
}

/// Draws the screen the TUI would show into a buffer of the given size.
pub fn render_buffer(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend never fails");
    terminal.draw(|frame| frame.render_widget(app, frame.area())).expect("a test backend never fails");
    terminal.backend().buffer().clone()
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

fn unicode_width(symbol: &str) -> usize {
    // The symbols losscape draws are all one column wide.
    usize::from(!symbol.is_empty())
}

/// What `losscape render` can show besides the plain screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    /// The basins of attraction of the selected optimizer (`b`).
    Basins,
    /// Its learning-rate sweep (`s`).
    Sweep,
    /// Its step breakdown (`e`).
    Explain,
    /// The help (`?`).
    Help,
    /// One plot per optimizer (`v`).
    Split,
}

/// What `losscape render` prints: the screen at step K with optimizer
/// `select` (0-based) selected and the given views open, after any
/// background work has finished.
pub fn render_text(
    scenario: Scenario,
    step: usize,
    select: usize,
    show: &[Show],
    (width, height): (u16, u16),
    colors: ColorMode,
) -> String {
    let mut app = App::new(scenario, colors);
    app.apply(action::Action::Select(select));
    app.apply(action::Action::Step(i32::try_from(step).unwrap_or(i32::MAX)));
    for view in show {
        app.apply(match view {
            Show::Basins => action::Action::ToggleBasins,
            Show::Sweep => action::Action::ToggleSweep,
            Show::Explain => action::Action::ToggleExplain,
            Show::Help => action::Action::ToggleHelp,
            Show::Split => action::Action::ToggleLayout,
        });
    }
    // One frame tells the view its plot size; then let the work finish.
    render_buffer(&app, width, height);
    app.update_background();
    while app.working() {
        std::thread::sleep(Duration::from_millis(5));
        app.update_background();
    }
    buffer_text(&render_buffer(&app, width, height))
}
