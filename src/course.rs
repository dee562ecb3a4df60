//! A course is a folder of scenario files, taken in the order of their
//! names (`01-…`, `02-…`): `losscape DIR` opens it, `n` and `p` move
//! through it, `losscape lessons DIR` lists it and `losscape check DIR`
//! checks it.
//!
//! Listing a course reads names only, never the files: a folder of many
//! scenarios, each with a large data file, lists at once. What a listing
//! shows of each file (its name and description) comes from its first
//! bytes ([`Heading`]), read when it is shown.

use std::path::{Path, PathBuf};

use crate::core::scenario::{Heading, Scenario, ScenarioError};
use crate::sanitize::visible;

/// The most scenario files a course lists; a folder with more is listed
/// in part, and says so.
pub const MAX_COURSE_FILES: usize = 10_000;
/// The most folder entries looked at when listing (files of other kinds
/// included), so that a huge folder is not read to its end.
const MAX_ENTRIES: usize = 100_000;

/// The scenario files of a folder, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The files, in name order.
    pub files: Vec<PathBuf>,
    /// Whether the folder holds more than were listed.
    pub more: bool,
}

/// A folder of scenario files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    folder: PathBuf,
}

impl Course {
    /// The course in `folder`, or why it is not one: not a folder, not
    /// readable, or without scenario files.
    pub fn open(folder: &Path) -> Result<Course, String> {
        let course = Course { folder: folder.to_path_buf() };
        let listing = course.list()?;
        if listing.files.is_empty() {
            return Err(format!("{}: no scenario files (*.json) in this folder", shown(folder)));
        }
        Ok(course)
    }

    /// Its folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Its scenario files as they are now, in name order.
    pub fn list(&self) -> Result<Listing, String> {
        list_scenarios(&self.folder)
    }
}

/// The scenario files (`*.json`, hidden ones aside) of a folder, in the
/// order of their names, without reading them.
pub fn list_scenarios(folder: &Path) -> Result<Listing, String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| format!("{}: cannot list the folder: {}", shown(folder), crate::core::source::plain(e)))?;
    let mut files = Vec::new();
    let mut more = false;
    for entry in entries.take(MAX_ENTRIES).flatten() {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text.starts_with('.') || !text.ends_with(".json") {
            continue;
        }
        if files.len() == MAX_COURSE_FILES {
            more = true;
            break;
        }
        // A link counts as what it leads to; the type of anything else is
        // known without a look at the file itself.
        let is_file = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => entry.path().is_file(),
            Ok(kind) => kind.is_file(),
            Err(_) => false,
        };
        if is_file {
            files.push(entry.path());
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(Listing { files, more })
}

/// A file's name as shown: its last part, on one line.
pub fn file_name(path: &Path) -> String {
    visible(&path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()))
        .into_owned()
}

/// A path as shown, on one line.
fn shown(path: &Path) -> String {
    visible(&path.display().to_string()).into_owned()
}

/// What a listing says of a file: its name (the file's stem when it gives
/// none), or that it is not a scenario file.
pub fn title_of(path: &Path) -> String {
    match Heading::of_file(path) {
        Some(Heading { name: Some(name), .. }) => name,
        Some(_) => {
            visible(&path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())).into_owned()
        }
        None => "(not a scenario file)".into(),
    }
}

/// What `losscape lessons DIR` prints: each scenario file with its name
/// and the first sentence of its description, from the start of the file.
pub fn listing_text(folder: &Path, listing: &Listing) -> String {
    use std::fmt::Write as _;
    let folder = shown(folder);
    let mut out =
        format!("Scenarios in {folder} (open the course with `losscape {folder}`; n and p move through it)\n\n");
    for path in &listing.files {
        let heading = Heading::of_file(path);
        let title = title_of(path);
        let summary = heading
            .and_then(|h| h.description)
            .map(|d| crate::lessons::summary(&d).replace('\n', " "))
            .unwrap_or_default();
        let _ = writeln!(out, "  {:<26} {title}", file_name(path));
        if !summary.is_empty() {
            let _ = writeln!(out, "  {:<26} {summary}", "");
        }
    }
    if listing.more {
        let _ = writeln!(out, "\n(more than {MAX_COURSE_FILES} scenario files: the first found are listed)");
    }
    out
}

/// The first scenario of a course that loads, with its place in the list,
/// and the problems of those before it that did not; or every file's
/// problems when none loads.
pub fn first_scenario(listing: &Listing) -> Result<(Scenario, usize, Vec<ScenarioError>), Vec<ScenarioError>> {
    let mut failed = Vec::new();
    for (i, path) in listing.files.iter().enumerate() {
        match Scenario::load(path) {
            Ok(scenario) => return Ok((scenario, i, failed)),
            Err(e) => failed.push(e),
        }
    }
    Err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("losscape-course-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_course_lists_its_scenario_files_in_name_order() {
        let dir = folder("order");
        for name in ["10-last.json", "02-second.json", "01-first.json", "notes.txt", ".hidden.json", "data.csv"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        std::fs::create_dir(dir.join("sub.json")).unwrap();
        let listing = list_scenarios(&dir).unwrap();
        let names: Vec<String> = listing.files.iter().map(|p| file_name(p)).collect();
        assert_eq!(names, ["01-first.json", "02-second.json", "10-last.json"]);
        assert!(!listing.more);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_folder_without_scenarios_is_not_a_course() {
        let dir = folder("empty");
        let e = Course::open(&dir).unwrap_err();
        assert!(e.ends_with("no scenario files (*.json) in this folder"), "{e}");
        let e = Course::open(&dir.join("nowhere")).unwrap_err();
        assert!(e.ends_with("cannot list the folder: there is no such file"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn titles_come_from_the_start_of_the_file_alone() {
        let dir = folder("titles");
        // A scenario whose data file is missing still shows its name: the
        // data are not read to list it.
        let fit = r#"{"name": "A line fit", "function": {"name": "linear_regression", "csv": "missing.csv"}}"#;
        std::fs::write(dir.join("fit.json"), fit).unwrap();
        assert_eq!(title_of(&dir.join("fit.json")), "A line fit");
        std::fs::write(dir.join("nameless.json"), r#"{"steps": 3}"#).unwrap();
        assert_eq!(title_of(&dir.join("nameless.json")), "nameless");
        std::fs::write(dir.join("list.json"), "[1, 2]").unwrap();
        assert_eq!(title_of(&dir.join("list.json")), "(not a scenario file)");
        // A name beyond the bytes read is not looked for.
        let far = format!("{{\"description\": \"{}\", \"name\": \"far\"}}", "x".repeat(80_000));
        std::fs::write(dir.join("far-away.json"), far).unwrap();
        assert_eq!(title_of(&dir.join("far-away.json")), "far-away", "the file's stem, not its late name");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
