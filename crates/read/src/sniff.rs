//! Which reader a source needs, from its bytes first and its name second: a PDF
//! saved as .txt, or a page saved without an extension, is still read right.

use xxgk_model::SourceFormat;

/// What the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Text(SourceFormat),
    Html,
    Docx,
    Pdf,
    /// A ZIP that is not a Word document (an XLSX, an archive).
    OtherZip,
    /// Legacy Word or WPS (OLE compound file).
    LegacyOffice,
}

pub fn sniff(bytes: &[u8], name: &str) -> Sniffed {
    let head = &bytes[..bytes.len().min(2048)];
    if head.starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        // A DOCX names word/document.xml among its first entries.
        let window = &bytes[..bytes.len().min(64 * 1024)];
        return if contains(window, b"word/")
            || contains(window, b"[Content_Types].xml")
                && name.to_ascii_lowercase().ends_with(".docx")
        {
            Sniffed::Docx
        } else {
            Sniffed::OtherZip
        };
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::LegacyOffice;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if contains(&lower, b"<!doctype html")
        || contains(&lower, b"<html")
        || contains(&lower, b"<table")
        || contains(&lower, b"<body")
    {
        return Sniffed::Html;
    }
    let lower_name = name.to_ascii_lowercase();
    if lower_name.ends_with(".md") || lower_name.ends_with(".markdown") {
        return Sniffed::Text(SourceFormat::Markdown);
    }
    Sniffed::Text(SourceFormat::Text)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_decide_before_names() {
        assert_eq!(sniff(b"%PDF-1.7\n", "report.txt"), Sniffed::Pdf);
        assert_eq!(sniff(b"<!DOCTYPE html><html>", "page"), Sniffed::Html);
        assert_eq!(
            sniff(b"PK\x03\x04....word/document.xml", "x.bin"),
            Sniffed::Docx
        );
        assert_eq!(
            sniff(b"PK\x03\x04....xl/workbook.xml", "x.xlsx"),
            Sniffed::OtherZip
        );
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "a.doc"),
            Sniffed::LegacyOffice
        );
        assert_eq!(
            sniff("一、总体情况".as_bytes(), "a.md"),
            Sniffed::Text(SourceFormat::Markdown)
        );
    }
}
