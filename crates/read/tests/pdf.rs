//! The PDF reader: the text layer through `pdftotext -layout`, page numbers from
//! its form feeds, and a named error for every PDF it cannot read — scans,
//! fonts without a character map, damaged and truncated files, a missing tool.
//!
//! These tests run poppler's `pdftotext` (Debian: poppler-utils poppler-data),
//! as `.ci/run` installs it.

use std::time::Duration;
use xxgk_model::SourceFormat;
use xxgk_read::pdf::{self, Pdftotext};
use xxgk_read::{Document, ErrorKind, LineKind, OutOfOrder, ReadError};
use xxgk_synth::kit::pdf::{empty_pdf, scan_pdf, text_pdf, Font, Text};

fn data(path: &str) -> String {
    format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn fixture(path: &str) -> Vec<u8> {
    let full = data(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    pdf::read(bytes)
}

fn error(bytes: &[u8]) -> ReadError {
    match read(bytes) {
        Ok(doc) => panic!("read, expected an error:\n{}", doc.original),
        Err(e) => e,
    }
}

/// The non-blank lines of a document, as their cells' folded text.
fn lines(doc: &Document) -> Vec<Vec<String>> {
    doc.lines
        .iter()
        .filter(|l| l.kind == LineKind::Cells)
        .map(|l| {
            doc.cells(l)
                .iter()
                .map(|&c| doc.text(c).to_string())
                .collect()
        })
        .collect()
}

const REAL: [&str; 3] = [
    "huaian-city-2024",
    "huaian-hongze-district-2023",
    "huaian-hongze-district-2024",
];

/// The text of each real PDF is exactly its saved `pdftotext -layout` text, on
/// which the extractor's every cell was checked by hand (poppler 22.12, Debian 12).
#[test]
fn real_reports_read_as_their_saved_text_layers() {
    for name in REAL {
        let doc = read(&fixture(&format!("pdf/{name}.pdf"))).unwrap();
        let saved =
            String::from_utf8(fixture(&format!("layout/{name}.pdftotext-layout.txt"))).unwrap();
        assert!(
            doc.original == saved,
            "{name}: pdftotext gave a different text layer than the saved one"
        );
        assert_eq!(doc.out_of_order(), [], "{name}");
    }
}

/// A generated report whose table 3 row 新收 `pdftotext -layout` prints as
/// `１６２７   0` while the page shows `0` left of `１６２７` (poppler 22.12): the
/// line is marked out of order, and no other line is.
#[test]
fn a_line_printed_out_of_order_is_marked() {
    let doc = read(&fixture("generated/out-of-order.pdf")).unwrap();
    assert_eq!(doc.out_of_order(), [(50, OutOfOrder::Swapped)]);
    let line = doc.original.lines().nth(49).unwrap();
    assert!(
        line.contains("本年新收") && line.contains("１６２７   0"),
        "{line}"
    );
    let span = doc.line_span(50).unwrap();
    assert_eq!((span.line, span.column, span.page), (50, 1, Some(1)));
    assert!(doc.original[span.start..span.end].ends_with("１０７５０"));
}

#[test]
fn form_feeds_give_spans_their_page() {
    let doc = read(&fixture("pdf/huaian-city-2024.pdf")).unwrap();
    assert_eq!(doc.original.matches('\x0c').count(), 6);
    let page_of = |needle: &str| {
        let line = doc
            .lines
            .iter()
            .find(|l| {
                doc.cells(l)
                    .first()
                    .is_some_and(|&c| doc.text(c).contains(needle))
            })
            .unwrap_or_else(|| panic!("{needle} not found"));
        let cell = doc.cells(line)[0];
        doc.span(cell.start, cell.end).page
    };
    assert_eq!(page_of("淮安市人民政府"), Some(1));
    // Table 3 starts on page 4 and ends on page 5.
    assert_eq!(page_of("一、本年新收政府信息公开申请数量"), Some(4));
    assert_eq!(page_of("(七)总计"), Some(5));
    assert_eq!(page_of("四、结转下年度继续办理"), Some(5));
}

#[test]
fn the_reader_is_chosen_by_the_bytes() {
    let bytes = fixture("pdf/huaian-hongze-district-2024.pdf");
    // Named as text: still a PDF.
    let read = xxgk_read::read(&bytes, "report.txt").unwrap();
    assert_eq!(read.format, SourceFormat::Pdf);
    assert_eq!(read.encoding, None);
    assert!(read.document.original.contains("淮安市洪泽区人民政府"));
}

#[test]
fn predefined_chinese_cmaps_are_read() {
    let page = vec![
        Text::new(72.0, 760.0, "政府信息公开工作年度报告"),
        Text::new(72.0, 730.0, "行政许可"),
        Text::new(300.0, 730.0, "447"),
        Text::new(400.0, 730.0, "228"),
        Text::new(72.0, 710.0, "（七）总计"),
        Text::new(300.0, 710.0, "2932"),
        Text::new(400.0, 710.0, "53"),
    ];
    for font in [Font::UniGbUcs2, Font::GbkEuc] {
        let doc = read(&text_pdf(std::slice::from_ref(&page), font, 12.0))
            .unwrap_or_else(|e| panic!("{font:?}: {e}"));
        assert_eq!(
            lines(&doc),
            [
                vec!["政府信息公开工作年度报告"],
                vec!["行政许可", "447", "228"],
                vec!["(七)总计", "2932", "53"],
            ],
            "{font:?}:\n{}",
            doc.original
        );
    }
}

#[test]
fn each_page_is_numbered() {
    let pages: Vec<Vec<Text>> = (1..=3)
        .map(|p| vec![Text::new(72.0, 760.0, &format!("第{p}页正文"))])
        .collect();
    let doc = read(&text_pdf(&pages, Font::UniGbUcs2, 12.0)).unwrap();
    let found: Vec<(String, Option<u32>)> = doc
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Cells)
        .map(|l| {
            let c = doc.cells(l)[0];
            (doc.text(c).to_string(), doc.span(c.start, c.end).page)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("第1页正文".to_string(), Some(1)),
            ("第2页正文".to_string(), Some(2)),
            ("第3页正文".to_string(), Some(3)),
        ]
    );
}

#[test]
fn fonts_without_a_character_map_are_an_encoding_error() {
    for name in [
        "sample_report_2023_beijing",
        "sample_report_2023_guangzhou",
        "sample_report_2023_shanghai",
    ] {
        let e = error(&fixture(&format!("bad/{name}.pdf")));
        assert_eq!(e.kind, ErrorKind::Encoding, "{name}: {e}");
        assert!(e.message.zh.contains("字符映射"), "{}", e.message.zh);
        assert!(e.message.en.contains("no usable character mapping"));
    }
    // Glyph ids without a ToUnicode map.
    let page = vec![Text::new(
        72.0,
        760.0,
        "政府信息公开工作年度报告本年度共主动公开政府信息",
    )];
    let e = error(&text_pdf(&[page], Font::Unmapped, 12.0));
    assert_eq!(e.kind, ErrorKind::Encoding, "{e}");
}

#[test]
fn scans_have_no_text_layer() {
    for bytes in [scan_pdf(2), empty_pdf(1)] {
        let e = error(&bytes);
        assert_eq!(e.kind, ErrorKind::NoTextLayer, "{e}");
        assert_eq!(e.message.zh, "PDF 没有文字层（可能是扫描件），不支持 OCR");
    }
}

#[test]
fn damaged_and_truncated_files_are_corrupt() {
    let real = fixture("pdf/huaian-city-2024.pdf");
    for (what, bytes) in [
        ("first 10 KB", real[..10 * 1024].to_vec()),
        ("first half", real[..real.len() / 2].to_vec()),
        ("header only", b"%PDF-1.7\n".to_vec()),
        (
            "garbage",
            b"%PDF-1.4\n\x00\x01 not a pdf at all )))".to_vec(),
        ),
    ] {
        let e = error(&bytes);
        assert_eq!(e.kind, ErrorKind::Corrupt, "{what}: {e}");
        assert!(e.message.en.starts_with("the PDF file is damaged"), "{e}");
    }
}

#[test]
fn a_missing_pdftotext_is_a_clear_error() {
    let engine = Pdftotext {
        program: "/nonexistent/bin/pdftotext".into(),
        ..Pdftotext::default()
    };
    let e = pdf::read_with(&fixture("pdf/huaian-hongze-district-2023.pdf"), &engine).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnsupportedFormat);
    assert!(
        e.message.zh.starts_with(
            "需要 poppler-utils 中的 pdftotext 才能读取 PDF（Debian: apt-get install poppler-utils poppler-data）"
        ),
        "{}",
        e.message.zh
    );
    assert!(e.message.en.contains("/nonexistent/bin/pdftotext"));
}

/// A `pdftotext` that reads text but cannot list positions (`-tsv` came with
/// newer poppler releases) is named as the problem, not the PDF: reading on
/// unchecked would risk a row in the wrong order.
#[test]
fn a_pdftotext_without_word_positions_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("xxgk-old-pdftotext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tool = dir.join("pdftotext");
    std::fs::write(
        &tool,
        "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = -tsv ] && { echo 'pdftotext: unknown option -tsv' >&2; exit 99; }; done\nexec pdftotext \"$@\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
    let engine = Pdftotext {
        program: tool.clone(),
        ..Pdftotext::default()
    };
    let e = pdf::read_with(&fixture("pdf/huaian-city-2024.pdf"), &engine).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(e.kind, ErrorKind::UnsupportedFormat, "{e}");
    assert!(
        e.message.zh.contains("无法列出文字的位置（-tsv）"),
        "{}",
        e.message.zh
    );
    assert!(
        e.message.en.contains("unknown option -tsv"),
        "{}",
        e.message.en
    );
}

#[test]
fn a_slow_tool_is_killed_at_the_timeout() {
    let engine = Pdftotext {
        timeout: Duration::ZERO,
        ..Pdftotext::default()
    };
    let started = std::time::Instant::now();
    let e = pdf::read_with(&fixture("pdf/huaian-city-2024.pdf"), &engine).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge, "{e}");
    assert!(e.message.en.contains("could not be read within"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn output_past_the_limit_is_refused() {
    let engine = Pdftotext {
        max_output: 1000,
        ..Pdftotext::default()
    };
    let e = pdf::read_with(&fixture("pdf/huaian-city-2024.pdf"), &engine).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge, "{e}");
    // Exactly at the limit is fine.
    let text = Pdftotext::default()
        .text(&fixture("pdf/huaian-hongze-district-2023.pdf"))
        .unwrap();
    let engine = Pdftotext {
        max_output: text.len(),
        ..Pdftotext::default()
    };
    assert_eq!(
        engine
            .text(&fixture("pdf/huaian-hongze-district-2023.pdf"))
            .unwrap(),
        text
    );
}

#[test]
fn concurrent_reads_do_not_interfere() {
    let bytes: Vec<Vec<u8>> = REAL
        .iter()
        .map(|n| fixture(&format!("pdf/{n}.pdf")))
        .collect();
    let texts: Vec<String> = bytes.iter().map(|b| read(b).unwrap().original).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let (b, t) = (&bytes[i % 3], &texts[i % 3]);
                s.spawn(move || assert_eq!(&read(b).unwrap().original, t))
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}
