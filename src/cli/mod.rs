//! The `jigsaw` command line: `check` and `play` in the terminal, or the desktop app.
//!
//! Parsing is clap-derive; each subcommand lives in its own module and returns a typed
//! [`Exit`] (as nextest's commands do): [`Exit::Success`] (0) when all is well,
//! [`Exit::Problems`] (1) when a scenario has errors (or warnings with `--deny-warnings`),
//! a plan fails and the like, [`Exit::Usage`] (2) for a usage error such as a missing file.
//! Tests call a command in-process with [`run`] and compare its `Exit`.

mod analyze;
mod check;
mod graph;
mod lsp;
mod new;
mod paths;
mod play;
mod report;
mod test;
mod vote_server;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::rubric::RubricFile;

/// Exit code for a usage error (clap uses the same for bad flags).
pub const USAGE: u8 = 2;

/// How a command ended; its number is the process's exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: all is well.
    Success,
    /// 1: the command ran and found problems (errors in a scenario, a failed plan, a
    /// report that could not be sent).
    Problems,
    /// 2: the command was used wrongly (an unknown option, a missing file).
    Usage,
}

impl Exit {
    /// The process's exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Problems => 1,
            Exit::Usage => USAGE,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// Jigsaw: practise the decisions that keep children safe.
#[derive(Debug, Parser)]
#[command(name = "jigsaw", version, about, long_about = None)]
pub struct Cli {
    /// What to do; with none, the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options for the desktop app.
    #[command(flatten)]
    pub app: AppArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem with its file, line and column.
    Check(check::CheckArgs),
    /// Play a scenario in the terminal and read the debrief at the end.
    Play(play::PlayArgs),
    /// List a shortest path to every ending of a scenario, ready to replay with `play`.
    Paths(paths::PathsArgs),
    /// Run the language server for editors (over standard input and output): `check`'s
    /// problems as you type, go to definition, find references, completion.
    Lsp(lsp::LspArgs),
    /// Write a small starter scenario, with a comment on every field, ready to edit.
    New(new::NewArgs),
    /// Draw a scenario's scenes and choices as a graph (Graphviz DOT or Mermaid).
    Graph(graph::GraphArgs),
    /// Analyse a scenario: endings, score ranges with a path to each, paths, play time,
    /// pieces, and (with --runs) a simulated class.
    Analyze(analyze::AnalyzeArgs),
    /// Run test plans (`*.plan.ron`): playthroughs with the endings, scores and pieces
    /// they should give.
    Test(test::TestArgs),
    /// Turn session transcripts into reports (HTML, Markdown, CSV, xAPI) or send their
    /// xAPI statements to a learning record store.
    Report(report::ReportArgs),
    /// The classroom's vote server on its own, driven over standard input (for the
    /// browser test and the load measurement in `.ci/`).
    #[command(hide = true)]
    VoteServer(vote_server::VoteServerArgs),
}

/// Options for the desktop app (used when no subcommand is given).
#[derive(Debug, Args, Default)]
pub struct AppArgs {
    /// A folder of scenarios to list in the library (repeatable; default `scenarios`).
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
    /// A rubric file to use instead of the scenarios folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Open this scenario (id or file) straight away.
    #[arg(long, value_name = "ID")]
    pub open: Option<String>,
    /// Play these steps automatically, e.g. `2,look:hallway,1` (for demos and tests).
    #[arg(long, value_name = "INPUTS", requires = "open")]
    pub autoplay: Option<String>,
    /// Save a screenshot here once autoplay reaches the debrief, then quit.
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,
    /// Seed for random events (default: a new one each session).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Settings file to use instead of the one in your configuration folder.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// The window's starting size, e.g. `1920x1080` (default 1280x800).
    #[arg(long, value_name = "WxH", value_parser = parse_window_size)]
    pub window_size: Option<(u32, u32)>,
    /// Folder for transcripts, saved reports and the statement queue (default: Jigsaw's
    /// data folder, or JIGSAW_DATA_DIR).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Start in author mode: scene ids, effects and conditions beside every choice, a
    /// scene map to jump around, the file's problems, and the path to copy.
    #[arg(long)]
    pub author: bool,
    /// With --open: carry on where you left off in that scenario (its autosave) instead of
    /// showing its pre-brief (see docs/self-paced.md).
    #[arg(long, requires = "open")]
    pub carry_on: bool,
    /// Open "My progress" (your attempts, charts and reflections) at start.
    #[arg(long, conflicts_with = "open")]
    pub progress: bool,
    /// Write the session in play as JSON to this file once the app has settled (after
    /// --carry-on and --autoplay), for scripts that check a restored session.
    #[arg(long, value_name = "FILE")]
    pub print_session: Option<PathBuf>,
    /// Classroom mode: run scenarios with a group on a projector, with discussion first,
    /// the room's votes and facilitator notes (see docs/classroom.md).
    #[arg(long)]
    pub classroom: bool,
    /// The group's name in classroom mode, e.g. "Team B, 3 March" (asked on the pre-brief
    /// when not given).
    #[arg(long, value_name = "NAME", requires = "classroom")]
    pub group: Option<String>,
    /// Classroom mode: start phone voting as soon as a session begins.
    #[arg(long, requires = "classroom")]
    pub phones: bool,
    /// Classroom mode: show each decision's options without waiting (for demonstrations).
    #[arg(long, requires = "classroom", hide = true)]
    pub show_options: bool,
}

/// Parses `WIDTHxHEIGHT` for `--window-size`.
fn parse_window_size(text: &str) -> Result<(u32, u32), String> {
    let parsed = text
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((w, h)) if w >= 640 && h >= 400 => Ok((w, h)),
        Some(_) => Err("the window must be at least 640x400".to_string()),
        None => Err("write the size as WIDTHxHEIGHT, e.g. 1920x1080".to_string()),
    }
}

/// Runs the command line with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { USAGE } else { 0 });
        }
    };
    match cli.command {
        Some(command) => run(&command).into(),
        None => run_app(cli.app),
    }
}

/// Runs one subcommand in this process, as `jigsaw <command>` would, and says how it
/// ended. (The app, with no subcommand, is started by [`main`].)
pub fn run(command: &Command) -> Exit {
    match command {
        Command::Check(args) => check::run(args),
        Command::Play(args) => play::run(args),
        Command::Paths(args) => paths::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::New(args) => new::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Test(args) => test::run(args),
        Command::Report(args) => report::run(args),
        Command::VoteServer(args) => vote_server::run(args),
    }
}

#[cfg(feature = "gui")]
fn run_app(args: AppArgs) -> ExitCode {
    let scenario_dirs = if args.scenario_dirs.is_empty() {
        vec![default_scenarios_dir()]
    } else {
        args.scenario_dirs
    };
    crate::app::run(crate::app::AppOptions {
        scenario_dirs,
        rubric: args.rubric,
        open: args.open,
        autoplay: args.autoplay,
        screenshot: args.screenshot,
        seed: args.seed,
        settings: args.settings,
        window_size: args.window_size,
        data_dir: args.data_dir,
        author: args.author,
        carry_on: args.carry_on,
        progress: args.progress,
        print_session: args.print_session,
        classroom: args
            .classroom
            .then(|| args.group.clone().unwrap_or_default()),
        phones: args.phones,
        show_options: args.show_options,
    })
}

#[cfg(not(feature = "gui"))]
fn run_app(_args: AppArgs) -> ExitCode {
    println!(
        "This copy of jigsaw was built without the desktop app (the `gui` feature).\n\
         Play a scenario in the terminal instead:\n\n    \
         jigsaw play scenarios/second-chance-contact.ron\n\n\
         Check scenario files with:\n\n    jigsaw check scenarios/\n\n\
         Run `jigsaw --help` for more."
    );
    ExitCode::SUCCESS
}

/// The bundled `scenarios` folder: `./scenarios` if there is one, else the one in the
/// source tree this binary was built from.
pub fn default_scenarios_dir() -> PathBuf {
    let here = PathBuf::from("scenarios");
    if here.is_dir() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
    }
}

/// A scenario file, checked, with the rubric it was checked against.
pub(crate) struct Loaded {
    pub checked: crate::validate::Checked,
    pub rubric: crate::rubric::Rubric,
}

/// Finds, reads and checks the scenario a subcommand was given: a file, or the id or
/// file name of a scenario in the bundled folder. Problems are printed; the error is the
/// exit code. A scenario with errors is printed with them and comes back unplayable.
pub(crate) fn load_playable(
    command: &str,
    given: &std::path::Path,
    rubric: Option<&PathBuf>,
    approximate: bool,
) -> Result<Loaded, Exit> {
    let path = find_scenario(given).ok_or_else(|| {
        eprintln!(
            "jigsaw {command}: `{}` is not a scenario file, nor the id of one in `{}`",
            crate::diagnostic::shown(given),
            crate::diagnostic::shown(&default_scenarios_dir())
        );
        Exit::Usage
    })?;
    let rubric_file = RubricFile::at(rubric_location(rubric, &path).as_deref());
    let rubric = rubric_file.rubric.map_err(|diagnostic| {
        eprint!("{}", diagnostic.render(&rubric_file.source, false));
        Exit::Problems
    })?;
    let options = crate::validate::CheckOptions { approximate };
    let checked = crate::validate::check_file_with(&path, &rubric, options);
    if checked.playable().is_none() {
        for diagnostic in checked.errors() {
            eprint!("{}", diagnostic.render(&checked.source, false));
        }
        eprintln!(
            "jigsaw {command}: this scenario has errors; run `jigsaw check {}` for the full list",
            crate::diagnostic::shown(&path)
        );
    } else if checked.bounds().is_some_and(|b| !b.exact) {
        eprintln!(
            "jigsaw {command}: note: this scenario has more paths than could all be checked, so its scores are approximate (the debrief says so)"
        );
    }
    Ok(Loaded { checked, rubric })
}

/// A scenario file by path, or by id (or file name) in the bundled scenarios folder.
fn find_scenario(given: &std::path::Path) -> Option<PathBuf> {
    if given.is_file() {
        return Some(given.to_path_buf());
    }
    let folder = default_scenarios_dir();
    let by_name = folder.join(given).with_extension("ron");
    if by_name.is_file() {
        return Some(by_name);
    }
    let wanted = given.to_str()?;
    std::fs::read_dir(&folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .find(|p| {
            crate::scenario::load_file(p)
                .scenario
                .is_ok_and(|s| s.id.value == wanted)
        })
}

/// Which rubric a scenario file is scored against: `--rubric`, else its folder's
/// `rubric.ron`; `None` means the built-in one.
pub(crate) fn rubric_location(
    explicit: Option<&PathBuf>,
    scenario: &std::path::Path,
) -> Option<PathBuf> {
    explicit.cloned().or_else(|| {
        crate::rubric::folder_rubric(scenario.parent().unwrap_or(std::path::Path::new(".")))
    })
}
