//! Reading files a stranger may have written: only regular files, only up
//! to a stated size, and refused at once (never waited on) when they are
//! devices, FIFOs, sockets or folders.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path};

/// The most bytes a scenario file may hold.
pub const MAX_SCENARIO_BYTES: u64 = 4 << 20;
/// The most bytes a data (CSV) file may hold.
pub const MAX_DATA_BYTES: u64 = 16 << 20;

/// Why a file could not be read, in words: the system's message without
/// its error number.
pub fn plain(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error ") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// The text of a regular file of at most `max` bytes, or why not. The
/// file's type and size are checked before it is opened (opening a FIFO
/// would wait for a writer) and again on the open file, and at most `max`
/// bytes are read whatever the file claims.
pub fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(plain)?;
    let refuse = |meta: &std::fs::Metadata| -> Result<(), String> {
        if !meta.is_file() {
            let kind = if meta.is_dir() { "a folder" } else { "not a regular file (a device, FIFO or socket)" };
            return Err(format!("{kind}; only regular files are read"));
        }
        if meta.len() > max {
            return Err(format!("{} bytes; at most {max} are read", meta.len()));
        }
        Ok(())
    };
    refuse(&meta)?;
    let file = File::open(path).map_err(plain)?;
    refuse(&file.metadata().map_err(plain)?)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(plain)?;
    if bytes.len() as u64 > max {
        return Err(format!("more than {max} bytes; at most {max} are read"));
    }
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

/// At most the first `max` bytes of a regular file, or why not: its type is
/// checked before it is opened, and again on the open file, as
/// [`read_text`] does; a longer file is cut, not refused.
pub fn read_start(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let refuse = |meta: &std::fs::Metadata| -> Result<(), String> {
        if meta.is_file() {
            Ok(())
        } else if meta.is_dir() {
            Err("a folder; only regular files are read".into())
        } else {
            Err("not a regular file (a device, FIFO or socket); only regular files are read".into())
        }
    };
    refuse(&std::fs::metadata(path).map_err(plain)?)?;
    let file = File::open(path).map_err(plain)?;
    refuse(&file.metadata().map_err(plain)?)?;
    let mut bytes = Vec::new();
    file.take(max).read_to_end(&mut bytes).map_err(plain)?;
    Ok(bytes)
}

/// The folder a file is in: `.` for a bare file name (whose parent is the
/// empty path, which names no folder).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Whether `relative` names a file inside `base` (no absolute path, no
/// `..`, and no link that leads out). An empty `base` is the current folder.
pub fn stays_inside(base: &Path, relative: &str) -> bool {
    let base = if base.as_os_str().is_empty() { Path::new(".") } else { base };
    let path = Path::new(relative);
    if !path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return false;
    }
    match (base.canonicalize(), base.join(path).canonicalize()) {
        (Ok(base), Ok(target)) => target.starts_with(base),
        // A file that does not exist is inside by its name; reading it will say it is missing.
        (Ok(_), Err(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let dir = std::env::temp_dir().join(format!("losscape-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.json");
        std::fs::write(&file, "{}").unwrap();
        assert_eq!(read_text(&file, 10).unwrap(), "{}");
        assert!(read_text(&file, 1).unwrap_err().contains("at most 1"));
        assert!(read_text(&dir, 10).unwrap_err().contains("a folder"));
        #[cfg(unix)]
        assert!(read_text(Path::new("/dev/zero"), 10).unwrap_err().contains("not a regular file"));
        assert!(stays_inside(&dir, "a.json"));
        assert!(!stays_inside(&dir, "../a.json"));
        assert!(!stays_inside(&dir, "/etc/passwd"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
