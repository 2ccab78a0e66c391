//! Every broken fixture produces exactly the diagnostics its header expects.
//!
//! Each file in `tests/fixtures/invalid/` starts with lines such as
//! `// expect: error unknown-scene 13:119`: severity, rule and the line and column the
//! problem is reported at. The test checks the validator reports exactly those, and the
//! rendered messages are snapshot-tested so a change in wording is seen in review.

use std::collections::BTreeSet;

use jigsaw::diagnostic::Severity;
use jigsaw::validate::check_rubric;

use super::{check, fixture, root};

fn expectations(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("// expect: "))
        .map(str::to_string)
        .collect()
}

fn invalid_fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(fixture("invalid"))
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .filter(|p| p.file_name().is_some_and(|n| n != "rubric.ron"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_fixture_reports_its_expected_diagnostics() {
    let files = invalid_fixtures();
    assert!(
        files.len() >= 15,
        "expected a fixture per rule, found {}",
        files.len()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let expected = expectations(&text);
        assert!(
            !expected.is_empty(),
            "{} has no `// expect:` lines",
            path.display()
        );
        let checked = check(&path);
        let actual: BTreeSet<String> = checked
            .diagnostics
            .iter()
            .map(|d| {
                let severity = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                format!("{severity} {} {}:{}", d.code, d.line, d.column)
            })
            .collect();
        assert_eq!(actual, expected, "diagnostics of {}", path.display());
    }
}

#[test]
fn every_validation_rule_has_a_failing_fixture() {
    let all: String = invalid_fixtures()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    for rule in [
        "syntax",
        "no-scenes",
        "no-endings",
        "unknown-scene",
        "duplicate-id",
        "unknown-piece",
        "unknown-flag",
        "unknown-meter",
        "unknown-dimension",
        "unknown-concept",
        "leads-nowhere",
        "next-and-random",
        "unreachable-scene",
        "no-ending-reachable",
        "dead-end",
        "zero-weight",
        "unrevealable-piece",
        "meter-range",
        "bad-clock",
        "unreachable-ending",
        "unscored-dimension",
        "empty-feedback",
        "never-offered",
        "missing-image",
        "endless-loop",
        "control-character",
        "text-too-long",
        "id-too-long",
        "too-deeply-nested",
        "more-problems",
        "image-outside-folder",
        "image-not-png",
        "image-too-large",
    ] {
        assert!(
            all.contains(&format!(" {rule} ")),
            "no fixture expects the rule `{rule}`"
        );
    }
}

#[test]
fn rendered_diagnostics_match_snapshots() {
    for path in invalid_fixtures() {
        // Checked by its path relative to the crate (the tests' working folder), as a
        // trainer would name it, so no absolute path of this machine leaks into a message.
        let relative = path.strip_prefix(root()).expect("under root");
        let checked = check(relative);
        let rendered: String = checked
            .diagnostics
            .iter()
            .map(|d| d.render(&checked.source, false))
            .collect();
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn a_typo_in_next_suggests_the_scene_meant() {
    let checked = check(&fixture("invalid/unknown-scene.ron"));
    let unknown = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-scene")
        .expect("unknown-scene reported");
    assert_eq!(unknown.message, "no scene or ending named `visit`");
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `vist`?"));
    let line = checked.source.lines().nth(unknown.line - 1).expect("line");
    assert!(
        line[..].contains("next: \"visit\""),
        "points at the wrong line: {line}"
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let checked = check(&fixture("invalid/unknown-references.ron"));
    let codes: BTreeSet<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        BTreeSet::from([
            "unknown-dimension",
            "unknown-meter",
            "unknown-piece",
            "unknown-flag",
            "unknown-concept"
        ])
    );
}

#[test]
fn valid_fixtures_have_no_errors() {
    for name in ["valid/scoring.ron", "valid/random.ron"] {
        let checked = check(&fixture(name));
        let errors: Vec<String> = checked.errors().map(|d| d.short()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn a_broken_rubric_reports_duplicates_and_unknown_grid_dimensions() {
    let path = fixture("invalid-rubric/rubric.ron");
    let source = std::fs::read_to_string(&path).expect("read");
    let (_, diagnostics) = check_rubric(&path, &source);
    let found: BTreeSet<(&str, usize)> = diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        found,
        BTreeSet::from([
            ("duplicate-id", 5),
            ("unknown-dimension", 7),
            ("threshold-range", 7)
        ])
    );
}
