//! Entries built by extracting the real fixtures of the repository.

#![allow(dead_code)]

use xxgk_export::Entry;

pub const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/seeds");
pub const LAYOUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/layout");

/// The fixture files in a fixed order: seeds 000–004, then the three layouts.
pub fn fixture_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in [SEEDS, LAYOUT] {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        files.extend(names);
    }
    assert_eq!(files.len(), 8, "{files:?}");
    files
}

/// Extracts one fixture; the report's file is the file name.
pub fn extract(path: &std::path::Path) -> xxgk_model::Report {
    let name = path.file_name().unwrap().to_str().unwrap();
    xxgk_extract::extract_bytes(&std::fs::read(path).unwrap(), name).unwrap()
}

/// One entry per fixture, ids 1–8, with a body, region and level on the seeds.
pub fn fixture_entries() -> Vec<Entry> {
    fixture_files()
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let report = extract(path);
            let seed = path.starts_with(SEEDS);
            Entry {
                id: i as i64 + 1,
                body: seed.then(|| format!("机关{}", i + 1)),
                region: seed.then(|| "河南省".to_string()),
                level: seed.then(|| "乡镇".to_string()),
                report,
                errors: i as u32,
                warnings: 1,
                infos: 2,
            }
        })
        .collect()
}

/// The entry of the fixture whose file name starts with `prefix`.
pub fn entry<'a>(entries: &'a [Entry], prefix: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.report.source.file.starts_with(prefix))
        .unwrap()
}

pub fn total_cells(entries: &[Entry]) -> usize {
    entries.iter().map(|e| e.report.cell_values().len()).sum()
}
