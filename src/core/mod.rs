//! The mathematics of losscape: landscapes, optimizers, runs and scenario files.
//!
//! Nothing here knows about terminals, and nothing here uses the modules
//! above it: the TUI and the headless reports both draw from these types,
//! with its number formats ([`format`]) and its rule for text from files
//! and typing ([`sanitize`]).

pub mod analysis;
pub mod budget;
pub mod edit;
pub mod explain;
pub mod format;
pub mod landscape;
pub mod optim;
pub mod ratemap;
pub mod run;
pub mod sanitize;
pub mod scenario;
pub mod source;

/// A point or a vector in parameter space. One-dimensional landscapes use
/// only the first component and keep the second at zero.
pub type Vec2 = [f64; 2];

/// A symmetric 2×2 matrix, row-major: `[[xx, xy], [xy, yy]]`.
pub type Mat2 = [[f64; 2]; 2];

/// Euclidean norm of a vector, computed as torch's `vector_norm` computes
/// it on x86-64: √(fma(y, y, x²)), the sum of squares accumulated with a
/// fused multiply-add; not with the more careful `hypot`.
pub fn norm(v: Vec2) -> f64 {
    v[1].mul_add(v[1], v[0] * v[0]).sqrt()
}

/// Euclidean distance between two points.
pub fn distance(a: Vec2, b: Vec2) -> f64 {
    norm([a[0] - b[0], a[1] - b[1]])
}

/// The eigenvalues of a symmetric 2×2 matrix, ascending, each with its unit
/// eigenvector (in 1-D the only entry, along x).
pub fn eigen(h: Mat2, dim: usize) -> [(f64, Vec2); 2] {
    if dim == 1 {
        return [(h[0][0], [1.0, 0.0]), (h[0][0], [1.0, 0.0])];
    }
    let mean = (h[0][0] + h[1][1]) / 2.0;
    let half_gap = (h[0][0] - h[1][1]) / 2.0;
    let radius = half_gap.hypot(h[0][1]);
    let (low, high) = (mean - radius, mean + radius);
    // The eigenvector of the larger eigenvalue makes the angle θ with
    // tan 2θ = 2b / (a − c); the other is perpendicular.
    let angle = 0.5 * (2.0 * h[0][1]).atan2(h[0][0] - h[1][1]);
    let (s, c) = angle.sin_cos();
    [(low, [-s, c]), (high, [c, s])]
}

/// The largest eigenvalue of a symmetric 2×2 matrix (the only entry in 1-D).
pub fn largest_eigenvalue(h: Mat2, dim: usize) -> f64 {
    if dim == 1 {
        return h[0][0];
    }
    let mean = (h[0][0] + h[1][1]) / 2.0;
    let half_gap = (h[0][0] - h[1][1]) / 2.0;
    mean + half_gap.hypot(h[0][1])
}
