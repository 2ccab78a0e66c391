//! The "jump here" form the scene map opens: the scenario's flags and pieces as checkboxes
//! and its meters as sliders within their range, prefilled from the current state. "Jump"
//! starts a session at that scene in that state ([`crate::engine::Session::jump`]).

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::path_so_far;
use crate::engine::{Jump, Session};
use crate::scenario::Scenario;

/// The form's contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JumpForm {
    /// The scene to jump to.
    pub scene: String,
    /// The scenes shown so far, counted as visited after the jump.
    pub path: Vec<String>,
    /// Every flag: (id, set).
    pub flags: Vec<(String, bool)>,
    /// Every piece: (id, title, found).
    pub pieces: Vec<(String, String, bool)>,
    /// Every meter: (id, label, value, min, max).
    pub meters: Vec<(String, String, i32, i32, i32)>,
}

impl JumpForm {
    /// The form for jumping to `scene`, prefilled from the session's state.
    pub fn of(scenario: &Scenario, session: &Session, scene: &str) -> JumpForm {
        let state = &session.state;
        JumpForm {
            scene: scene.to_string(),
            path: path_so_far(session),
            flags: scenario
                .flags
                .iter()
                .map(|f| (f.value.clone(), state.flags.contains(&f.value)))
                .collect(),
            pieces: scenario
                .pieces
                .iter()
                .map(|p| {
                    (
                        p.id.value.clone(),
                        p.title.clone(),
                        state.found.contains(&p.id.value),
                    )
                })
                .collect(),
            meters: scenario
                .meters
                .iter()
                .map(|m| {
                    let value = state.meters.get(&m.id.value).copied().unwrap_or(m.start);
                    (
                        m.id.value.clone(),
                        m.name().to_string(),
                        value,
                        m.min,
                        m.max.max(m.min),
                    )
                })
                .collect(),
        }
    }

    /// The jump the form describes.
    pub fn jump(&self) -> Jump {
        Jump {
            scene: self.scene.clone(),
            path: self.path.clone(),
            flags: on(self.flags.iter().map(|(id, set)| (id, *set))),
            found: on(self.pieces.iter().map(|(id, _, found)| (id, *found))),
            meters: self
                .meters
                .iter()
                .map(|(id, _, value, _, _)| (id.clone(), *value))
                .collect(),
        }
    }
}

fn on<'a>(items: impl Iterator<Item = (&'a String, bool)>) -> BTreeSet<String> {
    items
        .filter(|(_, set)| *set)
        .map(|(id, _)| id.clone())
        .collect()
}

/// What the author did with the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JumpChoice {
    /// Jump with this state.
    Jump(Jump),
    /// Close the form.
    Cancel,
}

/// Draws the form in a modal window; edits change `form` in place.
pub fn jump_ui(ui: &mut Ui, form: &mut JumpForm) -> Option<JumpChoice> {
    let mut choice = None;
    let modal = egui::Modal::new(egui::Id::new("author-jump")).show(ui.ctx(), |ui| {
        crate::app::a11y::dialog(ui, "Jump to a scene");
        ui.set_width(460.0);
        let title = ui.heading(format!("Jump to {}", form.scene));
        crate::app::a11y::heading(ui, &title, 1);
        ui.label(
            RichText::new(
                "Starts a new session at this scene with the state below. Scores start at \
                 zero, and the debrief will say the session started from a jump.",
            )
            .small(),
        );
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                if !form.flags.is_empty() {
                    ui.label(RichText::new("Flags").strong());
                    for (id, set) in &mut form.flags {
                        ui.checkbox(set, id.as_str());
                    }
                }
                if !form.pieces.is_empty() {
                    ui.add_space(6.0);
                    ui.label(RichText::new("Pieces found").strong());
                    for (id, title, found) in &mut form.pieces {
                        ui.checkbox(found, format!("{id} · {title}"));
                    }
                }
                if !form.meters.is_empty() {
                    ui.add_space(6.0);
                    ui.label(RichText::new("Meters").strong());
                    for (id, label, value, min, max) in &mut form.meters {
                        ui.add(
                            egui::Slider::new(value, *min..=*max).text(format!("{id} · {label}")),
                        );
                    }
                }
            });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Jump").clicked() {
                choice = Some(JumpChoice::Jump(form.jump()));
            }
            if ui.button("Cancel").clicked() {
                choice = Some(JumpChoice::Cancel);
            }
        });
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(JumpChoice::Cancel);
    }
    choice
}
