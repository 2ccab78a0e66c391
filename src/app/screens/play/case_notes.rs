//! The case notes beside (or below) the scene: the in-game time, time left, the pieces of
//! the jigsaw gathered so far and any meter the scenario shows.

#[allow(unused_imports)]
use super::*;

pub(super) fn case_notes(ui: &mut Ui, notes: &CaseNotes) {
    let p = colours(ui);
    a11y::group(ui, egui::accesskit::Role::Complementary, "Case notes");
    let heading =
        ui.label(RichText::new("Case notes").text_style(crate::app::theme::subheading(ui.style())));
    a11y::heading(ui, &heading, 2);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Time").color(p.weak));
        ui.label(RichText::new(notes.clock.as_str()).family(bold(ui.ctx())));
    });
    if let Some(left) = &notes.time_left {
        ui.add(egui::Label::new(RichText::new(left.as_str()).color(p.accent)).wrap());
    }
    for (label, value, min, max) in &notes.meters {
        ui.add_space(4.0);
        // The number sits beside the label, not inside the bar, where a short bar would
        // leave it on the light track and unreadable.
        ui.label(RichText::new(label.as_str()).color(p.weak));
        let span = (*max - *min).max(1) as f32;
        let fraction = ((*value - *min) as f32 / span).clamp(0.0, 1.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{value} of {max}")).family(bold(ui.ctx())));
            ui.add(
                egui::ProgressBar::new(fraction)
                    .fill(p.accent)
                    .desired_height(10.0),
            );
        });
    }
    ui.add_space(8.0);
    ui.separator();
    let count = notes.pieces.len();
    ui.label(
        RichText::new(match count {
            0 => "Pieces of the jigsaw".to_string(),
            1 => "Pieces of the jigsaw · 1 found".to_string(),
            n => format!("Pieces of the jigsaw · {n} found"),
        })
        .family(bold(ui.ctx())),
    );
    if notes.pieces.is_empty() {
        weak(
            ui,
            "Nothing yet. What you find out by asking, looking and checking records \
             will be noted here.",
        );
    }
    for (title, tells, source) in &notes.pieces {
        ui.add_space(2.0);
        egui::Frame::new()
            .fill(p.card)
            .stroke(p.card_stroke)
            .corner_radius(egui::CornerRadius::same(8))
            .inner_margin(egui::Margin::symmetric(12, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(title.as_str()).family(bold(ui.ctx())));
                ui.add(egui::Label::new(RichText::new(tells.as_str()).small()).wrap());
                if !source.is_empty() {
                    ui.label(RichText::new(source.as_str()).small().color(p.weak));
                }
            });
    }
}
