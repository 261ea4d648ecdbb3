//! Why a source could not be read at all.

use std::error::Error;
use std::fmt;
use std::sync::Arc;
use xxgk_model::{Lang, Message};

/// The `error.kind` values of `xxgk/findings@1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The file or folder could not be read (missing, no permission, a link loop…).
    Io,
    /// The file or folder holds nothing.
    Empty,
    /// The file (or a part of it) is over the size or time limit.
    TooLarge,
    /// The bytes are not text and no known document format.
    Binary,
    /// The text's encoding could not be told.
    Encoding,
    /// A format xxgk does not read (legacy .doc, a ZIP that is no DOCX…).
    UnsupportedFormat,
    /// The document is damaged.
    Corrupt,
    /// A PDF without a text layer (a scan).
    NoTextLayer,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::Io,
        ErrorKind::Empty,
        ErrorKind::TooLarge,
        ErrorKind::Binary,
        ErrorKind::Encoding,
        ErrorKind::UnsupportedFormat,
        ErrorKind::Corrupt,
        ErrorKind::NoTextLayer,
    ];

    /// The kind [`ErrorKind::as_str`] writes as `name`.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// The kind as written in JSON outputs and the store (`too-large`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::Binary => "binary",
            ErrorKind::Encoding => "encoding",
            ErrorKind::UnsupportedFormat => "unsupported-format",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::NoTextLayer => "no-text-layer",
        }
    }
}

/// A source that cannot be read, with a message for people in both languages
/// and, where one caused it, the underlying error ([`Error::source`]).
///
/// Batches hand the same failed input to several outputs, so the error is
/// `Clone` and its cause shared; `Error` is written out rather than derived
/// because a derived `source()` would return the `Arc` instead of the error in
/// it, and callers could not downcast to the `io::Error`.
#[derive(Clone, Debug)]
pub struct ReadError {
    /// What kind of failure, for programs.
    pub kind: ErrorKind,
    /// What went wrong, for people.
    pub message: Message,
    /// The I/O, ZIP… error behind it.
    source: Option<Arc<dyn Error + Send + Sync>>,
}

impl ReadError {
    /// An error of `kind` with its message in Chinese and English.
    pub fn new(kind: ErrorKind, zh: impl Into<String>, en: impl Into<String>) -> ReadError {
        ReadError {
            kind,
            message: Message::new(zh, en),
            source: None,
        }
    }

    /// The same error, caused by `source`.
    pub fn with_source(mut self, source: impl Error + Send + Sync + 'static) -> ReadError {
        self.source = Some(Arc::new(source));
        self
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// A size in bytes as people read it in a message: exact, with thousands
/// separators (`67,108,865`), so that a file one byte over a limit does not read
/// as if it were at the limit.
pub fn byte_count(bytes: u64) -> String {
    let digits = bytes.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The error for a document of `format` (`HTML`, `DOCX`) with more than
/// `limit` table cells: a crafted one (an annual report's tables have a few
/// hundred), refused before its cells take memory many times its size.
pub fn too_many_cells(format: &str, limit: usize) -> ReadError {
    let limit = byte_count(limit as u64);
    ReadError::new(
        ErrorKind::TooLarge,
        format!("{format} 表格单元格过多：超过 {limit} 个（年度报告的表格只有数百个单元格）"),
        format!(
            "the {format} has more than {limit} table cells (an annual report's tables have a few hundred)"
        ),
    )
}

/// The error for an input of `size` bytes over a limit of `limit` bytes.
pub fn too_large(size: u64, limit: u64) -> ReadError {
    let mib = limit as f64 / 1_048_576.0;
    ReadError::new(
        ErrorKind::TooLarge,
        format!(
            "文件过大：{} 字节，上限为 {} 字节（{mib} MiB）",
            byte_count(size),
            byte_count(limit)
        ),
        format!(
            "the file is too large: {} bytes; the limit is {} bytes ({mib} MiB)",
            byte_count(size),
            byte_count(limit)
        ),
    )
}

/// Two errors are equal when they say the same; the underlying errors (which
/// cannot be compared) are not.
impl PartialEq for ReadError {
    fn eq(&self, other: &ReadError) -> bool {
        self.kind == other.kind && self.message == other.message
    }
}

impl Eq for ReadError {}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message.en)
    }
}

impl Error for ReadError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(kind.as_str()), Some(kind));
        }
        let mut names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(ErrorKind::from_name("timeout"), None);
    }

    #[test]
    fn sizes_are_exact() {
        assert_eq!(byte_count(0), "0");
        assert_eq!(byte_count(999), "999");
        assert_eq!(byte_count(1000), "1,000");
        assert_eq!(byte_count(67_108_865), "67,108,865");
        assert_eq!(
            too_large(67_108_865, 67_108_864).message.zh,
            "文件过大：67,108,865 字节，上限为 67,108,864 字节（64 MiB）"
        );
    }
}
