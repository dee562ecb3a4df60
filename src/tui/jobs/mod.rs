//! Work that runs beside the interface: started on a thread, read back piece
//! by piece, cancelled when what it was computing for changes. One module a
//! kind of work; each keeps its result and the job filling it, and knows
//! when that job has gone stale.

pub mod basins;
pub mod ratemap;
pub mod sweep;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// A computation that produces parts of type `T` on another thread.
pub struct Job<K, T> {
    /// What it computes (a job for another key is stale).
    pub key: K,
    parts: Receiver<T>,
    cancel: Arc<AtomicBool>,
    finished: bool,
}

impl<K, T: Send + 'static> Job<K, T> {
    /// Starts `work` on a new thread; it sends parts as they are ready and
    /// should stop soon after the flag it is given is set.
    pub fn start(key: K, work: impl FnOnce(Sender<T>, Arc<AtomicBool>) + Send + 'static) -> Self {
        let (sender, parts) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::spawn(move || work(sender, flag));
        Job { key, parts, cancel, finished: false }
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
