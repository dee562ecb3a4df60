//! Typed edits of a scenario: one line such as `lr 0.75`, `type adam` or
//! `add momentum lr=0.01`, applied to the scenario as a file would hold it.
//!
//! An edit only rewrites the scenario's JSON; the result is validated by
//! the scenario loader itself, so a typed value meets exactly the rules and
//! messages of a file, and what is typed is what a saved copy holds.

use serde_json::{Map, Value};

use super::optim::{Limit, OptimizerType};

/// Commands besides setting one of [`optimizer_fields`].
const OTHER_COMMANDS: &[&str] =
    &["schedule", "start", "type", "add", "duplicate", "remove", "rename", "steps", "seed", "domain"];

/// Every command, for completion and for the message about unknown ones:
/// an optimizer field set directly, or one of the others.
pub fn commands() -> impl Iterator<Item = &'static str> {
    optimizer_fields().into_iter().chain(OTHER_COMMANDS.iter().copied())
}

/// Optimizer fields a command sets directly on the selected optimizer: lr,
/// every hyperparameter an optimizer declares, the per-gradient settings
/// and the colour.
fn optimizer_fields() -> Vec<&'static str> {
    let mut fields = vec!["lr"];
    for name in OptimizerType::ALL.iter().flat_map(|t| t.hyperparameter_names()) {
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
    fields.extend(["clip_norm", "noise", "batch_size", "color"]);
    fields
}

/// Whether a field is a hyperparameter of some optimizer type (rather than
/// one every type takes, such as lr or color).
fn is_hyperparameter(field: &str) -> bool {
    OptimizerType::ALL.iter().any(|t| t.takes(field))
}

/// The values a hyperparameter of flags or words takes, as its optimizer
/// declares them, for Tab.
fn field_values(field: &str) -> Option<Vec<&'static str>> {
    let declared = OptimizerType::ALL.iter().flat_map(|t| t.declaration().fields).find(|f| f.name == field)?;
    match declared.limit {
        Limit::Flag => Some(vec!["true", "false"]),
        Limit::Word { words, nullable, .. } => Some(words.iter().copied().chain(nullable.then_some("null")).collect()),
        Limit::NonNegative | Limit::Unit | Limit::Betas | Limit::Pair { .. } | Limit::Count { .. } => None,
    }
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
        field if optimizer_fields().contains(&field) => {
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
    let summary = match follow_label(scenario, &mut json, selected) {
        Some(renamed) => format!("{summary}, now labelled {renamed}"),
        None => summary,
    };
    json["select"] = json["optimizers"][select]["label"].clone();
    Ok(Edited { json, select, summary })
}

/// Words that, just before a number in a label (`lr 0.1`, `μ 0.9`) or
/// before `=` in the same word (`lr=0.1`), say which value the number is.
/// A number after any other word (`GD 0.01`) may name any value.
const VALUE_WORDS: &[(&str, &[&str])] = &[
    ("lr", &["lr", "rate"]),
    ("momentum", &["momentum", "μ", "mu"]),
    ("alpha", &["alpha", "α"]),
    ("betas", &["β1", "beta1", "betas", "β"]),
    ("rho", &["rho", "ρ"]),
    ("eps", &["eps", "ε"]),
    ("weight_decay", &["wd", "weight_decay", "decay"]),
    ("batch_size", &["batch", "batch_size"]),
    ("noise", &["noise"]),
    ("clip_norm", &["clip", "clipped", "clip_norm"]),
];

/// The field a word names, if it names one of [`VALUE_WORDS`].
fn field_named(word: &str) -> Option<&'static str> {
    let word = word.trim_matches(|c: char| c == '(' || c == ',' || c == ':' || c == '=').to_lowercase();
    VALUE_WORDS.iter().find(|(_, words)| words.contains(&word.as_str())).map(|(field, _)| *field)
}

/// A number as a label writes it: `0.75`, `1e-3`, `−1` (with a minus sign).
fn label_number(text: &str) -> Option<f64> {
    text.replace('\u{2212}', "-").parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `v` as a label shows it, with the label's own minus sign.
fn label_text(v: f64, typographic_minus: bool) -> String {
    let text = crate::core::format::short(v);
    if typographic_minus { text.replace('-', "\u{2212}") } else { text }
}

/// `label` rewritten to name `field`'s new value, if it names the old one:
/// `lr 0.95` → `lr 1` when the rate goes from 0.95 to 1. A number names
/// the value when it reads as the view shows the old value, and the word
/// before it names that field or no field at all (`GD 0.01`), so that
/// `batch 1` never follows a learning rate of 1. `None` if the label names
/// no such value.
pub fn relabeled(label: &str, field: &str, old: f64, new: f64) -> Option<String> {
    let shown = crate::core::format::short(old);
    let words: Vec<&str> = label.split(' ').collect();
    let mut depth = 0i32;
    for (i, word) in words.iter().enumerate() {
        // Numbers between parentheses are a point's coordinates.
        let inside = depth > 0 || word.contains('(');
        depth += word.matches('(').count() as i32 - word.matches(')').count() as i32;
        if inside {
            continue;
        }
        let (named, number) = match word.split_once('=') {
            Some((name, number)) => (field_named(name), number),
            None => (if i == 0 { None } else { field_named(words[i - 1]) }, *word),
        };
        if named.is_some_and(|f| f != field) || word.contains('=') && named.is_none() {
            continue;
        }
        let bare = number.trim_end_matches([',', ';', ':']);
        if label_number(bare).is_none_or(|v| crate::core::format::short(v) != shown) {
            continue;
        }
        let at = word.len() - number.len();
        let rewritten =
            format!("{}{}{}", &word[..at], label_text(new, bare.contains('\u{2212}')), &number[bare.len()..]);
        let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        out[i] = rewritten;
        return Some(out.join(" "));
    }
    None
}

/// `label` rewritten to name a new start, if it names the old one between
/// parentheses: `from (−1, 1)` → `from (0.5, 2)`; in 1-D `from (3)`.
pub fn relabeled_point(label: &str, old: &[f64], new: &[f64]) -> Option<String> {
    let (open, close) = (label.find('(')?, label.rfind(')')?);
    if open >= close || old.len() != new.len() {
        return None;
    }
    let inside = &label[open + 1..close];
    let parts: Vec<Option<f64>> = inside.split(',').map(|t| label_number(t.trim())).collect();
    let names_old = parts.len() == old.len()
        && parts
            .iter()
            .zip(old)
            .all(|(p, o)| p.is_some_and(|p| crate::core::format::short(p) == crate::core::format::short(*o)));
    if !names_old {
        return None;
    }
    let minus = inside.contains('\u{2212}');
    let shown: Vec<String> = new.iter().map(|&v| label_text(v, minus)).collect();
    Some(format!("{}({}){}", &label[..open], shown.join(", "), &label[close + 1..]))
}

/// After an edit that set values of optimizer `i` (as `before` held it),
/// its label is rewritten in `after` where it named an old value, unless
/// the new label is another optimizer's or too long. The new label, if any.
fn follow_label(before: &Value, after: &mut Value, i: usize) -> Option<String> {
    let (old_list, new_list) = (before["optimizers"].as_array()?, after["optimizers"].as_array()?);
    let (old, new) = (old_list.get(i)?, new_list.get(i)?);
    let original = old["label"].as_str()?;
    // A rename, a new type or a changed line-up says what the label is.
    if old_list.len() != new_list.len() || new["label"] != old["label"] || new["type"] != old["type"] {
        return None;
    }
    let mut label = original.to_string();
    for (field, _) in VALUE_WORDS {
        let value = |o: &Value| if *field == "betas" { o["betas"][0].as_f64() } else { o[*field].as_f64() };
        if let (Some(a), Some(b)) = (value(old), value(new))
            && a != b
            && let Some(renamed) = relabeled(&label, field, a, b)
        {
            label = renamed;
        }
    }
    let point = |o: &Value| -> Option<Vec<f64>> {
        match &o["start"] {
            Value::Number(n) => Some(vec![n.as_f64()?]),
            Value::Array(items) => items.iter().map(Value::as_f64).collect(),
            _ => None,
        }
    };
    if let (Some(a), Some(b)) = (point(old), point(new))
        && a != b
        && let Some(renamed) = relabeled_point(&label, &a, &b)
    {
        label = renamed;
    }
    let taken = new_list.iter().enumerate().any(|(j, o)| j != i && o["label"] == label.as_str());
    if label == original || taken || label.chars().count() > super::scenario::MAX_LABEL {
        return None;
    }
    after["optimizers"][i]["label"] = Value::String(label.clone());
    Some(label)
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
    let values = match done.as_slice() {
        [field] => field_values(field),
        _ => None,
    };
    let candidates: Vec<&str> = match done.as_slice() {
        [] => commands().collect(),
        ["type" | "add"] => OptimizerType::ALL.iter().map(|t| t.name()).collect(),
        ["schedule"] => vec!["step", "exponential", "cosine", "plateau", "none"],
        [_] if values.is_some() => values.unwrap_or_default(),
        // The fields of that type, and those every type takes.
        ["add", kind, ..] => match OptimizerType::from_name(kind) {
            Some(t) => optimizer_fields().into_iter().filter(|f| t.takes(f) || !is_hyperparameter(f)).collect(),
            None => optimizer_fields(),
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
    fn lion_is_typed_and_tuned_as_its_declaration_says() {
        let e = apply("type lion", &scenario(), 1).unwrap();
        let lion = &e.json["optimizers"][1];
        assert_eq!(lion["type"], "lion");
        assert!(lion.get("momentum").is_none(), "momentum is not Lion's");
        let e = apply("betas 0.95 0.98", &e.json, 1).unwrap();
        let e = apply("weight_decay 0.1", &e.json, 1).unwrap();
        let text = e.json.to_string();
        let loaded = crate::core::scenario::Scenario::parse(&text, "t.json", std::path::Path::new("."), "t").unwrap();
        let lion = &loaded.optimizers[1].spec.optimizer;
        let want = crate::core::optim::Lion { betas: [0.95, 0.98], weight_decay: 0.1 };
        assert_eq!(lion.hyper, crate::core::optim::Hyper::Lion(want));
        // A field Lion does not declare is the loader's refusal, as in a file.
        let e = apply("eps 1e-8", &e.json, 1).unwrap();
        let refused =
            crate::core::scenario::Scenario::parse(&e.json.to_string(), "t.json", std::path::Path::new("."), "t");
        assert!(refused.is_err());
    }

    #[test]
    fn mistakes_in_the_line_itself_are_named() {
        assert!(apply("frobnicate 3", &scenario(), 0).unwrap_err().starts_with("unknown command `frobnicate`"));
        assert!(apply("lr", &scenario(), 0).unwrap_err().contains("needs a value"));
        assert!(apply("add adam lr", &scenario(), 0).unwrap_err().contains("key=value"));
    }

    #[test]
    fn labels_follow_the_values_they_name() {
        let follow = |label: &str, field: &str, old: f64, new: f64| relabeled(label, field, old, new);
        assert_eq!(follow("lr 0.95", "lr", 0.95, 1.0).as_deref(), Some("lr 1"));
        assert_eq!(follow("GD 0.01", "lr", 0.01, 0.02).as_deref(), Some("GD 0.02"));
        assert_eq!(follow("GD, lr 0.05", "lr", 0.05, 0.1).as_deref(), Some("GD, lr 0.1"));
        assert_eq!(follow("lr=0.1 fast", "lr", 0.1, 0.2).as_deref(), Some("lr=0.2 fast"));
        assert_eq!(follow("Momentum 0.9", "momentum", 0.9, 0.95).as_deref(), Some("Momentum 0.95"));
        assert_eq!(follow("lr 1e-3", "lr", 0.001, 0.002).as_deref(), Some("lr 0.002"), "as the view shows it");
        // A number that another word claims, or a coordinate, is not the rate.
        assert_eq!(follow("batch 1", "lr", 1.0, 2.0), None);
        assert_eq!(follow("Momentum 0.9", "lr", 0.9, 1.0), None);
        assert_eq!(follow("from (−1, 1)", "lr", 1.0, 2.0), None);
        assert_eq!(follow("GD", "lr", 0.01, 0.02), None);
        assert_eq!(follow("lr 0.1", "lr", 0.01, 0.02), None, "names another rate");
        let point = relabeled_point("from (−1, 1)", &[-1.0, 1.0], &[0.5, -2.0]);
        assert_eq!(point.as_deref(), Some("from (0.5, −2)"), "in the label's own minus sign");
        assert_eq!(relabeled_point("from (0, 0)", &[1.0, 0.0], &[2.0, 0.0]), None);
    }

    #[test]
    fn a_typed_value_renames_the_label_that_named_it() {
        let mut named = scenario();
        named["optimizers"][0]["label"] = "lr 0.001".into();
        named["optimizers"][1]["label"] = "from (−1.5, 2)".into();
        let e = apply("lr 0.75", &named, 0).unwrap();
        assert_eq!(e.json["optimizers"][0]["label"], "lr 0.75");
        assert_eq!(e.json["select"], "lr 0.75", "the selection follows the new label");
        assert_eq!(e.summary, "lr 0.001: lr 0.75, now labelled lr 0.75");
        assert_eq!(e.json["optimizers"][1]["label"], "from (−1.5, 2)", "only the optimizer edited");
        let e = apply("start -1 2", &named, 1).unwrap();
        assert_eq!(e.json["optimizers"][1]["label"], "from (−1, 2)");
        // A label that would be another's stays.
        named["optimizers"][1]["label"] = "lr 0.75".into();
        assert_eq!(apply("lr 0.75", &named, 0).unwrap().json["optimizers"][0]["label"], "lr 0.001");
        // A value the loader will refuse renames nothing it could keep.
        assert_eq!(apply("lr abc", &named, 0).unwrap().json["optimizers"][0]["label"], "lr 0.001");
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
        // What Lion declares, and nothing else of the optimizers'.
        assert_eq!(completions("type li"), vec!["type lion"]);
        assert_eq!(completions("add lion b"), vec!["add lion betas=", "add lion batch_size="]);
        assert_eq!(completions("add lion e"), Vec::<String>::new(), "Lion has no eps");
        assert_eq!(completions("amsgrad "), vec!["amsgrad true", "amsgrad false"]);
    }
}
