//! Settings remembered between runs: text size and the high-contrast theme.
//!
//! They live in `settings.ron` in the user's configuration folder (or the file given with
//! `--settings`) and are saved atomically whenever they change, so a crash never leaves a
//! half-written file. A missing file means the defaults; an unreadable one means the
//! defaults plus a clear message in the app, never a panic.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::launch::Launch;
use crate::store::write_atomically;

pub(super) fn plugin(app: &mut App) {
    let given = app.world().resource::<Launch>().settings.clone();
    let path = given.or_else(default_path);
    let (mut settings, problem) = match &path {
        Some(path) => load(path),
        None => (Settings::default(), None),
    };
    // `--author` turns author mode on for this run; the top bar's toggle is remembered.
    settings.author_mode |= app.world().resource::<Launch>().author;
    app.insert_resource(settings)
        .insert_resource(SettingsFile {
            path,
            problem,
            saved: None,
        })
        .add_systems(Last, save_changes);
}

/// The smallest text size offered, in percent.
pub const MIN_TEXT_SIZE: u32 = 80;
/// The largest text size offered, in percent.
pub const MAX_TEXT_SIZE: u32 = 200;
/// How much one step of "A−"/"A+" changes the text size, in percent.
pub const TEXT_SIZE_STEP: u32 = 10;

/// What the learner chose.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Text size in percent of the normal size; scales the whole interface.
    pub text_size: u32,
    /// White on black with yellow highlights, for projectors and low vision.
    pub high_contrast: bool,
    /// Author mode: scene ids, effects and conditions beside every choice, the scene map,
    /// the file's problems and a copy of the path. Off for learners.
    pub author_mode: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_size: 100,
            high_contrast: false,
            author_mode: false,
        }
    }
}

impl Settings {
    /// The text size as a zoom factor, kept within the offered range.
    pub fn zoom(&self) -> f32 {
        self.text_size.clamp(MIN_TEXT_SIZE, MAX_TEXT_SIZE) as f32 / 100.0
    }

    /// One step larger, up to the maximum.
    pub fn larger(&mut self) {
        self.text_size = (self.text_size + TEXT_SIZE_STEP).min(MAX_TEXT_SIZE);
    }

    /// One step smaller, down to the minimum.
    pub fn smaller(&mut self) {
        self.text_size = self
            .text_size
            .saturating_sub(TEXT_SIZE_STEP)
            .max(MIN_TEXT_SIZE);
    }
}

/// Where settings are saved, and what went wrong reading or writing them.
#[derive(Resource, Debug, Clone)]
pub struct SettingsFile {
    /// The file; `None` when the system has no configuration folder.
    pub path: Option<PathBuf>,
    /// A message for the learner when the file could not be read or written.
    pub problem: Option<String>,
    saved: Option<Settings>,
}

/// `settings.ron` in the user's configuration folder.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "jigsaw").map(|d| d.config_dir().join("settings.ron"))
}

/// Reads settings. A missing file gives the defaults quietly; any other problem gives the
/// defaults and a message saying what happened.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    // A settings file is a few lines; the limit only stops a wrong path from hanging.
    let text = match crate::store::read_text(path, 1024 * 1024).map_err(std::io::Error::from) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return (Settings::default(), None);
        }
        Err(error) => {
            return (
                Settings::default(),
                Some(format!(
                    "Your settings file {} could not be read ({error}), so the standard \
                     settings are in use.",
                    path.display()
                )),
            );
        }
    };
    match ron::from_str::<Settings>(&text) {
        Ok(settings) => (settings, None),
        Err(error) => (
            Settings::default(),
            Some(format!(
                "Your settings file {} could not be understood (line {}, column {}: {}), so \
                 the standard settings are in use. Changing a setting will replace the file.",
                path.display(),
                error.span.start.line,
                error.span.start.col,
                error.code
            )),
        ),
    }
}

/// Writes settings atomically.
pub fn save(path: &Path, settings: &Settings) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    write_atomically(path, format!("// Jigsaw settings\n{text}\n").as_bytes()).map_err(|error| {
        format!(
            "Your settings could not be saved to {} ({error}); they will last until you close the app.",
            path.display()
        )
    })
}

fn save_changes(settings: Res<Settings>, mut file: ResMut<SettingsFile>) {
    if !settings.is_changed() || settings.is_added() {
        return;
    }
    if file.saved.as_ref() == Some(&*settings) {
        return;
    }
    let Some(path) = file.path.clone() else {
        return;
    };
    match save(&path, &settings) {
        Ok(()) => file.problem = None,
        Err(problem) => file.problem = Some(problem),
    }
    file.saved = Some(settings.clone());
}
