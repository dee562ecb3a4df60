//! The manual pages, from the one clap definition: `losscape(1)` and a page
//! for each subcommand (`losscape-run(1)`, …), as `man` reads them.

use std::path::{Path, PathBuf};

/// The page of `command` (a subcommand's when `command` is one, as built
/// by the parent), in roff.
fn page(command: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    let source = format!("losscape {}", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(command).source(source).render(&mut out).expect("writing to memory cannot fail");
    out
}

/// `losscape(1)`, in roff.
pub fn main_page(command: clap::Command) -> Vec<u8> {
    page(command)
}

/// Every page, with its file name: `losscape.1`, then `losscape-run.1`
/// and each other subcommand's, in the order `--help` lists them.
pub fn every_page(command: clap::Command) -> Vec<(String, Vec<u8>)> {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut pages = vec![("losscape.1".to_string(), page(command.clone()))];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{}.1", sub.get_display_name().unwrap_or_else(|| sub.get_name()));
        pages.push((name, page(sub.clone())));
    }
    pages
}

/// Writes every page into `folder` (which must exist), each replacing the
/// page of that name; the files written, or what went wrong, in words.
pub fn write_pages(command: clap::Command, folder: &Path) -> Result<Vec<PathBuf>, String> {
    if !folder.is_dir() {
        return Err(format!("{} is not a folder (make it first, or name another)", folder.display()));
    }
    let mut written = Vec::new();
    for (name, bytes) in every_page(command) {
        let path = folder.join(name);
        crate::storage::write_replacing(&path, &bytes)
            .map_err(|e| format!("cannot write {}: {}", path.display(), crate::core::source::plain(e)))?;
        written.push(path);
    }
    Ok(written)
}
