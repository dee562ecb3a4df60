//! Writing files the interactive view produces: fresh names, never
//! overwriting, and atomically (a temporary file, then a link or rename).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `contents` to `dir/STEM-N.EXT` for the smallest N ≥ 1 whose name
/// is free, and returns the path. A reader never sees a half-written file,
/// and an existing file is never replaced.
pub fn write_fresh(dir: &Path, stem: &str, extension: &str, contents: &[u8]) -> io::Result<PathBuf> {
    let temporary = dir.join(format!(".{stem}.{}.tmp", std::process::id()));
    {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
    }
    let result = (1..10_000).find_map(|n| {
        let target = dir.join(format!("{stem}-{n}.{extension}"));
        if target.exists() {
            return None;
        }
        // A hard link fails if the name was taken meanwhile; where links are
        // not supported, rename (the existence check above still holds).
        match fs::hard_link(&temporary, &target) {
            Ok(()) => Some(Ok(target)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => None,
            Err(_) => Some(fs::rename(&temporary, &target).map(|()| target)),
        }
    });
    let _ = fs::remove_file(&temporary);
    result.unwrap_or_else(|| Err(io::Error::other(format!("no free name for {stem}-N.{extension}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_fresh_and_nothing_is_overwritten() {
        let dir = std::env::temp_dir().join(format!("losscape-storage-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("lesson-tuned-1.json"), "keep me").unwrap();
        let a = write_fresh(&dir, "lesson-tuned", "json", b"first").unwrap();
        let b = write_fresh(&dir, "lesson-tuned", "json", b"second").unwrap();
        assert_eq!(a, dir.join("lesson-tuned-2.json"));
        assert_eq!(b, dir.join("lesson-tuned-3.json"));
        assert_eq!(fs::read_to_string(dir.join("lesson-tuned-1.json")).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(&b).unwrap(), "second");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
