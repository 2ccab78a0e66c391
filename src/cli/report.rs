//! `jigsaw report`: turn session transcripts into reports, and send xAPI statements to a
//! learning record store.
//!
//! Each transcript is replayed on the scenario it was played on (found by id in the
//! scenarios folders, or given with `--scenario`); a transcript whose scenario has changed
//! is refused with a message saying so. `--format` picks HTML, Markdown, CSV or xAPI JSON;
//! `--send` queues the statements in the outbox and delivers them, retrying with backoff
//! while the LRS cannot be reached. `--send` with no transcripts retries the queue.

use crate::cli::Exit;
use crate::diagnostic::printable;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use clap::{Args, ValueEnum};

use super::{default_scenarios_dir, rubric_location};
use crate::engine::Session;
use crate::report::lrs::{self, Backoff, Credentials, Lrs, Outbox};
use crate::report::settings::{self, ReportSettings};
use crate::report::transcript::{Identity, StepClock, Transcript, learner_id};
use crate::report::xapi::{self, XapiOptions};
use crate::report::{Attempt, ReportError, data_dir};
use crate::rubric::RubricFile;
use crate::validate::{CheckOptions, Checked, check_file_with};

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One self-contained printable page (inline CSS and SVG).
    Html,
    /// A short summary for supervision notes.
    Md,
    /// One row per attempt, for a class.
    Csv,
    /// xAPI 1.0.3 statements as a JSON array.
    Xapi,
}

/// Arguments of `jigsaw report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Transcript files written by `jigsaw play --transcript` or the app.
    #[arg(value_name = "TRANSCRIPT")]
    pub transcripts: Vec<PathBuf>,
    /// The report's format (default: from the `-o` file's extension, else HTML).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report here instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The scenario file a transcript was played on (repeatable; default: found by id in
    /// the scenarios folders).
    #[arg(long = "scenario", value_name = "FILE")]
    pub scenario_files: Vec<PathBuf>,
    /// A folder to look for scenarios in (repeatable; default the bundled `scenarios`).
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
    /// Rubric file to score against instead of the scenario folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// The base of the xAPI IRIs (default: `xapi_base` in reports.ron, else a placeholder).
    #[arg(long, value_name = "IRI")]
    pub xapi_base: Option<String>,
    /// Queue the statements and send them to this LRS endpoint (or the one in
    /// reports.ron with `--send -`); credentials from JIGSAW_LRS_KEY and JIGSAW_LRS_SECRET
    /// or reports.ron.
    #[arg(long, value_name = "ENDPOINT")]
    pub send: Option<String>,
    /// The folder statements wait in (default: `outbox` in Jigsaw's data folder).
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
    /// How many times to try the LRS before leaving the statements queued.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub attempts: u32,
    /// Report settings file instead of `reports.ron` in the configuration folder.
    #[arg(long = "report-settings", value_name = "FILE")]
    pub report_settings: Option<PathBuf>,
}

/// Runs `jigsaw report`.
pub fn run(args: &ReportArgs) -> Exit {
    let settings = match load_settings(args.report_settings.as_deref()) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("jigsaw report: {}", printable(&message));
            return Exit::Usage;
        }
    };
    if args.transcripts.is_empty() && args.send.is_none() {
        eprintln!(
            "jigsaw report: name at least one transcript (or use --send to retry the statements waiting to be sent)"
        );
        return Exit::Usage;
    }
    let mut finder = Finder::new(args);
    let mut attempts = Vec::new();
    let mut refused = 0;
    for path in &args.transcripts {
        match finder.attempt(path) {
            Ok(attempt) => attempts.push(attempt),
            Err(error) => {
                refused += 1;
                // Most messages start with the file already; name it once.
                let file = crate::diagnostic::shown(path);
                let message = printable(&error.to_string()).into_owned();
                if message.starts_with(&file) {
                    eprintln!("jigsaw report: {message}");
                } else {
                    eprintln!("jigsaw report: {file}: {message}");
                }
            }
        }
    }
    if refused > 0 {
        eprintln!(
            "jigsaw report: {refused} of {} transcripts refused; no report written",
            args.transcripts.len()
        );
        return Exit::Problems;
    }
    let base = args
        .xapi_base
        .clone()
        .or_else(|| settings.xapi_base.clone())
        .unwrap_or_else(|| xapi::DEFAULT_BASE.to_string());
    let options = XapiOptions::with_base(&base);

    if let Some(endpoint) = &args.send {
        return send(args, &settings, endpoint, &attempts, &options);
    }

    let format = args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
        {
            Some("md" | "markdown") => Format::Md,
            Some("csv") => Format::Csv,
            Some("json") => Format::Xapi,
            _ => Format::Html,
        }
    });
    let text = match render(format, &attempts, &options) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("jigsaw report: {}", printable(&error.to_string()));
            return Exit::Problems;
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(error) = crate::store::write_atomically(path, text.as_bytes()) {
                eprintln!(
                    "jigsaw report: cannot write {}: {error}",
                    crate::diagnostic::shown(path)
                );
                return Exit::Problems;
            }
            eprintln!("Wrote {}", crate::diagnostic::shown(path));
        }
        None => print!("{text}"),
    }
    Exit::Success
}

/// A report in `format`.
pub fn render(
    format: Format,
    attempts: &[Attempt],
    options: &XapiOptions,
) -> Result<String, ReportError> {
    let format = match format {
        Format::Html => crate::report::Format::Html,
        Format::Md => crate::report::Format::Markdown,
        Format::Csv => crate::report::Format::Csv,
        Format::Xapi => crate::report::Format::Xapi,
    };
    format.render(attempts, options)
}

fn load_settings(given: Option<&Path>) -> Result<ReportSettings, String> {
    match given.map(Path::to_path_buf).or_else(settings::default_path) {
        Some(path) => settings::load(&path),
        None => Ok(ReportSettings::default()),
    }
}

fn send(
    args: &ReportArgs,
    settings: &ReportSettings,
    endpoint: &str,
    attempts: &[Attempt],
    options: &XapiOptions,
) -> Exit {
    let from_file = settings.lrs.as_ref();
    let endpoint = if endpoint == "-" {
        match from_file
            .map(|l| l.endpoint.as_str())
            .filter(|e| !e.is_empty())
        {
            Some(endpoint) => endpoint,
            None => {
                eprintln!("jigsaw report: --send - needs an `lrs` endpoint in reports.ron");
                return Exit::Usage;
            }
        }
    } else {
        endpoint
    };
    let credentials = Credentials::from_env().or_else(|| from_file.and_then(|l| l.credentials()));
    if credentials.is_none() {
        eprintln!(
            "jigsaw report: note: no LRS credentials ({} and {} are unset and reports.ron has none); sending without",
            lrs::KEY_VARIABLE,
            lrs::SECRET_VARIABLE
        );
    }
    let outbox = match args
        .outbox
        .clone()
        .or_else(|| data_dir().map(|d| Outbox::in_data_dir(&d).dir().to_path_buf()))
    {
        Some(dir) => Outbox::new(dir),
        None => {
            eprintln!(
                "jigsaw report: there is no data folder for the outbox; give one with --outbox"
            );
            return Exit::Usage;
        }
    };
    for attempt in attempts {
        let statements = xapi::statements(attempt, options);
        if let Err(error) = outbox.enqueue(&statements) {
            eprintln!(
                "jigsaw report: cannot queue statements in {}: {error}",
                crate::diagnostic::shown(outbox.dir())
            );
            return Exit::Problems;
        }
    }
    let lrs = Lrs::new(endpoint, credentials.as_ref());
    let backoff = Backoff {
        attempts: args.attempts.max(1),
        ..Backoff::default()
    };
    let mut sleep = |pause: std::time::Duration| {
        eprintln!(
            "The LRS cannot be reached; trying again in {} s.",
            pause.as_secs()
        );
        std::thread::sleep(pause);
    };
    let delivery =
        match lrs::deliver_with_backoff(&outbox, &lrs, &backoff, &mut sleep, &mut |_, _| {}) {
            Ok(delivery) => delivery,
            Err(error) => {
                eprintln!(
                    "jigsaw report: cannot read the outbox {}: {error}",
                    crate::diagnostic::shown(outbox.dir())
                );
                return Exit::Problems;
            }
        };
    println!("Sent {} statements to {}.", delivery.stored, lrs.url());
    for aside in &delivery.set_aside {
        eprintln!(
            "jigsaw report: the LRS refused a batch (HTTP {}): {}\n  The batch is kept in {} for you to look at; it has not been deleted.",
            aside.status,
            aside.message.trim(),
            crate::diagnostic::shown(&aside.file)
        );
    }
    if delivery.waiting > 0 {
        eprintln!(
            "jigsaw report: {} batch(es) wait in {} ({}); run `jigsaw report --send {endpoint}` again to retry.",
            delivery.waiting,
            crate::diagnostic::shown(outbox.dir()),
            delivery.problem.as_deref().unwrap_or("not delivered")
        );
    }
    if delivery.waiting > 0 || !delivery.set_aside.is_empty() {
        Exit::Problems
    } else {
        Exit::Success
    }
}

/// Finds each transcript's scenario and rubric, checking each file once.
struct Finder<'a> {
    args: &'a ReportArgs,
    checked: HashMap<PathBuf, Option<(Checked, RubricFile)>>,
    /// Every scenario file that could be searched, with its id (read once).
    index: Option<Vec<(PathBuf, String)>>,
}

impl<'a> Finder<'a> {
    fn new(args: &'a ReportArgs) -> Finder<'a> {
        Finder {
            args,
            checked: HashMap::new(),
            index: None,
        }
    }

    /// The scenario files that could hold scenario `id`: the given ones, else every
    /// `.ron` file in the folders whose id is `id`.
    fn candidates(&mut self, id: &str) -> Vec<PathBuf> {
        let args = self.args;
        let index = self.index.get_or_insert_with(|| {
            Finder::files(args)
                .into_iter()
                .filter_map(|p| {
                    let id = crate::scenario::load_file(&p).scenario.ok()?.id.value;
                    Some((p, id))
                })
                .collect()
        });
        let mut found: Vec<PathBuf> = index
            .iter()
            .filter(|(_, found)| found == id)
            .map(|(p, _)| p.clone())
            .collect();
        found.sort();
        found
    }

    /// The scenario files to search: the given ones, else the folders' `.ron` files.
    fn files(args: &ReportArgs) -> Vec<PathBuf> {
        if !args.scenario_files.is_empty() {
            return args.scenario_files.clone();
        }
        let dirs = if args.scenario_dirs.is_empty() {
            vec![default_scenarios_dir()]
        } else {
            args.scenario_dirs.clone()
        };
        dirs.iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "ron")
                    && p.file_name().is_some_and(|n| n != crate::rubric::FILE_NAME)
            })
            .collect()
    }

    fn check(&mut self, path: &Path) -> Option<&(Checked, RubricFile)> {
        let args = self.args;
        self.checked
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let rubric_file =
                    RubricFile::at(rubric_location(args.rubric.as_ref(), path).as_deref());
                let rubric = rubric_file.rubric.as_ref().ok()?;
                let checked = check_file_with(path, rubric, CheckOptions { approximate: true });
                checked.playable()?;
                Some((checked, rubric_file))
            })
            .as_ref()
    }

    fn attempt(&mut self, path: &Path) -> Result<Attempt, ReportError> {
        let transcript = Transcript::read(path)?;
        let id = transcript.scenario.id.clone();
        let candidates = self.candidates(&id);
        if candidates.is_empty() {
            let looked = if self.args.scenario_files.is_empty() {
                "the scenarios folder (give another with --scenarios DIR or the file with --scenario FILE)"
            } else {
                "the files given with --scenario"
            };
            return Err(ReportError::ScenarioMismatch(format!(
                "it was played on scenario `{id}` ({} version {}), which is not in {looked}",
                transcript.scenario.file, transcript.scenario.version
            )));
        }
        // Prefer the file whose bytes match; otherwise report why the first does not.
        let mut first_error = None;
        for file in &candidates {
            let Some((checked, rubric_file)) = self.check(file) else {
                first_error.get_or_insert(ReportError::ScenarioMismatch(format!(
                    "scenario `{id}` in {} does not pass `jigsaw check` now, so the session cannot be replayed on it",
                    crate::diagnostic::shown(file)
                )));
                continue;
            };
            let scenario = checked.playable().expect("checked above");
            if let Err(error) = transcript.matches_scenario(scenario, &checked.source) {
                first_error.get_or_insert(error);
                continue;
            }
            let rubric = rubric_file.rubric.as_ref().expect("checked above");
            return Attempt::rebuild(
                transcript,
                scenario,
                &checked.source,
                checked.bounds(),
                rubric,
                &rubric_file.source,
            );
        }
        Err(first_error.expect("at least one candidate"))
    }
}

/// The identity for a transcript: `--learner`/`--group`, else reports.ron, and the
/// anonymous learner id from the data folder.
pub(crate) fn identity(learner: Option<&str>, group: Option<&str>) -> Identity {
    let settings = load_settings(None).unwrap_or_default();
    Identity {
        learner: learner.map(str::to_string).or(settings.learner),
        learner_id: learner_id(data_dir().as_deref()),
        group: group.map(str::to_string).or(settings.group),
    }
}

/// Writes the transcript of a terminal session to `path`.
pub(crate) fn save_transcript(
    path: &Path,
    session: &Session,
    checked: &Checked,
    rubric: Option<&PathBuf>,
    identity: &Identity,
    clock: &StepClock,
) -> Result<(), String> {
    let scenario = checked
        .playable()
        .ok_or_else(|| "the scenario has errors".to_string())?;
    let rubric_file = RubricFile::at(rubric_location(rubric, &checked.path).as_deref());
    let transcript = Transcript::new(
        session,
        scenario,
        &checked.path,
        &checked.source,
        &rubric_file.source,
        identity,
        clock,
        SystemTime::now(),
    );
    crate::store::write_atomically(path, transcript.to_json().as_bytes()).map_err(|e| {
        format!(
            "cannot write the transcript {}: {e}",
            crate::diagnostic::shown(path)
        )
    })
}
