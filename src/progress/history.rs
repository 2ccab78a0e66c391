//! Every finished attempt, kept for the learner: scenario id and version, date, seed, path,
//! per-dimension scores, quadrant, completeness, ending, time taken, and the learner's
//! reflections (editable later).
//!
//! One file, `history.json` in the progress folder, rewritten atomically when an attempt is
//! added or a reflection edited. Each record carries what its portfolio record needs (the
//! outcomes, pieces, concepts with their sources), so it can be printed later even if the
//! scenario file has changed or gone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Problem, read_json, write_json};
use crate::debrief::{Debrief, TimeUse};
use crate::engine::{Session, Step};
use crate::report::portfolio;
use crate::rubric::{Quadrant, Rubric};
use crate::scenario::{EndingKind, Scenario};

/// The history file's name in the progress folder.
pub const FILE_NAME: &str = "history.json";

/// Where the history lives in a progress folder.
pub fn path(progress: &Path) -> PathBuf {
    progress.join(FILE_NAME)
}

/// Every finished attempt, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The attempts, in the order they finished.
    #[serde(default)]
    pub attempts: Vec<AttemptRecord>,
}

/// One dimension's result in an attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionRecord {
    /// The dimension's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The learner's total.
    pub total: i64,
    /// 0–100 within what the scenario makes possible, if it moves this dimension.
    pub score: Option<u32>,
}

/// A piece of the jigsaw, found or missed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceRecord {
    /// Its title.
    pub title: String,
    /// What it tells.
    #[serde(default)]
    pub tells: String,
    /// Where it comes from.
    #[serde(default)]
    pub source: String,
    /// Whether the learner found it.
    pub found: bool,
}

/// A practice concept the attempt met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConceptRecord {
    /// Its id in the rubric's glossary.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its definition.
    #[serde(default)]
    pub definition: String,
    /// Where it comes from.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// The learner's answers to the reflective prompts after the debrief.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    /// What surprised you?
    #[serde(default)]
    pub surprised: String,
    /// What will you do differently on your next visit?
    #[serde(default)]
    pub differently: String,
    /// Which concept do you want to read more about?
    #[serde(default)]
    pub read_more: String,
}

/// The reflective prompts, in order, with the field each answer goes in.
pub const PROMPTS: [&str; 3] = [
    "What surprised you?",
    "What will you do differently on your next visit?",
    "Which concept do you want to read more about, and why?",
];

impl Reflection {
    /// Whether every answer is empty.
    pub fn is_empty(&self) -> bool {
        self.answers().iter().all(|a| a.trim().is_empty())
    }

    /// The answers, in the order of [`PROMPTS`].
    pub fn answers(&self) -> [&String; 3] {
        [&self.surprised, &self.differently, &self.read_more]
    }

    /// The answers to edit, in the order of [`PROMPTS`].
    pub fn answers_mut(&mut self) -> [&mut String; 3] {
        [
            &mut self.surprised,
            &mut self.differently,
            &mut self.read_more,
        ]
    }
}

/// One finished attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// A unique id for the attempt.
    pub id: String,
    /// The scenario's id.
    pub scenario_id: String,
    /// The scenario's version played.
    pub scenario_version: u32,
    /// The scenario's title.
    pub scenario_title: String,
    /// The learner's role in the scenario.
    #[serde(default)]
    pub scenario_role: String,
    /// When the attempt finished (RFC 3339).
    pub finished_at: String,
    /// The seed that decided random next-scenes.
    pub seed: u64,
    /// The scenes shown, in order, ending with the ending's id when one was reached.
    pub path: Vec<String>,
    /// Scores per dimension, in rubric order.
    pub dimensions: Vec<DimensionRecord>,
    /// Care score (0–100), if scored.
    #[serde(default)]
    pub care: Option<u32>,
    /// Authority score (0–100), if scored.
    #[serde(default)]
    pub authority: Option<u32>,
    /// The place on the care/authority grid, when there were enough decisions to judge.
    #[serde(default)]
    pub quadrant: Option<Quadrant>,
    /// Weighted share of pieces found, 0–100.
    pub completeness: u32,
    /// The ending's title and kind; `None` when the learner stopped before an ending.
    #[serde(default)]
    pub ending: Option<(String, EndingKind)>,
    /// In-game minutes from start to end.
    pub game_minutes: u32,
    /// Real seconds spent playing, over every sitting.
    pub seconds_spent: u64,
    /// The scenario's learning outcomes.
    #[serde(default)]
    pub outcomes: Vec<String>,
    /// Every piece, found or missed.
    #[serde(default)]
    pub pieces: Vec<PieceRecord>,
    /// Warning signs let pass.
    #[serde(default)]
    pub signs_passed: Vec<String>,
    /// The concepts the scenario and the choices taken illustrate.
    #[serde(default)]
    pub concepts: Vec<ConceptRecord>,
    /// What the time went on, in a scenario with time pressure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeUse>,
    /// Whether the scores are placed on every path (see the debrief).
    #[serde(default = "yes")]
    pub bounds_exact: bool,
    /// The learner's reflections.
    #[serde(default)]
    pub reflection: Reflection,
}

fn yes() -> bool {
    true
}

impl AttemptRecord {
    /// The record of a session that has just finished (or been ended early), with its
    /// debrief.
    pub fn new(
        scenario: &Scenario,
        rubric: &Rubric,
        session: &Session,
        debrief: &Debrief,
        seconds_spent: u64,
    ) -> AttemptRecord {
        let path = session
            .transcript
            .iter()
            .filter_map(|s| match s {
                Step::Scene { scene, .. } => Some(scene.clone()),
                Step::Ended { ending, .. } => Some(ending.clone()),
                _ => None,
            })
            .collect();
        let mut concept_ids: Vec<String> =
            scenario.concepts.iter().map(|c| c.value.clone()).collect();
        for step in &session.transcript {
            if let Step::Chose { scene, choice, .. } = step
                && let Some(choice) = scenario.scene(scene).and_then(|s| s.choices.get(*choice))
            {
                concept_ids.extend(choice.concepts.iter().map(|c| c.value.clone()));
            }
        }
        let mut seen = BTreeSet::new();
        concept_ids.retain(|c| seen.insert(c.clone()));
        let concepts = concept_ids
            .iter()
            .map(|id| match rubric.concept(id) {
                Some(concept) => ConceptRecord {
                    id: id.clone(),
                    name: concept.name.clone(),
                    definition: concept.definition.clone(),
                    sources: concept.sources.clone(),
                },
                None => ConceptRecord {
                    id: id.clone(),
                    name: id.clone(),
                    definition: String::new(),
                    sources: Vec::new(),
                },
            })
            .collect();
        AttemptRecord {
            id: uuid::Uuid::new_v4().to_string(),
            scenario_id: scenario.id.value.clone(),
            scenario_version: scenario.version,
            scenario_title: scenario.title.clone(),
            scenario_role: scenario.role.clone(),
            finished_at: super::now_rfc3339(),
            seed: session.seed,
            path,
            dimensions: debrief
                .dimensions
                .iter()
                .map(|d| DimensionRecord {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    total: d.total,
                    score: d.score,
                })
                .collect(),
            care: debrief.care,
            authority: debrief.authority,
            quadrant: debrief.quadrant,
            completeness: debrief.completeness,
            ending: debrief
                .ending
                .as_ref()
                .map(|(title, _, kind)| (title.clone(), *kind)),
            game_minutes: debrief.minutes_taken,
            seconds_spent,
            outcomes: scenario.outcomes.clone(),
            pieces: debrief
                .pieces
                .iter()
                .map(|p| PieceRecord {
                    title: p.title.clone(),
                    tells: p.tells.clone(),
                    source: p.source.clone(),
                    found: p.found,
                })
                .collect(),
            signs_passed: debrief
                .signs_let_pass
                .iter()
                .map(|t| t.sign.clone())
                .collect(),
            concepts,
            time: debrief.time.clone(),
            bounds_exact: debrief.bounds_exact,
            reflection: Reflection::default(),
        }
    }

    /// The date part of `finished_at` (`2026-12-01`).
    pub fn date(&self) -> &str {
        self.finished_at.get(..10).unwrap_or(&self.finished_at)
    }

    /// The date and time of `finished_at` for people (`2026-12-01 02:20 UTC`).
    pub fn when(&self) -> String {
        match (self.finished_at.get(..10), self.finished_at.get(11..16)) {
            (Some(date), Some(time)) => format!("{date} {time} UTC"),
            _ => self.finished_at.clone(),
        }
    }

    /// The score of one dimension, if it was scored.
    pub fn score(&self, dimension: &str) -> Option<u32> {
        self.dimensions
            .iter()
            .find(|d| d.id == dimension)
            .and_then(|d| d.score)
    }
}

impl AttemptRecord {
    /// What the attempt's portfolio record shows, for the learner in `profile`.
    pub fn portfolio(&self, profile: &crate::progress::profile::Profile) -> portfolio::Record {
        portfolio::Record {
            id: self.id.clone(),
            learner: profile.shown_name().to_string(),
            learner_role: profile.role.trim().to_string(),
            scenario_id: self.scenario_id.clone(),
            scenario_version: self.scenario_version,
            scenario_title: self.scenario_title.clone(),
            role_played: self.scenario_role.clone(),
            when: self.when(),
            finished_at: self.finished_at.clone(),
            spent: duration_words(self.seconds_spent),
            outcomes: self.outcomes.clone(),
            ending: self.ending.clone(),
            place: match (self.care, self.authority, self.quadrant) {
                (Some(care), Some(authority), Some(q)) => Some((care, authority, q)),
                _ => None,
            },
            dimensions: self
                .dimensions
                .iter()
                .map(|d| (d.name.clone(), d.score))
                .collect(),
            bounds_exact: self.bounds_exact,
            completeness: self.completeness,
            game_minutes: self.game_minutes,
            signs_passed: self.signs_passed.clone(),
            time: self.time.as_ref().map(TimeUse::lines).unwrap_or_default(),
            pieces: self
                .pieces
                .iter()
                .map(|p| (p.title.clone(), p.tells.clone(), p.source.clone(), p.found))
                .collect(),
            reflections: PROMPTS
                .iter()
                .zip(self.reflection.answers())
                .map(|(prompt, answer)| (prompt.to_string(), answer.clone()))
                .collect(),
            concepts: self
                .concepts
                .iter()
                .map(|c| (c.name.clone(), c.definition.clone(), c.sources.clone()))
                .collect(),
        }
    }
}

/// Real seconds as "12 min" or "1 h 05 min" (under a minute: "under a minute").
pub fn duration_words(seconds: u64) -> String {
    let minutes = seconds / 60;
    match minutes {
        0 => "under a minute".to_string(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

/// The attempts at one scenario, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioAttempts<'a> {
    /// The scenario's id.
    pub scenario_id: String,
    /// Its title (from the latest attempt).
    pub title: String,
    /// The attempts.
    pub attempts: Vec<&'a AttemptRecord>,
}

impl History {
    /// The attempts grouped by scenario, in the order each scenario was first attempted.
    pub fn by_scenario(&self) -> Vec<ScenarioAttempts<'_>> {
        let mut groups: Vec<ScenarioAttempts<'_>> = Vec::new();
        for attempt in &self.attempts {
            match groups
                .iter_mut()
                .find(|g| g.scenario_id == attempt.scenario_id)
            {
                Some(group) => {
                    group.title = attempt.scenario_title.clone();
                    group.attempts.push(attempt);
                }
                None => groups.push(ScenarioAttempts {
                    scenario_id: attempt.scenario_id.clone(),
                    title: attempt.scenario_title.clone(),
                    attempts: vec![attempt],
                }),
            }
        }
        groups
    }

    /// The ids of the concepts met in any attempt.
    pub fn concepts_met(&self) -> BTreeSet<&str> {
        self.attempts
            .iter()
            .flat_map(|a| a.concepts.iter().map(|c| c.id.as_str()))
            .collect()
    }

    /// The ids of the scenarios attempted.
    pub fn scenarios_met(&self) -> BTreeSet<&str> {
        self.attempts
            .iter()
            .map(|a| a.scenario_id.as_str())
            .collect()
    }

    /// The attempt with this id.
    pub fn attempt(&self, id: &str) -> Option<&AttemptRecord> {
        self.attempts.iter().find(|a| a.id == id)
    }
}

/// Reads the history. A missing file is an empty history; a damaged one is moved aside
/// and reported, and the history starts empty.
pub fn load(progress: &Path) -> (History, Option<Problem>) {
    match read_json::<History>(
        &path(progress),
        "Your history of attempts",
        "Your progress starts afresh from here; nothing else is affected.",
    ) {
        Ok(history) => (history.unwrap_or_default(), None),
        Err(problem) => (History::default(), Some(problem)),
    }
}

/// Saves the whole history, atomically.
pub fn save(progress: &Path, history: &History) -> std::io::Result<()> {
    write_json(&path(progress), history)
}
