//! A network as the `function`: `{"name": "mlp", "hidden": [16, 16],
//! "activation": "tanh", "loss": "mse", "data": {"name": "moons", "count":
//! 200, "noise": 0.1, "seed": 0}, "init_seed": 0}`, its data generated or
//! read from a CSV file of x1, x2, target rows beside the scenario.

use std::path::Path;

use serde_json::{Map, Value};

use super::MAX_STEPS;
use super::file::PlaneFile;
use super::function::read_data_file;
use super::shape::{described, unknown_field};
use super::validate::{Invalid, Noted, Problems, check, invalid};
use crate::core::Vector;
use crate::core::landscape::datasets::{MAX_CLASSES, MAX_NOISE, MAX_SAMPLES};
use crate::core::landscape::mlp::{MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS};
use crate::core::landscape::{
    Activation, Generator, Kind, LabelledPoints, Landscape, Loss, Mlp, MlpError, parse_columns,
};
use crate::core::plane::{LineEnd, PlaneChoice};

/// The fields of a network.
pub(super) const MLP_FIELDS: [&str; 6] = ["name", "hidden", "activation", "loss", "data", "init_seed"];
/// The activations, by their names in scenario files.
pub(super) const ACTIVATIONS: [(Activation, &str); 3] =
    [(Activation::Tanh, "tanh"), (Activation::Relu, "relu"), (Activation::Sigmoid, "sigmoid")];
/// The losses' names in scenario files.
pub(super) const LOSS_NAMES: [&str; 3] = ["mse", "logistic", "cross_entropy"];
/// The generators' names, and the parameter each takes besides count,
/// noise and seed.
pub(super) const GENERATORS: [(&str, Option<&str>); 6] = [
    ("moons", None),
    ("circles", Some("factor")),
    ("spirals", Some("arms")),
    ("xor", None),
    ("blobs", Some("centers")),
    ("noisy_line", None),
];
/// The fields every generated data set takes.
pub(super) const GENERATED_FIELDS: [&str; 4] = ["name", "count", "noise", "seed"];
/// Points a generated data set has unless it says.
pub const DEFAULT_COUNT: usize = 200;
/// The noise of a generated data set unless it says.
pub const DEFAULT_NOISE: f64 = 0.1;
/// The inner circle's radius of `circles` unless it says.
pub const DEFAULT_FACTOR: f64 = 0.5;
/// The classes of `spirals` (arms) and `blobs` (centres) unless they say.
pub const DEFAULT_CLASSES: usize = 2;
/// How a file gives a network.
pub(super) const MLP_SHAPE: &str =
    "{\"name\": \"mlp\", \"hidden\": [16, 16], \"data\": {\"name\": \"moons\", \"count\": 200}}";
/// How a file gives a network's data.
const DATA_SHAPE: &str =
    "{\"name\": \"moons\", \"count\": 200, \"noise\": 0.1, \"seed\": 0} or {\"csv\": \"points.csv\"}";

/// A network and its seeded initial weights, or `None` with its problems noted.
pub(super) fn parse_network(
    object: &Map<String, Value>,
    base: &Path,
    problems: &mut Problems,
) -> Option<(Mlp, Vector)> {
    let before = problems.len();
    for key in object.keys().filter(|k| !MLP_FIELDS.contains(&k.as_str())) {
        problems.push(invalid(format!("function.{key}"), unknown_field(key, &MLP_FIELDS, "mlp's fields")));
    }
    let hidden = match object.get("hidden") {
        Some(v) => parse_hidden(v, problems),
        None => {
            problems.push(invalid("function", format!("mlp needs `hidden`, its hidden layers' widths: {MLP_SHAPE}")));
            None
        }
    };
    let activation = match object.get("activation") {
        None => Some(Activation::Tanh),
        Some(v) => named("function.activation", v, "activation", &ACTIVATIONS.map(|(_, n)| n))
            .map(|i| ACTIVATIONS[i].0)
            .noted(problems),
    };
    let loss = object.get("loss").map_or(Ok(0), |v| named("function.loss", v, "loss", &LOSS_NAMES)).noted(problems);
    let init_seed = object.get("init_seed").map_or(Ok(0), |v| whole("function.init_seed", v)).noted(problems);
    let data = match object.get("data") {
        Some(v) => parse_data(v, loss, base, problems),
        None => {
            problems.push(invalid("function", format!("mlp needs `data`: {DATA_SHAPE}")));
            None
        }
    };
    if problems.len() > before {
        return None;
    }
    let (hidden, activation, loss, init_seed, (data, from)) = (hidden?, activation?, loss?, init_seed?, data?);
    let loss = match (LOSS_NAMES[loss], data.classes()) {
        ("mse", _) => Loss::Mse,
        ("logistic", Some(k)) if k > 2 => {
            return Err(invalid(
                "function.loss",
                format!("logistic is for two classes; {from} has {k}: use cross_entropy"),
            ))
            .noted(problems);
        }
        ("logistic", None) if from == "noisy_line" => {
            return Err(invalid(
                "function.loss",
                "logistic is for two classes; noisy_line's targets are real numbers: use mse",
            ))
            .noted(problems);
        }
        ("logistic", _) => Loss::Logistic,
        (_, Some(classes)) => Loss::CrossEntropy { classes },
        (_, None) => {
            return Err(invalid(
                "function.loss",
                format!("cross_entropy needs classes, and {from} has real-valued targets: use mse"),
            ))
            .noted(problems);
        }
    };
    match Mlp::new(&hidden, activation, loss, data) {
        Ok(mlp) => {
            let init = mlp.init(init_seed);
            Some((mlp, init))
        }
        Err(e @ MlpError::Target { .. }) => {
            problems.push(invalid("function.loss", format!("{e} (logistic targets lie in [0, 1])")));
            None
        }
        Err(e) => {
            problems.push(invalid("function", e.to_string()));
            None
        }
    }
}

/// The index of a name from `names`.
fn named(path: &str, value: &Value, what: &str, names: &[&str]) -> Result<usize, Invalid> {
    let Some(name) = value.as_str() else {
        return Err(invalid(path, format!("must be one of {} in quotes, not {}", names.join(", "), described(value))));
    };
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| invalid(path, format!("unknown {what} `{name}`; allowed: {}", names.join(", "))))
}

/// A whole number, 0 or more.
fn whole(path: &str, value: &Value) -> Result<u64, Invalid> {
    value.as_u64().ok_or_else(|| invalid(path, format!("must be a whole number, 0 or more, not {}", described(value))))
}

/// A whole number from `lo` to `hi`, of what it counts.
fn whole_within(path: &str, value: &Value, (lo, hi): (usize, usize), of: &str) -> Result<usize, Invalid> {
    match value.as_u64() {
        Some(n) if (lo as u64..=hi as u64).contains(&n) => Ok(n as usize),
        _ => Err(invalid(path, format!("must be a whole number from {lo} to {hi} ({of}), got {}", described(value)))),
    }
}

/// The widths of the hidden layers.
fn parse_hidden(value: &Value, problems: &mut Problems) -> Option<Vec<usize>> {
    let Some(items) = value.as_array() else {
        problems.push(invalid(
            "function.hidden",
            format!("must be a list of the hidden layers' widths, such as [16, 16], not {}", described(value)),
        ));
        return None;
    };
    if !(1..=MAX_HIDDEN_LAYERS).contains(&items.len()) {
        problems.push(invalid(
            "function.hidden",
            format!("a network has 1 to {MAX_HIDDEN_LAYERS} hidden layers, one width each, got {}", items.len()),
        ));
        return None;
    }
    let before = problems.len();
    let widths: Vec<usize> = items
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            whole_within(&format!("function.hidden[{i}]"), v, (1, MAX_HIDDEN_UNITS), "units of a hidden layer")
                .noted(problems)
        })
        .collect();
    (problems.len() == before).then_some(widths)
}

/// The data and what to call it in messages, or `None` with its problems
/// noted. `loss` (its index in [`LOSS_NAMES`]) decides what a CSV file's
/// targets are: classes for cross-entropy.
fn parse_data(
    value: &Value,
    loss: Option<usize>,
    base: &Path,
    problems: &mut Problems,
) -> Option<(LabelledPoints, String)> {
    let Some(object) = value.as_object() else {
        problems.push(invalid(
            "function.data",
            format!("must be a data set such as {DATA_SHAPE}, not {}", described(value)),
        ));
        return None;
    };
    match (object.get("name"), object.get("csv")) {
        (Some(_), Some(_)) => {
            problems
                .push(invalid("function.data", "give either `name` (generated points) or `csv` (a file), not both"));
            None
        }
        (None, None) => {
            problems.push(invalid("function.data", format!("needs `name` (generated points) or `csv`: {DATA_SHAPE}")));
            None
        }
        (None, Some(csv)) => {
            for key in object.keys().filter(|k| *k != "csv") {
                problems.push(invalid(
                    format!("function.data.{key}"),
                    unknown_field(key, &["csv"], "a data file's fields"),
                ));
            }
            let classes = loss.map(|l| LOSS_NAMES[l] == "cross_entropy");
            read_points(csv, classes?, base).noted(problems)
        }
        (Some(name), None) => generate(name, object, problems),
    }
}

/// Points from a CSV file of x1, x2, target rows: classes 0, 1, … when
/// `classes` (a cross-entropy's targets), else real targets.
fn read_points(csv: &Value, classes: bool, base: &Path) -> Result<(LabelledPoints, String), Invalid> {
    let (path, text) = read_data_file("function.data.csv", csv, base)?;
    let at = |e: String| invalid("function.data.csv", format!("{}: {e}", path.display()));
    let rows = parse_columns::<3>(&text, MAX_SAMPLES).map_err(at)?;
    let (points, targets): (Vec<[f64; 2]>, Vec<f64>) = rows.iter().map(|r| ([r[0], r[1]], r[2])).unzip();
    let classes = if classes {
        if let Some((i, t)) = targets.iter().enumerate().find(|(_, t)| t.fract() != 0.0 || **t < 0.0) {
            return Err(at(format!("row {} has target {t}; cross_entropy's targets are classes 0, 1, …", i + 1)));
        }
        let k = targets.iter().fold(0.0f64, |m, &t| m.max(t)) as usize + 1;
        if !(2..=MAX_CLASSES).contains(&k) {
            return Err(at(format!("its targets give {k} classes; cross_entropy takes 2 to {MAX_CLASSES}")));
        }
        Some(k)
    } else {
        None
    };
    let name = format!("{}", path.display());
    LabelledPoints::new(points, targets, classes).map(|d| (d, name)).ok_or_else(|| at("no data rows".into()))
}

/// Generated points, every parameter within its bounds.
fn generate(name: &Value, object: &Map<String, Value>, problems: &mut Problems) -> Option<(LabelledPoints, String)> {
    let names = GENERATORS.map(|(n, _)| n);
    let index = named("function.data.name", name, "data set", &names).noted(problems)?;
    let (name, own) = GENERATORS[index];
    let mut fields = GENERATED_FIELDS.to_vec();
    fields.extend(own);
    for key in object.keys().filter(|k| !fields.contains(&k.as_str())) {
        problems
            .push(invalid(format!("function.data.{key}"), unknown_field(key, &fields, &format!("{name}'s fields"))));
    }
    let before = problems.len();
    let field = |key: &str| object.get(key);
    let count = field("count")
        .map_or(Ok(DEFAULT_COUNT), |v| whole_within("function.data.count", v, (1, MAX_SAMPLES), "points"))
        .noted(problems);
    let noise = match field("noise") {
        None => Some(DEFAULT_NOISE),
        Some(v) => v
            .as_f64()
            .ok_or_else(|| invalid("function.data.noise", format!("must be a number, not {}", described(v))))
            .and_then(|n| {
                check(
                    "function.data.noise",
                    n,
                    (0.0..=MAX_NOISE).contains(&n),
                    "between 0 and 10 (a standard deviation)",
                )
            })
            .noted(problems),
    };
    let seed = field("seed").map_or(Ok(0), |v| whole("function.data.seed", v)).noted(problems);
    let mut classes = |key: &str| {
        field(key)
            .map_or(Ok(DEFAULT_CLASSES), |v| {
                whole_within(&format!("function.data.{key}"), v, (2, MAX_CLASSES), "classes")
            })
            .noted(problems)
    };
    let generator = match name {
        "moons" => Some(Generator::Moons),
        "xor" => Some(Generator::Xor),
        "noisy_line" => Some(Generator::NoisyLine),
        "spirals" => classes("arms").map(|arms| Generator::Spirals { arms }),
        "blobs" => classes("centers").map(|centers| Generator::Blobs { centers }),
        _ => match field("factor") {
            None => Some(Generator::Circles { factor: DEFAULT_FACTOR }),
            Some(v) => v
                .as_f64()
                .ok_or_else(|| invalid("function.data.factor", format!("must be a number, not {}", described(v))))
                .and_then(|f| {
                    check("function.data.factor", f, f > 0.0 && f < 1.0, "in (0, 1), the inner circle's radius")
                })
                .map(|factor| Generator::Circles { factor })
                .noted(problems),
        },
    };
    if problems.len() > before {
        return None;
    }
    let (generator, count, noise, seed) = (generator?, count?, noise?, seed?);
    let k = generator.classes().unwrap_or(1);
    if count < k {
        problems.push(invalid(
            "function.data.count",
            format!("{name} of {k} classes needs at least {k} points, one a class, got {count}"),
        ));
        return None;
    }
    match generator.generate(count, noise, seed) {
        Some(data) => Some((data, name.to_string())),
        None => {
            problems.push(invalid("function.data", format!("{name} cannot make these points")));
            None
        }
    }
}

/// How often a network's runs report their sharpness: `None` when not
/// asked, or asked wrongly (noted), or when the function is wrong (which is
/// said where it is).
pub(super) fn sharpness_every(
    every: Option<u64>,
    landscape: Option<&Landscape>,
    problems: &mut Problems,
) -> Option<usize> {
    match (every, landscape.map(Landscape::kind)) {
        (None, _) | (Some(_), None) => None,
        (Some(k), Some(Kind::Mlp(_))) if (1..=MAX_STEPS).contains(&k) => Some(k as usize),
        (Some(k), Some(Kind::Mlp(_))) => {
            problems.push(invalid("sharpness_every", format!("must be between 1 and {MAX_STEPS} steps, got {k}")));
            None
        }
        (Some(_), Some(_)) => {
            problems.push(invalid(
                "sharpness_every",
                "only a network's runs report their sharpness ({\"name\": \"mlp\", ...}); this function is not one",
            ));
            None
        }
    }
}

/// The kinds of plane, by their names in scenario files.
pub(super) const PLANE_KINDS: [&str; 4] = ["pca", "random", "hessian", "line"];

/// How a file gives a plane.
const PLANE_SHAPE: &str = "{\"kind\": \"pca\"}, {\"kind\": \"random\", \"seed\": 0}, {\"kind\": \"hessian\"} or \
                           {\"kind\": \"line\", \"from\": \"start\", \"to\": \"<label>\"}";

/// The plane the runs are placed on, or `None` when not asked, or asked
/// wrongly (noted). `labels` are the optimizers', in order, which a
/// line's ends name; a function that is wrong is said where it is.
pub(super) fn parse_plane(
    file: Option<&PlaneFile>,
    landscape: Option<&Landscape>,
    labels: &[String],
    problems: &mut Problems,
) -> Option<PlaneChoice> {
    let file = file?;
    let before = problems.len();
    let Some(kind) = file.kind.as_deref() else {
        problems
            .push(invalid("plane.kind", format!("missing: one of {}, as in {PLANE_SHAPE}", PLANE_KINDS.join(", "))));
        return None;
    };
    if !PLANE_KINDS.contains(&kind) {
        problems.push(invalid("plane.kind", format!("unknown plane `{kind}`; allowed: {}", PLANE_KINDS.join(", "))));
        return None;
    }
    if file.seed.is_some() && kind != "random" {
        problems.push(invalid("plane.seed", format!("only random directions take a seed; a {kind} plane has none")));
    }
    for (field, given) in [("from", &file.from), ("to", &file.to)] {
        if given.is_some() && kind != "line" {
            problems.push(invalid(format!("plane.{field}"), format!("only a line has ends; a {kind} plane has none")));
        }
    }
    if let Some(landscape) = landscape {
        let dim = landscape.dim();
        if kind != "line" && dim < 2 {
            problems.push(invalid(
                "plane",
                format!("a plane needs two parameters or more, and this function has {dim}: use a line"),
            ));
        }
        if kind == "random" && !matches!(landscape.kind(), Kind::Mlp(_)) {
            problems.push(invalid(
                "plane",
                "random filter-normalised directions need a network ({\"name\": \"mlp\", ...}): use pca, hessian \
                 or line",
            ));
        }
    }
    let end = |field: &str, given: Option<&str>, start: bool, problems: &mut Problems| -> Option<LineEnd> {
        let name = given?;
        if name == "start" && start {
            return Some(LineEnd::Start);
        }
        labels.iter().position(|l| l == name).map(LineEnd::End).or_else(|| {
            let listed: Vec<String> = labels.iter().map(|l| format!("`{l}`")).collect();
            let or_start = if start { "\"start\" or " } else { "" };
            problems.push(invalid(
                format!("plane.{field}"),
                format!("no optimizer is labelled `{name}`; give {or_start}one of the labels {}", listed.join(", ")),
            ));
            None
        })
    };
    let choice = match kind {
        "pca" => PlaneChoice::Principal,
        "random" => PlaneChoice::Random { seed: file.seed.unwrap_or(0) },
        "hessian" => PlaneChoice::Curvature,
        _ => {
            let from = end("from", file.from.as_deref(), true, problems).unwrap_or(LineEnd::Start);
            let to = end("to", file.to.as_deref(), false, problems).unwrap_or(LineEnd::End(0));
            if from == to {
                problems.push(invalid("plane.to", "a line needs two ends apart: give another optimizer's label"));
            }
            PlaneChoice::Line { from, to }
        }
    };
    (problems.len() == before).then_some(choice)
}
