//! A lab's defaults for the interactive view, in one TOML file: set once,
//! for every student.
//!
//! The file is the one `LOSSCAPE_CONFIG` names, else the user's
//! (`$XDG_CONFIG_HOME/losscape/config.toml`, `~/.config/losscape/config.toml`
//! when that is unset), else the system's (`losscape/config.toml` in each
//! folder of `$XDG_CONFIG_DIRS`, `/etc/xdg` when that is unset): the first
//! found is read, alone. Every setting is also a flag, and a flag wins;
//! [`resolve`] is the one place where flags, variables, the file and the
//! built-in defaults meet, and says where each setting came from.
//!
//! TOML rather than JSON: a lab's file is written by hand and wants
//! comments (`# room 204's projector is light`), which JSON has none of.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::de::{DeTable, DeValue};

use crate::sanitize::visible;
use crate::tui::theme::{Background, ColorChoice};

/// The variable that names a configuration file.
pub const VARIABLE: &str = "LOSSCAPE_CONFIG";

/// The most bytes a configuration file may hold.
const MAX_BYTES: u64 = 64 << 10;

/// The slowest and fastest playback speeds, in steps a second (those of a
/// scenario's `speed`).
pub const SPEED_RANGE: (f64, f64) = (1.0, 200.0);

/// The keys a configuration file may set, with what each takes.
pub const KEYS: [(&str, &str); 4] = [
    ("theme", "\"dark\" or \"light\": the terminal's background"),
    ("color", "\"auto\", \"24bit\", \"256\", \"16\" or \"none\": how many colours to draw with"),
    ("speed", "1 to 200: the steps a second playback starts at, where a scenario gives no speed"),
    ("presenter", "true or false: open in presenter mode"),
];

/// Where a configuration file is, and why it is the one read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: PathBuf,
    /// Why this file: `named by LOSSCAPE_CONFIG`, `the user's`, `the system's`.
    pub why: &'static str,
}

/// What a configuration file sets, each with its line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileSettings {
    /// `theme`.
    pub theme: Option<(Background, usize)>,
    /// `color`.
    pub color: Option<(ColorChoice, usize)>,
    /// `speed`.
    pub speed: Option<(f64, usize)>,
    /// `presenter`.
    pub presenter: Option<(bool, usize)>,
}

/// A configuration file read: where, and what it sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// Where it is.
    pub place: Place,
    /// What it sets.
    pub settings: FileSettings,
}

/// The process's environment, or a test's.
pub type Environment<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The process's own environment.
pub fn process_environment(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

fn variable(env: Environment, name: &str) -> Option<OsString> {
    env(name).filter(|v| !v.is_empty())
}

/// The files looked for, in order, with why each: the one
/// `LOSSCAPE_CONFIG` names alone when it is set.
pub fn candidates(env: Environment) -> Vec<Place> {
    if let Some(named) = variable(env, VARIABLE) {
        return vec![Place { path: PathBuf::from(named), why: "named by LOSSCAPE_CONFIG" }];
    }
    let mut places = Vec::new();
    let user = variable(env, "XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| variable(env, "HOME").map(|home| PathBuf::from(home).join(".config")))
        .or_else(|| variable(env, "APPDATA").map(PathBuf::from));
    if let Some(dir) = user {
        places.push(Place { path: dir.join("losscape").join("config.toml"), why: "the user's" });
    }
    let system = variable(env, "XDG_CONFIG_DIRS").unwrap_or_else(|| "/etc/xdg".into());
    for dir in std::env::split_paths(&system).filter(|p| p.is_absolute()) {
        places.push(Place { path: dir.join("losscape").join("config.toml"), why: "the system's" });
    }
    places
}

/// The configuration file in force and what it sets; `None` when there is
/// none; or what is wrong with it, in one line that names the file, the
/// line and the key.
pub fn load(env: Environment) -> Result<Option<Loaded>, String> {
    for place in candidates(env) {
        let named = place.why.starts_with("named");
        // A file the variable names must be there; the usual places may be empty.
        if !named && std::fs::symlink_metadata(&place.path).is_err() {
            continue;
        }
        let shown = visible(&place.path.display().to_string()).into_owned();
        let text = crate::core::source::read_text(&place.path, MAX_BYTES).map_err(|e| {
            if named { format!("{VARIABLE} names {shown}: {e}") } else { format!("{shown}: cannot read it: {e}") }
        })?;
        let settings = parse(&text).map_err(|e| format!("{shown}: {e}"))?;
        return Ok(Some(Loaded { place, settings }));
    }
    Ok(None)
}

/// The line (from 1) and column (from 1) of a byte offset.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A value as a message quotes it.
fn quoted(value: &DeValue) -> String {
    match value {
        DeValue::String(s) => format!("\"{}\"", visible(s)),
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// A number, as TOML writes integers and floats.
fn number(value: &DeValue) -> Option<f64> {
    let text = match value {
        DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
        DeValue::Float(f) => f.as_str(),
        _ => return None,
    };
    text.replace('_', "").parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads a configuration file's text: each key and its value checked, the
/// first problem told with its line (in file order).
pub fn parse(text: &str) -> Result<FileSettings, String> {
    let table = DeTable::parse(text).map_err(|e| {
        let place = match e.span() {
            Some(span) => {
                let (line, column) = line_and_column(text, span.start);
                format!("line {line}, column {column}: ")
            }
            None => String::new(),
        };
        let mut message = e.message().trim_end_matches('\n').replace('\n', "; ");
        // The key a repeated key's message is about, from the file.
        if let Some(key) = e.span().and_then(|s| text.get(s)).filter(|k| message == "duplicate key" && !k.is_empty()) {
            message = format!("duplicate key `{}`: a key may be set once", key.trim());
        }
        format!("{place}not valid TOML: {}", visible(&message))
    })?;
    let mut entries: Vec<_> = table.get_ref().iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut settings = FileSettings::default();
    for (key, value) in entries {
        let (line, _) = line_and_column(text, key.span().start);
        let name = key.get_ref().as_ref();
        let value = value.get_ref();
        let wrong = |what: &str| format!("line {line}: {}: must be {what}, not {}", visible(name), quoted(value));
        match name {
            "theme" => {
                let choice = value.as_str().and_then(|s| Background::from_str(s.trim(), true).ok());
                settings.theme = Some((choice.ok_or_else(|| wrong("\"dark\" or \"light\""))?, line));
            }
            "color" => {
                let text = match value {
                    DeValue::Integer(i) => Some(i.as_str().to_string()),
                    other => other.as_str().map(str::to_string),
                };
                let choice = text.and_then(|s| ColorChoice::from_str(s.trim(), true).ok());
                let allowed = "\"auto\", \"24bit\", \"256\", \"16\" or \"none\"";
                settings.color = Some((choice.ok_or_else(|| wrong(allowed))?, line));
            }
            "speed" => {
                let (lo, hi) = SPEED_RANGE;
                let speed = number(value).filter(|v| (lo..=hi).contains(v));
                settings.speed = Some((speed.ok_or_else(|| wrong("a number of steps a second from 1 to 200"))?, line));
            }
            "presenter" => {
                settings.presenter = Some((value.as_bool().ok_or_else(|| wrong("true or false"))?, line));
            }
            "graphics" => {
                return Err(format!(
                    "line {line}: graphics: there is nothing to choose yet: the view draws with character cells \
                     only (remove the line)"
                ));
            }
            other => {
                let meant = match other.to_lowercase().replace(['-', '_'], "").as_str() {
                    "colour" | "colors" | "colours" | "colordepth" | "colourdepth" => Some("color"),
                    "background" | "themes" => Some("theme"),
                    "playspeed" | "speeds" => Some("speed"),
                    "presentermode" | "presentation" => Some("presenter"),
                    _ => None,
                };
                let guess = meant.map_or(String::new(), |m| format!("; did you mean `{m}`?"));
                let keys: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                let table = if value.is_table() { " (the settings are keys at the top, not a table)" } else { "" };
                return Err(format!(
                    "line {line}: unknown key `{}`{guess}{table} (the keys are {})",
                    visible(other),
                    keys.join(", ")
                ));
            }
        }
    }
    Ok(settings)
}

/// Where a setting in force came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A flag on the command line.
    Flag(&'static str),
    /// An environment variable.
    Variable(&'static str),
    /// The configuration file, at this line.
    File(usize),
    /// Detected from the terminal (`COLORFGBG`, what the terminal says).
    Detected,
    /// losscape's own default.
    BuiltIn,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "the flag {flag}"),
            Source::Variable(name) => write!(f, "the variable {name}"),
            Source::File(line) => write!(f, "the file, line {line}"),
            Source::Detected => f.write_str("the terminal"),
            Source::BuiltIn => f.write_str("losscape's default"),
        }
    }
}

/// A setting in force, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen<T> {
    /// Its value.
    pub value: T,
    /// Where it came from.
    pub from: Source,
}

/// The interactive view's flags, as given (`None`: not given).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Flags {
    /// `--theme`.
    pub theme: Option<Background>,
    /// `--color`.
    pub color: Option<ColorChoice>,
    /// `--speed`.
    pub speed: Option<f64>,
    /// `--presenter` (`false`: not given).
    pub presenter: bool,
}

/// The settings the interactive view opens with, each with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    /// The background the colours are chosen for.
    pub theme: Chosen<Background>,
    /// The colour choice handed to colour detection: `Some` from a flag or
    /// the file, `None` to let the variables and the terminal decide.
    pub color: Chosen<Option<ColorChoice>>,
    /// The playback speed where a scenario gives none (`None`: the view's
    /// own, 10 steps a second).
    pub speed: Chosen<Option<f64>>,
    /// Presenter mode.
    pub presenter: Chosen<bool>,
}

/// What is in force: a flag wins over everything; colour then follows
/// `NO_COLOR` and `LOSSCAPE_COLOR` before the file (a variable set for one
/// session is nearer the person than a file set for a lab); then the file;
/// then what is detected or built in.
pub fn resolve(flags: &Flags, file: Option<&FileSettings>, env: Environment) -> Effective {
    let file = file.cloned().unwrap_or_default();
    let theme = match (flags.theme, file.theme) {
        (Some(theme), _) => Chosen { value: theme, from: Source::Flag("--theme") },
        (None, Some((theme, line))) => Chosen { value: theme, from: Source::File(line) },
        (None, None) => {
            let colorfgbg = env("COLORFGBG").map(|v| v.to_string_lossy().into_owned());
            let from = if colorfgbg.is_some() { Source::Variable("COLORFGBG") } else { Source::BuiltIn };
            Chosen { value: Background::from_colorfgbg(colorfgbg.as_deref()), from }
        }
    };
    let set = |name: &str| variable(env, name).is_some_and(|v| !v.to_string_lossy().trim().is_empty());
    let color = match (flags.color, file.color) {
        (Some(choice), _) => Chosen { value: Some(choice), from: Source::Flag("--color") },
        (None, _) if set("NO_COLOR") => Chosen { value: None, from: Source::Variable("NO_COLOR") },
        (None, _) if set("LOSSCAPE_COLOR") => Chosen { value: None, from: Source::Variable("LOSSCAPE_COLOR") },
        (None, Some((choice, line))) => Chosen { value: Some(choice), from: Source::File(line) },
        (None, None) => Chosen { value: None, from: Source::Detected },
    };
    let speed = match (flags.speed, file.speed) {
        (Some(speed), _) => Chosen { value: Some(speed), from: Source::Flag("--speed") },
        (None, Some((speed, line))) => Chosen { value: Some(speed), from: Source::File(line) },
        (None, None) => Chosen { value: None, from: Source::BuiltIn },
    };
    let presenter = match (flags.presenter, file.presenter) {
        (true, _) => Chosen { value: true, from: Source::Flag("--presenter") },
        (false, Some((on, line))) => Chosen { value: on, from: Source::File(line) },
        (false, None) => Chosen { value: false, from: Source::BuiltIn },
    };
    Effective { theme, color, speed, presenter }
}

/// What `losscape config` prints: the file in force (or the places looked
/// at), then each setting, its value and where it came from.
pub fn report(loaded: Option<&Loaded>, effective: &Effective, env: Environment) -> String {
    use std::fmt::Write as _;
    let shown = |p: &Path| visible(&p.display().to_string()).into_owned();
    let file = match loaded {
        Some(loaded) => format!("{} ({})", shown(&loaded.place.path), loaded.place.why),
        None => {
            let looked: Vec<String> = candidates(env).iter().map(|p| shown(&p.path)).collect();
            format!("none (looked for {})", looked.join(", then "))
        }
    };
    let name = |value: Option<clap::builder::PossibleValue>| value.map_or("?".into(), |p| p.get_name().to_string());
    let color = match (effective.color.value, &effective.color.from) {
        (Some(choice), _) => name(choice.to_possible_value()),
        (None, Source::Variable("NO_COLOR")) => "none".into(),
        (None, Source::Variable(v)) => env(v).map_or_else(String::new, |v| visible(&v.to_string_lossy()).into_owned()),
        (None, _) => "auto".into(),
    };
    let from = |source: &Source| match source {
        Source::Detected => "detected: what the terminal shows, asked when the view opens".to_string(),
        Source::BuiltIn => "built in".to_string(),
        other => format!("from {other}"),
    };
    let speed = match effective.speed.value {
        Some(speed) => speed.to_string(),
        None => "10".into(),
    };
    let speed_note = match effective.speed.from {
        Source::Flag(_) => "; in place of every scenario's own",
        _ => "; a scenario that gives a speed plays at its own",
    };
    // What the file sets that something else wins over.
    let settings = loaded.map(|l| l.settings.clone()).unwrap_or_default();
    let set_in_file = [
        settings.theme.map(|(v, line)| (name(v.to_possible_value()), line)),
        settings.color.map(|(v, line)| (name(v.to_possible_value()), line)),
        settings.speed.map(|(v, line)| (v.to_string(), line)),
        settings.presenter.map(|(v, line)| (if v { "on" } else { "off" }.to_string(), line)),
    ];
    let rows = [
        ("theme", name(effective.theme.value.to_possible_value()), &effective.theme.from, String::new()),
        ("color", color, &effective.color.from, String::new()),
        ("speed", speed, &effective.speed.from, speed_note.to_string()),
        (
            "presenter",
            if effective.presenter.value { "on" } else { "off" }.to_string(),
            &effective.presenter.from,
            String::new(),
        ),
    ];
    let mut out = format!("{:<10} {file}\n", "file");
    for ((key, value, source, note), in_file) in rows.into_iter().zip(set_in_file) {
        let over = match in_file {
            Some((value, line)) if !matches!(source, Source::File(_)) => {
                format!(" (over the file's {value}, line {line})")
            }
            _ => String::new(),
        };
        let _ = writeln!(out, "{key:<10} {value:<6} {}{over}{note}", from(source));
    }
    let _ = writeln!(out, "\nA flag wins over each of these, for one run: --theme, --color, --speed, --presenter.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn the_file_is_found_in_the_platforms_places_in_order() {
        let env = env_of(&[("HOME", "/home/ada"), ("XDG_CONFIG_DIRS", "/opt/lab:/etc/xdg")]);
        let places: Vec<(String, &str)> =
            candidates(&env).into_iter().map(|p| (p.path.display().to_string(), p.why)).collect();
        assert_eq!(
            places,
            [
                ("/home/ada/.config/losscape/config.toml".into(), "the user's"),
                ("/opt/lab/losscape/config.toml".into(), "the system's"),
                ("/etc/xdg/losscape/config.toml".into(), "the system's"),
            ]
        );
        let env = env_of(&[("HOME", "/home/ada"), ("XDG_CONFIG_HOME", "/cfg")]);
        assert_eq!(candidates(&env)[0].path, Path::new("/cfg/losscape/config.toml"));
        // A relative XDG_CONFIG_HOME is ignored, as the specification says.
        let env = env_of(&[("HOME", "/home/ada"), ("XDG_CONFIG_HOME", "cfg")]);
        assert_eq!(candidates(&env)[0].path, Path::new("/home/ada/.config/losscape/config.toml"));
        let env = env_of(&[("HOME", "/home/ada"), ("LOSSCAPE_CONFIG", "/lab/losscape.toml")]);
        assert_eq!(candidates(&env), [Place { path: "/lab/losscape.toml".into(), why: "named by LOSSCAPE_CONFIG" }]);
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let text = "# room 204\ntheme = \"light\"\ncolor = 256\n\nspeed = 20\npresenter = true\n";
        let settings = parse(text).unwrap();
        assert_eq!(settings.theme, Some((Background::Light, 2)));
        assert_eq!(settings.color, Some((ColorChoice::Indexed, 3)));
        assert_eq!(settings.speed, Some((20.0, 5)));
        assert_eq!(settings.presenter, Some((true, 6)));
        assert_eq!(parse("color = \"24bit\"").unwrap().color, Some((ColorChoice::TrueColor, 1)));
        assert_eq!(parse("speed = 2.5").unwrap().speed, Some((2.5, 1)));
        assert_eq!(parse("").unwrap(), FileSettings::default());
    }

    #[test]
    fn each_wrong_line_is_one_message_with_its_line_and_key() {
        let cases = [
            ("theme = \"light\"\ntheme = \"dark\"\n", "line 2, column 1: not valid TOML: duplicate key `theme`: a key"),
            ("theme = light\n", "line 1, column 9: not valid TOML:"),
            ("speed = 20\ntheme = \"blue\"\n", "line 2: theme: must be \"dark\" or \"light\", not \"blue\""),
            ("color = 8\n", "line 1: color: must be \"auto\", \"24bit\", \"256\", \"16\" or \"none\", not 8"),
            ("speed = 0\n", "line 1: speed: must be a number of steps a second from 1 to 200, not 0"),
            ("speed = \"fast\"\n", "line 1: speed: must be a number of steps a second from 1 to 200, not \"fast\""),
            ("presenter = \"yes\"\n", "line 1: presenter: must be true or false, not \"yes\""),
            (
                "\ncolour = \"256\"\n",
                "line 2: unknown key `colour`; did you mean `color`? (the keys are theme, color, speed, presenter)",
            ),
            (
                "[view]\ntheme = \"dark\"\n",
                "line 1: unknown key `view` (the settings are keys at the top, not a table)",
            ),
            ("graphics = \"cells\"\n", "line 1: graphics: there is nothing to choose yet"),
            ("theme = \"\\u001b[2J\"\n", "line 1: theme: must be \"dark\" or \"light\", not \"\\u{1b}[2J\""),
        ];
        for (text, start) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.starts_with(start), "{text:?}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    #[test]
    fn flags_win_then_variables_for_colour_then_the_file() {
        let file = parse("theme = \"light\"\ncolor = \"16\"\nspeed = 20\npresenter = true\n").unwrap();
        let none = env_of(&[]);
        let from_file = resolve(&Flags::default(), Some(&file), &none);
        assert_eq!(from_file.theme, Chosen { value: Background::Light, from: Source::File(1) });
        assert_eq!(from_file.color, Chosen { value: Some(ColorChoice::Ansi16), from: Source::File(2) });
        assert_eq!(from_file.speed, Chosen { value: Some(20.0), from: Source::File(3) });
        assert_eq!(from_file.presenter, Chosen { value: true, from: Source::File(4) });
        let flags =
            Flags { theme: Some(Background::Dark), color: Some(ColorChoice::None), speed: Some(5.0), presenter: true };
        let from_flags = resolve(&flags, Some(&file), &none);
        assert_eq!(from_flags.theme.from, Source::Flag("--theme"));
        assert_eq!(from_flags.theme.value, Background::Dark);
        assert_eq!(from_flags.color.value, Some(ColorChoice::None));
        assert_eq!(from_flags.speed.value, Some(5.0));
        assert_eq!(from_flags.presenter.from, Source::Flag("--presenter"));
        let variables = env_of(&[("LOSSCAPE_COLOR", "256"), ("COLORFGBG", "0;15")]);
        let colour = resolve(&Flags::default(), Some(&file), &variables);
        assert_eq!(colour.color, Chosen { value: None, from: Source::Variable("LOSSCAPE_COLOR") });
        let bare = resolve(&Flags::default(), None, &variables);
        assert_eq!(bare.theme, Chosen { value: Background::Light, from: Source::Variable("COLORFGBG") });
        let no_color = env_of(&[("NO_COLOR", "1"), ("LOSSCAPE_COLOR", "256")]);
        assert_eq!(resolve(&Flags::default(), Some(&file), &no_color).color.from, Source::Variable("NO_COLOR"));
    }
}
