//! A picture of the screen (`P`): the cells the event loop drew, encoded as
//! PNG and SVG and written beside the scenario under fresh names, both or
//! neither, on a thread of its own, so that the view answers at once (the
//! encoding takes tens of milliseconds, and writing waits for the disk).

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use ratatui::buffer::Buffer;

use crate::core::scenario::Rgb;

/// Where a picture went (its PNG and its SVG), or why it could not be saved.
pub type Saved = Result<(PathBuf, PathBuf), String>;

/// A picture being encoded and written.
pub struct Picture {
    thread: Option<JoinHandle<Saved>>,
}

impl Picture {
    /// Starts encoding `screen` (drawn with the terminal's `colors`, ink
    /// and paper) and writing it to `folder` as `STEM-N.png` and `.svg`.
    pub fn start(screen: Buffer, colors: (Rgb, Rgb), folder: PathBuf, stem: String) -> Picture {
        let thread = std::thread::spawn(move || {
            super::below_the_view();
            let (png, svg) =
                crate::picture::screen_files(&screen, colors).map_err(|e| format!("cannot draw the picture: {e:#}"))?;
            write_both(&folder, &stem, &png, svg.as_bytes())
        });
        Picture { thread: Some(thread) }
    }

    /// Whether it has ended (and [`Picture::wait`] returns at once).
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Where it went, or why not, once it has ended (waiting for it).
    pub fn wait(mut self) -> Saved {
        let thread = self.thread.take().expect("a picture is waited for once");
        thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

/// Writes the PNG and then the SVG under fresh names: a PNG without its
/// SVG is taken back.
fn write_both(folder: &Path, stem: &str, png: &[u8], svg: &[u8]) -> Saved {
    let write = |ext: &str, bytes: &[u8]| {
        crate::storage::write_fresh(folder, stem, ext, bytes)
            .map_err(|e| format!("cannot write the picture to {}: {e}", folder.display()))
    };
    let png = write("png", png)?;
    match write("svg", svg) {
        Ok(svg) => Ok((png, svg)),
        Err(e) => {
            let _ = std::fs::remove_file(&png);
            Err(e)
        }
    }
}
