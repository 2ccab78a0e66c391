//! Test plans: a trainer's own checks that a scenario still plays the way they meant.
//!
//! A plan file (`<name>.plan.ron`) names a scenario and lists playthroughs: a seed, the
//! steps as `jigsaw play --inputs` takes them, and what should be true, such as the ending
//! reached, a dimension's score range, the quadrant, pieces found or missed, or a choice
//! offered (or not) at a step. [`run_plan_file`] plays each one through the
//! [`engine`](crate::engine), scores it with the [`Debrief`] a learner would see, and turns
//! every expectation that does not hold into a [`Diagnostic`] at the place in the plan
//! where it was written, so a failure reads like a `jigsaw check` error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::debrief::Debrief;
use crate::diagnostic::{Diagnostic, suggest};
use crate::engine::{Scripted, Session, parse_script};
use crate::rubric::{Quadrant, RubricFile};
use crate::scenario::{EndingKind, Scenario, Span, Spanned, parse_str};
use crate::validate::{CheckOptions, check_file_with};

/// How a plan file's name ends.
pub const PLAN_SUFFIX: &str = ".plan.ron";

/// Whether `path` is a test plan (its name ends in `.plan.ron`).
pub fn is_plan(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(PLAN_SUFFIX))
}

/// A test plan file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestPlan {
    /// The scenario: a file path relative to the plan's folder, or a scenario id found
    /// beside the plan or in the folder above it.
    pub scenario: Spanned<String>,
    /// The playthroughs.
    pub playthroughs: Vec<Spanned<Playthrough>>,
}

/// One playthrough and what should be true.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playthrough {
    /// What it shows, in a few words.
    pub name: String,
    /// The seed for random picks (as `jigsaw play --seed`).
    #[serde(default)]
    pub seed: u64,
    /// The steps, as `jigsaw play --inputs` takes them: `"look:record,1,2"`.
    pub inputs: Spanned<String>,
    /// What should be true (at the end, unless the expectation names a step).
    pub expect: Vec<Spanned<Expect>>,
}

/// A lower and upper limit; either may be left out.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The least allowed.
    #[serde(default)]
    pub at_least: Option<i64>,
    /// The most allowed.
    #[serde(default)]
    pub at_most: Option<i64>,
}

/// One expectation.
#[derive(Clone, Debug, Deserialize)]
pub enum Expect {
    /// This ending is reached.
    Ending(String),
    /// An ending of this kind is reached.
    EndingKind(EndingKind),
    /// The learner is placed in this quadrant.
    Quadrant(Quadrant),
    /// The learner is not placed on the grid (too few decisions).
    NotPlaced,
    /// A dimension's 0–100 score, as the debrief gives it.
    Score {
        /// The dimension's id.
        dimension: String,
        /// The least allowed.
        #[serde(default)]
        at_least: Option<i64>,
        /// The most allowed.
        #[serde(default)]
        at_most: Option<i64>,
    },
    /// A dimension's raw total.
    Total {
        /// The dimension's id.
        dimension: String,
        /// The least allowed.
        #[serde(default)]
        at_least: Option<i64>,
        /// The most allowed.
        #[serde(default)]
        at_most: Option<i64>,
    },
    /// A meter's value at the end.
    Meter {
        /// The meter's id.
        meter: String,
        /// The least allowed.
        #[serde(default)]
        at_least: Option<i64>,
        /// The most allowed.
        #[serde(default)]
        at_most: Option<i64>,
    },
    /// Jigsaw completeness, 0–100.
    Completeness(Limits),
    /// How many warning signs were let pass.
    LetsPass(Limits),
    /// In-game minutes taken.
    Minutes(Limits),
    /// These pieces are found.
    Found(Vec<String>),
    /// These pieces are not found.
    Missed(Vec<String>),
    /// This scene is shown on the way.
    Visited(String),
    /// This scene is never shown.
    NotVisited(String),
    /// Before step `step` (1-based) is taken, a choice whose text contains `choice` is offered.
    Offered {
        /// The step before which to look (1 = at the start).
        step: usize,
        /// Part of the choice's text.
        choice: String,
    },
    /// Before step `step` is taken, no choice whose text contains `choice` is offered.
    NotOffered {
        /// The step before which to look.
        step: usize,
        /// Part of the choice's text.
        choice: String,
    },
}

/// One playthrough's outcome.
#[derive(Clone, Debug)]
pub struct PlaythroughResult {
    /// Its name.
    pub name: String,
    /// How many expectations held.
    pub passed: usize,
    /// Each problem: a step that could not be taken, or an expectation that did not hold.
    pub failures: Vec<Diagnostic>,
}

/// A plan file's outcome.
#[derive(Clone, Debug)]
pub struct PlanReport {
    /// The plan file.
    pub path: PathBuf,
    /// Its text, for rendering the diagnostics.
    pub source: String,
    /// The scenario it tests, when found.
    pub scenario: Option<PathBuf>,
    /// Problems with the plan as a whole (it does not parse, or its scenario is missing or
    /// has errors).
    pub problems: Vec<Diagnostic>,
    /// Each playthrough, in order.
    pub playthroughs: Vec<PlaythroughResult>,
}

impl PlanReport {
    /// Whether everything held.
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.playthroughs.iter().all(|p| p.failures.is_empty())
    }

    /// Every problem and failure, in file order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems
            .iter()
            .chain(self.playthroughs.iter().flat_map(|p| p.failures.iter()))
    }
}

/// Every plan file under `folder` (or `folder` itself if it is a plan), sorted.
pub fn plan_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    if folder.is_file() {
        return Ok(vec![folder.to_path_buf()]);
    }
    crate::store::files_under(folder, is_plan)
}

/// Where the plan's scenario is.
fn find_scenario(plan: &Path, named: &str) -> Option<PathBuf> {
    let folder = plan.parent().unwrap_or(Path::new("."));
    let direct = folder.join(named);
    if direct.is_file() {
        return Some(direct);
    }
    [folder.to_path_buf(), folder.join("..")]
        .into_iter()
        .map(|f| f.join(format!("{named}.ron")))
        .find(|p| p.is_file())
}

/// Reads and runs one plan file.
pub fn run_plan_file(path: &Path) -> PlanReport {
    let mut report = PlanReport {
        path: path.to_path_buf(),
        source: String::new(),
        scenario: None,
        problems: Vec::new(),
        playthroughs: Vec::new(),
    };
    let source = match crate::scenario::read_source(path, "test plan") {
        Ok(source) => source,
        Err((source, diagnostic)) => {
            report.source = source;
            report.problems.push(diagnostic);
            return report;
        }
    };
    report.source = source;
    let source = report.source.as_str();
    let plan: TestPlan = match parse_str(source, path, "TestPlan") {
        Ok(plan) => plan,
        Err(diagnostic) => {
            report.problems.push(diagnostic);
            return report;
        }
    };
    let Some(scenario_path) = find_scenario(path, &plan.scenario.value) else {
        report.problems.push(
            Diagnostic::error(
                "plan-scenario",
                path,
                source,
                Some(plan.scenario.span),
                format!("no scenario `{}` beside this plan", plan.scenario.value),
            )
            .with_label("not found")
            .with_hint("give the scenario file's path relative to this plan, e.g. `../my-scenario.ron`, or its id"),
        );
        return report;
    };
    report.scenario = Some(scenario_path.clone());
    let rubric_file = RubricFile::for_folder(scenario_path.parent().unwrap_or(Path::new(".")));
    let rubric = match rubric_file.rubric {
        Ok(rubric) => rubric,
        Err(diagnostic) => {
            report.problems.push(diagnostic);
            return report;
        }
    };
    let checked = check_file_with(&scenario_path, &rubric, CheckOptions { approximate: true });
    let Some(scenario) = checked.playable() else {
        report.problems.push(
            Diagnostic::error(
                "plan-scenario",
                path,
                source,
                Some(plan.scenario.span),
                format!(
                    "the scenario `{}` has errors, so it cannot be played",
                    crate::diagnostic::shown(&scenario_path)
                ),
            )
            .with_label("has errors")
            .with_hint(format!(
                "run `jigsaw check {}`",
                crate::diagnostic::shown(&scenario_path)
            )),
        );
        return report;
    };
    for playthrough in &plan.playthroughs {
        let result = run_playthrough(
            path,
            source,
            scenario,
            &rubric,
            checked.bounds(),
            playthrough,
        );
        report.playthroughs.push(result);
    }
    report
}

/// The byte spans of each step inside an `inputs` string literal.
fn step_spans(inputs: &Spanned<String>, source: &str) -> Vec<Span> {
    // The literal's text in the file, quotes included; steps are found in it by position.
    let literal = source.get(inputs.span.range()).unwrap_or("");
    let body_start = inputs.span.start + literal.find('"').map_or(0, |q| q + 1);
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in inputs
        .value
        .char_indices()
        .chain([(inputs.value.len(), ',')])
    {
        let separator = c == ',' || c.is_whitespace();
        match (separator, start) {
            (true, Some(s)) => {
                spans.push(Span::new(body_start + s..body_start + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    spans
}

fn within(value: i64, limits: Limits) -> bool {
    limits.at_least.is_none_or(|l| value >= l) && limits.at_most.is_none_or(|m| value <= m)
}

fn limits_text(limits: Limits) -> String {
    match (limits.at_least, limits.at_most) {
        (Some(l), Some(m)) => format!("between {l} and {m}"),
        (Some(l), None) => format!("at least {l}"),
        (None, Some(m)) => format!("at most {m}"),
        (None, None) => "anything".to_string(),
    }
}

fn run_playthrough(
    path: &Path,
    source: &str,
    scenario: &Scenario,
    rubric: &crate::rubric::Rubric,
    bounds: Option<&crate::explore::Bounds>,
    playthrough: &Spanned<Playthrough>,
) -> PlaythroughResult {
    let p = &playthrough.value;
    let mut result = PlaythroughResult {
        name: p.name.clone(),
        passed: 0,
        failures: Vec::new(),
    };
    let error = |span: Span, code: &'static str, message: String| {
        Diagnostic::error(
            code,
            path,
            source,
            Some(span),
            format!("{}: {message}", p.name),
        )
    };
    let steps = match parse_script(&p.inputs.value) {
        Ok(steps) => steps,
        Err(message) => {
            result
                .failures
                .push(error(p.inputs.span, "plan-step", message));
            return result;
        }
    };
    let spans = step_spans(&p.inputs, source);
    let mut session = match Session::start(scenario, p.seed) {
        Ok(session) => session,
        Err(e) => {
            result
                .failures
                .push(error(playthrough.span, "plan-step", e.to_string()));
            return result;
        }
    };
    // What was offered before each step (and after the last), for `Offered` expectations.
    let mut offered: Vec<Vec<String>> = Vec::new();
    let mut stopped_at: Option<usize> = None;
    for (n, step) in steps.iter().enumerate() {
        offered.push(
            session
                .offered_choices(scenario)
                .iter()
                .map(|(_, c)| c.text.clone())
                .collect(),
        );
        let applied = session
            .resolve(scenario, step)
            .and_then(|input| session.apply(scenario, &input));
        if let Err(e) = applied {
            let span = spans.get(n).copied().unwrap_or(p.inputs.span);
            let shown = match step {
                Scripted::Pick(k) => k.to_string(),
                Scripted::Look(id) => format!("look:{id}"),
            };
            let here = if session.is_finished() {
                "the scenario had already ended".to_string()
            } else {
                let choices = session.offered_choices(scenario).len();
                let looks: Vec<String> = session
                    .offered_observations(scenario)
                    .iter()
                    .map(|o| format!("look:{}", o.id.value))
                    .collect();
                let mut hint = format!(
                    "in scene `{}`, choices 1 to {choices} are offered",
                    session.state.scene
                );
                if !looks.is_empty() {
                    hint.push_str(&format!(", and {}", looks.join(", ")));
                }
                if let Scripted::Look(id) = step
                    && let Some(guess) = suggest(
                        id,
                        session
                            .offered_observations(scenario)
                            .iter()
                            .map(|o| o.id.value.as_str()),
                    )
                {
                    hint.push_str(&format!("; did you mean `look:{guess}`?"));
                }
                hint
            };
            result.failures.push(
                error(
                    span,
                    "plan-step",
                    format!("step {} (`{shown}`) cannot be taken: {e}", n + 1),
                )
                .with_label(format!("step {}", n + 1))
                .with_hint(here),
            );
            stopped_at = Some(n + 1);
            break;
        }
    }
    if stopped_at.is_some() {
        // The expectations are about a playthrough that did not happen.
        return result;
    }
    offered.push(
        session
            .offered_choices(scenario)
            .iter()
            .map(|(_, c)| c.text.clone())
            .collect(),
    );
    let debrief = Debrief::new(scenario, rubric, &session, bounds);
    let at_end = format!("after all {} steps", steps.len());
    let started = scenario.start_minute().unwrap_or(9 * 60);
    for expectation in &p.expect {
        let failure: Option<String> = match &expectation.value {
            Expect::Ending(id) => match &session.state.ending {
                Some(e) if e == id => None,
                Some(e) => Some(format!("expected the ending `{id}`, but reached `{e}`")),
                None => Some(format!(
                    "expected the ending `{id}`, but the playthrough stopped in scene `{}` {at_end}",
                    session.state.scene
                )),
            },
            Expect::EndingKind(kind) => match &debrief.ending {
                Some((_, _, k)) if k == kind => None,
                Some((title, _, k)) => Some(format!(
                    "expected a {kind:?} ending, but reached \"{title}\" ({k:?})"
                )),
                None => Some(format!(
                    "expected a {kind:?} ending, but no ending was reached {at_end}"
                )),
            },
            Expect::Quadrant(q) => match debrief.quadrant {
                Some(got) if got == *q => None,
                Some(got) => Some(format!(
                    "expected the {} quadrant, but the learner was placed in {} (care {}, authority {})",
                    q.word(),
                    got.word(),
                    debrief.care.map_or("-".into(), |c| c.to_string()),
                    debrief.authority.map_or("-".into(), |c| c.to_string())
                )),
                None => Some(format!(
                    "expected the {} quadrant, but the learner was not placed on the grid",
                    q.word()
                )),
            },
            Expect::NotPlaced => debrief.quadrant.map(|q| {
                format!(
                    "expected no quadrant, but the learner was placed in {}",
                    q.word()
                )
            }),
            Expect::Score {
                dimension,
                at_least,
                at_most,
            }
            | Expect::Total {
                dimension,
                at_least,
                at_most,
            } => {
                let limits = Limits {
                    at_least: *at_least,
                    at_most: *at_most,
                };
                let raw = matches!(expectation.value, Expect::Total { .. });
                match debrief.dimensions.iter().find(|d| d.id == *dimension) {
                    None => Some(format!(
                        "the rubric has no dimension `{dimension}`{}",
                        suggest(dimension, debrief.dimensions.iter().map(|d| d.id.as_str()))
                            .map(|g| format!(" (did you mean `{g}`?)"))
                            .unwrap_or_default()
                    )),
                    Some(d) if raw => (!within(d.total, limits)).then(|| {
                        format!(
                            "expected the {} total to be {}, but it is {}",
                            d.name,
                            limits_text(limits),
                            d.total
                        )
                    }),
                    Some(d) => match d.score {
                        None => Some(format!(
                            "expected a {} score, but this scenario does not score {}",
                            d.name, d.name
                        )),
                        Some(score) => (!within(i64::from(score), limits)).then(|| {
                            format!(
                                "expected the {} score to be {}, but it is {score} (total {} between {} and {})",
                                d.name,
                                limits_text(limits),
                                d.total,
                                d.lowest,
                                d.highest
                            )
                        }),
                    },
                }
            }
            Expect::Meter {
                meter,
                at_least,
                at_most,
            } => {
                let limits = Limits {
                    at_least: *at_least,
                    at_most: *at_most,
                };
                match session.state.meters.get(meter) {
                    None => Some(format!("the scenario has no meter `{meter}`")),
                    Some(v) => (!within(i64::from(*v), limits)).then(|| {
                        format!(
                            "expected `{meter}` to be {}, but it is {v}",
                            limits_text(limits)
                        )
                    }),
                }
            }
            Expect::Completeness(limits) => (!within(i64::from(debrief.completeness), *limits))
                .then(|| {
                    format!(
                        "expected jigsaw completeness {}, but it is {}",
                        limits_text(*limits),
                        debrief.completeness
                    )
                }),
            Expect::LetsPass(limits) => {
                let n = debrief.signs_let_pass.len() as i64;
                (!within(n, *limits)).then(|| {
                    format!(
                        "expected {} warning signs let pass, but there were {n}",
                        limits_text(*limits)
                    )
                })
            }
            Expect::Minutes(limits) => {
                let n = i64::from(session.state.clock) - i64::from(started);
                (!within(n, *limits)).then(|| {
                    format!(
                        "expected {} in-game minutes, but it took {n}",
                        limits_text(*limits)
                    )
                })
            }
            Expect::Found(pieces) | Expect::Missed(pieces) => {
                let want = matches!(expectation.value, Expect::Found(_));
                let unknown: Vec<&String> = pieces
                    .iter()
                    .filter(|p| scenario.piece(p).is_none())
                    .collect();
                let wrong: Vec<&String> = pieces
                    .iter()
                    .filter(|p| scenario.piece(p).is_some())
                    .filter(|p| session.state.found.contains(*p) != want)
                    .collect();
                if !unknown.is_empty() {
                    Some(format!(
                        "the scenario has no piece {}",
                        unknown
                            .iter()
                            .map(|u| format!("`{u}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                } else if wrong.is_empty() {
                    None
                } else {
                    let list = wrong
                        .iter()
                        .map(|u| format!("`{u}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    Some(if want {
                        format!("expected these pieces to be found, but they were not: {list}")
                    } else {
                        format!("expected these pieces to stay missed, but they were found: {list}")
                    })
                }
            }
            Expect::Visited(scene) | Expect::NotVisited(scene) => {
                let want = matches!(expectation.value, Expect::Visited(_));
                if scenario.scene(scene).is_none() {
                    Some(format!("the scenario has no scene `{scene}`"))
                } else if session.state.visited.contains(scene) != want {
                    Some(if want {
                        format!("expected the scene `{scene}` to be shown, but it never was")
                    } else {
                        format!("expected the scene `{scene}` never to be shown, but it was")
                    })
                } else {
                    None
                }
            }
            Expect::Offered { step, choice } | Expect::NotOffered { step, choice } => {
                let want = matches!(expectation.value, Expect::Offered { .. });
                match offered.get(step.wrapping_sub(1)) {
                    None => Some(format!(
                        "step {step} is not in this playthrough: it has {} steps, so steps 1 to {} can be named",
                        steps.len(),
                        steps.len() + 1
                    )),
                    Some(list) => {
                        let needle = choice.to_lowercase();
                        let found = list.iter().any(|t| t.to_lowercase().contains(&needle));
                        (found != want).then(|| {
                            let numbered: Vec<String> = list
                                .iter()
                                .enumerate()
                                .map(|(i, t)| format!("{}. {}", i + 1, t))
                                .collect();
                            format!(
                                "expected a choice containing \"{choice}\" {} before step {step}; offered were: {}",
                                if want { "to be offered" } else { "not to be offered" },
                                if numbered.is_empty() {
                                    "none".to_string()
                                } else {
                                    numbered.join(" | ")
                                }
                            )
                        })
                    }
                }
            }
        };
        match failure {
            None => result.passed += 1,
            Some(message) => result.failures.push(
                error(expectation.span, "plan-expectation", message).with_label("this expectation"),
            ),
        }
    }
    result
}

/// Counts of plans, playthroughs and expectations, for a summary line.
pub fn totals(reports: &[PlanReport]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    out.insert("plans", reports.len());
    out.insert(
        "playthroughs",
        reports.iter().map(|r| r.playthroughs.len()).sum(),
    );
    out.insert(
        "failed",
        reports
            .iter()
            .map(|r| {
                r.playthroughs
                    .iter()
                    .filter(|p| !p.failures.is_empty())
                    .count()
            })
            .sum(),
    );
    out.insert(
        "expectations",
        reports
            .iter()
            .flat_map(|r| &r.playthroughs)
            .map(|p| p.passed + p.failures.len())
            .sum(),
    );
    out
}
