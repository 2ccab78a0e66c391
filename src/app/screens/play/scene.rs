//! The scene: who is speaking and what happens, what arrived since the last frame (for a
//! screen reader), the observations and choices as buttons, and the ending card.

#[allow(unused_imports)]
use super::*;

pub(super) fn button_action(view: &PlayView, i: usize) -> Action {
    if view.ending.is_some() {
        return Action::ShowDebrief;
    }
    match view.observations.get(i) {
        Some((id, _)) => Action::Observe(id.clone()),
        None => Action::Choose(view.choices[i - view.observations.len()].0),
    }
}

/// What is new since the last frame, for a screen reader: the region that takes the focus.
#[derive(Default)]
pub(super) struct Arrival {
    /// The scene (or ending) is new: its text takes the focus.
    pub(super) scene: bool,
    /// A look is new: its card takes the focus.
    pub(super) look: bool,
}

/// Works out what arrived since the last frame and remembers it as told, with the pieces
/// found since the last arrival.
pub(super) fn arrival(view: &mut PlayView) -> Arrival {
    let now = (view.scene_number, view.looks.len());
    let told = view.memory.announced;
    let pieces: Vec<String> = view.notes.pieces.iter().map(|p| p.0.clone()).collect();
    if told == Some(now) {
        // Pieces that turn up without new text (a hot reload) are heard with the next one.
        return Arrival::default();
    }
    let new_pieces: Vec<String> = pieces
        .iter()
        .filter(|t| !view.memory.pieces_heard.contains(t))
        .cloned()
        .collect();
    view.memory.pieces_heard = pieces;
    view.memory.announced = Some(now);
    let scene = told.is_none_or(|(scene, _)| scene != now.0) || now.1 == 0;
    if scene {
        view.memory.pieces_with.clear();
    }
    if !new_pieces.is_empty() {
        view.memory.pieces_with.push((now.1, new_pieces));
    }
    Arrival {
        scene,
        look: !scene,
    }
}

/// What a screen reader says before the text that arrived with the `n`-th look (0 for the
/// scene itself): the pieces found with it.
pub(super) fn pieces_said(memory: &PlayMemory, n: usize) -> String {
    match memory.pieces_with.iter().find(|(at, _)| *at == n) {
        None => String::new(),
        Some((_, pieces)) => format!("New in your case notes: {}. ", pieces.join("; ")),
    }
}

pub(super) fn scene(
    ui: &mut Ui,
    view: &PlayView,
    arrival: &Arrival,
    buttons: &mut Vec<egui::Response>,
) {
    let p = colours(ui);
    for notice in &view.notices {
        let said = note(ui, |ui| paragraph(ui, notice.as_str()));
        a11y::live(ui, &said);
    }
    if !view.problems.is_empty() {
        error_box(
            ui,
            "The scenario file's latest edit has errors; play goes on with the last version that worked:",
            &view.problems,
        );
    }
    if let Some(error) = &view.error {
        error_box(ui, "That could not be done:", std::slice::from_ref(error));
    }
    if let Some(reply) = &view.reply {
        // What the last choice brought, before the scene it led to: a plain card, so it
        // is not mistaken for the yellow discussion prompt.
        card(ui, |ui| {
            weak(ui, "After your last choice");
            paragraph(ui, reply.as_str());
        });
    }
    match &view.image {
        SceneImage::None => {}
        SceneImage::Loading => {
            weak(ui, "Loading the picture…");
        }
        SceneImage::Ready { texture, size } => {
            let max = egui::vec2(ui.available_width(), 220.0);
            let scale = (max.x / size.x).min(max.y / size.y).min(1.0);
            ui.add(
                egui::Image::new(egui::load::SizedTexture::new(*texture, *size * scale))
                    .corner_radius(egui::CornerRadius::same(10)),
            );
        }
        SceneImage::Missing(message) => {
            note(ui, |ui| paragraph(ui, message.as_str()));
        }
    }

    if let Some(ending) = &view.ending {
        let said = format!(
            "{}How it ended, {}: {}. {}",
            pieces_said(&view.memory, 0),
            ending.kind,
            ending.title,
            ending.text
        );
        let id = egui::Id::new(("ending", view.scene_number));
        a11y::text_region(ui, id, &said, arrival.scene, |ui| ending_card(ui, ending));
        ui.add_space(10.0);
        let button = primary_button(ui, "See your debrief");
        buttons.push(button);
        return;
    }
    scene_text(ui, view, arrival);

    if let Some(discuss) = &view.discuss {
        ui.add_space(6.0);
        note(ui, |ui| {
            ui.label(RichText::new("For discussion").family(bold(ui.ctx())));
            paragraph(ui, discuss.as_str());
        });
    }

    let newest = view.looks.len().saturating_sub(1);
    for (n, look) in view.looks.iter().enumerate() {
        ui.add_space(4.0);
        let newly = arrival.look && n == newest;
        let said = format!(
            "{}{}: {}",
            pieces_said(&view.memory, n + 1),
            look.label,
            look.text
        );
        let id = egui::Id::new(("look-text", view.scene_number, n));
        a11y::text_region(ui, id, &said, newly, |ui| {
            card(ui, |ui| {
                ui.label(
                    RichText::new(look.label.as_str())
                        .family(bold(ui.ctx()))
                        .color(p.weak),
                );
                paragraph(ui, look.text.as_str());
            });
        });
    }
    choices(ui, view, buttons);
}

/// The ending's title and text, in a card.
pub(super) fn ending_card(ui: &mut Ui, ending: &EndingView) {
    card(ui, |ui| {
        weak(ui, format!("How it ended · {}", ending.kind));
        ui.label(
            RichText::new(ending.title.as_str())
                .family(bold(ui.ctx()))
                .size(26.0),
        );
        ui.add(
            egui::Label::new(RichText::new(ending.text.as_str()).text_style(lead(ui.style())))
                .wrap(),
        );
    });
}

/// Who is speaking and the scene's text, as one region a screen reader reads on arrival,
/// after what the last choice brought (the reply, the pieces it revealed).
pub(super) fn scene_text(ui: &mut Ui, view: &PlayView, arrival: &Arrival) {
    let p = colours(ui);
    if let Some(author) = &view.author {
        ui.label(
            RichText::new(format!("scene {}", author.scene))
                .monospace()
                .color(p.weak),
        );
    }
    let mut said = String::new();
    if let Some(reply) = &view.reply {
        said.push_str(&format!("After your last choice: {reply} "));
    }
    said.push_str(&pieces_said(&view.memory, 0));
    if !view.speaker.is_empty() {
        said.push_str(&format!("{}: ", view.speaker));
    }
    said.push_str(&view.text);
    let id = egui::Id::new(("scene-text", view.scene_number));
    a11y::text_region(ui, id, &said, arrival.scene, |ui| {
        // A margin inside the region, so the focus ring it gets on arrival stands clear of
        // the words instead of touching them.
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                if !view.speaker.is_empty() {
                    ui.label(
                        RichText::new(view.speaker.to_uppercase())
                            .family(bold(ui.ctx()))
                            .color(p.accent),
                    );
                }
                ui.add(
                    egui::Label::new(
                        RichText::new(view.text.as_str()).text_style(lead(ui.style())),
                    )
                    .wrap(),
                );
            });
    });
}

/// The observations ("Look around") and the choices, as large buttons with their keys.
pub(super) fn choices(ui: &mut Ui, view: &PlayView, buttons: &mut Vec<egui::Response>) {
    if !view.observations.is_empty() {
        section(ui, "Look around");
        for (n, (id, label)) in view.observations.iter().enumerate() {
            let button_id = egui::Id::new(("look", view.scene_number, id));
            buttons.push(choice_button(
                ui,
                button_id,
                letter_label(n).as_deref(),
                label,
            ));
            if let Some((_, details)) = view
                .author
                .as_ref()
                .and_then(|a| a.observations.iter().find(|(o, _)| o == id))
            {
                details_ui(ui, details);
            }
        }
    }
    if !view.choices.is_empty() {
        section(ui, "What do you do?");
        for (n, (index, text)) in view.choices.iter().enumerate() {
            let id = egui::Id::new(("choice", view.scene_number, index));
            let number = (n < 9).then(|| (n + 1).to_string());
            buttons.push(choice_button(ui, id, number.as_deref(), text));
            if let Some((_, details)) = view
                .author
                .as_ref()
                .and_then(|a| a.choices.iter().find(|(i, _)| i == index))
            {
                details_ui(ui, details);
            }
        }
    }
    if let Some(author) = view.author.as_ref().filter(|a| !a.hidden.is_empty()) {
        section(ui, "Not offered now");
        for (text, details) in &author.hidden {
            weak(ui, text.as_str());
            details_ui(ui, details);
        }
    }
    ui.add_space(14.0);
    let mut hint = Vec::new();
    match view.choices.len().min(9) {
        0 => {}
        1 => hint.push("1 chooses".to_string()),
        n => hint.push(format!("1–{n} choose")),
    }
    match view.observations.len().min(9) {
        0 => {}
        1 => hint.push("A looks".to_string()),
        n => hint.push(format!("A–{} look", char::from(b'A' + n as u8 - 1))),
    }
    hint.push("arrows and Enter move and confirm".to_string());
    hint.push("Esc pauses".to_string());
    hint.push("? lists every key".to_string());
    weak(ui, format!("Keys: {}", hint.join(" · ")));
}
