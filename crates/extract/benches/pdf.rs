//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! Reading a PDF report: `pdftotext -layout` and `pdftotext -tsv -layout` as two
//! subprocesses side by side (most of the time),
//! then the same extraction as for its saved text layer.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    // A subprocess per iteration: a few milliseconds each, so fewer samples.
    group.sample_size(30);
    let bytes = fixture("pdf/huaian-city-2024.pdf");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("city-2024-pdf-403KB-read", |b| {
        b.iter(|| xxgk_read::pdf::read(black_box(&bytes)).expect("reads"))
    });
    group.bench_function("city-2024-pdf-403KB-extract", |b| {
        b.iter(|| xxgk_extract::extract_bytes(black_box(&bytes), "bench.pdf").expect("extracts"))
    });
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
