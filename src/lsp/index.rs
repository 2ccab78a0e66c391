//! Where each scene, ending, piece, meter and flag id is defined and used in one file.
//!
//! Built from the parsed [`Scenario`], whose ids keep the byte spans they were read from,
//! so go-to-definition and find-references agree with what `check` understood. While the
//! file does not parse (the trainer is mid-edit), the same index is built from the
//! forgiving [`syntax`](super::syntax) scan instead, so both keep working.

use std::collections::BTreeMap;
use std::ops::Range;

use super::syntax::{self, Kind};
use crate::scenario::{Condition, Id, Scenario, Span, Spanned};

/// One place an id is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// What the id names.
    pub kind: Kind,
    /// The id.
    pub name: String,
    /// The bytes of the id, between its quotes.
    pub range: Range<usize>,
    /// Whether the id is defined here.
    pub definition: bool,
    /// For a definition: a few words about it, shown beside a completion.
    pub detail: Option<String>,
}

/// Every id occurrence in a file, in file order.
#[derive(Clone, Debug, Default)]
pub struct SymbolIndex {
    /// The occurrences, sorted by where they start.
    pub occurrences: Vec<Occurrence>,
}

impl SymbolIndex {
    /// The index of a parsed scenario, whose text is `text`.
    pub fn from_scenario(scenario: &Scenario, text: &str) -> Self {
        let mut walk = Walk {
            text,
            found: Vec::new(),
        };
        walk.scenario(scenario);
        SymbolIndex::sorted(walk.found)
    }

    /// The index of a file that may not parse, from the forgiving scan.
    pub fn from_text(text: &str) -> Self {
        let found = syntax::literals(text)
            .into_iter()
            .filter_map(|literal| {
                let role = literal.role?;
                Some(Occurrence {
                    kind: role.kind,
                    name: text.get(literal.inner.clone())?.to_string(),
                    range: literal.inner,
                    definition: role.definition,
                    detail: None,
                })
            })
            .collect();
        SymbolIndex::sorted(found)
    }

    fn sorted(mut found: Vec<Occurrence>) -> Self {
        found.retain(|o| {
            !o.name.is_empty()
                && matches!(
                    o.kind,
                    Kind::Target | Kind::Piece | Kind::Meter | Kind::Flag
                )
        });
        found.sort_by_key(|o| (o.range.start, o.range.end));
        found.dedup_by(|a, b| a.range == b.range);
        SymbolIndex { occurrences: found }
    }

    /// The occurrence under byte `offset` (its ends included, so a cursor just after the
    /// last character counts).
    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        let after = self
            .occurrences
            .partition_point(|o| o.range.start <= offset);
        self.occurrences[..after]
            .iter()
            .rev()
            .find(|o| o.range.end >= offset)
    }

    /// Where `name` of `kind` is defined (more than one place when it is defined twice).
    pub fn definitions(&self, kind: Kind, name: &str) -> impl Iterator<Item = &Occurrence> {
        self.occurrences
            .iter()
            .filter(move |o| o.definition && o.kind == kind && o.name == name)
    }

    /// Every place `name` of `kind` is written, definitions included or not.
    pub fn references(
        &self,
        kind: Kind,
        name: &str,
        with_definition: bool,
    ) -> impl Iterator<Item = &Occurrence> {
        self.occurrences
            .iter()
            .filter(move |o| o.kind == kind && o.name == name && (with_definition || !o.definition))
    }

    /// Each id of `kind` defined in the file, once, with its detail.
    pub fn defined(&self, kind: Kind) -> BTreeMap<&str, Option<&str>> {
        let mut names = BTreeMap::new();
        for o in self
            .occurrences
            .iter()
            .filter(|o| o.definition && o.kind == kind)
        {
            names.entry(o.name.as_str()).or_insert(o.detail.as_deref());
        }
        names
    }
}

/// The walk over a parsed scenario.
struct Walk<'a> {
    text: &'a str,
    found: Vec<Occurrence>,
}

impl Walk<'_> {
    fn scenario(&mut self, s: &Scenario) {
        for scene in &s.scenes {
            let scene = &scene.value;
            let detail = if scene.speaker.is_empty() {
                "scene".to_string()
            } else {
                format!("scene: {}", scene.speaker)
            };
            self.define(Kind::Target, &scene.id, detail);
            for observation in &scene.observations {
                let o = &observation.value;
                self.uses(Kind::Piece, &o.reveals);
                self.uses(Kind::Flag, &o.set);
                self.map_keys(Kind::Meter, &o.meters);
                if let Some(when) = &o.when {
                    self.condition(&when.value);
                }
            }
            for choice in &scene.choices {
                let c = &choice.value;
                for target in c.targets() {
                    self.reference(Kind::Target, target);
                }
                self.uses(Kind::Piece, &c.reveals);
                self.uses(Kind::Flag, &c.set);
                self.uses(Kind::Flag, &c.unset);
                self.map_keys(Kind::Meter, &c.meters);
                if let Some(when) = &c.when {
                    self.condition(&when.value);
                }
            }
        }
        for ending in &s.endings {
            let detail = format!("ending: {}", ending.value.title);
            self.define(Kind::Target, &ending.value.id, detail);
        }
        for piece in &s.pieces {
            let detail = format!("piece: {}", piece.value.title);
            self.define(Kind::Piece, &piece.value.id, detail);
        }
        for meter in &s.meters {
            let detail = format!("meter: {}", meter.value.name());
            self.define(Kind::Meter, &meter.value.id, detail);
        }
        for flag in &s.flags {
            self.define(Kind::Flag, flag, "flag".to_string());
        }
        if let Some(start) = &s.start {
            self.reference(Kind::Target, start);
        }
    }

    fn condition(&mut self, condition: &Condition) {
        match condition {
            Condition::Flag(id) | Condition::NotFlag(id) => self.reference(Kind::Flag, id),
            Condition::Found(id) | Condition::NotFound(id) => self.reference(Kind::Piece, id),
            Condition::AtLeast(id, _) | Condition::Below(id, _) => self.reference(Kind::Meter, id),
            Condition::Visited(id) | Condition::NotVisited(id) => self.reference(Kind::Target, id),
            Condition::All(all) | Condition::Any(all) => {
                for c in all {
                    self.condition(c);
                }
            }
            Condition::Not(c) => self.condition(c),
        }
    }

    fn uses(&mut self, kind: Kind, ids: &[Id]) {
        for id in ids {
            self.reference(kind, id);
        }
    }

    fn define(&mut self, kind: Kind, id: &Id, detail: String) {
        self.push(kind, id, true, Some(detail));
    }

    fn reference(&mut self, kind: Kind, id: &Id) {
        self.push(kind, id, false, None);
    }

    fn push(&mut self, kind: Kind, id: &Id, definition: bool, detail: Option<String>) {
        if let Some(range) = inner(self.text, id.span) {
            self.found.push(Occurrence {
                kind,
                name: id.value.clone(),
                range,
                definition,
                detail,
            });
        }
    }

    /// The keys of a map such as `meters: {"engagement": -1}`: the map keeps one span for
    /// the whole, so the keys are found by scanning its text.
    fn map_keys<V>(&mut self, kind: Kind, map: &Spanned<V>) {
        let span = map.span;
        let Some(text) = self.text.get(span.range()).filter(|t| !t.is_empty()) else {
            return;
        };
        for literal in syntax::literals(text) {
            let range = span.start + literal.inner.start..span.start + literal.inner.end;
            if let Some(name) = self.text.get(range.clone()) {
                self.found.push(Occurrence {
                    kind,
                    name: name.to_string(),
                    range,
                    definition: false,
                    detail: None,
                });
            }
        }
    }
}

/// The bytes between the quotes of an id written at `span` (`None` for an id built in
/// code, which has no place).
fn inner(text: &str, span: Span) -> Option<Range<usize>> {
    if span.end <= span.start {
        return None;
    }
    let written = text.get(span.range())?;
    let open = written.find('"')? + 1;
    let close = written.rfind('"')?;
    (open <= close).then(|| span.start + open..span.start + close)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"Scenario(id: "s", title: "t", role: "r", summary: "s", content_note: "n",
    start: "a",
    pieces: [Piece(id: "p", title: "Clue")],
    meters: [Meter(id: "m")],
    flags: ["f"],
    scenes: [
        Scene(id: "a", text: "é", observations: [Observation(id: "o", label: "l", text: "t", reveals: ["p"], meters: {"m": 1})],
            choices: [Choice(text: "go", next: "b", set: ["f"], when: Not(All([AtLeast("m", 1), Visited("a"), Found("p")])), random: [("a", 1)])]),
    ],
    endings: [Ending(id: "b", title: "End", text: "x", kind: Good)],
)"#;

    fn summary(index: &SymbolIndex) -> Vec<(Kind, String, usize, bool)> {
        index
            .occurrences
            .iter()
            .map(|o| (o.kind, o.name.clone(), o.range.start, o.definition))
            .collect()
    }

    #[test]
    fn the_model_and_the_scan_agree() {
        let scenario =
            crate::scenario::parse_scenario(TEXT, std::path::Path::new("t.ron")).expect("parses");
        let from_model = SymbolIndex::from_scenario(&scenario, TEXT);
        let from_text = SymbolIndex::from_text(TEXT);
        assert_eq!(summary(&from_model), summary(&from_text));
        let a: Vec<_> = from_model.references(Kind::Target, "a", true).collect();
        assert_eq!(a.len(), 4, "{a:?}");
        assert_eq!(from_model.definitions(Kind::Target, "a").count(), 1);
        for o in &from_model.occurrences {
            assert_eq!(&TEXT[o.range.clone()], o.name);
        }
    }

    #[test]
    fn at_finds_the_id_under_the_cursor() {
        let index = SymbolIndex::from_text(TEXT);
        let b = TEXT.find("next: \"b\"").unwrap() + 7;
        for offset in [b, b + 1] {
            let found = index.at(offset).expect("an id");
            assert_eq!((found.kind, found.name.as_str()), (Kind::Target, "b"));
        }
        assert!(index.at(TEXT.find("title").unwrap()).is_none());
    }

    /// On every bundled scenario, the scan finds exactly what the parser found.
    #[test]
    fn the_model_and_the_scan_agree_on_the_bundled_scenarios() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut checked = 0;
        for entry in std::fs::read_dir(&folder).expect("scenarios folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "ron") || path.ends_with("rubric.ron") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let scenario = crate::scenario::parse_scenario(&text, &path).expect("parses");
            let from_model = SymbolIndex::from_scenario(&scenario, &text);
            assert!(!from_model.occurrences.is_empty());
            assert_eq!(
                summary(&from_model),
                summary(&SymbolIndex::from_text(&text)),
                "{}",
                path.display()
            );
            checked += 1;
        }
        assert!(checked > 0);
    }
}
