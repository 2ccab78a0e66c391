//! Accessibility: what a screen reader hears, and what a keyboard user sees.
//!
//! egui builds an AccessKit tree of every widget it draws; with bevy_egui's `accesskit`
//! feature and Bevy's `accesskit_unix` feature that tree reaches the platform's
//! accessibility service (AT-SPI on Linux, where Orca reads it). This module adds what the
//! plain tree lacks, as small helpers every screen can call:
//!
//! - names, roles and descriptions for widgets whose visible text is not enough on its own
//!   ([`name`], [`describe`], [`key_hint`], [`heading`], [`picture`]);
//! - focusable text regions ([`text_region`]) that take the focus when new text arrives, so
//!   a screen reader speaks the new scene without the learner hunting for it;
//! - dialogs ([`dialog`]) and a visible focus ring around whatever has the keyboard focus
//!   ([`focus_ring`]), drawn once for every screen.
//!
//! [`plugin`] (real window only) connects the two halves Bevy 0.19 and bevy_egui 0.42 leave
//! apart: it hands AccessKit's action requests (a screen reader's "activate this button")
//! to egui as input, and wakes the idle app when an assistive technology connects or asks
//! for something, since the app otherwise sleeps until a window event arrives.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bevy::a11y::{AccessibilityRequested, ActionRequest};
use bevy::prelude::*;
use bevy::winit::accessibility::{WinitActionRequestHandler, WinitActionRequestHandlers};
use bevy_egui::{EguiInput, EguiInputSet, EguiPreUpdateSet};
use egui::accesskit::Role;
use egui::{Response, Ui};

use super::launch::Launch;
use super::wake::Waker;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Watched>()
        .add_systems(Startup, watch_for_assistive_technology)
        .add_systems(
            PreUpdate,
            forward_action_requests
                .after(EguiInputSet::WriteEguiEvents)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(Last, share_handlers);
}

/// The action queues the watcher thread looks at, shared with it.
#[derive(Resource, Clone, Default)]
struct Watched(Arc<Mutex<Vec<Arc<Mutex<WinitActionRequestHandler>>>>>);

/// Starts a thread that wakes the app when an assistive technology first asks for the tree
/// (so egui sends it at once) and whenever one sends an action (so the action is carried
/// out at once). The checks are a lock and a load, ten times a second.
fn watch_for_assistive_technology(
    requested: Option<Res<AccessibilityRequested>>,
    launch: Res<Launch>,
    watched: Res<Watched>,
) {
    let Some(requested) = requested else {
        return;
    };
    let requested = requested.clone();
    let waker: Waker = launch.waker.clone();
    let watched = watched.clone();
    let spawned = std::thread::Builder::new()
        .name("jigsaw-a11y-watch".into())
        .spawn(move || {
            let mut was_requested = false;
            loop {
                std::thread::sleep(Duration::from_millis(100));
                let now_requested = requested.get();
                let pending = watched.0.lock().is_ok_and(|handlers| {
                    handlers
                        .iter()
                        .any(|h| h.lock().is_ok_and(|queue| !queue.is_empty()))
                });
                if (now_requested && !was_requested) || pending {
                    // A few frames: the action, the screen's answer, the new tree.
                    waker.stay_awake_for(Duration::from_millis(300));
                }
                was_requested = now_requested;
            }
        });
    if let Err(error) = spawned {
        warn!("accessibility: could not start the watcher thread: {error}");
    }
}

/// Gives the watcher thread the windows' action queues (they appear with the window).
fn share_handlers(handlers: Option<Res<WinitActionRequestHandlers>>, watched: Res<Watched>) {
    let Some(handlers) = handlers else {
        return;
    };
    if !handlers.is_changed() {
        return;
    }
    if let Ok(mut list) = watched.0.lock() {
        *list = handlers.values().cloned().collect();
    }
}

/// Moves AccessKit's action requests (click, focus, scroll) into egui's input for this
/// frame. bevy_egui 0.42 sends egui's tree to AccessKit but does not pass requests back.
fn forward_action_requests(
    handlers: Option<Res<WinitActionRequestHandlers>>,
    mut polled: MessageReader<ActionRequest>,
    mut inputs: Query<&mut EguiInput>,
) {
    // Those bevy_winit moved into messages at the end of the last frame, then those still
    // waiting in the queues (taken now rather than a frame later).
    let mut requests: Vec<_> = polled.read().map(|r| r.0.clone()).collect();
    for handler in handlers.iter().flat_map(|h| h.values()) {
        if let Ok(mut queue) = handler.lock() {
            requests.extend(queue.drain(..));
        }
    }
    if requests.is_empty() {
        return;
    }
    // One window, one egui context: the primary one.
    if let Some(mut input) = inputs.iter_mut().next() {
        input.0.events.extend(
            requests
                .into_iter()
                .map(egui::Event::AccessKitActionRequest),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Helpers for the screens (plain egui, usable in tests).

/// Gives a widget its role and accessible name, replacing what egui derived from its text.
pub fn name(ui: &Ui, response: &Response, role: Role, label: impl Into<String>) {
    let label = label.into();
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(role);
        // A label's name is its value (egui puts its text there); other roles' its label.
        if role == Role::Label {
            node.set_value(label.clone());
        }
        node.set_label(label);
    });
}

/// Adds a description, read after a widget's name and role.
pub fn describe(ui: &Ui, response: &Response, description: impl Into<String>) {
    let description = description.into();
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_description(description);
    });
}

/// Tells a screen reader which key takes a button: "Key 1" is read after its text.
pub fn key_hint(ui: &Ui, response: &Response, key: &str) {
    // A letter as on the keyboard ("Key A"); a named key as written ("Key Esc").
    let key = if key.chars().count() == 1 {
        key.to_uppercase()
    } else {
        key.to_string()
    };
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_description(format!("Key {key}"));
        node.set_keyboard_shortcut(key);
    });
}

/// Marks a label as a heading of the given level (1 for a screen's title, 2 for sections),
/// so a screen reader can list and jump between headings.
pub fn heading(ui: &Ui, response: &Response, level: usize) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        // egui keeps a label's text as its value; a heading's name is its label.
        if let Some(text) = node.value() {
            node.set_label(text.to_string());
        }
        node.set_role(Role::Heading);
        node.set_level(level);
    });
}

/// Names a drawn picture or chart with its text equivalent.
pub fn picture(ui: &Ui, response: &Response, text: impl Into<String>) {
    name(ui, response, Role::Image, text);
}

/// Makes a message a polite live region: a screen reader says it when it appears or
/// changes (once), without moving the focus. For feedback such as "Report saved".
pub fn live(ui: &Ui, response: &Response) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
}

/// Marks the `Ui` a modal draws into as a dialog with this title.
pub fn dialog(ui: &Ui, title: &str) {
    let title = title.to_string();
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(Role::Dialog);
        node.set_label(title);
        node.set_modal();
    });
}

/// Marks the `Ui` as a named group (a panel such as the case notes), so a screen reader
/// says where its contents belong.
pub fn group(ui: &Ui, role: Role, label: impl Into<String>) {
    let label = label.into();
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(role);
        node.set_label(label);
    });
}

/// Keeps the keyboard focus inside a dialog: when none of its buttons has the focus (it
/// has just opened, or focus was elsewhere), the first one takes it.
pub fn focus_first(buttons: &[Response]) {
    if !buttons.iter().any(Response::has_focus)
        && let Some(first) = buttons.first()
    {
        first.request_focus();
    }
}

/// Draws `content` as a region a screen reader can focus and read as one piece of text,
/// named `label` (the full text, so the screen reader reads it all on arrival). With
/// `take_focus`, the region takes the keyboard focus: do that once, when its text is new.
/// Sighted keyboard users see the focus ring around it; Tab moves on to the buttons.
pub fn text_region(
    ui: &mut Ui,
    id: egui::Id,
    label: &str,
    take_focus: bool,
    content: impl FnOnce(&mut Ui),
) -> Response {
    let inner = ui.scope_builder(
        egui::UiBuilder::new()
            .id_salt(id)
            .sense(egui::Sense::focusable_noninteractive()),
        content,
    );
    let response = inner.response;
    name(ui, &response, Role::Article, label);
    if take_focus {
        response.request_focus();
    }
    response
}

/// The id of the layer the focus ring is drawn on, above everything else.
fn ring_layer() -> egui::LayerId {
    egui::LayerId::new(egui::Order::Tooltip, egui::Id::new("jigsaw-focus-ring"))
}

/// Draws a thick outline around the widget that has the keyboard focus, in the theme's
/// focus colour, whatever screen or widget it is: WCAG's "focus visible". Call it after the
/// screen has drawn.
pub fn focus_ring(ctx: &egui::Context) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(response) = ctx.read_response(id) else {
        return;
    };
    // Only what is on screen: a widget scrolled out of sight shows no ring over other parts.
    let rect = response.interact_rect;
    if !rect.is_positive() || !rect.is_finite() {
        return;
    }
    let p = super::theme::palette(ctx);
    ctx.layer_painter(ring_layer()).rect_stroke(
        rect.expand(3.0),
        egui::CornerRadius::same(10),
        p.focus,
        egui::StrokeKind::Outside,
    );
}
