//! The path analysis: every situation a learner can reach in a scenario, found exactly.
//!
//! The validator needs to know which scenes, endings and pieces some path reaches, where a
//! learner could be stuck and which choices are never offered; the debrief needs the lowest
//! and highest total each dimension can reach on a complete path, so a score is placed
//! within what this scenario makes possible. Both come from one walk, and the walk must be
//! exact at the sizes trainers write, so it is built the way model checkers are:
//!
//! - **Ids become numbers once.** The scenario is compiled to a [`Model`]: scenes, endings,
//!   flags, pieces, meters and dimensions by index, conditions over bit positions.
//! - **Dead facts drop out.** A flag, piece, meter or "visited" fact that no condition can
//!   read on any path from a scene on is *dead* there (a compiler's liveness analysis), so
//!   two situations that differ only in dead facts have the same future and are one state.
//! - **A scene visit is one step.** Observations made during a visit commute in everything
//!   but the facts they change, so the walk searches a visit's observations once per way
//!   into the scene and keeps, for each way out, the lowest and highest score change per
//!   dimension. Observations that change no live fact and that nothing in the scene can
//!   switch on or off are optional extras: they add their score to the range of every way
//!   out without multiplying the states.
//! - **Bounds are longest and shortest paths** over those states, carried per dimension in
//!   one pass (strongly connected components in reverse topological order), not an
//!   enumeration of every subset and order. No recursion: a story of any length is walked
//!   on the heap.
//!
//! One thing the walk does not follow is the in-game clock. A scenario with a `time_limit`
//! (see [`explore`]) is walked as if any choice under a limit could also lead to the
//! limit's `then`: nothing a learner can reach is missed, but the score bounds may include
//! paths the clock rules out, so they are not marked exact.
//!
//! When a scenario still has more states than [`MAX_STATES`], the walk stops, says so, and
//! explains which scenes and facts multiply the states ([`Limit`]).
//! `tests/core/analysis.rs` compares all of this with a brute-force walk of the engine's own
//! [`Story`](crate::engine::Story) on many generated scenarios.

use std::collections::{BTreeMap, BTreeSet};

// The walk hashes millions of small keys; foldhash (hashbrown's own default) is several
// times faster than the standard library's DoS-resistant hasher, and nothing here is keyed
// by data an attacker can choose to collide without also hitting the walk's limits.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::scenario::{Condition, Scenario};

/// The most distinct states (a scene and the live facts on entering it) the walk visits
/// before it stops and says so, plus [`STATES_PER_SCENE`] for every scene: a long story
/// may have many states, a short one with that many is multiplying them.
pub const MAX_STATES: usize = 250_000;

/// The states each scene adds to [`MAX_STATES`].
pub const STATES_PER_SCENE: usize = 50;

/// The most steps (observations and choices followed inside scene visits) the walk takes
/// in all before it stops and says so, plus [`STEPS_PER_SCENE`] for every scene; this bounds
/// the time a check can take (about a second for a file of a megabyte).
pub const MAX_WORK: usize = 2_000_000;

/// The steps each scene adds to [`MAX_WORK`].
pub const STEPS_PER_SCENE: usize = 400;

/// The most observations a scene may have for the walk to follow every order of them.
pub const MAX_OBSERVATIONS: usize = 64;

/// Lowest and highest total each dimension can reach on a complete path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    /// Per dimension id: (lowest, highest).
    pub dimensions: BTreeMap<String, (i64, i64)>,
    /// False when the walk stopped early or a loop can be gone round for ever changing the
    /// score, so the bounds cover only part of what a learner can do.
    pub exact: bool,
}

impl Bounds {
    /// The (lowest, highest) totals of one dimension.
    pub fn get(&self, dimension: &str) -> Option<(i64, i64)> {
        self.dimensions.get(dimension).copied()
    }
}

/// Why a walk stopped early, and what multiplies the states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limit {
    /// What limit was reached, in words.
    pub reason: String,
    /// The scenes with the most states, with their counts, most first.
    pub scenes: Vec<(String, usize)>,
    /// The facts that take the most values across states: (what it is, e.g.
    /// "flag `asked`", how many values it takes, in how many scenes it is live).
    pub facts: Vec<(String, usize, usize)>,
    /// The scenes whose observations give the most combinations per way in:
    /// (scene, observations, the most combinations met, the facts those observations
    /// change that are read later).
    pub observations: Vec<(String, usize, usize, Vec<String>)>,
}

/// What the walk found.
#[derive(Clone, Debug, Default)]
pub struct Exploration {
    /// Whether every path was explored.
    pub complete: bool,
    /// Why not, and what multiplies the states, when it was not.
    pub limit: Option<Limit>,
    /// How many distinct states were visited (a scene with the facts live there).
    pub states: usize,
    /// How many steps were followed inside scene visits (observations and choices).
    pub steps: usize,
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
///
/// Time limits: the walk does not follow the in-game clock, so in a scenario with a
/// `time_limit` every choice under a limit may also lead to the limit's `then`. What some
/// path reaches is then over-counted rather than missed, and the score bounds are marked
/// not exact ([`Bounds::exact`] is false), since they may include paths the clock rules out.
pub fn explore(scenario: &Scenario) -> Exploration {
    let model = Model::compile(scenario);
    let mut found = Walk::new(&model).run();
    if scenario.has_time_limits()
        && let Some(bounds) = &mut found.bounds
    {
        bounds.exact = false;
    }
    found
}

// ---------------------------------------------------------------------------------------
// The compiled model
// ---------------------------------------------------------------------------------------

/// A condition over a scene's live positions.
#[derive(Clone, Debug)]
enum Test {
    Const(bool),
    Bit(u32),
    NotBit(u32),
    AtLeast(u32, i32),
    Below(u32, i32),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

/// How a choice's target is entered from a scene: where each of the target's live facts
/// and meters comes from.
#[derive(Clone, Debug)]
struct Way {
    place: u32,
    /// For each live bit of the target: its position in the source scene, if live there.
    bits: Vec<Option<u32>>,
    /// The target's own "visited" bit, set on entering.
    visit: Option<u32>,
    /// For each live meter of the target: its position in the source scene.
    meters: Vec<Option<u32>>,
}

/// An observation or choice, over its scene's live positions.
#[derive(Clone, Debug)]
struct Action {
    /// Its index in the scene's list.
    index: usize,
    when: Option<Test>,
    set: Vec<u32>,
    unset: Vec<u32>,
    meters: Vec<(u32, i32)>,
    /// (global dimension, change).
    score: Vec<(u32, i64)>,
    /// Global piece numbers it reveals (for reachability; the live ones are in `set`).
    reveals: Vec<u32>,
    /// Where a choice leads (empty for observations).
    ways: Vec<Way>,
}

#[derive(Clone, Debug, Default)]
struct SceneModel {
    /// Live facts (global numbers), sorted.
    live: Vec<u32>,
    /// Live meters (global numbers), sorted.
    live_meters: Vec<u32>,
    /// Observations that change a live fact, or that another observation here can switch.
    observations: Vec<Action>,
    /// Observations that change nothing live and that nothing here can switch on or off.
    extras: Vec<Action>,
    choices: Vec<Action>,
    too_many_observations: bool,
}

#[derive(Clone, Copy, Debug)]
struct MeterModel {
    min: i32,
    max: i32,
    start: i32,
}

/// A scenario with every id resolved to a number.
pub(crate) struct Model {
    /// Scene ids, then ending ids.
    places: Vec<String>,
    scene_count: usize,
    start: Option<u32>,
    scenes: Vec<SceneModel>,
    dimensions: Vec<String>,
    meters: Vec<MeterModel>,
    meter_names: Vec<String>,
    pieces: Vec<String>,
    /// Names of facts, for explanations: "flag `x`", "piece `y`", "visited `z`".
    fact_names: Vec<String>,
    /// Number of the "visited" fact of each scene, if any condition reads it.
    visited_fact: Vec<Option<u32>>,
}

/// Interns facts by kind and name.
#[derive(Default)]
struct Facts {
    /// Per kind ([`FLAG`], [`PIECE`], [`VISITED`]), numbers by name: looked up by `&str`
    /// without building a key, since compiling asks for every id a file mentions.
    numbers: [HashMap<String, u32>; 3],
    names: Vec<String>,
}

const FLAG: u8 = 0;
const PIECE: u8 = 1;
const VISITED: u8 = 2;

impl Facts {
    fn number(&mut self, kind: u8, name: &str) -> u32 {
        if let Some(n) = self.get(kind, name) {
            return n;
        }
        let n = self.names.len() as u32;
        let word = ["flag", "piece", "visited"][kind as usize];
        self.names.push(format!("{word} `{name}`"));
        self.numbers[kind as usize].insert(name.to_string(), n);
        n
    }

    fn get(&self, kind: u8, name: &str) -> Option<u32> {
        self.numbers[kind as usize].get(name).copied()
    }
}

/// Reads of a condition: facts and meters.
fn reads(condition: &Condition, facts: &Facts, meters: &HashMap<&str, u32>, out: &mut Reads) {
    match condition {
        Condition::Flag(f) | Condition::NotFlag(f) => {
            out.facts.extend(facts.get(FLAG, &f.value));
        }
        Condition::Found(p) | Condition::NotFound(p) => {
            out.facts.extend(facts.get(PIECE, &p.value));
        }
        Condition::Visited(s) | Condition::NotVisited(s) => {
            out.facts.extend(facts.get(VISITED, &s.value));
        }
        Condition::AtLeast(m, _) | Condition::Below(m, _) => {
            out.meters.extend(meters.get(m.value.as_str()).copied());
        }
        Condition::All(all) | Condition::Any(all) => {
            all.iter().for_each(|c| reads(c, facts, meters, out));
        }
        Condition::Not(c) => reads(c, facts, meters, out),
    }
}

#[derive(Default, Clone)]
struct Reads {
    facts: Vec<u32>,
    meters: Vec<u32>,
}

/// Strongly connected components of a graph given as successor lists, in reverse
/// topological order (sinks first), without recursion.
pub(crate) fn components(successors: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let n = successors.len();
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0u32;
    let mut frames: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != u32::MAX {
            continue;
        }
        frames.push((root, 0));
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (node, ref mut next)) = frames.last_mut() {
            let list = &successors[node as usize];
            if *next < list.len() {
                let succ = list[*next];
                *next += 1;
                if index[succ as usize] == u32::MAX {
                    index[succ as usize] = counter;
                    low[succ as usize] = counter;
                    counter += 1;
                    stack.push(succ);
                    on_stack[succ as usize] = true;
                    frames.push((succ, 0));
                } else if on_stack[succ as usize] {
                    low[node as usize] = low[node as usize].min(index[succ as usize]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent as usize] = low[parent as usize].min(low[node as usize]);
            }
            if low[node as usize] == index[node as usize] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member as usize] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

impl Model {
    pub(crate) fn compile(scenario: &Scenario) -> Model {
        // Places: scenes first (the first of a duplicated id wins, as the engine's lookup
        // does), then endings that no scene shadows.
        let mut place_of: HashMap<&str, u32> = HashMap::new();
        let mut places: Vec<String> = Vec::new();
        for scene in &scenario.scenes {
            places.push(scene.id.value.clone());
            place_of
                .entry(scene.id.value.as_str())
                .or_insert(places.len() as u32 - 1);
        }
        let scene_count = places.len();
        for ending in &scenario.endings {
            places.push(ending.id.value.clone());
            place_of
                .entry(ending.id.value.as_str())
                .or_insert(places.len() as u32 - 1);
        }
        let start = scenario.start_scene().and_then(|s| {
            place_of
                .get(s.id.value.as_str())
                .copied()
                .filter(|p| (*p as usize) < scene_count)
        });

        // Meters: the engine clamps with the first meter of an id and starts each id at
        // the last one's start value.
        let mut meter_of: HashMap<&str, u32> = HashMap::new();
        let mut meters: Vec<MeterModel> = Vec::new();
        let mut meter_names = Vec::new();
        for meter in &scenario.meters {
            let id = meter.id.value.as_str();
            let start = meter.start.clamp(meter.min, meter.max.max(meter.min));
            match meter_of.get(id) {
                Some(&n) => meters[n as usize].start = start,
                None => {
                    meter_of.insert(id, meters.len() as u32);
                    meters.push(MeterModel {
                        min: meter.min,
                        max: meter.max.max(meter.min),
                        start,
                    });
                    meter_names.push(id.to_string());
                }
            }
        }

        // Facts that some condition reads (nothing else can matter to the future).
        let mut facts = Facts::default();
        fn intern(condition: &Condition, facts: &mut Facts) {
            match condition {
                Condition::Flag(f) | Condition::NotFlag(f) => {
                    facts.number(FLAG, &f.value);
                }
                Condition::Found(p) | Condition::NotFound(p) => {
                    facts.number(PIECE, &p.value);
                }
                Condition::Visited(s) | Condition::NotVisited(s) => {
                    facts.number(VISITED, &s.value);
                }
                Condition::AtLeast(..) | Condition::Below(..) => {}
                Condition::All(all) | Condition::Any(all) => {
                    all.iter().for_each(|c| intern(c, facts))
                }
                Condition::Not(c) => intern(c, facts),
            }
        }
        for scene in &scenario.scenes {
            for when in scene
                .observations
                .iter()
                .filter_map(|o| o.when.as_ref())
                .chain(scene.choices.iter().filter_map(|c| c.when.as_ref()))
            {
                intern(when, &mut facts);
            }
        }
        let visited_fact: Vec<Option<u32>> = (0..scene_count)
            .map(|s| {
                // Only the scene an id resolves to can be entered under that id.
                let id = &places[s];
                if place_of.get(id.as_str()) == Some(&(s as u32)) {
                    facts.get(VISITED, id)
                } else {
                    None
                }
            })
            .collect();

        // Dimensions, numbered in name order.
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
        let dimension_of: HashMap<&str, u32> = dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i as u32))
            .collect();

        let mut piece_of: HashMap<&str, u32> = HashMap::new();
        let mut pieces: Vec<String> = Vec::new();
        for scene in &scenario.scenes {
            for id in scene
                .choices
                .iter()
                .flat_map(|c| c.reveals.iter())
                .chain(scene.observations.iter().flat_map(|o| o.reveals.iter()))
            {
                if !piece_of.contains_key(id.value.as_str()) {
                    piece_of.insert(id.value.as_str(), pieces.len() as u32);
                    pieces.push(id.value.clone());
                }
            }
        }

        // The scene graph and each scene's reads.
        // A time limit may send any choice under it to its `then` instead: the walk does
        // not follow the clock, so it counts that as one more way out of every such choice
        // (what some path reaches stays found; see `explore`).
        let targets =
            |scene: &crate::scenario::Scene, choice: &crate::scenario::Choice| -> Vec<u32> {
                choice
                    .targets_with_weight()
                    .into_iter()
                    .chain(scenario.time_out_targets(scene))
                    .filter_map(|t| place_of.get(t).copied())
                    .collect()
            };
        let mut successors: Vec<Vec<u32>> = vec![Vec::new(); scene_count];
        let mut own_reads: Vec<Reads> = vec![Reads::default(); scene_count];
        for (s, scene) in scenario.scenes.iter().enumerate() {
            let mut r = Reads::default();
            for when in scene
                .observations
                .iter()
                .filter_map(|o| o.when.as_ref())
                .chain(scene.choices.iter().filter_map(|c| c.when.as_ref()))
            {
                reads(when, &facts, &meter_of, &mut r);
            }
            r.facts.sort_unstable();
            r.facts.dedup();
            r.meters.sort_unstable();
            r.meters.dedup();
            own_reads[s] = r;
            let mut next: Vec<u32> = scene
                .choices
                .iter()
                .flat_map(|c| targets(scene, c))
                .filter(|t| (*t as usize) < scene_count)
                .collect();
            next.sort_unstable();
            next.dedup();
            successors[s] = next;
        }

        // Which facts each scene must carry: a fact matters at a scene only if some path
        // from a scene that changes it passes through here (before that it has its first
        // value everywhere) and some path from here reaches a condition that reads it
        // (after that nothing can tell). For each fact, walk forward from its writers and
        // back from its readers, only within the stretch of the story between them, so the
        // work grows with how long facts matter, not with the square of the story.
        let mut writers: Vec<Vec<u32>> = vec![Vec::new(); facts.names.len()];
        let mut meter_writers: Vec<Vec<u32>> = vec![Vec::new(); meters.len()];
        let mut readers: Vec<Vec<u32>> = vec![Vec::new(); facts.names.len()];
        let mut meter_readers: Vec<Vec<u32>> = vec![Vec::new(); meters.len()];
        for (s, scene) in scenario.scenes.iter().enumerate() {
            let s = s as u32;
            for f in &own_reads[s as usize].facts {
                readers[*f as usize].push(s);
            }
            for m in &own_reads[s as usize].meters {
                meter_readers[*m as usize].push(s);
            }
            if let Some(f) = visited_fact[s as usize] {
                writers[f as usize].push(s);
            }
            let flags = scene.observations.iter().flat_map(|o| o.set.iter()).chain(
                scene
                    .choices
                    .iter()
                    .flat_map(|c| c.set.iter().chain(&c.unset)),
            );
            let found = scene
                .observations
                .iter()
                .flat_map(|o| o.reveals.iter())
                .chain(scene.choices.iter().flat_map(|c| c.reveals.iter()));
            let written = flags
                .filter_map(|f| facts.get(FLAG, &f.value))
                .chain(found.filter_map(|p| facts.get(PIECE, &p.value)));
            for f in written {
                if writers[f as usize].last() != Some(&s) {
                    writers[f as usize].push(s);
                }
            }
            let changed = scene
                .observations
                .iter()
                .flat_map(|o| o.meters.keys())
                .chain(scene.choices.iter().flat_map(|c| c.meters.keys()));
            for m in changed.filter_map(|m| meter_of.get(m.as_str())) {
                if meter_writers[*m as usize].last() != Some(&s) {
                    meter_writers[*m as usize].push(s);
                }
            }
        }
        let order = components(&successors);
        let mut topo = vec![0u32; scene_count];
        for (number, component) in order.iter().enumerate() {
            for &member in component {
                topo[member as usize] = (order.len() - 1 - number) as u32;
            }
        }
        let mut predecessors: Vec<Vec<u32>> = vec![Vec::new(); scene_count];
        for (s, next) in successors.iter().enumerate() {
            for t in next {
                predecessors[*t as usize].push(s as u32);
            }
        }
        let mut live: Vec<Reads> = vec![Reads::default(); scene_count];
        let mut mark = vec![0u32; scene_count];
        let mut generation = 0u32;
        let mut stretch = |write: &[u32], read: &[u32], out: &mut dyn FnMut(u32)| {
            let Some(last) = read.iter().map(|r| topo[*r as usize]).max() else {
                return;
            };
            if write.is_empty() {
                return;
            }
            generation += 2;
            let (ahead, both) = (generation - 1, generation);
            let mut queue: Vec<u32> = Vec::new();
            for &w in write {
                if topo[w as usize] <= last && mark[w as usize] != ahead {
                    mark[w as usize] = ahead;
                    queue.push(w);
                }
            }
            while let Some(at) = queue.pop() {
                for &t in &successors[at as usize] {
                    if topo[t as usize] <= last && mark[t as usize] != ahead {
                        mark[t as usize] = ahead;
                        queue.push(t);
                    }
                }
            }
            for &r in read {
                if mark[r as usize] == ahead {
                    mark[r as usize] = both;
                    queue.push(r);
                }
            }
            while let Some(at) = queue.pop() {
                out(at);
                for &p in &predecessors[at as usize] {
                    if mark[p as usize] == ahead {
                        mark[p as usize] = both;
                        queue.push(p);
                    }
                }
            }
        };
        for f in 0..facts.names.len() {
            stretch(&writers[f], &readers[f], &mut |s| {
                live[s as usize].facts.push(f as u32)
            });
        }
        for m in 0..meters.len() {
            stretch(&meter_writers[m], &meter_readers[m], &mut |s| {
                live[s as usize].meters.push(m as u32)
            });
        }
        for reads in &mut live {
            reads.facts.sort_unstable();
            reads.meters.sort_unstable();
        }

        // Each scene's actions over its own live positions.
        let mut scenes = Vec::with_capacity(scene_count);
        for (s, scene) in scenario.scenes.iter().enumerate() {
            let live_here = &live[s];
            let bit_of = |fact: u32| live_here.facts.binary_search(&fact).ok().map(|i| i as u32);
            let meter_pos = |meter: u32| {
                live_here
                    .meters
                    .binary_search(&meter)
                    .ok()
                    .map(|i| i as u32)
            };
            let test =
                |c: &Condition| compile_test(c, &facts, &meter_of, &meters, &bit_of, &meter_pos);
            let score = |map: &BTreeMap<String, i32>| -> Vec<(u32, i64)> {
                map.iter()
                    .filter(|(_, v)| **v != 0)
                    .filter_map(|(k, v)| dimension_of.get(k.as_str()).map(|d| (*d, i64::from(*v))))
                    .collect()
            };
            let fact_bits = |kind: u8, ids: &[crate::scenario::Id]| -> Vec<u32> {
                ids.iter()
                    .filter_map(|id| facts.get(kind, &id.value))
                    .filter_map(bit_of)
                    .collect()
            };
            let meter_changes = |map: &BTreeMap<String, i32>| -> Vec<(u32, i32)> {
                map.iter()
                    .filter_map(|(k, v)| {
                        meter_of
                            .get(k.as_str())
                            .and_then(|m| meter_pos(*m))
                            .map(|p| (p, *v))
                    })
                    .collect()
            };
            let reveals = |ids: &[crate::scenario::Id]| -> Vec<u32> {
                ids.iter()
                    .filter_map(|id| piece_of.get(id.value.as_str()).copied())
                    .collect()
            };
            let mut observations = Vec::new();
            for (index, o) in scene.observations.iter().enumerate() {
                let mut set = fact_bits(FLAG, &o.set);
                set.extend(fact_bits(PIECE, &o.reveals));
                observations.push(Action {
                    index,
                    when: o.when.as_ref().map(|w| test(w)),
                    set,
                    unset: Vec::new(),
                    meters: meter_changes(&o.meters),
                    score: score(&o.score),
                    reveals: reveals(&o.reveals),
                    ways: Vec::new(),
                });
            }
            let mut choices = Vec::new();
            for (index, c) in scene.choices.iter().enumerate() {
                let mut set = fact_bits(FLAG, &c.set);
                set.extend(fact_bits(PIECE, &c.reveals));
                let ways = targets(scene, c)
                    .into_iter()
                    .map(|place| {
                        if (place as usize) < scene_count {
                            let there = &live[place as usize];
                            Way {
                                place,
                                bits: there.facts.iter().map(|f| bit_of(*f)).collect(),
                                visit: visited_fact[place as usize].and_then(|f| {
                                    there.facts.binary_search(&f).ok().map(|i| i as u32)
                                }),
                                meters: there.meters.iter().map(|m| meter_pos(*m)).collect(),
                            }
                        } else {
                            Way {
                                place,
                                bits: Vec::new(),
                                visit: None,
                                meters: Vec::new(),
                            }
                        }
                    })
                    .collect();
                choices.push(Action {
                    index,
                    when: c.when.as_ref().map(|w| test(w)),
                    set,
                    unset: fact_bits(FLAG, &c.unset),
                    meters: meter_changes(&c.meters),
                    score: score(&c.score),
                    reveals: reveals(&c.reveals),
                    ways,
                });
            }
            // Observations that change nothing live, whose condition reads nothing an
            // observation here changes, are optional extras.
            let mut written_bits: HashSet<u32> = HashSet::new();
            let mut written_meters: HashSet<u32> = HashSet::new();
            for o in &observations {
                written_bits.extend(o.set.iter().copied());
                written_meters.extend(o.meters.iter().map(|(m, _)| *m));
            }
            let (extras, observations): (Vec<Action>, Vec<Action>) =
                observations.into_iter().partition(|o| {
                    o.set.is_empty()
                        && o.meters.is_empty()
                        && o.when
                            .as_ref()
                            .is_none_or(|w| !w.reads_any(&written_bits, &written_meters))
                });
            scenes.push(SceneModel {
                live: live_here.facts.clone(),
                live_meters: live_here.meters.clone(),
                too_many_observations: observations.len() > MAX_OBSERVATIONS,
                observations,
                extras,
                choices,
            });
        }

        Model {
            places,
            scene_count,
            start,
            scenes,
            dimensions,
            meters,
            meter_names,
            pieces,
            fact_names: facts.names,
            visited_fact,
        }
    }
}

fn compile_test(
    condition: &Condition,
    facts: &Facts,
    meters: &HashMap<&str, u32>,
    models: &[MeterModel],
    bit_of: &dyn Fn(u32) -> Option<u32>,
    meter_pos: &dyn Fn(u32) -> Option<u32>,
) -> Test {
    let fact = |kind: u8, name: &str, positive: bool| match facts.get(kind, name).and_then(bit_of) {
        Some(bit) if positive => Test::Bit(bit),
        Some(bit) => Test::NotBit(bit),
        // Not carried here: nothing has changed it yet on any path, so it is unset.
        None => Test::Const(!positive),
    };
    match condition {
        Condition::Flag(f) => fact(FLAG, &f.value, true),
        Condition::NotFlag(f) => fact(FLAG, &f.value, false),
        Condition::Found(p) => fact(PIECE, &p.value, true),
        Condition::NotFound(p) => fact(PIECE, &p.value, false),
        Condition::Visited(s) => fact(VISITED, &s.value, true),
        Condition::NotVisited(s) => fact(VISITED, &s.value, false),
        // A meter not carried here still has its start value; an undeclared one never holds.
        Condition::AtLeast(m, v) => match meters.get(m.value.as_str()) {
            Some(n) => match meter_pos(*n) {
                Some(pos) => Test::AtLeast(pos, *v),
                None => Test::Const(models[*n as usize].start >= *v),
            },
            None => Test::Const(false),
        },
        Condition::Below(m, v) => match meters.get(m.value.as_str()) {
            Some(n) => match meter_pos(*n) {
                Some(pos) => Test::Below(pos, *v),
                None => Test::Const(models[*n as usize].start < *v),
            },
            None => Test::Const(false),
        },
        Condition::All(all) => Test::All(
            all.iter()
                .map(|c| compile_test(c, facts, meters, models, bit_of, meter_pos))
                .collect(),
        ),
        Condition::Any(any) => Test::Any(
            any.iter()
                .map(|c| compile_test(c, facts, meters, models, bit_of, meter_pos))
                .collect(),
        ),
        Condition::Not(c) => Test::Not(Box::new(compile_test(
            c, facts, meters, models, bit_of, meter_pos,
        ))),
    }
}

impl Test {
    fn holds(&self, bits: &[u64], meters: &[i32]) -> bool {
        match self {
            Test::Const(b) => *b,
            Test::Bit(i) => get_bit(bits, *i),
            Test::NotBit(i) => !get_bit(bits, *i),
            Test::AtLeast(m, v) => meters[*m as usize] >= *v,
            Test::Below(m, v) => meters[*m as usize] < *v,
            Test::All(all) => all.iter().all(|t| t.holds(bits, meters)),
            Test::Any(any) => any.iter().any(|t| t.holds(bits, meters)),
            Test::Not(t) => !t.holds(bits, meters),
        }
    }

    fn reads_any(&self, bits: &HashSet<u32>, meters: &HashSet<u32>) -> bool {
        match self {
            Test::Const(_) => false,
            Test::Bit(i) | Test::NotBit(i) => bits.contains(i),
            Test::AtLeast(m, _) | Test::Below(m, _) => meters.contains(m),
            Test::All(all) | Test::Any(all) => all.iter().any(|t| t.reads_any(bits, meters)),
            Test::Not(t) => t.reads_any(bits, meters),
        }
    }
}

fn get_bit(bits: &[u64], i: u32) -> bool {
    bits[(i / 64) as usize] & (1 << (i % 64)) != 0
}

fn put_bit(bits: &mut [u64], i: u32, on: bool) {
    let word = &mut bits[(i / 64) as usize];
    if on {
        *word |= 1 << (i % 64);
    } else {
        *word &= !(1 << (i % 64));
    }
}

fn words(len: usize) -> usize {
    len.div_ceil(64)
}

/// A place with the values of its live facts and meters: one state of the walk.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Key {
    pub(crate) place: u32,
    pub(crate) bits: Box<[u64]>,
    pub(crate) meters: Box<[i32]>,
}

/// A situation inside a scene visit: which observations are made, and the live values.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Inside {
    pub(crate) observed: u64,
    pub(crate) bits: Box<[u64]>,
    pub(crate) meters: Box<[i32]>,
}

impl Model {
    fn start_key(&self) -> Option<Key> {
        let start = self.start?;
        let scene = &self.scenes[start as usize];
        let mut bits = vec![0u64; words(scene.live.len())];
        if let Some(f) = self.visited_fact[start as usize]
            && let Ok(i) = scene.live.binary_search(&f)
        {
            put_bit(&mut bits, i as u32, true);
        }
        let meters = scene
            .live_meters
            .iter()
            .map(|m| self.meters[*m as usize].start)
            .collect();
        Some(Key {
            place: start,
            bits: bits.into_boxed_slice(),
            meters,
        })
    }

    fn is_scene(&self, place: u32) -> bool {
        (place as usize) < self.scene_count
    }

    /// Applies an action's changes to a situation inside its scene.
    fn apply(&self, scene: &SceneModel, action: &Action, bits: &mut [u64], meters: &mut [i32]) {
        for (m, delta) in &action.meters {
            let meter = self.meters[scene.live_meters[*m as usize] as usize];
            let value = &mut meters[*m as usize];
            *value = value.saturating_add(*delta).clamp(meter.min, meter.max);
        }
        for bit in &action.set {
            put_bit(bits, *bit, true);
        }
        for bit in &action.unset {
            put_bit(bits, *bit, false);
        }
    }

    /// The state a way into `way.place` starts in, from a situation in the scene it leaves.
    fn enter(&self, way: &Way, bits: &[u64], meters: &[i32]) -> Key {
        if !self.is_scene(way.place) {
            return Key {
                place: way.place,
                bits: Box::new([]),
                meters: Box::new([]),
            };
        }
        let there = &self.scenes[way.place as usize];
        let mut next = vec![0u64; words(there.live.len())];
        for (i, from) in way.bits.iter().enumerate() {
            if let Some(from) = from
                && get_bit(bits, *from)
            {
                put_bit(&mut next, i as u32, true);
            }
        }
        if let Some(visit) = way.visit {
            put_bit(&mut next, visit, true);
        }
        let next_meters = way
            .meters
            .iter()
            .zip(&there.live_meters)
            .map(|(from, m)| match from {
                Some(from) => meters[*from as usize],
                // Live there but not here cannot happen (liveness only shrinks along a
                // way); the start value is the safe reading.
                None => self.meters[*m as usize].start,
            })
            .collect();
        Key {
            place: way.place,
            bits: next.into_boxed_slice(),
            meters: next_meters,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------

/// Per-dimension (lowest, highest) change, dense over the model's dimensions.
type Range = Vec<(i64, i64)>;

fn widen(into: &mut Range, from: &Range) {
    for (a, b) in into.iter_mut().zip(from) {
        a.0 = a.0.min(b.0);
        a.1 = a.1.max(b.1);
    }
}

/// One way out of a scene visit: the next state and the score change on the way.
struct Edge {
    to: u32,
    range: Range,
}

struct Node {
    key: Key,
    parent: u32,
    index: u32,
    low: u32,
    on_stack: bool,
    done: bool,
    bounds: Option<Range>,
    edges: Vec<Edge>,
}

struct Walk<'m> {
    model: &'m Model,
    nodes: Vec<Node>,
    ids: HashMap<Key, u32>,
    counter: u32,
    stack: Vec<u32>,
    found: Exploration,
    scenes_seen: Vec<bool>,
    pieces_seen: Vec<bool>,
    offered: HashSet<(u32, usize)>,
    stopped: Option<String>,
    /// The most combinations a scene's observations gave for one way in.
    combinations: Vec<usize>,
    approximate_loops: bool,
    max_states: usize,
    max_work: usize,
}

const NO_PARENT: u32 = u32::MAX;

impl<'m> Walk<'m> {
    fn new(model: &'m Model) -> Walk<'m> {
        Walk {
            model,
            nodes: Vec::new(),
            ids: HashMap::new(),
            counter: 0,
            stack: Vec::new(),
            found: Exploration {
                complete: true,
                ..Exploration::default()
            },
            scenes_seen: vec![false; model.scene_count],
            pieces_seen: vec![false; model.pieces.len()],
            offered: HashSet::new(),
            stopped: None,
            combinations: vec![0; model.scene_count],
            approximate_loops: false,
            max_states: MAX_STATES
                .saturating_add(STATES_PER_SCENE.saturating_mul(model.scene_count)),
            max_work: MAX_WORK.saturating_add(STEPS_PER_SCENE.saturating_mul(model.scene_count)),
        }
    }

    fn node(&mut self, key: Key, parent: u32) -> u32 {
        if let Some(id) = self.ids.get(&key) {
            return *id;
        }
        let id = self.nodes.len() as u32;
        self.ids.insert(key.clone(), id);
        self.nodes.push(Node {
            key,
            parent,
            index: u32::MAX,
            low: 0,
            on_stack: false,
            done: false,
            bounds: None,
            edges: Vec::new(),
        });
        id
    }

    /// Scene ids from the start to `node`, with repeats of one scene run together.
    fn path(&self, mut node: u32) -> Vec<String> {
        let mut scenes = Vec::new();
        while node != NO_PARENT {
            let place = self.nodes[node as usize].key.place;
            scenes.push(self.model.places[place as usize].clone());
            node = self.nodes[node as usize].parent;
        }
        scenes.reverse();
        scenes.dedup();
        scenes
    }

    fn run(mut self) -> Exploration {
        let Some(start) = self.model.start_key() else {
            return self.finish();
        };
        let root = self.node(start, NO_PARENT);
        let mut frames: Vec<(u32, usize)> = Vec::new();
        self.open(root);
        frames.push((root, 0));
        while let Some(&mut (node, ref mut next)) = frames.last_mut() {
            if *next < self.nodes[node as usize].edges.len() {
                let to = self.nodes[node as usize].edges[*next].to;
                *next += 1;
                let target = &self.nodes[to as usize];
                if target.index == u32::MAX {
                    if self.stopped.is_some() {
                        // Not walked: it counts as leading nowhere known.
                        continue;
                    }
                    self.open(to);
                    frames.push((to, 0));
                } else if target.on_stack {
                    let index = target.index;
                    let n = &mut self.nodes[node as usize];
                    n.low = n.low.min(index);
                    let scene =
                        self.model.places[self.nodes[to as usize].key.place as usize].clone();
                    if !self.found.loops.contains_key(&scene) {
                        let mut path = self.path(node);
                        path.push(scene.clone());
                        self.found.loops.insert(scene, path);
                    }
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                let low = self.nodes[node as usize].low;
                let p = &mut self.nodes[parent as usize];
                p.low = p.low.min(low);
            }
            let n = &self.nodes[node as usize];
            if n.low == n.index {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.nodes[member as usize].on_stack = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                self.settle(&component);
            }
        }
        let bounds = self.nodes[root as usize].bounds.clone();
        self.found.bounds = bounds.map(|range| Bounds {
            dimensions: self.model.dimensions.iter().cloned().zip(range).collect(),
            exact: false,
        });
        self.finish()
    }

    /// Gives a node its index and works out its ways out.
    fn open(&mut self, node: u32) {
        let n = &mut self.nodes[node as usize];
        n.index = self.counter;
        n.low = self.counter;
        n.on_stack = true;
        self.counter += 1;
        self.stack.push(node);
        if self.nodes.len() > self.max_states {
            self.stop(format!("more than {} distinct states", self.max_states));
        }
        if self.found.steps > self.max_work {
            self.stop(format!("more than {} steps inside scenes", self.max_work));
        }
        let key = self.nodes[node as usize].key.clone();
        if !self.model.is_scene(key.place) {
            self.found
                .endings
                .insert(self.model.places[key.place as usize].clone());
            self.nodes[node as usize].bounds = Some(vec![(0, 0); self.model.dimensions.len()]);
            return;
        }
        if !std::mem::replace(&mut self.scenes_seen[key.place as usize], true) {
            self.found
                .scenes
                .insert(self.model.places[key.place as usize].clone());
        }
        let scene = &self.model.scenes[key.place as usize];
        if scene.too_many_observations {
            self.stop(format!(
                "scene `{}` has more than {MAX_OBSERVATIONS} observations that change what happens later",
                self.model.places[key.place as usize]
            ));
            return;
        }
        let edges = self.visit(node, &key);
        let mut out = Vec::with_capacity(edges.len());
        for (to_key, range) in edges {
            let to = self.node(to_key, node);
            out.push(Edge { to, range });
        }
        self.nodes[node as usize].edges = out;
    }

    fn stop(&mut self, reason: String) {
        if self.stopped.is_none() {
            self.stopped = Some(reason);
        }
    }

    /// Searches one visit to a scene: every set of observations, then every offered
    /// choice. Returns each way out with its score range.
    fn visit(&mut self, node: u32, key: &Key) -> Vec<(Key, Range)> {
        let model = self.model;
        let s = key.place;
        let scene = &model.scenes[s as usize];
        let dims = model.dimensions.len();

        // Extras: offered or not for the whole visit; each adds an optional score.
        let mut base: Range = vec![(0, 0); dims];
        for extra in &scene.extras {
            if extra
                .when
                .as_ref()
                .is_none_or(|w| w.holds(&key.bits, &key.meters))
            {
                for (d, v) in &extra.score {
                    let r = &mut base[*d as usize];
                    r.0 += (*v).min(0);
                    r.1 += (*v).max(0);
                }
                self.note_reveals(&extra.reveals);
            }
        }

        let mut exits: HashMap<Key, Range> = HashMap::new();
        let mut order: Vec<Key> = Vec::new();
        let mut layer: Vec<(Inside, Range)> = vec![(
            Inside {
                observed: 0,
                bits: key.bits.clone(),
                meters: key.meters.clone(),
            },
            base,
        )];
        let mut combinations = 0usize;
        let mut dead_end = false;
        while !layer.is_empty() {
            if self.found.steps > self.max_work {
                // One visit with too many combinations: stop inside it too.
                self.stop(format!("more than {} steps inside scenes", self.max_work));
                self.combinations[s as usize] = self.combinations[s as usize].max(combinations);
                return Vec::new();
            }
            combinations += layer.len();
            let mut next_layer: HashMap<Inside, Range> = HashMap::new();
            let mut next_order: Vec<Inside> = Vec::new();
            for (inside, acc) in layer {
                if self.found.steps > self.max_work {
                    // One visit with too many combinations: stop inside it too.
                    self.stop(format!("more than {} steps inside scenes", self.max_work));
                    self.combinations[s as usize] = self.combinations[s as usize].max(combinations);
                    return Vec::new();
                }
                let mut anything = false;
                for (position, o) in scene.observations.iter().enumerate() {
                    if inside.observed & (1 << position) != 0 {
                        continue;
                    }
                    if !o
                        .when
                        .as_ref()
                        .is_none_or(|w| w.holds(&inside.bits, &inside.meters))
                    {
                        continue;
                    }
                    anything = true;
                    self.found.steps += 1;
                    self.note_reveals(&o.reveals);
                    let mut bits = inside.bits.clone();
                    let mut meters = inside.meters.clone();
                    model.apply(scene, o, &mut bits, &mut meters);
                    let after = Inside {
                        observed: inside.observed | (1 << position),
                        bits,
                        meters,
                    };
                    let mut range = acc.clone();
                    add_score(&mut range, &o.score);
                    match next_layer.get_mut(&after) {
                        Some(known) => widen(known, &range),
                        None => {
                            next_order.push(after.clone());
                            next_layer.insert(after, range);
                        }
                    }
                }
                for c in &scene.choices {
                    if !c
                        .when
                        .as_ref()
                        .is_none_or(|w| w.holds(&inside.bits, &inside.meters))
                    {
                        continue;
                    }
                    anything = true;
                    self.offered.insert((s, c.index));
                    self.found.steps += 1;
                    self.note_reveals(&c.reveals);
                    let mut bits = inside.bits.clone();
                    let mut meters = inside.meters.clone();
                    model.apply(scene, c, &mut bits, &mut meters);
                    let mut range = acc.clone();
                    add_score(&mut range, &c.score);
                    for way in &c.ways {
                        let out = model.enter(way, &bits, &meters);
                        match exits.get_mut(&out) {
                            Some(known) => widen(known, &range),
                            None => {
                                order.push(out.clone());
                                exits.insert(out, range.clone());
                            }
                        }
                    }
                }
                if !anything {
                    dead_end = true;
                }
            }
            layer = next_order
                .into_iter()
                .map(|inside| {
                    let range = next_layer.remove(&inside).unwrap_or_default();
                    (inside, range)
                })
                .collect();
        }
        let scene_number = s as usize;
        self.combinations[scene_number] = self.combinations[scene_number].max(combinations);
        if dead_end {
            let id = &model.places[scene_number];
            if !self.found.dead_ends.contains_key(id) {
                let path = self.path(node);
                self.found.dead_ends.insert(id.clone(), path);
            }
        }
        order
            .into_iter()
            .map(|k| {
                let range = exits.remove(&k).unwrap_or_default();
                (k, range)
            })
            .collect()
    }

    fn note_reveals(&mut self, pieces: &[u32]) {
        for p in pieces {
            if !std::mem::replace(&mut self.pieces_seen[*p as usize], true) {
                self.found
                    .pieces
                    .insert(self.model.pieces[*p as usize].clone());
            }
        }
    }

    /// A finished component: its members' bounds, from the ways out of it.
    fn settle(&mut self, component: &[u32]) {
        let dims = self.model.dimensions.len();
        let cyclic = component.len() > 1
            || self.nodes[component[0] as usize]
                .edges
                .iter()
                .any(|e| e.to == component[0]);
        let members: HashSet<u32> = if cyclic {
            component.iter().copied().collect()
        } else {
            HashSet::new()
        };
        let best_via = |nodes: &Vec<Node>, member: u32, members: &HashSet<u32>| -> Option<Range> {
            let mut best: Option<Range> = None;
            for edge in &nodes[member as usize].edges {
                if members.contains(&edge.to) {
                    continue;
                }
                let Some(after) = nodes[edge.to as usize].bounds.as_ref() else {
                    continue;
                };
                let mut total: Range = Vec::with_capacity(dims);
                for ((lo, hi), (a, b)) in edge.range.iter().zip(after) {
                    total.push((lo + a, hi + b));
                }
                match &mut best {
                    None => best = Some(total),
                    Some(best) => widen(best, &total),
                }
            }
            best
        };
        if !cyclic {
            let member = component[0];
            if self.nodes[member as usize].bounds.is_none() {
                let bounds = best_via(&self.nodes, member, &members);
                self.nodes[member as usize].bounds = bounds;
            }
        } else {
            // A loop: start from the ways out, then let each member take the loop's edges
            // until nothing changes. If it keeps changing, going round changes the score
            // and the highest (or lowest) total has no limit.
            for &member in component {
                let bounds = best_via(&self.nodes, member, &members);
                self.nodes[member as usize].bounds = bounds;
            }
            let rounds = component.len().min(64) + 1;
            let mut settled = false;
            for _ in 0..rounds {
                let mut changed = false;
                for &member in component {
                    let mut best = self.nodes[member as usize].bounds.clone();
                    for edge in &self.nodes[member as usize].edges {
                        if !members.contains(&edge.to) {
                            continue;
                        }
                        let Some(after) = self.nodes[edge.to as usize].bounds.as_ref() else {
                            continue;
                        };
                        let total: Range = edge
                            .range
                            .iter()
                            .zip(after)
                            .map(|((lo, hi), (a, b))| (lo + a, hi + b))
                            .collect();
                        match &mut best {
                            None => best = Some(total),
                            Some(best) => widen(best, &total),
                        }
                    }
                    if best != self.nodes[member as usize].bounds {
                        changed = true;
                        self.nodes[member as usize].bounds = best;
                    }
                }
                if !changed {
                    settled = true;
                    break;
                }
            }
            if !settled {
                self.approximate_loops = true;
            }
        }
        for &member in component {
            let n = &mut self.nodes[member as usize];
            n.done = true;
        }
        // Edges are only needed until every member is settled; free them, except where a
        // component may still look back at them (none can: components finish sinks first).
        for &member in component {
            self.nodes[member as usize].edges = Vec::new();
        }
    }

    fn finish(mut self) -> Exploration {
        let model = self.model;
        self.found.states = self.nodes.len();
        self.found.offered = self
            .offered
            .iter()
            .map(|(scene, index)| (model.places[*scene as usize].clone(), *index))
            .collect();
        let exact = self.stopped.is_none() && !self.approximate_loops;
        if let Some(bounds) = &mut self.found.bounds {
            bounds.exact = exact;
        }
        if let Some(reason) = self.stopped.take() {
            self.found.complete = false;
            self.found.limit = Some(self.breakdown(reason));
        }
        self.found
    }

    /// What multiplies the states: the busiest scenes, the facts that take most values,
    /// the scenes whose observations combine most.
    fn breakdown(&self, reason: String) -> Limit {
        let model = self.model;
        let mut per_scene: HashMap<u32, usize> = HashMap::new();
        // fact number -> (values seen, scenes live in)
        let mut fact_values: HashMap<u32, (HashSet<bool>, HashSet<u32>)> = HashMap::new();
        let mut meter_values: HashMap<u32, (HashSet<i32>, HashSet<u32>)> = HashMap::new();
        for node in &self.nodes {
            let place = node.key.place;
            *per_scene.entry(place).or_default() += 1;
            if !model.is_scene(place) {
                continue;
            }
            let scene = &model.scenes[place as usize];
            for (i, fact) in scene.live.iter().enumerate() {
                let entry = fact_values.entry(*fact).or_default();
                entry.0.insert(get_bit(&node.key.bits, i as u32));
                entry.1.insert(place);
            }
            for (i, meter) in scene.live_meters.iter().enumerate() {
                let entry = meter_values.entry(*meter).or_default();
                entry.0.insert(node.key.meters[i]);
                entry.1.insert(place);
            }
        }
        let mut scenes: Vec<(String, usize)> = per_scene
            .into_iter()
            .map(|(p, n)| (model.places[p as usize].clone(), n))
            .collect();
        scenes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scenes.truncate(5);
        let mut facts: Vec<(String, usize, usize)> = fact_values
            .into_iter()
            .filter(|(_, (values, _))| values.len() > 1)
            .map(|(f, (values, scenes))| {
                (
                    model.fact_names[f as usize].clone(),
                    values.len(),
                    scenes.len(),
                )
            })
            .chain(
                meter_values
                    .into_iter()
                    .filter(|(_, (values, _))| values.len() > 1)
                    .map(|(m, (values, scenes))| {
                        (
                            format!("meter `{}`", model.meter_names[m as usize]),
                            values.len(),
                            scenes.len(),
                        )
                    }),
            )
            .collect();
        facts.sort_by(|a, b| (b.1 * b.2).cmp(&(a.1 * a.2)).then(a.0.cmp(&b.0)));
        facts.truncate(8);
        let mut observations: Vec<(String, usize, usize, Vec<String>)> = self
            .combinations
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 1)
            .map(|(s, n)| {
                let scene = &model.scenes[s];
                let mut changed: Vec<String> = Vec::new();
                for o in &scene.observations {
                    for bit in &o.set {
                        let name = &model.fact_names[scene.live[*bit as usize] as usize];
                        if !changed.contains(name) {
                            changed.push(name.clone());
                        }
                    }
                    for (m, _) in &o.meters {
                        let name = format!(
                            "meter `{}`",
                            model.meter_names[scene.live_meters[*m as usize] as usize]
                        );
                        if !changed.contains(&name) {
                            changed.push(name);
                        }
                    }
                }
                (
                    model.places[s].clone(),
                    scene.observations.len(),
                    *n,
                    changed,
                )
            })
            .collect();
        observations.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        observations.truncate(5);
        Limit {
            reason,
            scenes,
            facts,
            observations,
        }
    }
}

fn add_score(range: &mut Range, score: &[(u32, i64)]) {
    for (d, v) in score {
        let r = &mut range[*d as usize];
        r.0 += v;
        r.1 += v;
    }
}

// ---------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------

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
///
/// Routes follow only the choices' own `next` and `random`: a time limit's `then` is not a
/// pick a seed can make, so routes are found on the scenario without its time limits (and
/// replayed, to find their seeds, on the scenario as it is).
pub fn routes(scenario: &Scenario) -> Vec<Route> {
    if scenario.has_time_limits() {
        let mut untimed = scenario.clone();
        untimed.time_limit = None;
        for scene in &mut untimed.scenes {
            scene.value.time_limit = None;
        }
        let model = Model::compile(&untimed);
        return routes_over(scenario, &model, &situations(&model));
    }
    let model = Model::compile(scenario);
    routes_over(scenario, &model, &situations(&model))
}

/// [`routes`] over a walk of the situations already made.
fn routes_over(scenario: &Scenario, model: &Model, graph: &Situations) -> Vec<Route> {
    use crate::engine::{Scripted, Session};

    // The situations are numbered in the order a breadth-first walk meets them, so the
    // first edge into each is a fewest-steps way there, and the first situation at an
    // ending is the nearest.
    let n = graph.places.len();
    let mut via: Vec<Option<(u32, FineEdge)>> = vec![None; n];
    let mut reached: BTreeMap<u32, u32> = BTreeMap::new();
    for node in 0..n as u32 {
        let place = graph.places[node as usize];
        if !model.is_scene(place) {
            reached.entry(place).or_insert(node);
        }
        for edge in graph.edges(node) {
            if edge.to != 0 && via[edge.to as usize].is_none() {
                via[edge.to as usize] = Some((node, *edge));
            }
        }
    }
    let step = |place: u32, edge: &FineEdge| -> Scripted {
        if edge.number > 0 {
            Scripted::Pick(edge.number as usize)
        } else {
            let index = model.scenes[place as usize].observations[edge.action as usize].index;
            Scripted::Look(
                scenario.scenes[place as usize].observations[index]
                    .id
                    .value
                    .clone(),
            )
        }
    };

    let replays_to = |script: &[Scripted], seed: u64, ending: &str| {
        Session::play_script(scenario, seed, script)
            .is_ok_and(|session| session.state.ending.as_deref() == Some(ending))
    };
    scenario
        .endings
        .iter()
        .filter_map(|ending| {
            let place = model
                .places
                .iter()
                .enumerate()
                .skip(model.scene_count)
                .find(|(_, id)| **id == ending.id.value)
                .map(|(p, _)| p as u32)?;
            let mut node = *reached.get(&place)?;
            let mut script = Vec::new();
            while let Some((parent, edge)) = via[node as usize] {
                script.push(step(graph.places[parent as usize], &edge));
                node = parent;
            }
            script.reverse();
            let seed = (0..SEEDS_TRIED).find(|seed| replays_to(&script, *seed, &ending.id.value));
            Some(Route {
                ending: ending.id.value.clone(),
                steps: script,
                seed,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Path facts: the paths behind the bounds, how many paths there are, and play time
// ---------------------------------------------------------------------------------------

/// A number of paths: exact while it fits, else its order of magnitude, or no limit when
/// a loop can be gone round any number of times on the way to an ending.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathCount {
    /// Exactly this many.
    Exact(u128),
    /// About 10 to this power (too many to count exactly).
    About(f64),
    /// No limit: a loop can be gone round again and again.
    Unlimited,
}

impl PathCount {
    fn zero() -> PathCount {
        PathCount::Exact(0)
    }

    /// Whether there are none.
    pub fn is_zero(self) -> bool {
        self == PathCount::Exact(0)
    }

    fn log10(self) -> f64 {
        match self {
            PathCount::Exact(n) => (n as f64).log10(),
            PathCount::About(l) => l,
            PathCount::Unlimited => f64::INFINITY,
        }
    }

    fn add(self, other: PathCount) -> PathCount {
        match (self, other) {
            (PathCount::Unlimited, _) | (_, PathCount::Unlimited) => PathCount::Unlimited,
            (PathCount::Exact(a), PathCount::Exact(b)) => match a.checked_add(b) {
                Some(sum) => PathCount::Exact(sum),
                None => PathCount::About(((a as f64) + (b as f64)).log10()),
            },
            (a, b) if a.is_zero() => b,
            (a, b) if b.is_zero() => a,
            (a, b) => {
                let (x, y) = (a.log10(), b.log10());
                let (big, small) = if x >= y { (x, y) } else { (y, x) };
                PathCount::About(big + (1.0 + 10f64.powf(small - big)).log10())
            }
        }
    }
}

impl PathCount {
    fn mul(self, other: PathCount) -> PathCount {
        if self.is_zero() || other.is_zero() {
            return PathCount::zero();
        }
        match (self, other) {
            (PathCount::Unlimited, _) | (_, PathCount::Unlimited) => PathCount::Unlimited,
            (PathCount::Exact(a), PathCount::Exact(b)) => match a.checked_mul(b) {
                Some(product) => PathCount::Exact(product),
                None => PathCount::About((a as f64).log10() + (b as f64).log10()),
            },
            (a, b) => PathCount::About(a.log10() + b.log10()),
        }
    }
}

impl std::fmt::Display for PathCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathCount::Exact(n) => write!(f, "{n}"),
            PathCount::About(l) => write!(f, "about 10^{}", l.floor() as i64),
            PathCount::Unlimited => write!(f, "no limit (a loop can be repeated)"),
        }
    }
}

/// A path that gives an extreme value: the steps as `jigsaw play --inputs` takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extreme {
    /// The lowest or highest value.
    pub value: i64,
    /// The steps from the start, as typed.
    pub steps: Vec<crate::engine::Scripted>,
    /// The ending the steps reach.
    pub ending: String,
    /// False when a loop can push the value further without limit (the value and the path
    /// are then the best found after going round a bounded number of times).
    pub exact: bool,
}

/// The extremes of one dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DimensionPaths {
    /// The dimension's id.
    pub dimension: String,
    /// The lowest total on a complete path, and a path that gives it.
    pub lowest: Extreme,
    /// The highest total, and a path that gives it.
    pub highest: Extreme,
}

/// What the path facts found about every complete path.
#[derive(Clone, Debug, PartialEq)]
pub struct PathFacts {
    /// Whether every situation was walked; when false, everything below covers the paths
    /// walked before the stop, so counts are lower bounds and extremes are among those.
    pub complete: bool,
    /// Why the walk stopped, when it did.
    pub stopped: Option<String>,
    /// Distinct situations walked (a scene, what has been looked at, and the live facts).
    pub situations: usize,
    /// Distinct states (a scene entered with the live facts).
    pub states: usize,
    /// Distinct paths from the start to an ending. A path is the choices taken and the
    /// random outcomes, with the observations that change what can happen later; looking
    /// at things that change only the score or the clock does not make another path.
    pub paths: PathCount,
    /// Paths to each ending reached, in the scenario's order of endings.
    pub endings: Vec<(String, PathCount)>,
    /// For each piece, in the scenario's order of first reveal: the paths on which it can
    /// be found.
    pub pieces: Vec<(String, PathCount)>,
    /// Per scored dimension (in name order), the lowest and highest totals with a path each.
    pub dimensions: Vec<DimensionPaths>,
    /// For every ending reached, a shortest route to it (as [`routes`] gives).
    pub routes: Vec<Route>,
    /// The shortest play in in-game minutes, with a path.
    pub shortest: Option<Extreme>,
    /// The longest play in in-game minutes, with a path (not exact when a loop takes time).
    pub longest: Option<Extreme>,
}

/// One step inside the graph of situations.
#[derive(Clone, Copy)]
struct FineEdge {
    to: u32,
    /// Index in the scene's model `choices` (choice) or `observations` (look).
    action: u32,
    /// The displayed choice number (1-based) for a choice; 0 for a look.
    number: u32,
}

/// The graph of situations: every (scene, observations made, live facts) a learner can be
/// in, with one edge per look or per choice and outcome.
struct Situations {
    places: Vec<u32>,
    observed: Vec<u64>,
    keys: Vec<Key>,
    first: Vec<u32>,
    edges: Vec<FineEdge>,
    /// At scene entries with extras offered: their indexes in the scene's list.
    extras: HashMap<u32, Vec<u32>>,
    complete: bool,
    stopped: Option<String>,
}

impl Situations {
    fn edges(&self, node: u32) -> &[FineEdge] {
        let from = self.first[node as usize] as usize;
        let to = self
            .first
            .get(node as usize + 1)
            .map_or(self.edges.len(), |e| *e as usize);
        &self.edges[from..to]
    }
}

/// A situation as a map key: place, observations made, live bits, live meters.
type Situation = (u32, u64, Box<[u64]>, Box<[i32]>);

/// Walks every situation breadth-first from the start.
fn situations(model: &Model) -> Situations {
    let mut out = Situations {
        places: Vec::new(),
        observed: Vec::new(),
        keys: Vec::new(),
        first: Vec::new(),
        edges: Vec::new(),
        extras: HashMap::new(),
        complete: true,
        stopped: None,
    };
    let Some(start) = model.start_key() else {
        return out;
    };
    let cap = MAX_WORK.saturating_add(STEPS_PER_SCENE.saturating_mul(model.scene_count));
    // The same limit on states as the walk behind `check`.
    let max_states = MAX_STATES.saturating_add(STATES_PER_SCENE.saturating_mul(model.scene_count));
    let mut states = 0usize;
    let mut ids: HashMap<Situation, u32> = HashMap::new();
    let mut add = |out: &mut Situations,
                   place: u32,
                   observed: u64,
                   bits: Box<[u64]>,
                   meters: Box<[i32]>|
     -> u32 {
        let key = (place, observed, bits, meters);
        if let Some(id) = ids.get(&key) {
            return *id;
        }
        let id = out.places.len() as u32;
        out.places.push(place);
        out.observed.push(observed);
        out.keys.push(Key {
            place,
            bits: key.2.clone(),
            meters: key.3.clone(),
        });
        ids.insert(key, id);
        id
    };
    add(&mut out, start.place, 0, start.bits, start.meters);
    let mut next = 0usize;
    while next < out.places.len() {
        let node = next as u32;
        next += 1;
        out.first.push(out.edges.len() as u32);
        if out.observed[node as usize] == 0 {
            states += 1;
        }
        if out.places.len() > cap || out.edges.len() > cap {
            out.complete = false;
            out.stopped
                .get_or_insert_with(|| format!("more than {cap} steps inside scenes"));
            continue;
        }
        if states > max_states {
            out.complete = false;
            out.stopped
                .get_or_insert_with(|| format!("more than {max_states} distinct states"));
            continue;
        }
        let place = out.places[node as usize];
        if !model.is_scene(place) {
            continue;
        }
        let scene = &model.scenes[place as usize];
        if scene.too_many_observations {
            out.complete = false;
            out.stopped.get_or_insert_with(|| {
                format!(
                    "scene `{}` has more than {MAX_OBSERVATIONS} observations that change what happens later",
                    model.places[place as usize]
                )
            });
            continue;
        }
        let observed = out.observed[node as usize];
        let key = out.keys[node as usize].clone();
        let (bits, meters) = (&key.bits, &key.meters);
        let offered = scene
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.when.as_ref().is_none_or(|w| w.holds(bits, meters)));
        for (number, (k, c)) in offered.enumerate() {
            let mut b = bits.clone();
            let mut m = meters.clone();
            model.apply(scene, c, &mut b, &mut m);
            for way in &c.ways {
                let entered = model.enter(way, &b, &m);
                let to = add(&mut out, entered.place, 0, entered.bits, entered.meters);
                out.edges.push(FineEdge {
                    to,
                    action: k as u32,
                    number: number as u32 + 1,
                });
            }
        }
        for (position, o) in scene.observations.iter().enumerate() {
            if observed & (1 << position) != 0
                || !o.when.as_ref().is_none_or(|w| w.holds(bits, meters))
            {
                continue;
            }
            let mut b = bits.clone();
            let mut m = meters.clone();
            model.apply(scene, o, &mut b, &mut m);
            let to = add(&mut out, place, observed | (1 << position), b, m);
            out.edges.push(FineEdge {
                to,
                action: position as u32,
                number: 0,
            });
        }
    }
    for (node, key) in out.keys.iter().enumerate() {
        if out.observed[node] != 0 || !model.is_scene(key.place) {
            continue;
        }
        let extras: Vec<u32> = model.scenes[key.place as usize]
            .extras
            .iter()
            .filter(|e| {
                e.when
                    .as_ref()
                    .is_none_or(|w| w.holds(&key.bits, &key.meters))
            })
            .map(|e| e.index as u32)
            .collect();
        if !extras.is_empty() {
            out.extras.insert(node as u32, extras);
        }
    }
    out.keys = Vec::new();
    out
}

/// Works out [`PathFacts`] for `scenario`.
pub fn path_facts(scenario: &Scenario) -> PathFacts {
    use crate::engine::Scripted;

    let model = Model::compile(scenario);
    let mut graph = situations(&model);
    let n = graph.places.len();
    let dims = model.dimensions.len();
    let is_choice = |e: &FineEdge| e.number > 0;
    let action = |place: u32, e: &FineEdge| -> &Action {
        let scene = &model.scenes[place as usize];
        if is_choice(e) {
            &scene.choices[e.action as usize]
        } else {
            &scene.observations[e.action as usize]
        }
    };
    let minutes_of = |place: u32, a: &Action, choice: bool| -> i64 {
        let scene = &scenario.scenes[place as usize];
        i64::from(if choice {
            scene.choices[a.index].minutes
        } else {
            scene.observations[a.index].minutes
        })
    };

    if model.start_key().is_none() {
        return PathFacts {
            complete: true,
            stopped: None,
            situations: 0,
            states: 0,
            paths: PathCount::zero(),
            endings: Vec::new(),
            pieces: Vec::new(),
            dimensions: Vec::new(),
            routes: Vec::new(),
            shortest: None,
            longest: None,
        };
    }
    let routes = if scenario.has_time_limits() {
        routes(scenario) // without the limits' `then`s: see `routes`
    } else {
        routes_over(scenario, &model, &graph)
    };
    let entry_of = std::mem::take(&mut graph.extras);
    let extra_action = |place: u32, index: u32| -> &Action {
        model.scenes[place as usize]
            .extras
            .iter()
            .find(|a| a.index as u32 == index)
            .expect("an extra")
    };

    // Order: strongly connected components, sinks first.
    let successors: Vec<Vec<u32>> = (0..n as u32)
        .map(|v| graph.edges(v).iter().map(|e| e.to).collect())
        .collect();
    let order = components(&successors);
    drop(successors);

    // Longest and shortest paths per quantity: dimensions (low, high) and minutes.
    // Quantity q: 0..dims are dimensions, dims is minutes.
    let quantities = dims + 1;
    const NONE: u32 = u32::MAX;
    const END: u32 = u32::MAX - 1;
    let mut low = vec![i64::MAX; n * quantities];
    let mut high = vec![i64::MIN; n * quantities];
    let mut low_via = vec![NONE; n * quantities];
    let mut high_via = vec![NONE; n * quantities];
    let mut low_exact = vec![true; quantities];
    let mut high_exact = vec![true; quantities];
    // How much of quantity q an action adds: a dimension's score change, or its minutes.
    let amount = |place: u32, a: &Action, choice: bool, q: usize| -> i64 {
        if q == dims {
            minutes_of(place, a, choice)
        } else {
            a.score
                .iter()
                .find(|(d, _)| *d as usize == q)
                .map_or(0, |(_, v)| *v)
        }
    };
    let weight = |place: u32, e: &FineEdge, q: usize| -> i64 {
        amount(place, action(place, e), is_choice(e), q)
    };
    // The extras at an entry: (lowest, highest) added.
    let extra_range = |node: u32, q: usize| -> (i64, i64) {
        let Some(extras) = entry_of.get(&node) else {
            return (0, 0);
        };
        let place = graph.places[node as usize];
        let mut range = (0, 0);
        for index in extras {
            let v = amount(place, extra_action(place, *index), false, q);
            range.0 += v.min(0);
            range.1 += v.max(0);
        }
        range
    };
    let relax = |node: u32,
                 low: &mut [i64],
                 high: &mut [i64],
                 low_via: &mut [u32],
                 high_via: &mut [u32]|
     -> bool {
        let place = graph.places[node as usize];
        let base = node as usize * quantities;
        let mut changed = false;
        if !model.is_scene(place) {
            for q in 0..quantities {
                if low_via[base + q] != END {
                    low[base + q] = 0;
                    high[base + q] = 0;
                    low_via[base + q] = END;
                    high_via[base + q] = END;
                    changed = true;
                }
            }
            return changed;
        }
        let from = graph.first[node as usize];
        for (offset, e) in graph.edges(node).iter().enumerate() {
            let to = e.to as usize * quantities;
            if low_via[to] == NONE {
                continue;
            }
            for q in 0..quantities {
                let w = weight(place, e, q);
                let (lo_extra, hi_extra) = extra_range(node, q);
                let lo = low[to + q].saturating_add(w).saturating_add(lo_extra);
                let hi = high[to + q].saturating_add(w).saturating_add(hi_extra);
                if lo < low[base + q] {
                    low[base + q] = lo;
                    low_via[base + q] = from + offset as u32;
                    changed = true;
                }
                if hi > high[base + q] {
                    high[base + q] = hi;
                    high_via[base + q] = from + offset as u32;
                    changed = true;
                }
            }
        }
        changed
    };
    for component in &order {
        let cyclic = component.len() > 1
            || graph
                .edges(component[0])
                .iter()
                .any(|e| e.to == component[0]);
        if !cyclic {
            relax(
                component[0],
                &mut low,
                &mut high,
                &mut low_via,
                &mut high_via,
            );
            continue;
        }
        let rounds = component.len().min(256) + 1;
        let mut settled = false;
        for _ in 0..rounds {
            let mut changed = false;
            for &member in component.iter() {
                changed |= relax(member, &mut low, &mut high, &mut low_via, &mut high_via);
            }
            if !changed {
                settled = true;
                break;
            }
        }
        if !settled {
            // Which quantities keep moving round the loop: one more pass tells.
            let before_low: Vec<i64> = component
                .iter()
                .flat_map(|m| {
                    low[*m as usize * quantities..(*m as usize + 1) * quantities].to_vec()
                })
                .collect();
            let before_high: Vec<i64> = component
                .iter()
                .flat_map(|m| {
                    high[*m as usize * quantities..(*m as usize + 1) * quantities].to_vec()
                })
                .collect();
            for &member in component.iter() {
                relax(member, &mut low, &mut high, &mut low_via, &mut high_via);
            }
            for (i, m) in component.iter().enumerate() {
                for q in 0..quantities {
                    if low[*m as usize * quantities + q] != before_low[i * quantities + q] {
                        low_exact[q] = false;
                    }
                    if high[*m as usize * quantities + q] != before_high[i * quantities + q] {
                        high_exact[q] = false;
                    }
                }
            }
        }
    }

    // The path a pointer chain gives, as typed steps.
    let witness = |q: usize, highest: bool| -> Option<Extreme> {
        let (values, via) = if highest {
            (&high, &high_via)
        } else {
            (&low, &low_via)
        };
        if via.get(q).is_none_or(|v| *v == NONE) {
            return None;
        }
        let mut steps = Vec::new();
        let mut node = 0u32;
        let mut guard = 0usize;
        loop {
            guard += 1;
            if guard > 2 * n + 16 {
                break;
            }
            let place = graph.places[node as usize];
            if !model.is_scene(place) {
                break;
            }
            if let Some(extras) = entry_of.get(&node) {
                for index in extras {
                    let a = extra_action(place, *index);
                    let v = amount(place, a, false, q);
                    if (highest && v > 0) || (!highest && v < 0) {
                        steps.push(Scripted::Look(
                            scenario.scenes[place as usize].observations[a.index]
                                .id
                                .value
                                .clone(),
                        ));
                    }
                }
            }
            let e = via[node as usize * quantities + q];
            if e == NONE || e == END {
                break;
            }
            let edge = graph.edges[e as usize];
            if is_choice(&edge) {
                steps.push(Scripted::Pick(edge.number as usize));
            } else {
                let a = action(place, &edge);
                steps.push(Scripted::Look(
                    scenario.scenes[place as usize].observations[a.index]
                        .id
                        .value
                        .clone(),
                ));
            }
            node = edge.to;
        }
        Some(Extreme {
            value: values[q],
            steps,
            ending: model.places[graph.places[node as usize] as usize].clone(),
            exact: if highest { high_exact[q] } else { low_exact[q] },
        })
    };
    let dimensions: Vec<DimensionPaths> = (0..dims)
        .filter_map(|q| {
            Some(DimensionPaths {
                dimension: model.dimensions[q].clone(),
                lowest: witness(q, false)?,
                highest: witness(q, true)?,
            })
        })
        .collect();
    let shortest = witness(dims, false);
    let longest = witness(dims, true);
    drop(low);
    drop(high);
    drop(low_via);
    drop(high_via);

    // Counting paths: over scene entries, one edge per distinct (choice, next entry) that
    // some set of looks leads to, with the pieces some route to it can reveal (a sorted
    // list: most edges reveal none or a few).
    fn merge(into: &mut Vec<u32>, from: &[u32]) {
        for p in from {
            if let Err(at) = into.binary_search(p) {
                into.insert(at, *p);
            }
        }
    }
    let entries: Vec<u32> = (0..n as u32)
        .filter(|v| graph.observed[*v as usize] == 0)
        .collect();
    let mut coarse_id = vec![u32::MAX; n];
    for (i, v) in entries.iter().enumerate() {
        coarse_id[*v as usize] = i as u32;
    }
    let m = entries.len();
    let mut coarse_first: Vec<u32> = Vec::with_capacity(m + 1);
    let mut coarse_to: Vec<u32> = Vec::new();
    let mut coarse_pieces: Vec<Vec<u32>> = Vec::new();
    {
        let mut seen: HashMap<u32, usize> = HashMap::new();
        let mut exits: HashMap<(u32, u32), usize> = HashMap::new();
        for &entry in &entries {
            coarse_first.push(coarse_to.len() as u32);
            let place = graph.places[entry as usize];
            if !model.is_scene(place) {
                continue;
            }
            // The visit: situations reachable by looks, in order of how many looks.
            seen.clear();
            exits.clear();
            let mut order = vec![entry];
            let mut revealed: Vec<u32> = Vec::new();
            if let Some(extras) = entry_of.get(&entry) {
                for index in extras {
                    merge(&mut revealed, &extra_action(place, *index).reveals);
                }
            }
            seen.insert(entry, 0);
            let mut sets: Vec<Vec<u32>> = vec![revealed];
            let mut i = 0;
            while i < order.len() {
                let at = order[i];
                let mine = sets[i].clone();
                for e in graph.edges(at) {
                    let a = action(place, e);
                    let mut with = mine.clone();
                    merge(&mut with, &a.reveals);
                    if is_choice(e) {
                        let key = (e.action, coarse_id[e.to as usize]);
                        match exits.get(&key) {
                            Some(&slot) => merge(&mut coarse_pieces[slot], &with),
                            None => {
                                exits.insert(key, coarse_to.len());
                                coarse_to.push(key.1);
                                coarse_pieces.push(with);
                            }
                        }
                    } else {
                        match seen.get(&e.to) {
                            Some(&j) => merge(&mut sets[j], &with),
                            None => {
                                seen.insert(e.to, order.len());
                                order.push(e.to);
                                sets.push(with);
                            }
                        }
                    }
                }
                i += 1;
            }
        }
        coarse_first.push(coarse_to.len() as u32);
    }
    let coarse_edges = |v: usize| coarse_first[v] as usize..coarse_first[v + 1] as usize;
    let coarse_successors: Vec<Vec<u32>> = (0..m)
        .map(|v| coarse_edges(v).map(|e| coarse_to[e]).collect())
        .collect();
    let coarse_order = components(&coarse_successors);
    drop(coarse_successors);
    let is_ending = |v: usize| !model.is_scene(graph.places[entries[v] as usize]);
    let cyclic = |component: &Vec<u32>| {
        component.len() > 1
            || coarse_edges(component[0] as usize).any(|e| coarse_to[e] == component[0])
    };
    // Paths from each entry to an ending (to one ending, when `target` is given).
    let count = |target: Option<usize>| -> Vec<PathCount> {
        let mut counts = vec![PathCount::zero(); m];
        for component in &coarse_order {
            if !cyclic(component) {
                let v = component[0] as usize;
                if is_ending(v) {
                    let here = graph.places[entries[v] as usize] as usize;
                    if target.is_none_or(|t| t == here) {
                        counts[v] = PathCount::Exact(1);
                    }
                    continue;
                }
                let mut total = PathCount::zero();
                for e in coarse_edges(v) {
                    total = total.add(counts[coarse_to[e] as usize]);
                }
                counts[v] = total;
                continue;
            }
            // A loop that can be left towards an ending can be gone round any number of times.
            let members: HashSet<u32> = component.iter().copied().collect();
            let leaves = component.iter().any(|&v| {
                coarse_edges(v as usize).any(|e| {
                    let to = coarse_to[e];
                    !members.contains(&to) && !counts[to as usize].is_zero()
                })
            });
            if leaves {
                for &v in component {
                    counts[v as usize] = PathCount::Unlimited;
                }
            }
        }
        counts
    };
    let all = count(None);
    let paths = all.first().copied().unwrap_or(PathCount::zero());
    let mut endings = Vec::new();
    for ending in &scenario.endings {
        let Some(place) = model
            .places
            .iter()
            .enumerate()
            .skip(model.scene_count)
            .find(|(_, id)| **id == ending.id.value)
            .map(|(p, _)| p)
        else {
            continue;
        };
        if endings.iter().any(|(id, _)| *id == ending.id.value) {
            continue;
        }
        let c = count(Some(place));
        endings.push((
            ending.id.value.clone(),
            c.first().copied().unwrap_or(PathCount::zero()),
        ));
    }

    // Paths that can find each piece. Every such path has a last edge that can reveal it:
    // the paths are (paths from the start to that edge) x (paths from its end that never
    // pass another such edge). Only the stretch of the story between the piece's first and
    // last revealing edges needs a count of its own, so the work grows with how widely a
    // piece is spread, not with the story times the pieces.
    let mut comp_of = vec![0u32; m];
    for (i, component) in coarse_order.iter().enumerate() {
        for &v in component {
            comp_of[v as usize] = i as u32;
        }
    }
    // Paths from the start to each entry, in topological order (the reverse of
    // `coarse_order`), pushed forward.
    let mut from_start = vec![PathCount::zero(); m];
    if m > 0 {
        from_start[0] = PathCount::Exact(1);
    }
    for component in coarse_order.iter().rev() {
        if cyclic(component) && component.iter().any(|v| !from_start[*v as usize].is_zero()) {
            for &v in component {
                from_start[v as usize] = PathCount::Unlimited;
            }
        }
        let members: HashSet<u32> = if component.len() > 1 {
            component.iter().copied().collect()
        } else {
            HashSet::new()
        };
        for &v in component {
            let here = from_start[v as usize];
            if here.is_zero() {
                continue;
            }
            for e in coarse_edges(v as usize) {
                let to = coarse_to[e];
                if to == v || members.contains(&to) {
                    continue;
                }
                from_start[to as usize] = from_start[to as usize].add(here);
            }
        }
    }
    let mut predecessors: Vec<Vec<u32>> = vec![Vec::new(); m];
    let mut edge_from = vec![0u32; coarse_to.len()];
    for v in 0..m {
        for e in coarse_edges(v) {
            predecessors[coarse_to[e] as usize].push(v as u32);
            edge_from[e] = v as u32;
        }
    }
    let mut revealing: Vec<Vec<u32>> = vec![Vec::new(); model.pieces.len()];
    for (e, list) in coarse_pieces.iter().enumerate() {
        for p in list {
            revealing[*p as usize].push(e as u32);
        }
    }
    drop(coarse_pieces);
    let mut piece_counts = Vec::new();
    let mut mark = vec![0u32; m];
    let mut generation = 0u32;
    let mut avoid: HashMap<u32, PathCount> = HashMap::new();
    for (p, id) in model.pieces.iter().enumerate() {
        let edges_here: HashSet<u32> = revealing[p].iter().copied().collect();
        // The stretch: entries reachable from a revealing edge's end that can still reach
        // a revealing edge's start (comp_of: higher is earlier in the story).
        generation += 2;
        let (ahead, both) = (generation - 1, generation);
        let lowest_source = revealing[p]
            .iter()
            .map(|e| comp_of[edge_from[*e as usize] as usize])
            .min()
            .unwrap_or(0);
        let mut stack: Vec<u32> = Vec::new();
        for e in &revealing[p] {
            let to = coarse_to[*e as usize];
            if comp_of[to as usize] >= lowest_source && mark[to as usize] != ahead {
                mark[to as usize] = ahead;
                stack.push(to);
            }
        }
        while let Some(v) = stack.pop() {
            for e in coarse_edges(v as usize) {
                let to = coarse_to[e];
                // Past the last revealing edge's start nothing can reveal the piece again.
                if comp_of[to as usize] >= lowest_source && mark[to as usize] != ahead {
                    mark[to as usize] = ahead;
                    stack.push(to);
                }
            }
        }
        let mut stretch: Vec<u32> = Vec::new();
        for e in &revealing[p] {
            let from = edge_from[*e as usize];
            if mark[from as usize] == ahead {
                mark[from as usize] = both;
                stack.push(from);
            }
        }
        while let Some(v) = stack.pop() {
            stretch.push(v);
            for &q in &predecessors[v as usize] {
                if mark[q as usize] == ahead {
                    mark[q as usize] = both;
                    stack.push(q);
                }
            }
        }
        // Paths from each stretch entry to an ending that pass no revealing edge, sinks first.
        stretch.sort_by_key(|v| comp_of[*v as usize]);
        avoid.clear();
        let value = |avoid: &HashMap<u32, PathCount>, v: u32| -> PathCount {
            avoid.get(&v).copied().unwrap_or(all[v as usize])
        };
        let mut i = 0;
        while i < stretch.len() {
            let c = comp_of[stretch[i] as usize];
            let mut j = i;
            while j < stretch.len() && comp_of[stretch[j] as usize] == c {
                j += 1;
            }
            let component = &coarse_order[c as usize];
            if cyclic(component) {
                let members: HashSet<u32> = component.iter().copied().collect();
                let leaves = component.iter().any(|&v| {
                    coarse_edges(v as usize).any(|e| {
                        let to = coarse_to[e];
                        !edges_here.contains(&(e as u32))
                            && !members.contains(&to)
                            && !value(&avoid, to).is_zero()
                    })
                });
                for &v in component {
                    avoid.insert(
                        v,
                        if leaves {
                            PathCount::Unlimited
                        } else {
                            PathCount::zero()
                        },
                    );
                }
            } else {
                let v = stretch[i];
                let mut total = PathCount::zero();
                for e in coarse_edges(v as usize) {
                    if !edges_here.contains(&(e as u32)) {
                        total = total.add(value(&avoid, coarse_to[e]));
                    }
                }
                avoid.insert(v, total);
            }
            i = j;
        }
        let mut found = PathCount::zero();
        for e in &revealing[p] {
            let from = edge_from[*e as usize];
            let after = value(&avoid, coarse_to[*e as usize]);
            found = found.add(from_start[from as usize].mul(after));
        }
        piece_counts.push((id.clone(), found));
    }
    graph.edges.clear();
    PathFacts {
        complete: graph.complete,
        stopped: graph.stopped.clone(),
        situations: n,
        states: entries.len(),
        paths,
        endings,
        pieces: piece_counts,
        dimensions,
        routes,
        shortest,
        longest,
    }
}
