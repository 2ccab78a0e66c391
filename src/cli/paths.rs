//! `jigsaw paths`: a shortest path to every ending, so an author can play straight to each
//! one after an edit.

use crate::cli::Exit;
use std::path::PathBuf;

use clap::Args;

use crate::engine::Scripted;
use crate::explore::{SEEDS_TRIED, routes};

/// Arguments of `jigsaw paths`.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The scenario file (or the id of a bundled scenario).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Rubric file to check against instead of the scenario folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}

/// Runs `jigsaw paths`.
pub fn run(args: &PathsArgs) -> Exit {
    let loaded = match super::load_playable("paths", &args.scenario, args.rubric.as_ref(), true) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(scenario) = loaded.checked.playable() else {
        return Exit::Problems;
    };
    let path = crate::diagnostic::shown(&loaded.checked.path);
    let found = routes(scenario);
    println!("A shortest path to each ending of {}:", scenario.title);
    for ending in &scenario.endings {
        println!(
            "\n{} ({}, `{}`)",
            ending.title,
            ending.kind.label(),
            ending.id
        );
        match found.iter().find(|r| r.ending == ending.id.value) {
            None => println!("  no path reaches this ending"),
            Some(route) => {
                let steps: Vec<String> = route
                    .steps
                    .iter()
                    .map(|s| match s {
                        Scripted::Pick(n) => n.to_string(),
                        Scripted::Look(id) => format!("look:{id}"),
                    })
                    .collect();
                let choices = route
                    .steps
                    .iter()
                    .filter(|s| matches!(s, Scripted::Pick(_)))
                    .count();
                println!("  {choices} choices");
                match route.seed {
                    Some(seed) => println!(
                        "  jigsaw play {path} --seed {seed} --inputs {}",
                        steps.join(",")
                    ),
                    None => println!(
                        "  jigsaw play {path} --inputs {}\n  (no seed below {SEEDS_TRIED} makes the random picks on the way go this way)",
                        steps.join(",")
                    ),
                }
            }
        }
    }
    Exit::Success
}
