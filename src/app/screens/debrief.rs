//! The debrief: the learner's score on each dimension, their place on the care/authority
//! grid, the pieces of the jigsaw found and missed, the warning signs let pass, and the
//! path taken with the feedback on each step. Scores come from the decisions, never from
//! the ending, and the wording stays about practice, not about passing or failing.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{Align2, Color32, FontId, RichText, ScrollArea, Sense, Stroke, Ui};

use super::{ContentArea, show_screen};
use crate::app::a11y;
use crate::app::launch::Launch;
use crate::app::reports::Reports;
use crate::app::scenarios::Library;
use crate::app::session::{Action, Sitting};
use crate::app::theme::{Palette, bold, lead};
use crate::app::widgets::{
    READING_WIDTH, card, centred_column, chip, colours, paragraph, primary_button,
    secondary_button, section, title, weak,
};
use crate::app::{Screen, UiSet};
use crate::debrief::Debrief;
use crate::report::Format;
use crate::rubric::Quadrant;
use crate::scenario::EndingKind;
use egui::accesskit::Role;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.in_set(UiSet::Screen).run_if(in_state(Screen::Debrief)),
    );
}

/// What the debrief shows.
#[derive(Clone, Debug, PartialEq)]
pub struct DebriefView {
    /// The core's debrief.
    pub debrief: Debrief,
    /// The care and authority scores (0–100) at or above which each counts as high.
    pub thresholds: (u32, u32),
    /// Whether the scenario can be played again (it still loads).
    pub can_play_again: bool,
    /// The report buttons.
    pub reports: ReportsView,
    /// Set when the learner moves on.
    pub action: Option<Action>,
}

/// The report buttons under the debrief.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportsView {
    /// Whether there is a session to report on.
    pub available: bool,
    /// Whether a learning record store is set up.
    pub can_send: bool,
    /// What the last report action did.
    pub notice: Option<String>,
    /// The reflective prompts and the portfolio record, when the attempt was kept in the
    /// learner's progress (see [`super::progress`]).
    pub record: Option<super::progress::RecordView>,
}

/// Draws the debrief.
pub fn debrief_ui(ui: &mut Ui, view: &mut DebriefView) {
    ScrollArea::vertical()
        .id_salt("debrief")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(24.0);
            centred_column(ui, READING_WIDTH + 120.0, |ui| {
                let d = &view.debrief;
                title(ui, format!("Debrief: {}", d.title));
                if let Some(scene) = &d.jumped_to {
                    crate::app::widgets::note(ui, |ui| {
                        crate::app::widgets::paragraph(ui, crate::debrief::jump_note(scene));
                    });
                }
                ending(ui, d);
                card(ui, |ui| dimensions(ui, d));
                card(ui, |ui| grid(ui, d, view.thresholds));
                card(ui, |ui| jigsaw(ui, d));
                if d.group.is_some() {
                    card(ui, |ui| super::classroom::room_votes(ui, d));
                }
                card(ui, |ui| warning_signs(ui, d));
                card(ui, |ui| path(ui, d));
                if let Some(time) = &d.time {
                    card(ui, |ui| {
                        section(ui, "What the time went on");
                        for line in time.lines() {
                            paragraph(ui, line.trim());
                        }
                    });
                }
                if let Some(record) = view.reports.record.as_mut() {
                    card(ui, |ui| super::progress::record_ui(ui, record));
                }
                if view.reports.available {
                    card(ui, |ui| {
                        if let Some(action) = reports(ui, &view.reports) {
                            view.action = Some(action);
                        }
                    });
                }
                ui.add_space(12.0);
                ui.horizontal(|ui| {
                    if view.can_play_again && primary_button(ui, "Play again").clicked() {
                        view.action = Some(Action::PlayAgain);
                    }
                    ui.add_space(8.0);
                    if secondary_button(ui, "Back to the library").clicked() {
                        view.action = Some(Action::BackToLibrary);
                    }
                });
                ui.add_space(32.0);
            });
        });
}

/// The report buttons: save a report in each format, or send to the LRS.
fn reports(ui: &mut Ui, view: &ReportsView) -> Option<Action> {
    section(ui, "Reports");
    weak(
        ui,
        "Save this debrief for your supervision notes or your trainer, or send it to your \
         organisation's learning record store.",
    );
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        for format in Format::ALL {
            let label = match format {
                Format::Html => "Save printable report (HTML)",
                Format::Markdown => "Save summary (Markdown)",
                Format::Csv => "Save scores (CSV)",
                Format::Xapi => "Save xAPI statements",
            };
            if secondary_button(ui, label).clicked() {
                action = Some(Action::SaveReport(format));
            }
        }
        if view.can_send && secondary_button(ui, "Send to learning record store").clicked() {
            action = Some(Action::SendToLrs);
        }
    });
    if let Some(notice) = &view.notice {
        // Said once by a screen reader, where the focus stays on the button pressed.
        let said = paragraph(ui, notice);
        a11y::live(ui, &said);
    }
    action
}

fn ending(ui: &mut Ui, d: &Debrief) {
    let p = colours(ui);
    card(ui, |ui| match &d.ending {
        Some((title, text, kind)) => {
            let colour = match kind {
                EndingKind::Good => p.good,
                EndingKind::Mixed => p.weak,
                EndingKind::Poor => p.missed,
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new("How it ended").color(p.weak));
                chip(ui, kind.label(), colour);
            });
            ui.label(
                RichText::new(title.as_str())
                    .family(bold(ui.ctx()))
                    .size(24.0),
            );
            ui.add(
                egui::Label::new(RichText::new(text.as_str()).text_style(lead(ui.style()))).wrap(),
            );
            weak(
                ui,
                format!(
                    "Time in the story: {}. Your scores below come from the decisions \
                     you took, not from how the story ended.",
                    crate::debrief::format_duration(d.minutes_taken)
                ),
            );
        }
        None => {
            ui.label(
                RichText::new("You left before the end")
                    .family(bold(ui.ctx()))
                    .size(24.0),
            );
            weak(
                ui,
                format!(
                    "This debrief covers what you did in {} of in-game time.",
                    crate::debrief::format_duration(d.minutes_taken)
                ),
            );
        }
    });
}

fn dimensions(ui: &mut Ui, d: &Debrief) {
    let p = colours(ui);
    section(ui, "Your practice, dimension by dimension");
    weak(
        ui,
        "0 is the lowest total this scenario makes possible, 100 the highest.",
    );
    if !d.bounds_exact {
        paragraph(ui, d.approximate_note());
    }
    ui.add_space(4.0);
    let name_width = 230.0_f32.min(ui.available_width() * 0.35);
    for dim in &d.dimensions {
        ui.horizontal(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(name_width, 28.0),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.set_width(name_width);
                    ui.add(egui::Label::new(RichText::new(dim.name.as_str())).truncate());
                },
            );
            match dim.score {
                Some(score) => {
                    let bar_width = (ui.available_width() - 60.0).max(80.0);
                    let bar = score_bar(ui, score, bar_width, &p);
                    // The bar in words, for a screen reader; the number beside it is text too.
                    a11y::name(
                        ui,
                        &bar,
                        Role::ProgressIndicator,
                        format!("{}: {score} out of 100", dim.name),
                    );
                    ui.ctx().accesskit_node_builder(bar.id, |node| {
                        node.set_numeric_value(f64::from(score));
                        node.set_min_numeric_value(0.0);
                        node.set_max_numeric_value(100.0);
                    });
                    ui.label(RichText::new(score.to_string()).family(bold(ui.ctx())));
                }
                None => {
                    ui.label(RichText::new("not assessed in this scenario").color(p.weak));
                }
            }
        });
    }
}

fn score_bar(ui: &mut Ui, score: u32, width: f32, p: &Palette) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 18.0), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(
        rect,
        9.0,
        if p.high_contrast {
            Color32::from_gray(50)
        } else {
            p.panel
        },
    );
    let mut filled = rect;
    filled.set_width(rect.width() * score.min(100) as f32 / 100.0);
    if filled.width() > 0.0 {
        painter.rect_filled(filled, 9.0, p.accent);
    }
    if p.high_contrast {
        painter.rect_stroke(
            rect,
            9.0,
            Stroke::new(1.5, p.text),
            egui::StrokeKind::Inside,
        );
    }
    response
}

/// The grid's place in words, its text equivalent: "Care 89, authority 86: WITH,
/// authoritative".
pub fn grid_in_words(care: u32, authority: u32, quadrant: Quadrant) -> String {
    format!(
        "Care {care}, authority {authority}: {}, {}",
        quadrant.word(),
        quadrant.style()
    )
}

fn grid(ui: &mut Ui, d: &Debrief, thresholds: (u32, u32)) {
    let p = colours(ui);
    section(ui, "Care and authority");
    match (d.quadrant, d.care, d.authority) {
        (Some(quadrant), Some(care), Some(authority)) => {
            let wide = ui.available_width() > 640.0;
            let draw = |ui: &mut Ui| {
                let side = 260.0_f32.min(ui.available_width() - 40.0).max(160.0);
                quadrant_grid(ui, side, care, authority, quadrant, thresholds, &p);
            };
            let explain = |ui: &mut Ui| {
                ui.label(
                    RichText::new(format!("{} · {}", quadrant.word(), quadrant.style()))
                        .family(bold(ui.ctx()))
                        .size(24.0)
                        .color(p.accent),
                );
                ui.label(format!("Care {care}, authority {authority}"));
                paragraph(ui, quadrant.meaning());
            };
            if wide {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(320.0);
                        draw(ui);
                    });
                    ui.vertical(|ui| explain(ui));
                });
            } else {
                draw(ui);
                explain(ui);
            }
        }
        _ => match &d.not_placed {
            Some(why) => {
                paragraph(ui, why);
            }
            None => {
                weak(ui, "This scenario does not score both care and authority.");
            }
        },
    }
}

/// The social discipline window: care across, authority up, the learner as a dot.
fn quadrant_grid(
    ui: &mut Ui,
    side: f32,
    care: u32,
    authority: u32,
    quadrant: Quadrant,
    thresholds: (u32, u32),
    p: &Palette,
) {
    let margin = 28.0;
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(side + margin, side + margin), Sense::hover());
    a11y::picture(
        ui,
        &response,
        format!(
            "The care and authority grid. {}",
            grid_in_words(care, authority, quadrant)
        ),
    );
    let square =
        egui::Rect::from_min_size(rect.min + egui::vec2(margin, 0.0), egui::vec2(side, side));
    let painter = ui.painter_at(rect);
    let x_at = |v: u32| square.left() + square.width() * v.min(100) as f32 / 100.0;
    let y_at = |v: u32| square.bottom() - square.height() * v.min(100) as f32 / 100.0;
    let (high_care, high_authority) = thresholds;
    let cells = [
        (
            Quadrant::To,
            egui::Rect::from_min_max(
                square.min,
                egui::pos2(x_at(high_care), y_at(high_authority)),
            ),
        ),
        (
            Quadrant::With,
            egui::Rect::from_min_max(
                egui::pos2(x_at(high_care), square.top()),
                egui::pos2(square.right(), y_at(high_authority)),
            ),
        ),
        (
            Quadrant::Not,
            egui::Rect::from_min_max(
                egui::pos2(square.left(), y_at(high_authority)),
                egui::pos2(x_at(high_care), square.bottom()),
            ),
        ),
        (
            Quadrant::For,
            egui::Rect::from_min_max(
                egui::pos2(x_at(high_care), y_at(high_authority)),
                square.max,
            ),
        ),
    ];
    for (cell_quadrant, cell) in cells {
        let fill = if cell_quadrant == quadrant {
            p.accent_soft
        } else {
            p.card
        };
        painter.rect_filled(cell, 0.0, fill);
        painter.rect_stroke(cell, 0.0, p.card_stroke, egui::StrokeKind::Inside);
        let colour = if cell_quadrant == quadrant {
            p.text
        } else {
            p.weak
        };
        painter.text(
            cell.center() - egui::vec2(0.0, 9.0),
            Align2::CENTER_CENTER,
            cell_quadrant.word(),
            FontId::new(15.0, bold(ui.ctx())),
            colour,
        );
        painter.text(
            cell.center() + egui::vec2(0.0, 9.0),
            Align2::CENTER_CENTER,
            cell_quadrant.style(),
            FontId::proportional(14.0),
            colour,
        );
    }
    painter.text(
        egui::pos2(square.center().x, square.bottom() + 14.0),
        Align2::CENTER_CENTER,
        "Care",
        FontId::new(14.0, bold(ui.ctx())),
        p.weak,
    );
    // "Authority" up the left side, one letter to a line would be hard to read: rotate it.
    let galley = painter.layout_no_wrap(
        "Authority".to_string(),
        FontId::new(14.0, bold(ui.ctx())),
        p.weak,
    );
    let at = egui::pos2(rect.left() + 4.0, square.center().y + galley.size().x / 2.0);
    painter.add(
        egui::epaint::TextShape::new(at, galley, p.weak).with_angle(-std::f32::consts::FRAC_PI_2),
    );
    let dot = egui::pos2(x_at(care), y_at(authority));
    painter.circle(dot, 9.0, p.accent, Stroke::new(2.5, p.card));
}

fn jigsaw(ui: &mut Ui, d: &Debrief) {
    let p = colours(ui);
    section(ui, &format!("The jigsaw: {}% complete", d.completeness));
    let (found, missed): (Vec<_>, Vec<_>) = d.pieces.iter().partition(|piece| piece.found);
    if !found.is_empty() {
        ui.label(
            RichText::new(format!("Found ({})", found.len()))
                .family(bold(ui.ctx()))
                .color(p.good),
        );
        for piece in found {
            piece_row(
                ui,
                ("✔", "Found"),
                &piece.title,
                &piece.tells,
                &piece.source,
                p.good,
            );
        }
    }
    if !missed.is_empty() {
        ui.add_space(6.0);
        ui.label(
            RichText::new(format!("Missed ({})", missed.len()))
                .family(bold(ui.ctx()))
                .color(p.missed),
        );
        for piece in missed {
            piece_row(
                ui,
                ("○", "Missed"),
                &piece.title,
                &piece.tells,
                &piece.source,
                p.missed,
            );
        }
    }
}

/// One piece, marked found or missed by a symbol (and, for a screen reader, a word) as well
/// as by colour.
fn piece_row(
    ui: &mut Ui,
    (mark, word): (&str, &str),
    title: &str,
    tells: &str,
    source: &str,
    colour: Color32,
) {
    let p = colours(ui);
    ui.horizontal_top(|ui| {
        let mark = ui.label(RichText::new(mark).color(colour).family(bold(ui.ctx())));
        a11y::name(ui, &mark, Role::Label, word);
        ui.vertical(|ui| {
            ui.label(RichText::new(title).family(bold(ui.ctx())));
            paragraph(ui, tells);
            if !source.is_empty() {
                ui.label(RichText::new(source).small().color(p.weak));
            }
        });
    });
}

fn warning_signs(ui: &mut Ui, d: &Debrief) {
    let p = colours(ui);
    section(ui, "Warning signs let pass");
    if d.signs_let_pass.is_empty() {
        paragraph(ui, "None: you followed up every warning sign you met.");
    }
    for sign in &d.signs_let_pass {
        ui.horizontal_top(|ui| {
            let mark = ui.label(RichText::new("!").family(bold(ui.ctx())).color(p.missed));
            a11y::name(ui, &mark, Role::Label, "Warning sign");
            ui.vertical(|ui| {
                paragraph(ui, sign.sign.as_str());
                weak(ui, format!("When you chose: “{}”", sign.choice));
            });
        });
    }
}

fn path(ui: &mut Ui, d: &Debrief) {
    let p = colours(ui);
    section(ui, "Your path, step by step");
    for (n, step) in d.path.iter().enumerate() {
        ui.add_space(6.0);
        ui.horizontal_top(|ui| {
            ui.label(
                RichText::new(format!("{:>2}.", n + 1))
                    .family(bold(ui.ctx()))
                    .color(p.weak),
            );
            ui.vertical(|ui| {
                let what = if step.observation { "Looked" } else { "Chose" };
                ui.label(
                    RichText::new(format!("{what} · {}", step.clock))
                        .small()
                        .color(p.weak),
                );
                ui.label(RichText::new(step.text.as_str()).family(bold(ui.ctx())));
                if !step.score.is_empty() || !step.revealed.is_empty() {
                    ui.horizontal_wrapped(|ui| {
                        for (dimension, change) in &step.score {
                            let colour = if *change >= 0 { p.good } else { p.missed };
                            chip(ui, &format!("{change:+} {dimension}"), colour);
                        }
                        for piece in &step.revealed {
                            chip(ui, &format!("Found: {piece}"), p.accent);
                        }
                    });
                }
                if let Some(sign) = &step.lets_pass {
                    ui.label(RichText::new(format!("Let pass: {sign}")).color(p.missed));
                }
                if !step.feedback.is_empty() {
                    paragraph(ui, step.feedback.as_str());
                }
                if !step.concepts.is_empty() {
                    weak(ui, format!("Concepts: {}", step.concepts.join(", ")));
                }
            });
        });
    }
}

fn draw(
    mut contexts: EguiContexts,
    area: Res<ContentArea>,
    sitting: Res<Sitting>,
    library: Res<Library>,
    (launch, reports): (Res<Launch>, Res<Reports>),
    mut self_paced: ResMut<crate::app::self_paced::SelfPaced>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let Some(finished) = &sitting.finished else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?.clone();
    let grid = &launch.rubric.grid;
    let mut view = DebriefView {
        debrief: finished.debrief.clone(),
        thresholds: (grid.high_care, grid.high_authority),
        can_play_again: library.playable(&finished.file).is_some(),
        reports: ReportsView {
            available: finished.attempt.is_some(),
            can_send: reports.can_send(),
            notice: reports.notice(),
            record: super::progress::RecordView::of(&self_paced),
        },
        action: None,
    };
    show_screen(&ctx, &area, |ui| debrief_ui(ui, &mut view));
    if let Some(record) = &view.reports.record {
        super::progress::record_done(&mut self_paced, record, launch.data_dir.as_deref());
    }
    if let Some(action) = view.action {
        actions.write(action);
    }
    Ok(())
}
