//! Reading report sources: bytes → decoded text → folded text with a map back to
//! the original → lines of cells ([`Document`]). The extractor works on documents,
//! whatever the source format: text, HTML, DOCX or PDF.
//!
//! The API: [`read`] (any format, told from the bytes), the readers of one
//! format ([`docx`], [`html`], [`pdf`]), [`decode`] for text, [`fold`] for the
//! folded form of any string, and the [`Document`] they produce. How formats are
//! told apart and how documents are built stay inside.

pub mod archive;
mod decode;
pub mod docx;
pub mod error;
mod fold;
pub mod html;
mod layout;
pub mod pdf;
mod sniff;

pub use decode::{decode, Damage, Decoded, MAX_CONTROL_SHARE, MAX_DAMAGE_SHARE, REPLACEMENT};
pub use error::{byte_count, ErrorKind, ReadError};
pub use fold::{entity, fold, Folded};
pub use layout::{
    Cell, Document, DocumentBuilder, Dropped, Line, LineKind, Location, OutOfOrder, Separator,
    SpanCursor, MAX_TABLE_CELLS,
};

use xxgk_model::SourceFormat;

/// A source read into a document.
pub struct Read {
    /// The document, as lines of cells.
    pub document: Document,
    /// The format the bytes were in.
    pub format: SourceFormat,
    /// The character encoding of text sources (`UTF-8`, `GB18030`, …).
    pub encoding: Option<String>,
}

/// Reads the bytes of a file named `name` in whichever format they are.
pub fn read(bytes: &[u8], name: &str) -> Result<Read, ReadError> {
    let unsupported =
        |zh: &str, en: &str| Err(ReadError::new(ErrorKind::UnsupportedFormat, zh, en));
    match sniff::sniff(bytes, name) {
        sniff::Sniffed::Text(format) => {
            let decoded = decode(bytes, None)?;
            Ok(Read {
                document: Document::from_text(decoded.text).with_damage(decoded.damaged),
                format,
                encoding: Some(decoded.encoding.to_string()),
            })
        }
        sniff::Sniffed::Html => html::read_with_encoding(bytes).map(|(document, encoding)| Read {
            document,
            format: SourceFormat::Html,
            encoding: Some(encoding.to_string()),
        }),
        sniff::Sniffed::Docx => docx::read(bytes).map(|document| Read {
            document,
            format: SourceFormat::Docx,
            encoding: None,
        }),
        sniff::Sniffed::Pdf => pdf::read(bytes).map(|document| Read {
            document,
            format: SourceFormat::Pdf,
            encoding: None,
        }),
        sniff::Sniffed::LegacyOffice => unsupported(
            "不支持旧版 .doc/.wps 文件，请另存为 .docx",
            "legacy .doc/.wps files are not supported; save the report as .docx",
        ),
        sniff::Sniffed::OtherZip => unsupported(
            "ZIP 文件不是 Word 文档（.docx）",
            "the ZIP file is not a Word document (.docx)",
        ),
    }
}
