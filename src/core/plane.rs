//! A plane through weight space and the loss on it, for landscapes of more
//! parameters than a screen has axes (a network's): the loss at (a, b) is
//! f(θ_c + a·d₁ + b·d₂), its gradient and Hessian the exact ones taken
//! along d₁ and d₂, and a weight vector off the plane is drawn at its
//! least-squares projection, with its distance from the plane beside.
//!
//! Four ways to choose one: the two principal components of the runs'
//! iterates ([`Plane::through_iterates`]), two random directions
//! normalised filter by filter ([`Plane::filter_normalised`], Li et al.
//! 2018), the two eigenvectors of the largest Hessian eigenvalues
//! ([`Plane::of_curvature`]), and, in one dimension, the line between two
//! weight vectors ([`Line`]).

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use super::eigen::lanczos_top;
use super::landscape::datasets::gaussian_pair;
use super::landscape::mlp::Mlp;
use super::landscape::{Kind, Landscape};
use super::{Mat2, Vec2, Vector, dot, norm};

/// The seed of the Lanczos start vectors of [`Plane::through_iterates`]
/// and [`Plane::of_curvature`]: fixed, so that the same iterates or weights
/// give the same plane.
pub const PLANE_LANCZOS_SEED: u64 = 0x9CA;

/// The Ritz residual bound, relative to the largest eigenvalue, to which
/// the principal components are computed: to rounding, in practice.
const PCA_TOLERANCE: f64 = 1e-12;

/// The Ritz residual bound, relative to the largest eigenvalue, to which
/// the Hessian's eigenvectors are computed.
pub const CURVATURE_TOLERANCE: f64 = 1e-8;

/// The most Hessian-vector products [`Plane::of_curvature`] takes.
pub const CURVATURE_MAX_ITERATIONS: usize = 500;

/// Below this size of the second direction, apart from the first, relative
/// to its length, the two span a line, not a plane.
const PARALLEL: f64 = 1e-10;

/// Why no plane (or line) can be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaneError {
    /// A direction or end of another length than the centre.
    #[error("the centre has {centre} weights but {what} has {got}")]
    Lengths {
        /// The centre's length.
        centre: usize,
        /// What has the other length.
        what: &'static str,
        /// Its length.
        got: usize,
    },
    /// A direction of length zero, or with a number that is not finite.
    #[error("direction {0} is zero or not finite")]
    Zero(usize),
    /// Two directions along one line.
    #[error("the two directions are parallel: they span a line, not a plane")]
    Parallel,
    /// Iterates (or curvature) that do not spread over two directions.
    #[error("{0} spread over {1} direction(s), not two")]
    Flat(&'static str, usize),
    /// Nothing to take a plane through.
    #[error("there are no iterates to take a plane through")]
    Empty,
    /// The two ends of a line are the same point.
    #[error("the line's two ends are the same weights")]
    SameEnds,
    /// Filter-normalised directions for a landscape without filters.
    #[error("random filter-normalised directions need a network")]
    NotANetwork,
    /// A line's end at a run there is not.
    #[error("there is no run {0} to end a line at")]
    NoRun(usize),
}

/// A plane through weight space: a centre θ_c and two directions d₁, d₂,
/// neither zero, not parallel, of any lengths (not orthonormal in
/// general: a filter-normalised direction is as long as the weights).
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    centre: Vector,
    directions: [Vector; 2],
    /// An orthonormal basis of the directions' span (Gram–Schmidt, twice)
    /// and the triangle R with d₁ = r₁₁e₁, d₂ = r₁₂e₁ + r₂₂e₂.
    basis: [Vector; 2],
    r: [f64; 3],
}

/// Where a weight vector falls on a plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// The coordinates (a, b) of the nearest point of the plane,
    /// θ_c + a·d₁ + b·d₂.
    pub ab: Vec2,
    /// The distance from the weights to that point.
    pub distance: f64,
}

/// A plane through runs' iterates and how much of their spread it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// Centred on the mean of the runs' last iterates, along the two
    /// principal components.
    pub plane: Plane,
    /// The share of the iterates' squared distance from the centre that
    /// each direction explains, the first the larger; together, the share
    /// the plane holds.
    pub shares: Vec2,
}

/// The plane of the sharpest curvature at a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Curvature {
    /// Centred on the point, along the eigenvectors (of unit length) of
    /// the two largest Hessian eigenvalues.
    pub plane: Plane,
    /// Those eigenvalues, the largest first.
    pub eigenvalues: Vec2,
}

impl Plane {
    /// The plane θ_c + a·d₁ + b·d₂; or why not (lengths that differ, a
    /// direction zero or not finite, parallel directions).
    pub fn new(centre: Vector, d1: Vector, d2: Vector) -> Result<Self, PlaneError> {
        for (what, d) in [("direction 1", &d1), ("direction 2", &d2)] {
            if d.len() != centre.len() {
                return Err(PlaneError::Lengths { centre: centre.len(), what, got: d.len() });
            }
        }
        let r11 = norm(&d1);
        if r11 == 0.0 || !r11.is_finite() {
            return Err(PlaneError::Zero(1));
        }
        let length2 = norm(&d2);
        if length2 == 0.0 || !length2.is_finite() {
            return Err(PlaneError::Zero(2));
        }
        let e1 = Vector::from_fn(d1.len(), |i| d1[i] / r11);
        let mut u = d2.clone();
        let mut r12 = 0.0;
        for _ in 0..2 {
            let c = dot(&e1, &u);
            u.iter_mut().zip(e1.iter()).for_each(|(u, e)| *u -= c * e);
            r12 += c;
        }
        let r22 = norm(&u);
        if r22 <= PARALLEL * length2 {
            return Err(PlaneError::Parallel);
        }
        let e2 = Vector::from_fn(u.len(), |i| u[i] / r22);
        Ok(Plane { centre, directions: [d1, d2], basis: [e1, e2], r: [r11, r12, r22] })
    }

    /// θ_c.
    pub fn centre(&self) -> &Vector {
        &self.centre
    }

    /// d₁ and d₂.
    pub fn directions(&self) -> &[Vector; 2] {
        &self.directions
    }

    /// The number of weights.
    pub fn dim(&self) -> usize {
        self.centre.len()
    }

    /// θ_c + a·d₁ + b·d₂.
    pub fn point(&self, [a, b]: Vec2) -> Vector {
        let [d1, d2] = &self.directions;
        Vector::from_fn(self.dim(), |i| self.centre[i] + a * d1[i] + b * d2[i])
    }

    /// The (a, b) whose point is nearest `w`, by least squares on d₁ and
    /// d₂ (through the orthonormal basis and R, not the normal equations,
    /// whose conditioning is R's squared), and how far `w` lies from it.
    pub fn project(&self, w: &[f64]) -> Projection {
        let [e1, e2] = &self.basis;
        let mut x: Vec<f64> = w.iter().zip(self.centre.iter()).map(|(w, c)| w - c).collect();
        let (mut p1, mut p2) = (0.0, 0.0);
        // Twice, as the basis itself: what the first pass leaves in the
        // plane is rounding, which the second takes out.
        for _ in 0..2 {
            let (c1, c2) = (dot(e1, &x), dot(e2, &x));
            x.iter_mut().zip(e1.iter().zip(e2.iter())).for_each(|(x, (a, b))| *x -= c1 * a + c2 * b);
            p1 += c1;
            p2 += c2;
        }
        let [r11, r12, r22] = self.r;
        let b = p2 / r22;
        let a = (p1 - r12 * b) / r11;
        Projection { ab: [a, b], distance: norm(&x) }
    }

    /// The loss at (a, b): f(θ_c + a·d₁ + b·d₂).
    pub fn value(&self, landscape: &Landscape, ab: Vec2) -> f64 {
        landscape.value(self.point(ab))
    }

    /// The gradient of the loss on the plane at (a, b): (d₁·∇f, d₂·∇f),
    /// from the exact gradient.
    pub fn gradient(&self, landscape: &Landscape, ab: Vec2) -> Vec2 {
        let g = landscape.gradient(self.point(ab));
        let [d1, d2] = &self.directions;
        [dot(d1, &g), dot(d2, &g)]
    }

    /// The Hessian of the loss on the plane at (a, b): dᵢ·∇²f·dⱼ, from the
    /// two exact Hessian-vector products along d₁ and d₂ (the two
    /// off-diagonal numbers, equal but for rounding, averaged).
    pub fn hessian(&self, landscape: &Landscape, ab: Vec2) -> Mat2 {
        let p = self.point(ab);
        let [d1, d2] = &self.directions;
        let (h1, h2) = (landscape.hessian_vector(&p, d1), landscape.hessian_vector(&p, d2));
        let off = 0.5 * (dot(d2, &h1) + dot(d1, &h2));
        [[dot(d1, &h1), off], [off, dot(d2, &h2)]]
    }

    /// The plane that holds the runs' iterates best: centred on the mean
    /// of the runs' last iterates (a single run's own last weights, as Li
    /// et al. centre on the final weights), along the top two principal
    /// components of every iterate of every run less the centre, stacked:
    /// the plane through the centre that leaves the least sum of squared
    /// distances. Exact: Lanczos on products with MᵀM of the stacked
    /// matrix M, from a fixed start, to rounding. The signs put the first
    /// run's first iterate (of the first run that has any) at a ≤ 0 and
    /// b ≤ 0. Refused for no iterates,
    /// iterates of other lengths than the first, or iterates that do not
    /// spread over two directions from the centre (a path along one line:
    /// take a [`Line`]).
    pub fn through_iterates(runs: &[Vec<&[f64]>]) -> Result<Principal, PlaneError> {
        let finals: Vec<&[f64]> = runs.iter().filter_map(|r| r.last().copied()).collect();
        let Some(first) = finals.first() else { return Err(PlaneError::Empty) };
        let n = first.len();
        if let Some(bad) = runs.iter().flatten().find(|w| w.len() != n) {
            return Err(PlaneError::Lengths { centre: n, what: "an iterate", got: bad.len() });
        }
        let centre = Vector::from_fn(n, |i| finals.iter().map(|w| w[i]).sum::<f64>() / finals.len() as f64);
        let offsets = || runs.iter().flatten().map(|w| w.iter().zip(centre.iter()).map(|(w, c)| w - c));
        let total: f64 = offsets().map(|x| x.map(|x| x * x).sum::<f64>()).sum();
        if total == 0.0 || !total.is_finite() {
            return Err(PlaneError::Flat("the iterates", 0));
        }
        let mut row = vec![0.0; n];
        let times = |v: &[f64]| {
            let mut out = vec![0.0; n];
            for x in offsets() {
                row.iter_mut().zip(x).for_each(|(r, x)| *r = x);
                let c = dot(&row, v);
                out.iter_mut().zip(&row).for_each(|(o, r)| *o += c * r);
            }
            Vector::from(out)
        };
        let found = lanczos_top(n, times, PLANE_LANCZOS_SEED, 2, PCA_TOLERANCE, n);
        let spread = found.values.iter().filter(|&&v| v > PARALLEL * total).count();
        if spread < 2 {
            return Err(PlaneError::Flat("the iterates", spread));
        }
        let opening = runs.iter().find_map(|r| r.first()).expect("a run with a last iterate has a first");
        let start: Vec<f64> = opening.iter().zip(centre.iter()).map(|(w, c)| w - c).collect();
        let [d1, d2] = [0, 1].map(|k| {
            let d = found.vectors[k].clone();
            if dot(&d, &start) > 0.0 { Vector::from_fn(n, |i| -d[i]) } else { d }
        });
        let shares = [found.values[0] / total, found.values[1] / total];
        Ok(Principal { plane: Plane::new(centre, d1, d2)?, shares })
    }

    /// The plane through `centre` along two random directions normalised
    /// filter by filter (Li et al. 2018, "Visualizing the loss landscape of
    /// neural nets"): each direction Gaussian, then each row of each
    /// weight matrix (a unit's incoming weights) scaled to the length of
    /// the same row of the centre, the biases' entries zero (their
    /// `ignore="biasbn"`). Drawn from PCG-64 MCG seeded with `seed`, the
    /// first direction's numbers before the second's, in parameter order.
    pub fn filter_normalised(mlp: &Mlp, centre: Vector, seed: u64) -> Result<Self, PlaneError> {
        if centre.len() != mlp.dim() {
            return Err(PlaneError::Lengths { centre: mlp.dim(), what: "the centre", got: centre.len() });
        }
        let mut normals = Normals { rng: Pcg64Mcg::seed_from_u64(seed), spare: None };
        let d1 = filter_normalised_direction(mlp, &centre, &mut normals);
        let d2 = filter_normalised_direction(mlp, &centre, &mut normals);
        Plane::new(centre, d1, d2)
    }

    /// The plane through `centre` along the unit eigenvectors of the two
    /// largest eigenvalues of the Hessian there, by Lanczos on exact
    /// Hessian-vector products from a fixed start (a residual of
    /// [`CURVATURE_TOLERANCE`] of the largest, at most
    /// [`CURVATURE_MAX_ITERATIONS`] products). Each direction's sign puts
    /// its largest component (the first of equals) above 0. Refused for a
    /// landscape of fewer than two parameters, or a Hessian whose products
    /// stay in one direction.
    pub fn of_curvature(landscape: &Landscape, centre: Vector) -> Result<Curvature, PlaneError> {
        let n = landscape.dim();
        if centre.len() != n {
            return Err(PlaneError::Lengths { centre: n, what: "the centre", got: centre.len() });
        }
        let cap = CURVATURE_MAX_ITERATIONS.min(n);
        let found = match landscape.kind() {
            // A network's forward pass, the same for every product, once.
            Kind::Mlp(mlp) => {
                let mut curvature = mlp.curvature_at(&centre);
                lanczos_top(n, |v| curvature.times(v), PLANE_LANCZOS_SEED, 2, CURVATURE_TOLERANCE, cap)
            }
            _ => {
                let times = |v: &[f64]| landscape.hessian_vector(&centre, v);
                lanczos_top(n, times, PLANE_LANCZOS_SEED, 2, CURVATURE_TOLERANCE, cap)
            }
        };
        if found.values.len() < 2 {
            return Err(PlaneError::Flat("the Hessian's products", found.values.len()));
        }
        let [d1, d2] = [0, 1].map(|k| {
            let d = &found.vectors[k];
            let largest = d.iter().copied().fold(0.0_f64, |m, x| if x.abs() > m.abs() { x } else { m });
            if largest < 0.0 { Vector::from_fn(n, |i| -d[i]) } else { d.clone() }
        });
        let eigenvalues = [found.values[0], found.values[1]];
        Ok(Curvature { plane: Plane::new(centre, d1, d2)?, eigenvalues })
    }
}

/// Standard normal numbers, two at a time by Box–Muller, the second kept
/// for the next call.
struct Normals {
    rng: Pcg64Mcg,
    spare: Option<f64>,
}

impl Normals {
    fn next(&mut self) -> f64 {
        if let Some(x) = self.spare.take() {
            return x;
        }
        let [x, y] = gaussian_pair(&mut self.rng);
        self.spare = Some(y);
        x
    }
}

/// One filter-normalised direction at `centre` ([`Plane::filter_normalised`]).
fn filter_normalised_direction(mlp: &Mlp, centre: &[f64], normals: &mut Normals) -> Vector {
    let mut d = Vec::with_capacity(centre.len());
    let mut at = 0;
    for layer in mlp.widths().windows(2) {
        let (inputs, outputs) = (layer[0], layer[1]);
        for _ in 0..outputs {
            let row: Vec<f64> = (0..inputs).map(|_| normals.next()).collect();
            let (size, target) = (norm(&row), norm(&centre[at..at + inputs]));
            let scale = if size > 0.0 { target / size } else { 0.0 };
            d.extend(row.iter().map(|x| x * scale));
            at += inputs;
        }
        d.extend(std::iter::repeat_n(0.0, outputs));
        at += outputs;
    }
    d.into()
}

/// The line through two weight vectors, θ(t) = (1 − t)·θ₀ + t·θ₁: t = 0
/// at the first, 1 at the second (initial and final weights, or two
/// runs' ends).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    from: Vector,
    to: Vector,
}

impl Line {
    /// The line from θ₀ to θ₁; or why not (lengths that differ, the same
    /// point twice).
    pub fn new(from: Vector, to: Vector) -> Result<Self, PlaneError> {
        if to.len() != from.len() {
            return Err(PlaneError::Lengths { centre: from.len(), what: "the line's end", got: to.len() });
        }
        if from == to {
            return Err(PlaneError::SameEnds);
        }
        Ok(Line { from, to })
    }

    /// θ₀ and θ₁.
    pub fn ends(&self) -> [&Vector; 2] {
        [&self.from, &self.to]
    }

    /// (1 − t)·θ₀ + t·θ₁: θ₀ itself at t = 0 and θ₁ at t = 1, exactly.
    pub fn point(&self, t: f64) -> Vector {
        Vector::from_fn(self.from.len(), |i| (1.0 - t) * self.from[i] + t * self.to[i])
    }

    /// The loss at t.
    pub fn value(&self, landscape: &Landscape, t: f64) -> f64 {
        landscape.value(self.point(t))
    }

    /// d/dt of the loss at t: (θ₁ − θ₀)·∇f, exact.
    pub fn slope(&self, landscape: &Landscape, t: f64) -> f64 {
        let g = landscape.gradient(self.point(t));
        self.from.iter().zip(self.to.iter()).zip(g.iter()).map(|((a, b), g)| (b - a) * g).sum()
    }

    /// The t of the line's point nearest `w`, and the distance to it.
    pub fn project(&self, w: &[f64]) -> (f64, f64) {
        let step: Vec<f64> = self.to.iter().zip(self.from.iter()).map(|(b, a)| b - a).collect();
        let x: Vec<f64> = w.iter().zip(self.from.iter()).map(|(w, a)| w - a).collect();
        let t = dot(&x, &step) / dot(&step, &step);
        let residual: Vec<f64> = x.iter().zip(&step).map(|(x, s)| x - t * s).collect();
        (t, norm(&residual))
    }
}

/// How a scenario chooses the plane (or line) its runs are drawn on.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaneChoice {
    /// Through every run's iterates ([`Plane::through_iterates`]).
    Principal,
    /// Two filter-normalised random directions at the mean of the runs'
    /// last weights, seeded ([`Plane::filter_normalised`]; networks only).
    Random {
        /// Seeds the directions.
        seed: u64,
    },
    /// The Hessian's two top eigenvectors at the mean of the runs' last
    /// weights ([`Plane::of_curvature`]).
    Curvature,
    /// The line between two weight vectors ([`Line`]).
    Line {
        /// Where t = 0.
        from: LineEnd,
        /// Where t = 1.
        to: LineEnd,
    },
}

/// One end of a [`PlaneChoice::Line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// The first run's start.
    Start,
    /// The last weights of run i (from 0, in the scenario's order).
    End(usize),
}

/// A plane or a line through weight space: what a run's weights are
/// placed on.
#[derive(Debug, Clone, PartialEq)]
pub enum Section {
    /// A plane, with what its choice measured (the principal components'
    /// shares of the spread, or the Hessian's eigenvalues), if anything.
    Plane(Plane, Option<Measured>),
    /// A line.
    Line(Line),
}

/// What choosing a plane measured along its two directions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measured {
    /// The share of the iterates' spread each principal direction holds.
    Shares(Vec2),
    /// The Hessian's eigenvalue along each direction.
    Eigenvalues(Vec2),
}

/// Where weights fall on a [`Section`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// (a, b) on a plane; t on a line.
    pub coordinates: Vec2,
    /// Whether `coordinates[1]` means anything (a plane's b).
    pub two: bool,
    /// The distance from the weights to their place.
    pub distance: f64,
}

impl Section {
    /// Where `w` falls: its projection and its distance from it.
    pub fn place(&self, w: &[f64]) -> Placed {
        match self {
            Section::Plane(plane, _) => {
                let p = plane.project(w);
                Placed { coordinates: p.ab, two: true, distance: p.distance }
            }
            Section::Line(line) => {
                let (t, distance) = line.project(w);
                Placed { coordinates: [t, 0.0], two: false, distance }
            }
        }
    }
}

impl PlaneChoice {
    /// Its name in scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            PlaneChoice::Principal => "pca",
            PlaneChoice::Random { .. } => "random",
            PlaneChoice::Curvature => "hessian",
            PlaneChoice::Line { .. } => "line",
        }
    }

    /// The section this choice makes of these runs: each run's iterates in
    /// order, its start first and its last weights last (a principal plane
    /// reads every iterate given, the others only the ends). The entry
    /// point for a view that draws the loss on the plane and each run's
    /// path on it.
    pub fn build(&self, landscape: &Landscape, runs: &[Vec<&[f64]>]) -> Result<Section, PlaneError> {
        let finals: Vec<&[f64]> = runs.iter().filter_map(|r| r.last().copied()).collect();
        if finals.is_empty() {
            return Err(PlaneError::Empty);
        }
        let n = finals[0].len();
        let mean_of_finals = || Vector::from_fn(n, |i| finals.iter().map(|w| w[i]).sum::<f64>() / finals.len() as f64);
        match self {
            PlaneChoice::Principal => {
                let principal = Plane::through_iterates(runs)?;
                Ok(Section::Plane(principal.plane, Some(Measured::Shares(principal.shares))))
            }
            PlaneChoice::Random { seed } => match landscape.kind() {
                Kind::Mlp(mlp) => Ok(Section::Plane(Plane::filter_normalised(mlp, mean_of_finals(), *seed)?, None)),
                _ => Err(PlaneError::NotANetwork),
            },
            PlaneChoice::Curvature => {
                let curvature = Plane::of_curvature(landscape, mean_of_finals())?;
                Ok(Section::Plane(curvature.plane, Some(Measured::Eigenvalues(curvature.eigenvalues))))
            }
            PlaneChoice::Line { from, to } => {
                let end = |e: &LineEnd| -> Result<Vector, PlaneError> {
                    match *e {
                        LineEnd::Start => runs[0].first().map(|w| Vector::from_slice(w)).ok_or(PlaneError::Empty),
                        LineEnd::End(i) => runs
                            .get(i)
                            .and_then(|r| r.last())
                            .map(|w| Vector::from_slice(w))
                            .ok_or(PlaneError::NoRun(i)),
                    }
                };
                Ok(Section::Line(Line::new(end(from)?, end(to)?)?))
            }
        }
    }
}
