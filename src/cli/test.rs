//! `jigsaw test`: runs test plans (`*.plan.ron`) and reports every expectation that does not
//! hold, at the step or line where it was written.

use crate::cli::Exit;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::plan::{plan_files, run_plan_file, totals};

/// Arguments of `jigsaw test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Plan files (`*.plan.ron`), or folders to search for them.
    #[arg(required = true, value_name = "PLAN_OR_FOLDER")]
    pub paths: Vec<PathBuf>,
}

/// Runs `jigsaw test`.
pub fn run(args: &TestArgs) -> Exit {
    let mut files = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            eprintln!(
                "jigsaw test: `{}` does not exist",
                crate::diagnostic::shown(path)
            );
            return Exit::Usage;
        }
        match plan_files(path) {
            Ok(found) => files.extend(found),
            Err(error) => {
                eprintln!(
                    "jigsaw test: cannot read `{}`: {error}",
                    crate::diagnostic::shown(path)
                );
                return Exit::Usage;
            }
        }
    }
    if files.is_empty() {
        eprintln!(
            "jigsaw test: no test plans (files named `*.plan.ron`) in {}",
            args.paths
                .iter()
                .map(|p| format!("`{}`", crate::diagnostic::shown(p)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Exit::Usage;
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let reports: Vec<_> = files.iter().map(|f| run_plan_file(f)).collect();
    for report in &reports {
        for problem in &report.problems {
            print!("{}", problem.render(&report.source, colour));
        }
        for playthrough in &report.playthroughs {
            if playthrough.failures.is_empty() {
                println!(
                    "ok: {}: {} ({} expectations)",
                    crate::diagnostic::shown(&report.path),
                    playthrough.name,
                    playthrough.passed
                );
            } else {
                println!(
                    "FAILED: {}: {}",
                    crate::diagnostic::shown(&report.path),
                    playthrough.name
                );
                for failure in &playthrough.failures {
                    print!("{}", failure.render(&report.source, colour));
                }
            }
        }
    }
    let counts = totals(&reports);
    let broken = reports.iter().filter(|r| !r.problems.is_empty()).count();
    println!(
        "ran {} plan{}, {} playthroughs: {} failed{}",
        counts["plans"],
        if counts["plans"] == 1 { "" } else { "s" },
        counts["playthroughs"],
        counts["failed"],
        if broken > 0 {
            format!(
                ", {broken} plan{} could not run",
                if broken == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    if reports.iter().all(|r| r.passed()) {
        Exit::Success
    } else {
        Exit::Problems
    }
}
