//! Work that runs beside the interface: started on a thread, read back piece
//! by piece, cancelled when what it was computing for changes. One module a
//! kind of work; each keeps its result and the job filling it, and knows
//! when that job has gone stale.

pub mod basins;
pub mod export;
pub mod extremes;
pub mod picture;
pub mod plane;
pub mod ratemap;
pub mod runs;
pub mod sweep;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::core::budget::{self, Estimate, Progress, Report};

/// How far below the view a thread of work beside it is scheduled (added
/// to its nice value).
const BELOW_THE_VIEW: i32 = 10;

/// Schedules the calling thread, one of work beside the view, below the
/// view's own: on a busy machine (runs at the work budget on every core)
/// the thread that answers keys gets a core first. Linux only, where each
/// thread has its own nice value (elsewhere it would lower the view too);
/// where it cannot be done, the thread goes on as it is.
pub fn below_the_view() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let thread = Some(rustix::thread::gettid());
        if let Ok(nice) = getpriority_process(thread) {
            let _ = setpriority_process(thread, (nice + BELOW_THE_VIEW).min(19));
        }
    }
}

/// A computation that produces parts of type `T` on another thread.
pub struct Job<K, T> {
    /// What it computes (a job for another key is stale).
    pub key: K,
    parts: Receiver<T>,
    cancel: Arc<AtomicBool>,
    finished: bool,
    /// Why it was refused before it started, if it was.
    refusal: Option<String>,
}

impl<K, T: Send + 'static> Job<K, T> {
    /// Starts `work` on a new thread; it sends parts as they are ready and
    /// should stop soon after the flag it is given is set.
    fn start(key: K, work: impl FnOnce(Sender<T>, Arc<AtomicBool>) + Send + 'static) -> Self {
        let (sender, parts) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::spawn(move || {
            below_the_view();
            work(sender, flag);
        });
        Job { key, parts, cancel, finished: false, refusal: None }
    }

    /// Starts `work` if the budget admits what it would cost ([`budget::admit`],
    /// the gate of every computation); it is given its progress to count
    /// its parts on. Refused, the job is finished at once and says why.
    pub fn admitted(
        key: K,
        estimate: Estimate,
        report: Report,
        work: impl FnOnce(Sender<T>, Arc<AtomicBool>, Arc<Progress>) + Send + 'static,
    ) -> Self {
        match budget::admit(estimate, report) {
            Ok(progress) => {
                let progress = Arc::new(progress);
                Job::start(key, move |sender, cancel| work(sender, cancel, progress))
            }
            Err(message) => {
                let (_, parts) = mpsc::channel();
                let cancel = Arc::new(AtomicBool::new(true));
                Job { key, parts, cancel, finished: true, refusal: Some(message) }
            }
        }
    }

    /// Why the budget refused it, if it did.
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    /// The parts that arrived since the last call.
    pub fn take(&mut self) -> Vec<T> {
        let mut out = Vec::new();
        loop {
            match self.parts.try_recv() {
                Ok(part) => out.push(part),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    break;
                }
            }
        }
        out
    }

    /// Whether the work has ended and every part was taken.
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

impl<K, T> Drop for Job<K, T> {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
