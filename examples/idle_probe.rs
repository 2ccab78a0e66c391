//! Temporary probe: does a bare Bevy + bevy_egui window idle? `idle_probe [fix]`.
use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{
    EguiContexts, EguiInput, EguiInputSet, EguiPlugin, EguiPreUpdateSet, EguiPrimaryContextPass,
    egui,
};

#[derive(Resource, Default)]
struct Frames(u64, f64);

fn main() {
    let fix = std::env::args().any(|a| a == "fix");
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "probe".into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(WinitSettings::desktop_app())
    .init_resource::<Frames>()
    .add_systems(Startup, |mut c: Commands| {
        c.spawn(Camera2d);
    })
    .add_systems(EguiPrimaryContextPass, ui)
    .add_systems(Last, count);
    if fix {
        app.add_systems(
            PreUpdate,
            strip_modifiers
                .after(EguiInputSet::WriteEguiEvents)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
    app.run();
}

fn strip_modifiers(mut inputs: Query<&mut EguiInput>) {
    for mut input in &mut inputs {
        let mut latest = None;
        input.0.events.retain(|e| {
            if let egui::Event::ModifiersChanged(m) = e {
                latest = Some(*m);
                false
            } else {
                true
            }
        });
        let _ = latest;
    }
}

fn ui(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.heading("Idle probe");
        let _ = ui.button("A button");
    });
    Ok(())
}

fn count(mut frames: ResMut<Frames>, time: Res<Time<Real>>) {
    frames.0 += 1;
    let now = time.elapsed_secs_f64();
    if now - frames.1 >= 5.0 {
        eprintln!("PROBE t={now:.1} frames={}", frames.0);
        frames.1 = now;
    }
}
