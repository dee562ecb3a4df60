//! Recording a lesson: a 300-frame GIF of the tour at 120×40, and the same
//! as asciicast.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use losscape::lessons;
use losscape::picture::{self, Format, Options};

fn record(c: &mut Criterion) {
    let scenario = lessons::find("tour").unwrap().scenario().unwrap();
    let options = Options { to: Some(299), speed: Some(20.0), fps: Some(20.0), ..Options::default() };
    for format in [Format::Gif, Format::Cast] {
        let (bytes, summary) = picture::render(scenario.clone(), &options, format).unwrap();
        println!("{format:?}: {} frames, {:.1} s, {} bytes", summary.frames, summary.seconds, bytes.len());
    }
    let mut group = c.benchmark_group("record");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("tour_300_frames_120x40_gif", |b| {
        b.iter(|| black_box(picture::render(scenario.clone(), &options, Format::Gif).unwrap()))
    });
    group.bench_function("tour_300_frames_120x40_cast", |b| {
        b.iter(|| black_box(picture::render(scenario.clone(), &options, Format::Cast).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, record);
criterion_main!(benches);
