//! Copying the path so far: as a `jigsaw play` command with `--seed` and `--inputs`, or as
//! a test plan for `jigsaw test` ([`crate::author::plan_text`]). Both go to the clipboard
//! through egui, and the panel says what was copied.

use std::path::Path;

use egui::{RichText, Ui};

use crate::app::widgets::colours;
use crate::author::{inputs_line, plan_text};
use crate::engine::Session;
use crate::scenario::Scenario;

/// What can be copied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CopyView {
    /// `jigsaw play <file> --seed N --inputs ...`; `None` after a jump.
    pub command: Option<String>,
    /// The test plan; `None` after a jump.
    pub plan: Option<String>,
    /// How many steps the path has.
    pub steps: usize,
}

impl CopyView {
    /// What can be copied of `session`'s path.
    pub fn of(file: &Path, scenario: &Scenario, session: &Session) -> CopyView {
        let inputs = inputs_line(scenario, session);
        CopyView {
            command: inputs.as_ref().map(|inputs| {
                format!(
                    "jigsaw play {} --seed {} --inputs \"{inputs}\"",
                    file.display(),
                    session.seed
                )
            }),
            plan: plan_text(scenario, session),
            steps: session.inputs.len(),
        }
    }
}

/// Draws the copy buttons. Copies to the clipboard and returns what to say about it.
pub fn copy_ui(ui: &mut Ui, view: &CopyView) -> Option<String> {
    let p = colours(ui);
    ui.label(RichText::new("Copy the path").strong());
    let (Some(command), Some(plan)) = (&view.command, &view.plan) else {
        ui.label(
            RichText::new(
                "This session started from a jump, so no --inputs line can replay it from \
                 the start.",
            )
            .small()
            .color(p.weak),
        );
        return None;
    };
    ui.add(egui::Label::new(RichText::new(command.as_str()).monospace().small()).wrap());
    let mut copied = None;
    ui.horizontal_wrapped(|ui| {
        let any = view.steps > 0;
        if ui.add_enabled(any, egui::Button::new("Copy --inputs line")).clicked() {
            ui.ctx().copy_text(command.clone());
            copied = Some(format!("Copied: {command}"));
        }
        if ui.add_enabled(any, egui::Button::new("Copy as test plan")).clicked() {
            ui.ctx().copy_text(plan.clone());
            copied = Some(format!(
                "Copied a test plan with {} step(s): save it as <name>.plan.ron beside the scenario.",
                view.steps
            ));
        }
    });
    copied
}
