//! Values that remember where they were written in a scenario file.
//!
//! Trainers need every problem reported at the file, line and column where they wrote it,
//! but serde forgets positions once a value is parsed. [`Spanned<T>`] keeps them: it
//! deserialises through `ron`'s borrowed [`RawValue`](ron::value::RawValue), whose text is a
//! slice of the original file, so the slice's address gives the byte offset. The loader
//! registers the file's text with [`with_source`] for the duration of a parse.

use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

pub use crate::diagnostic::Span;

/// A value together with the place in the file where it was written.
///
/// Equality, ordering and hashing look at the value only, so two ids written in different
/// places compare equal.
#[derive(Clone, Default)]
pub struct Spanned<T> {
    /// The parsed value.
    pub value: T,
    /// Where the value was written (empty when it was not read from a file).
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value with no place in a file (built in code, or by a test).
    pub fn bare(value: T) -> Self {
        Spanned {
            value,
            span: Span::default(),
        }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state)
    }
}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T> From<T> for Spanned<T> {
    fn from(value: T) -> Self {
        Spanned::bare(value)
    }
}

impl From<&str> for Spanned<String> {
    fn from(value: &str) -> Self {
        Spanned::bare(value.to_string())
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

thread_local! {
    /// Address and length of the text being parsed on this thread, if any.
    static SOURCE: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

/// Runs `parse` with `text` registered as the source that spans are measured against.
pub fn with_source<R>(text: &str, parse: impl FnOnce() -> R) -> R {
    let previous = SOURCE.with(|s| s.replace(Some((text.as_ptr() as usize, text.len()))));
    let result = parse();
    SOURCE.with(|s| s.set(previous));
    result
}

/// The byte offset of `slice` in the registered source, if it lies inside it.
fn offset_in_source(slice: &str) -> Option<usize> {
    let (base, len) = SOURCE.with(|s| s.get())?;
    let addr = slice.as_ptr() as usize;
    (addr >= base && addr + slice.len() <= base + len).then(|| addr - base)
}

/// Marks an error message with the absolute byte offset where it happened, so the loader
/// can report the right line even when the error came from a nested value.
const OFFSET_MARK: char = '\u{1}';

/// Splits a marked error message into its byte offset and plain message.
pub(crate) fn take_offset(message: &str) -> Option<(usize, &str)> {
    let rest = message.strip_prefix(OFFSET_MARK)?;
    let (digits, text) = rest.split_once(OFFSET_MARK)?;
    Some((digits.parse().ok()?, text))
}

/// The byte offset of a 1-based line and column within `text`.
pub(crate) fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (index, l) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = l
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

impl<'de, T: de::DeserializeOwned> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: &'de ron::value::RawValue = Deserialize::deserialize(deserializer)?;
        let text = raw.get_ron();
        let start = offset_in_source(text);
        match super::ron_options().from_str::<T>(text) {
            Ok(value) => Ok(Spanned {
                value,
                span: start
                    .map(|s| Span::new(s..s + text.len()))
                    .unwrap_or_default(),
            }),
            Err(error) => {
                let message = error.code.to_string();
                if take_offset(&message).is_some() {
                    return Err(de::Error::custom(message));
                }
                match start {
                    Some(s) => {
                        let at = s + offset_of(text, error.span.start.line, error.span.start.col);
                        Err(de::Error::custom(format!(
                            "{OFFSET_MARK}{at}{OFFSET_MARK}{message}"
                        )))
                    }
                    None => Err(de::Error::custom(message)),
                }
            }
        }
    }
}
