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

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

/// Runs the `jigsaw` binary in `dir` with `args`, `input` on its standard input and `env`
/// added, without colour and without the caller's `COLUMNS` (so wrapping is the same on
/// every machine), and waits for it.
pub fn run_jigsaw(dir: &Path, args: &[&str], input: &[u8], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jigsaw"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jigsaw");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Written from a thread, so a large input cannot dead-lock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    output
}

/// Output bytes as text (invalid UTF-8 shown as U+FFFD).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
