//! Each layer only looks down: the check behind `docs/architecture.md`.
//!
//! The crate's top-level modules are stacked in [`LAYERS`], lowest first. A module may use
//! (`crate::<module>`) only modules in lower layers; the core (everything below `app`) may
//! not name Bevy, egui or clap, and the app may not name clap or the command line. The
//! compiler enforces half of this already (the core builds with `--no-default-features`,
//! without Bevy); this test enforces the order inside the core and the app's independence
//! from the command line, so an arrow pointing up fails `cargo test` with the file and line.

use std::path::{Path, PathBuf};

use super::root;

/// The layers, lowest first. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    // Located messages about any file, and writing files safely: they know no scenario.
    &["diagnostic", "store"],
    // The scenario model and its parser.
    &["scenario"],
    &["rubric"],
    // Playing a session.
    &["engine"],
    // Walking every path; the scenario's graph.
    &["explore", "graph"],
    // Checking a file; author-mode questions about a scene.
    &["validate", "author"],
    // Scoring a session.
    &["debrief"],
    // What is made from sessions and files: reports, analysis, starters, classroom votes.
    &["report", "analyze", "starter", "classroom"],
    // Test plans, the learner's own records, the language server.
    &["plan", "progress", "lsp"],
    // The desktop app (Bevy + egui).
    &["app"],
    // The command line (clap), which starts the app.
    &["cli"],
];

/// Crates only the app and the command line may name.
const NOT_IN_THE_CORE: &[&str] = &["bevy", "bevy_egui", "egui", "clap"];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/report/html.rs` → `report`), or `None` for
/// the crate root and the binary.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// Each `crate::<module>` a line names, outside comments.
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // Not `jigsaw_crate::` or `$crate::`.
            !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .map(|(at, m)| {
            code[at + m.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_module_is_in_a_layer() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing: Vec<String> = files
        .iter()
        .filter_map(|f| module_of(&src, f))
        .filter(|m| layer_of(m).is_none())
        .collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "modules not placed in tests/core/architecture.rs's LAYERS (and docs/architecture.md): {missing:?}"
    );
}

#[test]
fn each_layer_only_looks_down() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let app = layer_of("app").expect("app layer");
    let mut upward = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read");
        let shown = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        for (number, line) in text.lines().enumerate() {
            for used in crate_paths(line) {
                if used == module {
                    continue;
                }
                if let Some(theirs) = layer_of(&used)
                    && theirs >= own
                {
                    upward.push(format!(
                        "{shown}:{}: `{module}` uses `{used}`, which is not below it",
                        number + 1
                    ));
                }
            }
            if own < app {
                let code = line.split("//").next().unwrap_or("").trim_start();
                for name in NOT_IN_THE_CORE {
                    if code.starts_with(&format!("use {name}::"))
                        || code.contains(&format!(" {name}::"))
                        || code.contains(&format!("({name}::"))
                    {
                        upward.push(format!(
                            "{shown}:{}: the core module `{module}` names `{name}`",
                            number + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "arrows pointing up (see docs/architecture.md):\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_arrow() {
    // The scanner itself: a use of a higher module is found, comments are not.
    assert_eq!(crate_paths("use crate::app::theme;"), vec!["app"]);
    assert_eq!(crate_paths("    // see crate::app"), Vec::<String>::new());
    assert_eq!(crate_paths("let x = $crate::foo;"), Vec::<String>::new());
    assert!(layer_of("engine") < layer_of("debrief"));
}
