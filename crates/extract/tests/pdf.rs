//! PDF reports read directly: every cell of every table of the three published
//! PDFs (the same values as their saved text layers in `real_reports.rs`), spans
//! with their page, the broken PDFs' named errors, and random reports written as
//! PDFs in a Chinese font with a predefined CMap coming back exactly.
//!
//! These tests run poppler's `pdftotext` (Debian: poppler-utils poppler-data).

mod common;
#[path = "../../read/tests/pdf_writer/mod.rs"]
mod pdf_writer;
#[allow(dead_code)]
mod support;

use common::{cells, data, extract};
use pdf_writer::{scan_pdf, text_pdf_sized, Font, Text};
use proptest::prelude::*;
use support::render::Layout;
use support::{check, gen, options, Case, Noise};
use xxgk_model::{Report, SourceFormat};
use xxgk_read::ErrorKind;

fn rules(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn error(path: &str) -> xxgk_read::ReadError {
    let bytes = std::fs::read(data(path)).unwrap();
    match xxgk_extract::extract_bytes(&bytes, path) {
        Ok(report) => panic!("{path}: extracted, expected an error:\n{}", cells(&report)),
        Err(e) => e,
    }
}

/// Every value's span names a page, within the document's pages.
fn assert_pages(report: &Report, pages: u32) {
    for (key, cell) in &report.cells {
        let page = cell.span.page.unwrap_or_else(|| panic!("{key}: no page"));
        assert!((1..=pages).contains(&page), "{key}: page {page}");
    }
}

#[test]
fn hongze_2023_pdf() {
    let report = extract("pdf/huaian-hongze-district-2023.pdf");
    assert_eq!(report.source.format, SourceFormat::Pdf);
    assert_eq!(report.agency.as_deref(), Some("洪泽区人民政府"));
    assert_eq!(report.year, Some(2023));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 5 5
active.licensing: 550
active.punishment: 4119
active.coercion: 195
active.fees: 7730.28
requests.received: 21 0 0 0 0 0 21
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 0 0 0 0 0 0 0
requests.partially_granted: 4 0 0 0 0 0 4
requests.denied_state_secret: 1 0 0 0 0 0 1
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 1 0 0 0 0 0 1
requests.denied_enforcement: 1 0 0 0 0 0 1
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 10 0 0 0 0 0 10
requests.unavailable_needs_creation: 3 0 0 0 0 0 3
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 1 0 0 0 0 0 1
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 21 0 0 0 0 0 21
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 10 1 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 5 0 0 0 0
"
    );
    assert_eq!(rules(&report), ["label-fuzzy"]);
    assert_pages(&report, 5);
}

#[test]
fn hongze_2024_pdf_single_other_row_and_lost_characters() {
    let report = extract("pdf/huaian-hongze-district-2024.pdf");
    assert_eq!(report.source.format, SourceFormat::Pdf);
    assert_eq!(report.agency.as_deref(), Some("淮安市洪泽区人民政府"));
    assert_eq!(report.year, Some(2024));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 3 0 8
active.licensing: 9487
active.punishment: 2776
active.coercion: 84
active.fees: 7545
requests.received: 95 0 0 0 0 0 95
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 50 0 0 0 0 0 50
requests.partially_granted: 9 0 0 0 0 0 9
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 1 0 0 0 0 0 1
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 1 0 0 0 0 0 1
requests.denied_enforcement: 1 0 0 0 0 0 1
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 31 0 0 0 0 0 31
requests.unavailable_needs_creation: 1 0 0 0 0 0 1
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 1 0 0 0 0 0 1
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 95 0 0 0 0 0 95
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 1 1 0 0 2
appeals.litigation_direct: 1 0 0 0 1
appeals.litigation_after_review: 2 0 1 0 3
"
    );
    assert_eq!(rules(&report), ["label-fuzzy"]);
    // The label that lost characters in the PDF, as printed.
    assert_eq!(
        report.row_labels["requests.denied_law"].raw,
        "2.其他法律行政止公开"
    );
    assert_pages(&report, 5);
}

#[test]
fn huaian_city_2024_pdf_table_split_over_pages() {
    let report = extract("pdf/huaian-city-2024.pdf");
    assert_eq!(report.source.format, SourceFormat::Pdf);
    assert_eq!(report.agency.as_deref(), Some("淮安市人民政府"));
    assert_eq!(report.year, Some(2024));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 1 0 11
active.normative_documents: 8 26 66
active.licensing: 447228
active.punishment: 3985758
active.coercion: 88283
active.fees: 96171.6
requests.received: 3001 53 0 0 61 4 3119
requests.carried_in: 34 0 0 0 0 0 34
requests.granted: 1288 21 0 0 50 3 1362
requests.partially_granted: 447 7 0 0 0 0 454
requests.denied_state_secret: 2 0 0 0 0 0 2
requests.denied_law: 30 1 0 0 0 0 31
requests.denied_safety: 5 0 0 0 0 0 5
requests.denied_third_party: 6 0 0 0 0 0 6
requests.denied_internal: 7 1 0 0 0 0 8
requests.denied_process: 12 0 0 0 0 0 12
requests.denied_enforcement: 9 0 0 0 0 0 9
requests.denied_query: 105 0 0 0 0 0 105
requests.unavailable_not_held: 746 12 0 0 10 1 769
requests.unavailable_needs_creation: 11 0 0 0 0 0 11
requests.unavailable_unclear: 1 0 0 0 0 0 1
requests.rejected_petition: 56 6 0 0 0 0 62
requests.rejected_duplicate: 25 0 0 0 0 0 25
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 1 0 0 0 0 0 1
requests.other_no_correction: 67 3 0 0 1 0 71
requests.other_unpaid_fee: 6 0 0 0 0 0 6
requests.other_misc: 108 2 0 0 0 0 110
requests.total: 2932 53 0 0 61 4 3050
requests.carried_out: 103 0 0 0 0 0 103
appeals.review: 72 64 178 37 351
appeals.litigation_direct: 13 4 8 1 26
appeals.litigation_after_review: 12 1 1 6 20
"
    );
    assert!(rules(&report).is_empty(), "{:?}", rules(&report));
    assert_pages(&report, 6);
    let numbers: Vec<u8> = report.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

/// Spans point at the text layer: line and column in `pdftotext -layout`'s
/// text, and the page. Table 3 of the city report starts on page 4 and its
/// （七）总计 row is on page 5, after the page number line.
#[test]
fn spans_name_the_page() {
    let report = extract("pdf/huaian-city-2024.pdf");
    let received = &report.cells["requests.received.total"];
    assert_eq!(received.raw, "3119");
    assert_eq!((received.span.page, received.span.line), (Some(4), 123));
    let total = &report.cells["requests.total.total"];
    assert_eq!(total.raw, "3050");
    assert_eq!((total.span.page, total.span.line), (Some(5), 194));
    let label = &report.row_labels["requests.total"];
    assert_eq!(label.span.page, Some(5));
    assert_eq!(report.cells["active.regulations.issued"].span.page, Some(3));
    // The same spans as the saved text layer's, plus the page.
    let saved = extract("layout/huaian-city-2024.pdftotext-layout.txt");
    for (key, cell) in &report.cells {
        let other = &saved.cells[key];
        assert_eq!(cell.raw, other.raw, "{key}");
        assert_eq!(cell.span, other.span, "{key}");
    }
}

#[test]
fn broken_pdfs_get_named_errors() {
    for name in [
        "sample_report_2023_beijing",
        "sample_report_2023_guangzhou",
        "sample_report_2023_shanghai",
    ] {
        let e = error(&format!("bad/{name}.pdf"));
        assert_eq!(e.kind, ErrorKind::Encoding, "{name}: {e}");
    }
    let real = std::fs::read(data("pdf/huaian-city-2024.pdf")).unwrap();
    let e = xxgk_extract::extract_bytes(&real[..10 * 1024], "truncated.pdf").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt, "{e}");
    let e = xxgk_extract::extract_bytes(&scan_pdf(3), "scan.pdf").unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoTextLayer, "{e}");
    assert_eq!(e.kind.as_str(), "no-text-layer");
}

// ============================================================ generated PDFs

/// Font size, and the width of one monospaced column: a CJK character is two
/// columns wide, ASCII one (the font's proportional Latin glyphs are half width).
const SIZE: f32 = 8.0;
const COLUMN: f32 = SIZE / 2.0;
const LINE: f32 = SIZE * 1.5;
const MARGIN: f32 = 36.0;

fn columns(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Writes a text as a PDF the way a word processor prints it: each run of text
/// between gaps of two or more spaces placed at its column, form feeds as pages.
fn text_to_pdf(text: &str) -> Vec<u8> {
    let widest = text
        .lines()
        .map(|l| l.chars().map(columns).sum::<usize>())
        .max()
        .unwrap_or(0);
    let width = (widest as f32 * COLUMN + 2.0 * MARGIN).max(pdf_writer::WIDTH);
    let per_page = ((pdf_writer::HEIGHT - 2.0 * MARGIN) / LINE) as usize;
    let mut pages: Vec<Vec<Text>> = vec![Vec::new()];
    let mut row = 0;
    for line in text.split('\n') {
        let mut line = line;
        while let Some(at) = line.find('\x0c') {
            // Text before the form feed ends the page.
            place(&line[..at], row, pages.last_mut().unwrap());
            pages.push(Vec::new());
            row = 0;
            line = &line[at + 1..];
        }
        if row == per_page {
            pages.push(Vec::new());
            row = 0;
        }
        place(line, row, pages.last_mut().unwrap());
        row += 1;
    }
    text_pdf_sized(&pages, Font::UniGbUcs2, SIZE, width, pdf_writer::HEIGHT)
}

fn place(line: &str, row: usize, page: &mut Vec<Text>) {
    let y = pdf_writer::HEIGHT - MARGIN - row as f32 * LINE;
    let mut column = 0;
    let mut run = String::new();
    let mut run_column = 0;
    let mut spaces = 0;
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 || run.is_empty() {
                if !run.is_empty() {
                    page.push(Text::new(MARGIN + run_column as f32 * COLUMN, y, &run));
                }
                run.clear();
                run_column = column;
            } else {
                run.extend(std::iter::repeat_n(' ', spaces));
            }
            spaces = 0;
            run.push(c);
        }
        column += columns(c);
    }
    if !run.is_empty() {
        page.push(Text::new(MARGIN + run_column as f32 * COLUMN, y, &run));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case runs pdftotext once (about 10 ms).
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    /// Random valid reports of both formats, rendered with aligned columns and
    /// written as a PDF in `STSong-Light` through `UniGB-UCS2-H`: the tables,
    /// template, year and agency come back exactly, every value with a page.
    #[test]
    fn generated_pdfs_extract_back_to_the_model(
        options in options(Just(Layout::Aligned), Noise::Any),
        model in gen::model(0.0),
    ) {
        let case = Case::new(model, options);
        let pdf = text_to_pdf(&case.text);
        let report = xxgk_extract::extract_bytes(&pdf, "generated.pdf")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{case:?}")))?;
        let problems = check::exact(&case.model, &report);
        prop_assert!(problems.is_empty(), "{problems:#?}\n{case:?}");
        prop_assert!(report.cells.values().all(|c| c.span.page.is_some()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16),
        failure_persistence: None,
        max_shrink_iters: 50,
        ..ProptestConfig::default()
    })]

    /// A real PDF with bytes overwritten, maybe cut short: a named error or a report
    /// whose every value is printed in the text layer at the span it names —
    /// never a panic.
    #[test]
    fn damaged_pdfs_never_panic_or_invent(
        cut in proptest::option::weighted(0.3, 0.0f64..1.0),
        hits in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..40),
    ) {
        let mut bytes = std::fs::read(data("pdf/huaian-hongze-district-2024.pdf")).unwrap();
        if let Some(cut) = cut {
            bytes.truncate(((bytes.len() as f64 * cut) as usize).max(16));
        }
        for (at, byte) in hits {
            let last = bytes.len() - 1;
            let at = 8 + (at * (bytes.len() - 8) as f64) as usize;
            bytes[at.min(last)] = byte;
        }
        if let Ok(report) = xxgk_extract::extract_bytes(&bytes, "damaged.pdf") {
            let text = xxgk_read::pdf::read(&bytes).unwrap().original;
            for (key, cell) in &report.cells {
                prop_assert_eq!(&text[cell.span.start..cell.span.end], cell.raw.as_str(), "{}", key);
            }
        }
    }
}
