//! The interactive terminal view: set-up and restore, input, ticks, drawing.

pub mod action;
pub mod app;
pub mod command;
pub mod files;
pub mod headless;
pub mod jobs;
pub mod keymap;
pub mod pointer;
pub mod theme;
pub mod view;
pub mod viewport;

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use ratatui::Terminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::execute;

use crate::core::scenario::Scenario;
use crate::picture::cast::CastFile;
use app::{App, finish_recording};
pub use headless::{
    Show, buffer_text, prepare_view, render_buffer, render_settled, render_text, render_view, render_with,
};
use pointer::Pointer;
use theme::ColorMode;
use view::Screen;

/// The scenario shown when no file is given: the first lesson, the tour.
pub fn default_scenario() -> Scenario {
    crate::lessons::LESSONS[0].scenario().expect("the built-in lessons are valid")
}

/// How often an open scenario file is checked for edits.
const FILE_CHECK_INTERVAL: Duration = Duration::from_millis(500);
/// How often finished parts of background work are picked up.
const WORK_CHECK_INTERVAL: Duration = Duration::from_millis(50);

/// What the interactive view opens with, besides its scenario and colours.
#[derive(Debug, Clone, Default)]
pub struct Opening {
    /// The course `n` and `p` move through, and the scenario's place in it.
    pub course: Option<(crate::course::Course, usize)>,
    /// Where playback speed comes from.
    pub speed: app::StartSpeed,
    /// Whether the view opens in presenter mode.
    pub presenter: bool,
}

impl Opening {
    /// Sets up `app` as this opening says.
    pub fn apply(self, app: &mut App) {
        if let Some((course, at)) = self.course {
            app.set_course(course, at);
        }
        app.set_start_speed(self.speed);
        if self.presenter && !app.presenter() {
            app.apply(action::Action::TogglePresenter);
        }
    }
}

/// Runs the interactive view until the user quits, in the colours `color`
/// asks for (`None`: see [`theme::depth`]). The terminal is restored on
/// return, on error and on panic.
pub fn run(
    scenario: Scenario,
    background: theme::Background,
    color: Option<theme::ColorChoice>,
    opening: Opening,
) -> Result<()> {
    if !io::stdout().is_terminal() {
        bail!(
            "standard output is not a terminal, so the interactive view cannot start.\n\
             Use `losscape run FILE` to print the results, or `losscape render FILE` for a text picture of the screen."
        );
    }
    let mode = color_mode(color)?;
    // The maps' parallel work is scheduled below the view, as the runs' is
    // (the pool may be built already: then it stays as it is).
    let _ = rayon::ThreadPoolBuilder::new().start_handler(|_| jobs::below_the_view()).build_global();
    // The live view never waits for a run: runs are computed beside it.
    let mut app = App::with_background(scenario, theme::Theme::with_background(mode, background), true);
    opening.apply(&mut app);
    app.show_intro();
    let tee = Tee::default();
    // On panic the terminal is given back first, mouse capture included.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), event::DisableMouseCapture, event::DisableBracketedPaste);
        ratatui::restore();
        hook(info);
    }));
    enter_terminal();
    let mut terminal = match Terminal::new(ratatui::backend::CrosstermBackend::new(tee.clone())) {
        Ok(terminal) => terminal,
        Err(e) => {
            leave_terminal();
            return Err(e).context("cannot set up the terminal");
        }
    };
    let _ = execute!(io::stdout(), event::EnableMouseCapture);
    let redraw = Arc::new(AtomicBool::new(false));
    let recording = SharedRecording::default();
    if let Err(e) = watch_signals(Arc::clone(&redraw), Arc::clone(&recording)) {
        leave_terminal();
        return Err(e);
    }
    let result = event_loop(&mut terminal, &tee, &mut app, &redraw, &recording);
    // A recording still going (the loop ended on an error) is finished too.
    let unfinished = take_recording(&recording).map(|r| finish_recording(r.cast, r.start.elapsed().as_secs_f64()));
    leave_terminal();
    // An export asked for is written before the program ends, the terminal given back meanwhile.
    if app.exporting().is_some() {
        farewell("finishing the export of the trajectories");
    }
    match app.finish_export() {
        Some(Ok(path)) => farewell(&format!("wrote trajectories to {}", path.display())),
        Some(Err(e)) => farewell(&e),
        None => {}
    }
    // So is a picture.
    match app.finish_picture() {
        Some(Ok((png, svg))) => farewell(&format!("wrote the screen to {} and {}", png.display(), svg.display())),
        Some(Err(e)) => farewell(&e),
        None => {}
    }
    // What became of a recording is said once the terminal is back, and a
    // recording that could not be saved is an error.
    match (result, unfinished) {
        (Err(e), Some(Ok(note) | Err(note))) => {
            farewell(&note);
            Err(e)
        }
        (Err(e), None) => Err(e),
        (Ok(_), Some(Err(note))) | (Ok(Some(Err(note))), None) => bail!("{note}"),
        (Ok(_), Some(Ok(note))) | (Ok(Some(Ok(note))), None) => {
            farewell(&note);
            Ok(())
        }
        (Ok(None), None) => Ok(()),
    }
}

/// The colour mode for the live view. Asking the terminal needs raw mode,
/// which is taken for the question and kept for the view; a wrong
/// `LOSSCAPE_COLOR` is said before the screen is touched.
fn color_mode(color: Option<theme::ColorChoice>) -> Result<ColorMode> {
    use theme::depth;
    struct Live;
    impl depth::Oracle for Live {
        fn tmux(&mut self) -> Option<ColorMode> {
            depth::ask_tmux()
        }
        fn terminal(&mut self) -> Option<ColorMode> {
            ratatui::crossterm::terminal::enable_raw_mode().ok()?;
            depth::ask_terminal()
        }
    }
    let mode = depth::decide(color, &depth::Environment::current(), &mut Live).map_err(anyhow::Error::msg)?;
    depth::allow_colour_codes(mode);
    Ok(mode)
}

/// Gives the terminal back: mouse reporting and bracketed paste off, then
/// raw mode, the alternate screen and the hidden cursor (ratatui's restore).
fn leave_terminal() {
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        ratatui::crossterm::cursor::Show
    );
    ratatui::restore();
}

/// Takes the terminal again after a stop: raw mode, the alternate screen,
/// mouse reporting, bracketed paste, the cursor hidden.
fn enter_terminal() {
    use ratatui::crossterm::{cursor, terminal};
    let _ = terminal::enable_raw_mode();
    let _ = execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    );
}

/// Signals sent to the view from outside: SIGTERM, SIGINT, SIGHUP and
/// SIGQUIT finish a recording in progress, give the terminal back, say where
/// the recording is, and exit (with 128 + the signal, as a shell reports
/// it); SIGTSTP (Ctrl-Z from a shell's job control) gives it back and
/// stops, and on continuing takes it again and asks for a full redraw,
/// waking the event loop with a resize.
fn watch_signals(redraw: Arc<AtomicBool>, recording: SharedRecording) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT])
        .context("cannot watch for signals")?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            match signal {
                SIGTSTP => {
                    leave_terminal();
                    // Stops here until continued.
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                }
                SIGCONT => {
                    enter_terminal();
                    redraw.store(true, Ordering::SeqCst);
                    let _ = signal_hook::low_level::raise(SIGWINCH);
                }
                other => {
                    let note =
                        take_recording(&recording).map(|r| finish_recording(r.cast, r.start.elapsed().as_secs_f64()));
                    // An export being written is stopped: nothing half-written stays.
                    crate::storage::remove_temporaries();
                    leave_terminal();
                    if let Some(Ok(note) | Err(note)) = note {
                        farewell(&note);
                    }
                    std::process::exit(128 + other);
                }
            }
        }
    });
    Ok(())
}

/// The live terminal's writer: standard output, and, while the screen is
/// recorded, a copy of every byte for the recording.
#[derive(Clone, Default)]
struct Tee {
    tape: std::rc::Rc<std::cell::RefCell<Option<Vec<u8>>>>,
}

impl Tee {
    /// Starts (or stops) keeping a copy.
    fn keep(&self, on: bool) {
        *self.tape.borrow_mut() = on.then(Vec::new);
    }

    /// The copy since the last take.
    fn take(&self) -> Vec<u8> {
        self.tape.borrow_mut().as_mut().map(std::mem::take).unwrap_or_default()
    }
}

impl io::Write for Tee {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = io::stdout().write(buf)?;
        if let Some(tape) = self.tape.borrow_mut().as_mut() {
            tape.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush()
    }
}

/// A recording of the live screen in progress, written to its file frame
/// by frame.
struct Recording {
    cast: CastFile,
    start: Instant,
    first: bool,
    /// The terminal's size as last recorded (a resize is an event).
    size: (u16, u16),
    /// Whether the status bar said that writing it fails.
    warned: bool,
}

/// The recording in progress, shared with the thread that watches for
/// signals, which finishes it before the program ends.
type SharedRecording = Arc<Mutex<Option<Recording>>>;

/// Takes the recording in progress, if any, whatever another thread did
/// while holding it.
fn take_recording(shared: &SharedRecording) -> Option<Recording> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
}

/// A line on standard error, which may be gone (a closed SSH connection).
fn farewell(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(io::stderr(), "losscape: {}", crate::sanitize::visible_lines(line));
}

type LiveTerminal = Terminal<ratatui::backend::CrosstermBackend<Tee>>;

/// Blanks ratatui's idea of the screen and the screen itself, so that the
/// next frame is drawn whole. (Terminal::clear would ask the terminal for
/// the cursor position, an answer the event reader takes.)
fn blank(terminal: &mut LiveTerminal) -> Result<()> {
    terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()))?;
    execute!(io::stdout(), ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All))?;
    Ok(())
}

/// What became of the recording that was going when the user quit: where
/// it was saved, or why it could not be.
type QuitNote = Option<std::result::Result<String, String>>;

fn event_loop(
    terminal: &mut LiveTerminal,
    tee: &Tee,
    app: &mut App,
    redraw: &AtomicBool,
    recording: &SharedRecording,
) -> Result<QuitNote> {
    let mut screen = Screen::new();
    // The screen as last laid out and drawn: what the mouse points at.
    let mut shown: Option<view::ScreenLayout> = None;
    let mut pointer = Pointer::default();
    let mut last_tick = Instant::now();
    let mut last_file_check = Instant::now();
    let mut dirty = true;
    loop {
        if redraw.swap(false, Ordering::SeqCst) {
            // The terminal was given back and taken again, and what it shows
            // is unknown: the next frame is drawn whole.
            blank(terminal)?;
            dirty = true;
        }
        match app.take_request() {
            Some(app::Request::Picture) => {
                // The screen as it is drawn now; the state has it encoded and written.
                let size = terminal.size()?;
                app.save_picture(render_with(app, &mut screen, size.width, size.height));
                dirty = true;
            }
            Some(app::Request::Recording) => {
                dirty = true;
                match take_recording(recording) {
                    Some(done) => {
                        tee.keep(false);
                        let _ = app.close_recording(done.cast, done.start.elapsed().as_secs_f64());
                    }
                    None => {
                        let size = terminal.size()?;
                        if let Some(cast) = app.open_recording((size.width, size.height)) {
                            blank(terminal)?;
                            tee.keep(true);
                            let size = (size.width, size.height);
                            let started = Recording { cast, start: Instant::now(), first: true, size, warned: false };
                            *recording.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(started);
                        }
                    }
                }
            }
            None => {}
        }
        // The frame is laid out first; background work is started (for the
        // plot as it is about to be drawn, so that no frame shows a map of
        // another view) and read back before it is drawn and before the
        // wait below is chosen, so that a view opened with a map (or a map
        // whose job has just finished) is drawn without waiting for a key.
        if dirty || app.working() || shown.is_none() {
            let size = terminal.size()?;
            let (next, changed) = prepare_frame(app, ratatui::layout::Rect::new(0, 0, size.width, size.height));
            if dirty || changed || shown.as_ref().is_none_or(|s| *s != next) {
                dirty = true;
                shown = Some(next);
            }
        }
        if dirty && let Some(layout) = &shown {
            let area = terminal
                .draw(|frame| {
                    // A resize between the layout and the frame: laid out again.
                    let again = (frame.area() != layout.area).then(|| view::layout(app, frame.area()));
                    view::draw(app, again.as_ref().unwrap_or(layout), &mut screen, frame.buffer_mut());
                })?
                .area;
            dirty = false;
            let mut shared = recording.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(r) = shared.as_mut() {
                record_frame(r, tee, (area.width, area.height));
                if let Some(trouble) = r.cast.trouble().filter(|_| !r.warned) {
                    r.warned = true;
                    app.recording_trouble(trouble);
                    dirty = true;
                } else if r.cast.trouble().is_none() {
                    r.warned = false;
                }
            }
        }
        if app.should_quit() {
            // A recording in progress is kept.
            let note = take_recording(recording).map(|done| {
                tee.keep(false);
                app.close_recording(done.cast, done.start.elapsed().as_secs_f64())
            });
            return Ok(note);
        }
        // Paused: block until something happens, waking twice a second to
        // notice edits when a file is open, and often while background work
        // fills in a map. Playing: wait for the next tick.
        let wake = match (app.working(), app.source().is_some()) {
            (true, _) => Some(WORK_CHECK_INTERVAL),
            (false, true) => Some(FILE_CHECK_INTERVAL),
            (false, false) => None,
        };
        let wake = if dirty { Some(Duration::ZERO) } else { wake };
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
            let event = event::read()?;
            dirty |= match &shown {
                Some(layout) => handle_event(app, &mut pointer, layout, event),
                None => true,
            };
            if app.mode() != before {
                last_tick = Instant::now();
            }
        } else if app.tick_interval().is_some_and(|interval| last_tick.elapsed() >= interval) {
            let now = Instant::now();
            app.tick(now - last_tick);
            last_tick = now;
            dirty = true;
        }
    }
}

/// What comes before a frame over `area` is drawn: it is laid out, and the
/// background work is started or read back for that layout (the basin map
/// for the plot as it is about to be drawn, so that no frame shows a map of
/// another view); where what arrived moves things (a map the budget refused
/// closes), it is laid out again. The help's scroll is kept within what it
/// can show. Returns the layout to draw, and whether the background sent
/// anything new.
pub fn prepare_frame(app: &mut App, area: ratatui::layout::Rect) -> (view::ScreenLayout, bool) {
    let mut next = view::layout(app, area);
    let changed = app.update_background(next.selected_plot());
    if changed {
        next = view::layout(app, area);
        app.update_background(next.selected_plot());
    }
    app.limit_help_scroll(next.help_scroll_limit());
    (next, changed)
}

/// Adds what the last frame sent the terminal to the recording: a resize
/// event first where the terminal changed size (the frame after it is drawn
/// whole), then the output.
fn record_frame(r: &mut Recording, tee: &Tee, size: (u16, u16)) {
    let bytes = tee.take();
    let text = String::from_utf8_lossy(&bytes);
    let time = r.start.elapsed().as_secs_f64();
    if size != r.size {
        r.size = size;
        r.cast.resize(time, size.0, size.1);
    }
    if std::mem::take(&mut r.first) {
        r.cast.output(time, &format!("{}{text}", crate::picture::cast::PREAMBLE));
    } else if !text.is_empty() {
        r.cast.output(time, &text);
    }
}

/// Applies one terminal event; true if the screen may have changed.
fn handle_event(app: &mut App, pointer: &mut Pointer, layout: &view::ScreenLayout, event: Event) -> bool {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let action = match app.overlay() {
                app::Overlay::Picker => keymap::picker_action_for(key),
                app::Overlay::Help => keymap::help_action_for(key),
                app::Overlay::Command => keymap::command_action_for(key),
                app::Overlay::None => keymap::action_for(key),
            };
            if let Some(action) = action {
                app.apply(action);
            }
            true
        }
        Event::Mouse(mouse) if app.overlay() == app::Overlay::Help => {
            use ratatui::crossterm::event::MouseEventKind;
            match mouse.kind {
                MouseEventKind::ScrollUp => app.apply(action::Action::HelpScroll(-3)),
                MouseEventKind::ScrollDown => app.apply(action::Action::HelpScroll(3)),
                _ => return false,
            }
            true
        }
        Event::Mouse(mouse) => match pointer.action_for(mouse, layout) {
            Some(action) => {
                app.apply(action);
                true
            }
            None => false,
        },
        Event::Paste(text) => {
            app.paste(&text);
            true
        }
        Event::Resize(..) => true,
        _ => false,
    }
}
