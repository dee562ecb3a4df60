//! The command line: subcommands and their flags.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use rayon::prelude::*;

mod completion;
mod interactive;
mod manual;
mod maps;
mod numbers;
mod record;

use crate::core::analysis;
use crate::core::budget;
use crate::core::scenario::{MAX_STEPS, Scenario};
use crate::lessons;
use crate::report::{self, BasinFormat, RunFormat, SweepFormat};
use crate::sanitize::{self, Guard, Mode};
use crate::tui::theme::{Background, ColorChoice, ColorMode};
use crate::tui::{self};

/// Watch optimizers move over loss landscapes.
#[derive(Debug, Parser)]
#[command(name = "losscape", version = version(), about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A scenario file, a lesson's name, or a folder of scenario files (a
    /// course, opened in name order: n and p move through it) to open in
    /// the interactive view (default: the tour).
    file: Option<PathBuf>,
    /// Playback speed in steps a second, 1 to 200, in place of the
    /// scenario's (default: the configuration file's where a scenario gives
    /// none, else 10).
    #[arg(long, value_parser = numbers::speed)]
    speed: Option<f64>,
    /// The terminal's background, for the interactive view's colours
    /// (default: what COLORFGBG says, else dark).
    #[arg(long, value_enum)]
    theme: Option<Background>,
    /// How many colours the interactive view draws with (default:
    /// LOSSCAPE_COLOR, else what the terminal shows; NO_COLOR means none).
    #[arg(long, value_enum)]
    color: Option<ColorChoice>,
    /// Open in presenter mode (`F`): the plot takes the screen, paths and
    /// marks drawn large, no key hints, the latest event in a band of its own.
    #[arg(long)]
    presenter: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario without a terminal and print the results.
    Run {
        /// The scenario file, or a lesson's name.
        file: PathBuf,
        /// Take this many steps instead of the scenario's `steps`.
        #[arg(long, value_parser = numbers::whole::<u64>(1, MAX_STEPS))]
        steps: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RunFormat::Table)]
        format: RunFormat,
    },
    /// Validate scenario files.
    Check {
        /// The files to check; a folder's scenario files are checked in
        /// name order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List every function and optimizer with its defaults.
    List,
    /// List the built-in lessons, or the scenarios of a folder (a course).
    Lessons {
        /// A folder of scenario files.
        folder: Option<PathBuf>,
    },
    /// Map where each start ends: the basins of attraction of the minima.
    Basins {
        /// The scenario file, or a lesson's name (a 2-D landscape).
        file: PathBuf,
        /// The optimizer's label (default: the first).
        #[arg(long)]
        optimizer: Option<String>,
        /// The grid of starts, WIDTHxHEIGHT, over the domain.
        #[arg(long, default_value = "60x30", value_parser = parse_size, allow_hyphen_values = true)]
        size: (u16, u16),
        /// Output format.
        #[arg(long, value_enum, default_value_t = BasinFormat::Text)]
        format: BasinFormat,
    },
    /// Final loss against learning rate for one optimizer.
    Sweep {
        /// The scenario file, or a lesson's name.
        file: PathBuf,
        /// The optimizer's label (default: the first).
        #[arg(long)]
        optimizer: Option<String>,
        #[command(flatten)]
        rates: maps::LrRange,
        /// How many learning rates, spaced evenly in log scale.
        #[arg(long, default_value_t = 50, value_parser = numbers::whole::<u16>(1, u64::from(u16::MAX)))]
        points: u16,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SweepFormat::Table)]
        format: SweepFormat,
    },
    /// Map every (learning rate, momentum) pair of one optimizer: how far it
    /// gets in the scenario's steps.
    Ratemap {
        /// The scenario file, or a lesson's name.
        file: PathBuf,
        /// The optimizer's label (default: the first).
        #[arg(long)]
        optimizer: Option<String>,
        #[command(flatten)]
        rates: maps::LrRange,
        /// The smallest momentum (default 0).
        #[arg(long, value_parser = numbers::fraction)]
        momentum_min: Option<f64>,
        /// The largest momentum (default 0.99).
        #[arg(long, value_parser = numbers::fraction)]
        momentum_max: Option<f64>,
        /// Learning rates × momenta, WIDTHxHEIGHT.
        #[arg(long, default_value = "60x30", value_parser = parse_size, allow_hyphen_values = true)]
        size: (u16, u16),
        /// Output format.
        #[arg(long, value_enum, default_value_t = report::RateMapFormat::Text)]
        format: report::RateMapFormat,
    },
    /// Print the screen the interactive view shows at a step, as plain text.
    Render {
        /// The scenario file, or a lesson's name (default: the tour).
        file: Option<PathBuf>,
        /// The step to show (default: the step the view opens on).
        #[arg(long, value_parser = numbers::whole::<usize>(0, u64::MAX))]
        step: Option<usize>,
        /// The screen size, WIDTHxHEIGHT.
        #[arg(long, default_value = "120x40", value_parser = parse_size, allow_hyphen_values = true)]
        size: (u16, u16),
        #[command(flatten)]
        view: record::ViewArgs,
    },
    /// Record the view playing a scenario (.cast, .gif), or one step as a
    /// picture (.svg, .png), without a terminal.
    Record(record::RecordArgs),
    /// Print the JSON Schema of scenario files, for editors (completion,
    /// hover help, checks as you type).
    Schema,
    /// Print the script that completes losscape's commands, flags, files
    /// and lesson names in a shell (see the README for where it goes).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: completion::Shell,
    },
    /// Print the manual page losscape(1), or write it and a page for each
    /// subcommand into a folder.
    Man {
        /// Write losscape.1, losscape-run.1, … into this folder (which must
        /// exist), replacing pages of those names.
        #[arg(long, value_name = "FOLDER")]
        out: Option<PathBuf>,
    },
    /// Print the settings the interactive view opens with and where each
    /// comes from: a flag, a variable, the configuration file, or built in.
    Config,
}

/// What `--version` says: the version, and the torch version the
/// optimizers were checked against.
fn version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (optimizers checked against torch {})",
            env!("CARGO_PKG_VERSION"),
            crate::core::optim::TORCH_VERSION
        )
    })
}

/// The scenario files' JSON Schema, as `losscape schema` prints it.
fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&crate::core::scenario::json_schema()).expect("JSON always serialises");
    text.push('\n');
    text
}

fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let (w, h) = text.split_once(['x', 'X']).ok_or("expected WIDTHxHEIGHT, such as 120x40")?;
    let parse = |s: &str| s.trim().parse::<u16>().ok().filter(|v| (1..=1000).contains(v));
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err("width and height must be whole numbers from 1 to 1000".into()),
    }
}

/// The command line as it is parsed, completed and documented: the
/// derive's, with negative numbers taken where a range says so, and the
/// lessons' names completed wherever a scenario is named.
pub fn command() -> clap::Command {
    completion::with_completers(numbers::negative_values_allowed(Cli::command()))
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    completion::answer_if_asked(command);
    let parsed = command().try_get_matches().and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    match cli.command {
        Some(Command::Run { file, steps, format }) => run(&file, steps, format),
        Some(Command::Check { files }) => check(&files),
        Some(Command::List) => print(&report::list_text()),
        Some(Command::Lessons { folder: None }) => print(&report::lessons_text()),
        Some(Command::Lessons { folder: Some(folder) }) => match crate::course::list_scenarios(&folder) {
            Ok(listing) if !listing.files.is_empty() => print(&crate::course::listing_text(&folder, &listing)),
            Ok(_) => {
                complain(&format!("error: {}: no scenario files (*.json) in this folder", folder.display()));
                ExitCode::FAILURE
            }
            Err(e) => {
                complain(&format!("error: {e}"));
                ExitCode::FAILURE
            }
        },
        Some(Command::Config) => interactive::show_config(),
        Some(Command::Basins { file, optimizer, size, format }) => basins(&file, optimizer.as_deref(), size, format),
        Some(Command::Sweep { file, optimizer, rates, points, format }) => {
            sweep(&file, optimizer.as_deref(), &rates, usize::from(points), format)
        }
        Some(Command::Ratemap { file, optimizer, rates, momentum_min, momentum_max, size, format }) => {
            let args = maps::RateMapArgs { rates, momentum: (momentum_min, momentum_max), size, format };
            maps::ratemap(&file, optimizer.as_deref(), &args)
        }
        Some(Command::Render { file, step, size, view }) => {
            let colors = match view.colors(ColorMode::Mono) {
                Ok(colors) => colors,
                Err(code) => return code,
            };
            let scenario = match scenario_or_default(file.as_deref()) {
                Ok(scenario) => scenario,
                Err(code) => return code,
            };
            let name = file.as_deref().map_or_else(|| "the tour".into(), |f| f.display().to_string());
            let step = step.unwrap_or(scenario.view.open_step);
            let (select, camera) = (view.selected(), view.camera());
            let drawn = if colors == ColorMode::Mono {
                tui::render_text(scenario, step, select, &view.show, size, ColorMode::Mono, camera, progress())
                    .map(|text| print(&text))
            } else {
                tui::render_view(scenario, step, select, &view.show, size, colors, camera, progress())
                    .map(|buffer| print_raw(&crate::picture::ansi::ansi(&buffer)))
            };
            drawn.unwrap_or_else(|refusal| {
                complain(&format!("error: {name}: {refusal}"));
                ExitCode::FAILURE
            })
        }
        Some(Command::Record(args)) => record::record(args),
        Some(Command::Schema) => print(&schema_text()),
        Some(Command::Completions { shell }) => match completion::script(shell, &completion::program_name()) {
            Ok(script) => print_raw(&String::from_utf8_lossy(&script)),
            Err(e) => finish_output(Err(e)),
        },
        Some(Command::Man { out: None }) => print_raw(&String::from_utf8_lossy(&manual::main_page(command()))),
        Some(Command::Man { out: Some(folder) }) => match manual::write_pages(command(), &folder) {
            Ok(written) => {
                for path in written {
                    complain(&format!("wrote {}", path.display()));
                }
                ExitCode::SUCCESS
            }
            Err(message) => {
                complain(&format!("error: {message}"));
                ExitCode::FAILURE
            }
        },
        None => interactive::interactive(&cli),
    }
}

/// The help, the version or a usage error, as the parser words them: help
/// and version on standard output, an error on standard error. Output that
/// cannot be written is said, and the exit is not 0.
fn usage(e: &clap::Error) -> ExitCode {
    let written = e.print().and_then(|()| if e.use_stderr() { io::stderr().flush() } else { io::stdout().flush() });
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            complain(&format!("losscape: cannot write the output: {}", crate::core::source::plain(err)));
            ExitCode::FAILURE
        }
        _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
    }
}

fn scenario_or_default(file: Option<&Path>) -> Result<Scenario, ExitCode> {
    match file {
        Some(file) => load(file).and_then(|scenario| drawable(scenario, file)),
        None => Ok(tui::default_scenario()),
    }
}

/// The scenario, if the view can draw it: a function of one or two
/// parameters, or a network (the plane of its first two weights);
/// otherwise the one message that says so.
fn drawable(scenario: Scenario, file: &Path) -> Result<Scenario, ExitCode> {
    let n = scenario.landscape.dim();
    if n <= 2 || matches!(scenario.landscape.kind(), crate::core::landscape::Kind::Mlp(_)) {
        return Ok(scenario);
    }
    complain(&format!(
        "error: {}: the function has {n} parameters, and the view draws functions of one or two \
         (`losscape run` runs it without the view)",
        file.display()
    ));
    Err(ExitCode::FAILURE)
}

/// Prints to stdout, ending quietly when the reader has gone (`| head`).
fn print(text: &str) -> ExitCode {
    let mut out = stdout(Mode::Text);
    finish_output(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Prints text whose every character from a file was made safe already,
/// with the colour codes it holds, ending quietly when the reader has gone.
fn print_raw(text: &str) -> ExitCode {
    let mut out = io::BufWriter::new(io::stdout().lock());
    finish_output(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Standard output, buffered, with the one rule for text from files applied
/// to everything written (`sanitize`).
fn stdout(mode: Mode) -> Guard<io::BufWriter<io::StdoutLock<'static>>> {
    Guard::new(io::BufWriter::new(io::stdout().lock()), mode)
}

/// Progress of long work, reported on standard error.
pub(crate) fn progress() -> budget::Report {
    Some(std::sync::Arc::new(complain))
}

/// Passes `estimate` through the budget's gate, or says why not (naming
/// the file) and gives the exit code.
pub(crate) fn admit(file: &Path, estimate: budget::Estimate) -> Result<budget::Progress, ExitCode> {
    budget::admit(estimate, progress()).map_err(|message| {
        complain(&format!("error: {}: {message}", file.display()));
        ExitCode::FAILURE
    })
}

/// A message on standard error, one line, with the rule for text from files
/// applied: a newline in a quoted file name or value is shown, not obeyed.
fn complain(message: &str) {
    let _ = writeln!(io::stderr(), "{}", sanitize::visible(message));
}

fn finish_output(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            complain(&format!("losscape: cannot write the output: {}", crate::core::source::plain(e)));
            ExitCode::FAILURE
        }
    }
}

/// A scenario file or, when no such file exists, the lesson of that name.
fn load(file: &Path) -> Result<Scenario, ExitCode> {
    let lesson = (!file.exists()).then(|| file.to_str().and_then(lessons::find)).flatten();
    let result = match lesson {
        Some(lesson) => lesson.scenario(),
        None => Scenario::load(file),
    };
    result.map_err(|e| {
        for line in e.lines() {
            complain(&format!("error: {line}"));
        }
        if !file.exists() {
            complain("(`losscape lessons` lists the lessons that can be opened by name)");
        }
        ExitCode::FAILURE
    })
}

fn run(file: &Path, steps: Option<u64>, format: RunFormat) -> ExitCode {
    let mut scenario = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(steps) = steps {
        scenario.steps = steps as usize;
        scenario.optimizers.iter_mut().for_each(|o| o.spec.max_steps = steps as usize);
    }
    // No history is kept: each run is streamed as it is computed (JSON
    // computes each twice, its ending first).
    let passes = if format == RunFormat::Json { 2.0 } else { 1.0 };
    let work: f64 = scenario
        .optimizers
        .iter()
        .map(|o| passes * budget::run_work(&scenario.landscape, &o.spec, scenario.steps))
        .sum();
    let estimate = budget::Estimate {
        what: format!("this run of {} steps", scenario.steps),
        cost: budget::Cost::Runs { work, records: 0 },
        parts: (scenario.optimizers.len(), "runs"),
    };
    let progress = match admit(file, estimate) {
        Ok(progress) => progress,
        Err(code) => return code,
    };
    let mut out = stdout(if format == RunFormat::Json { Mode::Json } else { Mode::Text });
    let done = || progress.part_done();
    finish_output(report::write_streamed(&mut out, &scenario, format, &done).and_then(|()| out.flush()))
}

/// The files `check` reads: each file named, and each folder's scenario
/// files in name order; a folder with none, or that cannot be listed, is a
/// problem of its own.
fn files_to_check(named: &[PathBuf]) -> Vec<Result<PathBuf, String>> {
    let mut files = Vec::new();
    for path in named {
        if !path.is_dir() {
            files.push(Ok(path.clone()));
            continue;
        }
        match crate::course::list_scenarios(path) {
            Ok(listing) if listing.files.is_empty() => files.push(Err(format!(
                "{}: no scenario files (*.json) in this folder",
                sanitize::visible(&path.display().to_string())
            ))),
            Ok(listing) => {
                files.extend(listing.files.into_iter().map(Ok));
                if listing.more {
                    files.push(Err(format!(
                        "{}: more than {} scenario files; the first were checked",
                        sanitize::visible(&path.display().to_string()),
                        crate::course::MAX_COURSE_FILES
                    )));
                }
            }
            Err(e) => files.push(Err(e)),
        }
    }
    files
}

fn check(named: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    let mut out = stdout(Mode::Text);
    for file in files_to_check(named) {
        let file = match file {
            Ok(file) => file,
            Err(problem) => {
                failed = true;
                if let Err(e) = writeln!(out, "error: {problem}") {
                    return finish_output(Err(e));
                }
                continue;
            }
        };
        let file = &file;
        // A file's name is quoted on one line, whatever it holds.
        let lines = match Scenario::load(file) {
            Ok(_) => vec![format!("ok: {}", sanitize::visible(&file.display().to_string()))],
            Err(e) => {
                failed = true;
                e.lines().into_iter().map(|line| format!("error: {line}")).collect()
            }
        };
        for line in lines {
            if let Err(e) = writeln!(out, "{line}") {
                return finish_output(Err(e));
            }
        }
    }
    match (finish_output(out.flush()), failed) {
        (_, true) => ExitCode::FAILURE,
        (code, false) => code,
    }
}

/// A scenario and the index of the optimizer with that label (or the
/// first); an unknown label is an error that lists the labels.
fn load_with_optimizer(file: &Path, label: Option<&str>) -> Result<(Scenario, usize), ExitCode> {
    let scenario = load(file)?;
    let index = match label {
        None => 0,
        Some(label) => scenario.optimizers.iter().position(|o| o.label == label).ok_or_else(|| {
            let labels: Vec<&str> = scenario.optimizers.iter().map(|o| o.label.as_str()).collect();
            complain(&format!("error: no optimizer is labelled `{label}`; the labels are: {}", labels.join(", ")));
            ExitCode::FAILURE
        })?,
    };
    Ok((scenario, index))
}

fn basins(file: &Path, label: Option<&str>, (width, height): (u16, u16), format: BasinFormat) -> ExitCode {
    let (scenario, index) = match load_with_optimizer(file, label) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let entry = &scenario.optimizers[index];
    if scenario.landscape.dim() != 2 {
        let which = if scenario.landscape.dim() == 1 {
            "this one is 1-D".to_string()
        } else {
            format!("this one has {} parameters", scenario.landscape.dim())
        };
        complain(&format!("error: {}: basins are mapped for 2-D landscapes; {which}", file.display()));
        return ExitCode::FAILURE;
    }
    let (w, h) = (usize::from(width), usize::from(height));
    let work = (w * h) as f64 * budget::run_work(&scenario.landscape, &entry.spec, scenario.steps);
    let estimate = budget::Estimate {
        what: format!("this basin map of {w}×{h} starts"),
        cost: budget::Cost::Runs { work, records: 0 },
        parts: (h, "rows"),
    };
    let progress = match admit(file, estimate) {
        Ok(progress) => progress,
        Err(code) => return code,
    };
    let never = std::sync::atomic::AtomicBool::new(false);
    let domain = scenario.landscape.domain();
    let rows: Vec<Vec<analysis::BasinPoint>> = (0..h)
        .into_par_iter()
        .map(|j| {
            let row = analysis::basin_row(&scenario.landscape, &entry.spec, domain, (w, h), j, &never);
            progress.part_done();
            row.expect("never cancelled")
        })
        .collect();
    let points: Vec<analysis::BasinPoint> = rows.into_iter().flatten().collect();
    let mut out = stdout(if format == BasinFormat::Json { Mode::Json } else { Mode::Text });
    finish_output(report::write_basins(&mut out, &scenario.landscape, &points, w, format).and_then(|()| out.flush()))
}

fn sweep(file: &Path, label: Option<&str>, rates: &maps::LrRange, n: usize, format: SweepFormat) -> ExitCode {
    let (scenario, index) = match load_with_optimizer(file, label) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let entry = &scenario.optimizers[index];
    let (lo, hi) = match rates.around(entry.spec.optimizer.lr) {
        Ok(range) => range,
        Err(code) => return code,
    };
    let work = n as f64 * budget::run_work(&scenario.landscape, &entry.spec, scenario.steps);
    let estimate = budget::Estimate {
        what: format!("this sweep of {n} learning rates"),
        cost: budget::Cost::Runs { work, records: 0 },
        parts: (n, "runs"),
    };
    let progress = match admit(file, estimate) {
        Ok(progress) => progress,
        Err(code) => return code,
    };
    let never = std::sync::atomic::AtomicBool::new(false);
    let points: Vec<analysis::SweepPoint> = analysis::log_spaced(lo, hi, n)
        .into_par_iter()
        .map(|lr| {
            let point = analysis::sweep_point(&scenario.landscape, &entry.spec, lr, &never);
            progress.part_done();
            point.expect("never cancelled")
        })
        .collect();
    let mut out = stdout(if format == SweepFormat::Json { Mode::Json } else { Mode::Text });
    finish_output(report::write_sweep(&mut out, &entry.label, &points, format).and_then(|()| out.flush()))
}
