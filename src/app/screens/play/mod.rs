//! The play screen: who is speaking and what happens, what the learner can look at ("Look
//! around") and the choices, as large numbered buttons; beside it the case notes with the
//! pieces of the jigsaw gathered so far, the in-game time and any meter the scenario shows.
//!
//! Keyboard: 1–9 pick a choice and A–I an observation (numbered and lettered as on the
//! command line), the arrow keys move between the buttons and Enter takes the highlighted
//! one, Esc pauses. A key only acts on a scene the learner has already seen
//! drawn, so a quick double press never skips the next scene's text, and held keys do not
//! repeat. Leaving asks for confirmation.

use std::collections::HashMap;

use bevy::asset::{AssetPath, LoadState};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, EguiTextureHandle};
use egui::{Event, Key, Modifiers, RichText, ScrollArea, Ui};

use super::author::{AuthorMemory, AuthorView, author_panel, details::details_ui};
use super::{ContentArea, show_screen};
use crate::app::a11y;
use crate::app::scenarios::Library;
use crate::app::session::{Action, Overlay, Playing, Sitting};
use crate::app::settings::Settings;
use crate::app::theme::{bold, lead};
use crate::app::widgets::{
    READING_WIDTH, card, centred_column, choice_button, colours, error_box, note, paragraph,
    primary_button, secondary_button, section, title, weak,
};
use crate::app::{Screen, UiSet};
use crate::scenario::format_clock;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlayMemory>()
        .init_resource::<AuthorMemory>()
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(UiSet::Screen).run_if(in_state(Screen::Play)),
        );
}

mod case_notes;
mod dialogs;
pub(crate) mod keys;
mod pictures;
mod scene;
mod view;

use case_notes::case_notes;
pub(crate) use dialogs::leave_buttons;
use dialogs::{confirm_leave, paused};
use keys::{Keys, letter_label, read_keys, respond};
use pictures::{Pictures, scene_picture};
use scene::{arrival, button_action, scene};
pub use view::*;

/// Draws the play screen.
pub fn play_ui(ui: &mut Ui, view: &mut PlayView) {
    // The jump form takes the keys while it is open.
    let jumping = view
        .author
        .as_ref()
        .is_some_and(|a| a.memory.jump.is_some());
    let keys = if jumping {
        Keys::default()
    } else {
        read_keys(ui)
    };
    // A key pressed while the previous scene was on screen must not act on this one.
    let seen = view.memory.seen_scene == Some(view.scene_number);
    if !seen {
        view.memory.highlight = None;
    }
    let response = respond(&keys, view, seen);
    if response.action.is_some() {
        view.action = response.action.clone();
    }
    let mut focus_highlight = response.moved;
    let keyed = response.keyed;
    if response.moved {
        view.memory.highlight = response.highlight;
        // The arrows move between these buttons only, not egui's own way.
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    }

    let arrival = arrival(view);

    // Beside the scene when there is room; below it on a narrow window or at large text.
    let p = colours(ui);
    if let Some(author) = view.author.as_mut() {
        let width = (ui.available_width() * 0.4).clamp(300.0, 640.0);
        egui::Panel::left("author-panel")
            .resizable(true)
            .default_size(width)
            .frame(
                egui::Frame::new()
                    .fill(p.panel)
                    .stroke(p.card_stroke)
                    .inner_margin(egui::Margin::symmetric(12, 12)),
            )
            .show(ui, |ui| author_panel(ui, author));
        if let Some(action) = author.action.take() {
            view.action = Some(action);
        }
    }
    let side_by_side = ui.available_width() >= 760.0;
    if side_by_side {
        let notes_width = (ui.available_width() * 0.3).clamp(260.0, 400.0);
        egui::Panel::right("case-notes")
            .resizable(false)
            .exact_size(notes_width)
            .frame(
                egui::Frame::new()
                    .fill(p.panel)
                    .stroke(p.card_stroke)
                    .inner_margin(egui::Margin::symmetric(20, 20)),
            )
            .show(ui, |ui| {
                ScrollArea::vertical()
                    .id_salt("case-notes")
                    .auto_shrink([false, false])
                    .show(ui, |ui| case_notes(ui, &view.notes));
            });
    }

    let scene_number = view.scene_number;
    let mut buttons: Vec<egui::Response> = Vec::new();
    let mut viewport = egui::Rect::NOTHING;
    let reveal = view.memory.reveal.take();
    let margin = if side_by_side { 24 } else { 12 };
    egui::CentralPanel::default()
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(margin, 0)))
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt(("scene", scene_number))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    viewport = ui.clip_rect();
                    ui.add_space(20.0);
                    centred_column(ui, READING_WIDTH - 100.0, |ui| {
                        scene(ui, view, &arrival, &mut buttons);
                        if let Some(button) = reveal.and_then(|i| buttons.get(i)) {
                            button.scroll_to_me(Some(egui::Align::Center));
                        }
                        if !side_by_side {
                            ui.add_space(12.0);
                            egui::Frame::new()
                                .fill(p.panel)
                                .stroke(p.card_stroke)
                                .corner_radius(egui::CornerRadius::same(12))
                                .inner_margin(egui::Margin::symmetric(16, 16))
                                .show(ui, |ui| {
                                    ui.set_width(ui.available_width());
                                    case_notes(ui, &view.notes);
                                });
                        }
                        ui.add_space(28.0);
                    });
                });
        });

    // A key picks a button only if the learner can see it; otherwise it scrolls there and
    // highlights it, so the choice is read before it is taken.
    if let Some(i) = keyed
        && let Some(button) = buttons.get(i)
    {
        if viewport.contains_rect(button.rect) {
            view.action = Some(button_action(view, i));
        } else {
            // Scrolling happens inside the scroll area, on the next frame.
            view.memory.reveal = Some(i);
            view.memory.highlight = Some(i);
            focus_highlight = true;
        }
    }
    if let Some(i) = view.memory.highlight
        && let Some(button) = buttons.get(i)
        && focus_highlight
    {
        button.request_focus();
        ui.ctx().request_repaint();
    }
    // Keep the highlight where Tab or a click put the focus.
    if let Some(i) = buttons.iter().position(egui::Response::has_focus) {
        view.memory.highlight = Some(i);
    }
    // Buttons' ids include the scene number, so Enter on a focused button never reaches
    // a scene the learner has not seen.
    for (i, button) in buttons.iter().enumerate() {
        if button.clicked() {
            view.action = Some(button_action(view, i));
        }
    }

    match view.overlay {
        Overlay::None => {}
        Overlay::Paused => paused(ui, view),
        Overlay::ConfirmLeave => confirm_leave(ui, view),
    }
    view.memory.seen_scene = Some(view.scene_number);
}

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    sitting: Res<Sitting>,
    library: Res<Library>,
    assets: Res<AssetServer>,
    images: Res<Assets<Image>>,
    mut memory: ResMut<PlayMemory>,
    (settings, mut author_memory): (Res<Settings>, ResMut<AuthorMemory>),
    mut pictures: Local<Pictures>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let Some(playing) = &sitting.playing else {
        return Ok(());
    };
    if playing.session.classroom.is_some() {
        // A group's session: the projector view draws it (`super::classroom`).
        return Ok(());
    }
    let mut view = PlayView::of(playing);
    view.memory = memory.clone();
    let entry = library.entry(&playing.file);
    if let Some(entry) = entry
        && entry.keeps_last_good()
    {
        view.problems = entry.problem_lines();
    }
    if settings.author_mode {
        let mut author = AuthorView::of(playing, entry);
        author.memory = author_memory.clone();
        view.author = Some(author);
    }
    if let Some(entry) = entry {
        view.image = scene_picture(
            playing,
            entry,
            &assets,
            &images,
            &mut contexts,
            &mut pictures,
        );
    }
    let ctx = contexts.ctx_mut()?.clone();
    if view.image == SceneImage::Loading {
        // Nothing else will wake the app when the picture arrives.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    show_screen(&ctx, &area, |ui| play_ui(ui, &mut view));
    if *memory != view.memory {
        *memory = view.memory.clone();
    }
    if let Some(author) = &view.author
        && *author_memory != author.memory
    {
        *author_memory = author.memory.clone();
    }
    if let Some(action) = view.action {
        actions.write(action);
    }
    Ok(())
}
