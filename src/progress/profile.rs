//! The learner's profile: an optional name and a role, asked once and editable later.
//!
//! It is kept in `profile.json` in the progress folder. A learner who prefers to stay
//! anonymous leaves the name empty; the profile is still saved, so the question is not
//! asked again. The name and role head the portfolio record.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Problem, read_json, write_json};

/// The profile file's name in the progress folder.
pub const FILE_NAME: &str = "profile.json";

/// Who the learner is, as they chose to say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Their name; empty for an anonymous learner.
    #[serde(default)]
    pub name: String,
    /// Their role, e.g. "Health visitor"; may be empty.
    #[serde(default)]
    pub role: String,
}

impl Profile {
    /// The name to show: the name, or "Anonymous learner".
    pub fn shown_name(&self) -> &str {
        let name = self.name.trim();
        if name.is_empty() {
            "Anonymous learner"
        } else {
            name
        }
    }

    /// The name and role on one line, e.g. "Sam Okafor, Health visitor".
    pub fn line(&self) -> String {
        let role = self.role.trim();
        if role.is_empty() {
            self.shown_name().to_string()
        } else {
            format!("{}, {role}", self.shown_name())
        }
    }
}

/// Where the profile lives in a progress folder.
pub fn path(progress: &Path) -> PathBuf {
    progress.join(FILE_NAME)
}

/// Reads the profile: `Ok(None)` when none has been saved yet (ask the learner).
pub fn load(progress: &Path) -> Result<Option<Profile>, Problem> {
    read_json(
        &path(progress),
        "Your profile",
        "You will be asked for your name and role again.",
    )
}

/// Saves the profile.
pub fn save(progress: &Path, profile: &Profile) -> std::io::Result<()> {
    write_json(&path(progress), profile)
}
