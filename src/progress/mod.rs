//! Self-paced learning: what Jigsaw keeps for a learner working alone, between sittings.
//!
//! Everything lives in the `progress/` folder of Jigsaw's data folder (`--data-dir`, else
//! `JIGSAW_DATA_DIR`, else the platform's, e.g. `~/.local/share/jigsaw` on Linux):
//!
//! - [`profile`]: an optional name and a role, asked once (`profile.json`);
//! - [`autosave`]: the session in play, saved after every step (`saves/<scenario>.json`),
//!   so "Carry on where you left off" restores it exactly, or says in plain words why it
//!   cannot;
//! - [`history`]: every finished attempt with its scores and the learner's reflections
//!   (`history.json`), for the "My progress" screen and the portfolio record.
//!
//! Every file is written with [`write_atomically`](crate::store::write_atomically). A file
//! that cannot be read or understood is never overwritten or deleted: it is moved aside to
//! `<file>.corrupt-<timestamp>` ([`move_aside`]) and reported as a [`Problem`], and
//! everything else still loads. Plain Rust, no Bevy: the app is a thin shell over this.

pub mod autosave;
pub mod history;
pub mod profile;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The folder the progress files live in, inside Jigsaw's data folder.
pub fn progress_dir(data: &Path) -> PathBuf {
    data.join("progress")
}

/// A file that could not be used, in plain words for the learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// Where it was moved to, if it was moved aside.
    pub moved_to: Option<PathBuf>,
    /// What happened and what it means, in plain words.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A timestamp for file names: `20261201T022052Z` (UTC, no characters a file system
/// refuses).
pub fn file_stamp(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time)
        .to_string()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// The time now as RFC 3339 (`2026-12-01T02:20:52Z`), as history records it.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Moves `path` aside to `<path>.corrupt-<timestamp>` (adding `-2`, `-3`, ... if that name
/// is taken), so nothing is overwritten or deleted. Returns the new name.
pub fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let stamp = file_stamp(SystemTime::now());
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut target = folder.join(format!("{name}.corrupt-{stamp}"));
    let mut n = 2;
    while target.exists() {
        target = folder.join(format!("{name}.corrupt-{stamp}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// Reads a JSON file: `Ok(None)` when there is none, the value when it reads, and
/// otherwise a [`Problem`] after moving the file aside. `what` names the file for the
/// learner ("Your history of attempts"), `consequence` says what follows ("Your history
/// starts afresh").
pub(crate) fn read_json<T: DeserializeOwned>(
    path: &Path,
    what: &str,
    consequence: &str,
) -> Result<Option<T>, Problem> {
    // A pipe or device in the learner's data folder is refused, not waited on.
    let cause = match crate::store::read_bytes(path, 256 * 1024 * 1024)
        .map_err(std::io::Error::from)
    {
        Ok(bytes) => match serde_json::from_slice::<T>(&bytes) {
            Ok(value) => return Ok(Some(value)),
            Err(error) if error.is_eof() || bytes.is_empty() => {
                "it is cut short, probably because the computer stopped while it was being written"
                    .to_string()
            }
            Err(error) => format!("it is damaged and could not be understood ({error})"),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => format!("it could not be read ({error})"),
    };
    let (moved_to, where_now) = match move_aside(path) {
        Ok(moved) => {
            let shown = moved.display().to_string();
            (
                Some(moved),
                format!("It has been moved aside to {shown}, untouched"),
            )
        }
        Err(error) => (
            None,
            format!(
                "It could not be moved aside either ({error}), so it has been left where it is"
            ),
        ),
    };
    Err(Problem {
        file: path.to_path_buf(),
        moved_to,
        message: format!(
            "{what} ({}) could not be used: {cause}. {where_now}. {consequence}",
            path.display()
        ),
    })
}

/// Writes `value` as JSON to `path`, atomically.
pub(crate) fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    crate::store::write_atomically(path, text.as_bytes())
}
