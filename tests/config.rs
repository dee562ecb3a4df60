//! The lab-wide configuration file: found in the platform's places or named
//! by LOSSCAPE_CONFIG, shown by `losscape config` with where each setting
//! came from, beaten by flags, and when wrong, one message that names the
//! file, the line and the key.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// A fresh home with no configuration anywhere, and the environment that
/// points losscape at it alone.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let dir = std::env::temp_dir().join(format!("losscape-config-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("home")).unwrap();
        fs::create_dir_all(dir.join("system")).unwrap();
        Home { dir }
    }

    fn user_file(&self) -> PathBuf {
        self.dir.join("home/.config/losscape/config.toml")
    }

    fn system_file(&self) -> PathBuf {
        self.dir.join("system/losscape/config.toml")
    }

    fn write(&self, path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("HOME", self.dir.join("home").display().to_string()),
            ("XDG_CONFIG_DIRS", self.dir.join("system").display().to_string()),
        ]
    }

    fn losscape(&self) -> Command {
        let mut cmd = Command::cargo_bin("losscape").unwrap();
        for name in ["XDG_CONFIG_HOME", "LOSSCAPE_CONFIG", "LOSSCAPE_COLOR", "NO_COLOR", "COLORFGBG"] {
            cmd.env_remove(name);
        }
        cmd.envs(self.env());
        cmd
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `losscape config` row of one key: its value and source.
fn row(report: &str, key: &str) -> String {
    let line = report.lines().find(|l| l.starts_with(&format!("{key} "))).unwrap_or_else(|| panic!("{report}"));
    line[key.len()..].split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn without_a_file_the_built_in_defaults_are_in_force_and_the_places_are_named() {
    let home = Home::new("none");
    let out = home.losscape().arg("config").output().unwrap();
    assert!(out.status.success());
    let report = text(&out.stdout);
    let looked = format!("none (looked for {}, then {})", home.user_file().display(), home.system_file().display());
    assert_eq!(row(&report, "file"), looked);
    assert_eq!(row(&report, "theme"), "dark built in");
    assert!(row(&report, "color").starts_with("auto detected"), "{report}");
    assert!(row(&report, "speed").starts_with("10 built in"), "{report}");
    assert_eq!(row(&report, "presenter"), "off built in");
}

#[test]
fn the_users_file_and_each_settings_line_are_shown() {
    let home = Home::new("user");
    home.write(&home.user_file(), "# room 204\ntheme = \"light\"\ncolor = \"16\"\nspeed = 20\n");
    home.write(&home.system_file(), "theme = \"dark\"\n");
    let report = text(&home.losscape().arg("config").output().unwrap().stdout);
    assert_eq!(row(&report, "file"), format!("{} (the user's)", home.user_file().display()));
    assert_eq!(row(&report, "theme"), "light from the file, line 2");
    assert_eq!(row(&report, "color"), "16 from the file, line 3");
    assert!(row(&report, "speed").starts_with("20 from the file, line 4;"), "{report}");
    // XDG_CONFIG_HOME moves the user's file.
    let elsewhere = home.dir.join("xdg");
    home.write(&elsewhere.join("losscape/config.toml"), "speed = 5\n");
    let report = text(&home.losscape().env("XDG_CONFIG_HOME", &elsewhere).arg("config").output().unwrap().stdout);
    assert!(row(&report, "speed").starts_with("5 from the file, line 1"), "{report}");
}

#[test]
fn the_systems_file_serves_when_the_user_has_none_and_the_variable_wins_over_both() {
    let home = Home::new("system");
    home.write(&home.system_file(), "theme = \"light\"\n");
    let report = text(&home.losscape().arg("config").output().unwrap().stdout);
    assert_eq!(row(&report, "file"), format!("{} (the system's)", home.system_file().display()));
    assert_eq!(row(&report, "theme"), "light from the file, line 1");
    let lab = home.dir.join("lab.toml");
    home.write(&lab, "\npresenter = true\n");
    let report = text(&home.losscape().env("LOSSCAPE_CONFIG", &lab).arg("config").output().unwrap().stdout);
    assert_eq!(row(&report, "file"), format!("{} (named by LOSSCAPE_CONFIG)", lab.display()));
    assert_eq!(row(&report, "presenter"), "on from the file, line 2");
    assert_eq!(row(&report, "theme"), "dark built in");
}

#[test]
fn colour_variables_win_over_the_file_and_say_so() {
    let home = Home::new("variables");
    home.write(&home.user_file(), "color = \"16\"\n");
    let report = text(&home.losscape().env("LOSSCAPE_COLOR", "256").arg("config").output().unwrap().stdout);
    assert_eq!(row(&report, "color"), "256 from the variable LOSSCAPE_COLOR (over the file's 16, line 1)");
    let report = text(&home.losscape().env("NO_COLOR", "1").arg("config").output().unwrap().stdout);
    assert_eq!(row(&report, "color"), "none from the variable NO_COLOR (over the file's 16, line 1)");
}

#[test]
fn a_bad_file_is_one_message_naming_the_file_the_line_and_the_key() {
    let home = Home::new("bad");
    let file = home.user_file();
    let cases = [
        ("theme = \"light\"\ncolour = \"256\"\n", "line 2: unknown key `colour`; did you mean `color`?"),
        ("speed = 500\n", "line 1: speed: must be a number of steps a second from 1 to 200, not 500"),
        ("theme = light\n", "line 1, column 9: not valid TOML: string values must be quoted"),
        ("presenter = \"yes\"\n", "line 1: presenter: must be true or false, not \"yes\""),
    ];
    for (contents, problem) in cases {
        home.write(&file, contents);
        for args in [&["config"][..], &[][..], &["momentum"][..]] {
            let out = home.losscape().args(args).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?} {contents:?}");
            let said = text(&out.stderr);
            assert!(said.starts_with(&format!("error: {}: {problem}", file.display())), "{said}");
            assert_eq!(said.lines().count(), 1, "one message: {said}");
            assert!(out.stdout.is_empty());
        }
        // What does not open the view does not read the file.
        home.losscape().args(["check", "scenarios/00-tour.json"]).assert().success();
    }
    // A file the variable names must be there.
    let out = home.losscape().env("LOSSCAPE_CONFIG", home.dir.join("nowhere.toml")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert_eq!(
        said,
        format!("error: LOSSCAPE_CONFIG names {}: there is no such file\n", home.dir.join("nowhere.toml").display())
    );
    // A folder where the file should be.
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    let said = text(&home.losscape().arg("config").output().unwrap().stderr);
    assert_eq!(said, format!("error: {}: cannot read it: a folder; only regular files are read\n", file.display()));
}

#[test]
fn every_setting_is_also_a_flag_in_the_help() {
    let home = Home::new("help");
    let help = text(&home.losscape().arg("--help").output().unwrap().stdout);
    for flag in ["--theme <THEME>", "--color <COLOR>", "--speed <SPEED>"] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    assert!(help.lines().any(|l| l.trim_start().starts_with("config ")), "{help}");
    let out = home.losscape().args(["--speed", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("must be a number of steps a second from 1 to 200"));
}

/// The view in a pseudo-terminal, its screen parsed.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(home: &Home, args: &[&str], env: &[(&str, &str)]) -> Session {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair =
            native_pty_system().openpty(PtySize { rows: 30, cols: 110, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_losscape"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        for name in ["XDG_CONFIG_HOME", "LOSSCAPE_CONFIG", "LOSSCAPE_COLOR", "NO_COLOR", "COLORFGBG"] {
            cmd.env_remove(name);
        }
        for (name, value) in home.env() {
            cmd.env(name, value);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(30u16.try_into().unwrap(), 110u16.try_into().unwrap(), 0)));
        let parser = Arc::clone(&screen);
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
        Session { screen, writer, child }
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

    fn quit(mut self) {
        self.writer.write_all(b"q").unwrap();
        self.writer.flush().unwrap();
        let status = self.child.wait().unwrap();
        assert!(status.success());
    }
}

#[test]
fn the_view_opens_with_the_files_speed_and_a_flag_wins() {
    let home = Home::new("view");
    home.write(&home.user_file(), "speed = 2\n");
    // The learning-rate lesson gives no speed of its own: the file's.
    let s = Session::start(&home, &["learning-rate"], &[]);
    s.wait_for("2 steps/s");
    s.quit();
    let s = Session::start(&home, &["--speed", "50", "learning-rate"], &[]);
    s.wait_for("50 steps/s");
    s.quit();
    // The tour plays at its own 50: the file's default gives way to it,
    // a flag does not.
    let s = Session::start(&home, &["tour"], &[]);
    s.wait_for("50 steps/s");
    s.quit();
    let s = Session::start(&home, &["--speed", "5", "tour"], &[]);
    s.wait_for("5 steps/s");
    s.quit();
}

#[test]
fn a_course_opens_from_its_folder_with_the_files_settings() {
    let home = Home::new("course");
    home.write(&home.user_file(), "speed = 20\n");
    let course = home.dir.join("course");
    fs::create_dir_all(&course).unwrap();
    let lessons = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    fs::copy(lessons.join("01-learning-rate.json"), course.join("b.json")).unwrap();
    fs::write(course.join("a.json"), "{\"name\": \"broken\"}").unwrap();
    let folder = course.display().to_string();
    let mut s = Session::start(&home, &[&folder], &[]);
    s.wait_for("b.json, 2 of 2 in the course: the first does not load");
    // A step clears the message from the status bar, which then shows the speed.
    s.writer.write_all(b"\x1b[C").unwrap();
    s.writer.flush().unwrap();
    s.wait_for("step 1/60");
    s.wait_for("20 steps/s");
    s.writer.write_all(b"n").unwrap();
    s.writer.flush().unwrap();
    s.wait_for("1 of 2 in the course: ");
    s.quit();
}
