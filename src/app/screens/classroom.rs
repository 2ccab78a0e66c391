//! The projector view of a classroom session: the scene in large text, the discussion
//! question first, and the options only when the facilitator shows them; then the room's
//! votes, typed from a show of hands or sent from phones, with the split hidden until the
//! facilitator reveals it. Scores and meters never appear here (they wait for the debrief);
//! the facilitator's notes are in a panel that stays closed until opened.
//!
//! Keys: O (or Space) shows the options; T starts or stops a 3-minute discussion timer;
//! 1–9 add a hand to an option and Shift+1–9 take one off; R reveals the split; Enter takes
//! the group's choice; A–I look around; F shows or hides the notes; P starts phone voting;
//! Esc pauses.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{Key, RichText, ScrollArea, Ui};

use super::{ContentArea, show_screen};
use crate::app::classroom::{Room, RoomAction};
use crate::app::session::{Action, Overlay, Playing, Sitting};
use crate::app::theme::{bold, lead};
use crate::app::widgets::{
    READING_WIDTH, card, centred_column, colours, error_box, note, paragraph, primary_button,
    secondary_button, section, weak,
};
use crate::app::{Screen, UiSet};
use crate::scenario::format_clock;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(UiSet::Screen)
            .run_if(in_state(Screen::Play))
            .run_if(is_classroom),
    );
}

/// Whether the session in play is a group's.
pub fn is_classroom(sitting: Res<Sitting>) -> bool {
    sitting
        .playing
        .as_ref()
        .is_some_and(|p| p.session.classroom.is_some())
}

/// How much larger text is on the projector than on a learner's screen (the text-size
/// setting applies on top).
pub const PROJECTOR_SCALE: f32 = 1.3;

/// Minutes the T key's discussion timer runs for.
pub const TIMER_MINUTES: u32 = 3;

/// What the phones' panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PhonesView {
    /// The page's address.
    pub url: String,
    /// The room code.
    pub code: String,
    /// How many phones have voted on this decision.
    pub voters: usize,
    /// How many phones have joined.
    pub devices: usize,
    /// Whether phones can still vote.
    pub open: bool,
    /// The QR code's modules and side.
    pub qr: (Vec<bool>, usize),
}

/// What the projector shows, and what the facilitator did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassroomView {
    /// The group's name.
    pub group: String,
    /// The in-game time.
    pub clock: String,
    /// How many scenes have been shown (changes with each decision).
    pub scene_number: usize,
    /// What the last choice brought.
    pub reply: Option<String>,
    /// Who is speaking.
    pub speaker: String,
    /// The scene's text.
    pub text: String,
    /// The discussion question.
    pub discuss: Option<String>,
    /// What the room looked at in this scene: (label, text).
    pub looks: Vec<(String, String)>,
    /// Observations offered: (id, label).
    pub observations: Vec<(String, String)>,
    /// Choices offered: (index in the scene's list, text).
    pub choices: Vec<(usize, String)>,
    /// The ending, once reached: (title, text, kind).
    pub ending: Option<(String, String, String)>,
    /// Titles of the pieces of the jigsaw found so far.
    pub pieces: Vec<String>,
    /// The scene's facilitator notes.
    pub notes: Option<String>,
    /// Whether the notes panel is open.
    pub notes_open: bool,
    /// Whether the options are shown.
    pub shown: bool,
    /// Votes per option (hands and phones), in the order shown.
    pub counts: Vec<u32>,
    /// Hands per option.
    pub hands: Vec<u32>,
    /// Whether the split is shown.
    pub revealed: bool,
    /// Seconds left on the discussion timer, when running.
    pub timer: Option<u64>,
    /// The options tied for the most votes, when the facilitator must pick.
    pub tied: Option<Vec<usize>>,
    /// Phone voting, when running.
    pub phones: Option<PhonesView>,
    /// What covers the screen.
    pub overlay: Overlay,
    /// Why the last thing could not be done.
    pub problem: Option<String>,
    /// Set when the facilitator does something the session applies.
    pub action: Option<Action>,
    /// Set when the facilitator does something the room applies.
    pub room_action: Option<RoomAction>,
}

impl ClassroomView {
    /// The view of a classroom session and the room's state.
    pub fn of(playing: &Playing, room: &Room) -> ClassroomView {
        let scenario = &playing.playable.scenario;
        let session = &playing.session;
        let scene = session.current_scene(scenario);
        let super::play::Offered {
            observations,
            choices,
        } = super::play::Offered::of(session, scenario);
        ClassroomView {
            group: session
                .classroom
                .as_ref()
                .map(|c| c.group.clone())
                .unwrap_or_default(),
            clock: format_clock(session.state.clock),
            scene_number: session.visit_number(),
            reply: session.reply(scenario).map(str::to_string),
            speaker: scene.map(|s| s.speaker.clone()).unwrap_or_default(),
            text: scene.map(|s| s.text.clone()).unwrap_or_default(),
            discuss: scene.and_then(|s| s.discuss.clone()),
            looks: playing
                .session
                .observations_this_visit(&playing.playable.scenario)
                .into_iter()
                .map(|o| (o.label.clone(), o.text.clone()))
                .collect(),
            observations,
            choices,
            ending: session
                .state
                .ending
                .as_ref()
                .and_then(|id| scenario.ending(id))
                .map(|e| (e.title.clone(), e.text.clone(), e.kind.label().to_string())),
            pieces: scenario
                .pieces
                .iter()
                .filter(|p| session.state.found.contains(&p.id.value))
                .map(|p| p.title.clone())
                .collect(),
            notes: scene.and_then(|s| s.facilitator.clone()),
            notes_open: room.notes_open,
            shown: room.shown,
            counts: room.counts(),
            hands: room.hands.clone(),
            revealed: room.revealed,
            timer: room.timer.map(|t| t.seconds_left()),
            tied: room.tied.clone(),
            phones: room.phones.as_ref().map(|p| PhonesView {
                url: p.url.clone(),
                code: p.code.clone(),
                voters: p.snapshot.voters,
                devices: p.snapshot.devices,
                open: p.snapshot.open,
                qr: p.qr.clone(),
            }),
            overlay: playing.overlay,
            problem: room.problem.clone().or_else(|| playing.error.clone()),
            action: None,
            room_action: None,
        }
    }

    /// The choice the majority would take, if one option leads.
    fn leader(&self) -> Option<usize> {
        let most = *self.counts.iter().max()?;
        let leaders: Vec<usize> = (0..self.counts.len())
            .filter(|i| self.counts[*i] == most)
            .collect();
        (most > 0 && leaders.len() == 1).then(|| leaders[0])
    }
}

/// The keys the projector view acts on this frame.
#[derive(Default)]
struct Keys {
    digit: Option<(usize, bool)>,
    letter: Option<usize>,
    show: bool,
    timer: bool,
    reveal: bool,
    take: bool,
    notes: bool,
    phones: bool,
    escape: bool,
}

fn read_keys(ui: &Ui) -> Keys {
    let mut keys = Keys::default();
    for (key, shift) in super::play::keys::presses(ui) {
        if let Some(n) = super::play::keys::digit(key) {
            keys.digit = Some((n - 1, shift));
            continue;
        }
        match key {
            Key::O | Key::Space => keys.show = true,
            Key::T => keys.timer = true,
            Key::R => keys.reveal = true,
            Key::Enter => keys.take = true,
            Key::F => keys.notes = true,
            Key::P => keys.phones = true,
            Key::Escape => keys.escape = true,
            _ => {
                if let Some(n) = LOOK_KEYS.iter().position(|(k, _)| *k == key) {
                    keys.letter = Some(n);
                }
            }
        }
    }
    keys
}

/// The keys for the first observations and the letters shown beside them. F is the notes
/// key, so it is skipped: the sixth observation is G, on the button and on the keyboard.
const LOOK_KEYS: [(Key, char); 8] = [
    (Key::A, 'A'),
    (Key::B, 'B'),
    (Key::C, 'C'),
    (Key::D, 'D'),
    (Key::E, 'E'),
    (Key::G, 'G'),
    (Key::H, 'H'),
    (Key::I, 'I'),
];

/// The letter shown beside the n-th observation.
fn look_letter(n: usize) -> Option<char> {
    LOOK_KEYS.get(n).map(|(_, letter)| *letter)
}

/// Makes every text style larger for the projector.
fn projector_text(ui: &mut Ui) {
    for font in ui.style_mut().text_styles.values_mut() {
        font.size *= PROJECTOR_SCALE;
    }
}

/// Draws the projector view.
pub fn classroom_ui(ui: &mut Ui, view: &mut ClassroomView) {
    projector_text(ui);
    let keys = read_keys(ui);
    let deciding = view.ending.is_none() && !view.choices.is_empty();
    if view.overlay == Overlay::None {
        if keys.escape {
            view.action = Some(Action::Pause);
        } else if keys.notes {
            view.room_action = Some(RoomAction::ToggleNotes);
        } else if keys.phones && view.phones.is_none() {
            view.room_action = Some(RoomAction::StartPhones);
        } else if keys.timer && deciding {
            view.room_action = Some(if view.timer.is_some() {
                RoomAction::StopTimer
            } else {
                RoomAction::StartTimer(TIMER_MINUTES)
            });
        } else if keys.show && deciding && !view.shown {
            view.room_action = Some(RoomAction::ShowOptions);
        } else if let Some((n, shift)) = keys.digit.filter(|_| deciding && view.shown) {
            if n < view.choices.len() {
                view.room_action = Some(if shift {
                    RoomAction::Remove(n)
                } else {
                    RoomAction::Add(n)
                });
            }
        } else if keys.reveal && deciding && view.shown {
            view.room_action = Some(RoomAction::Reveal);
        } else if keys.take && view.ending.is_some() {
            view.action = Some(Action::ShowDebrief);
        } else if keys.take && deciding && view.shown {
            view.room_action = Some(RoomAction::Take(None));
        } else if let Some(n) = keys.letter.filter(|n| *n < view.observations.len()) {
            view.action = Some(Action::Observe(view.observations[n].0.clone()));
        }
    } else if keys.escape {
        view.action = Some(Action::Resume);
    }

    let p = colours(ui);
    if view.notes_open {
        egui::Panel::left("facilitator-notes")
            .resizable(true)
            .default_size((ui.available_width() * 0.28).clamp(260.0, 480.0))
            .frame(
                egui::Frame::new()
                    .fill(p.note)
                    .stroke(p.card_stroke)
                    .inner_margin(egui::Margin::symmetric(16, 16)),
            )
            .show(ui, |ui| {
                ScrollArea::vertical()
                    .id_salt("facilitator-notes")
                    .show(ui, |ui| notes_panel(ui, view));
            });
    }
    if view.phones.is_some() || (view.shown && view.ending.is_none()) {
        let width = (ui.available_width() * 0.3).clamp(280.0, 440.0);
        egui::Panel::right("room-votes")
            .resizable(false)
            .exact_size(width)
            .frame(
                egui::Frame::new()
                    .fill(p.panel)
                    .stroke(p.card_stroke)
                    .inner_margin(egui::Margin::symmetric(16, 16)),
            )
            .show(ui, |ui| {
                ScrollArea::vertical()
                    .id_salt("room-votes")
                    .auto_shrink([false, false])
                    .show(ui, |ui| votes_panel(ui, view));
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(20, 0)))
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt(("classroom-scene", view.scene_number))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add_space(16.0);
                    centred_column(ui, READING_WIDTH, |ui| scene(ui, view));
                    ui.add_space(24.0);
                });
        });
    match view.overlay {
        Overlay::None => {}
        Overlay::Paused => paused(ui, view),
        Overlay::ConfirmLeave => confirm_leave(ui, view),
    }
}

fn notes_panel(ui: &mut Ui, view: &mut ClassroomView) {
    ui.label(RichText::new("Facilitator notes").family(bold(ui.ctx())));
    weak(ui, "Only you should see these: F hides them.");
    ui.add_space(6.0);
    match &view.notes {
        Some(notes) => {
            paragraph(ui, notes.as_str());
        }
        None => {
            weak(ui, "This scene has no notes.");
        }
    }
    ui.add_space(8.0);
    if secondary_button(ui, "Hide the notes (F)").clicked() {
        view.room_action = Some(RoomAction::ToggleNotes);
    }
}

fn votes_panel(ui: &mut Ui, view: &mut ClassroomView) {
    let p = colours(ui);
    ui.label(RichText::new("The room's vote").family(bold(ui.ctx())));
    match view.phones.clone() {
        Some(phones) => {
            ui.add_space(4.0);
            paragraph(
                ui,
                "Vote from your phone: join the laptop's Wi-Fi, scan the code or type the address, and enter the room code.",
            );
            qr(ui, &phones.qr);
            ui.label(RichText::new(phones.url.as_str()).monospace());
            ui.horizontal(|ui| {
                ui.label("Room code");
                ui.label(
                    RichText::new(phones.code.as_str())
                        .family(bold(ui.ctx()))
                        .size(40.0)
                        .color(p.accent),
                );
            });
            if view.shown && view.ending.is_none() {
                let voted = match phones.voters {
                    1 => "1 phone has voted".to_string(),
                    n => format!("{n} phones have voted"),
                };
                ui.label(RichText::new(voted).family(bold(ui.ctx())).size(28.0));
                weak(
                    ui,
                    format!(
                        "{} joined · voting {}",
                        phones.devices,
                        if phones.open { "open" } else { "closed" }
                    ),
                );
                ui.horizontal_wrapped(|ui| {
                    if phones.open {
                        if secondary_button(ui, "Close voting").clicked() {
                            view.room_action = Some(RoomAction::CloseVoting);
                        }
                    } else if secondary_button(ui, "Open voting again").clicked() {
                        view.room_action = Some(RoomAction::ReopenVoting);
                    }
                });
            } else {
                weak(ui, "Phones show the options when you show them here.");
            }
            ui.add_space(6.0);
            if secondary_button(ui, "Stop phone voting").clicked() {
                view.room_action = Some(RoomAction::StopPhones);
            }
        }
        None => {
            paragraph(
                ui,
                "Count a show of hands: 1–9 add a vote to an option, Shift+1–9 take one off, or use the + and − buttons.",
            );
            if secondary_button(ui, "Start phone voting (P)").clicked() {
                view.room_action = Some(RoomAction::StartPhones);
            }
        }
    }
}

/// Draws a QR code with its quiet zone, large enough to scan from the back of a room.
fn qr(ui: &mut Ui, (modules, width): &(Vec<bool>, usize)) {
    if *width == 0 {
        return;
    }
    let quiet = 4;
    let side = width + 2 * quiet;
    let size = ui.available_width().min(260.0);
    let cell = size / side as f32;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::WidgetType::Image,
            true,
            "QR code of the vote page's address",
        )
    });
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
    for y in 0..*width {
        for x in 0..*width {
            if modules.get(y * width + x).copied().unwrap_or(false) {
                let min =
                    rect.min + egui::vec2((x + quiet) as f32 * cell, (y + quiet) as f32 * cell);
                painter.rect_filled(
                    egui::Rect::from_min_size(min, egui::vec2(cell + 0.5, cell + 0.5)),
                    0.0,
                    egui::Color32::BLACK,
                );
            }
        }
    }
}

fn scene(ui: &mut Ui, view: &mut ClassroomView) {
    let p = colours(ui);
    weak(
        ui,
        format!("{}  ·  {}  ·  classroom mode", view.group, view.clock),
    );
    if let Some(problem) = &view.problem {
        error_box(ui, "That could not be done:", std::slice::from_ref(problem));
    }
    if let Some(reply) = &view.reply {
        card(ui, |ui| {
            weak(ui, "After the group's last choice");
            paragraph(ui, reply.as_str());
        });
    }
    if let Some((title, text, kind)) = view.ending.clone() {
        card(ui, |ui| {
            weak(ui, format!("How it ended · {kind}"));
            ui.label(RichText::new(title).family(bold(ui.ctx())).size(34.0));
            ui.add(egui::Label::new(RichText::new(text).text_style(lead(ui.style()))).wrap());
        });
        ui.add_space(10.0);
        if primary_button(ui, "See the group's debrief (Enter)").clicked() {
            view.action = Some(Action::ShowDebrief);
        }
        return;
    }
    if !view.speaker.is_empty() {
        ui.label(
            RichText::new(view.speaker.to_uppercase())
                .family(bold(ui.ctx()))
                .color(p.accent),
        );
    }
    ui.add(egui::Label::new(RichText::new(view.text.as_str()).text_style(lead(ui.style()))).wrap());
    if let Some(discuss) = &view.discuss {
        ui.add_space(6.0);
        note(ui, |ui| {
            ui.label(RichText::new("For discussion").family(bold(ui.ctx())));
            ui.add(
                egui::Label::new(RichText::new(discuss.as_str()).text_style(lead(ui.style())))
                    .wrap(),
            );
        });
    }
    if let Some(seconds) = view.timer {
        let text = if seconds == 0 {
            "Discussion time is up".to_string()
        } else {
            format!("Discussion: {}:{:02} left", seconds / 60, seconds % 60)
        };
        ui.label(RichText::new(text).family(bold(ui.ctx())).size(30.0));
    }
    for (label, text) in &view.looks {
        card(ui, |ui| {
            ui.label(
                RichText::new(label.as_str())
                    .family(bold(ui.ctx()))
                    .color(p.weak),
            );
            paragraph(ui, text.as_str());
        });
    }
    if !view.pieces.is_empty() {
        weak(
            ui,
            format!("Pieces of the jigsaw found: {}", view.pieces.join("; ")),
        );
    }
    if !view.observations.is_empty() {
        section(ui, "Look around");
        ui.horizontal_wrapped(|ui| {
            for (n, (id, label)) in view.observations.clone().iter().enumerate() {
                let text = match look_letter(n) {
                    Some(letter) => format!("{letter}  {label}"),
                    None => label.clone(),
                };
                if secondary_button(ui, &text).clicked() {
                    view.action = Some(Action::Observe(id.clone()));
                }
            }
        });
    }
    if view.choices.is_empty() {
        return;
    }
    ui.add_space(8.0);
    if !view.shown {
        ui.horizontal_wrapped(|ui| {
            if primary_button(ui, "Show the options (O)").clicked() {
                view.room_action = Some(RoomAction::ShowOptions);
            }
            let timer = if view.timer.is_some() {
                "Stop the timer (T)".to_string()
            } else {
                format!("Start a {TIMER_MINUTES}-minute timer (T)")
            };
            if secondary_button(ui, &timer).clicked() {
                view.room_action = Some(if view.timer.is_some() {
                    RoomAction::StopTimer
                } else {
                    RoomAction::StartTimer(TIMER_MINUTES)
                });
            }
            if view.notes.is_some()
                && !view.notes_open
                && secondary_button(ui, "Notes (F)").clicked()
            {
                view.room_action = Some(RoomAction::ToggleNotes);
            }
        });
        weak(ui, "Discuss first: the options appear when you show them.");
        return;
    }
    options(ui, view);
}

fn options(ui: &mut Ui, view: &mut ClassroomView) {
    let p = colours(ui);
    section(ui, "What does the group do?");
    let total: u32 = view.counts.iter().sum();
    let leader = view.leader();
    let phones = view.phones.is_some();
    for (n, (index, text)) in view.choices.clone().iter().enumerate() {
        let tied = view.tied.as_ref().is_some_and(|t| t.contains(index));
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{}", n + 1))
                        .family(bold(ui.ctx()))
                        .size(30.0)
                        .color(p.accent),
                );
                ui.add(
                    egui::Label::new(RichText::new(text.as_str()).text_style(lead(ui.style())))
                        .wrap(),
                );
            });
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add(egui::Button::new(RichText::new(" − ").size(22.0)))
                    .on_hover_text("Take a hand off")
                    .clicked()
                {
                    view.room_action = Some(RoomAction::Remove(n));
                }
                let hands = view.hands.get(n).copied().unwrap_or(0);
                let shown_count = if phones && !view.revealed {
                    format!("{hands} hands")
                } else if view.revealed {
                    format!("{} votes", view.counts.get(n).copied().unwrap_or(0))
                } else {
                    format!("{hands} votes")
                };
                ui.label(RichText::new(shown_count).family(bold(ui.ctx())));
                if ui
                    .add(egui::Button::new(RichText::new(" + ").size(22.0)))
                    .on_hover_text("Add a hand")
                    .clicked()
                {
                    view.room_action = Some(RoomAction::Add(n));
                }
                if view.revealed && (tied || (leader.is_some() && leader != Some(n))) {
                    let label = if tied {
                        "Take this one"
                    } else {
                        "Take this instead"
                    };
                    if secondary_button(ui, label).clicked() {
                        view.room_action = Some(RoomAction::Take(Some(*index)));
                    }
                }
            });
            if view.revealed {
                let votes = view.counts.get(n).copied().unwrap_or(0);
                let share = if total == 0 {
                    0.0
                } else {
                    votes as f32 / total as f32
                };
                ui.add(
                    egui::ProgressBar::new(share)
                        .fill(if leader == Some(n) { p.accent } else { p.weak })
                        .desired_height(18.0)
                        .text(format!("{votes} of {total}")),
                );
            }
        });
    }
    ui.add_space(8.0);
    if let Some(tied) = &view.tied {
        let numbers: Vec<String> = tied
            .iter()
            .filter_map(|i| view.choices.iter().position(|(c, _)| c == i))
            .map(|n| (n + 1).to_string())
            .collect();
        note(ui, |ui| {
            paragraph(
                ui,
                if total == 0 {
                    "No votes yet: count the hands, or pick the option the group takes.".to_string()
                } else {
                    format!(
                        "A tie between options {}: pick the one the group takes.",
                        numbers.join(" and ")
                    )
                },
            );
        });
    }
    ui.horizontal_wrapped(|ui| {
        if !view.revealed && secondary_button(ui, "Reveal the votes (R)").clicked() {
            view.room_action = Some(RoomAction::Reveal);
        }
        let take = match leader {
            Some(n) => format!("Take the majority: option {} (Enter)", n + 1),
            None => "Take the group's choice (Enter)".to_string(),
        };
        if primary_button(ui, &take).clicked() {
            view.room_action = Some(RoomAction::Take(None));
        }
    });
    weak(
        ui,
        "Keys: 1–9 add a hand · Shift+1–9 take one off · R reveals · Enter takes the majority · F notes · Esc pauses",
    );
}

fn dialog_frame(ui: &Ui) -> egui::Frame {
    let p = colours(ui);
    egui::Frame::new()
        .fill(p.card)
        .stroke(p.focus)
        .corner_radius(egui::CornerRadius::same(14))
        .inner_margin(egui::Margin::same(28))
}

fn paused(ui: &mut Ui, view: &mut ClassroomView) {
    egui::Modal::new(egui::Id::new("classroom-paused"))
        .frame(dialog_frame(ui))
        .show(ui.ctx(), |ui| {
            ui.set_width(520.0);
            crate::app::a11y::dialog(ui, "Paused");
            crate::app::widgets::title(ui, "Paused");
            paragraph(
                ui,
                "Nothing happens while the session is paused. If the scenario has affected anyone, it is fine to stop here and talk.",
            );
            ui.horizontal_wrapped(|ui| {
                let carry_on = primary_button(ui, "Carry on");
                let leave = secondary_button(ui, "Leave the scenario…");
                if carry_on.clicked() {
                    view.action = Some(Action::Resume);
                }
                if leave.clicked() {
                    view.action = Some(Action::AskToLeave);
                }
                crate::app::a11y::focus_first(&[carry_on, leave]);
            });
        });
}

fn confirm_leave(ui: &mut Ui, view: &mut ClassroomView) {
    egui::Modal::new(egui::Id::new("classroom-confirm-leave"))
        .frame(dialog_frame(ui))
        .show(ui.ctx(), |ui| {
            ui.set_width(560.0);
            crate::app::a11y::dialog(ui, "Leave this scenario?");
            crate::app::widgets::title(ui, "Leave this scenario?");
            paragraph(
                ui,
                "You can see the group's debrief of what was done so far, or go back to the library.",
            );
            if let Some(action) = super::play::leave_buttons(ui, "Keep going", None) {
                view.action = Some(action);
            }
        });
}

fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    sitting: Res<Sitting>,
    room: Res<Room>,
    mut actions: MessageWriter<Action>,
    mut room_actions: MessageWriter<RoomAction>,
) -> Result {
    let Some(playing) = &sitting.playing else {
        return Ok(());
    };
    let mut view = ClassroomView::of(playing, &room);
    let ctx = contexts.ctx_mut()?.clone();
    show_screen(&ctx, &area, |ui| classroom_ui(ui, &mut view));
    if let Some(action) = view.action {
        actions.write(action);
    }
    if let Some(action) = view.room_action {
        room_actions.write(action);
    }
    Ok(())
}

/// The pre-brief's "Run with a group" card: the group's name and a button that starts the
/// scenario in classroom mode. The name being typed is kept in egui's memory.
pub fn group_form(ui: &mut Ui) -> Option<Action> {
    let id = egui::Id::new("classroom-group-name");
    let mut name: String = ui.data_mut(|d| d.get_temp(id).unwrap_or_default());
    let mut action = None;
    ui.add_space(12.0);
    card(ui, |ui| {
        section(ui, "Run with a group");
        paragraph(
            ui,
            "For a facilitator with a projector: the group discusses each decision before the options are shown, then votes by a show of hands or from their phones. The group's name stands where a learner's name would.",
        );
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Group name");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut name)
                        .hint_text("e.g. Team B, 3 March")
                        .char_limit(80)
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if secondary_button(ui, "Run with a group").clicked() || enter {
                let group = name.trim();
                action = Some(Action::StartWithGroup(if group.is_empty() {
                    "Group".to_string()
                } else {
                    group.to_string()
                }));
            }
        });
    });
    ui.data_mut(|d| d.insert_temp(id, name));
    action
}

/// The debrief's "The room's votes" card: each decision's split in words and as bars.
pub fn room_votes(ui: &mut Ui, d: &crate::debrief::Debrief) {
    let p = colours(ui);
    section(
        ui,
        &format!(
            "The room's votes · {}",
            d.group.as_deref().unwrap_or("Group")
        ),
    );
    if d.votes.is_empty() {
        paragraph(ui, "No decisions were voted on.");
    }
    for vote in &d.votes {
        ui.add_space(6.0);
        paragraph(ui, vote.sentence.as_str());
        for option in &vote.options {
            let share = if vote.total == 0 {
                0.0
            } else {
                option.votes as f32 / vote.total as f32
            };
            ui.add(
                egui::ProgressBar::new(share)
                    .fill(if option.taken { p.accent } else { p.weak })
                    .desired_height(14.0)
                    .text(format!(
                        "{}{} · {}",
                        if option.taken { "✓ " } else { "" },
                        option.votes,
                        short(&option.text, 70)
                    )),
            );
        }
    }
}

/// At most `most` characters of `text`, with "…" when cut.
fn short(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(most).collect();
        cut.push('…');
        cut
    }
}
