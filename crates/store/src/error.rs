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
    /// The file is another program's SQLite database: xxgk leaves it alone.
    Foreign,
    /// Another xxgk process is writing to the database.
    Busy,
    /// The disk (or the user's quota) is full.
    DiskFull,
    /// The database cannot be written (read-only media or permissions).
    ReadOnly,
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
            Some(rusqlite::ErrorCode::DiskFull) => StoreErrorKind::DiskFull,
            Some(rusqlite::ErrorCode::ReadOnly) => StoreErrorKind::ReadOnly,
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreErrorKind::Busy
            }
            _ => StoreErrorKind::Database,
        };
        let (zh, en) = match kind {
            StoreErrorKind::Corrupt => (
                format!("不是 xxgk 数据库，或数据库已损坏：{err}"),
                format!("not an xxgk database, or the database is damaged: {err}"),
            ),
            // The transaction in progress was rolled back: what was committed
            // before is intact, and a re-run after freeing space goes on.
            StoreErrorKind::DiskFull => (
                "磁盘已满，数据库未能写入；本批次未保存，已保存的内容完好。请释放空间后重新运行".to_string(),
                "the disk is full and the database could not be written; this batch was not saved, what was saved before is intact. Free some space and run again".to_string(),
            ),
            StoreErrorKind::ReadOnly => (
                "数据库不可写（只读介质或没有写权限）".to_string(),
                "the database cannot be written (read-only media or no write permission)".to_string(),
            ),
            StoreErrorKind::Busy => (
                format!("数据库正被其他程序占用：{err}"),
                format!("the database is in use by another program: {err}"),
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
