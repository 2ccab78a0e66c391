//! Drawing only when something changes, so an idle app costs almost no CPU.
//!
//! A bare Bevy 0.19 + bevy_egui 0.42 window redraws continuously even with
//! `WinitSettings::desktop_app()`. The cause: every frame, bevy_egui's
//! `write_egui_input_system` pushes an `egui::Event::ModifiersChanged` into egui's input,
//! whether or not the modifier keys changed. egui treats any input event as a reason to
//! repaint at once (`InputState::wants_repaint_after`), so it asks for another frame, and
//! bevy_egui's `process_output_system` turns that request into a `RequestRedraw`: a loop
//! that never ends. [`drop_unchanged_modifiers`] removes the event when the modifiers are
//! the same as last frame (egui keeps the previous modifiers, so nothing is lost), which
//! breaks the loop.
//!
//! The rest of the policy: winit waits for window events (input, resize, expose) and for
//! wake-ups, with no periodic tick and no reaction to raw mouse motion elsewhere on the
//! screen; the file watcher and the asset loader wake the app through the [`Waker`]; and
//! anything that needs frames without input (autoplay, a screenshot, files loading) holds
//! [`StayAwake`] until it is done.

use std::collections::HashMap;
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use bevy_egui::{EguiInput, EguiInputSet, EguiPreUpdateSet};

use super::launch::Launch;
use super::wake::StayAwake;

pub(super) fn plugin(app: &mut App) {
    // Wake for window events and explicit wake-ups only; the long wait is a safety net.
    let update_mode = UpdateMode::reactive_low_power(Duration::from_secs(3600));
    app.insert_resource(WinitSettings {
        focused_mode: update_mode,
        unfocused_mode: update_mode,
    })
    .init_resource::<StayAwake>()
    .init_resource::<FrameCount>()
    .add_systems(Startup, connect_waker)
    .add_systems(
        PreUpdate,
        drop_unchanged_modifiers
            .after(EguiInputSet::WriteEguiEvents)
            .before(EguiPreUpdateSet::BeginPass),
    )
    .add_systems(Last, (keep_awake, count_frames));
}

/// Lets the file watcher and the asset loader wake the event loop.
fn connect_waker(launch: Res<Launch>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let Some(proxy) = proxy else {
        return;
    };
    let proxy = (**proxy).clone();
    launch.waker.set(move || {
        let _ = proxy.send_event(WinitUserEvent::WakeUp);
    });
}

/// Removes bevy_egui's per-frame `ModifiersChanged` event unless the modifiers changed.
fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let previous = last.get(&entity).copied();
        let mut newest = previous;
        input.0.events.retain(|event| match event {
            egui::Event::ModifiersChanged(modifiers) => {
                let changed = newest != Some(*modifiers);
                newest = Some(*modifiers);
                changed
            }
            _ => true,
        });
        if let Some(modifiers) = newest {
            last.insert(entity, modifiers);
        }
    }
}

/// Asks for another frame while a file change is travelling through the loader, or while
/// something holds [`StayAwake`].
fn keep_awake(
    launch: Res<Launch>,
    awake: Res<StayAwake>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if awake.any() || launch.waker.busy() {
        redraw.write(RequestRedraw);
    }
}

/// Frames drawn since start; logged at `trace` (`RUST_LOG=jigsaw::frames=trace`) to check
/// that an idle app draws nothing.
#[derive(Resource, Default)]
struct FrameCount(u64);

fn count_frames(mut count: ResMut<FrameCount>) {
    count.0 += 1;
    trace!(target: "jigsaw::frames", "frame {}", count.0);
}
