//! The title line (scenario and formula) and the status bar (step, playback,
//! speed, the latest message, key hints; `? help` always).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::app::{App, Mode};
use crate::tui::command::CommandLine;

/// Draws the title line.
pub fn render_title(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let scenario = app.scenario();
    // The lesson's point, where it has one, says more than its name.
    let name = format!(" {} ", scenario.headline.as_deref().unwrap_or(&scenario.name));
    let room = usize::from(area.width).saturating_sub(10 + name.chars().count());
    let formula = cut_at_space(&format!(" {}", scenario.landscape.formula()), room);
    let line = Line::from(vec![
        Span::styled(" losscape ", theme.strong().add_modifier(Modifier::REVERSED)),
        Span::styled(name, theme.strong()),
        Span::styled(formula, theme.muted()),
    ]);
    Paragraph::new(line).render(area, buf);
}

/// Key hints after the message, most important first; as many as fit.
const HINTS: [&str; 6] = ["←→ step", "[ ] lr", "{ } momentum", "a arrows", "v split", "q quit"];
/// Always shown, at the right end.
const HELP: &str = " · ? help ";
/// The same where the lesson's text is not on the screen: the help opens on it.
const HELP_AND_LESSON: &str = " · ? help & lesson ";

/// Draws the status bar; `about_hidden` where the lesson has a text that
/// the screen does not show (at 80×24, say), which `?` opens on.
pub fn render_status(app: &App, area: Rect, buf: &mut Buffer, about_hidden: bool) {
    // A message of what a key just caused keeps the room first.
    let help_hint = if about_hidden && app.message().is_none() { HELP_AND_LESSON } else { HELP };
    if app.presenter() {
        return render_band(app, area, buf);
    }
    let theme = app.theme();
    let (playback, toggle) = match app.mode() {
        Mode::Playing => ("▶ playing", "space pause"),
        Mode::Paused => ("‖ paused", "space play"),
    };
    let rec = marks(app);
    let rec = rec.as_str();
    let width = usize::from(area.width);
    // A message that does not fit whole beside the playback and the speed
    // takes their room: what a key just caused matters more for the moment.
    let lefts = [
        format!(" step {}/{} │ {} │ {} steps/s ", app.step(), app.total_steps(), playback, app.speed()),
        format!(" step {}/{} ", app.step(), app.total_steps()),
        format!(" {}/{} ", app.step(), app.total_steps()),
    ];
    let around = |left: &String| rec.chars().count() + left.chars().count() + help_hint.chars().count();
    let message = app.message().map(|m| format!("│ {m} "));
    let left = match &message {
        Some(m) => lefts.iter().find(|l| around(l) + m.chars().count() <= width).unwrap_or(&lefts[2]),
        None => &lefts[0],
    }
    .clone();
    let room = width.saturating_sub(around(&left));
    let message = message.map_or(String::new(), |m| cut_at_space(&m, room));
    let mut used = rec.chars().count() + left.chars().count() + message.chars().count() + help_hint.chars().count();
    let mut hints = String::new();
    for hint in std::iter::once(toggle).chain(HINTS) {
        let piece = format!(" · {hint}");
        if used + piece.chars().count() > width {
            break;
        }
        used += piece.chars().count();
        hints.push_str(&piece);
    }
    let (help, left) = if left.chars().count() + help_hint.chars().count() <= width {
        (help_hint.to_string(), left)
    } else {
        // Too narrow for both: the help hint wins over the speed.
        (help_hint.to_string(), format!(" {}/{} ", app.step(), app.total_steps()))
    };
    let line = Line::from(vec![
        Span::styled(rec, theme.danger()),
        Span::styled(left, theme.strong()),
        Span::styled(message, theme.notice()),
        Span::styled(hints, theme.muted()),
        Span::styled(help, theme.strong()),
    ]);
    Paragraph::new(line).style(theme.status_bar()).render(area, buf);
}

/// What goes on beside the view, first in the status bar: a recording
/// (` ● rec`), an export being written and how far it has got (` ⇣ 40%`).
fn marks(app: &App) -> String {
    let rec = if app.recording() { " ● rec" } else { "" };
    match app.exporting() {
        Some(share) => format!("{rec} ⇣ export {:.0}%", (share * 100.0).floor()),
        None => rec.to_string(),
    }
}

/// Presenter mode's status bar: no key hints, the step and the latest
/// event in bold on the middle row of a band (of the rows it is given).
fn render_band(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    Paragraph::new("").style(theme.status_bar()).render(area, buf);
    let row = Rect { y: area.y + area.height / 2, height: 1, ..area };
    let playing = if app.mode() == Mode::Playing { "▶" } else { "‖" };
    let rec = marks(app);
    let rec = rec.as_str();
    let left = format!(" {playing} step {}/{} ", app.step(), app.total_steps());
    let room = usize::from(area.width).saturating_sub(left.chars().count() + rec.chars().count());
    let message = app.message().map_or(String::new(), |m| cut_at_space(&format!(" {m} "), room));
    let line = Line::from(vec![
        Span::styled(rec, theme.danger()),
        Span::styled(left, theme.strong()),
        Span::styled(message, theme.notice().add_modifier(Modifier::BOLD)),
    ]);
    Paragraph::new(line).style(theme.status_bar()).render(row, buf);
}

/// Draws the command line in place of the status bar, on two rows of its
/// own: above, the last error or the completions on offer; below, `:` and
/// the text with its cursor.
pub fn render_command(app: &App, line: &CommandLine, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let width = usize::from(area.width);
    let (note_row, line_row) = if area.height >= 2 {
        (Some(Rect { height: 1, ..area }), Rect { y: area.bottom() - 1, height: 1, ..area })
    } else {
        (None, area)
    };
    let chars: Vec<char> = line.text.chars().collect();
    // Keep the cursor in view on a long line.
    let room = width.saturating_sub(4);
    let first = line.cursor.saturating_sub(room);
    let before: String = chars[first..line.cursor].iter().collect();
    let at: String = chars.get(line.cursor).map_or(" ".to_string(), |c| c.to_string());
    let after: String =
        chars.iter().skip(line.cursor + 1).take(room.saturating_sub(before.chars().count() + 1)).collect();
    let hint = if line.text.is_empty() {
        "  lr 0.75 · momentum 0.85 · type adam · add adam lr=0.01 · Tab completes"
    } else {
        ""
    };
    let spans = vec![
        Span::styled(" :", theme.strong()),
        Span::raw(before),
        Span::styled(at, theme.strong().add_modifier(Modifier::REVERSED)),
        Span::raw(after),
        Span::styled(hint, theme.muted()),
    ];
    Paragraph::new(Line::from(spans)).style(theme.status_bar()).render(line_row, buf);
    if let Some(row) = note_row {
        // The whole row is the note's: nothing drawn before shows through.
        ratatui::widgets::Clear.render(row, buf);
        let (text, style) = match &line.note {
            Some((note, true)) => (cut_at_space(&format!(" {note}"), width), theme.danger()),
            Some((note, false)) => (cut_at_space(&format!(" {note}"), width), theme.muted()),
            None => (String::new(), theme.muted()),
        };
        Paragraph::new(Line::from(Span::styled(text, style))).style(theme.status_bar()).render(row, buf);
    }
}

/// `text` whole if it fits in `width` characters, else cut at its last
/// space that leaves room for an ellipsis, so that no word or number is
/// cut into another.
pub fn cut_at_space(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let cut: String = text.chars().take(width.saturating_sub(1)).collect();
    match cut.rfind(' ') {
        Some(at) => format!("{}…", &cut[..=at]),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::cut_at_space;

    #[test]
    fn cuts_fall_between_words() {
        assert_eq!(cut_at_space("f = (x² + y − 11)²", 30), "f = (x² + y − 11)²");
        assert_eq!(cut_at_space("f = (x² + y − 11)²", 15), "f = (x² + y − …");
        assert_eq!(cut_at_space("converged at step 1457", 20), "converged at step …");
        assert_eq!(cut_at_space("1457", 3), "");
    }
}
