//! The scene's picture: loaded through Bevy's asset server from the scenario's own folder
//! (the same confinement `jigsaw check` applies), kept by path, and shown as a plain note
//! while it loads or when it cannot be shown.

#[allow(unused_imports)]
use super::*;

/// Loaded scene pictures, by asset path.
#[derive(Default)]
pub(super) struct Pictures(HashMap<AssetPath<'static>, Handle<Image>>);

/// The current scene's picture, as the play screen shows it.
pub(super) fn scene_picture(
    playing: &Playing,
    entry: &crate::app::scenarios::Entry,
    assets: &AssetServer,
    images: &Assets<Image>,
    contexts: &mut EguiContexts,
    pictures: &mut Pictures,
) -> SceneImage {
    let image = playing
        .session
        .current_scene(&playing.playable.scenario)
        .and_then(|s| s.image.as_ref());
    let Some(image) = image else {
        return SceneImage::None;
    };
    {
        let folder = entry
            .asset_path
            .path()
            .parent()
            .unwrap_or(std::path::Path::new(""));
        let path = AssetPath::from_path_buf(folder.join(&image.value))
            .with_source(entry.asset_path.source().clone_owned())
            .into_owned();
        let handle = pictures
            .0
            .entry(path)
            .or_insert_with_key(|path| assets.load::<Image>(path.clone()))
            .clone();
        match assets.load_state(&handle) {
            LoadState::Loaded => match images.get(&handle) {
                Some(loaded) => SceneImage::Ready {
                    texture: contexts.add_image(EguiTextureHandle::Strong(handle.clone())),
                    size: egui::vec2(loaded.width() as f32, loaded.height() as f32),
                },
                None => SceneImage::Loading,
            },
            LoadState::Failed(error) => SceneImage::Missing(format!(
                "The picture for this scene ({}) could not be shown: {error}",
                image.value
            )),
            _ => SceneImage::Loading,
        }
    }
}
