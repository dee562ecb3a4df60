//! What the state reads and writes beside the runs: background maps for
//! the plot shown, the scenario file (reloads, the picker), saved copies and
//! exports.

use std::path::{Path, PathBuf};

use crate::core::ratemap::with_rate_and_momentum;
use crate::core::run::RunSpec;
use crate::core::scenario::{Scenario, ViewSettings};
use crate::picture::cast::{self, CastFile};
use crate::tui::files::{self, Written};
use crate::tui::jobs::basins::{BasinMap, Basins};
use crate::tui::jobs::picture::{Picture, Saved};
use crate::tui::jobs::ratemap::{RateGrid, RateMap};
use crate::tui::jobs::sweep::{Sweep, SweepCurve};
use crate::tui::viewport::PlotGeometry;

use super::{App, Overlay, Panel};

/// What the state asks of the event loop, which holds the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Save the screen as PNG and SVG.
    Picture,
    /// Start or stop recording the screen.
    Recording,
}

impl App {
    /// Makes `n` and `p` move through a course, from its scenario at `at`
    /// (the one shown, the first that loads: those before it do not).
    pub fn set_course(&mut self, course: crate::course::Course, at: usize) {
        if let Ok(listing) = course.list()
            && let Some(file) = listing.files.get(at)
        {
            let place =
                format!("{}, {} of {} in the course", crate::course::file_name(file), at + 1, listing.files.len());
            self.say(match at {
                0 => format!("{place} (n next, p previous)"),
                1 => format!("{place}: the first does not load (losscape check tells why)"),
                _ => format!("{place}: the {at} before it do not load (losscape check tells why)"),
            });
        }
        self.course = Some((course, at));
    }

    /// Opens the scenario `n` places after (or before) the one shown, in
    /// the course's order or, without a course, that of `losscape lessons`,
    /// wrapping around.
    pub(super) fn open_lesson(&mut self, n: i32) {
        if self.course.is_some() {
            return self.open_in_course(n);
        }
        let lessons = crate::lessons::LESSONS;
        let file_name = self.scenario.path.as_deref().and_then(Path::file_name);
        let current =
            lessons.iter().position(|l| l.stem() == self.scenario.stem || file_name.is_some_and(|f| f == l.file));
        let count = lessons.len() as i64;
        let next = match current {
            Some(i) => (i as i64 + i64::from(n)).rem_euclid(count) as usize,
            None => 0,
        };
        match lessons[next].scenario() {
            Ok(scenario) => {
                self.open(scenario);
                self.say(format!("lesson {} (n next, p previous)", lessons[next].stem()));
            }
            Err(e) => self.say(e.to_string()),
        }
    }

    /// Opens the course's file `n` places from the last one opened (or
    /// tried: a file that does not load is said, and the next `n` goes
    /// past it).
    fn open_in_course(&mut self, n: i32) {
        let Some((course, at)) = self.course.clone() else { return };
        let files = match course.list() {
            Ok(listing) if !listing.files.is_empty() => listing.files,
            Ok(_) => return self.say(format!("{}: no scenario files left in the folder", course.folder().display())),
            Err(e) => return self.say(e),
        };
        let current = at.min(files.len() - 1);
        let next = (current as i64 + i64::from(n)).rem_euclid(files.len() as i64) as usize;
        self.course = Some((course, next));
        let name = crate::course::file_name(&files[next]);
        let place = format!("{} of {}", next + 1, files.len());
        match crate::core::scenario::Scenario::load(&files[next]) {
            Ok(scenario) => {
                self.open(scenario);
                self.say(format!("{name}, {place} in the course (n next, p previous)"));
            }
            Err(e) => self.say(format!("{place} in the course: {e} (n, p go past it)")),
        }
    }

    /// The basin map of the selected optimizer, when shown.
    pub fn basin_map(&self) -> Option<&BasinMap> {
        self.basins.as_ref().filter(|_| self.panel == Panel::Basins).map(Basins::map)
    }

    /// The learning-rate sweep of the selected optimizer, when shown.
    pub fn sweep(&self) -> Option<&SweepCurve> {
        self.sweep.as_ref().filter(|_| self.panel == Panel::Sweep).map(Sweep::curve)
    }

    /// Opens or closes the rate map, for optimizers with a momentum to map.
    pub(super) fn toggle_rate_map(&mut self) {
        match crate::core::ratemap::momentum_name(&self.runs[self.selected].spec().optimizer) {
            Some(_) => self.toggle_panel(Panel::RateMap),
            None => self.say(format!(
                "{} has no momentum to map (the rate map is for SGD, RMSprop, the Adam family and Lion)",
                self.label_of(self.selected)
            )),
        }
    }

    /// The panel a scenario's `open` asks for, where it can show.
    pub(super) fn panel_for(&self, open: Panel) -> Panel {
        let maps_momentum = crate::core::ratemap::momentum_name(&self.runs[self.selected].spec().optimizer).is_some();
        match open {
            Panel::Basins if self.scenario.landscape.dim() != 2 => Panel::Chart,
            Panel::RateMap if !maps_momentum => Panel::Chart,
            Panel::Chart | Panel::Explain | Panel::Sweep | Panel::Basins | Panel::RateMap => open,
        }
    }

    /// The rate map of the selected optimizer, when shown.
    pub fn rate_grid(&self) -> Option<&RateGrid> {
        self.ratemap.as_ref().filter(|_| self.panel == Panel::RateMap).map(RateMap::grid)
    }

    /// Whether background work is under way (the loop then wakes often).
    pub fn working(&self) -> bool {
        if self.computing_runs() || self.export.is_some() || self.picture.is_some() || self.plane_working() {
            return true;
        }
        match self.panel {
            Panel::Basins => self.basins.as_ref().is_some_and(Basins::working),
            Panel::Sweep => self.sweep.as_ref().is_some_and(Sweep::working),
            Panel::RateMap => self.ratemap.as_ref().is_some_and(RateMap::working),
            Panel::Chart | Panel::Explain => false,
        }
    }

    /// Reads back the runs being computed and an export or a picture being
    /// written, then starts, restarts or reads back the background work of
    /// what is shown, for the selected optimizer's plot as the frame about
    /// to be drawn lays it out; true if there is something new to draw.
    pub fn update_background(&mut self, selected_plot: Option<PlotGeometry>) -> bool {
        let runs = self.take_runs();
        let export = self.take_export();
        let picture = self.take_picture();
        runs | export | picture | self.update_maps(selected_plot) | self.update_plane(selected_plot)
    }

    /// Waits for every run, map and export under way (headless: `render`
    /// and `record` draw once, after it), for the selected optimizer's
    /// plot as the frame to be drawn lays it out.
    pub fn settle(&mut self, selected_plot: Option<PlotGeometry>) {
        self.finish_runs();
        self.update_background(selected_plot);
        while self.working() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.update_background(selected_plot);
        }
    }

    fn update_maps(&mut self, selected_plot: Option<PlotGeometry>) -> bool {
        // Work for a view that is closed stops: dropping a job cancels it.
        if self.panel != Panel::Basins {
            self.basins = None;
        }
        if self.panel != Panel::Sweep {
            self.sweep = None;
        }
        if self.panel != Panel::RateMap {
            self.ratemap = None;
        }
        let landscape = &self.scenario.landscape;
        let spec = self.runs[self.selected].spec();
        let report = &self.report;
        let changed = match self.panel {
            Panel::Basins => match selected_plot.filter(|_| landscape.dim() == 2) {
                Some(plot) => {
                    Basins::update(&mut self.basins, landscape, self.landscape_generation, spec, plot, report)
                }
                None => false,
            },
            Panel::Sweep => {
                let base_lr = self.scenario.optimizers[self.selected].spec.optimizer.lr;
                Sweep::update(&mut self.sweep, landscape, self.landscape_generation, spec, base_lr, report)
            }
            Panel::RateMap => {
                // The run as it is, at the scenario's rate and no momentum:
                // tuning the rate or the momentum moves the cross, not the map.
                let lr = self.scenario.optimizers[self.selected].spec.optimizer.lr;
                let base = RunSpec { optimizer: with_rate_and_momentum(&spec.optimizer, lr, 0.0), ..spec.clone() };
                RateMap::update(&mut self.ratemap, landscape, self.landscape_generation, &base, report)
            }
            Panel::Chart | Panel::Explain => false,
        };
        // Work the budget refuses is not started: the view goes back to the
        // chart and says why, and a headless caller can tell.
        let refusal = match self.panel {
            Panel::Basins => self.basins.as_ref().and_then(Basins::refusal),
            Panel::Sweep => self.sweep.as_ref().and_then(Sweep::refusal),
            Panel::RateMap => self.ratemap.as_ref().and_then(RateMap::refusal),
            Panel::Chart | Panel::Explain => None,
        };
        if let Some(refusal) = refusal.map(str::to_string) {
            self.panel = Panel::Chart;
            self.say(refusal.clone());
            self.refusal = Some(refusal);
            return true;
        }
        changed
    }

    /// Sends background work's progress to `report` (standard error, for
    /// `render` and `record`).
    pub fn report_progress(&mut self, report: crate::core::budget::Report) {
        self.report = report;
    }

    /// Why the budget last refused background work, if it did.
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    /// Reloads the scenario if its file changed on disk; true if anything
    /// on screen changed.
    pub fn check_file(&mut self) -> bool {
        if self.source().is_none() {
            return false;
        }
        let now = files::stamps(&self.scenario);
        // A file missing for a moment (an editor saving by rename) is not an edit.
        if now.first().is_some_and(Option::is_some) && now != self.file_stamp {
            self.reload();
            return true;
        }
        false
    }

    /// Reads the scenario file again, as one change that `u` takes back;
    /// what `r` returns to is then the file as read now. An invalid file
    /// keeps the scenario shown and reports the error. A built-in lesson
    /// has no file: it is shown as built in, every change undone.
    pub fn reload(&mut self) {
        let Some(path) = self.source().map(Path::to_path_buf) else {
            let stem = self.scenario.stem.clone();
            let reset = self.reset_to_loaded();
            self.say(if reset {
                format!("lesson {stem} as built in: every change undone (u takes this back; w saves a copy to edit)")
            } else {
                format!("lesson {stem} is as built in: no change to undo (w saves a copy to edit as a file)")
            });
            return;
        };
        // The stamps are taken before reading: an edit saved while this one
        // is parsed changes them, and is loaded at the next check.
        let before = files::stamps(&self.scenario);
        match Scenario::load(&path) {
            Ok(scenario) => {
                let same_sources = files::sources(&scenario) == files::sources(&self.scenario);
                let was = self.tuned();
                self.replace_scenario(scenario);
                self.loaded = self.tuned();
                self.changed(was, format!("the reload of {}", path.display()));
                self.file_stamp = if same_sources { before } else { files::stamps(&self.scenario) };
                self.say(format!("reloaded {} (u takes it back)", path.display()));
            }
            Err(e) => {
                self.file_stamp = before;
                self.say(format!("{e} (still showing the previous version)"));
            }
        }
    }

    pub(super) fn choose_picked(&mut self) {
        let Some(entry) = self.picker.entries.get(self.picker.selected).cloned() else { return };
        match entry.source.load() {
            Ok(scenario) => {
                self.open(scenario);
                self.overlay = Overlay::None;
                self.say(format!("opened {}", entry.origin));
                // A course's file picked is where `n` and `p` go on from.
                if let (Some((course, at)), files::PickerSource::File(path)) = (&mut self.course, &entry.source)
                    && let Some(i) = course.list().ok().and_then(|l| l.files.iter().position(|f| f == path))
                {
                    *at = i;
                }
            }
            Err(e) => self.say(e.to_string()),
        }
    }

    /// The view settings as they now are, to save with the scenario.
    pub(super) fn view_settings(&self) -> ViewSettings {
        ViewSettings {
            select: self.selected,
            follow: self.follow,
            equal_aspect: self.equal_aspect,
            arrows: self.arrows,
            speed: self.scenario.view.speed.map(|_| self.speed()),
            chart: self.chart,
            chart_by_evals: self.chart_by_evals,
            surface: self.surface(),
            levels: self.scenario.view.levels,
            open_step: self.scenario.view.open_step,
            open: self.panel,
        }
    }

    /// Writes the scenario as tuned (hyperparameters, starts, layout, view) to a new file.
    pub fn save(&mut self) -> Option<PathBuf> {
        let specs: Vec<RunSpec> = self.runs.iter().map(|r| r.spec().clone()).collect();
        let written = files::save_tuned(&self.tuned_scenario(), &specs, self.layout, self.view_settings());
        self.report("scenario", written)
    }

    /// Writes every run's trajectory to a new file, in the shape of
    /// `losscape run`, as it is serialised: headless, before this returns
    /// (with where it went); in the live view beside it (with its progress
    /// in the status bar, and where it went said when it is done).
    pub fn export(&mut self, json: bool) -> Option<PathBuf> {
        self.exported = None;
        if let Some(share) = self.exporting() {
            self.say(format!("an export is being written ({:.0}%): x again once it is done", share * 100.0));
            return None;
        }
        self.start_export(json);
        self.exported.take()
    }

    /// What the event loop is asked to do, once.
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// Whether the screen is being recorded (the status bar says so).
    pub fn recording(&self) -> bool {
        self.recording
    }

    /// Starts recording the screen, `size` cells, to a new file beside the
    /// scenario, or, where that folder cannot be written, in the temporary
    /// folder, saying where; `None` (and why) where neither can be written.
    pub fn open_recording(&mut self, (width, height): (u16, u16)) -> Option<CastFile> {
        let folder = files::output_folder(&self.scenario);
        let title = format!("losscape — {}", self.scenario.name);
        let stem = &self.scenario.stem;
        let cast = match CastFile::create(&folder, stem, width, height, &title) {
            Ok(cast) => {
                self.say(format!("recording the screen to {}; M stops", cast.path().display()));
                cast
            }
            Err(e) => {
                let elsewhere = cast::fallback_folder();
                match CastFile::create(&elsewhere, stem, width, height, &title) {
                    Ok(cast) => {
                        self.say(format!(
                            "recording to {} instead: {} cannot be written ({e}); M stops",
                            cast.path().display(),
                            folder.display()
                        ));
                        cast
                    }
                    Err(e2) => {
                        self.say(format!(
                            "cannot record: cannot write in {} ({e}) nor in {} ({e2})",
                            folder.display(),
                            elsewhere.display()
                        ));
                        return None;
                    }
                }
            }
        };
        self.recording = true;
        Some(cast)
    }

    /// Says that the recording's file cannot be written at the moment (and
    /// that it is kept until it can be).
    pub fn recording_trouble(&mut self, trouble: &std::io::Error) {
        self.say(format!("the recording cannot be written now ({trouble}); it is kept until it can be"));
    }

    /// Ends a recording `seconds` long and says where it is; the same words
    /// come back, as an error where it could not be saved.
    pub fn close_recording(&mut self, cast: CastFile, seconds: f64) -> Result<String, String> {
        self.recording = false;
        let result = finish_recording(cast, seconds);
        match &result {
            Ok(note) | Err(note) => self.say(note.clone()),
        }
        result
    }

    /// Saves a picture of the screen the event loop drew when asked for
    /// one ([`Request::Picture`]), as PNG and SVG beside the scenario under
    /// fresh names, both or neither: encoded and written beside the view
    /// (headless, before this returns).
    pub fn save_picture(&mut self, screen: ratatui::buffer::Buffer) {
        if self.picture.is_some() {
            self.say("the last picture is still being written");
            return;
        }
        let stem = format!("{}-screen", self.scenario.stem);
        let folder = files::output_folder(&self.scenario);
        let picture = Picture::start(screen, self.theme.terminal_colors(), folder.clone(), stem);
        if self.background {
            self.picture = Some(picture);
            self.say(format!("writing the screen to {}", folder.display()));
        } else {
            let saved = picture.wait();
            self.picture_saved(saved);
        }
    }

    /// Takes in a picture that has been written; true if there is something new to say.
    fn take_picture(&mut self) -> bool {
        match self.picture.take_if(|p| p.is_finished()) {
            Some(picture) => {
                let saved = picture.wait();
                self.picture_saved(saved);
                true
            }
            None => false,
        }
    }

    fn picture_saved(&mut self, saved: Saved) {
        match saved {
            Ok((png, svg)) => self.say(format!("wrote the screen to {} and {}", png.display(), svg.display())),
            Err(e) => self.say(e),
        }
    }

    /// Waits for a picture being written (the view is closing: it is
    /// finished first, as it was asked for); where it went, or why not.
    pub fn finish_picture(&mut self) -> Option<Saved> {
        self.picture.take().map(Picture::wait)
    }

    pub(super) fn report(&mut self, what: &str, written: Written) -> Option<PathBuf> {
        match written {
            Ok(path) => {
                self.say(format!("wrote {what} to {}", path.display()));
                Some(path)
            }
            Err(e) => {
                self.say(e);
                None
            }
        }
    }
}

/// Ends a recording `seconds` long: where it was saved, or why it could not be.
pub fn finish_recording(cast: CastFile, seconds: f64) -> std::result::Result<String, String> {
    cast.finish(&cast::fallback_folder()).map(|saved| match saved.instead_of {
        None => format!("recorded {seconds:.1} s to {}", saved.path.display()),
        Some((first, why)) => format!(
            "recorded {seconds:.1} s to {} ({} could not be finished: {why})",
            saved.path.display(),
            first.display()
        ),
    })
}
