//! The validator: every problem in a scenario file, found at once, each with its place.
//!
//! [`check_source`] runs the passes in order, as a compiler runs its stages: the file is
//! screened for control characters and over-long text and parsed ([`crate::scenario`]),
//! then [`ids`], [`references`], [`graph`] (the scenes as drawn) and [`paths`] (the exact
//! walk of [`crate::explore`]) each add what they find. [`rubric`] checks a rubric file and
//! [`folder`] the scenario files of one folder together. Every problem any pass can report is a [`Rule`]
//! in [`RULES`], with its code, severity and summary: the docs' rule table and the fixture
//! coverage test are made from that list. The command line, the app's asset loader, the
//! language server and the tests share it.
//!
//! To add a check: add its [`Rule`] to [`RULES`], write it in the pass it belongs to
//! (one file per pass, a method on [`Checker`] reporting through `error`/`warning`), add a
//! failing fixture under `tests/fixtures/invalid/` with its `// expect:` line, and run
//! `jigsaw check --rules` to refresh the table in `docs/scenario-format.md`.

mod folder;
mod graph;
mod ids;
mod paths;
mod references;
mod rubric;
mod rules;
mod time;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::explore::{Bounds, Exploration};
use crate::rubric::Rubric;
use crate::scenario::limits::{self, MAX_DIAGNOSTICS};
use crate::scenario::{Id, Scenario, Span};

pub use folder::{shared_library_ids, shared_scenario_ids};
pub use rubric::check_rubric;
pub use rules::{Pass, Proof, RULES, Rule, rule, rules_table};

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
    /// The result for a file that could not be read: its one diagnostic, and the text to
    /// show it against.
    pub fn unreadable(path: &Path, source: String, diagnostic: Diagnostic) -> Checked {
        Checked {
            path: path.to_path_buf(),
            source,
            parsed: None,
            diagnostics: vec![diagnostic],
            exploration: None,
        }
    }

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

/// How strict a check is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Accept a scenario whose paths are too many to walk, with approximate score bounds
    /// (a warning instead of an error; the debrief says the scores are approximate).
    pub approximate: bool,
}

/// Checks a scenario file on disk.
pub fn check_file(path: &Path, rubric: &Rubric) -> Checked {
    check_file_with(path, rubric, CheckOptions::default())
}

/// Checks a scenario file on disk, with options.
pub fn check_file_with(path: &Path, rubric: &Rubric, options: CheckOptions) -> Checked {
    match crate::scenario::read_source(path, "scenario") {
        Ok(source) => check_source_with(path, &source, rubric, options),
        Err((source, diagnostic)) => Checked::unreadable(path, source, diagnostic),
    }
}

/// Checks the text of a scenario file against `rubric`.
pub fn check_source(path: &Path, source: &str, rubric: &Rubric) -> Checked {
    check_source_with(path, source, rubric, CheckOptions::default())
}

/// Checks the text of a scenario file against `rubric`, with options.
pub fn check_source_with(
    path: &Path,
    source: &str,
    rubric: &Rubric,
    options: CheckOptions,
) -> Checked {
    // Control characters and over-long texts, each with its place; the structural limits
    // (size, nesting, list length) come back from the parser, which refuses the file.
    let (screened, mut hidden) = screen(path, source);
    let scenario = match crate::scenario::parse_scenario(source, path) {
        Ok(scenario) => scenario,
        Err(diagnostic) => {
            let mut diagnostics = screened;
            diagnostics.push(diagnostic);
            return Checked {
                path: path.to_path_buf(),
                source: source.to_string(),
                parsed: None,
                diagnostics: finish(path, diagnostics, hidden),
                exploration: None,
            };
        }
    };
    let mut check = Checker {
        path,
        source,
        scenario: &scenario,
        rubric,
        found: screened,
        names: Names::of(&scenario),
        reached_in_graph: BTreeSet::new(),
        options,
        hidden: Hidden::default(),
    };
    check.ids();
    check.limits();
    check.references();
    check.time_limits();
    check.graph();
    let exploration = crate::explore::explore(&scenario);
    check.paths(&exploration);
    hidden.add(&check.hidden);
    let diagnostics = finish(path, check.found, hidden);
    Checked {
        path: path.to_path_buf(),
        source: source.to_string(),
        parsed: Some(scenario),
        diagnostics,
        exploration: Some(exploration),
    }
}

/// Problems not shown because a file already has [`MAX_DIAGNOSTICS`] of them.
#[derive(Clone, Copy, Debug, Default)]
struct Hidden {
    errors: usize,
    warnings: usize,
}

impl Hidden {
    fn add(&mut self, other: &Hidden) {
        self.errors += other.errors;
        self.warnings += other.warnings;
    }

    /// Whether `found` has room for one more problem; if not, counts it here.
    fn room(&mut self, found: &[Diagnostic], error: bool) -> bool {
        if found.len() < MAX_DIAGNOSTICS {
            return true;
        }
        if error {
            self.errors += 1;
        } else {
            self.warnings += 1;
        }
        false
    }
}

/// The screen's control characters and over-long texts as diagnostics (fatal breaches are
/// left to the parser), with the number not shown.
fn screen(path: &Path, source: &str) -> (Vec<Diagnostic>, Hidden) {
    let (breaches, more) = limits::screen(source);
    let diagnostics = breaches
        .iter()
        .filter(|b| !b.fatal)
        .map(|b| b.diagnostic(path, source))
        .collect();
    (
        diagnostics,
        Hidden {
            errors: more,
            warnings: 0,
        },
    )
}

/// Sorts a file's diagnostics (errors and warnings in file order, whole-file ones last) and
/// says how many more there are when some were not shown, as a compiler does.
fn finish(path: &Path, mut diagnostics: Vec<Diagnostic>, hidden: Hidden) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| (d.line == 0, d.line, d.column));
    let more = hidden.errors + hidden.warnings;
    if more > 0 {
        let message = format!(
            "and {more} more problem{} in this file ({} error{}, {} warning{}), not shown",
            if more == 1 { "" } else { "s" },
            hidden.errors,
            if hidden.errors == 1 { "" } else { "s" },
            hidden.warnings,
            if hidden.warnings == 1 { "" } else { "s" },
        );
        let hint = format!(
            "at most {MAX_DIAGNOSTICS} problems are shown for one file; fix these and check again"
        );
        let d = if hidden.errors > 0 {
            Diagnostic::error("more-problems", path, "", None, message)
        } else {
            Diagnostic::warning("more-problems", path, "", None, message)
        };
        let mut d = d.with_hint(hint);
        d.not_shown = Some(crate::diagnostic::NotShown {
            errors: hidden.errors,
            warnings: hidden.warnings,
        });
        diagnostics.push(d);
    }
    diagnostics
}

/// Reports every id in `ids` that appeared earlier in the list.
fn duplicates(
    path: &Path,
    source: &str,
    kind: &str,
    ids: &[&Id],
    found: &mut Vec<Diagnostic>,
    hidden: &mut Hidden,
) {
    let mut first: HashMap<&str, &Id> = HashMap::new();
    for id in ids {
        match first.get(id.value.as_str()) {
            Some(_) if !hidden.room(found, true) => {}
            Some(earlier) => {
                let (line, _) = crate::diagnostic::line_column(source, earlier.span.start);
                found.push(
                    Diagnostic::error(
                        "duplicate-id",
                        path,
                        source,
                        Some(id.span),
                        format!("the {kind} id `{}` is used twice", id.value),
                    )
                    .with_label("second use")
                    .with_hint(format!(
                        "it is first used on line {line}; give each {kind} its own id"
                    )),
                );
            }
            None => {
                first.insert(&id.value, id);
            }
        }
    }
}

/// Finds the quoted key `"key"` inside a map written at `span`, so a wrong dimension or
/// meter name can be underlined exactly.
fn key_span(source: &str, span: Span, key: &str) -> Span {
    let text = source.get(span.range()).unwrap_or("");
    let quoted = format!("\"{key}\"");
    match text.find(&quoted) {
        Some(at) => Span::new(span.start + at..span.start + at + quoted.len()),
        None => span,
    }
}

struct Checker<'a> {
    path: &'a Path,
    source: &'a str,
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    found: Vec<Diagnostic>,
    /// Scenes and endings the start reaches when conditions are ignored.
    reached_in_graph: BTreeSet<String>,
    options: CheckOptions,
    /// Problems found after the file had as many as are shown.
    hidden: Hidden,
    /// The ids the scenario declares, for lookups that stay fast however long the lists.
    names: Names<'a>,
}

/// The ids a scenario declares, by kind.
struct Names<'a> {
    story: HashSet<&'a str>,
    scenes: HashSet<&'a str>,
    pieces: HashSet<&'a str>,
    meters: HashSet<&'a str>,
    flags: HashSet<&'a str>,
}

impl<'a> Names<'a> {
    fn of(s: &'a Scenario) -> Names<'a> {
        let scenes: HashSet<&str> = s.scenes.iter().map(|x| x.id.value.as_str()).collect();
        Names {
            story: scenes
                .iter()
                .copied()
                .chain(s.endings.iter().map(|e| e.id.value.as_str()))
                .collect(),
            scenes,
            pieces: s.pieces.iter().map(|p| p.id.value.as_str()).collect(),
            meters: s.meters.iter().map(|m| m.id.value.as_str()).collect(),
            flags: s.flags.iter().map(|f| f.value.as_str()).collect(),
        }
    }
}

/// The first words of a choice's text, for messages.
fn short(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 8 {
        words.join(" ")
    } else {
        format!("{} ...", words[..8].join(" "))
    }
}

/// Where a step (an observation or a choice) is, for messages.
struct Place<'a> {
    scene: &'a str,
    what: String,
}

impl Checker<'_> {
    /// Reports an error at `span` with the text under the marker and a hint.
    fn error(
        &mut self,
        code: &'static str,
        span: Option<Span>,
        message: String,
        label: &str,
        hint: Option<String>,
    ) {
        self.report(true, code, span, message, label, hint);
    }

    /// Reports a warning at `span` with the text under the marker and a hint.
    fn warning(
        &mut self,
        code: &'static str,
        span: Option<Span>,
        message: String,
        label: &str,
        hint: Option<String>,
    ) {
        self.report(false, code, span, message, label, hint);
    }

    /// Adds an error or a warning, unless the file already shows as many as it may (then
    /// it is counted as not shown).
    fn report(
        &mut self,
        error: bool,
        code: &'static str,
        span: Option<Span>,
        message: String,
        label: &str,
        hint: Option<String>,
    ) {
        if !self.hidden.room(&self.found, error) {
            return;
        }
        let make = if error {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        let d = make(code, self.path, self.source, span, message);
        self.found.push(d.with_label(label).with_maybe_hint(hint));
    }

    /// Reports an id that names nothing, with the closest existing id as a hint.
    fn unknown<'c>(
        &mut self,
        code: &'static str,
        id: &Id,
        message: String,
        label: &str,
        kinds: &str,
        candidates: impl IntoIterator<Item = &'c str> + Clone,
    ) {
        if !self.hidden.room(&self.found, true) {
            return;
        }
        let hint = did_you_mean(id, kinds, candidates);
        self.error(code, Some(id.span), message, label, hint);
    }
}
