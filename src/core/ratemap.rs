//! The map of every (learning rate, momentum) pair: how far one optimizer
//! gets from its start in the scenario's steps, over log-spaced rates and
//! momenta in [0, 1), computed in parallel without history; and, for heavy
//! ball on a quadratic, the theory's stable region and optimum.

use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use super::Vector;
use super::eigen::eigenvalues;
use super::landscape::Landscape;
use super::optim::Optimizer;
use super::run::{Ending, RunSpec, runaway, simulate_unless};

/// One (learning rate, momentum) pair's outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatePoint {
    /// The loss after the last step (non-finite when it blew up).
    pub final_loss: f64,
    /// Steps taken.
    pub steps: usize,
    /// How the run ended.
    pub status: Ending,
    /// Whether it ran away (its loss 1,000 times its starting distance from
    /// f* away), diverged or not: drawn and counted as diverged.
    pub escaped: bool,
}

impl RatePoint {
    /// log10 of its final loss above f* (`lowest`), where it neither blew
    /// up nor ran away: the map's measure of how far the run got.
    pub fn gap(&self, lowest: f64) -> Option<f64> {
        (!self.escaped && self.final_loss.is_finite()).then(|| (self.final_loss - lowest).max(1e-300).log10())
    }
}

/// The pair with the lowest final loss among `cells` (row, column, point),
/// as (row, column).
pub fn best<'a>(cells: impl IntoIterator<Item = (usize, usize, &'a RatePoint)>, lowest: f64) -> Option<(usize, usize)> {
    cells
        .into_iter()
        .filter_map(|(r, c, p)| p.gap(lowest).map(|g| ((r, c), g)))
        .fold(None, |best: Option<((usize, usize), f64)>, (at, g)| match best {
            Some((_, b)) if b <= g => best,
            _ => Some((at, g)),
        })
        .map(|b| b.0)
}

/// Where a gap stands between the lowest and highest shown, in ten levels:
/// 0 the lowest, 9 the highest (the digit `losscape ratemap` prints).
pub fn level(gap: f64, lo: f64, hi: f64) -> u32 {
    let t = if hi > lo { ((gap - lo) / (hi - lo)).clamp(0.0, 1.0) } else { 0.0 };
    (t * 9.0).round() as u32
}

/// What the map's second axis sets, for an optimizer, as its family
/// declares it: SGD's momentum (GD's too, which makes it heavy ball),
/// RMSprop's momentum, the Adam family's and Lion's β1. `None` for
/// optimizers without one.
pub fn momentum_name(optimizer: &Optimizer) -> Option<&'static str> {
    optimizer.hyper.family().rate_axis().map(|a| a.name)
}

/// The momentum (as [`momentum_name`] names it) an optimizer has.
pub fn momentum_of(optimizer: &Optimizer) -> Option<f64> {
    optimizer.hyper.family().rate_axis().map(|a| a.value)
}

/// The optimizer at rate `lr` and momentum `mu`.
pub fn with_rate_and_momentum(optimizer: &Optimizer, lr: f64, mu: f64) -> Optimizer {
    let mut o = *optimizer;
    o.lr = lr;
    o.hyper.family_mut().set_rate_axis(mu);
    // GD with momentum is heavy ball: a type that takes a momentum.
    if let Some(kind) = o.kind.declaration().rate_map_as {
        o.kind = kind;
    }
    o
}

/// n momenta spaced evenly from `lo` to `hi` inclusive.
pub fn evenly_spaced(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    match n {
        0 => vec![],
        1 => vec![lo],
        _ => (0..n).map(|k| if k == n - 1 { hi } else { lo + (hi - lo) * k as f64 / (n - 1) as f64 }).collect(),
    }
}

/// The default momentum range: from none to 0.99.
pub const MOMENTUM_RANGE: (f64, f64) = (0.0, 0.99);

/// One row of the map: every rate at momentum `mu`; `None` soon after
/// `cancel` is set, even in the middle of a run.
pub fn rate_row(
    landscape: &Landscape,
    spec: &RunSpec,
    rates: &[f64],
    mu: f64,
    cancel: &AtomicBool,
) -> Option<Vec<RatePoint>> {
    let start = landscape.value(&spec.start);
    let lowest = landscape.minima().iter().find(|m| m.global).map(|m| m.value);
    rates
        .iter()
        .map(|&lr| {
            let spec = RunSpec { optimizer: with_rate_and_momentum(&spec.optimizer, lr, mu), ..spec.clone() };
            let outcome = simulate_unless(landscape, &spec, cancel)?;
            let status = outcome.status.ending();
            let escaped = status == Ending::Diverged || runaway(start, outcome.last.loss, lowest).is_some();
            Some(RatePoint { final_loss: outcome.last.loss, steps: outcome.steps, status, escaped })
        })
        .collect()
}

/// The whole map, rows (momenta) in parallel; `None` once `cancel` is set.
pub fn rate_map(
    landscape: &Landscape,
    spec: &RunSpec,
    rates: &[f64],
    momenta: &[f64],
    cancel: &AtomicBool,
) -> Option<Vec<Vec<RatePoint>>> {
    momenta.par_iter().map(|&mu| rate_row(landscape, spec, rates, mu, cancel)).collect()
}

/// Heavy ball on a quadratic: the Hessian's extreme eigenvalues (weight
/// decay included) and what they imply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeavyBall {
    /// The smallest eigenvalue.
    pub lambda_min: f64,
    /// The largest.
    pub lambda_max: f64,
}

impl HeavyBall {
    /// The theory for this optimizer on this landscape: only torch's SGD
    /// form without dampening or Nesterov (heavy ball: θ ← θ − lr·g + μ(θ −
    /// θ₋₁)), on a landscape whose Hessian is the same everywhere and
    /// positive definite.
    pub fn of(landscape: &Landscape, spec: &RunSpec) -> Option<HeavyBall> {
        let weight_decay = spec.optimizer.hyper.family().heavy_ball()?;
        let dim = landscape.dim();
        if dim > super::eigen::MAX_EXPLAINED_HESSIAN {
            return None;
        }
        let h = landscape.hessian(&spec.start);
        // Three points elsewhere: in more dimensions, their coordinates
        // repeat the pair.
        let elsewhere = [[0.0, 0.0], [1.3, -0.7], [-2.1, 0.4]];
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + a.abs());
        let constant = elsewhere.iter().all(|pair| {
            let g = landscape.hessian(Vector::from_fn(dim, |i| pair[i % 2]));
            (0..dim).all(|i| (0..dim).all(|j| same(g[i][j], h[i][j])))
        });
        if !constant {
            return None;
        }
        let values = eigenvalues(&h)?;
        let (low, high) = (values[0], values[values.len() - 1]);
        let (lambda_min, lambda_max) = (low + weight_decay, high + weight_decay);
        (lambda_min > 0.0 && lambda_max.is_finite()).then_some(HeavyBall { lambda_min, lambda_max })
    }

    /// The largest stable rate at momentum μ: 2(1 + μ)/λmax.
    pub fn max_lr(&self, mu: f64) -> f64 {
        2.0 * (1.0 + mu) / self.lambda_max
    }

    /// Whether (lr, μ) converges: 0 ≤ μ < 1 and 0 < lr < 2(1 + μ)/λmax.
    pub fn stable(&self, lr: f64, mu: f64) -> bool {
        (0.0..1.0).contains(&mu) && lr > 0.0 && lr < self.max_lr(mu)
    }

    /// The fastest pair: lr = (2/(√λmax + √λmin))², μ = ((√κ − 1)/(√κ + 1))².
    pub fn optimum(&self) -> (f64, f64) {
        let (a, b) = (self.lambda_max.sqrt(), self.lambda_min.sqrt());
        let kappa = (self.lambda_max / self.lambda_min).sqrt();
        ((2.0 / (a + b)).powi(2), ((kappa - 1.0) / (kappa + 1.0)).powi(2))
    }

    /// The asymptotic rate of convergence at (lr, μ): the spectral radius of
    /// heavy ball's iteration matrix, the largest over the two eigenvalues
    /// of |roots of z² − (1 + μ − lr·λ)z + μ|.
    pub fn rate(&self, lr: f64, mu: f64) -> f64 {
        let radius = |lambda: f64| {
            let b = 1.0 + mu - lr * lambda;
            let disc = b * b - 4.0 * mu;
            if disc < 0.0 { mu.sqrt() } else { (b.abs() + disc.sqrt()) / 2.0 }
        };
        radius(self.lambda_min).max(radius(self.lambda_max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_optimum_of_heavy_ball_on_x2_plus_10y2_by_hand() {
        // f = x² + 10y²: λ = 2 and 20, κ = 10.
        let t = HeavyBall { lambda_min: 2.0, lambda_max: 20.0 };
        let (lr, mu) = t.optimum();
        assert!((lr - 4.0 / (20f64.sqrt() + 2f64.sqrt()).powi(2)).abs() < 1e-15);
        let s = 10f64.sqrt();
        assert!((mu - ((s - 1.0) / (s + 1.0)).powi(2)).abs() < 1e-15);
        // There the rate is √μ = (√κ − 1)/(√κ + 1), the best possible. Both
        // roots are double there, so the discriminant's rounding (~1e-16)
        // shows through its square root.
        assert!((t.rate(lr, mu) - (s - 1.0) / (s + 1.0)).abs() < 1e-7);
        // Any other pair nearby is slower.
        for (dl, dm) in [(1.05, 0.0), (0.95, 0.0), (1.0, 0.03), (1.0, -0.03)] {
            assert!(t.rate(lr * dl, mu + dm) > t.rate(lr, mu));
        }
        assert!(t.stable(0.0999, 0.0) && !t.stable(0.1001, 0.0) && t.stable(0.189, 0.9) && !t.stable(0.191, 0.9));
    }
}
