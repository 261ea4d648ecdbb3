//! Bad input gets a named error or an empty, flagged result — never a panic, never
//! invented numbers.

mod common;

use proptest::prelude::*;
use xxgk_extract::{extract_bytes, MAX_INPUT_BYTES};
use xxgk_read::ErrorKind;

fn error_kind(bytes: &[u8]) -> ErrorKind {
    extract_bytes(bytes, "bad.txt")
        .expect_err("must be refused")
        .kind
}

#[test]
fn empty_file_is_refused() {
    assert_eq!(error_kind(b""), ErrorKind::Empty);
}

#[test]
fn binary_files_are_refused() {
    assert_eq!(
        error_kind(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00"),
        ErrorKind::Binary
    );
    let controls: Vec<u8> = (0..2000u32).map(|i| (i % 31) as u8 + 1).collect();
    assert_eq!(error_kind(&controls), ErrorKind::Binary);
}

#[test]
fn unreadable_formats_are_named() {
    // PDFs whose fonts have no usable character map: mojibake is never read.
    for name in ["beijing", "guangzhou", "shanghai"] {
        let pdf =
            std::fs::read(common::data(&format!("bad/sample_report_2023_{name}.pdf"))).unwrap();
        assert_eq!(error_kind(&pdf), ErrorKind::Encoding, "{name}");
    }
    assert_eq!(
        error_kind(b"PK\x03\x04\x14\x00\x06\x00"),
        ErrorKind::UnsupportedFormat
    );
    assert_eq!(
        error_kind(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        ErrorKind::UnsupportedFormat
    );
}

#[test]
fn a_file_over_the_limit_is_refused_without_reading_it() {
    let huge = vec![b'0'; (MAX_INPUT_BYTES + 1) as usize];
    let err = extract_bytes(&huge, "huge.txt").expect_err("too large");
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert!(err.message.zh.contains("上限"), "{}", err.message.zh);
}

#[test]
fn a_100_mb_file_is_refused() {
    let huge = vec![b' '; 100 * 1024 * 1024];
    assert_eq!(error_kind(&huge), ErrorKind::TooLarge);
}

#[test]
fn text_with_no_tables_is_an_empty_flagged_report() {
    let text = "某某县人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度我县认真落实条例要求，共收到申请 12 件。\n";
    let report = extract_bytes(text.as_bytes(), "prose.txt").expect("readable");
    assert!(report.has_no_tables());
    assert_eq!(report.agency.as_deref(), Some("某某县人民政府"));
    assert_eq!(report.year, Some(2023));
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["no-tables"]);
    assert!(report.cells.is_empty(), "no number is invented");
}

/// A seed saved as GB18030 (no declaration) or UTF-16 (with BOM) extracts exactly
/// like the UTF-8 original.
#[test]
fn other_encodings_give_the_same_report() {
    let utf8 = std::fs::read(common::data("seeds/004_ca48803eb8e502d4.txt")).unwrap();
    let text = String::from_utf8(utf8.clone()).unwrap();
    let expected = extract_bytes(&utf8, "x.txt").unwrap();
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(&text);
    assert!(!lossy);
    let mut utf16 = vec![0xFF, 0xFE];
    text.encode_utf16()
        .for_each(|u| utf16.extend_from_slice(&u.to_le_bytes()));
    for (name, bytes) in [("gb18030", gbk.to_vec()), ("utf-16le", utf16)] {
        let report = extract_bytes(&bytes, "x.txt").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(common::cells(&report), common::cells(&expected), "{name}");
        assert_eq!(report.agency, expected.agency, "{name}");
        assert_eq!(
            report.cells["requests.received.total"].span,
            expected.cells["requests.received.total"].span,
            "{name}"
        );
    }
}

/// GBK text mislabelled as UTF-8 by nobody: bytes that are neither UTF-8 nor
/// GB18030 text are refused with an encoding or binary error, not garbage.
#[test]
fn undecodable_bytes_are_refused() {
    let soup: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8 | 0x80)
        .collect();
    assert!(matches!(
        error_kind(&soup),
        ErrorKind::Encoding | ErrorKind::Binary
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary bytes: an error or a report, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = extract_bytes(&bytes, "fuzz.txt");
    }

    /// A real report cut, spliced and sprinkled with noise: never a panic, and every
    /// value it reports is printed in the input at the span it names.
    #[test]
    fn damaged_reports_never_panic_or_invent(cut in 0usize..7000, len in 0usize..600, noise in "[0-9\t|\n 　（）一二三、.-]{0,40}") {
        let seed = std::fs::read_to_string(common::data("seeds/004_ca48803eb8e502d4.txt")).unwrap();
        let mut cut = cut.min(seed.len());
        while !seed.is_char_boundary(cut) { cut -= 1; }
        let mut end = (cut + len).min(seed.len());
        while !seed.is_char_boundary(end) { end -= 1; }
        let damaged = format!("{}{}{}", &seed[..cut], noise, &seed[end..]);
        if let Ok(report) = extract_bytes(damaged.as_bytes(), "damaged.txt") {
            for (path, printed) in &report.cells {
                prop_assert_eq!(&damaged[printed.span.start..printed.span.end], printed.raw.as_str(), "{}", path);
            }
        }
    }
}

/// Inputs the fuzzers found crashing, kept so they never crash again. Each must
/// give an error or a report whose spans hold what they claim.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = common::data("fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        // Spans index the text the document was read from (for HTML and DOCX,
        // the markup; for text, the decoded bytes).
        if let Ok((report, text)) = xxgk_extract::extract_with_text(&bytes, "fuzz.bin") {
            for (cell, printed) in &report.cells {
                assert_eq!(
                    &text[printed.span.start..printed.span.end],
                    printed.raw.as_str(),
                    "{cell} in {path:?}"
                );
            }
        }
        count += 1;
    }
    assert!(count > 0, "no regression inputs in {dir}");
}
