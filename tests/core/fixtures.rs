//! The rule registry against the fixtures, and a few messages read closely.
//!
//! Each file in `tests/fixtures/invalid/` starts with lines such as
//! `// expect: error unknown-scene 13:119`: severity, rule and the line and column the
//! problem is reported at. `tests/each_fixture.rs` checks each file as its own test (and
//! its rendered messages against a snapshot); here every rule in `validate::RULES` is shown
//! to fire, and the docs' rule table is shown to be the registry's.

use std::collections::BTreeSet;

use jigsaw::diagnostic::Severity;
use jigsaw::validate::{Proof, RULES, check_rubric, rule, rules_table};

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
fn every_rule_in_the_registry_has_a_failing_fixture_or_a_named_test() {
    let fixtures: String = invalid_fixtures()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    let rubric_path = fixture("invalid-rubric/rubric.ron");
    let rubric_source = std::fs::read_to_string(&rubric_path).expect("read");
    let (_, rubric_found) = check_rubric(&rubric_path, &rubric_source);
    for rule in RULES {
        match rule.proof {
            Proof::Fixture => assert!(
                fixtures.contains(&format!(" {} ", rule.code)),
                "no fixture in tests/fixtures/invalid expects the rule `{}`",
                rule.code
            ),
            Proof::RubricFixture => assert!(
                rubric_found.iter().any(|d| d.code == rule.code),
                "the broken rubric fixture does not report `{}`",
                rule.code
            ),
            Proof::Test(name) => {
                let (file, test) = name.split_once("::").expect("file::test");
                let source = std::fs::read_to_string(root().join(format!("tests/core/{file}.rs")))
                    .unwrap_or_else(|e| panic!("{name} for `{}`: {e}", rule.code));
                let start = source
                    .find(&format!("fn {test}()"))
                    .unwrap_or_else(|| panic!("no test {name} for `{}`", rule.code));
                let body = &source[start..];
                let body = &body[..body.find("\n#[test]").unwrap_or(body.len())];
                assert!(
                    body.contains(rule.code),
                    "the test {name} does not mention `{}`",
                    rule.code
                );
            }
        }
    }
}

/// Every code a fixture expects is a registered rule, with the registered severity (a
/// check reporting a code outside the registry would fail here or in the test above).
#[test]
fn every_expected_code_is_a_registered_rule_of_that_severity() {
    for path in invalid_fixtures() {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        for line in expectations(&text) {
            let mut words = line.split_whitespace();
            let (severity, code) = (words.next().expect("severity"), words.next().expect("code"));
            let rule = rule(code).unwrap_or_else(|| {
                panic!("{}: `{code}` is not in validate::RULES", path.display())
            });
            let registered = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            // `too-many-paths` and `more-problems` change severity with circumstances.
            if !["too-many-paths", "more-problems"].contains(&code) {
                assert_eq!(severity, registered, "{}: {code}", path.display());
            }
        }
    }
}

/// The table in the docs is the registry's own (`jigsaw check --rules`), so they cannot drift.
#[test]
fn the_docs_rule_table_is_the_registry() {
    let docs = std::fs::read_to_string(root().join("docs/scenario-format.md")).expect("docs");
    let start = docs.find("<!-- rules:start -->\n").expect("start marker") + 21;
    let end = docs.find("<!-- rules:end -->").expect("end marker");
    assert_eq!(
        &docs[start..end],
        rules_table(),
        "docs/scenario-format.md's rule table is out of date: paste `jigsaw check --rules` between the markers"
    );
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

/// `jigsaw check`'s two emitters over the same checked files, each pinned by a snapshot.
#[test]
fn the_human_and_json_emitters_render_the_same_files() {
    use jigsaw::report::check::{CheckedFile, Emitter, HumanEmitter, JsonEmitter};
    let files: Vec<CheckedFile> = ["invalid/warnings.ron", "invalid/unknown-scene.ron"]
        .iter()
        .map(|name| {
            let path = std::path::Path::new("tests/fixtures").join(name);
            let checked = check(&path);
            CheckedFile {
                path,
                kind: "scenario",
                source: checked.source,
                diagnostics: checked.diagnostics,
                analysis: None,
            }
        })
        .collect();
    let mut human = Vec::new();
    HumanEmitter { colour: false }
        .emit(&mut human, &files)
        .expect("write");
    let mut json = Vec::new();
    JsonEmitter.emit(&mut json, &files).expect("write");
    let json = String::from_utf8(json).expect("utf-8");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let errors = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| d.is_error())
        .count();
    assert!(errors > 0);
    assert_eq!(parsed["errors"], errors);
    assert_eq!(
        parsed["diagnostics"].as_array().map(Vec::len),
        Some(files.iter().map(|f| f.diagnostics.len()).sum())
    );
    insta::assert_snapshot!("check-human", String::from_utf8(human).expect("utf-8"));
    insta::assert_snapshot!("check-json", json);
}
