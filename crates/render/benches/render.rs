//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! Time to render one report in each format (one core), on two real reports
//! read by the extractor: seed 004 (2019 format, 6.5 KB of text) and the
//! 淮安市洪泽区 2024 report (2021 format, its text layer), with their prose.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use xxgk_model::Report;
use xxgk_render::{Document, Format};

fn load(relative: &str) -> (Report, [String; 6]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(relative);
    let bytes = std::fs::read(&path).unwrap();
    let report = xxgk_extract::extract_bytes(&bytes, relative).unwrap();
    let texts = xxgk_render::prose::of_sections(&report);
    (report, texts)
}

fn bench(c: &mut Criterion) {
    for (name, file) in [
        ("seed-004-2019", "seeds/004_ca48803eb8e502d4.txt"),
        (
            "hongze-2024-2021",
            "layout/huaian-hongze-district-2024.pdftotext-layout.txt",
        ),
    ] {
        let (report, texts) = load(file);
        let doc = Document::with_prose(&report, &texts);
        for format in [Format::Markdown, Format::Html, Format::Docx] {
            c.bench_function(&format!("render/{name}/{}", format.extension()), |b| {
                b.iter(|| xxgk_render::render(black_box(&doc), format))
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
