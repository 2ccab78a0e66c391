//! The screens, one file each: [`library`], [`prebrief`], [`play`] and [`debrief`], plus
//! the [`top_bar`] every screen shares.
//!
//! Each screen is a plain function over `&mut egui::Ui` and a view-model. A Bevy system
//! gathers the view-model from resources, calls the function inside the area the top bar
//! leaves, and turns what the learner did (the view-model's `action`) into an
//! [`Action`](super::session::Action) message. The functions know nothing of Bevy, so the
//! tests run them with `egui_kittest`.

pub mod author;
pub mod classroom;
pub mod debrief;
pub mod keys;
pub mod library;
pub mod play;
pub mod prebrief;
pub mod progress;
pub mod top_bar;

use bevy::prelude::*;
use egui::{Rect, Ui, UiBuilder};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ContentArea>().add_plugins((
        top_bar::plugin,
        library::plugin,
        prebrief::plugin,
        play::plugin,
        debrief::plugin,
        progress::plugin,
        keys::plugin,
        classroom::plugin,
    ));
}

/// The part of the window below the top bar, where the screen draws.
#[derive(Resource, Default, Clone, Copy, Debug)]
pub struct ContentArea(pub Option<Rect>);

/// Runs `screen` in the content area, on the window's background layer.
pub(crate) fn show_screen(ctx: &egui::Context, area: &ContentArea, screen: impl FnOnce(&mut Ui)) {
    let rect = area.0.unwrap_or_else(|| ctx.content_rect());
    let mut ui = Ui::new(
        ctx.clone(),
        egui::Id::new("jigsaw-screen"),
        UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(rect),
    );
    let background = super::theme::palette(ctx).background;
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(background))
        .show(&mut ui, screen);
}
