//! A forgiving pass over a scenario file's text that knows where every quoted id sits.
//!
//! The RON parser stops at the first mistake, but a trainer is mid-edit most of the time:
//! the file has an unclosed bracket or a half-typed field. This scanner never fails. It
//! tracks brackets, the struct or condition each `(` belongs to and the field being
//! written, so it can say what a quoted string is (a scene id in `next`, a piece in
//! `reveals`, a flag's definition in `flags`) and what the cursor is in the middle of
//! (a string, a field name, a value). Completion uses it always; the symbol index uses it
//! when the file does not parse.

use std::ops::Range;

/// What an id names. Scenes and endings share one kind: their ids share one namespace,
/// and `next` may name either.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A scene or an ending.
    Target,
    /// A piece of the jigsaw.
    Piece,
    /// A meter.
    Meter,
    /// A flag.
    Flag,
    /// A scoring dimension, defined in the rubric.
    Dimension,
    /// A concept in the rubric's glossary.
    Concept,
}

impl Kind {
    /// The kind in the trainer's words.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Target => "scene or ending",
            Kind::Piece => "piece",
            Kind::Meter => "meter",
            Kind::Flag => "flag",
            Kind::Dimension => "dimension",
            Kind::Concept => "concept",
        }
    }
}

/// What a quoted string is: which kind of id, and whether this is where it is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    /// The kind of id.
    pub kind: Kind,
    /// Whether the string defines the id (`id:` of a scene, an entry in `flags`).
    pub definition: bool,
}

/// An open bracket and what it belongs to.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// `(`, `[` or `{`.
    pub open: u8,
    /// For `(`: the name before it (`Scene`, `Choice`, `AtLeast`; empty for a tuple). For
    /// `[` and `{`: the field whose value it is (`reveals`, `meters`), or empty.
    pub owner: String,
    /// The field whose value is being written at this level, if any.
    pub key: Option<String>,
    /// The fields written so far at this level.
    pub keys: Vec<String>,
}

/// A quoted string in the text.
#[derive(Clone, Debug)]
pub struct Literal {
    /// The bytes between the quotes.
    pub inner: Range<usize>,
    /// What the string is, when it is an id.
    pub role: Option<Role>,
}

/// What came just before the cursor's word (comments and spaces aside).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Before {
    /// Nothing: the start of the file.
    Start,
    /// An opening bracket.
    Open,
    /// A comma.
    Comma,
    /// The colon after a field name.
    Colon,
    /// A field or variant name.
    Name,
    /// Anything else: a value, a closing bracket.
    Other,
}

/// Where the cursor is.
#[derive(Clone, Debug)]
pub enum Cursor {
    /// Inside a quoted string whose text starts at `content_start`.
    InString {
        /// The first byte after the opening quote.
        content_start: usize,
        /// What the string is.
        role: Option<Role>,
    },
    /// On a word (perhaps empty) outside strings.
    Word {
        /// Where the word starts (the cursor itself when the word is empty).
        start: usize,
        /// What precedes the word.
        before: Before,
        /// The open brackets around it, outermost first.
        frames: Vec<Frame>,
    },
    /// In a comment or a number: nothing to offer.
    Nothing,
}

/// The names of conditions and the kind of id each one's first argument is.
pub fn condition_argument(name: &str) -> Option<Kind> {
    Some(match name {
        "Flag" | "NotFlag" => Kind::Flag,
        "Found" | "NotFound" => Kind::Piece,
        "AtLeast" | "Below" => Kind::Meter,
        "Visited" | "NotVisited" => Kind::Target,
        _ => return None,
    })
}

/// What a string opened inside `frames` (outermost first) is.
pub fn role_in(frames: &[Frame]) -> Option<Role> {
    let top = frames.last()?;
    let parent = frames.len().checked_sub(2).and_then(|at| frames.get(at));
    let reference = |kind| {
        Some(Role {
            kind,
            definition: false,
        })
    };
    let definition = |kind| {
        Some(Role {
            kind,
            definition: true,
        })
    };
    match top.open {
        b'(' => {
            if let Some(kind) = condition_argument(&top.owner) {
                return reference(kind);
            }
            if top.owner.is_empty() {
                // A `(id, weight)` pair in `random: [...]`.
                return match parent {
                    Some(p) if p.open == b'[' && p.owner == "random" => reference(Kind::Target),
                    _ => None,
                };
            }
            match (top.owner.as_str(), top.key.as_deref()?) {
                ("Scene" | "Ending", "id") => definition(Kind::Target),
                ("Piece", "id") => definition(Kind::Piece),
                ("Meter", "id") => definition(Kind::Meter),
                ("Choice", "next") | ("Scenario", "start") => reference(Kind::Target),
                _ => None,
            }
        }
        b'[' => match top.owner.as_str() {
            "reveals" => reference(Kind::Piece),
            "set" | "unset" => reference(Kind::Flag),
            "flags" => definition(Kind::Flag),
            "concepts" => reference(Kind::Concept),
            _ => None,
        },
        b'{' => match top.owner.as_str() {
            "meters" => reference(Kind::Meter),
            "score" => reference(Kind::Dimension),
            _ => None,
        },
        _ => None,
    }
}

/// Every quoted string in `text`, with what it is.
pub fn literals(text: &str) -> Vec<Literal> {
    let mut scanner = Scanner::new(text);
    scanner.run(None);
    scanner.literals
}

/// What the cursor at byte `offset` is in.
pub fn cursor(text: &str, offset: usize) -> Cursor {
    let mut scanner = Scanner::new(text);
    scanner
        .run(Some(offset.min(text.len())))
        .unwrap_or_else(|| Cursor::Word {
            start: text.len(),
            before: scanner.before,
            frames: scanner.frames.clone(),
        })
}

/// The scanner's state.
struct Scanner<'a> {
    text: &'a str,
    frames: Vec<Frame>,
    before: Before,
    /// The last name read, while it is the latest token.
    name: Option<String>,
    literals: Vec<Literal>,
    /// Brackets opened past [`MAX_FRAMES`], which are counted but not kept.
    unkept: usize,
}

/// The deepest nesting kept: far more than any scenario needs (the parser refuses files
/// past [`MAX_NESTING`](crate::scenario::limits::MAX_NESTING)), and a bound on memory for
/// a file of nothing but brackets.
const MAX_FRAMES: usize = 256;

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            frames: Vec::new(),
            before: Before::Start,
            name: None,
            literals: Vec::new(),
            unkept: 0,
        }
    }

    /// Scans to the end, or until `stop`, where it says what the cursor is in.
    fn run(&mut self, stop: Option<usize>) -> Option<Cursor> {
        let bytes = self.text.as_bytes();
        let stop_at = stop.unwrap_or(usize::MAX);
        let mut i = 0;
        while i < bytes.len() {
            if i >= stop_at {
                return Some(self.word(stop_at));
            }
            let b = bytes[i];
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let end = memchr(bytes, b'\n', i).unwrap_or(bytes.len());
                    if stop_at > i && stop_at <= end {
                        return Some(Cursor::Nothing);
                    }
                    i = end;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let end = block_comment_end(bytes, i);
                    if stop_at > i && stop_at < end {
                        return Some(Cursor::Nothing);
                    }
                    i = end;
                }
                b'"' => {
                    let (inner, end) = string_end(bytes, i + 1);
                    if let Some(cursor) = self.literal(i + 1..inner, stop_at) {
                        return Some(cursor);
                    }
                    i = end;
                }
                b'r' if raw_string_start(bytes, i).is_some() => {
                    let (hashes, content) = raw_string_start(bytes, i).unwrap_or((0, i + 2));
                    let (inner, end) = raw_string_end(bytes, content, hashes);
                    if let Some(cursor) = self.literal(content..inner, stop_at) {
                        return Some(cursor);
                    }
                    i = end;
                }
                b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                    let end = i + bytes[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count();
                    if stop_at > i && stop_at <= end {
                        return Some(self.word(i));
                    }
                    self.name = Some(self.text[i..end].to_string());
                    self.before = Before::Name;
                    i = end;
                }
                b'(' | b'[' | b'{' => {
                    let owner = match (b, self.before) {
                        (b'(', Before::Name) => self.name.take().unwrap_or_default(),
                        (b'[' | b'{', Before::Colon) => self
                            .frames
                            .last()
                            .and_then(|f| f.key.clone())
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    if self.frames.len() < MAX_FRAMES {
                        self.frames.push(Frame {
                            open: b,
                            owner,
                            ..Frame::default()
                        });
                    } else {
                        self.unkept += 1;
                    }
                    self.before = Before::Open;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    if self.unkept > 0 {
                        self.unkept -= 1;
                    } else {
                        self.frames.pop();
                    }
                    self.before = Before::Other;
                    i += 1;
                }
                b':' => {
                    if self.before == Before::Name
                        && let (Some(name), Some(top)) = (self.name.take(), self.frames.last_mut())
                    {
                        top.key = Some(name.clone());
                        top.keys.push(name);
                    }
                    self.before = Before::Colon;
                    i += 1;
                }
                b',' => {
                    if let Some(top) = self.frames.last_mut() {
                        top.key = None;
                    }
                    self.before = Before::Comma;
                    i += 1;
                }
                _ => {
                    // A number, a sign, or anything else: one run of such bytes.
                    let end = i
                        + 1
                        + bytes[i + 1..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'))
                            .count();
                    if stop_at > i && stop_at < end {
                        return Some(Cursor::Nothing);
                    }
                    self.before = Before::Other;
                    i = end;
                }
            }
        }
        None
    }

    /// Records a string; says so if the cursor is inside it.
    fn literal(&mut self, inner: Range<usize>, stop_at: usize) -> Option<Cursor> {
        let role = role_in(&self.frames);
        if stop_at >= inner.start && stop_at <= inner.end {
            return Some(Cursor::InString {
                content_start: inner.start,
                role,
            });
        }
        self.literals.push(Literal { inner, role });
        self.before = Before::Other;
        None
    }

    fn word(&self, start: usize) -> Cursor {
        Cursor::Word {
            start,
            before: self.before,
            frames: self.frames.clone(),
        }
    }
}

fn memchr(bytes: &[u8], wanted: u8, from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == wanted)
        .map(|at| from + at)
}

/// The end of a (possibly nested) block comment starting at `start`.
fn block_comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// For a string whose text starts at `content`: where the text ends (the closing quote,
/// or the end of the file when it is unclosed) and where scanning resumes.
fn string_end(bytes: &[u8], content: usize) -> (usize, usize) {
    let mut i = content;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return (i, i + 1),
            _ => i += 1,
        }
    }
    (bytes.len(), bytes.len())
}

/// If a raw string (`r"..."`, `r#"..."#`) starts at `i`: its number of `#`s and where its
/// text starts.
fn raw_string_start(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    // Not the end of a longer name such as `bar`.
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return None;
    }
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some((hashes, i + 2 + hashes))
}

fn raw_string_end(bytes: &[u8], content: usize, hashes: usize) -> (usize, usize) {
    let mut i = content;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return (i, i + 1 + hashes);
        }
        i += 1;
    }
    (bytes.len(), bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(String, Option<Role>)> {
        literals(text)
            .into_iter()
            .map(|l| (text[l.inner].to_string(), l.role))
            .collect()
    }

    #[test]
    fn strings_are_classified_by_where_they_are() {
        let text = r#"Scenario(id: "s", start: "a", flags: ["f"], scenes: [Scene(id: "a",
            choices: [Choice(text: "go", next: "b", set: ["f"], when: All([AtLeast("m", 1), Visited("a")]),
            random: [("b", 1)], meters: {"m": -1}, reveals: ["p"])])])"#;
        let got = roles(text);
        let kind = |s: &str| {
            got.iter()
                .filter(|(t, _)| t == s)
                .map(|(_, r)| *r)
                .collect::<Vec<_>>()
        };
        let def = |k| {
            Some(Role {
                kind: k,
                definition: true,
            })
        };
        let r = |k| {
            Some(Role {
                kind: k,
                definition: false,
            })
        };
        assert_eq!(kind("s"), vec![None]);
        assert_eq!(kind("go"), vec![None]);
        assert_eq!(kind("f"), vec![def(Kind::Flag), r(Kind::Flag)]);
        assert_eq!(
            kind("a"),
            vec![r(Kind::Target), def(Kind::Target), r(Kind::Target)]
        );
        assert_eq!(kind("b"), vec![r(Kind::Target), r(Kind::Target)]);
        assert_eq!(kind("m"), vec![r(Kind::Meter), r(Kind::Meter)]);
        assert_eq!(kind("p"), vec![r(Kind::Piece)]);
    }

    #[test]
    fn the_cursor_knows_its_string_and_field() {
        let text = "Scenario(scenes: [Scene(id: \"a\", choices: [Choice(text: \"x\", next: \"";
        match cursor(text, text.len()) {
            Cursor::InString { role, .. } => assert_eq!(role.map(|r| r.kind), Some(Kind::Target)),
            other => panic!("{other:?}"),
        }
        let text = "Scenario(scenes: [Scene(id: \"a\", choices: [Choice(text: \"x\", ne";
        match cursor(text, text.len()) {
            Cursor::Word {
                start,
                before,
                frames,
            } => {
                assert_eq!(&text[start..], "ne");
                assert_eq!(before, Before::Comma);
                assert_eq!(frames.last().map(|f| f.owner.as_str()), Some("Choice"));
                assert_eq!(
                    frames.last().map(|f| f.keys.clone()),
                    Some(vec!["text".to_string()])
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "", "\"", "r#", "r#\"", "/*", "((((", "))))]]}}", ":,:,", "é\"é", "a:\"\\",
        ] {
            let _ = literals(text);
            for at in 0..=text.len() + 2 {
                let _ = cursor(text, at);
            }
        }
    }
}
