//! `losscape ratemap`: every (learning rate, momentum) pair of one optimizer.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{complain, finish_output, load_with_optimizer, stdout};
use crate::core::analysis::{default_range, log_spaced};
use crate::core::budget;
use crate::core::ratemap::{self, HeavyBall, MOMENTUM_RANGE, evenly_spaced};
use crate::report::{RateMapFormat, RateMapReport};
use crate::sanitize::Mode;

/// The ranges and size of a rate map.
pub struct RateMapArgs {
    pub lr: (Option<f64>, Option<f64>),
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
            "error: {}: {} has no momentum to map (the map is for SGD and its momentum forms, RMSprop and the Adam family)",
            file.display(),
            entry.label
        ));
        return ExitCode::FAILURE;
    };
    let (lo, hi) = default_range(entry.spec.optimizer.lr);
    let (lr_min, lr_max) = (args.lr.0.unwrap_or(lo), args.lr.1.unwrap_or(hi));
    let (mu_min, mu_max) = (args.momentum.0.unwrap_or(MOMENTUM_RANGE.0), args.momentum.1.unwrap_or(MOMENTUM_RANGE.1));
    if !(lr_min > 0.0 && lr_min < lr_max && lr_max.is_finite()) {
        complain("error: needs 0 < --lr-min < --lr-max");
        return ExitCode::from(2);
    }
    let top = if name == "momentum" { 1.0 } else { 0.999 };
    if !(0.0..top).contains(&mu_min) || !(mu_min..top).contains(&mu_max) || mu_min >= mu_max {
        complain(&format!("error: needs 0 ≤ --momentum-min < --momentum-max < {top}"));
        return ExitCode::from(2);
    }
    let (w, h) = (usize::from(args.size.0), usize::from(args.size.1));
    let work = (w * h) as f64 * budget::run_work(&scenario.landscape, &entry.spec, scenario.steps);
    if let Err(message) = budget::check("this rate map", work, 0) {
        complain(&format!("error: {}: {message}", file.display()));
        return ExitCode::FAILURE;
    }
    if work > budget::REPORT_WORK {
        complain(&format!("losscape: mapping {w}×{h} pairs (about {work:.1e} gradient evaluations)"));
    }
    let rates = log_spaced(lr_min, lr_max, w);
    let momenta = evenly_spaced(mu_min, mu_max, h);
    let never = std::sync::atomic::AtomicBool::new(false);
    let cells = ratemap::rate_map(&scenario.landscape, &entry.spec, &rates, &momenta, &never).expect("never cancelled");
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
