//! A figure as a list of things to paint, in order, in pixels (x to the
//! right, y down): what both the rasteriser ([`super::canvas`]) and the SVG
//! writer ([`super::svg`]) draw, so that the two can never show different
//! figures.

use crate::core::scenario::Rgb;
use crate::picture::raster::Image;

/// A point in pixels.
pub type Point = (f64, f64);

/// A rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Area {
    /// The right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether a point lies inside (edges included).
    pub fn contains(&self, p: Point) -> bool {
        p.0 >= self.x && p.0 <= self.right() && p.1 >= self.y && p.1 <= self.bottom()
    }

    /// Grown by `d` on every side (shrunk for negative `d`).
    pub fn grown(&self, d: f64) -> Area {
        Area { x: self.x - d, y: self.y - d, w: (self.w + 2.0 * d).max(0.0), h: (self.h + 2.0 * d).max(0.0) }
    }

    /// The centre.
    pub fn centre(&self) -> Point {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// Where a text's anchor point lies along it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// At its start.
    Start,
    /// At its middle.
    Middle,
    /// At its end.
    End,
}

impl Anchor {
    /// The share of the text's width that lies before the anchor.
    pub fn share(self) -> f64 {
        match self {
            Anchor::Start => 0.0,
            Anchor::Middle => 0.5,
            Anchor::End => 1.0,
        }
    }
}

/// A line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// What it says (one line, already made safe to show).
    pub text: String,
    /// The anchor point, on the baseline.
    pub at: Point,
    /// The font's size in pixels (its em).
    pub size: f64,
    /// Ink.
    pub color: Rgb,
    /// Where the anchor lies along the text.
    pub anchor: Anchor,
    /// Turned counter-clockwise about the anchor by this many degrees.
    pub angle: f64,
    /// A band of this colour and radius (pixels) around the glyphs, so that
    /// the text reads over anything.
    pub halo: Option<(Rgb, f64)>,
}

/// One thing to paint.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A layer begins: what follows, up to its [`Item::End`], belongs to it
    /// (an SVG group, so that a slide editor can select it).
    Begin(&'static str),
    /// The layer begun last ends.
    End,
    /// A filled rectangle.
    Rect {
        /// Where.
        area: Area,
        /// Its colour.
        fill: Rgb,
    },
    /// An image, one pixel of it to a pixel of the figure.
    Image {
        /// Where (whole pixels, the image's size).
        area: Area,
        /// The pixels.
        image: Image,
    },
    /// A rectangle filled with colours evenly spaced from its bottom to its top.
    Gradient {
        /// Where.
        area: Area,
        /// The colours, bottom first.
        stops: Vec<Rgb>,
    },
    /// Lines of a given width with round ends and joins.
    Stroke {
        /// Each line's points.
        lines: Vec<Vec<Point>>,
        /// Its width in pixels.
        width: f64,
        /// Its colour.
        color: Rgb,
        /// Dash and gap lengths, if dashed.
        dash: Option<(f64, f64)>,
        /// Nothing is drawn outside this area.
        clip: Option<Area>,
    },
    /// A filled disc.
    Disc {
        /// Its centre.
        centre: Point,
        /// Its radius.
        radius: f64,
        /// Its colour.
        fill: Rgb,
    },
    /// A filled convex polygon.
    Polygon {
        /// Its corners, in order.
        points: Vec<Point>,
        /// Its colour.
        fill: Rgb,
    },
    /// A line of text.
    Text(Text),
}

/// Where a plot's data area lies in the figure and which part of its
/// space it shows (in 1-D, y is f's range).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotFrame {
    /// The data area, axes excluded.
    pub data: Area,
    /// The x range shown, left to right.
    pub x: (f64, f64),
    /// The y range shown, bottom to top.
    pub y: (f64, f64),
}

impl PlotFrame {
    /// Where a point of the plot's space lies, in pixels.
    pub fn to_pixels(&self, p: [f64; 2]) -> Point {
        (
            self.data.x + (p[0] - self.x.0) / (self.x.1 - self.x.0) * self.data.w,
            self.data.y + (self.y.1 - p[1]) / (self.y.1 - self.y.0) * self.data.h,
        )
    }
}

/// A whole figure: its size, its paper and what is painted on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// The paper.
    pub background: Rgb,
    /// What is painted, first to last.
    pub items: Vec<Item>,
    /// Where the plot is.
    pub plot: PlotFrame,
}
