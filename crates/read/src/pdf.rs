//! Reading PDF sources into a [`Document`](crate::Document).

use crate::error::{ErrorKind, ReadError};
use crate::Document;

/// Reads the bytes of a PDF file.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::new(
        ErrorKind::UnsupportedFormat,
        "PDF 文件暂不支持",
        "PDF files are not supported yet",
    ))
}
