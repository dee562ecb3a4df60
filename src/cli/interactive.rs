//! The interactive view as the command line opens it: on a scenario, a
//! lesson or a course, with the flags, the configuration file and the
//! built-in defaults merged (`config::resolve`), and `losscape config`.

use std::path::Path;
use std::process::ExitCode;

use super::{Cli, complain, print, scenario_or_default};
use crate::config;
use crate::core::scenario::Scenario;
use crate::tui;

/// The view's flags as given, for the configuration's merge.
fn view_flags(cli: &Cli) -> config::Flags {
    config::Flags { theme: cli.theme, color: cli.color, speed: cli.speed, presenter: cli.presenter }
}

/// The configuration file in force, or its one-line problem said.
fn configuration() -> Result<Option<config::Loaded>, ExitCode> {
    config::load(&config::process_environment).map_err(|e| {
        complain(&format!("error: {e}"));
        ExitCode::FAILURE
    })
}

/// `losscape config`: what is in force and where from.
pub(super) fn show_config() -> ExitCode {
    let loaded = match configuration() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let env = config::process_environment;
    let effective = config::resolve(&config::Flags::default(), loaded.as_ref().map(|l| &l.settings), &env);
    print(&config::report(loaded.as_ref(), &effective, &env))
}

/// The interactive view, on a scenario, a lesson or a course, with the
/// flags, the configuration file and the built-in defaults merged.
pub(super) fn interactive(cli: &Cli) -> ExitCode {
    let loaded = match configuration() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let env = config::process_environment;
    let settings = config::resolve(&view_flags(cli), loaded.as_ref().map(|l| &l.settings), &env);
    let speed = match settings.speed.from {
        config::Source::Flag(_) => tui::app::StartSpeed { chosen: settings.speed.value, default: None },
        _ => tui::app::StartSpeed { chosen: None, default: settings.speed.value },
    };
    let (scenario, course) = match cli.file.as_deref() {
        Some(folder) if folder.is_dir() => match open_course(folder) {
            Ok((scenario, course)) => (scenario, Some(course)),
            Err(code) => return code,
        },
        file => match scenario_or_default(file) {
            Ok(scenario) => (scenario, None),
            Err(code) => return code,
        },
    };
    let opening = tui::Opening { course, speed, presenter: settings.presenter.value };
    match tui::run(scenario, settings.theme.value, settings.color.value, opening) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            complain(&format!("losscape: {e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// A course's first scenario that loads, and the course at its place; the
/// problems of the files before it are said on standard error, and a
/// course of which none loads is an error.
fn open_course(folder: &Path) -> Result<(Scenario, (crate::course::Course, usize)), ExitCode> {
    let fail = |message: String| {
        complain(&format!("error: {message}"));
        ExitCode::FAILURE
    };
    let course = crate::course::Course::open(folder).map_err(fail)?;
    let listing = course.list().map_err(fail)?;
    match crate::course::first_scenario(&listing) {
        Ok((scenario, at, failed)) => {
            for e in failed {
                for line in e.lines() {
                    complain(&format!("skipped: {line}"));
                }
            }
            Ok((scenario, (course, at)))
        }
        Err(failed) => {
            for e in failed.iter().take(3) {
                for line in e.lines() {
                    complain(&format!("error: {line}"));
                }
            }
            Err(fail(format!(
                "{}: none of its {} scenario files loads (`losscape check {}` tells each one's problems)",
                folder.display(),
                listing.files.len(),
                folder.display()
            )))
        }
    }
}
