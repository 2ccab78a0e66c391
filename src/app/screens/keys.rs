//! The list of keys, shown over any screen on `?` (or F1, or the top bar's "Keys" button),
//! and the focus ring drawn around whatever has the keyboard focus on every screen.
//!
//! Every control in the app can be reached and used from the keyboard: Tab and Shift+Tab
//! move between buttons, Enter or Space presses one, and the play screen adds its own keys.
//! This overlay lists them all, so no one has to guess; docs/accessibility.md has the same
//! list.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{Event, Key, RichText, Ui};

use crate::app::a11y;
use crate::app::theme::bold;
use crate::app::widgets::{colours, paragraph, primary_button};
use crate::app::{UiSet, theme_ready};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<KeyHelp>().add_systems(
        EguiPrimaryContextPass,
        (
            read_keys
                .after(UiSet::TopBar)
                .before(UiSet::Screen)
                .run_if(theme_ready),
            draw.after(UiSet::Screen).run_if(theme_ready),
        ),
    );
}

/// Whether the list of keys is showing.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyHelp {
    /// Shown over the screen.
    pub open: bool,
}

/// The keys, in groups: (group, [(keys, what they do)]).
pub const KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            (
                "Tab, Shift+Tab",
                "move to the next or previous button or text",
            ),
            ("Enter or Space", "press the button that has the focus ring"),
            ("? or F1", "show or hide this list of keys"),
            (
                "Ctrl and + or −",
                "make the text larger or smaller (80–200%)",
            ),
        ],
    ),
    (
        "Playing a scenario",
        &[
            ("1 to 9", "take a choice, numbered as on screen"),
            ("A to I", "look at something (\"Look around\")"),
            (
                "Up and Down arrows",
                "move between the choices; Enter takes one",
            ),
            ("Esc", "pause; Esc again carries on"),
        ],
    ),
    (
        "Classroom mode (the facilitator's keyboard)",
        &[
            ("O or Space", "show the options"),
            ("T", "start or stop the discussion timer"),
            (
                "1 to 9, Shift+1 to 9",
                "add a hand to an option, or take one off",
            ),
            ("R", "reveal the split of votes"),
            ("Enter", "take the group's choice"),
            ("A to I (not F)", "look around"),
            ("F", "show or hide the facilitator's notes"),
            ("P", "start phone voting"),
            ("Esc", "pause"),
        ],
    ),
    (
        "Dialogs (pause, leave, this list)",
        &[
            ("Esc", "close the dialog and carry on"),
            ("Tab, Enter", "move between its buttons and press one"),
        ],
    ),
    (
        "Author mode",
        &[(
            "Tab, Enter",
            "reach a scene on the scene map and jump there; the jump form's fields and buttons",
        )],
    ),
];

/// Reads `?` and F1 (which open and close the list) and, while it is open, keeps every
/// other key from the screen below, except those that move between and press its buttons.
/// Returns whether anything changed.
pub fn read_help_keys(ctx: &egui::Context, help: &mut KeyHelp) -> bool {
    let typing = ctx.text_edit_focused();
    let mut toggle = false;
    let mut close = false;
    ctx.input(|input| {
        for event in &input.events {
            match event {
                Event::Key {
                    key: Key::F1,
                    pressed: true,
                    repeat: false,
                    ..
                } => toggle = true,
                Event::Key {
                    key: Key::Questionmark,
                    pressed: true,
                    repeat: false,
                    ..
                } if !typing => toggle = true,
                Event::Text(text) if text == "?" && !typing => toggle = true,
                Event::Key {
                    key: Key::Escape,
                    pressed: true,
                    ..
                } if help.open => close = true,
                _ => {}
            }
        }
    });
    let was_open = help.open;
    if toggle {
        help.open = !help.open;
    }
    if close {
        help.open = false;
    }
    if was_open || help.open {
        // The screen below must not act on the keys meant for the list.
        ctx.input_mut(|input| {
            input.events.retain(|event| match event {
                Event::Key { key, .. } => {
                    help.open && matches!(key, Key::Tab | Key::Enter | Key::Space)
                }
                Event::Text(_) => false,
                _ => true,
            });
        });
    }
    help.open != was_open
}

/// Draws the list of keys over the screen when it is open.
pub fn key_help_ui(ui: &mut Ui, help: &mut KeyHelp) {
    if !help.open {
        return;
    }
    let p = colours(ui);
    let frame = egui::Frame::new()
        .fill(p.card)
        .stroke(p.focus)
        .corner_radius(egui::CornerRadius::same(14))
        .inner_margin(egui::Margin::same(28));
    let modal = egui::Modal::new(egui::Id::new("key-help"))
        .frame(frame)
        .show(ui.ctx(), |ui| {
            a11y::dialog(ui, "Keys");
            ui.set_max_width(640.0);
            let title = ui.heading("Keys");
            a11y::heading(ui, &title, 1);
            paragraph(
                ui,
                "Everything in Jigsaw works from the keyboard. The button with the thick \
                 outline has the focus.",
            );
            egui::ScrollArea::vertical()
                .max_height(ui.ctx().content_rect().height() * 0.6)
                .show(ui, |ui| {
                    for (group, keys) in KEYS {
                        ui.add_space(6.0);
                        let heading =
                            ui.label(RichText::new(*group).family(bold(ui.ctx())).color(p.text));
                        a11y::heading(ui, &heading, 2);
                        for (key, what) in *keys {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(*key).family(bold(ui.ctx())));
                                ui.label(RichText::new(format!("— {what}")).color(p.text));
                            });
                        }
                    }
                });
            ui.add_space(10.0);
            let close = primary_button(ui, "Close");
            a11y::key_hint(ui, &close, "Esc");
            a11y::focus_first(std::slice::from_ref(&close));
            close.clicked()
        });
    if modal.inner || modal.backdrop_response.clicked() {
        help.open = false;
    }
}

fn read_keys(mut contexts: EguiContexts, mut help: ResMut<KeyHelp>) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut state = *help;
    if read_help_keys(&ctx, &mut state) {
        *help = state;
        ctx.request_repaint();
    }
    Ok(())
}

fn draw(mut contexts: EguiContexts, mut help: ResMut<KeyHelp>) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if help.open {
        let mut state = *help;
        let mut ui = Ui::new(
            ctx.clone(),
            egui::Id::new("jigsaw-key-help"),
            egui::UiBuilder::new().layer_id(egui::LayerId::background()),
        );
        key_help_ui(&mut ui, &mut state);
        if state != *help {
            *help = state;
            ctx.request_repaint();
        }
    }
    a11y::focus_ring(&ctx);
    Ok(())
}
