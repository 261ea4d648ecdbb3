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
    const PAGE_TAGS: [&[u8]; 4] = [b"<!doctype html", b"<html", b"<table", b"<body"];
    if tags(head).any(|rest| PAGE_TAGS.iter().any(|tag| starts_with_tag(rest, tag))) {
        return Sniffed::Html;
    }
    let lower_name = name.to_ascii_lowercase();
    let markdown = lower_name.ends_with(".md") || lower_name.ends_with(".markdown");
    if !markdown && is_html_fragment(&bytes[..bytes.len().min(HTML_WINDOW)]) {
        return Sniffed::Html;
    }
    if markdown {
        return Sniffed::Text(SourceFormat::Markdown);
    }
    Sniffed::Text(SourceFormat::Text)
}

/// How far into a file HTML tags are looked for.
const HTML_WINDOW: usize = 64 * 1024;

/// Content saved without `<html>` or `<body>` (a CMS page body, the content of a
/// JavaScript string with its closing tags escaped `<\/p>`): HTML when it holds
/// a table, or block tags and their closing tags several times. A stray `<br>`
/// (Markdown tables use it) or `a < b` does not count.
fn is_html_fragment(window: &[u8]) -> bool {
    const MIN_TAGS: usize = 4;
    const OPENING: &[&[u8]] = &[b"<p>", b"<p ", b"<div", b"<td", b"<span"];
    const CLOSING: &[&[u8]] = &[
        b"</p>",
        b"<\\/p>",
        b"</div>",
        b"<\\/div>",
        b"</td>",
        b"<\\/td>",
    ];
    let (mut opening, mut closing) = (0, 0);
    for rest in tags(window) {
        let starts = |tag: &[u8]| starts_with_tag(rest, tag);
        if starts(b"<table") {
            return true;
        }
        opening += usize::from(OPENING.iter().any(|t| starts(t)));
        closing += usize::from(CLOSING.iter().any(|t| starts(t)));
    }
    opening >= MIN_TAGS && closing >= MIN_TAGS
}

/// The places in `bytes` where a tag can start: what follows each `<`. Only
/// those are looked at (a search of the whole text for each tag was 2 % of
/// reading a report).
fn tags(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    memchr::memchr_iter(b'<', bytes).map(move |i| &bytes[i..])
}

/// True when `rest` starts with `tag`, ASCII case aside.
fn starts_with_tag(rest: &[u8], tag: &[u8]) -> bool {
    rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_html_by_their_tags() {
        let body = "<p>一、总体情况</p><p>正文</p><p>二、主动公开政府信息情况</p><p>正文</p>";
        assert_eq!(sniff(body.as_bytes(), "page"), Sniffed::Html);
        let long_prose = format!(
            "{}<table><tr><td>1</td></tr></table>",
            "<p>正文。</p>".repeat(400)
        );
        assert_eq!(sniff(long_prose.as_bytes(), "page.txt"), Sniffed::Html);
        let js = r#"var content = "<p>一、总体情况<\/p><p>正文<\/p><p>二<\/p><p>三<\/p>";"#;
        assert_eq!(sniff(js.as_bytes(), "page.js"), Sniffed::Html);
        // Markdown keeps its <br> in table cells; text may compare with <.
        assert_eq!(
            sniff("| 1.本机关不掌握<br>相关政府信息 | 4 |".as_bytes(), "a.md"),
            Sniffed::Text(SourceFormat::Markdown)
        );
        assert_eq!(
            sniff("若 a < b，则 <p 不算标签".as_bytes(), "a.txt"),
            Sniffed::Text(SourceFormat::Text)
        );
    }

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
