//! losscape: watch optimizers move over loss landscapes, in the terminal.
//!
//! [`core`] holds the mathematics (landscapes, optimizers, runs, scenario
//! files) and knows nothing of terminals; [`report`] prints runs headless;
//! [`tui`] is the interactive view.
#![forbid(unsafe_code)]

pub mod cli;
pub mod core;
pub mod lessons;
pub mod report;
pub mod storage;
pub mod tui;
