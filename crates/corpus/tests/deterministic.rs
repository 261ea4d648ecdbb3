//! Ingest stores the same database, and says the same, however its work was
//! scheduled: report ids follow the inputs' order, the first input holding some
//! bytes names their report, and failures are listed in input order. Real
//! reports from the test data, with copies of some placed where workers race
//! for them, are ingested on one worker and on several, again and again.

use std::path::{Path, PathBuf};
use xxgk_corpus::ingest::{self, Options, Summary};
use xxgk_inputs::Input;
use xxgk_store::{SqliteStore, Store};

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(relative)
}

/// Real reports in several layouts, files that are not reports, and copies
/// of the same bytes under other names: each copy four inputs after its
/// original or more, so that another worker's chunk may reach it first.
fn inputs(copies: &Path) -> Vec<Input> {
    let originals = [
        "seeds/000_60799c090932cf1e.txt",
        "seeds/001_45d6ed1fafd8548f.txt",
        "seeds/002_0b1325ff460d94b6.txt",
        "crawled/hebei-industry-2021.txt",
        "crawled/hebei-education-2022.txt",
        "html/cms-2019-saved-page.html",
        "layout/huaian-city-2024.pdftotext-layout.txt",
        "converter/huaian-hongze-district-2024.converted.md",
        "fragments/fragment-hebei-education-2022.html",
        "expected/huaian-city-2024.json",
        "bad/sample_report_2023_guangzhou.pdf",
    ];
    let mut files: Vec<PathBuf> = originals.iter().map(|f| data(f)).collect();
    for (n, original) in originals.iter().enumerate() {
        let copy =
            copies.join(format!("copy-{n}-{}", Path::new(original).display()).replace('/', "_"));
        std::fs::copy(data(original), &copy).unwrap();
        // Copies before some originals and after others.
        files.insert((n * 5) % (files.len() + 1), copy);
    }
    files.into_iter().map(Input::File).collect()
}

/// What a run stored and said: each report's id, file and bytes, and the
/// summary (with its failures in the order it lists them).
fn run(inputs: &[Input], threads: usize) -> (Vec<(i64, String, String)>, Summary) {
    let mut store = SqliteStore::in_memory().unwrap();
    let options = Options {
        threads,
        ..Options::default()
    };
    let summary = ingest::ingest(&mut store, inputs, &options, |_, _| {}).unwrap();
    let mut reports: Vec<_> = store
        .reports()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.file, r.sha256))
        .collect();
    reports.sort();
    (reports, summary)
}

#[test]
fn the_same_inputs_give_the_same_database_and_summary_on_any_number_of_workers() {
    let copies = tempfile::tempdir().unwrap();
    let inputs = inputs(copies.path());
    let (reports, summary) = run(&inputs, 1);
    // The first file holding some bytes names their report, and reports are
    // numbered in the order of those files.
    let held: Vec<(String, String)> = inputs
        .iter()
        .map(|input| {
            let Input::File(path) = input else {
                unreachable!("every input is a file")
            };
            let bytes = std::fs::read(path).unwrap();
            let sha256 = xxgk_extract::digest_hex(&xxgk_extract::sha256(&bytes));
            (path.to_string_lossy().into_owned(), sha256)
        })
        .collect();
    let first_holding = |sha256: &str| held.iter().position(|(_, s)| s == sha256).unwrap();
    let positions: Vec<usize> = reports.iter().map(|(_, _, s)| first_holding(s)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    for ((_, file, _), position) in reports.iter().zip(positions) {
        assert_eq!(*file, held[position].0);
    }
    assert_eq!(summary.added, reports.len());
    assert_eq!(summary.failures.len(), 4, "{:?}", summary.failures);
    assert_eq!(summary.unchanged, inputs.len() - reports.len() - 4);
    for threads in [2, 3, 4, 2, 3, 4] {
        let (again, said) = run(&inputs, threads);
        assert_eq!(again, reports, "{threads} workers");
        assert_eq!(said, summary, "{threads} workers");
    }
}
