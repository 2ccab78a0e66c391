//! `jigsaw analyze`: how a scenario's endings are reached, the range of every dimension with
//! a path to each extreme, how many paths there are, play time, which pieces most paths
//! find, and (with `--runs`) what a class of simulated learners would score.

use crate::cli::Exit;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::analyze::{Policy, RunOptions, analyze};

/// Arguments of `jigsaw analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The scenario file (or the id of a bundled scenario).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Also play this many seeded random playthroughs and sum up their debriefs.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub runs: usize,
    /// The first seed of the playthroughs (run i uses seed + i).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How simulated learners choose: `uniform`, `favour:<dimension>` or `avoid:<dimension>`.
    #[arg(long, default_value = "uniform", value_parser = clap::value_parser!(String))]
    pub policy: String,
    /// The chance (0 to 1) that a simulated learner makes each offered observation.
    #[arg(long, default_value_t = 0.5)]
    pub look: f64,
    /// `human` for people, `json` for other tools.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Human)]
    pub format: AnalyzeFormat,
    /// Rubric file to score against instead of the scenario folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// Plain text.
    Human,
    /// One JSON document.
    Json,
}

/// Runs `jigsaw analyze`.
pub fn run(args: &AnalyzeArgs) -> Exit {
    let policy: Policy = match args.policy.parse() {
        Ok(policy) => policy,
        Err(message) => {
            eprintln!("jigsaw analyze: {message}");
            return Exit::Usage;
        }
    };
    if !(0.0..=1.0).contains(&args.look) {
        eprintln!("jigsaw analyze: --look is a chance between 0 and 1");
        return Exit::Usage;
    }
    let loaded = match super::load_playable("analyze", &args.scenario, args.rubric.as_ref(), true) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(scenario) = loaded.checked.playable() else {
        return Exit::Problems;
    };
    if let Policy::Favour(d) | Policy::Avoid(d) = &policy
        && loaded.rubric.dimension(d).is_none()
    {
        eprintln!("jigsaw analyze: the rubric has no dimension `{d}`");
        return Exit::Usage;
    }
    let options = RunOptions {
        runs: args.runs,
        seed: args.seed,
        policy,
        look: args.look,
        ..RunOptions::default()
    };
    let bar = (args.runs >= 200 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(args.runs as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{bar:40}] {pos}/{len} playthroughs ({eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message("Simulating");
        bar
    });
    let mut progress = |done: usize| {
        if let Some(bar) = &bar
            && (done.is_multiple_of(50) || done == args.runs)
        {
            bar.set_position(done as u64);
        }
    };
    let analysis = analyze(
        scenario,
        &loaded.rubric,
        loaded.checked.bounds(),
        &options,
        &mut progress,
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match args.format {
        AnalyzeFormat::Json => match serde_json::to_string_pretty(&analysis) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("jigsaw analyze: {error}");
                return Exit::Problems;
            }
        },
        AnalyzeFormat::Human => print!(
            "{}",
            analysis.to_text(&crate::diagnostic::shown(&loaded.checked.path))
        ),
    }
    Exit::Success
}
