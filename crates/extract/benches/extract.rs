//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! Extraction speed on real reports: decode, fold, scan, match and solve.
//! Target (issue 2): a typical 15 KB report in under 200 µs on one core.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn extract(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for (name, path) in [
        (
            "seed-002-traditional-pipes-16KB",
            "seeds/002_0b1325ff460d94b6.txt",
        ),
        (
            "seed-004-markdown-tabs-6KB",
            "seeds/004_ca48803eb8e502d4.txt",
        ),
        (
            "city-2024-aligned-11KB",
            "layout/huaian-city-2024.pdftotext-layout.txt",
        ),
        ("html-saved-site-page-32KB", "html/cms-2019-saved-page.html"),
        ("html-word-page-gb2312-144KB", "html/word-2021-gb2312.html"),
        (
            "docx-official-template-2021-23KB",
            "docx/official-template-2021-blank.docx",
        ),
    ] {
        let bytes = fixture(path);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                xxgk_extract::extract_bytes(black_box(&bytes), "bench.txt").expect("extracts")
            })
        });
    }
    group.finish();
}

/// One document of every layout the 10k-report benchmark (`scripts/bench-check.sh`) copies,
/// in throughput (bytes), so that a layout costing more than 100 µs per KB (issue 13's
/// bound) shows; where a layout's documents differ much, its costliest one.
fn layouts(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    for (name, path) in [
        ("seed-text", "seeds/003_896bea92d5be09c0.txt"),
        ("seed-pipes", "seeds/002_0b1325ff460d94b6.txt"),
        ("seed-markdown-tabs", "seeds/004_ca48803eb8e502d4.txt"),
        (
            "pdftotext-layout",
            "layout/huaian-city-2024.pdftotext-layout.txt",
        ),
        ("crawled-flattened", "crawled/hebei-industry-2019.txt"),
        ("crawled-one-per-line", "crawled/hebei-education-2019.txt"),
        (
            "converter-markdown",
            "converter/huaian-hongze-district-2024.converted.md",
        ),
        (
            "fragment-html",
            "fragments/fragment-hebei-education-2022.html",
        ),
        (
            "fragment-js-string",
            "fragments/js-string-hebei-education-2022.txt",
        ),
        ("html-saved-page", "html/cms-2019-saved-page.html"),
        ("html-word-gb2312", "html/word-2021-gb2312.html"),
    ] {
        let bytes = fixture(path);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| xxgk_extract::extract_bytes(black_box(&bytes), path).expect("extracts"))
        });
    }
    group.finish();
}

/// The HTML reader alone (decode, tokenize, lines of cells, fold), to tell its
/// share of extracting a page.
fn read_html(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    for (name, path) in [
        ("html-saved-site-page-32KB", "html/cms-2019-saved-page.html"),
        ("html-word-page-gb2312-144KB", "html/word-2021-gb2312.html"),
    ] {
        let bytes = fixture(path);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| xxgk_read::html::read(black_box(&bytes)).expect("reads"))
        });
    }
    group.finish();
}

/// Decoding alone: clean UTF-8, a declared GBK page, and a report with a
/// damaged byte (read, not refused, since issue 16).
fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    let seed = fixture("seeds/002_0b1325ff460d94b6.txt");
    let mut damaged = seed.clone();
    damaged[seed.len() / 2] = 0xFF;
    let gbk = fixture("html/word-2021-gb2312.html");
    for (name, bytes, declared) in [
        ("utf8-seed-002-16KB", &seed, None),
        ("utf8-damaged-seed-002-16KB", &damaged, None),
        ("gb2312-word-page-144KB", &gbk, Some("gb2312")),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| xxgk_read::decode(black_box(bytes), declared).map(|d| d.text.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, extract, layouts, read_html, decode);
criterion_main!(benches);
