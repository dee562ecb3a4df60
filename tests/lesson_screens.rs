//! Every lesson's point, checked on the screen a class sees: rendered at
//! 80×24 and 120×40, at its first and last step, in 24-bit colour, and
//! read back cell by cell (which colour, which glyph, where).

use losscape::core::distance;
use losscape::core::scenario::{Panel, Rgb};
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::App;
use losscape::tui::theme::{ColorMode, palette};
use losscape::tui::view::{SEVERAL_HEADS, SHARED_HEAD, Screen, ScreenLayout, layout};
use losscape::tui::{buffer_text, render_settled, render_with};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A lesson's screen at one size and step.
struct Shot<'a> {
    app: &'a App,
    buffer: Buffer,
    screen: ScreenLayout,
    text: String,
}

/// A lesson as it opens, with old steps drawn at full colour (fading is a
/// matter of shade; these tests look at which cells each path takes).
fn open(name: &str) -> App {
    let mut app = App::new(lessons::find(name).unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::ToggleFade);
    app
}

fn shot(app: &App, (width, height): (u16, u16)) -> Shot<'_> {
    let buffer = render_with(app, &mut Screen::new(), width, height);
    let text = buffer_text(&buffer);
    Shot { app, screen: layout(app, buffer.area), buffer, text }
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(rgb.0, rgb.1, rgb.2)
}

impl Shot<'_> {
    fn cells(&self) -> impl Iterator<Item = (u16, u16)> + '_ {
        let area = self.buffer.area;
        (0..area.height).flat_map(move |y| (0..area.width).map(move |x| (x, y)))
    }

    fn in_plot(&self, at: (u16, u16)) -> bool {
        self.screen.point_at(at).is_some()
    }

    /// The rightmost column of the plots.
    fn plot_right(&self) -> u16 {
        self.cells().filter(|&c| self.in_plot(c)).map(|c| c.0).max().unwrap()
    }

    /// The row of the panel's top border.
    fn panel_top(&self) -> u16 {
        self.text.lines().position(|l| l.starts_with(" optimizers")).unwrap() as u16
    }

    /// Cells of the plot drawn in optimizer i's colour.
    fn plot_cells_of(&self, i: usize) -> usize {
        let c = color(self.app.color_of(i));
        self.cells().filter(|&at| self.in_plot(at) && self.buffer[at].fg == c).count()
    }

    /// Cells of the side column (right of the plot, above the panel) in optimizer i's colour.
    fn side_cells_of(&self, i: usize) -> usize {
        let c = color(self.app.color_of(i));
        let (right, top) = (self.plot_right() + 2, self.panel_top());
        self.cells().filter(|&(x, y)| x > right && y < top && self.buffer[(x, y)].fg == c).count()
    }

    /// Where optimizer i is marked in the plot: its head ●, its number, or
    /// an arrow at the edge, in its colour.
    fn marks_of(&self, i: usize) -> Vec<(u16, u16)> {
        let c = color(self.app.color_of(i));
        let number = char::from_digit(i as u32 + 1, 36).unwrap().to_string();
        self.cells()
            .filter(|&at| self.in_plot(at))
            .filter(|&at| {
                let cell = &self.buffer[at];
                let s = cell.symbol();
                cell.fg == c && (s == "●" || s == "⊗" || s == number || "→↗↑↖←↙↓↘".contains(s))
            })
            .collect()
    }

    /// Where optimizer i's head is drawn, if in view: a ● in its colour, a
    /// cell it shares with another head, split between their colours, or
    /// a cell of three heads or more, in the marks' colour, with i's
    /// number among those written together beside it.
    fn head_of(&self, i: usize) -> Option<(u16, u16)> {
        let c = color(self.app.color_of(i));
        let own = self.cells().find(|&at| {
            let cell = &self.buffer[at];
            let split = cell.symbol() == SHARED_HEAD.to_string() || cell.symbol() == "⊗";
            let shared = split && (cell.fg == c || cell.bg == c);
            self.in_plot(at) && (shared || (cell.symbol() == "●" && cell.fg == c))
        });
        own.or_else(|| self.several_heads().into_iter().find(|&at| self.numbers_beside(at).contains(&i)))
    }

    /// The cells of three heads or more: ● (⊗ on a minimum) in the marks' colour.
    fn several_heads(&self) -> Vec<(u16, u16)> {
        let mark = self.app.theme().mark(true).fg.unwrap();
        self.cells()
            .filter(|&at| self.in_plot(at))
            .filter(|&at| {
                let cell = &self.buffer[at];
                [SEVERAL_HEADS.to_string(), "⊗".to_string()].contains(&cell.symbol().to_string()) && cell.fg == mark
            })
            .collect()
    }

    /// The runs whose numbers, each in its run's colour, stand in one row
    /// touching a cell: right or left of it, or above or below it.
    fn numbers_beside(&self, (x, y): (u16, u16)) -> Vec<usize> {
        let number_at = |at: (u16, u16)| {
            let cell = &self.buffer[at];
            let i = cell.symbol().chars().next().and_then(|c| c.to_digit(36)).filter(|&d| d >= 1)? as usize - 1;
            (i < self.app.runs().len() && cell.fg == color(self.app.color_of(i))).then_some(i)
        };
        let run_from = |mut at: (u16, u16), dx: i32| {
            let mut found = Vec::new();
            while let Some(i) = number_at(at) {
                found.push(i);
                let next = i32::from(at.0) + dx;
                if next < 0 || next >= i32::from(self.buffer.area.width) {
                    break;
                }
                at.0 = next as u16;
            }
            found
        };
        let mut all = run_from((x + 1, y), 1);
        all.extend(run_from((x.saturating_sub(1), y), -1));
        for row in [y.saturating_sub(1), y + 1] {
            all.extend(run_from((x, row), 1));
            all.extend(run_from((x, row), -1));
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Whether a text is drawn in the danger colour on some row.
    fn red(&self, text: &str) -> bool {
        self.text.lines().enumerate().filter(|(_, l)| l.contains(text)).any(|(y, line)| {
            let x = line[..line.find(text).unwrap()].chars().count();
            text.chars().enumerate().all(|(k, ch)| {
                let cell = &self.buffer[((x + k) as u16, y as u16)];
                ch == ' ' || (cell.symbol() == ch.to_string() && cell.fg == Color::Rgb(0xff, 0x55, 0x55))
            })
        })
    }
}

/// Every optimizer shown at every size, first and last step: the heads are
/// all marked (none hides another), the status bar keeps its help hint,
/// and nothing on screen is cut mid-number.
fn every_optimizer_is_marked(name: &str) {
    let mut app = open(name);
    // A lesson that opens on the rate map shows its paths once it is closed.
    if app.panel() == losscape::tui::app::Panel::RateMap {
        app.apply(Action::ToggleRateMap);
    }
    for step in [Action::FirstStep, Action::LastStep] {
        app.apply(step);
        for size in SIZES {
            let s = shot(&app, size);
            for i in 0..app.runs().len() {
                assert!(
                    !s.marks_of(i).is_empty(),
                    "{name} {size:?} {step:?}: optimizer {} unmarked\n{}",
                    i + 1,
                    s.text
                );
            }
            assert!(s.text.contains("? help"), "{name} {size:?}: the help hint");
        }
    }
}

#[test]
fn every_lesson_marks_every_optimizer_at_both_sizes() {
    for lesson in lessons::LESSONS {
        every_optimizer_is_marked(lesson.stem());
    }
}

#[test]
fn lesson_00_the_tour_shows_six_heads_at_the_start_and_its_winners_at_the_end() {
    let mut app = open("tour");
    for size in SIZES {
        let s = shot(&app, size);
        // All six start at one point: one head and five numbers around it.
        let marks: Vec<_> = (0..6).map(|i| s.marks_of(i)).collect();
        assert!(marks.iter().all(|m| !m.is_empty()));
    }
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        for label in ["Newton", "Adam", "Momentum", "Nesterov"] {
            let panel = s.text.lines().skip(usize::from(s.panel_top()));
            let row = panel.clone().find(|l| l.contains(&format!(" {label} "))).unwrap();
            assert!(row.contains("converged"), "{size:?}: {row}");
        }
    }
}

#[test]
fn lesson_01_with_follow_the_diverging_run_is_followed_then_marked_where_it_leaves() {
    // The lesson opens without follow; `f` turns it on.
    let mut app = open("learning-rate");
    assert!(!app.follows());
    app.apply(Action::ToggleFollow);
    // The view grows to follow it for its first twenty steps...
    app.apply(Action::Step(20));
    for size in SIZES {
        let s = shot(&app, size);
        assert!(s.head_of(3).is_some(), "{size:?}: lr 1.05's head is inside the plot at step 20\n{}", s.text);
    }
    // ...and once it has flown further than the view grows, it is marked
    // at the edge it left by.
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        assert!(s.head_of(3).is_none() && !s.marks_of(3).is_empty(), "{size:?}: an arrow for lr 1.05\n{}", s.text);
        assert!(s.red("diverging"), "{size:?}: marked diverging in red\n{}", s.text);
        // Its chords cross the plot: far more of its cells than a path of points.
        assert!(s.plot_cells_of(3) > 40, "{size:?}: {} cells", s.plot_cells_of(3));
    }
    // At the first step all four start together and all four are countable.
    app.apply(Action::FirstStep);
    let s = shot(&app, (80, 24));
    assert!((0..4).all(|i| !s.marks_of(i).is_empty()));
}

#[test]
fn lesson_01_at_its_end_the_three_rates_that_converge_are_apart_and_the_fourth_has_left() {
    // Without follow the view stays on the parabola: lr 0.01 still 3.7 away,
    // lr 0.1 and 0.95 at the minimum, 0.95's bounces drawn across the valley,
    // and lr 1.05 gone off the top, marked by an arrow and said diverging.
    let mut app = open("learning-rate");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let heads: Vec<_> = (0..3).map(|i| s.head_of(i)).collect();
        let [Some(slow), Some(_), Some(_)] = heads[..] else { panic!("{size:?}: heads {heads:?}\n{}", s.text) };
        let at = s.screen.point_at(slow).unwrap();
        assert!((at[0] + 2.5) > 3.0, "{size:?}: lr 0.01's head at x = {}", at[0]);
        let minimum = s.head_of(1).unwrap();
        assert!(minimum.0 + 4 <= slow.0, "{size:?}: apart from lr 0.1\n{}", s.text);
        assert!(s.head_of(3).is_none() && !s.marks_of(3).is_empty(), "{size:?}: an arrow for lr 1.05\n{}", s.text);
        assert!(s.red("diverging"), "{size:?}\n{}", s.text);
        assert!(s.plot_cells_of(2) > 30, "{size:?}: lr 0.95's bounces ({} cells)", s.plot_cells_of(2));
    }
}

#[test]
fn lesson_02_shows_the_data_and_every_fitted_line() {
    let mut app = open("batch-size");
    for step in [Action::FirstStep, Action::LastStep] {
        app.apply(step);
        for size in SIZES {
            let s = shot(&app, size);
            assert!(s.text.contains("data: y = w·x + b"), "{size:?}\n{}", s.text);
            // At the start the three lines are one (one start); by the end each is seen.
            let lines: Vec<usize> = if step == Action::FirstStep { vec![0] } else { vec![0, 1, 2] };
            for i in lines {
                assert!(s.side_cells_of(i) > 5, "{size:?} {step:?}: optimizer {}'s line\n{}", i + 1, s.text);
            }
            // The axes name the parameters, and the start is on screen.
            assert!(s.text.lines().any(|l| l.trim_start().starts_with("w ")), "{size:?}: the w axis");
            // The start, once the runs have left it.
            if step == Action::LastStep {
                assert!(s.cells().any(|at| s.in_plot(at) && s.buffer[at].symbol() == "◆"), "{size:?}: the start");
            }
        }
    }
}

#[test]
fn lesson_03_the_momentum_path_is_not_hidden_under_the_zigzag() {
    let mut app = open("ill-conditioning");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let (gd, momentum) = (s.plot_cells_of(0), s.plot_cells_of(1));
        assert!(momentum >= 15, "{size:?}: {momentum} momentum cells, {gd} of GD's\n{}", s.text);
        assert!(gd >= 15, "{size:?}: GD's zig-zag shows too ({gd})");
    }
    // Arrows at the selected optimizer, with their legend, from the start.
    app.apply(Action::Step(-90));
    let s = shot(&app, (120, 40));
    assert!(s.text.contains("−lr·∇f") && s.text.contains("step"), "{}", s.text);
}

#[test]
fn lesson_03_the_breakdown_shows_float_noise_as_0() {
    // f = x² + 25y²: the Hessian is diag(2, 50), its eigenvectors the axes.
    // Computed, one component comes out as cos(π/2) = 6.1e-17.
    let mut app = open("ill-conditioning");
    app.apply(Action::ToggleExplain);
    for size in SIZES {
        let s = shot(&app, size);
        assert!(!s.text.contains("e-17"), "{size:?}\n{}", s.text);
        if size.1 >= 40 {
            assert!(s.text.contains("direction of λ₁ = (-1, 0)"), "{size:?}\n{}", s.text);
            assert!(s.text.contains("direction of λ₂ = (0, 1)"), "{size:?}\n{}", s.text);
        }
    }
}

#[test]
fn lesson_07_momentum_ends_in_the_deeper_well_and_gd_in_the_other() {
    let mut app = open("local-minimum");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let gd = s.marks_of(0).iter().map(|c| c.0).min().unwrap();
        let momentum = s.marks_of(1).iter().map(|c| c.0).max().unwrap();
        assert!(momentum < gd, "{size:?}: momentum left of GD");
    }
}

#[test]
fn lesson_09_charts_each_loss_faint_under_its_bold_mean_and_c_shows_the_rates() {
    use losscape::tui::theme::mix;
    let mut app = open("schedules");
    app.apply(Action::LastStep);
    let faint = |i: usize| color(mix(app.color_of(i), app.theme().curve_background(), 0.72));
    for size in SIZES {
        let s = shot(&app, size);
        assert!(
            s.text.contains("loss (log), bold: mean of 20")
                || (size.0 < 100 && s.text.contains("loss (log), mean of 20")),
            "{size:?}: the chart names its mean\n{}",
            s.text
        );
        let (right, top) = (s.plot_right() + 2, s.panel_top());
        let side = |c: Color| -> Vec<(u16, u16)> {
            s.cells().filter(|&(x, y)| x > right && y < top && s.buffer[(x, y)].fg == c).collect()
        };
        for i in 0..4 {
            // At 80×24 the three schedules' means share a few rows and the
            // selected one is drawn over the others: each shows, if only in part.
            let least = if size.0 >= 120 || i == 0 || i == app.selected() { 5 } else { 0 };
            assert!(
                s.side_cells_of(i) > least,
                "{size:?}: schedule {}'s mean in the chart ({})",
                i + 1,
                s.side_cells_of(i)
            );
            assert!(side(faint(i)).len() > 5, "{size:?}: schedule {}'s raw loss, faint", i + 1);
        }
        // At the right edge the constant rate's mean is above every schedule's.
        let end_row = |i: usize| {
            let cells = side(color(app.color_of(i)));
            let last = cells.iter().map(|c| c.0).max().unwrap();
            cells.iter().filter(|c| c.0 + 1 >= last).map(|c| c.1).min().unwrap()
        };
        for i in 1..4 {
            assert!(end_row(0) < end_row(i), "{size:?}: constant ends at row {} vs {}", end_row(0), end_row(i));
        }
    }
    // "c switches it to the rates": one press.
    app.apply(Action::CycleChart);
    for size in SIZES {
        let s = shot(&app, size);
        assert!(s.text.contains("learning rate") || s.text.contains(" lr "), "{size:?}\n{}", s.text);
        assert!(!s.text.contains("mean of"), "{size:?}: noise does not touch a rate");
        for i in 0..4 {
            assert!(s.side_cells_of(i) > 3, "{size:?}: schedule {} in the chart ({})", i + 1, s.side_cells_of(i));
        }
    }
}

#[test]
fn lesson_10_marks_the_divergence_and_keeps_the_clipped_run_readable() {
    let mut app = open("exploding-gradients");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        assert!(s.red("diverged"), "{size:?}\n{}", s.text);
        assert!(s.text.contains("diverged at step 3") || s.text.contains("diverged 3"), "{size:?}");
        assert!(s.text.contains("clipped"), "{size:?}: the limit does not apply to the clipped run");
        assert!(s.head_of(1).is_some(), "{size:?}: the clipped run's head");
        assert!(s.side_cells_of(1) > 10, "{size:?}: its loss curve is readable");
    }
}

#[test]
fn lesson_13_the_chart_keeps_adam_and_gd_apart_despite_the_overflow() {
    let mut app = open("adam-rosenbrock");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        // Named at the top in its own colour, "diverging" in red.
        assert!(s.red("diverging"), "{size:?}\n{}", s.text);
        let row = s.text.lines().position(|l| l.contains("↑2")).unwrap_or_else(|| panic!("{size:?}\n{}", s.text));
        let x = s.text.lines().nth(row).unwrap().split("↑2").next().unwrap().chars().count() as u16;
        assert_eq!(s.buffer[(x, row as u16)].fg, color(app.color_of(1)), "{size:?}: ↑2 in GD 0.01's colour");
        // Adam's curve ends far below GD 0.001's: rows apart, not one flat line.
        let lowest = |i: usize| {
            let c = color(app.color_of(i));
            let (right, top) = (s.plot_right() + 2, s.panel_top());
            s.cells().filter(|&(x, y)| x > right && y < top && s.buffer[(x, y)].fg == c).map(|c| c.1).max().unwrap()
        };
        assert!(lowest(0) >= lowest(2) + 3, "{size:?}: Adam {} vs GD 0.001 {}\n{}", lowest(0), lowest(2), s.text);
    }
}

#[test]
fn lesson_09_in_256_colours_the_faint_losses_keep_their_hues() {
    // Mixed toward the dark background, each raw loss fell on a greyish
    // light mauve or ochre of the palette: a grey cloud under the means,
    // as light as they are. Faint is darker, in the run's own hue.
    use losscape::tui::theme::palette::{is_grey, oklab, xterm_rgb};
    let mut app = App::new(lessons::find("schedules").unwrap().scenario().unwrap(), ColorMode::Indexed);
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let (right, top) = (s.plot_right() + 2, s.panel_top());
        let means: Vec<Color> = (0..4).map(|i| app.theme().color(app.color_of(i))).collect();
        let lightness = |c: Color| match c {
            Color::Indexed(i) => oklab(xterm_rgb(i)).l,
            _ => panic!("{c:?}"),
        };
        let darkest_mean = means.iter().map(|&c| lightness(c)).fold(f64::INFINITY, f64::min);
        let mut dots = 0;
        for (x, y) in s.cells().filter(|&(x, y)| x > right && y > 1 && y < top) {
            let cell = &s.buffer[(x, y)];
            let braille = cell.symbol().chars().next().is_some_and(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
            if let (true, Color::Indexed(i), false) = (braille, cell.fg, means.contains(&cell.fg)) {
                assert!(!is_grey(i), "{size:?}: a grey dot ({i}) at {:?}\n{}", (x, y), s.text);
                // Far darker than the means (OKLab lightness 0.68 and up):
                // the mauve and ochre had 0.51 to 0.54.
                let l = oklab(xterm_rgb(i)).l;
                assert!(l <= 0.45 && l < darkest_mean - 0.2, "{size:?}: a faint dot ({i}) of lightness {l:.2}");
                dots += 1;
            }
        }
        assert!(dots > 20, "{size:?}: {dots} dots\n{}", s.text);
    }
}

#[test]
fn lesson_10_names_gds_one_jump_off_the_plot_and_says_its_rate_is_past_the_limit() {
    // Its one 20-unit step runs far off the plot: unnamed (its middle is
    // outside), it read as a long slow walk. Its limit read ">0.002!", as
    // "the limit is above 0.002".
    let mut app = open("exploding-gradients");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let frame = s.screen.frames().next().unwrap().area;
        let row = s.text.lines().position(|l| l.contains("step 1")).unwrap_or_else(|| panic!("{size:?}\n{}", s.text));
        let x = s.text.lines().nth(row).unwrap().split("step 1").next().unwrap().chars().count() as u16;
        assert!(frame.contains((x, row as u16).into()), "{size:?}: on the plot\n{}", s.text);
        assert_eq!(s.buffer[(x, row as u16)].fg, color(app.color_of(0)), "{size:?}: in GD's colour");
        let gd = s.text.lines().find(|l| l.contains(" GD ") && l.contains("diverged")).unwrap();
        assert!(gd.contains(" lr>0.002"), "{size:?}: {gd}");
    }
}

#[test]
fn lesson_13_the_arrow_where_gd_leaves_points_the_way_it_left() {
    // GD 0.01's second step crosses the bottom edge; the arrow there
    // pointed → (toward where the run went after, far to the right), and
    // read as a run that left sideways.
    let mut app = open("adam-rosenbrock");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let frame = s.screen.frames().next().unwrap().area;
        let bottom = s.text.lines().nth(usize::from(frame.bottom() - 1)).unwrap();
        assert!(["↓2", "↘2", "↙2"].iter().any(|a| bottom.contains(a)), "{size:?}: {bottom}\n{}", s.text);
        assert!(!s.text.contains("→2"), "{size:?}\n{}", s.text);
    }
}

#[test]
fn lesson_16_opens_on_six_basins_and_its_numbers_agree() {
    use losscape::format::short;
    let mut app = open("basins-of-attraction");
    assert_eq!(app.panel(), losscape::tui::app::Panel::Basins, "the point needs no key");
    let text = buffer_text(&render_settled(&mut app, 120, 40));
    for letter in ["A", "B", "C", "D", "E", "F"] {
        let row = text.lines().find(|l| l.contains(&format!(" {letter} ("))).unwrap_or_else(|| panic!("{text}"));
        assert!(!row.contains(" 0.0%"), "basin {letter} has a region: {row}");
    }
    // Every run converges early (GD at step 190, GD 0.05 at 32, momentum at
    // 253): the view ends where the last one does, and the status bar and
    // the chart's x axis say the same.
    let last = app.runs().iter().map(|r| r.steps_taken()).max().unwrap();
    assert!(last < app.scenario().steps, "{last}");
    app.apply(Action::LastStep);
    assert_eq!(app.step(), last);
    // The colour bar reaches down to f*, which the converged runs show.
    let lowest = app.scenario().landscape.minima().iter().find(|m| m.global).unwrap().value;
    for size in SIZES {
        let mut app = open("basins-of-attraction");
        app.apply(Action::LastStep);
        let text = buffer_text(&render_settled(&mut app, size.0, size.1));
        let status = text.lines().last().unwrap();
        assert!(status.contains(&format!(" {last}/{last} ")), "{size:?}: the status bar\n{text}");
        assert!(text.contains(" where each start ends "), "{size:?}: the legend's title is whole\n{text}");
        // Its steps are each start's run's limit, not a step count beside
        // the status bar's: "GD, up to 1000 steps" once read as the view's.
        assert!(text.contains(", ≤1000 steps a start") || text.contains(" from every pixel, ≤1000 steps"), "{text}");
        assert!(text.contains(&format!("step {last}│")), "{size:?}: the chart's axis\n{text}");
        // Under the basins no bar keys the landscape's colours, which the
        // basins hide; with the landscape shown (b), it does.
        assert!(!text.lines().any(|l| l.trim_start().starts_with("f ")), "{size:?}\n{text}");
        assert!(text.contains("colours: the basins"), "{size:?}\n{text}");
        let momentum = text.lines().find(|l| l.contains("Momentum ")).unwrap();
        assert!(momentum.contains(&format!(" {} ", short(lowest))), "{size:?}: the panel's f {momentum}");
        // From one start three wells: each head on its own minimum, F, D
        // and A, as the text says.
        let s = shot(&app, size);
        for (i, minimum) in [(0, [-1.607, -0.5687]), (1, [-1.704, 0.7961]), (2, [0.0898, -0.7127])] {
            let head = s.head_of(i).unwrap_or_else(|| panic!("{size:?}: head {i}\n{}", s.text));
            let at = s.screen.point_at(head).unwrap();
            assert!(distance(at, minimum) < 0.25, "{size:?}: {} at {at:?}\n{}", app.label_of(i), s.text);
        }
        app.apply(Action::ToggleBasins);
        let text = buffer_text(&render_settled(&mut app, size.0, size.1));
        let bar = text.lines().find(|l| l.trim_start().starts_with("f ")).unwrap();
        assert!(bar.trim_start().starts_with(&format!("f {} ", short(lowest))), "{size:?}: colour bar {bar}");
    }
}

#[test]
fn lesson_17_lbfgs_shows_its_trials_its_evaluations_and_wins_per_evaluation() {
    use losscape::tui::view::TRIAL_GLYPH;
    // The lesson opens at step 2, where the rings show: no key pressed.
    let mut app = open("quasi-newton");
    assert_eq!(app.step(), 2);
    let lbfgs = 0;
    let trials: usize = match &app.runs()[lbfgs].record(2).state {
        losscape::core::optim::OptimizerState::Lbfgs(memory) => {
            memory.trace.iterations.iter().map(|it| it.trials.len()).sum()
        }
        _ => panic!("an L-BFGS record"),
    };
    assert!(trials >= 5, "{trials} trials in the second step");
    for size in SIZES {
        let s = shot(&app, size);
        // The step's line-search trials: rings in L-BFGS's own colour, drawn
        // over the paths so that those on the path show too.
        let faint = s
            .cells()
            .filter(|&at| s.in_plot(at))
            .filter(|&at| {
                let cell = &s.buffer[at];
                cell.symbol() == TRIAL_GLYPH.to_string() && cell.fg == color(app.color_of(lbfgs))
            })
            .count();
        assert!(faint >= 4, "{size:?}: {faint} trial cells of {trials} trials\n{}", s.text);
        // Its head is where the step's inner iterations ended.
        let head = s.head_of(lbfgs).expect("L-BFGS's head");
        let at = s.screen.point_at(head).unwrap();
        assert!(distance(at, &app.runs()[lbfgs].record(2).params) < 0.35, "{size:?}: head at {at:?}");
        // The panel counts its evaluations: 50 in two steps.
        let row =
            s.text.lines().find(|l| l.contains("L-BFGS") && l.contains("lbfgs") || l.contains("▶ L-BFGS")).unwrap();
        assert!(s.text.contains("evals") && row.split_whitespace().any(|w| w == "50"), "{size:?}: {row}");
        // Newton's leap is drawn too: its head far below the valley, in the plot.
        let newton = s.head_of(1).expect("Newton's head at its leap");
        assert!(s.screen.point_at(newton).unwrap()[1] < -2.0, "{size:?}\n{}", s.text);
    }
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        assert!(s.text.contains("evals 300"), "{size:?}: the chart counts evaluations\n{}", s.text);
        // Per evaluation, L-BFGS's curve ends far left of GD's.
        let rightmost = |i: usize| {
            let c = color(app.color_of(i));
            let (right, top) = (s.plot_right() + 2, s.panel_top());
            s.cells().filter(|&(x, y)| x > right && y < top && s.buffer[(x, y)].fg == c).map(|c| c.0).max().unwrap()
        };
        assert!(rightmost(lbfgs) + 10 < rightmost(2), "{size:?}: {} vs GD {}", rightmost(lbfgs), rightmost(2));
    }
}

#[test]
fn lesson_18_radam_jumps_first_and_adamw_stops_short() {
    let mut app = open("adam-family");
    app.apply(Action::Step(5));
    for size in SIZES {
        let s = shot(&app, size);
        // After five steps RAdam is far from the others, who have barely moved.
        let radam = s.head_of(3).expect("RAdam's head");
        let marks = s.marks_of(0);
        let adam = marks.first().expect("Adam marked");
        assert!(radam.0.abs_diff(adam.0) + radam.1.abs_diff(adam.1) >= 8, "{size:?}\n{}", s.text);
    }
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        // AdamW's head is off the minimum, toward the origin: below it on screen.
        let adamw = s.head_of(1).expect("AdamW's head");
        let at = s.screen.point_at(adamw).unwrap();
        assert!(at[1] < 3.0 && distance(at, [1.0, 3.0]) > 0.25, "{size:?}: AdamW at {at:?}\n{}", s.text);
    }
}

/// Lesson 19's rate map as a class sees it, settled, with where its
/// pixels and marks are.
struct RateMapShot {
    buffer: Buffer,
    text: String,
    /// The map's cells: rows with half blocks, right of the momentum labels.
    map: Vec<(u16, u16)>,
    /// The colour of the pairs that blew up, as the legend's swatch shows it.
    escaped: Color,
}

fn rate_map_shot(mode: ColorMode, (w, h): (u16, u16)) -> RateMapShot {
    let mut app = App::new(lessons::find("momentum-map").unwrap().scenario().unwrap(), mode);
    assert_eq!(app.panel(), losscape::tui::app::Panel::RateMap, "the lesson opens on the map");
    let buffer = render_settled(&mut app, w, h);
    let text = buffer_text(&buffer);
    let rows: Vec<u16> = text.lines().enumerate().filter(|(_, l)| l.contains('▀')).map(|(y, _)| y as u16).collect();
    let bar_row =
        text.lines().position(|l| l.contains("  loss 1e") && l.contains(" blew up")).expect("the colour bar") as u16;
    let left = 6;
    let right = (left..w).rev().find(|&x| buffer[(x, rows[0])].symbol() == "▀").unwrap();
    let map = rows.iter().filter(|&&y| y < bar_row).flat_map(|&y| (left..=right).map(move |x| (x, y))).collect();
    let line = text.lines().nth(usize::from(bar_row)).unwrap();
    let swatch = line[..line.find(" blew up").unwrap()].chars().count() as u16 - 1;
    let escaped = buffer[(swatch, bar_row)].bg;
    RateMapShot { buffer, text, map, escaped }
}

impl RateMapShot {
    fn find(&self, glyph: &str) -> Option<(u16, u16)> {
        self.map.iter().copied().find(|&at| self.buffer[at].symbol() == glyph)
    }

    /// The colours of the map's pixels (two a half-block cell, the ground
    /// of a mark), with where they are.
    fn pixels(&self) -> Vec<((u16, u16), Color)> {
        let mut out = Vec::new();
        for &at in &self.map {
            let cell = &self.buffer[at];
            if cell.symbol() == "▀" {
                out.push((at, cell.fg));
            }
            out.push((at, cell.bg));
        }
        out
    }
}

fn rgb_of(c: Color) -> Rgb {
    match c {
        Color::Rgb(r, g, b) => Rgb(r, g, b),
        Color::Indexed(i) => losscape::tui::theme::palette::xterm_rgb(i),
        other => panic!("{other:?}"),
    }
}

fn luminance(c: Color) -> f64 {
    losscape::tui::theme::luminance(rgb_of(c))
}

#[test]
fn lesson_19_the_maps_best_cell_and_the_theorys_star_meet_by_the_stable_edge() {
    for size in SIZES {
        let s = rate_map_shot(ColorMode::TrueColor, size);
        let (star, ring, cross) = (s.find("★"), s.find("○"), s.find("✚"));
        let (Some(star), Some(ring), Some(_)) = (star, ring, cross) else {
            panic!("{size:?}: marks missing\n{}", s.text)
        };
        assert!(
            star.0.abs_diff(ring.0) <= 3 && star.1.abs_diff(ring.1) <= 1,
            "{size:?}: ★ {star:?} ○ {ring:?}\n{}",
            s.text
        );
        // The dotted stable edge runs down the map.
        assert!(s.text.matches('┊').count() >= usize::from(size.1) / 2, "{size:?}: the edge\n{}", s.text);
    }
}

#[test]
fn lesson_19_rate_labels_stand_centred_on_their_rates() {
    // Begun at their rate's column, the labels put the star (lr 0.056,
    // 0.745 of a decade past 1e-2) at about 0.045 for a reader who takes a
    // label's middle for its value.
    for size in SIZES {
        let s = rate_map_shot(ColorMode::TrueColor, size);
        let star = s.find("★").unwrap_or_else(|| panic!("{size:?}: no star\n{}", s.text));
        let row = s.text.lines().find(|l| l.contains("lr→")).unwrap();
        let centre = |label: &str| {
            let at = row.find(label).unwrap_or_else(|| panic!("{size:?}: no {label} in {row:?}"));
            row[..at].chars().count() as f64 + 2.0
        };
        let (c3, c2) = (centre("1e-3"), centre("1e-2"));
        let expected = c2 + (0.0555f64.log10() + 2.0) * (c2 - c3);
        let got = f64::from(star.0) + 0.5;
        assert!((got - expected).abs() <= 1.0, "{size:?}: ★ at {got}, the labels put 0.0555 at {expected}\n{row}");
    }
}

#[test]
fn lesson_19_the_ring_is_on_the_darkest_pixel_at_every_size() {
    // The grid has 64 × 40 pairs; at 80×24 the map has fewer half-rows
    // than momenta, and the best pair's row was once not drawn at all: the
    // ring sat on a mid-blue cell with darker ones beside it.
    for mode in [ColorMode::TrueColor, ColorMode::Indexed] {
        for size in SIZES {
            let s = rate_map_shot(mode, size);
            let ring = s.find("○").unwrap_or_else(|| panic!("{mode:?} {size:?}: no ring\n{}", s.text));
            let star = s.find("★");
            let ground = s.buffer[ring].bg;
            for (at, c) in s.pixels() {
                if Some(at) == star || c == s.escaped {
                    continue;
                }
                assert!(
                    luminance(ground) <= luminance(c) + 1e-9,
                    "{mode:?} {size:?}: the ring's ground {ground:?} is lighter than {c:?} at {at:?}\n{}",
                    s.text
                );
            }
        }
    }
}

#[test]
fn lesson_19_the_star_stands_on_the_colour_its_own_pair_reaches() {
    // The theory's pair converges fastest of all; the grid's nearest pair,
    // a few percent past the stable edge or just inside it, barely does.
    // The star once stood on that pair's yellow, as if the theory's were bad.
    use losscape::tui::theme::landscape_color;
    for size in SIZES {
        let s = rate_map_shot(ColorMode::TrueColor, size);
        let star = s.find("★").unwrap();
        let ground = s.buffer[star].bg;
        let dark = losscape::tui::theme::luminance(landscape_color(0.2));
        assert!(luminance(ground) <= dark, "{size:?}: the star on {ground:?}\n{}", s.text);
    }
}

#[test]
fn lesson_19_every_colour_of_the_map_is_on_its_bar() {
    // Where the dotted edge crossed a cell half blown up and half not, its
    // ground was their blend: orange-brown, grey, on no bar.
    use losscape::tui::theme::landscape_color;
    let ramp: Vec<Rgb> = (0..=1000).map(|k| landscape_color(f64::from(k) / 1000.0)).collect();
    for size in SIZES {
        let s = rate_map_shot(ColorMode::TrueColor, size);
        for (at, c) in s.pixels() {
            if c == s.escaped {
                continue;
            }
            let Rgb(r, g, b) = rgb_of(c);
            let on_ramp = ramp.iter().any(|q| r.abs_diff(q.0) <= 3 && g.abs_diff(q.1) <= 3 && b.abs_diff(q.2) <= 3);
            assert!(on_ramp, "{size:?}: {c:?} at {at:?} is neither on the bar nor blew up\n{}", s.text);
        }
    }
}

#[test]
fn lesson_19_the_map_says_it_is_every_pair_names_its_axis_and_gives_the_blow_up_little_room() {
    for size in SIZES {
        let s = rate_map_shot(ColorMode::TrueColor, size);
        let lines: Vec<&str> = s.text.lines().collect();
        let title = lines.iter().position(|l| l.contains("Every (lr, momentum)")).unwrap_or_else(|| {
            panic!("{size:?}: the title says every pair\n{}", s.text);
        });
        // The momentum axis: named above its values, its top value (0.99) at the top.
        assert!(lines[title].trim_start().starts_with("momentum"), "{size:?}: {:?}", lines[title]);
        let top = s.map[0].1 as usize;
        assert!(lines[top].trim_start().starts_with("0.99┤"), "{size:?}: {:?}", lines[top]);
        // Rates past those at which every momentum blew up: a few columns, not 40% of the map.
        let columns: std::collections::BTreeSet<u16> = s.map.iter().map(|c| c.0).collect();
        let blown = columns
            .iter()
            .filter(|&&x| s.pixels().iter().filter(|(at, _)| at.0 == x).all(|(_, c)| *c == s.escaped))
            .count();
        let share = blown as f64 / columns.len() as f64;
        assert!(blown >= 2 && share <= 0.2, "{size:?}: {blown} of {} columns blew up\n{}", columns.len(), s.text);
    }
}

/// Whether a colour drawn is optimizer colour `want` as a path's dots show
/// it over the map: its hue (OKLab's angle) within about 15°, at any
/// lightness (old steps fade; a dot over the map is moved in lightness
/// away from what is behind it), and still a colour, not a grey.
fn same_hue(got: Color, want: Rgb) -> bool {
    let Color::Rgb(r, g, b) = got else { return false };
    let (got, want) = (palette::oklab(Rgb(r, g, b)), palette::oklab(want));
    let turn = (got.b.atan2(got.a) - want.b.atan2(want.a)).abs();
    let turn = turn.min(std::f64::consts::TAU - turn);
    got.chroma() >= 0.3 * want.chroma() && turn < 0.26
}

/// Whether a cell holds braille dots only.
fn is_braille(symbol: &str) -> bool {
    symbol.chars().all(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

/// Whether a cell is a ribbon's: a half block of two runs' colours.
fn is_ribbon(s: &Shot, at: (u16, u16)) -> bool {
    let cell = &s.buffer[at];
    let runs = 0..s.app.runs().len();
    matches!(cell.symbol(), "▄" | "▌")
        && runs.clone().any(|i| same_hue(cell.fg, s.app.color_of(i)))
        && runs.clone().any(|i| same_hue(cell.bg, s.app.color_of(i)))
}

/// Whether a cell is a ribbon's or a stripe beside one: a half block with
/// a run's colour in a half.
fn is_stripe(s: &Shot, at: (u16, u16)) -> bool {
    let cell = &s.buffer[at];
    matches!(cell.symbol(), "▄" | "▌")
        && (0..s.app.runs().len()).any(|i| same_hue(cell.fg, s.app.color_of(i)) || same_hue(cell.bg, s.app.color_of(i)))
}

/// The cells of the plot drawn for optimizer i, fading included: braille
/// dots of its own hue, or a half of a ribbon it shares.
fn path_cells_of(s: &Shot, i: usize) -> usize {
    let want = s.app.color_of(i);
    s.cells()
        .filter(|&at| s.in_plot(at))
        .filter(|&at| {
            let cell = &s.buffer[at];
            (is_braille(cell.symbol()) && same_hue(cell.fg, want))
                || (is_stripe(s, at) && (same_hue(cell.fg, want) || same_hue(cell.bg, want)))
        })
        .count()
}

#[test]
fn lesson_05_the_three_runs_share_the_ridge_as_a_ribbon_of_their_colours() {
    // All three leave (1.5, 0.0001) along y = 0 together. Cell by cell in
    // turn, each run took every third cell of the stretch and none read as
    // a route: the stretch is a ribbon, every cell of it two runs' colours,
    // and the third a stripe beside it.
    let mut app = open("saddle-point");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        // The cells of the row through y = 0 between x = 0.3 and 1.4.
        let on_ridge = |at| s.screen.point_at(at).map(|p| (p, at));
        let nearest = s.cells().filter_map(on_ridge).min_by(|a, b| a.0[1].abs().total_cmp(&b.0[1].abs())).unwrap().1;
        let row: Vec<(u16, u16)> = s
            .cells()
            .filter(|at| at.1 == nearest.1)
            .filter(|&at| s.screen.point_at(at).is_some_and(|p| (0.3..=1.4).contains(&p[0])))
            .collect();
        assert!(row.len() >= 8, "{size:?}: {row:?}");
        for &at in &row {
            assert!(is_ribbon(&s, at), "{size:?}: {at:?} is {:?}\n{}", s.buffer[at], s.text);
        }
        // Each run keeps its place along the stretch (pairs taken in turn
        // read as a patchwork): GD and GD + noise in the ribbon's cells,
        // Momentum a stripe beside them.
        let (gd, noisy, momentum) = (app.color_of(0), app.color_of(1), app.color_of(2));
        let together: Vec<(u16, u16)> =
            row.iter().copied().filter(|&at| s.screen.point_at(at).is_some_and(|p| p[0] >= 0.6)).collect();
        let mut striped = 0;
        for &(x, y) in &together {
            let cell = &s.buffer[(x, y)];
            let pair = (same_hue(cell.fg, noisy) && same_hue(cell.bg, gd))
                || (same_hue(cell.fg, gd) && same_hue(cell.bg, noisy));
            let stripe = [y - 1, y + 1].iter().any(|&y| {
                let c = &s.buffer[(x, y)];
                is_stripe(&s, (x, y)) && (same_hue(c.fg, momentum) || same_hue(c.bg, momentum))
            });
            assert!(pair, "{size:?}: at {:?}: {cell:?}\n{}", (x, y), s.text);
            striped += usize::from(stripe);
        }
        // Momentum's longer steps are jumps, drawn under every path and no
        // part of a ribbon: its stripe is where it walks.
        assert!(striped >= 3, "{size:?}: {striped} of {}\n{}", together.len(), s.text);
        // Two in the ribbon's cells, the third a stripe beside them.
        let beside: Vec<(u16, u16)> =
            row.iter().flat_map(|&(x, y)| [(x, y - 1), (x, y), (x, y + 1)]).filter(|&at| is_stripe(&s, at)).collect();
        for i in 0..3 {
            let want = app.color_of(i);
            let shows = beside.iter().any(|&at| same_hue(s.buffer[at].fg, want) || same_hue(s.buffer[at].bg, want));
            assert!(shows, "{size:?}: {} is not on the ridge\n{}", app.label_of(i), s.text);
        }
    }
}

#[test]
fn at_the_tours_last_step_gds_head_on_the_shared_valley_sits_on_the_map() {
    // GD stops on the valley floor every faster run passes over: its head
    // was drawn on a ribbon cell, red on another run's colour, and vanished.
    let mut app = open("tour");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let head = s.head_of(0).expect("GD's head");
        let bg = s.buffer[head].bg;
        for i in 0..app.runs().len() {
            assert!(!same_hue(bg, app.color_of(i)), "{size:?}: GD's head on {}'s colour\n{}", app.label_of(i), s.text);
        }
    }
}

#[test]
fn at_the_tours_last_step_every_path_keeps_its_own_hue() {
    // Fading on, as the tour opens: old steps dim, but every route can
    // still be told from the others by its colour.
    let mut app = App::new(lessons::find("tour").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    assert!(app.fades());
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        for i in 0..app.runs().len() {
            // Newton takes five steps: its path is short.
            let want = if app.runs()[i].steps_taken() < 10 { 2 } else { 6 };
            let n = path_cells_of(&s, i);
            assert!(n >= want, "{size:?}: {} has {n} cells of its own hue\n{}", app.label_of(i), s.text);
        }
    }
}

#[test]
fn lesson_04_paths_that_share_cells_both_show() {
    // GD, momentum and Nesterov leave the start along the same cells: the
    // selected path drawn on top must not cover the others.
    let mut app = open("momentum");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        for i in 0..app.runs().len() {
            let n = path_cells_of(&s, i);
            assert!(n >= 6, "{size:?}: {} shows in {n} cells\n{}", app.label_of(i), s.text);
        }
    }
}

#[test]
fn lesson_06_each_converged_head_sits_on_its_minimum() {
    // Every run converges to a minimum; its head covers the minimum's ×
    // instead of standing a row off it, where the minimum lies on a cell's edge.
    let mut app = open("several-minima");
    app.apply(Action::LastStep);
    for i in 0..app.runs().len() {
        let end = &app.runs()[i].record(app.step()).params;
        let m = app.scenario().landscape.minima().iter().map(|m| distance(&m.point, end)).fold(f64::MAX, f64::min);
        assert!(m < 1e-3, "run {} converged", i + 1);
    }
    for size in SIZES {
        let s = shot(&app, size);
        for i in 0..app.runs().len() {
            let head = s.head_of(i).unwrap_or_else(|| panic!("{size:?}: head {}\n{}", i + 1, s.text));
            for dx in -1i32..=1 {
                for dy in -1i32..=1 {
                    let at = ((i32::from(head.0) + dx) as u16, (i32::from(head.1) + dy) as u16);
                    assert_ne!(s.buffer[at].symbol(), "×", "{size:?}: head {} beside its ×\n{}", i + 1, s.text);
                }
            }
            // It keeps the minimum's mark: a ring with the × in it.
            assert_eq!(s.buffer[head].symbol(), "⊗", "{size:?}: head {} on its minimum\n{}", i + 1, s.text);
        }
    }
}

#[test]
fn a_run_that_leaves_the_plot_is_marked_where_its_path_leaves() {
    // Lesson 10's unclipped GD and lesson 13's GD at 0.01 blow up: the
    // arrow that stands for each is at the edge where its path goes out,
    // beside the path's last cells, not on a ray from the plot's centre.
    for (lesson, i) in [("exploding-gradients", 0), ("adam-rosenbrock", 1)] {
        let mut app = open(lesson);
        app.apply(Action::LastStep);
        for size in SIZES {
            let s = shot(&app, size);
            let c = color(app.color_of(i));
            let arrow = s
                .cells()
                .find(|&at| s.in_plot(at) && s.buffer[at].fg == c && "→↗↑↖←↙↓↘".contains(s.buffer[at].symbol()))
                .unwrap_or_else(|| panic!("{lesson} {size:?}: no arrow\n{}", s.text));
            let near_path = s.cells().any(|at| {
                let cell = &s.buffer[at];
                is_braille(cell.symbol())
                    && same_hue(cell.fg, app.color_of(i))
                    && at.0.abs_diff(arrow.0) <= 2
                    && at.1.abs_diff(arrow.1) <= 1
            });
            assert!(near_path, "{lesson} {size:?}: the arrow at {arrow:?} is away from the path\n{}", s.text);
        }
    }
}

#[test]
fn lesson_11_keeps_newtons_whole_path_in_view() {
    // Newton's point is its leap and its return: at every one of its steps
    // its head is drawn in the plot, not as an arrow at the edge.
    let mut app = open("newton");
    let newton = 0;
    let steps = app.runs()[newton].steps_taken();
    for k in 0..=steps {
        app.apply(Action::FirstStep);
        app.apply(Action::Step(k as i32));
        for size in SIZES {
            let s = shot(&app, size);
            assert!(s.head_of(newton).is_some(), "{size:?} step {k}: Newton's head is not in view\n{}", s.text);
        }
    }
}

#[test]
fn lesson_01_follow_grows_the_view_in_few_steps_and_keeps_the_good_rates_apart() {
    let mut app = open("learning-rate");
    app.apply(Action::ToggleFollow);
    assert!(app.follows());
    let total = app.total_steps();
    for size in SIZES {
        app.apply(Action::FirstStep);
        let mut views = Vec::new();
        for k in 0..=total {
            let s = shot(&app, size);
            views.push(s.screen.selected_plot().unwrap().view.x);
            if k < total {
                app.apply(Action::Step(1));
            }
        }
        assert_eq!(views[0], views[1], "{size:?}: the first step keeps the view");
        assert_eq!(views[1], views[2], "{size:?}: so does the second");
        let changes = views.windows(2).filter(|w| w[0] != w[1]).count();
        assert!(changes <= 4, "{size:?}: the view changed {changes} times: {views:?}");
        for w in views.windows(2) {
            assert!(w[1].0 <= w[0].0 && w[1].1 >= w[0].1, "{size:?}: the view shrank: {w:?}");
        }
        // At the end the three rates that converge are still told apart:
        // each has its head in the plot, and the slowest is not on the others.
        let s = shot(&app, size);
        let heads: Vec<_> = (0..3).map(|i| s.marks_of(i)).collect();
        assert!(heads.iter().all(|m| !m.is_empty()), "{size:?}\n{}", s.text);
        let slow = s.head_of(0).expect("lr 0.01's head in view");
        assert!(heads[1].iter().chain(&heads[2]).all(|&c| c != slow), "{size:?}\n{}", s.text);
    }
}

#[test]
fn lesson_18_every_head_shows_where_heads_meet() {
    // At 80×24 the family's heads crowd into few cells: each keeps its own
    // colour on the plot, a cell two heads share split between them.
    let mut app = open("adam-family");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        for i in 0..app.runs().len() {
            assert!(s.head_of(i).is_some(), "{size:?}: {}'s head is hidden\n{}", app.label_of(i), s.text);
        }
    }
}

/// The arrows' factor as the legend says it: 1 for "to scale", N for
/// "drawn N× their length" (or its shorter forms).
fn arrow_factor(text: &str) -> f64 {
    let legend = text
        .lines()
        .find(|l| l.contains("−lr·∇f") || l.contains(" arrows "))
        .unwrap_or_else(|| panic!("no arrows' legend\n{text}"));
    if legend.contains("to scale") {
        return 1.0;
    }
    let word = legend
        .split_whitespace()
        .find(|w| w.ends_with('×') || w.starts_with('×'))
        .unwrap_or_else(|| panic!("no factor in {legend:?}"));
    word.trim_matches(|c| c == '×' || c == ':' || c == ',').parse().unwrap_or_else(|_| panic!("{word:?} in {legend:?}"))
}

#[test]
fn lesson_03_the_arrows_keep_one_scale_and_say_it_in_words() {
    // Once a new factor was chosen at every step: ×1.4 at step 10, ×47000
    // at step 99, where the steps are tiny and the arrows, blown up, read as
    // a white path leaving the minimum.
    let mut app = open("ill-conditioning");
    assert_ne!(app.arrows(), losscape::core::scenario::Arrows::Off, "the lesson opens with arrows");
    for size in SIZES {
        let mut factors = Vec::new();
        for step in [0, 10, 50, 99] {
            app.apply(Action::FirstStep);
            app.apply(Action::Step(step));
            let s = shot(&app, size);
            let legend = s.text.lines().find(|l| l.contains("−lr·∇f") || l.contains(" arrows ")).unwrap();
            assert!(
                legend.contains("to scale") || legend.contains("× their length"),
                "{size:?} step {step}: the scale in words: {legend:?}"
            );
            factors.push(arrow_factor(&s.text));
        }
        assert!(factors.windows(2).all(|w| w[0] == w[1]), "{size:?}: one scale for the lesson: {factors:?}");
        // Zooming magnifies the arrows with the map: the factor stays.
        app.apply(Action::ZoomIn);
        assert_eq!(arrow_factor(&shot(&app, size).text), factors[0], "{size:?}: zoomed");
        app.apply(Action::ResetView);
    }
}

#[test]
fn lesson_03_near_its_last_step_an_arrow_too_short_to_read_is_not_drawn() {
    let mut app = open("ill-conditioning");
    app.apply(Action::FirstStep);
    app.apply(Action::Step(99));
    let i = app.selected();
    let run = &app.runs()[i];
    let (here, next) = (run.record(99).params.xy(), run.record(100).params.xy());
    let arrowheads = ['→', '↗', '↑', '↖', '←', '↙', '↓', '↘'];
    for size in SIZES {
        let s = shot(&app, size);
        let factor = arrow_factor(&s.text);
        let frame = s.screen.plot_at((s.plot_right() - 1, 10)).copied().unwrap();
        // The step from 99 to 100 as drawn: its true length in dots, times the factor.
        let (sx, sy) = frame.dots_per_unit();
        let drawn = factor * ((next[0] - here[0]) * sx).hypot((next[1] - here[1]) * sy);
        assert!(drawn < 4.0, "{size:?}: the step is {drawn} dots at ×{factor}: far too short to read");
        // Below the legend's row, at the plot's top, about the run's head
        // (arrowheads far from it end its jumps of the first steps).
        let head = frame.to_dots(here);
        let head = (frame.area.x + (head.0 / 2.0) as u16, frame.area.y + (head.1 / 4.0) as u16);
        let heads = s.cells().filter(|&at| {
            s.in_plot(at)
                && at.1 > frame.area.y
                && at.0.abs_diff(head.0) <= 4
                && at.1.abs_diff(head.1) <= 2
                && arrowheads.iter().any(|a| s.buffer[at].symbol() == a.to_string())
        });
        assert_eq!(heads.count(), 0, "{size:?}: no arrow drawn\n{}", s.text);
        assert!(s.text.contains("too short"), "{size:?}: the legend says why\n{}", s.text);
    }
}

#[test]
fn lesson_04_split_at_80x24_gives_each_plot_room() {
    // One plot per optimizer: at 80×24 each is more than a sliver, the
    // three share one y axis, and every path and head shows in its own plot.
    let mut app = open("momentum");
    app.apply(Action::ToggleLayout);
    app.apply(Action::Step(150));
    let buffer = render_with(&app, &mut Screen::new(), 80, 24);
    let s = Shot { app: &app, text: buffer_text(&buffer), screen: layout(&app, buffer.area), buffer };
    let widths: Vec<u16> = (0..3)
        .map(|i| {
            let head = s.head_of(i).unwrap_or_else(|| panic!("head {}\n{}", i + 1, s.text));
            s.cells().filter(|&(x, y)| y == head.1 && s.in_plot((x, y))).count() as u16
        })
        .collect();
    // All three plots' data cells on the heads' rows: about 70 columns.
    assert!(widths.iter().all(|&w| w >= 60), "{widths:?}\n{}", s.text);
    assert_eq!(s.text.lines().filter(|l| l.starts_with("     0┤")).count(), 1, "one y axis\n{}", s.text);
    // GD has crept only a little way from the start by step 150.
    for (i, least) in [(0, 2), (1, 6), (2, 6)] {
        assert!(path_cells_of(&s, i) >= least, "path {}\n{}", i + 1, s.text);
    }
}

#[test]
fn lesson_03_arrows_are_dotted_and_carry_no_dark_band() {
    // Early on, where the arrows are long enough to draw. A path is two dots
    // wide over a darkened band; an arrow's shaft is one dot, every other
    // one left out, over the map as it is. Looked at in the cells of the
    // −lr·∇f arrow (white) and of the carried one (grey) that cross the bare map.
    let theme = *open("ill-conditioning").theme();
    let arrow_colours = [color(theme.gradient_rgb(true)), color(theme.memory_rgb())];
    let rgb = |c: Color| match c {
        Color::Rgb(r, g, b) => (f64::from(r), f64::from(g), f64::from(b)),
        other => panic!("{other:?}"),
    };
    let braille = |s: &str| s.chars().next().is_some_and(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
    for size in SIZES {
        let (mut checked, mut total_dots) = (0, 0);
        for step in [1, 2, 3, 4, 6, 8] {
            let mut on = open("ill-conditioning");
            on.apply(Action::Step(step));
            let mut off = open("ill-conditioning");
            off.apply(Action::Step(step));
            while off.arrows() != losscape::core::scenario::Arrows::Off {
                off.apply(Action::CycleArrows);
            }
            let (a, b) = (shot(&on, size), shot(&off, size));
            let shaft: Vec<(u16, u16)> = a
                .cells()
                .filter(|&at| {
                    a.in_plot(at) && braille(a.buffer[at].symbol()) && arrow_colours.contains(&a.buffer[at].fg)
                })
                .filter(|&at| b.buffer[at].symbol() == "▀")
                .collect();
            for at in shaft {
                let dots = (a.buffer[at].symbol().chars().next().unwrap() as u32 - 0x2800).count_ones();
                assert!(dots <= 3, "{size:?} step {step} {at:?}: {dots} dots in a cell of a shaft\n{}", a.text);
                total_dots += dots;
                let (u, l, behind) = (rgb(b.buffer[at].fg), rgb(b.buffer[at].bg), rgb(a.buffer[at].bg));
                let mean = ((u.0 + l.0) / 2.0, (u.1 + l.1) / 2.0, (u.2 + l.2) / 2.0);
                let off_by = (behind.0 - mean.0).abs().max((behind.1 - mean.1).abs()).max((behind.2 - mean.2).abs());
                assert!(off_by <= 1.0, "{size:?} step {step} {at:?}: behind the shaft {behind:?}, the map {mean:?}");
                checked += 1;
            }
        }
        assert!(checked >= 3, "{size:?}: {checked} cells of the arrows over the bare map");
        // A solid line one dot wide has 4 dots a cell where it runs steeply
        // (as −lr·∇f does here, across the valley), a path two wide up to 8.
        let mean = f64::from(total_dots) / f64::from(checked);
        assert!(mean <= 2.5, "{size:?}: {mean} dots a cell along the shafts: not dotted");
    }
}

#[test]
fn lesson_03_the_breakdown_opens_with_a_plain_sentence() {
    // Momentum at step 10: the panel's first line says what it did, in
    // words, before the rule and the numbers.
    let mut app = open("ill-conditioning");
    app.apply(Action::Step(10));
    app.apply(Action::ToggleExplain);
    for size in SIZES {
        let s = shot(&app, size);
        let title = s.text.lines().position(|l| l.contains("Momentum: step 10 → 11")).expect("the breakdown's title");
        let first = s.text.lines().nth(title + 1).unwrap();
        assert!(first.contains("│Momentum kept 0.5 of its last step"), "{size:?}: {first:?}\n{}", s.text);
        let rule = s.text.lines().position(|l| l.contains("b ← 0.5·b")).unwrap();
        assert!(rule > title + 2, "{size:?}: the sentence comes before the rule\n{}", s.text);
        assert!(!s.text.contains("e-17"), "{size:?}\n{}", s.text);
    }
}

#[test]
fn lesson_11_newtons_leap_is_drawn_as_a_jump_not_a_walk() {
    // Its second step leaps from the valley to y ≈ −3.2: a thin broken line
    // over the map as it is (no dark band, which marks a path walked), with
    // the point it lands on marked.
    let mut app = open("newton");
    app.apply(Action::LastStep);
    let lum = |c: Color| match c {
        Color::Rgb(r, g, b) => (0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)) / 255.0,
        _ => 0.0,
    };
    for size in SIZES {
        let s = shot(&app, size);
        let newton = app.color_of(0);
        let below: Vec<(u16, u16)> = s
            .cells()
            .filter(|&at| s.in_plot(at) && same_hue(s.buffer[at].fg, newton))
            .filter(|&at| s.screen.point_at(at).unwrap()[1] < -1.5)
            .collect();
        assert!(below.len() >= 4, "{size:?}: the leap shows\n{}", s.text);
        let banded = below.iter().filter(|&&at| lum(s.buffer[at].bg) < 0.3).count();
        // The landing point is marked, on a band of its own; the leap is not.
        assert!(banded <= 2, "{size:?}: {banded} of {} cells of the leap on a dark band", below.len());
    }
}

#[test]
fn lesson_16_in_256_colours_each_basin_is_its_swatchs_one_colour() {
    // A basin's tint over the landscape, matched to the palette, once broke
    // it into several shades (F's peach swatch over an olive region, A's
    // light blue over teal with purple-grey rings): more regions than six.
    for size in SIZES {
        let mut app = App::new(lessons::find("basins-of-attraction").unwrap().scenario().unwrap(), ColorMode::Indexed);
        app.apply(Action::LastStep);
        let buffer = render_settled(&mut app, size.0, size.1);
        let text = buffer_text(&buffer);
        let screen = layout(&app, buffer.area);
        // The legend's swatches: the ground of the cell before each row's letter.
        let mut swatches = std::collections::BTreeMap::new();
        for (y, line) in text.lines().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            for x in 0..chars.len().saturating_sub(6) {
                let letter = chars[x + 5];
                if chars[x] == '│' && chars[x + 1..x + 5].iter().all(|&c| c == ' ') && ('A'..='F').contains(&letter) {
                    swatches.entry(letter).or_insert(buffer[(x as u16 + 1, y as u16)].bg);
                }
            }
        }
        assert_eq!(swatches.len(), 6, "{size:?}: six swatches {swatches:?}\n{text}");
        let colours: Vec<Color> = swatches.values().copied().collect();
        let mut off = 0;
        let mut seen = std::collections::BTreeSet::new();
        for y in 0..size.1 {
            for x in 0..size.0 {
                let cell = &buffer[(x, y)];
                if screen.point_at((x, y)).is_none() || cell.symbol() != "▀" {
                    continue;
                }
                for c in [cell.fg, cell.bg] {
                    seen.insert(format!("{c:?}"));
                    off += usize::from(!colours.contains(&c));
                }
            }
        }
        assert_eq!(off, 0, "{size:?}: {off} pixels in colours no swatch has; colours {seen:?}\n{text}");
        assert!(seen.len() >= 6, "{size:?}: {seen:?}");
    }
}

#[test]
fn lesson_06_the_wells_and_the_ridges_between_them_differ_on_the_map() {
    // On a linear scale (0 to 821) the four wells and the saddles between
    // them were one dark purple: why nearby starts part could not be seen.
    let minima = [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]];
    let saddles = [[0.086677, 2.884254], [-3.073026, -0.081353], [3.385154, 0.073852], [-0.127961, -1.953715]];
    for mode in [ColorMode::TrueColor, ColorMode::Indexed] {
        let app = App::new(lessons::find("several-minima").unwrap().scenario().unwrap(), mode);
        for size in SIZES {
            let buffer = render_with(&app, &mut Screen::new(), size.0, size.1);
            let screen = layout(&app, buffer.area);
            let text = buffer_text(&buffer);
            let bar = text.lines().find(|l| l.trim_start().starts_with("f 0 ")).expect("the colour bar");
            assert!(bar.contains(" (log)"), "{mode:?} {size:?}: {bar}");
            // The map's own colour nearest a point: the half-block cell closest to it.
            let shade = |p: [f64; 2]| {
                let (w, h) = size;
                let at = (0..h)
                    .flat_map(|y| (0..w).map(move |x| (x, y)))
                    .filter(|&at| buffer[at].symbol() == "▀")
                    .filter_map(|at| screen.point_at(at).map(|q| (at, distance(p, q))))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .unwrap()
                    .0;
                let cell = &buffer[at];
                (luminance(cell.fg) + luminance(cell.bg)) / 2.0
            };
            let wells: Vec<f64> = minima.iter().map(|&m| shade(m)).collect();
            let ridges: Vec<f64> = saddles.iter().map(|&s| shade(s)).collect();
            // Each ridge lighter than every well but at most one, and on average by far.
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            let above = ridges.iter().map(|r| wells.iter().filter(|&&w| r > &w).count()).sum::<usize>();
            assert!(
                above >= 15 && mean(&ridges) > mean(&wells) + 0.15,
                "{mode:?} {size:?}: wells {wells:?}, ridges {ridges:?}\n{text}"
            );
        }
    }
}

/// The points of the plot's cells drawn in optimizer i's own hue (its path).
fn path_points(s: &Shot, i: usize) -> Vec<[f64; 2]> {
    let Rgb(r, g, b) = s.app.color_of(i);
    s.cells()
        .filter(|&at| s.in_plot(at))
        .filter(|&at| {
            let cell = &s.buffer[at];
            let Color::Rgb(fr, fg, fb) = cell.fg else { return false };
            let braille = cell.symbol().chars().all(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
            let k = f64::from(fr.max(fg).max(fb)) / f64::from(r.max(g).max(b));
            let near = |got: u8, want: u8| (f64::from(got) - k * f64::from(want)).abs() <= 2.0;
            braille && (0.5..=1.0).contains(&k) && near(fr, r) && near(fg, g) && near(fb, b)
        })
        .filter_map(|at| s.screen.point_at(at))
        .collect()
}

#[test]
fn lesson_04_momentum_loops_across_the_floor_and_nesterov_hugs_it_on_the_map() {
    // Once momentum and Nesterov interleaved along one line at 0.9 over the
    // whole valley: "Nesterov swings less" could not be seen.
    let mut app = open("momentum");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        // How far each path's cells stand off the floor y = x² (the nearest
        // point of it), past the start's own swing (x > −0.6).
        let floor = |p: &[f64; 2]| {
            (0..=2000)
                .map(|k| -1.5 + 3.0 * f64::from(k) / 2000.0)
                .map(|t| distance(*p, [t, t * t]))
                .fold(f64::MAX, f64::min)
        };
        let off = |i: usize| path_points(&s, i).iter().filter(|p| p[0] > -0.6).map(floor).fold(0.0, f64::max);
        let (momentum, nesterov) = (off(1), off(2));
        assert!(
            momentum > 0.2 && momentum > 2.0 * nesterov,
            "{size:?}: momentum {momentum}, nesterov {nesterov}\n{}",
            s.text
        );
    }
}

#[test]
fn in_256_colours_paths_keep_their_colour_over_the_map_as_it_is() {
    // A band behind a path (once a grey of the palette's ramp) read as a
    // trench in the terrain. In 256 colours a path's cells keep the map's
    // own entry of the ramp behind them, and the path its palette colour to
    // its first step, drawn lighter or darker only over a band of its own
    // hue (cyan over the blues).
    let mut app = App::new(lessons::find("tour").unwrap().scenario().unwrap(), ColorMode::Indexed);
    app.apply(Action::LastStep);
    let theme = *app.theme();
    for size in SIZES {
        let buffer = render_with(&app, &mut Screen::new(), size.0, size.1);
        let screen = layout(&app, buffer.area);
        // Newton's five steps are all jumps.
        for i in (0..app.runs().len()).filter(|&i| app.runs()[i].steps_taken() > 100) {
            let want = theme.color(app.color_of(i));
            let cells: Vec<_> = buffer
                .content()
                .iter()
                .enumerate()
                .filter(|(k, c)| {
                    let at = ((*k % usize::from(size.0)) as u16, (*k / usize::from(size.0)) as u16);
                    let own = match (want, c.bg) {
                        (Color::Indexed(p), Color::Indexed(band)) => {
                            c.fg == Color::Indexed(palette::over_band_256(p, band))
                        }
                        _ => c.fg == want,
                    };
                    screen.point_at(at).is_some() && own && is_braille(c.symbol())
                })
                .map(|(_, c)| c.bg)
                .collect();
            // Where it shares the valley with faster runs it is half of a ribbon.
            let ribbon = buffer
                .content()
                .iter()
                .filter(|c| matches!(c.symbol(), "▄" | "▌") && (c.fg == want || c.bg == want))
                .count();
            assert!(cells.len() + ribbon >= 2, "{size:?}: {} drawn in its colour", app.label_of(i));
            let on_map =
                cells.iter().filter(|bg| matches!(bg, Color::Indexed(k) if palette::RAMP_256.contains(k))).count();
            assert_eq!(
                on_map,
                cells.len(),
                "{size:?}: {}: {on_map} of {} on the map's colours",
                app.label_of(i),
                cells.len()
            );
        }
    }
}

#[test]
fn a_log_charts_decade_labels_are_evenly_spaced() {
    // Equal steps in decades, equal steps on the screen: each labelled
    // decade a whole number of rows below the one before.
    for lesson in ["tour", "momentum", "newton"] {
        let mut app = open(lesson);
        app.apply(Action::LastStep);
        for size in SIZES {
            let s = shot(&app, size);
            let rows: Vec<usize> =
                s.text.lines().enumerate().filter(|(_, l)| l.contains("│1e")).map(|(y, _)| y).collect();
            assert!(rows.len() >= 3, "{lesson} {size:?}: {rows:?}\n{}", s.text);
            let gaps: Vec<usize> = rows.windows(2).map(|w| w[1] - w[0]).collect();
            assert!(gaps.iter().all(|&g| g == gaps[0]), "{lesson} {size:?}: gaps {gaps:?}\n{}", s.text);
        }
    }
}

#[test]
fn lesson_05_at_its_end_gd_is_still_at_the_saddle_and_the_others_have_left() {
    let mut app = open("saddle-point");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let head = s.head_of(0).unwrap_or_else(|| panic!("{size:?}: GD's head\n{}", s.text));
        let at = s.screen.point_at(head).unwrap();
        assert!(at[0].abs() < 0.15 && at[1].abs() < 0.2, "{size:?}: GD's head at {at:?}");
        for i in [1, 2] {
            assert!(s.head_of(i).is_none() && !s.marks_of(i).is_empty(), "{size:?}: {} left\n{}", i + 1, s.text);
        }
    }
}

#[test]
fn lesson_14_the_minimum_stays_marked_under_the_two_heads_that_reach_it() {
    // Adam ends on Beale's minimum (3, 0.5) and GD 0.01 0.02 short of it,
    // in the same cell at both sizes: the cell keeps the minimum's mark, ⊗,
    // in one run's colour over the other's.
    let mut app = open("adam-beale");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let at = s.head_of(0).unwrap_or_else(|| panic!("{size:?}: Adam's head\n{}", s.text));
        assert_eq!(s.head_of(1), Some(at), "{size:?}: GD 0.01 shares Adam's cell\n{}", s.text);
        let cell = &s.buffer[at];
        assert_eq!(cell.symbol(), "⊗", "{size:?}\n{}", s.text);
        let (adam, gd) = (color(app.color_of(0)), color(app.color_of(1)));
        assert!((cell.fg, cell.bg) == (adam, gd) || (cell.fg, cell.bg) == (gd, adam), "{size:?}: {cell:?}");
    }
}

#[test]
fn every_lessons_minimum_stays_marked_under_heads_in_its_cell() {
    // A head in a known minimum's cell, not within a dot of it, was drawn
    // as ● and hid the ×: 18's Adam and NAdam, 0.05 from (1, 3), and the
    // heads on 01's, 02's and 08's minima. Every lesson at its last step.
    for lesson in lessons::LESSONS {
        let mut app = open(lesson.stem());
        app.apply(Action::LastStep);
        for size in SIZES {
            let s = shot(&app, size);
            let landscape = &app.scenario().landscape;
            for frame in s.screen.frames() {
                for m in landscape.minima() {
                    let p = m.point.xy();
                    let p = if frame.dim == 1 { [p[0], m.value] } else { p };
                    let (col, row) = frame.to_dots(p);
                    let inside = (0.0..f64::from(frame.area.width) * 2.0).contains(&col)
                        && (0.0..f64::from(frame.area.height) * 4.0).contains(&row);
                    if !inside {
                        continue;
                    }
                    let at = (frame.area.x + (col / 2.0) as u16, frame.area.y + (row / 4.0) as u16);
                    let symbol = s.buffer[at].symbol();
                    assert!(
                        !["●", "▀", "▄"].contains(&symbol),
                        "{} {size:?}: a head hides the minimum at {at:?}\n{}",
                        lesson.stem(),
                        s.text
                    );
                }
            }
        }
    }
}

#[test]
fn lessons_05_and_12_mark_the_saddle_their_runs_meet() {
    // The origin, where 05's GD sits and 12's Newton lands, had no mark:
    // "the saddle" was nowhere on the screen.
    use losscape::tui::view::SADDLE_GLYPH;
    for name in ["saddle-point", "newton-saddle"] {
        let app = open(name);
        for size in SIZES {
            let s = shot(&app, size);
            let frame = s.screen.frames().next().unwrap();
            let (col, row) = frame.to_dots([0.0, 0.0]);
            let at = (frame.area.x + (col / 2.0) as u16, frame.area.y + (row / 4.0) as u16);
            assert_eq!(s.buffer[at].symbol(), SADDLE_GLYPH.to_string(), "{name} {size:?}\n{}", s.text);
        }
    }
}

#[test]
fn lesson_05_says_plain_gd_ends_beside_the_saddle() {
    // Its status read "max steps", as for a run that fell short of a goal:
    // it ends 0.03 from the saddle it sat on all along.
    let mut app = open("saddle-point");
    app.apply(Action::LastStep);
    for (size, words) in [((80, 24), "saddle"), ((120, 40), "near a saddle")] {
        let s = shot(&app, size);
        let gd = s.text.lines().find(|l| l.contains("▶ GD")).unwrap();
        assert!(gd.trim_end().ends_with(words), "{size:?}: {gd}");
        let noisy = s.text.lines().find(|l| l.contains("GD + noise") && l.contains("max steps")).unwrap();
        assert!(!noisy.contains("saddle"), "{size:?}: {noisy}");
        // Its losses leave the chart's floor under a lagging mean: named there.
        assert!(s.text.contains("↓2"), "{size:?}: GD + noise off the chart\n{}", s.text);
    }
}

#[test]
fn every_lessons_headline_is_shown_whole_in_the_title_row_at_both_sizes() {
    for lesson in lessons::LESSONS {
        let name = lesson.stem();
        let app = open(name);
        let headline = app.scenario().headline.clone().unwrap_or_else(|| panic!("{name}: no headline"));
        assert!(headline.chars().count() <= 68, "{name}: {} characters: {headline}", headline.chars().count());
        for size in SIZES {
            let s = shot(&app, size);
            let title = s.text.lines().next().unwrap();
            // Whole: not cut at its end (the title's formula, if any room is left, follows a space).
            let at = title.find(&format!(" {headline}")).map(|i| i + 1 + headline.len());
            let whole = at.is_some_and(|end| title[end..].is_empty() || title[end..].starts_with(' '));
            assert!(whole, "{name} {size:?}: the title row is\n{title}");
        }
    }
}

#[test]
fn in_24_bit_a_path_lies_on_the_map_as_it_is_and_stands_out_by_lightness() {
    // A dark band along every path read as a trench in the terrain. Behind
    // a path's dots the cell is the map's own colour there (the mean of the
    // two halves the cell shows without the path), and the dots are kept a
    // clear step of lightness away from it, in their own hue.
    let mut app = open("momentum");
    app.apply(Action::Step(200));
    let mut bare = open("momentum");
    bare.apply(Action::Step(200));
    for i in 0..bare.runs().len() {
        bare.apply(Action::Select(i));
        bare.apply(Action::ToggleHidden);
    }
    for size in SIZES {
        let s = shot(&app, size);
        let map = shot(&bare, size);
        let mut checked = 0;
        for at in s.cells().filter(|&at| s.in_plot(at)) {
            let (cell, under) = (&s.buffer[at], &map.buffer[at]);
            let Some(i) = (0..app.runs().len()).find(|&i| same_hue(cell.fg, app.color_of(i))) else { continue };
            if !is_braille(cell.symbol()) || under.symbol() != "▀" {
                continue;
            }
            let (Color::Rgb(r1, g1, b1), Color::Rgb(r2, g2, b2), Color::Rgb(r, g, b)) = (under.fg, under.bg, cell.bg)
            else {
                panic!("{size:?} {at:?}: not 24-bit");
            };
            let mean = |x: u8, y: u8| (u16::from(x) + u16::from(y)) / 2;
            let near = |got: u8, want: u16| u16::from(got).abs_diff(want) <= 3;
            assert!(
                near(r, mean(r1, r2)) && near(g, mean(g1, g2)) && near(b, mean(b1, b2)),
                "{size:?} {at:?}: {}'s dots on {:?} where the map is {:?} over {:?}",
                app.label_of(i),
                cell.bg,
                under.fg,
                under.bg
            );
            let Color::Rgb(fr, fg, fb) = cell.fg else { unreachable!() };
            let gap = (palette::oklab(Rgb(fr, fg, fb)).l - palette::oklab(Rgb(r, g, b)).l).abs();
            assert!(gap >= 0.2, "{size:?} {at:?}: {}'s dots only {gap:.2} in lightness from the map", app.label_of(i));
            checked += 1;
        }
        assert!(checked >= 30, "{size:?}: {checked} path cells over the map");
    }
}

#[test]
fn the_numbers_of_heads_in_one_cell_are_written_together_beside_it() {
    // At the tour's end four runs share the minimum's cell: their numbers,
    // one by one on the free cells around, read as the neighbours' (a "2"
    // below, a "5" above). Together in one row touching the cell they read
    // as that cell's.
    let mut app = App::new(lessons::find("tour").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let frame = *s.screen.frames().next().unwrap();
        let cell_of = |i: usize| {
            let p = &app.runs()[i].record(app.runs()[i].steps_taken().min(app.step())).params;
            let fx = (p[0] - frame.x.0) / (frame.x.1 - frame.x.0);
            let fy = (frame.y.1 - p[1]) / (frame.y.1 - frame.y.0);
            ((0.0..1.0).contains(&fx) && (0.0..1.0).contains(&fy)).then(|| {
                (
                    frame.area.x + (fx * f64::from(frame.area.width)) as u16,
                    frame.area.y + (fy * f64::from(frame.area.height)) as u16,
                )
            })
        };
        let mut groups: Vec<((u16, u16), Vec<usize>)> = Vec::new();
        for i in 0..app.runs().len() {
            if let Some(c) = cell_of(i) {
                match groups.iter_mut().find(|g| g.0 == c) {
                    Some(g) => g.1.push(i),
                    None => groups.push((c, vec![i])),
                }
            }
        }
        let crowded: Vec<_> = groups.iter().filter(|g| g.1.len() >= 3).collect();
        assert!(!crowded.is_empty(), "{size:?}: no cell with three heads: {groups:?}");
        let row = |y: u16| s.text.lines().nth(usize::from(y)).unwrap().chars().collect::<Vec<char>>();
        for ((x, y), members) in crowded {
            let numbers: String = members.iter().map(|i| char::from_digit(*i as u32 + 1, 36).unwrap()).collect();
            let (x, n) = (usize::from(*x), numbers.len());
            let at = |line: &[char], from: usize| {
                from + n <= line.len() && line[from..from + n].iter().collect::<String>() == numbers
            };
            let here = row(*y);
            let beside = at(&here, x + 1) || (x >= n && at(&here, x - n));
            let over = [y.checked_sub(1), Some(y + 1)]
                .into_iter()
                .flatten()
                .any(|r| (x.saturating_sub(n - 1)..=x).any(|from| at(&row(r), from)));
            assert!(beside || over, "{size:?}: {numbers} not together by the cell ({x}, {y})\n{}", s.text);
        }
    }
}

#[test]
fn a_curve_that_leaves_the_chart_stops_at_the_edge_it_crosses() {
    // A curve held at the edge after leaving reads as a value there (the
    // bottom of the scale, flat for twenty steps in lesson 12): it is drawn
    // up to the edge and no further, and named where it crossed.
    for (lesson, i, word) in
        [("newton-saddle", 1, "unbounded"), ("learning-rate", 3, "diverging"), ("adam-rosenbrock", 1, "diverging")]
    {
        let mut app = open(lesson);
        app.apply(Action::LastStep);
        for size in SIZES {
            let s = shot(&app, size);
            let lines: Vec<&str> = s.text.lines().collect();
            let border = lines.iter().position(|l| l.contains("┌ loss")).unwrap();
            let left = lines[border].chars().position(|c| c == '┌').unwrap() as u16;
            let end =
                border + lines[border..].iter().position(|l| l.chars().nth(usize::from(left)) == Some('└')).unwrap();
            // The bottom row of data is above the x axis's labels.
            let c = color(app.color_of(i));
            for row in [border + 1, end - 2] {
                let along: Vec<u16> = (left + 1..s.buffer.area.width)
                    .filter(|&x| s.buffer[(x, row as u16)].fg == c && is_braille(s.buffer[(x, row as u16)].symbol()))
                    .collect();
                assert!(along.len() <= 2, "{lesson} {size:?}: drawn along row {row} at {along:?}\n{}", s.text);
            }
            assert!(lines[border + 1..end].iter().any(|l| l.contains(word)), "{lesson} {size:?}\n{}", s.text);
        }
    }
}

#[test]
fn the_arrow_of_a_run_gone_off_the_top_points_up() {
    // lr 1.05 bounces out of the parabola: its last chord in view is nearly
    // level (from one side to the other), but the run is 10⁷ above the top.
    // The arrow points to where it is, up, not along the chord (it read ←).
    let mut app = open("learning-rate");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let c = color(app.color_of(3));
        let arrows: Vec<&str> = s
            .cells()
            .filter(|&at| s.in_plot(at) && s.buffer[at].fg == c && "→↗↑↖←↙↓↘".contains(s.buffer[at].symbol()))
            .map(|at| s.buffer[at].symbol())
            .collect();
        assert!(!arrows.is_empty() && arrows.iter().all(|a| "↑↗↖".contains(a)), "{size:?}: {arrows:?}\n{}", s.text);
    }
}

#[test]
fn at_120x40_every_lessons_text_fits_its_panel_whole() {
    // Texts cut at "… ? for more" lost their twist (10's bounce, 17's
    // Hessian, 18's RAdam): where a lesson opens on its text, all of it shows.
    for lesson in lessons::LESSONS {
        let app = App::new(lesson.scenario().unwrap(), ColorMode::TrueColor);
        let s = shot(&app, (120, 40));
        if s.text.contains("what to watch") {
            assert!(!s.text.contains("for more"), "{}: cut\n{}", lesson.stem(), s.text);
        }
    }
}

#[test]
fn every_lesson_opening_on_its_first_step_shows_what_to_watch_at_any_size() {
    // At 80×24 no lesson showed its text, and the data lesson (02) and the
    // basins lesson (16) did not even at 120×40: the panel above the chart
    // was taken. Before the first step the chart is empty, and the text
    // takes its place: its opening words are on screen.
    for lesson in lessons::LESSONS {
        let app = App::new(lesson.scenario().unwrap(), ColorMode::TrueColor);
        if app.step() != 0 || app.panel() == Panel::RateMap {
            continue;
        }
        let about = app.scenario().description.clone().unwrap();
        let opening: Vec<&str> = about.split_whitespace().take(4).collect();
        for size in SIZES {
            let s = shot(&app, size);
            assert!(s.text.contains("what to watch"), "{} at {size:?}\n{}", lesson.stem(), s.text);
            // The side column's text: what follows its left border.
            let plain: String =
                s.text.lines().filter_map(|l| l.split_once('│')).map(|(_, r)| r.replace('│', " ") + " ").collect();
            let words: Vec<&str> = plain.split_whitespace().collect();
            assert!(
                words.windows(4).any(|w| w == opening.as_slice()),
                "{} at {size:?}: {opening:?}\n{}",
                lesson.stem(),
                s.text
            );
        }
    }
}

#[test]
fn where_the_lessons_text_is_not_on_screen_the_status_bar_says_where_it_is() {
    // At 80×24 no lesson's text fits beside the chart once it has a step
    // to draw; nothing said there was one. The help, which `?` opens,
    // starts with it.
    let mut app = App::new(lessons::find("momentum").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::Step(1));
    let small = shot(&app, (80, 24));
    assert!(!small.text.contains("what to watch"));
    assert!(small.text.lines().last().unwrap().trim_end().ends_with("? help & lesson"), "{}", small.text);
    let large = shot(&app, (120, 40));
    assert!(large.text.contains("what to watch"));
    let status = large.text.lines().last().unwrap().trim_end();
    assert!(status.ends_with("? help") && !status.contains("lesson"), "{status}");
}

#[test]
fn in_256_colours_the_basin_lessons_runs_and_numbers_stand_out_from_their_basin() {
    // The runs start and end in basin B, whose orange was Momentum's own:
    // its path, head and number vanished there.
    let mut app = App::new(lessons::find("basins-of-attraction").unwrap().scenario().unwrap(), ColorMode::Indexed);
    app.apply(Action::LastStep);
    for size in SIZES {
        let buffer = render_settled(&mut app, size.0, size.1);
        let screen = layout(&app, buffer.area);
        let text = buffer_text(&buffer);
        let mut marks = 0;
        for (k, c) in buffer.content().iter().enumerate() {
            let at = ((k % usize::from(size.0)) as u16, (k / usize::from(size.0)) as u16);
            let mark = is_braille(c.symbol()) || "123●".contains(c.symbol());
            let (Color::Indexed(fg), Color::Indexed(bg)) = (c.fg, c.bg) else { continue };
            if screen.point_at(at).is_none() || !mark || c.symbol() == " " {
                continue;
            }
            let (f, b) = (
                palette::oklab(losscape::look::colour::xterm_rgb(fg)),
                palette::oklab(losscape::look::colour::xterm_rgb(bg)),
            );
            let hue_apart = ((f.a - b.a).powi(2) + (f.b - b.b).powi(2)).sqrt() >= palette::MARK_HUE_APART_256;
            assert!(f.distance(b) >= 0.25 || hue_apart, "{size:?} {at:?}: {} in {fg} on {bg}\n{text}", c.symbol());
            marks += 1;
        }
        assert!(marks >= 5, "{size:?}: {marks} marks");
    }
}

#[test]
fn a_long_jump_is_named_by_its_step_at_its_middle() {
    // GD at lr 0.01 on Rosenbrock leaves its start in one step that
    // crosses a third of the plot: drawn as a broken line, it read as a
    // long walk (and an arrowhead at its end as a stray mark). Its middle
    // says `step 1`, in its colour.
    let mut app = App::new(lessons::find("adam-rosenbrock").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::Step(2));
    let gd = 1;
    let (from, to) = (app.runs()[gd].record(0).params.xy(), app.runs()[gd].record(1).params.xy());
    for size in SIZES {
        let s = shot(&app, size);
        let frame = s.screen.selected_frame().unwrap();
        let (a, b) = (frame.to_dots(from), frame.to_dots(to));
        let middle = (frame.area.x + ((a.0 + b.0) / 4.0) as u16, frame.area.y + ((a.1 + b.1) / 8.0) as u16);
        let rows: Vec<String> = (middle.1 - 1..=middle.1 + 1)
            .map(|y| (frame.area.left()..frame.area.right()).map(|x| s.buffer[(x, y)].symbol().to_string()).collect())
            .collect();
        let (row, col) = rows
            .iter()
            .enumerate()
            .find_map(|(r, line)| line.find("step 1").map(|c| (r, line[..c].chars().count())))
            .unwrap_or_else(|| panic!("no `step 1` about {middle:?} at {size:?}\n{}", s.text));
        let cell = (frame.area.left() + col as u16, middle.1 - 1 + row as u16);
        assert!(cell.0.abs_diff(middle.0) <= 6, "at {size:?}: `step 1` at {cell:?}, the middle at {middle:?}");
        assert_eq!(s.buffer[cell].fg, color(app.color_of(gd)), "at {size:?}");
    }
    // A zig-zag of many jumps (lesson 03's GD) names none of them: its names
    // ran together over the valley.
    let mut app = App::new(lessons::find("ill-conditioning").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let red = color(app.color_of(0));
        let named = s.cells().filter(|&at| s.in_plot(at) && s.buffer[at].symbol() == "s" && s.buffer[at].fg == red);
        assert_eq!(named.count(), 0, "at {size:?}\n{}", s.text);
    }
}

#[test]
fn newton_converging_onto_a_saddle_is_said_to_be_on_a_saddle() {
    // Lesson 12: Newton's one step lands on the saddle of x² − y², and the
    // panel said "converged at step 1" in plain white beside GD's warning:
    // the screen told the lesson the wrong way round.
    use losscape::core::analysis::on_saddle;
    let mut app = App::new(lessons::find("newton-saddle").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    assert!(on_saddle(&app.scenario().landscape, &app.runs()[0].record(1).params));
    app.apply(Action::Step(1));
    let s = shot(&app, (120, 40));
    let status = s.text.lines().last().unwrap();
    assert!(status.contains("Newton converged onto a saddle at step 1, not a minimum"), "{status}");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let row =
            s.text.lines().find(|l| l.contains("Newton") && l.contains("newton") || l.contains("▶ Newton")).unwrap();
        assert!(row.contains("saddle"), "at {size:?}: {row}");
        assert!(!row.contains("converged"), "at {size:?}: {row}");
    }
    // Newton at Rosenbrock's minimum (lesson 11) is no saddle.
    let app = App::new(lessons::find("newton").unwrap().scenario().unwrap(), ColorMode::TrueColor);
    let run = &app.runs()[0];
    assert!(!on_saddle(&app.scenario().landscape, &run.record(run.steps_taken()).params));
}

#[test]
fn the_live_view_opens_a_lesson_on_its_text_where_it_does_not_fit_beside_the_plot() {
    // At 80×24 every lesson showed at most the first lines of its text
    // ("… ? for more"), and at its last step none: lab students at the
    // default size saw the headline alone. As the live view opens, the
    // text is in a box beside the plot, until a key; at 120×40, where it
    // fits beside the plot, nothing covers the plot. Across the whole
    // screen, the box hid the start and the minimum the text is about,
    // in every lesson: it takes the side column and widens over the plot
    // no further than the starts and minima, the text cut there if need be.
    for lesson in lessons::LESSONS {
        let mut app = App::new(lesson.scenario().unwrap(), ColorMode::TrueColor);
        app.show_intro();
        let about = app.scenario().description.clone().unwrap();
        let words: Vec<&str> = about.split_whitespace().collect();
        let small = shot(&app, (80, 24));
        // The box, from its top left corner: the words inside it.
        let title = small.text.lines().position(|l| l.contains("what to watch")).unwrap();
        let row: Vec<char> = small.text.lines().nth(title).unwrap().chars().collect();
        let left = row.iter().position(|&c| c == '┌' || c == '╭').unwrap() as u16;
        let boxed: String = small
            .text
            .lines()
            .skip(title)
            .map(|l| l.chars().skip(usize::from(left)).collect::<String>().replace('│', " ") + "\n")
            .collect();
        let shown: Vec<&str> = boxed.split_whitespace().collect();
        // Its first four words are on screen, and its last four, or most
        // of it and where to read the rest.
        assert!(shown.windows(4).any(|w| w == &words[..4]), "{}\n{}", lesson.stem(), small.text);
        let ends = shown.windows(4).any(|w| w == &words[words.len() - 4..]);
        let most = shown.iter().filter(|w| words.contains(w)).count() * 2 >= words.len();
        assert!(ends || (most && small.text.contains("? for more")), "{}\n{}", lesson.stem(), small.text);
        assert!(small.text.contains("any key closes this"), "{}", lesson.stem());
        // A text that speaks of the chart opens in a box across the screen
        // below the plot and the chart, over the panel (which it hides
        // until a key): beside the plot the box covered the chart.
        let below = left == 0;
        assert_eq!(below, about.contains("chart"), "{}\n{}", lesson.stem(), small.text);
        // Beside it the panel keeps its loss and status columns whole: cut
        // by the box, 18's read "β1=0" and had no loss.
        let header = small.text.lines().find(|l| l.contains("status") && l.contains("lr"));
        if !below {
            let header = header.unwrap_or_else(|| panic!("{}: the panel's header\n{}", lesson.stem(), small.text));
            let before: String = header.chars().take(usize::from(left)).collect();
            assert!(before.contains(" loss ") && before.contains("status"), "{}: {header}", lesson.stem());
        }
        // Left of the box (above it, where it is below the plot): every
        // start, with its heads' numbers, and every known minimum.
        let landscape = &app.scenario().landscape;
        let on_plot = |p: [f64; 2]| if landscape.dim() == 1 { [p[0], landscape.value(p)] } else { p };
        let mut kept: Vec<[f64; 2]> = app.runs().iter().map(|r| on_plot(r.record(0).params.xy())).collect();
        kept.extend(landscape.minima().iter().map(|m| on_plot(m.point.xy())));
        for frame in small.screen.frames() {
            for &p in &kept {
                let (col, row) = frame.to_dots(p);
                if (0.0..f64::from(frame.area.width) * 2.0).contains(&col)
                    && (0.0..f64::from(frame.area.height) * 4.0).contains(&row)
                {
                    let (x, y) = (frame.area.x + (col / 2.0) as u16, frame.area.y + (row / 4.0) as u16);
                    assert!(
                        if below { y < title as u16 } else { x < left },
                        "{}: {p:?} at {x}, {y}, under the box from {left}, {title}\n{}",
                        lesson.stem(),
                        small.text
                    );
                }
            }
        }
        // And once: under the box the side column showed the text's middle
        // again, cut ("… ? for more").
        let gram = |w: &[&str]| w.join(" ");
        let mut seen = std::collections::HashMap::new();
        let plain = small.text.replace('│', " ");
        let below_title: Vec<&str> = plain.lines().skip(1).flat_map(str::split_whitespace).collect();
        for w in below_title.windows(4) {
            *seen.entry(gram(w)).or_insert(0) += 1;
        }
        for w in words.windows(4) {
            let n = seen.get(&gram(w)).copied().unwrap_or(0);
            let said = words.windows(4).filter(|v| v == &w).count();
            assert!(n <= said, "{}: {:?} {n} times\n{}", lesson.stem(), gram(w), small.text);
        }
        let large = shot(&app, (120, 40));
        let covers = large.text.contains("any key closes this");
        let beside = large.text.contains("what to watch") && !large.text.contains("for more");
        assert!(covers != beside, "{}: the text beside or over the view, not both\n{}", lesson.stem(), large.text);
        // A key closes it.
        app.apply(Action::Step(1));
        assert!(!shot(&app, (80, 24)).text.contains("any key closes this"), "{}", lesson.stem());
    }
}

#[test]
fn a_table_holding_rmsprops_alpha_does_not_call_it_momentum() {
    // 08: RMSprop's alpha (0.99) is how much of the past its average of
    // squared gradients keeps; a column headed "momentum" read as "RMSprop
    // has momentum 0.99". Lesson 04 compares real momentum and keeps the name.
    for (name, header) in [("adaptive-rates", "memory"), ("momentum", "momentum")] {
        let app = open(name);
        let text = shot(&app, (120, 40)).text;
        let row = text.lines().find(|l| l.contains("optimizer") && l.contains("status")).unwrap();
        assert!(row.contains(header), "{name}: {row}");
        if header == "memory" {
            assert!(!row.contains("momentum") && text.contains("alpha=0.99"), "{row}");
        }
    }
}

#[test]
fn lesson_03_an_arrow_too_long_for_the_plot_is_drawn_shorter_and_says_so() {
    // At the lesson's opening step the step arrow, at the lesson's ×10, ran
    // from the start off the bottom of the plot: a dotted line in the run's
    // colour before any path was drawn, read as the path. Now it ends inside
    // the plot, at the largest round factor that keeps it there, written by
    // its tip, and the legend says the marked ones are drawn less.
    let app = open("ill-conditioning");
    let arrowheads = ['→', '↗', '↑', '↖', '←', '↙', '↓', '↘'];
    for size in SIZES {
        let s = shot(&app, size);
        let frame = *s.screen.plot_at((s.plot_right() - 1, 10)).unwrap();
        let area = frame.area;
        let heads: Vec<(u16, u16)> = s
            .cells()
            .filter(|&at| at.1 > area.y && s.in_plot(at))
            .filter(|&at| arrowheads.iter().any(|a| s.buffer[at].symbol() == a.to_string()))
            .collect();
        assert!(!heads.is_empty(), "{size:?}: an arrow is drawn\n{}", s.text);
        for &(x, y) in &heads {
            assert!(
                y + 1 < area.bottom() && y > area.y + 1,
                "{size:?}: a head at the plot's edge {:?}\n{}",
                (x, y),
                s.text
            );
        }
        let factor = arrow_factor(&s.text);
        let note = s.text.lines().find(|l| l.contains("−lr·∇f")).unwrap();
        // Where the legend has room (at 80×24 it has the scale in words).
        assert!(factor > 1.0 && (note.contains("marked") || size.0 < 100), "{size:?}: {note:?}");
        // The smaller factor, in words of its own, beside a head.
        let marks: Vec<(u16, u16)> = s.cells().filter(|&at| s.in_plot(at) && s.buffer[at].symbol() == "×").collect();
        let beside = marks.iter().any(|m| {
            heads.iter().any(|h| h.1 == m.1 && h.0.abs_diff(m.0) <= 3) && {
                let digit = s.buffer[(m.0 + 1, m.1)].symbol();
                digit.chars().all(|c| c.is_ascii_digit() || c == '.') && !digit.trim().is_empty()
            }
        });
        assert!(beside, "{size:?}: ×N by the shortened arrow's head\n{}", s.text);
    }
}

#[test]
fn lesson_16_in_256_colours_the_basins_are_six_colours_and_no_colour_bar_of_a_hidden_map() {
    // In 256 colours each basin is one flat colour and hides the map: the
    // yellow basin fell on a light orange beside the orange one's, and the
    // map's colour bar stayed below, a second key to colours not shown.
    for size in SIZES {
        let mut app = App::new(lessons::find("basins-of-attraction").unwrap().scenario().unwrap(), ColorMode::Indexed);
        app.apply(Action::LastStep);
        let buffer = render_settled(&mut app, size.0, size.1);
        let text = buffer_text(&buffer);
        // The legend's rows of shares, A to F first, each a swatch and its letter.
        let rows: Vec<u16> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.ends_with("%    │") || l.contains("% "))
            .map(|(y, _)| y as u16)
            .collect();
        let swatches: Vec<Color> = ["A", "B", "C", "D", "E", "F"]
            .iter()
            .zip(&rows)
            .map(|(letter, &y)| {
                let x = (buffer.area.width / 2..buffer.area.width).find(|&x| buffer[(x, y)].symbol() == *letter);
                let x = x.unwrap_or_else(|| panic!("{size:?}: {letter} on row {y}\n{text}"));
                buffer[(x - 2, y)].bg
            })
            .collect();
        let rgb: Vec<Rgb> = swatches
            .iter()
            .map(|c| match c {
                Color::Indexed(i) => losscape::tui::theme::palette::xterm_rgb(*i),
                other => panic!("{other:?}"),
            })
            .collect();
        for a in 0..6 {
            for b in a + 1..6 {
                let d =
                    losscape::tui::theme::palette::oklab(rgb[a]).distance(losscape::tui::theme::palette::oklab(rgb[b]));
                assert!(
                    d > 0.1,
                    "{size:?}: basins {a} and {b} are {:?} and {:?}, {d:.3} apart",
                    swatches[a],
                    swatches[b]
                );
            }
        }
        assert!(!text.lines().any(|l| l.trim_start().starts_with("f ")), "{size:?}: no colour bar\n{text}");
        assert!(text.contains("colours: the basins"), "{size:?}: the bar's row says what the colours are\n{text}");
    }
}

#[test]
fn lesson_16_in_24_bit_every_basin_pixel_is_nearest_its_own_swatch() {
    // The basins tint the landscape, which shows through. At 0.7 of the
    // basin's colour the bright steep edges turned two strips of basin A
    // grey-green, nearer no swatch of the legend than "elsewhere". Each
    // cell's upper pixel, in 24-bit, is read against the letter the same
    // cell shows without colour.
    use losscape::tui::theme::palette::distance;
    let size = (120, 40);
    let render = |mode| {
        let mut app = App::new(lessons::find("basins-of-attraction").unwrap().scenario().unwrap(), mode);
        app.apply(Action::LastStep);
        render_settled(&mut app, size.0, size.1)
    };
    let (colour, mono) = (render(ColorMode::TrueColor), render(ColorMode::Mono));
    let text = buffer_text(&colour);
    // The legend's swatches, A to F, in the rows that end in a share.
    let rows: Vec<u16> = text.lines().enumerate().filter(|(_, l)| l.contains("% ")).map(|(y, _)| y as u16).collect();
    let swatches: Vec<(char, Rgb)> = ['a', 'b', 'c', 'd', 'e', 'f']
        .iter()
        .zip(&rows)
        .map(|(&letter, &y)| {
            let upper = letter.to_ascii_uppercase().to_string();
            let x = (size.0 / 2..size.0).find(|&x| colour[(x, y)].symbol() == upper).unwrap();
            match colour[(x - 2, y)].bg {
                Color::Rgb(r, g, b) => (letter, Rgb(r, g, b)),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    let (mut checked, mut wrong) = (0, Vec::new());
    for y in 0..size.1 {
        for x in 0..size.0 {
            let letter = mono[(x, y)].symbol().chars().next().unwrap();
            let (Some(&(_, _)), "▀", Color::Rgb(r, g, b)) =
                (swatches.iter().find(|s| s.0 == letter), colour[(x, y)].symbol(), colour[(x, y)].fg)
            else {
                continue;
            };
            checked += 1;
            let pixel = Rgb(r, g, b);
            let nearest = swatches.iter().min_by(|s, t| distance(s.1, pixel).total_cmp(&distance(t.1, pixel))).unwrap();
            if nearest.0 != letter {
                wrong.push(((x, y), letter, nearest.0));
            }
        }
    }
    assert!(checked > 1000, "{checked} cells read");
    assert!(
        wrong.is_empty(),
        "{} of {checked} cells nearer another basin's swatch, first {:?}",
        wrong.len(),
        wrong.first()
    );
}

#[test]
fn lesson_07_says_which_run_ended_in_the_local_well_and_which_in_the_global_one() {
    // Both read "at a minimum": the one distinction the lesson is about
    // was left to the loss column.
    let mut app = open("local-minimum");
    app.apply(Action::LastStep);
    for size in SIZES {
        let text = shot(&app, size).text;
        // The table's rows, by their swatch's number: 1 GD, 2 Momentum.
        let row = |n: usize| text.lines().find(|l| l.starts_with(&format!(" {n} "))).unwrap().to_string();
        assert!(row(1).contains("GD") && row(1).ends_with("at a local minimum"), "{size:?}: {}", row(1));
        assert!(row(2).contains("Momentum") && row(2).contains("global min"), "{size:?}: {}", row(2));
    }
}

/// The words of a screen's text inside `area`, borders blanked.
fn words_in(s: &Shot, area: ratatui::layout::Rect) -> Vec<String> {
    let mut words = Vec::new();
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right()).map(|x| s.buffer[(x, y)].symbol().to_string()).collect();
        let row = row.replace(['│', '┌', '┐', '└', '┘', '─', '╭', '╮', '╰', '╯'], " ");
        words.extend(row.split_whitespace().map(String::from));
    }
    words
}

/// The box titled "what to watch", borders included, as drawn.
fn text_box(s: &Shot) -> ratatui::layout::Rect {
    let top = s.text.lines().position(|l| l.contains("what to watch")).unwrap() as u16;
    let row = |y: u16| (0..s.buffer.area.width).map(move |x| (x, s.buffer[(x, y)].symbol()));
    let left = row(top).find(|c| c.1 == "┌").unwrap().0;
    let right = row(top).filter(|c| c.1 == "┐" && c.0 > left).map(|c| c.0).min().unwrap();
    let bottom = (top + 1..s.buffer.area.height).find(|&y| s.buffer[(left, y)].symbol() == "└").unwrap();
    ratatui::layout::Rect { x: left, y: top, width: right - left + 1, height: bottom - top + 1 }
}

/// The cells of the plot where the starts and the known minima that are
/// in its view lie.
fn starts_and_minima(app: &App, s: &Shot) -> Vec<(u16, u16)> {
    let landscape = &app.scenario().landscape;
    let on_plot = |p: [f64; 2]| if landscape.dim() == 1 { [p[0], landscape.value(p)] } else { p };
    let mut points: Vec<[f64; 2]> = app.runs().iter().map(|r| on_plot(r.record(0).params.xy())).collect();
    points.extend(landscape.minima().iter().map(|m| on_plot(m.point.xy())));
    let mut cells = Vec::new();
    for frame in s.screen.frames() {
        for &p in &points {
            let (col, row) = frame.to_dots(p);
            if (0.0..f64::from(frame.area.width) * 2.0).contains(&col)
                && (0.0..f64::from(frame.area.height) * 4.0).contains(&row)
            {
                cells.push((frame.area.x + (col / 2.0) as u16, frame.area.y + (row / 4.0) as u16));
            }
        }
    }
    cells
}

#[test]
fn every_lesson_opens_with_its_whole_text_its_starts_and_minima_and_the_chart_it_speaks_of_in_view() {
    // At 80×24 the opening box beside the plot covered the chart that 09,
    // 14 and 17 tell the class to read, and cut 07's, 08's, 10's and 17's
    // text at "… ? for more". As each lesson opens, at 80×24 and 120×40:
    // all of its text on screen, in the box or the side column; every start
    // and minimum the plot shows without the box still shown beside it; and
    // where the text speaks of the chart, the chart, clear of the box.
    for lesson in lessons::LESSONS {
        let app = App::new(lesson.scenario().unwrap(), ColorMode::TrueColor);
        let mut app_open = App::new(lesson.scenario().unwrap(), ColorMode::TrueColor);
        app_open.show_intro();
        let about = app.scenario().description.clone().unwrap();
        let words: Vec<&str> = about.split_whitespace().collect();
        for size in SIZES {
            let plain_marks = starts_and_minima(&app, &shot(&app, size));
            let s = shot(&app_open, size);
            let stem = lesson.stem();
            assert!(!s.text.contains("for more"), "{stem} at {size:?}: cut\n{}", s.text);
            let boxed = s.text.contains("any key closes this");
            let region = if boxed { text_box(&s) } else { s.screen.side.unwrap() };
            let shown = words_in(&s, region);
            assert!(
                shown.windows(words.len()).any(|w| w.iter().zip(&words).all(|(a, b)| a == b)),
                "{stem} at {size:?}: not all of the text in {region:?}\n{}",
                s.text
            );
            if boxed {
                let over = region;
                for cell in starts_and_minima(&app_open, &s) {
                    let under = over.contains(ratatui::layout::Position { x: cell.0, y: cell.1 });
                    assert!(!under, "{stem} at {size:?}: {cell:?} under the box {over:?}\n{}", s.text);
                }
                assert!(
                    starts_and_minima(&app_open, &s).len() >= plain_marks.len(),
                    "{stem} at {size:?}: fewer starts and minima in view than without the box\n{}",
                    s.text
                );
            }
            if about.contains("chart") {
                let chart = s.screen.side.or(s.screen.chart).unwrap_or_else(|| panic!("{stem} at {size:?}: no chart"));
                let chart = if boxed {
                    assert!(chart.intersection(region).is_empty(), "{stem} at {size:?}\n{}", s.text);
                    chart
                } else {
                    // Below the text in the side column.
                    let rows = text_rows_of(&s, chart, &words);
                    ratatui::layout::Rect { y: chart.y + rows, height: chart.height - rows, ..chart }
                };
                let title: String = (chart.left()..chart.right()).map(|x| s.buffer[(x, chart.y)].symbol()).collect();
                assert!(title.contains("loss"), "{stem} at {size:?}: the chart's title in {chart:?}\n{}", s.text);
                assert!(chart.height >= 6, "{stem} at {size:?}: a chart of {} rows", chart.height);
            }
        }
    }
}

/// The rows the lesson's text takes at the top of the side column `side`:
/// down to the row holding its last word, and the box's border below it.
fn text_rows_of(s: &Shot, side: ratatui::layout::Rect, words: &[&str]) -> u16 {
    let last = words[words.len() - 1];
    (side.top()..side.bottom())
        .find(|&y| {
            let row: String = (side.left()..side.right()).map(|x| s.buffer[(x, y)].symbol()).collect();
            row.split_whitespace().any(|w| w.trim_matches('│') == last)
        })
        .map_or(0, |y| y - side.top() + 2)
}

#[test]
fn lesson_20s_lion_shows_the_beta2_its_text_relies_on() {
    // The text rests on Lion's long memory, β2 = 0.99, which no part of the
    // screen named: its breakdown wrote m's update as "0.99·m + 0.01·g".
    let mut app = open("lion");
    assert!(app.scenario().description.as_deref().unwrap().contains("β2 = 0.99"));
    app.apply(Action::Step(1));
    app.apply(Action::ToggleExplain);
    for size in SIZES {
        let s = shot(&app, size);
        assert!(s.text.contains("β2 = 0.99"), "{size:?}\n{}", s.text);
    }
}

#[test]
fn lesson_13s_text_says_what_the_table_shows_of_gd_001() {
    // "GD at 0.01 overflows" where the table shows a finite loss of
    // 2.35e114 and "diverged at step 6": the words say what is shown.
    let app = open("adam-rosenbrock");
    let about = app.scenario().description.clone().unwrap();
    assert!(!about.contains("overflow"), "{about}");
    assert!(about.contains("diverges at step 6"), "{about}");
    let run = &app.runs()[1];
    let loss = run.record(run.steps_taken()).loss;
    assert!(loss.is_finite() && loss > 1e100, "{loss}");
}

#[test]
fn every_one_dimensional_lessons_text_says_what_its_white_tangent_is() {
    // A 1-D plot draws a white tangent at the selected run's point; 01's
    // text said nothing of it, and a class asked what the white line was.
    for lesson in lessons::LESSONS {
        let app = App::new(lesson.scenario().unwrap(), ColorMode::TrueColor);
        if app.scenario().landscape.dim() != 1 {
            continue;
        }
        let about = app.scenario().description.clone().unwrap();
        assert!(about.contains("white line is the tangent"), "{}: {about}", lesson.stem());
    }
}

#[test]
fn lesson_17_lbfgs_reads_as_few_steps_and_each_jump_says_whose_it_is() {
    use losscape::tui::view::STEP_BEAD;
    // L-BFGS's route through the twenty-odd inner iterates of each step read
    // as many small steps, where it takes two; and Newton's jump, named a
    // bare `step 2`, read as L-BFGS's second step.
    let mut app = open("quasi-newton");
    app.apply(Action::Step(1));
    assert_eq!(app.step(), 3);
    let (lbfgs, newton) = (0, 1);
    for size in SIZES {
        let s = shot(&app, size);
        let frame = s.screen.selected_frame().unwrap();
        let c = color(app.color_of(lbfgs));
        // Steps 1 and 2 end in different cells, before the head's (step 3,
        // in step 2's cell): one bead, in step 1's cell.
        let beads: Vec<(u16, u16)> =
            s.cells().filter(|&at| s.buffer[at].symbol() == STEP_BEAD.to_string() && s.buffer[at].fg == c).collect();
        let d = frame.to_dots(app.runs()[lbfgs].record(1).params.xy());
        let step_1 = (frame.area.x + (d.0 / 2.0) as u16, frame.area.y + (d.1 / 4.0) as u16);
        assert_eq!(beads, vec![step_1], "{size:?}\n{}", s.text);
        // The route between is one dot wide, every other dot left out: a cell
        // it crosses holds at most 2 of its 4 rows' dots, where a path two
        // dots wide fills 4 to 8.
        let dots: Vec<u32> = s
            .cells()
            .filter(|&at| s.in_plot(at) && s.buffer[at].fg == c && is_braille(s.buffer[at].symbol()))
            .map(|at| (s.buffer[at].symbol().chars().next().unwrap() as u32 - 0x2800).count_ones())
            .collect();
        assert!(dots.len() > 10, "{size:?}: {} cells", dots.len());
        let mean = f64::from(dots.iter().sum::<u32>()) / dots.len() as f64;
        assert!(mean <= 2.5, "{size:?}: {mean:.2} dots a cell\n{}", s.text);
        // Every named jump is Newton's, and says so, in its colour.
        let plot_rows: Vec<(usize, &str)> = s.text.lines().enumerate().collect();
        let named: Vec<(usize, usize)> = plot_rows
            .iter()
            .flat_map(|&(y, l)| l.match_indices("step ").map(move |(x, _)| (y, l[..x].chars().count())))
            .filter(|&(y, x)| s.in_plot((x as u16, y as u16)))
            .collect();
        assert!(!named.is_empty(), "{size:?}: no jump named\n{}", s.text);
        for (y, x) in named {
            let before: String = s.text.lines().nth(y).unwrap().chars().skip(x.saturating_sub(7)).take(7).collect();
            assert_eq!(before, "Newton ", "{size:?}: row {y}\n{}", s.text);
            assert_eq!(s.buffer[(x as u16, y as u16)].fg, color(app.color_of(newton)), "{size:?}");
        }
    }
}

#[test]
fn lesson_12_newton_stopped_at_the_saddle_holds_its_value_dotted_on_the_chart() {
    // Newton stops at the saddle's f = 0 after one step; its curve ended
    // there, a short stroke beside GD's fall, and the two read alike. Its
    // value is held on to the current step, dotted (no step is claimed),
    // and GD's name off the floor leaves that row to it.
    let mut app = open("newton-saddle");
    let newton = 0;
    assert_eq!(app.runs()[newton].steps_taken(), 1);
    for (step, size) in [(20, SIZES[0]), (40, SIZES[0]), (20, SIZES[1]), (40, SIZES[1])] {
        app.apply(Action::FirstStep);
        app.apply(Action::Step(step));
        let s = shot(&app, size);
        // The chart's box, read off the screen: its data right of the labels
        // (7 wide), above the axis row.
        let lines: Vec<Vec<char>> = s.text.lines().map(|l| l.chars().collect()).collect();
        let top = lines.iter().position(|l| l.iter().collect::<String>().contains("┌ loss")).unwrap();
        let left = lines[top].iter().collect::<String>().split("┌ loss").next().unwrap().chars().count();
        let right = lines[top].iter().rposition(|&c| c == '┐').unwrap();
        let bottom = (top..lines.len()).find(|&y| lines[y][left] == '└').unwrap();
        let inner = (left as u16 + 8, top as u16 + 1, right as u16, bottom as u16 - 2);
        let c = color(app.color_of(newton));
        let cells: Vec<(u16, u16)> = s
            .cells()
            .filter(|&(x, y)| x >= inner.0 && x < inner.2 && y >= inner.1 && y <= inner.3)
            .filter(|&at| s.buffer[at].fg == c && is_braille(s.buffer[at].symbol()))
            .collect();
        // x of a step: the plot's width in dots over the view's 40 steps.
        let width = f64::from(inner.2 - inner.0) * 2.0;
        let column = |k: f64| inner.0 + ((k / 40.0 * (width - 1.0)) / 2.0) as u16;
        let right = cells.iter().map(|c| c.0).max().unwrap();
        assert!(right.abs_diff(column(step as f64)) <= 1, "{size:?} step {step}: ends at {right}\n{}", s.text);
        // Past step 1 its cells are on one row (f = 0, the floor), one dot each.
        let held: Vec<&(u16, u16)> = cells.iter().filter(|c| c.0 > column(1.0) + 1).collect();
        assert!(held.len() >= 3, "{size:?}: {held:?}");
        assert!(held.iter().all(|c| c.1 == inner.3), "{size:?}: {held:?}\n{}", s.text);
        for at in held {
            let dots = (s.buffer[*at].symbol().chars().next().unwrap() as u32 - 0x2800).count_ones();
            assert_eq!(dots, 1, "{size:?} {at:?}");
        }
        let floor = s.text.lines().nth(usize::from(inner.3)).unwrap();
        assert!(!floor.contains("unbounded"), "{size:?}: {floor}");
    }
}

#[test]
fn three_heads_or_more_in_one_cell_are_one_mark_named_by_every_number() {
    // Split between two colours, a cell of three heads or more showed two
    // of them: at the tour's start two of six. It is drawn in the marks'
    // colour, no run's, and every run's number stands beside it in its
    // colour; at the tour's end the minimum's cell, with four heads, keeps
    // its ⊗.
    let mut app = open("tour");
    let runs: Vec<Color> = (0..6).map(|i| color(app.color_of(i))).collect();
    for last in [false, true] {
        if last {
            app.apply(Action::LastStep);
        }
        for size in SIZES {
            let s = shot(&app, size);
            let several = s.several_heads();
            assert_eq!(several.len(), 1, "{size:?} last {last}: {several:?}\n{}", s.text);
            let cell = &s.buffer[several[0]];
            assert!(!runs.contains(&cell.fg) && !runs.contains(&cell.bg), "{size:?}: {cell:?}");
            let numbers = s.numbers_beside(several[0]);
            if last {
                assert_eq!(cell.symbol(), "⊗", "{size:?}");
                // Momentum, Nesterov, Adam and Newton, the four the lesson
                // says arrive.
                assert_eq!(numbers, vec![1, 2, 4, 5], "{size:?}\n{}", s.text);
            } else {
                assert_eq!(cell.symbol(), SEVERAL_HEADS.to_string(), "{size:?}");
                assert_eq!(numbers, vec![0, 1, 2, 3, 4, 5], "{size:?}\n{}", s.text);
            }
        }
    }
}

#[test]
fn lesson_03_the_arrow_legend_names_only_the_arrows_drawn() {
    // At Momentum's first step nothing is carried yet (b = g), so its step
    // is −lr·∇f itself: one arrow shows, and the legend named three. At
    // step 2 the buffer carries half the last step, and the three differ.
    let theme = *open("ill-conditioning").theme();
    let colour_drawn = |s: &Shot, c: Color| {
        s.cells().any(|at| s.in_plot(at) && s.buffer[at].fg == c && is_braille(s.buffer[at].symbol()))
    };
    let mut app = open("ill-conditioning");
    let momentum = 1;
    assert_eq!(app.selected(), momentum);
    for (step, named) in [(0, vec!["→ step = −lr·∇f"]), (2, vec!["→ −lr·∇f", "→ carried", "→ step "])]
    {
        app.apply(Action::FirstStep);
        app.apply(Action::Step(step));
        for size in SIZES {
            let s = shot(&app, size);
            let legend =
                s.text.lines().find(|l| l.contains("−lr·∇f")).unwrap_or_else(|| panic!("{size:?}\n{}", s.text));
            for n in &named {
                assert!(legend.contains(n), "{size:?} step {step}: {n:?} in {legend:?}");
            }
            let kinds = legend.matches('→').count();
            assert_eq!(kinds, named.len(), "{size:?} step {step}: {legend:?}");
            // What it names is what shows: at step 0 no white −lr·∇f or grey
            // carried shaft of its own.
            let white = colour_drawn(&s, color(theme.gradient_rgb(true)));
            let grey = colour_drawn(&s, color(theme.memory_rgb()));
            assert_eq!((white, grey), (step == 2, step == 2), "{size:?} step {step}\n{}", s.text);
        }
    }
}

#[test]
fn lesson_06_marks_the_top_of_the_hump_its_text_speaks_of() {
    // "Between them, under the four starts, a low hump": its top was
    // nowhere on the map. It is ▲ at (−0.27, −0.92), where the text puts it.
    use losscape::tui::view::PEAK_GLYPH;
    let app = open("several-minima");
    let text = app.scenario().description.clone().unwrap_or_default();
    assert!(text.contains("▲") && text.contains("(−0.27, −0.92)"), "{text}");
    for size in SIZES {
        let s = shot(&app, size);
        let frame = s.screen.frames().next().unwrap();
        let (col, row) = frame.to_dots([-0.270845, -0.923039]);
        let at = (frame.area.x + (col / 2.0) as u16, frame.area.y + (row / 4.0) as u16);
        assert_eq!(s.buffer[at].symbol(), PEAK_GLYPH.to_string(), "{size:?}\n{}", s.text);
        assert_eq!(s.cells().filter(|&c| s.in_plot(c) && s.buffer[c].symbol() == "▲").count(), 1, "{size:?}");
    }
}

#[test]
fn at_80x24_the_lessons_opening_on_their_text_below_keep_the_colour_bar() {
    // 09, 14 and 17 open with their text below the plot and the chart: the
    // plot, twelve rows with its axis, dropped its colour bar, the only key
    // to what its colours mean, where one row held it and left ten of data.
    for name in ["schedules", "adam-beale", "quasi-newton"] {
        let mut app = open(name);
        app.show_intro();
        let s = shot(&app, (80, 24));
        let frame = s.screen.frames().next().unwrap().area;
        assert!(frame.height >= 10, "{name}: {frame:?}");
        // The row under the x axis: `f`, the lowest value, the bar, the highest.
        let bar = s.text.lines().nth(usize::from(frame.bottom() + 1)).unwrap();
        assert!(bar.trim_start().starts_with("f "), "{name}: {bar:?}\n{}", s.text);
        let swatches = (frame.x..frame.right()).filter(|&x| s.buffer[(x, frame.bottom() + 1)].symbol() == "▀").count();
        assert!(swatches >= 8, "{name}: {swatches} cells of the bar\n{}", s.text);
        assert!(s.text.contains("what to watch"), "{name}: the text is open");
    }
}

#[test]
fn in_256_colours_a_jumps_name_is_one_colour_across_the_bands() {
    // Each letter took the entry legible over its own band: at 80×24
    // lesson 17's `Newton step 2` was dark navy for `Newt` and pale blue
    // for the rest, and read as two names.
    for (name, step) in [("quasi-newton", 2), ("tour", 50), ("tour", 1500)] {
        let mut app = App::new(lessons::find(name).unwrap().scenario().unwrap(), ColorMode::Indexed);
        app.apply(Action::FirstStep);
        app.apply(Action::Step(step));
        for size in SIZES {
            let s = shot(&app, size);
            let mut named = 0;
            for (y, line) in s.text.lines().enumerate() {
                let chars: Vec<char> = line.chars().collect();
                for (at, _) in line.match_indices(" step ") {
                    let x = line[..at].chars().count();
                    // Back to the start of the label's first word.
                    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
                    let from = (0..x).rev().take_while(|&c| word(chars[c])).last().unwrap_or(x);
                    let digits = chars[x + 6..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let cells: Vec<(u16, u16)> = (from..x + 6 + digits).map(|c| (c as u16, y as u16)).collect();
                    if !cells.iter().all(|&c| s.in_plot(c)) {
                        continue;
                    }
                    let colours: Vec<Color> = cells.iter().map(|&c| s.buffer[c].fg).collect();
                    assert!(colours.iter().all(|&c| c == colours[0]), "{name} {size:?}: {line:?}: {colours:?}");
                    named += 1;
                }
            }
            assert!(named >= 1, "{name} {size:?} step {step}: no jump named\n{}", s.text);
        }
    }
}

/// The cells of ribbons (and their stripes) that carry optimizer i's
/// colour, where the point under the cell passes `keep`.
fn ribbon_cells_of(s: &Shot, i: usize, keep: impl Fn([f64; 2]) -> bool) -> usize {
    let want = s.app.color_of(i);
    s.cells()
        .filter(|&at| s.in_plot(at) && s.screen.point_at(at).is_some_and(&keep))
        .filter(|&at| is_stripe(s, at) && (same_hue(s.buffer[at].fg, want) || same_hue(s.buffer[at].bg, want)))
        .count()
}

#[test]
fn a_run_that_only_crosses_a_shared_route_is_no_part_of_its_ribbon() {
    // Lesson 04: Momentum swings across the valley floor that GD and
    // Nesterov walk along; counted in the floor's ribbon, it read as a
    // solid Momentum stripe hugging the floor, the opposite of the point.
    let mut app = open("momentum");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let swings = ribbon_cells_of(&s, 1, |p| (-0.8..=0.2).contains(&p[0]));
        assert!(swings <= 2, "{size:?}: Momentum in {swings} ribbon cells where it swings\n{}", s.text);
        // GD and Nesterov still share the floor as a ribbon there.
        let gd = ribbon_cells_of(&s, 0, |p| (-1.0..=0.2).contains(&p[0]));
        let nesterov = ribbon_cells_of(&s, 2, |p| (-1.0..=0.2).contains(&p[0]));
        assert!(gd >= 8 && nesterov >= 8, "{size:?}: GD {gd}, Nesterov {nesterov}\n{}", s.text);
    }
    // Lesson 18: RAdam loops across the route of Adam, NAdam and Adamax,
    // and AdamW goes its own way below it (at 80×24 in the same cells as
    // the others for a while, and rightly part of their ribbon there).
    let mut app = open("adam-family");
    app.apply(Action::LastStep);
    for size in SIZES {
        let s = shot(&app, size);
        let apart: &[usize] = if size.0 >= 120 { &[1, 3] } else { &[3] };
        for &i in apart {
            let n = ribbon_cells_of(&s, i, |p| p[0] <= 0.0);
            assert!(n <= 2, "{size:?}: {} in {n} ribbon cells\n{}", app.label_of(i), s.text);
        }
    }
}

#[test]
fn lesson_14_adam_on_the_shared_trough_is_drawn_once() {
    // Adam's thick path runs a little off the cells of the ribbon it shares
    // with the two GDs, and its own dots beside the ribbon read as Adam
    // drawn twice: in the ribbon and as a dotted line along it.
    let mut app = open("adam-beale");
    app.apply(Action::LastStep);
    let adam = app.color_of(0);
    for size in SIZES {
        let s = shot(&app, size);
        let carries =
            |at: (u16, u16)| is_stripe(&s, at) && (same_hue(s.buffer[at].fg, adam) || same_hue(s.buffer[at].bg, adam));
        let twice: Vec<(u16, u16)> = s
            .cells()
            .filter(|&at| s.in_plot(at) && is_braille(s.buffer[at].symbol()) && same_hue(s.buffer[at].fg, adam))
            .filter(|&(x, y)| {
                (x.saturating_sub(1)..=x + 1).any(|c| (y.saturating_sub(1)..=y + 1).any(|r| carries((c, r))))
            })
            .collect();
        assert!(twice.is_empty(), "{size:?}: Adam's dots beside its ribbon at {twice:?}\n{}", s.text);
        assert!(ribbon_cells_of(&s, 0, |_| true) >= 10, "{size:?}\n{}", s.text);
    }
}
