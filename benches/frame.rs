//! One full frame at 200×60 with six optimizers and 1,000-step paths, drawn
//! into ratatui's TestBackend (also with every optimizer's arrows on); and
//! the bytes one step sends to a terminal.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use losscape::core::scenario::Scenario;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::ColorMode;
use losscape::tui::view::Screen;
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

const SIX_OPTIMIZERS: &str = r#"{
  "name": "Six optimizers", "function": "rosenbrock", "start": [-1.5, 2.0], "steps": 1000,
  "optimizers": [
    {"type": "gd", "lr": 0.001}, {"type": "momentum", "lr": 0.0005}, {"type": "nesterov", "lr": 0.0005},
    {"type": "adagrad", "lr": 0.5}, {"type": "rmsprop", "lr": 0.01}, {"type": "adam", "lr": 0.05}
  ]
}"#;

fn app_at_last_step() -> App {
    let scenario = Scenario::parse(SIX_OPTIMIZERS, "bench.json", Path::new("."), "bench").unwrap();
    let mut app = App::new(scenario, ColorMode::TrueColor);
    app.apply(Action::LastStep);
    app
}

fn frame(c: &mut Criterion) {
    let mut app = app_at_last_step();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut screen = Screen::new();
    // The first frame samples the landscape; later frames reuse it.
    terminal.draw(|f| f.render_stateful_widget(&app, f.area(), &mut screen)).unwrap();
    c.bench_function("frame_200x60_6_optimizers_1000_steps", |b| {
        b.iter(|| {
            terminal.draw(|f| f.render_stateful_widget(black_box(&app), f.area(), &mut screen)).unwrap();
        })
    });
    app.apply(Action::CycleArrows);
    app.apply(Action::CycleArrows);
    app.apply(Action::Step(-500));
    c.bench_function("frame_200x60_6_optimizers_arrows_on_all", |b| {
        b.iter(|| {
            terminal.draw(|f| f.render_stateful_widget(black_box(&app), f.area(), &mut screen)).unwrap();
        })
    });
    // The 3-D surface: a frame while stepping (the surface kept), and a
    // frame after a turn of the camera (the surface drawn anew).
    let mut app = app_at_last_step();
    app.apply(Action::ToggleSurface);
    app.apply(Action::Step(-500));
    terminal.draw(|f| f.render_stateful_widget(&app, f.area(), &mut screen)).unwrap();
    c.bench_function("frame_200x60_3d_surface", |b| {
        b.iter(|| {
            terminal.draw(|f| f.render_stateful_widget(black_box(&app), f.area(), &mut screen)).unwrap();
        })
    });
    c.bench_function("frame_200x60_3d_surface_after_a_turn", |b| {
        b.iter(|| {
            app.apply(Action::Pan(1, 0));
            terminal.draw(|f| f.render_stateful_widget(black_box(&app), f.area(), &mut screen)).unwrap();
        })
    });
    let mut app = app_at_last_step();
    c.bench_function("frame_200x60_after_zoom_resamples_landscape", |b| {
        let mut zoom_in = true;
        b.iter(|| {
            app.apply(if zoom_in { Action::ZoomIn } else { Action::ZoomOut });
            zoom_in = !zoom_in;
            terminal.draw(|f| f.render_stateful_widget(black_box(&app), f.area(), &mut screen)).unwrap();
        })
    });
}

/// Counts what a terminal would be sent.
#[derive(Clone, Default)]
struct Counter(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes written to a real terminal backend for one step forward at 200×60.
fn bytes_per_step() {
    let scenario = Scenario::parse(SIX_OPTIMIZERS, "bench.json", Path::new("."), "bench").unwrap();
    let mut app = App::new(scenario, ColorMode::TrueColor);
    app.apply(Action::Step(500));
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, 200, 60)) };
    let counter = Counter::default();
    let mut terminal = Terminal::with_options(CrosstermBackend::new(counter.clone()), options).unwrap();
    let mut screen = Screen::new();
    terminal.draw(|f| f.render_stateful_widget(&app, f.area(), &mut screen)).unwrap();
    let first = counter.0.get();
    let mut sizes = Vec::new();
    // 200 steps: more than one epoch of fading (an eighth of the 1,000 steps).
    for _ in 0..200 {
        let before = counter.0.get();
        app.apply(Action::Step(1));
        terminal.draw(|f| f.render_stateful_widget(&app, f.area(), &mut screen)).unwrap();
        sizes.push(counter.0.get() - before);
    }
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    sizes.sort_unstable();
    println!(
        "terminal output at 200x60: first frame {} bytes; one step: median {} bytes, mean {} bytes, max {} bytes",
        first,
        sizes[sizes.len() / 2],
        mean,
        sizes[sizes.len() - 1]
    );
}

fn all(c: &mut Criterion) {
    bytes_per_step();
    frame(c);
}

criterion_group!(benches, all);
criterion_main!(benches);
