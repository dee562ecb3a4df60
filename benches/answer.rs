//! How soon the live view answers a key in a scenario at the work budget
//! (tests/fixtures/valid/heavy_budget.json: three runs of a million steps
//! over 666 points, 2e9 gradient evaluations), while its runs are computed
//! beside it and once they have ended: the real binary in a
//! pseudo-terminal, timed from the key written to the screen showing its
//! answer (or the program gone, for `q`).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const HEAVY: &str = "tests/fixtures/valid/heavy_budget.json";

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    /// The view of the heavy scenario, its runs being computed.
    fn heavy() -> Session {
        let (cols, rows) = (120, 40);
        let pair = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_losscape"));
        cmd.arg(HEAVY);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("COLORTERM", "truecolor");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0)));
        let parser = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
        let mut s = Session { screen, writer, child, _master: pair.master };
        s.until(|text| text.contains("computing"));
        s
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits, looking every 0.2 ms, until the screen's text passes `seen`.
    fn until(&mut self, seen: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !seen(&self.screen.lock().unwrap().screen().contents()) {
            assert!(Instant::now() < deadline, "no answer");
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// The time from `keys` to the screen showing `text`.
    fn answer(&mut self, keys: &str, text: &str) -> Duration {
        let sent = Instant::now();
        self.send(keys);
        self.until(|screen| screen.contains(text));
        sent.elapsed()
    }
}

fn answers(c: &mut Criterion) {
    let mut group = c.benchmark_group("answer_under_load");
    // Each sample of `q` starts the program anew (about a second of
    // opening it, which is not timed): one quit a sample, ten samples.
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_millis(1));
    group.bench_function("q_to_exit", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let mut s = Session::heavy();
                let sent = Instant::now();
                s.send("q");
                while s.child.try_wait().unwrap().is_none() {
                    std::thread::sleep(Duration::from_micros(200));
                }
                total += sent.elapsed();
            }
            total
        })
    });
    // Keys in one session: a few hundred of each.
    group.sample_size(20).warm_up_time(Duration::from_millis(200)).measurement_time(Duration::from_secs(3));
    let mut s = Session::heavy();
    let mut up = true;
    group.bench_function("lr_key_to_status_bar", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                // GD's lr goes 0.001 → 0.002 and back, each a recomputed run.
                let (key, said) = if up { ("]", "GD: lr=0.002") } else { ("[", "GD: lr=0.001") };
                total += s.answer(key, said);
                up = !up;
            }
            total
        })
    });
    let mut step = 0;
    group.bench_function("step_key_to_status_bar", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                step += 1;
                total += s.answer("\x1b[C", &format!("step {step}/1000000"));
            }
            total
        })
    });
    // The runs ended: at the last step every path is drawn whole, three
    // million steps of them.
    s.until(|text| !text.contains("computing"));
    s.answer("\x1b[F", "step 1000000/1000000");
    let mut back = true;
    group.bench_function("step_key_at_the_end", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let (key, said) =
                    if back { ("\x1b[D", "step 999999/1000000") } else { ("\x1b[C", "step 1000000/1000000") };
                total += s.answer(key, said);
                back = !back;
            }
            total
        })
    });
    // Another quantity on the chart, scaled to the whole of every run.
    let titles = ["┌ learning rate", "┌ |∇f|", "┌ distance to nearest minimum", "┌ loss − f*"];
    let mut next = 0;
    group.bench_function("chart_key_at_the_end", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                total += s.answer("c", titles[next]);
                next = (next + 1) % titles.len();
            }
            total
        })
    });
    s.send("q");
    let _ = s.child.wait();
    group.finish();
}

criterion_group!(benches, answers);
criterion_main!(benches);
