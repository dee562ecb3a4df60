//! The real binary in a pseudo-terminal: keys in, the parsed screen checked.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Arc<Mutex<Box<dyn portable_pty::MasterPty + Send>>>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_as(&[], args, &[], cols, rows)
    }

    /// losscape run through `wrapper` (a program and its arguments that
    /// end by running the rest), with `env` set.
    fn start_as(wrapper: &[&str], args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let binary = env!("CARGO_BIN_EXE_losscape");
        let mut cmd = CommandBuilder::new(wrapper.first().copied().unwrap_or(binary));
        if !wrapper.is_empty() {
            cmd.args(&wrapper[1..]);
            cmd.arg(binary);
        }
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("COLORTERM", "truecolor");
        cmd.env_remove("NO_COLOR");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("losscape starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0)));
        let parser = Arc::clone(&screen);
        let master = Arc::new(Mutex::new(pair.master));
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
        Session { screen, writer, child, master }
    }

    /// Resizes the terminal, as a user dragging its window would.
    fn resize(&self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(rows.try_into().unwrap(), cols.try_into().unwrap());
        self.master.lock().unwrap().resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    #[track_caller]
    fn wait_for(&self, text: &str) {
        self.wait_for_within(text, Duration::from_secs(10));
    }

    /// Waits up to `limit` for the screen to show `text` (work that takes
    /// seconds in a debug build, more on a busy machine).
    #[track_caller]
    fn wait_for_within(&self, text: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never appeared; the screen shows:\n{}", self.contents());
    }

    /// Waits until the screen no longer shows `text`.
    #[track_caller]
    fn wait_until_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.contents().contains(text) {
            assert!(Instant::now() < deadline, "`{text}` stays; the screen shows:\n{}", self.contents());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `keys`, then waits (looking every millisecond) until the
    /// screen shows `text`: how long that took.
    #[track_caller]
    fn answer_time(&mut self, keys: &str, text: &str) -> Duration {
        let sent = Instant::now();
        self.send(keys);
        while !self.contents().contains(text) {
            assert!(sent.elapsed() < Duration::from_secs(30), "`{text}` never appeared:\n{}", self.contents());
            std::thread::sleep(Duration::from_millis(1));
        }
        sent.elapsed()
    }

    /// Sends `keys`, then waits (looking every millisecond) for the
    /// program to end: how long that took.
    fn exit_time(&mut self, keys: &str) -> Duration {
        let sent = Instant::now();
        self.send(keys);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status:?}");
                return sent.elapsed();
            }
            assert!(sent.elapsed() < Duration::from_secs(60), "it never ended");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Pastes text as a terminal does: between bracketed-paste markers if
    /// the program asked for them, else as if typed.
    fn paste(&mut self, text: &str) {
        let bracketed = self.screen.lock().unwrap().screen().bracketed_paste();
        self.send(&if bracketed { format!("\x1b[200~{text}\x1b[201~") } else { text.to_string() });
    }
}

const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";

#[test]
fn a_user_steps_tunes_asks_for_help_and_quits() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("step 0/1500");
    assert!(s.screen.lock().unwrap().screen().alternate_screen(), "the view uses the alternate screen");
    s.send(RIGHT);
    s.wait_for("step 1/1500");
    s.send(RIGHT);
    s.wait_for("step 2/1500");
    s.send(LEFT);
    s.wait_for("step 1/1500");
    // The tour selects Adam: its lr 0.1 goes one rung up the ladder.
    assert!(s.contents().contains("▶ Adam"));
    s.send("]");
    s.wait_for("Adam: lr=0.2");
    s.send("?");
    s.wait_for("Esc or ? closes");
    s.send("?");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.contents().contains("Esc or ? closes") {
        assert!(Instant::now() < deadline, "the help closes");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send("q");
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(!s.screen.lock().unwrap().screen().alternate_screen(), "the terminal is restored");
}

#[test]
fn a_scenario_file_opens_and_escape_never_quits() {
    let mut s = Session::start(&["scenarios/01-learning-rate.json"], 90, 26);
    s.wait_for("step 0/60");
    s.wait_for("lr 0.01 crawls, 0.1 arrives, 0.95 bounces in, 1.05 bounces out");
    // Apart, so that the terminal reads two Esc keys rather than one sequence.
    for key in ["\x1b", "\x1b", RIGHT] {
        s.send(key);
        std::thread::sleep(Duration::from_millis(150));
    }
    s.wait_for("step 1/60");
    assert!(s.child.try_wait().unwrap().is_none(), "Esc twice leaves the view open");
    s.send("q");
    let status = s.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn a_tiny_terminal_gets_a_message_not_a_crash() {
    let mut s = Session::start(&[], 30, 8);
    s.wait_for("30×8: too small, needs");
    s.send("\x03");
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn a_bad_file_exits_with_the_error_and_no_screen_change() {
    let mut s = Session::start(&["tests/fixtures/invalid/negative_lr.json"], 100, 30);
    s.wait_for("optimizer 2 (adam), lr: must be a positive number, got -0.1");
    let status = s.child.wait().unwrap();
    assert!(!status.success());
    assert!(!s.screen.lock().unwrap().screen().alternate_screen());
}

#[test]
fn resizing_redraws_at_any_size() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("step 0/1500");
    s.resize(36, 10);
    s.wait_for("Terminal too small (36×10)");
    s.resize(90, 28);
    s.wait_for("step 0/1500");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn the_command_line_sets_a_rate_and_refuses_a_bad_one() {
    let mut s = Session::start(&["learning-rate"], 100, 30);
    s.wait_for("step 0/60");
    s.send("1");
    s.send(":lr 0.75\r");
    s.wait_for("lr 0.01: lr 0.75");
    s.wait_for("lr=0.75");
    s.send(":lr -1\r");
    s.wait_for("lr: must be a positive number, got -1");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(150));
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn a_click_moves_only_the_selected_start() {
    let mut s = Session::start(&["several-minima"], 120, 40);
    s.wait_for("step 0/");
    s.send("2");
    // A left click (SGR mouse report, 1-based) near the middle of the plot.
    s.send("\x1b[<0;40;20M\x1b[<0;40;20m");
    s.wait_for("from (−1, 1) restarted from");
    assert!(!s.contents().contains("every optimizer restarted"));
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("step 0/1500");
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    let pid = s.child.process_id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = s.child.wait().unwrap();
    assert_eq!(status.exit_code(), 128 + 15, "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    let screen = s.screen.lock().unwrap();
    assert!(!screen.screen().alternate_screen(), "the alternate screen is left");
    assert!(!screen.screen().hide_cursor(), "the cursor is shown again");
    assert_eq!(screen.screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting is off");
}

#[test]
fn a_stop_and_continue_gives_the_terminal_back_and_takes_it_again() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("step 0/1500");
    let pid = s.child.process_id().unwrap().to_string();
    let signal = |name: &str| std::process::Command::new("kill").args([name, &pid]).status().unwrap();
    signal("-TSTP");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.screen.lock().unwrap().screen().alternate_screen() {
        assert!(Instant::now() < deadline, "stopped, it gives the terminal back");
        std::thread::sleep(Duration::from_millis(20));
    }
    signal("-CONT");
    s.wait_for("step 0/1500");
    assert!(s.screen.lock().unwrap().screen().alternate_screen(), "continued, it takes the terminal again");
    s.send(RIGHT);
    s.wait_for("step 1/1500");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn m_records_the_screen_and_p_saves_a_picture_beside_the_scenario() {
    let dir = std::env::temp_dir().join(format!("losscape-pty-record-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.json");
    std::fs::copy("scenarios/04-momentum.json", &file).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 100, 30);
    s.wait_for("step 0/1000");
    s.send("M");
    s.wait_for("● rec");
    s.send(RIGHT);
    s.wait_for("step 1/1000");
    s.send(RIGHT);
    s.wait_for("step 2/1000");
    s.send("M");
    s.wait_for("recorded");
    s.send("P");
    s.wait_for("wrote the screen to");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
    // The recording: an asciicast header of the terminal's size, then what
    // was drawn, which replays into a screen showing step 2.
    let cast = std::fs::read_to_string(dir.join("lesson-1.cast")).unwrap();
    let mut lines = cast.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(
        (header["version"].clone(), header["width"].clone(), header["height"].clone()),
        (2.into(), 100.into(), 30.into())
    );
    let mut replay = vt100::Parser::new(30u16.try_into().unwrap(), 100u16.try_into().unwrap(), 0);
    let mut events = 0;
    for line in lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        replay.process(event[2].as_str().unwrap().as_bytes());
        events += 1;
    }
    assert!(events >= 3, "{events} events");
    assert!(replay.screen().contents().contains("step 2/1000"), "{}", replay.screen().contents());
    // The picture, both forms.
    let png = std::fs::read(dir.join("lesson-screen-1.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let svg = std::fs::read_to_string(dir.join("lesson-screen-1.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_lesson_that_opens_on_the_rate_map_draws_it_without_a_key() {
    // The map is computed in the background: the view must wake when it is
    // done, with no key pressed and no file to watch. At 120×40 the
    // lesson's text fits beside the map, so nothing covers it as it opens.
    let mut s = Session::start(&["momentum-map"], 120, 40);
    s.wait_for("step 0/100");
    s.wait_for("final loss after 100 steps");
    assert!(s.contents().contains("○ best"), "{}", s.contents());
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

/// CPU time the process has used so far, from /proc/PID/stat (user plus
/// system, in the kernel's clock ticks of 1/100 s).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command's name, which is in parentheses.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks = |i: usize| fields[i].parse::<f64>().unwrap();
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Opens a map with `key` on a scenario whose map is heavy, closes it with
/// the same key, and measures the process's CPU before and after.
fn close_heavy_work(file: &str, steps: &str, key: &str, opened: &str) {
    let mut s = Session::start(&[file], 120, 40);
    s.wait_for(steps);
    // The scenario's own runs are computed first.
    s.wait_until_gone("computing");
    let pid = s.child.process_id().unwrap();
    s.send(key);
    s.wait_for(opened);
    // Let the work start on every core, then see how busy it is (on a
    // loaded machine, less than two cores).
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_seconds(pid);
    std::thread::sleep(Duration::from_millis(1500));
    let busy = (cpu_seconds(pid) - before) / 1.5;
    assert!(busy > 0.05, "{file}: the map is being computed: {busy:.2} cores");
    s.send(key);
    std::thread::sleep(Duration::from_millis(300));
    let closed = cpu_seconds(pid);
    std::thread::sleep(Duration::from_millis(2000));
    let after = (cpu_seconds(pid) - closed) / 2.0;
    assert!(
        after < 0.15 && after < busy / 4.0,
        "{file}: {after:.2} cores busy in the 2 s after the map was closed, {busy:.2} before"
    );
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

/// The files in a folder, by name, sorted.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn pasted_text_is_text_in_the_command_line_and_runs_nothing() {
    let dir = std::env::temp_dir().join(format!("losscape-pty-paste-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.json");
    std::fs::copy("scenarios/01-learning-rate.json", &file).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 100, 30);
    s.wait_for("step 0/60");
    // Into the open line: a line break in a paste is a space, not Enter, so
    // neither the command nor the keys after it (x exports, w saves, q quits) run.
    s.send(":");
    s.wait_for("Tab completes");
    s.paste("lr 0.002\rxwq");
    s.wait_for(":lr 0.002 xwq");
    s.wait_for("a pasted line break is a space here");
    assert!(s.screen.lock().unwrap().screen().bracketed_paste(), "the view asks for pastes as pastes");
    // BEL is Ctrl-G, not a `g` typed.
    s.send("\x07");
    s.send(LEFT);
    s.send("!");
    s.wait_for(":lr 0.002 xw!q");
    std::thread::sleep(Duration::from_millis(300));
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    assert_eq!(files_in(&dir), ["lesson.json"], "nothing written");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(150));
    // With no line open, a paste opens one holding the text, to be run or dropped.
    s.paste("lr 0.002\r\nxwq\r\n");
    s.wait_for(":lr 0.002 xwq");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(150));
    // A paste far longer than any command is cut, at once.
    s.send(":");
    s.paste(&"9".repeat(100_000));
    s.wait_for("pasted text cut at 1000 characters");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(150));
    s.send(RIGHT);
    s.wait_for("step 1/60");
    assert_eq!(files_in(&dir), ["lesson.json"], "nothing written");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
    std::thread::sleep(Duration::from_millis(100));
    assert!(!s.screen.lock().unwrap().screen().bracketed_paste(), "bracketed paste is off again");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn closing_a_heavy_rate_map_stops_its_work_at_once() {
    // Every run of this map takes 700,000 steps: a row of 64 runs keeps a
    // core busy for seconds.
    close_heavy_work("tests/fixtures/valid/heavy_rate_map.json", "step 0/700000", "m", "computing 0%");
}

#[test]
fn closing_a_heavy_sweep_stops_its_work_within_a_run() {
    // Every run of this sweep takes a million steps over 30 data points,
    // most of a second each even alone on a core.
    close_heavy_work("tests/fixtures/valid/heavy_sweep.json", "step 0/1000000", "s", "final loss by lr");
}

/// A folder of its own for a test, holding a copy of the momentum lesson.
fn lesson_folder(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("losscape-pty-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.json");
    std::fs::copy("scenarios/04-momentum.json", &file).unwrap();
    (dir, file)
}

/// A recording's events replayed into a terminal of its header's size,
/// resized where it was: the screen at the end, and the sizes it went through.
fn replay(cast: &str) -> (vt100::Parser, Vec<String>) {
    let mut lines = cast.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let size = |v: &serde_json::Value| u16::try_from(v.as_u64().unwrap()).unwrap().try_into().unwrap();
    let mut terminal = vt100::Parser::new(size(&header["height"]), size(&header["width"]), 0);
    let mut sizes = vec![format!("{}x{}", header["width"], header["height"])];
    for line in lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let data = event[2].as_str().unwrap();
        match event[1].as_str().unwrap() {
            "o" => terminal.process(data.as_bytes()),
            "r" => {
                let (w, h) = data.split_once('x').unwrap();
                let parse = |n: &str| n.parse::<u16>().unwrap().try_into().unwrap();
                terminal.screen_mut().set_size(parse(h), parse(w));
                sizes.push(data.to_string());
            }
            other => panic!("unknown event {other}"),
        }
    }
    (terminal, sizes)
}

#[test]
fn a_recording_across_a_resize_replays_at_each_size() {
    let (dir, file) = lesson_folder("record-resize");
    let mut s = Session::start(&[file.to_str().unwrap()], 100, 30);
    s.wait_for("step 0/1000");
    s.send("M");
    s.wait_for("● rec");
    s.resize(120, 40);
    s.wait_for("step 0/1000");
    s.send(RIGHT);
    s.wait_for("step 1/1000");
    let live = s.contents();
    s.send("M");
    s.wait_for("recorded");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
    let cast = std::fs::read_to_string(dir.join("lesson-1.cast")).unwrap();
    let (terminal, sizes) = replay(&cast);
    assert_eq!(sizes, ["100x30", "120x40"], "a resize event at the new size");
    // The replay at the new size shows the screen the user saw, row by row
    // (the last frame before M stopped it).
    let replayed = terminal.screen().contents();
    let rows = |text: &str| text.lines().map(str::trim_end).map(String::from).collect::<Vec<_>>();
    assert_eq!(rows(&replayed)[..38], rows(&live)[..38], "{replayed}");
    assert!(rows(&replayed)[39].contains("step 1/1000"), "{replayed}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_recording_is_finished_and_kept_on_sigterm() {
    let (dir, file) = lesson_folder("record-signal");
    let mut s = Session::start(&[file.to_str().unwrap()], 100, 30);
    s.wait_for("step 0/1000");
    s.send("M");
    s.wait_for("● rec");
    s.send(RIGHT);
    s.wait_for("step 1/1000");
    let pid = s.child.process_id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = s.child.wait().unwrap();
    assert_eq!(status.exit_code(), 128 + 15, "{status:?}");
    let path = dir.join("lesson-1.cast");
    std::thread::sleep(Duration::from_millis(100));
    assert!(!s.screen.lock().unwrap().screen().alternate_screen(), "the terminal is restored");
    s.wait_for(&format!("to {}", path.display()));
    let (terminal, _) = replay(&std::fs::read_to_string(&path).unwrap());
    assert!(terminal.screen().contents().contains("step 1/1000"), "{}", terminal.screen().contents());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs as the unprivileged user `nobody`, for whom a folder can be read-only.
const AS_NOBODY: &[&str] = &["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

#[test]
fn a_recording_in_a_read_only_folder_goes_to_the_temporary_folder_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = lesson_folder("record-read-only");
    let temporary = dir.join("temporary");
    std::fs::create_dir_all(&temporary).unwrap();
    std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let tmp = temporary.to_str().unwrap();
    // Wide, for the status bar to show the whole path.
    let mut s = Session::start_as(AS_NOBODY, &[file.to_str().unwrap()], &[("TMPDIR", tmp)], 250, 30);
    s.wait_for("step 0/1000");
    s.send("M");
    let path = temporary.join("lesson-1.cast");
    s.wait_for(&format!("recording to {} instead: {} cannot be written", path.display(), dir.display()));
    s.send(RIGHT);
    s.wait_for("step 1/1000");
    s.send("q");
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    s.wait_for(&format!("to {}", path.display()));
    let (terminal, _) = replay(&std::fs::read_to_string(&path).unwrap());
    assert!(terminal.screen().contents().contains("step 1/1000"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "nothing but the lesson and the temporary folder");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_recording_that_cannot_be_saved_anywhere_says_so_and_fails() {
    // Files may grow to 512 bytes (a full disk, everywhere): the header fits,
    // the first frame does not. SIGXFSZ is ignored, so writes fail instead.
    let (dir, file) = lesson_folder("record-full");
    let small = ["sh", "-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\""];
    let tmp = dir.to_str().unwrap();
    let mut s = Session::start_as(&small, &[file.to_str().unwrap()], &[("TMPDIR", tmp)], 100, 30);
    s.wait_for("step 0/1000");
    s.send("M");
    s.wait_for("the recording cannot be written now");
    s.send(RIGHT);
    s.wait_for("step 1/1000");
    s.send("q");
    let status = s.child.wait().unwrap();
    assert!(!status.success(), "{status:?}");
    s.wait_for("the recording could not be finished");
    s.wait_for("holds what was written before the error");
    let partial = std::fs::read_to_string(dir.join("lesson-1.cast")).unwrap();
    assert!(partial.starts_with("{\"env\""), "the header is there: {partial}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_picture_is_saved_whole_or_not_at_all() {
    // Files may grow to 100 kB: the screen's PNG (about 50 kB) fits, its
    // SVG (about 220 kB) does not.
    let (dir, file) = lesson_folder("picture-full");
    let small = ["sh", "-c", "trap '' XFSZ; ulimit -f 200; exec \"$0\" \"$@\""];
    let mut s = Session::start_as(&small, &[file.to_str().unwrap()], &[], 100, 30);
    s.wait_for("step 0/1000");
    s.send("P");
    s.wait_for("cannot write the picture to");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["lesson.json"], "no PNG left without its SVG");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn presenter_flag_opens_in_presenter_mode_and_f_leaves_it() {
    let mut s = Session::start(&["--presenter"], 100, 30);
    s.wait_for("step 0/1500");
    assert!(!s.contents().contains("? help"), "no key hints:\n{}", s.contents());
    s.send("F");
    s.wait_for("? help");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

/// A key is answered this soon, in the debug build a test runs, on a busy
/// machine (the release build's figures are measured by `cargo bench
/// --bench answer`, and the README gives them): before runs were computed
/// beside the view, a scenario at the work budget kept it from answering
/// anything for minutes.
const ANSWER: Duration = Duration::from_millis(500);

#[test]
fn keys_are_answered_at_once_while_runs_at_the_work_budget_are_computed() {
    // Three runs of a million steps over 666 points: 2e9 gradient
    // evaluations, the most a scenario may ask for.
    let heavy = "tests/fixtures/valid/heavy_budget.json";
    for (quit, name) in [("q", "q"), ("\x03", "Ctrl-C")] {
        let mut s = Session::start(&[heavy], 120, 40);
        let opened = Instant::now();
        s.wait_for("step 0/1000000");
        let first = opened.elapsed();
        s.wait_for("computing");
        let tuned = s.answer_time("]", "GD: lr=0.002");
        let stepped = s.answer_time(RIGHT, "step 1/1000000");
        assert!(s.contents().contains("computing"), "the runs are still being computed:\n{}", s.contents());
        let gone = s.exit_time(quit);
        eprintln!(
            "first screen {:.0} ms, ] answered in {:.1} ms, → in {:.1} ms, {name} ended it in {:.1} ms",
            first.as_secs_f64() * 1e3,
            tuned.as_secs_f64() * 1e3,
            stepped.as_secs_f64() * 1e3,
            gone.as_secs_f64() * 1e3
        );
        // Opening parses and validates the file first, in a debug build.
        assert!(first < 4 * ANSWER, "the first screen took {first:?}");
        for (what, took) in [("]", tuned), ("→", stepped), (name, gone)] {
            assert!(took < ANSWER, "{what} took {took:?}");
        }
    }
}

/// A figure of the process's memory, in kB, from /proc/PID/status (VmRSS
/// now, VmHWM the most it has held).
fn memory_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn an_export_is_written_beside_the_view_as_it_is_serialised() {
    // 300,000 steps: about 50 MB of JSON, which an export gathered in
    // memory before writing would add to the process's peak.
    let dir = std::env::temp_dir().join(format!("losscape-pty-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("long.json");
    std::fs::write(
        &file,
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 300000,
            "optimizers": [{"type": "gd", "lr": 0.0001, "label": "GD"}]}"#,
    )
    .unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 120, 40);
    s.wait_for("step 0/300000");
    s.wait_until_gone("computing");
    let pid = s.child.process_id().unwrap();
    let peak_before = memory_kb(pid, "VmHWM");
    let asked = s.answer_time("X", "⇣ export");
    // The view answers while the file is written.
    let stepped = s.answer_time(RIGHT, "step 1/300000");
    let exporting = s.contents().contains("⇣ export");
    s.wait_for_within("wrote trajectories to", Duration::from_secs(120));
    let grown = memory_kb(pid, "VmHWM").saturating_sub(peak_before);
    eprintln!(
        "X answered in {:.1} ms, → in {:.1} ms (still exporting: {exporting}); peak memory grew {grown} kB",
        asked.as_secs_f64() * 1e3,
        stepped.as_secs_f64() * 1e3
    );
    assert!(asked < ANSWER && stepped < ANSWER, "X took {asked:?}, → {stepped:?}");
    assert!(grown < 16_000, "the export added {grown} kB to the process's peak");
    let written = std::fs::read_to_string(dir.join("long-trajectories-1.json")).unwrap();
    assert_eq!(written.matches("{\"step\":").count(), 300_001, "every step, start included");
    assert!(written.ends_with("]}]}\n"), "the whole report");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_signal_during_an_export_leaves_no_file_behind() {
    let dir = std::env::temp_dir().join(format!("losscape-pty-export-signal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("long.json");
    std::fs::write(
        &file,
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 300000,
            "optimizers": [{"type": "gd", "lr": 0.0001, "label": "GD"}]}"#,
    )
    .unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 120, 40);
    s.wait_for("step 0/300000");
    s.wait_until_gone("computing");
    s.send("X");
    s.wait_for("⇣ export");
    // The export is being written to its temporary file (about 50 MB of
    // JSON, seconds of work in a debug build), which its thread creates
    // as it starts.
    let started = Instant::now();
    let written = loop {
        let written = files_in(&dir);
        if written.iter().any(|name| name.ends_with(".tmp")) || started.elapsed() > Duration::from_secs(10) {
            break written;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(written.len() == 2 && written.iter().any(|name| name.ends_with(".tmp")), "{written:?}");
    let pid = s.child.process_id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert_eq!(s.child.wait().unwrap().exit_code(), 128 + 15);
    assert_eq!(files_in(&dir), ["long.json"], "nothing half-written is left");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_picture_is_encoded_and_written_beside_the_view() {
    // Encoding the screen as PNG and SVG takes tens of milliseconds in a
    // release build, much more in this one, and writing waits for the disk.
    let dir = std::env::temp_dir().join(format!("losscape-pty-picture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("heavy.json");
    std::fs::copy("tests/fixtures/valid/heavy_budget.json", &file).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 120, 40);
    s.wait_for("step 0/1000000");
    let asked = s.answer_time("P", "writing the screen to");
    let stepped = s.answer_time(RIGHT, "step 1/1000000");
    s.wait_for_within("wrote the screen to", Duration::from_secs(60));
    eprintln!("P answered in {:.1} ms, → in {:.1} ms", asked.as_secs_f64() * 1e3, stepped.as_secs_f64() * 1e3);
    assert!(asked < ANSWER && stepped < ANSWER, "P took {asked:?}, → {stepped:?}");
    // P again, and q at once: the picture is finished before the program ends.
    s.send("P");
    s.wait_for("writing the screen to");
    s.send("q");
    assert!(s.child.wait().unwrap().success());
    let names = files_in(&dir);
    assert_eq!(
        names,
        ["heavy-screen-1.png", "heavy-screen-1.svg", "heavy-screen-2.png", "heavy-screen-2.svg", "heavy.json"],
        "both pictures, whole"
    );
    let png = std::fs::read(dir.join("heavy-screen-2.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.ends_with(b"IEND\xaeB`\x82"), "a whole PNG");
    std::fs::remove_dir_all(&dir).unwrap();
}
