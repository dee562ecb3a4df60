//! A scenario's name and description, read from the start of its text
//! without validating it (which may read a data file of many megabytes):
//! what lists of scenarios show, for any number of files, at once.

use std::cell::RefCell;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::validate::{MAX_DESCRIPTION, MAX_NAME};
use crate::core::sanitize::{visible, visible_lines};

/// The bytes of a file read for its heading: a scenario's name and
/// description come first in every lesson, and rarely later than this.
pub const HEADING_BYTES: u64 = 64 << 10;

/// What a scenario says of itself at its start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    /// Its `name`, if the text gives one before it ends or breaks off.
    pub name: Option<String>,
    /// Its `description`, likewise.
    pub description: Option<String>,
}

impl Heading {
    /// The heading of a scenario file, from its first [`HEADING_BYTES`];
    /// `None` when it cannot be read or is not a JSON object.
    pub fn of_file(path: &std::path::Path) -> Option<Heading> {
        crate::core::source::read_start(path, HEADING_BYTES).ok().and_then(|bytes| Heading::read(&bytes))
    }

    /// The heading of a scenario's text (or the first bytes of it), or
    /// `None` when it is not a JSON object. Text after a name and a
    /// description, broken or cut short, does not matter; nothing is
    /// validated.
    pub fn read(text: &[u8]) -> Option<Heading> {
        let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
        if text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return None;
        }
        let found = RefCell::new(Heading::default());
        let mut de = serde_json::Deserializer::from_slice(text);
        // Reading stops at the first error, or once both are found.
        let _ = de::Deserializer::deserialize_map(&mut de, TopLevel(&found));
        let mut heading = found.into_inner();
        heading.name = heading.name.filter(|n| !n.trim().is_empty()).map(|n| {
            let n: String = n.chars().take(MAX_NAME).collect();
            visible(&n).into_owned()
        });
        heading.description = heading.description.map(|d| {
            let d: String = d.chars().take(MAX_DESCRIPTION).collect();
            visible_lines(&d).into_owned()
        });
        Some(heading)
    }
}

struct TopLevel<'a>(&'a RefCell<Heading>);

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a scenario object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let text = map.next_value::<Text>()?.0;
            let mut heading = self.0.borrow_mut();
            let slot = match key.as_str() {
                "name" => &mut heading.name,
                "description" => &mut heading.description,
                _ => continue,
            };
            // A repeated key keeps its first value, as the loader does.
            if slot.is_none() {
                *slot = text;
            }
            if heading.name.is_some() && heading.description.is_some() {
                return Err(de::Error::custom("both found"));
            }
        }
        Ok(())
    }
}

/// A value that is text, or anything else skipped without keeping it.
struct Text(Option<String>);

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(Some(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Heading> {
        Heading::read(text.as_bytes())
    }

    #[test]
    fn name_and_description_are_read_wherever_they_are_at_the_top() {
        let heading = read(r#"{"steps": 3, "optimizers": [{"name": "no"}], "name": "A", "description": "B"}"#).unwrap();
        assert_eq!(heading, Heading { name: Some("A".into()), description: Some("B".into()) });
    }

    #[test]
    fn what_follows_them_does_not_matter() {
        let heading = read(r#"{"name": "A", "description": "B", "steps": oops"#).unwrap();
        assert_eq!(heading.name.as_deref(), Some("A"));
        // Cut off before the description: the name alone.
        assert_eq!(read(r#"{"name": "A", "function": {"expr": "x^"#).unwrap().name.as_deref(), Some("A"));
    }

    #[test]
    fn text_that_is_not_an_object_has_no_heading() {
        assert_eq!(read("[1, 2]"), None);
        assert_eq!(read(""), None);
        assert_eq!(read("nonsense"), None);
        assert_eq!(read("{}"), Some(Heading::default()));
        assert_eq!(read(r#"{"name": 3}"#), Some(Heading::default()));
        assert_eq!(read(r#"{"name": "  "}"#), Some(Heading::default()));
    }

    #[test]
    fn a_name_is_data_on_one_line() {
        let heading = read("{\"name\": \"a\\u001b[2Jb\\nc\", \"name\": \"second\"}").unwrap();
        assert_eq!(heading.name.as_deref(), Some("a\\u{1b}[2Jb\\u{a}c"));
    }
}
