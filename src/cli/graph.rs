//! `jigsaw graph`: a scenario's scenes and choices as a Graphviz (DOT) or Mermaid graph.

use crate::cli::Exit;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::graph::Graph;

/// Arguments of `jigsaw graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The scenario file (or the id of a bundled scenario).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// `dot` for Graphviz (`dot -Tpng story.dot -o story.png`), `mermaid` for Markdown pages.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write the graph to this file instead of printing it.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rubric file to check against instead of the scenario folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}

/// Graph formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz's DOT language.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

/// Runs `jigsaw graph`.
pub fn run(args: &GraphArgs) -> Exit {
    let loaded = match super::load_playable("graph", &args.scenario, args.rubric.as_ref(), true) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // A scenario with errors can still be drawn if it parsed: the picture helps fix it.
    let Some(scenario) = loaded.checked.parsed.as_ref() else {
        return Exit::Problems;
    };
    let reached = loaded
        .checked
        .exploration
        .as_ref()
        .filter(|e| e.complete)
        .map(|e| &e.scenes);
    let graph = Graph::of(scenario, reached);
    let text = match args.format {
        GraphFormat::Dot => graph.to_dot(),
        GraphFormat::Mermaid => graph.to_mermaid(),
    };
    match &args.output {
        None => {
            print!("{text}");
            Exit::Success
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!(
                    "Wrote {}: {} nodes, {} arrows.",
                    crate::diagnostic::shown(path),
                    graph.nodes.len(),
                    graph.edges.len()
                );
                Exit::Success
            }
            Err(error) => {
                eprintln!(
                    "jigsaw graph: cannot write `{}`: {error}",
                    crate::diagnostic::shown(path)
                );
                Exit::Usage
            }
        },
    }
}
