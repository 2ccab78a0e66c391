//! `--screenshot PATH`: once the app has settled (the library loaded, `--open` applied,
//! autoplay finished), save a picture of the window and quit. Used by the smoke test and
//! to check the layout; the app quits with an error if the picture cannot be taken.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use super::autoplay::Autoplay;
use super::launch::Launch;
use super::scenarios::Library;
use super::session::{Sitting, launched};
use super::wake::StayAwake;

pub(super) fn plugin(app: &mut App) {
    let Some(path) = app.world().resource::<Launch>().screenshot.clone() else {
        return;
    };
    app.insert_resource(Plan {
        path,
        settled_frames: 0,
        waiting_frames: 0,
        result: None,
    })
    .add_systems(Last, take);
}

/// Frames to let the screen settle (egui lays some things out over two passes).
const SETTLE_FRAMES: u32 = 6;
/// Frames to wait for the picture before giving up.
const MAX_WAIT_FRAMES: u32 = 600;

/// Where the observer leaves the outcome of saving the picture.
type Outcome = Arc<Mutex<Option<Result<(), String>>>>;

#[derive(Resource)]
struct Plan {
    path: PathBuf,
    settled_frames: u32,
    waiting_frames: u32,
    /// Filled by the observer when the picture has been saved (or failed to be).
    result: Option<Outcome>,
}

fn take(
    mut plan: ResMut<Plan>,
    autoplay: Res<Autoplay>,
    sitting: Res<Sitting>,
    library: Res<Library>,
    mut awake: ResMut<StayAwake>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) {
    awake.hold("screenshot");
    if let Some(result) = plan.result.clone() {
        let outcome = result.lock().ok().and_then(|r| r.clone());
        match outcome {
            Some(Ok(())) => {
                info!("saved the screenshot to {}", plan.path.display());
                exit.write(AppExit::Success);
            }
            Some(Err(error)) => {
                eprintln!("jigsaw: could not save the screenshot: {error}");
                exit.write(AppExit::from_code(1));
            }
            None => {
                plan.waiting_frames += 1;
                if plan.waiting_frames > MAX_WAIT_FRAMES {
                    eprintln!("jigsaw: the screenshot was never captured");
                    exit.write(AppExit::from_code(1));
                }
            }
        }
        return;
    }
    let settled = autoplay.settled() && library.settled() && launched(&sitting);
    if !settled {
        plan.settled_frames = 0;
        return;
    }
    plan.settled_frames += 1;
    if plan.settled_frames < SETTLE_FRAMES {
        return;
    }
    let result: Outcome = Arc::new(Mutex::new(None));
    plan.result = Some(result.clone());
    let path = plan.path.clone();
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>| {
            let saved = save(&captured.image, &path);
            if let Ok(mut slot) = result.lock() {
                *slot = Some(saved);
            }
        },
    );
}

fn save(image: &Image, path: &std::path::Path) -> Result<(), String> {
    let picture = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())?;
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    }
    picture
        .to_rgb8()
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}
