//! Reports: a session's results in forms that leave the program.
//!
//! Every report starts from a [`Transcript`](transcript::Transcript): the versioned JSON
//! record written at the end of a session. [`Attempt::rebuild`] replays it against the
//! scenario it was played on (refusing one whose scenario or rubric no longer matches,
//! or whose steps no longer replay the same way), which gives back the exact session and
//! debrief. One module per format turns attempts into a report: [`text`] (the
//! debrief as the terminal prints it), [`html`] (a self-contained
//! printable page), [`markdown`] (a short summary for supervision notes), [`csv`] (one row
//! per attempt, for a class) and [`xapi`] (statements for a learning record store, which
//! [`lrs`] queues on disk and sends). The command line (`jigsaw report`) and the app's
//! debrief call the same functions.

pub mod check;
pub mod csv;
pub mod html;
pub mod lrs;
pub mod markdown;
pub mod portfolio;
pub mod settings;
pub mod text;
pub mod transcript;
pub mod xapi;

use std::path::{Path, PathBuf};

use crate::debrief::{Debrief, normalise};
use crate::engine::{Session, Step};
use crate::explore::Bounds;
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use transcript::Transcript;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file could not be read or written.
    #[error("{}: {error}", crate::diagnostic::shown(path))]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// A transcript is not valid JSON of the expected shape.
    #[error(
        "{} is not a Jigsaw transcript: {message}",
        crate::diagnostic::shown(path)
    )]
    NotATranscript {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// The transcript was written by a newer Jigsaw.
    #[error(
        "{} uses transcript schema version {found}; this Jigsaw reads version {supported}: update Jigsaw to report on it",
        crate::diagnostic::shown(path)
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// The transcript's schema version.
        found: u32,
        /// The version this program reads.
        supported: u32,
    },
    /// The scenario the transcript was played on cannot be found, or has changed.
    #[error("{0}")]
    ScenarioMismatch(String),
    /// The rubric has changed since the session was played.
    #[error("{0}")]
    RubricMismatch(String),
    /// The transcript's steps do not replay on its scenario.
    #[error("{0}")]
    DoesNotReplay(String),
    /// A report could not be written in its format.
    #[error("{0}")]
    Format(String),
}

/// A report format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One self-contained printable page.
    Html,
    /// A short summary for supervision notes.
    Markdown,
    /// One row per attempt.
    Csv,
    /// xAPI statements as a JSON array.
    Xapi,
}

impl Format {
    /// Every format, in the order the app offers them.
    pub const ALL: [Format; 4] = [Format::Html, Format::Markdown, Format::Csv, Format::Xapi];

    /// The file extension for a report in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Xapi => "xapi.json",
        }
    }

    /// The format's name, for buttons and messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "HTML",
            Format::Markdown => "Markdown",
            Format::Csv => "CSV",
            Format::Xapi => "xAPI",
        }
    }

    /// The report for `attempts` in this format.
    pub fn render(
        self,
        attempts: &[Attempt],
        options: &xapi::XapiOptions,
    ) -> Result<String, ReportError> {
        Ok(match self {
            Format::Html => html::render(attempts),
            Format::Markdown => markdown::render(attempts),
            Format::Csv => self::csv::render(attempts)?,
            Format::Xapi => xapi::render(attempts, options),
        })
    }
}

/// One learner's (or group's) attempt at a scenario, rebuilt from its transcript.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// The transcript as written.
    pub transcript: Transcript,
    /// The scenario it was played on.
    pub scenario: Scenario,
    /// The rubric it was scored against.
    pub rubric: Rubric,
    /// The scenario's score bounds.
    pub bounds: Option<Bounds>,
    /// The session, replayed.
    pub session: Session,
    /// The debrief, exactly as the learner saw it.
    pub debrief: Debrief,
}

impl Attempt {
    /// Replays `transcript` on `scenario` (the file's text is `source`) scored by `rubric`
    /// (whose text is `rubric_source`). Refuses, saying why, when the scenario's id,
    /// version or file hash differ from the transcript's, when the rubric differs, or when
    /// the steps do not replay to the same transcript.
    pub fn rebuild(
        transcript: Transcript,
        scenario: &Scenario,
        source: &str,
        bounds: Option<&Bounds>,
        rubric: &Rubric,
        rubric_source: &str,
    ) -> Result<Attempt, ReportError> {
        transcript.matches_scenario(scenario, source)?;
        let rubric_hash = transcript::sha256_hex(rubric_source.as_bytes());
        if rubric_hash != transcript.rubric.sha256 {
            return Err(ReportError::RubricMismatch(format!(
                "the transcript of `{}` was scored with a different rubric (sha256 {}) from the one found now (sha256 {}); pass the rubric it was played with using --rubric",
                transcript.scenario.id,
                short(&transcript.rubric.sha256),
                short(&rubric_hash)
            )));
        }
        let session = transcript.replay(scenario)?;
        let debrief = Debrief::new(scenario, rubric, &session, bounds);
        Ok(Attempt {
            transcript,
            scenario: scenario.clone(),
            rubric: rubric.clone(),
            bounds: bounds.cloned(),
            session,
            debrief,
        })
    }

    /// Builds an attempt straight from a session just played (no file round trip).
    pub fn from_session(
        transcript: Transcript,
        scenario: &Scenario,
        rubric: &Rubric,
        bounds: Option<&Bounds>,
        session: &Session,
    ) -> Attempt {
        Attempt {
            debrief: Debrief::new(scenario, rubric, session, bounds),
            transcript,
            scenario: scenario.clone(),
            rubric: rubric.clone(),
            bounds: bounds.cloned(),
            session: session.clone(),
        }
    }

    /// Who made the attempt, for a report's heading: the learner, the group, or
    /// "Anonymous learner".
    pub fn who(&self) -> String {
        // Each name's bidirectional controls are closed within it, so a learner's name
        // cannot reorder the group's.
        let learner = self.transcript.learner.as_deref().map(bidi_closed);
        let group = self.transcript.group.as_deref().map(bidi_closed);
        match (learner, group) {
            (Some(learner), Some(group)) => format!("{learner} ({group})"),
            (Some(learner), None) => learner,
            (None, Some(group)) => group,
            (None, None) => "Anonymous learner".to_string(),
        }
    }

    /// The place on the care/authority grid (care, authority, each 0–100) after each
    /// choice that moved either, starting from where a learner with no decisions would
    /// sit. Empty when the scenario does not score both.
    pub fn drift(&self) -> Vec<(u32, u32)> {
        let grid = &self.rubric.grid;
        let bounds_of = |id: &str| self.bounds.as_ref().and_then(|b| b.get(id));
        let (Some(care_bounds), Some(authority_bounds)) = (
            bounds_of(&grid.care.value),
            bounds_of(&grid.authority.value),
        ) else {
            return Vec::new();
        };
        let place = |care: i64, authority: i64| {
            normalise(care, care_bounds.0, care_bounds.1).zip(normalise(
                authority,
                authority_bounds.0,
                authority_bounds.1,
            ))
        };
        let Some(start) = place(0, 0) else {
            return Vec::new();
        };
        let (mut care, mut authority) = (0_i64, 0_i64);
        let mut points = vec![start];
        for step in &self.session.transcript {
            if let Step::Chose { effects, .. } = step {
                let dc = effects.score.get(&grid.care.value).copied().unwrap_or(0);
                let da = effects
                    .score
                    .get(&grid.authority.value)
                    .copied()
                    .unwrap_or(0);
                if dc == 0 && da == 0 {
                    continue;
                }
                care += i64::from(dc);
                authority += i64::from(da);
                if let Some(point) = place(care, authority) {
                    points.push(point);
                }
            }
        }
        points
    }

    /// One overall 0–100 figure: the mean of the assessed dimensions' scores, or `None`
    /// when no dimension is assessed. Used where a single number is required (xAPI's
    /// `result.score`); the reports show every dimension.
    pub fn overall(&self) -> Option<u32> {
        let scores: Vec<u32> = self
            .debrief
            .dimensions
            .iter()
            .filter_map(|d| d.score)
            .collect();
        if scores.is_empty() {
            None
        } else {
            Some((f64::from(scores.iter().sum::<u32>()) / scores.len() as f64).round() as u32)
        }
    }
}

/// The first 12 hex digits of a hash, for messages.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Neutralises Unicode bidirectional controls in scenario or learner text so they cannot
/// reorder the text around them: every embedding, override or isolate the text opens is
/// closed at its end. (Marks such as U+200F stay: they only affect their neighbours.)
pub fn bidi_closed(text: &str) -> String {
    let mut open_embeddings = 0_usize;
    let mut open_isolates = 0_usize;
    for c in text.chars() {
        match c {
            '\u{202A}'..='\u{202E}' if c != '\u{202C}' => open_embeddings += 1,
            '\u{202C}' => open_embeddings = open_embeddings.saturating_sub(1),
            '\u{2066}'..='\u{2068}' => open_isolates += 1,
            '\u{2069}' => open_isolates = open_isolates.saturating_sub(1),
            _ => {}
        }
    }
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n('\u{202C}', open_embeddings));
    out.extend(std::iter::repeat_n('\u{2069}', open_isolates));
    out
}

/// Where Jigsaw keeps what it writes for the user: transcripts, the statement queue, the
/// anonymous learner id. `JIGSAW_DATA_DIR` overrides the platform's data folder (e.g.
/// `~/.local/share/jigsaw` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JIGSAW_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "jigsaw").map(|d| d.data_dir().to_path_buf())
}

/// The folder transcripts are saved in by default.
pub fn transcripts_dir(data: &Path) -> PathBuf {
    data.join("transcripts")
}

/// The folder the app saves reports in.
pub fn reports_dir(data: &Path) -> PathBuf {
    data.join("reports")
}

/// The safe start of a saved file's name: the timestamp's digits to the minute and the
/// scenario id with anything but letters, digits and `-` replaced, so a folder of files
/// sorts by time and no id can escape the folder.
pub fn file_stem(timestamp: &str, scenario_id: &str) -> String {
    let date: String = timestamp
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .take(13)
        .collect();
    let id: String = scenario_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    format!("{date}-{id}")
}

/// The file name a transcript is saved under: date, scenario and attempt, so a folder of
/// them sorts by time.
pub fn transcript_file_name(transcript: &Transcript) -> String {
    let attempt = transcript.attempt.simple().to_string();
    format!(
        "{}-{}.json",
        file_stem(&transcript.ended_at, &transcript.scenario.id),
        &attempt[..8]
    )
}
