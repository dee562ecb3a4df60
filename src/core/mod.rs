//! The mathematics of losscape: landscapes, optimizers, runs and scenario files.
//!
//! Nothing here knows about terminals; the TUI and the headless reports both
//! draw from these types.

pub mod analysis;
pub mod budget;
pub mod edit;
pub mod explain;
pub mod landscape;
pub mod optim;
pub mod ratemap;
pub mod run;
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
