//! The `function` field: a built-in by name or with parameters, data for a
//! line fit (inline or from a CSV file), or an expression.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::file::DomainFile;
use super::validate::{Invalid, invalid};
use crate::core::landscape::{Builtin, Dataset, Expression, Kind, MAX_POINTS, builtin_names, parse_csv};
use crate::core::source;

/// What the `function` field describes, before any domain is applied.
pub(super) struct FunctionParts {
    pub(super) kind: Kind,
    /// A domain given inside the function object.
    pub(super) domain: Option<DomainFile>,
}

fn describe_value(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}

fn unknown_function(name: &str) -> Invalid {
    invalid(
        "function",
        format!(
            "unknown function `{name}`; built-ins are {}, linear_regression; or give {{\"expr\": \"...\"}}",
            builtin_names().join(", ")
        ),
    )
}

pub(super) fn parse_function(value: &Value, base: &Path) -> Result<FunctionParts, Invalid> {
    let object = match value {
        Value::String(name) if name == "linear_regression" => {
            return Err(invalid(
                "function",
                "linear_regression needs data: {\"name\": \"linear_regression\", \"points\": [[x, y], ...]} or \"csv\": \"file.csv\"",
            ));
        }
        Value::String(name) => {
            let builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
            return Ok(FunctionParts { kind: Kind::Builtin(builtin), domain: None });
        }
        Value::Object(map) => map,
        other => {
            return Err(invalid(
                "function",
                format!("expected a name such as \"rosenbrock\" or an object, got {}", describe_value(other)),
            ));
        }
    };
    let domain = match object.get("domain") {
        Some(d) => Some(DomainFile::deserialize(d).map_err(|e| invalid("function.domain", e.to_string()))?),
        None => None,
    };
    if let Some(expr) = object.get("expr") {
        if let Some(key) = object.keys().find(|k| !matches!(k.as_str(), "expr" | "domain")) {
            return Err(invalid(format!("function.{key}"), "unknown field; an expression takes `expr` and `domain`"));
        }
        let source = expr.as_str().ok_or_else(|| invalid("function.expr", "expected a string"))?;
        let expression = Expression::parse(source).map_err(|e| invalid("function.expr", e.to_string()))?;
        return Ok(FunctionParts { kind: Kind::Expression(expression), domain });
    }
    let name = match object.get("name") {
        Some(Value::String(name)) => name.as_str(),
        Some(other) => {
            return Err(invalid("function.name", format!("expected a string, got {}", describe_value(other))));
        }
        None => return Err(invalid("function", "expected `name` (a built-in function) or `expr` (an expression)")),
    };
    if name == "linear_regression" {
        return parse_dataset(object, base).map(|d| FunctionParts { kind: Kind::LinearRegression(d), domain });
    }
    let mut builtin = Builtin::from_name(name).ok_or_else(|| unknown_function(name))?;
    for (key, v) in object {
        if matches!(key.as_str(), "name" | "domain") {
            continue;
        }
        let path = format!("function.{key}");
        let allowed = builtin.parameter_names();
        if !allowed.contains(&key.as_str()) {
            let has = if allowed.is_empty() {
                "no parameters".to_string()
            } else {
                format!("parameters {}", allowed.join(", "))
            };
            return Err(invalid(path, format!("unknown field; {name} has {has}")));
        }
        let number = v.as_f64().filter(|n| n.is_finite()).ok_or_else(|| invalid(&path, "expected a finite number"))?;
        builtin.set_parameter(key, number);
    }
    Ok(FunctionParts { kind: Kind::Builtin(builtin), domain })
}

fn parse_dataset(object: &serde_json::Map<String, Value>, base: &Path) -> Result<Dataset, Invalid> {
    if let Some(key) = object.keys().find(|k| !matches!(k.as_str(), "name" | "points" | "csv" | "domain")) {
        return Err(invalid(format!("function.{key}"), "unknown field; linear_regression takes `points` or `csv`"));
    }
    let points = match (object.get("points"), object.get("csv")) {
        (Some(_), Some(_)) => return Err(invalid("function", "give either `points` or `csv`, not both")),
        (None, None) => return Err(invalid("function", "linear_regression needs `points` or `csv`")),
        (Some(points), None) => {
            let rows =
                points.as_array().ok_or_else(|| invalid("function.points", "expected an array of [x, y] pairs"))?;
            if rows.len() > MAX_POINTS {
                return Err(invalid("function.points", format!("at most {MAX_POINTS} points, got {}", rows.len())));
            }
            rows.iter()
                .enumerate()
                .map(|(i, row)| {
                    let path = format!("function.points[{i}]");
                    match row.as_array().map(|r| r.iter().map(Value::as_f64).collect::<Vec<_>>()) {
                        Some(r) if r.len() == 2 => match (r[0], r[1]) {
                            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok([x, y]),
                            _ => Err(invalid(path, "expected two finite numbers")),
                        },
                        _ => Err(invalid(path, format!("expected a pair [x, y], got {}", describe_value(row)))),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?
        }
        (None, Some(csv)) => {
            let relative = csv.as_str().ok_or_else(|| invalid("function.csv", "expected a file path"))?;
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
    Dataset::new(points).ok_or_else(|| invalid("function.points", "needs at least one point"))
}
