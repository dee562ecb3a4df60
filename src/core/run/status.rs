//! How a run ends (its status), and the rule by which a run whose numbers
//! are still finite counts as running away.

/// A run whose loss has moved this many times its starting distance from
/// the lowest value (or from its start, where the lowest value is unknown)
/// away from it is running away, though its numbers are still finite.
pub const RUNAWAY_FACTOR: f64 = 1000.0;

/// Which way a run is running away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runaway {
    /// The loss is growing without bound: the run is diverging.
    Diverging,
    /// The loss is falling without bound (the landscape has no bottom).
    Unbounded,
}

/// The step from which a run is running away, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escape {
    /// The first step at which the rule held.
    pub step: usize,
    /// Up or down.
    pub kind: Runaway,
}

/// Whether a loss counts as running away from the start's: its distance
/// from f* (or, with f* unknown, from the start's loss) exceeds
/// [`RUNAWAY_FACTOR`] times the start's, the start's counted as at least 1
/// so that noise around a minimum never qualifies. A non-finite loss is
/// diverging.
pub fn runaway(start_loss: f64, loss: f64, lowest: Option<f64>) -> Option<Runaway> {
    if loss.is_nan() || loss == f64::INFINITY {
        return Some(Runaway::Diverging);
    }
    if loss == f64::NEG_INFINITY {
        return Some(Runaway::Unbounded);
    }
    match lowest {
        Some(f_star) => {
            let allowed = RUNAWAY_FACTOR * (start_loss - f_star).abs().max(1.0);
            (loss - f_star > allowed).then_some(Runaway::Diverging)
        }
        None => {
            let allowed = RUNAWAY_FACTOR * start_loss.abs().max(1.0);
            if loss - start_loss > allowed {
                Some(Runaway::Diverging)
            } else if start_loss - loss > allowed {
                Some(Runaway::Unbounded)
            } else {
                None
            }
        }
    }
}

/// The kind of a run's ending, without its step or reason: what maps,
/// sweeps and reports sort runs by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ending {
    /// Still going.
    Running,
    /// A stop rule was met.
    Converged,
    /// The loss or a parameter became non-finite or huge.
    Diverged,
    /// The optimizer could not step on.
    Stopped,
    /// Every step allowed was taken.
    MaxSteps,
}

impl Ending {
    /// `running`, `converged`, `diverged`, `stopped` or `max_steps`, as
    /// exports write it.
    pub fn name(self) -> &'static str {
        match self {
            Ending::Running => "running",
            Ending::Converged => "converged",
            Ending::Diverged => "diverged",
            Ending::Stopped => "stopped",
            Ending::MaxSteps => "max_steps",
        }
    }
}

impl std::fmt::Display for Ending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How a run ended, or that it has not.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Still going.
    Running,
    /// A stop rule was met at `step`.
    Converged { step: usize, rule: String },
    /// The loss or a parameter became non-finite or huge at `step`.
    Diverged { step: usize, reason: String },
    /// The optimizer could not step past `step` (e.g. a singular Hessian).
    Stopped { step: usize, reason: String },
    /// It took every step it was allowed.
    MaxSteps { step: usize },
}

impl Status {
    /// Its kind.
    pub fn ending(&self) -> Ending {
        match self {
            Status::Running => Ending::Running,
            Status::Converged { .. } => Ending::Converged,
            Status::Diverged { .. } => Ending::Diverged,
            Status::Stopped { .. } => Ending::Stopped,
            Status::MaxSteps { .. } => Ending::MaxSteps,
        }
    }

    /// `running`, `converged`, `diverged`, `stopped` or `max_steps`.
    pub fn name(&self) -> &'static str {
        self.ending().name()
    }

    /// Why it ended, where that says more than the name.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Status::Converged { rule: r, .. }
            | Status::Diverged { reason: r, .. }
            | Status::Stopped { reason: r, .. } => Some(r),
            Status::Running | Status::MaxSteps { .. } => None,
        }
    }

    /// The step it ended at.
    pub fn step(&self) -> Option<usize> {
        match self {
            Status::Running => None,
            Status::Converged { step, .. }
            | Status::Diverged { step, .. }
            | Status::Stopped { step, .. }
            | Status::MaxSteps { step } => Some(*step),
        }
    }

    /// A short phrase: "converged at step 143", "stopped: singular Hessian".
    pub fn describe(&self) -> String {
        match self {
            Status::Running => "running".into(),
            Status::Converged { step, .. } => format!("converged at step {step}"),
            Status::Diverged { step, .. } => format!("diverged at step {step}"),
            Status::Stopped { reason, .. } => format!("stopped: {reason}"),
            Status::MaxSteps { .. } => "max steps".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runaway_is_a_thousandfold_move_away_from_the_start() {
        // With f* = 0: a start at loss 156 runs away above 156,000.
        assert_eq!(runaway(156.0, 155_000.0, Some(0.0)), None);
        assert_eq!(runaway(156.0, 157_000.0, Some(0.0)), Some(Runaway::Diverging));
        // Near a minimum the start counts as 1: noise around 1e-9 is not running away.
        assert_eq!(runaway(1e-9, 5.0, Some(0.0)), None);
        // f* = −0.25: distances are measured from it.
        assert_eq!(runaway(0.75, 999.0, Some(-0.25)), None);
        assert_eq!(runaway(0.75, 1000.0, Some(-0.25)), Some(Runaway::Diverging));
        // Without f*: up is diverging, down is unbounded.
        assert_eq!(runaway(2.25, -2300.0, None), Some(Runaway::Unbounded));
        assert_eq!(runaway(2.25, 2300.0, None), Some(Runaway::Diverging));
        assert_eq!(runaway(2.25, -2000.0, None), None);
        assert_eq!(runaway(2.25, f64::NAN, None), Some(Runaway::Diverging));
    }
}
