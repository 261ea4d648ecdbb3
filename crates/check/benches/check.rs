//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! What checking adds to extraction (issue 3: under 20 %). Both are measured on
//! the same real reports: extraction alone, then extraction followed by every
//! single-report rule.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use xxgk_check::{check, Selection};

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn bench(c: &mut Criterion) {
    let selection = Selection::default();
    for (name, path) in [
        (
            "city-2024-aligned-11KB",
            "layout/huaian-city-2024.pdftotext-layout.txt",
        ),
        (
            "seed-004-markdown-tabs-6KB",
            "seeds/004_ca48803eb8e502d4.txt",
        ),
    ] {
        let bytes = fixture(path);
        let mut group = c.benchmark_group(name);
        group.bench_function("extract", |b| {
            b.iter(|| xxgk_extract::extract_bytes(black_box(&bytes), "b.txt").unwrap())
        });
        group.bench_function("extract+check", |b| {
            b.iter(|| {
                let report = xxgk_extract::extract_bytes(black_box(&bytes), "b.txt").unwrap();
                check(&report, &selection)
            })
        });
        let report = xxgk_extract::extract_bytes(&bytes, "b.txt").unwrap();
        group.bench_function("check", |b| {
            b.iter(|| check(black_box(&report), &selection))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
