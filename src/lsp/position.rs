//! Byte offsets in a document's text and the editor's line/character positions.
//!
//! The core measures places in bytes ([`Span`](crate::scenario::Span)); the protocol counts
//! lines from 0 and characters in UTF-16 code units, so a curly quote or an accented name
//! earlier on a line shifts every later column. [`LineIndex`] converts both ways, and
//! never panics on a position past the end of a line or of the file: it clamps.

use lsp_types::{Position, Range};

/// Where each line of a text starts, for conversions in both directions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// The byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`'s lines.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { starts }
    }

    /// The editor position of byte `offset` (clamped to the text, and moved back to the
    /// start of a character if it falls inside one).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The editor range of a byte range.
    pub fn range(&self, text: &str, bytes: std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, bytes.start),
            self.position(text, bytes.end),
        )
    }

    /// The byte offset of an editor position. A line past the end gives the end of the
    /// text; a character past the end of its line gives the end of the line; a character
    /// in the middle of a surrogate pair gives the start of that character.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let mut units = 0;
        for (at, c) in text[start..end].char_indices() {
            if c == '\r' && start + at + 1 == end {
                return start + at;
            }
            units += c.len_utf16();
            if units > position.character as usize {
                return start + at;
            }
        }
        end
    }
}

/// `offset`, or the start of the character it falls inside.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units.
        let text = "ab\né😀x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(1, 3));
        assert_eq!(index.offset(text, Position::new(1, 3)), x);
        assert_eq!(
            index.offset(text, Position::new(1, 1)),
            text.find('😀').unwrap()
        );
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(
            index.offset(text, Position::new(1, 2)),
            text.find('😀').unwrap()
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 99)), 3);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.offset(text, Position::new(1, 99)), text.len());
        assert_eq!(index.position(text, 999), Position::new(1, 3));
        assert_eq!(index.position("é", 1), Position::new(0, 0));
    }
}
