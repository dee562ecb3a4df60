//! The file as written: a JSON tree that keeps its fields in the file's
//! order (so that problems are told in that order) and every repeated key
//! (to be told), and its syntax errors said plainly.

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::validate::{Invalid, invalid};

/// The problem of a key an object repeats.
pub(super) const GIVEN_TWICE: &str = "given twice; a field may appear once";

/// A JSON value as the file writes it: object fields in file order, repeated
/// keys kept (to be reported), numbers as JSON has them.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(String),
    List(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        serde_json::Number::from_f64(v).map(Node::Number).ok_or_else(|| E::custom("a number that is not finite"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            fields.push((key, map.next_value()?));
        }
        Ok(Node::Object(fields))
    }
}

/// A JSON syntax error, said plainly, with where in the file it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SyntaxError {
    pub(super) message: String,
}

/// serde_json's syntax messages in plain words.
fn plain_syntax(message: &str) -> String {
    let plain = match message {
        "EOF while parsing a list" => "the file ends before a list `[` is closed with `]`",
        "EOF while parsing an object" => "the file ends before an object `{` is closed with `}`",
        "EOF while parsing a string" => "the file ends inside a text in quotes",
        "EOF while parsing a value" => "the file ends where a value was expected",
        "expected value" => "expected a value: a number, \"text\", true, false, null, [a list] or {an object}",
        "expected ident" => "unknown word: a value is a number, \"text\", true, false, null, [a list] or {an object}",
        "key must be a string" => "a field name must be in double quotes",
        "trailing comma" => "a comma before the closing bracket (JSON allows none there)",
        "number out of range" => "the number is too large (numbers lie within ±1.8e308)",
        "invalid number" => "not a number",
        "recursion limit exceeded" => "nested more than 128 levels deep",
        "invalid escape" => "an unknown escape after `\\` (\\n, \\t, \\\", \\\\ and \\uXXXX are known)",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a control character inside a text in quotes (write \\n or \\t instead)"
        }
        other => other,
    };
    plain.to_string()
}

/// The file's text as a tree, or its first syntax error.
pub(super) fn parse_text(text: &str) -> Result<Node, SyntaxError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let at = |e: &serde_json::Error| format!("(line {}, column {})", e.line(), e.column());
    let without_place = |e: &serde_json::Error| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        full.strip_suffix(&suffix).unwrap_or(&full).to_string()
    };
    let node = serde::Deserialize::deserialize(&mut de).map_err(|e: serde_json::Error| {
        let message = without_place(&e);
        let message = if message == "trailing characters" {
            "unexpected text after the value".to_string()
        } else {
            plain_syntax(&message)
        };
        let at = if e.is_eof() { "(at the end of the file)".to_string() } else { at(&e) };
        SyntaxError { message: format!("invalid JSON: {message} {at}") }
    })?;
    // Nothing but white space may follow the scenario object.
    de.end().map_err(|e| SyntaxError {
        message: format!("unexpected text after the scenario object, at line {} column {}", e.line(), e.column()),
    })?;
    Ok(node)
}

impl Node {
    /// As serde_json's value; a repeated key keeps its first value.
    pub(super) fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Text(s) => Value::String(s.clone()),
            Node::List(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(fields) => {
                let mut map = serde_json::Map::new();
                for (key, value) in fields {
                    if !map.contains_key(key) {
                        map.insert(key.clone(), value.to_value());
                    }
                }
                Value::Object(map)
            }
        }
    }

    /// Every repeated key, as a problem at its path.
    pub(super) fn repeated_keys(&self, path: &str, problems: &mut Vec<Invalid>) {
        match self {
            Node::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.repeated_keys(&format!("{path}[{i}]"), problems);
                }
            }
            Node::Object(fields) => {
                for (i, (key, value)) in fields.iter().enumerate() {
                    let inner = join(path, key);
                    if fields[..i].iter().any(|(k, _)| k == key) {
                        problems.push(invalid(&inner, GIVEN_TWICE));
                    } else {
                        value.repeated_keys(&inner, problems);
                    }
                }
            }
            _ => {}
        }
    }

    /// Where a field path (`optimizers[1].lr`) lies in the file: the
    /// position of each key among its object's keys and each index, so that
    /// sorting by it gives file order. A missing key sorts after the
    /// object's others.
    pub(super) fn order_of(&self, path: &str) -> Vec<usize> {
        let mut order = Vec::new();
        let mut node = Some(self);
        for segment in segments(path) {
            let (position, next) = match (node, segment) {
                (Some(Node::Object(fields)), Segment::Key(key)) => match fields.iter().position(|(k, _)| k == key) {
                    Some(i) => (i, Some(&fields[i].1)),
                    None => (usize::MAX, None),
                },
                (Some(Node::List(items)), Segment::Index(i)) => (i, items.get(i)),
                (_, Segment::Index(i)) => (i, None),
                _ => (usize::MAX, None),
            };
            order.push(position);
            node = next;
        }
        order
    }

    /// The value at a field path, if the file has one there.
    pub(super) fn at(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for segment in segments(path) {
            node = match (node, segment) {
                (Node::Object(fields), Segment::Key(key)) => &fields.iter().find(|(k, _)| k == key)?.1,
                (Node::List(items), Segment::Index(i)) => items.get(i)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// One step of a field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// The steps of a field path such as `optimizers[1].schedule.gamma`.
pub(super) fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Segment::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

/// `path.key`, or `key` at the top.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_split_into_keys_and_indices() {
        assert_eq!(
            segments("optimizers[1].betas[0]"),
            vec![Segment::Key("optimizers"), Segment::Index(1), Segment::Key("betas"), Segment::Index(0)]
        );
        assert_eq!(segments(""), vec![]);
    }

    #[test]
    fn file_order_is_kept_for_sorting() {
        let node = parse_text(r#"{"steps": 1, "optimizers": [{"lr": 1, "type": "gd"}], "function": "x"}"#).unwrap();
        assert!(node.order_of("steps") < node.order_of("optimizers[0].type"));
        assert!(node.order_of("optimizers[0].lr") < node.order_of("optimizers[0].type"));
        assert!(node.order_of("optimizers[0].type") < node.order_of("function"));
        assert!(node.order_of("function") < node.order_of("seed"), "a missing field after those given");
    }
}
