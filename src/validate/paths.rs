//! The paths pass: what the exact path walk found (unreachable scenes, dead ends, loops,
//! choices never offered, pieces never revealed), and a walk too large to finish.

use std::collections::BTreeSet;

use super::{Checker, short};
use crate::diagnostic::Diagnostic;
use crate::explore::{Exploration, Limit};
use crate::rubric::Dimension;

impl Checker<'_> {
    /// The walk stopped before it had seen every path: an error (scores would be placed on
    /// part of what a learner can do) unless the author accepts approximate bounds. The
    /// message says what multiplies the states, so the author knows what to change.
    pub(super) fn too_many_states(&mut self, walk: &Exploration, limit: &Limit) {
        let s = self.scenario;
        let message = format!(
            "this scenario has too many paths to check: the walk stopped at {} ({} states explored), so its scores and path checks would be incomplete",
            limit.reason, walk.states
        );
        let mut hint = String::from("what multiplies the states:");
        if !limit.scenes.is_empty() {
            let scenes: Vec<String> = limit
                .scenes
                .iter()
                .map(|(id, n)| format!("`{id}` ({n})"))
                .collect();
            hint.push_str(&format!("\n- states per scene: {}", scenes.join(", ")));
        }
        if !limit.facts.is_empty() {
            let facts: Vec<String> = limit
                .facts
                .iter()
                .map(|(name, values, scenes)| {
                    format!("{name} ({values} values, read later from {scenes} scenes)")
                })
                .collect();
            hint.push_str(&format!(
                "\n- facts still read later, each multiplying the states: {}",
                facts.join(", ")
            ));
        }
        if !limit.observations.is_empty() {
            let observations: Vec<String> = limit
                .observations
                .iter()
                .map(|(id, n, combinations, changed)| {
                    let mut shown: Vec<&str> = changed.iter().take(8).map(String::as_str).collect();
                    if changed.len() > shown.len() {
                        shown.push("...");
                    }
                    let changes = if shown.is_empty() {
                        String::new()
                    } else {
                        format!("; they change {}", shown.join(", "))
                    };
                    format!("`{id}` ({n} observations, {combinations} combinations{changes})")
                })
                .collect();
            hint.push_str(&format!(
                "\n- observations whose results are read later: {}",
                observations.join(", ")
            ));
        }
        hint.push_str("\nread a flag or piece soon after it is set, or not at all; give meters narrower ranges or test them in fewer places; see \"How the check counts paths\" in docs/scenario-format.md");
        if self.options.approximate {
            hint.push_str("\n(accepted with --approximate: scores are placed on the paths explored, and the debrief says so)");
            self.warning(
                "too-many-paths",
                Some(s.id.span),
                message,
                "path checks incomplete",
                Some(hint),
            );
        } else {
            hint.push_str(
                "\nto play it anyway with approximate scores, check and play with --approximate",
            );
            self.error(
                "too-many-paths",
                Some(s.id.span),
                message,
                "path checks incomplete",
                Some(hint),
            );
        }
    }

    /// Checks what the path walk found: what no real path reaches, where a learner would
    /// be stuck, which choices can never be offered.
    pub(super) fn paths(&mut self, walk: &Exploration) {
        let s = self.scenario;
        let unscored: Vec<&Dimension> = self
            .rubric
            .dimensions
            .iter()
            .map(|d| &d.value)
            .filter(|d| {
                let id = &d.id.value;
                !s.scenes.iter().any(|scene| {
                    scene
                        .choices
                        .iter()
                        .any(|c| c.score.get(id).is_some_and(|v| *v != 0))
                        || scene
                            .observations
                            .iter()
                            .any(|o| o.score.get(id).is_some_and(|v| *v != 0))
                })
            })
            .collect();
        if !unscored.is_empty() {
            let names = unscored
                .iter()
                .map(|d| format!("`{}` ({})", d.id.value, d.name))
                .collect::<Vec<_>>()
                .join(", ");
            let (one, many) = (unscored.len() == 1, unscored.len() > 1);
            let message = format!(
                "no choice or observation scores the dimension{} {names}",
                if many { "s" } else { "" }
            );
            self.warning("unscored-dimension", Some(s.id.span), message, "in this scenario", Some(format!(
                "{} cannot be assessed in this scenario; add e.g. `score: {{\"{}\": 1}}` where a choice shows {}, or accept the gap",
                if one {
                    "this dimension"
                } else {
                    "these dimensions"
                },
                unscored[0].id.value,
                if one { "it" } else { "them" },
            )));
        }
        let revealed_somewhere: BTreeSet<&str> = s
            .scenes
            .iter()
            .flat_map(|scene| {
                scene
                    .choices
                    .iter()
                    .flat_map(|c| c.reveals.iter())
                    .chain(scene.observations.iter().flat_map(|o| o.reveals.iter()))
            })
            .map(|id| id.value.as_str())
            .collect();
        for piece in &s.pieces {
            let anywhere = revealed_somewhere.contains(piece.id.value.as_str());
            if !anywhere {
                let message = format!("nothing reveals the piece `{}`", piece.id.value);
                self.error(
                    "unrevealable-piece",
                    Some(piece.id.span),
                    message,
                    "never revealed",
                    Some(format!(
                        "add `reveals: [\"{}\"]` to a choice or observation, or remove the piece",
                        piece.id.value
                    )),
                );
            } else if walk.complete && !walk.pieces.contains(&piece.id.value) {
                let message = format!("no path reveals the piece `{}`", piece.id.value);
                self.error("unrevealable-piece", Some(piece.id.span), message, "never revealed", Some("the choices and observations that reveal it are never offered on any path: check their `when` conditions and the scenes they are in".into()));
            }
        }
        if let Some(limit) = walk.limit.as_ref().filter(|_| !walk.complete) {
            self.too_many_states(walk, limit);
            return;
        }
        for scene in &s.scenes {
            let id = &scene.id.value;
            if self.reached_in_graph.contains(id) && !walk.scenes.contains(id) {
                let message = format!("no path reaches scene `{id}`");
                self.error("unreachable-scene", Some(scene.id.span), message, "unreachable", Some("choices lead here, but their `when` conditions never hold on the way: check the flags, pieces and meters they need".into()));
            }
            if let Some(path) = walk.dead_ends.get(id) {
                let message = format!(
                    "on some paths, scene `{id}` offers no choice, so the learner is stuck"
                );
                self.error("dead-end", Some(scene.id.span), message, "dead end", Some(format!(
                    "for example after {}; give at least one choice here no `when` condition, or conditions that cover every case",
                    path.join(" → ")
                )));
            }
            if let Some(path) = walk.loops.get(id) {
                let message = format!(
                    "a learner can go round in a loop through scene `{id}` without anything changing"
                );
                self.warning("endless-loop", Some(scene.id.span), message, "loop", Some(format!(
                    "for example {}; set a flag or reveal something on the way round, or close the loop with a condition",
                    path.join(" → ")
                )));
            }
            if walk.scenes.contains(id) {
                for (index, choice) in scene.choices.iter().enumerate() {
                    if !walk.offered.contains(&(id.clone(), index)) {
                        let message = format!(
                            "choice {} (\"{}\") in scene `{id}` is never offered on any path",
                            index + 1,
                            short(&choice.text)
                        );
                        self.warning("never-offered",
                            Some(choice.when.as_ref().map(|w| w.span).unwrap_or(choice.span)),
                            message, "this condition never holds here", Some("check its `when` condition against what can have happened by this scene".into()));
                    }
                }
            }
        }
        for ending in &s.endings {
            let id = &ending.id.value;
            // An ending that shares a scene's id is already a duplicate-id error.
            if self.reached_in_graph.contains(id)
                && !walk.endings.contains(id)
                && s.scene(id).is_none()
            {
                let message = format!("no path reaches ending `{id}`");
                self.warning(
                    "unreachable-ending",
                    Some(ending.id.span),
                    message,
                    "never reached",
                    Some(
                        "choices lead here, but their `when` conditions never hold on the way"
                            .into(),
                    ),
                );
            }
        }
        if walk.bounds.is_none() && !self.found.iter().any(Diagnostic::is_error) {
            let message = "no path through this scenario reaches an ending".to_string();
            self.error("no-complete-path", Some(s.id.span), message, "", Some("every path ends in a dead end or a loop; make sure the choices lead on to one of the `endings`".into()));
        }
    }
}
