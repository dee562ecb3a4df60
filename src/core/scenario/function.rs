//! The `function` field: a built-in by name or with parameters, data for a
//! line fit (inline or from a CSV file), an expression, or a network
//! (`network.rs`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::file::DomainFile;
use super::network::{MLP_SHAPE, parse_network};
use super::shape::{described, unknown_field};
use super::validate::{Invalid, Noted, Problems, check_shape, invalid};
use crate::core::Vector;
use crate::core::landscape::{
    Builtin, Dataset, Expression, Kind, MAX_PARAMETERS, MAX_POINTS, MLP, QUADRATIC_ND, QuadraticNd, builtin_names,
    parse_csv,
};
use crate::core::source;

/// What the `function` field describes, before any domain is applied.
pub(super) struct FunctionParts {
    pub(super) kind: Kind,
    /// A domain given inside the function object.
    pub(super) domain: Option<DomainFile>,
    /// Where a run starts when the scenario gives no start: a network's
    /// seeded initial weights.
    pub(super) start: Option<Vector>,
}

/// The fields of an expression object.
pub(super) const EXPRESSION_FIELDS: [&str; 2] = ["expr", "domain"];
/// The fields of a line fit's object.
pub(super) const DATA_FIELDS: [&str; 4] = ["name", "points", "csv", "domain"];
/// The fields of a quadratic in many parameters.
pub(super) const QUADRATIC_ND_FIELDS: [&str; 2] = ["name", "diagonal"];
/// How a file gives the quadratic in many parameters.
const QUADRATIC_ND_SHAPE: &str = "{\"name\": \"quadratic_nd\", \"diagonal\": [λ1, λ2, ...]}";

fn unknown_function(name: &str) -> Invalid {
    invalid(
        "function",
        format!(
            "unknown function `{name}`; built-ins are {}, linear_regression, {QUADRATIC_ND}, {MLP}; or give {{\"expr\": \"...\"}}",
            builtin_names().join(", ")
        ),
    )
}

/// The function, or `None` with its problems noted.
pub(super) fn parse_function(value: &Value, base: &Path, problems: &mut Problems) -> Option<FunctionParts> {
    let before = problems.len();
    let parts = function_parts(value, base, problems).noted(problems).flatten();
    if problems.len() > before { None } else { parts }
}

/// The function's parts; `Ok(None)` when its problems are already noted.
fn function_parts(value: &Value, base: &Path, problems: &mut Problems) -> Result<Option<FunctionParts>, Invalid> {
    let object = match value {
        Value::String(name) if name == "linear_regression" => {
            return Err(invalid(
                "function",
                "linear_regression needs data: {\"name\": \"linear_regression\", \"points\": [[x, y], ...]} or \"csv\": \"file.csv\"",
            ));
        }
        Value::String(name) if name == QUADRATIC_ND => {
            return Err(invalid(
                "function",
                format!("quadratic_nd needs its curvatures, one a parameter: {QUADRATIC_ND_SHAPE}"),
            ));
        }
        Value::String(name) if name == MLP => {
            return Err(invalid("function", format!("mlp needs its hidden layers and data: {MLP_SHAPE}")));
        }
        Value::String(name) => {
            let builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
            return Ok(Some(FunctionParts { kind: Kind::Builtin(builtin), domain: None, start: None }));
        }
        Value::Object(map) => map,
        other => {
            return Err(invalid(
                "function",
                format!(
                    "must be a name such as \"rosenbrock\" or an object such as {{\"expr\": \"x^2 + y^2\"}}, not {}",
                    described(other)
                ),
            ));
        }
    };
    let domain = object.get("domain").and_then(|d| check_shape::<DomainFile>(d, "function.domain", problems));
    if let Some(expr) = object.get("expr") {
        for key in object.keys().filter(|k| !EXPRESSION_FIELDS.contains(&k.as_str())) {
            problems.push(invalid(
                format!("function.{key}"),
                unknown_field(key, &EXPRESSION_FIELDS, "an expression's fields"),
            ));
        }
        let source = expr.as_str().ok_or_else(|| {
            invalid(
                "function.expr",
                format!("must be a formula in quotes, such as \"x^2 + y^2\", not {}", described(expr)),
            )
        })?;
        let expression = Expression::parse(source).map_err(|e| invalid("function.expr", e.to_string()))?;
        return Ok(Some(FunctionParts { kind: Kind::Expression(expression), domain, start: None }));
    }
    let name = match object.get("name") {
        Some(Value::String(name)) => name.as_str(),
        Some(other) => {
            return Err(invalid(
                "function.name",
                format!("must be a name in quotes, such as \"rosenbrock\", not {}", described(other)),
            ));
        }
        None => {
            return Err(invalid("function", "needs `name` (a built-in function) or `expr` (an expression)"));
        }
    };
    if name == "linear_regression" {
        let data = parse_dataset(object, base, problems)?;
        return Ok(data.map(|d| FunctionParts { kind: Kind::LinearRegression(d), domain, start: None }));
    }
    if name == MLP {
        // A network is not drawn over a domain: `domain` is one of its unknown fields.
        let network = parse_network(object, base, problems);
        return Ok(network.map(|(mlp, init)| FunctionParts { kind: Kind::Mlp(mlp), domain: None, start: Some(init) }));
    }
    if name == QUADRATIC_ND {
        return parse_quadratic_nd(object, problems)
            .map(|q| q.map(|q| FunctionParts { kind: Kind::QuadraticNd(q), domain, start: None }));
    }
    let mut builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
    for (key, v) in object {
        if matches!(key.as_str(), "name" | "domain") {
            continue;
        }
        let path = format!("function.{key}");
        let allowed = builtin.parameter_names();
        if !allowed.contains(&key.as_str()) {
            let mut fields = vec!["name", "domain"];
            fields.extend(allowed);
            let kind = if allowed.is_empty() {
                format!("{name} has no parameters; its fields")
            } else {
                format!("{name}'s fields")
            };
            problems.push(invalid(path, unknown_field(key, &fields, &kind)));
            continue;
        }
        match v.as_f64().filter(|n| n.is_finite()) {
            Some(number) => {
                builtin.set_parameter(key, number);
            }
            None => problems.push(invalid(&path, format!("must be a number, not {}", described(v)))),
        }
    }
    Ok(Some(FunctionParts { kind: Kind::Builtin(builtin), domain, start: None }))
}

/// The quadratic ½ Σ λᵢ xᵢ² of a `diagonal`, one finite number a parameter.
fn parse_quadratic_nd(
    object: &serde_json::Map<String, Value>,
    problems: &mut Problems,
) -> Result<Option<QuadraticNd>, Invalid> {
    for key in object.keys().filter(|k| !QUADRATIC_ND_FIELDS.contains(&k.as_str())) {
        problems.push(invalid(
            format!("function.{key}"),
            unknown_field(key, &QUADRATIC_ND_FIELDS, "quadratic_nd's fields"),
        ));
    }
    let Some(diagonal) = object.get("diagonal") else {
        return Err(invalid("function", format!("quadratic_nd needs `diagonal`: {QUADRATIC_ND_SHAPE}")));
    };
    let items = diagonal.as_array().ok_or_else(|| {
        invalid("function.diagonal", format!("must be a list of numbers, one a parameter, not {}", described(diagonal)))
    })?;
    if items.is_empty() || items.len() > MAX_PARAMETERS {
        return Err(invalid(
            "function.diagonal",
            format!("needs between 1 and {MAX_PARAMETERS} numbers, one a parameter, got {}", items.len()),
        ));
    }
    let mut values = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_f64().filter(|v| v.is_finite()) {
            Some(v) => values.push(v),
            None => problems
                .push(invalid(format!("function.diagonal[{i}]"), format!("must be a number, not {}", described(item)))),
        }
    }
    if values.len() < items.len() {
        return Ok(None);
    }
    Ok(QuadraticNd::new(&values))
}

fn parse_dataset(
    object: &serde_json::Map<String, Value>,
    base: &Path,
    problems: &mut Problems,
) -> Result<Option<Dataset>, Invalid> {
    for key in object.keys().filter(|k| !DATA_FIELDS.contains(&k.as_str())) {
        problems
            .push(invalid(format!("function.{key}"), unknown_field(key, &DATA_FIELDS, "linear_regression's fields")));
    }
    let points = match (object.get("points"), object.get("csv")) {
        (Some(_), Some(_)) => return Err(invalid("function", "give either `points` or `csv`, not both")),
        (None, None) => return Err(invalid("function", "linear_regression needs `points` or `csv`")),
        (Some(points), None) => {
            let rows = points.as_array().ok_or_else(|| {
                invalid("function.points", format!("must be a list of [x, y] pairs, not {}", described(points)))
            })?;
            if rows.len() > MAX_POINTS {
                return Err(invalid("function.points", format!("at most {MAX_POINTS} points, got {}", rows.len())));
            }
            let mut pairs = Vec::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                let path = format!("function.points[{i}]");
                match row.as_array().map(|r| r.iter().map(Value::as_f64).collect::<Vec<_>>()).as_deref() {
                    Some(&[Some(x), Some(y)]) if x.is_finite() && y.is_finite() => pairs.push([x, y]),
                    _ => problems
                        .push(invalid(path, format!("must be a pair of numbers [x, y], not {}", described(row)))),
                }
            }
            if pairs.len() < rows.len() {
                return Ok(None);
            }
            pairs
        }
        (None, Some(csv)) => {
            let (path, text) = read_data_file("function.csv", csv, base)?;
            parse_csv(&text).map_err(|e| invalid("function.csv", format!("{}: {e}", path.display())))?
        }
    };
    Dataset::new(points).map(Some).ok_or_else(|| invalid("function.points", "needs at least one point"))
}

/// The file a data field (at `field`) names, inside the scenario's folder
/// `base`, and its text.
pub(super) fn read_data_file(field: &str, csv: &Value, base: &Path) -> Result<(PathBuf, String), Invalid> {
    let relative = csv.as_str().ok_or_else(|| {
        invalid(field, format!("must be a file name in quotes, such as \"data.csv\", not {}", described(csv)))
    })?;
    if !source::stays_inside(base, relative) {
        return Err(invalid(
            field,
            "must name a file inside the scenario's folder (no absolute path, no `..`, no link out of it)",
        ));
    }
    let path = base.join(relative);
    let text = source::read_text(&path, source::MAX_DATA_BYTES)
        .map_err(|e| invalid(field, format!("cannot read {}: {e}", path.display())))?;
    Ok((path, text))
}
