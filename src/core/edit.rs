//! Typed edits of a scenario: one line such as `lr 0.75`, `type adam` or
//! `add momentum lr=0.01`, applied to the scenario as a file would hold it.
//!
//! An edit only rewrites the scenario's JSON; the result is validated by
//! the scenario loader itself, so a typed value meets exactly the rules and
//! messages of a file, and what is typed is what a saved copy holds.

use serde_json::{Map, Value};

/// Commands besides setting one of [`OPTIMIZER_FIELDS`].
const OTHER_COMMANDS: &[&str] =
    &["schedule", "start", "type", "add", "duplicate", "remove", "rename", "steps", "seed", "domain"];

/// Every command, for completion and for the message about unknown ones:
/// an optimizer field set directly, or one of the others.
pub fn commands() -> impl Iterator<Item = &'static str> {
    OPTIMIZER_FIELDS.iter().chain(OTHER_COMMANDS).copied()
}

/// Optimizer fields a command sets directly on the selected optimizer.
const OPTIMIZER_FIELDS: &[&str] = &[
    "lr",
    "momentum",
    "betas",
    "alpha",
    "eps",
    "weight_decay",
    "dampening",
    "nesterov",
    "lr_decay",
    "initial_accumulator_value",
    "centered",
    "amsgrad",
    "momentum_decay",
    "decoupled_weight_decay",
    "rho",
    "etas",
    "step_sizes",
    "max_iter",
    "max_eval",
    "tolerance_grad",
    "tolerance_change",
    "history_size",
    "line_search_fn",
    "form",
    "clip_norm",
    "noise",
    "batch_size",
    "color",
];

/// Whether a field is a hyperparameter of some optimizer type (rather than
/// one every type takes, such as lr or color).
fn is_hyperparameter(field: &str) -> bool {
    super::optim::OptimizerType::ALL.iter().any(|t| t.hyperparameter_names().contains(&field))
}

/// Fields an optimizer keeps when its type changes: those every type has.
const KEPT_BY_TYPE: &[&str] = &["lr", "label", "start", "schedule", "clip_norm", "noise", "batch_size", "color"];

/// What an edit did: the new scenario JSON, the optimizer to select after
/// it, and a phrase for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// The scenario as a file would hold it, not yet validated.
    pub json: Value,
    /// The index of the optimizer to select.
    pub select: usize,
    /// What was done, in words.
    pub summary: String,
}

/// A JSON value from a typed word: a number, `true`/`false`, `null`, or
/// else the word as a string.
fn literal(word: &str) -> Value {
    match serde_json::from_str::<Value>(word) {
        Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => v,
        _ => Value::String(word.to_string()),
    }
}

/// The words after the command as one value: a single word as itself,
/// several as a list.
fn value_of(words: &[&str]) -> Result<Value, String> {
    match words {
        [] => Err("needs a value".into()),
        [one] => Ok(literal(one)),
        many => Ok(Value::Array(many.iter().map(|w| literal(w)).collect())),
    }
}

/// `key=value` words as fields of an object.
fn fields(words: &[&str], into: &mut Map<String, Value>) -> Result<(), String> {
    for word in words {
        let (key, value) =
            word.split_once('=').ok_or_else(|| format!("expected key=value, got `{word}` (for example lr=0.01)"))?;
        let parts: Vec<&str> = value.split(',').collect();
        into.insert(key.to_string(), value_of(&parts)?);
    }
    Ok(())
}

fn optimizers(json: &mut Value) -> Result<&mut Vec<Value>, String> {
    json.get_mut("optimizers").and_then(Value::as_array_mut).ok_or_else(|| "the scenario has no optimizers".into())
}

fn object(value: &mut Value) -> Result<&mut Map<String, Value>, String> {
    value.as_object_mut().ok_or_else(|| "an optimizer is not an object".into())
}

/// A label like `base` not used by any optimizer: `base 2`, `base 3`, ...
fn free_label(list: &[Value], base: &str) -> String {
    let taken = |l: &str| list.iter().any(|o| o.get("label").and_then(Value::as_str) == Some(l));
    (2..).map(|n| format!("{base} {n}")).find(|l| !taken(l)).expect("some label is free")
}

/// Applies one typed command to `scenario` (as [`super::scenario::Scenario::to_json`]
/// writes it) with optimizer `selected` selected.
pub fn apply(command: &str, scenario: &Value, selected: usize) -> Result<Edited, String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let Some((&name, args)) = words.split_first() else { return Err("type a command, such as lr 0.5".into()) };
    let mut json = scenario.clone();
    let mut select = selected;
    let label_of =
        |json: &Value, i: usize| json["optimizers"][i]["label"].as_str().unwrap_or("the optimizer").to_string();
    let summary = match name {
        "batch" => return apply(&format!("batch_size {}", args.join(" ")), scenario, selected),
        "dup" => return apply("duplicate", scenario, selected),
        "rm" => return apply("remove", scenario, selected),
        "label" => return apply(&format!("rename {}", args.join(" ")), scenario, selected),
        field if OPTIMIZER_FIELDS.contains(&field) => {
            let value = value_of(args).map_err(|e| format!("{field} {e}"))?;
            let label = label_of(&json, selected);
            let optimizer = object(optimizers(&mut json)?.get_mut(selected).ok_or("no optimizer is selected")?)?;
            optimizer.insert(field.to_string(), value);
            format!("{label}: {field} {}", args.join(" "))
        }
        "schedule" => {
            let label = label_of(&json, selected);
            let optimizer = object(optimizers(&mut json)?.get_mut(selected).ok_or("no optimizer is selected")?)?;
            match args {
                [] => return Err("schedule needs a type: step, exponential, cosine, plateau, or none".into()),
                ["none"] => {
                    optimizer.remove("schedule");
                }
                [kind, rest @ ..] => {
                    let mut schedule = Map::new();
                    schedule.insert("type".into(), Value::String(kind.to_string()));
                    // Positional values in the order a course states them; key=value for the rest.
                    let positional: &[&str] = match *kind {
                        "step" => &["step_size", "gamma"],
                        "exponential" => &["gamma"],
                        "cosine" => &["t_max", "eta_min"],
                        _ => &["factor", "patience"],
                    };
                    let (plain, named): (Vec<&str>, Vec<&str>) = rest.iter().partition(|w| !w.contains('='));
                    if plain.len() > positional.len() {
                        return Err(format!("schedule {kind} takes at most {}", positional.join(", ")));
                    }
                    for (key, word) in positional.iter().zip(&plain) {
                        schedule.insert(key.to_string(), literal(word));
                    }
                    fields(&named, &mut schedule)?;
                    optimizer.insert("schedule".into(), Value::Object(schedule));
                }
            }
            format!("{label}: schedule {}", args.join(" "))
        }
        "start" => {
            let value = value_of(args).map_err(|_| "start needs a point: start x y (in 1-D, start x)".to_string())?;
            let label = label_of(&json, selected);
            let optimizer = object(optimizers(&mut json)?.get_mut(selected).ok_or("no optimizer is selected")?)?;
            optimizer.insert("start".into(), value);
            format!("{label}: start {}", args.join(" "))
        }
        "type" => {
            let [kind] = args else { return Err("type needs one optimizer type, such as type adam".into()) };
            let label = label_of(&json, selected);
            let list = optimizers(&mut json)?;
            let old_type = list.get(selected).and_then(|o| o["type"].as_str()).unwrap_or_default().to_string();
            // A label that only named the old type would now name the wrong one.
            let renamed = (label.to_lowercase() == old_type && !kind.eq_ignore_ascii_case(&old_type)).then(|| {
                if list.iter().any(|o| o["label"] == **kind) { free_label(list, kind) } else { kind.to_string() }
            });
            let optimizer = object(list.get_mut(selected).ok_or("no optimizer is selected")?)?;
            optimizer.retain(|key, _| KEPT_BY_TYPE.contains(&key.as_str()));
            optimizer.insert("type".into(), Value::String(kind.to_string()));
            match renamed {
                Some(new) => {
                    optimizer.insert("label".into(), Value::String(new.clone()));
                    format!("{label}: type {kind} (lr kept), now labelled {new}")
                }
                None => format!("{label}: type {kind} (lr kept)"),
            }
        }
        "add" => {
            let [kind, rest @ ..] = args else {
                return Err("add needs an optimizer type, such as add adam lr=0.01".into());
            };
            let start = json["optimizers"][selected]["start"].clone();
            let list = optimizers(&mut json)?;
            let mut optimizer = Map::new();
            optimizer.insert("type".into(), Value::String(kind.to_string()));
            if !start.is_null() {
                optimizer.insert("start".into(), start);
            }
            fields(rest, &mut optimizer)?;
            if !optimizer.contains_key("label") {
                let label =
                    if list.iter().any(|o| o["label"] == **kind) { free_label(list, kind) } else { kind.to_string() };
                optimizer.insert("label".into(), Value::String(label));
            }
            list.push(Value::Object(optimizer));
            select = list.len() - 1;
            format!("added {}", args.join(" "))
        }
        "duplicate" => {
            let list = optimizers(&mut json)?;
            let mut copy = list.get(selected).ok_or("no optimizer is selected")?.clone();
            let base = copy["label"].as_str().unwrap_or("copy").to_string();
            let label = free_label(list, &base);
            object(&mut copy)?.insert("label".into(), Value::String(label.clone()));
            list.insert(selected + 1, copy);
            select = selected + 1;
            format!("{base} duplicated as {label}")
        }
        "remove" => {
            let label = label_of(&json, selected);
            let list = optimizers(&mut json)?;
            if list.len() <= 1 {
                return Err("the last optimizer cannot be removed (add another first)".into());
            }
            if selected >= list.len() {
                return Err("no optimizer is selected".into());
            }
            list.remove(selected);
            select = selected.min(list.len() - 1);
            format!("removed {label}")
        }
        "rename" => {
            let text = command.trim_start().strip_prefix(name).unwrap_or("").trim();
            if text.is_empty() {
                return Err("rename needs the new label".into());
            }
            let label = label_of(&json, selected);
            let list = optimizers(&mut json)?;
            // Said of the one renamed, by the number the panel shows.
            if let Some(other) = list.iter().enumerate().position(|(i, o)| i != selected && o["label"] == text) {
                return Err(format!("label: `{text}` is already the label of optimizer {}", other + 1));
            }
            let optimizer = object(list.get_mut(selected).ok_or("no optimizer is selected")?)?;
            optimizer.insert("label".into(), Value::String(text.to_string()));
            format!("{label} renamed {text}")
        }
        "steps" | "seed" => {
            let [word] = args else { return Err(format!("{name} needs one whole number")) };
            json[name] = literal(word);
            format!("{name} {word}")
        }
        "domain" => {
            let numbers: Vec<Value> = args.iter().map(|w| literal(w)).collect();
            let domain = match numbers.as_slice() {
                [x0, x1] => serde_json::json!({"x": [x0, x1]}),
                [x0, x1, y0, y1] => serde_json::json!({"x": [x0, x1], "y": [y0, y1]}),
                _ => return Err("domain needs x_lo x_hi, and y_lo y_hi in 2-D".into()),
            };
            json["domain"] = domain;
            format!("domain {}", args.join(" "))
        }
        other => {
            return Err(format!(
                "unknown command `{other}`; the commands are {}",
                commands().collect::<Vec<_>>().join(", ")
            ));
        }
    };
    json["select"] = json["optimizers"][select]["label"].clone();
    Ok(Edited { json, select, summary })
}

/// The command names and optimizer types that complete `prefix`, for Tab.
pub fn completions(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let ends_with_space = line.ends_with(' ');
    let (done, partial) = match (words.as_slice(), ends_with_space) {
        ([], _) => (vec![], ""),
        (all, true) => (all.to_vec(), ""),
        ([init @ .., last], false) => (init.to_vec(), *last),
    };
    let candidates: Vec<&str> = match done.as_slice() {
        [] => commands().collect(),
        ["type" | "add"] => super::optim::OptimizerType::ALL.iter().map(|t| t.name()).collect(),
        ["schedule"] => vec!["step", "exponential", "cosine", "plateau", "none"],
        ["form"] => vec!["pytorch", "ema"],
        ["line_search_fn"] => vec!["strong_wolfe", "null"],
        ["nesterov" | "centered" | "amsgrad" | "decoupled_weight_decay"] => vec!["true", "false"],
        // The fields of that type, and those every type takes.
        ["add", kind, ..] => match super::optim::OptimizerType::from_name(kind) {
            Some(t) => OPTIMIZER_FIELDS
                .iter()
                .copied()
                .filter(|f| t.hyperparameter_names().contains(f) || !is_hyperparameter(f))
                .collect(),
            None => OPTIMIZER_FIELDS.to_vec(),
        },
        _ => vec![],
    };
    let prefix: String = if done.is_empty() { String::new() } else { format!("{} ", done.join(" ")) };
    let after_add = matches!(done.as_slice(), ["add", _, ..]);
    candidates
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .map(|c| if after_add { format!("{prefix}{c}=") } else { format!("{prefix}{c}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Value {
        serde_json::json!({
            "function": "rosenbrock", "steps": 10, "start": [-1.5, 2.0],
            "optimizers": [
                {"type": "gd", "lr": 0.001, "label": "GD", "start": [-1.5, 2.0]},
                {"type": "momentum", "lr": 0.001, "momentum": 0.9, "label": "Momentum", "start": [-1.5, 2.0]}
            ]
        })
    }

    #[test]
    fn fields_of_the_selected_optimizer_are_set() {
        let e = apply("lr 0.75", &scenario(), 1).unwrap();
        assert_eq!(e.json["optimizers"][1]["lr"], 0.75);
        assert_eq!(e.json["optimizers"][0]["lr"], 0.001);
        let e = apply("betas 0.8 0.99", &scenario(), 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["betas"], serde_json::json!([0.8, 0.99]));
        let e = apply("schedule cosine 100", &scenario(), 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["schedule"], serde_json::json!({"type": "cosine", "t_max": 100}));
        let e = apply("start -1 2", &scenario(), 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["start"], serde_json::json!([-1, 2]));
    }

    #[test]
    fn the_line_up_changes() {
        let e = apply("add adam lr=0.01", &scenario(), 0).unwrap();
        assert_eq!(e.json["optimizers"][2]["type"], "adam");
        assert_eq!(e.json["optimizers"][2]["lr"], 0.01);
        assert_eq!(e.json["optimizers"][2]["start"], serde_json::json!([-1.5, 2.0]));
        assert_eq!((e.select, e.json["select"].clone()), (2, "adam".into()));
        let e = apply("duplicate", &scenario(), 0).unwrap();
        assert_eq!(e.json["optimizers"][1]["label"], "GD 2");
        let e = apply("remove", &scenario(), 1).unwrap();
        assert_eq!(e.json["optimizers"].as_array().unwrap().len(), 1);
        assert_eq!(e.select, 0);
        let one = apply("remove", &scenario(), 0).unwrap().json;
        assert!(apply("remove", &one, 0).unwrap_err().contains("last optimizer"));
        let e = apply("type adam", &scenario(), 1).unwrap();
        let adam = &e.json["optimizers"][1];
        assert_eq!((adam["type"].clone(), adam["lr"].clone()), ("adam".into(), 0.001.into()));
        assert!(adam.get("momentum").is_none(), "momentum is not Adam's");
        let e = apply("type lbfgs", &scenario(), 0).unwrap();
        let e = apply("line_search_fn strong_wolfe", &e.json, 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["line_search_fn"], "strong_wolfe");
        let e = apply("max_iter 5", &e.json, 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["max_iter"], 5);
        let e = apply("type rprop", &scenario(), 1).unwrap();
        assert_eq!(e.json["optimizers"][1]["label"], "rprop", "`Momentum` named the old type");
        let mut named = scenario();
        named["optimizers"][1]["label"] = "heavy ball".into();
        let e = apply("type rprop", &named, 1).unwrap();
        assert_eq!(e.json["optimizers"][1]["label"], "heavy ball", "a label of its own is kept");
        let e = apply("rename fast one", &scenario(), 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["label"], "fast one");
    }

    #[test]
    fn mistakes_in_the_line_itself_are_named() {
        assert!(apply("frobnicate 3", &scenario(), 0).unwrap_err().starts_with("unknown command `frobnicate`"));
        assert!(apply("lr", &scenario(), 0).unwrap_err().contains("needs a value"));
        assert!(apply("add adam lr", &scenario(), 0).unwrap_err().contains("key=value"));
    }

    #[test]
    fn tab_completes_commands_and_types() {
        assert_eq!(completions("mom"), vec!["momentum", "momentum_decay"]);
        assert_eq!(completions("nest"), vec!["nesterov"]);
        assert_eq!(
            completions("type ad"),
            vec!["type adagrad", "type adam", "type adamw", "type adamax", "type adadelta"]
        );
        assert_eq!(completions("type r"), vec!["type rmsprop", "type radam", "type rprop"]);
        assert_eq!(completions("add rprop e"), vec!["add rprop etas="], "Rprop has no eps");
        assert_eq!(completions("line_search_fn s"), vec!["line_search_fn strong_wolfe"]);
        assert_eq!(completions("schedule c"), vec!["schedule cosine"]);
        assert_eq!(completions("add adam l"), vec!["add adam lr="], "only Adam's own fields");
        assert_eq!(completions("add adagrad l"), vec!["add adagrad lr=", "add adagrad lr_decay="]);
        assert_eq!(completions("add lbfgs max"), vec!["add lbfgs max_iter=", "add lbfgs max_eval="]);
    }
}
