//! Benchmark (criterion); `criterion_group!` generates undocumented public items.
#![allow(missing_docs)]

//! Extraction of flattened tables (crawled page text) beside the same reports
//! with tab-separated tables, and the table solver on adversarial digit runs.
//!
//! Targets (issue 10): a flattened report within 2× of the tab layout of the
//! same report; no digit run whose cost explodes (the search is bounded).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use xxgk_synth::{generate, Format, Spec};

/// The same twelve reports rendered in one format.
fn reports(format: Format) -> Vec<(String, String)> {
    let corpus = generate(&Spec {
        seed: 7,
        bodies: 12,
        years: 2023..=2023,
        formats: vec![format],
        ..Spec::default()
    });
    corpus
        .reports
        .into_iter()
        .map(|r| (r.file_name, r.text))
        .collect()
}

fn layouts(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    for (name, format) in [("tab", Format::Text), ("flattened", Format::Crawled)] {
        let docs = reports(format);
        let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("{name}-12-reports"), |b| {
            b.iter(|| {
                for (file, text) in &docs {
                    black_box(
                        xxgk_extract::extract_bytes(text.as_bytes(), file).expect("extracts"),
                    );
                }
            })
        });
    }
    group.finish();
}

/// A flattened table 3 whose every row prints `digits` digits: runs that
/// split a great many ways, none of which the arithmetic can settle.
fn adversarial_text(digits: usize) -> String {
    let run: String = (0..digits)
        .map(|i| char::from(b'1' + (i % 9) as u8))
        .collect();
    let rows = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let mut text = String::from("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
    for row in rows {
        text.push_str(row);
        text.push_str(&run);
    }
    text.push_str("　　四、政府信息公开行政复议、行政诉讼情况");
    text
}

fn adversarial(c: &mut Criterion) {
    let mut group = c.benchmark_group("adversarial-runs");
    group.sample_size(20);
    for digits in [8, 16, 32, 64, 128] {
        let text = adversarial_text(digits);
        group.bench_with_input(BenchmarkId::from_parameter(digits), &text, |b, text| {
            b.iter(|| black_box(xxgk_extract::extract_text(text, "adversarial.txt")))
        });
    }
    group.finish();
}

criterion_group!(benches, layouts, adversarial);
criterion_main!(benches);
