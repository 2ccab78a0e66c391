//! Writing files so that a crash never leaves a half-written one.
//!
//! Settings and saved progress go through [`write_atomically`], as SQLite saves a database:
//! the bytes are written to a temporary file beside the real one (always the same name,
//! `.<name>.tmp`, so a process killed mid-write leaves at most one, which the next save
//! replaces), flushed to disk, renamed over the old file, and the folder itself is flushed
//! so the rename survives a power cut. A reader sees the old version or the new one, never
//! a torn mix. [`check_writable`] finds a save that cannot work before any work is done.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The temporary file a save of `path` is written to before it is renamed into place.
pub fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "save".to_string());
    folder_of(path).join(format!(".{name}.tmp"))
}

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = folder_of(path);
    std::fs::create_dir_all(folder)?;
    let temporary = temporary_path(path);
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    sync_folder(folder);
    Ok(())
}

/// Checks that `path` can be saved to: its folder exists or can be made, and a file can be
/// written there. Leaves no file behind (and removes a stale temporary file of an earlier,
/// interrupted save).
pub fn check_writable(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        ));
    }
    std::fs::create_dir_all(folder_of(path))?;
    let temporary = temporary_path(path);
    std::fs::File::create(&temporary)?;
    std::fs::remove_file(&temporary)
}

/// Flushes a folder's entries to disk, so a rename in it is durable (Unix; elsewhere the
/// rename is all there is).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}
