//! The scenario file's shape, as serde reads it: unknown fields refused.
//!
//! Every field is an `Option`, even those a scenario needs: a missing one is
//! told by the validation in words (`steps: missing; …`), and a field whose
//! value is wrong can be taken out so that the rest of the file is still
//! checked (`shape.rs`). What each field must hold is read from these types,
//! so a new field is declared here once: the checker's shapes and the JSON
//! Schema of `losscape schema` (`schema.rs`, which adds what only the
//! validation knows: required fields, names from closed lists, each
//! optimizer type's fields) both come from them. A field's doc comment is
//! the help an editor shows for it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A losscape scenario: a landscape, a start and the optimizers that race
/// down it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "losscape scenario", transform = super::schema::scenario)]
pub(super) struct ScenarioFile {
    /// The scenario's name, shown in the view's title and the picker
    /// (default: the file name; at most 200 characters).
    pub(super) name: Option<String>,
    /// What the lesson shows, in a few sentences (at most 10,000 characters).
    pub(super) description: Option<String>,
    /// The lesson's point in one line, shown at the top of the view at every
    /// size (at most 120 characters; best under 70, to fit 80 columns).
    pub(super) headline: Option<String>,
    /// The landscape: a built-in by name ("rosenbrock"), a built-in with
    /// parameters ({"name": "rosenbrock", "a": 1, "b": 100}), a line fit to
    /// data ({"name": "linear_regression", "points": [[x, y], ...]} or
    /// "csv": "data.csv" beside the file), or an expression
    /// ({"expr": "x^2 + 10*y^2"}), or a network ({"name": "mlp", "hidden":
    /// [16, 16], "data": {"name": "moons"}}). `losscape list` shows every
    /// built-in.
    pub(super) function: Option<Value>,
    /// The part of parameter space drawn: {"x": [xmin, xmax], "y": [ymin,
    /// ymax]} (no y in 1-D); default: the function's own.
    pub(super) domain: Option<DomainFile>,
    /// Where every optimizer starts (unless it has its own start): [x, y],
    /// or in 1-D a number or [x]; one number a parameter in more (a
    /// network's default: its seeded initial weights).
    pub(super) start: Option<Value>,
    /// How many steps each optimizer takes, 1 to 1,000,000.
    pub(super) steps: Option<u64>,
    /// Networks only: `losscape run` reports the sharpness (the Hessian's
    /// largest eigenvalue) at step 0 and every this many steps (default:
    /// not at all).
    pub(super) sharpness_every: Option<u64>,
    /// The plane through weight space that `losscape run` places each
    /// step on, its (a, b) and distance beside: {"kind": "pca"} (the runs'
    /// principal components), {"kind": "random", "seed": 0}
    /// (filter-normalised directions; networks), {"kind": "hessian"} (the
    /// top two Hessian eigenvectors) or {"kind": "line", "from": "start",
    /// "to": "gd"} (the line between two weight vectors).
    pub(super) plane: Option<PlaneFile>,
    /// Seeds gradient noise and mini-batch order (default 0).
    pub(super) seed: Option<u64>,
    /// Early stops: a run that meets any of these ends as converged.
    pub(super) stop: Option<StopFile>,
    /// The optimizers that race, 1 to 12.
    pub(super) optimizers: Option<Vec<OptimizerFile>>,
    /// true: the interactive view starts playing at once.
    pub(super) autoplay: Option<bool>,
    /// Every optimizer on one plot ("overlay", the default) or one plot
    /// each ("split").
    pub(super) layout: Option<String>,
    /// The label of the optimizer selected at first and drawn on top: the
    /// lesson's focus (default: the first).
    pub(super) select: Option<String>,
    /// true: the view widens to keep every path in sight.
    pub(super) follow: Option<bool>,
    /// "auto" (fill the plot, the default) or "equal" (one unit as long
    /// along x as along y).
    pub(super) aspect: Option<String>,
    /// Arrows at the current points: "off" (the default), "selected" or "all".
    pub(super) arrows: Option<String>,
    /// Playback speed, 1 to 200 steps a second (default 10).
    pub(super) speed: Option<f64>,
    /// What the chart plots: "loss" (the default), "lr", "grad_norm" or
    /// "distance".
    pub(super) chart: Option<String>,
    /// The chart's x axis: "step" (the default) or "evals" (gradient
    /// evaluations).
    pub(super) chart_x: Option<String>,
    /// What opens with the scenario: "chart" (the default), "explain",
    /// "sweep", "basins" or "ratemap".
    pub(super) open: Option<String>,
    /// "contour" (the default) or "3d": the plot as a surface (2-D
    /// landscapes).
    pub(super) view: Option<String>,
    /// The JSON Schema this file follows, for editors (`losscape schema`
    /// prints it); losscape itself ignores it.
    #[serde(rename = "$schema")]
    #[expect(dead_code, reason = "accepted for editors, and ignored")]
    pub(super) schema: Option<String>,
    /// How the map's colour levels are spaced: "auto" (the default: log
    /// where the values span decades), "log" or "linear".
    pub(super) levels: Option<String>,
    /// The step the view opens at (at most `steps`; default 0).
    pub(super) open_step: Option<u64>,
}

/// A rectangle of parameter space (an interval in 1-D).
#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::schema::domain)]
pub(super) struct DomainFile {
    /// [xmin, xmax]: finite, xmin < xmax, within ±1e9.
    pub(super) x: Option<[f64; 2]>,
    /// [ymin, ymax] (2-D landscapes only).
    pub(super) y: Option<[f64; 2]>,
}

/// A plane (or line) through weight space to place the runs on.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::schema::plane)]
pub(super) struct PlaneFile {
    /// "pca" (the runs' iterates' two principal components, centred on
    /// the mean of their last weights), "random" (two filter-normalised
    /// random directions there; networks only), "hessian" (the Hessian's
    /// two top eigenvectors there) or "line" (between two weight vectors).
    pub(super) kind: Option<String>,
    /// "random" only: seeds the directions (default 0).
    pub(super) seed: Option<u64>,
    /// "line" only: where t = 0, "start" (the first optimizer's start, the
    /// default) or an optimizer's label (its last weights).
    pub(super) from: Option<String>,
    /// "line" only: where t = 1, an optimizer's label (its last weights;
    /// default: the first optimizer's).
    pub(super) to: Option<String>,
}

/// Early-stop rules: a run that meets any of them ends as converged.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StopFile {
    /// Stop when |∇f| falls below this (> 0).
    pub(super) grad_norm: Option<f64>,
    /// Stop when a step moves θ by less than this (> 0).
    pub(super) param_change: Option<f64>,
    /// Stop when a step changes f by less than this (> 0).
    pub(super) loss_change: Option<f64>,
}

/// One optimizer: its type, its learning rate and the hyperparameters of
/// its type, as torch.optim names them.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::schema::optimizer)]
pub(super) struct OptimizerFile {
    /// The optimizer, as torch.optim names it (gd and momentum are SGD
    /// with momentum 0 and 0.9; newton is Newton's method).
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    /// Its name on screen, unique (default: the type, numbered when repeated;
    /// at most 100 characters).
    pub(super) label: Option<String>,
    /// The learning rate, > 0 and at most 1e6 (default: torch's for the type).
    pub(super) lr: Option<f64>,
    /// Momentum μ in [0, 1] (sgd, momentum, nesterov, rmsprop).
    pub(super) momentum: Option<f64>,
    /// Dampening τ of the momentum buffer, in [0, 1] (sgd family).
    pub(super) dampening: Option<f64>,
    /// Nesterov momentum (sgd, momentum).
    pub(super) nesterov: Option<bool>,
    /// Weight decay λ ≥ 0 (L2 added to the gradient; decoupled in adamw and lion).
    pub(super) weight_decay: Option<f64>,
    /// Adagrad's learning-rate decay, ≥ 0.
    pub(super) lr_decay: Option<f64>,
    /// Adagrad's starting sum of squares, ≥ 0.
    pub(super) initial_accumulator_value: Option<f64>,
    /// Added to the denominator for numerical stability, ≥ 0.
    pub(super) eps: Option<f64>,
    /// RMSprop's smoothing constant α, in [0, 1].
    pub(super) alpha: Option<f64>,
    /// RMSprop: divide by the variance rather than the second moment.
    pub(super) centered: Option<bool>,
    /// [β1, β2], each in [0, 1): the decay of the first and second moments
    /// (lion: the blend whose sign is the step, and the momentum's decay).
    pub(super) betas: Option<[f64; 2]>,
    /// Adam and AdamW: keep the largest second moment seen.
    pub(super) amsgrad: Option<bool>,
    /// This optimizer's own start, overriding the scenario's.
    pub(super) start: Option<Value>,
    /// A learning-rate schedule, stepped after every optimizer step.
    pub(super) schedule: Option<ScheduleFile>,
    /// Clip the gradient's norm to this (> 0), like torch.nn.utils.clip_grad_norm_.
    pub(super) clip_norm: Option<f64>,
    /// Standard deviation of Gaussian noise added to each gradient component, ≥ 0.
    pub(super) noise: Option<f64>,
    /// Data landscapes only: the gradient is the mean over a mini-batch of
    /// this many points (at least 1).
    pub(super) batch_size: Option<u64>,
    /// Its colour: #rrggbb, or red, orange, yellow, green, cyan, blue,
    /// purple, magenta, pink, white, black, gray.
    pub(super) color: Option<String>,
    /// The momentum form of the sgd family: "pytorch" (the default) or
    /// "ema" (b ← μb + (1−μ)g).
    pub(super) form: Option<String>,
    /// NAdam's momentum decay ψ, ≥ 0.
    pub(super) momentum_decay: Option<f64>,
    /// NAdam and RAdam: weight decay as in AdamW.
    pub(super) decoupled_weight_decay: Option<bool>,
    /// Adadelta's decay ρ, in [0, 1].
    pub(super) rho: Option<f64>,
    /// Rprop's [η−, η+], 0 < η− < 1 < η+.
    pub(super) etas: Option<[f64; 2]>,
    /// Rprop's [smallest, largest] step size, 0 ≤ smallest ≤ largest.
    pub(super) step_sizes: Option<[f64; 2]>,
    /// L-BFGS: the most inner iterations a step makes, 1 to 10,000 (default 20).
    pub(super) max_iter: Option<u64>,
    /// L-BFGS: the most evaluations a step makes, 1 to 100,000 (default max_iter·5/4).
    pub(super) max_eval: Option<u64>,
    /// L-BFGS: a step ends when max |g| is at most this, ≥ 0 (default 1e-7).
    pub(super) tolerance_grad: Option<f64>,
    /// L-BFGS: a step ends when its progress falls below this, ≥ 0 (default 1e-9).
    pub(super) tolerance_change: Option<f64>,
    /// L-BFGS: how many (s, y) pairs it remembers, 1 to 10,000 (default 100).
    pub(super) history_size: Option<u64>,
    /// L-BFGS: "strong_wolfe", or null for a fixed step of lr.
    pub(super) line_search_fn: Option<String>,
}

/// A learning-rate schedule, with torch's semantics.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::schema::schedule)]
pub(super) struct ScheduleFile {
    /// step (StepLR), exponential (ExponentialLR), cosine
    /// (CosineAnnealingLR) or plateau (ReduceLROnPlateau).
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    /// step: multiply by gamma every this many steps (at least 1).
    pub(super) step_size: Option<u64>,
    /// step, exponential: the factor, > 0.
    pub(super) gamma: Option<f64>,
    /// cosine: the half period in steps (at least 1).
    pub(super) t_max: Option<u64>,
    /// cosine: the smallest rate, ≥ 0 (default 0).
    pub(super) eta_min: Option<f64>,
    /// plateau: the factor, in (0, 1) (default 0.1).
    pub(super) factor: Option<f64>,
    /// plateau: steps without improvement before the rate drops (default 10).
    pub(super) patience: Option<u64>,
    /// plateau: the relative improvement that counts, ≥ 0 (default 1e-4).
    pub(super) threshold: Option<f64>,
    /// plateau: the smallest rate, ≥ 0 (default 0).
    pub(super) min_lr: Option<f64>,
}
