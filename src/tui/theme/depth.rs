//! How many colours the terminal shows, decided in this order: the
//! `--color` flag; `NO_COLOR` (none); the `LOSSCAPE_COLOR` variable (a lab's
//! profile); then what the terminal says of itself: tmux's own answer
//! inside tmux, `COLORTERM`, the names in `TERM` and `TERM_PROGRAM` of
//! terminals known to show 24-bit colour, and, where none of these tells,
//! the terminal's answer to a question (see [`ask_terminal`]); 256 colours
//! when nothing tells.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ColorMode;

/// What `--color` and `LOSSCAPE_COLOR` can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// What the terminal shows, as detected.
    Auto,
    /// 24-bit colour.
    #[value(name = "24bit", alias = "truecolor")]
    TrueColor,
    /// The xterm 256-colour palette.
    #[value(name = "256")]
    Indexed,
    /// The terminal's 16 system colours.
    #[value(name = "16")]
    Ansi16,
    /// No colour.
    None,
}

impl ColorChoice {
    /// The mode it names; `None` for `auto`.
    pub fn mode(self) -> Option<ColorMode> {
        match self {
            ColorChoice::Auto => None,
            ColorChoice::TrueColor => Some(ColorMode::TrueColor),
            ColorChoice::Indexed => Some(ColorMode::Indexed),
            ColorChoice::Ansi16 => Some(ColorMode::Ansi16),
            ColorChoice::None => Some(ColorMode::Mono),
        }
    }

    /// The choice a value of `LOSSCAPE_COLOR` names, or what is wrong with it.
    pub fn from_variable(value: &str) -> Result<ColorChoice, String> {
        use clap::ValueEnum;
        ColorChoice::from_str(value.trim(), true).map_err(|_| {
            format!(
                "LOSSCAPE_COLOR is {:?}, which is not a colour setting: set it to auto, 24bit, 256, 16 or none, \
                 or unset it",
                crate::sanitize::visible(value)
            )
        })
    }
}

/// The variables colour detection reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `NO_COLOR`.
    pub no_color: Option<String>,
    /// `LOSSCAPE_COLOR`.
    pub losscape_color: Option<String>,
    /// `COLORTERM`.
    pub colorterm: Option<String>,
    /// `TERM`.
    pub term: Option<String>,
    /// `TERM_PROGRAM`.
    pub term_program: Option<String>,
    /// Whether `TMUX` is set: the view runs inside tmux.
    pub tmux: bool,
}

impl Environment {
    /// The process's own environment.
    pub fn current() -> Environment {
        let var = |name: &str| std::env::var(name).ok();
        Environment {
            no_color: var("NO_COLOR"),
            losscape_color: var("LOSSCAPE_COLOR"),
            colorterm: var("COLORTERM"),
            term: var("TERM"),
            term_program: var("TERM_PROGRAM"),
            tmux: std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Whom detection may ask when the variables do not tell.
pub trait Oracle {
    /// What tmux shows of 24-bit colour to the terminal it draws on
    /// (`None`: it did not say).
    fn tmux(&mut self) -> Option<ColorMode>;
    /// What the terminal itself answers (`None`: it did not say).
    fn terminal(&mut self) -> Option<ColorMode>;
}

/// An oracle that asks no one: for `render` and `record`, which have no
/// terminal to ask.
pub struct NoOne;

impl Oracle for NoOne {
    fn tmux(&mut self) -> Option<ColorMode> {
        None
    }
    fn terminal(&mut self) -> Option<ColorMode> {
        None
    }
}

/// `TERM` values of terminals that show 24-bit colour (besides any ending
/// in `-direct`, terminfo's name for it).
const DIRECT_TERMS: [&str; 9] =
    ["xterm-kitty", "alacritty", "wezterm", "foot", "foot-extra", "contour", "xterm-ghostty", "ghostty", "rio"];

/// `TERM_PROGRAM` values of terminals that show 24-bit colour.
const DIRECT_PROGRAMS: [&str; 9] =
    ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby", "rio", "WarpTerminal", "kitty"];

/// The colour mode for a `--color` flag (`None` when not given), an
/// environment, and whoever can be asked; or what is wrong with
/// `LOSSCAPE_COLOR`.
pub fn decide(flag: Option<ColorChoice>, env: &Environment, oracle: &mut dyn Oracle) -> Result<ColorMode, String> {
    if let Some(mode) = flag.and_then(ColorChoice::mode) {
        return Ok(mode);
    }
    if env.no_color.as_deref().is_some_and(|v| !v.is_empty()) {
        return Ok(ColorMode::Mono);
    }
    if let Some(value) = env.losscape_color.as_deref().filter(|v| !v.trim().is_empty())
        && let Some(mode) = ColorChoice::from_variable(value)?.mode()
    {
        return Ok(mode);
    }
    Ok(detect(env, oracle))
}

/// What the terminal shows, from the environment and, where it does not
/// tell, from tmux or the terminal itself.
pub fn detect(env: &Environment, oracle: &mut dyn Oracle) -> ColorMode {
    let term = env.term.as_deref().unwrap_or("");
    if term == "dumb" {
        return ColorMode::Mono;
    }
    // Inside tmux what reaches the screen is what tmux sends on: it turns
    // 24-bit colour into its own 256 unless it knows the terminal shows it.
    if env.tmux
        && let Some(mode) = oracle.tmux()
    {
        return mode;
    }
    let colorterm = env.colorterm.as_deref().unwrap_or("");
    if colorterm.eq_ignore_ascii_case("truecolor") || colorterm.eq_ignore_ascii_case("24bit") {
        return ColorMode::TrueColor;
    }
    if term.ends_with("-direct") || DIRECT_TERMS.contains(&term) {
        return ColorMode::TrueColor;
    }
    if env.term_program.as_deref().is_some_and(|p| DIRECT_PROGRAMS.contains(&p)) {
        return ColorMode::TrueColor;
    }
    if term == "linux" || term.ends_with("-16color") || term.ends_with("-8color") || term == "ansi" {
        return ColorMode::Ansi16;
    }
    oracle.terminal().unwrap_or(ColorMode::Indexed)
}

/// Lets the terminal library send colour codes when the mode has colour:
/// it drops them all when `NO_COLOR` is set, which a `--color` flag overrides.
pub fn allow_colour_codes(mode: ColorMode) {
    ratatui::crossterm::style::Colored::set_ansi_color_disabled(mode == ColorMode::Mono);
}

/// How long tmux is given to answer.
const TMUX_TIMEOUT: Duration = Duration::from_millis(300);

/// Asks tmux, with a short timeout, whether it sends 24-bit colour to the
/// terminal of the client it draws for: tmux 3.2 and later list the
/// client's features (`RGB` among them); earlier ones are asked for the
/// client's terminal name and their `terminal-overrides` (`Tc` or `RGB`).
pub fn ask_tmux() -> Option<ColorMode> {
    let features = run_tmux(&["display-message", "-p", "#{client_termfeatures}"])?;
    if let Some(mode) = tmux_features(&features) {
        return Some(mode);
    }
    let term = run_tmux(&["display-message", "-p", "#{client_termname}"])?;
    let overrides = run_tmux(&["show-options", "-sv", "terminal-overrides"])?;
    tmux_overrides(term.trim(), &overrides)
}

/// What `#{client_termfeatures}` says: `None` when empty (tmux before 3.2,
/// or no client attached).
pub fn tmux_features(features: &str) -> Option<ColorMode> {
    let features = features.trim();
    if features.is_empty() {
        return None;
    }
    Some(if features.split(',').any(|f| f.trim() == "RGB") { ColorMode::TrueColor } else { ColorMode::Indexed })
}

/// What tmux's `terminal-overrides` say of a client's terminal: 24-bit
/// where an entry whose pattern matches it gives `Tc` or `RGB`; `None`
/// without a terminal name.
pub fn tmux_overrides(term: &str, overrides: &str) -> Option<ColorMode> {
    if term.is_empty() {
        return None;
    }
    let rgb = overrides.lines().any(|line| {
        let mut fields = line.trim().trim_matches('"').split(':');
        let pattern = fields.next().unwrap_or("");
        glob(pattern, term) && fields.any(|f| matches!(f.split('=').next(), Some("Tc" | "RGB")))
    });
    Some(if rgb { ColorMode::TrueColor } else { ColorMode::Indexed })
}

/// Whether `text` matches a pattern with `*` (any run) and `?` (any one character).
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Runs tmux with `args`, its output if it answers in time.
fn run_tmux(args: &[&str]) -> Option<String> {
    let mut child = Command::new("tmux")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + TMUX_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let mut out = String::new();
                child.stdout.take()?.read_to_string(&mut out).ok()?;
                return status.success().then_some(out);
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// How long the terminal is given to answer.
pub const TERMINAL_TIMEOUT: Duration = Duration::from_millis(500);

/// What is sent to ask the terminal: a 24-bit foreground set, a request for
/// the graphic rendition now in force (DECRQSS `m`), the rendition reset,
/// and a request for the primary device attributes (DA1), which every
/// terminal answers, and answers after the request before it.
pub const QUESTION: &str = "\x1b[38;2;1;2;3m\x1bP$qm\x1b\\\x1b[0m\x1b[c";

/// Asks the terminal itself what it shows, and reads its answer from
/// standard input, waiting at most [`TERMINAL_TIMEOUT`]; must be called in
/// raw mode, before anything else reads the terminal's input (the event
/// reader would take the answer for keys). A terminal that keeps the 24-bit
/// colour it was given shows 24-bit; one that answers with a palette index
/// shows 256; one that does not understand the request says nothing.
/// Keys typed while it waits are lost.
pub fn ask_terminal() -> Option<ColorMode> {
    use std::io::IsTerminal;
    if !cfg!(unix) {
        return None;
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let mut out = std::io::stdout();
    out.write_all(QUESTION.as_bytes()).ok()?;
    out.flush().ok()?;
    let answer = read_answer(&stdin, TERMINAL_TIMEOUT);
    terminal_answer(&answer)
}

/// Reads from the terminal until its answer to DA1 has come, or the time is up.
#[cfg(not(unix))]
fn read_answer(_stdin: &std::io::Stdin, _timeout: Duration) -> Vec<u8> {
    Vec::new()
}

/// Reads from the terminal until its answer to DA1 has come, or the time is up.
#[cfg(unix)]
fn read_answer(stdin: &std::io::Stdin, timeout: Duration) -> Vec<u8> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use std::os::fd::AsFd;
    let fd = stdin.as_fd();
    let deadline = Instant::now() + timeout;
    let mut answer = Vec::new();
    while !has_device_attributes(&answer) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let wait = Timespec { tv_sec: left.as_secs() as _, tv_nsec: i64::from(left.subsec_nanos()) as _ };
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        match poll(&mut fds, Some(&wait)) {
            Ok(0) => break,
            Ok(_) => {
                let mut buf = [0u8; 256];
                match rustix::io::read(fd, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => break,
        }
    }
    answer
}

/// Whether the bytes hold an answer to DA1: `ESC [ ? … c`.
fn has_device_attributes(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|i| {
        bytes[i..].starts_with(b"\x1b[?") && {
            let rest = &bytes[i + 3..];
            let n = rest.iter().take_while(|b| b.is_ascii_digit() || **b == b';').count();
            rest.get(n) == Some(&b'c')
        }
    })
}

/// What the terminal's answer to [`QUESTION`] says: DECRQSS's
/// `ESC P 1 $ r … m ESC \` with the rendition in force, 24-bit where it
/// kept the colour (`38;2`, or `38:2` as some write it), 256 where it gave
/// back a palette index; `None` where the request was refused
/// (`ESC P 0 $ r`) or not answered.
pub fn terminal_answer(bytes: &[u8]) -> Option<ColorMode> {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("\x1bP1$r")? + 5;
    let body = &text[start..];
    let end = body.find("\x1b\\").or_else(|| body.find('\u{9c}')).unwrap_or(body.len());
    let rendition = &body[..end];
    if rendition.contains("38;2") || rendition.contains("38:2") {
        Some(ColorMode::TrueColor)
    } else if rendition.contains("38;5") || rendition.contains("38:5") {
        Some(ColorMode::Indexed)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An oracle with fixed answers, that counts the questions.
    #[derive(Default)]
    struct Fixed {
        tmux: Option<ColorMode>,
        terminal: Option<ColorMode>,
        asked: Vec<&'static str>,
    }

    impl Oracle for Fixed {
        fn tmux(&mut self) -> Option<ColorMode> {
            self.asked.push("tmux");
            self.tmux
        }
        fn terminal(&mut self) -> Option<ColorMode> {
            self.asked.push("terminal");
            self.terminal
        }
    }

    fn env(vars: &[(&str, &str)]) -> Environment {
        let get = |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string());
        Environment {
            no_color: get("NO_COLOR"),
            losscape_color: get("LOSSCAPE_COLOR"),
            colorterm: get("COLORTERM"),
            term: get("TERM"),
            term_program: get("TERM_PROGRAM"),
            tmux: get("TMUX").is_some(),
        }
    }

    fn decided(flag: Option<ColorChoice>, vars: &[(&str, &str)]) -> ColorMode {
        decide(flag, &env(vars), &mut Fixed::default()).unwrap()
    }

    #[test]
    fn the_flag_wins_over_the_variable_which_wins_over_detection() {
        let all = [("LOSSCAPE_COLOR", "16"), ("COLORTERM", "truecolor"), ("TERM", "xterm-256color")];
        assert_eq!(decided(Some(ColorChoice::Indexed), &all), ColorMode::Indexed);
        assert_eq!(decided(None, &all), ColorMode::Ansi16);
        assert_eq!(decided(Some(ColorChoice::Auto), &all), ColorMode::Ansi16);
        assert_eq!(decided(None, &all[1..]), ColorMode::TrueColor);
        // `auto` in the variable leaves it to detection.
        assert_eq!(decided(None, &[("LOSSCAPE_COLOR", "auto"), ("COLORTERM", "24bit")]), ColorMode::TrueColor);
        assert_eq!(decided(None, &[("LOSSCAPE_COLOR", " 24BIT ")]), ColorMode::TrueColor);
    }

    #[test]
    fn no_color_means_none_unless_the_flag_says_otherwise() {
        let vars = [("NO_COLOR", "1"), ("LOSSCAPE_COLOR", "256"), ("COLORTERM", "truecolor")];
        assert_eq!(decided(None, &vars), ColorMode::Mono);
        assert_eq!(decided(Some(ColorChoice::Auto), &vars), ColorMode::Mono);
        assert_eq!(decided(Some(ColorChoice::Indexed), &vars), ColorMode::Indexed);
        // An empty NO_COLOR does not count (no-color.org).
        assert_eq!(decided(None, &[("NO_COLOR", ""), ("COLORTERM", "truecolor")]), ColorMode::TrueColor);
    }

    #[test]
    fn a_wrong_variable_says_what_it_should_be_unless_the_flag_decides() {
        let vars = [("LOSSCAPE_COLOR", "25")];
        let error = decide(None, &env(&vars), &mut Fixed::default()).unwrap_err();
        assert!(error.contains("\"25\"") && error.contains("auto, 24bit, 256, 16 or none"), "{error}");
        assert_eq!(decided(Some(ColorChoice::TrueColor), &vars), ColorMode::TrueColor);
    }

    #[test]
    fn terminals_known_for_24_bit_colour_are_recognised_without_colorterm() {
        for term in ["xterm-direct", "konsole-direct", "xterm-kitty", "alacritty", "wezterm", "foot", "contour"] {
            assert_eq!(decided(None, &[("TERM", term)]), ColorMode::TrueColor, "TERM={term}");
        }
        for program in ["iTerm.app", "WezTerm", "vscode", "ghostty"] {
            let vars = [("TERM", "xterm-256color"), ("TERM_PROGRAM", program)];
            assert_eq!(decided(None, &vars), ColorMode::TrueColor, "TERM_PROGRAM={program}");
        }
        assert_eq!(
            decided(None, &[("TERM", "xterm-256color"), ("TERM_PROGRAM", "Apple_Terminal")]),
            ColorMode::Indexed
        );
        assert_eq!(decided(None, &[("TERM", "linux")]), ColorMode::Ansi16);
        assert_eq!(decided(None, &[("TERM", "rxvt-16color")]), ColorMode::Ansi16);
        assert_eq!(decided(None, &[("TERM", "dumb")]), ColorMode::Mono);
    }

    #[test]
    fn the_terminal_is_asked_only_when_the_environment_does_not_tell() {
        let mut oracle = Fixed { terminal: Some(ColorMode::TrueColor), ..Fixed::default() };
        let over_ssh = env(&[("TERM", "xterm-256color")]);
        assert_eq!(detect(&over_ssh, &mut oracle), ColorMode::TrueColor);
        assert_eq!(oracle.asked, ["terminal"]);
        let mut oracle = Fixed { terminal: Some(ColorMode::TrueColor), ..Fixed::default() };
        assert_eq!(detect(&env(&[("TERM", "linux")]), &mut oracle), ColorMode::Ansi16);
        assert_eq!(detect(&env(&[("COLORTERM", "truecolor")]), &mut oracle), ColorMode::TrueColor);
        assert!(oracle.asked.is_empty(), "{:?}", oracle.asked);
        // Silence means 256 colours.
        assert_eq!(detect(&over_ssh, &mut Fixed::default()), ColorMode::Indexed);
    }

    #[test]
    fn inside_tmux_tmux_is_asked_first_and_its_answer_wins() {
        // tmux turns 24-bit colour into its own 256 when the terminal under
        // it lacks RGB, whatever COLORTERM it inherited.
        let inside = env(&[("TMUX", "/tmp/tmux-0/default,1,0"), ("TERM", "tmux-256color"), ("COLORTERM", "truecolor")]);
        let mut oracle = Fixed { tmux: Some(ColorMode::Indexed), ..Fixed::default() };
        assert_eq!(detect(&inside, &mut oracle), ColorMode::Indexed);
        let mut oracle = Fixed { tmux: Some(ColorMode::TrueColor), ..Fixed::default() };
        assert_eq!(detect(&inside, &mut oracle), ColorMode::TrueColor);
        // When tmux does not say, the rest decides.
        let mut oracle = Fixed::default();
        assert_eq!(detect(&inside, &mut oracle), ColorMode::TrueColor);
        assert_eq!(oracle.asked, ["tmux"]);
    }

    #[test]
    fn tmux_features_and_overrides_are_read() {
        assert_eq!(tmux_features("256,RGB,bpaste,clipboard,title\n"), Some(ColorMode::TrueColor));
        assert_eq!(tmux_features("256,bpaste,clipboard,title"), Some(ColorMode::Indexed));
        assert_eq!(tmux_features("\n"), None);
        assert_eq!(tmux_overrides("xterm-256color", "xterm*:Tc\n"), Some(ColorMode::TrueColor));
        assert_eq!(tmux_overrides("xterm-256color", "\"xterm-256color:RGB\"\n"), Some(ColorMode::TrueColor));
        assert_eq!(tmux_overrides("xterm-256color", "screen*:Tc\nxterm*:smcup@:rmcup@\n"), Some(ColorMode::Indexed));
        assert_eq!(tmux_overrides("", "*:Tc"), None);
        assert!(glob("*256col*", "xterm-256color") && glob("xterm-?56color", "xterm-256color"));
        assert!(!glob("screen*", "xterm-256color"));
    }

    #[test]
    fn the_terminals_answer_is_read() {
        // xterm and foot write the colour with colons, others with semicolons.
        assert_eq!(terminal_answer(b"\x1bP1$r0;38:2::1:2:3m\x1b\\\x1b[?64;1;22c"), Some(ColorMode::TrueColor));
        assert_eq!(terminal_answer(b"\x1bP1$r0;38;2;1;2;3m\x1b\\"), Some(ColorMode::TrueColor));
        assert_eq!(terminal_answer(b"\x1bP1$r0;38;5;16m\x1b\\\x1b[?62c"), Some(ColorMode::Indexed));
        assert_eq!(terminal_answer(b"\x1bP0$r\x1b\\\x1b[?62;22c"), None);
        assert_eq!(terminal_answer(b"\x1b[?1;2c"), None);
        assert!(has_device_attributes(b"\x1bP0$r\x1b\\\x1b[?62;22c"));
        assert!(has_device_attributes(b"\x1b[?6c"));
        assert!(!has_device_attributes(b"\x1bP1$r0;38;2;1;2;3m\x1b\\\x1b[?62;2"));
    }
}
