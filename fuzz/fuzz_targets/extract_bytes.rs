//! Arbitrary bytes through the whole reader and extractor: an error or a report,
//! never a panic, and every reported value is printed where its span says.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((report, text)) = xxgk_extract::extract_with_text(data, "fuzz.txt") {
        for (path, printed) in &report.cells {
            assert_eq!(&text[printed.span.start..printed.span.end], printed.raw.as_str(), "{path}");
        }
    }
});
