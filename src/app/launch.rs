//! What the app was started with, resolved once: the scenario folders (each a Bevy asset
//! source, so the file watcher sees edits), the rubric, the autoplay script, the settings
//! file.
//!
//! Nothing here fails: a missing folder, a broken rubric or a bad script becomes a message
//! the app shows, and the app still opens.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bevy::asset::io::{AssetSource, AssetSourceBuilder, AssetSourceEvent, AssetSourceId};
use bevy::prelude::*;

use super::AppOptions;
use super::wake::Waker;
use crate::diagnostic::Diagnostic;
use crate::engine::{Scripted, parse_script};
use crate::rubric::{Rubric, RubricFile};
use crate::validate::check_rubric;

/// How long the file watcher waits for an editor to finish writing before it reports.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// How long a file event keeps the app drawing, so the reload is picked up and shown.
pub const RELOAD_AWAKE: Duration = Duration::from_millis(1500);

/// One folder of scenarios.
#[derive(Clone, Debug)]
pub struct Folder {
    /// The Bevy asset source that reads it, e.g. `scenarios0`.
    pub source: String,
    /// The folder as the user named it; file paths are shown under this.
    pub shown: PathBuf,
    /// The folder as an absolute path.
    pub absolute: PathBuf,
    /// Whether it exists.
    pub exists: bool,
}

/// The resolved start-up options.
#[derive(Resource, Clone)]
pub struct Launch {
    /// The scenario folders, in the order given.
    pub folders: Vec<Folder>,
    /// The rubric in use (the built-in one when the chosen one failed).
    pub rubric: Arc<Rubric>,
    /// Where the rubric in use came from.
    pub rubric_path: PathBuf,
    /// Why the chosen rubric was not used, rendered as `jigsaw check` would show it.
    pub rubric_problems: Vec<String>,
    /// A scenario id or file to open straight away.
    pub open: Option<String>,
    /// The autoplay steps, or why the script could not be read.
    pub autoplay: Option<Result<Vec<Scripted>, String>>,
    /// Where to save a screenshot before quitting.
    pub screenshot: Option<PathBuf>,
    /// A fixed seed for sessions.
    pub seed: Option<u64>,
    /// The settings file given on the command line, if any.
    pub settings: Option<PathBuf>,
    /// Where transcripts, reports and the statement queue go (`None`: nowhere to write).
    pub data_dir: Option<PathBuf>,
    /// The report settings file (`reports.ron` beside the settings file).
    pub report_settings: Option<PathBuf>,
    /// Wakes the app when files change.
    pub waker: Waker,
    /// Start in author mode (`--author`).
    pub author: bool,
    /// Carry on the `open` scenario where the learner left off (`--carry-on`).
    pub carry_on: bool,
    /// Open "My progress" at start (`--progress`).
    pub progress: bool,
    /// Where to write the session in play once settled (`--print-session`).
    pub print_session: Option<PathBuf>,
    /// Classroom mode (`--classroom`): the group's name, or empty to ask on the pre-brief.
    pub classroom: Option<String>,
    /// Start phone voting as soon as a classroom session begins (`--phones`).
    pub phones: bool,
    /// Show a decision's options without waiting for the facilitator (`--show-options`,
    /// for demonstrations and screenshots).
    pub show_options: bool,
}

impl Launch {
    /// Resolves the options. Relative folders are taken from the current directory.
    pub fn new(options: &AppOptions) -> Launch {
        let mut shown: Vec<PathBuf> = options.scenario_dirs.clone();
        if shown.is_empty() {
            shown.push(PathBuf::from("scenarios"));
        }
        // `--open FILE` outside the listed folders: list its folder too.
        if let Some(open) = &options.open {
            let path = Path::new(open);
            if path.extension().is_some_and(|e| e == "ron") && path.is_file() {
                let parent = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let absolute = absolute(&parent);
                if !shown.iter().any(|s| absolute == self::absolute(s)) {
                    shown.push(parent);
                }
            }
        }
        let folders = shown
            .into_iter()
            .enumerate()
            .map(|(n, shown)| {
                let absolute = absolute(&shown);
                Folder {
                    source: format!("scenarios{n}"),
                    exists: absolute.is_dir(),
                    shown,
                    absolute,
                }
            })
            .collect::<Vec<_>>();

        let chosen = match &options.rubric {
            Some(path) => RubricFile::load(path),
            None => RubricFile::for_folder(&folders[0].shown),
        };
        let (rubric, rubric_path, rubric_problems) = match load_rubric(&chosen) {
            Ok(rubric) => (rubric, chosen.path.clone(), Vec::new()),
            Err(problems) => {
                let built_in = RubricFile::built_in();
                (Rubric::built_in(), built_in.path, problems)
            }
        };

        Launch {
            folders,
            rubric: Arc::new(rubric),
            rubric_path,
            rubric_problems,
            open: options.open.clone(),
            autoplay: options.autoplay.as_deref().map(parse_script),
            screenshot: options.screenshot.clone(),
            seed: options.seed,
            settings: options.settings.clone(),
            data_dir: options.data_dir.clone().or_else(crate::report::data_dir),
            report_settings: match &options.settings {
                Some(file) => Some(
                    file.parent()
                        .unwrap_or(Path::new("."))
                        .join(crate::report::settings::FILE_NAME),
                ),
                None => crate::report::settings::default_path(),
            },
            waker: Waker::default(),
            author: options.author,
            carry_on: options.carry_on,
            progress: options.progress,
            print_session: options.print_session.clone(),
            classroom: options.classroom.clone(),
            phones: options.phones,
            show_options: options.show_options,
        }
    }

    /// A folder for Bevy's default asset source: the first scenario folder that exists (the
    /// app loads nothing from it, but Bevy warns about a missing one).
    pub fn asset_root(&self) -> String {
        self.folders
            .iter()
            .find(|f| f.exists)
            .unwrap_or(&self.folders[0])
            .absolute
            .to_string_lossy()
            .into_owned()
    }

    /// Registers one asset source per scenario folder. Call before adding `AssetPlugin`.
    /// Each source's file watcher passes its events on through a thread that also wakes
    /// the app, so a saved file is noticed while the app sleeps.
    pub fn register_sources(&self, app: &mut App) {
        // Bevy's own default source would watch its folder with a watcher that panics when
        // it cannot start; nothing is loaded from it, so it gets a reader only.
        app.register_asset_source(
            AssetSourceId::Default,
            AssetSourceBuilder::new(AssetSource::get_default_reader(self.asset_root())),
        );
        for folder in self.folders.iter().filter(|f| f.exists) {
            let root = folder.absolute.to_string_lossy().into_owned();
            let watched = folder.absolute.clone();
            let waker = self.waker.clone();
            let builder = AssetSourceBuilder::new(AssetSource::get_default_reader(root))
                .with_watcher(move |sender| watch(&watched, sender, waker.clone()));
            app.register_asset_source(AssetSourceId::from(folder.source.clone()), builder);
        }
    }

    /// The folder (and its source) that holds `path`, if it is in one.
    pub fn folder_of(&self, path: &Path) -> Option<&Folder> {
        let absolute = absolute(path);
        self.folders
            .iter()
            .find(|f| absolute.starts_with(&f.absolute))
    }
}

/// Watches `folder`, forwarding Bevy's file events and waking the app for each.
fn watch(
    folder: &Path,
    sender: async_channel::Sender<AssetSourceEvent>,
    waker: Waker,
) -> Option<Box<dyn bevy::asset::io::AssetWatcher>> {
    let (forward, events) = async_channel::unbounded();
    let watcher =
        match bevy::asset::io::file::FileWatcher::new(folder.to_path_buf(), forward, DEBOUNCE) {
            Ok(watcher) => watcher,
            Err(error) => {
                warn!(
                    "cannot watch {} for changes ({error}); edits will show after a restart",
                    folder.display()
                );
                return None;
            }
        };
    let spawned = std::thread::Builder::new()
        .name("jigsaw-file-events".to_string())
        .spawn(move || {
            while let Ok(event) = events.recv_blocking() {
                // Many editors save by writing a temporary file and renaming it over the
                // old one; Bevy ignores renames, so report the new name as modified too.
                let renamed = match &event {
                    AssetSourceEvent::RenamedAsset { new, .. } => Some(new.clone()),
                    _ => None,
                };
                let mut sent = sender.send_blocking(event);
                if let Some(new) = renamed {
                    sent = sent.and(sender.send_blocking(AssetSourceEvent::ModifiedAsset(new)));
                }
                if sent.is_err() {
                    break;
                }
                waker.stay_awake_for(RELOAD_AWAKE);
            }
        });
    match spawned {
        Ok(_) => Some(Box::new(watcher)),
        Err(error) => {
            warn!("cannot start the file watcher thread: {error}");
            None
        }
    }
}

/// Parses and checks a rubric file; on failure, its problems rendered for the library.
fn load_rubric(file: &RubricFile) -> Result<Rubric, Vec<String>> {
    match &file.rubric {
        Ok(_) => {
            let (rubric, diagnostics) = check_rubric(&file.path, &file.source);
            let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
            match rubric {
                Some(rubric) if errors.is_empty() => Ok(rubric),
                _ => Err(errors
                    .iter()
                    .map(|d| d.render(&file.source, false))
                    .collect()),
            }
        }
        Err(diagnostic) => Err(vec![diagnostic.render(&file.source, false)]),
    }
}

/// `path` made absolute against the current directory (without resolving links, so it
/// matches what the user typed).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
