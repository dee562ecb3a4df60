//! Figures for slides: drawn at the pixel from the view's state. The PNG
//! has the size asked for; every run's route shows in its colour, even
//! where another run is drawn over it; the contour labels in the SVG sit
//! where f takes their values, as read off the figure's own axes; a 4000-px
//! figure renders; sizes out of bounds are refused in pixels.

use losscape::lessons;
use losscape::picture::Format;
use losscape::picture::figure::canvas::Canvas;
use losscape::picture::figure::scene::Item;
use losscape::picture::figure::{self, Figure};
use losscape::tui::app::App;
use losscape::tui::headless::{self, Options};
use losscape::tui::prepare_view;
use losscape::tui::theme::{Background, ColorMode, Theme};

fn scenario(name: &str) -> losscape::core::scenario::Scenario {
    lessons::find(name).unwrap().scenario().unwrap()
}

/// The view of a lesson at a step, as `record` steps it.
fn view_at(name: &str, step: usize, background: Background) -> App {
    let mut app = prepare_view(scenario(name), Theme::with_background(ColorMode::TrueColor, background), None, &[]);
    app.play_to(step);
    app
}

fn losscape() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("losscape").unwrap()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    (reader.info().width, reader.info().height)
}

#[test]
fn a_figure_png_decodes_at_the_size_asked_and_defaults_to_white_paper() {
    let dir = std::env::temp_dir().join(format!("losscape-figure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (size, theme, corner) in [("1203x757", None, [255, 255, 255]), ("640x400", Some("dark"), [0x16, 0x16, 0x1c])] {
        let out = dir.join(format!("f-{size}.png"));
        let mut args = vec!["record", "momentum", "--step", "50", "--plot-only", "--pixels", size];
        if let Some(t) = theme {
            args.extend(["--theme", t]);
        }
        args.extend(["--out", out.to_str().unwrap()]);
        let done = losscape().args(&args).output().unwrap();
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        let bytes = std::fs::read(&out).unwrap();
        let (w, h) = size.split_once('x').map(|(w, h)| (w.parse().unwrap(), h.parse().unwrap())).unwrap();
        assert_eq!(png_size(&bytes), (w, h), "exact pixels, not whole cells");
        let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        assert_eq!(buf[..3], corner, "{size}: the paper");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every route point of every run, in pixels, that lies inside the plot
/// and clear of the marks drawn over the paths (heads, their numbers,
/// starts, minima), and whether some pixel within the widest run's
/// half-width of it is exactly the run's colour, also where a later run is
/// drawn over it: (points checked, points hidden, the first hidden).
fn hidden_route_points(figure: &Figure, size: (u32, u32)) -> (usize, usize, Option<String>) {
    let scene = figure::scene(figure, size).unwrap();
    let canvas = Canvas::paint(&scene).unwrap();
    let frame = scene.plot;
    let unit = ((f64::from(size.0) * f64::from(size.1)).sqrt() / 50.0).max(9.0);
    let plot = &figure.plot;
    let marks: Vec<(f64, f64)> = plot
        .starts
        .iter()
        .chain(&plot.minima)
        .chain(plot.traces.iter().filter_map(|t| t.steps.last()))
        .map(|&p| frame.to_pixels(p))
        .collect();
    let (mut checked, mut hidden, mut first) = (0, 0, None);
    // The widest run's half-width is 0.18 of a unit.
    let reach = (0.18 * unit).ceil() as i64;
    for t in &plot.traces {
        for &p in &t.route {
            let (x, y) = frame.to_pixels(p);
            if !frame.data.grown(-unit).contains((x, y)) || marks.iter().any(|m| (m.0 - x).hypot(m.1 - y) < 2.5 * unit)
            {
                continue;
            }
            let found = (-reach..=reach).any(|dy| {
                (-reach..=reach).any(|dx| canvas.at((x as i64 + dx) as usize, (y as i64 + dy) as usize) == t.color)
            });
            checked += 1;
            if !found {
                hidden += 1;
                first.get_or_insert_with(|| format!("run {} ({}) at ({x:.0}, {y:.0})", t.number, t.label));
            }
        }
    }
    (checked, hidden, first)
}

#[test]
fn every_route_shows_in_its_colour_where_another_is_drawn_over_it() {
    // Lesson 04: GD, Momentum and Nesterov share the valley floor, and no
    // point of any of them is hidden. In the tour six runs zig-zag over
    // one another near the start: the widest can be covered there for a
    // few steps, never along its route.
    for (lesson, step, most_hidden) in
        [("momentum", 400, 0.0), ("momentum", 60, 0.0), ("learning-rate", 30, 0.0), ("tour", 1500, 0.03)]
    {
        for background in [Background::Light, Background::Dark] {
            let app = view_at(lesson, step, background);
            let shown = losscape::tui::view::figure(&app);
            let (checked, hidden, first) = hidden_route_points(&shown, (1600, 1000));
            assert!(checked > 10, "{lesson} at {step}: {checked} points checked");
            assert!(
                hidden as f64 <= most_hidden * checked as f64,
                "{lesson} at {step}: {hidden} of {checked} route points hidden, first {first:?}"
            );
        }
    }
}

#[test]
fn figures_draw_the_colours_and_order_of_the_view() {
    let app = view_at("momentum", 100, Background::Light);
    let shown = losscape::tui::view::figure(&app);
    let numbers: Vec<usize> = shown.plot.traces.iter().map(|t| t.number).collect();
    // The selected run is drawn last, on top, as in the view.
    assert_eq!(*numbers.last().unwrap(), app.selected() + 1);
    for t in &shown.plot.traces {
        assert_eq!(t.color, app.color_of(t.number - 1));
        assert_eq!(t.steps.len(), app.step().min(app.runs()[t.number - 1].steps_taken()) + 1);
    }
    assert_eq!(shown.step, format!("step 100 of {}", app.total_steps()));
}

/// A number from a tick or contour label (a minus sign may be U+2212).
fn number(text: &str) -> Option<f64> {
    text.replace('−', "-").parse().ok()
}

#[test]
fn contour_labels_in_the_svg_sit_where_f_takes_their_values() {
    let app = view_at("momentum", 400, Background::Light);
    let shown = losscape::tui::view::figure(&app);
    let svg = figure::svg(&shown, (1600, 1000)).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let group = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap();
    let attr = |n: roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap();
    // The axes as the figure shows them: each tick number where it is written.
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for t in group("axes").descendants().filter(|n| n.has_tag_name("text")) {
        let Some(v) = t.text().and_then(number) else { continue };
        match t.attribute("text-anchor") {
            Some("middle") => xs.push((attr(t, "x"), v)),
            // A y number's baseline lies half a capital below its tick.
            Some("end") => ys.push((attr(t, "y") - attr(t, "font-size") * 0.729 / 2.0, v)),
            _ => {}
        }
    }
    assert!(xs.len() >= 3 && ys.len() >= 3, "{xs:?} {ys:?}");
    let line = |pts: &[(f64, f64)]| {
        let (a, b) = (pts[0], pts[pts.len() - 1]);
        let slope = (b.1 - a.1) / (b.0 - a.0);
        move |px: f64| a.1 + (px - a.0) * slope
    };
    let (x_of, y_of) = (line(&xs), line(&ys));
    let landscape = &app.scenario().landscape;
    let labels: Vec<roxmltree::Node> = group("contours").descendants().filter(|n| n.has_tag_name("text")).collect();
    assert!(labels.len() >= 6, "{} contour labels", labels.len());
    let polylines = group("contours").descendants().filter(|n| n.has_tag_name("polyline")).count();
    assert!(polylines >= 13, "contour lines as polylines: {polylines}");
    for label in labels {
        let value = label.text().and_then(number).expect("a number");
        let size = attr(label, "font-size");
        // rotate(−θ x y): the text turned θ counter-clockwise about its anchor.
        let angle = label
            .attribute("transform")
            .and_then(|t| t.strip_prefix("rotate(")?.split(' ').next()?.parse::<f64>().ok())
            .map_or(0.0, |a| -a.to_radians());
        let drop = size * 0.729 / 2.0;
        let (cx, cy) = (attr(label, "x") - drop * angle.sin(), attr(label, "y") - drop * angle.cos());
        // The level crosses within two pixels of the label's centre.
        let around: Vec<f64> = (0..16)
            .map(|k| {
                let a = f64::from(k) * std::f64::consts::PI / 8.0;
                landscape.value([x_of(cx + 2.0 * a.cos()), y_of(cy + 2.0 * a.sin())])
            })
            .collect();
        let (lo, hi) = around.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |m, &v| (m.0.min(v), m.1.max(v)));
        // Labels round to about four digits.
        let slack = 5e-4 * value.abs().max(1e-3);
        assert!(lo - slack <= value && value <= hi + slack, "label {value} at ({cx:.0}, {cy:.0}): f from {lo} to {hi}");
    }
    // Runs as polylines, text as text.
    assert!(group("paths").descendants().filter(|n| n.has_tag_name("polyline")).count() >= 6);
    let legend: Vec<&str> = group("legend").descendants().filter_map(|n| n.text()).collect();
    assert!(legend.contains(&"1 GD") && legend.contains(&"3 Nesterov"), "{legend:?}");
}

#[test]
fn a_4000_pixel_figure_renders_and_its_map_is_an_embedded_image() {
    let o = Options { plot_only: true, step: Some(20), pixels: Some((4000, 2500)), ..Options::default() };
    // A bowl: its landscape is cheap, as most lessons' are.
    let (bytes, _) = headless::render(scenario("ill-conditioning"), &o, Format::Png).unwrap();
    assert_eq!(png_size(&bytes), (4000, 2500));
    let (svg, _) = headless::render(scenario("ill-conditioning"), &o, Format::Svg).unwrap();
    let text = String::from_utf8(svg).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let root = doc.root_element();
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("4000"), Some("2500")));
    let image = doc.descendants().find(|n| n.has_tag_name("image")).expect("the map");
    assert!(image.attribute("href").unwrap().starts_with("data:image/png;base64,"));
    assert!(doc.descendants().any(|n| n.has_tag_name("linearGradient")), "the colour bar as a gradient");
}

#[test]
fn the_1d_figure_is_the_curve_with_each_runs_points_joined_by_chords() {
    let app = view_at("learning-rate", 8, Background::Light);
    let shown = losscape::tui::view::figure(&app);
    let landscape = &app.scenario().landscape;
    for t in &shown.plot.traces {
        // Points on the curve: (x, f(x)).
        for p in &t.steps {
            assert_eq!(p[1], landscape.value([p[0], 0.0]));
        }
    }
    let scene = figure::scene(&shown, (1200, 750)).unwrap();
    // One stroke of each run's colour over the curve's route: its chords.
    for t in &shown.plot.traces {
        let chords = scene.items.iter().any(|i| match i {
            Item::Stroke { color, lines, .. } => *color == t.color && lines.iter().map(Vec::len).sum::<usize>() >= 2,
            _ => false,
        });
        assert!(chords, "run {}", t.number);
    }
    assert!(scene.items.iter().all(|i| !matches!(i, Item::Gradient { .. })), "no colour bar in 1-D");
}

#[test]
fn figure_sizes_out_of_bounds_are_refused_in_pixels() {
    for (args, expected) in [
        (vec!["record", "--plot-only", "--pixels", "1x1", "--out", "f.png"], "a figure needs at least 320×200 pixels"),
        (
            vec!["record", "--plot-only", "--pixels", "300x900", "--out", "f.svg"],
            "a figure needs at least 320×200 pixels",
        ),
        (vec!["record", "--plot-only", "--pixels", "8001x100", "--out", "f.png"], "from 1 to 8000"),
        (vec!["record", "--pixels", "100000x100000", "--out", "f.png"], "from 1 to 8000"),
        // A screen in cells is told its size in pixels too.
        (
            vec!["record", "--pixels", "1x1", "--out", "f.png"],
            "1×1 pixels is too small: the screen needs at least 360×216 pixels",
        ),
    ] {
        let out = losscape().current_dir(std::env::temp_dir()).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("40x12"), "{args:?} answered in cells: {stderr}");
    }
    assert!(figure::check_size((8000, 8000)).is_ok() && figure::check_size((320, 200)).is_ok());
    assert!(figure::check_size((8001, 10)).is_err() && figure::check_size((319, 1000)).is_err());
}

#[test]
fn the_cell_pictures_stay_as_they_were_and_3d_figures_stay_in_cells() {
    // Without --plot-only a PNG is the screen in 9×18 cells.
    let o = Options { step: Some(5), size: (80, 24), pixels: Some((725, 430)), ..Options::default() };
    let (png, _) = headless::render(scenario("momentum"), &o, Format::Png).unwrap();
    assert_eq!(png_size(&png), (80 * 9, 24 * 18));
    // The 3-D view is drawn in cells.
    let o = Options {
        plot_only: true,
        step: Some(5),
        size: (80, 24),
        show: vec![losscape::tui::Show::Surface],
        pixels: Some((725, 430)),
        ..Options::default()
    };
    let (png, _) = headless::render(scenario("momentum"), &o, Format::Png).unwrap();
    assert_eq!(png_size(&png), (80 * 9, 24 * 18));
}

#[test]
fn a_figure_with_every_run_hidden_or_one_run_far_off_still_draws() {
    use losscape::tui::action::Action;
    // Lesson 10: a run blows up to numbers far beyond the plot.
    let app = view_at("exploding-gradients", 200, Background::Light);
    let shown = losscape::tui::view::figure(&app);
    assert_eq!(png_size(&figure::png(&shown, (800, 500)).unwrap()), (800, 500));
    let mut app = view_at("momentum", 50, Background::Dark);
    for i in 0..app.runs().len() {
        app.apply(Action::Select(i));
        app.apply(Action::ToggleHidden);
    }
    let shown = losscape::tui::view::figure(&app);
    assert!(shown.plot.traces.is_empty());
    figure::svg(&shown, (800, 500)).unwrap();
}

#[test]
fn a_figure_spaces_its_colours_as_the_view_does() {
    // Lesson 06 asks for log levels (Himmelblau's wells and ridges would be
    // one colour on a linear scale, which auto picks there): the slide's
    // colour bar follows the view's, and a copy that asks for linear
    // levels gets them on both.
    use losscape::core::scenario::Levels;
    let svg_of = |app: &App| figure::svg(&losscape::tui::view::figure(app), (1200, 800)).unwrap();
    let app = view_at("several-minima", 0, Background::Light);
    assert_eq!(app.scenario().view.levels, Levels::Log);
    assert!(svg_of(&app).contains("f (log scale)"));
    let mut linear = scenario("several-minima");
    linear.view.levels = Levels::Linear;
    let app = prepare_view(linear, Theme::with_background(ColorMode::TrueColor, Background::Light), None, &[]);
    let svg = svg_of(&app);
    assert!(!svg.contains("log scale") && svg.contains(">f<"), "a plain f");
}
