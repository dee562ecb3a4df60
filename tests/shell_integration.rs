//! What losscape gives the shell around it: completion scripts that offer
//! lessons and files, manual pages, and a version that names the torch the
//! optimizers were checked against.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn losscape() -> Command {
    Command::cargo_bin("losscape").unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the completion protocol offers for `words` (the last being the
/// word under the cursor), as fish asks for it: one candidate a line, its
/// help after a tab.
fn offered(words: &[&str], dir: &Path) -> Vec<String> {
    let out = losscape()
        .env("LOSSCAPE_COMPLETE", "fish")
        .current_dir(dir)
        .arg("--")
        .arg("losscape")
        .args(words)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    stdout(&out).lines().map(|l| l.split('\t').next().unwrap().to_string()).collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_shell_gets_a_script_that_asks_losscape() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = losscape().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = stdout(&out);
        assert!(script.contains("LOSSCAPE_COMPLETE"), "{shell}: {script}");
        assert!(script.contains("losscape"), "{shell}");
    }
    let out = losscape().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: bash, zsh, fish, elvish, powershell"));
}

#[test]
fn a_scenario_completes_to_lessons_and_files() {
    let root = root();
    assert_eq!(offered(&["mom"], &root), ["momentum", "momentum-map"]);
    assert_eq!(offered(&["run", "adam-b"], &root), ["adam-beale", "adam-booth"]);
    // Files where a path is typed: only scenario files and folders.
    let mut fixtures = offered(&["check", "tests/fixtures/valid/"], &root);
    fixtures.sort();
    assert!(fixtures.contains(&"tests/fixtures/valid/minimal.json".to_string()), "{fixtures:?}");
    assert!(fixtures.contains(&"tests/fixtures/valid/data/".to_string()), "{fixtures:?}");
    assert!(fixtures.iter().all(|f| f.ends_with(".json") || f.ends_with('/')), "{fixtures:?}");
    // A lesson and a file of the same beginning are both offered.
    assert_eq!(offered(&["record", "sc"], &root), ["schedules", "scenarios/"]);
}

#[test]
fn subcommands_flags_and_their_values_complete() {
    let root = root();
    let first = offered(&[""], &root);
    for command in ["run", "check", "schema", "completions", "man", "tour"] {
        assert!(first.contains(&command.to_string()), "{command} in {first:?}");
    }
    assert_eq!(offered(&["--color", ""], &root), ["auto", "24bit", "256", "16", "none"]);
    assert_eq!(offered(&["run", "--format", ""], &root), ["table", "json", "csv"]);
    assert_eq!(offered(&["completions", "f"], &root), ["fish"]);
}

#[cfg(unix)]
#[test]
fn bash_completes_a_lesson_name_through_the_script() {
    // The script as a user's ~/.bashrc sources it, then the function bash
    // calls on Tab after `losscape mom`.
    let bin = assert_cmd::cargo::cargo_bin("losscape");
    let script = format!(
        "source <('{}' completions bash)\n\
         COMP_WORDS=(losscape mom); COMP_CWORD=1; COMP_TYPE=9\n\
         _clap_complete_losscape losscape mom losscape\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        bin.display()
    );
    let out = std::process::Command::new("bash").arg("-c").arg(script).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), "momentum\nmomentum-map\n");
}

#[test]
fn the_manual_page_documents_every_command() {
    let out = losscape().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.contains(".TH losscape 1"), "{page}");
    assert!(page.contains("losscape 0.1.0"), "the version is in the page's header");
    for command in ["run", "check", "render", "record", "schema", "completions", "man"] {
        assert!(page.contains(&format!("losscape\\-{command}(1)")), "losscape-{command}(1) is referred to");
    }
    assert!(page.contains("\\fB\\-\\-color\\fR"), "the flags are documented");
    // Where the configuration is looked for, and the variables read.
    for section in [".SH FILES", ".SH ENVIRONMENT", ".SH VERSION"] {
        assert!(page.contains(section), "{section}");
    }
    for name in ["LOSSCAPE_CONFIG", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "LOSSCAPE_COLOR", "NO_COLOR"] {
        assert!(page.contains(name), "{name}");
    }
}

#[test]
fn every_page_is_written_into_a_folder() {
    let dir = std::env::temp_dir().join(format!("losscape-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("losscape-run.1"), "an older page").unwrap();
    let out = losscape().arg("man").arg("--out").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.contains(&"losscape.1".to_string()));
    assert!(names.iter().all(|n| n.starts_with("losscape") && n.ends_with(".1")), "{names:?}");
    let run = std::fs::read_to_string(dir.join("losscape-run.1")).unwrap();
    assert!(run.starts_with(".ie") && run.contains(".TH losscape-run 1"), "replaced: {run}");
    assert!(run.contains("\\-\\-steps"), "run's flags are on its page");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(said.lines().count(), names.len(), "each page written is named: {said}");
    std::fs::remove_dir_all(&dir).unwrap();

    let out = losscape().args(["man", "--out", "/nonexistent/man1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: /nonexistent/man1 is not a folder (make it first, or name another)\n"
    );
}

#[test]
fn the_version_names_the_torch_the_optimizers_agree_with() {
    let out = losscape().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        format!("losscape {} (optimizers checked against torch 2.15.0)\n", env!("CARGO_PKG_VERSION"))
    );
    // The torch that recorded the golden runs.
    let golden = std::fs::read_to_string(root().join("tests/fixtures/torch/golden.json")).unwrap();
    let golden: serde_json::Value = serde_json::from_str(&golden).unwrap();
    let torch = golden["torch"].as_str().unwrap();
    assert_eq!(torch.split('+').next(), Some(losscape::core::optim::TORCH_VERSION), "{torch}");
}

#[test]
fn the_new_commands_are_in_the_help() {
    let help = stdout(&losscape().arg("--help").output().unwrap());
    for command in ["schema", "completions", "man"] {
        assert!(help.lines().any(|l| l.trim_start().starts_with(command)), "{command} in {help}");
    }
    let man = stdout(&losscape().args(["man", "--help"]).output().unwrap());
    assert!(man.contains("--out <FOLDER>"), "{man}");
    let completions = stdout(&losscape().args(["completions", "--help"]).output().unwrap());
    assert!(completions.contains("powershell"), "{completions}");
    let lessons = stdout(&losscape().args(["lessons", "--help"]).output().unwrap());
    assert!(lessons.contains("[FOLDER]"), "{lessons}");
    let check = stdout(&losscape().args(["check", "--help"]).output().unwrap());
    assert!(check.contains("a folder's scenario files are checked"), "{check}");
}
