//! The transcript: one versioned JSON record of a session, written when it ends.
//!
//! It names the scenario (id, version, title, file name and the SHA-256 of the file's
//! bytes) and the rubric (SHA-256), the learner or group, when the session started and
//! ended, the seed, and every step with its effects, so a report can replay it and rebuild
//! the debrief exactly. Its schema is documented in `docs/reports.md`; fields are only
//! ever added, and [`SCHEMA_VERSION`] goes up when a reader would need to change.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{ReportError, short};
use crate::engine::{Effects, Input, Jump, Session, Step};
use crate::scenario::Scenario;

/// The transcript schema this program writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole session, as written to `*.json` at its end. Unknown fields are ignored when
/// reading, so a transcript from a newer Jigsaw with the same schema version still reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Always [`SCHEMA_VERSION`] when written by this program.
    pub schema_version: u32,
    /// A random id for this attempt; the xAPI `registration`.
    pub attempt: Uuid,
    /// The Jigsaw version that wrote it.
    pub jigsaw_version: String,
    /// The scenario played.
    pub scenario: ScenarioRef,
    /// The rubric it was scored against.
    pub rubric: RubricRef,
    /// The learner's name, when they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<String>,
    /// A random id that stays the same for one learner's copy of Jigsaw; names them when
    /// they gave no name.
    pub learner_id: String,
    /// The classroom group that played, when a trainer ran it with a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// When the session started (RFC 3339, UTC).
    pub started_at: String,
    /// When it ended (RFC 3339, UTC).
    pub ended_at: String,
    /// The seed for random next-scenes.
    pub seed: u64,
    /// Whether the session reached an ending (false when the learner left early).
    pub finished: bool,
    /// The ending reached, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
    /// Total per dimension (informative: reports recompute it from the steps).
    pub totals: BTreeMap<String, i32>,
    /// Every step, in order.
    pub steps: Vec<TranscriptStep>,
    /// Where an author started the session part-way through (the app's author mode), if
    /// they did: replays start there instead of at the first scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jump: Option<Jump>,
}

/// Which scenario a transcript was played on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// The scenario's id.
    pub id: String,
    /// Its version.
    pub version: u32,
    /// Its title.
    pub title: String,
    /// Its file name (without the folder).
    pub file: String,
    /// The SHA-256 of the file's bytes, in lowercase hex.
    pub sha256: String,
}

/// Which rubric a transcript was scored against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RubricRef {
    /// The SHA-256 of the rubric file's bytes (the built-in rubric's text when none).
    pub sha256: String,
}

/// One step of the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TranscriptStep {
    /// A scene was shown.
    Scene {
        /// The scene's id.
        scene: String,
        /// In-game minutes since midnight of day one.
        clock: u32,
        /// When it happened (RFC 3339), if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// The learner made an observation.
    Observed {
        /// The scene it was made in.
        scene: String,
        /// The observation's id.
        observation: String,
        /// What it changed.
        effects: Effects,
        /// The in-game clock afterwards.
        clock: u32,
        /// When it happened (RFC 3339), if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// The learner (or the group) took a choice.
    Chose {
        /// The scene it was taken in.
        scene: String,
        /// Its index in the scene's `choices` list, from 0.
        choice: usize,
        /// Its text, as shown.
        text: String,
        /// What it changed.
        effects: Effects,
        /// The scene or ending it led to.
        next: String,
        /// The in-game clock afterwards.
        clock: u32,
        /// When it happened (RFC 3339), if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
        /// In classroom mode, how many in the group voted for each choice.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tallies: Option<Vec<Tally>>,
        /// In classroom mode, how the choice was taken: `majority`, `tie` (the facilitator
        /// picked between tied options) or `override` (the facilitator overrode the majority).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decided: Option<crate::engine::votes::Decided>,
    },
    /// The session reached an ending.
    Ended {
        /// The ending's id.
        ending: String,
        /// The in-game clock at the end.
        clock: u32,
        /// When it happened (RFC 3339), if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
}

/// Votes for one choice at a decision, in classroom mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The choice's index in the scene's `choices` list, from 0.
    pub choice: usize,
    /// How many voted for it.
    pub votes: u32,
}

/// Who played, as a transcript records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    /// The learner's name, if given.
    pub learner: Option<String>,
    /// The stable anonymous id of this copy of Jigsaw's learner.
    pub learner_id: String,
    /// The classroom group, if any.
    pub group: Option<String>,
}

/// Records when each step of a session happened, for the transcript's `at` fields. The
/// shells call [`StepClock::stamp`] after every input.
#[derive(Clone, Debug, Default)]
pub struct StepClock {
    /// When the session started.
    pub started: Option<SystemTime>,
    times: Vec<SystemTime>,
}

impl StepClock {
    /// A clock for a session starting now.
    pub fn starting_now() -> StepClock {
        StepClock {
            started: Some(SystemTime::now()),
            times: Vec::new(),
        }
    }

    /// Stamps every step added to `session`'s transcript since the last call with now.
    pub fn stamp(&mut self, session: &Session) {
        let now = SystemTime::now();
        let started = *self.started.get_or_insert(now);
        while self.times.len() < session.transcript.len() {
            // The first scene is shown when the session starts.
            let at = if self.times.is_empty() { started } else { now };
            self.times.push(at);
        }
    }

    fn at(&self, index: usize) -> Option<String> {
        self.times.get(index).map(|t| rfc3339(*t))
    }
}

/// A time as RFC 3339 in UTC, to the second.
pub fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Transcript {
    /// The transcript of `session`, played on `scenario` (read from `file`, whose text is
    /// `source`) and scored against the rubric whose text is `rubric_source`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        session: &Session,
        scenario: &Scenario,
        file: &Path,
        source: &str,
        rubric_source: &str,
        identity: &Identity,
        clock: &StepClock,
        ended: SystemTime,
    ) -> Transcript {
        let started = clock.started.unwrap_or(ended);
        Transcript {
            schema_version: SCHEMA_VERSION,
            attempt: Uuid::new_v4(),
            jigsaw_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: ScenarioRef {
                id: scenario.id.value.clone(),
                version: scenario.version,
                title: scenario.title.clone(),
                file: file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                sha256: sha256_hex(source.as_bytes()),
            },
            rubric: RubricRef {
                sha256: sha256_hex(rubric_source.as_bytes()),
            },
            // A group's session (classroom mode) is the group's, whoever runs the laptop.
            learner: match &session.classroom {
                Some(_) => None,
                None => identity.learner.clone().filter(|l| !l.trim().is_empty()),
            },
            learner_id: identity.learner_id.clone(),
            group: match &session.classroom {
                Some(classroom) => Some(classroom.group.clone()).filter(|g| !g.trim().is_empty()),
                None => identity.group.clone().filter(|g| !g.trim().is_empty()),
            },
            started_at: rfc3339(started),
            ended_at: rfc3339(ended),
            seed: session.seed,
            finished: session.is_finished(),
            ending: session.state.ending.clone(),
            totals: session.totals.clone(),
            steps: session
                .transcript
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    let mut recorded = TranscriptStep::from_step(step, clock.at(i));
                    if let (
                        TranscriptStep::Chose {
                            tallies, decided, ..
                        },
                        Some(vote),
                    ) = (
                        &mut recorded,
                        session.classroom.as_ref().and_then(|c| c.decision_at(i)),
                    ) {
                        *tallies = Some(
                            vote.votes
                                .iter()
                                .map(|t| Tally {
                                    choice: t.choice,
                                    votes: t.votes,
                                })
                                .collect(),
                        );
                        *decided = Some(vote.decided);
                    }
                    recorded
                })
                .collect(),
            jump: session.jump.clone(),
        }
    }

    /// Reads a transcript from JSON text; `path` is for messages.
    pub fn from_json(path: &Path, text: &str) -> Result<Transcript, ReportError> {
        let not_a_transcript = |message: String| ReportError::NotATranscript {
            path: path.to_path_buf(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| not_a_transcript(e.to_string()))?;
        let version = value
            .get("schema_version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| not_a_transcript("it has no `schema_version`".to_string()))?;
        if version > u64::from(SCHEMA_VERSION) {
            return Err(ReportError::NewerSchema {
                path: path.to_path_buf(),
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: SCHEMA_VERSION,
            });
        }
        serde_json::from_value(value).map_err(|e| not_a_transcript(e.to_string()))
    }

    /// Reads a transcript file.
    pub fn read(path: &Path) -> Result<Transcript, ReportError> {
        // A transcript is a few hundred KB at most; the limit only stops a wrong path (a
        // pipe, a device, a huge file) from hanging or filling memory.
        let text =
            crate::store::read_text(path, 64 * 1024 * 1024).map_err(|error| ReportError::Io {
                path: path.to_path_buf(),
                error: error.into(),
            })?;
        Transcript::from_json(path, &text)
    }

    /// The transcript as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a transcript always serialises")
    }

    /// Checks that `scenario` (with file text `source`) is the one this transcript was
    /// played on: same id, same version, same file bytes.
    pub fn matches_scenario(&self, scenario: &Scenario, source: &str) -> Result<(), ReportError> {
        let wanted = &self.scenario;
        if scenario.id.value != wanted.id {
            return Err(ReportError::ScenarioMismatch(format!(
                "the transcript is of scenario `{}`, not `{}`",
                wanted.id, scenario.id.value
            )));
        }
        let hash = sha256_hex(source.as_bytes());
        if scenario.version != wanted.version || hash != wanted.sha256 {
            return Err(ReportError::ScenarioMismatch(format!(
                "scenario `{}` has changed since this session was played: the transcript was made with version {} (file sha256 {}), the file found now is version {} (sha256 {}). A report must be made from the scenario as it was played: restore that version of {} (e.g. from version control) and pass it with --scenario",
                wanted.id,
                wanted.version,
                short(&wanted.sha256),
                scenario.version,
                short(&hash),
                wanted.file
            )));
        }
        Ok(())
    }

    /// The inputs that replay this session.
    pub fn inputs(&self) -> Vec<Input> {
        self.steps
            .iter()
            .filter_map(|step| match step {
                TranscriptStep::Chose { choice, .. } => Some(Input::Choose(*choice)),
                TranscriptStep::Observed { observation, .. } => {
                    Some(Input::Observe(observation.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Replays the steps on `scenario` and checks they give the same transcript.
    pub fn replay(&self, scenario: &Scenario) -> Result<Session, ReportError> {
        let replayed = match &self.jump {
            None => Session::replay(scenario, self.seed, &self.inputs()),
            Some(jump) => Session::jump(scenario, self.seed, jump.clone()).and_then(|mut s| {
                for input in self.inputs() {
                    s.apply(scenario, &input)?;
                }
                Ok(s)
            }),
        };
        let mut session = replayed.map_err(|e| {
            ReportError::DoesNotReplay(format!(
                "the transcript of `{}` does not replay on this scenario: {e}",
                self.scenario.id
            ))
        })?;
        let recorded: Vec<Step> = self.steps.iter().map(TranscriptStep::to_step).collect();
        if recorded != session.transcript {
            let at = recorded
                .iter()
                .zip(&session.transcript)
                .position(|(a, b)| a != b)
                .unwrap_or(recorded.len().min(session.transcript.len()));
            return Err(ReportError::DoesNotReplay(format!(
                "the transcript of `{}` does not replay the same way on this scenario (it differs from step {}); it may have been edited by hand",
                self.scenario.id,
                at + 1
            )));
        }
        session.classroom = self.classroom();
        Ok(session)
    }

    /// The group's votes this transcript records (classroom mode), as the session held them.
    fn classroom(&self) -> Option<crate::engine::votes::Classroom> {
        let decisions: Vec<crate::engine::votes::Decision> = self
            .steps
            .iter()
            .enumerate()
            .filter_map(|(step, recorded)| match recorded {
                TranscriptStep::Chose {
                    scene,
                    choice,
                    tallies: Some(tallies),
                    decided,
                    ..
                } => Some(crate::engine::votes::Decision {
                    step,
                    scene: scene.clone(),
                    votes: tallies
                        .iter()
                        .map(|t| crate::engine::votes::Tally {
                            choice: t.choice,
                            votes: t.votes,
                        })
                        .collect(),
                    chosen: *choice,
                    decided: decided.unwrap_or(crate::engine::votes::Decided::Majority),
                }),
                _ => None,
            })
            .collect();
        if decisions.is_empty() {
            return None;
        }
        Some(crate::engine::votes::Classroom {
            group: self.group.clone().unwrap_or_default(),
            decisions,
        })
    }
}

impl TranscriptStep {
    fn from_step(step: &Step, at: Option<String>) -> TranscriptStep {
        match step.clone() {
            Step::Scene { scene, clock } => TranscriptStep::Scene { scene, clock, at },
            Step::Observed {
                scene,
                observation,
                effects,
                clock,
            } => TranscriptStep::Observed {
                scene,
                observation,
                effects,
                clock,
                at,
            },
            Step::Chose {
                scene,
                choice,
                text,
                effects,
                next,
                clock,
            } => TranscriptStep::Chose {
                scene,
                choice,
                text,
                effects,
                next,
                clock,
                at,
                tallies: None,
                decided: None,
            },
            Step::Ended { ending, clock } => TranscriptStep::Ended { ending, clock, at },
        }
    }

    /// The engine's step this records (without the time and tallies).
    pub fn to_step(&self) -> Step {
        match self.clone() {
            TranscriptStep::Scene { scene, clock, .. } => Step::Scene { scene, clock },
            TranscriptStep::Observed {
                scene,
                observation,
                effects,
                clock,
                ..
            } => Step::Observed {
                scene,
                observation,
                effects,
                clock,
            },
            TranscriptStep::Chose {
                scene,
                choice,
                text,
                effects,
                next,
                clock,
                ..
            } => Step::Chose {
                scene,
                choice,
                text,
                effects,
                next,
                clock,
            },
            TranscriptStep::Ended { ending, clock, .. } => Step::Ended { ending, clock },
        }
    }

    /// When the step happened, if recorded.
    pub fn at(&self) -> Option<&str> {
        match self {
            TranscriptStep::Scene { at, .. }
            | TranscriptStep::Observed { at, .. }
            | TranscriptStep::Chose { at, .. }
            | TranscriptStep::Ended { at, .. } => at.as_deref(),
        }
    }
}

/// The anonymous learner id kept in `data` (`learner-id`), made (randomly) and saved the
/// first time it is asked for. Falls back to a fresh id, unsaved, when the folder cannot
/// be written.
pub fn learner_id(data: Option<&Path>) -> String {
    let Some(data) = data else {
        return Uuid::new_v4().to_string();
    };
    let file = data.join("learner-id");
    if let Ok(text) = std::fs::read_to_string(&file)
        && let Ok(id) = Uuid::parse_str(text.trim())
    {
        return id.to_string();
    }
    let id = Uuid::new_v4().to_string();
    let _ = crate::store::write_atomically(&file, format!("{id}\n").as_bytes());
    id
}
