//! The problems panel: what `jigsaw check` says about the scenario file's newest version,
//! errors and warnings in short form with line and column. It follows hot reload: saving
//! the file updates it, even when the edit broke the file and the last good version plays on.

use egui::{RichText, Ui};

use crate::app::scenarios::Entry;
use crate::app::widgets::colours;
use crate::diagnostic::{Diagnostic, Severity};

/// The problems to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProblemsView {
    /// (is an error, `file:line:column: kind: message`), errors first.
    pub lines: Vec<(bool, String)>,
}

impl ProblemsView {
    /// The problems of the entry's newest version; `warnings` (those of the version played)
    /// when the entry has no check result to hand.
    pub fn of(entry: Option<&Entry>, warnings: &[Diagnostic]) -> ProblemsView {
        if let Some(error) = entry.and_then(|e| e.read_error.as_ref()) {
            return ProblemsView {
                lines: vec![(true, format!("error: {error}"))],
            };
        }
        let diagnostics: Vec<&Diagnostic> = match entry.and_then(|e| e.latest.as_ref()) {
            Some(checked) => checked.diagnostics.iter().collect(),
            None => warnings.iter().collect(),
        };
        ProblemsView {
            lines: diagnostics
                .into_iter()
                .map(|d| (d.severity == Severity::Error, d.short()))
                .collect(),
        }
    }
}

/// Draws the list, or "No problems".
pub fn problems_ui(ui: &mut Ui, view: &ProblemsView) {
    let p = colours(ui);
    let errors = view.lines.iter().filter(|(e, _)| *e).count();
    let warnings = view.lines.len() - errors;
    let heading = match (errors, warnings) {
        (0, 0) => "Problems".to_string(),
        (e, w) => format!("Problems · {e} error(s), {w} warning(s)"),
    };
    ui.label(RichText::new(heading).strong());
    if view.lines.is_empty() {
        ui.label(RichText::new("No problems").color(p.good));
        return;
    }
    for (error, line) in &view.lines {
        let colour = if *error { p.error } else { p.text };
        ui.add(
            egui::Label::new(
                RichText::new(line.as_str())
                    .monospace()
                    .small()
                    .color(colour),
            )
            .wrap(),
        );
    }
}
