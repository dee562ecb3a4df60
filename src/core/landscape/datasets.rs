//! Generated data sets of the plane, for a network to fit: two moons,
//! circles, spirals, XOR, blobs and a noisy line.
//!
//! Each is deterministic for a seed: the same (generator, count, noise,
//! seed) gives the same points, bit for bit, on every machine (the random
//! numbers come from PCG-64 MCG, uniform ones from 53 random bits, Gaussian
//! ones by Box–Muller, none through a library's distribution code). The
//! points are in the order the formulas below give them, class by class,
//! not shuffled: a run's mini-batches shuffle them.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use std::f64::consts::PI;

/// The most points a generated data set may have.
pub const MAX_SAMPLES: usize = 10_000;

/// The largest noise (a standard deviation) a generator takes.
pub const MAX_NOISE: f64 = 10.0;

/// The most classes a data set (and a network's output) may have.
pub const MAX_CLASSES: usize = 8;

/// Points of the plane with a target each: a class (0, 1, …, stored as a
/// whole number) or a real number to regress to.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledPoints {
    points: Vec<[f64; 2]>,
    targets: Vec<f64>,
    classes: Option<usize>,
}

impl LabelledPoints {
    /// Points with their targets, `classes` `Some(k)` when each target is a
    /// class 0..k, `None` for real targets. `None` when there are no points,
    /// more than [`MAX_SAMPLES`], the two lengths differ, a number is not
    /// finite, or a class is not a whole number below k (2 ≤ k ≤ [`MAX_CLASSES`]).
    pub fn new(points: Vec<[f64; 2]>, targets: Vec<f64>, classes: Option<usize>) -> Option<Self> {
        let sized = (1..=MAX_SAMPLES).contains(&points.len()) && points.len() == targets.len();
        let finite = points.iter().flatten().chain(&targets).all(|v| v.is_finite());
        let labelled = match classes {
            None => true,
            Some(k) => {
                (2..=MAX_CLASSES).contains(&k) && targets.iter().all(|&t| t >= 0.0 && t < k as f64 && t.fract() == 0.0)
            }
        };
        (sized && finite && labelled).then_some(LabelledPoints { points, targets, classes })
    }

    /// The points.
    pub fn points(&self) -> &[[f64; 2]] {
        &self.points
    }

    /// One target a point.
    pub fn targets(&self) -> &[f64] {
        &self.targets
    }

    /// The number of classes, `None` for real targets.
    pub fn classes(&self) -> Option<usize> {
        self.classes
    }

    /// How many points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Never true: there is at least one point.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// A generator of data sets of the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Generator {
    /// scikit-learn's `make_moons`: ⌊n/2⌋ points of the outer half circle
    /// (cos t, sin t), class 0, then the other ⌈n/2⌉ of the inner one
    /// (1 − cos t, 1 − sin t − 0.5), class 1, t evenly spaced over [0, π]
    /// (ends included) in each; Gaussian noise of standard deviation `noise`
    /// added to each coordinate.
    Moons,
    /// scikit-learn's `make_circles`: ⌊n/2⌋ points (cos t, sin t) of the
    /// outer circle, class 0, then ⌈n/2⌉ of the inner one, `factor`·(cos t,
    /// sin t), class 1, t = 2πi/m for i < m points of the circle; Gaussian
    /// noise added to each coordinate.
    Circles {
        /// The inner circle's radius, in (0, 1).
        factor: f64,
    },
    /// `arms` interleaved spirals, one class each: point i of the m of arm c
    /// (arm c has ⌊n/arms⌋ points, one more for the first n mod arms arms)
    /// is r·(cos θ, sin θ) with r = (i + ½)/m and θ = 2πc/arms + 3πr (one
    /// and a half turns out from the centre); Gaussian noise added to each
    /// coordinate.
    Spirals {
        /// The number of arms (and classes), 2 to [`MAX_CLASSES`].
        arms: usize,
    },
    /// Points uniform on [−1, 1]², class 1 where the two coordinates have
    /// opposite signs (x₁·x₂ < 0) and 0 otherwise, decided before Gaussian
    /// noise is added to each coordinate.
    Xor,
    /// `centers` Gaussian blobs, one class each, their centres evenly on the
    /// circle of radius 2 (centre j at 2·(cos 2πj/k, sin 2πj/k)); point i
    /// belongs to blob i mod k and is its centre plus Gaussian noise of
    /// standard deviation `noise` in each coordinate.
    Blobs {
        /// The number of blobs (and classes), 2 to [`MAX_CLASSES`].
        centers: usize,
    },
    /// Regression: points uniform on [−1, 1]², target 1.5·x₁ − 0.5·x₂ +
    /// 0.25 plus Gaussian noise of standard deviation `noise` (the points
    /// themselves without noise).
    NoisyLine,
}

impl Generator {
    /// Its name, as a scenario would write it.
    pub fn name(&self) -> &'static str {
        match self {
            Generator::Moons => "moons",
            Generator::Circles { .. } => "circles",
            Generator::Spirals { .. } => "spirals",
            Generator::Xor => "xor",
            Generator::Blobs { .. } => "blobs",
            Generator::NoisyLine => "noisy_line",
        }
    }

    /// The number of classes its points have, `None` for a regression.
    pub fn classes(&self) -> Option<usize> {
        match *self {
            Generator::Moons | Generator::Circles { .. } | Generator::Xor => Some(2),
            Generator::Spirals { arms: k } | Generator::Blobs { centers: k } => Some(k),
            Generator::NoisyLine => None,
        }
    }

    /// `count` points with noise of standard deviation `noise`, the same
    /// for the same seed. `None` for a count of 0 or above [`MAX_SAMPLES`],
    /// a noise that is negative, not finite or above [`MAX_NOISE`], fewer
    /// points than classes, or a generator's own parameter out of its range.
    pub fn generate(&self, count: usize, noise: f64, seed: u64) -> Option<LabelledPoints> {
        let classes = self.classes();
        let parameters_fit = match *self {
            Generator::Circles { factor } => factor > 0.0 && factor < 1.0,
            Generator::Spirals { arms: k } | Generator::Blobs { centers: k } => (2..=MAX_CLASSES).contains(&k),
            Generator::Moons | Generator::Xor | Generator::NoisyLine => true,
        };
        let fits = (1..=MAX_SAMPLES).contains(&count)
            && (0.0..=MAX_NOISE).contains(&noise)
            && count >= classes.unwrap_or(1)
            && parameters_fit;
        if !fits {
            return None;
        }
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut points = Vec::with_capacity(count);
        let mut targets = Vec::with_capacity(count);
        let mut push = |rng: &mut Pcg64Mcg, p: [f64; 2], target: f64| {
            let [dx, dy] = gaussian_pair(rng);
            points.push([p[0] + noise * dx, p[1] + noise * dy]);
            targets.push(target);
        };
        match *self {
            Generator::Moons => {
                let (outer, inner) = (count / 2, count - count / 2);
                for i in 0..outer {
                    let t = evenly(i, outer, PI);
                    push(&mut rng, [t.cos(), t.sin()], 0.0);
                }
                for i in 0..inner {
                    let t = evenly(i, inner, PI);
                    push(&mut rng, [1.0 - t.cos(), 1.0 - t.sin() - 0.5], 1.0);
                }
            }
            Generator::Circles { factor } => {
                let (outer, inner) = (count / 2, count - count / 2);
                for (m, radius, class) in [(outer, 1.0, 0.0), (inner, factor, 1.0)] {
                    for i in 0..m {
                        let t = 2.0 * PI * i as f64 / m as f64;
                        push(&mut rng, [radius * t.cos(), radius * t.sin()], class);
                    }
                }
            }
            Generator::Spirals { arms } => {
                for c in 0..arms {
                    let m = count / arms + usize::from(c < count % arms);
                    for i in 0..m {
                        let r = (i as f64 + 0.5) / m as f64;
                        let theta = 2.0 * PI * c as f64 / arms as f64 + 3.0 * PI * r;
                        push(&mut rng, [r * theta.cos(), r * theta.sin()], c as f64);
                    }
                }
            }
            Generator::Xor => {
                for _ in 0..count {
                    let p = [2.0 * uniform(&mut rng) - 1.0, 2.0 * uniform(&mut rng) - 1.0];
                    push(&mut rng, p, if p[0] * p[1] < 0.0 { 1.0 } else { 0.0 });
                }
            }
            Generator::Blobs { centers } => {
                for i in 0..count {
                    let j = i % centers;
                    let angle = 2.0 * PI * j as f64 / centers as f64;
                    push(&mut rng, [2.0 * angle.cos(), 2.0 * angle.sin()], j as f64);
                }
            }
            Generator::NoisyLine => {
                for _ in 0..count {
                    let p = [2.0 * uniform(&mut rng) - 1.0, 2.0 * uniform(&mut rng) - 1.0];
                    let line = 1.5 * p[0] - 0.5 * p[1] + 0.25;
                    points.push(p);
                    targets.push(line + noise * gaussian_pair(&mut rng)[0]);
                }
            }
        }
        LabelledPoints::new(points, targets, classes)
    }
}

/// t_i of m evenly spaced over [0, end], both ends included (numpy's
/// `linspace`); 0 for a single point.
fn evenly(i: usize, m: usize, end: f64) -> f64 {
    if m <= 1 { 0.0 } else { end * i as f64 / (m - 1) as f64 }
}

/// A uniform number in [0, 1) from 53 random bits.
fn uniform(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Two independent standard normal numbers (Box–Muller, from uniform
/// numbers in (0, 1] so that the logarithm is finite).
pub(crate) fn gaussian_pair(rng: &mut Pcg64Mcg) -> [f64; 2] {
    let mut unit = || ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
    let r = (-2.0 * unit().ln()).sqrt();
    let (s, c) = (2.0 * PI * unit()).sin_cos();
    [r * c, r * s]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moons_without_noise_lie_on_their_half_circles() {
        let data = Generator::Moons.generate(7, 0.0, 1).unwrap();
        assert_eq!(data.len(), 7);
        assert_eq!(data.classes(), Some(2));
        // Three outer points at t = 0, π/2, π; four inner ones.
        assert_eq!(data.points()[0], [1.0, 0.0]);
        assert_eq!(data.targets(), [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(data.points()[3], [0.0, 0.5]);
        for (p, &t) in data.points().iter().zip(data.targets()) {
            let centre = if t == 0.0 { [0.0, 0.0] } else { [1.0, 0.5] };
            let r = (p[0] - centre[0]).hypot(p[1] - centre[1]);
            assert!((r - 1.0).abs() < 1e-15, "{p:?}");
        }
    }

    #[test]
    fn bad_requests_give_nothing() {
        assert_eq!(Generator::Moons.generate(0, 0.1, 1), None);
        assert_eq!(Generator::Moons.generate(MAX_SAMPLES + 1, 0.1, 1), None);
        assert_eq!(Generator::Xor.generate(10, -0.1, 1), None);
        assert_eq!(Generator::Xor.generate(10, f64::NAN, 1), None);
        assert_eq!(Generator::Spirals { arms: 9 }.generate(100, 0.1, 1), None);
        assert_eq!(Generator::Circles { factor: 1.0 }.generate(100, 0.1, 1), None);
        assert_eq!(Generator::Blobs { centers: 3 }.generate(2, 0.1, 1), None);
        assert_eq!(LabelledPoints::new(vec![[0.0, 0.0]], vec![2.0], Some(2)), None);
        assert_eq!(LabelledPoints::new(vec![[0.0, 0.0]], vec![0.5], Some(2)), None);
    }
}
