//! Loss landscapes: the functions optimizers descend, with exact derivatives.

mod builtin;
mod data;
pub mod datasets;
pub mod expr;
pub mod mlp;
mod quadratic_nd;

pub use builtin::{BUILTIN_NAMES, Builtin};
pub use quadratic_nd::{MAX_PARAMETERS, QUADRATIC_ND, QuadraticNd};

/// The names of every built-in function that needs no data.
pub fn builtin_names() -> &'static [&'static str] {
    &BUILTIN_NAMES
}
pub use data::{Dataset, MAX_POINTS, parse_columns, parse_csv};
pub use datasets::{Generator, LabelledPoints};
pub use expr::{ExprError, Expression};
pub use mlp::{Activation, CurvatureAt, Loss, MLP, Mlp, MlpError};

use super::{Mat2, Matrix, Vec2, Vector};

/// (weights × points) of a network that cost one evaluation of a built-in
/// function in [`Landscape::gradient_cost`]. Measured unoptimised, a
/// 2-16-16-1 network's loss and gradient on 200 points took 182 ns a weight
/// and point, Rosenbrock's value and gradient 147 ns: about one each (its
/// exact sums are most of it).
const MLP_WEIGHT_POINTS_PER_EVALUATION: f64 = 1.0;

/// The rectangle (or interval, in 1-D) a landscape is drawn over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    /// Range of the first coordinate.
    pub x: (f64, f64),
    /// Range of the second coordinate; `None` for 1-D landscapes.
    pub y: Option<(f64, f64)>,
}

impl Domain {
    /// A square domain `[lo, hi]²`.
    pub const fn square(lo: f64, hi: f64) -> Self {
        Domain { x: (lo, hi), y: Some((lo, hi)) }
    }

    /// A 1-D interval.
    pub const fn interval(lo: f64, hi: f64) -> Self {
        Domain { x: (lo, hi), y: None }
    }

    /// Whether a point of the plane lies inside (bounds included); for
    /// more than two parameters, whether the first two do.
    pub fn contains(&self, p: impl AsRef<[f64]>) -> bool {
        let p = plane(p.as_ref());
        let inside = |v: f64, (lo, hi): (f64, f64)| v >= lo && v <= hi;
        inside(p[0], self.x) && self.y.is_none_or(|y| inside(p[1], y))
    }
}

/// A known local or global minimum of a landscape.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// Where it is.
    pub point: Vector,
    /// The function's value there.
    pub value: f64,
    /// Whether no other minimum is lower.
    pub global: bool,
}

/// What a landscape is made of.
#[derive(Debug, Clone)]
pub enum Kind {
    /// One of the named test functions.
    Builtin(Builtin),
    /// Mean squared error of a line fitted to data, over (w, b).
    LinearRegression(Dataset),
    /// A user's expression in x (and y).
    Expression(Expression),
    /// ½ Σ λᵢ xᵢ² in any number of parameters.
    QuadraticNd(QuadraticNd),
    /// The mean loss of a multilayer perceptron over all its weights.
    Mlp(Mlp),
}

/// The first two coordinates of a point of a 1-D or 2-D landscape (y = 0
/// in 1-D), as its functions take them.
#[inline]
fn plane(p: &[f64]) -> Vec2 {
    [p.first().copied().unwrap_or(0.0), p.get(1).copied().unwrap_or(0.0)]
}

/// A loss function with its exact gradient and Hessian, a domain to draw it
/// over and its known minima.
#[derive(Debug, Clone)]
pub struct Landscape {
    kind: Kind,
    domain: Domain,
    minima: Vec<Minimum>,
}

impl Landscape {
    /// A landscape over its own default domain.
    pub fn new(kind: Kind) -> Self {
        let (domain, minima) = match &kind {
            Kind::Builtin(b) => (b.default_domain(), b.minima()),
            Kind::LinearRegression(d) => (d.default_domain(), d.minima()),
            Kind::Expression(e) => (e.default_domain(), Vec::new()),
            Kind::QuadraticNd(q) => (Domain::square(-5.0, 5.0), q.minima()),
            // Initial weights lie within ±1/√(inputs) ≤ ±0.71; trained ones
            // wander further. No minimum of a network is known.
            Kind::Mlp(_) => (Domain::square(-3.0, 3.0), Vec::new()),
        };
        Landscape { kind, domain, minima }
    }

    /// The same landscape drawn over another domain.
    pub fn with_domain(mut self, domain: Domain) -> Self {
        self.domain = domain;
        self
    }

    /// What the landscape is made of.
    pub fn kind(&self) -> &Kind {
        &self.kind
    }

    /// Its number of parameters: 1 or 2 for the functions the view draws,
    /// any number for [`QuadraticNd`], every weight of an [`Mlp`].
    pub fn dim(&self) -> usize {
        match &self.kind {
            Kind::Builtin(b) => b.dim(),
            Kind::LinearRegression(_) => 2,
            Kind::Expression(e) => e.dim(),
            Kind::QuadraticNd(q) => q.dim(),
            Kind::Mlp(m) => m.dim(),
        }
    }

    /// The domain it is drawn over.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// Its known minima (none for saddles and custom expressions).
    pub fn minima(&self) -> &[Minimum] {
        &self.minima
    }

    /// Its known saddle points (the built-in saddles' origins), drawn as
    /// the minima are.
    pub fn saddles(&self) -> Vec<Vector> {
        match &self.kind {
            Kind::Builtin(b) => b.saddles(),
            _ => Vec::new(),
        }
    }

    /// Its known local maxima (Himmelblau's hump's top), drawn as the
    /// minima are.
    pub fn maxima(&self) -> Vec<Vector> {
        match &self.kind {
            Kind::Builtin(b) => b.maxima(),
            _ => Vec::new(),
        }
    }

    /// A short name: the built-in's name, `linear_regression`, or the expression.
    pub fn name(&self) -> String {
        match &self.kind {
            Kind::Builtin(b) => b.name().to_string(),
            Kind::LinearRegression(_) => "linear_regression".to_string(),
            Kind::Expression(e) => e.source().to_string(),
            Kind::QuadraticNd(_) => QUADRATIC_ND.to_string(),
            Kind::Mlp(_) => MLP.to_string(),
        }
    }

    /// The name of parameter i, as breakdowns show it: x and y, w and b
    /// (a line fitted to data), x1, x2, … with more than two; a network's
    /// weight by its layer and place (`W1[3,0]`, `b2[1]`).
    pub fn parameter_name(&self, i: usize) -> String {
        match &self.kind {
            Kind::Mlp(m) => m.parameter_name(i),
            _ if self.dim() > 2 => format!("x{}", i + 1),
            _ => self.parameter_names()[i.min(1)].to_string(),
        }
    }

    /// The names of its two parameters, as axes and breakdowns show them:
    /// (w, b) for a line fitted to data, (x, y) for a function of a point,
    /// a network's first two weights (layer 1's from the two inputs to its
    /// first unit).
    pub fn parameter_names(&self) -> [&'static str; 2] {
        match &self.kind {
            Kind::LinearRegression(_) => ["w", "b"],
            Kind::Mlp(_) => ["W1[0,0]", "W1[0,1]"],
            Kind::Builtin(_) | Kind::Expression(_) | Kind::QuadraticNd(_) => ["x", "y"],
        }
    }

    /// The data points of a line fitted to data, (x, y) each, drawn over
    /// the (w, b) plane's view; none for a network, whose points are inputs
    /// of the plane with targets beside ([`Mlp::data`]).
    pub fn data_points(&self) -> Option<&[[f64; 2]]> {
        match &self.kind {
            Kind::LinearRegression(d) => Some(d.points()),
            Kind::Builtin(_) | Kind::Expression(_) | Kind::QuadraticNd(_) | Kind::Mlp(_) => None,
        }
    }

    /// The formula in readable mathematical notation.
    pub fn formula(&self) -> String {
        match &self.kind {
            Kind::Builtin(b) => b.formula(),
            Kind::LinearRegression(d) => format!("mean over {} points of (w·x + b − y)²", d.len()),
            Kind::Expression(e) => format!("f = {}", e.source()),
            Kind::QuadraticNd(q) => q.formula(),
            Kind::Mlp(m) => m.formula(),
        }
    }

    /// f(p), p of [`Landscape::dim`] coordinates (a point of the plane
    /// serves a 1-D landscape, which reads its x only; a quadratic in many
    /// parameters reads the rest as 0). A network's loss needs every
    /// weight: at a point of fewer, such as a pixel of the view's plane of
    /// its first two weights, it is undefined (NaN), not evaluated.
    #[inline]
    pub fn value(&self, p: impl AsRef<[f64]>) -> f64 {
        let p = p.as_ref();
        match &self.kind {
            Kind::Builtin(b) => b.value(plane(p)),
            Kind::LinearRegression(d) => d.value(plane(p)),
            Kind::Expression(e) => e.value(plane(p)),
            Kind::QuadraticNd(q) => q.value(p),
            Kind::Mlp(m) if p.len() == m.dim() => m.value(p),
            Kind::Mlp(_) => f64::NAN,
        }
    }

    /// ∇f(p), exact: [`Landscape::dim`] numbers (a network's NaN at a
    /// point of fewer coordinates than weights, as its value).
    #[inline]
    pub fn gradient(&self, p: impl AsRef<[f64]>) -> Vector {
        let p = p.as_ref();
        if let Kind::Mlp(m) = &self.kind
            && p.len() != m.dim()
        {
            return Vector::from_fn(m.dim(), |_| f64::NAN);
        }
        let g = match &self.kind {
            Kind::Builtin(b) => b.gradient(plane(p)),
            Kind::LinearRegression(d) => d.gradient(plane(p), None),
            Kind::Expression(e) => e.gradient(plane(p)),
            Kind::QuadraticNd(q) => return q.gradient(p),
            Kind::Mlp(m) => return m.gradient(p),
        };
        Vector::from_xy(g, self.dim())
    }

    /// f(p) and ∇f(p), the same numbers as [`Landscape::value`] and
    /// [`Landscape::gradient`]: a network's one pass forward and back
    /// gives both.
    #[inline]
    pub fn value_and_gradient(&self, p: impl AsRef<[f64]>) -> (f64, Vector) {
        let p = p.as_ref();
        match &self.kind {
            Kind::Mlp(m) if p.len() == m.dim() => m.value_and_gradient(p),
            Kind::Mlp(_) => (f64::NAN, self.gradient(p)),
            Kind::Builtin(_) | Kind::LinearRegression(_) | Kind::Expression(_) | Kind::QuadraticNd(_) => {
                (self.value(p), self.gradient(p))
            }
        }
    }

    /// ∇²f(p), exact: [`Landscape::dim`] rows. It has dim² numbers: for
    /// many parameters, [`Landscape::hessian_vector`] takes far less (a
    /// network's is built from dim of those products).
    pub fn hessian(&self, p: impl AsRef<[f64]>) -> Matrix {
        let p = p.as_ref();
        let h = match &self.kind {
            Kind::Builtin(b) => b.hessian(plane(p)),
            Kind::LinearRegression(d) => d.hessian(),
            Kind::Expression(e) => e.hessian(plane(p)),
            Kind::QuadraticNd(q) => return q.hessian(),
            Kind::Mlp(m) => return m.hessian(p),
        };
        Matrix::from_mat2(h, self.dim())
    }

    /// The Hessian-vector product ∇²f(p)·v, exact, without the Hessian
    /// itself where there are many parameters.
    pub fn hessian_vector(&self, p: impl AsRef<[f64]>, v: impl AsRef<[f64]>) -> Vector {
        match &self.kind {
            Kind::QuadraticNd(q) => q.hessian_vector(v.as_ref()),
            Kind::Mlp(m) => m.hessian_vector(p.as_ref(), v.as_ref()),
            Kind::Builtin(_) | Kind::LinearRegression(_) | Kind::Expression(_) => self.hessian(p).times(v.as_ref()),
        }
    }

    /// The Hessian of a 1-D or 2-D landscape as the view draws it, 2×2
    /// (only the `[0][0]` entry is meaningful in 1-D).
    pub fn hessian2(&self, p: impl AsRef<[f64]>) -> Mat2 {
        self.hessian(p).mat2()
    }

    /// What one gradient costs, in evaluations of a built-in function: an
    /// expression costs about an evaluation per few of its operations, a
    /// data landscape one per data point in the batch (the full data
    /// without one), a network about one per weight and data point.
    pub fn gradient_cost(&self, batch: Option<usize>) -> f64 {
        match &self.kind {
            Kind::Builtin(_) => 1.0,
            Kind::Expression(e) => 1.0 + e.operations() as f64 / 4.0,
            Kind::LinearRegression(d) => batch.unwrap_or(d.len()).min(d.len()).max(1) as f64,
            // A built-in's evaluation is a few dozen operations; this one is
            // about three a parameter.
            Kind::QuadraticNd(q) => (q.dim() as f64 / 8.0).max(1.0),
            // Forward and backward, a few multiply-adds per weight and point.
            Kind::Mlp(m) => {
                let points = batch.unwrap_or(m.data().len()).min(m.data().len()).max(1);
                (points as f64 * m.dim() as f64 / MLP_WEIGHT_POINTS_PER_EVALUATION).max(1.0)
            }
        }
    }

    /// The number of data points, for data landscapes.
    pub fn data_len(&self) -> Option<usize> {
        match &self.kind {
            Kind::LinearRegression(d) => Some(d.len()),
            Kind::Mlp(m) => Some(m.data().len()),
            Kind::Builtin(_) | Kind::Expression(_) | Kind::QuadraticNd(_) => None,
        }
    }

    /// The gradient of the mean loss over the given data points only (a
    /// mini-batch); the full gradient for landscapes without data.
    pub fn batch_gradient(&self, p: impl AsRef<[f64]>, batch: &[usize]) -> Vector {
        match &self.kind {
            Kind::LinearRegression(d) => Vector::from(d.gradient(plane(p.as_ref()), Some(batch))),
            Kind::Mlp(m) => m.batch_gradient(p.as_ref(), batch),
            Kind::Builtin(_) | Kind::Expression(_) | Kind::QuadraticNd(_) => self.gradient(p),
        }
    }

    /// The known minimum nearest to `p`, with its distance.
    pub fn nearest_minimum(&self, p: impl AsRef<[f64]>) -> Option<(&Minimum, f64)> {
        let p = p.as_ref();
        self.minima.iter().map(|m| (m, super::distance(&m.point, p))).min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Refines a stationary point by Newton's method on the gradient, from a
/// nearby guess. Used to compute minima that have no closed form.
pub(crate) fn refine_stationary(
    gradient: impl Fn(Vec2) -> Vec2,
    hessian: impl Fn(Vec2) -> Mat2,
    dim: usize,
    mut p: Vec2,
) -> Vec2 {
    for _ in 0..100 {
        let g = gradient(p);
        let h = hessian(p);
        let step = if dim == 1 {
            [g[0] / h[0][0], 0.0]
        } else {
            let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            [(h[1][1] * g[0] - h[0][1] * g[1]) / det, (h[0][0] * g[1] - h[1][0] * g[0]) / det]
        };
        if !(step[0].is_finite() && step[1].is_finite()) {
            break;
        }
        p = [p[0] - step[0], p[1] - step[1]];
        if super::norm(step) < 1e-15 * (1.0 + super::norm(p)) {
            break;
        }
    }
    p
}
