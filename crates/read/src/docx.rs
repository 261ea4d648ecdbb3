//! Reading DOCX sources into a [`Document`](crate::Document).

use crate::error::{ErrorKind, ReadError};
use crate::Document;

/// Reads the bytes of a DOCX file.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::new(
        ErrorKind::UnsupportedFormat,
        "DOCX 文件暂不支持",
        "DOCX files are not supported yet",
    ))
}
