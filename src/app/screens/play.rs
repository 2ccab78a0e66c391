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
use super::{ContentArea, Screen, UiSet, show_screen};
use crate::app::a11y;
use crate::app::library::Library;
use crate::app::session::{Action, Game, Overlay, Playing};
use crate::app::settings::Settings;
use crate::app::theme::{bold, lead};
use crate::app::widgets::{
    READING_WIDTH, card, centred_column, choice_button, colours, error_box, note, paragraph,
    primary_button, secondary_button, section, title, weak,
};
use crate::scenario::format_clock;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlayMemory>()
        .init_resource::<AuthorMemory>()
        .add_systems(
            EguiPrimaryContextPass,
            draw.in_set(UiSet::Screen).run_if(in_state(Screen::Play)),
        );
}

/// What the play screen remembers between frames.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct PlayMemory {
    /// The scene (counted from the start of the session) the learner has seen drawn.
    pub seen_scene: Option<usize>,
    /// The button the arrow keys have moved to, counting observations first.
    pub highlight: Option<usize>,
    /// A button to scroll into sight on the next frame.
    pub reveal: Option<usize>,
    /// The scene and the number of looks a screen reader has been told about, so each new
    /// scene or look takes the focus (and is read out) once.
    pub announced: Option<(usize, usize)>,
    /// The titles of the pieces in the case notes a screen reader has been told about.
    pub pieces_heard: Vec<String>,
    /// The pieces found with this scene's text (0) and with each look (1, 2, …): said
    /// before that text, and kept so its accessible name stays the same frame to frame.
    pub pieces_with: Vec<(usize, Vec<String>)>,
}

/// What the play screen shows, and what the learner did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlayView {
    /// How many scenes the session has shown, counting this one: changes with each scene.
    pub scene_number: usize,
    /// What was said or happened straight after the learner's last choice (its `reply`).
    pub reply: Option<String>,
    /// Who is speaking, or what is being read.
    pub speaker: String,
    /// The scene's text.
    pub text: String,
    /// A question for a classroom group, if the scene has one.
    pub discuss: Option<String>,
    /// The scene's picture.
    pub image: SceneImage,
    /// What the learner found by looking around in this scene, in order.
    pub looks: Vec<Look>,
    /// Observations offered: (id, button text).
    pub observations: Vec<(String, String)>,
    /// Choices offered: (index in the scene's list, text), numbered from 1 on screen.
    pub choices: Vec<(usize, String)>,
    /// The ending, once reached.
    pub ending: Option<EndingView>,
    /// The case notes.
    pub notes: CaseNotes,
    /// What covers the screen.
    pub overlay: Overlay,
    /// Messages about the scenario file changing.
    pub notices: Vec<String>,
    /// Errors in the scenario file's latest edit (the last good version plays on).
    pub problems: Vec<String>,
    /// Why the last action failed.
    pub error: Option<String>,
    /// Remembered between frames.
    pub memory: PlayMemory,
    /// Author mode's details, map and problems; `None` for learners.
    pub author: Option<AuthorView>,
    /// Set when the learner does something.
    pub action: Option<Action>,
}

/// One thing the learner looked at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Look {
    /// The button's text.
    pub label: String,
    /// What they saw.
    pub text: String,
}

/// How the scenario ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndingView {
    /// The ending's title.
    pub title: String,
    /// What happened next.
    pub text: String,
    /// "Good outcome", "Mixed outcome" or "Poor outcome".
    pub kind: String,
}

/// The case-notes panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseNotes {
    /// The in-game time.
    pub clock: String,
    /// Pieces found so far: (title, what it tells, source).
    pub pieces: Vec<(String, String, String)>,
    /// Meters the scenario shows: (label, value, min, max).
    pub meters: Vec<(String, i32, i32, i32)>,
    /// The time left, in a scenario with time pressure (e.g. "20 minutes left").
    pub time_left: Option<String>,
}

/// A scene's picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SceneImage {
    /// The scene has none.
    #[default]
    None,
    /// Still loading.
    Loading,
    /// Ready to draw.
    Ready {
        /// The texture.
        texture: egui::TextureId,
        /// Its size in pixels.
        size: egui::Vec2,
    },
    /// It could not be shown; the message says why.
    Missing(String),
}

impl PlayView {
    /// The play view of a session (without picture, notices or memory).
    pub fn of(playing: &Playing) -> PlayView {
        let scenario = &playing.playable.scenario;
        let session = &playing.session;
        let scene = session.current_scene(scenario);
        let ending = session
            .state
            .ending
            .as_ref()
            .and_then(|id| scenario.ending(id))
            .map(|e| EndingView {
                title: e.title.clone(),
                text: e.text.clone(),
                kind: e.kind.label().to_string(),
            });
        let pieces = scenario
            .pieces
            .iter()
            .map(|p| &p.value)
            .filter(|p| session.state.found.contains(&p.id.value))
            .map(|p| (p.title.clone(), p.tells.clone(), p.source.clone()))
            .collect();
        let meters = session
            .state
            .shown_meters(scenario)
            .into_iter()
            .map(|(m, value)| (m.name().to_string(), value, m.min, m.max))
            .collect();
        PlayView {
            scene_number: session
                .transcript
                .iter()
                .filter(|s| {
                    matches!(
                        s,
                        crate::engine::Step::Scene { .. } | crate::engine::Step::Ended { .. }
                    )
                })
                .count(),
            reply: playing
                .session
                .reply(&playing.playable.scenario)
                .map(str::to_string),
            speaker: scene.map(|s| s.speaker.clone()).unwrap_or_default(),
            text: scene.map(|s| s.text.clone()).unwrap_or_default(),
            discuss: scene.and_then(|s| s.discuss.clone()),
            image: SceneImage::None,
            looks: playing
                .looks()
                .into_iter()
                .map(|o| Look {
                    label: o.label.clone(),
                    text: o.text.clone(),
                })
                .collect(),
            observations: session
                .offered_observations(scenario)
                .into_iter()
                .map(|o| (o.id.value.clone(), o.label.clone()))
                .collect(),
            choices: session
                .offered_choices(scenario)
                .into_iter()
                .map(|(i, c)| (i, c.text.clone()))
                .collect(),
            ending,
            notes: CaseNotes {
                clock: format_clock(session.state.clock),
                pieces,
                meters,
                time_left: session
                    .time_left(scenario)
                    .map(crate::debrief::time_left_words),
            },
            overlay: playing.overlay,
            notices: playing.notice.iter().cloned().collect(),
            problems: Vec::new(),
            error: playing.error.clone(),
            memory: PlayMemory::default(),
            author: None,
            action: None,
        }
    }

    /// How many buttons the arrow keys move between.
    fn button_count(&self) -> usize {
        if self.ending.is_some() {
            1
        } else {
            self.observations.len() + self.choices.len()
        }
    }
}

/// The keys pressed this frame that the play screen acts on (key repeats ignored).
#[derive(Default)]
struct Keys {
    number: Option<usize>,
    letter: Option<usize>,
    up: bool,
    down: bool,
    escape: bool,
}

fn read_keys(ui: &Ui) -> Keys {
    ui.input(|input| {
        let mut keys = Keys::default();
        for event in &input.events {
            let Event::Key {
                key,
                pressed: true,
                repeat: false,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            if *modifiers != Modifiers::NONE && *modifiers != Modifiers::SHIFT {
                continue;
            }
            match key {
                Key::ArrowUp => keys.up = true,
                Key::ArrowDown => keys.down = true,
                Key::Escape => keys.escape = true,
                _ => {
                    if let Some(n) = digit(*key) {
                        keys.number = Some(n);
                    }
                    if let Some(n) = letter(*key) {
                        keys.letter = Some(n);
                    }
                }
            }
        }
        keys
    })
}

fn digit(key: Key) -> Option<usize> {
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    digits.iter().position(|k| *k == key).map(|i| i + 1)
}

const LETTERS: [Key; 9] = [
    Key::A,
    Key::B,
    Key::C,
    Key::D,
    Key::E,
    Key::F,
    Key::G,
    Key::H,
    Key::I,
];

fn letter(key: Key) -> Option<usize> {
    LETTERS.iter().position(|k| *k == key).map(|i| i + 1)
}

/// The letter shown on the n-th observation (from 0), as the command line shows it.
fn letter_label(n: usize) -> Option<String> {
    (n < LETTERS.len()).then(|| char::from(b'a' + n as u8).to_string())
}

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
    let mut focus_highlight = false;
    let mut keyed: Option<usize> = None;
    match view.overlay {
        Overlay::None => {
            if keys.escape && view.ending.is_none() {
                view.action = Some(Action::Pause);
            } else if seen {
                if view.ending.is_none() {
                    // Buttons count observations first, then choices.
                    let observations = view.observations.len();
                    keyed = keys
                        .number
                        .filter(|n| *n <= view.choices.len())
                        .map(|n| observations + n - 1)
                        .or(keys.letter.filter(|n| *n <= observations).map(|n| n - 1));
                }
                let count = view.button_count();
                if (keys.up || keys.down) && count > 0 {
                    let last = count - 1;
                    view.memory.highlight = Some(match (view.memory.highlight, keys.down) {
                        (None, true) => 0,
                        (None, false) => last,
                        (Some(i), true) => (i + 1).min(last),
                        (Some(i), false) => i.saturating_sub(1),
                    });
                    focus_highlight = true;
                    // The arrows move between these buttons only, not egui's own way.
                    ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                }
            }
        }
        Overlay::Paused => {
            if keys.escape {
                view.action = Some(Action::Resume);
            }
        }
        Overlay::ConfirmLeave => {
            if keys.escape {
                view.action = Some(Action::Resume);
            }
        }
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

fn button_action(view: &PlayView, i: usize) -> Action {
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
struct Arrival {
    /// The scene (or ending) is new: its text takes the focus.
    scene: bool,
    /// A look is new: its card takes the focus.
    look: bool,
}

/// Works out what arrived since the last frame and remembers it as told, with the pieces
/// found since the last arrival.
fn arrival(view: &mut PlayView) -> Arrival {
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
fn pieces_said(memory: &PlayMemory, n: usize) -> String {
    match memory.pieces_with.iter().find(|(at, _)| *at == n) {
        None => String::new(),
        Some((_, pieces)) => format!("New in your case notes: {}. ", pieces.join("; ")),
    }
}

fn scene(ui: &mut Ui, view: &PlayView, arrival: &Arrival, buttons: &mut Vec<egui::Response>) {
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
fn ending_card(ui: &mut Ui, ending: &EndingView) {
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
fn scene_text(ui: &mut Ui, view: &PlayView, arrival: &Arrival) {
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
        if !view.speaker.is_empty() {
            ui.label(
                RichText::new(view.speaker.to_uppercase())
                    .family(bold(ui.ctx()))
                    .color(p.accent),
            );
        }
        ui.add(
            egui::Label::new(RichText::new(view.text.as_str()).text_style(lead(ui.style()))).wrap(),
        );
    });
}

/// The observations ("Look around") and the choices, as large buttons with their keys.
fn choices(ui: &mut Ui, view: &PlayView, buttons: &mut Vec<egui::Response>) {
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

fn case_notes(ui: &mut Ui, notes: &CaseNotes) {
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

fn dialog_frame(ui: &Ui) -> egui::Frame {
    let p = colours(ui);
    egui::Frame::new()
        .fill(p.card)
        .stroke(p.focus)
        .corner_radius(egui::CornerRadius::same(14))
        .inner_margin(egui::Margin::same(28))
}

fn paused(ui: &mut Ui, view: &mut PlayView) {
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

fn confirm_leave(ui: &mut Ui, view: &mut PlayView) {
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
            ui.horizontal_wrapped(|ui| {
                let keep = primary_button(ui, "Keep playing");
                a11y::key_hint(ui, &keep, "Esc");
                let so_far = secondary_button(ui, "See the debrief so far");
                let leave = secondary_button(ui, "Leave to the library");
                if keep.clicked() {
                    view.action = Some(Action::Resume);
                }
                if so_far.clicked() {
                    view.action = Some(Action::EndEarly);
                }
                if leave.clicked() {
                    view.action = Some(Action::Leave);
                }
                a11y::focus_first(&[keep, so_far, leave]);
            });
        });
}

/// Loaded scene pictures, by asset path.
#[derive(Default)]
struct Pictures(HashMap<AssetPath<'static>, Handle<Image>>);

#[allow(clippy::too_many_arguments)]
fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    game: Res<Game>,
    library: Res<Library>,
    assets: Res<AssetServer>,
    images: Res<Assets<Image>>,
    mut memory: ResMut<PlayMemory>,
    (settings, mut author_memory): (Res<Settings>, ResMut<AuthorMemory>),
    mut pictures: Local<Pictures>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let Some(playing) = &game.playing else {
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
    let image = playing
        .session
        .current_scene(&playing.playable.scenario)
        .and_then(|s| s.image.as_ref());
    if let (Some(image), Some(entry)) = (image, entry) {
        let folder = entry
            .asset_path
            .path()
            .parent()
            .unwrap_or(std::path::Path::new(""));
        let path = AssetPath::from_path_buf(folder.join(&image.value))
            .with_source(entry.asset_path.source().clone_owned())
            .into_owned();
        let handle = pictures
            .0
            .entry(path)
            .or_insert_with_key(|path| assets.load::<Image>(path.clone()))
            .clone();
        view.image = match assets.load_state(&handle) {
            LoadState::Loaded => match images.get(&handle) {
                Some(loaded) => SceneImage::Ready {
                    texture: contexts.add_image(EguiTextureHandle::Strong(handle.clone())),
                    size: egui::vec2(loaded.width() as f32, loaded.height() as f32),
                },
                None => SceneImage::Loading,
            },
            LoadState::Failed(error) => SceneImage::Missing(format!(
                "The picture for this scene ({}) could not be shown: {error}",
                image.value
            )),
            _ => SceneImage::Loading,
        };
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
