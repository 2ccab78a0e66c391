//! Problems found in scenario and rubric files, and how they are shown.
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

use crate::scenario::Span;

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
            message: message.into(),
            file: file.to_path_buf(),
            span,
            line,
            column,
            end_line,
            end_column,
            label: String::new(),
            hint: None,
        }
    }

    /// Sets the text shown under the marker.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint if there is one.
    pub fn with_maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
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
    pub fn render(&self, source: &str, colour: bool) -> String {
        let file = SimpleFile::new(self.file.display().to_string(), source);
        let mut report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_code(self.code)
        .with_message(&self.message);
        if let Some(span) = self.span {
            let end = span.end.min(source.len()).max(span.start);
            // A long span (a whole scene) would print pages: mark its first line only.
            let first_line_end = source[span.start.min(source.len())..end]
                .find('\n')
                .map(|i| span.start + i)
                .unwrap_or(end);
            report = report.with_labels(vec![
                Label::primary((), span.start.min(source.len())..first_line_end)
                    .with_message(&self.label),
            ]);
        }
        if let Some(hint) = &self.hint {
            report = report.with_notes(vec![format!("hint: {hint}")]);
        }
        let mut buffer = if colour {
            term::termcolor::Buffer::ansi()
        } else {
            term::termcolor::Buffer::no_color()
        };
        let config = Config::default();
        if term::emit_to_write_style(&mut buffer, &config, &file, &report).is_err() {
            return self.short();
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
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
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
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
