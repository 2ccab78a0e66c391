//! The session in play, saved after every step, so closing (or killing) the app loses
//! nothing up to the last completed step.
//!
//! One file per scenario, `saves/<scenario id>.json` in the progress folder, written with
//! [`write_atomically`](crate::store::write_atomically): a reader finds the previous step or
//! this one, never a torn mix. The file holds the engine's [`Session`] (seed, inputs, state,
//! transcript). [`Save::restore`] replays the inputs on the scenario as it is now and
//! carries on only when that arrives at exactly the saved state; a save made against an
//! older `version`, or whose scene has gone, is offered as "start again" with the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Problem, read_json, write_json};
use crate::engine::{EngineError, Session};
use crate::scenario::Scenario;

/// The folder saves live in, inside the progress folder.
pub fn saves_dir(progress: &Path) -> PathBuf {
    progress.join("saves")
}

/// The save file for a scenario id. Characters other than letters, digits, `-` and `_`
/// become `_` (with a short hash of the id, so two ids never share a file).
pub fn save_path(progress: &Path, scenario_id: &str) -> PathBuf {
    let safe: String = scenario_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let name = if safe == scenario_id && !safe.is_empty() {
        safe
    } else {
        let hash = crate::report::transcript::sha256_hex(scenario_id.as_bytes());
        format!("{safe}-{}", &hash[..8])
    };
    saves_dir(progress).join(format!("{name}.json"))
}

/// A session in play, as saved after its last step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Save {
    /// The scenario's id.
    pub scenario_id: String,
    /// Its title when saved (for messages when the file has gone).
    pub scenario_title: String,
    /// The scenario file, as the library shows it.
    pub file: PathBuf,
    /// When the session began (RFC 3339).
    pub started_at: String,
    /// When this save was made (RFC 3339).
    pub saved_at: String,
    /// Real seconds spent playing, over every sitting, up to this save.
    pub seconds_spent: u64,
    /// The engine's session.
    pub session: Session,
}

/// Why a save cannot be carried on, in plain words for the learner.
pub type StartAgain = String;

impl Save {
    /// Replays the save on `scenario` as it is now. Returns the session, exactly as it was
    /// (scene, clock, meters, flags, pieces, observations on this visit, path, scores), or
    /// why it has to start again.
    pub fn restore(&self, scenario: &Scenario) -> Result<Session, StartAgain> {
        let saved = &self.session;
        if saved.scenario_id != scenario.id.value {
            return Err(format!(
                "This save is for the scenario \"{}\", not \"{}\".",
                saved.scenario_id, scenario.id.value
            ));
        }
        if saved.scenario_version != scenario.version {
            return Err(format!(
                "\"{}\" has been updated since you saved (your place was in version {}, it is \
                 now version {}), so your place cannot be carried over. Start again to play the \
                 new version.",
                scenario.title, saved.scenario_version, scenario.version
            ));
        }
        let session = Session::resume(scenario, saved).map_err(|error| match error {
            EngineError::UnknownScene(scene) => format!(
                "The part of \"{}\" you had reached (\"{scene}\") is no longer in the scenario, \
                 so your place cannot be carried over. Start again.",
                scenario.title
            ),
            other => format!(
                "Your steps in \"{}\" can no longer be replayed ({other}); the scenario has \
                 changed. Start again.",
                scenario.title
            ),
        })?;
        if session.state != saved.state
            || session.totals != saved.totals
            || session.transcript != saved.transcript
        {
            return Err(format!(
                "\"{}\" has changed since you saved, so your steps would no longer lead to the \
                 same place. Start again to play it as it is now.",
                scenario.title
            ));
        }
        Ok(session)
    }
}

/// Saves `save` to its scenario's file, atomically.
pub fn store(progress: &Path, save: &Save) -> std::io::Result<()> {
    write_json(&save_path(progress, &save.scenario_id), save)
}

/// Removes a scenario's save (the attempt has finished, or the learner starts again).
pub fn remove(progress: &Path, scenario_id: &str) -> std::io::Result<()> {
    match std::fs::remove_file(save_path(progress, scenario_id)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Every save in the progress folder, by scenario id, and the problems with any that could
/// not be read (moved aside, as [`Problem`]s say).
pub fn load_all(progress: &Path) -> (BTreeMap<String, Save>, Vec<Problem>) {
    let mut saves = BTreeMap::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(saves_dir(progress)) else {
        return (saves, problems);
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            !name.starts_with('.') && name.ends_with(".json")
        })
        .collect();
    files.sort();
    for file in files {
        match read_json::<Save>(
            &file,
            "A saved place in a scenario",
            "That scenario will start from the beginning; everything else is unaffected.",
        ) {
            Ok(Some(save)) => {
                saves.insert(save.scenario_id.clone(), save);
            }
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    (saves, problems)
}
