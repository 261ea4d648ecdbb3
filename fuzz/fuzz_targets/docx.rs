//! The DOCX reader on arbitrary input: an error or a document, never a panic.
//!
//! The first byte picks the layer: even, the bytes are a whole package (ZIP
//! parsing, part lookup, size limits); odd, they are the text of
//! `word/document.xml` (the XML walk, cell ranges, rewrites), whose document
//! must keep the XML's length and hold no line break or tab inside a cell. Every
//! document read goes through the extractor too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk_model::{Source, SourceFormat};
use xxgk_read::{docx, Document};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(doc) = docx::read(rest) {
            check(&doc);
        }
    } else {
        let xml = String::from_utf8_lossy(rest).into_owned();
        let len = xml.len();
        if let Ok(doc) = docx::read_document_xml(xml) {
            assert_eq!(doc.original.len(), len, "rewrites keep the length");
            check(&doc);
        }
    }
});

fn check(doc: &Document) {
    for line in &doc.lines {
        for &cell in doc.cells(line) {
            let text = doc.text(cell);
            assert!(!text.contains(['\n', '\t']), "a cell is one line: {text:?}");
            let span = doc.span(cell.start, cell.end);
            assert!(span.start <= span.end && span.end <= doc.original.len());
        }
    }
    let source = Source {
        file: "fuzz.docx".into(),
        format: SourceFormat::Docx,
        sha256: String::new(),
        encoding: None,
    };
    let report = xxgk_extract::extract_document(doc, source);
    for (path, printed) in &report.cells {
        let span = printed.span;
        assert_eq!(
            &doc.original[span.start..span.end],
            printed.raw.as_str(),
            "{path}"
        );
    }
}
