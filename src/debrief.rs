//! The debrief: what a learner's session shows about their practice.
//!
//! Built from a finished (or abandoned) [`Session`], it gives each dimension's total and a
//! 0–100 score normalised between the lowest and highest totals this scenario makes
//! possible (from the [`explore`](crate::explore) walk), the learner's place on the
//! care/authority grid, how complete their jigsaw is and which pieces they missed, the
//! warning signs they let pass, and the feedback on every step in order. Scores come only
//! from the decisions taken, never from the ending.

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
pub struct SignLetPass {
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
    /// The in-game clock when the learner took the step (before its minutes passed).
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
    /// The learner's quadrant, when both care and authority were scored and the session
    /// had enough decisions to judge.
    pub quadrant: Option<Quadrant>,
    /// How many choices taken moved care or authority.
    pub decisions: u32,
    /// Why the learner is not placed on the grid although both axes are scored (too few
    /// decisions), in words for the learner.
    pub not_placed: Option<String>,
    /// Whether the 0–100 scores are placed on every path the scenario allows; false when
    /// the path analysis had to stop early or a loop can change the score without limit.
    pub bounds_exact: bool,
    /// Weighted share of pieces found, 0–100.
    pub completeness: u32,
    /// Every piece, found or missed, in the scenario's order.
    pub pieces: Vec<PieceResult>,
    /// Warning signs let pass, in order.
    pub signs_let_pass: Vec<SignLetPass>,
    /// The path with feedback, in order.
    pub path: Vec<PathStep>,
    /// In-game time from start to now, in minutes.
    pub minutes_taken: u32,
    /// The scene the session jumped to, when an author started it part-way through (the
    /// app's author mode): its scores cover only what was done after the jump.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jumped_to: Option<String>,
    /// What the in-game time went on, in a scenario with time pressure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeUse>,
    /// The group that played, in classroom mode; it stands where a learner's name would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// In classroom mode, the room's votes at each decision, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<crate::engine::votes::VoteSummary>,
}

/// What the in-game time went on, for a scenario with a time limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TimeUse {
    /// The scenario's budget in minutes, if it sets one.
    pub budget: Option<i64>,
    /// Minutes used in all.
    pub used: u32,
    /// Minutes spent looking and checking (observations).
    pub looking: u32,
    /// Minutes spent on choices.
    pub deciding: u32,
    /// Minutes per scene, in the order the scenes were first shown.
    pub by_scene: Vec<(String, u32)>,
    /// Each time a limit ran out, in words.
    pub ran_out: Vec<String>,
}

impl TimeUse {
    /// What the time went on, for a session of a scenario with time limits.
    pub fn of(scenario: &Scenario, session: &Session) -> Option<TimeUse> {
        if !scenario.has_time_limits() {
            return None;
        }
        let mut by_scene: Vec<(String, u32)> = Vec::new();
        let (mut looking, mut deciding) = (0u32, 0u32);
        for step in &session.transcript {
            let (scene, minutes) = match step {
                Step::Observed { scene, effects, .. } => {
                    looking = looking.saturating_add(effects.minutes);
                    (scene, effects.minutes)
                }
                Step::Chose { scene, effects, .. } => {
                    deciding = deciding.saturating_add(effects.minutes);
                    (scene, effects.minutes)
                }
                Step::Scene { scene, .. } => (scene, 0),
                Step::Ended { .. } => continue,
            };
            match by_scene.iter_mut().find(|(s, _)| s == scene) {
                Some((_, total)) => *total = total.saturating_add(minutes),
                None => by_scene.push((scene.clone(), minutes)),
            }
        }
        let ran_out = session
            .time_outs
            .iter()
            .map(|t| {
                let which = match t.scope {
                    crate::engine::TimeScope::Scenario => "the time for the whole visit",
                    crate::engine::TimeScope::Scene => "the time for this part",
                };
                format!(
                    "In \"{}\", {which} ran out: the story moved to \"{}\" instead of \"{}\".",
                    t.scene, t.then, t.instead_of
                )
            })
            .collect();
        Some(TimeUse {
            budget: scenario.time_limit.as_ref().map(|l| l.value.minutes),
            used: session.state.clock.saturating_sub(session.started_at()),
            looking,
            deciding,
            by_scene,
            ran_out,
        })
    }

    /// The summary as lines of plain text.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.push(match self.budget {
            Some(budget) => format!(
                "You used {}; the time available was {}.",
                format_duration(self.used),
                format_duration(u32::try_from(budget.max(0)).unwrap_or(u32::MAX))
            ),
            None => format!("You used {}.", format_duration(self.used)),
        });
        lines.push(format!(
            "Looking and checking: {}; deciding and acting: {}.",
            format_duration(self.looking),
            format_duration(self.deciding)
        ));
        for (scene, minutes) in self.by_scene.iter().filter(|(_, m)| *m > 0) {
            lines.push(format!("  {scene}: {}", format_duration(*minutes)));
        }
        lines.extend(self.ran_out.iter().cloned());
        lines
    }
}

/// The time left on the tightest time limit in force, in words for the learner, e.g.
/// "20 minutes left for this visit (of 1 hour)".
pub fn time_left_words(left: crate::engine::TimeLeft) -> String {
    let which = match left.scope {
        crate::engine::TimeScope::Scenario => "for this visit",
        crate::engine::TimeScope::Scene => "here",
    };
    if left.minutes <= 0 {
        "Time is up: your next choice moves the story on.".to_string()
    } else {
        let minutes = |m: i64| format_duration(u32::try_from(m.max(0)).unwrap_or(u32::MAX));
        format!(
            "{} left {which} (of {})",
            minutes(left.minutes),
            minutes(left.budget)
        )
    }
}

/// What the debrief says when the scores of a scenario with time limits are approximate.
pub const APPROXIMATE_TIMED: &str = "Approximate: this scenario has a time limit, and the path check does not follow the clock, so these scores are placed between totals that may include a few paths the time limit rules out.";

impl Debrief {
    /// The note shown when the scores are not placed on exactly the paths a learner can take.
    pub fn approximate_note(&self) -> &'static str {
        if self.time.is_some() {
            APPROXIMATE_TIMED
        } else {
            APPROXIMATE
        }
    }
}

/// What the debrief says about a session that started from a jump.
pub fn jump_note(scene: &str) -> String {
    format!(
        "This session started from a jump to the scene \"{scene}\" (author mode), not from the \
         beginning: the scores, pieces and path cover only what happened after the jump."
    )
}

/// What the debrief says when its scores are placed on part of the paths only.
pub const APPROXIMATE: &str = "Approximate: this scenario has more paths than could all be checked, so these scores are placed between the lowest and highest totals found on the paths that were, not on every path.";

/// A span of in-game minutes as a person would say it: "45 minutes", "2 hours and 5
/// minutes", "1 day, 3 hours and 32 minutes".
pub fn format_duration(minutes: u32) -> String {
    let (days, hours, minutes) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    let unit = |n: u32, one: &str| match n {
        1 => format!("1 {one}"),
        _ => format!("{n} {one}s"),
    };
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(unit(days, "day"));
    }
    if hours > 0 {
        parts.push(unit(hours, "hour"));
    }
    if minutes > 0 || parts.is_empty() {
        parts.push(unit(minutes, "minute"));
    }
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.concat(),
    }
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
                let (lowest, highest) = bounds.and_then(|b| b.get(&id)).unwrap_or((0, 0));
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
        let grid_ids = [&rubric.grid.care.value, &rubric.grid.authority.value];
        let decisions = session
            .transcript
            .iter()
            .filter(|step| match step {
                Step::Chose { effects, .. } => grid_ids
                    .iter()
                    .any(|id| effects.score.get(id.as_str()).is_some_and(|v| *v != 0)),
                _ => false,
            })
            .count() as u32;
        let enough = decisions >= rubric.grid.min_decisions;
        let quadrant = care
            .zip(authority)
            .filter(|_| enough)
            .map(|(c, a)| rubric.quadrant(c, a));
        let not_placed = (care.is_some() && authority.is_some() && !enough).then(|| {
            format!(
                "Not enough decisions to place you: {} of your choices moved care or authority, and at least {} are needed to judge your approach.",
                decisions, rubric.grid.min_decisions
            )
        });

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
        let mut signs_let_pass = Vec::new();
        // The clock when each step was taken: the clock after the step before it.
        let mut now = scenario.start_minute().unwrap_or(9 * 60);
        for step in &session.transcript {
            let taken_at = format_clock(now);
            now = match step {
                Step::Scene { clock, .. }
                | Step::Observed { clock, .. }
                | Step::Chose { clock, .. }
                | Step::Ended { clock, .. } => *clock,
            };
            match step {
                Step::Observed {
                    scene,
                    observation,
                    effects,
                    clock: _,
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
                        clock: taken_at.clone(),
                    });
                }
                Step::Chose {
                    scene,
                    choice,
                    text,
                    effects,
                    ..
                } => {
                    let found = scenario
                        .scene(scene)
                        .and_then(|s| s.choices.get(*choice))
                        .map(|c| &c.value);
                    let lets_pass = found.and_then(|c| c.lets_pass.clone());
                    if let Some(sign) = &lets_pass {
                        signs_let_pass.push(SignLetPass {
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
                        clock: taken_at.clone(),
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
            decisions,
            not_placed,
            bounds_exact: bounds.is_none_or(|b| b.exact),
            completeness,
            pieces,
            signs_let_pass,
            path,
            minutes_taken: session.state.clock.saturating_sub(started),
            jumped_to: session.jump.as_ref().map(|j| j.scene.clone()),
            time: TimeUse::of(scenario, session),
            group: session.classroom.as_ref().map(|c| c.group.clone()),
            votes: session
                .classroom
                .iter()
                .flat_map(|c| &c.decisions)
                .map(|d| crate::engine::votes::VoteSummary::of(scenario, d))
                .collect(),
        }
    }
}
