//! The interactive view in a pseudo-terminal that answers (or does not
//! answer) the question about 24-bit colour, as terminals do: the answer
//! decides the colours, is never taken for keys, and silence costs only a
//! short wait.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the view asks (see `losscape::tui::theme::depth::QUESTION`).
const QUESTION: &str = "\x1bP$qm";

struct Session {
    output: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_losscape"));
        cmd.arg("tour");
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        for var in ["NO_COLOR", "LOSSCAPE_COLOR", "COLORTERM", "TERM_PROGRAM", "TMUX"] {
            cmd.env_remove(var);
        }
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("losscape starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session { output, writer, child, _master: pair.master }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    #[track_caller]
    fn wait_for(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.text().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("{what:?} never came; the output:\n{:?}", self.text());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Row y of the screen as a terminal shows it now.
    fn screen_row(&self, y: u16) -> String {
        let mut parser = vt100::Parser::new(30u16.try_into().unwrap(), 100u16.try_into().unwrap(), 0);
        parser.process(&self.output.lock().unwrap());
        parser.screen().rows(0, 100).nth(usize::from(y)).unwrap_or_default()
    }

    /// What was drawn after the question.
    fn drawn(&self) -> String {
        let text = self.text();
        text.split(QUESTION).last().unwrap_or("").to_string()
    }

    fn quit(mut self) {
        self.send("q");
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }
}

/// The status row of the tour as it opens, before any key.
fn untouched_status_row() -> String {
    let s = Session::start(&[("LOSSCAPE_COLOR", "256")]);
    s.wait_for("step 0/1500");
    std::thread::sleep(Duration::from_millis(300));
    let row = s.screen_row(29).trim_end().to_string();
    s.quit();
    row
}

#[test]
fn a_terminal_that_keeps_24_bit_colour_gets_it() {
    let mut s = Session::start(&[]);
    s.wait_for(QUESTION);
    // As xterm answers: the rendition in force, then its device attributes.
    s.send("\x1bP1$r0;38:2::1:2:3m\x1b\\\x1b[?64;1;2;22c");
    s.wait_for("step 0/1500");
    std::thread::sleep(Duration::from_millis(300));
    let drawn = s.drawn();
    assert!(drawn.contains("38;2;") && drawn.contains("48;2;"), "24-bit colour");
    // The answer was not taken for keys (`:` opens the command line, `m`
    // the rate map, digits select…): the screen is the one the view opens on.
    assert_eq!(s.screen_row(29).trim_end(), untouched_status_row(), "the answer became keys");
    assert!(!s.screen_row(1).contains("final loss"), "the answer became keys");
    s.quit();
}

#[test]
fn a_terminal_that_refuses_or_rounds_the_colour_gets_256() {
    for answer in ["\x1bP0$r\x1b\\\x1b[?62;22c", "\x1bP1$r0;38;5;16m\x1b\\\x1b[?62;22c"] {
        let mut s = Session::start(&[]);
        s.wait_for(QUESTION);
        s.send(answer);
        s.wait_for("step 0/1500");
        std::thread::sleep(Duration::from_millis(300));
        let drawn = s.drawn();
        assert!(drawn.contains("38;5;") && !drawn.contains("38;2;"), "256 colours for {answer:?}");
        s.quit();
    }
}

#[test]
fn a_terminal_that_says_nothing_costs_a_short_wait() {
    let start = Instant::now();
    let s = Session::start(&[]);
    s.wait_for(QUESTION);
    s.wait_for("step 0/1500");
    let waited = start.elapsed();
    assert!(waited < Duration::from_secs(5), "started after {waited:?}");
    std::thread::sleep(Duration::from_millis(300));
    let drawn = s.drawn();
    assert!(drawn.contains("38;5;") && !drawn.contains("38;2;"), "256 colours");
    s.quit();
}

#[test]
fn no_question_where_the_environment_tells() {
    for env in [[("COLORTERM", "truecolor")], [("LOSSCAPE_COLOR", "256")], [("TERM", "xterm-kitty")]] {
        let s = Session::start(&env);
        s.wait_for("step 0/1500");
        std::thread::sleep(Duration::from_millis(200));
        assert!(!s.text().contains(QUESTION), "{env:?}: the terminal was asked");
        s.quit();
    }
}

#[test]
fn a_wrong_variable_stops_before_the_screen_is_touched() {
    let mut s = Session::start(&[("LOSSCAPE_COLOR", "lots")]);
    let status = s.child.wait().unwrap();
    assert!(!status.success());
    s.wait_for("LOSSCAPE_COLOR is \"lots\"");
    let text = s.text();
    assert!(!text.contains("\x1b[?1049h") && !text.contains(QUESTION), "{text:?}");
}
