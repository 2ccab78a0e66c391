//! The debrief: what a learner's session shows about their practice.
//!
//! Built from a finished (or abandoned) [`Session`], it gives each dimension's total and a
//! 0–100 score normalised between the lowest and highest totals this scenario makes
//! possible (from the [`explore`](crate::explore) walk), the learner's place on the
//! care/authority grid, how complete their jigsaw is and which pieces they missed, the
//! warning signs they let pass, and the feedback on every step in order. Scores come only
//! from the decisions taken, never from the ending.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::{Session, Step};
use crate::explore::Bounds;
use crate::rubric::{Quadrant, Rubric};
use crate::scenario::{EndingKind, Scenario, format_clock};

/// One dimension's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionScore {
    /// The dimension's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The learner's total.
    pub total: i64,
    /// The lowest total this scenario makes possible.
    pub lowest: i64,
    /// The highest total this scenario makes possible.
    pub highest: i64,
    /// 0–100 between lowest and highest; `None` when the scenario offers no choice that
    /// moves this dimension.
    pub score: Option<u32>,
}

/// One piece of the jigsaw, found or missed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PieceResult {
    /// The piece's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it tells.
    pub tells: String,
    /// Where it comes from.
    pub source: String,
    /// Its weight.
    pub weight: u32,
    /// Whether the learner found it.
    pub found: bool,
}

/// A warning sign the learner let pass.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TriggerPassed {
    /// The scene it happened in.
    pub scene: String,
    /// The choice that let it pass.
    pub choice: String,
    /// The sign, as the author named it.
    pub sign: String,
}

/// One step of the path, with its feedback.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathStep {
    /// The scene the step was taken in.
    pub scene: String,
    /// Whether it was an observation (rather than a choice).
    pub observation: bool,
    /// What the learner did.
    pub text: String,
    /// The author's feedback on it.
    pub feedback: String,
    /// Score changes, as (dimension name, change).
    pub score: Vec<(String, i32)>,
    /// Titles of pieces it revealed.
    pub revealed: Vec<String>,
    /// Concept names it illustrates.
    pub concepts: Vec<String>,
    /// The warning sign it let pass, if any.
    pub lets_pass: Option<String>,
    /// The in-game clock afterwards.
    pub clock: String,
}

/// Everything the debrief shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Debrief {
    /// The scenario's title.
    pub title: String,
    /// Whether the session reached an ending.
    pub finished: bool,
    /// The ending's title, text and kind, if reached.
    pub ending: Option<(String, String, EndingKind)>,
    /// Scores per dimension, in rubric order.
    pub dimensions: Vec<DimensionScore>,
    /// Care score (0–100), if the scenario moves care.
    pub care: Option<u32>,
    /// Authority score (0–100), if the scenario moves authority.
    pub authority: Option<u32>,
    /// The learner's quadrant, when both care and authority were scored.
    pub quadrant: Option<Quadrant>,
    /// Weighted share of pieces found, 0–100.
    pub completeness: u32,
    /// Every piece, found or missed, in the scenario's order.
    pub pieces: Vec<PieceResult>,
    /// Warning signs let pass, in order.
    pub triggers_passed: Vec<TriggerPassed>,
    /// The path with feedback, in order.
    pub path: Vec<PathStep>,
    /// In-game time from start to now, in minutes.
    pub minutes_taken: u32,
}

/// Scales `total` to 0–100 between `lowest` and `highest`.
pub fn normalise(total: i64, lowest: i64, highest: i64) -> Option<u32> {
    if highest <= lowest {
        return None;
    }
    let share = (total - lowest) as f64 / (highest - lowest) as f64;
    Some((share * 100.0).round().clamp(0.0, 100.0) as u32)
}

impl Debrief {
    /// Builds the debrief for `session`. `bounds` are the scenario's score bounds from
    /// [`explore`](crate::explore::explore); without them no 0–100 scores are given.
    pub fn new(
        scenario: &Scenario,
        rubric: &Rubric,
        session: &Session,
        bounds: Option<&Bounds>,
    ) -> Debrief {
        let dimensions: Vec<DimensionScore> = rubric
            .dimensions
            .iter()
            .map(|d| {
                let id = d.id.value.clone();
                let total = i64::from(session.totals.get(&id).copied().unwrap_or(0));
                let (lowest, highest) = bounds.and_then(|b| b.get(&id).copied()).unwrap_or((0, 0));
                DimensionScore {
                    score: normalise(total, lowest, highest),
                    id,
                    name: d.name.clone(),
                    total,
                    lowest,
                    highest,
                }
            })
            .collect();
        let score_of = |id: &str| dimensions.iter().find(|d| d.id == id).and_then(|d| d.score);
        let care = score_of(&rubric.grid.care);
        let authority = score_of(&rubric.grid.authority);
        let quadrant = care.zip(authority).map(|(c, a)| rubric.quadrant(c, a));

        let pieces: Vec<PieceResult> = scenario
            .pieces
            .iter()
            .map(|p| PieceResult {
                id: p.id.value.clone(),
                title: p.title.clone(),
                tells: p.tells.clone(),
                source: p.source.clone(),
                weight: p.weight,
                found: session.state.found.contains(&p.id.value),
            })
            .collect();
        let total_weight: u32 = pieces.iter().map(|p| p.weight).sum();
        let found_weight: u32 = pieces.iter().filter(|p| p.found).map(|p| p.weight).sum();
        let completeness = if total_weight == 0 {
            100
        } else {
            ((f64::from(found_weight) / f64::from(total_weight)) * 100.0).round() as u32
        };

        let piece_title = |id: &String| {
            scenario
                .piece(id)
                .map(|p| p.title.clone())
                .unwrap_or_else(|| id.clone())
        };
        let dimension_name = |id: &String| {
            rubric
                .dimension(id)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| id.clone())
        };
        let concept_name = |id: &str| {
            rubric
                .concept(id)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| id.to_string())
        };

        let mut path = Vec::new();
        let mut triggers_passed = Vec::new();
        for step in &session.transcript {
            match step {
                Step::Observed {
                    scene,
                    observation,
                    effects,
                    clock,
                } => {
                    let found = scenario
                        .scene(scene)
                        .and_then(|s| s.observation(observation));
                    path.push(PathStep {
                        scene: scene.clone(),
                        observation: true,
                        text: found
                            .map(|o| o.label.clone())
                            .unwrap_or_else(|| observation.clone()),
                        feedback: found.map(|o| o.feedback.clone()).unwrap_or_default(),
                        score: effects
                            .score
                            .iter()
                            .map(|(d, v)| (dimension_name(d), *v))
                            .collect(),
                        revealed: effects.revealed.iter().map(piece_title).collect(),
                        concepts: Vec::new(),
                        lets_pass: None,
                        clock: format_clock(*clock),
                    });
                }
                Step::Chose {
                    scene,
                    choice,
                    text,
                    effects,
                    clock,
                    ..
                } => {
                    let found = scenario
                        .scene(scene)
                        .and_then(|s| s.choices.get(*choice))
                        .map(|c| &c.value);
                    let lets_pass = found.and_then(|c| c.lets_pass.clone());
                    if let Some(sign) = &lets_pass {
                        triggers_passed.push(TriggerPassed {
                            scene: scene.clone(),
                            choice: text.clone(),
                            sign: sign.clone(),
                        });
                    }
                    path.push(PathStep {
                        scene: scene.clone(),
                        observation: false,
                        text: text.clone(),
                        feedback: found.map(|c| c.feedback.clone()).unwrap_or_default(),
                        score: effects
                            .score
                            .iter()
                            .map(|(d, v)| (dimension_name(d), *v))
                            .collect(),
                        revealed: effects.revealed.iter().map(piece_title).collect(),
                        concepts: found
                            .map(|c| c.concepts.iter().map(|id| concept_name(id)).collect())
                            .unwrap_or_default(),
                        lets_pass,
                        clock: format_clock(*clock),
                    });
                }
                Step::Scene { .. } | Step::Ended { .. } => {}
            }
        }

        let ending = session
            .state
            .ending
            .as_deref()
            .and_then(|id| scenario.ending(id))
            .map(|e| (e.title.clone(), e.text.clone(), e.kind));
        let started = scenario.start_minute().unwrap_or(9 * 60);

        Debrief {
            title: scenario.title.clone(),
            finished: session.is_finished(),
            ending,
            dimensions,
            care,
            authority,
            quadrant,
            completeness,
            pieces,
            triggers_passed,
            path,
            minutes_taken: session.state.clock.saturating_sub(started),
        }
    }

    /// The debrief as plain text, for the terminal and for reports.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "DEBRIEF: {}", self.title);
        let _ = writeln!(out, "{}", "=".repeat(9 + self.title.chars().count()));
        match &self.ending {
            Some((title, text, kind)) => {
                let _ = writeln!(out, "\nHow it ended: {title} ({})\n{text}", kind.label());
            }
            None => {
                let _ = writeln!(out, "\nThe session was left before an ending.");
            }
        }
        let _ = writeln!(out, "\nIn-game time taken: {} minutes", self.minutes_taken);

        let _ = writeln!(out, "\nYOUR PRACTICE, DIMENSION BY DIMENSION");
        let _ = writeln!(
            out,
            "(0 = the lowest total this scenario makes possible, 100 = the highest)"
        );
        for d in &self.dimensions {
            match d.score {
                Some(score) => {
                    let bar = "#".repeat((score / 5) as usize);
                    let _ = writeln!(
                        out,
                        "  {:<26} {:>3}  {:<20}  (total {}, range {} to {})",
                        d.name, score, bar, d.total, d.lowest, d.highest
                    );
                }
                None => {
                    let _ = writeln!(out, "  {:<26}   -  not assessed in this scenario", d.name);
                }
            }
        }

        let _ = writeln!(out, "\nCARE AND AUTHORITY");
        match (self.quadrant, self.care, self.authority) {
            (Some(q), Some(care), Some(authority)) => {
                let _ = writeln!(
                    out,
                    "  Care {care}, authority {authority}: {} ({}).\n  {}",
                    q.word(),
                    q.style(),
                    q.meaning()
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "  This scenario does not score both care and authority."
                );
            }
        }

        let _ = writeln!(out, "\nTHE JIGSAW: {}% complete", self.completeness);
        for p in &self.pieces {
            let mark = if p.found { "found " } else { "MISSED" };
            let source = if p.source.is_empty() {
                String::new()
            } else {
                format!(" ({})", p.source)
            };
            let tells = if p.tells.is_empty() {
                String::new()
            } else {
                format!(": {}", p.tells)
            };
            let _ = writeln!(out, "  [{mark}] {}{source}{tells}", p.title);
        }

        let _ = writeln!(out, "\nWARNING SIGNS LET PASS");
        if self.triggers_passed.is_empty() {
            let _ = writeln!(out, "  None: you followed up every warning sign you met.");
        }
        for t in &self.triggers_passed {
            let _ = writeln!(out, "  - {} (when you chose: \"{}\")", t.sign, t.choice);
        }

        let _ = writeln!(out, "\nYOUR PATH, STEP BY STEP");
        for (n, step) in self.path.iter().enumerate() {
            let what = if step.observation { "Looked" } else { "Chose" };
            let _ = writeln!(
                out,
                "\n{:>2}. [{}] {what}: {}",
                n + 1,
                step.clock,
                step.text
            );
            if !step.score.is_empty() {
                let scores = step
                    .score
                    .iter()
                    .map(|(d, v)| format!("{d} {v:+}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let _ = writeln!(out, "    Scores: {scores}");
            }
            if !step.revealed.is_empty() {
                let _ = writeln!(out, "    Found: {}", step.revealed.join("; "));
            }
            if let Some(sign) = &step.lets_pass {
                let _ = writeln!(out, "    Let pass: {sign}");
            }
            if !step.feedback.is_empty() {
                let _ = writeln!(out, "    {}", step.feedback);
            }
            if !step.concepts.is_empty() {
                let _ = writeln!(out, "    Concepts: {}", step.concepts.join(", "));
            }
        }
        out
    }
}
