//! Writing files so that a crash never leaves a half-written one.
//!
//! Settings and saved progress go through [`write_atomically`], as SQLite saves a database:
//! the bytes are written to a temporary file beside the real one (always the same name,
//! `.<name>.tmp`, so a process killed mid-write leaves at most one, which the next save
//! replaces), flushed to disk, renamed over the old file, and the folder itself is flushed
//! so the rename survives a power cut. A reader sees the old version or the new one, never
//! a torn mix. [`check_writable`] finds a save that cannot work before any work is done.
//!
//! Reading goes through [`read_text`]: files come from other people (scenarios passed
//! between organisations), so a folder, a named pipe or a device (a link to `/dev/zero`) is
//! refused before it is opened, nothing is read past a size limit, and text that is not
//! UTF-8 is reported at its first bad byte.

use std::io::{Read, Write};
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

/// Why a text file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It is not an ordinary file: "a folder", "a named pipe", "a device", "a socket".
    NotAFile(&'static str),
    /// It is bigger than the limit; `bytes` is its size, or the limit plus one when it
    /// only showed its size by being read (files under `/proc`, a file still growing).
    TooLarge {
        /// How many bytes it has, at least.
        bytes: u64,
        /// How many it may have.
        limit: u64,
    },
    /// It is not UTF-8 text.
    NotUtf8 {
        /// The text with each bad byte shown as U+FFFD, to point at.
        text: String,
        /// Where the first bad byte is (the same offset in `text`, as all before it is valid).
        offset: usize,
        /// The bad byte.
        byte: u8,
    },
    /// The system could not read it (missing, no permission, ...).
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(kind) => write!(f, "it is {kind}, not a file"),
            ReadError::TooLarge { bytes, limit } => write!(
                f,
                "it is {} KB; it may be at most {} KB",
                bytes.div_ceil(1024),
                limit / 1024
            ),
            ReadError::NotUtf8 { byte, .. } => {
                write!(
                    f,
                    "it is not UTF-8 text (a byte 0x{byte:02X} cannot be read)"
                )
            }
            ReadError::Io(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<ReadError> for std::io::Error {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::Io(error) => error,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// What `path` is when it is not an ordinary file (links followed), e.g. "a named pipe";
/// `None` for an ordinary file. An error when it cannot be looked at.
pub fn not_a_file(path: &Path) -> std::io::Result<Option<&'static str>> {
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_file() {
        return Ok(None);
    }
    if kind.is_dir() {
        return Ok(Some("a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Ok(Some("a named pipe"));
        }
        if kind.is_socket() {
            return Ok(Some("a socket"));
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Ok(Some("a device"));
        }
    }
    Ok(Some("not an ordinary file"))
}

/// Reads at most `limit` bytes from `reader`; more is [`ReadError::TooLarge`].
pub fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    within(bytes, limit)
}

/// The bytes, if there are at most `limit` of them.
fn within(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, ReadError> {
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Bytes read elsewhere (at most `limit + 1` of them, say) as text: too many is
/// [`ReadError::TooLarge`], and text that is not UTF-8 is [`ReadError::NotUtf8`].
pub fn text_within(bytes: Vec<u8>, limit: u64) -> Result<String, ReadError> {
    text_from_bytes(within(bytes, limit)?)
}

/// The bytes as text, or where they stop being UTF-8.
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        ReadError::NotUtf8 {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            offset,
            byte: bytes[offset],
        }
    })
}

/// Reads a text file of at most `limit` bytes. Anything that is not an ordinary file is
/// refused before it is opened (opening a named pipe would wait for a writer for ever), a
/// file's stated size is checked before reading, and reading stops at the limit whatever
/// the file claims.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    text_from_bytes(read_bytes(path, limit)?)
}

/// Reads a file of at most `limit` bytes, with [`read_text`]'s care.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    if let Some(kind) = not_a_file(path).map_err(ReadError::Io)? {
        return Err(ReadError::NotAFile(kind));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if let Ok(meta) = file.metadata()
        && meta.len() > limit
    {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    read_bounded(file, limit)
}

/// Every file under `folder` that `keep` accepts, sorted. Hidden entries (a name starting
/// with `.`) are skipped. Linked folders are followed, but each real folder is read once,
/// so a link back up the tree (`sub/loop -> ..`) neither loops nor finds a file twice.
pub fn files_under(folder: &Path, keep: impl Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut seen = std::collections::HashSet::new();
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(dir) = folders.pop() {
        if !seen.insert(std::fs::canonicalize(&dir)?) {
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if keep(&path) {
                files.push(path);
            }
        }
    }
    files.sort_by(|a, b| by_name(a).cmp(&by_name(b)));
    Ok(files)
}

/// How files are ordered for people: by folder, then by name without its extension, so
/// `visit.ron` comes before `visit-copy.ron` and `visit 2.ron` (a plain sort by bytes puts
/// `-` and ` ` before `.`), then by the whole name.
pub fn by_name(path: &Path) -> (Option<&Path>, Option<&std::ffi::OsStr>, &Path) {
    (path.parent(), path.file_stem(), path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_at_the_limit() {
        let read = read_bounded(std::io::repeat(b'x'), 1000);
        assert!(
            matches!(
                read,
                Err(ReadError::TooLarge {
                    bytes: 1001,
                    limit: 1000
                })
            ),
            "{read:?}"
        );
        assert_eq!(read_bounded(&b"short"[..], 5).expect("within"), b"short");
    }

    #[test]
    fn text_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
        let Err(ReadError::NotUtf8 { text, offset, byte }) =
            text_within(b"ab\n\xa3 and \xff".to_vec(), 100)
        else {
            panic!("not UTF-8");
        };
        assert_eq!((offset, byte), (3, 0xA3));
        assert_eq!(&text[offset..offset + 3], "\u{FFFD}");
    }
}
