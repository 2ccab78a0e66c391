//! The path analysis is exact: on thousands of small generated scenarios its findings
//! (scenes, endings and pieces reached, choices offered, dead ends, loops and the score
//! bounds) equal those of a brute-force walk over the engine's own full `Story`, with no
//! liveness, no grouping of observations and no shortcuts. Scenarios are generated from a
//! seed so a failure names the seed that reproduces it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jigsaw::engine::Story;
use jigsaw::explore::explore;
use jigsaw::scenario::{Scenario, parse_scenario};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// What a walk finds, in a form both walks can give.
#[derive(Debug, PartialEq, Eq)]
struct Findings {
    scenes: BTreeSet<String>,
    endings: BTreeSet<String>,
    pieces: BTreeSet<String>,
    offered: BTreeSet<(String, usize)>,
    dead_ends: BTreeSet<String>,
    any_loop: bool,
}

/// A state with the clock left out (nothing can read it), so equal keys have equal futures.
fn key(state: &Story) -> Story {
    Story {
        clock: 0,
        ..state.clone()
    }
}

type Totals = BTreeMap<String, (i64, i64)>;

/// Per state: `None` while it is on the path being walked (meeting it again is a loop),
/// then the bounds of what follows it (`None` inside when no ending follows).
type Memo = HashMap<Story, Option<Option<Vec<(i64, i64)>>>>;

/// Walks every full engine state. Returns the findings and, for scenarios without loops,
/// the bounds over complete paths (by dynamic programming over full states, which is exact
/// because a full state decides its own future).
fn brute_force(scenario: &Scenario, dimensions: &[String]) -> (Findings, Option<Totals>) {
    let mut f = Findings {
        scenes: BTreeSet::new(),
        endings: BTreeSet::new(),
        pieces: BTreeSet::new(),
        offered: BTreeSet::new(),
        dead_ends: BTreeSet::new(),
        any_loop: false,
    };
    let Ok(start) = Story::start(scenario) else {
        return (f, None);
    };
    let mut memo: Memo = HashMap::new();
    let result = walk(scenario, dimensions, start, &mut memo, &mut f);
    let bounds = if f.any_loop {
        None
    } else {
        result.map(|r| dimensions.iter().cloned().zip(r).collect())
    };
    (f, bounds)
}

fn walk(
    scenario: &Scenario,
    dimensions: &[String],
    state: Story,
    memo: &mut Memo,
    f: &mut Findings,
) -> Option<Vec<(i64, i64)>> {
    let k = key(&state);
    match memo.get(&k) {
        Some(Some(done)) => return done.clone(),
        Some(None) => {
            f.any_loop = true;
            return None;
        }
        None => {}
    }
    if let Some(ending) = &state.ending {
        f.endings.insert(ending.clone());
        let zero = Some(vec![(0, 0); dimensions.len()]);
        memo.insert(k, Some(zero.clone()));
        return zero;
    }
    f.scenes.insert(state.scene.clone());
    memo.insert(k.clone(), None);
    let mut best: Option<Vec<(i64, i64)>> = None;
    let observations = state.offered_observations(scenario);
    let choices = state.offered_choices(scenario);
    if observations.is_empty() && choices.is_empty() {
        f.dead_ends.insert(state.scene.clone());
    }
    let mut steps = Vec::new();
    for o in observations {
        let mut next = state.clone();
        let effects = next.observe(scenario, o);
        steps.push((next, effects));
    }
    for (index, choice) in choices {
        f.offered.insert((state.scene.clone(), index));
        for target in choice.targets_with_weight() {
            if scenario.scene(target).is_none() && scenario.ending(target).is_none() {
                continue;
            }
            let mut next = state.clone();
            let effects = next.choose(scenario, choice, target);
            steps.push((next, effects));
        }
    }
    for (next, effects) in steps {
        f.pieces.extend(effects.revealed.iter().cloned());
        let Some(mut after) = walk(scenario, dimensions, next, memo, f) else {
            continue;
        };
        for (i, d) in dimensions.iter().enumerate() {
            let v = i64::from(effects.score.get(d).copied().unwrap_or(0));
            after[i].0 += v;
            after[i].1 += v;
        }
        match &mut best {
            None => best = Some(after),
            Some(b) => {
                for (x, y) in b.iter_mut().zip(after) {
                    x.0 = x.0.min(y.0);
                    x.1 = x.1.max(y.1);
                }
            }
        }
    }
    memo.insert(k, Some(best.clone()));
    best
}

/// A random condition over the scenario's names (sometimes a name nothing declares).
fn condition(rng: &mut ChaCha8Rng, scenes: usize, depth: u32) -> String {
    let flag = |rng: &mut ChaCha8Rng| format!("\"f{}\"", rng.random_range(0..4));
    let piece = |rng: &mut ChaCha8Rng| format!("\"p{}\"", rng.random_range(0..4));
    let meter = |rng: &mut ChaCha8Rng| format!("\"m{}\"", rng.random_range(0..3));
    let kind = if depth >= 2 {
        rng.random_range(0..8)
    } else {
        rng.random_range(0..11)
    };
    match kind {
        0 => format!("Flag({})", flag(rng)),
        1 => format!("NotFlag({})", flag(rng)),
        2 => format!("Found({})", piece(rng)),
        3 => format!("NotFound({})", piece(rng)),
        4 => format!("AtLeast({}, {})", meter(rng), rng.random_range(0..4)),
        5 => format!("Below({}, {})", meter(rng), rng.random_range(0..4)),
        6 => format!("Visited(\"s{}\")", rng.random_range(0..scenes)),
        7 => format!("NotVisited(\"s{}\")", rng.random_range(0..scenes)),
        8 | 9 => {
            let n = rng.random_range(1..3);
            let parts: Vec<String> = (0..n).map(|_| condition(rng, scenes, depth + 1)).collect();
            format!(
                "{}([{}])",
                if kind == 8 { "All" } else { "Any" },
                parts.join(", ")
            )
        }
        _ => format!("Not({})", condition(rng, scenes, depth + 1)),
    }
}

fn effects(rng: &mut ChaCha8Rng) -> String {
    let mut out = String::new();
    if rng.random_bool(0.6) {
        let dims = ["care", "authority", "curiosity"];
        let n = rng.random_range(1..3);
        let parts: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "\"{}\": {}",
                    dims[(i + rng.random_range(0..3)) % 3],
                    rng.random_range(-3..4)
                )
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Duplicate keys would be a parse error; keep the first of each.
        let mut seen = BTreeSet::new();
        let parts: Vec<String> = parts
            .into_iter()
            .filter(|p| seen.insert(p.split(':').next().unwrap_or("").to_string()))
            .collect();
        out.push_str(&format!("score: {{{}}}, ", parts.join(", ")));
    }
    if rng.random_bool(0.4) {
        out.push_str(&format!("set: [\"f{}\"], ", rng.random_range(0..4)));
    }
    if rng.random_bool(0.4) {
        out.push_str(&format!("reveals: [\"p{}\"], ", rng.random_range(0..4)));
    }
    if rng.random_bool(0.4) {
        out.push_str(&format!(
            "meters: {{\"m{}\": {}}}, ",
            rng.random_range(0..3),
            rng.random_range(-2..3)
        ));
    }
    if rng.random_bool(0.3) {
        out.push_str(&format!("when: {}, ", condition(rng, 6, 0)));
    }
    out
}

/// A small random scenario. With `forward_only`, choices lead only to later scenes or
/// endings, so there are no loops and the bounds can be compared too.
pub(super) fn generate(seed: u64, forward_only: bool) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scenes = rng.random_range(2..7);
    let endings = rng.random_range(1..4);
    let mut text = String::from(
        "Scenario(id: \"g\", title: \"G\", role: \"r\", summary: \"s\", content_note: \"c\",\n",
    );
    text.push_str("pieces: [Piece(id: \"p0\", title: \"P0\"), Piece(id: \"p1\", title: \"P1\"), Piece(id: \"p2\", title: \"P2\")],\n");
    text.push_str(&format!(
        "meters: [Meter(id: \"m0\", start: {}, min: 0, max: 3), Meter(id: \"m1\", start: 1, min: -1, max: 2)],\n",
        rng.random_range(0..4)
    ));
    text.push_str("flags: [\"f0\", \"f1\", \"f2\"],\nscenes: [\n");
    for s in 0..scenes {
        text.push_str(&format!("Scene(id: \"s{s}\", text: \"t\", observations: ["));
        for o in 0..rng.random_range(0..4) {
            text.push_str(&format!(
                "Observation(id: \"o{o}\", label: \"l\", text: \"t\", {}),",
                effects(&mut rng)
            ));
        }
        text.push_str("], choices: [");
        let choices = if rng.random_bool(0.1) {
            0
        } else {
            rng.random_range(1..4)
        };
        for _ in 0..choices {
            let target = |rng: &mut ChaCha8Rng| {
                let lowest = if forward_only { s + 1 } else { 0 };
                if lowest < scenes && rng.random_bool(0.6) {
                    format!("\"s{}\"", rng.random_range(lowest..scenes))
                } else {
                    format!("\"e{}\"", rng.random_range(0..endings))
                }
            };
            let way = if rng.random_bool(0.2) {
                format!(
                    "random: [({}, {}), ({}, {})]",
                    target(&mut rng),
                    rng.random_range(0..3),
                    target(&mut rng),
                    rng.random_range(1..3)
                )
            } else {
                format!("next: {}", target(&mut rng))
            };
            let unset = if rng.random_bool(0.2) {
                format!("unset: [\"f{}\"], ", rng.random_range(0..4))
            } else {
                String::new()
            };
            text.push_str(&format!(
                "Choice(text: \"c\", {}{unset}{way}),",
                effects(&mut rng)
            ));
        }
        text.push_str("]),\n");
    }
    text.push_str("],\nendings: [");
    for e in 0..endings {
        text.push_str(&format!(
            "Ending(id: \"e{e}\", title: \"E\", text: \"e\", kind: Good),"
        ));
    }
    text.push_str("])\n");
    text
}

fn compare(seed: u64, forward_only: bool) {
    let text = generate(seed, forward_only);
    let scenario = match parse_scenario(&text, std::path::Path::new("g.ron")) {
        Ok(s) => s,
        Err(e) => panic!(
            "seed {seed}: generated file does not parse: {}\n{text}",
            e.short()
        ),
    };
    let analysis = explore(&scenario);
    assert!(
        analysis.complete,
        "seed {seed}: small scenarios are walked whole"
    );
    let dimensions: Vec<String> = analysis
        .bounds
        .as_ref()
        .map(|b| b.dimensions.keys().cloned().collect())
        .unwrap_or_else(|| {
            let mut all = BTreeSet::new();
            for scene in &scenario.scenes {
                for c in &scene.choices {
                    all.extend(c.score.keys().cloned());
                }
                for o in &scene.observations {
                    all.extend(o.score.keys().cloned());
                }
            }
            all.into_iter().collect()
        });
    let (expected, expected_bounds) = brute_force(&scenario, &dimensions);
    let found = Findings {
        scenes: analysis.scenes.clone(),
        endings: analysis.endings.clone(),
        pieces: analysis.pieces.clone(),
        offered: analysis.offered.clone(),
        dead_ends: analysis.dead_ends.keys().cloned().collect(),
        any_loop: !analysis.loops.is_empty(),
    };
    assert_eq!(found, expected, "seed {seed}:\n{text}");
    if !expected.any_loop {
        let bounds = analysis.bounds.as_ref().map(|b| b.dimensions.clone());
        assert_eq!(bounds, expected_bounds, "seed {seed}: bounds\n{text}");
        if let Some(b) = &analysis.bounds {
            assert!(b.exact, "seed {seed}: bounds without loops are exact");
        }
    }
}

#[test]
fn the_analysis_matches_a_brute_force_walk_on_scenarios_without_loops() {
    for seed in 0..1_500 {
        compare(seed, true);
    }
}

#[test]
fn the_analysis_matches_a_brute_force_walk_on_scenarios_with_loops() {
    for seed in 10_000..11_500 {
        compare(seed, false);
    }
}

#[test]
fn a_scene_of_many_observations_read_nowhere_is_one_state() {
    // Eighteen observations that each set a flag nothing reads: every subset used to be a
    // state of its own (2^18); now they are optional extras of one visit.
    let observations: String = (0..18)
        .map(|i| {
            format!(
                "Observation(id: \"o{i}\", label: \"l\", text: \"t\", set: [\"f{i}\"], score: {{\"curiosity\": 1}}),"
            )
        })
        .collect();
    let flags: Vec<String> = (0..18).map(|i| format!("\"f{i}\"")).collect();
    let text = format!(
        "Scenario(id: \"wide\", title: \"W\", role: \"r\", summary: \"s\", content_note: \"c\", flags: [{}],
         scenes: [Scene(id: \"a\", text: \"t\", observations: [{observations}],
             choices: [Choice(text: \"go\", score: {{\"care\": 1}}, next: \"end\")])],
         endings: [Ending(id: \"end\", title: \"E\", text: \"e\", kind: Good)])",
        flags.join(", ")
    );
    let scenario = parse_scenario(&text, std::path::Path::new("wide.ron")).expect("parses");
    let analysis = explore(&scenario);
    assert!(analysis.complete);
    assert_eq!(analysis.states, 2, "the scene and the ending");
    let bounds = analysis.bounds.expect("bounds");
    assert!(bounds.exact);
    assert_eq!(bounds.get("curiosity"), Some((0, 18)));
    assert_eq!(bounds.get("care"), Some((1, 1)));
}

#[test]
fn a_loop_that_changes_the_score_makes_the_bounds_approximate() {
    let text = r#"Scenario(id: "loop", title: "L", role: "r", summary: "s", content_note: "c",
        scenes: [
            Scene(id: "a", text: "t", choices: [
                Choice(text: "again", score: {"care": 1}, next: "a"),
                Choice(text: "stop", next: "end"),
            ]),
        ],
        endings: [Ending(id: "end", title: "E", text: "e", kind: Good)])"#;
    let scenario = parse_scenario(text, std::path::Path::new("loop.ron")).expect("parses");
    let analysis = explore(&scenario);
    assert!(analysis.loops.contains_key("a"));
    let bounds = analysis.bounds.expect("bounds");
    assert!(!bounds.exact, "going round adds care without limit");
}

/// Twenty flags, each set by its own observation in the first scene and each read at the
/// end: a million different futures, which no exact walk can cover.
fn twenty_flags_read_at_the_end() -> String {
    let observations: String = (0..20)
        .map(|i| {
            format!(
                "Observation(id: \"o{i}\", label: \"l\", text: \"t\", set: [\"f{i}\"], score: {{\"curiosity\": 1}}),"
            )
        })
        .collect();
    let reads: String = (0..20)
        .map(|i| {
            format!(
                "Choice(text: \"c{i}\", score: {{\"authority\": 1}}, feedback: \"f\", when: Flag(\"f{i}\"), next: \"good\"),"
            )
        })
        .collect();
    let flags: Vec<String> = (0..20).map(|i| format!("\"f{i}\"")).collect();
    format!(
        "Scenario(id: \"flags\", title: \"F\", role: \"r\", summary: \"s\", content_note: \"c\", flags: [{}],
         scenes: [
            Scene(id: \"start\", text: \"t\", observations: [{observations}],
                choices: [Choice(text: \"on\", score: {{\"care\": 1}}, feedback: \"f\", next: \"end\")]),
            Scene(id: \"end\", text: \"t\", choices: [{reads}
                Choice(text: \"none\", score: {{\"care\": -1}}, feedback: \"f\", next: \"good\")]),
         ],
         endings: [Ending(id: \"good\", title: \"E\", text: \"e\", kind: Good)])",
        flags.join(", ")
    )
}

#[test]
fn a_scenario_past_the_cap_is_an_error_that_names_what_multiplies_the_states() {
    use jigsaw::rubric::Rubric;
    use jigsaw::validate::{CheckOptions, check_source, check_source_with};
    let text = twenty_flags_read_at_the_end();
    let path = std::path::Path::new("flags.ron");
    let checked = check_source(path, &text, &Rubric::built_in());
    let error = checked
        .errors()
        .find(|d| d.code == "too-many-paths")
        .expect("an error, not a warning");
    let hint = error.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("`start`"), "{hint}");
    assert!(hint.contains("flag `f0`"), "{hint}");
    assert!(
        checked.playable().is_none(),
        "not playable without --approximate"
    );

    let options = CheckOptions { approximate: true };
    let accepted = check_source_with(path, &text, &Rubric::built_in(), options);
    assert!(
        accepted
            .diagnostics
            .iter()
            .any(|d| d.code == "too-many-paths" && !d.is_error()),
        "a warning with --approximate"
    );
    assert!(accepted.playable().is_some());
    assert!(
        accepted.bounds().is_none_or(|b| !b.exact),
        "bounds from a partial walk are never called exact"
    );
}
