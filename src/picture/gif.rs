//! Animated GIF: one palette for the whole animation (the colours that
//! occur, reduced by median cut when there are more than 255), and frames
//! that hold only the rectangle that changed, with unchanged pixels inside
//! it transparent, so that a step that moves a few paths costs a few
//! hundred bytes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, Result};

use super::raster::Image;
use crate::core::scenario::Rgb;

/// The palette index left for "unchanged".
const TRANSPARENT: u8 = 255;
/// Colours the palette can hold besides it.
const COLOURS: usize = 255;

/// How often each colour occurs, over the frames seen so far.
#[derive(Debug, Default, Clone)]
pub struct Histogram {
    counts: HashMap<Rgb, u64>,
}

impl Histogram {
    /// Counts every pixel of an image.
    pub fn add(&mut self, image: &Image) {
        for &p in &image.pixels {
            *self.counts.entry(p).or_default() += 1;
        }
    }

    /// Counts the pixels of `image` that differ from `before`.
    pub fn add_changes(&mut self, before: &Image, image: &Image) {
        for (&p, &q) in image.pixels.iter().zip(&before.pixels) {
            if p != q {
                *self.counts.entry(p).or_default() += 1;
            }
        }
    }

    /// A palette of at most 255 colours: every colour when they are few,
    /// else the weighted means of median-cut boxes.
    pub fn palette(&self) -> Palette {
        let mut entries: Vec<(Rgb, u64)> = self.counts.iter().map(|(&c, &n)| (c, n)).collect();
        // Sorted, so that the palette does not depend on the map's order.
        entries.sort_by_key(|&(c, _)| (c.0, c.1, c.2));
        let colours =
            if entries.len() <= COLOURS { entries.iter().map(|&(c, _)| c).collect() } else { median_cut(entries) };
        Palette::new(colours)
    }
}

/// Median cut: splits the box of colours with the widest channel range
/// (weighted by how often its colours occur) at the weighted median of that
/// channel, until there are 255 boxes; each box gives its weighted mean.
fn median_cut(entries: Vec<(Rgb, u64)>) -> Vec<Rgb> {
    let channel = |c: Rgb, k: usize| [c.0, c.1, c.2][k];
    let range = |b: &[(Rgb, u64)], k: usize| {
        let (lo, hi) = b.iter().fold((255u8, 0u8), |(lo, hi), &(c, _)| (lo.min(channel(c, k)), hi.max(channel(c, k))));
        hi.saturating_sub(lo)
    };
    let mut boxes: Vec<Vec<(Rgb, u64)>> = vec![entries];
    while boxes.len() < COLOURS {
        // The box to split: widest range times its weight (log), among those of two or more colours.
        let pick = boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.len() > 1)
            .map(|(i, b)| {
                let weight: u64 = b.iter().map(|e| e.1).sum();
                let widest = (0..3).map(|k| range(b, k)).max().unwrap_or(0);
                (i, u64::from(widest) * (64 - weight.leading_zeros()) as u64)
            })
            .max_by_key(|&(i, score)| (score, std::cmp::Reverse(i)));
        let Some((i, _)) = pick else { break };
        let mut b = boxes.swap_remove(i);
        let k = (0..3).max_by_key(|&k| (range(&b, k), std::cmp::Reverse(k))).unwrap_or(0);
        b.sort_by_key(|&(c, _)| (channel(c, k), c.0, c.1, c.2));
        let total: u64 = b.iter().map(|e| e.1).sum();
        let mut seen = 0;
        let mut cut = 1;
        for (j, e) in b.iter().enumerate() {
            seen += e.1;
            if seen * 2 >= total {
                cut = (j + 1).clamp(1, b.len() - 1);
                break;
            }
        }
        let rest = b.split_off(cut);
        boxes.push(b);
        boxes.push(rest);
    }
    let mut colours: Vec<Rgb> = boxes
        .iter()
        .map(|b| {
            let total: u64 = b.iter().map(|e| e.1).sum::<u64>().max(1);
            let mean = |k: usize| (b.iter().map(|&(c, n)| u64::from(channel(c, k)) * n).sum::<u64>() / total) as u8;
            Rgb(mean(0), mean(1), mean(2))
        })
        .collect();
    colours.sort_by_key(|c| (c.0, c.1, c.2));
    colours.dedup();
    colours
}

/// Colours by index, and each colour's nearest entry once looked up.
#[derive(Debug, Clone)]
pub struct Palette {
    colours: Vec<Rgb>,
    nearest: HashMap<Rgb, u8>,
}

impl Palette {
    fn new(colours: Vec<Rgb>) -> Palette {
        let nearest = colours.iter().enumerate().map(|(i, &c)| (c, i as u8)).collect();
        Palette { colours, nearest }
    }

    /// The palette's colours.
    pub fn colours(&self) -> &[Rgb] {
        &self.colours
    }

    /// The index of the entry nearest to `c`.
    pub fn index(&mut self, c: Rgb) -> u8 {
        if let Some(&i) = self.nearest.get(&c) {
            return i;
        }
        let d = |a: Rgb, b: Rgb| {
            let s = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
            // Weighted towards green, as the eye is.
            2 * s(a.0, b.0) + 4 * s(a.1, b.1) + 3 * s(a.2, b.2)
        };
        let i = (0..self.colours.len()).min_by_key(|&i| d(self.colours[i], c)).unwrap_or(0) as u8;
        self.nearest.insert(c, i);
        i
    }
}

/// Writes frames as they come; a frame that changes nothing lengthens the
/// one before it instead.
pub struct Writer<W: Write> {
    encoder: gif::Encoder<W>,
    palette: Palette,
    width: usize,
    height: usize,
    /// The last frame's pixels and their palette indices.
    previous: Option<(Image, Vec<u8>)>,
    pending: Option<(gif::Frame<'static>, u16)>,
}

impl<W: Write> Writer<W> {
    /// A looping GIF of this size and palette.
    pub fn new(out: W, width: usize, height: usize, palette: Palette) -> Result<Self> {
        let mut flat: Vec<u8> = palette.colours().iter().flat_map(|c| [c.0, c.1, c.2]).collect();
        // Entry 255 is the transparent one; the palette is padded to 256.
        flat.resize(256 * 3, 0);
        let (w, h) =
            (u16::try_from(width).context("too wide for a GIF")?, u16::try_from(height).context("too tall for a GIF")?);
        let mut encoder = gif::Encoder::new(out, w, h, &flat).context("cannot start the GIF")?;
        encoder.set_repeat(gif::Repeat::Infinite).context("cannot write the GIF")?;
        Ok(Writer { encoder, palette, width, height, previous: None, pending: None })
    }

    /// Adds a frame shown for `delay` hundredths of a second.
    pub fn frame(&mut self, image: &Image, delay: u16) -> Result<()> {
        let frame = match self.previous.take() {
            None => {
                let indices: Vec<u8> = image.pixels.iter().map(|&p| self.palette.index(p)).collect();
                let frame = self.full(&indices);
                self.previous = Some((image.clone(), indices));
                Some(frame)
            }
            Some((mut before, mut indices)) => {
                // Only pixels whose colour changed are looked up again.
                let old = indices.clone();
                for (k, (&p, q)) in image.pixels.iter().zip(before.pixels.iter_mut()).enumerate() {
                    if p != *q {
                        *q = p;
                        indices[k] = self.palette.index(p);
                    }
                }
                let frame = self.changes(&old, &indices);
                self.previous = Some((before, indices));
                frame
            }
        };
        match frame {
            Some(frame) => {
                self.flush()?;
                self.pending = Some((frame, delay));
            }
            None => {
                if let Some((_, d)) = &mut self.pending {
                    *d = d.saturating_add(delay);
                }
            }
        }
        Ok(())
    }

    /// Writes the last frame and ends the file.
    pub fn finish(mut self) -> Result<W> {
        self.flush()?;
        self.encoder.into_inner().context("cannot finish the GIF")
    }

    fn flush(&mut self) -> Result<()> {
        if let Some((mut frame, delay)) = self.pending.take() {
            frame.delay = delay;
            self.encoder.write_frame(&frame).context("cannot write a GIF frame")?;
        }
        Ok(())
    }

    fn full(&self, indices: &[u8]) -> gif::Frame<'static> {
        gif::Frame {
            width: self.width as u16,
            height: self.height as u16,
            buffer: Cow::Owned(indices.to_vec()),
            dispose: gif::DisposalMethod::Keep,
            ..gif::Frame::default()
        }
    }

    /// The rectangle that changed, unchanged pixels in it transparent;
    /// `None` when nothing changed.
    fn changes(&self, before: &[u8], now: &[u8]) -> Option<gif::Frame<'static>> {
        let (w, h) = (self.width, self.height);
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        for y in 0..h {
            let row = y * w;
            for x in 0..w {
                if before[row + x] != now[row + x] {
                    x0 = x0.min(x);
                    x1 = x1.max(x + 1);
                    y0 = y0.min(y);
                    y1 = y1.max(y + 1);
                }
            }
        }
        if x0 >= x1 {
            return None;
        }
        let mut buffer = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            for x in x0..x1 {
                let k = y * w + x;
                buffer.push(if before[k] == now[k] { TRANSPARENT } else { now[k] });
            }
        }
        Some(gif::Frame {
            left: x0 as u16,
            top: y0 as u16,
            width: (x1 - x0) as u16,
            height: (y1 - y0) as u16,
            buffer: Cow::Owned(buffer),
            transparent: Some(TRANSPARENT),
            dispose: gif::DisposalMethod::Keep,
            ..gif::Frame::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_colours_are_kept_exactly_and_many_are_cut_to_255() {
        let mut h = Histogram::default();
        h.add(&Image { width: 2, height: 1, pixels: vec![Rgb(1, 2, 3), Rgb(200, 100, 0)] });
        let mut p = h.palette();
        assert_eq!(p.colours(), &[Rgb(1, 2, 3), Rgb(200, 100, 0)]);
        assert_eq!(p.index(Rgb(190, 110, 0)), 1, "nearest");
        let pixels: Vec<Rgb> =
            (0..4096u32).map(|i| Rgb((i % 16 * 16) as u8, (i / 16 % 16 * 16) as u8, (i / 256 * 16) as u8)).collect();
        let mut h = Histogram::default();
        h.add(&Image { width: 4096, height: 1, pixels });
        let p = h.palette();
        assert!(p.colours().len() <= 255 && p.colours().len() > 200, "{}", p.colours().len());
    }
}
