//! `losscape ratemap`: every (learning rate, momentum) pair of one optimizer.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;

use super::{admit, complain, finish_output, load_with_optimizer, stdout};
use crate::core::analysis::{default_range, log_spaced};
use crate::core::budget;
use crate::core::ratemap::{self, HeavyBall, MOMENTUM_RANGE, evenly_spaced};
use crate::report::{RateMapFormat, RateMapReport};
use crate::sanitize::Mode;

/// The learning rates a sweep or rate map spans, as the flags give them.
#[derive(Debug, clap::Args)]
pub struct LrRange {
    /// The smallest learning rate (default: the optimizer's lr / 1000).
    #[arg(long, value_parser = super::numbers::positive)]
    pub lr_min: Option<f64>,
    /// The largest learning rate (default: the optimizer's lr × 100).
    #[arg(long, value_parser = super::numbers::positive)]
    pub lr_max: Option<f64>,
}

impl LrRange {
    /// The range around an optimizer's rate `lr`, the flags overriding
    /// either end; an empty or non-positive range is a usage error.
    pub fn around(&self, lr: f64) -> Result<(f64, f64), ExitCode> {
        let (lo, hi) = default_range(lr);
        let (lo, hi) = (self.lr_min.unwrap_or(lo), self.lr_max.unwrap_or(hi));
        if lo > 0.0 && hi.is_finite() && lo < hi {
            Ok((lo, hi))
        } else {
            complain(&format!("error: the learning rates must satisfy 0 < --lr-min < --lr-max, got {lo} and {hi}"));
            Err(ExitCode::from(2))
        }
    }
}

/// The ranges and size of a rate map.
pub struct RateMapArgs {
    pub rates: LrRange,
    pub momentum: (Option<f64>, Option<f64>),
    pub size: (u16, u16),
    pub format: RateMapFormat,
}

pub fn ratemap(file: &Path, label: Option<&str>, args: &RateMapArgs) -> ExitCode {
    let (scenario, index) = match load_with_optimizer(file, label) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let entry = &scenario.optimizers[index];
    let Some(name) = ratemap::momentum_name(&entry.spec.optimizer) else {
        complain(&format!(
            "error: {}: {} has no momentum to map (the map is for SGD and its momentum forms, RMSprop, the Adam family and Lion)",
            file.display(),
            entry.label
        ));
        return ExitCode::FAILURE;
    };
    let (lr_min, lr_max) = match args.rates.around(entry.spec.optimizer.lr) {
        Ok(range) => range,
        Err(code) => return code,
    };
    let (mu_min, mu_max) = (args.momentum.0.unwrap_or(MOMENTUM_RANGE.0), args.momentum.1.unwrap_or(MOMENTUM_RANGE.1));
    let top = if name == "momentum" { 1.0 } else { 0.999 };
    if !(0.0..top).contains(&mu_min) || !(mu_min..top).contains(&mu_max) || mu_min >= mu_max {
        complain(&format!("error: needs 0 ≤ --momentum-min < --momentum-max < {top}"));
        return ExitCode::from(2);
    }
    let (w, h) = (usize::from(args.size.0), usize::from(args.size.1));
    let work = (w * h) as f64 * budget::run_work(&scenario.landscape, &entry.spec, scenario.steps);
    let estimate = budget::Estimate {
        what: format!("this rate map of {w}×{h} pairs"),
        cost: budget::Cost::Runs { work, records: 0 },
        parts: (h, "rows"),
    };
    let progress = match admit(file, estimate) {
        Ok(progress) => progress,
        Err(code) => return code,
    };
    let rates = log_spaced(lr_min, lr_max, w);
    let momenta = evenly_spaced(mu_min, mu_max, h);
    let never = std::sync::atomic::AtomicBool::new(false);
    let cells: Vec<Vec<ratemap::RatePoint>> = momenta
        .par_iter()
        .map(|&mu| {
            let row = ratemap::rate_row(&scenario.landscape, &entry.spec, &rates, mu, &never);
            progress.part_done();
            row.expect("never cancelled")
        })
        .collect();
    let report = RateMapReport {
        label: &entry.label,
        momentum_name: name,
        rates: &rates,
        momenta: &momenta,
        cells: &cells,
        lowest: scenario.landscape.minima().iter().find(|m| m.global).map(|m| m.value),
        theory: HeavyBall::of(&scenario.landscape, &entry.spec),
    };
    let mut out = stdout(if args.format == RateMapFormat::Json { Mode::Json } else { Mode::Text });
    finish_output(report.write(&mut out, args.format).and_then(|()| out.flush()))
}
