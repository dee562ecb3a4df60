//! The landscape under a figure's plot: sampled on a fine grid (at every
//! pixel where the function is cheap), through the view's colour scale,
//! bilinear between the samples, and hatched where it is undefined.

use anyhow::Result;
use rayon::prelude::*;

use super::canvas::buffer;
use super::contour::Grid;
use super::scene::Point;
use crate::core::landscape::Landscape;
use crate::core::scenario::Levels;
use crate::core::scenario::Rgb;
use crate::look::colour::landscape_color;
use crate::look::scale::{Scale, fit_scale};
use crate::look::viewport::Viewport;
use crate::picture::raster::Image;

/// The most work spent sampling a figure's map, in evaluations of a
/// built-in function: every pixel of a 4000×2500 figure's plot of one.
pub const SAMPLE_WORK: f64 = 2e7;
/// However costly the function, at least this many samples (64 × 64).
pub const MIN_SAMPLES: f64 = 4096.0;

/// The landscape sampled over a plot of `size` pixels showing `view`.
#[derive(Debug, Clone)]
pub struct Sampled {
    /// The samples, in the plot's own pixels (node (0, 0) at the centre of
    /// its top-left pixel).
    pub grid: Grid,
    /// How values map to colours: the view's rule over these samples.
    pub scale: Scale,
    /// Whether any sample is undefined.
    pub undefined: bool,
}

/// The pixels between samples: 1 where the function is cheap enough to
/// sample every pixel, more for costly ones.
pub fn spacing(landscape: &Landscape, (w, h): (usize, usize)) -> usize {
    let samples = (SAMPLE_WORK / landscape.gradient_cost(None).max(1.0)).max(MIN_SAMPLES);
    ((w * h) as f64 / samples).sqrt().ceil().max(1.0) as usize
}

/// Samples `landscape` over `view` for a plot `size` pixels large.
pub fn sample(landscape: &Landscape, view: Viewport, size: (usize, usize), levels: Levels) -> Result<Sampled> {
    let (w, h) = (size.0.max(2), size.1.max(2));
    let s = spacing(landscape, (w, h));
    let nx = (w - 1).div_ceil(s) + 1;
    let ny = (h - 1).div_ceil(s) + 1;
    let step = ((w - 1) as f64 / (nx - 1) as f64, (h - 1) as f64 / (ny - 1) as f64);
    let mut values = buffer(nx * ny, 0.0f64, "the map")?;
    values.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
        let py = 0.5 + j as f64 * step.1;
        let y = view.y.1 - py / h as f64 * (view.y.1 - view.y.0);
        for (i, v) in row.iter_mut().enumerate() {
            let px = 0.5 + i as f64 * step.0;
            *v = landscape.value([view.x.0 + px / w as f64 * (view.x.1 - view.x.0), y]);
        }
    });
    let scale = fit_scale(landscape, view, &values, levels);
    let undefined = values.iter().any(|v| v.is_nan());
    Ok(Sampled { grid: Grid { nx, ny, values, origin: (0.5, 0.5), step }, scale, undefined })
}

/// The colours of undefined ground.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hatch {
    /// The ground.
    pub fill: Rgb,
    /// Its diagonal lines.
    pub line: Rgb,
    /// Pixels from one line to the next.
    pub period: f64,
}

/// How much of a pixel a hatch line covers (lines rising to the right).
pub fn hatch_cover(hatch: &Hatch, x: usize, y: usize) -> f32 {
    let width = (hatch.period * 0.2).max(1.0);
    let d = (x as f64 + y as f64 + 1.0).rem_euclid(hatch.period);
    let d = d.min(hatch.period - d) / std::f64::consts::SQRT_2;
    (width / 2.0 + 0.5 - d).clamp(0.0, 1.0) as f32
}

/// The map as an image: each pixel's value from the samples around it,
/// through the scale to its colour; undefined pixels hatched.
pub fn image(sampled: &Sampled, size: (usize, usize), hatch: &Hatch) -> Result<Image> {
    let (w, h) = size;
    let mut pixels = buffer(w * h, Rgb(0, 0, 0), "the map")?;
    pixels.par_chunks_mut(w.max(1)).enumerate().for_each(|(y, row)| {
        for (x, p) in row.iter_mut().enumerate() {
            let v = sampled.grid.value((x as f64 + 0.5, y as f64 + 0.5));
            *p = if v.is_nan() {
                crate::look::colour::mix(hatch.fill, hatch.line, f64::from(hatch_cover(hatch, x, y)))
            } else {
                landscape_color(sampled.scale.t(v))
            };
        }
    });
    Ok(Image { width: w, height: h, pixels })
}

/// The plot's pixel position of a point of parameter space.
pub fn to_pixels(view: Viewport, size: (usize, usize), p: [f64; 2]) -> Point {
    (
        (p[0] - view.x.0) / (view.x.1 - view.x.0) * size.0 as f64,
        (view.y.1 - p[1]) / (view.y.1 - view.y.0) * size.1 as f64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::landscape::{Builtin, Kind};

    fn bowl() -> Landscape {
        Landscape::new(Kind::Builtin(Builtin::from_name("quadratic").unwrap()))
    }

    fn largest_step(image: &Image) -> i32 {
        let d = |a: Rgb, b: Rgb| {
            (i32::from(a.0) - i32::from(b.0)).abs()
                + (i32::from(a.1) - i32::from(b.1)).abs()
                + (i32::from(a.2) - i32::from(b.2)).abs()
        };
        let mut most = 0;
        for y in 0..image.height {
            for x in 0..image.width {
                if x + 1 < image.width {
                    most = most.max(d(image.at(x, y), image.at(x + 1, y)));
                }
                if y + 1 < image.height {
                    most = most.max(d(image.at(x, y), image.at(x, y + 1)));
                }
            }
        }
        most
    }

    #[test]
    fn the_map_changes_smoothly_from_pixel_to_pixel() {
        let l = bowl();
        let d = l.domain();
        let view = Viewport { x: d.x, y: d.y.unwrap() };
        let hatch = Hatch { fill: Rgb(0, 0, 0), line: Rgb(255, 255, 255), period: 8.0 };
        let size = (480, 320);
        let fine = sample(&l, view, size, Levels::Auto).unwrap();
        assert_eq!(spacing(&l, size), 1, "a built-in function is sampled at every pixel");
        let map = image(&fine, size, &hatch).unwrap();
        // Each pixel is the colour of f at its own centre.
        for (x, y) in [(0, 0), (17, 203), (240, 160), (479, 319), (401, 12)] {
            let p = [
                view.x.0 + (x as f64 + 0.5) / 480.0 * (view.x.1 - view.x.0),
                view.y.1 - (y as f64 + 0.5) / 320.0 * (view.y.1 - view.y.0),
            ];
            assert_eq!(map.at(x, y), landscape_color(fine.scale.t(l.value(p))), "({x}, {y})");
        }
        let smooth = largest_step(&map);
        // The same map from one sample per 9-pixel cell, as the view's cells
        // give it, steps between cells.
        let coarse = sample(&l, view, (size.0 / 9, size.1 / 9), Levels::Auto).unwrap();
        let blocky: Vec<Rgb> = (0..size.0 * size.1)
            .map(|k| {
                let (x, y) = (k % size.0 / 9, k / size.0 / 9);
                landscape_color(coarse.scale.t(coarse.grid.value((x as f64 + 0.5, y as f64 + 0.5))))
            })
            .collect();
        let blocky = largest_step(&Image { width: size.0, height: size.1, pixels: blocky });
        assert!(blocky > 3 * smooth, "cells step by {blocky}, pixels by {smooth}");
    }

    #[test]
    fn a_costly_function_is_sampled_more_sparsely_within_the_work_limit() {
        let points: Vec<[f64; 2]> = (0..20_000).map(|i| [f64::from(i) / 1e4, f64::from(i % 7)]).collect();
        let data = Landscape::new(Kind::LinearRegression(crate::core::landscape::Dataset::new(points).unwrap()));
        let size = (4000, 2500);
        let s = spacing(&data, size);
        let samples = size.0.div_ceil(s) * size.1.div_ceil(s);
        assert!(s > 1);
        assert!(samples as f64 * 20_000.0 <= SAMPLE_WORK * 1.1 || samples as f64 <= MIN_SAMPLES * 1.1, "{samples}");
    }
}
