//! Files the view reads and writes: the picker's list of scenarios, the
//! scenario file's stamp (to notice edits), and the tuned copies and
//! exports written beside it under fresh names (exports themselves are
//! written by [`crate::tui::jobs::export`]).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::core::run::RunSpec;
use crate::core::scenario::{Layout, Scenario, ViewSettings};
use crate::course::{Course, MAX_COURSE_FILES};
use crate::lessons::{LESSONS, Lesson};
use crate::storage::write_fresh;

/// Where a picker entry's scenario comes from.
#[derive(Debug, Clone)]
pub enum PickerSource {
    /// A lesson compiled into the binary.
    Lesson(&'static Lesson),
    /// A file on disk.
    File(PathBuf),
}

impl PickerSource {
    /// Reads and validates the scenario.
    pub fn load(&self) -> Result<Scenario, crate::core::scenario::ScenarioError> {
        match self {
            PickerSource::Lesson(lesson) => lesson.scenario(),
            PickerSource::File(path) => Scenario::load(path),
        }
    }
}

/// One scenario the picker offers.
#[derive(Debug, Clone)]
pub struct PickerEntry {
    /// Where it comes from, as shown.
    pub origin: String,
    /// Where to load it from.
    pub source: PickerSource,
    /// Its name, read from the file's first bytes when first shown.
    title: std::cell::OnceCell<String>,
}

impl PickerEntry {
    fn new(origin: String, source: PickerSource) -> Self {
        PickerEntry { origin, source, title: std::cell::OnceCell::new() }
    }

    /// The scenario's name (the file's stem when it gives none), read from
    /// the start of its file the first time it is asked for: only the
    /// entries shown are ever read, a bounded part of each, and nothing is
    /// validated (a data file it names is not read).
    pub fn title(&self) -> &str {
        self.title.get_or_init(|| match &self.source {
            PickerSource::Lesson(lesson) => lesson.title(),
            PickerSource::File(path) => crate::course::title_of(path),
        })
    }
}

/// The picker's entries and selection.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// What can be opened.
    pub entries: Vec<PickerEntry>,
    /// The highlighted entry.
    pub selected: usize,
    /// Why the folder's files are missing or not all listed, if they are.
    pub note: Option<String>,
}

impl Picker {
    /// The scenario files of the course, or else of the folder of
    /// `scenario`'s file, by name, then every built-in lesson not among
    /// them, with the current scenario highlighted. Only names are read
    /// here; titles when they are shown.
    pub fn beside(scenario: &Scenario, course: Option<&Course>) -> Picker {
        let source = scenario.path.as_deref();
        let folder = match course {
            Some(course) => Some(course.folder()),
            None => source.map(crate::core::source::folder_of),
        };
        let (files, note) = match folder.map(crate::course::list_scenarios) {
            None => (Vec::new(), None),
            Some(Ok(listing)) => {
                let note = listing.more.then(|| {
                    format!("the folder holds more than {} scenario files: these are the first", MAX_COURSE_FILES)
                });
                (listing.files, note)
            }
            Some(Err(e)) => (Vec::new(), Some(e)),
        };
        let mut entries: Vec<PickerEntry> = files
            .iter()
            .map(|path| {
                PickerEntry::new(
                    crate::sanitize::visible(&path.display().to_string()).into_owned(),
                    PickerSource::File(path.clone()),
                )
            })
            .collect();
        for lesson in LESSONS {
            if files.iter().any(|f| f.file_name().is_some_and(|n| n == lesson.file)) {
                continue;
            }
            entries.push(PickerEntry::new(format!("lesson {}", lesson.stem()), PickerSource::Lesson(lesson)));
        }
        let same = |a: &Path, b: &Path| {
            a == b || (a.file_name() == b.file_name() && a.canonicalize().ok() == b.canonicalize().ok())
        };
        let selected = entries
            .iter()
            .position(|e| match &e.source {
                PickerSource::File(p) => source.is_some_and(|s| same(p, s)),
                PickerSource::Lesson(l) => source.is_none() && l.stem() == scenario.stem,
            })
            .unwrap_or(0);
        Picker { entries, selected, note }
    }

    /// Moves the highlight by n entries, within the list.
    pub fn move_by(&mut self, n: i32) {
        let last = self.entries.len().saturating_sub(1) as i64;
        self.selected = (self.selected as i64 + i64::from(n)).clamp(0, last) as usize;
    }
}

/// What is known of a file to notice that it changed: its modification
/// time, its size and, for files of at most [`HASHED_BYTES`], a hash of its
/// content (an edit that keeps the size and restores the time is still seen).
pub type FileStamp = (SystemTime, u64, u64);

/// Files up to this size are hashed on every check.
const HASHED_BYTES: u64 = 1 << 20;

/// A file's stamp, if it can be read.
pub fn stamp(path: &Path) -> Option<FileStamp> {
    use std::hash::{Hash, Hasher};
    let meta = std::fs::metadata(path).ok()?;
    let hash = if meta.is_file() && meta.len() <= HASHED_BYTES {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::fs::read(path).ok()?.hash(&mut hasher);
        hasher.finish()
    } else {
        0
    };
    Some((meta.modified().ok()?, meta.len(), hash))
}

/// The files a scenario was read from: the scenario file, and its data file
/// if it names one.
pub fn sources(scenario: &Scenario) -> Vec<PathBuf> {
    let Some(path) = scenario.path.as_deref() else { return vec![] };
    let mut out = vec![path.to_path_buf()];
    if let Some(csv) = scenario.function.get("csv").and_then(serde_json::Value::as_str) {
        out.push(path.parent().unwrap_or(Path::new(".")).join(csv));
    }
    out
}

/// The stamps of a scenario's files, in the order of [`sources`].
pub fn stamps(scenario: &Scenario) -> Vec<Option<FileStamp>> {
    sources(scenario).iter().map(|p| stamp(p)).collect()
}

/// Where new files go: beside the scenario file, or the current folder.
pub fn output_folder(scenario: &Scenario) -> PathBuf {
    match scenario.path.as_deref().and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file written, or why not, as the status bar says it.
pub type Written = Result<PathBuf, String>;

/// Writes the scenario as tuned (hyperparameters, starts, layout) to a new file.
pub fn save_tuned(scenario: &Scenario, specs: &[RunSpec], layout: Layout, view: ViewSettings) -> Written {
    let json = scenario.to_json(specs, layout, view);
    let mut text = serde_json::to_string_pretty(&json).expect("JSON values always serialise");
    text.push('\n');
    write(scenario, &format!("{}-tuned", scenario.stem), "json", text.as_bytes(), "scenario")
}

fn write(scenario: &Scenario, stem: &str, extension: &str, bytes: &[u8], what: &str) -> Written {
    let folder = output_folder(scenario);
    write_fresh(&folder, stem, extension, bytes)
        .map_err(|e| format!("cannot write {what} to {}: {e}", folder.display()))
}
