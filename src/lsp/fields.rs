//! The fields of each scenario struct and the names of conditions, with their doc text.
//!
//! Completion offers a struct's field names with the same words the model's doc comments
//! use. Rather than copy those words (and let them drift), the model's source file is
//! compiled into the program and its `///` comments read at first use; a test checks the
//! field names against what serde itself writes for a parsed scenario.

use std::sync::OnceLock;

/// The model's source, whose doc comments are the field documentation.
const MODEL_SOURCE: &str = include_str!("../scenario/mod.rs");

/// A struct's field or an enum's variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The name as written in a file.
    pub name: String,
    /// Its doc comment, lines joined.
    pub doc: String,
    /// For a field: whether it may be left out (it has a default).
    pub optional: bool,
}

/// A struct or enum of the scenario model.
#[derive(Clone, Debug)]
pub struct Item {
    /// Its name, e.g. `Choice`.
    pub name: String,
    /// Its doc comment.
    pub doc: String,
    /// Its fields (for a struct) or variants (for an enum).
    pub members: Vec<Member>,
}

/// The items a scenario file can contain.
pub const STRUCTS: [&str; 7] = [
    "Scenario",
    "Piece",
    "Meter",
    "Scene",
    "Observation",
    "Choice",
    "Ending",
];

/// Every struct and enum in the model, read once.
pub fn items() -> &'static [Item] {
    static ITEMS: OnceLock<Vec<Item>> = OnceLock::new();
    ITEMS.get_or_init(|| read_items(MODEL_SOURCE))
}

/// The item called `name`.
pub fn item(name: &str) -> Option<&'static Item> {
    items().iter().find(|i| i.name == name)
}

/// Reads `pub struct`s and `pub enum`s with their doc comments from Rust source.
fn read_items(source: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    let mut optional = false;
    let mut current: Option<(Item, bool)> = None; // (item, is_struct)
    for line in source.lines() {
        let trimmed = line.trim();
        if let Some(text) = trimmed.strip_prefix("///") {
            doc.push(text.trim());
            continue;
        }
        if trimmed.starts_with("#[") {
            optional |= trimmed.contains("serde(default");
            continue;
        }
        let taken_doc = doc.join(" ");
        doc.clear();
        let was_optional = std::mem::take(&mut optional);
        if let Some((item, is_struct)) = current.as_mut() {
            if trimmed == "}" {
                if let Some((item, _)) = current.take() {
                    items.push(item);
                }
                continue;
            }
            let member = if *is_struct {
                trimmed
                    .strip_prefix("pub ")
                    .and_then(|rest| rest.split_once(':'))
                    .map(|(name, _)| name.trim())
            } else {
                trimmed
                    .split(['(', ',', ' '])
                    .next()
                    .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()))
            };
            if let Some(name) = member {
                item.members.push(Member {
                    name: name.to_string(),
                    doc: taken_doc,
                    optional: was_optional,
                });
            }
            continue;
        }
        for (prefix, is_struct) in [("pub struct ", true), ("pub enum ", false)] {
            if let Some(rest) = trimmed.strip_prefix(prefix)
                && trimmed.ends_with('{')
            {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                current = Some((
                    Item {
                        name,
                        doc: taken_doc.clone(),
                        members: Vec::new(),
                    },
                    is_struct,
                ));
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_carry_their_doc_text() {
        let choice = item("Choice").expect("Choice");
        let next = choice
            .members
            .iter()
            .find(|m| m.name == "next")
            .expect("next");
        assert_eq!(next.doc, "The scene or ending that follows.");
        assert!(next.optional);
        let text = choice
            .members
            .iter()
            .find(|m| m.name == "text")
            .expect("text");
        assert!(!text.optional);
        let condition = item("Condition").expect("Condition");
        let names: Vec<&str> = condition.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Flag",
                "NotFlag",
                "Found",
                "NotFound",
                "AtLeast",
                "Below",
                "Visited",
                "NotVisited",
                "All",
                "Any",
                "Not"
            ]
        );
        for name in STRUCTS {
            assert!(item(name).is_some_and(|i| !i.doc.is_empty()), "{name}");
        }
    }

    /// The names read from the doc comments are the names serde reads and writes.
    #[test]
    fn field_names_match_what_serde_writes() {
        // Every optional field that is left out of the output when unset is set here.
        let text = r#"Scenario(id: "s", title: "t", role: "r", summary: "s", content_note: "n",
            time_limit: (minutes: 30, then: "b"),
            pieces: [Piece(id: "p", title: "Clue")], meters: [Meter(id: "m")],
            scenes: [Scene(id: "a", text: "x", time_limit: (minutes: 10, then: "b"), facilitator: "f",
                observations: [Observation(id: "o", label: "l", text: "t")],
                choices: [Choice(text: "go", next: "b")])],
            endings: [Ending(id: "b", title: "End", text: "x", kind: Good)])"#;
        let scenario =
            crate::scenario::parse_scenario(text, std::path::Path::new("t.ron")).expect("parses");
        let json = serde_json::to_value(&scenario).expect("serialises");
        let keys = |value: &serde_json::Value| -> Vec<String> {
            let mut keys: Vec<String> =
                value.as_object().expect("object").keys().cloned().collect();
            keys.sort();
            keys
        };
        let names = |item: &str| -> Vec<String> {
            let mut names: Vec<String> = super::item(item)
                .expect("item")
                .members
                .iter()
                .map(|m| m.name.clone())
                .collect();
            names.sort();
            names
        };
        let scene = &json["scenes"][0];
        for (item, value) in [
            ("Scenario", &json),
            ("Piece", &json["pieces"][0]),
            ("Meter", &json["meters"][0]),
            ("Scene", scene),
            ("Observation", &scene["observations"][0]),
            ("Choice", &scene["choices"][0]),
            ("Ending", &json["endings"][0]),
        ] {
            assert_eq!(names(item), keys(value), "{item}");
        }
    }
}
