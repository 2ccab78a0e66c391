//! The scenarios the library lists: every scenario file in the scenario folders, with what the validator said
//! about it, and hot reload.
//!
//! At start-up each folder's `.ron` files (not `rubric.ron`) are loaded as
//! [`ScenarioAsset`]s. When a file loads or reloads, its entry keeps the newest check
//! result and, if that one is playable, a new [`Playable`] version. A broken edit leaves
//! the last good version in place: the library and the play screen show the error, and
//! play goes on. A [`ScenarioChanged`] message tells the session to adopt the new version.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::{AssetLoadFailedEvent, AssetPath};
use bevy::prelude::*;

use super::launch::{Folder, Launch};
use super::scenario_asset::ScenarioAsset;
use super::wake::StayAwake;
use crate::diagnostic::Diagnostic;
use crate::explore::Bounds;
use crate::rubric::FILE_NAME as RUBRIC_FILE;
use crate::scenario::Scenario;
use crate::validate::Checked;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Library>()
        .init_resource::<StayAwake>()
        .add_message::<ScenarioChanged>()
        .add_systems(Startup, list_scenarios)
        .add_systems(PreUpdate, track_scenarios)
        .add_systems(Update, find_new_files.run_if(files_changed));
}

/// A version of a scenario that passed the validator and can be played.
#[derive(Debug)]
pub struct Playable {
    /// The file it came from, as shown to the user.
    pub file: PathBuf,
    /// The scenario.
    pub scenario: Scenario,
    /// Score bounds for the debrief.
    pub bounds: Option<Bounds>,
    /// Warnings (the scenario still plays).
    pub warnings: Vec<Diagnostic>,
    /// Counts the versions of this file loaded so far.
    pub revision: u64,
}

/// One scenario file in the library.
#[derive(Debug)]
pub struct Entry {
    /// The file, as shown to the user (the folder as given, then the file name).
    pub file: PathBuf,
    /// Its path for Bevy's asset server.
    pub asset_path: AssetPath<'static>,
    /// Keeps the asset loaded (and watched).
    pub handle: Handle<ScenarioAsset>,
    /// The newest check result.
    pub latest: Option<Arc<Checked>>,
    /// The newest version that can be played, if any loaded.
    pub good: Option<Arc<Playable>>,
    /// Why the file could not be read, if it could not.
    pub read_error: Option<String>,
    /// When an earlier file in the library has the same scenario id: that problem. The
    /// file cannot be opened until one of the two ids changes (progress is kept per id).
    pub clash: Option<Diagnostic>,
    /// The playable version put aside while the id clashes, restored when it no longer does.
    shelved: Option<Arc<Playable>>,
    revisions: u64,
}

impl Entry {
    /// Whether the file has not finished loading yet.
    pub fn loading(&self) -> bool {
        self.latest.is_none() && self.read_error.is_none()
    }

    /// Whether the newest version has errors (or could not be read) while an older good
    /// version is still the one played.
    pub fn keeps_last_good(&self) -> bool {
        self.good.is_some() && self.has_problems()
    }

    /// Whether the newest version has problems, without rendering them.
    fn has_problems(&self) -> bool {
        self.read_error.is_some()
            || self
                .latest
                .as_ref()
                .is_some_and(|checked| checked.has_errors() || self.clash.is_some())
    }

    /// The problems with the newest version, each rendered as `jigsaw check` prints it.
    pub fn problems(&self) -> Vec<String> {
        self.each_problem(|d, checked| d.render(&checked.source, false))
    }

    /// One-line summaries of the problems with the newest version (file:line:column).
    pub fn problem_lines(&self) -> Vec<String> {
        self.each_problem(|d, _| d.short())
    }

    /// Every problem with the newest version (its errors, then an id clash), shown by
    /// `show`; a file that could not be read is one line saying why.
    fn each_problem(&self, show: impl Fn(&Diagnostic, &Checked) -> String) -> Vec<String> {
        if let Some(error) = &self.read_error {
            return vec![format!("{}: error: {error}", self.file.display())];
        }
        match &self.latest {
            Some(checked) => checked
                .errors()
                .chain(&self.clash)
                .map(|d| show(d, checked))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The scenario's id, from the newest version that parsed.
    pub fn id(&self) -> Option<&str> {
        self.good
            .as_ref()
            .map(|p| p.scenario.id.value.as_str())
            .or_else(|| {
                self.latest
                    .as_ref()
                    .and_then(|c| c.parsed.as_ref())
                    .map(|s| s.id.value.as_str())
            })
    }
}

/// Every scenario file found, in folder order then by name.
#[derive(Resource, Default, Debug)]
pub struct Library {
    /// The files.
    pub entries: Vec<Entry>,
    /// Problems with the folders themselves (missing, unreadable).
    pub problems: Vec<String>,
}

impl Library {
    /// The entry for a file.
    pub fn entry(&self, file: &Path) -> Option<&Entry> {
        self.entries.iter().find(|e| e.file == file)
    }

    /// The newest playable version of a file.
    pub fn playable(&self, file: &Path) -> Option<Arc<Playable>> {
        self.entry(file).and_then(|e| e.good.clone())
    }

    /// Whether every file has loaded (or failed to).
    pub fn settled(&self) -> bool {
        self.entries.iter().all(|e| !e.loading())
    }

    /// The entry a user means by `wanted`: a scenario id, or a file path.
    pub fn find(&self, wanted: &str) -> Option<&Entry> {
        if let Some(entry) = self.entries.iter().find(|e| e.id() == Some(wanted)) {
            return Some(entry);
        }
        let wanted_path = std::path::absolute(wanted).ok()?;
        self.entries
            .iter()
            .find(|e| std::path::absolute(&e.file).ok().as_ref() == Some(&wanted_path))
    }
}

/// A new version of a scenario file has loaded (playable or not).
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct ScenarioChanged {
    /// The file, as shown to the user.
    pub file: PathBuf,
}

/// Lists and starts loading every scenario file.
fn list_scenarios(
    launch: Res<Launch>,
    assets: Res<AssetServer>,
    mut library: ResMut<Library>,
    mut awake: ResMut<StayAwake>,
) {
    for folder in &launch.folders {
        if !folder.exists {
            library.problems.push(format!(
                "The scenario folder {} was not found.",
                folder.shown.display()
            ));
            continue;
        }
        match scenario_files(folder) {
            Ok(names) => {
                for name in names {
                    library.add(folder, name, &assets);
                }
            }
            Err(error) => library.problems.push(format!(
                "The scenario folder {} could not be read: {error}.",
                folder.shown.display()
            )),
        }
    }
    if !library.settled() {
        awake.hold("library loading");
    }
}

/// The scenario files in a folder (every `.ron` but the rubric), sorted by name.
fn scenario_files(folder: &Folder) -> std::io::Result<Vec<PathBuf>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(&folder.absolute)?
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|name| name.extension().is_some_and(|e| e == "ron"))
        .filter(|name| name.as_os_str() != RUBRIC_FILE)
        .collect();
    names.sort_by(|a, b| crate::store::by_name(a).cmp(&crate::store::by_name(b)));
    Ok(names)
}

/// Whether the file watcher has seen a change lately.
fn files_changed(launch: Res<Launch>) -> bool {
    launch.waker.busy()
}

/// Adds scenario files that appeared in a folder while the app runs, so an author's new
/// file shows up in the library without a restart.
fn find_new_files(launch: Res<Launch>, assets: Res<AssetServer>, mut library: ResMut<Library>) {
    for folder in launch.folders.iter().filter(|f| f.exists) {
        let Ok(names) = scenario_files(folder) else {
            continue;
        };
        for name in names {
            let file = folder.shown.join(&name);
            if library.entries.iter().all(|e| e.file != file) {
                info!("found a new scenario file: {}", file.display());
                library.add(folder, name, &assets);
            }
        }
    }
}

impl Library {
    /// Starts loading a scenario file and lists it.
    fn add(&mut self, folder: &Folder, name: PathBuf, assets: &AssetServer) {
        let asset_path = AssetPath::from_path_buf(name.clone())
            .with_source(folder.source.clone())
            .into_owned();
        // A named pipe would hold one of the asset server's threads for ever, and a device
        // would be read without end: list what it is and never open it.
        let not_a_file = crate::store::not_a_file(&folder.absolute.join(&name))
            .ok()
            .flatten();
        let handle = match not_a_file {
            Some(_) => Handle::default(),
            None => assets.load::<ScenarioAsset>(asset_path.clone()),
        };
        self.entries.push(Entry {
            file: folder.shown.join(&name),
            asset_path,
            handle,
            latest: None,
            good: None,
            read_error: not_a_file
                .map(|kind| format!("cannot read this scenario file: it is {kind}, not a file")),
            clash: None,
            shelved: None,
            revisions: 0,
        });
    }
}

/// Takes in every load and reload of a scenario file.
fn track_scenarios(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    mut failures: MessageReader<AssetLoadFailedEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    mut library: ResMut<Library>,
    mut changed: MessageWriter<ScenarioChanged>,
    mut awake: ResMut<StayAwake>,
) {
    let mut changed_any = false;
    for event in events.read() {
        let (AssetEvent::Added { id } | AssetEvent::Modified { id }) = event else {
            continue;
        };
        let Some(asset) = assets.get(*id) else {
            continue;
        };
        let Some(entry) = library.entries.iter_mut().find(|e| e.handle.id() == *id) else {
            continue;
        };
        // Added and Modified can both arrive for one load: take each result once.
        if entry
            .latest
            .as_ref()
            .is_some_and(|latest| Arc::ptr_eq(latest, &asset.checked))
        {
            continue;
        }
        entry.latest = Some(asset.checked.clone());
        entry.read_error = None;
        // Authors watching the terminal see each reload and whether it took.
        let errors = asset.checked.errors().count();
        info!(
            "loaded {}: {errors} error(s), {} warning(s)",
            entry.file.display(),
            asset.checked.diagnostics.len() - errors
        );
        if let Some(scenario) = asset.checked.playable() {
            entry.revisions += 1;
            entry.good = Some(Arc::new(Playable {
                file: entry.file.clone(),
                scenario: scenario.clone(),
                bounds: asset.checked.bounds().cloned(),
                warnings: asset
                    .checked
                    .diagnostics
                    .iter()
                    .filter(|d| !d.is_error())
                    .cloned()
                    .collect(),
                revision: entry.revisions,
            }));
        }
        changed_any = true;
        changed.write(ScenarioChanged {
            file: entry.file.clone(),
        });
    }
    for failure in failures.read() {
        let Some(entry) = library
            .entries
            .iter_mut()
            .find(|e| e.handle.id() == failure.id)
        else {
            continue;
        };
        entry.read_error = Some(failure.error.to_string());
        changed_any = true;
        changed.write(ScenarioChanged {
            file: entry.file.clone(),
        });
    }
    if changed_any {
        library.find_shared_ids();
    }
    if library.settled() {
        awake.release("library loading");
    }
}

impl Library {
    /// Marks every file whose scenario id an earlier file in the library already has, as
    /// `jigsaw check` does within a folder, and shelves its playable version; a file whose
    /// clash has gone gets its version back.
    fn find_shared_ids(&mut self) {
        let newest: Vec<(usize, &Checked)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.read_error.is_none())
            .filter_map(|(i, e)| e.latest.as_deref().map(|c| (i, c)))
            .filter(|(_, c)| c.parsed.is_some())
            .collect();
        let files: Vec<(&Path, &str, &crate::scenario::Id)> = newest
            .iter()
            .filter_map(|(i, c)| {
                let id = &c.parsed.as_ref()?.id;
                Some((self.entries[*i].file.as_path(), c.source.as_str(), id))
            })
            .collect();
        let clashes: Vec<(usize, Diagnostic)> = crate::validate::shared_library_ids(&files)
            .into_iter()
            .map(|(n, d)| (newest[n].0, d))
            .collect();
        for (index, entry) in self.entries.iter_mut().enumerate() {
            entry.clash = clashes
                .iter()
                .find(|(i, _)| *i == index)
                .map(|(_, d)| d.clone());
            match (&entry.clash, entry.good.is_some()) {
                (Some(_), true) => entry.shelved = entry.good.take(),
                (None, false) if entry.shelved.is_some() => entry.good = entry.shelved.take(),
                _ => {}
            }
        }
    }
}
