//! What to offer as the trainer types: ids inside quotes, field names inside a struct,
//! struct and condition names where a value goes.
//!
//! The cursor's place comes from the forgiving [`syntax`](super::syntax) scan, so
//! completion works in a file that does not parse yet (which is whenever one is typing).
//! Ids come from the document's [`SymbolIndex`] (and the last one built from a version
//! that parsed, since a half-typed string can hide the rest of the file from the scan)
//! and, for dimensions and concepts, from the rubric.

use std::collections::BTreeMap;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Range, TextEdit,
};

use super::fields::{self, STRUCTS};
use super::index::SymbolIndex;
use super::syntax::{self, Before, Cursor, Frame, Kind};
use crate::rubric::Rubric;

/// Completion items at byte `offset` of `text`, with ids from `indexes`. `range` turns a
/// byte range into an editor range.
pub fn complete(
    text: &str,
    offset: usize,
    indexes: &[&SymbolIndex],
    rubric: Option<&Rubric>,
    range: impl Fn(std::ops::Range<usize>) -> Range,
) -> Vec<CompletionItem> {
    match syntax::cursor(text, offset) {
        Cursor::InString {
            content_start,
            role,
        } => {
            let Some(role) = role.filter(|r| !r.definition) else {
                return Vec::new();
            };
            let edit = range(content_start..offset);
            ids(role.kind, indexes, rubric)
                .into_iter()
                .map(|(name, detail)| CompletionItem {
                    label: name.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: Some(detail.unwrap_or_else(|| role.kind.noun().to_string())),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(edit, name))),
                    ..CompletionItem::default()
                })
                .collect()
        }
        Cursor::Word {
            start,
            before,
            frames,
        } => {
            let edit = range(start..offset);
            match before {
                Before::Open | Before::Comma => field_names(&frames, edit),
                Before::Colon | Before::Start => values(&frames, edit),
                Before::Name | Before::Other => Vec::new(),
            }
        }
        Cursor::Nothing => Vec::new(),
    }
}

/// The ids of `kind` to offer, with a detail for each.
fn ids(
    kind: Kind,
    indexes: &[&SymbolIndex],
    rubric: Option<&Rubric>,
) -> BTreeMap<String, Option<String>> {
    match (kind, rubric) {
        (Kind::Dimension, Some(rubric)) => rubric
            .dimensions
            .iter()
            .map(|d| (d.id.value.clone(), Some(format!("dimension: {}", d.name))))
            .collect(),
        (Kind::Concept, Some(rubric)) => rubric
            .concepts
            .iter()
            .map(|c| (c.id.value.clone(), Some(format!("concept: {}", c.name))))
            .collect(),
        _ => {
            let mut names = BTreeMap::new();
            for index in indexes {
                for (name, detail) in index.defined(kind) {
                    let known = names.entry(name.to_string()).or_insert(None);
                    if known.is_none() {
                        *known = detail.map(str::to_string);
                    }
                }
            }
            names
        }
    }
}

/// Field names of the struct the cursor is in, except those already written.
fn field_names(frames: &[Frame], edit: Range) -> Vec<CompletionItem> {
    let Some(top) = frames.last().filter(|f| f.open == b'(') else {
        // Inside a list of structs: the struct's name.
        return values(frames, edit);
    };
    if !STRUCTS.contains(&top.owner.as_str()) {
        // An argument of a condition such as `All(...)`.
        return values(frames, edit);
    }
    let Some(item) = fields::item(&top.owner) else {
        return Vec::new();
    };
    item.members
        .iter()
        .filter(|m| !top.keys.contains(&m.name))
        .map(|m| CompletionItem {
            label: m.name.clone(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(format!(
                "{} field{}",
                item.name,
                if m.optional { "" } else { " (required)" }
            )),
            documentation: Some(markdown(&m.doc)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                edit,
                format!("{}: ", m.name),
            ))),
            ..CompletionItem::default()
        })
        .collect()
}

/// Names that can start the value at the cursor: a struct in a list of them, a
/// condition after `when:`, an ending's kind.
fn values(frames: &[Frame], edit: Range) -> Vec<CompletionItem> {
    let top = frames.last();
    let key = top.and_then(|f| f.key.as_deref());
    let (enum_name, structs): (Option<&str>, &[&str]) = match (top, key) {
        (None, _) => (None, &["Scenario"]),
        (Some(f), Some("when")) if f.open == b'(' => (Some("Condition"), &[]),
        (Some(f), Some("kind")) if f.owner == "Ending" => (Some("EndingKind"), &[]),
        (Some(f), _) if f.open == b'[' => match f.owner.as_str() {
            "scenes" => (None, &["Scene"]),
            "endings" => (None, &["Ending"]),
            "pieces" => (None, &["Piece"]),
            "meters" => (None, &["Meter"]),
            "observations" => (None, &["Observation"]),
            "choices" => (None, &["Choice"]),
            // The list inside `All([...])` or `Any([...])`.
            "" if in_condition(frames) => (Some("Condition"), &[]),
            _ => (None, &[]),
        },
        (Some(f), _) if f.open == b'(' && f.owner == "Not" => (Some("Condition"), &[]),
        _ => (None, &[]),
    };
    let mut items: Vec<CompletionItem> = structs
        .iter()
        .filter_map(|name| fields::item(name))
        .map(|item| CompletionItem {
            label: item.name.clone(),
            kind: Some(CompletionItemKind::STRUCT),
            documentation: Some(markdown(&item.doc)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                edit,
                format!("{}(", item.name),
            ))),
            ..CompletionItem::default()
        })
        .collect();
    if let Some(item) = enum_name.and_then(fields::item) {
        items.extend(item.members.iter().map(|m| CompletionItem {
            label: m.name.clone(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(item.name.clone()),
            documentation: Some(markdown(&m.doc)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                edit,
                m.name.clone(),
            ))),
            ..CompletionItem::default()
        }));
    }
    items
}

/// Whether the innermost `[` belongs to `All(` or `Any(`.
fn in_condition(frames: &[Frame]) -> bool {
    frames.len() >= 2
        && frames
            .get(frames.len() - 2)
            .is_some_and(|f| f.open == b'(' && matches!(f.owner.as_str(), "All" | "Any"))
}

fn markdown(text: &str) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    fn labels(text: &str) -> Vec<String> {
        let index = SymbolIndex::from_text(text);
        complete(
            text,
            text.len(),
            &[&index],
            Some(&Rubric::built_in()),
            |_| Range::new(Position::new(0, 0), Position::new(0, 0)),
        )
        .into_iter()
        .map(|i| i.label)
        .collect()
    }

    const HEAD: &str = r#"Scenario(id: "s", pieces: [Piece(id: "clue", title: "t")], meters: [Meter(id: "m")], flags: ["f"],
        scenes: [Scene(id: "a", text: "x", choices: [Choice(text: "go", "#;

    #[test]
    fn ids_by_place() {
        assert_eq!(labels(&format!("{HEAD}next: \"")), ["a"]);
        assert_eq!(labels(&format!("{HEAD}reveals: [\"")), ["clue"]);
        assert_eq!(labels(&format!("{HEAD}when: AtLeast(\"")), ["m"]);
        assert_eq!(labels(&format!("{HEAD}set: [\"")), ["f"]);
        assert!(labels(&format!("{HEAD}score: {{\"")).contains(&"care".to_string()));
        assert_eq!(labels(&format!("{HEAD}random: [(\"")), ["a"]);
        assert_eq!(labels(&format!("{HEAD}when: Not(Visited(\"")), ["a"]);
        assert_eq!(labels(&format!("{HEAD}when: Any([Found(\"")), ["clue"]);
        assert_eq!(labels(&format!("{HEAD}when: NotFlag(\"")), ["f"]);
        assert_eq!(labels(&format!("{HEAD}meters: {{\"")), ["m"]);
        assert!(labels(&format!("{HEAD}concepts: [\"")).contains(&"was-not-brought".to_string()));
        // A definition is not completed from the ids already defined.
        assert!(labels(&format!("{HEAD}text: \"")).is_empty());
        let start = HEAD.replace("Scenario(id: \"s\", ", "Scenario(id: \"s\", start: \"");
        let start = &start[..start.find("start: \"").unwrap() + 8];
        let index = SymbolIndex::from_text(HEAD);
        let items = complete(start, start.len(), &[&index], None, |_| Range::default());
        assert_eq!(
            items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
    }

    #[test]
    fn field_names_skip_those_written() {
        let got = labels(&format!("{HEAD}ne"));
        assert!(got.contains(&"next".to_string()), "{got:?}");
        assert!(!got.contains(&"text".to_string()), "{got:?}");
        assert!(!got.contains(&"speaker".to_string()), "{got:?}");
        let got = labels(&format!("{HEAD}when: "));
        assert!(got.contains(&"NotFlag".to_string()), "{got:?}");
        assert_eq!(labels(""), ["Scenario"]);
    }

    /// Every prefix of a real scenario, as if typed from the top: completion at the end
    /// and the forgiving index never panic, and the ids defined so far are offered.
    #[test]
    fn every_prefix_of_a_scenario_completes_without_panicking() {
        let text = include_str!("../../tests/fixtures/valid/tiny.ron");
        let full = SymbolIndex::from_text(text);
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let prefix = &text[..end];
            let index = SymbolIndex::from_text(prefix);
            let _ = complete(prefix, end, &[&index, &full], None, |_| Range::default());
            let _ = index.at(end);
        }
        let at = text.find("next: \"call\"").expect("a next") + 7;
        let items = complete(
            &text[..at],
            at,
            &[&SymbolIndex::from_text(text)],
            None,
            |_| Range::default(),
        );
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["call", "desk", "not-seen", "seen"]);
    }
}
