//! The lesson library, compiled into the binary so that it works where
//! nothing else is installed: every scenario file of `scenarios/`.

use std::path::Path;

use crate::core::scenario::{Scenario, ScenarioError};

/// One lesson: its file name and its text.
#[derive(Debug, Clone, Copy)]
pub struct Lesson {
    /// The file name in `scenarios/`, such as `04-momentum.json`.
    pub file: &'static str,
    /// The scenario's JSON.
    pub text: &'static str,
}

/// Every lesson, in teaching order; the first is the tour shown by default.
pub const LESSONS: &[Lesson] = &[
    Lesson { file: "00-tour.json", text: include_str!("../scenarios/00-tour.json") },
    Lesson { file: "01-learning-rate.json", text: include_str!("../scenarios/01-learning-rate.json") },
    Lesson { file: "02-batch-size.json", text: include_str!("../scenarios/02-batch-size.json") },
    Lesson { file: "03-ill-conditioning.json", text: include_str!("../scenarios/03-ill-conditioning.json") },
    Lesson { file: "04-momentum.json", text: include_str!("../scenarios/04-momentum.json") },
    Lesson { file: "05-saddle-point.json", text: include_str!("../scenarios/05-saddle-point.json") },
    Lesson { file: "06-several-minima.json", text: include_str!("../scenarios/06-several-minima.json") },
    Lesson { file: "07-local-minimum.json", text: include_str!("../scenarios/07-local-minimum.json") },
    Lesson { file: "08-adaptive-rates.json", text: include_str!("../scenarios/08-adaptive-rates.json") },
    Lesson { file: "09-schedules.json", text: include_str!("../scenarios/09-schedules.json") },
    Lesson { file: "10-exploding-gradients.json", text: include_str!("../scenarios/10-exploding-gradients.json") },
    Lesson { file: "11-newton.json", text: include_str!("../scenarios/11-newton.json") },
    Lesson { file: "12-newton-saddle.json", text: include_str!("../scenarios/12-newton-saddle.json") },
    Lesson { file: "13-adam-rosenbrock.json", text: include_str!("../scenarios/13-adam-rosenbrock.json") },
    Lesson { file: "14-adam-beale.json", text: include_str!("../scenarios/14-adam-beale.json") },
    Lesson { file: "15-adam-booth.json", text: include_str!("../scenarios/15-adam-booth.json") },
    Lesson { file: "16-basins-of-attraction.json", text: include_str!("../scenarios/16-basins-of-attraction.json") },
    Lesson { file: "17-quasi-newton.json", text: include_str!("../scenarios/17-quasi-newton.json") },
    Lesson { file: "18-adam-family.json", text: include_str!("../scenarios/18-adam-family.json") },
    Lesson { file: "19-momentum-map.json", text: include_str!("../scenarios/19-momentum-map.json") },
    Lesson { file: "20-lion.json", text: include_str!("../scenarios/20-lion.json") },
];

impl Lesson {
    /// The name without number or extension: `momentum` for `04-momentum.json`.
    pub fn short_name(&self) -> &'static str {
        let stem = self.file.trim_end_matches(".json");
        stem.split_once('-').map_or(stem, |(_, rest)| rest)
    }

    /// The file name without its extension: `04-momentum`.
    pub fn stem(&self) -> &'static str {
        self.file.trim_end_matches(".json")
    }

    /// The lesson's name, as its file gives it (its stem if it gives none).
    pub fn title(&self) -> String {
        crate::core::scenario::Heading::read(self.text.as_bytes())
            .and_then(|h| h.name)
            .unwrap_or_else(|| self.stem().to_string())
    }

    /// The lesson's scenario.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::parse(self.text, self.file, Path::new("."), self.stem())
    }
}

/// The lesson a user named: by file name (`04-momentum.json`), stem
/// (`04-momentum`), short name (`momentum`) or number (`4`).
pub fn find(name: &str) -> Option<&'static Lesson> {
    let name = name.trim();
    LESSONS.iter().find(|l| {
        l.file == name
            || l.stem() == name
            || l.short_name() == name
            || name
                .parse::<usize>()
                .ok()
                .is_some_and(|n| l.stem().split('-').next().and_then(|d| d.parse::<usize>().ok()) == Some(n))
    })
}

/// The first sentence of a description, for one-line listings.
pub fn summary(description: &str) -> &str {
    match description.find(". ") {
        Some(end) => &description[..=end],
        None => description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_file_is_a_compiled_lesson() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".json"))
            .collect();
        files.sort();
        let compiled: Vec<&str> = LESSONS.iter().map(|l| l.file).collect();
        assert_eq!(files, compiled);
        for lesson in LESSONS {
            let scenario = lesson.scenario().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(lesson.title(), scenario.name, "a lesson's heading is its name");
        }
    }

    #[test]
    fn lessons_are_found_by_any_of_their_names() {
        assert_eq!(find("04-momentum.json").unwrap().file, "04-momentum.json");
        assert_eq!(find("04-momentum").unwrap().file, "04-momentum.json");
        assert_eq!(find("momentum").unwrap().file, "04-momentum.json");
        assert_eq!(find("4").unwrap().file, "04-momentum.json");
        assert!(find("nonsense").is_none());
    }

    #[test]
    fn summaries_stop_at_the_first_sentence() {
        assert_eq!(summary("One thing. Another."), "One thing.");
        assert_eq!(summary("Only one"), "Only one");
    }
}
