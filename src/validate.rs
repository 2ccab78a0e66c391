//! The validator: every problem in a scenario file, found at once, each with its place.
//!
//! [`check_source`] parses a scenario, checks its ids and references against itself and
//! the rubric, walks every path with the [`explore`](crate::explore) walker, and returns a
//! [`Checked`] file: the scenario (when it has no errors), all diagnostics, and the score
//! bounds the debrief needs. The command line, the app's asset loader and the tests share it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::explore::{Bounds, Exploration, Limit};
use crate::rubric::{Dimension, Rubric};
use crate::scenario::limits::{self, MAX_DIAGNOSTICS, MAX_ID_CHARS, MAX_OBSERVATIONS};
use crate::scenario::{Choice, Condition, Id, Scenario, Span, Spanned, images};

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
    match std::fs::read_to_string(path) {
        Ok(source) => check_source_with(path, &source, rubric, options),
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
        diagnostics.push(d.with_hint(hint));
    }
    diagnostics
}

/// Scenario files in one folder that declare the same scenario `id` (a library, progress
/// files and `jigsaw play <id>` all find a scenario by it): for each file after the first,
/// its index in `files` and an error naming the first. `files` holds each file's path,
/// text and scenario id.
pub fn shared_scenario_ids(files: &[(&Path, &str, &Id)]) -> Vec<(usize, Diagnostic)> {
    let mut first: HashMap<(&Path, &str), &Path> = HashMap::new();
    let mut found = Vec::new();
    for (index, (path, source, id)) in files.iter().enumerate() {
        let folder = images::folder_of(path);
        match first.get(&(folder, id.value.as_str())) {
            Some(earlier) => found.push((
                index,
                Diagnostic::error(
                    "duplicate-scenario-id",
                    path,
                    source,
                    Some(id.span),
                    format!(
                        "the scenario id `{}` is also used by `{}` in the same folder",
                        id.value,
                        earlier.display()
                    ),
                )
                .with_label("used twice")
                .with_hint("give each scenario its own id; the library, saved progress and `jigsaw play <id>` find a scenario by it"),
            )),
            None => {
                first.insert((folder, id.value.as_str()), path);
            }
        }
    }
    found
}

/// Checks a rubric file's own consistency: unique ids, a grid that names real dimensions.
pub fn check_rubric(path: &Path, source: &str) -> (Option<Rubric>, Vec<Diagnostic>) {
    let (screened, mut hidden) = screen(path, source);
    let rubric: Rubric = match crate::scenario::parse_str(source, path, "Rubric") {
        Ok(rubric) => rubric,
        Err(diagnostic) => {
            let mut found = screened;
            found.push(diagnostic);
            return (None, finish(path, found, hidden));
        }
    };
    let mut found = screened;
    let dimension_ids: Vec<&Id> = rubric.dimensions.iter().map(|d| &d.id).collect();
    duplicates(
        path,
        source,
        "dimension",
        &dimension_ids,
        &mut found,
        &mut hidden,
    );
    let concept_ids: Vec<&Id> = rubric.concepts.iter().map(|c| &c.id).collect();
    duplicates(
        path,
        source,
        "concept",
        &concept_ids,
        &mut found,
        &mut hidden,
    );
    for axis in [&rubric.grid.care, &rubric.grid.authority] {
        if rubric.dimension(axis).is_none() {
            found.push(
                Diagnostic::error(
                    "unknown-dimension",
                    path,
                    source,
                    Some(axis.span),
                    format!(
                        "the grid uses a dimension `{}` that this rubric does not define",
                        axis.value
                    ),
                )
                .with_label("no such dimension")
                .with_maybe_hint(did_you_mean(
                    axis,
                    "dimensions",
                    dimension_ids.iter().map(|d| d.value.as_str()),
                )),
            );
        }
    }
    for (name, value) in [
        ("high_care", rubric.grid.high_care),
        ("high_authority", rubric.grid.high_authority),
    ] {
        if value > 100 {
            found.push(
                Diagnostic::error(
                    "threshold-range",
                    path,
                    source,
                    Some(rubric.grid.span),
                    format!("`{name}` is {value}, but scores run from 0 to 100"),
                )
                .with_label("in this grid")
                .with_hint("use a number from 0 to 100; 50 is the usual midpoint"),
            );
        }
    }
    (Some(rubric), finish(path, found, hidden))
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
        if !self.hidden.room(&self.found, true) {
            return;
        }
        let d = Diagnostic::error(code, self.path, self.source, span, message);
        self.found.push(d.with_label(label).with_maybe_hint(hint));
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
        if !self.hidden.room(&self.found, false) {
            return;
        }
        let d = Diagnostic::warning(code, self.path, self.source, span, message);
        self.found.push(d.with_label(label).with_maybe_hint(hint));
    }

    fn ids(&mut self) {
        let s = self.scenario;
        if s.scenes.is_empty() {
            let message = "this scenario has no scenes".to_string();
            let hint =
                "add at least one `Scene( id: ..., text: ..., choices: [...] )` to `scenes: [...]`";
            self.error(
                "no-scenes",
                Some(s.id.span),
                message,
                "in this scenario",
                Some(hint.into()),
            );
        }
        if s.endings.is_empty() {
            let message = "this scenario has no endings".to_string();
            let hint = "add at least one `Ending( id: ..., title: ..., text: ..., kind: Good )` to `endings: [...]`";
            self.error(
                "no-endings",
                Some(s.id.span),
                message,
                "in this scenario",
                Some(hint.into()),
            );
        }
        if s.start_minute().is_none() {
            let span = Some(s.starts_at.span);
            let message = format!(
                "`starts_at` is \"{}\", which is not a time of day",
                s.starts_at.value
            );
            self.error(
                "bad-clock",
                span,
                message,
                "not HH:MM",
                Some("write the 24-hour time in quotes, e.g. \"09:30\" or \"23:45\"".into()),
            );
        }
        let story: Vec<&Id> = s
            .scenes
            .iter()
            .map(|x| &x.id)
            .chain(s.endings.iter().map(|e| &e.id))
            .collect();
        duplicates(
            self.path,
            self.source,
            "scene or ending",
            &story,
            &mut self.found,
            &mut self.hidden,
        );
        let pieces: Vec<&Id> = s.pieces.iter().map(|p| &p.id).collect();
        duplicates(
            self.path,
            self.source,
            "piece",
            &pieces,
            &mut self.found,
            &mut self.hidden,
        );
        let meters: Vec<&Id> = s.meters.iter().map(|m| &m.id).collect();
        duplicates(
            self.path,
            self.source,
            "meter",
            &meters,
            &mut self.found,
            &mut self.hidden,
        );
        let flags: Vec<&Id> = s.flags.iter().collect();
        duplicates(
            self.path,
            self.source,
            "flag",
            &flags,
            &mut self.found,
            &mut self.hidden,
        );
        for scene in &s.scenes {
            let observations: Vec<&Id> = scene.observations.iter().map(|o| &o.id).collect();
            duplicates(
                self.path,
                self.source,
                "observation",
                &observations,
                &mut self.found,
                &mut self.hidden,
            );
        }
        for meter in &s.meters {
            if meter.min > meter.max || !(meter.min..=meter.max).contains(&meter.start) {
                let message = format!(
                    "meter `{}` starts at {} but runs from {} to {}",
                    meter.id.value, meter.start, meter.min, meter.max
                );
                self.error(
                    "meter-range",
                    Some(meter.span),
                    message,
                    "in this meter",
                    Some("make `min` at most `max`, and `start` between them".into()),
                );
            }
        }
    }

    /// The limits that need the parsed scenario: how long a declared id may be, and how
    /// many observations a scene may letter.
    fn limits(&mut self) {
        let s = self.scenario;
        let declared = std::iter::once(&s.id)
            .chain(s.scenes.iter().map(|x| &x.id))
            .chain(s.endings.iter().map(|e| &e.id))
            .chain(s.pieces.iter().map(|p| &p.id))
            .chain(s.meters.iter().map(|m| &m.id))
            .chain(s.flags.iter())
            .chain(
                s.scenes
                    .iter()
                    .flat_map(|x| x.observations.iter().map(|o| &o.id)),
            );
        let long: Vec<&Id> = declared
            .filter(|id| id.value.chars().count() > MAX_ID_CHARS)
            .collect();
        for id in long {
            let message = format!(
                "this id is {} characters long; an id may be at most {MAX_ID_CHARS}",
                id.value.chars().count()
            );
            self.error("id-too-long", Some(id.span), message, "too long", Some("ids are short names such as \"missed-immunisations\"; put longer words in a `title` or `text`".into()));
        }
        for scene in &s.scenes {
            if let Some(extra) = scene.observations.get(MAX_OBSERVATIONS) {
                let message = format!(
                    "scene `{}` has {} observations; a scene may have at most {MAX_OBSERVATIONS} (lettered a to z)",
                    scene.id.value,
                    scene.observations.len()
                );
                self.error(
                    "list-too-long",
                    Some(extra.span),
                    message,
                    "one too many",
                    Some("move some observations to another scene".into()),
                );
            }
        }
    }

    fn references(&mut self) {
        let s = self.scenario;
        if let Some(start) = &s.start
            && s.scene(start).is_none()
        {
            let message = format!("the start scene `{}` does not exist", start.value);
            let names = s.scenes.iter().map(|x| x.id.value.as_str());
            self.unknown(
                "unknown-scene",
                start,
                message,
                "no such scene",
                "scenes",
                names,
            );
        }
        for concept in &s.concepts {
            self.concept(concept);
        }
        for scene in &s.scenes {
            if let Some(image) = &scene.image
                && let Err(refusal) = images::resolve(self.path, &image.value)
            {
                let message = refusal.message(&image.value);
                let hint = Some(refusal.hint(images::folder_of(self.path)));
                let span = Some(image.span);
                if refusal.is_warning() {
                    self.warning(refusal.code(), span, message, "file not found", hint);
                } else {
                    self.error(
                        refusal.code(),
                        span,
                        message,
                        "this picture cannot be shown",
                        hint,
                    );
                }
            }
            for observation in &scene.observations {
                let place = Place {
                    scene: &scene.id.value,
                    what: format!("observation `{}`", observation.id.value),
                };
                self.effects(
                    &place,
                    &observation.score,
                    &observation.meters,
                    &observation.reveals,
                    &observation.set,
                    &[],
                );
                if let Some(when) = &observation.when {
                    self.condition(when);
                }
            }
            for (index, choice) in scene.choices.iter().enumerate() {
                let place = Place {
                    scene: &scene.id.value,
                    what: format!("choice {} (\"{}\")", index + 1, short(&choice.text)),
                };
                self.effects(
                    &place,
                    &choice.score,
                    &choice.meters,
                    &choice.reveals,
                    &choice.set,
                    &choice.unset,
                );
                if let Some(when) = &choice.when {
                    self.condition(when);
                }
                for concept in &choice.concepts {
                    self.concept(concept);
                }
                self.destination(&place, choice);
                if choice.feedback.trim().is_empty() {
                    let message =
                        format!("{} in scene `{}` has no feedback", place.what, place.scene);
                    self.warning("empty-feedback", Some(choice.span), message, "this choice", Some("add `feedback: \"...\"`: the debrief shows it to explain why this choice helped or hindered".into()));
                }
            }
        }
    }

    fn destination(&mut self, place: &Place, choice: &Spanned<Choice>) {
        let s = self.scenario;
        match (&choice.next, &choice.random) {
            (None, None) => {
                let message = format!("{} in scene `{}` leads nowhere", place.what, place.scene);
                self.error("leads-nowhere", Some(choice.span), message, "no `next` or `random`", Some("add `next: \"<scene or ending id>\"` (or a weighted `random: [(\"a\", 1), (\"b\", 1)]`)".into()));
            }
            (Some(next), Some(_)) => {
                let message = format!(
                    "{} in scene `{}` has both `next` and `random`",
                    place.what, place.scene
                );
                self.error("next-and-random", Some(next.span), message, "keep one", Some(
                    "use `next` for a fixed next scene, or `random` for a weighted pick, not both"
                        .into(),
                ));
            }
            _ => {}
        }
        if let Some(random) = &choice.random {
            let total: u64 = random.value.iter().map(|(_, w)| u64::from(*w)).sum();
            if total == 0 {
                let message = format!(
                    "the random pick of {} in scene `{}` has a total weight of zero",
                    place.what, place.scene
                );
                self.error(
                    "zero-weight",
                    Some(random.span),
                    message,
                    "no option can be picked",
                    Some(
                        "give at least one option a weight above 0, e.g. `(\"answers\", 3)`".into(),
                    ),
                );
            }
        }
        for target in choice.targets() {
            if !self.names.story.contains(target.value.as_str()) {
                let names = s
                    .scenes
                    .iter()
                    .map(|x| x.id.value.as_str())
                    .chain(s.endings.iter().map(|e| e.id.value.as_str()));
                let message = format!("no scene or ending named `{}`", target.value);
                let label = "no such scene or ending";
                self.unknown(
                    "unknown-scene",
                    target,
                    message,
                    label,
                    "scenes and endings",
                    names,
                );
            }
        }
    }

    fn effects(
        &mut self,
        place: &Place,
        score: &Spanned<BTreeMap<String, i32>>,
        meters: &Spanned<BTreeMap<String, i32>>,
        reveals: &[Id],
        set: &[Id],
        unset: &[Id],
    ) {
        for dimension in score.value.keys() {
            if self.rubric.dimension(dimension).is_none() {
                let id = Spanned {
                    value: dimension.clone(),
                    span: key_span(self.source, score.span, dimension),
                };
                let message = format!(
                    "{} in scene `{}` scores `{dimension}`, which is not a rubric dimension",
                    place.what, place.scene
                );
                let rubric = self.rubric;
                let names = rubric.dimensions.iter().map(|d| d.id.value.as_str());
                self.unknown(
                    "unknown-dimension",
                    &id,
                    message,
                    "no such dimension",
                    "dimensions",
                    names,
                );
            }
        }
        for meter in meters.value.keys() {
            self.meter(&Spanned {
                value: meter.clone(),
                span: key_span(self.source, meters.span, meter),
            });
        }
        for piece in reveals {
            self.piece(piece);
        }
        for flag in set.iter().chain(unset) {
            self.flag(flag);
        }
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

    fn piece(&mut self, id: &Id) {
        let s = self.scenario;
        if !self.names.pieces.contains(id.value.as_str()) {
            let message = format!("no piece named `{}`", id.value);
            let names = s.pieces.iter().map(|p| p.id.value.as_str());
            self.unknown(
                "unknown-piece",
                id,
                message,
                "no such piece",
                "pieces",
                names,
            );
        }
    }

    fn flag(&mut self, id: &Id) {
        let s = self.scenario;
        if !self.names.flags.contains(id.value.as_str()) {
            let message = format!("no flag named `{}`", id.value);
            let names = s.flags.iter().map(|f| f.value.as_str());
            let label = "not declared in the scenario's `flags: [...]`";
            self.unknown("unknown-flag", id, message, label, "flags", names);
        }
    }

    fn meter(&mut self, id: &Id) {
        let s = self.scenario;
        if !self.names.meters.contains(id.value.as_str()) {
            let message = format!("no meter named `{}`", id.value);
            let names = s.meters.iter().map(|m| m.id.value.as_str());
            self.unknown(
                "unknown-meter",
                id,
                message,
                "no such meter",
                "meters",
                names,
            );
        }
    }

    fn concept(&mut self, id: &Id) {
        if self.rubric.concept(id).is_none() {
            let message = format!("`{}` is not a concept in the rubric's glossary", id.value);
            let names = self.rubric.concepts.iter().map(|c| c.id.value.as_str());
            self.unknown(
                "unknown-concept",
                id,
                message,
                "unknown concept",
                "concepts",
                names,
            );
        }
    }

    fn condition(&mut self, condition: &Condition) {
        let s = self.scenario;
        match condition {
            Condition::Flag(f) | Condition::NotFlag(f) => self.flag(f),
            Condition::Found(p) | Condition::NotFound(p) => self.piece(p),
            Condition::AtLeast(m, _) | Condition::Below(m, _) => self.meter(m),
            Condition::Visited(x) | Condition::NotVisited(x) => {
                if !self.names.scenes.contains(x.value.as_str()) {
                    let message = format!("no scene named `{}`", x.value);
                    let names = s.scenes.iter().map(|x| x.id.value.as_str());
                    self.unknown(
                        "unknown-scene",
                        x,
                        message,
                        "no such scene",
                        "scenes",
                        names,
                    );
                }
            }
            Condition::All(all) | Condition::Any(all) => {
                for c in all {
                    self.condition(c);
                }
            }
            Condition::Not(c) => self.condition(c),
        }
    }

    /// Checks the scene graph as drawn, ignoring conditions: what the start can reach, and
    /// what can reach an ending.
    fn graph(&mut self) {
        let s = self.scenario;
        let Some(start) = s.start_scene() else { return };
        let edges: HashMap<&str, Vec<&str>> = s
            .scenes
            .iter()
            .map(|scene| {
                let targets = scene
                    .choices
                    .iter()
                    .flat_map(|c| c.targets_with_weight())
                    .collect();
                (scene.id.value.as_str(), targets)
            })
            .collect();
        let mut reached: BTreeSet<&str> = BTreeSet::from([start.id.value.as_str()]);
        let mut queue = vec![start.id.value.as_str()];
        while let Some(at) = queue.pop() {
            for next in edges.get(at).into_iter().flatten() {
                if reached.insert(next) {
                    queue.push(next);
                }
            }
        }
        // Scenes that can reach an ending: grow backwards from the endings, once per edge.
        let mut before: HashMap<&str, Vec<&str>> = HashMap::new();
        for (scene, targets) in &edges {
            for target in targets {
                before.entry(target).or_default().push(scene);
            }
        }
        let mut finishing: BTreeSet<&str> = s.endings.iter().map(|e| e.id.value.as_str()).collect();
        let mut queue: Vec<&str> = finishing.iter().copied().collect();
        while let Some(at) = queue.pop() {
            for scene in before.get(at).into_iter().flatten() {
                if finishing.insert(scene) {
                    queue.push(scene);
                }
            }
        }
        for scene in &s.scenes {
            let id = scene.id.value.as_str();
            if !reached.contains(id) {
                self.error("unreachable-scene",
                    Some(scene.id.span),
                    format!("no choice leads to scene `{id}`"), "unreachable", Some(format!(
                    "add `next: \"{id}\"` to a choice in a scene the learner can reach, or remove this scene"
                )));
            } else if !finishing.contains(id) {
                self.error(
                    "no-ending-reachable",
                    Some(scene.id.span),
                    format!("no ending can be reached from scene `{id}`"),
                    "the learner would be stuck after this",
                    Some(
                        "make sure some path of choices from here leads to one of the `endings`"
                            .into(),
                    ),
                );
            }
        }
        for ending in &s.endings {
            let id = ending.id.value.as_str();
            if !reached.contains(id) {
                self.warning(
                    "unreachable-ending",
                    Some(ending.id.span),
                    format!("no choice leads to ending `{id}`"),
                    "never reached",
                    Some(format!(
                        "add `next: \"{id}\"` to a choice, or remove this ending"
                    )),
                );
            }
        }
        self.reached_in_graph = reached.into_iter().map(str::to_string).collect();
    }

    /// The walk stopped before it had seen every path: an error (scores would be placed on
    /// part of what a learner can do) unless the author accepts approximate bounds. The
    /// message says what multiplies the states, so the author knows what to change.
    fn too_many_states(&mut self, walk: &Exploration, limit: &Limit) {
        let s = self.scenario;
        let message = format!(
            "this scenario has too many paths to check: the walk stopped at {} ({} states explored), so its scores and path checks would be incomplete",
            limit.reason, walk.states
        );
        let mut hint = String::from("what multiplies the states:");
        if !limit.scenes.is_empty() {
            let scenes: Vec<String> = limit
                .scenes
                .iter()
                .map(|(id, n)| format!("`{id}` ({n})"))
                .collect();
            hint.push_str(&format!("\n- states per scene: {}", scenes.join(", ")));
        }
        if !limit.facts.is_empty() {
            let facts: Vec<String> = limit
                .facts
                .iter()
                .map(|(name, values, scenes)| {
                    format!("{name} ({values} values, read later from {scenes} scenes)")
                })
                .collect();
            hint.push_str(&format!(
                "\n- facts still read later, each multiplying the states: {}",
                facts.join(", ")
            ));
        }
        if !limit.observations.is_empty() {
            let observations: Vec<String> = limit
                .observations
                .iter()
                .map(|(id, n, combinations, changed)| {
                    let mut shown: Vec<&str> = changed.iter().take(8).map(String::as_str).collect();
                    if changed.len() > shown.len() {
                        shown.push("...");
                    }
                    let changes = if shown.is_empty() {
                        String::new()
                    } else {
                        format!("; they change {}", shown.join(", "))
                    };
                    format!("`{id}` ({n} observations, {combinations} combinations{changes})")
                })
                .collect();
            hint.push_str(&format!(
                "\n- observations whose results are read later: {}",
                observations.join(", ")
            ));
        }
        hint.push_str("\nread a flag or piece soon after it is set, or not at all; give meters narrower ranges or test them in fewer places; see \"How the check counts paths\" in docs/scenario-format.md");
        if self.options.approximate {
            hint.push_str("\n(accepted with --approximate: scores are placed on the paths explored, and the debrief says so)");
            self.warning(
                "too-many-paths",
                Some(s.id.span),
                message,
                "path checks incomplete",
                Some(hint),
            );
        } else {
            hint.push_str(
                "\nto play it anyway with approximate scores, check and play with --approximate",
            );
            self.error(
                "too-many-paths",
                Some(s.id.span),
                message,
                "path checks incomplete",
                Some(hint),
            );
        }
    }

    /// Checks what the path walk found: what no real path reaches, where a learner would
    /// be stuck, which choices can never be offered.
    fn paths(&mut self, walk: &Exploration) {
        let s = self.scenario;
        let unscored: Vec<&Dimension> = self
            .rubric
            .dimensions
            .iter()
            .map(|d| &d.value)
            .filter(|d| {
                let id = &d.id.value;
                !s.scenes.iter().any(|scene| {
                    scene
                        .choices
                        .iter()
                        .any(|c| c.score.get(id).is_some_and(|v| *v != 0))
                        || scene
                            .observations
                            .iter()
                            .any(|o| o.score.get(id).is_some_and(|v| *v != 0))
                })
            })
            .collect();
        if !unscored.is_empty() {
            let names = unscored
                .iter()
                .map(|d| format!("`{}` ({})", d.id.value, d.name))
                .collect::<Vec<_>>()
                .join(", ");
            let (one, many) = (unscored.len() == 1, unscored.len() > 1);
            let message = format!(
                "no choice or observation scores the dimension{} {names}",
                if many { "s" } else { "" }
            );
            self.warning("unscored-dimension", Some(s.id.span), message, "in this scenario", Some(format!(
                "{} cannot be assessed in this scenario; add e.g. `score: {{\"{}\": 1}}` where a choice shows {}, or accept the gap",
                if one {
                    "this dimension"
                } else {
                    "these dimensions"
                },
                unscored[0].id.value,
                if one { "it" } else { "them" },
            )));
        }
        let revealed_somewhere: BTreeSet<&str> = s
            .scenes
            .iter()
            .flat_map(|scene| {
                scene
                    .choices
                    .iter()
                    .flat_map(|c| c.reveals.iter())
                    .chain(scene.observations.iter().flat_map(|o| o.reveals.iter()))
            })
            .map(|id| id.value.as_str())
            .collect();
        for piece in &s.pieces {
            let anywhere = revealed_somewhere.contains(piece.id.value.as_str());
            if !anywhere {
                let message = format!("nothing reveals the piece `{}`", piece.id.value);
                self.error(
                    "unrevealable-piece",
                    Some(piece.id.span),
                    message,
                    "never revealed",
                    Some(format!(
                        "add `reveals: [\"{}\"]` to a choice or observation, or remove the piece",
                        piece.id.value
                    )),
                );
            } else if walk.complete && !walk.pieces.contains(&piece.id.value) {
                let message = format!("no path reveals the piece `{}`", piece.id.value);
                self.error("unrevealable-piece", Some(piece.id.span), message, "never revealed", Some("the choices and observations that reveal it are never offered on any path: check their `when` conditions and the scenes they are in".into()));
            }
        }
        if let Some(limit) = walk.limit.as_ref().filter(|_| !walk.complete) {
            self.too_many_states(walk, limit);
            return;
        }
        for scene in &s.scenes {
            let id = &scene.id.value;
            if self.reached_in_graph.contains(id) && !walk.scenes.contains(id) {
                let message = format!("no path reaches scene `{id}`");
                self.error("unreachable-scene", Some(scene.id.span), message, "unreachable", Some("choices lead here, but their `when` conditions never hold on the way: check the flags, pieces and meters they need".into()));
            }
            if let Some(path) = walk.dead_ends.get(id) {
                let message = format!(
                    "on some paths, scene `{id}` offers no choice, so the learner is stuck"
                );
                self.error("dead-end", Some(scene.id.span), message, "dead end", Some(format!(
                    "for example after {}; give at least one choice here no `when` condition, or conditions that cover every case",
                    path.join(" → ")
                )));
            }
            if let Some(path) = walk.loops.get(id) {
                let message = format!(
                    "a learner can go round in a loop through scene `{id}` without anything changing"
                );
                self.warning("endless-loop", Some(scene.id.span), message, "loop", Some(format!(
                    "for example {}; set a flag or reveal something on the way round, or close the loop with a condition",
                    path.join(" → ")
                )));
            }
            if walk.scenes.contains(id) {
                for (index, choice) in scene.choices.iter().enumerate() {
                    if !walk.offered.contains(&(id.clone(), index)) {
                        let message = format!(
                            "choice {} (\"{}\") in scene `{id}` is never offered on any path",
                            index + 1,
                            short(&choice.text)
                        );
                        self.warning("never-offered",
                            Some(choice.when.as_ref().map(|w| w.span).unwrap_or(choice.span)),
                            message, "this condition never holds here", Some("check its `when` condition against what can have happened by this scene".into()));
                    }
                }
            }
        }
        for ending in &s.endings {
            let id = &ending.id.value;
            // An ending that shares a scene's id is already a duplicate-id error.
            if self.reached_in_graph.contains(id)
                && !walk.endings.contains(id)
                && s.scene(id).is_none()
            {
                let message = format!("no path reaches ending `{id}`");
                self.warning(
                    "unreachable-ending",
                    Some(ending.id.span),
                    message,
                    "never reached",
                    Some(
                        "choices lead here, but their `when` conditions never hold on the way"
                            .into(),
                    ),
                );
            }
        }
        if walk.bounds.is_none() && !self.found.iter().any(Diagnostic::is_error) {
            let message = "no path through this scenario reaches an ending".to_string();
            self.error("no-complete-path", Some(s.id.span), message, "", Some("every path ends in a dead end or a loop; make sure the choices lead on to one of the `endings`".into()));
        }
    }
}
