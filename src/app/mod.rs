//! The desktop app (stub while it is written).
use std::path::PathBuf;
/// Options.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// Dirs.
    pub scenario_dirs: Vec<PathBuf>,
    /// Rubric.
    pub rubric: Option<PathBuf>,
    /// Open.
    pub open: Option<String>,
    /// Autoplay.
    pub autoplay: Option<String>,
    /// Screenshot.
    pub screenshot: Option<PathBuf>,
    /// Seed.
    pub seed: Option<u64>,
    /// Settings.
    pub settings: Option<PathBuf>,
}
/// Run.
pub fn run(_options: AppOptions) -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
