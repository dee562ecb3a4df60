//! The mathematics of losscape: landscapes, optimizers, runs and scenario files.
//!
//! Nothing here knows about terminals, and nothing here uses the modules
//! above it: the TUI and the headless reports both draw from these types,
//! with its number formats ([`format`]) and its rule for text from files
//! and typing ([`sanitize`]).

pub mod analysis;
pub mod budget;
pub mod edit;
pub mod eigen;
pub mod explain;
pub mod format;
pub mod landscape;
pub mod optim;
pub mod plane;
pub mod ratemap;
pub mod run;
pub mod sanitize;
pub mod scenario;
pub mod source;
pub mod vector;

pub use vector::{Matrix, Vector, distance, dot, norm};

/// A point of the plane the view draws: the first two parameters (a 1-D
/// landscape's x with y = 0).
pub type Vec2 = [f64; 2];

/// A symmetric 2×2 matrix, row-major: `[[xx, xy], [xy, yy]]`.
pub type Mat2 = [[f64; 2]; 2];
