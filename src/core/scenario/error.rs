//! What is wrong with a scenario, as its reader is told: each problem with
//! where it is in words (optimizers counted from 1 and named, as the view's
//! panel shows them) and what, on one line whatever the file's text holds.

use std::fmt;

use super::validate::Invalid;
use super::{shape, tree};
use crate::core::sanitize::visible;

/// The most problems of one file that are told; the rest are counted.
pub const MAX_PROBLEMS: usize = 20;

/// One problem in a scenario: where and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The optimizer it is about, counting from 0 as the file's list does.
    pub optimizer: Option<usize>,
    /// The field, within the optimizer when there is one (`lr`,
    /// `schedule.gamma`); empty for the whole optimizer or file.
    pub field: String,
    /// Where, in words: `optimizer 4 (Adam), lr`, `steps`; empty for the
    /// whole file.
    pub place: String,
    /// What is wrong and what is allowed, on one line.
    pub message: String,
}

impl Problem {
    /// Where it is as a path into the file's JSON (`optimizers[3].lr`).
    pub fn path(&self) -> String {
        match self.optimizer {
            Some(i) if self.field.is_empty() => format!("optimizers[{i}]"),
            Some(i) => format!("optimizers[{i}].{}", self.field),
            None => self.field.clone(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.place, self.message) }
    }
}

/// What is wrong with a scenario file: which file, and each problem.
/// Shown in one line it is the first problem and how many more there are;
/// [`ScenarioError::lines`] gives them all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    /// The file as the user named it.
    pub file: String,
    /// The problems, in file order, at most [`MAX_PROBLEMS`].
    pub problems: Vec<Problem>,
    /// How many more there are.
    pub more: usize,
}

impl ScenarioError {
    /// One problem of the whole file.
    pub(super) fn whole(file: &str, message: String) -> Self {
        let problem = Problem {
            optimizer: None,
            field: String::new(),
            place: String::new(),
            message: visible(&message).into_owned(),
        };
        ScenarioError { file: file.to_string(), problems: vec![problem], more: 0 }
    }

    /// The problems of a file, in its order (those at one place in the
    /// order they were found), the first [`MAX_PROBLEMS`] told.
    pub(super) fn of(file: &str, mut problems: Vec<Invalid>, tree: &tree::Node) -> Self {
        problems.sort_by_cached_key(|(path, _)| tree.order_of(path));
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        let problems = problems.iter().take(MAX_PROBLEMS).map(|(path, m)| problem_at(path, m, tree)).collect();
        ScenarioError { file: file.to_string(), problems, more }
    }

    /// Every problem, a line each (`file: where: what`), and a last line
    /// counting those not told.
    pub fn lines(&self) -> Vec<String> {
        let file = visible(&self.file);
        let mut lines: Vec<String> = self.problems.iter().map(|p| format!("{file}: {p}")).collect();
        if self.more > 0 {
            let s = if self.more == 1 { "" } else { "s" };
            lines.push(format!("{file}: and {} more problem{s}", self.more));
        }
        lines
    }

    /// How many problems there are in all.
    pub fn count(&self) -> usize {
        self.problems.len() + self.more
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = visible(&self.file);
        match self.problems.first() {
            Some(first) => write!(f, "{file}: {first}")?,
            None => write!(f, "{file}: not a valid scenario")?,
        }
        match self.count() {
            0 | 1 => Ok(()),
            2 => write!(f, " (and 1 more problem)"),
            n => write!(f, " (and {} more problems)", n - 1),
        }
    }
}

/// A problem's place in words, from its path: optimizers counted from 1
/// and named by label (or type), as the view's panel shows them.
pub(super) fn problem_at(path: &str, message: &str, tree: &tree::Node) -> Problem {
    use tree::Segment;
    let segments = tree::segments(path);
    let (optimizer, rest) = match segments.as_slice() {
        [Segment::Key("optimizers"), Segment::Index(i), rest @ ..] => (Some(*i), rest),
        all => (None, all),
    };
    let mut field = String::new();
    for segment in rest {
        match segment {
            Segment::Key(k) if field.is_empty() => field.push_str(k),
            Segment::Key(k) => field.push_str(&format!(".{k}")),
            Segment::Index(i) => field.push_str(&format!("[{i}]")),
        }
    }
    // In words, a list's items count from 1 too.
    let mut words = String::new();
    for segment in rest {
        match segment {
            Segment::Key(k) if words.is_empty() => words.push_str(k),
            Segment::Key(k) => words.push_str(&format!(".{k}")),
            Segment::Index(i) => words.push_str(&format!(", item {}", i + 1)),
        }
    }
    let place = match optimizer {
        Some(i) => {
            let named = |key: &str| match tree.at(&format!("optimizers[{i}].{key}")) {
                Some(tree::Node::Text(t)) if !t.trim().is_empty() => Some(t.clone()),
                _ => None,
            };
            // A label at fault does not name its optimizer.
            let label = if field == "label" { None } else { named("label") };
            let who = match label.or_else(|| named("type")) {
                Some(name) => {
                    let name = visible(&name).into_owned();
                    let name = if name.chars().count() > 30 {
                        format!("{}…", name.chars().take(29).collect::<String>())
                    } else {
                        name
                    };
                    format!("optimizer {} ({name})", i + 1)
                }
                None => format!("optimizer {}", i + 1),
            };
            if words.is_empty() { who } else { format!("{who}, {words}") }
        }
        None => words,
    };
    Problem {
        optimizer,
        field: visible(&field).into_owned(),
        place: visible(&place).into_owned(),
        message: visible(message).into_owned(),
    }
}

/// The problems worth telling: those of the file's shape, and those the
/// checks of its values `found` in what remained, less the ones that only
/// repeat a problem of shape, being at or beneath a value taken out
/// (`broken`) or about it from above (`no start` when the start was taken
/// out); and a key given twice is told once, for what else is wrong with it.
pub(super) fn told(mut problems: Vec<Invalid>, found: Vec<Invalid>, broken: &[String]) -> Vec<Invalid> {
    let below = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}.")) || a.starts_with(&format!("{b}["));
    let repeats = |(path, message): &Invalid| {
        broken.iter().any(|b| {
            let names = |key: &str| message.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == key);
            below(path, b) || (!path.is_empty() && below(b, path) && names(shape::last_key(b)))
        })
    };
    problems.extend(found.into_iter().filter(|p| !repeats(p)));
    let twice: Vec<bool> = problems
        .iter()
        .map(|(path, message)| {
            message.starts_with(tree::GIVEN_TWICE) && problems.iter().filter(|(p, _)| p == path).count() > 1
        })
        .collect();
    let mut twice = twice.into_iter();
    problems.retain(|_| !twice.next().unwrap_or(false));
    problems
}
