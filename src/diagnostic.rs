//! Problems found in scenario and rubric files, and how they are shown.
//!
//! This is the bottom of the core: it knows files, byte ranges ([`Span`]) and text, but no
//! scenario, so the loader, the rubric, the validator, plans and the language server can
//! all report through it. It also holds the text hygiene every printed message goes
//! through ([`printable`]).
//!
//! A [`Diagnostic`] names the file, the byte range, a plain-language message, the text to
//! show under the marker and, where we can guess what the author meant, a hint. The same
//! value is printed as a compiler-style snippet by `jigsaw check`, emitted as JSON for
//! editors and CI, and shown in the app's library, so an error reads the same everywhere.

use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use std::borrow::Cow;
use std::ops::Range;

use serde::Deserialize;

/// The longest name [`did_you_mean`] compares, in characters (as long as a scenario id may
/// be): suggesting is quadratic in length, and no one mistypes a longer id by a letter or two.
const MAX_ID_CHARS: usize = 64;

/// A byte range in a scenario file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the value.
    pub start: usize,
    /// One past the last byte of the value.
    pub end: usize,
}

impl Span {
    /// A span over `range`.
    pub fn new(range: Range<usize>) -> Self {
        Span {
            start: range.start,
            end: range.end,
        }
    }

    /// The span as a range, for slicing and for diagnostics.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// Whether `c` may not be shown on a terminal: control characters other than newline and
/// tab (C0, DEL and C1, which start escape sequences, move the cursor or erase text), and
/// the bidirectional embeddings, overrides and isolates that reorder what is shown.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A path as it may be shown in a terminal: a file name can hold an escape sequence as
/// easily as a scenario's text can, so unprintable characters become `?` (see
/// [`printable`]).
pub fn shown(path: &std::path::Path) -> String {
    printable(&path.to_string_lossy()).into_owned()
}

/// `text` with every unprintable character replaced by a visible one of the same length
/// in bytes (`?`, `¿` or `�`), so byte offsets into it stay valid. A carriage return
/// before a newline is kept: it is how Windows ends lines.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_unprintable(c) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{FFFD}',
            });
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The longest name shown between backticks in a message, in characters; longer ones are
/// cut with `…` (a message quotes ids, and a hostile file's ids can be any length).
const SHOWN_NAME_CHARS: usize = 60;

/// The longest message, label or hint, in characters.
const SHOWN_TEXT_CHARS: usize = 2_000;

/// `text` with long names between backticks, and the text as a whole, cut short.
fn shorten(text: String) -> String {
    if text.len() <= SHOWN_NAME_CHARS {
        return text;
    }
    let mut out = String::new();
    for (index, part) in text.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 && part.chars().count() > SHOWN_NAME_CHARS {
            out.extend(part.chars().take(SHOWN_NAME_CHARS - 10));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    if out.chars().count() > SHOWN_TEXT_CHARS {
        out = out.chars().take(SHOWN_TEXT_CHARS).collect();
        out.push('…');
    }
    out
}

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; the scenario still plays.
    Warning,
    /// The scenario cannot be played until this is fixed.
    Error,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name of the rule, e.g. `unknown-scene`.
    pub code: &'static str,
    /// What is wrong, in plain language.
    pub message: String,
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file; `None` when the problem is about the file as a whole.
    #[serde(skip)]
    pub span: Option<Span>,
    /// 1-based line of the start of the span (0 when there is no span).
    pub line: usize,
    /// 1-based column, counted in characters (0 when there is no span).
    pub column: usize,
    /// 1-based line of the end of the span, for editors that underline a range.
    pub end_line: usize,
    /// 1-based column just past the end of the span.
    pub end_column: usize,
    /// Short text shown under the marker.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// What to do about it, e.g. "did you mean `visit`?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// For `more-problems` only: the problems it stands for, which were not shown, so
    /// totals count them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_shown: Option<NotShown>,
}

/// How many problems a `more-problems` diagnostic stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NotShown {
    /// Errors not shown.
    pub errors: usize,
    /// Warnings not shown.
    pub warnings: usize,
}

impl Diagnostic {
    /// An error at `span` in `file`, whose text is `source`.
    pub fn error(
        code: &'static str,
        file: &Path,
        source: &str,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, source, span, message)
    }

    /// A warning at `span` in `file`, whose text is `source`.
    pub fn warning(
        code: &'static str,
        file: &Path,
        source: &str,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, source, span, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        file: &Path,
        source: &str,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        // Spans built in code (not read from the file) are empty at offset 0: treat them as
        // "no place" rather than pointing at the first character.
        let span = span.filter(|s| s.end > s.start || s.start > 0);
        let (line, column) = span.map(|s| line_column(source, s.start)).unwrap_or((0, 0));
        let (end_line, end_column) = span.map(|s| line_column(source, s.end)).unwrap_or((0, 0));
        Diagnostic {
            severity,
            code,
            message: shorten(message.into()),
            file: file.to_path_buf(),
            span,
            line,
            column,
            end_line,
            end_column,
            label: String::new(),
            hint: None,
            not_shown: None,
        }
    }

    /// The errors and warnings this diagnostic counts for in a total: itself, or for
    /// `more-problems` the ones it stands for.
    pub fn tally(&self) -> (usize, usize) {
        match (self.not_shown, self.severity) {
            (Some(hidden), _) => (hidden.errors, hidden.warnings),
            (None, Severity::Error) => (1, 0),
            (None, Severity::Warning) => (0, 1),
        }
    }

    /// Sets the text shown under the marker.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = shorten(label.into());
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(shorten(hint.into()));
        self
    }

    /// Sets the hint if there is one.
    pub fn with_maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.map(shorten);
        self
    }

    /// Whether this is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// "file:line:column" for one-line summaries.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.display().to_string()
        } else {
            format!("{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }

    /// A one-line summary: "file:line:col: error: message (hint)".
    pub fn short(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut text = format!("{}: {kind}: {}", self.location(), self.message);
        if let Some(hint) = &self.hint {
            text.push_str(&format!(" ({hint})"));
        }
        text
    }

    /// Renders the diagnostic as a compiler-style snippet with the offending line and a
    /// marker under the problem. `colour` adds terminal colours.
    ///
    /// Only the marked line is shown, cut to about [`SHOWN_LINE_BYTES`] around the marked
    /// place when it is longer, and with any control character from the file replaced by a
    /// visible one, so a hostile or minified file cannot flood or take over the terminal.
    /// A problem with no place still names its file.
    pub fn render(&self, source: &str, colour: bool) -> String {
        let name = printable(&self.file.display().to_string()).into_owned();
        let message = printable(&self.message).into_owned();
        let mut report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_code(self.code)
        .with_message(&message);
        let window = self
            .span
            .map(|span| Window::new(&name, source, span, self.column));
        if let Some(window) = &window {
            report = report.with_labels(vec![
                Label::primary((), window.label.clone()).with_message(printable(&self.label)),
            ]);
        }
        if let Some(hint) = &self.hint {
            report = report.with_notes(vec![format!("hint: {}", printable(hint))]);
        }
        let mut buffer = if colour {
            term::termcolor::Buffer::ansi()
        } else {
            term::termcolor::Buffer::no_color()
        };
        let config = Config::default();
        let emitted = match &window {
            Some(window) => term::emit_to_write_style(&mut buffer, &config, window, &report),
            None => {
                let file = SimpleFile::new(name.clone(), "");
                term::emit_to_write_style(&mut buffer, &config, &file, &report)
            }
        };
        if emitted.is_err() {
            return format!("{}\n", printable(&self.short()));
        }
        let text = String::from_utf8_lossy(buffer.as_slice()).into_owned();
        if window.is_some() {
            return text;
        }
        // No place in the file: say which file, under the first line, as a located
        // problem would.
        match text.split_once('\n') {
            Some((first, rest)) => format!("{first}\n  ┌─ {name}\n{rest}"),
            None => format!("{text}\n  ┌─ {name}\n"),
        }
    }
}

/// The longest line shown whole, in bytes; a longer one is shown cut to this much around
/// the marked place.
pub const SHOWN_LINE_BYTES: usize = 240;

/// How much of a cut line is shown before the marked place, in bytes.
const SHOWN_BEFORE_BYTES: usize = 80;

/// The one line a diagnostic shows, cut around the marked place, as a "file" for the
/// renderer that keeps the real line and column numbers.
struct Window {
    name: String,
    /// The shown part of the line, control characters replaced, with `…` where it is cut.
    text: String,
    /// The marked range within `text`.
    label: std::ops::Range<usize>,
    /// The real line number.
    line: usize,
    /// The real column of the first character of `text` after any `…`, and that `…`'s
    /// length in bytes.
    first_column: usize,
    prefix: usize,
}

impl Window {
    fn new(name: &str, source: &str, span: Span, column: usize) -> Window {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_end = if source[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let line_end = line_end.max(start);
        // A long span (a whole scene) would print pages: mark within its first line only.
        let end = span.end.clamp(start, line_end);
        let from = if line_end - line_start <= SHOWN_LINE_BYTES {
            line_start
        } else {
            floor_char_boundary(
                source,
                start.saturating_sub(SHOWN_BEFORE_BYTES).max(line_start),
            )
        };
        let to = floor_char_boundary(source, (from + SHOWN_LINE_BYTES).min(line_end)).max(start);
        let mut text = String::new();
        if from > line_start {
            text.push('…');
        }
        let prefix = text.len();
        text.push_str(&printable(&source[from..to]));
        if to < line_end {
            text.push('…');
        }
        let (line, _) = line_column(source, start);
        let first_column = column
            .saturating_sub(source[from..start].chars().count())
            .max(1);
        Window {
            name: name.to_string(),
            text,
            label: prefix + (start - from)..prefix + (end.min(to) - from),
            line,
            first_column,
            prefix,
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line)
    }

    fn column_number(
        &'a self,
        (): (),
        _: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let at = floor_char_boundary(&self.text, byte_index.clamp(self.prefix, self.text.len()));
        Ok(self.first_column + self.text[self.prefix..at].chars().count())
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        if line_index == 0 {
            Ok(0..self.text.len())
        } else {
            Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: 0,
            })
        }
    }
}

/// The 1-based line and character column of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest of `candidates` to `wanted`, if one is close enough to be a likely typo.
///
/// Only names of an id's length are compared, and only with names of a similar length:
/// the comparison takes time in proportion to the product of the lengths, and a
/// 100,000-character "id" is not a typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = wanted.chars().count();
    if length == 0 || length > MAX_ID_CHARS {
        return None;
    }
    candidates
        .into_iter()
        .filter(|c| {
            let n = c.chars().count();
            n <= MAX_ID_CHARS && n.abs_diff(length) <= n.max(length) / 2 + 2
        })
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A "did you mean" hint for an unknown id, or a list of what exists when nothing is close.
/// `kinds` is the plural noun, e.g. "scenes and endings".
pub fn did_you_mean<'a>(
    wanted: &str,
    kinds: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    if let Some(close) = suggest(wanted, candidates.clone()) {
        return Some(format!("did you mean `{close}`?"));
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    if all.is_empty() {
        Some(format!("this file declares no {kinds}"))
    } else if all.len() <= 8 {
        let list = all
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        Some(format!("the {kinds} declared are {list}"))
    } else {
        None
    }
}
