//! Reading scenario files: RON text in, a [`Scenario`] or a located [`Diagnostic`] out.
//!
//! This is the one parsing path: the command line, the app's asset loader and the tests
//! all call [`parse_str`], so a syntax error reads the same everywhere.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::spanned::{offset_of, take_offset, with_source};
use super::{Scenario, Span, limits, ron_options};
use crate::diagnostic::{Diagnostic, suggest};
use crate::store::{self, ReadError};

/// A scenario file as read from disk: its text, and the scenario or the reason it failed.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    /// Where the file is.
    pub path: PathBuf,
    /// Its text (empty if it could not be read).
    pub source: String,
    /// The parsed scenario, or the problem that stopped parsing.
    pub scenario: Result<Scenario, Diagnostic>,
}

/// Reads and parses a scenario file. An unreadable file becomes a diagnostic, not a panic.
pub fn load_file(path: &Path) -> ParsedFile {
    match read_source(path, "scenario") {
        Ok(source) => {
            let scenario = parse_scenario(&source, path);
            ParsedFile {
                path: path.to_path_buf(),
                source,
                scenario,
            }
        }
        Err((source, diagnostic)) => ParsedFile {
            path: path.to_path_buf(),
            source,
            scenario: Err(diagnostic),
        },
    }
}

/// Reads a file of the scenario family (`what` is "scenario", "rubric" or "test plan"),
/// within the size limit. On failure: the text to show the problem against (the readable
/// part of a file that is not UTF-8, else nothing) and the diagnostic.
// The diagnostic is the product here, not an exceptional path: keep it unboxed.
#[allow(clippy::result_large_err)]
pub fn read_source(path: &Path, what: &str) -> Result<String, (String, Diagnostic)> {
    store::read_text(path, limits::MAX_FILE_BYTES as u64).map_err(|e| unreadable(path, what, e))
}

/// The diagnostic for a file of the scenario family that could not be read, and the text
/// to show it against.
pub fn unreadable(path: &Path, what: &str, error: ReadError) -> (String, Diagnostic) {
    match error {
        ReadError::NotAFile(kind) => (
            String::new(),
            cannot_read(path, format!("{what} file: it is {kind}, not a file")).with_hint(
                "a scenario folder should hold ordinary text files only; move this one out",
            ),
        ),
        ReadError::TooLarge { bytes, .. } => (
            String::new(),
            limits::file_too_large(bytes).diagnostic(path, ""),
        ),
        ReadError::NotUtf8 { text, offset, byte } => {
            let diagnostic = Diagnostic::error(
                "unreadable-file",
                path,
                &text,
                // The bad byte shows as U+FFFD, three bytes long, in the readable text.
                Some(Span::new(offset..offset + '\u{FFFD}'.len_utf8())),
                format!(
                    "this {what} file is not UTF-8 text: the byte 0x{byte:02X} here cannot be read"
                ),
            )
            .with_label("not UTF-8")
            .with_hint(
                "save the file as UTF-8 (in Notepad: Save as, then Encoding: UTF-8); text pasted \
                 from a document in another encoding, such as a curly quote or a pound sign, is \
                 the usual cause",
            );
            (text, diagnostic)
        }
        ReadError::Io(error) => (
            String::new(),
            cannot_read(path, format!("{what} file: {error}"))
                .with_hint("check that the file exists and that you may read it"),
        ),
    }
}

/// "cannot read this {what}", with no place in the file.
fn cannot_read(path: &Path, what: String) -> Diagnostic {
    Diagnostic::error(
        "unreadable-file",
        path,
        "",
        None,
        format!("cannot read this {what}"),
    )
}

/// Parses the text of a scenario file.
// The diagnostic is the product here, not an exceptional path: keep it unboxed.
#[allow(clippy::result_large_err)]
pub fn parse_scenario(source: &str, path: &Path) -> Result<Scenario, Diagnostic> {
    parse_str(source, path, "Scenario")
}

/// Parses any RON file of the scenario family (a scenario or a rubric) into `T`, turning a
/// failure into a diagnostic with the exact place and a hint for the author.
#[allow(clippy::result_large_err)]
pub fn parse_str<T: DeserializeOwned>(
    source: &str,
    path: &Path,
    what: &str,
) -> Result<T, Diagnostic> {
    // Limits first, so the parser never meets a file big or deep enough to be slow.
    if let Some(breach) = limits::screen(source).0.into_iter().find(|b| b.fatal) {
        return Err(breach.diagnostic(path, source));
    }
    // A byte-order mark (older Windows Notepad) is not part of the RON: parse what follows,
    // with offsets still counted in the whole file.
    let (body, skipped) = limits::strip_byte_order_mark(source);
    with_source(source, || ron_options().from_str::<T>(body)).map_err(|error| {
        let raw = error.code.to_string();
        let (offset, message) = match take_offset(&raw) {
            Some((offset, message)) => (offset, message.to_string()),
            None => (
                skipped + offset_of(body, error.span.start.line, error.span.start.col),
                raw.clone(),
            ),
        };
        let label = if message.contains("missing field") {
            "it ends here without it"
        } else {
            "here"
        };
        let stripped = message.clone();
        let (message, mut hint) = explain(&message, what);
        let mut span = Span::new(offset..token_end(source, offset));
        let mut label = label.to_string();
        let mut message = message;
        if let Some(quote) = unclosed_quote(source, offset) {
            let (line, _) = crate::diagnostic::line_column(source, quote);
            message = format!("the quoted text that starts on line {line} is not closed where it should be");
            span = Span::new(quote..quote + 1);
            label = "this quote is not closed on its line".to_string();
            hint = Some(format!(
                "the parser read everything from here as text until the next quote; close the quote on line {line}, then check again"
            ));
        } else if let Some(better) = common_mistake(source, offset, &stripped, what) {
            (message, span, label, hint) = better;
        } else if message == "a comma is missing" {
            // Point at what the comma should follow, not at the next line's first word.
            let previous = source[..offset].trim_end();
            if let Some(last) = previous.chars().next_back() {
                span = Span::new(previous.len() - last.len_utf8()..previous.len());
                label = "a comma is needed after this".to_string();
            }
        } else if let Some((at, quote)) = unexpected_char(source, offset, &raw) {
            // The parser's column is one early: mark the character itself.
            span = Span::new(at..at + quote.len_utf8());
            if CURLY_QUOTES.contains(&quote) {
                message = format!("text must start and end with a straight double quote `\"`, not a curly quote `{quote}`");
                label = "a curly quote".to_string();
                hint = Some("your editor turned the quotes curly: type them again as \" (turn off \"smart quotes\" in Word or TextEdit, or use a plain-text editor such as Notepad); curly quotes are fine inside text".to_string());
            }
        } else if raw.contains("Expected identifier") && source[offset..].starts_with('"') {
            let quoted: String = source[offset + 1..].chars().take_while(|c| *c != '"').take(40).collect();
            message = "a name is expected here, not text in quotes".to_string();
            label = "remove these quotes".to_string();
            span = Span::new(offset..offset + 1);
            hint = Some(if ["Good", "Mixed", "Poor"].contains(&quoted.as_str()) {
                format!("ending kinds are names, written without quotes: `kind: {quoted}`")
            } else {
                "ending kinds (`Good`, `Mixed`, `Poor`) and conditions (`Flag(\"x\")`) are names, written without quotes, e.g. `kind: Good`".to_string()
            });
        } else if raw.contains("missing field")
            && let Some((owner, at, id)) = owner_of(source, offset)
        {
            // Name the item that lacks the field, and mark where it starts.
            let field = message.split('`').nth(3).unwrap_or("?").to_string();
            let noun = owner.to_lowercase();
            message = match (&id, enclosing_with_id(source, offset)) {
                (Some(id), _) => format!("{noun} `{id}` is missing its required field `{field}`"),
                (None, Some((parent, parent_id))) => format!(
                    "a {noun} in {} `{parent_id}` is missing its required field `{field}`",
                    parent.to_lowercase()
                ),
                (None, None) => format!("this `{owner}` is missing its required field `{field}`"),
            };
            span = Span::new(at..at + owner.len());
            label = format!("this {noun} has no `{field}`");
        }
        Diagnostic::error("syntax", path, source, Some(span), message)
            .with_label(label)
        .with_maybe_hint(hint)
    })
}

/// A plain-language message for the slips new authors make that the parser reports
/// obscurely: single quotes, a missing colon, a bracket too many or too few, a decimal
/// point, a negative number where none may be, text after the end. The message, where to
/// mark, the mark's label and a hint.
fn common_mistake(
    source: &str,
    offset: usize,
    raw: &str,
    what: &str,
) -> Option<(String, Span, String, Option<String>)> {
    let rest = source.get(offset..)?;
    let here = rest.chars().next();
    let one = |c: char| Span::new(offset..offset + c.len_utf8());
    if here == Some('\'') {
        return Some((
            "text must be in double quotes `\"`, not single quotes `'`".to_string(),
            one('\''),
            "a single quote".to_string(),
            Some("write it again with double quotes, e.g. `next: \"end\"`; single quotes are fine inside text".to_string()),
        ));
    }
    if raw.contains("Expected end of string") && here == Some('"') {
        return Some((
            "this text is never closed".to_string(),
            one('"'),
            "this quote has no partner".to_string(),
            Some("add the closing `\"` at the end of the text".to_string()),
        ));
    }
    if raw.contains("Expected string") && here.is_some_and(char::is_alphanumeric) {
        let end = token_end(source, offset);
        let word = &source[offset..end];
        return Some((
            format!("`{word}` needs double quotes around it"),
            Span::new(offset..end),
            "not in quotes".to_string(),
            Some(format!(
                "ids and text are written in double quotes: `\"{word}\"`"
            )),
        ));
    }
    if raw == "Expected colon" {
        return Some((
            "a colon is missing after the field's name".to_string(),
            Span::new(offset..token_end(source, offset)),
            "a `:` is needed before this".to_string(),
            Some("each field is written as its name, a colon, then its value, e.g. `title: \"A home visit\"`".to_string()),
        ));
    }
    if raw.contains("Non-whitespace trailing characters") {
        // The parser stops just after the last `)`: mark the first thing that follows.
        let start = offset + (rest.len() - rest.trim_start().len());
        return Some((
            format!("there is more after the end of the {}", what.to_lowercase()),
            Span::new(start..token_end(source, start)),
            "after the last `)`".to_string(),
            Some(format!(
                "a file holds one `{what}( ... )`: delete what follows it, or look for a `)` that closes it too early"
            )),
        ));
    }
    if let Some(closer @ (')' | ']' | '}')) = here
        && (raw == "Expected comma" || raw.starts_with("Unexpected char"))
        && let Some(&open) = open_brackets(source, offset).last()
    {
        let wanted = match source.as_bytes()[open] {
            b'(' => ')',
            b'[' => ']',
            _ => '}',
        };
        if wanted != closer {
            let after = rest[closer.len_utf8()..].trim_start().chars().next();
            let (line, _) = crate::diagnostic::line_column(source, open);
            let opener = char::from(source.as_bytes()[open]);
            return Some(if after == Some(wanted) {
                (
                    format!("one `{closer}` too many: this one closes nothing"),
                    one(closer),
                    "remove this".to_string(),
                    Some(
                        "each `(` needs one `)`, each `[` one `]` and each `{` one `}`".to_string(),
                    ),
                )
            } else {
                (
                    format!("a `{wanted}` is missing before this `{closer}`"),
                    one(closer),
                    format!("the `{opener}` on line {line} is still open"),
                    Some(format!(
                        "close the `{opener}` on line {line} with `{wanted}` first: brackets close in the reverse order they were opened"
                    )),
                )
            });
        }
    }
    if raw == "Expected comma"
        && rest.starts_with('.')
        && rest[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        let start = source[..offset]
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
        let end = offset + 1 + rest[1..].chars().take_while(char::is_ascii_digit).count();
        return Some((
            format!("`{}` is not a whole number", &source[start..end]),
            Span::new(start..end),
            "a whole number is needed".to_string(),
            Some(
                "scores, meter changes, minutes and weights are whole numbers, e.g. `1` or `-2`"
                    .to_string(),
            ),
        ));
    }
    if raw.contains("Integer is out of bounds") {
        let negative = here == Some('-') || source[..offset].trim_end().ends_with('-');
        return Some((
            if negative {
                "this number cannot be negative here".to_string()
            } else {
                "this number is too large".to_string()
            },
            Span::new(offset..offset + rest.chars().take_while(|c| *c == '-' || c.is_ascii_alphanumeric() || *c == '.').count().max(1)),
            "out of range".to_string(),
            Some("minutes, weights and limits are whole numbers from 0 up; only scores and meter changes may be negative, e.g. `{\"care\": -1}`".to_string()),
        ));
    }
    None
}

/// Quotes that word processors put in place of the straight `"` and `'`.
const CURLY_QUOTES: [char; 8] = ['“', '”', '„', '‟', '‘', '’', '«', '»'];

/// For an "Unexpected char" error: the character's real place (the parser reports the
/// column before it) and the character.
fn unexpected_char(source: &str, offset: usize, raw: &str) -> Option<(usize, char)> {
    let wanted = raw.strip_prefix("Unexpected char '")?.chars().next()?;
    let near = source.get(offset..)?;
    let (at, c) = near.char_indices().take(4).find(|(_, c)| *c == wanted)?;
    Some((offset + at, c))
}

/// For an error at the closing bracket of a struct (a missing field): the struct's name,
/// where that name starts, and its `id` if it has one.
fn owner_of(source: &str, close: usize) -> Option<(&str, usize, Option<String>)> {
    if !source[close..].starts_with(')') {
        return None;
    }
    let open = *open_brackets(source, close).last()?;
    let name = struct_name(source, open)?;
    Some((name, open - name.len(), id_at_depth_one(&source[open..])))
}

/// The nearest struct around the one closing at `close` that has an `id`: its name and
/// id, e.g. the scene a choice is in.
fn enclosing_with_id(source: &str, close: usize) -> Option<(&str, String)> {
    let open = open_brackets(source, close);
    open.iter().rev().skip(1).find_map(|&at| {
        let name = struct_name(source, at)?;
        Some((name, id_at_depth_one(&source[at..])?))
    })
}

/// The name written before the bracket at `open`, e.g. `Scene`.
fn struct_name(source: &str, open: usize) -> Option<&str> {
    let before = &source[..open];
    let start = before
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
        .len();
    Some(&source[start..open]).filter(|name| !name.is_empty())
}

/// The brackets still open just before `end`, outermost first, skipping brackets inside
/// quotes: one pass over the file, however deep the error.
fn open_brackets(source: &str, end: usize) -> Vec<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in source.bytes().enumerate().take(end) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'(' | b'[' | b'{' => open.push(i),
            b')' | b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open
}

/// The `id: "..."` written directly inside the struct whose text (from its opening
/// bracket) is `text`.
fn id_at_depth_one(text: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
            }
            b'i' if depth == 1 && text[i..].starts_with("id") => {
                let before_ok = i == 0
                    || !text.as_bytes()[i - 1].is_ascii_alphanumeric()
                        && text.as_bytes()[i - 1] != b'_';
                let rest = text[i + 2..].trim_start();
                if before_ok && let Some(value) = rest.strip_prefix(':') {
                    let value = value.trim_start().strip_prefix('"')?;
                    let end = value.find('"')?;
                    return Some(value[..end].chars().take(64).collect());
                }
            }
            _ => {}
        }
    }
    None
}

/// Detects the usual cause of a baffling syntax error: a quote left open earlier, so that
/// a "string" swallowed the RON that followed it. Returns the line where that string began
/// when the text just before `offset` is a string that spans lines and looks like RON.
fn unclosed_quote(source: &str, offset: usize) -> Option<usize> {
    let before = source.get(..offset)?;
    // The string literal that ends right where parsing failed (an identifier may follow it).
    let trimmed = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '-');
    let body_end = trimmed.strip_suffix('"')?.len();
    let body_start = source[..body_end].rfind('"')?;
    let body = &source[body_start + 1..body_end];
    // A line inside the "text" that starts like a field (`speaker: ...`) or closes an item
    // is RON the open quote swallowed.
    let field_like = |line: &str| {
        let line = line.trim_start();
        let name = line.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
        (name.len() < line.len() && name.trim_start().starts_with(':'))
            || line.starts_with(')')
            || line.starts_with(']')
    };
    let looks_like_ron = body.contains(": \"")
        || body.contains("),")
        || body.contains("(")
        || body.lines().skip(1).any(field_like);
    (body.contains('\n') && looks_like_ron).then_some(body_start)
}

/// The end of the word or symbol at `offset`, so the marker underlines something visible.
fn token_end(source: &str, offset: usize) -> usize {
    let rest = &source[offset.min(source.len())..];
    let word: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum();
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map(char::len_utf8).unwrap_or(0)
    };
    offset + len
}

/// Turns `ron`'s messages into plain language, with a hint where one helps.
fn explain(message: &str, what: &str) -> (String, Option<String>) {
    let backticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("Unexpected missing field") || message.contains("missing field") {
        let field = backticked.first().copied().unwrap_or("?");
        let owner = backticked.get(1).copied().unwrap_or(what);
        return (
            format!("`{owner}` is missing its required field `{field}`"),
            Some(format!(
                "add `{field}: ...,` inside this `{owner}( ... )`; see docs/scenario-format.md"
            )),
        );
    }
    if message.contains("Unexpected field named") || message.contains("unknown field") {
        let field = backticked.first().copied().unwrap_or("?");
        let owner = backticked.get(1).copied().unwrap_or(what);
        let expected: Vec<&str> = backticked.iter().skip(2).copied().collect();
        let hint = match suggest(field, expected.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if !expected.is_empty() => format!(
                "the fields of `{owner}` are {}",
                expected
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "see docs/scenario-format.md for the fields".to_string(),
        };
        return (
            format!("`{owner}` has no field named `{field}`"),
            Some(hint),
        );
    }
    if message.contains("Unexpected variant") || message.contains("unknown variant") {
        let variant = backticked.first().copied().unwrap_or("?");
        let expected: Vec<&str> = backticked.iter().skip(2).copied().collect();
        let hint = match suggest(variant, expected.iter().copied()) {
            Some(close) => Some(format!("did you mean `{close}`?")),
            None if !expected.is_empty() => Some(format!(
                "expected one of {}",
                expected
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => None,
        };
        return (format!("`{variant}` is not a recognised name here"), hint);
    }
    if message.contains("Expected opening `(`") || message.contains("Expected struct") {
        return (
            message.to_string(),
            Some(format!(
                "each item is written `Name( field: value, ... )`; the file itself starts with `{what}(`"
            )),
        );
    }
    if message.contains("Expected integer") || message.contains("expected integer") {
        return (
            "expected a whole number here".to_string(),
            Some(
                "numbers are written without quotes, e.g. `minutes: 5` or `{\"care\": -1}`"
                    .to_string(),
            ),
        );
    }
    if message.contains("Expected opening `{`") {
        return (
            "expected a map in braces here".to_string(),
            Some(
                "scores and meter changes are maps, e.g. `score: {\"care\": 1, \"authority\": -1}`"
                    .to_string(),
            ),
        );
    }
    if message.contains("Expected boolean") {
        return (
            "expected `true` or `false` here".to_string(),
            Some("write `true` or `false` without quotes, e.g. `shown: true`".to_string()),
        );
    }
    if message.contains("Expected string") || message.contains("expected a string") {
        return (
            message.to_string(),
            Some("text and ids are written in double quotes, e.g. \"visit\"".to_string()),
        );
    }
    if message.contains("Unexpected end of RON") || message.contains("Unexpected end") {
        return (
            message.to_string(),
            Some("a bracket or quote is not closed; check that every `(`, `[`, `{` and `\"` has its partner".to_string()),
        );
    }
    if message == "Expected comma" {
        return (
            "a comma is missing".to_string(),
            Some("put a comma after each field and each item in a list".to_string()),
        );
    }
    (message.to_string(), None)
}
