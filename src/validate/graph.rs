//! The graph pass: the scenes as drawn, ignoring conditions: what the start reaches and
//! what can reach an ending.

use std::collections::{BTreeSet, HashMap};

use super::Checker;

impl Checker<'_> {
    /// Checks the scene graph as drawn, ignoring conditions: what the start can reach, and
    /// what can reach an ending.
    pub(super) fn graph(&mut self) {
        let s = self.scenario;
        let Some(start) = s.start_scene() else { return };
        let edges: HashMap<&str, Vec<&str>> = s
            .scenes
            .iter()
            .map(|scene| {
                // A time limit's `then` is where any choice under it may lead.
                let mut targets: Vec<&str> = scene
                    .choices
                    .iter()
                    .flat_map(|c| c.targets_with_weight())
                    .collect();
                if !scene.choices.is_empty() {
                    targets.extend(s.time_out_targets(scene));
                }
                (scene.id.value.as_str(), targets)
            })
            .collect();
        let mut reached: BTreeSet<&str> = BTreeSet::from([start.id.value.as_str()]);
        let mut queue = vec![start.id.value.as_str()];
        while let Some(at) = queue.pop() {
            for next in edges.get(at).into_iter().flatten() {
                if reached.insert(next) {
                    queue.push(next);
                }
            }
        }
        // Scenes that can reach an ending: grow backwards from the endings, once per edge.
        let mut before: HashMap<&str, Vec<&str>> = HashMap::new();
        for (scene, targets) in &edges {
            for target in targets {
                before.entry(target).or_default().push(scene);
            }
        }
        let mut finishing: BTreeSet<&str> = s.endings.iter().map(|e| e.id.value.as_str()).collect();
        let mut queue: Vec<&str> = finishing.iter().copied().collect();
        while let Some(at) = queue.pop() {
            for scene in before.get(at).into_iter().flatten() {
                if finishing.insert(scene) {
                    queue.push(scene);
                }
            }
        }
        for scene in &s.scenes {
            let id = scene.id.value.as_str();
            if !reached.contains(id) {
                self.error("unreachable-scene",
                    Some(scene.id.span),
                    format!("no choice leads to scene `{id}`"), "unreachable", Some(format!(
                    "add `next: \"{id}\"` to a choice in a scene the learner can reach, or remove this scene"
                )));
            } else if !finishing.contains(id) {
                self.error(
                    "no-ending-reachable",
                    Some(scene.id.span),
                    format!("no ending can be reached from scene `{id}`"),
                    "the learner would be stuck after this",
                    Some(
                        "make sure some path of choices from here leads to one of the `endings`"
                            .into(),
                    ),
                );
            }
        }
        for ending in &s.endings {
            let id = ending.id.value.as_str();
            if !reached.contains(id) {
                self.warning(
                    "unreachable-ending",
                    Some(ending.id.span),
                    format!("no choice leads to ending `{id}`"),
                    "never reached",
                    Some(format!(
                        "add `next: \"{id}\"` to a choice, or remove this ending"
                    )),
                );
            }
        }
        self.reached_in_graph = reached.into_iter().map(str::to_string).collect();
    }
}
