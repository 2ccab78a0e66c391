//! What a scenario or rubric file may contain: its size, how deeply its brackets nest, how
//! long its lists and texts are, and no control characters.
//!
//! Scenario files are passed between organisations, so they are read as untrusted. One
//! pass over the text, before the RON parser sees it, finds every breach with its place:
//! the structural limits (size, nesting, list length) stop the parse, so no later stage
//! meets a file big enough to be slow; control characters and over-long texts are reported
//! beside the file's other problems. [`is_unprintable`] is the one definition of a
//! character that may not reach a terminal, shared with the terminal's output filter.

use super::Span;

/// The largest scenario or rubric file, in bytes. The biggest bundled scenario is 90 KB; a
/// generated story of 50,000 scenes, which `check` still walks whole (docs/performance.md),
/// is 22 MB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// How deeply brackets may nest: a scenario needs about 10 levels, a deep condition a few
/// more.
pub const MAX_NESTING: usize = 32;

/// The most items in any one list or map, e.g. scenes, flags, or the choices of a scene
/// (a long story may have tens of thousands of scenes; the bundled ones have under 20).
pub const MAX_LIST_ITEMS: usize = 100_000;

/// The longest text in quotes, in characters (a long scene text is about 900).
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The longest id, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// The most observations in one scene: they are lettered `a` to `z`.
pub const MAX_OBSERVATIONS: usize = 26;

/// Pieces of the jigsaw one scenario may have. The case notes and the debrief list them
/// all (a thousand found at once still draws in about a second on a software renderer;
/// fifty thousand took 39 s); a real case has a dozen or two.
pub const MAX_PIECES: usize = 1_000;

/// Learning outcomes one scenario may list on its pre-brief.
pub const MAX_OUTCOMES: usize = 20;

/// Dimensions a rubric may score (the debrief draws a bar for each).
pub const MAX_DIMENSIONS: usize = 1_000;

/// Concepts a rubric's glossary may hold.
pub const MAX_CONCEPTS: usize = 1_000;

/// Choices one scene may offer. The screen shows them all at once and numbers them; a real
/// decision has a handful.
pub const MAX_CHOICES: usize = 30;

/// The most problems reported for one file; the rest are counted ("and 812 more").
pub const MAX_DIAGNOSTICS: usize = 100;

/// One problem the screen found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breach {
    /// The rule's code, e.g. `control-character`.
    pub code: &'static str,
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// Text under the marker.
    pub label: &'static str,
    /// What to do.
    pub hint: String,
    /// Whether the file cannot be parsed safely until this is fixed.
    pub fatal: bool,
}

pub use crate::diagnostic::{is_unprintable, printable};

/// A plain-language name for an unprintable character, for messages.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => "a null character",
        '\u{7}' => "a bell",
        '\u{8}' => "a backspace",
        '\u{B}' | '\u{C}' => "a page or line feed control",
        '\r' => "a carriage return",
        '\u{1B}' => "an escape character (the start of a terminal command)",
        '\u{7F}' => "a delete character",
        '\u{9B}' | '\u{9D}' => "a terminal command character",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "a bidirectional override",
        _ => "a control character",
    };
    format!("{name} (U+{:04X})", c as u32)
}

/// The byte-order mark some editors (older Windows Notepad) put at the start of a file.
pub const BYTE_ORDER_MARK: &str = "\u{FEFF}";

/// The text after a byte-order mark, and the mark's length in bytes (0 if none).
pub fn strip_byte_order_mark(source: &str) -> (&str, usize) {
    match source.strip_prefix(BYTE_ORDER_MARK) {
        Some(rest) => (rest, BYTE_ORDER_MARK.len()),
        None => (source, 0),
    }
}

/// The breach for a file of `bytes` bytes, over [`MAX_FILE_BYTES`].
pub fn file_too_large(bytes: u64) -> Breach {
    Breach {
        code: "file-too-large",
        span: Span::new(0..0),
        message: format!(
            "this file is {} KB; a scenario or rubric file may be at most {} KB",
            bytes.div_ceil(1024),
            MAX_FILE_BYTES / 1024
        ),
        label: "",
        hint: "split the material into several scenarios; the largest bundled scenario is under 100 KB".into(),
        fatal: true,
    }
}

/// Screens `source`: every breach of the limits, in file order (at most
/// [`MAX_DIAGNOSTICS`], with the number of further ones); the first fatal one ends the scan.
pub fn screen(source: &str) -> (Vec<Breach>, usize) {
    let mut found = Vec::new();
    let mut more = 0;
    if source.len() > MAX_FILE_BYTES {
        found.push(file_too_large(source.len() as u64));
        return (found, more);
    }
    Scanner {
        source,
        bytes: source.as_bytes(),
        found: &mut found,
        more: &mut more,
    }
    .run();
    (found, more)
}

struct Scanner<'a, 'f> {
    source: &'a str,
    bytes: &'a [u8],
    found: &'f mut Vec<Breach>,
    more: &'f mut usize,
}

/// An open bracket: where it is, how many commas it holds so far, and whether an item
/// follows the last comma (a trailing comma is allowed, so items are commas plus that).
struct Open {
    at: usize,
    commas: usize,
    tail: bool,
}

impl Scanner<'_, '_> {
    fn push(&mut self, breach: Breach) {
        if self.found.len() < MAX_DIAGNOSTICS || breach.fatal {
            self.found.push(breach);
        } else {
            *self.more += 1;
        }
    }

    fn list_too_long(&mut self, start: usize) {
        self.push(Breach {
            code: "list-too-long",
            span: Span::new(start..start + 1),
            message: format!("this list has more than {MAX_LIST_ITEMS} items"),
            label: "this list is too long",
            hint: format!(
                "a list or map may hold at most {MAX_LIST_ITEMS} items; split the scenario, or check for repeated lines"
            ),
            fatal: true,
        });
    }

    fn fatal(&self) -> bool {
        self.found.last().is_some_and(|b| b.fatal)
    }

    fn run(&mut self) {
        let (_, mut at) = strip_byte_order_mark(self.source);
        let mut open: Vec<Open> = Vec::new();
        while at < self.bytes.len() && !self.fatal() {
            let b = self.bytes[at];
            let comment = b == b'/' && matches!(self.bytes.get(at + 1), Some(b'/' | b'*'));
            if !b.is_ascii_whitespace()
                && !matches!(b, b',' | b')' | b']' | b'}')
                && !comment
                && let Some(list) = open.last_mut()
            {
                list.tail = true;
            }
            match b {
                b'"' => at = self.string(at + 1, at, None),
                b'r' | b'b' if self.prefixed_string_start(at).is_some() => {
                    let (hashes, quote) = self.prefixed_string_start(at).unwrap_or((None, at));
                    at = self.string(quote + 1, at, hashes);
                }
                b'/' if self.bytes.get(at + 1) == Some(&b'/') => {
                    let end = self.source[at..]
                        .find('\n')
                        .map_or(self.bytes.len(), |i| at + i);
                    self.characters(at, end);
                    at = end;
                }
                b'/' if self.bytes.get(at + 1) == Some(&b'*') => at = self.block_comment(at),
                b'(' | b'[' | b'{' => {
                    open.push(Open {
                        at,
                        commas: 0,
                        tail: false,
                    });
                    if open.len() > MAX_NESTING {
                        self.push(Breach {
                            code: "too-deeply-nested",
                            span: Span::new(at..at + 1),
                            message: format!(
                                "brackets here are nested more than {MAX_NESTING} deep"
                            ),
                            label: "too deep",
                            hint: "a scenario needs about 10 levels; check for brackets that are opened and never closed, or simplify the condition".into(),
                            fatal: true,
                        });
                    }
                    at += 1;
                }
                b')' | b']' | b'}' => {
                    // Caught here: exactly one item too many, with no trailing comma.
                    if let Some(list) = open.pop()
                        && list.commas == MAX_LIST_ITEMS
                        && list.tail
                    {
                        self.list_too_long(list.at);
                    }
                    at += 1;
                }
                b',' => {
                    if let Some(list) = open.last_mut() {
                        list.commas += 1;
                        list.tail = false;
                        // Each comma follows an item: past the limit already.
                        if list.commas == MAX_LIST_ITEMS + 1 {
                            let start = list.at;
                            self.list_too_long(start);
                        }
                    }
                    at += 1;
                }
                _ if b < 0x80 => {
                    let crlf = b == b'\r' && self.bytes.get(at + 1) == Some(&b'\n');
                    if b != b'\n' && b != b'\t' && !crlf && (b < 0x20 || b == 0x7F) {
                        self.characters(at, at + 1);
                    }
                    at += 1;
                }
                _ => {
                    let end = self.source[at..]
                        .find(|c: char| c.is_ascii())
                        .map_or(self.bytes.len(), |i| at + i);
                    self.characters(at, end);
                    at = end;
                }
            }
        }
    }

    /// `b"`, `r"`, `r#"`, `br"`... starting at `at`, not inside a name: the number of `#`
    /// (`None` when the string is not raw) and where its opening quote is.
    fn prefixed_string_start(&self, at: usize) -> Option<(Option<usize>, usize)> {
        if at > 0 {
            let before = self.bytes[at - 1];
            if before.is_ascii_alphanumeric() || before == b'_' {
                return None;
            }
        }
        let mut i = at;
        if self.bytes[i] == b'b' {
            i += 1;
            if self.bytes.get(i) == Some(&b'"') {
                return Some((None, i));
            }
        }
        if self.bytes.get(i) != Some(&b'r') {
            return None;
        }
        i += 1;
        let hashes = self.bytes[i..].iter().take_while(|b| **b == b'#').count();
        (self.bytes.get(i + hashes) == Some(&b'"')).then_some((Some(hashes), i + hashes))
    }

    /// A string whose body starts at `body`; `hashes` is `Some` for a raw string. Reports
    /// control characters (written or escaped) and a text that is too long; returns the
    /// offset just past the closing quote.
    fn string(&mut self, body: usize, start: usize, hashes: Option<usize>) -> usize {
        let mut at = body;
        let mut chars = 0usize;
        let end = loop {
            let Some(&b) = self.bytes.get(at) else {
                break self.bytes.len();
            };
            match (b, hashes) {
                (b'"', None) => break at + 1,
                (b'"', Some(n))
                    if self.bytes[at + 1..]
                        .iter()
                        .take(n)
                        .filter(|c| **c == b'#')
                        .count()
                        == n =>
                {
                    break at + 1 + n;
                }
                (b'\\', None) => {
                    let escape_end = self.escape(at);
                    at = escape_end;
                    chars += 1;
                    continue;
                }
                _ => {}
            }
            let c = self.source[at..].chars().next().unwrap_or(' ');
            if is_unprintable(c) && !(c == '\r' && self.bytes.get(at + 1) == Some(&b'\n')) {
                self.control(at, c);
            }
            chars += 1;
            at += c.len_utf8();
        };
        if chars > MAX_TEXT_CHARS {
            self.push(Breach {
                code: "text-too-long",
                span: Span::new(start..start + 1),
                message: format!(
                    "this text is {chars} characters long; a text may be at most {MAX_TEXT_CHARS}"
                ),
                label: "this text is too long",
                hint: "split it over several scenes or observations; a learner reads a screen at a time".into(),
                fatal: false,
            });
        }
        end
    }

    /// The escape at `at` (a backslash): reports one that makes a control character, and
    /// returns the offset after it.
    fn escape(&mut self, at: usize) -> usize {
        let rest = &self.source[at + 1..];
        let (len, decoded) = match rest.as_bytes().first() {
            Some(b'r') => (1, Some('\r')),
            Some(b'0') => (1, Some('\0')),
            Some(b'x') => {
                // One to four `\xHH` bytes making one character.
                let mut bytes = Vec::new();
                let mut len = 0;
                let mut text = &self.source[at..];
                while bytes.len() < 4
                    && let Some(hex) = text.strip_prefix("\\x").and_then(|t| t.get(..2))
                    && let Ok(byte) = u8::from_str_radix(hex, 16)
                {
                    bytes.push(byte);
                    len += 4;
                    text = &text[4..];
                    if std::str::from_utf8(&bytes).is_ok() {
                        break;
                    }
                }
                let c = std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|s| s.chars().next());
                (len.max(2) - 1, c)
            }
            Some(b'u') => {
                let digits = rest
                    .strip_prefix("u{")
                    .and_then(|r| r.find('}').filter(|i| *i <= 6).map(|i| &r[..i]));
                match digits {
                    Some(d) => (
                        d.len() + 3,
                        u32::from_str_radix(d, 16).ok().and_then(char::from_u32),
                    ),
                    None => (1, None),
                }
            }
            Some(_) => (rest.chars().next().map_or(1, char::len_utf8), None),
            None => (0, None),
        };
        if let Some(c) = decoded.filter(|c| is_unprintable(*c)) {
            let end = at + 1 + len;
            self.push(control_breach(Span::new(at..end), c, true));
        }
        at + 1 + len
    }

    /// A block comment starting at `at` (`/*`), nested as RON allows; returns its end.
    fn block_comment(&mut self, at: usize) -> usize {
        let mut depth = 0;
        let mut i = at;
        while i + 1 < self.bytes.len() {
            match (self.bytes[i], self.bytes[i + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        self.characters(at, i);
                        return i;
                    }
                }
                _ => i += 1,
            }
        }
        self.characters(at, self.bytes.len());
        self.bytes.len()
    }

    /// Reports every unprintable character in `start..end` (outside strings).
    fn characters(&mut self, start: usize, end: usize) {
        let text = &self.source[start..end];
        if !text.chars().any(is_unprintable) {
            return;
        }
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let crlf = c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n');
            if is_unprintable(c) && !crlf {
                self.control(start + i, c);
            }
        }
    }

    fn control(&mut self, at: usize, c: char) {
        self.push(control_breach(Span::new(at..at + c.len_utf8()), c, false));
    }
}

fn control_breach(span: Span, c: char, escaped: bool) -> Breach {
    let how = if escaped { "written as an escape " } else { "" };
    Breach {
        code: "control-character",
        span,
        message: format!("the file contains {} {how}here", describe(c)),
        label: "not allowed",
        hint: "control characters could take over a learner's terminal; delete it (a new line in text is `\\n`, a tab `\\t`)".into(),
        fatal: false,
    }
}

impl Breach {
    /// The breach as a diagnostic in `file`, whose text is `source`.
    pub fn diagnostic(
        &self,
        file: &std::path::Path,
        source: &str,
    ) -> crate::diagnostic::Diagnostic {
        let span = (self.span.end > self.span.start).then_some(self.span);
        crate::diagnostic::Diagnostic::error(self.code, file, source, span, self.message.clone())
            .with_label(self.label)
            .with_hint(self.hint.clone())
    }
}
