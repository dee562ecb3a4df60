//! Keys to actions: one table that both dispatches keys and writes the help.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// One key and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The key.
    pub code: KeyCode,
    /// Modifiers that must be held (Shift is ignored for characters, whose
    /// case already says it).
    pub modifiers: KeyModifiers,
    /// What it does.
    pub action: Action,
    /// How the help names the key; bindings with the same `keys` and
    /// `help` are listed once.
    pub keys: &'static str,
    /// What the help says it does.
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn bind(
    code: KeyCode,
    modifiers: KeyModifiers,
    action: Action,
    keys: &'static str,
    help: &'static str,
) -> Binding {
    Binding { code, modifiers, action, keys, help }
}

const fn ch(c: char) -> KeyCode {
    KeyCode::Char(c)
}

/// Every key losscape knows, in the order the help lists them.
pub const KEYMAP: &[Binding] = &[
    bind(ch(' '), NONE, Action::TogglePlay, "space", "play / pause"),
    bind(KeyCode::Right, NONE, Action::Step(1), "→ l", "step forward"),
    bind(ch('l'), NONE, Action::Step(1), "→ l", "step forward"),
    bind(KeyCode::Left, NONE, Action::Step(-1), "← h", "step back"),
    bind(ch('h'), NONE, Action::Step(-1), "← h", "step back"),
    bind(KeyCode::Right, SHIFT, Action::Step(10), "Shift-→ L", "10 steps forward"),
    bind(ch('L'), NONE, Action::Step(10), "Shift-→ L", "10 steps forward"),
    bind(KeyCode::Left, SHIFT, Action::Step(-10), "Shift-← H", "10 steps back"),
    bind(ch('H'), NONE, Action::Step(-10), "Shift-← H", "10 steps back"),
    bind(KeyCode::Home, NONE, Action::FirstStep, "Home g", "first step"),
    bind(ch('g'), NONE, Action::FirstStep, "Home g", "first step"),
    bind(KeyCode::End, NONE, Action::LastStep, "End G", "last step"),
    bind(ch('G'), NONE, Action::LastStep, "End G", "last step"),
    bind(ch('>'), NONE, Action::Faster, "> <", "faster / slower"),
    bind(ch('<'), NONE, Action::Slower, "> <", "faster / slower"),
    bind(KeyCode::Tab, NONE, Action::SelectNext, "Tab S-Tab 1-9", "select an optimizer"),
    bind(KeyCode::BackTab, SHIFT, Action::SelectPrevious, "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('1'), NONE, Action::Select(0), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('2'), NONE, Action::Select(1), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('3'), NONE, Action::Select(2), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('4'), NONE, Action::Select(3), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('5'), NONE, Action::Select(4), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('6'), NONE, Action::Select(5), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('7'), NONE, Action::Select(6), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('8'), NONE, Action::Select(7), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch('9'), NONE, Action::Select(8), "Tab S-Tab 1-9", "select an optimizer"),
    bind(ch(']'), NONE, Action::RaiseLearningRate, "] [", "learning rate up / down"),
    bind(ch('['), NONE, Action::LowerLearningRate, "] [", "learning rate up / down"),
    bind(ch(')'), NONE, Action::FineLearningRate(true), ") (", "learning rate ×1.1 / ÷1.1"),
    bind(ch('('), NONE, Action::FineLearningRate(false), ") (", "learning rate ×1.1 / ÷1.1"),
    bind(ch('}'), NONE, Action::RaiseMomentum, "} {", "momentum/β1/alpha ±0.05, up to 0.99"),
    bind(ch('{'), NONE, Action::LowerMomentum, "} {", "momentum/β1/alpha ±0.05, up to 0.99"),
    bind(ch('}'), ALT, Action::FineMomentum(true), "Alt-} Alt-{", "momentum/β1/alpha ±0.01"),
    bind(ch('{'), ALT, Action::FineMomentum(false), "Alt-} Alt-{", "momentum/β1/alpha ±0.01"),
    bind(ch(']'), ALT, Action::FineLearningRate(true), "Alt-] Alt-[", "learning rate ×1.1 / ÷1.1"),
    bind(ch('['), ALT, Action::FineLearningRate(false), "Alt-] Alt-[", "learning rate ×1.1 / ÷1.1"),
    bind(ch(':'), NONE, Action::OpenCommand, ":", "command line (lr 0.75, type adam, add …)"),
    bind(ch('n'), NONE, Action::Lesson(1), "n p", "next / previous lesson"),
    bind(ch('p'), NONE, Action::Lesson(-1), "n p", "next / previous lesson"),
    bind(ch('u'), NONE, Action::Undo, "u U C-r", "undo / redo one change"),
    bind(ch('U'), NONE, Action::Redo, "u U C-r", "undo / redo one change"),
    bind(ch('r'), CTRL, Action::Redo, "u U C-r", "undo / redo one change"),
    bind(ch('r'), NONE, Action::ResetHyperparameters, "r", "back to the scenario as opened"),
    bind(ch('v'), NONE, Action::ToggleLayout, "v", "overlay / split plots"),
    bind(ch('+'), NONE, Action::ZoomIn, "+ - wheel", "zoom in / out"),
    bind(ch('='), NONE, Action::ZoomIn, "+ - wheel", "zoom in / out"),
    bind(ch('-'), NONE, Action::ZoomOut, "+ - wheel", "zoom in / out"),
    bind(KeyCode::Left, CTRL, Action::Pan(-1, 0), "C-arrows drag", "pan the view"),
    bind(KeyCode::Right, CTRL, Action::Pan(1, 0), "C-arrows drag", "pan the view"),
    bind(KeyCode::Up, CTRL, Action::Pan(0, 1), "C-arrows drag", "pan the view"),
    bind(KeyCode::Down, CTRL, Action::Pan(0, -1), "C-arrows drag", "pan the view"),
    bind(ch('0'), NONE, Action::ResetView, "0", "domain, every start, 3-D camera"),
    bind(ch('S'), NONE, Action::ToggleSurface, "S", "3-D surface / contour map"),
    bind(ch(','), NONE, Action::Turn(-1), ", .", "3-D: turn left / right (or C-←→, drag)"),
    bind(ch('.'), NONE, Action::Turn(1), ", .", "3-D: turn left / right (or C-←→, drag)"),
    bind(KeyCode::Up, NONE, Action::Tilt(1), "↑ ↓", "3-D: tilt up / down"),
    bind(KeyCode::Down, NONE, Action::Tilt(-1), "↑ ↓", "3-D: tilt up / down"),
    bind(ch('f'), NONE, Action::ToggleFollow, "f", "follow: keep every point in view"),
    bind(ch('E'), NONE, Action::ToggleAspect, "E", "equal aspect on / off"),
    bind(ch('a'), NONE, Action::CycleArrows, "a", "arrows: off, selected, all"),
    bind(ch('t'), NONE, Action::ToggleFade, "t", "fade old steps on / off"),
    bind(ch('F'), NONE, Action::TogglePresenter, "F", "presenter mode: the plot large, no hints"),
    bind(ch('d'), NONE, Action::ToggleHidden, "d", "hide / show the selected run"),
    bind(ch('c'), NONE, Action::CycleChart, "c", "chart: loss, lr, |∇f|, distance"),
    bind(ch('C'), NONE, Action::ToggleChartAxis, "C", "chart against steps / evaluations"),
    bind(ch('e'), NONE, Action::ToggleExplain, "e", "explain this step"),
    bind(ch('b'), NONE, Action::ToggleBasins, "b", "basins of attraction"),
    bind(ch('s'), NONE, Action::ToggleSweep, "s", "learning-rate sweep"),
    bind(ch('m'), NONE, Action::ToggleRateMap, "m", "rate map: every (lr, momentum) pair"),
    bind(ch('o'), NONE, Action::OpenPicker, "o", "open a lesson/file"),
    bind(ch('R'), NONE, Action::Reload, "R", "reload the file (a lesson: as built in)"),
    bind(ch('w'), NONE, Action::Save, "w", "save tuned copy"),
    bind(ch('P'), NONE, Action::SavePicture, "P", "save the screen as PNG and SVG"),
    bind(ch('M'), NONE, Action::ToggleRecording, "M", "record the screen (.cast) / stop"),
    bind(ch('x'), NONE, Action::ExportCsv, "x X", "export CSV / JSON"),
    bind(ch('X'), NONE, Action::ExportJson, "x X", "export CSV / JSON"),
    bind(ch('?'), NONE, Action::ToggleHelp, "?", "this help"),
    bind(KeyCode::Esc, NONE, Action::Back, "Esc", "close a panel (never quits)"),
    bind(ch('q'), NONE, Action::Quit, "q C-c", "quit"),
    bind(ch('c'), CTRL, Action::Quit, "q C-c", "quit"),
];

/// Keys while the help is open.
pub const HELP_KEYMAP: &[Binding] = &[
    bind(KeyCode::Up, NONE, Action::HelpScroll(-1), "↑ ↓ k j", "help: scroll"),
    bind(ch('k'), NONE, Action::HelpScroll(-1), "↑ ↓ k j", "help: scroll"),
    bind(KeyCode::Down, NONE, Action::HelpScroll(1), "↑ ↓ k j", "help: scroll"),
    bind(ch('j'), NONE, Action::HelpScroll(1), "↑ ↓ k j", "help: scroll"),
    bind(KeyCode::PageUp, NONE, Action::HelpScroll(-10), "PgUp PgDn", "help: scroll a page"),
    bind(KeyCode::PageDown, NONE, Action::HelpScroll(10), "PgUp PgDn", "help: scroll a page"),
    bind(ch(' '), NONE, Action::HelpScroll(10), "PgUp PgDn", "help: scroll a page"),
    bind(KeyCode::Home, NONE, Action::HelpScroll(i32::MIN), "Home End", "help: top, bottom"),
    bind(KeyCode::End, NONE, Action::HelpScroll(i32::MAX), "Home End", "help: top, bottom"),
    bind(KeyCode::Esc, NONE, Action::ToggleHelp, "Esc ?", "help: close"),
    bind(ch('?'), NONE, Action::ToggleHelp, "Esc ?", "help: close"),
    bind(ch('q'), NONE, Action::Quit, "q C-c", "quit"),
    bind(ch('c'), CTRL, Action::Quit, "q C-c", "quit"),
];

/// Keys while the lesson picker is open.
pub const PICKER_KEYMAP: &[Binding] = &[
    bind(KeyCode::Up, NONE, Action::PickerMove(-1), "↑ ↓ k j", "picker: move"),
    bind(ch('k'), NONE, Action::PickerMove(-1), "↑ ↓ k j", "picker: move"),
    bind(KeyCode::Down, NONE, Action::PickerMove(1), "↑ ↓ k j", "picker: move"),
    bind(ch('j'), NONE, Action::PickerMove(1), "↑ ↓ k j", "picker: move"),
    bind(KeyCode::PageUp, NONE, Action::PickerMove(-10), "↑ ↓ k j", "picker: move"),
    bind(KeyCode::PageDown, NONE, Action::PickerMove(10), "↑ ↓ k j", "picker: move"),
    bind(KeyCode::Enter, NONE, Action::PickerChoose, "Enter", "picker: open"),
    bind(KeyCode::Esc, NONE, Action::Back, "Esc o q", "picker: close"),
    bind(ch('o'), NONE, Action::Back, "Esc o q", "picker: close"),
    bind(ch('q'), NONE, Action::Back, "Esc o q", "picker: close"),
    bind(ch('c'), CTRL, Action::Quit, "q C-c", "quit"),
];

/// The action a key press asks for in the main view, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    lookup(KEYMAP, key)
}

/// The action a key press asks for while the help is open, if any.
pub fn help_action_for(key: KeyEvent) -> Option<Action> {
    lookup(HELP_KEYMAP, key)
}

/// The action a key press asks for while the command line is open: every
/// key edits the line, but Ctrl-C still quits.
pub fn command_action_for(key: KeyEvent) -> Option<Action> {
    use super::command::CommandKey as K;
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Action::Quit);
    }
    let typed = match key.code {
        // A control key is not text: the terminal sends BEL as Ctrl-G.
        KeyCode::Char(_) if key.modifiers.contains(KeyModifiers::CONTROL) => return None,
        KeyCode::Char(c) => K::Char(c),
        KeyCode::Backspace => K::Backspace,
        KeyCode::Delete => K::Delete,
        KeyCode::Left => K::Left,
        KeyCode::Right => K::Right,
        KeyCode::Home => K::Home,
        KeyCode::End => K::End,
        KeyCode::Up => K::Up,
        KeyCode::Down => K::Down,
        KeyCode::Tab => K::Tab,
        KeyCode::Enter => K::Enter,
        KeyCode::Esc => K::Cancel,
        _ => return None,
    };
    Some(Action::Command(typed))
}

/// The action a key press asks for while the picker is open, if any.
pub fn picker_action_for(key: KeyEvent) -> Option<Action> {
    lookup(PICKER_KEYMAP, key)
}

fn lookup(table: &[Binding], key: KeyEvent) -> Option<Action> {
    let mut modifiers = key.modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
    if matches!(key.code, KeyCode::Char(_)) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    if key.code == KeyCode::BackTab {
        modifiers.insert(KeyModifiers::SHIFT);
    }
    table.iter().find(|b| b.code == key.code && b.modifiers == modifiers).map(|b| b.action)
}

/// The help's rows: (keys, what they do), each once, in table order; the
/// help's and the picker's own keys last.
pub fn help_rows() -> Vec<(&'static str, &'static str)> {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for b in KEYMAP.iter().chain(HELP_KEYMAP).chain(PICKER_KEYMAP) {
        if !rows.contains(&(b.keys, b.help)) {
            rows.push((b.keys, b.help));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        action_for(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_map_to_their_actions() {
        assert_eq!(key(KeyCode::Right, NONE), Some(Action::Step(1)));
        assert_eq!(key(KeyCode::Right, SHIFT), Some(Action::Step(10)));
        assert_eq!(key(KeyCode::Right, CTRL), Some(Action::Pan(1, 0)));
        // Terminals report '}' with or without Shift held.
        assert_eq!(key(ch('}'), SHIFT), Some(Action::RaiseMomentum));
        assert_eq!(key(ch('}'), NONE), Some(Action::RaiseMomentum));
        assert_eq!(key(ch('L'), SHIFT), Some(Action::Step(10)));
        assert_eq!(key(ch('c'), CTRL), Some(Action::Quit));
        assert_eq!(key(ch('c'), NONE), Some(Action::CycleChart));
        assert_eq!(key(KeyCode::BackTab, NONE), Some(Action::SelectPrevious));
        assert_eq!(key(ch('7'), NONE), Some(Action::Select(6)));
    }

    #[test]
    fn no_key_is_bound_twice() {
        for table in [KEYMAP, HELP_KEYMAP, PICKER_KEYMAP] {
            for (i, a) in table.iter().enumerate() {
                for b in &table[i + 1..] {
                    assert!(
                        !(a.code == b.code && a.modifiers == b.modifiers),
                        "{:?} {:?} bound twice",
                        a.code,
                        a.modifiers
                    );
                }
            }
        }
    }

    #[test]
    fn help_lists_each_group_once() {
        let rows = help_rows();
        assert_eq!(rows.iter().filter(|r| r.0 == "Tab S-Tab 1-9").count(), 1);
        assert!(rows.iter().any(|r| r.0 == "?"));
    }
}
