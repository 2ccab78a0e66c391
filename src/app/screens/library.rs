//! The library screen: every scenario file found, with its title, role, length, summary,
//! learning outcomes and content note. A file that fails validation is listed with its
//! errors, as `jigsaw check` prints them, so an author can see what to fix; it is never
//! hidden and never stops the app.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::accesskit::Role;
use egui::{RichText, ScrollArea, Ui};

use super::{ContentArea, show_screen};
use crate::app::a11y;
use crate::app::launch::Launch;
use crate::app::scenarios::{Entry, Library};
use crate::app::session::{Action, Sitting};
use crate::app::theme::bold;
use crate::app::widgets::{
    READING_WIDTH, bullets, card, centred_column, colours, error_box, note, paragraph,
    primary_button, section, title, weak,
};
use crate::app::{Screen, UiSet};
use crate::scenario::Scenario;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(UiSet::Screen).run_if(in_state(Screen::Library)),
    );
}

/// What the library shows.
#[derive(Clone, Debug, Default)]
pub struct LibraryView {
    /// The scenario files, in order.
    pub entries: Vec<EntryView>,
    /// Problems with folders, the rubric or `--open`, each a paragraph.
    pub notices: Vec<String>,
    /// The rubric's errors, when it could not be used (the built-in one is used instead).
    pub rubric_problems: Vec<String>,
    /// Set when the learner opens a scenario.
    pub action: Option<Action>,
    /// The learner's profile question, saved places and "My progress" (see
    /// [`super::progress`]).
    pub self_paced: super::progress::LibrarySelfPaced,
}

/// One scenario file in the library.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryView {
    /// The file, as shown.
    pub file: PathBuf,
    /// What the scenario says about itself, if a version of it parsed.
    pub about: Option<About>,
    /// Whether it can be played.
    pub state: EntryState,
}

/// What a scenario says about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct About {
    /// Its title.
    pub title: String,
    /// The learner's role.
    pub role: String,
    /// Where it takes place.
    pub setting: String,
    /// Estimated minutes.
    pub minutes: u32,
    /// The summary.
    pub summary: String,
    /// Learning outcomes.
    pub outcomes: Vec<String>,
    /// The content note.
    pub content_note: String,
}

impl About {
    /// The library's summary of a scenario.
    pub fn of(scenario: &Scenario) -> About {
        About {
            title: scenario.title.clone(),
            role: scenario.role.clone(),
            setting: scenario.setting.clone(),
            minutes: scenario.minutes,
            summary: scenario.summary.clone(),
            outcomes: scenario.outcomes.clone(),
            content_note: scenario.content_note.clone(),
        }
    }
}

/// Whether a file can be played.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryState {
    /// Still loading.
    Loading,
    /// Playable; with its warnings for authors, rendered.
    Ready {
        /// Warnings, rendered as `jigsaw check` prints them.
        warnings: Vec<String>,
    },
    /// The newest version has errors; the last good version still plays.
    Stale {
        /// The errors, rendered.
        problems: Vec<String>,
    },
    /// No version of the file can be played.
    Broken {
        /// The errors, rendered.
        problems: Vec<String>,
    },
}

impl EntryView {
    /// The view of one library entry.
    pub fn of(entry: &Entry) -> EntryView {
        let about = entry
            .good
            .as_ref()
            .map(|p| About::of(&p.scenario))
            .or_else(|| {
                entry
                    .latest
                    .as_ref()
                    .and_then(|c| c.parsed.as_ref())
                    .map(About::of)
            });
        let state = if entry.loading() {
            EntryState::Loading
        } else if entry.keeps_last_good() {
            EntryState::Stale {
                problems: entry.problems(),
            }
        } else if let Some(good) = &entry.good {
            let source = entry
                .latest
                .as_ref()
                .map(|c| c.source.as_str())
                .unwrap_or("");
            EntryState::Ready {
                warnings: good
                    .warnings
                    .iter()
                    .map(|w| w.render(source, false))
                    .collect(),
            }
        } else {
            EntryState::Broken {
                problems: entry.problems(),
            }
        };
        EntryView {
            file: entry.file.clone(),
            about,
            state,
        }
    }
}

/// Draws the library.
pub fn library_ui(ui: &mut Ui, view: &mut LibraryView) {
    ScrollArea::vertical()
        .id_salt("library")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(24.0);
            centred_column(ui, READING_WIDTH, |ui| {
                title(ui, "Scenario library");
                weak(
                    ui,
                    "Choose a scenario to practise. Each is a fictional case: you can pause or \
                     leave at any time, and a debrief at the end shows what each decision revealed.",
                );
                ui.add_space(8.0);
                if let Some(action) = super::progress::library_header(ui, &mut view.self_paced) {
                    view.action = Some(action);
                }
                for notice in &view.notices {
                    note(ui, |ui| paragraph(ui, notice.as_str()));
                }
                if !view.rubric_problems.is_empty() {
                    error_box(
                        ui,
                        "The rubric could not be used, so the built-in rubric scores these scenarios:",
                        &view.rubric_problems,
                    );
                }
                if view.entries.is_empty() {
                    card(ui, |ui| {
                        paragraph(ui, "No scenario files were found.");
                        weak(
                            ui,
                            "Put scenario files (.ron) in the scenarios folder, or start Jigsaw \
                             with --scenarios FOLDER.",
                        );
                    });
                }
                for entry in &view.entries {
                    ui.add_space(6.0);
                    let saved = view.self_paced.saves.get(&entry.file);
                    if let Some(action) = entry_card(ui, entry, saved) {
                        view.action = Some(action);
                    }
                }
                ui.add_space(32.0);
            });
        });
}

fn entry_card(
    ui: &mut Ui,
    entry: &EntryView,
    saved: Option<&super::progress::SavedPlace>,
) -> Option<Action> {
    let p = colours(ui);
    let mut action = None;
    card(ui, |ui| {
        let title = entry
            .about
            .as_ref()
            .map(|a| a.title.clone())
            .unwrap_or_else(|| {
                entry
                    .file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| entry.file.display().to_string())
            });
        ui.horizontal_top(|ui| {
            let openable = matches!(
                entry.state,
                EntryState::Ready { .. } | EntryState::Stale { .. }
            );
            let button_width = if openable { 200.0 } else { 0.0 };
            ui.vertical(|ui| {
                ui.set_width((ui.available_width() - button_width).max(120.0));
                let heading = ui.add(
                    egui::Label::new(
                        RichText::new(title.as_str())
                            .family(bold(ui.ctx()))
                            .size(26.0),
                    )
                    .wrap(),
                );
                a11y::heading(ui, &heading, 2);
            });
            if openable {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    let open = primary_button(ui, "Open");
                    // Every card has an Open button: the name says which scenario it opens.
                    a11y::name(ui, &open, Role::Button, format!("Open {title}"));
                    if open.clicked() {
                        action = Some(Action::Open(entry.file.clone()));
                    }
                });
            }
        });
        if let Some(place) = saved.filter(|_| {
            matches!(
                entry.state,
                EntryState::Ready { .. } | EntryState::Stale { .. }
            )
        }) && let Some(carry_on) = super::progress::carry_on_box(ui, &entry.file, place)
        {
            action = Some(carry_on);
        }
        if let Some(about) = &entry.about {
            let mut meta = vec![
                about.role.clone(),
                format!("about {} minutes", about.minutes),
            ];
            if !about.setting.is_empty() {
                meta.push(about.setting.clone());
            }
            weak(ui, meta.join("  ·  "));
        }
        match &entry.state {
            EntryState::Loading => {
                weak(ui, "Loading…");
            }
            EntryState::Broken { problems } => {
                weak(ui, entry.file.display().to_string());
                error_box(
                    ui,
                    "This scenario cannot be played until these errors are fixed:",
                    problems,
                );
            }
            EntryState::Stale { problems } => {
                error_box(
                    ui,
                    "The file's latest edit has errors. The last version that worked is still \
                     the one played:",
                    problems,
                );
            }
            EntryState::Ready { .. } => {}
        }
        if let Some(about) = &entry.about {
            ui.add_space(4.0);
            paragraph(ui, about.summary.as_str());
            if !about.outcomes.is_empty() {
                section(ui, "What you will practise");
                bullets(ui, &about.outcomes);
            }
            if !about.content_note.is_empty() {
                ui.add_space(6.0);
                note(ui, |ui| {
                    ui.label(RichText::new("Content note").family(bold(ui.ctx())));
                    paragraph(ui, about.content_note.as_str());
                });
            }
        }
        if let EntryState::Ready { warnings } = &entry.state
            && !warnings.is_empty()
        {
            egui::CollapsingHeader::new(
                RichText::new(format!("Notes for the author ({})", warnings.len())).color(p.weak),
            )
            .id_salt(("warnings", &entry.file))
            .show(ui, |ui| {
                for warning in warnings {
                    ui.add(egui::Label::new(RichText::new(warning.trim_end()).monospace()).wrap());
                }
            });
        }
    });
    action
}

fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    library: Res<Library>,
    launch: Res<Launch>,
    sitting: Res<Sitting>,
    mut self_paced: ResMut<crate::app::self_paced::SelfPaced>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut notices = library.problems.clone();
    notices.extend(sitting.notice.clone());
    let mut view = LibraryView {
        entries: library.entries.iter().map(EntryView::of).collect(),
        notices,
        rubric_problems: launch.rubric_problems.clone(),
        action: None,
        self_paced: super::progress::LibrarySelfPaced::of(&self_paced, &library),
    };
    show_screen(&ctx, &area, |ui| library_ui(ui, &mut view));
    super::progress::library_answered(&mut self_paced, &view.self_paced);
    if let Some(action) = view.action {
        actions.write(action);
    }
    Ok(())
}
