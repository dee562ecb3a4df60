//! Figures for slides: the plot, its legend and the chart drawn at the
//! pixel, not the character cell. The landscape is sampled on a fine grid
//! through the view's colour scale, with labelled contour lines at the
//! view's levels; paths are thick anti-aliased lines with a contrasting
//! outline; axes have ticks, numbers and the parameters' names; text is
//! large enough for the back of a lecture hall.
//!
//! ```text
//!  title                                              step k of n
//!  y ┌────────────────────────────┐ ▇ f      ┌ loss − f* (log) ──────┐
//!    │  map, contours 0.25 ·      │ ▇ 1e3    │   curves, one per run  │
//!    │  paths, ◆ starts, × minima │ ▇ ...    │                        │
//!    │  ● heads with numbers      │ ▇ 0      │                        │
//!    └────────────────────────────┘          └────────────────────────┘
//!                  x                                   step
//!          ━●━ 1 GD   ━●━ 2 Momentum   ◆ start   × minimum
//! ```
//!
//! What is shown comes as data ([`Figure`], built from the view's state by
//! `tui::view::figure`); [`scene`] lays it out as a list of things to
//! paint, which [`png`] rasterises and [`svg`] writes as vector elements.

pub mod canvas;
pub mod contour;
mod draw;
pub mod map;
pub mod scene;
pub mod svg;
pub mod text;

use anyhow::{Context, Result};

use crate::core::Vec2;
use crate::core::landscape::Landscape;
use crate::core::scenario::Rgb;
use crate::look::colour::Background;
use crate::look::viewport::Viewport;

/// The smallest figure, in pixels: below it no text would be readable.
pub const MIN_SIZE: (u32, u32) = (320, 200);
/// The largest side of a figure, in pixels (an 8000 × 8000 figure needs
/// about 450 MB while it is drawn).
pub const MAX_SIDE: u32 = 8000;

/// What a figure shows.
#[derive(Debug, Clone)]
pub struct Figure<'a> {
    /// Its title: the scenario's name.
    pub title: String,
    /// What the title's right says: the step shown.
    pub step: String,
    /// Paper and ink.
    pub background: Background,
    /// The landscape with the runs over it.
    pub plot: Plot<'a>,
    /// The chart beside or below it.
    pub chart: Option<Chart>,
}

/// The landscape and the runs over it.
#[derive(Debug, Clone)]
pub struct Plot<'a> {
    /// The function.
    pub landscape: &'a Landscape,
    /// The part of parameter space shown (in 1-D its x range; f's range is fitted).
    pub view: Viewport,
    /// Whether a unit is as long across as up (2-D).
    pub equal_aspect: bool,
    /// The axes' names: x and y (in 1-D, f(x)).
    pub names: [String; 2],
    /// The runs, drawn in this order.
    pub traces: Vec<Trace>,
    /// Where runs start, as plotted.
    pub starts: Vec<Vec2>,
    /// The known minima, as plotted.
    pub minima: Vec<Vec2>,
    /// How the map's colour levels are spaced (the view's own).
    pub levels: crate::core::scenario::Levels,
}

/// One run as plotted: θ in 2-D, (x, f(x)) in 1-D.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Its number, as the view shows it (from 1).
    pub number: usize,
    /// Its label.
    pub label: String,
    /// Its colour.
    pub color: Rgb,
    /// The way it went, every point it passed through (line searches' inner
    /// iterates included).
    pub route: Vec<Vec2>,
    /// Where it was after each step, from the start; the last is its head.
    pub steps: Vec<Vec2>,
}

/// A quantity against steps (or evaluations), one curve per run.
#[derive(Debug, Clone)]
pub struct Chart {
    /// What it shows.
    pub title: String,
    /// Whether y values are exponents of ten (a log axis).
    pub log: bool,
    /// The x axis's name.
    pub x_name: String,
    /// The x axis runs from 0 to this.
    pub x_max: f64,
    /// The y axis's range (exponents on a log axis).
    pub y: (f64, f64),
    /// The curves, drawn in this order.
    pub curves: Vec<Curve>,
    /// Where the current step is marked, if it is.
    pub step: Option<f64>,
    /// Notes written in the chart (a floor for zeros, runs off the scale),
    /// each in a run's colour or the text's.
    pub notes: Vec<(String, Option<Rgb>)>,
}

/// One run's curve.
#[derive(Debug, Clone)]
pub struct Curve {
    /// The run's number (from 1).
    pub number: usize,
    /// Its colour.
    pub color: Rgb,
    /// (x, y) points (y an exponent on a log axis; NaN breaks a faint
    /// curve; other curves are drawn to the axis's edge where they leave it).
    pub points: Vec<(f64, f64)>,
    /// Raw values under a smoothed curve: drawn faint and thin.
    pub faint: bool,
}

/// Why a size cannot be drawn as a figure, in the user's words.
pub fn check_size((w, h): (u32, u32)) -> std::result::Result<(), String> {
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "a figure is at most {MAX_SIDE}×{MAX_SIDE} pixels; {w}×{h} was asked (memory grows with the pixels)"
        ));
    }
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
        return Err(format!(
            "a figure needs at least {}×{} pixels for its text to be read; {w}×{h} was asked",
            MIN_SIZE.0, MIN_SIZE.1
        ));
    }
    Ok(())
}

/// The figure laid out at `size` pixels as things to paint.
pub fn scene(figure: &Figure, size: (u32, u32)) -> Result<scene::Scene> {
    check_size(size).map_err(anyhow::Error::msg)?;
    draw::scene(figure, (size.0 as usize, size.1 as usize))
}

/// The figure as a PNG of `size` pixels.
pub fn png(figure: &Figure, size: (u32, u32)) -> Result<Vec<u8>> {
    let scene = scene(figure, size)?;
    let canvas = canvas::Canvas::paint(&scene)?;
    drop(scene);
    let mut bytes = Vec::new();
    {
        let mut encoder = ::png::Encoder::new(&mut bytes, canvas.width as u32, canvas.height as u32);
        encoder.set_color(::png::ColorType::Rgb);
        encoder.set_depth(::png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("cannot start the PNG")?;
        writer.write_image_data(&canvas.rgb).context("cannot write the PNG")?;
    }
    Ok(bytes)
}

/// The figure as an SVG document of `size` pixels.
pub fn svg(figure: &Figure, size: (u32, u32)) -> Result<String> {
    svg::svg(&scene(figure, size)?)
}
