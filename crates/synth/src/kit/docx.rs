//! A small DOCX writer for tests: paragraphs and tables (with `w:gridSpan` and
//! `w:vMerge`) written as WordprocessingML the way Word writes it — runs with
//! properties, proofing marks and bookmarks between them — and zipped with the
//! `zip` crate.
//!
//! Text in a paragraph or cell is written with a few marks: `|` splits runs (the
//! text must read joined), `\n` starts a new paragraph (inside a cell), `\u{2028}`
//! is a line break (`w:br`) and `\t` a tab (`w:tab`). `&`, `<`, `>` are escaped.

use std::io::Write;

/// One block of the body.
pub enum Block {
    /// A paragraph (with the marks of the module docs).
    Para(String),
    /// A table: rows of cells.
    Table(Vec<Vec<Tc>>),
}

/// How a cell is merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// Not merged.
    None,
    /// `<w:vMerge w:val="restart"/>`: the first cell of a vertical merge.
    Restart,
    /// `<w:vMerge/>`: a cell covered by the one above.
    Continue,
}

/// A table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tc {
    /// The cell's text (with the marks of the module docs).
    pub text: String,
    /// Grid columns spanned (`w:gridSpan`), 1 for none.
    pub span: u32,
    /// Whether it starts or continues a vertical merge.
    pub merge: Merge,
}

impl Tc {
    /// A plain cell holding `text`.
    pub fn text(text: &str) -> Tc {
        Tc {
            text: text.to_string(),
            span: 1,
            merge: Merge::None,
        }
    }

    /// A plain empty cell.
    pub fn empty() -> Tc {
        Tc::text("")
    }

    /// The cell spanning `span` grid columns.
    pub fn span(mut self, span: u32) -> Tc {
        self.span = span;
        self
    }

    /// The cell merged as `merge` says.
    pub fn merge(mut self, merge: Merge) -> Tc {
        self.merge = merge;
        self
    }
}

const NAMESPACES: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14""#,
);

/// `word/document.xml` for the blocks.
pub fn document_xml(blocks: &[Block]) -> String {
    let mut xml = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    xml.push_str("\r\n");
    xml.push_str(&format!("<w:document {NAMESPACES}><w:body>"));
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Para(text) => paragraphs(&mut xml, text, i),
            Block::Table(rows) => table(&mut xml, rows),
        }
    }
    xml.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#);
    xml
}

fn table(xml: &mut String, rows: &[Vec<Tc>]) {
    let columns = rows
        .iter()
        .map(|r| r.iter().map(|c| c.span.max(1)).sum::<u32>())
        .max()
        .unwrap_or(1);
    xml.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>"#);
    for _ in 0..columns {
        xml.push_str(r#"<w:gridCol w:w="900"/>"#);
    }
    xml.push_str("</w:tblGrid>");
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(r#"<w:tr><w:trPr><w:trHeight w:val="400"/></w:trPr>"#);
        for (c, cell) in row.iter().enumerate() {
            xml.push_str(r#"<w:tc><w:tcPr><w:tcW w:w="900" w:type="dxa"/>"#);
            if cell.span > 1 {
                xml.push_str(&format!(r#"<w:gridSpan w:val="{}"/>"#, cell.span));
            }
            match cell.merge {
                Merge::None => {}
                Merge::Restart => xml.push_str(r#"<w:vMerge w:val="restart"/>"#),
                Merge::Continue => xml.push_str("<w:vMerge/>"),
            }
            xml.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
            paragraphs(xml, &cell.text, r * 31 + c);
            xml.push_str("</w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
}

/// One paragraph per `\n`-separated part of `text` (a cell has at least one).
fn paragraphs(xml: &mut String, text: &str, seed: usize) {
    for (i, para) in text.split('\n').enumerate() {
        xml.push_str(&format!(
            r#"<w:p w14:paraId="{:08X}"><w:pPr><w:jc w:val="center"/><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>"#,
            seed * 7 + i
        ));
        for (j, run) in para.split('|').enumerate() {
            if run.is_empty() {
                continue;
            }
            if j > 0 {
                // What Word leaves between runs.
                match (seed + j) % 3 {
                    0 => xml.push_str(r#"<w:proofErr w:type="gramStart"/>"#),
                    1 => xml.push_str(&format!(
                        r#"<w:bookmarkStart w:id="{j}" w:name="_GoBack"/><w:bookmarkEnd w:id="{j}"/>"#
                    )),
                    _ => {}
                }
            }
            xml.push_str(r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体"/><w:sz w:val="21"/></w:rPr>"#);
            let mut text = String::new();
            for c in run.chars().chain(['\0']) {
                if matches!(c, '\t' | '\u{2028}' | '\0') && !text.is_empty() {
                    xml.push_str(r#"<w:t xml:space="preserve">"#);
                    xml.push_str(&escape(&std::mem::take(&mut text)));
                    xml.push_str("</w:t>");
                }
                match c {
                    '\t' => xml.push_str("<w:tab/>"),
                    '\u{2028}' => xml.push_str("<w:br/>"),
                    '\0' => {}
                    c => text.push(c),
                }
            }
            xml.push_str("</w:r>");
        }
        xml.push_str("</w:p>");
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A ZIP of the given parts (deflated).
pub fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A DOCX whose main document part is `document_xml`.
pub fn docx(document_xml: &str) -> Vec<u8> {
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}
