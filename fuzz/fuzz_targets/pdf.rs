//! Arbitrary bytes after a PDF header through the PDF reader (poppler's
//! pdftotext as a bounded subprocess): an error or a document, never a panic,
//! and every cell of the document is a character-boundary range of its text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data);
    if let Ok(document) = xxgk_read::pdf::read(&bytes) {
        for line in &document.lines {
            for &cell in document.cells(line) {
                let _ = document.text(cell);
                let span = document.span(cell.start, cell.end);
                assert!(document.original.is_char_boundary(span.start) && document.original.is_char_boundary(span.end));
            }
        }
    }
});
