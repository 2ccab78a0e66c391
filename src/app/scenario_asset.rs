//! Scenario files as Bevy assets.
//!
//! The loader only wraps the core: it reads the bytes and calls
//! [`check_source`](crate::validate::check_source) with the rubric, so the app and
//! `jigsaw check` share one code path and an error reads the same in both. A file with
//! errors still loads: the asset carries the diagnostics, and the [library](super::scenarios)
//! decides what to show and whether to keep playing the last good version.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy::tasks::futures_lite::AsyncReadExt;

use super::launch::{Launch, RELOAD_AWAKE};
use super::wake::Waker;
use crate::rubric::Rubric;
use crate::scenario::limits::MAX_FILE_BYTES;
use crate::scenario::unreadable;
use crate::store;
use crate::validate::{Checked, check_source};

pub(super) fn plugin(app: &mut App) {
    let launch = app.world().resource::<Launch>().clone();
    app.init_asset::<ScenarioAsset>()
        .register_asset_loader(ScenarioLoader::new(&launch));
}

/// A scenario file after checking: the scenario if it parsed, and every diagnostic.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct ScenarioAsset {
    /// What the validator found.
    pub checked: Arc<Checked>,
}

/// Loads `.ron` scenario files through the core's validator.
#[derive(TypePath)]
pub struct ScenarioLoader {
    rubric: Arc<Rubric>,
    /// (asset source, folder as the user named it), to show paths the way `check` does.
    folders: Vec<(String, PathBuf)>,
    waker: Waker,
}

impl ScenarioLoader {
    /// A loader for the folders and rubric the app was started with.
    pub fn new(launch: &Launch) -> ScenarioLoader {
        ScenarioLoader {
            rubric: launch.rubric.clone(),
            folders: launch
                .folders
                .iter()
                .map(|f| (f.source.clone(), f.shown.clone()))
                .collect(),
            waker: launch.waker.clone(),
        }
    }

    /// The file's path as the user knows it: its folder as given, joined with its name.
    fn shown_path(&self, context: &LoadContext) -> PathBuf {
        let asset_path = context.path();
        let source = asset_path.source().as_str().unwrap_or_default();
        let relative = asset_path.path();
        match self.folders.iter().find(|(s, _)| s == source) {
            Some((_, folder)) => folder.join(relative),
            None => relative.to_path_buf(),
        }
    }
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        context: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, std::io::Error> {
        // Never more than the size limit (and one byte to know it was passed), whatever the
        // file is: a link to `/dev/zero` must not fill memory.
        let mut bytes = Vec::new();
        AsyncReadExt::read_to_end(
            &mut AsyncReadExt::take(&mut *reader, MAX_FILE_BYTES as u64 + 1),
            &mut bytes,
        )
        .await?;
        let path = self.shown_path(context);
        let checked = check_bytes(&path, bytes, &self.rubric);
        // The result reaches the library on a later frame: keep frames coming until then.
        self.waker.stay_awake_for(RELOAD_AWAKE);
        Ok(ScenarioAsset {
            checked: Arc::new(checked),
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// Checks a file's bytes as the command line would, with the same message for a file that
/// is too large or not UTF-8.
fn check_bytes(path: &Path, bytes: Vec<u8>, rubric: &Rubric) -> Checked {
    match store::text_within(bytes, MAX_FILE_BYTES as u64) {
        Ok(source) => check_source(path, &source, rubric),
        Err(error) => {
            let (source, diagnostic) = unreadable(path, "scenario", error);
            Checked::unreadable(path, source, diagnostic)
        }
    }
}
