//! What drawing keeps from frame to frame, owned by the event loop: caches
//! of what is costly to work out again (the sampled landscape, the chart's
//! scale and noisy runs' moving means, the 3-D picture, the arrows'
//! scale), each with what it was worked out for. Where things go on the
//! screen is the layout's
//! ([`super::ScreenLayout`]), worked out before each frame.

use super::chart::{ChartScale, MeanCurve};
use super::field::Field;

/// The view's memory between frames.
#[derive(Debug, Default)]
pub struct Screen {
    /// The sampled landscape for the current plot size and view.
    pub(super) field: Option<Field>,
    /// The chart's scale, and what it was computed for.
    pub(super) chart_scale: Option<ChartScale>,
    /// Noisy runs' moving means, drawn on the chart.
    pub(super) chart_means: Vec<MeanCurve>,
    /// The 3-D surface as last drawn, for its camera, view and size.
    pub(super) surface: Option<super::surface::SurfaceImage>,
    /// The landscape sampled for it, for its view.
    pub(super) surface_mesh: Option<super::surface::Mesh>,
    /// The arrows' one scale, for the runs and the plot's size.
    pub(super) arrow_scale: Option<super::arrows::ArrowScale>,
}

impl Screen {
    /// A screen that has drawn nothing yet.
    pub fn new() -> Self {
        Screen::default()
    }
}
