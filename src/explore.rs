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
use crate::scenario::{Choice, Condition, Scenario};

/// The most states the explorer visits before it gives up and says so.
pub const MAX_STATES: usize = 250_000;

/// The longest path (in steps) the explorer follows; deeper recursion could exhaust the
/// stack on a pathological file, and no real scenario comes near it.
pub const MAX_DEPTH: usize = 2_000;

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

/// Stack for the walk's thread: the walk recurses once per step, and callers' threads
/// (test threads, task pools) may have small stacks. Only the pages touched are used.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Walks every path through `scenario`.
pub fn explore(scenario: &Scenario) -> Exploration {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("jigsaw-explore".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || walk(scenario))
            .ok()
            .and_then(|handle| handle.join().ok())
    })
    // If no thread can be had, walk here: the depth limit still applies.
    .unwrap_or_else(|| walk(scenario))
}

fn walk(scenario: &Scenario) -> Exploration {
    // Every dimension any step scores, so bounds can live in a small vector.
    let dimensions: Vec<String> = scenario
        .scenes
        .iter()
        .flat_map(|scene| {
            scene
                .choices
                .iter()
                .flat_map(|c| c.score.keys())
                .chain(scene.observations.iter().flat_map(|o| o.score.keys()))
        })
        .cloned()
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let mut walker = Walker {
        scenario,
        relevant: Relevant::of(scenario),
        memo: HashMap::new(),
        path: Vec::new(),
        offered: HashSet::new(),
        dimensions,
        depth: 0,
        found: Exploration {
            complete: true,
            ..Exploration::default()
        },
    };
    if let Ok(start) = State::start(scenario) {
        let bounds = walker.visit(start);
        walker.found.bounds = bounds.map(|b| {
            walker
                .dimensions
                .iter()
                .cloned()
                .zip(b.iter().copied())
                .collect()
        });
    }
    walker.found.offered = walker
        .offered
        .iter()
        .map(|(scene, index)| (scenario.scenes[*scene].id.value.clone(), *index))
        .collect();
    walker.found.states = walker.memo.len();
    walker.found
}

/// Per-dimension (lowest, highest) totals, in the walker's dimension order.
type Totals = Vec<(i64, i64)>;

/// What the memo holds for a state: still being walked (a loop if met again), or done.
enum Memo {
    OnPath,
    Done(Option<Totals>),
}

struct Walker<'a> {
    scenario: &'a Scenario,
    relevant: Relevant,
    memo: HashMap<Key, Memo>,
    path: Vec<String>,
    /// (scene index, choice index) pairs offered somewhere.
    offered: HashSet<(usize, usize)>,
    dimensions: Vec<String>,
    /// Steps on the current path.
    depth: usize,
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
    /// Scene and ending ids, numbered: scenes first, then endings.
    places: HashMap<String, u32>,
    /// The most observations any one scene has.
    most_observations: usize,
}

/// A state boiled down to what decides its future, packed small so the memo is cheap.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// The scene or ending, by number.
    place: u32,
    /// One bit per relevant flag, piece and scene, then one per observation of the scene.
    bits: Box<[u64]>,
    /// The relevant meters' values.
    meters: Box<[i32]>,
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
            relevant.most_observations = relevant.most_observations.max(scene.observations.len());
        }
        let ids = scenario
            .scenes
            .iter()
            .map(|s| &s.id.value)
            .chain(scenario.endings.iter().map(|e| &e.id.value));
        for (number, id) in ids.enumerate() {
            relevant.places.entry(id.clone()).or_insert(number as u32);
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
    fn key(&self, scenario: &Scenario, state: &State) -> Key {
        let observations = scenario
            .scene(&state.scene)
            .map(|s| s.observations.as_slice())
            .unwrap_or_default();
        let facts = self
            .flags
            .iter()
            .map(|f| state.flags.contains(f))
            .chain(self.pieces.iter().map(|p| state.found.contains(p)))
            .chain(self.scenes.iter().map(|x| state.visited.contains(x)))
            .chain(
                observations
                    .iter()
                    .map(|o| state.observed.contains(&o.id.value)),
            );
        let width =
            self.flags.len() + self.pieces.len() + self.scenes.len() + self.most_observations;
        let mut bits = vec![0u64; width.div_ceil(64)];
        for (index, set) in facts.enumerate() {
            if set {
                bits[index / 64] |= 1 << (index % 64);
            }
        }
        Key {
            place: self.places.get(&state.scene).copied().unwrap_or(u32::MAX),
            bits: bits.into_boxed_slice(),
            meters: self
                .meters
                .iter()
                .map(|m| state.meters.get(m).copied().unwrap_or_default())
                .collect(),
        }
    }
}

/// The states a choice can lead to (one per random option with a weight), with what it
/// changed; targets that name nothing are skipped (the validator reports them).
fn after_choice(scenario: &Scenario, state: &State, choice: &Choice) -> Vec<(State, Effects)> {
    choice
        .targets_with_weight()
        .into_iter()
        .filter(|target| scenario.scene(target).is_some() || scenario.ending(target).is_some())
        .map(|target| {
            let mut next = state.clone();
            let effects = next.choose(scenario, choice, target);
            (next, effects)
        })
        .collect()
}

impl Walker<'_> {
    fn visit(&mut self, state: State) -> Option<Totals> {
        let key = self.relevant.key(self.scenario, &state);
        match self.memo.get(&key) {
            Some(Memo::Done(known)) => return known.clone(),
            Some(Memo::OnPath) => {
                let mut path = self.path.clone();
                path.push(state.scene.clone());
                self.found.loops.entry(state.scene.clone()).or_insert(path);
                return None;
            }
            None => {}
        }
        if self.memo.len() >= MAX_STATES || self.depth >= MAX_DEPTH {
            self.found.complete = false;
            return None;
        }
        if let Some(ending) = &state.ending {
            self.found.endings.insert(ending.clone());
            let result = Some(vec![(0, 0); self.dimensions.len()]);
            self.memo.insert(key, Memo::Done(result.clone()));
            return result;
        }
        let scenario = self.scenario;
        let Some(scene_index) = scenario
            .scenes
            .iter()
            .position(|s| s.id.value == state.scene)
        else {
            self.memo.insert(key, Memo::Done(None));
            return None;
        };
        let fresh_scene = self.path.last() != Some(&state.scene);
        if fresh_scene {
            self.path.push(state.scene.clone());
            if !self.found.scenes.contains(&state.scene) {
                self.found.scenes.insert(state.scene.clone());
            }
        }
        self.memo.insert(key.clone(), Memo::OnPath);
        self.depth += 1;

        let mut best: Option<Totals> = None;
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
            let child = self.visit(next);
            self.merge(&mut best, child, &effects);
        }
        for (index, choice) in choices {
            self.offered.insert((scene_index, index));
            for (next, effects) in after_choice(scenario, &state, choice) {
                let child = self.visit(next);
                self.merge(&mut best, child, &effects);
            }
        }

        self.depth -= 1;
        if fresh_scene {
            self.path.pop();
        }
        self.memo.insert(key, Memo::Done(best.clone()));
        best
    }

    /// Folds one transition (its effects plus the bounds of what follows) into the best
    /// so far, and notes the pieces it revealed.
    fn merge(&mut self, best: &mut Option<Totals>, child: Option<Totals>, effects: &Effects) {
        for piece in &effects.revealed {
            if !self.found.pieces.contains(piece) {
                self.found.pieces.insert(piece.clone());
            }
        }
        let Some(mut child) = child else {
            return;
        };
        for (dimension, delta) in &effects.score {
            if let Some(i) = self.dimensions.iter().position(|d| d == dimension) {
                child[i].0 += i64::from(*delta);
                child[i].1 += i64::from(*delta);
            }
        }
        match best {
            None => *best = Some(child),
            Some(best) => {
                for (b, c) in best.iter_mut().zip(child) {
                    *b = (b.0.min(c.0), b.1.max(c.1));
                }
            }
        }
    }
}

/// The shortest way to one ending: the steps as `jigsaw play --inputs` takes them, and a
/// seed that makes every random pick on the way go the right way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The ending reached.
    pub ending: String,
    /// The steps, as typed (`2`, `look:hallway`, ...).
    pub steps: Vec<crate::engine::Scripted>,
    /// A seed under which these steps reach the ending (`None` if none was found among
    /// the first [`SEEDS_TRIED`]).
    pub seed: Option<u64>,
}

/// How many seeds [`routes`] tries to make the random picks on a route go its way.
pub const SEEDS_TRIED: u64 = 10_000;

/// For every ending some path reaches, a shortest route to it (fewest steps), in the order
/// the endings are written. Authors use these to play straight to each ending.
pub fn routes(scenario: &Scenario) -> Vec<Route> {
    use crate::engine::{Scripted, Session};
    use std::collections::VecDeque;

    struct Node {
        state: State,
        parent: Option<usize>,
        step: Option<Scripted>,
    }
    let Ok(start) = State::start(scenario) else {
        return Vec::new();
    };
    let relevant = Relevant::of(scenario);
    let mut seen = HashSet::new();
    seen.insert(relevant.key(scenario, &start));
    let mut nodes = vec![Node {
        state: start,
        parent: None,
        step: None,
    }];
    let mut queue = VecDeque::from([0usize]);
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(at) = queue.pop_front() {
        if nodes.len() > MAX_STATES || found.len() == scenario.endings.len() {
            break;
        }
        let state = nodes[at].state.clone();
        if let Some(ending) = &state.ending {
            found.entry(ending.clone()).or_insert(at);
            continue;
        }
        let mut next_states: Vec<(State, Scripted)> = Vec::new();
        for (number, (_, choice)) in state.offered_choices(scenario).into_iter().enumerate() {
            for (next, _) in after_choice(scenario, &state, choice) {
                next_states.push((next, Scripted::Pick(number + 1)));
            }
        }
        for observation in state.offered_observations(scenario) {
            let mut next = state.clone();
            next.observe(scenario, observation);
            next_states.push((next, Scripted::Look(observation.id.value.clone())));
        }
        for (next, step) in next_states {
            if seen.insert(relevant.key(scenario, &next)) {
                nodes.push(Node {
                    state: next,
                    parent: Some(at),
                    step: Some(step),
                });
                queue.push_back(nodes.len() - 1);
            }
        }
    }

    let reaches = |steps: &[Scripted], seed: u64, ending: &str| {
        Session::play_script(scenario, seed, steps)
            .is_ok_and(|session| session.state.ending.as_deref() == Some(ending))
    };
    scenario
        .endings
        .iter()
        .filter_map(|ending| {
            let mut at = *found.get(&ending.id.value)?;
            let mut steps = Vec::new();
            while let (Some(parent), Some(step)) = (nodes[at].parent, nodes[at].step.clone()) {
                steps.push(step);
                at = parent;
            }
            steps.reverse();
            let seed = (0..SEEDS_TRIED).find(|seed| reaches(&steps, *seed, &ending.id.value));
            Some(Route {
                ending: ending.id.value.clone(),
                steps,
                seed,
            })
        })
        .collect()
}
