//! The pre-brief: what the learner needs before starting. The content note first, then the
//! "fiction contract" of simulation education (this is a fictional simulation, and mistakes
//! are how we learn), the learning outcomes, that they can pause or leave at any time, and
//! where to find support. Then Start.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{RichText, ScrollArea, Ui};

use super::library::About;
use super::{ContentArea, show_screen};
use crate::app::scenarios::Library;
use crate::app::session::{Action, Sitting};
use crate::app::theme::bold;
use crate::app::widgets::{
    READING_WIDTH, bullets, card, centred_column, error_box, note, paragraph, primary_button,
    secondary_button, section, title, weak,
};
use crate::app::{Screen, UiSet};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(UiSet::Screen)
            .run_if(in_state(Screen::Prebrief)),
    );
}

/// The statement that this is a fictional simulation.
pub const FICTION: &str = "This is a fictional simulation. Every name, place and event is \
    invented, informed by published national learning rather than by any one case. It is a \
    safe place to try things: mistakes are how we learn, and the debrief at the end is about \
    what each decision revealed or hid, not about passing or failing.";

/// What the learner can do at any time.
pub const CONTROL: &str = "You can pause at any time with the Pause button or the Esc key, \
    and you can leave the scenario whenever you want. Nothing you do here is recorded \
    anywhere else.";

/// Where to find support.
pub const SUPPORT: &str = "If something here stirs up difficult feelings, stop and talk to \
    someone: your supervisor or manager, a colleague you trust, or your organisation's \
    employee assistance programme. In the UK and Ireland, Samaritans can be called free at any \
    time on 116 123. If you are worried about a real child, follow your local safeguarding \
    procedures.";

/// What the pre-brief shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PrebriefView {
    /// The scenario file.
    pub file: PathBuf,
    /// What the scenario says about itself.
    pub about: About,
    /// Errors in the file's latest edit (the last good version is what plays).
    pub problems: Vec<String>,
    /// Set when the learner starts or goes back.
    pub action: Option<Action>,
}

/// Draws the pre-brief.
pub fn prebrief_ui(ui: &mut Ui, view: &mut PrebriefView) {
    ScrollArea::vertical()
        .id_salt("prebrief")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(24.0);
            centred_column(ui, READING_WIDTH, |ui| {
                let about = &view.about;
                title(ui, about.title.as_str());
                let mut meta = vec![
                    format!("You are: {}", about.role),
                    format!("about {} minutes", about.minutes),
                ];
                if !about.setting.is_empty() {
                    meta.push(about.setting.clone());
                }
                weak(ui, meta.join("  ·  "));
                if !view.problems.is_empty() {
                    error_box(
                        ui,
                        "The file's latest edit has errors; the last version that worked will play:",
                        &view.problems,
                    );
                }
                ui.add_space(8.0);
                note(ui, |ui| {
                    ui.label(RichText::new("Content note").family(bold(ui.ctx())));
                    paragraph(ui, about.content_note.as_str());
                });
                card(ui, |ui| {
                    section(ui, "A simulation, not a test");
                    paragraph(ui, FICTION);
                    if !about.outcomes.is_empty() {
                        section(ui, "What you will practise");
                        bullets(ui, &about.outcomes);
                    }
                    section(ui, "You are in control");
                    paragraph(ui, CONTROL);
                    section(ui, "Support");
                    paragraph(ui, SUPPORT);
                });
                ui.add_space(12.0);
                ui.horizontal(|ui| {
                    if primary_button(ui, "Start").clicked() {
                        view.action = Some(Action::Start);
                    }
                    ui.add_space(8.0);
                    if secondary_button(ui, "Back to the library").clicked() {
                        view.action = Some(Action::BackToLibrary);
                    }
                });
                if let Some(action) = super::classroom::group_form(ui) {
                    view.action = Some(action);
                }
                ui.add_space(32.0);
            });
        });
}

fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    library: Res<Library>,
    sitting: Res<Sitting>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(file) = &sitting.opened else {
        return Ok(());
    };
    let Some(entry) = library.entry(file) else {
        return Ok(());
    };
    let Some(good) = &entry.good else {
        return Ok(());
    };
    let mut view = PrebriefView {
        file: file.clone(),
        about: About::of(&good.scenario),
        problems: if entry.keeps_last_good() {
            entry.problems()
        } else {
            Vec::new()
        },
        action: None,
    };
    show_screen(&ctx, &area, |ui| prebrief_ui(ui, &mut view));
    if let Some(action) = view.action {
        actions.write(action);
    }
    Ok(())
}
