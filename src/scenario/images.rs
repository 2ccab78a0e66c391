//! The rule for a scene's picture: a PNG file inside the scenario's own folder, of a size a
//! screen can show.
//!
//! A scenario file comes from someone else, so its `image` is a request, not a path to
//! open: [`resolve`] refuses absolute paths and `..` before touching the disk (so a check
//! reveals nothing about files elsewhere on the machine), resolves symbolic links and
//! requires the result to stay inside the folder, and reads only the PNG signature and
//! header to check the picture's dimensions. `jigsaw check` reports each refusal at the
//! `image` field; the app calls the same function before loading a picture.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest picture file, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

/// The widest or tallest picture, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4096;

/// The PNG file signature.
const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// A picture that passed the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// The file, with symbolic links resolved.
    pub path: PathBuf,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Why a picture cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path is absolute, climbs out with `..`, or (after links) leads outside the folder.
    OutsideFolder,
    /// No such file in the folder (the scene is shown without it).
    Missing,
    /// Not a PNG file (by its signature), or not a file at all.
    NotPng,
    /// The file or its dimensions are too large.
    TooLarge(String),
}

impl Refusal {
    /// The diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::OutsideFolder => "image-outside-folder",
            Refusal::Missing => "missing-image",
            Refusal::NotPng => "image-not-png",
            Refusal::TooLarge(_) => "image-too-large",
        }
    }

    /// Whether the scenario can still be played (the scene is shown without the picture).
    pub fn is_warning(&self) -> bool {
        matches!(self, Refusal::Missing)
    }

    /// What is wrong, in plain language, for the picture named `image`.
    pub fn message(&self, image: &str) -> String {
        match self {
            Refusal::OutsideFolder => {
                format!("the image `{image}` is not inside the scenario's folder")
            }
            Refusal::Missing => format!("the image `{image}` does not exist"),
            Refusal::NotPng => format!("the image `{image}` is not a PNG file"),
            Refusal::TooLarge(why) => format!("the image `{image}` is too large: {why}"),
        }
    }

    /// What to do about it.
    pub fn hint(&self, folder: &Path) -> String {
        match self {
            Refusal::OutsideFolder => format!(
                "pictures must be files in the scenario's folder ({}) or a folder inside it, named like \"images/hallway.png\", with no `..` and no link leading out",
                folder.display()
            ),
            Refusal::Missing => format!(
                "image paths are relative to the scenario's folder ({}); the scene will be shown without it",
                folder.display()
            ),
            Refusal::NotPng => {
                "save the picture as a PNG file (most image editors offer \"Export as PNG\")"
                    .to_string()
            }
            Refusal::TooLarge(_) => format!(
                "use a PNG of at most {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE} pixels and {} MB; a screen shows no more",
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// The folder a scenario file's pictures are named relative to.
pub fn folder_of(scenario_file: &Path) -> &Path {
    match scenario_file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Applies the picture rule to `image`, as written in the scenario file at `scenario_file`.
pub fn resolve(scenario_file: &Path, image: &str) -> Result<Picture, Refusal> {
    // Refuse by the text alone first: nothing outside the folder is ever looked at.
    let written = Path::new(image);
    let climbs = written
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if image.is_empty() || image.contains('\\') || written.is_absolute() || climbs {
        return Err(Refusal::OutsideFolder);
    }
    let folder = folder_of(scenario_file);
    let candidate = folder.join(written);
    let Ok(real) = candidate.canonicalize() else {
        return Err(Refusal::Missing);
    };
    let Ok(real_folder) = folder.canonicalize() else {
        return Err(Refusal::Missing);
    };
    if !real.starts_with(&real_folder) {
        return Err(Refusal::OutsideFolder);
    }
    let metadata = std::fs::metadata(&real).map_err(|_| Refusal::Missing)?;
    if !metadata.is_file() {
        return Err(Refusal::NotPng);
    }
    if metadata.len() > MAX_IMAGE_BYTES {
        return Err(Refusal::TooLarge(format!(
            "the file is {} MB",
            metadata.len().div_ceil(1024 * 1024)
        )));
    }
    let mut header = [0u8; 24];
    let read = std::fs::File::open(&real)
        .and_then(|f| f.take(24).read_exact(&mut header))
        .is_ok();
    if !read || &header[..8] != PNG_SIGNATURE || &header[12..16] != b"IHDR" {
        return Err(Refusal::NotPng);
    }
    let width = u32::from_be_bytes([header[16], header[17], header[18], header[19]]);
    let height = u32::from_be_bytes([header[20], header[21], header[22], header[23]]);
    if width == 0 || height == 0 {
        return Err(Refusal::NotPng);
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(Refusal::TooLarge(format!("it is {width}×{height} pixels")));
    }
    Ok(Picture {
        path: real,
        width,
        height,
    })
}
