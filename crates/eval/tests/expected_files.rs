//! The shipped expected-values files (`tests/data/expected`) are valid, name
//! documents that exist, and list every cell of every row they cover.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xxgk_eval::{table_of, Expected};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shipped() -> Vec<(PathBuf, Expected)> {
    let dir = root().join(xxgk_eval::DEFAULT_DIR);
    let files = xxgk_eval::expected_files(&[dir]);
    assert!(files.len() >= 18, "expected files: {files:?}");
    files
        .into_iter()
        .map(|f| {
            let e = xxgk_eval::read_expected(&f).unwrap_or_else(|err| {
                panic!("{}: {}", f.display(), err.message.get(xxgk_model::Lang::En))
            });
            (f, e)
        })
        .collect()
}

#[test]
fn every_named_document_is_found() {
    for (path, expected) in shipped() {
        for file in &expected.files {
            assert!(
                xxgk_eval::resolve(file, &path).is_some(),
                "{}: {file} not found",
                path.display()
            );
        }
    }
}

#[test]
fn every_row_is_complete_and_every_printed_table_is_listed() {
    for (path, e) in shipped() {
        // row path -> number of cells listed
        let mut rows: BTreeMap<String, usize> = BTreeMap::new();
        for p in e.cells.keys().chain(e.undecidable.keys()) {
            let row = p.rsplit_once('.').unwrap().0.to_string();
            *rows.entry(row).or_default() += 1;
        }
        for (row, n) in &rows {
            let all = xxgk_model::cell_paths()
                .iter()
                .filter(|p| p.rsplit_once('.').unwrap().0 == row)
                .count();
            // table 2 rows have the same key in both formats with other columns
            let ok = n == &all || row.starts_with("active.");
            assert!(ok, "{}: row {row} lists {n} of {all} cells", path.display());
        }
        for table in xxgk_eval::TABLES {
            let listed = rows.keys().any(|r| table_of(r) == table);
            assert_eq!(listed, e.prints(table), "{}: table {table}", path.display());
        }
        let table3 = rows.keys().filter(|r| r.starts_with("requests.")).count();
        if e.prints("requests") {
            assert!(
                [23, 25].contains(&table3),
                "{}: {table3} rows of table 3",
                path.display()
            );
        }
    }
}

#[test]
fn certain_table_3_rows_add_up() {
    // Where a whole table-3 row is certain and printed, 总计 = the six columns.
    for (path, e) in shipped() {
        let rows: Vec<String> = e
            .cells
            .keys()
            .filter(|p| p.starts_with("requests."))
            .filter_map(|p| p.strip_suffix(".total").map(String::from))
            .collect();
        for row in rows {
            let cells: Vec<Option<xxgk_model::Number>> = [
                "natural_person",
                "commercial",
                "research",
                "social_welfare",
                "legal_service",
                "other_org",
            ]
            .iter()
            .filter_map(|c| e.cells.get(&format!("{row}.{c}")).copied())
            .collect();
            let total = e.cells[&format!("{row}.total")];
            if cells.len() == 6 && cells.iter().all(Option::is_some) {
                let sum = cells
                    .iter()
                    .flatten()
                    .fold(xxgk_model::Number::ZERO, |a, b| a.checked_add(*b).unwrap());
                assert_eq!(Some(sum), total, "{}: {row}", path.display());
            }
        }
    }
}
