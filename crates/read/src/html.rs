//! Reading HTML sources into a [`Document`](crate::Document).

use crate::error::{ErrorKind, ReadError};
use crate::Document;

/// Reads the bytes of a HTML file.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::new(
        ErrorKind::UnsupportedFormat,
        "HTML 文件暂不支持",
        "HTML files are not supported yet",
    ))
}
