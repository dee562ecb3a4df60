//! The help overlay: the scenario's description, what the screen's columns
//! and symbols mean, and every key (read from the same table that
//! dispatches keys), scrolled when it does not fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::layout::ScreenLayout;
use crate::tui::app::App;
use crate::tui::keymap::help_rows;

/// What the screen shows, for the help: (what, meaning).
const LEGEND: [(&str, &str); 9] = [
    (
        "lr limit",
        "the largest stable learning rate at the minimum the run heads to (2/λ for GD, more with momentum): <b below it, =b on it (bounces for ever), lr>b! past it (diverges); clipped: clipping bounds each step instead",
    ),
    ("|∇f|", "the length of the gradient at the current point"),
    (
        "diverging",
        "the loss has moved 1000 times as far from f* as it started (from its start where f* is unknown); unbounded below: it falls for ever",
    ),
    ("× ◆ ●", "a known minimum, a start, an optimizer's current point (its number beside it)"),
    ("↗ at an edge", "an optimizer's point outside the view, in that direction (f keeps every point in view)"),
    ("f bar", "the colour of each value of f, lowest to highest, on the plot"),
    (
        "arrows",
        "white −lr·∇f (the plain gradient step from here), grey what the optimizer carries over (momentum's −lr·μ·b, Adam's m̂ step), its colour the step it takes; grey box: rate per coordinate",
    ),
    ("faded path", "older steps are dimmer (t draws every step alike)"),
    (
        "chart",
        "c cycles loss, learning rate, |∇f| and distance to the nearest minimum; a run off the scale is named at the edge it left by",
    ),
];

/// The command line's grammar, for the help: (what is typed, what it does).
const COMMANDS: [(&str, &str); 11] = [
    (
        "lr 0.75",
        "the selected optimizer's learning rate; likewise momentum, alpha, eps, weight_decay, dampening, nesterov, centered, amsgrad, form, clip_norm, noise, batch_size, color",
    ),
    ("betas 0.8 0.99", "Adam's two betas"),
    ("schedule cosine 100", "a schedule: step 100 0.3, exponential 0.99, cosine T_MAX [ETA_MIN], plateau, or none"),
    ("start -1 2", "where the selected optimizer starts"),
    ("type adam", "another optimizer type, keeping lr, start and label"),
    ("add adam lr=0.01", "a new optimizer (from the selected one's start), selected"),
    ("duplicate, remove", "a copy of the selected optimizer beside it; the selected one removed"),
    ("rename fast GD", "the selected optimizer's label"),
    ("steps 500, seed 3", "the number of steps; the seed of noise and batches"),
    ("domain -2 2 -1 3", "the domain drawn: x from, to, and y from, to in 2-D"),
    (
        "↑ ↓ Tab Esc",
        "recall earlier lines; complete names; close. A bad entry shows the file loader's message and changes nothing; w saves what was typed",
    ),
];

/// Every line of the help, for a box `width` characters wide inside.
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(description) = &app.scenario().description {
        lines.push(Line::from(Span::styled(app.scenario().name.clone(), theme.strong())));
        lines.extend(wrap(description, width).into_iter().map(Line::from));
        lines.push(Line::from(""));
    }
    let rows = help_rows();
    let key_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(10);
    let entry = |(keys, help): (&str, &str)| {
        vec![Span::styled(format!(" {keys:<key_width$}  "), theme.strong()), Span::raw(help.to_string())]
    };
    lines.push(Line::from(Span::styled("Keys", theme.strong())));
    let entry_width = |r: (&str, &str)| key_width + 3 + r.1.chars().count();
    let half = rows.len().div_ceil(2);
    let column = rows[..half].iter().map(|&r| entry_width(r)).max().unwrap_or(0) + 2;
    let widest_right = rows[half..].iter().map(|&r| entry_width(r)).max().unwrap_or(0);
    if column + widest_right <= width {
        for r in 0..half {
            let mut spans = entry(rows[r]);
            if let Some(&right) = rows.get(half + r) {
                let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
                spans.push(Span::raw(" ".repeat(column.saturating_sub(used))));
                spans.extend(entry(right));
            }
            lines.push(Line::from(spans));
        }
    } else {
        lines.extend(rows.into_iter().map(|r| Line::from(entry(r))));
    }
    lines.push(Line::from(Span::styled(
        " click the plot: move the selected optimizer's start there (Ctrl-click: every start)",
        theme.muted(),
    )));
    for (title, table) in [("What the screen shows", &LEGEND[..]), ("The command line (:)", &COMMANDS[..])] {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(title, theme.strong())));
        let name_width = table.iter().map(|(n, _)| n.chars().count()).max().unwrap_or(8);
        for (name, meaning) in table {
            let text_width = width.saturating_sub(name_width + 3).max(10);
            for (k, part) in wrap(meaning, text_width).into_iter().enumerate() {
                let head = if k == 0 { *name } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {head:<name_width$}  "), theme.strong()),
                    Span::raw(part),
                ]));
            }
        }
    }
    lines
}

/// The help's box over `area`: its width and height, and its lines.
fn popup(app: &App, area: Rect) -> (u16, u16, Vec<Line<'static>>) {
    let width = area.width.saturating_sub(2).min(100);
    let lines = help_lines(app, usize::from(width.saturating_sub(2)));
    let height = (lines.len() as u16 + 2).min(area.height);
    (width, height, lines)
}

/// The last line the help over `area` can start from.
pub fn scroll_limit(app: &App, area: Rect) -> usize {
    let (_, height, lines) = popup(app, area);
    lines.len().saturating_sub(usize::from(height.saturating_sub(2)))
}

/// Draws the help over the middle of `area`, from line `scroll` on (or
/// the last it can start from, see [`scroll_limit`]).
pub fn render_help(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let (width, height, lines) = popup(app, area);
    let visible = usize::from(height.saturating_sub(2));
    let most = lines.len().saturating_sub(visible);
    let scroll = scroll.min(most);
    let more = if scroll + visible < lines.len() { " ↓ more" } else { "" };
    let title = format!(" help{more} · ↑↓ PgUp PgDn scroll · Esc or ? closes ");
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .block(Block::default().borders(Borders::ALL).title(title))
        .render(popup, buf);
}

/// Draws the scenario's description in a box (what the lesson is about),
/// saying so when it is cut short. Whether it showed all of it.
pub fn render_description(app: &App, area: Rect, buf: &mut Buffer) -> bool {
    let dim = app.theme().dim();
    let text = app.scenario().description.as_deref().unwrap_or("");
    let mut lines: Vec<String> = wrap(text, usize::from(area.width.saturating_sub(2)));
    let room = usize::from(area.height.saturating_sub(2));
    let whole = lines.len() <= room;
    if !whole && room > 0 {
        lines.truncate(room);
        lines[room - 1] = "… ? for more".into();
    }
    Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>())
        .block(Block::default().borders(Borders::ALL).border_style(dim).title(Span::styled(" what to watch ", dim)))
        .render(area, buf);
    whole
}

/// The last line of the opening box, or its two halves where it is narrow.
const INTRO_HINT: [&str; 2] = ["space plays, → steps,", "any key closes this"];

/// The opening box's last lines, in `width` columns.
fn intro_hint(width: usize) -> Vec<String> {
    let whole = INTRO_HINT.join(" ");
    if whole.chars().count() <= width { vec![whole] } else { INTRO_HINT.map(String::from).to_vec() }
}

/// The rows an opening box `width` columns wide needs to hold `text`
/// whole, borders and hint included.
pub fn intro_height(text: &str, width: u16) -> u16 {
    let inner = usize::from(width.saturating_sub(2));
    (wrap(text, inner).len() + intro_hint(inner).len() + 2) as u16
}

/// Whether a lesson's text speaks of the chart (and so the opening box
/// must leave the chart in view).
pub fn speaks_of_chart(text: &str) -> bool {
    text.contains("chart")
}

/// The rows the chart keeps below the description in the side column.
const CHART_ROWS: u16 = 12;

/// Whether a side column `width` columns wide and `height` rows high holds
/// the description above a chart (see [`description_rows`]), and whole.
pub fn fits_above_chart(text: &str, width: u16, height: u16) -> bool {
    let rows = description_rows(text, width, height);
    rows > 0 && usize::from(rows) >= wrap(text, usize::from(width.saturating_sub(2))).len() + 2
}

/// The rows the description takes above the chart in a side column `width`
/// wide and `height` high: as many as it needs, up to all but the chart's
/// twelve, where the column is 24 rows high or more; else none.
pub fn description_rows(text: &str, width: u16, height: u16) -> u16 {
    if height < 24 || text.is_empty() {
        return 0;
    }
    let wanted = wrap(text, usize::from(width.saturating_sub(2))).len() as u16 + 2;
    wanted.min(height.saturating_sub(CHART_ROWS))
}

/// The width of a side column whose opening box, `height` rows from the
/// title down to the status bar, holds `text` whole: the narrowest from
/// `narrowest` to `widest` that does, else `widest`. A column that already
/// holds the text in its own height is left as it is.
pub fn intro_width(text: &str, narrowest: u16, widest: u16, height: u16) -> u16 {
    let widest = widest.max(narrowest);
    (narrowest..=widest).find(|&w| intro_height(text, w) <= height).unwrap_or(widest)
}

/// Where the opening box goes beside the plot: over the side column
/// (widened for it, see [`intro_width`]) and the right of the panel, from
/// the title down to the status bar, so that the whole plot stays in view
/// beside it (over the plot, it hid the start and the minimum that the
/// text is about). With no side column it spans the screen above the panel.
pub fn intro_area(app: &App, layout: &ScreenLayout) -> Rect {
    let area = layout.area;
    let top = layout.title.bottom();
    let Some(side) = layout.side.or(layout.chart) else {
        return Rect { x: area.x, y: top, width: area.width, height: layout.panel.y.saturating_sub(top) };
    };
    let width = area.right().saturating_sub(side.x);
    let text = app.scenario().description.as_deref().unwrap_or("");
    Rect { x: side.x, y: top, width, height: intro_height(text, width).min(layout.status.y.saturating_sub(top)) }
}

/// The lesson's text as the live view opens, where the side column cannot
/// hold it whole (every lesson at 80×24): a box in `area` (see
/// [`intro_area`]), as high as the text needs. Any key closes it (and does
/// what it does).
pub fn render_intro(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let dim = theme.dim();
    let text = app.scenario().description.as_deref().unwrap_or("");
    let mut lines: Vec<Line> =
        wrap(text, usize::from(area.width.saturating_sub(2))).into_iter().map(Line::from).collect();
    let hint = intro_hint(usize::from(area.width.saturating_sub(2)));
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(hint.len());
    if room == 0 {
        return;
    }
    if lines.len() > room {
        lines.truncate(room);
        lines[room - 1] = Line::from("… ? for more");
    }
    lines.extend(hint.into_iter().map(|h| Line::from(Span::styled(h, dim))));
    let area = Rect { height: (lines.len() as u16 + 2).min(area.height), ..area };
    Clear.render(area, buf);
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(dim)
                .title(Span::styled(" what to watch ", theme.notice())),
        )
        .render(area, buf);
}

/// Splits text into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
