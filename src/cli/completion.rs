//! Shell completion, from the one clap definition: subcommands, flags, the
//! values of each flag, and, wherever a scenario is named, the built-in
//! lessons' names beside the files and folders there.
//!
//! Static scripts (clap_complete's `generate`) can offer either a list of
//! words or files for one argument, never both; a lesson's name and a file
//! are both scenarios here. So the shell's script asks losscape itself what
//! to offer (clap_complete's `CompleteEnv`): `losscape completions SHELL`
//! prints that script, which calls `LOSSCAPE_COMPLETE=SHELL losscape -- …`
//! at each Tab. The script and the binary speak a protocol of clap_complete's
//! version, so the README has the shell generate the script at start-up,
//! always in step with the binary installed.

use std::ffi::OsStr;
use std::path::Path;

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
use clap_complete::{ArgValueCompleter, CompletionCandidate, PathCompleter};

use crate::lessons::LESSONS;

/// The variable that asks losscape for completions instead of running.
pub const VARIABLE: &str = "LOSSCAPE_COMPLETE";

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash 4.4 or newer (older: files and flags, no descriptions).
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// Elvish.
    Elvish,
    /// PowerShell.
    Powershell,
}

impl Shell {
    fn completer(self) -> &'static dyn EnvCompleter {
        match self {
            Shell::Bash => &Bash,
            Shell::Zsh => &Zsh,
            Shell::Fish => &Fish,
            Shell::Elvish => &Elvish,
            Shell::Powershell => &Powershell,
        }
    }
}

/// Answers a completion request and exits, when the shell's script asked
/// for one (`LOSSCAPE_COMPLETE` set); otherwise returns at once.
pub fn answer_if_asked(command: fn() -> clap::Command) {
    clap_complete::CompleteEnv::with_factory(command).var(VARIABLE).complete();
}

/// The shell script that completes losscape's command line, calling
/// `program` (as the shell finds it) for each completion.
pub fn script(shell: Shell, program: &str) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    shell.completer().write_registration(VARIABLE, "losscape", "losscape", program, &mut out)?;
    Ok(out)
}

/// How the shell's script should call this program: by the name it was
/// run by when that was a bare name (found on the PATH), else by its
/// absolute path.
pub fn program_name() -> String {
    let argv0 = std::env::args_os().next().unwrap_or_else(|| "losscape".into());
    let path = Path::new(&argv0);
    if path.components().count() > 1
        && let Ok(dir) = std::env::current_dir()
    {
        return dir.join(path).to_string_lossy().into_owned();
    }
    path.to_string_lossy().into_owned()
}

/// The arguments that name a scenario: each command's `file` or `files`.
const SCENARIO_ARGUMENTS: [&str; 2] = ["file", "files"];

/// The command with the scenario completer added to every argument that
/// names a scenario, and folders offered where a folder is named, in every
/// subcommand.
pub fn with_completers(command: clap::Command) -> clap::Command {
    let mut command = command;
    for id in SCENARIO_ARGUMENTS {
        if command.get_arguments().any(|a| a.get_id() == id) {
            command = command.mut_arg(id, |arg| arg.add(ArgValueCompleter::new(scenarios)));
        }
    }
    if command.get_arguments().any(|a| a.get_id() == "folder") {
        command = command.mut_arg("folder", |arg| arg.add(ArgValueCompleter::new(PathCompleter::dir())));
    }
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(name, with_completers);
    }
    command
}

/// What may follow where a scenario is named: the lessons whose names
/// begin with what is typed (in a bare word), then scenario files and
/// folders.
fn scenarios(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let mut candidates = Vec::new();
    if !typed.contains(std::path::MAIN_SEPARATOR) && !typed.contains('/') {
        for lesson in LESSONS {
            if lesson.short_name().starts_with(typed.as_ref()) {
                let title = lesson.title();
                candidates.push(CompletionCandidate::new(lesson.short_name()).help(Some(title.into())));
            }
        }
    }
    let files = PathCompleter::any().filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "json"));
    candidates.extend(clap_complete::engine::ValueCompleter::complete(&files, current));
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_completes_to_the_lessons_it_begins() {
        let names: Vec<String> =
            scenarios(OsStr::new("adam-")).iter().map(|c| c.get_value().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["adam-rosenbrock", "adam-beale", "adam-booth", "adam-family"]);
        let help = scenarios(OsStr::new("momentum-"))[0].get_help().map(ToString::to_string);
        assert_eq!(help.as_deref(), Some("Every learning rate and momentum at once"));
    }

    #[test]
    fn a_path_completes_to_files_only() {
        assert!(scenarios(OsStr::new("scenarios/")).iter().all(|c| c.get_value().to_string_lossy().contains('/')));
    }
}
