//! The self-paced screens and panels: "My progress" (attempts per scenario, each
//! dimension's score over attempts as a line chart, the successive places on the
//! care/authority grid, what is not yet met, the profile, reflections and portfolio
//! records), the library's profile question and "Carry on where you left off", and the
//! debrief's reflective prompts.
//!
//! Like the other screens, each part is a plain function over a view-model; the Bevy
//! system at the bottom fills the view from [`SelfPaced`] and applies what the learner did.
//! The charts are drawn with `egui_plot`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{RichText, ScrollArea, Ui};
use egui_plot::{HLine, Legend, Line, Plot, PlotPoint, PlotPoints, Points, Text, VLine};

use super::{ContentArea, show_screen};
use crate::app::launch::Launch;
use crate::app::scenarios::Library;
use crate::app::self_paced::SelfPaced;
use crate::app::session::Action;
use crate::app::widgets::{
    READING_WIDTH, bullets, card, centred_column, colours, error_box, note, paragraph,
    primary_button, secondary_button, section, title, weak,
};
use crate::app::{Screen, UiSet};
use crate::progress::autosave::Save;
use crate::progress::history::{AttemptRecord, History, PROMPTS, Reflection, duration_words};
use crate::progress::profile::Profile;
use crate::rubric::{Quadrant, Rubric};
use crate::scenario::{Scenario, format_clock};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(UiSet::Screen)
            .run_if(in_state(Screen::Progress)),
    );
}

// ---------------------------------------------------------------------------------------
// The library's parts
// ---------------------------------------------------------------------------------------

/// What the library shows of the learner's own things.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LibrarySelfPaced {
    /// Whether progress is kept (there is a data folder).
    pub enabled: bool,
    /// While the profile question has not been answered: the answer being typed.
    pub ask_profile: Option<Profile>,
    /// The learner, once answered, e.g. "Sam Okafor, Health visitor".
    pub who: Option<String>,
    /// Progress files that could not be used, in plain words.
    pub problems: Vec<String>,
    /// A saved place per scenario file.
    pub saves: BTreeMap<PathBuf, SavedPlace>,
    /// Set when the learner answers the profile question.
    pub answered: Option<Profile>,
}

/// A saved place in one scenario, as the library offers it.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedPlace {
    /// When it was saved, for people.
    pub when: String,
    /// Steps taken so far.
    pub steps: usize,
    /// The in-game time reached.
    pub clock: String,
    /// Why it cannot be carried on (it is offered as "start again"), if it cannot.
    pub start_again: Option<String>,
}

impl SavedPlace {
    /// How the library offers `save` for `scenario` as it is now.
    pub fn of(save: &Save, scenario: &Scenario) -> SavedPlace {
        let when = match (save.saved_at.get(..10), save.saved_at.get(11..16)) {
            (Some(date), Some(time)) => format!("{date} {time} UTC"),
            _ => save.saved_at.clone(),
        };
        SavedPlace {
            when,
            steps: save.session.inputs.len(),
            clock: format_clock(save.session.state.clock),
            start_again: save.restore(scenario).err(),
        }
    }
}

impl LibrarySelfPaced {
    /// The library's view of the learner's things: one saved place per library file
    /// whose scenario has a save.
    pub fn of(state: &SelfPaced, library: &Library) -> LibrarySelfPaced {
        let saves = library
            .entries
            .iter()
            .filter_map(|entry| {
                let good = entry.good.as_ref()?;
                let save = state.saves.get(&good.scenario.id.value)?;
                Some((entry.file.clone(), SavedPlace::of(save, &good.scenario)))
            })
            .collect();
        LibrarySelfPaced {
            enabled: state.folder.is_some(),
            ask_profile: state
                .profile
                .is_none()
                .then(|| state.profile_draft.clone().unwrap_or_default()),
            who: state.profile.as_ref().map(Profile::line),
            problems: state.problems.clone(),
            saves,
            answered: None,
        }
    }
}

/// Keeps what the learner typed or answered in the library's profile question.
pub fn library_answered(state: &mut SelfPaced, view: &LibrarySelfPaced) {
    if let Some(answer) = &view.answered {
        state.set_profile(answer.clone());
        state.profile_draft = None;
    } else if let Some(draft) = &view.ask_profile {
        state.profile_draft = Some(draft.clone());
    }
}

/// The profile question (until answered), who the learner is, "My progress", and any
/// progress file that could not be used. Returns the action chosen.
pub fn library_header(ui: &mut Ui, view: &mut LibrarySelfPaced) -> Option<Action> {
    if !view.enabled {
        return None;
    }
    let mut action = None;
    if !view.problems.is_empty() {
        error_box(
            ui,
            "Some of your saved progress could not be read. Nothing was deleted:",
            &view.problems,
        );
    }
    if let Some(draft) = view.ask_profile.as_mut() {
        card(ui, |ui| {
            section(ui, "Welcome");
            paragraph(
                ui,
                "Jigsaw keeps your place in each scenario and a record of your attempts on this \
                 computer, so you can practise in short sittings. You may give your name and \
                 role for your portfolio records, or stay anonymous. You can change this later \
                 in My progress.",
            );
            profile_fields(ui, draft);
            ui.horizontal(|ui| {
                if primary_button(ui, "Save").clicked() {
                    view.answered = Some(draft.clone());
                }
                ui.add_space(8.0);
                if secondary_button(ui, "Stay anonymous").clicked() {
                    view.answered = Some(Profile {
                        name: String::new(),
                        role: draft.role.clone(),
                    });
                }
            });
        });
    } else {
        ui.horizontal(|ui| {
            if let Some(who) = &view.who {
                weak(ui, format!("Learning as {who}"));
                ui.add_space(12.0);
            }
            if secondary_button(ui, "My progress").clicked() {
                action = Some(Action::ShowProgress);
            }
        });
    }
    action
}

/// The name and role fields.
fn profile_fields(ui: &mut Ui, profile: &mut Profile) {
    let label = ui.label("Your name (optional)");
    ui.add(
        egui::TextEdit::singleline(&mut profile.name)
            .hint_text("Leave empty to stay anonymous")
            .desired_width(360.0),
    )
    .labelled_by(label.id);
    let label = ui.label("Your role");
    ui.add(
        egui::TextEdit::singleline(&mut profile.role)
            .hint_text("e.g. Health visitor, Social worker, GP")
            .desired_width(360.0),
    )
    .labelled_by(label.id);
    ui.add_space(6.0);
}

/// The saved place in a library entry: "Carry on where you left off", or why it has to
/// start again.
pub fn carry_on_box(ui: &mut Ui, file: &std::path::Path, place: &SavedPlace) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    note(ui, |ui| match &place.start_again {
        None => {
            paragraph(
                ui,
                format!(
                    "You have a saved place here: {} step{} in, in-game time {} (saved {}).",
                    place.steps,
                    if place.steps == 1 { "" } else { "s" },
                    place.clock,
                    place.when
                ),
            );
            ui.horizontal_wrapped(|ui| {
                if primary_button(ui, "Carry on where you left off").clicked() {
                    action = Some(Action::CarryOn(file.to_path_buf()));
                }
                weak(ui, "Open starts it again from the beginning.");
            });
        }
        Some(reason) => {
            paragraph(ui, format!("Start again: {reason}"));
            weak(ui, "Your old place is replaced when you start.");
        }
    });
    action
}

// ---------------------------------------------------------------------------------------
// The debrief's reflective prompts
// ---------------------------------------------------------------------------------------

/// The reflective prompts and the portfolio button under a debrief.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordView {
    /// The answers being written.
    pub reflection: Reflection,
    /// Whether they differ from what is saved.
    pub unsaved: bool,
    /// What the last action did.
    pub notice: Option<String>,
    /// Set when the learner saves the reflections.
    pub save: bool,
    /// Set when the learner asks for the portfolio record.
    pub portfolio: bool,
}

impl RecordView {
    /// The prompts for the attempt the debrief on screen belongs to, if it was kept.
    pub fn of(state: &SelfPaced) -> Option<RecordView> {
        let attempt = state.current_attempt()?;
        let reflection = state
            .debrief_draft
            .clone()
            .unwrap_or_else(|| attempt.reflection.clone());
        Some(RecordView {
            unsaved: reflection != attempt.reflection,
            reflection,
            notice: state.notice.clone(),
            save: false,
            portfolio: false,
        })
    }
}

/// Applies what the learner did with the debrief's prompts.
pub fn record_done(state: &mut SelfPaced, view: &RecordView, data: Option<&std::path::Path>) {
    let Some(id) = state.current.clone() else {
        return;
    };
    state.debrief_draft = Some(view.reflection.clone());
    if view.save || view.portfolio {
        // The portfolio record carries the reflections as written so far.
        state.set_reflection(&id, view.reflection.clone());
        state.debrief_draft = None;
    }
    if view.portfolio {
        state.save_portfolio(&id, data);
    }
}

/// Draws the reflective prompts and the portfolio button.
pub fn record_ui(ui: &mut Ui, view: &mut RecordView) {
    section(ui, "Reflect on this attempt");
    weak(
        ui,
        "A few minutes of reflection turns practice into learning. Your answers are saved \
         with this attempt and go into its portfolio record; you can change them later in \
         My progress.",
    );
    reflection_fields(ui, &mut view.reflection, "debrief");
    ui.horizontal_wrapped(|ui| {
        if save_button(ui, view.unsaved, "Save reflections", "Reflections saved") {
            view.save = true;
        }
        ui.add_space(8.0);
        if secondary_button(ui, "Save portfolio record (HTML)").clicked() {
            view.portfolio = true;
        }
    });
    if let Some(notice) = &view.notice {
        paragraph(ui, notice.as_str());
    }
}

/// The three prompts with a text box each.
fn reflection_fields(ui: &mut Ui, reflection: &mut Reflection, salt: &str) {
    for (n, (prompt, answer)) in PROMPTS.iter().zip(reflection.answers_mut()).enumerate() {
        ui.add_space(6.0);
        let label = ui.label(RichText::new(*prompt).strong());
        ui.add(
            egui::TextEdit::multiline(answer)
                .id_salt((salt, n))
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    }
    ui.add_space(6.0);
}

// ---------------------------------------------------------------------------------------
// My progress
// ---------------------------------------------------------------------------------------

/// What "My progress" shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressView {
    /// The profile being edited.
    pub profile: Profile,
    /// Whether it differs from the saved one.
    pub profile_unsaved: bool,
    /// Attempts per scenario, in the order first attempted.
    pub scenarios: Vec<ScenarioProgress>,
    /// The rubric's dimensions (id, name), in order: one line each in the charts.
    pub dimensions: Vec<(String, String)>,
    /// The care and authority scores at or above which each counts as high.
    pub thresholds: (u32, u32),
    /// Titles of library scenarios not yet attempted.
    pub scenarios_not_met: Vec<String>,
    /// Names of glossary concepts not yet met.
    pub concepts_not_met: Vec<String>,
    /// The attempt whose reflections are being edited, with the answers typed so far.
    pub editing: Option<(String, Reflection)>,
    /// What the last action did.
    pub notice: Option<String>,
    /// Progress files that could not be used.
    pub problems: Vec<String>,
    /// Set when the learner does something.
    pub action: Option<ProgressAction>,
}

/// One scenario's attempts.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioProgress {
    /// The scenario's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The attempts, oldest first.
    pub attempts: Vec<AttemptRow>,
}

/// One attempt in "My progress".
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptRow {
    /// The attempt's id.
    pub id: String,
    /// When it finished, for people.
    pub when: String,
    /// How it ended.
    pub ending: String,
    /// Scores per dimension id.
    pub scores: BTreeMap<String, u32>,
    /// Care and authority, when placed on the grid.
    pub place: Option<(u32, u32, Quadrant)>,
    /// Completeness, 0–100.
    pub completeness: u32,
    /// Real time spent.
    pub spent: String,
    /// The reflections.
    pub reflection: Reflection,
}

impl AttemptRow {
    /// The row for one attempt.
    pub fn of(a: &AttemptRecord) -> AttemptRow {
        AttemptRow {
            id: a.id.clone(),
            when: a.when(),
            ending: match &a.ending {
                Some((title, kind)) => format!("{title} ({})", kind.label()),
                None => "Left before an ending".to_string(),
            },
            scores: a
                .dimensions
                .iter()
                .filter_map(|d| d.score.map(|s| (d.id.clone(), s)))
                .collect(),
            place: match (a.care, a.authority, a.quadrant) {
                (Some(c), Some(au), Some(q)) => Some((c, au, q)),
                _ => None,
            },
            completeness: a.completeness,
            spent: duration_words(a.seconds_spent),
            reflection: a.reflection.clone(),
        }
    }
}

/// What the learner did on "My progress".
#[derive(Clone, Debug, PartialEq)]
pub enum ProgressAction {
    /// Back to the library.
    Back,
    /// Save the profile as edited.
    SaveProfile,
    /// Start editing this attempt's reflections.
    EditReflection(String),
    /// Save the reflections being edited.
    SaveReflection,
    /// Stop editing without saving.
    CancelEdit,
    /// Save this attempt's portfolio record.
    Portfolio(String),
}

impl ProgressView {
    /// The view of `history`, with what the library and rubric offer that is not yet met.
    pub fn of(history: &History, library: &[&Scenario], rubric: &Rubric) -> ProgressView {
        let scenarios: Vec<ScenarioProgress> = history
            .by_scenario()
            .into_iter()
            .map(|g| ScenarioProgress {
                id: g.scenario_id,
                title: g.title,
                attempts: g.attempts.into_iter().map(AttemptRow::of).collect(),
            })
            .collect();
        let met = history.scenarios_met();
        let mut scenarios_not_met: Vec<String> = library
            .iter()
            .filter(|s| !met.contains(s.id.value.as_str()))
            .map(|s| s.title.clone())
            .collect();
        scenarios_not_met.dedup();
        let concepts = history.concepts_met();
        let concepts_not_met = rubric
            .concepts
            .iter()
            .filter(|c| !concepts.contains(c.id.value.as_str()))
            .map(|c| c.name.clone())
            .collect();
        ProgressView {
            scenarios,
            dimensions: rubric
                .dimensions
                .iter()
                .map(|d| (d.id.value.clone(), d.name.clone()))
                .collect(),
            thresholds: (rubric.grid.high_care, rubric.grid.high_authority),
            scenarios_not_met,
            concepts_not_met,
            ..ProgressView::default()
        }
    }
}

/// Draws "My progress".
pub fn progress_ui(ui: &mut Ui, view: &mut ProgressView) {
    ScrollArea::vertical()
        .id_salt("progress")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(24.0);
            centred_column(ui, READING_WIDTH + 120.0, |ui| {
                ui.horizontal(|ui| {
                    title(ui, "My progress");
                    ui.add_space(16.0);
                    if secondary_button(ui, "Back to the library").clicked() {
                        view.action = Some(ProgressAction::Back);
                    }
                });
                weak(
                    ui,
                    "Your attempts, kept on this computer. Each scenario's chart shows your \
                     scores over your attempts; the grid shows where each attempt placed you \
                     between care and authority. The aim is WITH: high care and high authority.",
                );
                if !view.problems.is_empty() {
                    error_box(
                        ui,
                        "Some of your saved progress could not be read. Nothing was deleted:",
                        &view.problems,
                    );
                }
                if let Some(notice) = &view.notice {
                    note(ui, |ui| paragraph(ui, notice.as_str()));
                }
                card(ui, |ui| profile_card(ui, view));
                if view.scenarios.is_empty() {
                    card(ui, |ui| {
                        paragraph(
                            ui,
                            "No attempts yet. Finish a scenario (or end it early and see the \
                             debrief) and it appears here.",
                        );
                    });
                }
                for n in 0..view.scenarios.len() {
                    ui.add_space(6.0);
                    card(ui, |ui| scenario_card(ui, view, n));
                }
                ui.add_space(6.0);
                card(ui, |ui| not_met(ui, view));
                ui.add_space(32.0);
            });
        });
}

fn profile_card(ui: &mut Ui, view: &mut ProgressView) {
    section(ui, "About you");
    profile_fields(ui, &mut view.profile);
    if save_button(ui, view.profile_unsaved, "Save profile", "Profile saved") {
        view.action = Some(ProgressAction::SaveProfile);
    }
}

/// A save button that says `save` while there are changes and `saved`, greyed out, once
/// they are kept. Whether it was clicked.
fn save_button(ui: &mut Ui, unsaved: bool, save: &str, saved: &str) -> bool {
    let label = if unsaved { save } else { saved };
    ui.add_enabled(
        unsaved,
        egui::Button::new(label).min_size(egui::vec2(120.0, 44.0)),
    )
    .clicked()
}

fn scenario_card(ui: &mut Ui, view: &mut ProgressView, n: usize) {
    let group = &view.scenarios[n];
    section(ui, &group.title);
    let count = group.attempts.len();
    weak(
        ui,
        format!("{count} attempt{}", if count == 1 { "" } else { "s" }),
    );
    ui.label(RichText::new("Scores over your attempts").strong());
    score_chart(ui, group, &view.dimensions);
    // The chart in words, for screen readers and anyone who reads numbers more easily.
    for (id, name) in &view.dimensions {
        let scores: Vec<String> = group
            .attempts
            .iter()
            .filter_map(|a| a.scores.get(id).map(|s| s.to_string()))
            .collect();
        if !scores.is_empty() {
            // The theme's fonts have no arrow: attempts are listed in order.
            weak(ui, format!("{name}: {}", scores.join(", then ")));
        }
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Care and authority, attempt by attempt").strong());
    let places: Vec<(usize, u32, u32, Quadrant)> = group
        .attempts
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.place.map(|(c, au, q)| (i + 1, c, au, q)))
        .collect();
    if places.is_empty() {
        weak(
            ui,
            "No attempt had enough decisions to be placed on the grid yet.",
        );
    } else {
        grid_chart(ui, &group.id, &places, view.thresholds);
        paragraph(
            ui,
            places
                .iter()
                .map(|(n, c, au, q)| format!("{n}: {} (care {c}, authority {au})", q.word()))
                .collect::<Vec<_>>()
                .join(";  "),
        );
    }
    ui.add_space(8.0);
    let attempts = group.attempts.clone();
    for (i, attempt) in attempts.iter().enumerate() {
        attempt_row(ui, view, i + 1, attempt);
    }
}

/// One colour per dimension's line (Okabe and Ito's palette, told apart with colour-blindness).
const LINE_COLOURS: [egui::Color32; 7] = [
    egui::Color32::from_rgb(0x00, 0x72, 0xB2),
    egui::Color32::from_rgb(0xD5, 0x5E, 0x00),
    egui::Color32::from_rgb(0x00, 0x9E, 0x73),
    egui::Color32::from_rgb(0xCC, 0x79, 0xA7),
    egui::Color32::from_rgb(0xE6, 0x9F, 0x00),
    egui::Color32::from_rgb(0x56, 0xB4, 0xE9),
    egui::Color32::from_rgb(0x55, 0x55, 0x55),
];

/// Each dimension's score over the attempts, one line each.
fn score_chart(ui: &mut Ui, group: &ScenarioProgress, dimensions: &[(String, String)]) {
    let last = group.attempts.len().max(2) as f64;
    // Room on the right for the legend, so it covers no line.
    let legend_room = (last - 1.0) * 0.45 + 0.3;
    Plot::new(("progress-scores", &group.id))
        .height(300.0)
        .include_x(1.0)
        .include_x(last + legend_room)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("Attempt")
        .y_axis_label("Score (0–100)")
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [10.0, 5.0, 1.0]))
        // Attempt numbers only: none under the legend's room, none between attempts.
        .x_axis_formatter(move |mark, _| {
            let whole = mark.value.fract() == 0.0;
            if whole && (1.0..=last).contains(&mark.value) {
                format!("{}", mark.value)
            } else {
                String::new()
            }
        })
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show(ui, |plot| {
            for ((id, name), colour) in dimensions.iter().zip(LINE_COLOURS.iter().cycle()) {
                let points: Vec<[f64; 2]> = group
                    .attempts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, a)| a.scores.get(id).map(|s| [(i + 1) as f64, *s as f64]))
                    .collect();
                if points.is_empty() {
                    continue;
                }
                plot.line(
                    Line::new(name.as_str(), PlotPoints::from(points.clone()))
                        .color(*colour)
                        .width(2.0),
                );
                plot.points(
                    Points::new(name.as_str(), PlotPoints::from(points))
                        .color(*colour)
                        .radius(4.0),
                );
            }
        });
}

/// The care/authority grid with each attempt's place, joined in order.
fn grid_chart(
    ui: &mut Ui,
    id: &str,
    places: &[(usize, u32, u32, Quadrant)],
    thresholds: (u32, u32),
) {
    let p = colours(ui);
    let points: Vec<[f64; 2]> = places
        .iter()
        .map(|(_, c, au, _)| [f64::from(*c), f64::from(*au)])
        .collect();
    let (high_care, high_authority) = (f64::from(thresholds.0), f64::from(thresholds.1));
    Plot::new(("progress-grid", id))
        .height(300.0)
        .width(340.0)
        .data_aspect(1.0)
        .include_x(0.0)
        .include_x(100.0)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("Care")
        .y_axis_label("Authority")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show(ui, |plot| {
            plot.vline(VLine::new("high care", high_care).color(p.weak));
            plot.hline(HLine::new("high authority", high_authority).color(p.weak));
            let middle = |low: bool, threshold: f64| {
                if low {
                    threshold / 2.0
                } else {
                    (threshold + 100.0) / 2.0
                }
            };
            for (quadrant, low_care, low_authority) in [
                (Quadrant::With, false, false),
                (Quadrant::To, true, false),
                (Quadrant::For, false, true),
                (Quadrant::Not, true, true),
            ] {
                plot.text(Text::new(
                    quadrant.word(),
                    PlotPoint::new(
                        middle(low_care, high_care),
                        middle(low_authority, high_authority),
                    ),
                    RichText::new(quadrant.word()).size(18.0).color(p.weak),
                ));
            }
            plot.line(
                Line::new("your attempts", PlotPoints::from(points.clone()))
                    .color(p.accent)
                    .width(2.0),
            );
            plot.points(
                Points::new("your attempts", PlotPoints::from(points))
                    .color(p.accent)
                    .radius(6.0),
            );
            for (n, c, au, _) in places {
                plot.text(Text::new(
                    "attempt",
                    PlotPoint::new(f64::from(*c) + 4.0, f64::from(*au) + 4.0),
                    RichText::new(n.to_string()).strong(),
                ));
            }
        });
}

fn attempt_row(ui: &mut Ui, view: &mut ProgressView, number: usize, attempt: &AttemptRow) {
    let p = colours(ui);
    ui.separator();
    ui.label(RichText::new(format!("Attempt {number} · {}", attempt.when)).strong());
    let mut facts = vec![
        attempt.ending.clone(),
        format!("jigsaw {}% complete", attempt.completeness),
        format!("time spent {}", attempt.spent),
    ];
    if let Some((_, _, q)) = attempt.place {
        facts.insert(1, q.word().to_string());
    }
    weak(ui, facts.join("  ·  "));
    let editing = view
        .editing
        .as_ref()
        .is_some_and(|(id, _)| *id == attempt.id);
    if editing {
        if let Some((_, reflection)) = view.editing.as_mut() {
            reflection_fields(ui, reflection, &attempt.id);
        }
        ui.horizontal(|ui| {
            if primary_button(ui, "Save reflections").clicked() {
                view.action = Some(ProgressAction::SaveReflection);
            }
            ui.add_space(8.0);
            if secondary_button(ui, "Cancel").clicked() {
                view.action = Some(ProgressAction::CancelEdit);
            }
        });
    } else {
        if attempt.reflection.is_empty() {
            ui.label(RichText::new("No reflections yet.").color(p.weak));
        } else {
            for (prompt, answer) in PROMPTS.iter().zip(attempt.reflection.answers()) {
                if !answer.trim().is_empty() {
                    ui.label(RichText::new(*prompt).color(p.weak));
                    paragraph(ui, answer.trim());
                }
            }
        }
        ui.horizontal_wrapped(|ui| {
            let edit = if attempt.reflection.is_empty() {
                "Add reflections"
            } else {
                "Edit reflections"
            };
            if ui.button(edit).clicked() {
                view.action = Some(ProgressAction::EditReflection(attempt.id.clone()));
            }
            if ui.button("Save portfolio record (HTML)").clicked() {
                view.action = Some(ProgressAction::Portfolio(attempt.id.clone()));
            }
        });
    }
}

fn not_met(ui: &mut Ui, view: &ProgressView) {
    section(ui, "Not yet met");
    if view.scenarios_not_met.is_empty() {
        paragraph(ui, "You have tried every scenario in the library.");
    } else {
        ui.label(RichText::new("Scenarios you have not tried").strong());
        bullets(ui, &view.scenarios_not_met);
    }
    ui.add_space(6.0);
    if view.concepts_not_met.is_empty() {
        paragraph(ui, "You have met every concept in the glossary.");
    } else {
        ui.label(RichText::new("Practice concepts you have not met yet").strong());
        bullets(ui, &view.concepts_not_met);
    }
}

fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    library: Res<Library>,
    launch: Res<Launch>,
    mut state: ResMut<SelfPaced>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let scenarios: Vec<&Scenario> = library
        .entries
        .iter()
        .filter_map(|e| e.good.as_ref().map(|g| &g.scenario))
        .collect();
    let mut view = ProgressView::of(&state.history, &scenarios, &launch.rubric);
    let saved_profile = state.profile.clone().unwrap_or_default();
    view.profile = state.profile_draft.clone().unwrap_or(saved_profile.clone());
    view.profile_unsaved = view.profile != saved_profile || state.profile.is_none();
    view.editing = state.editing.clone();
    view.notice = state.notice.clone();
    view.problems = state.problems.clone();
    show_screen(&ctx, &area, |ui| progress_ui(ui, &mut view));
    state.profile_draft = Some(view.profile.clone()).filter(|p| *p != saved_profile);
    state.editing = view.editing.clone();
    match view.action {
        Some(ProgressAction::Back) => {
            state.editing = None;
            state.notice = None;
            actions.write(Action::BackToLibrary);
        }
        Some(ProgressAction::SaveProfile) => {
            state.set_profile(view.profile.clone());
            state.profile_draft = None;
            state.notice = Some("Your profile is saved.".to_string());
        }
        Some(ProgressAction::EditReflection(id)) => {
            let reflection = state
                .history
                .attempt(&id)
                .map(|a| a.reflection.clone())
                .unwrap_or_default();
            state.editing = Some((id, reflection));
        }
        Some(ProgressAction::SaveReflection) => {
            if let Some((id, reflection)) = state.editing.take() {
                state.set_reflection(&id, reflection);
            }
        }
        Some(ProgressAction::CancelEdit) => state.editing = None,
        Some(ProgressAction::Portfolio(id)) => {
            state.save_portfolio(&id, launch.data_dir.as_deref());
        }
        None => {}
    }
    Ok(())
}
