//! Pictures that leave the terminal: screens of cells encoded as asciicast,
//! as an animated GIF, as PNG or SVG, and a figure (the plot alone, drawn
//! at the pixel) as PNG or SVG. What the screens show is the view's
//! business ([`crate::tui::headless`] drives it): these only encode.

pub mod ansi;
pub mod cast;
pub mod cells;
pub mod figure;
pub mod gif;
pub mod raster;
pub mod shapes;
pub mod svg;

use std::path::Path;

use anyhow::{Context, Result, bail};
use ratatui::buffer::Buffer;

use crate::core::scenario::Rgb;
use cells::Grid;
use raster::{Image, Painter};

/// What a file name's extension asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// asciicast v2 (`.cast`).
    Cast,
    /// Animated GIF.
    Gif,
    /// One frame as SVG.
    Svg,
    /// One frame as PNG.
    Png,
}

impl Format {
    /// The format of a path's extension.
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        Ok(match ext.as_str() {
            "cast" => Format::Cast,
            "gif" => Format::Gif,
            "svg" => Format::Svg,
            "png" => Format::Png,
            _ => bail!("{}: the name must end in .cast, .gif, .svg or .png", path.display()),
        })
    }

    /// Whether it holds many frames.
    pub fn animated(self) -> bool {
        matches!(self, Format::Cast | Format::Gif)
    }
}

/// Which pass over an animated GIF's frames one is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GifPass {
    /// The first: every frame's colours, for the palette.
    Palette,
    /// The second: every frame encoded with it.
    Encode,
}

/// An animated GIF of as many frames as `delays` has (each shown for so
/// many hundredths of a second): `frame(pass, j)` draws frame j's cells,
/// once in each [`GifPass`], in order; each frame paints only the cells
/// that changed from the one before.
pub fn animated_gif(
    delays: &[u16],
    terminal_colors: (Rgb, Rgb),
    mut frame: impl FnMut(GifPass, usize) -> Result<Buffer>,
) -> Result<Vec<u8>> {
    let mut painter = Painter::new();
    let mut histogram = gif::Histogram::default();
    let mut previous: Option<(Grid, Image)> = None;
    for j in 0..delays.len() {
        let grid = Grid::from_buffer(&frame(GifPass::Palette, j)?, terminal_colors);
        let image = match previous.take() {
            None => {
                let image = painter.paint(&grid);
                histogram.add(&image);
                image
            }
            Some((before, mut image)) => {
                let old = image.clone();
                painter.repaint(&mut image, &before, &grid);
                histogram.add_changes(&old, &image);
                image
            }
        };
        previous = Some((grid, image));
    }
    let (width, height) = previous.as_ref().map_or((0, 0), |(_, i)| (i.width, i.height));
    let mut writer = gif::Writer::new(Vec::new(), width, height, histogram.palette())?;
    let mut previous: Option<(Grid, Image)> = None;
    for (j, &delay) in delays.iter().enumerate() {
        let grid = Grid::from_buffer(&frame(GifPass::Encode, j)?, terminal_colors);
        let image = match previous.take() {
            None => painter.paint(&grid),
            Some((before, mut image)) => {
                painter.repaint(&mut image, &before, &grid);
                image
            }
        };
        writer.frame(&image, delay)?;
        previous = Some((grid, image));
    }
    writer.finish()
}

/// One screen of cells as PNG and SVG.
pub fn screen_files(buffer: &Buffer, terminal_colors: (Rgb, Rgb)) -> Result<(Vec<u8>, String)> {
    let grid = Grid::from_buffer(buffer, terminal_colors);
    let mut painter = Painter::new();
    let png = png(&painter.paint(&grid))?;
    Ok((png, svg::svg(&grid, &painter, terminal_colors.1)))
}

/// An image as PNG.
pub fn png(image: &Image) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut encoder = ::png::Encoder::new(&mut bytes, image.width as u32, image.height as u32);
        encoder.set_color(::png::ColorType::Rgb);
        encoder.set_depth(::png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("cannot start the PNG")?;
        writer.write_image_data(&image.rgb_bytes()).context("cannot write the PNG")?;
    }
    Ok(bytes)
}
