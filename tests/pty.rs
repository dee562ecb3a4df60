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
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_losscape"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("COLORTERM", "truecolor");
        cmd.env_remove("NO_COLOR");
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
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never appeared; the screen shows:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
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
    s.wait_for("f(x) = x² + 5x + 6");
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
    s.wait_for("optimizers[1].lr: must be a positive number, got -0.1");
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
    s.wait_for("optimizers[0].lr: must be a positive number, got -1");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(150));
    s.send("q");
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn a_click_moves_only_the_selected_start() {
    let mut s = Session::start(&["several-minima"], 120, 40);
    s.wait_for("step 0/500");
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
