//! The part of parameter space on screen, and where the 3-D view looks
//! from: [`crate::look::viewport`]'s, which pictures share.

pub use crate::look::viewport::*;
