//! The JSON Schema of scenario files (`losscape schema`), for editors'
//! completion, hover help and checks as one types.
//!
//! It is generated from the serde types of `file.rs` (fields, their types,
//! no unknown fields, a doc comment each as its description), and the
//! transforms here add what the validation knows beyond the types, read
//! from the same tables the validation reads: the fields a scenario needs,
//! the names of closed lists (functions, optimizer and schedule types,
//! layouts, …), and the fields each optimizer type, schedule type and
//! built-in function takes. Numbers' bounds, lengths that depend on the
//! landscape's dimension and rules between fields are left to `losscape
//! check`: the schema tells a file's shape, the check its values.

use schemars::Schema;
use serde_json::{Value, json};

use super::file::ScenarioFile;
use super::function::{DATA_FIELDS, EXPRESSION_FIELDS, QUADRATIC_ND_FIELDS};
use super::network::{ACTIVATIONS, GENERATED_FIELDS, GENERATORS, LOSS_NAMES, MLP_FIELDS};
use super::optimizer::{SCHEDULES, fields_of_schedule, fields_of_type, words_of};
use super::{ASPECT_NAMES, Arrows, CHART_X_NAMES, ChartQuantity, Layout, Panel, VIEW_NAMES};
use crate::core::landscape::datasets::{MAX_CLASSES, MAX_NOISE, MAX_SAMPLES};
use crate::core::landscape::mlp::{MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS};
use crate::core::landscape::{BUILTIN_NAMES, Builtin, MAX_PARAMETERS, MLP, QUADRATIC_ND};
use crate::core::optim::{Limit, OptimizerType};

/// The fields every scenario gives; `start` may instead be given by each
/// optimizer.
pub(super) const REQUIRED: [&str; 3] = ["function", "steps", "optimizers"];

/// The name of the domain's definition among the schema's `$defs`.
const DOMAIN_DEF: &str = "#/$defs/DomainFile";

/// The JSON Schema (draft 2020-12) of a scenario file.
pub fn json_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<ScenarioFile>().to_value();
    unwrap_descriptions(&mut schema);
    schema
}

/// Doc comments' line breaks taken out: an editor wraps the text itself.
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                match inner {
                    Value::String(text) if key == "description" || key == "title" => {
                        *text = text.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
                    }
                    _ => unwrap_descriptions(inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// A field that must be given: `null` is not a value for it.
fn not_null(schema: &mut Schema, field: &str) {
    let Some(types) = schema.pointer_mut(&format!("/properties/{field}/type")) else { return };
    if let Value::Array(list) = types {
        list.retain(|t| t != "null");
        if let [only] = list.as_slice() {
            *types = only.clone();
        }
    }
}

/// A field's schema given by `f`, keeping the description the field's doc
/// comment gave it.
fn set_property(schema: &mut Schema, field: &str, f: impl FnOnce() -> Value) {
    let Some(property) = schema.get_mut("properties").and_then(|p| p.get_mut(field)) else {
        panic!("the schema has no field `{field}`: file.rs and schema.rs disagree")
    };
    let description = property.get("description").cloned();
    *property = f();
    if let (Some(description), Some(object)) = (description, property.as_object_mut()) {
        object.insert("description".into(), description);
    }
}

/// Text from a closed list, or null for the default.
fn one_of(names: impl IntoIterator<Item = &'static str>) -> Value {
    let mut names: Vec<Value> = names.into_iter().map(Value::from).collect();
    names.push(Value::Null);
    json!({"enum": names})
}

/// A point: a number (1-D) or one or two numbers in a list.
fn point() -> Value {
    json!({"anyOf": [
        {"type": "number"},
        // Two numbers [x, y], one in 1-D, one a parameter for a quadratic in many.
        {"type": "array", "items": {"type": "number"}, "minItems": 1, "maxItems": MAX_PARAMETERS},
        {"type": "null"}
    ]})
}

/// `if` the object's `type` is `name` `then` its schema is `then`.
fn when_type(name: &str, key: &str, then: Value) -> Value {
    json!({"if": {"properties": {key: {"const": name}}, "required": [key]}, "then": then})
}

/// The `function` field: a built-in's name, an expression, a line fit, a
/// quadratic in many parameters, or a built-in with parameters.
fn function() -> Value {
    let builtins: Vec<&str> = BUILTIN_NAMES.to_vec();
    let with_parameters: Vec<Value> = BUILTIN_NAMES
        .iter()
        .filter_map(|name| Builtin::from_name(name).map(|b| (*name, b.parameter_names())))
        .map(|(name, parameters)| {
            let mut fields = vec!["name", "domain"];
            fields.extend(parameters);
            when_type(name, "name", json!({"propertyNames": {"enum": fields}}))
        })
        .collect();
    let parameters: Vec<&str> = {
        let mut all: Vec<&str> = BUILTIN_NAMES
            .iter()
            .filter_map(|name| Builtin::from_name(name))
            .flat_map(|b| b.parameter_names().iter().copied())
            .collect();
        all.dedup();
        all
    };
    let mut builtin_properties = serde_json::Map::new();
    builtin_properties.insert("name".into(), json!({"enum": builtins, "description": "a built-in function"}));
    builtin_properties.insert("domain".into(), json!({"$ref": DOMAIN_DEF}));
    for p in parameters {
        builtin_properties.insert(p.into(), json!({"type": "number", "description": "a parameter of the function"}));
    }
    let mut data_properties = serde_json::Map::new();
    for field in DATA_FIELDS {
        let schema = match field {
            "name" => json!({"const": "linear_regression"}),
            "points" => json!({
                "type": "array",
                "description": "the data: [x, y] pairs",
                "items": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
            }),
            "csv" => json!({
                "type": "string",
                "description": "a CSV file of x, y rows, relative to the scenario's folder and inside it"
            }),
            "domain" => json!({"$ref": DOMAIN_DEF}),
            other => panic!("no schema for the line fit's field `{other}`"),
        };
        data_properties.insert(field.into(), schema);
    }
    let mut expression_properties = serde_json::Map::new();
    for field in EXPRESSION_FIELDS {
        let schema = match field {
            "expr" => json!({
                "type": "string",
                "description": "a formula in x (and y): + - * / ^, sin cos tan exp ln log sqrt abs tanh, pi, e"
            }),
            "domain" => json!({"$ref": DOMAIN_DEF}),
            other => panic!("no schema for the expression's field `{other}`"),
        };
        expression_properties.insert(field.into(), schema);
    }
    let mut quadratic_properties = serde_json::Map::new();
    for field in QUADRATIC_ND_FIELDS {
        let schema = match field {
            "name" => json!({"const": QUADRATIC_ND}),
            "diagonal" => json!({
                "type": "array",
                "description": "the curvatures λᵢ of ½ Σ λᵢ xᵢ², one a parameter",
                "items": {"type": "number"},
                "minItems": 1,
                "maxItems": MAX_PARAMETERS
            }),
            other => panic!("no schema for the quadratic's field `{other}`"),
        };
        quadratic_properties.insert(field.into(), schema);
    }
    json!({"anyOf": [
        {"type": "string", "enum": builtins},
        network(),
        {
            "type": "object",
            "properties": quadratic_properties,
            "required": ["name", "diagonal"],
            "additionalProperties": false
        },
        {
            "type": "object",
            "properties": expression_properties,
            "required": ["expr"],
            "additionalProperties": false
        },
        {
            "type": "object",
            "properties": data_properties,
            "required": ["name"],
            "oneOf": [{"required": ["points"]}, {"required": ["csv"]}],
            "additionalProperties": false
        },
        {
            "type": "object",
            "properties": builtin_properties,
            "required": ["name"],
            "additionalProperties": false,
            "allOf": with_parameters
        }
    ]})
}

/// A network: its fields, and its data generated or from a file.
fn network() -> Value {
    let mut properties = serde_json::Map::new();
    for field in MLP_FIELDS {
        let schema = match field {
            "name" => json!({"const": MLP}),
            "hidden" => json!({
                "type": "array",
                "description": format!("the hidden layers' widths, first to last, 1 to {MAX_HIDDEN_UNITS} units each"),
                "items": {"type": "integer", "minimum": 0},
                "minItems": 1,
                "maxItems": MAX_HIDDEN_LAYERS
            }),
            "activation" => {
                json!({"enum": ACTIVATIONS.map(|(_, n)| n), "description": "between layers (default tanh)"})
            }
            "loss" => json!({"enum": LOSS_NAMES, "description": "mean over the points (default mse)"}),
            "data" => data_set(),
            "init_seed" => json!({
                "type": "integer",
                "minimum": 0,
                "description": "seeds the initial weights, torch's nn.Linear rule (default 0)"
            }),
            other => panic!("no schema for the network's field `{other}`"),
        };
        properties.insert(field.into(), schema);
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": ["name", "hidden", "data"],
        "additionalProperties": false
    })
}

/// A network's data: a generator with its parameters, or a CSV file.
fn data_set() -> Value {
    let mut properties = serde_json::Map::new();
    for field in GENERATED_FIELDS {
        let schema = match field {
            "name" => json!({"enum": GENERATORS.map(|(n, _)| n)}),
            "count" => {
                json!({"type": "integer", "minimum": 0, "description": format!("points, 1 to {MAX_SAMPLES} (default 200)")})
            }
            "noise" => {
                json!({"type": "number", "description": format!("Gaussian noise's standard deviation, 0 to {MAX_NOISE} (default 0.1)")})
            }
            "seed" => json!({"type": "integer", "minimum": 0, "description": "seeds the points (default 0)"}),
            other => panic!("no schema for the data set's field `{other}`"),
        };
        properties.insert(field.into(), schema);
    }
    properties.insert(
        "factor".into(),
        json!({"type": "number", "description": "circles: the inner circle's radius, in (0, 1) (default 0.5)"}),
    );
    for own in ["arms", "centers"] {
        properties.insert(own.into(), json!({"type": "integer", "minimum": 0, "description": format!("spirals' arms, blobs' centres: the classes, 2 to {MAX_CLASSES} (default 2)")}));
    }
    let by_name: Vec<Value> = GENERATORS
        .iter()
        .map(|(name, own)| {
            let mut fields = GENERATED_FIELDS.to_vec();
            fields.extend(own);
            when_type(name, "name", json!({"propertyNames": {"enum": fields}}))
        })
        .collect();
    json!({"anyOf": [
        {
            "type": "object",
            "properties": properties,
            "required": ["name"],
            "additionalProperties": false,
            "allOf": by_name
        },
        {
            "type": "object",
            "properties": {"csv": {
                "type": "string",
                "description": "a CSV file of x1, x2, target rows, relative to the scenario's folder and inside it"
            }},
            "required": ["csv"],
            "additionalProperties": false
        }
    ]})
}

/// The whole file's additions: required fields, the function, the start and
/// the names of the view's settings.
pub(super) fn scenario(schema: &mut Schema) {
    schema.insert("required".into(), json!(REQUIRED));
    REQUIRED.iter().for_each(|field| not_null(schema, field));
    set_property(schema, "function", function);
    set_property(schema, "start", point);
    set_property(schema, "layout", || one_of(Layout::NAMES.map(|(_, n)| n)));
    set_property(schema, "aspect", || one_of(ASPECT_NAMES.map(|(_, n)| n)));
    set_property(schema, "arrows", || one_of(Arrows::ALL.map(Arrows::name)));
    set_property(schema, "chart", || one_of(ChartQuantity::ALL.map(ChartQuantity::name)));
    set_property(schema, "chart_x", || one_of(CHART_X_NAMES.map(|(_, n)| n)));
    set_property(schema, "open", || one_of(Panel::NAMES.map(|(_, n)| n)));
    set_property(schema, "view", || one_of(VIEW_NAMES.map(|(_, n)| n)));
}

/// A plane needs its kind, from the list.
pub(super) fn plane(schema: &mut Schema) {
    schema.insert("required".into(), json!(["kind"]));
    set_property(schema, "kind", || json!({"enum": super::network::PLANE_KINDS}));
}

/// A domain needs its x.
pub(super) fn domain(schema: &mut Schema) {
    schema.insert("required".into(), json!(["x"]));
    not_null(schema, "x");
}

/// An optimizer: its type from the list, and only the fields of its type.
pub(super) fn optimizer(schema: &mut Schema) {
    schema.insert("required".into(), json!(["type"]));
    let names = OptimizerType::ALL.map(OptimizerType::name);
    set_property(schema, "type", || json!({"enum": names}));
    // Each hyperparameter of words, from the optimizers' declarations.
    for field in OptimizerType::ALL.iter().flat_map(|t| t.declaration().fields) {
        if let Limit::Word { .. } = field.limit {
            set_property(schema, field.name, || one_of(words_of(field.name)));
        }
    }
    set_property(schema, "start", point);
    let by_type: Vec<Value> = names
        .iter()
        .map(|name| when_type(name, "type", json!({"propertyNames": {"enum": fields_of_type(Some(name))}})))
        .collect();
    schema.insert("allOf".into(), by_type.into());
}

/// A schedule: its type from the list, and the settings of its type.
pub(super) fn schedule(schema: &mut Schema) {
    schema.insert("required".into(), json!(["type"]));
    set_property(schema, "type", || json!({"enum": SCHEDULES.map(|s| s.name)}));
    let by_type: Vec<Value> = SCHEDULES
        .iter()
        .map(|s| {
            when_type(
                s.name,
                "type",
                json!({"propertyNames": {"enum": fields_of_schedule(Some(s.name))}, "required": s.required}),
            )
        })
        .collect();
    schema.insert("allOf".into(), by_type.into());
}

#[cfg(test)]
mod tests {
    //! The schema's lists are the validation's: each name it offers loads,
    //! each field it requires is missed when left out.

    use std::path::Path;

    use serde_json::{Value, json};

    use super::*;
    use crate::core::scenario::Scenario;

    fn base() -> Value {
        json!({"function": "rosenbrock", "start": [0, 0], "steps": 5, "optimizers": [{"type": "gd"}]})
    }

    fn problems(value: &Value) -> Vec<String> {
        match Scenario::parse(&value.to_string(), "t.json", Path::new("."), "t") {
            Ok(_) => vec![],
            Err(e) => e.problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_name_the_schema_offers_loads() {
        let schema = json_schema();
        let properties = &schema["properties"];
        for field in ["layout", "aspect", "arrows", "chart", "chart_x", "open", "view"] {
            let names = properties[field]["enum"].as_array().unwrap();
            assert!(names.len() >= 3, "{field}: {names:?}");
            for name in names {
                let mut scenario = base();
                scenario[field] = name.clone();
                assert_eq!(problems(&scenario), Vec::<String>::new(), "{field} = {name}");
            }
        }
        for name in properties["function"]["anyOf"][0]["enum"].as_array().unwrap() {
            let mut scenario = base();
            scenario["function"] = name.clone();
            scenario["start"] = Value::Null;
            scenario["optimizers"][0]["start"] =
                if name == "parabola" || name == "double_well" { json!(0.5) } else { json!([0.5, 0.5]) };
            assert_eq!(problems(&scenario), Vec::<String>::new(), "function {name}");
        }
    }

    #[test]
    fn a_name_off_the_lists_is_refused_by_the_validation_too() {
        for field in ["layout", "aspect", "arrows", "chart", "chart_x", "open", "view"] {
            let mut scenario = base();
            scenario[field] = json!("nonsense");
            assert_eq!(problems(&scenario).len(), 1, "{field}");
        }
    }

    #[test]
    fn the_fields_the_schema_requires_are_those_the_validation_misses() {
        for field in base().as_object().unwrap().keys() {
            let mut scenario = base();
            scenario.as_object_mut().unwrap().remove(field);
            let missed = problems(&scenario).iter().any(|p| p.starts_with(&format!("{field}: missing")));
            // The start is required of the scenario or of each optimizer.
            let required = REQUIRED.contains(&field.as_str());
            assert_eq!(missed, required, "{field}: {:?}", problems(&scenario));
        }
        let mut untyped = base();
        untyped["optimizers"][0].as_object_mut().unwrap().remove("type");
        assert!(problems(&untyped)[0].contains("missing `type`"));
    }

    #[test]
    fn each_schedule_needs_what_its_table_says() {
        let full = json!({"step_size": 10, "gamma": 0.5, "t_max": 10});
        for s in SCHEDULES {
            for setting in s.settings {
                let mut schedule = json!({"type": s.name});
                for other in s.settings.iter().filter(|o| *o != setting) {
                    if let Some(v) = full.get(*other) {
                        schedule[*other] = v.clone();
                    }
                }
                let mut scenario = base();
                scenario["optimizers"][0]["schedule"] = schedule;
                let needs = problems(&scenario).iter().any(|p| p.contains(&format!("needs `{setting}`")));
                assert_eq!(needs, s.required.contains(setting), "{} without {setting}", s.name);
            }
        }
    }

    #[test]
    fn forms_and_line_searches_load() {
        for form in words_of("form") {
            let mut scenario = base();
            scenario["optimizers"][0] = json!({"type": "momentum", "form": form});
            assert_eq!(problems(&scenario), Vec::<String>::new(), "form {form}");
        }
        for search in words_of("line_search_fn") {
            let mut scenario = base();
            scenario["optimizers"][0] = json!({"type": "lbfgs", "line_search_fn": search});
            assert_eq!(problems(&scenario), Vec::<String>::new(), "line search {search}");
        }
    }

    #[test]
    fn the_schema_names_no_field_the_types_lack() {
        let schema = json_schema();
        let fields: Vec<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        assert!(fields.contains(&"$schema") && fields.contains(&"optimizers"), "{fields:?}");
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(schema["$schema"], json!("https://json-schema.org/draft/2020-12/schema"));
    }
}
