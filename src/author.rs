//! What the app's author mode shows, computed without Bevy: a condition written back in the
//! file's own syntax, a layered layout of the scenario's graph, and the path so far as a
//! `jigsaw play --inputs` line or a test plan.
//!
//! The app draws these; keeping them here means the command line and the tests see exactly
//! what the author sees, and the layout is tested without a window.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;

use crate::engine::{Input, Session};
use crate::graph::{Graph, NodeKind};
use crate::scenario::{Condition, Scenario};

/// A condition as it is written in a scenario file:
/// `All([AtLeast("engagement", 5), Found("lip-account")])`.
pub fn condition_source(condition: &Condition) -> String {
    let list = |all: &[Condition]| {
        all.iter()
            .map(condition_source)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match condition {
        Condition::Flag(id) => format!("Flag({:?})", id.value),
        Condition::NotFlag(id) => format!("NotFlag({:?})", id.value),
        Condition::Found(id) => format!("Found({:?})", id.value),
        Condition::NotFound(id) => format!("NotFound({:?})", id.value),
        Condition::AtLeast(id, v) => format!("AtLeast({:?}, {v})", id.value),
        Condition::Below(id, v) => format!("Below({:?}, {v})", id.value),
        Condition::Visited(id) => format!("Visited({:?})", id.value),
        Condition::NotVisited(id) => format!("NotVisited({:?})", id.value),
        Condition::All(all) => format!("All([{}])", list(all)),
        Condition::Any(any) => format!("Any([{}])", list(any)),
        Condition::Not(inner) => format!("Not({})", condition_source(inner)),
    }
}

/// Each node's layer in a drawing of `graph`: its distance in arrows from the start scene.
/// Nodes no arrow reaches go in one layer after the last.
pub fn layers(graph: &Graph) -> Vec<usize> {
    let start = graph
        .nodes
        .iter()
        .position(|n| matches!(n.kind, NodeKind::Scene { start: true, .. }));
    let mut layer = vec![usize::MAX; graph.nodes.len()];
    let mut queue = VecDeque::new();
    if let Some(start) = start {
        layer[start] = 0;
        queue.push_back(start);
    }
    while let Some(node) = queue.pop_front() {
        for edge in graph.edges.iter().filter(|e| e.from == node) {
            if layer[edge.to] == usize::MAX {
                layer[edge.to] = layer[node] + 1;
                queue.push_back(edge.to);
            }
        }
    }
    let unreached = layer
        .iter()
        .filter(|l| **l != usize::MAX)
        .max()
        .map_or(0, |l| l + 1);
    for l in &mut layer {
        if *l == usize::MAX {
            *l = unreached;
        }
    }
    layer
}

/// The session's steps as `jigsaw play --inputs` takes them (choice numbers as shown on
/// screen, `look:<id>` for observations), e.g. `look:record,1,2`. `None` for a session
/// started by a jump, which no `--inputs` line can reproduce from the start.
pub fn inputs_line(scenario: &Scenario, session: &Session) -> Option<String> {
    if session.jump.is_some() {
        return None;
    }
    let mut replay = Session::start(scenario, session.seed).ok()?;
    let mut steps = Vec::new();
    for input in &session.inputs {
        match input {
            Input::Choose(index) => {
                let shown = replay
                    .offered_choices(scenario)
                    .iter()
                    .position(|(i, _)| i == index)?;
                steps.push((shown + 1).to_string());
            }
            Input::Observe(id) => steps.push(format!("look:{id}")),
        }
        replay.apply(scenario, input).ok()?;
    }
    Some(steps.join(","))
}

/// A test plan (the `jigsaw test` format) with one playthrough: the session's path, with
/// what it reached as expectations (the ending, pieces found, every dimension's raw total),
/// so the plan fails if an edit changes where this path goes. `None` for a jumped session.
pub fn plan_text(scenario: &Scenario, session: &Session) -> Option<String> {
    let inputs = inputs_line(scenario, session)?;
    let mut expect = Vec::new();
    if let Some(ending) = &session.state.ending {
        expect.push(format!("Ending({ending:?})"));
    } else {
        expect.push(format!("Visited({:?})", session.state.scene));
    }
    let found: Vec<String> = scenario
        .pieces
        .iter()
        .map(|p| &p.id.value)
        .filter(|id| session.state.found.contains(*id))
        .map(|id| format!("{id:?}"))
        .collect();
    if !found.is_empty() {
        expect.push(format!("Found([{}])", found.join(", ")));
    }
    let totals: BTreeMap<&String, &i32> = session.totals.iter().collect();
    for (dimension, total) in totals {
        expect.push(format!(
            "Total(dimension: {dimension:?}, at_least: {total}, at_most: {total})"
        ));
    }
    let mut text = String::new();
    let _ = writeln!(text, "// Copied from the app's author mode.");
    let _ = writeln!(text, "TestPlan(");
    let _ = writeln!(text, "    scenario: {:?},", scenario.id.value);
    let _ = writeln!(text, "    playthroughs: [");
    let _ = writeln!(text, "        Playthrough(");
    let _ = writeln!(
        text,
        "            name: {:?},",
        format!("Path to {}", session.state.scene)
    );
    let _ = writeln!(text, "            seed: {},", session.seed);
    let _ = writeln!(text, "            inputs: {inputs:?},");
    let _ = writeln!(text, "            expect: [");
    for line in expect {
        let _ = writeln!(text, "                {line},");
    }
    let _ = writeln!(text, "            ],");
    let _ = writeln!(text, "        ),");
    let _ = writeln!(text, "    ],");
    let _ = writeln!(text, ")");
    Some(text)
}
