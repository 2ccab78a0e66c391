//! The line of author details under a choice or observation: where it leads (or its random
//! targets with their weights), score deltas, meter changes, flags set and unset, pieces
//! revealed, minutes, the warning sign it lets pass, and its `when` condition in the file's
//! own syntax with whether it holds now.

use egui::{RichText, Ui};

use crate::app::widgets::colours;
use crate::author::condition_source;
use crate::engine::Story;
use crate::scenario::{Choice, Observation};

/// What one choice or observation does, for the author.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Details {
    /// Where it leads: `→ living-room`, `→ random: a ×3, b ×1`; empty for an observation.
    pub target: String,
    /// Score changes per dimension.
    pub score: Vec<(String, i32)>,
    /// Meter changes.
    pub meters: Vec<(String, i32)>,
    /// Flags it sets.
    pub set: Vec<String>,
    /// Flags it unsets.
    pub unset: Vec<String>,
    /// Pieces it reveals.
    pub reveals: Vec<String>,
    /// Minutes it takes.
    pub minutes: u32,
    /// The warning sign it lets pass.
    pub lets_pass: Option<String>,
    /// Its condition as written, and whether it holds now.
    pub when: Option<(String, bool)>,
}

impl Details {
    /// A choice's details in `state`.
    pub fn of_choice(choice: &Choice, state: &Story) -> Details {
        let target = match (&choice.next, &choice.random) {
            (Some(next), _) => format!("→ {}", next.value),
            (None, Some(random)) => format!(
                "→ random: {}",
                random
                    .value
                    .iter()
                    .map(|(id, weight)| format!("{} ×{weight}", id.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (None, None) => "→ nowhere".to_string(),
        };
        Details {
            target,
            score: nonzero(&choice.score.value),
            meters: nonzero(&choice.meters.value),
            set: choice.set.iter().map(|f| f.value.clone()).collect(),
            unset: choice.unset.iter().map(|f| f.value.clone()).collect(),
            reveals: choice.reveals.iter().map(|p| p.value.clone()).collect(),
            minutes: choice.minutes,
            lets_pass: choice.lets_pass.clone(),
            when: choice
                .when
                .as_ref()
                .map(|w| (condition_source(&w.value), state.holds(&w.value))),
        }
    }

    /// An observation's details in `state`.
    pub fn of_observation(observation: &Observation, state: &Story) -> Details {
        Details {
            target: format!("look:{}", observation.id.value),
            score: nonzero(&observation.score.value),
            meters: nonzero(&observation.meters.value),
            set: observation.set.iter().map(|f| f.value.clone()).collect(),
            unset: Vec::new(),
            reveals: observation
                .reveals
                .iter()
                .map(|p| p.value.clone())
                .collect(),
            minutes: observation.minutes,
            lets_pass: None,
            when: observation
                .when
                .as_ref()
                .map(|w| (condition_source(&w.value), state.holds(&w.value))),
        }
    }

    /// The effects as one line of text: `care +1 · engagement −3 · sets asked · 5 min`.
    pub fn effects_line(&self) -> String {
        let signed = |(id, v): &(String, i32)| {
            if *v > 0 {
                format!("{id} +{v}")
            } else {
                format!("{id} −{}", v.unsigned_abs())
            }
        };
        let mut parts = vec![self.target.clone()];
        if !self.score.is_empty() {
            parts.push(format!(
                "score {}",
                self.score.iter().map(signed).collect::<Vec<_>>().join(", ")
            ));
        }
        if !self.meters.is_empty() {
            parts.push(format!(
                "meters {}",
                self.meters
                    .iter()
                    .map(signed)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.set.is_empty() {
            parts.push(format!("sets {}", self.set.join(", ")));
        }
        if !self.unset.is_empty() {
            parts.push(format!("unsets {}", self.unset.join(", ")));
        }
        if !self.reveals.is_empty() {
            parts.push(format!("reveals {}", self.reveals.join(", ")));
        }
        if self.minutes > 0 {
            parts.push(format!("{} min", self.minutes));
        }
        parts.join(" · ")
    }
}

fn nonzero(map: &std::collections::BTreeMap<String, i32>) -> Vec<(String, i32)> {
    map.iter()
        .filter(|(_, v)| **v != 0)
        .map(|(k, v)| (k.clone(), *v))
        .collect()
}

/// Draws the details in small monospace text, under the button they describe.
pub fn details_ui(ui: &mut Ui, details: &Details) {
    let p = colours(ui);
    ui.add(
        egui::Label::new(
            RichText::new(details.effects_line())
                .monospace()
                .small()
                .color(p.weak),
        )
        .wrap(),
    );
    if let Some(sign) = &details.lets_pass {
        ui.label(
            RichText::new(format!("lets pass: {sign}"))
                .monospace()
                .small()
                .color(p.error),
        );
    }
    if let Some((condition, holds)) = &details.when {
        let verdict = if *holds {
            "holds now"
        } else {
            "does not hold now"
        };
        ui.add(
            egui::Label::new(
                RichText::new(format!("when {condition} — {verdict}"))
                    .monospace()
                    .small()
                    .color(if *holds { p.weak } else { p.error }),
            )
            .wrap(),
        );
    }
    ui.add_space(4.0);
}
