//! The dialogs over the play screen: paused, and whether to leave.

#[allow(unused_imports)]
use super::*;

pub(super) fn dialog_frame(ui: &Ui) -> egui::Frame {
    let p = colours(ui);
    egui::Frame::new()
        .fill(p.card)
        .stroke(p.focus)
        .corner_radius(egui::CornerRadius::same(14))
        .inner_margin(egui::Margin::same(28))
}

pub(super) fn paused(ui: &mut Ui, view: &mut PlayView) {
    let modal = egui::Modal::new(egui::Id::new("paused"))
        .frame(dialog_frame(ui))
        .show(ui.ctx(), |ui| {
            ui.set_width(460.0);
            a11y::dialog(ui, "Paused");
            title(ui, "Paused");
            paragraph(
                ui,
                "Take the time you need; nothing happens while the scenario is paused. If \
             something has affected you, it is fine to stop here and talk to someone.",
            );
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                let carry_on = primary_button(ui, "Carry on");
                a11y::key_hint(ui, &carry_on, "Esc");
                let leave = secondary_button(ui, "Leave the scenario…");
                if carry_on.clicked() {
                    view.action = Some(Action::Resume);
                }
                if leave.clicked() {
                    view.action = Some(Action::AskToLeave);
                }
                a11y::focus_first(&[carry_on, leave]);
            });
        });
    if modal.backdrop_response.clicked() {
        view.action = Some(Action::Resume);
    }
}

pub(super) fn confirm_leave(ui: &mut Ui, view: &mut PlayView) {
    egui::Modal::new(egui::Id::new("confirm-leave"))
        .frame(dialog_frame(ui))
        .show(ui.ctx(), |ui| {
            ui.set_width(520.0);
            a11y::dialog(ui, "Leave this scenario?");
            title(ui, "Leave this scenario?");
            paragraph(
                ui,
                "What you have done so far will not be kept. You can see a debrief of it now, or \
             go straight back to the library.",
            );
            ui.add_space(10.0);
            if let Some(action) = leave_buttons(ui, "Keep playing", Some("Esc")) {
                view.action = Some(action);
            }
        });
}

/// The leave dialog's buttons, in a row: keep going (labelled `keep`, with its key if it has
/// one), see the debrief so far, or leave to the library; the first takes the focus.
/// The action of the one clicked.
pub(crate) fn leave_buttons(ui: &mut Ui, keep: &str, keep_key: Option<&str>) -> Option<Action> {
    ui.horizontal_wrapped(|ui| {
        let keep = primary_button(ui, keep);
        if let Some(key) = keep_key {
            a11y::key_hint(ui, &keep, key);
        }
        let so_far = secondary_button(ui, "See the debrief so far");
        let leave = secondary_button(ui, "Leave to the library");
        let action = [
            (&keep, Action::Resume),
            (&so_far, Action::EndEarly),
            (&leave, Action::Leave),
        ]
        .into_iter()
        .find_map(|(button, action)| button.clicked().then_some(action));
        a11y::focus_first(&[keep, so_far, leave]);
        action
    })
    .inner
}
