//! Tests of the scenario core and the command line: one binary, one module per area.

mod analysis;
mod architecture;
mod author_mode;
mod authoring;
mod classroom;
mod cli;
mod engine;
mod fixtures;
mod hostile;
mod library;
mod lrs;
mod lsp;
mod progress;
mod reports;
mod robustness;
mod scoring;
mod shipped;

use std::path::{Path, PathBuf};

use jigsaw::rubric::{Rubric, RubricFile};
use jigsaw::scenario::Scenario;
use jigsaw::validate::{Checked, check_file};

/// The crate's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

/// The rubric that applies to a file: its folder's `rubric.ron`, else the built-in one.
pub fn rubric_for(path: &Path) -> Rubric {
    RubricFile::for_folder(path.parent().expect("fixture has a folder"))
        .rubric
        .expect("fixture rubric parses")
}

/// Checks a file with its folder's rubric.
pub fn check(path: &Path) -> Checked {
    check_file(path, &rubric_for(path))
}

/// A scenario that must check without errors.
pub fn playable(path: &Path) -> Scenario {
    let checked = check(path);
    let errors: Vec<String> = checked.errors().map(|d| d.short()).collect();
    assert!(
        errors.is_empty(),
        "{} has errors: {errors:#?}",
        path.display()
    );
    checked.parsed.expect("parsed")
}
