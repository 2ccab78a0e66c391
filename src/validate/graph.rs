//! The graph pass: the scenes as drawn, ignoring conditions: what the start reaches and
//! what can reach an ending.

use super::Checker;
use crate::graph::SceneGraph;

impl Checker<'_> {
    /// Checks the scene graph as drawn, ignoring conditions: what the start can reach, and
    /// what can reach an ending.
    pub(super) fn graph(&mut self) {
        let s = self.scenario;
        let Some(start) = s.start_scene() else { return };
        let drawn = SceneGraph::of(s);
        let reached = drawn.reached_from(start.id.value.as_str());
        let finishing = drawn.reaching_an_ending();
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
