//! Recording a lesson: a 300-frame GIF of the tour at 120×40, and the same
//! as asciicast; one slide figure of lesson 04 at 4000×2500 pixels, as PNG
//! and as SVG.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use losscape::lessons;
use losscape::picture::Format;
use losscape::tui::headless::{self, Options};

fn record(c: &mut Criterion) {
    let scenario = lessons::find("tour").unwrap().scenario().unwrap();
    let options = Options { to: Some(299), speed: Some(20.0), fps: Some(20.0), ..Options::default() };
    for format in [Format::Gif, Format::Cast] {
        let (bytes, summary) = headless::render(scenario.clone(), &options, format).unwrap();
        println!("{format:?}: {} frames, {:.1} s, {} bytes", summary.frames, summary.seconds, bytes.len());
    }
    let mut group = c.benchmark_group("record");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("tour_300_frames_120x40_gif", |b| {
        b.iter(|| black_box(headless::render(scenario.clone(), &options, Format::Gif).unwrap()))
    });
    group.bench_function("tour_300_frames_120x40_cast", |b| {
        b.iter(|| black_box(headless::render(scenario.clone(), &options, Format::Cast).unwrap()))
    });
    let momentum = lessons::find("momentum").unwrap().scenario().unwrap();
    let figure = Options { plot_only: true, step: Some(400), pixels: Some((4000, 2500)), ..Options::default() };
    for format in [Format::Png, Format::Svg] {
        let (bytes, _) = headless::render(momentum.clone(), &figure, format).unwrap();
        println!("figure {format:?} 4000x2500: {} bytes", bytes.len());
    }
    group.bench_function("figure_momentum_4000x2500_png", |b| {
        b.iter(|| black_box(headless::render(momentum.clone(), &figure, Format::Png).unwrap()))
    });
    group.bench_function("figure_momentum_4000x2500_svg", |b| {
        b.iter(|| black_box(headless::render(momentum.clone(), &figure, Format::Svg).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, record);
criterion_main!(benches);
