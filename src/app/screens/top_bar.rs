//! The bar across the top of every screen: the app's name, the scenario being played, a
//! pause button while playing, and the settings (text size, high contrast), which are
//! always one click away. A problem with the settings file shows just below it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{Key, RichText, Ui};

use super::ContentArea;
use crate::app::scenarios::Library;
use crate::app::session::{Action, Sitting};
use crate::app::settings::{MAX_TEXT_SIZE, MIN_TEXT_SIZE, Settings, SettingsFile};
use crate::app::theme::bold;
use crate::app::widgets::colours;
use crate::app::{Screen, UiSet};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, draw.in_set(UiSet::TopBar));
}

/// What the top bar shows, and what the learner did with it.
#[derive(Clone, Debug, Default)]
pub struct TopBarView {
    /// The scenario being played or opened, if any.
    pub scenario: Option<String>,
    /// Whether the pause button is offered (while playing).
    pub can_pause: bool,
    /// The settings; changed in place when the learner changes them.
    pub settings: Settings,
    /// A problem with the settings file to show.
    pub problem: Option<String>,
    /// Set when the learner pressed pause.
    pub paused: bool,
    /// Set when the learner dismissed the settings problem.
    pub dismissed: bool,
    /// Set when the learner asked for the list of keys.
    pub keys: bool,
}

/// Draws the top bar. Ctrl and + or − also change the text size.
pub fn top_bar_ui(ui: &mut Ui, view: &mut TopBarView) {
    let p = colours(ui);
    let (larger, smaller) = ui.input(|i| {
        (
            i.modifiers.command && (i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals)),
            i.modifiers.command && i.key_pressed(Key::Minus),
        )
    });
    if larger {
        view.settings.larger();
    }
    if smaller {
        view.settings.smaller();
    }
    let narrow = ui.available_width() < 760.0;
    // The settings stay whole; the scenario's title gives way (truncated) when space is short.
    egui::Sides::new().shrink_left().truncate().show(
        ui,
        |ui| {
            ui.label(
                RichText::new("Jigsaw")
                    .family(bold(ui.ctx()))
                    .size(22.0)
                    .color(p.accent),
            );
            // On a narrow bar (a small window, large text) the title gives way entirely:
            // truncated, it overlapped the buttons.
            if let Some(title) = view.scenario.as_ref().filter(|_| !narrow) {
                ui.label(RichText::new("·").color(p.weak));
                ui.label(RichText::new(title).color(p.weak));
            }
        },
        |ui| {
            let keys = ui.button(if narrow { "?" } else { "Keys (?)" });
            crate::app::a11y::name(ui, &keys, egui::accesskit::Role::Button, "Keys");
            crate::app::a11y::key_hint(ui, &keys, "?");
            if keys.clicked() {
                view.keys = true;
            }
            ui.add_space(if narrow { 4.0 } else { 12.0 });
            let contrast = match (view.settings.high_contrast, narrow) {
                (true, false) => "Standard colours",
                (false, false) => "High contrast",
                (_, true) => "Contrast",
            };
            if ui.button(contrast).clicked() {
                view.settings.high_contrast = !view.settings.high_contrast;
            }
            ui.add_space(if narrow { 4.0 } else { 12.0 });
            let author = if narrow { "Author" } else { "Author mode" };
            // On or off by a tick as well as by colour; a screen reader hears "toggle button".
            let shown = if view.settings.author_mode {
                format!("{author} ✔")
            } else {
                author.to_string()
            };
            let toggle = ui
                .selectable_label(view.settings.author_mode, shown)
                .on_hover_text(
                    "Scene ids, effects, conditions, the scene map and the file's problems",
                );
            crate::app::a11y::name(ui, &toggle, egui::accesskit::Role::Button, author);
            if toggle.clicked() {
                view.settings.author_mode = !view.settings.author_mode;
            }
            ui.add_space(if narrow { 4.0 } else { 12.0 });
            let can_grow = view.settings.text_size < MAX_TEXT_SIZE;
            let larger = egui::Button::new(RichText::new("A+").family(bold(ui.ctx())));
            let larger = ui.add_enabled(can_grow, larger);
            crate::app::a11y::describe(ui, &larger, "Larger text (Ctrl +)");
            if larger.clicked() {
                view.settings.larger();
            }
            ui.label(if narrow {
                format!("{}%", view.settings.text_size)
            } else {
                format!("Text {}%", view.settings.text_size)
            });
            let can_shrink = view.settings.text_size > MIN_TEXT_SIZE;
            let smaller = egui::Button::new(RichText::new("A−").family(bold(ui.ctx())));
            let smaller = ui.add_enabled(can_shrink, smaller);
            crate::app::a11y::describe(ui, &smaller, "Smaller text (Ctrl −)");
            if smaller.clicked() {
                view.settings.smaller();
            }
            if view.can_pause {
                ui.add_space(if narrow { 4.0 } else { 12.0 });
                let pause = if narrow { "Pause" } else { "Pause (Esc)" };
                if ui.button(pause).clicked() {
                    view.paused = true;
                }
            }
        },
    );
    if let Some(problem) = &view.problem {
        ui.add_space(4.0);
        crate::app::widgets::note(ui, |ui| {
            ui.horizontal_top(|ui| {
                ui.add(egui::Label::new(problem.as_str()).wrap());
            });
            if ui.button("Dismiss").clicked() {
                view.dismissed = true;
            }
        });
    }
}

// Bevy systems take their resources as arguments; splitting this one would only hide that.
#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut file: ResMut<SettingsFile>,
    sitting: Res<Sitting>,
    library: Res<Library>,
    screen: Res<State<Screen>>,
    mut area: ResMut<ContentArea>,
    mut actions: MessageWriter<Action>,
    mut help: ResMut<super::keys::KeyHelp>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let playing = *screen.get() == Screen::Play;
    let scenario = match screen.get() {
        Screen::Library => None,
        Screen::Progress => Some("My progress".to_string()),
        Screen::Prebrief | Screen::Play => sitting
            .playing
            .as_ref()
            .map(|p| p.playable.scenario.title.clone())
            .or_else(|| {
                let opened = sitting.opened.as_ref()?;
                library.playable(opened).map(|p| p.scenario.title.clone())
            }),
        Screen::Debrief => sitting.finished.as_ref().map(|f| f.debrief.title.clone()),
    };
    let mut view = TopBarView {
        scenario,
        can_pause: playing
            && sitting
                .playing
                .as_ref()
                .is_some_and(|p| !p.session.is_finished()),
        settings: settings.clone(),
        problem: file.problem.clone(),
        paused: false,
        dismissed: false,
        keys: false,
    };
    let p = crate::app::theme::palette(&ctx);
    let mut root = Ui::new(
        ctx.clone(),
        egui::Id::new("jigsaw-root"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.content_rect()),
    );
    let bar = egui::Panel::top("top-bar")
        .frame(
            egui::Frame::new()
                .fill(p.panel)
                .inner_margin(egui::Margin::symmetric(20, 10))
                .stroke(p.card_stroke),
        )
        .show(&mut root, |ui| top_bar_ui(ui, &mut view));
    let below = ctx.content_rect();
    area.0 = Some(egui::Rect::from_min_max(
        egui::pos2(below.left(), bar.response.rect.bottom()),
        below.max,
    ));
    if view.settings != *settings {
        *settings = view.settings;
    }
    if view.dismissed {
        file.problem = None;
    }
    if view.paused {
        actions.write(Action::Pause);
    }
    if view.keys {
        help.open = true;
    }
    Ok(())
}
