//! Arbitrary markup through the HTML reader and the extractor (the input is read
//! as a page: `<html>` goes in front so the sniffer always picks HTML). Never a
//! panic; the document's cells keep page order and lie on character boundaries;
//! every reported value is printed at the span it names.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"<html>".to_vec();
    bytes.extend_from_slice(data);
    let Ok(doc) = xxgk_read::html::read(&bytes) else {
        return;
    };
    let mut last = 0;
    for line in &doc.lines {
        for &cell in doc.cells(line) {
            let span = doc.span(cell.start, cell.end);
            assert!(span.start <= span.end && span.end <= doc.original.len());
            assert!(
                doc.original.is_char_boundary(span.start)
                    && doc.original.is_char_boundary(span.end)
            );
            assert!(span.start >= last, "cells out of page order");
            last = span.end;
        }
    }
    let report = xxgk_extract::extract_bytes(&bytes, "fuzz.html").expect("it read once");
    for (path, printed) in &report.cells {
        assert_eq!(
            &doc.original[printed.span.start..printed.span.end],
            printed.raw.as_str(),
            "{path}"
        );
    }
});
