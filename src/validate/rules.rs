//! The rule registry: every problem `jigsaw check` can report, in one list.
//!
//! Each [`Rule`] has the code shown in brackets (`error[unknown-scene]`), its severity, the
//! pass that reports it and a one-line summary for authors. The table in
//! `docs/scenario-format.md` is [`rules_table`]'s output (`jigsaw check --rules` prints it),
//! and the tests check that every rule has a failing fixture (or names the test that
//! covers it) and that no check reports a code missing from this list.

use crate::diagnostic::Severity;

/// Where in the order of checking a rule is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pass {
    /// Reading the file: its size, characters, nesting and syntax (`scenario::load`,
    /// `scenario::limits`), before anything else is known.
    Read,
    /// Declared ids: each once and short, scenes and endings present, meters and clock sane.
    Ids,
    /// Every name used refers to something declared; choices lead somewhere; pictures.
    References,
    /// The scenes as drawn, ignoring conditions.
    Graph,
    /// The exact walk of every path, conditions and all.
    Paths,
    /// A rubric file's own consistency.
    Rubric,
    /// The files of one folder together.
    Folder,
    /// After every pass: what is shown of a file's problems.
    Finish,
}

impl Pass {
    /// The pass's name as the docs write it.
    pub fn name(self) -> &'static str {
        match self {
            Pass::Read => "read",
            Pass::Ids => "ids",
            Pass::References => "references",
            Pass::Graph => "graph",
            Pass::Paths => "paths",
            Pass::Rubric => "rubric",
            Pass::Folder => "folder",
            Pass::Finish => "all",
        }
    }
}

/// How the tests show that a rule fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// A file in `tests/fixtures/invalid/` expects it on a `// expect:` line.
    Fixture,
    /// The broken rubric in `tests/fixtures/invalid-rubric/` reports it.
    RubricFixture,
    /// A test in `tests/core/<file>` (named `file::test`) makes it, where a fixture file
    /// cannot (a 64 MB file, an unreadable one, two files of a folder).
    Test(&'static str),
}

/// One problem the checker can report.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The code shown in brackets, e.g. `unknown-scene`.
    pub code: &'static str,
    /// How serious it is (`too-many-paths` is a warning with `--approximate`).
    pub severity: Severity,
    /// The pass that reports it.
    pub pass: Pass,
    /// What it means, for the docs' table (Markdown).
    pub summary: &'static str,
    /// How the tests make it fire.
    pub proof: Proof,
}

const fn error(code: &'static str, pass: Pass, summary: &'static str, proof: Proof) -> Rule {
    Rule {
        code,
        severity: Severity::Error,
        pass,
        summary,
        proof,
    }
}

const fn warning(code: &'static str, pass: Pass, summary: &'static str, proof: Proof) -> Rule {
    Rule {
        code,
        severity: Severity::Warning,
        pass,
        summary,
        proof,
    }
}

use Pass::*;
use Proof::*;

/// Every rule, in the order the passes run.
pub const RULES: &[Rule] = &[
    error(
        "unreadable-file",
        Read,
        "The file cannot be read: missing, no permission, not an ordinary file (a folder, a named pipe, a link to a device), or not UTF-8 text (reported at the first bad byte).",
        Test("hostile::a_problem_with_no_place_still_names_its_file"),
    ),
    error(
        "file-too-large",
        Read,
        "The file is over 64 MB. Nothing past the limit is read, and nothing else is checked until this is fixed.",
        Test("hostile::over_large_files_and_lists_stop_before_the_parser"),
    ),
    error(
        "too-deeply-nested",
        Read,
        "Brackets nest more than 32 deep. The file is not read further until this is fixed.",
        Fixture,
    ),
    error(
        "list-too-long",
        Read,
        "A list or map has more than 100,000 items, a scene more than 26 observations or 30 choices, a scenario more than 1,000 pieces or 20 outcomes, or a rubric more than 1,000 dimensions or 1,000 concepts.",
        Test("hostile::over_large_files_and_lists_stop_before_the_parser"),
    ),
    error(
        "control-character",
        Read,
        "A control character (an escape, a carriage return, a backspace, a bell...) or a bidirectional override, typed or written as an escape such as `\\u{1b}`. Each is shown at its place.",
        Fixture,
    ),
    error(
        "text-too-long",
        Read,
        "A text in quotes over 10,000 characters.",
        Fixture,
    ),
    error(
        "syntax",
        Read,
        "The file is not valid RON (a missing comma, quote or bracket, a misspelt field name, a condition written wrongly), or a **required field is missing**, such as a scene with no `text`. Only the first syntax problem can be reported: fix it and check again.",
        Fixture,
    ),
    error("no-scenes", Ids, "The scenario has no scenes.", Fixture),
    error("no-endings", Ids, "The scenario has no endings.", Fixture),
    error(
        "bad-clock",
        Ids,
        "A `starts_at` that is not a time in the form `\"HH:MM\"` (00:00 to 23:59).",
        Fixture,
    ),
    error(
        "duplicate-id",
        Ids,
        "Two scenes or endings, pieces, meters, flags, or observations in the same scene have the same id (in a rubric: two dimensions or concepts).",
        Fixture,
    ),
    error(
        "meter-range",
        Ids,
        "A meter whose `start` is outside its `min` to `max` (or whose `min` is above its `max`).",
        Fixture,
    ),
    error("id-too-long", Ids, "An id over 64 characters.", Fixture),
    error(
        "unknown-scene",
        References,
        "A `next`, `random`, `start`, `when` or `time_limit`'s `then` names a scene or ending that does not exist. The hint suggests the closest id.",
        Fixture,
    ),
    error(
        "bad-time-limit",
        References,
        "A `time_limit` (on the scenario or a scene) whose `minutes` is zero or below.",
        Fixture,
    ),
    warning(
        "time-limit-to-itself",
        References,
        "A scene's `time_limit` whose `then` is that same scene, so running out of time never moves the story on.",
        Fixture,
    ),
    error(
        "unknown-piece",
        References,
        "A `reveals` or `when` names a piece that does not exist.",
        Fixture,
    ),
    error(
        "unknown-flag",
        References,
        "A `set`, `unset` or `when` names a flag not declared in `flags: [...]`.",
        Fixture,
    ),
    error(
        "unknown-meter",
        References,
        "A `meters` or `when` names a meter that does not exist.",
        Fixture,
    ),
    error(
        "unknown-dimension",
        References,
        "A `score` names a dimension the rubric does not define (in a rubric: the grid does).",
        Fixture,
    ),
    error(
        "unknown-concept",
        References,
        "A `concepts` list names a concept that is not in the rubric's glossary.",
        Fixture,
    ),
    error(
        "leads-nowhere",
        References,
        "A choice has neither `next` nor `random`.",
        Fixture,
    ),
    error(
        "next-and-random",
        References,
        "A choice has both `next` and `random`.",
        Fixture,
    ),
    error(
        "zero-weight",
        References,
        "A random pick's weights add up to zero.",
        Fixture,
    ),
    error(
        "image-outside-folder",
        References,
        "An `image` that is not inside the scenario's folder (an absolute path, `..`, or a link leading out; see [Where files go](#where-files-go)).",
        Fixture,
    ),
    error(
        "image-not-png",
        References,
        "An `image` that is not a PNG file.",
        Fixture,
    ),
    error(
        "image-too-large",
        References,
        "An `image` over 4096×4096 pixels or 8 MB.",
        Fixture,
    ),
    warning(
        "missing-image",
        References,
        "An image file that does not exist; the scene is shown without it.",
        Fixture,
    ),
    warning(
        "empty-feedback",
        References,
        "A choice with no feedback.",
        Fixture,
    ),
    error(
        "unreachable-scene",
        Graph,
        "No path reaches the scene: either no choice leads to it, or the `when` conditions on the way never all hold.",
        Fixture,
    ),
    error(
        "no-ending-reachable",
        Graph,
        "No ending can be reached from the scene.",
        Fixture,
    ),
    warning(
        "unreachable-ending",
        Graph,
        "An ending that no path reaches.",
        Fixture,
    ),
    error(
        "unrevealable-piece",
        Paths,
        "A piece that nothing reveals, or that no path can reveal.",
        Fixture,
    ),
    error(
        "dead-end",
        Paths,
        "On some path, the scene offers no choice, because every choice has a `when` that does not hold there. The hint shows an example path.",
        Fixture,
    ),
    error(
        "no-complete-path",
        Paths,
        "No path at all reaches an ending (every path goes round a loop for ever).",
        Fixture,
    ),
    error(
        "too-many-paths",
        Paths,
        "The scenario has more distinct states than the walk can cover (see \"How the check counts paths\" below), so its scores and path checks would be incomplete. The hint lists what multiplies the states. With `--approximate` it is a warning and scores are placed on the paths explored.",
        Test("analysis::a_scenario_past_the_cap_is_an_error_that_names_what_multiplies_the_states"),
    ),
    warning(
        "unscored-dimension",
        Paths,
        "A rubric dimension the scenario never scores: the debrief shows it as \"not assessed\".",
        Fixture,
    ),
    warning(
        "never-offered",
        Paths,
        "A choice whose condition never holds on any path, so the learner can never see it.",
        Fixture,
    ),
    warning(
        "endless-loop",
        Paths,
        "A learner can go round a loop of scenes and come back to exactly the same state. Set a flag or reveal something on the way round, or close the loop with a condition.",
        Fixture,
    ),
    error(
        "threshold-range",
        Rubric,
        "A rubric grid threshold (`high_care`, `high_authority`) above 100.",
        RubricFixture,
    ),
    error(
        "rubric-errors",
        Rubric,
        "The scenario cannot be checked because its rubric has errors (they are listed under the rubric).",
        Test("cli::a_broken_rubric_stops_its_scenarios_being_checked"),
    ),
    error(
        "duplicate-scenario-id",
        Folder,
        "Two scenario files in one folder have the same `id`.",
        Test("hostile::checking_a_folder_reports_two_files_with_one_scenario_id"),
    ),
    error(
        "more-problems",
        Finish,
        "The file has more than 100 problems; the first 100 are shown, and this says how many more there are (a warning when all of them are warnings).",
        Fixture,
    ),
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The docs' table of rules: errors, then warnings, each with its pass and meaning.
pub fn rules_table() -> String {
    let mut out = String::new();
    for (severity, heading) in [
        (
            Severity::Error,
            "Errors: the scenario cannot be played until these are fixed",
        ),
        (
            Severity::Warning,
            "Warnings: the scenario plays, but something is probably wrong",
        ),
    ] {
        out.push_str(&format!(
            "### {heading}\n\n| rule | pass | what it means |\n|---|---|---|\n"
        ));
        for rule in RULES.iter().filter(|r| r.severity == severity) {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                rule.code,
                rule.pass.name(),
                rule.summary
            ));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
