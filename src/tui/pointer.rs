//! The mouse: presses, drags, releases and the wheel over the plots become
//! actions, through the layout of the screen as last drawn.

use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::action::Action;
use super::view::ScreenLayout;

/// What the left button is doing.
#[derive(Debug, Default)]
pub struct Pointer {
    /// Where a left-button drag started (or last moved to), and whether it moved.
    drag: Option<((u16, u16), bool)>,
}

impl Pointer {
    /// The action a mouse event asks for, if any. A click on a plot moves
    /// the selected optimizer's start there (with Ctrl or Alt held, every
    /// optimizer's); a drag pans; the wheel zooms around the pointer.
    pub fn action_for(&mut self, event: MouseEvent, screen: &ScreenLayout) -> Option<Action> {
        let at = (event.column, event.row);
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.drag = Some((at, false));
                None
            }
            MouseEventKind::Drag(MouseButton::Left) => {
                let (from, _) = self.drag?;
                let plot = screen.plot_at(from)?;
                let dx = f64::from(at.0) - f64::from(from.0);
                let dy = f64::from(at.1) - f64::from(from.1);
                if dx == 0.0 && dy == 0.0 {
                    return None;
                }
                self.drag = Some((at, true));
                Some(Action::PanBy {
                    right: -dx / f64::from(plot.area.width.max(1)),
                    up: dy / f64::from(plot.area.height.max(1)),
                })
            }
            MouseEventKind::Up(MouseButton::Left) => {
                let dragged = self.drag.take().is_some_and(|(_, moved)| moved);
                let all = event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                (!dragged).then(|| screen.point_at(at)).flatten().map(|at| Action::MoveStart { at, all })
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let zoom_in = event.kind == MouseEventKind::ScrollUp;
                Some(match screen.point_at(at) {
                    Some(at) => Action::ZoomAround { at, zoom_in },
                    None if zoom_in => Action::ZoomIn,
                    None => Action::ZoomOut,
                })
            }
            _ => None,
        }
    }
}
