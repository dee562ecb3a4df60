//! How landscapes and their numbers look, the same in the terminal and in
//! the pictures that leave it: colours ([`colour`]), scales, contour levels
//! and ticks ([`scale`]), and the part of parameter space in view
//! ([`viewport`]). Below both the view ([`crate::tui`]) and the encoders
//! ([`crate::picture`]), which share it.

pub mod colour;
pub mod scale;
pub mod viewport;
