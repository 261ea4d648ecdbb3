//! Errors of the exports, with a message in both languages.

use std::path::Path;
use xxgk_model::{Lang, Message};

/// Why an export could not be written. The message names the file (or the
/// output, for a CSV written to a caller's stream) and the problem; the I/O,
/// XLSX or Parquet error behind it is its [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
#[error("{}", message.en)]
pub struct ExportError {
    /// What kind of failure, for programs.
    pub kind: ExportErrorKind,
    /// What went wrong, for people.
    pub message: Message,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The kinds of [`ExportError`].
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

/// What the writers fail with, kept as an export error's source.
type Cause = Box<dyn std::error::Error + Send + Sync>;

impl ExportError {
    /// An error of `kind` with its message in Chinese and English.
    pub fn new(kind: ExportErrorKind, zh: impl Into<String>, en: impl Into<String>) -> ExportError {
        ExportError {
            kind,
            message: Message::new(zh, en),
            source: None,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }

    /// Writing to `what` (a file path or a name such as `CSV`) failed.
    pub(crate) fn io(what: &str, err: impl Into<Cause>) -> ExportError {
        let err = err.into();
        ExportError::new(
            ExportErrorKind::Io,
            format!("无法写入 {what}：{err}"),
            format!("cannot write {what}: {err}"),
        )
        .caused_by(err)
    }

    pub(crate) fn xlsx(path: &Path, err: impl Into<Cause>) -> ExportError {
        let (path, err) = (path.display(), err.into());
        ExportError::new(
            ExportErrorKind::Xlsx,
            format!("无法写入 Excel 文件 {path}：{err}"),
            format!("cannot write the Excel file {path}: {err}"),
        )
        .caused_by(err)
    }

    #[cfg(feature = "parquet")]
    pub(crate) fn parquet(path: &Path, err: impl Into<Cause>) -> ExportError {
        let (path, err) = (path.display(), err.into());
        ExportError::new(
            ExportErrorKind::Parquet,
            format!("无法写入 Parquet 文件 {path}：{err}"),
            format!("cannot write the Parquet file {path}: {err}"),
        )
        .caused_by(err)
    }

    /// The operating system's error behind this one (a full disk, a missing
    /// permission), when writing failed there.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        let mut next: Option<&(dyn std::error::Error + 'static)> = match &self.source {
            Some(source) => Some(source.as_ref()),
            None => None,
        };
        while let Some(error) = next {
            if let Some(io) = error.downcast_ref::<std::io::Error>() {
                return Some(io);
            }
            if let Some(csv::ErrorKind::Io(io)) =
                error.downcast_ref::<csv::Error>().map(|e| e.kind())
            {
                return Some(io);
            }
            next = error.source();
        }
        None
    }

    fn caused_by(mut self, source: Cause) -> ExportError {
        self.source = Some(source);
        self
    }
}

/// A result of an export.
pub type Result<T, E = ExportError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::ExportError;
    use std::io;

    #[test]
    fn the_io_error_is_found_behind_the_writers_errors() {
        let full = || io::Error::new(io::ErrorKind::StorageFull, "No space left on device");
        let direct = ExportError::io("a.csv", full());
        assert_eq!(
            direct.io_error().map(io::Error::kind),
            Some(io::ErrorKind::StorageFull)
        );
        let csv = ExportError::io("a.csv", csv::Error::from(full()));
        assert_eq!(
            csv.io_error().map(io::Error::kind),
            Some(io::ErrorKind::StorageFull)
        );
        let none = ExportError::new(super::ExportErrorKind::Exists, "有", "there");
        assert!(none.io_error().is_none());
    }
}
