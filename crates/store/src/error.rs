//! Errors of the store, with a message in both languages.

use xxgk_model::{Lang, Message};

/// Why the store could not do what was asked, with the database or I/O error
/// behind it as its [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
#[error("{}", message.en)]
pub struct StoreError {
    /// What kind of failure, for programs.
    pub kind: StoreErrorKind,
    /// What went wrong, for people.
    pub message: Message,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The kinds of [`StoreError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// The location names a backend this build does not have (`postgres://`).
    Unsupported,
    /// The database was written by a newer xxgk (its schema version is unknown).
    TooNew,
    /// The file is not a database, or is damaged.
    Corrupt,
    /// A database error while reading or writing.
    Database,
    /// Something asked for is not stored (a report id, a source).
    NotFound,
}

impl StoreError {
    /// An error of `kind` with its message in Chinese and English.
    pub fn new(kind: StoreErrorKind, zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError {
            kind,
            message: Message::new(zh, en),
            source: None,
        }
    }

    /// The same error, caused by `source`.
    pub fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> StoreError {
        self.source = Some(Box::new(source));
        self
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        let kind = match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase)
            | Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreErrorKind::Corrupt,
            _ => StoreErrorKind::Database,
        };
        let (zh, en) = match kind {
            StoreErrorKind::Corrupt => (
                format!("不是 xxgk 数据库，或数据库已损坏：{err}"),
                format!("not an xxgk database, or the database is damaged: {err}"),
            ),
            _ => (
                format!("数据库错误：{err}"),
                format!("database error: {err}"),
            ),
        };
        StoreError::new(kind, zh, en).with_source(err)
    }
}

/// A result of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
