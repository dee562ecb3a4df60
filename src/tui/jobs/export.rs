//! An export of every run's trajectory (`x`, `X`) to a new file beside the
//! scenario, in the shape of `losscape run`: written on a thread of its own
//! as it is serialised, through a small buffer, so that neither the view
//! nor the memory waits for a long run; the steps written so far counted
//! for the status bar.

use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

use crate::core::run::Run;
use crate::core::scenario::Scenario;
use crate::report;
use crate::sanitize::{Guard, Mode};
use crate::tui::files::{Written, output_folder};

/// How each step begins in the JSON export (`serde_json` writes it so, and
/// inside a string the quote would be escaped): counting it counts steps.
const JSON_STEP: &[u8] = b"{\"step\":";

/// An export under way.
pub struct Export {
    /// CSV or JSON.
    pub json: bool,
    steps: usize,
    written: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<Written>>,
}

impl Export {
    /// Starts writing `runs` (`scenario`'s, as tuned) to a new file beside
    /// the scenario.
    pub fn start(scenario: Scenario, runs: Vec<Arc<Run>>, json: bool) -> Export {
        let steps = runs.iter().map(|r| r.history().len()).sum();
        let written = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (count, stop) = (Arc::clone(&written), Arc::clone(&cancel));
        let thread = std::thread::spawn(move || {
            super::below_the_view();
            write(&scenario, &runs, json, &count, &stop)
        });
        Export { json, steps, written, cancel, thread: Some(thread) }
    }

    /// The share of the steps written so far.
    pub fn progress(&self) -> f64 {
        (self.written.load(Ordering::Relaxed) as f64 / self.steps.max(1) as f64).min(1.0)
    }

    /// Whether it has ended (and [`Export::wait`] returns at once).
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Where it was written, or why not, once it has ended (waiting for it).
    pub fn wait(mut self) -> Written {
        let thread = self.thread.take().expect("an export is waited for once");
        thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

impl Drop for Export {
    /// An export dropped before it ends stops, and leaves no file behind.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Writes the export as [`crate::storage::write_fresh_with`] does (a
/// temporary file, then a fresh name): a reader never sees half of it, and
/// a failure, a full disk or a cancel, leaves nothing.
fn write(scenario: &Scenario, runs: &[Arc<Run>], json: bool, written: &AtomicUsize, cancel: &AtomicBool) -> Written {
    let folder = output_folder(scenario);
    let stem = format!("{}-trajectories", scenario.stem);
    let done = crate::storage::write_fresh_with(&folder, &stem, if json { "json" } else { "csv" }, |file| {
        let counter = Counter { out: BufWriter::new(file), json, matched: 0, written, cancel };
        // The one rule for text from files holds for what is written to files too.
        let mut out = Guard::new(counter, if json { Mode::Json } else { Mode::Text });
        let result = if json {
            report::write_json(&mut out, scenario, runs)
        } else {
            report::write_csv(&mut out, scenario, runs)
        };
        result.and_then(|()| out.flush())
    });
    match done {
        Ok(path) => Ok(path),
        Err(_) if cancel.load(Ordering::Relaxed) => Err("the export was stopped: nothing was written".into()),
        Err(e) => Err(format!("cannot write trajectories to {}: {e}", folder.display())),
    }
}

/// Passes bytes on, counting the steps in them (a CSV's lines after its
/// header, a JSON export's step objects), and fails once cancelled.
struct Counter<'a, W> {
    out: W,
    json: bool,
    /// How much of [`JSON_STEP`] the bytes so far end with.
    matched: usize,
    written: &'a AtomicUsize,
    cancel: &'a AtomicBool,
}

impl<W: Write> Write for Counter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::other("stopped"));
        }
        let n = self.out.write(buf)?;
        let mut steps = 0;
        for &byte in &buf[..n] {
            if !self.json {
                steps += usize::from(byte == b'\n');
                continue;
            }
            // No proper prefix of the pattern is also its suffix: a mismatch
            // starts again from its first byte.
            self.matched =
                if byte == JSON_STEP[self.matched] { self.matched + 1 } else { usize::from(byte == JSON_STEP[0]) };
            if self.matched == JSON_STEP.len() {
                steps += 1;
                self.matched = 0;
            }
        }
        // The CSV's header is a line too: the count runs one ahead at most.
        self.written.fetch_add(steps, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(json: bool, chunks: &[&[u8]]) -> usize {
        let (written, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
        let mut counter = Counter { out: Vec::new(), json, matched: 0, written: &written, cancel: &cancel };
        for chunk in chunks {
            counter.write_all(chunk).unwrap();
        }
        written.load(Ordering::Relaxed)
    }

    #[test]
    fn steps_are_counted_across_writes() {
        let text = br#"{"runs":[{"trajectory":[{"step":0,"loss":1},{"step":1,"label":"{\"step\":"}]}]}"#;
        assert_eq!(counted(true, &[text]), 2, "the escaped quote in a label is not a step");
        let (a, b) = text.split_at(30);
        assert_eq!(counted(true, &[a, b]), 2);
        let pieces: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(counted(true, &pieces), 2, "a byte at a time");
        assert_eq!(counted(false, &[b"label,step\nGD,0\n", b"GD,1\n"]), 3);
    }

    #[test]
    fn a_cancelled_export_fails_at_its_next_write() {
        let (written, cancel) = (AtomicUsize::new(0), AtomicBool::new(true));
        let mut counter = Counter { out: Vec::new(), json: false, matched: 0, written: &written, cancel: &cancel };
        assert!(counter.write_all(b"x\n").is_err());
    }
}
