//! Damaged sources: a real report with one invalid byte, a character cut off at
//! its end, a NUL byte, or saved as UTF-16 without a BOM extracts like the
//! original. Each damaged place is a `damaged-text` finding at its place, and no
//! number is read out of damaged bytes: a cell whose printed value is damaged
//! is null, never another number.

mod common;

use proptest::prelude::*;
use std::sync::OnceLock;
use xxgk_extract::extract_bytes;
use xxgk_model::{Finding, Number, Report};

/// The 9.7 KB seed (tab tables, money with its unit).
const SEED: &str = "seeds/000_60799c090932cf1e.txt";

fn seed() -> Vec<u8> {
    std::fs::read(common::data(SEED)).unwrap()
}

fn extract(bytes: &[u8]) -> Report {
    extract_bytes(bytes, "report.txt").unwrap_or_else(|e| panic!("refused: {e}"))
}

fn damage_findings(report: &Report) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == "damaged-text")
        .collect()
}

/// One line per finding: severity, rule, position, message, cells.
fn shown(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let at = f.span.map_or("-".to_string(), |s| {
                format!("{}:{}-{}:{}", s.line, s.column, s.end_line, s.end_column)
            });
            format!(
                "{} [{}] {at} {}\n  en: {}\n  cells: {}",
                f.severity.as_str(),
                f.rule,
                f.message.zh,
                f.message.en,
                f.cells.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every cell's value, by path.
fn values(report: &Report) -> Vec<(&'static str, Option<Number>)> {
    report.cell_values()
}

/// One invalid byte in a value: that cell is null with a finding at the byte;
/// every other cell, the metadata and the sections are the original's.
#[test]
fn one_bad_byte_loses_one_cell_not_the_report() {
    let original = seed();
    let expected = extract(&original);
    let text = String::from_utf8(original.clone()).unwrap();
    let at = text.find("17.6675").unwrap();
    let mut bytes = original.clone();
    bytes[at] = 0xFF; // the 1 of 17.6675 万元
    let report = extract(&bytes);
    let damaged = "active.procurement.amount_wan";
    assert_eq!(expected.value(damaged), Some(Number::new(176_675, 4)));
    assert_eq!(report.value(damaged), None);
    let others = |r: &Report| {
        values(r)
            .into_iter()
            .filter(|(p, _)| *p != damaged)
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&report), others(&expected));
    assert_eq!(
        (report.agency.as_deref(), report.year, report.template),
        (expected.agency.as_deref(), expected.year, expected.template)
    );
    assert_eq!(report.sections.len(), expected.sections.len());
    let findings = damage_findings(&report);
    assert_eq!(findings.len(), 1);
    let span = findings[0].span.unwrap();
    let (_, original_text) = xxgk_extract::extract_with_text(&bytes, "report.txt").unwrap();
    assert_eq!(&original_text[span.start..span.end], "\u{FFFD}");
    insta::assert_snapshot!("one-bad-byte", shown(&findings));
}

/// A character cut off at the end, a NUL in the prose, and the whole report in
/// UTF-16 without a BOM: the same tables as the original.
#[test]
fn cut_off_nul_and_bomless_utf16_read_like_the_original() {
    let original = seed();
    let expected = extract(&original);
    let text = String::from_utf8(original.clone()).unwrap();
    let cut = &original[..original.len() - 1];
    let mut nul = original.clone();
    let prose = text.find("本年度").unwrap();
    nul.insert(prose, 0);
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes, damaged_bytes) in [
        ("cut off", cut.to_vec(), Some(2)),
        ("NUL", nul, Some(1)),
        ("UTF-16LE", le, None),
        ("UTF-16BE", be, None),
    ] {
        let report = extract(&bytes);
        assert_eq!(values(&report), values(&expected), "{name}");
        assert_eq!(report.agency, expected.agency, "{name}");
        let findings = damage_findings(&report);
        match damaged_bytes {
            Some(n) => {
                assert_eq!(findings.len(), 1, "{name}");
                assert!(findings[0].cells.is_empty(), "{name}: no cell is damaged");
                assert!(
                    findings[0]
                        .message
                        .en
                        .starts_with(&format!("{n} damaged byte")),
                    "{name}: {}",
                    findings[0].message.en
                );
            }
            None => assert!(findings.is_empty(), "{name}"),
        }
    }
}

/// Many stray bytes: the first places one by one, the rest in one finding.
#[test]
fn many_damaged_places_are_summed_up() {
    let original = seed();
    let text = String::from_utf8(original.clone()).unwrap();
    let stops: Vec<usize> = text.match_indices('。').map(|(i, _)| i).take(30).collect();
    assert_eq!(stops.len(), 30);
    let mut bytes = original.clone();
    for &at in stops.iter().rev() {
        bytes.insert(at, 0);
    }
    let report = extract(&bytes);
    assert_eq!(values(&report), values(&extract(&original)));
    let findings = damage_findings(&report);
    let max = xxgk_extract::rules::damaged_text::MAX_PLACES;
    assert_eq!(findings.len(), max + 1);
    let last = &findings[max].message.zh;
    assert!(last.starts_with("另有 10 处共 10 个字节损坏"), "{last}");
}

/// Bytes that never occur in UTF-8 text (or GB18030 text, for 0xFF), and
/// control characters: whatever they replace, the text is damaged there.
const BAD_BYTES: &[u8] = &[0x00, 0x01, 0x08, 0x1B, 0x7F, 0xC0, 0xC1, 0xF5, 0xFE, 0xFF];

/// A fixture, its extraction, and the byte ranges of its non-null cells.
struct Fixture {
    bytes: Vec<u8>,
    report: Report,
    cells: Vec<(String, std::ops::Range<usize>)>,
}

fn fixture(path: &str) -> Fixture {
    let bytes = std::fs::read(common::data(path)).unwrap();
    let report = extract(&bytes);
    // Spans index the decoded text, which is the file for UTF-8 text.
    let cells = report
        .cells
        .iter()
        .filter(|(p, _)| report.value(p).is_some())
        .map(|(p, printed)| (p.to_string(), printed.span.start..printed.span.end))
        .collect();
    Fixture {
        bytes,
        report,
        cells,
    }
}

fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        [
            SEED,
            "seeds/004_ca48803eb8e502d4.txt",
            "seeds/001_45d6ed1fafd8548f.txt",
            "layout/huaian-city-2024.pdftotext-layout.txt",
        ]
        .iter()
        .map(|p| fixture(p))
        .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any single byte inside a printed number replaced by a bad byte: the
    /// report still reads, the damage is named, and that cell is null — never
    /// another number. No other cell gets another number either.
    #[test]
    fn no_number_is_read_out_of_damaged_bytes(
        which in 0usize..4,
        cell in any::<prop::sample::Index>(),
        offset in any::<prop::sample::Index>(),
        bad in prop::sample::select(BAD_BYTES),
    ) {
        let fixture = &fixtures()[which];
        let (path, range) = &fixture.cells[cell.index(fixture.cells.len())];
        let at = range.start + offset.index(range.len());
        let mut bytes = fixture.bytes.clone();
        bytes[at] = bad;
        let report = extract_bytes(&bytes, "damaged.txt");
        prop_assert!(report.is_ok(), "{path} byte {at} = {bad:#04x}: {:?}", report.err());
        let report = report.unwrap();
        let before = fixture.report.value(path);
        let after = report.value(path);
        prop_assert!(after.is_none() || after == before, "{path}: {before:?} became {after:?}");
        prop_assert!(!damage_findings(&report).is_empty(), "the damage is named");
        for (other, value) in values(&report) {
            let was = fixture.report.value(other);
            prop_assert!(value.is_none() || value == was, "{other}: {was:?} became {value:?}");
        }
    }

    /// The same in GB18030, where 0xFF is never part of a character.
    #[test]
    fn no_number_is_read_out_of_damaged_gb18030(
        cell in any::<prop::sample::Index>(),
        offset in any::<prop::sample::Index>(),
    ) {
        let fixture = &fixtures()[1];
        let text = String::from_utf8(fixture.bytes.clone()).unwrap();
        let (path, range) = &fixture.cells[cell.index(fixture.cells.len())];
        let at = range.start + offset.index(range.len());
        // The same byte in the GB18030 file: everything before it re-encoded.
        let mut char_start = at;
        while !text.is_char_boundary(char_start) {
            char_start -= 1;
        }
        let (head, _, _) = encoding_rs::GB18030.encode(&text[..char_start]);
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        let mut bytes = bytes.into_owned();
        bytes[head.len()] = 0xFF;
        let report = extract_bytes(&bytes, "damaged.txt");
        prop_assert!(report.is_ok(), "{path}: {:?}", report.err());
        let report = report.unwrap();
        prop_assert_eq!(report.source.encoding.as_deref(), Some("gb18030"));
        let before = fixture.report.value(path);
        let after = report.value(path);
        prop_assert!(after.is_none() || after == before, "{path}: {before:?} became {after:?}");
        for (other, value) in values(&report) {
            let was = fixture.report.value(other);
            prop_assert!(value.is_none() || value == was, "{other}: {was:?} became {value:?}");
        }
    }
}
