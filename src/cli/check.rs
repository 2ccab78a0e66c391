//! `jigsaw check`: validate scenario and rubric files and report every problem at once.

use crate::cli::Exit;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::diagnostic::Diagnostic;
use crate::report::check::{Analysis, CheckedFile, Emitter, HumanEmitter, JsonEmitter};
use crate::rubric::{BUILT_IN_PATH, FILE_NAME, Rubric, RubricFile};
use crate::validate::{CheckOptions, check_file_with, check_rubric};

/// Arguments of `jigsaw check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files, or folders to search for `.ron` files (a `rubric.ron` is checked as
    /// the rubric).
    #[arg(required_unless_present = "rules", value_name = "FILE_OR_FOLDER")]
    pub paths: Vec<PathBuf>,
    /// Print the table of every rule the check applies (code, pass, meaning) as Markdown,
    /// the table in docs/scenario-format.md, and check nothing.
    #[arg(long, conflicts_with = "paths")]
    pub rules: bool,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// `human` for people, `json` for editors and CI.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Check against this rubric instead of each folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Colour the output: `auto` (when printing to a terminal), `always` or `never`.
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    pub color: Colour,
    /// Accept a scenario with too many paths to check whole: a warning instead of an
    /// error, and scores placed on the paths explored (the debrief says so).
    #[arg(long)]
    pub approximate: bool,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style messages with the offending line.
    Human,
    /// One JSON document.
    Json,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Colour {
    /// When standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A file to check and what it is.
enum Target {
    Scenario(PathBuf),
    Rubric(PathBuf),
}

/// Finds the files to check; a missing path is a usage error.
fn collect(paths: &[PathBuf]) -> Result<Vec<Target>, String> {
    let mut targets = Vec::new();
    for path in paths {
        if path.is_dir() {
            let files = walk(path).map_err(|e| {
                format!(
                    "cannot read folder `{}`: {e}",
                    crate::diagnostic::shown(path)
                )
            })?;
            if files.is_empty() {
                return Err(format!(
                    "no `.ron` files in `{}`",
                    crate::diagnostic::shown(path)
                ));
            }
            targets.extend(files.into_iter().map(classify));
        } else if path.exists() {
            targets.push(classify(path.clone()));
        } else {
            return Err(format!(
                "`{}` does not exist",
                crate::diagnostic::shown(path)
            ));
        }
    }
    Ok(targets)
}

/// The scenario and rubric files under `folder`. Test plans (`*.plan.ron`) are run by
/// `jigsaw test`, not checked as scenarios.
fn walk(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    crate::store::files_under(folder, |path| {
        path.extension().is_some_and(|e| e == "ron") && !crate::plan::is_plan(path)
    })
}

fn classify(path: PathBuf) -> Target {
    if path.file_name().is_some_and(|n| n == FILE_NAME) {
        Target::Rubric(path)
    } else {
        Target::Scenario(path)
    }
}

fn rubric_result(loaded: &LoadedRubric) -> CheckedFile {
    {
        CheckedFile {
            path: loaded.path.clone(),
            kind: "rubric",
            source: loaded.source.clone(),
            diagnostics: loaded.diagnostics.clone(),
            analysis: None,
        }
    }
}

/// A rubric, read and checked once however many scenarios use it.
struct LoadedRubric {
    path: PathBuf,
    source: String,
    rubric: Option<Rubric>,
    diagnostics: Vec<Diagnostic>,
}

fn load_rubric(file: RubricFile) -> LoadedRubric {
    let (rubric, diagnostics) = match &file.rubric {
        Ok(_) => check_rubric(&file.path, &file.source),
        Err(diagnostic) => (None, vec![diagnostic.clone()]),
    };
    LoadedRubric {
        path: file.path,
        source: file.source,
        rubric: rubric.filter(|_| !diagnostics.iter().any(Diagnostic::is_error)),
        diagnostics,
    }
}

/// Runs `jigsaw check`.
pub fn run(args: &CheckArgs) -> Exit {
    if args.rules {
        print!("{}", crate::validate::rules_table());
        return Exit::Success;
    }
    let targets = match collect(&args.paths) {
        Ok(targets) => targets,
        Err(message) => {
            eprintln!("jigsaw check: {message}");
            return Exit::Usage;
        }
    };

    let mut rubrics: BTreeMap<PathBuf, LoadedRubric> = BTreeMap::new();
    let mut checked: Vec<CheckedFile> = Vec::new();
    // Each parsed scenario's id, by its place in `checked`, to find two files with one id.
    let mut ids: Vec<(usize, crate::scenario::Id)> = Vec::new();
    for target in targets {
        match target {
            Target::Rubric(path) => {
                let loaded = rubrics
                    .entry(path.clone())
                    .or_insert_with(|| load_rubric(RubricFile::load(&path)));
                checked.push(rubric_result(loaded));
            }
            Target::Scenario(path) => {
                // Read and check each rubric once, however many scenarios use it.
                let location = super::rubric_location(args.rubric.as_ref(), &path);
                let key = location
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(BUILT_IN_PATH));
                let loaded = rubrics
                    .entry(key)
                    .or_insert_with(|| load_rubric(RubricFile::at(location.as_deref())));
                match &loaded.rubric {
                    Some(rubric) => {
                        let options = CheckOptions {
                            approximate: args.approximate,
                        };
                        let result = check_file_with(&path, rubric, options);
                        let analysis = result.parsed.as_ref().zip(result.exploration.as_ref()).map(
                            |(scenario, walk)| Analysis {
                                scenes: scenario.scenes.len(),
                                endings: scenario.endings.len(),
                                pieces: scenario.pieces.len(),
                                states: walk.states,
                                steps: walk.steps,
                                complete: walk.complete,
                                bounds_exact: walk.bounds.as_ref().is_none_or(|b| b.exact),
                            },
                        );
                        if let Some(scenario) = &result.parsed {
                            ids.push((checked.len(), scenario.id.clone()));
                        }
                        checked.push(CheckedFile {
                            path,
                            kind: "scenario",
                            source: result.source,
                            diagnostics: result.diagnostics,
                            analysis,
                        });
                    }
                    None => {
                        // Report the rubric's own errors once, under the rubric.
                        if !checked.iter().any(|f| f.path == loaded.path) {
                            checked.push(rubric_result(loaded));
                        }
                        let message = format!(
                            "cannot check this scenario: its rubric `{}` has errors",
                            crate::diagnostic::shown(&loaded.path)
                        );
                        checked.push(CheckedFile {
                            diagnostics: vec![
                                Diagnostic::error("rubric-errors", &path, "", None, message)
                                    .with_hint("fix the rubric's errors (listed with it) first"),
                            ],
                            path,
                            kind: "scenario",
                            source: String::new(),
                            analysis: None,
                        });
                    }
                }
            }
        }
    }

    let files: Vec<(&Path, &str, &crate::scenario::Id)> = ids
        .iter()
        .map(|(at, id)| {
            (
                checked[*at].path.as_path(),
                checked[*at].source.as_str(),
                id,
            )
        })
        .collect();
    for (file, diagnostic) in crate::validate::shared_scenario_ids(&files) {
        checked[ids[file].0].diagnostics.push(diagnostic);
    }

    let (errors, warnings) = crate::report::check::counts(&checked);
    // Written whole through `print!`, so a test that runs `check` in this process has its
    // output captured like any other (the output is at most 100 problems a file).
    let mut out = Vec::new();
    let written = match args.format {
        Format::Json => JsonEmitter.emit(&mut out, &checked),
        Format::Human => {
            let colour = match args.color {
                Colour::Always => true,
                Colour::Never => false,
                Colour::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            HumanEmitter { colour }.emit(&mut out, &checked)
        }
    };
    print!("{}", String::from_utf8_lossy(&out));
    if let Err(error) = written {
        eprintln!("jigsaw check: cannot write the report: {error}");
    }

    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Exit::Problems
    } else {
        Exit::Success
    }
}
