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

/// The files and variables losscape reads, as `losscape(1)` lists them
/// (roff; no text here comes from a file).
const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
The interactive view's defaults (theme, color, speed, presenter) are read from the first of these that exists, alone; \fBlosscape config\fR shows what is in force and where each setting came from, and a flag wins over the file.
.TP
\fI$LOSSCAPE_CONFIG\fR
a file the variable names (it must exist)
.TP
\fI$XDG_CONFIG_HOME/losscape/config.toml\fR
the user's (\fI~/.config/losscape/config.toml\fR when XDG_CONFIG_HOME is unset)
.TP
\fIlosscape/config.toml\fR in each folder of \fI$XDG_CONFIG_DIRS\fR
the system's, for a whole lab (\fI/etc/xdg/losscape/config.toml\fR when XDG_CONFIG_DIRS is unset)
.SH ENVIRONMENT
.TP
\fBLOSSCAPE_CONFIG\fR
the configuration file to read
.TP
\fBLOSSCAPE_COLOR\fR
how many colours the view draws with: auto, 24bit, 256, 16 or none (over the file; under \fB\-\-color\fR)
.TP
\fBNO_COLOR\fR
set and not empty: no colour (under \fB\-\-color\fR)
.TP
\fBCOLORFGBG\fR
the terminal's colours, from which the theme is guessed when neither \fB\-\-theme\fR nor the file gives one
.TP
\fBLOSSCAPE_COMPLETE\fR
set by the completion script of \fBlosscape completions\fR when it asks for completions
"#;

/// One of clap_mangen's sections, rendered into a writer.
type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;

/// `losscape(1)`, in roff: the command's sections, then the files and
/// variables it reads.
pub fn main_page(command: clap::Command) -> Vec<u8> {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let source = format!("losscape {}", env!("CARGO_PKG_VERSION"));
    let man = clap_mangen::Man::new(command).source(source);
    let mut out = Vec::new();
    let sections: [Section; 7] = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
        clap_mangen::Man::render_subcommands_section,
        clap_mangen::Man::render_version_section,
    ];
    for (i, render) in sections.into_iter().enumerate() {
        // The files and variables come before the version.
        if i == 6 {
            out.extend_from_slice(FILES_AND_ENVIRONMENT.as_bytes());
        }
        render(&man, &mut out).expect("writing to memory cannot fail");
    }
    out
}

/// Every page, with its file name: `losscape.1`, then `losscape-run.1`
/// and each other subcommand's, in the order `--help` lists them.
pub fn every_page(command: clap::Command) -> Vec<(String, Vec<u8>)> {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut pages = vec![("losscape.1".to_string(), main_page(command.clone()))];
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
