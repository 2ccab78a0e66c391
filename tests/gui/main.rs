//! Tests of the desktop app, in one binary (each test binary links Bevy again).
//!
//! - [`screens`]: each egui screen as a plain function over a view-model, driven with
//!   `egui_kittest` (no Bevy, no GPU).
//! - [`headless`]: the Bevy app without a window (`MinimalPlugins`, `StatesPlugin`,
//!   `AssetPlugin`): real scenario files loaded through the asset loader, sessions driven
//!   by messages, hot reload on disk.
//! - [`author`]: author mode's details, scene map, jump, problems and copy.
//! - [`settings`]: settings files read, written and refused without a panic.
//! - [`a11y`]: what a screen reader finds on every screen, keyboard-only use, contrast
//!   and colour-blind safety.
//! - [`reports`]: the transcript written at the end of a session and the debrief's report
//!   buttons.
//!
//! The real-window smoke test is `.ci/smoke-app.sh`.

mod a11y;
mod author;
mod classroom;
mod headless;
mod reports;
mod screens;
mod self_paced;
mod settings;
mod snapshots;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jigsaw::app::scenarios::Playable;
use jigsaw::app::session::{Overlay, Playing};
use jigsaw::engine::Session;
use jigsaw::explore::Bounds;
use jigsaw::scenario::Scenario;

/// The folder of fixtures for these tests.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gui/fixtures")
}

/// A fresh temporary folder holding copies of the named fixtures.
pub fn folder_with(names: &[&str]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for name in names {
        std::fs::copy(fixtures().join(name), folder.path().join(name)).expect("copy a fixture");
    }
    folder
}

/// A session in play on `scenario` from `file`, as the app holds it: no dialog, no notice.
pub fn playing(
    file: &str,
    scenario: Scenario,
    bounds: Option<Bounds>,
    session: Session,
) -> Playing {
    Playing {
        file: PathBuf::from(file),
        playable: Arc::new(Playable {
            file: PathBuf::from(file),
            scenario,
            bounds,
            warnings: Vec::new(),
            revision: 1,
        }),
        session,
        overlay: Overlay::None,
        notice: None,
        error: None,
    }
}
