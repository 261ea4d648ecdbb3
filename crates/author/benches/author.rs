//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! What `xxgk render report.toml` costs besides writing the file: reading the
//! TOML, computing the totals, rendering Markdown, reading it back and running
//! every single-report rule (one core).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hongze-transport-2024.toml");
    let text = std::fs::read_to_string(path).unwrap();
    c.bench_function("author/read-toml", |b| {
        b.iter(|| xxgk_author::read_toml(black_box(&text), "r.toml").unwrap())
    });
    let author = xxgk_author::read_toml(&text, "r.toml").unwrap();
    c.bench_function("author/compute", |b| {
        b.iter(|| xxgk_author::compute(black_box(&author)))
    });
    c.bench_function("author/read-compute-render-check", |b| {
        b.iter(|| {
            let author = xxgk_author::read_toml(black_box(&text), "r.toml").unwrap();
            let computed = xxgk_author::compute(&author);
            let doc = xxgk_render::Document {
                report: &computed.report,
                preamble: &author.preamble,
                sections: std::array::from_fn(|i| author.sections[i].as_str()),
            };
            let (markdown, _) = xxgk_render::markdown_with_map(&doc);
            let extracted = xxgk_extract::extract_text(&markdown, "r.md");
            xxgk_check::check(&extracted, &xxgk_check::Selection::default())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
