//! `jigsaw check`'s output: the same checked files, emitted for people ([`HumanEmitter`],
//! compiler-style messages with the offending line) or for editors and CI
//! ([`JsonEmitter`]), as ruff's message emitters do. The command line chooses one.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// One checked file: what the output reports on.
pub struct CheckedFile {
    /// Where the file is.
    pub path: PathBuf,
    /// "scenario" or "rubric".
    pub kind: &'static str,
    /// Its text, to show the offending lines.
    pub source: String,
    /// Every problem found in it.
    pub diagnostics: Vec<Diagnostic>,
    /// For a scenario that parsed: its size and what the path analysis did.
    pub analysis: Option<Analysis>,
}

/// The path analysis's figures for one scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// Scenes in the file.
    pub scenes: usize,
    /// Endings in the file.
    pub endings: usize,
    /// Pieces in the file.
    pub pieces: usize,
    /// Distinct states (a scene with the facts still read later) visited.
    pub states: usize,
    /// Observations and choices followed inside scene visits.
    pub steps: usize,
    /// Whether every path was walked.
    pub complete: bool,
    /// Whether the score bounds cover every path exactly.
    pub bounds_exact: bool,
}

impl Analysis {
    /// The figures as the `ok` line shows them.
    pub fn line(&self) -> String {
        format!(
            "{} scenes, {} endings, {} pieces; {} states explored{}",
            self.scenes,
            self.endings,
            self.pieces,
            self.states,
            if !self.complete {
                ", walk stopped early: scores approximate"
            } else if !self.bounds_exact {
                ", score bounds approximate (a loop changes the score)"
            } else {
                ""
            }
        )
    }
}

/// The errors and warnings in `files`, counting those a `more-problems` line stands for.
pub fn counts(files: &[CheckedFile]) -> (usize, usize) {
    files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .map(Diagnostic::tally)
        .fold((0, 0), |(e, w), (de, dw)| (e + de, w + dw))
}

/// A way of writing checked files out.
pub trait Emitter {
    /// Writes `files`' problems and summary to `out`.
    fn emit(&self, out: &mut dyn Write, files: &[CheckedFile]) -> std::io::Result<()>;
}

/// Compiler-style messages, an `ok` line per file without errors, and a closing count.
pub struct HumanEmitter {
    /// Colour the output (for a terminal).
    pub colour: bool,
}

impl Emitter for HumanEmitter {
    fn emit(&self, out: &mut dyn Write, files: &[CheckedFile]) -> std::io::Result<()> {
        for file in files {
            for diagnostic in &file.diagnostics {
                write!(out, "{}", diagnostic.render(&file.source, self.colour))?;
                writeln!(out)?;
            }
            // The analysis figures show with warnings too: they say how much was checked.
            if !file.diagnostics.iter().any(Diagnostic::is_error) {
                let what = file
                    .analysis
                    .as_ref()
                    .map(Analysis::line)
                    .unwrap_or_else(|| file.kind.to_string());
                let warned = file.diagnostics.len();
                let warned = if warned == 0 {
                    String::new()
                } else {
                    format!(", {warned} warning{}", plural(warned))
                };
                // A file name is not trusted either: it may hold control characters.
                let name = crate::diagnostic::shown(&file.path);
                let name = crate::diagnostic::printable(&name);
                writeln!(out, "ok: {name} ({what}){warned}")?;
            }
        }
        let (errors, warnings) = counts(files);
        writeln!(
            out,
            "checked {} file{}: {errors} error{}, {warnings} warning{}",
            files.len(),
            plural(files.len()),
            plural(errors),
            plural(warnings)
        )
    }
}

/// One JSON document: a summary per file and every problem with its place.
pub struct JsonEmitter;

/// One file's result, in the JSON.
#[derive(Debug, Serialize)]
struct FileSummary<'a> {
    file: &'a PathBuf,
    kind: &'static str,
    errors: usize,
    warnings: usize,
    /// For a scenario that parsed: what the path analysis did.
    #[serde(skip_serializing_if = "Option::is_none")]
    analysis: Option<&'a Analysis>,
}

/// The JSON document.
#[derive(Debug, Serialize)]
struct Report<'a> {
    files: Vec<FileSummary<'a>>,
    diagnostics: Vec<&'a Diagnostic>,
    errors: usize,
    warnings: usize,
}

impl Emitter for JsonEmitter {
    fn emit(&self, out: &mut dyn Write, files: &[CheckedFile]) -> std::io::Result<()> {
        let (errors, warnings) = counts(files);
        let report = Report {
            files: files
                .iter()
                .map(|f| FileSummary {
                    file: &f.path,
                    kind: f.kind,
                    errors: f.diagnostics.iter().map(|d| d.tally().0).sum(),
                    warnings: f.diagnostics.iter().map(|d| d.tally().1).sum(),
                    analysis: f.analysis.as_ref(),
                })
                .collect(),
            diagnostics: files.iter().flat_map(|f| &f.diagnostics).collect(),
            errors,
            warnings,
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
        writeln!(out)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
