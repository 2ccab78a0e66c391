//! The path explorer: walks every path a learner could take through a scenario.
//!
//! It plays the scenario with the engine's own [`State`] transitions, trying every offered
//! observation and choice and every branch of a random pick, and remembers states it has
//! seen. From that walk come the facts the validator needs (which scenes, endings and
//! pieces some path reaches, where a learner would be stuck) and the scoring bounds: the
//! lowest and highest total each dimension can reach on a complete path, so a learner's
//! score is normalised against what this scenario makes possible rather than against a
//! number the author typed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::engine::{Effects, State};
use crate::scenario::{Condition, Scenario};

/// The most states the explorer visits before it gives up and says so.
pub const MAX_STATES: usize = 250_000;

/// Lowest and highest total a dimension can reach on a complete path.
pub type Bounds = BTreeMap<String, (i64, i64)>;

/// What the walk found.
#[derive(Clone, Debug, Default)]
pub struct Exploration {
    /// Whether every path was explored (false if the scenario has more than
    /// [`MAX_STATES`] distinct states).
    pub complete: bool,
    /// How many distinct states were visited.
    pub states: usize,
    /// Scenes some path shows.
    pub scenes: BTreeSet<String>,
    /// Endings some path reaches.
    pub endings: BTreeSet<String>,
    /// Pieces some path reveals.
    pub pieces: BTreeSet<String>,
    /// (scene, choice index) pairs some path offers.
    pub offered: BTreeSet<(String, usize)>,
    /// Scenes where, on some path, nothing is offered; with an example path of scene ids.
    pub dead_ends: BTreeMap<String, Vec<String>>,
    /// Scenes where some path returns to exactly the same state (a loop that changes
    /// nothing); with an example path.
    pub loops: BTreeMap<String, Vec<String>>,
    /// Score bounds over complete paths from the start; `None` if no path reaches an ending.
    pub bounds: Option<Bounds>,
}

/// Walks every path through `scenario`.
pub fn explore(scenario: &Scenario) -> Exploration {
    let mut walker = Walker {
        scenario,
        relevant: Relevant::of(scenario),
        memo: HashMap::new(),
        on_path: HashSet::new(),
        path: Vec::new(),
        found: Exploration {
            complete: true,
            ..Exploration::default()
        },
    };
    if let Ok(start) = State::start(scenario) {
        walker.found.bounds = walker.visit(start);
    }
    walker.found.states = walker.memo.len();
    walker.found
}

struct Walker<'a> {
    scenario: &'a Scenario,
    relevant: Relevant,
    memo: HashMap<State, Option<Bounds>>,
    on_path: HashSet<State>,
    path: Vec<String>,
    found: Exploration,
}

/// The flags, pieces, meters and scenes some condition looks at. Nothing else in a state
/// can change what is offered later, so two states that agree on these (and on the scene
/// and the observations made there) have the same futures, and the walk visits them once.
/// The clock is never looked at.
#[derive(Default)]
struct Relevant {
    flags: BTreeSet<String>,
    pieces: BTreeSet<String>,
    meters: BTreeSet<String>,
    scenes: BTreeSet<String>,
}

impl Relevant {
    fn of(scenario: &Scenario) -> Relevant {
        let mut relevant = Relevant::default();
        for scene in &scenario.scenes {
            let conditions = scene
                .observations
                .iter()
                .filter_map(|o| o.when.as_ref())
                .chain(scene.choices.iter().filter_map(|c| c.when.as_ref()));
            for condition in conditions {
                relevant.add(condition);
            }
        }
        relevant
    }

    fn add(&mut self, condition: &Condition) {
        match condition {
            Condition::Flag(f) | Condition::NotFlag(f) => {
                self.flags.insert(f.value.clone());
            }
            Condition::Found(p) | Condition::NotFound(p) => {
                self.pieces.insert(p.value.clone());
            }
            Condition::AtLeast(m, _) | Condition::Below(m, _) => {
                self.meters.insert(m.value.clone());
            }
            Condition::Visited(x) | Condition::NotVisited(x) => {
                self.scenes.insert(x.value.clone());
            }
            Condition::All(all) | Condition::Any(all) => all.iter().for_each(|c| self.add(c)),
            Condition::Not(c) => self.add(c),
        }
    }

    /// The part of a state that decides what can happen next.
    fn key(&self, state: &State) -> State {
        State {
            scene: state.scene.clone(),
            ending: state.ending.clone(),
            meters: state
                .meters
                .iter()
                .filter(|(m, _)| self.meters.contains(*m))
                .map(|(m, v)| (m.clone(), *v))
                .collect(),
            flags: state.flags.intersection(&self.flags).cloned().collect(),
            found: state.found.intersection(&self.pieces).cloned().collect(),
            visited: state.visited.intersection(&self.scenes).cloned().collect(),
            observed: state.observed.clone(),
            clock: 0,
        }
    }
}

impl Walker<'_> {
    fn visit(&mut self, state: State) -> Option<Bounds> {
        let key = self.relevant.key(&state);
        if let Some(known) = self.memo.get(&key) {
            return known.clone();
        }
        if self.on_path.contains(&key) {
            let mut path = self.path.clone();
            path.push(state.scene.clone());
            self.found.loops.entry(state.scene.clone()).or_insert(path);
            return None;
        }
        if self.memo.len() >= MAX_STATES {
            self.found.complete = false;
            return None;
        }
        if let Some(ending) = &state.ending {
            self.found.endings.insert(ending.clone());
            let result = Some(Bounds::new());
            self.memo.insert(key, result.clone());
            return result;
        }
        let fresh_scene = self.path.last() != Some(&state.scene);
        if fresh_scene {
            self.path.push(state.scene.clone());
        }
        self.found.scenes.insert(state.scene.clone());
        self.on_path.insert(key.clone());

        let scenario = self.scenario;
        let mut best: Option<Bounds> = None;
        let observations = state.offered_observations(scenario);
        let choices = state.offered_choices(scenario);
        if observations.is_empty() && choices.is_empty() {
            self.found
                .dead_ends
                .entry(state.scene.clone())
                .or_insert_with(|| self.path.clone());
        }
        for observation in observations {
            let mut next = state.clone();
            let effects = next.observe(scenario, observation);
            self.note(&effects);
            let child = self.visit(next);
            merge(&mut best, child, &effects);
        }
        for (index, choice) in choices {
            self.found.offered.insert((state.scene.clone(), index));
            for target in choice.targets_with_weight() {
                if scenario.scene(target).is_none() && scenario.ending(target).is_none() {
                    continue;
                }
                let mut next = state.clone();
                let effects = next.choose(scenario, choice, target);
                self.note(&effects);
                let child = self.visit(next);
                merge(&mut best, child, &effects);
            }
        }

        self.on_path.remove(&key);
        if fresh_scene {
            self.path.pop();
        }
        self.memo.insert(key, best.clone());
        best
    }

    fn note(&mut self, effects: &Effects) {
        self.found.pieces.extend(effects.revealed.iter().cloned());
    }
}

/// Folds one transition's bounds (its effects plus what follows) into the best so far.
fn merge(best: &mut Option<Bounds>, child: Option<Bounds>, effects: &Effects) {
    let Some(mut child) = child else {
        return;
    };
    for (dimension, delta) in &effects.score {
        let entry = child.entry(dimension.clone()).or_insert((0, 0));
        entry.0 += i64::from(*delta);
        entry.1 += i64::from(*delta);
    }
    match best {
        None => *best = Some(child),
        Some(best) => {
            // A dimension missing on one side is 0 there.
            let dimensions: BTreeSet<String> = best.keys().chain(child.keys()).cloned().collect();
            for dimension in dimensions {
                let a = best.get(&dimension).copied().unwrap_or((0, 0));
                let b = child.get(&dimension).copied().unwrap_or((0, 0));
                best.insert(dimension, (a.0.min(b.0), a.1.max(b.1)));
            }
        }
    }
}
