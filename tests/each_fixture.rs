//! One test per scenario fixture: each broken file in `tests/fixtures/invalid/` reports
//! exactly the diagnostics its `// expect:` lines name (severity, rule, line and column),
//! rendered as its snapshot shows; each file in `tests/fixtures/valid/` has no errors.
//!
//! A new fixture file is a new test, named after the file (`cargo test --test fixtures
//! dead-end`). The rules registry's own tests (every rule has a fixture, the docs' table is
//! the registry) are in `tests/core/fixtures.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jigsaw::diagnostic::Severity;
use jigsaw::rubric::RubricFile;
use jigsaw::validate::check_file;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture's path relative to the crate, as a trainer would name it, so no absolute
/// path of this machine appears in a rendered message.
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(root())
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn check(path: &Path) -> jigsaw::validate::Checked {
    let rubric = RubricFile::for_folder(path.parent().expect("fixture has a folder"))
        .rubric
        .expect("fixture rubric parses");
    check_file(&relative(path), &rubric)
}

fn broken_fixture(path: &Path, text: String) -> datatest_stable::Result<()> {
    let expected: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("// expect: "))
        .map(str::to_string)
        .collect();
    if expected.is_empty() {
        return Err(format!("{} has no `// expect:` lines", path.display()).into());
    }
    let checked = check(path);
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
    if actual != expected {
        return Err(format!(
            "{}:\n  expected {expected:#?}\n  reported {actual:#?}",
            path.display()
        )
        .into());
    }
    let rendered: String = checked
        .diagnostics
        .iter()
        .map(|d| d.render(&checked.source, false))
        .collect();
    let name = path.file_stem().expect("stem").to_string_lossy();
    insta::with_settings!({
        snapshot_path => root().join("tests/core/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(format!("core__fixtures__{name}"), rendered);
    });
    Ok(())
}

fn valid_fixture(path: &Path) -> datatest_stable::Result<()> {
    let checked = check(path);
    let errors: Vec<String> = checked.errors().map(|d| d.short()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {errors:#?}", path.display()).into())
    }
}

datatest_stable::harness! {
    { test = broken_fixture, root = "tests/fixtures/invalid", pattern = r"^(?!rubric\.ron$)[^/]+\.ron$" },
    { test = valid_fixture, root = "tests/fixtures/valid", pattern = r"\.ron$" },
}
