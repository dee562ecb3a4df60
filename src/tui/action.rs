//! What a user can ask for, named by intent.

use super::command::CommandKey;
use crate::core::Vec2;

/// Something the user asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Start or stop playback.
    TogglePlay,
    /// Move the given number of steps (negative: back).
    Step(i32),
    /// Go to step 0.
    FirstStep,
    /// Go to the last step.
    LastStep,
    /// Play faster.
    Faster,
    /// Play slower.
    Slower,
    /// Select the next optimizer.
    SelectNext,
    /// Select the previous optimizer.
    SelectPrevious,
    /// Select optimizer n (0-based).
    Select(usize),
    /// Raise the selected optimizer's learning rate one rung.
    RaiseLearningRate,
    /// Lower it one rung.
    LowerLearningRate,
    /// Multiply (true) or divide the selected optimizer's learning rate by 1.1.
    FineLearningRate(bool),
    /// Raise (true) or lower its momentum-like hyperparameter by 0.01.
    FineMomentum(bool),
    /// Raise its momentum-like hyperparameter by 0.05.
    RaiseMomentum,
    /// Lower it by 0.05.
    LowerMomentum,
    /// Return to the scenario as opened: every change undone, as one change.
    ResetHyperparameters,
    /// Take back the last change (a key, a `:` line, a click, a reset, a reload).
    Undo,
    /// Put back the last change taken back.
    Redo,
    /// Switch between one plot and one plot per optimizer.
    ToggleLayout,
    /// Zoom into the centre of the view.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Move the view by a tenth of its size: (right, up); in 3-D, turn and
    /// tilt the camera instead.
    Pan(i8, i8),
    /// In 3-D, tilt the camera up (positive) or down.
    Tilt(i8),
    /// In 3-D, turn the camera about the vertical: positive as a drag to
    /// the right, or Ctrl-→.
    Turn(i8),
    /// The plot as a 3-D surface, or as contours.
    ToggleSurface,
    /// Move the view by fractions of its size (a drag).
    PanBy {
        /// Rightward, as a fraction of the width.
        right: f64,
        /// Upward, as a fraction of the height.
        up: f64,
    },
    /// Zoom in or out around a point of parameter space (the wheel).
    ZoomAround {
        /// The point that stays put.
        at: Vec2,
        /// In, or out.
        zoom_in: bool,
    },
    /// Restart from a point: the selected optimizer, or all of them.
    MoveStart {
        /// The new start.
        at: Vec2,
        /// Every optimizer, not only the selected one.
        all: bool,
    },
    /// Widen the view to keep every current point on screen, or stop.
    ToggleFollow,
    /// One unit equally long along x and y, or fill the plot.
    ToggleAspect,
    /// Arrows at the current points: off, the selected optimizer's, all.
    CycleArrows,
    /// Fade old steps of each path, or draw them all alike.
    ToggleFade,
    /// Presenter mode: the plot takes the screen, paths and marks drawn
    /// large, no key hints, the latest event in a band of its own.
    TogglePresenter,
    /// Hide the selected optimizer's path, point and curve, or show them.
    ToggleHidden,
    /// The chart's quantity: loss, learning rate, |∇f|, distance to a minimum.
    CycleChart,
    /// The rate map of the selected optimizer over (learning rate, momentum).
    ToggleRateMap,
    /// The chart's x axis: steps or gradient evaluations.
    ToggleChartAxis,
    /// Show the whole domain again.
    ResetView,
    /// Show or hide the help.
    ToggleHelp,
    /// Open the command line.
    OpenCommand,
    /// A key typed into the command line.
    Command(CommandKey),
    /// Open the next (1) or previous (−1) lesson, in the order of `losscape lessons`.
    Lesson(i32),
    /// Scroll the help by n lines (negative: up).
    HelpScroll(i32),
    /// Show or hide the breakdown of the selected optimizer's current step.
    ToggleExplain,
    /// Read the scenario file again.
    Reload,
    /// Show or hide the basins of attraction of the selected optimizer.
    ToggleBasins,
    /// Show or hide the learning-rate sweep of the selected optimizer.
    ToggleSweep,
    /// Open the lesson picker.
    OpenPicker,
    /// Move the picker's selection by n entries.
    PickerMove(i32),
    /// Open the picker's selected entry.
    PickerChoose,
    /// Write the scenario as tuned to a new file.
    Save,
    /// Save the screen as a PNG and an SVG picture.
    SavePicture,
    /// Start or stop recording the screen to an asciicast file.
    ToggleRecording,
    /// Write the trajectories to a new CSV file.
    ExportCsv,
    /// Write the trajectories to a new JSON file.
    ExportJson,
    /// Close the open overlay, else the open panel; never quits.
    Back,
    /// Leave.
    Quit,
}
