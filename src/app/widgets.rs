//! The few building blocks every screen uses: a readable centred column, cards, notes,
//! error boxes, and the large numbered buttons for choices.
//!
//! Large targets and clear focus outlines matter more here than density: the app is used
//! on projectors, by keyboard, and by people reading in a second language.

use egui::{
    Align, Color32, CornerRadius, Frame, Layout, Margin, Response, RichText, Sense, Shape, Stroke,
    StrokeKind, Ui, UiBuilder, WidgetInfo, WidgetText, WidgetType, epaint::RectShape,
};

use super::theme::{Palette, bold, palette};

/// The widest a column of reading text gets, in points: longer lines are hard to read.
pub const READING_WIDTH: f32 = 860.0;

/// The palette in use.
pub fn colours(ui: &Ui) -> Palette {
    palette(ui.ctx())
}

/// Lays `content` out in a column no wider than `max_width`, centred in the space there is.
pub fn centred_column<R>(ui: &mut Ui, max_width: f32, content: impl FnOnce(&mut Ui) -> R) -> R {
    let available = ui.available_rect_before_wrap();
    let width = available.width().min(max_width);
    let left = available.left() + (available.width() - width) / 2.0;
    let rect = egui::Rect::from_min_max(
        egui::pos2(left, available.top()),
        egui::pos2(left + width, available.bottom().max(available.top())),
    );
    ui.scope_builder(
        UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::top_down(Align::Min)),
        |ui| {
            ui.set_width(width);
            content(ui)
        },
    )
    .inner
}

/// A white card with a soft outline.
pub fn card<R>(ui: &mut Ui, content: impl FnOnce(&mut Ui) -> R) -> R {
    let p = colours(ui);
    Frame::new()
        .fill(p.card)
        .stroke(p.card_stroke)
        .corner_radius(CornerRadius::same(12))
        .inner_margin(Margin::symmetric(24, 20))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            content(ui)
        })
        .inner
}

/// A note box (content note, discussion prompt, notices).
pub fn note<R>(ui: &mut Ui, content: impl FnOnce(&mut Ui) -> R) -> R {
    let p = colours(ui);
    Frame::new()
        .fill(p.note)
        .stroke(p.note_stroke)
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(18, 14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            content(ui)
        })
        .inner
}

/// An error box: a heading, then each problem in a monospace block as `jigsaw check`
/// prints it (file, line, column, the line itself and a marker).
pub fn error_box(ui: &mut Ui, heading: &str, problems: &[String]) {
    let p = colours(ui);
    Frame::new()
        .fill(p.error_bg)
        .stroke(Stroke::new(p.card_stroke.width.max(1.5), p.error))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(18, 14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(heading).color(p.error).family(bold(ui.ctx())));
            for problem in problems {
                ui.add(
                    egui::Label::new(RichText::new(problem.trim_end()).monospace().color(p.text))
                        .wrap(),
                );
            }
        });
}

/// A heading inside a screen (a level-2 heading for screen readers).
pub fn section(ui: &mut Ui, text: &str) {
    ui.add_space(8.0);
    let response = ui.label(RichText::new(text).text_style(super::theme::subheading(ui.style())));
    super::a11y::heading(ui, &response, 2);
}

/// A screen's title (a level-1 heading for screen readers).
pub fn title(ui: &mut Ui, text: impl Into<RichText>) -> Response {
    let response = ui.heading(text);
    super::a11y::heading(ui, &response, 1);
    response
}

/// Small secondary text.
pub fn weak(ui: &mut Ui, text: impl Into<String>) -> Response {
    let p = colours(ui);
    ui.add(egui::Label::new(RichText::new(text.into()).color(p.weak)).wrap())
}

/// A wrapped paragraph.
pub fn paragraph(ui: &mut Ui, text: impl Into<WidgetText>) -> Response {
    ui.add(egui::Label::new(text).wrap())
}

/// A bulleted list.
pub fn bullets(ui: &mut Ui, items: &[String]) {
    for item in items {
        ui.horizontal_top(|ui| {
            ui.label("•");
            ui.add(egui::Label::new(item.as_str()).wrap());
        });
    }
}

/// The main call to action on a screen: filled with the accent colour.
pub fn primary_button(ui: &mut Ui, text: &str) -> Response {
    let p = colours(ui);
    let button = egui::Button::new(
        RichText::new(text)
            .color(p.on_accent)
            .family(bold(ui.ctx())),
    )
    .fill(p.accent)
    .stroke(Stroke::NONE)
    .min_size(egui::vec2(180.0, 48.0));
    let response = ui.add(button);
    outline_if_focused(ui, &response, &p);
    response
}

/// A secondary button: outlined.
pub fn secondary_button(ui: &mut Ui, text: &str) -> Response {
    let p = colours(ui);
    let response = ui.add(egui::Button::new(text).min_size(egui::vec2(120.0, 44.0)));
    outline_if_focused(ui, &response, &p);
    response
}

fn outline_if_focused(ui: &Ui, response: &Response, p: &Palette) {
    if response.has_focus() {
        ui.painter().rect_stroke(
            response.rect.expand(3.0),
            CornerRadius::same(10),
            p.focus,
            StrokeKind::Outside,
        );
    }
}

/// A large, full-width button for one choice or observation, with its key (a number or a
/// letter) in a badge and its text wrapped. Focus (from the arrow keys or Tab) draws a
/// thick outline.
pub fn choice_button(ui: &mut Ui, id: egui::Id, key: Option<&str>, text: &str) -> Response {
    let p = colours(ui);
    let background = ui.painter().add(Shape::Noop);
    let inner = ui.scope_builder(UiBuilder::new().id_salt(id).sense(Sense::click()), |ui| {
        Frame::new()
            .inner_margin(Margin::symmetric(16, 12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    if let Some(key) = key {
                        badge(ui, key, &p);
                        ui.add_space(4.0);
                    }
                    ui.add(
                        egui::Label::new(RichText::new(text).color(p.text))
                            .wrap()
                            .selectable(false),
                    );
                });
            });
    });
    let response = inner.response;
    response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, text));
    if let Some(key) = key {
        super::a11y::key_hint(ui, &response, key);
    }
    let (fill, stroke) = if response.has_focus() {
        (p.accent_soft, p.focus)
    } else if response.hovered() {
        (
            p.accent_soft,
            Stroke::new(p.card_stroke.width.max(1.5), p.accent),
        )
    } else {
        (
            p.card,
            Stroke::new(p.card_stroke.width.max(1.5), p.card_stroke.color),
        )
    };
    ui.painter().set(
        background,
        RectShape::new(
            response.rect,
            CornerRadius::same(10),
            fill,
            stroke,
            StrokeKind::Inside,
        ),
    );
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    response
}

/// A number in a filled circle.
fn badge(ui: &mut Ui, text: &str, p: &Palette) {
    let size = ui.text_style_height(&egui::TextStyle::Body) + 10.0;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), size / 2.0, p.accent);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::new(size * 0.55, bold(ui.ctx())),
        p.on_accent,
    );
}

/// A small rounded label, e.g. "+2 Care".
pub fn chip(ui: &mut Ui, text: &str, colour: Color32) {
    let p = colours(ui);
    Frame::new()
        .stroke(Stroke::new(1.5, colour))
        .corner_radius(CornerRadius::same(12))
        .inner_margin(Margin::symmetric(10, 3))
        .show(ui, |ui| {
            ui.label(RichText::new(text).small().color(if p.high_contrast {
                p.text
            } else {
                colour
            }));
        });
}
