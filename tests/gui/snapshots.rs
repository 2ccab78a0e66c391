//! Pictures of the play screen, compared pixel by pixel with the images kept in
//! `tests/snapshots/`: in the calm theme at 100% text, and in the high-contrast theme at
//! 200% text (the projector and low-vision settings). egui_kittest draws them with wgpu on
//! the machine's Vulkan driver (Mesa's software one in CI), so a change in layout, colour or
//! wording shows up as a failed test with a diff image beside the snapshot. After an
//! intended change, `UPDATE_SNAPSHOTS=1 cargo test --test gui snapshots` rewrites them;
//! look at the new images before committing them.

use egui_kittest::Harness;
use jigsaw::app::screens::play::play_ui;
use jigsaw::app::settings::Settings;

use super::screens::first_scene;

fn snapshot_of_play(name: &str, settings: &Settings) {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .wgpu()
        .build_ui_state(play_ui, first_scene());
    jigsaw::app::theme::install(&harness.ctx, settings);
    harness.run();
    harness.snapshot(name);
}

#[test]
fn play_in_the_calm_theme_at_100_percent() {
    snapshot_of_play(
        "play-calm-100",
        &Settings {
            text_size: 100,
            high_contrast: false,
            author_mode: false,
        },
    );
}

#[test]
fn play_in_high_contrast_at_200_percent() {
    snapshot_of_play(
        "play-high-contrast-200",
        &Settings {
            text_size: 200,
            high_contrast: true,
            author_mode: false,
        },
    );
}
