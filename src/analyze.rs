//! What a trainer wants to know about a scenario before a class plays it: how each ending
//! is reached, the lowest and highest total on each dimension and a path to each, how many
//! distinct paths there are, the shortest and longest play, which pieces most paths find,
//! and what a class of simulated learners would score.
//!
//! The exact part comes from [`path_facts`](crate::explore::path_facts) and
//! [`routes`](crate::explore::routes); the simulated part plays seeded sessions through
//! the [`engine`](crate::engine) with a choice [`Policy`] and scores each with the
//! [`Debrief`] a learner would see. [`analyze`] returns one serialisable [`Analysis`], so
//! the command line prints it or writes JSON, and the app can show it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::debrief::Debrief;
use crate::engine::{Scripted, Session};
use crate::explore::{Bounds, Extreme, PathCount, SEEDS_TRIED, path_facts};
use crate::rubric::{Quadrant, Rubric};
use crate::scenario::{Scenario, parse_clock};

/// How simulated learners choose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Every offered choice is equally likely.
    Uniform,
    /// Choices that raise this dimension are favoured: each is weighted 2 to the power of
    /// its change to the dimension (so +2 is four times as likely as 0, and -1 half as).
    Favour(String),
    /// The opposite: choices that lower this dimension are favoured.
    Avoid(String),
}

impl std::str::FromStr for Policy {
    type Err = String;

    fn from_str(text: &str) -> Result<Policy, String> {
        match text.split_once(':') {
            None if text == "uniform" => Ok(Policy::Uniform),
            Some(("favour" | "favor", d)) if !d.is_empty() => Ok(Policy::Favour(d.to_string())),
            Some(("avoid", d)) if !d.is_empty() => Ok(Policy::Avoid(d.to_string())),
            _ => Err(format!(
                "`{text}` is not a policy: use `uniform`, `favour:<dimension>` or `avoid:<dimension>`"
            )),
        }
    }
}

impl std::fmt::Display for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Policy::Uniform => write!(f, "uniform"),
            Policy::Favour(d) => write!(f, "favour:{d}"),
            Policy::Avoid(d) => write!(f, "avoid:{d}"),
        }
    }
}

/// What to simulate.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// How many playthroughs.
    pub runs: usize,
    /// The first seed; run `i` uses `seed + i` for both the scenario's random picks and
    /// the learner's choices, so the same options give the same figures.
    pub seed: u64,
    /// How choices are made.
    pub policy: Policy,
    /// The chance that a simulated learner makes each offered observation before choosing.
    pub look: f64,
    /// The most steps one playthrough may take (a loop could otherwise go on for ever).
    pub max_steps: usize,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            runs: 0,
            seed: 1,
            policy: Policy::Uniform,
            look: 0.5,
            max_steps: 100_000,
        }
    }
}

/// A number of paths, for people and for JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Count {
    /// The exact number, as text (it may not fit a JSON number), when known.
    pub exact: Option<String>,
    /// Its power of ten, when too large to count exactly.
    pub about_power_of_ten: Option<f64>,
    /// True when a loop makes the number unlimited.
    pub unlimited: bool,
    /// In words.
    pub text: String,
}

impl From<PathCount> for Count {
    fn from(count: PathCount) -> Count {
        Count {
            exact: match count {
                PathCount::Exact(n) => Some(n.to_string()),
                _ => None,
            },
            about_power_of_ten: match count {
                PathCount::About(l) => Some((l * 100.0).round() / 100.0),
                _ => None,
            },
            unlimited: count == PathCount::Unlimited,
            text: count.to_string(),
        }
    }
}

/// A path to play, ready for `jigsaw play --seed S --inputs ...`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Walkthrough {
    /// The value it gives (a total, or minutes).
    pub value: i64,
    /// The steps, comma-separated, as `--inputs` takes them.
    pub inputs: String,
    /// How many steps.
    pub steps: usize,
    /// A seed that makes the random picks on the way go this way, if one was found.
    pub seed: Option<u64>,
    /// The ending it reaches.
    pub ending: String,
    /// False when a loop can push the value further (then this is the best found).
    pub exact: bool,
}

/// One ending.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EndingReport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// "Good", "Mixed" or "Poor".
    pub kind: String,
    /// Distinct paths that reach it.
    pub paths: Count,
    /// A shortest way there (fewest steps).
    pub shortest: Option<Walkthrough>,
}

/// One dimension's range over complete paths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionReport {
    /// Its id.
    pub id: String,
    /// Its name in the rubric.
    pub name: String,
    /// The lowest total and a path to it; `None` if nothing scores it.
    pub lowest: Option<Walkthrough>,
    /// The highest total and a path to it.
    pub highest: Option<Walkthrough>,
}

/// One piece.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PieceReport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// How many paths can find it.
    pub paths: Count,
    /// The share of all paths, 0–1, when both counts are exact or estimated.
    pub share: Option<f64>,
}

/// Five-number summary and mean.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Lowest.
    pub min: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub median: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Highest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Summary {
    fn of(values: &mut [f64]) -> Option<Summary> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(|a, b| a.total_cmp(b));
        let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
        Some(Summary {
            min: values[0],
            p10: at(0.1),
            median: at(0.5),
            p90: at(0.9),
            max: values[values.len() - 1],
            mean: values.iter().sum::<f64>() / values.len() as f64,
        })
    }
}

/// One dimension across the simulated runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Distribution {
    /// The dimension's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Raw totals.
    pub totals: Option<Summary>,
    /// 0–100 scores, as the debrief gives them (when the dimension is scored).
    pub scores: Option<Summary>,
    /// Runs per tenth of the 0–100 scale (0–9, 10–19, ..., 90–100).
    pub histogram: [u32; 10],
}

/// A share of runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    /// What (an ending id, a quadrant word).
    pub what: String,
    /// How many runs.
    pub runs: u32,
    /// As a share of finished runs, 0–1.
    pub share: f64,
}

/// What the simulated class did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Simulation {
    /// How many runs.
    pub runs: usize,
    /// The first seed.
    pub seed: u64,
    /// The policy, as written on the command line.
    pub policy: String,
    /// The chance of making each offered observation.
    pub look: f64,
    /// Runs that reached an ending.
    pub finished: usize,
    /// Per dimension.
    pub dimensions: Vec<Distribution>,
    /// Quadrant shares, then "not placed".
    pub quadrants: Vec<Share>,
    /// Ending frequencies, in the scenario's order.
    pub endings: Vec<Share>,
    /// Jigsaw completeness, 0–100.
    pub completeness: Option<Summary>,
    /// In-game minutes.
    pub minutes: Option<Summary>,
}

/// Everything `jigsaw analyze` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The scenario's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether every path was walked (else the exact figures cover the paths walked).
    pub complete: bool,
    /// Why the walk stopped, when it did.
    pub stopped: Option<String>,
    /// Situations walked (scene, what was looked at, live facts).
    pub situations: usize,
    /// States (scene entered, live facts).
    pub states: usize,
    /// Endings, in the scenario's order.
    pub endings: Vec<EndingReport>,
    /// Per dimension, in rubric order (then any the rubric does not name).
    pub dimensions: Vec<DimensionReport>,
    /// Distinct paths from the start to an ending.
    pub paths: Count,
    /// Shortest play, in in-game minutes.
    pub shortest_play: Option<Walkthrough>,
    /// Longest play, in in-game minutes.
    pub longest_play: Option<Walkthrough>,
    /// Pieces, most-found first.
    pub pieces: Vec<PieceReport>,
    /// The simulated class, when runs were asked for.
    pub simulation: Option<Simulation>,
}

/// A seed under which `steps` reach `ending` (and, if given, `check` holds of the
/// session), tried in order; `None` if none of the first [`SEEDS_TRIED`] does.
fn seed_for(
    scenario: &Scenario,
    steps: &[Scripted],
    ending: &str,
    check: &dyn Fn(&Session) -> bool,
) -> Option<u64> {
    let random = scenario
        .scenes
        .iter()
        .any(|s| s.choices.iter().any(|c| c.random.is_some()));
    if !random {
        // Without random picks every seed plays the same: the path is exact by
        // construction (the tests replay every extreme to check it), so skip the replay,
        // which costs as much as the analysis on a long story.
        return Some(0);
    }
    let tries = SEEDS_TRIED;
    // Long scripts get fewer tries, so one analysis stays quick.
    let tries = tries.min((2_000_000 / (steps.len() as u64 + 1)).max(1));
    (0..tries).find(|seed| {
        Session::play_script(scenario, *seed, steps)
            .is_ok_and(|session| session.state.ending.as_deref() == Some(ending) && check(&session))
    })
}

fn inputs(steps: &[Scripted]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Scripted::Pick(n) => n.to_string(),
            Scripted::Look(id) => format!("look:{id}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn walkthrough(
    scenario: &Scenario,
    extreme: &Extreme,
    check: &dyn Fn(&Session) -> bool,
) -> Walkthrough {
    Walkthrough {
        value: extreme.value,
        inputs: inputs(&extreme.steps),
        steps: extreme.steps.len(),
        seed: seed_for(scenario, &extreme.steps, &extreme.ending, check),
        ending: extreme.ending.clone(),
        exact: extreme.exact,
    }
}

/// The exact analysis of `scenario`, then `runs` simulated playthroughs scored against
/// `rubric` and `bounds` (the check's score bounds). `progress` is told after each run.
pub fn analyze(
    scenario: &Scenario,
    rubric: &Rubric,
    bounds: Option<&Bounds>,
    runs: &RunOptions,
    progress: &mut dyn FnMut(usize),
) -> Analysis {
    let facts = path_facts(scenario);
    let found_routes = &facts.routes;
    let started = parse_clock(&scenario.starts_at).unwrap_or(9 * 60);

    let endings = scenario
        .endings
        .iter()
        .map(|e| EndingReport {
            id: e.id.value.clone(),
            title: e.title.clone(),
            kind: format!("{:?}", e.kind),
            paths: facts
                .endings
                .iter()
                .find(|(id, _)| *id == e.id.value)
                .map(|(_, c)| Count::from(*c))
                .unwrap_or_else(|| PathCount::Exact(0).into()),
            shortest: found_routes
                .iter()
                .find(|r| r.ending == e.id.value)
                .map(|r| Walkthrough {
                    value: r.steps.len() as i64,
                    inputs: inputs(&r.steps),
                    steps: r.steps.len(),
                    seed: r.seed,
                    ending: r.ending.clone(),
                    exact: true,
                }),
        })
        .collect();

    let mut ids: Vec<(String, String)> = rubric
        .dimensions
        .iter()
        .map(|d| (d.id.value.clone(), d.name.clone()))
        .collect();
    for d in &facts.dimensions {
        if !ids.iter().any(|(id, _)| *id == d.dimension) {
            ids.push((d.dimension.clone(), d.dimension.clone()));
        }
    }
    let dimensions = ids
        .into_iter()
        .map(|(id, name)| {
            let paths = facts.dimensions.iter().find(|d| d.dimension == id);
            let total_is = |value: i64| {
                let id = id.clone();
                move |s: &Session| i64::from(s.totals.get(&id).copied().unwrap_or(0)) == value
            };
            DimensionReport {
                lowest: paths.map(|p| walkthrough(scenario, &p.lowest, &total_is(p.lowest.value))),
                highest: paths
                    .map(|p| walkthrough(scenario, &p.highest, &total_is(p.highest.value))),
                id,
                name,
            }
        })
        .collect();
    let minutes_are =
        |value: i64| move |s: &Session| i64::from(s.state.clock) - i64::from(started) == value;
    let shortest_play = facts
        .shortest
        .as_ref()
        .map(|e| walkthrough(scenario, e, &minutes_are(e.value)));
    let longest_play = facts
        .longest
        .as_ref()
        .map(|e| walkthrough(scenario, e, &minutes_are(e.value)));

    let total = facts.paths;
    let mut pieces: Vec<PieceReport> = scenario
        .pieces
        .iter()
        .map(|p| {
            let count = facts
                .pieces
                .iter()
                .find(|(id, _)| *id == p.id.value)
                .map(|(_, c)| *c)
                .unwrap_or(PathCount::Exact(0));
            PieceReport {
                id: p.id.value.clone(),
                title: p.title.clone(),
                paths: count.into(),
                share: share(count, total),
            }
        })
        .collect();
    pieces.sort_by(|a, b| {
        b.share
            .unwrap_or(0.0)
            .total_cmp(&a.share.unwrap_or(0.0))
            .then(a.id.cmp(&b.id))
    });

    let simulation = (runs.runs > 0).then(|| simulate(scenario, rubric, bounds, runs, progress));
    Analysis {
        id: scenario.id.value.clone(),
        title: scenario.title.clone(),
        complete: facts.complete,
        stopped: facts.stopped.clone(),
        situations: facts.situations,
        states: facts.states,
        endings,
        dimensions,
        paths: total.into(),
        shortest_play,
        longest_play,
        pieces,
        simulation,
    }
}

/// `part` as a share of `whole`, 0–1, when it can be said.
fn share(part: PathCount, whole: PathCount) -> Option<f64> {
    let log = |c: PathCount| match c {
        PathCount::Exact(0) => None,
        PathCount::Exact(n) => Some((n as f64).log10()),
        PathCount::About(l) => Some(l),
        PathCount::Unlimited => None,
    };
    if part.is_zero() && whole != PathCount::Unlimited {
        return Some(0.0);
    }
    Some(10f64.powf(log(part)? - log(whole)?).min(1.0))
}

/// Plays `options.runs` seeded sessions with the policy and sums up their debriefs.
pub fn simulate(
    scenario: &Scenario,
    rubric: &Rubric,
    bounds: Option<&Bounds>,
    options: &RunOptions,
    progress: &mut dyn FnMut(usize),
) -> Simulation {
    let started = parse_clock(&scenario.starts_at).unwrap_or(9 * 60);
    let mut totals: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut scores: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut quadrants: BTreeMap<&'static str, u32> = BTreeMap::new();
    let mut not_placed = 0u32;
    let mut endings: BTreeMap<String, u32> = BTreeMap::new();
    let mut completeness = Vec::new();
    let mut minutes = Vec::new();
    let mut finished = 0usize;
    for run in 0..options.runs {
        let seed = options.seed.wrapping_add(run as u64);
        let Some(session) = play_one(scenario, seed, options) else {
            progress(run + 1);
            continue;
        };
        progress(run + 1);
        if !session.is_finished() {
            continue;
        }
        finished += 1;
        let debrief = Debrief::new(scenario, rubric, &session, bounds);
        for d in &debrief.dimensions {
            totals.entry(d.id.clone()).or_default().push(d.total as f64);
            if let Some(score) = d.score {
                scores
                    .entry(d.id.clone())
                    .or_default()
                    .push(f64::from(score));
            }
        }
        match debrief.quadrant {
            Some(q) => *quadrants.entry(q.word()).or_default() += 1,
            None => not_placed += 1,
        }
        if let Some(ending) = &session.state.ending {
            *endings.entry(ending.clone()).or_default() += 1;
        }
        completeness.push(f64::from(debrief.completeness));
        minutes.push(f64::from(session.state.clock.saturating_sub(started)));
    }
    let of = |n: u32| {
        if finished == 0 {
            0.0
        } else {
            f64::from(n) / finished as f64
        }
    };
    let dimensions = rubric
        .dimensions
        .iter()
        .map(|d| {
            let id = d.id.value.clone();
            let mut score_list = scores.remove(&id).unwrap_or_default();
            let mut histogram = [0u32; 10];
            for s in &score_list {
                histogram[((*s as usize) / 10).min(9)] += 1;
            }
            Distribution {
                totals: Summary::of(
                    totals
                        .get_mut(&id)
                        .map(|v| v.as_mut_slice())
                        .unwrap_or(&mut []),
                ),
                scores: Summary::of(&mut score_list),
                histogram,
                name: d.name.clone(),
                id,
            }
        })
        .collect();
    let mut quadrant_shares: Vec<Share> =
        [Quadrant::With, Quadrant::To, Quadrant::For, Quadrant::Not]
            .iter()
            .map(|q| {
                let n = quadrants.get(q.word()).copied().unwrap_or(0);
                Share {
                    what: q.word().to_string(),
                    runs: n,
                    share: of(n),
                }
            })
            .collect();
    quadrant_shares.push(Share {
        what: "not placed".to_string(),
        runs: not_placed,
        share: of(not_placed),
    });
    let ending_shares = scenario
        .endings
        .iter()
        .map(|e| {
            let n = endings.get(&e.id.value).copied().unwrap_or(0);
            Share {
                what: e.id.value.clone(),
                runs: n,
                share: of(n),
            }
        })
        .collect();
    Simulation {
        runs: options.runs,
        seed: options.seed,
        policy: options.policy.to_string(),
        look: options.look,
        finished,
        dimensions,
        quadrants: quadrant_shares,
        endings: ending_shares,
        completeness: Summary::of(&mut completeness),
        minutes: Summary::of(&mut minutes),
    }
}

/// One simulated learner: observations with chance `look`, choices by the policy.
pub fn play_one(scenario: &Scenario, seed: u64, options: &RunOptions) -> Option<Session> {
    let mut session = Session::start(scenario, seed).ok()?;
    let mut rng =
        rand::rngs::ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5eed);
    let mut steps = 0usize;
    while !session.is_finished() && steps < options.max_steps {
        // Look around first: each offered observation, in a random order, with chance `look`.
        let mut looks: Vec<String> = session
            .offered_observations(scenario)
            .iter()
            .map(|o| o.id.value.clone())
            .collect();
        for i in (1..looks.len()).rev() {
            looks.swap(i, rng.random_range(0..=i));
        }
        for id in looks {
            if rng.random_bool(options.look.clamp(0.0, 1.0)) {
                // It may no longer be offered after an earlier look: then skip it.
                let _ = session.observe(scenario, &id);
                steps += 1;
            }
        }
        let offered = session.offered_choices(scenario);
        if offered.is_empty() {
            break;
        }
        let weight = |c: &crate::scenario::Choice| -> f64 {
            let change = |d: &str| f64::from(c.score.get(d).copied().unwrap_or(0).clamp(-6, 6));
            match &options.policy {
                Policy::Uniform => 1.0,
                Policy::Favour(d) => 2f64.powf(change(d)),
                Policy::Avoid(d) => 2f64.powf(-change(d)),
            }
        };
        let weights: Vec<f64> = offered.iter().map(|(_, c)| weight(c)).collect();
        let sum: f64 = weights.iter().sum();
        let mut roll = rng.random_range(0.0..sum);
        let mut pick = offered[offered.len() - 1].0;
        for ((index, _), w) in offered.iter().zip(&weights) {
            if roll < *w {
                pick = *index;
                break;
            }
            roll -= w;
        }
        if session.choose(scenario, pick).is_err() {
            break;
        }
        steps += 1;
    }
    Some(session)
}

/// The most steps of a path printed in full; longer ones are summarised.
const SHOWN_STEPS: usize = 60;

fn play_line(path: &str, w: &Walkthrough) -> String {
    if w.steps > SHOWN_STEPS {
        return format!(
            "{} steps, ending `{}` (see --format json for the inputs)",
            w.steps, w.ending
        );
    }
    match w.seed {
        Some(seed) => format!("jigsaw play {path} --seed {seed} --inputs {}", w.inputs),
        None => format!(
            "jigsaw play {path} --inputs {} (no seed found that makes the random picks go this way)",
            w.inputs
        ),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn summary(s: &Summary) -> String {
    format!(
        "lowest {:.0}, 10% {:.0}, median {:.0}, 90% {:.0}, highest {:.0} (mean {:.1})",
        s.min, s.p10, s.median, s.p90, s.max, s.mean
    )
}

fn bars(histogram: &[u32; 10]) -> String {
    let most = histogram.iter().copied().max().unwrap_or(0).max(1);
    histogram
        .iter()
        .map(|n| {
            if *n == 0 {
                ' '
            } else {
                ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
                    [((*n as usize * 8 - 1) / most as usize).min(7)]
            }
        })
        .collect()
}

impl Analysis {
    /// The analysis as text for the terminal; `path` is how to name the file in the
    /// `jigsaw play` lines.
    pub fn to_text(&self, path: &str) -> String {
        let a = self;
        let mut out = String::new();
        let _ = writeln!(out, "Analysis of \"{}\" ({path})", a.title);
        if a.complete {
            let _ = writeln!(
                out,
                "Every path was walked ({} situations in {} states), so the figures below are exact.",
                a.situations, a.states
            );
        } else {
            let _ = writeln!(
                out,
                "NOTE: the path walk stopped early ({}) after {} situations.\n\
             Path counts below are lower bounds and the extremes are the best among the paths walked;\n\
             the simulated playthroughs (--runs) still cover the whole scenario.",
                a.stopped.as_deref().unwrap_or("a limit was reached"),
                a.situations
            );
        }
        let at_least = if a.complete { "" } else { "at least " };

        let _ = writeln!(out, "\nEndings, and how each is reached");
        for e in &a.endings {
            let _ = writeln!(
                out,
                "  {} ending `{}` \"{}\": {}{} path{}",
                e.kind,
                e.id,
                e.title,
                at_least,
                e.paths.text,
                if e.paths.exact.as_deref() == Some("1") {
                    ""
                } else {
                    "s"
                }
            );
            match &e.shortest {
                Some(w) => {
                    let _ = writeln!(
                        out,
                        "    shortest ({} steps): {}",
                        w.steps,
                        play_line(path, w)
                    );
                }
                None => {
                    let _ = writeln!(out, "    no path reaches this ending");
                }
            }
        }

        let _ = writeln!(
            out,
            "\nScores: the lowest and highest total on a complete path"
        );
        for d in &a.dimensions {
            match (&d.lowest, &d.highest) {
                (Some(lo), Some(hi)) => {
                    let loose = |w: &Walkthrough, word: &str| {
                        if w.exact {
                            String::new()
                        } else {
                            format!(" (a loop can make it {word})")
                        }
                    };
                    let _ = writeln!(
                        out,
                        "  {} (`{}`): {}{} to {}{}",
                        d.name,
                        d.id,
                        lo.value,
                        loose(lo, "lower"),
                        hi.value,
                        loose(hi, "higher")
                    );
                    let _ = writeln!(out, "    lowest:  {}", play_line(path, lo));
                    let _ = writeln!(out, "    highest: {}", play_line(path, hi));
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "  {} (`{}`): not scored in this scenario",
                        d.name, d.id
                    );
                }
            }
        }

        let _ = writeln!(
            out,
            "\nPaths: {}{} distinct path{} from the start to an ending",
            at_least,
            a.paths.text,
            if a.paths.exact.as_deref() == Some("1") {
                ""
            } else {
                "s"
            }
        );
        let _ = writeln!(
            out,
            "  (a path is the choices and random outcomes, with any observation that changes what can happen later)"
        );

        let _ = writeln!(out, "\nPlay time in in-game minutes");
        if let Some(w) = &a.shortest_play {
            let _ = writeln!(out, "  shortest: {} min: {}", w.value, play_line(path, w));
        }
        if let Some(w) = &a.longest_play {
            let _ = writeln!(
                out,
                "  longest:  {} min{}: {}",
                w.value,
                if w.exact {
                    ""
                } else {
                    " (a loop can make it longer)"
                },
                play_line(path, w)
            );
        }

        let _ = writeln!(out, "\nPieces, by how many paths can find them");
        for p in &a.pieces {
            let share = p
                .share
                .map(|s| format!(" ({})", percent(s)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  `{}` \"{}\": {}{} path{}{share}",
                p.id,
                p.title,
                at_least,
                p.paths.text,
                if p.paths.exact.as_deref() == Some("1") {
                    ""
                } else {
                    "s"
                }
            );
        }

        match &a.simulation {
            None => {
                let _ = writeln!(
                    out,
                    "\nAdd --runs 1000 to see how a class of simulated learners would score."
                );
            }
            Some(s) => {
                let _ = writeln!(
                    out,
                    "\nSimulated class: {} playthroughs from seed {}, policy {}, each offered observation made with chance {}",
                    s.runs, s.seed, s.policy, s.look
                );
                if s.finished < s.runs {
                    let _ = writeln!(
                        out,
                        "  {} of them did not reach an ending (stuck, or still looping after many steps)",
                        s.runs - s.finished
                    );
                }
                let _ = writeln!(out, "  Endings:");
                for e in &s.endings {
                    let _ = writeln!(
                        out,
                        "    {:<28} {:>5} {:>6}",
                        e.what,
                        e.runs,
                        percent(e.share)
                    );
                }
                let _ = writeln!(out, "  Quadrants:");
                for q in &s.quadrants {
                    let _ = writeln!(
                        out,
                        "    {:<28} {:>5} {:>6}",
                        q.what,
                        q.runs,
                        percent(q.share)
                    );
                }
                let _ = writeln!(
                    out,
                    "  Scores (0-100, as the debrief gives them; histogram from 0 to 100):"
                );
                for d in &s.dimensions {
                    match &d.scores {
                        Some(scores) => {
                            let _ = writeln!(
                                out,
                                "    {:<24} |{}| {}",
                                d.name,
                                bars(&d.histogram),
                                summary(scores)
                            );
                        }
                        None => {
                            let _ = writeln!(out, "    {:<24} not scored", d.name);
                        }
                    }
                }
                if let Some(c) = &s.completeness {
                    let _ = writeln!(out, "  Jigsaw completeness: {}", summary(c));
                }
                if let Some(m) = &s.minutes {
                    let _ = writeln!(out, "  Minutes: {}", summary(m));
                }
            }
        }
        out
    }
}
