//! The picker in a folder of 400 scenarios that all fit a line to one
//! 14.6 MB CSV: listing them and reading the titles a 40-row picker shows,
//! against validating every file (what listing them used to do).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use losscape::core::scenario::Scenario;
use losscape::tui::files::Picker;

/// 400 scenarios and their CSV of 100,000 long rows, made once.
fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("losscape-bench-picker-{}", std::process::id()));
    if dir.join("399.json").exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv = String::from("x,y\n");
    for i in 0..100_000u64 {
        // 146 bytes a row: numbers written out to many digits.
        let x = i as f64 / 100_000.0;
        csv.push_str(&format!("{x:.70},{:.70}\n", 2.0 * x + 1.0));
    }
    std::fs::write(dir.join("data.csv"), &csv).unwrap();
    for i in 0..400 {
        let text = format!(
            r#"{{"name": "Fit {i}", "function": {{"name": "linear_regression", "csv": "data.csv"}},
                "start": [0, 0], "steps": 10, "optimizers": [{{"type": "gd", "lr": 0.1}}]}}"#
        );
        std::fs::write(dir.join(format!("{i:03}.json")), text).unwrap();
    }
    dir
}

fn picker(c: &mut Criterion) {
    let dir = folder();
    let csv = std::fs::metadata(dir.join("data.csv")).unwrap().len();
    eprintln!("the CSV holds {csv} bytes");
    let shown = Scenario::load(&dir.join("000.json")).unwrap();
    let mut group = c.benchmark_group("picker");
    group.sample_size(10);
    group.bench_function("open_400_files_14mb_csv_40_titles", |b| {
        b.iter(|| {
            let picker = Picker::beside(&shown, None);
            for entry in picker.entries.iter().take(40) {
                black_box(entry.title());
            }
            black_box(picker)
        })
    });
    let files: Vec<PathBuf> = (0..400).map(|i| dir.join(format!("{i:03}.json"))).collect();
    group.bench_function("validate_400_files_14mb_csv", |b| {
        b.iter(|| files.iter().filter(|f| black_box(Scenario::load(Path::new(f)).is_ok())).count())
    });
    group.finish();
}

criterion_group!(benches, picker);
criterion_main!(benches);
