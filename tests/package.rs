//! The published crate holds what the binary compiles in: every file that
//! `include_str!` or `include_bytes!` names is in the package's `include`,
//! so that `cargo install losscape` builds; and its licence is the one
//! Cargo.toml declares.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `path` (relative to the root, with `/`) matches a Cargo
/// `include` pattern (`/src/**/*.rs`, `/assets/fonts/*`).
fn matches(pattern: &str, path: &str) -> bool {
    fn glob(pattern: &[&str], path: &[&str]) -> bool {
        match (pattern.first(), path.first()) {
            (None, None) => true,
            (Some(&"**"), _) => glob(&pattern[1..], path) || (!path.is_empty() && glob(pattern, &path[1..])),
            (Some(p), Some(name)) => part(p, name) && glob(&pattern[1..], &path[1..]),
            _ => false,
        }
    }
    fn part(pattern: &str, name: &str) -> bool {
        match pattern.split_once('*') {
            None => pattern == name,
            Some((before, after)) => {
                name.len() >= before.len() + after.len() && name.starts_with(before) && name.ends_with(after)
            }
        }
    }
    let pattern: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    glob(&pattern, &path)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// Every file the sources compile in, relative to the root.
fn embedded() -> Vec<String> {
    let mut sources = Vec::new();
    rust_files(&root().join("src"), &mut sources);
    let mut found = Vec::new();
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap();
        for macro_name in ["include_str!(\"", "include_bytes!(\""] {
            for piece in text.split(macro_name).skip(1) {
                let relative = piece.split('"').next().unwrap();
                let path = source.parent().unwrap().join(relative).canonicalize().unwrap();
                let inside = path.strip_prefix(root().canonicalize().unwrap()).unwrap();
                found.push(inside.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

fn manifest() -> String {
    std::fs::read_to_string(root().join("Cargo.toml")).unwrap()
}

fn include_patterns() -> Vec<String> {
    let manifest = manifest();
    let table = toml::de::DeTable::parse(&manifest).unwrap();
    let package = table.get_ref().get("package").unwrap().get_ref().as_table().unwrap();
    let include = package.get("include").expect("the package lists what it holds").get_ref();
    include.as_array().unwrap().iter().map(|v| v.get_ref().as_str().unwrap().to_string()).collect()
}

#[test]
fn every_compiled_in_file_is_in_the_package() {
    let patterns = include_patterns();
    let files = embedded();
    assert!(files.len() > 20, "the lessons and the font: {files:?}");
    assert!(files.iter().any(|f| f.ends_with(".ttf")));
    for file in &files {
        assert!(patterns.iter().any(|p| matches(p, file)), "{file} is compiled in but not packaged ({patterns:?})");
    }
    // The font's licence travels with the font.
    assert!(patterns.iter().any(|p| matches(p, "assets/fonts/LICENSE-DejaVu.txt")));
    // And what users need not have stays out.
    for left_out in ["tests/fixtures/torch/golden.json", "benches/engine.rs", "docs/tour.svg"] {
        assert!(!patterns.iter().any(|p| matches(p, left_out)), "{left_out}");
    }
}

#[test]
fn the_globs_match_as_cargo_reads_them() {
    assert!(matches("/src/**/*.rs", "src/lib.rs"));
    assert!(matches("/src/**/*.rs", "src/core/scenario/file.rs"));
    assert!(!matches("/src/**/*.rs", "src/notes.txt"));
    assert!(matches("/assets/fonts/*", "assets/fonts/DejaVuSansMono.ttf"));
    assert!(!matches("/scenarios/*.json", "scenarios/data/x.csv"));
}

#[test]
fn the_licence_file_is_the_mit_licence_declared() {
    assert!(manifest().contains("license = \"MIT\""));
    assert!(include_patterns().iter().any(|p| p == "/LICENSE"));
    let licence = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    assert!(licence.starts_with("MIT License\n\nCopyright (c) 2026 the losscape authors\n"));
    assert!(licence.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND"));
}

#[test]
fn the_top_level_holds_only_the_projects_own_files() {
    // A file named after a fragment of a test line was once committed at
    // the top level by a slip of an edit, and shipped for months.
    let out = std::process::Command::new("git").args(["ls-files"]).current_dir(root()).output();
    let Ok(out) = out else { return };
    if !out.status.success() {
        return; // not a git checkout (a packaged crate)
    }
    let known = [
        ".ci",
        ".gitignore",
        "Cargo.lock",
        "Cargo.toml",
        "LICENSE",
        "README.md",
        "assets",
        "benches",
        "docs",
        "rustfmt.toml",
        "scenarios",
        "src",
        "tests",
    ];
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    let stray: Vec<&str> = listed
        .lines()
        .map(|path| path.trim_matches('"').split('/').next().unwrap_or(path))
        .filter(|top| !known.contains(top))
        .collect();
    assert!(stray.is_empty(), "files at the top level no one asked for: {stray:?}");
}
