//! Errors of the exports, with a message in both languages.

use std::fmt;
use std::path::Path;
use xxgk_model::{Lang, Message};

/// Why an export could not be written. The message names the file (or the
/// output, for a CSV written to a caller's stream) and the problem.
#[derive(Debug)]
pub struct ExportError {
    pub kind: ExportErrorKind,
    pub message: Message,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportErrorKind {
    /// Reading or writing a file or stream failed.
    Io,
    /// The destination already holds data that the export would mix with
    /// (a Parquet directory with partitions in it).
    Exists,
    /// The XLSX writer refused something.
    Xlsx,
    /// The Parquet writer refused something.
    Parquet,
}

impl ExportError {
    pub fn new(kind: ExportErrorKind, zh: impl Into<String>, en: impl Into<String>) -> ExportError {
        ExportError {
            kind,
            message: Message::new(zh, en),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }

    /// Writing to `what` (a file path or a name such as `CSV`) failed.
    pub(crate) fn io(what: &str, err: impl fmt::Display) -> ExportError {
        ExportError::new(
            ExportErrorKind::Io,
            format!("无法写入 {what}：{err}"),
            format!("cannot write {what}: {err}"),
        )
    }

    pub(crate) fn xlsx(path: &Path, err: impl fmt::Display) -> ExportError {
        let path = path.display();
        ExportError::new(
            ExportErrorKind::Xlsx,
            format!("无法写入 Excel 文件 {path}：{err}"),
            format!("cannot write the Excel file {path}: {err}"),
        )
    }

    #[cfg(feature = "parquet")]
    pub(crate) fn parquet(path: &Path, err: impl fmt::Display) -> ExportError {
        let path = path.display();
        ExportError::new(
            ExportErrorKind::Parquet,
            format!("无法写入 Parquet 文件 {path}：{err}"),
            format!("cannot write the Parquet file {path}: {err}"),
        )
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.en)
    }
}

impl std::error::Error for ExportError {}

pub type Result<T, E = ExportError> = std::result::Result<T, E>;
