//! losscape: watch optimizers move over loss landscapes, in the terminal.
//!
//! [`core`] holds the mathematics (landscapes, optimizers, runs, scenario
//! files) and knows nothing of terminals; [`report`] prints runs headless;
//! [`tui`] is the interactive view, [`picture`] encodes its screens (and
//! figures) as files, and [`look`] is how both show landscapes.
//!
//! Running a scenario without a terminal:
//!
//! ```
//! use std::path::Path;
//! use losscape::core::scenario::Scenario;
//!
//! let text = r#"{"function": "parabola", "start": 10, "steps": 20,
//!                "optimizers": [{"type": "gd", "lr": 0.1}]}"#;
//! let scenario = Scenario::parse(text, "example.json", Path::new("."), "example").unwrap();
//! let run = &scenario.computed_runs()[0];
//! // f'' = 2, so each step multiplies the distance to x = −2.5 by 1 − 2·0.1 = 0.8.
//! let x = run.record(20).params[0];
//! assert!((x + 2.5 - 12.5 * 0.8f64.powi(20)).abs() < 1e-12);
//! ```
#![forbid(unsafe_code)]

pub mod cli;
pub mod config;
pub mod core;
pub mod course;
pub mod lessons;
pub mod look;
pub mod picture;
pub mod report;
pub mod storage;
pub mod tui;

/// The number formats of every output (they live in [`core`], which shows numbers too).
pub use crate::core::format;
/// The one rule for text from files and typing (it lives in [`core`], which reads files).
pub use crate::core::sanitize;
