//! Report settings, shared by the command line and the app: `reports.ron` in the
//! configuration folder (e.g. `~/.config/jigsaw/reports.ron`).
//!
//! It holds who is learning (a name, a classroom group), the base of the xAPI IRIs, and
//! the learning record store to send to. The LRS key and secret may be kept here or in the
//! environment (`JIGSAW_LRS_KEY`, `JIGSAW_LRS_SECRET`, which win); they are never printed.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::lrs::Credentials;

/// The file name report settings are read from.
pub const FILE_NAME: &str = "reports.ron";

/// What `reports.ron` holds. Every field may be left out.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSettings {
    /// The learner's name (or e-mail address) for transcripts and statements; anonymous
    /// when unset.
    pub learner: Option<String>,
    /// The classroom group, for transcripts and `context.team`.
    pub group: Option<String>,
    /// The base of every xAPI IRI, e.g. `https://learning.example.org/xapi/jigsaw`.
    pub xapi_base: Option<String>,
    /// The learning record store to send statements to.
    pub lrs: Option<LrsSettings>,
}

impl fmt::Debug for ReportSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportSettings")
            .field("learner", &self.learner)
            .field("group", &self.group)
            .field("xapi_base", &self.xapi_base)
            .field("lrs", &self.lrs)
            .finish()
    }
}

/// An LRS in the settings file.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LrsSettings {
    /// The xAPI endpoint (or its `statements` resource).
    pub endpoint: String,
    /// The Basic key, unless `JIGSAW_LRS_KEY` is set.
    pub key: Option<String>,
    /// The Basic secret, unless `JIGSAW_LRS_SECRET` is set.
    pub secret: Option<String>,
    /// Whether the app sends each session's statements when it ends.
    pub send_automatically: bool,
}

impl fmt::Debug for LrsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LrsSettings")
            .field("endpoint", &self.endpoint)
            .field("send_automatically", &self.send_automatically)
            .finish_non_exhaustive()
    }
}

impl LrsSettings {
    /// The credentials to use: the environment's, else the file's.
    pub fn credentials(&self) -> Option<Credentials> {
        Credentials::from_env().or_else(|| match (&self.key, &self.secret) {
            (Some(key), Some(secret)) => Some(Credentials::new(key, secret)),
            _ => None,
        })
    }
}

/// `reports.ron` in the configuration folder; `JIGSAW_REPORT_SETTINGS` names another file.
pub fn default_path() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("JIGSAW_REPORT_SETTINGS").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(file));
    }
    directories::ProjectDirs::from("", "", "jigsaw").map(|d| d.config_dir().join(FILE_NAME))
}

/// Reads report settings: a missing file gives the defaults; a broken one an error that
/// says where (without echoing the file, which may hold a secret).
pub fn load(path: &Path) -> Result<ReportSettings, String> {
    match crate::store::read_text(path, 1024 * 1024).map_err(std::io::Error::from) {
        Ok(text) => ron::from_str(&text).map_err(|e| {
            format!(
                "{} could not be understood (line {}, column {}: {})",
                crate::diagnostic::shown(path),
                e.span.start.line,
                e.span.start.col,
                e.code
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(ReportSettings::default()),
        Err(error) => Err(format!(
            "{} could not be read: {error}",
            crate::diagnostic::shown(path)
        )),
    }
}
