//! PDF reports read directly: every cell of every table of the three published
//! PDFs (the same values as their saved text layers in `real_reports.rs`), spans
//! with their page, the broken PDFs' named errors, and random reports written as
//! PDFs in a Chinese font with a predefined CMap coming back exactly.
//!
//! These tests run poppler's `pdftotext` (Debian: poppler-utils poppler-data).

mod common;
use xxgk_synth::kit;

use common::{cells, data, extract};
use kit::render::Layout;
use kit::{check, gen, options, Case, Noise};
use proptest::prelude::*;
use xxgk_model::{Report, RequestRow, SourceFormat};
use xxgk_read::ErrorKind;
use xxgk_synth::kit::pdf::{self as pdf_writer, scan_pdf, text_pdf_sized, Font, Text};

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

/// The three published PDFs read directly give exactly what their saved text
/// layers give — whose every cell `real_reports.rs` pins by hand — plus the
/// source format and a page on every value.
#[test]
fn real_pdfs_extract_like_their_text_layers() {
    for (name, pages, expected_rules) in [
        ("huaian-hongze-district-2023", 5, &["label-fuzzy"][..]),
        ("huaian-hongze-district-2024", 5, &["label-fuzzy"][..]),
        ("huaian-city-2024", 6, &[][..]),
    ] {
        let pdf = extract(&format!("pdf/{name}.pdf"));
        let text = extract(&format!("layout/{name}.pdftotext-layout.txt"));
        assert_eq!(pdf.source.format, SourceFormat::Pdf, "{name}");
        assert_eq!(cells(&pdf), cells(&text), "{name}");
        assert_eq!(
            (&pdf.agency, pdf.year, pdf.template),
            (&text.agency, text.year, text.template),
            "{name}"
        );
        assert_eq!(rules(&pdf), expected_rules, "{name}");
        assert_pages(&pdf, pages);
    }
    // The label that lost characters in the 2024 PDF, as printed.
    let report = extract("pdf/huaian-hongze-district-2024.pdf");
    assert_eq!(
        report.row_labels["requests.denied_law"].raw,
        "2.其他法律行政止公开"
    );
    let city = extract("pdf/huaian-city-2024.pdf");
    let numbers: Vec<u8> = city.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

/// A generated report whose table 3 row 新收 `pdftotext -layout` (poppler 22.12)
/// prints as `１６２７   0` while the page shows `0` left of `１６２７`: read as
/// printed, 自然人 would be 1627 and 商业企业 0. The row is null, one `text-order`
/// finding names its seven cells and the line, and every other cell is what
/// the text the PDF was written from gives.
#[test]
fn a_row_printed_out_of_order_is_null_and_named() {
    let pdf = extract("generated/out-of-order.pdf");
    let text = extract("generated/out-of-order.txt");
    let row = |report: &Report| -> Vec<Option<String>> {
        let table = report.requests.as_ref().unwrap();
        (0..7)
            .map(|p| table.get(RequestRow::Received, p).map(|n| n.to_string()))
            .collect()
    };
    assert_eq!(row(&pdf), [None, None, None, None, None, None, None]);
    let printed = ["0", "1627", "991", "1908", "2909", "3315", "10750"];
    assert_eq!(row(&text), printed.map(|n| Some(n.to_string())));
    let order: Vec<_> = pdf
        .findings
        .iter()
        .filter(|f| f.rule == "text-order")
        .collect();
    assert_eq!(order.len(), 1);
    assert_eq!(order[0].span.map(|s| (s.line, s.page)), Some((50, Some(1))));
    assert_eq!(
        order[0].cells,
        [
            "requests.received.natural_person",
            "requests.received.commercial",
            "requests.received.research",
            "requests.received.social_welfare",
            "requests.received.legal_service",
            "requests.received.other_org",
            "requests.received.total",
        ]
    );
    assert!(order[0]
        .message
        .zh
        .contains("其中 7 个数值不读取，单元格留空"));
    // No printed text is recorded for them: which text is whose is unknown.
    assert!(!pdf
        .cells
        .keys()
        .any(|k| k.starts_with("requests.received.")));
    let others = |report: &Report| -> Vec<String> {
        cells(report)
            .lines()
            .filter(|line| !line.starts_with("requests.received:"))
            .map(String::from)
            .collect()
    };
    assert_eq!(others(&pdf), others(&text));
}

/// The same generated report on pages turned by `/Rotate` (as print-to-PDF
/// drivers turn landscape pages): the pieces' boxes are listed unturned, so
/// each page's way is told by its words and checked in that frame. Turned a
/// quarter or a half, poppler prints every row right and nothing is marked;
/// three quarters, it swaps the same row as unturned, which is null. Every
/// other cell is the source text's.
#[test]
fn turned_pages_are_checked_in_their_own_frame() {
    let bytes = std::fs::read(data("generated/out-of-order.pdf")).unwrap();
    let text = extract("generated/out-of-order.txt");
    for (degrees, swapped) in [(90, false), (180, false), (270, true)] {
        let pdf = xxgk_extract::extract_bytes(&turned(&bytes, degrees), "turned.pdf").unwrap();
        let order = unordered(&pdf);
        let expected = cells(&text);
        let got = cells(&pdf);
        if swapped {
            assert_eq!(order.len(), 7, "{degrees}");
            assert!(order.iter().all(|c| c.starts_with("requests.received.")));
            let others = |all: &str| -> Vec<String> {
                all.lines()
                    .filter(|l| !l.starts_with("requests.received:"))
                    .map(String::from)
                    .collect()
            };
            assert_eq!(others(&got), others(&expected), "{degrees}");
        } else {
            assert_eq!(order, [] as [&str; 0], "{degrees}");
            assert_eq!(got, expected, "{degrees}");
        }
    }
}

/// A PDF from another producer: the Word-made page of `html/` printed by
/// Chromium (Debian's chromium 148, `--headless --print-to-pdf`), whose text
/// layer pdftotext prints in the page's order throughout. Nothing is out of
/// order, and every value read is the page's — never another.
#[test]
fn a_pdf_printed_by_chromium_is_in_order_and_reads_the_pages_values() {
    let pdf = extract("generated/chromium-word-2021.pdf");
    let html = extract("html/word-2021-gb2312.html");
    assert!(!rules(&pdf).contains(&"text-order"), "{:?}", rules(&pdf));
    let mut read = 0;
    for (path, value) in pdf.cell_values() {
        if let Some(value) = value {
            read += 1;
            assert_eq!(html.value(path), Some(value), "{path}");
        }
    }
    assert!(read >= 170, "{read} values read");
}

/// The cells `text-order` findings name: left null, their line printed out
/// of order.
fn unordered(report: &Report) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == "text-order")
        .flat_map(|f| f.cells.iter().map(String::as_str))
        .collect()
}

/// A PDF of the synthetic writer with every page turned by `degrees`
/// (`/Rotate`); poppler rebuilds the cross-reference table the inserted bytes
/// shift.
fn turned(pdf: &[u8], degrees: u32) -> Vec<u8> {
    let turned = format!("/Type /Page /Rotate {degrees} /Parent");
    replace(pdf, b"/Type /Page /Parent", turned.as_bytes())
}

/// `bytes` with every `from` replaced by `to`.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at..].starts_with(from) {
            out.extend_from_slice(to);
            at += from.len();
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    out
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
    /// template, year and agency come back exactly, every value with a page —
    /// but for rows on lines poppler prints out of order (full-width digits
    /// next to half-width ones trip its column estimate: about 1 report in
    /// 600 upright, 1 in 30 on pages turned by `/Rotate`, as some reports' are),
    /// which are null and named by `text-order`.
    #[test]
    fn generated_pdfs_extract_back_to_the_model(
        options in options(Just(Layout::Aligned), Noise::Any),
        model in gen::model(0.0),
        turn in proptest::sample::select(vec![0u32, 0, 90, 180, 270]),
    ) {
        let case = Case::new(model, options);
        let mut pdf = text_to_pdf(&case.text);
        if turn > 0 {
            pdf = turned(&pdf, turn);
        }
        let report = xxgk_extract::extract_bytes(&pdf, "generated.pdf")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{case:?}")))?;
        let problems = unexplained(check::exact(&case.model, &report), &report);
        prop_assert!(problems.is_empty(), "{problems:#?}\n{case:?}");
        prop_assert!(report.cells.values().all(|c| c.span.page.is_some()));
    }
}

/// The problems `check::exact` found, but for cells left null on a line
/// `pdftotext -layout` printed out of order (poppler sometimes prints a row's
/// values in another order than the page shows them): a `text-order` finding
/// names each, and a null is what such a cell must be.
fn unexplained(problems: Vec<String>, report: &Report) -> Vec<String> {
    let unread = unordered(report);
    problems
        .into_iter()
        .filter(|problem| {
            let explained = problem
                .split_once(": ")
                .is_some_and(|(path, said)| unread.contains(&path) && said.ends_with("got null"));
            !explained
        })
        .collect()
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
