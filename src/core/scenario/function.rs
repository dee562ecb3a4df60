//! The `function` field: a built-in by name or with parameters, data for a
//! line fit (inline or from a CSV file), or an expression.

use std::path::Path;

use serde_json::Value;

use super::file::DomainFile;
use super::shape::{described, unknown_field};
use super::validate::{Invalid, Noted, Problems, check_shape, invalid};
use crate::core::landscape::{Builtin, Dataset, Expression, Kind, MAX_POINTS, builtin_names, parse_csv};
use crate::core::source;

/// What the `function` field describes, before any domain is applied.
pub(super) struct FunctionParts {
    pub(super) kind: Kind,
    /// A domain given inside the function object.
    pub(super) domain: Option<DomainFile>,
}

/// The fields of an expression object.
pub(super) const EXPRESSION_FIELDS: [&str; 2] = ["expr", "domain"];
/// The fields of a line fit's object.
pub(super) const DATA_FIELDS: [&str; 4] = ["name", "points", "csv", "domain"];

fn unknown_function(name: &str) -> Invalid {
    invalid(
        "function",
        format!(
            "unknown function `{name}`; built-ins are {}, linear_regression; or give {{\"expr\": \"...\"}}",
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
        Value::String(name) => {
            let builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
            return Ok(Some(FunctionParts { kind: Kind::Builtin(builtin), domain: None }));
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
        return Ok(Some(FunctionParts { kind: Kind::Expression(expression), domain }));
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
        return Ok(data.map(|d| FunctionParts { kind: Kind::LinearRegression(d), domain }));
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
    Ok(Some(FunctionParts { kind: Kind::Builtin(builtin), domain }))
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
            let relative = csv.as_str().ok_or_else(|| {
                invalid(
                    "function.csv",
                    format!("must be a file name in quotes, such as \"data.csv\", not {}", described(csv)),
                )
            })?;
            if !source::stays_inside(base, relative) {
                return Err(invalid(
                    "function.csv",
                    "must name a file inside the scenario's folder (no absolute path, no `..`, no link out of it)",
                ));
            }
            let path = base.join(relative);
            let text = source::read_text(&path, source::MAX_DATA_BYTES)
                .map_err(|e| invalid("function.csv", format!("cannot read {}: {e}", path.display())))?;
            parse_csv(&text).map_err(|e| invalid("function.csv", format!("{}: {e}", path.display())))?
        }
    };
    Dataset::new(points).map(Some).ok_or_else(|| invalid("function.points", "needs at least one point"))
}
