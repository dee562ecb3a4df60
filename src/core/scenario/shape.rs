//! The file's shape, checked for people: what each field must hold, read
//! from the serde types themselves (so that a field is declared once, in
//! `file.rs`), and every wrong type and unknown field of a file found in one
//! pass, in words a reader of the file uses: the shape that was meant, the
//! field that was meant.

use std::cell::RefCell;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::tree::{Segment, join, segments};
use super::validate::{Invalid, invalid};

/// What a field holds, as the serde types declare it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    /// Any JSON value (checked later by the code that reads it).
    Any,
    /// A number.
    Number,
    /// A whole number, 0 or more.
    Whole,
    /// `true` or `false`.
    Flag,
    /// A string.
    Text,
    /// A list of exactly these.
    Tuple(Vec<Shape>),
    /// A list of any length of this.
    List(Box<Shape>),
    /// An object with these fields (each may be left out).
    Object(Vec<(&'static str, Shape)>),
    /// This, or `null` for the default.
    Optional(Box<Shape>),
}

impl Shape {
    /// The shape of a serde type: what its `Deserialize` asks for.
    pub(super) fn of<T: DeserializeOwned>() -> Shape {
        let slot = RefCell::new(Shape::Any);
        // The probe gives every field a value of the kind asked for, so the
        // type's own checks pass; an error only cuts the description short.
        let _ = T::deserialize(Probe(&slot));
        slot.into_inner()
    }

    /// The field names of an object shape, in declaration order.
    pub(super) fn field_names(&self) -> Vec<&'static str> {
        match self {
            Shape::Object(fields) => fields.iter().map(|(name, _)| *name).collect(),
            Shape::Optional(inner) => inner.field_names(),
            _ => Vec::new(),
        }
    }
}

/// A deserializer that answers every request with a placeholder of the kind
/// requested, recording the request: the type's shape.
struct Probe<'a>(&'a RefCell<Shape>);

impl Probe<'_> {
    fn set(&self, shape: Shape) {
        *self.0.borrow_mut() = shape;
    }
}

type ProbeError = de::value::Error;

macro_rules! probe_as {
    ($($method:ident => $shape:expr, $visit:ident($($value:expr)?);)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
            self.set($shape);
            visitor.$visit($($value)?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    probe_as! {
        deserialize_any => Shape::Any, visit_unit();
        deserialize_bool => Shape::Flag, visit_bool(false);
        deserialize_u8 => Shape::Whole, visit_u64(0);
        deserialize_u16 => Shape::Whole, visit_u64(0);
        deserialize_u32 => Shape::Whole, visit_u64(0);
        deserialize_u64 => Shape::Whole, visit_u64(0);
        deserialize_i8 => Shape::Number, visit_i64(0);
        deserialize_i16 => Shape::Number, visit_i64(0);
        deserialize_i32 => Shape::Number, visit_i64(0);
        deserialize_i64 => Shape::Number, visit_i64(0);
        deserialize_f32 => Shape::Number, visit_f64(0.0);
        deserialize_f64 => Shape::Number, visit_f64(0.0);
        deserialize_char => Shape::Text, visit_char('a');
        deserialize_str => Shape::Text, visit_str("");
        deserialize_string => Shape::Text, visit_str("");
        deserialize_identifier => Shape::Text, visit_str("");
        deserialize_bytes => Shape::Any, visit_bytes(&[]);
        deserialize_byte_buf => Shape::Any, visit_bytes(&[]);
        deserialize_unit => Shape::Any, visit_unit();
        deserialize_ignored_any => Shape::Any, visit_unit();
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let inner = RefCell::new(Shape::Any);
        let value = visitor.visit_some(Probe(&inner));
        self.set(Shape::Optional(Box::new(inner.into_inner())));
        value
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let mut shapes = Vec::new();
        let value = visitor.visit_seq(ProbeSeq { left: 1, shapes: &mut shapes });
        self.set(Shape::List(Box::new(shapes.pop().unwrap_or(Shape::Any))));
        value
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, ProbeError> {
        let mut shapes = Vec::new();
        let value = visitor.visit_seq(ProbeSeq { left: len, shapes: &mut shapes });
        self.set(Shape::Tuple(shapes));
        value
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.set(Shape::Any);
        visitor.visit_map(ProbeMap { fields: &[], at: 0, shapes: &mut Vec::new() })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        let mut shapes = Vec::new();
        let value = visitor.visit_map(ProbeMap { fields, at: 0, shapes: &mut shapes });
        self.set(Shape::Object(fields.iter().copied().zip(shapes).collect()));
        value
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, ProbeError> {
        self.set(Shape::Any);
        Err(de::Error::custom("enums are described as any value"))
    }
}

struct ProbeSeq<'s> {
    left: usize,
    shapes: &'s mut Vec<Shape>,
}

impl<'de> SeqAccess<'de> for ProbeSeq<'_> {
    type Error = ProbeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ProbeError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let slot = RefCell::new(Shape::Any);
        let value = seed.deserialize(Probe(&slot));
        self.shapes.push(slot.into_inner());
        value.map(Some)
    }
}

struct ProbeMap<'s> {
    fields: &'static [&'static str],
    at: usize,
    shapes: &'s mut Vec<Shape>,
}

impl<'de> MapAccess<'de> for ProbeMap<'_> {
    type Error = ProbeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ProbeError> {
        match self.fields.get(self.at) {
            Some(&name) => seed.deserialize(de::value::BorrowedStrDeserializer::new(name)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ProbeError> {
        self.at += 1;
        let slot = RefCell::new(Shape::Any);
        let value = seed.deserialize(Probe(&slot));
        self.shapes.push(slot.into_inner());
        value
    }
}

/// What the checker asks of the code that knows a field's meaning.
pub(super) trait Fields {
    /// The fields an object at `path` takes, given its value (an optimizer's
    /// depend on its type), if they differ from its shape's.
    fn allowed(&self, path: &str, object: &serde_json::Map<String, Value>) -> Option<Vec<&'static str>>;
    /// The message for a field the object at `path` does not take, if the
    /// code knows better than "unknown field" (a hyperparameter of another
    /// optimizer type).
    fn refused(&self, path: &str, object: &serde_json::Map<String, Value>, key: &str) -> Option<String>;
    /// What to call the objects at `path`, in "the fields of …".
    fn kind_of(&self, path: &str, object: &serde_json::Map<String, Value>) -> String;
}

/// Checks `value` at `path` against `shape`: each wrong type, unknown field
/// and wrong length is a problem, and the value at fault is taken out (an
/// object's field removed, a list's item emptied) so that what remains can
/// be read by serde and checked further. The paths taken out are added to
/// `broken`: a later problem beneath them only repeats this one.
pub(super) fn check(
    value: &mut Value,
    shape: &Shape,
    path: &str,
    fields: &dyn Fields,
    problems: &mut Vec<Invalid>,
    broken: &mut Vec<String>,
) {
    if let Err(message) = check_value(value, shape, path, fields, problems, broken) {
        problems.push(invalid(path, message));
        broken.push(path.to_string());
        // Emptied rather than removed: a list keeps its numbering.
        *value = match shape {
            Shape::Object(_) => Value::Object(serde_json::Map::new()),
            _ => Value::Null,
        };
    }
}

/// Ok, or the message for this value (its parts' problems already pushed).
fn check_value(
    value: &mut Value,
    shape: &Shape,
    path: &str,
    fields: &dyn Fields,
    problems: &mut Vec<Invalid>,
    broken: &mut Vec<String>,
) -> Result<(), String> {
    match (shape, &mut *value) {
        (Shape::Any, _) | (Shape::Optional(_), Value::Null) => Ok(()),
        (Shape::Optional(inner), _) => check_value(value, inner, path, fields, problems, broken),
        (Shape::Number, Value::Number(_)) | (Shape::Flag, Value::Bool(_)) | (Shape::Text, Value::String(_)) => Ok(()),
        (Shape::Whole, Value::Number(n)) if n.is_u64() => Ok(()),
        (Shape::Tuple(items), Value::Array(list)) if items.len() == list.len() => {
            let mut wrong = Vec::new();
            for (i, (shape, item)) in items.iter().zip(list.iter_mut()).enumerate() {
                if let Err(m) = check_value(item, shape, &format!("{path}[{i}]"), fields, problems, broken) {
                    wrong.push(m);
                }
            }
            if wrong.is_empty() { Ok(()) } else { Err(expected_pair(path, value, items.len())) }
        }
        (Shape::List(inner), Value::Array(list)) => {
            for (i, item) in list.iter_mut().enumerate() {
                check(item, inner, &format!("{path}[{i}]"), fields, problems, broken);
            }
            Ok(())
        }
        (Shape::Object(declared), Value::Object(map)) => {
            let allowed = fields.allowed(path, map).unwrap_or_else(|| declared.iter().map(|(n, _)| *n).collect());
            let mut refused = Vec::new();
            for key in map.keys() {
                let inner = join(path, key);
                if !allowed.contains(&key.as_str()) {
                    let message = fields
                        .refused(path, map, key)
                        .unwrap_or_else(|| unknown_field(key, &allowed, &fields.kind_of(path, map)));
                    problems.push(invalid(&inner, message));
                    broken.push(inner);
                    refused.push(key.clone());
                }
            }
            for key in refused {
                map.remove(&key);
            }
            for (name, shape) in declared {
                if let Some(field) = map.get_mut(*name) {
                    check(field, shape, &join(path, name), fields, problems, broken);
                    if field.is_null() && !matches!(shape, Shape::Optional(_) | Shape::Any) {
                        map.remove(*name);
                    }
                }
            }
            Ok(())
        }
        (shape, _) => Err(wrong_type(shape, path, value)),
    }
}

/// The last key of a path: the field's own name.
pub(super) fn last_key(path: &str) -> &str {
    segments(path)
        .into_iter()
        .rev()
        .find_map(|s| match s {
            Segment::Key(k) => Some(k),
            Segment::Index(_) => None,
        })
        .unwrap_or("")
}

/// How a value reads in a message: numbers and words as written, text in
/// quotes, a list or object by what it holds.
pub(super) fn described(value: &Value) -> String {
    let short = |text: String| {
        if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
    };
    match value {
        Value::String(s) => format!("the text {}", short(Value::String(s.clone()).to_string())),
        Value::Array(items) if items.is_empty() => "an empty list []".into(),
        Value::Array(_) => format!("the list {}", short(value.to_string())),
        Value::Object(map) if map.is_empty() => "an empty object {}".into(),
        Value::Object(_) => format!("the object {}", short(value.to_string())),
        other => short(other.to_string()),
    }
}

/// The names of a pair's two numbers, by the field it is.
fn pair_names(path: &str) -> &'static str {
    match last_key(path) {
        "x" => "[xmin, xmax]",
        "y" => "[ymin, ymax]",
        "betas" => "[beta1, beta2]",
        "etas" => "[eta_minus, eta_plus]",
        "step_sizes" => "[smallest, largest]",
        _ => "[a, b]",
    }
}

fn expected_pair(path: &str, value: &Value, len: usize) -> String {
    let count = match value {
        Value::Array(items) if items.len() == 1 => "1 value".to_string(),
        Value::Array(items) => format!("{} values", items.len()),
        _ => String::new(),
    };
    let got = match value {
        Value::Array(items) if items.len() != len && items.iter().all(Value::is_number) => count,
        other => described(other),
    };
    format!("must be {len} numbers {}, not {got}", pair_names(path))
}

/// Every number in a value, in order.
fn numbers_in(value: &Value, out: &mut Vec<f64>) {
    match value {
        Value::Number(n) => out.extend(n.as_f64()),
        Value::Array(items) => items.iter().for_each(|v| numbers_in(v, out)),
        Value::Object(map) => map.values().for_each(|v| numbers_in(v, out)),
        _ => {}
    }
}

/// The domain's shape, with an example made of the numbers given.
fn domain_shape(value: &Value) -> String {
    let mut n = Vec::new();
    numbers_in(value, &mut n);
    let show = |v: f64| format!("{v}");
    let (x, y) = match n.as_slice() {
        [a, b, c, d, ..] => ((*a, *b), (*c, *d)),
        [a, b] => ((*a, *b), (*a, *b)),
        _ => ((-5.0, 5.0), (-5.0, 5.0)),
    };
    format!(
        "must be {{\"x\": [xmin, xmax], \"y\": [ymin, ymax]}} (no \"y\" in 1-D), such as {{\"x\": [{}, {}], \"y\": [{}, {}]}}, not {}",
        show(x.0),
        show(x.1),
        show(y.0),
        show(y.1),
        described(value)
    )
}

/// What a shape asks for, in words.
fn wanted(shape: &Shape, path: &str) -> String {
    match shape {
        Shape::Any => "a value".into(),
        Shape::Number => "a number".into(),
        Shape::Whole => "a whole number, 0 or more".into(),
        Shape::Flag => "true or false".into(),
        Shape::Text => "text in quotes".into(),
        Shape::Tuple(items) => format!("{} numbers {}", items.len(), pair_names(path)),
        Shape::List(_) if last_key(path) == "optimizers" => {
            "a list of optimizers, such as [{\"type\": \"gd\", \"lr\": 0.01}]".into()
        }
        Shape::List(_) => "a list in brackets [...]".into(),
        Shape::Object(_) => match last_key(path) {
            "schedule" => "an object such as {\"type\": \"step\", \"step_size\": 100, \"gamma\": 0.5}".into(),
            "stop" => "an object such as {\"grad_norm\": 1e-6}".into(),
            "plane" => "an object such as {\"kind\": \"pca\"}".into(),
            _ if path.starts_with("optimizers[") && path.ends_with(']') => {
                "an object such as {\"type\": \"adam\", \"lr\": 0.01}".into()
            }
            _ => "an object {...}".into(),
        },
        Shape::Optional(inner) => wanted(inner, path),
    }
}

fn wrong_type(shape: &Shape, path: &str, value: &Value) -> String {
    let shape = match shape {
        Shape::Optional(inner) => inner,
        other => other,
    };
    if matches!(shape, Shape::Object(_)) && matches!(last_key(path), "domain") {
        return domain_shape(value);
    }
    if let Shape::Tuple(items) = shape {
        return expected_pair(path, value, items.len());
    }
    let message = format!("must be {}, not {}", wanted(shape, path), described(value));
    // A value written in quotes that would be right without them.
    let unquoted = match (shape, value) {
        (Shape::Number, Value::String(s)) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => Some(s.trim()),
        (Shape::Whole, Value::String(s)) if s.trim().parse::<u64>().is_ok() => Some(s.trim()),
        (Shape::Flag, Value::String(s)) if matches!(s.as_str(), "true" | "false") => Some(s.as_str()),
        _ => None,
    };
    match unquoted {
        Some(bare) => format!("{message}: write {bare} without quotes"),
        None => message,
    }
}

/// Other names people give a field, and the field they mean.
const ALIASES: &[(&str, &str)] = &[
    ("learning_rate", "lr"),
    ("learningrate", "lr"),
    ("rate", "lr"),
    ("beta1", "betas"),
    ("beta2", "betas"),
    ("beta_1", "betas"),
    ("beta_2", "betas"),
    ("b1", "betas"),
    ("b2", "betas"),
    ("epsilon", "eps"),
    ("mu", "momentum"),
    ("wd", "weight_decay"),
    ("decay", "weight_decay"),
    ("colour", "color"),
    ("kind", "type"),
    ("optimizer", "type"),
    ("name", "label"),
    ("iterations", "steps"),
    ("iters", "steps"),
    ("epochs", "steps"),
    ("max_steps", "steps"),
    ("num_steps", "steps"),
    ("n_steps", "steps"),
    ("x0", "start"),
    ("init", "start"),
    ("initial", "start"),
    ("start_point", "start"),
    ("bounds", "domain"),
    ("range", "domain"),
    ("limits", "domain"),
    ("loss", "function"),
    ("objective", "function"),
    ("f", "function"),
    ("expression", "expr"),
    ("formula", "expr"),
];

/// The edit distance between two words (adjacent letters swapped count one).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The field among `candidates` that `key` most likely means: a known other
/// name for it, one a typo or two away, or the only one it begins.
pub(super) fn nearest<'a>(key: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let plain = |s: &str| s.to_lowercase().replace(['-', ' ', '_'], "");
    let key_plain = plain(key);
    let limit = match key_plain.chars().count() {
        0..=2 => 0,
        3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for &candidate in candidates {
        let names = std::iter::once(candidate)
            .chain(ALIASES.iter().filter(|(_, field)| *field == candidate).map(|(alias, _)| *alias));
        for name in names {
            let d = distance(&key_plain, &plain(name));
            if d <= limit && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, candidate));
            }
        }
    }
    // Else a field the key begins (`history` for `history_size`).
    best.map(|(_, c)| c).or_else(|| {
        let mut starting = candidates.iter().filter(|c| key_plain.len() >= 3 && plain(c).starts_with(&key_plain));
        match (starting.next(), starting.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// An unknown field: the nearest known one, and every field the object takes.
pub(super) fn unknown_field(key: &str, allowed: &[&str], kind: &str) -> String {
    let guess = nearest(key, allowed).map_or(String::new(), |f| format!("; did you mean `{f}`?"));
    format!("unknown field{guess} ({kind}: {})", allowed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Example {
        number: f64,
        count: Option<u64>,
        pair: Option<[f64; 2]>,
        list: Vec<Inner>,
        free: serde_json::Value,
        #[serde(rename = "type")]
        kind: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        on: bool,
    }

    #[test]
    fn a_serde_type_describes_its_own_shape() {
        let inner = Shape::Object(vec![("on", Shape::Flag)]);
        assert_eq!(
            Shape::of::<Example>(),
            Shape::Object(vec![
                ("number", Shape::Number),
                ("count", Shape::Optional(Box::new(Shape::Whole))),
                ("pair", Shape::Optional(Box::new(Shape::Tuple(vec![Shape::Number, Shape::Number])))),
                ("list", Shape::List(Box::new(inner))),
                ("free", Shape::Any),
                ("type", Shape::Text),
            ])
        );
    }

    #[test]
    fn nearest_names_come_from_typos_and_known_other_names() {
        let adam = ["type", "label", "lr", "betas", "eps", "weight_decay", "amsgrad"];
        assert_eq!(nearest("beta1", &adam), Some("betas"));
        assert_eq!(nearest("lerning_rate", &adam), Some("lr"));
        assert_eq!(nearest("weightdecay", &adam), Some("weight_decay"));
        assert_eq!(nearest("epsilon", &adam), Some("eps"));
        assert_eq!(nearest("amsgard", &adam), Some("amsgrad"));
        assert_eq!(nearest("momentum", &adam), None);
        assert_eq!(nearest("zzz", &adam), None);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
