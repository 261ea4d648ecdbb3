//! Where something was printed in the source document.

use serde::{Deserialize, Serialize};

/// A location in the decoded original text (byte range plus 1-based line/column in
/// characters), optionally refined by the container it came from (PDF page, DOCX
/// paragraph or table cell). Field names follow `xxgk/findings@1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte in the decoded original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column (in characters) of the first character.
    pub column: u32,
    /// 1-based line where the span ends.
    pub end_line: u32,
    /// 1-based column one past the last character.
    pub end_column: u32,
    /// The PDF page, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The DOCX or HTML paragraph, 0-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// The table in the source, 0-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// The row of that table, 0-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The cell of that row, 0-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<u32>,
}

impl Span {
    /// The smallest span covering both (container fields come from `self`).
    pub fn cover(self, other: Span) -> Span {
        let (first, last) = if other.start < self.start {
            (other, self)
        } else {
            (self, other)
        };
        let end_first = (self.end_line, self.end_column).max((other.end_line, other.end_column));
        Span {
            start: first.start,
            end: self.end.max(other.end),
            line: first.line,
            column: first.column,
            end_line: end_first.0,
            end_column: end_first.1,
            page: self.page.or(last.page),
            ..self
        }
    }
}
