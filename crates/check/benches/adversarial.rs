//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! Extraction and checking of adversarial inputs (issue 16): documents of
//! many headings, many repeated table rows, very long lines, long paragraphs
//! full of figures, label text without values, and grid rows of labels and
//! empty cells, each at 10,000, 100,000 and 400,000 lines (or units; a grid
//! of more than `xxgk_read::MAX_TABLE_CELLS` cells is refused). The
//! throughput criterion prints is the point: it must stay flat as the size
//! grows (cost linear in the input), and no size may take minutes.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use xxgk_check::{check, Selection};
use xxgk_synth::kit::{adversarial, data};

const SIZES: [usize; 3] = [10_000, 100_000, 400_000];

fn bench(c: &mut Criterion) {
    let report = std::fs::read_to_string(data("seeds/003_896bea92d5be09c0.txt"))
        .expect("the seed report is readable");
    let selection = Selection::default();
    for &kind in adversarial::KINDS {
        let mut group = c.benchmark_group(format!("adversarial/{kind}"));
        group.sample_size(10);
        let file = if kind == "grid" { "a.html" } else { "a.txt" };
        for n in SIZES {
            let text = adversarial::of_kind(kind, &report, n).expect("a known kind");
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
                b.iter(|| {
                    match xxgk_extract::extract_bytes(black_box(text.as_bytes()), file) {
                        Ok(report) => Some(check(&report, &selection)),
                        // A grid of more cells than a document may hold
                        // (`xxgk_read::MAX_TABLE_CELLS`) is refused: timed too.
                        Err(e) if e.kind == xxgk_read::ErrorKind::TooLarge => None,
                        Err(e) => panic!("{kind} at {n}: {}", e.message(xxgk_model::Lang::En)),
                    }
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
