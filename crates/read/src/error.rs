//! Why a source could not be read at all.

use xxgk_model::{Lang, Message};

/// The `error.kind` values of `xxgk/findings@1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Io,
    Empty,
    TooLarge,
    Binary,
    Encoding,
    UnsupportedFormat,
    Corrupt,
    NoTextLayer,
}

impl ErrorKind {
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

/// A source that cannot be read, with a message for people in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ErrorKind,
    pub message: Message,
}

impl ReadError {
    pub fn new(kind: ErrorKind, zh: impl Into<String>, en: impl Into<String>) -> ReadError {
        ReadError {
            kind,
            message: Message::new(zh, en),
        }
    }
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message.en)
    }
}

impl std::error::Error for ReadError {}
