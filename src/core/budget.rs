//! What a computation will cost, estimated before it runs, and the limits
//! it must stay within: a file from a stranger must not occupy the machine
//! for minutes or fill its memory.

use super::landscape::Landscape;
use super::run::{Record, RunSpec};
use super::vector::INLINE;

/// The most work one scenario, basin map or sweep may ask for, in
/// gradient evaluations of a built-in function (about a minute of one core
/// at the slowest).
pub const MAX_WORK: f64 = 2e9;
/// The most steps of history a scenario's runs may keep together (each
/// takes [`RECORD_BYTES`], 168 bytes: 3 million are about 500 MB).
pub const MAX_RECORDS: u64 = 3_000_000;
/// The bytes of one step of history, as [`MAX_RECORDS`] counts them: a
/// record with one or two parameters.
pub const RECORD_BYTES: u64 = std::mem::size_of::<Record>() as u64;
/// Work above this is reported as it progresses, when run without a terminal.
pub const REPORT_WORK: f64 = 2e7;

/// What one run of `steps` steps costs, in gradient evaluations.
pub fn run_work(landscape: &Landscape, spec: &RunSpec, steps: usize) -> f64 {
    let per_step = landscape.gradient_cost(spec.batch_size);
    let dim = landscape.dim() as f64;
    let factor = spec.optimizer.hyper.family().evaluations_per_step(dim);
    steps as f64 * per_step * factor
}

/// Hessian-vector products of a network, in gradients: forward and back
/// along a direction beside each point's own passes.
const GRADIENTS_PER_HESSIAN_VECTOR: f64 = 3.0;

/// Hessian-vector products one sharpness estimate is counted as: what
/// estimates take in practice (7 to 16 along gradient descent on two
/// moons, 2-16-16-1), well below their cap of 200.
const PRODUCTS_PER_SHARPNESS: f64 = 30.0;

/// What reporting a network's sharpness at step 0 and every `every` steps
/// of one run costs, in gradient evaluations: each a Lanczos estimate of
/// about [`PRODUCTS_PER_SHARPNESS`] Hessian-vector products. Nothing for
/// `None`, or for a landscape that is not a network.
pub fn sharpness_work(landscape: &Landscape, steps: usize, every: Option<usize>) -> f64 {
    let (Some(every), crate::core::landscape::Kind::Mlp(_)) = (every, landscape.kind()) else { return 0.0 };
    let estimates = (steps / every.max(1) + 1) as f64;
    estimates * PRODUCTS_PER_SHARPNESS * GRADIENTS_PER_HESSIAN_VECTOR * landscape.gradient_cost(None)
}

/// How many records of [`MAX_RECORDS`] one step of a run weighs: 1; for
/// L-BFGS, whose every step keeps its memory and what it did, more; and
/// for more parameters than a record holds in place, their vectors too.
pub fn record_weight(spec: &RunSpec, steps: usize) -> u64 {
    let dim = spec.start.len() as u64;
    // θ, ∇f and up to three vectors of state, each with its allocation.
    let vectors = if dim > INLINE as u64 { 5 * (dim * 8 + 16) } else { 0 };
    // What the optimizer keeps from step to step (L-BFGS its memory).
    let kept = spec.optimizer.hyper.family().extra_records(steps, dim);
    1 + kept + vectors.div_ceil(RECORD_BYTES)
}

/// Why a computation is refused: what it would cost, and the limit.
pub fn check(what: &str, work: f64, records: u64) -> Result<(), String> {
    if work > MAX_WORK {
        return Err(format!(
            "{what} would take about {work:.1e} gradient evaluations; the limit is {MAX_WORK:.0e} \
             (fewer steps, optimizers, data points or pixels)"
        ));
    }
    if records > MAX_RECORDS {
        return Err(format!(
            "{what} would keep {records} steps of history (about {} MB); the limit is {MAX_RECORDS} \
             (fewer steps or optimizers)",
            records * RECORD_BYTES / 1_000_000
        ));
    }
    Ok(())
}

/// A computation about to start: what it is, what it would cost, and the
/// parts it is done in (runs, rows, frames), for its progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// What it is, as the messages name it: "this rate map".
    pub what: String,
    /// What it would cost.
    pub cost: Cost,
    /// How many parts, and what one is called ("rows", "runs", "frames").
    pub parts: (usize, &'static str),
}

/// What a computation would cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cost {
    /// Runs: gradient evaluations, and steps of history kept.
    Runs {
        /// Gradient evaluations, as [`run_work`] counts them.
        work: f64,
        /// Records of history, as [`record_weight`] weighs them.
        records: u64,
    },
    /// A recording: frames drawn, each of so many cells, and of so many
    /// pixels where each frame is also painted; every frame drawn `passes`
    /// times (a GIF's twice: once for its palette, once to encode).
    Frames {
        /// Frames in the file.
        frames: usize,
        /// Cells a frame.
        cells: usize,
        /// Pixels painted a frame (0 for text formats).
        pixels: usize,
        /// How many times each frame is drawn.
        passes: usize,
        /// Steps of path drawn over all the frames of one pass (each frame
        /// draws every optimizer's path from its start to the frame's step).
        path_steps: f64,
    },
}

/// The most frames a recording may hold: 100,000 and the last, which
/// holds the last step (a million steps at 200 steps a second and 20
/// frames a second).
pub const MAX_FRAMES: usize = 100_001;
/// The most pixels one picture or frame may have: 4096 × 4096, about 50 MB
/// an image in memory (a GIF keeps two, and a frame's cells).
pub const MAX_PIXELS: usize = 4096 * 4096;
/// The longest a recording may take to draw, in seconds of one core.
pub const MAX_DRAWING_SECONDS: f64 = 60.0;
/// A recording estimated to take longer than this reports its progress.
pub const REPORT_SECONDS: f64 = 2.0;
/// What drawing one cell of a frame costs, in seconds (the view drawn
/// through the terminal backend and diffed; measured in a release build on
/// a lesson's screens of 120×40: about 0.5 ms a frame).
const SECONDS_PER_CELL: f64 = 1e-7;
/// What drawing one step of a path costs, in seconds (a million-step run
/// recorded as 20,001 frames of 120×40 took 141 s, against 10 s for the
/// frames' cells: 1.3e-8 s a step of the paths drawn).
const SECONDS_PER_PATH_STEP: f64 = 1.3e-8;
/// What painting one pixel costs, in seconds (glyphs, palette and LZW of a
/// GIF: about 3.5 ms a pass over a frame of 1080×720 pixels, measured the
/// same way).
const SECONDS_PER_PIXEL: f64 = 5e-9;

impl Cost {
    /// Seconds of one core a recording is estimated to take to draw.
    pub fn drawing_seconds(&self) -> f64 {
        match *self {
            Cost::Runs { .. } => 0.0,
            Cost::Frames { frames, cells, pixels, passes, path_steps } => {
                let frame = cells as f64 * SECONDS_PER_CELL + pixels as f64 * SECONDS_PER_PIXEL;
                passes as f64 * (frames as f64 * frame + path_steps * SECONDS_PER_PATH_STEP)
            }
        }
    }

    /// Whether it is long enough to report how far it has got.
    fn long(&self) -> bool {
        match *self {
            Cost::Runs { work, .. } => work > REPORT_WORK,
            Cost::Frames { .. } => self.drawing_seconds() > REPORT_SECONDS,
        }
    }
}

/// Where progress is written: a line at a time (standard error, for work
/// without a terminal), or nowhere (the view draws its own).
pub type Report = Option<std::sync::Arc<dyn Fn(&str) + Send + Sync>>;

/// The gate every computation passes before it starts, on the command line
/// and in the view alike: past the limits, the one message that says what
/// it would cost, the limit, and what to change; within them, its progress,
/// which says on `report` what it is doing when it is long and then how far
/// it has got.
pub fn admit(estimate: Estimate, report: Report) -> Result<Progress, String> {
    let Estimate { what, cost, parts } = estimate;
    match cost {
        Cost::Runs { work, records } => check(&what, work, records)?,
        Cost::Frames { frames, cells, pixels, passes, path_steps } => {
            if pixels > MAX_PIXELS {
                return Err(format!(
                    "{what} would have {pixels} pixels a frame; the limit is {MAX_PIXELS} (4096×4096: a smaller \
                     --size or --pixels)"
                ));
            }
            if frames > MAX_FRAMES {
                return Err(format!(
                    "{what} would hold {frames} frames; the limit is {MAX_FRAMES} \
                     (a higher --speed, a lower --fps, or fewer steps with --from and --to)"
                ));
            }
            let seconds = cost.drawing_seconds();
            if seconds > MAX_DRAWING_SECONDS {
                let gif = if passes > 1 { ", or .cast instead of .gif" } else { "" };
                return Err(format!(
                    "{what} would take about {seconds:.0} s to draw ({frames} frames of {cells} cells, paths of \
                     {path_steps:.1e} steps in all); the limit is {MAX_DRAWING_SECONDS:.0} s (a higher --speed, a \
                     lower --fps, fewer steps with --from and --to, or a smaller --size or --pixels{gif})"
                ));
            }
        }
    }
    let report = report.filter(|_| cost.long());
    if let Some(say) = &report {
        let size = match cost {
            Cost::Runs { work, .. } => format!("about {work:.1e} gradient evaluations"),
            Cost::Frames { .. } => format!("about {:.0} s", cost.drawing_seconds().max(1.0)),
        };
        let unit = if parts.0 == 1 { parts.1.trim_end_matches('s') } else { parts.1 };
        say(&format!("losscape: {what}: {} {unit}, {size}", parts.0));
    }
    Ok(Progress { what, parts, done: std::sync::atomic::AtomicUsize::new(0), report })
}

/// How far an admitted computation has got, reported a tenth at a time.
pub struct Progress {
    what: String,
    parts: (usize, &'static str),
    done: std::sync::atomic::AtomicUsize,
    report: Report,
}

impl Progress {
    /// One more part done (from any thread).
    pub fn part_done(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let Some(say) = &self.report else { return };
        let total = self.parts.0.max(1);
        // The part that crosses each tenth, and the last.
        if done == total || (done * 10 / total) > ((done - 1) * 10 / total) {
            say(&format!("losscape: {}: {done} of {total} {} done", self.what, self.parts.1));
        }
    }

    /// Parts done so far.
    pub fn done(&self) -> usize {
        self.done.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("what", &self.what)
            .field("parts", &self.parts)
            .field("done", &self.done)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn runs(work: f64) -> Estimate {
        Estimate { what: "this map".into(), cost: Cost::Runs { work, records: 0 }, parts: (20, "rows") }
    }

    #[test]
    fn past_the_limit_is_refused_with_the_cost_and_the_limit() {
        let refused = admit(runs(1.1e12), None).unwrap_err();
        assert!(
            refused.starts_with("this map would take about 1.1e12 gradient evaluations; the limit is 2e9"),
            "{refused}"
        );
        let frames = Estimate {
            what: "this recording".into(),
            cost: Cost::Frames { frames: 600_001, cells: 4800, pixels: 0, passes: 1, path_steps: 0.0 },
            parts: (600_001, "frames"),
        };
        let refused = admit(frames, None).unwrap_err();
        assert!(refused.contains("600001 frames; the limit is 100001") && refused.contains("--fps"), "{refused}");
    }

    #[test]
    fn a_recordings_time_counts_its_cells_pixels_and_paths() {
        // 1,000 frames of 120×40 cells and 1080×720 pixels, twice, with a
        // path of 500 steps on average: 2 × (1000 × (4800 × 1e-7 +
        // 777,600 × 5e-9) + 500,000 × 1.3e-8) = 2 × (0.48 + 3.888 + 0.0065) s.
        let cost = Cost::Frames { frames: 1000, cells: 4800, pixels: 777_600, passes: 2, path_steps: 5e5 };
        assert!((cost.drawing_seconds() - 2.0 * (0.48 + 3.888 + 0.0065)).abs() < 1e-9, "{}", cost.drawing_seconds());
    }

    #[test]
    fn long_work_says_what_it_does_then_each_tenth() {
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&lines);
        let report: Report = Some(Arc::new(move |line: &str| sink.lock().unwrap().push(line.to_string())));
        let progress = admit(runs(1e8), report.clone()).unwrap();
        (0..20).for_each(|_| progress.part_done());
        let lines = lines.lock().unwrap().clone();
        assert_eq!(lines[0], "losscape: this map: 20 rows, about 1.0e8 gradient evaluations");
        assert_eq!(lines[1], "losscape: this map: 2 of 20 rows done");
        assert_eq!(lines.last().unwrap(), "losscape: this map: 20 of 20 rows done");
        assert_eq!(lines.len(), 11, "{lines:?}");
        // Short work says nothing.
        let quiet = Arc::new(Mutex::new(0));
        let count = Arc::clone(&quiet);
        let report: Report = Some(Arc::new(move |_: &str| *count.lock().unwrap() += 1));
        let progress = admit(runs(1e6), report).unwrap();
        progress.part_done();
        assert_eq!(*quiet.lock().unwrap(), 0);
    }
}
