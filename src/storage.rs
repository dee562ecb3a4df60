//! Writing files the interactive view produces: fresh names, never
//! overwriting, never through a link, and atomically where the file system
//! allows (a temporary file, then a hard link to the final name).
//!
//! Folders may be shared, and anyone may plant a file or a link at a name
//! the writer is about to use. So every file is created exclusively
//! (`create_new`, which refuses an existing name and never follows a link
//! there), the temporary's name is unpredictable, and the final name is
//! taken by a hard link, which also refuses an existing name. The temporary
//! is removed on every path.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rand::RngExt;

/// How many fresh names are tried before giving up.
const MAX_NAMES: usize = 10_000;

/// The files being written now (an export can take seconds): temporaries,
/// and a final name being filled where there are no hard links; for
/// [`remove_temporaries`].
static WRITING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn writing() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    WRITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the files still being written: for a program ended by a
/// signal, which leaves nothing half-written behind.
pub fn remove_temporaries() {
    for path in writing().drain(..) {
        let _ = fs::remove_file(path);
    }
}

/// A temporary file no longer there (linked and removed, renamed, or removed).
fn forget(path: &Path) {
    writing().retain(|p| p != path);
}

/// Creates a file that did not exist, never through a link, and lets
/// `write` fill it; removes it again if writing fails (or if the program
/// is ended meanwhile, see [`remove_temporaries`]).
fn create_exclusive_with(path: &Path, write: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<()> {
    let file = OpenOptions::new().write(true).create_new(true).open(path)?;
    writing().push(path.to_path_buf());
    let filled = fill(file, path, write);
    forget(path);
    filled
}

/// Lets `write` fill the file just created at `path`, then syncs it;
/// removes it again if either fails.
fn fill(mut file: fs::File, path: &Path, write: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<()> {
    let written = write(&mut file).and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}

/// A temporary file beside the final one, under an unpredictable name,
/// filled by `write`.
fn temporary(dir: &Path, stem: &str, write: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<PathBuf> {
    let mut rng = rand::rng();
    for _ in 0..16 {
        let tag: u64 = rng.random();
        let path = dir.join(format!(".{stem}.{tag:016x}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
            Ok(file) => {
                writing().push(path.clone());
                let filled = fill(file, &path, write);
                if filled.is_err() {
                    forget(&path);
                }
                return filled.map(|()| path);
            }
        }
    }
    Err(io::Error::other("no free temporary name"))
}

/// Writes `contents` to `dir/STEM-N.EXT` for the smallest N ≥ 1 whose name
/// is free (no file, no link, not even a dangling one), and returns the
/// path. A reader never sees a half-written file, and nothing that exists
/// is ever replaced or written through.
pub fn write_fresh(dir: &Path, stem: &str, extension: &str, contents: &[u8]) -> io::Result<PathBuf> {
    write_fresh_with(dir, stem, extension, |file| file.write_all(contents))
}

/// [`write_fresh`], the contents written by `write` as it goes (an export
/// of millions of steps is never held in memory whole); an error from
/// `write` leaves nothing behind.
pub fn write_fresh_with(
    dir: &Path,
    stem: &str,
    extension: &str,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let temporary = temporary(dir, stem, write)?;
    let taken = |target: &Path| target.symlink_metadata().is_ok();
    let mut result = None;
    for n in 1..MAX_NAMES {
        let target = dir.join(format!("{stem}-{n}.{extension}"));
        if taken(&target) {
            continue;
        }
        // A hard link refuses a name taken meanwhile. Where the file system
        // has no hard links, the file is written again under the final name,
        // created exclusively: not atomic, but never over anything.
        let linked = match fs::hard_link(&temporary, &target) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => fs::File::open(&temporary)
                .and_then(|mut from| create_exclusive_with(&target, |to| io::copy(&mut from, to).map(drop))),
            ok => ok,
        };
        match linked {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            other => {
                result = Some(other.map(|()| target));
                break;
            }
        }
    }
    let _ = fs::remove_file(&temporary);
    forget(&temporary);
    result.unwrap_or_else(|| Err(io::Error::other(format!("no free name for {stem}-N.{extension}"))))
}

/// Creates `dir/STEM-N.EXT` for the smallest N ≥ 1 whose name is free, as
/// [`write_fresh`] names files, to be written as it goes (a recording that
/// streams): created exclusively, never through a link.
pub fn create_fresh(dir: &Path, stem: &str, extension: &str) -> io::Result<(PathBuf, fs::File)> {
    for n in 1..MAX_NAMES {
        let target = dir.join(format!("{stem}-{n}.{extension}"));
        match OpenOptions::new().write(true).create_new(true).open(&target) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            other => return other.map(|file| (target, file)),
        }
    }
    Err(io::Error::other(format!("no free name for {stem}-N.{extension}")))
}

/// Writes `contents` to `path` as a whole: to a temporary file beside it,
/// then renamed over it, so that a reader sees the old file or the new one,
/// never half of one. An existing file (or link) at `path` is replaced, not
/// written through: this is for a name the user gave on the command line.
/// A file replaced keeps its permissions (a private file stays private).
pub fn write_replacing(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stem = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let before = path.symlink_metadata().ok().filter(fs::Metadata::is_file);
    let temporary = temporary(dir, &stem, |file| file.write_all(contents))?;
    let kept = match before {
        Some(before) => fs::set_permissions(&temporary, before.permissions()),
        None => Ok(()),
    };
    let renamed = kept.and_then(|()| fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    forget(&temporary);
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("losscape-storage-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> usize {
        fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    }

    #[test]
    fn names_are_fresh_and_nothing_is_overwritten() {
        let dir = folder("fresh");
        fs::write(dir.join("lesson-tuned-1.json"), "keep me").unwrap();
        let a = write_fresh(&dir, "lesson-tuned", "json", b"first").unwrap();
        let b = write_fresh(&dir, "lesson-tuned", "json", b"second").unwrap();
        assert_eq!(a, dir.join("lesson-tuned-2.json"));
        assert_eq!(b, dir.join("lesson-tuned-3.json"));
        assert_eq!(fs::read_to_string(dir.join("lesson-tuned-1.json")).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(&b).unwrap(), "second");
        assert_eq!(leftovers(&dir), 0);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = folder("replace");
        let path = dir.join("private.png");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_replacing(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(path.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(leftovers(&dir), 0);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_planted_at_every_name_are_never_written_through() {
        use std::os::unix::fs::symlink;
        let dir = folder("links");
        let outside = folder("links-outside").join("precious.txt");
        fs::write(&outside, "precious").unwrap();
        // A link at the first final names (one dangling), and at the name
        // the temporary file once had (pid-based).
        symlink(&outside, dir.join("lesson-tuned-1.json")).unwrap();
        symlink(dir.join("nowhere"), dir.join("lesson-tuned-2.json")).unwrap();
        symlink(&outside, dir.join(format!(".lesson-tuned.{}.tmp", std::process::id()))).unwrap();
        let written = write_fresh(&dir, "lesson-tuned", "json", b"new").unwrap();
        assert_eq!(written, dir.join("lesson-tuned-3.json"));
        assert_eq!(fs::read_to_string(&outside).unwrap(), "precious", "nothing outside changes");
        assert!(!written.symlink_metadata().unwrap().file_type().is_symlink());
        assert!(!dir.join("nowhere").exists(), "the dangling link is not followed");
        assert_eq!(fs::read_to_string(&written).unwrap(), "new");
        // Only the planted link ends in .tmp: the writer's own is gone.
        assert_eq!(leftovers(&dir), 1);
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(outside.parent().unwrap()).unwrap();
    }
}
