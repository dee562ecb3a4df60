//! What a user can ask for, named by intent.

/// Something the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Raise its momentum-like hyperparameter by 0.05.
    RaiseMomentum,
    /// Lower it by 0.05.
    LowerMomentum,
    /// Put every hyperparameter and start back as the scenario has them.
    ResetHyperparameters,
    /// Switch between one plot and one plot per optimizer.
    ToggleLayout,
    /// Zoom into the centre of the view.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Move the view by a tenth of its size: (right, up).
    Pan(i8, i8),
    /// Show the whole domain again.
    ResetView,
    /// Show or hide the help.
    ToggleHelp,
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
    /// Write the trajectories to a new CSV file.
    ExportCsv,
    /// Write the trajectories to a new JSON file.
    ExportJson,
    /// Close the open overlay, or quit when none is open.
    Back,
    /// Leave.
    Quit,
}
