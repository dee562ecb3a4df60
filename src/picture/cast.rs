//! asciicast v2: a header line, then one `[time, "o", data]` line per
//! output (and `[time, "r", "COLSxROWS"]` where the terminal was resized),
//! as asciinema's player and `asciinema play` read it.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// What starts every recording: hide the cursor, clear the screen.
pub const PREAMBLE: &str = "\x1b[?25l\x1b[H\x1b[2J";

/// A recording being written.
#[derive(Debug, Clone)]
pub struct Cast {
    text: String,
    last: f64,
}

impl Cast {
    /// A recording of a `width` × `height` terminal. The title is data
    /// (from a file): it goes through the one sanitising rule.
    pub fn new(width: u16, height: u16, title: &str) -> Cast {
        Cast { text: header(width, height, title), last: 0.0 }
    }

    /// What the terminal was sent `time` seconds in (never earlier than the
    /// event before).
    pub fn output(&mut self, time: f64, data: &str) {
        let _ = self.text.write_str(&event(&mut self.last, time, "o", data));
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.text
    }
}

/// The header line of a `width` × `height` recording.
fn header(width: u16, height: u16, title: &str) -> String {
    let header = serde_json::json!({
        "version": 2,
        "width": width,
        "height": height,
        "title": crate::sanitize::visible(title),
        "env": {"TERM": "xterm-256color"},
    });
    format!("{header}\n")
}

/// One event line at `time` seconds, never before `last` (which it moves on).
fn event(last: &mut f64, time: f64, kind: &str, data: &str) -> String {
    let time = (time.max(*last) * 1e6).round() / 1e6;
    *last = time;
    let data = serde_json::to_string(data).expect("strings serialise");
    format!("[{time:.6}, \"{kind}\", {data}]\n")
}

/// A recording written to its file as it goes, so that it holds no more
/// than a frame in memory and what was recorded is on disk whatever ends
/// the program: a line-by-line file whose every prefix plays. What the file
/// system refuses (a full disk) is kept and written when it can be; if it
/// never can, [`CastFile::finish`] saves the whole elsewhere or says why not.
pub struct CastFile {
    path: PathBuf,
    /// The stem of its name, for a fresh name elsewhere.
    stem: String,
    file: Box<dyn io::Write + Send>,
    /// Bytes not written yet, because the last write failed.
    pending: Vec<u8>,
    /// Why the last write failed, while bytes are pending.
    trouble: Option<io::Error>,
    last: f64,
}

/// Where a finished recording was saved.
#[derive(Debug)]
pub struct Saved {
    /// The file that holds it whole.
    pub path: PathBuf,
    /// The file it was written to first, when that could not be finished
    /// and the whole was saved at `path` instead, with the reason.
    pub instead_of: Option<(PathBuf, String)>,
}

impl CastFile {
    /// A recording of a `width` × `height` terminal at `path`, written to
    /// `file` (created for it); the header goes out at once.
    pub fn new(path: PathBuf, file: Box<dyn io::Write + Send>, width: u16, height: u16, title: &str) -> CastFile {
        let stem = path.file_stem().map_or_else(|| "recording".into(), |s| s.to_string_lossy().into_owned());
        let mut cast = CastFile { path, stem, file, pending: Vec::new(), trouble: None, last: 0.0 };
        cast.push(header(width, height, title).as_bytes());
        cast
    }

    /// A recording in a new file `dir/STEM-N.cast` under a fresh name.
    pub fn create(dir: &Path, stem: &str, width: u16, height: u16, title: &str) -> io::Result<CastFile> {
        let (path, file) = crate::storage::create_fresh(dir, stem, "cast")?;
        let mut cast = CastFile::new(path.clone(), Box::new(file), width, height, title);
        cast.stem = stem.to_string();
        match cast.trouble() {
            // Not even the header could be written: no recording here.
            Some(e) => {
                let error = io::Error::new(e.kind(), e.to_string());
                drop(cast);
                let _ = std::fs::remove_file(&path);
                Err(error)
            }
            None => Ok(cast),
        }
    }

    /// The file it is written to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why writing it fails at the moment, if it does (what could not be
    /// written is kept meanwhile).
    pub fn trouble(&self) -> Option<&io::Error> {
        self.trouble.as_ref()
    }

    /// What the terminal was sent `time` seconds in.
    pub fn output(&mut self, time: f64, data: &str) {
        let line = event(&mut self.last, time, "o", data);
        self.push(line.as_bytes());
    }

    /// The terminal became `width` × `height` at `time` seconds.
    pub fn resize(&mut self, time: f64, width: u16, height: u16) {
        let line = event(&mut self.last, time, "r", &format!("{width}x{height}"));
        self.push(line.as_bytes());
    }

    fn push(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let _ = self.drain();
    }

    /// Writes what is pending, as far as the file takes it.
    fn drain(&mut self) -> io::Result<()> {
        while !self.pending.is_empty() {
            match self.file.write(&self.pending) {
                Ok(0) => {
                    self.trouble = Some(io::Error::from(io::ErrorKind::WriteZero));
                    return Err(io::ErrorKind::WriteZero.into());
                }
                Ok(n) => {
                    self.pending.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let kept = io::Error::new(e.kind(), e.to_string());
                    self.trouble = Some(e);
                    return Err(kept);
                }
            }
        }
        self.trouble = None;
        Ok(())
    }

    /// Ends the recording: what is pending written and the file flushed to
    /// disk. Where that fails, the whole recording (what reached the file,
    /// then the rest) is saved under a fresh name in `fallback` instead and
    /// the unfinished file removed; where that fails too, the error says
    /// what is kept where.
    pub fn finish(mut self, fallback: &Path) -> Result<Saved, String> {
        let finished = self.drain().and_then(|()| self.file.flush());
        let reason = match finished {
            Ok(()) => return Ok(Saved { path: self.path, instead_of: None }),
            Err(e) => e.to_string(),
        };
        drop(std::mem::replace(&mut self.file, Box::new(io::sink())));
        let saved = std::fs::read(&self.path).and_then(|mut whole| {
            whole.extend_from_slice(&self.pending);
            crate::storage::write_fresh(fallback, &self.stem, "cast", &whole)
        });
        match saved {
            Ok(path) => {
                let _ = std::fs::remove_file(&self.path);
                Ok(Saved { path, instead_of: Some((self.path, reason)) })
            }
            Err(e) => Err(format!(
                "the recording could not be finished: {} ({reason}), nor saved in {} ({e}); {} holds what was \
                 written before the error",
                self.path.display(),
                fallback.display(),
                self.path.display()
            )),
        }
    }
}

/// The file recordings fall back to where a folder cannot be written: the
/// temporary folder.
pub fn fallback_folder() -> PathBuf {
    std::env::temp_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_then_events_in_time_order() {
        let mut cast = Cast::new(80, 24, "a \x1b[31mtitle");
        cast.output(0.0, "hi\x1b[0m");
        cast.output(0.5, "é");
        cast.output(0.25, "later anyway");
        let text = cast.finish();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines[0]["version"], 2);
        assert_eq!((lines[0]["width"].clone(), lines[0]["height"].clone()), (80.into(), 24.into()));
        assert!(!lines[0]["title"].as_str().unwrap().contains('\x1b'), "no control characters from data");
        assert_eq!(lines[1], serde_json::json!([0.0, "o", "hi\x1b[0m"]));
        assert_eq!(lines[2], serde_json::json!([0.5, "o", "é"]));
        assert_eq!(lines[3][0], 0.5, "never back in time");
    }

    /// A file system that refuses writes while `full` is set, as a full
    /// disk does, and keeps what it took.
    #[derive(Clone, Default)]
    struct Disk {
        taken: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
        full: std::sync::Arc<std::sync::atomic::AtomicBool>,
    }

    impl io::Write for Disk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.full.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "No space left on device"));
            }
            // Some of it, as a nearly full disk takes it.
            let n = buf.len().min(7);
            self.taken.lock().unwrap().extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn what_a_full_disk_refuses_is_kept_and_written_once_it_can_be() {
        let disk = Disk::default();
        let mut cast = CastFile::new("x.cast".into(), Box::new(disk.clone()), 80, 24, "t");
        cast.output(0.0, "before");
        disk.full.store(true, std::sync::atomic::Ordering::Relaxed);
        cast.output(0.5, "while full");
        cast.resize(0.75, 100, 30);
        assert!(cast.trouble().is_some_and(|e| e.to_string().contains("No space")));
        disk.full.store(false, std::sync::atomic::Ordering::Relaxed);
        cast.output(1.0, "after");
        assert!(cast.trouble().is_none());
        let saved = cast.finish(Path::new("/nonexistent")).unwrap();
        assert_eq!((saved.path, saved.instead_of.is_none()), (PathBuf::from("x.cast"), true));
        let text = String::from_utf8(disk.taken.lock().unwrap().clone()).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines[0]["width"], 80);
        assert_eq!(lines[1], serde_json::json!([0.0, "o", "before"]));
        assert_eq!(lines[2], serde_json::json!([0.5, "o", "while full"]));
        assert_eq!(lines[3], serde_json::json!([0.75, "r", "100x30"]));
        assert_eq!(lines[4], serde_json::json!([1.0, "o", "after"]));
    }

    #[test]
    fn a_disk_that_stays_full_sends_the_whole_recording_elsewhere() {
        let dir = std::env::temp_dir().join(format!("losscape-cast-full-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (first, elsewhere) = (dir.join("first"), dir.join("elsewhere"));
        std::fs::create_dir_all(&first).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        // The first folder's file takes the header and one event, then is full.
        let path = first.join("lesson-1.cast");
        let mut cast = CastFile::create(&first, "lesson", 80, 24, "t").unwrap();
        assert_eq!(cast.path(), path);
        cast.output(0.0, "kept on disk");
        let full = Disk::default();
        full.full.store(true, std::sync::atomic::Ordering::Relaxed);
        cast.file = Box::new(full);
        cast.output(0.5, "only in memory");
        let saved = cast.finish(&elsewhere).unwrap();
        assert_eq!(saved.path, elsewhere.join("lesson-1.cast"));
        let (was, why) = saved.instead_of.unwrap();
        assert_eq!(was, path);
        assert!(why.contains("No space"), "{why}");
        assert!(!path.exists(), "the unfinished file is removed");
        let text = std::fs::read_to_string(&saved.path).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1][2], "kept on disk");
        assert_eq!(lines[2][2], "only in memory");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
